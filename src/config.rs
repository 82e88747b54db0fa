//! Configuration: `clauselint.toml` or `.clauselint.toml`, the nearest one
//! walking up from the working directory (or, when there is none, from the
//! paths checked: see [`locate`]), or `--config FILE`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use glob::{MatchOptions, Pattern};
use serde::Deserialize;
use toml::Spanned;

use crate::document::Document;
use crate::document::kind::{DocumentKind, KindVerdict};
use crate::document::language::{Language, parse_declared};
use crate::error::ConfigError;
use crate::rules::{Rule, RuleSource, Severity};

pub const CONFIG_NAMES: [&str; 2] = ["clauselint.toml", ".clauselint.toml"];

/// The file formats linted when `include` is not set.
pub const DEFAULT_INCLUDE: [&str; 5] = ["*.md", "*.markdown", "*.html", "*.htm", "*.txt"];

/// The configuration file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Rules to check (default: all rules in force).
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    /// Rules to skip.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Profiles (rule packs) in force; `["core"]` when empty.
    #[serde(default)]
    pub profiles: Vec<Spanned<String>>,
    /// Severity overrides by rule id.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// Extra rule files or directories, relative to the config file.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Load the built-in rules (default true).
    #[serde(default)]
    pub builtin: Option<bool>,
    /// Globs of files to lint when walking directories.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Globs of files and directories never linted when walking.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// The lowest severity that fails the run.
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Rule selections for some files only.
    #[serde(default)]
    pub overrides: Vec<OverrideDef>,
    /// Exit with 1 when a document is not judged.
    #[serde(default)]
    pub fail_on_unjudged: Option<bool>,
    /// What some documents are: their kind, their language.
    #[serde(default)]
    pub documents: Vec<DocumentsDef>,
    /// Files (and standard input) larger than this are not read.
    #[serde(default)]
    pub max_file_size: Option<FileSize>,
    /// The encoding of files without a byte-order mark, instead of the
    /// guess (a WHATWG label: "windows-1252", "shift_jis", "utf-8").
    #[serde(default)]
    pub encoding: Option<EncodingName>,
    /// Read invalid UTF-8 with each broken sequence replaced by U+FFFD
    /// instead of refusing the file (for corpus scans).
    #[serde(default)]
    pub lossy_decoding: Option<bool>,
    /// Versions of one policy in other languages, by group name: the files
    /// of a group, relative to the configuration file, are compared by the
    /// `translation-drift` rule.
    #[serde(default)]
    pub translations: BTreeMap<String, Vec<Spanned<String>>>,
}

/// A size in bytes, written as a number of bytes or with a unit: `"10MB"`,
/// `"64 MiB"`, `"500k"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileSize(pub u64);

impl std::str::FromStr for FileSize {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (digits, unit) = text.split_at(split);
        let number: u64 = digits.parse().map_err(|_| {
            format!("`{text}` is not a size (write e.g. 1048576, \"10MB\" or \"64MiB\")")
        })?;
        let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kb" => 1_000,
            "kib" => 1 << 10,
            "m" | "mb" => 1_000_000,
            "mib" => 1 << 20,
            "g" | "gb" => 1_000_000_000,
            "gib" => 1 << 30,
            other => {
                return Err(format!(
                    "unknown size unit `{other}` (use B, KB, KiB, MB, MiB, GB or GiB)"
                ));
            }
        };
        number
            .checked_mul(factor)
            .map(FileSize)
            .ok_or_else(|| format!("`{text}` is too large"))
    }
}

/// An encoding named by a WHATWG label (`windows-1252`, `latin1`,
/// `shift_jis`, `utf-8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodingName(pub &'static encoding_rs::Encoding);

impl std::str::FromStr for EncodingName {
    type Err = String;

    fn from_str(label: &str) -> Result<Self, String> {
        encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .map(EncodingName)
            .ok_or_else(|| {
                format!(
                    "`{label}` is not an encoding label (write e.g. utf-8, windows-1252, iso-8859-2, shift_jis, euc-jp)"
                )
            })
    }
}

