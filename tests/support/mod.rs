//! A testbed server on a free loopback port, against the simulated GitHub, for tests that use
//! the service as a client would: over HTTP.

#![allow(dead_code)]

pub mod browser;
pub mod sse;

// For the tests of a real process and of /metrics.
pub mod process;
pub mod prometheus;
// For the tests that kill a real process or take its disk away.
pub mod server_process;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use testbed::auth::{Auth, AuthConfig, OAuthConfig};
use testbed::demo::{self, DemoFiles};
use testbed::github::{GithubAuth, GithubClient, GithubConfig};
use testbed::jenkins::{FollowSettings, JenkinsClient};
use testbed::live::{Integrations, SystemInfo};
use testbed::server::{self, Parts};
use testbed::service::{Service, ServiceConfig};
use testbed::sim::jenkins::{JenkinsSim, RunningJenkins, SimSettings};
use testbed::sim::{GithubSim, RunningSim};

/// The secret test deliveries are signed with.
pub const WEBHOOK_SECRET: &str = "test-webhook-secret";

pub struct TestServer {
    pub base: String,
    pub files: DemoFiles,
    pub sim: GithubSim,
    pub jenkins: JenkinsSim,
    pub service: Arc<Service>,
    pub http: reqwest::Client,
    _sim_server: RunningSim,
    _jenkins_server: Option<RunningJenkins>,
    _folder: tempfile::TempDir,
}

/// How a test server differs from the demo.
pub struct Options {
    pub auth: AuthConfig,
    /// False: no Jenkins is configured at all.
    pub jenkins: bool,
    /// Sign-in with GitHub against the simulator, with the demo fixture's OAuth app.
    pub sign_in: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { auth: demo::demo_auth_config(), jenkins: true, sign_in: false }
    }
}

impl TestServer {
    /// The demo data, served as `testbed demo` serves it.
    pub async fn demo() -> Self {
        Self::start(Options::default(), |_| {}).await
    }

    /// The demo data, with the simulated GitHub prepared (faults, changes) before the service
    /// starts.
    pub async fn demo_with(prepare: impl FnOnce(&GithubSim)) -> Self {
        Self::start(Options::default(), prepare).await
    }

    pub async fn start(options: Options, prepare: impl FnOnce(&GithubSim)) -> Self {
        testbed::jenkins::install_tls_provider();
        let folder = tempfile::tempdir().expect("temp folder");
        let files = DemoFiles::create_in(folder.path()).expect("demo files");
        let (sim, sim_server, client) =
            demo::simulated_github(Duration::ZERO).await.expect("simulated GitHub");
        prepare(&sim);
        let jenkins = JenkinsSim::new(SimSettings {
            queue_delay: Duration::from_millis(100),
            stage_duration: Duration::from_millis(100),
            ..SimSettings::default()
        });
        let (jenkins_client, jenkins_server) = if options.jenkins {
            let running =
                jenkins.serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("Jenkins");
            let client = JenkinsClient::new(jenkins.client_config(&running))
                .expect("Jenkins client")
                .with_follow_settings(FollowSettings {
                    interval: Duration::from_millis(20),
                    ..FollowSettings::default()
                });
            (Some(client), Some(running))
        } else {
            (None, None)
        };
        let mut auth_config = options.auth;
        if options.sign_in {
            auth_config.oauth = Some(OAuthConfig {
                client_id: "Iv1.demo0a0b0c0d0e0f".to_owned(),
                client_secret: "demo-client-secret-for-the-simulated-github".into(),
                oauth_base: sim_server.base_url().to_owned(),
                api_base: sim_server.base_url().to_owned(),
            });
        }
        let auth_config_for_snapshot = auth_config.clone();
        let auth = Auth::new(auth_config, Some(client.clone()));
        let webhook = server::webhook_config(&WEBHOOK_SECRET.into(), None, demo::demo_repo())
            .expect("webhook");
        let parts = Parts {
            github: Some(client),
            jenkins: jenkins_client,
            auth,
            webhook: Some(webhook),
            command_prefix: testbed::commands::DEFAULT_PREFIX.to_owned(),
            setup: None,
        };
        let config = config(&files).with_access(&auth_config_for_snapshot);
        let (service, app) = server::start(config, parts).await;
        let base = serve(app).await;
        Self {
            base,
            files,
            sim,
            jenkins,
            service,
            http: reqwest::Client::new(),
            _sim_server: sim_server,
            _jenkins_server: jenkins_server,
            _folder: folder,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs JSON to the API; returns the status and the JSON answer.
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self.http.post(self.url(path)).json(&body).send().await.expect("POST");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub fn state_file(&self) -> Value {
        serde_json::from_slice(&std::fs::read(&self.files.state_file).expect("read"))
            .expect("state JSON")
    }

    pub async fn status(&self) -> Value {
        let response = self.http.get(self.url("/api/status")).send().await.expect("GET");
        assert_eq!(response.status(), 200);
        response.json().await.expect("JSON snapshot")
    }

    /// Polls the snapshot until `ready` holds, for changes that happen in the background.
    pub async fn status_when(&self, what: &str, ready: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let status = self.status().await;
            if ready(&status) {
                return status;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}: {status:#}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The snapshot after the first reconcile with GitHub has finished.
    pub async fn reconciled(&self) -> Value {
        self.status_when("the first reconcile", |s| !s["github"]["last_reconcile"].is_null()).await
    }
}

pub fn config(files: &DemoFiles) -> ServiceConfig {
    ServiceConfig {
        repo: demo::demo_repo(),
        state_file: files.state_file.clone(),
        status_file: files.status_file.clone(),
        flags_file: Some(files.flags_file.clone()),
        reconcile_interval: Duration::from_secs(300),
        system: SystemInfo {
            version: "test".to_owned(),
            host: "test".to_owned(),
            started_at: chrono::Utc::now(),
            mode: "test".to_owned(),
            state_file: files.state_file.display().to_string(),
            status_file: files.status_file.display().to_string(),
            flags_file: None,
            integrations: Integrations::default(),
            access: "test".to_owned(),
            last_webhook_at: None,
            webhooks_applied: 0,
        },
        github_auth: "simulated".to_owned(),
        labels: testbed::service::LabelConfig {
            deployed: Some("On testing".to_owned()),
            conflicted: Some("Testing: merge failed".to_owned()),
        },
    }
}

/// A GitHub client aimed at a running simulator.
pub fn client_for(sim: &RunningSim, timeout: Duration) -> GithubClient {
    GithubClient::with_timeout(
        GithubConfig {
            api_base: sim.base_url().to_owned(),
            repo: demo::demo_repo(),
            auth: GithubAuth::None,
        },
        timeout,
    )
    .expect("client")
}

/// Serves an application on a free port; returns its base URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

pub fn row(status: &Value, pr: u64) -> &Value {
    status["testing"]["prs"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["pr"] == pr))
        .unwrap_or_else(|| panic!("no row for #{pr} in {status:#}"))
}

pub fn temp_path(folder: &tempfile::TempDir, name: &str) -> PathBuf {
    folder.path().join(name)
}
