//! Decoding file bytes to text, keeping a map from every decoded byte back to
//! the file bytes it came from.
//!
//! Order of checks: a BOM wins (UTF-8, UTF-16 LE/BE); then a NUL byte early in
//! the file means binary; then valid UTF-8; then, for invalid UTF-8, either an
//! error (the file mixes UTF-8 with something else, so any guess would garble
//! part of it) or a legacy 8-bit/multi-byte encoding guessed by chardetng.

use std::ops::Range;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, ISO_2022_JP};

use super::OffsetMap;

/// The decoded text of a file and the map back to its bytes.
#[derive(Clone, Debug)]
pub struct SourceText {
    /// What an editor shows: BOM removed, decoded to UTF-8.
    pub text: String,
    /// Maps `text` offsets to raw file byte offsets.
    pub map: OffsetMap,
    /// Name of the encoding the file was decoded from, e.g. `UTF-8`.
    pub encoding: &'static str,
    /// Where `text` has a U+FFFD for bytes of the file that were not valid
    /// ([`Decoding::lossy`]).
    pub replaced: Vec<Range<usize>>,
}

/// How to decode a file.
#[derive(Clone, Copy, Debug, Default)]
pub struct Decoding {
    /// The encoding of a file without a byte-order mark, instead of the
    /// guess (`--encoding`).
    pub encoding: Option<&'static Encoding>,
    /// Read invalid UTF-8 (UTF-8 mixed with another encoding) with each
    /// broken sequence replaced by U+FFFD, instead of refusing the file
    /// (`--lossy-decoding`, for corpus scans).
    pub lossy: bool,
}

impl SourceText {
    pub fn utf8(text: String, bom_len: usize) -> Self {
        let map = OffsetMap::shifted(text.len(), bom_len);
        Self {
            text,
            map,
            encoding: "UTF-8",
            replaced: Vec::new(),
        }
    }

    /// Maps a decoded range to a byte range of the original file.
    pub fn file_range(&self, range: Range<usize>) -> Range<usize> {
        self.map.range(range)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("binary file (NUL byte at offset {0}): not a policy text")]
    Binary(usize),
    /// Invalid UTF-8 in a file that is otherwise UTF-8 (or has a UTF-8 BOM).
    #[error(
        "invalid UTF-8 at byte {offset} (line {line}): the file mixes UTF-8 with another \
         encoding; re-save it as UTF-8"
    )]
    InvalidUtf8 { offset: usize, line: usize },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// How far into the file a NUL byte marks it as binary.
const BINARY_SNIFF_LEN: usize = 8 * 1024;
/// How much text chardetng looks at, at most.
const DETECT_SAMPLE_LEN: usize = 64 * 1024;

/// Decodes raw file bytes. Empty input gives empty text (the caller reports
/// empty files itself).
pub fn decode(bytes: &[u8]) -> Result<SourceText, DecodeError> {
    decode_in(bytes, Decoding::default())
}

/// [`decode`], in the encoding the user named when the file has no
/// byte-order mark (a BOM still wins): no guess is made, and UTF-8 named so
/// must be valid, unless `decoding.lossy` allows broken sequences.
pub fn decode_in(bytes: &[u8], decoding: Decoding) -> Result<SourceText, DecodeError> {
    let named = decoding.encoding;
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(decode_utf16(rest, 2, u16::from_le_bytes, "UTF-16LE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(decode_utf16(rest, 2, u16::from_be_bytes, "UTF-16BE"));
    }
    let bom_len = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    // A BOM declares the encoding, whatever the user named.
    let named = named.filter(|_| bom_len == 0);
    // UTF-16 is all NUL bytes to the binary check: it is named, not sniffed.
    if named == Some(encoding_rs::UTF_16LE) {
        return Ok(decode_utf16(bytes, 0, u16::from_le_bytes, "UTF-16LE"));
    }
    if named == Some(encoding_rs::UTF_16BE) {
        return Ok(decode_utf16(bytes, 0, u16::from_be_bytes, "UTF-16BE"));
    }
    let body = &bytes[bom_len..];
    let sniff = &body[..body.len().min(BINARY_SNIFF_LEN)];
    if let Some(at) = binary_at(sniff) {
        return Err(DecodeError::Binary(bom_len + at));
    }
    if let Some(legacy) = named.filter(|e| *e != encoding_rs::UTF_8) {
        return Ok(decode_legacy(bytes, legacy));
    }
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(SourceText::utf8(text.to_owned(), bom_len));
    }
    let scan = scan_invalid_utf8(body);
    // A BOM or the user declares UTF-8, so broken bytes there are an error;
    // else they are an error when the file mixes UTF-8 with a legacy guess.
    let guess = (bom_len == 0 && named.is_none()).then(|| guess_legacy(bytes));
    match guess {
        Some(encoding) if !scan.looks_mixed(encoding, bytes) => Ok(decode_legacy(bytes, encoding)),
        _ if decoding.lossy => Ok(decode_utf8_lossy(bytes, bom_len)),
        _ => {
            let offset = bom_len + scan.first_invalid;
            Err(DecodeError::InvalidUtf8 {
                offset,
                line: line_number(bytes, offset),
            })
        }
    }
}

