//! The one-pass multi-pattern matcher: every phrase of every term is compiled
//! into one Aho-Corasick automaton (ASCII case-insensitive, overlapping, so
//! "data" and "data retention" are both found), plus the terms' regexes in
//! ASCII mode. Word boundaries are checked on each match afterwards, which is
//! much faster than `\b` in a Unicode regex.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::bytes::{Regex, RegexBuilder};

use crate::rules::{Term, TermId};

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

#[derive(Debug)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the terms it belongs to.
    pattern_terms: Vec<Vec<TermId>>,
    /// For each automaton pattern, whether its first and last characters
    /// need a word boundary.
    pattern_edges: Vec<(bool, bool)>,
    regexes: Vec<(Regex, TermId)>,
    term_count: usize,
}

/// Checks that a rule regex parses, as [`compile_regex`] will read it,
/// without the cost of compiling it (that happens once, in the matcher).
pub fn check_regex(pattern: &str) -> Result<(), String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Compiles a rule regex: ASCII mode (`\b`, `\w`, `\d` are ASCII; fast on
/// any text) and case-insensitive unless the pattern says `(?-i)`.
pub fn compile_regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
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
    pub fn new(terms: &[Term]) -> Result<Self, String> {
        Self::with_workload(terms, Workload::Few)
    }

    pub fn with_workload(terms: &[Term], workload: Workload) -> Result<Self, String> {
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
        let mut regexes = Vec::new();
        for (term_id, term) in terms.iter().enumerate() {
            for phrase in &lowered[term_id] {
                let idx = *index.entry(phrase.as_str()).or_insert_with(|| {
                    patterns.push(phrase.as_str());
                    pattern_terms.push(Vec::new());
                    patterns.len() - 1
                });
                if !pattern_terms[idx].contains(&term_id) {
                    pattern_terms[idx].push(term_id);
                }
            }
            // One pass per term: its regexes joined into one alternation.
            if !term.regexes.is_empty() {
                let joined: Vec<String> = term.regexes.iter().map(|r| format!("(?:{r})")).collect();
                let joined = joined.join("|");
                let re = compile_regex(&joined)
                    .map_err(|e| format!("invalid regex in {}: {e}", term.name))?;
                regexes.push((re, term_id));
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
        let automaton = if patterns.is_empty() {
            None
        } else {
            // A DFA scans fastest but takes ~15 ms to build for the built-in
            // rules: worth it only over many files. With thousands of
            // phrases a prefilter finds candidates everywhere and only slows
            // the scan down.
            let kind = match workload {
                // Builds in a fraction of the time; a slower scan does not
                // matter over a few small files.
                Workload::Few => AhoCorasickKind::NoncontiguousNFA,
                Workload::Many => AhoCorasickKind::DFA,
            };
            let built = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(kind))
                .prefilter(false)
                .build(&patterns)
                .map_err(|e| format!("cannot build the phrase matcher: {e}"))?;
            Some(built)
        };
        Ok(Self {
            automaton,
            pattern_terms,
            pattern_edges,
            regexes,
            term_count: terms.len(),
        })
    }

    /// Number of phrase patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.pattern_terms.len()
    }

    /// Finds every match of every term in `text`, in one pass for phrases.
    pub fn scan(&self, text: &str) -> Matches {
        let mut by_term = vec![Vec::new(); self.term_count];
        if let Some(ac) = &self.automaton {
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
        }
        for (re, term) in &self.regexes {
            for m in re.find_iter(text.as_bytes()) {
                // ASCII-mode regexes may split a multi-byte character.
                let (start, end) = (floor_char(text, m.start()), ceil_char(text, m.end()));
                // Blocks are joined by `\n` (whitespace inside a block is a
                // space): a match across it would join two paragraphs.
                if end > start && !m.as_bytes().contains(&b'\n') {
                    by_term[*term].push(Span {
                        start: start as u32,
                        end: end as u32,
                    });
                }
            }
        }
        for spans in &mut by_term {
            spans.sort_unstable();
            spans.dedup();
        }
        Matches { by_term }
    }
}

/// Whether a phrase edge character must sit at a word boundary. Scripts
/// written without spaces (CJK) have no word boundaries to check.
fn needs_boundary(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced_script(c)
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
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
            regexes: regexes.iter().map(|s| (*s).to_owned()).collect(),
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
        let text = "âge, page, agé, age; 未成年者の";
        let m = matcher.scan(text);
        assert_eq!(found(&m, text, 0), vec!["age"]);
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
