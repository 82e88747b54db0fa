//! Language-neutral facts of a document: what a faithful translation keeps
//! as it is. Dates (compared as dates), e-mail addresses, domains, phone
//! numbers, periods (`30日` is 30 days) and, in Japanese text, names written
//! in Latin script (usually vendors: `Google Analytics`, `Stripe`).
//!
//! Facts are read from the document's content text after folding full-width
//! ASCII (`０３`, `＠`) to ASCII, with a map back: every fact keeps its range
//! of the content text, which the document maps to the file.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::dates::{Precision, find_dates};

/// What a fact is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactKind {
    Date,
    Email,
    Domain,
    Phone,
    Period,
    /// A name in Latin script inside Japanese text.
    Name,
}

impl FactKind {
    /// How a message names the kind: "the date 2025-07-17".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Date => "the date",
            Self::Email => "the e-mail address",
            Self::Domain => "the domain",
            Self::Phone => "the phone number",
            Self::Period => "the period",
            Self::Name => "the name",
        }
    }
}

/// One fact, where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub kind: FactKind,
    /// What is compared: `2025-07-17`, `privacy@acme.test`, `30 days`.
    pub key: String,
    /// Range of the content text.
    pub range: Range<usize>,
}

/// The facts of one text, with the folded text kept for looking up names.
#[derive(Debug, Default)]
pub struct Facts {
    pub facts: Vec<Fact>,
    /// The folded text in lower case.
    lower: String,
}

impl Facts {
    /// Whether `fact` (of another version) is stated here too.
    pub fn has(&self, fact: &Fact) -> bool {
        let same = |f: &&Fact| f.kind == fact.kind && f.key == fact.key;
        match fact.kind {
            FactKind::Date | FactKind::Phone | FactKind::Period => {
                self.facts.iter().any(|f| same(&f))
            }
            // An address or a domain written anywhere counts (a link
            // target, a domain inside an e-mail address).
            FactKind::Email | FactKind::Domain => {
                self.facts.iter().any(|f| same(&f)) || self.lower.contains(&fact.key)
            }
            FactKind::Name => has_word_starting(&self.lower, &fact.key),
        }
    }
}

/// Reads the facts of `text`; names in Latin script only when `japanese`.
pub fn extract(text: &str, japanese: bool) -> Facts {
    let folded = Folded::new(text);
    let mut facts = Vec::new();
    let dates = find_dates(&folded.text);
    let taken: Vec<Range<usize>> = dates.iter().map(|d| d.range.clone()).collect();
    for date in dates.iter().filter(|d| d.precision == Precision::Day) {
        facts.push(folded.fact(FactKind::Date, date.date.to_string(), date.range.clone()));
    }
    let emails = emails(&folded.text);
    let links = domains(&folded.text, &emails);
    let phones = phones(&folded.text, &taken);
    let periods = periods(&folded.text, &taken);
    let mut addresses: Vec<Range<usize>> = emails.iter().map(|(_, r)| r.clone()).collect();
    addresses.extend(links.iter().map(|(_, r)| r.clone()));
    for (kind, found) in [
        (FactKind::Email, emails),
        (FactKind::Domain, links),
        (FactKind::Phone, phones),
        (FactKind::Period, periods),
    ] {
        facts.extend(found.into_iter().map(|(key, r)| folded.fact(kind, key, r)));
    }
    if japanese {
        let names = names(&folded.text, &addresses);
        facts.extend(
            names
                .into_iter()
                .map(|(key, r)| folded.fact(FactKind::Name, key, r)),
        );
    }
    let mut seen = std::collections::HashSet::new();
    facts.retain(|f| seen.insert((f.kind, f.key.clone())));
    facts.sort_by_key(|f| f.range.start);
    Facts {
        facts,
        lower: folded.text.to_lowercase(),
    }
}

/// A text with full-width ASCII folded to ASCII, and the offset in the
/// original text of every folded byte.
struct Folded {
    text: String,
    map: Vec<usize>,
    len: usize,
}

impl Folded {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            let folded = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            };
            let before = text.len();
            text.push(folded);
            map.extend((0..text.len() - before).map(|i| if folded == c { at + i } else { at }));
        }
        Self {
            text,
            map,
            len: original.len(),
        }
    }

    /// The original range of a folded range.
    fn range(&self, range: Range<usize>) -> Range<usize> {
        let at = |i: usize| self.map.get(i).copied().unwrap_or(self.len);
        at(range.start)..at(range.end)
    }

    fn fact(&self, kind: FactKind, key: String, range: Range<usize>) -> Fact {
        Fact {
            kind,
            key,
            range: self.range(range),
        }
    }
}

/// The patterns here are constants, compiled by the tests.
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a fact pattern compiles")
}

/// ASCII classes only: a Unicode `\w` would swallow the Japanese text
/// around an address. `info(at)example.com` is an address too.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i-u)[a-z0-9._%+-]+(?:@|\s?[(\[]at[)\]]\s?)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
});

