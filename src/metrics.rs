//! The service's Prometheus metrics: one registry, handed to the parts that count, and encoded
//! as Prometheus text for `GET /metrics`.
//!
//! Label values come from short fixed lists (outcomes, status classes, event names testbed
//! knows), never from request data, so a sender cannot grow the number of series.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// The media type of Prometheus' text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Event names counted under their own label; anything else is counted as `other`.
const KNOWN_EVENTS: [&str; 5] = ["pull_request", "issue_comment", "push", "ping", "installation"];

/// Cheap to clone; clones count into the same registry.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    webhook_deliveries: Family<DeliveryLabels, Counter>,
    webhooks_applied: Family<EventLabels, Counter>,
    github_requests: Family<GithubLabels, Counter>,
    /// No series until GitHub has told us; a 0 before that would read as "spent".
    github_rate_limit_remaining: Family<NoLabels, Gauge>,
    reconcile_duration: Histogram,
    sse_clients: Gauge,
    deploys: Family<ResultLabels, Counter>,
    builds: Family<ResultLabels, Counter>,
    state_writes: Family<OutcomeLabels, Counter>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DeliveryLabels {
    event: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EventLabels {
    event: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct GithubLabels {
    outcome: &'static str,
    status_class: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabels {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct NoLabels {}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("testbed");
        let webhook_deliveries = Family::default();
        registry.register(
            "webhook_deliveries",
            "Requests to POST /webhook, by event and outcome (unverified ones have event \
             \"unverified\")",
            webhook_deliveries.clone(),
        );
        let webhooks_applied = Family::default();
        registry.register(
            "webhooks_applied",
            "Deliveries the worker has finished applying, by event",
            webhooks_applied.clone(),
        );
        let github_requests = Family::default();
        registry.register(
            "github_requests",
            "Requests sent to GitHub, by outcome and HTTP status class",
            github_requests.clone(),
        );
        let github_rate_limit_remaining = Family::default();
        registry.register(
            "github_rate_limit_remaining",
            "GitHub requests left in the current rate-limit window, as of the last answer",
            github_rate_limit_remaining.clone(),
        );
        // From 50 ms (a warm reconcile on a near network) to about 25 s (a cold one, slowly).
        let reconcile_duration = Histogram::new(exponential_buckets(0.05, 2.0, 10));
        registry.register(
            "reconcile_duration_seconds",
            "Wall time of each reconcile with GitHub",
            reconcile_duration.clone(),
        );
        let sse_clients = Gauge::default();
        registry.register(
            "sse_clients",
            "Event-stream (GET /api/events) clients connected now",
            sse_clients.clone(),
        );
        let deploys = Family::default();
        registry.register(
            "deploys",
            "Deploy requests, by result: triggered, recorded (no Jenkins), refused (by Jenkins), \
             in_progress, unreadable",
            deploys.clone(),
        );
        let builds = Family::default();
        registry.register(
            "builds",
            "Jenkins builds followed to their end, by result",
            builds.clone(),
        );
        let state_writes = Family::default();
        registry.register(
            "state_writes",
            "Read-modify-writes of the state file, by outcome (written, failed)",
            state_writes.clone(),
        );
        let inner = Inner {
            registry,
            webhook_deliveries,
            webhooks_applied,
            github_requests,
            github_rate_limit_remaining,
            reconcile_duration,
            sse_clients,
            deploys,
            builds,
            state_writes,
        };
        Self { inner: Arc::new(inner) }
    }

    /// Every metric in Prometheus' text format.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.inner.registry)?;
        Ok(text)
    }

    /// A request to `POST /webhook`; `event` is None before the signature checked out.
    pub fn webhook_delivery(&self, event: Option<&str>, outcome: &'static str) {
        let event = event.map_or("unverified", known_event);
        self.inner.webhook_deliveries.get_or_create(&DeliveryLabels { event, outcome }).inc();
    }

    pub fn webhook_applied(&self, event: &str) {
        let event = known_event(event);
        self.inner.webhooks_applied.get_or_create(&EventLabels { event }).inc();
    }

    pub fn github_request(&self, outcome: &'static str, status_class: &'static str) {
        self.inner.github_requests.get_or_create(&GithubLabels { outcome, status_class }).inc();
    }

    pub fn github_rate_limit_remaining(&self, remaining: u32) {
        self.inner.github_rate_limit_remaining.get_or_create(&NoLabels {}).set(remaining.into());
    }

    pub fn reconcile_finished(&self, took: Duration) {
        self.inner.reconcile_duration.observe(took.as_secs_f64());
    }

    /// Counts an event-stream client until the returned guard is dropped.
    pub fn sse_client(&self) -> SseClient {
        self.inner.sse_clients.inc();
        SseClient(self.inner.sse_clients.clone())
    }

    pub fn deploy(&self, result: &'static str) {
        self.inner.deploys.get_or_create(&ResultLabels { result }).inc();
    }

    pub fn build_finished(&self, result: &'static str) {
        self.inner.builds.get_or_create(&ResultLabels { result }).inc();
    }

    pub fn state_write(&self, written: bool) {
        let outcome = if written { "written" } else { "failed" };
        self.inner.state_writes.get_or_create(&OutcomeLabels { outcome }).inc();
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

/// One connected event-stream client; dropping it (the stream ends) counts it out.
pub struct SseClient(Gauge);

impl Drop for SseClient {
    fn drop(&mut self) {
        self.0.dec();
    }
}

fn known_event(event: &str) -> &'static str {
    KNOWN_EVENTS.into_iter().find(|known| *known == event).unwrap_or("other")
}

/// The class of an HTTP status, as a label: `2xx` … `5xx`.
pub fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_show_in_the_text_format() {
        let metrics = Metrics::new();
        metrics.webhook_delivery(Some("pull_request"), "queued");
        metrics.webhook_delivery(Some("made-up"), "ignored");
        metrics.webhook_delivery(None, "unauthorized");
        let text = metrics.encode().expect("encodes");
        assert!(text.contains(
            "testbed_webhook_deliveries_total{event=\"pull_request\",outcome=\"queued\"} 1"
        ));
        assert!(text.contains("event=\"other\",outcome=\"ignored\"} 1"));
        assert!(text.contains("event=\"unverified\",outcome=\"unauthorized\"} 1"));
        assert!(!text.contains("testbed_github_rate_limit_remaining"), "{text}");
    }

    #[test]
    fn an_sse_client_is_counted_while_connected() {
        let metrics = Metrics::new();
        let client = metrics.sse_client();
        assert!(metrics.encode().expect("encodes").contains("testbed_sse_clients 1"));
        drop(client);
        assert!(metrics.encode().expect("encodes").contains("testbed_sse_clients 0"));
    }
}
