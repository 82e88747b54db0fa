//! Linting one file: the pipeline `check` and `report` share. Read the
//! bytes (bounded), decode and parse them into a document, apply what the
//! configuration says about the file (`[[documents]]`), evaluate the rules,
//! count the clauses of the notices it incorporates, and apply the
//! configuration's per-file rule selection. Every command, and the rule
//! examples, lint through here.

mod examples;
mod read;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::document::{Document, Format, LoadError, LoadWarning};
use crate::engine::{self, Engine, Evaluation, Incorporated, Status};
use crate::error::ProblemKind;
use crate::rules::{RuleKind, RuleSet, Severity};

use crate::walk::Candidate;
pub use examples::{ExampleFailure, example_triggers, run_examples};
pub use read::{DEFAULT_MAX_FILE_SIZE, bounded_file};

/// A linted file.
#[derive(Debug)]
pub struct Linted {
    pub doc: Document,
    /// With the configuration for the file applied; suppressed findings
    /// are kept, marked.
    pub evaluation: Evaluation,
    /// Rules that did not apply to the document (counted in the summary).
    pub not_applicable: usize,
}

/// Why a file could not be linted.
#[derive(Debug, thiserror::Error)]
pub enum LoadFailure {
    #[error("cannot read standard input: {0}")]
    Stdin(std::io::Error),
    #[error("cannot read file: {0}")]
    Io(std::io::Error),
    #[error("{what}, not a regular file; not read")]
    NotAFile { what: &'static str },
    #[error("{} over the {limit}-byte limit (max-file-size); not checked", match size {
        Some(size) => format!("file is {size} bytes,"),
        None => "the input is".to_owned(),
    })]
    TooLarge { size: Option<u64>, limit: u64 },
    #[error(transparent)]
    Document(#[from] LoadError),
}

impl LoadFailure {
    /// What the problem is about.
    pub fn kind(&self) -> ProblemKind {
        match self {
            Self::Stdin(_) | Self::Io(_) | Self::NotAFile { .. } => ProblemKind::Io,
            Self::Document(LoadError::Io(_)) => ProblemKind::Io,
            Self::TooLarge { .. } => ProblemKind::TooLarge,
            Self::Document(LoadError::Decode(_)) => ProblemKind::Decode,
            Self::Document(LoadError::Empty | LoadError::NoText(_)) => ProblemKind::Empty,
        }
    }
}

/// Lints one file with the rules and the configuration in force.
pub fn lint_file(
    candidate: &Candidate,
    config: &Config,
    engine: &Engine,
) -> Result<Linted, LoadFailure> {
    let bytes = read::bounded(candidate, config.max_file_size())?;
    lint_bytes(&candidate.path, candidate.format, &bytes, config, engine)
}

/// Lints one document given as bytes (a file's, or an editor's buffer):
/// `path` says where it lives, which decides the configuration that applies
/// and what its name and folder declare.
pub fn lint_bytes(
    path: &Path,
    format: Format,
    bytes: &[u8],
    config: &Config,
    engine: &Engine,
) -> Result<Linted, LoadFailure> {
    let doc = Document::from_bytes_in(path, format, bytes, config.decoding())?;
    Ok(lint_document(doc, config, engine))
}

/// Lints text decoded already (an editor's buffer) as the document at
/// `path`: as UTF-8 whatever encoding the configuration names (it is text
/// already), still checked for binary content.
pub fn lint_text(
    path: &Path,
    format: Format,
    text: &str,
    config: &Config,
    engine: &Engine,
) -> Result<Linted, LoadFailure> {
    let utf8 = crate::document::Decoding::default();
    let doc = Document::from_bytes_in(path, format, text.as_bytes(), utf8)?;
    Ok(lint_document(doc, config, engine))
}

/// Lints a document read already, with the configuration for its path.
pub fn lint_document(mut doc: Document, config: &Config, engine: &Engine) -> Linted {
    let path = doc.path.clone();
    let path = path.as_path();
    config.apply_documents(path, &mut doc);
    let mut evaluation = engine::evaluate(&doc, engine);
    let incorporated = config.incorporated(path);
    if !incorporated.is_empty() {
        let warnings = match evaluation.not_judged {
            None => incorporate(&mut evaluation, &incorporated, config, engine),
            // Nothing to take from them, but a wrong name is still said.
            Some(_) => unreadable(&incorporated),
        };
        doc.warnings.extend(warnings);
    }
    let not_applicable = match evaluation.not_judged {
        // Counted as a document not judged, not rule by rule.
        Some(_) => 0,
        None => {
            let skipped = apply_file_config(&mut evaluation, path, config, engine.rules());
            skipped - for_other_languages(&doc, &evaluation, engine.rules())
        }
    };
    Linted {
        doc,
        evaluation,
        not_applicable,
    }
}

