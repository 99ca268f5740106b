//! The audit log: who changed the testing set, when, through which channel, and what came of it.
//!
//! One JSON line per mutation, in a file of its own beside the state file
//! (`<state file>.audit.jsonl`): the legacy Python writer drops fields it does not know, so a
//! log kept inside the state file would not last. Appending is safe from several processes at
//! once; reading starts from the end, so showing the latest entries costs the same for a log of
//! a hundred lines or of a hundred megabytes.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::PrNumber;

/// An entry longer than this is refused on append and skipped on read: real entries are a few
/// kilobytes, and a bound keeps a damaged file from being read into memory whole.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// How much is read at a time when walking back from the end of the log.
const CHUNK_BYTES: usize = 64 * 1024;

/// How a change reached the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The dashboard, from a signed-in browser.
    Web,
    /// A script with a bearer token.
    Api,
    /// A `/testing` command in a PR comment.
    Comment,
    /// An event GitHub sent on its own (a merge, a push).
    Webhook,
    /// The service itself: a reconcile, a scheduled refresh.
    System,
}

/// What came of an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Outcome {
    /// A short summary, such as "deployed" or "deploy in progress".
    Text(String),
    /// One result per PR, as the operation reported it.
    PerPr(Vec<serde_json::Value>),
}

/// One mutation, as one line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// A GitHub login, or the name of the API token used.
    pub actor: String,
    pub channel: Channel,
    /// The operation's name: `add`, `remove`, `enable`, `disable`, `update`, `refresh`,
    /// `deploy`, … Kept as text so entries of operations added later still read everywhere.
    pub operation: String,
    pub prs: Vec<u64>,
    pub outcome: Outcome,
    /// Anything else worth keeping, such as the Jenkins queue item of a deploy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

impl AuditEntry {
    /// An entry stamped now, without detail.
    pub fn new(
        actor: impl Into<String>,
        channel: Channel,
        operation: impl Into<String>,
        prs: impl IntoIterator<Item = PrNumber>,
        outcome: Outcome,
    ) -> Self {
        Self {
            at: Utc::now(),
            actor: actor.into(),
            channel,
            operation: operation.into(),
            prs: prs.into_iter().map(PrNumber::get).collect(),
            outcome,
            detail: None,
        }
    }
}

/// Why the audit log could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("cannot {action} the audit log {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("an audit entry could not be written as JSON: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("an audit entry of {bytes} bytes is larger than the {MAX_LINE_BYTES} bytes allowed")]
    TooLarge { bytes: usize },
}

/// The audit log file. Cheap to clone; every call opens the file anew, so a log that is moved
/// away or deleted is simply started again.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
    sync: bool,
}

