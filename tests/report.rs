//! `clauselint report`: the evidence matrix in Markdown, JSON and HTML.
//!
//! The tests use a small rule file of their own (two clause rules and a
//! rule that qualifies one of them) rather than the built-in rules, so the
//! snapshots do not change when the built-in vocabularies are tuned.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{Run, run, utf16le, windows_1252};

const RULES: &str = r#"
[[rule]]
id = "contact"
title = "Gives an email address for privacy questions"
message = "No contact email"
help = "Add an email address: \"Write to privacy@example.com.\""
languages = ["en"]
match = { regex = '[a-z0-9.]+@[a-z0-9-]+\.[a-z]+' }

[rule.examples]
pass = ["Write to privacy@example.com."]
fail = ["Write to us."]

[[rule]]
id = "retention"
title = "Says how long personal data is kept"
message = "No retention statement"
help = "Say how long personal data is kept, or when it is deleted."
languages = ["en"]
match = { phrases = ["retain", "delete"] }

[rule.examples]
pass = ["We delete your data after 30 days."]
fail = ["We keep your data safe."]

[[rule]]
id = "retention-period"
title = "The retention clause gives a period"
kind = "expect"
qualifies = "retention"
message = "The retention clause gives no period"
match = { rule = "retention" }
expect = { regex = '\d+ (days|months|years)' }

[rule.examples]
pass = ["We delete your data after 30 days."]
fail = ["We retain your data as long as needed."]
"#;

/// Policies covering every cell state, and a file that cannot be read.
const POLICIES: [(&str, &str); 6] = [
    (
        "a-complete.md",
        "---\nlang: en\n---\n# Privacy policy\n\nQuestions? Write to privacy@example.com and we answer within a week.\n\nWe delete your account data 30 days after you close your account.\n",
    ),
    (
        "b-vague.txt",
        "Privacy notice\n\nWe retain your data as long as we need it for the purposes described in this notice.\n\nWe wrote this notice in plain words, so that everyone who reads it can understand what we do and why we do it.\n",
    ),
    (
        "c-german.html",
        "<!DOCTYPE html>\n<html lang=\"de\"><head><title>Datenschutz</title></head>\n<body><p>Wir löschen Ihre Daten nach 30 Tagen.</p></body></html>\n",
    ),
    (
        "d-markup.txt",
        "Privacy Policy | version 2\n\nMail privacy@example.com <script>alert('x')</script> & \"quote\" | pipe.\n\nWe delete server logs after 14 days and never share them with anyone.\n\nWe wrote this notice in plain words, so that everyone who reads it can understand what we do and why we do it.\n",
    ),
    (
        "e-accepted.md",
        "<!-- clauselint-disable-file contact -- we are reached by phone only -->\n# Privacy notice\n\nWe delete your data after 12 months, and we never sell it to anyone.\n\nWe wrote this notice in plain words, so that everyone who reads it can understand what we do and why we do it.\n",
    ),
    ("f-empty.md", ""),
];

fn clauselint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// `clauselint report --isolated --no-builtin --rules rules.toml ARGS` in `dir`.
fn report(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = clauselint(dir);
    cmd.args([
        "report",
        "--isolated",
        "--no-builtin",
        "--rules",
        "rules.toml",
    ])
    .args(args);
    run(cmd)
}

/// A directory with the rule file and `files`.
fn dir_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), RULES).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn policies() -> TempDir {
    let files: Vec<(&str, &[u8])> = POLICIES.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    dir_with(&files)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

/// The report with the tool's version replaced, so a release does not
/// change the snapshots.
fn redact_version(text: &str) -> String {
    text.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[version]\"",
    )
}

#[test]
fn markdown_matrix() {
    let dir = policies();
    let out = report(dir.path(), &["."]);
    // The empty file could not be checked: exit code 2, and a row says why.
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
    assert_eq!(
        out.stderr,
        "5 documents × 2 clauses: 5 present, 2 missing, 1 deficient, 2 n/a (1 suppressed); 1 file not checked.\n"
    );
}

