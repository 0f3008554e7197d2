//! Atomic file replacement: every file hotsim writes for a user (results, recordings,
//! reports, calibrations) goes through [`write_atomic`], so a reader sees either the old
//! file whole or the new file whole, never a half-written one, even if the writer is
//! killed or the machine loses power.
//!
//! The recipe: write a temporary file in the same folder (a rename is atomic only within
//! one file system), flush it to disk, rename it over the target, then flush the folder so
//! the rename itself is durable.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replace `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Replace `path` with what `fill` writes, atomically. If `fill` fails (or the process
/// dies while it runs) the old file, if any, is left as it was; on an error the temporary
/// file is removed.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let file = File::create(&tmp)?;
        let mut w = io::BufWriter::new(&file);
        fill(&mut w)?;
        w.flush()?;
        drop(w);
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        sync_dir(path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `.NAME.PID.tmp` beside `path`: hidden, unique per process, and never the name of a
/// file hotsim reads (two targets that differ only in extension get different ones).
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Flush the folder holding `path`, so a completed rename survives a crash.
fn sync_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Folders cannot be opened for syncing on every platform; where they cannot, the
    // rename is as durable as the platform makes it.
    match File::open(dir) {
        Ok(d) => d.sync_all().or(Ok(())),
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hotsim-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn replaces_the_file_whole() {
        let dir = scratch("replace");
        let path = dir.join("runs.csv");
        write_atomic(&path, b"old\n").unwrap();
        write_atomic(&path, b"new contents\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents\n");
        assert!(leftovers(&dir).is_empty());
    }

    #[test]
    fn a_writer_that_dies_mid_way_leaves_the_old_file_whole() {
        let dir = scratch("die");
        let path = dir.join("summary.csv");
        let old = b"workload,policy\nlwaftr,cumulative\n".repeat(1000);
        write_atomic(&path, &old).unwrap();
        // The writer gets half of the new file out, then fails, as a killed process would
        // stop: the target must still hold the old bytes, all of them.
        let err = write_atomic_with(&path, |w| {
            w.write_all(&b"x".repeat(50_000))?;
            w.flush()?;
            Err(io::Error::other("killed"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "killed");
        assert_eq!(std::fs::read(&path).unwrap(), old);
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    }

    #[test]
    fn files_differing_only_in_extension_use_different_temporaries() {
        let dir = scratch("ext");
        assert_ne!(
            temp_path(&dir.join("a.csv")),
            temp_path(&dir.join("a.json"))
        );
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_nothing_written() {
        let dir = scratch("missing");
        let path = dir.join("no/such/folder/x.csv");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
