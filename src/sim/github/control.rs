//! Faults the tests inject, the rate limit the simulator enforces, and what it measured.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::GithubSim;

/// The kinds of request the simulator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointKind {
    ListPulls,
    GetPull,
    GetIssue,
    Compare,
    RateLimit,
    AccessToken,
    RepoInstallation,
    User,
    TeamMembership,
    CollaboratorPermission,
    OAuthAuthorize,
    OAuthToken,
    CreateComment,
    CreateReaction,
    AddLabels,
    RemoveLabel,
    ListIssues,
    Other,
}

/// What the simulator saw since it started or since [`GithubSim::reset_stats`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SimStats {
    /// Every request that reached the server, faults included.
    pub total: u64,
    pub by_kind: BTreeMap<EndpointKind, u64>,
    /// Requests answered 304 Not Modified.
    pub not_modified: u64,
    /// Requests answered by an injected fault (5xx, 403/429 rate limit, hang).
    pub faulted: u64,
    /// The most requests being answered at the same moment.
    pub max_in_flight: u64,
    /// Requests per caller kind: `anonymous`, `token`, `installation`, `app`.
    pub by_auth: BTreeMap<String, u64>,
}

impl SimStats {
    pub fn count(&self, kind: EndpointKind) -> u64 {
        self.by_kind.get(&kind).copied().unwrap_or(0)
    }
}

/// The answer an injected fault forces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    Hang,
    Status(u16),
    RateLimited { reset: DateTime<Utc> },
    Throttled { retry_after: u64 },
}

/// GitHub's primary rate limit: a budget per hour, spent by every answer except 304s.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bucket {
    pub limit: u32,
    pub used: u32,
    pub reset: DateTime<Utc>,
}

impl Bucket {
    fn refill_if_due(&mut self, now: DateTime<Utc>) {
        if now >= self.reset {
            self.used = 0;
            self.reset = now + chrono::Duration::hours(1);
        }
    }

    pub fn remaining(&self) -> u32 {
        self.limit.saturating_sub(self.used)
    }
}

pub(crate) struct Control {
    pub latency: Duration,
    fail_next: u32,
    fail_status: u16,
    /// Only requests of this kind fail, when set.
    fail_kind: Option<EndpointKind>,
    hang_next: u32,
    rate_limited_until: Option<DateTime<Utc>>,
    throttled_until: Option<DateTime<Utc>>,
    pub bucket: Bucket,
    pub stats: SimStats,
    in_flight: u64,
}

impl Default for Control {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            fail_next: 0,
            fail_status: 500,
            fail_kind: None,
            hang_next: 0,
            rate_limited_until: None,
            throttled_until: None,
            bucket: Bucket { limit: 5000, used: 0, reset: Utc::now() + chrono::Duration::hours(1) },
            stats: SimStats::default(),
            in_flight: 0,
        }
    }
}

impl Control {
    /// Counts an arriving request and decides which fault, if any, answers it.
    pub fn arrive(&mut self, kind: EndpointKind) -> Option<Fault> {
        self.stats.total += 1;
        *self.stats.by_kind.entry(kind).or_default() += 1;
        self.in_flight += 1;
        self.stats.max_in_flight = self.stats.max_in_flight.max(self.in_flight);
        let now = Utc::now();
        self.bucket.refill_if_due(now);
        let fault = if self.hang_next > 0 {
            self.hang_next -= 1;
            Some(Fault::Hang)
        } else if self.fail_next > 0 && self.fail_kind.is_none_or(|k| k == kind) {
            self.fail_next -= 1;
            Some(Fault::Status(self.fail_status))
        } else if let Some(reset) = self.rate_limited_until.filter(|t| *t > now) {
            Some(Fault::RateLimited { reset })
        } else if let Some(until) = self.throttled_until.filter(|t| *t > now) {
            let retry_after = (until - now).num_milliseconds().max(0) as u64;
            Some(Fault::Throttled { retry_after: retry_after.div_ceil(1000).max(1) })
        } else {
            None
        };
        if fault.is_some() {
            self.stats.faulted += 1;
        }
        fault
    }

    pub fn leave(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }
}

/// Decrements the in-flight count however the request ends, including when a client gives up
/// and the answer is dropped half-way.
pub(crate) struct InFlight(pub GithubSim);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.control().leave();
    }
}

impl GithubSim {
    /// Delay before every answer, like a round trip to github.com.
    pub fn set_latency(&self, latency: Duration) {
        self.control().latency = latency;
    }

    /// The next `n` requests answer `status` (500, 502, …).
    pub fn fail_next(&self, n: u32, status: u16) {
        let mut control = self.control();
        control.fail_next = n;
        control.fail_status = status;
        control.fail_kind = None;
    }

    /// The next `n` requests of one kind answer `status`; the others answer normally.
    pub fn fail_next_on(&self, kind: EndpointKind, n: u32, status: u16) {
        let mut control = self.control();
        control.fail_next = n;
        control.fail_status = status;
        control.fail_kind = Some(kind);
    }

    /// The next `n` requests never answer (until [`GithubSim::clear_faults`]).
    pub fn hang_next(&self, n: u32) {
        self.control().hang_next = n;
    }

    /// For `duration`, every request answers 403 with `X-RateLimit-Remaining: 0` and the reset
    /// time, as when the primary rate limit is spent.
    pub fn rate_limit_for(&self, duration: Duration) {
        let until = Utc::now() + chrono::Duration::from_std(duration).unwrap_or_default();
        // `X-RateLimit-Reset` is in whole seconds: end the fault on one, so that a client
        // that waits for the advertised reset is not refused again.
        let whole = DateTime::from_timestamp(until.timestamp() + 1, 0).unwrap_or(until);
        self.control().rate_limited_until = Some(whole);
    }

    /// For `duration`, every request answers 429 with `Retry-After`, as a secondary limit does.
    pub fn throttle_for(&self, duration: Duration) {
        let until = Utc::now() + chrono::Duration::from_std(duration).unwrap_or_default();
        self.control().throttled_until = Some(until);
    }

    /// The hourly request budget (GitHub: 5000 for apps and tokens).
    pub fn set_rate_limit(&self, limit: u32) {
        self.control().bucket.limit = limit;
    }

    /// Ends every injected fault, latency included, and wakes hanging requests (they then answer
    /// normally).
    pub fn clear_faults(&self) {
        {
            let mut control = self.control();
            control.fail_next = 0;
            control.hang_next = 0;
            control.rate_limited_until = None;
            control.throttled_until = None;
            control.latency = Duration::ZERO;
        }
        self.inner.release.notify_waiters();
    }

    pub fn stats(&self) -> SimStats {
        self.control().stats.clone()
    }

    /// Zeroes the counters (requests in flight keep counting as in flight).
    pub fn reset_stats(&self) {
        let mut control = self.control();
        control.stats = SimStats::default();
        control.stats.max_in_flight = control.in_flight;
    }

    pub(crate) async fn hang(&self) {
        // Bounded so that a forgotten fault cannot keep a test process alive for ever.
        let released = self.inner.release.notified();
        tokio::select! {
            () = released => {}
            () = tokio::time::sleep(Duration::from_secs(600)) => {}
        }
    }
}
