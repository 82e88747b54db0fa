//! Markdown: blocks from pulldown-cmark events, front matter from its YAML
//! metadata block.
//!
//! Text events whose text is the source verbatim are pushed as source (exact
//! maps); others (entities, escapes) are pushed as decoded units. Choices:
//! code blocks are kept as paragraphs (their text is visible to readers and
//! policies rarely have any); blocks of raw HTML are read as HTML, and a link's
//! target (of a Markdown link or an inline `<a href>`) follows its text, as
//! the rules must see where "write to us" leads; image alt text is
//! not visible, so it is skipped; table rows are one block each, cells
//! separated by a word break, so a row reads "Usage data 24 months".

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::{BlockKind, ContentBuilder, Extracted, FrontMatter, LoadWarning};

pub(crate) fn extract(source: &str) -> Extracted {
    let mut md = MarkdownExtractor {
        src: source,
        builder: ContentBuilder::new(source),
        kinds: Vec::new(),
        image_depth: 0,
        front_matter: None,
        warnings: Vec::new(),
        links: Vec::new(),
        html_block: None,
    };
    md.walk(0..source.len(), true);
    md.finish()
}

struct MarkdownExtractor<'s> {
    src: &'s str,
    builder: ContentBuilder<'s>,
    /// Kinds of the open blocks (paragraph, heading, item, code, table row).
    kinds: Vec<BlockKind>,
    /// Inside an image: its alt text is not shown.
    image_depth: usize,
    front_matter: Option<FrontMatter>,
    warnings: Vec<LoadWarning>,
    /// Open links: where their text starts in the content, and the source
    /// range of their target, pushed after the text when they close.
    links: Vec<(usize, Option<Range<usize>>)>,
    /// The source range of the HTML block being read.
    html_block: Option<Range<usize>>,
}

/// A metadata block being read: its whole range and its body.
struct Metadata {
    block: Range<usize>,
    body: Option<Range<usize>>,
}

impl<'s> MarkdownExtractor<'s> {
    /// Parses `range` of the source. Metadata blocks are recognised only in
    /// the top-level pass: pulldown-cmark takes any `---` ... `---` pair for
    /// one, but only the one opening the file is front matter.
    fn walk(&mut self, range: Range<usize>, allow_metadata: bool) {
        let Some(text) = self.src.get(range.clone()) else {
            return;
        };
        let base = range.start;
        let mut options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        if allow_metadata {
            options |= Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        }
        let mut metadata: Option<Metadata> = None;
        let mut events = Parser::new_ext(text, options).into_offset_iter();
        while let Some((event, r)) = events.next() {
            let r = base + r.start..base + r.end;
            match event {
                Event::Start(Tag::MetadataBlock(_)) => {
                    metadata = Some(Metadata {
                        block: r,
                        body: None,
                    })
                }
                Event::End(TagEnd::MetadataBlock(_)) => {
                    if let Some(m) = metadata.take() {
                        self.metadata(m);
                    }
                }
                Event::Text(_) if metadata.is_some() => {
                    if let Some(m) = metadata.as_mut() {
                        m.body = Some(r);
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => {
                    let target = match link_type {
                        LinkType::Autolink | LinkType::Email => None,
                        LinkType::Inline => find_after(self.src, r.clone(), "](", &dest_url),
                        _ => events.reference_definitions().get(&id).and_then(|def| {
                            let span = base + def.span.start..base + def.span.end;
                            find_after(self.src, span, "]:", &dest_url)
                        }),
                    };
                    self.links.push((self.builder.text_len(), target));
                }
                Event::End(TagEnd::Link) => {
                    if let Some((start, Some(target))) = self.links.pop() {
                        if target.start >= r.start && target.end <= r.end {
                            self.builder.push_link_target(start, target);
                        } else {
                            // A reference definition, elsewhere in the file.
                            self.builder.push_link_target_at(start, target, r.end);
                        }
                    }
                }
                // A block of raw HTML (a Jekyll page written in HTML inside
                // `.md`) is read as HTML: its text, links and headings.
                Event::Start(Tag::HtmlBlock) => {
                    self.flush();
                    self.html_block = Some(r);
                }
                // HTML indented by four spaces after a blank line is an
                // indented code block to CommonMark, but a page of HTML to
                // the site generator that renders it: read it as HTML.
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))
                    if self.src.get(r.clone()).is_some_and(looks_like_html) =>
                {
                    self.flush();
                    self.html_block = Some(r);
                }
                Event::Html(_) | Event::Text(_) if self.html_block.is_some() => {}
                Event::End(TagEnd::CodeBlock) if self.html_block.is_some() => {
                    if let Some(block) = self.html_block.take() {
                        super::html::extract_into(&mut self.builder, block);
                    }
                }
                Event::End(TagEnd::HtmlBlock) => {
                    if let Some(block) = self.html_block.take() {
                        super::html::extract_into(&mut self.builder, block);
                    }
                }
                Event::InlineHtml(html) | Event::Html(html) if is_br(&html) => {
                    self.builder.push_break(r.start)
                }
                Event::InlineHtml(html) => self.inline_html(&html, r),
                Event::Start(tag) => self.start(tag, r),
                Event::End(tag) => self.end(tag, r),
                Event::Text(t) => self.text(&t, r),
                Event::Code(t) => self.code(&t, r),
                Event::SoftBreak | Event::HardBreak => self.builder.push_break(r.start),
                Event::Rule => self.flush(),
                _ => {}
            }
        }
    }

