//! The operations every channel uses to change the testing set: add, remove, enable, disable,
//! update, refresh and deploy. Each takes many PRs at once and answers with one outcome per PR.
//!
//! Every change goes through [`crate::store::Store::update`] (one locked read-modify-write,
//! re-applied if another writer got in between), is published to the live snapshot, and is
//! appended to the audit log.

mod deploy;
mod outcome;
mod staging;

pub use deploy::{DeployError, DeployReport, DeployStatus};
pub use outcome::{OutcomeCode, PrOutcome};

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use futures::StreamExt;
use serde::Serialize;
use tracing::{info, warn};
use utoipa::ToSchema;

use crate::audit::{AuditEntry, AuditLog, Channel, Outcome};
use crate::domain::{PrNumber, PrState};
use crate::github::PullLookup;
use crate::jenkins::JenkinsClient;
use crate::refs::{self, PrRef, RefProblem};
use crate::service::Service;
use crate::store::{StoreError, TestingPr, TestingState};

/// How many GitHub lookups one request runs at once.
const LOOKUPS_IN_FLIGHT: usize = 16;
/// How many PRs one request may name; more is refused as a whole.
pub const MAX_PRS_PER_REQUEST: usize = 200;

/// Who asks, and through which channel.
#[derive(Debug, Clone)]
pub struct Actor {
    pub login: String,
    pub channel: Channel,
}

/// The answer to an operation: one outcome per PR given, in order, and a summary.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OperationReport {
    pub operation: String,
    pub results: Vec<PrOutcome>,
    pub message: String,
}

