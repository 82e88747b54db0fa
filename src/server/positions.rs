//! Byte offsets <-> LSP positions. LSP counts a position's character in
//! UTF-16 code units (the default `positionEncoding`, the only one every
//! client supports), while clauselint's ranges are UTF-8 byte offsets: a
//! Japanese character is 3 bytes but 1 unit, an emoji 4 bytes but 2 units.

use std::ops::Range;

use lsp_types::Position;

use crate::document::LineIndex;

/// Converts between byte offsets of one text and LSP positions in it.
pub(crate) struct Positions<'a> {
    text: &'a str,
    lines: LineIndex,
}

impl<'a> Positions<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            lines: LineIndex::new(text),
        }
    }

    /// The position of byte `offset`; an offset inside a character counts
    /// as the start of that character, one past the end as the end.
    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line);
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    pub(crate) fn range(&self, range: Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of `position`. A character past the end of its line
    /// means the end of the line (as the protocol says), a line past the
    /// end of the text the end of the text, and a position inside a
    /// surrogate pair the start of that character.
    pub(crate) fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.lines.line_count() {
            return self.text.len();
        }
        let start = self.lines.line_start(line);
        let end = self.line_content_end(line);
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        end
    }

    /// Where `line`'s text ends, before its line break.
    fn line_content_end(&self, line: usize) -> usize {
        let next = if line + 1 < self.lines.line_count() {
            self.lines.line_start(line + 1)
        } else {
            self.text.len()
        };
        let content = &self.text[self.lines.line_start(line)..next];
        next - (content.len() - content.trim_end_matches(['\r', '\n']).len())
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Positions are `u32` in the protocol; a 64 MiB file never exceeds it.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn japanese_counts_one_unit_per_character_and_emoji_two() {
        let text = "# Title\n個人情報 😀 contact@acme.test\n";
        let p = Positions::new(text);
        let at = text.find("contact").unwrap();
        // 4 kanji (1 unit each) + space + emoji (2 units) + space.
        assert_eq!(p.position(at), pos(1, 8));
        assert_eq!(p.offset(pos(1, 8)), at);
        let emoji = text.find('😀').unwrap();
        assert_eq!(p.position(emoji), pos(1, 5));
        assert_eq!(p.position(emoji + 4), pos(1, 7));
    }

    #[test]
    fn an_offset_inside_a_character_is_its_start_and_a_position_inside_a_pair_too() {
        let text = "a😀b";
        let p = Positions::new(text);
        assert_eq!(p.position(2), pos(0, 1));
        assert_eq!(p.offset(pos(0, 2)), 1, "inside the surrogate pair");
        assert_eq!(p.offset(pos(0, 3)), 5);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines_and_do_not_count_as_characters() {
        let text = "ab\r\nc😀d\re";
        let p = Positions::new(text);
        let d = text.find('d').unwrap();
        assert_eq!(p.position(d), pos(1, 3));
        assert_eq!(p.position(text.find('e').unwrap()), pos(2, 0));
        // Past the end of a line: the end of its text, before "\r\n".
        assert_eq!(p.offset(pos(0, 99)), 2);
        assert_eq!(p.offset(pos(1, 99)), d + 1);
        assert_eq!(p.position(text.len()), pos(2, 1));
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let text = "héllo\n";
        let p = Positions::new(text);
        assert_eq!(p.position(99), pos(1, 0));
        assert_eq!(p.offset(pos(7, 0)), text.len());
        assert_eq!(p.offset(pos(0, 2)), 3, "é is 2 bytes, 1 unit");
    }

    #[test]
    fn round_trip_at_every_character_boundary() {
        let text = "プライバシー🙂\r\npolicy ✓ 𝄞x\n\nend";
        let p = Positions::new(text);
        for (i, _) in text.char_indices().filter(|(i, _)| {
            // A line break's second byte has no position of its own.
            !(text.as_bytes()[*i] == b'\n' && i > &0 && text.as_bytes()[i - 1] == b'\r')
        }) {
            assert_eq!(p.offset(p.position(i)), i, "offset {i}");
        }
    }
}