    /// Inline HTML in a paragraph: an `<a href>` link's target is text the
    /// rules see, as for a Markdown link.
    fn inline_html(&mut self, html: &str, r: Range<usize>) {
        let tag = html.trim_start_matches('<');
        if tag.get(..2).is_some_and(|t| t.eq_ignore_ascii_case("a "))
            && let Some(target) = super::html::href_value(self.src, r.start)
        {
            let text = super::html::link_text_source(self.src, r.end);
            self.builder.push_link_target_before(target, text);
        }
    }

    fn finish(self) -> Extracted {
        let content = self.builder.finish();
        let front_matter = self.front_matter;
        let lang = front_matter
            .as_ref()
            .and_then(|fm| fm.declared_language())
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty());
        let title = front_matter
            .as_ref()
            .and_then(|fm| fm.value_range(self.src, "title"))
            .or_else(|| content.first_h1());
        Extracted {
            content,
            front_matter,
            lang,
            title,
            warnings: self.warnings,
        }
    }

    /// A finished metadata block: front matter when it opens the file,
    /// otherwise Markdown that pulldown-cmark misread (text between two
    /// thematic breaks), parsed again as such.
    fn metadata(&mut self, m: Metadata) {
        let body = m.body.unwrap_or(m.block.end..m.block.end);
        let opens_file = self
            .src
            .get(..m.block.start)
            .is_some_and(|head| head.trim().is_empty());
        if !opens_file || self.front_matter.is_some() {
            self.walk(body.start..m.block.end, false);
            return;
        }
        let yaml = self.src.get(body.clone()).unwrap_or_default();
        match serde_yaml::from_str::<serde_yaml::Value>(yaml) {
            Ok(serde_yaml::Value::Mapping(values)) => {
                self.front_matter = Some(FrontMatter {
                    values,
                    range: body,
                })
            }
            Ok(serde_yaml::Value::Null) => {
                self.front_matter = Some(FrontMatter {
                    values: serde_yaml::Mapping::new(),
                    range: body,
                })
            }
            // A scalar or list: not metadata but text set off by `---` lines.
            Ok(_) => self.walk(body.start..m.block.end, false),
            Err(err) => self.warnings.push(yaml_warning(self.src, &err, body)),
        }
    }

    fn start(&mut self, tag: Tag, r: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                let in_item = self.kinds.last() == Some(&BlockKind::ListItem);
                self.open(if in_item {
                    BlockKind::ListItem
                } else {
                    BlockKind::Paragraph
                });
            }
            Tag::Heading { level, .. } => self.open(BlockKind::Heading(heading_level(level))),
            Tag::Item => self.open(BlockKind::ListItem),
            Tag::CodeBlock(_) | Tag::TableHead | Tag::TableRow => self.open(BlockKind::Paragraph),
            Tag::TableCell => self.builder.push_break(r.start),
            Tag::Image { .. } => self.image_depth += 1,
            Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::HtmlBlock => self.flush(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, r: Range<usize>) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::CodeBlock
            | TagEnd::TableHead
            | TagEnd::TableRow => self.close(),
            TagEnd::TableCell => self.builder.push_break(r.end),
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Ends the text so far (e.g. an outer list item's, before its nested
    /// list) and opens a block of `kind`.
    fn open(&mut self, kind: BlockKind) {
        self.flush();
        self.kinds.push(kind);
    }

    fn close(&mut self) {
        let kind = self.kinds.pop().unwrap_or(BlockKind::Paragraph);
        self.builder.end_block(kind);
    }

    fn flush(&mut self) {
        let kind = self.kinds.last().copied().unwrap_or(BlockKind::Paragraph);
        self.builder.end_block(kind);
    }

    fn text(&mut self, text: &str, r: Range<usize>) {
        if self.image_depth > 0 {
            return;
        }
        match self.src.get(r.clone()) {
            Some(raw) if raw == text => self.builder.push_source(r),
            // An escape: the range covers the backslash, the text does not.
            Some(raw) if raw.ends_with(text) && !text.is_empty() => {
                self.builder.push_source(r.end - text.len()..r.end)
            }
            _ => self.push_atomic(text, r),
        }
    }

    /// An inline code span. Its range includes the backtick runs; its text
    /// is the source between them with line ends as spaces and one padding
    /// space stripped from each side, which collapsing whitespace makes the
    /// same as pushing the source between the backticks.
    fn code(&mut self, text: &str, r: Range<usize>) {
        if self.image_depth > 0 {
            return;
        }
        let Some(raw) = self.src.get(r.clone()) else {
            return;
        };
        let ticks = raw.bytes().take_while(|&b| b == b'`').count();
        let closing = raw.bytes().rev().take_while(|&b| b == b'`').count();
        match raw.get(ticks..raw.len().saturating_sub(closing)) {
            Some(inner) if ticks > 0 && ticks == closing && collapse(inner) == collapse(text) => {
                self.builder.push_source(r.start + ticks..r.end - closing)
            }
            _ => self.push_atomic(text, r),
        }
    }

    /// Pushes `text` standing for `source[r]` as a whole. Each character is
    /// its own unit mapping to all of `r`: one multi-character unit whose
    /// length happens to be 1x or 2x the source's would be read by the
    /// offset map as a linear run and map inner positions mid-character.
    fn push_atomic(&mut self, text: &str, r: Range<usize>) {
        if text.chars().nth(1).is_none() {
            self.builder.push_decoded(text, r);
            return;
        }
        let mut buf = [0; 4];
        for c in text.chars() {
            self.builder
                .push_decoded(c.encode_utf8(&mut buf), r.clone());
        }
    }
}

