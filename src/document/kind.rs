//! What kind of document a file is: a privacy notice (judged by the clause
//! rules) or another legal text kept beside it (terms of use, an
//! acceptable-use policy, a legal notice, a README), which is not.
//!
//! Legal-docs repositories keep all of these side by side, and judging terms
//! of use as a privacy notice buries the real findings under false ones. The
//! decision reads, in order: front matter `clauselint:`, a README-like file
//! name, the title, the file name, the headings (but a privacy section of a
//! text that names itself terms of use is only a section), then the text.
//! The configuration (`[[documents]]`) overrides all of it.

use std::path::Path;

use super::language::is_cjk;
use super::{BlockKind, Content, FrontMatter};

/// The kinds of document clauselint tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// A privacy notice, privacy policy, data protection or cookie notice.
    PrivacyNotice,
    /// Terms of use or service, conditions, a licence agreement.
    TermsOfUse,
    /// An acceptable-use, content or community policy, a code of conduct.
    ContentPolicy,
    /// An imprint (Impressum) or legal notice.
    LegalNotice,
    /// Anything else: a README, a changelog.
    Other,
}

impl DocumentKind {
    pub const NAMES: &'static [&'static str] = &[
        "privacy-notice",
        "terms-of-use",
        "content-policy",
        "legal-notice",
        "other",
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::PrivacyNotice => "privacy-notice",
            Self::TermsOfUse => "terms-of-use",
            Self::ContentPolicy => "content-policy",
            Self::LegalNotice => "legal-notice",
            Self::Other => "other",
        }
    }

    /// How people call it, for sentences.
    pub fn describe(self) -> &'static str {
        match self {
            Self::PrivacyNotice => "privacy notice",
            Self::TermsOfUse => "terms of use",
            Self::ContentPolicy => "content policy",
            Self::LegalNotice => "legal notice",
            Self::Other => "other document",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::PrivacyNotice,
            Self::TermsOfUse,
            Self::ContentPolicy,
            Self::LegalNotice,
            Self::Other,
        ]
        .into_iter()
        .find(|k| k.name() == name.trim())
    }
}

/// A document's kind and the reason, in words, for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindVerdict {
    pub kind: DocumentKind,
    /// "its title, \"Terms of Use\"", "front matter `clauselint: ...`".
    pub reason: String,
}

/// Words that make a title, file name or heading a privacy notice's.
const PRIVACY_WORDS: &[&str] = &[
    "privacy",
    "data protection",
    "personal data",
    "personal information",
    "private data",
    "personally identifiable",
    "cookie",
    "cookies",
    "gdpr",
    "datenschutz",
    "datenschutzerklärung",
    "confidentialité",
    "données personnelles",
    "privacidad",
    "privacidade",
    "datos personales",
    "dados pessoais",
    "riservatezza",
    "privacyverklaring",
    "persoonsgegevens",
    "prywatności",
    "dane osobowe",
    "プライバシー",
    "個人情報",
    "隐私",
    "隱私",
    "개인정보",
];

/// Title words of the other kinds.
const OTHER_WORDS: &[(&str, DocumentKind)] = &[
    ("terms", DocumentKind::TermsOfUse),
    ("conditions", DocumentKind::TermsOfUse),
    ("terms of service", DocumentKind::TermsOfUse),
    ("eula", DocumentKind::TermsOfUse),
    ("license agreement", DocumentKind::TermsOfUse),
    ("licence agreement", DocumentKind::TermsOfUse),
    ("nutzungsbedingungen", DocumentKind::TermsOfUse),
    ("geschäftsbedingungen", DocumentKind::TermsOfUse),
    ("agb", DocumentKind::TermsOfUse),
    ("conditions générales", DocumentKind::TermsOfUse),
    ("conditions d'utilisation", DocumentKind::TermsOfUse),
    ("términos", DocumentKind::TermsOfUse),
    ("condiciones", DocumentKind::TermsOfUse),
    ("termos", DocumentKind::TermsOfUse),
    ("condizioni", DocumentKind::TermsOfUse),
    ("voorwaarden", DocumentKind::TermsOfUse),
    ("regulamin", DocumentKind::TermsOfUse),
    ("利用規約", DocumentKind::TermsOfUse),
    ("acceptable use", DocumentKind::ContentPolicy),
    ("acceptable-use", DocumentKind::ContentPolicy),
    ("content policy", DocumentKind::ContentPolicy),
    ("community guidelines", DocumentKind::ContentPolicy),
    ("code of conduct", DocumentKind::ContentPolicy),
    ("usage policy", DocumentKind::ContentPolicy),
    ("impressum", DocumentKind::LegalNotice),
    ("imprint", DocumentKind::LegalNotice),
    ("legal notice", DocumentKind::LegalNotice),
    ("mentions légales", DocumentKind::LegalNotice),
    ("aviso legal", DocumentKind::LegalNotice),
];

