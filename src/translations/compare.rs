//! Comparing two versions of a policy: the clauses each states (the
//! verdicts of the clause rules, each version judged natively) and the
//! language-neutral facts each gives. Every difference is an item stated
//! in one version and missing from the other.

use std::ops::Range;

use super::facts::{Fact, FactKind, Facts};
use crate::document::{BlockKind, Document};
use crate::engine::{Evaluation, Status};
use crate::rules::{RuleKind, RuleSet};

/// One version of the policy, linted, with its facts.
pub struct Version<'a> {
    /// The path as shown to the user.
    pub display: &'a str,
    pub doc: &'a Document,
    pub eval: &'a Evaluation,
    pub facts: &'a Facts,
}

/// Something one version states and the other lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A clause rule (by index) finds its clause in one version only.
    Clause {
        rule: usize,
        evidence: Range<usize>,
    },
    Fact(Fact),
}

impl Item {
    /// Where the item is stated: a range of the content text.
    pub fn range(&self) -> Range<usize> {
        match self {
            Self::Clause { evidence, .. } => evidence.clone(),
            Self::Fact(fact) => fact.range.clone(),
        }
    }
}

/// What `a` states and `b` lacks.
pub fn stated_only_in(a: &Version<'_>, b: &Version<'_>, rules: &RuleSet) -> Vec<Item> {
    let mut items: Vec<Item> = clauses_only_in(a, b, rules);
    items.extend(
        (a.facts.facts.iter())
            .filter(|f| !b.facts.has(f))
            .cloned()
            .map(Item::Fact),
    );
    items
}

/// Clause rules whose clause `a` states and `b`, judged in its own
/// language, does not. Both must be judged, and the rule must apply to
/// both (an APPI item is no drift of an English version, unless the `appi`
/// profile judges English too). A date is
/// compared as a fact, not as the `last-updated` clause.
fn clauses_only_in(a: &Version<'_>, b: &Version<'_>, rules: &RuleSet) -> Vec<Item> {
    if a.eval.not_judged.is_some() || b.eval.not_judged.is_some() {
        return Vec::new();
    }
    let mut items = Vec::new();
    for here in &a.eval.outcomes {
        let rule = &rules.rules[here.rule];
        if rule.kind != RuleKind::Require || rule.max_age.is_some() {
            continue;
        }
        let there = b.eval.outcomes.iter().find(|o| o.rule == here.rule);
        let stated = matches!(here.status, Status::Present | Status::Deficient);
        let lacking = there.is_some_and(|o| o.status == Status::Missing);
        let Some(evidence) = here.evidence.first().cloned() else {
            continue;
        };
        if stated && lacking && here.incorporated.is_none() && !same_shape(a.doc, b.doc, &evidence)
        {
            items.push(Item::Clause {
                rule: here.rule,
                evidence,
            });
        }
    }
    items
}

/// Whether the section holding `evidence` in `a` has a counterpart of the
/// same size in `b`, both versions having the same headings: then the
/// clause is most likely there, worded in a way the rules of its language
/// do not read, and a missing clause is already reported on that version.
/// A translation that dropped a paragraph or a section has another shape.
fn same_shape(a: &Document, b: &Document, evidence: &Range<usize>) -> bool {
    let levels = |d: &Document| d.sections.iter().map(|s| s.level).collect::<Vec<_>>();
    if levels(a) != levels(b) {
        return false;
    }
    let block = a
        .sentences
        .get(a.sentence_at(evidence.start))
        .map_or(0, |s| s.block);
    let size = |d: &Document, section: Option<usize>| match section {
        Some(s) => own_blocks(d, s),
        None => d.content.blocks.len(),
    };
    let section = a.block_section.get(block).copied().flatten();
    size(a, section) == size(b, section)
}

/// The blocks of a section that are not in one of its subsections.
fn own_blocks(doc: &Document, section: usize) -> usize {
    let Some(s) = doc.sections.get(section) else {
        return 0;
    };
    (s.blocks.clone())
        .filter(|&b| doc.block_section.get(b).copied().flatten() == Some(section))
        .filter(|&b| !matches!(doc.content.blocks[b].kind, BlockKind::Heading(_)))
        .count()
}

/// A short description of an item for a message: "`retention`", "the
/// e-mail address privacy@acme.test".
pub fn describe(item: &Item, rules: &RuleSet, doc: &Document) -> String {
    match item {
        Item::Clause { rule, .. } => format!("the `{}` clause", rules.rules[*rule].id),
        Item::Fact(fact) => {
            let written = doc.text(fact.range.clone()).trim();
            match fact.kind {
                FactKind::Date | FactKind::Period if written != fact.key => {
                    format!("{} {written} ({})", fact.kind.noun(), fact.key)
                }
                _ => format!("{} {written}", fact.kind.noun()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::engine::Engine;

    fn version_parts(path: &str, text: &str, engine: &Engine) -> (Document, Evaluation, Facts) {
        let doc = Document::from_text(std::path::Path::new(path), Format::Markdown, text).unwrap();
        let eval = crate::engine::evaluate(&doc, engine);
        let facts = super::super::facts::extract(&doc.content.text, doc.lang() == Some("ja"));
        (doc, eval, facts)
    }

    #[test]
    fn a_clause_and_a_fact_only_in_one_version_are_items() {
        // The default profile, as a run without `--profile`: the APPI items
        // are then not judged in English (under `appi` they are, and an
        // English version lacking one the Japanese states is drift).
        let wanted = crate::rules::Wanted {
            profiles: vec!["core".to_owned()],
            ids: Vec::new(),
        };
        let engine =
            Engine::compile_wanted(crate::rules::builtin_sources(), Some(&wanted)).unwrap();
        let en = "# Privacy Policy\n\nWe collect your name and e-mail address to run the service and to answer your questions about it.\n\nWe keep account data for 30 days after you close your account, then delete it.\n\nContact privacy@acme.example with any question about your personal data.\n";
        let ja = "# プライバシーポリシー\n\n当社はサービスの提供とお問い合わせへの回答のため、お客様の氏名とメールアドレスを取得します。\n\n個人情報に関するお問い合わせは privacy@acme.example までご連絡ください。\n";
        let (en_doc, en_eval, en_facts) = version_parts("en/privacy.md", en, &engine);
        let (ja_doc, ja_eval, ja_facts) = version_parts("ja/privacy.md", ja, &engine);
        let a = Version {
            display: "en/privacy.md",
            doc: &en_doc,
            eval: &en_eval,
            facts: &en_facts,
        };
        let b = Version {
            display: "ja/privacy.md",
            doc: &ja_doc,
            eval: &ja_eval,
            facts: &ja_facts,
        };
        let rules = engine.rules();
        let only_en: Vec<String> = (stated_only_in(&a, &b, rules).iter())
            .map(|i| describe(i, rules, &en_doc))
            .collect();
        assert!(
            only_en.contains(&"the `retention` clause".to_owned()),
            "{only_en:?}"
        );
        assert!(only_en.iter().any(|d| d.contains("30 days")), "{only_en:?}");
        assert!(
            !only_en.iter().any(|d| d.contains("privacy@")),
            "{only_en:?}"
        );
        assert!(stated_only_in(&b, &a, rules).is_empty());
    }
}
