//! Hover on a finding: what its rule asks for and how to fix it, as
//! `clauselint rule ID` explains it, in Markdown.

use std::fmt::Write as _;

use crate::rules::{Rule, RuleKind};

/// The Markdown explanation of `rule`.
pub(crate) fn explain(rule: &Rule) -> String {
    let mut out = String::new();
    let kind = match rule.kind {
        RuleKind::Require => "a required clause",
        RuleKind::Forbid => "forbidden text",
        RuleKind::Expect => "the quality of a clause",
    };
    let _ = writeln!(out, "**{}** (`{}`)\n", escape(&rule.title), rule.id);
    let _ = writeln!(out, "{} · {kind}\n", rule.severity);
    let _ = writeln!(out, "{}\n", escape(&rule.message));
    if let Some(description) = &rule.description {
        let _ = writeln!(out, "**What counts**\n\n{}\n", plain(description));
    }
    if let Some(help) = &rule.help {
        let _ = writeln!(out, "**How to fix**\n\n{}\n", plain(help));
    }
    if !rule.references.is_empty() {
        let _ = writeln!(out, "**References**\n");
        for reference in &rule.references {
            let _ = writeln!(out, "- {}", escape(reference));
        }
    }
    out.trim_end().to_owned()
}

/// Rule texts are plain text laid out for a terminal: kept as they are in
/// a code-free block would lose nothing, but Markdown reads better, so
/// only what Markdown would misread is escaped.
fn plain(text: &str) -> String {
    text.lines()
        .map(|line| escape(line.trim_end()))
        .collect::<Vec<_>>()
        .join("  \n")
}

/// Escapes the characters Markdown would take as markup in rule texts
/// (`[email protected]` must not become a link, `*` no emphasis).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_explained_with_its_help_and_markup_escaped() {
        let engine = crate::engine::Engine::compile(crate::rules::builtin_sources()).unwrap();
        let rule = engine.rules().get("contact-point-placeholder").unwrap();
        let text = explain(rule);
        assert!(
            text.starts_with(
                "**The contact point is a real, usable address** (`contact-point-placeholder`)"
            ),
            "{text}"
        );
        assert!(text.contains("**How to fix**"), "{text}");
        assert!(text.contains("\\[email protected\\]"), "{text}");
        assert!(text.contains("- GDPR Art. 13(1)(a), 14(1)(a)"), "{text}");
    }
}
