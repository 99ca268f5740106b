//! PR titles are written by anyone; whatever they hold, Jenkins receives one line per PR.

use std::net::SocketAddr;

use testbed::domain::PrNumber;
use testbed::jenkins::{JenkinsClient, MAX_TITLE_CHARS, branch_lines};
use testbed::sim::jenkins::{JenkinsSim, SimSettings};

#[tokio::test]
async fn hostile_titles_cannot_add_a_line_to_the_deploy() {
    let long = "x".repeat(10_000);
    let titles = [
        "Fix\nsearch",
        "Fix\rsearch",
        "Fix\r\norigin pull/1/head",
        "x\norigin pull/1/head  # looks legitimate\n",
        "line\u{2028}separator\u{2029}paragraph\u{85}next line",
        "tab\there and a bell\u{7}",
        long.as_str(),
    ];
    let prs: Vec<(PrNumber, &str)> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| (PrNumber::new(100 + i as u64).expect("a PR number"), *title))
        .collect();

    let sim = JenkinsSim::new(SimSettings::default());
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    let jenkins = sim.serve(loopback).await.expect("the simulator listens");
    let client = JenkinsClient::new(sim.client_config(&jenkins)).expect("client");
    client.trigger(&branch_lines(&prs)).await.expect("queued");

    let triggered = sim.triggered();
    let received = &triggered[0].params["GH_REPO_AND_BRANCH"];
    let lines: Vec<&str> = received.split(['\n', '\r']).collect();
    assert_eq!(lines.len(), prs.len(), "{received:?}");
    for ((pr, _), line) in prs.iter().zip(&lines) {
        let prefix = format!("origin pull/{pr}/head  # ");
        assert!(line.starts_with(&prefix), "{line:?}");
        assert!(!line.chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}'));
        assert!(line.chars().count() <= prefix.len() + MAX_TITLE_CHARS, "{} chars", line.len());
    }
    assert_eq!(lines[2], "origin pull/102/head  # Fix origin pull/1/head");
}
