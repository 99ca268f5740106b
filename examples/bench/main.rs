//! The benchmark: measures the budgets of DESIGN.md that exist so far and prints a table.
//!
//! `cargo run --release --example bench`. Everything runs on loopback against the simulators;
//! GitHub's round trip is simulated at 100 ms where the budget says so.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures::StreamExt;
use testbed::auth::{Auth, AuthConfig};
use testbed::domain::{CommitSha, PrNumber, RepoName};
use testbed::github::{GithubAuth, GithubClient, GithubConfig, reconcile};
use testbed::server::{self, Parts};
use testbed::service::{LabelConfig, ServiceConfig};
use testbed::sim::GithubSim;
use testbed::sim::webhooks::{self, WebhookSender};
use testbed::store::{Store, TestingPr};

mod memory;
mod page;

const PRS: usize = 100;
const LATENCY: Duration = Duration::from_millis(100);
const CLIENTS: usize = 50;
const READS_PER_CLIENT: usize = 200;
const PUSHES: usize = 200;
const SECRET: &str = "bench-webhook-secret";

struct Row {
    what: &'static str,
    budget: &'static str,
    measured: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    testbed::jenkins::install_tls_provider();
    let repo: RepoName = "internetarchive/openlibrary".parse()?;
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, folder, github] = args.as_slice()
        && flag == memory::SERVE_ONLY
    {
        return memory::serve_only(folder, github, &repo).await;
    }
    let mut rows = Vec::new();

    let sim = GithubSim::generated(&repo, PRS);
    let running = sim.serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    let base = running.base_url().to_owned();
    let client = GithubClient::with_timeout(
        GithubConfig { api_base: base.clone(), repo: repo.clone(), auth: GithubAuth::None },
        Duration::from_secs(30),
    )?;
    let mut pins = Vec::new();
    for pr in sim.open_pulls(&repo)? {
        let first = sim.commits(&repo, pr)?.first().cloned();
        pins.push((pr, first));
    }
    let moved =
        pins.iter().filter(|(pr, pin)| sim.head(&repo, *pr).ok().as_ref() != pin.as_ref()).count();

    sim.set_latency(LATENCY);
    sim.reset_stats();
    let started = Instant::now();
    let cold = reconcile(&client, &pins, &HashMap::new()).await;
    let cold_time = started.elapsed();
    let cold_requests = sim.stats().total;
    sim.reset_stats();
    let started = Instant::now();
    let warm = reconcile(&client, &pins, &cold.facts).await;
    let warm_time = started.elapsed();
    let warm_stats = sim.stats();
    rows.push(Row {
        what: "cold reconcile, 100 PRs, 100 ms round trip",
        budget: "< 300 ms; requests <= pages + moved",
        measured: format!(
            "{} ms, {cold_requests} requests (1 page + {moved} moved = {})",
            cold_time.as_millis(),
            1 + moved
        ),
    });
    rows.push(Row {
        what: "warm reconcile (nothing changed)",
        budget: "304s only",
        measured: format!(
            "{} ms, {} requests, {} answered 304",
            warm_time.as_millis(),
            warm_stats.total,
            warm_stats.not_modified
        ),
    });
    drop(warm);

    let legacy = legacy_refresh(&base, &repo, &pins, false).await?;
    rows.push(Row {
        what: "baseline: legacy page (2 requests per PR, in turn)",
        budget: "-",
        measured: format!("{} ms", legacy.as_millis()),
    });
    let rewrite = legacy_refresh(&base, &repo, &pins, true).await?;
    rows.push(Row {
        what: "baseline: 2026 rewrite (2 per PR, all at once)",
        budget: "-",
        measured: format!("{} ms", rewrite.as_millis()),
    });
    sim.set_latency(Duration::ZERO);

    let folder = tempfile::tempdir()?;
    let server = start_server(&folder, &repo, &pins, client.clone()).await?;
    rows.extend(reads(&server).await?);
    rows.push(webhook_to_event(&server, &sim, &repo).await?);
    rows.extend(page::page_rows(&server.base).await?);
    rows.push(Row {
        what: "idle memory of the server alone, 100 PRs",
        budget: "< 30 MB RSS",
        measured: memory::server_alone(&base, &pins).await?,
    });
    rows.push(Row {
        what: "memory of this process (server + simulators + clients)",
        budget: "-",
        measured: rss().unwrap_or_else(|| "unknown".to_owned()),
    });

    let width = rows.iter().map(|r| r.what.len()).max().unwrap_or(10);
    let budget_width = rows.iter().map(|r| r.budget.len()).max().unwrap_or(10);
    println!("| {:width$} | {:budget_width$} | measured |", "what", "budget");
    println!("|{}|{}|---|", "-".repeat(width + 2), "-".repeat(budget_width + 2));
    for row in rows {
        println!("| {:width$} | {:budget_width$} | {} |", row.what, row.budget, row.measured);
    }
    Ok(())
}

