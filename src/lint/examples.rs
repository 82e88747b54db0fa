//! Rule examples: each `pass` and `fail` text of a rule file, linted as a
//! passage of a privacy notice in the rule's language, must behave as the
//! rule file says (`clauselint test`).

use std::path::Path;

use crate::config::Config;
use crate::document::kind::DocumentKind;
use crate::document::{Document, Format, LoadError};
use crate::engine::Engine;
use crate::rules::{Example, Rule};

/// Runs rule `rule` of `rules` on an example text (read as plain text);
/// returns whether the rule reports a finding on it.
pub fn example_triggers(
    engine: &Engine,
    rule: usize,
    text: &str,
    lang: Option<&str>,
) -> Result<bool, LoadError> {
    let mut doc = Document::from_text(Path::new("example.txt"), Format::Text, text)?;
    // An example is a passage of a privacy notice in the rule's language
    // (or its variant's), however short: it is judged whatever its text
    // alone would say.
    let first = engine.rules().rules[rule].languages.first();
    let lang = lang.or(first.map(String::as_str)).unwrap_or("en");
    doc.assume(DocumentKind::PrivacyNotice, lang);
    // The whole pipeline runs, suppressions included, so that examples
    // of the suppression rules work like any other.
    // Every rule of the engine runs on its examples, whatever its profiles.
    let mut config = Config::default();
    config.selected_by_id = true;
    let linted = super::lint_document(doc, &config, engine);
    Ok(linted
        .evaluation
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
    pub example: Example,
    pub error: Option<String>,
}

/// Runs every example of the rules for which `include` is true; returns the
/// number of examples run and the failures.
pub fn run_examples(
    engine: &Engine,
    include: impl Fn(&Rule) -> bool,
) -> (usize, Vec<ExampleFailure>) {
    let rules = engine.rules();
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
            let (ok, error) =
                match example_triggers(engine, idx, &example.text, example.lang.as_deref()) {
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
        let engine =
            Engine::compile(crate::rules::builtin_sources()).expect("built-in rules compile");
        let rules = engine.rules();
        let (count, failures) = run_examples(&engine, |_| true);
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
        // The drift rule's examples are pairs of files (tests/translations.rs).
        for rule in rules
            .rules
            .iter()
            .filter(|r| r.id != crate::translations::DRIFT)
        {
            assert!(
                !rule.pass_examples.is_empty() && !rule.fail_examples.is_empty(),
                "rule {} needs pass and fail examples",
                rule.id
            );
        }
    }
}
