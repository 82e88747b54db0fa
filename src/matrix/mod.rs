//! The evidence report (`clauselint report`): a compliance matrix of
//! documents (rows) by clause rules (columns), each cell saying whether the
//! clause is present, missing, deficient or not applicable, with the
//! evidence that decided it.
//!
//! [`build`] turns one evaluated document into a [`Row`] (small: a few
//! positions and sentences per clause, never the document), and each format
//! renders the finished [`Matrix`] in one call: [`markdown`] (a table for a
//! pull request), [`json`] (versioned, for programs; documented in
//! docs/report.md) and [`html`] (one self-contained page for auditors).

pub mod build;
mod html;
mod json;
mod markdown;

use std::ops::Range;

pub use build::{Column, columns};

use crate::document::LineCol;
use crate::error::ProblemKind;

/// The formats of the evidence report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A Markdown table to paste into a pull request, then the deciding
    /// sentence of every clause.
    #[default]
    Markdown,
    /// One versioned JSON document (see docs/report.md).
    Json,
    /// One self-contained HTML page: the matrix, colour-coded, linking to
    /// the evidence highlighted in each document's text.
    Html,
}

/// A clause's state in one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellStatus {
    Present,
    Missing,
    /// Present, but a rule that qualifies the clause has a finding on the
    /// document (or the clause rule found the clause deficient).
    Deficient,
    /// The rule does not apply to the document (its language, or the
    /// configuration turns it off for the file).
    NotApplicable,
}

impl CellStatus {
    /// The name used in JSON and as the HTML class.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Missing => "missing",
            Self::Deficient => "deficient",
            Self::NotApplicable => "not-applicable",
        }
    }
}

/// A span of evidence, placed in the file and in its sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Byte offsets in the file as stored (BOM and encoding included).
    pub bytes: Range<usize>,
    /// 1-based line and character column of the first character.
    pub start: LineCol,
    /// Line and column just past the last character.
    pub end: LineCol,
    /// The evidence text as the rules saw it (whitespace collapsed, markup
    /// and entities resolved).
    pub text: String,
    /// The sentence (or sentences) containing the evidence, as the rules
    /// saw it; very long ones are cut around the evidence, marked with `…`.
    pub sentence: String,
    /// Where the evidence is in `sentence` (byte offsets).
    pub mark: Range<usize>,
}

/// A finding that makes a present clause deficient: by a rule that
/// qualifies the clause, or by the clause rule itself (e.g. a stale date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualityFinding {
    pub rule: String,
    pub message: String,
    pub at: LineCol,
    /// Set when a directive in the document suppresses the finding.
    pub suppressed: Option<Suppressed>,
}

/// A suppression directive accepted the missing or deficient clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    /// The directive's reason (after `--`), if it gave one.
    pub reason: Option<String>,
}

/// One clause of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub status: CellStatus,
    /// For present and deficient clauses: the evidence, the deciding span
    /// first.
    pub evidence: Vec<Evidence>,
    /// What makes the clause deficient: findings of the rules that qualify
    /// it (also listed when it is missing), and the clause rule's own
    /// finding on a clause it judged deficient.
    pub findings: Vec<QualityFinding>,
    /// A missing or deficient clause accepted by a suppression directive:
    /// it is shown, but does not fail the run.
    pub suppressed: Option<Suppressed>,
    /// Why the rule does not apply, for `n/a`.
    pub reason: Option<String>,
    /// A clause found in a notice the document incorporates, not in the
    /// document itself.
    pub incorporated: Option<crate::engine::Incorporated>,
}

impl Cell {
    /// The deciding evidence.
    pub fn decisive(&self) -> Option<&Evidence> {
        self.evidence.first()
    }

    /// Whether the cell fails the run (exit code 1).
    pub fn fails(&self) -> bool {
        matches!(self.status, CellStatus::Missing | CellStatus::Deficient)
            && self.suppressed.is_none()
    }
}

/// A problem with a file: why it could not be checked, or an input error
/// in one that was (broken front matter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `io`, `decode`, `empty`, `too-large`, `walk`, `front-matter`.
    pub kind: ProblemKind,
    pub message: String,
    pub at: Option<LineCol>,
}

/// One document's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The path as the user wrote it (or as found by walking).
    pub path: String,
    pub body: RowBody,
    /// The translation group the document belongs to, named by its first
    /// version's path: the versions of one policy are shown together.
    pub translation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowBody {
    Checked(Checked),
    /// The file could not be checked.
    Error(Problem),
}

