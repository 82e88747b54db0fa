//! SARIF 2.1.0, as GitHub code scanning reads it: one run whose driver
//! lists every rule in force, one result per finding with a
//! repository-relative location and a fingerprint that survives unrelated
//! edits, and a tool notification for every file that could not be
//! checked.
//!
//! The document is streamed like the JSON format: the prologue opens the
//! `results` array, each finding is one element, and the epilogue closes it
//! and writes the invocation with the notifications (the only part kept
//! until the end).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use super::json::pretty;
use super::place::{Locator, Place};
use super::{Checked, Closing, FileProblem, FileReport, Fragment, NotesTo, RenderOptions};
use super::{PROJECT_URL, Renderer, Summary, TOOL_VERSION, rule_id};
use crate::engine::suppress::Suppression;
use crate::engine::{Finding, Related};
use crate::rules::{Rule, RuleSet, Severity};
use crate::walk::percent_encode;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// GitHub code scanning rejects a run with more results than this.
const MAX_RESULTS: usize = 25_000;

/// Key of the fingerprint in `partialFingerprints`; bump the version when
/// the hashed text changes, so old alerts are not matched to new ones.
const FINGERPRINT: &str = "clauselint/v1";

/// Where relative artifact URIs are resolved: the checkout's root.
const SRCROOT: &str = "%SRCROOT%";

/// Indents of a result and of a notification in the document.
const RESULT_INDENT: usize = 8;
const NOTIFICATION_INDENT: usize = 12;

pub(super) struct Sarif;

impl Renderer for Sarif {
    fn begin(&self, rules: &RuleSet) -> String {
        let tool = Tool {
            driver: Driver {
                name: "clauselint",
                version: TOOL_VERSION,
                information_uri: PROJECT_URL,
                rules: rules.rules.iter().map(descriptor).collect(),
            },
        };
        format!(
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
            pretty(&tool, 6)
        )
    }

    fn file(&self, file: &FileReport<'_>, _opts: &RenderOptions) -> Fragment {
        // A name that is not UTF-8 is located by its own bytes.
        let path = file.os_path.unwrap_or(Path::new(file.path));
        let items = file.checked.map_or_else(Vec::new, |c| results(path, c));
        let not_judged = (file.checked)
            .and_then(|c| c.eval.not_judged.as_ref())
            .map(|reason| not_judged_notification(file.path, path, reason));
        let notes = (file.problems.iter())
            .map(|problem| notification(problem, file.os_path))
            .chain(not_judged)
            .map(|n| element(&n, NOTIFICATION_INDENT));
        Fragment {
            items: items.iter().map(|r| element(r, RESULT_INDENT)).collect(),
            notes: notes.collect(),
        }
    }

    fn separator(&self) -> &'static str {
        ","
    }

    fn max_items(&self) -> usize {
        MAX_RESULTS
    }

    fn notes(&self) -> NotesTo {
        NotesTo::Epilogue
    }

    fn end(&self, closing: &Closing<'_>) -> String {
        let close = if closing.written > 0 {
            "\n      ]"
        } else {
            "]"
        };
        let summary = closing.summary;
        // As for exit code 2: a file not checked, or no file at all (files
        // left out by --force-exclude were left out on purpose).
        let successful = summary.files_failed == 0
            && summary.files_with_input_errors == 0
            && summary.files_checked + summary.files_excluded > 0;
        let notes = notifications(closing);
        format!(
            "{close},\n      \"invocations\": [\n        {{\n          \"executionSuccessful\": {successful},\n          \"toolExecutionNotifications\": {notes}\n        }}\n      ]\n    }}\n  ]\n}}\n"
        )
    }

    fn summary(&self, summary: &Summary, opts: &RenderOptions) -> String {
        super::summary::concise(summary, opts)
    }
}

/// The notifications array: the files' problems, then the run's.
fn notifications(closing: &Closing<'_>) -> String {
    let run = run_notifications(closing);
    let run = run.iter().map(|n| element(n, NOTIFICATION_INDENT));
    let notes: Vec<String> = closing.notes.iter().cloned().chain(run).collect();
    if notes.is_empty() {
        return "[]".to_owned();
    }
    format!(
        "[{}\n{}]",
        notes.join(","),
        " ".repeat(NOTIFICATION_INDENT - 2)
    )
}

