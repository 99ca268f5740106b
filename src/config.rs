//! Command line and environment configuration. Names follow DESIGN.md's fixed points and, for
//! the GitHub App, Probot's (`APP_ID`, `PRIVATE_KEY`, `WEBHOOK_SECRET`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use secrecy::SecretString;

use crate::domain::RepoName;

#[derive(Debug, Parser)]
#[command(
    name = "testbed",
    version,
    about = "Keeps the set of pull requests deployed together to a shared testing server.",
    long_about = "Keeps the set of pull requests deployed together to a shared testing server, \
                  and serves it as a live dashboard, a JSON API and a GitHub App.\n\n\
                  `testbed demo` runs against a built-in simulated GitHub with sample data: no \
                  network, no secrets. `testbed serve` is the production server."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the production server against GitHub.
    Serve(ServeArgs),
    /// Run the same server against a simulated GitHub seeded with sample data.
    Demo(DemoArgs),
}

/// Settings shared by every way of running the server.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Address to listen on.
    #[arg(long, env = "TESTBED_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The state file shared with Open Library's legacy page.
    #[arg(long, env = "TESTBED_STATE_FILE")]
    pub state_file: Option<PathBuf>,

    /// The branch script's result of the last build.
    #[arg(long, env = "TESTBED_STATUS_FILE")]
    pub status_file: Option<PathBuf>,

    /// YAML or JSON file with a `features` map, shown on the dashboard.
    #[arg(long, env = "TESTBED_FLAGS_FILE")]
    pub flags_file: Option<PathBuf>,

    /// Seconds between safety-net reconciles with GitHub, for webhooks that never arrive.
    #[arg(long, env = "TESTBED_RECONCILE_SECONDS", default_value_t = 300)]
    pub reconcile_seconds: u64,

    /// A GitHub label kept on exactly the PRs the last deploy built (off when unset).
    #[arg(long, env = "TESTBED_DEPLOYED_LABEL")]
    pub deployed_label: Option<String>,

    /// A GitHub label kept on the PRs whose merge failed in the last build (off when unset).
    #[arg(long, env = "TESTBED_CONFLICT_LABEL")]
    pub conflict_label: Option<String>,

    /// The prefix of comment commands on PRs.
    #[arg(long, env = "TESTBED_COMMAND_PREFIX", default_value = crate::commands::DEFAULT_PREFIX)]
    pub command_prefix: String,

    /// Log as JSON lines instead of text.
    #[arg(long, env = "TESTBED_LOG_JSON")]
    pub log_json: bool,

    /// On SIGTERM or Ctrl-C: seconds to finish open requests and queued webhook deliveries
    /// before exiting anyway (with status 1). Below Docker's and systemd's default stop
    /// timeouts (10 s, 90 s), so the process ends itself before it is killed.
    #[arg(long, env = "TESTBED_SHUTDOWN_SECONDS", default_value_t = 8)]
    pub shutdown_seconds: u64,
}

/// Settings read from the environment only, listed under `testbed serve --help`.
const SERVE_ENVIRONMENT: &str = "\
Also read from the environment:
  Sign-in and who may write:
    TESTBED_MAINTAINERS             GitHub logins that are maintainers, comma-separated
    TESTBED_MAINTAINER_TEAM         org/team-slug whose members are maintainers
    TESTBED_MAINTAINER_PERMISSION   write, maintain or admin: that role or more on the repository
    TESTBED_MAINTAINER_CACHE_SECONDS  how long a maintainer answer is kept (300)
    TESTBED_API_TOKENS              name:token,… for scripts (or TESTBED_API_TOKENS_FILE)
    GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET  the App's OAuth client, for sign-in with GitHub
    TESTBED_GITHUB_OAUTH            GitHub's web base for sign-in (https://github.com)
    TESTBED_PUBLIC_URL              the URL browsers use; https makes cookies Secure
    TESTBED_PUBLIC_READ             true: anyone may read the testing set
  Jenkins:
    JENKINS_URL, JENKINS_JOB, JENKINS_TOKEN   the deploy job and its build token
    JENKINS_USER, JENKINS_API_TOKEN           optional user and API token
    JENKINS_TIMEOUT_SECONDS                   request timeout (10)";

