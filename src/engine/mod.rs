//! The engine: scans a document once for every term of every rule, then
//! evaluates each rule's conditions on the matches.

mod eval;
mod matcher;
pub mod suppress;

use std::ops::Range;

pub use eval::Evaluator;
pub use matcher::{Matcher, Matches, Span, Workload, compile_regex};

use crate::document::Document;
use crate::rules::{Rule, RuleKind, RuleSet, Severity};

/// What a rule concluded about a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The clause is there (or, for `forbid`, nothing forbidden is there).
    Present,
    /// A required clause is absent.
    Missing,
    /// The clause is there but deficient (an `expect` rule failed).
    Deficient,
    /// Forbidden text was found.
    Violated,
    /// The rule does not apply: another language, or (for `expect`) the
    /// clause it qualifies is absent.
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Missing => "missing",
            Self::Deficient => "deficient",
            Self::Violated => "violated",
            Self::NotApplicable => "not-applicable",
        }
    }
}

/// A rule's outcome on one document, with the evidence that decided it.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub status: Status,
    /// Content-text ranges of the text that decided the outcome.
    pub evidence: Vec<Range<usize>>,
}

/// A diagnostic for the user.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub severity: Severity,
    pub message: String,
    pub label: String,
    /// Range of the decoded source the finding points at.
    pub span: Range<usize>,
    /// Set when a directive in the document suppresses the finding.
    pub suppressed: Option<suppress::Suppression>,
}

/// Everything the rules concluded about one document.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub outcomes: Vec<Outcome>,
    /// Sorted by position.
    pub findings: Vec<Finding>,
}

/// At most this many evidence spans are kept per rule and document.
const MAX_EVIDENCE: usize = 16;

/// Runs every rule of `rules` on `doc`.
pub fn evaluate(doc: &Document, rules: &RuleSet) -> Evaluation {
    let matches = rules.matcher.scan(&doc.content.text);
    let evaluator = Evaluator::new(doc, &matches);
    let mut evaluation = Evaluation::default();
    for (idx, rule) in rules.rules.iter().enumerate() {
        evaluate_rule(doc, &evaluator, idx, rule, &mut evaluation);
    }
    evaluation
        .findings
        .sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    suppress::apply(doc, rules, &mut evaluation);
    evaluation
}

fn evaluate_rule(
    doc: &Document,
    evaluator: &Evaluator,
    idx: usize,
    rule: &Rule,
    out: &mut Evaluation,
) {
    let finding = |span: Range<usize>, default_label: &str| Finding {
        rule: idx,
        severity: rule.severity,
        message: rule.message.clone(),
        label: rule
            .label
            .clone()
            .unwrap_or_else(|| default_label.to_owned()),
        span,
        suppressed: None,
    };
    if !rule.applies_to_language(doc.lang.as_deref()) {
        out.outcomes.push(Outcome {
            rule: idx,
            status: Status::NotApplicable,
            evidence: Vec::new(),
        });
        return;
    }
    let hits = evaluator.eval(&rule.condition);
    let evidence: Vec<Range<usize>> = hits
        .iter()
        .take(MAX_EVIDENCE)
        .map(|s| s.start as usize..s.end as usize)
        .collect();
    let status = match rule.kind {
        RuleKind::Require if hits.is_empty() => {
            out.findings.push(finding(
                doc.anchor.clone(),
                "no such clause found in this document",
            ));
            Status::Missing
        }
        RuleKind::Require => Status::Present,
        RuleKind::Forbid => {
            for hit in &hits {
                let span = doc.source_range(hit.start as usize..hit.end as usize);
                out.findings.push(finding(span, "found here"));
            }
            if hits.is_empty() {
                Status::Present
            } else {
                Status::Violated
            }
        }
        RuleKind::Expect => match (&rule.expect, hits.first()) {
            (_, None) | (None, _) => Status::NotApplicable,
            (Some((expect, within)), Some(first)) => {
                let expected = evaluator.eval(expect);
                if evaluator.share_unit(&hits, &expected, *within) {
                    Status::Present
                } else {
                    let sentence = &doc.sentences[doc.sentence_at(first.start as usize)];
                    out.findings.push(finding(
                        doc.source_range(sentence.range.clone()),
                        "this clause is deficient",
                    ));
                    Status::Deficient
                }
            }
        },
    };
    out.outcomes.push(Outcome {
        rule: idx,
        status,
        evidence,
    });
}

/// Runs rule `rule` of `rules` on an example text (read as plain text);
/// returns whether the rule reports a finding on it.
pub fn example_triggers(
    rules: &RuleSet,
    rule: usize,
    text: &str,
) -> Result<bool, crate::document::LoadError> {
    let doc = Document::from_text(
        std::path::Path::new("example.txt"),
        crate::document::Format::Text,
        text,
    )?;
    // The whole evaluation runs, suppressions included, so that examples
    // of the suppression rules work like any other.
    let evaluation = evaluate(&doc, rules);
    Ok(evaluation
        .findings
        .iter()
        .any(|f| f.rule == rule && f.suppressed.is_none()))
}

/// A rule example that did not behave as its rule file says.
#[derive(Clone, Debug)]
pub struct ExampleFailure {
    pub rule: usize,
    /// True for a `pass` example that triggered the rule, false for a
    /// `fail` example that did not.
    pub expected_pass: bool,
    pub example: crate::rules::Example,
    pub error: Option<String>,
}

/// Runs every example of the rules for which `include` is true; returns the
/// number of examples run and the failures.
pub fn run_examples(
    rules: &RuleSet,
    include: impl Fn(&Rule) -> bool,
) -> (usize, Vec<ExampleFailure>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for (idx, rule) in rules.rules.iter().enumerate().filter(|(_, r)| include(r)) {
        let cases = rule
            .pass_examples
            .iter()
            .map(|e| (e, true))
            .chain(rule.fail_examples.iter().map(|e| (e, false)));
        for (example, expected_pass) in cases {
            count += 1;
            let (ok, error) = match example_triggers(rules, idx, &example.text) {
                Ok(triggered) => (triggered != expected_pass, None),
                Err(e) => (false, Some(e.to_string())),
            };
            if !ok {
                failures.push(ExampleFailure {
                    rule: idx,
                    expected_pass,
                    example: example.clone(),
                    error,
                });
            }
        }
    }
    (count, failures)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples kept with every built-in rule hold: `pass` texts satisfy
    /// the rule and `fail` texts trigger it.
    #[test]
    fn builtin_rule_examples() {
        let rules =
            crate::rules::compile(crate::rules::builtin_sources()).expect("built-in rules compile");
        let (count, failures) = run_examples(&rules, |_| true);
        let report: Vec<String> = failures
            .iter()
            .map(|f| {
                let want = if f.expected_pass { "pass" } else { "fail" };
                format!(
                    "{}: {want} example {:?} {}",
                    rules.rules[f.rule].id,
                    f.example.text,
                    f.error.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {count} examples failed:\n{}",
            failures.len(),
            report.join("\n")
        );
        for rule in &rules.rules {
            assert!(
                !rule.pass_examples.is_empty() && !rule.fail_examples.is_empty(),
                "rule {} needs pass and fail examples",
                rule.id
            );
        }
    }
}
