//! Applies suppression directives to a document's findings, and reports
//! directives that name unknown rules or suppress nothing (a suppression
//! that hides nothing is as suspicious as a check that checks nothing).

use std::ops::Range;

use super::checks::{INVALID, UNUSED};
use super::{Evaluation, Finding};
use crate::document::directives::{Directive, DirectiveKind};
use crate::document::{Document, LineIndex};
use crate::rules::RuleSet;

/// Why a finding is not shown: the directive's reason, if it gave one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub reason: Option<String>,
}

/// One rule disabled by one directive over a region of the source.
struct Scope<'d> {
    directive: &'d Directive,
    rule: usize,
    /// The rule id as written in the directive.
    id_range: Range<usize>,
    region: Range<usize>,
    used: bool,
}

pub fn apply(doc: &Document, rules: &RuleSet, evaluation: &mut Evaluation) {
    if doc.directives.is_empty() {
        return;
    }
    let index = LineIndex::new(&doc.source.text);
    let mut problems = Vec::new();
    let mut scopes = Vec::new();
    for (i, directive) in doc.directives.iter().enumerate() {
        match check(directive, rules) {
            Err(problem) => problems.push(problem),
            Ok(ids) => {
                let region = region(doc, &index, i);
                for (rule, id_range) in ids {
                    scopes.push(Scope {
                        directive,
                        rule,
                        id_range,
                        region: region.clone(),
                        used: false,
                    });
                }
            }
        }
    }
    for finding in &mut evaluation.findings {
        for scope in scopes
            .iter_mut()
            .filter(|s| s.rule == finding.rule && s.region.contains(&finding.span.start))
        {
            scope.used = true;
            finding.suppressed.get_or_insert_with(|| Suppression {
                reason: scope.directive.reason.clone(),
            });
        }
    }
    for scope in scopes.iter().filter(|s| !s.used) {
        let id = &rules.rules[scope.rule].id;
        let message = format!(
            "Unused suppression: `{}` suppresses no finding of `{id}`",
            scope.directive.keyword
        );
        problems.push((UNUSED, message, scope.id_range.clone()));
    }
    for (meta, message, span) in problems {
        if let Some(rule) = rules.rules.iter().position(|r| r.id == meta) {
            let label = if meta == UNUSED {
                "suppresses nothing"
            } else {
                "invalid suppression"
            };
            evaluation.findings.push(Finding {
                rule,
                severity: rules.rules[rule].severity,
                message,
                label: label.to_owned(),
                span,
                suppressed: None,
                related: Vec::new(),
            });
        }
    }
    evaluation
        .findings
        .sort_by_key(|f| (f.span.start, f.span.end, f.rule));
}

/// The rules a directive disables (in force, by index), or the problem
/// with it as (meta rule, message, span).
#[allow(clippy::type_complexity)]
fn check(
    directive: &Directive,
    rules: &RuleSet,
) -> Result<Vec<(usize, Range<usize>)>, (&'static str, String, Range<usize>)> {
    let Some(kind) = directive.kind else {
        let known = [
            "clauselint-disable",
            "clauselint-enable",
            "clauselint-disable-next-line",
            "clauselint-disable-file",
        ];
        let hint = crate::rules::closest(&directive.keyword, known.into_iter())
            .map_or(String::new(), |k| format!(" (did you mean `{k}`?)"));
        return Err((
            INVALID,
            format!("Unknown directive `{}`{hint}", directive.keyword),
            directive.range.clone(),
        ));
    };
    if directive.rules.is_empty() && kind != DirectiveKind::Enable {
        let message = format!(
            "`{}` must name the rules it disables, e.g. `{} minors -- reason`",
            directive.keyword, directive.keyword
        );
        return Err((INVALID, message, directive.range.clone()));
    }
    if kind == DirectiveKind::Enable {
        return Ok(Vec::new());
    }
    let mut ids = Vec::new();
    for (id, range) in &directive.rules {
        if !rules.all_ids.contains(id) {
            let hint = crate::rules::closest(id, rules.all_ids.iter().map(String::as_str))
                .map_or(String::new(), |k| format!(" (did you mean `{k}`?)"));
            return Err((
                INVALID,
                format!("Unknown rule id `{id}` in `{}`{hint}", directive.keyword),
                range.clone(),
            ));
        }
        // A rule not in force (deselected) cannot be judged used or unused.
        if let Some(rule) = rules.rules.iter().position(|r| &r.id == id) {
            ids.push((rule, range.clone()));
        }
    }
    Ok(ids)
}

/// The region of the decoded source that directive `i` covers.
fn region(doc: &Document, index: &LineIndex, i: usize) -> Range<usize> {
    let directive = &doc.directives[i];
    let text = &doc.source.text;
    match directive.kind {
        Some(DirectiveKind::DisableFile) | None | Some(DirectiveKind::Enable) => 0..usize::MAX,
        Some(DirectiveKind::DisableNextLine) => {
            let mut line = index.line_of(directive.range.end.saturating_sub(1)) + 1;
            while line < index.line_count() {
                let range =
                    index.line_start(line)..index.line_start(line + 1).max(index.line_start(line));
                let end = if line + 1 < index.line_count() {
                    range.end
                } else {
                    text.len()
                };
                if text
                    .get(range.start..end)
                    .is_some_and(|l| !l.trim().is_empty())
                {
                    return range.start..end;
                }
                line += 1;
            }
            0..0
        }
        Some(DirectiveKind::Disable) => {
            let names = |d: &Directive, id: &str| {
                d.rules.is_empty() || d.rules.iter().any(|(r, _)| r == id)
            };
            let end = doc.directives[i + 1..]
                .iter()
                .find(|d| {
                    d.kind == Some(DirectiveKind::Enable)
                        && directive.rules.iter().any(|(id, _)| names(d, id))
                })
                .map_or(usize::MAX, |d| d.range.start);
            directive.range.end..end
        }
    }
}