static AT: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i-u)\s?[(\[]at[)\]]\s?"));

fn emails(text: &str) -> Vec<(String, Range<usize>)> {
    (EMAIL.find_iter(text))
        .map(|m| {
            let key = AT
                .replace(&m.as_str().to_ascii_lowercase(), "@")
                .into_owned();
            (key, m.range())
        })
        .collect()
}

/// A URL's host, or a bare domain with a common top-level domain.
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i-u)https?://([a-z0-9.-]+)|\b((?:[a-z0-9-]+\.)+(?:com|org|net|io|jp|dev|app|info|me|ai|edu|gov|uk|de|fr|cn|us|eu))\b",
    )
});

fn domains(text: &str, emails: &[(String, Range<usize>)]) -> Vec<(String, Range<usize>)> {
    let in_email = |r: &Range<usize>| emails.iter().any(|(_, e)| overlaps(e, r));
    (DOMAIN.captures_iter(text))
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let host = caps.get(1).or_else(|| caps.get(2))?.as_str();
            let host = host.trim_end_matches('.').to_ascii_lowercase();
            let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
            (host.contains('.') && !in_email(&whole.range())).then(|| (host, whole.range()))
        })
        .collect()
}

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u)(?:\+[0-9]{1,3}[ .-]?)?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{1,4}(?:[ .-][0-9]{1,5}){1,4}",
    )
});

/// Numbers of 10 to 13 digits written with separators; `+81 3` is `03`.
fn phones(text: &str, dates: &[Range<usize>]) -> Vec<(String, Range<usize>)> {
    (PHONE.find_iter(text))
        .filter(|m| !dates.iter().any(|d| overlaps(d, &m.range())))
        .filter(|m| !preceded_by_digit_or_letter(text, m.start()))
        .filter_map(|m| {
            let written = m.as_str();
            let digits: String = written.chars().filter(char::is_ascii_digit).collect();
            let key = match digits.strip_prefix("81") {
                Some(rest) if written.starts_with('+') => format!("0{rest}"),
                _ => digits,
            };
            let separators = written.matches([' ', '.', '-', '(']).count();
            let shaped = key.starts_with('0') || written.starts_with('+') || separators >= 2;
            ((10..=13).contains(&key.len()) && shaped).then_some((key, m.range()))
        })
        .collect()
}

static PERIOD_EN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b([0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|thirty|sixty|ninety)[ -]+(day|week|month|year)s?\b",
    )
});

static PERIOD_JA: LazyLock<Regex> =
    LazyLock::new(|| regex(r"([0-9]+)\s*(日間|日|週間|か月|ヶ月|ケ月|カ月|ヵ月|箇月|年間|年)"));

/// Periods, in days or months: `30 days`, `30日`, `1 year` = `12 months`.
/// Ages (`13 years old`, `under 16 years`) and the parts of dates are not
/// periods.
fn periods(text: &str, dates: &[Range<usize>]) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    for caps in PERIOD_EN
        .captures_iter(text)
        .chain(PERIOD_JA.captures_iter(text))
    {
        let (Some(whole), Some(n), Some(unit)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        let range = whole.range();
        if dates.iter().any(|d| overlaps(d, &range)) || is_age(text, &range) {
            continue;
        }
        let Some(count) = number(n.as_str()) else {
            continue;
        };
        let after = &text[range.end..];
        let key = match unit.as_str().to_ascii_lowercase().as_str() {
            "day" | "日" | "日間" if !text[..n.start()].ends_with('月') => {
                format!("{count} days")
            }
            "week" | "週間" => format!("{} days", count * 7),
            "year" | "年間" => format!("{} months", count * 12),
            // `2025年` is a year, `3年4月` a date: `年` alone is a period
            // only for small numbers not followed by a month.
            "年" if count < 100 && !after.starts_with(['月', '度', '生']) => {
                format!("{} months", count * 12)
            }
            "day" | "日" | "日間" | "年" => continue,
            _ => format!("{count} months"),
        };
        out.push((key, range));
    }
    out.sort_by_key(|(_, r)| r.start);
    out
}

/// `13 years old`, `16 years of age`, `under 18 years`: an age.
fn is_age(text: &str, range: &Range<usize>) -> bool {
    let after = text[range.end..].trim_start().to_ascii_lowercase();
    let before = text[..range.start].trim_end().to_ascii_lowercase();
    after.starts_with("old")
        || after.starts_with("of age")
        || after.starts_with('歳')
        || ["under", "over", "aged", "than", "age of"]
            .iter()
            .any(|w| before.ends_with(w))
}

fn number(word: &str) -> Option<u32> {
    const WORDS: [(&str, u32); 17] = [
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("eighteen", 18),
        ("twenty-four", 24),
        ("thirty", 30),
        ("sixty", 60),
        ("ninety", 90),
    ];
    let word = word.to_ascii_lowercase();
    word.parse()
        .ok()
        .or_else(|| (WORDS.iter()).find(|(w, _)| *w == word).map(|(_, n)| *n))
}

