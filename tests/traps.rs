//! The traps of naive keyword matching (shared/design/clauses.md), one test
//! each: wording that looks like a clause but is not one, and clauses that
//! look unusual but are real. Each trap is linted through the binary with
//! only the rule it concerns (`--select`), as a plain-text file read from
//! standard input and declared a passage of an English privacy notice (see
//! [`common::passage_config`]), and the test asserts whether that rule
//! reports it.
//!
//! Traps that concern the quality rules (retention-vague,
//! contact-point-placeholder, ...) are also kept as examples in their rule
//! files; the ones here check the verdict of the clause rules, and of the
//! quality rule that qualifies them where both matter.

use assert_cmd::Command;

mod common;
use common::passage_config;

/// Whether `rule` reports a finding on `text`.
fn fires(rule: &str, text: &str) -> bool {
    let config = passage_config();
    let out = Command::cargo_bin("clauselint")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("CLAUSELINT_TODAY", "2026-01-15")
        .args(["check", "--format", "concise", "--exit-zero"])
        .args(config.args())
        .args(["--select", rule, "--stdin-filename", "trap.txt"])
        .write_stdin(text.to_owned())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{rule} on {text:?}: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    stdout.lines().any(|l| l.contains(&format!("[{rule}]")))
}

/// The clause `rule` is found in `text` (a `require` rule reports nothing).
fn present(rule: &str, text: &str) -> bool {
    !fires(rule, text)
}

// ------------------------------------------------------------------ contact point

#[test]
fn contact_your_contacts_are_collected_data_not_a_contact_point() {
    let text = "We import your contacts from your address book if you allow it.";
    assert!(!present("contact-point", text));
}

#[test]
fn contact_information_we_collect_is_not_a_contact_point() {
    let text =
        "The contact information we collect includes your name, email address and phone number.";
    assert!(!present("contact-point", text));
}

#[test]
fn contact_point_given_only_as_a_web_form() {
    let text =
        "If you have questions about this policy, please use the contact form on our website.";
    assert!(present("contact-point", text));
}

/// The question and the channel in two sentences of one paragraph.
#[test]
fn contact_point_given_only_as_a_web_form_after_the_question() {
    let text = "Questions about this policy? Please use the contact form on our website.";
    assert!(present("contact-point", text));
}

#[test]
fn contact_point_given_only_as_a_postal_address() {
    let text = "If you have questions about this policy, write to us at Acme Corp, 100 Main Street, Springfield, IL 62701.";
    assert!(present("contact-point", text));
}

#[test]
fn email_protected_artefact_is_no_contact_point_and_is_a_placeholder() {
    // As Cloudflare leaves it: a no-break space between the two words.
    let text = "If you have any questions about this policy, contact us at [email\u{a0}protected].";
    assert!(!present("contact-point", text));
    assert!(fires("contact-point-placeholder", text));
}

#[test]
fn readable_obfuscation_is_a_usable_contact_point() {
    let text = "If you have questions about this policy, write to name [at] domain [dot] com.";
    assert!(present("contact-point", text));
    assert!(!fires("contact-point-placeholder", text));
}

// ------------------------------------------------------------------ retention

#[test]
fn retain_the_right_is_not_a_retention_statement() {
    let text = "We retain the right to change this policy at any time.";
    assert!(!present("retention", text));
    assert!(!fires("retention-vague", text));
}

#[test]
fn app_store_is_not_a_retention_statement() {
    let text = "Download our app from the app store to get started.";
    assert!(!present("retention", text));
}

#[test]
fn not_storing_card_numbers_is_a_retention_statement() {
    let text = "We do not store your credit card number after the payment.";
    assert!(present("retention", text));
    assert!(!fires("retention-vague", text));
}

#[test]
fn as_long_as_necessary_is_a_retention_statement_but_a_vague_one() {
    let text = "We keep your personal data only as long as necessary for the purposes above.";
    assert!(present("retention", text));
    assert!(fires("retention-vague", text));
}

// ------------------------------------------------------------------ children

#[test]
fn parent_company_is_not_a_childrens_clause() {
    let text = "Our parent company, Acme Holdings, provides the hosting for this service.";
    assert!(!present("minors", text));
    assert!(!fires("minors-age-threshold", text));
}

#[test]
fn child_element_is_not_a_childrens_clause() {
    let text = "Click the child element of the menu to expand it.";
    assert!(!present("minors", text));
}

#[test]
fn sound_growth_of_children_is_not_a_childrens_clause() {
    let text = "We may use personal data without consent where necessary for the sound growth of children.";
    assert!(!present("minors", text));
}

#[test]
fn minor_changes_are_not_a_childrens_clause() {
    let text = "We may make minor changes to this policy without notice.";
    assert!(!present("minors", text));
}

#[test]
fn age_written_in_words_is_a_threshold() {
    let text = "If you are under the age of sixteen, please ask your parents before you give us personal information.";
    assert!(present("minors", text));
    assert!(!fires("minors-age-threshold", text));
}

#[test]
fn children_without_an_age_is_a_clause_without_a_threshold() {
    let text = "We do not knowingly collect personal information from children.";
    assert!(present("minors", text));
    assert!(fires("minors-age-threshold", text));
}

// ------------------------------------------------------------------ recipients

#[test]
fn third_party_links_disclaimer_is_not_a_recipients_clause() {
    let text = "Our website contains links to third-party websites whose privacy practices we do not control.";
    assert!(!present("third-party-processors", text));
    assert!(!fires("third-party-processors-unnamed", text));
}

#[test]
fn recipients_named_by_category_are_a_recipients_clause() {
    let text = "We share your order details with our payment processor and our delivery partners.";
    assert!(present("third-party-processors", text));
    assert!(!fires("third-party-processors-unnamed", text));
}

#[test]
fn recipients_given_only_as_third_parties_are_unnamed() {
    let text = "We may share your personal information with third parties.";
    assert!(present("third-party-processors", text));
    assert!(fires("third-party-processors-unnamed", text));
}

// ------------------------------------------------------------------ dates

#[test]
fn a_date_under_a_signature_is_not_an_effective_date() {
    let text = "Acme Corp.\n\nMay, 2017\n\nJane Doe, CEO";
    assert!(!present("last-updated", text));
}

#[test]
fn established_with_an_order_hint_is_an_effective_date() {
    // Present (no "No date" finding), but from 2018: stale on 2026-01-15.
    let config = passage_config();
    let out = Command::cargo_bin("clauselint")
        .unwrap()
        .env("CLAUSELINT_TODAY", "2026-01-15")
        .args(["check", "--format", "concise", "--exit-zero"])
        .args(config.args())
        .args(["--select", "last-updated", "--stdin-filename", "trap.txt"])
        .write_stdin("Privacy Policy\n\nEstablished:12,20,18(Month Day, Year)\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "trap.txt:3:13: warning[last-updated] The policy was last updated on 2018-12-20, more than 12 months ago (the CCPA requires a review at least every 12 months)\n"
    );
}

#[test]
fn copyright_year_is_not_an_effective_date() {
    let text = "Copyright 2025 Acme Inc. All rights reserved.";
    assert!(!present("last-updated", text));
}