/// The source range of `target` as written in `src[range]` after `marker`
/// (a link's `](` or a definition's `]:`), when it is written verbatim.
fn find_after(src: &str, range: Range<usize>, marker: &str, target: &str) -> Option<Range<usize>> {
    let text = src.get(range.clone())?;
    let from = text.rfind(marker).map_or(0, |k| k + marker.len());
    let at = from + text.get(from..)?.find(target)?;
    (!target.is_empty()).then(|| range.start + at..range.start + at + target.len())
}

/// Whether an indented code block is HTML markup: it opens with a tag or
/// a comment.
fn looks_like_html(block: &str) -> bool {
    let text = block.trim_start();
    text.starts_with("<!--")
        || text
            .strip_prefix('<')
            .and_then(|rest| rest.trim_start_matches('/').chars().next())
            .is_some_and(|c| c.is_ascii_alphabetic())
}

/// Text with whitespace runs collapsed to single spaces, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_br(html: &str) -> bool {
    let tag = html
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim();
    tag.eq_ignore_ascii_case("br")
}

/// A warning for broken front matter, placed on the line of the error when
/// serde_yaml knows it.
fn yaml_warning(source: &str, err: &serde_yaml::Error, body: Range<usize>) -> LoadWarning {
    let range = err
        .location()
        .map(|loc| {
            let start = (body.start + loc.index()).min(body.end);
            let line_end = source
                .get(start..body.end)
                .and_then(|rest| rest.find('\n'))
                .map_or(body.end, |k| start + k);
            start..line_end
        })
        .unwrap_or_else(|| body.clone());
    // The YAML parser counts lines from the start of the front matter body;
    // editors count them from the start of the file.
    let offset = source
        .get(..body.start)
        .map_or(0, |b| b.matches('\n').count());
    LoadWarning {
        kind: crate::error::ProblemKind::FrontMatter,
        message: format!(
            "invalid YAML front matter: {}",
            shift_line_numbers(&err.to_string(), offset)
        ),
        range: Some(range),
    }
}

