//! What the dashboard shows about a deploy's build, as Jenkins last described it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// One observation of a triggered build: where it is queued, when, and how far it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BuildProgress {
    /// The Jenkins queue item the build was placed in when it was triggered.
    pub queue_item_url: String,
    pub triggered_at: DateTime<Utc>,
    /// When Jenkins last answered about this build (or, for `lost`, when we gave up).
    pub updated_at: DateTime<Utc>,
    pub phase: BuildPhase,
}

impl BuildProgress {
    /// True once nothing more will happen: finished, cancelled or lost.
    pub fn is_over(&self) -> bool {
        self.phase.is_over()
    }
}

/// Where the build is, from waiting in the queue to its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum BuildPhase {
    /// Waiting in the Jenkins queue; `why` is Jenkins' own explanation.
    Queued { why: Option<String> },
    /// Building; `stages` are the Pipeline stages started so far.
    Running { number: u64, url: String, stages: Vec<Stage> },
    /// Jenkins recorded a result.
    Finished {
        number: u64,
        url: String,
        result: BuildOutcome,
        stages: Vec<Stage>,
        /// The first stage that failed or was aborted, when there is one.
        failed_stage: Option<String>,
        duration_ms: u64,
    },
    /// Someone cancelled the queue item before it started.
    Cancelled { why: Option<String> },
    /// Jenkins stopped answering (or forgot the build); its outcome is unknown.
    Lost { reason: String },
}

impl BuildPhase {
    pub fn is_over(&self) -> bool {
        matches!(self, Self::Finished { .. } | Self::Cancelled { .. } | Self::Lost { .. })
    }
}

/// A finished build's result, as Jenkins names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BuildOutcome {
    Success,
    Failure,
    Unstable,
    Aborted,
    NotBuilt,
    /// A result this version does not know.
    Unknown,
}

impl BuildOutcome {
    /// The snake_case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Unstable => "unstable",
            Self::Aborted => "aborted",
            Self::NotBuilt => "not_built",
            Self::Unknown => "unknown",
        }
    }

    pub(crate) fn from_jenkins(result: &str) -> Self {
        match result {
            "SUCCESS" => Self::Success,
            "FAILURE" => Self::Failure,
            "UNSTABLE" => Self::Unstable,
            "ABORTED" => Self::Aborted,
            "NOT_BUILT" => Self::NotBuilt,
            _ => Self::Unknown,
        }
    }
}

/// One stage of the deploy pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Stage {
    pub name: String,
    pub status: StageStatus,
    /// Time spent in the stage so far.
    pub duration_ms: u64,
}

/// A stage's status, as the Pipeline REST API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    NotExecuted,
    Queued,
    InProgress,
    PausedPendingInput,
    Success,
    Failed,
    Unstable,
    Aborted,
    /// A status this version does not know.
    Unknown,
}

impl StageStatus {
    pub(crate) fn from_jenkins(status: &str) -> Self {
        match status {
            "NOT_EXECUTED" => Self::NotExecuted,
            "QUEUED" => Self::Queued,
            "IN_PROGRESS" => Self::InProgress,
            "PAUSED_PENDING_INPUT" => Self::PausedPendingInput,
            "SUCCESS" => Self::Success,
            "FAILED" => Self::Failed,
            "UNSTABLE" => Self::Unstable,
            "ABORTED" => Self::Aborted,
            _ => Self::Unknown,
        }
    }

    fn went_wrong(self) -> bool {
        matches!(self, Self::Failed | Self::Aborted)
    }
}

/// The stage to blame for a build that did not succeed.
pub(crate) fn failed_stage(stages: &[Stage]) -> Option<String> {
    stages.iter().find(|stage| stage.status.went_wrong()).map(|stage| stage.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_serialize_with_a_state_tag() {
        let phase = BuildPhase::Running {
            number: 7,
            url: "http://j/job/deploy/7/".into(),
            stages: vec![Stage {
                name: "Build".into(),
                status: StageStatus::InProgress,
                duration_ms: 5,
            }],
        };
        let json = serde_json::to_value(&phase).unwrap();
        assert_eq!(json["state"], "running");
        assert_eq!(json["stages"][0]["status"], "in_progress");
        let lost = serde_json::to_value(BuildPhase::Lost { reason: "gone".into() }).unwrap();
        assert_eq!(lost, serde_json::json!({"state": "lost", "reason": "gone"}));
    }
}
