//! The pre-commit hook definition, the GitHub Action and the workflows:
//! valid YAML with the keys their hosts require, and the action's script
//! run locally the way the runner runs it.

use std::path::Path;
use std::process::Command;

use serde_yaml::Value;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: invalid YAML: {e}"))
}

fn str_at<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("missing string `{key}` in {v:?}"))
}

/// Two hooks, as typos has: `clauselint` installs the wheel (no compiler),
/// `clauselint-src` builds from source; the same command on the same files.
#[test]
fn pre_commit_hooks_wheel_and_source_for_policy_files() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().expect("a list of hooks");
    let ids: Vec<(&str, &str)> = hooks
        .iter()
        .map(|h| (str_at(h, "id"), str_at(h, "language")))
        .collect();
    assert_eq!(ids, [("clauselint", "python"), ("clauselint-src", "rust")]);
    for hook in hooks {
        assert_eq!(str_at(hook, "entry"), "clauselint check --force-exclude");
        let types: Vec<&str> = hook["types_or"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(types, ["markdown", "html", "plain-text"]);
        assert_eq!(hook["require_serial"], Value::Bool(true));
    }
}

/// The wheel hook installs `clauselint==VERSION` (pyproject.toml); the
/// wheel (python/pyproject.toml, maturin) takes Cargo.toml's version. A
/// release must bump all of them together.
#[test]
fn python_packages_carry_the_crate_version() {
    let version = env!("CARGO_PKG_VERSION");
    let shim: toml::Table = toml::from_str(&std::fs::read_to_string("pyproject.toml").unwrap())
        .expect("pyproject.toml");
    assert_eq!(shim["project"]["version"].as_str(), Some(version));
    let deps = shim["project"]["dependencies"].as_array().unwrap();
    assert_eq!(deps.len(), 1);
    assert_eq!(
        deps[0].as_str(),
        Some(format!("clauselint=={version}").as_str())
    );
    let wheel: toml::Table =
        toml::from_str(&std::fs::read_to_string("python/pyproject.toml").unwrap())
            .expect("python/pyproject.toml");
    assert_eq!(wheel["project"]["name"].as_str(), Some("clauselint"));
    assert_eq!(
        wheel["project"]["dynamic"].as_array().unwrap()[0].as_str(),
        Some("version"),
        "maturin takes the version from Cargo.toml"
    );
    assert_eq!(wheel["tool"]["maturin"]["bindings"].as_str(), Some("bin"));
}

#[test]
fn action_is_a_composite_with_the_documented_inputs() {
    let action = yaml("action.yml");
    for key in ["name", "description"] {
        assert!(!str_at(&action, key).is_empty());
    }
    let inputs = action["inputs"].as_mapping().unwrap();
    for input in [
        "paths",
        "args",
        "config",
        "format",
        "sarif-file",
        "version",
        "download-url",
    ] {
        let def = inputs.get(input).unwrap_or_else(|| panic!("input {input}"));
        assert!(!str_at(def, "description").is_empty());
    }
    assert_eq!(str_at(&action["inputs"]["format"], "default"), "github");
    assert_eq!(str_at(&action["runs"], "using"), "composite");
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        // Composite `run` steps must say which shell runs them.
        if step.get("run").is_some() {
            assert_eq!(str_at(step, "shell"), "bash");
        } else {
            assert!(step.get("uses").is_some());
        }
    }
}

#[test]
fn ci_workflow_runs_checks_and_the_action_on_examples() {
    let ci = yaml(".github/workflows/ci.yml");
    assert!(
        ci.get("on").is_some() || ci.get(Value::Bool(true)).is_some(),
        "a trigger"
    );
    let jobs = ci["jobs"].as_mapping().unwrap();
    let mut runs = String::new();
    let mut uses_self = false;
    for (_, job) in jobs {
        assert!(job.get("runs-on").is_some());
        for step in job["steps"].as_sequence().unwrap() {
            assert!(
                step.get("run").is_some() || step.get("uses").is_some(),
                "{step:?}"
            );
            runs.push_str(step.get("run").and_then(Value::as_str).unwrap_or_default());
            uses_self |= step.get("uses").and_then(Value::as_str) == Some("./");
        }
    }
    for command in ["cargo fmt", "cargo clippy", "-D warnings", "cargo test"] {
        assert!(runs.contains(command), "{command}");
    }
    assert!(uses_self, "the workflow uses the action itself");
}

