//! Who may write, as configured: maintainers, script tokens, sign-in, and the public URL.

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use secrecy::SecretString;

use super::error::AuthError;
use crate::github::{DEFAULT_API_BASE, RepoRole};

/// A repository role, as the maintainer rule compares them: read < triage < write < maintain
/// < admin.
pub type Permission = RepoRole;

/// Where github.com's sign-in pages are.
pub const DEFAULT_OAUTH_BASE: &str = "https://github.com";

/// How long an answer of GitHub's about a login is trusted. Short, so that someone removed
/// from the team loses the right to write within minutes.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(300);

/// Tokens shorter than this could be guessed; a generated one is far longer.
const MIN_TOKEN_LEN: usize = 16;

/// The OAuth client of the GitHub App, for sign-in with GitHub.
#[derive(Clone)]
pub struct OAuthConfig {
    pub client_id: String,
    pub client_secret: SecretString,
    /// `https://github.com`, a GitHub Enterprise host, or a simulator.
    pub oauth_base: String,
    /// The API that answers `GET /user` for the signed-in user's token.
    pub api_base: String,
}

impl fmt::Debug for OAuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthConfig")
            .field("client_id", &self.client_id)
            .field("oauth_base", &self.oauth_base)
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct AuthConfig {
    /// GitHub logins that are maintainers, compared without regard to case.
    pub maintainers: Vec<String>,
    /// `(org, team_slug)`: active members are maintainers.
    pub team: Option<(String, String)>,
    /// Users with at least this role on the repository are maintainers.
    pub min_permission: Option<Permission>,
    /// `(name, token)`: a script presenting the token acts as `name`, a maintainer.
    pub tokens: Vec<(String, SecretString)>,
    /// Sign-in with GitHub; without it only tokens (and demo mode) authenticate.
    pub oauth: Option<OAuthConfig>,
    /// `https://testing.example.org`, as browsers reach the service: its origin is the only
    /// one allowed to write with a session, and `https` makes the cookies `Secure`.
    pub public_url: Option<String>,
    /// Everyone is `demo-maintainer` (the `demo` subcommand sets this).
    pub demo: bool,
    /// Whether reading the testing set needs no sign-in.
    pub public_read: bool,
    pub cache_ttl: Duration,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            maintainers: Vec::new(),
            team: None,
            min_permission: None,
            tokens: Vec::new(),
            oauth: None,
            public_url: None,
            demo: false,
            public_read: false,
            cache_ttl: DEFAULT_CACHE_TTL,
        }
    }
}

// By hand, so that no token or secret can reach a log through `{:?}`.
impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token_names: Vec<&str> = self.tokens.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("AuthConfig")
            .field("maintainers", &self.maintainers)
            .field("team", &self.team)
            .field("min_permission", &self.min_permission)
            .field("tokens", &token_names)
            .field("oauth", &self.oauth)
            .field("public_url", &self.public_url)
            .field("demo", &self.demo)
            .field("public_read", &self.public_read)
            .field("cache_ttl", &self.cache_ttl)
            .finish()
    }
}

fn config(message: impl Into<String>) -> AuthError {
    AuthError::Config(message.into())
}

impl AuthConfig {
    /// [`AuthConfig::from_vars`] over the process environment.
    pub fn from_env() -> Result<Self, AuthError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Reads `TESTBED_MAINTAINERS`, `TESTBED_MAINTAINER_TEAM`, `TESTBED_MAINTAINER_PERMISSION`,
    /// `TESTBED_MAINTAINER_CACHE_SECONDS`, `TESTBED_API_TOKENS`, `TESTBED_API_TOKENS_FILE`,
    /// `GITHUB_CLIENT_ID` with `GITHUB_CLIENT_SECRET`, `TESTBED_GITHUB_OAUTH`,
    /// `TESTBED_GITHUB_API`, `TESTBED_PUBLIC_URL` and `TESTBED_PUBLIC_READ`. Demo mode is not
    /// read here: the `demo` subcommand turns it on.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, AuthError> {
        let present = |name: &str| var(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let maintainers = present("TESTBED_MAINTAINERS")
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let team = present("TESTBED_MAINTAINER_TEAM").map(|t| parse_team(&t)).transpose()?;
        let min_permission =
            present("TESTBED_MAINTAINER_PERMISSION").map(|p| parse_permission(&p)).transpose()?;
        let cache_ttl = match present("TESTBED_MAINTAINER_CACHE_SECONDS") {
            Some(text) => Duration::from_secs(text.parse().map_err(|_| {
                config("TESTBED_MAINTAINER_CACHE_SECONDS is not a whole number of seconds")
            })?),
            None => DEFAULT_CACHE_TTL,
        };

        let mut entries = Vec::new();
        if let Some(list) = present("TESTBED_API_TOKENS") {
            let items = list.split(',').map(str::trim).filter(|e| !e.is_empty());
            entries
                .extend(items.enumerate().map(|(i, e)| (format!("entry {}", i + 1), e.to_owned())));
        }
        if let Some(path) = present("TESTBED_API_TOKENS_FILE") {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| config(format!("cannot read TESTBED_API_TOKENS_FILE {path}: {e}")))?;
            let lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
            let lines = lines.filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
            entries.extend(lines.map(|(n, l)| (format!("line {n}"), l.to_owned())));
        }
        let tokens = parse_tokens(entries)?;

