//! Signed deliveries through the real server: pushes, merges and edits reach the snapshot and
//! every event stream; `/testing` comments drive the testing set; forgeries change nothing.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::sse::SseReader;
use support::{TestServer, WEBHOOK_SECRET, row};
use testbed::domain::{PrNumber, RepoName};
use testbed::sim::webhooks::{self, WebhookSender};

fn repo() -> RepoName {
    testbed::demo::demo_repo()
}

fn pr(n: u64) -> PrNumber {
    PrNumber::new(n).unwrap()
}

fn sender(server: &TestServer) -> WebhookSender {
    WebhookSender::new(server.url("/webhook"), WEBHOOK_SECRET.into()).unwrap()
}

async fn send(server: &TestServer, event: &str, payload: &Value) -> u16 {
    sender(server).send(event, payload).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_push_to_a_pinned_pr_reaches_every_subscriber_with_its_new_head_then_its_drift() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let mut first = SseReader::connect(&server.url("/api/events"), None).await;
    let mut second = SseReader::connect(&server.url("/api/events"), None).await;
    for stream in [&mut first, &mut second] {
        stream.next_within(Duration::from_secs(2)).await.expect("initial snapshot");
    }
    let before = server.sim.head(&repo(), pr(11201)).unwrap();
    let after = server.sim.push(&repo(), pr(11201), 2).unwrap();
    let payload = webhooks::pull_request_synchronize(&repo(), pr(11201), &before, &after);
    assert_eq!(send(&server, "pull_request", &payload).await, 202);

    for stream in [&mut first, &mut second] {
        let mut head_seen = false;
        while let Some(event) = stream.next_within(Duration::from_secs(3)).await {
            let snapshot = event.json();
            let row = row(&snapshot, 11201);
            if row["head"] == after.as_str() {
                head_seen = true;
                if row["drift"] == serde_json::json!({"kind": "behind", "commits": 2}) {
                    break;
                }
            }
        }
        assert!(head_seen, "a subscriber never saw the new head");
    }
    let status = server.status().await;
    assert_eq!(row(&status, 11201)["drift"]["commits"], 2);
}

#[tokio::test]
async fn merges_title_edits_and_assignments_are_applied_and_written_back() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    server.sim.merge(&repo(), pr(11202)).unwrap();
    let merged = webhooks::pull_request_closed(&repo(), pr(11202), true);
    assert_eq!(send(&server, "pull_request", &merged).await, 202);
    let old_title = row(&server.status().await, 11203)["title"].as_str().unwrap().to_owned();
    let edited =
        webhooks::pull_request_edited(&repo(), pr(11203), "Faster search facets", &old_title);
    assert_eq!(send(&server, "pull_request", &edited).await, 202);
    let assigned = webhooks::pull_request_assigned(&repo(), pr(11204), "jimchamp");
    assert_eq!(send(&server, "pull_request", &assigned).await, 202);

    let status = server
        .status_when("the three deliveries", |s| {
            row(s, 11202)["github_state"] == "merged"
                && row(s, 11203)["title"] == "Faster search facets"
                && row(s, 11204)["assignee"] == "jimchamp"
        })
        .await;
    assert!(
        status["plan"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["pr"] == 11202 && s["reason"] == "merged")
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let file = server.state_file();
        let find = |n: u64| {
            file["prs"].as_array().unwrap().iter().find(|p| p["pr"] == n).cloned().unwrap()
        };
        if find(11203)["title"] == "Faster search facets" && find(11204)["assignee"] == "jimchamp" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not written back: {file:#}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_older_delivery_never_replaces_a_newer_head_and_a_redelivery_changes_nothing() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let first = server.sim.head(&repo(), pr(11201)).unwrap();
    let second = server.sim.push(&repo(), pr(11201), 1).unwrap();
    let mut newer = webhooks::pull_request_synchronize(&repo(), pr(11201), &first, &second);
    *newer.pointer_mut("/pull_request/updated_at").unwrap() = "2026-12-03T12:00:00Z".into();
    let mut older = webhooks::pull_request_synchronize(&repo(), pr(11201), &first, &first);
    *older.pointer_mut("/pull_request/updated_at").unwrap() = "2026-12-03T11:00:00Z".into();

    let sender = sender(&server);
    let id = webhooks::new_delivery_id();
    assert_eq!(sender.send_with_id("pull_request", &id, &newer).await.unwrap().status(), 202);
    assert_eq!(sender.send("pull_request", &older).await.unwrap().status(), 202);
    let again = sender.send_with_id("pull_request", &id, &newer).await.unwrap();
    assert_eq!(again.status(), 200);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["status"], "duplicate");

    let status =
        server.status_when("the newer head", |s| row(s, 11201)["head"] == second.as_str()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let later = server.status().await;
    assert_eq!(row(&later, 11201)["head"], second.as_str());
    assert_eq!(row(&status, 11201)["pin"], row(&later, 11201)["pin"]);
}

#[tokio::test]
async fn forged_unsigned_and_truncated_deliveries_are_refused_and_change_nothing() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let before = server.status().await;
    let state_before = std::fs::read(&server.files.state_file).unwrap();
    let head = server.sim.head(&repo(), pr(11201)).unwrap();
    let moved = server.sim.push(&repo(), pr(11201), 3).unwrap();
    let payload = webhooks::pull_request_synchronize(&repo(), pr(11201), &head, &moved);
    let sender = sender(&server);
    for delivery in [
        sender.delivery("pull_request", &payload).forged(),
        sender.delivery("pull_request", &payload).unsigned(),
        sender.delivery("pull_request", &payload).sha1_only(),
        sender.delivery("pull_request", &payload).truncated(),
    ] {
        assert_eq!(sender.send_raw(&delivery).await.unwrap().status(), 401);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = server.status().await;
    assert_eq!(row(&after, 11201)["head"], row(&before, 11201)["head"]);
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), state_before);
}

