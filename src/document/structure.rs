//! Sentences and sections (stub, to be replaced).
use std::ops::Range;
use super::{Block, BlockKind, Content, Section, Sentence};

pub fn split_sentences(content: &Content) -> Vec<Sentence> {
    content.blocks.iter().enumerate().map(|(i, b)| Sentence { range: b.range.clone(), block: i }).collect()
}

pub fn build_sections(blocks: &[Block]) -> (Vec<Section>, Vec<Option<usize>>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut block_section = Vec::with_capacity(blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        if let BlockKind::Heading(level) = block.kind {
            while let Some(&top) = stack.last() {
                if sections[top].level >= level { sections[top].blocks.end = i; stack.pop(); } else { break; }
            }
            sections.push(Section { heading: i, level, blocks: i..blocks.len(), parent: stack.last().copied() });
            stack.push(sections.len() - 1);
        }
        block_section.push(stack.last().copied());
    }
    (sections, block_section)
}

pub fn first_line(content: &Content, source: &str) -> Range<usize> {
    let Some(block) = content.blocks.first() else { return 0..0 };
    let r = content.map.range(block.range.clone());
    let text = &source[r.clone()];
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    r.start..r.start + text[..end].trim_end().len()
}