/// UTF-8 with each broken sequence replaced by U+FFFD, which maps to the
/// bytes it replaces.
fn decode_utf8_lossy(bytes: &[u8], bom_len: usize) -> SourceText {
    let mut text = String::with_capacity(bytes.len());
    let mut map = OffsetMap::default();
    let mut replaced = Vec::new();
    let mut at = bom_len;
    for chunk in bytes[bom_len..].utf8_chunks() {
        let (valid, invalid) = (chunk.valid(), chunk.invalid());
        if !valid.is_empty() {
            text.push_str(valid);
            map.push(valid.len(), at, valid.len());
            at += valid.len();
        }
        if !invalid.is_empty() {
            let width = char::REPLACEMENT_CHARACTER.len_utf8();
            replaced.push(text.len()..text.len() + width);
            text.push(char::REPLACEMENT_CHARACTER);
            map.push_unit(width, at, invalid.len());
            at += invalid.len();
        }
    }
    SourceText {
        text,
        map,
        encoding: "UTF-8",
        replaced,
    }
}

/// The offset of the first NUL when `sniff` looks binary: it has NUL bytes
/// and, past any NUL padding at the start, over 5% of its bytes are control
/// characters. Real policies saved by broken tools sometimes start with a
/// run of NULs, and those are still text; images, archives and UTF-16
/// without a BOM are not.
fn binary_at(sniff: &[u8]) -> Option<usize> {
    let nul = memchr::memchr(0, sniff)?;
    let padding = sniff.iter().take_while(|&&b| b == 0).count();
    let rest = &sniff[padding..];
    let controls = rest
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b))
        .count();
    (rest.is_empty() || controls * 20 > rest.len()).then_some(nul)
}

/// What `utf8_chunks` says about a file that is not valid UTF-8.
struct Utf8Scan {
    first_invalid: usize,
    /// Valid non-ASCII UTF-8 characters.
    valid_multibyte: usize,
    /// Valid characters in U+0080..U+00FF or U+2000..U+20BF: in a legacy
    /// 8-bit file their byte pairs would read as mojibake like `Ã©` or `â€™`,
    /// so they betray real UTF-8.
    telltale: usize,
    /// Invalid sequences.
    invalid: usize,
}

impl Utf8Scan {
    /// UTF-8 text with broken bytes, rather than legacy text where a few byte
    /// pairs happen to form valid UTF-8 (common in CJK and Central European
    /// legacy text, so "any valid multi-byte sequence" alone is not enough).
    fn looks_mixed(&self, guess: &'static Encoding, bytes: &[u8]) -> bool {
        if self.valid_multibyte == 0 {
            return false;
        }
        if guess.is_single_byte() {
            return self.telltale > 0 || 2 * self.valid_multibyte >= self.invalid;
        }
        // A multi-byte legacy guess that decodes cleanly is self-consistent.
        guess
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_none()
    }
}

