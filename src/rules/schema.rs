//! The TOML rule-file schema, as written by rule authors.
//!
//! Deserialization keeps the span of every value an error may need to point
//! at later (ids, vocabulary references, regexes), so that a diagnostic can
//! underline the exact place in the rule file.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// A whole rule file: vocabularies and rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub vocabulary: BTreeMap<String, Spanned<VocabularyDef>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RuleDef>>,
    /// Language variants of rules defined in any loaded file.
    #[serde(default)]
    pub variant: Vec<Spanned<VariantDef>>,
}

/// A rule's clause as another language states it: the same rule id, the
/// same finding and explanation, its own vocabulary (`[[variant]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VariantDef {
    /// The id of the rule this is a variant of.
    pub rule: Spanned<String>,
    /// The languages this variant judges; none of the rule's own.
    pub languages: Spanned<Vec<String>>,
    #[serde(rename = "match")]
    pub matches: Spanned<ConditionDef>,
    /// What counts, in this language (shown by `clauselint rule ID`).
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub examples: ExamplesDef,
    /// The profiles that bring this language in, when they are not the
    /// rule's own (an APPI item that is a GDPR/CCPA pack rule in English
    /// but checked by default in Japanese: `profiles = ["core", "appi"]`).
    #[serde(default)]
    pub profiles: Option<Vec<String>>,
    /// The rule applies to the parts of a document in these languages only
    /// where this condition matches (the rule's own `applies-when`, if any,
    /// when absent).
    #[serde(default)]
    pub applies_when: Option<Spanned<ConditionDef>>,
    /// Why the rule does not apply where the variant's `applies-when`
    /// finds nothing.
    #[serde(default)]
    pub applies_when_reason: Option<Spanned<String>>,
}

/// A named list of phrases and regexes, shared by all rule files.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VocabularyDef {
    #[serde(default)]
    pub description: Option<String>,
    /// Phrases matched case-insensitively with simple inflections.
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    /// Phrases matched case-insensitively, without inflections.
    #[serde(default)]
    pub exact: Vec<Spanned<String>>,
    /// Regular expressions (case-insensitive unless they say `(?-i)`).
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    /// Other vocabularies whose entries this one includes.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// A finding when the clause is absent from the document.
    #[default]
    Require,
    /// A finding at each match (placeholder text, banned wording).
    Forbid,
    /// A finding when the clause is present but none of its occurrences
    /// satisfies `expect` (a retention clause with no period).
    Expect,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    #[default]
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unit of text a combination must fall in.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    #[default]
    Sentence,
    Paragraph,
    Section,
    Document,
}

/// One rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub kind: RuleKind,
    #[serde(default)]
    pub severity: Severity,
    pub message: String,
    /// Text of the label on the underlined span.
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    /// A longer explanation for `clauselint rule ID`.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Document languages the rule applies to (BCP 47 primary subtags);
    /// empty means every language.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(rename = "match")]
    pub matches: Spanned<ConditionDef>,
    #[serde(default)]
    pub expect: Option<Spanned<ConditionDef>>,
    #[serde(default)]
    pub expect_within: Unit,
    #[serde(default)]
    pub examples: ExamplesDef,
    /// The id of the clause rule whose present clause this rule checks the
    /// quality of (e.g. `retention-vague` qualifies `retention`): reports
    /// show its findings as that clause being deficient.
    #[serde(default)]
    pub qualifies: Option<Spanned<String>>,
    /// For `require` rules: when the clause is present, the latest date in
    /// its matches must be at most this many months before today.
    #[serde(default)]
    pub max_age_months: Option<Spanned<u32>>,
    /// The message of the finding about a date older than `max-age-months`;
    /// `{date}`, `{months}` and `{today}` are replaced.
    #[serde(default)]
    pub stale_message: Option<Spanned<String>>,
    /// With `max-age-months`: YAML front matter keys whose values are dates
    /// of the clause too (`lastmod`).
    #[serde(default)]
    pub front_matter_dates: Option<Spanned<Vec<String>>>,
    /// The profiles (packs) the rule belongs to; `["core"]` when absent.
    #[serde(default)]
    pub profiles: Option<Spanned<Vec<Spanned<String>>>>,
    /// The rule applies only to documents where this condition matches
    /// (COPPA items only for services directed to children).
    #[serde(default)]
    pub applies_when: Option<Spanned<ConditionDef>>,
    /// Why the rule does not apply when `applies-when` finds nothing.
    #[serde(default)]
    pub applies_when_reason: Option<Spanned<String>>,
}

/// Texts kept with a rule: `pass` must satisfy it, `fail` must trigger it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesDef {
    #[serde(default)]
    pub pass: Vec<Spanned<String>>,
    #[serde(default)]
    pub fail: Vec<Spanned<String>>,
}

