//! Decoding file bytes to text (stub, to be replaced).
use super::OffsetMap;
use std::ops::Range;

/// The decoded text of a file and the map back to its bytes.
#[derive(Clone, Debug)]
pub struct SourceText {
    /// What an editor shows: BOM removed, decoded to UTF-8.
    pub text: String,
    /// Maps `text` offsets to raw file byte offsets.
    pub map: OffsetMap,
    /// Name of the encoding the file was decoded from, e.g. `UTF-8`.
    pub encoding: &'static str,
}

impl SourceText {
    pub fn utf8(text: String, bom_len: usize) -> Self {
        let map = OffsetMap::shifted(text.len(), bom_len);
        Self { text, map, encoding: "UTF-8" }
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
}

pub fn decode(bytes: &[u8]) -> Result<SourceText, DecodeError> {
    Ok(SourceText::utf8(String::from_utf8_lossy(bytes).into_owned(), 0))
}
