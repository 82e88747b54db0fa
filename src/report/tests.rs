//! Rendering tests: snapshots of whole reports, and the properties editors
//! rely on in concise lines.

use std::path::Path;
use std::sync::Arc;

use regex::Regex;

use super::*;
use crate::document::{Format, LineCol};
use crate::engine::Engine;
use crate::rules::RuleSource;

const RULES: &str = r#"
[[rule]]
id = "placeholder-text"
title = "No placeholder text"
kind = "forbid"
severity = "warning"
message = "Placeholder text left in the policy"
label = "placeholder"
help = "Replace the placeholder with the text it stands for."
references = ["Style guide 2.1", "https://example.com/style"]
match = "lorem"

[[rule]]
id = "contact-point"
title = "Says how to contact the company"
message = "No contact point: the policy does not say how to reach the company about personal data"
label = "no contact point found in this document"
help = """
Add an email or postal address, for example:
  "Write to privacy@example.com."
"""
references = ["GDPR Art. 13(1)(a)", "CCPA Cal. Civ. Code 1798.130(a)(1)"]
match = { exact = ["contact us", "write to"] }

[[rule]]
id = "vague-sharing"
title = "Vague sharing language"
kind = "forbid"
severity = "info"
message = "“Trusted partners” does not say who receives the data"
match = "trusted partners"
"#;

const MARKDOWN: &str = "Café Zürich — “Datenschutz” für 日本 users: lorem ipsum.\n\nWe share data with trusted partners in Köln.\n";

const HTML: &str = "<p>Über uns — “Acme GmbH”, 日本: lorem</p>\n<p>Questions? Contact us at privacy@acme.example.</p>\n";

fn text_policy() -> String {
    let long = format!(
        "We collect your name, e-mail address and — if you agree — your location in Zürich or 日本 {}so lorem we can {}",
        "to run the service and to improve it over time, ".repeat(3),
        "send you the newsletter you asked for, and nothing else. ".repeat(3),
    );
    format!("Privacy notice for the Acme café app.\n\n{long}\n\nContact us: privacy@acme.example\n")
}

fn rules() -> Engine {
    Engine::compile(vec![RuleSource {
        name: "test.toml".into(),
        text: RULES.into(),
    }])
    .expect("test rules compile")
}

fn document(name: &str, format: Format, text: &str) -> Document {
    let mut doc = Document::from_text(Path::new(name), format, text).expect("test document loads");
    doc.assume(crate::document::kind::DocumentKind::PrivacyNotice, "en");
    doc
}

fn opts() -> RenderOptions {
    RenderOptions {
        color: false,
        width: 80,
        ..RenderOptions::default()
    }
}

/// Renders `text` in `format` with the test rules.
fn render(format: OutputFormat, name: &str, doc_format: Format, text: &str) -> String {
    let engine = rules();
    let rules = engine.rules();
    let doc = document(name, doc_format, text);
    let eval = crate::engine::evaluate(&doc, &engine);
    render_document(format, name, &doc, &eval, rules, &opts())
}

#[test]
fn graphical_markdown() {
    insta::assert_snapshot!(render(
        OutputFormat::Graphical,
        "policy.md",
        Format::Markdown,
        MARKDOWN
    ));
}

#[test]
fn graphical_html() {
    insta::assert_snapshot!(render(
        OutputFormat::Graphical,
        "site/policy.html",
        Format::Html,
        HTML
    ));
}

#[test]
fn graphical_text_with_a_long_line() {
    insta::assert_snapshot!(render(
        OutputFormat::Graphical,
        "policy.txt",
        Format::Text,
        &text_policy()
    ));
}

#[test]
fn concise_all_formats() {
    let out = [
        render(
            OutputFormat::Concise,
            "policy.md",
            Format::Markdown,
            MARKDOWN,
        ),
        render(
            OutputFormat::Concise,
            "site/policy.html",
            Format::Html,
            HTML,
        ),
        render(
            OutputFormat::Concise,
            "policy.txt",
            Format::Text,
            &text_policy(),
        ),
    ]
    .concat();
    insta::assert_snapshot!(out);
}

fn front_matter_problem() -> FileProblem {
    let text: Arc<str> = Arc::from("---\ntitle: “Café” [broken\n---\nWe keep data.\n");
    let start = text.find('[').unwrap_or(0);
    let end = text.find("\n---").unwrap_or(start);
    FileProblem {
        path: "policy.md".into(),
        kind: crate::error::ProblemKind::FrontMatter,
        message: "front matter is not valid YAML: unclosed flow sequence; it is ignored".into(),
        severity: Severity::Warning,
        span: None,
    }
    .at(start..end, Arc::clone(&text))
}