#[tokio::test]
async fn a_maintainer_comment_adds_this_pr_and_the_bot_answers_once() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let mut events = SseReader::connect(&server.url("/api/events"), None).await;
    events.next_within(Duration::from_secs(2)).await.expect("initial snapshot");
    let id =
        server.sim.add_user_comment(&repo(), pr(11214), "demo-maintainer", "/testing add").unwrap();
    let payload = webhooks::issue_comment_created(
        &repo(),
        pr(11214),
        id,
        "demo-maintainer",
        "/testing add",
        false,
    );
    assert_eq!(send(&server, "issue_comment", &payload).await, 202);

    let mut seen = false;
    while let Some(event) = events.next_within(Duration::from_secs(3)).await {
        let snapshot = event.json();
        if snapshot["testing"]["prs"].as_array().unwrap().iter().any(|r| r["pr"] == 11214) {
            seen = true;
            break;
        }
    }
    assert!(seen, "the subscriber never saw #11214 added");
    let answers = wait_for_answers(&server, 11214, 1).await;
    assert!(answers[0].contains("#11214 added"), "{answers:?}");
    assert_eq!(server.sim.reactions(&repo(), id), ["eyes"]);
    let row = row(&server.status().await, 11214).clone();
    assert_eq!(row["added_by"], "demo-maintainer");
}

#[tokio::test]
async fn comments_that_must_not_run_do_nothing() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let state_before = std::fs::read(&server.files.state_file).unwrap();
    let sender = sender(&server);
    let body = "/testing add";
    let by_stranger =
        webhooks::issue_comment_created(&repo(), pr(11214), 1, "drive-by", body, false);
    let by_bot = webhooks::issue_comment_created(&repo(), pr(11214), 2, "testbed[bot]", body, true);
    let fenced = "Try this:\n```\n/testing add\n```\n> /testing add";
    let in_code =
        webhooks::issue_comment_created(&repo(), pr(11214), 3, "demo-maintainer", fenced, false);
    let mut edited =
        webhooks::issue_comment_created(&repo(), pr(11214), 4, "demo-maintainer", body, false);
    *edited.pointer_mut("/action").unwrap() = "edited".into();
    for payload in [&by_stranger, &by_bot, &in_code, &edited] {
        assert_eq!(sender.send("issue_comment", payload).await.unwrap().status(), 202);
    }
    let answers = wait_for_answers(&server, 11214, 1).await;
    assert!(answers[0].contains("only maintainers"), "{answers:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.sim.comments(&repo(), pr(11214)).len(), 1, "the bot answered more than once");
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), state_before);
}

