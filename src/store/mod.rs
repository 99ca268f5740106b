//! The only code that touches the state file, `_testing-prs.json`.
//!
//! # How a change is written
//!
//! Every read-modify-write ([`Store::update`]) holds an exclusive lock on the sidecar file
//! `<state>.lock`, never on the state file itself, because that file is replaced on every write.
//! The new version goes to a uniquely named temp file in the same folder, is flushed to disk,
//! renamed over the state file, and the folder is flushed so the rename lasts. Just before the
//! rename the lock file notes the new version's hash, so that a process killed between the
//! rename and recording the version is not later mistaken for an outside writer. Readers
//! ([`Store::load`]) take no lock: they always see a whole version, old or new.
//!
//! # Writers that ignore the lock
//!
//! Open Library's legacy `/status` page reads the file, changes it, writes a temp file and
//! renames it over the state file, with no lock. Two things can happen:
//!
//! 1. It replaces the file while we are writing. Just before our rename we check that the file
//!    on disk is still the one we read (device, inode, size, modification time). If it is not,
//!    we read it again and apply the change again (`change` may therefore run more than once),
//!    a bounded number of times.
//! 2. It read an older version V(k), and renames its copy after we wrote V(n): the changes from
//!    V(k) to V(n) would be silently lost. The check above cannot see this; it happened between
//!    two of our writes. So the store keeps the versions it wrote (`<state>.history`, at least
//!    the newest 64) and, in the lock file, the hash of the last one. Whenever,
//!    under the lock, the file on disk is not the last version we wrote, it was replaced from
//!    outside, and it is repaired before the change is applied:
//!    - the base is the version we wrote that is closest to the file on disk (the fewest
//!      differing fields; the newest on ties): the one the outside writer most likely read;
//!    - a field (of a PR, or at the top level) that the outside writer changed from the base
//!      takes its value; every other field keeps ours (the last version we wrote);
//!    - PRs it removed from the base are removed, PRs it added are kept, PRs we added since the
//!      base are kept, PRs we removed since the base stay removed;
//!    - if the result equals the file on disk, the file is not rewritten just for that.
//!
//!    The service polls [`Store::fingerprint`] and calls [`Store::repair`] when the file
//!    changes, so a lost update is healed within one poll even when no one else writes.
//!
//! # What remains
//!
//! - An outside writer that renames its copy between our check and our own rename is replaced
//!   by our version and its change is lost. The window is a few system calls long.
//! - An outside copy made from a version older than the history keeps is merged against the
//!   closest version kept, which may undo some of our changes it never saw.
//! - A writer that replaces the file more often than one flushed write of ours takes can keep
//!   every attempt from landing; `update` then gives up with [`StoreError::KeptChanging`].
//! - Fields the outside writer does not know and drops (the Python page drops unknown fields)
//!   count as changed by it, so they are dropped: keep nothing precious in unknown fields.
//!
//! A malformed file is never overwritten: [`Store::load`] and [`Store::update`] both answer
//! [`StoreError::Malformed`] and leave the bytes on disk alone. A missing file is an empty
//! testing set, and `update` creates it.

mod codec;
mod disk;
mod history;
mod merge;
pub mod model;
mod pyjson;

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use fd_lock::RwLock;

pub use model::{ParseError, TestingPr, TestingState, format_timestamp, parse_timestamp};

use disk::{Snapshot, Staged};
use history::{History, LockRecord, sha256_hex};
use merge::Parts;

/// How many times `update` reads and re-applies a change when the file keeps being replaced
/// under it before giving up.
const MAX_ATTEMPTS: u32 = 50;

/// Why the store could not read or write the state file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{} is not a usable testing-set file: {reason}. Fix or restore it; testbed will not \
         overwrite it",
        path.display()
    )]
    Malformed { path: PathBuf, reason: ParseError },
    #[error("could not {op} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        op: &'static str,
        #[source]
        source: io::Error,
    },
    #[error(
        "{} kept being replaced by another program while testbed was writing it; gave up after \
         {attempts} attempts",
        path.display()
    )]
    KeptChanging { path: PathBuf, attempts: u32 },
    #[error("could not merge the changes another program made to {}: {reason}", path.display())]
    Merge { path: PathBuf, reason: String },
}

/// The identity of the state file on disk; a change means someone wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileFingerprint {
    pub device: u64,
    pub inode: u64,
    pub size: u64,
    pub modified_ns: i128,
}

