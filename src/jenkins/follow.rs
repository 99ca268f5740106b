//! Following a queued build to its result by polling, as a stream of progress.

use chrono::Utc;
use futures::Stream;

use super::client::QueuedBuild;
use super::progress::failed_stage;
use super::{BuildOutcome, BuildPhase, BuildProgress, JenkinsClient, Stage, StageStatus, wire};

impl JenkinsClient {
    /// Polls Jenkins about `queued` and yields each change, ending with a `finished`,
    /// `cancelled` or `lost` phase. Dropping the stream stops the polling.
    ///
    /// Failed polls are retried; after [`super::FollowSettings::max_failed_polls`] of them in a
    /// row the build is reported lost, never finished.
    pub fn follow(
        &self,
        queued: QueuedBuild,
    ) -> impl Stream<Item = BuildProgress> + Send + 'static {
        let follower = Follower {
            client: self.clone(),
            queued,
            step: Step::Queue,
            failed_polls: 0,
            polled: false,
            last: None,
        };
        futures::stream::unfold(follower, |mut follower| async move {
            let progress = follower.next().await?;
            Some((progress, follower))
        })
    }
}

struct Follower {
    client: JenkinsClient,
    queued: QueuedBuild,
    step: Step,
    failed_polls: u32,
    polled: bool,
    last: Option<BuildPhase>,
}

enum Step {
    Queue,
    Build { number: u64, url: String, stages: Vec<Stage> },
    Done,
}

impl Follower {
    async fn next(&mut self) -> Option<BuildProgress> {
        loop {
            if matches!(self.step, Step::Done) {
                return None;
            }
            if self.polled {
                tokio::time::sleep(self.client.follow.interval).await;
            }
            self.polled = true;
            let phase = match self.poll().await {
                Ok(phase) => {
                    self.failed_polls = 0;
                    phase
                }
                Err(reason) => {
                    self.failed_polls += 1;
                    tracing::warn!(
                        queue_id = self.queued.queue_id,
                        failed_polls = self.failed_polls,
                        %reason,
                        "Jenkins did not answer about the build"
                    );
                    if self.failed_polls < self.client.follow.max_failed_polls.max(1) {
                        continue;
                    }
                    BuildPhase::Lost {
                        reason: format!(
                            "Jenkins stopped answering after {} tries ({reason}); the build's \
                             outcome is unknown",
                            self.failed_polls
                        ),
                    }
                }
            };
            if phase.is_over() {
                self.step = Step::Done;
                tracing::info!(queue_id = self.queued.queue_id, phase = ?phase, "build over");
            }
            if self.last.as_ref() != Some(&phase) {
                self.last = Some(phase.clone());
                return Some(BuildProgress {
                    queue_item_url: self.queued.queue_item_url.clone(),
                    triggered_at: self.queued.triggered_at,
                    updated_at: Utc::now(),
                    phase,
                });
            }
        }
    }

    /// One look at Jenkins. `Err` is a poll that failed and may be retried.
    async fn poll(&mut self) -> Result<BuildPhase, String> {
        if matches!(self.step, Step::Queue) {
            let url = format!("{}api/json", self.queued.queue_item_url);
            let item: Option<wire::QueueItem> =
                self.client.get_json(&url, "the queue item").await.map_err(|e| e.to_string())?;
            let Some(item) = item else {
                return Ok(BuildPhase::Lost {
                    reason: format!(
                        "Jenkins no longer knows queue item {} (it forgets them a few minutes \
                         after they leave the queue, and on restart)",
                        self.queued.queue_id
                    ),
                });
            };
            if item.cancelled == Some(true) {
                return Ok(BuildPhase::Cancelled { why: item.why });
            }
            let Some(executable) = item.executable else {
                return Ok(BuildPhase::Queued { why: item.why });
            };
            // Jenkins' own URL for the build uses its configured root URL, which need not be
            // the address this service reaches it at.
            let url = format!("{}/{}/", self.client.config().job_url(), executable.number);
            tracing::info!(
                queue_id = self.queued.queue_id,
                number = executable.number,
                "build started"
            );
            self.step = Step::Build { number: executable.number, url, stages: Vec::new() };
        }
        self.poll_build().await
    }

    async fn poll_build(&mut self) -> Result<BuildPhase, String> {
        let Step::Build { number, url, stages } = &mut self.step else {
            return Err("not following a build".to_owned());
        };
        let number = *number;
        let build: Option<wire::Build> = self
            .client
            .get_json(&format!("{url}api/json"), "the build")
            .await
            .map_err(|err| err.to_string())?;
        let build = build.ok_or_else(|| format!("Jenkins does not know build #{number}"))?;
        let describe = format!("{url}wfapi/describe");
        // Stages are a nicety: a job without the Pipeline Stage View plugin has none, and a
        // failed stage request keeps the stages last seen rather than failing the poll.
        match self.client.get_json::<wire::Describe>(&describe, "the build's stages").await {
            Ok(Some(describe)) => *stages = describe.stages.into_iter().map(stage).collect(),
            Ok(None) => stages.clear(),
            Err(err) => tracing::debug!(number, %err, "stages unavailable"),
        }
        let (url, stages) = (url.clone(), stages.clone());
        match (build.building, build.result) {
            (Some(false), Some(result)) => Ok(BuildPhase::Finished {
                number,
                url,
                result: BuildOutcome::from_jenkins(&result),
                failed_stage: failed_stage(&stages),
                stages,
                duration_ms: build.duration.unwrap_or_default(),
            }),
            _ => Ok(BuildPhase::Running { number, url, stages }),
        }
    }
}

fn stage(wire: wire::WireStage) -> Stage {
    Stage {
        name: wire.name,
        status: StageStatus::from_jenkins(&wire.status),
        duration_ms: wire.duration_millis,
    }
}
