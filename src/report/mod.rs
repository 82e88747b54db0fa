//! Reports: rendering findings, file problems and the closing summary for
//! people (`graphical`) and for editors (`concise`).
//!
//! Every format is a `Renderer` in its own module; adding one (json,
//! github, sarif) is a new module and one arm in `renderer()`. Renderers
//! return strings and never print, so files linted in parallel can be
//! printed in a stable order.

mod concise;
mod graphical;
mod source;
mod summary;

use std::ops::Range;
use std::sync::Arc;

pub use source::FileSource;

use crate::document::Document;
use crate::engine::Evaluation;
use crate::rules::{RuleSet, Severity};

/// How reports are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Source snippets with the offending text underlined, for people.
    Graphical,
    /// One `path:line:col: severity[rule] message` line per finding, for
    /// editors and grep.
    Concise,
}

/// Terminal settings for rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    pub color: bool,
    /// Terminal width in columns.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

/// A file that could not be linted (exit code 2) or a warning on one that was.
#[derive(Clone, Debug)]
pub struct FileProblem {
    /// Display path.
    pub path: String,
    /// A short word naming where the problem comes from, shown as the rule
    /// id is for findings: `io`, `decode`, `empty`, `front-matter`, `walk`.
    pub kind: &'static str,
    pub message: String,
    /// `Error` means the file could not be linted.
    pub severity: Severity,
    /// Range of the decoded source the problem is at, with that source.
    pub span: Option<(Range<usize>, Arc<str>)>,
}

impl FileProblem {
    /// A file that could not be linted, with no place in it.
    pub fn error(path: &str, kind: &'static str, message: &str) -> Self {
        Self {
            path: path.to_owned(),
            kind,
            message: message.to_owned(),
            severity: Severity::Error,
            span: None,
        }
    }

    /// The problem placed at `range` of the decoded source `text`.
    pub fn at(mut self, range: Range<usize>, text: Arc<str>) -> Self {
        self.span = Some((range, text));
        self
    }
}

/// Totals for the closing summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files linted (not counting `files_failed`).
    pub files_checked: usize,
    /// Files that could not be linted.
    pub files_failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Rules in force.
    pub rules: usize,
    /// (document, rule) pairs skipped, e.g. because the document's language
    /// is not one the rule covers.
    pub not_applicable: usize,
}

/// What a format renders. Implementations return whole lines, each ending
/// in `\n`, or an empty string.
trait Renderer {
    fn document(
        &self,
        path: &str,
        doc: &Document,
        eval: &Evaluation,
        rules: &RuleSet,
        opts: &RenderOptions,
    ) -> String;
    fn problem(&self, problem: &FileProblem, opts: &RenderOptions) -> String;
    fn summary(&self, summary: &Summary, opts: &RenderOptions) -> String;
}

fn renderer(format: OutputFormat) -> &'static dyn Renderer {
    match format {
        OutputFormat::Graphical => &graphical::Graphical,
        OutputFormat::Concise => &concise::Concise,
    }
}

/// Renders every finding of one document, in the order of `eval.findings`.
/// `path` is the path as the user should see it.
pub fn render_document(
    format: OutputFormat,
    path: &str,
    doc: &Document,
    eval: &Evaluation,
    rules: &RuleSet,
    opts: &RenderOptions,
) -> String {
    renderer(format).document(path, doc, eval, rules, opts)
}

/// Renders a file that could not be linted, or a warning about one.
pub fn render_problem(format: OutputFormat, problem: &FileProblem, opts: &RenderOptions) -> String {
    renderer(format).problem(problem, opts)
}

/// Renders the closing summary (meant for stderr).
pub fn render_summary(format: OutputFormat, summary: &Summary, opts: &RenderOptions) -> String {
    renderer(format).summary(summary, opts)
}

/// The id of rule `idx`, or a stand-in if the index is stale.
fn rule_id(rules: &RuleSet, idx: usize) -> &str {
    rules
        .rules
        .get(idx)
        .map_or("unknown-rule", |r| r.id.as_str())
}

/// ANSI styles for the few places colour is added by hand (miette styles
/// its own output).
fn paint(text: &str, severity: Severity, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

#[cfg(test)]
mod tests;
