//! Signing in and out, as plain methods the thin handlers of `routes` call.

use axum::http::{HeaderMap, HeaderValue, Method, header};
use serde::Serialize;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use super::error::AuthError;
use super::maintainer::Verdict;
use super::sessions::LOGIN_LIFETIME;
use super::web::{self, Proof, SESSION_COOKIE, STATE_COOKIE};
use super::{Auth, CallerKind};

/// The state cookie is only needed by the callback.
const STATE_PATH: &str = "/auth";

/// Who the caller is, for the page's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Me {
    /// `null` when nobody is signed in.
    pub login: Option<String>,
    pub maintainer: bool,
    /// `session`, `token` or `demo`; `null` when nobody is signed in.
    pub via: Option<CallerKind>,
    /// Whether a "Sign in with GitHub" button would work.
    pub sign_in_available: bool,
    /// Why a signed-in caller is not a maintainer, or why that could not be checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Where to send the browser, and the cookies to set on the way.
#[derive(Debug)]
pub(crate) struct Redirect {
    pub location: String,
    pub cookies: Vec<HeaderValue>,
}

/// What GitHub sends back to the callback.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    /// `access_denied` when the user declined.
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl Auth {
    pub async fn me(&self, headers: &HeaderMap) -> Result<Me, AuthError> {
        let sign_in_available = self.sign_in_available();
        let Some((caller, verdict)) = self.identify(headers).await? else {
            return Ok(Me {
                login: None,
                maintainer: false,
                via: None,
                sign_in_available,
                reason: None,
            });
        };
        let reason = match verdict {
            Verdict::Maintainer(_) => None,
            Verdict::NotMaintainer => Some(format!("{} is not a maintainer.", caller.login)),
            Verdict::Unknown(reason) => Some(format!("Could not check: {reason}")),
        };
        Ok(Me {
            login: Some(caller.login),
            maintainer: caller.maintainer,
            via: Some(caller.via),
            sign_in_available,
            reason,
        })
    }

    /// Where GitHub sends the browser back: under the public URL, else under the `Host` the
    /// request came to (fine on loopback; behind a proxy, configure the public URL).
    fn callback_url(&self, headers: &HeaderMap) -> Result<String, AuthError> {
        if let Some(public) = &self.inner.public_url {
            return Ok(format!("{public}/auth/callback"));
        }
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .and_then(|host| web::origin_of(&format!("http://{host}")))
            .map(|origin| format!("{origin}/auth/callback"))
            .ok_or_else(|| {
                AuthError::Config(
                    "cannot tell this service's address: set TESTBED_PUBLIC_URL".into(),
                )
            })
    }

    /// `GET /auth/login`: off to GitHub, with a fresh single-use `state` tied to this browser.
    pub(crate) fn begin_sign_in(
        &self,
        headers: &HeaderMap,
        next: Option<&str>,
    ) -> Result<Redirect, AuthError> {
        let next = web::safe_next(next);
        if self.inner.demo {
            // Everyone is already signed in.
            return Ok(Redirect { location: next, cookies: Vec::new() });
        }
        let oauth = self.inner.oauth.as_ref().ok_or(AuthError::SignInUnavailable)?;
        let redirect_uri = self.callback_url(headers)?;
        let state = self.inner.sessions.begin_login(next)?;
        let location = oauth.authorize_url(&redirect_uri, &state)?;
        let cookie =
            web::set_cookie(STATE_COOKIE, &state, STATE_PATH, LOGIN_LIFETIME, self.inner.secure);
        Ok(Redirect { location, cookies: vec![cookie] })
    }

    /// `GET /auth/callback`: checks `state`, trades the code, starts a session.
    pub(crate) async fn finish_sign_in(
        &self,
        headers: &HeaderMap,
        callback: Callback,
    ) -> Result<Redirect, AuthError> {
        let oauth = self.inner.oauth.as_ref().ok_or(AuthError::SignInUnavailable)?;
        let state = callback.state.as_deref().unwrap_or_default();
        // Used up first, whatever follows: a state never works twice.
        let pending =
            (!state.is_empty()).then(|| self.inner.sessions.finish_login(state)).flatten();
        let ours = web::cookies(headers, STATE_COOKIE)
            .any(|cookie| bool::from(cookie.as_bytes().ct_eq(state.as_bytes())));
        let (Some(pending), true) = (pending, ours) else {
            tracing::warn!(state_given = !state.is_empty(), "refused a sign-in callback");
            return Err(AuthError::BadState);
        };
        if let Some(error) = callback.error {
            let description = callback.error_description.unwrap_or(error);
            return Err(AuthError::SignInFailed(description));
        }
        let code = callback.code.filter(|c| !c.is_empty()).ok_or_else(|| {
            AuthError::SignInFailed("GitHub sent the browser back without a code".into())
        })?;
        let redirect_uri = self.callback_url(headers)?;
        let login = oauth.login_for(&code, &redirect_uri).await?;
        // A browser that signs in again keeps no older session alive behind the new one.
        for old in web::cookies(headers, SESSION_COOKIE) {
            self.inner.sessions.end(old);
        }
        let id = self.inner.sessions.create(&login)?;
        tracing::info!(login, "signed in with GitHub");
        let secure = self.inner.secure;
        let lifetime = self.inner.sessions.session_lifetime();
        let cookies = vec![
            web::set_cookie(SESSION_COOKIE, &id, "/", lifetime, secure),
            web::clear_cookie(STATE_COOKIE, STATE_PATH, secure),
        ];
        Ok(Redirect { location: pending.next, cookies })
    }

    /// `POST /auth/logout`: ends the session here, not only in the browser. Cross-site
    /// requests are refused like any other write from a session.
    pub(crate) fn sign_out(
        &self,
        method: &Method,
        headers: &HeaderMap,
    ) -> Result<Vec<HeaderValue>, AuthError> {
        let ids: Vec<&str> = web::cookies(headers, SESSION_COOKIE).collect();
        let own = self.inner.own_origin.as_deref();
        if !ids.is_empty() && !web::same_origin(headers, own, Proof::Required) {
            tracing::warn!(%method, "refused a sign-out from another site");
            return Err(AuthError::CrossSite);
        }
        for id in ids {
            if let Some(login) = self.inner.sessions.end(id) {
                tracing::info!(login, "signed out");
            }
        }
        Ok(vec![web::clear_cookie(SESSION_COOKIE, "/", self.inner.secure)])
    }
}
