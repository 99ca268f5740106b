//! The maintainer rule, in one place: a configured login, an active member of the configured
//! team, or a user with at least the configured role on the repository. GitHub's answers are
//! cached briefly, a "no" as much as a "yes"; a failed question is not, and denies.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::github::GithubClient;

use super::config::{AuthConfig, Permission};

/// Logins remembered at most; past this, expired answers go, then everything.
const CACHE_ENTRIES: usize = 4096;

/// What the rule says about one login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A maintainer, and why: `login`, `team`, `permission`, `token` or `demo`.
    Maintainer(&'static str),
    NotMaintainer,
    /// GitHub had to be asked and could not answer; the sentence says what went wrong.
    Unknown(String),
}

impl Verdict {
    pub fn is_maintainer(&self) -> bool {
        matches!(self, Verdict::Maintainer(_))
    }
}

pub(crate) struct MaintainerRule {
    logins: HashSet<String>,
    team: Option<(String, String)>,
    min_permission: Option<Permission>,
    github: Option<GithubClient>,
    ttl: Duration,
    /// Lower-cased login → (why a maintainer, or not one; until).
    cache: Mutex<HashMap<String, (Option<&'static str>, Instant)>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section is a plain read or assignment: a poisoned lock holds sound data.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl MaintainerRule {
    pub fn new(config: &AuthConfig, github: Option<GithubClient>) -> Self {
        Self {
            logins: config.maintainers.iter().map(|l| l.to_ascii_lowercase()).collect(),
            team: config.team.clone(),
            min_permission: config.min_permission,
            github,
            ttl: config.cache_ttl,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the rule needs GitHub at all.
    pub fn asks_github(&self) -> bool {
        self.team.is_some() || self.min_permission.is_some()
    }

    pub fn has_github(&self) -> bool {
        self.github.is_some()
    }

    pub async fn check(&self, login: &str) -> Verdict {
        let key = login.to_ascii_lowercase();
        if self.logins.contains(&key) {
            return Verdict::Maintainer("login");
        }
        if !self.asks_github() {
            return Verdict::NotMaintainer;
        }
        if let Some(&(why, until)) = lock(&self.cache).get(&key)
            && until > Instant::now()
        {
            return why.map_or(Verdict::NotMaintainer, Verdict::Maintainer);
        }
        let Some(github) = &self.github else {
            return Verdict::Unknown(
                "no GitHub client is configured to ask about teams and permissions".to_owned(),
            );
        };
        let mut failure = None;
        if let Some((org, slug)) = &self.team {
            match github.is_team_member(org, slug, login).await {
                Ok(true) => return self.remember(key, "team"),
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(login, team = %format!("{org}/{slug}"), %error,
                                   "could not check team membership");
                    failure = Some(format!(
                        "GitHub did not say whether they are on {org}/{slug} ({error})"
                    ));
                }
            }
        }
        if let Some(min) = self.min_permission {
            match github.repo_role(login).await {
                Ok(role) if role >= min => return self.remember(key, "permission"),
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(login, %error, "could not check the repository permission");
                    failure = Some(format!(
                        "GitHub did not say what they may do on {} ({error})",
                        github.repo()
                    ));
                }
            }
        }
        match failure {
            // Not cached: the next request asks again.
            Some(reason) => Verdict::Unknown(reason),
            None => {
                self.store(key, None);
                Verdict::NotMaintainer
            }
        }
    }

    fn remember(&self, key: String, why: &'static str) -> Verdict {
        tracing::debug!(login = %key, via = why, "maintainer");
        self.store(key, Some(why));
        Verdict::Maintainer(why)
    }

    fn store(&self, key: String, why: Option<&'static str>) {
        let now = Instant::now();
        let mut cache = lock(&self.cache);
        if cache.len() >= CACHE_ENTRIES {
            cache.retain(|_, (_, until)| *until > now);
            if cache.len() >= CACHE_ENTRIES {
                cache.clear();
            }
        }
        cache.insert(key, (why, now + self.ttl));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn configured_logins_need_no_github_and_ignore_case() {
        let config = AuthConfig { maintainers: vec!["RayBB".into()], ..AuthConfig::default() };
        let rule = MaintainerRule::new(&config, None);
        assert_eq!(rule.check("raybb").await, Verdict::Maintainer("login"));
        assert_eq!(rule.check("someone").await, Verdict::NotMaintainer);
    }

    #[tokio::test]
    async fn a_team_without_a_client_denies_with_a_reason() {
        let team = Some(("internetarchive".to_owned(), "maintainers".to_owned()));
        let rule = MaintainerRule::new(&AuthConfig { team, ..AuthConfig::default() }, None);
        assert!(matches!(rule.check("cdrini").await, Verdict::Unknown(_)));
    }
}
