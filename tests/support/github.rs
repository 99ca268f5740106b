//! Shared set-up for the GitHub tests: a simulator on loopback and a client aimed at it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use testbed::domain::{CommitSha, PrFacts, PrNumber, RepoName};
use testbed::github::{GithubAuth, GithubClient, GithubConfig};
use testbed::sim::{GithubSim, RunningSim};

pub const TOKEN: &str = "ghp_testbedTestToken0000000000000000000000";

pub fn repo() -> RepoName {
    "internetarchive/openlibrary".parse().expect("valid repository name")
}

pub fn pr(n: u64) -> PrNumber {
    PrNumber::new(n).expect("positive PR number")
}

pub async fn serve(sim: &GithubSim) -> RunningSim {
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    sim.serve(loopback).await.expect("simulator starts")
}

/// A client with a personal token the simulator accepts.
pub fn token_client(sim: &GithubSim, running: &RunningSim, timeout: Duration) -> GithubClient {
    sim.add_personal_token(TOKEN, "demo-maintainer");
    let config = GithubConfig {
        api_base: running.base_url().to_owned(),
        repo: repo(),
        auth: GithubAuth::Token(TOKEN.to_owned().into()),
    };
    GithubClient::with_timeout(config, timeout).expect("client builds")
}

/// Every open PR pinned at its current head.
pub fn pins_at_heads(sim: &GithubSim) -> Vec<(PrNumber, Option<CommitSha>)> {
    let open = sim.open_pulls(&repo()).expect("repository simulated");
    open.into_iter().map(|n| (n, Some(sim.head(&repo(), n).expect("open PR")))).collect()
}

/// Facts without the time they were checked, to compare two reconciles.
pub fn timeless(facts: &HashMap<PrNumber, PrFacts>) -> HashMap<PrNumber, PrFacts> {
    facts
        .iter()
        .map(|(pr, f)| {
            let mut f = f.clone();
            f.checked_at = None;
            (*pr, f)
        })
        .collect()
}
