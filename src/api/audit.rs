//! The audit log behind the API: every change from every channel, newest first.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiError, AppState};
use crate::audit::{AuditEntry, AuditLog};

const PAGE_MAX: usize = 500;

#[derive(Debug, Deserialize, IntoParams)]
pub struct Page {
    /// How many of the newest entries to skip.
    #[serde(default)]
    pub offset: usize,
    /// How many entries to return, at most 500.
    #[serde(default = "default_limit")]
    pub limit: usize,
}

fn default_limit() -> usize {
    100
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub offset: usize,
}

/// The audit log, newest first.
#[utoipa::path(
    get,
    path = "/api/audit",
    tag = "read",
    params(Page),
    responses((status = 200, description = "Audit entries, newest first", body = AuditPage))
)]
pub async fn audit(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(page): Query<Page>,
) -> Response {
    if let Err(refused) = app.auth.require_reader(&headers).await {
        return refused.into_response();
    }
    let log: AuditLog = app.ops.audit_log().clone();
    let (offset, limit) = (page.offset, page.limit.min(PAGE_MAX));
    let read = tokio::task::spawn_blocking(move || log.all(offset, limit)).await;
    match read {
        Ok(Ok(entries)) => Json(AuditPage { entries, offset }).into_response(),
        Ok(Err(err)) => ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "audit_unreadable",
            format!("The audit log could not be read: {err}"),
        )
        .into_response(),
        Err(_) => ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "interrupted",
            "Reading the audit log stopped unexpectedly.",
        )
        .into_response(),
    }
}
