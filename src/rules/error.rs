//! Errors in rule files, as miette diagnostics pointing at the TOML span.

use std::ops::Range;
use std::path::Path;

use super::{RuleSource, TermRegex};
use crate::error::{Located, located_error};

located_error!(
    /// A problem in a rule file. Renders with the offending TOML underlined.
    RuleFileError,
    "clauselint::rule_file"
);

impl RuleFileError {
    /// An error at `span` of `source`.
    pub fn at(
        source: &RuleSource,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Self(Located::at(
            &display_name(&source.name),
            &source.text,
            span,
            message.into(),
            label.into(),
        ))
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
            let name = (e.0.source_code.as_ref()).map(|s| s.name().to_owned());
            (name, e.0.span.map(|s| s.offset()))
        });
        errors
    }
}

pub(crate) fn display_name(name: &str) -> String {
    name.strip_prefix("builtin:")
        .map_or_else(|| name.to_owned(), |n| format!("<built-in> {n}"))
}
