//! Batch writes through the HTTP API, as a script or the page sends them: every input form,
//! every outcome, and nothing added that GitHub did not confirm.

mod support;

use serde_json::{Value, json};
use support::{TestServer, row};

fn outcomes(answer: &Value) -> Vec<(String, String)> {
    answer["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results in {answer:#}"))
        .iter()
        .map(|r| {
            (r["input"].as_str().unwrap().to_owned(), r["outcome"].as_str().unwrap().to_owned())
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn file_numbers(server: &TestServer) -> Vec<u64> {
    server.state_file()["prs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pr"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn every_way_of_naming_a_pr_adds_it() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let url = "https://github.com/internetarchive/openlibrary/pull";
    let (status, answer) =
        server.post("/api/prs/add", json!({ "prs": [11214, format!("{url}/11215/files")] })).await;
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(
        outcomes(&answer),
        pairs(&[
            ("11214", "done"),
            ("https://github.com/internetarchive/openlibrary/pull/11215/files", "done")
        ])
    );
    let added = row(&answer["snapshot"], 11214);
    assert_eq!(added["added_by"], "demo-maintainer");
    assert_eq!(added["pin"], added["head"]);
    assert_eq!(added["drift"]["kind"], "up_to_date");
    assert!(file_numbers(&server).contains(&11215));

    // Removing both and adding them back through the other forms, in one string.
    let (status, _) = server.post("/api/prs/remove", json!({ "prs": "#11214, 11215" })).await;
    assert_eq!(status, 200);
    let text = format!("#11214\n{url}/11215/commits");
    let (_, answer) = server.post("/api/prs/add", json!({ "prs": text })).await;
    assert_eq!(outcomes(&answer).iter().filter(|(_, o)| o == "done").count(), 2, "{answer:#}");
    let (_, answer) = server.post("/api/prs/add", json!({ "prs": [format!("{url}/11214")] })).await;
    assert_eq!(answer["results"][0]["outcome"], "unchanged");
}

#[tokio::test]
async fn each_bad_input_gets_its_own_outcome_and_nothing_is_added() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let before = std::fs::read(&server.files.state_file).unwrap();
    let long = "9".repeat(10_000);
    let inputs = json!([
        "https://github.com/internetarchive/openlibrary/issues/11200",
        "https://github.com/someone/else/pull/5",
        "11200",
        "99999",
        "hello",
        "0",
        "-4",
        "184467440737095516160",
        long,
    ]);
    let (status, answer) = server.post("/api/prs/add", json!({ "prs": inputs })).await;
    assert_eq!(status, 200, "{answer:#}");
    let codes: Vec<String> = outcomes(&answer).into_iter().map(|(_, code)| code).collect();
    assert_eq!(
        codes,
        [
            "not_a_pull_request",
            "other_repository",
            "not_a_pull_request",
            "not_found",
            "invalid_input",
            "invalid_input",
            "invalid_input",
            "invalid_input",
            "invalid_input",
        ]
    );
    assert_eq!(answer["results"][0]["message"], "#11200 is an issue, not a pull request");
    assert_eq!(answer["results"][2]["message"], "#11200 is an issue, not a pull request");
    let other = answer["results"][1]["message"].as_str().unwrap();
    assert!(other.contains("someone/else"), "{other}");
    assert!(answer["results"][8]["input"].as_str().unwrap().len() < 2_000);
    for result in answer["results"].as_array().unwrap() {
        assert!(result["message"].as_str().is_some_and(|m| !m.is_empty()), "{result}");
    }
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), before, "the file changed");
}

#[tokio::test]
async fn a_duplicate_in_one_request_is_reported_once_added_once() {
    let server = TestServer::demo().await;
    let (_, answer) = server.post("/api/prs/add", json!({ "prs": ["11214", "#11214"] })).await;
    assert_eq!(outcomes(&answer), pairs(&[("11214", "done"), ("#11214", "duplicate")]));
    assert_eq!(file_numbers(&server).iter().filter(|n| **n == 11214).count(), 1);
}

#[tokio::test]
async fn a_pr_github_cannot_confirm_is_never_added() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    server.sim.fail_next(100, 503);
    let (status, answer) = server.post("/api/prs/add", json!({ "prs": [11214] })).await;
    assert_eq!(status, 200);
    assert_eq!(answer["results"][0]["outcome"], "github_unavailable");
    assert!(!file_numbers(&server).contains(&11214));
}

#[tokio::test]
async fn merged_and_closed_prs_are_not_added() {
    let server = TestServer::demo().await;
    let repo = testbed::demo::demo_repo();
    let pr = |n| testbed::domain::PrNumber::new(n).unwrap();
    server.sim.merge(&repo, pr(11214)).unwrap();
    server.sim.close(&repo, pr(11215)).unwrap();
    let (_, answer) = server.post("/api/prs/add", json!({ "prs": [11214, 11215] })).await;
    assert_eq!(outcomes(&answer), pairs(&[("11214", "not_open"), ("11215", "not_open")]));
    assert_eq!(answer["results"][0]["message"], "#11214 is merged");
}

