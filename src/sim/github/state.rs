//! The simulated repositories: pull requests, issues and the commit graph behind them.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::SimError;
use super::talk::Talk;

/// A GitHub account as the simulator shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SimUser {
    pub login: String,
    pub id: u64,
    pub avatar_url: String,
}

impl SimUser {
    /// A user with GitHub's avatar URL for `id`.
    pub fn new(login: &str, id: u64) -> Self {
        Self {
            login: login.to_owned(),
            id,
            avatar_url: format!("https://avatars.githubusercontent.com/u/{id}?v=4"),
        }
    }

    /// A user whose id is derived from the login, for logins a fixture did not declare.
    pub fn derived(login: &str) -> Self {
        let digest = Sha256::digest(login.as_bytes());
        let mut bytes = [0u8; 4];
        bytes.copy_from_slice(&digest[..4]);
        Self::new(login, 1_000_000 + u64::from(u32::from_be_bytes(bytes) % 90_000_000))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpenState {
    Open,
    Closed,
}

impl OpenState {
    pub fn as_str(self) -> &'static str {
        match self {
            OpenState::Open => "open",
            OpenState::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SimPull {
    pub number: u64,
    pub id: u64,
    pub title: String,
    pub body: Option<String>,
    pub user: SimUser,
    pub assignees: Vec<SimUser>,
    pub state: OpenState,
    pub merged_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub merge_commit_sha: Option<String>,
    pub head_ref: String,
    pub base_ref: String,
    /// The commits on the branch, oldest first; the last is the head.
    pub commits: Vec<String>,
    /// Commits that were on the branch before a force-push replaced them.
    pub force_pushed: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SimPull {
    pub fn head(&self) -> &str {
        self.commits.last().map(String::as_str).unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SimIssue {
    pub number: u64,
    pub id: u64,
    pub title: String,
    pub user: SimUser,
    pub state: OpenState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct SimRepo {
    /// As the fixture spells it; lookups are case-insensitive, as on GitHub.
    pub owner: String,
    pub name: String,
    pub id: u64,
    pub default_branch: String,
    pub installation_id: u64,
    /// The default branch, oldest first.
    pub base_commits: Vec<String>,
    pub pulls: BTreeMap<u64, SimPull>,
    pub issues: BTreeMap<u64, SimIssue>,
    /// Lower-cased login → (login as written, role name).
    pub collaborators: BTreeMap<String, (String, String)>,
    /// Comments, reactions and labels.
    pub talk: Talk,
    /// First parent of every known commit; a root has none. Force-pushed commits stay here, as
    /// GitHub keeps them reachable by SHA.
    parents: HashMap<String, Option<String>>,
    /// Makes generated SHAs unique and deterministic.
    sha_counter: u64,
}

/// How two commits relate, as `GET /compare/{base}...{head}` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comparison {
    pub base: String,
    pub head: String,
    pub merge_base: String,
    /// Commits on `head` and not on `base`, oldest first.
    pub ahead: Vec<String>,
    pub behind_by: usize,
}

impl Comparison {
    pub fn status(&self) -> &'static str {
        match (self.ahead.len(), self.behind_by) {
            (0, 0) => "identical",
            (_, 0) => "ahead",
            (0, _) => "behind",
            _ => "diverged",
        }
    }
}

impl SimRepo {
    pub fn new(owner: &str, name: &str, id: u64, default_branch: &str) -> Self {
        let mut repo = Self {
            owner: owner.to_owned(),
            name: name.to_owned(),
            id,
            default_branch: default_branch.to_owned(),
            installation_id: id + 40_000_000,
            base_commits: Vec::new(),
            pulls: BTreeMap::new(),
            issues: BTreeMap::new(),
            collaborators: BTreeMap::new(),
            talk: Talk::default(),
            parents: HashMap::new(),
            sha_counter: 0,
        };
        let root = repo.new_sha("root");
        repo.add_chain(None, std::slice::from_ref(&root));
        repo.base_commits.push(root);
        repo
    }

    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }

    /// A fresh SHA, the same on every run for the same sequence of calls.
    pub fn new_sha(&mut self, label: &str) -> String {
        self.sha_counter += 1;
        let seed = format!("{}/{}:{label}:{}", self.owner, self.name, self.sha_counter);
        hex::encode(&Sha256::digest(seed.as_bytes())[..20])
    }

    pub fn base_head(&self) -> String {
        self.base_commits.last().cloned().unwrap_or_default()
    }

    /// Records `commits` as a chain whose first commit's parent is `fork_point`.
    pub fn add_chain(&mut self, fork_point: Option<&str>, commits: &[String]) {
        let mut parent = fork_point.map(str::to_owned);
        if let Some(fork) = &parent {
            // A fork point the fixture names but never lists becomes a root of its own.
            self.parents.entry(fork.clone()).or_insert(None);
        }
        for sha in commits {
            self.parents.insert(sha.clone(), parent.clone());
            parent = Some(sha.clone());
        }
    }

    /// `n` new commits on top of `parent`, recorded in the graph.
    pub fn new_commits(&mut self, parent: &str, label: &str, n: u32) -> Vec<String> {
        let commits: Vec<String> = (0..n).map(|_| self.new_sha(label)).collect();
        self.add_chain(Some(parent), &commits);
        commits
    }

    pub fn knows(&self, sha: &str) -> bool {
        self.parents.contains_key(sha)
    }

    pub fn parent(&self, sha: &str) -> Option<&str> {
        self.parents.get(sha).and_then(|p| p.as_deref())
    }

    pub fn pull(&self, number: u64) -> Result<&SimPull, SimError> {
        self.pulls.get(&number).ok_or(SimError::UnknownPull(number))
    }

    pub fn pull_mut(&mut self, number: u64) -> Result<&mut SimPull, SimError> {
        self.pulls.get_mut(&number).ok_or(SimError::UnknownPull(number))
    }

    pub fn next_number(&self) -> u64 {
        let last_pull = self.pulls.keys().next_back().copied().unwrap_or(0);
        let last_issue = self.issues.keys().next_back().copied().unwrap_or(0);
        last_pull.max(last_issue) + 1
    }

    /// A full SHA, an unambiguous prefix of at least 7 digits, the default branch or a PR's
    /// head branch, as GitHub accepts in a compare.
    pub fn resolve(&self, reference: &str) -> Option<String> {
        if reference == self.default_branch {
            return Some(self.base_head());
        }
        if let Some(pull) = self.pulls.values().find(|p| p.head_ref == reference) {
            return Some(pull.head().to_owned());
        }
        let wanted = reference.to_ascii_lowercase();
        if wanted.len() == 40 {
            return self.knows(&wanted).then_some(wanted);
        }
        if wanted.len() >= 7 && wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
            let mut found = self.parents.keys().filter(|sha| sha.starts_with(&wanted));
            return match (found.next(), found.next()) {
                (Some(sha), None) => Some(sha.clone()),
                _ => None,
            };
        }
        None
    }

    fn ancestry(&self, sha: &str) -> Vec<String> {
        let mut chain = vec![sha.to_owned()];
        let mut seen = HashSet::from([sha.to_owned()]);
        let mut current = sha;
        while let Some(parent) = self.parent(current) {
            if !seen.insert(parent.to_owned()) {
                break;
            }
            chain.push(parent.to_owned());
            current = parent;
        }
        chain
    }

    /// Compares two resolved commits; `None` when they share no history.
    pub fn compare(&self, base: &str, head: &str) -> Option<Comparison> {
        let base_chain = self.ancestry(base);
        let head_chain = self.ancestry(head);
        let base_index: HashMap<&str, usize> =
            base_chain.iter().enumerate().map(|(i, sha)| (sha.as_str(), i)).collect();
        let (ahead_by, behind_by) = head_chain
            .iter()
            .enumerate()
            .find_map(|(i, sha)| base_index.get(sha.as_str()).map(|&j| (i, j)))?;
        let mut ahead: Vec<String> = head_chain[..ahead_by].to_vec();
        ahead.reverse();
        Some(Comparison {
            base: base.to_owned(),
            head: head.to_owned(),
            merge_base: head_chain[ahead_by].clone(),
            ahead,
            behind_by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_follow_the_commit_graph() {
        let mut repo = SimRepo::new("o", "r", 1, "main");
        let base = repo.base_head();
        let first = repo.new_commits(&base, "pr", 3);
        let second = repo.new_commits(&first[2], "pr", 2);
        let rewritten = repo.new_commits(&base, "rewrite", 4);

        let behind = repo.compare(&first[2], &second[1]).unwrap();
        assert_eq!((behind.ahead.len(), behind.behind_by, behind.status()), (2, 0, "ahead"));
        let same = repo.compare(&first[0], &first[0]).unwrap();
        assert_eq!(same.status(), "identical");
        let diverged = repo.compare(&first[2], &rewritten[3]).unwrap();
        assert_eq!((diverged.ahead.len(), diverged.behind_by), (4, 3));
        assert_eq!(diverged.merge_base, base);
        assert_eq!(repo.resolve(&first[0][..9]), Some(first[0].clone()));
        assert_eq!(repo.resolve("main"), Some(base));
        assert_eq!(repo.resolve(&"0".repeat(40)), None);
    }
}