/// Adds `offset` to every "line N" in a message.
fn shift_line_numbers(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
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

    #[test]
    fn multibyte_text_maps_back_exactly() {
        let src = "# Straße — “Café”\n\nWir *löschen* Daten 日本語 nach\n30 Tagen — sicher.\n";
        assert_eq!(source_of(src, "Straße — “Café”"), "Straße — “Café”");
        assert_eq!(
            source_of(src, "löschen Daten日本語"),
            "löschen* Daten 日本語"
        );
        assert_eq!(
            source_of(src, "日本語nach 30 Tagen"),
            "日本語 nach\n30 Tagen"
        );
        let x = extract(src);
        let at = x.content.text.find("Tagen").unwrap();
        let r = x.content.map.range(at..at + 5);
        assert_eq!(
            LineIndex::new(src).line_col(src, r.start),
            LineCol { line: 4, column: 4 }
        );
        let at = x.content.text.find("nach").unwrap();
        let r = x.content.map.range(at..at + 4);
        assert_eq!(
            LineIndex::new(src).line_col(src, r.start),
            LineCol {
                line: 3,
                column: 25
            }
        );
    }

    #[test]
    fn yaml_errors_count_lines_from_the_start_of_the_file() {
        assert_eq!(
            shift_line_numbers("end at line 3 column 1, scalar at line 1 column 8", 1),
            "end at line 4 column 1, scalar at line 2 column 8"
        );
        let src = "---\ntitle: \"Broken\nlang: [en\n---\n\n# Policy\n\nText.\n";
        let x = extract(src);
        assert_eq!(x.warnings.len(), 1);
        assert!(
            x.warnings[0].message.contains("at line 2 column 8"),
            "{}",
            x.warnings[0].message
        );
    }

    #[test]
    fn front_matter_title_and_lang() {
        let src =
            "---\ntitle: \"Privacy Policy — Acme\"\nlang: de\n---\n\n# Datenschutz\n\nText.\n";
        let x = extract(src);
        let fm = x.front_matter.as_ref().unwrap();
        assert_eq!(fm.get_str("title"), Some("Privacy Policy — Acme"));
        assert_eq!(
            &src[fm.range.clone()],
            "title: \"Privacy Policy — Acme\"\nlang: de\n"
        );
        assert_eq!(&src[x.title.unwrap()], "Privacy Policy — Acme");
        assert_eq!(x.lang.as_deref(), Some("de"));
        assert!(x.warnings.is_empty());
        assert_eq!(x.content.text, "Datenschutz\nText.\n");
    }

    #[test]
    fn title_from_first_h1_and_language_key() {
        let src = "---\nlanguage: fr\n---\n## Intro\n\n# Politique de *confidentialité*\n";
        let x = extract(src);
        assert_eq!(x.lang.as_deref(), Some("fr"));
        assert_eq!(&src[x.title.unwrap()], "Politique de *confidentialité");
    }

    #[test]
    fn broken_front_matter_warns_and_goes_on() {
        let src = "---\ntitle: ok\nbad: [unclosed\n---\n\nBody text.\n";
        let x = extract(src);
        assert!(x.front_matter.is_none());
        assert_eq!(x.warnings.len(), 1);
        assert!(
            x.warnings[0]
                .message
                .starts_with("invalid YAML front matter"),
            "{}",
            x.warnings[0].message
        );
        let r = x.warnings[0].range.clone().unwrap();
        assert!(r.start >= 4 && r.end <= 30, "{r:?}");
        assert_eq!(x.content.text, "Body text.\n");
    }

    #[test]
    fn later_dashes_are_not_front_matter() {
        let src = "Intro.\n\n---\n## Contact\nEmail us at x.\n---\n\nMore.\n";
        let x = extract(src);
        assert!(x.front_matter.is_none());
        assert_eq!(
            blocks(src),
            [
                (BlockKind::Paragraph, "Intro.".into()),
                (BlockKind::Heading(2), "Contact".into()),
                (BlockKind::Heading(2), "Email us at x.".into()),
                (BlockKind::Paragraph, "More.".into()),
            ]
        );
        assert_eq!(source_of(src, "Email us"), "Email us");
        let scalar = "---\nJust a line of text\n---\n\nBody.\n";
        assert_eq!(extract(scalar).content.text, "Just a line of text\nBody.\n");
    }

    #[test]
    fn escapes_entities_and_code() {
        let src = "Tom &amp; Jerry&rsquo;s \\*stars\\* &copy; `a_b` 5 &lt; 6 AT&T\n";
        let x = extract(src);
        assert_eq!(x.content.text, "Tom & Jerry’s *stars* © a_b 5 < 6 AT&T\n");
        assert_eq!(source_of(src, "&"), "&amp;");
        assert_eq!(source_of(src, "’"), "&rsquo;");
        assert_eq!(source_of(src, "*stars"), "*stars");
        assert_eq!(source_of(src, "a_b"), "a_b");
        assert_eq!(source_of(src, "AT&T"), "AT&T");
    }

    #[test]
    fn code_spans_map_to_their_source() {
        let src = "Use `a\nb` and ``x ` y`` or `é]]>\né` here.\n";
        let x = extract(src);
        assert_eq!(x.content.text, "Use a b and x ` y or é]]> é here.\n");
        assert_eq!(source_of(src, "a b"), "a\nb");
        assert_eq!(source_of(src, "x ` y"), "x ` y");
        for (i, c) in x.content.text.char_indices() {
            let r = x.content.map.range(i..i + c.len_utf8());
            assert!(src.get(r.clone()).is_some(), "{c:?} -> {r:?}");
        }
    }

    #[test]
    fn lists_tables_quotes_html() {
        let src = "- Outer item\n  - Inner item\n- Second\n\n1. Loose\n\n   second para\n\n\
                   | Data | Kept |\n|---|---|\n| Usage | 24 months |\n\n> Quoted text\n\n\
                   <div>html block</div>\n\nline<br>next ![alt text](x.png) <https://x.y> [link](mailto:a@b.c)\n\n\
                   ```\ncode here\n```\n";
        assert_eq!(
            blocks(src),
            [
                (BlockKind::ListItem, "Outer item".into()),
                (BlockKind::ListItem, "Inner item".into()),
                (BlockKind::ListItem, "Second".into()),
                (BlockKind::ListItem, "Loose".into()),
                (BlockKind::ListItem, "second para".into()),
                (BlockKind::Paragraph, "Data Kept".into()),
                (BlockKind::Paragraph, "Usage 24 months".into()),
                (BlockKind::Paragraph, "Quoted text".into()),
                (BlockKind::Paragraph, "html block".into()),
                (
                    BlockKind::Paragraph,
                    "line next https://x.y link mailto:a@b.c".into()
                ),
                (BlockKind::Paragraph, "code here".into()),
            ]
        );
    }

    #[test]
    fn never_panics_on_nasty_input() {
        let deep = (0..1000)
            .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
            .collect::<String>();
        let quotes = ">".repeat(2000) + " deep";
        let nasty = [
            "",
            "<",
            "<!--",
            "&#99999999;",
            "&#x;",
            "---\n",
            "---\n---\n",
            "---\n: [\n",
            "\u{feff}",
            "# ",
            "1.",
            "\r\r\r",
            "```",
            "[a](",
            "![",
            "| a |\n|-",
            "---\ntitle: [\n...\n",
            "***",
            "<br",
            &deep,
            &quotes,
        ];
        for src in nasty {
            test_support::assert_blocks_map_into(src, &extract(src));
        }
    }

    #[test]
    fn link_targets_follow_their_text_and_map_to_their_source() {
        let src = "# Privacy\n\nQuestions? [Write to us](mailto:privacy@acme.test) or use [our form][f].\n\n[f]: https://acme.test/form \"Form\"\n";
        let x = extract(src);
        assert_eq!(
            blocks(src)[1].1,
            "Questions? Write to us mailto:privacy@acme.test or use our form https://acme.test/form."
        );
        assert_eq!(
            test_support::source_of(src, &x, "privacy@acme.test"),
            "privacy@acme.test"
        );
        // A reference definition is elsewhere in the file: its target is
        // placed at the end of the link, so a range over the link's text
        // and target is the link.
        assert_eq!(
            test_support::source_of(src, &x, "our form https://acme.test/form"),
            "our form][f]"
        );
        // A target the text already shows is not repeated; anchors are not targets.
        let src = "Mail [privacy@acme.test](mailto:privacy@acme.test), see [below](#contact), <https://acme.test>.\n";
        assert_eq!(
            blocks(src)[0].1,
            "Mail privacy@acme.test, see below, https://acme.test."
        );
    }

    #[test]
    fn raw_html_blocks_and_inline_links_are_read_as_html() {
        let src = "# Privacy\n\n<div>\n<h2>Contact</h2>\n<p>Use <a href=\"https://acme.test/contact\">our page</a>.</p>\n</div>\n\nOr <a href=\"/info/contact/\">contact us</a>.\n";
        let x = extract(src);
        assert_eq!(
            blocks(src),
            vec![
                (BlockKind::Heading(1), "Privacy".to_owned()),
                (BlockKind::Heading(2), "Contact".to_owned()),
                (
                    BlockKind::Paragraph,
                    "Use https://acme.test/contact our page.".to_owned()
                ),
                (
                    BlockKind::Paragraph,
                    "Or /info/contact/ contact us.".to_owned()
                ),
            ]
        );
        assert_eq!(
            test_support::source_of(src, &x, "/info/contact/"),
            "/info/contact/"
        );
        test_support::assert_blocks_map_into(src, &x);
    }
}
