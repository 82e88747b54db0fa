//! Documents: loading files, decoding them, extracting their text by format,
//! and keeping an exact map from every piece of text back to the file bytes.
//!
//! Data flows `bytes -> SourceText (decoded) -> Content (blocks of text)
//! -> Document (sentences, sections)`. Every range the engine reports is a
//! range of [`Content::text`]; [`Document::source_range`] maps it back to the
//! decoded source and [`SourceText::file_range`] to the raw file bytes.

mod builder;
pub mod decode;
pub mod directives;
mod html;
pub mod kind;
pub mod language;
mod markdown;
pub mod offsets;
mod structure;
mod text;

use std::ops::Range;
use std::path::{Path, PathBuf};

pub use builder::ContentBuilder;
pub use decode::{DecodeError, Decoding, SourceText};
pub use offsets::{ColumnUnit, LineCol, LineIndex, OffsetMap};

/// The formats clauselint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Html,
    Text,
}

impl Format {
    /// The format a path's extension says, if it is one clauselint reads.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Self::Markdown),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            "txt" | "text" => Some(Self::Text),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::Text => "text",
        }
    }
}

/// What a block of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading; level 1 is the document title.
    Heading(u8),
    Paragraph,
    ListItem,
}

/// A heading, paragraph or list item: a range of [`Content::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
}

/// The extracted text of a document. Blocks are separated by `\n` in `text`
/// and whitespace inside a block is collapsed to single spaces, so phrases
/// match across line breaks and never across blocks.
#[derive(Clone, Debug, Default)]
pub struct Content {
    pub text: String,
    /// Maps `text` offsets to offsets of the decoded source.
    pub map: OffsetMap,
    pub blocks: Vec<Block>,
}

impl Content {
    /// The decoded-source range of the first level-1 heading: the title
    /// when a format has no explicit one.
    pub fn first_h1(&self) -> Option<Range<usize>> {
        let h1 = self
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Heading(1))?;
        Some(self.map.range(h1.range.clone()))
    }
}

/// A sentence: a range of [`Content::text`] inside one block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub block: usize,
}

/// A heading and everything under it, up to the next heading of the same or
/// a higher level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Index of the heading block.
    pub heading: usize,
    pub level: u8,
    /// Block indices covered, the heading included.
    pub blocks: Range<usize>,
    /// The enclosing section, if any.
    pub parent: Option<usize>,
}

/// YAML front matter, parsed, with the range it occupies in the source.
#[derive(Clone, Debug)]
pub struct FrontMatter {
    pub values: serde_yaml::Mapping,
    /// Range of the YAML body in the decoded source.
    pub range: Range<usize>,
}

impl FrontMatter {
    /// The keys that declare a document's language, in the order read.
    const LANGUAGE_KEYS: [&'static str; 3] = ["lang", "language", "locale"];

    /// The language the front matter declares: `lang`, `language` or
    /// `locale`.
    pub fn declared_language(&self) -> Option<&str> {
        Self::LANGUAGE_KEYS.iter().find_map(|key| self.get_str(key))
    }

    /// The decoded-source range of that declaration's value.
    pub fn declared_language_range(&self, source: &str) -> Option<Range<usize>> {
        (Self::LANGUAGE_KEYS.iter()).find_map(|key| self.value_range(source, key))
    }

    /// A top-level string value, e.g. `lang` or `title`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.values.get(key)?.as_str()
    }

    /// The decoded-source range of a top-level `key: value` line's value,
    /// found by its shape (YAML parsers here give no positions).
    pub fn value_range(&self, source: &str, key: &str) -> Option<Range<usize>> {
        let body = source.get(self.range.clone())?;
        let mut offset = self.range.start;
        for line in body.split_inclusive('\n') {
            if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                let value = rest.trim_end_matches(['\n', '\r']);
                let lead = value.len() - value.trim_start().len();
                let value = value.trim();
                // A quoted value is anchored on the text inside the quotes.
                let unquoted = ['"', '\'']
                    .iter()
                    .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
                    .filter(|v| !v.trim().is_empty());
                let (value, quote) = unquoted.map_or((value, 0), |v| (v, 1));
                if !value.is_empty() {
                    let start = offset + key.len() + 1 + lead + quote;
                    return Some(start..start + value.len());
                }
            }
            offset += line.len();
        }
        None
    }
}

/// A problem with a file that is still linted (e.g. broken front matter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadWarning {
    /// What the problem is with: the front matter, an incorporated notice.
    pub kind: crate::error::ProblemKind,
    pub message: String,
    /// Range in the decoded source, when the problem has a place.
    pub range: Option<Range<usize>>,
}

/// What `--lossy-decoding` replaced, said at the first replacement: the
/// file was linted, but not all of it could be read.
fn replaced_warning(source: &SourceText) -> Option<LoadWarning> {
    let first = source.replaced.first()?;
    let count = source.replaced.len();
    let sequences = if count == 1 { "sequence" } else { "sequences" };
    Some(LoadWarning {
        kind: crate::error::ProblemKind::Decode,
        message: format!(
            "invalid UTF-8: {count} {sequences} replaced with U+FFFD (--lossy-decoding), the first here; the rest of the file was checked"
        ),
        range: Some(first.clone()),
    })
}

/// Why a file could not be linted.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("file is empty: there is no text to check")]
    Empty,
    #[error("no text found: the {0} file has no visible text to check")]
    NoText(&'static str),
}

