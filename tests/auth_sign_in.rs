//! Signing in with GitHub, over HTTP, against the simulated GitHub's OAuth pages.

#[path = "support/auth.rs"]
mod support;

use reqwest::StatusCode;
use support::{Browser, Harness};

fn attributes(cookie: &str) -> Vec<String> {
    cookie.split(';').skip(1).map(|a| a.trim().to_ascii_lowercase()).collect()
}

#[tokio::test]
async fn a_full_round_trip_signs_in_and_out() {
    let harness = Harness::start(|_| {}).await;
    harness.sim.set_oauth_user("cdrini");
    let mut browser = harness.browser();

    let login = browser.get("/auth/login?next=/status/v2%3Frows%3D3").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let authorize = login.location().unwrap().to_owned();
    assert!(
        authorize.starts_with(&format!("{}/login/oauth/authorize?", harness.running.base_url()))
    );
    assert!(authorize.contains("client_id=Iv1.demo"), "{authorize}");
    let state_cookie = &login.set_cookies()[0];
    assert!(state_cookie.starts_with("testbed_oauth_state="));
    let attrs = attributes(state_cookie);
    for wanted in ["httponly", "samesite=lax", "path=/auth", "max-age=600"] {
        assert!(attrs.contains(&wanted.to_owned()), "{state_cookie}");
    }

    let github = browser.get(&authorize).await;
    assert_eq!(github.status, StatusCode::FOUND);
    let callback = github.location().unwrap().to_owned();
    assert!(callback.starts_with(&format!("{}/auth/callback?code=", harness.base)));

    let landed = browser.get(&callback).await;
    assert_eq!(landed.status, StatusCode::SEE_OTHER, "{}", landed.body);
    assert_eq!(landed.location(), Some("/status/v2?rows=3"));
    let cookies = landed.set_cookies();
    let session = cookies.iter().find(|c| c.starts_with("testbed_session=")).unwrap();
    let attrs = attributes(session);
    for wanted in ["httponly", "samesite=lax", "path=/"] {
        assert!(attrs.contains(&wanted.to_owned()), "{session}");
    }
    assert!(!attrs.contains(&"secure".to_owned()), "plain http: {session}");
    assert_eq!(session.split(';').next().unwrap().len(), "testbed_session=".len() + 64);
    assert!(!browser.cookies.contains_key("testbed_oauth_state"), "the state cookie is cleared");

    let me = browser.get("/auth/me").await;
    assert_eq!(me.headers.get("cache-control").unwrap(), "no-store");
    let me = me.json();
    assert_eq!(me["login"], "cdrini");
    assert_eq!(me["maintainer"], true);
    assert_eq!(me["via"], "session");
    assert_eq!(me["sign_in_available"], true);

    // The cookie as it was before signing out: it must no longer work anywhere.
    let kept = browser.cookie_header();
    let out = browser.post("/auth/logout", Some(&harness.base.clone())).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.set_cookies()[0].contains("Max-Age=0"));
    let me = browser.get("/auth/me").await.json();
    assert!(me["login"].is_null() && me["via"].is_null() && me["maintainer"] == false, "{me}");

    let stolen = browser.http.get(format!("{}/auth/me", harness.base)).header("cookie", kept);
    let me: serde_json::Value = stolen.send().await.unwrap().json().await.unwrap();
    assert!(me["login"].is_null(), "the session ended on the server: {me}");
}

#[tokio::test]
async fn a_wrong_reused_or_foreign_state_is_refused() {
    let harness = Harness::start(|_| {}).await;
    harness.sim.set_oauth_user("cdrini");

    let mut browser = harness.browser();
    let callback = browser.callback_url("/status/v2").await;
    let (before, state) = callback.split_once("state=").unwrap();
    let wrong = browser.get(&format!("{before}state=x{state}")).await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::BAD_REQUEST, "bad_state".into()));
    // The wrong attempt did not use up the real state, only a state that does not exist;
    // but the real one does not survive its own use.
    let first = browser.get(&callback).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let again = browser.get(&callback).await;
    assert_eq!((again.status, again.code()), (StatusCode::BAD_REQUEST, "bad_state".into()));

    // A callback started in one browser and opened in another (a forged link).
    let mut attacker = harness.browser();
    let forged = attacker.callback_url("/status/v2").await;
    let mut victim = harness.browser();
    let refused = victim.get(&forged).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::BAD_REQUEST, "bad_state".into()));
    assert!(!victim.cookies.contains_key("testbed_session"));
    // Refused once, the state is spent for the attacker too.
    let late = attacker.get(&forged).await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);

    // Signing in again replaces the session: the older id stops working.
    let older = browser.cookie_header();
    assert_eq!(browser.sign_in("/").await.status, StatusCode::SEE_OTHER);
    assert_ne!(browser.cookie_header(), older);
    let old = browser.http.get(format!("{}/auth/me", harness.base)).header("cookie", older);
    let me: serde_json::Value = old.send().await.unwrap().json().await.unwrap();
    assert!(me["login"].is_null(), "{me}");

    let no_state = browser.get("/auth/callback?code=abc").await;
    assert_eq!(no_state.code(), "bad_state");
}

