//! The one-pass multi-pattern matcher: every phrase of every term is compiled
//! into one Aho-Corasick automaton (ASCII case-insensitive, overlapping, so
//! "data" and "data retention" are both found), plus the terms' regexes in
//! ASCII mode. Word boundaries are checked on each match afterwards, which is
//! much faster than `\b` in a Unicode regex.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rayon::prelude::*;
use regex_automata::meta::{self, Regex};
use regex_automata::util::prefilter::Prefilter;
use regex_syntax::hir::{Class, Hir, HirKind, literal::Extractor};

use super::prefix_index::PrefixIndex;
use super::threads::{Job, run_all};
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

/// Every phrase of every term in one automaton, and the gates of the terms'
/// regexes.
///
/// A gate is a set of literals of which every match of a term's regexes
/// contains one (see [`required_literals`]): where none occurs, the regexes
/// cannot match and are not run. Most documents have no Discord handle or
/// ad-industry site, and a lazy-DFA pass over a document costs about as
/// much as the whole phrase pass, into which the gates' literals come at
/// no extra cost.
#[derive(Debug)]
pub struct PhraseMatcher {
    search: Option<PhraseSearch>,
    /// For each automaton pattern, the terms it belongs to.
    pattern_terms: Vec<Vec<TermId>>,
    /// For each automaton pattern, the terms whose gate it opens (at any
    /// position: gate literals need no word boundary).
    pattern_gates: Vec<Vec<TermId>>,
    /// For each term, whether its regexes have a gate.
    gated: Vec<bool>,
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
                .auto_prefilter(workload == Workload::Many && prefilter_pays(&alternation)),
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

/// The gate of each term of `wanted` (see [`PhraseMatcher`]), for many
/// documents only: working the literals out takes about as long as
/// compiling the regexes. Only literals of four bytes or more make a gate:
/// shorter ones ("and", ".") occur in every document and would only add
/// matches to the pass.
fn gates(terms: &[Term], wanted: &[TermId], workload: Workload) -> Vec<Option<Vec<String>>> {
    const MIN_GATE_LITERAL: usize = 4;
    let mut gates = vec![None; terms.len()];
    if workload == Workload::Few {
        return gates;
    }
    let gate = |term: &Term| {
        let hirs = parse_term_regexes(term).ok().filter(|h| !h.is_empty())?;
        let set = required_literals(&Hir::alternation(hirs))?;
        if set.iter().any(|l| l.len() < MIN_GATE_LITERAL) {
            return None;
        }
        // A literal cut inside a character would be no phrase: no gate.
        set.into_iter().map(|l| String::from_utf8(l).ok()).collect()
    };
    let with_regexes: Vec<TermId> = (wanted.iter().copied())
        .filter(|&t| !terms[t].regexes.is_empty())
        .collect();
    let jobs = (with_regexes.iter())
        .map(|&t| Box::new(move || gate(&terms[t])) as Job<'_, _>)
        .collect();
    for (&t, set) in with_regexes.iter().zip(run_all(jobs)) {
        gates[t] = set;
    }
    gates
}

/// Whether a prefix prefilter speeds up the search of `hir`. One that
/// regex-automata itself does not call fast, over many prefixes (common
/// words such as "store", "keep", "log"), stops at nearly every line and
/// restarts the lazy DFA there: measured, a search with it took 3-4 times
/// as long as a plain lazy-DFA pass. A few prefixes, or a fast prefilter,
/// skip most of the text.
fn prefilter_pays(hir: &Hir) -> bool {
    const MANY_PREFIXES: usize = 64;
    let Some(pre) = Prefilter::from_hir_prefix(regex_automata::MatchKind::LeftmostFirst, hir)
    else {
        return true;
    };
    pre.is_fast()
        || Extractor::new()
            .extract(hir)
            .len()
            .is_none_or(|n| n <= MANY_PREFIXES)
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
    /// A matcher of every term, for a few documents.
    #[cfg(test)]
    fn new(terms: &[Term]) -> Self {
        Self::with_workload(terms, Workload::Few)
    }

    /// A matcher of every term.
    #[cfg(test)]
    pub fn with_workload(terms: &[Term], workload: Workload) -> Self {
        Self::build(terms, workload, &|_| true, &[])
    }

    /// The matcher of the terms `include` accepts (the others find
    /// nothing), for `workload`. `prebuilt` holds regexes compiled already,
    /// by term, used for a few documents (over many, regexes are compiled
    /// again with their prefilters).
    ///
    /// Building cannot fail: every regex compiled once when the rules were
    /// loaded (or, built in, by the tests), and the phrases were checked to
    /// fit the automaton ([`PhraseMatcher::check_capacity`]).
    pub fn build(
        terms: &[Term],
        workload: Workload,
        include: &(dyn Fn(TermId) -> bool + Sync),
        prebuilt: &[Option<Regex>],
    ) -> Self {
        enum Built {
            Phrases(PhraseMatcher),
            Regex(TermId, Option<Regex>),
        }
        let wanted: Vec<TermId> = (0..terms.len()).filter(|&t| include(t)).collect();
        let gates = gates(terms, &wanted, workload);
        // Building the automaton and compiling the regexes take about as
        // long as each other, and most of a one-file run: in parallel, the
        // automaton (the longest job) first.
        let phrases =
            || Built::Phrases(PhraseMatcher::with_gates(terms, &wanted, &gates, workload));
        let mut jobs: Vec<Job<'_, Built>> = vec![Box::new(phrases)];
        // For a few files, the regexes compiled at load are taken as they
        // are; the others are jobs.
        let mut regexes = Vec::new();
        for &term in wanted.iter().filter(|&&t| !terms[t].regexes.is_empty()) {
            match prebuilt.get(term).cloned().flatten() {
                Some(regex) if workload == Workload::Few => regexes.push((regex, term)),
                _ => jobs.push(Box::new(move || {
                    Built::Regex(term, compile_term_regexes(&terms[term], workload).ok())
                })),
            }
        }
        let mut phrases = None;
        for built in run_all(jobs) {
            match built {
                Built::Phrases(p) => phrases = Some(p),
                Built::Regex(term, regex) => regexes.extend(regex.map(|r| (r, term))),
            }
        }
        Self {
            phrases: phrases.unwrap_or_else(|| PhraseMatcher::empty(terms.len())),
            regexes,
            term_count: terms.len(),
        }
    }

    /// Finds every match of every term in `text`, in one pass for phrases.
    pub fn scan(&self, text: &str) -> Matches {
        let regex_pass = |open: Option<&[bool]>| {
            // On a first document most of the time goes into the regexes'
            // lazy DFAs building their states: the regexes run in parallel.
            (self.regexes.par_iter())
                .filter(|(_, term)| open.is_none_or(|o| !self.phrases.gated[*term] || o[*term]))
                .map(|(re, term)| (*term, regex_spans(re, text)))
                .collect::<Vec<_>>()
        };
        let (mut by_term, regex_spans) = if self.phrases.gated.contains(&true) {
            // The phrase pass first: it says which gated regexes can match.
            // (Gates are built for many documents, linted in parallel, so
            // the regexes running after it cost no throughput.)
            let (by_term, open) = self.phrases.scan(text, self.term_count);
            let spans = regex_pass(Some(&open));
            (by_term, spans)
        } else {
            // One document (a hook, an editor): both passes at once.
            let (phrases, spans) = rayon::join(
                || self.phrases.scan(text, self.term_count),
                || regex_pass(None),
            );
            (phrases.0, spans)
        };
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
    /// More phrase bytes than this could overflow the automaton's state
    /// ids (one state per byte at most).
    const CAPACITY: usize = 1 << 30;

    /// Whether the phrases of `terms` fit one automaton: checked when the
    /// rules are loaded, so that building a matcher later cannot fail.
    pub fn check_capacity(terms: &[Term]) -> Result<(), String> {
        let bytes: usize = (terms.iter().flat_map(|t| &t.phrases))
            .map(String::len)
            .sum();
        if bytes < Self::CAPACITY {
            Ok(())
        } else {
            Err(format!(
                "cannot build the phrase matcher: the phrases take {bytes} bytes, over the limit of {}",
                Self::CAPACITY
            ))
        }
    }

    fn empty(term_count: usize) -> Self {
        Self {
            search: None,
            pattern_terms: Vec::new(),
            pattern_gates: Vec::new(),
            gated: vec![false; term_count],
            pattern_edges: Vec::new(),
        }
    }

    /// The automaton of every phrase of the `wanted` terms and of the
    /// literals of `gates` (by term).
    fn with_gates(
        terms: &[Term],
        wanted: &[TermId],
        gates: &[Option<Vec<String>>],
        workload: Workload,
    ) -> Self {
        // Phrases are matched against ASCII-lowercased text (same offsets):
        // an automaton of lowercase patterns is half the size of one that
        // folds case itself, and builds and scans faster.
        let lowered: Vec<(TermId, Vec<String>)> = (wanted.iter())
            .map(|&t| {
                (
                    t,
                    terms[t]
                        .phrases
                        .iter()
                        .map(|p| p.to_ascii_lowercase())
                        .collect(),
                )
            })
            .collect();
        let mut patterns: Vec<&str> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut pattern_terms: Vec<Vec<TermId>> = Vec::new();
        let mut pattern_gates: Vec<Vec<TermId>> = Vec::new();
        let phrases = (lowered.iter())
            .flat_map(|(term, phrases)| phrases.iter().map(move |p| (p.as_str(), *term, false)));
        let gate_literals = (gates.iter().enumerate())
            .flat_map(|(term, set)| set.iter().flatten().map(move |l| (l.as_str(), term, true)));
        for (pattern, term_id, gate) in phrases.chain(gate_literals) {
            let idx = *index.entry(pattern).or_insert_with(|| {
                patterns.push(pattern);
                pattern_terms.push(Vec::new());
                pattern_gates.push(Vec::new());
                patterns.len() - 1
            });
            let list = if gate {
                &mut pattern_gates[idx]
            } else {
                &mut pattern_terms[idx]
            };
            if !list.contains(&term_id) {
                list.push(term_id);
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
        Self {
            search: build_search(&patterns, workload),
            pattern_terms,
            pattern_gates,
            gated: gates.iter().map(Option::is_some).collect(),
            pattern_edges,
        }
    }

    /// The phrase matches of every term, and for each term whether a
    /// literal of its gate occurs, in one pass.
    fn scan(&self, text: &str, term_count: usize) -> (Vec<Vec<Span>>, Vec<bool>) {
        let mut by_term = vec![Vec::new(); term_count];
        let mut open = vec![false; term_count];
        let Some(search) = &self.search else {
            return (by_term, open);
        };
        let lower = text.to_ascii_lowercase();
        let mut found = |pid: usize, start: usize, end: usize| {
            // Before the boundary check: a gate literal counts anywhere.
            for &term in &self.pattern_gates[pid] {
                open[term] = true;
            }
            let (need_start, need_end) = self.pattern_edges[pid];
            if (need_start && !boundary_before(text, start))
                || (need_end && !boundary_after(text, end))
            {
                return;
            }
            let span = Span {
                start: start as u32,
                end: end as u32,
            };
            for &term in &self.pattern_terms[pid] {
                by_term[term].push(span);
            }
        };
        match search {
            PhraseSearch::Automaton(ac) => {
                for m in ac.find_overlapping_iter(&lower) {
                    found(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            PhraseSearch::Index(index) => index.find_all(lower.as_bytes(), found),
        }
        (by_term, open)
    }
}

/// The matches of one term's regex.
fn regex_spans(re: &Regex, text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    // The text ends with the `\n` that closes its last block: without it,
    // `$` and `\z` match at the end of the text, as documented.
    let scanned = text.trim_end_matches('\n');
    for m in re.find_iter(scanned.as_bytes()) {
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

/// At most this many literals in a set: more make a slow gate.
const MAX_LITERALS: usize = 64;
/// A class of more (case-folded) bytes than this is no literal.
const MAX_CLASS_BYTES: usize = 4;

/// A set of ASCII-lowercase byte strings.
type Literals = Vec<Vec<u8>>;

/// What a piece of a regex says about the text it matches.
struct Facts {
    /// Every string it can match (lowercased), when they are few.
    exact: Option<Literals>,
    /// Literals of which every match contains one, when known.
    required: Option<Literals>,
}

/// Literals of which every match of `hir` contains at least one (ASCII
/// lowercase), or `None` when no small set is necessary. Sound by
/// construction: the gate may let through a text the regex does not match,
/// never the reverse, so skipping a text it stops changes no result.
fn required_literals(hir: &Hir) -> Option<Literals> {
    let facts = facts(hir);
    best([facts.required, facts.exact].into_iter().flatten())
}

fn facts(hir: &Hir) -> Facts {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Facts {
            exact: Some(vec![Vec::new()]),
            required: None,
        },
        HirKind::Literal(lit) => {
            let lower = lit.0.to_ascii_lowercase();
            Facts {
                exact: Some(vec![lower.clone()]),
                required: Some(vec![lower]),
            }
        }
        HirKind::Class(class) => {
            let set = class_literals(class);
            Facts {
                exact: set.clone(),
                required: set,
            }
        }
        HirKind::Capture(capture) => facts(&capture.sub),
        HirKind::Repetition(rep) => {
            let sub = facts(&rep.sub);
            let exact = match (rep.min, rep.max) {
                (1, Some(1)) => sub.exact.clone(),
                (0, Some(1)) => sub.exact.clone().and_then(|mut set| {
                    set.push(Vec::new());
                    bounded(set)
                }),
                _ => None,
            };
            let required = if rep.min == 0 {
                None
            } else {
                best([sub.required, sub.exact].into_iter().flatten())
            };
            Facts { exact, required }
        }
        HirKind::Alternation(alts) => {
            let all: Vec<Facts> = alts.iter().map(facts).collect();
            let exact = all
                .iter()
                .map(|f| f.exact.clone())
                .collect::<Option<Vec<_>>>()
                .and_then(|sets| bounded(sets.concat()));
            let required = all
                .into_iter()
                .map(|f| best([f.required, f.exact].into_iter().flatten()))
                .collect::<Option<Vec<_>>>()
                .and_then(|sets| bounded(sets.concat()));
            Facts { exact, required }
        }
        HirKind::Concat(parts) => {
            // Runs of parts whose strings are all known join into longer
            // literals ("google" then "\." is "google."); any run, and any
            // part's own required set, is required of the whole.
            let mut candidates: Vec<Literals> = Vec::new();
            let mut run: Option<Literals> = Some(vec![Vec::new()]);
            let mut whole: Option<Literals> = Some(vec![Vec::new()]);
            for part in parts {
                let f = facts(part);
                whole = whole.zip(f.exact.as_ref()).and_then(|(a, b)| cross(&a, b));
                match &f.exact {
                    Some(exact) => {
                        // Alone too: "discord" is rarer than " on discord",
                        // which starts with a common " o".
                        candidates.push(exact.clone());
                        let joined = run.as_ref().and_then(|r| cross(r, exact));
                        if joined.is_none() {
                            candidates.extend(run.take());
                        }
                        run = joined.or_else(|| Some(exact.clone()));
                    }
                    None => {
                        candidates.extend(run.take());
                        candidates.extend(f.required);
                        run = Some(vec![Vec::new()]);
                    }
                }
            }
            candidates.extend(run);
            Facts {
                exact: whole,
                required: best(candidates.into_iter()),
            }
        }
    }
}

/// The bytes of a small class, lowercased; `None` for a large one.
fn class_literals(class: &Class) -> Option<Literals> {
    let mut set: Literals = Vec::new();
    match class {
        Class::Bytes(bytes) => {
            for range in bytes.iter() {
                if usize::from(range.end() - range.start()) >= MAX_CLASS_BYTES * 2 {
                    return None;
                }
                set.extend((range.start()..=range.end()).map(|b| vec![b.to_ascii_lowercase()]));
            }
        }
        Class::Unicode(chars) => {
            for range in chars.iter() {
                if (range.end() as u32 - range.start() as u32) as usize >= MAX_CLASS_BYTES * 2 {
                    return None;
                }
                for c in range.start()..=range.end() {
                    let mut buf = [0; 4];
                    set.push(c.encode_utf8(&mut buf).as_bytes().to_ascii_lowercase());
                }
            }
        }
    }
    set.sort();
    set.dedup();
    (set.len() <= MAX_CLASS_BYTES).then_some(set)
}

/// Every string of `a` followed by every string of `b`, if not too many.
fn cross(a: &Literals, b: &Literals) -> Option<Literals> {
    if a.len() * b.len() > MAX_LITERALS {
        return None;
    }
    let joined = a
        .iter()
        .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
        .collect();
    bounded(joined)
}

fn bounded(mut set: Literals) -> Option<Literals> {
    set.sort();
    set.dedup();
    (set.len() <= MAX_LITERALS).then_some(set)
}

/// The most selective of several required sets, as a guess: literals of
/// four bytes or more (shorter ones are everywhere), then the fewest (a
/// search for a few literals is fastest). A set holding the empty string
/// requires nothing.
fn best(sets: impl Iterator<Item = Literals>) -> Option<Literals> {
    sets.filter(|set| !set.is_empty() && set.iter().all(|l| !l.is_empty()))
        .max_by_key(|set| {
            let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
            (shortest.min(4), std::cmp::Reverse(set.len()))
        })
}

/// How the phrases are searched for.
#[derive(Debug)]
enum PhraseSearch {
    /// A few documents: a table that builds at once (see `prefix_index`).
    Index(PrefixIndex),
    /// Many documents: a DFA, which scans fastest but takes ~15 ms to
    /// build for the built-in rules.
    Automaton(AhoCorasick),
}

fn build_search(patterns: &[&str], workload: Workload) -> Option<PhraseSearch> {
    if patterns.is_empty() {
        return None;
    }
    if workload == Workload::Few {
        return Some(PhraseSearch::Index(PrefixIndex::new(patterns)));
    }
    // With thousands of phrases a prefilter finds candidates everywhere and
    // only slows the scan down.
    let build = |kind| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .prefilter(false)
            .build(patterns)
    };
    // The patterns fit (see `PhraseMatcher::check_capacity`); a DFA too
    // large for its state ids still has the NFA.
    (build(AhoCorasickKind::DFA).or_else(|_| build(AhoCorasickKind::NoncontiguousNFA)))
        .ok()
        .map(PhraseSearch::Automaton)
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
        let matcher = Matcher::new(&[term(&["data"], &[]), term(&["data retention"], &[])]);
        let text = "Our Data Retention rules; metadata is not data-driven.";
        let m = matcher.scan(text);
        assert_eq!(found(&m, text, 0), vec!["Data", "data"]);
        assert_eq!(found(&m, text, 1), vec!["Data Retention"]);
    }

    #[test]
    fn boundaries_are_unicode_aware_but_cjk_has_none() {
        let matcher = Matcher::new(&[term(&["age"], &[]), term(&["未成年"], &[])]);
        let text = "âge, page, agé, age; 未成年者の, ageの";
        let m = matcher.scan(text);
        // A Japanese character next to a Latin word is a boundary: no space
        // is written between them.
        assert_eq!(found(&m, text, 0), vec!["age", "age"]);
        assert_eq!(found(&m, text, 1), vec!["未成年"]);
    }

    #[test]
    fn regexes_run_in_ascii_mode_and_snap_to_characters() {
        let matcher = Matcher::new(&[term(&[], &[r"\b\d+ days\b"])]);
        let text = "Wir löschen nach 30 DAYS — und 7 days.";
        let m = matcher.scan(text);
        assert_eq!(found(&m, text, 0), vec!["30 DAYS", "7 days"]);
    }

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let set = required_literals(&parse_regex(pattern).unwrap())?;
        Some(
            set.iter()
                .map(|l| String::from_utf8_lossy(l).into_owned())
                .collect(),
        )
    }

    #[test]
    fn required_literals_are_lowercase_and_joined_across_a_concatenation() {
        assert_eq!(
            literals(r"\b(Discord|slack)\b[^.\n]{0,25}@[a-z]{2,}"),
            Some(vec!["discord".into(), "slack".into()])
        );
        assert_eq!(
            literals(r"\b(google|ftc)\.(com|org)"),
            Some(vec![
                "ftc.com".into(),
                "ftc.org".into(),
                "google.com".into(),
                "google.org".into()
            ])
        );
        // Each branch of an alternation needs a literal, and an optional
        // piece is both there and not.
        assert_eq!(
            literals(r"colou?r|(?-i)Shade"),
            Some(vec!["color".into(), "colour".into(), "shade".into()])
        );
        assert_eq!(literals(r"\d+ days|[a-z]+"), None);
        assert_eq!(literals(r"(ab)*"), None);
    }

    #[test]
    fn a_gated_regex_finds_what_it_finds_without_its_gate() {
        let terms = [
            term(
                &["chat"],
                &[r"\b(discord|slack)\b[^.\n]{0,25}@[a-z0-9_.]{2,32}"],
            ),
            term(&[], &[r"\b\d+ days\b"]),
        ];
        let gated = Matcher::with_workload(&terms, Workload::Many);
        let plain = Matcher::with_workload(&terms, Workload::Few);
        assert!(gated.phrases.gated[0] && !plain.phrases.gated[0]);
        for text in [
            "Ping us on DISCORD: @quietfox, or chat with us.",
            "Ping us on Slack (@quietfox) within 30 days.",
            "No handle here, only @quietfox and 30 days.",
        ] {
            assert_eq!(gated.scan(text).by_term, plain.scan(text).by_term, "{text}");
        }
        assert_eq!(
            found(&gated.scan("ask on discord @fox"), "ask on discord @fox", 0),
            ["discord @fox"]
        );
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        let matcher = Matcher::new(&[]);
        assert!(matcher.scan("anything").by_term.is_empty());
    }
}
