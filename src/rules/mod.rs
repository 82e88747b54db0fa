//! Rules: the TOML schema ([`schema`]), loading rule files (built-in and the
//! user's), and compiling them into a [`RuleSet`] the engine evaluates.

mod builtin;
mod compile;
mod error;
pub mod inflect;
pub mod schema;
mod warnings;

use std::ops::Range;
use std::path::Path;

pub use builtin::builtin_sources;
pub(crate) use compile::closest;
pub use compile::{Rejected, Wanted, compile};
pub use error::RuleFileError;
pub use schema::{RuleKind, Severity, Unit};

/// The text of one rule file and where it came from.
#[derive(Clone, Debug)]
pub struct RuleSource {
    /// A path for user files; `builtin:rules/NAME.toml` for embedded ones.
    pub name: String,
    pub text: String,
}

impl RuleSource {
    pub fn is_builtin(&self) -> bool {
        self.name.starts_with("builtin:")
    }
}

/// Adds the rule files of `path` to `sources`, skipping files already
/// there (the same file named twice, or a file inside a named directory).
pub fn add_rule_path(sources: &mut Vec<RuleSource>, path: &Path) -> Result<(), RuleFileError> {
    let canonical = |name: &str| std::fs::canonicalize(name).ok();
    let known: Vec<_> = sources
        .iter()
        .filter(|s| !s.is_builtin())
        .filter_map(|s| canonical(&s.name))
        .collect();
    for source in read_rule_path(path)? {
        match canonical(&source.name) {
            Some(id) if known.contains(&id) => {}
            _ => sources.push(source),
        }
    }
    Ok(())
}

/// Reads rule files from a file or a directory (every `*.toml` below it,
/// in path order).
pub fn read_rule_path(path: &Path) -> Result<Vec<RuleSource>, RuleFileError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .map(|text| RuleSource {
                name: p.display().to_string(),
                text,
            })
            .map_err(|e| RuleFileError::io(p, &e))
    };
    if !path.is_dir() {
        return read(path).map(|s| vec![s]);
    }
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.map_err(|e| RuleFileError::walk(path, &e))?;
        let is_toml = entry.path().extension().is_some_and(|e| e == "toml");
        if entry.file_type().is_file() && is_toml {
            sources.push(read(entry.path())?);
        }
    }
    Ok(sources)
}

/// Index of a term: a vocabulary or an inline list of phrases.
pub type TermId = usize;

/// What a term matches, fully expanded.
#[derive(Clone, Debug, Default)]
pub struct Term {
    /// The vocabulary name, or a description of an inline term.
    pub name: String,
    /// Phrases with all their variants, and whether each is an exact phrase.
    pub phrases: Vec<String>,
    /// The phrases as the rule files write them, before inflection.
    pub written: Vec<String>,
    pub regexes: Vec<TermRegex>,
}

/// A rule regex as written, and where: the matcher parses and compiles the
/// regexes in parallel, and an invalid one is reported at this span.
#[derive(Clone, Debug)]
pub struct TermRegex {
    pub pattern: String,
    /// Index of the rule source, and the byte range of the pattern in it.
    pub source: usize,
    pub span: std::ops::Range<usize>,
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub enum Cond {
    Term(TermId),
    Any(Vec<Cond>),
    All {
        positive: Vec<Cond>,
        negative: Vec<Cond>,
        within: Unit,
    },
    Near {
        a: Box<Cond>,
        b: Box<Cond>,
        words: u32,
    },
    Filter {
        inner: Box<Cond>,
        filters: Box<CondFilters>,
    },
    /// Another rule's `match` condition (`{ rule = "id" }`): evaluated once
    /// per document, however many rules refer to it.
    Rule {
        id: String,
        cond: Box<Cond>,
    },
    /// `inner`, only in the parts of the document written in one of
    /// `codes` (or, with `except`, in none of them): how a rule with
    /// language variants judges each language by its own vocabulary.
    Language {
        codes: Vec<String>,
        except: bool,
        inner: Box<Cond>,
    },
    /// The whole text: inside `Language`, the parts written in its
    /// languages. How an `applies-when` made of language parts says that
    /// a language with no condition of its own always applies.
    Text,
}

#[derive(Clone, Debug, Default)]
pub struct CondFilters {
    pub unless: Vec<Cond>,
    pub unless_part_of: Vec<Cond>,
    pub in_section: Option<Cond>,
    /// Keep only the matches in a heading (`true`) or outside one (`false`).
    pub in_heading: Option<bool>,
}

/// How old the date of a present clause may be (`max-age-months`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaxAge {
    pub months: u32,
    /// The finding's message, with `{date}`, `{months}` and `{today}`
    /// placeholders (`stale-message`, or a default).
    pub message: String,
    /// Front matter keys whose values count as dates of the clause
    /// (`front-matter-dates`): a date there makes the clause present too.
    pub front_matter_keys: Vec<String>,
}

impl MaxAge {
    pub const DEFAULT_MESSAGE: &'static str =
        "The latest date of this clause, {date}, is more than {months} months old";
}

