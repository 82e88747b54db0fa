//! The engine: scans a document once for every term of every rule, then
//! evaluates each rule's conditions on the matches.

pub mod checks;
mod compiled;
pub mod dates;
mod eval;
mod matcher;
mod prefix_index;
pub mod suppress;
mod threads;

use std::ops::Range;

pub use compiled::Engine;
pub use eval::Evaluator;
pub use matcher::{Matches, Span, Workload};

use crate::document::Document;
use crate::document::kind::{DocumentKind, KindVerdict};
use crate::rules::{Rule, RuleKind, RuleSet, Severity};

/// What a rule concluded about a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The clause is there (or, for `forbid`, nothing forbidden is there).
    Present,
    /// A required clause is absent.
    Missing,
    /// The clause is there but deficient (an `expect` rule failed).
    Deficient,
    /// Forbidden text was found.
    Violated,
    /// The rule does not apply: another language, or (for `expect`) the
    /// clause it qualifies is absent.
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Missing => "missing",
            Self::Deficient => "deficient",
            Self::Violated => "violated",
            Self::NotApplicable => "not-applicable",
        }
    }
}

/// A rule's outcome on one document, with the evidence that decided it.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub status: Status,
    /// Content-text ranges of the text that decided the outcome.
    pub evidence: Vec<Range<usize>>,
    /// Set when the clause was found in a notice the document incorporates
    /// (a layered notice), not in the document itself.
    pub incorporated: Option<Incorporated>,
    /// Why a rule with `applies-when` does not apply to the document (its
    /// `applies-when-reason`); `None` for every other outcome.
    pub reason: Option<String>,
}

impl Outcome {
    /// Rule `rule` does not apply to the document.
    pub fn not_applicable(rule: usize) -> Self {
        Self {
            rule,
            status: Status::NotApplicable,
            evidence: Vec::new(),
            incorporated: None,
            reason: None,
        }
    }
}

/// Where a clause of a layered notice was found: in a notice it incorporates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incorporated {
    /// The incorporated notice, as the configuration names it.
    pub path: String,
    /// Line and column of the evidence in that notice.
    pub at: Option<crate::document::LineCol>,
    /// The sentence that states the clause there.
    pub sentence: String,
}

/// A diagnostic for the user.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub severity: Severity,
    pub message: String,
    pub label: String,
    /// Range of the decoded source the finding points at.
    pub span: Range<usize>,
    /// Set when a directive in the document suppresses the finding.
    pub suppressed: Option<suppress::Suppression>,
    /// Places in other files the finding is about (`translation-drift`:
    /// the version that states what this one lacks).
    pub related: Vec<Related>,
}

/// A place in another file that a finding is about.
#[derive(Clone, Debug)]
pub struct Related {
    /// The file, as shown to the user.
    pub path: String,
    pub label: String,
    /// Range of that file's decoded source.
    pub span: Range<usize>,
    /// That file's decoded source, with its map to the file bytes.
    pub source: std::sync::Arc<crate::document::SourceText>,
}

/// Everything the rules concluded about one document.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub outcomes: Vec<Outcome>,
    /// Sorted by position.
    pub findings: Vec<Finding>,
    /// Set when the document was not judged at all, with the reason.
    pub not_judged: Option<NotJudged>,
}

/// Why a document was not judged by the clause rules. Such a document gets
/// no finding: it is counted and named in the summary instead, so that a
/// check that checks nothing is never silent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotJudged {
    /// It is not a privacy notice (terms of use, a README, ...).
    Kind(KindVerdict),
    /// No clause rule in force covers its language (or any of its
    /// languages, for a document in two).
    Language(Vec<String>),
    /// Its language could not be told, and it declares none.
    UnknownLanguage(String),
}

