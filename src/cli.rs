//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::document::ColumnUnit;
use crate::matrix::ReportFormat;
use crate::report::OutputFormat;
use crate::rules::Severity;

/// A policy-as-code compliance linter for privacy policies.
///
/// clauselint reads privacy policies (Markdown with YAML front matter, HTML,
/// plain text), runs declarative TOML rules over them, and reports every
/// required clause that is missing or deficient at its place in the file.
#[derive(Debug, Parser)]
#[command(
    name = "clauselint",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes:\n  0  no finding at or above --fail-on\n  1  at least one finding at or above --fail-on (or a failing rule example)\n  2  usage, configuration, rule-file or I/O error (other files are still checked)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check policy files for missing or deficient clauses.
    Check(CheckArgs),
    /// List the rules in force.
    Rules(RulesArgs),
    /// Explain one rule: what counts, why, references and examples.
    Rule(RuleArgs),
    /// Run the pass/fail examples kept with rule files.
    Test(TestArgs),
    /// Measure the rules on a labelled corpus: precision and recall of
    /// missing-clause findings, per rule.
    Eval(EvalArgs),
    /// Write an evidence report for auditors: a matrix of documents by
    /// clauses (present, missing, deficient, n/a) with the text that
    /// decided each cell. Exits with 1 when a clause is missing or
    /// deficient, 2 when a file could not be checked.
    Report(ReportArgs),
    /// A language server (LSP) over standard input and output, for editors:
    /// diagnostics as you type, quick fixes, hover, a code lens.
    Server(ServerArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `clauselint man > clauselint.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Talk over standard input and output (the only transport; accepted
    /// because editors' language clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Options that choose the configuration and the rules.
#[derive(Debug, Args, Clone, Default)]
pub struct ConfigArgs {
    /// Use this configuration file instead of the nearest clauselint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore all configuration files.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Add rule files, or directories of *.toml rule files (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rule_paths: Vec<PathBuf>,
    /// Do not load the built-in rules.
    #[arg(long)]
    pub no_builtin: bool,
    /// Check only these rules (comma-separated ids).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated ids).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Do not read files (or standard input) larger than this: bytes, or
    /// with a unit (10MB, 64MiB) [default: 64MiB, or max-file-size in the
    /// configuration].
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<crate::config::FileSize>,
    /// Read files without a byte-order mark in this encoding instead of
    /// guessing it (a WHATWG label: utf-8, windows-1252, iso-8859-2,
    /// shift_jis, euc-jp) [default: UTF-8 if valid, else a guess, or
    /// `encoding` in the configuration].
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<crate::config::EncodingName>,
    /// Read invalid UTF-8 (UTF-8 mixed with another encoding) with each
    /// broken sequence replaced by U+FFFD, and say so, instead of refusing
    /// the file: for scans of web corpora, not for a repository's own
    /// policies [or `lossy-decoding` in the configuration].
    #[arg(long)]
    pub lossy_decoding: bool,
    /// Check the rules of these profiles: core (the default), gdpr, ccpa,
    /// caloppa, coppa (repeatable, or comma-separated). Replaces the
    /// configuration's `profiles`.
    #[arg(long = "profile", value_name = "NAMES", value_delimiter = ',')]
    pub profiles: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check [default: .]; `-` reads standard
    /// input (named by --stdin-filename).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Output format.
    #[arg(long, value_enum, env = "CLAUSELINT_OUTPUT_FORMAT", default_value_t = OutputFormat::Graphical)]
    pub format: OutputFormat,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Exit with 1 when a finding of at least this severity is reported.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    /// Always exit with 0 when the files could be checked (report only).
    #[arg(long)]
    pub exit_zero: bool,
    /// Exit with 1 when a document was not judged (not a privacy notice, or
    /// in a language without rules) instead of only saying so.
    #[arg(long)]
    pub fail_on_unjudged: bool,
    /// What the columns of the concise, json and github formats count:
    /// `byte` for vim's `%c`, `utf16` for LSP-like consumers. The graphical
    /// and sarif formats always count characters (SARIF declares it).
    #[arg(long, value_enum, value_name = "UNIT", default_value_t = ColumnUnit::Char)]
    pub column_unit: ColumnUnit,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// In SARIF, also write the findings a suppression directive silenced,
    /// marked as suppressed in source (GitHub code scanning would show
    /// them as alerts: they are left out by default).
    #[arg(long)]
    pub sarif_include_suppressed: bool,
    /// Do not honour .gitignore and .ignore files, and check hidden files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Lint standard input as if it were the file NAME (its extension picks
    /// the format; configuration applies as to that path). For editors
    /// linting an unsaved buffer.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Apply the configuration's `exclude` also to files named on the
    /// command line (pre-commit names every staged file); a run whose every
    /// named file is excluded exits with 0.
    #[arg(long)]
    pub force_exclude: bool,
    /// Check only shard I of N (1-based), e.g. `--shard 2/8`: a fixed split
    /// by path, so that N machines given the same corpus check each file
    /// exactly once; merge their outputs (`--format jsonl` concatenates).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::walk::Shard>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files or directories to report on [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Do not honour .gitignore and .ignore files, and include hidden files.
    #[arg(long)]
    pub no_ignore: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Print every phrase of the rules in force with all its inflections,
    /// and every regex, one per line as a regex, instead of the list.
    #[arg(long, conflicts_with = "terms")]
    pub phrases: bool,
    /// Print the vocabulary terms of the rules in force as the rule files
    /// write them (phrases before inflection, and regexes), one per line as
    /// a regex: the PATTERNS of the benchmark against grep-like tools.
    #[arg(long)]
    pub terms: bool,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule id, e.g. `retention`.
    pub id: String,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rule files or directories whose examples to run [default: the built-in rules]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Do not load the built-in rules (as `check --no-builtin`): the rule
    /// files may not use the built-in vocabularies then.
    #[arg(long)]
    pub no_builtin: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Directory of policies named in the labels file.
    #[arg(value_name = "DIR")]
    pub corpus: PathBuf,
    /// CSV with a `file` column and one 0/1 column per rule id (or alias:
    /// contact, retention, third_parties, minors); 1 = the clause is present.
    #[arg(long, value_name = "CSV")]
    pub labels: PathBuf,
    /// CSV of annotated passages (file, byte_start, byte_end, one 0/1 column
    /// per rule or alias): reports how many evidence spans land inside one.
    #[arg(long, value_name = "CSV")]
    pub segments: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// List every disagreement with the sentence that decided it, and (with
    /// --segments) every evidence sentence outside an annotated passage.
    #[arg(long)]
    pub verbose: bool,
}
