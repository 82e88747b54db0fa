//! The rules in force, compiled for matching: the rule set as `rules`
//! describes it, and the one matcher that scans a document for every term
//! of every rule. `rules` knows nothing of matching; this is the one place
//! where the two meet.

use std::sync::{Arc, Mutex, OnceLock};

use regex_automata::meta::Regex;

use super::matcher::{BadRegex, Matcher, Matches, PhraseMatcher, Workload, compile_term_regexes};
use crate::document::Document;
use crate::document::language::primary_subtag;
use crate::rules::{
    self, Cond, Rejected, Rule, RuleFileError, RuleSet, RuleSource, Severity, Term, TermId,
};

/// Compiled rules and their matchers.
#[derive(Debug)]
pub struct Engine {
    /// Findings and outcomes index into `rules.rules`: the list changes only
    /// through [`Engine::select`], before any document is evaluated.
    rules: RuleSet,
    /// For each term, the languages of the conditions that use it; `None`
    /// when a condition for every language (or an unknown one) does.
    term_languages: Vec<Option<Vec<String>>>,
    /// Every language some term is kept to.
    languages: Vec<String>,
    /// Regexes compiled when the rules were loaded, by term.
    prebuilt: Vec<Option<Regex>>,
    workload: Workload,
    /// A matcher for each set of document languages met so far, built when
    /// a document first needs it: an English policy never waits for the
    /// Japanese vocabularies, nor a Japanese one for the English.
    matchers: Mutex<Vec<(LanguageSet, Arc<OnceLock<Matcher>>)>>,
}

/// The languages a matcher serves, among those some term is kept to
/// (sorted); `None` for a document of unknown language, which every term
/// may judge.
type LanguageSet = Option<Vec<String>>;

/// A term's regexes, compiled on the thread pool.
type CompiledRegexes = Vec<(TermId, Result<Regex, Vec<BadRegex>>)>;

impl Engine {
    /// Compiles rule sources, or returns every error found in them (bad
    /// regexes with the rest, in file order).
    pub fn compile(sources: Vec<RuleSource>) -> Result<Self, Vec<RuleFileError>> {
        Self::compile_wanted(sources, None)
    }

    /// [`Engine::compile`], leaving out the built-in rules `wanted` does not
    /// want (packs not in force), so that they cost no matching time.
    ///
    /// The regexes of a user's rule files are compiled now, so that their
    /// mistakes are reported before any document is read; built-in ones
    /// only when a document needs them (the tests compile them all, as does
    /// a compilation of everything, without `wanted`).
    pub fn compile_wanted(
        sources: Vec<RuleSource>,
        wanted: Option<&rules::Wanted>,
    ) -> Result<Self, Vec<RuleFileError>> {
        let from_user: Vec<bool> = sources.iter().map(|s| !s.is_builtin()).collect();
        let compiled: Mutex<CompiledRegexes> = Mutex::default();
        let set = rayon::scope(|scope| {
            // Each term's regexes compile on the thread pool as soon as
            // `rules` makes the term, while this thread goes on.
            let spawn = |id: TermId, term: Term| {
                let checked = wanted.is_none()
                    || (term.regexes.iter()).any(|r| from_user.get(r.source) == Some(&true));
                if !checked {
                    return;
                }
                let compiled = &compiled;
                scope.spawn(move |_| {
                    let result = compile_term_regexes(&term, Workload::Few);
                    (compiled.lock().unwrap_or_else(|e| e.into_inner())).push((id, result));
                });
            };
            rules::compile(sources, &spawn, wanted)
        });
        let compiled = compiled.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut set = match set {
            Ok(set) => set,
            Err(Rejected {
                sources,
                mut errors,
            }) => {
                errors.extend(regex_errors(&sources, &compiled));
                return Err(RuleFileError::in_file_order(errors));
            }
        };
        let mut errors = regex_errors(&set.sources, &compiled);
        if let Err(taken) = super::checks::register(&mut set) {
            errors.extend(taken);
        }
        if let Err(taken) = crate::translations::register(&mut set) {
            errors.extend(taken);
        }
        if let Err(message) = PhraseMatcher::check_capacity(&set.terms) {
            errors.push(RuleFileError::plain(message));
        }
        if !errors.is_empty() {
            return Err(RuleFileError::in_file_order(errors));
        }
        let mut prebuilt = vec![None; set.terms.len()];
        for (id, result) in compiled {
            // An unused vocabulary is checked, not scanned for.
            if !set.terms[id].regexes.is_empty() {
                prebuilt[id] = result.ok();
            }
        }
        let term_languages = term_languages(&set);
        let mut languages: Vec<String> =
            term_languages.iter().flatten().flatten().cloned().collect();
        languages.sort();
        languages.dedup();
        Ok(Self {
            term_languages,
            languages,
            prebuilt,
            rules: set,
            workload: Workload::Few,
            matchers: Mutex::default(),
        })
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The rule set alone, for what describes rules without matching.
    pub fn into_rules(self) -> RuleSet {
        self.rules
    }

    /// Keeps only the rules for which `keep` is true, each with the
    /// severity `severity` gives it. The matchers are not rebuilt: terms of
    /// rules left out are still scanned for, which costs little.
    pub fn select(&mut self, keep: impl Fn(&Rule) -> bool, severity: impl Fn(&Rule) -> Severity) {
        self.rules.rules.retain(keep);
        for rule in &mut self.rules.rules {
            rule.severity = severity(rule);
        }
    }

    /// Builds the matchers from now on for a workload (many files: a faster
    /// scan).
    pub fn optimise_for(&mut self, workload: Workload) {
        self.workload = workload;
        self.matchers
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Scans `text` for every term, whatever its language.
    #[cfg(test)]
    pub(crate) fn scan_text(&self, text: &str) -> Matches {
        self.matcher(None)
            .get_or_init(|| self.build(&None))
            .scan(text)
    }

    /// Scans a document for the terms of the conditions that can judge it:
    /// another language's vocabulary (a Japanese variant on an English
    /// policy) is not searched for.
    pub(crate) fn scan(&self, doc: &Document) -> Matches {
        let codes = doc.language.codes();
        let key: LanguageSet = (!codes.is_empty()).then(|| {
            (self.languages.iter())
                .filter(|l| codes.contains(&l.as_str()))
                .cloned()
                .collect()
        });
        let cell = self.matcher(key.clone());
        cell.get_or_init(|| self.build(&key))
            .scan(&doc.content.text)
    }

    /// The matcher of a set of languages, built or to build.
    fn matcher(&self, key: LanguageSet) -> Arc<OnceLock<Matcher>> {
        let mut matchers = self.matchers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, cell)) = matchers.iter().find(|(k, _)| *k == key) {
            return Arc::clone(cell);
        }
        let cell = Arc::new(OnceLock::new());
        matchers.push((key, Arc::clone(&cell)));
        cell
    }

