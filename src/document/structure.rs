//! Sentences and sections, computed from the blocks of a [`Content`].

use std::ops::Range;

use super::{Block, BlockKind, Content, Section, Sentence};

/// Splits every block into sentences. Sentences never cross blocks, every
/// block yields at least one, and the result is sorted by range.
pub fn split_sentences(content: &Content) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(content.blocks.len() * 2);
    for (index, block) in content.blocks.iter().enumerate() {
        split_block(&content.text, block.range.clone(), index, &mut out);
    }
    out
}

/// The full stop of Japanese and Chinese, which ends a sentence wherever it
/// is: no space follows it.
const IDEOGRAPHIC_STOP: &str = "\u{3002}";

fn split_block(text: &str, range: Range<usize>, block: usize, out: &mut Vec<Sentence>) {
    let Some(s) = text.get(range.clone()) else {
        out.push(Sentence { range, block });
        return;
    };
    if !s.contains(IDEOGRAPHIC_STOP) {
        return split_latin(text, range, block, out);
    }
    let mut start = 0;
    for (at, _) in s.match_indices(IDEOGRAPHIC_STOP) {
        let after = at + IDEOGRAPHIC_STOP.len();
        // A stop inside brackets or quotes ends no sentence: legal text
        // defines terms mid-sentence, 「（以下「本規約」といいます。）を…」.
        let end = skip_closers(s, after);
        if end > after {
            continue;
        }
        if end < start || end >= s.len() {
            continue;
        }
        // A sentence ends where the next starts: a space after the stop
        // stays out of both.
        let next = end + usize::from(s.as_bytes()[end] == b' ');
        split_latin(text, range.start + start..range.start + end, block, out);
        start = next;
    }
    if start < s.len() {
        split_latin(text, range.start + start..range.end, block, out);
    }
}

fn split_latin(text: &str, range: Range<usize>, block: usize, out: &mut Vec<Sentence>) {
    let base = range.start;
    let Some(s) = text.get(range.clone()) else {
        out.push(Sentence { range, block });
        return;
    };
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut search = 0;
    while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &bytes[search..]) {
        let mark = search + found;
        let mut after = mark + 1;
        while matches!(bytes.get(after), Some(b'.' | b'!' | b'?')) {
            after += 1;
        }
        search = after;
        let end = skip_closers(s, after);
        // "ご連絡ください!次に" : a Japanese sentence after `!` or `?`
        // (folded from ！ ？) follows without a space.
        let cjk_next = bytes[mark] != b'.'
            && s.get(end..)
                .and_then(|r| r.chars().next())
                .is_some_and(super::builder::is_east_asian);
        // A sentence that follows with no space between.
        if cjk_next || glued_after_question(s, mark, end) {
            out.push(Sentence {
                range: base + start..base + end,
                block,
            });
            start = end;
            search = start;
            continue;
        }
        if bytes.get(end) != Some(&b' ') || !opens_sentence(s, end + 1) {
            continue;
        }
        let single_period = bytes[mark] == b'.' && after == mark + 1;
        if single_period && !period_ends_sentence(s, start, mark, end + 1) {
            continue;
        }
        out.push(Sentence {
            range: base + start..base + end,
            block,
        });
        start = end + 1;
        search = start;
    }
    out.push(Sentence {
        range: base + start..range.end,
        block,
    });
}

/// A question glued to the next sentence, as text taken
/// from web pages joins an FAQ heading to its answer: "Will we share your
/// information?Unless you tell us otherwise...". A lowercase letter before
/// the mark and a capitalised word after it, then a space: a URL's query
/// (`page?Id=3`) has no space after its word.
fn glued_after_question(s: &str, mark: usize, end: usize) -> bool {
    let bytes = s.as_bytes();
    // Not `!`: brands end with it ("Yahoo!Mail").
    if bytes[mark] != b'?' || end != mark + 1 || mark == 0 || !bytes[mark - 1].is_ascii_lowercase()
    {
        return false;
    }
    let word = &bytes[end..];
    let lower = word
        .iter()
        .skip(1)
        .take_while(|b| b.is_ascii_lowercase())
        .count();
    word.first().is_some_and(u8::is_ascii_uppercase)
        && lower >= 1
        && word.get(1 + lower) == Some(&b' ')
}

