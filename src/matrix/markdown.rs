//! The report as Markdown, to paste into a pull request: the matrix as a
//! table, then per document the sentence that decided each clause.

use std::fmt::Write;

use super::{Cell, CellStatus, Column, Matrix, RowBody, clip};

/// About how many characters of a deciding sentence are shown.
const SENTENCE_CHARS: usize = 200;

pub(super) fn render(matrix: &Matrix) -> String {
    let mut out = String::from("# Privacy policy evidence report\n\n");
    let totals = matrix.totals();
    let _ = writeln!(out, "{}\n", totals.sentence(matrix.columns.len()));
    for group in matrix.groups() {
        if let Some(profile) = &group.profile {
            profile_heading(matrix, profile, &group.columns, &mut out);
        }
        table(matrix, &group.columns, &mut out);
    }
    evidence(matrix, &mut out);
    out
}

/// A profile's heading, and each of its items with the citation.
fn profile_heading(matrix: &Matrix, profile: &str, columns: &[usize], out: &mut String) {
    let _ = writeln!(out, "## Profile `{}`\n", escape(profile));
    for &i in columns {
        let column = &matrix.columns[i];
        let _ = writeln!(
            out,
            "- `{}`: {} ({})",
            escape(&column.id),
            escape(&column.title),
            escape(&column.citation(profile))
        );
    }
    out.push('\n');
}

/// The matrix restricted to `columns` (indices into the matrix's).
fn table(matrix: &Matrix, columns: &[usize], out: &mut String) {
    out.push_str("| Document |");
    for &i in columns {
        let _ = write!(out, " {} |", escape(&matrix.columns[i].id));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(columns.len()));
    out.push('\n');
    for row in &matrix.rows {
        let _ = write!(out, "| {}", escape(&row.path));
        if let Some(group) = &row.translation {
            let lang = (row.checked()).and_then(|c| c.language.as_deref());
            let _ = write!(
                out,
                " ({} version of translation group {})",
                escape(lang.unwrap_or("one")),
                escape(group)
            );
        }
        match &row.body {
            RowBody::Checked(checked) => {
                if !checked.warnings.is_empty() {
                    out.push_str(" (⛔ input error)");
                }
                out.push_str(" |");
                for &i in columns {
                    let _ = write!(out, " {} |", cell_label(&checked.cells[i]));
                }
            }
            RowBody::Error(problem) => {
                out.push_str(" |");
                let why = format!(
                    "⛔ not checked ({}): {}",
                    problem.kind,
                    escape(&problem.message)
                );
                for i in 0..columns.len() {
                    let text = if i == 0 { why.as_str() } else { "⛔" };
                    let _ = write!(out, " {text} |");
                }
            }
        }
        out.push('\n');
    }
    out.push('\n');
}

fn cell_label(cell: &Cell) -> String {
    let mut label = match cell.status {
        CellStatus::Present => match cell.decisive() {
            Some(e) => format!("✅ present ({}:{})", e.start.line, e.start.column),
            None => "✅ present".to_owned(),
        },
        CellStatus::Missing => "❌ missing".to_owned(),
        CellStatus::Deficient => {
            let mut rules: Vec<&str> = cell.findings.iter().map(|f| f.rule.as_str()).collect();
            rules.dedup();
            format!("⚠️ deficient: {}", escape(&rules.join(", ")))
        }
        CellStatus::NotApplicable => "➖ n/a".to_owned(),
    };
    if cell.suppressed.is_some() {
        label.push_str(" (suppressed)");
    }
    label
}

fn evidence(matrix: &Matrix, out: &mut String) {
    if matrix.rows.is_empty() {
        return;
    }
    out.push_str("## Evidence\n");
    for row in &matrix.rows {
        let _ = write!(out, "\n### {}\n\n", escape(&row.path));
        match &row.body {
            RowBody::Error(problem) => {
                let _ = writeln!(
                    out,
                    "Not checked ({}): {}",
                    problem.kind,
                    escape(&problem.message)
                );
            }
            RowBody::Checked(checked) => {
                for warning in &checked.warnings {
                    let at = warning
                        .at
                        .map_or(String::new(), |a| format!(" at {}:{}", a.line, a.column));
                    let _ = writeln!(
                        out,
                        "- ⛔ input error ({}){at}: {}",
                        warning.kind,
                        escape(&warning.message)
                    );
                }
                for (column, cell) in matrix.columns.iter().zip(&checked.cells) {
                    clause(column, cell, out);
                }
            }
        }
    }
}

/// One clause of one document: its deciding sentence, or why it has none.
fn clause(column: &Column, cell: &Cell, out: &mut String) {
    let _ = write!(out, "- **{}** {}", escape(&column.id), cell_label(cell));
    match cell.status {
        CellStatus::Present | CellStatus::Deficient => {
            if let Some(i) = &cell.incorporated {
                let at =
                    i.at.map_or(String::new(), |a| format!(":{}:{}", a.line, a.column));
                let (sentence, _) = clip(&i.sentence, 0..0, SENTENCE_CHARS);
                let _ = write!(
                    out,
                    " — in the incorporated notice {}{at}: “{}”",
                    escape(&i.path),
                    escape(&sentence)
                );
            }
            if let Some(e) = cell.decisive() {
                let (sentence, mark) = clip(&e.sentence, e.mark.clone(), SENTENCE_CHARS);
                let _ = write!(
                    out,
                    " — “{}**{}**{}”",
                    escape(&sentence[..mark.start]),
                    escape(&sentence[mark.clone()]),
                    escape(&sentence[mark.end..]),
                );
            }
        }
        CellStatus::Missing => {
            let _ = write!(out, " — {}", escape(&column.message));
        }
        CellStatus::NotApplicable => {
            if let Some(reason) = &cell.reason {
                let _ = write!(out, " — {}", escape(reason));
            }
        }
    }
    for f in &cell.findings {
        let _ = write!(
            out,
            "\n  - `{}` at {}:{}: {}{}",
            f.rule.replace('`', "'"),
            f.at.line,
            f.at.column,
            escape(&f.message),
            if f.suppressed.is_some() {
                " (suppressed)"
            } else {
                ""
            }
        );
    }
    if let Some(s) = &cell.suppressed {
        match &s.reason {
            Some(reason) => {
                let _ = write!(out, "\n  - suppressed in the document: {}", escape(reason));
            }
            None => out.push_str("\n  - suppressed in the document (no reason given)"),
        }
    }
    out.push('\n');
}

/// Text made literal in Markdown (and in a table cell): Markdown's special
/// characters are backslash-escaped, `|` included, and line breaks become
/// spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;` and friends would be read as entities.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_table_and_markup_characters() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(escape("R&D &amp; co"), "R\\&D \\&amp; co");
        assert_eq!(escape("line\nbreak"), "line break");
    }
}
