//! Simple English inflections, so that a rule author writes `child` and
//! matches `children`, `child's` and `children's`, or writes `retain` and
//! matches `retains`, `retained` and `retaining`.
//!
//! Only the ends of a phrase inflect: the first word takes verb forms (the
//! verb of "retain personal data"), the last word takes noun and verb forms
//! (the noun of "service provider", the verb of "do not sell"); the words
//! between are matched as written. Words that are already inflected
//! (`-ing`, `-ed`) and function words stay as written. This keeps the number
//! of variants small and free of non-words like "advertisinged".

/// Words never inflected: function words gain nothing from variants.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "as",
    "or",
    "and",
    "not",
    "no",
    "is",
    "are",
    "be",
    "we",
    "us",
    "our",
    "you",
    "your",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "any",
    "all",
    "may",
    "can",
    "will",
    "do",
    "does",
    "has",
    "have",
    "who",
    "which",
    "than",
    "then",
    "under",
    "over",
    "data",
    "per",
    "via",
    "upon",
    "such",
    "after",
    "before",
    "when",
    "while",
    "until",
    "once",
    "about",
    "how",
    "what",
    "where",
    "why",
    "whom",
    "whose",
    "each",
    "every",
    "other",
    "some",
    "more",
    "most",
    "less",
    "only",
    "own",
    "same",
    "also",
    "both",
    "either",
    "neither",
    "nor",
    "if",
    "into",
    "onto",
    "out",
    "off",
    "up",
    "down",
    "through",
    "during",
    "without",
    "within",
    "against",
    "between",
    "among",
    "because",
    "there",
    "here",
    "they",
    "them",
    "their",
    "his",
    "her",
    "my",
    "me",
    "anyone",
    "anything",
    "nothing",
    "none",
    "someone",
    "something",
    "young",
    "older",
    "younger",
    "least",
    "please",
    "should",
    "would",
    "could",
    "must",
    "shall",
    "was",
    "were",
    "been",
    "being",
    "had",
    "did",
    "done",
    "so",
    "too",
    "very",
    "just",
    "personal",
    "information",
    "third",
    "toll",
    "online",
    "legal",
];

/// Words that open noun phrases ("user data", "child company"): as the first
/// word of a phrase they take no verb forms, which would only be non-words.
const NOUN_MODIFIERS: &[&str] = &[
    "child",
    "person",
    "user",
    "business",
    "app",
    "address",
    "web",
    "young",
    "verifiable",
    "advertising",
    "marketing",
    "service",
    "customer",
    "payment",
    "privacy",
    "contact",
    "email",
    "e-mail",
    "postal",
    "mailing",
    "phone",
    "government",
    "law",
    "parent",
    "age",
    "retention",
    "storage",
    "data",
    "account",
    "credit",
    "social",
    "analytics",
    "hosting",
    "cloud",
    "ad",
    "co",
    "sub",
    "group",
    "sister",
    "affiliate",
    "partner",
    "vendor",
];

/// Irregular forms: base word and its other forms.
const IRREGULAR: &[(&str, &[&str])] = &[
    ("child", &["children", "childrens"]),
    ("person", &["persons", "people"]),
    ("keep", &["keeps", "kept", "keeping"]),
    ("sell", &["sells", "sold", "selling"]),
    ("send", &["sends", "sent", "sending"]),
    ("hold", &["holds", "held", "holding"]),
    ("give", &["gives", "gave", "given", "giving"]),
    ("make", &["makes", "made", "making"]),
    ("take", &["takes", "took", "taken", "taking"]),
    ("write", &["writes", "wrote", "written", "writing"]),
    ("know", &["knows", "knew", "known", "knowing"]),
    ("pay", &["pays", "paid", "paying"]),
    ("get", &["gets", "got", "gotten", "getting"]),
    ("man", &["men"]),
    ("woman", &["women"]),
];

/// All variants of `phrase` (the phrase itself first), lowercase where
/// ASCII, with whitespace collapsed.
pub fn variants(phrase: &str) -> Vec<String> {
    // Matching folds ASCII case only, so only ASCII letters are lowered:
    // "CAFÉ" stays "cafÉ" and matches "CAFÉ" and "Café"... as written.
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let Some(last) = words.len().checked_sub(1) else {
        return Vec::new();
    };
    let first_forms = if last == 0 {
        vec![words[0].clone()]
    } else {
        word_forms(&words[0], Position::First)
    };
    let last_forms = word_forms(&words[last], Position::Last);
    let middle = words.get(1..last).map(|m| m.join(" ")).unwrap_or_default();
    let mut out = Vec::with_capacity(first_forms.len() * last_forms.len());
    for first in &first_forms {
        for end in &last_forms {
            let phrase = if last == 0 {
                end.clone()
            } else {
                [first.as_str(), middle.as_str(), end.as_str()]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if !out.contains(&phrase) {
                out.push(phrase);
            }
        }
    }
    with_apostrophe_variants(out)
}

/// Where a word stands in its phrase.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    /// First of several words: verb forms only.
    First,
    /// Last word (or the only one): noun and verb forms.
    Last,
}

