//! Who may read and write through the API: maintainers signed in with GitHub (same origin
//! only), scripts with a named token, and nobody else. Every refusal changes nothing.

mod support;

use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use serde_json::{Value, json};
use support::{Options, TestServer};
use testbed::auth::AuthConfig;

const TOKEN: &str = "deploy-script-token-0123456789";

async fn guarded() -> TestServer {
    let auth = AuthConfig {
        maintainers: vec!["mekarpeles".to_owned()],
        tokens: vec![("deploy-script".to_owned(), TOKEN.into())],
        ..AuthConfig::default()
    };
    TestServer::start(Options { auth, sign_in: true, ..Options::default() }, |_| {}).await
}

/// `name=value` of every cookie a response sets.
fn cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect()
}

/// Signs `login` in through the whole OAuth round trip; returns the Cookie header value.
async fn sign_in(server: &TestServer, login: &str) -> String {
    server.sim.set_oauth_user(login);
    let browser =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let start = browser.get(server.url("/auth/login?next=/api/status")).send().await.unwrap();
    assert!(start.status().is_redirection(), "{}", start.status());
    let state_cookie = cookies(&start).join("; ");
    let authorize = start.headers()[LOCATION].to_str().unwrap().to_owned();
    let github = browser.get(&authorize).send().await.unwrap();
    let callback = github.headers()[LOCATION].to_str().unwrap().to_owned();
    let back = browser.get(&callback).header(COOKIE, &state_cookie).send().await.unwrap();
    assert!(back.status().is_redirection(), "callback answered {}", back.status());
    let set: Vec<String> =
        back.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let session = set.iter().find(|c| c.contains("HttpOnly") && !c.contains("Max-Age=0"));
    let session = session.unwrap_or_else(|| panic!("no session cookie in {set:?}"));
    assert!(session.contains("SameSite=Lax"), "{session}");
    session.split(';').next().unwrap().to_owned()
}

async fn add_with(server: &TestServer, request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.json(&json!({ "prs": [11214] })).send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    let in_file = server.state_file()["prs"].as_array().unwrap().iter().any(|p| p["pr"] == 11214);
    assert_eq!(in_file, status == 200, "status {status} but in file: {in_file}");
    (status, body)
}

#[tokio::test]
async fn no_credentials_and_a_wrong_token_are_refused() {
    let server = guarded().await;
    let before = std::fs::read(&server.files.state_file).unwrap();
    let (status, body) = add_with(&server, server.http.post(server.url("/api/prs/add"))).await;
    assert_eq!((status, body["error"]["code"].clone()), (401, json!("unauthenticated")));
    let wrong = server.http.post(server.url("/api/prs/add")).bearer_auth("not-the-token-at-all");
    let (status, _) = add_with(&server, wrong).await;
    assert_eq!(status, 401);
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), before);

    let read = server.http.get(server.url("/api/status")).send().await.unwrap();
    assert_eq!(read.status(), 401, "the testing set is for maintainers by default");
    let health = server.http.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn a_script_token_writes_under_its_name() {
    let server = guarded().await;
    let request = server.http.post(server.url("/api/prs/add")).bearer_auth(TOKEN);
    let (status, body) = add_with(&server, request).await;
    assert_eq!(status, 200, "{body:#}");
    let row = support::row(&body["snapshot"], 11214);
    assert_eq!(row["added_by"], "deploy-script");
    assert_eq!(body["snapshot"]["activity"][0]["channel"], "api");
}

#[tokio::test]
async fn a_signed_in_maintainer_writes_from_the_same_origin_only() {
    let server = guarded().await;
    let cookie = sign_in(&server, "mekarpeles").await;
    let me: Value = server
        .http
        .get(server.url("/auth/me"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((me["login"].clone(), me["maintainer"].clone()), (json!("mekarpeles"), json!(true)));

    let cross_site = server
        .http
        .post(server.url("/api/prs/add"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, "https://evil.example");
    let (status, body) = add_with(&server, cross_site).await;
    assert_eq!((status, body["error"]["code"].clone()), (403, json!("cross_site")));

    let same_site = server
        .http
        .post(server.url("/api/prs/add"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, &server.base);
    let (status, body) = add_with(&server, same_site).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(support::row(&body["snapshot"], 11214)["added_by"], "mekarpeles");
}

#[tokio::test]
async fn a_signed_in_non_maintainer_can_neither_write_nor_read() {
    let server = guarded().await;
    let cookie = sign_in(&server, "demo-visitor").await;
    let request = server
        .http
        .post(server.url("/api/prs/add"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, &server.base);
    let (status, body) = add_with(&server, request).await;
    assert_eq!((status, body["error"]["code"].clone()), (403, json!("not_a_maintainer")));
    let read =
        server.http.get(server.url("/api/status")).header(COOKIE, &cookie).send().await.unwrap();
    assert_eq!(read.status(), 403);
    let deploy = server
        .http
        .post(server.url("/api/deploy"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, &server.base)
        .send()
        .await
        .unwrap();
    assert_eq!(deploy.status(), 403);
    assert!(server.jenkins.triggered().is_empty());
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let server = guarded().await;
    let cookie = sign_in(&server, "mekarpeles").await;
    let out = server
        .http
        .post(server.url("/auth/logout"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, &server.base)
        .send()
        .await
        .unwrap();
    assert!(out.status().is_success() || out.status().is_redirection(), "{}", out.status());
    let request = server
        .http
        .post(server.url("/api/prs/add"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, &server.base);
    let (status, _) = add_with(&server, request).await;
    assert_eq!(status, 401);
}
