//! Translation drift: versions of one policy in several languages that no
//! longer say the same thing. [`group`] finds the versions of a document,
//! [`facts`] reads what a faithful translation keeps as it is, [`compare`]
//! lists what one version states and another lacks, and this module turns
//! that into findings of the `translation-drift` rule on the file linted.
//!
//! A drift is reported on the version that lacks the item, with the place
//! in the version that states it as a related location. When that version
//! is not part of the run (a pre-commit hook passes only the file changed),
//! the file passed gets the finding, read against its counterparts on disk.

pub mod compare;
pub mod facts;
pub mod group;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::OnceLock;

use compare::{Item, Version};
use group::{Counterpart, Folders};

use crate::config::Config;
use crate::document::{LoadWarning, SourceText};
use crate::engine::{Engine, Finding, Related};
use crate::error::ProblemKind;
use crate::lint::{self, Linted};
use crate::rules::{Rule, RuleFileError, RuleSet, RuleSource, Severity};
use crate::walk::Candidate;

/// The rule's id.
pub const DRIFT: &str = "translation-drift";

/// What the rule looks at in one run: the folders listed so far, and the
/// files linted (a drift is reported on the version in the run that lacks
/// the item).
pub struct Run<'a> {
    pub folders: Folders,
    /// The paths of the run's files, asked for when a first document has
    /// another version: a corpus without translations never lists them.
    files: Box<dyn Fn() -> Vec<PathBuf> + Send + Sync + 'a>,
    paths: OnceLock<HashSet<PathBuf>>,
}

impl std::fmt::Debug for Run<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run")
            .field("folders", &self.folders)
            .finish_non_exhaustive()
    }
}

impl<'a> Run<'a> {
    /// A run of the files `files` lists (each time it is called, the same).
    pub fn new(files: impl Fn() -> Vec<PathBuf> + Send + Sync + 'a) -> Self {
        Self {
            folders: Folders::default(),
            files: Box::new(files),
            paths: OnceLock::new(),
        }
    }

    fn contains(&self, path: &Path) -> bool {
        let paths = (self.paths).get_or_init(|| (self.files)().iter().map(|p| normal(p)).collect());
        paths.contains(&normal(path))
    }
}

/// The name of the translation group of `doc` (at `path`), the same for
/// every version: the first of their paths, without `.` components. `None`
/// when the document has no other version.
pub fn group_name(
    path: &Path,
    doc: &crate::document::Document,
    config: &Config,
    folders: &Folders,
) -> Option<String> {
    let others = group::counterparts(path, doc, config, folders);
    (!others.is_empty()).then(|| {
        std::iter::once(path)
            .chain(others.iter().map(|c| c.path.as_path()))
            .map(|p| normal(p).to_string_lossy().into_owned())
            .min()
            .unwrap_or_default()
    })
}

/// A path without `.` components, for comparing paths of one run.
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// What the rule did for one document.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The document was compared with another version (the rule checked
    /// something).
    pub grouped: bool,
}

/// Adds the `translation-drift` findings of a linted document: each of its
/// counterparts is read (bounded, as every file), linted with the
/// configuration for its path, and compared with it.
pub fn check(
    linted: &mut Linted,
    display: &str,
    config: &Config,
    engine: &Engine,
    run: &Run<'_>,
) -> Outcome {
    let rules = engine.rules();
    let Some(rule) = rules.rules.iter().position(|r| r.id == DRIFT) else {
        return Outcome::default();
    };
    // A document not judged gets no finding (a German version, with no
    // rules for its language; terms of use beside their translation).
    if linted.evaluation.not_judged.is_some() {
        return Outcome::default();
    }
    let path = linted.doc.path.clone();
    let Some(severity) = config.rule_for_file(&path, &rules.rules[rule]) else {
        return Outcome::default();
    };
    let counterparts = group::counterparts(&path, &linted.doc, config, &run.folders);
    if counterparts.is_empty() {
        return Outcome::default();
    }
    let here_facts = facts_of(&linted.doc);
    let mut compared = false;
    for counterpart in counterparts {
        let other =
            match lint::lint_file(&Candidate::file(counterpart.path.clone()), config, engine) {
                Ok(other) => other,
                Err(e) => {
                    linted
                        .doc
                        .warnings
                        .push(unreadable(&counterpart, &e.to_string()));
                    continue;
                }
            };
        if other.evaluation.not_judged.is_some() {
            continue;
        }
        compared = true;
        let there_display = normal(&counterpart.path).display().to_string();
        let there_facts = facts_of(&other.doc);
        let here = Version {
            display,
            doc: &linted.doc,
            eval: &linted.evaluation,
            facts: &here_facts,
        };
        let there = Version {
            display: &there_display,
            doc: &other.doc,
            eval: &other.evaluation,
            facts: &there_facts,
        };
        let source = Arc::new(other.doc.source.clone());
        let mut found = drift_findings(
            &here,
            &there,
            &source,
            rules,
            run.contains(&counterpart.path),
        );
        for finding in &mut found {
            finding.rule = rule;
            finding.severity = severity;
        }
        linted.evaluation.findings.extend(found);
    }
    (linted.evaluation.findings).sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    Outcome { grouped: compared }
}

fn facts_of(doc: &crate::document::Document) -> facts::Facts {
    let japanese = doc.language.codes().contains(&"ja");
    facts::extract(&doc.content.text, japanese)
}

/// A counterpart that cannot be read is a problem with the document: its
/// versions could not be compared.
fn unreadable(counterpart: &Counterpart, reason: &str) -> LoadWarning {
    LoadWarning {
        kind: ProblemKind::Translation,
        message: format!(
            "its translation {} (found by {}) cannot be read: {reason}",
            counterpart.path.display(),
            counterpart.by.describe()
        ),
        range: None,
    }
}