#[derive(Debug, Args)]
#[command(after_long_help = SERVE_ENVIRONMENT, after_help = "More settings are read from the \
environment: see --help.")]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: CommonArgs,

    /// The repository whose pull requests are deployed, as owner/name.
    #[arg(long, env = "TESTBED_REPO", value_parser = parse_repo)]
    pub repo: RepoName,

    /// Base URL of GitHub's REST API (GitHub Enterprise, or a simulator).
    #[arg(long, env = "TESTBED_GITHUB_API", default_value = "https://api.github.com")]
    pub github_api: String,

    /// A personal access token, used when no GitHub App is configured.
    #[arg(long, env = "GITHUB_TOKEN", hide_env_values = true)]
    pub github_token: Option<SecretString>,

    /// The GitHub App's id.
    #[arg(long, env = "APP_ID")]
    pub app_id: Option<u64>,

    /// The GitHub App's private key (PEM text).
    #[arg(long, env = "PRIVATE_KEY", hide_env_values = true)]
    pub private_key: Option<SecretString>,

    /// File holding the GitHub App's private key (PEM).
    #[arg(long, env = "PRIVATE_KEY_PATH")]
    pub private_key_path: Option<PathBuf>,

    /// The App installation to act as; found from the repository when absent.
    #[arg(long, env = "TESTBED_INSTALLATION_ID")]
    pub installation_id: Option<u64>,

    /// The secret GitHub signs webhook deliveries with. Without it, `POST /webhook` is off.
    #[arg(long, env = "WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<SecretString>,

    /// Where `/setup` stores the App credentials GitHub returns, and where they are read from
    /// at start; `.testbed-app.env` beside the state file by default.
    #[arg(long, env = "TESTBED_APP_CREDENTIALS")]
    pub app_credentials: Option<PathBuf>,

    /// Register the App under this organisation (for `/setup`).
    #[arg(long, env = "TESTBED_APP_ORG")]
    pub app_org: Option<String>,

    /// The previous webhook secret, still accepted while rotating.
    #[arg(long, env = "WEBHOOK_SECRET_PREVIOUS", hide_env_values = true)]
    pub webhook_secret_previous: Option<SecretString>,

    /// Seconds before a GitHub request is given up.
    #[arg(long, env = "TESTBED_GITHUB_TIMEOUT_SECONDS", default_value_t = 10)]
    pub github_timeout_seconds: u64,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Folder for the demo's state file and build result; a fresh temporary folder by default,
    /// so the demo never touches a real `_testing-prs.json`.
    #[arg(long, env = "TESTBED_DEMO_DIR")]
    pub data_dir: Option<PathBuf>,

    /// The webhook secret of the demo, so a delivery signed by hand works as in production.
    #[arg(long, env = "WEBHOOK_SECRET", default_value = "demo", hide_env_values = true)]
    pub webhook_secret: SecretString,

    /// Seconds between the simulated pushes to pinned PRs (0: none).
    #[arg(long, env = "TESTBED_DEMO_PUSH_SECONDS", default_value_t = 45)]
    pub push_seconds: u64,

    /// Simulated GitHub round trip, in milliseconds.
    #[arg(long, env = "TESTBED_DEMO_LATENCY_MS", default_value_t = 0)]
    pub latency_ms: u64,
}

impl CommonArgs {
    pub fn reconcile_interval(&self) -> Duration {
        Duration::from_secs(self.reconcile_seconds.max(10))
    }
}

fn parse_repo(text: &str) -> Result<RepoName, String> {
    text.parse().map_err(|err: crate::domain::IdError| err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_needs_a_repository_and_defaults_to_loopback() {
        let cli =
            Cli::try_parse_from(["testbed", "serve", "--repo", "internetarchive/openlibrary"])
                .expect("parses");
        let Command::Serve(args) = cli.command else { panic!("not serve") };
        assert_eq!(args.repo.to_string(), "internetarchive/openlibrary");
        assert_eq!(args.common.listen.to_string(), "127.0.0.1:8080");
        assert!(Cli::try_parse_from(["testbed", "serve", "--repo", "nope"]).is_err());
    }
}
