//! Who may write to the testing set, and who is calling.
//!
//! - **Maintainers** are decided by one rule ([`Auth::is_maintainer`]): a configured login, an
//!   active member of a configured team, or a user with at least a configured role on the
//!   repository. GitHub's answers are cached for [`AuthConfig::cache_ttl`]; when GitHub cannot
//!   be asked, the answer is "no", with the reason, and is not cached.
//! - **Browsers** sign in with GitHub (the OAuth web flow of the same App) and get an HttpOnly,
//!   SameSite=Lax session cookie. Sessions live in this process's memory only: **a restart
//!   signs everyone out**, and several replicas would not share them. A write from a session
//!   must prove it came from the service's own pages (`Origin`, else `Sec-Fetch-Site`).
//! - **Scripts** send `Authorization: Bearer <token>`; the token's configured name is who
//!   acts, and token holders are maintainers. Tokens need no origin proof: a browser never
//!   attaches them by itself.
//! - **Demo mode**: every request without a bearer token is `demo-maintainer`.
//!
//! Handlers call [`Auth::require_writer`] or [`Auth::require_reader`]; [`Auth::routes`] serves
//! `/auth/login`, `/auth/callback`, `/auth/logout` and `/auth/me`.

mod config;
mod error;
mod flow;
mod maintainer;
mod oauth;
mod routes;
mod sessions;
mod tokens;
mod web;

use std::sync::Arc;

use axum::http::{HeaderMap, Method};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use config::{AuthConfig, DEFAULT_CACHE_TTL, DEFAULT_OAUTH_BASE, OAuthConfig, Permission};
pub use error::AuthError;
pub use flow::Me;
pub use maintainer::Verdict;
pub use routes::AuthApiDoc;

use crate::github::GithubClient;
use maintainer::MaintainerRule;
use oauth::OAuthClient;
use sessions::Sessions;
use tokens::Tokens;
use web::Proof;

/// Who every request is in demo mode.
pub const DEMO_LOGIN: &str = "demo-maintainer";

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CallerKind {
    /// A browser signed in with GitHub.
    Session,
    /// A script's bearer token.
    Token,
    /// Demo mode: everyone is `demo-maintainer`.
    Demo,
}

/// Whoever makes a request: the actor recorded as `added_by` and in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Caller {
    /// A GitHub login, or the name of a script's token.
    pub login: String,
    pub via: CallerKind,
    pub maintainer: bool,
}

/// Authentication and the maintainer rule. Cheap to clone; clones share sessions and cache.
#[derive(Clone)]
pub struct Auth {
    inner: Arc<Inner>,
}

struct Inner {
    rule: MaintainerRule,
    tokens: Tokens,
    sessions: Sessions,
    oauth: Option<OAuthClient>,
    public_url: Option<String>,
    /// The origin of `public_url`, when configured.
    own_origin: Option<String>,
    /// Cookies carry `Secure` when the public URL is https.
    secure: bool,
    demo: bool,
    public_read: bool,
}

impl Auth {
    pub fn new(config: AuthConfig, github: Option<GithubClient>) -> Self {
        let oauth = config.oauth.clone().and_then(|oauth| match OAuthClient::new(oauth) {
            Ok(client) => Some(client),
            Err(error) => {
                tracing::error!(%error, "sign-in with GitHub is off");
                None
            }
        });
        let rule = MaintainerRule::new(&config, github);
        let tokens = Tokens::new(&config.tokens);
        let own_origin = config.public_url.as_deref().and_then(web::origin_of);
        let secure = config.public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
        tracing::info!(
            maintainers = config.maintainers.len(),
            team = config.team.as_ref().map(|(o, t)| format!("{o}/{t}")),
            min_permission = config.min_permission.map(|p| p.as_str()),
            tokens = ?tokens.names(),
            sign_in = oauth.is_some(),
            demo = config.demo,
            public_read = config.public_read,
            "who may write"
        );
        if rule.asks_github() && !rule.has_github() {
            tracing::warn!("a maintainer team or permission is set but there is no GitHub client");
        }
        Self {
            inner: Arc::new(Inner {
                rule,
                tokens,
                sessions: Sessions::default(),
                oauth,
                public_url: config.public_url,
                own_origin,
                secure,
                demo: config.demo,
                public_read: config.public_read,
            }),
        }
    }

    /// Whether browsers can sign in with GitHub here.
    pub fn sign_in_available(&self) -> bool {
        self.inner.oauth.is_some()
    }

    pub fn is_demo(&self) -> bool {
        self.inner.demo
    }