/// A checked document: one cell per column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// `markdown`, `html` or `text`.
    pub format: &'static str,
    /// The encoding the file was decoded from.
    pub encoding: &'static str,
    /// The declared language, if any.
    pub language: Option<String>,
    pub cells: Vec<Cell>,
    /// Input errors: the document was checked, but not all of it could be
    /// read as meant (they fail the run, as in `check`).
    pub warnings: Vec<Problem>,
}

impl Row {
    pub fn error(path: &str, kind: ProblemKind, message: &str) -> Self {
        Self {
            path: path.to_owned(),
            body: RowBody::Error(Problem {
                kind,
                message: message.to_owned(),
                at: None,
            }),
            translation: None,
        }
    }

    /// The key rows are shown in: by path, the versions of one policy
    /// together under their group's name.
    pub fn order_key(&self) -> (&str, &str) {
        (
            self.translation.as_deref().unwrap_or(&self.path),
            &self.path,
        )
    }

    pub fn checked(&self) -> Option<&Checked> {
        match &self.body {
            RowBody::Checked(c) => Some(c),
            RowBody::Error(_) => None,
        }
    }
}

/// The whole report.
#[derive(Clone, Debug)]
pub struct Matrix {
    pub columns: Vec<Column>,
    /// Ordered by path.
    pub rows: Vec<Row>,
    /// The profiles in force, in the order given: with more than `core`,
    /// the report groups the columns by profile.
    pub profiles: Vec<String>,
}

/// The columns of one profile, for the report's per-profile tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// `None` when the report has one group (the `core` profile alone):
    /// the report then looks as it did before profiles.
    pub profile: Option<String>,
    /// Indices into [`Matrix::columns`].
    pub columns: Vec<usize>,
}

/// Counts over the matrix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub documents: usize,
    pub checked: usize,
    /// Files that could not be checked.
    pub not_checked: usize,
    /// Checked files with input errors.
    pub input_errors: usize,
    pub present: usize,
    pub missing: usize,
    pub deficient: usize,
    pub not_applicable: usize,
    /// Missing and deficient cells not accepted by a suppression.
    pub failing: usize,
    /// Missing and deficient cells accepted by a suppression.
    pub suppressed: usize,
}

impl Matrix {
    /// The columns grouped by profile: one group per profile in force
    /// (an item shared by several packs is in each, with that pack's
    /// citation), or one unnamed group for `core` alone.
    pub fn groups(&self) -> Vec<Group> {
        let all = || (0..self.columns.len()).collect();
        let only_core = self
            .profiles
            .iter()
            .all(|p| p == crate::rules::DEFAULT_PROFILE);
        if only_core {
            return vec![Group {
                profile: None,
                columns: all(),
            }];
        }
        (self.profiles.iter())
            .map(|p| Group {
                profile: Some(p.clone()),
                columns: (self.columns.iter().enumerate())
                    .filter(|(_, c)| c.profiles.is_empty() || c.profiles.contains(p))
                    .map(|(i, _)| i)
                    .collect(),
            })
            .filter(|g| !g.columns.is_empty())
            .collect()
    }

    pub fn totals(&self) -> Totals {
        let mut t = Totals {
            documents: self.rows.len(),
            ..Totals::default()
        };
        for row in &self.rows {
            let Some(checked) = row.checked() else {
                t.not_checked += 1;
                continue;
            };
            t.checked += 1;
            t.input_errors += usize::from(!checked.warnings.is_empty());
            for cell in &checked.cells {
                match cell.status {
                    CellStatus::Present => t.present += 1,
                    CellStatus::Missing => t.missing += 1,
                    CellStatus::Deficient => t.deficient += 1,
                    CellStatus::NotApplicable => t.not_applicable += 1,
                }
                t.failing += usize::from(cell.fails());
                t.suppressed += usize::from(cell.suppressed.is_some());
            }
        }
        t
    }

    /// Renders the report.
    pub fn render(&self, format: ReportFormat) -> String {
        match format {
            ReportFormat::Markdown => markdown::render(self),
            ReportFormat::Json => json::render(self),
            ReportFormat::Html => html::render(self),
        }
    }
}

