//! `clauselint check`: lint files in parallel, print in a stable order.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::output::{Output, WriteFailure};
use super::{EXIT_ERROR, RunOutcome, Setup, setup_for_paths, use_color};
use crate::cli::CheckArgs;
use crate::document::Document;
use crate::engine::{Evaluation, NotJudged, Workload};
use crate::error::ProblemKind;
use crate::lint::{self, Linted};
use crate::report::{
    self, Checked, FileProblem, FileReport, Fragment, OutputFormat, RenderOptions, Stream, Summary,
};
use crate::rules::Severity;
use crate::translations;
use crate::walk::{self, Candidate, Found, WalkError};

/// Files are linted in parallel in chunks of this many, and each chunk is
/// printed in order before the next starts: output stays deterministic and
/// memory does not grow with the number of files.
const CHUNK: usize = 128;

/// From this many files on, the matcher is built for scanning speed.
pub(super) const MANY_FILES: usize = 64;

pub fn run(args: &CheckArgs) -> u8 {
    let paths = super::paths_or_cwd(&args.paths);
    let stdin = match stdin_name(args) {
        Ok(stdin) => stdin,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    // Standard input is linted as if it were that file: configured as it.
    let configured_as = match &stdin {
        Some(name) => std::slice::from_ref(name),
        None => paths.as_slice(),
    };
    let Some(mut setup) = setup_for_paths(&args.config, configured_as) else {
        return EXIT_ERROR;
    };
    let to_terminal = args.output_file.is_none() && io::stdout().is_terminal();
    let opts = RenderOptions {
        color: use_color(args.color, to_terminal),
        width: terminal_width(),
        columns: args.column_unit,
    };
    let Some(mut out) = Output::open_or_say(args.output_file.as_deref()) else {
        return EXIT_ERROR;
    };
    let options = walk::WalkOptions {
        honour_ignores: !args.no_ignore,
        force_exclude: args.force_exclude,
    };
    let (found, walk_errors, excluded): (Box<dyn Iterator<Item = Found> + '_>, _, _) = match &stdin
    {
        Some(name) if args.force_exclude && setup.config.excludes(name) => {
            (Box::new(std::iter::empty()), Vec::new(), 1)
        }
        Some(name) => (
            Box::new(std::iter::once(Found::File(Candidate::stdin(name)))),
            Vec::new(),
            0,
        ),
        None => {
            let mut discovery = walk::discover(&paths, &setup.config, options);
            let errors = std::mem::take(&mut discovery.errors);
            let excluded = discovery.excluded;
            (Box::new(discovery), errors, excluded)
        }
    };
    let in_shard = |found: &Found| match (found, args.shard) {
        (Found::File(candidate), Some(shard)) => shard.contains(candidate),
        _ => true,
    };
    let mut found = found.filter(in_shard);
    // The files are found as they are linted; the first ones say whether
    // the run is a large one.
    let mut ahead: Vec<Found> = Vec::new();
    let mut ahead_files = 0;
    while ahead_files < MANY_FILES {
        let Some(next) = found.next() else { break };
        ahead_files += usize::from(matches!(next, Found::File(_)));
        ahead.push(next);
    }
    if ahead_files >= MANY_FILES {
        setup.engine.optimise_for(Workload::Many);
    }
    let setup = &setup;
    // The run's paths, for translation drift, are listed again only when a
    // document has another version (a second walk, not a list kept).
    let run = translations::Run::new(|| match &stdin {
        Some(name) => vec![name.clone()],
        None => (walk::discover(&paths, &setup.config, options).filter(in_shard))
            .filter_map(|f| match f {
                Found::File(c) => Some(c.path),
                Found::Error(_) => None,
            })
            .collect(),
    });

    let mut summary = Summary {
        rules: setup.selected,
        files_excluded: excluded,
        ..Summary::default()
    };
    // The languages of the documents judged: the rules for other languages
    // (the APPI rules in an English-only run) are not counted as checked.
    let mut judged_languages: std::collections::BTreeSet<String> = Default::default();
    let mut grouped = false;
    let mut stream = Stream::new(args.format);
    let mut text = stream.begin(setup.engine.rules());
    for error in &walk_errors {
        let result = FileResult::walk_error(args.format, error, &opts);
        result.add_to(&mut summary);
        text.push_str(&stream.file(result.output));
    }
    let mut found = ahead.into_iter().chain(found);
    loop {
        let chunk: Vec<Found> = found.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let results: Vec<FileResult> = chunk
            .par_iter()
            .map(|found| match found {
                Found::File(c) => check_file(c, setup, args, &opts, &run),
                Found::Error(error) => FileResult::walk_error(args.format, error, &opts),
            })
            .collect();
        for result in results {
            result.add_to(&mut summary);
            judged_languages.extend(result.judged_languages.iter().cloned());
            grouped |= result.grouped;
            text.push_str(&stream.file(result.output));
        }
        if let Err(failure) = out.write(&text) {
            return stopped(failure, args, setup, &summary);
        }
        text.clear();
    }
    if !judged_languages.is_empty() {
        summary.rules -= rules_for_other_languages(setup, &judged_languages);
    }
    if !grouped {
        summary.rules -= translations::in_force(setup.engine.rules());
    }
    // The epilogue closes single-document formats (JSON, SARIF).
    text.push_str(&stream.end(&summary));
    if let Err(failure) = out.write(&text).and_then(|()| out.finish()) {
        return stopped(failure, args, setup, &summary);
    }
    eprint!(
        "{}",
        report::render_summary(
            args.format,
            &summary,
            &RenderOptions {
                color: use_color(args.color, io::stderr().is_terminal()),
                ..opts
            }
        )
    );
    exit_code(args, setup, &summary)
}

/// The name standard input is linted as, when it is read: `-` as the path
/// (named by `--stdin-filename`, else `-`), or `--stdin-filename` alone.
fn stdin_name(args: &CheckArgs) -> Result<Option<PathBuf>, &'static str> {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    match (&args.stdin_filename, dash, args.paths.len()) {
        (name, true, 1) => Ok(Some(name.clone().unwrap_or_else(|| PathBuf::from("-")))),
        (_, true, _) => Err("`-` (standard input) cannot be checked with other paths"),
        (Some(name), false, 0) => Ok(Some(name.clone())),
        (Some(_), false, _) => Err("--stdin-filename names standard input: give no path, or `-`"),
        (None, false, _) => Ok(None),
    }
}