/// A word and its inflected forms.
fn word_forms(word: &str, position: Position) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    // "-s" words are plurals unless they end like "process", "status", "analysis".
    let already_inflected = word.ends_with("ing")
        || word.ends_with("ed")
        || (word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)));
    let inflectable = word.len() >= 3
        && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !STOPWORDS.contains(&word)
        && !(position == Position::First && NOUN_MODIFIERS.contains(&word))
        && !already_inflected;
    if !inflectable {
        return forms;
    }
    if let Some((_, irregular)) = IRREGULAR.iter().find(|(base, _)| *base == word) {
        forms.extend(irregular.iter().map(|s| (*s).to_owned()));
        return forms;
    }
    let plural = plural(word);
    // No possessives: a phrase ending in "provider" already matches in
    // "provider's", since the apostrophe is a word boundary.
    forms.push(past(word));
    forms.push(gerund(word));
    // Longer words double their final consonant only when the last
    // syllable is stressed ("transferred", but "offered"), which spelling
    // does not tell: both forms are generated.
    if ends_consonant_vowel_consonant(word) && word.len() > 4 {
        let last = &word[word.len() - 1..];
        forms.push(format!("{word}{last}ed"));
        forms.push(format!("{word}{last}ing"));
    }
    forms.push(plural);
    forms.dedup();
    forms
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// `-s` form: plural noun or third person singular verb.
fn plural(word: &str) -> String {
    let b = word.as_bytes();
    let n = b.len();
    if word.ends_with('y') && !is_vowel(b[n - 2]) {
        format!("{}ies", &word[..n - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// True for a short consonant-vowel-consonant ending whose consonant
/// doubles before `-ed`/`-ing` ("ship" -> "shipped").
fn doubles_final_consonant(word: &str) -> bool {
    (3..=4).contains(&word.len()) && ends_consonant_vowel_consonant(word)
}

/// "-ship", "-fer", "-mit": a consonant, a vowel and a consonant that can
/// double (not w, x, y).
fn ends_consonant_vowel_consonant(word: &str) -> bool {
    let b = word.as_bytes();
    let n = b.len();
    n >= 3
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3])
}

fn past(word: &str) -> String {
    let b = word.as_bytes();
    let n = b.len();
    if word.ends_with('e') {
        format!("{word}d")
    } else if word.ends_with('y') && !is_vowel(b[n - 2]) {
        format!("{}ied", &word[..n - 1])
    } else if doubles_final_consonant(word) {
        format!("{word}{}ed", b[n - 1] as char)
    } else {
        format!("{word}ed")
    }
}

fn gerund(word: &str) -> String {
    let n = word.len();
    if word.ends_with('e') && !word.ends_with("ee") {
        format!("{}ing", &word[..n - 1])
    } else if doubles_final_consonant(word) {
        format!("{word}{}ing", &word[n - 1..])
    } else {
        format!("{word}ing")
    }
}

/// An apostrophe is written straight or typographic: a phrase with either
/// also matches the other.
pub fn with_apostrophe_variants(mut phrases: Vec<String>) -> Vec<String> {
    let other: Vec<String> = phrases
        .iter()
        .filter_map(|p| {
            if p.contains('\'') {
                Some(p.replace('\'', "\u{2019}"))
            } else if p.contains('\u{2019}') {
                Some(p.replace('\u{2019}', "'"))
            } else {
                None
            }
        })
        .collect();
    for p in other {
        if !phrases.contains(&p) {
            phrases.push(p);
        }
    }
    phrases
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(phrase: &str, form: &str) -> bool {
        variants(phrase).iter().any(|v| v == form)
    }

    #[test]
    fn nouns_and_verbs_get_regular_forms() {
        for form in ["retain", "retains", "retained", "retaining"] {
            assert!(has("retain", form), "{form}");
        }
        for form in ["store", "stores", "stored", "storing"] {
            assert!(has("store", form), "{form}");
        }
        for form in ["service provider", "service providers"] {
            assert!(has("service provider", form), "{form}");
        }
        assert!(has("delete", "deleted"));
        assert!(has("party", "parties"));
        assert!(has("process", "processes"));
        assert!(has("ship", "shipped"));
        assert!(has("transfer", "transferred"));
        assert!(has("transmit", "transmitting"));
        assert!(has("offer", "offered"));
        assert!(has("ship", "shipping"));
    }

    #[test]
    fn irregular_forms_and_possessives() {
        for form in ["child", "children"] {
            assert!(has("child", form), "{form}");
        }
        // Possessives match through the word boundary at the apostrophe, so
        // they are not generated...
        assert!(!has("child", "child's"));
        // ...but a written apostrophe also matches its typographic form.
        assert!(has("children's privacy", "children\u{2019}s privacy"));
        assert!(has("keep", "kept"));
        assert!(has(
            "sell personal information",
            "sold personal information"
        ));
    }

    #[test]
    fn first_and_last_words_inflect_middle_words_do_not() {
        assert!(has("retain personal data", "retained personal data"));
        assert!(has(
            "sell personal information",
            "sold personal information"
        ));
        assert!(!has(
            "retain personal information",
            "retain personals information"
        ));
        assert!(!has("retain data", "retain's data"));
    }

    #[test]
    fn noun_modifiers_and_function_words_make_no_non_words() {
        assert!(!has("advertising partner", "advertisinged partner"));
        assert!(has("advertising partner", "advertising partners"));
        assert!(!has("after you close", "aftered you close"));
        assert!(!has("child company", "children company"));
        assert!(has("user", "users"));
        assert_eq!(variants("contact us"), vec!["contact us"]);
    }

    #[test]
    fn stopwords_short_words_inflected_words_and_non_ascii_stay_as_written() {
        assert_eq!(variants("under 13"), vec!["under 13".to_owned()]);
        assert_eq!(variants("Do Not Sell"), variants("do not sell"));
        assert_eq!(variants("未成年"), vec!["未成年".to_owned()]);
        assert_eq!(variants("cookies"), vec!["cookies"]);
        assert_eq!(variants("sharing"), vec!["sharing"]);
    }
}
