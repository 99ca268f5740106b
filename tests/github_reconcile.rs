//! The reconcile against the simulated GitHub: request budget, conditional requests, drift.

#[path = "support/github.rs"]
mod support;

use std::collections::HashMap;
use std::time::Duration;

use support::{pins_at_heads, pr, repo, serve, timeless, token_client};
use testbed::domain::{Drift, PrState};
use testbed::github::reconcile;
use testbed::sim::{EndpointKind, GithubSim};

#[tokio::test]
async fn a_cold_reconcile_of_a_hundred_pins_stays_within_the_request_budget() {
    let sim = GithubSim::generated(&repo(), 100);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let pins = pins_at_heads(&sim);

    // Half of the PRs move, a few leave: merged (one of them after moving) and closed.
    let mut moved = 0;
    for (i, (n, _)) in pins.iter().enumerate() {
        if i % 2 == 0 {
            sim.push(&repo(), *n, 1 + (i % 3) as u32).unwrap();
            moved += 1;
        }
    }
    for n in [1002, 1003, 1040] {
        sim.merge(&repo(), pr(n)).unwrap();
    }
    sim.close(&repo(), pr(1061)).unwrap();
    let not_open = 4;
    // A round trip long enough for requests to overlap, as they do against github.com.
    sim.set_latency(Duration::from_millis(20));
    sim.reset_stats();

    let report = reconcile(&client, &pins, &HashMap::new()).await;

    let pages = 1;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert!(report.requests <= pages + moved + not_open, "{} requests", report.requests);
    let stats = sim.stats();
    assert_eq!(stats.total, u64::from(report.requests));
    assert_eq!(stats.count(EndpointKind::ListPulls), 1);
    assert!(stats.max_in_flight > 1, "requests ran one at a time");
    assert_eq!(report.facts.len(), 100);

    for (i, (n, _)) in pins.iter().enumerate() {
        let facts = &report.facts[n];
        assert_eq!(facts.stale, None, "#{n}");
        assert_eq!(facts.head, Some(sim.head(&repo(), *n).unwrap()), "#{n}");
        match n.get() {
            1002 | 1003 | 1040 => assert_eq!(facts.state, Some(PrState::Merged), "#{n}"),
            1061 => assert_eq!(facts.state, Some(PrState::Closed), "#{n}"),
            _ if i % 2 == 0 => {
                let commits = 1 + (i % 3) as u32;
                assert_eq!(facts.drift, Drift::Behind { commits }, "#{n}");
            }
            _ => assert_eq!(facts.drift, Drift::UpToDate, "#{n}"),
        }
    }

    // Nothing changed: every request is answered 304, for free, and the facts are the same.
    sim.reset_stats();
    let again = reconcile(&client, &pins, &report.facts).await;
    assert!(again.failures.is_empty(), "{:?}", again.failures);
    assert!(again.requests > 0);
    assert_eq!(again.not_modified, again.requests);
    let stats = sim.stats();
    assert_eq!(stats.not_modified, stats.total);
    assert_eq!(stats.total, u64::from(again.requests));
    assert_eq!(timeless(&again.facts), timeless(&report.facts));
    running.shutdown().await;
}

