//! GitHub failing: 5xx, a hang, rate limits. Facts go stale with their previous values, the
//! client pauses without sending anything, and a later reconcile recovers.

#[path = "support/github.rs"]
mod support;

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use support::{pins_at_heads, pr, repo, serve, token_client};
use testbed::domain::{Drift, PrFacts, PrNumber};
use testbed::github::{GithubClient, GithubError, reconcile};
use testbed::sim::{EndpointKind, GithubSim};

type Pins = Vec<(PrNumber, Option<testbed::domain::CommitSha>)>;

/// A settled first reconcile, then a push GitHub will fail to tell us about.
async fn settled(sim: &GithubSim, client: &GithubClient) -> (Pins, HashMap<PrNumber, PrFacts>) {
    let pins = pins_at_heads(sim);
    let first = reconcile(client, &pins, &HashMap::new()).await;
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    sim.push(&repo(), pr(1001), 2).unwrap();
    (pins, first.facts)
}

fn assert_kept_and_stale(
    facts: &HashMap<PrNumber, PrFacts>,
    previous: &HashMap<PrNumber, PrFacts>,
) {
    for (n, before) in previous {
        let now = &facts[n];
        assert_eq!(now.head, before.head, "#{n} kept its previous head");
        assert_eq!(now.drift, before.drift, "#{n} kept its previous drift");
        assert!(now.stale.is_some(), "#{n} is marked stale");
    }
}

async fn assert_recovers(sim: &GithubSim, client: &GithubClient, pins: &Pins) {
    let report = reconcile(client, pins, &HashMap::new()).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.facts[&pr(1001)].drift, Drift::Behind { commits: 2 });
    assert_eq!(report.facts[&pr(1001)].head, Some(sim.head(&repo(), pr(1001)).unwrap()));
    assert!(report.facts.values().all(|f| f.stale.is_none()));
}

/// Waits out the client's pause, as the service's next scheduled reconcile would.
async fn wait_for_pause(client: &GithubClient) {
    if let Some(until) = client.rate_limit().paused_until {
        let left = (until - Utc::now()).to_std().unwrap_or_default();
        tokio::time::sleep(left + Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn server_errors_leave_stale_facts_and_a_later_reconcile_recovers() {
    let sim = GithubSim::generated(&repo(), 5);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let (pins, previous) = settled(&sim, &client).await;

    sim.fail_next(1000, 502);
    let report = reconcile(&client, &pins, &previous).await;
    assert_kept_and_stale(&report.facts, &previous);
    assert!(report.facts[&pr(1001)].stale.as_deref().unwrap_or_default().contains("502"));
    assert!(!report.failures.is_empty());
    assert_eq!(client.fetch_pull(pr(1001)).await, Err(GithubError::Unavailable { status: 502 }));

    sim.clear_faults();
    assert_recovers(&sim, &client, &pins).await;
    running.shutdown().await;
}

#[tokio::test]
async fn a_hanging_github_times_out_and_a_later_reconcile_recovers() {
    let sim = GithubSim::generated(&repo(), 5);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_millis(300));
    let (pins, previous) = settled(&sim, &client).await;

    sim.hang_next(1);
    let report = reconcile(&client, &pins, &previous).await;
    assert_kept_and_stale(&report.facts, &previous);
    let reason = report.facts[&pr(1001)].stale.clone().unwrap_or_default();
    assert!(reason.contains("did not answer"), "{reason}");

    sim.clear_faults();
    assert_recovers(&sim, &client, &pins).await;
    running.shutdown().await;
}

#[tokio::test]
async fn a_spent_rate_limit_pauses_every_call_until_the_reset() {
    let sim = GithubSim::generated(&repo(), 5);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let (pins, previous) = settled(&sim, &client).await;

    sim.rate_limit_for(Duration::from_secs(1));
    let report = reconcile(&client, &pins, &previous).await;
    assert_kept_and_stale(&report.facts, &previous);
    let status = client.rate_limit();
    assert_eq!(status.remaining, Some(0));
    let until = status.paused_until.expect("the client pauses");
    assert!(report.facts[&pr(1001)].stale.as_deref().unwrap_or_default().contains("rate limit"));

    // While paused, nothing reaches GitHub: calls fail at once with the end of the pause.
    sim.reset_stats();
    let paused = reconcile(&client, &pins, &report.facts).await;
    assert_eq!((paused.requests, sim.stats().total), (0, 0));
    assert_kept_and_stale(&paused.facts, &previous);
    assert_eq!(client.fetch_pull(pr(1002)).await, Err(GithubError::RateLimited { until }));
    assert_eq!(sim.stats().total, 0);

    wait_for_pause(&client).await;
    assert_recovers(&sim, &client, &pins).await;
    running.shutdown().await;
}

#[tokio::test]
async fn a_secondary_rate_limit_honours_retry_after() {
    let sim = GithubSim::generated(&repo(), 5);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let (pins, previous) = settled(&sim, &client).await;

    sim.throttle_for(Duration::from_secs(1));
    let report = reconcile(&client, &pins, &previous).await;
    assert_kept_and_stale(&report.facts, &previous);
    assert!(client.rate_limit().paused_until.is_some());

    sim.reset_stats();
    let paused = reconcile(&client, &pins, &report.facts).await;
    assert_eq!((paused.requests, sim.stats().total), (0, 0));

    sim.clear_faults();
    wait_for_pause(&client).await;
    assert_recovers(&sim, &client, &pins).await;
    running.shutdown().await;
}

#[tokio::test]
async fn a_failed_compare_keeps_the_fresh_head_and_marks_only_the_drift_stale() {
    let sim = GithubSim::generated(&repo(), 5);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let (pins, previous) = settled(&sim, &client).await;

    sim.fail_next_on(EndpointKind::Compare, 1, 500);
    let report = reconcile(&client, &pins, &previous).await;
    let facts = &report.facts[&pr(1001)];
    assert_eq!(facts.head, Some(sim.head(&repo(), pr(1001)).unwrap()));
    assert_eq!(facts.drift, Drift::Unknown, "the old drift was measured for another head");
    assert!(facts.stale.as_deref().unwrap_or_default().contains("500"));
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    assert!(report.facts[&pr(1002)].stale.is_none());

    assert_recovers(&sim, &client, &pins).await;
    running.shutdown().await;
}
