//! Translation drift: the versions of one policy in English and Japanese,
//! grouped by folder, suffix, translationKey or `[translations]`, are
//! compared clause by clause (each judged natively) and fact by fact.
//! Fixtures: tests/fixtures/translations/, one folder per case.

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::{Run, run};

const FIXTURES: &str = "tests/fixtures/translations";

/// `check` run in a fixture folder (its configuration, if any, applies).
fn check(dir: &str, args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(format!("{}/{FIXTURES}/{dir}", env!("CARGO_MANIFEST_DIR")))
        .env("CLAUSELINT_TODAY", "2025-08-01")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .arg("check")
        .args(args);
    run(cmd)
}

/// The drift findings of a JSON report: (file, message, related files).
fn drift(out: &Run) -> Vec<(String, String, Vec<String>)> {
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let mut found = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for f in file["findings"].as_array().unwrap() {
            if f["rule"] == "translation-drift" {
                let related = (f["related"].as_array().unwrap().iter())
                    .map(|r| r["path"].as_str().unwrap().to_owned())
                    .collect();
                found.push((
                    f["path"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                    related,
                ));
            }
        }
    }
    found
}

fn messages(found: &[(String, String, Vec<String>)]) -> Vec<&str> {
    found.iter().map(|(_, m, _)| m.as_str()).collect()
}

#[test]
fn an_aligned_pair_has_no_drift() {
    let out = check("aligned", &["--isolated", "--format", "json", "."]);
    assert!(drift(&out).is_empty(), "{:?}", drift(&out));
    // The rule checked something: it is counted.
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(report["summary"]["rules"].as_u64().unwrap() > 0);
}

#[test]
fn locale_folders_pair_and_a_missing_clause_is_reported_on_the_version_without_it() {
    let out = check("folders", &["--isolated", "--format", "json", "content"]);
    let found = drift(&out);
    let on_ja: Vec<&str> = (found.iter())
        .filter(|(p, _, _)| p == "content/ja/privacy.md")
        .map(|(_, m, _)| m.as_str())
        .collect();
    assert!(
        on_ja.iter().any(|m| m.contains("the `retention` clause")),
        "{found:?}"
    );
    assert!(on_ja.iter().any(|m| m.contains("30 days")), "{found:?}");
    // Reported once, on the version that lacks it, pointing at the other.
    assert!(found.iter().all(|(p, _, _)| p == "content/ja/privacy.md"));
    assert!(
        found
            .iter()
            .all(|(_, _, r)| r == &["content/en/privacy.md"])
    );
}

#[test]
fn only_the_file_passed_is_read_against_its_counterpart_on_disk() {
    // A pre-commit hook passes the English file alone: what Japanese lacks
    // is reported on it, with the Japanese file as the related location.
    let out = check(
        "folders",
        &["--isolated", "--format", "json", "content/en/privacy.md"],
    );
    let found = drift(&out);
    assert!(
        (found.iter()).any(|(p, m, r)| p == "content/en/privacy.md"
            && m.contains(
                "`retention` clause is stated in this version but not in content/ja/privacy.md"
            )
            && r == &["content/ja/privacy.md"]),
        "{found:?}"
    );
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
}

#[test]
fn a_suffix_pairs_versions_and_dates_and_addresses_are_compared() {
    let out = check("suffix", &["--isolated", "--format", "json", "."]);
    let found = drift(&out);
    let all = messages(&found);
    // 令和7年6月1日 is 2025-06-01, not July 17, 2025.
    assert!(all.iter().any(|m| m.contains("(2025-06-01)")), "{all:?}");
    assert!(all.iter().any(|m| m.contains("(2025-07-17)")), "{all:?}");
    assert!(
        all.iter()
            .any(|m| m.contains("support@harbor-notes.example")),
        "{all:?}"
    );
}

#[test]
fn a_translation_key_pairs_versions_and_phones_and_latin_names_are_compared() {
    let out = check("key", &["--isolated", "--format", "json", "kojin-joho.md"]);
    let all: Vec<String> = drift(&out).into_iter().map(|(_, m, _)| m).collect();
    // The full-width number is read as a number; the vendor named only in
    // the Japanese text is said.
    assert!(all.iter().any(|m| m.contains("03-5555-0142")), "{all:?}");
    assert!(all.iter().any(|m| m.contains("Mixpanel")), "{all:?}");
}

#[test]
fn the_configuration_groups_versions_and_periods_are_compared() {
    let out = check("config", &["--format", "json", "policy-jp.md"]);
    let all: Vec<String> = drift(&out).into_iter().map(|(_, m, _)| m).collect();
    assert!(all.iter().any(|m| m.contains("12 months")), "{all:?}");
    assert!(all.iter().any(|m| m.contains("30 days")), "{all:?}");
}

#[test]
fn a_counterpart_named_in_the_configuration_that_does_not_exist_is_an_error() {
    let out = check("missing", &["policy-en.md"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("policy-ja.md"), "{}", out.stderr);
    assert!(out.stderr.contains("clauselint::config"), "{}", out.stderr);
}

#[test]
fn sarif_carries_the_other_version_as_a_related_location() {
    let out = check("folders", &["--isolated", "--format", "sarif", "content"]);
    let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let drift = (results.iter())
        .find(|r| r["ruleId"] == "translation-drift")
        .unwrap();
    let related = &drift["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "content/en/privacy.md");
    assert!(related["region"]["startLine"].as_u64().unwrap() > 1);
}

#[test]
fn the_graphical_report_shows_a_snippet_of_each_version() {
    let out = check(
        "folders",
        &["--isolated", "--select", "translation-drift", "content"],
    );
    insta::assert_snapshot!(out.stdout);
}

/// `report` shows a translation group's versions together, one row per
/// language, each naming the group; other documents are not grouped.
#[test]
fn the_report_shows_the_versions_of_a_policy_together() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/legal-docs-repo"
    );
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.args(["report", "--format", "json", dir]);
    let out = run(cmd);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let rows: Vec<(String, Option<String>)> = (json["documents"].as_array().unwrap().iter())
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let name = path
                .strip_prefix(dir)
                .unwrap_or(path)
                .trim_start_matches('/');
            (
                name.to_owned(),
                d["translation_group"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let privacy: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].0.ends_with("/privacy.md") && !rows[i].0.contains("product"))
        .collect();
    assert_eq!(privacy.len(), 4, "{rows:?}");
    assert!(
        privacy.windows(2).all(|w| w[1] == w[0] + 1),
        "the four versions are adjacent: {rows:?}"
    );
    let groups: Vec<&Option<String>> = privacy.iter().map(|&i| &rows[i].1).collect();
    assert!(
        groups
            .iter()
            .all(|g| g.as_deref().is_some_and(|g| g.ends_with("de/privacy.md"))),
        "{rows:?}"
    );
    let readme = rows.iter().find(|r| r.0 == "README.md").unwrap();
    assert_eq!(readme.1, None, "{rows:?}");
}
