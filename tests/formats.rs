//! End-to-end tests of the formats programs read: the JSON document, GitHub
//! workflow commands with the step summary, and SARIF checked against the
//! official 2.1.0 schema (vendored in tests/fixtures/sarif-2.1.0.json).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{Run, run, utf16le, windows_1252};

/// The rule the fixture policies trip: "hereinafter" after multi-byte text.
const PLAIN_LANGUAGE: &str = "tests/fixtures/rules/plain-language.toml";

const FIXTURES: [&str; 3] = ["café-policy.md", "straße-policy.txt", "日本-policy.html"];

/// The fixtures and the empty file of `fixture_dir`.
const ALL_FILES: [&str; 4] = [FIXTURES[0], FIXTURES[1], FIXTURES[2], "empty.md"];

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn clauselint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // `last-updated` compares the policy's date with today: fix today.
        .env("CLAUSELINT_TODAY", "2026-06-01")
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// `check` with only the plain-language rule (the built-in rules change
/// as they are tuned; these tests are about the formats).
fn check(dir: &Path, format: &str, paths: &[&str]) -> Run {
    let mut cmd = clauselint(dir);
    cmd.args(["check", "--isolated", "--no-builtin", "--format", format])
        .arg("--rules")
        .arg(manifest(PLAIN_LANGUAGE))
        .args(paths);
    run(cmd)
}

/// A directory with the three fixture policies and an empty file (which
/// cannot be checked).
fn fixture_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in FIXTURES {
        std::fs::copy(
            manifest(&format!("tests/fixtures/{name}")),
            dir.path().join(name),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("empty.md"), "").unwrap();
    dir
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

/// The report with the tool's version replaced, so a release does not
/// change the snapshots.
fn redact_version(text: &str) -> String {
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    text.replace(&version, "\"version\": \"[version]\"")
}

#[test]
fn json_report_of_policies_and_a_file_error() {
    let dir = fixture_dir();
    let out = check(dir.path(), "json", &["."]);
    assert_eq!(out.code, Some(2), "the empty file fails the run");
    let report = json(&out.stdout);
    assert_eq!(report["summary"]["files_failed"], 1);
    assert_eq!(report["files"].as_array().unwrap().len(), 4);
    assert!(out.stderr.contains("1 file could not be checked"));
    insta::assert_snapshot!(redact_version(&out.stdout));
}

#[test]
fn json_with_no_files_is_still_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let out = check(dir.path(), "json", &["."]);
    assert_eq!(out.code, Some(2));
    let report = json(&out.stdout);
    assert_eq!(report["files"], Value::Array(Vec::new()));
    assert_eq!(report["summary"]["files_checked"], 0);
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
}

/// A rule on text that is non-ASCII in every encoding below.
const ZURICH_RULE: &str = r#"
[[rule]]
id = "city"
title = "No city names"
kind = "forbid"
severity = "info"
message = "City named"
match = { exact = ["Zürich", "hereinafter"] }
"#;

const LEGACY_TEXT: &str = "Datenschutzerklärung für Kunden\n\nDie Müller GmbH in Zürich, hereinafter „wir“, verarbeitet Daten – gemäß Gesetz.\nÄnderungen möglich; Grüße aus Köln.\n";