impl Totals {
    /// One line for standard error.
    pub fn sentence(&self, clauses: usize) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let mut out = format!(
            "{} × {}: {} present, {} missing, {} deficient, {} n/a",
            plural(self.checked, "document", "documents"),
            plural(clauses, "clause", "clauses"),
            self.present,
            self.missing,
            self.deficient,
            self.not_applicable
        );
        if self.suppressed > 0 {
            out.push_str(&format!(" ({} suppressed)", self.suppressed));
        }
        if self.not_checked > 0 {
            out.push_str(&format!(
                "; {} not checked",
                plural(self.not_checked, "file", "files")
            ));
        }
        if self.input_errors > 0 {
            out.push_str(&format!(
                "; {} with input errors",
                plural(self.input_errors, "file", "files")
            ));
        }
        out.push('.');
        out
    }
}

/// `text` cut to about `max` characters around `mark` (byte offsets in
/// `text`), with `…` where something was cut; returns the new text and
/// where the mark is in it. The mark itself is kept whole.
pub fn clip(text: &str, mark: Range<usize>, max: usize) -> (String, Range<usize>) {
    let start = mark.start.min(text.len());
    let mark = start..mark.end.clamp(start, text.len());
    if text.chars().count() <= max {
        return (text.to_owned(), mark);
    }
    let (before, marked, after) = (&text[..mark.start], &text[mark.clone()], &text[mark.end..]);
    let (before_len, after_len) = (before.chars().count(), after.chars().count());
    // Context for each side, split evenly; a short side gives the other
    // its share.
    let budget = max.saturating_sub(marked.chars().count());
    let mut left = budget / 2;
    let mut right = budget - left;
    if before_len < left {
        right += left - before_len;
        left = before_len;
    } else if after_len < right {
        left += right - after_len;
        right = after_len;
    }
    // Where the last `left` characters before the mark start, moved to the
    // start of a word when one is near.
    let from = match left {
        0 => mark.start,
        n => before.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i),
    };
    let from = match before[from..].find(' ') {
        Some(i) if from > 0 && i < 20 => from + i + 1,
        _ => from,
    };
    // Where the first `right` characters after the mark end, moved back to
    // the end of a word when one is near.
    let to = after
        .char_indices()
        .nth(right)
        .map_or(after.len(), |(i, _)| i);
    let to = match after[..to].rfind(' ') {
        Some(j) if to < after.len() && to - j < 20 => j,
        _ => to,
    };
    let cut_before = if from > 0 { "…" } else { "" };
    let cut_after = if to < after.len() { "…" } else { "" };
    let out = format!(
        "{cut_before}{}{marked}{}{cut_after}",
        &before[from..],
        &after[..to]
    );
    let mark_start = cut_before.len() + before.len() - from;
    (out, mark_start..mark_start + marked.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_keeps_short_text() {
        assert_eq!(clip("short", 0..5, 10), ("short".to_owned(), 0..5));
    }

    #[test]
    fn clip_cuts_around_the_mark() {
        let text = format!("{} KEEP THIS {}", "a ".repeat(100), "b ".repeat(100));
        let at = text.find("KEEP").unwrap();
        let (out, mark) = clip(&text, at..at + 9, 40);
        assert_eq!(&out[mark.clone()], "KEEP THIS");
        assert!(out.starts_with('…') && out.ends_with('…'), "{out}");
        assert!(out.chars().count() <= 44, "{out}");
    }

    #[test]
    fn clip_at_the_start_gives_the_end_more_room() {
        let text = format!("KEEP {}", "b ".repeat(100));
        let (out, mark) = clip(&text, 0..4, 30);
        assert_eq!(mark, 0..4);
        assert!(!out.starts_with('…') && out.ends_with('…'), "{out}");
        assert!(out.chars().count() >= 25, "{out}");
    }

    #[test]
    fn clip_keeps_a_mark_longer_than_the_limit_whole() {
        let text = format!("before {} after", "x".repeat(50));
        let (out, mark) = clip(&text, 7..57, 10);
        assert_eq!(&out[mark], "x".repeat(50));
        assert_eq!(out, format!("…{}…", "x".repeat(50)));
    }

    #[test]
    fn clip_handles_multibyte_text() {
        let text = format!("{}Straße{}", "ä ".repeat(50), " ö".repeat(50));
        let at = text.find("Straße").unwrap();
        let (out, mark) = clip(&text, at..at + "Straße".len(), 20);
        assert_eq!(&out[mark], "Straße");
    }
}
