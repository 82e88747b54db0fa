//! HTML: the visible text, by blocks, from a small tolerant tokenizer.
//!
//! No DOM is built. A scan for `<` finds markup; the text between is pushed
//! as source (entities decoded and mapped as whole units). Block elements end
//! blocks; a short stack of open headings, list items and lists gives each
//! block its kind. Invisible content (scripts, styles, templates, comments,
//! SVG, `<noscript>`) is skipped. Broken markup never fails: an unterminated
//! tag, comment or raw-text element swallows the rest of the file, as it does
//! in a browser.

mod entities;

use std::ops::Range;

use memchr::{memchr, memmem};

use super::{BlockKind, ContentBuilder, Extracted};

pub(crate) fn extract(source: &str) -> Extracted {
    let mut builder = ContentBuilder::new(source);
    let mut extractor = HtmlExtractor::new(source, &mut builder);
    extractor.run(0..source.len());
    let (title, lang) = (extractor.title, extractor.lang);
    let broken_off = std::mem::take(&mut extractor.broken_off);
    let mut content = builder.finish();
    promote_broken_off_titles(&mut content, &broken_off);
    let title = title.or_else(|| content.first_h1());
    Extracted {
        content,
        lang,
        title,
        ..Default::default()
    }
}

/// Pages written before heading elements were the habit mark a section with
/// a short line and two `<br>`s ("Contact Information<br><br>If you have
/// questions..."). In a page with no heading element, such a line followed
/// by more text is a heading, as the same line is in plain text: the rules
/// that read sections ("under a Contact heading") see it.
fn promote_broken_off_titles(content: &mut super::Content, broken_off: &[usize]) {
    if content
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Heading(_)))
    {
        return;
    }
    let last = content.blocks.len().saturating_sub(1);
    let title_like = |i: usize| {
        let text = content.text.get(content.blocks[i].range.clone());
        text.is_some_and(|t| super::text::is_title_like(t.trim()))
    };
    // A title line heads body text: of two title lines in a row (an
    // address, a list of names), neither is taken for a heading.
    let promoted: Vec<usize> = (broken_off.iter().copied())
        .filter(|&i| i < last && content.blocks[i].kind == BlockKind::Paragraph)
        .filter(|&i| title_like(i) && !title_like(i + 1))
        .collect();
    for i in promoted {
        content.blocks[i].kind = BlockKind::Heading(2);
    }
}

/// Reads `range` of the builder's source as HTML into `builder`: a block of
/// raw HTML inside Markdown.
pub(crate) fn extract_into(builder: &mut ContentBuilder<'_>, range: Range<usize>) {
    let source = builder.source();
    let mut extractor = HtmlExtractor::new(source, builder);
    extractor.run(range);
    extractor.end_block();
}

/// The source of a link's text: from `from` (just past `<a ...>`) to its
/// `</a>`, looked for within a few kilobytes.
pub(crate) fn link_text_source(source: &str, from: usize) -> &str {
    const LOOK: usize = 4096;
    let mut end = (from + LOOK).min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let rest = source.get(from..end).unwrap_or("");
    let close =
        memmem::find(rest.as_bytes(), b"</a").or_else(|| memmem::find(rest.as_bytes(), b"</A"));
    &rest[..close.unwrap_or(rest.len())]
}

/// The source range of the `href` value of the tag at `at` (the offset of
/// its `<` in `source`).
pub(crate) fn href_value(source: &str, at: usize) -> Option<Range<usize>> {
    let mut builder = ContentBuilder::new("");
    let extractor = HtmlExtractor::new(source, &mut builder);
    match extractor.markup(at)? {
        Markup::Tag(tag) => tag.href,
        Markup::Skip(_) => None,
    }
}

/// Open elements beyond this depth are not tracked (they still end blocks),
/// which bounds the work a pathological nesting can cause.
const MAX_STACK: usize = 512;

/// A lower-cased tag name; names too long for any element we know are kept
/// empty (an unknown inline element).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Name {
    buf: [u8; 12],
    len: usize,
}

impl Name {
    fn new(raw: &[u8]) -> Self {
        let mut buf = [0; 12];
        if raw.len() > buf.len() {
            return Self { buf, len: 0 };
        }
        for (dst, src) in buf.iter_mut().zip(raw) {
            *dst = src.to_ascii_lowercase();
        }
        Self {
            buf,
            len: raw.len(),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn is(&self, name: &str) -> bool {
        self.as_bytes() == name.as_bytes()
    }

    fn is_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.is(n))
    }

