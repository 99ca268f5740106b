//! The read API as a client uses it: one request for everything, revalidation, the event
//! stream, the API documents, and bad files beside the service.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::sse::SseReader;
use support::{TestServer, row};

/// Replaces the state file the way Open Library's legacy page does: read, change, write a
/// temporary file, rename over; no lock.
fn legacy_write(path: &std::path::Path, change: impl FnOnce(&mut Value)) {
    let mut state: Value =
        serde_json::from_slice(&std::fs::read(path).expect("read")).expect("state JSON");
    change(&mut state);
    let temp = path.with_extension("tmp");
    std::fs::write(&temp, serde_json::to_vec_pretty(&state).expect("JSON")).expect("write");
    std::fs::rename(&temp, path).expect("rename");
}

#[tokio::test]
async fn one_request_returns_every_pr_of_the_testing_set() {
    let server = TestServer::demo().await;
    let file: Value =
        serde_json::from_slice(&std::fs::read(&server.files.state_file).unwrap()).unwrap();
    let status = server.status().await;
    let expected: Vec<&Value> =
        file["prs"].as_array().unwrap().iter().map(|pr| &pr["pr"]).collect();
    let shown: Vec<&Value> =
        status["testing"]["prs"].as_array().unwrap().iter().map(|row| &row["pr"]).collect();
    assert_eq!(shown, expected);
    assert_eq!(status["repo"], "internetarchive/openlibrary");
    assert!(status["testing"]["readable"].as_bool().unwrap());
    assert!(status["build"]["result"]["prs"].as_array().is_some_and(|prs| !prs.is_empty()));
    assert!(status["flags"]["flags"]["features"].as_object().is_some_and(|f| !f.is_empty()));
    assert!(status["problems"].as_array().unwrap().is_empty(), "{:#}", status["problems"]);
}

#[tokio::test]
async fn an_unchanged_snapshot_revalidates_with_its_etag() {
    let server = TestServer::demo().await;
    let first = server.http.get(server.url("/api/status")).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let again = server
        .http
        .get(server.url("/api/status"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    // The first reconcile may publish between the two requests; then a new ETag is right.
    if again.status() == 304 {
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert!(again.bytes().await.unwrap().is_empty());
    } else {
        assert_eq!(again.status(), 200);
        assert_ne!(again.headers()["etag"].to_str().unwrap(), etag);
    }
}

#[tokio::test]
async fn the_event_stream_sends_the_snapshot_then_every_change_made_by_another_process() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let mut events = SseReader::connect(&server.url("/api/events"), None).await;
    let first = events.next_within(Duration::from_secs(5)).await.expect("initial snapshot");
    assert_eq!(first.event, "snapshot");
    let version = first.json()["version"].as_u64().unwrap();
    assert_eq!(first.id.as_deref(), Some(version.to_string().as_str()));

    legacy_write(&server.files.state_file, |state| {
        state["prs"][0]["added_by"] = Value::from("legacy-page-user");
    });
    // Published within two seconds of the write (the poll runs every half second).
    let mut seen = false;
    while let Some(event) = events.next_within(Duration::from_secs(2)).await {
        let snapshot = event.json();
        assert!(snapshot["version"].as_u64().unwrap() > version);
        if snapshot["testing"]["prs"][0]["added_by"] == "legacy-page-user" {
            seen = true;
            break;
        }
    }
    assert!(seen, "the legacy page's change never reached the event stream");
}

#[tokio::test]
async fn resuming_the_stream_with_the_last_event_id_does_not_repeat_the_snapshot() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let current = server.status().await["version"].as_u64().unwrap().to_string();
    let mut resumed = SseReader::connect(&server.url("/api/events"), Some(&current)).await;
    assert!(resumed.next_within(Duration::from_millis(700)).await.is_none());

    legacy_write(&server.files.state_file, |state| {
        state["prs"][1]["added_by"] = Value::from("someone-else");
    });
    let next = resumed.next_within(Duration::from_secs(3)).await.expect("the change");
    assert!(next.json()["version"].as_u64().unwrap() > current.parse().unwrap());

    let mut stale = SseReader::connect(&server.url("/api/events"), Some("1")).await;
    let caught_up = stale.next_within(Duration::from_secs(2)).await.expect("current snapshot");
    assert_eq!(caught_up.json()["testing"]["prs"][1]["added_by"], "someone-else");
}