impl<'de> Deserialize<'de> for EncodingName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for FileSize {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Bytes(u64),
            Text(String),
        }
        match Written::deserialize(deserializer)? {
            Written::Bytes(bytes) => Ok(FileSize(bytes)),
            Written::Text(text) => text.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// `[[documents]]`: overrides what clauselint decides about some files.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DocumentsDef {
    pub files: Vec<Spanned<String>>,
    /// `privacy-notice`, `terms-of-use`, `content-policy`, `legal-notice`
    /// or `other`.
    #[serde(default)]
    pub kind: Option<DocumentKind>,
    /// The language the documents are in (`en`), whatever their text says.
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    /// Notices these documents incorporate (a product notice that defers
    /// to the main policy), relative to the configuration file: a clause
    /// found there counts.
    #[serde(default)]
    pub incorporates: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideDef {
    pub files: Vec<Spanned<String>>,
    /// The profiles in force for these files, instead of the global ones.
    #[serde(default)]
    pub profiles: Vec<Spanned<String>>,
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
}

/// A loaded configuration, globs compiled, paths resolved.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// Directory globs are relative to (absolute).
    pub root: PathBuf,
    /// The working directory, against which relative file paths resolve.
    cwd: PathBuf,
    pub file: ConfigFile,
    /// The config file's text, for diagnostics about rule ids in it.
    pub source: Option<RuleSource>,
    /// The profiles in force (the command line's, else the file's, else
    /// `core`); set by the setup of a run.
    pub profiles: Vec<String>,
    /// Whether a `select` list chose the rules: profiles then do not
    /// filter them.
    pub selected_by_id: bool,
    include: Vec<Pattern>,
    exclude: Vec<Pattern>,
    overrides: Vec<Vec<Pattern>>,
    documents: Vec<Vec<Pattern>>,
}

impl Config {
    /// How files are decoded: the encoding of files without a byte-order
    /// mark, if the configuration or the command line names one, and
    /// `lossy-decoding`.
    pub fn decoding(&self) -> crate::document::Decoding {
        crate::document::Decoding {
            encoding: self.file.encoding.map(|e| e.0),
            lossy: self.file.lossy_decoding.unwrap_or(false),
        }
    }

    /// The largest file read, in bytes.
    pub fn max_file_size(&self) -> u64 {
        (self.file.max_file_size).map_or(crate::lint::DEFAULT_MAX_FILE_SIZE, |s| s.0)
    }

