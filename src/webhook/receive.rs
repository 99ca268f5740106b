//! The handler. Checks run cheapest and safest first: nothing about a delivery is read before
//! its signature checks out, and nothing is queued before every check has passed.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use futures::StreamExt;
use serde::Serialize;
use tokio::sync::mpsc::error::TrySendError;
use tracing::{error, info, warn};

use super::delivery::{self, Delivery};
use super::event::EventKind;
use super::{WebhookIntake, verify};
use crate::api::ApiError;

/// How a delivery ended; each is counted and logged once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Queued,
    Pong,
    Duplicate,
    Ignored,
    Unauthorized,
    TooLarge,
    Malformed,
    Overloaded,
}

impl Outcome {
    pub(super) const COUNT: usize = 8;
    pub(super) const ALL: [Outcome; Self::COUNT] = [
        Self::Queued,
        Self::Pong,
        Self::Duplicate,
        Self::Ignored,
        Self::Unauthorized,
        Self::TooLarge,
        Self::Malformed,
        Self::Overloaded,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Pong => "pong",
            Self::Duplicate => "duplicate",
            Self::Ignored => "ignored",
            Self::Unauthorized => "unauthorized",
            Self::TooLarge => "too_large",
            Self::Malformed => "malformed",
            Self::Overloaded => "overloaded",
        }
    }
}

