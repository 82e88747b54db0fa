//! Which language a document is written in: identified from its text with
//! whatlang, and compared with the language the document declares (front
//! matter, `<html lang>`, a `.ja.md` suffix, a `ja/` locale folder).
//!
//! The text decides when it is clear: a German title over an English body is
//! an English document, and a `lang: en` page whose body is Spanish is a
//! Spanish one. A declaration decides when the text is too short or too
//! mixed to tell. When neither can tell, the language is unknown, and the
//! document is not judged (never judged by guess).

use std::path::Path;

use whatlang::{Detector, Lang};

use super::{BlockKind, Content};

/// At most this much prose is sampled: identification costs a fixed
/// amount per call plus little per byte, and a kilobyte of sentences is
/// plenty for a trigram model.
const SAMPLE_BYTES: usize = 1024;

/// The second, longer sample read when the first leaves the detector unsure.
const LONG_SAMPLE_BYTES: usize = 16 * 1024;

/// Blocks shorter than this are left out of the sample while longer ones
/// exist: menus, headings and link lists say little about the language.
const PROSE_BLOCK_CHARS: usize = 60;

/// Below this many letters the text alone never decides.
const MIN_LETTERS: usize = 40;

/// Confidence (whatlang's, 0 to 1) above which the text decides.
const CONFIDENT: f64 = 0.5;

/// Where a declared language was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclaredBy {
    /// Front matter `lang`, `language` or `locale`.
    FrontMatter,
    /// `<html lang>` (or another element's `lang`).
    HtmlLang,
    /// A file name suffix: `privacy.ja.md`.
    FileSuffix,
    /// A folder named for a locale: `ja/privacy.md`, `content/de/...`.
    LocaleFolder,
    /// The configuration or the caller (rule examples).
    Assumed,
}

impl DeclaredBy {
    pub fn describe(self) -> &'static str {
        match self {
            Self::FrontMatter => "front matter",
            Self::HtmlLang => "<html lang>",
            Self::FileSuffix => "file name",
            Self::LocaleFolder => "locale folder",
            Self::Assumed => "configuration",
        }
    }
}

/// A language a document declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    /// The tag as written (`de-DE`, `ja`).
    pub tag: String,
    pub by: DeclaredBy,
}

/// What the language identifier read from the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Detected {
    /// ISO 639-1 code where there is one (`en`), else ISO 639-3.
    pub code: &'static str,
    pub name: &'static str,
    pub confidence: f64,
    /// The text was short for the model (a few sentences).
    pub short: bool,
}

/// The language a document is judged in, and how it was decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Language {
    /// Primary language subtag, lower case (`en`, `ja`); `None` when it
    /// could not be told.
    pub code: Option<String>,
    pub declared: Option<Declared>,
    pub detected: Option<Detected>,
    /// Said to the user: a declaration the text contradicts, or why the
    /// language is unknown.
    pub note: Option<String>,
    /// For a document in two scripts (an English and a Japanese version in
    /// one file): its sections by language, in order. Empty otherwise.
    pub regions: Vec<Region>,
}

/// A run of blocks in one language, in a bilingual document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// A range of the content text.
    pub range: std::ops::Range<usize>,
    pub code: String,
}

impl Language {
    /// The languages of the document: its regions', or its own.
    pub fn codes(&self) -> Vec<&str> {
        if self.regions.is_empty() {
            return self.code.as_deref().into_iter().collect();
        }
        let mut codes: Vec<&str> = Vec::new();
        for region in &self.regions {
            if !codes.contains(&region.code.as_str()) {
                codes.push(&region.code);
            }
        }
        codes
    }
}

impl Language {
    /// A language taken as given, without reading the text (rule examples).
    pub fn assumed(code: &str) -> Self {
        Self {
            code: Some(primary_subtag(code)),
            declared: Some(Declared {
                tag: code.to_owned(),
                by: DeclaredBy::Assumed,
            }),
            detected: None,
            note: None,
            regions: Vec::new(),
        }
    }
}

