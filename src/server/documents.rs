//! Open documents: the editor's text of each, and what linting it found.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use lsp_types::Url;

use crate::config::Config;
use crate::document::Format;
use crate::engine::Finding;
use crate::lint::{DEFAULT_MAX_FILE_SIZE, Linted, LoadFailure, bounded_file, lint_text};
use crate::rules::RuleSet;

use super::setups::{SetupResult, Setups};

/// A document open in the editor.
pub(crate) struct OpenDoc {
    pub uri: Url,
    pub path: PathBuf,
    pub format: Format,
    pub version: i32,
    /// The editor's text: every position the server sends refers to it.
    pub text: String,
    /// When to lint it next (debounced after a change), if it changed.
    pub due: Option<Instant>,
    /// The last lint, of `text` as it was then.
    pub analysis: Option<Analysis>,
    /// Why the file could not be read, when the editor sent no text and
    /// the file on disk is unreadable; cleared by the next change.
    pub unreadable: Option<Failure>,
}

/// A load failure, kept as what is shown of it.
#[derive(Clone, Debug)]
pub(crate) struct Failure {
    /// [`LoadFailure::kind`].
    pub kind: crate::error::ProblemKind,
    pub message: String,
}

impl From<LoadFailure> for Failure {
    fn from(failure: LoadFailure) -> Self {
        Self {
            kind: failure.kind(),
            message: failure.to_string(),
        }
    }
}

/// The result of linting one version of a document.
pub(crate) struct Analysis {
    pub setup: SetupResult,
    pub outcome: Outcome,
}

pub(crate) enum Outcome {
    Linted(Box<Linted>),
    /// The text is no policy clauselint can read (empty, binary, ...).
    Failed(Failure),
    /// The configuration is broken: see [`Analysis::setup`].
    NoSetup,
    /// The configuration (the file named) excludes the file, as
    /// `clauselint check` would when walking its folder.
    Excluded(PathBuf),
    /// Linting panicked (a bug): the message, for the log and the user.
    Panicked(String),
}

impl OpenDoc {
    /// A document the editor opened; `None` when `uri` is no local file
    /// (an untitled buffer, a remote file), which has no configuration.
    pub(crate) fn open(
        uri: Url,
        language_id: &str,
        version: i32,
        text: String,
        setups: &mut Setups,
    ) -> Option<Self> {
        let path = uri.to_file_path().ok()?;
        let format = format_of(&path, language_id);
        let (text, unreadable) = if text.is_empty() {
            let setup = setups.for_file(&path);
            let config = (*setup).as_ref().ok().map(|s| &s.config);
            match text_on_disk(&path, config) {
                Ok(text) => (text, None),
                Err(failure) => (text, failure),
            }
        } else {
            (text, None)
        };
        Some(Self {
            uri,
            path,
            format,
            version,
            text,
            due: None,
            analysis: None,
            unreadable,
        })
    }

    /// Lints the current text with the setup for its path.
    pub(crate) fn lint(&mut self, setups: &mut Setups) {
        let setup = setups.for_file(&self.path);
        let outcome = match (setup.as_ref(), &self.unreadable) {
            (Err(_), _) => Outcome::NoSetup,
            (Ok(_), Some(failure)) => Outcome::Failed(failure.clone()),
            (Ok(s), None) if s.config.excludes(&self.path) => {
                Outcome::Excluded(s.config.path.clone().unwrap_or_default())
            }
            (Ok(s), None) => lint_guarded(&self.path, self.format, &self.text, s),
        };
        self.due = None;
        self.analysis = Some(Analysis {
            setup: Rc::clone(&setup),
            outcome,
        });
    }
}

impl OpenDoc {
    /// The last lint's result and the rules it ran, if it was linted.
    pub(crate) fn linted(&self) -> Option<(&Linted, &RuleSet)> {
        let analysis = self.analysis.as_ref()?;
        match (&analysis.outcome, analysis.setup.as_ref()) {
            (Outcome::Linted(linted), Ok(setup)) => Some((linted, setup.engine.rules())),
            _ => None,
        }
    }
}

/// The findings shown (not suppressed) whose place in the editor's text
/// touches byte range `range` (a cursor at either end of a finding counts),
/// with that place.
pub(crate) fn findings_in(linted: &Linted, range: Range<usize>) -> Vec<(&Finding, Range<usize>)> {
    (linted.evaluation.findings.iter())
        .filter(|f| f.suppressed.is_none())
        .map(|f| (f, linted.doc.source.file_range(f.span.clone())))
        .filter(|(_, place)| place.start <= range.end && range.start <= place.end)
        .collect()
}

/// The format a file is read in: the editor's language, or else the
/// extension as `clauselint check` decides it (plain text when unknown).
fn format_of(path: &Path, language_id: &str) -> Format {
    match language_id {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        "plaintext" => Format::Text,
        _ => Format::from_path(path).unwrap_or(Format::Text),
    }
}