/// A loaded policy: its source, its text by blocks, sentences and sections.
#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    pub format: Format,
    pub source: SourceText,
    pub front_matter: Option<FrontMatter>,
    /// The language the document is judged in, and how it was decided.
    pub language: language::Language,
    /// Whether the document is a privacy notice, and how it was decided.
    pub kind: kind::KindVerdict,
    pub content: Content,
    pub sentences: Vec<Sentence>,
    pub sections: Vec<Section>,
    /// For each block, the innermost section containing it.
    pub block_section: Vec<Option<usize>>,
    /// Where document-level findings (a missing clause) are anchored: the
    /// title or first heading line, as a decoded-source range.
    pub anchor: Range<usize>,
    pub warnings: Vec<LoadWarning>,
    /// Suppression directives written in the document.
    pub directives: Vec<directives::Directive>,
}

impl Document {
    /// Loads a document from raw file bytes.
    pub fn from_bytes(path: &Path, format: Format, bytes: &[u8]) -> Result<Self, LoadError> {
        Self::from_bytes_in(path, format, bytes, Decoding::default())
    }

    /// Loads a document from raw file bytes, decoded as `decoding` says.
    pub fn from_bytes_in(
        path: &Path,
        format: Format,
        bytes: &[u8],
        decoding: Decoding,
    ) -> Result<Self, LoadError> {
        if bytes.is_empty() {
            return Err(LoadError::Empty);
        }
        let source = decode::decode_in(bytes, decoding)?;
        Self::from_source(path, format, source)
    }

    /// Builds a document from already decoded text (rule examples, stdin).
    pub fn from_text(path: &Path, format: Format, text: &str) -> Result<Self, LoadError> {
        Self::from_source(path, format, SourceText::utf8(text.to_owned(), 0))
    }

    fn from_source(path: &Path, format: Format, source: SourceText) -> Result<Self, LoadError> {
        if source.text.trim().is_empty() {
            return Err(LoadError::Empty);
        }
        let extracted = match format {
            Format::Markdown => markdown::extract(&source.text),
            Format::Html => html::extract(&source.text),
            Format::Text => text::extract(&source.text),
        };
        let Extracted {
            content,
            front_matter,
            lang,
            title,
            mut warnings,
        } = extracted;
        warnings.extend(replaced_warning(&source));
        if content.blocks.is_empty() {
            return Err(LoadError::NoText(format.name()));
        }
        let declared_by = match format {
            Format::Html => language::DeclaredBy::HtmlLang,
            Format::Markdown | Format::Text => language::DeclaredBy::FrontMatter,
        };
        let language = language::identify(&content, lang, declared_by, path);
        let kind = kind::classify(
            path,
            front_matter.as_ref(),
            title.as_ref().and_then(|r| source.text.get(r.clone())),
            &content,
        );
        let sentences = structure::split_sentences(&content);
        let (sections, block_section) = structure::build_sections(&content.blocks);
        let anchor = title
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| structure::first_line(&content, &source.text));
        let directives = directives::find(&source.text, format);
        Ok(Self {
            path: path.to_path_buf(),
            format,
            source,
            front_matter,
            language,
            kind,
            content,
            sentences,
            sections,
            block_section,
            anchor,
            warnings,
            directives,
        })
    }

    /// Takes the document as a privacy notice in language `lang`, whatever
    /// its text says (rule examples: short passages).
    pub fn assume(&mut self, kind: kind::DocumentKind, lang: &str) {
        self.kind = kind::KindVerdict {
            kind,
            reason: "the caller".to_owned(),
        };
        self.language = language::Language::assumed(lang);
    }

    /// The language code the document is judged in (`en`), if known.
    pub fn lang(&self) -> Option<&str> {
        self.language.code.as_deref()
    }

    /// Maps a range of the content text to the decoded source.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        self.content.map.range(range)
    }

    /// The text of a content range.
    pub fn text(&self, range: Range<usize>) -> &str {
        self.content.text.get(range).unwrap_or("")
    }

    /// Index of the sentence containing content offset `offset`.
    pub fn sentence_at(&self, offset: usize) -> usize {
        self.sentences
            .partition_point(|s| s.range.end <= offset)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// Whether content offset `offset` lies in a heading.
    pub fn in_heading(&self, offset: usize) -> bool {
        let block = self
            .sentences
            .get(self.sentence_at(offset))
            .map_or(0, |s| s.block);
        matches!(
            self.content.blocks.get(block).map(|b| b.kind),
            Some(BlockKind::Heading(_))
        )
    }

    /// Sections enclosing `block`, innermost first.
    pub fn sections_of(&self, block: usize) -> impl Iterator<Item = usize> + '_ {
        let first = self.block_section.get(block).copied().flatten();
        std::iter::successors(first, |&s| self.sections[s].parent)
    }
}

/// What a format extractor produces.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub content: Content,
    pub front_matter: Option<FrontMatter>,
    pub lang: Option<String>,
    /// Decoded-source range of the document title, when the format has one.
    pub title: Option<Range<usize>>,
    pub warnings: Vec<LoadWarning>,
}

/// Helpers shared by the format extractors' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{BlockKind, Extracted};

    /// The blocks of an extraction, with their text.
    pub fn blocks(x: &Extracted) -> Vec<(BlockKind, String)> {
        x.content
            .blocks
            .iter()
            .map(|b| (b.kind, x.content.text[b.range.clone()].to_string()))
            .collect()
    }

    /// Every block maps back to a valid range of `src` (for inputs that
    /// must not panic or produce broken maps).
    pub fn assert_blocks_map_into(src: &str, x: &Extracted) {
        for b in &x.content.blocks {
            let r = x.content.map.range(b.range.clone());
            assert!(src.get(r.clone()).is_some(), "{src:?} -> {r:?}");
        }
    }

    /// The source text that `phrase` (found in the content) maps back to.
    pub fn source_of(src: &str, x: &Extracted, phrase: &str) -> String {
        let at = x
            .content
            .text
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase:?} not in {:?}", x.content.text));
        src[x.content.map.range(at..at + phrase.len())].to_string()
    }
}