#[test]
fn json_offsets_are_bytes_of_the_file_as_stored() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, Vec<u8>, &str); 3] = [
        (
            "bom.txt",
            [b"\xEF\xBB\xBF".as_slice(), LEGACY_TEXT.as_bytes()].concat(),
            "UTF-8",
        ),
        ("legacy.txt", windows_1252(LEGACY_TEXT), "windows-1252"),
        ("utf16.txt", utf16le(LEGACY_TEXT), "UTF-16LE"),
    ];
    for (name, bytes, _) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::write(dir.path().join("city.toml"), ZURICH_RULE).unwrap();
    let mut cmd = clauselint(dir.path());
    cmd.args([
        "check",
        "--isolated",
        "--no-builtin",
        "--rules",
        "city.toml",
    ])
    .args(["--format", "json", "."]);
    let out = run(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report = json(&out.stdout);
    for ((name, bytes, encoding), file) in files.iter().zip(report["files"].as_array().unwrap()) {
        assert_eq!(file["path"], *name);
        assert_eq!(file["encoding"], *encoding, "{name}");
        let findings = file["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 2, "{name}: {findings:?}");
        for (finding, word) in findings.iter().zip(["Zürich", "hereinafter"]) {
            let (start, end) = (
                finding["start"].as_u64().unwrap(),
                finding["end"].as_u64().unwrap(),
            );
            let stored = &bytes[start as usize..end as usize];
            let expected = match *name {
                "legacy.txt" => windows_1252(word),
                "utf16.txt" => utf16le(word)[2..].to_vec(),
                _ => word.as_bytes().to_vec(),
            };
            assert_eq!(stored, expected.as_slice(), "{name}: {finding}");
            // Columns count characters of the decoded line, whatever the encoding.
            let column = LEGACY_TEXT
                .lines()
                .nth(2)
                .unwrap()
                .split(word)
                .next()
                .unwrap()
                .chars()
                .count()
                + 1;
            assert_eq!(finding["line"], 3, "{name}");
            assert_eq!(finding["column"], column, "{name}");
            assert_eq!(
                finding["end_column"],
                column + word.chars().count(),
                "{name}"
            );
        }
    }
}

/// Runs `--format github` in `dir` with a step summary file that already
/// holds an earlier step's summary; returns the run and that file's text.
fn github_run(dir: &Path, paths: &[&str]) -> (Run, String) {
    let summary = dir.join("step-summary.md");
    std::fs::write(&summary, "# Earlier step\n").unwrap();
    let mut cmd = clauselint(dir);
    cmd.env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--isolated", "--no-builtin", "--format", "github"])
        .arg("--rules")
        .arg(manifest(PLAIN_LANGUAGE))
        .args(paths);
    let out = run(cmd);
    (out, std::fs::read_to_string(&summary).unwrap())
}

#[test]
fn github_annotations_and_the_step_summary() {
    let dir = fixture_dir();
    let (out, summary) = github_run(dir.path(), &ALL_FILES);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", out.stdout);
    assert_eq!(
        lines[0],
        "::warning file=café-policy.md,line=9,col=21,endLine=9,endColumn=32,title=clauselint (plain-language)::Legalese: say it plainly%0AWrite \"we\" or \"the company\" instead of defining terms with \"hereinafter\"."
    );
    assert!(lines.iter().any(|l| l.starts_with("::error file=empty.md,title=clauselint (empty)::file is empty")), "{}", out.stdout);
    assert!(
        summary.starts_with(
            "# Earlier step\n## clauselint\n\n| File | Line | Severity | Rule | Message |\n"
        ),
        "{summary}"
    );
    assert_eq!(summary.matches("| File |").count(), 1, "{summary}");
    assert!(
        summary.contains(
            "| café-policy.md | 9 | warning | plain-language | Legalese: say it plainly |\n"
        ),
        "{summary}"
    );
    assert!(
        summary.contains(
            "| empty.md |  | error | empty | file is empty: there is no text to check |\n"
        ),
        "{summary}"
    );
    assert_eq!(
        summary
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| File") && !l.starts_with("| ---"))
            .count(),
        4
    );
    assert!(
        summary.ends_with(
            "\nChecked 3 files against 1 rule: 3 warnings. 1 file could not be checked.\n"
        ),
        "{summary}"
    );
}

#[test]
fn github_escapes_paths_and_summarises_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("notes, v2: 100%.txt"),
        "Privacy Policy\n\nAcme, hereinafter we.\n\nWe collect your email address to send you our newsletter and use it for nothing else.\n",
    )
    .unwrap();
    let (out, _) = github_run(dir.path(), &["notes, v2: 100%.txt"]);
    assert!(
        out.stdout
            .starts_with("::warning file=notes%2C v2%3A 100%25.txt,line=3,col=7,"),
        "{}",
        out.stdout
    );
    std::fs::write(
        dir.path().join("clean.txt"),
        "Privacy Policy\n\nWe run this service and collect your email address only to send you receipts.\n",
    )
    .unwrap();
    let (out, summary) = github_run(dir.path(), &["clean.txt"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""));
    assert_eq!(
        summary,
        "# Earlier step\n## clauselint\n\nChecked 1 file against 1 rule: no findings.\n"
    );
}

