//! The one error type of the GitHub client, with variants a caller can act on.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::metrics::status_class;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GithubError {
    /// GitHub asked us to wait (403 with `X-RateLimit-Remaining: 0`, or `Retry-After`). Every
    /// call fails fast with this until `until`.
    #[error("GitHub rate limit reached; calls paused until {}", until.format("%H:%M:%S UTC"))]
    RateLimited { until: DateTime<Utc> },
    /// A 5xx answer.
    #[error("GitHub is unavailable (HTTP {status})")]
    Unavailable { status: u16 },
    #[error("GitHub did not answer within {} ms", after.as_millis())]
    Timeout { after: Duration },
    #[error("not found on GitHub")]
    NotFound,
    /// 401, or a 403 that is not a rate limit: the credentials are wrong or lack a permission.
    #[error("GitHub refused the credentials: {0}")]
    Auth(String),
    /// The connection failed before GitHub answered.
    #[error("could not reach GitHub: {0}")]
    Network(String),
    /// GitHub answered something we could not read.
    #[error("unexpected answer from GitHub: {0}")]
    Decode(String),
    /// Any other status (422, 410, …).
    #[error("GitHub answered HTTP {status}: {message}")]
    Unexpected { status: u16, message: String },
    /// The configuration cannot work (an unreadable private key, a bad base URL).
    #[error("GitHub configuration: {0}")]
    Config(String),
}

impl GithubError {
    /// The outcome and status-class labels of a request that failed this way, for metrics.
    pub(crate) fn metric_labels(&self) -> (&'static str, &'static str) {
        match self {
            GithubError::RateLimited { .. } => ("rate_limited", "4xx"),
            GithubError::Unavailable { status } => ("unavailable", status_class(*status)),
            GithubError::Timeout { .. } => ("timeout", "none"),
            GithubError::NotFound => ("not_found", "4xx"),
            GithubError::Auth(_) => ("refused", "4xx"),
            GithubError::Network(_) => ("network", "none"),
            GithubError::Decode(_) => ("unreadable", "none"),
            GithubError::Unexpected { status, .. } => ("unexpected", status_class(*status)),
            GithubError::Config(_) => ("config", "none"),
        }
    }

    /// Whether trying again later may succeed (as opposed to a wrong configuration or input).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            GithubError::RateLimited { .. }
                | GithubError::Unavailable { .. }
                | GithubError::Timeout { .. }
                | GithubError::Network(_)
        )
    }
}