/// Why an operation did nothing at all.
#[derive(Debug, thiserror::Error)]
pub enum OperationError {
    #[error("no pull request was given")]
    NothingGiven,
    #[error("{given} PRs in one request is more than the {MAX_PRS_PER_REQUEST} allowed")]
    TooMany { given: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the state file could not be written: {0}")]
    Interrupted(String),
    #[error(transparent)]
    Deploy(#[from] DeployError),
}

/// The operations, with what they need: the service (store, GitHub, live snapshot), Jenkins
/// and the audit log.
pub struct Operations {
    service: Arc<Service>,
    jenkins: Option<JenkinsClient>,
    audit: AuditLog,
    deploy: deploy::DeployGate,
}

/// Each input either names a PR or was refused, in input order.
type Slots = Vec<Result<(String, PrNumber), PrOutcome>>;

impl Operations {
    pub fn new(service: Arc<Service>, jenkins: Option<JenkinsClient>, audit: AuditLog) -> Self {
        Self { service, jenkins, audit, deploy: deploy::DeployGate::default() }
    }

    pub fn service(&self) -> &Arc<Service> {
        &self.service
    }

    pub fn audit_log(&self) -> &AuditLog {
        &self.audit
    }

    pub fn jenkins_configured(&self) -> bool {
        self.jenkins.is_some()
    }

    /// Adds open PRs, pinned at their current head. Nothing GitHub did not confirm is added.
    pub async fn add(&self, actor: &Actor, text: &str) -> Result<OperationReport, OperationError> {
        let slots = self.parse(text)?;
        let in_set = self.current_numbers();
        let mut checked: HashMap<PrNumber, Result<TestingPr, PrOutcome>> = HashMap::new();
        let to_look_up: Vec<PrNumber> =
            numbers(&slots).into_iter().filter(|pr| !in_set.contains(pr)).collect();
        let now = Utc::now();
        let mut facts = Vec::new();
        for (pr, lookup) in self.look_up(&to_look_up).await {
            let entry = match lookup {
                Ok(PullLookup::Pull(info)) if info.state == PrState::Open => {
                    let mut row = TestingPr::new(pr, &info.head, &info.title, &actor.login, now);
                    row.author = info.author.clone().unwrap_or_default();
                    row.author_avatar = info.author_avatar.clone().unwrap_or_default();
                    row.assignee = info.assignee.clone().unwrap_or_default();
                    row.assignee_avatar = info.assignee_avatar.clone().unwrap_or_default();
                    facts.push((
                        pr,
                        info.facts(crate::domain::Drift::UpToDate, Some(&info.head), now),
                    ));
                    Ok(row)
                }
                Ok(PullLookup::Pull(info)) => {
                    let state = if info.merged { "merged" } else { "closed" };
                    Err(PrOutcome::new(pr, OutcomeCode::NotOpen, format!("#{pr} is {state}")))
                }
                Ok(PullLookup::Issue) => Err(PrOutcome::new(
                    pr,
                    OutcomeCode::NotAPullRequest,
                    format!("#{pr} is an issue, not a pull request"),
                )),
                Ok(PullLookup::NotFound) => Err(PrOutcome::new(
                    pr,
                    OutcomeCode::NotFound,
                    format!("#{pr} does not exist in {}", self.service.repo()),
                )),
                Err(reason) => Err(PrOutcome::new(
                    pr,
                    OutcomeCode::GithubUnavailable,
                    format!("GitHub could not confirm #{pr} ({reason}); it was not added"),
                )),
            };
            checked.insert(pr, entry);
        }
        let rows: Vec<TestingPr> =
            checked.values().filter_map(|entry| entry.as_ref().ok().cloned()).collect();
        let added = self
            .write(move |state| {
                let mut added = Vec::new();
                for row in &rows {
                    if state.find(row.pr).is_none() {
                        added.push(row.pr);
                        state.prs.push(row.clone());
                    }
                }
                added
            })
            .await?;
        self.service.live().update(|inputs| inputs.facts.extend(facts));
        let results = fill(slots, |pr| match checked.get(&pr) {
            None => PrOutcome::new(
                pr,
                OutcomeCode::Unchanged,
                format!("#{pr} is already in the testing set"),
            ),
            Some(Err(refused)) => refused.clone(),
            Some(Ok(row)) if added.contains(&pr) => {
                PrOutcome::new(pr, OutcomeCode::Done, format!("#{pr} added at {}", short(row)))
            }
            Some(Ok(_)) => PrOutcome::new(
                pr,
                OutcomeCode::Unchanged,
                format!("#{pr} was added by someone else meanwhile"),
            ),
        });
        // The write's new pins already asked for a reconcile (see `Service::publish_state`).
        Ok(self.report(actor, "add", results))
    }

    /// Deletes rows. A PR the last deploy built stays in the plan as a removal until the next
    /// deploy.
    pub async fn remove(
        &self,
        actor: &Actor,
        text: &str,
    ) -> Result<OperationReport, OperationError> {
        let slots = self.parse(text)?;
        let wanted = numbers(&slots);
        let removed = self
            .write(move |state| {
                let before: Vec<PrNumber> = state.prs.iter().map(|row| row.pr).collect();
                state.prs.retain(|row| !wanted.contains(&row.pr));
                before.into_iter().filter(|pr| state.find(*pr).is_none()).collect::<Vec<_>>()
            })
            .await?;
        let results = fill(slots, |pr| {
            if removed.contains(&pr) {
                PrOutcome::new(pr, OutcomeCode::Done, format!("#{pr} removed"))
            } else {
                not_in_set(pr)
            }
        });
        Ok(self.report(actor, "remove", results))
    }

    /// Re-reads GitHub now for every PR of the set.
    pub async fn refresh(&self, actor: &Actor) -> Result<OperationReport, OperationError> {
        self.service.reconcile_once().await;
        let summary = self.service.live().read(|inputs| inputs.github.clone());
        let mut results = Vec::new();
        let facts = self.service.live().read(|inputs| inputs.facts.clone());
        for pr in self.current_numbers() {
            let outcome = match facts.get(&pr).and_then(|f| f.stale.clone()) {
                Some(reason) => PrOutcome::new(pr, OutcomeCode::GithubUnavailable, reason),
                None => PrOutcome::new(pr, OutcomeCode::Done, format!("#{pr} is up to date")),
            };
            results.push(outcome);
        }
        let mut report = self.report(actor, "refresh", results);
        if let Some(problem) = summary.problem {
            report.message = format!("GitHub did not answer for every PR: {problem}");
        }
        Ok(report)
    }

    /// Parses the PR references of a request, refusing inputs that name no PR.
    fn parse(&self, text: &str) -> Result<Slots, OperationError> {
        let refs = refs::dedupe(refs::parse_refs(text, self.service.repo()));
        if refs.is_empty() {
            return Err(OperationError::NothingGiven);
        }
        if refs.len() > MAX_PRS_PER_REQUEST {
            return Err(OperationError::TooMany { given: refs.len() });
        }
        Ok(refs
            .into_iter()
            .map(|pr_ref| {
                // An issue URL is named as people name issues; other inputs are echoed back.
                let message = match &pr_ref.result {
                    Err(problem @ RefProblem::IssueUrl { number }) => {
                        format!("#{number} {problem}")
                    }
                    _ => pr_ref.to_string(),
                };
                let PrRef { input, result } = pr_ref;
                match result {
                    Ok(pr) => Ok((input, pr)),
                    Err(problem) => Err(PrOutcome::refused(&input, &problem, message)),
                }
            })
            .collect())
    }

    fn current_numbers(&self) -> Vec<PrNumber> {
        self.service.live().read(|inputs| match &inputs.state {
            Ok(state) => state.prs.iter().map(|row| row.pr).collect(),
            Err(_) => Vec::new(),
        })
    }

    /// Asks GitHub about each PR, a bounded number at a time.
    async fn look_up(&self, prs: &[PrNumber]) -> Vec<(PrNumber, Result<PullLookup, String>)> {
        let Some(github) = self.service.github() else {
            let reason = "no GitHub access is configured".to_owned();
            return prs.iter().map(|pr| (*pr, Err(reason.clone()))).collect();
        };
        futures::stream::iter(prs.iter().copied())
            .map(|pr| async move { (pr, github.fetch_pull(pr).await.map_err(|e| e.to_string())) })
            .buffered(LOOKUPS_IN_FLIGHT)
            .collect()
            .await
    }

    /// One locked read-modify-write of the state file, then the new state is published.
    async fn write<T: Send + 'static>(
        &self,
        change: impl FnMut(&mut TestingState) -> T + Send + 'static,
    ) -> Result<T, OperationError> {
        let store = self.service.store().clone();
        let result = tokio::task::spawn_blocking(move || store.update(change)).await;
        self.service.metrics().state_write(matches!(result, Ok(Ok(_))));
        let (value, state) = result
            .map_err(|join| OperationError::Interrupted(join.to_string()))?
            .inspect_err(|err| self.service.publish_write_failure(err))?;
        self.service.publish_state(state);
        Ok(value)
    }

    fn report(&self, actor: &Actor, operation: &str, results: Vec<PrOutcome>) -> OperationReport {
        let done = results.iter().filter(|r| r.is_done()).count();
        let message = format!("{operation}: {done} of {} done", results.len());
        self.record(actor, operation, &results, None);
        info!(
            actor = %actor.login,
            channel = ?actor.channel,
            operation,
            given = results.len(),
            done,
            "operation"
        );
        OperationReport { operation: operation.to_owned(), results, message }
    }

    /// Appends to the audit log. A failure to record is logged, never hidden from operators,
    /// but does not undo a change already written.
    fn record(
        &self,
        actor: &Actor,
        operation: &str,
        results: &[PrOutcome],
        detail: Option<serde_json::Value>,
    ) {
        let entry = AuditEntry {
            at: Utc::now(),
            actor: actor.login.clone(),
            channel: actor.channel,
            operation: operation.to_owned(),
            prs: results.iter().filter_map(|r| r.pr.map(PrNumber::get)).collect(),
            outcome: Outcome::PerPr(
                results.iter().filter_map(|r| serde_json::to_value(r).ok()).collect(),
            ),
            detail,
        };
        if let Err(err) = self.audit.append(&entry) {
            warn!(error = %err, operation, "could not append to the audit log");
        }
        self.service.publish_audit(entry);
    }
}

/// The PR numbers of the accepted inputs, in order.
fn numbers(slots: &Slots) -> Vec<PrNumber> {
    slots.iter().filter_map(|slot| slot.as_ref().ok().map(|(_, pr)| *pr)).collect()
}

/// One outcome per input, in order: refusals as they are, PRs through `decide`.
fn fill(slots: Slots, mut decide: impl FnMut(PrNumber) -> PrOutcome) -> Vec<PrOutcome> {
    slots
        .into_iter()
        .map(|slot| match slot {
            Ok((input, pr)) => decide(pr).with_input(&input),
            Err(refused) => refused,
        })
        .collect()
}

fn not_in_set(pr: PrNumber) -> PrOutcome {
    PrOutcome::new(pr, OutcomeCode::NotInSet, format!("#{pr} is not in the testing set"))
}

fn short(row: &TestingPr) -> String {
    row.pin().map(|sha| sha.short().to_owned()).unwrap_or_else(|| row.commit.clone())
}