fn sarif_validator() -> jsonschema::Validator {
    let schema =
        json(&std::fs::read_to_string(manifest("tests/fixtures/sarif-2.1.0.json")).unwrap());
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn the_schema_check_rejects_invalid_sarif() {
    let validator = sarif_validator();
    let out = check(&manifest(""), "sarif", &["tests/fixtures/café-policy.md"]);
    let report = json(&out.stdout);
    assert!(validator.is_valid(&report));
    let mut bad_level = report.clone();
    bad_level["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad_level));
    let mut bad_line = report.clone();
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&bad_line));
}

fn assert_valid_sarif(validator: &jsonschema::Validator, label: &str, text: &str) -> Value {
    let report = json(text);
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{label}: invalid SARIF:\n{}",
        errors.join("\n")
    );
    let run = &report["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{label}");
    }
    report
}

#[test]
fn sarif_validates_against_the_schema() {
    let validator = sarif_validator();
    let root = manifest("");
    let builtin = |paths: &[&str]| {
        let mut cmd = clauselint(&root);
        cmd.args([
            "check",
            "--isolated",
            "--format",
            "sarif",
            "--rules",
            PLAIN_LANGUAGE,
        ])
        .args(paths);
        run(cmd)
    };
    let fixtures = builtin(&["tests/fixtures/", "examples/"]);
    let report = assert_valid_sarif(&validator, "fixtures and examples", &fixtures.stdout);
    let run0 = &report["runs"][0];
    assert!(run0["results"].as_array().unwrap().len() >= 3);
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
    let uris: Vec<&str> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains(&"tests/fixtures/caf%C3%A9-policy.md"),
        "{uris:?}"
    );
    assert!(
        uris.contains(&"examples/fitness-app-privacy.txt"),
        "{uris:?}"
    );

    // An absolute path under the working directory is made relative.
    let absolute = root.join("tests/fixtures/日本-policy.html");
    let out = builtin(&[absolute.to_str().unwrap()]);
    let report = assert_valid_sarif(&validator, "absolute path", &out.stdout);
    let uri =
        &report["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(uri["uri"], "tests/fixtures/%E6%97%A5%E6%9C%AC-policy.html");
    assert_eq!(uri["uriBaseId"], "%SRCROOT%");

    // File errors become notifications, and the run is not successful.
    let dir = fixture_dir();
    let out = check(dir.path(), "sarif", &[".", "missing.md"]);
    let report = assert_valid_sarif(&validator, "file errors", &out.stdout);
    let invocation = &report["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    let ids: Vec<&str> = notes
        .iter()
        .filter_map(|n| n["descriptor"]["id"].as_str())
        .collect();
    assert_eq!(ids, ["walk", "empty"]);
    assert!(
        notes[1]["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("empty.md: file is empty")
    );

    // Nothing checked is said in the report too.
    let empty = tempfile::tempdir().unwrap();
    let out = check(empty.path(), "sarif", &["."]);
    let report = assert_valid_sarif(&validator, "no files", &out.stdout);
    let note = &report["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(note["descriptor"]["id"], "no-files");
}

#[test]
fn sarif_report_of_one_policy() {
    let out = check(&manifest(""), "sarif", &["tests/fixtures/café-policy.md"]);
    assert_eq!(out.code, Some(0), "warnings only");
    assert_valid_sarif(&sarif_validator(), "snapshot", &out.stdout);
    insta::assert_snapshot!(redact_version(&out.stdout));
}

fn fingerprints(dir: &Path) -> Vec<(String, u64)> {
    let report = json(&check(dir, "sarif", &["policy.txt"]).stdout);
    let results = report["runs"][0]["results"].as_array().unwrap().clone();
    results
        .iter()
        .map(|r| {
            let print = r["partialFingerprints"]["clauselint/v1"]
                .as_str()
                .unwrap()
                .to_owned();
            let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap();
            (print, line)
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "Privacy Policy\n\nAcme, hereinafter we.\n\nBeta, hereinafter they.\n\nAcme, hereinafter we.\n\nWe collect your email address to send you our newsletter and use it for nothing else.\n";
    std::fs::write(dir.path().join("policy.txt"), policy).unwrap();
    let before = fingerprints(dir.path());
    let edited = policy.replace(
        "Privacy Policy\n",
        "Privacy Policy\n\nA new paragraph.\n\nAnother.\n",
    );
    std::fs::write(dir.path().join("policy.txt"), edited).unwrap();
    let after = fingerprints(dir.path());
    assert_eq!(before.len(), 3);
    let prints = |v: &[(String, u64)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(
        prints(&before),
        prints(&after),
        "fingerprints follow the text, not the line"
    );
    assert!(before.iter().zip(&after).all(|(b, a)| a.1 == b.1 + 4));
    // The same text twice in a file: told apart by occurrence.
    let (first, third) = (&before[0].0, &before[2].0);
    assert_ne!(first, third);
    assert_eq!(first.split(':').next(), third.split(':').next());
}

#[test]
fn every_format_writes_to_the_output_file() {
    let dir = fixture_dir();
    for format in ["graphical", "concise", "json", "github", "sarif"] {
        let stdout = check(dir.path(), format, &ALL_FILES);
        let file = dir.path().join(format!("report.{format}"));
        let mut cmd = clauselint(dir.path());
        cmd.args(["check", "--isolated", "--no-builtin", "--format", format])
            .arg("--rules")
            .arg(manifest(PLAIN_LANGUAGE))
            .args(["--color", "never", "-o"])
            .arg(&file)
            .args(ALL_FILES);
        let to_file = run(cmd);
        assert_eq!(
            (to_file.code, to_file.stdout.as_str()),
            (Some(2), ""),
            "{format}"
        );
        assert_eq!(
            to_file.stderr, stdout.stderr,
            "{format}: the summary stays on stderr"
        );
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(written, stdout.stdout, "{format}");
        if format == "json" || format == "sarif" {
            json(&written);
        }
    }
}

/// `--format jsonl`: one line per file, each the `files[]` element of
/// `--format json`, in the same order.
#[test]
fn jsonl_is_the_json_files_one_per_line() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/legal-docs-repo"
    );
    let lint = |format: &str| {
        let out = Command::cargo_bin("clauselint")
            .unwrap()
            .args(["check", "--format", format, dir])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&lint("json")).unwrap();
    let lines: Vec<serde_json::Value> = (lint("jsonl").lines())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 5, "{lines:?}");
    assert_eq!(&lines, json["files"].as_array().unwrap());
}

/// `--shard I/N` splits a run by path: the shards are disjoint and together
/// check every file once.
#[test]
fn shards_split_a_run_without_overlap() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/legal-docs-repo"
    );
    let paths = |extra: &[&str]| -> Vec<String> {
        let out = Command::cargo_bin("clauselint")
            .unwrap()
            .args(["check", "--format", "jsonl", dir])
            .args(extra)
            .output()
            .unwrap();
        (String::from_utf8(out.stdout).unwrap().lines())
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].to_string())
            .collect()
    };
    let all = paths(&[]);
    let mut merged: Vec<String> = (1..=3)
        .flat_map(|i| paths(&["--shard", &format!("{i}/3")]))
        .collect();
    assert!((1..=3).all(|i| paths(&["--shard", &format!("{i}/3")]).len() < all.len()));
    merged.sort();
    let mut expected = all.clone();
    expected.sort();
    assert_eq!(merged, expected);
}

