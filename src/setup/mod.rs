//! One-click GitHub App registration, after Probot's: while no App is configured, `GET /setup`
//! offers to register one from `app-manifest.yml` through GitHub's manifest flow, and
//! `GET /setup/callback` trades GitHub's code for the App's credentials and writes them to a
//! file that `testbed serve` reads after a restart.
//!
//! The state in GitHub's round trip is random, single use, short lived, and tied to the browser
//! that started it by a cookie, so nobody can make testbed adopt an App they registered.

mod credentials;
mod flow;
mod manifest;
mod pages;

use std::path::PathBuf;

pub use credentials::{AppCredentials, load_credentials};
pub use flow::routes;

/// Where the registration points GitHub and browsers, and where it keeps the result.
#[derive(Debug, Clone)]
pub struct SetupConfig {
    /// The address GitHub and browsers reach testbed at, such as `https://testing.example.org`.
    pub public_url: String,
    /// GitHub's web pages: `https://github.com`.
    pub web_base: String,
    /// GitHub's API: `https://api.github.com`.
    pub api_base: String,
    /// Registers the App under this organisation instead of the signed-in user.
    pub org: Option<String>,
    /// Where the credentials go (conventionally `.testbed-app.env` beside the state file).
    pub credentials_file: PathBuf,
}

impl SetupConfig {
    /// The default credentials file for a state file: `.testbed-app.env` in the same folder.
    pub fn default_credentials_file(state_file: &std::path::Path) -> PathBuf {
        state_file.with_file_name(".testbed-app.env")
    }
}

/// What can go wrong while registering the App or reading its credentials.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("this registration link expired or was already used; start again")]
    BadState,
    #[error("GitHub sent no registration code")]
    MissingCode,
    #[error("GitHub refused the registration code ({status}): {message}")]
    Refused { status: u16, message: String },
    #[error("GitHub could not be reached: {0}")]
    Unreachable(String),
    #[error("GitHub's answer was not understood: {0}")]
    BadAnswer(String),
    #[error("an App is already registered in {0}; delete the file to register another")]
    AlreadyRegistered(PathBuf),
    #[error("app-manifest.yml is not valid YAML: {0}")]
    Manifest(#[from] serde_norway::Error),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "{path} may be read by others (mode {mode:o}); it holds the App's private key: \
         run `chmod 600 {path}`"
    )]
    Exposed { path: PathBuf, mode: u32 },
    #[error("{path}: {reason}")]
    Malformed { path: PathBuf, reason: String },
    #[error("the system has no randomness to offer: {0}")]
    Random(String),
}
