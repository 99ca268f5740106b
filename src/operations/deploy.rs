//! The deploy: apply the plan, trigger Jenkins with the active PRs, and follow the build.
//!
//! The state advances only when Jenkins accepted the build (or Jenkins is not configured, and
//! the answer says so), so a refused deploy leaves the file and the plan exactly as they were.
//! One deploy at a time: the gate is held from the request until the build has a result.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::Serialize;
use tokio::sync::{Mutex, OwnedMutexGuard};
use tracing::{info, warn};
use utoipa::ToSchema;

use super::{Actor, OperationError, Operations};
use crate::audit::{AuditEntry, AuditLog, Channel, Outcome};
use crate::jenkins::{self, BuildPhase, BuildProgress, JenkinsError};
use crate::live::{DeployedPr, Live};
use crate::metrics::Metrics;
use crate::plan::{self, PlanStep};

/// Held while a deploy is being requested or its build followed.
#[derive(Debug, Default)]
pub(super) struct DeployGate {
    running: Arc<Mutex<()>>,
}

/// The deploy shown on the dashboard: who asked, what it builds, and how Jenkins is doing.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeployStatus {
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    /// What this deploy builds, in `GH_REPO_AND_BRANCH` order.
    pub prs: Vec<DeployedPr>,
    /// False when no Jenkins is configured: the state advanced but nothing was built.
    pub triggered: bool,
    /// True until the build has a result (or no build was started).
    pub in_progress: bool,
    pub build: Option<BuildProgress>,
}

/// The answer to a deploy request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeployReport {
    pub message: String,
    /// The steps this deploy applied.
    pub applied: Vec<PlanStep>,
    pub status: DeployStatus,
}

#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("a deploy is in progress{}; try again when it has finished", link(.build_url))]
    InProgress { build_url: Option<String> },
    #[error("Jenkins did not start the build, so nothing changed: {0}")]
    Jenkins(#[from] JenkinsError),
    #[error("the state file cannot be read, so nothing can be deployed: {0}")]
    Unreadable(String),
}

fn link(url: &Option<String>) -> String {
    url.as_ref().map(|url| format!(" ({url})")).unwrap_or_default()
}

impl Operations {
    pub async fn deploy(&self, actor: &Actor) -> Result<DeployReport, OperationError> {
        let result = self.run_deploy(actor).await;
        let label = match &result {
            Ok(report) if report.status.triggered => "triggered",
            Ok(_) => "recorded",
            Err(OperationError::Deploy(DeployError::InProgress { .. })) => "in_progress",
            Err(OperationError::Deploy(DeployError::Jenkins(_))) => "refused",
            Err(OperationError::Deploy(DeployError::Unreadable(_))) => "unreadable",
            Err(_) => "failed",
        };
        self.service.metrics().deploy(label);
        result
    }

    async fn run_deploy(&self, actor: &Actor) -> Result<DeployReport, OperationError> {
        let gate = Arc::clone(&self.deploy.running).try_lock_owned().map_err(|_| {
            let build_url = self.service.live().read(|inputs| {
                inputs.deploy.as_ref().and_then(|d| d.build.as_ref()).and_then(build_url)
            });
            DeployError::InProgress { build_url }
        })?;
        let requested_at = Utc::now();
        let (state, facts) =
            self.service.live().read(|inputs| (inputs.state.clone(), inputs.facts.clone()));
        let state = state.map_err(DeployError::Unreadable)?;
        let steps = plan::plan(&state, &facts);
        let mut next = state.clone();
        plan::apply(&mut next, &steps);
        let built = plan::active_prs(&next);
        let lines: Vec<_> = built.iter().map(|(pr, title)| (*pr, title.as_str())).collect();
        let lines = jenkins::branch_lines(&lines);

        let queued = match &self.jenkins {
            None => None,
            Some(jenkins) => match jenkins.trigger(&lines).await {
                Ok(queued) => Some(queued),
                Err(err) => {
                    warn!(error = %err, "Jenkins refused the deploy");
                    self.record_deploy(actor, &format!("refused: {err}"));
                    return Err(DeployError::Jenkins(err).into());
                }
            },
        };

        let deployed: Vec<DeployedPr> =
            built.iter().map(|(pr, title)| DeployedPr { pr: *pr, title: title.clone() }).collect();
        let applied = steps.clone();
        let record = deployed.clone();
        self.write(move |state| {
            plan::apply(state, &steps);
            state.deployed =
                record.iter().map(|entry| (entry.pr.to_string(), entry.title.clone())).collect();
            state.set_deploy_started_at(requested_at);
            state.set_last_deploy_at(Utc::now());
        })
        .await?;

        let status = DeployStatus {
            requested_by: actor.login.clone(),
            requested_at,
            prs: deployed,
            triggered: queued.is_some(),
            in_progress: queued.is_some(),
            build: None,
        };
        let live = self.service.live();
        live.update(|inputs| inputs.deploy = Some(status.clone()));
        let message = match &queued {
            Some(queued) => format!(
                "Deploying {} PRs: Jenkins queued the build ({})",
                status.prs.len(),
                queued.queue_item_url
            ),
            None => format!(
                "Jenkins is not configured: the testing set now records a deploy of {} PRs, \
                 but no build was started",
                status.prs.len()
            ),
        };
        self.record_deploy(actor, &message);
        info!(actor = %actor.login, prs = status.prs.len(), triggered = status.triggered, "deploy");
        if let (Some(jenkins), Some(queued)) = (self.jenkins.clone(), queued) {
            let audit = self.audit.clone();
            let requested_by = actor.login.clone();
            let metrics = self.service.metrics().clone();
            let progress = jenkins.follow(queued);
            tokio::spawn(follow(progress, live, audit, metrics, requested_by, gate));
        }
        Ok(DeployReport { message, applied, status })
    }

