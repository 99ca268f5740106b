//! The simulator answers like GitHub: octocrab's own typed models read its payloads, and it
//! speaks ETags, pagination and 404s the way GitHub does.

#[path = "support/github.rs"]
mod support;

use http::StatusCode;
use http::header::{HeaderMap, HeaderValue, IF_NONE_MATCH};
use octocrab::Octocrab;
use octocrab::params::State;
use support::{pr, repo, serve};
use testbed::sim::{EndpointKind, GithubSim};

fn octocrab(base: &str) -> Octocrab {
    Octocrab::builder().base_uri(base).unwrap().build().unwrap()
}

#[tokio::test]
async fn octocrab_reads_every_payload_with_its_own_models() {
    let demo = std::fs::read_to_string("fixtures/demo/github.json").unwrap();
    let sim = GithubSim::from_fixture(&demo).unwrap();
    let running = serve(&sim).await;
    let octo = octocrab(running.base_url());
    let open = sim.open_pulls(&repo()).unwrap();
    let first = open[0];

    let pulls = octo.pulls("internetarchive", "openlibrary");
    let page = pulls.list().state(State::Open).per_page(100).send().await.unwrap();
    assert_eq!(page.items.len(), open.len());
    let pull = pulls.get(first.get()).await.unwrap();
    assert_eq!(pull.head.sha, sim.head(&repo(), first).unwrap().as_str());
    assert!(pull.user.is_some() && pull.merged == Some(false));

    let issue = octo.issues("internetarchive", "openlibrary").get(first.get()).await.unwrap();
    assert!(issue.pull_request.is_some());

    let commits = sim.commits(&repo(), first).unwrap();
    let (base, head) = (commits[0].to_string(), commits[commits.len() - 1].to_string());
    let handler = octo.commits("internetarchive", "openlibrary");
    let comparison = handler.compare(base, head).send().await.unwrap();
    assert_eq!(comparison.behind_by, 0);
    assert_eq!(comparison.ahead_by as usize, commits.len() - 1);

    let limit = octo.ratelimit().get().await.unwrap();
    assert_eq!(limit.resources.core.limit, 5000);
    running.shutdown().await;
}

#[tokio::test]
async fn a_matching_etag_answers_304_without_spending_the_rate_limit() {
    let sim = GithubSim::generated(&repo(), 3);
    let running = serve(&sim).await;
    let octo = octocrab(running.base_url());
    let path = "/repos/internetarchive/openlibrary/pulls/1001";

    let first = octo._get(path).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].clone();
    assert!(etag.to_str().unwrap().starts_with("W/\""));
    let remaining = first.headers()["x-ratelimit-remaining"].clone();

    let mut conditional = HeaderMap::new();
    conditional.insert(IF_NONE_MATCH, etag.clone());
    let again = octo._get_with_headers(path, Some(conditional.clone())).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["x-ratelimit-remaining"], remaining);
    assert!(octo.body_to_string(again).await.unwrap().is_empty());

    // A change to the PR changes the ETag: the same question gets a full answer again.
    sim.set_title(&repo(), pr(1001), "Retitled").unwrap();
    let changed = octo._get_with_headers(path, Some(conditional)).await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()["etag"], etag);
    assert_eq!(sim.stats().not_modified, 1);
    running.shutdown().await;
}

#[tokio::test]
async fn lists_are_paginated_with_link_headers_and_unknown_things_are_404() {
    let sim = GithubSim::generated(&repo(), 250);
    let running = serve(&sim).await;
    let octo = octocrab(running.base_url());
    let base = "/repos/internetarchive/openlibrary";

    let page = octo._get(format!("{base}/pulls?state=open&per_page=100&page=2")).await.unwrap();
    let link = page.headers()["link"].to_str().unwrap().to_owned();
    assert!(link.contains("page=3>; rel=\"next\""), "{link}");
    assert!(link.contains("page=3>; rel=\"last\""), "{link}");
    assert!(link.contains("page=1>; rel=\"prev\""), "{link}");
    let body: serde_json::Value =
        serde_json::from_str(&octo.body_to_string(page).await.unwrap()).unwrap();
    assert_eq!(body.as_array().map(Vec::len), Some(100));
    let last = octo._get(format!("{base}/pulls?state=open&per_page=100&page=3")).await.unwrap();
    assert!(!last.headers()["link"].to_str().unwrap().contains("rel=\"next\""));

    for missing in [
        format!("{base}/pulls/9999"),
        format!("{base}/issues/9999"),
        format!("{base}/compare/master...{}", "f".repeat(40)),
        "/repos/internetarchive/infogami/pulls/1".to_owned(),
    ] {
        let answer = octo._get(missing.as_str()).await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{missing}");
    }
    let mut jwt_less = HeaderMap::new();
    jwt_less.insert("authorization", HeaderValue::from_static("Bearer ghp_unknown"));
    let refused = octo._get_with_headers(format!("{base}/pulls/1001"), Some(jwt_less)).await;
    assert_eq!(refused.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sim.stats().count(EndpointKind::GetPull), 3);
    running.shutdown().await;
}