    fn heading_level(&self) -> Option<u8> {
        match self.as_bytes() {
            [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
            _ => None,
        }
    }
}

/// A start or end tag.
struct Tag {
    name: Name,
    is_end: bool,
    self_closing: bool,
    /// Range of the `lang` attribute's value, if any.
    lang: Option<Range<usize>>,
    /// Range of the `href` attribute's value, if any.
    href: Option<Range<usize>>,
    /// Offset just past the tag.
    next: usize,
}

/// An attribute: name and value ranges, and the offset after it.
struct Attribute {
    name: Range<usize>,
    value: Option<Range<usize>>,
    next: usize,
}

enum Markup {
    Tag(Tag),
    /// A comment, doctype, CDATA section or processing instruction, up to
    /// the given offset.
    Skip(usize),
}

/// Elements whose start or end ends the current block.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "td",
    "th",
    "tr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "ul",
    "ol",
    "dl",
    "menu",
    "form",
    "fieldset",
    "legend",
    "address",
    "figure",
    "figcaption",
    "hr",
    "details",
    "summary",
    "body",
    "html",
    "center",
    "hgroup",
    "search",
    "dialog",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// Elements that separate words without ending a block.
const WORD_BREAKS: &[&str] = &[
    "img", "input", "button", "video", "audio", "canvas", "embed", "object", "meter", "progress",
];

/// Elements whose content is raw text, skipped up to the matching end tag.
/// `noscript` is raw text in a browser that runs scripts, and is not shown.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements whose (parsed) content is not shown.
const HIDDEN: &[&str] = &["template", "svg", "math", "select", "datalist"];

const LISTS: &[&str] = &["ul", "ol", "dl", "menu"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum OpenWhat {
    Heading,
    Item,
    List,
}

/// An open element that decides the kind of the blocks inside it.
struct Open {
    what: OpenWhat,
    /// Kind of text directly inside it (lists inherit their parent's).
    kind: BlockKind,
}

struct HtmlExtractor<'s, 'b> {
    src: &'s str,
    bytes: &'s [u8],
    builder: &'b mut ContentBuilder<'s>,
    stack: Vec<Open>,
    /// The invisible element we are inside, and how deeply it nests.
    hidden: Option<(Name, usize)>,
    title: Option<Range<usize>>,
    lang: Option<String>,
    /// A `<br>` was the last thing seen (whitespace aside): a second one
    /// ends the paragraph.
    after_br: bool,
    /// The paragraphs of one line that a second `<br>` ended, by block
    /// index.
    broken_off: Vec<usize>,
    /// The current block has a line break inside.
    several_lines: bool,
}

impl<'s, 'b> HtmlExtractor<'s, 'b> {
    fn new(src: &'s str, builder: &'b mut ContentBuilder<'s>) -> Self {
        Self {
            src,
            bytes: src.as_bytes(),
            builder,
            stack: Vec::new(),
            hidden: None,
            title: None,
            lang: None,
            after_br: false,
            broken_off: Vec::new(),
            several_lines: false,
        }
    }

    fn run(&mut self, range: Range<usize>) {
        let len = range.end.min(self.bytes.len());
        let mut text_from = range.start;
        let mut i = range.start;
        while let Some(k) = memchr(b'<', &self.bytes[i..len]) {
            let lt = i + k;
            let Some(markup) = self.markup(lt) else {
                i = lt + 1; // a literal `<`, part of the text
                continue;
            };
            self.text(text_from..lt);
            i = match markup {
                Markup::Skip(next) => next,
                Markup::Tag(tag) => self.tag(tag),
            }
            .max(lt + 1)
            .min(len);
            text_from = i;
        }
        self.text(text_from..len);
    }

    fn current_kind(&self) -> BlockKind {
        self.stack
            .last()
            .map_or(BlockKind::Paragraph, |open| open.kind)
    }

    fn end_block(&mut self) {
        self.after_br = false;
        self.several_lines = false;
        let kind = self.current_kind();
        self.builder.end_block(kind);
    }

    // ---- text and character references ----

    /// Pushes visible text, decoding character references.
    fn text(&mut self, range: Range<usize>) {
        if self.hidden.is_some() || range.is_empty() {
            return;
        }
        let Some(text) = self.src.get(range.clone()) else {
            return;
        };
        if self.after_br && !text.trim().is_empty() {
            self.after_br = false;
            // Text after one `<br>` in a block that had some: a second line.
            self.several_lines |= !self.builder.block_is_empty();
        }
        let mut plain_from = range.start;
        let mut i = range.start;
        while let Some(k) = memchr(b'&', &self.bytes[i..range.end]) {
            let amp = i + k;
            i = amp + 1;
            if let Some((c, end)) = self.char_ref(amp, range.end) {
                self.builder.push_source(plain_from..amp);
                let mut buf = [0; 4];
                // A soft hyphen is invisible: drop it so "pri&shy;vacy" reads "privacy".
                let decoded = if c == '\u{ad}' {
                    ""
                } else {
                    c.encode_utf8(&mut buf)
                };
                self.builder.push_decoded(decoded, amp..end);
                plain_from = end;
                i = end;
            }
        }
        self.builder.push_source(plain_from..range.end);
    }

    /// Decodes the character reference at `amp` (ending before `limit`):
    /// the character and the offset after the reference.
    fn char_ref(&self, amp: usize, limit: usize) -> Option<(char, usize)> {
        let rest = &self.bytes[amp + 1..limit];
        if rest.first() == Some(&b'#') {
            return self.numeric_ref(amp, limit);
        }
        let name_len = rest
            .iter()
            .take(32)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = self.src.get(amp + 1..amp + 1 + name_len)?;
        if rest.get(name_len) == Some(&b';')
            && let Some(c) = entities::lookup(name)
        {
            return Some((c, amp + 2 + name_len));
        }
        entities::lookup_legacy(name).map(|c| (c, amp + 1 + name_len))
    }

    /// `&#8212;` or `&#x2014;` (the `;` may be missing, as browsers allow).
    fn numeric_ref(&self, amp: usize, limit: usize) -> Option<(char, usize)> {
        let mut i = amp + 2;
        let hex = matches!(self.bytes.get(i), Some(b'x' | b'X'));
        i += usize::from(hex);
        let radix = if hex { 16 } else { 10 };
        let digits_start = i;
        let mut value: u32 = 0;
        while i < limit {
            let Some(d) = (self.bytes[i] as char).to_digit(radix) else {
                break;
            };
            value = value.saturating_mul(radix).saturating_add(d);
            i += 1;
        }
        if i == digits_start {
            return None;
        }
        if i < limit && self.bytes[i] == b';' {
            i += 1;
        }
        Some((entities::numeric(value), i))
    }

    // ---- markup ----

    /// Recognises the markup starting with the `<` at `lt`; `None` means
    /// the `<` is literal text (`a < b`).
    fn markup(&self, lt: usize) -> Option<Markup> {
        let after = self.bytes.get(lt + 1..)?;
        match *after.first()? {
            b'!' => Some(Markup::Skip(self.declaration_end(lt))),
            b'?' => Some(Markup::Skip(self.after_gt(lt + 2))),
            b'/' => match after.get(1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    Some(Markup::Tag(self.parse_tag(lt + 2, true)))
                }
                Some(_) => Some(Markup::Skip(self.after_gt(lt + 2))),
                None => None,
            },
            c if c.is_ascii_alphabetic() => Some(Markup::Tag(self.parse_tag(lt + 1, false))),
            _ => None,
        }
    }

    /// End of a `<!...>`: a comment, CDATA section or doctype.
    fn declaration_end(&self, lt: usize) -> usize {
        let rest = &self.bytes[lt..];
        if rest.starts_with(b"<!--") {
            // `<!-->` and `<!--->` are complete (empty) comments.
            if rest[4..].starts_with(b">") {
                return lt + 5;
            }
            if rest[4..].starts_with(b"->") {
                return lt + 6;
            }
            return memmem::find(&rest[4..], b"-->").map_or(self.bytes.len(), |k| lt + 4 + k + 3);
        }
        if rest.starts_with(b"<![CDATA[") {
            return memmem::find(&rest[9..], b"]]>").map_or(self.bytes.len(), |k| lt + 9 + k + 3);
        }
        self.after_gt(lt + 2)
    }

    /// The offset after the next `>` from `from`, or the end of the input.
    fn after_gt(&self, from: usize) -> usize {
        let from = from.min(self.bytes.len());
        memchr(b'>', &self.bytes[from..]).map_or(self.bytes.len(), |k| from + k + 1)
    }

    /// Parses a tag whose name starts at `name_start`. Quoted attribute values
    /// may contain `>`; an unterminated tag runs to the end of the input.
    fn parse_tag(&self, name_start: usize, is_end: bool) -> Tag {
        let bytes = self.bytes;
        let len = bytes.len();
        let mut i = name_start;
        while i < len && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
            i += 1;
        }
        let mut tag = Tag {
            name: Name::new(&bytes[name_start..i]),
            is_end,
            self_closing: false,
            lang: None,
            href: None,
            next: len,
        };
        loop {
            while i < len && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                None => return tag,
                Some(b'>') => break,
                Some(b'/') => {
                    i += 1;
                    if bytes.get(i) == Some(&b'>') {
                        tag.self_closing = true;
                        break;
                    }
                }
                Some(_) => {
                    let Some(attr) = self.attribute(i) else {
                        return tag;
                    };
                    let name = &bytes[attr.name];
                    if name.eq_ignore_ascii_case(b"lang") || name.eq_ignore_ascii_case(b"xml:lang")
                    {
                        tag.lang = attr.value;
                    } else if name.eq_ignore_ascii_case(b"href") {
                        tag.href = attr.value;
                    }
                    i = attr.next;
                }
            }
        }
        tag.next = i + 1;
        tag
    }

    /// Parses the attribute at `start`; `None` when a quoted value never
    /// closes.
    fn attribute(&self, start: usize) -> Option<Attribute> {
        let bytes = self.bytes;
        let len = bytes.len();
        let mut i = start + 1; // the first character may even be `=`
        while i < len && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = start..i;
        let mut j = i;
        while j < len && is_space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            return Some(Attribute {
                name,
                value: None,
                next: i,
            });
        }
        j += 1;
        while j < len && is_space(bytes[j]) {
            j += 1;
        }
        match bytes.get(j) {
            Some(&quote @ (b'"' | b'\'')) => {
                let close = j + 1 + memchr(quote, &bytes[j + 1..])?;
                Some(Attribute {
                    name,
                    value: Some(j + 1..close),
                    next: close + 1,
                })
            }
            _ => {
                let value_start = j;
                while j < len && !is_space(bytes[j]) && bytes[j] != b'>' {
                    j += 1;
                }
                Some(Attribute {
                    name,
                    value: Some(value_start..j),
                    next: j,
                })
            }
        }
    }

    /// Acts on a tag; returns the offset to continue from.
    fn tag(&mut self, tag: Tag) -> usize {
        let name = tag.name;
        if !tag.is_end && !tag.self_closing && name.is_any(RAW_TEXT) {
            return self.raw_text(name, tag.next);
        }
        if self.in_hidden(&tag) || self.enters_hidden(&tag) {
            return tag.next;
        }
        if name.is("html") && !tag.is_end {
            self.set_lang(tag.lang.clone());
        }
        if name.is("a") {
            self.anchor_tag(&tag);
        } else if name.is("br") {
            self.line_break(tag.next);
        } else if name.is_any(WORD_BREAKS) {
            self.builder.push_break(tag.next);
        } else if name.is_any(BLOCKS) {
            self.block_tag(&tag);
        }
        tag.next
    }

    /// `<a href>` opens a link whose target (`mailto:`, a contact page) the
    /// rules see, before its text, where it is written.
    fn anchor_tag(&mut self, tag: &Tag) {
        if let Some(href) = tag
            .href
            .clone()
            .filter(|_| !tag.is_end && !tag.self_closing)
        {
            let text = link_text_source(self.src, tag.next);
            self.builder.push_link_target_before(href, text);
        }
    }

    /// Skips the content of a raw-text element opened just before `from`;
    /// a `<title>` in view becomes the document title.
    fn raw_text(&mut self, name: Name, from: usize) -> usize {
        let (content_end, next) = self.raw_text_end(name, from);
        if name.is("title") && self.hidden.is_none() && self.title.is_none() {
            let raw = self.src.get(from..content_end).unwrap_or_default();
            let trimmed = raw.trim_start();
            let start = from + (raw.len() - trimmed.len());
            let trimmed = trimmed.trim_end();
            if !trimmed.is_empty() {
                self.title = Some(start..start + trimmed.len());
            }
        }
        next
    }

    /// Where the raw text from `from` ends (`</name` followed by a space, `/`
    /// or `>`) and the offset after that end tag.
    fn raw_text_end(&self, name: Name, from: usize) -> (usize, usize) {
        let len = self.bytes.len();
        if name.is("plaintext") {
            return (len, len);
        }
        let name = name.as_bytes();
        let from = from.min(len);
        for k in memmem::find_iter(&self.bytes[from..], b"</") {
            let at = from + k;
            let name_end = at + 2 + name.len();
            let matches_name = self
                .bytes
                .get(at + 2..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name));
            let boundary = self
                .bytes
                .get(name_end)
                .is_none_or(|&b| is_space(b) || b == b'/' || b == b'>');
            if matches_name && boundary {
                return (at, self.after_gt(name_end));
            }
        }
        (len, len)
    }

    /// Tracks nesting inside a hidden element; true while hidden.
    fn in_hidden(&mut self, tag: &Tag) -> bool {
        let Some((name, depth)) = self.hidden.as_mut() else {
            return false;
        };
        if *name == tag.name && !tag.self_closing {
            if tag.is_end {
                *depth -= 1;
            } else {
                *depth += 1;
            }
        }
        if *depth == 0 {
            self.hidden = None;
        }
        true
    }

    /// Starts hiding content at a hidden element's start tag.
    fn enters_hidden(&mut self, tag: &Tag) -> bool {
        // `<svg/>` is complete; honouring that avoids hiding the whole page.
        let enters = !tag.is_end && !tag.self_closing && tag.name.is_any(HIDDEN);
        if enters {
            self.hidden = Some((tag.name, 1));
        }
        enters
    }

    fn set_lang(&mut self, value: Option<Range<usize>>) {
        let lang = value
            .and_then(|r| self.src.get(r))
            .map(str::trim)
            .filter(|l| !l.is_empty());
        if let Some(lang) = lang {
            self.lang = Some(lang.to_owned());
        }
    }

    /// `<br>` breaks a line; a second one in a row ends the paragraph.
    fn line_break(&mut self, at: usize) {
        if self.after_br {
            let one_line = !self.several_lines && !self.builder.block_is_empty();
            if one_line && self.current_kind() == BlockKind::Paragraph {
                self.broken_off.push(self.builder.block_count());
            }
            self.end_block();
        } else {
            self.builder.push_break(at);
            self.after_br = true;
        }
    }

    /// A block element's start or end tag: ends the current block and keeps
    /// the stack of headings, list items and lists.
    fn block_tag(&mut self, tag: &Tag) {
        self.end_block();
        let name = tag.name;
        match (tag.is_end, name.heading_level()) {
            (false, Some(level)) => {
                // A heading cannot contain another: a new one closes the old.
                if self.top_is(OpenWhat::Heading) {
                    self.stack.pop();
                }
                self.open(OpenWhat::Heading, BlockKind::Heading(level));
            }
            (true, Some(_)) => self.close(OpenWhat::Heading, None),
            (false, None) if name.is("li") => {
                if self.top_is(OpenWhat::Item) {
                    self.stack.pop(); // `<li>a<li>b`: the first item ends
                }
                self.open(OpenWhat::Item, BlockKind::ListItem);
            }
            (true, None) if name.is("li") => self.close(OpenWhat::Item, Some(OpenWhat::List)),
            (false, None) if name.is_any(LISTS) => self.open(OpenWhat::List, self.current_kind()),
            (true, None) if name.is_any(LISTS) => self.close(OpenWhat::List, None),
            _ => {}
        }
    }

    fn top_is(&self, what: OpenWhat) -> bool {
        self.stack.last().is_some_and(|open| open.what == what)
    }

    fn open(&mut self, what: OpenWhat, kind: BlockKind) {
        if self.stack.len() < MAX_STACK {
            self.stack.push(Open { what, kind });
        }
    }

    /// Closes the innermost open `what` and everything inside it, unless a
    /// `barrier` (a list, for list items) is nearer: a stray end tag is
    /// ignored, as in a browser.
    fn close(&mut self, what: OpenWhat, barrier: Option<OpenWhat>) {
        let found = self
            .stack
            .iter()
            .rposition(|open| open.what == what || Some(open.what) == barrier);
        if let Some(pos) = found.filter(|&pos| self.stack[pos].what == what) {
            self.stack.truncate(pos);
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_support;
    use crate::document::{LineCol, LineIndex};

    fn blocks(src: &str) -> Vec<(BlockKind, String)> {
        test_support::blocks(&extract(src))
    }

    fn texts(src: &str) -> Vec<String> {
        blocks(src).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn a_short_line_broken_off_by_two_brs_heads_a_page_without_headings() {
        let page = "<p><b>Contact Information</b><br><br>If you have questions, write to us.<br><br>Last line</p>";
        assert_eq!(
            blocks(page),
            [
                (BlockKind::Heading(2), "Contact Information".to_owned()),
                (
                    BlockKind::Paragraph,
                    "If you have questions, write to us.".to_owned()
                ),
                // Nothing follows it: no heading.
                (BlockKind::Paragraph, "Last line".to_owned()),
            ]
        );
        // A page with heading elements keeps its own; one `<br>` is a line.
        let headed = format!("<h2>Privacy</h2>{page}");
        assert!(
            blocks(&headed)[1..]
                .iter()
                .all(|(k, _)| *k == BlockKind::Paragraph)
        );
        let one = "<p>Contact Information<br>If you have questions, write to us.</p>";
        assert_eq!(blocks(one).len(), 1);
        // Two lines are no title; nor is a title line followed by another.
        let lines = "<p>We keep your data<br>for 30 days<br><br>Contact us for more.</p>";
        assert_eq!(blocks(lines)[0].0, BlockKind::Paragraph);
        let address = "<p>Acme Corp<br><br>100 Main Street<br><br>Write to us there.</p>";
        assert_eq!(blocks(address)[0].0, BlockKind::Paragraph);
    }

    /// The decoded-source text a content phrase maps back to.
    fn source_of(src: &str, phrase: &str) -> String {
        test_support::source_of(src, &extract(src), phrase)
    }

    #[test]
    fn multibyte_text_maps_back_exactly() {
        let src = "<html><body><h1>Straße — “Café” 日本語</h1>\n<p>Wir löschen Daten nach 30&nbsp;Tagen — \
                   sicher.</p></body></html>";
        assert_eq!(
            source_of(src, "Straße — “Café”日本語"),
            "Straße — “Café” 日本語"
        );
        assert_eq!(source_of(src, "löschen Daten"), "löschen Daten");
        assert_eq!(source_of(src, "30 Tagen"), "30&nbsp;Tagen");
        let x = extract(src);
        let at = x.content.text.find("日本語").unwrap();
        let r = x.content.map.range(at..at + "日本語".len());
        let index = LineIndex::new(src);
        assert_eq!(
            index.line_col(src, r.start),
            LineCol {
                line: 1,
                column: 33
            }
        );
        let at = x.content.text.find("sicher").unwrap();
        let r = x.content.map.range(at..at + 6);
        assert_eq!(
            index.line_col(src, r.start),
            LineCol {
                line: 2,
                column: 43
            }
        );
    }

    #[test]
    fn entities_decode_and_map_to_the_whole_reference() {
        let src = "<p>Tom &amp; Jerry&rsquo;s &copy; 2026 &mdash; &#8212; &#x2014; &#147;q&#148; \
                   &amp Co &nbsp;x &bogus; AT&T &#x; &#99999999; pri&shy;vacy</p>";
        let t = texts(src);
        assert_eq!(
            t,
            ["Tom & Jerry’s © 2026 — — — “q” & Co x &bogus; AT&T &#x; \u{fffd} privacy"]
        );
        assert_eq!(source_of(src, "’"), "&rsquo;");
        assert_eq!(source_of(src, "& Co"), "&amp Co");
        assert_eq!(source_of(src, "privacy"), "pri&shy;vacy");
        assert_eq!(source_of(src, "&bogus;"), "&bogus;");
    }

    #[test]
    fn invisible_content_is_skipped() {
        let src = "<!DOCTYPE html><html lang=\"de-DE\"><head><title> My &amp; Title </title>\
                   <style>p > a { color: red }</style><script>if (a < b && c) { x = '</p>' }</script></head>\
                   <body><!-- a comment <p>hidden</p> --><template><p>tpl</p></template>\
                   <noscript>Enable JS</noscript><svg><title>icon</title><text>svg</text></svg>\
                   <p>Visible<![CDATA[ cdata ]]> text<?php echo 1 ?></p></body></html>";
        let x = extract(src);
        assert_eq!(x.content.text, "Visible text\n");
        assert_eq!(x.lang.as_deref(), Some("de-DE"));
        assert_eq!(&src[x.title.unwrap()], "My &amp; Title");
    }

    #[test]
    fn attributes_may_contain_gt_and_inline_tags_join_words() {
        let src = "<p title=\"a > b\" data-x='<p>' class=x>word<span>s</span> <a href=\"/x?a>b\">link</a></p>\
                   <p>next</p>word</p><p>word";
        assert_eq!(texts(src), ["words /x?a>b link", "next", "word", "word"]);
    }

    #[test]
    fn block_kinds_and_nested_lists() {
        let src = "<h2>What we collect</h2><ul><li>Outer<ul><li>Inner <b>bold</b></li></ul></li>\
                   <li><p>Para in item</p></li><li>Implicit<li>close</ul>\
                   <table><tr><th>Data</th><td>30 days</td></tr></table>\
                   <p>One<br>line<br><br>Two</p><h3>Sub<h4>Deeper</h4>";
        assert_eq!(
            blocks(src),
            [
                (BlockKind::Heading(2), "What we collect".into()),
                (BlockKind::ListItem, "Outer".into()),
                (BlockKind::ListItem, "Inner bold".into()),
                (BlockKind::ListItem, "Para in item".into()),
                (BlockKind::ListItem, "Implicit".into()),
                (BlockKind::ListItem, "close".into()),
                (BlockKind::Paragraph, "Data".into()),
                (BlockKind::Paragraph, "30 days".into()),
                (BlockKind::Paragraph, "One line".into()),
                (BlockKind::Paragraph, "Two".into()),
                (BlockKind::Heading(3), "Sub".into()),
                (BlockKind::Heading(4), "Deeper".into()),
            ]
        );
    }

    #[test]
    fn title_falls_back_to_first_h1() {
        let src = "<body><h1>Privacy <em>Notice</em></h1><p>x</p></body>";
        let x = extract(src);
        assert_eq!(&src[x.title.unwrap()], "Privacy <em>Notice");
    }

    #[test]
    fn unterminated_markup_skips_the_rest() {
        assert_eq!(
            texts("<p>before</p><!-- never closed <p>after</p>"),
            ["before"]
        );
        assert_eq!(texts("<p>before</p><a href=\"x>after</a>"), ["before"]);
        assert_eq!(texts("<p>before<script>var a = 1; <p>after"), ["before"]);
        assert_eq!(texts("<p>a < b and c<d</p><p>x <"), ["a < b and c", "x <"]);
        assert!(
            extract("<html><head><title>Only</title></head></html>")
                .content
                .blocks
                .is_empty()
        );
    }

    #[test]
    fn never_panics_on_nasty_input() {
        let deep = "<ul><li>".repeat(1000) + "deep";
        let closes = "</ul></li></h1>".repeat(1000);
        let nasty = [
            "",
            "<",
            "<!--",
            "<!-->",
            "<!---",
            "&#99999999;",
            "&#x;",
            "&",
            "&#",
            "&#x",
            "&amp",
            "---\n",
            "\u{feff}",
            "# ",
            "1.",
            "\r\r\r",
            "</",
            "</>",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "<a b=c",
            "<p/",
            "<![CDATA[",
            "<?",
            "<!",
            "<script>",
            "<title>",
            "<svg>",
            "<svg/>x",
            "é<é>é",
            "&é;",
            "<ü>x</ü>",
            "<plaintext>rest",
            "<br><br><br>",
            &deep,
            &closes,
        ];
        for src in nasty {
            test_support::assert_blocks_map_into(src, &extract(src));
        }
        assert_eq!(texts(&deep).len(), 1);
    }

    #[test]
    fn link_targets_follow_their_text() {
        let src = "<p>Write to <a href=\"mailto:dpo@acme.test\">our DPO</a> or <a href='tel:+4930123'>call</a>.</p>";
        assert_eq!(
            texts(src),
            ["Write to mailto:dpo@acme.test our DPO or tel:+4930123 call."]
        );
        assert_eq!(
            source_of(src, "mailto:dpo@acme.test"),
            "mailto:dpo@acme.test"
        );
        // The target is where it is written, before the text: a range over
        // both maps to the source in order, the link's text included.
        assert_eq!(
            source_of(src, "mailto:dpo@acme.test our DPO"),
            "mailto:dpo@acme.test\">our DPO"
        );
        let src =
            "<p><a href=\"https://acme.test\">https://acme.test</a> <a href=\"#top\">top</a></p>";
        assert_eq!(texts(src), ["https://acme.test top"]);
    }
}
