//! A simulated GitHub REST API: real HTTP on loopback, in-memory repositories, injectable
//! faults. The real octocrab client is aimed at it by base URL, so tests, benchmarks and the
//! demo exercise the same code as production.

mod auth;
mod control;
mod fixture;
mod manifests;
mod oauth;
mod payload;
mod people;
mod routes;
mod running;
mod server;
mod state;
mod talk;
mod talk_routes;

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::Utc;
use tokio::sync::Notify;

pub use control::{EndpointKind, SimStats};
pub use running::RunningSim;
pub use talk::{BOT_LOGIN, SimComment};

use crate::domain::{CommitSha, PrNumber, RepoName};
use auth::Credentials;
use control::Control;
use state::{OpenState, SimPull, SimRepo, SimUser};

/// The seed of `testbed demo`: Open Library's repository with a PR in every state.
pub const DEMO_FIXTURE: &str = include_str!("../../../fixtures/demo/github.json");

/// The personal token [`DEMO_FIXTURE`] accepts (for `demo-maintainer`). It opens nothing but
/// the simulator.
pub const DEMO_TOKEN: &str = "ghp_demoTokenForTheSimulatedGithub000000";

/// The OAuth client id of the App in [`DEMO_FIXTURE`], for sign-in with the simulated GitHub.
pub const DEMO_OAUTH_CLIENT_ID: &str = "Iv1.demo0a0b0c0d0e0f";

/// The OAuth client secret that goes with [`DEMO_OAUTH_CLIENT_ID`]. It opens nothing but the
/// simulator.
pub const DEMO_OAUTH_CLIENT_SECRET: &str = "demo-client-secret-for-the-simulated-github";

