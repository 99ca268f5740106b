//! What GitHub last told us about a pinned PR. Kept in memory, never in the state file.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::CommitSha;

/// Whether the PR is still open on GitHub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrState {
    Open,
    Merged,
    Closed,
}

/// How far the PR's head has moved from its pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Drift {
    /// GitHub has not answered yet, or its last answer failed.
    Unknown,
    /// The head is the pin.
    UpToDate,
    /// The pin is an ancestor of the head, `commits` behind it.
    Behind { commits: u32 },
    /// The pin is no longer an ancestor of the head (a force-push, a rebase): the branch script
    /// cannot fetch it any more.
    Diverged { ahead: u32, behind: u32 },
}

impl Drift {
    /// The drift of a head against a pin, from a compare of `pin...head`.
    pub fn from_compare(ahead_by: u32, behind_by: u32) -> Self {
        match (ahead_by, behind_by) {
            (0, 0) => Drift::UpToDate,
            (commits, 0) => Drift::Behind { commits },
            (ahead, behind) => Drift::Diverged { ahead, behind },
        }
    }
}

/// Live facts about one PR. Every field is optional because GitHub may not have answered yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrFacts {
    pub head: Option<CommitSha>,
    pub drift: Drift,
    /// The pin `drift` was measured from. A drift measured from another pin says nothing about
    /// the current one (the pin moves on every deploy that updates the PR).
    pub drift_from: Option<CommitSha>,
    pub state: Option<PrState>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub author_avatar: Option<String>,
    pub assignee: Option<String>,
    pub assignee_avatar: Option<String>,
    /// When GitHub last answered for this PR.
    pub checked_at: Option<DateTime<Utc>>,
    /// Set when the last attempt failed (rate limit, 5xx, timeout): the other fields are older
    /// than they look. Holds the reason in words.
    pub stale: Option<String>,
}

impl Default for PrFacts {
    fn default() -> Self {
        Self {
            head: None,
            drift: Drift::Unknown,
            drift_from: None,
            state: None,
            title: None,
            author: None,
            author_avatar: None,
            assignee: None,
            assignee_avatar: None,
            checked_at: None,
            stale: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_reads_a_compare() {
        assert_eq!(Drift::from_compare(0, 0), Drift::UpToDate);
        assert_eq!(Drift::from_compare(2, 0), Drift::Behind { commits: 2 });
        assert_eq!(Drift::from_compare(3, 1), Drift::Diverged { ahead: 3, behind: 1 });
    }
}