/// Output that could not be written: a closed standard output ends the run
/// quietly with the exit code of what was linted so far (as `grep` does);
/// any other write error is said, exit 2.
fn stopped(failure: WriteFailure, args: &CheckArgs, setup: &Setup, summary: &Summary) -> u8 {
    failure.report();
    match failure {
        WriteFailure::Closed => exit_code(args, setup, summary),
        WriteFailure::Failed(_) => EXIT_ERROR,
    }
}

fn exit_code(args: &CheckArgs, setup: &Setup, summary: &Summary) -> u8 {
    let fail_on: Severity = args
        .fail_on
        .map(Into::into)
        .or(setup.config.file.fail_on)
        .unwrap_or(Severity::Error);
    let failing = match fail_on {
        Severity::Error => summary.errors,
        Severity::Warning => summary.errors + summary.warnings,
        Severity::Info => summary.errors + summary.warnings + summary.infos,
    };
    let fail_on_unjudged = fails_on_unjudged(args, setup);
    // A document whose language could not be told was checked by nothing:
    // in a pre-commit hook, whose output is shown only on failure, passing
    // it would be a silent pass. The summary says to declare the language.
    let unjudged = summary.not_judged.unknown_language > 0
        || (fail_on_unjudged && summary.not_judged.total() > 0);
    super::exit_code(&RunOutcome {
        checked: summary.files_checked + summary.files_excluded,
        unreadable: summary.files_failed + summary.files_with_input_errors,
        failing: (failing > 0 || unjudged) && !args.exit_zero,
    })
}

/// What linting one file produced.
struct FileResult {
    output: Fragment,
    checked: bool,
    /// The file could not be linted.
    failed: bool,
    /// The file was linted, but its input has errors (broken front matter).
    input_errors: bool,
    counts: [usize; 3],
    not_applicable: usize,
    not_judged: Option<NotJudged>,
    /// The languages the document was judged in (none when not judged).
    judged_languages: Vec<String>,
    /// The document has versions in other languages.
    grouped: bool,
}

impl FileResult {
    fn add_to(&self, summary: &mut Summary) {
        if let Some(reason) = &self.not_judged {
            summary.not_judged.add(reason);
        }
        summary.files_checked += usize::from(self.checked);
        summary.files_failed += usize::from(self.failed);
        summary.files_with_input_errors += usize::from(self.input_errors);
        summary.infos += self.counts[0];
        summary.warnings += self.counts[1];
        summary.errors += self.counts[2];
        summary.not_applicable += self.not_applicable;
    }

    /// A place that could not be walked.
    fn walk_error(format: OutputFormat, error: &WalkError, opts: &RenderOptions) -> Self {
        let problem = [FileProblem::error(
            &error.display,
            ProblemKind::Walk,
            &error.message,
        )];
        Self::failed(
            format,
            FileReport::failed(&error.display, None, &problem),
            opts,
        )
    }

    fn problem(
        format: OutputFormat,
        candidate: &Candidate,
        problem: FileProblem,
        opts: &RenderOptions,
    ) -> Self {
        let problems = [problem];
        let file = FileReport::failed(&candidate.display, Some(candidate.format), &problems)
            .on_disk(&candidate.path);
        Self::failed(format, file, opts)
    }

    /// A file (or place) that could not be linted.
    fn failed(format: OutputFormat, file: FileReport<'_>, opts: &RenderOptions) -> Self {
        Self {
            output: report::render_file(format, &file, opts),
            checked: false,
            failed: true,
            input_errors: false,
            counts: [0; 3],
            not_applicable: 0,
            not_judged: None,
            judged_languages: Vec::new(),
            grouped: false,
        }
    }
}

