//! `POST /webhook`: GitHub's deliveries, verified, de-duplicated, parsed and queued for the
//! service's worker. The request only does cheap checks, so GitHub (which gives up after 10 s)
//! always gets its answer in milliseconds; the slow work happens off the request.

mod dedupe;
mod delivery;
mod event;
mod receive;
mod stats;
mod verify;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::post;
use tokio::sync::mpsc;

pub use dedupe::{DEFAULT_CAPACITY as REMEMBERED_DELIVERIES, RecentDeliveries};
pub use delivery::{DELIVERY_HEADER, Delivery, EVENT_HEADER, PayloadError, event_and_id, parse};
pub use event::{
    Change, Comment, CommentAction, Event, EventKind, Head, Installation, InstallationAction,
    InstallationEvent, Issue, IssueCommentEvent, PingEvent, PullRequest, PullRequestAction,
    PullRequestChanges, PullRequestEvent, PullState, PushEvent, User, UserKind,
};
pub use stats::WebhookStats;
pub use verify::{
    SHA1_SIGNATURE_HEADER, SIGNATURE_HEADER, SecretsError, SignatureError, WebhookSecrets, sign,
    verify,
};

use crate::domain::RepoName;
use crate::metrics::Metrics;

/// GitHub caps a delivery's payload at 25 MiB; anything bigger was not sent by GitHub.
pub const DEFAULT_MAX_BODY_BYTES: usize = 25 * 1024 * 1024;
/// Deliveries waiting for the worker. Past this the worker is stuck, and answering 503 makes
/// GitHub keep the delivery as failed, for a redelivery, rather than losing it here.
pub const QUEUE_CAPACITY: usize = 10_000;

/// How the receiver checks deliveries.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    pub secrets: WebhookSecrets,
    /// Deliveries about any other repository are answered and ignored.
    pub repo: RepoName,
    pub max_body_bytes: usize,
}

impl WebhookConfig {
    pub fn new(secrets: WebhookSecrets, repo: RepoName) -> Self {
        Self { secrets, repo, max_body_bytes: DEFAULT_MAX_BODY_BYTES }
    }
}

/// The receiver's shared state; cheap to clone.
#[derive(Clone)]
pub struct WebhookIntake {
    inner: Arc<Inner>,
}

struct Inner {
    config: WebhookConfig,
    recent: Mutex<RecentDeliveries>,
    queue: mpsc::Sender<Delivery>,
    stats: stats::Counters,
    metrics: Metrics,
}

impl WebhookIntake {
    /// Deliveries that passed every check are sent, in arrival order, on the returned channel;
    /// the service's worker applies them off the request.
    pub fn new(config: WebhookConfig) -> (Self, mpsc::Receiver<Delivery>) {
        Self::with_queue_capacity(config, QUEUE_CAPACITY)
    }

    /// As [`WebhookIntake::new`] with a queue of `capacity` deliveries (at least one).
    pub fn with_queue_capacity(
        config: WebhookConfig,
        capacity: usize,
    ) -> (Self, mpsc::Receiver<Delivery>) {
        Self::counted(config, capacity, Metrics::new())
    }

    /// As [`WebhookIntake::with_queue_capacity`], counting every delivery into `metrics`.
    pub fn counted(
        config: WebhookConfig,
        capacity: usize,
        metrics: Metrics,
    ) -> (Self, mpsc::Receiver<Delivery>) {
        let (queue, deliveries) = mpsc::channel(capacity.max(1));
        let inner = Inner {
            config,
            recent: Mutex::new(RecentDeliveries::default()),
            queue,
            stats: stats::Counters::default(),
            metrics,
        };
        (Self { inner: Arc::new(inner) }, deliveries)
    }

    /// Counts by outcome, and when the last genuine delivery arrived.
    pub fn stats(&self) -> WebhookStats {
        self.inner.stats.snapshot()
    }

    pub fn repo(&self) -> &RepoName {
        &self.inner.config.repo
    }
}

impl std::fmt::Debug for WebhookIntake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookIntake").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

/// `POST /webhook`, to merge into the service's router.
pub fn routes(intake: WebhookIntake) -> Router {
    Router::new().route("/webhook", post(receive::receive)).with_state(intake)
}
