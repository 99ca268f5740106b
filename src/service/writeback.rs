//! Titles, authors and assignees learned from GitHub go back into the state file, so the legacy
//! page and the branch script show them too. Only real changes are written.

use std::collections::HashMap;

use crate::domain::{PrFacts, PrNumber};
use crate::store::{TestingPr, TestingState};

/// Whether any PR's file fields differ from what GitHub last said.
pub fn needed(state: &TestingState, facts: &HashMap<PrNumber, PrFacts>) -> bool {
    state.prs.iter().any(|pr| facts.get(&pr.pr).is_some_and(|f| differs(pr, f)))
}

/// Copies GitHub's answers into the state. Returns how many PRs changed.
pub fn apply(state: &mut TestingState, facts: &HashMap<PrNumber, PrFacts>) -> usize {
    let mut changed = 0;
    for pr in &mut state.prs {
        let Some(facts) = facts.get(&pr.pr) else { continue };
        if !differs(pr, facts) {
            continue;
        }
        changed += 1;
        if let Some(title) = &facts.title {
            pr.title.clone_from(title);
        }
        for (file, live) in people(pr, facts) {
            *file = live.unwrap_or_default();
        }
    }
    changed
}

fn differs(pr: &TestingPr, facts: &PrFacts) -> bool {
    // Facts GitHub never answered for say nothing about the file.
    if facts.checked_at.is_none() {
        return false;
    }
    let title = facts.title.as_ref().is_some_and(|title| *title != pr.title);
    let mut pr = pr.clone();
    title || people(&mut pr, facts).into_iter().any(|(file, live)| !same(file, &live))
}

/// Each person field of the file beside GitHub's value. An absent assignee on GitHub means
/// nobody is assigned, which the file records as "" like the legacy page does.
fn people<'a>(pr: &'a mut TestingPr, facts: &PrFacts) -> [(&'a mut String, Option<String>); 4] {
    [
        (&mut pr.author, facts.author.clone()),
        (&mut pr.author_avatar, facts.author_avatar.clone()),
        (&mut pr.assignee, facts.assignee.clone()),
        (&mut pr.assignee_avatar, facts.assignee_avatar.clone()),
    ]
}

fn same(file: &str, live: &Option<String>) -> bool {
    file == live.as_deref().unwrap_or("")
}