#[tokio::test]
async fn drift_follows_pushes_force_pushes_merges_and_closes() {
    let sim = GithubSim::generated(&repo(), 6);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let mut pins = pins_at_heads(&sim);

    sim.push(&repo(), pr(1002), 3).unwrap();
    let before_rewrite = sim.commits(&repo(), pr(1003)).unwrap().len() as u32;
    sim.force_push(&repo(), pr(1003)).unwrap();
    sim.merge(&repo(), pr(1004)).unwrap();
    sim.close(&repo(), pr(1005)).unwrap();
    // A pin GitHub never heard of: shown as diverged, with the reason, not as a failure.
    let unknown = "1234567890abcdef1234567890abcdef12345678".parse().unwrap();
    if let Some((_, pin)) = pins.iter_mut().find(|(n, _)| n.get() == 1006) {
        *pin = Some(unknown);
    }

    let report = reconcile(&client, &pins, &HashMap::new()).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let facts = &report.facts;
    assert_eq!(facts[&pr(1001)].drift, Drift::UpToDate);
    assert_eq!(facts[&pr(1001)].state, Some(PrState::Open));
    assert_eq!(facts[&pr(1002)].drift, Drift::Behind { commits: 3 });
    let rewritten = Drift::Diverged { ahead: before_rewrite, behind: before_rewrite };
    assert_eq!(facts[&pr(1003)].drift, rewritten);
    assert_eq!(facts[&pr(1004)].state, Some(PrState::Merged));
    assert_eq!(facts[&pr(1005)].state, Some(PrState::Closed));
    assert_eq!(facts[&pr(1006)].drift, Drift::Diverged { ahead: 0, behind: 0 });
    assert!(facts[&pr(1006)].stale.as_deref().unwrap_or_default().contains("unknown"));
    assert_eq!(facts[&pr(1001)].title.as_deref(), Some("Generated change 1001"));
    assert!(facts[&pr(1001)].author_avatar.as_deref().unwrap_or_default().starts_with("https://"));

    // A title edit and a new assignee reach the facts; the compare of #1002 is not asked again.
    sim.set_title(&repo(), pr(1001), "Fix the edition page").unwrap();
    sim.set_assignee(&repo(), pr(1001), Some("jimchamp")).unwrap();
    sim.reset_stats();
    let next = reconcile(&client, &pins, &report.facts).await;
    assert_eq!(next.facts[&pr(1001)].title.as_deref(), Some("Fix the edition page"));
    assert_eq!(next.facts[&pr(1001)].assignee.as_deref(), Some("jimchamp"));
    assert_eq!(next.facts[&pr(1002)].drift, Drift::Behind { commits: 3 });
    assert_eq!(sim.stats().count(EndpointKind::Compare), 1, "only #1006's unknown pin again");
    running.shutdown().await;
}

#[tokio::test]
async fn a_single_pin_is_fetched_on_its_own() {
    let sim = GithubSim::generated(&repo(), 150);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let pin = sim.head(&repo(), pr(1100)).unwrap();
    sim.push(&repo(), pr(1100), 2).unwrap();

    let report = reconcile(&client, &[(pr(1100), Some(pin))], &HashMap::new()).await;
    assert_eq!(report.facts[&pr(1100)].drift, Drift::Behind { commits: 2 });
    assert_eq!(report.requests, 2, "one pull, one compare");
    assert_eq!(sim.stats().count(EndpointKind::ListPulls), 0);

    // 150 open PRs: two pages, both asked for, and every pin found in one of them.
    let pins = pins_at_heads(&sim);
    sim.reset_stats();
    let report = reconcile(&client, &pins, &HashMap::new()).await;
    assert_eq!(report.facts.len(), 150);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(sim.stats().count(EndpointKind::ListPulls), 2);
    assert_eq!(sim.stats().count(EndpointKind::GetPull), 0);
    running.shutdown().await;
}

#[tokio::test]
async fn a_pinned_number_that_is_no_pull_request_is_stale_not_fatal() {
    let sim = GithubSim::generated(&repo(), 3);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let mut pins = pins_at_heads(&sim);
    pins.push((pr(9999), None));

    let report = reconcile(&client, &pins, &HashMap::new()).await;
    assert_eq!(report.failures, vec!["#9999: not found on GitHub".to_owned()]);
    let missing = &report.facts[&pr(9999)];
    assert_eq!((missing.head.as_ref(), missing.drift), (None, Drift::Unknown));
    assert_eq!(missing.stale.as_deref(), Some("not found on GitHub"));
    assert_eq!(report.facts[&pr(1001)].drift, Drift::UpToDate);
    running.shutdown().await;
}
