//! What a lint becomes in the editor: one diagnostic per finding, with the
//! evidence as related information; and, so that nothing is ever silently
//! unchecked, one diagnostic at the top for a document that was not judged,
//! could not be read, or has a broken configuration.

use std::ops::Range;

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url,
};

use crate::engine::Finding;
use crate::error::Located;
use crate::lint::Linted;
use crate::rules::{RuleSet, Severity};

use super::documents::{Analysis, OpenDoc, Outcome};
use super::positions::Positions;
use super::setups::SetupProblem;

pub(crate) const SOURCE: &str = "clauselint";

/// Evidence quoted in related information is cut to this many characters.
const QUOTE_CHARS: usize = 80;

/// The diagnostics of an open document's last lint.
pub(crate) fn for_document(doc: &OpenDoc) -> Vec<Diagnostic> {
    let Some(analysis) = &doc.analysis else {
        return Vec::new();
    };
    let positions = Positions::new(&doc.text);
    if let (Outcome::Linted(linted), Ok(setup)) = (&analysis.outcome, analysis.setup.as_ref()) {
        return linted_diagnostics(&doc.uri, &positions, linted, setup.engine.rules());
    }
    let top = positions.range(first_line(&doc.text));
    (not_checked(analysis).into_iter())
        .map(|(severity, code, message)| plain(top, severity, code, message))
        .collect()
}

/// Why a document was not checked at all, said at its top: an unreadable
/// text or a broken configuration is an error, an excluded file a hint.
pub(crate) fn not_checked(
    analysis: &Analysis,
) -> Option<(DiagnosticSeverity, &'static str, String)> {
    let error = DiagnosticSeverity::ERROR;
    match (&analysis.outcome, analysis.setup.as_ref()) {
        (Outcome::Failed(failure), _) => Some((
            error,
            failure.kind.as_str(),
            format!("not checked: {}", failure.message),
        )),
        (Outcome::Panicked(message), _) => Some((
            error,
            "internal-error",
            format!("not checked: clauselint failed on this file (a bug): {message}"),
        )),
        (Outcome::Excluded(config), _) => Some((
            DiagnosticSeverity::HINT,
            "excluded",
            format!("not checked: excluded by {}", config.display()),
        )),
        (_, Err(problem)) => Some((
            error,
            "configuration",
            format!("not checked: {}", config_message(problem)),
        )),
        (Outcome::NoSetup | Outcome::Linted(_), Ok(_)) => None,
    }
}

/// The broken configuration in a sentence.
pub(crate) fn config_message(problem: &SetupProblem) -> String {
    match &problem.config {
        Some(path) => format!(
            "the configuration {} is broken: {}",
            path.display(),
            problem.summary()
        ),
        None => format!("the rules cannot be set up: {}", problem.summary()),
    }
}

/// The diagnostics of a broken configuration file, placed in its text.
/// Errors about another file (a rule file it names) stand at the top.
pub(crate) fn for_config(problem: &SetupProblem) -> Vec<Diagnostic> {
    let positions = Positions::new(&problem.text);
    let top = positions.range(first_line(&problem.text));
    let in_this_text =
        |e: &Located| (e.source_code.as_ref()).is_some_and(|s| *s.inner() == problem.text);
    (problem.errors.iter())
        .map(|error| {
            let error = error.located();
            let range = match error.span.filter(|_| in_this_text(error)) {
                Some(span) => positions.range(span.offset()..span.offset() + span.len()),
                None => top,
            };
            let mut message = error.message.clone();
            if let Some(help) = &error.help {
                message = format!("{message}\nhelp: {help}");
            }
            plain(range, DiagnosticSeverity::ERROR, "configuration", message)
        })
        .collect()
}