/// A run of Latin words: `Google Analytics`, `Stripe`, `Amazon Associates`.
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?-u)[A-Za-z][A-Za-z0-9&'+-]*(?:\.[A-Za-z0-9]+)*(?: [A-Za-z][A-Za-z0-9&'+-]*)*")
});

/// Latin names in Japanese text, keyed by their first word in lower case:
/// a version that writes `Google` anywhere has not dropped `Google
/// Analytics` (a misspelt `Google Analysis` is no drift either).
fn names(text: &str, addresses: &[Range<usize>]) -> Vec<(String, Range<usize>)> {
    (NAME.find_iter(text))
        .filter(|m| !addresses.iter().any(|a| overlaps(a, &m.range())))
        .filter(|m| !preceded_by_digit_or_letter(text, m.start()))
        .filter_map(|m| {
            let first = m.as_str().split([' ', '.']).next()?.to_ascii_lowercase();
            (first.len() >= 2).then(|| (first, m.range()))
        })
        .collect()
}

/// Whether `lower` has a word starting with `key` (`cookie` in `cookies`).
fn has_word_starting(lower: &str, key: &str) -> bool {
    (lower.match_indices(key)).any(|(at, _)| !preceded_by_digit_or_letter(lower, at))
}

fn preceded_by_digit_or_letter(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '@' || c == '/')
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, japanese: bool) -> Vec<(FactKind, String)> {
        (extract(text, japanese).facts.into_iter())
            .map(|f| (f.kind, f.key))
            .collect()
    }

    #[test]
    fn japanese_and_english_dates_are_the_same_date() {
        for text in [
            "最終更新日：2025年7月17日",
            "令和7年7月17日 改定",
            "Last updated: July 17, 2025",
            "Effective 2025-07-17.",
            "改定日 ２０２５年７月１７日",
        ] {
            assert_eq!(
                keys(text, true)
                    .into_iter()
                    .find(|(k, _)| *k == FactKind::Date),
                Some((FactKind::Date, "2025-07-17".to_owned())),
                "{text}"
            );
        }
    }

    #[test]
    fn periods_are_compared_in_days_or_months() {
        let period = |text: &str| {
            (keys(text, true).into_iter())
                .filter(|(k, _)| *k == FactKind::Period)
                .map(|(_, key)| key)
                .collect::<Vec<_>>()
        };
        assert_eq!(period("退会後30日以内に削除します。"), ["30 days"]);
        assert_eq!(period("We delete it within 30 days."), ["30 days"]);
        assert_eq!(period("ログは1年間保存します。"), ["12 months"]);
        assert_eq!(period("Logs are kept for one year."), ["12 months"]);
        assert_eq!(period("Logs are kept for 12 months."), ["12 months"]);
        // Ages and the parts of dates are not periods.
        assert!(period("Children under 13 years of age.").is_empty());
        assert!(period("2025年7月17日").is_empty());
        assert!(period("13歳未満の方").is_empty());
    }

    #[test]
    fn addresses_phones_and_names_are_read_in_japanese_text() {
        let found = keys(
            "お問い合わせ：privacy@acme.example（受付）、０３－１２３４－５６７８。Stripe と Google Analytics を利用します。詳細は https://www.acme.example/ja/privacy へ。",
            true,
        );
        let has = |kind, key: &str| found.contains(&(kind, key.to_owned()));
        assert!(has(FactKind::Email, "privacy@acme.example"), "{found:?}");
        assert!(has(FactKind::Phone, "0312345678"), "{found:?}");
        assert!(has(FactKind::Name, "stripe"), "{found:?}");
        assert!(has(FactKind::Name, "google"), "{found:?}");
        assert!(has(FactKind::Domain, "acme.example"), "{found:?}");
        let international = keys("Call +81-3-1234-5678.", false);
        assert!(international.contains(&(FactKind::Phone, "0312345678".to_owned())));
    }

    #[test]
    fn ranges_map_back_through_full_width_characters() {
        let text = "電話：０３－１２３４－５６７８です";
        let facts = extract(text, true);
        let phone = facts
            .facts
            .iter()
            .find(|f| f.kind == FactKind::Phone)
            .unwrap();
        assert_eq!(&text[phone.range.clone()], "０３－１２３４－５６７８");
    }

    #[test]
    fn a_name_is_found_as_the_start_of_a_word() {
        let en = extract("We use cookies and Google Analytics.", false);
        let ja = extract("本サイトは Cookie と Google Analysis を使います。", true);
        for fact in ja.facts.iter().filter(|f| f.kind == FactKind::Name) {
            assert!(en.has(fact), "{fact:?}");
        }
        let stripe = extract("決済は Stripe が行います。", true);
        assert!(!en.has(&stripe.facts[0]));
    }
}
