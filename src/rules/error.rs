//! Errors in rule files, as miette diagnostics pointing at the TOML span.

use std::ops::Range;
use std::path::Path;

use miette::{Diagnostic, NamedSource, SourceSpan};

use super::{RuleSource, TermRegex};

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

    /// A rule regex that does not parse or compile, at its pattern.
    pub fn invalid_regex(sources: &[RuleSource], regex: &TermRegex, detail: &str) -> Self {
        let first = detail.lines().last().unwrap_or("invalid regex").trim();
        Self::at(
            &sources[regex.source],
            regex.span.clone(),
            format!("invalid regex: {first}"),
            "this regex does not compile",
        )
        .with_help(detail.to_owned())
    }

    /// Errors in file order, then by position: as a reader meets them.
    pub fn in_file_order(mut errors: Vec<Self>) -> Vec<Self> {
        errors.sort_by_key(|e| {
            let name = e.source_code.as_ref().map(|s| s.name().to_owned());
            (name, e.span.map(|s| s.offset()))
        });
        errors
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