/// Skips closing quotes and brackets after a sentence mark.
fn skip_closers(s: &str, mut i: usize) -> usize {
    while let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) {
        if !matches!(
            c,
            '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '›' | '」' | '』' | '）' | '】'
        ) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Whether the character at `i` can start a sentence.
fn opens_sentence(s: &str, i: usize) -> bool {
    let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
        return false;
    };
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '\'' | '(' | '[' | '“' | '‘' | '«' | '„' | '‹' | '¿' | '¡'
        )
        || matches!(c, '•' | '–' | '—' | '-' | '·' | '▪' | '◦')
}

/// Abbreviations compared case-insensitively (without the final period).
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "mr", "mrs", "ms", "dr", "st", "vs", "u.s",
    "u.k", "approx", "incl", "cf", "jr", "sr", "prof", "dept", "resp", "viz", "al", "ca", "est",
    "tel",
];

/// Abbreviations only before a number ("No. 5", "Art. 6"); elsewhere they
/// may be words ending a sentence ("Say no.").
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "nr", "art", "arts", "sec", "para", "fig", "ref", "p", "pp",
];

/// Whether the period at `mark` ends a sentence, judged by the token before
/// it (`sentence_start` is where the current sentence began) and the
/// character at `next`, where the next sentence would start.
fn period_ends_sentence(s: &str, sentence_start: usize, mark: usize, next: usize) -> bool {
    let head = &s.as_bytes()[sentence_start..mark];
    let token_start =
        memchr::memrchr(b' ', head).map_or(sentence_start, |k| sentence_start + k + 1);
    let Some(raw) = s.get(token_start..mark) else {
        return true;
    };
    let token = raw.trim_start_matches(['(', '[', '"', '\'', '“', '‘', '«']);
    if token.is_empty() {
        return true;
    }
    let is = |list: &[&str]| list.iter().any(|a| a.eq_ignore_ascii_case(token));
    let number_follows = s.as_bytes().get(next).is_some_and(u8::is_ascii_digit);
    if is(ABBREVIATIONS) || (number_follows && is(NUMBER_ABBREVIATIONS)) {
        return false;
    }
    let mut chars = token.chars();
    let single_capital = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    if single_capital || is_dotted_initials(token) {
        return false;
    }
    // "1." / "2.1." / "iv." / "a." opening a block is numbering, not a sentence.
    !(token_start == 0 && is_enumerator(token))
}

/// `U.S`, `e.g`, `a.m`: single letters joined by periods.
fn is_dotted_initials(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.len() >= 3
        && bytes.iter().enumerate().all(|(i, b)| {
            if i % 2 == 0 {
                b.is_ascii_alphabetic()
            } else {
                *b == b'.'
            }
        })
}

/// List or heading numbering: `1`, `2.1`, `iv`, `a`.
fn is_enumerator(token: &str) -> bool {
    let digits = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && token.bytes().next().is_some_and(|b| b.is_ascii_digit());
    let roman = token.len() <= 6 && token.bytes().all(|b| b"ivxlcdmIVXLCDM".contains(&b));
    let letter = token.len() == 1 && token.bytes().all(|b| b.is_ascii_alphabetic());
    digits || roman || letter
}

