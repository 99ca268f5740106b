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

/// `(name, event, text)` for each `event: name, …;`, the text read at compile time.
macro_rules! fixtures {
    ($($event:literal: $($name:literal),+;)+) => {
        [$($(
            ($name, $event, include_str!(concat!("../../fixtures/webhooks/", $name, ".json"))),
        )+)+]
    };
}

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

// Payload builders. Each starts from a fixture, moves it to the repository and PR asked for,
// and changes the few fields the event is about.

/// A PR opened.
pub fn pull_request_opened(repo: &RepoName, pr: PrNumber) -> Value {
    fixture("pull_request.opened", repo, pr)
}

/// New commits pushed to a PR's branch: its head moves from `before` to `after`.
pub fn pull_request_synchronize(
    repo: &RepoName,
    pr: PrNumber,
    before: &CommitSha,
    after: &CommitSha,
) -> Value {
    let mut payload = fixture("pull_request.synchronize", repo, pr);
    // The fixture's head also appears in status URLs; they follow it.
    let old_after = text_at(&payload, "/after");
    replace_text(&mut payload, &old_after, after.as_str());
    put(&mut payload, "/before", before.as_str());
    payload
}

/// A PR merged or closed without merging.
pub fn pull_request_closed(repo: &RepoName, pr: PrNumber, merged: bool) -> Value {
    let name = if merged { "pull_request.closed.merged" } else { "pull_request.closed.unmerged" };
    fixture(name, repo, pr)
}

pub fn pull_request_reopened(repo: &RepoName, pr: PrNumber) -> Value {
    fixture("pull_request.reopened", repo, pr)
}

/// The title changed from `old_title` to `new_title`.
pub fn pull_request_edited(
    repo: &RepoName,
    pr: PrNumber,
    new_title: &str,
    old_title: &str,
) -> Value {
    let mut payload = fixture("pull_request.edited", repo, pr);
    put(&mut payload, "/pull_request/title", new_title);
    put(&mut payload, "/changes/title/from", old_title);
    payload
}

/// `login` assigned to the PR, now its first assignee.
pub fn pull_request_assigned(repo: &RepoName, pr: PrNumber, login: &str) -> Value {
    let mut payload = fixture("pull_request.assigned", repo, pr);
    let user = user_like(&payload, "/assignee", login);
    put(&mut payload, "/assignee", user.clone());
    put(&mut payload, "/pull_request/assignee", user.clone());
    put(&mut payload, "/pull_request/assignees", Value::Array(vec![user]));
    payload
}

/// `login` unassigned from the PR, which has no assignee left.
pub fn pull_request_unassigned(repo: &RepoName, pr: PrNumber, login: &str) -> Value {
    let mut payload = fixture("pull_request.unassigned", repo, pr);
    let user = user_like(&payload, "/assignee", login);
    put(&mut payload, "/assignee", user);
    payload
}

/// A new comment on PR `pr` by `login`, or by testbed's own App when `is_bot`.
pub fn issue_comment_created(
    repo: &RepoName,
    pr: PrNumber,
    comment_id: u64,
    login: &str,
    body: &str,
    is_bot: bool,
) -> Value {
    let name = if is_bot { "issue_comment.created.bot" } else { "issue_comment.created" };
    let mut payload = fixture(name, repo, pr);
    let old_id = text_at(&payload, "/comment/id");
    replace_text(&mut payload, &format!("comments/{old_id}"), &format!("comments/{comment_id}"));
    replace_text(&mut payload, &format!("comment-{old_id}"), &format!("comment-{comment_id}"));
    put(&mut payload, "/comment/id", comment_id);
    put(&mut payload, "/comment/body", body);
    let user = user_like(&payload, "/comment/user", login);
    put(&mut payload, "/comment/user", user.clone());
    put(&mut payload, "/sender", user);
    payload
}

