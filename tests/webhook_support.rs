//! Shared set-up for the webhook tests: the receiver served on loopback, a sender aimed at it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use secrecy::SecretString;
use testbed::domain::{CommitSha, PrNumber, RepoName};
use testbed::sim::webhooks::WebhookSender;
use testbed::webhook::{self, Delivery, WebhookConfig, WebhookIntake, WebhookSecrets};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The secret of GitHub's own signing example.
pub const SECRET: &str = "It's a Secret to Everybody";

pub struct Receiver {
    pub url: String,
    pub intake: WebhookIntake,
    pub deliveries: mpsc::Receiver<Delivery>,
    pub sender: WebhookSender,
    server: JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Receiver {
    /// A delivery queued by now, if any: the intake queues before it answers.
    pub fn queued(&mut self) -> Option<Delivery> {
        self.deliveries.try_recv().ok()
    }

    pub fn sender_with(&self, key: &str) -> WebhookSender {
        WebhookSender::new(self.url.clone(), secret(key)).expect("sender builds")
    }
}

pub fn repo() -> RepoName {
    "internetarchive/openlibrary".parse().expect("valid repository name")
}

pub fn pr(n: u64) -> PrNumber {
    PrNumber::new(n).expect("positive PR number")
}

/// A SHA made of one repeated hexadecimal digit pattern, easy to tell apart in failures.
pub fn sha(seed: u64) -> CommitSha {
    format!("{seed:040x}").parse().expect("40 hexadecimal digits")
}

pub fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

pub fn config() -> WebhookConfig {
    let secrets = WebhookSecrets::new(secret(SECRET)).expect("non-empty secret");
    WebhookConfig::new(secrets, repo())
}

pub async fn start(config: WebhookConfig) -> Receiver {
    let (intake, deliveries) = WebhookIntake::new(config);
    serve(intake, deliveries).await
}

pub async fn serve(intake: WebhookIntake, deliveries: mpsc::Receiver<Delivery>) -> Receiver {
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    let listener = tokio::net::TcpListener::bind(loopback).await.expect("loopback port");
    let addr = listener.local_addr().expect("bound address");
    let app = webhook::routes(intake.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let url = format!("http://{addr}/webhook");
    let sender = WebhookSender::new(url.clone(), secret(SECRET)).expect("sender builds");
    Receiver { url, intake, deliveries, sender, server }
}

/// The status and JSON body of an answer.
pub async fn answer(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let body = tokio::time::timeout(Duration::from_secs(5), response.json())
        .await
        .expect("answer in time")
        .expect("JSON answer");
    (status, body)
}
