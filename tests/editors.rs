//! What editors and terminals rely on: columns in the unit they count
//! (`--column-unit`), and the configuration found next to the files checked
//! when the working directory has none.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::{Run, run};

/// A house-style rule that flags "hereinafter" wherever it is.
const PLAIN_LANGUAGE: &str = "tests/fixtures/rules/plain-language.toml";

/// "hereinafter" on line 6, right after Japanese text and an emoji: 個人情報 is 4
/// characters (12 bytes, 4 UTF-16 units) and 🍪 1 character (4 bytes, a
/// UTF-16 surrogate pair), so 7 characters, 18 bytes or 8 UTF-16 units
/// stand before the word.
const WIDE_LINE_POLICY: &str = "---\nlang: en\n---\n# Privacy Notice\n\n個人情報 🍪 hereinafter \"we\" means Acme Ltd, which keeps your data.\n";

fn manifest(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

fn clauselint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CLAUSELINT_TODAY", "2026-06-01")
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// `check` of `policy.md` (with the wide line) with only the plain-language
/// rule, in `format`, with `extra` arguments.
fn check_wide_line(format: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.md"), WIDE_LINE_POLICY).unwrap();
    let mut cmd = clauselint(dir.path());
    cmd.args(["check", "--isolated", "--no-builtin", "--format", format])
        .args(["--rules", &manifest(PLAIN_LANGUAGE)])
        .args(extra)
        .arg("policy.md");
    run(cmd)
}

#[test]
fn concise_columns_count_the_unit_asked_for() {
    for (unit, column) in [("byte", 19), ("char", 8), ("utf16", 9)] {
        let out = check_wide_line("concise", &["--column-unit", unit]);
        assert_eq!(out.code, Some(0), "a warning does not fail: {}", out.stderr);
        let expected = format!("policy.md:6:{column}: warning[plain-language] ");
        assert!(out.stdout.starts_with(&expected), "{unit}: {}", out.stdout);
    }
}

#[test]
fn the_default_column_unit_is_characters() {
    let default = check_wide_line("concise", &[]);
    let chars = check_wide_line("concise", &["--column-unit", "char"]);
    assert!(
        default.stdout.starts_with("policy.md:6:8: "),
        "{}",
        default.stdout
    );
    assert_eq!(default.stdout, chars.stdout);
}

#[test]
fn byte_columns_are_where_vim_puts_the_cursor() {
    // vim's `%c` is a byte index into the line: the column printed must
    // point at the word in the line's UTF-8 bytes.
    let out = check_wide_line("concise", &["--column-unit", "byte"]);
    let column: usize = out.stdout.split(':').nth(2).unwrap().parse().unwrap();
    let line = WIDE_LINE_POLICY.lines().nth(5).unwrap();
    assert_eq!(&line.as_bytes()[column - 1..][..11], b"hereinafter");
}

#[test]
fn json_and_github_columns_follow_the_unit_at_both_ends() {
    let out = check_wide_line("json", &["--column-unit", "utf16"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let finding = &report["files"][0]["findings"][0];
    assert_eq!(
        (&finding["column"], &finding["end_column"]),
        (&9.into(), &20.into())
    );

    let out = check_wide_line("github", &["--column-unit", "byte"]);
    assert!(
        out.stdout.contains("line=6,col=19,endLine=6,endColumn=30,"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_unknown_column_unit_is_a_usage_error() {
    let out = check_wide_line("concise", &["--column-unit", "points"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("byte"), "{}", out.stderr);
}

/// `legal-docs/` with a configuration that stops `contact-point` for
/// `privacy.txt` (a glob relative to it) and a policy that misses a contact
/// point and its recipients; `elsewhere/` and `other/` with none.
fn legal_docs_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["legal-docs", "elsewhere", "other"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    std::fs::write(
        dir.path().join("legal-docs/clauselint.toml"),
        "[[overrides]]\nfiles = [\"privacy.txt\"]\nignore = [\"contact-point\"]\n",
    )
    .unwrap();
    let policy = manifest("examples/fitness-app-privacy.txt");
    for copy in ["legal-docs/privacy.txt", "other/privacy.txt"] {
        std::fs::copy(&policy, dir.path().join(copy)).unwrap();
    }
    dir
}

/// `check --format concise ARGS` run in `cwd`.
fn concise_in(cwd: &Path, args: &[&str]) -> Run {
    let mut cmd = clauselint(cwd);
    cmd.args(["check", "--format", "concise"]).args(args);
    run(cmd)
}

/// The rule ids reported, in order.
fn rules_reported(out: &Run) -> Vec<&str> {
    (out.stdout.lines())
        .filter_map(|l| l.split_once('[')?.1.split_once(']'))
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn the_configuration_next_to_the_file_applies_from_another_directory() {
    let dir = legal_docs_tree();
    let elsewhere = dir.path().join("elsewhere");
    // Without configuration, both clauses are missing.
    let isolated = concise_in(&elsewhere, &["--isolated", "../legal-docs/privacy.txt"]);
    assert!(rules_reported(&isolated).contains(&"contact-point"));

    let absolute = dir.path().join("legal-docs/privacy.txt");
    for path in [
        "../legal-docs/privacy.txt",
        "../legal-docs",
        absolute.to_str().unwrap(),
    ] {
        let out = concise_in(&elsewhere, &[path]);
        let rules = rules_reported(&out);
        assert!(
            rules.contains(&"third-party-processors"),
            "{path}: {}",
            out.stdout
        );
        assert!(!rules.contains(&"contact-point"), "{path}: {}", out.stdout);
    }
}

#[test]
fn an_unsaved_buffer_is_configured_as_the_file_it_names() {
    let dir = legal_docs_tree();
    let policy = std::fs::read_to_string(dir.path().join("legal-docs/privacy.txt")).unwrap();
    let mut cmd = clauselint(&dir.path().join("elsewhere"));
    cmd.args(["check", "--format", "concise"])
        .args(["--stdin-filename", "../legal-docs/privacy.txt"])
        .write_stdin(policy);
    let out = run(cmd);
    assert_eq!(
        rules_reported(&out),
        ["third-party-processors"],
        "{}",
        out.stdout
    );
}

#[test]
fn a_configuration_in_the_working_directory_still_wins() {
    let dir = legal_docs_tree();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::write(elsewhere.join("clauselint.toml"), "fail-on = \"warning\"\n").unwrap();
    let out = concise_in(&elsewhere, &["../legal-docs/privacy.txt"]);
    assert!(
        rules_reported(&out).contains(&"contact-point"),
        "{}",
        out.stdout
    );
}

#[test]
fn paths_under_different_configurations_are_refused_with_both_named() {
    let dir = legal_docs_tree();
    let elsewhere = dir.path().join("elsewhere");
    let out = concise_in(
        &elsewhere,
        &["../legal-docs/privacy.txt", "../other/privacy.txt"],
    );
    assert_eq!(out.code, Some(2));
    assert!(out.stdout.is_empty(), "nothing is checked: {}", out.stdout);
    assert!(
        out.stderr.contains("different configurations"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("../other/privacy.txt (none)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--config"), "{}", out.stderr);
    // Naming the configuration settles it.
    let config = dir.path().join("legal-docs/clauselint.toml");
    let out = concise_in(
        &elsewhere,
        &[
            "--config",
            config.to_str().unwrap(),
            "../legal-docs/privacy.txt",
            "../other/privacy.txt",
        ],
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
}

#[test]
fn report_finds_the_configuration_next_to_the_files_too() {
    let dir = legal_docs_tree();
    let mut cmd = clauselint(&dir.path().join("elsewhere"));
    cmd.args(["report", "--format", "json", "../legal-docs"]);
    let out = run(cmd);
    let report: Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    let clauses = &report["documents"][0]["clauses"];
    assert_eq!(
        clauses["contact-point"]["status"], "not-applicable",
        "{clauses}"
    );
    assert_eq!(
        clauses["third-party-processors"]["status"], "missing",
        "{clauses}"
    );
}

/// The VS Code problem matcher's `regexp`, as the JSON in `doc` writes it.
fn problem_matcher_regexp(doc: &str) -> regex::Regex {
    let text = std::fs::read_to_string(manifest(doc)).unwrap();
    let line = (text.lines())
        .find(|l| l.trim_start().starts_with("\"regexp\":"))
        .unwrap_or_else(|| panic!("{doc} has no problem matcher"));
    let json = line
        .trim()
        .trim_start_matches("\"regexp\":")
        .trim_end_matches(',');
    let pattern: String = serde_json::from_str(json.trim()).unwrap();
    regex::Regex::new(&pattern).unwrap()
}

#[test]
fn the_documented_problem_matcher_reads_every_concise_line() {
    // Findings of every severity, a file problem, and absolute paths: the
    // lines a task in VS Code meets.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.md"), WIDE_LINE_POLICY).unwrap();
    std::fs::write(dir.path().join("empty.md"), "").unwrap();
    // Too short to tell its language: an info line.
    std::fs::write(dir.path().join("short.md"), "# Privacy\n\nHi.\n").unwrap();
    let mut cmd = clauselint(dir.path());
    cmd.args(["check", "--format", "concise", "--column-unit", "utf16"])
        .args(["--color", "never", "--rules", &manifest(PLAIN_LANGUAGE)])
        .arg(dir.path())
        .arg(manifest("examples"));
    let out = run(cmd);
    let severities = ["error", "warning", "info"];
    assert!(
        severities
            .iter()
            .all(|s| out.stdout.contains(&format!(": {s}["))),
        "every severity must be in the sample: {}",
        out.stdout
    );
    for doc in ["README.md", "docs/editors.md"] {
        let matcher = problem_matcher_regexp(doc);
        for line in out.stdout.lines() {
            let caps = matcher.captures(line);
            let caps = caps.unwrap_or_else(|| panic!("{doc} misses {line}"));
            assert!(Path::new(&caps[1]).is_file(), "{doc}: file {}", &caps[1]);
            assert!(severities.contains(&&caps[4]), "{doc}: {line}");
            assert!(!caps[5].is_empty() && !caps[6].is_empty(), "{doc}: {line}");
        }
    }
}

#[test]
fn the_documented_task_opens_absolute_and_relative_paths_alike() {
    // `"relative"` joins the workspace folder to whatever path is printed:
    // an absolute one (`${file}`) then names a file that does not exist.
    for doc in ["README.md", "docs/editors.md"] {
        let text = std::fs::read_to_string(manifest(doc)).unwrap();
        let locations: Vec<&str> = (text.lines())
            .filter(|l| l.contains("\"fileLocation\""))
            .collect();
        assert!(!locations.is_empty(), "{doc}");
        for line in locations {
            assert!(line.contains("[\"autoDetect\","), "{doc}: {line}");
        }
    }
}
