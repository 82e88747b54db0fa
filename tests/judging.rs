//! Which documents the clause rules judge: privacy notices, in a language a
//! clause rule covers. A legal-docs folder also holds terms of use and
//! translations; those are not judged, get no finding, and the summary
//! names them so that a run that judged nothing never looks clean.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{Run, run};

/// A privacy notice in English that has every clause the built-in rules
/// look for (dated within 12 months of CLAUSELINT_TODAY below).
const NOTICE: &str = "# Privacy Notice

Last updated: 3 November 2025

Bakehouse Online sells bread and cakes for delivery. This notice explains what we do with the personal data you give us when you order.

We use your name, delivery address and email address only to deliver your order and to send you the receipt.

We keep order records for 6 years, because tax law requires it, and then delete them.

We share your address with our delivery partner and your card details with our payment processor. We do not sell your data.

The shop is not directed to children under 16.

Questions about your data? Write to privacy@bakehouse.test.
";

/// The same notice without its contact point: one error.
fn notice_without_contact() -> String {
    let text = NOTICE.replace(
        "\nQuestions about your data? Write to privacy@bakehouse.test.\n",
        "",
    );
    assert_ne!(text, NOTICE);
    text
}

/// Its German translation, shortened: the built-in rules are English only.
const GERMAN: &str = "# Datenschutzerklärung

Wir verwenden Ihren Namen, Ihre Lieferadresse und Ihre E-Mail-Adresse nur, um Ihre Bestellung zu liefern und Ihnen die Rechnung zu schicken.

Bestelldaten bewahren wir sechs Jahre lang auf, weil das Steuerrecht es verlangt, und löschen sie danach.
";

/// Terms of use beside the notice: judged as a privacy notice, it would
/// miss every clause.
const TERMS: &str = "# Terms of Use

By ordering from Bakehouse Online you agree to pay for the goods you order. We deliver within the city limits on weekdays, and you can cancel an order until the day before delivery.
";

const NOT_PRIVACY: &str = "1 document not judged: not privacy notices (terms of use 1)";
const NOT_ENGLISH: &str = "1 document in de not judged: no rules for this language.";

/// A legal-docs folder: `en/privacy.md` (the given text), `de/privacy.md`
/// and `en/terms.md`, and `extra` files.
fn legal_docs(notice: &str, extra: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("en/privacy.md", notice),
        ("de/privacy.md", GERMAN),
        ("en/terms.md", TERMS),
    ];
    for (name, text) in files.iter().chain(extra) {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `clauselint check ARGS` in `dir`, with today fixed.
fn check(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("CLAUSELINT_TODAY", "2026-01-15")
        .env_remove("GITHUB_STEP_SUMMARY")
        .arg("check")
        .args(args);
    run(cmd)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

/// The JSON entry of `path`.
fn file<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no {path} in {report}"))
}

#[test]
fn only_the_english_privacy_notice_is_judged_and_the_others_are_named() {
    let dir = legal_docs(&notice_without_contact(), &[]);
    let out = check(dir.path(), &["--isolated", "--format", "concise"]);
    assert_eq!(
        out.code,
        Some(1),
        "the English notice has an error: {}",
        out.stderr
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "en/privacy.md:1:3: error[contact-point] No contact point: the policy gives no email, web form, postal address or phone number for privacy questions"
        ],
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains("Checked 3 files against 11 rules: 1 error."),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(NOT_PRIVACY), "{}", out.stderr);
    assert!(out.stderr.contains(NOT_ENGLISH), "{}", out.stderr);
}

