//! The versions of the state file this store wrote, kept so that a copy written by a program
//! that ignores the lock can be merged back instead of silently undoing our changes.
//!
//! Two sidecar files, both changed only while the lock is held:
//! - `<state>.lock` is the file the lock is taken on; it also holds a small [`LockRecord`] with
//!   the hash of the last version written, so the common case costs one small read;
//! - `<state>.history` holds the last versions written, one JSON object per line, oldest first,
//!   compacted to [`KEEP`] versions once it reaches twice that.
//!
//! Both are aids for repair, not the data: an unreadable line or record is skipped, never fatal.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::FileFingerprint;
use super::disk::folder_of;
use super::merge::Parts;
use super::model::TestingState;

/// How many written versions the history keeps after compaction. A lock-ignoring writer whose
/// copy is older than this many of our writes can no longer be merged precisely.
pub const KEEP: usize = 64;

/// The hex SHA-256 of a file's bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// What the lock file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockRecord {
    /// Hash of the bytes of the last version this store wrote (or adopted), "" if none.
    #[serde(default)]
    pub last_written_sha256: String,
    /// How many lines the history file holds, to know when to compact it without reading it.
    #[serde(default)]
    pub history_lines: usize,
    /// Hash of the version about to be renamed over the state file, written just before the
    /// rename: if the process dies between the rename and recording it, the next update knows
    /// the file on disk is ours, not an outside writer's to merge.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub renaming_sha256: String,
}

impl LockRecord {
    /// Reads the record from the locked file; an empty or unreadable record is an empty one.
    pub fn read_from(mut file: &File) -> Self {
        let mut text = String::new();
        let read = file.seek(SeekFrom::Start(0)).and_then(|_| file.read_to_string(&mut text));
        match read {
            Ok(_) => serde_json::from_str(&text).unwrap_or_default(),
            Err(_) => Self::default(),
        }
    }

    pub fn write_to(&self, mut file: &File) -> io::Result<()> {
        let text = serde_json::to_string(self).map_err(io::Error::other)?;
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")
    }
}

/// One version this store wrote, in the form the merge compares.
#[derive(Debug, Clone)]
pub struct Version {
    pub sha256: String,
    pub parts: Parts,
}

#[derive(Serialize, Deserialize)]
struct Line {
    sha256: String,
    written_at: String,
    state: Value,
}

/// The history file, and what this process has read of it so far. The file only grows between
/// compactions (which replace it), so a repeated read only parses the lines appended since,
/// by whichever process appended them.
#[derive(Debug)]
pub struct History {
    path: PathBuf,
    read_from: Option<FileFingerprint>,
    read_up_to: u64,
    versions: Vec<Version>,
}

