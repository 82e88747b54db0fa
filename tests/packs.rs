//! Jurisdiction packs: profiles chosen in the configuration, on the command
//! line and per path; conditional items (`applies-when`) reported as not
//! applicable with their reason; and, per pack, a complete notice and one
//! missing every item (tests/fixtures/packs/).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::{Run, run};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs")
}

/// `clauselint ARGS` with the fixtures' configuration and a fixed today.
fn clauselint(args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.env("CLAUSELINT_TODAY", "2026-11-01").args(args);
    run(cmd)
}

/// `check --format json` on fixture `name` with `--profile profile`: the
/// file's entry.
fn check_json(profile: &str, name: &str) -> Value {
    let config = fixtures().join("clauselint.toml");
    let config_args = ["--config", config.to_str().unwrap()];
    entry_of(&config_args, profile, &fixtures().join(name))
}

/// `check --format json CONFIG_ARGS --profile profile file`: the file's
/// entry.
fn entry_of(config_args: &[&str], profile: &str, file: &Path) -> Value {
    let mut args = vec!["check"];
    args.extend_from_slice(config_args);
    args.extend([
        "--profile",
        profile,
        "--format",
        "json",
        file.to_str().unwrap(),
    ]);
    let out = clauselint(&args);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    json["files"][0].clone()
}

