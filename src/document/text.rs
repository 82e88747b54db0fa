//! Plain text: paragraphs, headings and list items recognised by shape.
//!
//! Lines are grouped into paragraphs at blank lines. The first line of a
//! paragraph may be a heading: a `#` line, a numbered title (`2.1 Sharing`,
//! `IV. Rights`) or a short title-like line set off from body text. Other
//! lines are bullet or numbered list items (with their continuation lines)
//! or hard-wrapped prose joined into one paragraph. Every block is one
//! contiguous source range pushed verbatim, so the map stays exact.

use std::ops::Range;

use super::{BlockKind, ContentBuilder, Extracted, FrontMatter};

pub(crate) fn extract(source: &str) -> Extracted {
    let (front_matter, body_start) = parse_front_matter(source);
    let doc = TextDoc::new(source, body_start);
    let headings = doc.decide_headings();
    let mut builder = ContentBuilder::new(source);
    let mut first_title = None;
    for (kind, range) in doc.plan_blocks(&headings) {
        if kind == BlockKind::Heading(1) && first_title.is_none() {
            first_title = Some(range.clone());
        }
        builder.push_source(range);
        builder.end_block(kind);
    }
    let lang = front_matter
        .as_ref()
        .and_then(|fm| fm.declared_language())
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty());
    let title = front_matter
        .as_ref()
        .and_then(|fm| fm.value_range(source, "title"))
        .or(first_title);
    Extracted {
        content: builder.finish(),
        front_matter,
        lang,
        title,
        warnings: Vec::new(),
    }
}

/// YAML front matter: a `---` first line and a `---` or `...` line within
/// the first 200 lines, with a YAML mapping between. Anything else is text.
/// Returns the front matter and where the text after it starts.
fn parse_front_matter(source: &str) -> (Option<FrontMatter>, usize) {
    let mut lines = line_ranges(source, 0).take(200);
    let Some(first) = lines.next() else {
        return (None, 0);
    };
    if source
        .get(first.clone())
        .is_none_or(|l| l.trim_end() != "---")
    {
        return (None, 0);
    }
    let body_start = after_line_end(source, first.end);
    for line in lines {
        let text = source.get(line.clone()).unwrap_or_default().trim_end();
        if text != "---" && text != "..." {
            continue;
        }
        let body = body_start..line.start.max(body_start);
        let yaml = source.get(body.clone()).unwrap_or_default();
        return match serde_yaml::from_str::<serde_yaml::Value>(yaml) {
            Ok(serde_yaml::Value::Mapping(values)) => (
                Some(FrontMatter {
                    values,
                    range: body,
                }),
                after_line_end(source, line.end),
            ),
            _ => (None, 0),
        };
    }
    (None, 0)
}

/// The offset after the line terminator at `at` (if any).
fn after_line_end(source: &str, at: usize) -> usize {
    let bytes = source.as_bytes();
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => at + 2,
        (Some(b'\n' | b'\r'), _) => at + 1,
        _ => at,
    }
}

/// Line ranges (without terminators) from `start`; `\n`, `\r\n` and a lone
/// `\r` end lines.
fn line_ranges(source: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = source.as_bytes();
    let mut pos = start.min(bytes.len());
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let end = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(bytes.len(), |k| pos + k);
        let line = pos..end;
        pos = after_line_end(source, end).max(end + 1);
        Some(line)
    })
}

/// What a line looks like. Ranges are trimmed, in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shape {
    Blank,
    /// `-----`, `=====`, `***`: a separator (or a title underline).
    Rule,
    Hash {
        level: u8,
        text: Range<usize>,
    },
    /// A bullet item; `text` excludes the bullet.
    Bullet {
        text: Range<usize>,
    },
    /// A numbered line. `text` keeps the numbering; `rest` is the text after
    /// it. `list`: the numbering can open a list item (`1.`, `a)`, `(i)`);
    /// `heading`: it can number a heading (`1.`, `2.1`, `3`, `IV.`, `A)`).
    Enum {
        depth: u8,
        list: bool,
        heading: bool,
        text: Range<usize>,
        rest: Range<usize>,
    },
    Plain {
        text: Range<usize>,
    },
}