impl NotJudged {
    /// A short word for programs: `kind`, `language`, `unknown-language`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Kind(_) => "kind",
            Self::Language(_) => "language",
            Self::UnknownLanguage(_) => "unknown-language",
        }
    }

    /// The reason in a sentence.
    pub fn message(&self) -> String {
        match self {
            Self::Kind(k) if k.kind == DocumentKind::Other => {
                format!("not judged: not a privacy notice (decided by {})", k.reason)
            }
            Self::Kind(k) => format!(
                "not judged: {}, not a privacy notice (decided by {})",
                k.kind.describe(),
                k.reason
            ),
            Self::Language(codes) => {
                format!(
                    "not judged: no clause rules for its language ({})",
                    codes.join(", ")
                )
            }
            Self::UnknownLanguage(note) => format!("not judged: {note}"),
        }
    }
}

/// Whether the clause rules of `rules` judge `doc`, and if not, why.
pub fn not_judged(doc: &Document, rules: &RuleSet) -> Option<NotJudged> {
    if doc.kind.kind != DocumentKind::PrivacyNotice {
        return Some(NotJudged::Kind(doc.kind.clone()));
    }
    let clause_rules: Vec<&Rule> = (rules.rules.iter())
        .filter(|r| r.kind == RuleKind::Require)
        .collect();
    // No clause rule in force, or one for every language: judged.
    if clause_rules.is_empty() || clause_rules.iter().any(|r| r.languages.is_empty()) {
        return None;
    }
    let codes = doc.language.codes();
    if codes.is_empty() {
        return Some(NotJudged::UnknownLanguage(
            doc.language.note.clone().unwrap_or_default(),
        ));
    }
    let covered = |code: &&str| {
        clause_rules
            .iter()
            .any(|r| r.applies_to_language(Some(code)))
    };
    if codes.iter().any(covered) {
        None
    } else {
        Some(NotJudged::Language(
            codes.iter().map(|c| (*c).to_owned()).collect(),
        ))
    }
}

/// At most this many evidence spans are kept per rule and document.
const MAX_EVIDENCE: usize = 16;

/// Runs every rule of `engine` on `doc`.
pub fn evaluate(doc: &Document, engine: &Engine) -> Evaluation {
    let rules = engine.rules();
    if let Some(reason) = not_judged(doc, rules) {
        return Evaluation {
            outcomes: (0..rules.rules.len())
                .map(Outcome::not_applicable)
                .collect(),
            findings: Vec::new(),
            not_judged: Some(reason),
        };
    }
    let matches = engine.scan(doc);
    let mut evaluation = Evaluation::default();
    let regions = &doc.language.regions;
    if regions.is_empty() {
        let evaluator = Evaluator::new(doc, &matches);
        for (idx, rule) in rules.rules.iter().enumerate() {
            let applies = rule.applies_to_language(doc.lang());
            evaluate_rule(doc, &evaluator, idx, rule, applies, &mut evaluation);
        }
    } else {
        // A bilingual document: each rule sees only the sections in the
        // languages it covers, so the English rules judge the English
        // version and never read the Japanese one as missing clauses.
        let mut groups: Vec<(Vec<&str>, Vec<usize>)> = Vec::new();
        for (idx, rule) in rules.rules.iter().enumerate() {
            let codes: Vec<&str> = (doc.language.codes().into_iter())
                .filter(|code| rule.applies_to_language(Some(code)))
                .collect();
            match groups.iter_mut().find(|(c, _)| *c == codes) {
                Some((_, members)) => members.push(idx),
                None => groups.push((codes, vec![idx])),
            }
        }
        for (codes, members) in groups {
            let ranges: Vec<Range<usize>> = (regions.iter())
                .filter(|r| codes.contains(&r.code.as_str()))
                .map(|r| r.range.clone())
                .collect();
            let within = matches.within(&ranges);
            let evaluator = Evaluator::new(doc, &within);
            for idx in members {
                let applies = !codes.is_empty();
                evaluate_rule(
                    doc,
                    &evaluator,
                    idx,
                    &rules.rules[idx],
                    applies,
                    &mut evaluation,
                );
            }
        }
        evaluation.outcomes.sort_by_key(|o| o.rule);
    }
    evaluation
        .findings
        .sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    suppress::apply(doc, rules, &mut evaluation);
    evaluation
}