/// The findings on `here`: what it lacks of `there`, and, when `there` is
/// not in the run (it will not report for itself), what `there` lacks.
fn drift_findings(
    here: &Version<'_>,
    there: &Version<'_>,
    source: &Arc<SourceText>,
    rules: &RuleSet,
    there_in_run: bool,
) -> Vec<Finding> {
    let mut out: Vec<Finding> = (compare::stated_only_in(there, here, rules).iter())
        .map(|item| lacking_here(item, here, there, source, rules))
        .collect();
    if !there_in_run {
        out.extend(
            (compare::stated_only_in(here, there, rules).iter())
                .map(|item| lacking_there(item, here, there, source, rules)),
        );
    }
    out
}

/// `there` states `item`, `here` lacks it: said at this version's title
/// (or its own date, when the dates differ).
fn lacking_here(
    item: &Item,
    here: &Version<'_>,
    there: &Version<'_>,
    source: &Arc<SourceText>,
    rules: &RuleSet,
) -> Finding {
    let what = compare::describe(item, rules, there.doc);
    let own_date = match item {
        Item::Fact(f) if f.kind == facts::FactKind::Date => (here.facts.facts.iter())
            .find(|d| d.kind == facts::FactKind::Date && !there.facts.has(d))
            .map(|d| here.doc.source_range(d.range.clone())),
        _ => None,
    };
    finding(
        format!(
            "{what} is stated in {} but not in this version",
            there.display
        ),
        (
            own_date.unwrap_or_else(|| here.doc.anchor.clone()),
            format!("not in this version ({})", language(here)),
        ),
        (
            there,
            there.doc.source_range(item.range()),
            format!("stated here ({})", language(there)),
        ),
        source,
    )
}

/// `here` states `item`, `there` (not in the run) lacks it.
fn lacking_there(
    item: &Item,
    here: &Version<'_>,
    there: &Version<'_>,
    source: &Arc<SourceText>,
    rules: &RuleSet,
) -> Finding {
    let what = compare::describe(item, rules, here.doc);
    finding(
        format!(
            "{what} is stated in this version but not in {}",
            there.display
        ),
        (
            here.doc.source_range(item.range()),
            format!("not in {} ({})", there.display, language(there)),
        ),
        (
            there,
            there.doc.anchor.clone(),
            format!("the version without it ({})", language(there)),
        ),
        source,
    )
}

/// A drift finding at `at` (span and label) of this version, related to a
/// place of the other version; the caller sets the rule and severity.
fn finding(
    what: String,
    at: (std::ops::Range<usize>, String),
    other: (&Version<'_>, std::ops::Range<usize>, String),
    source: &Arc<SourceText>,
) -> Finding {
    let (there, span, label) = other;
    Finding {
        rule: 0,
        severity: Severity::Warning,
        message: format!("Translation drift: {what}"),
        label: at.1,
        span: at.0,
        suppressed: None,
        related: vec![Related {
            path: there.display.to_owned(),
            label,
            span,
            source: Arc::clone(source),
        }],
    }
}

fn language(version: &Version<'_>) -> String {
    let codes = version.doc.language.codes();
    if codes.is_empty() {
        "language unknown".to_owned()
    } else {
        codes.join(", ")
    }
}

/// 1 when the rule is in force: a run in which no document has another
/// version does not count it among the rules checked.
pub fn in_force(rules: &RuleSet) -> usize {
    usize::from(rules.rules.iter().any(|r| r.id == DRIFT))
}

/// Where `clauselint rules` and `clauselint rule` say the rule comes from.
const SOURCE_NAME: &str = "builtin:engine (translations)";

/// Adds the rule to a rule set; a rule file that defines its id is an
/// error.
pub fn register(set: &mut RuleSet) -> Result<(), Vec<RuleFileError>> {
    if let Some(taken) = set.rules.iter().find(|r| r.id == DRIFT) {
        return Err(vec![
            RuleFileError::at(
                &set.sources[taken.source],
                taken.span.clone(),
                format!("the rule id `{DRIFT}` is taken by a built-in check"),
                "reserved id",
            )
            .with_help("give the rule another id"),
        ]);
    }
    let source = set.sources.len();
    set.sources.push(RuleSource {
        name: SOURCE_NAME.into(),
        text: String::new(),
    });
    set.all_ids.push(DRIFT.into());
    set.rules.push(rule(source));
    Ok(())
}

fn rule(source: usize) -> Rule {
    Rule {
        title: "Translations of a policy say the same thing".into(),
        severity: Severity::Warning,
        message: "Translation drift".into(),
        help: Some(
            "Bring the versions back in step: translate the clause or the fact into the version \
             that lacks it, or remove it from the other. Versions are grouped by front matter \
             `translationKey`, a `privacy.ja.md` suffix, sibling locale folders or \
             `[translations]` in clauselint.toml."
                .into(),
        ),
        description: Some(
            "Compares the versions of one policy in other languages: a clause that one version \
             states and another lacks (each judged by the rules of its own language), and the \
             facts a translation keeps as they are: dates (compared as dates), e-mail addresses, \
             domains, phone numbers, periods (30日 is 30 days) and names written in Latin \
             script inside Japanese text. A warning: the version that binds may be either, and \
             only a person can tell which one is behind. Its examples are pairs of files: see \
             tests/fixtures/translations."
                .into(),
        ),
        references: vec!["docs/japanese.md#bilingual-repositories-and-translation-drift".into()],
        // Matches no text: the findings come from comparing versions.
        ..crate::engine::checks::check(DRIFT, source)
    }
}