/// The primary subtag of a language tag, lower case: `en-US` and `en_GB`
/// are both `en`.
pub fn primary_subtag(tag: &str) -> String {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase();
    // A three-letter code where a two-letter one exists (`eng`, `deu`):
    // the rules are written with the two-letter ones.
    match ISO639_1.iter().find(|(three, _)| *three == primary) {
        Some((_, two)) => (*two).to_owned(),
        None => primary,
    }
}

/// The language a value written by a user names, as a tag: a tag as it is
/// (`de-DE`, `eng`), or a name in English (`German`); `None` for anything
/// else.
pub fn parse_declared(value: &str) -> Option<String> {
    let value = value.trim();
    if is_language_tag(value) {
        Some(value.to_owned())
    } else {
        code_for_name(value).map(str::to_owned)
    }
}

/// Decides the language of `content`, given what the document declares
/// inside (front matter, `<html lang>`) and what its path says.
pub fn identify(
    content: &Content,
    inside: Option<String>,
    inside_by: DeclaredBy,
    path: &Path,
) -> Language {
    let declared = (inside.as_deref())
        .and_then(parse_declared)
        .map(|tag| Declared { tag, by: inside_by })
        .or_else(|| declared_by_path(path));
    let detected = detect(content);
    let declared_code = declared.as_ref().map(|d| primary_subtag(&d.tag));
    let mut language = decide(declared, detected, declared_code);
    language.regions = script_regions(content);
    if let Some(main) = language.regions.iter().max_by_key(|r| r.range.len()) {
        // The text has spoken for each script: the longest part is the
        // document's language.
        language.code = Some(main.code.clone());
        language.note = None;
    }
    language
}

fn decide(
    declared: Option<Declared>,
    detected: Option<Detected>,
    declared_code: Option<String>,
) -> Language {
    match (&detected, declared_code) {
        (Some(d), Some(code)) if d.confidence >= CONFIDENT && d.code != code => {
            let by = declared.as_ref().map_or("", |d| d.by.describe());
            let note = format!(
                "declared as `{}` ({by}) but the text reads as {} ({}); judged as {}",
                declared.as_ref().map_or("", |d| d.tag.as_str()),
                d.name,
                d.code,
                d.code
            );
            Language {
                code: Some(d.code.to_owned()),
                note: Some(note),
                declared,
                detected,
                regions: Vec::new(),
            }
        }
        (_, Some(code)) => Language {
            code: Some(code),
            declared,
            detected,
            note: None,
            regions: Vec::new(),
        },
        (Some(d), None) if d.confidence >= CONFIDENT => Language {
            code: Some(d.code.to_owned()),
            declared,
            detected,
            note: None,
            regions: Vec::new(),
        },
        (_, None) => Language {
            code: None,
            note: Some(match &detected {
                Some(d) if d.short => "the text is too short to tell its language reliably, and the document declares none (front matter `lang`, `<html lang>`, a `.xx.md` suffix or a locale folder)".to_owned(),
                Some(_) => "the text mixes languages too evenly to tell which it is in, and the document declares none (front matter `lang`, `<html lang>`, a `.xx.md` suffix or a locale folder)".to_owned(),
                None => "the text is too short to tell its language, and the document declares none (front matter `lang`, `<html lang>`, a `.xx.md` suffix or a locale folder)".to_owned(),
            }),
            declared,
            detected,
            regions: Vec::new(),
        },
    }
}

/// At least this many letters of prose in each script (a CJK character
/// counting as three) make a document bilingual: a Japanese policy quoting
/// an English company name is not.
const MIN_SCRIPT_CHARS: usize = 200;