/// A paragraph: a run of non-blank lines (indices into `TextDoc::lines`).
struct Para {
    lines: Range<usize>,
    /// Ended by a rule line right under it (a setext-style title).
    underlined: bool,
}

struct TextDoc<'s> {
    src: &'s str,
    lines: Vec<Range<usize>>,
    paras: Vec<Para>,
}

/// How a paragraph's first line was judged a heading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeadingBy {
    Hash(u8),
    Number(u8),
    Title,
}

impl<'s> TextDoc<'s> {
    fn new(src: &'s str, start: usize) -> Self {
        let lines: Vec<Range<usize>> = line_ranges(src, start).collect();
        let mut paras = Vec::new();
        let mut open: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            match separator(src, line.clone()) {
                Some(is_rule) => {
                    if let Some(first) = open.take() {
                        paras.push(Para {
                            lines: first..i,
                            underlined: is_rule,
                        });
                    }
                }
                None => {
                    open.get_or_insert(i);
                }
            }
        }
        if let Some(first) = open {
            paras.push(Para {
                lines: first..lines.len(),
                underlined: false,
            });
        }
        let paras = split_unwrapped(src, &lines, paras);
        Self { src, lines, paras }
    }

    fn shape(&self, line: usize) -> Shape {
        self.lines
            .get(line)
            .map_or(Shape::Blank, |r| shape(self.src, r.clone()))
    }

    fn line_text(&self, line: usize) -> &'s str {
        self.lines
            .get(line)
            .and_then(|r| self.src.get(r.clone()))
            .unwrap_or_default()
    }

    /// The heading level of each paragraph's first line, if it is one.
    /// Decided back to front: a title line may head another title line only
    /// if that one is a heading itself.
    fn decide_headings(&self) -> Vec<Option<u8>> {
        let mut by: Vec<Option<HeadingBy>> = vec![None; self.paras.len()];
        for p in (0..self.paras.len()).rev() {
            let next_is_heading = by.get(p + 1).is_some_and(Option::is_some);
            by[p] = self.heading_by(p, next_is_heading);
        }
        let mut title_given = false;
        by.iter()
            .map(|h| {
                let first = !title_given;
                title_given |= h.is_some();
                h.map(|h| match h {
                    HeadingBy::Hash(level) | HeadingBy::Number(level) => level,
                    // The first heading of the document, when a title line, is its title.
                    HeadingBy::Title => {
                        if first {
                            1
                        } else {
                            2
                        }
                    }
                })
            })
            .collect()
    }

    fn heading_by(&self, p: usize, next_is_heading: bool) -> Option<HeadingBy> {
        let para = &self.paras[p];
        let first = para.lines.start;
        let single = para.lines.len() == 1;
        match self.shape(first) {
            Shape::Hash { level, .. } => Some(HeadingBy::Hash(level)),
            Shape::Enum {
                depth,
                heading: true,
                rest,
                ..
            } if self.title_like(&rest) => {
                let level = (depth + 1).min(6);
                let is_heading = if single {
                    self.paras.get(p + 1).is_some()
                        && self.single_numbered_title(p + 1) != Some(depth)
                        && (p == 0 || self.single_numbered_title(p - 1) != Some(depth))
                } else {
                    self.body_follows(first, para.lines.end, Some(depth))
                };
                is_heading.then_some(HeadingBy::Number(level))
            }
            Shape::Plain { text } if self.title_like(&text) => {
                let is_heading = if single {
                    para.underlined
                        || self.paras.get(p + 1).is_some()
                            && (next_is_heading || !self.is_lone_title(p + 1))
                } else {
                    self.body_follows(first, para.lines.end, None)
                };
                is_heading.then_some(HeadingBy::Title)
            }
            _ => None,
        }
    }

    /// The depth of a one-line paragraph that is a numbered title.
    fn single_numbered_title(&self, p: usize) -> Option<u8> {
        let para = self.paras.get(p)?;
        if para.lines.len() != 1 {
            return None;
        }
        match self.shape(para.lines.start) {
            Shape::Enum {
                depth,
                heading: true,
                rest,
                ..
            } if self.title_like(&rest) => Some(depth),
            _ => None,
        }
    }

    /// A one-line paragraph that is an unnumbered title-like line.
    fn is_lone_title(&self, p: usize) -> bool {
        self.paras.get(p).is_some_and(|para| {
            para.lines.len() == 1
                && matches!(self.shape(para.lines.start), Shape::Plain { text } if self.title_like(&text))
        })
    }

    /// Whether the lines after `first` in its paragraph are body text under
    /// it, making it a heading: a bullet list, deeper numbering (for a
    /// numbered heading of `depth`), or prose that starts a new sentence at
    /// no deeper indentation and is clearly longer (a hard-wrapped sentence
    /// has lines of similar length).
    fn body_follows(&self, first: usize, end: usize, depth: Option<u8>) -> bool {
        match self.shape(first + 1) {
            Shape::Bullet { .. } => true,
            Shape::Enum { depth: next, .. } => depth.is_some_and(|d| next > d),
            Shape::Plain { text } => {
                let opens = self
                    .src
                    .get(text)
                    .and_then(|t| t.chars().next())
                    .is_some_and(starts_sentence);
                let head_len = self.line_text(first).trim().chars().count();
                let body_len = (first + 1..end.min(first + 9))
                    .map(|l| self.line_text(l).trim().chars().count())
                    .max()
                    .unwrap_or(0);
                opens
                    && indent(self.line_text(first + 1)) <= indent(self.line_text(first))
                    && head_len * 10 < body_len * 7
            }
            _ => false,
        }
    }

    fn title_like(&self, range: &Range<usize>) -> bool {
        self.src.get(range.clone()).is_some_and(is_title_like)
    }

    /// The blocks, in order: each a kind and one contiguous source range.
    fn plan_blocks(&self, headings: &[Option<u8>]) -> Vec<(BlockKind, Range<usize>)> {
        let mut blocks = Vec::new();
        for (para, heading) in self.paras.iter().zip(headings) {
            let mut lines = para.lines.clone();
            if let Some(level) = *heading {
                let text = match self.shape(lines.start) {
                    Shape::Hash { text, .. } | Shape::Enum { text, .. } | Shape::Plain { text } => {
                        text
                    }
                    _ => 0..0,
                };
                blocks.push((BlockKind::Heading(level), text));
                lines.start += 1;
            }
            self.plan_body(lines, &mut blocks);
        }
        blocks
    }

    /// Body lines: `#` lines are headings, bullets and numbered lines open
    /// list items, and any other line continues the open block.
    fn plan_body(&self, lines: Range<usize>, blocks: &mut Vec<(BlockKind, Range<usize>)>) {
        let mut open: Option<(BlockKind, Range<usize>)> = None;
        for line in lines {
            let (new_block, text) = match self.shape(line) {
                Shape::Hash { level, text } => (Some(BlockKind::Heading(level)), text),
                Shape::Bullet { text }
                | Shape::Enum {
                    list: true, text, ..
                } => (Some(BlockKind::ListItem), text),
                Shape::Enum { text, .. } | Shape::Plain { text } => (None, text),
                Shape::Blank | Shape::Rule => continue,
            };
            match (new_block, open.as_mut()) {
                (None, Some((_, range))) => range.end = text.end,
                (None, None) => open = Some((BlockKind::Paragraph, text)),
                (Some(kind), _) => {
                    blocks.extend(open.take());
                    if matches!(kind, BlockKind::Heading(_)) {
                        blocks.push((kind, text));
                    } else {
                        open = Some((kind, text));
                    }
                }
            }
        }
        blocks.extend(open);
    }
}

