//! Property-based fuzzing of what reads untrusted input: the decoders, the
//! three extractors (Markdown, HTML, text) with their source maps, the
//! suppression directives, and the rule-file loader.
//!
//! The property for documents: no panic, and every place clauselint reports
//! (sentences, the anchor of a missing clause, every finding) maps back
//! inside the decoded text on character boundaries, and inside the file's
//! bytes. `cargo test` runs a bounded number of cases per property (64);
//! `scripts/fuzz.sh CASES` runs more (100,000 in the README's command) and
//! prints the counts.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use clauselint::config::Config;
use clauselint::document::{Document, Format};
use clauselint::engine::Engine;
use clauselint::lint::lint_document;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};

/// Cases per property: `CLAUSELINT_FUZZ_CASES`, or a few for `cargo test`.
fn cases() -> u32 {
    std::env::var("CLAUSELINT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::compile(clauselint::rules::builtin_sources()).unwrap())
}

/// Runs `check` on `cases()` values of `strategy`; a failure or a panic is
/// shrunk to the smallest input and reported.
fn fuzz<S: Strategy>(name: &str, strategy: S, check: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let config = RunnerConfig {
        cases: cases(),
        failure_persistence: None,
        ..RunnerConfig::default()
    };
    let count = AtomicUsize::new(0);
    let result = TestRunner::new(config).run(&strategy, |value| {
        count.fetch_add(1, Ordering::Relaxed);
        check(value)
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    eprintln!(
        "fuzz {name}: {} cases, no panic, no span outside the file",
        count.load(Ordering::Relaxed)
    );
}

/// Pieces that exercise the extractors: markup of every format, entities,
/// directives, front matter, links, multi-byte text, odd line endings.
const PIECES: &[&str] = &[
    "# ",
    "## Privacy\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "---\n",
    "lang: ja\n",
    "title: x\n",
    "* ",
    "1. ",
    "> ",
    "    ",
    "```\n",
    "|a|b|\n",
    "[mail](mailto:privacy@acme.test)",
    "[x][r]\n\n[r]: https://acme.test/privacy\n",
    "<a href=\"tel:+1-555-0100\">call</a>",
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<br>",
    "<script>x</script>",
    "<!-- ",
    " -->",
    "<![CDATA[",
    "&amp;",
    "&nbsp;",
    "&#x1F600;",
    "&#0;",
    "&bogus;",
    "<html lang=\"de\">",
    "<!-- clauselint-disable-file retention -- kept elsewhere -->",
    "clauselint-disable-next-line minors\n",
    "<!-- clauselint-disabel x -->",
    "Privacy Policy",
    "We keep your data for 30 days.",
    "Email privacy@acme.test.",
    "We share data with our processors.",
    "Not directed to children under 13.",
    "Last updated: 2025-07-17.",
    "é",
    "日本語の個人情報",
    "😀",
    "\u{feff}",
    "\t",
    " ",
    ".",
];

fn markup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

/// Raw bytes: arbitrary, or markup with a few bytes flipped (invalid UTF-8,
/// stray BOMs and NULs inside text that is otherwise plausible).
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        (
            markup(),
            prop::collection::vec((any::<usize>(), any::<u8>()), 0..6)
        )
            .prop_map(|(text, flips)| {
                let mut bytes = text.into_bytes();
                for (at, byte) in flips {
                    if !bytes.is_empty() {
                        let at = at % bytes.len();
                        bytes[at] = byte;
                    }
                }
                bytes
            }),
    ]
}

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(vec![Format::Markdown, Format::Html, Format::Text])
}

/// `range` of `text` is inside it and on character boundaries.
fn inside(text: &str, range: &Range<usize>, what: &str) -> Result<(), TestCaseError> {
    let ok = range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end);
    prop_assert!(
        ok,
        "{what} {range:?} is not a span of the {}-byte text",
        text.len()
    );
    Ok(())
}