fn io_problem() -> FileProblem {
    FileProblem::error(
        "docs/missing.md",
        crate::error::ProblemKind::Io,
        "cannot read file: No such file or directory (os error 2)",
    )
}

#[test]
fn problems_in_both_formats() {
    let mut out = String::new();
    for format in [OutputFormat::Graphical, OutputFormat::Concise] {
        out.push_str(&format!("--- {format:?}\n"));
        out.push_str(&render_problem(format, &io_problem(), &opts()));
        out.push_str(&render_problem(format, &front_matter_problem(), &opts()));
    }
    insta::assert_snapshot!(out);
}

fn summaries() -> Vec<(&'static str, Summary)> {
    let base = Summary {
        files_checked: 3,
        rules: 4,
        ..Summary::default()
    };
    vec![
        ("clean", base.clone()),
        (
            "one of each",
            Summary {
                files_checked: 1,
                rules: 1,
                errors: 1,
                warnings: 1,
                infos: 1,
                ..base.clone()
            },
        ),
        (
            "plurals",
            Summary {
                errors: 2,
                warnings: 3,
                infos: 2,
                ..base.clone()
            },
        ),
        (
            "failed files",
            Summary {
                warnings: 1,
                files_failed: 1,
                ..base.clone()
            },
        ),
        (
            "skipped checks",
            Summary {
                errors: 2,
                files_failed: 2,
                not_applicable: 5,
                ..base.clone()
            },
        ),
        (
            "one skipped check",
            Summary {
                not_applicable: 1,
                ..base.clone()
            },
        ),
        (
            "not judged",
            Summary {
                not_judged: crate::report::NotJudgedCounts {
                    kinds: [("terms of use", 2), ("content policy", 1)].into(),
                    language_documents: 3,
                    languages: [("de".to_owned(), 2), ("ja".to_owned(), 1)].into(),
                    unknown_language: 1,
                },
                ..base.clone()
            },
        ),
        (
            "nothing checked",
            Summary {
                files_checked: 0,
                ..base.clone()
            },
        ),
        (
            "all failed",
            Summary {
                files_checked: 0,
                files_failed: 2,
                ..base.clone()
            },
        ),
    ]
}

#[test]
fn summaries_in_both_formats() {
    let mut out = String::new();
    for format in [OutputFormat::Graphical, OutputFormat::Concise] {
        for (name, summary) in summaries() {
            out.push_str(&format!("--- {format:?} {name}\n"));
            out.push_str(&render_summary(format, &summary, &opts()));
        }
    }
    insta::assert_snapshot!(out);
}

const VSCODE: &str = r"^(.*):(\d+):(\d+):\s+(error|warning|info)\[(.*)\]\s+(.*)$";
/// vim's default `%f:%l:%c: %m`.
const VIM: &str = r"^([^:]+):(\d+):(\d+): (.+)$";

#[test]
fn concise_lines_parse_with_editor_patterns() {
    let vscode = Regex::new(VSCODE).unwrap();
    let vim = Regex::new(VIM).unwrap();
    let out = [
        render(
            OutputFormat::Concise,
            "policy.md",
            Format::Markdown,
            MARKDOWN,
        ),
        render(
            OutputFormat::Concise,
            "policy.txt",
            Format::Text,
            &text_policy(),
        ),
        render_problem(OutputFormat::Concise, &io_problem(), &opts()),
        render_problem(OutputFormat::Concise, &front_matter_problem(), &opts()),
    ]
    .concat();
    assert_eq!(out.lines().count(), 6);
    for line in out.lines() {
        let caps = vscode
            .captures(line)
            .unwrap_or_else(|| panic!("VS Code pattern fails on {line:?}"));
        assert!(
            [
                "placeholder-text",
                "contact-point",
                "vague-sharing",
                "io",
                "front-matter"
            ]
            .contains(&&caps[5]),
            "{line}"
        );
        assert!(vim.is_match(line), "vim pattern fails on {line:?}");
    }
    let caps = vscode.captures(out.lines().nth(1).unwrap_or("")).unwrap();
    assert_eq!(
        (&caps[1], &caps[2], &caps[3], &caps[4]),
        ("policy.md", "1", "43", "warning")
    );
    assert_eq!(&caps[6], "Placeholder text left in the policy");
}

