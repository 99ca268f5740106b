//! The write side of the API: batch operations on the testing set and the deploy. Every
//! answer carries one outcome per PR given and the snapshot after the change.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, AppState, ErrorBody};
use crate::audit::Channel;
use crate::auth::CallerKind;
use crate::jenkins::JenkinsError;
use crate::operations::{Actor, DeployError, DeployReport, OperationError, OperationReport};
use crate::store::StoreError;

/// Largest request body a write accepts. Two hundred PR URLs fit many times over.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The PRs an operation applies to.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PrsRequest {
    /// PR numbers, `#123`, or PR URLs of the configured repository (`…/pull/123`,
    /// `…/pull/123/files`). One string may hold several, separated by spaces, commas or
    /// newlines; a single string instead of a list is accepted too.
    #[schema(value_type = Vec<String>)]
    pub prs: PrList,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PrList {
    One(String),
    Many(Vec<PrInput>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PrInput {
    Number(serde_json::Number),
    Text(String),
}

impl PrList {
    fn text(&self) -> String {
        match self {
            PrList::One(text) => text.clone(),
            PrList::Many(items) => items
                .iter()
                .map(|item| match item {
                    PrInput::Number(number) => number.to_string(),
                    PrInput::Text(text) => text.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// An operation's answer: per-PR outcomes, then the new snapshot.
#[derive(Debug, Serialize, ToSchema)]
pub struct OperationAnswer {
    #[serde(flatten)]
    pub report: OperationReport,
    /// The snapshot after the change, as `GET /api/status` would answer it.
    #[schema(value_type = crate::live::Snapshot)]
    pub snapshot: (),
}

/// A deploy's answer, then the new snapshot.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeployAnswer {
    #[serde(flatten)]
    pub report: DeployReport,
    #[schema(value_type = crate::live::Snapshot)]
    pub snapshot: (),
}

/// JSON with errors in this API's shape instead of axum's plain text.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_error(&rejection)),
        }
    }
}

fn json_error(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_json",
            "Send the request body as JSON, with Content-Type: application/json.",
        ),
        JsonRejection::BytesRejection(_) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
            )
        }
        JsonRejection::JsonDataError(err) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            format!("The JSON does not have the expected shape: {}", err.body_text()),
        ),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("The request body is not valid JSON: {}", rejection.body_text()),
        ),
    }
}

macro_rules! batch_endpoint {
    ($name:ident, $path:literal, $summary:literal) => {
        #[doc = $summary]
        #[utoipa::path(
            post,
            path = $path,
            tag = "write",
            request_body = PrsRequest,
            responses(
                (status = 200, description = "One outcome per PR given, and the new snapshot",
                    body = OperationAnswer),
                (status = 400, description = "No PR given, or not JSON", body = ErrorBody),
                (status = 401, description = "No credentials, or a wrong token", body = ErrorBody),
                (status = 403, description = "Not a maintainer, or a cross-site request",
                    body = ErrorBody),
                (status = 409, description = "The state file is unusable", body = ErrorBody),
                (status = 413, description = "The body is too large", body = ErrorBody),
            ),
            security(("session" = []), ("token" = []))
        )]
        pub async fn $name(
            State(app): State<AppState>,
            method: Method,
            headers: HeaderMap,
            JsonBody(request): JsonBody<PrsRequest>,
        ) -> Response {
            let actor = match writer(&app, &method, &headers).await {
                Ok(actor) => actor,
                Err(response) => return response,
            };
            let text = request.prs.text();
            let result = app.ops.$name(&actor, &text).await;
            answer(&app, result)
        }
    };
}

batch_endpoint!(add, "/api/prs/add", "Add PRs to the testing set, pinned at their head.");
batch_endpoint!(remove, "/api/prs/remove", "Remove PRs from the testing set.");
batch_endpoint!(enable, "/api/prs/enable", "Stage enabling PRs for the next deploy.");
batch_endpoint!(disable, "/api/prs/disable", "Stage disabling PRs for the next deploy.");
batch_endpoint!(update, "/api/prs/update", "Stage each PR's current head as its new pin.");

