//! The transport: octocrab for authentication (including installation tokens and their
//! refresh), our own conditional-request cache, rate-limit pause and timeout around every call.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::Utc;
use http::header::{ACCEPT, IF_NONE_MATCH};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use octocrab::Octocrab;
use octocrab::models::{AppId, InstallationId};
use secrecy::ExposeSecret;
use serde::Deserialize;
use tokio::sync::OnceCell;

use crate::metrics::{Metrics, status_class};

use super::error::GithubError;
use super::ratelimit::{RateGate, RateLimitStatus};
use super::{GithubAuth, GithubConfig};
use crate::domain::{CommitSha, Drift, RepoName};

/// GitHub gives up on its side after 10 s; waiting longer only holds a reconcile hostage.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Bodies kept for conditional requests. A few list pages and one entry per pinned PR are what
/// we need; past this the cache is simply emptied, which costs one full answer per URL.
const CACHE_ENTRIES: usize = 2048;

/// A GitHub API client for one repository. Cheap to clone; clones share cache, pause and
/// counters.
#[derive(Clone)]
pub struct GithubClient {
    inner: Arc<Inner>,
}

struct Inner {
    repo: RepoName,
    api: Api,
    timeout: Duration,
    cache: Mutex<HashMap<String, Cached>>,
    gate: Mutex<RateGate>,
    requests: AtomicU64,
    /// Compare results by (pin, head). Two fixed commits always compare the same way, so these
    /// never go stale and spare a request per moved PR on every reconcile after the first.
    drift_memo: Mutex<HashMap<(CommitSha, CommitSha), Drift>>,
    /// Set once by the service that uses this client; the client is made before it.
    metrics: std::sync::OnceLock<Metrics>,
}

enum Api {
    Ready(Octocrab),
    /// An App whose installation on the repository is looked up on first use, so that the
    /// service starts even while GitHub is unreachable.
    Discover {
        app: Box<Octocrab>,
        installation: OnceCell<Octocrab>,
    },
}

#[derive(Clone)]
struct Cached {
    etag: HeaderValue,
    body: Arc<str>,
    link: Option<String>,
}

/// One answer, whether fresh or replayed from the cache on a 304.
pub(crate) struct Fetched {
    pub body: Arc<str>,
    pub link: Option<String>,
}

/// Requests made on behalf of one caller (a reconcile), counted apart from the client's total.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub requests: AtomicU32,
    pub not_modified: AtomicU32,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section is a plain read or assignment: a poisoned lock holds sound data.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn message_of(body: &str) -> String {
    #[derive(Deserialize)]
    struct Message {
        message: String,
    }
    serde_json::from_str::<Message>(body).map(|m| m.message).unwrap_or_default()
}

/// The outcome label of an answer, in the words of [`GithubError`].
fn outcome_of(status: StatusCode, rate_limited: bool) -> &'static str {
    match status {
        _ if rate_limited => "rate_limited",
        StatusCode::NOT_MODIFIED => "not_modified",
        status if status.is_success() => "ok",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "refused",
        status if status.is_server_error() => "unavailable",
        _ => "unexpected",
    }
}

fn from_octocrab(error: octocrab::Error) -> GithubError {
    match error {
        octocrab::Error::GitHub { source, .. } => {
            let status = source.status_code.as_u16();
            match status {
                401 | 403 => GithubError::Auth(source.message),
                404 => GithubError::NotFound,
                500..=599 => GithubError::Unavailable { status },
                _ => GithubError::Unexpected { status, message: source.message },
            }
        }
        octocrab::Error::JWT { .. } => GithubError::Config("cannot sign the App JWT".into()),
        other => GithubError::Network(other.to_string()),
    }
}

impl GithubClient {
    /// A client with the default request timeout.
    pub fn new(config: GithubConfig) -> Result<GithubClient, GithubError> {
        Self::with_timeout(config, DEFAULT_TIMEOUT)
    }

