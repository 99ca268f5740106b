//! The receiver over real HTTP on loopback: what it queues, what it answers, what it refuses.

#[path = "webhook_support.rs"]
mod support;

use serde_json::json;
use support::{answer, config, pr, repo, sha, start};
use testbed::sim::webhooks::{self, FIXTURE_REPO, RawDelivery};
use testbed::webhook::{
    CommentAction, EventKind, InstallationAction, PullRequestAction, WebhookConfig, WebhookIntake,
    WebhookSecrets,
};

#[tokio::test]
async fn signed_deliveries_of_every_event_are_queued_with_their_fields() {
    let mut receiver = start(config()).await;
    let (repo, n) = (repo(), pr(11202));
    let cases = [
        ("pull_request", webhooks::pull_request_opened(&repo, n)),
        ("pull_request", webhooks::pull_request_synchronize(&repo, n, &sha(1), &sha(2))),
        ("pull_request", webhooks::pull_request_closed(&repo, n, true)),
        ("pull_request", webhooks::pull_request_closed(&repo, n, false)),
        ("pull_request", webhooks::pull_request_reopened(&repo, n)),
        ("pull_request", webhooks::pull_request_edited(&repo, n, "New title", "Old title")),
        ("pull_request", webhooks::pull_request_assigned(&repo, n, "cdrini")),
        ("pull_request", webhooks::pull_request_unassigned(&repo, n, "cdrini")),
        (
            "issue_comment",
            webhooks::issue_comment_created(&repo, n, 9, "cdrini", "/testing add", false),
        ),
        ("issue_comment", webhooks::issue_comment_created(&repo, n, 10, "x[bot]", "done", true)),
        ("push", webhooks::push(&repo, "refs/heads/master", &sha(3), &sha(4))),
        ("installation", webhooks::installation("created")),
        ("installation", webhooks::installation("deleted")),
    ];
    for (event, payload) in &cases {
        let raw = receiver.sender.delivery(event, payload);
        let (status, body) = answer(receiver.sender.send_raw(&raw).await.unwrap()).await;
        assert_eq!((status, body), (202, json!({"status": "queued"})), "{event}");
        let queued = receiver.queued().expect("queued before the answer");
        assert_eq!(queued.id, raw.id);
        assert_eq!(queued.event.action.as_deref(), payload["action"].as_str());
        let age = chrono::Utc::now() - queued.received_at;
        assert!(age < chrono::Duration::seconds(5), "received {age} ago");
        if *event != "installation" {
            assert_eq!(queued.event.repository, Some(repo.clone()));
        }
        assert_eq!(queued.event.installation_id, Some(61234567));
    }

    // Spot checks of the typed fields that arrived, in the order they were sent.
    let synchronize = webhooks::pull_request_synchronize(&repo, n, &sha(5), &sha(6));
    receiver.sender.send("pull_request", &synchronize).await.unwrap();
    let EventKind::PullRequest(e) = receiver.queued().unwrap().event.kind else { panic!() };
    assert_eq!(
        (e.action, e.before, e.after),
        (PullRequestAction::Synchronize, Some(sha(5)), Some(sha(6)))
    );
    assert_eq!(e.pull_request.head.sha, sha(6));

    let comment =
        webhooks::issue_comment_created(&repo, pr(7), 11, "RayBB", "/testing status", false);
    receiver.sender.send("issue_comment", &comment).await.unwrap();
    let delivery = receiver.queued().unwrap();
    assert_eq!(delivery.event.pr(), Some(pr(7)));
    let EventKind::IssueComment(e) = delivery.event.kind else { panic!() };
    assert_eq!((e.action, e.comment.body.as_str()), (CommentAction::Created, "/testing status"));

    receiver.sender.send("installation", &webhooks::installation("suspend")).await.unwrap();
    let EventKind::Installation(e) = receiver.queued().unwrap().event.kind else { panic!() };
    assert_eq!(e.action, InstallationAction::Suspend);

    assert!(receiver.queued().is_none());
    let stats = receiver.intake.stats();
    assert_eq!((stats.received, stats.queued), (16, 16));
    assert!(stats.last_received_at.is_some());
}

#[tokio::test]
async fn a_ping_answers_pong_and_queues_nothing() {
    let mut receiver = start(config()).await;
    let response = receiver.sender.send("ping", &webhooks::ping()).await.unwrap();
    assert_eq!(answer(response).await, (200, json!({"status": "pong"})));
    assert!(receiver.queued().is_none());
    assert_eq!(receiver.intake.stats().pongs, 1);
}

