//! `clauselint test`: run the examples kept with rule files.

use std::fmt::Write as _;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, print_diagnostics};
use crate::cli::TestArgs;
use crate::document::LineIndex;
use crate::engine::Engine;
use crate::lint::run_examples;
use crate::rules::{self, RuleSource};

pub fn run(args: &TestArgs) -> u8 {
    // The user's rules may use the built-in vocabularies, so those are
    // compiled too; only the user's own examples are run.
    let mut sources = if args.no_builtin {
        Vec::new()
    } else {
        rules::builtin_sources()
    };
    let builtin_count = sources.len();
    for path in &args.paths {
        match rules::add_rule_path(&mut sources, path) {
            Ok(()) => {}
            Err(e) => {
                print_diagnostics(&[e]);
                return EXIT_ERROR;
            }
        }
    }
    if !args.paths.is_empty() && sources.len() == builtin_count {
        eprintln!(
            "error: no rule files (*.toml) found in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return EXIT_ERROR;
    }
    let only_builtin = args.paths.is_empty();
    let engine = match Engine::compile(sources) {
        Ok(engine) => engine,
        Err(errors) => {
            print_diagnostics(&errors);
            return EXIT_ERROR;
        }
    };
    let set = engine.rules();
    if let Err(errors) = super::check_today(set) {
        print_diagnostics(&errors);
        return EXIT_ERROR;
    }
    let (count, failures) = run_examples(&engine, |r| {
        set.sources[r.source].is_builtin() == only_builtin
    });
    let mut out = String::new();
    for failure in &failures {
        let rule = &set.rules[failure.rule];
        // A variant's examples are in the variant's file.
        let source = &set.sources[failure.example.source];
        let at = LineIndex::new(&source.text).line_col(&source.text, failure.example.span.start);
        let what = if failure.expected_pass {
            "a `pass` example triggers the rule"
        } else {
            "a `fail` example does not trigger the rule"
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {what}",
            display(source),
            at.line,
            at.column,
            rule.id
        );
        let text = failure.example.text.trim().replace('\n', "\n    ");
        let _ = writeln!(out, "    {text}");
        if let Some(error) = &failure.error {
            let _ = writeln!(out, "    ({error})");
        }
    }
    let passed = count - failures.len();
    let _ = writeln!(out, "{passed} passed, {} failed", failures.len());
    let code = if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    };
    if let Err(code) = super::output::print(&out, code) {
        return code;
    }
    if count == 0 {
        eprintln!(
            "warning: the rule files have no examples: add [rule.examples] pass = [...] and fail = [...]"
        );
        return EXIT_ERROR;
    }
    if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

fn display(source: &RuleSource) -> &str {
    source.name.strip_prefix("builtin:").unwrap_or(&source.name)
}
