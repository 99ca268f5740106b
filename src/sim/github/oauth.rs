//! GitHub's OAuth web flow, as far as a sign-in needs it: `GET /login/oauth/authorize` answers
//! at once for the user the test says is signed in to GitHub (as GitHub does for a user who has
//! already authorised the App), and `POST /login/oauth/access_token` trades the code, once, for
//! a user token that then opens `GET /user`.

use std::collections::HashMap;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::payload;
use super::server::{Ctx, Reply};
use super::{GithubSim, World};

/// GitHub's codes expire after ten minutes.
const CODE_LIFETIME: chrono::Duration = chrono::Duration::minutes(10);

#[derive(Default)]
pub(crate) struct OAuthState {
    /// Client id → client secret.
    apps: HashMap<String, String>,
    signed_in: Option<String>,
    codes: HashMap<String, Grant>,
    issued: u64,
}

struct Grant {
    client_id: String,
    login: String,
    redirect_uri: String,
    expires: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct AuthorizeQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
}

/// The fields of the exchange, sent as a form (what GitHub documents) or as JSON.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TokenRequest {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    redirect_uri: Option<String>,
}

impl OAuthState {
    pub fn add_app(&mut self, client_id: &str, client_secret: &str) {
        self.apps.insert(client_id.to_owned(), client_secret.to_owned());
    }

    pub fn sign_in(&mut self, login: Option<&str>) {
        self.signed_in = login.map(str::to_owned);
    }

    pub fn signed_in(&self) -> Option<&str> {
        self.signed_in.as_deref()
    }

    fn next_secret(&mut self, prefix: &str) -> String {
        self.issued += 1;
        let seed = format!("oauth {prefix} {}", self.issued);
        format!("{prefix}{}", &hex::encode(Sha256::digest(seed.as_bytes()))[..36])
    }
}

/// GitHub answers a failed exchange with 200 and an `error` field, not with an error status.
fn exchange_error(error: &str, description: &str) -> Reply {
    Reply::ok(json!({
        "error": error,
        "error_description": description,
        "error_uri": concat!(
            "https://docs.github.com/apps/managing-oauth-apps/",
            "troubleshooting-oauth-app-access-token-request-errors"
        ),
    }))
}

pub(crate) fn authorize(ctx: Ctx<'_>, query: &AuthorizeQuery) -> Reply {
    let oauth = &mut ctx.world.oauth;
    let Some(client_id) = query.client_id.as_deref().filter(|id| oauth.apps.contains_key(*id))
    else {
        return Reply::status(StatusCode::NOT_FOUND, payload::not_found());
    };
    let Some(redirect_uri) = query.redirect_uri.as_deref() else {
        let body = payload::message("The redirect_uri MUST be given to the simulator.", 400);
        return Reply::status(StatusCode::BAD_REQUEST, body);
    };
    let Ok(mut target) = reqwest::Url::parse(redirect_uri) else {
        let body = payload::message("The redirect_uri is not a URL.", 400);
        return Reply::status(StatusCode::BAD_REQUEST, body);
    };
    let Some(login) = oauth.signed_in.clone() else {
        let body = payload::message("Nobody is signed in to the simulated GitHub.", 401);
        return Reply::status(StatusCode::UNAUTHORIZED, body);
    };
    let code = oauth.next_secret("");
    let grant = Grant {
        client_id: client_id.to_owned(),
        login,
        redirect_uri: redirect_uri.to_owned(),
        expires: Utc::now() + CODE_LIFETIME,
    };
    oauth.codes.insert(code.clone(), grant);
    target.query_pairs_mut().append_pair("code", &code);
    if let Some(state) = &query.state {
        target.query_pairs_mut().append_pair("state", state);
    }
    let mut reply = Reply::status(StatusCode::FOUND, Value::Null);
    reply.location = Some(target.to_string().into());
    reply
}

pub(crate) fn access_token(ctx: Ctx<'_>, request: &TokenRequest) -> Reply {
    let World { oauth, credentials, .. } = ctx.world;
    let secret_matches = oauth.apps.get(&request.client_id) == Some(&request.client_secret);
    if !secret_matches {
        return exchange_error(
            "incorrect_client_credentials",
            "The client_id and/or client_secret passed are incorrect.",
        );
    }
    // Single use: the code is gone whether the rest of the exchange succeeds or not.
    let grant = oauth.codes.remove(&request.code);
    let usable = grant.filter(|g| {
        g.client_id == request.client_id
            && g.expires > Utc::now()
            && request.redirect_uri.as_deref().is_none_or(|uri| uri == g.redirect_uri)
    });
    let Some(grant) = usable else {
        return exchange_error("bad_verification_code", "The code passed is incorrect or expired.");
    };
    let token = oauth.next_secret("gho_");
    credentials.add_personal_token(&token, &grant.login);
    Reply::ok(json!({ "access_token": token, "token_type": "bearer", "scope": "" }))
}

impl GithubSim {
    /// The user the simulated GitHub considers signed in: `GET /login/oauth/authorize` sends
    /// them straight back with a code, as GitHub does once the App is authorised.
    pub fn set_oauth_user(&self, login: &str) {
        self.world().oauth.sign_in(Some(login));
    }

    /// Nobody is signed in: the authorize page answers 401.
    pub fn clear_oauth_user(&self) {
        self.world().oauth.sign_in(None);
    }

    /// Registers the OAuth client id and secret of an App.
    pub fn add_oauth_app(&self, client_id: &str, client_secret: &str) {
        self.world().oauth.add_app(client_id, client_secret);
    }
}
