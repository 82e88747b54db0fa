//! `clauselint eval`: precision and recall of missing-clause findings
//! against a labels file, and the `kind` column.

mod common;

use assert_cmd::Command;
use common::run;
use tempfile::TempDir;

/// A notice with a contact point and nothing about children.
const WITH_CONTACT: &str = "---\nlang: en\n---\n# Privacy Policy\n\nWe collect your email address to send the newsletter.\n\nQuestions about this policy? Email privacy@harbourlight.test.\n";

/// A notice with neither.
const WITHOUT_CONTACT: &str = "---\nlang: en\n---\n# Privacy Policy\n\nWe collect your email address to send the newsletter.\n";

/// Terms of use: not judged, whatever its clause labels say.
const TERMS: &str = "---\nlang: en\n---\n# Terms of Use\n\nBy using this site you agree to these terms. We collect your email address.\n";

fn corpus(labels: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("with-contact.md", WITH_CONTACT),
        ("without-contact.md", WITHOUT_CONTACT),
        ("terms.md", TERMS),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(dir.path().join("labels.csv"), labels).unwrap();
    dir
}

fn eval(dir: &TempDir) -> common::Run {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.arg("eval")
        .arg("--isolated")
        .arg(dir.path())
        .arg("--labels")
        .arg(dir.path().join("labels.csv"));
    run(cmd)
}

/// The counts row of `rule` in the table: TP FP FN TN.
fn counts(stdout: &str, rule: &str) -> Vec<u32> {
    let line = (stdout.lines())
        .find(|l| l.split_whitespace().next() == Some(rule))
        .unwrap_or_else(|| panic!("no row for {rule}:\n{stdout}"));
    (line.split_whitespace().skip(1).take(4))
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn counts_missing_findings_against_the_labels() {
    // The second notice is labelled wrongly as having a contact point: our
    // "missing" finding there is a false positive, the other a true one.
    let dir = corpus("file,contact,minors\nwith-contact.md,1,0\nwithout-contact.md,1,0\n");
    let out = eval(&dir);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(counts(&out.stdout, "contact-point"), [0, 1, 0, 1]);
    assert_eq!(counts(&out.stdout, "minors"), [2, 0, 0, 0]);
}

#[test]
fn pages_labelled_other_count_for_the_kind_only() {
    // The terms of use carry clause labels that would count as a false
    // negative (absent contact, not judged); labelled `other`, they are
    // measured by the kind column alone.
    let dir = corpus(
        "file,kind,contact\nwith-contact.md,privacy,1\nwithout-contact.md,privacy,0\nterms.md,other,0\n",
    );
    let out = eval(&dir);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(counts(&out.stdout, "contact-point"), [1, 0, 0, 1]);
    assert!(
        out.stdout
            .contains("document kind (privacy notice or not): 3 of 3 agree"),
        "{}",
        out.stdout
    );
}
