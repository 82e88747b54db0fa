//! Quick fixes. The one that is always mechanical: accept a finding with a
//! suppression directive (docs/suppressions.md) whose reason is left for
//! the author to write. A placeholder contact address has no mechanical fix
//! (only the author knows the real address, and a new placeholder would be
//! the same problem), so none is offered for it.

use std::collections::HashMap;
use std::ops::Range;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Url, WorkspaceEdit};

use crate::document::directives::DirectiveKind;
use crate::document::{Document, Format, LineIndex};
use crate::engine::Finding;
use crate::rules::{RuleKind, RuleSet};

use super::positions::Positions;

/// The reason left in an inserted directive, for the author to replace:
/// a directive should say why a finding is accepted.
pub(crate) const REASON_PLACEHOLDER: &str = "TODO: say why this is accepted";

/// Quick fixes for the findings among `findings` (with their byte ranges in
/// the editor's text).
pub(crate) fn quick_fixes(
    uri: &Url,
    text: &str,
    doc: &Document,
    rules: &RuleSet,
    findings: &[(&Finding, Range<usize>)],
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    let mut seen = Vec::new();
    for (finding, range) in findings {
        let rule = &rules.rules[finding.rule];
        let insertion = Insertion::for_finding(text, doc, rule.kind, range.start);
        let edit = insertion.edit(text, doc.format, &rule.id);
        let title = match insertion.kind {
            DirectiveKind::DisableFile => format!(
                "Accept `{}` in this file (clauselint-disable-file)",
                rule.id
            ),
            _ => format!(
                "Suppress `{}` on this line (clauselint-disable-next-line)",
                rule.id
            ),
        };
        // Two findings of one rule on one line need one directive.
        if seen.contains(&(finding.rule, insertion.line)) {
            continue;
        }
        seen.push((finding.rule, insertion.line));
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        }));
    }
    actions
}

/// Where a directive goes and which one.
struct Insertion {
    kind: DirectiveKind,
    /// 0-based line the directive is inserted before.
    line: usize,
}

impl Insertion {
    /// A missing clause has no line of its own (it is placed on the title):
    /// it is accepted for the file. Anything else is suppressed on its line,
    /// unless that line is in the front matter, where a comment would break
    /// the YAML: then the file-wide directive goes below the front matter.
    fn for_finding(text: &str, doc: &Document, kind: RuleKind, at: usize) -> Self {
        let lines = LineIndex::new(text);
        let line = lines.line_of(at);
        if let Some(after) = after_front_matter(text, &lines, doc, at) {
            return Self {
                kind: DirectiveKind::DisableFile,
                line: after,
            };
        }
        let kind = match kind {
            RuleKind::Require => DirectiveKind::DisableFile,
            RuleKind::Forbid | RuleKind::Expect => DirectiveKind::DisableNextLine,
        };
        Self { kind, line }
    }

    /// The edit inserting the directive as a line of its own, indented as
    /// the line below it (so it stays inside a list item), with the text's
    /// own line break.
    fn edit(&self, text: &str, format: Format, rule_id: &str) -> TextEdit {
        let lines = LineIndex::new(text);
        let start = if self.line < lines.line_count() {
            lines.line_start(self.line)
        } else {
            text.len()
        };
        let rest = &text[start..];
        let indent = &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()];
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let body = format!("{} {rule_id} -- {REASON_PLACEHOLDER}", self.kind.keyword());
        let directive = match format {
            Format::Markdown | Format::Html => format!("<!-- {body} -->"),
            Format::Text => body,
        };
        // At the very end of a text without a final line break the
        // directive needs one before it.
        let before = if start == text.len() && !text.is_empty() && !text.ends_with('\n') {
            newline
        } else {
            ""
        };
        let position = Positions::new(text).position(start);
        TextEdit::new(
            lsp_types::Range::new(position, position),
            format!("{before}{indent}{directive}{newline}"),
        )
    }
}

