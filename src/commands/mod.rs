//! The subcommands, and the setup they share: configuration and rules.

mod check;
mod eval;
mod explain;
mod output;
mod report;
mod test_rules;

use std::io::IsTerminal;
use std::process::ExitCode;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use crate::cli::{ColorChoice, Command, ConfigArgs};
use crate::config::Config;
use crate::engine::Engine;
use crate::error::{ConfigError, SetupError, UsageError};
use crate::rules::{self, RuleSet};

/// Exit code: no finding at or above the fail level.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at or above the fail level.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, configuration, rule-file or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// What a run of `check` or `report` came to, as its exit code sees it.
pub struct RunOutcome {
    /// Files linted.
    pub checked: usize,
    /// Files that could not be read or linted in full (bad input).
    pub unreadable: usize,
    /// Whether what was found fails the run (findings at the fail level,
    /// documents that had to be judged and were not).
    pub failing: bool,
}

/// The one exit-code policy: bad input or nothing checked is an error (a
/// check that checks nothing must not pass), then findings fail the run.
pub fn exit_code(outcome: &RunOutcome) -> u8 {
    if outcome.unreadable > 0 || outcome.checked == 0 {
        EXIT_ERROR
    } else if outcome.failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

pub fn run(command: Command) -> ExitCode {
    let code = match command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => explain::list(&args),
        Command::Rule(args) => explain::explain(&args),
        Command::Test(args) => test_rules::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Completions(args) => generated(|out| {
            let mut cli = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut cli, "clauselint", out);
            Ok(())
        }),
        Command::Man => generated(|out| {
            let cli = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cli).render(out)
        }),
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
    pub engine: Engine,
    /// How many rules the selection chose: what the summary counts. The
    /// engine's own checks run also when a selection leaves them out.
    pub selected: usize,
}

/// Loads the configuration and compiles the rules, applying selections.
pub fn setup(args: &ConfigArgs) -> Result<Setup, Vec<SetupError>> {
    // Resolving the rules runs on this thread: meanwhile a spare core
    // compiles the date regex (1 ms) that `last-updated` needs on every
    // document, so the first document does not wait for it.
    rayon::spawn(crate::engine::dates::prepare);
    let cwd = std::env::current_dir().map_err(|e| {
        vec![UsageError::plain(format!("cannot read the working directory: {e}")).into()]
    })?;
    setup_in(&cwd, args)
}

/// The setup for files under `dir`: the configuration found from there
/// (the server starts from each file's own folder, not the working one).
pub fn setup_in(dir: &std::path::Path, args: &ConfigArgs) -> Result<Setup, Vec<SetupError>> {
    let config =
        Config::discover(dir, args.config.as_deref(), args.isolated).map_err(|e| vec![e.into()])?;
    setup_with(config, args)
}

/// Compiles the rules a loaded configuration and the arguments select.
pub fn setup_with(mut config: Config, args: &ConfigArgs) -> Result<Setup, Vec<SetupError>> {
    if args.max_file_size.is_some() {
        config.file.max_file_size = args.max_file_size;
    }
    if args.encoding.is_some() {
        config.file.encoding = args.encoding;
    }
    if args.lossy_decoding {
        config.file.lossy_decoding = Some(true);
    }
    // The command line's profiles and selection replace the file's.
    if !args.profiles.is_empty() {
        config.profiles = args.profiles.clone();
    }
    if !args.select.is_empty() {
        config.selected_by_id = true;
    }
    let mut sources = Vec::new();
    let builtin = config.file.builtin.unwrap_or(true) && !args.no_builtin;
    if builtin {
        sources.extend(rules::builtin_sources());
    }
    for path in config.rule_paths().iter().chain(&args.rule_paths) {
        rules::add_rule_path(&mut sources, path).map_err(|e| vec![e.into()])?;
    }
    let mut engine =
        Engine::compile_wanted(sources, Some(&wanted(&config, args))).map_err(into_all)?;
    print_diagnostics(&engine.rules().warnings);
    check_rule_ids(&config, args, engine.rules())?;
    check_profiles(&config, args, engine.rules())?;
    let missing = config.missing_translations();
    if !missing.is_empty() {
        return Err(into_all(missing));
    }
    let selected = select_rules(&mut engine, &config, args, builtin);
    check_today(engine.rules())?;
    // Without the built-in rules, the drift rule alone (registered by the
    // engine) is no rule chosen.
    let builtin_check = |r: &rules::Rule| {
        crate::engine::checks::is_builtin_check(&r.id)
            || (r.id == crate::translations::DRIFT && !builtin)
    };
    if engine.rules().rules.iter().all(builtin_check) {
        return Err(vec![UsageError::plain(
            "no rules in force: the selection leaves nothing to check (see --select, --ignore, --no-builtin and the configuration)",
        ).into()]);
    }
    Ok(Setup {
        config,
        engine,
        selected,
    })
}

/// Errors of one type as errors of a run.
pub fn into_all<E: Into<SetupError>>(errors: Vec<E>) -> Vec<SetupError> {
    errors.into_iter().map(Into::into).collect()
}

/// Rules with `max-age-months` compare dates with today: an unreadable
/// `CLAUSELINT_TODAY` is an error, not a silent fall back to the clock.
pub fn check_today(rules: &RuleSet) -> Result<(), Vec<SetupError>> {
    if rules.rules.iter().all(|r| r.max_age.is_none()) {
        return Ok(());
    }
    crate::engine::dates::today()
        .map(|_| ())
        .map_err(|e| vec![UsageError::plain(e).into()])
}

