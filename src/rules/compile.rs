//! Compiles parsed rule files into a [`RuleSet`]: resolves vocabulary and
//! rule references and expands phrases into their variants. The engine
//! compiles the terms' regexes and builds the matcher.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;
use toml::Spanned;

use super::schema::{ConditionDef, Filters, RuleDef, RuleFile, VariantDef, VocabularyDef};
use super::{
    Cond, CondFilters, Example, Rule, RuleFileError, RuleSet, RuleSource, Term, TermId, TermRegex,
    Variant, inflect,
};
/// Rule files that do not compile: every error found in them, and the
/// sources they point into (the engine adds the errors of the regexes it
/// was compiling meanwhile).
#[derive(Debug)]
pub struct Rejected {
    pub sources: Vec<RuleSource>,
    pub errors: Vec<RuleFileError>,
}

/// Which built-in rules to compile: those in one of `profiles`, and those
/// named in `ids` (a selection may name a rule of any pack). Rules of the
/// user's files are always compiled, so that their mistakes are reported.
#[derive(Clone, Debug, Default)]
pub struct Wanted {
    pub profiles: Vec<String>,
    pub ids: Vec<String>,
}

/// Compiles rule sources into a rule set. `on_term` receives each term as
/// soon as it is made, so that its regexes compile meanwhile: the caller
/// checks them (see `engine::Engine::compile`). With `wanted`, built-in
/// rules outside it are not compiled: the vocabularies of packs not in
/// force then cost nothing.
pub fn compile(
    sources: Vec<RuleSource>,
    on_term: &(dyn Fn(TermId, Term) + Sync),
    wanted: Option<&Wanted>,
) -> Result<RuleSet, Rejected> {
    let (files, mut errors) = parse_files(&sources);
    let mut compiler = Compiler::new(&sources, &files, &mut errors, on_term);
    compiler.wanted = wanted;
    let rules = compiler.compile_rules();
    let terms = std::mem::take(&mut compiler.terms);
    let skipped = std::mem::take(&mut compiler.skipped);
    if !errors.is_empty() {
        return Err(Rejected { sources, errors });
    }
    let warnings = super::warnings::check(&sources, &files);
    Ok(RuleSet {
        all_ids: (rules.iter().map(|r| r.id.clone()))
            .chain(skipped.iter().map(|r| r.id.clone()))
            .collect(),
        rules,
        terms,
        sources,
        warnings,
        skipped,
    })
}

/// A rule's profiles as written, or the default one.
fn profiles_of(def: &RuleDef) -> Vec<String> {
    match &def.profiles {
        Some(list) => list.get_ref().iter().map(|p| p.get_ref().clone()).collect(),
        None => vec![super::DEFAULT_PROFILE.to_owned()],
    }
}

/// Parses every rule file (in parallel), or says why one does not parse.
fn parse_files(sources: &[RuleSource]) -> (Vec<(usize, RuleFile)>, Vec<RuleFileError>) {
    let parsed: Vec<_> = sources
        .par_iter()
        .map(|source| toml::from_str::<RuleFile>(&source.text))
        .collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (idx, (source, parsed)) in sources.iter().zip(parsed).enumerate() {
        match parsed {
            Ok(file) => files.push((idx, file)),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                errors.push(RuleFileError::at(source, span, e.message().trim(), "here"));
            }
        }
    }
    (files, errors)
}

struct Compiler<'a> {
    sources: &'a [RuleSource],
    vocabularies: HashMap<&'a str, (usize, &'a Spanned<VocabularyDef>)>,
    rule_defs: Vec<(usize, &'a Spanned<RuleDef>)>,
    rule_index: HashMap<&'a str, usize>,
    /// `[[variant]]` tables, in load order.
    variant_defs: Vec<(usize, &'a Spanned<VariantDef>)>,
    vocab_terms: HashMap<&'a str, Option<TermId>>,
    rule_conditions: HashMap<usize, Memo<Cond>>,
    terms: Vec<Term>,
    errors: &'a mut Vec<RuleFileError>,
    /// Starts compiling a new term's regexes.
    compile_regexes: &'a (dyn Fn(TermId, Term) + Sync),
    /// The built-in rules to compile (`None`: every rule).
    wanted: Option<&'a Wanted>,
    /// The built-in rules left out.
    skipped: Vec<super::SkippedRule>,
}

/// Where a condition is being compiled: its source file and the span to
/// point at when a piece of it has no span of its own.
#[derive(Clone, Copy)]
struct Ctx<'r> {
    source: usize,
    span: &'r Range<usize>,
}

impl<'a> Compiler<'a> {
    fn new(
        sources: &'a [RuleSource],
        files: &'a [(usize, RuleFile)],
        errors: &'a mut Vec<RuleFileError>,
        compile_regexes: &'a (dyn Fn(TermId, Term) + Sync),
    ) -> Self {
        let mut compiler = Self {
            compile_regexes,
            sources,
            vocabularies: HashMap::new(),
            rule_defs: Vec::new(),
            rule_index: HashMap::new(),
            variant_defs: Vec::new(),
            vocab_terms: HashMap::new(),
            rule_conditions: HashMap::new(),
            terms: Vec::new(),
            errors,
            wanted: None,
            skipped: Vec::new(),
        };
        for (source, file) in files {
            compiler.index_file(*source, file);
        }
        compiler
    }

    fn error(&mut self, source: usize, span: Range<usize>, message: String, label: &str) {
        let error = RuleFileError::at(&self.sources[source], span, message, label);
        self.errors.push(error);
    }

