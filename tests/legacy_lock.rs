//! The Python snippet of docs/operations.md (`docs/legacy_lock.py`) takes testbed's lock: two
//! testbed writer processes and two Python writers change one state file at once, and every
//! acknowledged change of each is in the file afterwards.
//!
//! The testbed writers are this test binary run again with `LEGACY_LOCK_ROLE=writer`, entering
//! `writer_process` below; run normally, that test does nothing.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use chrono::{TimeZone, Utc};
use serde_json::Value;
use testbed::domain::PrNumber;
use testbed::store::{Store, TestingPr};

const ROLE: &str = "LEGACY_LOCK_ROLE";
const RUST_WRITERS: u64 = 2;
const PYTHON_WRITERS: u64 = 2;
const UPDATES_PER_WRITER: u64 = 100;
/// Writer `w` (testbed's first, then Python's) owns PR `FIRST_PR + w`.
const FIRST_PR: u64 = 11601;

fn snippet() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/legacy_lock.py")
}

fn row(number: u64) -> TestingPr {
    let sha = "902ba3cda1883801594b6e1b452790cc53948fda".parse().unwrap();
    let at = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
    TestingPr::new(PrNumber::new(number).unwrap(), &sha, format!("Part {number}"), "cdrini", at)
}

fn acked(path: &Path) -> BTreeSet<u64> {
    fs::read_to_string(path).unwrap().lines().map(|line| line.parse().unwrap()).collect()
}

#[test]
fn python_writers_that_take_the_lock_and_testbed_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("_testing-prs.json");
    let store = Store::new(&path);
    store
        .update(|state| {
            for writer in 0..RUST_WRITERS + PYTHON_WRITERS {
                state.prs.push(row(FIRST_PR + writer));
            }
        })
        .unwrap();

    let acks = |writer: u64| dir.path().join(format!("acks-{writer}"));
    let mut writers: Vec<(u64, Child)> = (0..RUST_WRITERS)
        .map(|writer| {
            let child = Command::new(std::env::current_exe().unwrap())
                .args(["writer_process", "--exact", "--nocapture", "--test-threads=1"])
                .env(ROLE, "writer")
                .env("LEGACY_LOCK_STATE", &path)
                .env("LEGACY_LOCK_WRITER", writer.to_string())
                .env("LEGACY_LOCK_ACKS", acks(writer))
                .stdout(Stdio::null())
                .spawn()
                .unwrap();
            (writer, child)
        })
        .collect();
    for writer in RUST_WRITERS..RUST_WRITERS + PYTHON_WRITERS {
        let child = Command::new("python3")
            .arg(snippet())
            .arg(&path)
            .arg((FIRST_PR + writer).to_string())
            .arg(UPDATES_PER_WRITER.to_string())
            .arg(acks(writer))
            .spawn()
            .expect("python3 runs");
        writers.push((writer, child));
    }
    for (writer, mut child) in writers {
        assert!(child.wait().unwrap().success(), "writer {writer} failed");
    }

    let text = fs::read_to_string(&path).unwrap();
    let file: Value = serde_json::from_str(&text).expect("the file parses");
    assert!(text.starts_with("{\n  \""), "written with 2-space indentation");
    let state = store.load().expect("testbed reads what Python wrote");
    assert_eq!(state.prs.len() as u64, RUST_WRITERS + PYTHON_WRITERS);
    for writer in 0..RUST_WRITERS + PYTHON_WRITERS {
        let acked = acked(&acks(writer));
        assert_eq!(acked.len() as u64, UPDATES_PER_WRITER, "writer {writer} was refused");
        let number = FIRST_PR + writer;
        let row = file["prs"].as_array().unwrap().iter().find(|row| row["pr"] == number).unwrap();
        let steps: Vec<u64> =
            row["steps"].as_array().unwrap().iter().filter_map(Value::as_u64).collect();
        let present: BTreeSet<u64> = steps.iter().copied().collect();
        let missing: Vec<&u64> = acked.difference(&present).collect();
        assert!(missing.is_empty(), "writer {writer} lost acknowledged steps {missing:?}");
        assert_eq!(steps.len(), present.len(), "writer {writer}: a step was applied twice");
    }
}

/// One testbed writer process: appends its step numbers to its own PR, recording each one the
/// store acknowledged.
#[test]
fn writer_process() {
    if std::env::var(ROLE).as_deref() != Ok("writer") {
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap();
    let store = Store::new(var("LEGACY_LOCK_STATE"));
    let writer: u64 = var("LEGACY_LOCK_WRITER").parse().unwrap();
    let owned = PrNumber::new(FIRST_PR + writer).unwrap();
    let mut acks =
        OpenOptions::new().create(true).append(true).open(var("LEGACY_LOCK_ACKS")).unwrap();
    for step in 0..UPDATES_PER_WRITER {
        let result = store.update(|state| {
            let row = state.find_mut(owned).expect("the writer's PR is in the file");
            let steps = row.extra.entry("steps".to_owned()).or_insert(Value::Array(Vec::new()));
            steps.as_array_mut().expect("steps is a list").push(step.into());
        });
        match result {
            Ok(_) => writeln!(&mut acks, "{step}").unwrap(),
            Err(err) => eprintln!("step {step} refused: {err}"),
        }
    }
}
