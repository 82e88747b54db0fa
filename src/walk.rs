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

/// What discovery finds: a file to lint, or a place that could not be
/// walked (reported, and the run fails).
#[derive(Debug)]
pub enum Found {
    File(Candidate),
    Error(WalkError),
}

impl Found {
    /// The order of a run's output: by display path.
    fn key(&self) -> (&str, &Path) {
        match self {
            Self::File(c) => (&c.display, &c.path),
            Self::Error(e) => (&e.display, Path::new("")),
        }
    }
}

/// The files to lint under the paths of a run, in display order, found
/// as the run asks for them: a walk of 100,000 files never holds a list of
/// them (see [`discover`]).
pub struct Discovery<'a> {
    /// Paths named that could not be read: known at once, reported first.
    pub errors: Vec<WalkError>,
    /// How many named files `--force-exclude` left out.
    pub excluded: usize,
    /// The named files (sorted), then one walk per directory, each in
    /// display order; merged.
    sources: Vec<Box<dyn Iterator<Item = Found> + 'a>>,
    /// The next item of each source.
    heads: Vec<Option<Found>>,
    /// The last file given out: a file named and also under a directory
    /// named is linted once.
    last: Option<PathBuf>,
}

/// Finds the files to lint under `paths`: named files always (unless
/// `--force-exclude` applies), and the files of named directories that the
/// configuration includes.
pub fn discover<'a>(paths: &[PathBuf], config: &'a Config, options: WalkOptions) -> Discovery<'a> {
    let mut named = Vec::new();
    let mut errors = Vec::new();
    let mut excluded = 0;
    let mut sources: Vec<Box<dyn Iterator<Item = Found> + 'a>> = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => sources.push(Box::new(walk_dir(
                path.clone(),
                config,
                options.honour_ignores,
            ))),
            Ok(_) if options.force_exclude && config.excludes(path) => excluded += 1,
            Ok(_) => named.push(Found::File(candidate(path.clone()))),
            Err(e) => errors.push(WalkError {
                display: display(path),
                message: format!("cannot read path: {e}"),
            }),
        }
    }
    named.sort_by(|a, b| a.key().cmp(&b.key()));
    sources.insert(0, Box::new(named.into_iter()));
    let heads = sources.iter_mut().map(|s| s.next()).collect();
    Discovery {
        errors,
        excluded,
        sources,
        heads,
        last: None,
    }
}

impl Iterator for Discovery<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            let first = (self.heads.iter().enumerate())
                .filter_map(|(i, head)| Some((i, head.as_ref()?.key())))
                .min_by(|a, b| a.1.cmp(&b.1))
                .map(|(i, _)| i)?;
            let found = std::mem::replace(&mut self.heads[first], self.sources[first].next())?;
            if let Found::File(c) = &found {
                if self.last.as_ref() == Some(&c.path) {
                    continue;
                }
                self.last = Some(c.path.clone());
            }
            return Some(found);
        }
    }
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

/// The files under `root` the configuration includes, in display order.
fn walk_dir(
    root: PathBuf,
    config: &Config,
    honour_ignores: bool,
) -> impl Iterator<Item = Found> + '_ {
    let walker = ignore::WalkBuilder::new(&root)
        .hidden(honour_ignores)
        .ignore(honour_ignores)
        .git_ignore(honour_ignores)
        .git_global(honour_ignores)
        .git_exclude(honour_ignores)
        .parents(honour_ignores)
        .require_git(false)
        // Links are followed so that a loop is found and reported.
        .follow_links(true)
        .sort_by_file_path(sibling_order)
        .build();
    walker.filter_map(move |entry| match entry {
        Ok(entry) => {
            // A FIFO, socket or device named like a policy is kept: it is
            // reported as not read, never dropped without a word.
            let is_dir = entry.file_type().is_none_or(|t| t.is_dir());
            (!is_dir && config.includes(entry.path()))
                .then(|| Found::File(candidate(entry.into_path())))
        }
        Err(err) => Some(Found::Error(walk_error(&root, &err))),
    })
}

/// The order of two entries of one folder that makes a depth-first walk
/// give every file in the order of its display path: a folder sorts as its
/// name with a `/` after it ("a.txt" before the folder "a", whose files are
/// "a/..."). Whether an entry is a folder is asked of the disk only when
/// one name starts the other, which is seldom.
fn sibling_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| display(Path::new(n)))
            .unwrap_or_default()
    };
    let (x, y) = (name(a), name(b));
    if !(x.starts_with(&y) || y.starts_with(&x)) {
        return x.cmp(&y);
    }
    let key = |p: &Path, n: String| if p.is_dir() { n + "/" } else { n };
    key(a, x).cmp(&key(b, y))
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

#[cfg(test)]
mod discovery_tests {
    use super::*;

    fn files(found: Discovery<'_>) -> Vec<String> {
        found
            .map(|f| match f {
                Found::File(c) => c.display,
                Found::Error(e) => format!("error: {}", e.display),
            })
            .collect()
    }

    #[test]
    fn files_come_in_display_order_as_they_are_walked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // A folder "a" sorts after "a.txt" and "a-b.md" (its files are
        // "a/..."), and "a b/" before "a/".
        for name in [
            "a.txt", "a/x.md", "a/b/y.md", "a b/z.md", "a-b.md", "b.md", "a/a.md",
        ] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let config = Config::discover(root, None, true).unwrap();
        let found = files(discover(
            &[root.to_path_buf()],
            &config,
            WalkOptions::default(),
        ));
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted);
        assert_eq!(found.len(), 7);
        // Two roots and a file named twice: merged, each file once.
        let named = root.join("b.md");
        let found = files(discover(
            &[root.join("a"), named.clone(), root.to_path_buf(), named],
            &config,
            WalkOptions::default(),
        ));
        let mut sorted = found.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(found, sorted);
        assert_eq!(found.len(), 7);
    }
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
