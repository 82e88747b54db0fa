//! Builds [`Content`] from pieces of source text, collapsing whitespace and
//! recording where every byte of the content text came from.

use std::ops::Range;

use super::{Block, BlockKind, Content};

/// Accumulates the text of blocks. Format extractors call [`push_source`]
/// for text that appears verbatim in the source, [`push_decoded`] for text
/// that stands for a different source spelling (an entity, an escape), and
/// [`end_block`] at every block boundary.
///
/// [`push_source`]: ContentBuilder::push_source
/// [`push_decoded`]: ContentBuilder::push_decoded
/// [`end_block`]: ContentBuilder::end_block
pub struct ContentBuilder<'s> {
    source: &'s str,
    content: Content,
    /// Start of the current block in the content text.
    block_start: usize,
    /// Source range of whitespace seen since the last word, if any.
    pending_space: Option<Range<usize>>,
}

impl<'s> ContentBuilder<'s> {
    pub fn new(source: &'s str) -> Self {
        Self {
            source,
            // Content is about as long as the source: reserve once, not by doubling.
            content: Content {
                text: String::with_capacity(source.len() + 1),
                ..Content::default()
            },
            block_start: 0,
            pending_space: None,
        }
    }

    /// The source this builder reads.
    pub fn source(&self) -> &'s str {
        self.source
    }

    /// The content text so far, from `start` (an earlier [`text_len`]).
    ///
    /// [`text_len`]: ContentBuilder::text_len
    pub fn text_since(&self, start: usize) -> &str {
        self.content.text.get(start..).unwrap_or("")
    }

    /// The length of the content text so far.
    pub fn text_len(&self) -> usize {
        self.content.text.len()
    }

    /// Appends a link's target after its text, so that the rules see the
    /// address a reader reaches by clicking ("write to us" is a channel when
    /// it links to `mailto:privacy@acme.test`). For a target written after
    /// the text in the source (a Markdown inline link): it maps to its own
    /// bytes. Nothing is added when the text already shows the target, or
    /// for an in-page anchor.
    pub fn push_link_target(&mut self, text_start: usize, target: Range<usize>) {
        let url = self.source.get(target.clone()).unwrap_or("");
        if link_shown(url).is_some_and(|shown| !self.text_since(text_start).contains(shown)) {
            self.push_break(target.start);
            self.push_source(target);
        }
    }

    /// The same for a target written elsewhere in the source (a reference
    /// definition at the end of a Markdown file): the target is one unit
    /// placed at `at`, the end of the link, so that a range over the link's
    /// text and its target stays a range of the link.
    pub fn push_link_target_at(&mut self, text_start: usize, target: Range<usize>, at: usize) {
        let url = self.source.get(target).unwrap_or("");
        if link_shown(url).is_some_and(|shown| !self.text_since(text_start).contains(shown)) {
            self.push_break(at);
            self.push_decoded(url, at..at);
        }
    }

    /// The same for a target written before its text (`<a href="...">text`):
    /// it is pushed before the text, from its own bytes, unless `text` (the
    /// source up to the end of the link) shows it.
    pub fn push_link_target_before(&mut self, target: Range<usize>, text: &str) {
        let url = self.source.get(target.clone()).unwrap_or("");
        if link_shown(url).is_some_and(|shown| !text.contains(shown)) {
            let end = target.end;
            self.push_break(target.start);
            self.push_source(target);
            self.push_break(end);
        }
    }

    /// How many blocks are done.
    pub fn block_count(&self) -> usize {
        self.content.blocks.len()
    }

    /// True when the current block has no text yet.
    pub fn block_is_empty(&self) -> bool {
        self.content.text.len() == self.block_start
    }

    /// Appends `source[range]` verbatim, collapsing whitespace runs.
    pub fn push_source(&mut self, range: Range<usize>) {
        let Some(slice) = self.source.get(range.clone()) else {
            return;
        };
        let bytes = slice.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let ws = whitespace_len(slice, i);
            if ws > 0 {
                let start = range.start + i;
                let mut end = start + ws;
                i += ws;
                loop {
                    let more = whitespace_len(slice, i);
                    if more == 0 {
                        break;
                    }
                    i += more;
                    end += more;
                }
                self.note_space(start..end);
                continue;
            }
            let run_start = i;
            while i < bytes.len() && whitespace_len(slice, i) == 0 {
                i += utf8_len(bytes[i]);
            }
            let i_end = i.min(bytes.len());
            self.push_word(
                &slice[run_start..i_end],
                range.start + run_start,
                i_end - run_start,
                false,
            );
        }
    }

    /// Appends `text`, which stands for `source[range]` as a whole (an entity
    /// like `&amp;`, an escaped `\*`). Whitespace in `text` is collapsed.
    pub fn push_decoded(&mut self, text: &str, range: Range<usize>) {
        if text.chars().all(char::is_whitespace) {
            if !text.is_empty() {
                self.note_space(range);
            }
            return;
        }
        let trimmed = text.trim();
        if text.starts_with(char::is_whitespace) {
            self.note_space(range.start..range.start);
        }
        // Internal whitespace is collapsed; the whole text maps atomically.
        let mut collapsed = String::with_capacity(trimmed.len());
        for (n, word) in trimmed.split_whitespace().enumerate() {
            if n > 0 {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
        self.push_word(&collapsed, range.start, range.len(), true);
        if text.ends_with(char::is_whitespace) {
            self.note_space(range.end..range.end);
        }
    }

    /// Records a word break (a `<br>`, a soft line break, a table cell edge)
    /// at source position `at`.
    pub fn push_break(&mut self, at: usize) {
        self.note_space(at..at);
    }

    /// Ends the current block; an empty block is dropped.
    pub fn end_block(&mut self, kind: BlockKind) {
        self.pending_space = None;
        if self.block_is_empty() {
            return;
        }
        let end = self.content.text.len();
        self.content.blocks.push(Block {
            kind,
            range: self.block_start..end,
        });
        // The separator maps to the end of the block's last source byte.
        let at = self.content.map.end(end);
        self.content.text.push('\n');
        self.content.map.push(1, at, 0);
        self.block_start = self.content.text.len();
    }

    /// Finishes the content; text after the last `end_block` is a paragraph.
    pub fn finish(mut self) -> Content {
        self.end_block(BlockKind::Paragraph);
        self.content
    }

    fn note_space(&mut self, range: Range<usize>) {
        if self.block_is_empty() {
            return;
        }
        self.pending_space = Some(match self.pending_space.take() {
            Some(prev) => prev.start..range.end.max(prev.end),
            None => range,
        });
    }

    fn push_word(&mut self, word: &str, base: usize, base_len: usize, unit: bool) {
        if word.is_empty() {
            return;
        }
        // Most words are ASCII: nothing to fold, and no East Asian
        // character on this side of a space.
        let fold = !unit && !word.is_ascii() && word.chars().any(needs_folding);
        if let Some(space) = self.pending_space.take() {
            let first = word.chars().next().map(|c| fold_char(c).unwrap_or(c));
            if !self.joins_without_space(first) {
                self.content.text.push(' ');
                self.content.map.push(1, space.start, space.len());
            }
        }
        if fold {
            self.push_folded(word, base);
            return;
        }
        self.content.text.push_str(word);
        if unit {
            self.content.map.push_unit(word.len(), base, base_len);
        } else {
            self.content.map.push(word.len(), base, base_len);
        }
    }

    /// Whether a space between the text so far and a word starting with
    /// `next` is dropped: Japanese and Chinese are written without spaces,
    /// so a line break inside a sentence ("プライバシー⏎ポリシー") or a
    /// space a writer put between scripts ("Google アナリティクス",
    /// "13 歳未満") is no word break; phrases must match across it.
    fn joins_without_space(&self, next: Option<char>) -> bool {
        let prev = self.content.text.chars().next_back();
        prev.is_some_and(is_east_asian) || next.is_some_and(is_east_asian)
    }

    /// Appends `word` (verbatim source at `base`) with its compatibility
    /// characters folded as NFKC folds them: full-width letters, digits and
    /// punctuation to ASCII, half-width kana to full-width, circled numbers
    /// to digits. Each folded character (with the sound marks that combine
    /// with it) maps to its own source bytes as one unit, so that a match
    /// over folded text points at exactly the characters written.
    fn push_folded(&mut self, word: &str, base: usize) {
        let mut chars = word.char_indices().peekable();
        let mut run_start = 0;
        while let Some((at, c)) = chars.next() {
            if !needs_folding(c) {
                continue;
            }
            let mut end = at + c.len_utf8();
            // Half-width voiced sound marks compose with the kana before them.
            while let Some(&(next_at, next)) = chars.peek() {
                if !matches!(next, '\u{FF9E}' | '\u{FF9F}') {
                    break;
                }
                end = next_at + next.len_utf8();
                chars.next();
            }
            let cluster = &word[at..end];
            let folded = fold_str(cluster);
            if folded == cluster {
                continue;
            }
            self.push_verbatim(&word[run_start..at], base + run_start);
            self.content.text.push_str(&folded);
            self.content
                .map
                .push_unit(folded.len(), base + at, end - at);
            run_start = end;
        }
        self.push_verbatim(&word[run_start..], base + run_start);
    }

    fn push_verbatim(&mut self, text: &str, base: usize) {
        if !text.is_empty() {
            self.content.text.push_str(text);
            self.content.map.push(text.len(), base, text.len());
        }
    }
}

/// A character of a script written without spaces between words (kana,
/// kanji, hangul), or East Asian punctuation (「」、。).
pub(crate) fn is_east_asian(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF61..=0xFF9F)
}