/// Whether a document not judged fails the run (`--fail-on-unjudged`,
/// `fail-on-unjudged = true`).
fn fails_on_unjudged(args: &CheckArgs, setup: &Setup) -> bool {
    args.fail_on_unjudged || setup.config.file.fail_on_unjudged.unwrap_or(false)
}

fn check_file(
    candidate: &Candidate,
    setup: &Setup,
    args: &CheckArgs,
    opts: &RenderOptions,
    run: &translations::Run<'_>,
) -> FileResult {
    let format = args.format;
    let linted = lint::lint_file(candidate, &setup.config, &setup.engine).map(|mut linted| {
        let drift = translations::check(
            &mut linted,
            &candidate.display,
            &setup.config,
            &setup.engine,
            run,
        );
        (linted, drift.grouped)
    });
    let (
        Linted {
            doc,
            mut evaluation,
            not_applicable,
        },
        grouped,
    ) = match linted {
        Ok(linted) => linted,
        Err(failure) => {
            return FileResult::problem(
                format,
                candidate,
                FileProblem::error(&candidate.display, failure.kind(), &failure.to_string()),
                opts,
            );
        }
    };
    // Suppressed findings are never counted; SARIF shows them only when
    // asked, marked as suppressed in source with the directive's reason.
    if format != OutputFormat::Sarif || !args.sarif_include_suppressed {
        evaluation.findings.retain(|f| f.suppressed.is_none());
    }
    let source: Arc<str> = Arc::from(doc.source.text.as_str());
    let problems: Vec<FileProblem> = (doc.warnings.iter())
        .map(|warning| FileProblem {
            path: candidate.display.clone(),
            kind: warning.kind,
            message: warning.message.clone(),
            severity: Severity::Error,
            span: warning.range.clone().map(|r| (r, Arc::clone(&source))),
        })
        .chain(language_note(
            &candidate.display,
            &doc,
            &evaluation,
            &source,
        ))
        .chain(unjudged_error(
            &candidate.display,
            &doc,
            &evaluation,
            args,
            setup,
            &source,
        ))
        .collect();
    let file = FileReport {
        path: &candidate.display,
        os_path: None,
        format: Some(doc.format),
        checked: Some(Checked {
            doc: &doc,
            eval: &evaluation,
            rules: setup.engine.rules(),
        }),
        problems: &problems,
    }
    .on_disk(&candidate.path);
    let output = report::render_file(format, &file, opts);
    let mut counts = [0; 3];
    for finding in evaluation
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
    {
        counts[finding.severity as usize] += 1;
    }
    FileResult {
        output,
        checked: true,
        failed: false,
        input_errors: !doc.warnings.is_empty(),
        counts,
        not_applicable,
        judged_languages: match evaluation.not_judged {
            Some(_) => Vec::new(),
            None => doc
                .language
                .codes()
                .into_iter()
                .map(str::to_owned)
                .collect(),
        },
        not_judged: evaluation.not_judged.clone(),
        grouped,
    }
}

/// How many rules in force judge none of `languages`: a rule for Japanese
/// documents did not check an English-only run.
fn rules_for_other_languages(
    setup: &Setup,
    languages: &std::collections::BTreeSet<String>,
) -> usize {
    (setup.engine.rules().rules.iter())
        .filter(|r| !r.languages.is_empty())
        .filter(|r| !languages.iter().any(|l| r.applies_to_language(Some(l))))
        .count()
}

/// When a document not judged fails the run, the file is named with the
/// reason: a failure that names no file cannot be fixed.
fn unjudged_error(
    path: &str,
    doc: &Document,
    evaluation: &Evaluation,
    args: &CheckArgs,
    setup: &Setup,
    source: &Arc<str>,
) -> Option<FileProblem> {
    let reason = evaluation.not_judged.as_ref()?;
    fails_on_unjudged(args, setup).then(|| {
        // At the title, where a missing clause would be.
        FileProblem::error(path, ProblemKind::NotJudged, &reason.message())
            .at(doc.anchor.clone(), Arc::clone(source))
    })
}

/// What the reader of a file should know about its language: a declaration
/// the text contradicts, or why the language is unknown when that kept the
/// file from being judged. Said at the declaration when there is one; an
/// info line, it fails nothing by itself.
fn language_note(
    path: &str,
    doc: &Document,
    evaluation: &Evaluation,
    source: &Arc<str>,
) -> Option<FileProblem> {
    let note = doc.language.note.as_ref()?;
    let matters = doc.language.code.is_some()
        || matches!(evaluation.not_judged, Some(NotJudged::UnknownLanguage(_)));
    if !matters {
        return None;
    }
    let span = (doc.front_matter.as_ref())
        .and_then(|fm| fm.declared_language_range(&doc.source.text))
        .map(|range| (range, Arc::clone(source)));
    Some(FileProblem {
        path: path.to_owned(),
        kind: ProblemKind::Language,
        message: note.clone(),
        severity: Severity::Info,
        span,
    })
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w| w >= 40)
        .unwrap_or(100)
}
