//! Glue for `testbed serve`: configuration into a running HTTP server.

use std::future::IntoFuture;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::SecretString;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tracing::{info, warn};
use tracing_subscriber::EnvFilter;

use crate::api::{self, AppState};
use crate::audit::AuditLog;
use crate::auth::{Auth, AuthConfig, OAuthConfig};
use crate::config::{CommonArgs, ServeArgs};
use crate::github::{GithubAuth, GithubClient, GithubConfig};
use crate::jenkins::{JenkinsClient, JenkinsConfig};
use crate::live::{Integrations, SystemInfo};
use crate::operations::Operations;
use crate::service::{LabelConfig, Service, ServiceConfig};
use crate::setup::{self, SetupConfig, load_credentials};
use crate::webhook::{self, WebhookConfig, WebhookIntake, WebhookSecrets};
use crate::worker::Worker;

pub fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// `testbed serve`.
pub async fn serve(mut args: ServeArgs) -> anyhow::Result<()> {
    let state_file =
        args.common.state_file.clone().unwrap_or_else(|| PathBuf::from("./_testing-prs.json"));
    let credentials_file = args
        .app_credentials
        .clone()
        .unwrap_or_else(|| SetupConfig::default_credentials_file(&state_file));
    let saved = load_credentials(&credentials_file).context("reading the App credentials")?;
    if let (None, Some(saved)) = (args.app_id, &saved) {
        let file = credentials_file.display();
        info!(app_id = saved.app_id, %file, "using the registered App");
        args.app_id = Some(saved.app_id);
        args.private_key = Some(saved.private_key.clone());
        args.webhook_secret.get_or_insert_with(|| saved.webhook_secret.clone());
    }
    // Until an App is configured, /setup registers one through GitHub's manifest flow.
    let setup = args.app_id.is_none().then(|| SetupConfig {
        public_url: std::env::var("TESTBED_PUBLIC_URL")
            .unwrap_or_else(|_| format!("http://{}", args.common.listen)),
        web_base: std::env::var("TESTBED_GITHUB_OAUTH")
            .unwrap_or_else(|_| crate::auth::DEFAULT_OAUTH_BASE.to_owned()),
        api_base: args.github_api.clone(),
        org: args.app_org.clone(),
        credentials_file: credentials_file.clone(),
    });
    let auth = github_auth(&args)?;
    let auth_name = match &auth {
        GithubAuth::None => "anonymous",
        GithubAuth::Token(_) => "token",
        GithubAuth::App { .. } => "app",
    };
    let integrations = Integrations {
        github: !matches!(auth, GithubAuth::None),
        github_app: matches!(auth, GithubAuth::App { .. }),
        ..Integrations::default()
    };
    let github = GithubClient::with_timeout(
        GithubConfig { api_base: args.github_api.clone(), repo: args.repo.clone(), auth },
        std::time::Duration::from_secs(args.github_timeout_seconds),
    )
    .context("setting up the GitHub client")?;
    let jenkins = match JenkinsConfig::from_env().context("reading the Jenkins settings")? {
        Some(config) => Some(JenkinsClient::new(config).context("setting up the Jenkins client")?),
        None => None,
    };
    let mut auth_config = AuthConfig::from_env().context("reading the sign-in settings")?;
    if let (None, Some(saved)) = (&auth_config.oauth, &saved) {
        auth_config.oauth = Some(OAuthConfig {
            client_id: saved.client_id.clone(),
            client_secret: saved.client_secret.clone(),
            oauth_base: std::env::var("TESTBED_GITHUB_OAUTH")
                .unwrap_or_else(|_| crate::auth::DEFAULT_OAUTH_BASE.to_owned()),
            api_base: args.github_api.clone(),
        });
    }
    let integrations = Integrations {
        jenkins: jenkins.is_some(),
        sign_in: auth_config.oauth.is_some(),
        ..integrations
    };
    let config = service_config(&args.common, args.repo.clone(), "production", integrations)
        .with_github_auth(auth_name)
        .with_access(&auth_config);
    let auth = Auth::new(auth_config, Some(github.clone()));
    let webhook = match &args.webhook_secret {
        Some(secret) => {
            Some(webhook_config(secret, args.webhook_secret_previous.as_ref(), args.repo.clone())?)
        }
        None => None,
    };
    let config = ServiceConfig {
        system: SystemInfo {
            integrations: Integrations { webhook: webhook.is_some(), ..config.system.integrations },
            ..config.system
        },
        ..config
    };
    let parts = Parts {
        github: Some(github),
        jenkins,
        auth,
        webhook,
        command_prefix: args.common.command_prefix.clone(),
        setup,
    };
    run(config, parts, &args.common).await
}

