//! What the receiver has seen, for the dashboard's system panel and `/metrics`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::receive::Outcome;

/// Deliveries by outcome since the service started.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct WebhookStats {
    /// Every request to `POST /webhook`, genuine or not.
    pub received: u64,
    pub queued: u64,
    pub pongs: u64,
    pub duplicates: u64,
    /// Another repository, an event or action testbed does not act on.
    pub ignored: u64,
    /// Refused for a missing or wrong signature.
    pub unauthorized: u64,
    pub too_large: u64,
    /// Signed but unreadable: headers or payload.
    pub malformed: u64,
    /// Refused because the queue was full; GitHub can redeliver them.
    pub overloaded: u64,
    /// When the last delivery with a good signature arrived.
    pub last_received_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub(super) struct Counters {
    by_outcome: [AtomicU64; Outcome::COUNT],
    last_received_at: Mutex<Option<DateTime<Utc>>>,
}

impl Counters {
    pub(super) fn count(&self, outcome: Outcome) {
        self.by_outcome[outcome as usize].fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn genuine(&self, at: DateTime<Utc>) {
        let mut last = self.last_received_at.lock().unwrap_or_else(|e| e.into_inner());
        // Requests finish out of order; the newest time wins.
        if last.is_none_or(|seen| seen < at) {
            *last = Some(at);
        }
    }

    pub(super) fn snapshot(&self) -> WebhookStats {
        let n = |outcome: Outcome| self.by_outcome[outcome as usize].load(Ordering::Relaxed);
        let counts = Outcome::ALL.map(n);
        WebhookStats {
            received: counts.iter().sum(),
            queued: n(Outcome::Queued),
            pongs: n(Outcome::Pong),
            duplicates: n(Outcome::Duplicate),
            ignored: n(Outcome::Ignored),
            unauthorized: n(Outcome::Unauthorized),
            too_large: n(Outcome::TooLarge),
            malformed: n(Outcome::Malformed),
            overloaded: n(Outcome::Overloaded),
            last_received_at: *self.last_received_at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }
}