#[tokio::test]
async fn next_never_leads_off_site() {
    let harness = Harness::start(|_| {}).await;
    harness.sim.set_oauth_user("cdrini");
    for next in ["https://evil.example", "//evil.example/x", "/\\evil.example", "javascript:x"] {
        let mut browser = harness.browser();
        let landed = browser.sign_in(next).await;
        assert_eq!(landed.status, StatusCode::SEE_OTHER);
        assert_eq!(landed.location(), Some("/status/v2"), "next={next}");
    }
}

#[tokio::test]
async fn a_signed_in_reader_without_write_access_is_no_maintainer() {
    let harness = Harness::start(|c| c.min_permission = Some(support::permission("write"))).await;
    let mut visitor = harness.signed_in("demo-visitor").await;
    let me = visitor.get("/auth/me").await.json();
    assert_eq!(
        (me["login"].as_str(), me["maintainer"].as_bool()),
        (Some("demo-visitor"), Some(false))
    );
    assert!(me["reason"].as_str().unwrap().contains("not a maintainer"), "{me}");
    let write = visitor.post("/api/write", Some(&harness.base.clone())).await;
    assert_eq!((write.status, write.code()), (StatusCode::FORBIDDEN, "not_a_maintainer".into()));
    let read = visitor.get("/api/read").await;
    assert_eq!(read.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_cookie_is_secure_behind_an_https_public_url() {
    let harness = Harness::start(|c| c.public_url = Some("https://testing.example".into())).await;
    harness.sim.set_oauth_user("mekarpeles");
    let mut browser = harness.browser();
    // GitHub sends the browser to the public URL; the test plays the proxy in front of us.
    let public_callback = browser.callback_url("/status/v2").await;
    let path = public_callback.strip_prefix("https://testing.example").unwrap().to_owned();
    let landed = browser.get(&path).await;
    assert_eq!(landed.status, StatusCode::SEE_OTHER, "{}", landed.body);
    let session = landed.set_cookies().into_iter().find(|c| c.starts_with("testbed_session="));
    assert!(attributes(&session.unwrap()).contains(&"secure".to_owned()));

    let own = browser.post("/api/write", Some("https://testing.example")).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let loopback = browser.post("/api/write", Some(&harness.base.clone())).await;
    assert_eq!(loopback.code(), "cross_site", "only the public origin counts once configured");
}

#[tokio::test]
async fn github_refusing_the_code_exchange_is_a_clear_failure() {
    let harness = Harness::start(|c| {
        if let Some(oauth) = &mut c.oauth {
            oauth.client_secret = "not-the-secret".to_owned().into();
        }
    })
    .await;
    harness.sim.set_oauth_user("cdrini");
    let mut browser = harness.browser();
    let failed = browser.sign_in("/status/v2").await;
    assert_eq!((failed.status, failed.code()), (StatusCode::BAD_GATEWAY, "sign_in_failed".into()));
    assert!(failed.body.contains("incorrect_client_credentials"), "{}", failed.body);
    assert!(!failed.body.contains("not-the-secret"));
}

#[tokio::test]
async fn without_sign_in_configured_the_login_page_says_so() {
    let harness = Harness::start(|c| c.oauth = None).await;
    let mut browser = Browser::new(&harness.base);
    let login = browser.get("/auth/login").await;
    assert_eq!((login.status, login.code()), (StatusCode::NOT_FOUND, "sign_in_unavailable".into()));
    let me = browser.get("/auth/me").await.json();
    assert_eq!(me["sign_in_available"], false);
}
