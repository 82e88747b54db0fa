//! End-to-end tests of the `clauselint` binary: exit codes, output formats,
//! bad input, configuration.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn clauselint() -> Command {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // `last-updated` compares the policy's date with today: fix today.
        .env("CLAUSELINT_TODAY", "2026-01-15")
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// A complete policy: every built-in rule is satisfied.
const GOOD: &str = "Privacy Policy\n\nLast updated: January 5, 2026\n\nQuestions? Email privacy@shop.test.\n\nWe keep order records for 6 years.\n\nWe share orders with our payment processor.\n\nThe shop is not directed to children under 13.\n";

/// A privacy notice that is only begun: a title and one English sentence,
/// enough to be judged, and no clause but the data it collects.
const BEGUN: &str = "Privacy Policy\n\nWe collect your email address to send you our newsletter and use it for nothing else.\n";

fn dir_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// `clauselint check --isolated --format concise` (config files ignored).
fn check_concise() -> Command {
    let mut cmd = clauselint();
    cmd.args(["check", "--isolated", "--format", "concise"]);
    cmd
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

#[test]
fn a_complete_policy_passes_with_exit_0() {
    let dir = dir_with(&[("good.txt", GOOD.as_bytes())]);
    check_concise()
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("Checked 1 file against 11 rules"));
}

#[test]
fn missing_clauses_fail_with_exit_1_at_the_title() {
    check_concise().args([&fixture("straße-policy.txt")])
        .assert()
        .code(1)
        .stdout(
            "tests/fixtures/straße-policy.txt:1:1: error[contact-point] No contact point: the policy gives no email, web form, postal address or phone number for privacy questions\n\
             tests/fixtures/straße-policy.txt:1:1: error[third-party-processors] No recipients: the policy does not say who receives personal data (processors, service providers, partners) or that no one does\n\
             tests/fixtures/straße-policy.txt:1:1: warning[last-updated] No date: the policy does not say when it was last updated or took effect\n",
        );
}

#[test]
fn fail_on_and_exit_zero_change_the_exit_code() {
    let file = fixture("straße-policy.txt");
    let args = ["check", "--isolated", "--format", "concise", file.as_str()];
    clauselint()
        .args(args)
        .args(["--select", "minors"])
        .assert()
        .code(0);
    clauselint().args(args).arg("--exit-zero").assert().code(0);
    // Downgraded to warnings, the findings pass the default fail level...
    let dir = dir_with(&[(
        "clauselint.toml",
        b"[severity]\ncontact-point = \"warning\"\nthird-party-processors = \"warning\"\n",
    )]);
    let abs = std::fs::canonicalize(&file).unwrap();
    let run = |extra: &[&str]| {
        clauselint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"])
            .arg(&abs)
            .args(extra)
            .assert()
    };
    run(&[])
        .code(0)
        .stdout(predicate::str::contains("warning[contact-point]"));
    // ...and fail at --fail-on warning.
    run(&["--fail-on", "warning"]).code(1);
}

