//! Positions for machine-read formats (JSON, GitHub, SARIF): one function
//! computes them, so the three agree with each other and with the concise
//! format's line and column.

use std::ops::Range;

use super::source::visible_range;
use crate::document::{ColumnUnit, LineCol, LineIndex, SourceText};

/// Where a span is, in every unit the formats need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Place {
    /// 1-based line and column of the first character (characters unless
    /// the locator counts another unit).
    pub start: LineCol,
    /// Line and column just past the last character (an exclusive end, as
    /// editors count; equal to `start` for an empty span).
    pub end: LineCol,
    /// The decoded-text range placed: the span moved onto visible text.
    pub range: Range<usize>,
    /// The same range as byte offsets of the file on disk, when known.
    pub bytes: Option<Range<usize>>,
}

/// Places spans of one decoded text.
pub(super) struct Locator<'a> {
    text: &'a str,
    index: LineIndex,
    /// The decoded source with its map to the file bytes.
    source: Option<&'a SourceText>,
    /// What columns count.
    unit: ColumnUnit,
}

impl<'a> Locator<'a> {
    /// For spans of a document's decoded source.
    pub fn new(source: &'a SourceText) -> Self {
        Self {
            text: &source.text,
            index: LineIndex::new(&source.text),
            source: Some(source),
            unit: ColumnUnit::Char,
        }
    }

    /// For spans of a text with no map to file bytes (a problem's).
    pub fn for_text(text: &'a str) -> Self {
        Self {
            text,
            index: LineIndex::new(text),
            source: None,
            unit: ColumnUnit::Char,
        }
    }

    /// The same locator with columns counted in `unit` (characters by
    /// default).
    pub fn counting(self, unit: ColumnUnit) -> Self {
        Self { unit, ..self }
    }

    /// Places `span`. Like the concise format, a span past the last visible
    /// character points at that character.
    pub fn place(&self, span: Range<usize>) -> Place {
        let range = visible_range(self.text, span).unwrap_or(0..0);
        Place {
            start: self.index.line_col_in(self.text, range.start, self.unit),
            end: self.index.line_col_in(self.text, range.end, self.unit),
            bytes: self.source.map(|s| s.file_range(range.clone())),
            range,
        }
    }

    /// What the columns count.
    pub fn unit(&self) -> ColumnUnit {
        self.unit
    }

    /// The decoded text of a placed range.
    pub fn text(&self, place: &Place) -> &'a str {
        self.text.get(place.range.clone()).unwrap_or("")
    }
}