/// The language regions of a document written in two scripts: runs of
/// blocks in CJK script and in Latin script, each identified on its own.
/// Empty for a document in one script.
fn script_regions(content: &Content) -> Vec<Region> {
    // Most documents have no CJK character at all: CJK scripts are encoded
    // with lead bytes from 0xE3 on.
    // (The largest byte, not the first large one: a loop without an early
    // exit runs at memory speed.)
    if content.text.bytes().fold(0, u8::max) < 0xE3 {
        return Vec::new();
    }
    let mut runs: Vec<(bool, std::ops::Range<usize>, usize)> = Vec::new();
    let (mut cjk_total, mut latin_total) = (0, 0);
    for block in &content.blocks {
        let text = content.text.get(block.range.clone()).unwrap_or("");
        let cjk = text.chars().filter(|c| is_cjk(*c)).count();
        let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
        // Only sentences make a version in a language: product names, URLs
        // and table cells in Latin letters inside a Japanese policy do not.
        if is_prose(text) {
            if cjk * 2 >= latin {
                cjk_total += cjk;
            } else {
                latin_total += latin;
            }
        }
        let letters = cjk + latin;
        let is_cjk_block = match runs.last() {
            // Short blocks (a name, a number) belong to the run they are in.
            Some((last, ..)) if letters < 10 => *last,
            _ => cjk * 2 >= latin,
        };
        match runs.last_mut() {
            Some((script, range, count)) if *script == is_cjk_block => {
                range.end = block.range.end;
                *count += letters;
            }
            _ => runs.push((is_cjk_block, block.range.clone(), letters)),
        }
    }
    if cjk_total * 3 < MIN_SCRIPT_CHARS || latin_total < MIN_SCRIPT_CHARS {
        return Vec::new();
    }
    let sample = |cjk: bool| -> String {
        let mut text = String::new();
        for (_, range, _) in runs.iter().filter(|(s, ..)| *s == cjk) {
            text.push_str(content.text.get(range.clone()).unwrap_or(""));
            text.push('\n');
            if text.len() >= SAMPLE_BYTES * 2 {
                break;
            }
        }
        text
    };
    let code = |cjk: bool| {
        Detector::new()
            .detect(&sample(cjk))
            .filter(|i| i.confidence() >= CONFIDENT)
            .map(|i| iso639_1(i.lang()).to_owned())
    };
    let (Some(cjk_code), Some(latin_code)) = (code(true), code(false)) else {
        return Vec::new();
    };
    runs.into_iter()
        .map(|(cjk, range, _)| Region {
            range,
            code: if cjk {
                cjk_code.clone()
            } else {
                latin_code.clone()
            },
        })
        .collect()
}

/// A kana, kanji, hanzi or hangul character.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

/// Reads the language of the text, from a sample of its prose.
fn detect(content: &Content) -> Option<Detected> {
    let mut sample = prose_sample(content);
    // Japanese text carries Latin words (Cookie, Google Analytics, URLs);
    // whatlang counts kana, kanji and Latin letters as separate scripts,
    // and Latin can outnumber each of them. In CJK text (see `mostly_cjk`)
    // the identifier reads the CJK characters alone.
    if mostly_cjk(&sample) {
        sample.retain(|c| !c.is_ascii_alphabetic());
    }
    // A CJK character carries about as much as a short Latin word.
    let weight = |c: char| match c {
        c if is_cjk(c) => 3,
        c if c.is_alphabetic() => 1,
        _ => 0,
    };
    let letters: usize = sample.chars().map(weight).sum();
    if letters < MIN_LETTERS {
        return None;
    }
    // Most documents linted are in one of a few languages: a detector that
    // knows only those answers in half the time. Anything it is not sure
    // of goes to the full detector, which knows 69 languages.
    let mut info = quick_detector()
        .detect(&sample)
        .filter(|i| i.lang() == Lang::Eng && i.confidence() >= CONFIDENT)
        .or_else(|| Detector::new().detect(&sample))?;
    // Unsure on a kilobyte (web pages carry glued menus and brand names),
    // or sure on too few words: read more of the text before giving up.
    let mut letters = letters;
    let unsure = info.confidence() < CONFIDENT
        || (letters < SHORT_TEXT_LETTERS && info.confidence() < SHORT_TEXT_CONFIDENT);
    if unsure && content.text.len() > sample.len() {
        let mut end = content.text.len().min(LONG_SAMPLE_BYTES);
        while !content.text.is_char_boundary(end) {
            end -= 1;
        }
        let mut longer = content.text[..end].to_owned();
        if mostly_cjk(&longer) {
            longer.retain(|c| !c.is_ascii_alphabetic());
        }
        if let Some(found) = Detector::new().detect(&longer) {
            info = found;
            letters = longer.chars().map(weight).sum();
        }
    }
    // On a few sentences the trigram model is often sure and wrong
    // (policy words such as "information" and "retention" read as French):
    // a short text decides only when the model is very sure.
    let confidence = if letters < SHORT_TEXT_LETTERS && info.confidence() < SHORT_TEXT_CONFIDENT {
        info.confidence().min(CONFIDENT / 2.0)
    } else {
        info.confidence()
    };
    Some(Detected {
        code: iso639_1(info.lang()),
        name: info.lang().eng_name(),
        confidence,
        short: letters < SHORT_TEXT_LETTERS,
    })
}