/// `Some(is_rule)` for a blank or rule line, which ends a paragraph.
fn separator(src: &str, range: Range<usize>) -> Option<bool> {
    let t = src.get(range)?.trim();
    // A suppression directive on its own line is no text of the policy.
    if t.is_empty() || super::directives::is_directive_line(t) {
        Some(false)
    } else {
        is_rule(t).then_some(true)
    }
}

/// Lines longer than this are not hard-wrapped prose.
const UNWRAPPED_LINE_CHARS: usize = 150;

/// Text extracted from web pages often has one paragraph per line and no
/// blank lines at all. A run of lines that contains a line too long to be
/// hard-wrapped is such text: its long lines are paragraphs of their own, and
/// so is each short line, unless it visibly continues the line before (a page
/// can mix menus of one-line items with hard-wrapped prose).
fn split_unwrapped(src: &str, lines: &[Range<usize>], paras: Vec<Para>) -> Vec<Para> {
    let text = |i: usize| {
        lines
            .get(i)
            .and_then(|r| src.get(r.clone()))
            .map_or("", str::trim)
    };
    let long = |i: usize| {
        let l = text(i);
        l.len() > UNWRAPPED_LINE_CHARS && l.chars().count() > UNWRAPPED_LINE_CHARS
    };
    let mut out = Vec::with_capacity(paras.len());
    for para in paras {
        if para.lines.len() < 2 || !para.lines.clone().any(long) {
            out.push(para);
            continue;
        }
        let last = para.lines.end - 1;
        let mut first = para.lines.start;
        for i in para.lines.clone() {
            let joined = i < last && !long(i) && !long(i + 1) && continues(text(i), text(i + 1));
            if !joined {
                out.push(Para {
                    lines: first..i + 1,
                    underlined: para.underlined && i == last,
                });
                first = i + 1;
            }
        }
    }
    out
}