#[tokio::test]
async fn a_redelivery_is_answered_duplicate_and_not_queued_again() {
    let mut receiver = start(config()).await;
    let payload = webhooks::pull_request_reopened(&repo(), pr(11202));
    let id = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    for expected in [(202, "queued"), (200, "duplicate"), (200, "duplicate")] {
        let response = receiver.sender.send_with_id("pull_request", id, &payload).await.unwrap();
        let (status, body) = answer(response).await;
        assert_eq!((status, body["status"].as_str()), (expected.0, Some(expected.1)));
    }
    assert_eq!(receiver.queued().map(|d| d.id), Some(id.to_owned()));
    assert!(receiver.queued().is_none());
    assert_eq!(receiver.intake.stats().duplicates, 2);
}

#[tokio::test]
async fn spoiled_signatures_are_refused_and_nothing_is_queued() {
    let mut receiver = start(config()).await;
    let payload = webhooks::pull_request_closed(&repo(), pr(11202), true);
    let genuine = receiver.sender.delivery("pull_request", &payload);
    let tampered =
        genuine.body.iter().map(|b| if *b == b'3' { b'4' } else { *b }).collect::<Vec<_>>();
    let cases: [(&str, RawDelivery, &str); 6] = [
        ("forged", genuine.clone().forged(), "signature_mismatch"),
        ("unsigned", genuine.clone().unsigned(), "signature_missing"),
        ("SHA-1 only", genuine.clone().sha1_only(), "signature_sha1_only"),
        ("truncated", genuine.clone().truncated(), "signature_malformed"),
        ("tampered body", genuine.clone().with_body(tampered), "signature_mismatch"),
        (
            "not sha256",
            genuine.clone().with_header("X-Hub-Signature-256", "md5=00"),
            "signature_not_sha256",
        ),
    ];
    for (what, raw, code) in cases {
        let (status, body) = answer(receiver.sender.send_raw(&raw).await.unwrap()).await;
        assert_eq!(status, 401, "{what}");
        assert_eq!(body["error"]["code"], code, "{what}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(receiver.queued().is_none(), "{what} was queued");
    }
    let stats = receiver.intake.stats();
    assert_eq!((stats.unauthorized, stats.queued, stats.last_received_at), (6, 0, None));
    // A refusal remembers nothing: the genuine delivery with the same id is still taken.
    let (status, _) = answer(receiver.sender.send_raw(&genuine).await.unwrap()).await;
    assert_eq!(status, 202);
    assert_eq!(receiver.queued().map(|d| d.id), Some(genuine.id));
}

#[tokio::test]
async fn the_previous_secret_still_works_during_a_rotation() {
    let secrets = WebhookSecrets::new(support::secret("the new secret"))
        .and_then(|s| s.with_previous(support::secret(support::SECRET)))
        .unwrap();
    let mut receiver = start(WebhookConfig::new(secrets, repo())).await;
    let payload = webhooks::pull_request_reopened(&repo(), pr(11202));
    for secret in [support::SECRET, "the new secret"] {
        let sender = receiver.sender_with(secret);
        let (status, _) = answer(sender.send("pull_request", &payload).await.unwrap()).await;
        assert_eq!(status, 202, "signed with {secret:?}");
        assert!(receiver.queued().is_some());
    }
    let stranger = receiver.sender_with("neither");
    let (status, _) = answer(stranger.send("pull_request", &payload).await.unwrap()).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_before_anything_else() {
    let mut receiver = start(WebhookConfig { max_body_bytes: 64 * 1024, ..config() }).await;
    let mut payload = webhooks::pull_request_opened(&repo(), pr(11202));
    payload["pull_request"]["body"] = json!("x".repeat(100 * 1024));
    let raw = receiver.sender.delivery("pull_request", &payload);
    let (status, body) = answer(receiver.sender.send_raw(&raw).await.unwrap()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (413, Some("payload_too_large")));

    // Without a Content-Length, the body is cut off while it streams in.
    let chunks = raw.body.chunks(8 * 1024).map(|c| Ok::<_, std::io::Error>(c.to_vec()));
    let mut request = reqwest::Client::new()
        .post(&receiver.url)
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks.collect::<Vec<_>>())));
    for (name, value) in &raw.headers {
        request = request.header(name, value);
    }
    let (status, _) = answer(request.send().await.unwrap()).await;
    assert_eq!(status, 413);
    assert!(receiver.queued().is_none());
    assert_eq!(receiver.intake.stats().too_large, 2);

    // Just under the limit is fine.
    payload["pull_request"]["body"] = json!("x".repeat(16 * 1024));
    let (status, _) = answer(receiver.sender.send("pull_request", &payload).await.unwrap()).await;
    assert_eq!(status, 202);
}

