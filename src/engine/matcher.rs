//! The one-pass multi-pattern matcher: every phrase of every term is compiled
//! into one Aho-Corasick automaton (ASCII case-insensitive, overlapping, so
//! "data" and "data retention" are both found), plus the terms' regexes in
//! ASCII mode. Word boundaries are checked on each match afterwards, which is
//! much faster than `\b` in a Unicode regex.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rayon::prelude::*;
use regex_automata::meta::{self, Regex};
use regex_syntax::hir::Hir;

use crate::rules::{Term, TermId, TermRegex};

/// A match of a term: a byte range of the content text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// All matches in one text, by term, each list sorted by position.
#[derive(Debug, Default)]
pub struct Matches {
    pub by_term: Vec<Vec<Span>>,
}

impl Matches {
    /// The matches that lie inside one of `ranges` (sorted, disjoint).
    pub fn within(&self, ranges: &[std::ops::Range<usize>]) -> Matches {
        let inside = |span: &Span| {
            let i = ranges.partition_point(|r| r.end <= span.start as usize);
            ranges
                .get(i)
                .is_some_and(|r| r.start <= span.start as usize && span.end as usize <= r.end)
        };
        Matches {
            by_term: (self.by_term.iter())
                .map(|spans| spans.iter().copied().filter(inside).collect())
                .collect(),
        }
    }
}

#[derive(Debug)]
pub struct Matcher {
    phrases: PhraseMatcher,
    regexes: Vec<(Regex, TermId)>,
    term_count: usize,
}

/// Every phrase of every term in one automaton.
#[derive(Debug)]
pub struct PhraseMatcher {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the terms it belongs to.
    pattern_terms: Vec<Vec<TermId>>,
    /// For each automaton pattern, whether its first and last characters
    /// need a word boundary.
    pattern_edges: Vec<(bool, bool)>,
}

/// A regex that does not parse or compile, and why.
#[derive(Debug)]
pub struct BadRegex {
    pub regex: TermRegex,
    pub detail: String,
}

/// Parses a rule regex as the matcher reads it: ASCII mode (`\b`, `\w`,
/// `\d` are ASCII, which is fast on any text) and case-insensitive unless
/// the pattern says `(?-i)`.
fn parse_regex(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())
}

/// Parses every regex of a term, or says which do not parse.
fn parse_term_regexes(term: &Term) -> Result<Vec<Hir>, Vec<BadRegex>> {
    let mut hirs = Vec::with_capacity(term.regexes.len());
    let mut bad = Vec::new();
    for regex in &term.regexes {
        match parse_regex(&regex.pattern) {
            Ok(hir) => hirs.push(hir),
            Err(detail) => bad.push(BadRegex {
                regex: regex.clone(),
                detail,
            }),
        }
    }
    if bad.is_empty() { Ok(hirs) } else { Err(bad) }
}

/// Compiles one term's regexes into one alternation: one pass per term.
pub fn compile_term_regexes(term: &Term, workload: Workload) -> Result<Regex, Vec<BadRegex>> {
    let alternation = Hir::alternation(parse_term_regexes(term)?);
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(1 << 22))
                // Extracting literals for a prefilter costs more than half
                // of the build and pays off only over many files.
                .auto_prefilter(workload == Workload::Many),
        )
        .build_from_hir(&alternation)
        .map_err(|e| {
            // Parsed but too large: the whole alternation is at fault. The
            // error only says "error building NFA"; its source says why.
            let why = std::error::Error::source(&e).map_or(String::new(), |s| format!(": {s}"));
            vec![BadRegex {
                regex: term.regexes[0].clone(),
                detail: format!("{e}{why} (the regexes of `{}` together are too large; use fewer or smaller counted repetitions)", term.name),
            }]
        })
}

/// What to optimise the phrase automaton for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// A few files (a pre-commit hook, an editor): build fast.
    Few,
    /// Many files: scan fast, at a few milliseconds more to build.
    Many,
}

impl Matcher {
    /// A matcher for a few documents; see [`Matcher::with_workload`].
    #[cfg(test)]
    fn new(terms: &[Term]) -> Option<Self> {
        Self::with_workload(terms, Workload::Few)
    }

