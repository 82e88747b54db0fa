//! One JSON document per run, for programs: every file (checked or not),
//! its findings with positions in characters and file bytes, its problems,
//! and the totals. The shape is documented in docs/output-formats.md; the
//! top-level `version` changes only when it changes incompatibly.
//!
//! The document is streamed: the prologue opens the `files` array, each
//! file is one element, and the epilogue closes the array and adds the
//! summary. The output is pretty-printed as `serde_json` would print the
//! whole document.

use serde::Serialize;

use super::place::{Locator, Place};
use super::{Closing, FileProblem, FileReport, Fragment, RenderOptions, Renderer, Summary};
use super::{TOOL_VERSION, rule_id};
use crate::document::ColumnUnit;
use crate::engine::{Finding, Related};
use crate::rules::RuleSet;

/// Version of the JSON shape.
const SCHEMA_VERSION: u32 = 1;

/// Indent of a `files` element.
const ELEMENT_INDENT: usize = 4;

pub(super) struct Json;

impl Renderer for Json {
    fn begin(&self, _rules: &RuleSet) -> String {
        let tool = Tool {
            name: "clauselint",
            version: TOOL_VERSION,
        };
        format!(
            "{{\n  \"version\": {SCHEMA_VERSION},\n  \"tool\": {},\n  \"files\": [",
            pretty(&tool, 2)
        )
    }

    fn file(&self, file: &FileReport<'_>, opts: &RenderOptions) -> Fragment {
        let entry = pretty(&entry(file, opts.columns), ELEMENT_INDENT);
        Fragment {
            items: vec![format!("\n{}{entry}", " ".repeat(ELEMENT_INDENT))],
            notes: Vec::new(),
        }
    }

    fn separator(&self) -> &'static str {
        ","
    }

    fn end(&self, closing: &Closing<'_>) -> String {
        let close = if closing.written > 0 { "\n  ]" } else { "]" };
        let summary = pretty(&JsonSummary::from(closing.summary), 2);
        format!("{close},\n  \"summary\": {summary}\n}}\n")
    }

    fn summary(&self, summary: &Summary, opts: &RenderOptions) -> String {
        super::summary::concise(summary, opts)
    }
}

/// JSON Lines: each file's entry of the `json` format on a line of its own;
/// the summary goes to standard error, as the concise format's does.
pub(super) struct JsonLines;

impl Renderer for JsonLines {
    fn file(&self, file: &FileReport<'_>, opts: &RenderOptions) -> Fragment {
        // Serializing plain structs of strings and numbers cannot fail.
        let line = serde_json::to_string(&entry(file, opts.columns)).unwrap_or_default();
        Fragment {
            items: vec![line + "\n"],
            notes: Vec::new(),
        }
    }

    fn summary(&self, summary: &Summary, opts: &RenderOptions) -> String {
        super::summary::concise(summary, opts)
    }
}

/// `value` pretty-printed, with every line after the first indented by
/// `indent` spaces so it nests at that depth. (JSON strings hold no raw
/// newlines, so only structure lines are indented.)
pub(super) fn pretty<T: Serialize>(value: &T, indent: usize) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.replace('\n', &format!("\n{}", " ".repeat(indent)))
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    /// The name's bytes, percent-encoded, when it is not UTF-8 (`path`
    /// shows them escaped as `\xFF`).
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<String>,
    format: Option<&'static str>,
    encoding: Option<&'static str>,
    /// `checked`; `not-judged` when it was read but no clause rule judged
    /// it (see `not_judged`); `error` when the file could not be checked.
    status: &'static str,
    /// The language the document was judged in, and how it was decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<JsonLanguage<'a>>,
    /// The kind of document (`privacy-notice`, `terms-of-use`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_judged: Option<JsonNotJudged>,
    findings: Vec<JsonFinding<'a>>,
    /// Conditional items (`applies-when`) that do not apply to the
    /// document, with the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_applicable: Vec<JsonNotApplicable<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonNotApplicable<'a> {
    rule: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonLanguage<'a> {
    /// ISO 639-1 code, `null` when it could not be told.
    code: Option<&'a str>,
    declared: Option<&'a str>,
    /// `front matter`, `<html lang>`, `file name`, `locale folder`, `configuration`.
    declared_by: Option<&'static str>,
    detected: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonNotJudged {
    /// `kind`, `language` or `unknown-language`.
    reason: &'static str,
    message: String,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    label: &'a str,
    help: Option<&'a str>,
    references: &'a [String],
    #[serde(flatten)]
    at: JsonPlace,
    /// Places in other files the finding is about (translation drift).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    label: &'a str,
    #[serde(flatten)]
    at: JsonPlace,
}

