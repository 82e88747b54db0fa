//! Evaluates compiled conditions over one document's matches.
//!
//! A condition evaluates to the list of spans (of the content text) where it
//! holds: a term's matches, the union for `any`, one span per unit where all
//! parts of an `all` hold, and so on. Filters then drop spans.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::matcher::{Matches, Span};
use crate::document::language::primary_subtag;
use crate::document::{BlockKind, Document};
use crate::rules::{Cond, CondFilters, Unit};

/// Maps and sets keyed by unit index (sentence, block, section). The
/// standard SipHash, made to resist crafted keys, took about a tenth of a
/// corpus run here; these keys are small indices, hashed by one
/// multiplication. Only lookups and sorted results depend on them, never
/// the order of iteration.
type UnitMap<V> = HashMap<usize, V, BuildHasherDefault<UnitHasher>>;
type UnitSet = HashSet<usize, BuildHasherDefault<UnitHasher>>;

/// Fibonacci hashing of one `usize` (the multiplier is 2^64 / phi).
#[derive(Default)]
struct UnitHasher(u64);

impl Hasher for UnitHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Upper bound on the characters a word takes, used to limit the search
/// window of `near` before counting words exactly.
const MAX_CHARS_PER_WORD: u32 = 24;

pub struct Evaluator<'a> {
    doc: &'a Document,
    matches: &'a Matches,
    /// The spans of each rule's `match` condition, by rule id, once
    /// evaluated: quality rules refer to the clause rules they qualify.
    rule_spans: RefCell<HashMap<String, Vec<Span>>>,
}

impl<'a> Evaluator<'a> {
    pub fn new(doc: &'a Document, matches: &'a Matches) -> Self {
        Self {
            doc,
            matches,
            rule_spans: RefCell::default(),
        }
    }

    /// Spans of rule `id`'s `match` condition `cond`, evaluated once per
    /// document.
    pub fn eval_rule(&self, id: &str, cond: &Cond) -> Vec<Span> {
        if let Some(spans) = self.rule_spans.borrow().get(id) {
            return spans.clone();
        }
        let spans = self.eval(cond);
        self.rule_spans
            .borrow_mut()
            .insert(id.to_owned(), spans.clone());
        spans
    }

    /// Spans of `inner` in the parts of the document written in one of
    /// `codes` (in none of them, with `except`): the whole document when
    /// it is in one language, its regions in those languages when it is
    /// bilingual. A document of unknown language is read in every one.
    fn in_languages(&self, codes: &[String], except: bool, inner: &Cond) -> Vec<Span> {
        let speaks = |code: &str| {
            let listed = codes.iter().any(|c| primary_subtag(c) == code);
            listed != except
        };
        let regions = &self.doc.language.regions;
        if regions.is_empty() {
            return match self.doc.lang() {
                Some(lang) if !speaks(lang) => Vec::new(),
                _ => self.eval(inner),
            };
        }
        let ranges: Vec<_> = (regions.iter())
            .filter(|r| speaks(&r.code))
            .map(|r| r.range.clone())
            .collect();
        if ranges.is_empty() {
            return Vec::new();
        }
        if matches!(inner, Cond::Text) {
            return (ranges.iter())
                .map(|r| Span {
                    start: r.start as u32,
                    end: r.end as u32,
                })
                .collect();
        }
        let mut spans = self.eval(inner);
        spans.retain(|s| ranges.iter().any(|r| r.contains(&(s.start as usize))));
        spans
    }

    /// Spans where `cond` holds, sorted and without duplicates.
    pub fn eval(&self, cond: &Cond) -> Vec<Span> {
        let mut spans = match cond {
            Cond::Term(t) => return self.matches.by_term.get(*t).cloned().unwrap_or_default(),
            Cond::Any(items) => items.iter().flat_map(|c| self.eval(c)).collect(),
            Cond::All {
                positive,
                negative,
                within,
            } => self.all(positive, negative, *within),
            Cond::Near { a, b, words } => self.near(&self.eval(a), &self.eval(b), *words),
            Cond::Filter { inner, filters } => self.filter(self.eval(inner), filters),
            Cond::Rule { id, cond } => return self.eval_rule(id, cond),
            Cond::Language {
                codes,
                except,
                inner,
            } => return self.in_languages(codes, *except, inner),
            Cond::Text => {
                let end = u32::try_from(self.doc.content.text.len()).unwrap_or(u32::MAX);
                return vec![Span { start: 0, end }];
            }
        };
        spans.sort_unstable();
        spans.dedup();
        spans
    }

    fn sentence(&self, offset: u32) -> usize {
        self.doc.sentence_at(offset as usize)
    }

    fn block(&self, offset: u32) -> usize {
        self.doc
            .sentences
            .get(self.sentence(offset))
            .map_or(0, |s| s.block)
    }

    /// The unit of kind `within` that contains the start of `span`.
    fn unit(&self, span: Span, within: Unit) -> usize {
        match within {
            Unit::Sentence => self.sentence(span.start),
            Unit::Paragraph => self.block(span.start),
            // The innermost section: under a document title every block is
            // in the title's section, which would make this the document.
            Unit::Section => self
                .doc
                .sections_of(self.block(span.start))
                .next()
                .unwrap_or(usize::MAX),
            Unit::Document => 0,
        }
    }

