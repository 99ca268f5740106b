//! The plan a maintainer reads before pressing Deploy.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use testbed::domain::{CommitSha, PrFacts, PrNumber, PrState};
use testbed::plan::{PlanAction, RemoveReason, plan};
use testbed::store::{TestingPr, TestingState};

fn pr(n: u64) -> PrNumber {
    PrNumber::new(n).unwrap()
}

fn sha(label: char) -> CommitSha {
    label.to_string().repeat(40).parse().unwrap()
}

fn row(n: u64, added_day: u32) -> TestingPr {
    let added = Utc.with_ymd_and_hms(2026, 11, added_day, 12, 0, 0).unwrap();
    TestingPr::new(pr(n), &sha('a'), format!("PR {n}"), "cdrini", added)
}

fn steps(state: &TestingState, facts: &HashMap<PrNumber, PrFacts>) -> Vec<(PlanAction, u64)> {
    plan(state, facts).into_iter().map(|step| (step.action, step.pr.get())).collect()
}

#[test]
fn steps_come_in_order_add_pin_enable_disable_remove() {
    let mut state = TestingState::default();
    let mut disabled = row(5, 1);
    disabled.pending_active = Some(false);
    let mut enabled = row(4, 1);
    enabled.active = false;
    enabled.pending_active = Some(true);
    let mut pinned = row(3, 1);
    pinned.pull_latest_sha = sha('b').to_string();
    state.prs = vec![disabled, enabled, pinned, row(2, 1)];
    for n in [5, 3, 9] {
        state.deployed.insert(n.to_string(), format!("PR {n}"));
    }
    assert_eq!(
        steps(&state, &HashMap::new()),
        [
            (PlanAction::Add, 2),
            (PlanAction::Pin, 3),
            (PlanAction::Enable, 4),
            (PlanAction::Disable, 5),
            (PlanAction::Remove, 9),
        ]
    );
    let removal = plan(&state, &HashMap::new()).pop().unwrap();
    assert_eq!(removal.reason, Some(RemoveReason::Dropped));
    assert_eq!(removal.title, "PR 9");
}

#[test]
fn a_merged_pr_yields_only_its_removal() {
    let mut state = TestingState::default();
    let mut merged = row(7, 1);
    merged.pull_latest_sha = sha('c').to_string();
    merged.pending_active = Some(false);
    state.prs = vec![merged];
    let facts =
        HashMap::from([(pr(7), PrFacts { state: Some(PrState::Merged), ..PrFacts::default() })]);
    let plan = plan(&state, &facts);
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0].action, PlanAction::Remove);
    assert_eq!(plan[0].reason, Some(RemoveReason::Merged));
}

#[test]
fn a_pin_step_names_both_commits() {
    let mut state = TestingState::default();
    let mut pinned = row(3, 1);
    pinned.pull_latest_sha = sha('b').to_string();
    state.prs = vec![pinned];
    state.deployed.insert("3".into(), "PR 3".into());
    let step = plan(&state, &HashMap::new()).remove(0);
    assert_eq!((step.from, step.to), (Some(sha('a')), Some(sha('b'))));
}

#[test]
fn a_staged_value_equal_to_the_current_one_is_no_step() {
    let mut state = TestingState::default();
    let mut same = row(3, 1);
    same.pending_active = Some(true);
    same.pull_latest_sha = sha('a').to_string();
    state.prs = vec![same];
    state.deployed.insert("3".into(), "PR 3".into());
    assert!(plan(&state, &HashMap::new()).is_empty());
}

#[test]
fn files_without_a_deployed_record_compare_added_at_with_the_last_deploy() {
    let text = br#"{"last_deploy_at": "2026-11-10T09:00:00", "prs": [
        {"pr": 1, "commit": "", "active": true, "title": "old", "added_at": "2026-11-01T00:00:00",
         "added_by": "x"},
        {"pr": 2, "commit": "", "active": true, "title": "new", "added_at": "2026-11-12T00:00:00",
         "added_by": "x"}]}"#;
    let state = TestingState::parse(text).unwrap();
    assert_eq!(steps(&state, &HashMap::new()), [(PlanAction::Add, 2)]);
}
