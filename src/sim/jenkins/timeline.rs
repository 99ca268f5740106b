//! What a simulated build looks like at a given moment. Everything is computed from the time
//! elapsed since the trigger, so a build advances without any background task.

use std::time::{Duration, Instant};

/// How the next triggered build ends.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SimOutcome {
    #[default]
    Success,
    /// The named stage fails and later stages are not run. With no stage of that name, every
    /// stage succeeds and the build still fails (as a failing post-build step would).
    FailAt(String),
    /// Someone stops the build during its first stage.
    Aborted,
    /// Someone cancels the queue item before the build starts.
    CancelledInQueue,
}

/// One triggered build, from its queue item to its result.
#[derive(Debug, Clone)]
pub(super) struct SimBuild {
    pub queue_id: u64,
    pub number: u64,
    pub queued_at: Instant,
    pub queue_delay: Duration,
    pub stage_duration: Duration,
    pub stages: Vec<String>,
    pub outcome: SimOutcome,
    pub cancelled: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum QueueView {
    Waiting,
    Cancelled,
    Started,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) struct BuildView {
    pub building: bool,
    pub result: Option<&'static str>,
    pub duration_ms: u64,
    pub stages: Vec<StageView>,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) struct StageView {
    pub name: String,
    pub status: &'static str,
    pub duration_ms: u64,
}

impl SimBuild {
    pub fn queue_view(&self, now: Instant) -> QueueView {
        let waited = now.saturating_duration_since(self.queued_at);
        if self.cancelled {
            return QueueView::Cancelled;
        }
        if waited < self.queue_delay {
            return QueueView::Waiting;
        }
        match self.outcome {
            SimOutcome::CancelledInQueue => QueueView::Cancelled,
            _ => QueueView::Started,
        }
    }

    /// Cancels the queue item if the build has not started; true when it was cancelled.
    pub fn cancel(&mut self, now: Instant) -> bool {
        let waiting = self.queue_view(now) == QueueView::Waiting;
        self.cancelled |= waiting;
        waiting
    }

    /// `None` until the build has left the queue.
    pub fn build_view(&self, now: Instant) -> Option<BuildView> {
        if self.queue_view(now) != QueueView::Started {
            return None;
        }
        let elapsed = now.saturating_duration_since(self.queued_at + self.queue_delay);
        let (stop_index, stop_status, result) = self.ending();
        let end = match self.stages.is_empty() {
            true => Duration::ZERO,
            false => times(self.stage_duration, stop_index + 1),
        };
        let over = elapsed >= end;
        let mut stages = Vec::new();
        for (index, name) in self.stages.iter().enumerate() {
            let start = times(self.stage_duration, index);
            let stage = |status, spent: Duration| StageView {
                name: name.clone(),
                status,
                duration_ms: millis(spent),
            };
            if index > stop_index {
                if over {
                    stages.push(stage("NOT_EXECUTED", Duration::ZERO));
                }
                continue;
            }
            if elapsed < start {
                break;
            }
            let spent = (elapsed - start).min(self.stage_duration);
            if elapsed < start + self.stage_duration {
                stages.push(stage("IN_PROGRESS", spent));
            } else if index == stop_index {
                stages.push(stage(stop_status, spent));
            } else {
                stages.push(stage("SUCCESS", spent));
            }
        }
        Some(BuildView {
            building: !over,
            result: over.then_some(result),
            duration_ms: millis(elapsed.min(end)),
            stages,
        })
    }

    /// The stage where the build stops, that stage's final status, and the build's result.
    fn ending(&self) -> (usize, &'static str, &'static str) {
        let last = self.stages.len().saturating_sub(1);
        match &self.outcome {
            SimOutcome::FailAt(name) => match self.stages.iter().position(|s| s == name) {
                Some(index) => (index, "FAILED", "FAILURE"),
                None => (last, "SUCCESS", "FAILURE"),
            },
            SimOutcome::Aborted => (0, "ABORTED", "ABORTED"),
            SimOutcome::Success | SimOutcome::CancelledInQueue => (last, "SUCCESS", "SUCCESS"),
        }
    }
}

fn times(duration: Duration, count: usize) -> Duration {
    duration.saturating_mul(u32::try_from(count).unwrap_or(u32::MAX))
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    fn build(outcome: SimOutcome) -> SimBuild {
        SimBuild {
            queue_id: 1,
            number: 1,
            queued_at: Instant::now(),
            queue_delay: SECOND,
            stage_duration: 10 * SECOND,
            stages: ["Checkout", "Merge PRs", "Build", "Deploy"].map(String::from).to_vec(),
            outcome,
            cancelled: false,
        }
    }

    fn statuses(view: &BuildView) -> Vec<&str> {
        view.stages.iter().map(|stage| stage.status).collect()
    }

    #[test]
    fn a_successful_build_runs_its_stages_in_turn() {
        let b = build(SimOutcome::Success);
        let at = |secs: u64| b.queued_at + Duration::from_secs(secs);
        assert_eq!(b.queue_view(at(0)), QueueView::Waiting);
        assert_eq!(b.build_view(at(0)), None);
        let early = b.build_view(at(12)).unwrap();
        assert_eq!(statuses(&early), ["SUCCESS", "IN_PROGRESS"]);
        assert!(early.building && early.result.is_none());
        let done = b.build_view(at(100)).unwrap();
        assert_eq!(statuses(&done), ["SUCCESS"; 4]);
        assert_eq!(
            (done.building, done.result, done.duration_ms),
            (false, Some("SUCCESS"), 40_000)
        );
    }

    #[test]
    fn a_failing_stage_stops_the_build() {
        let b = build(SimOutcome::FailAt("Build".into()));
        let done = b.build_view(b.queued_at + 100 * SECOND).unwrap();
        assert_eq!(statuses(&done), ["SUCCESS", "SUCCESS", "FAILED", "NOT_EXECUTED"]);
        assert_eq!(done.result, Some("FAILURE"));
        assert_eq!(done.duration_ms, 30_000);
    }

    #[test]
    fn an_aborted_build_stops_in_its_first_stage() {
        let b = build(SimOutcome::Aborted);
        let done = b.build_view(b.queued_at + 100 * SECOND).unwrap();
        assert_eq!(statuses(&done)[0], "ABORTED");
        assert_eq!(done.result, Some("ABORTED"));
    }

    #[test]
    fn only_a_waiting_item_can_be_cancelled() {
        let mut b = build(SimOutcome::Success);
        assert!(!b.cancel(b.queued_at + 5 * SECOND));
        assert!(b.cancel(b.queued_at));
        assert_eq!(b.queue_view(b.queued_at + 5 * SECOND), QueueView::Cancelled);
        let c = build(SimOutcome::CancelledInQueue);
        assert_eq!(c.queue_view(c.queued_at + 5 * SECOND), QueueView::Cancelled);
    }
}
