//! The HTTP API: routes, the OpenAPI document generated from them, and the docs page.

mod docs_page;
mod error;
mod read;

pub use error::{ApiError, ErrorBody, ErrorDetail};
pub use read::Health;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;

use crate::live::Live;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub live: Arc<Live>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "testbed",
        description = "The set of pull requests deployed together to the shared testing server. \
            Every read is served from an in-memory snapshot that the service keeps current from \
            GitHub webhooks, so reads never wait on GitHub.",
    ),
    paths(read::status, read::events, read::healthz),
    components(schemas(ErrorBody, ErrorDetail)),
    tags((name = "read", description = "The testing set, its live facts and the service's health"))
)]
pub struct ApiDoc;

/// The OpenAPI document of this service.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

pub fn router(state: AppState) -> Router {
    let openapi_json = openapi().to_pretty_json().unwrap_or_default();
    Router::new()
        .route("/", get(|| async { Redirect::temporary("/api/docs") }))
        .route("/api/status", get(read::status))
        .route("/api/events", get(read::events))
        .route("/healthz", get(read::healthz))
        .route(
            "/openapi.json",
            get(
                move || async move { ([(header::CONTENT_TYPE, "application/json")], openapi_json) },
            ),
        )
        .route("/api/docs", get(|| async { html(docs_page::DOCS_HTML) }))
        .route(
            "/api/docs.js",
            get(|| async {
                ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], docs_page::DOCS_JS)
            }),
        )
        .fallback(|| async { ApiError::not_found("such page or endpoint") })
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' https://avatars.githubusercontent.com; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(state)
}

fn html(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}
