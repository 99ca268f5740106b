//! What can go wrong talking to Jenkins, in sentences a maintainer can act on.

use std::time::Duration;

/// Why a Jenkins request failed. The messages never include a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JenkinsError {
    #[error("Jenkins is not configured correctly: {0}")]
    Config(String),

    #[error("could not prepare HTTP requests to Jenkins: {0}")]
    Client(String),

    #[error(
        "could not reach Jenkins at {url} ({reason}); is it running, and is JENKINS_URL right?"
    )]
    Unreachable { url: String, reason: String },

    #[error("Jenkins at {url} did not answer within {} seconds", .after.as_secs_f64())]
    Timeout { url: String, after: Duration },

    #[error(
        "Jenkins refused to start job {job} (403 Forbidden): check JENKINS_TOKEN, and \
         JENKINS_USER with JENKINS_API_TOKEN if the job needs a user"
    )]
    Refused { job: String },

    #[error(
        "Jenkins did not accept the user name and API token (401 Unauthorized): check \
         JENKINS_USER and JENKINS_API_TOKEN"
    )]
    Unauthorized,

    #[error("Jenkins has no job {job} (404 Not Found): check JENKINS_JOB")]
    JobNotFound { job: String },

    #[error("Jenkins answered {status} to {what}: {detail}")]
    Status { what: &'static str, status: u16, detail: String },

    #[error(
        "Jenkins accepted the build but did not say where it was queued (no queue item in the \
         Location header)"
    )]
    NoQueueItem,

    #[error("Jenkins sent an answer to {what} that could not be read: {reason}")]
    BadAnswer { what: &'static str, reason: String },
}

impl JenkinsError {
    /// Turns a transport error into the variant a person can act on.
    pub(crate) fn from_transport(err: &reqwest::Error, url: &str, timeout: Duration) -> Self {
        if err.is_timeout() {
            return Self::Timeout { url: url.to_owned(), after: timeout };
        }
        if err.is_decode() {
            return Self::BadAnswer { what: "a request", reason: root_cause(err) };
        }
        Self::Unreachable { url: url.to_owned(), reason: root_cause(err) }
    }
}

/// The innermost cause ("Connection refused"), which says more than reqwest's own summary.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// The start of a response body, on one line, for an error message: Jenkins error pages can be
/// whole HTML documents.
pub(crate) fn body_excerpt(body: &str) -> String {
    const MAX_CHARS: usize = 200;
    let flat: String =
        body.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_CHARS).collect();
    let words: Vec<&str> = flat.split_whitespace().collect();
    if words.is_empty() { "(empty answer)".to_owned() } else { words.join(" ") }
}
