//! Everything at once against one server: a flood of signed webhook deliveries, 50 clients
//! reading the snapshot and 10 writing through the batch API. Afterwards no acknowledged write
//! is missing from the state file or the snapshot, every read was a whole snapshot, and every
//! delivery's effect is shown. Fixed counts only: speed is the benchmark's business.

mod support;

use std::collections::BTreeMap;

use futures::StreamExt;
use serde_json::{Value, json};
use support::{TestServer, WEBHOOK_SECRET, row};
use testbed::domain::{CommitSha, PrNumber};
use testbed::sim::webhooks::{self, RawDelivery, WebhookSender};
use testbed::store::Store;

const READERS: usize = 50;
const READS_EACH: usize = 20;
const WRITERS: usize = 10;
const WRITES_EACH: u64 = 9;
const PRS_PER_WRITER: usize = 3;
/// Each pinned PR's push and title change, each delivered this many times under fresh ids, as
/// GitHub does when it retries.
const COPIES: usize = 20;
const DELIVERIES_IN_FLIGHT: usize = 16;

/// The open demo PRs pinned in the demo state file: the deliveries are about them.
const PINNED_OPEN: [u64; 10] =
    [11201, 11202, 11203, 11204, 11207, 11208, 11209, 11210, 11211, 11212];

fn pr(n: u64) -> PrNumber {
    PrNumber::new(n).expect("a PR number")
}

/// Per PR: absent, or present and active after the next deploy (true) or not (false).
type Expected = BTreeMap<u64, Option<bool>>;

/// One writer's requests, each a batch over its own PRs, recording what was acknowledged.
async fn writer(server: &TestServer, prs: Vec<u64>) -> Expected {
    let mut expected: Expected = prs.iter().map(|&pr| (pr, None)).collect();
    for round in 0..WRITES_EACH {
        let (operation, batch, after) = match round % 3 {
            0 => ("add", &prs[..], Some(true)),
            1 => ("disable", &prs[1..], Some(false)),
            _ => ("remove", &prs[..2], None),
        };
        let (status, answer) =
            server.post(&format!("/api/prs/{operation}"), json!({ "prs": batch })).await;
        assert_eq!(status, 200, "{operation} {batch:?}: {answer:#}");
        for result in answer["results"].as_array().expect("one result per PR") {
            let number = result["pr"].as_u64().expect("a PR number");
            match result["outcome"].as_str() {
                Some("done") => {
                    expected.insert(number, after);
                }
                Some("unchanged") => {}
                // Said plainly and not applied: not an acknowledged write. Only an add asks
                // GitHub, and under this load the simulator sometimes drops a connection.
                Some("github_unavailable") if operation == "add" => {}
                _ => panic!("{operation} #{number} was not applied: {answer:#}"),
            }
        }
    }
    expected
}

async fn reader(server: &TestServer) {
    for _ in 0..READS_EACH {
        let response = server.http.get(server.url("/api/status")).send().await.expect("GET");
        assert_eq!(response.status(), 200);
        let snapshot: Value = response.json().await.expect("a whole JSON snapshot");
        assert!(snapshot["testing"]["prs"].is_array(), "a snapshot: {snapshot:#}");
    }
}

fn title_in_file(file: &Value, number: u64) -> String {
    let rows = file["prs"].as_array().expect("rows");
    let row = rows.iter().find(|row| row["pr"] == number).expect("a pinned PR");
    row["title"].as_str().expect("a title").to_owned()
}

