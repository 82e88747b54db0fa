//! Reports: rendering findings, file problems and the closing summary for
//! people (`graphical`), editors (`concise`), programs (`json`), GitHub
//! Actions (`github`) and code scanning (`sarif`).
//!
//! Every format is a `Renderer` in its own module; adding one is a new
//! module and one arm in `renderer()`. Output is streamed: files are
//! rendered in parallel into [`Fragment`]s (renderers return strings and
//! never print), and a [`Stream`] prints them in path order between the
//! format's prologue and epilogue, adding the separators a single-document
//! format needs. Nothing is kept across files but counts, and SARIF's
//! notifications about files that could not be checked.

mod concise;
mod github;
mod graphical;
mod json;
mod place;
mod sarif;
mod source;
mod stream;
mod summary;

use std::ops::Range;
use std::sync::Arc;

pub use source::FileSource;
pub use stream::{Fragment, Stream};

use crate::document::{ColumnUnit, Document, Format};
use crate::engine::Evaluation;
use crate::error::ProblemKind;
use crate::rules::{RuleSet, Severity};

/// Where the project lives: SARIF's `informationUri` and the base of help
/// links. A placeholder until the project has a public home.
pub const PROJECT_URL: &str = "https://github.com/clauselint/clauselint";

/// The version written in JSON and SARIF reports.
const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How reports are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Source snippets with the offending text underlined, for people.
    Graphical,
    /// One `path:line:col: severity[rule] message` line per finding, for
    /// editors and grep.
    Concise,
    /// One JSON document with every file, finding and problem, for programs
    /// (see docs/output-formats.md).
    Json,
    /// JSON Lines: one line per file, the `files[]` element of `json`,
    /// written as each file is done; for corpus runs and `--shard` (the
    /// outputs of shards concatenate).
    Jsonl,
    /// GitHub Actions workflow commands: annotations on the lines, and a
    /// table in the job summary when GITHUB_STEP_SUMMARY is set.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

/// Terminal settings for rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    pub color: bool,
    /// Terminal width in columns.
    pub width: usize,
    /// What the columns of the concise, JSON and GitHub formats count.
    /// SARIF declares code points in its `columnKind`, and people read the
    /// graphical format, so both always count characters.
    pub columns: ColumnUnit,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            columns: ColumnUnit::Char,
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
    pub kind: ProblemKind,
    pub message: String,
    /// `Error` means the file could not be linted.
    pub severity: Severity,
    /// Range of the decoded source the problem is at, with that source.
    pub span: Option<(Range<usize>, Arc<str>)>,
}

impl FileProblem {
    /// A file that could not be linted, with no place in it.
    pub fn error(path: &str, kind: ProblemKind, message: &str) -> Self {
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files linted (not counting `files_failed`).
    pub files_checked: usize,
    /// Files that could not be linted.
    pub files_failed: usize,
    /// Files linted whose input has errors (broken front matter): they
    /// fail the run like unreadable files.
    pub files_with_input_errors: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Rules in force.
    pub rules: usize,
    /// (document, rule) pairs skipped, e.g. because the document's language
    /// is not one the rule covers.
    pub not_applicable: usize,
    /// Documents read but not judged, by reason.
    pub not_judged: NotJudgedCounts,
    /// Files named on the command line that the configuration excludes
    /// (`--force-exclude`): not linted, on purpose.
    pub files_excluded: usize,
}

/// Documents not judged, by reason: the summary names them so that a run
/// that judged nothing is never mistaken for a clean one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotJudgedCounts {
    /// Not privacy notices, by kind (`terms of use`).
    pub kinds: std::collections::BTreeMap<&'static str, usize>,
    /// In languages no clause rule covers: how many, and by language code
    /// (a document in two such languages counts under both).
    pub language_documents: usize,
    pub languages: std::collections::BTreeMap<String, usize>,
    /// Whose language could not be told.
    pub unknown_language: usize,
}

impl NotJudgedCounts {
    pub fn add(&mut self, reason: &crate::engine::NotJudged) {
        use crate::engine::NotJudged;
        match reason {
            NotJudged::Kind(k) => *self.kinds.entry(k.kind.describe()).or_default() += 1,
            NotJudged::Language(codes) => {
                self.language_documents += 1;
                for code in codes {
                    *self.languages.entry(code.clone()).or_default() += 1;
                }
            }
            NotJudged::UnknownLanguage(_) => self.unknown_language += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.kinds.values().sum::<usize>() + self.language_documents + self.unknown_language
    }
}

/// One file's outcome, as a report sees it.
#[derive(Clone, Copy, Debug)]
pub struct FileReport<'a> {
    /// The path as the user should see it (escaped when it is not UTF-8:
    /// see `walk::display`).
    pub path: &'a str,
    /// The path on disk, when its name is not UTF-8: formats that can
    /// carry the original bytes (SARIF, JSON) take them from here.
    pub os_path: Option<&'a std::path::Path>,
    /// The format the file was read as; `None` when it was never opened.
    pub format: Option<Format>,
    /// The document and what the rules found, when the file was checked.
    pub checked: Option<Checked<'a>>,
    /// Why the file could not be checked, or warnings about it.
    pub problems: &'a [FileProblem],
}

