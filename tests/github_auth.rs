//! Looking up one PR, and the three ways of authenticating, against the simulator.

#[path = "support/github.rs"]
mod support;

use std::time::Duration;

use support::{pr, repo, serve, token_client};
use testbed::domain::PrState;
use testbed::github::{GithubAuth, GithubClient, GithubConfig, GithubError, PullLookup};
use testbed::sim::{EndpointKind, GithubSim};

const FIXTURE: &str = r#"{
  "users": [{ "login": "cdrini", "id": 6251786 }, { "login": "jimchamp", "id": 28732543 }],
  "repositories": [{
    "full_name": "internetarchive/openlibrary",
    "installation_id": 777,
    "pulls": [{
      "number": 11201, "title": "Fix the reading log export", "user": "cdrini",
      "assignees": ["jimchamp"], "head_ref": "fix/reading-log-export",
      "commits": ["1111111111111111111111111111111111111111"]
    }],
    "issues": [{ "number": 11202, "title": "Reading log export is empty", "user": "jimchamp" }]
  }]
}"#;

const APP_KEY: &str = include_str!("../fixtures/github/test-app-key.pem");
const APP_PUBLIC_KEY: &str = include_str!("../fixtures/github/test-app-key.pub.pem");
const OTHER_PUBLIC_KEY: &str = include_str!("../fixtures/github/other-app-key.pub.pem");

fn config(base: &str, auth: GithubAuth) -> GithubConfig {
    GithubConfig { api_base: base.to_owned(), repo: repo(), auth }
}

#[tokio::test]
async fn fetch_pull_tells_a_pull_request_from_an_issue_and_from_nothing() {
    let sim = GithubSim::from_fixture(FIXTURE).unwrap();
    let running = serve(&sim).await;
    let client = GithubClient::new(config(running.base_url(), GithubAuth::None)).unwrap();

    let Ok(PullLookup::Pull(info)) = client.fetch_pull(pr(11201)).await else {
        panic!("#11201 is a pull request");
    };
    assert_eq!(info.title, "Fix the reading log export");
    assert_eq!((info.state, info.merged), (PrState::Open, false));
    assert_eq!(info.head.as_str(), "1111111111111111111111111111111111111111");
    assert_eq!(info.author.as_deref(), Some("cdrini"));
    let avatar = "https://avatars.githubusercontent.com/u/6251786?v=4";
    assert_eq!(info.author_avatar.as_deref(), Some(avatar));
    assert_eq!(info.assignee.as_deref(), Some("jimchamp"));
    assert!(info.html_url.ends_with("/internetarchive/openlibrary/pull/11201"));

    assert_eq!(client.fetch_pull(pr(11202)).await, Ok(PullLookup::Issue));
    assert_eq!(client.fetch_pull(pr(99999)).await, Ok(PullLookup::NotFound));

    sim.merge(&repo(), pr(11201)).unwrap();
    let Ok(PullLookup::Pull(merged)) = client.fetch_pull(pr(11201)).await else {
        panic!("#11201 is still a pull request");
    };
    assert_eq!((merged.state, merged.merged), (PrState::Merged, true));
    assert_eq!(sim.stats().by_auth.get("anonymous").copied(), Some(sim.stats().total));
    assert_eq!(client.requests_made(), sim.stats().total);
    running.shutdown().await;
}

#[tokio::test]
async fn a_personal_token_is_sent_with_every_request() {
    let sim = GithubSim::generated(&repo(), 3);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(5));
    assert!(matches!(client.fetch_pull(pr(1001)).await, Ok(PullLookup::Pull(_))));
    assert!(matches!(client.fetch_pull(pr(1002)).await, Ok(PullLookup::Pull(_))));
    let stats = sim.stats();
    assert_eq!(stats.by_auth.get("token").copied(), Some(2));
    assert_eq!(client.rate_limit().limit, Some(5000));
    assert_eq!(client.rate_limit().remaining, Some(4998));

    let wrong = GithubAuth::Token("ghp_notAcceptedAnywhere".to_owned().into());
    let stranger = GithubClient::new(config(running.base_url(), wrong)).unwrap();
    let refused = stranger.fetch_pull(pr(1001)).await;
    assert_eq!(refused, Err(GithubError::Auth("Bad credentials".into())));
    running.shutdown().await;
}

#[tokio::test]
async fn an_app_finds_its_installation_and_refreshes_the_token_before_it_expires() {
    let sim = GithubSim::from_fixture(FIXTURE).unwrap();
    sim.register_app(4242, APP_PUBLIC_KEY);
    // octocrab renews a token that has less than 30 s left: this one is renewed 2 s after issue.
    sim.set_token_ttl(Duration::from_secs(32));
    let running = serve(&sim).await;
    let auth = GithubAuth::App {
        app_id: 4242,
        private_key: APP_KEY.to_owned().into(),
        installation_id: None,
    };
    let client = GithubClient::new(config(running.base_url(), auth)).unwrap();

    assert!(matches!(client.fetch_pull(pr(11201)).await, Ok(PullLookup::Pull(_))));
    assert!(matches!(client.fetch_pull(pr(11201)).await, Ok(PullLookup::Pull(_))));
    let stats = sim.stats();
    assert_eq!(stats.count(EndpointKind::RepoInstallation), 1, "installation looked up once");
    assert_eq!(sim.tokens_issued(), 1, "the token is reused while it is fresh");
    assert_eq!(stats.by_auth.get("installation").copied(), Some(2));
    assert_eq!(stats.by_auth.get("app").copied(), Some(2), "JWT: lookup and token");

    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert!(matches!(client.fetch_pull(pr(11201)).await, Ok(PullLookup::Pull(_))));
    assert_eq!(sim.tokens_issued(), 2, "a token close to expiry is replaced");
    assert_eq!(sim.stats().by_auth.get("installation").copied(), Some(3));
    running.shutdown().await;
}

#[tokio::test]
async fn an_app_with_a_known_installation_and_a_wrong_key_is_refused() {
    let sim = GithubSim::from_fixture(FIXTURE).unwrap();
    sim.register_app(4242, APP_PUBLIC_KEY);
    let running = serve(&sim).await;
    let known = GithubAuth::App {
        app_id: 4242,
        private_key: APP_KEY.to_owned().into(),
        installation_id: Some(777),
    };
    let client = GithubClient::new(config(running.base_url(), known)).unwrap();
    assert!(matches!(client.fetch_pull(pr(11202)).await, Ok(PullLookup::Issue)));
    assert_eq!(sim.stats().count(EndpointKind::RepoInstallation), 0);

    // The simulator checks the JWT against the registered key: another app's key cannot
    // verify it.
    sim.register_app(4242, OTHER_PUBLIC_KEY);
    let other = GithubAuth::App {
        app_id: 4242,
        private_key: APP_KEY.to_owned().into(),
        installation_id: Some(777),
    };
    let refused = GithubClient::new(config(running.base_url(), other)).unwrap();
    assert!(matches!(refused.fetch_pull(pr(11201)).await, Err(GithubError::Auth(_))));

    let garbage = GithubAuth::App {
        app_id: 1,
        private_key: "not a pem".to_owned().into(),
        installation_id: None,
    };
    let unusable = GithubClient::new(config(running.base_url(), garbage));
    assert!(matches!(unusable, Err(GithubError::Config(_))));
    running.shutdown().await;
}
