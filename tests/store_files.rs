//! How the store treats the file on disk: missing, malformed, replaced by someone else.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use testbed::domain::PrNumber;
use testbed::store::{Store, StoreError, TestingPr, TestingState};

const SHA: &str = "c1dfd96eea8cc2b62785275bca38ac261256e278";

fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("_testing-prs.json"));
    (dir, store)
}

fn row(number: u64, title: &str) -> TestingPr {
    let at = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
    TestingPr::new(PrNumber::new(number).unwrap(), &SHA.parse().unwrap(), title, "cdrini", at)
}

fn pr(number: u64) -> PrNumber {
    PrNumber::new(number).unwrap()
}

/// Replaces the state file the way the legacy Python page does: write a temp file, rename.
fn replace_like_python(path: &Path, change: &str) {
    let script = format!(
        "import json, os, sys\npath = sys.argv[1]\ndata = json.load(open(path))\n{change}\n\
         with open(path + '.tmp', 'w') as f:\n    json.dump(data, f, indent=2)\n\
         os.replace(path + '.tmp', path)\n"
    );
    let status = Command::new("python3").arg("-c").arg(script).arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_missing_file_is_an_empty_testing_set_and_an_update_creates_it() {
    let (_dir, store) = fresh_store();
    assert_eq!(store.load().unwrap(), TestingState::default());
    assert_eq!(store.fingerprint(), None);

    store.update(|state| state.prs.push(row(11402, "Fix author merge"))).unwrap();

    let text = fs::read_to_string(store.path()).unwrap();
    assert!(text.starts_with("{\n  \"last_deploy_at\": \"\",\n  \"prs\": ["), "{text}");
    assert!(text.contains("\"deploy_started_at\"") && text.contains("\"deployed\": {}"));
    assert_eq!(store.load().unwrap().prs, vec![row(11402, "Fix author merge")]);
}

fn assert_malformed(store: &Store, bytes: &[u8], expected_words: &str) {
    fs::write(store.path(), bytes).unwrap();

    let err = store.load().unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, StoreError::Malformed { .. }), "{message}");
    assert!(message.contains(&store.path().display().to_string()), "{message}");
    assert!(message.contains(expected_words), "{message}");
    assert!(message.contains("line "), "{message}");

    let mut ran = false;
    let err = store.update(|_| ran = true).unwrap_err();
    assert!(matches!(err, StoreError::Malformed { .. }), "{err}");
    assert!(!ran, "a change is never applied to a file that could not be read");
    assert_eq!(fs::read(store.path()).unwrap(), bytes, "the bytes on disk are unchanged");
}

#[test]
fn a_malformed_file_is_reported_and_never_overwritten() {
    let (_dir, store) = fresh_store();
    store.update(|state| state.prs.push(row(11402, "Fix author merge"))).unwrap();
    let good = fs::read(store.path()).unwrap();

    assert_malformed(&store, &good[..good.len() / 2], "truncated");
    assert_malformed(&store, b"", "empty");
    assert_malformed(&store, b"{\"prs\": [}", "not valid JSON");
    let wrong_shape = br#"{"last_deploy_at": "", "prs": {"11402": {"commit": "c1dfd96"}}}"#;
    assert_malformed(&store, wrong_shape, "not a testing set");
    assert_malformed(&store, br#"[{"pr": "11402"}]"#, "`pr` must be a positive whole number");
}

#[test]
fn the_fingerprint_changes_when_another_process_replaces_the_file() {
    let (_dir, store) = fresh_store();
    store.update(|state| state.prs.push(row(11402, "Fix author merge"))).unwrap();
    let before = store.fingerprint();
    assert!(before.is_some());
    assert_eq!(store.fingerprint(), before, "stable while nobody writes");

    // The same content, so only the replacement itself can be noticed.
    replace_like_python(store.path(), "pass");

    assert_ne!(store.fingerprint(), before);
}

#[test]
fn a_file_replaced_during_an_update_is_read_again_and_the_change_reapplied() {
    let (_dir, store) = fresh_store();
    store.update(|state| state.prs.push(row(11402, "Fix author merge"))).unwrap();

    let mut runs = 0;
    let (seen, state) = store
        .update(|state| {
            runs += 1;
            if runs == 1 {
                replace_like_python(store.path(), "data['prs'][0]['assignee'] = 'mekarpeles'");
            }
            state.prs.push(row(11417, "Render CJK titles"));
            state.prs.len()
        })
        .unwrap();

    assert_eq!(runs, 2);
    assert_eq!(seen, 2, "the value comes from the application that was written");
    assert_eq!(state, store.load().unwrap());
    assert_eq!(state.prs[0].assignee, "mekarpeles", "the outside change is kept");
    assert!(state.find(pr(11417)).is_some());
}

#[test]
fn a_stale_copy_from_a_lock_ignoring_writer_is_merged_back() {
    let (dir, store) = fresh_store();
    store.update(|state| state.prs.push(row(11402, "Fix author merge"))).unwrap();
    // The legacy page reads this version...
    let stale: PathBuf = dir.path().join("stale.json");
    fs::copy(store.path(), &stale).unwrap();
    // ...we write two more...
    store.update(|state| state.prs.push(row(11417, "Render CJK titles"))).unwrap();
    store.update(|state| state.prs[0].active = false).unwrap();
    // ...and it writes its copy, with a change of its own, over ours.
    replace_like_python(&stale, "data['prs'][0]['title'] = 'Fix author merge (edited)'");
    fs::rename(&stale, store.path()).unwrap();
    let lost = store.load().unwrap();
    assert!(lost.find(pr(11417)).is_none() && lost.prs[0].active);

    let repaired = store.repair().unwrap();

    assert_eq!(repaired, store.load().unwrap());
    assert_eq!(repaired.prs.len(), 2);
    assert_eq!(repaired.prs[0].title, "Fix author merge (edited)");
    assert!(!repaired.prs[0].active, "our later change is back");
    assert!(repaired.find(pr(11417)).is_some(), "our added PR is back");

    let after = store.fingerprint();
    store.repair().unwrap();
    assert_eq!(store.fingerprint(), after, "a repaired file is left alone");
}

#[test]
fn an_outside_change_that_lost_nothing_is_not_rewritten() {
    let (_dir, store) = fresh_store();
    store.update(|state| state.prs.push(row(11402, "Fix author merge"))).unwrap();
    replace_like_python(store.path(), "data['prs'][0]['active'] = False");
    let replaced = store.fingerprint();

    let state = store.repair().unwrap();

    assert_eq!(store.fingerprint(), replaced);
    assert!(!state.prs[0].active);
}

#[test]
fn removals_by_the_outside_writer_stick_and_our_additions_stay() {
    let (dir, store) = fresh_store();
    store
        .update(|state| {
            state.prs.push(row(11402, "Fix author merge"));
            state.prs.push(row(11433, "Speed up covers"));
        })
        .unwrap();
    let stale = dir.path().join("stale.json");
    fs::copy(store.path(), &stale).unwrap();
    store.update(|state| state.prs.push(row(11417, "Render CJK titles"))).unwrap();
    replace_like_python(&stale, "data['prs'] = [p for p in data['prs'] if p['pr'] != 11433]");
    fs::rename(&stale, store.path()).unwrap();

    let (_, state) = store.update(|state| state.prs.push(row(11450, "Add ISBN search"))).unwrap();

    let numbers: Vec<u64> = state.prs.iter().map(|row| row.pr.get()).collect();
    assert_eq!(numbers, [11402, 11417, 11450]);
}
