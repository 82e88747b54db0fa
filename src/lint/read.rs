//! Reading a file or standard input, bounded: a pre-commit hook passes
//! whatever names it is given, and a FIFO, a device or an endless stream
//! must neither block the run nor fill the memory. Only regular files are
//! opened; every read stops one byte past the limit.

use std::io::Read;
use std::path::Path;

use super::LoadFailure;
use crate::walk::Candidate;

/// Files (and standard input) larger than this are not read unless the
/// configuration says otherwise (`max-file-size`): a policy is rarely over
/// 1 MB, and 64 MiB is far above any.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The bytes of a candidate, at most `limit` of them.
pub(super) fn bounded(candidate: &Candidate, limit: u64) -> Result<Vec<u8>, LoadFailure> {
    if candidate.from_stdin {
        let stdin = std::io::stdin().lock();
        return read_at_most(stdin, limit, None).map_err(|e| match e {
            Bounded::Io(e) => LoadFailure::Stdin(e),
            Bounded::Over => LoadFailure::TooLarge { size: None, limit },
        });
    }
    bounded_file(&candidate.path, limit)
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn bounded_file(path: &Path, limit: u64) -> Result<Vec<u8>, LoadFailure> {
    // Looked at before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(LoadFailure::Io)?;
    if let Some(what) = not_regular(&meta.file_type()) {
        return Err(LoadFailure::NotAFile { what });
    }
    if meta.len() > limit {
        let size = Some(meta.len());
        return Err(LoadFailure::TooLarge { size, limit });
    }
    let file = std::fs::File::open(path).map_err(LoadFailure::Io)?;
    // The file may grow between the look and the read: still bounded.
    read_at_most(file, limit, Some(meta.len())).map_err(|e| match e {
        Bounded::Io(e) => LoadFailure::Io(e),
        Bounded::Over => LoadFailure::TooLarge { size: None, limit },
    })
}

/// What a file that is not a regular file is, for the message.
fn not_regular(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

enum Bounded {
    Io(std::io::Error),
    Over,
}

fn read_at_most(reader: impl Read, limit: u64, hint: Option<u64>) -> Result<Vec<u8>, Bounded> {
    let capacity = hint.unwrap_or(0).min(limit) as usize;
    let mut bytes = Vec::with_capacity(capacity);
    (reader.take(limit.saturating_add(1)))
        .read_to_end(&mut bytes)
        .map_err(Bounded::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Bounded::Over);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_longer_than_the_limit_is_refused_after_one_byte_more() {
        let endless = std::io::repeat(b'a');
        assert!(matches!(
            read_at_most(endless, 10, None),
            Err(Bounded::Over)
        ));
        let short: &[u8] = b"0123456789";
        assert_eq!(read_at_most(short, 10, None).ok().unwrap().len(), 10);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_and_a_device_are_refused_without_being_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("policy.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = bounded_file(&fifo, 100).unwrap_err();
            assert_eq!(
                err.to_string(),
                "a FIFO (named pipe), not a regular file; not read"
            );
        }
        let err = bounded_file(Path::new("/dev/zero"), 100).unwrap_err();
        assert_eq!(err.to_string(), "a device, not a regular file; not read");
    }

    #[test]
    fn a_file_over_the_limit_says_its_size_and_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, "x".repeat(20)).unwrap();
        let err = bounded_file(&path, 10).unwrap_err();
        assert_eq!(
            err.to_string(),
            "file is 20 bytes, over the 10-byte limit (max-file-size); not checked"
        );
        assert_eq!(bounded_file(&path, 20).unwrap().len(), 20);
    }
}
