//! Simple English inflections, so that a rule author writes `child` and
//! matches `children`, `child's` and `children's`, or writes `retain` and
//! matches `retains`, `retained` and `retaining`.
//!
//! The first and the last word of a phrase are inflected (the verb of
//! "retain personal data", the noun of "service provider"); the words between
//! are matched as written, which keeps the number of variants small.

/// Words never inflected: function words gain nothing from variants.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "or", "and",
    "not", "no", "is", "are", "be", "we", "us", "our", "you", "your", "it", "its", "this", "that",
    "these", "those", "any", "all", "may", "can", "will", "do", "does", "has", "have", "who",
    "which", "than", "then", "under", "over", "data", "per", "via", "upon", "such",
];

/// Irregular forms: base word and its other forms.
const IRREGULAR: &[(&str, &[&str])] = &[
    ("child", &["children", "child's", "children's", "childrens"]),
    ("person", &["persons", "people", "person's", "people's"]),
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
    ("man", &["men", "man's", "men's"]),
    ("woman", &["women", "woman's", "women's"]),
];

/// All variants of `phrase` (the phrase itself first), lowercase ASCII
/// where the phrase is ASCII, with whitespace collapsed.
pub fn variants(phrase: &str) -> Vec<String> {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect();
    let Some(last) = words.len().checked_sub(1) else {
        return Vec::new();
    };
    let first_forms = word_forms(&words[0]);
    let last_forms = if last == 0 {
        vec![String::new()]
    } else {
        word_forms(&words[last])
    };
    let middle = words.get(1..last).map(|m| m.join(" ")).unwrap_or_default();
    let mut out = Vec::with_capacity(first_forms.len() * last_forms.len());
    for first in &first_forms {
        for end in &last_forms {
            let mut phrase = first.clone();
            for part in [&middle, end] {
                if !part.is_empty() {
                    phrase.push(' ');
                    phrase.push_str(part);
                }
            }
            if !out.contains(&phrase) {
                out.push(phrase);
            }
        }
    }
    with_apostrophe_variants(out)
}

/// A word and its inflected forms.
fn word_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    let inflectable = word.len() >= 3
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !STOPWORDS.contains(&word);
    if !inflectable {
        return forms;
    }
    if let Some((_, irregular)) = IRREGULAR.iter().find(|(base, _)| *base == word) {
        forms.extend(irregular.iter().map(|s| (*s).to_owned()));
        return forms;
    }
    let plural = plural(word);
    forms.push(format!("{word}'s"));
    forms.push(format!("{plural}'"));
    forms.push(past(word));
    forms.push(gerund(word));
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
    let b = word.as_bytes();
    let n = b.len();
    (3..=4).contains(&n)
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

/// Possessives are written with a straight or a typographic apostrophe.
fn with_apostrophe_variants(mut phrases: Vec<String>) -> Vec<String> {
    let curly: Vec<String> = phrases
        .iter()
        .filter(|p| p.contains('\''))
        .map(|p| p.replace('\'', "\u{2019}"))
        .collect();
    phrases.extend(curly);
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
        for form in [
            "service provider",
            "service providers",
            "service provider's",
        ] {
            assert!(has("service provider", form), "{form}");
        }
        assert!(has("delete", "deleted"));
        assert!(has("party", "parties"));
        assert!(has("process", "processes"));
        assert!(has("ship", "shipped"));
        assert!(has("ship", "shipping"));
    }

    #[test]
    fn irregular_forms_and_possessives() {
        for form in [
            "child",
            "children",
            "children's",
            "children\u{2019}s",
            "child's",
        ] {
            assert!(has("child", form), "{form}");
        }
        assert!(has("keep", "kept"));
        assert!(has(
            "sell personal information",
            "sold personal information"
        ));
    }

    #[test]
    fn first_and_last_words_inflect_middle_words_do_not() {
        assert!(has(
            "retain personal information",
            "retained personal informations"
        ));
        assert!(!has(
            "retain personal information",
            "retain personals information"
        ));
    }

    #[test]
    fn stopwords_short_words_and_non_ascii_stay_as_written() {
        assert_eq!(variants("under 13"), vec!["under 13".to_owned()]);
        assert_eq!(variants("Do Not Sell"), variants("do not sell"));
        assert_eq!(variants("未成年"), vec!["未成年".to_owned()]);
        assert_eq!(
            variants("  contact   us "),
            vec![
                "contact us",
                "contact's us",
                "contacts' us",
                "contacted us",
                "contacting us",
                "contacts us",
                "contact\u{2019}s us",
                "contacts\u{2019} us"
            ]
        );
    }
}
