//! Finding the files to lint: explicit files always, directories walked
//! with `.gitignore` honoured, hidden files skipped, and only the files the
//! configuration includes.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::document::Format;

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// The path as shown to the user (relative as the user wrote it).
    pub display: String,
    pub path: PathBuf,
    pub format: Format,
    /// The text comes from standard input; `path` only names it.
    pub from_stdin: bool,
}

impl Candidate {
    /// A file named by path (its extension decides the format).
    pub fn file(path: PathBuf) -> Self {
        candidate(path)
    }

    /// Standard input, linted as if it were the file `name`.
    pub fn stdin(name: &Path) -> Self {
        Self {
            from_stdin: true,
            ..candidate(name.to_path_buf())
        }
    }
}

/// A path that could not be walked: it is reported, and the run fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkError {
    pub display: String,
    pub message: String,
}

/// Collects the files to lint under `paths`, sorted by display path.
pub fn discover(
    paths: &[PathBuf],
    config: &Config,
    honour_ignores: bool,
) -> (Vec<Candidate>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                walk_dir(path, config, honour_ignores, &mut files, &mut errors)
            }
            Ok(_) => files.push(candidate(path.clone())),
            Err(e) => errors.push(WalkError {
                display: display(path),
                message: format!("cannot read path: {e}"),
            }),
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    (files, errors)
}

/// A file named explicitly: always linted; its extension decides the
/// format, and an unknown extension is read as plain text.
fn candidate(path: PathBuf) -> Candidate {
    let format = Format::from_path(&path).unwrap_or(Format::Text);
    Candidate {
        display: display(&path),
        path,
        format,
        from_stdin: false,
    }
}

fn walk_dir(
    root: &Path,
    config: &Config,
    honour_ignores: bool,
    files: &mut Vec<Candidate>,
    errors: &mut Vec<WalkError>,
) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(honour_ignores)
        .ignore(honour_ignores)
        .git_ignore(honour_ignores)
        .git_global(honour_ignores)
        .git_exclude(honour_ignores)
        .parents(honour_ignores)
        .require_git(false)
        // Links are followed so that a loop is found and reported.
        .follow_links(true)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && config.includes(entry.path()) {
                    files.push(candidate(entry.into_path()));
                }
            }
            Err(err) => errors.push(walk_error(root, &err)),
        }
    }
}

fn walk_error(root: &Path, err: &ignore::Error) -> WalkError {
    let path = error_path(err).unwrap_or(root);
    let message = match loop_paths(err) {
        Some((ancestor, child)) => format!(
            "symbolic link loop: {} points back to {}; not followed",
            child.display(),
            ancestor.display()
        ),
        None => format!("cannot walk: {}", root_cause(err)),
    };
    WalkError {
        display: display(path),
        message,
    }
}

/// The innermost message of an `ignore` error, without its path prefix.
fn root_cause(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => root_cause(err),
        other => other.to_string(),
    }
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

fn loop_paths(err: &ignore::Error) -> Option<(&Path, &Path)> {
    match err {
        ignore::Error::Loop { ancestor, child } => Some((ancestor, child)),
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            loop_paths(err)
        }
        _ => None,
    }
}

/// A path as the user wrote it, without a leading `./`.
pub fn display(path: &Path) -> String {
    let shown = path.strip_prefix("./").unwrap_or(path);
    shown.display().to_string()
}
