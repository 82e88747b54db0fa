//! Every suppression form, in Markdown, HTML and plain text, and the
//! reports of directives that are invalid or suppress nothing.

use assert_cmd::Command;

mod common;
use common::passage_config;

/// Lints `text` as a file named `name`, in a fresh directory that also holds
/// `files`, with `args` added; returns (exit code, concise stdout). The file
/// is declared an English privacy notice: the texts here are passages of one.
fn run(name: &str, text: &str, files: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let config = passage_config();
    for (file, content) in files.iter().chain([(name, text)].iter()) {
        std::fs::write(dir.path().join(file), content).unwrap();
    }
    let out = Command::cargo_bin("clauselint")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        // `last-updated` compares the policy's date with today: fix today.
        .env("CLAUSELINT_TODAY", "2026-01-15")
        .args(["check", "--format", "concise"])
        .args(config.args())
        .args(args)
        .arg(name)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Lints with the built-in rules.
fn lint(name: &str, text: &str) -> (i32, String) {
    run(name, text, &[], &[])
}

/// Rule ids reported, in order.
fn rules(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| Some(l.split_once('[')?.1.split_once(']')?.0.to_owned()))
        .collect()
}

/// A policy that has every clause but the one about children.
const BODY: &str = "Last updated: January 5, 2026.\n\nQuestions? Email privacy@shop.test.\n\nWe keep order records for 6 years.\n\nWe share orders with our payment processor.\n";

#[test]
fn disable_file_accepts_a_missing_clause_on_purpose() {
    let md = format!(
        "# Shop privacy\n\n<!-- clauselint-disable-file minors -- the shop only sells to businesses -->\n\n{BODY}"
    );
    assert_eq!(lint("p.md", &md), (0, String::new()));
    let html = format!(
        "<html><body><!-- clauselint-disable-file minors -- B2B only --><h1>Shop</h1><p>{}</p></body></html>",
        BODY.replace("\n\n", "</p><p>")
    );
    assert_eq!(lint("p.html", &html), (0, String::new()));
    let txt = format!("Shop privacy\n\nclauselint-disable-file minors -- B2B only\n\n{BODY}");
    assert_eq!(lint("p.txt", &txt), (0, String::new()));
}

#[test]
fn without_the_directive_the_clause_is_reported() {
    let (code, out) = lint("p.md", &format!("# Shop privacy\n\n{BODY}"));
    assert_eq!((code, rules(&out)), (1, vec!["minors".to_owned()]));
}

/// A house rule that flags a phrase, to test line-level suppressions.
const HOUSE: &str = "[[rule]]\nid = \"no-may\"\ntitle = \"t\"\nkind = \"forbid\"\nmessage = \"Hedging\"\nmatch = { exact = \"we may\" }\n[rule.examples]\npass = [\"We do.\"]\nfail = [\"We may.\"]\n";

/// Lints with the house rule and the suppression rules only.
fn lint_house(name: &str, text: &str) -> (i32, String) {
    let select = "no-may,unused-suppression,invalid-suppression";
    run(
        name,
        text,
        &[("house.toml", HOUSE)],
        &["--rules", "house.toml", "--select", select],
    )
}

#[test]
fn disable_next_line_covers_only_the_next_line_with_text() {
    let md =
        "# P\n\n<!-- clauselint-disable-next-line no-may -->\n\nWe may call.\n\nWe may write.\n";
    let (code, out) = lint_house("p.md", md);
    assert_eq!(code, 1);
    assert_eq!(out, "p.md:7:1: error[no-may] Hedging\n");
    let txt = "P\n\nclauselint-disable-next-line no-may\nWe may call.\n\nWe may write.\n";
    assert_eq!(
        lint_house("p.txt", txt).1,
        "p.txt:6:1: error[no-may] Hedging\n"
    );
}

#[test]
fn disable_and_enable_bound_a_region() {
    let html = "<h1>P</h1><!-- clauselint-disable no-may -- quoted from the law --><p>We may call.</p><p>We may write.</p><!-- clauselint-enable no-may -->\n<p>We may fax.</p>";
    let (_, out) = lint_house("p.html", html);
    assert_eq!(rules(&out), vec!["no-may"]);
    assert!(out.starts_with("p.html:2:4: "), "{out}");
    // Without an enable, the region runs to the end of the file.
    let txt = "P\n\nclauselint-disable no-may\n\nWe may call.\n\nWe may write.\n";
    assert_eq!(lint_house("p.txt", txt), (0, String::new()));
}