/// The built-in rules worth compiling: those of every profile some file is
/// checked with, and those a selection names (any pack's).
fn wanted(config: &Config, args: &ConfigArgs) -> rules::Wanted {
    let file = &config.file;
    let named = (file.select.iter())
        .chain(file.overrides.iter().flat_map(|o| &o.select))
        .map(|s| s.get_ref().clone());
    rules::Wanted {
        profiles: config.all_profiles(),
        ids: named.chain(args.select.iter().cloned()).collect(),
    }
}

/// Every profile named in the configuration or on the command line must be
/// known (a built-in pack, or one a loaded rule declares).
fn check_profiles(
    config: &Config,
    args: &ConfigArgs,
    rules: &RuleSet,
) -> Result<(), Vec<SetupError>> {
    let known = rules.profiles();
    let unknown = |name: &str| -> Option<String> {
        if known.iter().any(|k| k == name) {
            return None;
        }
        let hint = crate::rules::closest(name, known.iter().map(String::as_str))
            .map_or(String::new(), |k| format!(" (did you mean `{k}`?)"));
        Some(format!("unknown profile `{name}`{hint}"))
    };
    let help = format!("the profiles are: {}", known.join(", "));
    let mut errors: Vec<SetupError> = Vec::new();
    for name in config.named_profiles() {
        if let (Some(message), Some(src)) = (unknown(name.get_ref()), &config.source) {
            let error = ConfigError::at(src, name.span(), message, "no such profile");
            errors.push(error.with_help(help.clone()).into());
        }
    }
    for name in &args.profiles {
        if let Some(message) = unknown(name) {
            errors.push(UsageError::plain(message).with_help(help.clone()).into());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Every rule id named in the configuration or on the command line must
/// exist: a typo would otherwise silently check nothing.
fn check_rule_ids(
    config: &Config,
    args: &ConfigArgs,
    rules: &RuleSet,
) -> Result<(), Vec<SetupError>> {
    // Built-in rules of packs not in force are not compiled, but their
    // ids are known.
    let known = || rules.all_ids.iter().map(String::as_str);
    let unknown = |id: &str| -> Option<String> {
        if rules.all_ids.iter().any(|k| k == id) {
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
                ConfigError::at(src, id.span(), message, "no rule has this id")
                    .with_help("`clauselint rules` lists the rules in force")
                    .into(),
            );
        }
    }
    for id in args.select.iter().chain(&args.ignore) {
        if let Some(message) = unknown(id) {
            errors.push(
                UsageError::plain(message)
                    .with_help("`clauselint rules` lists the rules in force")
                    .into(),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Keeps the rules selected (and the engine's own checks); returns how many
/// the selection chose. The engine's checks count as the built-in rules
/// they are when those are loaded (as the summary always counted them).
fn select_rules(engine: &mut Engine, config: &Config, args: &ConfigArgs, builtin: bool) -> usize {
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
    // The engine's own checks stay whatever the selection, unless ignored
    // by name: a misspelt directive must not pass silently.
    // Without a selection, the profiles decide: those of the run, and those
    // the overrides give some files (`rule_for_file` then keeps each rule
    // to its files). Rules an override selects are kept for its files too.
    let profiles = config.all_profiles();
    let override_selected =
        |id: &str| (file.overrides.iter()).any(|o| o.select.iter().any(|s| s.get_ref() == id));
    let in_force = |r: &rules::Rule| {
        let by_id = select.contains(&r.id.as_str()) || override_selected(&r.id);
        let by_profile = select.is_empty() && r.in_profiles(&profiles);
        (by_id || by_profile) && !ignore.contains(&r.id.as_str())
    };
    let builtin_check = |id: &str| crate::engine::checks::is_builtin_check(id);
    let configured = |r: &rules::Rule| {
        (file.severity.iter())
            .find(|(k, _)| k.get_ref() == &r.id)
            .map_or(r.severity, |(_, severity)| *severity)
    };
    engine.select(
        |r| in_force(r) || (builtin_check(&r.id) && !ignore.contains(&r.id.as_str())),
        configured,
    );
    (engine.rules().rules.iter())
        .filter(|r| in_force(r) && (builtin || !builtin_check(&r.id)))
        .count()
}

/// Text made by `write` (completions, the man page), printed.
fn generated(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> u8 {
    let mut out = Vec::new();
    if let Err(e) = write(&mut out) {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    match output::print(&String::from_utf8_lossy(&out), EXIT_OK) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}

/// Whether to colour output written to a stream. `auto` honours, as other
/// command-line tools do: `NO_COLOR` (never), `FORCE_COLOR` (always, unless
/// `0`), `TERM=dumb` (never), then whether the stream is a terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("FORCE_COLOR").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if set("TERM").is_some_and(|v| v == "dumb") => false,
        ColorChoice::Auto => is_terminal,
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

/// The paths to check: those given, or the current directory.
pub fn paths_or_cwd(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    if paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// [`setup_or_report`] for a command that checks `paths`: with no
/// `--config`, the configuration is found as [`crate::config::locate`]
/// says, so one next to the files applies when the working directory has
/// none (an editor running `check` on an absolute path, a run from
/// elsewhere).
pub fn setup_for_paths(args: &ConfigArgs, paths: &[std::path::PathBuf]) -> Option<Setup> {
    if args.config.is_some() || args.isolated {
        return setup_or_report(args);
    }
    // An unreadable working directory is reported by `setup` itself.
    let Ok(cwd) = std::env::current_dir() else {
        return setup_or_report(args);
    };
    match crate::config::locate(&cwd, paths) {
        Ok(config) => setup_or_report(&ConfigArgs {
            config,
            ..args.clone()
        }),
        Err(conflict) => {
            let help = "pass --config FILE, or check the paths in separate runs";
            print_diagnostics(&[UsageError::plain(conflict.to_string()).with_help(help)]);
            None
        }
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
