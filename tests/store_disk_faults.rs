//! The state folder turns read-only, then fills up, under a running `testbed serve`: each
//! write in the meantime gets a JSON error with a stable code and a sentence naming the cause,
//! the dashboard says the change was not saved, the file on disk stays exactly as it was, and
//! the first write after the folder is fixed succeeds without a restart.
//!
//! # How the faults are made
//!
//! The kernel's own errors, not injected ones: tests run as root, so permissions would not
//! stop a write. Instead the server runs in a mount namespace of its own (`unshare -m`), where
//! its state folder is a 256 KiB `tmpfs`. Remounting it read-only (`nsenter … mount -o
//! remount,ro`) gives `EROFS`; a file that takes every free byte gives `ENOSPC`. The test sees
//! the folder through `/proc/<pid>/root`. The mount exists only inside that namespace and
//! vanishes with the process, so nothing outside changes even if the test fails midway. This
//! needs root with `CAP_SYS_ADMIN`, as on the development machines and in CI; without it the
//! test fails and says so, rather than pretending.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use support::server_process::{ServerCommand, ServerProcess, SimulatedGithub};
use testbed::store::Store;

/// The state folder the server sees, inside its namespace. Outside, it is an empty folder.
fn folder_inside(server: &ServerProcess, folder: &Path) -> PathBuf {
    let root = PathBuf::from(format!("/proc/{}/root", server.child.id()));
    root.join(folder.strip_prefix("/").expect("an absolute path"))
}

fn in_namespace(server: &ServerProcess, command: &[&str]) {
    let pid = server.child.id().to_string();
    let status = Command::new("nsenter")
        .args(["-t", &pid, "-m", "--"])
        .args(command)
        .status()
        .expect("nsenter runs");
    assert!(status.success(), "{command:?} in the server's mount namespace failed");
}

/// Fills the folder's file system to the last byte.
fn fill(folder: &Path) -> PathBuf {
    let filler = folder.join("filler");
    let mut file = std::fs::File::create(&filler).expect("create the filler");
    let block = vec![0u8; 4096];
    loop {
        match file.write(&block) {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) if err.raw_os_error() == Some(28) => break,
            Err(err) => panic!("filling the folder: {err}"),
        }
    }
    // A last few bytes smaller than a block.
    while file.write(&[0]).is_ok_and(|written| written == 1) {}
    filler
}

async fn add(server: &ServerProcess, http: &reqwest::Client, pr: u64) -> (u16, Value) {
    server.write(http, "add", json!([pr])).await.expect("the server answers")
}

fn file_prs(folder: &Path) -> Vec<u64> {
    let state = Store::new(folder.join("_testing-prs.json")).load().expect("the file parses");
    state.prs.iter().map(|row| row.pr.get()).collect()
}

fn state_problems(snapshot: &Value) -> Vec<String> {
    let problems = snapshot["problems"].as_array().expect("problems");
    problems
        .iter()
        .filter(|problem| problem["source"] == "state_file")
        .map(|problem| problem["message"].as_str().expect("a message").to_owned())
        .collect()
}

/// A refused write: the error, the dashboard, and the bytes on disk.
async fn assert_refused(
    server: &ServerProcess,
    http: &reqwest::Client,
    inside: &Path,
    pr: u64,
    cause: &str,
) {
    let before = std::fs::read(inside.join("_testing-prs.json")).expect("the state file");
    let (status, answer) = add(server, http, pr).await;
    assert_eq!(status, 503, "{answer:#}");
    assert_eq!(answer["error"]["code"], "state_file_unwritable", "{answer:#}");
    let message = answer["error"]["message"].as_str().expect("a sentence");
    assert!(message.contains(cause), "the answer names the cause: {message}");
    eprintln!("refused with: {message}");

    let after = std::fs::read(inside.join("_testing-prs.json")).expect("the state file");
    assert_eq!(after, before, "the state file is untouched");
    let strays: Vec<_> = std::fs::read_dir(inside)
        .expect("the folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(strays.is_empty(), "no half-written version left behind: {strays:?}");

    let (_, snapshot) = server.status(http).await.expect("status");
    let problems = state_problems(&snapshot);
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("could not be saved") && problem.contains(cause)),
        "the dashboard says the change was not saved: {problems:?}"
    );
    let shown: Vec<&Value> = snapshot["testing"]["prs"].as_array().expect("rows").iter().collect();
    assert!(shown.iter().all(|row| row["pr"] != pr), "#{pr} is not shown as added");
}