#[test]
fn an_unused_directive_is_reported_where_it_names_the_rule() {
    let md = "# P\n\n<!-- clauselint-disable-next-line no-may -->\nWe do call.\n";
    let (code, out) = lint_house("p.md", md);
    assert_eq!(code, 0, "an unused suppression is a warning");
    assert_eq!(
        out,
        "p.md:3:35: warning[unused-suppression] Unused suppression: `clauselint-disable-next-line` suppresses no finding of `no-may`\n"
    );
}

#[test]
fn unknown_ids_unknown_keywords_and_empty_directives_are_errors() {
    let md = "# P\n\n<!-- clauselint-disable-file no-mya -->\n<!-- clauselint-disabel no-may -->\n<!-- clauselint-disable-next-line -->\nWe do.\n";
    let (code, out) = lint_house("p.md", md);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("p.md:3:30: error[invalid-suppression] Unknown rule id `no-mya` in `clauselint-disable-file` (did you mean `no-may`?)"), "{out}");
    assert!(
        lines[1].contains(
            "Unknown directive `clauselint-disabel` (did you mean `clauselint-disable`?)"
        ),
        "{out}"
    );
    assert!(
        lines[2].contains("must name the rules it disables"),
        "{out}"
    );
}

#[test]
fn directive_lines_are_not_policy_text() {
    // "children" in a plain-text directive's reason must not satisfy the
    // minors rule.
    let txt = format!(
        "Shop privacy\n\nclauselint-disable-file retention -- records schedule covers children too\n\n{BODY}"
    );
    let (_, out) = lint("p.txt", &txt);
    assert!(rules(&out).contains(&"minors".to_owned()), "{out}");
}

/// GitHub code scanning would show a suppressed result as an alert: SARIF
/// leaves them out unless asked, and then marks them with the reason.
#[test]
fn sarif_keeps_suppressed_results_with_the_reason_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let md = format!(
        "# Shop privacy\n\n<!-- clauselint-disable-file minors -- the shop only sells to businesses -->\n\n{BODY}"
    );
    std::fs::write(dir.path().join("p.md"), md).unwrap();
    let sarif = |extra: &[&str]| {
        let out = Command::cargo_bin("clauselint")
            .unwrap()
            .current_dir(dir.path())
            .env("CLAUSELINT_TODAY", "2026-01-15")
            .args(["check", "--isolated", "--format", "sarif", "p.md"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "a suppressed finding does not fail the run"
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let default = sarif(&[]);
    assert_eq!(default["runs"][0]["results"].as_array().unwrap().len(), 0);
    let sarif = sarif(&["--sarif-include-suppressed"]);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "minors");
    assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        results[0]["suppressions"][0]["justification"],
        "the shop only sells to businesses"
    );
}

/// The checks of directives are the engine's own: a selection that leaves
/// them out, or `--no-builtin`, still reports a misspelt directive; only an
/// explicit `--ignore` turns one off.
#[test]
fn directive_checks_stay_on_whatever_the_selection() {
    let md = "# P\n\n<!-- clauselint-disabel no-may -->\nWe may call.\n";
    let house = [("house.toml", HOUSE)];
    for args in [
        &["--rules", "house.toml", "--select", "no-may"][..],
        &["--no-builtin", "--rules", "house.toml"][..],
    ] {
        let (code, out) = run("p.md", md, &house, args);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(
            rules(&out),
            vec!["invalid-suppression", "no-may"],
            "{args:?}: {out}"
        );
    }
    let ignored = ["--rules", "house.toml", "--ignore", "invalid-suppression"];
    let (_, out) = run("p.md", md, &house, &ignored);
    assert!(!out.contains("invalid-suppression"), "{out}");
}

/// A rule file cannot take the id of one of the engine's checks.
#[test]
fn a_rule_file_may_not_define_a_directive_check() {
    let dir = tempfile::tempdir().unwrap();
    let own = HOUSE.replace("no-may", "unused-suppression");
    std::fs::write(dir.path().join("own.toml"), own).unwrap();
    let out = Command::cargo_bin("clauselint")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["rules", "--isolated", "--rules", "own.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("`unused-suppression` is taken by a built-in check"),
        "{stderr}"
    );
}
