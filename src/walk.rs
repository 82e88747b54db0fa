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

/// How to walk.
#[derive(Clone, Copy, Debug, Default)]
pub struct WalkOptions {
    /// Honour `.gitignore`, `.ignore` and hidden files.
    pub honour_ignores: bool,
    /// Apply the configuration's `exclude` to files named explicitly too
    /// (pre-commit names every staged file).
    pub force_exclude: bool,
}

/// The files to lint, sorted by display path; the paths that could not be
/// walked; and how many named files `--force-exclude` left out.
pub type Discovered = (Vec<Candidate>, Vec<WalkError>, usize);

/// Collects the files to lint under `paths`.
pub fn discover(paths: &[PathBuf], config: &Config, options: WalkOptions) -> Discovered {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut excluded = 0;
    let honour_ignores = options.honour_ignores;
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                walk_dir(path, config, honour_ignores, &mut files, &mut errors)
            }
            Ok(_) if options.force_exclude && config.excludes(path) => excluded += 1,
            Ok(_) => files.push(candidate(path.clone())),
            Err(e) => errors.push(WalkError {
                display: display(path),
                message: format!("cannot read path: {e}"),
            }),
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    (files, errors, excluded)
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
                // A FIFO, socket or device named like a policy is kept: it
                // is reported as not read, never dropped without a word.
                let is_dir = entry.file_type().is_none_or(|t| t.is_dir());
                if !is_dir && config.includes(entry.path()) {
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

/// A path as the user wrote it, without a leading `./`. A byte of a name
/// that is not UTF-8 is shown as `\xFF` (not as U+FFFD, which would make
/// two such names look alike); JSON and SARIF also carry the bytes.
pub fn display(path: &Path) -> String {
    let shown = path.strip_prefix("./").unwrap_or(path);
    match shown.to_str() {
        Some(text) => text.to_owned(),
        None => escaped(shown),
    }
}

/// The bytes of a path as they are (a name that is not UTF-8 included),
/// with forward slashes.
pub fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/").into_bytes()
    }
}

/// Every byte but unreserved characters, `/` and `keep` as `%XX`: a
/// lossless, URI-safe form of any name.
pub fn percent_encode(bytes: &[u8], keep: &str) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &byte in bytes {
        let c = byte as char;
        if c.is_ascii_alphanumeric() || "-._~/".contains(c) || keep.contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(unix)]
fn escaped(path: &Path) -> String {
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str());
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn escaped(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_is_not_utf8_is_shown_with_its_bytes_escaped() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"./docs/caf\xe9 \xff.md"));
        assert_eq!(display(path), "docs/caf\\xE9 \\xFF.md");
        assert_eq!(display(Path::new("./docs/café.md")), "docs/café.md");
    }
}

/// One part of a run split over several machines: part `index` (0-based)
/// of `count`. A file's part depends on its path alone (FNV-1a of the
/// path's bytes), not on which other files exist or in what order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    pub fn contains(&self, candidate: &Candidate) -> bool {
        let bytes = path_bytes(&candidate.path);
        let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        hash % self.count == self.index
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `I/N`, with 1 <= I <= N.
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a shard: write I/N with 1 <= I <= N, e.g. 2/8");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (i, n): (u64, u64) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if i == 0 || i > n {
            return Err(bad());
        }
        Ok(Self {
            index: i - 1,
            count: n,
        })
    }
}
