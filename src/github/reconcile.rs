//! The drift reconcile: what GitHub says now about every pinned PR, for as few requests and
//! round trips as we know how.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::StreamExt;

use super::client::{GithubClient, Tally};
use super::error::GithubError;
use super::pulls::{PullInfo, PullLookup};
use crate::domain::{CommitSha, Drift, PrFacts, PrNumber, PrState};

/// Requests in flight at once. GitHub refuses more than 100 concurrent requests (a secondary
/// rate limit); 64 stays well clear of that while letting a cold reconcile with up to 64 moved
/// PRs finish in two round trips (the list, then every compare at once).
pub const CONCURRENCY: usize = 64;

/// The outcome of one reconcile. It never fails as a whole: a PR GitHub did not answer for
/// keeps its previous facts, marked stale with the reason.
#[derive(Debug, Clone)]
pub struct ReconcileReport {
    /// One entry per pinned PR.
    pub facts: HashMap<PrNumber, PrFacts>,
    /// Requests sent to GitHub (304s included).
    pub requests: u32,
    /// Of which answered 304 Not Modified (free of rate limit).
    pub not_modified: u32,
    /// What went wrong, one sentence each.
    pub failures: Vec<String>,
    pub duration: Duration,
}

/// Settles every pin against GitHub.
///
/// 1. Learn each PR's head. With two pins or more, list the open PRs (100 per page): that is one
///    request where fetching the pins one by one would be as many requests as pins, and it stays
///    cheaper as long as open PRs < 100 × pins — Open Library has a few hundred open PRs for a
///    testing set of ten or so. The page count is only known after page 1, so the choice is
///    made on the pin count alone; a single pin is fetched on its own, which never costs more.
/// 2. Pins missing from the list (merged, closed, or not PRs) are fetched one by one.
/// 3. Only an open PR whose head is not its pin needs a compare, and only once per (pin, head):
///    the client remembers compares, as two fixed commits always compare the same way. (This is
///    safer than reusing the previous drift whenever the head is unchanged, which would be wrong
///    after the pin itself moved on a deploy.)
///
/// Steps 2 and 3 run together, at most [`CONCURRENCY`] at a time, and every GET is
/// conditional, so an unchanged second reconcile costs only 304s. Requests: at most
/// `pages + moved + not open`, in two round trips while moved PRs number no more than
/// [`CONCURRENCY`].
pub async fn reconcile(
    client: &GithubClient,
    pins: &[(PrNumber, Option<CommitSha>)],
    previous: &HashMap<PrNumber, PrFacts>,
) -> ReconcileReport {
    let started = Instant::now();
    let tally = Tally::default();
    let mut failures = Vec::new();

    let mut listed: HashMap<PrNumber, PullInfo> = HashMap::new();
    let mut unlisted_reason: Option<String> = None;
    if pins.len() > 1 {
        match client.list_open_tallied(&tally).await {
            Ok(open) => {
                let wanted: HashSet<PrNumber> = pins.iter().map(|(pr, _)| *pr).collect();
                listed = open
                    .into_iter()
                    .filter(|p| wanted.contains(&p.number))
                    .map(|p| (p.number, p))
                    .collect();
            }
            Err(error) => {
                failures.push(format!("listing open PRs: {error}"));
                unlisted_reason = Some(error.to_string());
            }
        }
    }

    let now = Utc::now();
    let settled: Vec<(PrNumber, Result<Settled, String>)> =
        futures::stream::iter(pins.iter().cloned())
            // Owned items: a stream of borrowed tuples makes the future too general to spawn.
            .map(|(pr, pin)| {
                let listed = listed.remove(&pr);
                let unlisted_reason = unlisted_reason.clone();
                let tally = &tally;
                async move {
                    let outcome = match unlisted_reason {
                        // Without the list we cannot tell merged from open, and asking for
                        // every pin one by one is exactly the storm a failing GitHub does not
                        // need.
                        Some(reason) if listed.is_none() => Err(reason),
                        _ => {
                            settle(client, pr, pin.as_ref(), listed, previous.get(&pr), tally).await
                        }
                    };
                    (pr, outcome)
                }
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;

    let mut facts = HashMap::new();
    for (pr, outcome) in settled {
        let entry = match outcome {
            Ok(settled) => {
                if let Err(reason) = &settled.drift {
                    failures.push(format!("#{pr}: compare: {reason}"));
                }
                settled.into_facts(now, previous.get(&pr))
            }
            Err(reason) => {
                // A listing failure is already reported once, not once per PR.
                if unlisted_reason.as_deref() != Some(reason.as_str()) {
                    failures.push(format!("#{pr}: {reason}"));
                }
                let mut kept = previous.get(&pr).cloned().unwrap_or_default();
                kept.stale = Some(reason);
                kept
            }
        };
        facts.insert(pr, entry);
    }

    let report = ReconcileReport {
        facts,
        requests: tally.requests.load(Ordering::Relaxed),
        not_modified: tally.not_modified.load(Ordering::Relaxed),
        failures,
        duration: started.elapsed(),
    };
    tracing::info!(
        pins = pins.len(),
        requests = report.requests,
        not_modified = report.not_modified,
        failures = report.failures.len(),
        duration_ms = report.duration.as_millis() as u64,
        "reconciled with GitHub"
    );
    report
}

/// What was learnt about one PR; the drift may have failed on its own.
struct Settled {
    info: PullInfo,
    /// The pin the drift is measured from.
    pin: Option<CommitSha>,
    drift: Result<Drift, String>,
    note: Option<String>,
}

impl Settled {
    fn into_facts(self, now: DateTime<Utc>, previous: Option<&PrFacts>) -> PrFacts {
        match self.drift {
            Ok(drift) => {
                let mut facts = self.info.facts(drift, self.pin.as_ref(), now);
                facts.stale = self.note;
                facts
            }
            Err(reason) => {
                // The PR itself is fresh; only its drift is not. Keep the previous drift if it
                // was measured between the same two commits.
                let kept = previous
                    .filter(|p| {
                        p.head.as_ref() == Some(&self.info.head) && p.drift_from == self.pin
                    })
                    .map_or(Drift::Unknown, |p| p.drift);
                let mut facts = self.info.facts(kept, self.pin.as_ref(), now);
                facts.stale = Some(reason);
                facts
            }
        }
    }
}

async fn settle(
    client: &GithubClient,
    pr: PrNumber,
    pin: Option<&CommitSha>,
    listed: Option<PullInfo>,
    previous: Option<&PrFacts>,
    tally: &Tally,
) -> Result<Settled, String> {
    let info = match listed {
        Some(info) => info,
        None => match client.fetch_pull_tallied(pr, tally).await {
            Ok(PullLookup::Pull(info)) => info,
            Ok(PullLookup::Issue) => return Err("an issue, not a pull request".into()),
            Ok(PullLookup::NotFound) => return Err("not found on GitHub".into()),
            Err(error) => return Err(error.to_string()),
        },
    };
    let previous_drift = previous
        .filter(|p| p.head.as_ref() == Some(&info.head) && p.drift_from.as_ref() == pin)
        .filter(|p| p.drift != Drift::Unknown)
        .map(|p| p.drift);
    let Some(pin) = pin else {
        return Ok(Settled { info, pin: None, drift: Ok(Drift::Unknown), note: None });
    };
    let settled = |info, drift, note| Settled { info, pin: Some(pin.clone()), drift, note };
    if *pin == info.head {
        return Ok(settled(info, Ok(Drift::UpToDate), None));
    }
    if info.state != PrState::Open {
        // A merged PR leaves the set on the next deploy and a closed one is shown as closed:
        // neither is worth a request (which, after fetching the PR, would be a third round
        // trip). Keep what is already known for this very head.
        let known = client.memo_drift(pin, &info.head).or(previous_drift);
        return Ok(settled(info, Ok(known.unwrap_or(Drift::Unknown)), None));
    }
    match client.drift_tallied(pin, &info.head, tally).await {
        Ok(drift) => Ok(settled(info, Ok(drift), None)),
        Err(GithubError::NotFound) => {
            // GitHub no longer knows the pin (force-pushed away and collected) or it shares no
            // history with the head: either way the branch script cannot fetch it.
            let note = format!("pin {} is unknown to GitHub; treated as diverged", pin.short());
            Ok(settled(info, Ok(Drift::Diverged { ahead: 0, behind: 0 }), Some(note)))
        }
        Err(error) => Ok(settled(info, Err(error.to_string()), None)),
    }
}