/// An array element on its own line at `indent`.
fn element<T: Serialize>(value: &T, indent: usize) -> String {
    format!("\n{}{}", " ".repeat(indent), pretty(value, indent))
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    properties: Properties<'a>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: &str) -> Self {
        Self {
            text: text.trim().to_owned(),
        }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Properties<'a> {
    tags: &'a [String],
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

fn descriptor(rule: &Rule) -> Descriptor<'_> {
    Descriptor {
        id: &rule.id,
        name: pascal_case(&rule.id),
        short_description: Text::new(&rule.title),
        full_description: Text::new(&full_description(rule)),
        help: help(rule),
        help_uri: help_uri(rule),
        properties: Properties { tags: &rule.tags },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
    }
}

/// `contact-point` -> `ContactPoint`.
fn pascal_case(id: &str) -> String {
    let words = id.split(['-', '_', '.', ' ']).filter(|w| !w.is_empty());
    words
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// The rule's help (or, without one, its message) and its references.
fn help(rule: &Rule) -> Help {
    let help = rule.help.as_deref().unwrap_or(&rule.message).trim();
    if rule.references.is_empty() {
        return Help {
            text: help.to_owned(),
            markdown: markdown(help),
        };
    }
    let refs = rule.references.iter().map(|r| r.trim());
    let text: Vec<String> = refs.clone().map(|r| format!("- {r}")).collect();
    let markdown: Vec<String> = refs
        .map(|r| match is_web(r) {
            true => format!("- <{r}>"),
            false => format!("- {r}"),
        })
        .collect();
    Help {
        text: format!("{help}\n\nReferences:\n{}", text.join("\n")),
        markdown: format!(
            "{}\n\n**References**\n\n{}",
            self::markdown(help),
            markdown.join("\n")
        ),
    }
}

/// Help text as Markdown: indented lines are the example wording to add,
/// so they become a quote (Markdown would run them into the paragraph).
fn markdown(help: &str) -> String {
    let lines = help
        .lines()
        .map(|line| match line.strip_prefix([' ', '\t']) {
            Some(_) if !line.trim().is_empty() => format!("> {}", line.trim()),
            _ => line.to_owned(),
        });
    lines.collect::<Vec<_>>().join("\n")
}

fn is_web(reference: &str) -> bool {
    reference.starts_with("https://") || reference.starts_with("http://")
}

/// The rule's first web reference, else the rules documentation.
fn help_uri(rule: &Rule) -> String {
    (rule.references.iter().map(|r| r.trim()))
        .find(|r| is_web(r) && !r.contains(char::is_whitespace))
        .map_or_else(
            || format!("{PROJECT_URL}/blob/main/docs/rules.md"),
            str::to_owned,
        )
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    /// Places in other files the finding is about (translation drift).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// In-source suppressions: SARIF is the one format that keeps
    /// suppressed findings, so code scanning shows them as dismissed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
}

#[derive(Serialize)]
struct SarifSuppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// Lines and columns are 1-based, columns in code points (the run's
/// `columnKind`) with an exclusive end; byte offsets are of the file as
/// stored. `charOffset` is left out: SARIF counts it in UTF-16 units.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

impl From<&Place> for Region {
    fn from(place: &Place) -> Self {
        Self {
            start_line: place.start.line,
            start_column: place.start.column,
            end_line: place.end.line,
            end_column: place.end.column,
            byte_offset: place.bytes.as_ref().map(|b| b.start),
            byte_length: place.bytes.as_ref().map(|b| b.len()),
        }
    }
}

fn results<'a>(path: &Path, checked: Checked<'a>) -> Vec<SarifResult<'a>> {
    if checked.eval.findings.is_empty() {
        return Vec::new(); // most files: skip indexing the text
    }
    let locator = Locator::new(&checked.doc.source);
    let relative = artifact_path(path);
    let shown = relative.to_string_lossy();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut out = Vec::with_capacity(checked.eval.findings.len());
    for finding in &checked.eval.findings {
        let place = locator.place(finding.span.clone());
        let id = rule_id(checked.rules, finding.rule);
        let hash = fingerprint(id, &shown, locator.text(&place));
        let occurrence = seen.entry(hash).or_default();
        *occurrence += 1;
        out.push(SarifResult {
            rule_id: id,
            rule_index: (finding.rule < checked.rules.rules.len()).then_some(finding.rule),
            level: level(finding.severity),
            message: Text::new(&finding.message),
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(&relative),
                    region: Some(Region::from(&place)),
                },
            }],
            related_locations: (finding.related.iter().enumerate())
                .map(|(id, r)| related_location(id, r))
                .collect(),
            partial_fingerprints: BTreeMap::from([(
                FINGERPRINT,
                format!("{hash:016x}:{occurrence}"),
            )]),
            suppressions: suppressions(finding),
        });
    }
    out
}

