//! Triggering and following deploys against the simulated Jenkins.

use std::net::SocketAddr;
use std::time::Duration;

use futures::StreamExt;
use testbed::domain::PrNumber;
use testbed::jenkins::{
    BuildOutcome, BuildPhase, BuildProgress, FollowSettings, JenkinsClient, JenkinsConfig,
    JenkinsError, StageStatus, branch_lines,
};
use testbed::sim::jenkins::{JenkinsSim, RunningJenkins, SimOutcome, SimSettings};

const STAGE: Duration = Duration::from_millis(40);
const QUEUE: Duration = Duration::from_millis(30);

fn settings() -> SimSettings {
    SimSettings {
        job: "testing-deploy".into(),
        token: "job-token".into(),
        queue_delay: QUEUE,
        stage_duration: STAGE,
        ..SimSettings::default()
    }
}

async fn start(sim: &JenkinsSim) -> RunningJenkins {
    let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
    sim.serve(loopback).await.expect("the simulator listens")
}

fn client(base_url: &str, token: &str) -> JenkinsClient {
    let mut config = JenkinsConfig::new(base_url, "testing-deploy", token.to_owned().into());
    config.timeout = Duration::from_millis(500);
    let follow = FollowSettings { interval: Duration::from_millis(20), max_failed_polls: 3 };
    JenkinsClient::new(config).expect("client").with_follow_settings(follow)
}

fn pr(n: u64) -> PrNumber {
    PrNumber::new(n).expect("a PR number")
}

fn stage_statuses(phase: &BuildPhase) -> Vec<(String, StageStatus)> {
    let stages = match phase {
        BuildPhase::Running { stages, .. } | BuildPhase::Finished { stages, .. } => stages,
        _ => return Vec::new(),
    };
    stages.iter().map(|stage| (stage.name.clone(), stage.status)).collect()
}

async fn follow_to_end(client: &JenkinsClient, lines: &str) -> Vec<BuildProgress> {
    let queued = client.trigger(lines).await.expect("Jenkins queues the build");
    client.follow(queued).collect().await
}

#[tokio::test]
async fn a_deploy_is_queued_with_the_exact_lines_and_the_token_in_the_body() {
    let sim = JenkinsSim::new(settings());
    let jenkins = start(&sim).await;
    let lines = branch_lines(&[(pr(12), "Fix search"), (pr(345), "Add a book")]);

    let queued = client(&jenkins.base_url, "job-token").trigger(&lines).await.expect("queued");

    assert_eq!(queued.queue_item_url, format!("{}/queue/item/{}/", jenkins.base_url, 1));
    let triggered = sim.triggered();
    assert_eq!(triggered.len(), 1);
    let params = &triggered[0].params;
    assert_eq!(
        params["GH_REPO_AND_BRANCH"].as_bytes(),
        b"origin pull/12/head  # Fix search\norigin pull/345/head  # Add a book"
    );
    assert_eq!(params["token"], "job-token");
    assert!(triggered[0].query.is_empty(), "the URL carried {:?}", triggered[0].query);
}

#[tokio::test]
async fn following_a_build_shows_the_queue_then_each_stage_then_success() {
    let sim = JenkinsSim::new(settings());
    sim.freeze_clock();
    let jenkins = start(&sim).await;
    let client = client(&jenkins.base_url, "job-token");
    let queued = client.trigger("origin pull/1/head  # One").await.expect("queued");
    let mut progress = Box::pin(client.follow(queued));

    let first = progress.next().await.expect("a first look");
    assert_eq!(
        first.phase,
        BuildPhase::Queued { why: Some("Waiting for next available executor".into()) }
    );

    sim.advance_clock(QUEUE);
    let running = progress.next().await.expect("the build starts");
    let BuildPhase::Running { number, url, .. } = &running.phase else {
        panic!("expected running, got {:?}", running.phase);
    };
    assert_eq!(
        (*number, url.as_str()),
        (1, format!("{}/job/testing-deploy/1/", jenkins.base_url).as_str())
    );
    assert_eq!(stage_statuses(&running.phase), [("Checkout".into(), StageStatus::InProgress)]);

    sim.advance_clock(STAGE);
    let next = progress.next().await.expect("the next stage");
    assert_eq!(
        stage_statuses(&next.phase),
        [("Checkout".into(), StageStatus::Success), ("Merge PRs".into(), StageStatus::InProgress)]
    );

    sim.advance_clock(STAGE * 3);
    let last = progress.next().await.expect("the result");
    let BuildPhase::Finished { result, failed_stage, duration_ms, stages, .. } = &last.phase else {
        panic!("expected finished, got {:?}", last.phase);
    };
    assert_eq!(*result, BuildOutcome::Success);
    assert_eq!(*failed_stage, None);
    assert_eq!(*duration_ms, 4 * 40);
    assert!(stages.iter().all(|stage| stage.status == StageStatus::Success), "{stages:?}");
    assert_eq!(stages.len(), 4);
    assert!(progress.next().await.is_none(), "nothing follows a result");
}

