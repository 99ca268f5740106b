//! The HTTP face of the simulator: routes, and the pipeline every answer goes through
//! (counting, latency, faults, credentials, rate limit, ETag, 304).

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Json};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::auth::Caller;
use super::control::{EndpointKind, Fault, InFlight};
use super::oauth::{AuthorizeQuery, TokenRequest};
use super::{GithubSim, World};
use super::{oauth, people, routes};

pub(crate) fn router(sim: GithubSim) -> Router {
    Router::new()
        .route("/repos/{owner}/{repo}/pulls", get(list_pulls))
        .route("/repos/{owner}/{repo}/pulls/{number}", get(get_pull))
        .route("/repos/{owner}/{repo}/issues/{number}", get(get_issue))
        .route("/repos/{owner}/{repo}/compare/{*basehead}", get(compare))
        .route("/repos/{owner}/{repo}/installation", get(repo_installation))
        .route("/app/installations/{id}/access_tokens", post(access_token))
        .route("/rate_limit", get(rate_limit))
        .route("/user", get(current_user))
        .route("/orgs/{org}/teams/{team}/memberships/{username}", get(team_membership))
        .route("/repos/{owner}/{repo}/collaborators/{username}/permission", get(permission))
        .route("/login/oauth/authorize", get(oauth_authorize))
        .route("/login/oauth/access_token", post(oauth_access_token))
        .merge(super::talk_routes::router())
        .merge(super::manifests::router())
        .fallback(fallback)
        .with_state(sim)
}

/// What a route computed, before the pipeline adds headers and decides on a 304.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub link: Option<String>,
    /// Where a redirect sends the caller.
    pub location: Option<Box<str>>,
}

impl Reply {
    pub fn ok(body: Value) -> Self {
        Self { status: StatusCode::OK, body, link: None, location: None }
    }

    pub fn status(status: StatusCode, body: Value) -> Self {
        Self { status, body, link: None, location: None }
    }
}

/// Everything a route may look at while the state is locked.
pub(crate) struct Ctx<'a> {
    pub world: &'a mut World,
    pub caller: &'a Caller,
    pub api: &'a str,
}

fn api_root(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

fn json_response(status: StatusCode, body: &Value, extra: &[(&'static str, String)]) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    for (name, value) in extra {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(*name, value);
        }
    }
    response
}

fn etag_of(bytes: &[u8]) -> String {
    format!("W/\"{}\"", hex::encode(Sha256::digest(bytes)))
}

fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|candidate| {
            let candidate = candidate.trim();
            candidate == "*" || candidate.trim_start_matches("W/") == etag.trim_start_matches("W/")
        })
}

/// The pipeline every route goes through, in GitHub's order: faults and latency first, then
/// credentials, the rate limit, the body, and last the conditional answer.
pub(super) async fn answer(
    sim: GithubSim,
    kind: EndpointKind,
    headers: HeaderMap,
    route: impl FnOnce(Ctx<'_>) -> Reply,
) -> Response {
    let fault = sim.control().arrive(kind);
    let _in_flight = InFlight(sim.clone());
    let latency = sim.control().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        Some(Fault::Hang) => sim.hang().await,
        Some(Fault::Status(status)) => {
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let text = code.canonical_reason().unwrap_or("Server Error");
            return json_response(code, &super::payload::message(text, status), &[]);
        }
        Some(Fault::RateLimited { reset }) => {
            let limit = sim.control().bucket.limit;
            let body = super::payload::message("API rate limit exceeded for installation.", 403);
            let rate = [
                ("x-ratelimit-limit", limit.to_string()),
                ("x-ratelimit-remaining", "0".to_owned()),
                ("x-ratelimit-used", limit.to_string()),
                ("x-ratelimit-reset", reset.timestamp().to_string()),
                ("x-ratelimit-resource", "core".to_owned()),
            ];
            return json_response(StatusCode::FORBIDDEN, &body, &rate);
        }
        Some(Fault::Throttled { retry_after }) => {
            let body = super::payload::message(
                "You have exceeded a secondary rate limit. Please wait a few minutes before you \
                 try again.",
                429,
            );
            let retry = [("retry-after", retry_after.to_string())];
            return json_response(StatusCode::TOO_MANY_REQUESTS, &body, &retry);
        }
        None => {}
    }

    let api = api_root(&headers);
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let caller = {
        let world = sim.world();
        world.credentials.identify(authorization)
    };
    let caller = match caller {
        Ok(caller) => caller,
        Err(message) => {
            let body = super::payload::message(message, 401);
            return json_response(StatusCode::UNAUTHORIZED, &body, &[]);
        }
    };
    *sim.control().stats.by_auth.entry(caller.kind().to_owned()).or_default() += 1;

    let spends = kind != EndpointKind::RateLimit;
    let bucket = sim.control().bucket;
    if spends && bucket.remaining() == 0 {
        let body = super::payload::message("API rate limit exceeded.", 403);
        return json_response(StatusCode::FORBIDDEN, &body, &rate_headers(bucket));
    }

    let reply = {
        let mut world = sim.world();
        route(Ctx { world: &mut world, caller: &caller, api: &api })
    };
    let bytes = serde_json::to_vec(&reply.body).unwrap_or_default();
    let etag = etag_of(&bytes);
    let cacheable = reply.status == StatusCode::OK;
    if cacheable && matches_etag(&headers, &etag) {
        // GitHub does not charge the rate limit for a 304.
        let bucket = {
            let mut control = sim.control();
            control.stats.not_modified += 1;
            control.bucket
        };
        let mut extra = rate_headers(bucket);
        extra.push(("etag", etag));
        if let Some(link) = reply.link {
            extra.push(("link", link));
        }
        let mut response = json_response(StatusCode::NOT_MODIFIED, &Value::Null, &extra);
        *response.body_mut() = Body::empty();
        response.headers_mut().remove(header::CONTENT_TYPE);
        return response;
    }
    let bucket = {
        let mut control = sim.control();
        if spends {
            control.bucket.used += 1;
        }
        control.bucket
    };
    let mut extra = rate_headers(bucket);
    extra.push(("x-github-media-type", "github.v3; format=json".to_owned()));
    if cacheable {
        extra.push(("etag", etag));
        extra.push(("cache-control", "private, max-age=60, s-maxage=60".to_owned()));
    }
    if let Some(link) = reply.link {
        extra.push(("link", link));
    }
    if let Some(location) = reply.location {
        extra.push(("location", location.into()));
    }
    json_response(reply.status, &reply.body, &extra)
}

