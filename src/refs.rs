//! Pull request references as people type them: `123`, `#123`, or a link to the PR on GitHub.
//!
//! Every channel (comment, API, page) hands its text here, so one rule decides what counts as
//! a PR of the configured repository and every refusal reads the same wherever it is shown.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{PrNumber, RepoName};

/// A token longer than this is refused before it is looked at: no reference is near this long.
pub const MAX_TOKEN_CHARS: usize = 1_000;

/// GitHub's PR numbers are nowhere near this; a larger number is a typo or a paste gone wrong.
pub const MAX_PR_NUMBER: u64 = 1_000_000_000;

/// How much of a refused token is echoed back, so an answer never repeats a huge paste.
const ECHO_CHARS: usize = 80;

/// One token of the input and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrRef {
    /// The token as typed, shortened with "…" when it was too long to repeat.
    pub input: String,
    pub result: Result<PrNumber, RefProblem>,
}

/// Why a token is not a PR of the configured repository. Each reads after the token itself:
/// "`https://…/issues/5` is an issue, not a pull request".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RefProblem {
    #[error("is an issue, not a pull request")]
    IssueUrl { number: u64 },
    #[error("is in the repository {repository}, not in this one")]
    OtherRepository { repository: String },
    #[error("is a link to {host}, not to GitHub")]
    NotGithub { host: String },
    #[error("is a GitHub link, but not to a pull request")]
    NotAPrUrl,
    #[error("is not a pull request number")]
    NotANumber,
    #[error("is zero; pull request numbers start at 1")]
    Zero,
    #[error("is negative; pull request numbers start at 1")]
    Negative,
    #[error("is too large to be a pull request number")]
    TooLarge,
    #[error("is too long to be a pull request ({chars} characters)")]
    TooLong { chars: usize },
    #[error("repeats {first}, given earlier in the same request")]
    Duplicate { first: String },
}

impl RefProblem {
    /// A stable name for scripts and tests; the same as the `code` field when serialized.
    pub fn code(&self) -> &'static str {
        match self {
            RefProblem::IssueUrl { .. } => "issue_url",
            RefProblem::OtherRepository { .. } => "other_repository",
            RefProblem::NotGithub { .. } => "not_github",
            RefProblem::NotAPrUrl => "not_a_pr_url",
            RefProblem::NotANumber => "not_a_number",
            RefProblem::Zero => "zero",
            RefProblem::Negative => "negative",
            RefProblem::TooLarge => "too_large",
            RefProblem::TooLong { .. } => "too_long",
            RefProblem::Duplicate { .. } => "duplicate",
        }
    }
}

/// Whether `c` separates references: people paste lists with spaces, commas, semicolons or one
/// per line.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == ',' || c == ';'
}

/// Every token of `text`, in order, with what it means. Empty text gives an empty list; the
/// caller decides what "no PR given" means for it.
pub fn parse_refs(text: &str, repo: &RepoName) -> Vec<PrRef> {
    text.split(is_separator).filter(|token| !token.is_empty()).map(|t| parse_one(t, repo)).collect()
}

/// Marks every later mention of a PR already named in the same request as a duplicate of the
/// first, so each PR is acted on once and the caller can say why the others were not.
pub fn dedupe(refs: Vec<PrRef>) -> Vec<PrRef> {
    let mut first_seen: HashMap<PrNumber, String> = HashMap::new();
    refs.into_iter()
        .map(|mut pr_ref| {
            if let Ok(number) = pr_ref.result {
                match first_seen.get(&number) {
                    Some(first) => {
                        pr_ref.result = Err(RefProblem::Duplicate { first: first.clone() });
                    }
                    None => {
                        first_seen.insert(number, pr_ref.input.clone());
                    }
                }
            }
            pr_ref
        })
        .collect()
}

/// One token, which the caller has already split off and found non-empty.
pub fn parse_one(token: &str, repo: &RepoName) -> PrRef {
    let chars = token.chars().count();
    if chars > MAX_TOKEN_CHARS {
        let head: String = token.chars().take(ECHO_CHARS).collect();
        return PrRef { input: format!("{head}…"), result: Err(RefProblem::TooLong { chars }) };
    }
    let result = match token.strip_prefix('#') {
        Some(digits) => parse_number(digits),
        None if looks_like_link(token) => parse_link(token, repo),
        None => parse_number(token),
    };
    PrRef { input: token.to_owned(), result }
}

