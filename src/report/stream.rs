//! Printing a run's report in order: the prologue, each file's fragment,
//! the epilogue. Files are rendered in parallel and handed to the stream in
//! path order, so whatever depends on what came before (the comma before a
//! JSON array element, the SARIF result cap, the step summary's table
//! header) is decided here, sequentially.

use super::github::StepSummary;
use super::{Closing, NotesTo, OutputFormat, Renderer, Summary, renderer};
use crate::rules::RuleSet;

/// One file's part of a report, rendered by [`super::render_file`].
#[derive(Debug, Default)]
pub struct Fragment {
    /// Pieces of the main output, in order: findings and problems for text
    /// formats, one JSON value per array element for single-document ones.
    pub(super) items: Vec<String>,
    /// Pieces kept apart from the main output (see `NotesTo`).
    pub(super) notes: Vec<String>,
}

impl Fragment {
    /// The items as one string, without separators.
    #[cfg(test)]
    pub fn concat(&self) -> String {
        self.items.concat()
    }
}

/// The sequential half of a report. Call [`Stream::begin`] once, then
/// [`Stream::file`] for every file in order, then [`Stream::end`]; print
/// what each returns.
pub struct Stream {
    renderer: &'static dyn Renderer,
    written: usize,
    dropped: usize,
    /// Notes for the epilogue (SARIF notifications of file problems).
    kept: Vec<String>,
    step_summary: Option<StepSummary>,
}

impl Stream {
    pub fn new(format: OutputFormat) -> Self {
        let renderer = renderer(format);
        let step_summary = match renderer.notes() {
            NotesTo::StepSummary => StepSummary::from_env(),
            NotesTo::Nowhere | NotesTo::Epilogue => None,
        };
        Self {
            renderer,
            written: 0,
            dropped: 0,
            kept: Vec::new(),
            step_summary,
        }
    }

    /// The prologue.
    pub fn begin(&mut self, rules: &RuleSet) -> String {
        self.renderer.begin(rules)
    }

    /// A file's items with the separators they need; its notes go where
    /// the format sends them.
    pub fn file(&mut self, fragment: Fragment) -> String {
        let mut out = String::new();
        for item in fragment.items {
            if self.written >= self.renderer.max_items() {
                self.dropped += 1;
                continue;
            }
            if self.written > 0 {
                out.push_str(self.renderer.separator());
            }
            out.push_str(&item);
            self.written += 1;
        }
        self.note(fragment.notes);
        out
    }

    fn note(&mut self, notes: Vec<String>) {
        match self.renderer.notes() {
            NotesTo::Nowhere => {}
            NotesTo::Epilogue => self.kept.extend(notes),
            NotesTo::StepSummary => {
                if let Some(step_summary) = &mut self.step_summary {
                    step_summary.rows(&notes);
                }
            }
        }
    }

    /// The epilogue; also closes the step summary, if any.
    pub fn end(&mut self, summary: &Summary) -> String {
        if let Some(step_summary) = &mut self.step_summary {
            step_summary.finish(summary);
        }
        self.renderer.end(&Closing {
            summary,
            written: self.written,
            dropped: self.dropped,
            notes: &self.kept,
        })
    }
}
