//! The running service: owns the store, the GitHub client and the live snapshot, and keeps the
//! snapshot current — from the files beside it and from GitHub — in background tasks.

mod files;
mod labels;
mod writeback;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;
use tracing::{info, warn};

use crate::audit::{AuditEntry, AuditLog};
use crate::domain::{CommitSha, PrNumber, RepoName};
use crate::github::{GithubClient, ReconcileReport, reconcile};
use crate::live::{GithubStatus, Inputs, Live, ReconcileSummary, SystemInfo};
use crate::metrics::Metrics;
use crate::store::{Store, StoreError, TestingState};
use crate::{build_result, flags};

pub use files::POLL_INTERVAL;
pub use labels::LabelConfig;

/// How many audit entries the snapshot carries; the rest are behind `GET /api/audit`.
pub const ACTIVITY_SHOWN: usize = 30;

/// Everything the service needs to know about where it runs.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    pub repo: RepoName,
    pub state_file: PathBuf,
    pub status_file: PathBuf,
    pub flags_file: Option<PathBuf>,
    pub reconcile_interval: Duration,
    pub system: SystemInfo,
    /// How the GitHub client authenticates, in one word, for the dashboard.
    pub github_auth: String,
    pub labels: LabelConfig,
}

pub struct Service {
    config: ServiceConfig,
    store: Store,
    github: Option<GithubClient>,
    live: Arc<Live>,
    reconcile_requested: Notify,
    metrics: Metrics,
}

impl ServiceConfig {
    /// The audit log lives beside the state file, in a file the legacy page never rewrites.
    pub fn audit_file(&self) -> PathBuf {
        let mut name = self.state_file.as_os_str().to_owned();
        name.push(".audit.jsonl");
        PathBuf::from(name)
    }
}

impl Service {
    /// Loads every file, publishes the first snapshot and starts the background tasks. Never
    /// fails on a bad file: the problem is shown in the snapshot instead.
    pub async fn start(config: ServiceConfig, github: Option<GithubClient>) -> Arc<Self> {
        let github_status =
            GithubStatus { auth: config.github_auth.clone(), ..GithubStatus::default() };
        let mut inputs = Inputs::new(config.repo.clone(), config.system.clone(), github_status);
        let audit = AuditLog::new(config.audit_file());
        match audit.recent(ACTIVITY_SHOWN) {
            Ok(recent) => recent.into_iter().rev().for_each(|entry| inputs.push_activity(entry)),
            Err(err) => warn!(error = %err, "could not read the audit log"),
        }
        let metrics = Metrics::new();
        if let Some(github) = &github {
            github.report_to(&metrics);
        }
        let service = Arc::new(Self {
            store: Store::new(&config.state_file),
            metrics,
            live: Arc::new(Live::new(inputs)),
            github,
            config,
            reconcile_requested: Notify::new(),
        });
        let watched = Watchers {
            state: files::Watched::new(&service.config.state_file),
            status: files::Watched::new(&service.config.status_file),
            flags: service.config.flags_file.as_deref().map(files::Watched::new),
        };
        service.reload_state().await;
        service.reload_build_result().await;
        service.reload_flags().await;
        tokio::spawn(Arc::clone(&service).watch_files(watched));
        tokio::spawn(Arc::clone(&service).reconcile_loop());
        if let (Some(github), false) = (&service.github, service.config.labels.is_off()) {
            let labels =
                labels::keep_labels(service.live(), github.clone(), service.config.labels.clone());
            tokio::spawn(labels);
        }
        service
    }

    pub fn live(&self) -> Arc<Live> {
        Arc::clone(&self.live)
    }