    /// A client whose every request (including reading the body) gives up after `timeout`.
    pub fn with_timeout(
        config: GithubConfig,
        timeout: Duration,
    ) -> Result<GithubClient, GithubError> {
        let base = config.api_base.trim_end_matches('/').to_owned();
        let builder = || -> Result<_, GithubError> {
            let builder = Octocrab::builder()
                .base_uri(base.as_str())
                .map_err(|e| GithubError::Config(format!("API base URL {base:?}: {e}")))?
                .add_header(ACCEPT, "application/vnd.github+json".to_owned())
                .add_header(
                    http::HeaderName::from_static("x-github-api-version"),
                    "2022-11-28".to_owned(),
                )
                // A backstop only: the timeout that callers see is the one around each call
                // (it also covers reading the body), which must fire first to be reported as
                // a timeout rather than a broken connection.
                .set_connect_timeout(Some(timeout * 2))
                .set_read_timeout(Some(timeout * 2));
            Ok(builder)
        };
        let build_error = |e: octocrab::Error| GithubError::Config(e.to_string());
        let api = match &config.auth {
            GithubAuth::None => Api::Ready(builder()?.build().map_err(build_error)?),
            GithubAuth::Token(token) => Api::Ready(
                builder()?
                    .personal_token(token.expose_secret().to_owned())
                    .build()
                    .map_err(build_error)?,
            ),
            GithubAuth::App { app_id, private_key, installation_id } => {
                let key =
                    octocrab::EncodingKey::from_rsa_pem(private_key.expose_secret().as_bytes())
                        .map_err(|_| {
                            GithubError::Config("the App private key is not an RSA PEM".into())
                        })?;
                let app = builder()?.app(AppId::from(*app_id), key).build().map_err(build_error)?;
                match installation_id {
                    Some(id) => Api::Ready(
                        app.installation(InstallationId::from(*id)).map_err(build_error)?,
                    ),
                    None => Api::Discover { app: Box::new(app), installation: OnceCell::new() },
                }
            }
        };
        tracing::debug!(api_base = %base, repo = %config.repo, auth = config.auth.kind(),
                        "GitHub client configured");
        Ok(GithubClient {
            inner: Arc::new(Inner {
                repo: config.repo,
                api,
                timeout,
                cache: Mutex::new(HashMap::new()),
                gate: Mutex::new(RateGate::default()),
                requests: AtomicU64::new(0),
                drift_memo: Mutex::new(HashMap::new()),
                metrics: std::sync::OnceLock::new(),
            }),
        })
    }

    pub fn repo(&self) -> &RepoName {
        &self.inner.repo
    }

    /// Counts every request from now on into `metrics` (the first registry given wins).
    pub fn report_to(&self, metrics: &Metrics) {
        let _ = self.inner.metrics.set(metrics.clone());
    }

    fn count(&self, outcome: &'static str, status_class: &'static str) {
        if let Some(metrics) = self.inner.metrics.get() {
            metrics.github_request(outcome, status_class);
        }
    }

    /// The rate limit as of the last answer, and the pause in force.
    pub fn rate_limit(&self) -> RateLimitStatus {
        lock(&self.inner.gate).status()
    }