/// A client may open a document without sending its text; then it is read
/// from disk and decoded as `clauselint check` would with the file's
/// configuration (`max-file-size`, `encoding`; the defaults without one).
/// `Err(None)`: there is no file (a new buffer), which is linted as the
/// empty text it is.
fn text_on_disk(path: &Path, config: Option<&Config>) -> Result<String, Option<Failure>> {
    let limit = config.map_or(DEFAULT_MAX_FILE_SIZE, Config::max_file_size);
    let decoding = config.map(Config::decoding).unwrap_or_default();
    let bytes = match bounded_file(path, limit) {
        Ok(bytes) => bytes,
        Err(LoadFailure::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Err(None),
        Err(failure) => return Err(Some(failure.into())),
    };
    match String::from_utf8(bytes) {
        Ok(text) if decoding.encoding.is_none() => Ok(text),
        Ok(text) => decode_text(text.as_bytes(), decoding),
        Err(e) => decode_text(e.as_bytes(), decoding),
    }
}

/// Decodes bytes read from disk as `check` would.
fn decode_text(
    bytes: &[u8],
    decoding: crate::document::Decoding,
) -> Result<String, Option<Failure>> {
    crate::document::decode::decode_in(bytes, decoding)
        .map(|source| source.text)
        .map_err(|e| Some(LoadFailure::Document(crate::document::LoadError::Decode(e)).into()))
}

/// Lints, turning a panic into an outcome: one bad document must not end
/// the server for every other one.
fn lint_guarded(
    path: &Path,
    format: Format,
    text: &str,
    setup: &crate::commands::Setup,
) -> Outcome {
    // The editor's text (or the file's, decoded once already): decoding it
    // again in the configured encoding would garble it.
    let run = || lint_text(path, format, text, &setup.config, &setup.engine);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(linted)) => Outcome::Linted(Box::new(linted)),
        Ok(Err(failure)) => Outcome::Failed(failure.into()),
        Err(panic) => Outcome::Panicked(super::panic_message(&panic)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(path: &Path, text: &str) -> OpenDoc {
        let uri = Url::from_file_path(path).unwrap();
        OpenDoc::open(uri, "markdown", 1, text.to_owned(), &mut Setups::default()).unwrap()
    }

    /// A folder with this clauselint.toml.
    fn configured(config: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("clauselint.toml"), config).unwrap();
        dir
    }

    #[test]
    fn a_file_the_configuration_excludes_is_not_linted() {
        let dir = configured("exclude = [\"drafts/\"]\n");
        let mut setups = Setups::default();
        let mut doc = open(&dir.path().join("drafts/policy.md"), "# Privacy\n\nText.\n");
        doc.lint(&mut setups);
        let outcome = &doc.analysis.as_ref().unwrap().outcome;
        assert!(matches!(outcome, Outcome::Excluded(p) if p.ends_with("clauselint.toml")));
        let mut doc = open(&dir.path().join("policy.md"), "# Privacy\n\nText.\n");
        doc.lint(&mut setups);
        assert!(doc.linted().is_some());
    }

    #[test]
    fn a_file_opened_without_text_is_read_and_decoded_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.txt");
        // "Données personnelles" in Windows-1252.
        std::fs::write(&path, b"Donn\xe9es personnelles: nous les gardons un an.\n").unwrap();
        let doc = open(&path, "");
        assert!(doc.text.starts_with("Données personnelles"), "{}", doc.text);
        assert!(doc.unreadable.is_none());
        assert_eq!(doc.format, Format::Markdown, "the editor's language wins");
        // No file (a new buffer): empty, and not an error to read.
        let doc = open(&dir.path().join("new.md"), "");
        assert!(doc.text.is_empty() && doc.unreadable.is_none());
    }

    #[test]
    fn a_file_read_from_disk_follows_its_configuration() {
        let dir = configured("encoding = \"iso-8859-7\"\nmax-file-size = 64\n");
        // Greek in ISO-8859-7: a guess would not read it as Greek.
        let path = dir.path().join("policy.txt");
        std::fs::write(&path, b"\xc4\xe5\xe4\xef\xec\xdd\xed\xe1.\n").unwrap();
        let mut doc = open(&path, "");
        assert_eq!(doc.text, "Δεδομένα.\n");
        // And it is linted as that text, not decoded a second time.
        doc.lint(&mut Setups::default());
        let (linted, _) = doc.linted().expect("linted");
        assert_eq!(linted.doc.source.text, "Δεδομένα.\n");
        // Over the configured limit: not read, said why.
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "x".repeat(100)).unwrap();
        let doc = open(&big, "");
        let failure = doc.unreadable.expect("over the limit");
        assert!(
            failure.message.contains("64-byte limit"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn the_format_is_the_editors_language_or_the_extension() {
        assert_eq!(format_of(Path::new("a.txt"), "html"), Format::Html);
        assert_eq!(format_of(Path::new("a.htm"), "unknown"), Format::Html);
        assert_eq!(format_of(Path::new("POLICY"), "unknown"), Format::Text);
    }
}