    fn index_file(&mut self, source: usize, file: &'a RuleFile) {
        for (name, def) in &file.vocabulary {
            if let Some((prev, _)) = self.vocabularies.get(name.as_str()) {
                let prev = self.sources[*prev].name.clone();
                self.error(
                    source,
                    def.span(),
                    format!(
                        "vocabulary `{name}` is already defined in {}",
                        super::error::display_name(&prev)
                    ),
                    "defined again here",
                );
            } else {
                self.vocabularies.insert(name, (source, def));
            }
        }
        for def in &file.rule {
            let id = def.get_ref().id.get_ref();
            let id_span = def.get_ref().id.span();
            if !is_kebab_case(id) {
                self.error(
                    source,
                    id_span.clone(),
                    format!("rule id `{id}` is not kebab-case"),
                    "use lowercase words joined by `-`",
                );
            }
            if self.rule_index.contains_key(id.as_str()) {
                self.error(
                    source,
                    id_span,
                    format!("duplicate rule id `{id}`"),
                    "this id is already used",
                );
                continue;
            }
            self.rule_index.insert(id, self.rule_defs.len());
            self.rule_defs.push((source, def));
        }
        self.variant_defs
            .extend(file.variant.iter().map(|v| (source, v)));
    }

    fn compile_rules(&mut self) -> Vec<Rule> {
        let mut rules = Vec::new();
        for idx in 0..self.rule_defs.len() {
            if self.is_wanted(idx) {
                rules.extend(self.compile_rule(idx));
            } else {
                let def = self.rule_defs[idx].1.get_ref();
                self.skipped.push(super::SkippedRule {
                    id: def.id.get_ref().clone(),
                    profiles: profiles_of(def),
                });
            }
        }
        // Left-out built-in vocabularies were checked by the tests; only
        // the complete compilation checks them again.
        if self.wanted.is_none() {
            self.check_unused_vocabularies();
        } else {
            self.check_unused_vocabularies_where(|source| !source.is_builtin());
        }
        self.check_qualified_rules();
        self.check_profiles();
        self.check_variants();
        rules
    }

    /// Whether rule `idx` is compiled: its own languages are wanted, or a
    /// variant's are.
    fn is_wanted(&self, idx: usize) -> bool {
        self.base_wanted(idx)
            || (self.variants_of(idx).iter()).any(|v| self.variant_wanted(idx, v.1))
    }

    /// Whether rule `idx` judges its own languages: every user rule, and
    /// the built-in ones in a profile in force or named by id.
    fn base_wanted(&self, idx: usize) -> bool {
        let (source, def) = self.rule_defs[idx];
        let Some(wanted) = self.wanted else {
            return true;
        };
        let def = def.get_ref();
        !self.sources[source].is_builtin()
            || wanted.ids.contains(def.id.get_ref())
            || profiles_of(def).iter().any(|p| wanted.profiles.contains(p))
    }

    /// Whether a variant of rule `idx` is wanted: with profiles of its own,
    /// when one is in force (or the rule is named by id); else with its rule.
    fn variant_wanted(&self, idx: usize, variant: &Spanned<VariantDef>) -> bool {
        let (Some(wanted), Some(own)) = (self.wanted, &variant.get_ref().profiles) else {
            return self.base_wanted(idx);
        };
        let id = self.rule_defs[idx].1.get_ref().id.get_ref();
        wanted.ids.contains(id) || own.iter().any(|p| wanted.profiles.contains(p))
    }

    /// The profiles that bring rule `idx` in: its own, and those of its
    /// variants that have profiles of their own.
    fn profiles_with_variants(&self, idx: usize) -> Vec<String> {
        let mut profiles = profiles_of(self.rule_defs[idx].1.get_ref());
        for (_, variant) in self.wanted_variants(idx) {
            for p in variant.get_ref().profiles.iter().flatten() {
                if !profiles.contains(p) {
                    profiles.push(p.clone());
                }
            }
        }
        profiles
    }

    /// The variants of rule `idx` that are compiled.
    fn wanted_variants(&self, idx: usize) -> Vec<(usize, &'a Spanned<VariantDef>)> {
        (self.variants_of(idx).into_iter())
            .filter(|(_, v)| self.variant_wanted(idx, v))
            .collect()
    }

    /// Profile names are kebab-case, and a rule's list is not empty (a rule
    /// in no profile could never run).
    fn check_profiles(&mut self) {
        let mut problems = Vec::new();
        for (source, def) in &self.rule_defs {
            let Some(list) = &def.get_ref().profiles else {
                continue;
            };
            if list.get_ref().is_empty() {
                problems.push((
                    *source,
                    list.span(),
                    "`profiles` is empty: the rule would never run".to_owned(),
                ));
            }
            for p in list.get_ref() {
                if !is_kebab_case(p.get_ref()) {
                    problems.push((
                        *source,
                        p.span(),
                        format!("profile `{}` is not kebab-case", p.get_ref()),
                    ));
                }
            }
        }
        for (source, span, message) in problems {
            self.error(source, span, message, "here");
        }
    }

    /// The variants of rule `idx`.
    fn variants_of(&self, idx: usize) -> Vec<(usize, &'a Spanned<VariantDef>)> {
        let id = self.rule_defs[idx].1.get_ref().id.get_ref();
        (self.variant_defs.iter())
            .filter(|(_, v)| v.get_ref().rule.get_ref() == id)
            .copied()
            .collect()
    }

