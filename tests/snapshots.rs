//! Snapshot tests of what users read: the graphical and concise reports of
//! a Markdown, an HTML and a plain-text policy with multi-byte characters
//! before the reported positions (columns count characters, not bytes).
//! A house-style rule reports "hereinafter", which each fixture writes after
//! multi-byte text on the same line.

use assert_cmd::Command;

fn report(format: &str, fixture: &str) -> String {
    let out = Command::cargo_bin("clauselint")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // `last-updated` compares the policy's date with today: fix today.
        .env("CLAUSELINT_TODAY", "2026-06-01")
        .args([
            "check",
            "--isolated",
            "--color",
            "never",
            "--format",
            format,
        ])
        .args(["--rules", "tests/fixtures/rules/plain-language.toml"])
        .arg(format!("tests/fixtures/{fixture}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{fixture} should have findings");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    format!("{stdout}--- stderr ---\n{stderr}")
}

#[test]
fn markdown_graphical() {
    insta::assert_snapshot!(report("graphical", "café-policy.md"));
}

#[test]
fn markdown_concise() {
    insta::assert_snapshot!(report("concise", "café-policy.md"));
}

#[test]
fn html_graphical() {
    insta::assert_snapshot!(report("graphical", "日本-policy.html"));
}

#[test]
fn html_concise() {
    insta::assert_snapshot!(report("concise", "日本-policy.html"));
}

#[test]
fn text_graphical() {
    insta::assert_snapshot!(report("graphical", "straße-policy.txt"));
}

#[test]
fn text_concise() {
    insta::assert_snapshot!(report("concise", "straße-policy.txt"));
}
