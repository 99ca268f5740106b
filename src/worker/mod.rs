//! The webhook worker: applies verified deliveries, in the order they arrived, off the request.
//!
//! Pull request events update the live facts of pinned PRs (a new head at once, its drift after
//! one compare) and write titles and assignees back to the state file; comments on PRs run the
//! `/testing` commands. One worker handles every delivery, so events for a PR are applied in
//! arrival order; a slow command (it talks to GitHub) delays the deliveries queued behind it.

mod comments;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;
use tracing::{debug, info};

use crate::auth::Auth;
use crate::domain::{Drift, PrFacts, PrNumber};
use crate::operations::Operations;
use crate::webhook::{Delivery, EventKind, PullRequestAction, PullRequestEvent};

pub struct Worker {
    ops: Arc<Operations>,
    auth: Auth,
    prefix: String,
    /// The newest `updated_at` applied per PR. GitHub may deliver out of order or twice; an
    /// older answer must never replace a newer one.
    newest: HashMap<PrNumber, DateTime<Utc>>,
}

impl Worker {
    pub fn new(ops: Arc<Operations>, auth: Auth, prefix: String) -> Self {
        Self { ops, auth, prefix, newest: HashMap::new() }
    }

    /// Applies deliveries until the receiver is dropped.
    pub async fn run(mut self, mut deliveries: mpsc::Receiver<Delivery>) {
        while let Some(delivery) = deliveries.recv().await {
            self.apply(delivery).await;
        }
    }

    pub async fn apply(&mut self, delivery: Delivery) {
        let event = delivery.event.name().to_owned();
        self.apply_event(delivery).await;
        self.ops.service().metrics().webhook_applied(&event);
    }

    async fn apply_event(&mut self, delivery: Delivery) {
        let live = self.ops.service().live();
        live.update(|inputs| {
            inputs.system.last_webhook_at = Some(delivery.received_at);
            inputs.system.webhooks_applied += 1;
        });
        match delivery.event.kind {
            EventKind::PullRequest(event) => self.pull_request(&delivery.id, *event).await,
            EventKind::IssueComment(event) => {
                comments::run(&self.ops, &self.auth, &self.prefix, &delivery.id, event).await;
            }
            EventKind::Installation(event) => {
                info!(delivery = %delivery.id, action = ?event.action, "installation changed");
            }
            // A push to a PR's branch also arrives as `synchronize`, which carries the PR.
            EventKind::Push(_) | EventKind::Ping(_) | EventKind::Unknown { .. } => {}
        }
    }

    async fn pull_request(&mut self, delivery: &str, event: PullRequestEvent) {
        let pr = event.number;
        let updated_at = event.pull_request.updated_at;
        if self.newest.get(&pr).is_some_and(|newest| *newest > updated_at) {
            debug!(delivery, %pr, "older than what was applied; ignored");
            return;
        }
        self.newest.insert(pr, updated_at);
        let service = self.ops.service();
        let live = service.live();
        let pin = live.read(|inputs| {
            inputs.state.as_ref().ok().and_then(|state| state.find(pr)).map(|row| row.pin())
        });
        let Some(pin) = pin else { return };

        let previous = live.read(|inputs| inputs.facts.get(&pr).cloned()).unwrap_or_default();
        let facts = facts_from(&event, &previous);
        let head_moved = previous.head != facts.head;
        live.update(|inputs| {
            inputs.facts.insert(pr, facts.clone());
        });
        if head_moved || facts.drift == Drift::Unknown {
            self.update_drift(pr, pin, facts).await;
        }
        if matches!(
            event.action,
            PullRequestAction::Edited | PullRequestAction::Assigned | PullRequestAction::Unassigned
        ) {
            service.write_back_metadata().await;
        }
        debug!(delivery, %pr, action = ?event.action, "pinned PR updated from a webhook");
    }

    /// One compare of the pin with the new head, published when it answers.
    async fn update_drift(
        &self,
        pr: PrNumber,
        pin: Option<crate::domain::CommitSha>,
        facts: PrFacts,
    ) {
        let service = self.ops.service();
        let (Some(github), Some(pin), Some(head)) = (service.github(), pin, facts.head.clone())
        else {
            return;
        };
        let (drift, stale) = match github.drift(&pin, &head).await {
            Ok(drift) => (drift, None),
            Err(err) => (Drift::Unknown, Some(format!("compare with the pin failed: {err}"))),
        };
        service.live().update(|inputs| {
            if let Some(current) = inputs.facts.get_mut(&pr) {
                // Another delivery may have moved the head meanwhile; its own compare decides.
                if current.head.as_ref() == Some(&head) {
                    current.drift = drift;
                    current.drift_from = Some(pin);
                    current.stale = stale;
                }
            }
        });
    }
}

/// The facts a pull request event states, keeping the drift when the head did not move.
fn facts_from(event: &PullRequestEvent, previous: &PrFacts) -> PrFacts {
    let pull = &event.pull_request;
    let head = Some(pull.head.sha.clone());
    let (drift, drift_from) = if previous.head == head {
        (previous.drift, previous.drift_from.clone())
    } else {
        (Drift::Unknown, None)
    };
    let person = |login: &str| (!login.is_empty()).then(|| login.to_owned());
    let avatar = |url: &str| (!url.is_empty()).then(|| url.to_owned());
    PrFacts {
        head,
        drift,
        drift_from,
        state: Some(pull.live_state()),
        title: Some(pull.title.clone()),
        author: person(&pull.user.login),
        author_avatar: avatar(&pull.user.avatar_url),
        assignee: pull.assignee.as_ref().and_then(|user| person(&user.login)),
        assignee_avatar: pull.assignee.as_ref().and_then(|user| avatar(&user.avatar_url)),
        checked_at: Some(Utc::now()),
        stale: None,
    }
}