    /// A variant must name a known rule and judge languages of its own: no
    /// language is judged by two vocabularies of one rule.
    fn check_variants(&mut self) {
        let mut problems = Vec::new();
        let mut claimed: HashMap<(&str, String), ()> = HashMap::new();
        for (_, def) in &self.rule_defs {
            let def = def.get_ref();
            for lang in &def.languages {
                claimed.insert((def.id.get_ref().as_str(), primary(lang)), ());
            }
        }
        for (source, variant) in &self.variant_defs {
            let v = variant.get_ref();
            let id = v.rule.get_ref().as_str();
            if !self.rule_index.contains_key(id) {
                let hint = closest(id, self.rule_index.keys().copied())
                    .map_or(String::new(), |c| format!(" (did you mean `{c}`?)"));
                problems.push((
                    *source,
                    v.rule.span(),
                    format!("`[[variant]]` of an unknown rule `{id}`{hint}"),
                    "no rule has this id",
                ));
                continue;
            }
            if v.languages.get_ref().is_empty() {
                problems.push((
                    *source,
                    v.languages.span(),
                    "a variant needs at least one language".to_owned(),
                    "add a language code",
                ));
            }
            for lang in v.languages.get_ref() {
                if claimed.insert((id, primary(lang)), ()).is_some() {
                    problems.push((
                        *source,
                        v.languages.span(),
                        format!("rule `{id}` already judges language `{lang}`"),
                        "a language has one vocabulary per rule",
                    ));
                }
            }
        }
        for (source, span, message, label) in problems {
            self.error(source, span, message, label);
        }
    }

    /// A `qualifies` key must name a `require` rule.
    fn check_qualified_rules(&mut self) {
        let mut problems = Vec::new();
        for (source, def) in &self.rule_defs {
            let Some(target) = &def.get_ref().qualifies else {
                continue;
            };
            let found = self
                .rule_index
                .get(target.get_ref().as_str())
                .map(|&i| self.rule_defs[i].1.get_ref().kind);
            let message = match found {
                None => format!("`qualifies` names an unknown rule `{}`", target.get_ref()),
                Some(super::RuleKind::Require) => continue,
                Some(_) => format!(
                    "`qualifies` must name a `require` rule; `{}` is not one",
                    target.get_ref()
                ),
            };
            problems.push((*source, target.span(), message));
        }
        for (source, span, message) in problems {
            self.error(source, span, message, "here");
        }
    }

    /// Compiles the vocabularies no rule uses, so that their mistakes are
    /// reported too; their terms are then dropped from the matcher's work.
    fn check_unused_vocabularies(&mut self) {
        self.check_unused_vocabularies_where(|_| true);
    }

