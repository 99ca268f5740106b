//! `GET /metrics`: Prometheus text that moves with what the service does — deliveries, GitHub
//! requests, reconciles, event-stream clients, deploys and state writes — and is read by the
//! same people as the testing set.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::prometheus::Exposition;
use support::sse::SseReader;
use support::{Options, TestServer, WEBHOOK_SECRET};
use testbed::auth::AuthConfig;
use testbed::domain::PrNumber;
use testbed::sim::webhooks::{self, WebhookSender};

const TOKEN: &str = "prometheus-scraper-token-0123456789";

async fn scrape(server: &TestServer, token: Option<&str>) -> (u16, String, String) {
    let mut request = server.http.get(server.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("GET /metrics");
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    (status, content_type.unwrap_or_default(), response.text().await.expect("body"))
}

async fn metrics(server: &TestServer) -> Exposition {
    let (status, content_type, text) = scrape(server, None).await;
    assert_eq!(status, 200, "{text}");
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    Exposition::parse(&text)
}

/// Scrapes until `ready` holds, for counts moved by background work.
async fn metrics_when(
    server: &TestServer,
    what: &str,
    ready: impl Fn(&Exposition) -> bool,
) -> Exposition {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let exposition = metrics(server).await;
        if ready(&exposition) {
            return exposition;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}: {exposition:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_counters_move_with_deliveries_reconciles_streams_and_deploys() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let before = metrics(&server).await;
    assert_eq!(before.types["testbed_reconcile_duration_seconds"], "histogram");
    assert_eq!(before.types["testbed_sse_clients"], "gauge");
    assert!(before.value("testbed_github_requests_total", &[("outcome", "ok")]) >= 1.0);
    assert!(before.has("testbed_github_rate_limit_remaining"), "{before:#?}");

    // One signed delivery and one forgery.
    let repo = testbed::demo::demo_repo();
    let pr = PrNumber::new(11201).unwrap();
    let head = server.sim.head(&repo, pr).unwrap();
    let after = server.sim.push(&repo, pr, 1).unwrap();
    let payload = webhooks::pull_request_synchronize(&repo, pr, &head, &after);
    let sender = WebhookSender::new(server.url("/webhook"), WEBHOOK_SECRET.into()).unwrap();
    assert_eq!(sender.send("pull_request", &payload).await.unwrap().status(), 202);
    let forged = sender.delivery("pull_request", &payload).forged();
    assert_eq!(sender.send_raw(&forged).await.unwrap().status(), 401);
    let queued = [("event", "pull_request"), ("outcome", "queued")];
    let unauthorized = [("event", "unverified"), ("outcome", "unauthorized")];
    let applied = [("event", "pull_request")];
    let delivered = metrics_when(&server, "the delivery to be applied", |m| {
        m.value("testbed_webhooks_applied_total", &applied) == 1.0
    })
    .await;
    assert_eq!(delivered.value("testbed_webhook_deliveries_total", &queued), 1.0);
    assert_eq!(delivered.value("testbed_webhook_deliveries_total", &unauthorized), 1.0);

    // A reconcile asked for by hand.
    let reconciles = |m: &Exposition| m.value("testbed_reconcile_duration_seconds_count", &[]);
    let (status, _) = server.post("/api/refresh", json!({})).await;
    assert_eq!(status, 200);
    let reconciled =
        metrics_when(&server, "the reconcile", |m| reconciles(m) > reconciles(&before)).await;
    assert_eq!(reconciles(&reconciled), reconciles(&before) + 1.0);
    let bucket = [("le", "+Inf")];
    assert_eq!(
        reconciled.value("testbed_reconcile_duration_seconds_bucket", &bucket),
        reconciles(&reconciled)
    );
    let requests = |m: &Exposition| m.value("testbed_github_requests_total", &[]);
    assert!(requests(&reconciled) > requests(&before));

    // An event-stream client, counted while connected.
    let mut stream = SseReader::connect(&server.url("/api/events"), None).await;
    stream.next_within(Duration::from_secs(2)).await.expect("first snapshot");
    let connected = metrics(&server).await;
    assert_eq!(connected.value("testbed_sse_clients", &[]), 1.0);
    drop(stream);
    metrics_when(&server, "the client to be counted out", |m| {
        m.value("testbed_sse_clients", &[]) == 0.0
    })
    .await;

    // A deploy, its state write and its build.
    let writes = |m: &Exposition| m.value("testbed_state_writes_total", &[("outcome", "written")]);
    let writes_before = writes(&metrics(&server).await);
    let (status, answer) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 200, "{answer:#}");
    let built = metrics_when(&server, "the build's end", |m| {
        m.value("testbed_builds_total", &[("result", "success")]) == 1.0
    })
    .await;
    assert_eq!(built.value("testbed_deploys_total", &[("result", "triggered")]), 1.0);
    assert!(writes(&built) > writes_before, "the deploy's write was not counted");
    assert_eq!(built.value("testbed_state_writes_total", &[("outcome", "failed")]), 0.0);

    // A second deploy while one runs is counted as refused, by its own label.
    let (status, _) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 200);
    let (status, _) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 409);
    let refused = metrics(&server).await;
    assert_eq!(refused.value("testbed_deploys_total", &[("result", "in_progress")]), 1.0);
}

#[tokio::test]
async fn metrics_are_for_the_readers_of_the_testing_set_and_scrapers_with_a_token() {
    let auth = AuthConfig {
        maintainers: vec!["mekarpeles".to_owned()],
        tokens: vec![("prometheus".to_owned(), TOKEN.into())],
        ..AuthConfig::default()
    };
    let server = TestServer::start(Options { auth, ..Options::default() }, |_| {}).await;
    let (status, _, _) = scrape(&server, None).await;
    assert_eq!(status, 401);
    let (status, _, _) = scrape(&server, Some("not-the-token")).await;
    assert_eq!(status, 401);
    let (status, _, text) = scrape(&server, Some(TOKEN)).await;
    assert_eq!(status, 200);
    let exposition = Exposition::parse(&text);
    assert_eq!(exposition.types["testbed_github_requests_total"], "counter", "{text}");
    assert_eq!(exposition.types["testbed_sse_clients"], "gauge", "{text}");
    assert!(!text.contains(TOKEN) && !text.contains(WEBHOOK_SECRET));

    let public = AuthConfig { public_read: true, ..AuthConfig::default() };
    let server = TestServer::start(Options { auth: public, ..Options::default() }, |_| {}).await;
    assert_eq!(scrape(&server, None).await.0, 200);
}

#[tokio::test]
async fn the_openapi_document_describes_metrics() {
    let server = TestServer::demo().await;
    let doc: serde_json::Value =
        server.http.get(server.url("/openapi.json")).send().await.unwrap().json().await.unwrap();
    let get = &doc["paths"]["/metrics"]["get"];
    assert!(get["responses"]["200"]["content"]["text/plain; version=0.0.4"].is_object(), "{get}");
}