#[tokio::test]
async fn a_failing_build_ends_in_failure_naming_the_failed_stage() {
    let sim = JenkinsSim::new(settings());
    sim.set_next_outcome(SimOutcome::FailAt("Build".into()));
    let jenkins = start(&sim).await;

    let progress = follow_to_end(&client(&jenkins.base_url, "job-token"), "x").await;

    let last = progress.last().expect("progress");
    let BuildPhase::Finished { result, failed_stage, .. } = &last.phase else {
        panic!("expected finished, got {:?}", last.phase);
    };
    assert_eq!(*result, BuildOutcome::Failure);
    assert_eq!(failed_stage.as_deref(), Some("Build"));
    let statuses: Vec<StageStatus> = stage_statuses(&last.phase).into_iter().map(|s| s.1).collect();
    use StageStatus::{Failed, NotExecuted, Success};
    assert_eq!(statuses, [Success, Success, Failed, NotExecuted]);
}

#[tokio::test]
async fn an_aborted_build_ends_aborted() {
    let sim = JenkinsSim::new(settings());
    sim.set_next_outcome(SimOutcome::Aborted);
    let jenkins = start(&sim).await;

    let progress = follow_to_end(&client(&jenkins.base_url, "job-token"), "x").await;

    let last = progress.last().expect("progress");
    assert!(
        matches!(last.phase, BuildPhase::Finished { result: BuildOutcome::Aborted, .. }),
        "{:?}",
        last.phase
    );
}

#[tokio::test]
async fn a_queue_item_cancelled_in_jenkins_ends_cancelled() {
    let sim = JenkinsSim::new(settings());
    sim.freeze_clock();
    let jenkins = start(&sim).await;
    let client = client(&jenkins.base_url, "job-token");
    let queued = client.trigger("x").await.expect("queued");
    let queue_id = queued.queue_id;
    let mut progress = Box::pin(client.follow(queued));
    assert!(matches!(progress.next().await.map(|p| p.phase), Some(BuildPhase::Queued { .. })));

    assert!(sim.cancel_queue_item(queue_id));

    let last = progress.next().await.expect("the cancellation");
    assert_eq!(last.phase, BuildPhase::Cancelled { why: None });
    assert!(progress.next().await.is_none());
    assert_eq!(sim.requests().build, 0, "a cancelled item has no build to ask about");
}

#[tokio::test]
async fn jenkins_going_down_mid_build_ends_lost_never_finished() {
    let sim = JenkinsSim::new(settings());
    sim.freeze_clock();
    let jenkins = start(&sim).await;
    let client = client(&jenkins.base_url, "job-token");
    let queued = client.trigger("x").await.expect("queued");
    let mut progress = Box::pin(client.follow(queued));
    progress.next().await.expect("queued");
    sim.advance_clock(QUEUE);
    let running = progress.next().await.expect("running");
    assert!(matches!(running.phase, BuildPhase::Running { .. }), "{:?}", running.phase);

    sim.set_down(true);
    // Were Jenkins still answering, this would finish the build.
    sim.advance_clock(STAGE * 10);
    let rest: Vec<BuildProgress> = progress.collect().await;

    assert_eq!(rest.len(), 1, "{rest:?}");
    let BuildPhase::Lost { reason } = &rest[0].phase else {
        panic!("expected lost, got {:?}", rest[0].phase);
    };
    assert!(reason.contains("stopped answering"), "{reason}");
}

#[tokio::test]
async fn jenkins_that_stops_answering_mid_build_ends_lost() {
    let sim = JenkinsSim::new(settings());
    sim.freeze_clock();
    let jenkins = start(&sim).await;
    let client = client(&jenkins.base_url, "job-token");
    let queued = client.trigger("x").await.expect("queued");
    let mut progress = Box::pin(client.follow(queued));
    progress.next().await.expect("queued");

    sim.set_hang(true);
    sim.advance_clock(STAGE * 10);
    let rest: Vec<BuildProgress> = progress.collect().await;
    sim.set_hang(false);

    let phases: Vec<&BuildPhase> = rest.iter().map(|p| &p.phase).collect();
    assert!(matches!(phases.as_slice(), [BuildPhase::Lost { .. }]), "{phases:?}");
}

