//! Where a command's output goes, and what happens when it cannot go there.
//!
//! - A closed standard output (`clauselint rules | head -1`) ends the
//!   output quietly, as `grep` and `rg` do: no panic, no message.
//! - Any other write error names the destination and the OS reason.
//! - `-o FILE` is written to a temporary file beside it and renamed into
//!   place when complete: a killed run leaves the old file whole, and two
//!   runs writing the same file never interleave.

use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Why output stopped.
#[derive(Debug)]
pub enum WriteFailure {
    /// Standard output was closed by its reader: stop, say nothing.
    Closed,
    /// The destination could not be written; the message says why.
    Failed(String),
}

impl WriteFailure {
    /// Says what went wrong (nothing for a closed pipe).
    pub fn report(&self) {
        if let Self::Failed(message) = self {
            eprintln!("error: {message}");
        }
    }
}

pub struct Output {
    sink: Sink,
}

enum Sink {
    Stdout(BufWriter<std::io::Stdout>),
    /// A regular file, written beside the target and renamed into place.
    Replace {
        temp: BufWriter<tempfile::NamedTempFile>,
        target: PathBuf,
    },
    /// A FIFO, a device (`/dev/stdout`, `/dev/full`): written in place.
    Special {
        file: BufWriter<std::fs::File>,
        target: PathBuf,
    },
}

impl Output {
    /// Standard output, or the file `path`.
    pub fn open(path: Option<&Path>) -> Result<Self, WriteFailure> {
        let sink = match path {
            None => Sink::Stdout(BufWriter::new(std::io::stdout())),
            Some(path) if is_special(path) => Sink::Special {
                file: BufWriter::new(std::fs::File::create(path).map_err(|e| failed(path, &e))?),
                target: path.to_path_buf(),
            },
            Some(path) => Sink::Replace {
                temp: BufWriter::new(temp_beside(path).map_err(|e| failed(path, &e))?),
                target: path.to_path_buf(),
            },
        };
        Ok(Self { sink })
    }

    /// Like [`Output::open`], saying why when it cannot (`None`: exit 2).
    pub fn open_or_say(path: Option<&Path>) -> Option<Self> {
        Self::open(path).inspect_err(WriteFailure::report).ok()
    }

    pub fn write(&mut self, text: &str) -> Result<(), WriteFailure> {
        let result = match &mut self.sink {
            Sink::Stdout(out) => out.write_all(text.as_bytes()),
            Sink::Replace { temp, .. } => temp.write_all(text.as_bytes()),
            Sink::Special { file, .. } => file.write_all(text.as_bytes()),
        };
        result.map_err(|e| self.failure(&e))
    }

    /// Flushes, and puts a file written beside its target into place.
    pub fn finish(mut self) -> Result<(), WriteFailure> {
        let flushed = match &mut self.sink {
            Sink::Stdout(out) => out.flush(),
            Sink::Replace { temp, .. } => temp.flush(),
            Sink::Special { file, .. } => file.flush(),
        };
        flushed.map_err(|e| self.failure(&e))?;
        if let Sink::Replace { temp, target } = self.sink {
            let temp = temp.into_inner().map_err(|e| failed(&target, e.error()))?;
            temp.persist(&target)
                .map_err(|e| failed(&target, &e.error))?;
        }
        Ok(())
    }

    fn failure(&self, error: &std::io::Error) -> WriteFailure {
        match &self.sink {
            Sink::Stdout(_) if error.kind() == ErrorKind::BrokenPipe => WriteFailure::Closed,
            Sink::Stdout(_) => {
                WriteFailure::Failed(format!("cannot write to standard output: {error}"))
            }
            Sink::Replace { target, .. } | Sink::Special { target, .. } => failed(target, error),
        }
    }
}

/// Writes `text` to standard output; `Err` carries the exit code to end
/// with when it cannot (`ok` for a closed pipe, 2 for a write error).
pub fn print(text: &str, ok: u8) -> Result<(), u8> {
    let mut out = Output::open(None).map_err(|_| super::EXIT_ERROR)?;
    match out.write(text).and_then(|()| out.finish()) {
        Ok(()) => Ok(()),
        Err(WriteFailure::Closed) => Err(ok),
        Err(failure) => {
            failure.report();
            Err(super::EXIT_ERROR)
        }
    }
}

fn failed(path: &Path, error: &std::io::Error) -> WriteFailure {
    WriteFailure::Failed(format!("cannot write {}: {error}", path.display()))
}

/// Whether `path` exists and is not a regular file (renaming over it would
/// replace a device or a pipe with a file).
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}

fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.json");
        std::fs::write(&target, "old").unwrap();
        let mut out = Output::open(Some(&target)).unwrap();
        out.write("new").unwrap();
        // Until finished, the old report is whole.
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        drop(out);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        let mut out = Output::open(Some(&target)).unwrap();
        out.write("new").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_device_is_an_error_naming_it() {
        let mut out = Output::open(Some(Path::new("/dev/full"))).unwrap();
        let result = out.write(&"x".repeat(1 << 16)).and_then(|()| out.finish());
        match result {
            Err(WriteFailure::Failed(message)) => {
                assert!(message.starts_with("cannot write /dev/full: "), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}
