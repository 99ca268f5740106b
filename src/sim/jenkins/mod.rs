//! A simulated Jenkins for one Pipeline job, served over real HTTP, for the demo and for tests.
//!
//! It answers the requests the client makes (trigger, queue item, build, Pipeline stages, CSRF
//! crumb) the way Jenkins does, and lets a test decide how the next build ends, refuse every
//! request, stop answering or drop connections, and read back what it was sent.

mod listener;
mod routes;
mod timeline;

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::jenkins::JenkinsConfig;
use listener::GatedListener;
use timeline::SimBuild;
pub use timeline::SimOutcome;

/// The demo's job, token and pace; see `fixtures/jenkins/README.md`.
const DEMO_FIXTURE: &str = include_str!("../../../fixtures/jenkins/demo.json");

/// The job the simulator answers for and how its builds pace themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimSettings {
    pub job: String,
    /// The "Trigger builds remotely" token the job accepts.
    pub token: String,
    /// How long a build waits in the queue before it starts.
    pub queue_delay: Duration,
    /// How long each stage runs.
    pub stage_duration: Duration,
    pub stages: Vec<String>,
}

impl Default for SimSettings {
    fn default() -> Self {
        Self {
            job: "testing-deploy".to_owned(),
            token: "demo-token".to_owned(),
            queue_delay: Duration::from_secs(1),
            stage_duration: Duration::from_secs(2),
            stages: ["Checkout", "Merge PRs", "Build", "Deploy"].map(String::from).to_vec(),
        }
    }
}

#[derive(Deserialize)]
struct SettingsFile {
    job: String,
    token: String,
    queue_delay_ms: u64,
    stage_duration_ms: u64,
    stages: Vec<String>,
}

impl SimSettings {
    /// Reads settings in the form of `fixtures/jenkins/demo.json`.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let file: SettingsFile = serde_json::from_str(text)?;
        Ok(Self {
            job: file.job,
            token: file.token,
            queue_delay: Duration::from_millis(file.queue_delay_ms),
            stage_duration: Duration::from_millis(file.stage_duration_ms),
            stages: file.stages,
        })
    }
}

/// One accepted `buildWithParameters` request, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggeredBuild {
    /// The form body's fields, `token` included.
    pub params: HashMap<String, String>,
    /// The URL query's fields; a client that keeps tokens out of URLs leaves this empty.
    pub query: HashMap<String, String>,
    pub at: DateTime<Utc>,
    pub queue_id: u64,
}

/// Requests received, by kind, refused ones included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestCounts {
    pub trigger: u64,
    pub crumb: u64,
    pub queue: u64,
    pub build: u64,
    pub stages: u64,
    pub other: u64,
}

impl RequestCounts {
    pub fn total(&self) -> u64 {
        self.trigger + self.crumb + self.queue + self.build + self.stages + self.other
    }
}

/// Handle on a simulated Jenkins. Clones share one Jenkins.
#[derive(Clone)]
pub struct JenkinsSim {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    down: Arc<AtomicBool>,
    hang: watch::Sender<bool>,
    refuse_all: AtomicBool,
    counts: [AtomicU64; 6],
}

struct State {
    settings: SimSettings,
    next_outcome: Option<SimOutcome>,
    crumb_required: bool,
    /// The `Authorization` header every request must carry, when a user is required.
    authorization: Option<String>,
    /// Session cookie → the crumb issued in that session.
    sessions: HashMap<String, String>,
    builds: Vec<SimBuild>,
    triggered: Vec<TriggeredBuild>,
    next_queue_id: u64,
    next_number: u64,
    base_url: String,
    /// Set while a test drives the clock; builds then advance only with `advance_clock`.
    frozen_at: Option<Instant>,
}

impl State {
    fn now(&self) -> Instant {
        self.frozen_at.unwrap_or_else(Instant::now)
    }
}

/// A simulator listening for requests. Dropping it stops the listener.
pub struct RunningJenkins {
    /// `http://127.0.0.1:PORT`, without a trailing slash: what `JENKINS_URL` should be.
    pub base_url: String,
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningJenkins {
    /// Stops accepting connections and waits until the listener is closed.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.shutdown.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningJenkins {
    fn drop(&mut self) {
        if let Some(stop) = self.shutdown.take() {
            let _ = stop.send(());
        }
    }
}

impl JenkinsSim {
    pub fn new(settings: SimSettings) -> Self {
        let state = State {
            settings,
            next_outcome: None,
            crumb_required: false,
            authorization: None,
            sessions: HashMap::new(),
            builds: Vec::new(),
            triggered: Vec::new(),
            next_queue_id: 1,
            next_number: 1,
            base_url: String::new(),
            frozen_at: None,
        };
        Self {
            shared: Arc::new(Shared {
                state: Mutex::new(state),
                down: Arc::new(AtomicBool::new(false)),
                hang: watch::Sender::new(false),
                refuse_all: AtomicBool::new(false),
                counts: Default::default(),
            }),
        }
    }

