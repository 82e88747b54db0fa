//! Linting one file: the pipeline `check` and `report` share. Read the
//! bytes (bounded), decode and parse them into a document, apply what the
//! configuration says about the file (`[[documents]]`), evaluate the rules,
//! count the clauses of the notices it incorporates, and apply the
//! configuration's per-file rule selection.

use std::io;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::document::{Document, LoadError, LoadWarning};
use crate::engine::{self, Evaluation, Incorporated, Status};
use crate::rules::{RuleKind, RuleSet, Severity};
use crate::walk::Candidate;

/// Files larger than this are not read (a policy is rarely over 1 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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

/// Why a file could not be linted: a short kind (`io`, `decode`, `empty`,
/// `too-large`) and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadFailure {
    pub kind: &'static str,
    pub message: String,
}

/// Lints one file with the rules and the configuration in force.
pub fn lint_file(
    candidate: &Candidate,
    config: &Config,
    rules: &RuleSet,
) -> Result<Linted, LoadFailure> {
    let mut doc = load(candidate)?;
    config.apply_documents(&candidate.path, &mut doc);
    let mut evaluation = engine::evaluate(&doc, rules);
    let incorporated = config.incorporated(&candidate.path);
    if !incorporated.is_empty() && evaluation.not_judged.is_none() {
        let warnings = incorporate(&mut evaluation, &incorporated, config, rules);
        doc.warnings.extend(warnings);
    }
    let not_applicable = match evaluation.not_judged {
        // Counted as a document not judged, not rule by rule.
        Some(_) => 0,
        None => apply_file_config(&mut evaluation, &candidate.path, config, rules),
    };
    Ok(Linted {
        doc,
        evaluation,
        not_applicable,
    })
}

/// Reads and parses a file.
pub fn load(candidate: &Candidate) -> Result<Document, LoadFailure> {
    let bytes = if candidate.from_stdin {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)
            .map_err(|e| failure("io", format!("cannot read standard input: {e}")))?;
        bytes
    } else {
        read_file(&candidate.path)?
    };
    Document::from_bytes(&candidate.path, candidate.format, &bytes).map_err(|e| {
        let kind = match &e {
            LoadError::Io(_) => "io",
            LoadError::Decode(_) => "decode",
            LoadError::Empty | LoadError::NoText(_) => "empty",
        };
        failure(kind, e.to_string())
    })
}

fn failure(kind: &'static str, message: String) -> LoadFailure {
    LoadFailure { kind, message }
}

fn read_file(path: &Path) -> Result<Vec<u8>, LoadFailure> {
    let size = std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| failure("io", format!("cannot read file: {e}")))?;
    if size > MAX_FILE_BYTES {
        return Err(failure(
            "too-large",
            format!("file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit; not checked"),
        ));
    }
    std::fs::read(path).map_err(|e| failure("io", format!("cannot read file: {e}")))
}

/// A layered notice: a clause missing from the document but present in a
/// notice it incorporates (`incorporates` in `[[documents]]`) counts, with
/// its evidence in that notice. An incorporated file that cannot be read
/// is a problem with the document (it fails the run).
fn incorporate(
    evaluation: &mut Evaluation,
    sources: &[(String, PathBuf)],
    config: &Config,
    rules: &RuleSet,
) -> Vec<LoadWarning> {
    let mut warnings = Vec::new();
    for (name, path) in sources {
        let missing: Vec<usize> = (evaluation.outcomes.iter())
            .filter(|o| {
                o.status == Status::Missing && rules.rules[o.rule].kind == RuleKind::Require
            })
            .map(|o| o.rule)
            .collect();
        if missing.is_empty() {
            break;
        }
        let candidate = crate::walk::Candidate::file(path.clone());
        let mut other = match load(&candidate) {
            Ok(doc) => doc,
            Err(e) => {
                warnings.push(LoadWarning {
                    kind: "incorporates",
                    message: format!(
                        "the incorporated notice {name} cannot be read: {}",
                        e.message
                    ),
                    range: None,
                });
                continue;
            }
        };
        config.apply_documents(path, &mut other);
        let found = engine::evaluate(&other, rules);
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
                let index = crate::document::LineIndex::new(&other.source.text);
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
        .map(|r| config.rule_for_file(path, &r.id, r.severity))
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
