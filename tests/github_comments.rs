//! The bot's voice against the simulator over real HTTP: comments, reactions and labels, and
//! the same failures and rate-limit pause as reads.

#[path = "support/github.rs"]
mod support;

use std::time::Duration;

use chrono::Utc;
use serde_json::{Value, json};
use support::{pr, repo, serve, token_client};
use testbed::github::{CommentId, GithubAuth, GithubClient, GithubConfig, GithubError, Reaction};
use testbed::sim::github::BOT_LOGIN;
use testbed::sim::{EndpointKind, GithubSim, RunningSim};

const APP_KEY: &str = include_str!("../fixtures/github/test-app-key.pem");

/// What the bot answers to a `/testing` comment: Markdown, a code fence, quotes, non-ASCII.
const ANSWER: &str = "**/testing add** — done ✅\n\n| PR | result |\n|---|---|\n\
                      | #1001 | added, deploying 🚀 |\n\n```text\n$ make deploy\n\
                      <ok> & \"quoted\" \\ back\\slash\n```\n\n> Café, naïve, 日本語\n";

fn raw_client(running: &RunningSim) -> Reqwest {
    testbed::jenkins::install_tls_provider();
    Reqwest { base: running.base_url().to_owned(), http: reqwest::Client::new() }
}

/// Raw HTTP, to see the simulator's answers without the client's reading of them.
struct Reqwest {
    base: String,
    http: reqwest::Client,
}