    /// The demo's Jenkins, from `fixtures/jenkins/demo.json`.
    pub fn demo() -> Self {
        let settings = SimSettings::from_json(DEMO_FIXTURE).unwrap_or_else(|err| {
            tracing::warn!(%err, "the Jenkins demo fixture is unreadable; using defaults");
            SimSettings::default()
        });
        Self::new(settings)
    }

    /// Listens on `addr` (port 0 picks a free port) until the returned value is dropped.
    pub async fn serve(&self, addr: SocketAddr) -> io::Result<RunningJenkins> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        self.state().base_url = base_url.clone();
        let listener = GatedListener { listener, down: Arc::clone(&self.shared.down) };
        let app = routes::router(self.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            tokio::select! {
                result = axum::serve(listener, app).into_future() => {
                    if let Err(err) = result {
                        tracing::warn!(%err, "simulated Jenkins stopped");
                    }
                }
                _ = stopped => {}
            }
        });
        tracing::info!(%base_url, "simulated Jenkins listening");
        Ok(RunningJenkins { base_url, addr, shutdown: Some(stop), task: Some(task) })
    }

    /// The client configuration that reaches `running` with this job's token.
    pub fn client_config(&self, running: &RunningJenkins) -> JenkinsConfig {
        let settings = self.settings();
        JenkinsConfig::new(&running.base_url, &settings.job, settings.token.into())
    }

    pub fn settings(&self) -> SimSettings {
        self.state().settings.clone()
    }

    pub fn set_queue_delay(&self, delay: Duration) {
        self.state().settings.queue_delay = delay;
    }

    pub fn set_stage_duration(&self, duration: Duration) {
        self.state().settings.stage_duration = duration;
    }

    pub fn set_stages(&self, stages: &[&str]) {
        self.state().settings.stages = stages.iter().map(|s| (*s).to_owned()).collect();
    }

    /// How the next triggered build ends; the builds after it succeed.
    pub fn set_next_outcome(&self, outcome: SimOutcome) {
        self.state().next_outcome = Some(outcome);
    }

    /// Cancels a queue item that has not started; false when it is unknown or already started.
    pub fn cancel_queue_item(&self, queue_id: u64) -> bool {
        let mut state = self.state();
        let now = state.now();
        let build = state.builds.iter_mut().find(|build| build.queue_id == queue_id);
        build.is_some_and(|build| build.cancel(now))
    }

    /// Stops the simulator's clock: queue items and stages then move only with
    /// [`Self::advance_clock`], so a test can look at every step of a build.
    pub fn freeze_clock(&self) {
        let mut state = self.state();
        state.frozen_at = Some(state.now());
    }

    /// Moves the simulator's clock forward, freezing it first if it runs.
    pub fn advance_clock(&self, by: Duration) {
        let mut state = self.state();
        state.frozen_at = Some(state.now() + by);
    }

    /// Answers every request with 403, as Jenkins does for a wrong or revoked credential.
    pub fn set_refuse_all(&self, refuse: bool) {
        self.shared.refuse_all.store(refuse, Ordering::SeqCst);
    }

    /// Closes every connection, open or new, as a crashed Jenkins behind a live host would.
    pub fn set_down(&self, down: bool) {
        self.shared.down.store(down, Ordering::SeqCst);
    }

    /// Accepts requests but answers none until cleared, as an overloaded Jenkins does.
    pub fn set_hang(&self, hang: bool) {
        self.shared.hang.send_replace(hang);
    }

    /// Makes `/crumbIssuer/api/json` hand out crumbs, and POSTs without a valid one fail.
    pub fn require_crumb(&self, required: bool) {
        self.state().crumb_required = required;
    }

    /// Makes every request need HTTP basic auth with this user and API token (401 otherwise).
    /// Like Jenkins, a POST authenticated this way needs no crumb.
    pub fn require_user(&self, user: &str, api_token: &str) {
        let credentials = base64(format!("{user}:{api_token}").as_bytes());
        self.state().authorization = Some(format!("Basic {credentials}"));
    }

    /// Every build accepted so far, oldest first.
    pub fn triggered(&self) -> Vec<TriggeredBuild> {
        self.state().triggered.clone()
    }

    pub fn requests(&self) -> RequestCounts {
        let [trigger, crumb, queue, build, stages, other] =
            self.shared.counts.each_ref().map(|count| count.load(Ordering::SeqCst));
        RequestCounts { trigger, crumb, queue, build, stages, other }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind, still worth answering from.
        self.shared.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64() {
        assert_eq!(base64(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn the_demo_fixture_is_readable() {
        let settings = SimSettings::from_json(DEMO_FIXTURE).unwrap();
        assert_eq!(settings.stages.len(), 4);
    }
}