/// The webhook receiver's settings from the secret(s).
pub fn webhook_config(
    secret: &SecretString,
    previous: Option<&SecretString>,
    repo: crate::domain::RepoName,
) -> anyhow::Result<WebhookConfig> {
    let mut secrets = WebhookSecrets::new(secret.clone()).context("WEBHOOK_SECRET")?;
    if let Some(previous) = previous {
        secrets = secrets.with_previous(previous.clone()).context("WEBHOOK_SECRET_PREVIOUS")?;
    }
    Ok(WebhookConfig::new(secrets, repo))
}

/// The clients and the sign-in rules a server runs with.
pub struct Parts {
    pub github: Option<GithubClient>,
    pub jenkins: Option<JenkinsClient>,
    pub auth: Auth,
    /// None: `POST /webhook` answers 404.
    pub webhook: Option<WebhookConfig>,
    pub command_prefix: String,
    /// Some while no App is configured: serves `/setup`.
    pub setup: Option<SetupConfig>,
}

/// Starts the service and its operations, and returns the HTTP application.
pub async fn start(config: ServiceConfig, parts: Parts) -> (Arc<Service>, axum::Router) {
    let running = launch(config, parts).await;
    (running.service, running.app)
}

/// A started service: its HTTP application and the webhook worker behind it.
pub struct Running {
    pub service: Arc<Service>,
    pub app: axum::Router,
    /// Ends once every queued delivery is applied and the application (which holds the
    /// queue's sender) is dropped.
    pub worker: Option<JoinHandle<()>>,
}

/// As [`start`], keeping hold of the webhook worker so a shutdown can wait for its queue.
pub async fn launch(config: ServiceConfig, parts: Parts) -> Running {
    let audit = AuditLog::new(config.audit_file());
    let service = Service::start(config, parts.github).await;
    let ops = Arc::new(Operations::new(Arc::clone(&service), parts.jenkins, audit));
    let mut app = api::router(AppState {
        live: service.live(),
        ops: Arc::clone(&ops),
        auth: parts.auth.clone(),
    });
    let mut worker = None;
    if let Some(webhook) = parts.webhook {
        let metrics = service.metrics().clone();
        let (intake, deliveries) =
            WebhookIntake::counted(webhook, webhook::QUEUE_CAPACITY, metrics);
        let applier = Worker::new(ops, parts.auth, parts.command_prefix);
        worker = Some(tokio::spawn(applier.run(deliveries)));
        app = app.merge(webhook::routes(intake));
    }
    if let Some(setup) = parts.setup {
        app = app.merge(setup::routes(setup));
    }
    Running { service, app, worker }
}

