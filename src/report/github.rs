//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per finding or file problem, which the runner turns into
//! an annotation on the line.
//!
//! GitHub shows at most 10 annotations of each level per step, so when
//! `GITHUB_STEP_SUMMARY` names a file, a Markdown table of every finding is
//! appended to it as the files are printed, and the totals at the end.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::place::{Locator, Place};
use super::{Closing, FileProblem, FileReport, Fragment, NotesTo, RenderOptions, Renderer};
use super::{Summary, rule_id};
use crate::engine::Finding;
use crate::rules::{RuleSet, Severity};

pub(super) struct Github;

impl Renderer for Github {
    fn file(&self, file: &FileReport<'_>, opts: &RenderOptions) -> Fragment {
        let mut out = Fragment::default();
        // Most files have no finding: skip indexing their text.
        if let Some(checked) = file.checked.filter(|c| !c.eval.findings.is_empty()) {
            let locator = Locator::new(&checked.doc.source).counting(opts.columns);
            for finding in &checked.eval.findings {
                let place = locator.place(finding.span.clone());
                out.items
                    .push(finding_command(file.path, finding, checked.rules, &place));
                out.notes
                    .push(finding_row(file.path, finding, checked.rules, &place));
            }
        }
        for problem in file.problems {
            let at = (problem.span.as_ref()).map(|(range, text)| {
                let locator = Locator::for_text(text).counting(opts.columns);
                locator.place(range.clone())
            });
            out.items.push(problem_command(problem, at.as_ref()));
            out.notes.push(problem_row(problem, at.as_ref()));
        }
        out
    }

    fn notes(&self) -> NotesTo {
        NotesTo::StepSummary
    }

    fn end(&self, closing: &Closing<'_>) -> String {
        let summary = closing.summary;
        if summary.files_checked > 0 || summary.files_failed > 0 {
            return String::new();
        }
        // Nothing checked passes no step silently: the exit code fails it,
        // and this says why where people look.
        let message = super::summary::plain(summary);
        format!(
            "::error title={}::{}\n",
            escape_property("clauselint"),
            escape_data(&message)
        )
    }

    fn summary(&self, summary: &Summary, opts: &RenderOptions) -> String {
        super::summary::concise(summary, opts)
    }
}

/// The workflow command for a level.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn finding_command(path: &str, finding: &Finding, rules: &RuleSet, place: &Place) -> String {
    let id = rule_id(rules, finding.rule);
    let mut message = finding.message.trim().to_owned();
    let help = rules
        .rules
        .get(finding.rule)
        .and_then(|r| r.help.as_deref());
    if let Some(help) = help.map(str::trim).filter(|h| !h.is_empty()) {
        message.push('\n');
        message.push_str(help);
    }
    format!(
        "::{} file={},{},title={}::{}\n",
        command(finding.severity),
        escape_property(path),
        position(place),
        escape_property(&format!("clauselint ({id})")),
        escape_data(&message)
    )
}

/// `line=..,col=..,endLine=..,endColumn=..`. Columns are left out of a span
/// over several lines: GitHub's annotations take columns on one line only.
fn position(place: &Place) -> String {
    let (start, end) = (place.start, place.end);
    if start.line == end.line {
        format!(
            "line={},col={},endLine={},endColumn={}",
            start.line, start.column, end.line, end.column
        )
    } else {
        format!("line={},endLine={}", start.line, end.line)
    }
}

fn problem_command(problem: &FileProblem, at: Option<&Place>) -> String {
    let position = at.map_or(String::new(), |p| format!(",{}", position(p)));
    format!(
        "::{} file={}{position},title={}::{}\n",
        command(problem.severity),
        escape_property(&problem.path),
        escape_property(&format!("clauselint ({})", problem.kind)),
        escape_data(problem.message.trim())
    )
}

/// Escapes the message of a workflow command.
pub(super) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command, where `:` and `,` end
/// the value.
pub(super) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn finding_row(path: &str, finding: &Finding, rules: &RuleSet, place: &Place) -> String {
    row(
        path,
        &place.start.line.to_string(),
        finding.severity,
        rule_id(rules, finding.rule),
        &finding.message,
    )
}

fn problem_row(problem: &FileProblem, at: Option<&Place>) -> String {
    let line = at.map_or(String::new(), |p| p.start.line.to_string());
    let (path, kind) = (&problem.path, problem.kind);
    row(
        path,
        &line,
        problem.severity,
        kind.as_str(),
        &problem.message,
    )
}

fn row(path: &str, line: &str, severity: Severity, rule: &str, message: &str) -> String {
    let cells = [path, line, severity.as_str(), rule, message].map(escape_cell);
    format!("| {} |\n", cells.join(" | "))
}

/// A Markdown table cell: on one line, with `|` escaped.
pub(super) fn escape_cell(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.replace('|', "\\|")
}