    /// [`Self::check_unused_vocabularies`] for the files `checked` accepts.
    fn check_unused_vocabularies_where(&mut self, checked: impl Fn(&RuleSource) -> bool) {
        let mut unused: Vec<(&'a str, usize, std::ops::Range<usize>)> = self
            .vocabularies
            .iter()
            .filter(|(name, _)| !self.vocab_terms.contains_key(*name))
            .filter(|(_, (source, _))| checked(&self.sources[*source]))
            .map(|(name, (source, def))| (*name, *source, def.span()))
            .collect();
        unused.sort_by_key(|(name, _, _)| *name);
        for (name, source, span) in unused {
            let spanned = Spanned::new(span.clone(), name.to_owned());
            if let Some(term) = self.vocab_term(
                &spanned,
                Ctx {
                    source,
                    span: &span,
                },
            ) {
                // Keep the slot (term ids are indices) but scan for nothing.
                self.terms[term].phrases.clear();
                self.terms[term].written.clear();
                self.terms[term].regexes.clear();
            }
        }
    }

    fn compile_rule(&mut self, idx: usize) -> Option<Rule> {
        let (source, spanned) = self.rule_defs[idx];
        let def = spanned.get_ref();
        let condition = self.rule_condition(idx)?;
        let expect = match &def.expect {
            Some(cond) => {
                let ctx = Ctx {
                    source,
                    span: &cond.span(),
                };
                Some((
                    self.condition(cond.get_ref(), ctx, false)?,
                    def.expect_within,
                ))
            }
            None => None,
        };
        if def.kind != super::RuleKind::Expect && def.expect.is_some() {
            let span = def.expect.as_ref().map_or(spanned.span(), |e| e.span());
            self.error(
                source,
                span,
                format!("`expect` applies only to rules with kind = \"expect\"; rule `{}` is a `{}` rule", def.id.get_ref(), kind_name(def.kind)),
                "ignored by this kind of rule",
            );
            return None;
        }
        if def.kind == super::RuleKind::Expect && expect.is_none() {
            self.error(
                source,
                spanned.span(),
                format!(
                    "rule `{}` has kind = \"expect\" but no `expect` condition",
                    def.id.get_ref()
                ),
                "add `expect = ...`",
            );
            return None;
        }
        let max_age = self.max_age(source, def)?;
        let applies_when = self.applies_when_with_variants(idx)?;
        let examples = |list: &[Spanned<String>], source: usize, lang: Option<&String>| {
            list.iter()
                .map(|e| Example {
                    text: e.get_ref().clone(),
                    span: e.span(),
                    source,
                    lang: lang.cloned(),
                })
                .collect::<Vec<_>>()
        };
        let base = self.base_wanted(idx);
        let mut languages = def.languages.clone();
        let mut variants = Vec::new();
        let mut pass_examples = examples(&def.examples.pass, source, None);
        let mut fail_examples = examples(&def.examples.fail, source, None);
        if !base {
            // Only the variants' languages are judged: the rule's own pack
            // is not in force.
            languages.clear();
            pass_examples.clear();
            fail_examples.clear();
        }
        for (v_source, variant) in self.wanted_variants(idx) {
            let v = variant.get_ref();
            let lang = v.languages.get_ref().first();
            pass_examples.extend(examples(&v.examples.pass, v_source, lang));
            fail_examples.extend(examples(&v.examples.fail, v_source, lang));
            if !languages.is_empty() || !base {
                languages.extend(v.languages.get_ref().iter().cloned());
            }
            variants.push(Variant {
                languages: v.languages.get_ref().clone(),
                description: v.description.clone(),
                references: v.references.clone(),
                source: v_source,
            });
        }
        Some(Rule {
            id: def.id.get_ref().clone(),
            title: def.title.clone(),
            kind: def.kind,
            severity: def.severity,
            message: def.message.clone(),
            label: def.label.clone(),
            help: def.help.clone(),
            description: def.description.clone(),
            references: def.references.clone(),
            tags: def.tags.clone(),
            languages,
            variants,
            condition,
            expect,
            qualifies: def.qualifies.as_ref().map(|q| q.get_ref().clone()),
            max_age,
            profiles: self.profiles_with_variants(idx),
            applies_when,
            pass_examples,
            fail_examples,
            source,
            span: spanned.span(),
        })
    }

    /// Rule `idx`'s `applies-when` with its variants': when a variant
    /// has one of its own, each language is judged by its own condition
    /// (the rule's for a variant without one), and a language with no
    /// condition at all always applies. `None` after an error; `Some(None)`
    /// when neither the rule nor a variant sets one.
    fn applies_when_with_variants(&mut self, idx: usize) -> Option<Option<super::AppliesWhen>> {
        let (source, spanned) = self.rule_defs[idx];
        let def = spanned.get_ref();
        let own = self.applies_when(source, def)?;
        let mut variant_parts = Vec::new();
        let mut variant_reason = None;
        for (v_source, variant) in self.wanted_variants(idx) {
            let v = variant.get_ref();
            let Some(cond) = &v.applies_when else {
                if let Some(reason) = &v.applies_when_reason {
                    self.reason_without_condition(v_source, reason);
                    return None;
                }
                variant_parts.push((v.languages.get_ref().clone(), None));
                continue;
            };
            let ctx = Ctx {
                source: v_source,
                span: &cond.span(),
            };
            let compiled = self.condition(cond.get_ref(), ctx, false)?;
            if variant_reason.is_none() {
                variant_reason = v.applies_when_reason.as_ref().map(|r| r.get_ref().clone());
            }
            variant_parts.push((v.languages.get_ref().clone(), Some(compiled)));
        }
        if variant_parts.iter().all(|(_, cond)| cond.is_none()) {
            return Some(own);
        }
        let own_cond = || own.as_ref().map_or(Cond::Text, |o| o.condition.clone());
        let base_languages = &def.languages;
        let mut parts = Vec::new();
        if self.base_wanted(idx) {
            let (codes, except) = if base_languages.is_empty() {
                let codes = variant_parts.iter().flat_map(|(langs, _)| langs.clone());
                (codes.collect(), true)
            } else {
                (base_languages.clone(), false)
            };
            parts.push(Cond::Language {
                codes,
                except,
                inner: Box::new(own_cond()),
            });
        }
        for (codes, cond) in variant_parts {
            parts.push(Cond::Language {
                codes,
                except: false,
                inner: Box::new(cond.unwrap_or_else(own_cond)),
            });
        }
        let reason = match (&own, variant_reason) {
            (Some(own), _) if def.applies_when_reason.is_some() => own.reason.clone(),
            (_, Some(reason)) => reason,
            (Some(own), None) => own.reason.clone(),
            (None, None) => super::AppliesWhen::DEFAULT_REASON.to_owned(),
        };
        Some(Some(super::AppliesWhen {
            condition: Cond::Any(parts),
            reason,
        }))
    }

    /// An `applies-when-reason` written without `applies-when`.
    fn reason_without_condition(&mut self, source: usize, reason: &Spanned<String>) {
        self.error(
            source,
            reason.span(),
            "`applies-when-reason` needs `applies-when`".to_owned(),
            "no condition to give a reason for",
        );
    }

    /// Compiles `applies-when` with its reason. `None` after an error;
    /// `Some(None)` when not set.
    fn applies_when(&mut self, source: usize, def: &RuleDef) -> Option<Option<super::AppliesWhen>> {
        let Some(cond) = &def.applies_when else {
            if let Some(reason) = &def.applies_when_reason {
                self.reason_without_condition(source, reason);
                return None;
            }
            return Some(None);
        };
        let ctx = Ctx {
            source,
            span: &cond.span(),
        };
        let condition = self.condition(cond.get_ref(), ctx, false)?;
        let reason = (def.applies_when_reason.as_ref())
            .map_or(super::AppliesWhen::DEFAULT_REASON.to_owned(), |r| {
                r.get_ref().clone()
            });
        Some(Some(super::AppliesWhen { condition, reason }))
    }

    /// Checks `max-age-months` and `stale-message`: only on `require` rules,
    /// at least one month, a message only with a maximum age and with known
    /// placeholders. `None` after an error; `Some(None)` when not set.
    fn max_age(&mut self, source: usize, def: &RuleDef) -> Option<Option<super::MaxAge>> {
        let id = def.id.get_ref();
        if let Some(message) = &def.stale_message {
            if def.max_age_months.is_none() {
                self.error(
                    source,
                    message.span(),
                    format!("`stale-message` needs `max-age-months`; rule `{id}` has none"),
                    "used only for a date older than `max-age-months`",
                );
                return None;
            }
            if let Some(bad) = unknown_placeholder(message.get_ref()) {
                self.error(
                    source,
                    message.span(),
                    format!("unknown placeholder `{{{bad}}}` in `stale-message`"),
                    "the placeholders are {date}, {months} and {today}",
                );
                return None;
            }
        }
        let Some(months) = &def.max_age_months else {
            if let Some(keys) = &def.front_matter_dates {
                self.error(
                    source,
                    keys.span(),
                    format!("`front-matter-dates` needs `max-age-months`; rule `{id}` has none"),
                    "front matter dates are read only to check their age",
                );
                return None;
            }
            return Some(None);
        };
        if def.kind != super::RuleKind::Require {
            self.error(
                source,
                months.span(),
                format!(
                    "`max-age-months` applies only to rules with kind = \"require\"; rule `{id}` is a `{}` rule",
                    kind_name(def.kind)
                ),
                "only a required clause has a date to check",
            );
            return None;
        }
        if *months.get_ref() == 0 {
            self.error(
                source,
                months.span(),
                "`max-age-months` must be at least 1".into(),
                "a number of months",
            );
            return None;
        }
        let message = def.stale_message.as_ref().map_or_else(
            || super::MaxAge::DEFAULT_MESSAGE.to_owned(),
            |m| m.get_ref().clone(),
        );
        let front_matter_keys = def
            .front_matter_dates
            .as_ref()
            .map(|k| k.get_ref().clone())
            .unwrap_or_default();
        Some(Some(super::MaxAge {
            months: *months.get_ref(),
            message,
            front_matter_keys,
        }))
    }

    /// The compiled `match` condition of rule `idx`, memoised so that rules
    /// referring to it share the work; `None` after an error (or a cycle).
    fn rule_condition(&mut self, idx: usize) -> Option<Cond> {
        match self.rule_conditions.get(&idx) {
            Some(Memo::Done(cond)) => return Some(cond.clone()),
            // Its error is reported once, where it is.
            Some(Memo::Failed | Memo::InProgress) => return None,
            None => {}
        }
        self.rule_conditions.insert(idx, Memo::InProgress);
        let (source, spanned) = self.rule_defs[idx];
        let cond = &spanned.get_ref().matches;
        let compiled = self.condition(
            cond.get_ref(),
            Ctx {
                source,
                span: &cond.span(),
            },
            false,
        );
        let compiled = compiled.and_then(|base| self.with_variants(idx, base));
        let memo = compiled.clone().map_or(Memo::Failed, Memo::Done);
        self.rule_conditions.insert(idx, memo);
        compiled
    }

    /// Rule `idx`'s condition with its language variants: each language is
    /// judged by its own vocabulary, so one rule id stands for the clause
    /// in every language.
    fn with_variants(&mut self, idx: usize, base: Cond) -> Option<Cond> {
        let variants = self.wanted_variants(idx);
        if variants.is_empty() {
            return Some(base);
        }
        let own_wanted = self.base_wanted(idx);
        let base_languages = &self.rule_defs[idx].1.get_ref().languages;
        // A rule for every language keeps judging the languages no variant
        // covers.
        let (codes, except) = if base_languages.is_empty() {
            let codes = variants
                .iter()
                .flat_map(|(_, v)| v.get_ref().languages.get_ref().clone());
            (codes.collect(), true)
        } else {
            (base_languages.clone(), false)
        };
        let mut parts = Vec::new();
        if own_wanted {
            parts.push(Cond::Language {
                codes,
                except,
                inner: Box::new(base),
            });
        }
        for (source, variant) in variants {
            let v = variant.get_ref();
            let ctx = Ctx {
                source,
                span: &v.matches.span(),
            };
            let cond = self.condition(v.matches.get_ref(), ctx, false)?;
            parts.push(Cond::Language {
                codes: v.languages.get_ref().clone(),
                except: false,
                inner: Box::new(cond),
            });
        }
        Some(Cond::Any(parts))
    }

    fn condition(&mut self, def: &ConditionDef, ctx: Ctx, in_all: bool) -> Option<Cond> {
        match def {
            ConditionDef::Vocab(names) => {
                let ids: Vec<Cond> = names
                    .iter()
                    .map(|n| self.vocab_term(n, ctx).map(Cond::Term))
                    .collect::<Option<_>>()?;
                Some(one_or_any(ids))
            }
            ConditionDef::Phrases { phrases, exact } => {
                let term = self.inline_term(phrases, *exact, ctx);
                Some(Cond::Term(term))
            }
            ConditionDef::Regex(pattern) => {
                let term = self.push_term(Term {
                    name: format!("regex {}", pattern.get_ref()),
                    regexes: vec![TermRegex {
                        pattern: pattern.get_ref().clone(),
                        source: ctx.source,
                        span: span_or(pattern, ctx),
                    }],
                    ..Term::default()
                });
                Some(Cond::Term(term))
            }
            ConditionDef::Any(items) => Some(Cond::Any(self.conditions(items, ctx, false)?)),
            ConditionDef::All { items, within } => {
                let mut positive = Vec::new();
                let mut negative = Vec::new();
                for item in items {
                    let item_ctx = Ctx {
                        source: ctx.source,
                        span: &span_or(item, ctx),
                    };
                    match item.get_ref() {
                        ConditionDef::Not(inner) => {
                            let inner_ctx = Ctx {
                                source: ctx.source,
                                span: &span_or(inner, item_ctx),
                            };
                            negative.push(self.condition(inner.get_ref(), inner_ctx, false)?)
                        }
                        other => positive.push(self.condition(other, item_ctx, true)?),
                    }
                }
                if positive.is_empty() {
                    self.error(
                        ctx.source,
                        ctx.span.clone(),
                        "`all` needs at least one condition that is not `not`".into(),
                        "here",
                    );
                    return None;
                }
                Some(Cond::All {
                    positive,
                    negative,
                    within: *within,
                })
            }
            ConditionDef::Near { items, words } => {
                let mut items = self.conditions(items, ctx, false)?.into_iter();
                let (a, b) = (items.next()?, items.next()?);
                Some(Cond::Near {
                    a: Box::new(a),
                    b: Box::new(b),
                    words: *words,
                })
            }
            ConditionDef::Not(_) => {
                let where_ = if in_all { "directly" } else { "only directly" };
                self.error(
                    ctx.source,
                    ctx.span.clone(),
                    format!("`not` can be used {where_} inside `all`"),
                    "`not` here has nothing to negate against",
                );
                None
            }
            ConditionDef::Rule(id) => {
                let span = span_or(id, ctx);
                let Some(&idx) = self.rule_index.get(id.get_ref().as_str()) else {
                    self.error(
                        ctx.source,
                        span,
                        format!("unknown rule `{}`", id.get_ref()),
                        "no rule has this id",
                    );
                    return None;
                };
                if matches!(self.rule_conditions.get(&idx), Some(Memo::InProgress)) {
                    self.error(
                        ctx.source,
                        span,
                        format!("rule `{}` refers to itself through `rule`", id.get_ref()),
                        "cycle",
                    );
                    return None;
                }
                let cond = self.rule_condition(idx)?;
                Some(Cond::Rule {
                    id: id.get_ref().clone(),
                    cond: Box::new(cond),
                })
            }
            ConditionDef::Filtered { inner, filters } => {
                let inner = self.condition(inner, ctx, in_all)?;
                let filters = self.filters(filters, ctx)?;
                Some(Cond::Filter {
                    inner: Box::new(inner),
                    filters: Box::new(filters),
                })
            }
        }
    }

    fn conditions(
        &mut self,
        items: &[Spanned<ConditionDef>],
        ctx: Ctx,
        in_all: bool,
    ) -> Option<Vec<Cond>> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            let span = span_or(item, ctx);
            match self.condition(
                item.get_ref(),
                Ctx {
                    source: ctx.source,
                    span: &span,
                },
                in_all,
            ) {
                Some(c) => out.push(c),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn filters(&mut self, f: &Filters, ctx: Ctx) -> Option<CondFilters> {
        let in_section = match &f.in_section {
            Some(c) => {
                let span = span_or(c, ctx);
                Some(self.condition(
                    c.get_ref(),
                    Ctx {
                        source: ctx.source,
                        span: &span,
                    },
                    false,
                )?)
            }
            None => None,
        };
        Some(CondFilters {
            unless: self.conditions(&f.unless, ctx, false)?,
            unless_part_of: self.conditions(&f.unless_part_of, ctx, false)?,
            in_section,
            in_heading: f.in_heading,
        })
    }

    fn push_term(&mut self, term: Term) -> TermId {
        let id = self.terms.len();
        if !term.regexes.is_empty() {
            (self.compile_regexes)(
                id,
                Term {
                    name: term.name.clone(),
                    regexes: term.regexes.clone(),
                    ..Term::default()
                },
            );
        }
        self.terms.push(term);
        id
    }

    fn inline_term(&mut self, phrases: &[Spanned<String>], exact: bool, ctx: Ctx) -> TermId {
        let mut term = Term::default();
        for phrase in phrases {
            self.add_phrase(&mut term, phrase, exact, ctx);
        }
        let names: Vec<&str> = phrases.iter().map(|p| p.get_ref().as_str()).collect();
        term.name = format!("\"{}\"", names.join("\" | \""));
        self.push_term(term)
    }

    fn add_phrase(&mut self, term: &mut Term, phrase: &Spanned<String>, exact: bool, ctx: Ctx) {
        let text = phrase.get_ref();
        if text.trim().is_empty() {
            self.error(
                ctx.source,
                span_or(phrase, ctx),
                "empty phrase".into(),
                "a phrase needs at least one word",
            );
            return;
        }
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if exact {
            term.phrases
                .extend(inflect::with_apostrophe_variants(vec![collapsed.clone()]));
        } else {
            term.phrases.extend(inflect::variants(text));
        }
        term.written.push(collapsed);
    }

    /// The term of vocabulary `name`, compiled once.
    fn vocab_term(&mut self, name: &Spanned<String>, ctx: Ctx) -> Option<TermId> {
        let key = name.get_ref().as_str();
        let Some(&(source, def)) = self.vocabularies.get(key) else {
            let known = closest(key, self.vocabularies.keys().copied());
            let span = span_or(name, ctx);
            let mut err = RuleFileError::at(
                &self.sources[ctx.source],
                span,
                format!("unknown vocabulary `{key}`"),
                "not defined in any rule file",
            );
            if let Some(k) = known {
                err = err.with_help(format!("did you mean `{k}`?"));
            }
            self.errors.push(err);
            return None;
        };
        let (key, _) = self.vocabularies.get_key_value(key).map(|(k, v)| (*k, v))?;
        if let Some(&done) = self.vocab_terms.get(key) {
            if done.is_none() {
                self.error(
                    source,
                    def.span(),
                    format!("vocabulary `{key}` includes itself"),
                    "cycle through `include`",
                );
            }
            return done;
        }
        self.vocab_terms.insert(key, None);
        let mut term = Term {
            name: key.to_owned(),
            ..Term::default()
        };
        let body = def.get_ref();
        let def_span = def.span();
        let vctx = Ctx {
            source,
            span: &def_span,
        };
        for phrase in &body.phrases {
            self.add_phrase(&mut term, phrase, false, vctx);
        }
        for phrase in &body.exact {
            self.add_phrase(&mut term, phrase, true, vctx);
        }
        for pattern in &body.regex {
            term.regexes.push(TermRegex {
                pattern: pattern.get_ref().clone(),
                source,
                span: span_or(pattern, vctx),
            });
        }
        for include in &body.include {
            if let Some(id) = self.vocab_term(include, vctx) {
                let included = self.terms[id].clone();
                term.phrases.extend(included.phrases);
                term.written.extend(included.written);
                term.regexes.extend(included.regexes);
            }
        }
        term.phrases.sort();
        term.phrases.dedup();
        let id = self.push_term(term);
        self.vocab_terms.insert(key, Some(id));
        Some(id)
    }
}

/// A language tag's primary subtag, lower case (`ja-JP` is `ja`).
fn primary(tag: &str) -> String {
    crate::document::language::primary_subtag(tag)
}

fn kind_name(kind: super::RuleKind) -> &'static str {
    match kind {
        super::RuleKind::Require => "require",
        super::RuleKind::Forbid => "forbid",
        super::RuleKind::Expect => "expect",
    }
}

/// The first `{name}` in a stale message that is not a known placeholder.
fn unknown_placeholder(message: &str) -> Option<&str> {
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if !matches!(name, "date" | "months" | "today") {
            return Some(name);
        }
        rest = &after[close + 1..];
    }
    None
}

