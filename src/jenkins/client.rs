//! Triggering the deploy job, with the job token in the form body and a CSRF crumb when Jenkins
//! asks for one.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use http::{HeaderName, HeaderValue, Method, StatusCode, header};
use secrecy::ExposeSecret;
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use super::error::body_excerpt;
use super::{BRANCHES_PARAMETER, JenkinsConfig, JenkinsError, install_tls_provider, wire};

/// How a build is followed once triggered.
#[derive(Debug, Clone)]
pub struct FollowSettings {
    /// Pause between two questions to Jenkins.
    pub interval: Duration,
    /// Failed polls in a row after which the build is reported lost.
    pub max_failed_polls: u32,
}

impl Default for FollowSettings {
    fn default() -> Self {
        Self { interval: Duration::from_secs(2), max_failed_polls: 30 }
    }
}

/// A build Jenkins accepted and placed in its queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct QueuedBuild {
    pub queue_id: u64,
    pub queue_item_url: String,
    pub triggered_at: DateTime<Utc>,
}

/// Talks to one Jenkins job. Cheap to clone.
#[derive(Debug, Clone)]
pub struct JenkinsClient {
    http: reqwest::Client,
    config: Arc<JenkinsConfig>,
    pub(super) follow: FollowSettings,
}

/// A CSRF crumb and the session it belongs to: Jenkins ties crumbs to the web session.
struct Crumb {
    field: HeaderName,
    value: HeaderValue,
    cookie: Option<HeaderValue>,
}

impl JenkinsClient {
    pub fn new(config: JenkinsConfig) -> Result<Self, JenkinsError> {
        install_tls_provider();
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            // The queue item is announced in `Location`; following it would hide it.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("testbed/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| JenkinsError::Client(err.to_string()))?;
        Ok(Self { http, config: Arc::new(config), follow: FollowSettings::default() })
    }

    pub fn with_follow_settings(mut self, follow: FollowSettings) -> Self {
        self.follow = follow;
        self
    }

    pub fn config(&self) -> &JenkinsConfig {
        &self.config
    }

    /// Asks Jenkins to build the job with `lines` as `GH_REPO_AND_BRANCH` (see
    /// [`super::branch_lines`]). Success means the build is queued, not that it will run.
    pub async fn trigger(&self, lines: &str) -> Result<QueuedBuild, JenkinsError> {
        let job = &self.config.job;
        let url = format!("{}/buildWithParameters", self.config.job_url());
        // An API token authenticates each request by itself; only a token-less POST needs a crumb.
        let crumb = if self.config.user.is_none() { self.crumb().await? } else { None };

        let form = [("token", self.config.token.expose_secret()), (BRANCHES_PARAMETER, lines)];
        let mut request = self.request(Method::POST, &url).form(&form);
        if let Some(crumb) = crumb {
            request = request.header(crumb.field, crumb.value);
            if let Some(cookie) = crumb.cookie {
                request = request.header(header::COOKIE, cookie);
            }
        }
        let response = request.send().await.map_err(|err| self.transport(&err, &url))?;
        let status = response.status();
        if status.is_success() || status.is_redirection() {
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default();
            let Some(queue_id) = queue_id_in(location) else {
                tracing::warn!(job = %job, status = status.as_u16(), "no queue item in answer");
                return Err(JenkinsError::NoQueueItem);
            };
            let queued = QueuedBuild {
                queue_id,
                queue_item_url: format!("{}/queue/item/{queue_id}/", self.config.url),
                triggered_at: Utc::now(),
            };
            tracing::info!(job = %job, queue_id, prs = lines.lines().count(), "build queued");
            return Ok(queued);
        }
        tracing::warn!(job = %job, status = status.as_u16(), "build request refused");
        Err(match status {
            StatusCode::UNAUTHORIZED => JenkinsError::Unauthorized,
            StatusCode::FORBIDDEN => JenkinsError::Refused { job: job.clone() },
            StatusCode::NOT_FOUND => JenkinsError::JobNotFound { job: job.clone() },
            _ => JenkinsError::Status {
                what: "the build request",
                status: status.as_u16(),
                detail: body_excerpt(&response.text().await.unwrap_or_default()),
            },
        })
    }

    /// The crumb to send with a POST, or `None` when Jenkins has no CSRF protection (404) or
    /// will not hand one out (then the POST tells the real story).
    async fn crumb(&self) -> Result<Option<Crumb>, JenkinsError> {
        let url = format!("{}/crumbIssuer/api/json", self.config.url);
        let response = self
            .request(Method::GET, &url)
            .send()
            .await
            .map_err(|err| self.transport(&err, &url))?;
        if response.status() != StatusCode::OK {
            tracing::debug!(status = response.status().as_u16(), "no CSRF crumb");
            return Ok(None);
        }
        let cookies: Vec<&str> = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|cookie| cookie.split(';').next())
            .collect();
        let cookie = match cookies.is_empty() {
            true => None,
            false => HeaderValue::from_str(&cookies.join("; ")).ok(),
        };
        let bad = |reason: String| JenkinsError::BadAnswer { what: "the crumb request", reason };
        let crumb: wire::Crumb =
            response.json().await.map_err(|err| bad(format!("not crumb JSON: {err}")))?;
        let field = HeaderName::from_bytes(crumb.field.as_bytes())
            .map_err(|_| bad(format!("{:?} is not a header name", crumb.field)))?;
        let value = HeaderValue::from_str(&crumb.crumb)
            .map_err(|_| bad("the crumb is not a header value".to_owned()))?;
        Ok(Some(Crumb { field, value, cookie }))
    }

    /// GETs Jenkins JSON; `None` when Jenkins answers 404.
    pub(super) async fn get_json<T: DeserializeOwned>(
        &self,
        url: &str,
        what: &'static str,
    ) -> Result<Option<T>, JenkinsError> {
        let response =
            self.request(Method::GET, url).send().await.map_err(|err| self.transport(&err, url))?;
        let status = response.status();
        if status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            let detail = body_excerpt(&response.text().await.unwrap_or_default());
            return Err(JenkinsError::Status { what, status: status.as_u16(), detail });
        }
        let body = response.bytes().await.map_err(|err| self.transport(&err, url))?;
        serde_json::from_slice(&body)
            .map(Some)
            .map_err(|err| JenkinsError::BadAnswer { what, reason: err.to_string() })
    }

    fn request(&self, method: Method, url: &str) -> reqwest::RequestBuilder {
        let request = self.http.request(method, url);
        match &self.config.user {
            Some((user, api_token)) => request.basic_auth(user, Some(api_token.expose_secret())),
            None => request,
        }
    }

    fn transport(&self, err: &reqwest::Error, url: &str) -> JenkinsError {
        JenkinsError::from_transport(err, url, self.config.timeout)
    }
}

/// The queue item number in `…/queue/item/N/`.
fn queue_id_in(location: &str) -> Option<u64> {
    let (_, rest) = location.split_once("/queue/item/")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_item_is_read_from_the_location() {
        assert_eq!(queue_id_in("https://j.example/queue/item/42/"), Some(42));
        assert_eq!(queue_id_in("/queue/item/7"), Some(7));
        assert_eq!(queue_id_in("https://j.example/job/x/"), None);
        assert_eq!(queue_id_in(""), None);
    }
}