/// The bot's comments on a PR, once there are at least `n`.
async fn wait_for_answers(server: &TestServer, n_pr: u64, n: usize) -> Vec<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let bodies: Vec<String> = server
            .sim
            .comments(&repo(), pr(n_pr))
            .into_iter()
            .filter(|c| c.author != "demo-maintainer")
            .map(|c| c.body)
            .collect();
        if bodies.len() >= n {
            return bodies;
        }
        assert!(std::time::Instant::now() < deadline, "no answer from the bot");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_flood_of_deliveries_with_forgeries_is_sorted_out_while_reads_keep_answering() {
    use futures::StreamExt;
    let server = TestServer::demo().await;
    server.reconciled().await;
    let head = server.sim.head(&repo(), pr(11201)).unwrap();
    let payload = webhooks::pull_request_synchronize(&repo(), pr(11201), &head, &head);
    let sender = sender(&server);
    let statuses: Vec<(bool, u16)> = futures::stream::iter(0..1_000)
        .map(|i| {
            let sender = &sender;
            let payload = &payload;
            let server = &server;
            async move {
                let forged = i % 10 == 0;
                let delivery = sender.delivery("pull_request", payload);
                let delivery = if forged { delivery.forged() } else { delivery };
                let status = sender.send_raw(&delivery).await.unwrap().status().as_u16();
                if i % 50 == 0 {
                    let read = server.http.get(server.url("/api/status")).send().await.unwrap();
                    assert_eq!(read.status(), 200, "reads stopped answering");
                }
                (forged, status)
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    assert!(statuses.iter().filter(|(forged, _)| *forged).all(|(_, status)| *status == 401));
    assert!(statuses.iter().filter(|(forged, _)| !forged).all(|(_, status)| *status == 202));
    let applied = server
        .status_when("900 deliveries applied", |s| s["system"]["webhooks_applied"] == 900)
        .await;
    assert_eq!(row(&applied, 11201)["head"], head.as_str());
}

#[tokio::test]
async fn reopen_unassign_push_ping_and_installation_deliveries_are_each_handled() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let sender = sender(&server);
    server.sim.reopen(&repo(), pr(11206)).unwrap();
    let reopened = webhooks::pull_request_reopened(&repo(), pr(11206));
    assert_eq!(sender.send("pull_request", &reopened).await.unwrap().status(), 202);
    let assigned = webhooks::pull_request_assigned(&repo(), pr(11205), "cdrini");
    assert_eq!(sender.send("pull_request", &assigned).await.unwrap().status(), 202);
    let unassigned = webhooks::pull_request_unassigned(&repo(), pr(11205), "cdrini");
    assert_eq!(sender.send("pull_request", &unassigned).await.unwrap().status(), 202);

    let head = server.sim.head(&repo(), pr(11201)).unwrap();
    let push = webhooks::push(&repo(), "refs/heads/master", &head, &head);
    assert!(sender.send("push", &push).await.unwrap().status().is_success());
    let ping = sender.send("ping", &webhooks::ping()).await.unwrap();
    assert_eq!(ping.status(), 200);
    let body: Value = ping.json().await.unwrap();
    assert_eq!(body["status"], "pong");
    let installation = webhooks::installation("created");
    assert!(sender.send("installation", &installation).await.unwrap().status().is_success());

    let status = server
        .status_when("the reopen and the unassignment", |s| {
            row(s, 11206)["github_state"] == "open" && row(s, 11205)["assignee"].is_null()
        })
        .await;
    assert!(status["problems"].as_array().unwrap().is_empty(), "{:#}", status["problems"]);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let file = server.state_file();
        let row = file["prs"].as_array().unwrap().iter().find(|p| p["pr"] == 11205).cloned();
        if row.is_some_and(|row| row["assignee"] == "") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "unassignment not written: {file:#}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
