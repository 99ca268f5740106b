//! The bot's voice: comments on PRs, reactions to the comments that asked, and the labels that
//! mark what is deployed.

use futures::future::join_all;
use http::Method;
use serde::Deserialize;
use serde_json::json;

use super::client::{GithubClient, Tally};
use super::error::GithubError;
use super::pulls::last_page;
use crate::domain::PrNumber;

/// A comment's id, global across GitHub (not the PR number it sits on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommentId(pub u64);

/// The reactions the bot uses: seen, done, refused, deployed, not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reaction {
    Eyes,
    PlusOne,
    MinusOne,
    Rocket,
    Confused,
}

impl Reaction {
    /// The `content` GitHub expects.
    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Eyes => "eyes",
            Reaction::PlusOne => "+1",
            Reaction::MinusOne => "-1",
            Reaction::Rocket => "rocket",
            Reaction::Confused => "confused",
        }
    }
}

#[derive(Deserialize)]
struct CreatedWire {
    id: u64,
}

#[derive(Deserialize)]
struct IssueWire {
    number: u64,
    /// Present only when the issue is a PR.
    #[serde(default)]
    pull_request: Option<serde_json::Value>,
}

/// GitHub's largest page.
const PER_PAGE: u32 = 100;

/// Label names are free text (spaces, colons, emoji): everything outside the unreserved set is
/// percent-encoded, so that a name can neither reshape the path nor split the query.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl GithubClient {
    fn issues_path(&self) -> String {
        format!("/repos/{}/{}/issues", self.repo().owner(), self.repo().name())
    }

    /// Posts `body` (Markdown) as a comment on `pr`. `Err(NotFound)` when the number is neither a
    /// PR nor an issue of the repository.
    pub async fn create_comment(&self, pr: PrNumber, body: &str) -> Result<CommentId, GithubError> {
        let path = format!("{}/{pr}/comments", self.issues_path());
        let payload = json!({ "body": body });
        let created = self.write(Method::POST, &path, Some(&payload), &Tally::default()).await?;
        let wire: CreatedWire = serde_json::from_str(&created.body)
            .map_err(|e| GithubError::Decode(format!("created comment: {e}")))?;
        Ok(CommentId(wire.id))
    }

    /// Reacts to a comment (GitHub answers 201 for a new reaction, 200 for one already there:
    /// both are success).
    pub async fn react_to_comment(
        &self,
        comment_id: u64,
        reaction: Reaction,
    ) -> Result<(), GithubError> {
        let path = format!("{}/comments/{comment_id}/reactions", self.issues_path());
        let payload = json!({ "content": reaction.as_str() });
        self.write(Method::POST, &path, Some(&payload), &Tally::default()).await?;
        Ok(())
    }

    /// Adds labels to `pr`; GitHub creates a label the repository does not have yet.
    pub async fn add_labels(&self, pr: PrNumber, labels: &[&str]) -> Result<(), GithubError> {
        if labels.is_empty() {
            return Ok(());
        }
        let path = format!("{}/{pr}/labels", self.issues_path());
        let payload = json!({ "labels": labels });
        self.write(Method::POST, &path, Some(&payload), &Tally::default()).await?;
        Ok(())
    }

    /// Removes a label from `pr`. A label already absent is the wanted outcome, not an error.
    pub async fn remove_label(&self, pr: PrNumber, name: &str) -> Result<(), GithubError> {
        let path = format!("{}/{pr}/labels/{}", self.issues_path(), encode(name));
        match self.write(Method::DELETE, &path, None, &Tally::default()).await {
            Ok(_) | Err(GithubError::NotFound) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Every PR, open or closed, that carries `label`, ascending. Issues with the label are
    /// left out. Page 1 tells how many pages there are; the others are asked for at once.
    pub async fn labelled(&self, label: &str) -> Result<Vec<PrNumber>, GithubError> {
        let tally = Tally::default();
        let page = |n: u32| {
            format!(
                "{}?labels={}&state=all&per_page={PER_PAGE}&page={n}",
                self.issues_path(),
                encode(label)
            )
        };
        let first = self.get(&page(1), true, &tally).await?;
        let last = first.link.as_deref().and_then(last_page).unwrap_or(1).min(100);
        let tally = &tally;
        let rest = join_all((2..=last).map(|n| {
            let path = page(n);
            async move { self.get(&path, true, tally).await }
        }))
        .await;
        let mut numbers = Vec::new();
        for fetched in std::iter::once(Ok(first)).chain(rest) {
            let wires: Vec<IssueWire> = serde_json::from_str(&fetched?.body)
                .map_err(|e| GithubError::Decode(format!("labelled issues: {e}")))?;
            for wire in wires.into_iter().filter(|w| w.pull_request.is_some()) {
                let number = PrNumber::new(wire.number)
                    .map_err(|e| GithubError::Decode(format!("labelled issue number: {e}")))?;
                numbers.push(number);
            }
        }
        numbers.sort();
        numbers.dedup();
        Ok(numbers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_names_cannot_reshape_the_url() {
        assert_eq!(encode("deployed"), "deployed");
        assert_eq!(encode("testing: on/ol,x"), "testing%3A%20on%2Fol%2Cx");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(Reaction::PlusOne.as_str(), "+1");
    }
}
