//! The parts of the snapshot about the service itself: its integrations and GitHub's answers.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// How the service talks to GitHub, and how that is going.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct GithubStatus {
    /// `app`, `token`, `anonymous` or `simulated`.
    pub auth: String,
    pub rate_limit_remaining: Option<u32>,
    pub rate_limit_reset_at: Option<DateTime<Utc>>,
    /// Calls are paused until then after a rate-limit answer.
    pub paused_until: Option<DateTime<Utc>>,
    pub last_reconcile: Option<ReconcileSummary>,
    /// Why live facts may be out of date, in words, when they are.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReconcileSummary {
    pub finished_at: DateTime<Utc>,
    pub duration_ms: u64,
    /// Requests sent to GitHub, of which `not_modified` were answered 304 (free of rate limit).
    pub requests: u32,
    pub not_modified: u32,
    pub failures: Vec<String>,
}

/// Facts about this process, for the system section of the dashboard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SystemInfo {
    pub version: String,
    pub host: String,
    pub started_at: DateTime<Utc>,
    /// `demo` when GitHub is simulated, `production` otherwise.
    pub mode: String,
    pub state_file: String,
    pub status_file: String,
    pub flags_file: Option<String>,
    pub integrations: Integrations,
    /// Who may read and write, in words; in demo mode it says that every visitor is signed
    /// in as the demo maintainer.
    pub access: String,
    pub last_webhook_at: Option<DateTime<Utc>>,
    /// Verified deliveries the worker has applied since the start.
    pub webhooks_applied: u64,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Integrations {
    pub github: bool,
    pub github_app: bool,
    pub webhook: bool,
    pub jenkins: bool,
    pub sign_in: bool,
}

impl SystemInfo {
    pub fn host_name() -> String {
        std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .map(|name| name.trim().to_owned())
            .unwrap_or_else(|_| "unknown".to_owned())
    }
}
