//! `testbed demo`: the real server against a simulated GitHub seeded with sample data, so a
//! newcomer can click through everything with no network and no secrets.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use tracing::{info, warn};

use crate::auth::{Auth, AuthConfig};
use crate::config::DemoArgs;
use crate::domain::{PrNumber, RepoName};
use crate::github::{GithubAuth, GithubClient, GithubConfig};
use crate::jenkins::{FollowSettings, JenkinsClient};
use crate::live::Integrations;
use crate::server;
use crate::sim::GithubSim;
use crate::sim::jenkins::{JenkinsSim, RunningJenkins};
use crate::sim::webhooks::{self, WebhookSender};

/// The sample testing set, consistent with the simulated GitHub's [`crate::sim::DEMO_FIXTURE`].
pub const STATE_FIXTURE: &str = include_str!("../fixtures/demo/_testing-prs.json");
/// The sample result of the last build.
pub const STATUS_FIXTURE: &str = include_str!("../fixtures/demo/_dev-merged_status.txt");
/// Sample feature flags.
pub const FLAGS_FIXTURE: &str = include_str!("../fixtures/flags/openlibrary.yml");

pub const DEMO_REPO: &str = "internetarchive/openlibrary";

/// Files of a demo run, created from the fixtures when absent so a restart keeps its changes.
#[derive(Debug)]
pub struct DemoFiles {
    pub state_file: PathBuf,
    pub status_file: PathBuf,
    pub flags_file: PathBuf,
}

impl DemoFiles {
    pub fn create_in(folder: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating the demo folder {}", folder.display()))?;
        let files = Self {
            state_file: folder.join("_testing-prs.json"),
            status_file: folder.join("_dev-merged_status.txt"),
            flags_file: folder.join("flags.yml"),
        };
        for (path, text) in [
            (&files.state_file, STATE_FIXTURE),
            (&files.status_file, STATUS_FIXTURE),
            (&files.flags_file, FLAGS_FIXTURE),
        ] {
            if !path.exists() {
                std::fs::write(path, text)
                    .with_context(|| format!("writing demo data to {}", path.display()))?;
            }
        }
        Ok(files)
    }
}

/// Starts the simulated GitHub on a free loopback port and a client aimed at it.
pub async fn simulated_github(
    latency: Duration,
) -> anyhow::Result<(GithubSim, crate::sim::RunningSim, GithubClient)> {
    let sim =
        GithubSim::from_fixture(crate::sim::DEMO_FIXTURE).context("reading the demo fixture")?;
    sim.set_latency(latency);
    let running = sim
        .serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .context("starting the simulated GitHub")?;
    let client = GithubClient::with_timeout(
        GithubConfig {
            api_base: running.base_url().to_owned(),
            repo: demo_repo(),
            auth: GithubAuth::None,
        },
        Duration::from_secs(5),
    )
    .context("setting up the GitHub client")?;
    Ok((sim, running, client))
}

pub fn demo_repo() -> RepoName {
    // A constant that parses; checked by a test below.
    DEMO_REPO.parse().unwrap_or_else(|_| unreachable!("DEMO_REPO is a valid repository name"))
}

/// `testbed demo`.
pub async fn run(mut args: DemoArgs) -> anyhow::Result<()> {
    let folder = args.data_dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("testbed-demo-{}", std::process::id()))
    });
    let files = DemoFiles::create_in(&folder)?;
    let common = &mut args.common;
    common.state_file.get_or_insert(files.state_file);
    common.status_file.get_or_insert(files.status_file);
    common.flags_file.get_or_insert(files.flags_file);
    common.deployed_label.get_or_insert_with(|| "On testing".to_owned());
    common.conflict_label.get_or_insert_with(|| "Testing: merge conflict".to_owned());

    let (sim, running, client) = simulated_github(Duration::from_millis(args.latency_ms)).await?;
    let (_jenkins_sim, running_jenkins, jenkins) = simulated_jenkins().await?;
    info!(
        folder = %folder.display(),
        github = running.base_url(),
        jenkins = running_jenkins.base_url,
        "demo mode: simulated GitHub and Jenkins, sample data; every visitor is {DEMO_LOGIN}"
    );
    let integrations =
        Integrations { github: true, jenkins: true, webhook: true, ..Integrations::default() };
    let config = server::service_config(common, demo_repo(), "demo", integrations)
        .with_github_auth("simulated")
        .with_access(&demo_auth_config());
    let auth = Auth::new(demo_auth_config(), Some(client.clone()));
    let webhook = server::webhook_config(&args.webhook_secret, None, demo_repo())?;
    let parts = server::Parts {
        github: Some(client),
        jenkins: Some(jenkins),
        auth,
        webhook: Some(webhook),
        command_prefix: common.command_prefix.clone(),
        setup: None,
    };
    if args.push_seconds > 0 {
        let target = format!("http://{}/webhook", common.listen);
        let sender = WebhookSender::new(target, args.webhook_secret.clone())
            .context("setting up the demo's webhook sender")?;
        tokio::spawn(keep_pushing(sim, sender, Duration::from_secs(args.push_seconds)));
    }
    server::run(config, parts, common).await
}

/// The PRs the demo's authors keep pushing to, in turn.
const BUSY_PRS: [u64; 3] = [11202, 11203, 11201];

/// Pushes a commit to a pinned PR now and then, and tells testbed the way GitHub would: with a
/// signed `synchronize` delivery. The dashboard visibly moves without anyone touching it.
async fn keep_pushing(sim: GithubSim, sender: WebhookSender, every: Duration) {
    let repo = demo_repo();
    for number in BUSY_PRS.iter().cycle() {
        tokio::time::sleep(every).await;
        let Ok(pr) = PrNumber::new(*number) else { continue };
        let Ok(before) = sim.head(&repo, pr) else { continue };
        let Ok(after) = sim.push(&repo, pr, 1) else { continue };
        let payload = webhooks::pull_request_synchronize(&repo, pr, &before, &after);
        match sender.send("pull_request", &payload).await {
            Ok(response) => info!(%pr, status = response.status().as_u16(), "demo push delivered"),
            Err(err) => warn!(%pr, error = %err, "demo push could not be delivered"),
        }
    }
}

pub use crate::auth::DEMO_LOGIN;

/// Sign-in rules of the demo: every request is [`DEMO_LOGIN`], a maintainer.
pub fn demo_auth_config() -> AuthConfig {
    AuthConfig { demo: true, maintainers: vec![DEMO_LOGIN.to_owned()], ..AuthConfig::default() }
}

/// Starts the simulated Jenkins on a free loopback port and a client aimed at it, following
/// builds every half second so the dashboard moves at a human pace.
pub async fn simulated_jenkins() -> anyhow::Result<(JenkinsSim, RunningJenkins, JenkinsClient)> {
    let sim = JenkinsSim::demo();
    let running = sim
        .serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .context("starting the simulated Jenkins")?;
    let client = JenkinsClient::new(sim.client_config(&running))
        .context("setting up the Jenkins client")?
        .with_follow_settings(FollowSettings {
            interval: Duration::from_millis(500),
            ..FollowSettings::default()
        });
    Ok((sim, running, client))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_repository_name_is_valid() {
        assert!(DEMO_REPO.parse::<RepoName>().is_ok());
    }
}