/// A line of running prose rather than a title or a menu entry: at least
/// four words, most of them in lower case ("All payment details are securely
/// transmitted", not "Terms and Conditions - Dawn Gibbins").
fn is_prose(line: &str) -> bool {
    let (mut words, mut lower) = (0, 0);
    for word in line.split_whitespace() {
        words += 1;
        lower += usize::from(word.chars().next().is_some_and(char::is_lowercase));
    }
    words >= 4 && lower * 2 > words
}

/// Whether `next` carries on the sentence that `line` leaves open: `line` ends
/// without closing punctuation, and either `line` ends on a comma, a hyphen or
/// a word no sentence ends on ("... any employee therein or" / "FrontRunner
/// Professional."), or `next` starts in lower case after a line of prose
/// (a title such as "Terms and Conditions" keeps its own line even when a
/// lower-case line follows it).
fn continues(line: &str, next: &str) -> bool {
    const OPEN_ENDINGS: &[&str] = &[
        "a", "an", "the", "and", "or", "of", "to", "by", "with", "for", "in", "on", "at", "from",
        "that", "which", "who", "is", "are", "be", "our", "your", "its", "their", "as", "not",
    ];
    let Some(end) = line.chars().next_back() else {
        return false;
    };
    if matches!(end, '.' | '!' | '?' | ':' | ';' | '"' | '”' | ')') {
        return false;
    }
    let lower_next = next.chars().next().is_some_and(char::is_lowercase) && is_prose(line);
    let last_word = line.rsplit(char::is_whitespace).next().unwrap_or_default();
    let open_word = OPEN_ENDINGS
        .iter()
        .any(|w| last_word.eq_ignore_ascii_case(w));
    lower_next || matches!(end, ',' | '-') || open_word
}

/// Classifies the line `range` of `src`.
fn shape(src: &str, range: Range<usize>) -> Shape {
    let Some(line) = src.get(range.clone()) else {
        return Shape::Blank;
    };
    let t = line.trim_start();
    let lead = range.start + (line.len() - t.len());
    let t = t.trim_end();
    let end = lead + t.len();
    if t.is_empty() {
        return Shape::Blank;
    }
    if is_rule(t) {
        return Shape::Rule;
    }
    if let Some((level, text)) = hash_heading(t) {
        return Shape::Hash {
            level,
            text: lead + text.start..lead + text.end,
        };
    }
    if let Some(skip) = bullet_len(t) {
        return Shape::Bullet {
            text: lead + skip..end,
        };
    }
    if let Some(e) = enumerator(t) {
        return Shape::Enum {
            depth: e.depth,
            list: e.list,
            heading: e.heading,
            text: lead..end,
            rest: lead + e.rest..end,
        };
    }
    Shape::Plain { text: lead..end }
}

