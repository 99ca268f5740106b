//! Pull requests, issues and compares: the few fields we read, in structs of our own so that a
//! field GitHub adds or drops elsewhere in the payload cannot break us.

use chrono::{DateTime, Utc};
use futures::future::join_all;
use serde::Deserialize;

use super::client::{GithubClient, Tally};
use super::error::GithubError;
use crate::domain::{CommitSha, Drift, PrFacts, PrNumber, PrState};

/// What GitHub says about one PR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullInfo {
    pub number: PrNumber,
    pub title: String,
    pub state: PrState,
    pub merged: bool,
    pub head: CommitSha,
    pub author: Option<String>,
    pub author_avatar: Option<String>,
    pub assignee: Option<String>,
    pub assignee_avatar: Option<String>,
    pub html_url: String,
}

impl PullInfo {
    /// Live facts from this answer and a drift computed separately.
    /// The facts this answer states, with `drift` as measured from `pin`.
    pub fn facts(
        &self,
        drift: Drift,
        pin: Option<&CommitSha>,
        checked_at: DateTime<Utc>,
    ) -> PrFacts {
        PrFacts {
            head: Some(self.head.clone()),
            drift,
            drift_from: pin.cloned(),
            state: Some(self.state),
            title: Some(self.title.clone()),
            author: self.author.clone(),
            author_avatar: self.author_avatar.clone(),
            assignee: self.assignee.clone(),
            assignee_avatar: self.assignee_avatar.clone(),
            checked_at: Some(checked_at),
            stale: None,
        }
    }
}

/// The answer to "is #N a PR of this repository?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullLookup {
    Pull(PullInfo),
    /// The number exists, as an issue.
    Issue,
    NotFound,
}

#[derive(Deserialize)]
struct UserWire {
    login: String,
    #[serde(default)]
    avatar_url: Option<String>,
}

#[derive(Deserialize)]
struct HeadWire {
    sha: String,
}

#[derive(Deserialize)]
struct PullWire {
    number: u64,
    title: String,
    state: String,
    #[serde(default)]
    merged_at: Option<String>,
    #[serde(default)]
    merged: Option<bool>,
    head: HeadWire,
    #[serde(default)]
    user: Option<UserWire>,
    #[serde(default)]
    assignee: Option<UserWire>,
    #[serde(default)]
    assignees: Vec<UserWire>,
    html_url: String,
}

#[derive(Deserialize)]
struct CompareWire {
    ahead_by: u32,
    behind_by: u32,
}

fn decode<'a, T: Deserialize<'a>>(what: &str, body: &'a str) -> Result<T, GithubError> {
    serde_json::from_str(body).map_err(|e| GithubError::Decode(format!("{what}: {e}")))
}

impl TryFrom<PullWire> for PullInfo {
    type Error = GithubError;

    fn try_from(wire: PullWire) -> Result<Self, GithubError> {
        let number = PrNumber::new(wire.number)
            .map_err(|e| GithubError::Decode(format!("pull request number: {e}")))?;
        let head = wire
            .head
            .sha
            .parse()
            .map_err(|e| GithubError::Decode(format!("#{number} head: {e}")))?;
        let merged = wire.merged.unwrap_or(false) || wire.merged_at.is_some();
        let state = match (wire.state.as_str(), merged) {
            (_, true) => PrState::Merged,
            ("open", false) => PrState::Open,
            _ => PrState::Closed,
        };
        let assignee = wire.assignee.or_else(|| wire.assignees.into_iter().next());
        let (author, author_avatar) =
            wire.user.map_or((None, None), |u| (Some(u.login), u.avatar_url));
        let (assignee, assignee_avatar) =
            assignee.map_or((None, None), |u| (Some(u.login), u.avatar_url));
        Ok(PullInfo {
            number,
            title: wire.title,
            state,
            merged,
            head,
            author,
            author_avatar,
            assignee,
            assignee_avatar,
            html_url: wire.html_url,
        })
    }
}

/// GitHub's largest page.
const PER_PAGE: u32 = 100;

/// The `page=N` of the `rel="last"` entry of a `Link` header.
pub(super) fn last_page(link: &str) -> Option<u32> {
    link.split(',').find(|part| part.contains("rel=\"last\"")).and_then(|part| {
        let url = part.split(';').next()?.trim().trim_start_matches('<').trim_end_matches('>');
        let query = url.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix("page=")?.parse().ok())
    })
}

impl GithubClient {
    fn repo_path(&self) -> String {
        format!("/repos/{}/{}", self.repo().owner(), self.repo().name())
    }