#[tokio::test]
async fn a_refusing_jenkins_and_a_wrong_token_are_refused() {
    let sim = JenkinsSim::new(settings());
    let jenkins = start(&sim).await;

    let wrong = client(&jenkins.base_url, "not-the-token").trigger("x").await;
    assert!(matches!(wrong, Err(JenkinsError::Refused { .. })), "{wrong:?}");

    sim.set_refuse_all(true);
    let refused = client(&jenkins.base_url, "job-token").trigger("x").await;
    let Err(err) = refused else { panic!("accepted while refusing") };
    assert!(matches!(err, JenkinsError::Refused { .. }), "{err:?}");
    assert!(err.to_string().contains("JENKINS_TOKEN"), "{err}");
    assert!(sim.triggered().is_empty());
}

#[tokio::test]
async fn nothing_listening_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("address");
    drop(listener);

    let result = client(&format!("http://{addr}"), "job-token").trigger("x").await;

    let Err(err) = result else { panic!("queued on a closed port") };
    assert!(matches!(err, JenkinsError::Unreachable { .. }), "{err:?}");
    assert!(!err.to_string().contains("job-token"), "{err}");
}

#[tokio::test]
async fn the_client_fetches_and_sends_the_crumb_jenkins_requires() {
    let sim = JenkinsSim::new(settings());
    sim.require_crumb(true);
    let jenkins = start(&sim).await;

    // Without the crumb, Jenkins refuses even the right token.
    testbed::jenkins::install_tls_provider();
    let url = format!("{}/job/testing-deploy/buildWithParameters", jenkins.base_url);
    let bare = reqwest::Client::new().post(&url).form(&[("token", "job-token")]).send().await;
    assert_eq!(bare.expect("an answer").status(), 403);

    client(&jenkins.base_url, "job-token").trigger("x").await.expect("queued with the crumb");
    assert_eq!(sim.triggered().len(), 1);
    assert_eq!(sim.requests().crumb, 1);
}

#[tokio::test]
async fn no_crumb_is_fetched_when_jenkins_has_no_csrf_protection() {
    let sim = JenkinsSim::new(settings());
    let jenkins = start(&sim).await;
    client(&jenkins.base_url, "job-token").trigger("x").await.expect("queued");
    assert_eq!(sim.requests().crumb, 1, "asked once, answered 404");
    assert_eq!(sim.triggered().len(), 1);
}

#[tokio::test]
async fn a_user_api_token_is_sent_as_basic_auth_and_needs_no_crumb() {
    let sim = JenkinsSim::new(settings());
    sim.require_crumb(true);
    sim.require_user("deployer", "api-token");
    let jenkins = start(&sim).await;

    let anonymous = client(&jenkins.base_url, "job-token").trigger("x").await;
    assert!(matches!(anonymous, Err(JenkinsError::Unauthorized)), "{anonymous:?}");

    let mut config = JenkinsConfig::new(&jenkins.base_url, "testing-deploy", "job-token".into());
    config.user = Some(("deployer".into(), "api-token".into()));
    let client = JenkinsClient::new(config).expect("client");
    client.trigger("x").await.expect("queued as the user");
    assert_eq!(sim.requests().crumb, 1, "only the anonymous attempt asked for a crumb");
    assert_eq!(sim.triggered().len(), 1);
}

#[tokio::test]
async fn a_wrong_job_and_a_silent_jenkins_give_distinct_errors() {
    let sim = JenkinsSim::new(settings());
    let jenkins = start(&sim).await;

    let mut config = JenkinsConfig::new(&jenkins.base_url, "no-such-job", "job-token".into());
    config.timeout = Duration::from_millis(300);
    let wrong_job = JenkinsClient::new(config).expect("client").trigger("x").await;
    let Err(err) = wrong_job else { panic!("queued on a missing job") };
    assert!(matches!(err, JenkinsError::JobNotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("JENKINS_JOB"), "{err}");

    sim.set_hang(true);
    let silent = client(&jenkins.base_url, "job-token").trigger("x").await;
    sim.set_hang(false);
    let Err(err) = silent else { panic!("queued while Jenkins was silent") };
    assert!(matches!(err, JenkinsError::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains("did not answer"), "{err}");
}
