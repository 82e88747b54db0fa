//! `clauselint rules` and `clauselint rule ID`.

use std::fmt::Write as _;

use super::{EXIT_ERROR, EXIT_OK, setup_or_report};
use crate::cli::{RuleArgs, RulesArgs};
use crate::rules::{Rule, RuleKind, RuleSet};

pub fn list(args: &RulesArgs) -> u8 {
    let Some(setup) = setup_or_report(&args.config) else {
        return EXIT_ERROR;
    };
    let rules = setup.engine.rules();
    if args.phrases || args.terms {
        return printed(&patterns(rules, args.terms));
    }
    let width = rules
        .rules
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let mut out = format!(
        "{:width$}  {:8}  {:50}  SOURCE\n",
        "ID", "SEVERITY", "TITLE"
    );
    for rule in &rules.rules {
        let source = rules.sources[rule.source]
            .name
            .replace("builtin:", "(built-in) ");
        let _ = writeln!(
            out,
            "{:width$}  {:8}  {:50}  {source}",
            rule.id,
            rule.severity.as_str(),
            rule.title
        );
    }
    printed(&out)
}

/// Prints `text`; the exit code (2 if it cannot be written, 0 also when
/// standard output was closed early).
fn printed(text: &str) -> u8 {
    match super::output::print(text, EXIT_OK) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}

/// Every phrase (inflected, or as written) and regex of the rules in force
/// as a regex, one per line, for `rg -i --no-unicode -f` in the benchmark.
fn patterns(rules: &RuleSet, as_written: bool) -> String {
    let mut lines: Vec<String> = rules
        .terms
        .iter()
        .flat_map(|t| {
            let phrases = if as_written { &t.written } else { &t.phrases };
            phrases
                .iter()
                .map(|p| ascii_pattern(&regex::escape(p)))
                .chain(t.regexes.iter().map(|r| ascii_pattern(&r.pattern)))
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// A pattern usable in ASCII mode (`rg --no-unicode`): non-ASCII bytes are
/// written as `\xHH` escapes.
fn ascii_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    for c in pattern.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\x{b:02X}");
            }
        }
    }
    out
}

pub fn explain(args: &RuleArgs) -> u8 {
    let Some(mut setup) = setup_or_report(&args.config) else {
        return EXIT_ERROR;
    };
    // A rule of a pack not in force is not compiled: describe it by
    // selecting it, so that `clauselint rule dpo-contact` works anywhere.
    let known = setup.engine.rules().all_ids.contains(&args.id);
    if setup.engine.rules().get(&args.id).is_none() && known {
        let mut config = args.config.clone();
        config.select = vec![args.id.clone()];
        let Some(selected) = setup_or_report(&config) else {
            return EXIT_ERROR;
        };
        setup = selected;
    }
    let Some(rule) = setup.engine.rules().get(&args.id) else {
        let hint = crate::rules::closest(
            &args.id,
            setup.engine.rules().rules.iter().map(|r| r.id.as_str()),
        )
        .map_or(String::new(), |k| format!(" (did you mean `{k}`?)"));
        eprintln!(
            "error: unknown rule id `{}`{hint}\n  `clauselint rules` lists the rules in force",
            args.id
        );
        return EXIT_ERROR;
    };
    printed(&describe(rule, setup.engine.rules()))
}

/// The text of `clauselint rule ID`.
pub fn describe(rule: &Rule, rules: &RuleSet) -> String {
    let mut out = String::new();
    let kind = match rule.kind {
        RuleKind::Require => "require (a finding when the clause is absent)",
        RuleKind::Forbid => "forbid (a finding at each match)",
        RuleKind::Expect => "expect (a finding when the clause is present but deficient)",
    };
    let _ = writeln!(out, "{} ({})\n", rule.title, rule.id);
    let _ = writeln!(out, "  kind:      {kind}");
    let _ = writeln!(out, "  severity:  {}", rule.severity);
    let _ = writeln!(
        out,
        "  source:    {}",
        rules.sources[rule.source]
            .name
            .replace("builtin:", "(built-in) ")
    );
    if let Some(clause) = &rule.qualifies {
        let _ = writeln!(
            out,
            "  qualifies: {clause} (checks that clause once it is present)"
        );
    }
    if let Some(max_age) = &rule.max_age {
        let _ = writeln!(
            out,
            "  max age:   {} months (the latest date of the clause, from today)",
            max_age.months
        );
    }
    if !rule.profiles.is_empty() {
        let _ = writeln!(out, "  profiles:  {}", rule.profiles.join(", "));
    }
    if let Some(when) = &rule.applies_when {
        let _ = writeln!(
            out,
            "  applies:   only where `applies-when` matches; else n/a ({})",
            when.reason
        );
    }
    if !rule.languages.is_empty() {
        let _ = writeln!(out, "  languages: {}", rule.languages.join(", "));
    }
    if !rule.tags.is_empty() {
        let _ = writeln!(out, "  tags:      {}", rule.tags.join(", "));
    }
    if let Some(description) = &rule.description {
        let _ = writeln!(out, "\nWhat counts\n{}", indent(description));
    }
    let _ = writeln!(out, "\nMessage\n{}", indent(&rule.message));
    if let Some(help) = &rule.help {
        let _ = writeln!(out, "\nHow to fix\n{}", indent(help));
    }
    if !rule.references.is_empty() {
        let _ = writeln!(out, "\nReferences");
        for r in &rule.references {
            let _ = writeln!(out, "  - {r}");
        }
    }
    for variant in &rule.variants {
        let _ = writeln!(
            out,
            "\nIn {} (a variant of this rule, its own vocabulary)",
            variant.languages.join(", ")
        );
        if let Some(description) = &variant.description {
            let _ = writeln!(out, "{}", indent(description));
        }
        for r in &variant.references {
            let _ = writeln!(out, "  - {r}");
        }
    }
    for (title, examples) in [
        ("satisfy the rule", &rule.pass_examples),
        ("trigger the rule", &rule.fail_examples),
    ] {
        if !examples.is_empty() {
            let _ = writeln!(out, "\nExamples that {title}");
            for e in examples {
                let _ = writeln!(out, "  - {}", e.text.trim().replace('\n', "\n    "));
            }
        }
    }
    out
}

fn indent(text: &str) -> String {
    text.trim()
        .lines()
        .map(|l| format!("  {}", l.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}
