//! The closing summary: what was checked and what was found.

use super::{RenderOptions, Summary, paint};
use crate::rules::Severity;

/// One sentence per line, for people.
pub(super) fn graphical(summary: &Summary, opts: &RenderOptions) -> String {
    let mut out = sentences(summary, opts.color).join("\n");
    out.push('\n');
    out
}

/// The same sentences on one line: editors skip lines that do not look like
/// `path:line:col:`, and one line is easy to skip.
pub(super) fn concise(summary: &Summary, opts: &RenderOptions) -> String {
    let mut out = sentences(summary, opts.color).join(" ");
    out.push('\n');
    out
}

/// The sentences on one line without colour, for machine-read formats
/// that carry a human summary (GitHub's step summary and annotations).
pub(super) fn plain(summary: &Summary) -> String {
    if nothing_checked(summary) {
        // The terminal's `warning:` prefix would contradict these formats'
        // own levels.
        return format!("No files were checked: {}", no_files_reason(summary));
    }
    sentences(summary, false).join(" ")
}

fn nothing_checked(summary: &Summary) -> bool {
    summary.files_checked == 0 && summary.files_failed == 0
}

fn no_files_reason(summary: &Summary) -> String {
    if summary.files_excluded > 0 {
        return format!(
            "{} named excluded by the configuration (--force-exclude).",
            count(summary.files_excluded, "file", "files")
        );
    }
    // The extensions a walk picks up by default (a file named explicitly is
    // read whatever its extension).
    let extensions: Vec<&str> = (crate::config::DEFAULT_INCLUDE.iter())
        .map(|glob| glob.trim_start_matches('*'))
        .collect();
    format!(
        "no policy files ({}) matched the given paths and include patterns.",
        extensions.join(" ")
    )
}

fn sentences(summary: &Summary, color: bool) -> Vec<String> {
    if nothing_checked(summary) && summary.files_excluded > 0 {
        // Asked for (a commit touching only excluded files passes): said
        // plainly, not as a warning.
        return vec![plain(summary)];
    }
    if nothing_checked(summary) {
        // Loud on purpose: a typo in a path or an include pattern otherwise
        // looks exactly like a clean run.
        let head = paint("warning: no files were checked", Severity::Warning, color);
        return vec![format!("{head}: {}", no_files_reason(summary))];
    }
    let mut out = vec![format!(
        "Checked {} against {}: {}.",
        count(summary.files_checked, "file", "files"),
        count(summary.rules, "rule", "rules"),
        findings(summary, color)
    )];
    if summary.files_failed > 0 {
        let files = count(summary.files_failed, "file", "files");
        out.push(paint(
            &format!("{files} could not be checked."),
            Severity::Error,
            color,
        ));
    }
    if summary.files_with_input_errors > 0 {
        let (files, have) = match summary.files_with_input_errors {
            1 => ("1 checked file".to_owned(), "has"),
            n => (format!("{n} checked files"), "have"),
        };
        out.push(paint(
            &format!("{files} {have} input errors (see above)."),
            Severity::Error,
            color,
        ));
    }
    out.extend(not_judged(&summary.not_judged, color));
    if summary.not_applicable > 0 {
        let (checks, were) = match summary.not_applicable {
            1 => ("1 rule check".to_owned(), "was"),
            n => (format!("{n} rule checks"), "were"),
        };
        out.push(format!(
            "{checks} {were} skipped: the rule does not cover the document's language or is turned off for the file."
        ));
    }
    out
}

/// One sentence per reason documents were not judged.
fn not_judged(counts: &super::NotJudgedCounts, color: bool) -> Vec<String> {
    let mut out = Vec::new();
    let documents = |n| count(n, "document", "documents");
    let kinds: usize = counts.kinds.values().sum();
    if kinds > 0 {
        let list: Vec<String> = (counts.kinds.iter())
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        out.push(format!(
            "{} not judged: not privacy notices ({}); see `[[documents]]` in the configuration to change that.",
            documents(kinds),
            list.join(", ")
        ));
    }
    let languages = counts.language_documents;
    if languages > 0 {
        let codes: Vec<&str> = counts.languages.keys().map(String::as_str).collect();
        let (these, lang) = if codes.len() == 1 {
            ("this", "language")
        } else {
            ("these", "languages")
        };
        out.push(format!(
            "{} in {} not judged: no rules for {these} {lang}.",
            documents(languages),
            codes.join(", ")
        ));
    }
    if counts.unknown_language > 0 {
        out.push(paint(
            &format!(
                "{} not judged: the language could not be identified; declare it (front matter `lang`, `[[documents]] language`) — this fails the run.",
                documents(counts.unknown_language)
            ),
            Severity::Warning,
            color,
        ));
    }
    out
}

/// "2 errors, 1 warning" or "no findings".
fn findings(summary: &Summary, color: bool) -> String {
    let parts: Vec<String> = [
        (summary.errors, "error", "errors", Severity::Error),
        (summary.warnings, "warning", "warnings", Severity::Warning),
        (
            summary.infos,
            "info finding",
            "info findings",
            Severity::Info,
        ),
    ]
    .into_iter()
    .filter(|&(n, ..)| n > 0)
    .map(|(n, one, many, severity)| paint(&count(n, one, many), severity, color))
    .collect();
    if parts.is_empty() {
        "no findings".to_owned()
    } else {
        parts.join(", ")
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
