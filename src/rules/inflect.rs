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

use std::sync::LazyLock;

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
    "never",
    "always",
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

// The lists above and below are written in groups that read well; every
// word of every phrase is looked up in them at start-up, by binary search
// in a sorted copy.
static STOPWORD_SET: LazyLock<Vec<&str>> = LazyLock::new(|| sorted(STOPWORDS));
static NOUN_MODIFIER_SET: LazyLock<Vec<&str>> = LazyLock::new(|| sorted(NOUN_MODIFIERS));
static VERB_WITH_NOUN_ENDING_SET: LazyLock<Vec<&str>> =
    LazyLock::new(|| sorted(VERBS_WITH_NOUN_ENDINGS));
static IRREGULAR_BY_BASE: LazyLock<Vec<(&str, &[&str])>> = LazyLock::new(|| {
    let mut by_base = IRREGULAR.to_vec();
    by_base.sort_unstable_by_key(|(base, _)| *base);
    by_base
});

fn sorted(list: &[&'static str]) -> Vec<&'static str> {
    let mut sorted = list.to_vec();
    sorted.sort_unstable();
    sorted
}

fn listed(set: &[&str], word: &str) -> bool {
    set.binary_search(&word).is_ok()
}

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
    let base = words.join(" ");
    let mut out = vec![base];
    let mut push = |phrase: String| {
        // Lengths first: most variants differ in length, and up to fifty
        // are compared with each other.
        if !out.iter().any(|p| p.len() == phrase.len() && *p == phrase) {
            out.push(phrase);
        }
    };
    let last_forms = word_forms(&words[last], Position::Last);
    if last == 0 {
        last_forms.into_iter().skip(1).for_each(push);
        return with_apostrophe_variants(out);
    }
    let first_forms = word_forms(&words[0], Position::First);
    let middle = &words[1..last];
    // "operate and maintain": both ends are verbs and inflect together.
    let coordinated = middle.iter().any(|w| w == "and" || w == "or");
    // Otherwise the head of a verb phrase is its first word and the last
    // word is its object, which may be plural ("responding to your
    // requests"); the head of a noun phrase is its last word ("service
    // providers"). Every combination of every form only makes non-words
    // ("inquirying forming") and a slower matcher.
    let object_forms = if coordinated {
        last_forms.len()
    } else {
        // The base and the plural (or `-s` form), which come first.
        last_forms.len().min(2)
    };
    for (i, first) in first_forms.iter().enumerate() {
        let ends = if i == 0 {
            last_forms.len()
        } else {
            object_forms
        };
        for end in &last_forms[..ends] {
            let mut phrase = first.clone();
            for w in middle.iter().chain(std::iter::once(end)) {
                phrase.push(' ');
                phrase.push_str(w);
            }
            push(phrase);
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

/// A word and its inflected forms: the word, its plural or `-s` form, then
/// its verb forms.
fn word_forms(word: &str, position: Position) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    // "-s" words are plurals unless they end like "process", "status", "analysis".
    let already_inflected = word.ends_with("ing")
        || word.ends_with("ed")
        || (word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)));
    let inflectable = word.len() >= 3
        && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !listed(&STOPWORD_SET, word)
        && !(position == Position::First && listed(&NOUN_MODIFIER_SET, word))
        && !already_inflected;
    if !inflectable {
        return forms;
    }
    if let Ok(at) = IRREGULAR_BY_BASE.binary_search_by_key(&word, |(base, _)| base) {
        let irregular = IRREGULAR_BY_BASE[at].1;
        forms.extend(irregular.iter().map(|s| (*s).to_owned()));
        return forms;
    }
    let noun_like = looks_like_noun_or_adjective(word);
    if noun_like && position == Position::First {
        // "parental consent", "retention period": no verb, no forms.
        return forms;
    }
    forms.push(plural(word));
    if noun_like {
        // "provider", "retention" take a plural but no "-ed", no "-ing".
        return forms;
    }
    // No possessives: a phrase ending in "provider" already matches in
    // "provider's", since the apostrophe is a word boundary.
    forms.push(past(word));
    forms.push(gerund(word));
    // Longer words double their final consonant only when the last
    // syllable is stressed ("transferred", but "offered"), which spelling
    // does not tell for these endings: both forms are generated.
    if word.len() > 4 && STRESSED_ENDINGS.iter().any(|e| word.ends_with(e)) {
        let last = &word[word.len() - 1..];
        forms.push(format!("{word}{last}ed"));
        forms.push(format!("{word}{last}ing"));
    }
    forms.dedup();
    forms
}

/// Endings of longer words whose final consonant may double before `-ed`
/// and `-ing` because the last syllable can be stressed ("transfer",
/// "submit", "compel", "occur", "control", "begin").
const STRESSED_ENDINGS: &[&str] = &["fer", "mit", "pel", "cur", "trol", "gin"];

/// Derivational endings of nouns and adjectives ("retention", "agreement",
/// "parental", "provider"...): such words take a plural but no verb forms.
/// Guessing the part of speech from spelling keeps junk variants out of the
/// matcher without a dictionary; the verbs among them are listed below.
const NOUN_ENDINGS: &[&str] = &[
    "tion", "sion", "ment", "ness", "ity", "ship", "ism", "ous", "ful", "less", "ary", "ory", "ic",
    "al", "or", "er", "ian", "ency", "ancy", "ence", "ance", "ure", "age", "cy", "ty", "ly", "ia",
    "ogy",
];

/// Verbs with one of the [`NOUN_ENDINGS`]: they keep their verb forms.
const VERBS_WITH_NOUN_ENDINGS: &[&str] = &[
    "transfer",
    "offer",
    "deliver",
    "register",
    "gather",
    "consider",
    "answer",
    "enter",
    "alter",
    "cover",
    "discover",
    "filter",
    "render",
    "trigger",
    "order",
    "refer",
    "prefer",
    "defer",
    "confer",
    "infer",
    "monitor",
    "sponsor",
    "mirror",
    "tailor",
    "honor",
    "favor",
    "reveal",
    "appeal",
    "conceal",
    "deal",
    "seal",
    "heal",
    "steal",
    "signal",
    "total",
    "secure",
    "ensure",
    "procure",
    "capture",
    "measure",
    "manage",
    "engage",
    "encourage",
    "damage",
    "message",
    "enhance",
    "balance",
    "advance",
    "reference",
    "experience",
    "influence",
    "mention",
    "question",
    "position",
    "function",
    "sanction",
    "comment",
    "document",
    "implement",
    "supplement",
    "suffer",
    "master",
    "number",
    "partner",
    "shelter",
    "structure",
    "feature",
    "picture",
    "commence",
    "remember",
    "deter",
    "recover",
    "hover",
    "lower",
    "power",
    "bother",
    "apply",
    "reply",
    "supply",
    "rely",
    "comply",
    "imply",
    "multiply",
];

fn looks_like_noun_or_adjective(word: &str) -> bool {
    // "co-sponsor" is as much a verb as "sponsor".
    let word = word.rsplit('-').next().unwrap_or(word);
    !listed(&VERB_WITH_NOUN_ENDING_SET, word) && has_noun_ending(word)
}

/// Whether `word` ends in one of the [`NOUN_ENDINGS`], with at least two
/// letters before it ("user" does, "ship" does not).
fn has_noun_ending(word: &str) -> bool {
    NOUN_ENDINGS
        .iter()
        .any(|e| word.len() >= e.len() + 2 && word.ends_with(e))
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
    fn one_end_inflects_unless_the_phrase_coordinates_two_verbs() {
        // A verb and its object: the verb's forms, the object's plural.
        assert!(has(
            "respond to your request",
            "responding to your requests"
        ));
        assert!(has("respond to your request", "responded to your request"));
        assert!(!has("request form", "requesting formed"));
        // Two coordinated verbs take the same forms.
        assert!(has("operate and maintain", "operated and maintained"));
        assert!(has("buy or sell", "buying or selling"));
    }

    #[test]
    fn nouns_and_adjectives_by_their_endings_take_no_verb_forms() {
        assert!(has("service provider", "service providers"));
        assert!(!has("service provider", "service providered"));
        assert!(!has("parental consent", "parentals consent"));
        assert!(has("retention", "retentions"));
        assert!(!has("retention", "retentioned"));
        // ...but the verbs among them keep theirs, also after a prefix.
        assert!(has("transfer", "transferred"));
        assert!(has("monitor", "monitored"));
        assert!(has("co-sponsor", "co-sponsored"));
        assert!(has("party", "parties"));
        assert!(!has("party", "partied"));
        assert!(!has("accidentally disclose", "accidentallied disclose"));
        assert!(has("reply", "replied"));
    }

    #[test]
    fn every_listed_verb_has_a_noun_ending() {
        // Otherwise the entry does nothing: the word keeps its verb forms
        // anyway.
        for verb in VERBS_WITH_NOUN_ENDINGS {
            assert!(has_noun_ending(verb), "{verb}");
        }
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