    fn all(&self, positive: &[Cond], negative: &[Cond], within: Unit) -> Vec<Span> {
        // For each unit, the extent of the matches of every positive part.
        let mut extent: Option<UnitMap<Span>> = None;
        for cond in positive {
            let mut here: UnitMap<Span> = UnitMap::default();
            for span in self.eval(cond) {
                let e = here.entry(self.unit(span, within)).or_insert(span);
                e.start = e.start.min(span.start);
                e.end = e.end.max(span.end);
            }
            extent = Some(match extent {
                None => here,
                Some(prev) => prev
                    .into_iter()
                    .filter_map(|(unit, p)| {
                        here.get(&unit).map(|h| {
                            (
                                unit,
                                Span {
                                    start: p.start.min(h.start),
                                    end: p.end.max(h.end),
                                },
                            )
                        })
                    })
                    .collect(),
            });
        }
        let mut extent = extent.unwrap_or_default();
        for cond in negative {
            for span in self.eval(cond) {
                extent.remove(&self.unit(span, within));
            }
        }
        extent.into_values().collect()
    }

    fn near(&self, a: &[Span], b: &[Span], words: u32) -> Vec<Span> {
        let window = words.saturating_mul(MAX_CHARS_PER_WORD) + MAX_CHARS_PER_WORD;
        let mut out = Vec::new();
        for x in a {
            let lo = b.partition_point(|y| y.end + window < x.start);
            for y in b[lo..].iter().take_while(|y| y.start <= x.end + window) {
                if self.words_between(*x, *y).is_some_and(|n| n <= words) {
                    out.push(Span {
                        start: x.start.min(y.start),
                        end: x.end.max(y.end),
                    });
                }
            }
        }
        out
    }

    /// Words strictly between two spans, or `None` when a block boundary
    /// separates them.
    fn words_between(&self, x: Span, y: Span) -> Option<u32> {
        let (first, second) = if x.start <= y.start { (x, y) } else { (y, x) };
        if second.start <= first.end {
            return Some(0);
        }
        let gap = self
            .doc
            .content
            .text
            .get(first.end as usize..second.start as usize)?;
        if gap.contains('\n') {
            return None;
        }
        let mut count = 0;
        let mut in_word = false;
        for c in gap.chars() {
            let word = c.is_alphanumeric();
            if word && !in_word {
                count += 1;
            }
            in_word = word;
        }
        Some(count)
    }

    fn filter(&self, mut spans: Vec<Span>, filters: &CondFilters) -> Vec<Span> {
        if let Some(in_heading) = filters.in_heading {
            spans.retain(|s| self.is_heading(self.block(s.start)) == in_heading);
        }
        if let Some(cond) = &filters.in_section {
            let headings: UnitSet = self
                .eval(cond)
                .into_iter()
                .map(|s| self.block(s.start))
                .filter(|&b| self.is_heading(b))
                .collect();
            spans.retain(|s| {
                self.doc
                    .sections_of(self.block(s.start))
                    .any(|sec| headings.contains(&self.doc.sections[sec].heading))
            });
        }
        if !filters.unless.is_empty() {
            let vetoed: UnitSet = filters
                .unless
                .iter()
                .flat_map(|c| self.eval(c))
                .flat_map(|s| self.sentences_of(s))
                .collect();
            spans.retain(|s| !self.sentences_of(*s).any(|i| vetoed.contains(&i)));
        }
        if !filters.unless_part_of.is_empty() {
            let mut excluded: Vec<Span> = filters
                .unless_part_of
                .iter()
                .flat_map(|c| self.eval(c))
                .collect();
            excluded.sort_unstable();
            spans.retain(|s| !overlaps_any(*s, &excluded));
        }
        spans
    }

    fn is_heading(&self, block: usize) -> bool {
        self.doc
            .content
            .blocks
            .get(block)
            .is_some_and(|b| matches!(b.kind, BlockKind::Heading(_)))
    }

    /// Indices of the sentences a span touches.
    fn sentences_of(&self, span: Span) -> impl Iterator<Item = usize> {
        let first = self.sentence(span.start);
        let last = self.sentence(span.end.saturating_sub(1).max(span.start));
        first..=last.max(first)
    }
}

/// Whether `span` overlaps any span of the sorted list `others`.
fn overlaps_any(span: Span, others: &[Span]) -> bool {
    let idx = others.partition_point(|o| o.start < span.end);
    others[..idx].iter().rev().any(|o| o.end > span.start)
}