    /// The matcher of the terms that documents in `key`'s languages need.
    fn build(&self, key: &LanguageSet) -> Matcher {
        let include = |term: TermId| match (key, self.term_languages.get(term)) {
            (Some(codes), Some(Some(langs))) => langs.iter().any(|l| codes.contains(l)),
            _ => true,
        };
        Matcher::build(&self.rules.terms, self.workload, &include, &self.prebuilt)
    }
}

/// For each term, the languages (primary subtags) of the conditions that
/// use it, or `None` when one of them judges every language.
fn term_languages(set: &RuleSet) -> Vec<Option<Vec<String>>> {
    let mut langs: Vec<Option<Vec<String>>> = vec![Some(Vec::new()); set.terms.len()];
    for rule in &set.rules {
        let own: Option<Vec<String>> = (!rule.languages.is_empty())
            .then(|| rule.languages.iter().map(|l| primary_subtag(l)).collect());
        // Every condition of the rule: a term only `applies-when` uses
        // must be scanned too.
        let conds = std::iter::once(&rule.condition)
            .chain(rule.expect.as_ref().map(|(c, _)| c))
            .chain(rule.applies_when.as_ref().map(|a| &a.condition));
        for cond in conds {
            mark_terms(cond, own.as_deref(), &mut langs);
        }
    }
    langs
}

fn mark_terms(cond: &Cond, in_langs: Option<&[String]>, out: &mut [Option<Vec<String>>]) {
    let mut walk = |c: &Cond| mark_terms(c, in_langs, out);
    match cond {
        Cond::Term(t) => match (out.get_mut(*t), in_langs) {
            (Some(slot), None) => *slot = None,
            (Some(Some(known)), Some(langs)) => {
                for l in langs {
                    if !known.contains(l) {
                        known.push(l.clone());
                    }
                }
            }
            _ => {}
        },
        Cond::Any(items) => items.iter().for_each(walk),
        Cond::All {
            positive, negative, ..
        } => positive.iter().chain(negative).for_each(walk),
        Cond::Near { a, b, .. } => {
            walk(a);
            walk(b);
        }
        Cond::Filter { inner, filters } => {
            walk(inner);
            (filters.unless.iter())
                .chain(&filters.unless_part_of)
                .chain(&filters.in_section)
                .for_each(walk);
        }
        Cond::Rule { cond, .. } => walk(cond),
        Cond::Language {
            codes,
            except: false,
            inner,
        } => {
            let codes: Vec<String> = codes.iter().map(|c| primary_subtag(c)).collect();
            mark_terms(inner, Some(&codes), out);
        }
        // "Every language but these": no language can be ruled out.
        Cond::Language { inner, .. } => mark_terms(inner, None, out),
        Cond::Text => {}
    }
}

/// Every invalid regex, pointed at in its rule file.
fn regex_errors(sources: &[RuleSource], compiled: &CompiledRegexes) -> Vec<RuleFileError> {
    (compiled.iter())
        .filter_map(|(_, result)| result.as_ref().err())
        .flatten()
        .map(|bad| RuleFileError::invalid_regex(sources, &bad.regex, &bad.detail))
        .collect()
}