/// Two requests per PR without conditional requests, one after another (the legacy page) or
/// all at once, each on a new connection (the 2026 rewrite).
async fn legacy_refresh(
    base: &str,
    repo: &RepoName,
    pins: &[(PrNumber, Option<CommitSha>)],
    concurrent: bool,
) -> anyhow::Result<Duration> {
    let one = |pr: PrNumber, pin: Option<CommitSha>| {
        let base = base.to_owned();
        let repo = repo.clone();
        async move {
            let http = reqwest::Client::builder().pool_max_idle_per_host(0).build()?;
            let pull: serde_json::Value =
                http.get(format!("{base}/repos/{repo}/pulls/{pr}")).send().await?.json().await?;
            let head = pull["head"]["sha"].as_str().unwrap_or_default().to_owned();
            if let Some(pin) = pin {
                http.get(format!("{base}/repos/{repo}/compare/{pin}...{head}")).send().await?;
            }
            anyhow::Ok(())
        }
    };
    let started = Instant::now();
    if concurrent {
        let all = pins.iter().map(|(pr, pin)| one(*pr, pin.clone()));
        for result in futures::future::join_all(all).await {
            result?;
        }
    } else {
        for (pr, pin) in pins {
            one(*pr, pin.clone()).await?;
        }
    }
    Ok(started.elapsed())
}

struct Bench {
    base: String,
    _service: Arc<testbed::service::Service>,
}

async fn start_server(
    folder: &tempfile::TempDir,
    repo: &RepoName,
    pins: &[(PrNumber, Option<CommitSha>)],
    github: GithubClient,
) -> anyhow::Result<Bench> {
    write_state(folder.path(), pins)?;
    serve_state(folder.path(), repo, github).await
}

/// A testing set of every PR, pinned at its first commit.
fn write_state(
    folder: &std::path::Path,
    pins: &[(PrNumber, Option<CommitSha>)],
) -> anyhow::Result<()> {
    let store = Store::new(folder.join("_testing-prs.json"));
    let rows: Vec<TestingPr> = pins
        .iter()
        .filter_map(|(pr, pin)| {
            let pin = pin.as_ref()?;
            Some(TestingPr::new(
                *pr,
                pin,
                format!("Benchmark PR {pr}"),
                "bench",
                chrono::Utc::now(),
            ))
        })
        .collect();
    store.update(move |state| state.prs.clone_from(&rows)).context("writing the state")?;
    Ok(())
}