    /// The registry every part of this service counts into.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn repo(&self) -> &RepoName {
        &self.config.repo
    }

    pub fn github(&self) -> Option<&GithubClient> {
        self.github.as_ref()
    }

    /// Publishes a state this process just wrote. A moved pin needs a compare with its head.
    pub fn publish_state(&self, state: TestingState) {
        let state = Ok(state);
        let pins_changed = self.live.read(|inputs| pins(&inputs.state) != pins(&state));
        self.live.update(|inputs| {
            inputs.state = state;
            inputs.write_problem = None;
        });
        if pins_changed {
            self.request_reconcile();
        }
    }

    /// Shows on the dashboard that a change could not be saved. A malformed file is already
    /// shown as such; anything else (a read-only folder, a full disk) is shown until a write
    /// succeeds, because nothing else would tell the operator before the next change fails.
    pub fn publish_write_failure(&self, err: &StoreError) {
        if matches!(err, StoreError::Malformed { .. }) {
            return;
        }
        let message = format!(
            "The last change could not be saved: {err}. The state file was left as it was and \
             earlier changes are kept; the next change tries again."
        );
        self.live.update(|inputs| inputs.write_problem = Some(message));
    }

    /// Publishes an entry just appended to the audit log.
    pub fn publish_audit(&self, entry: AuditEntry) {
        self.live.update(|inputs| inputs.push_activity(entry));
    }

    /// Asks for a reconcile with GitHub as soon as the current one (if any) ends.
    pub fn request_reconcile(&self) {
        self.reconcile_requested.notify_one();
    }

    /// Re-reads the state file. Goes through [`Store::repair`], so a file replaced by a writer
    /// that ignored the lock is merged with what this service wrote, not taken blindly.
    /// Returns whether the pins changed, which calls for a reconcile.
    async fn reload_state(&self) -> bool {
        let store = self.store.clone();
        let result = tokio::task::spawn_blocking(move || store.repair()).await;
        let state = match result {
            Ok(Ok(state)) => Ok(state),
            Ok(Err(err)) => Err(describe_store_error(&err)),
            Err(join) => Err(format!("reading the state file stopped unexpectedly: {join}")),
        };
        if let Err(message) = &state {
            warn!(path = %self.config.state_file.display(), %message, "state file unusable");
        }
        let (unchanged, pins_before) =
            self.live.read(|inputs| (inputs.state == state, pins(&inputs.state)));
        if unchanged {
            // Usually this process's own write, already published.
            return false;
        }
        let pins_after = pins(&state);
        self.live.update(|inputs| inputs.state = state);
        pins_before != pins_after
    }

    async fn reload_build_result(&self) {
        let path = self.config.status_file.clone();
        let result = tokio::task::spawn_blocking(move || build_result::load(&path)).await;
        let build = match result {
            Ok(Ok(build)) => Ok(build),
            Ok(Err(err)) => Err(err.to_string()),
            Err(join) => Err(format!("reading the build result stopped unexpectedly: {join}")),
        };
        self.live.update(|inputs| inputs.build = build);
    }

    async fn reload_flags(&self) {
        let Some(path) = self.config.flags_file.clone() else { return };
        let result = tokio::task::spawn_blocking(move || flags::load(&path)).await;
        let flags = match result {
            Ok(loaded) => loaded.map_err(|err| err.to_string()),
            Err(join) => Err(format!("reading the feature flags stopped unexpectedly: {join}")),
        };
        self.live.update(|inputs| inputs.flags = Some(flags));
    }

    async fn watch_files(self: Arc<Self>, watched: Watchers) {
        let Watchers { mut state, mut status, mut flags } = watched;
        let mut ticker = tokio::time::interval(POLL_INTERVAL);
        loop {
            ticker.tick().await;
            if state.changed() && self.reload_state().await {
                self.request_reconcile();
            }
            if status.changed() {
                self.reload_build_result().await;
            }
            if flags.as_mut().is_some_and(files::Watched::changed) {
                self.reload_flags().await;
            }
        }
    }

    async fn reconcile_loop(self: Arc<Self>) {
        if self.github.is_none() {
            info!("no GitHub access configured: live facts stay unknown");
            return;
        }
        loop {
            self.reconcile_once().await;
            tokio::select! {
                () = tokio::time::sleep(self.config.reconcile_interval) => {}
                () = self.reconcile_requested.notified() => {}
            }
        }
    }

    /// Asks GitHub about every pinned PR, publishes the facts, and writes changed titles,
    /// authors and assignees back to the state file.
    pub async fn reconcile_once(&self) {
        let Some(github) = &self.github else { return };
        let Some(pins) = self.live.read(|inputs| pins(&inputs.state)) else { return };
        let previous = self.live.read(|inputs| inputs.facts.clone());
        let report = reconcile(github, &pins, &previous).await;
        self.metrics.reconcile_finished(report.duration);
        let status = self.github_status(&report);
        let facts = report.facts;
        self.live.update(|inputs| {
            inputs.facts = facts;
            inputs.github = status;
        });
        self.write_back_metadata().await;
    }

    fn github_status(&self, report: &ReconcileReport) -> GithubStatus {
        let rate = self.github.as_ref().map(GithubClient::rate_limit);
        let problem = report.failures.first().map(|first| {
            let more = report.failures.len() - 1;
            if more == 0 { first.clone() } else { format!("{first} (and {more} more)") }
        });
        GithubStatus {
            auth: self.config.github_auth.clone(),
            rate_limit_remaining: rate.as_ref().and_then(|r| r.remaining),
            rate_limit_reset_at: rate.as_ref().and_then(|r| r.reset),
            paused_until: rate.as_ref().and_then(|r| r.paused_until),
            last_reconcile: Some(ReconcileSummary {
                finished_at: Utc::now(),
                duration_ms: report.duration.as_millis() as u64,
                requests: report.requests,
                not_modified: report.not_modified,
                failures: report.failures.clone(),
            }),
            problem,
        }
    }

    pub async fn write_back_metadata(&self) {
        let (needed, facts) = self.live.read(|inputs| match &inputs.state {
            Ok(state) => (writeback::needed(state, &inputs.facts), inputs.facts.clone()),
            Err(_) => (false, HashMap::new()),
        });
        if !needed {
            return;
        }
        let store = self.store.clone();
        let result = tokio::task::spawn_blocking(move || {
            store.update(|state| writeback::apply(state, &facts))
        })
        .await;
        self.metrics.state_write(matches!(result, Ok(Ok(_))));
        match result {
            Ok(Ok((changed, state))) => {
                info!(changed, "wrote titles, authors and assignees from GitHub");
                self.publish_state(state);
            }
            Ok(Err(err)) => {
                warn!(error = %err, "could not write GitHub metadata back");
                self.publish_write_failure(&err);
            }
            Err(join) => warn!(error = %join, "metadata write-back stopped unexpectedly"),
        }
    }
}

/// The files the service follows, each from the version it read first.
struct Watchers {
    state: files::Watched,
    status: files::Watched,
    flags: Option<files::Watched>,
}

/// The pins of a readable state, in file order.
fn pins(state: &Result<TestingState, String>) -> Option<Vec<(PrNumber, Option<CommitSha>)>> {
    let state = state.as_ref().ok()?;
    Some(state.prs.iter().map(|pr| (pr.pr, pr.pin())).collect())
}

fn describe_store_error(err: &StoreError) -> String {
    format!("{err}. Nothing will be written to it until it is fixed.")
}