#[tokio::test]
async fn enable_disable_and_update_only_stage_changes() {
    let server = TestServer::demo().await;
    server.reconciled().await;
    let (_, answer) = server.post("/api/prs/enable", json!({ "prs": [11207, 11201, 11999] })).await;
    assert_eq!(
        outcomes(&answer),
        pairs(&[("11207", "done"), ("11201", "unchanged"), ("11999", "not_in_set")])
    );
    let staged = row(&answer["snapshot"], 11207);
    assert_eq!(
        (staged["active"].clone(), staged["staged_active"].clone()),
        (json!(false), json!(true))
    );

    let (_, answer) = server.post("/api/prs/disable", json!({ "prs": [11201] })).await;
    assert_eq!(answer["results"][0]["outcome"], "done");
    assert_eq!(row(&answer["snapshot"], 11201)["staged_active"], false);

    let (_, answer) = server.post("/api/prs/update", json!({ "prs": [11202, 11201] })).await;
    assert_eq!(outcomes(&answer), pairs(&[("11202", "done"), ("11201", "unchanged")]));
    let updated = row(&answer["snapshot"], 11202);
    assert_eq!(updated["staged_pin"], updated["head"]);
    assert_ne!(updated["pin"], updated["head"]);
    let plan = answer["snapshot"]["plan"].as_array().unwrap();
    assert!(plan.iter().any(|s| s["action"] == "pin" && s["pr"] == 11202));
    assert!(plan.iter().any(|s| s["action"] == "enable" && s["pr"] == 11207));
    assert!(plan.iter().any(|s| s["action"] == "disable" && s["pr"] == 11201));
}

#[tokio::test]
async fn a_removed_pr_the_last_deploy_built_stays_in_the_plan_as_dropped() {
    let server = TestServer::demo().await;
    let (_, answer) = server.post("/api/prs/remove", json!({ "prs": [11201, 11998] })).await;
    assert_eq!(outcomes(&answer), pairs(&[("11201", "done"), ("11998", "not_in_set")]));
    let plan = answer["snapshot"]["plan"].as_array().unwrap();
    let dropped = plan.iter().find(|s| s["pr"] == 11201).expect("in the plan");
    assert_eq!(
        (dropped["action"].clone(), dropped["reason"].clone()),
        (json!("remove"), json!("dropped"))
    );
}

#[tokio::test]
async fn malformed_oversized_and_empty_requests_get_clear_errors() {
    let server = TestServer::demo().await;
    let before = std::fs::read(&server.files.state_file).unwrap();
    let post_raw = |body: &'static str| {
        server
            .http
            .post(server.url("/api/prs/add"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let response = post_raw("{\"prs\": [11214").await.unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_json");

    let response = post_raw("{\"numbers\": [1]}").await.unwrap();
    assert_eq!(response.status(), 422);

    let (status, body) = server.post("/api/prs/add", json!({ "prs": [] })).await;
    assert_eq!((status, body["error"]["code"].clone()), (400, json!("no_prs")));

    let huge = format!("{{\"prs\": [\"{}\"]}}", "1 ".repeat(200_000));
    let response = server
        .http
        .post(server.url("/api/prs/add"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "body_too_large");

    let response = server.http.post(server.url("/api/prs/add")).body("11214").send().await.unwrap();
    assert_eq!(response.status(), 415);
    assert_eq!(std::fs::read(&server.files.state_file).unwrap(), before);
}

#[tokio::test]
async fn fifty_concurrent_batch_writes_all_land_and_are_all_audited() {
    let server = TestServer::demo().await;
    let repo = testbed::demo::demo_repo();
    let mut numbers = Vec::new();
    for i in 0..100 {
        let (pr, _) = server.sim.add_pr(&repo, &format!("Load PR {i}"), "cdrini", 1).unwrap();
        numbers.push(pr.get());
    }
    let requests = numbers.chunks(2).map(|pair| {
        let server = &server;
        async move { server.post("/api/prs/add", json!({ "prs": pair })).await }
    });
    let answers = futures::future::join_all(requests).await;
    assert_eq!(answers.len(), 50);
    for (status, answer) in &answers {
        assert_eq!(*status, 200, "{answer:#}");
        assert!(outcomes(answer).iter().all(|(_, o)| o == "done"), "{answer:#}");
    }
    let in_file = file_numbers(&server);
    for n in &numbers {
        assert!(in_file.contains(n), "#{n} lost");
    }
    let audit: Value = server
        .http
        .get(server.url("/api/audit?limit=500"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let adds: Vec<&Value> =
        audit["entries"].as_array().unwrap().iter().filter(|e| e["operation"] == "add").collect();
    assert_eq!(adds.len(), 50);
    let mut audited: Vec<u64> = adds
        .iter()
        .flat_map(|e| e["prs"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()))
        .collect();
    audited.sort_unstable();
    assert_eq!(audited, numbers);
    assert!(adds.iter().all(|e| e["actor"] == "demo-maintainer" && e["channel"] == "web"));
}
