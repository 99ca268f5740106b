//! What an operation says about each PR it was given, and about itself.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::PrNumber;
use crate::refs::RefProblem;

/// The result for one PR of a request, in the order the PRs were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PrOutcome {
    /// What the caller wrote, as received (shortened when very long).
    pub input: String,
    /// The PR number, when the input named one.
    #[schema(value_type = Option<u64>)]
    pub pr: Option<PrNumber>,
    pub outcome: OutcomeCode,
    /// A sentence for a person, e.g. "#123 is an issue, not a pull request".
    pub message: String,
}

/// Stable, snake_case codes a script can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeCode {
    /// The change was made (or staged, for enable, disable and update).
    Done,
    /// Nothing needed changing.
    Unchanged,
    /// GitHub knows no issue or PR with that number.
    NotFound,
    /// The number is an issue.
    NotAPullRequest,
    /// The PR is merged or closed, so it is not added.
    NotOpen,
    /// The PR is not in the testing set.
    NotInSet,
    /// A URL of another repository.
    OtherRepository,
    /// GitHub could not be asked (down, rate-limited, timing out): nothing was changed.
    GithubUnavailable,
    /// The same PR appeared earlier in this request.
    Duplicate,
    /// Not a PR reference at all.
    InvalidInput,
}

impl PrOutcome {
    pub fn new(pr: PrNumber, outcome: OutcomeCode, message: impl Into<String>) -> Self {
        Self { input: format!("#{pr}"), pr: Some(pr), outcome, message: message.into() }
    }

    pub fn with_input(mut self, input: &str) -> Self {
        input.clone_into(&mut self.input);
        self
    }

    /// The outcome for an input that names no PR of this repository.
    pub fn refused(input: &str, problem: &RefProblem, message: String) -> Self {
        let outcome = match problem {
            RefProblem::OtherRepository { .. } => OutcomeCode::OtherRepository,
            RefProblem::IssueUrl { .. } => OutcomeCode::NotAPullRequest,
            RefProblem::Duplicate { .. } => OutcomeCode::Duplicate,
            _ => OutcomeCode::InvalidInput,
        };
        Self { input: input.to_owned(), pr: None, outcome, message }
    }

    pub fn is_done(&self) -> bool {
        self.outcome == OutcomeCode::Done
    }
}