fn evaluate_rule(
    doc: &Document,
    evaluator: &Evaluator,
    idx: usize,
    rule: &Rule,
    applies: bool,
    out: &mut Evaluation,
) {
    let finding = |span: Range<usize>, default_label: &str| Finding {
        rule: idx,
        severity: rule.severity,
        message: rule.message.clone(),
        label: rule
            .label
            .clone()
            .unwrap_or_else(|| default_label.to_owned()),
        span,
        suppressed: None,
        related: Vec::new(),
    };
    if !applies {
        out.outcomes.push(Outcome::not_applicable(idx));
        return;
    }
    // A conditional item: where the policy's own text does not make it
    // apply (no service directed to children), it is not applicable, and
    // reports say why.
    if let Some(when) = &rule.applies_when
        && evaluator.eval(&when.condition).is_empty()
    {
        out.outcomes.push(Outcome {
            reason: Some(when.reason.clone()),
            ..Outcome::not_applicable(idx)
        });
        return;
    }
    let hits = evaluator.eval_rule(&rule.id, &rule.condition);
    let evidence: Vec<Range<usize>> = hits
        .iter()
        .take(MAX_EVIDENCE)
        .map(|s| s.start as usize..s.end as usize)
        .collect();
    // Dates in the front matter keys of a `max-age-months` rule count as
    // the clause too (`lastmod: 2025-09-11`).
    let front_matter = rule
        .max_age
        .as_ref()
        .map(|m| front_matter_dates(doc, &m.front_matter_keys))
        .unwrap_or_default();
    let status = match rule.kind {
        RuleKind::Require if hits.is_empty() && front_matter.is_empty() => {
            out.findings.push(finding(
                doc.anchor.clone(),
                "no such clause found in this document",
            ));
            Status::Missing
        }
        RuleKind::Require => match &rule.max_age {
            Some(max_age) => match stale_date(doc, &hits, front_matter, max_age) {
                Some(stale) => {
                    out.findings.push(Finding {
                        message: stale.message,
                        label: stale.label,
                        ..finding(stale.range, "")
                    });
                    Status::Deficient
                }
                None => Status::Present,
            },
            None => Status::Present,
        },
        RuleKind::Forbid => {
            for hit in &hits {
                let span = doc.source_range(hit.start as usize..hit.end as usize);
                out.findings.push(finding(span, "found here"));
            }
            if hits.is_empty() {
                Status::Present
            } else {
                Status::Violated
            }
        }
        RuleKind::Expect => match (&rule.expect, hits.first()) {
            (_, None) | (None, _) => Status::NotApplicable,
            (Some((expect, within)), Some(first)) => {
                let expected = evaluator.eval(expect);
                if evaluator.share_unit(&hits, &expected, *within) {
                    Status::Present
                } else {
                    // The clause's sentence, not its section heading: the
                    // heading names the topic, the sentence is what to fix.
                    let body = hits.iter().find(|h| !doc.in_heading(h.start as usize));
                    let at = body.unwrap_or(first).start as usize;
                    let sentence = &doc.sentences[doc.sentence_at(at)];
                    out.findings.push(finding(
                        doc.source_range(sentence.range.clone()),
                        "this clause is deficient",
                    ));
                    Status::Deficient
                }
            }
        },
    };
    out.outcomes.push(Outcome {
        rule: idx,
        status,
        evidence,
        incorporated: None,
        reason: None,
    });
}

/// A present clause whose latest date is too old.
struct StaleDate {
    /// Decoded-source range of the date.
    range: Range<usize>,
    message: String,
    label: String,
}

