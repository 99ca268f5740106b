//! The GitHub client: octocrab authenticated as an App installation, with a personal token, or
//! anonymously; conditional requests, rate-limit pauses, and the drift reconcile.

mod client;
mod comments;
mod error;
mod membership;
mod pulls;
mod ratelimit;
pub mod reconcile;
mod web;

use std::fmt;

use secrecy::SecretString;

pub use client::{DEFAULT_TIMEOUT, GithubClient};
pub use comments::{CommentId, Reaction};
pub use error::GithubError;
pub use membership::RepoRole;
pub use pulls::{PullInfo, PullLookup};
pub use ratelimit::RateLimitStatus;
pub use reconcile::{ReconcileReport, reconcile};
pub use web::web_client;

use crate::domain::RepoName;

/// GitHub's public API.
pub const DEFAULT_API_BASE: &str = "https://api.github.com";

/// Where GitHub is and who we are to it.
#[derive(Clone)]
pub struct GithubConfig {
    /// `https://api.github.com`, a GitHub Enterprise `https://host/api/v3`, or a simulator.
    pub api_base: String,
    pub repo: RepoName,
    pub auth: GithubAuth,
}

/// How the client authenticates.
#[derive(Clone)]
pub enum GithubAuth {
    /// Anonymous: public data only, and GitHub's smallest rate limit.
    None,
    /// A personal access token.
    Token(SecretString),
    /// A GitHub App: a JWT signed with the private key (PEM) buys installation tokens. Without
    /// an installation id, the installation on `repo` is looked up on first use.
    App { app_id: u64, private_key: SecretString, installation_id: Option<u64> },
}

// Written by hand so that no secret can reach a log through `{:?}`.
impl fmt::Debug for GithubAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GithubAuth::None => f.write_str("None"),
            GithubAuth::Token(_) => f.write_str("Token(..)"),
            GithubAuth::App { app_id, installation_id, .. } => f
                .debug_struct("App")
                .field("app_id", app_id)
                .field("installation_id", installation_id)
                .finish_non_exhaustive(),
        }
    }
}

impl fmt::Debug for GithubConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GithubConfig")
            .field("api_base", &self.api_base)
            .field("repo", &self.repo)
            .field("auth", &self.auth)
            .finish()
    }
}

impl GithubAuth {
    /// The kind of credentials, for logs and the system information panel.
    pub fn kind(&self) -> &'static str {
        match self {
            GithubAuth::None => "none",
            GithubAuth::Token(_) => "token",
            GithubAuth::App { .. } => "app",
        }
    }
}

impl GithubConfig {
    /// Reads `TESTBED_GITHUB_API`, then `APP_ID` with `PRIVATE_KEY` or `PRIVATE_KEY_PATH` (and
    /// optionally `TESTBED_GITHUB_INSTALLATION_ID`), else `GITHUB_TOKEN`, else no credentials.
    /// `lookup` is the environment (`|name| std::env::var(name).ok()`), injectable for tests.
    pub fn from_lookup(
        repo: RepoName,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<GithubConfig, GithubError> {
        let present = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let api_base = present("TESTBED_GITHUB_API").unwrap_or_else(|| DEFAULT_API_BASE.into());
        let auth = if let Some(app_id) = present("APP_ID") {
            let app_id = app_id
                .trim()
                .parse()
                .map_err(|_| GithubError::Config("APP_ID is not a number".into()))?;
            let pem = match (present("PRIVATE_KEY"), present("PRIVATE_KEY_PATH")) {
                (Some(pem), _) => pem,
                (None, Some(path)) => std::fs::read_to_string(path.trim()).map_err(|e| {
                    GithubError::Config(format!("cannot read PRIVATE_KEY_PATH: {e}"))
                })?,
                (None, None) => {
                    return Err(GithubError::Config(
                        "APP_ID is set but neither PRIVATE_KEY nor PRIVATE_KEY_PATH".into(),
                    ));
                }
            };
            let installation_id = match present("TESTBED_GITHUB_INSTALLATION_ID") {
                Some(id) => Some(id.trim().parse().map_err(|_| {
                    GithubError::Config("TESTBED_GITHUB_INSTALLATION_ID is not a number".into())
                })?),
                None => None,
            };
            GithubAuth::App { app_id, private_key: normalise_pem(&pem).into(), installation_id }
        } else if let Some(token) = present("GITHUB_TOKEN") {
            GithubAuth::Token(token.trim().to_owned().into())
        } else {
            GithubAuth::None
        };
        Ok(GithubConfig { api_base, repo, auth })
    }
}

/// Keys passed through an environment variable often arrive on one line with `\n` escapes, as
/// probot also accepts.
fn normalise_pem(pem: &str) -> String {
    if pem.contains('\n') { pem.to_owned() } else { pem.replace("\\n", "\n") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_prefers_the_app_and_never_shows_secrets() {
        let repo: RepoName = "internetarchive/openlibrary".parse().unwrap();
        let env = |name: &str| match name {
            "APP_ID" => Some("42".to_owned()),
            "PRIVATE_KEY" => Some("-----BEGIN RSA PRIVATE KEY-----\\nabc".to_owned()),
            "GITHUB_TOKEN" => Some("ghp_secret".to_owned()),
            _ => None,
        };
        let config = GithubConfig::from_lookup(repo.clone(), env).unwrap();
        assert_eq!(config.api_base, DEFAULT_API_BASE);
        assert_eq!(config.auth.kind(), "app");
        let shown = format!("{config:?}");
        assert!(!shown.contains("abc") && !shown.contains("ghp_secret"), "{shown}");

        let token_only = |name: &str| (name == "GITHUB_TOKEN").then(|| "ghp_x".to_owned());
        let config = GithubConfig::from_lookup(repo.clone(), token_only).unwrap();
        assert_eq!(config.auth.kind(), "token");
        assert!(!format!("{config:?}").contains("ghp_x"));

        let none = GithubConfig::from_lookup(repo, |_| None).unwrap();
        assert_eq!(none.auth.kind(), "none");
    }
}