/// The state file and its sidecars. Blocking: call it from `spawn_blocking` in async code.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    lock_path: PathBuf,
    /// Shared by clones, so a service holding several handles reads the history once.
    history: Arc<Mutex<History>>,
}

/// The sidecar files, while one update holds the lock.
struct Sidecars<'a> {
    history: &'a mut History,
    lock_file: &'a File,
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl Store {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Self {
            lock_path: sidecar(&path, ".lock"),
            history: Arc::new(Mutex::new(History::new(sidecar(&path, ".history")))),
            path,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads without the lock (writers replace the file atomically). Missing file → empty state.
    pub fn load(&self) -> Result<TestingState, StoreError> {
        let snapshot = Snapshot::read(&self.path).map_err(|err| self.io("read", err))?;
        self.parse(&snapshot)
    }

    /// Cheap identity of the file on disk, `None` if it is missing. Poll it to notice changes
    /// made by other processes.
    pub fn fingerprint(&self) -> Option<FileFingerprint> {
        FileFingerprint::of_path(&self.path)
    }

    /// Heals a file replaced by a writer that ignores the lock (see the module docs), writing
    /// only if something of ours was lost. Returns the state now on disk.
    /// When the folder cannot be written (read-only, full), the file is read as it is: a repair
    /// waits for the next write, and the testing set stays on the dashboard meanwhile.
    pub fn repair(&self) -> Result<TestingState, StoreError> {
        match self.update(|_| ()) {
            Ok(((), state)) => Ok(state),
            Err(err @ StoreError::Io { .. }) => {
                let state = self.load()?;
                tracing::warn!(
                    path = %self.path.display(), reason = %err,
                    "cannot write beside the state file; reading it without repairing it"
                );
                Ok(state)
            }
            Err(err) => Err(err),
        }
    }

    /// One read-modify-write under the exclusive lock. `change` may run more than once, each
    /// time on a fresh copy; the returned value is from the application that was written.
    /// Nothing is written when the change leaves the state as it was on disk.
    pub fn update<T>(
        &self,
        mut change: impl FnMut(&mut TestingState) -> T,
    ) -> Result<(T, TestingState), StoreError> {
        let lock_file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&self.lock_path)
            .map_err(|err| self.sidecar_io(&self.lock_path, "open", err))?;
        let mut lock = RwLock::new(lock_file);
        let guard = lock.write().map_err(|err| self.sidecar_io(&self.lock_path, "lock", err))?;
        let lock_file: &File = &guard;
        let mut record = LockRecord::read_from(lock_file);
        // Taken only while holding the file lock, so threads of this process cannot deadlock.
        let mut history = self.history.lock().unwrap_or_else(PoisonError::into_inner);
        let mut files = Sidecars { history: &mut history, lock_file };

        for attempt in 1..=MAX_ATTEMPTS {
            let snapshot = Snapshot::read(&self.path).map_err(|err| self.io("read", err))?;
            let on_disk = self.parse(&snapshot)?;
            let disk_sha = snapshot.bytes.as_deref().map(sha256_hex);
            let current = match &disk_sha {
                Some(sha) if *sha == record.renaming_sha256 => {
                    // Renamed by an update that died before recording it: ours, and the
                    // newest version, whatever the history says.
                    self.remember(&mut files, &mut record, sha, &on_disk);
                    on_disk.clone()
                }
                Some(sha) if *sha != record.last_written_sha256 => {
                    self.merge_outside_change(&mut files, &on_disk, sha, &mut record, attempt)?
                }
                _ => on_disk.clone(),
            };

            let mut next = current;
            let value = change(&mut next);
            if snapshot.bytes.is_some() && next == on_disk {
                if let Some(sha) = &disk_sha {
                    self.remember(&mut files, &mut record, sha, &on_disk);
                }
                return Ok((value, next));
            }

            // Checked before the flushed write as well, so that a file replaced while the
            // change was computed costs no write; the check that counts is the one before the
            // rename.
            let bytes = next
                .encode()
                .map_err(|err| self.io("lay out a new version of", io::Error::other(err)))?;
            let staged = match self.still_as_read(&snapshot) {
                true => Some(
                    Staged::write(&self.path, &bytes, snapshot.metadata.as_ref())
                        .map_err(|err| self.io("write a new version of", err))?,
                ),
                false => None,
            };
            match staged {
                Some(staged) if self.still_as_read(&snapshot) => {
                    let sha = sha256_hex(&bytes);
                    self.announce_rename(&files, &mut record, &sha);
                    staged.commit(&self.path).map_err(|err| self.io("replace", err))?;
                    self.remember(&mut files, &mut record, &sha, &next);
                    return Ok((value, next));
                }
                _ => tracing::info!(
                    path = %self.path.display(),
                    attempt,
                    reason = "replaced by another program while writing",
                    "state file changed before the rename; reading it again"
                ),
            }
        }
        Err(StoreError::KeptChanging { path: self.path.clone(), attempts: MAX_ATTEMPTS })
    }

    /// The state to apply a change to when the file on disk is not the last version we wrote.
    fn merge_outside_change(
        &self,
        files: &mut Sidecars<'_>,
        on_disk: &TestingState,
        disk_sha: &str,
        record: &mut LockRecord,
        attempt: u32,
    ) -> Result<TestingState, StoreError> {
        let history_path = files.history.path().to_owned();
        let versions = match files.history.versions() {
            Ok(versions) => versions,
            Err(err) => {
                tracing::warn!(
                    path = %history_path.display(), reason = %err,
                    "cannot read the versions testbed wrote; taking the state file as it is"
                );
                return Ok(on_disk.clone());
            }
        };
        let Some(ours) = versions.last() else {
            return Ok(on_disk.clone());
        };
        if ours.sha256 == disk_sha {
            // We wrote it but did not get to record it (a crash right after the rename).
            record.last_written_sha256 = ours.sha256.clone();
            if let Err(err) = record.write_to(files.lock_file) {
                tracing::warn!(
                    path = %self.lock_path.display(), reason = %err,
                    "cannot record which version was written last"
                );
            }
            return Ok(on_disk.clone());
        }
        let merge_error = |err: serde_json::Error| StoreError::Merge {
            path: self.path.clone(),
            reason: err.to_string(),
        };
        let theirs = Parts::of(on_disk).map_err(merge_error)?;
        let Some(base) = merge::closest(versions.iter().map(|v| &v.parts), &theirs) else {
            return Ok(on_disk.clone());
        };
        let merged =
            merge::merge(&versions[base].parts, &ours.parts, &theirs).map_err(merge_error)?;
        tracing::info!(
            path = %self.path.display(),
            attempt,
            reason = "replaced by a writer that ignores the lock",
            base_age = versions.len() - 1 - base,
            lost_changes_restored = merged != *on_disk,
            "merged the outside change with the versions testbed wrote"
        );
        Ok(merged)
    }

    /// Notes in the lock file which version is about to replace the state file (see
    /// [`history::LockRecord::renaming_sha256`]). Failing to note it only weakens a repair.
    fn announce_rename(&self, files: &Sidecars<'_>, record: &mut LockRecord, sha: &str) {
        sha.clone_into(&mut record.renaming_sha256);
        if let Err(err) = record.write_to(files.lock_file) {
            tracing::warn!(
                path = %self.lock_path.display(), reason = %err,
                "cannot note which version is being written"
            );
        }
    }

    /// Records `state` as the last version written (or adopted as ours). A failure here is
    /// logged, not returned: the change itself is already on disk.
    fn remember(
        &self,
        files: &mut Sidecars<'_>,
        record: &mut LockRecord,
        sha: &str,
        state: &TestingState,
    ) {
        record.renaming_sha256.clear();
        if record.last_written_sha256 == sha {
            return;
        }
        let result = files.history.append(sha, state).and_then(|()| {
            record.history_lines += 1;
            if record.history_lines >= 2 * history::KEEP {
                record.history_lines = files.history.compact()?;
            }
            record.last_written_sha256 = sha.to_owned();
            record.write_to(files.lock_file)
        });
        if let Err(err) = result {
            tracing::warn!(
                path = %self.path.display(), reason = %err,
                "the change is written, but recording it for repairs failed"
            );
        }
    }

    fn still_as_read(&self, snapshot: &Snapshot) -> bool {
        self.fingerprint() == snapshot.fingerprint
    }

    fn parse(&self, snapshot: &Snapshot) -> Result<TestingState, StoreError> {
        match &snapshot.bytes {
            None => Ok(TestingState::default()),
            Some(bytes) => TestingState::parse(bytes)
                .map_err(|reason| StoreError::Malformed { path: self.path.clone(), reason }),
        }
    }

    fn io(&self, op: &'static str, source: io::Error) -> StoreError {
        self.sidecar_io(&self.path, op, source)
    }

    fn sidecar_io(&self, path: &Path, op: &'static str, source: io::Error) -> StoreError {
        StoreError::Io { path: path.to_owned(), op, source }
    }
}
