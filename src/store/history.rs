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

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

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
}

impl LockRecord {
    /// Reads the record from the locked file; an empty or unreadable record is an empty one.
    pub fn read_from(mut file: &File) -> Self {
        let mut text = String::new();
        let read = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_string(&mut text));
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

/// One version this store wrote.
#[derive(Debug, Clone)]
pub struct Version {
    pub sha256: String,
    pub state: TestingState,
}

#[derive(Serialize, Deserialize)]
struct Line {
    sha256: String,
    written_at: String,
    state: Value,
}

pub struct History {
    path: PathBuf,
}

impl History {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every readable version, oldest first.
    pub fn read(&self) -> io::Result<Vec<Version>> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(err),
        };
        let mut versions = Vec::new();
        for line in BufReader::new(file).lines() {
            // A torn last line (a crash while appending) is skipped like any unreadable one.
            let Ok(line) = serde_json::from_str::<Line>(&line?) else {
                continue;
            };
            if let Ok(state) = serde_json::from_value(line.state) {
                versions.push(Version {
                    sha256: line.sha256,
                    state,
                });
            }
        }
        Ok(versions)
    }

    pub fn append(&self, sha256: &str, state: &TestingState) -> io::Result<()> {
        let mut text = line_text(sha256, state)?;
        text.push('\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(text.as_bytes())
    }

    /// Rewrites the history with only its newest [`KEEP`] versions; returns how many remain.
    pub fn compact(&self) -> io::Result<usize> {
        let versions = self.read()?;
        let kept = &versions[versions.len().saturating_sub(KEEP)..];
        let dir = self.path.parent().filter(|dir| !dir.as_os_str().is_empty());
        let mut temp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))?;
        for version in kept {
            let mut text = line_text(&version.sha256, &version.state)?;
            text.push('\n');
            temp.write_all(text.as_bytes())?;
        }
        temp.persist(&self.path).map_err(|err| err.error)?;
        Ok(kept.len())
    }
}

fn line_text(sha256: &str, state: &TestingState) -> io::Result<String> {
    let state = serde_json::to_value(state).map_err(io::Error::other)?;
    let line = Line {
        sha256: sha256.to_owned(),
        written_at: Utc::now().to_rfc3339(),
        state,
    };
    serde_json::to_string(&line).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_keeps_the_newest_versions_and_skips_torn_lines() {
        let dir = tempfile::tempdir().unwrap();
        let history = History::new(dir.path().join("_testing-prs.json.history"));
        assert!(history.read().unwrap().is_empty());
        for n in 0..(KEEP + 5) {
            let mut state = TestingState::default();
            state.extra.insert("n".into(), n.into());
            history.append(&format!("sha{n}"), &state).unwrap();
        }
        let mut file = OpenOptions::new()
            .append(true)
            .open(history.path())
            .unwrap();
        file.write_all(b"{\"sha256\": \"torn").unwrap();

        assert_eq!(history.read().unwrap().len(), KEEP + 5);
        assert_eq!(history.compact().unwrap(), KEEP);
        let versions = history.read().unwrap();
        assert_eq!(versions.len(), KEEP);
        assert_eq!(versions[0].sha256, "sha5");
        assert_eq!(versions[KEEP - 1].state.extra["n"], KEEP + 4);
    }

    #[test]
    fn the_lock_record_survives_a_rewrite_and_ignores_junk() {
        let file = tempfile::tempfile().unwrap();
        assert_eq!(LockRecord::read_from(&file), LockRecord::default());
        let record = LockRecord {
            last_written_sha256: "ab".into(),
            history_lines: 3,
        };
        record.write_to(&file).unwrap();
        assert_eq!(LockRecord::read_from(&file), record);
        (&file).write_all(b"junk").unwrap();
        assert_eq!(LockRecord::read_from(&file), LockRecord::default());
    }
}