/// File names that are never privacy notices, whatever they mention.
const OTHER_FILES: &[&str] = &[
    "readme",
    "changelog",
    "changes",
    "contributing",
    "license",
    "licence",
    "code_of_conduct",
    "code-of-conduct",
    "security",
    "authors",
    "history",
];

/// File-name words of the other kinds (`tos.md`, `aup.html`).
const OTHER_FILE_WORDS: &[(&str, DocumentKind)] = &[
    ("terms", DocumentKind::TermsOfUse),
    ("tos", DocumentKind::TermsOfUse),
    ("eula", DocumentKind::TermsOfUse),
    ("conditions", DocumentKind::TermsOfUse),
    ("agb", DocumentKind::TermsOfUse),
    ("aup", DocumentKind::ContentPolicy),
    ("conduct", DocumentKind::ContentPolicy),
    ("guidelines", DocumentKind::ContentPolicy),
    ("impressum", DocumentKind::LegalNotice),
    ("imprint", DocumentKind::LegalNotice),
];

/// Words that, with others, make a text one about personal data: a short
/// notice may say only "we do not collect any data" or "the app uses
/// analytics".
const DATA_WORDS: &[&str] = &[
    "data",
    "collect",
    "collected",
    "collects",
    "track",
    "tracks",
    "tracking",
    "analytics",
    "ip address",
    "ip addresses",
    "email address",
];

/// A text with this many privacy or data words is about personal data.
const BODY_MENTIONS: usize = 2;

/// A first line up to this long can be a title.
const TITLE_CHARS: usize = 80;

/// Only the start of a long text is read for mentions.
const BODY_BYTES: usize = 8 * 1024;

/// Decides what kind of document this is.
pub fn classify(
    path: &Path,
    front_matter: Option<&FrontMatter>,
    title: Option<&str>,
    content: &Content,
) -> KindVerdict {
    let verdict = |kind, reason: String| KindVerdict { kind, reason };
    let declared = front_matter.and_then(|fm| fm.get_str("clauselint"));
    if let Some((value, kind)) = declared.and_then(|v| DocumentKind::from_name(v).map(|k| (v, k))) {
        return verdict(kind, format!("front matter `clauselint: {value}`"));
    }
    // A README or a changelog is documentation, whatever its title says
    // ("Privacy policies of this project").
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_lowercase();
    let base = name.split('.').next().unwrap_or("");
    if OTHER_FILES.contains(&base) {
        return verdict(DocumentKind::Other, format!("its file name, {name:?}"));
    }
    // Without a declared title, a short first line says what the document
    // is when it names privacy ("Privacy Policy" over a plain-text policy);
    // it is not trusted to name another kind: it may be a navigation line.
    // A saved web page often starts with its own address; that is no title,
    // and its words ("/privacy-policy/", "/terms-and-privacy/") only say what
    // the page was meant to be: a landing page may sit at that address, and
    // one address often serves the terms and the privacy notice together.
    // The page's headings and text decide.
    let first_block = (content.blocks.first()).and_then(|b| content.text.get(b.range.clone()));
    let page_address = first_block
        .and_then(|t| t.split_whitespace().next())
        .filter(|t| is_page_address(t));
    let first_line =
        first_block.filter(|t| page_address.is_none() && t.chars().count() <= TITLE_CHARS);
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    for (line, trusted) in [(title, true), (first_line.map(str::trim), false)] {
        let Some(line) = line else { continue };
        let lower = line.to_lowercase();
        if names_privacy(&lower) {
            let what = if trusted {
                "its title"
            } else {
                "its first line"
            };
            return verdict(DocumentKind::PrivacyNotice, format!("{what}, {line:?}"));
        }
        if let Some(kind) = other_kind(&lower, OTHER_WORDS).filter(|_| trusted) {
            // A site's page title is often one template for every legal
            // page ("Acme Legal – Terms & Policies"); the page's own first
            // heading says better what it is.
            if let Some(h1) = first_heading(content).filter(|h| names_privacy(&h.to_lowercase())) {
                return verdict(
                    DocumentKind::PrivacyNotice,
                    format!("its first heading, {h1:?}"),
                );
            }
            return verdict(kind, format!("its title, {line:?}"));
        }
    }
    let name_words = name.replace(['-', '_', '.'], " ");
    if names_privacy(&name_words) || name_words.split(' ').any(|w| w == "dsgvo") {
        return verdict(
            DocumentKind::PrivacyNotice,
            format!("its file name, {name:?}"),
        );
    }
    if let Some(kind) = other_kind(&name_words, OTHER_FILE_WORDS) {
        return verdict(kind, format!("its file name, {name:?}"));
    }

    let body = lowered(&content.text, 0, BODY_BYTES);
    // Terms of use mention personal data and the privacy policy too; they
    // name themselves far more often than they name privacy, and often
    // give privacy a section of its own ("8. Privacy"): a privacy heading
    // decides against such a text only when it comes first.
    let about_terms = is_about_terms(&body);
    let mut headings = (content.blocks.iter())
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .filter_map(|b| Some((content.text.get(b.range.clone())?, b.range.end)))
        .enumerate();
    let heading = headings.find(|(i, (h, end))| {
        (*i == 0 || !about_terms) && names_privacy(&h.to_lowercase()) && says_more(content, *end)
    });
    if let Some((_, (heading, _))) = heading {
        return verdict(
            DocumentKind::PrivacyNotice,
            format!("its heading {heading:?}"),
        );
    }
    if about_terms {
        return verdict(
            DocumentKind::TermsOfUse,
            "its text, which names itself terms of use far more often than it names privacy"
                .to_owned(),
        );
    }
    // Most texts say "privacy" early: stop counting at the threshold.
    if mentions(&body).nth(BODY_MENTIONS - 1).is_some() {
        return verdict(
            DocumentKind::PrivacyNotice,
            "its text, which is about privacy and personal data".to_owned(),
        );
    }
    verdict(
        DocumentKind::Other,
        "neither its title, its file name, its headings nor its text says it is a privacy notice"
            .to_owned(),
    )
}

