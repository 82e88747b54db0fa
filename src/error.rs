//! Errors that stop a run before any file is linted, each a type with its
//! own diagnostic code: a rule file that does not compile
//! (`clauselint::rule_file`), a configuration file that is wrong
//! (`clauselint::config`), and a command line or environment that asks for
//! something impossible (`clauselint::usage`). All exit with code 2.

use std::ops::Range;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode, SourceSpan};

pub use crate::rules::RuleFileError;

/// A message about a text file, with the place to underline: what rule-file
/// and configuration errors have in common.
#[derive(Debug)]
pub struct Located {
    pub message: String,
    pub source_code: Option<NamedSource<String>>,
    pub span: Option<SourceSpan>,
    pub label: String,
    pub help: Option<String>,
    /// A warning: said, but the run goes on.
    pub warning: bool,
}

impl Located {
    /// A message at `span` of the file `name` whose text is `text`.
    pub fn at(name: &str, text: &str, span: Range<usize>, message: String, label: String) -> Self {
        let len = text.len();
        // An empty or out-of-range span still points at real text, never
        // past the end (miette cannot render that).
        let start = span.start.min(len.saturating_sub(1));
        let end = span.end.clamp(start, len);
        Self {
            message: format!("{name}: {message}"),
            source_code: Some(NamedSource::new(name, text.to_owned())),
            span: (len > 0).then(|| SourceSpan::from(start..end.max(start + 1).min(len))),
            label,
            help: None,
            warning: false,
        }
    }

    /// A message with no place in a file.
    pub fn plain(message: String) -> Self {
        Self {
            message,
            source_code: None,
            span: None,
            label: String::new(),
            help: None,
            warning: false,
        }
    }

    pub(crate) fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source_code.as_ref().map(|s| s as &dyn SourceCode)
    }

    pub(crate) fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        let label = LabeledSpan::new_with_span(Some(self.label.clone()), span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// Declares an error type that is a [`Located`] message with its own
/// diagnostic code.
macro_rules! located_error {
    ($(#[$doc:meta])* $name:ident, $code:literal) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name(pub $crate::error::Located);

        impl $name {
            pub fn plain(message: impl Into<String>) -> Self {
                Self($crate::error::Located::plain(message.into()))
            }

            pub fn with_help(mut self, help: impl Into<String>) -> Self {
                self.0.help = Some(help.into());
                self
            }

            pub fn message(&self) -> &str {
                &self.0.message
            }

            /// The same message as a warning.
            pub fn as_warning(mut self) -> Self {
                self.0.warning = true;
                self
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0.message)
            }
        }

        impl std::error::Error for $name {}

        impl miette::Diagnostic for $name {
            fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
                Some(Box::new($code))
            }

            fn severity(&self) -> Option<miette::Severity> {
                self.0.warning.then_some(miette::Severity::Warning)
            }

            fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
                (self.0.help.as_ref()).map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
            }

            fn source_code(&self) -> Option<&dyn miette::SourceCode> {
                self.0.source_code()
            }

            fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
                self.0.labels()
            }
        }
    };
}
pub(crate) use located_error;

located_error!(
    /// A problem in `clauselint.toml` (or the file `--config` names).
    ConfigError,
    "clauselint::config"
);

located_error!(
    /// A command line or environment that asks for what cannot be done:
    /// an unknown rule id in `--select`, a selection that leaves no rule,
    /// an unreadable `CLAUSELINT_TODAY`.
    UsageError,
    "clauselint::usage"
);

impl ConfigError {
    /// An error at `span` of the configuration file `source`.
    pub fn at(
        source: &crate::rules::RuleSource,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Self(Located::at(
            &source.name,
            &source.text,
            span,
            message.into(),
            label.into(),
        ))
    }
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum SetupError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    RuleFile(#[from] RuleFileError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Usage(#[from] UsageError),
}

/// What a problem with one file is about: shown where a finding shows its
/// rule id, and part of the JSON and SARIF contract (`kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProblemKind {
    /// The file cannot be read.
    Io,
    /// The file is over the size limit.
    TooLarge,
    /// The bytes are no text in any encoding clauselint reads.
    Decode,
    /// The file has no text to judge.
    Empty,
    /// A folder cannot be walked.
    Walk,
    /// The front matter is not valid YAML.
    FrontMatter,
    /// A notice named in `incorporates` cannot be read.
    Incorporates,
    /// The language declared disagrees with the text, or none can be told.
    Language,
    /// The document was not judged and `fail-on-unjudged` is set.
    NotJudged,
    /// A version of the policy in another language cannot be read.
    Translation,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Io => "io",
            Self::TooLarge => "too-large",
            Self::Decode => "decode",
            Self::Empty => "empty",
            Self::Walk => "walk",
            Self::FrontMatter => "front-matter",
            Self::Incorporates => "incorporates",
            Self::Language => "language",
            Self::NotJudged => "not-judged",
            Self::Translation => "translation",
        }
    }
}

impl std::fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ProblemKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl SetupError {
    /// The message and the place it is about, whatever the kind of error.
    pub fn located(&self) -> &Located {
        match self {
            Self::RuleFile(e) => &e.0,
            Self::Config(e) => &e.0,
            Self::Usage(e) => &e.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(error: &SetupError) -> String {
        error.code().map(|c| c.to_string()).unwrap_or_default()
    }

    #[test]
    fn each_kind_of_error_has_its_own_code() {
        let usage = SetupError::from(UsageError::plain("no rules in force"));
        let config = SetupError::from(ConfigError::plain("cannot read clauselint.toml"));
        let rule = SetupError::from(RuleFileError::plain("bad"));
        assert_eq!(code(&usage), "clauselint::usage");
        assert_eq!(code(&config), "clauselint::config");
        assert_eq!(code(&rule), "clauselint::rule_file");
        assert_eq!(usage.to_string(), "no rules in force");
    }

    #[test]
    fn a_located_error_underlines_real_text_even_for_an_empty_span() {
        let source = crate::rules::RuleSource {
            name: "clauselint.toml".into(),
            text: "select = [\"x\"]\n".into(),
        };
        let error = ConfigError::at(&source, 15..15, "unknown", "here");
        let labels: Vec<LabeledSpan> = error.labels().unwrap().collect();
        assert_eq!(labels[0].offset(), 14);
        assert_eq!(labels[0].len(), 1);
        assert_eq!(error.message(), "clauselint.toml: unknown");
    }
}
