//! The dashboard in headless Chromium: the demo data on first paint, every row state in words,
//! a hostile title shown as text, and a phone-sized screen.

mod support;

use support::TestServer;
use support::browser::Chromium;
use testbed::domain::PrNumber;

#[tokio::test]
async fn the_first_paint_shows_every_row_of_the_demo_without_asking_the_api() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let browser = Chromium::launch().await;
    let tab = browser.open(&server.url("/status/v2")).await;
    tab.wait_until("the table has its rows", "deepAll('#prs tbody tr').length >= 13").await;

    // The snapshot came inside the page: no request for /api/status at all.
    let status_requests: u32 = tab
        .eval(
            "performance.getEntriesByType('resource')
               .filter((entry) => entry.name.includes('/api/status')).length",
        )
        .await;
    assert_eq!(status_requests, 0);

    let row = |pr: u64| format!("tr[data-pr='{pr}']");
    assert!(tab.text(&row(11201)).await.contains("Fix reading log export for large shelves"));
    assert!(tab.text(&row(11201)).await.contains("up to date"));
    assert!(tab.text(&row(11202)).await.contains("1 commit behind"));
    assert!(tab.text(&row(11203)).await.contains("9 commits behind"));
    assert!(tab.text(&row(11204)).await.contains("diverged: 2 ahead, 3 behind"));
    assert!(tab.text(&row(11205)).await.contains("merged"));
    assert!(tab.text(&row(11206)).await.contains("closed"));
    assert!(tab.text(&row(11207)).await.contains("disabled"));
    assert!(tab.text(&row(11208)).await.contains("at the next deploy"));
    assert!(tab.text(&row(11209)).await.contains("disabled → enabled at the next deploy"));
    assert!(tab.text(&row(11210)).await.contains("enabled → disabled at the next deploy"));
    assert!(tab.text(&row(11211)).await.contains("new since the last deploy"));
    assert!(tab.text(&row(11212)).await.contains("merge conflict in the last build"));
    assert!(tab.text(&row(11213)).await.contains("removed, still deployed until the next deploy"));
    let page = tab.page_text().await;
    assert!(page.contains("Live"), "{page}");
    assert!(page.contains("Merged 9 of 10 pull requests into testing"), "{page}");
    assert!(page.contains("move the pin of #11208"), "{page}");
}

#[tokio::test]
async fn a_title_full_of_markup_is_shown_as_text_and_runs_nothing() {
    let hostile = "<img src=x onerror=alert(1)>";
    let server = TestServer::demo_with(|sim| {
        sim.set_title(&testbed::demo::demo_repo(), PrNumber::new(11201).unwrap(), hostile).unwrap()
    })
    .await;
    server.status_when("the new title", |s| support::row(s, 11201)["title"] == hostile).await;
    let browser = Chromium::launch().await;
    let tab = browser.open(&server.url("/status/v2")).await;
    tab.wait_until("the table has its rows", "deepAll('#prs tbody tr').length >= 13").await;

    assert_eq!(tab.text("tr[data-pr='11201'] .title").await, hostile);
    let injected: u32 = tab.eval("deepAll('img[src=\"x\"]').length").await;
    assert_eq!(injected, 0, "the title became an element");
    let alerts: u32 = tab.eval("window.__alerts").await;
    assert_eq!(alerts, 0, "the title ran script");
}

#[tokio::test]
async fn on_a_phone_nothing_is_wider_than_the_screen() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let browser = Chromium::launch_sized(390, 844).await;
    let tab = browser.open(&server.url("/status/v2")).await;
    tab.wait_until("the table has its rows", "deepAll('#prs tbody tr').length >= 13").await;

    let page_width: u32 = tab.eval("document.documentElement.scrollWidth").await;
    let too_wide: Vec<String> = tab
        .eval(
            "deepAll('*').filter((e) => e.getBoundingClientRect().right > 391)
               .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > 391))
               .map((e) => e.tagName + ' ' + words(e).slice(0, 40)).slice(0, 10)",
        )
        .await;
    assert!(page_width <= 390, "the page is {page_width} px wide on a 390 px screen: {too_wide:?}");
    // Each PR is a card: its drift sits under its title rather than in a column off screen.
    let (title, drift): (f64, f64) = tab
        .eval(
            "(() => { const row = deep(\"tr[data-pr='11202']\");
               const top = (sel) => row.querySelector(sel).getBoundingClientRect();
               return [top('.title').right, top('.drift .tag').right]; })()",
        )
        .await;
    assert!(title <= 390.0 && drift <= 390.0, "title ends at {title}, drift at {drift}");
    assert!(tab.text("tr[data-pr='11202']").await.contains("1 commit behind"));
}

fn signed_out(public_read: bool) -> support::Options {
    let auth = testbed::auth::AuthConfig {
        maintainers: vec!["demo-maintainer".to_owned()],
        public_read,
        ..testbed::auth::AuthConfig::default()
    };
    support::Options { auth, jenkins: true, sign_in: true }
}

#[tokio::test]
async fn a_visitor_who_is_not_signed_in_reads_without_any_way_to_change_things() {
    let server = TestServer::start(signed_out(true), |_| {}).await;
    server.reconciled().await;
    let browser = Chromium::launch().await;
    let tab = browser.open(&server.url("/status/v2")).await;
    tab.wait_until("the table has its rows", "deepAll('#prs tbody tr').length >= 13").await;

    assert!(tab.text("#read-only").await.contains("sign in as a maintainer"));
    let controls: u32 =
        tab.eval("deepAll('input[type=checkbox], #add-input, button[data-action]').length").await;
    assert_eq!(controls, 0, "a reader sees no controls");
    let deploy: String = tab.eval("deep('#deploy-button').getAttribute('aria-disabled')").await;
    assert_eq!(deploy, "true");
    let sign_in: String = tab.eval("deep('a[href^=\"/auth/login\"]').textContent.trim()").await;
    assert_eq!(sign_in, "Sign in with GitHub");
}

#[tokio::test]
async fn when_reads_are_for_maintainers_a_visitor_sees_only_how_to_sign_in() {
    let server = TestServer::start(signed_out(false), |_| {}).await;
    let browser = Chromium::launch().await;
    let tab = browser.open(&server.url("/status/v2")).await;

    let refused = tab.text("#refused").await;
    assert!(refused.contains("Sign in with GitHub"), "{refused}");
    let rows: u32 = tab.eval("deepAll('#prs tbody tr').length").await;
    assert_eq!(rows, 0, "no data reaches a visitor who may not read it");
    let html: String = tab.eval("document.getElementById('tb-initial').textContent").await;
    assert!(!html.contains("11201"), "the page itself carries no testing set");
}