#[tokio::test]
async fn a_malformed_state_file_is_reported_never_overwritten_and_recovers_when_fixed() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let good = std::fs::read(&server.files.state_file).unwrap();
    let garbage = b"{\"last_deploy_at\": \"\", \"prs\": [{\"pr\": 11201, ".to_vec();
    std::fs::write(&server.files.state_file, &garbage).unwrap();

    let broken =
        server.status_when("the problem", |s| !s["testing"]["readable"].as_bool().unwrap()).await;
    let problem = &broken["problems"][0];
    assert_eq!(problem["source"], "state_file");
    assert!(problem["message"].as_str().unwrap().contains("_testing-prs.json"), "{problem}");
    let health: Value =
        server.http.get(server.url("/healthz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "degraded");

    // A reconcile and its write-back must not touch the broken file either.
    server.service.reconcile_once().await;
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), garbage);

    std::fs::write(&server.files.state_file, &good).unwrap();
    let fixed = server.status_when("recovery", |s| s["testing"]["readable"] == true).await;
    assert!(fixed["problems"].as_array().unwrap().is_empty(), "{:#}", fixed["problems"]);
    assert!(!fixed["testing"]["prs"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_state_file_of_the_wrong_shape_is_a_problem_too() {
    let server = TestServer::demo().await;
    std::fs::write(&server.files.state_file, br#"{"prs": "not a list"}"#).unwrap();
    let status = server.status_when("the problem", |s| s["testing"]["readable"] == false).await;
    assert_eq!(status["problems"][0]["source"], "state_file");
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), br#"{"prs": "not a list"}"#);
}

#[tokio::test]
async fn new_build_results_and_flags_are_published_and_bad_flags_are_reported() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    std::fs::write(
        &server.files.status_file,
        "On branch testing\n---\norigin pull/11301/head  # Fix search facets\n\
         Auto-merging openlibrary/plugins/worksearch/code.py\n\
         CONFLICT (content): Merge conflict in openlibrary/plugins/worksearch/code.py\n\
         Automatic merge failed; fix conflicts and then commit the result.\n",
    )
    .unwrap();
    let status = server
        .status_when("the new build", |s| s["build"]["not_deployed"] == serde_json::json!([11301]))
        .await;
    assert_eq!(status["build"]["result"]["prs"][0]["merge"], "conflict");

    std::fs::write(&server.files.flags_file, "features:\n  lists: [enabled\n").unwrap();
    let status = server.status_when("the flags problem", |s| !s["flags"]["error"].is_null()).await;
    assert!(status["problems"].as_array().unwrap().iter().any(|p| p["source"] == "flags_file"));

    std::fs::write(&server.files.flags_file, "features:\n  merge_authors: enabled\n").unwrap();
    let status = server.status_when("the fixed flags", |s| s["flags"]["error"].is_null()).await;
    assert_eq!(status["flags"]["flags"]["features"]["merge_authors"], "enabled");
}

#[tokio::test]
async fn the_api_describes_itself() {
    let server = TestServer::demo().await;
    let doc: Value =
        server.http.get(server.url("/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/status", "/api/events", "/healthz"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["Snapshot"].is_object());

    let page = server.http.get(server.url("/api/docs")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(html.contains("/api/docs.js"));
    let js = server.http.get(server.url("/api/docs.js")).send().await.unwrap();
    assert!(js.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
}

#[tokio::test]
async fn an_unknown_path_is_a_json_error() {
    let server = TestServer::demo().await;
    let response = server.http.get(server.url("/api/nope")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn rows_keep_their_file_data_and_say_they_are_stale_while_github_fails() {
    let server = TestServer::demo_with(|sim| sim.fail_next(10_000, 502)).await;
    let status = server.reconciled().await;
    let file: Value =
        serde_json::from_slice(&std::fs::read(&server.files.state_file).unwrap()).unwrap();
    for (row, pr) in
        status["testing"]["prs"].as_array().unwrap().iter().zip(file["prs"].as_array().unwrap())
    {
        assert_eq!(row["title"], pr["title"]);
        assert_eq!(row["pin"], pr["commit"]);
        assert_eq!(row["drift"]["kind"], "unknown", "{row:#}");
        assert!(row["stale"].as_str().is_some_and(|why| !why.is_empty()), "{row:#}");
    }
    assert!(status["problems"].as_array().unwrap().iter().any(|p| p["source"] == "github"));
    // The state file keeps what it had: nothing GitHub did not say is written back.
    let after: Value =
        serde_json::from_slice(&std::fs::read(&server.files.state_file).unwrap()).unwrap();
    assert_eq!(after, file);
}

#[tokio::test]
async fn the_demo_shows_every_state_a_row_can_be_in() {
    let server = TestServer::demo().await;
    let status = server.reconciled().await;
    let drift = |pr: u64| row(&status, pr)["drift"].clone();
    assert_eq!(drift(11201)["kind"], "up_to_date");
    assert_eq!(drift(11202), serde_json::json!({"kind": "behind", "commits": 1}));
    assert_eq!(drift(11203), serde_json::json!({"kind": "behind", "commits": 9}));
    assert_eq!(drift(11204)["kind"], "diverged");
    assert_eq!(row(&status, 11205)["github_state"], "merged");
    assert_eq!(row(&status, 11206)["github_state"], "closed");
    assert_eq!(row(&status, 11207)["active"], false);
    assert_eq!(row(&status, 11208)["staged_pin"], row(&status, 11208)["head"]);
    assert_eq!(row(&status, 11209)["staged_active"], true);
    assert_eq!(row(&status, 11210)["staged_active"], false);
    assert_eq!(row(&status, 11211)["deployed"], false);
    assert_eq!(row(&status, 11212)["last_build"], "conflict");
    for pr in [11201, 11202, 11203, 11204] {
        assert!(row(&status, pr)["stale"].is_null(), "{:#}", row(&status, pr));
        assert!(row(&status, pr)["head"].as_str().is_some_and(|sha| sha.len() == 40));
    }

    let plan: Vec<(String, u64)> = status["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| (step["action"].as_str().unwrap().to_owned(), step["pr"].as_u64().unwrap()))
        .collect();
    let expected = [
        ("add", 11211),
        ("pin", 11208),
        ("enable", 11209),
        ("disable", 11210),
        ("remove", 11205),
        ("remove", 11213),
    ];
    let expected: Vec<(String, u64)> =
        expected.iter().map(|(action, pr)| (action.to_string(), *pr)).collect();
    assert_eq!(plan, expected);
    let reasons: Vec<&Value> =
        status["plan"].as_array().unwrap().iter().map(|step| &step["reason"]).collect();
    assert_eq!(reasons[4], "merged");
    assert_eq!(reasons[5], "dropped");
}