/// A bare number, as typed after an optional `#`.
fn parse_number(text: &str) -> Result<PrNumber, RefProblem> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(magnitude) = text.strip_prefix('-') {
        if !all_digits(magnitude) {
            return Err(RefProblem::NotANumber);
        }
        if magnitude.bytes().all(|b| b == b'0') {
            return Err(RefProblem::Zero);
        }
        return Err(RefProblem::Negative);
    }
    if !all_digits(text) {
        return Err(RefProblem::NotANumber);
    }
    // Only digits remain, so the one way to fail is overflowing u64.
    let value = text.parse::<u64>().map_err(|_| RefProblem::TooLarge)?;
    if value > MAX_PR_NUMBER {
        return Err(RefProblem::TooLarge);
    }
    PrNumber::new(value).map_err(|_| RefProblem::Zero)
}

/// A scheme, or a first path segment that names a host (`github.com/…`, `gitlab.com/…`).
fn looks_like_link(token: &str) -> bool {
    if token.contains("://") {
        return true;
    }
    match token.split_once('/') {
        Some((host, _)) => host.contains('.') && !host.starts_with('.'),
        None => false,
    }
}

fn parse_link(token: &str, repo: &RepoName) -> Result<PrNumber, RefProblem> {
    let (scheme, rest) = match token.split_once("://") {
        Some((scheme, rest)) => (Some(scheme.to_ascii_lowercase()), rest),
        None => (None, token),
    };
    // The query and fragment say nothing about which PR it is (`#issuecomment-1`, `?w=1`).
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let is_web = matches!(scheme.as_deref(), None | Some("http") | Some("https"));
    if !is_web {
        let scheme = scheme.unwrap_or_default();
        return Err(RefProblem::NotGithub { host: shorten(&format!("{scheme}://{host}")) });
    }
    if !matches!(host.as_str(), "github.com" | "www.github.com") {
        return Err(RefProblem::NotGithub { host: shorten(&host) });
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let [owner, name, kind, number, tail @ ..] = segments.as_slice() else {
        return Err(RefProblem::NotAPrUrl);
    };
    let kind = kind.to_ascii_lowercase();
    if kind != "pull" && kind != "issues" {
        return Err(RefProblem::NotAPrUrl);
    }
    if !owner.eq_ignore_ascii_case(repo.owner()) || !name.eq_ignore_ascii_case(repo.name()) {
        return Err(RefProblem::OtherRepository {
            repository: shorten(&format!("{owner}/{name}")),
        });
    }
    let number = parse_number(number).map_err(|problem| match problem {
        RefProblem::NotANumber | RefProblem::Negative => RefProblem::NotAPrUrl,
        other => other,
    })?;
    if kind == "issues" {
        return Err(RefProblem::IssueUrl { number: number.get() });
    }
    if !is_pr_tab(tail) {
        return Err(RefProblem::NotAPrUrl);
    }
    Ok(number)
}

/// The tabs of a PR page people copy links from.
fn is_pr_tab(tail: &[&str]) -> bool {
    let is_sha = |s: &str| (7..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit());
    match tail {
        [] => true,
        [tab] => ["files", "commits", "checks"].iter().any(|t| tab.eq_ignore_ascii_case(t)),
        [tab, sha] => tab.eq_ignore_ascii_case("commits") && is_sha(sha),
        _ => false,
    }
}

/// Parts of a refused link are echoed back in answers; keep them short.
fn shorten(text: &str) -> String {
    if text.chars().count() <= ECHO_CHARS {
        return text.to_owned();
    }
    let head: String = text.chars().take(ECHO_CHARS).collect();
    format!("{head}…")
}

/// For a person: `#N`, or the token followed by what is wrong with it, as a sentence.
impl fmt::Display for PrRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.result {
            Ok(number) => write!(f, "#{number}"),
            Err(problem) => write!(f, "{} {problem}.", self.input),
        }
    }
}

#[cfg(test)]
mod tests;