    /// Requests sent to GitHub since the client was made (304s included).
    pub fn requests_made(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// Asks `GET /rate_limit` (which GitHub does not charge) and returns the fresh status.
    pub async fn refresh_rate_limit(&self) -> Result<RateLimitStatus, GithubError> {
        self.get("/rate_limit", false, &Tally::default()).await?;
        Ok(self.rate_limit())
    }

    pub(crate) fn memo_drift(&self, pin: &CommitSha, head: &CommitSha) -> Option<Drift> {
        lock(&self.inner.drift_memo).get(&(pin.clone(), head.clone())).copied()
    }

    pub(crate) fn remember_drift(&self, pin: &CommitSha, head: &CommitSha, drift: Drift) {
        let mut memo = lock(&self.inner.drift_memo);
        if memo.len() >= CACHE_ENTRIES {
            memo.clear();
        }
        memo.insert((pin.clone(), head.clone()), drift);
    }

    async fn octocrab(&self, tally: &Tally) -> Result<&Octocrab, GithubError> {
        match &self.inner.api {
            Api::Ready(octocrab) => Ok(octocrab),
            Api::Discover { app, installation } => {
                installation
                    .get_or_try_init(|| async {
                        #[derive(Deserialize)]
                        struct Installation {
                            id: u64,
                        }
                        let repo = &self.inner.repo;
                        let path = format!("/repos/{}/{}/installation", repo.owner(), repo.name());
                        let found = self.send(app, &Method::GET, &path, None, false, tally).await?;
                        let parsed: Installation = serde_json::from_str(&found.body)
                            .map_err(|e| GithubError::Decode(format!("installation: {e}")))?;
                        tracing::info!(installation = parsed.id, repo = %repo,
                                       "GitHub App installation found");
                        app.installation(InstallationId::from(parsed.id))
                            .map_err(|e| GithubError::Config(e.to_string()))
                    })
                    .await
            }
        }
    }

    /// `GET path` (relative to the API base), through the pause, the timeout and, when
    /// `conditional`, the ETag cache. A 404 is `Err(NotFound)`.
    pub(crate) async fn get(
        &self,
        path: &str,
        conditional: bool,
        tally: &Tally,
    ) -> Result<Fetched, GithubError> {
        if let Some(until) = lock(&self.inner.gate).paused_until(Utc::now()) {
            return Err(GithubError::RateLimited { until });
        }
        let octocrab = self.octocrab(tally).await?;
        self.send(octocrab, &Method::GET, path, None, conditional, tally).await
    }

    /// `POST`, `DELETE` (or any other method) with an optional JSON body: the same pause,
    /// timeout and error mapping as [`GithubClient::get`], never cached (a write has no ETag).
    pub(crate) async fn write(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        tally: &Tally,
    ) -> Result<Fetched, GithubError> {
        if let Some(until) = lock(&self.inner.gate).paused_until(Utc::now()) {
            return Err(GithubError::RateLimited { until });
        }
        let octocrab = self.octocrab(tally).await?;
        self.send(octocrab, &method, path, body, false, tally).await
    }

    async fn send(
        &self,
        octocrab: &Octocrab,
        method: &Method,
        path: &str,
        body: Option<&serde_json::Value>,
        conditional: bool,
        tally: &Tally,
    ) -> Result<Fetched, GithubError> {
        let cached = if conditional { lock(&self.inner.cache).get(path).cloned() } else { None };
        let mut headers = HeaderMap::new();
        if let Some(cached) = &cached {
            headers.insert(IF_NONE_MATCH, cached.etag.clone());
        }
        self.inner.requests.fetch_add(1, Ordering::Relaxed);
        tally.requests.fetch_add(1, Ordering::Relaxed);
        // A relative path matters: octocrab only attaches credentials to requests bound for
        // the configured base.
        let call = async {
            let mut request = http::Request::builder().method(method.clone()).uri(path);
            for (name, value) in &headers {
                request = request.header(name, value);
            }
            let response = octocrab.execute(octocrab.build_request(request, body)?).await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = octocrab.body_to_string(response).await?;
            Ok::<_, octocrab::Error>((status, headers, body))
        };
        let after = self.inner.timeout;
        let (status, headers, body) = match tokio::time::timeout(after, call).await {
            Err(_) => {
                self.count("timeout", "none");
                tracing::warn!(path, timeout_ms = after.as_millis() as u64, "GitHub timed out");
                return Err(GithubError::Timeout { after });
            }
            Ok(Err(error)) => {
                let error = from_octocrab(error);
                let (outcome, class) = error.metric_labels();
                self.count(outcome, class);
                tracing::warn!(path, %error, "GitHub request failed");
                return Err(error);
            }
            Ok(Ok(answer)) => answer,
        };
        let (pause, remaining) = {
            let mut gate = lock(&self.inner.gate);
            let pause = gate.observe(status, &headers, Utc::now());
            (pause, gate.status().remaining)
        };
        tracing::debug!(path, status = status.as_u16(), "GitHub answered");
        if let Some(until) = pause {
            tracing::warn!(%until, status = status.as_u16(), "GitHub rate limit: pausing calls");
        }
        let limited = matches!(status, StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS);
        if let Some(metrics) = self.inner.metrics.get() {
            let outcome = outcome_of(status, limited && pause.is_some());
            metrics.github_request(outcome, status_class(status.as_u16()));
            if let Some(remaining) = remaining {
                metrics.github_rate_limit_remaining(remaining);
            }
        }
        if let (true, Some(until)) = (limited, pause) {
            return Err(GithubError::RateLimited { until });
        }
        match status {
            StatusCode::NOT_MODIFIED => {
                let cached = cached.ok_or_else(|| {
                    GithubError::Decode("304 Not Modified for a request we never cached".into())
                })?;
                tally.not_modified.fetch_add(1, Ordering::Relaxed);
                Ok(Fetched { body: cached.body, link: cached.link })
            }
            status if status.is_success() => {
                let body: Arc<str> = body.into();
                let link = headers.get("link").and_then(|v| v.to_str().ok()).map(str::to_owned);
                let etag = headers.get("etag").cloned();
                if let (true, Some(etag)) = (conditional, etag) {
                    let mut cache = lock(&self.inner.cache);
                    if cache.len() >= CACHE_ENTRIES {
                        cache.clear();
                    }
                    let entry = Cached { etag, body: body.clone(), link: link.clone() };
                    cache.insert(path.to_owned(), entry);
                }
                Ok(Fetched { body, link })
            }
            StatusCode::NOT_FOUND => Err(GithubError::NotFound),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                Err(GithubError::Auth(message_of(&body)))
            }
            status if status.is_server_error() => {
                Err(GithubError::Unavailable { status: status.as_u16() })
            }
            status => {
                Err(GithubError::Unexpected { status: status.as_u16(), message: message_of(&body) })
            }
        }
    }
}
