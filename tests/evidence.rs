//! Where findings about a present clause point: at the sentence that says
//! it, which is what a reviewer fixes, not at the heading of its section.

mod common;

use assert_cmd::Command;
use common::run;

#[test]
fn a_deficient_clause_is_reported_at_its_sentence_not_its_heading() {
    let text = "Privacy Policy\n\nData retention\n\nWe keep your data as long as necessary.\n\n\
                If you have any questions about this policy, you can write to us at privacy@acme.test \
                and we will answer you. We share your data with the people who help us \
                run the shop, and with nobody else.\n";
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.env("NO_COLOR", "1")
        .args(["check", "--isolated", "--format", "concise"])
        .args([
            "--select",
            "retention,retention-vague",
            "--stdin-filename",
            "p.txt",
        ])
        .write_stdin(text);
    let out = run(cmd);
    assert_eq!(
        out.stdout,
        "p.txt:5:1: warning[retention-vague] Vague retention clause: it gives no period and no concrete criterion for how long data is kept\n",
        "{}",
        out.stderr
    );
}

#[test]
fn a_jekyll_page_written_in_html_is_linted_and_its_mailto_link_is_a_contact_point() {
    // Refused before as "no visible text": the whole body is raw HTML.
    let page = "---\nlayout: page\ntitle: Privacy Policy\n---\n<div class=\"content\">\n\
                <h2>Privacy Policy</h2>\n<p>We collect your email address when you subscribe to our \
                newsletter, and we use it only to send the newsletter to you.</p>\n\
                <p>Questions? Write to <a href=\"mailto:privacy@shop.test\">our privacy team</a>.</p>\n</div>\n";
    let mut cmd = Command::cargo_bin("clauselint").unwrap();
    cmd.env("NO_COLOR", "1")
        .args([
            "check",
            "--isolated",
            "--format",
            "json",
            "--stdin-filename",
            "privacy.md",
        ])
        .write_stdin(page);
    let out = run(cmd);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["status"], "checked", "{}", out.stdout);
    let rules: Vec<&str> = (file["findings"].as_array().unwrap().iter())
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"retention"), "{rules:?}");
    assert!(!rules.contains(&"contact-point"), "{rules:?}");
}
