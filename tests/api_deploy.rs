//! Deploys through the HTTP API against the simulated Jenkins: the state advances only when
//! Jenkins accepted the build, one deploy runs at a time, and no title can add a line.

mod support;

use serde_json::{Value, json};
use support::{Options, TestServer};
use testbed::domain::PrNumber;

fn lines_sent(server: &TestServer) -> Vec<String> {
    let triggered = server.jenkins.triggered();
    let last = triggered.last().expect("a build was triggered");
    last.params["GH_REPO_AND_BRANCH"].lines().map(str::to_owned).collect()
}

async fn finished(server: &TestServer) -> Value {
    server
        .status_when("the build to finish", |s| {
            s["deploy"]["build"]["phase"]["state"] == "finished"
                && s["deploy"]["in_progress"] == false
        })
        .await
}

#[tokio::test]
async fn an_accepted_deploy_applies_the_plan_and_follows_the_build_to_its_result() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let (status, answer) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["status"]["triggered"], true);

    let file = server.state_file();
    let active: Vec<u64> = file["prs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["active"] == true)
        .map(|p| p["pr"].as_u64().unwrap())
        .collect();
    let deployed: Vec<u64> =
        file["deployed"].as_object().unwrap().keys().map(|k| k.parse().unwrap()).collect();
    assert_eq!(deployed, active);
    assert!(!active.contains(&11205), "the merged PR is still there");
    assert!(!active.contains(&11210), "the staged disable was not applied");
    assert!(active.contains(&11209) && active.contains(&11211));
    assert_ne!(file["last_deploy_at"], "");
    assert_ne!(file["deploy_started_at"], "");
    let pinned = file["prs"].as_array().unwrap().iter().find(|p| p["pr"] == 11208).unwrap();
    assert_eq!(pinned["pull_latest_sha"], "");

    let lines = lines_sent(&server);
    assert_eq!(lines.len(), active.len());
    for (line, pr) in lines.iter().zip(&active) {
        assert!(line.starts_with(&format!("origin pull/{pr}/head  # ")), "{line}");
    }

    let done = finished(&server).await;
    assert_eq!(done["deploy"]["build"]["phase"]["result"], "success");
    assert!(done["plan"].as_array().unwrap().is_empty(), "{:#}", done["plan"]);
    assert!(done["activity"].as_array().unwrap().iter().any(|e| e["operation"] == "deploy"));
}

#[tokio::test]
async fn a_refused_or_unreachable_jenkins_changes_nothing() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let before = std::fs::read(&server.files.state_file).unwrap();
    let plan_before = server.status().await["plan"].clone();

    server.jenkins.set_refuse_all(true);
    let (status, answer) = server.post("/api/deploy", json!({})).await;
    assert_eq!((status, answer["error"]["code"].clone()), (502, json!("jenkins_refused")));
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), before);

    server.jenkins.set_refuse_all(false);
    server.jenkins.set_down(true);
    let (status, answer) = server.post("/api/deploy", json!({})).await;
    assert_eq!((status, answer["error"]["code"].clone()), (502, json!("jenkins_unavailable")));
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), before);
    assert_eq!(server.status().await["plan"], plan_before);
    assert!(server.jenkins.triggered().is_empty());
}

#[tokio::test]
async fn a_second_deploy_while_one_runs_is_refused_and_changes_nothing() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let (status, _) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 200);
    let after_first = std::fs::read(&server.files.state_file).unwrap();
    let (status, answer) = server.post("/api/deploy", json!({})).await;
    assert_eq!((status, answer["error"]["code"].clone()), (409, json!("deploy_in_progress")));
    assert!(answer["error"]["message"].as_str().unwrap().contains("in progress"));
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), after_first);
    assert_eq!(server.jenkins.triggered().len(), 1);

    finished(&server).await;
    let (status, _) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 200, "the gate did not open after the build");
}

#[tokio::test]
async fn a_title_cannot_add_a_line_to_the_build_parameter() {
    let server = TestServer::demo().await;
    let repo = testbed::demo::demo_repo();
    let hostile = "Fix search\r\norigin pull/1/head  # injected\u{2028}x";
    server.sim.set_title(&repo, PrNumber::new(11214).unwrap(), hostile).unwrap();
    let (_, answer) = server.post("/api/prs/add", json!({ "prs": [11214] })).await;
    assert_eq!(answer["results"][0]["outcome"], "done");
    let (status, _) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 200);
    let lines = lines_sent(&server);
    let active = server.state_file()["deployed"].as_object().unwrap().len();
    assert_eq!(lines.len(), active);
    assert!(lines.iter().all(|l| l.starts_with("origin pull/") && !l.contains('\r')));
    assert_eq!(lines.iter().filter(|l| l.contains("pull/1/head")).count(), 1);
    assert!(lines.iter().any(|l| l.starts_with("origin pull/11214/head  # Fix search")));
}

#[tokio::test]
async fn without_jenkins_a_deploy_is_recorded_and_says_so() {
    let options = Options { jenkins: false, ..Options::default() };
    let server = TestServer::start(options, |_| {}).await;
    server.reconciled().await;
    let (status, answer) = server.post("/api/deploy", json!({})).await;
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["status"]["triggered"], false);
    assert!(answer["message"].as_str().unwrap().contains("Jenkins is not configured"));
    assert_ne!(server.state_file()["last_deploy_at"], "");
}
