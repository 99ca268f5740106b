//! The sign-in endpoints. Thin: each one calls a method of [`Auth`] and shapes the answer.

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;

use super::flow::{Callback, Me, Redirect};
use super::web::DEFAULT_NEXT;
use super::{Auth, Caller, CallerKind};
use crate::api::ErrorBody;

/// The sign-in endpoints, for merging into the service's OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(login, callback, logout, me),
    components(schemas(Me, Caller, CallerKind, ErrorBody)),
    tags((name = "auth", description = "Signing in with GitHub, and who is calling"))
)]
pub struct AuthApiDoc;

pub(crate) fn router(auth: Auth) -> Router {
    Router::new()
        .route("/auth/login", get(login))
        .route("/auth/callback", get(callback))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        // Answers about one browser's identity: never to be kept by a shared cache.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(auth)
}

#[derive(Debug, Deserialize)]
struct LoginQuery {
    next: Option<String>,
}

fn redirect(to: Redirect) -> Response {
    // `location` is a URL we serialised or a checked path, both ASCII; the fallback is a guard.
    let location = HeaderValue::from_str(&to.location)
        .unwrap_or_else(|_| HeaderValue::from_static(DEFAULT_NEXT));
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    for cookie in to.cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// Sends the browser to GitHub to sign in, then back to `next` (a path on this site).
#[utoipa::path(
    get,
    path = "/auth/login",
    tag = "auth",
    params(
        ("next" = Option<String>, Query, description = "A path on this site; default /status/v2"),
    ),
    responses(
        (status = 303, description = "To GitHub's authorize page (in demo mode, straight to next)"),
        (status = 404, description = "Sign-in is not configured", body = ErrorBody),
    )
)]
async fn login(
    State(auth): State<Auth>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    match auth.begin_sign_in(&headers, query.next.as_deref()) {
        Ok(to) => redirect(to),
        Err(error) => error.into_response(),
    }
}

/// Where GitHub sends the browser back: starts a session and goes on to `next`.
#[utoipa::path(
    get,
    path = "/auth/callback",
    tag = "auth",
    params(
        ("code" = Option<String>, Query, description = "From GitHub"),
        ("state" = Option<String>, Query, description = "The state /auth/login sent"),
    ),
    responses(
        (status = 303, description = "Signed in; on to next, with the session cookie"),
        (status = 400, description = "Unknown, used, expired or foreign state", body = ErrorBody),
        (status = 502, description = "GitHub refused or failed the sign-in", body = ErrorBody),
    )
)]
async fn callback(
    State(auth): State<Auth>,
    headers: HeaderMap,
    Query(answer): Query<Callback>,
) -> Response {
    match auth.finish_sign_in(&headers, answer).await {
        Ok(to) => redirect(to),
        Err(error) => error.into_response(),
    }
}

/// Ends the session on the server and clears the cookie.
#[utoipa::path(
    post,
    path = "/auth/logout",
    tag = "auth",
    responses(
        (status = 204, description = "Signed out (also when nobody was signed in)"),
        (status = 403, description = "From another site", body = ErrorBody),
    )
)]
async fn logout(State(auth): State<Auth>, method: Method, headers: HeaderMap) -> Response {
    match auth.sign_out(&method, &headers) {
        Ok(cookies) => {
            let mut response = StatusCode::NO_CONTENT.into_response();
            for cookie in cookies {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(error) => error.into_response(),
    }
}

/// Who is calling: login, whether a maintainer, and how they signed in.
#[utoipa::path(
    get,
    path = "/auth/me",
    tag = "auth",
    responses(
        (status = 200, description = "The caller, or login null", body = Me),
        (status = 401, description = "A bearer token this service refuses", body = ErrorBody),
    )
)]
async fn me(State(auth): State<Auth>, headers: HeaderMap) -> Response {
    match auth.me(&headers).await {
        Ok(me) => Json(me).into_response(),
        Err(error) => error.into_response(),
    }
}