/// A condition: what text must (or must not) be there.
#[derive(Debug)]
pub enum ConditionDef {
    /// A reference to a named vocabulary (`"@name"` or `{ vocab = "name" }`).
    Vocab(Vec<Spanned<String>>),
    /// Inline phrases (inflected) and exact phrases.
    Phrases {
        phrases: Vec<Spanned<String>>,
        exact: bool,
    },
    Regex(Spanned<String>),
    Any(Vec<Spanned<ConditionDef>>),
    All {
        items: Vec<Spanned<ConditionDef>>,
        within: Unit,
    },
    Near {
        items: Vec<Spanned<ConditionDef>>,
        words: u32,
    },
    Not(Box<Spanned<ConditionDef>>),
    /// Another rule's `match` condition.
    Rule(Spanned<String>),
    /// A condition with filters on its matches.
    Filtered {
        inner: Box<ConditionDef>,
        filters: Filters,
    },
}

/// Filters that drop matches of a condition.
#[derive(Debug, Default)]
pub struct Filters {
    /// Drop a match whose sentence also matches one of these.
    pub unless: Vec<Spanned<ConditionDef>>,
    /// Drop a match overlapped by a match of one of these.
    pub unless_part_of: Vec<Spanned<ConditionDef>>,
    /// Keep only matches inside a section whose heading matches this.
    pub in_section: Option<Box<Spanned<ConditionDef>>>,
    /// Keep only matches that are in a heading (`true`) or not (`false`).
    pub in_heading: Option<bool>,
}

impl<'de> Deserialize<'de> for ConditionDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ConditionVisitor)
    }
}

const CONDITION_KEYS: &[&str] = &[
    "vocab",
    "phrase",
    "phrases",
    "exact",
    "regex",
    "any",
    "all",
    "within",
    "near",
    "words",
    "not",
    "rule",
    "unless",
    "unless-part-of",
    "in-section",
    "in-heading",
];

struct ConditionVisitor;

