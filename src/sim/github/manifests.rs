//! GitHub's App manifest flow: the "new app" page on github.com that takes a manifest and sends
//! the browser back with a code, and `POST /app-manifests/{code}/conversions`, which trades the
//! code, once, for the new App's credentials.
//!
//! Every App registered here gets the committed test key, so that JWTs signed with the PEM the
//! conversion hands out verify, without generating an RSA key per test.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::GithubSim;
use super::control::EndpointKind;
use super::payload;
use super::server::{Ctx, Reply, answer};

const TEST_KEY_PEM: &str = include_str!("../../../fixtures/github/test-app-key.pem");
const TEST_KEY_PUBLIC_PEM: &str = include_str!("../../../fixtures/github/test-app-key.pub.pem");

/// GitHub's manifest codes expire after an hour.
const CODE_LIFETIME: chrono::Duration = chrono::Duration::hours(1);

/// Apps registered through the flow get ids from here on, far from the fixtures' ids.
const FIRST_APP_ID: u64 = 900_001;

#[derive(Default)]
pub(crate) struct ManifestState {
    /// Every manifest the "new app" page accepted, in order.
    received: Vec<Value>,
    /// Code → the App it converts to.
    codes: HashMap<String, Pending>,
    registered: u64,
}

struct Pending {
    app_id: u64,
    manifest: Value,
    owner: String,
    expires: DateTime<Utc>,
}

pub(crate) fn router() -> Router<GithubSim> {
    Router::new()
        .route("/settings/apps/new", get(new_app).post(new_app_form))
        .route("/organizations/{org}/settings/apps/new", get(new_org_app).post(new_org_app_form))
        .route("/app-manifests/{code}/conversions", post(conversion))
}

#[derive(Debug, Default, Deserialize)]
struct NewAppFields {
    manifest: Option<String>,
    state: Option<String>,
}

/// Who registers an App when no organisation is named: the signed-in user, as on GitHub.
fn personal_owner(sim: &GithubSim) -> String {
    sim.world().oauth.signed_in().unwrap_or("demo-maintainer").to_owned()
}

async fn new_app(
    State(sim): State<GithubSim>,
    Query(query): Query<NewAppFields>,
    headers: HeaderMap,
) -> Response {
    let owner = personal_owner(&sim);
    answer(sim, EndpointKind::Other, headers, |ctx| register(ctx, &owner, query, None)).await
}

async fn new_app_form(
    State(sim): State<GithubSim>,
    Query(query): Query<NewAppFields>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let owner = personal_owner(&sim);
    let form = form_fields(&body);
    answer(sim, EndpointKind::Other, headers, |ctx| register(ctx, &owner, query, Some(form))).await
}

async fn new_org_app(
    State(sim): State<GithubSim>,
    Path(org): Path<String>,
    Query(query): Query<NewAppFields>,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::Other, headers, |ctx| register(ctx, &org, query, None)).await
}

async fn new_org_app_form(
    State(sim): State<GithubSim>,
    Path(org): Path<String>,
    Query(query): Query<NewAppFields>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = form_fields(&body);
    answer(sim, EndpointKind::Other, headers, |ctx| register(ctx, &org, query, Some(form))).await
}

/// A form body that does not parse counts as an empty form: the page then says what is missing.
fn form_fields(body: &[u8]) -> NewAppFields {
    let pairs: Vec<(String, String)> = reqwest::Url::parse("http://form.invalid/")
        .map(|mut url| {
            url.set_query(Some(&String::from_utf8_lossy(body)));
            url.query_pairs().into_owned().collect()
        })
        .unwrap_or_default();
    let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    NewAppFields { manifest: field("manifest"), state: field("state") }
}

fn bad_manifest(reason: &str) -> Reply {
    let text = format!("Invalid GitHub App configuration: {reason}");
    Reply::status(StatusCode::UNPROCESSABLE_ENTITY, payload::message(&text, 422))
}