/// Visual indentation (a tab counts 4).
fn indent(line: &str) -> usize {
    line.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .map(|b| if b == b'\t' { 4 } else { 1 })
        .sum()
}

/// Three or more of one symbol (spaces allowed): `---`, `= = =`, `───`.
fn is_rule(t: &str) -> bool {
    let mut chars = t.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    let symbol = !first.is_alphanumeric() && !matches!(first, '(' | '[' | '"' | '\'');
    // `all` stops at the first other character, so bullet lines cost little.
    symbol && t.len() >= 3 && chars.clone().all(|c| c == first) && chars.count() >= 2
}

/// `## Title` -> level and the title's range within `t`.
fn hash_heading(t: &str) -> Option<(u8, Range<usize>)> {
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes)
        || !t
            .as_bytes()
            .get(hashes)
            .is_none_or(|b| matches!(b, b' ' | b'\t'))
    {
        return None;
    }
    let rest = &t[hashes..];
    let body = rest.trim();
    // A closing run of `#` after a space is decoration (`## Title ##`).
    let unclosed = body.trim_end_matches('#');
    let body = if unclosed.ends_with([' ', '\t']) || unclosed.is_empty() {
        unclosed.trim_end()
    } else {
        body
    };
    let start = hashes + (rest.len() - rest.trim_start().len());
    Some((hashes as u8, start..start + body.len()))
}

/// Length of a leading bullet and the space after it.
fn bullet_len(t: &str) -> Option<usize> {
    let c = t.chars().next()?;
    let needs_space = matches!(c, '-' | '*' | '+' | '–' | '·' | '→' | '>');
    let glyph = matches!(
        c,
        '•' | '▪'
            | '◦'
            | '‣'
            | '●'
            | '○'
            | '■'
            | '□'
            | '►'
            | '➢'
            | '➤'
            | '✓'
            | '✔'
            | '⁃'
            | '∙'
    );
    if !needs_space && !glyph {
        return None;
    }
    let rest = &t[c.len_utf8()..];
    let body = rest.trim_start();
    let spaced = body.len() < rest.len();
    (!body.is_empty() && (spaced || !needs_space)).then(|| t.len() - body.len())
}

struct Enumerator {
    depth: u8,
    list: bool,
    heading: bool,
    /// Offset of the text after the numbering.
    rest: usize,
}

/// Leading numbering: `1.`, `2.1`, `3`, `1)`, `(1)`, `(a)`, `a)`, `i.`,
/// `IV.`, `A)`, followed by a space and text.
fn enumerator(t: &str) -> Option<Enumerator> {
    let b = t.as_bytes();
    let (depth, list, heading, len) = if b[0] == b'(' {
        let inner = b[1..]
            .iter()
            .take(6)
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let ok = (1..=5).contains(&inner)
            && b.get(1 + inner) == Some(&b')')
            && is_ordinal(&b[1..1 + inner]);
        if !ok {
            return None;
        }
        (1, true, false, inner + 2)
    } else if b[0].is_ascii_digit() {
        let (depth, mut len) = dotted_number(b)?;
        let terminated = matches!(b.get(len), Some(b'.' | b')'));
        len += usize::from(terminated);
        (depth, terminated, true, len)
    } else {
        let word = b
            .iter()
            .take(7)
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if !(1..=6).contains(&word) || !matches!(b.get(word), Some(b'.' | b')')) {
            return None;
        }
        let letters = &b[..word];
        let upper = letters.iter().all(u8::is_ascii_uppercase);
        let roman = letters.iter().all(|c| b"IVXLCDMivxlcdm".contains(c));
        if word > 1 && !roman {
            return None;
        }
        (1, true, upper, word + 1)
    };
    let rest = &t[len..];
    let body = rest.trim_start();
    let spaced = body.len() < rest.len();
    (spaced && !body.is_empty()).then(|| Enumerator {
        depth,
        list,
        heading,
        rest: t.len() - body.len(),
    })
}