    fn record_deploy(&self, actor: &Actor, outcome: &str) {
        let entry = AuditEntry {
            at: Utc::now(),
            actor: actor.login.clone(),
            channel: actor.channel,
            operation: "deploy".to_owned(),
            prs: Vec::new(),
            outcome: Outcome::Text(outcome.to_owned()),
            detail: None,
        };
        if let Err(err) = self.audit.append(&entry) {
            warn!(error = %err, "could not append to the audit log");
        }
        self.service.publish_audit(entry);
    }
}

/// Publishes every step of the build, then records its end and opens the gate again.
async fn follow(
    progress: impl futures::Stream<Item = BuildProgress> + Send + 'static,
    live: Arc<Live>,
    audit: AuditLog,
    metrics: Metrics,
    requested_by: String,
    gate: OwnedMutexGuard<()>,
) {
    let mut progress = std::pin::pin!(progress);
    let mut last = None;
    while let Some(step) = progress.next().await {
        let over = step.is_over();
        live.update(|inputs| {
            if let Some(deploy) = inputs.deploy.as_mut() {
                deploy.in_progress = !over;
                deploy.build = Some(step.clone());
            }
        });
        last = Some(step);
    }
    metrics.build_finished(match last.as_ref().map(|step| &step.phase) {
        Some(BuildPhase::Finished { result, .. }) => result.as_str(),
        Some(BuildPhase::Cancelled { .. }) => "cancelled",
        Some(BuildPhase::Lost { .. }) => "lost",
        _ => "unfollowed",
    });
    let outcome = match last.as_ref().map(|step| &step.phase) {
        Some(BuildPhase::Finished { result, number, .. }) => format!("build #{number}: {result:?}"),
        Some(BuildPhase::Cancelled { .. }) => "build cancelled in the Jenkins queue".to_owned(),
        Some(BuildPhase::Lost { reason }) => format!("build lost: {reason}"),
        _ => "build stopped being followed".to_owned(),
    };
    live.update(|inputs| {
        if let Some(deploy) = inputs.deploy.as_mut() {
            deploy.in_progress = false;
        }
    });
    let entry = AuditEntry {
        at: Utc::now(),
        actor: requested_by,
        channel: Channel::System,
        operation: "build".to_owned(),
        prs: Vec::new(),
        outcome: Outcome::Text(outcome),
        detail: None,
    };
    if let Err(err) = audit.append(&entry) {
        warn!(error = %err, "could not append to the audit log");
    }
    live.update(|inputs| inputs.push_activity(entry));
    drop(gate);
}

fn build_url(progress: &BuildProgress) -> Option<String> {
    match &progress.phase {
        BuildPhase::Running { url, .. } | BuildPhase::Finished { url, .. } => Some(url.clone()),
        _ => Some(progress.queue_item_url.clone()),
    }
}