impl History {
    pub fn new(path: PathBuf) -> Self {
        Self { path, read_from: None, read_up_to: 0, versions: Vec::new() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every readable version, oldest first.
    pub fn versions(&mut self) -> io::Result<&[Version]> {
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                self.forget();
                return Ok(&self.versions);
            }
            Err(err) => return Err(err),
        };
        let now = FileFingerprint::of(&file.metadata()?);
        let same_file =
            self.read_from.is_some_and(|then| (then.device, then.inode) == (now.device, now.inode));
        if !same_file || now.size < self.read_up_to {
            self.forget();
        }
        self.read_from = Some(now);
        file.seek(SeekFrom::Start(self.read_up_to))?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail)?;
        // Only whole lines: a line still being appended is read next time.
        let whole = tail.iter().rposition(|&byte| byte == b'\n').map_or(0, |at| at + 1);
        self.read_up_to += whole as u64;
        for line in tail[..whole].split(|&byte| byte == b'\n') {
            // A torn line (a crash while appending) is skipped like any unreadable one.
            let Ok(line) = serde_json::from_slice::<Line>(line) else {
                continue;
            };
            if let Ok(parts) = Parts::from_value(line.state) {
                self.versions.push(Version { sha256: line.sha256, parts });
            }
        }
        let excess = self.versions.len().saturating_sub(2 * KEEP);
        self.versions.drain(..excess);
        Ok(&self.versions)
    }

    fn forget(&mut self) {
        self.read_from = None;
        self.read_up_to = 0;
        self.versions.clear();
    }

    pub fn append(&self, sha256: &str, state: &TestingState) -> io::Result<()> {
        let state = serde_json::to_value(state).map_err(io::Error::other)?;
        let line = Line { sha256: sha256.to_owned(), written_at: Utc::now().to_rfc3339(), state };
        let mut text = serde_json::to_string(&line).map_err(io::Error::other)?;
        text.push('\n');
        let mut file = OpenOptions::new().create(true).append(true).open(&self.path)?;
        file.write_all(text.as_bytes())
    }

    /// Rewrites the history with only its newest [`KEEP`] lines; returns how many remain.
    pub fn compact(&mut self) -> io::Result<usize> {
        let text = match fs::read(&self.path) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(err) => return Err(err),
        };
        let lines: Vec<&[u8]> =
            text.split(|&byte| byte == b'\n').filter(|line| !line.is_empty()).collect();
        let kept = &lines[lines.len().saturating_sub(KEEP)..];
        let mut temp = tempfile::NamedTempFile::new_in(folder_of(&self.path))?;
        for line in kept {
            temp.write_all(line)?;
            temp.write_all(b"\n")?;
        }
        temp.persist(&self.path).map_err(|err| err.error)?;
        self.forget();
        Ok(kept.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> TestingState {
        let mut state = TestingState::default();
        state.extra.insert("n".into(), n.into());
        state
    }

    #[test]
    fn history_keeps_the_newest_versions_and_skips_torn_lines() {
        let dir = tempfile::tempdir().unwrap();
        let mut history = History::new(dir.path().join("_testing-prs.json.history"));
        assert!(history.versions().unwrap().is_empty());
        for n in 0..(KEEP + 5) {
            history.append(&format!("sha{n}"), &numbered(n)).unwrap();
        }
        let mut file = OpenOptions::new().append(true).open(history.path()).unwrap();
        file.write_all(b"{\"sha256\": \"torn\n").unwrap();

        assert_eq!(history.versions().unwrap().len(), KEEP + 5);
        assert_eq!(history.compact().unwrap(), KEEP, "the torn line is one of those kept");
        let versions = history.versions().unwrap();
        assert_eq!(versions.len(), KEEP - 1);
        assert_eq!(versions[0].sha256, "sha6");
        assert_eq!(versions[KEEP - 2].sha256, format!("sha{}", KEEP + 4));
    }

    #[test]
    fn a_second_reader_sees_lines_appended_by_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("_testing-prs.json.history");
        let mut reader = History::new(path.clone());
        let other = History::new(path);
        other.append("sha0", &numbered(0)).unwrap();
        assert_eq!(reader.versions().unwrap().len(), 1);
        other.append("sha1", &numbered(1)).unwrap();
        let shas: Vec<&str> =
            reader.versions().unwrap().iter().map(|v| v.sha256.as_str()).collect();
        assert_eq!(shas, ["sha0", "sha1"]);
    }

    #[test]
    fn the_lock_record_survives_a_rewrite_and_ignores_junk() {
        let file = tempfile::tempfile().unwrap();
        assert_eq!(LockRecord::read_from(&file), LockRecord::default());
        let record = LockRecord {
            last_written_sha256: "ab".into(),
            history_lines: 3,
            renaming_sha256: "cd".into(),
        };
        record.write_to(&file).unwrap();
        assert_eq!(LockRecord::read_from(&file), record);
        // A record written before the rename was noted reads with nothing being renamed.
        file.set_len(0).unwrap();
        (&file).seek(SeekFrom::Start(0)).unwrap();
        (&file).write_all(br#"{"last_written_sha256":"ab","history_lines":3}"#).unwrap();
        assert_eq!(LockRecord::read_from(&file).renaming_sha256, "");
        (&file).write_all(b"junk").unwrap();
        assert_eq!(LockRecord::read_from(&file), LockRecord::default());
    }
}