/// Where a span is: 1-based lines and columns (exclusive end), and byte
/// offsets in the file as stored (BOM and encoding included).
#[derive(Serialize)]
struct JsonPlace {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
}

impl From<Place> for JsonPlace {
    fn from(place: Place) -> Self {
        let bytes = place.bytes.unwrap_or_default();
        Self {
            line: place.start.line,
            column: place.start.column,
            end_line: place.end.line,
            end_column: place.end.column,
            start: bytes.start,
            end: bytes.end,
        }
    }
}

#[derive(Serialize)]
struct JsonError<'a> {
    kind: &'a str,
    severity: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

#[derive(Serialize)]
struct JsonSummary {
    files_checked: usize,
    files_failed: usize,
    files_with_input_errors: usize,
    /// Files read but not judged (another kind of document, a language
    /// without rules, a language that could not be told).
    files_not_judged: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    rules: usize,
}

impl From<&Summary> for JsonSummary {
    fn from(s: &Summary) -> Self {
        Self {
            files_checked: s.files_checked,
            files_failed: s.files_failed,
            files_with_input_errors: s.files_with_input_errors,
            files_not_judged: s.not_judged.total(),
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            rules: s.rules,
        }
    }
}

fn entry<'a>(file: &FileReport<'a>, columns: ColumnUnit) -> FileEntry<'a> {
    let doc = file.checked.map(|c| c.doc);
    let not_judged = file.checked.and_then(|c| c.eval.not_judged.as_ref());
    // Most files have no finding: skip indexing their text.
    let with_findings = file.checked.filter(|c| !c.eval.findings.is_empty());
    let findings = with_findings.map_or_else(Vec::new, |c| {
        let locator = Locator::new(&c.doc.source).counting(columns);
        (c.eval.findings.iter())
            .map(|f| finding(file.path, f, c.rules, &locator))
            .collect()
    });
    FileEntry {
        path: file.path,
        path_bytes: (file.os_path)
            .map(|p| crate::walk::percent_encode(&crate::walk::path_bytes(p), "")),
        format: file.format.map(|f| f.name()),
        encoding: doc.map(|d| d.source.encoding),
        status: match (file.checked, not_judged) {
            (Some(_), None) => "checked",
            (Some(_), Some(_)) => "not-judged",
            (None, _) => "error",
        },
        language: doc.map(|d| {
            let l = &d.language;
            JsonLanguage {
                code: l.code.as_deref(),
                declared: l.declared.as_ref().map(|d| d.tag.as_str()),
                declared_by: l.declared.as_ref().map(|d| d.by.describe()),
                detected: l.detected.as_ref().map(|d| d.code),
                note: l.note.as_deref(),
            }
        }),
        kind: doc.map(|d| d.kind.kind.name()),
        not_judged: not_judged.map(|n| JsonNotJudged {
            reason: n.code(),
            message: n.message(),
        }),
        findings,
        not_applicable: file.checked.map_or_else(Vec::new, |c| {
            (c.eval.outcomes.iter())
                .filter_map(|o| {
                    let reason = o.reason.as_deref()?;
                    Some(JsonNotApplicable {
                        rule: rule_id(c.rules, o.rule),
                        reason,
                    })
                })
                .collect()
        }),
        errors: (file.problems.iter()).map(|p| error(p, columns)).collect(),
    }
}

fn finding<'a>(
    path: &'a str,
    finding: &'a Finding,
    rules: &'a RuleSet,
    locator: &Locator<'_>,
) -> JsonFinding<'a> {
    let rule = rules.rules.get(finding.rule);
    let place = locator.place(finding.span.clone());
    JsonFinding {
        path,
        rule: rule_id(rules, finding.rule),
        severity: finding.severity.as_str(),
        message: finding.message.trim(),
        label: &finding.label,
        help: rule.and_then(|r| r.help.as_deref()).map(str::trim),
        references: rule.map_or(&[], |r| r.references.as_slice()),
        at: place.into(),
        related: (finding.related.iter())
            .map(|r| related(r, locator.unit()))
            .collect(),
    }
}

fn related(related: &Related, columns: ColumnUnit) -> JsonRelated<'_> {
    let locator = Locator::new(&related.source).counting(columns);
    JsonRelated {
        path: &related.path,
        label: &related.label,
        at: locator.place(related.span.clone()).into(),
    }
}

fn error(problem: &FileProblem, columns: ColumnUnit) -> JsonError<'_> {
    let at = (problem.span.as_ref()).map(|(range, text)| {
        let locator = Locator::for_text(text).counting(columns);
        locator.place(range.clone()).start
    });
    JsonError {
        kind: problem.kind.as_str(),
        severity: problem.severity.as_str(),
        message: problem.message.trim(),
        line: at.map(|a| a.line),
        column: at.map(|a| a.column),
    }
}
