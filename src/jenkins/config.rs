//! Where Jenkins is and how to authenticate, from `JENKINS_*` environment variables.

use std::time::Duration;

use secrecy::SecretString;

use super::JenkinsError;

/// How long one request to Jenkins may take before it counts as failed.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The Jenkins job that deploys the testing server.
///
/// `Debug` shows the tokens as redacted.
#[derive(Debug, Clone)]
pub struct JenkinsConfig {
    /// Base URL, without a trailing slash, e.g. `https://jenkins.openlibrary.org`.
    pub url: String,
    /// The job's name; folders are separated by `/` (`deploys/testing-deploy`).
    pub job: String,
    /// The job's "Trigger builds remotely" token.
    pub token: SecretString,
    /// A Jenkins user and that user's API token, when the job needs an authenticated user.
    pub user: Option<(String, SecretString)>,
    pub timeout: Duration,
}

impl JenkinsConfig {
    pub fn new(url: &str, job: &str, token: SecretString) -> Self {
        Self {
            url: url.trim().trim_end_matches('/').to_owned(),
            job: job.trim().trim_matches('/').to_owned(),
            token,
            user: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Reads `JENKINS_URL`, `JENKINS_JOB`, `JENKINS_TOKEN`, and optionally `JENKINS_USER` with
    /// `JENKINS_API_TOKEN` and `JENKINS_TIMEOUT_SECONDS`. `None` when `JENKINS_URL` is unset:
    /// deploys then only update the state file, and say so.
    pub fn from_env() -> Result<Option<Self>, JenkinsError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Self::from_env`] with the variables looked up by `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, JenkinsError> {
        let get = |name: &str| var(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let Some(url) = get("JENKINS_URL") else { return Ok(None) };
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(JenkinsError::Config(format!(
                "JENKINS_URL must start with http:// or https://, not {url:?}"
            )));
        }
        let missing =
            |name: &str| JenkinsError::Config(format!("JENKINS_URL is set but {name} is not"));
        let job = get("JENKINS_JOB").ok_or_else(|| missing("JENKINS_JOB"))?;
        let token = get("JENKINS_TOKEN").ok_or_else(|| missing("JENKINS_TOKEN"))?;
        let mut config = Self::new(&url, &job, SecretString::from(token));
        config.user = match (get("JENKINS_USER"), get("JENKINS_API_TOKEN")) {
            (Some(user), Some(api_token)) => Some((user, SecretString::from(api_token))),
            (None, None) => None,
            _ => {
                return Err(JenkinsError::Config(
                    "JENKINS_USER and JENKINS_API_TOKEN go together: set both or neither".into(),
                ));
            }
        };
        if let Some(seconds) = get("JENKINS_TIMEOUT_SECONDS") {
            let seconds: u64 = seconds.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                JenkinsError::Config(format!(
                    "JENKINS_TIMEOUT_SECONDS must be a positive number of seconds, not {seconds:?}"
                ))
            })?;
            config.timeout = Duration::from_secs(seconds);
        }
        Ok(Some(config))
    }

    /// The job's URL: each folder becomes a `/job/NAME` step, as Jenkins spells it.
    pub fn job_url(&self) -> String {
        let mut url = self.url.clone();
        for segment in self.job.split('/').filter(|s| !s.is_empty()) {
            url.push_str("/job/");
            url.push_str(&encode_path_segment(segment));
        }
        url
    }
}

fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use secrecy::ExposeSecret;

    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Option<JenkinsConfig>, JenkinsError> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        JenkinsConfig::from_vars(|name| vars.get(name).cloned())
    }

    #[test]
    fn unset_url_means_jenkins_is_not_configured() {
        assert!(matches!(from(&[("JENKINS_TOKEN", "t")]), Ok(None)));
    }

    #[test]
    fn a_full_configuration_is_read() {
        let config = from(&[
            ("JENKINS_URL", "https://jenkins.example.org/"),
            ("JENKINS_JOB", "testing-deploy"),
            ("JENKINS_TOKEN", "job-token"),
            ("JENKINS_USER", "deployer"),
            ("JENKINS_API_TOKEN", "api-token"),
            ("JENKINS_TIMEOUT_SECONDS", "3"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(config.job_url(), "https://jenkins.example.org/job/testing-deploy");
        assert_eq!(config.token.expose_secret(), "job-token");
        assert_eq!(config.user.as_ref().map(|(u, _)| u.as_str()), Some("deployer"));
        assert_eq!(config.timeout, Duration::from_secs(3));
        let shown = format!("{config:?}");
        assert!(!shown.contains("job-token") && !shown.contains("api-token"), "{shown}");
    }

    #[test]
    fn incomplete_configurations_are_refused() {
        let url = ("JENKINS_URL", "https://j.example");
        assert!(from(&[url, ("JENKINS_JOB", "a")]).is_err());
        assert!(from(&[url, ("JENKINS_TOKEN", "t")]).is_err());
        let base = [url, ("JENKINS_JOB", "a"), ("JENKINS_TOKEN", "t")];
        assert!(from(&[base[0], base[1], base[2], ("JENKINS_USER", "u")]).is_err());
        assert!(from(&[base[0], base[1], base[2], ("JENKINS_TIMEOUT_SECONDS", "x")]).is_err());
        assert!(from(&[("JENKINS_URL", "jenkins.example"), base[1], base[2]]).is_err());
    }

    #[test]
    fn folders_and_odd_names_make_a_valid_job_url() {
        let config = JenkinsConfig::new("http://j", "/deploys/testing deploy/", "t".into());
        assert_eq!(config.job_url(), "http://j/job/deploys/job/testing%20deploy");
    }
}