/// `git_ref` (`refs/heads/…`) moved from `before` to `after`; all zeros deletes it.
pub fn push(repo: &RepoName, git_ref: &str, before: &CommitSha, after: &CommitSha) -> Value {
    let deleted = after.as_str().bytes().all(|b| b == b'0');
    let name = if deleted { "push.deleted" } else { "push" };
    let mut payload = fixture_in(name, repo);
    for (pointer, sha) in [("/before", before), ("/after", after)] {
        let old = text_at(&payload, pointer);
        replace_text(&mut payload, &old, sha.as_str());
        if let Some(short) = old.get(..12) {
            replace_text(&mut payload, short, &sha.as_str()[..12]);
        }
    }
    put(&mut payload, "/ref", git_ref);
    payload
}

/// The ping GitHub sends when the App's webhook is created or its settings change.
pub fn ping() -> Value {
    parse_fixture("ping")
}

/// The App installed (`created`), uninstalled (`deleted`), or another `action`.
pub fn installation(action: &str) -> Value {
    let name = if action == "deleted" { "installation.deleted" } else { "installation.created" };
    let mut payload = parse_fixture(name);
    put(&mut payload, "/action", action);
    payload
}

/// Every fixture by name (`fixtures/webhooks/<name>.json`), with its `X-GitHub-Event`.
pub const FIXTURES: [(&str, &str, &str); 19] = fixtures! {
    "pull_request": "pull_request.opened", "pull_request.synchronize",
        "pull_request.closed.merged", "pull_request.closed.unmerged", "pull_request.reopened",
        "pull_request.edited", "pull_request.assigned", "pull_request.unassigned",
        "pull_request.labeled";
    "issue_comment": "issue_comment.created", "issue_comment.created.issue",
        "issue_comment.created.bot", "issue_comment.edited", "issue_comment.deleted";
    "push": "push", "push.deleted";
    "ping": "ping";
    "installation": "installation.created", "installation.deleted";
};

fn parse_fixture(name: &str) -> Value {
    // Parsed once: benchmarks build thousands of payloads.
    static PARSED: LazyLock<Vec<Value>> = LazyLock::new(|| {
        // The fixtures are compiled in and checked by the tests, so `Null` never happens.
        FIXTURES
            .iter()
            .map(|(_, _, text)| serde_json::from_str(text).unwrap_or(Value::Null))
            .collect()
    });
    let index = FIXTURES.iter().position(|(n, _, _)| *n == name);
    index.and_then(|i| PARSED.get(i)).cloned().unwrap_or(Value::Null)
}

/// The fixture `name` moved to `repo` and `pr`.
fn fixture(name: &str, repo: &RepoName, pr: PrNumber) -> Value {
    let mut payload = fixture_in(name, repo);
    replace_text(&mut payload, &format!("/{FIXTURE_PR}"), &format!("/{pr}"));
    for pointer in ["/number", "/pull_request/number", "/issue/number"] {
        put(&mut payload, pointer, pr.get());
    }
    payload
}

/// The fixture `name` moved to `repo`.
fn fixture_in(name: &str, repo: &RepoName) -> Value {
    let mut payload = parse_fixture(name);
    replace_text(&mut payload, FIXTURE_REPO, &repo.to_string());
    put(&mut payload, "/repository/name", repo.name());
    put(&mut payload, "/repository/owner/login", repo.owner());
    payload
}

/// The user object at `pointer`, as if it were `login`'s.
fn user_like(payload: &Value, pointer: &str, login: &str) -> Value {
    let mut user = payload.pointer(pointer).cloned().unwrap_or(Value::Null);
    let old = text_at(&user, "/login");
    replace_text(&mut user, &format!("/{old}"), &format!("/{login}"));
    put(&mut user, "/login", login);
    user
}

fn text_at(payload: &Value, pointer: &str) -> String {
    match payload.pointer(pointer) {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn put(payload: &mut Value, pointer: &str, value: impl Into<Value>) {
    if let Some(slot) = payload.pointer_mut(pointer) {
        *slot = value.into();
    }
}

/// Replaces `from` with `to` in every string of `payload`: URLs name the repository and PR.
fn replace_text(payload: &mut Value, from: &str, to: &str) {
    if from.is_empty() {
        return;
    }
    match payload {
        Value::String(text) if text.contains(from) => *text = text.replace(from, to),
        Value::Array(items) => items.iter_mut().for_each(|item| replace_text(item, from, to)),
        Value::Object(fields) => fields.values_mut().for_each(|item| replace_text(item, from, to)),
        _ => {}
    }
}