/// The service on the state file in `folder`, with the API's routes and a static file of the
/// snapshot's bytes.
async fn serve_state(
    folder: &std::path::Path,
    repo: &RepoName,
    github: GithubClient,
) -> anyhow::Result<Bench> {
    let state_file = folder.join("_testing-prs.json");
    let system = testbed::live::SystemInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        host: "bench".to_owned(),
        started_at: chrono::Utc::now(),
        mode: "bench".to_owned(),
        state_file: state_file.display().to_string(),
        status_file: String::new(),
        flags_file: None,
        integrations: Default::default(),
        access: "public read".to_owned(),
        last_webhook_at: None,
        webhooks_applied: 0,
    };
    let config = ServiceConfig {
        repo: repo.clone(),
        state_file,
        status_file: folder.join("_dev-merged_status.txt"),
        flags_file: None,
        reconcile_interval: Duration::from_secs(300),
        system,
        github_auth: "simulated".to_owned(),
        labels: LabelConfig::default(),
    };
    let auth_config = AuthConfig { public_read: true, ..AuthConfig::default() };
    let parts = Parts {
        github: Some(github.clone()),
        jenkins: None,
        auth: Auth::new(auth_config, Some(github)),
        webhook: Some(server::webhook_config(&SECRET.into(), None, repo.clone())?),
        command_prefix: "/testing".to_owned(),
        setup: None,
    };
    let (service, app) = server::start(config, parts).await;
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    let base = format!("http://{}", listener.local_addr()?);
    let body = service.live().current().json.clone();
    // The same bytes as a static file from the same server: the ratio is the figure that counts.
    let app = app.route(
        "/bench/static.json",
        axum::routing::get(move || {
            let body = body.clone();
            async move { ([("content-type", "application/json")], body) }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    // Let the first reconcile finish so reads see the facts.
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok(Bench { base, _service: service })
}

async fn reads(server: &Bench) -> anyhow::Result<Vec<Row>> {
    let snapshot = load(&format!("{}/api/status", server.base)).await?;
    let file = load(&format!("{}/bench/static.json", server.base)).await?;
    Ok(vec![
        Row {
            what: "snapshot read, 100 PRs, 50 clients",
            budget: "p99 < 5 ms",
            measured: format!(
                "p50 {:.2} ms, p99 {:.2} ms, {:.0} req/s",
                snapshot.p50, snapshot.p99, snapshot.per_second
            ),
        },
        Row {
            what: "same bytes as a static file, same server",
            budget: "snapshot >= 0.8x its req/s",
            measured: format!(
                "{:.0} req/s; ratio {:.2}",
                file.per_second,
                snapshot.per_second / file.per_second
            ),
        },
    ])
}

struct Load {
    p50: f64,
    p99: f64,
    per_second: f64,
}

async fn load(url: &str) -> anyhow::Result<Load> {
    let http = reqwest::Client::new();
    let started = Instant::now();
    let clients = (0..CLIENTS).map(|_| {
        let http = http.clone();
        let url = url.to_owned();
        async move {
            let mut times = Vec::with_capacity(READS_PER_CLIENT);
            for _ in 0..READS_PER_CLIENT {
                let sent = Instant::now();
                let response = http.get(&url).send().await?;
                response.bytes().await?;
                times.push(sent.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(times)
        }
    });
    let mut times = Vec::new();
    for result in futures::future::join_all(clients).await {
        times.extend(result?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    Ok(Load {
        p50: percentile(&times, 0.50),
        p99: percentile(&times, 0.99),
        per_second: times.len() as f64 / elapsed,
    })
}

async fn webhook_to_event(server: &Bench, sim: &GithubSim, repo: &RepoName) -> anyhow::Result<Row> {
    let sender = WebhookSender::new(format!("{}/webhook", server.base), SECRET.into())?;
    let response = reqwest::get(format!("{}/api/events", server.base)).await?;
    let mut events = response.bytes_stream();
    let mut buffer = String::new();
    let pr = sim.open_pulls(repo)?.first().copied().context("no PR")?;
    let mut delays = Vec::new();
    for _ in 0..PUSHES {
        let before = sim.head(repo, pr)?;
        let after = sim.push(repo, pr, 1)?;
        let payload = webhooks::pull_request_synchronize(repo, pr, &before, &after);
        let sent = Instant::now();
        sender.send("pull_request", &payload).await?;
        loop {
            if buffer.contains(after.as_str()) {
                break;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(5), events.next())
                .await
                .context("no event within 5 s")?
                .context("the event stream ended")??;
            buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
        delays.push(sent.elapsed().as_secs_f64() * 1000.0);
        buffer.clear();
    }
    delays.sort_by(f64::total_cmp);
    Ok(Row {
        what: "webhook received -> event at a subscriber",
        budget: "p99 < 50 ms",
        measured: format!(
            "p50 {:.2} ms, p99 {:.2} ms ({PUSHES} pushes)",
            percentile(&delays, 0.50),
            percentile(&delays, 0.99)
        ),
    })
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    Some(line.trim_start_matches("VmRSS:").trim().to_owned())
}
