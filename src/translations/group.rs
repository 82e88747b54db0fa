//! Which files are versions of one policy in other languages: a
//! `[translations]` group of the configuration, else the same front matter
//! `translationKey`, a Hugo-style suffix (`privacy.ja.md` beside
//! `privacy.md`, `policy_ja.md` beside `policy_en.md`), or the same path
//! under a sibling locale folder (`en/x.md` and `ja/x.md`, `docs/x.md` and
//! `docs/ja/x.md`).
//!
//! Grouping must cost nothing noticeable when a policy has no counterpart:
//! each folder is listed once per run and indexed, and front matter of
//! neighbours is read only for a document that declares a key.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::document::Document;
use crate::document::language::is_locale_name;

/// How a counterpart was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkedBy {
    Config,
    TranslationKey,
    Suffix,
    LocaleFolder,
}

impl LinkedBy {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Config => "the configuration's [translations]",
            Self::TranslationKey => "the same translationKey",
            Self::Suffix => "the file name's language suffix",
            Self::LocaleFolder => "a sibling locale folder",
        }
    }
}

/// Another version of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counterpart {
    pub path: PathBuf,
    pub by: LinkedBy,
}

/// The front matter keys that name a translation group.
const KEYS: [&str; 3] = ["translationKey", "translation_key", "translationkey"];

/// Folder listings, each read once per run (a run over one folder of
/// thousands of files must not list it for each file).
#[derive(Debug, Default)]
pub struct Folders {
    cache: Mutex<ListingCache>,
}

/// The listings read last, oldest first out: files are linted in path order,
/// so a folder's files come together, and a corpus of thousands of folders
/// does not keep every listing to the end of the run.
#[derive(Debug, Default)]
struct ListingCache {
    listings: HashMap<PathBuf, Arc<Listing>>,
    order: std::collections::VecDeque<PathBuf>,
}

/// How many folder listings are kept.
const LISTINGS_KEPT: usize = 64;

/// What a folder holds: its file names and its locale subfolders.
#[derive(Debug, Default)]
struct Listing {
    /// File names by their name without a language suffix:
    /// `privacy.md` -> [`privacy.md`, `privacy.ja.md`].
    by_base: HashMap<String, Vec<String>>,
    locale_dirs: Vec<String>,
}

impl Folders {
    fn listing(&self, dir: &Path) -> Arc<Listing> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(listing) = cache.listings.get(dir) {
            return Arc::clone(listing);
        }
        let listing = Arc::new(Listing::read(dir));
        if cache.order.len() >= LISTINGS_KEPT
            && let Some(oldest) = cache.order.pop_front()
        {
            cache.listings.remove(&oldest);
        }
        cache.order.push_back(dir.to_path_buf());
        cache
            .listings
            .insert(dir.to_path_buf(), Arc::clone(&listing));
        listing
    }
}

impl Listing {
    fn read(dir: &Path) -> Self {
        let mut listing = Self::default();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return listing;
        };
        for entry in entries.flatten() {
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && is_locale_name(&name) {
                listing.locale_dirs.push(name);
            } else if !is_dir {
                let base = split_suffix(&name).0;
                listing.by_base.entry(base).or_default().push(name);
            }
        }
        listing.locale_dirs.sort();
        listing.by_base.values_mut().for_each(|v| v.sort());
        listing
    }
}

/// A file name without its language suffix, and the suffix's separator:
/// `privacy.ja.md` -> (`privacy.md`, Some('.')), `policy_en.md` ->
/// (`policy.md`, Some('_')), `privacy.md` -> (`privacy.md`, None).
fn split_suffix(name: &str) -> (String, Option<char>) {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for sep in ['.', '_'] {
        if let Some((base, tag)) = stem.rsplit_once(sep)
            && is_locale_name(tag)
            && !base.is_empty()
        {
            return (format!("{base}.{ext}"), Some(sep));
        }
    }
    (name.to_owned(), None)
}

/// The other versions of `doc` (at `path`), found as the module says.
pub fn counterparts(
    path: &Path,
    doc: &Document,
    config: &Config,
    folders: &Folders,
) -> Vec<Counterpart> {
    if let Some(group) = config.translation_group(path) {
        return (group.into_iter())
            .map(|path| Counterpart {
                path,
                by: LinkedBy::Config,
            })
            .collect();
    }
    let keyed = translation_key(doc)
        .map(|key| by_key(path, &key, folders, config.max_file_size()))
        .unwrap_or_default();
    let candidates = (by_suffix(path, folders)
        .into_iter()
        .map(|p| (p, LinkedBy::Suffix)))
    .chain(
        by_locale_folder(path, folders)
            .into_iter()
            .map(|p| (p, LinkedBy::LocaleFolder)),
    )
    .chain(keyed.into_iter().map(|p| (p, LinkedBy::TranslationKey)));
    let mut found: Vec<Counterpart> = Vec::new();
    for (other, by) in candidates {
        if other != path && !found.iter().any(|c| c.path == other) {
            found.push(Counterpart { path: other, by });
        }
    }
    found
}