/// Most rows in the step summary: GitHub takes at most 1 MiB per step.
const MAX_ROWS: usize = 2_000;
/// Most bytes of rows, well under that limit whatever the row lengths.
const MAX_ROW_BYTES: usize = 768 * 1024;

const TABLE_HEAD: &str =
    "| File | Line | Severity | Rule | Message |\n| --- | ---: | --- | --- | --- |\n";

/// The Markdown summary appended to `$GITHUB_STEP_SUMMARY`.
pub(super) struct StepSummary {
    path: PathBuf,
    file: Option<BufWriter<File>>,
    /// Whether the heading is written.
    started: bool,
    rows: usize,
    row_bytes: usize,
    /// Rows not written because of the caps.
    left_out: usize,
    /// Set after a write failed: one warning, then nothing more.
    failed: bool,
}

impl StepSummary {
    /// The summary GitHub Actions asks for, if it does.
    pub fn from_env() -> Option<Self> {
        let path = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())?;
        Some(Self::new(PathBuf::from(path)))
    }

    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            file: None,
            started: false,
            rows: 0,
            row_bytes: 0,
            left_out: 0,
            failed: false,
        }
    }

    /// Appends table rows (one per finding or problem), up to the caps.
    pub fn rows(&mut self, rows: &[String]) {
        let mut text = String::new();
        for row in rows {
            if self.rows >= MAX_ROWS || self.row_bytes + row.len() > MAX_ROW_BYTES {
                self.left_out += 1;
                continue;
            }
            if self.rows == 0 {
                text.push_str(TABLE_HEAD);
            }
            text.push_str(row);
            self.rows += 1;
            self.row_bytes += row.len();
        }
        if !text.is_empty() {
            self.write(&text);
        }
    }

    /// Ends the table and appends the totals.
    pub fn finish(&mut self, summary: &Summary) {
        let mut text = String::new();
        if self.rows > 0 {
            text.push('\n');
        }
        if self.left_out > 0 {
            let total = self.rows + self.left_out;
            text.push_str(&format!(
                "Only the first {} of {total} findings and file problems are listed; the step log has them all.\n\n",
                self.rows
            ));
        }
        text.push_str(&super::summary::plain(summary));
        text.push('\n');
        self.write(&text);
        if let Some(mut file) = self.file.take()
            && let Err(e) = file.flush()
        {
            self.warn(&e);
        }
    }

    /// Writes `text`, after the heading on the first write.
    fn write(&mut self, text: &str) {
        if self.failed {
            return;
        }
        if !self.started {
            self.started = true;
            self.write("## clauselint\n\n");
        }
        let result = match &mut self.file {
            Some(file) => file.write_all(text.as_bytes()),
            None => self.open().and_then(|f| f.write_all(text.as_bytes())),
        };
        if let Err(e) = result {
            self.warn(&e);
        }
    }

    fn open(&mut self) -> std::io::Result<&mut BufWriter<File>> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        Ok(self.file.insert(BufWriter::new(file)))
    }

    /// Says once that the summary could not be written; the report on
    /// stdout and the exit code do not depend on it.
    fn warn(&mut self, error: &std::io::Error) {
        self.failed = true;
        eprintln!(
            "warning: cannot write the step summary {}: {error}",
            self.path.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(
            escape_data("100% done\r\nnext: a, b"),
            "100%25 done%0D%0Anext: a, b"
        );
        // `%` first, so an escape in the text is not unescaped later.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("C:\\docs\\a,b%.md\n"),
            "C%3A\\docs\\a%2Cb%25.md%0A"
        );
        assert_eq!(
            escape_property("clauselint (contact-point)"),
            "clauselint (contact-point)"
        );
    }

    #[test]
    fn cells_stay_on_one_line_with_pipes_escaped() {
        assert_eq!(escape_cell("a | b\n  c\r\n"), "a \\| b c");
        assert_eq!(
            row("p|q.md", "3", Severity::Info, "r", "m"),
            "| p\\|q.md | 3 | info | r | m |\n"
        );
    }

    #[test]
    fn step_summary_caps_rows_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        std::fs::write(&path, "earlier step\n").unwrap();
        let mut summary = StepSummary::new(path.clone());
        let rows: Vec<String> = (0..MAX_ROWS + 5)
            .map(|i| row("a.md", &i.to_string(), Severity::Error, "r", "m"))
            .collect();
        summary.rows(&rows[..10]);
        summary.rows(&rows[10..]);
        summary.finish(&Summary {
            files_checked: 1,
            errors: rows.len(),
            rules: 1,
            ..Summary::default()
        });
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("earlier step\n## clauselint\n\n| File |"));
        assert_eq!(text.matches("| a.md |").count(), MAX_ROWS);
        assert_eq!(text.matches("| File |").count(), 1);
        assert!(text.contains(&format!("first {MAX_ROWS} of {}", MAX_ROWS + 5)));
        assert!(text.ends_with("Checked 1 file against 1 rule: 2005 errors.\n"));
    }
}
