//! The read side of the API: the snapshot, its event stream and the health check. Every answer
//! comes from the published snapshot; none waits on GitHub.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde::Serialize;
use tokio_stream::wrappers::WatchStream;
use utoipa::ToSchema;

use super::{ApiError, AppState};
use crate::live::{Problem, Published, Snapshot};

/// How often an idle event stream carries a comment, so proxies keep it open and clients
/// notice a dead connection.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Everything the dashboard shows, in one answer.
#[utoipa::path(
    get,
    path = "/api/status",
    tag = "read",
    responses(
        (status = 200, description = "The current snapshot", body = Snapshot),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
        (status = 401, description = "Signed out, and reads are for maintainers"),
        (status = 403, description = "Not a maintainer, and reads are for maintainers"),
    )
)]
pub async fn status(State(app): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(refused) = app.auth.require_reader(&headers).await {
        return refused.into_response();
    }
    let published = app.live.current();
    let etag = HeaderValue::from_str(&published.etag).ok();
    let cache = [
        // Live data: a cache may keep it, but must ask each time (cheaply, with the ETag).
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|sent| sent.split(',').any(|tag| tag.trim() == published.etag));
    let mut response = if matches {
        (StatusCode::NOT_MODIFIED, cache).into_response()
    } else {
        let json = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))];
        (cache, json, published.json.clone()).into_response()
    };
    if let Some(etag) = etag {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// Server-sent events: a `snapshot` event on connect (skipped when `Last-Event-ID` names the
/// current version), then one on every change; heartbeat comments in between.
#[utoipa::path(
    get,
    path = "/api/events",
    tag = "read",
    params(("Last-Event-ID" = Option<u64>, Header,
        description = "The id of the last event received; resumes without a repeat")),
    responses((status = 200, description = "An event stream of `snapshot` events, each the \
        JSON of GET /api/status, with the snapshot version as event id",
        content_type = "text/event-stream"))
)]
pub async fn events(State(app): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(refused) = app.auth.require_reader(&headers).await {
        return refused.into_response();
    }
    let last_seen = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u64>().ok());
    let counted = app.ops.service().metrics().sse_client();
    let stream = WatchStream::new(app.live.subscribe())
        .filter(move |published| {
            let repeat = Some(published.version) == last_seen;
            async move { !repeat }
        })
        .map(move |published| {
            // Moved in, so the client is counted out when the stream is dropped.
            let _connected = &counted;
            Ok::<_, std::convert::Infallible>(snapshot_event(&published))
        })
        .take_until(app.live.closed());
    Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT)).into_response()
}

fn snapshot_event(published: &Arc<Published>) -> Event {
    Event::default()
        .event("snapshot")
        .id(published.version.to_string())
        .data(String::from_utf8_lossy(&published.json))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `degraded` when a problem needs a person; the service answers either way.
    pub status: String,
    pub version: u64,
    pub problems: Vec<Problem>,
}

/// Liveness and problems. Always 200 while the process serves: a broken state file needs a
/// person, and restarting the service would not fix it.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "read",
    responses((status = 200, description = "The service is serving", body = Health))
)]
pub async fn healthz(State(app): State<AppState>) -> axum::Json<Health> {
    let published = app.live.current();
    let problems = published.snapshot.problems.clone();
    let status = if problems.is_empty() { "ok" } else { "degraded" };
    axum::Json(Health { status: status.to_owned(), version: published.version, problems })
}

/// The service's metrics in Prometheus' text format, for the same readers as the testing set:
/// a scraper sends a bearer token from `TESTBED_API_TOKENS`.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "read",
    security((), ("token" = []), ("session" = [])),
    responses(
        (status = 200, description = "Prometheus text exposition format, version 0.0.4",
            content_type = "text/plain; version=0.0.4"),
        (status = 401, description = "No credentials, and reads are for maintainers"),
        (status = 403, description = "Not a maintainer, and reads are for maintainers"),
    )
)]
pub async fn metrics(State(app): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(refused) = app.auth.require_reader(&headers).await {
        return refused.into_response();
    }
    match app.ops.service().metrics().encode() {
        Ok(text) => ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text).into_response(),
        Err(_) => {
            let message = "the metrics could not be written out";
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "metrics_failed", message)
                .into_response()
        }
    }
}
