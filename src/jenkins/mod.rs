//! Deploying through Jenkins: trigger the testing job with one line per active PR, then follow
//! the build from the queue to its result.
//!
//! Jenkins never calls back, so everything here is polling: the queue item until it becomes a
//! build, then the build and its Pipeline stages until Jenkins records a result. A build is only
//! ever reported finished when Jenkins says so; when Jenkins stops answering the build is
//! reported lost instead.

mod client;
mod config;
mod error;
mod follow;
mod lines;
mod progress;
mod wire;

pub use client::{FollowSettings, JenkinsClient, QueuedBuild};
pub use config::JenkinsConfig;
pub use error::JenkinsError;
pub use lines::{MAX_TITLE_CHARS, branch_lines, clean_title};
pub use progress::{BuildOutcome, BuildPhase, BuildProgress, Stage, StageStatus};

/// The job parameter that carries the PRs to merge, one `origin pull/N/head  # TITLE` per line.
pub const BRANCHES_PARAMETER: &str = "GH_REPO_AND_BRANCH";

/// Makes `ring` the process's TLS provider, unless one is installed already.
///
/// HTTPS requests need a provider chosen at run time because the crate deliberately links only
/// `ring` (no `aws-lc`). [`JenkinsClient::new`] calls this, so callers only need it when they
/// build other `reqwest` clients first. Calling it more than once is harmless.
pub fn install_tls_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race to another thread installing a provider is fine: one is installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
