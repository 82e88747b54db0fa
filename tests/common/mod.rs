//! Helpers shared by the integration tests.

// Each test crate uses some of the helpers only.
#![allow(dead_code)]

use std::ffi::OsString;

use assert_cmd::Command;
use tempfile::TempDir;

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

/// A configuration that declares every file an English privacy notice, for
/// tests that lint a passage of one (a trap, a dated line, a directive):
/// a passage is too short to tell its kind and language from, and the clause
/// rules judge only privacy notices in a language they cover.
///
/// Pass [`PassageConfig::args`] instead of `--isolated`: like it, the
/// configuration stops clauselint from reading any other one.
pub struct PassageConfig {
    dir: TempDir,
}

pub fn passage_config() -> PassageConfig {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "[[documents]]\nfiles = [\"**\"]\nkind = \"privacy-notice\"\nlanguage = \"en\"\n",
    )
    .unwrap();
    PassageConfig { dir }
}

impl PassageConfig {
    /// `--config PATH`.
    pub fn args(&self) -> [OsString; 2] {
        [
            "--config".into(),
            self.dir.path().join("clauselint.toml").into(),
        ]
    }
}