fn rate_headers(bucket: super::control::Bucket) -> Vec<(&'static str, String)> {
    vec![
        ("x-ratelimit-limit", bucket.limit.to_string()),
        ("x-ratelimit-remaining", bucket.remaining().to_string()),
        ("x-ratelimit-reset", bucket.reset.timestamp().to_string()),
        ("x-ratelimit-used", bucket.used.to_string()),
        ("x-ratelimit-resource", "core".to_owned()),
    ]
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    pub state: Option<String>,
    pub per_page: Option<String>,
    pub page: Option<String>,
}

type RepoPath = Path<(String, String)>;
type ItemPath = Path<(String, String, String)>;

async fn list_pulls(
    State(sim): State<GithubSim>,
    Path((owner, repo)): RepoPath,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::ListPulls, headers, |ctx| {
        routes::list_pulls(ctx, &owner, &repo, &query)
    })
    .await
}

async fn get_pull(
    State(sim): State<GithubSim>,
    Path((owner, repo, number)): ItemPath,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::GetPull, headers, |ctx| routes::get_pull(ctx, &owner, &repo, &number))
        .await
}

async fn get_issue(
    State(sim): State<GithubSim>,
    Path((owner, repo, number)): ItemPath,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::GetIssue, headers, |ctx| {
        routes::get_issue(ctx, &owner, &repo, &number)
    })
    .await
}

async fn compare(
    State(sim): State<GithubSim>,
    Path((owner, repo, basehead)): ItemPath,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::Compare, headers, |ctx| {
        routes::compare(ctx, &owner, &repo, &basehead)
    })
    .await
}

async fn repo_installation(
    State(sim): State<GithubSim>,
    Path((owner, repo)): RepoPath,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::RepoInstallation, headers, |ctx| {
        routes::repo_installation(ctx, &owner, &repo)
    })
    .await
}

async fn access_token(
    State(sim): State<GithubSim>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::AccessToken, headers, |ctx| routes::access_token(ctx, &id)).await
}

async fn rate_limit(State(sim): State<GithubSim>, headers: HeaderMap) -> Response {
    let bucket = sim.control().bucket;
    answer(sim, EndpointKind::RateLimit, headers, move |_| {
        Reply::ok(super::payload::rate_limit(bucket.limit, bucket.used, bucket.reset))
    })
    .await
}

async fn current_user(State(sim): State<GithubSim>, headers: HeaderMap) -> Response {
    answer(sim, EndpointKind::User, headers, routes::current_user).await
}

async fn team_membership(
    State(sim): State<GithubSim>,
    Path((org, team, username)): ItemPath,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::TeamMembership, headers, |ctx| {
        people::team_membership(ctx, &org, &team, &username)
    })
    .await
}

async fn permission(
    State(sim): State<GithubSim>,
    Path((owner, repo, username)): ItemPath,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::CollaboratorPermission, headers, |ctx| {
        people::collaborator_permission(ctx, &owner, &repo, &username)
    })
    .await
}

async fn oauth_authorize(
    State(sim): State<GithubSim>,
    Query(query): Query<AuthorizeQuery>,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::OAuthAuthorize, headers, |ctx| oauth::authorize(ctx, &query)).await
}

/// GitHub documents a form body and also reads JSON; the simulator takes both.
async fn oauth_access_token(State(sim): State<GithubSim>, request: Request) -> Response {
    let headers = request.headers().clone();
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let fields = if json {
        Json::<TokenRequest>::from_request(request, &()).await.map(|Json(f)| f).ok()
    } else {
        Form::<TokenRequest>::from_request(request, &()).await.map(|Form(f)| f).ok()
    };
    let fields = fields.unwrap_or_default();
    answer(sim, EndpointKind::OAuthToken, headers, |ctx| oauth::access_token(ctx, &fields)).await
}

async fn fallback(State(sim): State<GithubSim>, headers: HeaderMap) -> Response {
    answer(sim, EndpointKind::Other, headers, |_| {
        Reply::status(StatusCode::NOT_FOUND, super::payload::not_found())
    })
    .await
}
