//! Who a login is to the repository: team membership and repository role, the two facts the
//! maintainer rule may ask GitHub about.

use serde::Deserialize;

use super::client::{GithubClient, Tally};
use super::error::GithubError;

/// A login's role on the repository, as GitHub names them, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RepoRole {
    /// No access beyond what the public has.
    None,
    Read,
    Triage,
    Write,
    Maintain,
    Admin,
}

impl RepoRole {
    /// `read`, `triage`, `write`, `maintain`, `admin` (or `none`); anything else is `None`.
    pub fn parse(name: &str) -> Option<RepoRole> {
        match name.trim().to_ascii_lowercase().as_str() {
            "none" => Some(RepoRole::None),
            "read" | "pull" => Some(RepoRole::Read),
            "triage" => Some(RepoRole::Triage),
            "write" | "push" => Some(RepoRole::Write),
            "maintain" => Some(RepoRole::Maintain),
            "admin" => Some(RepoRole::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RepoRole::None => "none",
            RepoRole::Read => "read",
            RepoRole::Triage => "triage",
            RepoRole::Write => "write",
            RepoRole::Maintain => "maintain",
            RepoRole::Admin => "admin",
        }
    }
}

#[derive(Deserialize)]
struct MembershipWire {
    state: String,
}

#[derive(Deserialize)]
struct PermissionWire {
    #[serde(default)]
    role_name: Option<String>,
    #[serde(default)]
    permission: Option<String>,
}

/// GitHub's path segments are names it chose, but a login comes from whoever signed in:
/// anything outside GitHub's alphabet cannot be a login, and must not reshape the path.
fn segment_ok(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl GithubClient {
    /// Whether `login` is an active member of the team `org/team_slug`. GitHub answers 404 for a
    /// non-member (and for a team we may not see); an invitation not yet accepted is no
    /// membership either.
    pub async fn is_team_member(
        &self,
        org: &str,
        team_slug: &str,
        login: &str,
    ) -> Result<bool, GithubError> {
        if ![org, team_slug, login].iter().all(|s| segment_ok(s)) {
            return Ok(false);
        }
        let path = format!("/orgs/{org}/teams/{team_slug}/memberships/{login}");
        match self.get(&path, true, &Tally::default()).await {
            Ok(found) => {
                let wire: MembershipWire = serde_json::from_str(&found.body)
                    .map_err(|e| GithubError::Decode(format!("team membership: {e}")))?;
                Ok(wire.state == "active")
            }
            Err(GithubError::NotFound) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// `login`'s role on the configured repository. `role_name` tells `maintain` and `triage`
    /// apart; a custom role falls back to the older `permission` field, which it extends.
    pub async fn repo_role(&self, login: &str) -> Result<RepoRole, GithubError> {
        if !segment_ok(login) {
            return Ok(RepoRole::None);
        }
        let repo = self.repo();
        let path =
            format!("/repos/{}/{}/collaborators/{login}/permission", repo.owner(), repo.name());
        match self.get(&path, true, &Tally::default()).await {
            Ok(found) => {
                let wire: PermissionWire = serde_json::from_str(&found.body)
                    .map_err(|e| GithubError::Decode(format!("collaborator permission: {e}")))?;
                let role = wire.role_name.as_deref().and_then(RepoRole::parse);
                let legacy = wire.permission.as_deref().and_then(RepoRole::parse);
                Ok(role.or(legacy).unwrap_or(RepoRole::None))
            }
            // Not a collaborator, or no such user.
            Err(GithubError::NotFound) => Ok(RepoRole::None),
            Err(error) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_read_both_ways() {
        assert!(RepoRole::Read < RepoRole::Triage && RepoRole::Triage < RepoRole::Write);
        assert!(RepoRole::Write < RepoRole::Maintain && RepoRole::Maintain < RepoRole::Admin);
        assert_eq!(RepoRole::parse("push"), Some(RepoRole::Write));
        assert_eq!(RepoRole::parse(" Maintain "), Some(RepoRole::Maintain));
        assert_eq!(RepoRole::parse("security-manager"), None);
        assert!(!segment_ok("../../admin") && !segment_ok("") && segment_ok("Ray-B.B_1"));
    }
}
