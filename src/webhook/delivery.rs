//! A verified delivery's headers and body, into an [`Event`]. Nothing here panics on what GitHub
//! (or anyone holding the secret) sends: every surprise is a [`PayloadError`].

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::event::{Event, EventKind};
use crate::domain::{IdError, RepoName};

pub const EVENT_HEADER: &str = "x-github-event";
pub const DELIVERY_HEADER: &str = "x-github-delivery";

/// GitHub's ids are GUIDs (36 characters); anything much longer is not from GitHub.
const MAX_ID_CHARS: usize = 100;

/// A delivery that passed every check, for the worker that applies it.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// `X-GitHub-Delivery`: the same on every redelivery.
    pub id: String,
    pub event: Event,
    pub received_at: DateTime<Utc>,
}

/// Why a signed delivery could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    #[error("the {0} header is missing")]
    MissingHeader(&'static str),
    #[error("the {0} header is not a short printable name")]
    InvalidHeader(&'static str),
    #[error(
        "the body is form-encoded; set the webhook's content type to application/json on GitHub"
    )]
    FormEncoded,
    #[error("the {event} payload is not what GitHub sends: {source}")]
    Json {
        event: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("the {event} payload has no repository.full_name")]
    MissingRepository { event: String },
    #[error("the payload's repository: {0}")]
    InvalidRepository(#[from] IdError),
}

impl PayloadError {
    /// Stable, snake_case, for answers and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingHeader(_) => "missing_header",
            Self::InvalidHeader(_) => "invalid_header",
            Self::FormEncoded => "form_encoded_payload",
            Self::Json { .. } | Self::MissingRepository { .. } | Self::InvalidRepository(_) => {
                "malformed_payload"
            }
        }
    }
}

/// `X-GitHub-Event` and `X-GitHub-Delivery`, both required.
pub fn event_and_id(headers: &HeaderMap) -> Result<(&str, &str), PayloadError> {
    Ok((header(headers, EVENT_HEADER)?, header(headers, DELIVERY_HEADER)?))
}

fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, PayloadError> {
    let value = headers.get(name).ok_or(PayloadError::MissingHeader(name))?;
    let text = value.to_str().map_err(|_| PayloadError::InvalidHeader(name))?.trim();
    let printable = text.bytes().all(|b| b.is_ascii_graphic());
    if text.is_empty() || text.len() > MAX_ID_CHARS || !printable {
        return Err(PayloadError::InvalidHeader(name));
    }
    Ok(text)
}

/// What every delivery may carry, read leniently: the typed pass below is the strict one.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    repository: Option<RepositoryRef>,
    #[serde(default)]
    installation: Option<InstallationRef>,
}

#[derive(Deserialize)]
struct RepositoryRef {
    #[serde(default)]
    full_name: Option<String>,
}

#[derive(Deserialize)]
struct InstallationRef {
    #[serde(default)]
    id: Option<u64>,
}

/// Reads the body of an `event_header` delivery. Unknown events parse (as
/// [`EventKind::Unknown`]) as long as the body is JSON.
pub fn parse(event_header: &str, body: &[u8]) -> Result<Event, PayloadError> {
    if body.starts_with(b"payload=") {
        return Err(PayloadError::FormEncoded);
    }
    let envelope: Envelope = from_body(event_header, body)?;
    let repository = match envelope.repository.and_then(|repo| repo.full_name) {
        Some(name) => Some(name.parse::<RepoName>()?),
        None => None,
    };
    let kind = match event_header {
        "pull_request" => EventKind::PullRequest(Box::new(from_body(event_header, body)?)),
        "issue_comment" => EventKind::IssueComment(from_body(event_header, body)?),
        "push" => EventKind::Push(from_body(event_header, body)?),
        "ping" => EventKind::Ping(from_body(event_header, body)?),
        "installation" => EventKind::Installation(from_body(event_header, body)?),
        other => EventKind::Unknown { event: other.to_owned() },
    };
    let about_a_repository =
        matches!(kind, EventKind::PullRequest(_) | EventKind::IssueComment(_) | EventKind::Push(_));
    if about_a_repository && repository.is_none() {
        return Err(PayloadError::MissingRepository { event: event_header.to_owned() });
    }
    Ok(Event {
        repository,
        installation_id: envelope.installation.and_then(|installation| installation.id),
        action: envelope.action,
        kind,
    })
}

fn from_body<T: DeserializeOwned>(event: &str, body: &[u8]) -> Result<T, PayloadError> {
    serde_json::from_slice(body)
        .map_err(|source| PayloadError::Json { event: event.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::event::PullRequestAction;

    #[test]
    fn unknown_actions_and_events_parse() {
        let body = br#"{"action":"labeled","number":1,"repository":{"full_name":"a/b"},
            "pull_request":{"number":1,"title":"t","state":"open",
            "updated_at":"2025-01-01T00:00:00Z",
            "head":{"sha":"0123456789012345678901234567890123456789","ref":"x"},
            "user":{"login":"u"}}}"#;
        let event = parse("pull_request", body).unwrap();
        let EventKind::PullRequest(pr) = &event.kind else { panic!("{event:?}") };
        assert_eq!(pr.action, PullRequestAction::Unknown);
        assert_eq!(event.action.as_deref(), Some("labeled"));
        assert!(!event.is_known());
        let other = parse("star", br#"{"action":"created"}"#).unwrap();
        assert_eq!(other.kind, EventKind::Unknown { event: "star".to_owned() });
    }

    #[test]
    fn bad_bodies_are_errors_with_a_reason() {
        let cases: [(&str, &[u8], &str); 5] = [
            ("push", b"{", "EOF"),
            ("push", b"", "EOF"),
            ("pull_request", br#"{"repository":{"full_name":"a/b"}}"#, "missing field `action`"),
            ("push", br#"{"ref":"r","before":"x","after":"y"}"#, "not a commit SHA"),
            ("ping", b"payload=%7B%7D", "content type"),
        ];
        for (event, body, expected) in cases {
            let error = parse(event, body).unwrap_err().to_string();
            assert!(error.contains(expected), "{event} {body:?}: {error}");
        }
        let sha = "0".repeat(40);
        let unowned = format!(r#"{{"ref":"r","before":"{sha}","after":"{sha}"}}"#);
        let error = parse("push", unowned.as_bytes()).unwrap_err();
        assert!(matches!(error, PayloadError::MissingRepository { .. }), "{error}");
    }

    #[test]
    fn headers_are_required_and_sane() {
        let mut headers = HeaderMap::new();
        let error = event_and_id(&headers).unwrap_err();
        assert_eq!(error.to_string(), "the x-github-event header is missing");
        headers.insert(EVENT_HEADER, "push".parse().unwrap());
        headers.insert(DELIVERY_HEADER, "has space".parse().unwrap());
        assert!(matches!(event_and_id(&headers), Err(PayloadError::InvalidHeader(_))));
        headers.insert(DELIVERY_HEADER, "72d3162e-cc78-11e3-81ab-4c9367dc0958".parse().unwrap());
        assert_eq!(event_and_id(&headers).unwrap().0, "push");
    }
}