/// The ids of the rules with findings on fixture `name`, checked with
/// `--profile profile`, sorted.
fn missing(profile: &str, name: &str) -> Vec<String> {
    let mut ids: Vec<String> = check_json(profile, name)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The `not_applicable` entries on fixture `name`, checked with
/// `--profile profile`.
fn not_applicable(profile: &str, name: &str) -> Vec<Value> {
    check_json(profile, name)["not_applicable"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    ids.sort();
    ids
}

#[test]
fn gdpr_pack_finds_exactly_the_missing_items() {
    assert_eq!(missing("gdpr", "gdpr-complete.md"), Vec::<String>::new());
    assert_eq!(
        missing("gdpr", "gdpr-missing.md"),
        sorted(&[
            "retention",
            "third-party-processors",
            "data-subject-rights",
            "opt-out-choices",
            "controller-identity",
            "dpo-contact",
            "legitimate-interests",
            "international-transfers",
            "withdraw-consent",
            "supervisory-complaint",
            "statutory-requirement",
            "automated-decisions",
            "data-sources",
            "processing-purposes",
        ])
    );
}

#[test]
fn ccpa_pack_finds_exactly_the_missing_items() {
    assert_eq!(missing("ccpa", "ccpa-complete.md"), Vec::<String>::new());
    assert_eq!(
        missing("ccpa", "ccpa-missing.md"),
        sorted(&[
            "retention",
            "last-updated",
            "data-subject-rights",
            "opt-out-choices",
            "data-sources",
            "categories-collected",
            "processing-purposes",
            "sale-sharing-disclosure",
            "request-methods",
            "authorized-agent",
            "non-discrimination",
            "opt-out-preference-signals",
            "do-not-sell-link",
            "limit-sensitive-use",
            "financial-incentive-notice",
            "ccpa-request-metrics",
            "minors-sale-opt-in",
        ])
    );
}

#[test]
fn caloppa_pack_finds_exactly_the_missing_items() {
    assert_eq!(
        missing("caloppa", "caloppa-complete.md"),
        Vec::<String>::new()
    );
    assert_eq!(
        missing("caloppa", "caloppa-missing.md"),
        sorted(&[
            "third-party-processors",
            "last-updated",
            "data-subject-rights",
            "security-measures",
            "policy-changes",
            "do-not-track",
            "categories-collected",
            "third-party-tracking",
        ])
    );
}

#[test]
fn coppa_pack_applies_only_to_services_directed_to_children() {
    assert_eq!(missing("coppa", "coppa-complete.md"), Vec::<String>::new());
    assert_eq!(
        missing("coppa", "coppa-missing.md"),
        sorted(&[
            "coppa-operator-contact",
            "coppa-children-data",
            "coppa-parental-rights",
            "coppa-retention",
            "coppa-persistent-identifiers",
            "coppa-audio-files",
            "coppa-third-parties",
        ])
    );
    assert_eq!(
        missing("coppa", "coppa-not-directed.md"),
        Vec::<String>::new()
    );
}

/// The English notice of a Japanese company, under `--profile appi`: the
/// APPI items judged in English (with the English `security-measures` and
/// `data-subject-rights` of the pack).
#[test]
fn appi_pack_judges_english_notices_of_japanese_companies() {
    assert_eq!(missing("appi", "appi-complete.md"), Vec::<String>::new());
    assert_eq!(
        missing("appi", "appi-missing.md"),
        sorted(&[
            "data-subject-rights",
            "security-measures",
            "purposes-of-use",
            "disclosure-requests",
            "operator-identity",
            "complaint-contact",
            "foreign-transfer",
        ])
    );
    // No provision abroad stated: foreign-transfer does not apply, and
    // says why.
    assert_eq!(
        missing("appi", "appi-no-transfer.md"),
        sorted(&["data-subject-rights"])
    );
    let na = not_applicable("appi", "appi-no-transfer.md");
    assert_eq!(na.len(), 1, "{na:?}");
    assert_not_applicable(&na[0], "foreign-transfer", "foreign country");
}

/// One entry of `not_applicable`: its rule and a phrase of its reason.
fn assert_not_applicable(entry: &Value, rule: &str, reason: &str) {
    assert_eq!(entry["rule"], rule, "{entry:?}");
    assert!(
        entry["reason"]
            .as_str()
            .unwrap_or_default()
            .contains(reason),
        "{entry:?}"
    );
}

/// Without the `appi` profile an English notice gets none of the APPI
/// items: the English variants belong to the profile, not to `core`.
#[test]
fn english_notices_get_no_appi_item_without_the_profile() {
    let appi = [
        "purposes-of-use",
        "disclosure-requests",
        "operator-identity",
        "complaint-contact",
        "foreign-transfer",
        "security-measures",
    ];
    for name in ["appi-complete.md", "appi-missing.md", "appi-no-transfer.md"] {
        let found = missing("core", name);
        assert!(
            found.iter().all(|id| !appi.contains(&id.as_str())),
            "{name}: {found:?}"
        );
    }
}

/// The English foreign-transfer applies only where data go abroad; the
/// Japanese one asks every policy for a statement, with or without the
/// profile (a variant's `applies-when` holds in its languages only).
#[test]
fn the_english_applies_when_does_not_change_the_japanese_item() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ja/hoshizora-policy.md");
    for profile in ["core", "appi"] {
        let entry = entry_of(&["--isolated"], profile, &file);
        let findings = entry["findings"].as_array().unwrap();
        assert!(
            findings.iter().any(|f| f["rule"] == "foreign-transfer"),
            "{profile}: {findings:?}"
        );
        let na = entry["not_applicable"].as_array();
        assert!(
            na.is_none_or(|na| na.iter().all(|n| n["rule"] != "foreign-transfer")),
            "{profile}: {na:?}"
        );
    }
}

/// `check --format json` lists the conditional items that do not apply,
/// each with its reason; the report shows them as n/a with the reason.
#[test]
fn items_that_do_not_apply_say_why_in_json_and_the_report() {
    let config = fixtures().join("clauselint.toml");
    let file = fixtures().join("coppa-not-directed.md");
    let (config, file) = (config.to_str().unwrap(), file.to_str().unwrap());
    let na = not_applicable("coppa", "coppa-not-directed.md");
    assert_eq!(na.len(), 7, "{na:?}");
    assert_not_applicable(&na[0], "coppa-operator-contact", "directed to children");

    let out = clauselint(&["report", "--config", config, "--profile", "coppa", file]);
    assert!(
        out.stdout.contains(
            "**coppa-retention** ➖ n/a — the policy does not say the service is directed to children"
        ),
        "{}",
        out.stdout
    );
    let out = clauselint(&[
        "report",
        "--config",
        config,
        "--profile",
        "coppa",
        "--format",
        "json",
        file,
    ]);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let cell = &json["documents"][0]["clauses"]["coppa-retention"];
    assert_eq!(cell["status"], "not-applicable");
    assert!(
        cell["reason"]
            .as_str()
            .unwrap()
            .contains("directed to children")
    );
    assert!(
        !json["rules"][0]["references"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// The ids `clauselint rules` lists, run in `dir` with `args`.
fn listed(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<String>, String) {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(dir).arg("rules").args(args);
    let out = run(cmd);
    let ids = (out.stdout.lines().skip(1))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    (out.code, ids, out.stderr)
}

#[test]
fn profiles_come_from_the_command_line_or_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    // Default: the core rules only, as before the packs.
    let (_, ids, _) = listed(dir.path(), &[]);
    assert!(ids.contains(&"minors".to_owned()));
    assert!(!ids.contains(&"controller-identity".to_owned()));
    // `rules --profile gdpr` lists the pack, shared items included.
    let (_, ids, _) = listed(dir.path(), &["--profile", "gdpr"]);
    for id in ["controller-identity", "retention", "data-subject-rights"] {
        assert!(ids.contains(&id.to_owned()), "{id}: {ids:?}");
    }
    assert!(!ids.contains(&"minors".to_owned()));
    // Repeatable and comma-separated.
    let (_, ids, _) = listed(
        dir.path(),
        &["--profile", "ccpa,caloppa", "--profile", "coppa"],
    );
    for id in ["authorized-agent", "do-not-track", "coppa-retention"] {
        assert!(ids.contains(&id.to_owned()), "{id}: {ids:?}");
    }
    // The configuration's `profiles`, which `--profile` replaces.
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "profiles = [\"core\", \"caloppa\"]\n",
    )
    .unwrap();
    let (_, ids, _) = listed(dir.path(), &[]);
    assert!(ids.contains(&"minors".to_owned()) && ids.contains(&"do-not-track".to_owned()));
    let (_, ids, _) = listed(dir.path(), &["--profile", "gdpr"]);
    assert!(!ids.contains(&"do-not-track".to_owned()));
    // `--select` may name a rule of a pack that is not in force.
    let (_, ids, _) = listed(dir.path(), &["--select", "authorized-agent"]);
    assert!(ids.contains(&"authorized-agent".to_owned()), "{ids:?}");
}

#[test]
fn an_unknown_profile_is_an_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = listed(dir.path(), &["--profile", "gpdr"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("unknown profile `gpdr` (did you mean `gdpr`?)"),
        "{stderr}"
    );
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "profiles = [\"coppaa\"]\n",
    )
    .unwrap();
    let (code, _, stderr) = listed(dir.path(), &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("did you mean `coppa`?"), "{stderr}");
    // `appi` is known before its rules exist: a rule may declare it.
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "profiles = [\"core\", \"appi\"]\n",
    )
    .unwrap();
    let (code, _, _) = listed(dir.path(), &[]);
    assert_eq!(code, Some(0));
}

