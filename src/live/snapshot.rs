//! The snapshot: everything the dashboard shows, in one value, built from the state file, the
//! live facts and the files beside them. Building it is pure; [`super::Live`] publishes it.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::AuditEntry;
use crate::build_result::{BuildResult, MergeOutcome};
use crate::domain::{Drift, PrFacts, PrNumber, PrState, RepoName};
use crate::flags::FeatureFlags;
use crate::operations::DeployStatus;
use crate::plan::{self, PlanStep};
use crate::service::ACTIVITY_SHOWN;
use crate::store::{TestingPr, TestingState};

use super::status::{GithubStatus, SystemInfo};

/// Everything the dashboard shows. Every read request is answered from one of these.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Snapshot {
    /// Grows by one with every change this process publishes.
    pub version: u64,
    pub generated_at: DateTime<Utc>,
    pub repo: String,
    pub repo_url: String,
    pub testing: TestingSet,
    /// What the next deploy will change, in order: add, pin, enable, disable, remove.
    pub plan: Vec<PlanStep>,
    pub build: BuildSection,
    pub flags: FlagsSection,
    pub github: GithubStatus,
    pub system: SystemInfo,
    /// The deploy in progress or the last one this process started.
    pub deploy: Option<DeployStatus>,
    /// The latest changes from every channel, newest first.
    pub activity: Vec<AuditEntry>,
    /// Things a maintainer should fix or know about (a malformed file, GitHub unreachable).
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TestingSet {
    /// False when the state file could not be read: the rows are then empty, not lost.
    pub readable: bool,
    pub last_deploy_at: Option<DateTime<Utc>>,
    pub deploy_started_at: Option<DateTime<Utc>>,
    pub prs: Vec<PrRow>,
    /// What the last deploy built, when the state file records it.
    pub deployed: Option<Vec<DeployedPr>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeployedPr {
    #[schema(value_type = u64)]
    pub pr: PrNumber,
    pub title: String,
}

/// One PR of the testing set with what GitHub last said about it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PrRow {
    #[schema(value_type = u64)]
    pub pr: PrNumber,
    pub url: String,
    pub title: String,
    pub author: Option<String>,
    pub author_avatar: Option<String>,
    pub assignee: Option<String>,
    pub assignee_avatar: Option<String>,
    /// The commit deployed. Raw text: an old file may hold something that is not a full SHA.
    pub pin: String,
    /// The commit the next deploy will build instead, when one is staged.
    pub staged_pin: Option<String>,
    /// The branch's current commit, when GitHub has answered.
    pub head: Option<String>,
    pub drift: Drift,
    /// Open, merged or closed; null when GitHub has not answered.
    pub github_state: Option<PrState>,
    /// Why the facts above may be out of date, when they are.
    pub stale: Option<String>,
    pub checked_at: Option<DateTime<Utc>>,
    pub active: bool,
    /// The enabled state the next deploy applies, when a change is staged.
    pub staged_active: Option<bool>,
    pub added_at: Option<DateTime<Utc>>,
    pub added_by: String,
    /// Whether the last deploy built this PR.
    pub deployed: bool,
    /// The merge outcome of this PR in the last build, when the build result lists it.
    pub last_build: Option<MergeOutcome>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BuildSection {
    pub result: Option<BuildResult>,
    /// PRs the last build could not merge or fetch.
    #[schema(value_type = Vec<u64>)]
    pub not_deployed: Vec<PrNumber>,
    pub github_link: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FlagsSection {
    pub configured: bool,
    pub flags: Option<FeatureFlags>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Problem {
    /// What the problem is about: `state_file`, `status_file`, `flags_file` or `github`.
    pub source: String,
    pub message: String,
}

/// What a snapshot is built from. The publisher owns one and rebuilds on every change.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub repo: RepoName,
    pub state: Result<TestingState, String>,
    /// Why the last write to a readable state file failed (folder read-only, disk full); gone
    /// after the next write that succeeds.
    pub write_problem: Option<String>,
    pub facts: HashMap<PrNumber, PrFacts>,
    pub build: Result<Option<BuildResult>, String>,
    /// None when no flags file is configured.
    pub flags: Option<Result<FeatureFlags, String>>,
    pub github: GithubStatus,
    pub system: SystemInfo,
    pub deploy: Option<DeployStatus>,
    /// Oldest first, at most [`ACTIVITY_SHOWN`].
    pub activity: VecDeque<AuditEntry>,
}

impl Inputs {
    pub fn push_activity(&mut self, entry: AuditEntry) {
        if self.activity.len() == ACTIVITY_SHOWN {
            self.activity.pop_front();
        }
        self.activity.push_back(entry);
    }

    pub fn new(repo: RepoName, system: SystemInfo, github: GithubStatus) -> Self {
        Self {
            repo,
            state: Ok(TestingState::default()),
            write_problem: None,
            facts: HashMap::new(),
            build: Ok(None),
            flags: None,
            github,
            system,
            deploy: None,
            activity: VecDeque::new(),
        }
    }
}

pub fn build(inputs: &Inputs, version: u64, now: DateTime<Utc>) -> Snapshot {
    let repo_url = format!("https://github.com/{}", inputs.repo);
    let mut problems = Vec::new();
    let empty = TestingState::default();
    let state = match &inputs.state {
        Ok(state) => state,
        Err(message) => {
            problems.push(problem("state_file", message));
            &empty
        }
    };
    if let Some(message) = &inputs.write_problem {
        problems.push(problem("state_file", message));
    }
    let (build_result, build_error) = match &inputs.build {
        Ok(result) => (result.clone(), None),
        Err(message) => {
            problems.push(problem("status_file", message));
            (None, Some(message.clone()))
        }
    };
    let (flags, flags_error) = match &inputs.flags {
        None => (None, None),
        Some(Ok(flags)) => (Some(flags.clone()), None),
        Some(Err(message)) => {
            problems.push(problem("flags_file", message));
            (None, Some(message.clone()))
        }
    };
    if let Some(reason) = &inputs.github.problem {
        problems.push(problem("github", reason));
    }

    let prs = state
        .prs
        .iter()
        .map(|pr| row(state, pr, inputs.facts.get(&pr.pr), build_result.as_ref(), &repo_url))
        .collect();
    let deployed = state.records_deployed().then(|| {
        state
            .deployed
            .iter()
            .filter_map(|(number, title)| {
                let pr = number.parse().ok()?;
                Some(DeployedPr { pr, title: title.clone() })
            })
            .collect()
    });

    Snapshot {
        version,
        generated_at: now,
        repo: inputs.repo.to_string(),
        repo_url,
        testing: TestingSet {
            readable: inputs.state.is_ok(),
            last_deploy_at: state.last_deploy_at(),
            deploy_started_at: state.deploy_started_at(),
            prs,
            deployed,
        },
        plan: plan::plan(state, &inputs.facts),
        build: BuildSection {
            not_deployed: build_result.as_ref().map(BuildResult::not_deployed).unwrap_or_default(),
            github_link: build_result.as_ref().and_then(|b| b.github_link(&inputs.repo)),
            result: build_result,
            error: build_error,
        },
        flags: FlagsSection { configured: inputs.flags.is_some(), flags, error: flags_error },
        github: inputs.github.clone(),
        system: inputs.system.clone(),
        deploy: inputs.deploy.clone(),
        activity: inputs.activity.iter().rev().cloned().collect(),
        problems,
    }
}

fn problem(source: &str, message: &str) -> Problem {
    Problem { source: source.to_owned(), message: message.to_owned() }
}

/// The drift of the current pin: exact when the pin is the head, as measured when it was
/// measured from this pin, and unknown (until the next compare) when the pin has moved since.
fn drift_from_pin(pr: &TestingPr, facts: &PrFacts) -> Drift {
    let pin = pr.pin();
    match (&pin, &facts.head) {
        (Some(pin), Some(head)) if pin == head => Drift::UpToDate,
        (Some(_), _) if facts.drift_from == pin => facts.drift,
        _ => Drift::Unknown,
    }
}

fn row(
    state: &TestingState,
    pr: &TestingPr,
    facts: Option<&PrFacts>,
    build: Option<&BuildResult>,
    repo_url: &str,
) -> PrRow {
    let facts = facts.cloned().unwrap_or_default();
    let drift = drift_from_pin(pr, &facts);
    let last_build = build
        .and_then(|b| b.prs.iter().rev().find(|entry| entry.pr == Some(pr.pr)))
        .map(|entry| entry.merge);
    // GitHub is the authority on titles and people; the file catches up on the next write-back.
    let or_file = |live: Option<String>, file: &str| {
        live.or_else(|| (!file.is_empty()).then(|| file.to_owned()))
    };
    PrRow {
        pr: pr.pr,
        url: format!("{repo_url}/pull/{}", pr.pr),
        title: facts.title.clone().unwrap_or_else(|| pr.title.clone()),
        author: or_file(facts.author, &pr.author),
        author_avatar: or_file(facts.author_avatar, &pr.author_avatar),
        assignee: or_file(facts.assignee, &pr.assignee),
        assignee_avatar: or_file(facts.assignee_avatar, &pr.assignee_avatar),
        pin: pr.commit.clone(),
        staged_pin: pr.staged_pin().map(|sha| sha.to_string()),
        head: facts.head.map(|sha| sha.to_string()),
        drift,
        github_state: facts.state,
        stale: facts.stale,
        checked_at: facts.checked_at,
        active: pr.active,
        staged_active: pr.staged_active(),
        added_at: pr.added_at(),
        added_by: pr.added_by.clone(),
        deployed: plan::was_deployed(state, pr),
        last_build,
    }
}
