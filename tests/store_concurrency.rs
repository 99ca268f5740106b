//! Four testbed processes and the legacy Python page (which takes no lock) write one state file
//! at once; afterwards nothing acknowledged is missing.
//!
//! The writers are this test binary run again with `STORE_TEST_ROLE=writer`, entering
//! `writer_process` below; run normally, that test does nothing.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::{TimeZone, Utc};
use serde_json::Value;
use testbed::domain::PrNumber;
use testbed::store::{Store, TestingPr};

const ROLE: &str = "STORE_TEST_ROLE";
const WRITERS: u64 = 4;
const UPDATES_PER_WRITER: u64 = 200;
const LEGACY_PR: u64 = 11500;
/// Writer `w` owns PR `FIRST_WRITER_PR + w` and appends to its `steps` field.
const FIRST_WRITER_PR: u64 = 11501;

/// The legacy page: read, change one field of its own, write a temp file, rename; no lock.
/// It pauses a little between read and rename (when our writes get clobbered) and between
/// edits, much less than a person clicking would: a page that rewrote the file every few
/// milliseconds would leave no moment for a flushed write to land at all.
const LEGACY_PAGE: &str = r#"
import json, os, random, sys, time
path, stop = sys.argv[1], sys.argv[2]
edits = 0
def edit():
    global edits
    with open(path) as f:
        data = json.load(f)
    edits += 1
    for pr in data["prs"]:
        if pr["pr"] == 11500:
            pr["title"] = "Legacy page edit %d" % edits
    time.sleep(random.uniform(0, 0.002))
    with open(path + ".tmp", "w") as f:
        json.dump(data, f, indent=2)
    os.replace(path + ".tmp", path)
edit()
print("ready", flush=True)
while not os.path.exists(stop):
    time.sleep(random.uniform(0.02, 0.06))
    edit()
edit()  # one last edit, after every writer is done
print(edits, flush=True)
"#;

fn row(number: u64) -> TestingPr {
    let sha = "902ba3cda1883801594b6e1b452790cc53948fda".parse().unwrap();
    let at = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
    let title = format!("Fix author merge for redirected works, part {number}");
    TestingPr::new(PrNumber::new(number).unwrap(), &sha, title, "mekarpeles", at)
}

#[test]
fn four_writers_and_the_legacy_page_lose_no_acknowledged_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("_testing-prs.json");
    let store = Store::new(&path);
    store
        .update(|state| {
            state.prs.push(row(LEGACY_PR));
            for writer in 0..WRITERS {
                let mut owned = row(FIRST_WRITER_PR + writer);
                owned.extra.insert("steps".into(), Value::Array(Vec::new()));
                state.prs.push(owned);
            }
        })
        .unwrap();

    let stop = dir.path().join("stop");
    let mut legacy = Command::new("python3")
        .args(["-c", LEGACY_PAGE])
        .arg(&path)
        .arg(&stop)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut legacy_out = BufReader::new(legacy.stdout.take().unwrap());
    let mut line = String::new();
    legacy_out.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready");

    let acks = |writer: u64| dir.path().join(format!("acks-{writer}"));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            Command::new(std::env::current_exe().unwrap())
                .args(["writer_process", "--exact", "--nocapture", "--test-threads=1"])
                .env(ROLE, "writer")
                .env("STORE_TEST_STATE", &path)
                .env("STORE_TEST_WRITER", writer.to_string())
                .env("STORE_TEST_ACKS", acks(writer))
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut writer in writers {
        assert!(writer.wait().unwrap().success(), "a writer process failed");
    }

    fs::write(&stop, b"").unwrap();
    line.clear();
    legacy_out.read_line(&mut line).unwrap();
    let legacy_edits: u64 = line.trim().parse().unwrap();
    assert!(legacy.wait().unwrap().success());
    eprintln!("the legacy page replaced the file {legacy_edits} times");

    let state = store.repair().unwrap();

    assert_eq!(state, store.load().unwrap(), "the file parses and holds the repaired state");
    for writer in 0..WRITERS {
        let acked: BTreeSet<u64> = fs::read_to_string(acks(writer))
            .unwrap()
            .lines()
            .map(|line| line.parse().unwrap())
            .collect();
        assert_eq!(acked.len() as u64, UPDATES_PER_WRITER, "writer {writer} was refused");
        let owned = state.find(PrNumber::new(FIRST_WRITER_PR + writer).unwrap()).unwrap();
        let steps: Vec<u64> =
            owned.extra["steps"].as_array().unwrap().iter().filter_map(Value::as_u64).collect();
        let present: BTreeSet<u64> = steps.iter().copied().collect();
        let missing: Vec<&u64> = acked.difference(&present).collect();
        assert!(missing.is_empty(), "writer {writer} lost acknowledged steps {missing:?}");
        assert_eq!(steps.len(), present.len(), "writer {writer}: a step was applied twice");
    }
    let legacy_row = state.find(PrNumber::new(LEGACY_PR).unwrap()).unwrap();
    assert_eq!(legacy_row.title, format!("Legacy page edit {legacy_edits}"));
}

/// One writer process: appends its step numbers to its own PR, recording each one the store
/// acknowledged.
#[test]
fn writer_process() {
    if std::env::var(ROLE).as_deref() != Ok("writer") {
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap();
    let store = Store::new(var("STORE_TEST_STATE"));
    let writer: u64 = var("STORE_TEST_WRITER").parse().unwrap();
    let owned = PrNumber::new(FIRST_WRITER_PR + writer).unwrap();
    let acks_path = var("STORE_TEST_ACKS");
    let mut acks =
        OpenOptions::new().create(true).append(true).open(Path::new(&acks_path)).unwrap();
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
