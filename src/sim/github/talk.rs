//! What is said on issues and PRs: comments, reactions to them, and labels. The bot's side
//! arrives over HTTP (`talk_routes`); the handle reads it back and lets tests speak as people.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::state::{SimRepo, SimUser};
use super::{GithubSim, SimError};
use crate::domain::{PrNumber, RepoName};

/// Who an installation token (or, permissively, an anonymous caller) posts as.
pub const BOT_LOGIN: &str = "testbed[bot]";

/// The reactions GitHub accepts; anything else is a 422.
pub(crate) const REACTIONS: [&str; 8] =
    ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];

/// GitHub refuses a comment body longer than this many characters.
pub(crate) const MAX_BODY_CHARS: usize = 65_536;

/// A comment as the handle reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimComment {
    pub id: u64,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredReaction {
    pub id: u64,
    pub content: String,
    pub user: SimUser,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredComment {
    pub id: u64,
    pub issue: u64,
    pub user: SimUser,
    pub bot: bool,
    pub association: &'static str,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub reactions: Vec<StoredReaction>,
}

#[derive(Debug, Clone)]
pub(crate) struct SimLabel {
    pub id: u64,
    pub name: String,
}

/// One repository's conversation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Talk {
    /// In the order they were made.
    pub comments: Vec<StoredComment>,
    /// Issue or PR number → its labels' names, in the order they were added.
    pub labels: BTreeMap<u64, Vec<String>>,
    /// The repository's labels by lower-cased name: GitHub creates one on first use.
    pub known: BTreeMap<String, SimLabel>,
}

impl Talk {
    pub fn comment_mut(&mut self, id: u64) -> Option<&mut StoredComment> {
        self.comments.iter_mut().find(|c| c.id == id)
    }

    /// The repository's label of that name (case-insensitive), made if new.
    pub fn label(&mut self, name: &str, id: impl FnOnce() -> u64) -> SimLabel {
        self.known
            .entry(name.to_lowercase())
            .or_insert_with(|| SimLabel { id: id(), name: name.to_owned() })
            .clone()
    }

    pub fn labels_of(&self, issue: u64) -> &[String] {
        self.labels.get(&issue).map_or(&[], Vec::as_slice)
    }

    /// Whether `issue` carries `name`, compared as GitHub compares label names.
    pub fn has_label(&self, issue: u64, name: &str) -> bool {
        self.labels_of(issue).iter().any(|l| l.eq_ignore_ascii_case(name))
    }
}

/// How GitHub relates `login` to the repository in `author_association`.
pub(crate) fn association(r: &SimRepo, login: &str) -> &'static str {
    if login.eq_ignore_ascii_case(&r.owner) {
        "OWNER"
    } else if r.collaborators.contains_key(&login.to_ascii_lowercase()) {
        "COLLABORATOR"
    } else {
        "NONE"
    }
}

/// Whether `number` is a PR or an issue of the repository: comments and labels go on either.
pub(crate) fn exists(r: &SimRepo, number: u64) -> bool {
    r.pulls.contains_key(&number) || r.issues.contains_key(&number)
}

fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn author(api: &str, user: &SimUser, bot: bool) -> Value {
    let mut value = super::payload::user(api, user);
    if bot {
        value["type"] = json!("Bot");
    }
    value
}

/// The `issue-comment` shape of `POST /issues/{n}/comments`.
pub(crate) fn comment_json(api: &str, r: &SimRepo, c: &StoredComment) -> Value {
    let full = r.full_name();
    let kind = if r.pulls.contains_key(&c.issue) { "pull" } else { "issues" };
    let url = format!("{api}/repos/{full}/issues/comments/{}", c.id);
    let count = |content: &str| c.reactions.iter().filter(|x| x.content == content).count();
    json!({
        "id": c.id,
        "node_id": format!("IC_kwDO{:010}", c.id % 10_000_000_000),
        "url": url,
        "html_url": format!("https://github.com/{full}/{kind}/{}#issuecomment-{}", c.issue, c.id),
        "issue_url": format!("{api}/repos/{full}/issues/{}", c.issue),
        "body": c.body,
        "user": author(api, &c.user, c.bot),
        "created_at": time(c.created_at),
        "updated_at": time(c.created_at),
        "author_association": c.association,
        "performed_via_github_app": null,
        "reactions": {
            "url": format!("{url}/reactions"),
            "total_count": c.reactions.len(),
            "+1": count("+1"), "-1": count("-1"), "laugh": count("laugh"),
            "confused": count("confused"), "heart": count("heart"), "hooray": count("hooray"),
            "rocket": count("rocket"), "eyes": count("eyes")
        }
    })
}