#[test]
fn concise_columns_count_characters_not_bytes() {
    // "Café Zürich — “Datenschutz” für 日本 users: " is 42 characters
    // (55 bytes): "lorem" is at column 43.
    let line = MARKDOWN.lines().next().unwrap_or("");
    let prefix = &line[..line.find("lorem").unwrap()];
    assert_eq!((prefix.chars().count(), prefix.len()), (42, 55));
    let out = render(
        OutputFormat::Concise,
        "policy.md",
        Format::Markdown,
        MARKDOWN,
    );
    assert!(
        out.contains("policy.md:1:43: warning[placeholder-text] "),
        "{out}"
    );
    assert!(
        out.contains("policy.md:3:20: info[vague-sharing] "),
        "{out}"
    );
}

#[test]
fn summary_lines_are_not_taken_for_findings() {
    let vscode = Regex::new(VSCODE).unwrap();
    let vim = Regex::new(VIM).unwrap();
    for (name, summary) in summaries() {
        let out = render_summary(OutputFormat::Concise, &summary, &opts());
        assert_eq!(out.lines().count(), 1, "{name}: {out}");
        assert!(
            !vscode.is_match(out.trim_end()) && !vim.is_match(out.trim_end()),
            "{name}: {out}"
        );
    }
}

#[test]
fn messages_are_folded_onto_one_concise_line() {
    let at = LineCol { line: 2, column: 5 };
    let line = concise::line(
        "a.md",
        at,
        Severity::Error,
        "x",
        "first\n  second\r\nthird ",
        false,
    );
    assert_eq!(line, "a.md:2:5: error[x] first second third\n");
}

#[test]
fn color_only_when_asked() {
    let engine = rules();
    let rules = engine.rules();
    let doc = document("policy.md", Format::Markdown, MARKDOWN);
    let eval = crate::engine::evaluate(&doc, &engine);
    let color = RenderOptions {
        color: true,
        width: 80,
        ..RenderOptions::default()
    };
    for format in [OutputFormat::Graphical, OutputFormat::Concise] {
        assert!(
            !render_document(format, "policy.md", &doc, &eval, rules, &opts()).contains('\x1b')
        );
        assert!(render_document(format, "policy.md", &doc, &eval, rules, &color).contains('\x1b'));
        assert!(!render_summary(format, &summaries()[2].1, &opts()).contains('\x1b'));
    }
    let concise = render_document(
        OutputFormat::Concise,
        "policy.md",
        &doc,
        &eval,
        rules,
        &color,
    );
    let first = concise.lines().next().unwrap_or("");
    assert_eq!(
        first,
        "policy.md:1:1: \x1b[1;31merror\x1b[0m[contact-point] No contact point: the policy does not say how to reach the company about personal data"
    );
}

/// The `[path:line:col]` headers of graphical output.
fn headers(graphical: &str) -> Vec<String> {
    let header = Regex::new(r"╭─\[(.*)\]").unwrap();
    header
        .captures_iter(graphical)
        .map(|c| c[1].to_owned())
        .collect()
}

#[test]
fn graphical_and_concise_agree_on_positions() {
    let texts = [
        (
            Format::Text,
            "Intro line.\r\n\r\nCafé — lorem here.\r\nAnd “trusted partners” too.\r\n",
        ),
        (
            Format::Text,
            "Old Mac line.\r\rZürich lorem.\rtrusted partners\r",
        ),
        (
            Format::Markdown,
            "日本語の lorem と trusted partners.\n\n\tTabbed lorem.\n",
        ),
        (Format::Text, &text_policy()),
    ];
    for (format, text) in texts {
        let graphical = render(OutputFormat::Graphical, "p.txt", format, text);
        let concise = render(OutputFormat::Concise, "p.txt", format, text);
        let from_concise: Vec<String> = concise
            .lines()
            .map(|l| l.split(": ").next().unwrap_or("").to_owned())
            .collect();
        assert_eq!(headers(&graphical), from_concise, "{text:?}\n{graphical}");
        assert!(!graphical.contains('\r'), "{graphical}");
    }
}

fn finding(rule: usize, span: std::ops::Range<usize>) -> crate::engine::Finding {
    crate::engine::Finding {
        rule,
        severity: Severity::Error,
        message: "message".into(),
        label: String::new(),
        span,
        suppressed: None,
        related: Vec::new(),
    }
}

