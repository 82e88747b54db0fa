//! Offset maps: how a derived text maps back to the bytes it came from.
//!
//! Two maps are chained for every document: the decoded source text maps back
//! to the raw file bytes (BOM, UTF-16, Windows-1252), and the extracted content
//! text (markup removed, entities decoded, whitespace collapsed) maps back to
//! the decoded source. Both use the same piecewise representation.

use std::ops::Range;

/// One piece of a map. Inside a piece the mapping is linear when
/// `base_len == derived_len` (or `base_len == 2 * derived_len`, ASCII in
/// UTF-16); otherwise the piece is atomic: any position inside it maps to the
/// whole base range (an entity such as `&amp;` is one unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    derived: u32,
    base: u32,
    derived_len: u32,
    base_len: u32,
    /// Maps as one unit whatever the lengths (see [`OffsetMap::push_unit`]).
    atomic: bool,
}

/// Maps offsets of a derived text to offsets of its base text.
///
/// Pieces are sorted and contiguous in derived coordinates. Offsets past the
/// last piece map to the end of the last piece.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
}

impl OffsetMap {
    /// The identity map shifted by `base_offset` (UTF-8 with or without BOM).
    pub fn shifted(len: usize, base_offset: usize) -> Self {
        let mut map = Self::default();
        map.push(len, base_offset, len);
        map
    }

    /// Appends a piece: the next `derived_len` bytes of the derived text come
    /// from `base_len` bytes at `base` in the base text. Adjacent linear pieces
    /// with the same slope are merged, which keeps maps of plain prose tiny.
    pub fn push(&mut self, derived_len: usize, base: usize, base_len: usize) {
        self.push_piece(derived_len, base, base_len, false);
    }

    /// Appends a piece that maps as one unit: any position inside it maps to
    /// its start (or, for an end, its end), even when the lengths happen to
    /// be equal. For decoded text of several characters (an entity or escape
    /// expanding to more than one character), whose inner positions have no
    /// counterpart in the base text.
    pub fn push_unit(&mut self, derived_len: usize, base: usize, base_len: usize) {
        self.push_piece(derived_len, base, base_len, true);
    }

    fn push_piece(&mut self, derived_len: usize, base: usize, base_len: usize, atomic: bool) {
        let derived = self.derived_len();
        let piece = Piece {
            derived: derived as u32,
            base: base as u32,
            derived_len: derived_len as u32,
            base_len: base_len as u32,
            atomic,
        };
        if let Some(last) = self.pieces.last_mut().filter(|l| !l.atomic && !atomic) {
            let slope = |p: &Piece| (p.derived_len > 0).then_some((p.base_len, p.derived_len));
            let contiguous = last.base + last.base_len == piece.base;
            let same_slope = match (slope(last), slope(&piece)) {
                (Some((lb, ld)), Some((pb, pd))) => {
                    (lb == ld && pb == pd) || (lb == 2 * ld && pb == 2 * pd)
                }
                _ => false,
            };
            if contiguous && same_slope {
                last.derived_len += piece.derived_len;
                last.base_len += piece.base_len;
                return;
            }
        }
        self.pieces.push(piece);
    }

    /// Total length of the derived text covered so far.
    pub fn derived_len(&self) -> usize {
        self.pieces
            .last()
            .map_or(0, |p| (p.derived + p.derived_len) as usize)
    }

    /// Maps the start of a derived position to the base text.
    pub fn start(&self, offset: usize) -> usize {
        self.locate(offset, false)
    }

    /// Maps the end of a derived position (exclusive) to the base text.
    pub fn end(&self, offset: usize) -> usize {
        self.locate(offset, true)
    }

    /// Maps a derived range to a base range.
    pub fn range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.start(range.start);
        let end = self.end(range.end).max(start);
        start..end
    }

    fn locate(&self, offset: usize, is_end: bool) -> usize {
        let Some(last) = self.pieces.last() else {
            return offset;
        };
        let offset = offset as u32;
        // The piece containing `offset`; an end offset on a boundary belongs
        // to the piece before it, a start offset to the piece after it.
        let idx = self.pieces.partition_point(|p| {
            if is_end {
                p.derived + p.derived_len < offset
            } else {
                p.derived + p.derived_len <= offset
            }
        });
        let piece = self.pieces.get(idx).unwrap_or(last);
        let within = offset.saturating_sub(piece.derived).min(piece.derived_len);
        let mapped = if piece.atomic {
            if (is_end && within > 0)
                || (!is_end && within >= piece.derived_len && piece.derived_len > 0)
            {
                piece.base + piece.base_len
            } else {
                piece.base
            }
        } else if piece.base_len == piece.derived_len {
            piece.base + within
        } else if piece.base_len == 2 * piece.derived_len {
            piece.base + 2 * within
        } else if (is_end && within > 0)
            || (!is_end && within >= piece.derived_len && piece.derived_len > 0)
        {
            piece.base + piece.base_len
        } else {
            piece.base
        };
        mapped as usize
    }
}

/// Line starts of a text, for 1-based line and character columns as an
/// editor shows them. `\n`, `\r\n` and a lone `\r` all end a line.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

