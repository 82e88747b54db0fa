//! A repository shaped like a real legal-docs repository (tests/fixtures/
//! legal-docs-repo): locale folders `en/ de/ fr/ ja/`, privacy notices, terms
//! of use, an acceptable-use policy, a cookie notice, a product notice and a
//! README, and a `clauselint.toml` that makes the product and cookie notices
//! layers of the main notice. `clauselint check .` judges only the privacy
//! notices in a language that has rules, and says what it did not judge and
//! why.

mod common;

use assert_cmd::Command;
use common::run;

const REPO: &str = "tests/fixtures/legal-docs-repo";

fn check(format: &str) -> Command {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(REPO)
        .env("NO_COLOR", "1")
        .env("CLAUSELINT_TODAY", "2026-11-29")
        .args(["check", "--format", format]);
    cmd
}

/// A configuration file outside the repository (globs then match the
/// repository's files by their absolute paths), and the folder holding it.
fn config_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("clauselint.toml");
    std::fs::write(&config, text).unwrap();
    (dir, config)
}

#[test]
fn only_english_privacy_notices_are_judged_and_the_rest_is_named() {
    let mut cmd = check("concise");
    cmd.arg(".");
    let out = run(cmd);
    // Every English privacy notice is complete once the layers count.
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), ""),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            // The Japanese notice is judged too (and complete): the APPI
            // rules count among the rules checked, and so does
            // `translation-drift`, which compared the two versions.
            .contains("Checked 10 files against 18 rules: no findings."),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("2 documents in de, fr not judged: no rules for these languages."),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "4 documents not judged: not privacy notices (content policy 1, other document 1, terms of use 2)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_layered_notice_counts_the_clauses_of_the_notice_it_incorporates() {
    // Without the configuration, the product notice misses what it leaves
    // to the main notice.
    let mut cmd = check("concise");
    cmd.args(["--isolated", "en/product/sync-privacy.md"]);
    let alone = run(cmd);
    assert_eq!(alone.code, Some(1));
    for rule in ["contact-point", "third-party-processors", "minors"] {
        assert!(
            alone.stdout.contains(&format!("error[{rule}]")),
            "{}",
            alone.stdout
        );
    }
    // With it, the report shows where each clause was found.
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(REPO)
        .env("CLAUSELINT_TODAY", "2026-11-29")
        .args(["report", "--format", "json", "en/product/sync-privacy.md"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let clauses = &json["documents"][0]["clauses"];
    let contact = &clauses["contact-point"];
    assert_eq!(contact["status"], "present");
    assert_eq!(contact["incorporated"]["path"], "en/privacy.md");
    assert!(
        contact["incorporated"]["line"].as_u64().is_some(),
        "{contact}"
    );
    // Its own retention clause is its own evidence.
    assert!(
        clauses["retention"]["incorporated"].is_null(),
        "{}",
        clauses["retention"]
    );
}

#[test]
fn an_incorporated_notice_that_does_not_exist_is_an_error_naming_it() {
    let main = std::fs::canonicalize(format!("{REPO}/en/privacy.md")).unwrap();
    let main = format!("{:?}", main.display().to_string());
    // Alone, and after a notice that already has every clause.
    for incorporates in ["\"gone.md\"".to_owned(), format!("{main}, \"gone.md\"")] {
        let (_dir, config) = config_file(&format!(
            "[[documents]]\nfiles = [\"**/sync-privacy.md\"]\nincorporates = [{incorporates}]\n"
        ));
        let mut cmd = check("concise");
        cmd.arg("--config")
            .arg(&config)
            .arg("en/product/sync-privacy.md");
        let out = run(cmd);
        assert_eq!(out.code, Some(2), "{}{}", out.stdout, out.stderr);
        assert!(
            out.stdout
                .contains("error[incorporates] the incorporated notice gone.md cannot be read"),
            "{}",
            out.stdout
        );
        // The main notice's clauses still count.
        let with_main = incorporates.starts_with(&main);
        assert_eq!(
            out.stdout.contains("error[contact-point]"),
            !with_main,
            "{}",
            out.stdout
        );
    }
}

#[test]
fn json_says_for_each_file_whether_and_why_it_was_not_judged() {
    let mut cmd = check("json");
    cmd.arg(".");
    let out = run(cmd);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    let by_path = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} not in the report"))
    };
    let fr = by_path("fr/privacy.md");
    assert_eq!(fr["status"], "not-judged");
    assert_eq!(fr["not_judged"]["reason"], "language");
    // No `lang` key: the folder and the text say French.
    assert_eq!(fr["language"]["code"], "fr");
    assert_eq!(fr["language"]["declared_by"], "locale folder");
    let terms = by_path("en/terms.md");
    assert_eq!(terms["status"], "not-judged");
    assert_eq!(
        (
            terms["not_judged"]["reason"].as_str(),
            terms["kind"].as_str()
        ),
        (Some("kind"), Some("terms-of-use"))
    );
    let readme = by_path("README.md");
    assert_eq!(readme["kind"], "other");
    let main = by_path("en/privacy.md");
    assert_eq!(
        (main["status"].as_str(), main["language"]["code"].as_str()),
        (Some("checked"), Some("en"))
    );
    assert_eq!(main["findings"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["summary"]["files_not_judged"], 6);
}

#[test]
fn fail_on_unjudged_and_documents_kind_in_the_configuration() {
    // A team that wants every file judged: a document not judged fails.
    let mut cmd = check("concise");
    cmd.args(["--fail-on-unjudged", "en/privacy.md", "de/privacy.md"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    // Named, with the reason: only the German notice.
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(
        out.stdout.starts_with(
            "de/privacy.md:2:9: error[not-judged] not judged: no clause rules for its language (de)"
        ),
        "{}",
        out.stdout
    );
    let (_dir, config) =
        config_file("[[documents]]\nfiles = [\"**/en/terms.md\"]\nkind = \"privacy-notice\"\n");
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(REPO)
        .env("CLAUSELINT_TODAY", "2026-11-29")
        .args(["check", "--format", "concise", "--config"])
        .arg(&config)
        .arg("en/terms.md");
    let out = run(cmd);
    // Judged as a privacy notice, the terms miss the privacy clauses.
    assert!(
        out.stdout.contains("en/terms.md:2:9: error[retention]"),
        "{}",
        out.stdout
    );
}
