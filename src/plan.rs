//! The plan: what the next deploy will change, derived from the state file and the live facts.
//!
//! Nothing here is stored. The plan is recomputed on every change, so it can never disagree
//! with the rows it describes.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{CommitSha, PrFacts, PrNumber, PrState};
use crate::store::{TestingPr, TestingState};

/// One change the next deploy applies. Steps come in the order of [`PlanAction`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PlanStep {
    pub action: PlanAction,
    #[schema(value_type = u64)]
    pub pr: PrNumber,
    pub title: String,
    /// For `pin`: the commit deployed now.
    #[schema(value_type = Option<String>)]
    pub from: Option<CommitSha>,
    /// For `pin`: the commit the next deploy builds.
    #[schema(value_type = Option<String>)]
    pub to: Option<CommitSha>,
    /// For `remove`: why the PR leaves the testing server.
    pub reason: Option<RemoveReason>,
}

/// The kinds of step, in the order the plan lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// Built for the first time.
    Add,
    /// Rebuilt at a newer commit.
    Pin,
    Enable,
    Disable,
    Remove,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemoveReason {
    /// Merged on GitHub: it is part of the main branch now.
    Merged,
    /// Removed from the testing set, but the last deploy still built it.
    Dropped,
}

/// Whether the last deploy built `pr`. Files written before `deployed` existed only know when
/// the last deploy happened, so a PR added after it counts as not built.
pub fn was_deployed(state: &TestingState, pr: &TestingPr) -> bool {
    if state.records_deployed() {
        return state.deployed.contains_key(&pr.pr.to_string());
    }
    match (pr.added_at(), state.last_deploy_at()) {
        (Some(added), Some(deployed_at)) => added <= deployed_at,
        (_, None) => false,
        (None, Some(_)) => true,
    }
}

/// The steps the next deploy applies, in plan order.
pub fn plan(state: &TestingState, facts: &HashMap<PrNumber, PrFacts>) -> Vec<PlanStep> {
    let mut steps = Vec::new();
    for pr in &state.prs {
        let merged = facts.get(&pr.pr).and_then(|f| f.state) == Some(PrState::Merged);
        let step = |action, reason| PlanStep {
            action,
            pr: pr.pr,
            title: pr.title.clone(),
            from: None,
            to: None,
            reason,
        };
        if merged {
            steps.push(step(PlanAction::Remove, Some(RemoveReason::Merged)));
            continue;
        }
        // A staged toggle is shown as itself, even for a PR the last deploy did not build.
        if pr.active && pr.staged_active().is_none() && !was_deployed(state, pr) {
            steps.push(step(PlanAction::Add, None));
        }
        if let Some(to) = pr.staged_pin().filter(|to| Some(to) != pr.pin().as_ref()) {
            steps.push(PlanStep { from: pr.pin(), to: Some(to), ..step(PlanAction::Pin, None) });
        }
        match pr.staged_active() {
            Some(true) => steps.push(step(PlanAction::Enable, None)),
            Some(false) => steps.push(step(PlanAction::Disable, None)),
            None => {}
        }
    }
    {
        for (number, title) in &state.deployed {
            let Ok(pr) = number.parse::<PrNumber>() else { continue };
            if state.find(pr).is_none() {
                steps.push(PlanStep {
                    action: PlanAction::Remove,
                    pr,
                    title: title.clone(),
                    from: None,
                    to: None,
                    reason: Some(RemoveReason::Dropped),
                });
            }
        }
    }
    // A stable sort keeps the file's order within each kind of step.
    steps.sort_by_key(|step| step.action);
    steps
}

/// Applies the steps of a plan to the state, as a deploy does: merged PRs leave, staged pins
/// and toggles take effect. Steps naming a PR no longer in the state are skipped.
pub fn apply(state: &mut TestingState, steps: &[PlanStep]) {
    for step in steps {
        match step.action {
            PlanAction::Add => {}
            PlanAction::Remove => {
                if step.reason == Some(RemoveReason::Merged) {
                    state.prs.retain(|row| row.pr != step.pr);
                }
            }
            PlanAction::Pin => {
                if let (Some(row), Some(to)) = (state.find_mut(step.pr), &step.to) {
                    row.commit = to.to_string();
                    row.pull_latest_sha.clear();
                }
            }
            PlanAction::Enable | PlanAction::Disable => {
                if let Some(row) = state.find_mut(step.pr) {
                    row.active = step.action == PlanAction::Enable;
                    row.pending_active = None;
                }
            }
        }
    }
}

/// What a deploy of `state` builds: every active PR, in file order, with its title.
pub fn active_prs(state: &TestingState) -> Vec<(PrNumber, String)> {
    state.prs.iter().filter(|row| row.active).map(|row| (row.pr, row.title.clone())).collect()
}