fn one_or_any(mut conds: Vec<Cond>) -> Cond {
    if conds.len() == 1 {
        conds.remove(0)
    } else {
        Cond::Any(conds)
    }
}

/// The span of a value, or the enclosing one when the value has none (bare
/// strings inside arrays are given an empty span by the schema).
fn span_or<T>(value: &Spanned<T>, ctx: Ctx) -> Range<usize> {
    let span = value.span();
    if span.is_empty() {
        ctx.span.clone()
    } else {
        span
    }
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Where compiling a rule's condition stands. A reference back to one in
/// progress is a cycle; one that failed has already said why, and a rule
/// that refers to it is not blamed for a cycle.
#[derive(Clone, Debug)]
enum Memo<T> {
    InProgress,
    Done(T),
    Failed,
}

/// The known name closest to `name`, for "did you mean" help.
pub(crate) fn closest<'k>(name: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    known
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    /// Rules compile with their regexes, as the engine compiles them.
    fn compile(sources: Vec<RuleSource>) -> Result<RuleSet, Vec<RuleFileError>> {
        Engine::compile(sources).map(|engine| engine.into_rules())
    }

    fn source(text: &str) -> RuleSource {
        RuleSource {
            name: "test.toml".into(),
            text: text.into(),
        }
    }

    fn errors(text: &str) -> Vec<(String, String)> {
        let src = source(text);
        match compile(vec![src.clone()]) {
            Ok(_) => Vec::new(),
            Err(errs) => errs
                .into_iter()
                .map(|e| {
                    let span =
                        (e.0.span).map(|s| text[s.offset()..s.offset() + s.len()].to_owned());
                    (e.0.message, span.unwrap_or_default())
                })
                .collect(),
        }
    }

    const RULE: &str = "[[rule]]\nid = \"r\"\ntitle = \"t\"\nmessage = \"m\"\n";

    /// The rule set of `text`, and the term its first rule matches.
    fn compiled_term(text: &str) -> (RuleSet, TermId) {
        let set = compile(vec![source(text)]).unwrap();
        let Cond::Term(t) = set.rules[0].condition else {
            panic!("the first rule's condition is not a term")
        };
        (set, t)
    }

    #[test]
    fn unknown_vocabulary_points_at_the_reference() {
        let errs = errors(&format!(
            "[vocabulary.retention]\nphrases = [\"keep\"]\n{RULE}match = {{ vocab = \"retension\" }}\n"
        ));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].0.contains("unknown vocabulary `retension`"));
        assert_eq!(errs[0].1, "\"retension\"");
    }

    #[test]
    fn bad_regex_points_at_the_pattern() {
        let errs = errors(&format!("{RULE}match = {{ regex = '(unclosed' }}\n"));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].0.contains("invalid regex"), "{errs:?}");
        assert_eq!(errs[0].1, "'(unclosed'");
    }

    #[test]
    fn every_bad_regex_is_reported_with_the_other_errors_in_file_order() {
        // Regexes compile on other threads: their errors still come with
        // the rest, in the order of the file, also from unused vocabularies.
        let errs = errors(&format!(
            "[vocabulary.unused]\nregex = ['[z-a]']\n{RULE}match = {{ any = [{{ regex = '(x' }}, \"@nope\"] }}\n"
        ));
        let spans: Vec<&str> = errs.iter().map(|(_, span)| span.as_str()).collect();
        assert_eq!(spans, vec!["'[z-a]'", "'(x'", "\"@nope\""], "{errs:?}");
        assert!(errs[0].0.contains("invalid regex"), "{errs:?}");
        assert!(errs[2].0.contains("unknown vocabulary"), "{errs:?}");
    }

    #[test]
    fn a_regex_too_large_to_compile_says_why_at_its_span() {
        let errs = errors(&format!(
            "[vocabulary.big]\nregex = ['(\\w{{100}}){{1000}}']\n{RULE}match = \"@big\"\n"
        ));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].0.contains("exceeded"), "{errs:?}");
        assert_eq!(errs[0].1, "'(\\w{100}){1000}'");
    }

    #[test]
    fn included_regexes_match_with_the_including_vocabulary() {
        let text = format!(
            "[vocabulary.digits]\nregex = ['\\d+ days']\n[vocabulary.period]\nregex = ['\\bweeks?\\b']\ninclude = [\"digits\"]\n{RULE}match = \"@period\"\n"
        );
        let (_, t) = compiled_term(&text);
        let engine = Engine::compile(vec![source(&text)]).unwrap();
        let found = engine.scan_text("kept 30 days or two weeks");
        assert_eq!(found.by_term[t].len(), 2, "{:?}", found.by_term);
    }

    #[test]
    fn duplicate_ids_and_bad_ids_are_rejected() {
        let errs = errors(&format!("{RULE}match = \"a\"\n{RULE}match = \"b\"\n"));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].0.contains("duplicate rule id `r`"));
        assert_eq!(errs[0].1, "\"r\"");
        let errs =
            errors("[[rule]]\nid = \"Bad_Id\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = \"a\"\n");
        assert!(errs[0].0.contains("not kebab-case"), "{errs:?}");
    }

    #[test]
    fn rule_references_resolve_and_cycles_are_errors() {
        let ok = format!(
            "{RULE}match = \"keep\"\n[[rule]]\nid = \"s\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = {{ rule = \"r\" }}\n"
        );
        assert!(errors(&ok).is_empty());
        let cyclic = "[[rule]]\nid = \"a\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = { rule = \"b\" }\n[[rule]]\nid = \"b\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = { rule = \"a\" }\n";
        assert!(
            errors(cyclic)
                .iter()
                .any(|(m, _)| m.contains("refers to itself"))
        );
    }

    #[test]
    fn a_rule_referring_to_a_broken_rule_is_not_blamed_for_a_cycle() {
        // Rule `a` names an unknown vocabulary; `b` refers to `a`. One error,
        // the real one: not also "refers to itself".
        let text = "[[rule]]\nid = \"a\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = \"@nope\"\n[[rule]]\nid = \"b\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = { rule = \"a\" }\n";
        let errs = errors(text);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].0.contains("unknown vocabulary `nope`"), "{errs:?}");
    }

    #[test]
    fn not_outside_all_is_an_error() {
        let errs = errors(&format!("{RULE}match = {{ not = \"a\" }}\n"));
        assert!(errs[0].0.contains("`not`"), "{errs:?}");
    }

    #[test]
    fn vocabulary_includes_are_flattened() {
        let text = format!(
            "[vocabulary.a]\nphrases = [\"alpha\"]\n[vocabulary.b]\nexact = [\"beta\"]\ninclude = [\"a\"]\n{RULE}match = \"@b\"\n"
        );
        let (set, t) = compiled_term(&text);
        assert!(set.terms[t].phrases.contains(&"alpha".to_owned()));
        assert!(set.terms[t].phrases.contains(&"alphas".to_owned()));
        assert!(set.terms[t].phrases.contains(&"beta".to_owned()));
        assert!(!set.terms[t].phrases.contains(&"betas".to_owned()));
    }

    #[test]
    fn qualifies_must_name_a_require_rule() {
        let ok = format!(
            "{RULE}match = \"keep\"\n[[rule]]\nid = \"s\"\ntitle = \"t\"\nmessage = \"m\"\nkind = \"forbid\"\nqualifies = \"r\"\nmatch = \"xxx\"\n"
        );
        assert!(errors(&ok).is_empty(), "{:?}", errors(&ok));
        let unknown = format!("{RULE}match = \"keep\"\nqualifies = \"nope\"\n");
        assert_eq!(errors(&unknown)[0].1, "\"nope\"");
    }

    #[test]
    fn max_age_months_is_only_for_require_rules() {
        let ok = format!(
            "{RULE}match = \"updated\"\nmax-age-months = 12\nstale-message = \"{{date}} is over {{months}} months before {{today}}\"\n"
        );
        assert!(errors(&ok).is_empty(), "{:?}", errors(&ok));
        let set = compile(vec![source(&ok)]).unwrap();
        let max_age = set.rules[0].max_age.clone().unwrap();
        assert_eq!(max_age.months, 12);
        assert!(max_age.message.starts_with("{date} is over"));

        let forbid = format!("{RULE}kind = \"forbid\"\nmatch = \"updated\"\nmax-age-months = 12\n");
        let errs = errors(&forbid);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0]
                .0
                .contains("applies only to rules with kind = \"require\"")
        );
        assert_eq!(errs[0].1, "12");

        let zero = format!("{RULE}match = \"updated\"\nmax-age-months = 0\n");
        assert!(errors(&zero)[0].0.contains("at least 1"));

        let negative = format!("{RULE}match = \"updated\"\nmax-age-months = -3\n");
        assert!(!errors(&negative).is_empty());
    }

    #[test]
    fn stale_message_needs_max_age_and_known_placeholders() {
        let alone = format!("{RULE}match = \"updated\"\nstale-message = \"old\"\n");
        let errs = errors(&alone);
        assert!(errs[0].0.contains("needs `max-age-months`"), "{errs:?}");
        assert_eq!(errs[0].1, "\"old\"");
        let keys = format!("{RULE}match = \"updated\"\nfront-matter-dates = [\"lastmod\"]\n");
        assert!(errors(&keys)[0].0.contains("`front-matter-dates` needs"));
        let typo = format!(
            "{RULE}match = \"updated\"\nmax-age-months = 6\nstale-message = \"{{dat}} is old\"\n"
        );
        let errs = errors(&typo);
        assert!(
            errs[0].0.contains("unknown placeholder `{dat}`"),
            "{errs:?}"
        );
    }

    #[test]
    fn did_you_mean() {
        assert_eq!(
            closest("retension", ["retention", "minors"].into_iter()),
            Some("retention")
        );
        assert_eq!(closest("xyz", ["retention"].into_iter()), None);
    }
}
