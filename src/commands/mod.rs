//! The subcommands, and the setup they share: configuration and rules.

mod check;
mod eval;
mod explain;
mod report;
mod test_rules;

use std::io::IsTerminal;
use std::process::ExitCode;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use crate::cli::{ColorChoice, Command, ConfigArgs};
use crate::config::Config;
use crate::rules::{self, RuleFileError, RuleSet};

/// Exit code: no finding at or above the fail level.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at or above the fail level.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, configuration, rule-file or I/O error.
pub const EXIT_ERROR: u8 = 2;

pub fn run(command: Command) -> ExitCode {
    let code = match command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => explain::list(&args),
        Command::Rule(args) => explain::explain(&args),
        Command::Test(args) => test_rules::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Server(_) => match crate::server::run() {
            Ok(()) => EXIT_OK,
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_ERROR
            }
        },
    };
    ExitCode::from(code)
}

/// The configuration and the rules in force for a run.
pub struct Setup {
    pub config: Config,
    pub rules: RuleSet,
}

/// Loads the configuration and compiles the rules, applying selections.
pub fn setup(args: &ConfigArgs) -> Result<Setup, Vec<RuleFileError>> {
    // Resolving the rules runs on this thread: meanwhile a spare core
    // compiles the date regex (1 ms) that `last-updated` needs on every
    // document, so the first document does not wait for it.
    rayon::spawn(crate::engine::dates::prepare);
    let cwd = std::env::current_dir().map_err(|e| {
        vec![RuleFileError::plain(format!(
            "cannot read the working directory: {e}"
        ))]
    })?;
    setup_in(&cwd, args)
}

/// The setup for files under `dir`: the configuration found from there
/// (the server starts from each file's own folder, not the working one).
pub fn setup_in(dir: &std::path::Path, args: &ConfigArgs) -> Result<Setup, Vec<RuleFileError>> {
    let config =
        Config::discover(dir, args.config.as_deref(), args.isolated).map_err(|e| vec![e])?;
    setup_with(config, args)
}

/// Compiles the rules a loaded configuration and the arguments select.
pub fn setup_with(config: Config, args: &ConfigArgs) -> Result<Setup, Vec<RuleFileError>> {
    let mut sources = Vec::new();
    if config.file.builtin.unwrap_or(true) && !args.no_builtin {
        sources.extend(rules::builtin_sources());
    }
    for path in config.rule_paths().iter().chain(&args.rule_paths) {
        rules::add_rule_path(&mut sources, path).map_err(|e| vec![e])?;
    }
    let mut rules = rules::compile(sources)?;
    check_rule_ids(&config, args, &rules)?;
    select_rules(&mut rules, &config, args);
    check_today(&rules)?;
    if rules.rules.is_empty() {
        return Err(vec![RuleFileError::plain(
            "no rules in force: the selection leaves nothing to check (see --select, --ignore, --no-builtin and the configuration)".into(),
        )]);
    }
    Ok(Setup { config, rules })
}

/// Rules with `max-age-months` compare dates with today: an unreadable
/// `CLAUSELINT_TODAY` is an error, not a silent fall back to the clock.
pub fn check_today(rules: &RuleSet) -> Result<(), Vec<RuleFileError>> {
    if rules.rules.iter().all(|r| r.max_age.is_none()) {
        return Ok(());
    }
    crate::engine::dates::today()
        .map(|_| ())
        .map_err(|e| vec![RuleFileError::plain(e)])
}

/// Every rule id named in the configuration or on the command line must
/// exist: a typo would otherwise silently check nothing.
fn check_rule_ids(
    config: &Config,
    args: &ConfigArgs,
    rules: &RuleSet,
) -> Result<(), Vec<RuleFileError>> {
    let known = || rules.rules.iter().map(|r| r.id.as_str());
    let unknown = |id: &str| -> Option<String> {
        if rules.get(id).is_some() {
            return None;
        }
        let hint = crate::rules::closest(id, known())
            .map_or(String::new(), |k| format!(" (did you mean `{k}`?)"));
        Some(format!("unknown rule id `{id}`{hint}"))
    };
    let mut errors = Vec::new();
    for id in config.named_rule_ids() {
        if let (Some(message), Some(src)) = (unknown(id.get_ref()), &config.source) {
            errors.push(
                RuleFileError::at(src, id.span(), message, "no rule has this id")
                    .with_help("`clauselint rules` lists the rules in force"),
            );
        }
    }
    for id in args.select.iter().chain(&args.ignore) {
        if let Some(message) = unknown(id) {
            errors.push(
                RuleFileError::plain(message)
                    .with_help("`clauselint rules` lists the rules in force"),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn select_rules(rules: &mut RuleSet, config: &Config, args: &ConfigArgs) {
    let file = &config.file;
    let select: Vec<&str> = if args.select.is_empty() {
        file.select.iter().map(|s| s.get_ref().as_str()).collect()
    } else {
        args.select.iter().map(String::as_str).collect()
    };
    let ignore: Vec<&str> = file
        .ignore
        .iter()
        .map(|s| s.get_ref().as_str())
        .chain(args.ignore.iter().map(String::as_str))
        .collect();
    rules.retain(|r| {
        (select.is_empty() || select.contains(&r.id.as_str())) && !ignore.contains(&r.id.as_str())
    });
    for rule in &mut rules.rules {
        if let Some((_, severity)) = file.severity.iter().find(|(k, _)| k.get_ref() == &rule.id) {
            rule.severity = *severity;
        }
    }
}

/// Whether to colour output written to a stream.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Prints diagnostics (rule-file and configuration errors) to stderr.
pub fn print_diagnostics<D: Diagnostic>(errors: &[D]) {
    let color = use_color(ColorChoice::Auto, std::io::stderr().is_terminal());
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    let mut out = String::new();
    for error in errors {
        if handler.render_report(&mut out, error).is_err() {
            out.push_str(&format!("error: {error}\n"));
        }
    }
    eprint!("{out}");
}

/// The report's destination: the file given, or standard output; `None`
/// (after saying why) when the file cannot be created.
pub fn open_output(path: Option<&std::path::Path>) -> Option<Box<dyn std::io::Write>> {
    use std::io::BufWriter;
    match path {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Some(Box::new(BufWriter::new(f))),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                None
            }
        },
        None => Some(Box::new(BufWriter::new(std::io::stdout().lock()))),
    }
}

/// The paths to check: those given, or the current directory.
pub fn paths_or_cwd(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    if paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// Loads the setup or prints why not; `None` means exit with [`EXIT_ERROR`].
pub fn setup_or_report(args: &ConfigArgs) -> Option<Setup> {
    match setup(args) {
        Ok(setup) => Some(setup),
        Err(errors) => {
            print_diagnostics(&errors);
            None
        }
    }
}