/// Sections from headings: each runs to the next heading of the same or a
/// higher level. Also returns, per block, the innermost section holding it.
pub fn build_sections(blocks: &[Block]) -> (Vec<Section>, Vec<Option<usize>>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut block_section = Vec::with_capacity(blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        if let BlockKind::Heading(level) = block.kind {
            while let Some(&top) = open.last() {
                if sections[top].level < level {
                    break;
                }
                sections[top].blocks.end = i;
                open.pop();
            }
            sections.push(Section {
                heading: i,
                level,
                blocks: i..blocks.len(),
                parent: open.last().copied(),
            });
            open.push(sections.len() - 1);
        }
        block_section.push(open.last().copied());
    }
    (sections, block_section)
}

/// Decoded-source range of the first line of the first block, trimmed: the
/// anchor of document-level findings. Falls back to the first non-blank line
/// of the source, so it is never empty while the source has text.
pub fn first_line(content: &Content, source: &str) -> Range<usize> {
    content
        .blocks
        .first()
        .and_then(|block| line_at(source, content.map.range(block.range.clone())))
        .or_else(|| line_at(source, 0..source.len()))
        .unwrap_or(0..0)
}

/// The first non-blank line inside `range` of `source`, trimmed.
fn line_at(source: &str, range: Range<usize>) -> Option<Range<usize>> {
    let text = source.get(range.clone())?;
    let trimmed = text.trim_start();
    let start = range.start + (text.len() - trimmed.len());
    let line_len = memchr::memchr2(b'\n', b'\r', trimmed.as_bytes()).unwrap_or(trimmed.len());
    let line = trimmed.get(..line_len)?.trim_end();
    (!line.is_empty()).then(|| start..start + line.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ContentBuilder;

    fn content(blocks: &[(&str, BlockKind)]) -> (String, Content) {
        let source: String = blocks.iter().map(|(t, _)| format!("{t}\n\n")).collect();
        let mut b = ContentBuilder::new(&source);
        let mut at = 0;
        for (text, kind) in blocks {
            b.push_source(at..at + text.len());
            b.end_block(*kind);
            at += text.len() + 2;
        }
        let c = b.finish();
        (source, c)
    }

    fn sentences(text: &str) -> Vec<String> {
        let (_, c) = content(&[(text, BlockKind::Paragraph)]);
        split_sentences(&c)
            .iter()
            .map(|s| c.text[s.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn splits_on_sentence_marks() {
        assert_eq!(
            sentences(
                "We collect data. We share it! Do we sell it? No. “Quoted.” (Bracketed.) 3 more."
            ),
            [
                "We collect data.",
                "We share it!",
                "Do we sell it?",
                "No.",
                "“Quoted.”",
                "(Bracketed.)",
                "3 more."
            ]
        );
    }

    #[test]
    fn japanese_sentences_end_at_the_full_stop_not_inside_brackets() {
        // (Full-width brackets are folded to ASCII in the content text.)
        assert_eq!(
            sentences(
                "当社は（以下「当社」といいます。）情報を守ります。保存期間は3年です!次に進みます? Next one."
            ),
            vec![
                "当社は(以下「当社」といいます。)情報を守ります。",
                "保存期間は3年です!",
                "次に進みます?",
                "Next one.",
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not_split() {
        let text = "We use tools, e.g. Stripe, i.e. a processor, etc. Acme Inc. Ltd. Co. Corp. \
                    Mr. Smith met Dr. Jones at St. Paul under Art. 6 and Sec. 2 vs. No. 5 in the U.S. Army \
                    with J. Smith of version 1.5 at example.com. That is all.";
        assert_eq!(
            sentences(text),
            [&text[..text.find(" That").unwrap()], "That is all."]
        );
        assert_eq!(sentences("Say no. Then go."), ["Say no.", "Then go."]);
        // A heading glued to its answer by a web page's text; not a URL's
        // query, nor "?" inside a word run.
        assert_eq!(
            sentences("Will we share it?Unless you object, we share it."),
            ["Will we share it?", "Unless you object, we share it."]
        );
        assert_eq!(
            sentences("See page.php?Id=3 for more."),
            ["See page.php?Id=3 for more."]
        );
        assert_eq!(sentences("Really?!Yes we do."), ["Really?!Yes we do."]);
        assert_eq!(
            sentences("Use Yahoo!Mail as you like."),
            ["Use Yahoo!Mail as you like."]
        );
        assert_eq!(
            sentences("Visit example.com. Then leave."),
            ["Visit example.com.", "Then leave."]
        );
    }

    #[test]
    fn semicolons_lowercase_and_numbering_do_not_split() {
        assert_eq!(
            sentences("We keep it; You agree. and so on"),
            ["We keep it; You agree. and so on"]
        );
        assert_eq!(
            sentences("1. We will comply with the law."),
            ["1. We will comply with the law."]
        );
        assert_eq!(sentences("2.1. Sharing. Then"), ["2.1. Sharing.", "Then"]);
        assert_eq!(sentences("IV. Rights"), ["IV. Rights"]);
        assert_eq!(
            sentences("Wait... What? Yes!! Done"),
            ["Wait...", "What?", "Yes!!", "Done"]
        );
    }

    #[test]
    fn sentences_stay_in_blocks_and_every_block_has_one() {
        let (_, c) = content(&[
            ("Heading", BlockKind::Heading(2)),
            ("One. Two.", BlockKind::Paragraph),
            ("...", BlockKind::ListItem),
        ]);
        let s = split_sentences(&c);
        let got: Vec<(&str, usize)> = s
            .iter()
            .map(|s| (&c.text[s.range.clone()], s.block))
            .collect();
        assert_eq!(got, [("Heading", 0), ("One.", 1), ("Two.", 1), ("...", 2)]);
        assert!(s.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    }

    #[test]
    fn sections_nest_by_level() {
        let kinds = [
            BlockKind::Heading(1),
            BlockKind::Paragraph,
            BlockKind::Heading(2),
            BlockKind::Paragraph,
            BlockKind::Heading(3),
            BlockKind::ListItem,
            BlockKind::Heading(2),
            BlockKind::Paragraph,
        ];
        let blocks: Vec<Block> = kinds
            .iter()
            .map(|&kind| Block { kind, range: 0..0 })
            .collect();
        let (sections, of_block) = build_sections(&blocks);
        let got: Vec<_> = sections
            .iter()
            .map(|s| (s.heading, s.level, s.blocks.clone(), s.parent))
            .collect();
        assert_eq!(
            got,
            [
                (0, 1, 0..8, None),
                (2, 2, 2..6, Some(0)),
                (4, 3, 4..6, Some(1)),
                (6, 2, 6..8, Some(0))
            ]
        );
        assert_eq!(
            of_block,
            [
                Some(0),
                Some(0),
                Some(1),
                Some(1),
                Some(2),
                Some(2),
                Some(3),
                Some(3)
            ]
        );
    }

    #[test]
    fn blocks_before_the_first_heading_have_no_section() {
        let kinds = [
            BlockKind::Paragraph,
            BlockKind::Heading(2),
            BlockKind::Heading(2),
        ];
        let blocks: Vec<Block> = kinds
            .iter()
            .map(|&kind| Block { kind, range: 0..0 })
            .collect();
        let (sections, of_block) = build_sections(&blocks);
        assert_eq!(sections[0].blocks, 1..2);
        assert_eq!(sections[1].blocks, 2..3);
        assert_eq!(of_block, [None, Some(0), Some(1)]);
    }

    #[test]
    fn first_line_of_first_block() {
        let source = "\n\n  Privacy   Policy  \r\n of Acme\n\nBody";
        let mut b = ContentBuilder::new(source);
        b.push_source(0..32);
        b.end_block(BlockKind::Paragraph);
        let c = b.finish();
        let r = first_line(&c, source);
        assert_eq!(&source[r], "Privacy   Policy");
        assert_eq!(first_line(&Content::default(), "\n  text here \n"), 3..12);
        assert_eq!(first_line(&Content::default(), ""), 0..0);
    }
}
