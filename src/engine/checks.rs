//! Checks built into the engine: the rules about suppression directives.
//! They match no text; [`super::suppress`] reports them while it applies a
//! document's directives. They are registered here, in code, so that no
//! rule selection and no `--no-builtin` can leave a misspelt directive
//! silently ignored: only an explicit `ignore` turns one off.

use crate::rules::{Cond, Example, Rule, RuleFileError, RuleKind, RuleSet, RuleSource, Severity};

/// The check reporting directives that suppress nothing.
pub const UNUSED: &str = "unused-suppression";
/// The check reporting malformed directives and unknown rule ids.
pub const INVALID: &str = "invalid-suppression";

/// Where `clauselint rules` and `clauselint rule` say these checks come from.
const SOURCE_NAME: &str = "builtin:engine (suppression directives)";

/// Whether `id` is one of the engine's own checks.
pub fn is_builtin_check(id: &str) -> bool {
    id == UNUSED || id == INVALID
}

/// Adds the engine's checks to a rule set; a rule file that defines one of
/// their ids is an error (the engine could not tell the two apart).
pub fn register(set: &mut RuleSet) -> Result<(), Vec<RuleFileError>> {
    let taken: Vec<RuleFileError> = (set.rules.iter())
        .filter(|r| is_builtin_check(&r.id))
        .map(|r| {
            RuleFileError::at(
                &set.sources[r.source],
                r.span.clone(),
                format!("the rule id `{}` is taken by a built-in check", r.id),
                "reserved id",
            )
            .with_help("give the rule another id")
        })
        .collect();
    if !taken.is_empty() {
        return Err(taken);
    }
    let source = set.sources.len();
    set.sources.push(RuleSource {
        name: SOURCE_NAME.into(),
        text: String::new(),
    });
    for rule in [unused(source), invalid(source)] {
        set.all_ids.push(rule.id.clone());
        set.rules.push(rule);
    }
    Ok(())
}

fn unused(source: usize) -> Rule {
    Rule {
        title: "Suppression directives suppress a finding".into(),
        severity: Severity::Warning,
        message: "Unused suppression: the directive suppresses no finding".into(),
        label: Some("suppresses nothing".into()),
        help: Some("Remove the directive, or correct the rule id or the place it covers.".into()),
        description: Some(
            "A `clauselint-disable`, `clauselint-disable-next-line` or \
             `clauselint-disable-file` directive that suppresses no finding of a rule it names \
             is reported, so that a stale suppression does not hide a future problem and a \
             misplaced one does not give a false sense of coverage."
                .into(),
        ),
        pass_examples: examples(
            source,
            &[
                "clauselint-disable-file retention -- retention is stated in our records schedule\n\nPrivacy notice of Acme.",
            ],
        ),
        fail_examples: examples(
            source,
            &[
                "clauselint-disable-file retention -- handled elsewhere\n\nWe keep your data for 30 days.",
            ],
        ),
        ..check(UNUSED, source)
    }
}

fn invalid(source: usize) -> Rule {
    Rule {
        title: "Suppression directives are well formed".into(),
        severity: Severity::Error,
        message: "Invalid suppression directive".into(),
        label: Some("invalid suppression".into()),
        help: Some(
            "Write `<!-- clauselint-disable-file RULE -- reason -->` (or `clauselint-disable`, \
             `clauselint-enable`, `clauselint-disable-next-line`), naming rule ids that \
             `clauselint rules` lists."
                .into(),
        ),
        description: Some(
            "A directive must use a known keyword and name the rules it disables, each a known \
             rule id. A directive that names no rule would silently disable everything, and an \
             unknown id (a typo) would silently disable nothing."
                .into(),
        ),
        pass_examples: examples(
            source,
            &[
                "clauselint-disable-file retention -- stated in the records schedule\n\nPrivacy notice.",
            ],
        ),
        fail_examples: examples(
            source,
            &[
                "clauselint-disable-file retension\n\nPrivacy notice.",
                "clauselint-disable-file\n\nPrivacy notice.",
                "clauselint-disabel retention\n\nPrivacy notice.",
            ],
        ),
        ..check(INVALID, source)
    }
}

/// What the engine's checks have in common (the suppression checks, and
/// `translation-drift`): a rule that matches no text.
pub(crate) fn check(id: &str, source: usize) -> Rule {
    Rule {
        id: id.into(),
        title: String::new(),
        kind: RuleKind::Forbid,
        severity: Severity::Warning,
        message: String::new(),
        label: None,
        help: None,
        description: None,
        references: vec!["docs/suppressions.md".into()],
        tags: Vec::new(),
        languages: Vec::new(),
        variants: Vec::new(),
        // Matches nothing: the findings come from the directives.
        condition: Cond::Any(Vec::new()),
        expect: None,
        pass_examples: Vec::new(),
        fail_examples: Vec::new(),
        qualifies: None,
        profiles: Vec::new(),
        applies_when: None,
        max_age: None,
        source,
        span: 0..0,
    }
}

fn examples(source: usize, texts: &[&str]) -> Vec<Example> {
    (texts.iter())
        .map(|text| Example {
            text: (*text).to_owned(),
            span: 0..0,
            source,
            lang: None,
        })
        .collect()
}