fn scan_invalid_utf8(bytes: &[u8]) -> Utf8Scan {
    let mut scan = Utf8Scan {
        first_invalid: bytes.len(),
        valid_multibyte: 0,
        telltale: 0,
        invalid: 0,
    };
    let mut pos = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if !valid.is_ascii() {
            for c in valid.chars().filter(|c| !c.is_ascii()) {
                scan.valid_multibyte += 1;
                scan.telltale +=
                    usize::from(matches!(c, '\u{80}'..='\u{ff}' | '\u{2000}'..='\u{20bf}'));
            }
        }
        pos += valid.len();
        if !chunk.invalid().is_empty() {
            scan.first_invalid = scan.first_invalid.min(pos);
            scan.invalid += 1;
        }
        pos += chunk.invalid().len();
    }
    scan
}

/// 1-based line of byte `offset`; `\n`, `\r\n` and a lone `\r` end lines,
/// as in [`super::LineIndex`].
fn line_number(bytes: &[u8], offset: usize) -> usize {
    let head = &bytes[..offset.min(bytes.len())];
    let mut line = 1;
    for pos in memchr::memchr2_iter(b'\n', b'\r', head) {
        let is_crlf = head[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n');
        if !is_crlf {
            line += 1;
        }
    }
    line
}

/// Decodes UTF-16 after a BOM of `bom_len` bytes. ASCII maps with slope 2 so
/// runs of it merge into one map piece; an unpaired surrogate or a trailing
/// odd byte becomes U+FFFD mapped to its unit.
fn decode_utf16(
    body: &[u8],
    bom_len: usize,
    unit: fn([u8; 2]) -> u16,
    encoding: &'static str,
) -> SourceText {
    let units = body.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(body.len() / 2 + 16);
    let mut map = OffsetMap::default();
    let mut src = bom_len;
    for decoded in char::decode_utf16(units) {
        let (c, src_len) = match decoded {
            Ok(c) => (c, 2 * c.len_utf16()),
            Err(_) => (char::REPLACEMENT_CHARACTER, 2),
        };
        text.push(c);
        map.push(c.len_utf8(), src, src_len);
        src += src_len;
    }
    if body.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
        map.push(char::REPLACEMENT_CHARACTER.len_utf8(), src, 1);
    }
    SourceText {
        text,
        map,
        encoding,
        replaced: Vec::new(),
    }
}

/// The legacy encoding chardetng guesses from the lines of the file that
/// hold non-ASCII bytes.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(&detection_sample(bytes), true);
    detector.guess(None, Utf8Detection::Deny)
}

/// What chardetng needs to see: every non-ASCII byte with the text around
/// it (the letters next to it are evidence too), each piece on a line of
/// its own, up to `DETECT_SAMPLE_LEN`. chardetng reads about 15 MB/s, and
/// most of a legacy policy is ASCII that tells it nothing; web text keeps
/// a paragraph on one line, so even the lines with a non-ASCII byte were
/// most of the file.
fn detection_sample(bytes: &[u8]) -> Vec<u8> {
    let mut sample = Vec::new();
    let mut done = 0;
    while let Some(found) = bytes[done..].iter().position(|b| !b.is_ascii()) {
        let hit = done + found;
        let start = hit.saturating_sub(CONTEXT).max(done);
        // The piece runs on while non-ASCII bytes keep coming within
        // `CONTEXT` of each other (a Japanese sentence stays whole).
        let mut end = hit + 1;
        while let Some(next) = (bytes.get(end..(end + CONTEXT).min(bytes.len())))
            .and_then(|ahead| ahead.iter().position(|b| !b.is_ascii()))
        {
            end += next + 1;
        }
        let end = (end + CONTEXT).min(bytes.len());
        // A stretch larger than the room left (a Japanese body is one
        // stretch) is cut to fit rather than dropped.
        let room = DETECT_SAMPLE_LEN.saturating_sub(sample.len() + 1);
        if room == 0 {
            break;
        }
        let end = end.min(start + room);
        sample.extend_from_slice(&bytes[start..end]);
        sample.push(b'\n');
        done = end;
    }
    if sample.is_empty() {
        // One huge piece: its start.
        let end = bytes.len().min(DETECT_SAMPLE_LEN);
        sample.extend_from_slice(&bytes[..end]);
    }
    sample
}

/// The ASCII bytes kept on either side of a non-ASCII byte.
const CONTEXT: usize = 32;