#[tokio::test]
async fn deliveries_about_other_repositories_or_events_are_ignored() {
    let mut receiver = start(config()).await;
    let elsewhere = "someone/elsewhere".parse().unwrap();
    let sender = &receiver.sender;
    let cases = [
        ("pull_request", webhooks::pull_request_reopened(&elsewhere, pr(1))),
        ("push", webhooks::push(&elsewhere, "refs/heads/main", &sha(1), &sha(2))),
        ("star", json!({"action": "created", "repository": {"full_name": FIXTURE_REPO}})),
        ("workflow_run", json!({"action": "completed"})),
        ("pull_request", {
            let mut labeled = webhooks::pull_request_reopened(&repo(), pr(11202));
            labeled["action"] = json!("labeled");
            labeled
        }),
    ];
    for (event, payload) in &cases {
        let (status, body) = answer(sender.send(event, payload).await.unwrap()).await;
        assert_eq!((status, body["status"].as_str()), (202, Some("ignored")), "{event}: {body}");
        assert!(body["reason"].as_str().is_some(), "{event}: says why");
    }
    assert!(receiver.queued().is_none());
    assert_eq!(receiver.intake.stats().ignored, 5);
}

#[tokio::test]
async fn signed_but_unreadable_deliveries_are_bad_requests() {
    let mut receiver = start(config()).await;
    let sender = &receiver.sender;
    let reopened = webhooks::pull_request_reopened(&repo(), pr(11202));
    let mut no_head = reopened.clone();
    no_head["pull_request"]["head"].as_object_mut().unwrap().remove("sha");
    let signed = |body: &[u8]| {
        let raw = sender.delivery("pull_request", &json!(null)).with_body(body.to_vec());
        let signature = testbed::webhook::sign(support::SECRET.as_bytes(), body);
        raw.with_header("X-Hub-Signature-256", &signature)
    };
    let cases = [
        ("truncated JSON", signed(br#"{"action": "opened", "#), "malformed_payload"),
        ("not JSON", signed(b"<html>"), "malformed_payload"),
        ("no head sha", sender.delivery("pull_request", &no_head), "malformed_payload"),
        ("form-encoded", signed(b"payload=%7B%7D"), "form_encoded_payload"),
        (
            "no event",
            sender.delivery("pull_request", &reopened).without_header("X-GitHub-Event"),
            "missing_header",
        ),
        (
            "no id",
            sender.delivery("pull_request", &reopened).without_header("X-GitHub-Delivery"),
            "missing_header",
        ),
    ];
    for (what, raw, code) in cases {
        let (status, body) = answer(sender.send_raw(&raw).await.unwrap()).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some(code)), "{what}: {body}");
    }
    assert!(receiver.queued().is_none());
    assert_eq!(receiver.intake.stats().malformed, 6);
}

#[tokio::test]
async fn a_full_queue_answers_503_and_a_redelivery_is_taken_later() {
    let (intake, deliveries) = WebhookIntake::with_queue_capacity(config(), 1);
    let mut receiver = support::serve(intake, deliveries).await;
    let payload = webhooks::pull_request_reopened(&repo(), pr(11202));
    let first = receiver.sender.delivery("pull_request", &payload);
    let second = receiver.sender.delivery("pull_request", &payload);
    assert_eq!(answer(receiver.sender.send_raw(&first).await.unwrap()).await.0, 202);
    let (status, body) = answer(receiver.sender.send_raw(&second).await.unwrap()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (503, Some("overloaded")));
    assert_eq!(receiver.queued().map(|d| d.id), Some(first.id));
    // GitHub redelivers with the same id; it must not be taken for a duplicate.
    assert_eq!(answer(receiver.sender.send_raw(&second).await.unwrap()).await.0, 202);
    assert_eq!(receiver.queued().map(|d| d.id), Some(second.id));
    assert_eq!(receiver.intake.stats().overloaded, 1);
}

#[tokio::test]
async fn only_post_is_answered() {
    let receiver = start(config()).await;
    let response = reqwest::Client::new().get(&receiver.url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
}
