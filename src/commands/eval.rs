//! `clauselint eval`: measure the rules on a labelled corpus.
//!
//! A finding "missing" is the positive class: precision is the share of
//! missing-clause findings that are right (the label says absent), recall the
//! share of absent clauses that get a finding.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use super::{EXIT_ERROR, EXIT_OK, Setup, setup_or_report};
use crate::cli::EvalArgs;
use crate::document::Document;
use crate::document::kind::DocumentKind;
use crate::engine::Status;
use crate::lint::{self, Linted};
use crate::walk::Candidate;

/// Label columns of common corpora, and the rule each one measures.
const ALIASES: &[(&str, &str)] = &[
    ("contact", "contact-point"),
    ("third_parties", "third-party-processors"),
    ("third-parties", "third-party-processors"),
    ("children", "minors"),
    // OPP-115 categories measured by the jurisdiction packs.
    ("rights", "data-subject-rights"),
    ("security", "security-measures"),
    ("policy_change", "policy-changes"),
    ("do_not_track", "do-not-track"),
    ("user_choice", "opt-out-choices"),
    // The Japanese corpus (ja-policies-dev) names the APPI items shortly.
    ("purposes", "purposes-of-use"),
    ("disclosure_requests", "disclosure-requests"),
    ("operator", "operator-identity"),
    ("complaint", "complaint-contact"),
    ("foreign_transfer", "foreign-transfer"),
];