#[test]
fn odd_spans_and_stale_rule_indices_render() {
    let engine = rules();
    let rules = engine.rules();
    let text = "Zürich\n日本\n";
    let doc = document("p.txt", Format::Text, text);
    let eval = Evaluation {
        outcomes: Vec::new(),
        findings: vec![
            finding(0, 0..0),
            finding(1, 2..3),   // inside ü
            finding(2, 9..9),   // inside 日, empty
            finding(0, 15..15), // at the end, after the last newline
            finding(1, 20..40), // past the end
            finding(99, 0..6),  // no such rule
            finding(0, 5..12),  // across lines
        ],
        not_judged: None,
    };
    let graphical = render_document(
        OutputFormat::Graphical,
        "p.txt",
        &doc,
        &eval,
        rules,
        &opts(),
    );
    assert_eq!(
        headers(&graphical),
        [
            "p.txt:1:1",
            "p.txt:1:2",
            "p.txt:2:1",
            "p.txt:2:2",
            "p.txt:2:2",
            "p.txt:1:1",
            "p.txt:1:5"
        ],
        "{graphical}"
    );
    assert!(graphical.contains("× unknown-rule: message"), "{graphical}");
    let concise = render_document(OutputFormat::Concise, "p.txt", &doc, &eval, rules, &opts());
    let positions: Vec<&str> = concise
        .lines()
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(positions, headers(&graphical));
}

#[test]
fn problems_without_text_render_without_a_snippet() {
    let blank = FileProblem::error(
        "blank.md",
        crate::error::ProblemKind::Empty,
        "file is empty: there is no text to check",
    )
    .at(0..3, Arc::from("\n\n\n"));
    let out = render_problem(OutputFormat::Graphical, &blank, &opts());
    assert_eq!(
        out,
        "  × blank.md: file is empty: there is no text to check\n\n"
    );
    let out = render_problem(OutputFormat::Concise, &blank, &opts());
    assert_eq!(
        out,
        "blank.md:1:1: error[empty] file is empty: there is no text to check\n"
    );
}

#[test]
fn output_formats_parse_from_the_command_line() {
    use clap::ValueEnum;
    assert_eq!(
        OutputFormat::from_str("concise", false),
        Ok(OutputFormat::Concise)
    );
    assert_eq!(
        OutputFormat::from_str("graphical", false),
        Ok(OutputFormat::Graphical)
    );
    for (name, format) in [
        ("json", OutputFormat::Json),
        ("jsonl", OutputFormat::Jsonl),
        ("github", OutputFormat::Github),
        ("sarif", OutputFormat::Sarif),
    ] {
        assert_eq!(OutputFormat::from_str(name, false), Ok(format));
    }
}

#[test]
fn tiny_widths_render_as_the_minimum_width() {
    let engine = rules();
    let rules = engine.rules();
    let doc = document("policy.md", Format::Markdown, MARKDOWN);
    let eval = crate::engine::evaluate(&doc, &engine);
    let tiny = RenderOptions {
        color: false,
        width: 0,
        ..RenderOptions::default()
    };
    let min = RenderOptions {
        color: false,
        width: 40,
        ..RenderOptions::default()
    };
    let out = render_document(
        OutputFormat::Graphical,
        "policy.md",
        &doc,
        &eval,
        rules,
        &tiny,
    );
    assert_eq!(
        out,
        render_document(
            OutputFormat::Graphical,
            "policy.md",
            &doc,
            &eval,
            rules,
            &min
        )
    );
    assert_eq!(headers(&out).len(), 3, "{out}");
}

