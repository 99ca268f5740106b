//! The events testbed acts on, with only the fields it needs. Unknown actions parse as `Unknown`
//! rather than failing, because GitHub adds actions without notice.

use chrono::{DateTime, Utc};
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};

use crate::domain::{CommitSha, PrNumber, PrState, RepoName};

/// One delivery's body, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `repository.full_name`; absent on installation events and on the App's ping.
    pub repository: Option<RepoName>,
    /// `installation.id`, present on every delivery to an App.
    pub installation_id: Option<u64>,
    /// `action` as GitHub wrote it, also when testbed does not know it (for the log).
    pub action: Option<String>,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    PullRequest(Box<PullRequestEvent>),
    IssueComment(IssueCommentEvent),
    Push(PushEvent),
    Ping(PingEvent),
    Installation(InstallationEvent),
    /// Any other `X-GitHub-Event`: answered and ignored.
    Unknown {
        event: String,
    },
}

impl Event {
    /// The `X-GitHub-Event` name of this kind of event.
    pub fn name(&self) -> &str {
        match &self.kind {
            EventKind::PullRequest(_) => "pull_request",
            EventKind::IssueComment(_) => "issue_comment",
            EventKind::Push(_) => "push",
            EventKind::Ping(_) => "ping",
            EventKind::Installation(_) => "installation",
            EventKind::Unknown { event } => event,
        }
    }

    /// The PR the event is about, if any: comments on issues are about an issue, not a PR.
    pub fn pr(&self) -> Option<PrNumber> {
        match &self.kind {
            EventKind::PullRequest(event) => Some(event.number),
            EventKind::IssueComment(event) => Some(event.issue.number),
            _ => None,
        }
    }

    /// False for events and actions testbed does nothing with.
    pub fn is_known(&self) -> bool {
        match &self.kind {
            EventKind::PullRequest(event) => event.action != PullRequestAction::Unknown,
            EventKind::IssueComment(event) => event.action != CommentAction::Unknown,
            EventKind::Installation(event) => event.action != InstallationAction::Unknown,
            EventKind::Push(_) | EventKind::Ping(_) => true,
            EventKind::Unknown { .. } => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PullRequestAction {
    Opened,
    Synchronize,
    Closed,
    Reopened,
    Edited,
    Assigned,
    Unassigned,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PullRequestEvent {
    pub action: PullRequestAction,
    pub number: PrNumber,
    pub pull_request: PullRequest,
    /// `synchronize`: the head before the push.
    #[serde(default)]
    pub before: Option<CommitSha>,
    /// `synchronize`: the head after the push, also `pull_request.head.sha`.
    #[serde(default)]
    pub after: Option<CommitSha>,
    /// `edited`: what changed, when the title did.
    #[serde(default)]
    pub changes: Option<PullRequestChanges>,
    /// `assigned` / `unassigned`: who was (un)assigned.
    #[serde(default)]
    pub assignee: Option<User>,
}

impl PullRequestEvent {
    /// `edited`: the title before the edit, when the edit changed it.
    pub fn previous_title(&self) -> Option<&str> {
        self.changes.as_ref()?.title.as_ref().map(|change| change.from.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PullRequestChanges {
    #[serde(default)]
    pub title: Option<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Change {
    pub from: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PullRequest {
    pub number: PrNumber,
    pub title: String,
    pub state: PullState,
    #[serde(default)]
    pub merged: bool,
    pub head: Head,
    pub user: User,
    /// The first assignee after the change, if any is left.
    #[serde(default)]
    pub assignee: Option<User>,
    pub updated_at: DateTime<Utc>,
}

impl PullRequest {
    /// Open, merged or closed without merging, as the dashboard tells them apart.
    pub fn live_state(&self) -> PrState {
        match (self.state, self.merged) {
            (_, true) => PrState::Merged,
            (PullState::Closed, false) => PrState::Closed,
            _ => PrState::Open,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PullState {
    Open,
    Closed,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Head {
    pub sha: CommitSha,
    #[serde(rename = "ref")]
    pub branch: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    pub login: String,
    /// Cosmetic: a payload without one still parses.
    #[serde(default)]
    pub avatar_url: String,
    #[serde(rename = "type", default)]
    pub kind: UserKind,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum UserKind {
    User,
    Bot,
    Organization,
    #[default]
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentAction {
    Created,
    Edited,
    Deleted,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IssueCommentEvent {
    pub action: CommentAction,
    pub issue: Issue,
    pub comment: Comment,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Issue {
    pub number: PrNumber,
    /// GitHub calls every PR an issue; only a PR's has a `pull_request` object.
    #[serde(rename = "pull_request", default, deserialize_with = "present")]
    pub is_pull_request: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Comment {
    pub id: u64,
    /// GitHub sends `null` for a comment with no text.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub body: String,
    pub user: User,
    /// Written by a GitHub App (testbed's own answers among them).
    #[serde(rename = "performed_via_github_app", default, deserialize_with = "present")]
    pub via_app: bool,
    pub created_at: DateTime<Utc>,
}

impl Comment {
    /// Commands never come from bots, testbed included, so two bots cannot talk in a loop.
    pub fn is_from_bot(&self) -> bool {
        self.user.kind == UserKind::Bot || self.via_app
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PushEvent {
    /// `refs/heads/<branch>` or `refs/tags/<tag>`.
    #[serde(rename = "ref")]
    pub git_ref: String,
    pub before: CommitSha,
    /// All zeros when the ref was deleted.
    pub after: CommitSha,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default)]
    pub forced: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PingEvent {
    pub zen: String,
    pub hook_id: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstallationAction {
    Created,
    Deleted,
    Suspend,
    Unsuspend,
    NewPermissionsAccepted,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InstallationEvent {
    pub action: InstallationAction,
    pub installation: Installation,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Installation {
    pub id: u64,
}

/// True when the field is there and not `null`, whatever it holds.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<IgnoredAny>::deserialize(deserializer)?.is_some())
}

fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}