impl Reqwest {
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let url = format!("{}/repos/internetarchive/openlibrary{path}", self.base);
        let response = self.http.post(url).json(&body).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn a_comment_reads_back_byte_for_byte_and_a_reaction_lands_on_it() {
    let sim = GithubSim::generated(&repo(), 3);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let asked = sim.add_user_comment(&repo(), pr(1002), "cdrini", "/testing add").unwrap();
    let other = sim.add_user_comment(&repo(), pr(1002), "RayBB", "Looks good").unwrap();

    let before = Utc::now() - chrono::Duration::seconds(1);
    let CommentId(id) = client.create_comment(pr(1002), ANSWER).await.unwrap();
    client.react_to_comment(asked, Reaction::Eyes).await.unwrap();
    client.react_to_comment(asked, Reaction::PlusOne).await.unwrap();
    // Asking for the same reaction again is success (GitHub answers 200 rather than 201).
    client.react_to_comment(asked, Reaction::PlusOne).await.unwrap();

    let comments = sim.comments(&repo(), pr(1002));
    assert_eq!(comments.len(), 3);
    let posted = &comments[2];
    assert_eq!((posted.id, posted.author.as_str()), (id, "demo-maintainer"));
    assert_eq!(posted.body.as_bytes(), ANSWER.as_bytes());
    assert!(posted.created_at >= before);
    assert!(sim.comments(&repo(), pr(1001)).is_empty(), "nothing on another PR");

    assert_eq!(sim.reactions(&repo(), asked), ["eyes", "+1"]);
    assert!(sim.reactions(&repo(), other).is_empty(), "only the comment reacted to");
    let stats = sim.stats();
    assert_eq!(stats.count(EndpointKind::CreateComment), 1);
    assert_eq!(stats.count(EndpointKind::CreateReaction), 3);
    running.shutdown().await;
}

#[tokio::test]
async fn an_installation_posts_as_the_bot_with_githubs_payload() {
    let sim = GithubSim::generated(&repo(), 2);
    let running = serve(&sim).await;
    let auth = GithubAuth::App {
        app_id: 4242,
        private_key: APP_KEY.to_owned().into(),
        installation_id: None,
    };
    let config = GithubConfig { api_base: running.base_url().to_owned(), repo: repo(), auth };
    let app = GithubClient::new(config).unwrap();
    let CommentId(id) = app.create_comment(pr(1001), "Deployed.").await.unwrap();
    assert_eq!(sim.comments(&repo(), pr(1001))[0].author, BOT_LOGIN);
    assert_eq!(sim.stats().by_auth.get("installation").copied(), Some(1));

    // Without credentials the simulator is permissive and posts as the bot too; the payload
    // has the fields GitHub's `issue-comment` has.
    let raw = raw_client(&running);
    let (status, created) = raw.post("/issues/1001/comments", json!({ "body": "héllo" })).await;
    assert_eq!(status, 201);
    for field in ["id", "node_id", "html_url", "body", "user", "created_at", "updated_at"] {
        assert!(!created[field].is_null(), "{field} in {created}");
    }
    assert_eq!(created["body"], "héllo");
    assert_eq!(
        (&created["user"]["login"], &created["user"]["type"]),
        (&json!(BOT_LOGIN), &json!("Bot"))
    );
    assert_eq!(created["author_association"], "NONE");
    let html = created["html_url"].as_str().unwrap_or_default();
    assert!(html.ends_with(&format!("/pull/1001#issuecomment-{}", created["id"])), "{html}");
    assert!(created["id"].as_u64() > Some(id), "ids grow");

    // What GitHub refuses to store: an empty body, an unknown reaction, an unknown comment.
    let (status, _) = raw.post("/issues/1001/comments", json!({ "body": "  " })).await;
    assert_eq!(status, 422);
    let (status, _) = raw.post("/issues/1001/comments", json!({})).await;
    assert_eq!(status, 422);
    let path = format!("/issues/comments/{id}/reactions");
    let (status, _) = raw.post(&path, json!({ "content": "thumbs" })).await;
    assert_eq!(status, 422);
    let (status, reaction) = raw.post(&path, json!({ "content": "rocket" })).await;
    assert_eq!((status, &reaction["content"]), (201, &json!("rocket")));
    let (status, _) = raw.post("/issues/comments/1/reactions", json!({ "content": "eyes" })).await;
    assert_eq!(status, 404);
    assert_eq!(sim.reactions(&repo(), id), ["rocket"]);
    assert_eq!(sim.comments(&repo(), pr(1001)).len(), 2, "refused bodies are not stored");
    running.shutdown().await;
}

#[tokio::test]
async fn an_unknown_pr_is_not_found_and_a_refused_body_is_unexpected() {
    let sim = GithubSim::generated(&repo(), 2);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    assert_eq!(client.create_comment(pr(4040), "hello").await, Err(GithubError::NotFound));
    assert_eq!(client.react_to_comment(77, Reaction::Eyes).await, Err(GithubError::NotFound));
    assert_eq!(client.add_labels(pr(4040), &["deployed"]).await, Err(GithubError::NotFound));
    let empty = client.create_comment(pr(1001), "").await;
    assert!(matches!(empty, Err(GithubError::Unexpected { status: 422, .. })), "{empty:?}");
    assert!(sim.comments(&repo(), pr(1001)).is_empty());
    assert!(sim.add_user_comment(&repo(), pr(4040), "cdrini", "hi").is_err());
    running.shutdown().await;
}

#[tokio::test]
async fn server_errors_and_rate_limits_fail_writes_as_they_fail_reads() {
    let sim = GithubSim::generated(&repo(), 2);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let asked = sim.add_user_comment(&repo(), pr(1001), "cdrini", "/testing add").unwrap();

    sim.fail_next(100, 502);
    let failed = client.create_comment(pr(1001), "answer").await;
    assert_eq!(failed, Err(GithubError::Unavailable { status: 502 }));
    assert_eq!(
        client.remove_label(pr(1001), "x").await,
        Err(GithubError::Unavailable { status: 502 })
    );
    sim.clear_faults();
    assert_eq!(sim.comments(&repo(), pr(1001)).len(), 1, "nothing was stored");

    // A fault aimed at one kind of request leaves the others alone.
    sim.fail_next_on(EndpointKind::CreateReaction, 100, 503);
    client.create_comment(pr(1001), "answer").await.unwrap();
    let failed = client.react_to_comment(asked, Reaction::Eyes).await;
    assert_eq!(failed, Err(GithubError::Unavailable { status: 503 }));
    sim.clear_faults();

    sim.rate_limit_for(Duration::from_secs(1));
    let Err(GithubError::RateLimited { until }) = client.create_comment(pr(1001), "again").await
    else {
        panic!("a spent rate limit refuses the write");
    };
    assert_eq!(client.rate_limit().paused_until, Some(until));
    // While paused, writes fail at once without reaching GitHub, like reads.
    sim.reset_stats();
    let paused = client.react_to_comment(asked, Reaction::Eyes).await;
    assert_eq!(paused, Err(GithubError::RateLimited { until }));
    assert_eq!(client.add_labels(pr(1001), &["a"]).await, Err(GithubError::RateLimited { until }));
    assert_eq!(sim.stats().total, 0);

    let left = (until - Utc::now()).to_std().unwrap_or_default();
    tokio::time::sleep(left + Duration::from_millis(50)).await;
    client.react_to_comment(asked, Reaction::Eyes).await.unwrap();
    assert_eq!(sim.reactions(&repo(), asked), ["eyes"]);
    assert_eq!(sim.comments(&repo(), pr(1001)).len(), 2);
    running.shutdown().await;
}

#[tokio::test]
async fn labels_are_added_removed_and_listed_across_pages() {
    let sim = GithubSim::generated(&repo(), 320);
    let running = serve(&sim).await;
    let client = token_client(&sim, &running, Duration::from_secs(10));
    let label = "testing: deployed";

    client.add_labels(pr(1001), &[label, "needs review"]).await.unwrap();
    client.add_labels(pr(1001), &["Needs Review"]).await.unwrap();
    assert_eq!(sim.labels(&repo(), pr(1001)), [label, "needs review"], "no duplicate by case");
    client.remove_label(pr(1001), "needs review").await.unwrap();
    client.remove_label(pr(1001), "needs review").await.unwrap();
    client.remove_label(pr(1002), "never there").await.unwrap();
    assert_eq!(sim.labels(&repo(), pr(1001)), [label]);
    // A name that would reshape the URL unescaped goes through whole.
    client.add_labels(pr(1003), &["a/b?c#d", "é"]).await.unwrap();
    client.remove_label(pr(1003), "a/b?c#d").await.unwrap();
    assert_eq!(sim.labels(&repo(), pr(1003)), ["é"]);
    client.remove_label(pr(1003), "é").await.unwrap();
    client.add_labels(pr(1002), &[]).await.unwrap();
    assert!(sim.labels(&repo(), pr(1002)).is_empty());

    // 150 labelled PRs (every other one from #1001, #1001 included): two pages of 100.
    let wanted: Vec<_> = (0..150).map(|i| pr(1001 + 2 * i)).collect();
    for n in &wanted[1..] {
        client.add_labels(*n, &[label]).await.unwrap();
    }
    client.add_labels(pr(1002), &["other"]).await.unwrap();
    // A closed PR still counts: the label says it is deployed, whatever its state.
    sim.close(&repo(), wanted[7]).unwrap();

    sim.reset_stats();
    assert_eq!(client.labelled(label).await.unwrap(), wanted);
    assert_eq!(sim.stats().count(EndpointKind::ListIssues), 2);
    assert_eq!(client.labelled("other").await.unwrap(), [pr(1002)]);
    assert!(client.labelled("nobody").await.unwrap().is_empty());
    running.shutdown().await;
}
