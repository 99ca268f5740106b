//! The HTTP API: routes, the OpenAPI document generated from them, and the docs page.

mod audit;
mod docs_page;
mod error;
mod read;
mod write;

pub use error::{ApiError, ErrorBody, ErrorDetail};
pub use read::Health;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;

use crate::auth::Auth;
use crate::live::Live;
use crate::operations::Operations;

pub use write::MAX_BODY_BYTES;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub live: Arc<Live>,
    pub ops: Arc<Operations>,
    pub auth: Auth,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "testbed",
        description = "The set of pull requests deployed together to the shared testing server. \
            Every read is served from an in-memory snapshot that the service keeps current from \
            GitHub webhooks, so reads never wait on GitHub.",
    ),
    paths(
        read::status,
        read::events,
        read::healthz,
        read::metrics,
        audit::audit,
        write::add,
        write::remove,
        write::enable,
        write::disable,
        write::update,
        write::refresh,
        write::deploy,
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "read", description = "The testing set, its live facts and the service's health"),
        (name = "write", description = "Batch changes to the testing set, and the deploy. \
            Maintainers only: a browser session (same origin) or a bearer token."),
    )
)]
pub struct ApiDoc;

/// The two ways to authenticate a write, as the OpenAPI document names them.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::SecurityScheme;
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("testbed_session"))),
        );
    }
}

/// The OpenAPI document of this service.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::auth::AuthApiDoc::openapi());
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

pub fn router(state: AppState) -> Router {
    let openapi_json = openapi().to_pretty_json().unwrap_or_default();
    let auth_routes = state.auth.routes();
    Router::new()
        .route("/", get(|| async { Redirect::temporary(crate::ui::PAGE_PATH) }))
        .route("/api/status", get(read::status))
        .route("/api/audit", get(audit::audit))
        .route("/api/prs/add", post(write::add))
        .route("/api/prs/remove", post(write::remove))
        .route("/api/prs/enable", post(write::enable))
        .route("/api/prs/disable", post(write::disable))
        .route("/api/prs/update", post(write::update))
        .route("/api/refresh", post(write::refresh))
        .route("/api/deploy", post(write::deploy))
        .route("/api/events", get(read::events))
        .route("/healthz", get(read::healthz))
        .route("/metrics", get(read::metrics))
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
        .merge(crate::ui::router())
        .fallback(|| async { ApiError::not_found("such page or endpoint") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
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
        .merge(auth_routes)
}

fn html(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}
