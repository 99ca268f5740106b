//! The main flows of the dashboard in headless Chromium: select, update and deploy through to a
//! finished build; a push seen live without losing what is typed or ticked; GitHub down; and
//! the whole flow with the keyboard alone.

mod support;

use support::TestServer;
use support::browser::{Chromium, Tab};
use testbed::demo::demo_repo;
use testbed::domain::PrNumber;
use testbed::sim::webhooks::{self, WebhookSender};

const ROWS_DRAWN: &str = "deepAll('#prs tbody tr').length >= 13";

async fn dashboard(server: &TestServer, browser: &Chromium) -> Tab {
    server.reconciled().await;
    let tab = browser.open(&server.url("/status/v2")).await;
    tab.wait_until("the table has its rows", ROWS_DRAWN).await;
    tab.wait_until("the page is live", "words(deep('#live')) === 'Live'").await;
    tab
}

fn messages_say(text: &str) -> String {
    format!("words(deep('#messages')).includes({})", support::browser::js_string(text))
}

#[tokio::test]
async fn select_update_and_deploy_through_to_a_finished_build() {
    let server = TestServer::demo().await;
    let browser = Chromium::launch().await;
    let tab = dashboard(&server, &browser).await;
    let head = server.sim.head(&demo_repo(), PrNumber::new(11202).unwrap()).unwrap();

    tab.click("tr[data-pr='11202'] input[type=checkbox]").await;
    tab.wait_until("one PR is selected", "words(deep('#selection-count')) === '1 PR selected'")
        .await;
    tab.click("button[data-action=update]").await;
    tab.wait_until("the update is reported", &messages_say("#11202")).await;
    let staged = format!("→ {} at the next deploy", &head.as_str()[..7]);
    assert!(tab.text("tr[data-pr='11202'] .pin").await.contains(&staged));
    assert!(tab.text("#plan").await.contains("move the pin of #11202"));

    tab.click("#deploy-button").await;
    tab.wait_until(
        "the build finishes",
        "words(deep('#deploy-banner')).includes('finished: success')",
    )
    .await;
    let banner = tab.text("#deploy-banner").await;
    assert!(banner.contains("requested by demo-maintainer"), "{banner}");
    tab.wait_until("the plan is empty", "words(deep('#plan')).startsWith('Nothing has changed')")
        .await;
    let pin = tab.text("tr[data-pr='11202'] .pin").await;
    assert_eq!(pin, &head.as_str()[..7], "the new pin is deployed, nothing staged");
    assert_eq!(tab.text("tr[data-pr='11202'] .drift").await, "up to date");
}

#[tokio::test]
async fn a_push_shows_up_live_and_keeps_what_is_typed_and_ticked() {
    let server = TestServer::demo().await;
    let browser = Chromium::launch().await;
    let tab = dashboard(&server, &browser).await;
    tab.click("#add-input").await;
    tab.type_text("11214").await;
    tab.click("tr[data-pr='11203'] input[type=checkbox]").await;

    let pr = PrNumber::new(11201).unwrap();
    let before = server.sim.head(&demo_repo(), pr).unwrap();
    let after = server.sim.push(&demo_repo(), pr, 2).unwrap();
    let payload = webhooks::pull_request_synchronize(&demo_repo(), pr, &before, &after);
    let sender = WebhookSender::new(server.url("/webhook"), support::WEBHOOK_SECRET.into());
    let answer = sender.unwrap().send("pull_request", &payload).await.unwrap();
    assert_eq!(answer.status(), 202);

    tab.wait_until(
        "the push reaches the row",
        "words(deep(\"tr[data-pr='11201'] .drift\")) === '2 commits behind'",
    )
    .await;
    assert!(tab.text("tr[data-pr='11201'] .head").await.contains(&after.as_str()[..7]));
    let typed: String = tab.eval("deep('#add-input').value").await;
    assert_eq!(typed, "11214");
    let ticked: bool = tab.eval("deep(\"tr[data-pr='11203'] input\").checked").await;
    assert!(ticked, "the selection was lost");
    assert_eq!(tab.text("#selection-count").await, "1 PR selected");
}

#[tokio::test]
async fn github_down_is_said_in_words_and_loses_nothing() {
    let server = TestServer::demo().await;
    let browser = Chromium::launch().await;
    let tab = dashboard(&server, &browser).await;
    server.sim.fail_next(10_000, 503);

    tab.click("#add-input").await;
    tab.type_text("11214").await;
    tab.click("#add-button").await;
    tab.wait_until("the refusal is reported", "deep('[data-outcome=github_unavailable]')").await;
    let said = tab.text("[data-outcome=github_unavailable]").await;
    assert!(said.contains("#11214") && said.contains("GitHub"), "{said}");
    let typed: String = tab.eval("deep('#add-input').value").await;
    assert_eq!(typed, "11214", "what could not be added stays in the field to try again");

    tab.click("button[data-action=refresh]").await;
    tab.wait_until("the problem is shown", "words(deep('#problems')).includes('GitHub')").await;
    let rows: u32 = tab.eval("deepAll('#prs tbody tr').length").await;
    assert_eq!(rows, 13, "every row is still shown");
}

#[tokio::test]
async fn the_main_flow_works_with_the_keyboard_alone() {
    let server = TestServer::demo().await;
    let browser = Chromium::launch().await;
    let tab = dashboard(&server, &browser).await;

    tab.tab_to("add-input", 10).await;
    tab.type_text("11214").await;
    tab.press("Enter").await;
    tab.wait_until("the add is reported", &messages_say("#11214 added")).await;

    tab.tab_to("select-all", 20).await;
    tab.press("Space").await;
    tab.wait_until("every PR is selected", "words(deep('#selection-count')) === '13 PRs selected'")
        .await;
    tab.shift_tab_to("Update to branch head", 10).await;
    tab.press("Enter").await;
    tab.wait_until("the update is reported", &messages_say("update:")).await;
    assert_eq!(tab.focused().await, "Update to branch head", "the focus stayed on the button");

    tab.tab_to("deploy-button", 200).await;
    tab.press("Enter").await;
    tab.wait_until(
        "the build finishes",
        "words(deep('#deploy-banner')).includes('finished: success')",
    )
    .await;
    assert!(server.state_file()["prs"].as_array().unwrap().iter().any(|pr| pr["pr"] == 11214));
}

#[tokio::test]
async fn the_page_says_when_it_is_no_longer_live() {
    let server = TestServer::demo().await;
    let browser = Chromium::launch().await;
    let tab = dashboard(&server, &browser).await;

    // What a shutting-down server does: every event stream ends and none is served again.
    server.service.live().close();
    tab.wait_until("the page says so", "words(deep('#live')).startsWith('Not live')").await;
    let said = tab.text("#live").await;
    assert!(said.contains("the data is from"), "{said}");
    let rows: u32 = tab.eval("deepAll('#prs tbody tr').length").await;
    assert_eq!(rows, 13, "the last data stays on screen");
}