        let oauth = match (present("GITHUB_CLIENT_ID"), present("GITHUB_CLIENT_SECRET")) {
            (Some(client_id), Some(secret)) => Some(OAuthConfig {
                client_id,
                client_secret: secret.into(),
                oauth_base: base_url("TESTBED_GITHUB_OAUTH", present("TESTBED_GITHUB_OAUTH"))?
                    .unwrap_or_else(|| DEFAULT_OAUTH_BASE.to_owned()),
                api_base: base_url("TESTBED_GITHUB_API", present("TESTBED_GITHUB_API"))?
                    .unwrap_or_else(|| DEFAULT_API_BASE.to_owned()),
            }),
            (None, None) => None,
            _ => return Err(config("GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET go together")),
        };
        let public_url = base_url("TESTBED_PUBLIC_URL", present("TESTBED_PUBLIC_URL"))?;
        let public_read = match present("TESTBED_PUBLIC_READ") {
            Some(text) => parse_bool(&text)
                .ok_or_else(|| config("TESTBED_PUBLIC_READ is neither true nor false"))?,
            None => false,
        };
        Ok(Self {
            maintainers,
            team,
            min_permission,
            tokens,
            oauth,
            public_url,
            demo: false,
            public_read,
            cache_ttl,
        })
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn parse_team(text: &str) -> Result<(String, String), AuthError> {
    match text.split_once('/') {
        Some((org, slug)) if !org.is_empty() && !slug.is_empty() && !slug.contains('/') => {
            Ok((org.to_owned(), slug.to_owned()))
        }
        _ => Err(config(format!("TESTBED_MAINTAINER_TEAM {text:?} is not org/team-slug"))),
    }
}

fn parse_permission(text: &str) -> Result<Permission, AuthError> {
    match Permission::parse(text) {
        Some(p) if p >= Permission::Write => Ok(p),
        // Anyone can read a public repository: such a rule would make everyone a maintainer.
        _ => Err(config(format!(
            "TESTBED_MAINTAINER_PERMISSION {text:?} is not one of write, maintain, admin"
        ))),
    }
}

fn name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// `name:token` entries, each labelled for error messages (which never quote a token).
fn parse_tokens(entries: Vec<(String, String)>) -> Result<Vec<(String, SecretString)>, AuthError> {
    let mut names = HashSet::new();
    let mut secrets = HashSet::new();
    let mut tokens = Vec::new();
    for (label, entry) in entries {
        let Some((name, token)) = entry.split_once(':') else {
            return Err(config(format!("API token {label} is not name:token")));
        };
        let (name, token) = (name.trim(), token.trim());
        if !name_ok(name) {
            return Err(config(format!(
                "API token {label}: the name must be letters, digits, '-', '_' or '.'"
            )));
        }
        if token.len() < MIN_TOKEN_LEN || token.chars().any(char::is_whitespace) {
            return Err(config(format!(
                "API token {name}: a token needs at least {MIN_TOKEN_LEN} characters, no spaces"
            )));
        }
        if !names.insert(name.to_ascii_lowercase()) {
            return Err(config(format!("API token name {name} is used twice")));
        }
        if !secrets.insert(token.to_owned()) {
            return Err(config(format!("API token {name} repeats another name's token")));
        }
        tokens.push((name.to_owned(), SecretString::from(token.to_owned())));
    }
    Ok(tokens)
}

/// An `http(s)://` URL without query or fragment, with no trailing slash.
fn base_url(name: &str, value: Option<String>) -> Result<Option<String>, AuthError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let url = reqwest::Url::parse(&value)
        .map_err(|e| config(format!("{name} {value:?} is not a URL: {e}")))?;
    let usable = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some()
        && url.query().is_none()
        && url.fragment().is_none();
    if !usable {
        return Err(config(format!("{name} {value:?} must be an http(s) URL with no query")));
    }
    Ok(Some(value.trim_end_matches('/').to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn every_variable_is_read() {
        let config = AuthConfig::from_vars(vars(&[
            ("TESTBED_MAINTAINERS", " cdrini, mekarpeles ,,"),
            ("TESTBED_MAINTAINER_TEAM", "internetarchive/openlibrary-maintainers"),
            ("TESTBED_MAINTAINER_PERMISSION", "Maintain"),
            ("TESTBED_MAINTAINER_CACHE_SECONDS", "60"),
            ("TESTBED_API_TOKENS", "deploy-script:0123456789abcdefXYZ,ci:ffffffffffffffff:x"),
            ("GITHUB_CLIENT_ID", "Iv1.abc"),
            ("GITHUB_CLIENT_SECRET", "shh-very-secret"),
            ("TESTBED_PUBLIC_URL", "https://testing.openlibrary.org/"),
            ("TESTBED_PUBLIC_READ", "true"),
        ]))
        .unwrap();
        assert_eq!(config.maintainers, ["cdrini", "mekarpeles"]);
        let team = ("internetarchive".to_owned(), "openlibrary-maintainers".to_owned());
        assert_eq!(config.team, Some(team));
        assert_eq!(config.min_permission, Some(Permission::Maintain));
        assert_eq!(config.cache_ttl, Duration::from_secs(60));
        assert_eq!(config.tokens[1].0, "ci");
        assert_eq!(config.tokens[1].1.expose_secret(), "ffffffffffffffff:x");
        let oauth = config.oauth.as_ref().unwrap();
        assert_eq!(
            (oauth.oauth_base.as_str(), oauth.api_base.as_str()),
            (DEFAULT_OAUTH_BASE, DEFAULT_API_BASE)
        );
        assert_eq!(config.public_url.as_deref(), Some("https://testing.openlibrary.org"));
        assert!(config.public_read && !config.demo);
        let shown = format!("{config:?}");
        assert!(!shown.contains("0123456789abcdef") && !shown.contains("shh"), "{shown}");
    }

    #[test]
    fn mistakes_are_refused_without_quoting_a_token() {
        let refused = |pairs: &[(&str, &str)]| AuthConfig::from_vars(vars(pairs)).unwrap_err();
        assert!(matches!(
            refused(&[("TESTBED_MAINTAINER_PERMISSION", "read")]),
            AuthError::Config(_)
        ));
        refused(&[("TESTBED_MAINTAINER_TEAM", "just-a-team")]);
        refused(&[("GITHUB_CLIENT_ID", "Iv1.abc")]);
        refused(&[("TESTBED_PUBLIC_URL", "testing.openlibrary.org")]);
        refused(&[("TESTBED_PUBLIC_READ", "maybe")]);
        let short = refused(&[("TESTBED_API_TOKENS", "ci:short-secret")]);
        assert!(!short.to_string().contains("short-secret"), "{short}");
        let twice = "a:0123456789abcdef0,a:0123456789abcdef1";
        refused(&[("TESTBED_API_TOKENS", twice)]);
        refused(&[("TESTBED_API_TOKENS", "no separator here at all")]);
        let empty = AuthConfig::from_vars(|_| None).unwrap();
        assert!(empty.tokens.is_empty() && empty.oauth.is_none() && !empty.public_read);
    }

    #[test]
    fn a_token_file_has_one_token_a_line_and_comments() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("tokens");
        std::fs::write(
            &path,
            "# scripts\ndeploy-script:0123456789abcdefAB\n\n ci : zyxwvutsrq9876543210\n",
        )
        .unwrap();
        let path = path.display().to_string();
        let config = AuthConfig::from_vars(vars(&[("TESTBED_API_TOKENS_FILE", &path)])).unwrap();
        let names: Vec<&str> = config.tokens.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["deploy-script", "ci"]);
    }
}