    /// Finds and loads the configuration for a run from `cwd`.
    pub fn discover(
        cwd: &Path,
        explicit: Option<&Path>,
        isolated: bool,
    ) -> Result<Self, ConfigError> {
        if isolated {
            return Self::from_parts(None, cwd.to_path_buf(), ConfigFile::default(), None)
                .map(|c| c.at(cwd));
        }
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => find_nearest(cwd),
        };
        let Some(path) = path else {
            return Self::from_parts(None, cwd.to_path_buf(), ConfigFile::default(), None)
                .map(|c| c.at(cwd));
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ConfigError::plain(format!(
                "{}: cannot read configuration file: {e}",
                path.display()
            ))
        })?;
        Self::from_text(&path, text, cwd)
    }

    /// Loads the configuration file at `path` from `text`, which may be
    /// newer than the file (an editor's unsaved buffer).
    pub fn from_text(path: &Path, text: String, cwd: &Path) -> Result<Self, ConfigError> {
        let path = path.to_path_buf();
        let source = RuleSource {
            name: path.display().to_string(),
            text,
        };
        let file: ConfigFile = toml::from_str(&source.text).map_err(|e| {
            ConfigError::at(
                &source,
                e.span().unwrap_or(0..0),
                e.message().trim(),
                "here",
            )
        })?;
        let root = path
            .parent()
            .map_or_else(|| cwd.to_path_buf(), |p| cwd.join(p));
        Self::from_parts(Some(path), root, file, Some(source)).map(|c| c.at(cwd))
    }

    /// Resolves the working directory for matching (see [`Config::relative`]).
    fn at(mut self, cwd: &Path) -> Self {
        self.cwd = normalize(cwd);
        self.root = normalize(&self.cwd.join(&self.root));
        self
    }

    fn from_parts(
        path: Option<PathBuf>,
        root: PathBuf,
        file: ConfigFile,
        source: Option<RuleSource>,
    ) -> Result<Self, ConfigError> {
        let compile = |globs: &[Spanned<String>]| -> Result<Vec<Pattern>, ConfigError> {
            globs
                .iter()
                .map(|g| compile_glob(g, source.as_ref()))
                .collect()
        };
        let include = if file.include.is_empty() {
            DEFAULT_INCLUDE
                .iter()
                .filter_map(|g| Pattern::new(&anchor_glob(g)).ok())
                .collect()
        } else {
            compile(&file.include)?
        };
        let exclude = compile(&file.exclude)?;
        let overrides = file
            .overrides
            .iter()
            .map(|o| compile(&o.files))
            .collect::<Result<_, _>>()?;
        let documents = file
            .documents
            .iter()
            .map(|d| compile(&d.files))
            .collect::<Result<_, _>>()?;
        // A language that names none would silently leave the files
        // unjudged ("1 document in english not judged").
        for lang in file.documents.iter().filter_map(|d| d.language.as_ref()) {
            if parse_declared(lang.get_ref()).is_none() {
                let message = format!("`{}` is not a language tag or name", lang.get_ref());
                return Err(match source.as_ref() {
                    Some(src) => ConfigError::at(src, lang.span(), message, "here").with_help(
                        "write a tag such as \"en\" or \"de-DE\", or a name such as \"English\"",
                    ),
                    None => ConfigError::plain(message),
                });
            }
        }
        Ok(Self {
            path,
            cwd: root.clone(),
            root,
            profiles: (file.profiles.iter())
                .map(|p| p.get_ref().clone())
                .collect(),
            selected_by_id: !file.select.is_empty(),
            file,
            source,
            include,
            exclude,
            overrides,
            documents,
        })
    }

    /// Extra rule files and directories, resolved against the config file.
    pub fn rule_paths(&self) -> Vec<PathBuf> {
        self.file.rules.iter().map(|r| self.root.join(r)).collect()
    }

    /// Whether a file found by walking directories is linted.
    pub fn includes(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.include.iter().any(|p| matches(p, &rel)) && !self.excludes(path)
    }

    /// Whether a file or directory is excluded.
    pub fn excludes(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.exclude
            .iter()
            .any(|p| matches(p, &rel) || rel.ancestors().any(|a| matches(p, a)))
    }

    /// Whether `rule` is checked on `path`, and at which severity: in a
    /// profile in force for the file (unless a `select` chose the rules),
    /// then the overrides' `select` and `ignore`.
    pub fn rule_for_file(&self, path: &Path, rule: &Rule) -> Option<Severity> {
        let id = rule.id.as_str();
        let rel = self.relative(path);
        let mut severity = rule.severity;
        let mut enabled = self.selected_by_id || rule.in_profiles(&self.global_profiles());
        for (def, globs) in self.file.overrides.iter().zip(&self.overrides) {
            if !globs.iter().any(|g| matches(g, &rel)) {
                continue;
            }
            if !def.profiles.is_empty() {
                let names: Vec<&str> = def.profiles.iter().map(|p| p.get_ref().as_str()).collect();
                enabled = rule.in_profiles(&names);
            }
            if !def.select.is_empty() {
                enabled = def.select.iter().any(|s| s.get_ref() == id);
            }
            if def.ignore.iter().any(|s| s.get_ref() == id) {
                enabled = false;
            }
            if let Some((_, s)) = def.severity.iter().find(|(k, _)| k.get_ref() == id) {
                severity = *s;
            }
        }
        enabled.then_some(severity)
    }

    /// The profiles in force for the run (`core` unless set).
    pub fn global_profiles(&self) -> Vec<&str> {
        if self.profiles.is_empty() {
            vec![crate::rules::DEFAULT_PROFILE]
        } else {
            self.profiles.iter().map(String::as_str).collect()
        }
    }

    /// Every profile some file may be checked with: the global ones and
    /// those of the overrides.
    pub fn all_profiles(&self) -> Vec<String> {
        let mut all: Vec<String> = (self.global_profiles().into_iter().map(str::to_owned))
            .chain(
                (self.file.overrides.iter())
                    .flat_map(|o| o.profiles.iter().map(|p| p.get_ref().clone())),
            )
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// [`Config::all_profiles`] in the order written: the global ones
    /// first, then those only overrides name.
    pub fn all_profiles_in_order(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        let overrides = (self.file.overrides.iter())
            .flat_map(|o| o.profiles.iter().map(|p| p.get_ref().as_str()));
        for p in self.global_profiles().into_iter().chain(overrides) {
            if !all.iter().any(|q| q == p) {
                all.push(p.to_owned());
            }
        }
        all
    }

    /// Every profile name the configuration writes, with its span.
    pub fn named_profiles(&self) -> Vec<&Spanned<String>> {
        (self.file.profiles.iter())
            .chain(self.file.overrides.iter().flat_map(|o| &o.profiles))
            .collect()
    }

    /// Applies the `[[documents]]` tables that match `path` to `doc`: the
    /// last one that sets a kind or a language wins.
    pub fn apply_documents(&self, path: &Path, doc: &mut Document) {
        for def in self.documents_for(path) {
            if let Some(kind) = def.kind {
                doc.kind = KindVerdict {
                    kind,
                    reason: "the configuration (`[[documents]]`)".to_owned(),
                };
            }
            // Checked when the configuration was read: a tag or a name.
            if let Some(tag) = (def.language.as_ref()).and_then(|l| parse_declared(l.get_ref())) {
                doc.language = Language::assumed(&tag);
            }
        }
    }

    /// The notices `path` incorporates, as written in the configuration
    /// and resolved against its directory, in order, without repeats.
    pub fn incorporated(&self, path: &Path) -> Vec<(String, PathBuf)> {
        let itself = normalize(&self.cwd.join(path));
        let mut out: Vec<(String, PathBuf)> = Vec::new();
        for def in self.documents_for(path) {
            for name in &def.incorporates {
                let resolved = normalize(&self.root.join(name));
                // A notice does not incorporate itself.
                if resolved != itself && !out.iter().any(|(_, p)| *p == resolved) {
                    out.push((name.clone(), resolved));
                }
            }
        }
        out
    }

    /// The other files of the `[translations]` group `path` belongs to,
    /// relative to the working directory when they are under it.
    pub fn translation_group(&self, path: &Path) -> Option<Vec<PathBuf>> {
        let itself = normalize(&self.cwd.join(path));
        let resolve = |name: &Spanned<String>| normalize(&self.root.join(name.get_ref()));
        let group = (self.file.translations.values())
            .find(|members| members.iter().any(|m| resolve(m) == itself))?;
        let shown = |p: PathBuf| match p.strip_prefix(&self.cwd) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => p,
        };
        Some(
            (group.iter().map(resolve))
                .filter(|p| *p != itself)
                .map(shown)
                .collect(),
        )
    }

    /// A file named in `[translations]` that does not exist is an error
    /// naming it: a group that silently lost a version would check nothing.
    pub fn missing_translations(&self) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        for (group, members) in &self.file.translations {
            for member in members
                .iter()
                .filter(|m| !self.root.join(m.get_ref()).is_file())
            {
                let message = format!(
                    "the translation `{}` of group `{group}` does not exist",
                    member.get_ref()
                );
                errors.push(match self.source.as_ref() {
                    Some(src) => ConfigError::at(src, member.span(), message, "no such file")
                        .with_help("name files relative to the configuration file"),
                    None => ConfigError::plain(message),
                });
            }
        }
        errors
    }

    /// The `[[documents]]` tables whose globs match `path`, in order.
    fn documents_for(&self, path: &Path) -> impl Iterator<Item = &DocumentsDef> {
        let rel = self.relative(path);
        (self.file.documents.iter().zip(&self.documents))
            .filter(move |(_, globs)| globs.iter().any(|g| matches(g, &rel)))
            .map(|(def, _)| def)
    }

    /// Every rule id the configuration names, with its span, for checking
    /// that each one exists.
    pub fn named_rule_ids(&self) -> Vec<&Spanned<String>> {
        let f = &self.file;
        let mut ids: Vec<&Spanned<String>> = f
            .select
            .iter()
            .chain(&f.ignore)
            .chain(f.severity.keys())
            .collect();
        for o in &f.overrides {
            ids.extend(o.select.iter().chain(&o.ignore).chain(o.severity.keys()));
        }
        ids
    }

    /// A path relative to the configuration's directory, whatever the
    /// working directory: globs then mean the same from anywhere.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = normalize(&self.cwd.join(path));
        match absolute.strip_prefix(&self.root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => absolute,
        }
    }
}

