//! Enable, disable and update: they only stage a change, which the next deploy applies.

use super::{Actor, OperationError, OperationReport, Operations, OutcomeCode, PrOutcome};
use super::{fill, not_in_set, numbers};
use crate::domain::{CommitSha, PrNumber, PrState};
use crate::github::PullLookup;

/// What staging did to one PR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Staging {
    Staged,
    /// A staged change back to the current value: nothing is staged any more.
    Cancelled,
    AlreadySo,
    Missing,
}

impl Operations {
    pub async fn enable(
        &self,
        actor: &Actor,
        text: &str,
    ) -> Result<OperationReport, OperationError> {
        self.stage_active(actor, text, true).await
    }

    pub async fn disable(
        &self,
        actor: &Actor,
        text: &str,
    ) -> Result<OperationReport, OperationError> {
        self.stage_active(actor, text, false).await
    }

    async fn stage_active(
        &self,
        actor: &Actor,
        text: &str,
        wanted: bool,
    ) -> Result<OperationReport, OperationError> {
        let slots = self.parse(text)?;
        let prs = numbers(&slots);
        let staged = self
            .write(move |state| {
                let mut staged = Vec::new();
                for pr in &prs {
                    let outcome = match state.find_mut(*pr) {
                        None => Staging::Missing,
                        Some(row) if row.staged_active() == Some(!wanted) => {
                            row.pending_active = None;
                            Staging::Cancelled
                        }
                        Some(row) if row.active == wanted => Staging::AlreadySo,
                        Some(row) => {
                            row.pending_active = Some(wanted);
                            Staging::Staged
                        }
                    };
                    staged.push((*pr, outcome));
                }
                staged
            })
            .await?;
        let verb = if wanted { "enable" } else { "disable" };
        let state_word = if wanted { "enabled" } else { "disabled" };
        let results = fill(slots, |pr| match lookup(&staged, pr) {
            Staging::Staged => PrOutcome::new(
                pr,
                OutcomeCode::Done,
                format!("#{pr} will be {state_word} by the next deploy"),
            ),
            Staging::Cancelled => PrOutcome::new(
                pr,
                OutcomeCode::Done,
                format!("#{pr} stays {state_word}: the staged change was cancelled"),
            ),
            Staging::AlreadySo => {
                PrOutcome::new(pr, OutcomeCode::Unchanged, format!("#{pr} is already {state_word}"))
            }
            Staging::Missing => not_in_set(pr),
        });
        Ok(self.report(actor, verb, results))
    }

    /// Stages each PR's current head as its new pin, asking GitHub for the head now.
    pub async fn update(
        &self,
        actor: &Actor,
        text: &str,
    ) -> Result<OperationReport, OperationError> {
        let slots = self.parse(text)?;
        let in_set = self.current_numbers();
        let wanted: Vec<PrNumber> =
            numbers(&slots).into_iter().filter(|pr| in_set.contains(pr)).collect();
        let mut heads: Vec<(PrNumber, Result<CommitSha, PrOutcome>)> = Vec::new();
        for (pr, lookup) in self.look_up(&wanted).await {
            let head = match lookup {
                Ok(PullLookup::Pull(info)) if info.state == PrState::Open => Ok(info.head),
                Ok(PullLookup::Pull(info)) => {
                    let state = if info.merged { "merged" } else { "closed" };
                    Err(PrOutcome::new(
                        pr,
                        OutcomeCode::NotOpen,
                        format!("#{pr} is {state}; there is no newer head to deploy"),
                    ))
                }
                Ok(_) => Err(PrOutcome::new(
                    pr,
                    OutcomeCode::NotFound,
                    format!("#{pr} is no longer a pull request on GitHub"),
                )),
                Err(reason) => Err(PrOutcome::new(
                    pr,
                    OutcomeCode::GithubUnavailable,
                    format!("GitHub could not give the head of #{pr} ({reason})"),
                )),
            };
            heads.push((pr, head));
        }
        let to_stage: Vec<(PrNumber, CommitSha)> = heads
            .iter()
            .filter_map(|(pr, head)| head.as_ref().ok().map(|sha| (*pr, sha.clone())))
            .collect();
        let staged = self
            .write(move |state| {
                let mut staged = Vec::new();
                for (pr, head) in &to_stage {
                    let outcome = match state.find_mut(*pr) {
                        None => Staging::Missing,
                        Some(row) if row.pin().as_ref() == Some(head) => {
                            let had_staged = row.staged_pin().is_some();
                            row.pull_latest_sha.clear();
                            if had_staged { Staging::Cancelled } else { Staging::AlreadySo }
                        }
                        Some(row) if row.staged_pin().as_ref() == Some(head) => Staging::AlreadySo,
                        Some(row) => {
                            row.pull_latest_sha = head.to_string();
                            Staging::Staged
                        }
                    };
                    staged.push((*pr, outcome));
                }
                staged
            })
            .await?;
        let results = fill(slots, |pr| {
            if let Some((_, Err(refused))) = heads.iter().find(|(p, _)| *p == pr) {
                return refused.clone();
            }
            let head = heads.iter().find_map(|(p, head)| (*p == pr).then_some(head));
            let short = head.and_then(|h| h.as_ref().ok()).map(|s| s.short().to_owned());
            let short = short.unwrap_or_default();
            match staged.iter().find(|(p, _)| *p == pr).map(|(_, s)| *s) {
                Some(Staging::Staged) => PrOutcome::new(
                    pr,
                    OutcomeCode::Done,
                    format!("#{pr} will be deployed at {short} by the next deploy"),
                ),
                Some(Staging::Cancelled) => PrOutcome::new(
                    pr,
                    OutcomeCode::Done,
                    format!("#{pr} is pinned at its head {short}; the staged pin was dropped"),
                ),
                Some(Staging::AlreadySo) => PrOutcome::new(
                    pr,
                    OutcomeCode::Unchanged,
                    format!("#{pr} is already staged or pinned at its head {short}"),
                ),
                Some(Staging::Missing) | None => not_in_set(pr),
            }
        });
        Ok(self.report(actor, "update", results))
    }
}

fn lookup(staged: &[(PrNumber, Staging)], pr: PrNumber) -> Staging {
    staged.iter().find(|(p, _)| *p == pr).map_or(Staging::Missing, |(_, s)| *s)
}
