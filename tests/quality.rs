//! The quality rules end to end, and the `max-age-months` feature of the
//! `last-updated` rule: which date is read, where the finding points, and
//! how "today" is fixed. Every run sets CLAUSELINT_TODAY, so no test depends
//! on the real date.

use assert_cmd::Command;
use predicates::prelude::*;

mod common;
use common::passage_config;

fn clauselint(today: &str) -> Command {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("CLAUSELINT_TODAY", today)
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// Concise findings of `rules` on `text`, linted as the file `name`, an
/// English privacy notice (whether the text says so or not).
fn check(today: &str, rules: &str, name: &str, text: &str) -> String {
    let config = passage_config();
    let out = clauselint(today)
        .args(["check", "--format", "concise", "--exit-zero"])
        .args(config.args())
        .args(["--select", rules, "--stdin-filename", name])
        .write_stdin(text.to_owned())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn last_updated(today: &str, text: &str) -> String {
    check(today, "last-updated", "policy.txt", text)
}

const STALE: &str = "The policy was last updated on";

#[test]
fn a_recent_date_passes_and_an_old_one_is_reported_at_the_date() {
    let text = "Privacy Policy\n\nLast Updated : July 17, 2025\n\nWe run a shop.\n";
    assert_eq!(last_updated("2026-07-17", text), "");
    assert_eq!(
        last_updated("2026-07-18", text),
        "policy.txt:3:16: warning[last-updated] The policy was last updated on 2025-07-17, more than 12 months ago (the CCPA requires a review at least every 12 months)\n"
    );
}

#[test]
fn the_latest_date_of_the_policy_counts() {
    let text = "Privacy Policy\n\nEffective date: 2019-01-01\n\nWe run a shop.\n\nLast revised: 14 January 2026.\n";
    assert_eq!(last_updated("2026-06-01", text), "");
    let out = last_updated("2027-06-01", text);
    assert!(
        out.starts_with("policy.txt:7:15: warning[last-updated]"),
        "{out}"
    );
    assert!(out.contains("on 2026-01-14"), "{out}");
}

#[test]
fn a_missing_date_is_reported_at_the_title() {
    let out = last_updated("2026-01-15", "Privacy Policy\n\nWe run a shop.\n");
    assert_eq!(
        out,
        "policy.txt:1:1: warning[last-updated] No date: the policy does not say when it was last updated or took effect\n"
    );
}

#[test]
fn the_shapes_of_dates_policies_write() {
    for (line, date) in [
        ("Last updated: Jul. 17 2025", "2025-07-17"),
        (
            "This policy was last modified on 14 January 2025.",
            "2025-01-14",
        ),
        ("Revised 12/20/2018", "2018-12-20"),
        ("Effective date: 2025/09/11", "2025-09-11"),
        ("Stand: 11.09.2025 (last updated)", "2025-09-11"),
        ("Established:12,20,18(Month Day, Year)", "2018-12-20"),
        ("Updated: Thursday, May 21, 2015 3:22 pm.", "2015-05-21"),
        ("Last modified January, 2015", "2015-01"),
        ("Published: January 1, 2015", "2015-01-01"),
    ] {
        let out = last_updated("2030-01-01", &format!("Privacy Policy\n\n{line}\n"));
        assert!(out.contains(&format!("{STALE} {date},")), "{line}: {out}");
    }
}

#[test]
fn a_month_is_read_as_its_last_day() {
    let text = "Privacy Policy\n\nLast updated: March 2025\n";
    assert_eq!(last_updated("2026-03-31", text), "");
    assert!(last_updated("2026-04-01", text).contains("on 2025-03,"));
}

#[test]
fn front_matter_dates_count_and_are_reported_where_they_are() {
    let md = "---\ntitle: Privacy Policy\nlastmod: 2025-09-11\n---\n\n# Privacy Policy\n\nWe run a shop.\n";
    assert_eq!(check("2026-01-15", "last-updated", "policy.md", md), "");
    assert_eq!(
        check("2026-10-01", "last-updated", "policy.md", md),
        "policy.md:3:10: warning[last-updated] The policy was last updated on 2025-09-11, more than 12 months ago (the CCPA requires a review at least every 12 months)\n"
    );
    // `date` is the first publication, not the last update.
    let md =
        "---\ntitle: Privacy Policy\ndate: 2025-09-11\n---\n\n# Privacy Policy\n\nWe run a shop.\n";
    assert!(check("2026-01-15", "last-updated", "policy.md", md).contains("No date"));
}

#[test]
fn on_a_tie_the_date_readers_see_is_reported() {
    let md =
        "---\nlastmod: 2025-09-11\n---\n\n# Privacy Policy\n\nLast Updated: September 11, 2025\n";
    let out = check("2026-10-01", "last-updated", "policy.md", md);
    assert!(out.starts_with("policy.md:7:15:"), "{out}");
}

#[test]
fn json_points_at_the_date_text() {
    let text = "Privacy Policy\n\nRevised 12/20/2018\n";
    let config = passage_config();
    let out = clauselint("2026-01-15")
        .args(["check", "--format", "json", "--exit-zero"])
        .args(config.args())
        .args(["--select", "last-updated", "--stdin-filename", "p.txt"])
        .write_stdin(text)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &json["files"][0]["findings"][0];
    let (start, end) = (
        finding["start"].as_u64().unwrap() as usize,
        finding["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "12/20/2018");
    assert_eq!(
        finding["label"],
        "more than 12 months before today (2026-01-15)"
    );
}

#[test]
fn an_unreadable_today_is_an_error() {
    clauselint("15/01/2026")
        .args(["check", "--isolated", "--stdin-filename", "p.txt"])
        .write_stdin("Privacy Policy\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "CLAUSELINT_TODAY=`15/01/2026` is not a date: write it as YYYY-MM-DD",
        ));
    // Rules that read no date do not need it.
    let config = passage_config();
    clauselint("15/01/2026")
        .args(["check", "--select", "minors", "--stdin-filename", "p.txt"])
        .args(config.args())
        .write_stdin("Not directed to children under 13.\n")
        .assert()
        .code(0);
}

#[test]
fn max_age_months_is_rejected_outside_require_rules() {
    let dir = tempfile::tempdir().unwrap();
    let rule = "[[rule]]\nid = \"dated\"\ntitle = \"t\"\nkind = \"forbid\"\nmessage = \"m\"\nmatch = \"updated\"\nmax-age-months = 6\n";
    std::fs::write(dir.path().join("r.toml"), rule).unwrap();
    clauselint("2026-01-15")
        .current_dir(dir.path())
        .args(["test", "r.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`max-age-months` applies only to rules with kind = \"require\"",
        ));
}

#[test]
fn a_user_rule_can_set_its_own_age_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let rule = r#"
[[rule]]
id = "reviewed"
title = "Reviewed twice a year"
severity = "warning"
message = "No review date"
max-age-months = 6
stale-message = "Reviewed on {date}: over {months} months before {today}"
match = { near = ["reviewed", "@quality-date"], words = 3 }
"#;
    std::fs::write(dir.path().join("r.toml"), rule).unwrap();
    std::fs::write(
        dir.path().join("p.txt"),
        "Privacy Policy\n\nWe collect your email address to send you our newsletter and use it for nothing else.\n\nReviewed on 2025-05-01.\n",
    )
    .unwrap();
    clauselint("2026-01-15")
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "concise", "--rules", "r.toml"])
        .args(["--select", "reviewed", "p.txt"])
        .assert()
        .code(0)
        .stdout("p.txt:5:13: warning[reviewed] Reviewed on 2025-05-01: over 6 months before 2026-01-15\n");
}