    /// A matcher of terms whose regexes are known to compile (`None` if
    /// one does not after all).
    pub fn with_workload(terms: &[Term], workload: Workload) -> Option<Self> {
        // Building the automaton and parsing and compiling the regexes take
        // about as long as each other, and most of a one-file run: in
        // parallel.
        let (phrases, regexes) = rayon::join(
            || PhraseMatcher::build(terms, workload),
            || {
                (terms.par_iter().enumerate())
                    .filter(|(_, term)| !term.regexes.is_empty())
                    .map(|(id, term)| Some((compile_term_regexes(term, workload).ok()?, id)))
                    .collect::<Option<Vec<_>>>()
            },
        );
        Some(Self::from_parts(terms, phrases.ok()?, regexes?))
    }

    /// A matcher of phrases and of regexes compiled already, by term.
    pub fn from_parts(
        terms: &[Term],
        phrases: PhraseMatcher,
        regexes: Vec<(Regex, TermId)>,
    ) -> Self {
        Self {
            phrases,
            regexes,
            term_count: terms.len(),
        }
    }

    /// Finds every match of every term in `text`, in one pass for phrases.
    pub fn scan(&self, text: &str) -> Matches {
        self.scan_terms(text, |_| true)
    }

    /// Like [`Matcher::scan`], but runs only the regexes of the terms for
    /// which `wanted` is true (the others find nothing). Phrases are one
    /// pass whatever the terms.
    pub fn scan_terms(&self, text: &str, wanted: impl Fn(TermId) -> bool + Sync) -> Matches {
        // On a first document most of the time goes into the regexes'
        // lazy DFAs building their states: the regexes run in parallel,
        // beside the phrase pass.
        let (mut by_term, regex_spans) = rayon::join(
            || self.phrases.scan(text, self.term_count),
            || {
                self.regexes
                    .par_iter()
                    .filter(|(_, term)| wanted(*term))
                    .map(|(re, term)| (*term, regex_spans(re, text)))
                    .collect::<Vec<_>>()
            },
        );
        for (term, spans) in regex_spans {
            by_term[term].extend(spans);
        }
        for spans in &mut by_term {
            spans.sort_unstable();
            spans.dedup();
        }
        Matches { by_term }
    }
}

impl PhraseMatcher {
    pub fn build(terms: &[Term], workload: Workload) -> Result<Self, String> {
        // Phrases are matched against ASCII-lowercased text (same offsets):
        // an automaton of lowercase patterns is half the size of one that
        // folds case itself, and builds and scans faster.
        let lowered: Vec<Vec<String>> = terms
            .iter()
            .map(|t| t.phrases.iter().map(|p| p.to_ascii_lowercase()).collect())
            .collect();
        let mut patterns: Vec<&str> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut pattern_terms: Vec<Vec<TermId>> = Vec::new();
        for (term_id, phrases) in lowered.iter().enumerate() {
            for phrase in phrases {
                let idx = *index.entry(phrase.as_str()).or_insert_with(|| {
                    patterns.push(phrase.as_str());
                    pattern_terms.push(Vec::new());
                    patterns.len() - 1
                });
                if !pattern_terms[idx].contains(&term_id) {
                    pattern_terms[idx].push(term_id);
                }
            }
        }
        let pattern_edges = patterns
            .iter()
            .map(|p| {
                let first = p.chars().next().is_some_and(needs_boundary);
                let last = p.chars().next_back().is_some_and(needs_boundary);
                (first, last)
            })
            .collect();
        let automaton = build_automaton(&patterns, workload)?;
        Ok(Self {
            automaton,
            pattern_terms,
            pattern_edges,
        })
    }

    /// The phrase matches of every term, in one pass.
    fn scan(&self, text: &str, term_count: usize) -> Vec<Vec<Span>> {
        let mut by_term = vec![Vec::new(); term_count];
        let Some(ac) = &self.automaton else {
            return by_term;
        };
        let lower = text.to_ascii_lowercase();
        for m in ac.find_overlapping_iter(&lower) {
            let pid = m.pattern().as_usize();
            let (need_start, need_end) = self.pattern_edges[pid];
            if (need_start && !boundary_before(text, m.start()))
                || (need_end && !boundary_after(text, m.end()))
            {
                continue;
            }
            let span = Span {
                start: m.start() as u32,
                end: m.end() as u32,
            };
            for &term in &self.pattern_terms[pid] {
                by_term[term].push(span);
            }
        }
        by_term
    }
}

