//! Building the matrix: which rules are its columns, and one row from an
//! evaluated document.

use std::ops::Range;

use super::{Cell, CellStatus, Checked, Evidence, Problem, QualityFinding, Row, RowBody};
use super::{Suppressed, clip};
use crate::document::{Document, LineCol, LineIndex};
use crate::engine::{Evaluation, Finding, Status};
use crate::rules::{Rule, RuleKind, RuleSet};

/// Sentences longer than this many characters are kept cut around their
/// evidence: rows stay small whatever the document.
const MAX_SENTENCE_CHARS: usize = 1000;

/// A column of the matrix: a clause rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub id: String,
    pub title: String,
    /// The rule's message (what a missing clause means).
    pub message: String,
    /// The rule's help (what to add), if it has one.
    pub help: Option<String>,
    /// The profiles (packs) the rule belongs to.
    pub profiles: Vec<String>,
    /// The rule's citations.
    pub references: Vec<String>,
}

impl Column {
    /// The citations of this item under `profile`: the references naming
    /// that law (`GDPR Art. 13(1)(b)` for gdpr), else all of them.
    pub fn citation(&self, profile: &str) -> String {
        let prefixes: &[&str] = match profile {
            "gdpr" => &["GDPR"],
            "ccpa" => &["CCPA", "11 CCR"],
            "caloppa" => &["CalOPPA", "Cal. Civ. Code"],
            "coppa" => &["COPPA"],
            "appi" => &["APPI"],
            _ => &[],
        };
        let cited: Vec<&str> = (self.references.iter())
            .filter(|r| !r.starts_with("http"))
            .map(String::as_str)
            .collect();
        let own: Vec<&str> = (cited.iter().copied())
            .filter(|r| prefixes.iter().any(|p| r.starts_with(p)))
            .collect();
        if own.is_empty() { cited } else { own }.join("; ")
    }
}

/// The columns: the `require` rules in force, in rule order, except rules
/// that qualify another clause (their findings show in that clause's
/// column, as deficient).
pub fn columns(rules: &RuleSet) -> Vec<Column> {
    (rules.rules.iter().enumerate())
        .filter(|(_, r)| r.kind == RuleKind::Require && r.qualifies.is_none())
        .map(|(idx, r)| Column {
            rule: idx,
            id: r.id.clone(),
            title: r.title.trim().to_owned(),
            message: r.message.trim().to_owned(),
            help: r.help.as_deref().map(|h| h.trim().to_owned()),
            profiles: r.profiles.clone(),
            references: r.references.clone(),
        })
        .collect()
}

/// The row of a checked document. `eval` is the evaluation with the
/// configuration applied to the file (suppressed findings kept, marked);
/// `off_by_config` says whether the configuration turns a rule (by index)
/// off for this file.
pub fn checked_row(
    path: &str,
    doc: &Document,
    eval: &Evaluation,
    rules: &RuleSet,
    columns: &[Column],
    off_by_config: impl Fn(usize) -> bool,
) -> Row {
    let placer = Placer::new(doc);
    let cells = columns
        .iter()
        .map(|column| {
            let rule = &rules.rules[column.rule];
            let outcome = eval.outcomes.iter().find(|o| o.rule == column.rule);
            let status = outcome.map_or(Status::NotApplicable, |o| o.status);
            let mut ranges: Vec<&Range<usize>> = outcome
                .filter(|_| status != Status::NotApplicable)
                .map_or(&[][..], |o| &o.evidence[..])
                .iter()
                .collect();
            // The deciding evidence is a sentence of the body when there is
            // one: a heading ("Children") says little to an auditor.
            ranges.sort_by_key(|r| in_heading(doc, r.start));
            let evidence: Vec<Evidence> = ranges
                .into_iter()
                .map(|range| placer.evidence(range.clone()))
                .collect();
            // What makes a present clause deficient: findings of the rules
            // that qualify it, and the clause rule's own finding when it
            // judged the clause present but deficient (e.g. a stale date).
            let findings: Vec<QualityFinding> = (eval.findings.iter())
                .filter(|f| {
                    qualifies(rules, f, &column.id)
                        || (status == Status::Deficient && f.rule == column.rule)
                })
                .map(|f| QualityFinding {
                    rule: rules.rules[f.rule].id.clone(),
                    message: f.message.trim().to_owned(),
                    at: placer.line_col(f.span.start),
                    suppressed: suppressed(f),
                })
                .collect();
            let (status, suppressed, reason) = match status {
                Status::NotApplicable => {
                    let reason = if let Some(not_judged) = &eval.not_judged {
                        not_judged.message()
                    } else if let Some(reason) = outcome.and_then(|o| o.reason.clone()) {
                        reason
                    } else if off_by_config(column.rule) {
                        "turned off for this file by the configuration".to_owned()
                    } else {
                        language_reason(doc, rule)
                    };
                    (CellStatus::NotApplicable, None, Some(reason))
                }
                Status::Present | Status::Deficient if findings.is_empty() => {
                    (CellStatus::Present, None, None)
                }
                Status::Present | Status::Deficient => {
                    // Accepted only when every finding on it is suppressed.
                    let accepted = (findings.iter())
                        .map(|f| f.suppressed.clone())
                        .collect::<Option<Vec<_>>>()
                        .and_then(|s| s.into_iter().next());
                    (CellStatus::Deficient, accepted, None)
                }
                Status::Missing | Status::Violated => {
                    let accepted = (eval.findings.iter())
                        .find(|f| f.rule == column.rule)
                        .and_then(suppressed);
                    (CellStatus::Missing, accepted, None)
                }
            };
            Cell {
                status,
                evidence,
                findings,
                suppressed,
                reason,
                incorporated: outcome.and_then(|o| o.incorporated.clone()),
            }
        })
        .collect();
    let warnings = (doc.warnings.iter())
        .map(|w| Problem {
            kind: w.kind.to_owned(),
            message: w.message.trim().to_owned(),
            at: w.range.as_ref().map(|r| placer.line_col(r.start)),
        })
        .collect();
    Row {
        path: path.to_owned(),
        body: RowBody::Checked(Checked {
            format: doc.format.name(),
            encoding: doc.source.encoding,
            language: doc.language.code.clone(),
            cells,
            warnings,
        }),
        translation: None,
    }
}

