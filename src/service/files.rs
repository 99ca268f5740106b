//! Noticing changes to the files beside the service: the state file (changed by the legacy page
//! or another testbed), the build result (written by the branch script) and the feature flags.
//!
//! Polling a file's metadata costs one `stat`; it is portable, needs no inotify limits, and
//! meets the promise that another process's change is published within two seconds.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
}

/// The fingerprint of `path`, or None when it does not exist or cannot be read.
pub fn fingerprint(path: &Path) -> Option<Fingerprint> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some(Fingerprint { inode: meta.ino(), len: meta.len(), modified: meta.modified().ok() })
}

/// Remembers the last fingerprint seen of one file.
#[derive(Debug)]
pub struct Watched {
    path: PathBuf,
    last: Option<Fingerprint>,
}

impl Watched {
    /// Starts watching from the file's current version: take it before reading the file, so
    /// a change made between the read and the first poll is not missed.
    pub fn new(path: &Path) -> Self {
        Self { path: path.to_owned(), last: fingerprint(path) }
    }

    /// True once for each change since the previous call.
    pub fn changed(&mut self) -> bool {
        let now = fingerprint(&self.path);
        if now == self.last {
            return false;
        }
        self.last = now;
        true
    }
}