/// A checked document with its evaluation and the rules it was checked with.
#[derive(Clone, Copy, Debug)]
pub struct Checked<'a> {
    pub doc: &'a Document,
    pub eval: &'a Evaluation,
    pub rules: &'a RuleSet,
}

impl<'a> FileReport<'a> {
    /// A file that was not checked, with the problems saying why.
    pub fn failed(path: &'a str, format: Option<Format>, problems: &'a [FileProblem]) -> Self {
        Self {
            path,
            os_path: None,
            format,
            checked: None,
            problems,
        }
    }

    /// The file on disk at `path`: kept when its name is not UTF-8 (as
    /// shown: without a leading `./`).
    pub fn on_disk(mut self, path: &'a std::path::Path) -> Self {
        let shown = path.strip_prefix("./").unwrap_or(path);
        self.os_path = path.to_str().is_none().then_some(shown);
        self
    }
}

/// Where a format sends the notes of its fragments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NotesTo {
    /// The format makes none.
    Nowhere,
    /// Kept by the stream and handed to `Renderer::end`.
    Epilogue,
    /// Appended to the file named by `GITHUB_STEP_SUMMARY`, when set.
    StepSummary,
}

/// What the epilogue of a run knows.
#[derive(Clone, Copy, Debug)]
struct Closing<'a> {
    summary: &'a Summary,
    /// Items printed.
    written: usize,
    /// Items not printed because of `Renderer::max_items`.
    dropped: usize,
    /// Every note, in order, when the format's notes go to the epilogue.
    notes: &'a [String],
}

/// What a format renders. Text formats return whole lines, each ending in
/// `\n`; single-document formats return JSON values as items, which the
/// stream separates.
trait Renderer: Sync {
    /// Printed before the first file: opens a single-document format.
    fn begin(&self, _rules: &RuleSet) -> String {
        String::new()
    }
    /// One file. Called in parallel, for files in any order.
    fn file(&self, file: &FileReport<'_>, opts: &RenderOptions) -> Fragment;
    /// Printed between two items of the run (array elements need commas).
    fn separator(&self) -> &'static str {
        ""
    }
    /// Most items a run prints; the rest are counted and left out.
    fn max_items(&self) -> usize {
        usize::MAX
    }
    /// Where the notes of this format's fragments go.
    fn notes(&self) -> NotesTo {
        NotesTo::Nowhere
    }
    /// Printed after the last file: closes the document.
    fn end(&self, _closing: &Closing<'_>) -> String {
        String::new()
    }
    /// The closing summary (meant for stderr).
    fn summary(&self, summary: &Summary, opts: &RenderOptions) -> String;
}

fn renderer(format: OutputFormat) -> &'static dyn Renderer {
    match format {
        OutputFormat::Graphical => &graphical::Graphical,
        OutputFormat::Concise => &concise::Concise,
        OutputFormat::Json => &json::Json,
        OutputFormat::Jsonl => &json::JsonLines,
        OutputFormat::Github => &github::Github,
        OutputFormat::Sarif => &sarif::Sarif,
    }
}

/// A text format's fragment: the findings of the document, then the
/// problems, each rendered by the format's own functions.
fn text_fragment(
    file: &FileReport<'_>,
    opts: &RenderOptions,
    document: fn(&str, &Document, &Evaluation, &RuleSet, &RenderOptions) -> String,
    problem: fn(&FileProblem, &RenderOptions) -> String,
) -> Fragment {
    let findings = file
        .checked
        .map(|c| document(file.path, c.doc, c.eval, c.rules, opts));
    let problems = file.problems.iter().map(|p| problem(p, opts));
    Fragment {
        items: findings.into_iter().chain(problems).collect(),
        notes: Vec::new(),
    }
}

/// Renders one file for a [`Stream`]; safe to call in parallel.
pub fn render_file(format: OutputFormat, file: &FileReport<'_>, opts: &RenderOptions) -> Fragment {
    renderer(format).file(file, opts)
}

/// Renders every finding of one document, in the order of `eval.findings`,
/// as one piece (for a single-document format, the file's entry alone).
/// `path` is the path as the user should see it. (The commands stream
/// files with [`render_file`]; tests read one document whole.)
#[cfg(test)]
pub fn render_document(
    format: OutputFormat,
    path: &str,
    doc: &Document,
    eval: &Evaluation,
    rules: &RuleSet,
    opts: &RenderOptions,
) -> String {
    let file = FileReport {
        path,
        os_path: None,
        format: Some(doc.format),
        checked: Some(Checked { doc, eval, rules }),
        problems: &[],
    };
    render_file(format, &file, opts).concat()
}

/// Renders a file that could not be linted, or a warning about one.
#[cfg(test)]
pub fn render_problem(format: OutputFormat, problem: &FileProblem, opts: &RenderOptions) -> String {
    let file = FileReport::failed(&problem.path, None, std::slice::from_ref(problem));
    render_file(format, &file, opts).concat()
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
