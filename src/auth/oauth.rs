//! GitHub's OAuth web flow for the App's users: the authorize URL, the exchange of a code for
//! a user token, and the one question asked with that token (who are you?). The token is
//! dropped right after: a session only remembers the login.

use std::time::Duration;

use reqwest::Url;
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::config::OAuthConfig;
use super::error::AuthError;

/// GitHub answers these within a second; a sign-in should not hang for long if it does not.
const TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct OAuthClient {
    config: OAuthConfig,
    http: reqwest::Client,
}

#[derive(Deserialize)]
struct TokenAnswer {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Deserialize)]
struct UserAnswer {
    login: String,
}

fn unreachable_github(what: &str, error: reqwest::Error) -> AuthError {
    // Without the URL: reqwest's message may carry the query string.
    AuthError::SignInFailed(format!("{what}: {}", error.without_url()))
}

impl OAuthClient {
    pub fn new(config: OAuthConfig) -> Result<Self, AuthError> {
        let http = crate::github::web_client(TIMEOUT)
            .map_err(|e| AuthError::Config(format!("cannot make the sign-in client: {e}")))?;
        Ok(Self { config, http })
    }

    /// Where to send the browser: GitHub's authorize page for our App.
    pub fn authorize_url(&self, redirect_uri: &str, state: &str) -> Result<String, AuthError> {
        let base = format!("{}/login/oauth/authorize", self.config.oauth_base);
        let mut url = Url::parse(&base)
            .map_err(|e| AuthError::Config(format!("TESTBED_GITHUB_OAUTH: {e}")))?;
        url.query_pairs_mut()
            .append_pair("client_id", &self.config.client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", state)
            .append_pair("allow_signup", "false");
        Ok(url.to_string())
    }

    /// Trades `code` for a user token and asks GitHub whose it is.
    pub async fn login_for(&self, code: &str, redirect_uri: &str) -> Result<String, AuthError> {
        let url = format!("{}/login/oauth/access_token", self.config.oauth_base);
        let form = [
            ("client_id", self.config.client_id.as_str()),
            ("client_secret", self.config.client_secret.expose_secret()),
            ("code", code),
            ("redirect_uri", redirect_uri),
        ];
        let response = self
            .http
            .post(&url)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| unreachable_github("could not reach GitHub", e))?;
        if !response.status().is_success() {
            return Err(AuthError::SignInFailed(format!(
                "GitHub answered HTTP {} to the code exchange",
                response.status().as_u16()
            )));
        }
        let answer: TokenAnswer = response
            .json()
            .await
            .map_err(|e| unreachable_github("unreadable answer to the code exchange", e))?;
        // GitHub reports a refused exchange with 200 and an `error` field.
        let token = match (answer.access_token, answer.error) {
            (Some(token), None) if !token.is_empty() => token,
            (_, error) => {
                let error = error.unwrap_or_else(|| "no token".to_owned());
                let description = answer.error_description.unwrap_or_default();
                tracing::warn!(%error, %description, "GitHub refused the sign-in code");
                return Err(AuthError::SignInFailed(
                    format!("{error} {description}").trim().to_owned(),
                ));
            }
        };
        let response = self
            .http
            .get(format!("{}/user", self.config.api_base))
            .bearer_auth(&token)
            .header(reqwest::header::ACCEPT, "application/vnd.github+json")
            .header("x-github-api-version", "2022-11-28")
            .send()
            .await
            .map_err(|e| unreachable_github("could not ask GitHub who signed in", e))?;
        if !response.status().is_success() {
            return Err(AuthError::SignInFailed(format!(
                "GitHub answered HTTP {} when asked who signed in",
                response.status().as_u16()
            )));
        }
        let user: UserAnswer = response
            .json()
            .await
            .map_err(|e| unreachable_github("unreadable answer about the user", e))?;
        Ok(user.login)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorize_url_names_our_client_and_comes_back_to_us() {
        let client = OAuthClient::new(OAuthConfig {
            client_id: "Iv1.abc".into(),
            client_secret: "secret".to_owned().into(),
            oauth_base: "https://github.com".into(),
            api_base: "https://api.github.com".into(),
        })
        .unwrap();
        let url = client.authorize_url("https://t.example/auth/callback", "s1").unwrap();
        assert_eq!(
            url,
            "https://github.com/login/oauth/authorize?client_id=Iv1.abc&redirect_uri=\
             https%3A%2F%2Ft.example%2Fauth%2Fcallback&state=s1&allow_signup=false"
        );
        assert!(!url.contains("secret"));
    }
}