    /// Whether `pr` is a PR of the repository, and if so what GitHub says about it.
    pub async fn fetch_pull(&self, pr: PrNumber) -> Result<PullLookup, GithubError> {
        self.fetch_pull_tallied(pr, &Tally::default()).await
    }

    pub(crate) async fn fetch_pull_tallied(
        &self,
        pr: PrNumber,
        tally: &Tally,
    ) -> Result<PullLookup, GithubError> {
        let path = format!("{}/pulls/{pr}", self.repo_path());
        match self.get(&path, true, tally).await {
            Ok(found) => {
                let wire: PullWire = decode("pull request", &found.body)?;
                Ok(PullLookup::Pull(wire.try_into()?))
            }
            // GitHub answers 404 for an issue number too: only the issues endpoint can tell an
            // issue from nothing at all.
            Err(GithubError::NotFound) => {
                let path = format!("{}/issues/{pr}", self.repo_path());
                match self.get(&path, true, tally).await {
                    Ok(_) => Ok(PullLookup::Issue),
                    Err(GithubError::NotFound) => Ok(PullLookup::NotFound),
                    Err(error) => Err(error),
                }
            }
            Err(error) => Err(error),
        }
    }

    /// Every open PR of the repository.
    pub async fn list_open_pulls(&self) -> Result<Vec<PullInfo>, GithubError> {
        self.list_open_tallied(&Tally::default()).await
    }

    /// Page 1 tells how many pages there are (`rel="last"`); the others are then asked for all
    /// at once, so a listing costs two round trips however many pages it has.
    pub(crate) async fn list_open_tallied(
        &self,
        tally: &Tally,
    ) -> Result<Vec<PullInfo>, GithubError> {
        let page =
            |n: u32| format!("{}/pulls?state=open&per_page={PER_PAGE}&page={n}", self.repo_path());
        let first = self.get(&page(1), true, tally).await?;
        let last = first.link.as_deref().and_then(last_page).unwrap_or(1).min(100);
        let rest = join_all((2..=last).map(|n| {
            let path = page(n);
            async move { self.get(&path, true, tally).await }
        }))
        .await;
        let mut pulls = Vec::new();
        for fetched in std::iter::once(Ok(first)).chain(rest) {
            let wires: Vec<PullWire> = decode("pull request list", &fetched?.body)?;
            for wire in wires {
                pulls.push(PullInfo::try_from(wire)?);
            }
        }
        Ok(pulls)
    }

    /// How far `head` has moved from `pin`. Remembered, since two commits always compare the
    /// same way. `Err(NotFound)` when GitHub does not know the pin (or they share no history).
    pub async fn drift(&self, pin: &CommitSha, head: &CommitSha) -> Result<Drift, GithubError> {
        self.drift_tallied(pin, head, &Tally::default()).await
    }

    pub(crate) async fn drift_tallied(
        &self,
        pin: &CommitSha,
        head: &CommitSha,
        tally: &Tally,
    ) -> Result<Drift, GithubError> {
        if pin == head {
            return Ok(Drift::UpToDate);
        }
        if let Some(drift) = self.memo_drift(pin, head) {
            return Ok(drift);
        }
        let path = format!("{}/compare/{pin}...{head}", self.repo_path());
        // Not conditional: the memo already answers repeats, and compare bodies are large.
        let found = self.get(&path, false, tally).await?;
        let wire: CompareWire = decode("compare", &found.body)?;
        let drift = Drift::from_compare(wire.ahead_by, wire.behind_by);
        self.remember_drift(pin, head, drift);
        Ok(drift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_page_comes_from_the_link_header() {
        let link = "<https://api.github.com/repositories/1/pulls?state=open&per_page=100&page=2>; \
                    rel=\"next\", <https://api.github.com/repositories/1/pulls?state=open&\
                    per_page=100&page=3>; rel=\"last\"";
        assert_eq!(last_page(link), Some(3));
        assert_eq!(last_page("<https://x/y?page=2>; rel=\"prev\""), None);
    }

    #[test]
    fn merged_pulls_read_as_merged_whatever_the_state_says() {
        let body = r#"{"number": 7, "title": "t", "state": "closed",
            "merged_at": "2025-01-01T00:00:00Z", "html_url": "https://github.com/o/r/pull/7",
            "head": {"sha": "0123456789abcdef0123456789abcdef01234567"},
            "user": {"login": "a", "avatar_url": "https://avatars.githubusercontent.com/u/1?v=4"},
            "assignees": [{"login": "b"}]}"#;
        let info = PullInfo::try_from(decode::<PullWire>("t", body).unwrap()).unwrap();
        assert_eq!((info.state, info.merged), (PrState::Merged, true));
        assert_eq!(info.assignee.as_deref(), Some("b"));
    }
}