/// The profile of rules that do not name one: today's clause and quality
/// rules.
pub const DEFAULT_PROFILE: &str = "core";

/// The profiles of the built-in packs (and `appi`, whose rules come later):
/// a configuration may name them even when no loaded rule declares them.
pub const KNOWN_PROFILES: &[&str] = &["core", "gdpr", "ccpa", "caloppa", "coppa", "appi"];

/// A rule's `applies-when`: the condition, and the reason shown when it
/// matches nowhere.
#[derive(Clone, Debug)]
pub struct AppliesWhen {
    pub condition: Cond,
    pub reason: String,
}

impl AppliesWhen {
    pub const DEFAULT_REASON: &'static str = "the policy's text does not make this item apply";
}

/// An example text kept with a rule, and where it is in its rule file.
#[derive(Clone, Debug)]
pub struct Example {
    pub text: String,
    pub span: Range<usize>,
    /// Index of the rule source holding the example (a variant's examples
    /// are in the variant's file).
    pub source: usize,
    /// The language the example is written in (a variant's), if not the
    /// rule's first.
    pub lang: Option<String>,
}

/// A language variant of a rule, as `clauselint rule ID` describes it.
#[derive(Clone, Debug)]
pub struct Variant {
    pub languages: Vec<String>,
    pub description: Option<String>,
    pub references: Vec<String>,
    /// Index of the rule source defining the variant.
    pub source: usize,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub kind: RuleKind,
    pub severity: Severity,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub description: Option<String>,
    pub references: Vec<String>,
    pub tags: Vec<String>,
    pub languages: Vec<String>,
    /// Language variants: the same clause in other languages' words. Their
    /// conditions are part of `condition`; their languages of `languages`.
    pub variants: Vec<Variant>,
    pub condition: Cond,
    pub expect: Option<(Cond, Unit)>,
    pub pass_examples: Vec<Example>,
    pub fail_examples: Vec<Example>,
    /// The id of the clause rule this rule checks the quality of.
    pub qualifies: Option<String>,
    /// For `require` rules: the most months the latest date in the clause
    /// may lie before today (`max-age-months`).
    pub max_age: Option<MaxAge>,
    /// The profiles (packs) the rule belongs to, never empty for a rule of
    /// a rule file (`["core"]` by default); empty for the engine's checks,
    /// which are in force whatever the profiles.
    pub profiles: Vec<String>,
    /// The rule applies only where this condition matches; otherwise the
    /// outcome is not applicable, with the reason.
    pub applies_when: Option<AppliesWhen>,
    /// Index into [`RuleSet::sources`].
    pub source: usize,
    /// Span of the rule's table in its source.
    pub span: Range<usize>,
}

impl Rule {
    /// Whether the rule is in one of `profiles` (the engine's checks, with
    /// no profile, always are).
    pub fn in_profiles<S: AsRef<str>>(&self, profiles: &[S]) -> bool {
        self.profiles.is_empty()
            || (self.profiles.iter()).any(|p| profiles.iter().any(|q| q.as_ref() == p))
    }

    /// Whether the rule applies to a document in language `lang`.
    pub fn applies_to_language(&self, lang: Option<&str>) -> bool {
        let Some(lang) = lang else { return true };
        // Compare primary subtags: "en-US" and "en_GB" are both "en".
        let primary = |tag: &str| {
            tag.split(['-', '_'])
                .next()
                .unwrap_or(tag)
                .to_ascii_lowercase()
        };
        let lang = primary(lang);
        self.languages.is_empty() || self.languages.iter().any(|l| primary(l) == lang)
    }
}

/// Every rule in force, and the terms their conditions refer to.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Ids of every compiled rule, also those not selected: directives and
    /// configuration may name them without error.
    pub all_ids: Vec<String>,
    pub terms: Vec<Term>,
    pub sources: Vec<RuleSource>,
    /// Rule files that load but would check nothing where their author
    /// thinks they do (an empty file, an empty regex): said, not fatal.
    pub warnings: Vec<RuleFileError>,
    /// Built-in rules left out of the compilation because no profile in
    /// force has them: their ids, titles and profiles, for `rules` and the
    /// checks of ids named in the configuration.
    pub skipped: Vec<SkippedRule>,
}

/// A built-in rule that was not compiled (see [`RuleSet::skipped`]).
#[derive(Clone, Debug)]
pub struct SkippedRule {
    pub id: String,
    pub profiles: Vec<String>,
}

impl RuleSet {
    /// Every profile a loaded rule declares, and the known ones.
    pub fn profiles(&self) -> Vec<String> {
        let mut all: Vec<String> = KNOWN_PROFILES.iter().map(|p| (*p).to_owned()).collect();
        let declared = (self.rules.iter().map(|r| &r.profiles))
            .chain(self.skipped.iter().map(|r| &r.profiles));
        for p in declared.flatten() {
            if !all.contains(p) {
                all.push(p.clone());
            }
        }
        all
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}
