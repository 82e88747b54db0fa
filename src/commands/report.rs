//! `clauselint report`: the evidence report, a matrix of documents by
//! clause rules. Files are found, loaded, evaluated and configured exactly
//! as `check` does; each document is reduced to its row (positions and
//! sentences) in parallel and dropped, and the rows are rendered at the end
//! in path order.

use rayon::prelude::*;

use super::check::MANY_FILES;
use super::output::{Output, WriteFailure};
use super::{EXIT_ERROR, RunOutcome, Setup, setup_for_paths};
use crate::cli::ReportArgs;
use crate::engine::Workload;
use crate::error::ProblemKind;
use crate::lint::{self, Linted};
use crate::matrix::{self, Column, Matrix, Row};
use crate::translations::{self, group::Folders};
use crate::walk::{self, Candidate, Found};

pub fn run(args: &ReportArgs) -> u8 {
    let paths = super::paths_or_cwd(&args.paths);
    let Some(mut setup) = setup_for_paths(&args.config, &paths) else {
        return EXIT_ERROR;
    };
    let columns = matrix::columns(setup.engine.rules());
    if columns.is_empty() {
        eprintln!(
            "error: no clause rules in force: the report's columns are the `require` rules \
             (see --select, --ignore, --no-builtin and the configuration)"
        );
        return EXIT_ERROR;
    }
    // Open the output before the work, so a bad path fails fast.
    let Some(mut out) = Output::open_or_say(args.output_file.as_deref()) else {
        return EXIT_ERROR;
    };
    let options = walk::WalkOptions {
        honour_ignores: !args.no_ignore,
        force_exclude: false,
    };
    // The report holds a row per document anyway: the files are listed.
    let mut discovery = walk::discover(&paths, &setup.config, options);
    let mut walk_errors = std::mem::take(&mut discovery.errors);
    let mut files: Vec<Candidate> = Vec::new();
    for found in discovery {
        match found {
            Found::File(candidate) => files.push(candidate),
            Found::Error(error) => walk_errors.push(error),
        }
    }
    if files.len() >= MANY_FILES {
        setup.engine.optimise_for(Workload::Many);
    }

    // `collect` keeps the order of `files` (sorted by path) whatever the
    // number of threads; each document is dropped once its row is built.
    let folders = Folders::default();
    let mut rows: Vec<Row> = files
        .par_iter()
        .map(|candidate| row(candidate, &setup, &columns, &folders))
        .collect();
    rows.extend(
        (walk_errors.iter())
            .map(|error| Row::error(&error.display, ProblemKind::Walk, &error.message)),
    );
    rows.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    let matrix = Matrix {
        columns,
        rows,
        profiles: setup.config.all_profiles_in_order(),
    };

    let text = matrix.render(args.format);
    let written = out.write(&text).and_then(|()| out.finish());
    if let Err(WriteFailure::Failed(_)) = &written {
        written.unwrap_err().report();
        return EXIT_ERROR;
    }
    let totals = matrix.totals();
    eprintln!("{}", totals.sentence(matrix.columns.len()));
    if totals.checked == 0 {
        eprintln!("error: no file was checked");
    }
    super::exit_code(&RunOutcome {
        checked: totals.checked,
        unreadable: totals.not_checked + totals.input_errors,
        failing: totals.failing > 0,
    })
}

/// One file's row: loaded and evaluated as `check` does, with the
/// configuration for the file applied; suppressed findings are kept (the
/// report shows them as accepted).
fn row(candidate: &Candidate, setup: &Setup, columns: &[Column], folders: &Folders) -> Row {
    let Linted {
        doc, evaluation, ..
    } = match lint::lint_file(candidate, &setup.config, &setup.engine) {
        Ok(linted) => linted,
        Err(failure) => {
            return Row::error(&candidate.display, failure.kind(), &failure.to_string());
        }
    };
    let rules = &setup.engine.rules().rules;
    let off_by_config = |idx: usize| {
        let rule = &rules[idx];
        (setup.config)
            .rule_for_file(&candidate.path, rule)
            .is_none()
    };
    let mut row = matrix::build::checked_row(
        &candidate.display,
        &doc,
        &evaluation,
        setup.engine.rules(),
        columns,
        off_by_config,
    );
    row.translation = translations::group_name(&candidate.path, &doc, &setup.config, folders);
    row
}