const MATCH: MatchOptions = MatchOptions {
    case_sensitive: false,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

/// A glob without `/` matches at any depth, as in `.gitignore`.
fn anchor_glob(glob: &str) -> String {
    let glob = glob.strip_prefix("./").unwrap_or(glob);
    if glob.contains('/') {
        glob.trim_start_matches('/').to_owned()
    } else {
        format!("**/{glob}")
    }
}

fn compile_glob(
    glob: &Spanned<String>,
    source: Option<&RuleSource>,
) -> Result<Pattern, ConfigError> {
    let anchored = anchor_glob(glob.get_ref());
    let anchored = anchored
        .strip_suffix('/')
        .map_or(anchored.clone(), |d| format!("{d}/**"));
    Pattern::new(&anchored).map_err(|e| match source {
        Some(src) => ConfigError::at(src, glob.span(), format!("invalid glob: {}", e.msg), "here"),
        None => ConfigError::plain(format!("invalid glob {:?}: {}", glob.get_ref(), e.msg)),
    })
}

/// Removes `.` components and resolves `..` without touching the file
/// system (symbolic links stay as the user wrote them).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The configuration file for a run given `paths` and no `--config`: the
/// nearest one walking up from the working directory, as always; when there
/// is none, the nearest one walking up from each path (a file's folder, or
/// the directory itself), which must be the same for every path.
///
/// A run uses one configuration: its rules, selections and `fail-on` hold
/// for the whole report. So paths that would find different ones (or some
/// one and others none) are an error rather than a silent pick.
pub fn locate(cwd: &Path, paths: &[PathBuf]) -> Result<Option<PathBuf>, ConfigConflict> {
    if let Some(found) = find_nearest(cwd) {
        return Ok(Some(found));
    }
    let found: Vec<(PathBuf, Option<PathBuf>)> = paths
        .iter()
        .map(|p| (p.clone(), nearest_for_path(cwd, p)))
        .collect();
    match found.split_first() {
        None => Ok(None),
        Some(((_, first), rest)) if rest.iter().all(|(_, c)| c == first) => Ok(first.clone()),
        Some(_) => Err(ConfigConflict { found }),
    }
}

/// The nearest configuration for one path given on the command line; it
/// need not exist (`--stdin-filename` names a file that may not).
fn nearest_for_path(cwd: &Path, path: &Path) -> Option<PathBuf> {
    // Normalized first: the ancestors of `cwd/../docs` must not include `cwd`.
    let absolute = normalize(&cwd.join(path));
    let dir = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    find_nearest(dir)
}

/// Paths given in one run that lie under different configurations.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the paths checked have different configurations: {}", describe_conflict(.found))]
pub struct ConfigConflict {
    /// Each path given, with the configuration found for it.
    pub found: Vec<(PathBuf, Option<PathBuf>)>,
}

fn describe_conflict(found: &[(PathBuf, Option<PathBuf>)]) -> String {
    let each = found.iter().map(|(path, config)| {
        let config = config
            .as_ref()
            .map_or_else(|| "none".to_owned(), |c| c.display().to_string());
        format!("{} ({config})", path.display())
    });
    each.collect::<Vec<_>>().join(", ")
}

/// Whether `glob` matches `path`. A name that is not UTF-8 is matched by
/// its readable part (the glob crate would skip it silently: a file the
/// walk would drop without a word).
fn matches(glob: &Pattern, path: &Path) -> bool {
    // Borrowed, not copied, for a UTF-8 name.
    glob.matches_with(&path.to_string_lossy(), MATCH)
}

/// The configuration file nearest to `cwd`: in it or its closest ancestor.
pub fn find_nearest(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors()
        .flat_map(|dir| CONFIG_NAMES.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `work/` (no configuration), `legal/` with one, `other/` without.
    fn tree() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["work", "legal/sub", "other"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        std::fs::write(dir.path().join("legal/clauselint.toml"), "").unwrap();
        for file in ["legal/privacy.md", "legal/sub/terms.md", "other/notes.md"] {
            std::fs::write(dir.path().join(file), "# Privacy\n").unwrap();
        }
        let work = dir.path().join("work");
        (dir, work)
    }

    fn paths(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn without_one_in_the_working_directory_the_paths_find_theirs() {
        let (dir, work) = tree();
        let legal = Some(dir.path().join("legal/clauselint.toml"));
        let located = |names: &[&str]| locate(&work, &paths(names)).unwrap();
        assert_eq!(located(&["../legal/privacy.md"]), legal);
        // A directory, a file below, a file not on disk (--stdin-filename).
        let agreeing = ["../legal", "../legal/sub/terms.md", "../legal/unsaved.md"];
        assert_eq!(located(&agreeing), legal);
        let absolute = dir.path().join("legal/privacy.md");
        assert_eq!(located(&[absolute.to_str().unwrap()]), legal);
        assert_eq!(located(&["../other/notes.md"]), None);
        assert_eq!(located(&[]), None);
    }

    #[test]
    fn paths_under_different_configurations_are_an_error_naming_them() {
        let (dir, work) = tree();
        let err = locate(&work, &paths(&["../legal/privacy.md", "../other"])).unwrap_err();
        assert_eq!(err.found.len(), 2);
        assert_eq!(err.found[1].1, None);
        let message = err.to_string();
        assert!(message.contains("../other (none)"), "{message}");
        let legal = dir.path().join("legal/clauselint.toml");
        assert!(message.contains(&legal.display().to_string()), "{message}");
    }

    #[test]
    fn the_working_directory_configuration_wins_as_before() {
        let (_dir, work) = tree();
        std::fs::write(work.join("clauselint.toml"), "").unwrap();
        let located = locate(&work, &paths(&["../legal/privacy.md", "../other"]));
        assert_eq!(located, Ok(Some(work.join("clauselint.toml"))));
    }

    fn config(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clauselint.toml");
        std::fs::write(&path, text).unwrap();
        let cfg = Config::discover(dir.path(), None, false);
        drop(dir);
        cfg
    }

    #[test]
    fn unknown_key_is_an_error_pointing_at_it() {
        let err = config("selct = [\"retention\"]\n").unwrap_err();
        assert!(err.message().contains("selct"), "{}", err.message());
        let span = err.0.span.unwrap();
        assert_eq!((span.offset(), span.len()), (0, 5));
    }

    #[test]
    fn a_documents_language_that_names_none_is_an_error_pointing_at_it() {
        let err = config("[[documents]]\nfiles = [\"x/**\"]\nlanguage = \"Englsh\"\n").unwrap_err();
        assert!(
            err.message().contains("`Englsh` is not a language"),
            "{}",
            err.message()
        );
        let span = err.0.span.unwrap();
        assert_eq!(span.len(), "\"Englsh\"".len());
        assert!(config("[[documents]]\nfiles = [\"x/**\"]\nlanguage = \"English\"\n").is_ok());
    }

    #[test]
    fn default_include_matches_policy_formats_at_any_depth() {
        let cfg = Config::discover(Path::new("/repo"), None, true).unwrap();
        assert!(cfg.includes(Path::new("/repo/policies/en/privacy.md")));
        assert!(cfg.includes(Path::new("/repo/privacy.HTML")));
        assert!(cfg.includes(Path::new("/repo/a/b/terms.txt")));
        assert!(!cfg.includes(Path::new("/repo/a/b/logo.png")));
    }

    /// A rule `id` of the given profiles (`None`: the default, core).
    fn rule_in(id: &str, profiles: Option<&str>) -> Rule {
        let profiles = profiles.map_or(String::new(), |p| format!("profiles = [{p}]\n"));
        let text = format!(
            "[[rule]]\nid = \"{id}\"\ntitle = \"t\"\nmessage = \"m\"\n{profiles}match = \"x\"\n"
        );
        let source = RuleSource {
            name: "t.toml".into(),
            text,
        };
        let set = crate::engine::Engine::compile(vec![source])
            .unwrap()
            .into_rules();
        set.rules[0].clone()
    }

    fn core_rule(id: &str) -> Rule {
        rule_in(id, None)
    }

    #[test]
    fn profiles_gate_rules_per_file_and_overrides_replace_them() {
        let text = "profiles = [\"core\", \"ccpa\"]\n[[overrides]]\nfiles = [\"eu/**\"]\nprofiles = [\"gdpr\"]\n";
        let cfg = config(text).unwrap();
        let root = cfg.root.clone();
        let gdpr = rule_in("dpo", Some("\"gdpr\""));
        let ccpa = rule_in("agent", Some("\"ccpa\""));
        let shared = rule_in("rights", Some("\"gdpr\", \"ccpa\""));
        let at = |p: &str, r: &Rule| cfg.rule_for_file(&root.join(p), r).is_some();
        assert!(at("us/p.md", &ccpa) && at("us/p.md", &shared) && !at("us/p.md", &gdpr));
        assert!(at("eu/p.md", &gdpr) && at("eu/p.md", &shared) && !at("eu/p.md", &ccpa));
        assert!(at("us/p.md", &core_rule("retention")) && !at("eu/p.md", &core_rule("retention")));
        assert_eq!(cfg.all_profiles(), ["ccpa", "core", "gdpr"]);
    }

    #[test]
    fn exclude_and_overrides_apply_relative_to_the_config_file() {
        let text = "exclude = [\"drafts/\", \"README.md\"]\n[[overrides]]\nfiles = [\"ja/**\"]\nignore = [\"minors\"]\nseverity = { retention = \"warning\" }\n";
        let cfg = config(text).unwrap();
        let root = cfg.root.clone();
        assert!(cfg.excludes(&root.join("drafts/old/p.md")));
        assert!(cfg.excludes(&root.join("docs/README.md")));
        assert!(!cfg.excludes(&root.join("docs/privacy.md")));
        assert_eq!(
            cfg.rule_for_file(&root.join("ja/p.md"), &core_rule("minors")),
            None
        );
        assert_eq!(
            cfg.rule_for_file(&root.join("ja/p.md"), &core_rule("retention")),
            Some(Severity::Warning)
        );
        assert_eq!(
            cfg.rule_for_file(&root.join("en/p.md"), &core_rule("minors")),
            Some(Severity::Error)
        );
    }

    #[test]
    fn globs_mean_the_same_from_any_working_directory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("policies/drafts")).unwrap();
        std::fs::write(
            root.join("clauselint.toml"),
            "exclude = [\"policies/drafts/\"]\n",
        )
        .unwrap();
        let from_root = Config::discover(root, None, false).unwrap();
        assert!(from_root.excludes(Path::new("policies/drafts/x.md")));
        assert!(!from_root.excludes(Path::new("policies/x.md")));
        let from_sub = Config::discover(&root.join("policies"), None, false).unwrap();
        assert!(from_sub.excludes(Path::new("drafts/x.md")));
        assert!(from_sub.excludes(Path::new("./drafts/../drafts/x.md")));
        assert!(!from_sub.excludes(Path::new("x.md")));
    }

    #[test]
    fn the_nearest_config_walking_up_wins() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.path().join("clauselint.toml"), "fail-on = \"info\"\n").unwrap();
        std::fs::write(
            dir.path().join("a/.clauselint.toml"),
            "fail-on = \"warning\"\n",
        )
        .unwrap();
        let cfg = Config::discover(&sub, None, false).unwrap();
        assert_eq!(cfg.file.fail_on, Some(Severity::Warning));
        let isolated = Config::discover(&sub, None, true).unwrap();
        assert!(isolated.path.is_none());
    }
}
