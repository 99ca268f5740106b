//! One log line per delivery, with the fields an operator searches by, and never the payload,
//! the signature or the secret.

#[path = "webhook_support.rs"]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use support::{config, pr, repo, start};
use testbed::sim::webhooks;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_delivery_is_logged_once_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .json()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::INFO)
        .init();

    let receiver = start(config()).await;
    let payload =
        webhooks::issue_comment_created(&repo(), pr(11202), 5, "cdrini", "sekrit-body", false);
    let genuine = receiver.sender.delivery("issue_comment", &payload);
    let forged = receiver.sender.delivery("issue_comment", &payload).forged();
    for raw in [&genuine, &forged, &genuine] {
        receiver.sender.send_raw(raw).await.unwrap();
    }

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .filter(|line: &serde_json::Value| line["fields"]["message"] == "webhook delivery")
        .collect();
    let outcomes: Vec<_> = lines.iter().map(|l| l["fields"]["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["queued", "unauthorized", "duplicate"]);
    let queued = &lines[0]["fields"];
    assert_eq!(queued["delivery"], genuine.id.as_str());
    assert_eq!(queued["event"], "issue_comment");
    assert_eq!(queued["action"], "created");
    assert_eq!(queued["repo"], "internetarchive/openlibrary");
    assert_eq!(queued["pr"], 11202);
    assert_eq!(lines[1]["fields"]["code"], "signature_mismatch");

    let signature = genuine.header("X-Hub-Signature-256").unwrap();
    for secret_or_payload in ["sekrit-body", support::SECRET, &signature[7..], "avatars"] {
        assert!(!text.contains(secret_or_payload), "the log shows {secret_or_payload:?}");
    }
}
