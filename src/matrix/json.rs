//! The report as one JSON document, for programs. The shape is documented
//! in docs/report.md; `version` changes only when it changes incompatibly
//! (new fields may be added without a change).

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{Cell, Evidence, Matrix, Problem, QualityFinding, Row, RowBody, Suppressed, Totals};

/// Version of the JSON shape.
const SCHEMA_VERSION: u32 = 1;

pub(super) fn render(matrix: &Matrix) -> String {
    let report = Report {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "clauselint",
            version: env!("CARGO_PKG_VERSION"),
        },
        rules: (matrix.columns.iter())
            .map(|c| JsonRule {
                id: &c.id,
                title: &c.title,
                profiles: &c.profiles,
                references: &c.references,
            })
            .collect(),
        documents: (matrix.rows.iter())
            .map(|row| Document { matrix, row })
            .collect(),
        totals: JsonTotals::from(matrix.totals()),
    };
    // Serializing strings, numbers and maps with string keys cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    rules: Vec<JsonRule<'a>>,
    documents: Vec<Document<'a>>,
    totals: JsonTotals,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    title: &'a str,
    /// The profiles (packs) the rule belongs to.
    profiles: &'a [String],
    /// Its citations.
    references: &'a [String],
}

/// A row; serialized by hand to keep the clauses in column order.
struct Document<'a> {
    matrix: &'a Matrix,
    row: &'a Row,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("path", &self.row.path)?;
        if let Some(group) = &self.row.translation {
            map.serialize_entry("translation_group", group)?;
        }
        match &self.row.body {
            RowBody::Error(problem) => {
                map.serialize_entry("status", "error")?;
                map.serialize_entry("error", &JsonProblem(problem))?;
                map.serialize_entry("clauses", &Clauses(&[], self.matrix))?;
            }
            RowBody::Checked(checked) => {
                map.serialize_entry("status", "checked")?;
                map.serialize_entry("format", checked.format)?;
                map.serialize_entry("encoding", checked.encoding)?;
                map.serialize_entry("language", &checked.language)?;
                if !checked.warnings.is_empty() {
                    let warnings: Vec<_> = checked.warnings.iter().map(JsonProblem).collect();
                    map.serialize_entry("warnings", &warnings)?;
                }
                map.serialize_entry("clauses", &Clauses(&checked.cells, self.matrix))?;
            }
        }
        map.end()
    }
}

struct Clauses<'a>(&'a [Cell], &'a Matrix);

impl Serialize for Clauses<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (column, cell) in self.1.columns.iter().zip(self.0) {
            map.serialize_entry(&column.id, &Clause::from(cell))?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Clause<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<JsonSuppressed<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incorporated: Option<JsonIncorporated<'a>>,
    evidence: Vec<JsonEvidence<'a>>,
    findings: Vec<JsonFinding<'a>>,
}

/// A clause found in a notice the document incorporates.
#[derive(Serialize)]
struct JsonIncorporated<'a> {
    path: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    sentence: &'a str,
}

impl<'a> From<&'a Cell> for Clause<'a> {
    fn from(cell: &'a Cell) -> Self {
        Self {
            status: cell.status.as_str(),
            reason: cell.reason.as_deref(),
            suppressed: cell.suppressed.as_ref().map(JsonSuppressed::from),
            incorporated: cell.incorporated.as_ref().map(|i| JsonIncorporated {
                path: &i.path,
                line: i.at.map(|a| a.line),
                column: i.at.map(|a| a.column),
                sentence: &i.sentence,
            }),
            evidence: cell.evidence.iter().map(JsonEvidence::from).collect(),
            findings: cell.findings.iter().map(JsonFinding::from).collect(),
        }
    }
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    reason: Option<&'a str>,
}

impl<'a> From<&'a Suppressed> for JsonSuppressed<'a> {
    fn from(s: &'a Suppressed) -> Self {
        Self {
            reason: s.reason.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonEvidence<'a> {
    /// Byte offsets in the file as stored.
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    sentence: &'a str,
}

impl<'a> From<&'a Evidence> for JsonEvidence<'a> {
    fn from(e: &'a Evidence) -> Self {
        Self {
            start: e.bytes.start,
            end: e.bytes.end,
            line: e.start.line,
            column: e.start.column,
            end_line: e.end.line,
            end_column: e.end.column,
            text: &e.text,
            sentence: &e.sentence,
        }
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<JsonSuppressed<'a>>,
}

impl<'a> From<&'a QualityFinding> for JsonFinding<'a> {
    fn from(f: &'a QualityFinding) -> Self {
        Self {
            rule: &f.rule,
            message: &f.message,
            line: f.at.line,
            column: f.at.column,
            suppressed: f.suppressed.as_ref().map(JsonSuppressed::from),
        }
    }
}

struct JsonProblem<'a>(&'a Problem);

impl Serialize for JsonProblem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("kind", &p.kind)?;
        map.serialize_entry("message", &p.message)?;
        if let Some(at) = p.at {
            map.serialize_entry("line", &at.line)?;
            map.serialize_entry("column", &at.column)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonTotals {
    documents: usize,
    checked: usize,
    not_checked: usize,
    input_errors: usize,
    present: usize,
    missing: usize,
    deficient: usize,
    not_applicable: usize,
    suppressed: usize,
    failing: usize,
}

impl From<Totals> for JsonTotals {
    fn from(t: Totals) -> Self {
        Self {
            documents: t.documents,
            checked: t.checked,
            not_checked: t.not_checked,
            input_errors: t.input_errors,
            present: t.present,
            missing: t.missing,
            deficient: t.deficient,
            not_applicable: t.not_applicable,
            suppressed: t.suppressed,
            failing: t.failing,
        }
    }
}
