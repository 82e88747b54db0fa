use miette::{SourceCode, SourceSpan};

use super::*;

/// What a `read_span` returned, in comparable form.
#[derive(Debug, PartialEq, Eq)]
struct Read {
    data: String,
    span: (usize, usize),
    line: usize,
    column: usize,
}

fn read(
    source: &dyn SourceCode,
    offset: usize,
    len: usize,
    before: usize,
    after: usize,
) -> Option<Read> {
    let span = SourceSpan::from((offset, len));
    let c = source.read_span(&span, before, after).ok()?;
    Some(Read {
        data: String::from_utf8_lossy(c.data()).into_owned(),
        span: (c.span().offset(), c.span().len()),
        line: c.line(),
        column: c.column(),
    })
}

const ASCII_TEXTS: &[&str] = &[
    "foo\nbar\nbaz\n",
    "foo\r\nbar\r\nbaz\r\n",
    "one\ntwo\n\nthree\nfour\nfive\n\nsix\nseven\n",
    "a single line without a newline",
    "\tindented\n\ttabs\there\n",
    "a\n\n\nb",
    "x\r\n\r\ny\r\nz",
];

const CONTEXTS: &[(usize, usize)] = &[(0, 0), (1, 1), (2, 2), (0, 1), (1, 0), (3, 0)];

/// Cases where miette's own impl is inconsistent, so ours differs on purpose.
fn miette_is_wrong(text: &str, offset: usize, len: usize, after: usize) -> bool {
    let last = (offset + len)
        .checked_sub(1)
        .and_then(|i| text.as_bytes().get(i));
    // A span whose last byte ends a line: miette counts the next line as
    // the span's last line and shows one context line too many.
    let ends_on_newline = len > 0 && after > 0 && matches!(last, Some(b'\n' | b'\r'));
    // An empty span at 0: miette returns one byte of data (it does not for
    // an empty span anywhere else).
    let empty_at_zero = len == 0 && offset == 0 && after == 0;
    // A span starting between `\r` and `\n`: there is no such column in an
    // editor; miette skips the `\r`, ours counts it as the line index does.
    let inside_crlf = offset > 0 && text.get(offset - 1..=offset) == Some("\r\n");
    ends_on_newline || empty_at_zero || inside_crlf
}

#[test]
fn agrees_with_miette_on_ascii() {
    let mut mismatches = Vec::new();
    for text in ASCII_TEXTS {
        let ours = FileSource::new("t", text);
        let theirs = text.to_string();
        for offset in 0..=text.len() {
            for len in 0..=text.len() - offset {
                for &(before, after) in CONTEXTS {
                    if miette_is_wrong(text, offset, len, after) {
                        continue;
                    }
                    let a = read(&ours, offset, len, before, after);
                    let mut b = read(&theirs, offset, len, before, after);
                    if let (Some(a), Some(b), 0, 1..) = (&a, &mut b, before, after) {
                        // miette resets the column when it passes the span's
                        // line end; the data still starts mid-line.
                        b.column = a.column;
                    }
                    if a != b {
                        mismatches.push(format!("{text:?} ({offset},{len}) ctx {before}/{after}:\n  ours   {a:?}\n  miette {b:?}"));
                    }
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(40)].join("\n")
    );
}

#[test]
fn agrees_with_miette_on_multibyte_text_except_columns_count_characters() {
    let texts = [
        "héllo wörld\n日本語 text\n“quoted” — dash\n",
        "Café\r\nZürich\r\n\r\nüber",
        "ü\n\n—",
    ];
    for text in texts {
        let ours = FileSource::new("t", text);
        let theirs = text.to_string();
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&e| e >= start) {
                for &(before, after) in CONTEXTS {
                    if miette_is_wrong(text, start, end - start, after) {
                        continue;
                    }
                    let Some(a) = read(&ours, start, end - start, before, after) else {
                        panic!("no read")
                    };
                    let b = read(&theirs, start, end - start, before, after)
                        .expect("miette reads in-range spans");
                    let at = format!("{text:?} {start}..{end} ctx {before}/{after}");
                    assert_eq!((&a.data, a.span, a.line), (&b.data, b.span, b.line), "{at}");
                    let line_start = text[..a.span.0].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                    assert_eq!(a.column, text[line_start..a.span.0].chars().count(), "{at}");
                }
            }
        }
    }
}