/// Whether the text after a heading (ending at `from`) speaks of privacy
/// or personal data: a page's footer link "Privacy Policy", read as a
/// heading, is followed by "Sitemap" and a copyright line.
fn says_more(content: &Content, from: usize) -> bool {
    const AFTER: usize = 4 * 1024;
    let after = lowered(&content.text, from, AFTER);
    mentions(&after).nth(BODY_MENTIONS - 1).is_some()
}

/// Up to `len` bytes of `text` from `from`, cut at a character boundary,
/// lower-cased.
fn lowered(text: &str, from: usize, len: usize) -> String {
    let mut end = text.len().min(from + len);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(from..end).unwrap_or_default().to_lowercase()
}

/// A web address: `https://acme.test/privacy/`.
fn is_page_address(word: &str) -> bool {
    word.starts_with("http://") || word.starts_with("https://") || word.starts_with("www.")
}

/// How terms of use name themselves in their text.
const TERMS_PHRASES: &[&str] = &[
    "terms of use",
    "terms of service",
    "terms and conditions",
    "conditions of use",
    "these terms",
    "this agreement",
    "user agreement",
    "license agreement",
    "licence agreement",
];

/// A text (lower-cased) that names terms at least three times and at least
/// twice as often as it says "privacy": a page of terms that mentions the
/// privacy policy, not a privacy notice that mentions the terms.
fn is_about_terms(body: &str) -> bool {
    let terms: usize = (TERMS_PHRASES.iter())
        .map(|p| word_matches(body, p).count())
        .sum();
    if terms < 3 {
        return false;
    }
    let privacy = word_matches(body, "privacy").count();
    terms >= 2 * privacy.max(1)
}

/// The text of the first level-1 heading.
fn first_heading(content: &Content) -> Option<&str> {
    let h1 = (content.blocks.iter()).find(|b| b.kind == BlockKind::Heading(1))?;
    content.text.get(h1.range.clone())
}

/// Whether `hay` (lower-cased) names privacy: any privacy word in it, not
/// only the first word of the automaton found ("Data Protection Terms"
/// finds "data" first).
fn names_privacy(hay: &str) -> bool {
    mentions(hay).any(|(privacy, _)| privacy)
}