/// Below this many letters a text is short for the trigram model...
const SHORT_TEXT_LETTERS: usize = 300;

/// ...and decides only with at least this confidence.
const SHORT_TEXT_CONFIDENT: f64 = 0.75;

fn quick_detector() -> &'static Detector {
    static QUICK: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
    QUICK.get_or_init(|| {
        Detector::with_allowlist(vec![
            Lang::Eng,
            Lang::Deu,
            Lang::Fra,
            Lang::Spa,
            Lang::Ita,
            Lang::Por,
            Lang::Nld,
            Lang::Pol,
        ])
    })
}

/// Up to [`SAMPLE_BYTES`] of the document's prose: its longer non-heading
/// blocks first, then anything.
fn prose_sample(content: &Content) -> String {
    let mut sample = String::with_capacity(SAMPLE_BYTES + 64);
    let text = |b: &super::Block| content.text.get(b.range.clone()).unwrap_or("");
    let prose = content
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Heading(_)))
        .filter(|b| is_prose(text(b)));
    let rest = content.blocks.iter().filter(|b| !is_prose(text(b)));
    let mut prose_bytes = None;
    for (block, is_prose_block) in prose.map(|b| (b, true)).chain(rest.map(|b| (b, false))) {
        // Half a sample of prose is enough: the rest of the text (menus,
        // keys, code) would only add noise.
        if !is_prose_block
            && (*prose_bytes.get_or_insert(sample.len()) >= SAMPLE_BYTES / 2 || mostly_cjk(&sample))
        {
            break;
        }
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
        // A share of each block, so that one long block of product names
        // or navigation cannot make the whole sample.
        let text = text(block);
        let mut end = text.len().min(BLOCK_SHARE);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        sample.push_str(&text[..end]);
        sample.push('\n');
    }
    let mut end = sample.len().min(SAMPLE_BYTES);
    while !sample.is_char_boundary(end) {
        end -= 1;
    }
    sample.truncate(end);
    sample
}

/// Whether a block reads as sentences: long enough, and made of words
/// (navigation glued by extraction, "HomeGirlsDressesBoys...", is not).
fn is_prose(text: &str) -> bool {
    // One pass over the bytes, which the compiler vectorises: this runs on
    // every block of a long document. A character is counted by its first
    // byte; only text with a lead byte from 0xE3 on can hold CJK characters,
    // and only that text is decoded.
    let (mut chars, mut spaces, mut top) = (0, 0, 0);
    for &b in text.as_bytes() {
        chars += usize::from(b & 0xC0 != 0x80);
        spaces += usize::from(b == b' ');
        top = top.max(b);
    }
    let cjk = if top >= 0xE3 {
        text.chars().filter(|c| is_cjk(*c)).count()
    } else {
        0
    };
    // Japanese and Chinese sentences have no spaces between words: their
    // characters are the words.
    if cjk * 3 >= chars {
        return cjk >= CJK_PROSE_CHARS;
    }
    let sentence = text.contains(". ") || text.ends_with(['.', '!', '?']);
    chars >= PROSE_BLOCK_CHARS && spaces * WORD_CHARS >= chars && sentence
}

/// Whether `text` is CJK text, Latin names and URLs in it aside: a CJK
/// character carries about what a short Latin word does, so a third as
/// many CJK characters as Latin letters make it so. Japanese sentences are
/// dense: a few make a sample, and the Latin text around them (product
/// names, keys, code) would only outweigh them.
fn mostly_cjk(text: &str) -> bool {
    // Most text has no CJK character (see `is_prose`): one fast pass says so.
    if text.bytes().fold(0, u8::max) < 0xE3 {
        return false;
    }
    let cjk = text.chars().filter(|c| is_cjk(*c)).count();
    cjk >= CJK_PROSE_CHARS && cjk * 3 >= text.chars().filter(|c| c.is_ascii_alphabetic()).count()
}