fn related_location(id: usize, related: &Related) -> RelatedLocation {
    let place = Locator::new(&related.source).place(related.span.clone());
    RelatedLocation {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact_location(&artifact_path(Path::new(&related.path))),
            region: Some(Region::from(&place)),
        },
        message: Text::new(&related.label),
    }
}

fn suppressions(finding: &Finding) -> Vec<SarifSuppression<'_>> {
    let suppression = finding.suppressed.as_ref();
    (suppression.iter())
        .map(|s: &&Suppression| SarifSuppression {
            kind: "inSource",
            justification: s.reason.as_deref(),
        })
        .collect()
}

/// A stable id for a finding: FNV-1a (64-bit) over the rule id, the path
/// and the finding's text with whitespace collapsed and lowercased. Line
/// numbers are left out so that an edit elsewhere in the file keeps it;
/// the caller adds an occurrence number to tell identical findings apart.
pub(super) fn fingerprint(rule: &str, path: &str, text: &str) -> u64 {
    let normalized = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut hash = Fnv1a::default();
    for part in [rule, path, &normalized] {
        hash.write(part.as_bytes());
        hash.write(&[0xff]); // never in UTF-8: parts cannot run together
    }
    hash.0
}

/// 64-bit FNV-1a.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    descriptor: Reference,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct Reference {
    id: String,
}

fn notification(problem: &FileProblem, os_path: Option<&Path>) -> Notification {
    let region = (problem.span.as_ref())
        .map(|(range, text)| Region::from(&Locator::for_text(text).place(range.clone())));
    Notification {
        level: level(problem.severity),
        message: Text::new(&format!("{}: {}", problem.path, problem.message.trim())),
        descriptor: Reference {
            id: problem.kind.as_str().to_owned(),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact(os_path.unwrap_or(Path::new(&problem.path))),
                region,
            },
        }],
    }
}

/// A note that a document was read but not judged, and why (`not-judged`).
fn not_judged_notification(
    shown: &str,
    path: &Path,
    reason: &crate::engine::NotJudged,
) -> Notification {
    Notification {
        level: "note",
        message: Text::new(&format!("{shown}: {}", reason.message())),
        descriptor: Reference {
            id: "not-judged".to_owned(),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact(path),
                region: None,
            },
        }],
    }
}

/// Notifications about the run as a whole: nothing checked, results left out.
fn run_notifications(closing: &Closing<'_>) -> Vec<Notification> {
    let summary = closing.summary;
    let mut out = Vec::new();
    let run_note = |level, id: &str, text: &str| Notification {
        level,
        message: Text::new(text),
        descriptor: Reference { id: id.to_owned() },
        locations: Vec::new(),
    };
    if summary.files_checked == 0 && summary.files_failed == 0 {
        let level = if summary.files_excluded > 0 {
            "note"
        } else {
            "error"
        };
        out.push(run_note(level, "no-files", &super::summary::plain(summary)));
    }
    if closing.dropped > 0 {
        let text = format!(
            "Only the first {MAX_RESULTS} results are included (GitHub code scanning rejects a run with more); {} more were left out. The json format lists them all.",
            closing.dropped
        );
        out.push(run_note("warning", "results-capped", &text));
    }
    out
}

/// GitHub code scanning's limit on a rule's `fullDescription`, in
/// characters.
const MAX_FULL_DESCRIPTION: usize = 1024;

/// The rule's description (else its message), within GitHub's limit; a
/// cut one says where the whole text is.
fn full_description(rule: &Rule) -> String {
    let text = rule.description.as_deref().unwrap_or(&rule.message).trim();
    if text.chars().count() <= MAX_FULL_DESCRIPTION {
        return text.to_owned();
    }
    let pointer = format!(
        " (`clauselint rule {}` gives the whole description.)",
        rule.id
    );
    let room = MAX_FULL_DESCRIPTION - pointer.chars().count();
    format!("{}{pointer}", within(text, room))
}

/// `text` cut at the last sentence end (else space) that keeps it within
/// `max` characters, with an ellipsis; `text` itself when it fits.
fn within(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let room: String = text.chars().take(max - 1).collect();
    let cut = (room.rfind(". ").map(|i| i + 1))
        .or_else(|| room.rfind(char::is_whitespace))
        .unwrap_or(room.len());
    format!("{}…", room[..cut].trim_end())
}

/// Where a file is, for SARIF: relative to the checkout root when it can
/// be, else an absolute `file://` URI.
fn artifact(path: &Path) -> ArtifactLocation {
    artifact_location(&artifact_path(path))
}

