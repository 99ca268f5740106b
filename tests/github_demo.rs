//! The demo fixtures agree with each other: reconciling the demo testing set against the demo
//! GitHub shows every state a row can be in.

#[path = "support/github.rs"]
mod support;

use std::collections::HashMap;
use std::time::Duration;

use serde_json::Value;
use support::{pr, repo, serve};
use testbed::domain::{CommitSha, Drift, PrNumber, PrState};
use testbed::github::{GithubAuth, GithubClient, GithubConfig, PullLookup, reconcile};
use testbed::sim::GithubSim;

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("fixtures/demo/{name}")).unwrap()
}

fn rows() -> Vec<Value> {
    let state: Value = serde_json::from_str(&read("_testing-prs.json")).unwrap();
    state["prs"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_demo_testing_set_shows_every_state_of_a_row() {
    assert_eq!(read("github.json"), testbed::sim::DEMO_FIXTURE);
    let sim = GithubSim::from_fixture(testbed::sim::DEMO_FIXTURE).unwrap();
    let running = serve(&sim).await;
    let config = GithubConfig {
        api_base: running.base_url().to_owned(),
        repo: repo(),
        auth: GithubAuth::Token(testbed::sim::DEMO_TOKEN.to_owned().into()),
    };
    let client = GithubClient::with_timeout(config, Duration::from_secs(10)).unwrap();
    let pins: Vec<(PrNumber, Option<CommitSha>)> = rows()
        .iter()
        .map(|row| {
            let number = pr(row["pr"].as_u64().unwrap());
            (number, Some(row["commit"].as_str().unwrap().parse().unwrap()))
        })
        .collect();

    let report = reconcile(&client, &pins, &HashMap::new()).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let facts = |n: u64| report.facts[&pr(n)].clone();
    assert_eq!(facts(11201).drift, Drift::UpToDate);
    assert_eq!(facts(11202).drift, Drift::Behind { commits: 1 });
    assert_eq!(facts(11203).drift, Drift::Behind { commits: 9 });
    assert_eq!(facts(11204).drift, Drift::Diverged { ahead: 2, behind: 3 });
    assert_eq!(facts(11205).state, Some(PrState::Merged));
    assert_eq!(facts(11206).state, Some(PrState::Closed));
    assert_eq!(facts(11208).drift, Drift::Behind { commits: 2 });
    for n in [11207, 11209, 11210, 11211, 11212] {
        assert_eq!(facts(n).drift, Drift::UpToDate, "#{n}");
        assert_eq!(facts(n).state, Some(PrState::Open), "#{n}");
    }

    // Titles, authors and assignees in the file are what GitHub says.
    for row in rows() {
        let f = facts(row["pr"].as_u64().unwrap());
        assert_eq!(f.title.as_deref(), row["title"].as_str());
        assert_eq!(f.author.as_deref(), row["author"].as_str());
        assert_eq!(f.author_avatar.as_deref(), row["author_avatar"].as_str());
        assert_eq!(f.assignee.as_deref().unwrap_or(""), row["assignee"].as_str().unwrap());
    }

    // The staged pin is the head; removed-but-deployed #11213 is still open; #11200 is an issue;
    // open PRs outside the set are there to be added.
    let staged = rows().into_iter().find(|r| r["pr"] == 11208).unwrap();
    assert_eq!(
        staged["pull_latest_sha"].as_str(),
        Some(sim.head(&repo(), pr(11208)).unwrap().as_str())
    );
    let Ok(PullLookup::Pull(removed)) = client.fetch_pull(pr(11213)).await else {
        panic!("#11213 is a PR");
    };
    assert_eq!(removed.state, PrState::Open);
    assert_eq!(client.fetch_pull(pr(11200)).await, Ok(PullLookup::Issue));
    let open = sim.open_pulls(&repo()).unwrap();
    assert!(open.contains(&pr(11214)) && open.contains(&pr(11215)));
    running.shutdown().await;
}

#[test]
fn the_last_build_matches_the_deployed_set() {
    let state: Value = serde_json::from_str(&read("_testing-prs.json")).unwrap();
    let deployed = state["deployed"].as_object().unwrap();
    let status = read("_dev-merged_status.txt");
    let blocks: Vec<&str> = status.split("\n---\n").collect();
    assert!(blocks[0].starts_with("On branch"));
    let pr_blocks = &blocks[1..blocks.len() - 1];
    assert_eq!(pr_blocks.len(), deployed.len());
    for block in pr_blocks {
        let first = block.lines().next().unwrap();
        let number = first.trim_start_matches("origin pull/").split('/').next().unwrap();
        let title = deployed[number].as_str().unwrap();
        assert_eq!(first, format!("origin pull/{number}/head  # {title}"));
        let outcome = block.lines().last().unwrap();
        let conflicted = outcome.starts_with("Automatic merge failed");
        assert_eq!(conflicted, number == "11212", "{outcome}");
    }
    // Added since the last deploy: in the set, not built.
    assert!(!deployed.contains_key("11211"));
    let in_set: Vec<String> = rows().iter().map(|r| r["pr"].to_string()).collect();
    assert!(!in_set.contains(&"11213".to_owned()) && deployed.contains_key("11213"));
}