/// A block of this many CJK characters is a sentence or more.
const CJK_PROSE_CHARS: usize = 20;

/// At most this much of one block goes into the sample.
const BLOCK_SHARE: usize = 256;

/// Prose has a space at least every this many characters on average.
const WORD_CHARS: usize = 12;

/// The language a path declares: a `name.xx.ext` suffix, else the nearest
/// folder named for a locale (`ja`, `de-DE`, `pt_BR`).
pub fn declared_by_path(path: &Path) -> Option<Declared> {
    let suffix = path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|stem| stem.rsplit_once('.'))
        .map(|(_, tag)| tag)
        .filter(|tag| is_locale_name(tag));
    if let Some(tag) = suffix {
        return Some(Declared {
            tag: tag.to_owned(),
            by: DeclaredBy::FileSuffix,
        });
    }
    path.parent()?
        .components()
        .rev()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|name| is_locale_name(name))
        .map(|tag| Declared {
            tag: tag.to_owned(),
            by: DeclaredBy::LocaleFolder,
        })
}

/// Whether a file or folder name is a locale: a known ISO 639-1 code, with
/// an optional region (`de`, `de-DE`, `pt_BR`, `zh-Hans`).
pub fn is_locale_name(name: &str) -> bool {
    let mut parts = name.splitn(2, ['-', '_']);
    let primary = parts.next().unwrap_or("");
    let region_ok = parts
        .next()
        .is_none_or(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()));
    primary.len() == 2
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && region_ok
        && ISO639_1.iter().any(|(_, code)| *code == primary)
}

/// Whether a declared value looks like a language tag at all (a front
/// matter `language: English` is read as a name, below).
fn is_language_tag(tag: &str) -> bool {
    let primary = primary_subtag(tag);
    (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic())
}

/// A front matter value naming a language in English (`English`,
/// `German`) as its ISO 639-1 code.
pub fn code_for_name(value: &str) -> Option<&'static str> {
    let value = value.trim();
    Lang::all()
        .iter()
        .find(|l| l.eng_name().eq_ignore_ascii_case(value))
        .map(|l| iso639_1(*l))
}

/// ISO 639-3 codes of whatlang's languages and their ISO 639-1 codes.
const ISO639_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
    // Codes whatlang does not identify, still read as locale folders.
    ("nor", "no"),
    ("zho", "zh"),
];