/// Whether `finding` is by a rule that qualifies the clause `id`.
fn qualifies(rules: &RuleSet, finding: &Finding, id: &str) -> bool {
    rules
        .rules
        .get(finding.rule)
        .is_some_and(|r| r.qualifies.as_deref() == Some(id))
}

fn suppressed(finding: &Finding) -> Option<Suppressed> {
    finding.suppressed.as_ref().map(|s| Suppressed {
        reason: s.reason.as_deref().map(str::trim).map(str::to_owned),
    })
}

fn language_reason(doc: &Document, rule: &Rule) -> String {
    let lang = doc.lang().unwrap_or("unknown");
    if rule.languages.is_empty() {
        return format!("the rule does not apply to this document (language: {lang})");
    }
    format!(
        "the document's language ({lang}) is not one the rule covers ({})",
        rule.languages.join(", ")
    )
}

/// Places content ranges of one document in its file.
struct Placer<'a> {
    doc: &'a Document,
    index: LineIndex,
}

impl<'a> Placer<'a> {
    fn new(doc: &'a Document) -> Self {
        Self {
            doc,
            index: LineIndex::new(&doc.source.text),
        }
    }

    /// Line and column of an offset of the decoded source.
    fn line_col(&self, offset: usize) -> LineCol {
        self.index.line_col(&self.doc.source.text, offset)
    }

    /// A content range with its place in the file and its sentence.
    fn evidence(&self, range: Range<usize>) -> Evidence {
        let doc = self.doc;
        let source = doc.source_range(range.clone());
        let (sentence, mark) = self.sentence(range.clone());
        Evidence {
            bytes: doc.source.file_range(source.clone()),
            start: self.line_col(source.start),
            end: self.line_col(source.end),
            text: doc.text(range).replace('\n', " "),
            sentence,
            mark,
        }
    }

    /// The sentences containing `range` (one, unless the evidence spans
    /// several), and where the evidence is in them.
    fn sentence(&self, range: Range<usize>) -> (String, Range<usize>) {
        let doc = self.doc;
        let sentences = &doc.sentences;
        let first = sentences.get(doc.sentence_at(range.start));
        let last = sentences.get(doc.sentence_at(range.end.saturating_sub(1).max(range.start)));
        let (Some(first), Some(last)) = (first, last) else {
            return (doc.text(range.clone()).to_owned(), 0..range.len());
        };
        let whole = first.range.start.min(range.start)..last.range.end.max(range.end);
        // Blocks are separated by `\n` in the content text.
        let text = doc.text(whole.clone()).replace('\n', " ");
        let mark = range.start - whole.start..range.end - whole.start;
        clip(&text, mark, MAX_SENTENCE_CHARS)
    }
}