async fn assert_recovered(server: &ServerProcess, http: &reqwest::Client, inside: &Path, pr: u64) {
    let (status, answer) = add(server, http, pr).await;
    assert_eq!((status, &answer["results"][0]["outcome"]), (200, &json!("done")), "{answer:#}");
    assert!(file_prs(inside).contains(&pr), "#{pr} is in the file");
    let (_, snapshot) = server.status(http).await.expect("status");
    assert_eq!(state_problems(&snapshot), Vec::<String>::new(), "the problem is gone");
}

/// A second server started on the read-only folder (in the same namespace) cannot take the
/// lock to check the file for outside changes, and still shows the testing set as it is.
async fn starting_on_a_read_only_folder_still_shows_the_set(
    first: &ServerProcess,
    command: &ServerCommand,
    http: &reqwest::Client,
    prs: &[u64],
) {
    let pid = first.child.id().to_string();
    let second = ServerCommand {
        wrapper: ["nsenter", "-t", &pid, "-m", "--"].map(str::to_owned).to_vec(),
        ..ServerCommand::new(&command.state_file, &command.github_api)
    };
    let second = second.start(http).await;
    let (status, snapshot) = second.status(http).await.expect("status");
    assert_eq!(status, 200);
    assert_eq!(snapshot["testing"]["readable"], true, "{snapshot:#}");
    let shown: Vec<u64> = snapshot["testing"]["prs"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| row["pr"].as_u64().expect("a number"))
        .collect();
    assert_eq!(shown, prs, "the testing set is shown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_or_full_folder_refuses_writes_clearly_and_loses_nothing() {
    let github = SimulatedGithub::start().await;
    let prs = github.open_prs();
    let outside = tempfile::tempdir().expect("temp folder");
    let folder = outside.path().canonicalize().expect("folder path");
    let mut command = ServerCommand::new(&folder.join("_testing-prs.json"), github.base_url());
    let mount = r#"mount -t tmpfs -o size=256k,mode=0755 tmpfs "$0" && exec "$@""#;
    command.wrapper = ["unshare", "-m", "--propagation", "private", "sh", "-c", mount]
        .into_iter()
        .map(str::to_owned)
        .chain([folder.display().to_string()])
        .collect();
    let http = reqwest::Client::new();
    let server = command.start(&http).await;
    let inside = folder_inside(&server, &folder);
    for &pr in &prs[..2] {
        assert_eq!(add(&server, &http, pr).await.0, 200);
    }
    assert_eq!(file_prs(&inside), prs[..2], "the earlier writes are on the tmpfs");
    assert!(!folder.join("_testing-prs.json").exists(), "and only inside the namespace");

    let path = folder.display().to_string();
    in_namespace(&server, &["mount", "-o", "remount,ro", &path]);
    assert_refused(&server, &http, &inside, prs[2], "Read-only file system").await;
    starting_on_a_read_only_folder_still_shows_the_set(&server, &command, &http, &prs[..2]).await;
    in_namespace(&server, &["mount", "-o", "remount,rw", &path]);
    assert_recovered(&server, &http, &inside, prs[2]).await;

    let filler = fill(&inside);
    assert_refused(&server, &http, &inside, prs[3], "No space left on device").await;
    std::fs::remove_file(filler).expect("free the space");
    assert_recovered(&server, &http, &inside, prs[3]).await;

    assert_eq!(file_prs(&inside), prs[..4], "every acknowledged write, nothing else");
}