impl Evaluator<'_> {
    /// Whether some span of `a` and some span of `b` share a unit.
    pub fn share_unit(&self, a: &[Span], b: &[Span], within: Unit) -> bool {
        let units: UnitSet = b.iter().map(|s| self.unit(*s, within)).collect();
        a.iter().any(|s| units.contains(&self.unit(*s, within)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::rules::RuleSource;
    use std::path::Path;

    /// Evaluates rule `r`'s match condition on `text`; returns the matched texts.
    fn hits(rule_match: &str, text: &str) -> Vec<String> {
        let toml =
            format!("[[rule]]\nid = \"r\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = {rule_match}\n");
        let engine = super::super::Engine::compile(vec![RuleSource {
            name: "t.toml".into(),
            text: toml,
        }])
        .unwrap();
        let doc = Document::from_text(Path::new("t.txt"), Format::Text, text).unwrap();
        let matches = engine.scan_text(&doc.content.text);
        Evaluator::new(&doc, &matches)
            .eval(&engine.rules().rules[0].condition)
            .into_iter()
            .map(|s| doc.content.text[s.start as usize..s.end as usize].to_owned())
            .collect()
    }

    /// `$` and `\z` are the end of the text, `(?m)$` the end of a block
    /// (docs/rules.md 6.4); a match across two blocks is dropped.
    #[test]
    fn regex_anchors_match_as_documented() {
        let text = "Title\n\nWe keep logs for 30\n\ndays. Ask us at the end";
        assert_eq!(hits(r#"{ regex = 'the end$' }"#, text), ["the end"]);
        assert_eq!(hits(r#"{ regex = 'the end\z' }"#, text), ["the end"]);
        assert_eq!(hits(r#"{ regex = '\d+$' }"#, text), Vec::<String>::new());
        assert_eq!(hits(r#"{ regex = '(?m)\d+$' }"#, text), ["30"]);
        assert_eq!(
            hits(r#"{ regex = '\d+\s*days' }"#, text),
            Vec::<String>::new()
        );
        assert_eq!(hits(r#"{ regex = '\ATitle' }"#, text), ["Title"]);
    }

    #[test]
    fn all_within_sentence_needs_every_part_in_one_sentence() {
        let m = r#"{ all = ["keep", { regex = '\d+ days' }] }"#;
        assert_eq!(
            hits(m, "We keep logs for 30 days. Fine."),
            vec!["keep logs for 30 days"]
        );
        assert!(hits(m, "We keep logs.\n\nThey expire after 30 days.").is_empty());
    }

    #[test]
    fn not_inside_all_excludes_units() {
        let m = r#"{ all = ["retain", { not = "the right" }] }"#;
        assert!(hits(m, "We retain the right to change this.").is_empty());
        assert_eq!(hits(m, "We retain logs for a year."), vec!["retain"]);
    }

    #[test]
    fn near_counts_words_between() {
        let m = r#"{ near = ["delete", "account"], words = 3 }"#;
        assert_eq!(
            hits(m, "We delete your closed account data."),
            vec!["delete your closed account"]
        );
        assert!(hits(m, "We delete the data of your long closed account.").is_empty());
    }

    #[test]
    fn unless_vetoes_the_sentence_and_part_of_only_the_overlap() {
        let m = r#"{ phrases = ["child"], unless = "sound growth" }"#;
        assert!(hits(m, "For the sound growth of children, we share data.").is_empty());
        assert_eq!(
            hits(
                m,
                "Sound growth matters. Children under 13 may not register."
            ),
            vec!["Children"]
        );
        let m = r#"{ phrases = ["child"], unless-part-of = "child company" }"#;
        assert_eq!(
            hits(m, "Our child company does not serve children."),
            vec!["children"]
        );
    }

    #[test]
    fn all_within_section_means_the_innermost_section() {
        let m = r#"{ all = ["keep", { regex = '\d+ days' }], within = "section" }"#;
        let text =
            "Policy\n\nStorage\n\nWe keep logs.\n\nWe mean it.\n\nRights\n\nAsk within 30 days.";
        assert!(hits(m, text).is_empty());
        let text = "Policy\n\nStorage\n\nWe keep logs.\n\nThey go after 30 days.";
        assert_eq!(hits(m, text), vec!["keep logs.\nThey go after 30 days"]);
    }

    #[test]
    fn in_heading_keeps_matches_in_headings_or_outside_them() {
        let text = "Our partners\n\nWe share data with a partner.";
        let inside = hits(r#"{ phrases = ["partner"], in-heading = true }"#, text);
        assert_eq!(inside, vec!["partners"]);
        let outside = hits(r#"{ phrases = ["partner"], in-heading = false }"#, text);
        assert_eq!(outside, vec!["partner"]);
        assert_eq!(hits(r#"{ phrases = ["partner"] }"#, text).len(), 2);
    }

    #[test]
    fn regexes_do_not_match_across_blocks() {
        assert!(hits(r#"{ regex = '\d+\s*days' }"#, "We keep it 30\n\ndays.").is_empty());
        assert_eq!(
            hits(r#"{ regex = '\d+\s*days' }"#, "We keep it 30\ndays."),
            vec!["30 days"]
        );
    }

    #[test]
    fn in_section_keeps_matches_under_a_matching_heading() {
        let m = r#"{ phrases = "delete", in-section = "retention" }"#;
        let text = "Privacy Policy\n\nData retention\n\nWe delete logs.\n\nYour rights\n\nYou may ask us to delete data.";
        assert_eq!(hits(m, text), vec!["delete"]);
    }
}
