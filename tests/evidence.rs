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