/// `privacy.ja.md` beside `privacy.md` or `privacy.en.md`; `policy_ja.md`
/// beside `policy_en.md` (an underscore suffix pairs only with another one:
/// `report_it.md` is no translation of `report.md`).
fn by_suffix(path: &Path, folders: &Folders) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), file_name(path)) else {
        return Vec::new();
    };
    let (base, sep) = split_suffix(name);
    let listing = folders.listing(dir);
    let Some(names) = listing.by_base.get(&base) else {
        return Vec::new();
    };
    (names.iter())
        .filter(|other| other.as_str() != name)
        .filter(|other| {
            let theirs = split_suffix(other).1;
            match (sep, theirs) {
                (Some('_'), other) | (other, Some('_')) => other == Some('_') && sep == Some('_'),
                _ => true,
            }
        })
        .map(|other| dir.join(other))
        .collect()
}

/// The same path under a sibling locale folder (`content/en/x.md` and
/// `content/ja/x.md`), or with the locale folder left out (`docs/x.md` for
/// `docs/ja/x.md`, and the other way round).
fn by_locale_folder(path: &Path, folders: &Folders) -> Vec<PathBuf> {
    let components: Vec<&OsStr> = path.iter().collect();
    let last = components.len().saturating_sub(1);
    let locale = (0..last)
        .rev()
        .find(|&i| components[i].to_str().is_some_and(is_locale_name));
    let (base, own, rest): (PathBuf, Option<&OsStr>, PathBuf) = match locale {
        Some(i) => (
            components[..i].iter().collect(),
            Some(components[i]),
            components[i + 1..].iter().collect(),
        ),
        None => (
            components[..last].iter().collect(),
            None,
            components[last..].iter().collect(),
        ),
    };
    let listing = folders.listing(&base);
    let mut found: Vec<PathBuf> = (listing.locale_dirs.iter())
        .filter(|d| Some(OsStr::new(d.as_str())) != own)
        .map(|d| base.join(d).join(&rest))
        .filter(|p| p.is_file())
        .collect();
    if own.is_some() && base.join(&rest).is_file() {
        found.push(base.join(&rest));
    }
    found
}

/// Markdown and HTML files beside `path` and in the matching folders of the
/// sibling locale folders that declare the same key.
fn by_key(path: &Path, key: &str, folders: &Folders, limit: u64) -> Vec<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut dirs = vec![dir.to_path_buf()];
    let probe = dir.join("_");
    dirs.extend(by_locale_folder_dirs(&probe, folders));
    let mut found = Vec::new();
    for dir in dirs {
        let listing = folders.listing(&dir);
        for name in listing.by_base.values().flatten() {
            let other = dir.join(name);
            if other != path && declares_key(&other, key, limit) {
                found.push(other);
            }
        }
    }
    found
}

/// The folders matching `probe`'s folder under the sibling locale folders.
fn by_locale_folder_dirs(probe: &Path, folders: &Folders) -> Vec<PathBuf> {
    let components: Vec<&OsStr> = probe.iter().collect();
    let last = components.len().saturating_sub(1);
    let Some(i) = (0..last)
        .rev()
        .find(|&i| components[i].to_str().is_some_and(is_locale_name))
    else {
        return Vec::new();
    };
    let base: PathBuf = components[..i].iter().collect();
    let rest: PathBuf = components[i + 1..last].iter().collect();
    (folders.listing(&base).locale_dirs.iter())
        .filter(|d| OsStr::new(d.as_str()) != components[i])
        .map(|d| base.join(d).join(&rest))
        .collect()
}

/// Whether the file at `path` (Markdown or HTML) declares `key` in its
/// front matter. Read with the bounded reader; only the front matter is
/// looked at.
fn declares_key(path: &Path, key: &str, limit: u64) -> bool {
    let markdown = path
        .extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown"));
    if !markdown {
        return false;
    }
    let Ok(bytes) = crate::lint::bounded_file(path, limit) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    front_matter_key(&text).is_some_and(|k| k == key)
}

/// The translation key a document's front matter declares.
pub fn translation_key(doc: &Document) -> Option<String> {
    let fm = doc.front_matter.as_ref()?;
    KEYS.iter().find_map(|k| {
        let value = fm.values.get(*k)?;
        value
            .as_str()
            .map(str::to_owned)
            .or_else(|| value.as_i64().map(|n| n.to_string()))
    })
}

/// The translation key in a Markdown file's YAML front matter, read by its
/// shape (`translationKey: privacy`).
fn front_matter_key(text: &str) -> Option<String> {
    let body = text.trim_start_matches('\u{feff}').strip_prefix("---")?;
    for line in body.lines().skip(1) {
        if line.trim_end() == "---" {
            break;
        }
        for key in KEYS {
            if let Some(value) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                let value = value.trim().trim_matches(['"', '\'']);
                return (!value.is_empty()).then(|| value.to_owned());
            }
        }
    }
    None
}

fn file_name(path: &Path) -> Option<&str> {
    path.file_name()?.to_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_split_from_the_name() {
        assert_eq!(
            split_suffix("privacy.ja.md"),
            ("privacy.md".into(), Some('.'))
        );
        assert_eq!(
            split_suffix("policy_en.md"),
            ("policy.md".into(), Some('_'))
        );
        assert_eq!(split_suffix("privacy.md"), ("privacy.md".into(), None));
        assert_eq!(
            split_suffix("terms_of_use.md"),
            ("terms_of_use.md".into(), None)
        );
    }

    #[test]
    fn a_key_is_read_from_front_matter_lines() {
        let text = "---\ntitle: x\ntranslationKey: \"privacy\"\n---\nbody";
        assert_eq!(front_matter_key(text).as_deref(), Some("privacy"));
        assert_eq!(front_matter_key("no front matter"), None);
    }
}