#[test]
fn quality_rules_report_deficient_clauses() {
    let policy = "Privacy Policy\n\nLast updated: January 5, 2026\n\nQuestions? Email us at [email\u{a0}protected].\n\nWe keep your data as long as necessary.\n\nWe may share your personal information with third parties.\n\nWe do not knowingly collect data from children.\n";
    let rules = "retention-vague,contact-point-placeholder,third-party-processors-unnamed,minors-age-threshold,last-updated";
    let out = check("2026-01-15", rules, "policy.txt", policy);
    let ids: Vec<&str> = out
        .lines()
        .filter_map(|l| Some(l.split_once('[')?.1.split_once(']')?.0))
        .collect();
    assert_eq!(
        ids,
        [
            "contact-point-placeholder",
            "retention-vague",
            "third-party-processors-unnamed",
            "minors-age-threshold"
        ],
        "{out}"
    );
    let fixed = "Privacy Policy\n\nLast updated: January 5, 2026\n\nQuestions? Email us at privacy@shop.test.\n\nWe keep your data until you close your account.\n\nWe share your order with our payment processor.\n\nWe do not knowingly collect data from children under 13.\n";
    assert_eq!(check("2026-01-15", rules, "policy.txt", fixed), "");
}

#[test]
fn rule_explains_its_maximum_age_and_the_clause_it_qualifies() {
    clauselint("2026-01-15")
        .args(["rule", "last-updated", "--isolated"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("max age:   12 months"));
    clauselint("2026-01-15")
        .args(["rule", "retention-vague", "--isolated"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("qualifies: retention"));
}
