//! The server's own memory: the same server as the read benchmark, alone in a child process
//! (this example run again with `--serve-only`), measured when idle after its first reconcile
//! and a round of reads.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::Context;
use testbed::domain::{CommitSha, PrNumber, RepoName};
use testbed::github::{GithubAuth, GithubClient, GithubConfig};
use tokio::io::{AsyncBufReadExt, BufReader};

pub const SERVE_ONLY: &str = "--serve-only";

const READS: usize = 200;

/// In the child: serves the state file in `folder` against the simulated GitHub at `github`,
/// prints its address, and waits to be killed.
pub async fn serve_only(folder: &str, github: &str, repo: &RepoName) -> anyhow::Result<()> {
    let config =
        GithubConfig { api_base: github.to_owned(), repo: repo.clone(), auth: GithubAuth::None };
    let client = GithubClient::with_timeout(config, Duration::from_secs(30))?;
    let server = super::serve_state(Path::new(folder), repo, client).await?;
    println!("{}", server.base);
    std::future::pending::<()>().await;
    Ok(())
}

/// The child's resident memory once it has reconciled 100 PRs and answered some reads.
pub async fn server_alone(
    github: &str,
    pins: &[(PrNumber, Option<CommitSha>)],
) -> anyhow::Result<String> {
    let folder = tempfile::tempdir()?;
    super::write_state(folder.path(), pins)?;
    let folder_arg = folder.path().to_str().context("a temporary folder that is not UTF-8")?;
    let mut child = tokio::process::Command::new(std::env::current_exe()?)
        .args([SERVE_ONLY, folder_arg, github])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let stdout = child.stdout.take().context("the child's output")?;
    let base = BufReader::new(stdout).lines().next_line().await?.context("no address")?;
    let http = reqwest::Client::new();
    for _ in 0..READS {
        http.get(format!("{base}/api/status")).send().await?.bytes().await?;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let pid = child.id().context("the child ended early")?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    child.kill().await?;
    let rss = status.lines().find(|line| line.starts_with("VmRSS:")).context("no VmRSS")?;
    Ok(rss.trim_start_matches("VmRSS:").trim().to_owned())
}