/// Decodes a legacy-encoded file.
fn decode_legacy(bytes: &[u8], encoding: &'static Encoding) -> SourceText {
    if encoding.is_single_byte()
        && let Some(source) = decode_single_byte(bytes, encoding)
    {
        return source;
    }
    let mut decoder = LegacyDecoder::new(encoding, bytes.len());
    decoder.run(bytes);
    decoder.finish(encoding)
}

/// A single-byte encoding decoded in one call: every byte is one character,
/// so the map follows from the bytes alone (runs of ASCII map linearly, each
/// other byte to its character). `None` if the output is not one character
/// per byte after all.
fn decode_single_byte(bytes: &[u8], encoding: &'static Encoding) -> Option<SourceText> {
    let text = encoding.decode_without_bom_handling(bytes).0.into_owned();
    let mut map = OffsetMap::default();
    let mut chars = text.chars();
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
        if run > 0 {
            // ASCII decodes to itself in every single-byte encoding.
            for _ in 0..run {
                chars.next().filter(char::is_ascii)?;
            }
            map.push(run, i, run);
            i += run;
        } else {
            let c = chars.next()?;
            map.push(c.len_utf8(), i, 1);
            i += 1;
        }
    }
    if chars.next().is_some() {
        return None;
    }
    Some(SourceText {
        text,
        map,
        encoding: encoding.name(),
        replaced: Vec::new(),
    })
}

/// Feeds an encoding_rs decoder piece by piece so every output character can
/// be attributed to the source bytes that produced it: runs of ASCII go in
/// whole (and map linearly), anything else one byte at a time (and maps
/// atomically to the bytes consumed since the previous output).
struct LegacyDecoder {
    decoder: encoding_rs::Decoder,
    /// ASCII bytes always decode to themselves when no sequence is pending
    /// (not so in ISO-2022-JP, where escapes switch modes).
    ascii_is_stateless: bool,
    text: String,
    map: OffsetMap,
    /// Start of the source bytes not yet attributed to output.
    pending: usize,
    buf: Box<[u8; 4096]>,
}

impl LegacyDecoder {
    fn new(encoding: &'static Encoding, len: usize) -> Self {
        Self {
            decoder: encoding.new_decoder_without_bom_handling(),
            ascii_is_stateless: encoding != ISO_2022_JP,
            text: String::with_capacity(len + len / 2 + 16),
            map: OffsetMap::default(),
            pending: 0,
            buf: Box::new([0; 4096]),
        }
    }

    fn run(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            let ascii_run = if self.ascii_is_stateless && self.pending == i {
                bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii())
                    .unwrap_or(bytes.len() - i)
            } else {
                0
            };
            let end = i + ascii_run.max(1);
            self.feed(&bytes[i..end], i, false);
            i = end;
        }
        self.feed(&[], bytes.len(), true);
    }

    /// Decodes `chunk` (found at `at` in the source) and maps its output.
    fn feed(&mut self, chunk: &[u8], at: usize, last: bool) {
        let before = self.text.len();
        let mut rest = chunk;
        loop {
            // A small buffer: encoding_rs touches every page of the spare
            // capacity it is given, so decoding into `text` directly is slow.
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(rest, &mut self.buf[..], last);
            match std::str::from_utf8(&self.buf[..written]) {
                Ok(out) => self.text.push_str(out),
                Err(_) => self.text.push(char::REPLACEMENT_CHARACTER),
            }
            rest = rest.get(read..).unwrap_or_default();
            if result == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
        let end = at + chunk.len();
        let out = self.text.get(before..).unwrap_or_default();
        if out.is_empty() {
            return;
        }
        if self.pending == at && out.as_bytes() == chunk {
            self.map.push(out.len(), at, chunk.len());
        } else {
            self.map_atomic(before, end, chunk);
        }
        self.pending = end;
    }

    /// Maps the output from `before` to the source bytes `pending..end`. When
    /// a pending lead byte was cut short by an ASCII byte (output: U+FFFD then
    /// that byte), the ASCII byte still gets its own exact piece.
    fn map_atomic(&mut self, before: usize, end: usize, chunk: &[u8]) {
        let out = self.text.get(before..).unwrap_or_default();
        let last_is_own_byte = out.len() > 1
            && end > self.pending + 1
            && chunk.len() == 1
            && out.as_bytes().last().is_some_and(u8::is_ascii)
            && chunk.last() == out.as_bytes().last();
        if last_is_own_byte {
            let head = out.get(..out.len() - 1).unwrap_or_default();
            push_units(&mut self.map, head, self.pending..end - 1);
            self.map.push(1, end - 1, 1);
        } else {
            push_units(&mut self.map, out, self.pending..end);
        }
    }

    fn finish(self, encoding: &'static Encoding) -> SourceText {
        SourceText {
            text: self.text,
            map: self.map,
            encoding: encoding.name(),
            replaced: Vec::new(),
        }
    }
}