/// Whether `c` is a compatibility character folded before matching: the
/// full-width and half-width forms, circled and parenthesised numbers,
/// enclosed and squared CJK (㈱, ㍻), compatibility ideographs, and the wave
/// dash and minus sign written for `~` and `-` in Japanese. Other text,
/// English included, is matched as written.
fn needs_folding(c: char) -> bool {
    matches!(c as u32, 0x2212 | 0x2460..=0x24FF | 0x301C | 0x3200..=0x33FF | 0xF900..=0xFAFF | 0xFF01..=0xFFEF)
}

/// The folded form of one character, when it is folded alone.
fn fold_char(c: char) -> Option<char> {
    if !needs_folding(c) {
        return None;
    }
    let mut folded = fold_str(c.encode_utf8(&mut [0; 4]));
    (folded.chars().count() == 1)
        .then(|| folded.pop())
        .flatten()
}

/// NFKC of a cluster of compatibility characters, with the wave dash and
/// minus sign (which NFKC keeps) folded too.
fn fold_str(cluster: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    match cluster {
        "\u{301C}" => "~".to_owned(),
        "\u{2212}" => "-".to_owned(),
        _ => cluster.nfkc().collect(),
    }
}

/// Length in bytes of the whitespace character at `i`, or 0.
fn whitespace_len(s: &str, i: usize) -> usize {
    let bytes = s.as_bytes();
    match bytes.get(i) {
        // NUL bytes (stray padding in some saved pages) separate words too.
        Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\x0b' | b'\0') => 1,
        Some(&b) if b >= 0x80 => match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' => c.len_utf8(),
            _ => 0,
        },
        _ => 0,
    }
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// What a link target shows a reader (`mailto:` and `tel:` taken off), or
/// `None` for nothing worth adding (empty, an in-page anchor).
fn link_shown(url: &str) -> Option<&str> {
    let shown = url
        .strip_prefix("mailto:")
        .or_else(|| url.strip_prefix("tel:"))
        .unwrap_or(url);
    (!url.is_empty() && !url.starts_with('#') && !shown.is_empty()).then_some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(source: &str, f: impl FnOnce(&mut ContentBuilder)) -> Content {
        let mut b = ContentBuilder::new(source);
        f(&mut b);
        b.finish()
    }

    #[test]
    fn collapses_whitespace_and_maps_words_back() {
        let src = "  We   keep\n data\r\n\tfor 30 days.  ";
        let c = build(src, |b| b.push_source(0..src.len()));
        assert_eq!(c.text, "We keep data for 30 days.\n");
        let at = c.text.find("data").unwrap();
        let r = c.map.range(at..at + 4);
        assert_eq!(&src[r], "data");
        let all = c.map.range(0..c.blocks[0].range.end);
        assert_eq!(&src[all], "We   keep\n data\r\n\tfor 30 days.");
    }

    #[test]
    fn decoded_entities_map_to_the_whole_entity() {
        let src = "Tom&amp;Jerry&nbsp;Ltd";
        let c = build(src, |b| {
            b.push_source(0..3);
            b.push_decoded("&", 3..8);
            b.push_source(8..13);
            b.push_decoded("\u{a0}", 13..19);
            b.push_source(19..22);
        });
        assert_eq!(c.text, "Tom&Jerry Ltd\n");
        assert_eq!(&src[c.map.range(3..4)], "&amp;");
        assert_eq!(&src[c.map.range(0..13)], src);
        let ltd = c.text.find("Ltd").unwrap();
        assert_eq!(&src[c.map.range(ltd..ltd + 3)], "Ltd");
    }

    #[test]
    fn blocks_are_separated_and_empty_blocks_dropped() {
        let src = "Title\n\n   \n\nBody text";
        let c = build(src, |b| {
            b.push_source(0..5);
            b.end_block(BlockKind::Heading(1));
            b.push_source(5..12);
            b.end_block(BlockKind::Paragraph);
            b.push_source(12..src.len());
        });
        assert_eq!(c.text, "Title\nBody text\n");
        assert_eq!(c.blocks.len(), 2);
        assert_eq!(c.blocks[0].kind, BlockKind::Heading(1));
        let body = c.blocks[1].range.clone();
        assert_eq!(&src[c.map.range(body)], "Body text");
    }

    /// Every piece of `c.text` maps back to the source bytes it stands for.
    fn source_of<'s>(src: &'s str, c: &Content, phrase: &str) -> &'s str {
        let at = c
            .text
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase:?} in {:?}", c.text));
        &src[c.map.range(at..at + phrase.len())]
    }

    #[test]
    fn japanese_is_folded_and_maps_to_the_characters_written() {
        let src = "お問い合わせ：ｐｒｉｖａｃｙ＿ｊｐ＠ｈｏｓｈｉ．ｔｅｓｔ（①）㈱ﾎｼｿﾞﾗ 13〜18歳";
        let c = build(src, |b| b.push_source(0..src.len()));
        assert_eq!(
            c.text,
            "お問い合わせ:privacy_jp@hoshi.test(1)(株)ホシゾラ13~18歳\n"
        );
        assert_eq!(
            source_of(src, &c, "privacy_jp@hoshi.test"),
            "ｐｒｉｖａｃｙ＿ｊｐ＠ｈｏｓｈｉ．ｔｅｓｔ"
        );
        // A half-width kana and its sound mark are one character, mapped whole.
        assert_eq!(source_of(src, &c, "ゾ"), "ｿﾞ");
        assert_eq!(source_of(src, &c, "(株)"), "㈱");
        assert_eq!(source_of(src, &c, "13~18歳"), "13〜18歳");
        // Inside a folded character there is no position of its own.
        let at = c.text.find("(株)").unwrap();
        assert_eq!(&src[c.map.range(at + 1..at + 2)], "㈱");
    }

    #[test]
    fn a_line_break_between_japanese_characters_is_no_space() {
        let src =
            "プライバシー\nポリシーは Google\nアナリティクス と\nCookie を使います. We\nkeep it.";
        let c = build(src, |b| b.push_source(0..src.len()));
        assert_eq!(
            c.text,
            "プライバシーポリシーはGoogleアナリティクスとCookieを使います. We keep it.\n"
        );
        assert_eq!(
            source_of(src, &c, "プライバシーポリシー"),
            "プライバシー\nポリシー"
        );
        assert_eq!(
            source_of(src, &c, "Googleアナリティクス"),
            "Google\nアナリティクス"
        );
    }

    #[test]
    fn english_text_is_not_folded() {
        let src = "ﬁle № 5 — ½ ™";
        let c = build(src, |b| b.push_source(0..src.len()));
        assert_eq!(c.text, "ﬁle № 5 — ½ ™\n");
    }

    #[test]
    fn multibyte_text_and_unicode_spaces() {
        let src = "Müller\u{a0}straße — 12";
        let c = build(src, |b| b.push_source(0..src.len()));
        assert_eq!(c.text, "Müller straße — 12\n");
        let s = c.text.find("straße").unwrap();
        assert_eq!(&src[c.map.range(s..s + "straße".len())], "straße");
    }
}
