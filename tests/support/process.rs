//! `testbed serve` as a real process, against the simulated GitHub served by the test over
//! HTTP: for what only a process shows (signals, exit status, what it prints).

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use testbed::demo::DemoFiles;
use testbed::sim::{DEMO_FIXTURE, GithubSim, RunningSim};

pub const TOKEN: &str = "ops-script-token-0123456789abcdef";
pub const SECRET: &str = "process-webhook-secret-5f3a9c";

pub struct Process {
    pub base: String,
    pub files: DemoFiles,
    pub sim: GithubSim,
    /// Every line the process printed, on either stream, in arrival order per stream.
    pub output: Arc<Mutex<Vec<String>>>,
    child: Child,
    _sim_server: RunningSim,
    _folder: tempfile::TempDir,
}

impl Process {
    /// Starts `testbed serve` with `extra` arguments, and waits until it serves.
    pub async fn start(extra: &[&str]) -> Process {
        testbed::jenkins::install_tls_provider();
        let folder = tempfile::tempdir().expect("temp folder");
        let files = DemoFiles::create_in(folder.path()).expect("demo files");
        let sim = GithubSim::from_fixture(DEMO_FIXTURE).expect("fixture");
        let running = sim.serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("sim");
        let port = {
            let probe = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("free port");
            probe.local_addr().expect("address").port()
        };
        let listen = format!("127.0.0.1:{port}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_testbed"))
            .arg("serve")
            .args(extra)
            .env_clear()
            .env("RUST_LOG", "info")
            .env("TESTBED_LISTEN", &listen)
            .env("TESTBED_REPO", testbed::demo::DEMO_REPO)
            .env("TESTBED_GITHUB_API", running.base_url())
            .env("TESTBED_STATE_FILE", &files.state_file)
            .env("TESTBED_STATUS_FILE", &files.status_file)
            .env("TESTBED_FLAGS_FILE", &files.flags_file)
            .env("TESTBED_API_TOKENS", format!("ops:{TOKEN}"))
            .env("WEBHOOK_SECRET", SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start testbed");
        let output = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push(line);
                }
            });
        }
        let process = Process {
            base: format!("http://{listen}"),
            files,
            sim,
            output,
            child,
            _sim_server: running,
            _folder: folder,
        };
        process
            .wait_for("the server to answer", || async {
                fresh_client().get(process.url("/healthz")).send().await.is_ok()
            })
            .await;
        process
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM, as `docker stop` and systemd do.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Waits for the process to exit (killing it after a minute, so a hung test ends).
    pub async fn exit_status(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("testbed did not exit; it printed:\n{}", self.printed());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn printed(&self) -> String {
        self.output.lock().unwrap().join("\n")
    }

    /// Polls `ready` until it holds.
    pub async fn wait_for<F, Fut>(&self, what: &str, ready: F)
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !ready().await {
            assert!(Instant::now() < deadline, "timed out waiting for {what}:\n{}", self.printed());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until the process has printed a line containing `text`.
    pub async fn wait_for_line(&self, text: &str) {
        let output = Arc::clone(&self.output);
        self.wait_for(&format!("a line with {text:?}"), || {
            let seen = output.lock().unwrap().iter().any(|line| line.contains(text));
            async move { seen }
        })
        .await;
    }

    /// The snapshot, read with the script token.
    pub async fn status(&self) -> Value {
        let response = fresh_client()
            .get(self.url("/api/status"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("GET /api/status");
        assert_eq!(response.status(), 200);
        response.json().await.expect("JSON")
    }

    pub fn state_file(&self) -> PathBuf {
        self.files.state_file.clone()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // A test that failed half-way must not leave a server behind.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A client that opens a new connection for every request, so a refused connection shows.
pub fn fresh_client() -> reqwest::Client {
    reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("client")
}
