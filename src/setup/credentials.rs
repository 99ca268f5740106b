//! The registered App's credentials on disk: `KEY=value` lines with Probot's names, readable by
//! the owner only.

use std::fmt;
use std::io::Write;
use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::SetupError;

/// What testbed needs to run as the App. `Debug` shows the ids, never the secrets.
#[derive(Clone)]
pub struct AppCredentials {
    pub app_id: u64,
    pub private_key: SecretString,
    pub webhook_secret: SecretString,
    pub client_id: String,
    pub client_secret: SecretString,
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_id", &self.app_id)
            .field("private_key", &"[redacted]")
            .field("webhook_secret", &"[redacted]")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

/// GitHub's answer to `POST /app-manifests/{code}/conversions`, as far as testbed uses it.
#[derive(Deserialize)]
pub(crate) struct Conversion {
    pub id: u64,
    pub slug: String,
    #[serde(deserialize_with = "secret")]
    pub pem: SecretString,
    #[serde(default, deserialize_with = "optional_secret")]
    pub webhook_secret: Option<SecretString>,
    pub client_id: String,
    #[serde(deserialize_with = "secret")]
    pub client_secret: SecretString,
    pub html_url: String,
    pub owner: Option<Owner>,
}

// By hand: `secrecy` is built without its `serde` feature.
fn secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    String::deserialize(d).map(SecretString::from)
}

fn optional_secret<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<SecretString>, D::Error> {
    Option::<String>::deserialize(d).map(|s| s.map(SecretString::from))
}

#[derive(Deserialize)]
pub(crate) struct Owner {
    pub login: String,
}

impl Conversion {
    pub fn credentials(&self) -> AppCredentials {
        AppCredentials {
            app_id: self.id,
            private_key: self.pem.clone(),
            // GitHub leaves it out when the manifest sets no webhook; an empty secret then
            // keeps `POST /webhook` refusing everything.
            webhook_secret: self.webhook_secret.clone().unwrap_or_else(|| "".into()),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
        }
    }
}

/// The file's text. The PEM's newlines become `\n`, as Probot writes it, so every value fits on
/// one line.
fn render(credentials: &AppCredentials, slug: &str) -> String {
    let key = credentials.private_key.expose_secret().trim_end().replace('\n', "\\n");
    format!(
        "# The GitHub App {slug}, registered through testbed's /setup. Keep this file secret.\n\
         APP_ID={}\nPRIVATE_KEY={key}\nWEBHOOK_SECRET={}\nGITHUB_CLIENT_ID={}\n\
         GITHUB_CLIENT_SECRET={}\n",
        credentials.app_id,
        credentials.webhook_secret.expose_secret(),
        credentials.client_id,
        credentials.client_secret.expose_secret(),
    )
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> SetupError + '_ {
    move |source| SetupError::Io { path: path.to_owned(), source }
}

/// Writes the file atomically, owner-only from the first byte: a temporary file made with mode
/// 0600 in the same folder, then renamed over `path`.
pub(crate) fn write(
    path: &Path,
    credentials: &AppCredentials,
    slug: &str,
) -> Result<(), SetupError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".testbed-app.").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut file = builder.tempfile_in(folder).map_err(io_error(path))?;
    file.write_all(render(credentials, slug).as_bytes()).map_err(io_error(path))?;
    file.as_file().sync_all().map_err(io_error(path))?;
    file.persist(path).map_err(|e| io_error(path)(e.error))?;
    Ok(())
}

/// The credentials in `path`, or `None` when there is no such file.
///
/// A file that group or others may read or write is refused: the key in it opens the App.
pub fn load_credentials(path: &Path) -> Result<Option<AppCredentials>, SetupError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(SetupError::Io { path: path.to_owned(), source }),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_err(io_error(path))?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(SetupError::Exposed { path: path.to_owned(), mode: mode & 0o777 });
        }
    }
    parse(path, &text).map(Some)
}

fn parse(path: &Path, text: &str) -> Result<AppCredentials, SetupError> {
    let malformed = |reason: String| SetupError::Malformed { path: path.to_owned(), reason };
    let mut fields = std::collections::HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(malformed(format!("line {} is not KEY=value", n + 1)));
        };
        // Quotes are what a hand-edited .env often has; they are not part of the value.
        let value = value.trim();
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        fields.insert(key.trim().to_owned(), value.to_owned());
    }
    let mut take =
        |key: &str| fields.remove(key).ok_or_else(|| malformed(format!("{key} is missing")));
    let app_id = take("APP_ID")?;
    let app_id =
        app_id.parse().map_err(|_| malformed(format!("APP_ID {app_id:?} is not a number")))?;
    Ok(AppCredentials {
        app_id,
        private_key: pem(&take("PRIVATE_KEY")?).into(),
        webhook_secret: take("WEBHOOK_SECRET")?.into(),
        client_id: take("GITHUB_CLIENT_ID")?,
        client_secret: take("GITHUB_CLIENT_SECRET")?.into(),
    })
}

/// The PEM as GitHub handed it out: real newlines, and one at the end.
fn pem(escaped: &str) -> String {
    let mut key = escaped.replace("\\n", "\n");
    if !key.ends_with('\n') {
        key.push('\n');
    }
    key
}