/// The privacy and data words in a lower-cased text, as whole words, in
/// one pass: whether each is a privacy word (else a data word).
fn mentions(hay: &str) -> impl Iterator<Item = (bool, usize)> + '_ {
    static WORDS: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    let automaton = WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::new(PRIVACY_WORDS.iter().chain(DATA_WORDS)).ok()
    });
    (automaton.iter())
        .flat_map(move |ac| ac.find_overlapping_iter(hay))
        .filter(move |m| is_whole_word(hay, m.range()))
        .map(|m| (m.pattern().as_usize() < PRIVACY_WORDS.len(), m.start()))
}

fn other_kind(hay: &str, words: &[(&str, DocumentKind)]) -> Option<DocumentKind> {
    words
        .iter()
        .find(|(w, _)| has_word(hay, w))
        .map(|(_, kind)| *kind)
}

/// Whether `needle` occurs in `hay` as a word: not inside a longer Latin
/// word ("agb" is not in "tagbook"). Scripts without spaces (Japanese,
/// Chinese) have no word boundaries to check.
fn has_word(hay: &str, needle: &str) -> bool {
    word_matches(hay, needle).next().is_some()
}

fn word_matches<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    hay.match_indices(needle)
        .map(|(at, _)| at)
        .filter(move |&at| is_whole_word(hay, at..at + needle.len()))
}

