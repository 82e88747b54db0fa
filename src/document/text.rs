//! Stub extractor, to be replaced.
use super::{ContentBuilder, Extracted};

pub(crate) fn extract(source: &str) -> Extracted {
    let mut b = ContentBuilder::new(source);
    for (start, para) in paragraphs(source) {
        b.push_source(start..start + para.len());
        b.end_block(super::BlockKind::Paragraph);
    }
    Extracted { content: b.finish(), ..Default::default() }
}

fn paragraphs(source: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in source.split("\n\n") {
        out.push((offset, part));
        offset += part.len() + 2;
    }
    out
}