#[test]
fn no_files_checked_is_a_loud_error() {
    let dir = dir_with(&[("logo.png", b"\x89PNG")]);
    clauselint()
        .current_dir(dir.path())
        .args(["check", "--isolated"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no files were checked"));
}

#[test]
fn gitignored_and_hidden_files_are_skipped_but_explicit_files_are_linted() {
    let dir = dir_with(&[
        (".gitignore", b"drafts/\n"),
        ("drafts/draft.md", format!("# {BEGUN}").as_bytes()),
        (".hidden/p.md", format!("# {BEGUN}").as_bytes()),
        ("policy.txt", GOOD.as_bytes()),
    ]);
    clauselint()
        .current_dir(dir.path())
        .args(["check", "--isolated"])
        .assert()
        .code(0);
    check_concise()
        .current_dir(dir.path())
        .args(["drafts/draft.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "drafts/draft.md:1:3: error[contact-point]",
        ));
}

#[test]
fn output_is_sorted_by_path_then_position() {
    let files: Vec<(String, &[u8])> = (0..40)
        .map(|i| (format!("p{:02}.txt", 39 - i), BEGUN.as_bytes()))
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    let dir = dir_with(&refs);
    let out = check_concise().current_dir(dir.path()).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 200);
    let mut sorted = lines.clone();
    sorted.sort_by_key(|l| l.split(':').next().unwrap().to_owned());
    assert_eq!(lines, sorted);
}

#[test]
fn bad_inputs_are_reported_by_name_with_exit_2_and_others_still_linted() {
    let dir = dir_with(&[
        ("binary.txt", b"PK\x03\x04\x00\x00\x00binary"),
        (
            "broken-utf8.md",
            "# Caf\u{e9}\n\nna\u{ef}ve text ".as_bytes(),
        ),
        ("empty.md", b""),
        ("zz-policy.txt", BEGUN.as_bytes()),
    ]);
    // Append an invalid byte after valid multi-byte UTF-8.
    let mut broken = std::fs::read(dir.path().join("broken-utf8.md")).unwrap();
    broken.extend_from_slice(b"\xff\xfe trailing");
    std::fs::write(dir.path().join("broken-utf8.md"), broken).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("missing-target.md", dir.path().join("dangling.md")).unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
    }
    let assert = check_concise().current_dir(dir.path()).assert().code(2);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("binary.txt:1:1: error[decode] binary file"),
        "{out}"
    );
    assert!(
        out.contains("broken-utf8.md:1:1: error[decode] invalid UTF-8"),
        "{out}"
    );
    assert!(
        out.contains("empty.md:1:1: error[empty] file is empty"),
        "{out}"
    );
    #[cfg(unix)]
    {
        assert!(out.contains("dangling.md"), "{out}");
        assert!(out.contains("loop"), "{out}");
    }
    // The good file's findings are still printed.
    assert!(
        out.contains("zz-policy.txt:1:1: error[contact-point]"),
        "{out}"
    );
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(!err.contains("panicked"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with(&[("locked.md", b"# Policy\n"), ("ok.txt", GOOD.as_bytes())]);
    let locked = dir.path().join("locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reads. A directory in
        // place of a file is unreadable as a file for everyone.
        std::fs::remove_file(&locked).unwrap();
        std::fs::create_dir(&locked).unwrap();
        check_concise()
            .current_dir(dir.path())
            .args(["locked.md/", "ok.txt"])
            .assert()
            .code(0);
        return;
    }
    check_concise()
        .current_dir(dir.path())
        .args(["locked.md", "ok.txt"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "locked.md:1:1: error[io] cannot read file",
        ));
}

#[test]
fn a_malformed_rule_file_points_at_the_toml_span() {
    let dir = dir_with(&[
        (
            "bad.toml",
            b"[[rule]]\nid = \"x\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = { regex = '(oops' }\n",
        ),
        ("p.txt", GOOD.as_bytes()),
    ]);
    clauselint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--rules", "bad.toml", "p.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml: invalid regex"))
        .stderr(predicate::str::contains("[bad.toml:5:19]"))
        .stderr(predicate::str::contains("this regex does not compile"));
}

#[test]
fn an_unknown_config_key_and_an_unknown_rule_id_are_errors() {
    let dir = dir_with(&[
        ("clauselint.toml", b"ignore = [\"minor\"]\n"),
        ("p.txt", GOOD.as_bytes()),
    ]);
    clauselint()
        .current_dir(dir.path())
        .args(["check", "p.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule id `minor` (did you mean `minors`?)",
        ));
    let dir = dir_with(&[
        (".clauselint.toml", b"fail_on = \"error\"\n"),
        ("p.txt", GOOD.as_bytes()),
    ]);
    clauselint()
        .current_dir(dir.path())
        .args(["check", "p.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `fail_on`"));
    clauselint()
        .args(["check", "--select", "retenton", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `retention`"));
}

#[test]
fn config_excludes_and_adds_rules() {
    let rules = b"[[rule]]\nid = \"no-lorem\"\ntitle = \"No placeholder text\"\nkind = \"forbid\"\nseverity = \"warning\"\nmessage = \"Placeholder text\"\nmatch = \"lorem ipsum\"\n[rule.examples]\npass = [\"Real text.\"]\nfail = [\"Lorem ipsum dolor.\"]\n";
    let dir = dir_with(&[
        (
            "clauselint.toml",
            b"rules = [\"house-rules\"]\nexclude = [\"archive/\"]\nselect = [\"no-lorem\"]\n",
        ),
        ("house-rules/lorem.toml", rules),
        (
            "archive/old.md",
            b"# Old privacy policy\n\nWe collected your email address for our newsletter: lorem ipsum.\n",
        ),
        (
            "policies/new.md",
            b"# New privacy policy\n\nWe collect your email address for our newsletter, then Lorem\nipsum again.\n",
        ),
    ]);
    clauselint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "--fail-on", "warning"])
        .assert()
        .code(1)
        .stdout("policies/new.md:3:56: warning[no-lorem] Placeholder text\n");
}

#[test]
fn rules_lists_and_rule_explains() {
    clauselint()
        .args(["rules", "--isolated"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("contact-point"))
        .stdout(predicate::str::contains("(built-in) rules/minors.toml"));
    clauselint()
        .args(["rule", "retention", "--isolated"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("References"))
        .stdout(predicate::str::contains("GDPR Art. 13(2)(a)"))
        .stdout(predicate::str::contains("Examples that trigger the rule"));
    clauselint()
        .args(["rule", "retension", "--isolated"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `retention`"));
}

/// `rules --terms` lists the vocabulary as written (the benchmark's grep
/// patterns); `rules --phrases` adds every inflection the matcher looks for.
#[test]
fn rules_prints_terms_as_written_or_with_inflections() {
    let rules = "[vocabulary.keeping]\nphrases = [\"retain\", \"third-party   service\"]\nregex = ['\\bfor \\d+ days']\n[[rule]]\nid = \"keep\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = \"@keeping\"\n";
    let dir = dir_with(&[("r.toml", rules.as_bytes())]);
    let run = |flag: &str| {
        let out = clauselint()
            .current_dir(dir.path())
            .args([
                "rules",
                "--isolated",
                "--no-builtin",
                "--rules",
                "r.toml",
                flag,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run("--terms"),
        "\\bfor \\d+ days\nretain\nthird\\-party service\n"
    );
    let inflected = run("--phrases");
    for line in [
        "retain",
        "retained",
        "retains",
        "third\\-party services",
        "\\bfor \\d+ days",
    ] {
        assert!(
            inflected.lines().any(|l| l == line),
            "{line} in {inflected}"
        );
    }
}

#[test]
fn test_runs_user_rule_examples_and_reports_failures() {
    let rules = "[[rule]]\nid = \"no-lorem\"\ntitle = \"t\"\nkind = \"forbid\"\nmessage = \"m\"\nmatch = \"lorem ipsum\"\n[rule.examples]\npass = [\"Real text.\", \"lorem ipsum sneaks in\"]\nfail = [\"Lorem ipsum dolor.\"]\n";
    let dir = dir_with(&[("r.toml", rules.as_bytes())]);
    clauselint()
        .current_dir(dir.path())
        .args(["test", "r.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "r.toml:8:23: no-lorem: a `pass` example triggers the rule",
        ))
        .stdout(predicate::str::contains("lorem ipsum sneaks in"))
        .stdout(predicate::str::contains("2 passed, 1 failed"));
    clauselint()
        .arg("test")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" passed, 0 failed"));
}

#[test]
fn help_documents_exit_codes() {
    clauselint()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Exit codes"));
    clauselint().args(["check", "--bogus"]).assert().code(2);
}

#[test]
fn concise_positions_match_the_fixture_text() {
    // Every position printed for the fixtures points at the anchor text: the
    // title line, whose column is counted in characters.
    for (name, line, col) in [
        ("café-policy.md", 2, 9),
        ("日本-policy.html", 3, 14),
        ("straße-policy.txt", 1, 1),
    ] {
        let path = fixture(name);
        let out = check_concise().args([&path]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let expected = format!("{path}:{line}:{col}: ");
        assert!(
            text.lines().all(|l| l.starts_with(&expected)),
            "{name}: {text}"
        );
        assert!(!text.is_empty());
        assert!(Path::new(&path).exists());
    }
}

#[test]
fn reported_line_and_column_count_characters_as_editors_do() {
    for name in ["café-policy.md", "日本-policy.html", "straße-policy.txt"] {
        let path = fixture(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let (line_idx, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("hereinafter"))
            .unwrap();
        let byte_col = line.find("hereinafter").unwrap();
        let char_col = line[..byte_col].chars().count() + 1;
        assert_ne!(
            char_col,
            byte_col + 1,
            "{name}: the fixture must have multi-byte text before the word"
        );
        let out = check_concise()
            .args(["--select", "plain-language"])
            .args(["--rules", "tests/fixtures/rules/plain-language.toml", &path])
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            stdout,
            format!(
                "{path}:{}:{char_col}: warning[plain-language] Legalese: say it plainly\n",
                line_idx + 1
            )
        );
    }
}

#[test]
fn a_rule_file_named_twice_is_loaded_once() {
    let rules = b"[[rule]]\nid = \"no-lorem\"\ntitle = \"t\"\nkind = \"forbid\"\nmessage = \"m\"\nmatch = \"lorem\"\n[rule.examples]\npass = [\"Real text.\"]\nfail = [\"Lorem.\"]\n";
    let dir = dir_with(&[("house/lorem.toml", rules), ("p.txt", GOOD.as_bytes())]);
    clauselint()
        .current_dir(dir.path())
        .args([
            "check",
            "--isolated",
            "--rules",
            "house",
            "--rules",
            "house/lorem.toml",
            "p.txt",
        ])
        .assert()
        .code(0);
    clauselint()
        .current_dir(dir.path())
        .args(["test", "--no-builtin", "house", "house/lorem.toml"])
        .assert()
        .code(0)
        .stdout("2 passed, 0 failed\n");
}

#[test]
fn stdin_is_linted_as_the_named_file() {
    let dir = dir_with(&[(
        "clauselint.toml",
        b"[[overrides]]\nfiles = [\"b2b/**\"]\nignore = [\"minors\"]\n",
    )]);
    let run = |name: &str, text: &str| {
        let out = clauselint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise", "--stdin-filename", name])
            .write_stdin(text.to_owned())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    let policy = GOOD.replace("The shop is not directed to children under 13.\n", "");
    let (code, out) = run("policies/unsaved.md", &policy);
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "policies/unsaved.md:1:1: error[minors] No children's clause: the policy does not say whether the service is for children or how their data is handled\n"
        )
    );
    // The configuration applies to the name as to a file of that path.
    assert_eq!(run("b2b/unsaved.md", &policy), (0, String::new()));
    // The extension picks the format: HTML markup is not policy text.
    let (_, out) = run(
        "page.html",
        "<h1>Privacy Policy</h1><p>Email privacy@shop.test with any question about the personal data we hold.</p>",
    );
    assert!(out.starts_with("page.html:1:5: error[retention]"), "{out}");
    clauselint()
        .args(["check", "--stdin-filename", "x.md", "other.md"])
        .assert()
        .code(2);
}

#[test]
fn broken_front_matter_is_an_input_error_but_the_body_is_still_linted() {
    let dir = dir_with(&[(
        "p.md",
        b"---\ntitle: \"Broken\nlang: [en\n---\n\n# Privacy Policy\n\nWe collect your email address to send you our newsletter and use it for nothing else.\n",
    )]);
    let out = check_concise()
        .current_dir(dir.path())
        .args(["p.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("p.md:4:1: error[front-matter] invalid YAML front matter: found unexpected end of stream at line 4 column 1, while scanning a quoted scalar at line 2 column 8"), "{stdout}");
    assert!(
        stdout.contains("error[contact-point]"),
        "the body is linted: {stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("1 checked file has input errors"),
        "{stderr}"
    );
}

#[test]
fn completions_and_the_man_page_are_generated_from_the_command_line() {
    let out = clauselint().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("_clauselint()"), "{script}");
    assert!(
        script.contains("--max-file-size"),
        "every option is completed"
    );
    let out = clauselint().arg("man").output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH clauselint"),
        "{page}"
    );
    let out = clauselint().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

/// The default format from the environment, and colour as other tools
/// decide it: NO_COLOR, FORCE_COLOR, TERM=dumb.
#[test]
fn the_environment_chooses_the_default_format_and_colour() {
    let run = |env: &[(&str, &str)]| {
        let mut cmd = clauselint();
        cmd.env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("CLAUSELINT_OUTPUT_FORMAT");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["check", "--isolated", "examples/fitness-app-privacy.txt"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let concise = run(&[("CLAUSELINT_OUTPUT_FORMAT", "concise")]);
    assert!(concise.contains(": error[contact-point]"), "{concise}");
    assert!(run(&[("FORCE_COLOR", "1")]).contains('\x1b'));
    assert!(!run(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
    assert!(!run(&[("FORCE_COLOR", "0")]).contains('\x1b'));
    // Not a terminal here: no colour without FORCE_COLOR.
    assert!(!run(&[("TERM", "dumb")]).contains('\x1b'));
}

/// pre-commit names every staged file: with --force-exclude the
/// configuration's `exclude` holds for them too, and a commit touching only
/// excluded files is not blocked.
#[test]
fn force_exclude_applies_the_configuration_to_named_files() {
    let dir = dir_with(&[
        ("clauselint.toml", b"exclude = [\"drafts/**\"]\n"),
        ("drafts/p.txt", BEGUN.as_bytes()),
        ("p.txt", BEGUN.as_bytes()),
    ]);
    let run = |args: &[&str]| {
        let out = clauselint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"])
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
        (out.status.code(), text)
    };
    // Named without the flag, an excluded file is linted (as before).
    assert_eq!(run(&["drafts/p.txt"]).0, Some(1));
    let (code, text) = run(&["--force-exclude", "drafts/p.txt"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("1 file named excluded by the configuration"),
        "{text}"
    );
    // SARIF agrees with the exit code: nothing went wrong.
    let out = clauselint()
        .current_dir(dir.path())
        .args([
            "check",
            "--force-exclude",
            "--format",
            "sarif",
            "drafts/p.txt",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"executionSuccessful\": true"), "{text}");
    let (code, text) = run(&["--force-exclude", "drafts/p.txt", "p.txt"]);
    assert_eq!(code, Some(1));
    assert!(text.starts_with("p.txt:"), "{text}");
}

/// `-` reads standard input, named by --stdin-filename when given.
#[test]
fn a_dash_reads_standard_input() {
    let out = clauselint()
        .args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "-",
            "--stdin-filename",
            "notes/p.txt",
        ])
        .write_stdin(BEGUN)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.starts_with("notes/p.txt:"), "{stdout}");
    let out = clauselint()
        .args(["check", "--isolated", "--format", "concise", "-"])
        .write_stdin(BEGUN)
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("-:"));
    let out = clauselint().args(["check", "-", "p.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn eval_verbose_lists_evidence_outside_the_annotated_passages() {
    // Two retention sentences: the annotators marked the first paragraph
    // only, so the second sentence is evidence outside every passage.
    let policy = "Privacy Policy\n\nWe keep order records for 6 years.\n\nOur retention policy: logs are deleted after 30 days.\n";
    let first = policy.find("We keep").unwrap();
    let first_end = policy.find("\n\nOur").unwrap();
    let segments = format!("file,byte_start,byte_end,retention\np.en.txt,{first},{first_end},1\n");
    let dir = dir_with(&[
        ("corpus/p.en.txt", policy.as_bytes()),
        ("labels.csv", b"file,retention\np.en.txt,1\n"),
        ("segments.csv", segments.as_bytes()),
    ]);
    let args = [
        "eval",
        "--isolated",
        "corpus",
        "--labels",
        "labels.csv",
        "--segments",
        "segments.csv",
    ];
    let out = clauselint()
        .current_dir(dir.path())
        .args(args)
        .arg("--verbose")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    // Every match counts: the second sentence matches twice.
    assert!(out.contains("1/3 (0.333)"), "{out}");
    let listed = out
        .split_once("Evidence outside every annotated passage of its rule:")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no listing: {out}"));
    assert!(listed.contains("\"Our retention policy: logs are deleted after 30 days.\""));
    assert!(!listed.contains("We keep order records"));
    // Without --verbose, only the table.
    clauselint()
        .current_dir(dir.path())
        .args(args)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Evidence outside").not());
}

#[test]
fn lossy_decoding_reads_mixed_utf8_and_says_what_it_replaced() {
    // A policy saved as UTF-8 ("é" as C3 A9) with one Windows-1252 byte
    // (E9) pasted in on its fourth line.
    let mut text = BEGUN.as_bytes().to_vec();
    text.extend_from_slice(b"Caf\xc3\xa9 owners ask caf\xe9 staff.\n");
    let dir = dir_with(&[("mixed.txt", &text)]);
    let refused = check_concise().current_dir(dir.path()).assert().code(2);
    let out = String::from_utf8(refused.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("error[decode] invalid UTF-8 at byte 122 (line 4)"),
        "{out}"
    );
    assert!(!out.contains("error[contact-point]"), "not linted: {out}");
    let lossy = check_concise()
        .arg("--lossy-decoding")
        .current_dir(dir.path())
        .assert()
        .code(2);
    let out = String::from_utf8(lossy.get_output().stdout.clone()).unwrap();
    // Said at the replaced byte (line 4, after "Café owners ask caf"), and
    // the file is linted.
    assert!(
        out.contains(
            "mixed.txt:4:20: error[decode] invalid UTF-8: 1 sequence replaced with U+FFFD"
        ),
        "{out}"
    );
    assert!(out.contains("mixed.txt:1:1: error[contact-point]"), "{out}");
}