/// `[[overrides]] profiles` replaces the profiles for its files: the EU
/// notice is checked against the GDPR pack, the other against core.
#[test]
fn per_path_profiles_through_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("eu")).unwrap();
    std::fs::write(
        root.join("clauselint.toml"),
        "[[documents]]\nfiles = [\"**\"]\nkind = \"privacy-notice\"\nlanguage = \"en\"\n\n\
         [[overrides]]\nfiles = [\"eu/**\"]\nprofiles = [\"gdpr\"]\n",
    )
    .unwrap();
    let notice = std::fs::read_to_string(fixtures().join("gdpr-missing.md")).unwrap();
    std::fs::write(root.join("eu/privacy.md"), &notice).unwrap();
    std::fs::write(root.join("privacy.md"), &notice).unwrap();
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(root)
        .env("CLAUSELINT_TODAY", "2026-11-01")
        .args(["check", "--format", "json", "."]);
    let out = run(cmd);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let rules_of = |in_eu: bool| -> Vec<String> {
        let file = (json["files"].as_array().unwrap().iter())
            .find(|f| f["path"].as_str().unwrap().contains("eu/") == in_eu)
            .unwrap();
        (file["findings"].as_array().unwrap().iter())
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    let eu = rules_of(true);
    let other = rules_of(false);
    assert!(eu.contains(&"controller-identity".to_owned()), "{eu:?}");
    assert!(!eu.contains(&"minors".to_owned()), "{eu:?}");
    assert!(other.contains(&"minors".to_owned()), "{other:?}");
    assert!(
        !other.contains(&"controller-identity".to_owned()),
        "{other:?}"
    );
}