/// Whether `hay[range]` stands as a word: not inside a longer Latin word.
/// Scripts without spaces (Japanese, Chinese) have no word boundaries.
fn is_whole_word(hay: &str, range: std::ops::Range<usize>) -> bool {
    let is_word = |c: char| c.is_alphanumeric() && !is_cjk(c);
    let word = &hay[range.clone()];
    let before = hay[..range.start].chars().next_back();
    let after = hay[range.end..].chars().next();
    let first = word.chars().next().is_some_and(is_word);
    let last = word.chars().next_back().is_some_and(is_word);
    !(first && before.is_some_and(is_word) || last && after.is_some_and(is_word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    fn kind(path: &str, text: &str) -> KindVerdict {
        let format = Format::from_path(Path::new(path)).unwrap_or(Format::Text);
        Document::from_text(Path::new(path), format, text)
            .unwrap()
            .kind
    }

    #[test]
    fn the_title_decides_first() {
        let terms = kind(
            "legal/x.md",
            "---\ntitle: Terms of Use\n---\n\nWe process personal data. Privacy! Privacy!\n",
        );
        assert_eq!(terms.kind, DocumentKind::TermsOfUse);
        assert_eq!(terms.reason, "its title, \"Terms of Use\"");
        let both = kind("x.md", "# Terms of Service and Privacy Policy\n\nText.\n");
        assert_eq!(both.kind, DocumentKind::PrivacyNotice);
        let de = kind("x.md", "# Datenschutzerklärung\n\nText.\n");
        assert_eq!(de.kind, DocumentKind::PrivacyNotice);
        // A title that starts with a data word still names privacy.
        let dp = kind("x.md", "# Data Protection Terms\n\nText.\n");
        assert_eq!(dp.kind, DocumentKind::PrivacyNotice);
        // A site-wide page title naming terms gives way to the page's own
        // first heading naming privacy.
        let page = kind(
            "x.html",
            "<title>Acme Legal &ndash; Terms &amp; Policies</title><h1>Privacy Policy</h1><p>Text.</p>",
        );
        assert_eq!(page.kind, DocumentKind::PrivacyNotice);
        assert_eq!(page.reason, "its first heading, \"Privacy Policy\"");
        let ja = kind("x.md", "# 利用規約\n\n本規約は...\n");
        assert_eq!(ja.kind, DocumentKind::TermsOfUse);
    }

    #[test]
    fn then_the_file_name_headings_and_text() {
        kind_is("docs/privacy.md", "Hello.\n", DocumentKind::PrivacyNotice);
        kind_is("docs/tos.md", "Hello.\n", DocumentKind::TermsOfUse);
        kind_is(
            "README.md",
            "# Legal docs\n\nThe privacy notice is in privacy.md. Privacy, privacy.\n",
            DocumentKind::Other,
        );
        // Whatever its title says.
        kind_is(
            "README.md",
            "# Privacy policies of our apps\n\nSee privacy.md.\n",
            DocumentKind::Other,
        );
        markdown_kind(
            "# Acme\n\n## Your personal data\n\nText.\n",
            DocumentKind::PrivacyNotice,
        );
        kind_is(
            "x.txt",
            "Acme\n\nWe protect your privacy. Personal information is ours. Cookies too.\n",
            DocumentKind::PrivacyNotice,
        );
        kind_is(
            "x.txt",
            "Acme\n\nOur shop sells bread and cakes.\n",
            DocumentKind::Other,
        );
        // Untitled terms name themselves far more often than privacy; a
        // notice that mentions the terms stays a notice.
        kind_is(
            "x.txt",
            "Home\n\nPlease read these terms and conditions. By using the site you accept these terms and this agreement, and our privacy policy. We may change these terms.\n",
            DocumentKind::TermsOfUse,
        );
        kind_is(
            "x.txt",
            "Home\n\nThis privacy notice explains how we use personal data. Our terms of use and these terms of service govern the site; this privacy notice covers your privacy.\n",
            DocumentKind::PrivacyNotice,
        );
        // A saved page's own address is no title: the page at a privacy
        // address may be a landing page; the text decides.
        for (text, expected) in [
            (
                "https://acme.test/privacy.html\nAcme\n\nThe go-to source for fresh bread.\n",
                DocumentKind::Other,
            ),
            (
                "https://acme.test/terms-of-service\nHome\n\nWe protect your privacy and your personal data.\n",
                DocumentKind::PrivacyNotice,
            ),
            (
                "https://acme.test/privacy\nWe collect your personal data and protect your privacy.\n",
                DocumentKind::PrivacyNotice,
            ),
        ] {
            kind_is("x.txt", text, expected);
        }
    }

    /// The verdict on a Markdown text, which must be of kind `expected`.
    fn markdown_kind(text: &str, expected: DocumentKind) -> KindVerdict {
        kind_is("x.md", text, expected)
    }

    /// The verdict on `text` at `path`, which must be of kind `expected`.
    fn kind_is(path: &str, text: &str, expected: DocumentKind) -> KindVerdict {
        let verdict = kind(path, text);
        assert_eq!(verdict.kind, expected, "{text:?}: {}", verdict.reason);
        verdict
    }

    #[test]
    fn a_privacy_section_of_terms_of_use_does_not_make_a_notice() {
        let terms = "# Acme\n\n## Acceptance\n\nBy using the site you accept these terms and this agreement. These terms may change, and the terms of use bind every user.\n\n## 8. Privacy\n\nOur privacy policy describes how we use your data.\n";
        markdown_kind(terms, DocumentKind::TermsOfUse);
        // The same headings in a notice that says "these terms" as often:
        // its first heading names privacy, and decides.
        let notice = "# Privacy\n\n## Acceptance\n\nBy using the site you accept these terms and this agreement. These terms may change.\n\n## Your data\n\nWe collect your email address.\n";
        markdown_kind(notice, DocumentKind::PrivacyNotice);
        // Nor is a text that seldom names terms turned into terms.
        let few =
            "# Acme\n\n## Terms\n\nSee these terms.\n\n## Privacy\n\nWe keep your data safe.\n";
        assert_eq!(kind("x.md", few).kind, DocumentKind::PrivacyNotice);
    }

    #[test]
    fn a_privacy_heading_must_head_text_about_privacy() {
        // A page's footer link, read as a heading: nothing about data follows.
        let page = "# Sleep disorders\n\nSleep apnea is common and can be treated by our doctors.\n\n## Privacy Policy\n\nSitemap\n\n## Accessibility\n\nCopyright 2026 Acme Health.\n";
        markdown_kind(page, DocumentKind::Other);
        // A notice's heading heads its text.
        let notice = "# Acme\n\n## Privacy Policy\n\nWe collect your email address and keep your personal data safe.\n";
        let x = markdown_kind(notice, DocumentKind::PrivacyNotice);
        assert!(x.reason.contains("heading"), "{}", x.reason);
    }

    #[test]
    fn front_matter_overrides_the_guess() {
        let x = kind(
            "terms.md",
            "---\nclauselint: privacy-notice\ntitle: Terms\n---\n\nText.\n",
        );
        assert_eq!(x.kind, DocumentKind::PrivacyNotice);
        assert_eq!(x.reason, "front matter `clauselint: privacy-notice`");
    }

    #[test]
    fn words_are_whole_words() {
        assert!(has_word("our agb", "agb"));
        assert!(!has_word("tagbook", "agb"));
        assert!(has_word("ご利用規約について", "利用規約"));
    }
}
