//! Teams and repository permissions: what the maintainer rule asks GitHub about a login.

use axum::http::StatusCode;
use serde_json::json;

use super::auth::Caller;
use super::payload;
use super::server::{Ctx, Reply};
use super::state::SimUser;
use super::{GithubSim, SimError};
use crate::domain::RepoName;

/// A team of an organisation. Logins are kept as written; lookups ignore case, as GitHub's do.
#[derive(Debug, Clone, Default)]
pub(crate) struct SimTeam {
    pub org: String,
    pub slug: String,
    pub members: Vec<String>,
    /// Invited and not yet accepted: GitHub answers `state: "pending"`.
    pub pending: Vec<String>,
}

impl SimTeam {
    fn is(&self, org: &str, slug: &str) -> bool {
        self.org.eq_ignore_ascii_case(org) && self.slug.eq_ignore_ascii_case(slug)
    }
}

fn contains(logins: &[String], login: &str) -> bool {
    logins.iter().any(|l| l.eq_ignore_ascii_case(login))
}

/// The roles GitHub names in `role_name`, weakest first.
pub(crate) const ROLES: [&str; 5] = ["read", "triage", "write", "maintain", "admin"];

/// The older `permission` field folds `maintain` into `write` and `triage` into `read`.
fn legacy_permission(role: &str) -> &'static str {
    match role {
        "admin" => "admin",
        "maintain" | "write" => "write",
        "triage" | "read" => "read",
        _ => "none",
    }
}

fn not_found() -> Reply {
    Reply::status(StatusCode::NOT_FOUND, payload::not_found())
}

/// `GET /orgs/{org}/teams/{team_slug}/memberships/{username}`: 404 for anyone not on the team.
pub(crate) fn team_membership(ctx: Ctx<'_>, org: &str, slug: &str, username: &str) -> Reply {
    if matches!(ctx.caller, Caller::App(_)) {
        return Reply::status(
            StatusCode::FORBIDDEN,
            payload::message("Resource not accessible by integration", 403),
        );
    }
    let Some(team) = ctx.world.teams.iter().find(|t| t.is(org, slug)) else {
        return not_found();
    };
    let state = if contains(&team.members, username) {
        "active"
    } else if contains(&team.pending, username) {
        "pending"
    } else {
        return not_found();
    };
    let url = format!("{}/orgs/{}/teams/{}/memberships/{username}", ctx.api, team.org, team.slug);
    Reply::ok(json!({ "url": url, "role": "member", "state": state }))
}

/// `GET /repos/{owner}/{repo}/collaborators/{username}/permission`.
pub(crate) fn collaborator_permission(
    ctx: Ctx<'_>,
    owner: &str,
    repo: &str,
    username: &str,
) -> Reply {
    let Some(found) = ctx.world.find(owner, repo) else {
        return not_found();
    };
    match ctx.caller {
        Caller::App(_) => {
            return Reply::status(
                StatusCode::FORBIDDEN,
                payload::message("Resource not accessible by integration", 403),
            );
        }
        Caller::Installation(id) if *id != found.installation_id => return not_found(),
        _ => {}
    }
    let (login, role) = match found.collaborators.get(&username.to_ascii_lowercase()) {
        Some((login, role)) => (login.as_str(), role.as_str()),
        None => (username, "none"),
    };
    let user = payload::user(ctx.api, &SimUser::derived(login));
    Reply::ok(json!({
        "permission": legacy_permission(role),
        "role_name": role,
        "user": user,
    }))
}

pub(crate) fn check_role(role: &str) -> Result<(), SimError> {
    if ROLES.contains(&role) {
        Ok(())
    } else {
        Err(SimError::Fixture(format!("role {role:?} is not one of {}", ROLES.join(", "))))
    }
}

impl GithubSim {
    /// Adds `login` to the team `org/slug` (created if new) as an active member.
    pub fn add_team_member(&self, org: &str, slug: &str, login: &str) {
        let mut world = self.world();
        let team = match world.teams.iter().position(|t| t.is(org, slug)) {
            Some(index) => &mut world.teams[index],
            None => {
                let team =
                    SimTeam { org: org.to_owned(), slug: slug.to_owned(), ..SimTeam::default() };
                world.teams.push(team);
                let last = world.teams.len() - 1;
                &mut world.teams[last]
            }
        };
        team.pending.retain(|l| !l.eq_ignore_ascii_case(login));
        if !contains(&team.members, login) {
            team.members.push(login.to_owned());
        }
    }

    /// Takes `login` off the team `org/slug`.
    pub fn remove_team_member(&self, org: &str, slug: &str, login: &str) {
        let mut world = self.world();
        for team in world.teams.iter_mut().filter(|t| t.is(org, slug)) {
            team.members.retain(|l| !l.eq_ignore_ascii_case(login));
            team.pending.retain(|l| !l.eq_ignore_ascii_case(login));
        }
    }

    /// Gives `login` the role `read`, `triage`, `write`, `maintain` or `admin` on `repo`, or
    /// takes every role away with `None`.
    pub fn set_permission(
        &self,
        repo: &RepoName,
        login: &str,
        role: Option<&str>,
    ) -> Result<(), SimError> {
        let mut world = self.world();
        let sim_repo = world.repo_mut(repo)?;
        let key = login.to_ascii_lowercase();
        match role {
            Some(role) => {
                check_role(role)?;
                sim_repo.collaborators.insert(key, (login.to_owned(), role.to_owned()));
            }
            None => {
                sim_repo.collaborators.remove(&key);
            }
        }
        Ok(())
    }
}
