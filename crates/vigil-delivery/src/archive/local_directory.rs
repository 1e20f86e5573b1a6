//! [`LocalDirectorySink`]: the archive layout as files, `<path>/<container>/<blob name>`,
//! e.g. `/var/lib/vigil-export/insights-logs-signinlogs/tenantId=…/y=2026/m=03/d=01/h=10/m=00/PT1H.json`.
//!
//! Per group: create the missing directories, open the file for appending (creating it),
//! write the group's lines with one write, `sync_data` the file, and fsync the parent of
//! every directory or file that was created — so `Ok` means the lines and the names that
//! lead to them survive a power cut. The blocking I/O runs on tokio's blocking pool.
//!
//! A crash in the middle of a write can leave a torn last line; before appending, a file
//! that does not end with a line end is cut back to its last one (the torn lines belong to
//! a batch that was never acknowledged and will be written again). This relies on being
//! the only writer of the directory, as every destination has one worker.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use vigil_tenancy::diagnostic_settings::LocalDirectoryDestination;

use super::group::{BlobGroup, group_batch};
use crate::Outgoing;
use crate::sink::SinkError;

/// How far back a torn tail is searched for a line end, per read.
const TAIL_CHUNK: u64 = 64 * 1024;

/// Appends exported records to hourly files under a directory.
#[derive(Debug, Clone)]
pub struct LocalDirectorySink {
    root: PathBuf,
}

impl LocalDirectorySink {
    /// A sink writing under `destination.path`, which must be absolute (it is created on
    /// the first delivery if missing).
    pub fn new(destination: &LocalDirectoryDestination) -> Result<LocalDirectorySink, SinkError> {
        let root = PathBuf::from(&destination.path);
        if !root.is_absolute() {
            return Err(SinkError::Config(format!(
                "the directory {:?} is not an absolute path",
                destination.path
            )));
        }
        Ok(LocalDirectorySink { root })
    }

    /// The directory written to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Appends every record of `batch` to its hourly file; `Ok` once all of them are
    /// fsynced.
    pub async fn deliver(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        let groups = group_batch(batch)?;
        if groups.is_empty() {
            return Ok(());
        }
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            groups
                .iter()
                .try_for_each(|group| append_group(&root, group))
        })
        .await
        .map_err(|e| SinkError::Rejected(format!("the file writer task failed: {e}")))?
    }
}

fn append_group(root: &Path, group: &BlobGroup) -> Result<(), SinkError> {
    let path = group
        .key()
        .split('/')
        .fold(root.to_path_buf(), |path, segment| path.join(segment));
    let failed =
        |what: &str, e: io::Error| SinkError::Rejected(format!("{what} {}: {e}", path.display()));
    let dir = path.parent().unwrap_or(root);
    create_dirs(dir).map_err(|e| failed("creating the directory of", e))?;
    let (mut file, created) = open_append(&path).map_err(|e| failed("opening", e))?;
    if !created {
        cut_torn_tail(&mut file).map_err(|e| failed("repairing the end of", e))?;
    }
    file.write_all(&group.lines)
        .map_err(|e| failed("appending to", e))?;
    file.sync_data().map_err(|e| failed("syncing", e))?;
    if created {
        sync_dir(dir).map_err(|e| failed("syncing the directory of", e))?;
    }
    Ok(())
}

/// Creates `dir` and its missing ancestors, then fsyncs the parent of each one created.
fn create_dirs(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
    std::fs::create_dir_all(dir)?;
    for created in missing {
        if let Some(parent) = created.parent() {
            sync_dir(parent)?;
        }
    }
    Ok(())
}

/// Opens `path` for appending; `true` when this call created it.
fn open_append(path: &Path) -> io::Result<(File, bool)> {
    let mut options = OpenOptions::new();
    options.read(true).append(true);
    match options.clone().create_new(true).open(path) {
        Ok(file) => Ok((file, true)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok((options.open(path)?, false)),
        Err(e) => Err(e),
    }
}

/// If the file does not end with `\n`, cuts it back to just after its last `\n` (or to
/// nothing).
fn cut_torn_tail(file: &mut File) -> io::Result<()> {
    let len = file.metadata()?.len();
    let mut end = len;
    let mut buffer = Vec::new();
    while end > 0 {
        let start = end.saturating_sub(TAIL_CHUNK);
        buffer.resize(usize::try_from(end - start).unwrap_or(0), 0);
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut buffer)?;
        if let Some(newline) = buffer.iter().rposition(|&b| b == b'\n') {
            let keep = start + newline as u64 + 1;
            if keep != len {
                file.set_len(keep)?;
                file.sync_data()?;
            }
            return Ok(());
        }
        end = start;
    }
    if len > 0 {
        file.set_len(0)?;
        file.sync_data()?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use super::*;

    #[test]
    fn relative_paths_are_refused() {
        let err = LocalDirectorySink::new(&LocalDirectoryDestination {
            path: "relative/dir".to_owned(),
        })
        .unwrap_err();
        assert!(matches!(err, SinkError::Config(_)));
    }

    #[test]
    fn torn_tails_are_cut_back_to_the_last_line_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("PT1H.json");
        let long_torn = format!("{{\"a\":1}}\r\n{}", "x".repeat(200_000));
        for (content, kept) in [
            ("", ""),
            ("{\"a\":1}\r\n", "{\"a\":1}\r\n"),
            ("{\"a\":1}\r\n{\"b\":", "{\"a\":1}\r\n"),
            ("{\"a\":1}\r\n{\"b\":2}\r", "{\"a\":1}\r\n"),
            ("no line end at all", ""),
            (long_torn.as_str(), "{\"a\":1}\r\n"),
        ] {
            std::fs::write(&path, content).unwrap();
            let (mut file, created) = open_append(&path).unwrap();
            assert!(!created);
            cut_torn_tail(&mut file).unwrap();
            file.write_all(b"next\r\n").unwrap();
            drop(file);
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                format!("{kept}next\r\n"),
                "{content:?}"
            );
        }
    }

    #[test]
    fn directories_are_created_once() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        create_dirs(&deep).unwrap();
        assert!(deep.is_dir());
        create_dirs(&deep).unwrap();
        let (_, created) = open_append(&deep.join("f")).unwrap();
        assert!(created);
        let (_, again) = open_append(&deep.join("f")).unwrap();
        assert!(!again);
    }
}
