//! Japanese policies are judged by the same rule ids as English ones, on
//! text folded for matching (full-width letters and digits, half-width
//! kana, line breaks inside a sentence), and every finding still points at
//! the exact bytes written, in UTF-8, Shift_JIS or EUC-JP.

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::run;

/// Findings of `check --format json` on a fixture under tests/fixtures/ja/.
fn check(name: &str) -> (Vec<u8>, Value) {
    let path = format!("tests/fixtures/ja/{name}");
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CLAUSELINT_TODAY", "2026-11-29")
        .args(["check", "--isolated", "--format", "json", &path]);
    let out = run(cmd);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let bytes = std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    (bytes, report["files"][0].clone())
}

/// The source text of a finding, decoded as the report says the file is.
fn finding_text(bytes: &[u8], file: &Value, finding: &Value) -> String {
    let range =
        finding["start"].as_u64().unwrap() as usize..finding["end"].as_u64().unwrap() as usize;
    let label = file["encoding"].as_str().unwrap();
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    encoding
        .decode_without_bom_handling(&bytes[range])
        .0
        .into_owned()
}

/// Line and character column (1-based) of byte `at` in UTF-8 `text`.
fn line_col(text: &str, at: usize) -> (u64, u64) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, text[line_start..at].chars().count() as u64 + 1)
}

fn rules(file: &Value) -> Vec<&str> {
    let findings = file["findings"].as_array().unwrap();
    findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn a_japanese_policy_is_judged_by_the_same_rule_ids() {
    let (_, file) = check("hoshizora-policy.md");
    assert_eq!(file["language"]["code"], "ja");
    // Every clause is there (the security measures across a line break,
    // the contact in full-width letters) but a children's clause and a
    // statement on foreign transfer; the date is more than 12 months old.
    assert_eq!(rules(&file), ["minors", "foreign-transfer", "last-updated"]);
}

#[test]
fn findings_point_at_the_bytes_written_with_their_line_and_column() {
    let (bytes, file) = check("hoshizora-policy.md");
    let text = std::str::from_utf8(&bytes).unwrap();
    for finding in file["findings"].as_array().unwrap() {
        let want = match finding["rule"].as_str().unwrap() {
            // Folded to 令和2年4月1日 for matching, joined across the line
            // break: the span is the full-width date as written.
            "last-updated" => "令和２年\n４月１日",
            _ => "プライバシーポリシー",
        };
        assert_eq!(finding_text(&bytes, &file, finding), want);
        let start = finding["start"].as_u64().unwrap() as usize;
        let end = finding["end"].as_u64().unwrap() as usize;
        let at = |key: &str| finding[key].as_u64().unwrap();
        assert_eq!(
            line_col(text, start),
            (at("line"), at("column")),
            "{finding}"
        );
        assert_eq!(
            line_col(text, end),
            (at("end_line"), at("end_column")),
            "{finding}"
        );
    }
}

#[test]
fn shift_jis_and_euc_jp_files_are_decoded_and_spans_are_file_bytes() {
    for (name, encoding) in [
        ("shift-jis-policy.txt", "Shift_JIS"),
        ("euc-jp-policy.txt", "EUC-JP"),
    ] {
        let (bytes, file) = check(name);
        assert_eq!(file["encoding"], encoding);
        assert_eq!(file["language"]["code"], "ja");
        let found = rules(&file);
        assert!(!found.contains(&"contact-point"), "{name}: {found:?}");
        assert!(
            !found.contains(&"third-party-processors"),
            "{name}: {found:?}"
        );
        let date = (file["findings"].as_array().unwrap().iter())
            .find(|f| f["rule"] == "last-updated")
            .expect("a stale date");
        assert_eq!(finding_text(&bytes, &file, date), "令和２年４月１日");
        assert_eq!(
            (date["line"].as_u64(), date["column"].as_u64()),
            (Some(7), Some(5))
        );
    }
}

#[test]
fn the_rule_explains_its_japanese_variant() {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.args(["rule", "retention"]);
    let out = run(cmd);
    assert!(out.stdout.contains("languages: en, ja"), "{}", out.stdout);
    assert!(
        out.stdout.contains("In ja (a variant of this rule"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("遅滞なく"), "{}", out.stdout);
}