/// Whether content offset `at` is in a heading.
fn in_heading(doc: &Document, at: usize) -> bool {
    let block = doc.sentences.get(doc.sentence_at(at)).map(|s| s.block);
    block
        .and_then(|b| doc.content.blocks.get(b))
        .is_some_and(|b| matches!(b.kind, crate::document::BlockKind::Heading(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::engine::{Outcome, suppress::Suppression};
    use crate::rules::{RuleSource, Severity};

    const RULES: &str = r#"
[[rule]]
id = "retention"
title = "Says how long data is kept"
message = "No retention statement"
match = "delete"

[[rule]]
id = "retention-period"
title = "Gives a period"
kind = "expect"
qualifies = "retention"
message = "No period"
match = { rule = "retention" }
expect = "days"
"#;

    const TEXT: &str = "Policy\n\nWe delete data when we like.\n";

    fn setup() -> (RuleSet, Document) {
        let rules = crate::engine::Engine::compile(vec![RuleSource {
            name: "test.toml".into(),
            text: RULES.into(),
        }])
        .unwrap()
        .into_rules();
        let doc = Document::from_text(std::path::Path::new("p.txt"), Format::Text, TEXT).unwrap();
        (rules, doc)
    }

    fn finding(rule: usize, span: Range<usize>, reason: Option<&str>) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            message: format!("message of rule {rule}"),
            label: String::new(),
            span,
            suppressed: reason.map(|r| Suppression {
                reason: Some(r.to_owned()),
            }),
            related: Vec::new(),
        }
    }

    fn cell(eval: &Evaluation) -> Cell {
        let (rules, doc) = setup();
        let columns = columns(&rules);
        assert_eq!(columns.len(), 1, "a qualifying rule is not a column");
        let row = checked_row("p.txt", &doc, eval, &rules, &columns, |_| false);
        row.checked().unwrap().cells[0].clone()
    }

    /// The content range of "delete" (the text rules see: blank lines
    /// between blocks are gone).
    fn delete() -> Range<usize> {
        let at = setup().1.content.text.find("delete").unwrap();
        at..at + "delete".len()
    }

    /// The same word in the file.
    fn delete_in_file() -> Range<usize> {
        let at = TEXT.find("delete").unwrap();
        at..at + "delete".len()
    }

    #[test]
    fn present_with_its_sentence_and_place() {
        let eval = Evaluation {
            outcomes: vec![Outcome {
                rule: 0,
                status: Status::Present,
                evidence: vec![delete()],
                incorporated: None,
                reason: None,
            }],
            findings: Vec::new(),
            not_judged: None,
        };
        let cell = cell(&eval);
        assert_eq!(cell.status, CellStatus::Present);
        let e = cell.decisive().unwrap();
        assert_eq!((e.start.line, e.start.column), (3, 4));
        assert_eq!(e.text, "delete");
        assert_eq!(e.sentence, "We delete data when we like.");
        assert_eq!(&e.sentence[e.mark.clone()], "delete");
        assert_ne!(delete(), delete_in_file());
        assert_eq!(e.bytes, delete_in_file());
        assert!(!cell.fails());
    }

    #[test]
    fn a_finding_of_a_qualifying_rule_makes_it_deficient() {
        let eval = Evaluation {
            outcomes: vec![Outcome {
                rule: 0,
                status: Status::Present,
                evidence: vec![delete()],
                incorporated: None,
                reason: None,
            }],
            findings: vec![finding(1, 8..36, None)],
            not_judged: None,
        };
        let cell = cell(&eval);
        assert_eq!(cell.status, CellStatus::Deficient);
        assert_eq!(cell.findings[0].rule, "retention-period");
        assert_eq!(
            (cell.findings[0].at.line, cell.findings[0].at.column),
            (3, 1)
        );
        assert!(cell.fails());
    }

    #[test]
    fn a_clause_rule_that_finds_its_clause_deficient_makes_it_deficient() {
        let eval = Evaluation {
            outcomes: vec![Outcome {
                rule: 0,
                status: Status::Deficient,
                evidence: vec![delete()],
                incorporated: None,
                reason: None,
            }],
            findings: vec![finding(0, delete_in_file(), Some("known"))],
            not_judged: None,
        };
        let cell = cell(&eval);
        assert_eq!(cell.status, CellStatus::Deficient);
        assert_eq!(cell.findings[0].rule, "retention");
        assert_eq!(cell.findings[0].message, "message of rule 0");
        // Its only finding is suppressed: shown, but it does not fail.
        assert_eq!(cell.suppressed.unwrap().reason.as_deref(), Some("known"));
    }

    #[test]
    fn missing_and_accepted() {
        let eval = Evaluation {
            outcomes: vec![Outcome {
                rule: 0,
                status: Status::Missing,
                evidence: Vec::new(),
                incorporated: None,
                reason: None,
            }],
            findings: vec![finding(0, 0..6, Some("on purpose"))],
            not_judged: None,
        };
        let cell = cell(&eval);
        assert_eq!(cell.status, CellStatus::Missing);
        assert!(cell.findings.is_empty(), "{:?}", cell.findings);
        assert!(cell.suppressed.is_some() && !cell.fails());
    }

    #[test]
    fn not_applicable_says_why() {
        let eval = Evaluation {
            outcomes: vec![Outcome {
                rule: 0,
                status: Status::NotApplicable,
                evidence: Vec::new(),
                incorporated: None,
                reason: None,
            }],
            findings: Vec::new(),
            not_judged: None,
        };
        let (rules, doc) = setup();
        let columns = columns(&rules);
        let row = checked_row("p.txt", &doc, &eval, &rules, &columns, |_| true);
        let cell = &row.checked().unwrap().cells[0];
        assert_eq!(cell.status, CellStatus::NotApplicable);
        assert_eq!(
            cell.reason.as_deref(),
            Some("turned off for this file by the configuration")
        );
    }
}
