//! A miette [`SourceCode`] over a document's decoded text, backed by a
//! precomputed [`LineIndex`].
//!
//! miette's own `impl SourceCode for str` scans from byte 0 on every
//! `read_span` (it calls it several times per diagnostic), which costs
//! milliseconds per finding on a large file. Here lines are found by binary
//! search and characters are only counted on the lines returned.
//!
//! The contract mirrors miette's impl (see `miette/src/source_impls.rs`):
//! * with context lines before, `data` starts at the start of the first
//!   context line and `column` is 0; without, it starts at the span;
//! * with context lines after, `data` ends after the last context line's
//!   terminator; without, it ends at the span's end;
//! * `span` is the absolute range `data` covers, `line` the 0-based line
//!   where `data` starts.
//!
//! Two deliberate differences: `column` counts characters, not bytes, so
//! the `[path:line:col]` header matches an editor; and `line_count` is the
//! number of lines `data` covers (miette's impl returns a running count).
//!
//! Lines longer than the window (when one is set) are cut to a fragment
//! around the span, so a minified one-line HTML file prints one screen line
//! per finding instead of the whole file.

use std::borrow::Cow;
use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::document::{LineCol, LineIndex};

/// Decoded source text as miette reads it.
#[derive(Debug)]
pub struct FileSource<'a> {
    name: String,
    text: Cow<'a, str>,
    index: LineIndex,
    /// Widest line fragment shown, in characters; `None` shows whole lines.
    window: Option<usize>,
}

impl<'a> FileSource<'a> {
    /// `name` is what the snippet header shows, e.g. the display path.
    pub fn new(name: impl Into<String>, text: &'a str) -> Self {
        let text = sanitize(text);
        let index = LineIndex::new(&text);
        Self {
            name: name.into(),
            text,
            index,
            window: None,
        }
    }

    /// Cuts lines longer than `chars` characters to a fragment around the span.
    pub fn with_window(mut self, chars: usize) -> Self {
        self.window = Some(chars.max(1));
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// 1-based line and character column of byte `offset`.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.index.line_col(&self.text, offset)
    }

    /// A range safe to label: see `visible_range`. With a window, a span
    /// longer than the window is cut to the part that fits: the snippet
    /// shows a fragment, and the underline and its label must stay in it
    /// (miette pads the label line to the span's end, which on a 10 MB
    /// one-line file was 30 MB of spaces).
    pub fn label_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let range = visible_range(&self.text, range)?;
        let Some(window) = self.window else {
            return Some(range);
        };
        let span = &self.text[range.clone()];
        match chars_forward(span, window) {
            Some(cut) if cut < span.len() => Some(range.start..range.start + cut),
            _ => Some(range),
        }
    }

    fn line_end(&self, line: usize) -> usize {
        if line + 1 < self.index.line_count() {
            self.index.line_start(line + 1)
        } else {
            self.text.len()
        }
    }

    /// End of `line` without its terminator.
    fn content_end(&self, line: usize) -> usize {
        let start = self.index.line_start(line);
        let end = self.line_end(line);
        let line_text = self.text.get(start..end).unwrap_or("");
        start + line_text.trim_end_matches(['\n', '\r']).len()
    }

    fn fits(&self, range: Range<usize>) -> bool {
        let Some(window) = self.window else {
            return true;
        };
        let text = self.text.get(range).unwrap_or("");
        // Cheap test first: bytes bound characters from above.
        text.len() <= window || text.chars().take(window + 1).count() <= window
    }

    /// Characters allowed before and after the span on its first and last
    /// lines, when those lines are cut; `None` means no limit.
    fn allowances(
        &self,
        range: &Range<usize>,
        single_line: bool,
    ) -> (Option<usize>, Option<usize>) {
        let Some(window) = self.window else {
            return (None, None);
        };
        if !single_line {
            return (Some(window / 2), Some(window / 2));
        }
        let text = self.text.as_ref();
        let span_chars = text
            .get(range.clone())
            .map_or(0, |s| s.chars().take(window).count());
        let spare = window.saturating_sub(span_chars);
        let line = self.index.line_of(range.start);
        let line_start = self.index.line_start(line);
        let tail_text = text.get(range.end..self.content_end(line)).unwrap_or("");
        let tail_avail = tail_text.chars().take(spare + 1).count();
        let lead_avail = text
            .get(line_start..range.start)
            .map_or(0, |s| s.chars().rev().take(spare + 1).count());
        // Centre the span; give what one side cannot use to the other.
        let lead = lead_avail.min((spare / 2).max(spare.saturating_sub(tail_avail)));
        let tail = tail_avail.min(spare - lead);
        (Some(lead), Some(tail))
    }

    /// Where `data` starts: a context line start, or a cut in a long line.
    fn data_start(&self, start: usize, before: usize, allowance: Option<usize>) -> usize {
        if before == 0 {
            return start;
        }
        let first = self.index.line_of(start);
        let line_start = self.index.line_start(first);
        let prefix = self.text.get(line_start..start).unwrap_or("");
        if let Some(cut) = allowance.and_then(|n| chars_back(prefix, n)) {
            return line_start + word_start(prefix, cut);
        }
        let mut line = first;
        while line > 0
            && first - line < before
            && self.fits(self.index.line_start(line - 1)..self.line_end(line - 1))
        {
            line -= 1;
        }
        self.index.line_start(line)
    }

    /// Where `data` ends: after a context line's terminator, or a cut.
    fn data_end(
        &self,
        last_byte: usize,
        end: usize,
        after: usize,
        allowance: Option<usize>,
    ) -> usize {
        if after == 0 {
            // Never split a CRLF (miette's impl does the same).
            let splits_crlf = self
                .text
                .as_bytes()
                .get(end.wrapping_sub(1)..end.saturating_add(1))
                == Some(b"\r\n");
            return if splits_crlf { end + 1 } else { end };
        }
        let last = self.index.line_of(last_byte);
        let content_end = self.content_end(last).max(end);
        let suffix = self.text.get(end..content_end).unwrap_or("");
        if let Some(cut) = allowance.and_then(|n| chars_forward(suffix, n)) {
            return end + word_end(suffix, cut);
        }
        let mut line = last;
        while line + 1 < self.index.line_count()
            && line - last < after
            && self.fits(self.index.line_start(line + 1)..self.line_end(line + 1))
        {
            line += 1;
        }
        self.line_end(line)
    }

    fn contents(&self, range: Range<usize>, before: usize, after: usize) -> MietteSpanContents<'_> {
        let last_byte = if range.is_empty() {
            range.start
        } else {
            range.end - 1
        };
        let single_line = self.index.line_of(range.start) == self.index.line_of(last_byte);
        let (lead, tail) = self.allowances(&range, single_line);
        let start = self.data_start(range.start, before, lead);
        let end = self.data_end(last_byte, range.end, after, tail).max(start);
        let line = self.index.line_of(start);
        let line_start = self.index.line_start(line);
        let column = self
            .text
            .get(line_start..start)
            .map_or(0, |s| s.chars().count());
        let data_last = if end > start { end - 1 } else { start };
        let line_count = self.index.line_of(data_last) - line + 1;
        let data = self.text.as_bytes().get(start..end).unwrap_or(&[]);
        MietteSpanContents::new_named(
            self.name.clone(),
            data,
            (start, end - start).into(),
            line,
            column,
            line_count,
        )
    }
}