/// `--encoding` and the `encoding` key replace the guess for files without
/// a byte-order mark; a label that names no encoding is an error, exit 2.
#[test]
fn a_named_encoding_replaces_the_guess() {
    let dir = tempfile::tempdir().unwrap();
    // "Zażółć" in Windows-1250, which also decodes as Windows-1252.
    let mut bytes = b"---\nlang: en\n---\n# Privacy Policy\n\nZa\xbf\xf3\xb3\xe6. ".to_vec();
    bytes.extend_from_slice(b"We keep your email address for one year.\n");
    std::fs::write(dir.path().join("p.md"), &bytes).unwrap();
    let encoding = |args: &[&str]| -> (Option<i32>, String) {
        let mut cmd = clauselint(dir.path());
        cmd.args(["check", "--format", "json", "p.md"]).args(args);
        let out = run(cmd);
        let json: Option<Value> = serde_json::from_str(&out.stdout).ok();
        let name = json.map_or(String::new(), |j| j["files"][0]["encoding"].to_string());
        (out.code, name)
    };
    assert_eq!(
        encoding(&["--encoding", "windows-1250"]).1,
        "\"windows-1250\""
    );
    assert_eq!(encoding(&["--encoding", "latin1"]).1, "\"windows-1252\"");
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "encoding = \"iso-8859-2\"\n",
    )
    .unwrap();
    assert_eq!(encoding(&[]).1, "\"ISO-8859-2\"");
    let (code, _) = encoding(&["--encoding", "klingon"]);
    assert_eq!(code, Some(2));
}