/// What the simulator refuses to do.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("fixture: {0}")]
    Fixture(String),
    #[error("repository {0} is not simulated")]
    UnknownRepo(String),
    #[error("#{0} is not a simulated pull request")]
    UnknownPull(u64),
    #[error("#{0} is {1}")]
    WrongState(u64, &'static str),
    #[error("cannot serve: {0}")]
    Io(#[from] std::io::Error),
}

/// The simulator's handle: cheap to clone, every clone sees the same state.
#[derive(Clone)]
pub struct GithubSim {
    inner: Arc<Inner>,
}

struct Inner {
    world: Mutex<World>,
    control: Mutex<Control>,
    /// Wakes requests told to hang when the faults are cleared.
    release: Notify,
}

pub(crate) struct World {
    repos: Vec<SimRepo>,
    credentials: Credentials,
    teams: Vec<people::SimTeam>,
    oauth: oauth::OAuthState,
    manifests: manifests::ManifestState,
    /// The last id given to a comment, reaction or label: ids are unique across the simulator,
    /// as GitHub's are across GitHub.
    talk_ids: u64,
}

impl World {
    fn repo(&self, full_name: &RepoName) -> Result<&SimRepo, SimError> {
        self.find(full_name.owner(), full_name.name())
            .ok_or_else(|| SimError::UnknownRepo(full_name.to_string()))
    }

    fn repo_mut(&mut self, full_name: &RepoName) -> Result<&mut SimRepo, SimError> {
        let (owner, name) = (full_name.owner(), full_name.name());
        self.repos
            .iter_mut()
            .find(|r| r.owner.eq_ignore_ascii_case(owner) && r.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| SimError::UnknownRepo(full_name.to_string()))
    }

    pub(crate) fn next_talk_id(&mut self) -> u64 {
        self.talk_ids += 1;
        self.talk_ids
    }

    /// Case-insensitive, as GitHub resolves `owner/name` in URLs.
    pub(crate) fn find(&self, owner: &str, name: &str) -> Option<&SimRepo> {
        self.repos
            .iter()
            .find(|r| r.owner.eq_ignore_ascii_case(owner) && r.name.eq_ignore_ascii_case(name))
    }
}

fn sha(text: &str) -> Result<CommitSha, SimError> {
    text.parse().map_err(|_| SimError::Fixture(format!("{text:?} is not a SHA")))
}

impl GithubSim {
    fn from_parts(repos: Vec<SimRepo>, credentials: Credentials) -> Self {
        Self {
            inner: Arc::new(Inner {
                world: Mutex::new(World {
                    repos,
                    credentials,
                    teams: Vec::new(),
                    oauth: oauth::OAuthState::default(),
                    manifests: manifests::ManifestState::default(),
                    // Near where GitHub's comment ids are today.
                    talk_ids: 2_500_000_000,
                }),
                control: Mutex::new(Control::default()),
                release: Notify::new(),
            }),
        }
    }

    /// A simulator seeded from the JSON format of `fixtures/github/README.md`.
    pub fn from_fixture(text: &str) -> Result<GithubSim, SimError> {
        let seed = fixture::parse(text)?;
        let mut credentials = Credentials::default();
        for token in seed.tokens {
            credentials.add_personal_token(&token.token, &token.login);
        }
        for app in seed.apps {
            credentials.register_app(app.app_id, app.public_key_pem);
        }
        let sim = Self::from_parts(seed.repos, credentials);
        {
            let mut world = sim.world();
            world.teams = seed.teams;
            for app in seed.oauth_apps {
                world.oauth.add_app(&app.client_id, &app.client_secret);
            }
            world.oauth.sign_in(seed.oauth_user.as_deref());
        }
        Ok(sim)
    }

    /// One repository with `n_prs` open PRs numbered from 1001.
    pub fn generated(repo: &RepoName, n_prs: usize) -> GithubSim {
        Self::from_parts(vec![fixture::generated(repo, n_prs)], Credentials::default())
    }

    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        // A panic while holding the lock leaves consistent data behind (every mutation is a
        // plain assignment), so a poisoned lock is still safe to use.
        self.inner.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn control(&self) -> MutexGuard<'_, Control> {
        self.inner.control.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with_pull<T>(
        &self,
        repo: &RepoName,
        pr: PrNumber,
        change: impl FnOnce(&mut SimRepo, u64) -> Result<T, SimError>,
    ) -> Result<T, SimError> {
        let mut world = self.world();
        let sim_repo = world.repo_mut(repo)?;
        sim_repo.pull(pr.get())?;
        let out = change(sim_repo, pr.get())?;
        sim_repo.pull_mut(pr.get())?.updated_at = Utc::now();
        Ok(out)
    }

    /// The commits on a PR's branch, oldest first.
    pub fn commits(&self, repo: &RepoName, pr: PrNumber) -> Result<Vec<CommitSha>, SimError> {
        let world = self.world();
        world.repo(repo)?.pull(pr.get())?.commits.iter().map(|c| sha(c)).collect()
    }

    /// The PR's head commit.
    pub fn head(&self, repo: &RepoName, pr: PrNumber) -> Result<CommitSha, SimError> {
        let world = self.world();
        sha(world.repo(repo)?.pull(pr.get())?.head())
    }

    /// Numbers of the repository's open PRs, ascending.
    pub fn open_pulls(&self, repo: &RepoName) -> Result<Vec<PrNumber>, SimError> {
        let world = self.world();
        let sim_repo = world.repo(repo)?;
        Ok(sim_repo
            .pulls
            .values()
            .filter(|p| p.state == OpenState::Open)
            .filter_map(|p| PrNumber::new(p.number).ok())
            .collect())
    }

    /// Adds `n_commits` commits to the branch; returns the new head.
    pub fn push(
        &self,
        repo: &RepoName,
        pr: PrNumber,
        n_commits: u32,
    ) -> Result<CommitSha, SimError> {
        self.with_pull(repo, pr, |r, n| {
            let head = r.pull(n)?.head().to_owned();
            let added = r.new_commits(&head, &format!("push{n}"), n_commits.max(1));
            let pull = r.pull_mut(n)?;
            pull.commits.extend(added);
            sha(pull.head())
        })
    }

    /// Rewrites the branch onto the current default branch with as many new commits; the old
    /// commits stay known by SHA, as on GitHub. Returns the new head.
    pub fn force_push(&self, repo: &RepoName, pr: PrNumber) -> Result<CommitSha, SimError> {
        self.with_pull(repo, pr, |r, n| {
            let count = r.pull(n)?.commits.len().max(1) as u32;
            let base = r.base_head();
            let rewritten = r.new_commits(&base, &format!("rewrite{n}"), count);
            let pull = r.pull_mut(n)?;
            let old = std::mem::replace(&mut pull.commits, rewritten);
            pull.force_pushed.extend(old);
            sha(pull.head())
        })
    }

    /// Merges an open PR: closed, `merged_at` set, a merge commit on the default branch.
    pub fn merge(&self, repo: &RepoName, pr: PrNumber) -> Result<(), SimError> {
        self.with_pull(repo, pr, |r, n| {
            if r.pull(n)?.state != OpenState::Open {
                return Err(SimError::WrongState(n, "not open"));
            }
            let base = r.base_head();
            let merge_commit = r.new_commits(&base, &format!("merge{n}"), 1);
            r.base_commits.extend(merge_commit.iter().cloned());
            let pull = r.pull_mut(n)?;
            let now = Utc::now();
            pull.state = OpenState::Closed;
            pull.merged_at = Some(now);
            pull.closed_at = Some(now);
            pull.merge_commit_sha = merge_commit.into_iter().next();
            Ok(())
        })
    }

    /// Closes a PR without merging it.
    pub fn close(&self, repo: &RepoName, pr: PrNumber) -> Result<(), SimError> {
        self.with_pull(repo, pr, |r, n| {
            let pull = r.pull_mut(n)?;
            pull.state = OpenState::Closed;
            pull.closed_at = Some(Utc::now());
            Ok(())
        })
    }

    /// Reopens a closed PR; a merged PR cannot be reopened, as on GitHub.
    pub fn reopen(&self, repo: &RepoName, pr: PrNumber) -> Result<(), SimError> {
        self.with_pull(repo, pr, |r, n| {
            let pull = r.pull_mut(n)?;
            if pull.merged_at.is_some() {
                return Err(SimError::WrongState(n, "merged"));
            }
            pull.state = OpenState::Open;
            pull.closed_at = None;
            Ok(())
        })
    }

    pub fn set_title(&self, repo: &RepoName, pr: PrNumber, title: &str) -> Result<(), SimError> {
        self.with_pull(repo, pr, |r, n| {
            r.pull_mut(n)?.title = title.to_owned();
            Ok(())
        })
    }

    /// Replaces the assignees with `login`, or with nobody.
    pub fn set_assignee(
        &self,
        repo: &RepoName,
        pr: PrNumber,
        login: Option<&str>,
    ) -> Result<(), SimError> {
        self.with_pull(repo, pr, |r, n| {
            r.pull_mut(n)?.assignees = login.map(SimUser::derived).into_iter().collect();
            Ok(())
        })
    }

    /// Opens a new PR with `n_commits` commits on the current default branch; returns its number
    /// (the next free one, shared with issues as on GitHub) and head.
    pub fn add_pr(
        &self,
        repo: &RepoName,
        title: &str,
        author: &str,
        n_commits: u32,
    ) -> Result<(PrNumber, CommitSha), SimError> {
        let mut world = self.world();
        let r = world.repo_mut(repo)?;
        let number = r.next_number();
        let base = r.base_head();
        let commits = r.new_commits(&base, &format!("pr{number}"), n_commits.max(1));
        let now = Utc::now();
        let pull = SimPull {
            number,
            id: 1_000_000_000 + number,
            title: title.to_owned(),
            body: None,
            user: SimUser::derived(author),
            assignees: Vec::new(),
            state: OpenState::Open,
            merged_at: None,
            closed_at: None,
            merge_commit_sha: None,
            head_ref: format!("{author}/change-{number}"),
            base_ref: r.default_branch.clone(),
            commits,
            force_pushed: Vec::new(),
            created_at: now,
            updated_at: now,
        };
        let head = sha(pull.head())?;
        r.pulls.insert(number, pull);
        Ok((PrNumber::new(number).map_err(|e| SimError::Fixture(e.to_string()))?, head))
    }

    /// Accepts `token` as a personal access token of `login`.
    pub fn add_personal_token(&self, token: &str, login: &str) {
        self.world().credentials.add_personal_token(token, login);
    }

    /// Verifies the JWTs of `app_id` with this public key (PEM); unregistered apps are checked
    /// for shape and expiry only.
    pub fn register_app(&self, app_id: u64, public_key_pem: &str) {
        self.world().credentials.register_app(app_id, Some(public_key_pem.to_owned()));
    }

    /// How long new installation tokens live (GitHub: one hour).
    pub fn set_token_ttl(&self, ttl: std::time::Duration) {
        self.world().credentials.set_token_ttl(ttl);
    }

    /// Installation tokens issued so far.
    pub fn tokens_issued(&self) -> u64 {
        self.world().credentials.tokens_issued()
    }
}
