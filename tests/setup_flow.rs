//! Registering the GitHub App through `/setup`, over HTTP, against the simulated GitHub's
//! manifest pages.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use reqwest::StatusCode;
use secrecy::ExposeSecret;
use serde_json::Value;
use testbed::setup::{SetupConfig, SetupError, load_credentials, routes};
use testbed::sim::github::{DEMO_FIXTURE, GithubSim, RunningSim};

const TEST_KEY: &str = include_str!("../fixtures/github/test-app-key.pem");
const MANIFEST_YAML: &str = include_str!("../app-manifest.yml");

struct Harness {
    sim: GithubSim,
    running: RunningSim,
    /// testbed's setup pages, as GitHub and browsers reach them.
    public: String,
    credentials: PathBuf,
    http: reqwest::Client,
    _folder: tempfile::TempDir,
}

impl Harness {
    async fn start(org: Option<&str>) -> Self {
        testbed::jenkins::install_tls_provider();
        let sim = GithubSim::from_fixture(DEMO_FIXTURE).unwrap();
        let running = sim.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let folder = tempfile::tempdir().unwrap();
        let credentials = folder.path().join(".testbed-app.env");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let public = format!("http://{}", listener.local_addr().unwrap());
        let config = SetupConfig {
            public_url: public.clone(),
            web_base: running.base_url().to_owned(),
            api_base: running.base_url().to_owned(),
            org: org.map(str::to_owned),
            credentials_file: credentials.clone(),
        };
        tokio::spawn(async move { axum::serve(listener, routes(config)).await });
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Self { sim, running, public, credentials, http, _folder: folder }
    }

    /// `GET /setup`: the form's target, its manifest field, and the state cookie.
    async fn offer(&self) -> Offer {
        let answer = self.http.get(format!("{}/setup", self.public)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        let csp = answer.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains(&format!("form-action {}", self.running.base_url())), "{csp}");
        let cookie = answer.headers()["set-cookie"].to_str().unwrap().to_owned();
        let cookie = cookie.split(';').next().unwrap().to_owned();
        let page = answer.text().await.unwrap();
        assert!(!page.contains("<script"), "{page}");
        Offer { action: attribute(&page, "action"), manifest: attribute(&page, "value"), cookie }
    }

