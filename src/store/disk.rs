//! Reading the state file with the identity of what was read, and replacing it atomically.

use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::path::Path;

use super::FileFingerprint;

/// The state file as it was when read: its bytes and identity, or nothing if it is missing.
pub struct Snapshot {
    pub bytes: Option<Vec<u8>>,
    pub fingerprint: Option<FileFingerprint>,
    pub metadata: Option<Metadata>,
}

impl Snapshot {
    pub fn read(path: &Path) -> io::Result<Self> {
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Ok(Self { bytes: None, fingerprint: None, metadata: None });
            }
            Err(err) => return Err(err),
        };
        // The identity comes from the open handle, so it belongs to the bytes read even if
        // the path is replaced meanwhile.
        let metadata = file.metadata()?;
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        file.read_to_end(&mut bytes)?;
        Ok(Self {
            bytes: Some(bytes),
            fingerprint: Some(FileFingerprint::of(&metadata)),
            metadata: Some(metadata),
        })
    }
}

impl FileFingerprint {
    #[cfg(unix)]
    pub(super) fn of(metadata: &Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        let modified_ns =
            i128::from(metadata.mtime()) * 1_000_000_000 + i128::from(metadata.mtime_nsec());
        Self { device: metadata.dev(), inode: metadata.ino(), size: metadata.size(), modified_ns }
    }

    #[cfg(not(unix))]
    pub(super) fn of(metadata: &Metadata) -> Self {
        let modified_ns = metadata
            .modified()
            .ok()
            .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos() as i128);
        Self { device: 0, inode: 0, size: metadata.len(), modified_ns }
    }

    pub(super) fn of_path(path: &Path) -> Option<Self> {
        fs::metadata(path).ok().map(|metadata| Self::of(&metadata))
    }
}

/// The folder a file lives in; "." for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A new version written to a uniquely named file beside the state file and flushed to disk,
/// waiting to be renamed over it.
pub struct Staged {
    temp: tempfile::NamedTempFile,
}

impl Staged {
    /// `like` is the file being replaced: the new one keeps its permissions, so readers running
    /// as another user (the Python page) can still read it.
    pub fn write(path: &Path, bytes: &[u8], like: Option<&Metadata>) -> io::Result<Self> {
        let name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(folder_of(path))?;
        temp.write_all(bytes)?;
        match like {
            Some(metadata) => fs::set_permissions(temp.path(), metadata.permissions())?,
            None => set_default_permissions(temp.path())?,
        }
        temp.as_file().sync_all()?;
        Ok(Self { temp })
    }

    /// Renames the staged file over `path` and flushes the folder so the rename itself lasts.
    /// An error means the state file was not replaced. Once the rename is done the new version
    /// is what every reader sees, so a failure to flush the folder after it is logged rather
    /// than reported as a change that did not happen.
    pub fn commit(self, path: &Path) -> io::Result<()> {
        self.temp.persist(path).map_err(|err| err.error)?;
        if let Err(err) = sync_folder(folder_of(path)) {
            tracing::warn!(
                path = %path.display(), reason = %err,
                "the state file is replaced, but flushing its folder failed: a power cut now \
                 could bring back the previous version"
            );
        }
        Ok(())
    }
}

#[cfg(unix)]
fn set_default_permissions(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // What Python's open() gives under the usual umask; temp files start private (0600).
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn sync_folder(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_dir: &Path) -> io::Result<()> {
    Ok(())
}