#[test]
fn header_column_counts_characters() {
    let text = "first\nCafé “Zürich” — 日本 lorem ipsum\n";
    let offset = text.find("lorem").unwrap();
    let source = FileSource::new("policy.md", text);
    let c = source.read_span(&(offset, 5).into(), 0, 0).unwrap();
    assert_eq!((c.line(), c.column()), (1, 19)); // miette adds 1: [policy.md:2:20]
    assert_eq!(c.name(), Some("policy.md"));
    assert_eq!(c.data(), b"lorem");
    assert_eq!(
        source.line_col(offset),
        LineCol {
            line: 2,
            column: 20
        }
    );
}

#[test]
fn spans_past_the_end_are_clamped() {
    let text = "abc\ndef";
    let source = FileSource::new("t", text);
    for (offset, len) in [
        (7, 0),
        (7, 5),
        (9, 0),
        (100, 3),
        (5, 100),
        (usize::MAX - 1, 10),
    ] {
        let c = source.read_span(&(offset, len).into(), 1, 1).unwrap();
        let span = c.span();
        assert!(span.offset() + span.len() <= text.len(), "{offset},{len}");
        assert_eq!(
            c.line(),
            0,
            "{offset},{len}: data starts at the context line"
        );
    }
    let c = source.read_span(&(100, 3).into(), 0, 0).unwrap();
    assert_eq!((c.data(), c.line(), c.column()), (&b""[..], 1, 3));
}

#[test]
fn spans_inside_characters_widen_to_whole_characters() {
    let text = "aé日b";
    let source = FileSource::new("t", text);
    let c = source.read_span(&(2, 2).into(), 0, 0).unwrap(); // inside é .. inside 日
    assert_eq!(std::str::from_utf8(c.data()).unwrap(), "é日");
    assert_eq!(c.column(), 1);
}

#[test]
fn empty_text_and_empty_spans() {
    let empty = FileSource::new("t", "");
    let c = empty.read_span(&(0, 0).into(), 1, 1).unwrap();
    assert_eq!(
        (c.data(), c.line(), c.column(), c.line_count()),
        (&b""[..], 0, 0, 1)
    );
    assert_eq!(empty.label_range(0..0), None);

    let source = FileSource::new("t", "ab\ncd\nef\n");
    let c = source.read_span(&(4, 0).into(), 1, 1).unwrap();
    assert_eq!(
        (c.data(), c.line(), c.line_count()),
        (&b"ab\ncd\nef\n"[..], 0, 3)
    );
}

#[test]
fn lone_carriage_returns_end_lines_and_are_shown_as_newlines() {
    let text = "one\rtwo\rthree";
    let source = FileSource::new("t", text);
    assert_eq!(source.text, "one\ntwo\nthree");
    let c = source.read_span(&(4, 3).into(), 1, 1).unwrap();
    assert_eq!(
        (c.data(), c.line(), c.line_count()),
        (&b"one\ntwo\nthree"[..], 0, 3)
    );
    assert_eq!(
        source.line_col(text.find("three").unwrap()),
        LineCol { line: 3, column: 1 }
    );
    // CRLF is kept as it is.
    assert_eq!(FileSource::new("t", "a\r\nb").text, "a\r\nb");
}

#[test]
fn control_characters_cannot_reach_the_terminal() {
    let source = FileSource::new("t", "a\x1b[2Jb\x07c\td\x7f");
    assert_eq!(source.text, "a [2Jb c\td ");
    assert!(matches!(sanitize("plain\ttext\r\n"), Cow::Borrowed(_)));
}

#[test]
fn tabs_count_as_one_column() {
    let text = "\t\tlorem";
    let source = FileSource::new("t", text);
    let c = source.read_span(&(2, 5).into(), 0, 0).unwrap();
    assert_eq!(c.column(), 2);
    assert_eq!(source.line_col(2), LineCol { line: 1, column: 3 });
}

#[test]
fn label_ranges_stay_on_visible_text() {
    let source = FileSource::new("t", "abc\ndé\n\n");
    assert_eq!(source.label_range(0..3), Some(0..3));
    assert_eq!(
        source.label_range(9..12),
        Some(5..7),
        "past the end: the last character"
    );
    assert_eq!(
        source.label_range(7..9),
        Some(5..7),
        "on trailing newlines: the last character"
    );
    assert_eq!(
        source.label_range(6..6),
        Some(5..7),
        "inside é: the whole character"
    );
    assert_eq!(FileSource::new("t", "\n\r\n").label_range(0..1), None);
}

