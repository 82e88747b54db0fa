//! Helpers shared by the integration tests.

use assert_cmd::Command;

/// What a run of the binary gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` to the end; its output must be UTF-8.
pub fn run(mut cmd: Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `text` as Windows-1252 bytes: Latin-1, plus the typographic quotes and
/// the en dash that policies written on Windows carry.
pub fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '„' => 0x84,
            '“' => 0x93,
            '–' => 0x96,
            c => u8::try_from(u32::from(c)).expect("Latin-1 text"),
        })
        .collect()
}

/// `text` as UTF-16LE bytes behind a byte-order mark.
pub fn utf16le(text: &str) -> Vec<u8> {
    let units = text.encode_utf16().flat_map(u16::to_le_bytes);
    [0xFF, 0xFE].into_iter().chain(units).collect()
}