#[test]
fn json_matrix() {
    let dir = policies();
    let out = report(dir.path(), &["--format", "json", "."]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let value = json(&out.stdout);
    assert_eq!(value["version"], 1);
    insta::assert_snapshot!(redact_version(&out.stdout));
}

#[test]
fn format_is_markdown_by_default_and_output_file_is_written() {
    let dir = policies();
    let out = report(
        dir.path(),
        &["--format", "markdown", "-o", "out.md", "a-complete.md"],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    let written = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    let default = report(dir.path(), &["a-complete.md"]);
    assert_eq!(written, default.stdout);
    assert!(written.contains("| a-complete.md | ✅ present (6:21) | ✅ present (8:4) |"));
}

#[test]
fn exit_codes() {
    let dir = policies();
    // Every clause present (or not applicable): 0.
    assert_eq!(
        report(dir.path(), &["a-complete.md", "c-german.html"]).code,
        Some(0)
    );
    // A missing or deficient clause: 1.
    assert_eq!(report(dir.path(), &["b-vague.txt"]).code, Some(1));
    // A missing clause accepted by a suppression directive does not fail.
    assert_eq!(report(dir.path(), &["e-accepted.md"]).code, Some(0));
    // A file that cannot be read: 2, even with others fine.
    assert_eq!(
        report(dir.path(), &["a-complete.md", "f-empty.md"]).code,
        Some(2)
    );
    // A path that does not exist is a row too, and fails the run.
    let out = report(dir.path(), &["a-complete.md", "nowhere.md"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stdout
            .contains("| nowhere.md | ⛔ not checked (walk): cannot read path:"),
        "{}",
        out.stdout
    );
    // Nothing to report on at all: 2.
    std::fs::create_dir(dir.path().join("void")).unwrap();
    let out = report(dir.path(), &["void"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("no file was checked"), "{}", out.stderr);
    // No clause rule in force: 2, not an empty matrix.
    let out = report(
        dir.path(),
        &["--select", "retention-period", "a-complete.md"],
    );
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("no clause rules in force"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_rule_turned_off_by_the_configuration_is_not_applicable() {
    let dir = policies();
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "rules = [\"rules.toml\"]\nbuiltin = false\n\n[[overrides]]\nfiles = [\"b-vague.txt\"]\nignore = [\"contact\"]\n",
    )
    .unwrap();
    let out = clauselint(dir.path())
        .args(["report", "--format", "json", "b-vague.txt"])
        .output()
        .unwrap();
    let value = json(std::str::from_utf8(&out.stdout).unwrap());
    let clauses = &value["documents"][0]["clauses"];
    assert_eq!(clauses["contact"]["status"], "not-applicable");
    assert_eq!(
        clauses["contact"]["reason"],
        "turned off for this file by the configuration"
    );
    assert_eq!(clauses["retention"]["status"], "deficient");
    assert_eq!(out.status.code(), Some(1));
}

/// A privacy notice in English under a German title: multi-byte text in
/// every encoding below, before the evidence.
const LEGACY_TEXT: &str = "Datenschutzerklärung für Kunden – „Müller“\n\nQuestions? Please write: privacy@example.com. We are a small shop in Köln.\nWe delete the data we hold about you after 30 days, and we keep nothing about you for longer than that.\nWe wrote this notice in plain words, so that everyone who reads it can understand what we do and why we do it.\n";

/// Whitespace collapsed, as the rules see text.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn json_evidence_offsets_slice_the_file_as_stored() {
    let bom = [b"\xEF\xBB\xBF".as_slice(), LEGACY_TEXT.as_bytes()].concat();
    let legacy = windows_1252(LEGACY_TEXT);
    let utf16 = utf16le(LEGACY_TEXT);
    let files: [(&str, &[u8]); 4] = [
        ("bom.txt", &bom),
        ("legacy.txt", &legacy),
        ("plain.txt", LEGACY_TEXT.as_bytes()),
        ("utf16.txt", &utf16),
    ];
    let dir = dir_with(&files);
    let out = report(dir.path(), &["--format", "json", "."]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stderr, out.stdout);
    let value = json(&out.stdout);
    let documents = value["documents"].as_array().unwrap();
    assert_eq!(documents.len(), files.len());
    let expected_encodings = ["UTF-8", "windows-1252", "UTF-8", "UTF-16LE"];
    for ((name, bytes), (doc, encoding)) in
        files.iter().zip(documents.iter().zip(expected_encodings))
    {
        assert_eq!(doc["path"], *name);
        assert_eq!(doc["encoding"], encoding, "{name}");
        let decoder = encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap();
        let mut seen = 0;
        for (id, clause) in doc["clauses"].as_object().unwrap() {
            assert_eq!(clause["status"], "present", "{name} {id}");
            for evidence in clause["evidence"].as_array().unwrap() {
                let start = evidence["start"].as_u64().unwrap() as usize;
                let end = evidence["end"].as_u64().unwrap() as usize;
                let (decoded, _) = decoder.decode_without_bom_handling(&bytes[start..end]);
                assert_eq!(
                    collapse(&decoded),
                    evidence["text"].as_str().unwrap(),
                    "{name} {id}: {evidence}"
                );
                let sentence = evidence["sentence"].as_str().unwrap();
                assert!(
                    sentence.contains(evidence["text"].as_str().unwrap()),
                    "{name} {id}: {evidence}"
                );
                seen += 1;
            }
        }
        assert!(seen >= 2, "{name}: {doc}");
        // Lines and columns count characters of the decoded text.
        let contact = &doc["clauses"]["contact"]["evidence"][0];
        assert_eq!(contact["text"], "privacy@example.com");
        assert_eq!(
            (&contact["line"], &contact["column"]),
            (&3.into(), &26.into())
        );
        assert_eq!(
            (&contact["end_line"], &contact["end_column"]),
            (&3.into(), &45.into())
        );
    }
}

#[test]
fn html_escapes_policy_text() {
    let dir = policies();
    let out = report(dir.path(), &["--format", "html", "d-markup.txt"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = &out.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The only tags are the report's own: the policy's script is text.
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quote&quot; | pipe."
        ),
        "{html}"
    );
    assert!(html.contains("<mark>privacy@example.com</mark>"), "{html}");
    // Self-contained: nothing is fetched.
    for external in ["http://", "https://", "<link", "@import", "url("] {
        assert!(!html.contains(external), "{external} in the page");
    }
}

#[test]
fn html_cells_link_to_their_evidence() {
    let dir = policies();
    let out = report(dir.path(), &["--format", "html", "."]);
    let html = &out.stdout;
    // Row 2 is b-vague.txt: retention is deficient, contact missing.
    assert!(
        html.contains(
            "<td class=\"cell deficient\" data-rule=\"retention\"><a href=\"#ev-2-retention\">"
        ),
        "{html}"
    );
    assert!(html.contains("<div class=\"clause deficient\" id=\"ev-2-retention\">"));
    assert!(html.contains("<code class=\"rule-id\">retention-period</code> at <code>b-vague.txt:3:1</code>: The retention clause gives no period"));
    assert!(html.contains("<div class=\"clause missing\" id=\"ev-2-contact\">"));
    assert!(html.contains(
        "<strong>What to add:</strong> Add an email address: &quot;Write to privacy@example.com.&quot;"
    ));
    // The file that could not be read has a row saying why.
    assert!(html.contains(
        "<tr class=\"doc error\" data-path=\"f-empty.md\"><th scope=\"row\"><a href=\"#doc-6\">f-empty.md</a></th><td class=\"cell error\" colspan=\"2\"><span aria-hidden=\"true\">⊘</span> not checked (empty): file is empty: there is no text to check</td></tr>"
    ), "{html}");
}

#[test]
fn output_is_deterministic() {
    let dir = policies();
    for format in ["markdown", "json", "html"] {
        let one = report(dir.path(), &["--format", format, "."]).stdout;
        let mut cmd = clauselint(dir.path());
        cmd.env("RAYON_NUM_THREADS", "1").args([
            "report",
            "--isolated",
            "--no-builtin",
            "--rules",
            "rules.toml",
            "--format",
            format,
            ".",
        ]);
        let two = String::from_utf8(cmd.output().unwrap().stdout).unwrap();
        assert_eq!(one, two, "{format}");
    }
}

#[test]
fn markdown_table_parses_as_one_cell_per_clause() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let dir = policies();
    let out = report(dir.path(), &["."]);
    let mut rows = Vec::new();
    let mut cells = 0;
    let mut html = Vec::new();
    for event in Parser::new_ext(&out.stdout, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                rows.push(cells);
                cells = 0;
            }
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    // The header and one row per file, each with the document and a cell
    // per clause: the `|` in the policy text did not add a cell.
    assert_eq!(rows, vec![3; 7], "{}", out.stdout);
    // The policy's `<script>` is text, not HTML.
    assert!(html.is_empty(), "{html:?}");
}

#[test]
fn broken_front_matter_is_an_input_error() {
    let dir = dir_with(&[(
        "broken.md",
        b"---\ntitle: \"Broken\nlang: [en\n---\n\n# Privacy Policy\n\nYou can write to privacy@example.com with any question, and we will answer within a week. We delete your data after 30 days.\n",
    )]);
    let out = report(dir.path(), &["--format", "json", "broken.md"]);
    // Checked, but the run fails as `check` does on input errors.
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let value = json(&out.stdout);
    let doc = &value["documents"][0];
    assert_eq!(doc["status"], "checked");
    assert_eq!(doc["warnings"][0]["kind"], "front-matter");
    assert_eq!(doc["clauses"]["contact"]["status"], "present");
    assert_eq!(value["totals"]["input_errors"], 1);
    let markdown = report(dir.path(), &["broken.md"]).stdout;
    assert!(
        markdown.contains("| broken.md (⛔ input error) | ✅ present"),
        "{markdown}"
    );
}