pub(crate) fn reaction_json(api: &str, x: &StoredReaction, bot: bool) -> Value {
    json!({
        "id": x.id,
        "node_id": format!("REA_lADO{:010}", x.id % 10_000_000_000),
        "user": author(api, &x.user, bot),
        "content": x.content,
        "created_at": time(x.created_at)
    })
}

pub(crate) fn label_json(api: &str, r: &SimRepo, l: &SimLabel) -> Value {
    json!({
        "id": l.id,
        "node_id": format!("LA_kwDO{:010}", l.id % 10_000_000_000),
        "url": format!("{api}/repos/{}/labels/{}", r.full_name(), l.name),
        "name": l.name,
        "color": "ededed",
        "default": false,
        "description": null
    })
}

/// The label objects of one issue, in the order they were added.
pub(crate) fn labels_json(api: &str, r: &SimRepo, issue: u64) -> Value {
    let labels =
        r.talk.labels_of(issue).iter().filter_map(|name| {
            r.talk.known.get(&name.to_lowercase()).map(|l| label_json(api, r, l))
        });
    Value::Array(labels.collect())
}

impl GithubSim {
    /// The comments on a PR (or issue), oldest first; none for an unknown repository or number.
    pub fn comments(&self, repo: &RepoName, pr: PrNumber) -> Vec<SimComment> {
        let world = self.world();
        let Ok(r) = world.repo(repo) else {
            return Vec::new();
        };
        r.talk
            .comments
            .iter()
            .filter(|c| c.issue == pr.get())
            .map(|c| SimComment {
                id: c.id,
                author: c.user.login.clone(),
                body: c.body.clone(),
                created_at: c.created_at,
            })
            .collect()
    }

    /// The reactions (`eyes`, `+1`, …) on a comment, oldest first.
    pub fn reactions(&self, repo: &RepoName, comment_id: u64) -> Vec<String> {
        let world = self.world();
        let Ok(r) = world.repo(repo) else {
            return Vec::new();
        };
        let comment = r.talk.comments.iter().find(|c| c.id == comment_id);
        comment.map_or_else(Vec::new, |c| c.reactions.iter().map(|x| x.content.clone()).collect())
    }

    /// The labels on a PR (or issue), in the order they were added.
    pub fn labels(&self, repo: &RepoName, pr: PrNumber) -> Vec<String> {
        let world = self.world();
        world.repo(repo).map(|r| r.talk.labels_of(pr.get()).to_vec()).unwrap_or_default()
    }

    /// A comment by a person (not the bot), as if `login` had written it on github.com, so that
    /// tests can have the bot react to it. Returns its id.
    pub fn add_user_comment(
        &self,
        repo: &RepoName,
        pr: PrNumber,
        login: &str,
        body: &str,
    ) -> Result<u64, SimError> {
        let mut world = self.world();
        let id = world.next_talk_id();
        let r = world.repo_mut(repo)?;
        if !exists(r, pr.get()) {
            return Err(SimError::UnknownPull(pr.get()));
        }
        let comment = StoredComment {
            id,
            issue: pr.get(),
            user: SimUser::derived(login),
            bot: false,
            association: association(r, login),
            body: body.to_owned(),
            created_at: Utc::now(),
            reactions: Vec::new(),
        };
        r.talk.comments.push(comment);
        Ok(id)
    }
}