#[test]
fn documents_not_judged_fail_the_run_only_when_asked() {
    let dir = legal_docs(NOTICE, &[]);
    let out = check(dir.path(), &["--isolated", "--format", "concise"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), ""),
        "{}",
        out.stderr
    );
    // A clean run still says what it did not judge.
    assert!(out.stderr.contains(NOT_PRIVACY), "{}", out.stderr);
    assert!(out.stderr.contains(NOT_ENGLISH), "{}", out.stderr);

    let out = check(
        dir.path(),
        &["--isolated", "--format", "concise", "--fail-on-unjudged"],
    );
    // It fails, and names each file with its reason.
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (
            Some(1),
            "de/privacy.md:1:3: error[not-judged] not judged: no clause rules for its language (de)\n\
             en/terms.md:1:3: error[not-judged] not judged: terms of use, not a privacy notice (decided by its title, \"Terms of Use\")\n"
        ),
        "{}",
        out.stderr
    );
    // Or from the configuration.
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "fail-on-unjudged = true\n",
    )
    .unwrap();
    assert_eq!(check(dir.path(), &["--format", "concise"]).code, Some(1));
    // With only the English notice there is nothing left unjudged.
    let out = check(dir.path(), &["--format", "concise", "en/privacy.md"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stderr.contains("not judged"), "{}", out.stderr);
}

