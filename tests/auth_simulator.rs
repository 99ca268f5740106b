//! The simulated GitHub answers the membership, permission and OAuth endpoints as GitHub does.

use std::net::SocketAddr;

use reqwest::StatusCode;
use serde_json::{Value, json};
use testbed::sim::GithubSim;

const FIXTURE: &str = r#"{
  "tokens": [{ "token": "ghp_reader000000000000000000000000000000", "login": "someone" }],
  "teams": [{ "name": "internetarchive/maintainers", "members": ["cdrini"],
              "pending": ["hornc"] }],
  "oauth_apps": [{ "client_id": "Iv1.test", "client_secret": "s3cret" }],
  "oauth_user": "cdrini",
  "repositories": [{
    "full_name": "internetarchive/openlibrary",
    "collaborators": [{ "login": "jimchamp", "role": "maintain" },
                      { "login": "seabelis", "role": "triage" }]
  }]
}"#;

async fn get(http: &reqwest::Client, url: String) -> (StatusCode, Value) {
    let response = http.get(url).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn teams_and_roles_answer_like_github() {
    testbed::jenkins::install_tls_provider();
    let sim = GithubSim::from_fixture(FIXTURE).unwrap();
    let running = sim.serve(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let http = reqwest::Client::new();
    let base = running.base_url();
    let team =
        |login: &str| format!("{base}/orgs/InternetArchive/teams/maintainers/memberships/{login}");

    let (status, body) = get(&http, team("CDRINI")).await;
    assert_eq!((status, body["state"].as_str()), (StatusCode::OK, Some("active")));
    let (_, body) = get(&http, team("hornc")).await;
    assert_eq!(body["state"], "pending");
    assert_eq!(get(&http, team("RayBB")).await.0, StatusCode::NOT_FOUND);

    let role = |login: &str| {
        format!("{base}/repos/internetarchive/openlibrary/collaborators/{login}/permission")
    };
    let (_, body) = get(&http, role("jimchamp")).await;
    assert_eq!(
        (body["role_name"].as_str(), body["permission"].as_str()),
        (Some("maintain"), Some("write"))
    );
    let (_, body) = get(&http, role("seabelis")).await;
    assert_eq!(
        (body["role_name"].as_str(), body["permission"].as_str()),
        (Some("triage"), Some("read"))
    );
    let (_, body) = get(&http, role("stranger")).await;
    assert_eq!(body["permission"], "none");
    assert!(
        sim.set_permission(&"internetarchive/openlibrary".parse().unwrap(), "x", Some("owner"))
            .is_err()
    );
}

#[tokio::test]
async fn a_code_buys_one_user_token_that_opens_user() {
    testbed::jenkins::install_tls_provider();
    let sim = GithubSim::from_fixture(FIXTURE).unwrap();
    let running = sim.serve(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let base = running.base_url();

    let authorize = format!(
        "{base}/login/oauth/authorize?client_id=Iv1.test\
         &redirect_uri=http%3A%2F%2Fapp.example%2Fcb&state=st%26x"
    );
    let response = http.get(&authorize).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = reqwest::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(location.as_str().split('?').next(), Some("http://app.example/cb"));
    let pairs: std::collections::HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert_eq!(pairs["state"], "st&x");
    let code = pairs["code"].clone();

    let exchange = format!("{base}/login/oauth/access_token");
    let wrong_secret = json!({ "client_id": "Iv1.test", "client_secret": "nope", "code": code });
    let refused: Value =
        http.post(&exchange).json(&wrong_secret).send().await.unwrap().json().await.unwrap();
    assert_eq!(refused["error"], "incorrect_client_credentials");

    let form = [("client_id", "Iv1.test"), ("client_secret", "s3cret"), ("code", code.as_str())];
    let answer: Value =
        http.post(&exchange).form(&form).send().await.unwrap().json().await.unwrap();
    assert_eq!(answer["token_type"], "bearer");
    let token = answer["access_token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("gho_"));
    let again: Value = http.post(&exchange).form(&form).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["error"], "bad_verification_code", "a code works once");

    let user = http.get(format!("{base}/user")).bearer_auth(&token).send().await.unwrap();
    let user: Value = user.json().await.unwrap();
    assert_eq!(user["login"], "cdrini");

    sim.clear_oauth_user();
    assert_eq!(http.get(&authorize).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let unknown = authorize.replace("Iv1.test", "Iv1.other");
    assert_eq!(http.get(&unknown).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}