impl SourceCode for FileSource<'_> {
    fn read_span<'s>(
        &'s self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'s> + 's>, MietteError> {
        let start = span.offset();
        let range = clamp(&self.text, start..start.saturating_add(span.len()));
        Ok(Box::new(self.contents(
            range,
            context_lines_before,
            context_lines_after,
        )))
    }
}

/// A range safe to point at: inside the text, on character boundaries, and
/// never past the last visible character (miette draws nothing there and
/// has panicked on such spans; an editor has no column there). `None` when
/// the text has nothing to show.
pub fn visible_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let visible = text.trim_end_matches(['\n', '\r']).len();
    if visible == 0 {
        return None;
    }
    let range = clamp(text, range);
    if range.start < visible {
        return Some(range);
    }
    // Past the last visible character: point at that character.
    let start = text.floor_char_boundary(visible - 1);
    Some(start..visible)
}

/// `range` moved inside `text` and widened to character boundaries.
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let start = text.floor_char_boundary(range.start.min(text.len()));
    let end = text.ceil_char_boundary(range.end.clamp(start, text.len()));
    start..end
}

/// Offset in `s` where its last `n` characters start, if `s` has more.
fn chars_back(s: &str, n: usize) -> Option<usize> {
    let Some(skip) = n.checked_sub(1) else {
        return (!s.is_empty()).then_some(s.len());
    };
    let cut = s.char_indices().rev().nth(skip).map(|(i, _)| i)?;
    (cut > 0).then_some(cut)
}

/// Offset in `s` where its first `n` characters end, if `s` has more.
fn chars_forward(s: &str, n: usize) -> Option<usize> {
    s.char_indices().nth(n).map(|(i, _)| i)
}

/// How far a cut moves to fall between words instead of inside one.
const WORD_SNAP: usize = 16;

/// `cut` in `s`, moved forward past the next whitespace if one is near.
fn word_start(s: &str, cut: usize) -> usize {
    let near = s.get(cut..).unwrap_or("");
    near.char_indices()
        .take_while(|&(i, _)| i < WORD_SNAP)
        .find(|(_, c)| c.is_whitespace())
        .map_or(cut, |(i, c)| cut + i + c.len_utf8())
}

/// `cut` in `s`, moved back to the previous whitespace if one is near.
fn word_end(s: &str, cut: usize) -> usize {
    let near = s.get(..cut).unwrap_or("");
    near.char_indices()
        .rev()
        .take_while(|&(i, _)| cut - i <= WORD_SNAP)
        .find(|(_, c)| c.is_whitespace())
        .map_or(cut, |(i, _)| i)
}

/// The text as it can be shown on a terminal, with every offset unchanged:
/// a lone `\r` becomes `\n` (the [`LineIndex`] and editors end a line there,
/// miette's renderer would print the raw `\r` and garble the line), and
/// other control characters become spaces (an escape sequence in a linted
/// file must not reach the terminal). Tabs are kept: miette expands them.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let needs_change = |i: usize, b: u8| match b {
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        b'\n' | b'\t' => false,
        b => b < 0x20 || b == 0x7f,
    };
    if !bytes.iter().enumerate().any(|(i, &b)| needs_change(i, b)) {
        return Cow::Borrowed(text);
    }
    let clean: String = text
        .char_indices()
        .map(|(i, c)| match c {
            '\r' if needs_change(i, b'\r') => '\n',
            c if c.is_ascii_control() && needs_change(i, c as u8) => ' ',
            c => c,
        })
        .collect();
    Cow::Owned(clean)
}

#[cfg(test)]
mod tests;