/// The "new app" page, answered as if the user pressed "Create GitHub App" at once.
fn register(ctx: Ctx<'_>, owner: &str, query: NewAppFields, form: Option<NewAppFields>) -> Reply {
    // GitHub reads the form field, and the query string when the page is opened by a link.
    let form = form.unwrap_or_default();
    let Some(text) = form.manifest.or(query.manifest) else {
        return bad_manifest("the manifest form field is missing");
    };
    let state = form.state.or(query.state);
    let Ok(manifest) = serde_json::from_str::<Value>(&text) else {
        return bad_manifest("the manifest is not JSON");
    };
    if manifest["name"].as_str().is_none_or(str::is_empty) {
        return bad_manifest("name can't be blank");
    }
    if manifest["hook_attributes"]["url"].as_str().is_none_or(str::is_empty) {
        return bad_manifest("hook_attributes.url can't be blank");
    }
    let Some(mut target) = manifest["redirect_url"].as_str().and_then(|u| u.parse().ok()) else {
        return bad_manifest("redirect_url must be a URL");
    };
    let target: &mut reqwest::Url = &mut target;
    let manifests = &mut ctx.world.manifests;
    manifests.received.push(manifest.clone());
    manifests.registered += 1;
    let seed = format!("manifest code {}", manifests.registered);
    let code = hex::encode(&Sha256::digest(seed.as_bytes())[..16]);
    let pending = Pending {
        app_id: FIRST_APP_ID + manifests.registered - 1,
        manifest,
        owner: owner.to_owned(),
        expires: Utc::now() + CODE_LIFETIME,
    };
    manifests.codes.insert(code.clone(), pending);
    target.query_pairs_mut().append_pair("code", &code);
    if let Some(state) = state {
        target.query_pairs_mut().append_pair("state", &state);
    }
    let mut reply = Reply::status(StatusCode::FOUND, Value::Null);
    reply.location = Some(target.to_string().into());
    reply
}

async fn conversion(
    State(sim): State<GithubSim>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::Other, headers, |ctx| convert(ctx, &code)).await
}

fn secret(prefix: &str, seed: &str) -> String {
    format!("{prefix}{}", hex::encode(&Sha256::digest(seed.as_bytes())[..20]))
}

fn convert(ctx: Ctx<'_>, code: &str) -> Reply {
    // Single use: the code is gone once tried, as on GitHub.
    let pending = ctx.world.manifests.codes.remove(code).filter(|p| p.expires > Utc::now());
    let Some(pending) = pending else {
        return Reply::status(StatusCode::NOT_FOUND, payload::not_found());
    };
    let world = &mut *ctx.world;
    let id = pending.app_id;
    let name = pending.manifest["name"].as_str().unwrap_or("app").to_owned();
    let slug: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let client_id = format!("Iv1.{}", &secret("", &format!("client id {id}"))[..16]);
    let client_secret = secret("", &format!("client secret {id}"));
    let webhook_secret = secret("", &format!("webhook secret {id}"));
    world.credentials.register_app(id, Some(TEST_KEY_PUBLIC_PEM.to_owned()));
    world.oauth.add_app(&client_id, &client_secret);
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let manifest = &pending.manifest;
    let owner = super::state::SimUser::derived(&pending.owner);
    let body = json!({
        "id": id,
        "slug": slug,
        "node_id": format!("A_kwDO{id}"),
        "owner": payload::user(ctx.api, &owner),
        "name": name,
        "description": manifest["description"],
        "external_url": manifest["url"],
        "html_url": format!("{}/apps/{slug}", ctx.api),
        "created_at": now,
        "updated_at": now,
        "permissions": manifest["default_permissions"],
        "events": manifest["default_events"],
        "client_id": client_id,
        "client_secret": client_secret,
        "webhook_secret": webhook_secret,
        "pem": TEST_KEY_PEM,
    });
    Reply::status(StatusCode::CREATED, body)
}

impl GithubSim {
    /// Every manifest the simulated "new app" page received, oldest first.
    pub fn registered_manifests(&self) -> Vec<Value> {
        self.world().manifests.received.clone()
    }
}