/// Re-read GitHub now for every PR of the testing set.
#[utoipa::path(
    post,
    path = "/api/refresh",
    tag = "write",
    responses(
        (status = 200, description = "One outcome per PR, and the new snapshot",
            body = OperationAnswer),
        (status = 401, description = "No credentials, or a wrong token", body = ErrorBody),
        (status = 403, description = "Not a maintainer", body = ErrorBody),
    ),
    security(("session" = []), ("token" = []))
)]
pub async fn refresh(State(app): State<AppState>, method: Method, headers: HeaderMap) -> Response {
    match writer(&app, &method, &headers).await {
        Ok(actor) => answer(&app, app.ops.refresh(&actor).await),
        Err(response) => response,
    }
}

/// Apply the plan and trigger Jenkins with the active PRs. One deploy at a time.
#[utoipa::path(
    post,
    path = "/api/deploy",
    tag = "write",
    responses(
        (status = 200, description = "The deploy started (or, without Jenkins, was recorded)",
            body = DeployAnswer),
        (status = 401, description = "No credentials, or a wrong token", body = ErrorBody),
        (status = 403, description = "Not a maintainer", body = ErrorBody),
        (status = 409, description = "A deploy is in progress", body = ErrorBody),
        (status = 502, description = "Jenkins refused or could not be reached; nothing changed",
            body = ErrorBody),
    ),
    security(("session" = []), ("token" = []))
)]
pub async fn deploy(State(app): State<AppState>, method: Method, headers: HeaderMap) -> Response {
    let actor = match writer(&app, &method, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    match app.ops.deploy(&actor).await {
        Ok(report) => with_snapshot(&app, &report),
        Err(err) => operation_error(err).into_response(),
    }
}

async fn writer(app: &AppState, method: &Method, headers: &HeaderMap) -> Result<Actor, Response> {
    let caller =
        app.auth.require_writer(method, headers).await.map_err(IntoResponse::into_response)?;
    let channel = match caller.via {
        CallerKind::Token => Channel::Api,
        CallerKind::Session | CallerKind::Demo => Channel::Web,
    };
    Ok(Actor { login: caller.login, channel })
}

fn answer(app: &AppState, result: Result<OperationReport, OperationError>) -> Response {
    match result {
        Ok(report) => with_snapshot(app, &report),
        Err(err) => operation_error(err).into_response(),
    }
}

/// The report's JSON object with the current snapshot spliced in as `snapshot`, reusing the
/// snapshot's serialized bytes rather than serializing it again.
fn with_snapshot<T: Serialize>(app: &AppState, report: &T) -> Response {
    let published = app.live.current();
    let mut body = serde_json::to_vec(report).unwrap_or_else(|_| b"{}".to_vec());
    if body.last() == Some(&b'}') {
        body.pop();
        if body.len() > 1 {
            body.push(b',');
        }
        body.extend_from_slice(b"\"snapshot\":");
        body.extend_from_slice(&published.json);
        body.push(b'}');
    }
    let mut response =
        ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], Bytes::from(body))
            .into_response();
    if let Ok(etag) = HeaderValue::from_str(&published.etag) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

fn operation_error(err: OperationError) -> ApiError {
    let message = err.to_string();
    let (status, code) = match &err {
        OperationError::NothingGiven => (StatusCode::BAD_REQUEST, "no_prs"),
        OperationError::TooMany { .. } => (StatusCode::BAD_REQUEST, "too_many_prs"),
        OperationError::Store(StoreError::Malformed { .. }) => {
            (StatusCode::CONFLICT, "state_file_unusable")
        }
        OperationError::Store(_) => (StatusCode::SERVICE_UNAVAILABLE, "state_file_unwritable"),
        OperationError::Interrupted(_) => (StatusCode::INTERNAL_SERVER_ERROR, "interrupted"),
        OperationError::Deploy(DeployError::InProgress { .. }) => {
            (StatusCode::CONFLICT, "deploy_in_progress")
        }
        OperationError::Deploy(DeployError::Unreadable(_)) => {
            (StatusCode::CONFLICT, "state_file_unusable")
        }
        OperationError::Deploy(DeployError::Jenkins(JenkinsError::Refused { .. })) => {
            (StatusCode::BAD_GATEWAY, "jenkins_refused")
        }
        OperationError::Deploy(DeployError::Jenkins(_)) => {
            (StatusCode::BAD_GATEWAY, "jenkins_unavailable")
        }
    };
    ApiError::new(status, code, message)
}
