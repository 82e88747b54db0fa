//! One code lens at the top of a policy summarising its clause verdicts,
//! so the state of the whole file is seen without reading every finding:
//! `clauselint: 3/5 clauses · ✓ contact-point · ✗ retention missing · ...`

use lsp_types::{CodeLens, Command, Position, Range};

use crate::engine::Status;
use crate::lint::Linted;
use crate::rules::{RuleKind, RuleSet};

/// The summary lens of a linted document.
pub(crate) fn summary(linted: &Linted, rules: &RuleSet) -> CodeLens {
    let title = match &linted.evaluation.not_judged {
        Some(not_judged) => format!("clauselint: {}", not_judged.message()),
        None => verdicts(linted, rules),
    };
    titled(title)
}

/// A lens at the top of the file showing `title`.
pub(crate) fn titled(title: String) -> CodeLens {
    CodeLens {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        // No command to run: clients show a lens without one as a label.
        command: Some(Command::new(title, String::new(), None)),
        data: None,
    }
}

/// The verdict of each clause rule, then each deficiency or forbidden
/// text found; a finding accepted by a directive says so.
fn verdicts(linted: &Linted, rules: &RuleSet) -> String {
    let evaluation = &linted.evaluation;
    let accepted = |rule: usize| {
        let mut of_rule = (evaluation.findings.iter()).filter(|f| f.rule == rule);
        of_rule.clone().next().is_some() && of_rule.all(|f| f.suppressed.is_some())
    };
    let mut clauses = 0;
    let mut present = 0;
    let mut parts = Vec::new();
    for outcome in &evaluation.outcomes {
        let rule = &rules.rules[outcome.rule];
        let part = match (rule.kind, outcome.status) {
            (_, Status::NotApplicable) => continue,
            (RuleKind::Require, Status::Present) => {
                present += 1;
                match &outcome.incorporated {
                    Some(notice) => format!("✓ {} (in {})", rule.id, notice.path),
                    None => format!("✓ {}", rule.id),
                }
            }
            (_, Status::Present) => continue,
            (_, status) if accepted(outcome.rule) => {
                format!("– {} {} (accepted)", rule.id, status.as_str())
            }
            (_, Status::Missing) => format!("✗ {} missing", rule.id),
            (_, status) => format!("⚠ {} {}", rule.id, status.as_str()),
        };
        if rule.kind == RuleKind::Require {
            clauses += 1;
        }
        parts.push(part);
    }
    let mut title = format!("clauselint: {present}/{clauses} clauses");
    for part in parts {
        title.push_str(" · ");
        title.push_str(&part);
    }
    title
}