fn linted_diagnostics(
    uri: &Url,
    positions: &Positions,
    linted: &Linted,
    rules: &RuleSet,
) -> Vec<Diagnostic> {
    let doc = &linted.doc;
    let to_editor = |range: Range<usize>| positions.range(doc.source.file_range(range));
    let mut out = Vec::new();
    if let Some(not_judged) = &linted.evaluation.not_judged {
        let top = to_editor(0..first_line(&doc.source.text).end);
        out.push(plain(
            top,
            DiagnosticSeverity::INFORMATION,
            "not-judged",
            not_judged.message(),
        ));
    }
    for warning in &doc.warnings {
        let range = warning.range.clone().unwrap_or(0..0);
        out.push(plain(
            to_editor(range),
            DiagnosticSeverity::WARNING,
            warning.kind.as_str(),
            warning.message.clone(),
        ));
    }
    let shown = (linted.evaluation.findings.iter()).filter(|f| f.suppressed.is_none());
    for finding in shown {
        let mut diagnostic = finding_diagnostic(finding, rules, to_editor(finding.span.clone()));
        let related = evidence(uri, linted, rules, finding, &to_editor);
        diagnostic.related_information = (!related.is_empty()).then_some(related);
        out.push(diagnostic);
    }
    out
}

fn finding_diagnostic(finding: &Finding, rules: &RuleSet, range: lsp_types::Range) -> Diagnostic {
    let id = &rules.rules[finding.rule].id;
    Diagnostic {
        range,
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(id.clone())),
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        ..Diagnostic::default()
    }
}

/// Where the evidence that decided the finding stands, sentence by
/// sentence: that of its own rule and, for a rule that checks the quality
/// of a clause (`retention-vague`), where that clause was found. The
/// finding's own place is not repeated.
fn evidence(
    uri: &Url,
    linted: &Linted,
    rules: &RuleSet,
    finding: &Finding,
    to_editor: &dyn Fn(Range<usize>) -> lsp_types::Range,
) -> Vec<DiagnosticRelatedInformation> {
    let doc = &linted.doc;
    let rule = &rules.rules[finding.rule];
    let clause =
        (rule.qualifies.as_deref()).and_then(|id| rules.rules.iter().position(|r| r.id == id));
    let mut seen = vec![finding.span.clone()];
    let mut out = Vec::new();
    for (index, what) in [(Some(finding.rule), "evidence"), (clause, "the clause")] {
        let Some(outcome) = (linted.evaluation.outcomes.iter()).find(|o| Some(o.rule) == index)
        else {
            continue;
        };
        for range in &outcome.evidence {
            let Some(sentence) = doc.sentences.get(doc.sentence_at(range.start)) else {
                continue;
            };
            let sentence = &sentence.range;
            let place = doc.source_range(sentence.clone());
            if seen.contains(&place) {
                continue;
            }
            seen.push(place.clone());
            out.push(DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), to_editor(place)),
                message: format!(
                    "{what}: \u{201c}{}\u{201d}",
                    quote(doc.text(sentence.clone()))
                ),
            });
        }
    }
    out
}

pub(crate) fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn plain(
    range: lsp_types::Range,
    severity: DiagnosticSeverity,
    code: &str,
    message: String,
) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(severity),
        code: Some(NumberOrString::String(code.to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        ..Diagnostic::default()
    }
}

/// The byte range of the first line's text (what a top-of-file diagnostic
/// underlines).
pub(crate) fn first_line(text: &str) -> Range<usize> {
    0..text.find(['\r', '\n']).unwrap_or(text.len())
}

/// `text` on one line, cut at [`QUOTE_CHARS`] characters.
fn quote(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}\u{2026}", &flat[..cut]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_flattened_and_cut() {
        assert_eq!(quote("a\n  b"), "a b");
        let long = "x".repeat(100);
        assert_eq!(quote(&long).chars().count(), QUOTE_CHARS + 1);
    }

    #[test]
    fn the_first_line_stops_before_any_line_break() {
        assert_eq!(first_line("ab\r\ncd"), 0..2);
        assert_eq!(first_line("ab"), 0..2);
        assert_eq!(first_line(""), 0..0);
    }
}
