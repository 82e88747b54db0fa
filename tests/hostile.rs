//! Inputs and outputs at the edge, where a hook or a CI job meets the
//! operating system: named pipes and devices given as files, endless
//! standard input, output that cannot be written, a reader that closes the
//! pipe early, names that are not UTF-8. Every run here has a time limit:
//! a hang fails the test instead of the CI job.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;

const LIMIT: Duration = Duration::from_secs(20);

/// A policy with findings (no contact point), in English, long enough to
/// tell its language.
const POLICY: &str = "Privacy Policy\n\nAcme Ltd runs this website. We collect your name and email address when you order, and we use them only to deliver your order and to send you receipts. We keep order records for six years because tax law requires it, and then we delete them. We share your address with our delivery company and nobody else. Our service is not directed to children under 13.\n";

fn clauselint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CLAUSELINT_TODAY", "2026-06-01")
        .timeout(LIMIT);
    cmd
}

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Out {
    let out = cmd.output().unwrap();
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs a plain `std` command (for what `assert_cmd` cannot set: a file as
/// standard input or output), killed at the time limit.
fn output_within(cmd: &mut std::process::Command) -> std::process::Output {
    let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
    let deadline = std::time::Instant::now() + LIMIT;
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("clauselint did not end within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn bin(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("clauselint"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), POLICY).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn a_named_fifo_or_device_is_a_problem_and_the_good_file_is_still_linted() {
    let dir = folder();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.md")).unwrap();
    let out = run(clauselint(dir.path())
        .args(["check", "--isolated", "--format", "concise"])
        .args(["pipe.md", "zero.md", "good.txt"]));
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        (out.stdout).contains("pipe.md:1:1: error[io] a FIFO (named pipe), not a regular file"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("zero.md:1:1: error[io] a device, not a regular file")
    );
    assert!(out.stdout.contains("good.txt:1:1: error[contact-point]"));
    // Inside a walked folder they are said too, not skipped silently.
    let out = run(clauselint(dir.path()).args(["check", "--isolated", "--format", "concise", "."]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stdout.contains("pipe.md:1:1: error[io]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("zero.md:1:1: error[io]"),
        "{}",
        out.stdout
    );
}

#[test]
fn standard_input_is_bounded_like_a_file() {
    let dir = folder();
    let big = "We keep your data.\n".repeat(100_000); // 1.9 MB
    let out = run(clauselint(dir.path())
        .args(["check", "--isolated", "--format", "concise"])
        .args(["--max-file-size", "1MB", "--stdin-filename", "big.txt"])
        .write_stdin(big.clone()));
    assert_eq!(out.code, Some(2));
    assert!(
        (out.stdout)
            .contains("big.txt:1:1: error[too-large] the input is over the 1000000-byte limit"),
        "{}",
        out.stdout
    );
    // The same limit from the configuration, for files on disk.
    std::fs::write(dir.path().join("big.txt"), &big).unwrap();
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "max-file-size = \"1 MB\"\n",
    )
    .unwrap();
    let out = run(clauselint(dir.path()).args(["check", "--format", "concise", "big.txt"]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stdout
            .contains("file is 1900000 bytes, over the 1000000-byte limit"),
        "{}",
        out.stdout
    );
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "max-file-size = \"1 parsec\"\n",
    )
    .unwrap();
    let out = run(clauselint(dir.path()).args(["check", "big.txt"]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("unknown size unit `parsec`"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn endless_standard_input_stops_at_the_limit() {
    let dir = folder();
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let out = output_within(
        bin(dir.path())
            .args(["check", "--isolated", "--format", "concise"])
            .args(["--max-file-size", "10MB", "--stdin-filename", "zero.txt"])
            .stdin(Stdio::from(zero))
            .stdout(Stdio::piped()),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[too-large]"));
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_said_with_the_path() {
    let dir = folder();
    let out =
        run(clauselint(dir.path()).args(["check", "--isolated", "good.txt", "-o", "/dev/full"]));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("error: cannot write /dev/full: No space left on device"),
        "{}",
        out.stderr
    );
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = output_within(
        bin(dir.path())
            .args(["rules", "--isolated"])
            .stdout(Stdio::from(full)),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `clauselint rules --phrases | head -1`: the reader goes away; clauselint
/// ends quietly with its usual code, as grep does, with no backtrace.
#[test]
fn a_reader_that_closes_the_pipe_early_ends_the_run_quietly() {
    let dir = folder();
    for args in [
        vec!["rules", "--isolated", "--phrases"],
        vec!["rule", "--isolated", "minors"],
        vec!["test"],
        vec!["check", "--isolated", "--format", "json", "good.txt"],
    ] {
        // A pipe whose read end is closed at once: every write fails
        // with EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = output_within(bin(dir.path()).args(&args).stdout(writer));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("error: cannot write"),
            "{args:?}: {stderr}"
        );
        let expected = if args[0] == "check" { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn the_report_file_is_replaced_whole() {
    let dir = folder();
    std::fs::write(dir.path().join("report.json"), "old").unwrap();
    let out = run(clauselint(dir.path()).args([
        "check",
        "--isolated",
        "--format",
        "json",
        "good.txt",
        "-o",
        "report.json",
    ]));
    assert_eq!(out.code, Some(1));
    let written = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&written).is_ok(),
        "{written}"
    );
    // Nothing is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_linted_and_shown_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.path().join(name), POLICY).unwrap();
    let out = run(clauselint(dir.path()).args(["check", "--isolated", "--format", "concise", "."]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout.starts_with("caf\\xE9.txt:"), "{}", out.stdout);
    let json = run(clauselint(dir.path()).args(["check", "--isolated", "--format", "json", "."]));
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let file = &value["files"][0];
    assert_eq!(file["path"], "caf\\xE9.txt");
    assert_eq!(file["path_bytes"], "caf%E9.txt");
    let sarif = run(clauselint(dir.path()).args(["check", "--isolated", "--format", "sarif", "."]));
    assert!(
        sarif.stdout.contains("\"uri\": \"caf%E9.txt\""),
        "{}",
        sarif.stdout
    );
}

/// A finding on a very long single line: the graphical report shows a
/// window of it, not the line (a 10 MB line printed 229 MB before).
#[test]
fn the_snippet_of_a_finding_on_a_huge_line_is_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let line = POLICY.replace('\n', " ").repeat(5_000);
    std::fs::write(dir.path().join("long.txt"), &line).unwrap();
    let out = run(clauselint(dir.path()).args(["check", "--isolated", "long.txt"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stdout.len() < 20_000,
        "{} bytes of output",
        out.stdout.len()
    );
    assert!(out.stdout.contains("contact-point"), "{}", out.stdout);
}

/// Two runs writing the same report at once: each writes its own file and
/// renames it into place, so the report is always one whole document.
#[test]
fn concurrent_runs_writing_one_report_leave_valid_json() {
    let dir = folder();
    for round in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| {
                bin(dir.path())
                    .args(["check", "--isolated", "--format", "json", "good.txt"])
                    .args(["-o", "report.json"])
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert_eq!(child.wait().unwrap().code(), Some(1));
        }
        let written = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
        let parsed = serde_json::from_str::<serde_json::Value>(&written);
        assert!(parsed.is_ok(), "round {round}: {written}");
    }
}