impl AuditLog {
    /// The log at `path`. Appends are not flushed to disk one by one: the state file is the
    /// record that must survive a power cut, and an fsync per entry would slow every mutation
    /// for the sake of its last line. [`AuditLog::with_sync`] changes that.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), sync: false }
    }

    /// The log that belongs to a state file: `<state file>.audit.jsonl`.
    pub fn beside(state_file: &Path) -> Self {
        let mut name = OsString::from(state_file.as_os_str());
        name.push(".audit.jsonl");
        Self::new(name)
    }

    /// Whether each append waits for the entry to reach the disk.
    pub fn with_sync(mut self, sync: bool) -> Self {
        self.sync = sync;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds one entry at the end, whole, even with other processes appending at the same time.
    pub fn append(&self, entry: &AuditEntry) -> Result<(), AuditError> {
        // Compact JSON escapes every newline inside strings, so the entry is exactly one line.
        let mut line = serde_json::to_vec(entry)?;
        if line.len() >= MAX_LINE_BYTES {
            return Err(AuditError::TooLarge { bytes: line.len() });
        }
        line.push(b'\n');
        let io_error = |action| move |source| self.io_error(action, source);
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&self.path)
            .map_err(io_error("open"))?;
        // O_APPEND already puts each write at the end; the lock also keeps a write the kernel
        // splits in two from interleaving with another process's, and serializes the repair
        // of a torn last line below.
        let mut lock = fd_lock::RwLock::new(file);
        let mut file = lock.write().map_err(io_error("lock"))?;
        if ends_mid_line(&mut file).map_err(io_error("read"))? {
            // A writer died halfway through a line; start afresh so this entry stays readable.
            line.insert(0, b'\n');
        }
        file.write_all(&line).map_err(io_error("append to"))?;
        if self.sync {
            file.sync_data().map_err(io_error("flush"))?;
        }
        Ok(())
    }

    /// The `n` latest entries, newest first. A missing log has none.
    pub fn recent(&self, n: usize) -> Result<Vec<AuditEntry>, AuditError> {
        self.all(0, n)
    }

    /// A page of entries, newest first: `limit` entries after skipping the `offset` newest.
    /// Ask for one more than a page holds to learn whether another page follows.
    pub fn all(&self, offset: usize, limit: usize) -> Result<Vec<AuditEntry>, AuditError> {
        self.scan(offset, limit).map(|(entries, _)| entries)
    }

    /// The page, and how many bytes of the file were read to find it.
    fn scan(&self, offset: usize, limit: usize) -> Result<(Vec<AuditEntry>, u64), AuditError> {
        let mut entries = Vec::new();
        if limit == 0 {
            return Ok((entries, 0));
        }
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok((entries, 0)),
            Err(err) => return Err(self.io_error("open", err)),
        };
        let mut skipped = 0;
        let read = lines_from_end(&mut file, |line| {
            if line.iter().all(u8::is_ascii_whitespace) {
                return true;
            }
            match serde_json::from_slice::<AuditEntry>(line) {
                Ok(_) if skipped < offset => skipped += 1,
                Ok(entry) => entries.push(entry),
                Err(error) => {
                    // A line cut short by a crash, or edited by hand: the rest is still good.
                    tracing::warn!(path = %self.path.display(), %error, "skipping audit line");
                }
            }
            entries.len() < limit
        })
        .map_err(|err| self.io_error("read", err))?;
        Ok((entries, read))
    }

    fn io_error(&self, action: &'static str, source: io::Error) -> AuditError {
        AuditError::Io { action, path: self.path.clone(), source }
    }
}

/// Whether the file is non-empty and its last byte is not a newline.
fn ends_mid_line(file: &mut File) -> io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// Calls `visit` with each line of the file, last line first, until it returns false; returns
/// how many bytes were read. Lines longer than [`MAX_LINE_BYTES`] are skipped unread.
fn lines_from_end(file: &mut File, mut visit: impl FnMut(&[u8]) -> bool) -> io::Result<u64> {
    let mut pos = file.metadata()?.len();
    let mut read = 0;
    let mut chunk = vec![0u8; CHUNK_BYTES];
    // The end of a line whose start lies further back, in chunks not read yet.
    let mut carry: Vec<u8> = Vec::new();
    let mut overlong = false;
    while pos > 0 {
        let start = pos.saturating_sub(CHUNK_BYTES as u64);
        let size = (pos - start) as usize;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut chunk[..size])?;
        read += size as u64;
        pos = start;
        let mut end = size;
        while let Some(newline) = chunk[..end].iter().rposition(|&b| b == b'\n') {
            let piece = &chunk[newline + 1..end];
            let go_on = if overlong {
                tracing::warn!("skipping an audit line longer than {MAX_LINE_BYTES} bytes");
                true
            } else if carry.is_empty() {
                visit(piece)
            } else {
                let mut line = piece.to_vec();
                line.append(&mut carry);
                visit(&line)
            };
            if !go_on {
                return Ok(read);
            }
            carry.clear();
            overlong = false;
            end = newline;
        }
        if !overlong {
            if carry.len() + end > MAX_LINE_BYTES {
                overlong = true;
                carry.clear();
            } else {
                carry.splice(0..0, chunk[..end].iter().copied());
            }
        }
    }
    if overlong {
        tracing::warn!("skipping an audit line longer than {MAX_LINE_BYTES} bytes");
    } else if !carry.is_empty() {
        visit(&carry);
    }
    Ok(read)
}

#[cfg(test)]
mod tests;