/// How many clause rules did not apply because they are for other languages
/// only: an APPI rule on an English policy is no check skipped, it was never
/// one for this document.
fn for_other_languages(doc: &Document, evaluation: &Evaluation, rules: &RuleSet) -> usize {
    let codes = doc.language.codes();
    if codes.is_empty() {
        return 0;
    }
    (evaluation.outcomes.iter())
        .filter(|o| o.status == Status::NotApplicable)
        .map(|o| &rules.rules[o.rule])
        .filter(|r| r.kind != RuleKind::Expect && !r.languages.is_empty())
        .filter(|r| !codes.iter().any(|c| r.applies_to_language(Some(c))))
        .count()
}

/// Reads and parses a file.
fn load(candidate: &Candidate, config: &Config) -> Result<Document, LoadFailure> {
    let bytes = read::bounded(candidate, config.max_file_size())?;
    Ok(Document::from_bytes_in(
        &candidate.path,
        candidate.format,
        &bytes,
        config.decoding(),
    )?)
}

/// A layered notice: a clause missing from the document but present in a
/// notice it incorporates (`incorporates` in `[[documents]]`) counts, with
/// its evidence in that notice. An incorporated file that cannot be read
/// is a problem with the document (it fails the run).
fn incorporate(
    evaluation: &mut Evaluation,
    sources: &[(String, PathBuf)],
    config: &Config,
    engine: &Engine,
) -> Vec<LoadWarning> {
    let rules = engine.rules();
    let mut warnings = Vec::new();
    for (name, path) in sources {
        let missing: Vec<usize> = (evaluation.outcomes.iter())
            .filter(|o| {
                o.status == Status::Missing && rules.rules[o.rule].kind == RuleKind::Require
            })
            .map(|o| o.rule)
            .collect();
        if missing.is_empty() {
            // Every clause is found: a wrong name is still said.
            warnings.extend(unreadable(std::slice::from_ref(&(
                name.clone(),
                path.clone(),
            ))));
            continue;
        }
        let candidate = Candidate::file(path.clone());
        let mut other = match load(&candidate, config) {
            Ok(doc) => doc,
            Err(e) => {
                warnings.push(LoadWarning {
                    kind: ProblemKind::Incorporates,
                    message: format!("the incorporated notice {name} cannot be read: {e}"),
                    range: None,
                });
                continue;
            }
        };
        config.apply_documents(path, &mut other);
        let found = engine::evaluate(&other, engine);
        let index = crate::document::LineIndex::new(&other.source.text);
        for rule in missing {
            let Some(there) = found.outcomes.iter().find(|o| {
                o.rule == rule && matches!(o.status, Status::Present | Status::Deficient)
            }) else {
                continue;
            };
            // A sentence of the body says it better than a heading.
            let best = (there.evidence.iter().find(|r| !other.in_heading(r.start)))
                .or_else(|| there.evidence.first());
            let evidence = best.map(|range| {
                let source = other.source_range(range.clone());
                let sentence = &other.sentences[other.sentence_at(range.start)];
                (
                    index.line_col(&other.source.text, source.start),
                    other.text(sentence.range.clone()).to_owned(),
                )
            });
            evaluation.findings.retain(|f| f.rule != rule);
            if let Some(outcome) = evaluation.outcomes.iter_mut().find(|o| o.rule == rule) {
                outcome.status = Status::Present;
                outcome.incorporated = Some(Incorporated {
                    path: name.clone(),
                    at: evidence.as_ref().map(|(at, _)| *at),
                    sentence: evidence.map(|(_, s)| s).unwrap_or_default(),
                });
            }
        }
    }
    warnings
}

/// A problem for each incorporated notice that is not a readable file.
fn unreadable(sources: &[(String, PathBuf)]) -> Vec<LoadWarning> {
    (sources.iter())
        .filter(|(_, path)| !path.is_file())
        .map(|(name, _)| LoadWarning {
            kind: ProblemKind::Incorporates,
            message: format!("the incorporated notice {name} cannot be read: no such file"),
            range: None,
        })
        .collect()
}

