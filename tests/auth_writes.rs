//! Who may write and read: script tokens, same-origin proof for browser sessions, demo mode.

#[path = "support/auth.rs"]
mod support;

use reqwest::StatusCode;
use support::{Browser, Harness, SCRIPT_TOKEN};

async fn write_with(base: &str, headers: &[(&str, &str)]) -> support::Answer {
    let mut browser = Browser::new(base);
    let url = format!("{base}/api/write");
    let mut request = browser.http.post(&url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    browser.send(request, &url).await
}

#[tokio::test]
async fn a_script_token_acts_under_its_name() {
    let harness = Harness::start(|_| {}).await;
    let bearer = format!("Bearer {SCRIPT_TOKEN}");
    let ok = write_with(&harness.base, &[("authorization", &bearer)]).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let caller = &ok.json()["caller"];
    assert_eq!(caller["login"], "deploy-script");
    assert_eq!(caller["via"], "token");
    assert_eq!(caller["maintainer"], true);

    let wrong = format!("Bearer {SCRIPT_TOKEN}x");
    let refused = write_with(&harness.base, &[("authorization", &wrong)]).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "bad_token".into()));
    assert_eq!(refused.headers.get("www-authenticate").unwrap(), "Bearer");
    assert!(!refused.body.contains(SCRIPT_TOKEN));

    let none = write_with(&harness.base, &[]).await;
    assert_eq!((none.status, none.code()), (StatusCode::UNAUTHORIZED, "unauthenticated".into()));

    let basic = write_with(&harness.base, &[("authorization", "Basic ZGVwbG95OnNjcmlwdA==")]).await;
    assert_eq!(basic.code(), "bad_token");

    // A token is never mistaken for a GitHub login: no question to GitHub about it.
    assert_eq!(harness.sim.stats().total, 0);
}

#[tokio::test]
async fn a_session_write_must_come_from_our_own_origin() {
    let harness = Harness::start(|_| {}).await;
    let mut browser = harness.signed_in("cdrini").await;
    let base = harness.base.clone();

    let evil = browser.post("/api/write", Some("https://evil.example")).await;
    assert_eq!((evil.status, evil.code()), (StatusCode::FORBIDDEN, "cross_site".into()));

    let own = browser.post("/api/write", Some(&base)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let caller = &own.json()["caller"];
    assert_eq!(
        (caller["login"].as_str(), caller["via"].as_str()),
        (Some("cdrini"), Some("session"))
    );

    // Without Origin, the browser's Sec-Fetch-Site is the proof; without either, none.
    let cookie = browser.cookie_header();
    let fetch_site = |site: &'static str| {
        let cookie = cookie.clone();
        let base = base.clone();
        async move {
            let mut headers = vec![("cookie", cookie.as_str())];
            if !site.is_empty() {
                headers.push(("sec-fetch-site", site));
            }
            write_with(&base, &headers).await.status
        }
    };
    assert_eq!(fetch_site("same-origin").await, StatusCode::OK);
    assert_eq!(fetch_site("same-site").await, StatusCode::FORBIDDEN);
    assert_eq!(fetch_site("cross-site").await, StatusCode::FORBIDDEN);
    assert_eq!(fetch_site("").await, StatusCode::FORBIDDEN);

    // Sign-out is a write too.
    let out = browser.post("/auth/logout", Some("https://evil.example")).await;
    assert_eq!(out.code(), "cross_site");
    assert_eq!(browser.get("/auth/me").await.json()["login"], "cdrini");
}

#[tokio::test]
async fn a_bearer_write_needs_no_origin() {
    let harness = Harness::start(|_| {}).await;
    let bearer = format!("Bearer {SCRIPT_TOKEN}");
    let plain = write_with(&harness.base, &[("authorization", &bearer)]).await;
    assert_eq!(plain.status, StatusCode::OK);
    let from_another_origin = write_with(
        &harness.base,
        &[("authorization", &bearer), ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(from_another_origin.status, StatusCode::OK);
}

#[tokio::test]
async fn reads_are_for_maintainers_unless_public() {
    let private = Harness::start(|_| {}).await;
    let mut nobody = private.browser();
    let refused = nobody.get("/api/read").await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNAUTHORIZED, "unauthenticated".into())
    );
    let mut maintainer = private.signed_in("mekarpeles").await;
    let read = maintainer.get("/api/read").await;
    assert_eq!(read.json()["caller"]["login"], "mekarpeles");

    let public = Harness::start(|c| c.public_read = true).await;
    let mut nobody = public.browser();
    let read = nobody.get("/api/read").await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.json()["caller"].is_null());
    let mut visitor = public.signed_in("demo-visitor").await;
    let read = visitor.get("/api/read").await.json();
    assert_eq!(
        (read["caller"]["login"].as_str(), read["caller"]["maintainer"].as_bool()),
        (Some("demo-visitor"), Some(false))
    );
}

#[tokio::test]
async fn in_demo_mode_everyone_is_the_demo_maintainer() {
    let harness = Harness::start(|c| {
        c.demo = true;
        c.oauth = None;
    })
    .await;
    let mut anyone = harness.browser();
    let me = anyone.get("/auth/me").await.json();
    assert_eq!(me["login"], "demo-maintainer");
    assert_eq!(me["via"], "demo");
    assert_eq!(me["maintainer"], true);

    let write = write_with(&harness.base, &[]).await;
    assert_eq!(write.json()["caller"]["login"], "demo-maintainer");
    let read = anyone.get("/api/read").await;
    assert_eq!(read.json()["caller"]["via"], "demo");
    let login = anyone.get("/auth/login?next=/status/v2").await;
    assert_eq!(login.location(), Some("/status/v2"), "already signed in");

    // A script is still itself, and a page of another site still cannot write.
    let bearer = format!("Bearer {SCRIPT_TOKEN}");
    let script = write_with(&harness.base, &[("authorization", &bearer)]).await;
    assert_eq!(script.json()["caller"]["login"], "deploy-script");
    let evil = write_with(&harness.base, &[("origin", "https://evil.example")]).await;
    assert_eq!(evil.code(), "cross_site");
}