/// The matches of one term's regex.
fn regex_spans(re: &Regex, text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for m in re.find_iter(text.as_bytes()) {
        // ASCII-mode regexes may split a multi-byte character.
        let (start, end) = (floor_char(text, m.start()), ceil_char(text, m.end()));
        // Blocks are joined by `\n` (whitespace inside a block is a space):
        // a match across it would join two paragraphs.
        if end > start && !text.as_bytes()[m.range()].contains(&b'\n') {
            spans.push(Span {
                start: start as u32,
                end: end as u32,
            });
        }
    }
    spans
}

fn build_automaton(patterns: &[&str], workload: Workload) -> Result<Option<AhoCorasick>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    // A DFA scans fastest but takes ~15 ms to build for the built-in rules:
    // worth it only over many files. With thousands of phrases a prefilter
    // finds candidates everywhere and only slows the scan down.
    let kind = match workload {
        // Builds in a fraction of the time; a slower scan does not matter
        // over a few small files.
        Workload::Few => AhoCorasickKind::NoncontiguousNFA,
        Workload::Many => AhoCorasickKind::DFA,
    };
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .prefilter(false)
        .build(patterns)
        .map(Some)
        .map_err(|e| format!("cannot build the phrase matcher: {e}"))
}

/// Whether a phrase edge character must sit at a word boundary. Scripts
/// written without spaces (CJK) have no word boundaries to check.
fn needs_boundary(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced_script(c)
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// A character that continues a word. CJK characters do not: "Cookie"
/// stands alone in "Cookieの削除", where no space is written.
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !is_unspaced_script(c)) || c == '_'
}

fn boundary_before(text: &str, at: usize) -> bool {
    !text
        .get(..at)
        .and_then(|s| s.chars().next_back())
        .is_some_and(is_word_char)
}

fn boundary_after(text: &str, at: usize) -> bool {
    !text
        .get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(is_word_char)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(phrases: &[&str], regexes: &[&str]) -> Term {
        Term {
            name: "t".into(),
            phrases: phrases.iter().map(|s| (*s).to_owned()).collect(),
            written: Vec::new(),
            regexes: regexes
                .iter()
                .map(|s| crate::rules::TermRegex {
                    pattern: (*s).to_owned(),
                    source: 0,
                    span: 0..0,
                })
                .collect(),
        }
    }

    fn found(m: &Matches, text: &str, term: usize) -> Vec<String> {
        m.by_term[term]
            .iter()
            .map(|s| text[s.start as usize..s.end as usize].to_owned())
            .collect()
    }

    #[test]
    fn case_insensitive_overlapping_at_word_boundaries() {
        let matcher =
            Matcher::new(&[term(&["data"], &[]), term(&["data retention"], &[])]).unwrap();
        let text = "Our Data Retention rules; metadata is not data-driven.";
        let m = matcher.scan(text);
        assert_eq!(found(&m, text, 0), vec!["Data", "data"]);
        assert_eq!(found(&m, text, 1), vec!["Data Retention"]);
    }

    #[test]
    fn boundaries_are_unicode_aware_but_cjk_has_none() {
        let matcher = Matcher::new(&[term(&["age"], &[]), term(&["未成年"], &[])]).unwrap();
        let text = "âge, page, agé, age; 未成年者の, ageの";
        let m = matcher.scan(text);
        // A Japanese character next to a Latin word is a boundary: no space
        // is written between them.
        assert_eq!(found(&m, text, 0), vec!["age", "age"]);
        assert_eq!(found(&m, text, 1), vec!["未成年"]);
    }

    #[test]
    fn regexes_run_in_ascii_mode_and_snap_to_characters() {
        let matcher = Matcher::new(&[term(&[], &[r"\b\d+ days\b"])]).unwrap();
        let text = "Wir löschen nach 30 DAYS — und 7 days.";
        let m = matcher.scan(text);
        assert_eq!(found(&m, text, 0), vec!["30 DAYS", "7 days"]);
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        let matcher = Matcher::new(&[]).unwrap();
        assert!(matcher.scan("anything").by_term.is_empty());
    }
}
