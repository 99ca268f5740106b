//! A real `testbed serve` process against the simulated GitHub of this test process, for tests
//! that kill it or take its disk away.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use testbed::sim::{GithubSim, RunningSim};

/// The bearer token the client writes with, and who the writes are recorded as.
pub const TOKEN: &str = "process-test-token-0123456789";
pub const TOKEN_NAME: &str = "writer";

/// The simulated GitHub the processes ask, running in the test process.
pub struct SimulatedGithub {
    pub sim: GithubSim,
    pub running: RunningSim,
}

impl SimulatedGithub {
    pub fn base_url(&self) -> &str {
        self.running.base_url()
    }

    /// Also installs the TLS provider every HTTP client of the crate needs.
    pub async fn start() -> Self {
        testbed::jenkins::install_tls_provider();
        let sim = GithubSim::from_fixture(testbed::sim::DEMO_FIXTURE).expect("demo fixture");
        let running =
            sim.serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("simulated GitHub");
        Self { sim, running }
    }

    /// The open PRs of the demo repository, to add and remove.
    pub fn open_prs(&self) -> Vec<u64> {
        let open = self.sim.open_pulls(&testbed::demo::demo_repo()).expect("demo repository");
        open.into_iter().map(|pr| pr.get()).collect()
    }
}

/// How to start the server: the same every time, so a restart serves the same files.
pub struct ServerCommand {
    pub state_file: PathBuf,
    pub github_api: String,
    /// Wraps the command, e.g. to run it in a mount namespace of its own.
    pub wrapper: Vec<String>,
}

pub struct ServerProcess {
    pub child: Child,
    pub api: Api,
}

/// The server's HTTP API, as a script calls it with the token.
#[derive(Debug, Clone)]
pub struct Api {
    pub base: String,
}

impl ServerCommand {
    pub fn new(state_file: &Path, github_api: &str) -> Self {
        Self {
            state_file: state_file.to_owned(),
            github_api: github_api.to_owned(),
            wrapper: Vec::new(),
        }
    }

    /// Starts the process and waits until it answers `/healthz`.
    pub async fn start(&self, http: &reqwest::Client) -> ServerProcess {
        let port = free_port();
        let folder = self.state_file.parent().expect("the state file is in a folder");
        let args = [
            env!("CARGO_BIN_EXE_testbed").to_owned(),
            "serve".to_owned(),
            "--repo".to_owned(),
            "internetarchive/openlibrary".to_owned(),
            "--listen".to_owned(),
            format!("127.0.0.1:{port}"),
            "--state-file".to_owned(),
            self.state_file.display().to_string(),
            "--status-file".to_owned(),
            folder.join("_dev-merged_status.txt").display().to_string(),
            "--github-api".to_owned(),
            self.github_api.clone(),
        ];
        let mut line = self.wrapper.iter().chain(args.iter());
        let program = line.next().expect("a program");
        let child = Command::new(program)
            .args(line)
            .env("TESTBED_API_TOKENS", format!("{TOKEN_NAME}:{TOKEN}"))
            .env("TESTBED_RECONCILE_SECONDS", "300")
            .env("RUST_LOG", "warn")
            .env_remove("GITHUB_TOKEN")
            .env_remove("APP_ID")
            .env_remove("WEBHOOK_SECRET")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("testbed starts");
        let api = Api { base: format!("http://127.0.0.1:{port}") };
        let mut server = ServerProcess { child, api };
        server.wait_until_serving(http, &self.wrapper).await;
        server
    }
}

impl ServerProcess {
    async fn wait_until_serving(&mut self, http: &reqwest::Client, wrapper: &[String]) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("testbed (wrapped in {wrapper:?}) ended with {status} before serving");
            }
            let answer = http.get(format!("{}/healthz", self.api.base)).send().await;
            if answer.is_ok_and(|answer| answer.status().is_success()) {
                return;
            }
            assert!(Instant::now() < deadline, "testbed did not start serving within 20 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// SIGKILL: no chance to finish a write, flush or clean up.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the killed process is reaped");
    }

    pub async fn write(
        &self,
        http: &reqwest::Client,
        operation: &str,
        prs: Value,
    ) -> reqwest::Result<(u16, Value)> {
        self.api.write(http, operation, prs).await
    }

    pub async fn status(&self, http: &reqwest::Client) -> reqwest::Result<(u16, Value)> {
        self.api.status(http).await
    }
}

impl Api {
    /// `POST /api/prs/<operation>` with one PR; the status and the JSON answer.
    pub async fn write(
        &self,
        http: &reqwest::Client,
        operation: &str,
        prs: Value,
    ) -> reqwest::Result<(u16, Value)> {
        let answer = http
            .post(format!("{}/api/prs/{operation}", self.base))
            .bearer_auth(TOKEN)
            .json(&json!({ "prs": prs }))
            .send()
            .await?;
        let status = answer.status().as_u16();
        Ok((status, answer.json().await?))
    }

    pub async fn status(&self, http: &reqwest::Client) -> reqwest::Result<(u16, Value)> {
        let answer =
            http.get(format!("{}/api/status", self.base)).bearer_auth(TOKEN).send().await?;
        let status = answer.status().as_u16();
        Ok((status, answer.json().await?))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // A failing test must not leave a server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port free right now; the process binds it a moment later.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("its address").port()
}