pub fn run(args: &EvalArgs) -> u8 {
    let Some(setup) = setup_or_report(&args.config) else {
        return EXIT_ERROR;
    };
    match evaluate(args, &setup) {
        Ok(text) => match super::output::print(&text, EXIT_OK) {
            Ok(()) => EXIT_OK,
            Err(code) => code,
        },
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

/// An evidence span as a file byte range, with its sentence.
type Evidence = (Range<usize>, String);

/// One labelled file's verdicts.
struct Verdicts {
    file: String,
    /// Per measured rule: label present (`None`: not labelled), our
    /// status, deciding evidence.
    rules: Vec<(Option<bool>, Status, Vec<Evidence>)>,
    /// Why the document was not judged, if it was not.
    not_judged: Option<String>,
    /// The `kind` label (`privacy` or `other`), if the corpus has one,
    /// and whether we took the document for a privacy notice.
    kind: Option<(String, bool)>,
}

/// Annotated passages of one file: byte range and the rules it shows.
type Passages = Vec<(Range<usize>, Vec<usize>)>;

fn evaluate(args: &EvalArgs, setup: &Setup) -> Result<String, String> {
    let labels = read_csv(&args.labels)?;
    let header = labels.first().ok_or("the labels file is empty")?;
    let file_col = header
        .iter()
        .position(|h| h == "file")
        .ok_or("the labels file has no `file` column")?;
    // An optional `kind` column: `privacy` for a privacy notice, `other`
    // for a document that is not one (measures which documents are judged).
    let kind_col = header.iter().position(|h| h == "kind");
    // Columns that name a rule in force (directly or by alias).
    let measured: Vec<(usize, usize)> = header
        .iter()
        .enumerate()
        .filter_map(|(col, name)| rule_index(setup, name).map(|rule| (col, rule)))
        .collect();
    if measured.is_empty() {
        return Err(format!(
            "no column of {} names a rule in force",
            args.labels.display()
        ));
    }
    let rows = &labels[1..];
    let verdicts: Vec<Result<Verdicts, String>> = rows
        .par_iter()
        .map(|row| judge(args, setup, row, file_col, kind_col, &measured))
        .collect();
    let verdicts: Vec<Verdicts> = verdicts.into_iter().collect::<Result<_, _>>()?;
    let segments = match &args.segments {
        Some(path) => Some(read_segments(path, setup)?),
        None => None,
    };
    Ok(render(args, setup, &measured, &verdicts, segments.as_ref()))
}

fn rule_index(setup: &Setup, column: &str) -> Option<usize> {
    let id = ALIASES
        .iter()
        .find(|(alias, _)| *alias == column)
        .map_or(column, |(_, id)| id);
    setup.engine.rules().rules.iter().position(|r| r.id == id)
}

fn judge(
    args: &EvalArgs,
    setup: &Setup,
    row: &[String],
    file_col: usize,
    kind_col: Option<usize>,
    measured: &[(usize, usize)],
) -> Result<Verdicts, String> {
    let file = row.get(file_col).ok_or("a row has no file")?.clone();
    let path = args.corpus.join(&file);
    // Linted exactly as `check` lints it: size cap, [[documents]], layers.
    let candidate = Candidate::file(path.clone());
    let Linted {
        doc, evaluation, ..
    } = lint::lint_file(&candidate, &setup.config, &setup.engine)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let kind = kind_col
        .and_then(|c| row.get(c))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .map(|label| (label, doc.kind.kind == DocumentKind::PrivacyNotice));
    // A page labelled as no privacy notice at all (terms of use, a landing
    // page) is measured by the kind column alone: the right outcome for it
    // is "not judged", not a verdict on each clause.
    let labelled_other = kind.as_ref().is_some_and(|(label, _)| label == "other");
    let rules = measured
        .iter()
        .map(|&(col, rule)| {
            // An empty cell is not a label: corpora leave the documents
            // they do not label for a clause (another language) empty.
            let label = match row.get(col).map(|v| v.trim()) {
                _ if labelled_other => None,
                Some("1") => Some(true),
                Some("0") => Some(false),
                _ => None,
            };
            let outcome = evaluation.outcomes.iter().find(|o| o.rule == rule);
            let status = outcome.map_or(Status::NotApplicable, |o| o.status);
            let evidence = outcome
                .map(|o| {
                    o.evidence
                        .iter()
                        .map(|r| evidence(&doc, r.clone()))
                        .collect()
                })
                .unwrap_or_default();
            (label, status, evidence)
        })
        .collect();
    Ok(Verdicts {
        file,
        rules,
        not_judged: evaluation.not_judged.map(|n| n.message()),
        kind,
    })
}

/// The file byte range of an evidence span, and its sentence.
fn evidence(doc: &Document, range: Range<usize>) -> Evidence {
    let bytes = doc.source.file_range(doc.source_range(range.clone()));
    let sentence = &doc.sentences[doc.sentence_at(range.start)];
    (bytes, doc.text(sentence.range.clone()).to_owned())
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

fn ratio(n: usize, d: usize) -> String {
    if d == 0 {
        "   -  ".into()
    } else {
        format!("{:.3}", n as f64 / d as f64)
    }
}

fn render(
    args: &EvalArgs,
    setup: &Setup,
    measured: &[(usize, usize)],
    verdicts: &[Verdicts],
    segments: Option<&Segments>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} files, positive class = missing-clause finding\n",
        verdicts.len()
    );
    let _ = writeln!(
        out,
        "{:24} {:>4} {:>4} {:>4} {:>4}  {:>9} {:>7} {:>6}{}",
        "rule",
        "TP",
        "FP",
        "FN",
        "TN",
        "precision",
        "recall",
        "F1",
        if segments.is_some() {
            "  evidence in passage"
        } else {
            ""
        }
    );
    let mut disagreements = String::new();
    let mut outside = String::new();
    for (i, &(_, rule)) in measured.iter().enumerate() {
        let id = &setup.engine.rules().rules[rule].id;
        let mut c = Counts::default();
        let (mut inside, mut spans) = (0, 0);
        for v in verdicts {
            let (label, status, evidence) = &v.rules[i];
            let Some(label) = label else { continue };
            let missing = *status == Status::Missing;
            match (missing, label) {
                (true, false) => c.tp += 1,
                (true, true) => c.fp += 1,
                (false, false) => c.fn_ += 1,
                (false, true) => c.tn += 1,
            }
            if let Some(seg) = segments {
                for (range, sentence) in evidence {
                    spans += 1;
                    if seg.contains(&v.file, rule, range) {
                        inside += 1;
                    } else {
                        let _ = writeln!(outside, "  {id:24} {:32} {sentence:?}", v.file);
                    }
                }
            }
            if missing == *label {
                let verdict = if missing { "missing" } else { "present" };
                let label_text = if *label { "present" } else { "absent" };
                let why = evidence
                    .first()
                    .map_or("no candidate sentence".to_owned(), |(_, s)| {
                        format!("{s:?}")
                    });
                let _ = writeln!(
                    disagreements,
                    "  {id:24} {:32} label {label_text:7} ours {verdict:7}  {why}",
                    v.file
                );
            }
        }
        let p = ratio(c.tp, c.tp + c.fp);
        let r = ratio(c.tp, c.tp + c.fn_);
        let f1 = if c.tp == 0 {
            "   -  ".into()
        } else {
            format!(
                "{:.3}",
                2.0 * c.tp as f64 / (2 * c.tp + c.fp + c.fn_) as f64
            )
        };
        let ev = if segments.is_some() {
            format!("  {inside}/{spans} ({})", ratio(inside, spans))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{id:24} {:>4} {:>4} {:>4} {:>4}  {p:>9} {r:>7} {f1:>6}{ev}",
            c.tp, c.fp, c.fn_, c.tn
        );
    }
    let kinds: Vec<(&str, &str, bool)> = (verdicts.iter())
        .filter_map(|v| {
            v.kind
                .as_ref()
                .map(|(l, ours)| (v.file.as_str(), l.as_str(), *ours))
        })
        .collect();
    if !kinds.is_empty() {
        let wrong: Vec<&(&str, &str, bool)> = (kinds.iter())
            .filter(|(_, label, ours)| (*label == "privacy") != *ours)
            .collect();
        let _ = writeln!(
            out,
            "\ndocument kind (privacy notice or not): {} of {} agree with the `kind` label",
            kinds.len() - wrong.len(),
            kinds.len()
        );
        for (file, label, _) in wrong {
            let _ = writeln!(out, "  {file:32} label {label}");
        }
    }
    let not_judged: Vec<&Verdicts> = verdicts.iter().filter(|v| v.not_judged.is_some()).collect();
    if !not_judged.is_empty() {
        let _ = writeln!(
            out,
            "\n{} documents not judged (no finding, counted as present):",
            not_judged.len()
        );
        for v in not_judged {
            let labelled = v.rules.iter().any(|(l, ..)| l.is_some());
            let _ = writeln!(
                out,
                "  {:32} {}{}",
                v.file,
                v.not_judged.as_deref().unwrap_or(""),
                if labelled { "  [labelled]" } else { "" }
            );
        }
    }
    if args.verbose && !disagreements.is_empty() {
        let _ = writeln!(
            out,
            "\nDisagreements (with the sentence that decided, for a present verdict):\n{disagreements}"
        );
    }
    if args.verbose && !outside.is_empty() {
        let _ = writeln!(
            out,
            "\nEvidence outside every annotated passage of its rule:\n{outside}"
        );
    }
    out
}

/// Annotated passages: for each file, byte ranges with the rules they show.
struct Segments {
    by_file: HashMap<String, Passages>,
}

impl Segments {
    fn contains(&self, file: &str, rule: usize, range: &Range<usize>) -> bool {
        self.by_file.get(file).is_some_and(|segs| {
            segs.iter().any(|(seg, rules)| {
                rules.contains(&rule) && seg.start <= range.start && range.end <= seg.end
            })
        })
    }
}

fn read_segments(path: &Path, setup: &Setup) -> Result<Segments, String> {
    let rows = read_csv(path)?;
    let header = rows.first().ok_or("the segments file is empty")?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or(format!("{}: no `{name}` column", path.display()))
    };
    let (file, start, end) = (col("file")?, col("byte_start")?, col("byte_end")?);
    let flags: Vec<(usize, usize)> = header
        .iter()
        .enumerate()
        .filter_map(|(c, n)| rule_index(setup, n).map(|r| (c, r)))
        .collect();
    let mut by_file: HashMap<String, Passages> = HashMap::new();
    for row in &rows[1..] {
        let num = |c: usize| row.get(c).and_then(|v| v.trim().parse::<usize>().ok());
        let (Some(s), Some(e), Some(f)) = (num(start), num(end), row.get(file)) else {
            continue;
        };
        let rules = flags
            .iter()
            .filter(|(c, _)| row.get(*c).is_some_and(|v| v.trim() == "1"))
            .map(|(_, r)| *r)
            .collect();
        by_file.entry(f.clone()).or_default().push((s..e, rules));
    }
    Ok(Segments { by_file })
}

/// A small CSV reader: comma-separated, double-quoted fields may contain
/// commas and doubled quotes.
fn read_csv(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse_csv_line)
        .collect())
}

fn parse_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(f) = fields.last_mut() {
                    f.push('"');
                }
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_with_quotes_and_commas() {
        assert_eq!(
            parse_csv_line("a,\"b, c\",\"say \"\"hi\"\"\",1\r"),
            vec!["a", "b, c", "say \"hi\"", "1"]
        );
    }
}