/// The line after the front matter's closing fence, when `at` lies in the
/// front matter (fence included).
fn after_front_matter(text: &str, lines: &LineIndex, doc: &Document, at: usize) -> Option<usize> {
    let front = doc.front_matter.as_ref()?;
    let body = doc.source.file_range(front.range.clone());
    if at >= body.end && lines.line_of(at) > lines.line_of(body.end) {
        return None;
    }
    let fence = (lines.line_of(body.end)..lines.line_count()).find(|&line| {
        let start = lines.line_start(line);
        let end = if line + 1 < lines.line_count() {
            lines.line_start(line + 1)
        } else {
            text.len()
        };
        matches!(text[start..end].trim(), "---" | "...")
    })?;
    Some(fence + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Engine;
    use crate::lint::lint_bytes;

    fn apply(text: &str, edit: &TextEdit) -> String {
        let at = Positions::new(text).offset(edit.range.start);
        format!("{}{}{}", &text[..at], edit.new_text, &text[at..])
    }

    /// Lints `text` as a privacy notice in English at `name` in a folder.
    fn lint(dir: &std::path::Path, name: &str, text: &str) -> crate::lint::Linted {
        let config = Config::discover(dir, None, false).unwrap();
        let engine = Engine::compile(crate::rules::builtin_sources()).unwrap();
        let format = Format::from_path(std::path::Path::new(name)).unwrap();
        lint_bytes(&dir.join(name), format, text.as_bytes(), &config, &engine).unwrap()
    }

    #[test]
    fn in_plain_text_the_directive_is_a_line_of_its_own_that_suppresses() {
        let dir = tempfile::tempdir().unwrap();
        let toml =
            "[[documents]]\nfiles = [\"*.txt\"]\nkind = \"privacy-notice\"\nlanguage = \"en\"\n";
        std::fs::write(dir.path().join("clauselint.toml"), toml).unwrap();
        let text = "Privacy Policy\r\n\r\n    Questions? Email [EMAIL].\r\n";
        let linted = lint(dir.path(), "p.txt", text);
        let engine = Engine::compile(crate::rules::builtin_sources()).unwrap();
        let rules = engine.rules();
        let placeholder = (linted.evaluation.findings.iter())
            .find(|f| rules.rules[f.rule].id == "contact-point-placeholder")
            .unwrap();
        let at = linted.doc.source.file_range(placeholder.span.clone()).start;
        let insertion = Insertion::for_finding(text, &linted.doc, RuleKind::Forbid, at);
        let edit = insertion.edit(text, Format::Text, "contact-point-placeholder");
        assert_eq!(edit.range.start, lsp_types::Position::new(2, 0));
        assert_eq!(
            edit.new_text,
            format!(
                "    clauselint-disable-next-line contact-point-placeholder -- {REASON_PLACEHOLDER}\r\n"
            )
        );
        let fixed = lint(dir.path(), "p.txt", &apply(text, &edit));
        let left: Vec<&str> = (fixed.evaluation.findings.iter())
            .filter(|f| f.suppressed.is_none())
            .map(|f| rules.rules[f.rule].id.as_str())
            .collect();
        assert!(!left.contains(&"contact-point-placeholder"), "{left:?}");
        assert!(
            !left.iter().any(|id| id.ends_with("-suppression")),
            "{left:?}"
        );
    }

    #[test]
    fn a_finding_in_the_front_matter_is_accepted_below_it() {
        let text = "---\ntitle: Privacy Policy\nlang: en\n---\n\nWe collect your name.\n";
        let doc =
            Document::from_text(std::path::Path::new("p.md"), Format::Markdown, text).unwrap();
        let title = text.find("Privacy Policy").unwrap();
        let insertion = Insertion::for_finding(text, &doc, RuleKind::Require, title);
        assert_eq!(insertion.kind, DirectiveKind::DisableFile);
        assert_eq!(insertion.line, 4);
        let below = text.find("We collect").unwrap();
        let insertion = Insertion::for_finding(text, &doc, RuleKind::Forbid, below);
        assert_eq!(insertion.kind, DirectiveKind::DisableNextLine);
        assert_eq!(insertion.line, 5);
        let edit = insertion.edit(text, Format::Markdown, "x");
        assert_eq!(
            edit.new_text,
            format!("<!-- clauselint-disable-next-line x -- {REASON_PLACEHOLDER} -->\n")
        );
    }
}