/// Applies per-file rule selection and severities from the configuration;
/// returns how many clause rules did not apply to the document.
pub fn apply_file_config(
    evaluation: &mut Evaluation,
    path: &Path,
    config: &Config,
    rules: &RuleSet,
) -> usize {
    let rules = &rules.rules;
    let per_rule: Vec<Option<Severity>> = rules
        .iter()
        .map(|r| config.rule_for_file(path, r))
        .collect();
    evaluation.findings.retain_mut(|f| match per_rule[f.rule] {
        Some(severity) => {
            f.severity = severity;
            true
        }
        None => false,
    });
    for outcome in &mut evaluation.outcomes {
        if per_rule[outcome.rule].is_none() {
            outcome.status = Status::NotApplicable;
        }
    }
    evaluation
        .outcomes
        .iter()
        .filter(|o| o.status == Status::NotApplicable && rules[o.rule].kind != RuleKind::Expect)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry point an editor needs: a buffer, its path, and the
    /// configuration that applies to that path.
    #[test]
    fn a_buffer_is_linted_with_the_configuration_for_its_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("clauselint.toml"),
            "[[documents]]\nfiles = [\"notes/**\"]\nkind = \"privacy-notice\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        let config = Config::discover(dir.path(), None, false).unwrap();
        let engine = Engine::compile(crate::rules::builtin_sources()).unwrap();
        let rules = engine.rules();
        let buffer = b"Ask us.\n";
        let lint = |path: &str| {
            lint_bytes(
                &dir.path().join(path),
                Format::Markdown,
                buffer,
                &config,
                &engine,
            )
            .unwrap()
        };
        let declared = lint("notes/a.md");
        assert!(declared.evaluation.not_judged.is_none());
        let missing: Vec<&str> = (declared.evaluation.findings.iter())
            .map(|f| rules.rules[f.rule].id.as_str())
            .collect();
        assert!(missing.contains(&"contact-point"), "{missing:?}");
        // Elsewhere the same words are too few to tell a language from.
        let elsewhere = lint("drafts/a.md");
        assert!(elsewhere.evaluation.not_judged.is_some());
        assert!(elsewhere.evaluation.findings.is_empty());
        // Bytes that are no text are a load failure with its kind.
        let failure = lint_bytes(
            &dir.path().join("b.md"),
            Format::Markdown,
            b"\0\0",
            &config,
            &engine,
        )
        .unwrap_err();
        assert_eq!(failure.kind(), ProblemKind::Decode);
    }
}

#[cfg(test)]
mod language_matchers {
    use super::*;
    use rayon::prelude::*;

    /// The findings of each document, by rule id and place.
    fn findings(engine: &Engine, config: &Config, docs: &[(&str, &str)]) -> Vec<Vec<String>> {
        let one = |(name, text): &(&str, &str)| {
            let linted = lint_bytes(
                Path::new(name),
                Format::Markdown,
                text.as_bytes(),
                config,
                engine,
            )
            .unwrap();
            (linted.evaluation.findings.iter())
                .map(|f| format!("{} {:?}", engine.rules().rules[f.rule].id, f.span))
                .collect::<Vec<_>>()
        };
        docs.par_iter().map(one).collect()
    }

    /// Documents in several languages linted at once on the pool build
    /// their matchers concurrently (each on first use, under a lock the
    /// others wait on): each must come out as it does alone, on an engine
    /// that has built nothing else.
    #[test]
    fn documents_in_several_languages_at_once_find_what_each_finds_alone() {
        let config = Config::default();
        let docs = [
            (
                "en.md",
                "# Privacy Policy\n\nWe collect your email address to send our newsletter. We keep it for two years and share it with our mail provider. Write to privacy@acme.test.\n",
            ),
            (
                "ja.md",
                "# プライバシーポリシー\n\n当社は、お客様のメールアドレスをニュースレターの送付のために利用します。お問い合わせは privacy@acme.test までご連絡ください。\n",
            ),
            (
                "both.md",
                "# Privacy Policy\n\nWe collect your email address to send our newsletter and keep it for one year.\n\n# プライバシーポリシー\n\n当社は、お客様のメールアドレスをニュースレターの送付のために利用します。\n",
            ),
            (
                "de.md",
                "# Datenschutzerklärung\n\nWir erheben Ihre E-Mail-Adresse, um Ihnen unseren Newsletter zu senden, und speichern sie zwei Jahre lang.\n",
            ),
        ];
        let sources = crate::rules::builtin_sources;
        let together = findings(&Engine::compile(sources()).unwrap(), &config, &docs);
        for (i, doc) in docs.iter().enumerate() {
            let alone = findings(&Engine::compile(sources()).unwrap(), &config, &[*doc]);
            assert_eq!(together[i], alone[0], "{}", doc.0);
        }
        // And the languages were told apart: the Japanese rules judged the
        // Japanese document, nothing judged the German one.
        assert!(
            together[1]
                .iter()
                .any(|f| f.starts_with("operator-identity")),
            "{:?}",
            together[1]
        );
        assert!(together[3].is_empty(), "{:?}", together[3]);
    }
}