#[test]
fn long_lines_are_cut_to_a_window_around_the_span() {
    let line = format!("{}é lorem {}", "word ".repeat(200), "more ".repeat(200));
    let text = format!("short line\n{line}\nanother short line\n");
    let offset = text.find("lorem").unwrap();
    let source = FileSource::new("t", &text).with_window(40);
    let c = source.read_span(&(offset, 5).into(), 1, 1).unwrap();
    let data = std::str::from_utf8(c.data()).unwrap();
    assert!((30..=40).contains(&data.chars().count()), "{data:?}");
    assert!(data.contains("é lorem "), "{data:?}");
    assert!(
        data.starts_with("word ") && data.ends_with(" more"),
        "cut between words: {data:?}"
    );
    let start = c.span().offset();
    assert_eq!(
        &text[start..start + data.len()],
        data,
        "data is the source slice at span()"
    );
    assert_eq!(
        c.line(),
        1,
        "no context line: the data starts inside line 2"
    );
    assert_eq!(
        c.column(),
        text[text.find('\n').unwrap() + 1..start].chars().count()
    );
    assert_eq!(c.line_count(), 1);
    // The header position is unaffected.
    let h = source.read_span(&(offset, 5).into(), 0, 0).unwrap();
    assert_eq!((h.line(), h.column()), (1, 1002));
}

#[test]
fn window_keeps_short_lines_whole_and_drops_long_context_lines() {
    let long = "x".repeat(500);
    let text = format!("{long}\nshort lorem line\n{long}\nlast\n");
    let source = FileSource::new("t", &text).with_window(40);
    let offset = text.find("lorem").unwrap();
    let c = source.read_span(&(offset, 5).into(), 1, 1).unwrap();
    assert_eq!(c.data(), b"short lorem line\n");
    assert_eq!((c.line(), c.column()), (1, 0));
    // At the start of a long line, the window extends to the right.
    let c = source.read_span(&(0, 1).into(), 1, 1).unwrap();
    assert_eq!(c.data().len(), 40);
    assert_eq!(c.span().offset(), 0);
}

#[test]
fn spans_longer_than_the_window_are_shown_whole() {
    let text = format!("intro {} outro and more text here", "z".repeat(100));
    let source = FileSource::new("t", &text).with_window(20);
    let c = source.read_span(&(6, 100).into(), 1, 1).unwrap();
    assert_eq!((c.span().offset(), c.span().len()), (6, 100));
}

#[test]
fn multi_line_spans_cut_only_the_outer_lines() {
    let text = format!("{}START\nmiddle\nEND{}", "a".repeat(300), "b".repeat(300));
    let start = text.find("START").unwrap();
    let end = text.find("END").unwrap() + 3;
    let source = FileSource::new("t", &text).with_window(40);
    let c = source
        .read_span(&(start, end - start).into(), 1, 1)
        .unwrap();
    let data = std::str::from_utf8(c.data()).unwrap();
    assert_eq!(
        data,
        format!("{}START\nmiddle\nEND{}", "a".repeat(20), "b".repeat(20))
    );
    assert_eq!((c.line(), c.line_count()), (0, 3));
}

/// Late in a large file, the line is found by the index (miette's own impl
/// scans from byte 0 on every call; the speed is the benchmark's business).
#[test]
fn a_span_late_in_a_large_file_gives_its_line() {
    let text = "A line of a rather long privacy policy, with café.\n".repeat(40_000);
    let source = FileSource::new("big.md", &text).with_window(88);
    for i in [0, 13, 2_000] {
        let offset = text.len() - 1 - i * (text.len() / 40_000);
        let c = source.read_span(&(offset, 1).into(), 1, 1).unwrap();
        // One line of context before: `data` starts a line earlier.
        assert_eq!(c.line(), 40_000 - 1 - i - 1, "{i}");
    }
}

#[test]
fn a_span_longer_than_the_window_is_labelled_on_the_part_shown() {
    let text = "x".repeat(10_000);
    let source = FileSource::new("t", &text).with_window(40);
    assert_eq!(source.label_range(0..10_000), Some(0..40));
    assert_eq!(source.label_range(0..40), Some(0..40));
    // Without a window, the whole span.
    let whole = FileSource::new("t", &text);
    assert_eq!(whole.label_range(0..10_000), Some(0..10_000));
    // A short span is left as it is.
    assert_eq!(source.label_range(5..9), Some(5..9));
}