/// The location of a path made by `artifact_path`: its bytes as they are
/// (a name that is not UTF-8 included), percent-encoded.
fn artifact_location(relative: &Path) -> ArtifactLocation {
    let bytes = crate::walk::path_bytes(relative);
    if relative.is_absolute() {
        let slash = if bytes.starts_with(b"/") { "" } else { "/" };
        return ArtifactLocation {
            uri: format!("file://{slash}{}", percent_encode(&bytes, ":")),
            uri_base_id: None,
        };
    }
    ArtifactLocation {
        uri: percent_encode(&bytes, ""),
        uri_base_id: Some(SRCROOT),
    }
}

/// `path` relative to the working directory (the checkout's root in CI)
/// when it is under it, without a leading `./`.
fn artifact_path(path: &Path) -> PathBuf {
    let relative = working_dirs()
        .iter()
        .find_map(|dir| path.strip_prefix(dir).ok())
        .filter(|_| path.is_absolute())
        .unwrap_or(path);
    let mut relative = relative.to_path_buf();
    while let Ok(rest) = relative.strip_prefix(".") {
        if rest == relative {
            break;
        }
        relative = rest.to_path_buf();
    }
    relative
}

/// The working directory as given and resolved (a path given through a
/// symlinked directory is still recognised as under it).
fn working_dirs() -> &'static [PathBuf] {
    static DIRS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    DIRS.get_or_init(|| {
        let Ok(cwd) = std::env::current_dir() else {
            return Vec::new();
        };
        let resolved = std::fs::canonicalize(&cwd).ok().filter(|r| *r != cwd);
        std::iter::once(cwd).chain(resolved).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv1a::default();
            h.write(s.as_bytes());
            h.0
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprints_ignore_case_and_spacing_but_not_rule_or_path() {
        let base = fingerprint("r", "a.md", "Privacy  Policy\n");
        assert_eq!(base, fingerprint("r", "a.md", "privacy policy"));
        assert_ne!(base, fingerprint("s", "a.md", "privacy policy"));
        assert_ne!(base, fingerprint("r", "b.md", "privacy policy"));
        assert_ne!(fingerprint("ab", "c", ""), fingerprint("a", "bc", ""));
    }

    #[test]
    fn uris_are_relative_encoded_and_slashed() {
        let uri = |p: &str| artifact(Path::new(p)).uri;
        assert_eq!(uri("./docs/café policy.md"), "docs/caf%C3%A9%20policy.md");
        assert_eq!(uri("a:b,c.md"), "a%3Ab%2Cc.md");
        assert_eq!(artifact(Path::new("x.md")).uri_base_id, Some(SRCROOT));
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("sub").join("p.md");
        assert_eq!(artifact(&inside).uri, "sub/p.md");
        let outside = artifact(Path::new("/nonexistent-root/p q.md"));
        assert_eq!(outside.uri, "file:///nonexistent-root/p%20q.md");
        assert_eq!(outside.uri_base_id, None);
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_keeps_its_bytes_in_the_uri() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"docs/p\xff.md");
        assert_eq!(artifact(Path::new(name)).uri, "docs/p%FF.md");
    }

    #[test]
    fn a_long_description_is_cut_at_a_sentence_within_the_limit() {
        let long = "First sentence is here. ".repeat(60);
        let cut = within(&long, MAX_FULL_DESCRIPTION);
        assert!(cut.chars().count() <= MAX_FULL_DESCRIPTION, "{}", cut.len());
        assert!(cut.ends_with("here.…"), "{cut}");
        assert_eq!(within("Short.", 10), "Short.");
        assert_eq!(within("one two three", 9), "one two…");
    }

    /// GitHub's documented limit, for every built-in rule (four exceeded it).
    #[test]
    fn every_built_in_full_description_is_within_githubs_limit() {
        let engine = crate::engine::Engine::compile(crate::rules::builtin_sources()).unwrap();
        let mut cut = 0;
        for rule in &engine.rules().rules {
            let text = full_description(rule);
            assert!(text.chars().count() <= MAX_FULL_DESCRIPTION, "{}", rule.id);
            cut += usize::from(text.ends_with("gives the whole description.)"));
        }
        assert!(
            cut > 0,
            "no built-in description is long enough to test the cut"
        );
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("contact-point"), "ContactPoint");
        assert_eq!(
            pascal_case("third-party-processors"),
            "ThirdPartyProcessors"
        );
        assert_eq!(pascal_case("x"), "X");
    }
}
