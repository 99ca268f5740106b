//! The JSON seed of the simulator (documented in `fixtures/github/README.md`), and generated
//! seeds for tests and benchmarks.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use serde::Deserialize;

use super::SimError;
use super::people::{SimTeam, check_role};
use super::state::{OpenState, SimIssue, SimPull, SimRepo, SimUser};
use crate::domain::{CommitSha, RepoName};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fixture {
    #[serde(default)]
    users: Vec<FixtureUser>,
    #[serde(default)]
    pub tokens: Vec<FixtureToken>,
    #[serde(default)]
    pub apps: Vec<FixtureApp>,
    #[serde(default)]
    teams: Vec<FixtureTeam>,
    #[serde(default)]
    oauth_apps: Vec<FixtureOAuthApp>,
    #[serde(default)]
    oauth_user: Option<String>,
    repositories: Vec<FixtureRepo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureTeam {
    /// `org/team-slug`.
    name: String,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    pending: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixtureOAuthApp {
    pub client_id: String,
    pub client_secret: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureCollaborator {
    login: String,
    role: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureUser {
    login: String,
    id: u64,
    #[serde(default)]
    avatar_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixtureToken {
    pub token: String,
    pub login: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixtureApp {
    pub app_id: u64,
    #[serde(default)]
    pub public_key_pem: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureRepo {
    full_name: String,
    #[serde(default)]
    id: Option<u64>,
    #[serde(default = "default_branch")]
    default_branch: String,
    #[serde(default)]
    installation_id: Option<u64>,
    #[serde(default)]
    base_commits: Vec<Sha>,
    #[serde(default)]
    pulls: Vec<FixturePull>,
    #[serde(default)]
    issues: Vec<FixtureIssue>,
    #[serde(default)]
    collaborators: Vec<FixtureCollaborator>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixturePull {
    number: u64,
    title: String,
    #[serde(default)]
    body: Option<String>,
    user: String,
    #[serde(default)]
    assignees: Vec<String>,
    #[serde(default = "default_state")]
    state: String,
    #[serde(default)]
    merged_at: Option<DateTime<Utc>>,
    #[serde(default)]
    closed_at: Option<DateTime<Utc>>,
    head_ref: String,
    #[serde(default)]
    base_ref: Option<String>,
    #[serde(default)]
    fork_point: Option<Sha>,
    commits: Vec<Sha>,
    #[serde(default)]
    force_pushed: Vec<Sha>,
    #[serde(default)]
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureIssue {
    number: u64,
    title: String,
    user: String,
    #[serde(default = "default_state")]
    state: String,
    #[serde(default)]
    created_at: Option<DateTime<Utc>>,
}

/// A SHA as the fixture writes it, checked by the domain type.
type Sha = CommitSha;

fn default_branch() -> String {
    "master".to_owned()
}

fn default_state() -> String {
    "open".to_owned()
}

/// Fixtures without times get one fixed instant, so payloads (and ETags) never depend on the
/// day the fixture is loaded.
pub(crate) fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).single().unwrap_or_default()
}

fn open_state(text: &str, number: u64) -> Result<OpenState, SimError> {
    match text {
        "open" => Ok(OpenState::Open),
        "closed" => Ok(OpenState::Closed),
        other => Err(SimError::Fixture(format!("#{number}: state {other:?} is not open/closed"))),
    }
}

pub(crate) struct Seed {
    pub repos: Vec<SimRepo>,
    pub tokens: Vec<FixtureToken>,
    pub apps: Vec<FixtureApp>,
    pub teams: Vec<SimTeam>,
    pub oauth_apps: Vec<FixtureOAuthApp>,
    pub oauth_user: Option<String>,
}

pub(crate) fn parse(text: &str) -> Result<Seed, SimError> {
    let fixture: Fixture =
        serde_json::from_str(text).map_err(|e| SimError::Fixture(e.to_string()))?;
    let users: HashMap<String, SimUser> = fixture
        .users
        .iter()
        .map(|u| {
            let mut user = SimUser::new(&u.login, u.id);
            if let Some(url) = &u.avatar_url {
                user.avatar_url = url.clone();
            }
            (u.login.to_ascii_lowercase(), user)
        })
        .collect();
    let user = |login: &str| {
        users.get(&login.to_ascii_lowercase()).cloned().unwrap_or_else(|| SimUser::derived(login))
    };
    let mut repos = Vec::new();
    for (index, spec) in fixture.repositories.into_iter().enumerate() {
        let name: RepoName = spec
            .full_name
            .parse()
            .map_err(|e: crate::domain::IdError| SimError::Fixture(e.to_string()))?;
        let (owner, short) = spec.full_name.split_once('/').unwrap_or((name.owner(), name.name()));
        let id = spec.id.unwrap_or(80_000_000 + index as u64);
        let mut repo = SimRepo::new(owner.trim(), short.trim(), id, &spec.default_branch);
        if let Some(installation) = spec.installation_id {
            repo.installation_id = installation;
        }
        if !spec.base_commits.is_empty() {
            let base: Vec<String> = spec.base_commits.iter().map(|s| s.to_string()).collect();
            repo.add_chain(None, &base);
            repo.base_commits = base;
        }
        for collaborator in spec.collaborators {
            check_role(&collaborator.role)?;
            let key = collaborator.login.to_ascii_lowercase();
            repo.collaborators.insert(key, (collaborator.login, collaborator.role));
        }
        for issue in spec.issues {
            let created = issue.created_at.unwrap_or_else(epoch);
            let sim = SimIssue {
                number: issue.number,
                id: 2_000_000_000 + issue.number,
                title: issue.title,
                user: user(&issue.user),
                state: open_state(&issue.state, issue.number)?,
                created_at: created,
                updated_at: created,
            };
            repo.issues.insert(issue.number, sim);
        }
        for pull in spec.pulls {
            if pull.commits.is_empty() {
                return Err(SimError::Fixture(format!("#{}: a PR needs commits", pull.number)));
            }
            if repo.issues.contains_key(&pull.number) {
                return Err(SimError::Fixture(format!(
                    "#{} is both an issue and a PR",
                    pull.number
                )));
            }
            let fork = pull.fork_point.map(|s| s.to_string()).unwrap_or_else(|| repo.base_head());
            let force_pushed: Vec<String> =
                pull.force_pushed.iter().map(|s| s.to_string()).collect();
            let commits: Vec<String> = pull.commits.iter().map(|s| s.to_string()).collect();
            repo.add_chain(Some(&fork), &force_pushed);
            repo.add_chain(Some(&fork), &commits);
            let created = pull.created_at.unwrap_or_else(epoch);
            let state = open_state(&pull.state, pull.number)?;
            let closed_at = match state {
                OpenState::Open => None,
                OpenState::Closed => pull.closed_at.or(pull.merged_at).or(Some(created)),
            };
            let sim = SimPull {
                number: pull.number,
                id: 1_000_000_000 + pull.number,
                title: pull.title,
                body: pull.body,
                user: user(&pull.user),
                assignees: pull.assignees.iter().map(|login| user(login)).collect(),
                state,
                merged_at: pull.merged_at,
                closed_at,
                merge_commit_sha: None,
                head_ref: pull.head_ref,
                base_ref: pull.base_ref.unwrap_or_else(|| repo.default_branch.clone()),
                commits,
                force_pushed,
                created_at: created,
                updated_at: pull.updated_at.unwrap_or(created),
            };
            repo.pulls.insert(pull.number, sim);
        }
        repos.push(repo);
    }
    let mut teams = Vec::new();
    for team in fixture.teams {
        let Some((org, slug)) = team
            .name
            .split_once('/')
            .filter(|(o, s)| !o.is_empty() && !s.is_empty() && !s.contains('/'))
        else {
            return Err(SimError::Fixture(format!("team {:?} is not org/team-slug", team.name)));
        };
        let (org, slug) = (org.to_owned(), slug.to_owned());
        teams.push(SimTeam { org, slug, members: team.members, pending: team.pending });
    }
    Ok(Seed {
        repos,
        tokens: fixture.tokens,
        apps: fixture.apps,
        teams,
        oauth_apps: fixture.oauth_apps,
        oauth_user: fixture.oauth_user,
    })
}

const GENERATED_AUTHORS: [&str; 6] =
    ["cdrini", "jimchamp", "mekarpeles", "RayBB", "scottbarnes", "hornc"];

/// `n_prs` open PRs numbered from 1001, one to three commits each, for tests and benchmarks.
pub(crate) fn generated(repo: &RepoName, n_prs: usize) -> SimRepo {
    let mut sim = SimRepo::new(repo.owner(), repo.name(), 80_000_000, "master");
    let base = sim.base_head();
    for i in 0..n_prs {
        let number = 1001 + i as u64;
        let count = 1 + (i % 3) as u32;
        let commits = sim.new_commits(&base, &format!("pr{number}"), count);
        let author = SimUser::derived(GENERATED_AUTHORS[i % GENERATED_AUTHORS.len()]);
        let created = epoch() + chrono::Duration::minutes(i as i64);
        let pull = SimPull {
            number,
            id: 1_000_000_000 + number,
            title: format!("Generated change {number}"),
            body: Some(format!("Closes #{}", number + 5000)),
            user: author,
            assignees: Vec::new(),
            state: OpenState::Open,
            merged_at: None,
            closed_at: None,
            merge_commit_sha: None,
            head_ref: format!("feature/generated-{number}"),
            base_ref: "master".to_owned(),
            commits,
            force_pushed: Vec::new(),
            created_at: created,
            updated_at: created,
        };
        sim.pulls.insert(number, pull);
    }
    sim
}
