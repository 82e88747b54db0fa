//! Suppression directives written in a policy:
//!
//! ```text
//! <!-- clauselint-disable-file minors -- the service is not offered to children -->
//! <!-- clauselint-disable retention -- reason --> ... <!-- clauselint-enable retention -->
//! <!-- clauselint-disable-next-line contact-point -->
//! ```
//!
//! In Markdown and HTML they are HTML comments; in plain text the same
//! directives stand on a line of their own, with or without the comment
//! markers. This module only finds and parses them; the engine applies them.

use std::ops::Range;

use super::Format;

/// What a directive does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveKind {
    /// Disables rules from here to a matching `enable` (or the end).
    Disable,
    Enable,
    /// Disables rules on the next line with text.
    DisableNextLine,
    /// Disables rules in the whole file.
    DisableFile,
}

impl DirectiveKind {
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Disable => "clauselint-disable",
            Self::Enable => "clauselint-enable",
            Self::DisableNextLine => "clauselint-disable-next-line",
            Self::DisableFile => "clauselint-disable-file",
        }
    }
}

/// A directive, with decoded-source ranges for its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// `None` for an unknown `clauselint-...` keyword.
    pub kind: Option<DirectiveKind>,
    /// The keyword as written.
    pub keyword: String,
    /// Rule ids named, each with its range.
    pub rules: Vec<(String, Range<usize>)>,
    /// The text after ` -- `, if any.
    pub reason: Option<String>,
    /// The whole directive (the comment, or the line in plain text).
    pub range: Range<usize>,
}

const PREFIX: &str = "clauselint-";

/// Finds every directive in `source`.
pub fn find(source: &str, format: Format) -> Vec<Directive> {
    let mut found = Vec::new();
    for (at, _) in source.match_indices(PREFIX) {
        if let Some(directive) = directive_at(source, at, format) {
            found.push(directive);
        }
    }
    found
}

/// Whether a trimmed line of plain text is a directive (and so no text).
pub fn is_directive_line(trimmed: &str) -> bool {
    let body = trimmed
        .strip_prefix("<!--")
        .map_or(trimmed, str::trim_start);
    body.starts_with(PREFIX)
}

/// The directive whose keyword starts at `at`, if it stands where
/// directives may: inside an HTML comment, or (plain text) alone on a line.
fn directive_at(source: &str, at: usize, format: Format) -> Option<Directive> {
    let before = source.get(..at)?;
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let lead = source.get(line_start..at)?;
    if let Some(open) = before
        .rfind("<!--")
        .filter(|&o| before[o + 4..].trim().is_empty())
    {
        let close = source.get(at..)?.find("-->").map(|c| at + c)?;
        let body = source.get(at..close)?;
        return Some(parse(source, at, body, open..close + 3));
    }
    if format == Format::Text && lead.trim().is_empty() {
        let line_end = source
            .get(at..)?
            .find(['\n', '\r'])
            .map_or(source.len(), |e| at + e);
        let body = source.get(at..line_end)?.trim_end();
        return Some(parse(source, at, body, line_start..at + body.len()));
    }
    None
}

/// Parses `clauselint-KIND rule, rule -- reason` starting at `at`.
fn parse(source: &str, at: usize, body: &str, range: Range<usize>) -> Directive {
    let keyword_len = body.find(char::is_whitespace).unwrap_or(body.len());
    let keyword = body[..keyword_len].to_owned();
    let kind = [
        DirectiveKind::DisableNextLine,
        DirectiveKind::DisableFile,
        DirectiveKind::Disable,
        DirectiveKind::Enable,
    ]
    .into_iter()
    .find(|k| k.keyword() == keyword);
    let rest = &body[keyword_len..];
    let (list, reason) = match rest.find(" --") {
        Some(i) => (
            &rest[..i],
            Some(rest[i + 3..].trim().to_owned()).filter(|r| !r.is_empty()),
        ),
        None => (rest, None),
    };
    let list_start = at + keyword_len;
    let mut rules = Vec::new();
    let mut offset = 0;
    for piece in list.split(|c: char| c == ',' || c.is_whitespace()) {
        if !piece.is_empty() {
            let start = list_start + offset;
            rules.push((piece.to_owned(), start..start + piece.len()));
        }
        offset += piece.len() + 1;
    }
    debug_assert!(
        rules
            .iter()
            .all(|(id, r)| source.get(r.clone()) == Some(id.as_str()))
    );
    Directive {
        kind,
        keyword,
        rules,
        reason,
        range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_comment_directives_with_rules_and_reasons() {
        let src = "# P\n\n<!-- clauselint-disable-file minors, retention -- not for children -->\nText.\n";
        let found = find(src, Format::Markdown);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.kind, Some(DirectiveKind::DisableFile));
        let ids: Vec<&str> = d.rules.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["minors", "retention"]);
        for (id, r) in &d.rules {
            assert_eq!(&src[r.clone()], id);
        }
        assert_eq!(d.reason.as_deref(), Some("not for children"));
        assert!(src[d.range.clone()].starts_with("<!--") && src[d.range.clone()].ends_with("-->"));
    }

    #[test]
    fn every_kind_is_recognised_and_unknown_keywords_are_kept() {
        let src = "<!--clauselint-disable a-->x<!-- clauselint-enable a -->\n<!-- clauselint-disable-next-line b -->\n<!-- clauselint-disabel c -->";
        let kinds: Vec<_> = find(src, Format::Html)
            .into_iter()
            .map(|d| (d.kind, d.keyword))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (
                    Some(DirectiveKind::Disable),
                    "clauselint-disable".to_owned()
                ),
                (Some(DirectiveKind::Enable), "clauselint-enable".to_owned()),
                (
                    Some(DirectiveKind::DisableNextLine),
                    "clauselint-disable-next-line".to_owned()
                ),
                (None, "clauselint-disabel".to_owned()),
            ]
        );
    }

    #[test]
    fn plain_text_directives_stand_on_their_own_line() {
        let src = "Policy\n  clauselint-disable-file minors -- adults only\nWe mention clauselint-disable minors in prose.\n";
        let found = find(src, Format::Text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &src[found[0].range.clone()],
            "  clauselint-disable-file minors -- adults only"
        );
        assert!(is_directive_line("clauselint-disable x"));
        assert!(is_directive_line("<!-- clauselint-enable x -->"));
        assert!(!is_directive_line("We use clauselint."));
    }

    #[test]
    fn text_in_markdown_prose_is_not_a_directive_and_no_rules_is_kept_empty() {
        assert!(find("Run clauselint-disable to ...", Format::Markdown).is_empty());
        let d = &find("<!-- clauselint-disable-file -->", Format::Markdown)[0];
        assert!(d.rules.is_empty());
        assert!(find("<!-- clauselint-disable-file x", Format::Html).is_empty());
    }
}