/// The readable dates in the document's front matter values of `keys`,
/// with their decoded-source ranges.
fn front_matter_dates(doc: &Document, keys: &[String]) -> Vec<(Range<usize>, dates::FoundDate)> {
    let Some(front_matter) = &doc.front_matter else {
        return Vec::new();
    };
    keys.iter()
        .filter_map(|key| front_matter.value_range(&doc.source.text, key))
        .flat_map(|range| {
            let value = doc.source.text.get(range.clone()).unwrap_or("");
            dates::find_dates(value)
                .into_iter()
                .map(move |found| {
                    (
                        found.range.start + range.start..found.range.end + range.start,
                        found,
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// For a rule with `max-age-months`: the latest date written in the
/// clause's matches or its front matter keys, when it lies more than that
/// many months before today. Matches in which no date can be read are not
/// judged. On a tie the date in the text wins: readers see that one.
fn stale_date(
    doc: &Document,
    hits: &[Span],
    front_matter: Vec<(Range<usize>, dates::FoundDate)>,
    max_age: &crate::rules::MaxAge,
) -> Option<StaleDate> {
    let in_text = hits.iter().flat_map(|hit| {
        let start = hit.start as usize;
        dates::find_dates(doc.text(start..hit.end as usize))
            .into_iter()
            .map(move |found| {
                let range = found.range.start + start..found.range.end + start;
                (doc.source_range(range), found)
            })
    });
    let (range, latest) = front_matter
        .into_iter()
        .chain(in_text)
        .max_by_key(|(_, found)| found.date)?;
    // The CLI has checked CLAUSELINT_TODAY; a library caller with a bad
    // value gets the system clock.
    let today = dates::today().unwrap_or_else(|_| dates::system_today());
    if latest.date >= today.months_before(max_age.months) {
        return None;
    }
    let months = max_age.months.to_string();
    let message = max_age
        .message
        .replace("{date}", &latest.display())
        .replace("{months}", &months)
        .replace("{today}", &today.to_string());
    Some(StaleDate {
        range,
        message,
        label: format!("more than {months} months before today ({today})"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `max-age-months` rule: a clause dated long ago is deficient, with
    /// its finding on the date; a future date (never stale) is present; a
    /// front matter date alone makes the clause present. Dates are chosen so
    /// that the result does not depend on today.
    #[test]
    fn max_age_months_outcomes() {
        let toml = "[[rule]]\nid = \"dated\"\ntitle = \"t\"\nmessage = \"No date\"\nmax-age-months = 12\nfront-matter-dates = [\"lastmod\"]\nstale-message = \"Dated {date}\"\nmatch = { all = [\"updated\", { regex = '[0-9]{4}-[0-9]{2}-[0-9]{2}' }] }\n";
        let engine = Engine::compile(vec![crate::rules::RuleSource {
            name: "t.toml".into(),
            text: toml.into(),
        }])
        .unwrap();
        let run = |format, text: &str| {
            let mut doc = Document::from_text(std::path::Path::new("p"), format, text).unwrap();
            doc.assume(DocumentKind::PrivacyNotice, "en");
            let evaluation = evaluate(&doc, &engine);
            let finding = evaluation.findings.first().map(|f| {
                (
                    f.message.clone(),
                    doc.source.text[f.span.clone()].to_owned(),
                )
            });
            (evaluation.outcomes[0].status, finding)
        };
        use crate::document::Format::{Markdown, Text};
        assert_eq!(
            run(Text, "Policy\n\nUpdated 2001-02-03.\n"),
            (
                Status::Deficient,
                Some(("Dated 2001-02-03".into(), "2001-02-03".into()))
            )
        );
        assert_eq!(
            run(Text, "Policy\n\nUpdated 2999-02-03.\n"),
            (Status::Present, None)
        );
        assert_eq!(
            run(Markdown, "---\nlastmod: 2999-02-03\n---\n\n# Policy\n"),
            (Status::Present, None)
        );
        assert_eq!(
            run(
                Markdown,
                "---\nlastmod: 2001-02-03T10:00:00Z\n---\n\n# Policy\n"
            ),
            (
                Status::Deficient,
                // The whole timestamp is underlined; the message gives the day.
                Some(("Dated 2001-02-03".into(), "2001-02-03T10:00:00Z".into()))
            )
        );
        assert_eq!(run(Text, "Policy\n").0, Status::Missing);
    }
}
