//! GitHub's side of a webhook: deliveries signed and sent with the headers GitHub sends, and
//! payloads built from `fixtures/webhooks/`, for tests, benchmarks and trying out a receiver.
//!
//! GitHub also sends the legacy SHA-1 `X-Hub-Signature`; this sender leaves it out because
//! SHA-1 is not among the crate's dependencies, and receivers must not rely on it anyway.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::domain::{CommitSha, PrNumber, RepoName};
use crate::webhook::sign;

mod payloads;

pub use payloads::*;

/// The repository and PR every fixture is about; builders swap them for the ones asked for.
pub const FIXTURE_REPO: &str = "internetarchive/openlibrary";
pub const FIXTURE_PR: u64 = 11202;
/// The hook id of `fixtures/webhooks/ping.json`, sent as `X-GitHub-Hook-ID`.
pub const FIXTURE_HOOK_ID: u64 = 512345678;
/// For an App's webhook GitHub names the App as the hook's target.
const FIXTURE_APP_ID: u64 = 4242;
const USER_AGENT: &str = "GitHub-Hookshot/8e03811";

/// Why a delivery could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("sending the webhook delivery: {0}")]
    Http(#[from] reqwest::Error),
}

/// Sends deliveries to one receiver, signed with one secret.
pub struct WebhookSender {
    target_url: String,
    secret: SecretString,
    hook_id: u64,
    http: reqwest::Client,
}

impl std::fmt::Debug for WebhookSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSender").field("target_url", &self.target_url).finish()
    }
}

/// A delivery as it goes on the wire, to send as is or to spoil first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDelivery {
    pub id: String,
    /// Names lowercase, in the order they are sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawDelivery {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, value)| value.as_str())
    }

    /// Sets `name` to `value`, replacing any value it had.
    pub fn with_header(self, name: &str, value: &str) -> Self {
        let mut spoiled = self.without_header(name);
        spoiled.headers.push((name.to_ascii_lowercase(), value.to_owned()));
        spoiled
    }

    pub fn without_header(mut self, name: &str) -> Self {
        let name = name.to_ascii_lowercase();
        self.headers.retain(|(n, _)| *n != name);
        self
    }

    /// The same delivery under another id, as a different delivery of an identical payload.
    pub fn with_id(self, id: &str) -> Self {
        let mut renamed = self.with_header("X-GitHub-Delivery", id);
        id.clone_into(&mut renamed.id);
        renamed
    }

    /// Another body under the same signature, as an attacker replaying a signature would.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Signed with a secret the receiver does not know.
    pub fn forged(self) -> Self {
        let signature = sign(b"not the webhook secret", &self.body);
        self.with_header("X-Hub-Signature-256", &signature)
    }

    /// No signature at all, as from a webhook configured without a secret.
    pub fn unsigned(self) -> Self {
        self.without_header("X-Hub-Signature-256").without_header("X-Hub-Signature")
    }

    /// Only a SHA-1 `X-Hub-Signature` (its value is not checked by anyone).
    pub fn sha1_only(self) -> Self {
        let sha1 = format!("sha1={}", "5d61605c3feea9799210ddcb71307d4ba264225f");
        self.without_header("X-Hub-Signature-256").with_header("X-Hub-Signature", &sha1)
    }

    /// The signature cut short, as a proxy limiting header lengths might leave it.
    pub fn truncated(self) -> Self {
        let Some(full) = self.header("X-Hub-Signature-256").map(str::to_owned) else {
            return self;
        };
        let cut = &full[..full.len().min(40)];
        self.with_header("X-Hub-Signature-256", cut)
    }
}

impl WebhookSender {
    /// A sender to `target_url` (the receiver's `…/webhook`), signing with `secret`.
    pub fn new(target_url: impl Into<String>, secret: SecretString) -> Result<Self, SendError> {
        crate::jenkins::install_tls_provider();
        let http = reqwest::Client::builder().user_agent(USER_AGENT).build()?;
        Ok(Self { target_url: target_url.into(), secret, hook_id: FIXTURE_HOOK_ID, http })
    }

    pub fn target_url(&self) -> &str {
        &self.target_url
    }

    /// A signed delivery of `payload` as `event`, with a fresh delivery id.
    pub fn delivery(&self, event: &str, payload: &Value) -> RawDelivery {
        self.delivery_with_id(event, &new_delivery_id(), payload)
    }

    /// A signed delivery with the given id: a redelivery reuses the id of the first.
    pub fn delivery_with_id(&self, event: &str, id: &str, payload: &Value) -> RawDelivery {
        let body = payload.to_string().into_bytes();
        let signature = sign(self.secret.expose_secret().as_bytes(), &body);
        let headers = [
            ("accept", "*/*".to_owned()),
            ("content-type", "application/json".to_owned()),
            ("user-agent", USER_AGENT.to_owned()),
            ("x-github-delivery", id.to_owned()),
            ("x-github-event", event.to_owned()),
            ("x-github-hook-id", self.hook_id.to_string()),
            ("x-github-hook-installation-target-id", FIXTURE_APP_ID.to_string()),
            ("x-github-hook-installation-target-type", "integration".to_owned()),
            ("x-hub-signature-256", signature),
        ];
        let headers = headers.into_iter().map(|(name, value)| (name.to_owned(), value)).collect();
        RawDelivery { id: id.to_owned(), headers, body }
    }

    /// Signs and sends `payload` as `event`, with a fresh delivery id.
    pub async fn send(&self, event: &str, payload: &Value) -> Result<reqwest::Response, SendError> {
        self.send_raw(&self.delivery(event, payload)).await
    }

    /// Signs and sends `payload` with the given delivery id.
    pub async fn send_with_id(
        &self,
        event: &str,
        id: &str,
        payload: &Value,
    ) -> Result<reqwest::Response, SendError> {
        self.send_raw(&self.delivery_with_id(event, id, payload)).await
    }

    /// Sends `delivery` exactly as it is, spoiled or not.
    pub async fn send_raw(&self, delivery: &RawDelivery) -> Result<reqwest::Response, SendError> {
        let mut request = self.http.post(&self.target_url).body(delivery.body.clone());
        for (name, value) in &delivery.headers {
            request = request.header(name, value);
        }
        Ok(request.send().await?)
    }
}

/// A fresh id in the form of GitHub's (a GUID), unique within the process.
pub fn new_delivery_id() -> String {
    static SENT: AtomicU64 = AtomicU64::new(0);
    let count = SENT.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let random = |salt: u64| {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.write_u64(salt);
        hasher.finish()
    };
    let (high, low) = (random(1), random(2));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0x0fff,
        (low >> 48) & 0x3fff | 0x8000,
        low & 0xffff_ffff_ffff,
    )
}