/// `1`, `2.1`, `10.3.2` -> depth and length. The first component has 1-2
/// digits (sections past 99 are rare, street numbers like `235` are not),
/// the others 1-3.
/// A trailing `.` is left for the caller (`2.1.` is `2.1` terminated).
fn dotted_number(b: &[u8]) -> Option<(u8, usize)> {
    let mut depth = 0u8;
    let mut i = 0;
    loop {
        let digits = b[i..]
            .iter()
            .take(4)
            .take_while(|c| c.is_ascii_digit())
            .count();
        let most = if depth == 0 { 2 } else { 3 };
        if !(1..=most).contains(&digits) {
            return None;
        }
        depth = depth.saturating_add(1);
        i += digits;
        let more = b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !more {
            return Some((depth, i));
        }
        i += 1;
    }
}

/// A number, a single letter or a roman numeral.
fn is_ordinal(token: &[u8]) -> bool {
    token.iter().all(u8::is_ascii_digit)
        || token.len() == 1
        || token.iter().all(|c| b"ivxlcdm".contains(c))
        || token.iter().all(|c| b"IVXLCDM".contains(c))
}

/// A short line shaped like a title: at most 12 words and 100 characters,
/// starting with a capital or a digit, with a letter, no sentence-ending or
/// list punctuation at its end, and no `key: value` or e-mail shape.
pub(super) fn is_title_like(s: &str) -> bool {
    // Cheap checks first: this runs on the first line of every paragraph.
    let first = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let last = s
        .chars()
        .next_back()
        .is_some_and(|c| !matches!(c, '.' | ';' | ',' | ':'));
    if !first || !last || s.len() > 400 || s.contains([':', '@']) {
        return false;
    }
    let shapes = !s.contains(". ") && !s.contains("; ");
    let letter = s.chars().any(char::is_alphabetic);
    shapes && letter && s.chars().count() <= 100 && s.split_whitespace().count() <= 12
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '\'' | '(' | '[' | '“' | '‘' | '«' | '„')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_support;
    use crate::document::{LineCol, LineIndex};

    fn blocks(src: &str) -> Vec<(BlockKind, String)> {
        test_support::blocks(&extract(src))
    }

    fn source_of(src: &str, phrase: &str) -> String {
        test_support::source_of(src, &extract(src), phrase)
    }

    use BlockKind::{Heading as H, ListItem as Li, Paragraph as P};

    fn owned(v: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
        v.iter().map(|(k, t)| (*k, t.to_string())).collect()
    }

    #[test]
    fn multibyte_text_maps_back_exactly() {
        let src = "Datenschutzerklärung\n\nWir löschen Ihre Daten — “sicher” — nach\r\n30 Tagen. Straße 日本語 é.\n";
        assert_eq!(
            source_of(src, "löschen Ihre Daten — “sicher”"),
            "löschen Ihre Daten — “sicher”"
        );
        assert_eq!(source_of(src, "nach 30 Tagen"), "nach\r\n30 Tagen");
        // No space is kept next to a Japanese word: it maps over the spaces.
        assert_eq!(source_of(src, "Straße日本語é"), "Straße 日本語 é");
        let x = extract(src);
        let at = x.content.text.find("日本語").unwrap();
        let r = x.content.map.range(at..at + "日本語".len());
        assert_eq!(
            LineIndex::new(src).line_col(src, r.start),
            LineCol {
                line: 4,
                column: 18
            }
        );
        assert_eq!(&src[x.title.unwrap()], "Datenschutzerklärung");
    }

    #[test]
    fn address_lines_are_not_numbered_headings() {
        let src = "How to Contact Us\n\nWrite to us at the address below:\n\nAcme Inc.\n\n235 Second Street\n\nSan Francisco, CA 94105\n";
        let b = blocks(src);
        assert!(
            b.iter()
                .all(|(k, t)| !matches!(k, BlockKind::Heading(_)) || t == "How to Contact Us"),
            "{b:?}"
        );
    }

    #[test]
    fn lines_of_unwrapped_text_are_paragraphs_of_their_own() {
        let long = "We keep your order records for six years because the tax law of the country where we are established requires it, and then delete them.";
        let src = format!(
            "Privacy Policy\nData retention\n{long} More text follows here.\nYour rights\nYou may ask for a copy.\n"
        );
        let b = blocks(&src);
        let kinds: Vec<BlockKind> = b.iter().map(|(k, _)| *k).collect();
        assert_eq!(b.len(), 5, "{b:?}");
        assert!(matches!(kinds[1], BlockKind::Heading(_)), "{b:?}");
        assert!(b[2].1.starts_with("We keep your order records"));
        // Hard-wrapped prose stays one paragraph.
        let wrapped = "We keep your order records for six years because the\ntax law requires it, and then delete them.\n";
        assert_eq!(blocks(wrapped).len(), 1);
    }

    #[test]
    fn wrapped_prose_beside_unwrapped_lines_stays_whole() {
        let long = "We thank you for visiting, and we hope that the pages of this site help you find what you need quickly, whatever the hour of the day or night, and from wherever you are in the world.";
        let src = format!(
            "Order Flowers\n{long}\nClick Here\nAll payment details from the order form are sent\nby our card processor over secure links. Card data is never kept by the shop or\nExample Payments Ltd. Questions?\n"
        );
        let b = blocks(&src);
        let texts: Vec<&str> = b.iter().map(|(_, t)| t.as_str()).collect();
        assert!(
            texts.contains(&"Click Here"),
            "a menu line stays a block of its own: {texts:?}"
        );
        let titled = format!("Terms and Conditions\ncategories: news\n{long}\n");
        assert!(
            blocks(&titled)
                .iter()
                .any(|(_, t)| t.as_str() == "Terms and Conditions"),
            "a title stays whole: {:?}",
            blocks(&titled)
        );
        assert!(
            texts.iter().any(|t| t.starts_with(
                "All payment details from the order form are sent by our card processor"
            ) && t.ends_with("Questions?")),
            "the wrapped sentences stay one paragraph: {texts:?}"
        );
    }

    #[test]
    fn numbered_headings_and_title() {
        let src = "StrideLog Privacy Policy\n\nLast updated: 2 March 2026\n\n1. What we collect\n\n\
                   We collect things.\n\n2.1 Sharing\n\nWe share things.\n\n3 Usage purposes\n\nWe use things.\n\n\
                   IV. Rights\n\nYou have rights.\n\nA) Scope\n\nThis applies.\n";
        assert_eq!(
            blocks(src),
            owned(&[
                (H(1), "StrideLog Privacy Policy"),
                (P, "Last updated: 2 March 2026"),
                (H(2), "1. What we collect"),
                (P, "We collect things."),
                (H(3), "2.1 Sharing"),
                (P, "We share things."),
                (H(2), "3 Usage purposes"),
                (P, "We use things."),
                (H(2), "IV. Rights"),
                (P, "You have rights."),
                (H(2), "A) Scope"),
                (P, "This applies."),
            ])
        );
        let x = extract(src);
        assert_eq!(&src[x.title.unwrap()], "StrideLog Privacy Policy");
    }

    #[test]
    fn numbered_sentences_and_sibling_items_are_list_items() {
        let src = "Our promises\n\n1. We will comply with the law.\n\n2. We will keep your data safe and \
                   delete it when asked.\n\nContact details\n\n1. Email\n\n2. Phone\n\nEmail: a@b.c\nPhone: 123\n";
        assert_eq!(
            blocks(src),
            owned(&[
                (H(1), "Our promises"),
                (Li, "1. We will comply with the law."),
                (
                    Li,
                    "2. We will keep your data safe and delete it when asked."
                ),
                (H(2), "Contact details"),
                (Li, "1. Email"),
                (Li, "2. Phone"),
                (P, "Email: a@b.c Phone: 123"),
            ])
        );
    }

    #[test]
    fn hash_headings_bullets_and_continuations() {
        let src = "# Privacy\n\n## What we collect ##\nWhen you sign up, we collect:\n\n\
                   • Account details: your name and\n  email address.\n• Workout history\n\
                   - dash item\n* star item\n(1) paren item\n1) closing item\na) letter item\ni. roman item\n\
                   continues lazily\n\n#hashtag is text\n";
        assert_eq!(
            blocks(src),
            owned(&[
                (H(1), "Privacy"),
                (H(2), "What we collect"),
                (P, "When you sign up, we collect:"),
                (Li, "Account details: your name and email address."),
                (Li, "Workout history"),
                (Li, "dash item"),
                (Li, "star item"),
                (Li, "(1) paren item"),
                (Li, "1) closing item"),
                (Li, "a) letter item"),
                (Li, "i. roman item continues lazily"),
                (P, "#hashtag is text"),
            ])
        );
        let x = extract(src);
        let at = x.content.text.find("Account").unwrap();
        let r = x.content.map.range(at..at + 7);
        assert_eq!(&src[r.start - "• ".len()..r.end], "• Account");
    }

    #[test]
    fn title_lines_need_body_text_after_them() {
        let src = "Who we are\nThe controller responsible for your personal data is Acme.\n\n\
                   Acme Cloud GmbH\nMüllerstraße 12\n80469 München\n\n\
                   StrideLog is a workout app made by Pacewell Labs and this policy\n\
                   Describes the personal information the app collects from you.\n\n\
                   Your rights\n\nAccess\n\nYou can ask for a copy.\n\nClosing words\n";
        assert_eq!(
            blocks(src),
            owned(&[
                (H(1), "Who we are"),
                (
                    P,
                    "The controller responsible for your personal data is Acme."
                ),
                (P, "Acme Cloud GmbH Müllerstraße 12 80469 München"),
                (
                    P,
                    "StrideLog is a workout app made by Pacewell Labs and this policy Describes the personal \
                     information the app collects from you."
                ),
                (H(2), "Your rights"),
                (H(2), "Access"),
                (P, "You can ask for a copy."),
                (P, "Closing words"),
            ])
        );
    }

    #[test]
    fn underlined_titles_and_rules() {
        let src = "Privacy Policy\n==============\nIntro text here.\n\n-----\n\nMore text.\n";
        assert_eq!(
            blocks(src),
            owned(&[
                (H(1), "Privacy Policy"),
                (P, "Intro text here."),
                (P, "More text.")
            ])
        );
    }

    #[test]
    fn front_matter_is_parsed_or_left_as_text() {
        let src = "---\ntitle: Fitness Policy\nlanguage: en-GB\n---\nBody text.\n";
        let x = extract(src);
        assert_eq!(x.lang.as_deref(), Some("en-GB"));
        assert_eq!(&src[x.title.unwrap()], "Fitness Policy");
        assert_eq!(x.content.text, "Body text.\n");
        let not_yaml = "---\nJust some: text: here\n---\nBody text.\n";
        let x = extract(not_yaml);
        assert!(x.front_matter.is_none());
        assert_eq!(x.content.text, "Just some: text: here\nBody text.\n");
    }

    #[test]
    fn line_endings_and_huge_lines() {
        let src = "Title line\r\rBody one\rcontinues here.\r\n\r\nNext.";
        assert_eq!(
            blocks(src),
            owned(&[
                (H(1), "Title line"),
                (P, "Body one continues here."),
                (P, "Next.")
            ])
        );
        let huge = "word ".repeat(200_000);
        let x = extract(&huge);
        assert_eq!(x.content.blocks.len(), 1);
        assert_eq!(x.content.text.len(), huge.len());
    }

    #[test]
    fn never_panics_on_nasty_input() {
        let deep: String = (0..1000)
            .map(|i| format!("{}• item {i}\n", " ".repeat(i)))
            .collect();
        let nasty = [
            "",
            "<",
            "<!--",
            "&#99999999;",
            "&#x;",
            "---\n",
            "---\n---\n",
            "---\n...",
            "\u{feff}",
            "# ",
            "#",
            "1.",
            "1. ",
            "(",
            "(1)",
            "a)",
            "\r\r\r",
            "\n\n",
            "•",
            "• ",
            "- ",
            "é",
            "1.1.1.1.1.1.1.1.1.1 X\n\nbody",
            "IV",
            "---\r\ntitle: x\r\n---\r\n",
            &deep,
        ];
        for src in nasty {
            test_support::assert_blocks_map_into(src, &extract(src));
        }
    }
}