/// Starts the service and serves HTTP until Ctrl-C or SIGTERM. Then it stops accepting
/// connections, lets open requests finish (their state writes included), applies the webhook
/// deliveries already queued, and returns; all within `--shutdown-seconds`, or it gives up
/// with an error so the exit status says that work was cut short.
pub async fn run(config: ServiceConfig, parts: Parts, common: &CommonArgs) -> anyhow::Result<()> {
    let listener = TcpListener::bind(common.listen)
        .await
        .with_context(|| format!("listening on {}", common.listen))?;
    let Running { service, app, worker } = launch(config, parts).await;
    let live = service.live();
    info!(address = %common.listen, "serving; the API is described at /api/docs");
    let (signalled, on_signal) = oneshot::channel::<()>();
    let mut server = tokio::spawn(
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                shutdown_signal().await;
                // Event streams never end by themselves; closing them lets their requests end.
                live.close();
                let _ = signalled.send(());
            })
            .into_future(),
    );
    tokio::select! {
        // After a signal the server may end at once (no open request); the signal comes first.
        biased;
        Ok(()) = on_signal => {}
        ended = &mut server => {
            ended.context("the HTTP server stopped unexpectedly")?.context("serving HTTP")?;
            anyhow::bail!("the HTTP server stopped without being asked to");
        }
    }
    let budget = Duration::from_secs(common.shutdown_seconds);
    let finish = async {
        server.await.context("the HTTP server stopped unexpectedly")?.context("serving HTTP")?;
        info!("every open request has finished; applying the queued webhook deliveries");
        if let Some(worker) = worker {
            worker.await.context("the webhook worker stopped unexpectedly")?;
        }
        anyhow::Ok(())
    };
    match tokio::time::timeout(budget, finish).await {
        Ok(result) => result?,
        Err(_) => {
            let seconds = budget.as_secs();
            warn!(seconds, "shutdown took too long; requests or deliveries were cut short");
            anyhow::bail!("shutdown took more than {seconds} s; some work was cut short");
        }
    }
    info!("stopped cleanly");
    Ok(())
}

pub fn service_config(
    common: &CommonArgs,
    repo: crate::domain::RepoName,
    mode: &str,
    integrations: Integrations,
) -> ServiceConfig {
    let state_file =
        common.state_file.clone().unwrap_or_else(|| PathBuf::from("./_testing-prs.json"));
    let status_file =
        common.status_file.clone().unwrap_or_else(|| PathBuf::from("./_dev-merged_status.txt"));
    let system = SystemInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        host: SystemInfo::host_name(),
        started_at: chrono::Utc::now(),
        mode: mode.to_owned(),
        state_file: state_file.display().to_string(),
        status_file: status_file.display().to_string(),
        flags_file: common.flags_file.as_ref().map(|path| path.display().to_string()),
        integrations,
        access: "maintainers only".to_owned(),
        last_webhook_at: None,
        webhooks_applied: 0,
    };
    ServiceConfig {
        repo,
        state_file,
        status_file,
        flags_file: common.flags_file.clone(),
        reconcile_interval: common.reconcile_interval(),
        system,
        github_auth: "anonymous".to_owned(),
        labels: LabelConfig {
            deployed: common.deployed_label.clone(),
            conflicted: common.conflict_label.clone(),
        },
    }
}

impl ServiceConfig {
    /// Says who may read and write, for the system section.
    pub fn with_access(mut self, auth: &crate::auth::AuthConfig) -> Self {
        self.system.access = if auth.demo {
            format!("demo: every visitor is signed in as {}", crate::demo::DEMO_LOGIN)
        } else if auth.public_read {
            "anyone may read; maintainers write".to_owned()
        } else {
            "maintainers only".to_owned()
        };
        self
    }

    pub fn with_github_auth(mut self, auth: &str) -> Self {
        auth.clone_into(&mut self.github_auth);
        self
    }
}

fn github_auth(args: &ServeArgs) -> anyhow::Result<GithubAuth> {
    if let Some(app_id) = args.app_id {
        let private_key = match (&args.private_key, &args.private_key_path) {
            (Some(key), _) => key.clone(),
            (None, Some(path)) => SecretString::from(
                std::fs::read_to_string(path)
                    .with_context(|| format!("reading PRIVATE_KEY_PATH {}", path.display()))?,
            ),
            (None, None) => {
                anyhow::bail!("APP_ID is set but neither PRIVATE_KEY nor PRIVATE_KEY_PATH")
            }
        };
        return Ok(GithubAuth::App { app_id, private_key, installation_id: args.installation_id });
    }
    Ok(args.github_token.clone().map_or(GithubAuth::None, GithubAuth::Token))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    info!("shutting down");
}