/// Moves every pinned PR on GitHub; returns the deliveries that say so, and what they say.
fn deliveries(server: &TestServer) -> (Vec<RawDelivery>, BTreeMap<u64, (CommitSha, String)>) {
    let repo = testbed::demo::demo_repo();
    let sender = WebhookSender::new(server.url("/webhook"), WEBHOOK_SECRET.into()).expect("sender");
    let mut bodies = Vec::new();
    let mut effects = BTreeMap::new();
    for (i, &number) in PINNED_OPEN.iter().enumerate() {
        let before = server.sim.head(&repo, pr(number)).expect("open PR");
        let after = server.sim.push(&repo, pr(number), 1 + i as u32 % 3).expect("push");
        let title = format!("Retitled under load #{number}");
        let old_title = title_in_file(&server.state_file(), number);
        server.sim.set_title(&repo, pr(number), &title).expect("title");
        let mut push = webhooks::pull_request_synchronize(&repo, pr(number), &before, &after);
        let mut edit = webhooks::pull_request_edited(&repo, pr(number), &title, &old_title);
        // Both describe the PR as GitHub has it after both changes. The worker takes head and
        // title from each delivery as it arrives, so deliveries that disagreed (a push's
        // payload with the title from before the edit) would end in whichever came last.
        for payload in [&mut push, &mut edit] {
            payload["pull_request"]["title"] = json!(title);
            payload["pull_request"]["head"]["sha"] = json!(after.as_str());
        }
        bodies.push(sender.delivery("pull_request", &push));
        bodies.push(sender.delivery("pull_request", &edit));
        effects.insert(number, (after, title));
    }
    let flood = (0..COPIES)
        .flat_map(|_| bodies.iter().map(|body| body.clone().with_id(&webhooks::new_delivery_id())))
        .collect();
    (flood, effects)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_reads_and_batch_writes_together_lose_nothing() {
    let mut numbers = Vec::new();
    let server = TestServer::demo_with(|sim| {
        let repo = testbed::demo::demo_repo();
        for i in 0..WRITERS * PRS_PER_WRITER {
            let (number, _) = sim.add_pr(&repo, &format!("Load {i}"), "loader", 1).expect("PR");
            numbers.push(number.get());
        }
    })
    .await;
    let owned = numbers.chunks(PRS_PER_WRITER).map(<[u64]>::to_vec).collect();
    run(server, owned).await;
}

async fn run(server: TestServer, owned: Vec<Vec<u64>>) {
    server.reconciled().await;
    let (flood, effects) = deliveries(&server);
    let sender = WebhookSender::new(server.url("/webhook"), WEBHOOK_SECRET.into()).expect("sender");
    let sending = futures::stream::iter(&flood)
        .map(|delivery| async {
            let response = sender.send_raw(delivery).await.expect("the receiver answers");
            response.status().as_u16()
        })
        .buffer_unordered(DELIVERIES_IN_FLIGHT)
        .collect::<Vec<u16>>();
    let reading = futures::future::join_all((0..READERS).map(|_| reader(&server)));
    let writing = futures::future::join_all(owned.into_iter().map(|prs| writer(&server, prs)));
    let (answers, _, written) = tokio::join!(sending, reading, writing);

    assert!(answers.iter().all(|&status| status == 202), "every delivery accepted: {answers:?}");
    let expected: Expected = written.into_iter().flatten().collect();
    let present = expected.values().filter(|wanted| wanted.is_some()).count();
    assert!(present > 0, "some adds were acknowledged: {expected:?}");
    let file = Store::new(&server.files.state_file).load().expect("the state file parses");
    let snapshot = server.status().await;
    for (&number, &wanted) in &expected {
        let in_file = file.prs.iter().find(|row| row.pr.get() == number);
        let in_file = in_file.map(|row| row.pending_active.unwrap_or(row.active));
        assert_eq!(in_file, wanted, "#{number} in the state file");
        let shown =
            snapshot["testing"]["prs"].as_array().expect("rows").iter().find(|r| r["pr"] == number);
        let shown =
            shown.map(|row| row["staged_active"].as_bool().unwrap_or(row["active"] == true));
        assert_eq!(shown, wanted, "#{number} in the snapshot");
    }

    let applied = server
        .status_when("every delivery's effect", |status| {
            effects.iter().all(|(&number, (head, title))| {
                let row = row(status, number);
                row["head"] == head.as_str() && row["title"] == title.as_str()
            })
        })
        .await;
    for &number in effects.keys() {
        assert_ne!(row(&applied, number)["drift"]["kind"], "up_to_date", "#{number} moved");
    }
    // Titles learned from GitHub are written back to the file too.
    let file = server.state_file();
    for (&number, (_, title)) in &effects {
        assert_eq!(&title_in_file(&file, number), title, "#{number}'s title in the file");
    }
}