/// Every place the document reports maps into its text and its file. The
/// document is linted as an English privacy notice, so every rule runs.
fn spans_are_exact(mut doc: Document, file_len: usize) -> Result<(), TestCaseError> {
    doc.assume(
        clauselint::document::kind::DocumentKind::PrivacyNotice,
        "en",
    );
    let linted = lint_document(doc, &Config::default(), engine());
    let doc = &linted.doc;
    let text = &doc.source.text;
    let in_file = |range: Range<usize>, what: &str| -> Result<(), TestCaseError> {
        let bytes = doc.source.file_range(range.clone());
        prop_assert!(
            bytes.start <= bytes.end && bytes.end <= file_len,
            "{what} {range:?} maps to {bytes:?}, outside the {file_len}-byte file"
        );
        Ok(())
    };
    inside(text, &doc.anchor, "the anchor")?;
    in_file(doc.anchor.clone(), "the anchor")?;
    for sentence in &doc.sentences {
        let source = doc.source_range(sentence.range.clone());
        inside(text, &source, "a sentence")?;
        in_file(source, "a sentence")?;
    }
    for finding in &linted.evaluation.findings {
        inside(text, &finding.span, "a finding")?;
        in_file(finding.span.clone(), "a finding")?;
    }
    Ok(())
}

#[test]
fn extractors_map_every_span_into_the_text() {
    fuzz("extractors", (format(), markup()), |(format, text)| {
        if let Ok(doc) = Document::from_text(Path::new("p"), format, &text) {
            spans_are_exact(doc, text.len())?;
        }
        Ok(())
    });
}

#[test]
fn decoders_map_every_span_into_the_file() {
    fuzz("decoders", (format(), bytes()), |(format, bytes)| {
        if let Ok(doc) = Document::from_bytes(Path::new("p"), format, &bytes) {
            spans_are_exact(doc, bytes.len())?;
        }
        Ok(())
    });
}

/// Pieces of rule files: every key, condition form and a few broken ones.
const RULE_PIECES: &[&str] = &[
    "[[rule]]\n",
    "id = \"r\"\n",
    "id = \"R_1\"\n",
    "title = \"t\"\n",
    "message = \"m\"\n",
    "kind = \"forbid\"\n",
    "kind = \"expect\"\n",
    "expect = \"days\"\n",
    "match = \"keep\"\n",
    "match = \"@v\"\n",
    "match = { regex = '\\d+ days' }\n",
    "match = { regex = '(' }\n",
    "match = { regex = '' }\n",
    "match = { all = [\"a\", { not = \"b\" }] }\n",
    "match = { any = [] }\n",
    "match = { rule = \"r\" }\n",
    "match = { near = [\"a\", \"b\"], words = 3 }\n",
    "[vocabulary.v]\n",
    "phrases = [\"keep\", \"retain\"]\n",
    "include = [\"v\"]\n",
    "regex = ['x{1000}{1000}']\n",
    "[rule.examples]\n",
    "pass = [\"a\"]\n",
    "fail = [\"b\"]\n",
    "max-age-months = 12\n",
    "qualifies = \"r\"\n",
    "= \n",
    "[",
    "\"",
    "é",
    "\n",
];

#[test]
fn the_rule_loader_never_panics() {
    let pieces =
        prop::collection::vec(prop::sample::select(RULE_PIECES), 0..24).prop_map(|p| p.concat());
    fuzz("rule loader", pieces, |text| {
        let source = clauselint::rules::RuleSource {
            name: "fuzz.toml".into(),
            text,
        };
        // Either rules or errors pointing into the file: never a panic.
        if let Err(errors) = Engine::compile(vec![source.clone()]) {
            for error in errors {
                if let Some(span) = error.0.span {
                    prop_assert!(span.offset() + span.len() <= source.text.len().max(1));
                }
            }
        }
        Ok(())
    });
}