    /// The maintainer rule for any login (e.g. the author of a `/testing` comment). `Err` when
    /// GitHub had to be asked and could not answer.
    pub async fn is_maintainer(&self, login: &str) -> Result<bool, AuthError> {
        match self.inner.rule.check(login).await {
            Verdict::Maintainer(_) => Ok(true),
            Verdict::NotMaintainer => Ok(false),
            Verdict::Unknown(reason) => {
                Err(AuthError::GithubUnavailable { login: login.to_owned(), reason })
            }
        }
    }

    /// Who is calling, if anyone (session cookie, bearer token or demo). A bearer token that
    /// is not ours is an error, not an anonymous caller.
    pub async fn caller(&self, headers: &HeaderMap) -> Result<Option<Caller>, AuthError> {
        Ok(self.identify(headers).await?.map(|(caller, _)| caller))
    }

    /// For writes: a maintainer, with CSRF checked for cookie sessions. 401 no credentials /
    /// bad token, 403 not a maintainer / cross-site, 503 when GitHub could not be asked.
    /// GET, HEAD and OPTIONS are never writes, so they need no proof of origin.
    pub async fn require_writer(
        &self,
        method: &Method,
        headers: &HeaderMap,
    ) -> Result<Caller, AuthError> {
        let (login, via) = self.who(headers)?.ok_or(AuthError::Unauthenticated)?;
        let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
        let proof = match via {
            CallerKind::Session => Some(Proof::Required),
            CallerKind::Demo => Some(Proof::RefuseCrossSite),
            CallerKind::Token => None,
        };
        if let (false, Some(proof)) = (safe, proof)
            && !web::same_origin(headers, self.inner.own_origin.as_deref(), proof)
        {
            tracing::warn!(login, %method, "refused a write from another site");
            return Err(AuthError::CrossSite);
        }
        let verdict = self.verdict(&login, via).await;
        Self::admit(login, via, verdict)
    }

    /// For reads of the testing set: maintainers, unless public_read (then anyone, and the
    /// caller if known).
    pub async fn require_reader(&self, headers: &HeaderMap) -> Result<Option<Caller>, AuthError> {
        if self.inner.public_read {
            return self.caller(headers).await;
        }
        let (login, via) = self.who(headers)?.ok_or(AuthError::Unauthenticated)?;
        let verdict = self.verdict(&login, via).await;
        Self::admit(login, via, verdict).map(Some)
    }

    /// `/auth/login`, `/auth/callback`, `/auth/logout`, `/auth/me`, with this `Auth` inside.
    pub fn routes(&self) -> axum::Router {
        routes::router(self.clone())
    }

    fn admit(login: String, via: CallerKind, verdict: Verdict) -> Result<Caller, AuthError> {
        match verdict {
            Verdict::Maintainer(_) => Ok(Caller { login, via, maintainer: true }),
            Verdict::NotMaintainer => Err(AuthError::NotAMaintainer { login }),
            Verdict::Unknown(reason) => Err(AuthError::GithubUnavailable { login, reason }),
        }
    }

    async fn identify(&self, headers: &HeaderMap) -> Result<Option<(Caller, Verdict)>, AuthError> {
        let Some((login, via)) = self.who(headers)? else {
            return Ok(None);
        };
        let verdict = self.verdict(&login, via).await;
        let caller = Caller { login, via, maintainer: verdict.is_maintainer() };
        Ok(Some((caller, verdict)))
    }

    /// The credentials, before any question to GitHub: a bearer token first (so that a script
    /// is itself in demo mode too), then demo mode, then the session cookie.
    fn who(&self, headers: &HeaderMap) -> Result<Option<(String, CallerKind)>, AuthError> {
        if let Some(token) = tokens::bearer(headers)? {
            return match self.inner.tokens.find(token) {
                Some(name) => Ok(Some((name.to_owned(), CallerKind::Token))),
                None => {
                    tracing::warn!("refused an unknown bearer token");
                    Err(AuthError::BadToken)
                }
            };
        }
        if self.inner.demo {
            return Ok(Some((DEMO_LOGIN.to_owned(), CallerKind::Demo)));
        }
        let session = web::cookies(headers, web::SESSION_COOKIE)
            .find_map(|id| self.inner.sessions.login_of(id));
        Ok(session.map(|login| (login, CallerKind::Session)))
    }

    async fn verdict(&self, login: &str, via: CallerKind) -> Verdict {
        match via {
            CallerKind::Token => Verdict::Maintainer("token"),
            CallerKind::Demo => Verdict::Maintainer("demo"),
            CallerKind::Session => self.inner.rule.check(login).await,
        }
    }
}
