//! Labels on GitHub follow the testing deploy: on exactly the PRs the last deploy built, and
//! on the PRs whose merge failed in the last build.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::TestServer;
use testbed::domain::PrNumber;

const DEPLOYED: &str = "On testing";
const FAILED: &str = "Testing: merge failed";

fn labelled(server: &TestServer, label: &str) -> Vec<u64> {
    let repo = testbed::demo::demo_repo();
    (11200..11216)
        .filter(|n| {
            let pr = PrNumber::new(*n).unwrap();
            server.sim.labels(&repo, pr).iter().any(|l| l == label)
        })
        .collect()
}

async fn wait_for(server: &TestServer, label: &str, expected: &[u64]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = labelled(server, label);
        if now == expected {
            return;
        }
        assert!(Instant::now() < deadline, "{label:?} is on {now:?}, not {expected:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn labels_follow_what_the_last_deploy_built_and_what_failed_to_merge() {
    let server = TestServer::demo().await;
    let file = server.state_file();
    let mut deployed: Vec<u64> =
        file["deployed"].as_object().unwrap().keys().map(|k| k.parse().unwrap()).collect();
    deployed.sort_unstable();
    wait_for(&server, DEPLOYED, &deployed).await;
    wait_for(&server, FAILED, &[11212]).await;

    server.reconciled().await;
    let (status, _) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 200);
    let file = server.state_file();
    let mut now: Vec<u64> =
        file["deployed"].as_object().unwrap().keys().map(|k| k.parse().unwrap()).collect();
    now.sort_unstable();
    assert!(now.contains(&11211) && !now.contains(&11213));
    wait_for(&server, DEPLOYED, &now).await;
}