/// Maps each character of `out` to all of `base`. One piece per character:
/// a multi-character piece whose length happened to be 1x or 2x the base's
/// would be read by the offset map as linear, mapping inner character
/// boundaries into the middle of the base sequence.
fn push_units(map: &mut OffsetMap, out: &str, base: Range<usize>) {
    for c in out.chars() {
        map.push(c.len_utf8(), base.start, base.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(encoding: &'static Encoding) -> Decoding {
        Decoding {
            encoding: Some(encoding),
            lossy: false,
        }
    }

    #[test]
    fn lossy_decoding_replaces_broken_sequences_and_says_where() {
        // UTF-8 ("é" as C3 A9) mixed with Windows-1252 ("é" as E9).
        let bytes = b"caf\xc3\xa9 and caf\xe9, na\xefve\n";
        assert!(decode(bytes).is_err(), "refused without it");
        let lossy = Decoding {
            encoding: None,
            lossy: true,
        };
        let source = decode_in(bytes, lossy).unwrap();
        assert_eq!(source.text, "café and caf\u{FFFD}, na\u{FFFD}ve\n");
        assert_eq!(source.replaced, [13..16, 20..23]);
        // Each replacement maps to the byte it replaces; the rest exactly.
        assert_eq!(source.file_range(13..16), 13..14);
        assert_eq!(source.file_range(20..23), 18..19);
        assert_eq!(source.file_range(23..25), 19..21, "\"ve\" after the second");
        // Valid UTF-8 and legacy files are read as before.
        assert!(
            decode_in(b"caf\xc3\xa9", lossy)
                .unwrap()
                .replaced
                .is_empty()
        );
        assert_eq!(
            decode_in(b"caf\xe9 cr\xe8me", lossy).unwrap().encoding,
            "windows-1252"
        );
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&pair);
        }
        out
    }

    /// Every character of the decoded text maps to file bytes that decode to
    /// that same character.
    fn assert_chars_round_trip(
        src: &SourceText,
        bytes: &[u8],
        decode_one: impl Fn(&[u8]) -> String,
    ) {
        for (i, c) in src.text.char_indices() {
            let r = src.file_range(i..i + c.len_utf8());
            assert_eq!(
                decode_one(&bytes[r.clone()]),
                c.to_string(),
                "char {c:?} at {i} -> {r:?}"
            );
        }
    }

    #[test]
    fn utf8_bom_is_stripped_and_map_shifted() {
        let bytes = "\u{feff}Café — “ok”".as_bytes();
        let src = decode(bytes).unwrap();
        assert_eq!(src.text, "Café — “ok”");
        assert_eq!(src.encoding, "UTF-8");
        let at = src.text.find("—").unwrap();
        let r = src.file_range(at..at + "—".len());
        assert_eq!(&bytes[r], "—".as_bytes());
    }

    #[test]
    fn utf16_le_and_be_round_trip() {
        let text = "Privacy — Müller ß 日本語 😀 end";
        for be in [false, true] {
            let bytes = utf16(text, be);
            let src = decode(&bytes).unwrap();
            assert_eq!(src.text, text);
            assert_eq!(src.encoding, if be { "UTF-16BE" } else { "UTF-16LE" });
            let unit = if be {
                u16::from_be_bytes
            } else {
                u16::from_le_bytes
            };
            assert_chars_round_trip(&src, &bytes, |b| {
                let units = b.chunks_exact(2).map(|p| unit([p[0], p[1]]));
                char::decode_utf16(units).map(|c| c.unwrap()).collect()
            });
            let at = src.text.find("Müller").unwrap();
            let r = src.file_range(at..at + "Müller".len());
            assert_eq!(r.len(), 12);
            assert_eq!(r.start, 2 + 2 * "Privacy — ".encode_utf16().count());
        }
    }

    #[test]
    fn utf16_unpaired_surrogate_and_odd_byte() {
        let mut bytes = vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        bytes.push(b'x');
        let src = decode(&bytes).unwrap();
        assert_eq!(src.text, "a\u{fffd}b\u{fffd}");
        assert_eq!(src.file_range(1..4), 4..6);
        assert_eq!(src.file_range(4..5), 6..8);
        assert_eq!(src.file_range(5..8), 8..9);
    }

    #[test]
    fn windows_1252_smart_quotes_and_accents() {
        let bytes =
            b"We call it \x93caf\xE9\x94 \x96 really, it\x92s our caf\xE9 policy and notice.";
        let src = decode(bytes).unwrap();
        assert_eq!(src.encoding, "windows-1252");
        assert_eq!(
            src.text,
            "We call it “café” – really, it’s our café policy and notice."
        );
        let (enc, _) = (encoding_rs::WINDOWS_1252, ());
        assert_chars_round_trip(&src, bytes, |b| {
            enc.decode_without_bom_handling(b).0.into_owned()
        });
        let at = src.text.find("“café”").unwrap();
        assert_eq!(src.file_range(at..at + "“café”".len()), 11..17);
        let e = src.text.find("é").unwrap();
        assert_eq!(src.file_range(e..e + 2), 15..16);
        assert_eq!(src.file_range(e..e + 1), 15..16);
    }

    #[test]
    fn single_byte_decoding_in_one_call_maps_as_piece_by_piece() {
        let cases: [(&[u8], &'static Encoding); 3] = [
            (
                b"We \x93never\x94 sell data \x96 caf\xe9.\r\nAsk us.\x80",
                encoding_rs::WINDOWS_1252,
            ),
            (
                b"\xcf\xf0\xe8\xe2\xe5\xf2, privacy \xe4\xe0.",
                encoding_rs::WINDOWS_1251,
            ),
            (
                b"\xff\xfe\xa0 plain \x81\x8d\x9d",
                encoding_rs::WINDOWS_1252,
            ),
        ];
        for (bytes, encoding) in cases {
            let fast = decode_single_byte(bytes, encoding).expect("one char per byte");
            let mut slow = LegacyDecoder::new(encoding, bytes.len());
            slow.run(bytes);
            let slow = slow.finish(encoding);
            assert_eq!(fast.text, slow.text);
            for (at, c) in fast.text.char_indices() {
                let range = at..at + c.len_utf8();
                assert_eq!(
                    fast.file_range(range.clone()),
                    slow.file_range(range),
                    "{c:?} in {:?}",
                    fast.text
                );
            }
        }
    }

    #[test]
    fn the_detector_sees_the_non_ascii_bytes_with_their_surroundings() {
        // A web page's paragraph is one long line: only the text around
        // its non-ASCII bytes is fed, 32 bytes on either side, and close
        // ones together.
        let mut bytes = b"plain line ".repeat(10_000);
        bytes.extend_from_slice(b"caf\xe9 cr\xe8me br\xfbl\xe9e");
        bytes.extend_from_slice(&b"plain line ".repeat(10_000));
        let sample = detection_sample(&bytes);
        let around = b"n line plain line plain line caf\xe9 cr\xe8me br\xfbl\xe9eplain line plain line plain lin\n";
        assert_eq!(sample, around, "{}", String::from_utf8_lossy(&sample));
        assert_eq!(guess_legacy(&bytes), encoding_rs::WINDOWS_1252);
        // A body in a multi-byte encoding is one long stretch: cut to fit,
        // not dropped for the title's few bytes.
        let mut japanese = b"\x8c\xc2\x90\x6c title".to_vec();
        japanese.extend_from_slice(&b" plain ".repeat(20));
        japanese.extend_from_slice(&b"\x8c\xc2\x90\x6c\x8f\xee\x95\xf1\r\n".repeat(10_000));
        let sample = detection_sample(&japanese);
        assert!(sample.len() > DETECT_SAMPLE_LEN - 64, "{}", sample.len());
        assert!(sample.len() <= DETECT_SAMPLE_LEN);
    }

    #[test]
    fn a_named_encoding_replaces_the_guess_but_not_a_bom() {
        // Valid Windows-1252 and valid Windows-1250: the user says which.
        let bytes = b"Za\xbf\xf3\xb3\xe6 privacy policy\n";
        let central = decode_in(bytes, named(encoding_rs::WINDOWS_1250)).unwrap();
        assert_eq!(central.encoding, "windows-1250");
        assert!(central.text.starts_with("Zażółć"), "{}", central.text);
        let western = decode_in(bytes, named(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!(western.encoding, "windows-1252");
        // A BOM still decides, and UTF-8 named so must be valid.
        let bom = decode_in(b"\xEF\xBB\xBFcaf\xC3\xA9", named(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!((bom.text.as_str(), bom.encoding), ("café", "UTF-8"));
        assert!(decode_in(b"caf\xe9 \xc3\xa9", named(encoding_rs::UTF_8)).is_err());
        // Named UTF-8, a Latin-1 file is an error, not a guess.
        assert!(decode(b"caf\xe9 is open").is_ok());
        assert!(decode_in(b"caf\xe9 is open", named(encoding_rs::UTF_8)).is_err());
        let utf16 = decode_in(b"h\0i\0", named(encoding_rs::UTF_16LE)).unwrap();
        assert_eq!(utf16.text, "hi");
    }

    #[test]
    fn shift_jis_maps_each_char_to_its_bytes() {
        let text = "個人情報保護方針 (Privacy) について。データを安全に管理します。";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let src = decode(&bytes).unwrap();
        assert_eq!(src.encoding, "Shift_JIS");
        assert_eq!(src.text, text);
        assert_chars_round_trip(&src, &bytes, |b| {
            encoding_rs::SHIFT_JIS
                .decode_without_bom_handling(b)
                .0
                .into_owned()
        });
        let at = src.text.find("Privacy").unwrap();
        let r = src.file_range(at..at + 7);
        assert_eq!(&bytes[r], b"Privacy");
    }

    #[test]
    fn truncated_multibyte_sequence_keeps_ascii_exact() {
        let enc = encoding_rs::SHIFT_JIS;
        let mut bytes = enc.encode("日本語のテキストです").0.into_owned();
        bytes.extend_from_slice(b"\x82\nnext line");
        // chardetng rules Shift_JIS out for a malformed file; decode directly.
        let src = decode_legacy(&bytes, enc);
        assert_eq!(src.encoding, "Shift_JIS");
        let at = src.text.find("next").unwrap();
        assert_eq!(&bytes[src.file_range(at..at + 4)], b"next");
        let nl = src.text.find('\n').unwrap();
        assert_eq!(&bytes[src.file_range(nl..nl + 1)], b"\n");
    }

    #[test]
    fn nul_padding_before_a_short_text_is_not_binary() {
        let mut bytes = vec![0u8; 49];
        bytes.extend_from_slice(b"Privacy Policy\n\nWe keep data for 30 days.\n");
        assert!(decode(&bytes).is_ok());
        assert_eq!(decode(&[0u8; 64]).unwrap_err(), DecodeError::Binary(0));
    }

    #[test]
    fn a_few_stray_nul_bytes_do_not_make_text_binary() {
        let mut bytes = vec![0u8; 36];
        bytes.extend_from_slice(
            "Privacy Policy\n\nWe keep data for 30 days. "
                .repeat(40)
                .as_bytes(),
        );
        let src = decode(&bytes).unwrap();
        assert!(src.text.ends_with("30 days. "));
        let at = src.text.find("Privacy").unwrap();
        assert_eq!(src.file_range(at..at + 7), 36..43);
    }

    #[test]
    fn binary_is_detected() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00abc").unwrap_err(),
            DecodeError::Binary(4)
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFab\x00").unwrap_err(),
            DecodeError::Binary(5)
        );
        let mut late = vec![b'a'; BINARY_SNIFF_LEN + 10];
        late.push(0);
        assert!(decode(&late).is_ok());
    }

    #[test]
    fn mixed_utf8_is_an_error_with_line() {
        let bytes = b"Caf\xC3\xA9 menu\nsecond line\nbroken \x93quote\x94\n";
        let err = decode(bytes).unwrap_err();
        assert_eq!(
            err,
            DecodeError::InvalidUtf8 {
                offset: 30,
                line: 3
            }
        );
        let msg = err.to_string();
        assert!(msg.contains("byte 30 (line 3)"), "{msg}");
        assert!(msg.contains("re-save it as UTF-8"), "{msg}");
    }

    #[test]
    fn one_real_utf8_char_among_many_stray_bytes_is_mixed() {
        let bytes = b"Caf\xC3\xA9. We \x93quote\x94 a lot \x93here\x94 and \x93there\x94.";
        assert!(matches!(
            decode(bytes),
            Err(DecodeError::InvalidUtf8 {
                offset: 10,
                line: 1
            })
        ));
    }

    #[test]
    fn legacy_text_with_accidental_utf8_pairs_decodes() {
        let samples = [
            (
                encoding_rs::WINDOWS_1250,
                "Zásady ochrany osobních údajů. Společnost zpracovává údaje. Łódź ŻÓŁW",
            ),
            (
                encoding_rs::WINDOWS_1251,
                "Ця політика пояснює, як ми збираємо ваші персональні дані. Ці Ії",
            ),
            (
                encoding_rs::EUC_KR,
                "개인정보 처리방침. 회사는 이용자의 개인정보를 중요시하며 법을 준수합니다.",
            ),
            (
                encoding_rs::GBK,
                "隐私政策。我们非常重视您的个人信息保护，将按照法律规定收集、使用您的个人信息。",
            ),
        ];
        for (enc, text) in samples {
            let (bytes, _, _) = enc.encode(text);
            assert!(std::str::from_utf8(&bytes).is_err());
            let src = decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", enc.name()));
            assert_eq!(src.text, text, "{}", enc.name());
            assert_chars_round_trip(&src, &bytes, |b| {
                enc.decode_without_bom_handling(b).0.into_owned()
            });
        }
    }

    #[test]
    fn invalid_after_utf8_bom_is_an_error() {
        let err = decode(b"\xEF\xBB\xBFabc\r\nd\xFFe").unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 9, line: 2 });
    }

    #[test]
    fn plain_utf8_and_empty() {
        let src = decode("Grüße, 日本語".as_bytes()).unwrap();
        assert_eq!(src.text, "Grüße, 日本語");
        assert_eq!(src.file_range(0..5), 0..5);
        assert_eq!(decode(b"").unwrap().text, "");
    }

    #[test]
    fn content_maps_through_source_to_file_bytes() {
        use crate::document::{Document, Format};
        let path = std::path::Path::new("policy");
        let html = b"<html><body><p>Caf\xE9 \x93cr&egrave;me\x94 &amp; th\xE9 for our customers \
                     and their friends.</p></body></html>";
        let doc = Document::from_bytes(path, Format::Html, html).unwrap();
        assert_eq!(doc.source.encoding, "windows-1252");
        let at = doc.content.text.find("“crème”").unwrap();
        let file = doc
            .source
            .file_range(doc.source_range(at..at + "“crème”".len()));
        assert_eq!(&html[file], b"\x93cr&egrave;me\x94");

        let md = utf16("# Título\r\n\r\nDatos — “privados” 日本語.\r\n", false);
        let doc = Document::from_bytes(path, Format::Markdown, &md).unwrap();
        let at = doc.content.text.find("“privados”").unwrap();
        let file = doc
            .source
            .file_range(doc.source_range(at..at + "“privados”".len()));
        assert_eq!(&md[file], &utf16("“privados”", false)[2..]);
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        let inputs: [&[u8]; 8] = [
            b"\xFF",
            b"\xFE",
            b"\xFF\xFE",
            b"\xFE\xFF\xD8",
            b"\xEF\xBB",
            b"\x80\x81\x82",
            b"\xE9",
            b"\x1B$B",
        ];
        for bytes in inputs {
            if let Ok(src) = decode(bytes) {
                let r = src.file_range(0..src.text.len());
                assert!(r.end <= bytes.len());
            }
        }
    }
}