    /// Submits the form as a browser would; returns where GitHub sends the browser.
    async fn submit(&self, offer: &Offer) -> String {
        let answer = self
            .http
            .post(&offer.action)
            .form(&[("manifest", offer.manifest.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::FOUND);
        answer.headers()["location"].to_str().unwrap().to_owned()
    }

    async fn land(&self, url: &str, cookie: &str) -> (StatusCode, String) {
        let answer = self.http.get(url).header("cookie", cookie).send().await.unwrap();
        (answer.status(), answer.text().await.unwrap())
    }
}

struct Offer {
    action: String,
    manifest: String,
    cookie: String,
}

/// The first `name="…"` attribute on the page, unescaped.
fn attribute(page: &str, name: &str) -> String {
    let start = page.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + page[start..].find('"').unwrap();
    page[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn query_value(url: &str, key: &str) -> String {
    let url = reqwest::Url::parse(url).unwrap();
    url.query_pairs().find(|(k, _)| k == key).unwrap().1.into_owned()
}

#[tokio::test]
async fn the_whole_flow_registers_the_app_and_saves_its_credentials() {
    let harness = Harness::start(None).await;
    let offer = harness.offer().await;
    let new_app = format!("{}/settings/apps/new?state=", harness.running.base_url());
    assert!(offer.action.starts_with(&new_app), "{}", offer.action);
    let state = query_value(&offer.action, "state");
    assert_eq!(state.len(), 64);
    assert_eq!(offer.cookie, format!("testbed_setup_state={state}"));

    let callback = harness.submit(&offer).await;
    assert!(callback.starts_with(&format!("{}/setup/callback?code=", harness.public)));
    assert_eq!(query_value(&callback, "state"), state);
    let (status, page) = harness.land(&callback, &offer.cookie).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Registered <b>testbed</b>"), "{page}");
    let install = format!("{}/apps/testbed/installations/new", harness.running.base_url());
    assert!(page.contains(&install), "{page}");
    assert!(page.contains("restart testbed"), "{page}");
    assert!(!page.contains("PRIVATE KEY"), "{page}");

    let mode = std::fs::metadata(&harness.credentials).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&harness.credentials).unwrap();
    assert!(text.contains("PRIVATE_KEY=-----BEGIN"), "PEM on one line");
    assert_eq!(text.lines().filter(|l| l.starts_with("PRIVATE_KEY=")).count(), 1);
    let app = load_credentials(&harness.credentials).unwrap().unwrap();
    assert_eq!(app.app_id, 900_001);
    assert_eq!(app.private_key.expose_secret(), TEST_KEY);
    assert_eq!(app.webhook_secret.expose_secret().len(), 40);
    assert!(app.client_id.starts_with("Iv1."), "{}", app.client_id);
    assert_eq!(app.client_secret.expose_secret().len(), 40);
    let debug = format!("{app:?}");
    assert!(!debug.contains(app.client_secret.expose_secret()), "{debug}");
    assert!(!debug.contains("BEGIN"), "{debug}");

    let manifests = harness.sim.registered_manifests();
    assert_eq!(manifests.len(), 1);
    let sent = &manifests[0];
    let public = &harness.public;
    assert_eq!(sent["hook_attributes"]["url"], format!("{public}/webhook"));
    assert_eq!(sent["redirect_url"], format!("{public}/setup/callback"));
    assert_eq!(sent["callback_urls"], serde_json::json!([format!("{public}/auth/callback")]));
    assert_eq!(sent["url"], format!("{public}/status/v2"));
    let written: Value = serde_norway::from_str(MANIFEST_YAML).unwrap();
    assert_eq!(sent["default_permissions"], written["default_permissions"]);
    assert_eq!(sent["default_events"], written["default_events"]);
    assert_eq!(sent["name"], "testbed");

    // A registered App is not offered again.
    let again = harness.http.get(format!("{public}/setup")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_organisation_registers_the_app_on_its_own_page() {
    let harness = Harness::start(Some("internetarchive")).await;
    let offer = harness.offer().await;
    let page = format!(
        "{}/organizations/internetarchive/settings/apps/new?state=",
        harness.running.base_url()
    );
    assert!(offer.action.starts_with(&page), "{}", offer.action);
    let callback = harness.submit(&offer).await;
    let (status, page) = harness.land(&callback, &offer.cookie).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(load_credentials(&harness.credentials).unwrap().is_some());
}

#[tokio::test]
async fn a_wrong_or_reused_state_is_refused() {
    let harness = Harness::start(None).await;
    let offer = harness.offer().await;
    let callback = harness.submit(&offer).await;
    let state = query_value(&callback, "state");

    let forged = callback.replace(&state, &"0".repeat(64));
    let (status, page) = harness.land(&forged, "testbed_setup_state=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("This registration link expired; start again"), "{page}");

    // The right state from another browser (no cookie) is refused, and spent.
    let (status, _) = harness.land(&callback, "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, page) = harness.land(&callback, &offer.cookie).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("expired"), "{page}");
    assert!(load_credentials(&harness.credentials).unwrap().is_none());
}

#[tokio::test]
async fn a_code_used_twice_fails_with_a_clear_page() {
    let harness = Harness::start(None).await;
    let offer = harness.offer().await;
    let callback = harness.submit(&offer).await;
    let code = query_value(&callback, "code");
    let conversion = format!("{}/app-manifests/{code}/conversions", harness.running.base_url());
    let first = harness.http.post(&conversion).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let second = harness.http.post(&conversion).send().await.unwrap();
    assert_eq!(second.status(), StatusCode::NOT_FOUND);

    let (status, page) = harness.land(&callback, &offer.cookie).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{page}");
    assert!(page.contains("GitHub refused the registration"), "{page}");
    assert!(page.contains("already used"), "{page}");
    assert!(!harness.credentials.exists());
}

#[tokio::test]
async fn credentials_readable_by_others_are_refused_and_a_missing_file_is_none() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(".testbed-app.env");
    assert!(load_credentials(&path).unwrap().is_none());

    let text = "APP_ID=7\nPRIVATE_KEY=a\\nb\nWEBHOOK_SECRET=w\nGITHUB_CLIENT_ID=Iv1.x\n\
                GITHUB_CLIENT_SECRET=s\n";
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let error = load_credentials(&path).unwrap_err();
    assert!(matches!(error, SetupError::Exposed { mode: 0o640, .. }), "{error:?}");
    assert!(error.to_string().contains("chmod 600"), "{error}");

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let app = load_credentials(&path).unwrap().unwrap();
    assert_eq!((app.app_id, app.client_id.as_str()), (7, "Iv1.x"));
    assert_eq!(app.private_key.expose_secret(), "a\nb\n");

    std::fs::write(&path, "APP_ID=7\n").unwrap();
    let error = load_credentials(&path).unwrap_err();
    assert!(error.to_string().contains("PRIVATE_KEY is missing"), "{error}");
}