/// A list of conditions, or a single one where a list is expected.
struct OneOrMany(Vec<Spanned<ConditionDef>>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

struct OneOrManyVisitor;

impl<'de> Visitor<'de> for OneOrManyVisitor {
    type Value = OneOrMany;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a condition or an array of conditions")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(OneOrMany(items))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
        let cond = ConditionVisitor.visit_str(v)?;
        Ok(OneOrMany(vec![Spanned::new(0..0, cond)]))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OneOrMany, A::Error> {
        let cond = ConditionVisitor.visit_map(map)?;
        Ok(OneOrMany(vec![Spanned::new(0..0, cond)]))
    }
}

/// A string or an array of strings, each with its span.
struct Strings(Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Strings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Strings, E> {
                // The span is filled in from the enclosing `Spanned` below.
                Ok(Strings(vec![Spanned::new(0..0, v.to_owned())]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Strings(items))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Reads a `Strings` value, giving a lone string the span of the value.
fn next_strings<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<Spanned<String>>, A::Error> {
    let spanned: Spanned<Strings> = map.next_value()?;
    let span = spanned.span();
    Ok(spanned
        .into_inner()
        .0
        .into_iter()
        .map(|s| {
            if s.span().is_empty() {
                Spanned::new(span.clone(), s.into_inner())
            } else {
                s
            }
        })
        .collect())
}

impl<'de> Visitor<'de> for ConditionVisitor {
    type Value = ConditionDef;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a condition: a phrase, \"@vocabulary\", or a table such as { any = [...] }")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ConditionDef, E> {
        // A bare string: "@name" names a vocabulary, anything else is a phrase.
        // Bare strings inside arrays carry no span of their own; errors about
        // them point at the enclosing condition.
        Ok(match v.strip_prefix('@') {
            Some(name) => ConditionDef::Vocab(vec![Spanned::new(0..0, name.to_owned())]),
            None => ConditionDef::Phrases {
                phrases: vec![Spanned::new(0..0, v.to_owned())],
                exact: false,
            },
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ConditionDef, A::Error> {
        let mut ops: Vec<(&'static str, ConditionDef)> = Vec::new();
        let mut within = None;
        let mut words = None;
        let mut filters = Filters::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "vocab" => ops.push(("vocab", ConditionDef::Vocab(next_strings(&mut map)?))),
                "phrase" | "phrases" => {
                    let phrases = next_strings(&mut map)?;
                    ops.push((
                        "phrases",
                        ConditionDef::Phrases {
                            phrases,
                            exact: false,
                        },
                    ));
                }
                "exact" => {
                    let phrases = next_strings(&mut map)?;
                    ops.push((
                        "exact",
                        ConditionDef::Phrases {
                            phrases,
                            exact: true,
                        },
                    ));
                }
                "regex" => ops.push(("regex", ConditionDef::Regex(map.next_value()?))),
                "any" => ops.push(("any", ConditionDef::Any(map.next_value::<OneOrMany>()?.0))),
                "all" => ops.push((
                    "all",
                    ConditionDef::All {
                        items: map.next_value::<OneOrMany>()?.0,
                        within: Unit::Sentence,
                    },
                )),
                "near" => ops.push((
                    "near",
                    ConditionDef::Near {
                        items: map.next_value::<OneOrMany>()?.0,
                        words: 10,
                    },
                )),
                "not" => ops.push(("not", ConditionDef::Not(Box::new(map.next_value()?)))),
                "rule" => ops.push(("rule", ConditionDef::Rule(map.next_value()?))),
                "within" => within = Some(map.next_value::<Unit>()?),
                "words" => words = Some(map.next_value::<u32>()?),
                "unless" => filters.unless = map.next_value::<OneOrMany>()?.0,
                "unless-part-of" => filters.unless_part_of = map.next_value::<OneOrMany>()?.0,
                "in-section" => filters.in_section = Some(Box::new(map.next_value()?)),
                "in-heading" => filters.in_heading = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, CONDITION_KEYS)),
            }
        }
        let mut op = match ops.len() {
            1 => ops.pop().map(|(_, op)| op),
            0 => None,
            _ => {
                let names: Vec<_> = ops.iter().map(|(n, _)| format!("`{n}`")).collect();
                return Err(de::Error::custom(format!(
                    "a condition takes exactly one of `vocab`, `phrases`, `exact`, `regex`, `any`, `all`, `near`, `not`, `rule`; this one has {}",
                    names.join(" and ")
                )));
            }
        }
        .ok_or_else(|| {
            de::Error::custom(
                "a condition needs one of `vocab`, `phrases`, `exact`, `regex`, `any`, `all`, `near`, `not`, `rule`",
            )
        })?;
        match (&mut op, within, words) {
            (ConditionDef::All { within: w, .. }, Some(unit), _) => *w = unit,
            (_, Some(_), _) => return Err(de::Error::custom("`within` applies only to `all`")),
            _ => {}
        }
        match (&mut op, words) {
            (ConditionDef::Near { words: w, items }, n) => {
                if items.len() != 2 {
                    return Err(de::Error::custom("`near` takes exactly two conditions"));
                }
                if let Some(n) = n {
                    *w = n;
                }
            }
            (_, Some(_)) => return Err(de::Error::custom("`words` applies only to `near`")),
            _ => {}
        }
        let has_filters = !filters.unless.is_empty()
            || !filters.unless_part_of.is_empty()
            || filters.in_section.is_some()
            || filters.in_heading.is_some();
        Ok(if has_filters {
            ConditionDef::Filtered {
                inner: Box::new(op),
                filters,
            }
        } else {
            op
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<RuleFile, toml::de::Error> {
        toml::from_str(src)
    }

    #[test]
    fn parses_a_rule_with_nested_conditions() {
        let file = parse(
            r#"
[vocabulary.verbs]
phrases = ["retain", "keep"]

[[rule]]
id = "retention"
title = "Retention"
message = "missing"
match = { any = ["@verbs", { all = ["data", { regex = '\d+ days' }], within = "paragraph" }], unless = "retain the right" }
[rule.examples]
pass = ["We keep data for 30 days."]
"#,
        )
        .unwrap();
        assert_eq!(file.rule.len(), 1);
        let rule = file.rule[0].get_ref();
        assert_eq!(rule.id.get_ref(), "retention");
        let ConditionDef::Filtered { inner, filters } = rule.matches.get_ref() else {
            panic!("expected filters")
        };
        assert_eq!(filters.unless.len(), 1);
        let ConditionDef::Any(items) = inner.as_ref() else {
            panic!("expected any")
        };
        assert!(matches!(items[0].get_ref(), ConditionDef::Vocab(v) if v[0].get_ref() == "verbs"));
        assert!(matches!(
            items[1].get_ref(),
            ConditionDef::All {
                within: Unit::Paragraph,
                ..
            }
        ));
    }

    #[test]
    fn unknown_keys_are_errors_with_spans() {
        let src = "[[rule]]\nid = \"x\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = \"a\"\nsevrity = \"error\"\n";
        let err = parse(src).unwrap_err();
        assert!(err.message().contains("sevrity"), "{}", err.message());
        let span = err.span().unwrap();
        assert_eq!(&src[span], "sevrity");
    }

    #[test]
    fn a_condition_with_two_operators_is_rejected() {
        let src = "[[rule]]\nid = \"x\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = { any = [\"a\"], all = [\"b\"] }\n";
        let err = parse(src).unwrap_err();
        assert!(err.message().contains("exactly one"), "{}", err.message());
        let span = err.span().unwrap();
        assert!(src[span].starts_with("{ any"), "{:?}", err.span());
    }

    #[test]
    fn within_is_only_for_all() {
        let src = "[[rule]]\nid = \"x\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = { any = [\"a\"], within = \"section\" }\n";
        assert!(parse(src).unwrap_err().message().contains("`within`"));
    }
}