/// Runs `scripts/action.sh run` with the inputs as the runner passes them.
fn run_action(inputs: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new("bash");
    cmd.arg("scripts/action.sh")
        .arg("run")
        .env("CLAUSELINT_BIN", env!("CARGO_BIN_EXE_clauselint"))
        // `last-updated` compares the examples' dates with today: fix today.
        .env("CLAUSELINT_TODAY", "2026-06-01")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (name, value) in inputs {
        cmd.env(
            format!("INPUT_{}", name.to_uppercase().replace('-', "_")),
            value,
        );
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn action_script_fails_the_step_with_annotations_on_missing_clauses() {
    let (code, out) = run_action(&[
        ("paths", "examples/"),
        ("format", "github"),
        ("args", "--isolated"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("::error file=examples/fitness-app-privacy.txt,line=1,col=1"),
        "{out}"
    );
    let (code, out) = run_action(&[
        ("paths", "examples/acme-cloud-privacy.md"),
        ("format", "github"),
        ("args", "--isolated"),
    ]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn action_script_writes_sarif_and_keeps_the_check_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let (code, _) = run_action(&[
        ("paths", "examples/"),
        ("args", "--isolated"),
        ("sarif-file", sarif.to_str().unwrap()),
    ]);
    assert_eq!(code, 1);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    assert!(Path::new(&sarif).exists());
}

/// `paths` one per line keeps names with spaces whole.
#[test]
fn action_paths_one_per_line_keep_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let spaced = dir.path().join("our policy.md");
    std::fs::copy("examples/fitness-app-privacy.txt", &spaced).unwrap();
    let paths = format!("{}\nexamples/acme-cloud-privacy.md\n", spaced.display());
    let (code, out) = run_action(&[("paths", &paths), ("args", "--isolated")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("our policy.md"), "{out}");
}

/// A SARIF report that cannot be written fails the step and says why.
#[test]
fn action_fails_when_the_sarif_report_cannot_be_written() {
    let (code, out) = run_action(&[
        ("paths", "examples/acme-cloud-privacy.md"),
        ("args", "--isolated"),
        ("sarif-file", "/nonexistent-dir/out.sarif"),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("::error title=clauselint::the SARIF report /nonexistent-dir/out.sarif could not be written: error: cannot write /nonexistent-dir/out.sarif"),
        "{out}"
    );
}

/// The release workflow builds, on a version tag, an archive for every
/// platform the Action maps a runner to (and only those), and no job of any
/// workflow can run unbounded.
#[test]
fn release_workflow_builds_what_the_action_downloads() {
    let release = yaml(".github/workflows/release.yml");
    let on = release
        .get("on")
        .or_else(|| release.get(Value::Bool(true)))
        .expect("a trigger");
    assert_eq!(on["push"]["tags"][0].as_str(), Some("v*"));
    let mut built: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|entry| str_at(entry, "target"))
        .collect();
    built.sort_unstable();
    let script = std::fs::read_to_string("scripts/action.sh").unwrap();
    let mut downloaded: Vec<&str> = script
        .lines()
        .filter_map(|line| line.split_once(" target=")?.1.split([' ', ';']).next())
        .collect();
    downloaded.sort_unstable();
    assert_eq!(built, downloaded);
    assert_eq!(built.len(), 5);
    for workflow in [".github/workflows/ci.yml", ".github/workflows/release.yml"] {
        for (name, job) in yaml(workflow)["jobs"].as_mapping().unwrap() {
            assert!(
                job["timeout-minutes"].as_u64().is_some(),
                "{workflow}: job {name:?} has no timeout-minutes"
            );
        }
    }
}
