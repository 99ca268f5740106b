//! Shared set-up for the sign-in tests: the simulated GitHub seeded with the demo fixture, the
//! auth routes plus two stand-in endpoints (one write, one read) on a loopback port, and a
//! small browser that keeps cookies and follows redirects one at a time.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use reqwest::StatusCode;
use serde_json::{Value, json};
use testbed::auth::{Auth, AuthConfig, OAuthConfig, Permission};
use testbed::github::{GithubAuth, GithubClient, GithubConfig};
use testbed::sim::{
    DEMO_FIXTURE, DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET, DEMO_TOKEN, GithubSim, RunningSim,
};

pub const TEAM: (&str, &str) = ("internetarchive", "openlibrary-maintainers");
pub const SCRIPT_TOKEN: &str = "tok_deployScript0123456789abcdef";

pub struct Harness {
    pub sim: GithubSim,
    pub running: RunningSim,
    pub auth: Auth,
    /// `http://127.0.0.1:PORT` of the service.
    pub base: String,
}

/// Sign-in against the simulator, the demo team as maintainers, one script token.
pub fn config(sim: &RunningSim) -> AuthConfig {
    AuthConfig {
        team: Some((TEAM.0.to_owned(), TEAM.1.to_owned())),
        tokens: vec![("deploy-script".to_owned(), SCRIPT_TOKEN.to_owned().into())],
        oauth: Some(OAuthConfig {
            client_id: DEMO_OAUTH_CLIENT_ID.to_owned(),
            client_secret: DEMO_OAUTH_CLIENT_SECRET.to_owned().into(),
            oauth_base: sim.base_url().to_owned(),
            api_base: sim.base_url().to_owned(),
        }),
        ..AuthConfig::default()
    }
}

pub fn github_client(running: &RunningSim) -> GithubClient {
    GithubClient::new(GithubConfig {
        api_base: running.base_url().to_owned(),
        repo: "internetarchive/openlibrary".parse().expect("repository name"),
        auth: GithubAuth::Token(DEMO_TOKEN.to_owned().into()),
    })
    .expect("GitHub client")
}

pub async fn sim() -> (GithubSim, RunningSim) {
    testbed::jenkins::install_tls_provider();
    let sim = GithubSim::from_fixture(DEMO_FIXTURE).expect("demo fixture");
    let running = sim.serve(SocketAddr::from(([127, 0, 0, 1], 0))).await.expect("simulator");
    (sim, running)
}

/// Answers the caller as JSON, as a write endpoint of the API would see them.
async fn write(State(auth): State<Auth>, method: Method, headers: HeaderMap) -> Response {
    match auth.require_writer(&method, &headers).await {
        Ok(caller) => axum::Json(json!({ "caller": caller })).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn read(State(auth): State<Auth>, headers: HeaderMap) -> Response {
    match auth.require_reader(&headers).await {
        Ok(caller) => axum::Json(json!({ "caller": caller })).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Serves `auth`'s routes, `POST /api/write` and `GET /api/read` on a free port.
pub async fn serve(auth: &Auth) -> String {
    let app = auth.routes().merge(
        Router::new()
            .route("/api/write", post(write))
            .route("/api/read", get(read))
            .with_state(auth.clone()),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

impl Harness {
    pub async fn start(adjust: impl FnOnce(&mut AuthConfig)) -> Harness {
        let (sim, running) = sim().await;
        let mut config = config(&running);
        adjust(&mut config);
        let auth = Auth::new(config, Some(github_client(&running)));
        let base = serve(&auth).await;
        Harness { sim, running, auth, base }
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// A browser signed in as `login` through the whole OAuth round trip.
    pub async fn signed_in(&self, login: &str) -> Browser {
        self.sim.set_oauth_user(login);
        let mut browser = self.browser();
        let landed = browser.sign_in("/status/v2").await;
        assert_eq!(landed.status, StatusCode::SEE_OTHER);
        assert_eq!(landed.location(), Some("/status/v2"));
        browser
    }
}

/// One answer, with everything the tests look at.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }

    pub fn set_cookies(&self) -> Vec<String> {
        let all = self.headers.get_all("set-cookie");
        all.iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect()
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }

    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// A browser as far as these tests need one: cookies for the service's host only, no
/// automatic redirects.
pub struct Browser {
    pub base: String,
    pub http: reqwest::Client,
    pub cookies: HashMap<String, String>,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client");
        Self { base: base.to_owned(), http, cookies: HashMap::new() }
    }

    fn ours(&self, url: &str) -> bool {
        url.starts_with(&self.base)
    }

    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub async fn send(&mut self, request: reqwest::RequestBuilder, url: &str) -> Answer {
        let request = if self.ours(url) && !self.cookies.is_empty() {
            request.header("cookie", self.cookie_header())
        } else {
            request
        };
        let response = request.send().await.expect("request");
        let answer = Answer {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.expect("body"),
        };
        if self.ours(url) {
            for cookie in answer.set_cookies() {
                let pair = cookie.split(';').next().unwrap_or_default();
                let (name, value) = pair.split_once('=').expect("name=value");
                let cleared = cookie.contains("Max-Age=0");
                if cleared {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        answer
    }

    pub async fn get(&mut self, url: &str) -> Answer {
        let url = self.absolute(url);
        let request = self.http.get(&url);
        self.send(request, &url).await
    }

    /// A POST as a page of `origin` would send it (no `Origin` header when `None`).
    pub async fn post(&mut self, path: &str, origin: Option<&str>) -> Answer {
        let url = self.absolute(path);
        let mut request = self.http.post(&url);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        self.send(request, &url).await
    }

    pub fn absolute(&self, url: &str) -> String {
        if url.starts_with('/') { format!("{}{url}", self.base) } else { url.to_owned() }
    }

    /// `/auth/login?next=…` → GitHub's authorize page → the callback. Returns the callback's
    /// answer (a redirect to `next` when all went well).
    pub async fn sign_in(&mut self, next: &str) -> Answer {
        let callback = self.callback_url(next).await;
        self.get(&callback).await
    }

    /// Goes as far as GitHub's redirect back, and returns the callback URL it points to.
    pub async fn callback_url(&mut self, next: &str) -> String {
        let next = url_encode(next);
        let login = self.get(&format!("/auth/login?next={next}")).await;
        assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
        let authorize = login.location().expect("to GitHub").to_owned();
        let github = self.get(&authorize).await;
        assert_eq!(github.status, StatusCode::FOUND, "{}", github.body);
        github.location().expect("back to the callback").to_owned()
    }
}

pub fn url_encode(text: &str) -> String {
    let mut url = reqwest::Url::parse("http://x.invalid/").expect("URL");
    url.query_pairs_mut().append_pair("v", text);
    url.query().unwrap_or_default().trim_start_matches("v=").to_owned()
}

/// The permission threshold used by the permission tests.
pub fn permission(name: &str) -> Permission {
    Permission::parse(name).expect("a role name")
}
