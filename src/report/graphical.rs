//! Source snippets with the offending text underlined, rendered by miette.
//!
//! Each finding becomes one miette diagnostic whose first line reads
//! `× rule-id: message`: the id stays next to the message (miette would put
//! a `code` on a line of its own), is stable across runs, and is what
//! `clauselint rule ID` and the configuration take. The rule's help follows
//! the snippet, then its references.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::{
    FileProblem, FileReport, FileSource, Fragment, RenderOptions, Renderer, Summary, rule_id,
    text_fragment,
};
use crate::document::Document;
use crate::engine::{Evaluation, Finding, Related};
use crate::rules::{RuleSet, Severity};

pub(super) struct Graphical;

impl Renderer for Graphical {
    fn file(&self, file: &FileReport<'_>, opts: &RenderOptions) -> Fragment {
        text_fragment(file, opts, Self::document, Self::problem)
    }

    fn summary(&self, summary: &Summary, opts: &RenderOptions) -> String {
        super::summary::graphical(summary, opts)
    }
}

impl Graphical {
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
        let source = FileSource::new(path, &doc.source.text).with_window(window(opts));
        let mut out = String::new();
        for finding in &eval.findings {
            // The other files a finding is about (translation drift).
            let sources: Vec<FileSource<'_>> = (finding.related.iter())
                .map(|r| FileSource::new(&r.path, &r.source.text).with_window(window(opts)))
                .collect();
            let mut report = finding_report(finding, rules, &source);
            report.related = (finding.related.iter().zip(&sources))
                .map(|(related, source)| related_report(related, finding.severity, source))
                .collect();
            render(&report, opts, &mut out);
        }
        out
    }

    fn problem(problem: &FileProblem, opts: &RenderOptions) -> String {
        let source = problem.span.as_ref().map(|(range, text)| {
            (
                range,
                FileSource::new(problem.path.as_str(), text).with_window(window(opts)),
            )
        });
        // Placed on its text, the snippet header names the file; otherwise
        // the headline must.
        let placed = source
            .as_ref()
            .and_then(|(range, source)| Some((source.label_range((*range).clone())?, source)));
        let report = Report {
            headline: match placed {
                Some(_) => format!("{}: {}", problem.kind, problem.message),
                None => format!("{}: {}", problem.path, problem.message),
            },
            severity: problem.severity,
            help: None,
            references: &[],
            label: placed
                .as_ref()
                .map(|(range, _)| LabeledSpan::new_primary_with_span(None, range.clone())),
            source: placed.map(|(_, source)| source),
            related: Vec::new(),
        };
        let mut out = String::new();
        render(&report, opts, &mut out);
        out
    }
}

/// Narrower terminals are rendered as this wide (miette wraps text to the
/// width; a handful of columns would put every word on its own line).
const MIN_WIDTH: usize = 40;

fn width(opts: &RenderOptions) -> usize {
    opts.width.max(MIN_WIDTH)
}

/// Widest fragment of a long source line shown, in characters: the width
/// less the line-number gutter, so a snippet line fits the terminal.
fn window(opts: &RenderOptions) -> usize {
    width(opts).saturating_sub(12)
}

fn finding_report<'a>(
    finding: &'a Finding,
    rules: &'a RuleSet,
    source: &'a FileSource<'a>,
) -> Report<'a> {
    let rule = rules.rules.get(finding.rule);
    let label = (!finding.label.is_empty()).then(|| finding.label.clone());
    let range = source.label_range(finding.span.clone());
    Report {
        headline: format!(
            "{}: {}",
            rule_id(rules, finding.rule),
            finding.message.trim()
        ),
        severity: finding.severity,
        help: rule
            .and_then(|r| r.help.as_deref())
            .map(str::trim)
            .filter(|h| !h.is_empty()),
        references: rule.map_or(&[], |r| r.references.as_slice()),
        label: range.map(|r| LabeledSpan::new_primary_with_span(label, r)),
        source: Some(source),
        related: Vec::new(),
    }
}

/// The place in another file a finding is about, as a related diagnostic
/// with its own snippet.
fn related_report<'a>(
    related: &'a Related,
    severity: Severity,
    source: &'a FileSource<'a>,
) -> Report<'a> {
    let range = source.label_range(related.span.clone());
    Report {
        headline: format!("{}: {}", related.path, related.label),
        severity,
        help: None,
        references: &[],
        label: range.map(|r| LabeledSpan::new_primary_with_span(Some(related.label.clone()), r)),
        source: Some(source),
        related: Vec::new(),
    }
}

/// Renders one diagnostic, its references, and a blank line. A failure (or
/// a panic) inside miette falls back to plain lines rather than losing the
/// finding.
fn render(report: &Report<'_>, opts: &RenderOptions, out: &mut String) {
    let handler = handler(opts);
    let mut buf = String::new();
    let rendered = catch_unwind(AssertUnwindSafe(|| handler.render_report(&mut buf, report)));
    if matches!(rendered, Ok(Ok(()))) {
        out.push_str(&buf);
    } else {
        out.push_str(&report.plain());
    }
    if !report.references.is_empty() {
        // Not miette's footer: that is set off by a blank line and would
        // float between two findings.
        out.push_str(&references_line(report.references, opts));
    }
    out.push('\n');
}

/// `  references: A; B`, wrapped to the width between references (a
/// reference is split only when it is wider than a line).
pub(super) fn references_line(references: &[String], opts: &RenderOptions) -> String {
    const HEAD: &str = "  references: ";
    let room = width(opts) - HEAD.len();
    let last = references.len().saturating_sub(1);
    let mut tokens: Vec<String> = Vec::new();
    for (i, reference) in references.iter().enumerate() {
        let item = if i < last {
            format!("{}; ", reference.trim())
        } else {
            reference.trim().to_owned()
        };
        if item.trim_end().chars().count() <= room {
            tokens.push(item);
        } else {
            tokens.extend(item.split_inclusive(' ').map(str::to_owned));
        }
    }
    let mut out = if opts.color {
        "  \x1b[36mreferences:\x1b[0m ".to_owned()
    } else {
        HEAD.to_owned()
    };
    let mut used = 0;
    for token in tokens {
        let visible = token.trim_end().chars().count();
        if used > 0 && used + visible > room {
            out.truncate(out.trim_end_matches(' ').len());
            out.push('\n');
            out.push_str(&" ".repeat(HEAD.len()));
            used = 0;
        }
        used += token.chars().count();
        out.push_str(&token);
    }
    out.truncate(out.trim_end_matches(' ').len());
    out.push('\n');
    out
}

fn handler(opts: &RenderOptions) -> GraphicalReportHandler {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width(opts))
        .with_links(false)
}

/// A finding or file problem as a miette diagnostic.
#[derive(Debug)]
struct Report<'a> {
    headline: String,
    severity: Severity,
    help: Option<&'a str>,
    references: &'a [String],
    label: Option<LabeledSpan>,
    source: Option<&'a FileSource<'a>>,
    /// Places in other files, each with its own snippet.
    related: Vec<Report<'a>>,
}

impl Report<'_> {
    /// The report without miette: headline and position.
    fn plain(&self) -> String {
        let mut out = format!("{}: {}\n", self.severity, self.headline);
        if let (Some(source), Some(label)) = (self.source, &self.label) {
            let at = source.line_col(label.offset());
            out.push_str(&format!(
                "  at {}:{}:{}\n",
                source.name(),
                at.line,
                at.column
            ));
        }
        out
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = self.label.clone()?;
        Some(Box::new(std::iter::once(label)))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}