fn iso639_1(lang: Lang) -> &'static str {
    let code = lang.code();
    ISO639_1
        .iter()
        .find(|(three, _)| *three == code)
        .map_or(code, |(_, two)| two)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::document::Format;

    fn language(path: &str, format: Format, text: &str) -> Language {
        Document::from_text(Path::new(path), format, text)
            .unwrap()
            .language
    }

    const ENGLISH: &str = "We collect the information you give us when you create an account, \
        and we use it to provide the service, to answer your questions and to keep the \
        service secure. We keep it while your account is open.";
    const GERMAN: &str = "Wir erheben die Daten, die Sie uns bei der Registrierung mitteilen, \
        und verwenden sie, um den Dienst bereitzustellen, Ihre Fragen zu beantworten und \
        den Dienst sicher zu halten. Wir speichern sie, solange Ihr Konto besteht.";

    #[test]
    fn the_text_decides_when_it_is_clear() {
        let en = language("p.txt", Format::Text, ENGLISH);
        assert_eq!(en.code.as_deref(), Some("en"));
        assert!(en.note.is_none());
        let de = language("p.txt", Format::Text, GERMAN);
        assert_eq!(de.code.as_deref(), Some("de"));
    }

    #[test]
    fn a_declaration_the_text_contradicts_is_noted() {
        let src = format!("---\ntitle: Datenschutzerklärung\nlang: de\n---\n\n{ENGLISH}\n");
        let x = language("p.md", Format::Markdown, &src);
        assert_eq!(x.code.as_deref(), Some("en"));
        assert_eq!(x.declared.as_ref().unwrap().by, DeclaredBy::FrontMatter);
        let note = x.note.unwrap();
        assert!(note.contains("declared as `de` (front matter)"), "{note}");
    }

    #[test]
    fn a_declaration_decides_for_short_text() {
        let x = language("ja/p.md", Format::Markdown, "# Hi\n\nOK.\n");
        assert_eq!(x.code.as_deref(), Some("ja"));
        assert_eq!(x.declared.unwrap().by, DeclaredBy::LocaleFolder);
        let x = language("p.txt", Format::Text, "OK.\n");
        assert_eq!(x.code, None);
        assert!(x.note.unwrap().contains("too short"));
    }

    #[test]
    fn paths_declare_by_suffix_then_nearest_locale_folder() {
        let by = |p: &str| declared_by_path(Path::new(p)).map(|d| (d.tag, d.by));
        assert_eq!(
            by("site/privacy.ja.md"),
            Some(("ja".into(), DeclaredBy::FileSuffix))
        );
        assert_eq!(
            by("content/de/legal/privacy.md"),
            Some(("de".into(), DeclaredBy::LocaleFolder))
        );
        assert_eq!(
            by("docs/pt_BR/privacy.md"),
            Some(("pt_BR".into(), DeclaredBy::LocaleFolder))
        );
        // Folder and file names that are not locales.
        assert_eq!(by("docs/legal/privacy.md"), None);
        assert_eq!(by("policies/privacy.v2.md"), None);
        assert_eq!(by("xx/privacy.md"), None);
    }

    #[test]
    fn three_letter_codes_read_as_two_letter_ones() {
        assert_eq!(primary_subtag("eng"), "en");
        assert_eq!(primary_subtag("deu-DE"), "de");
        assert_eq!(primary_subtag("en-GB"), "en");
        assert_eq!(parse_declared("English").as_deref(), Some("en"));
        assert_eq!(parse_declared("Englsh"), None);
        assert_eq!(parse_declared(""), None);
    }

    #[test]
    fn language_names_read_as_codes() {
        assert_eq!(code_for_name("German"), Some("de"));
        assert_eq!(code_for_name("english"), Some("en"));
        assert_eq!(code_for_name("Klingon"), None);
    }

    #[test]
    fn a_document_in_two_scripts_has_a_region_per_language() {
        let japanese = "当社は、お客様の個人情報を、利用目的の達成に必要な範囲で取り扱います。\
            個人情報は、法令に基づく場合を除き、本人の同意なく第三者に提供しません。\
            保存期間は、利用目的を達成するまでとし、その後は速やかに削除します。\
            お問い合わせは、下記の窓口までご連絡ください。当社は安全管理措置を講じます。";
        let src = format!(
            "# Privacy Policy\n\n{ENGLISH} {ENGLISH}\n\n# プライバシーポリシー\n\n{japanese}{japanese}\n"
        );
        let x = language("p.md", Format::Markdown, &src);
        let codes: Vec<&str> = x.regions.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["en", "ja"]);
        assert_eq!(x.codes(), ["en", "ja"]);
        // One script: no regions, however long.
        let en = language("p.txt", Format::Text, &format!("{ENGLISH}\n\n{ENGLISH}\n"));
        assert!(en.regions.is_empty());
    }

    #[test]
    fn japanese_with_latin_names_urls_and_code_is_japanese() {
        // Latin letters outnumber the kana and the kanji here; whatlang,
        // which counts each script apart, read such pages as French.
        let src = "# プライバシーポリシー\n\n\
            当社は、Google Analytics と Firebase Crashlytics を利用して、アプリの利用状況を分析します。\n\n\
            | Google AdMob | Firebase Analytics | Firebase Crashlytics | https://policies.google.com/privacy |\n\
            |---|---|---|---|\n\
            | advertising identifier | device model | crash logs | https://firebase.google.com/support/privacy |\n\n\
                -----BEGIN PGP MESSAGE----- hQGMA9e2AZGDVRNPAQwAp41Vfm EyBzD4coN6y 5mW7XGsS0wQnn1BH4PHurbDz\n\n\
            お問い合わせは、support@example.test までご連絡ください。\n";
        let x = language("p.md", Format::Markdown, src);
        assert_eq!(x.code.as_deref(), Some("ja"), "{x:?}");
        assert!(x.regions.is_empty(), "{:?}", x.regions);
    }
}
