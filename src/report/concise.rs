//! One line per finding: `PATH:LINE:COL: SEVERITY[ID] MESSAGE`.
//!
//! The shape is what vim's default `errorformat` (`%f:%l:%c: %m`) and a VS
//! Code problem matcher read. LINE and COL are 1-based and COL counts
//! characters of the decoded text, as editors show it, or the unit of
//! [`RenderOptions::columns`] (bytes for vim's `%c`).

use std::ops::Range;

use super::source::visible_range;
use super::{
    FileProblem, FileReport, Fragment, RenderOptions, Renderer, Summary, paint, rule_id,
    text_fragment,
};
use crate::document::{ColumnUnit, Document, LineCol, LineIndex};
use crate::engine::Evaluation;
use crate::rules::{RuleSet, Severity};

pub(super) struct Concise;

impl Renderer for Concise {
    fn file(&self, file: &FileReport<'_>, opts: &RenderOptions) -> Fragment {
        text_fragment(file, opts, Self::document, Self::problem)
    }

    fn summary(&self, summary: &Summary, opts: &RenderOptions) -> String {
        super::summary::concise(summary, opts)
    }
}

impl Concise {
    fn document(
        path: &str,
        doc: &Document,
        eval: &Evaluation,
        rules: &RuleSet,
        opts: &RenderOptions,
    ) -> String {
        if eval.findings.is_empty() {
            return String::new(); // most files: skip indexing the text
        }
        let text = doc.source.text.as_str();
        let index = LineIndex::new(text);
        let mut out = String::new();
        for finding in &eval.findings {
            let at = position(&index, text, finding.span.clone(), opts.columns);
            let id = rule_id(rules, finding.rule);
            out.push_str(&line(
                path,
                at,
                finding.severity,
                id,
                &finding.message,
                opts.color,
            ));
        }
        out
    }

    fn problem(problem: &FileProblem, opts: &RenderOptions) -> String {
        let at = match &problem.span {
            Some((range, text)) => {
                position(&LineIndex::new(text), text, range.clone(), opts.columns)
            }
            None => LineCol { line: 1, column: 1 },
        };
        line(
            &problem.path,
            at,
            problem.severity,
            problem.kind.as_str(),
            &problem.message,
            opts.color,
        )
    }
}

/// Where a span starts, placed as the graphical output places it: a span
/// past the last visible character points at that character.
fn position(index: &LineIndex, text: &str, span: Range<usize>, unit: ColumnUnit) -> LineCol {
    let start = visible_range(text, span.clone()).map_or(span.start, |r| r.start);
    index.line_col_in(text, start, unit)
}

/// One finding line. The message is folded onto the line: editors read one
/// line per entry.
pub(super) fn line(
    path: &str,
    at: LineCol,
    severity: Severity,
    id: &str,
    message: &str,
    color: bool,
) -> String {
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let severity = paint(severity.as_str(), severity, color);
    format!(
        "{path}:{}:{}: {severity}[{id}] {message}\n",
        at.line, at.column
    )
}
