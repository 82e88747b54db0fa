//! Errors in rule files, as miette diagnostics pointing at the TOML span.

use std::ops::Range;
use std::path::Path;

use miette::{Diagnostic, NamedSource, SourceSpan};

use super::RuleSource;

/// A problem in a rule file. Renders with the offending TOML underlined.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(clauselint::rule_file))]
pub struct RuleFileError {
    pub message: String,
    #[source_code]
    pub source_code: Option<NamedSource<String>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl RuleFileError {
    /// An error at `span` of `source`.
    pub fn at(
        source: &RuleSource,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        let len = source.text.len();
        // An empty or out-of-range span still points at real text, never
        // past the end (miette cannot render that).
        let start = span.start.min(len.saturating_sub(1));
        let end = span.end.clamp(start, len);
        Self {
            message: format!("{}: {}", display_name(&source.name), message.into()),
            source_code: Some(NamedSource::new(
                display_name(&source.name),
                source.text.clone(),
            )),
            span: (len > 0).then(|| SourceSpan::from(start..end.max(start + 1).min(len))),
            label: label.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::plain(format!("{}: cannot read rule file: {err}", path.display()))
    }

    pub fn walk(path: &Path, err: &walkdir::Error) -> Self {
        Self::plain(format!(
            "{}: cannot read rule directory: {err}",
            path.display()
        ))
    }

    pub fn plain(message: String) -> Self {
        Self {
            message,
            source_code: None,
            span: None,
            label: String::new(),
            help: None,
        }
    }
}

pub(crate) fn display_name(name: &str) -> String {
    name.strip_prefix("builtin:")
        .map_or_else(|| name.to_owned(), |n| format!("<built-in> {n}"))
}