/// The body of every answer that is not an error.
#[derive(Serialize)]
struct Accepted {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

/// What the one log line of a delivery says. Never the payload, the signature or a secret.
#[derive(Default)]
struct LogLine {
    delivery: Option<String>,
    event: Option<String>,
    action: Option<String>,
    repo: Option<String>,
    pr: Option<u64>,
    code: Option<&'static str>,
}

pub(super) async fn receive(
    State(intake): State<WebhookIntake>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let mut log = LogLine::default();
    let (outcome, response) = handle(&intake, &headers, body, &mut log).await;
    intake.inner.stats.count(outcome);
    intake.inner.metrics.webhook_delivery(log.event.as_deref(), outcome.as_str());
    log.emit(outcome);
    response
}

async fn handle(
    intake: &WebhookIntake,
    headers: &HeaderMap,
    body: Body,
    log: &mut LogLine,
) -> (Outcome, Response) {
    let inner = &intake.inner;
    // Unverified, but handy to find the delivery in GitHub's log when a secret is wrong; the
    // header checks keep it short and printable.
    log.delivery = delivery::event_and_id(headers).ok().map(|(_, id)| id.to_owned());

    let body = match read_limited(headers, body, inner.config.max_body_bytes).await {
        Ok(body) => body,
        Err(refusal) => return refusal.answer(log),
    };
    if let Err(why) = verify::verify(&inner.config.secrets, headers, &body) {
        let message = why.to_string();
        return refuse(log, Outcome::Unauthorized, StatusCode::UNAUTHORIZED, why.code(), message);
    }
    let received_at = Utc::now();
    inner.stats.genuine(received_at);

    let (event_name, id) = match delivery::event_and_id(headers) {
        Ok(found) => found,
        Err(why) => return malformed(log, &why),
    };
    log.event = Some(event_name.to_owned());
    let first_time = inner.recent.lock().unwrap_or_else(|e| e.into_inner()).first_time(id);
    if !first_time {
        return accepted(Outcome::Duplicate, StatusCode::OK, None);
    }

    let event = match delivery::parse(event_name, &body) {
        Ok(event) => event,
        Err(why) => return malformed(log, &why),
    };
    log.action.clone_from(&event.action);
    log.repo = event.repository.as_ref().map(ToString::to_string);
    log.pr = event.pr().map(|pr| pr.get());

    if let Some(repo) = &event.repository
        && *repo != inner.config.repo
    {
        let reason = format!("testbed serves {}, not {repo}", inner.config.repo);
        return accepted(Outcome::Ignored, StatusCode::ACCEPTED, Some(reason));
    }
    if let EventKind::Ping(_) = event.kind {
        return accepted(Outcome::Pong, StatusCode::OK, None);
    }
    if !event.is_known() {
        let what = match &event.action {
            Some(action) => format!("{event_name} {action}"),
            None => event_name.to_owned(),
        };
        let reason = format!("testbed does nothing on {what}");
        return accepted(Outcome::Ignored, StatusCode::ACCEPTED, Some(reason));
    }

    let delivery = Delivery { id: id.to_owned(), event, received_at };
    match inner.queue.try_send(delivery) {
        Ok(()) => accepted(Outcome::Queued, StatusCode::ACCEPTED, None),
        Err(full_or_closed) => {
            // Not taken, so a redelivery with this id must not be mistaken for a duplicate.
            inner.recent.lock().unwrap_or_else(|e| e.into_inner()).forget(id);
            let message = match full_or_closed {
                TrySendError::Full(_) => "testbed is behind on deliveries; redeliver this later",
                TrySendError::Closed(_) => "testbed is shutting down; redeliver this later",
            };
            let status = StatusCode::SERVICE_UNAVAILABLE;
            refuse(log, Outcome::Overloaded, status, "overloaded", message.to_owned())
        }
    }
}

enum ReadRefusal {
    TooLarge(usize),
    Unreadable,
}

impl ReadRefusal {
    fn answer(self, log: &mut LogLine) -> (Outcome, Response) {
        match self {
            Self::TooLarge(limit) => {
                let message = format!("the body is over {limit} bytes, more than GitHub sends");
                let status = StatusCode::PAYLOAD_TOO_LARGE;
                refuse(log, Outcome::TooLarge, status, "payload_too_large", message)
            }
            Self::Unreadable => {
                let message = "the body could not be read to its end".to_owned();
                refuse(log, Outcome::Malformed, StatusCode::BAD_REQUEST, "unreadable_body", message)
            }
        }
    }
}

/// The raw body, refused as soon as it is known to be over `limit`: from `Content-Length` before
/// reading anything, else while streaming, so an oversized body is never held in memory.
async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Vec<u8>, ReadRefusal> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(ReadRefusal::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ReadRefusal::Unreadable)?;
        if bytes.len() + chunk.len() > limit {
            return Err(ReadRefusal::TooLarge(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn accepted(outcome: Outcome, status: StatusCode, reason: Option<String>) -> (Outcome, Response) {
    let body = Accepted { status: outcome.as_str(), reason };
    (outcome, (status, Json(body)).into_response())
}

fn malformed(log: &mut LogLine, why: &delivery::PayloadError) -> (Outcome, Response) {
    refuse(log, Outcome::Malformed, StatusCode::BAD_REQUEST, why.code(), why.to_string())
}

fn refuse(
    log: &mut LogLine,
    outcome: Outcome,
    status: StatusCode,
    code: &'static str,
    message: String,
) -> (Outcome, Response) {
    log.code = Some(code);
    (outcome, ApiError::new(status, code, message).into_response())
}

/// One line, at a level that says whether someone should look.
macro_rules! log_line {
    ($level:ident, $line:expr, $outcome:expr) => {
        $level!(
            delivery = $line.delivery.as_deref(),
            event = $line.event.as_deref(),
            action = $line.action.as_deref(),
            repo = $line.repo.as_deref(),
            pr = $line.pr,
            outcome = $outcome.as_str(),
            code = $line.code,
            "webhook delivery"
        )
    };
}

impl LogLine {
    fn emit(&self, outcome: Outcome) {
        match outcome {
            Outcome::Queued | Outcome::Pong | Outcome::Duplicate | Outcome::Ignored => {
                log_line!(info, self, outcome);
            }
            Outcome::Unauthorized | Outcome::TooLarge | Outcome::Malformed => {
                log_line!(warn, self, outcome);
            }
            Outcome::Overloaded => log_line!(error, self, outcome),
        }
    }
}