/// A 1-based line and column (column counted in characters unless a
/// [`ColumnUnit`] says otherwise).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// What a column counts. Tools disagree: most editors show characters,
/// vim's `%c` in an `errorformat` counts bytes, and the Language Server
/// Protocol (and VS Code) counts UTF-16 code units. They agree on ASCII.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColumnUnit {
    /// Bytes of the line in UTF-8, as vim's `%c` counts them.
    Byte,
    /// Characters (Unicode code points), as most editors show them.
    #[default]
    Char,
    /// UTF-16 code units, as the Language Server Protocol counts them.
    Utf16,
}

impl ColumnUnit {
    /// How many columns `c` takes in this unit.
    fn width(self, c: char) -> usize {
        match self {
            Self::Byte => c.len_utf8(),
            Self::Char => 1,
            Self::Utf16 => c.len_utf16(),
        }
    }
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        for pos in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let is_crlf = bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n');
            if !is_crlf {
                starts.push(pos as u32 + 1);
            }
        }
        Self { starts }
    }

    /// 0-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s as usize <= offset) - 1
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).map_or(0, |&s| s as usize)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Line and character column of byte `offset` in `text` (which must be
    /// the text the index was built from). An offset inside a character
    /// counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        self.line_col_in(text, offset, ColumnUnit::Char)
    }

    /// Line and column of byte `offset` in `text`, the column counted in
    /// `unit`: one past the width of the characters before the offset on
    /// its line.
    pub fn line_col_in(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text.get(start..).map_or(0, |rest| {
            rest.char_indices()
                .take_while(|(i, _)| start + i < offset)
                .map(|(_, c)| unit.width(c))
                .sum()
        });
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_map_shifted_by_bom() {
        let map = OffsetMap::shifted(10, 3);
        assert_eq!(map.start(0), 3);
        assert_eq!(map.end(10), 13);
        assert_eq!(map.range(2..5), 5..8);
    }

    #[test]
    fn atomic_piece_maps_to_whole_entity() {
        // "a&amp;b" -> "a&b"
        let mut map = OffsetMap::default();
        map.push(1, 0, 1);
        map.push(1, 1, 5);
        map.push(1, 6, 1);
        assert_eq!(map.range(0..3), 0..7);
        assert_eq!(map.range(1..2), 1..6);
        assert_eq!(map.range(2..3), 6..7);
        assert_eq!(map.start(2), 6);
    }

    #[test]
    fn a_unit_piece_maps_as_a_whole_even_with_equal_lengths() {
        // "x" + "ab" decoded from the two-byte escape "\u" + "y"
        let mut map = OffsetMap::default();
        map.push(1, 0, 1);
        map.push_unit(2, 1, 2);
        map.push(1, 3, 1);
        assert_eq!(map.pieces.len(), 3);
        assert_eq!(map.range(1..2), 1..3);
        assert_eq!(map.range(2..3), 1..3);
        assert_eq!(map.start(3), 3);
    }

    #[test]
    fn adjacent_linear_pieces_merge() {
        let mut map = OffsetMap::default();
        map.push(4, 0, 4);
        map.push(3, 4, 3);
        assert_eq!(map.pieces.len(), 1);
        map.push(2, 10, 2); // a gap in the base text: a new piece
        assert_eq!(map.pieces.len(), 2);
        assert_eq!(map.start(8), 11);
    }

    #[test]
    fn utf16_ascii_runs_have_slope_two() {
        let mut map = OffsetMap::default();
        map.push(3, 2, 6);
        map.push(3, 8, 6);
        assert_eq!(map.pieces.len(), 1);
        assert_eq!(map.range(1..4), 4..10);
    }

    #[test]
    fn columns_count_bytes_characters_or_utf16_units() {
        // 個人情報 is 4 characters, 12 bytes, 4 UTF-16 units; 🍪 is 1
        // character, 4 bytes, 2 UTF-16 units (a surrogate pair).
        let text = "intro\n個人情報 🍪 retention here";
        let index = LineIndex::new(text);
        let at = text.find("retention").unwrap();
        let col = |unit| index.line_col_in(text, at, unit);
        assert_eq!(col(ColumnUnit::Char), LineCol { line: 2, column: 8 });
        assert_eq!(
            col(ColumnUnit::Byte),
            LineCol {
                line: 2,
                column: 19
            }
        );
        assert_eq!(col(ColumnUnit::Utf16), LineCol { line: 2, column: 9 });
        assert_eq!(index.line_col(text, at), col(ColumnUnit::Char));
        // Before any wide character the units agree.
        for unit in [ColumnUnit::Byte, ColumnUnit::Char, ColumnUnit::Utf16] {
            assert_eq!(
                index.line_col_in(text, 6, unit),
                LineCol { line: 2, column: 1 }
            );
        }
    }

    #[test]
    fn line_columns_count_characters_and_all_line_endings() {
        let text = "héllo\r\nwörld\rthird\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        let w = text.find('w').unwrap();
        assert_eq!(index.line_col(text, w), LineCol { line: 2, column: 1 });
        let r = text.find("rld").unwrap();
        assert_eq!(index.line_col(text, r), LineCol { line: 2, column: 3 });
        let t = text.find("third").unwrap();
        assert_eq!(index.line_col(text, t), LineCol { line: 3, column: 1 });
        let l = text.find("llo").unwrap();
        assert_eq!(index.line_col(text, l), LineCol { line: 1, column: 3 });
        assert_eq!(
            index.line_col(text, text.len()),
            LineCol { line: 4, column: 5 }
        );
    }
}
