//! The two pages of the registration: the offer, and GitHub's return.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::credentials::{self, Conversion};
use super::pages::{self, escape};
use super::{SetupConfig, SetupError, manifest};

/// Long enough to read GitHub's page and press its button; GitHub's codes live an hour.
const STATE_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// Bounds the states anonymous visitors can make the server remember.
const MAX_STATES: usize = 1000;

const STATE_COOKIE: &str = "testbed_setup_state";

const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone)]
struct Setup {
    config: Arc<SetupConfig>,
    states: Arc<Mutex<HashMap<String, Instant>>>,
    http: reqwest::Client,
}

/// `GET /setup` and `GET /setup/callback`.
pub fn routes(config: SetupConfig) -> Router {
    // Without a client GitHub cannot be asked; the callback then says so on its page.
    let http = crate::github::web_client(TIMEOUT).unwrap_or_default();
    let setup =
        Setup { config: Arc::new(config), states: Arc::new(Mutex::new(HashMap::new())), http };
    Router::new()
        .route("/setup", get(offer))
        .route("/setup/callback", get(callback))
        .with_state(setup)
}

impl Setup {
    fn states(&self) -> std::sync::MutexGuard<'_, HashMap<String, Instant>> {
        // The map is only ever inserted into and removed from: a poisoned lock is still sound.
        self.states.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn new_state(&self) -> Result<String, SetupError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| SetupError::Random(e.to_string()))?;
        let state = hex::encode(bytes);
        let now = Instant::now();
        let mut states = self.states();
        states.retain(|_, expires| *expires > now);
        if states.len() >= MAX_STATES
            && let Some(oldest) = states.iter().min_by_key(|(_, e)| **e).map(|(s, _)| s.clone())
        {
            states.remove(&oldest);
        }
        states.insert(state.clone(), now + STATE_LIFETIME);
        Ok(state)
    }

    /// True once for a state this server handed out, to the browser it handed it to.
    fn take_state(&self, state: &str, cookie: Option<&str>) -> bool {
        let expires = self.states().remove(state);
        let same_browser = cookie.is_some_and(|c| c.as_bytes() == state.as_bytes());
        expires.is_some_and(|e| e > Instant::now()) && same_browser
    }

    fn form_target(&self, state: &str) -> String {
        let web = self.config.web_base.trim_end_matches('/');
        let page = match &self.config.org {
            Some(org) => format!("{web}/organizations/{org}/settings/apps/new"),
            None => format!("{web}/settings/apps/new"),
        };
        format!("{page}?state={state}")
    }

    fn secure_cookie(&self) -> bool {
        self.config.public_url.starts_with("https://")
    }
}

fn already_registered(config: &SetupConfig) -> bool {
    config.credentials_file.exists()
}

fn error_page(error: &SetupError) -> Response {
    let (status, title) = match error {
        SetupError::BadState | SetupError::MissingCode => {
            (StatusCode::BAD_REQUEST, "This registration link expired; start again")
        }
        SetupError::Refused { .. } => (StatusCode::BAD_GATEWAY, "GitHub refused the registration"),
        SetupError::Unreachable(_) | SetupError::BadAnswer(_) => {
            (StatusCode::BAD_GATEWAY, "GitHub could not finish the registration")
        }
        SetupError::AlreadyRegistered(_) => (StatusCode::CONFLICT, "An App is already registered"),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "The registration could not be saved"),
    };
    pages::error(status, title, &error.to_string())
}

