//! Rule files that load but check nothing where their author thinks they
//! do: an empty file, a vocabulary with no terms, an empty regex (it matches
//! only the empty string, and empty matches are ignored). Each is a warning
//! naming the file and the key; the rules still load.

use std::ops::Range;

use toml::Spanned;

use super::schema::{ConditionDef, RuleFile};
use super::{RuleFileError, RuleSource};

/// The warnings about the parsed rule files `files` (index into `sources`).
pub(super) fn check(sources: &[RuleSource], files: &[(usize, RuleFile)]) -> Vec<RuleFileError> {
    let mut out = Vec::new();
    for (source, file) in files {
        let source = &sources[*source];
        let mut warn = |span: Range<usize>, message: String, label: &str| {
            out.push(RuleFileError::at(source, span, message, label).as_warning());
        };
        if file.vocabulary.is_empty() && file.rule.is_empty() && file.variant.is_empty() {
            warn(
                0..0,
                "the rule file defines no rule, variant or vocabulary".into(),
                "empty",
            );
        }
        for (name, def) in &file.vocabulary {
            let body = def.get_ref();
            if body.phrases.is_empty()
                && body.exact.is_empty()
                && body.regex.is_empty()
                && body.include.is_empty()
            {
                warn(
                    def.span(),
                    format!("vocabulary `{name}` has no terms: it matches nothing"),
                    "no phrases, exact phrases, regexes or includes",
                );
            }
            for regex in body.regex.iter().filter(|r| r.get_ref().is_empty()) {
                warn(
                    regex.span(),
                    format!("an empty regex in vocabulary `{name}` matches nothing"),
                    "empty regex",
                );
            }
        }
        for rule in &file.rule {
            let rule = rule.get_ref();
            let conditions = std::iter::once(&rule.matches).chain(&rule.expect);
            for condition in conditions {
                for span in empty_regexes(condition) {
                    let id = rule.id.get_ref();
                    warn(
                        span,
                        format!("an empty regex in rule `{id}` matches nothing"),
                        "empty regex",
                    );
                }
            }
        }
    }
    out
}

/// The spans of the empty `regex` conditions in `condition`.
fn empty_regexes(condition: &Spanned<ConditionDef>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    collect(condition.get_ref(), condition.span(), &mut out);
    out
}

fn collect(condition: &ConditionDef, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    let each = |items: &[Spanned<ConditionDef>], out: &mut Vec<Range<usize>>| {
        for item in items {
            collect(item.get_ref(), item.span(), out);
        }
    };
    match condition {
        ConditionDef::Regex(pattern) if pattern.get_ref().is_empty() => {
            let at = pattern.span();
            out.push(if at.is_empty() { span } else { at });
        }
        ConditionDef::Any(items)
        | ConditionDef::All { items, .. }
        | ConditionDef::Near { items, .. } => each(items, out),
        ConditionDef::Not(inner) => collect(inner.get_ref(), inner.span(), out),
        ConditionDef::Filtered { inner, filters } => {
            collect(inner, span, out);
            each(&filters.unless, out);
            each(&filters.unless_part_of, out);
            if let Some(section) = &filters.in_section {
                collect(section.get_ref(), section.span(), out);
            }
        }
        ConditionDef::Regex(_)
        | ConditionDef::Vocab(_)
        | ConditionDef::Phrases { .. }
        | ConditionDef::Rule(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(text: &str) -> Vec<(String, String)> {
        let source = RuleSource {
            name: "w.toml".into(),
            text: text.into(),
        };
        let file: RuleFile = toml::from_str(text).unwrap();
        check(std::slice::from_ref(&source), &[(0, file)])
            .into_iter()
            .map(|w| {
                let span = (w.0.span).map(|s| text[s.offset()..s.offset() + s.len()].to_owned());
                (w.0.message, span.unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn an_empty_file_is_a_warning() {
        let w = warnings("# nothing yet\n");
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].0,
            "w.toml: the rule file defines no rule, variant or vocabulary"
        );
    }

    #[test]
    fn empty_regexes_and_empty_vocabularies_are_pointed_at() {
        let text = "[vocabulary.none]\ndescription = \"d\"\n[vocabulary.blank]\nregex = ['']\n[[rule]]\nid = \"r\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = { any = [\"a\", { regex = '' }] }\n";
        let w = warnings(text);
        let messages: Vec<&str> = w.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "w.toml: an empty regex in vocabulary `blank` matches nothing",
                "w.toml: vocabulary `none` has no terms: it matches nothing",
                "w.toml: an empty regex in rule `r` matches nothing",
            ]
        );
        assert_eq!(w[0].1, "''");
        assert_eq!(w[2].1, "''");
    }

    #[test]
    fn a_sound_file_has_no_warning() {
        let text = "[vocabulary.keep]\nphrases = [\"keep\"]\n[[rule]]\nid = \"r\"\ntitle = \"t\"\nmessage = \"m\"\nmatch = { regex = 'x' }\n";
        assert!(warnings(text).is_empty());
    }
}
