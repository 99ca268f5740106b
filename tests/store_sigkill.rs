//! A real `testbed serve` killed with SIGKILL again and again while a client writes to it, and
//! restarted on the same state file each time: the file always parses, and every write the
//! server acknowledged is in it.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};
use support::server_process::{Api, ServerCommand, ServerProcess, SimulatedGithub};
use testbed::store::{Store, TestingState};

const KILLS: u64 = 15;
/// The PRs the client adds, removes, enables and disables, one per request.
const PRS_USED: usize = 6;

/// What the client believes a PR is after its acknowledged writes: absent, or present with an
/// `active` value it will have after the next deploy.
type Expected = BTreeMap<u64, Option<bool>>;

/// One write: the operation, the PR, and what it leaves behind when it lands.
fn next_write(expected: &Expected, step: u64, prs: &[u64]) -> (&'static str, u64, Option<bool>) {
    let pr = prs[(step * 7 % prs.len() as u64) as usize];
    match expected.get(&pr).copied().flatten() {
        None => ("add", pr, Some(true)),
        Some(active) => match step % 3 {
            0 => ("remove", pr, None),
            _ if active => ("disable", pr, Some(false)),
            _ => ("enable", pr, Some(true)),
        },
    }
}

/// Whether a PR will be active after the next deploy: its staged toggle, else its state.
fn in_file(state: &TestingState, pr: u64) -> Option<bool> {
    let row = state.prs.iter().find(|row| row.pr.get() == pr)?;
    Some(row.pending_active.unwrap_or(row.active))
}

fn landed(answer: &Value) -> bool {
    let outcome = &answer["results"][0]["outcome"];
    outcome == "done" || outcome == "unchanged"
}

/// Writes until the server stops answering; returns how many were acknowledged, and the write
/// that was in flight when it died (it may or may not have landed).
async fn write_until_killed(
    server: &Api,
    http: &reqwest::Client,
    expected: &mut Expected,
    step: &mut u64,
    prs: &[u64],
) -> (u64, Option<(u64, Option<bool>)>) {
    let mut acknowledged = 0;
    loop {
        let (operation, pr, after) = next_write(expected, *step, prs);
        *step += 1;
        match server.write(http, operation, json!([pr])).await {
            Ok((200, answer)) if landed(&answer) => {
                expected.insert(pr, after);
                acknowledged += 1;
            }
            Ok((status, answer)) => panic!("{operation} #{pr} answered {status}: {answer:#}"),
            Err(_) => return (acknowledged, Some((pr, after))),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_write_survives_sigkill() {
    let github = SimulatedGithub::start().await;
    let prs: Vec<u64> = github.open_prs().into_iter().take(PRS_USED).collect();
    assert_eq!(prs.len(), PRS_USED, "the demo repository has enough open PRs");
    let folder = tempfile::tempdir().expect("temp folder");
    let state_file = folder.path().join("_testing-prs.json");
    let command = ServerCommand::new(&state_file, github.base_url());
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("http");
    let store = Store::new(&state_file);

    let mut expected = Expected::new();
    let mut step = 0;
    let mut acknowledged = 0;
    for kill in 0..KILLS {
        let server = command.start(&http).await;
        // A restart must not undo what the file held when the process died, e.g. by taking
        // its last write, renamed but not yet recorded, for an outside writer's to merge.
        assert_serves(&server, &http, &expected, kill).await;
        let (done, in_flight) = {
            let api = server.api.clone();
            let writes = write_until_killed(&api, &http, &mut expected, &mut step, &prs);
            // Varied moments: 40 ms to about half a second into the round, never the same
            // phase of a write twice in a row.
            let after = Duration::from_millis(40 + kill * 97 % 460);
            tokio::pin!(writes);
            tokio::select! {
                finished = &mut writes => panic!("the writes stopped on their own: {finished:?}"),
                () = tokio::time::sleep(after) => {}
            }
            server.kill();
            writes.await
        };
        acknowledged += done;

        let state = store.load().unwrap_or_else(|err| panic!("after kill {kill}: {err}"));
        if let Some((pr, after)) = in_flight {
            // Acknowledged or not, the write in flight either landed whole or not at all.
            let found = in_file(&state, pr);
            let before = expected.get(&pr).copied().flatten();
            assert!(found == before || found == after, "kill {kill}: #{pr} is {found:?}");
            expected.insert(pr, found);
        }
        for (&pr, &wanted) in &expected {
            assert_eq!(in_file(&state, pr), wanted, "kill {kill}: #{pr} after acknowledged writes");
        }
    }
    // Enough writes were acknowledged that the kills landed among them, not between rounds.
    assert!(acknowledged >= KILLS * 2, "only {acknowledged} writes acknowledged");
    eprintln!("{acknowledged} writes acknowledged across {KILLS} kills");

    let server = command.start(&http).await;
    assert_serves(&server, &http, &expected, KILLS).await;
}

/// The restarted server shows the PRs the client expects, and no others of the ones it uses.
async fn assert_serves(
    server: &ServerProcess,
    http: &reqwest::Client,
    expected: &Expected,
    kill: u64,
) {
    let (status, snapshot) = server.status(http).await.expect("status");
    assert_eq!(status, 200);
    let rows = snapshot["testing"]["prs"].as_array().expect("rows");
    for (&pr, &wanted) in expected {
        let shown = rows.iter().any(|row| row["pr"] == pr);
        assert_eq!(shown, wanted.is_some(), "#{pr} served after {kill} kills");
    }
}