async fn offer(State(setup): State<Setup>) -> Response {
    let config = &setup.config;
    if already_registered(config) {
        return error_page(&SetupError::AlreadyRegistered(config.credentials_file.clone()));
    }
    let built = manifest::build(&config.public_url).and_then(|m| Ok((m, setup.new_state()?)));
    let (manifest, state) = match built {
        Ok(parts) => parts,
        Err(error) => {
            tracing::error!(%error, "cannot offer the App registration");
            return error_page(&error);
        }
    };
    let target = setup.form_target(&state);
    let owner = match &config.org {
        Some(org) => format!("the organisation <b>{}</b>", escape(org)),
        None => "your GitHub account".to_owned(),
    };
    let body = format!(
        "<p>testbed has no GitHub App yet. The button below sends you to GitHub to create one \
         for {owner}, with the permissions and events in <code>app-manifest.yml</code>; its \
         webhooks go to <code>{public}/webhook</code>.</p>\
         <p>GitHub then sends you back here, and testbed saves the App's key and secrets in \
         <code>{file}</code>, readable by its owner only. You install the App on the \
         repository afterwards and restart testbed.</p>\
         <form method=post action=\"{action}\">\
         <input type=hidden name=manifest value=\"{manifest}\">\
         <button type=submit>Create the GitHub App</button></form>",
        public = escape(config.public_url.trim_end_matches('/')),
        file = escape(&config.credentials_file.display().to_string()),
        action = escape(&target),
        manifest = escape(&manifest.to_string()),
    );
    let mut response =
        pages::page(StatusCode::OK, "Register testbed on GitHub", &body, Some(&target));
    let secure = if setup.secure_cookie() { "; Secure" } else { "" };
    let cookie = format!(
        "{STATE_COOKIE}={state}; Path=/setup; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        STATE_LIFETIME.as_secs()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
}

fn state_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(STATE_COOKIE)?.strip_prefix('='))
}

async fn callback(
    State(setup): State<Setup>,
    Query(query): Query<CallbackQuery>,
    headers: HeaderMap,
) -> Response {
    match register(&setup, &query, state_cookie(&headers)).await {
        Ok(done) => done,
        Err(error) => {
            tracing::warn!(%error, "App registration failed");
            error_page(&error)
        }
    }
}

async fn register(
    setup: &Setup,
    query: &CallbackQuery,
    cookie: Option<&str>,
) -> Result<Response, SetupError> {
    let state = query.state.as_deref().unwrap_or_default();
    if !setup.take_state(state, cookie) {
        return Err(SetupError::BadState);
    }
    // GitHub's codes are short and URL-safe; anything else must not reach the path.
    let code = query
        .code
        .as_deref()
        .filter(|c| !c.is_empty() && c.len() <= 200)
        .filter(|c| c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .ok_or(SetupError::MissingCode)?;
    let path = &setup.config.credentials_file;
    // Checked before the code is spent, so a second registration cannot replace the first.
    if already_registered(&setup.config) {
        return Err(SetupError::AlreadyRegistered(path.clone()));
    }
    let app = convert(setup, code).await?;
    credentials::write(path, &app.credentials(), &app.slug)?;
    let owner = app.owner.as_ref().map_or("", |o| o.login.as_str());
    tracing::info!(app_id = app.id, slug = %app.slug, owner, file = %path.display(),
        "GitHub App registered");
    let install = format!("{}/installations/new", app.html_url.trim_end_matches('/'));
    let body = format!(
        "<p>Registered <b>{slug}</b> (App id {id}) and saved its credentials in \
         <code>{file}</code>.</p>\
         <p>Install it on the repository: <a href=\"{install}\">{install}</a></p>\
         <p>Then restart testbed so that it runs as the App.</p>",
        slug = escape(&app.slug),
        id = app.id,
        file = escape(&path.display().to_string()),
        install = escape(&install),
    );
    let mut response = pages::page(StatusCode::OK, "App registered", &body, None);
    let clear = format!("{STATE_COOKIE}=; Path=/setup; Max-Age=0; HttpOnly; SameSite=Lax");
    if let Ok(value) = HeaderValue::from_str(&clear) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `POST /app-manifests/{code}/conversions`: no credentials, the code is the proof.
async fn convert(setup: &Setup, code: &str) -> Result<Conversion, SetupError> {
    let api = setup.config.api_base.trim_end_matches('/');
    let url = format!("{api}/app-manifests/{code}/conversions");
    // Without the URL in errors: it carries the code.
    let unreachable = |e: reqwest::Error| SetupError::Unreachable(e.without_url().to_string());
    let answer = setup
        .http
        .post(url)
        .header(header::ACCEPT, "application/vnd.github+json")
        .header("x-github-api-version", "2022-11-28")
        .send()
        .await
        .map_err(unreachable)?;
    let status = answer.status();
    let bytes = answer.bytes().await.map_err(unreachable)?;
    if !status.is_success() {
        let message = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("no reason given").to_owned());
        let message = match status {
            StatusCode::NOT_FOUND => {
                format!("{message} (the code was already used or has expired)")
            }
            _ => message,
        };
        return Err(SetupError::Refused { status: status.as_u16(), message });
    }
    serde_json::from_slice(&bytes).map_err(|e| SetupError::BadAnswer(e.to_string()))
}