#[test]
fn the_configuration_says_what_a_document_is() {
    let config = "[[documents]]\nfiles = [\"en/terms.md\"]\nkind = \"privacy-notice\"\n";
    let dir = legal_docs(NOTICE, &[("clauselint.toml", config)]);
    let out = check(dir.path(), &["--format", "concise"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    // The terms are now judged as a privacy notice, and miss its clauses.
    assert!(!out.stdout.is_empty());
    assert!(
        out.stdout
            .lines()
            .all(|l| l.starts_with("en/terms.md:1:3: ")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("error[contact-point]"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stderr.contains("not privacy notices"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(NOT_ENGLISH), "{}", out.stderr);

    // A language, likewise: the German notice read as English misses the
    // clauses the English rules look for.
    let config = "[[documents]]\nfiles = [\"de/**\"]\nlanguage = \"en\"\n";
    std::fs::write(dir.path().join("clauselint.toml"), config).unwrap();
    let out = check(dir.path(), &["--format", "concise"]);
    assert!(
        out.stdout.lines().all(|l| l.starts_with("de/privacy.md:")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("error[contact-point]"),
        "{}",
        out.stdout
    );
    assert!(!out.stderr.contains("in de not judged"), "{}", out.stderr);
    assert!(out.stderr.contains(NOT_PRIVACY), "{}", out.stderr);
}

#[test]
fn json_says_why_a_document_was_not_judged() {
    let dir = legal_docs(NOTICE, &[]);
    let out = check(dir.path(), &["--isolated", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report = json(&out.stdout);

    let notice = file(&report, "en/privacy.md");
    assert_eq!(notice["status"], "checked");
    assert_eq!(notice["kind"], "privacy-notice");
    assert_eq!(notice["language"]["code"], "en");
    assert_eq!(notice["language"]["detected"], "en");
    assert_eq!(notice["language"]["declared_by"], "locale folder");
    assert!(notice.get("not_judged").is_none(), "{notice}");

    let german = file(&report, "de/privacy.md");
    assert_eq!(german["status"], "not-judged");
    assert_eq!(german["kind"], "privacy-notice");
    assert_eq!(german["language"]["code"], "de");
    assert_eq!(german["not_judged"]["reason"], "language");
    let message = german["not_judged"]["message"].as_str().unwrap();
    assert!(message.contains("(de)"), "{message}");
    assert_eq!(german["findings"], Value::Array(Vec::new()));

    let terms = file(&report, "en/terms.md");
    assert_eq!(terms["status"], "not-judged");
    assert_eq!(terms["kind"], "terms-of-use");
    assert_eq!(terms["language"]["code"], "en");
    assert_eq!(terms["not_judged"]["reason"], "kind");
    // The message names the kind and what decided it.
    let message = terms["not_judged"]["message"].as_str().unwrap();
    assert!(message.contains("terms of use"), "{message}");
    assert!(message.contains("its title, \"Terms of Use\""), "{message}");
    assert_eq!(terms["findings"], Value::Array(Vec::new()));
}

#[test]
fn a_declared_language_the_text_contradicts_is_judged_as_the_text_reads() {
    let declared_german = NOTICE.replace(
        "# Privacy Notice\n",
        "---\ntitle: Privacy Notice\nlang: de\n---\n\n# Privacy Notice\n",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("privacy.md"), declared_german).unwrap();
    let out = check(
        dir.path(),
        &["--isolated", "--format", "json", "privacy.md"],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stderr.contains("not judged"), "{}", out.stderr);
    let report = json(&out.stdout);
    let notice = file(&report, "privacy.md");
    assert_eq!(notice["status"], "checked");
    let language = &notice["language"];
    assert_eq!(language["code"], "en");
    assert_eq!(language["declared"], "de");
    assert_eq!(language["declared_by"], "front matter");
    assert_eq!(language["detected"], "en");
    assert_eq!(
        language["note"],
        "declared as `de` (front matter) but the text reads as English (en); judged as en"
    );
    // People and editors are told too, at the declaration, without failing.
    let out = check(
        dir.path(),
        &["--isolated", "--format", "concise", "privacy.md"],
    );
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (
            Some(0),
            "privacy.md:3:7: info[language] declared as `de` (front matter) but the text reads as English (en); judged as en\n"
        )
    );
    // Judged, so a missing clause is found (at the title, in the front
    // matter).
    let without_contact = std::fs::read_to_string(dir.path().join("privacy.md"))
        .unwrap()
        .replace(
            "Questions about your data? Write to privacy@bakehouse.test.\n",
            "",
        );
    std::fs::write(dir.path().join("privacy.md"), without_contact).unwrap();
    let out = check(
        dir.path(),
        &["--isolated", "--format", "concise", "privacy.md"],
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("privacy.md:2:8: error[contact-point]"),
        "{}",
        out.stdout
    );
}

/// The Japanese version of the notice, in the same file as the English one.
const JAPANESE: &str = "# プライバシーポリシー

当社は、お客様からお預かりした氏名、配送先住所およびメールアドレスを、ご注文の配送と領収書の送付のためにのみ利用します。注文記録は、税法の定めにより六年間保存し、その後削除します。

当社は、配送先住所を配送業者に、カード情報を決済代行会社に提供します。当社は個人情報を販売しません。本サービスは十六歳未満の方を対象としていません。

個人情報に関するお問い合わせは、上記のメールアドレスまでご連絡ください。
";

#[test]
fn a_bilingual_notice_is_judged_by_its_english_section() {
    // Complete in English: the Japanese section is not read as an English
    // notice missing its clauses.
    let both = format!("{NOTICE}\n{JAPANESE}");
    let dir = legal_docs(&both, &[]);
    // The Japanese section is judged by the Japanese rules: this short
    // version names no operator, security measures or request procedure,
    // which the APPI items report; the clause rules find every clause.
    let appi = "purposes-of-use,security-measures,disclosure-requests,operator-identity,complaint-contact,foreign-transfer";
    let out = check(
        dir.path(),
        &["--format", "json", "--ignore", appi, "en/privacy.md"],
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    let report = json(&out.stdout);
    assert_eq!(file(&report, "en/privacy.md")["status"], "checked");
    // Without its English contact sentence, the English section misses it,
    // although the Japanese section names a contact window, and although
    // most of the file is Japanese (no rules): the English section is
    // judged on its own.
    let both = format!("{}\n{}", notice_without_contact(), JAPANESE.repeat(3));
    let dir = legal_docs(&both, &[]);
    let out = check(dir.path(), &["--format", "concise", "en/privacy.md"]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("error[contact-point]"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_notice_whose_language_cannot_be_told_fails_until_it_is_declared() {
    // A few words: no language can be told from them. Passing would be a
    // silent pass in a pre-commit hook, whose output shows only on failure.
    let dir = legal_docs(NOTICE, &[("privacy.md", "# Privacy\n\nAsk us.\n")]);
    let out = check(dir.path(), &["--format", "concise", "privacy.md"]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("1 document not judged: the language could not be identified"),
        "{}",
        out.stderr
    );
    // Declared, it is judged (and misses its clauses).
    std::fs::write(
        dir.path().join("privacy.md"),
        "---\nlang: en\n---\n# Privacy\n\nAsk us.\n",
    )
    .unwrap();
    let out = check(dir.path(), &["--format", "concise", "privacy.md"]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("privacy.md:4:3: error[contact-point]"),
        "{}",
        out.stdout
    );
}