#[test]
fn long_references_wrap_between_references() {
    let refs: Vec<String> = [
        "GDPR Art. 13(2)(a), 14(2)(a)",
        "CCPA Cal. Civ. Code 1798.100(a)(3)",
        "COPPA 16 CFR 312.10",
        "https://gdpr-info.eu/art-13-gdpr/",
        "A reference far too long to fit on one line of a sixty-column terminal",
    ]
    .map(String::from)
    .to_vec();
    let out = graphical::references_line(
        &refs,
        &RenderOptions {
            color: false,
            width: 60,
            ..RenderOptions::default()
        },
    );
    insta::assert_snapshot!(out, @r"
      references: GDPR Art. 13(2)(a), 14(2)(a);
                  CCPA Cal. Civ. Code 1798.100(a)(3);
                  COPPA 16 CFR 312.10;
                  https://gdpr-info.eu/art-13-gdpr/; A reference
                  far too long to fit on one line of a
                  sixty-column terminal
    ");
    assert!(out.lines().all(|l| l.chars().count() <= 60), "{out}");
}

#[test]
fn documents_without_findings_render_nothing() {
    let engine = rules();
    let rules = engine.rules();
    let doc = document(
        "policy.md",
        Format::Markdown,
        "Contact us at privacy@acme.example.\n",
    );
    let eval = crate::engine::evaluate(&doc, &engine);
    assert!(eval.findings.is_empty());
    for format in [OutputFormat::Graphical, OutputFormat::Concise] {
        assert_eq!(
            render_document(format, "policy.md", &doc, &eval, rules, &opts()),
            ""
        );
    }
}

/// A whole streamed report of `docs` (name, format, text) with the test
/// rules, as `check` prints it.
fn stream_report(format: OutputFormat, docs: &[(&str, Format, &str)]) -> String {
    let engine = rules();
    let rules = engine.rules();
    let mut stream = Stream::new(format);
    let mut out = stream.begin(rules);
    let mut summary = Summary {
        rules: rules.rules.len(),
        ..Summary::default()
    };
    for (name, doc_format, text) in docs {
        let doc = document(name, *doc_format, text);
        let eval = crate::engine::evaluate(&doc, &engine);
        let checked = Checked {
            doc: &doc,
            eval: &eval,
            rules,
        };
        let file = FileReport {
            path: name,
            os_path: None,
            format: Some(*doc_format),
            checked: Some(checked),
            problems: &[],
        };
        out.push_str(&stream.file(render_file(format, &file, &opts())));
        summary.files_checked += 1;
    }
    out.push_str(&stream.end(&summary));
    out
}

fn parse(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

#[test]
fn single_document_formats_stay_valid_for_any_number_of_files() {
    let text_policy = text_policy();
    let docs = [
        ("a.md", Format::Markdown, MARKDOWN),
        ("b.html", Format::Html, HTML),
        ("c.txt", Format::Text, text_policy.as_str()),
    ];
    for n in 0..=docs.len() {
        let json = parse(&stream_report(OutputFormat::Json, &docs[..n]));
        assert_eq!(json["files"].as_array().map(Vec::len), Some(n));
        let sarif = parse(&stream_report(OutputFormat::Sarif, &docs[..n]));
        let findings: usize = (json["files"].as_array().unwrap().iter())
            .map(|f| f["findings"].as_array().unwrap().len())
            .sum();
        assert_eq!(
            sarif["runs"][0]["results"].as_array().map(Vec::len),
            Some(findings)
        );
    }
}

#[test]
fn machine_formats_agree_with_concise_positions() {
    let text = "Intro.\r\n\r\nCafé — lorem here.\r\nAnd “trusted partners” too.\r\n";
    let concise = render(OutputFormat::Concise, "p.txt", Format::Text, text);
    let expected: Vec<String> = concise
        .lines()
        .map(|l| l.split(": ").next().unwrap_or("").to_owned())
        .collect();
    let json = parse(&render(OutputFormat::Json, "p.txt", Format::Text, text));
    let from_json: Vec<String> = (json["findings"].as_array().unwrap().iter())
        .map(|f| format!("p.txt:{}:{}", f["line"], f["column"]))
        .collect();
    assert_eq!(from_json, expected);
    let github = render(OutputFormat::Github, "p.txt", Format::Text, text);
    let from_github: Vec<String> = github
        .lines()
        .map(|l| {
            let line = l.split("line=").nth(1).unwrap_or("").split(',').next();
            let col = l.split("col=").nth(1).unwrap_or("").split(',').next();
            format!("p.txt:{}:{}", line.unwrap_or(""), col.unwrap_or(""))
        })
        .collect();
    assert_eq!(from_github, expected);
    let sarif = parse(&stream_report(
        OutputFormat::Sarif,
        &[("p.txt", Format::Text, text)],
    ));
    let from_sarif: Vec<String> = (sarif["runs"][0]["results"].as_array().unwrap().iter())
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            format!("p.txt:{}:{}", region["startLine"], region["startColumn"])
        })
        .collect();
    assert_eq!(from_sarif, expected);
}

#[test]
fn sarif_results_are_capped_with_a_notification() {
    let engine = rules();
    let rules = engine.rules();
    let doc = document("p.txt", Format::Text, "lorem\n");
    let eval = Evaluation {
        outcomes: Vec::new(),
        findings: (0..25_003).map(|_| finding(0, 0..5)).collect(),
        not_judged: None,
    };
    let mut stream = Stream::new(OutputFormat::Sarif);
    let mut out = stream.begin(rules);
    let file = FileReport {
        path: "p.txt",
        os_path: None,
        format: Some(Format::Text),
        checked: Some(Checked {
            doc: &doc,
            eval: &eval,
            rules,
        }),
        problems: &[],
    };
    out.push_str(&stream.file(render_file(OutputFormat::Sarif, &file, &opts())));
    out.push_str(&stream.end(&Summary {
        files_checked: 1,
        errors: 25_003,
        ..Summary::default()
    }));
    let sarif = parse(&out);
    let run = &sarif["runs"][0];
    assert_eq!(run["results"].as_array().map(Vec::len), Some(25_000));
    let note = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(note["descriptor"]["id"], "results-capped");
    assert!(note["message"]["text"].as_str().unwrap().contains("3 more"));
}
