//! What each simulated endpoint answers, given the locked state and the caller.

use axum::http::StatusCode;
use serde_json::Value;

use super::auth::Caller;
use super::payload;
use super::server::{Ctx, ListQuery, Reply};
use super::state::{OpenState, SimRepo};

pub(super) fn not_found() -> Reply {
    Reply::status(StatusCode::NOT_FOUND, payload::not_found())
}

/// The repository as this caller may see it: an installation token only opens the repositories
/// of its installation, and a bare app JWT opens none (GitHub answers 403 for both cases the
/// same way).
pub(super) fn visible<'a>(ctx: &'a Ctx<'_>, owner: &str, repo: &str) -> Result<&'a SimRepo, Reply> {
    let found = ctx.world.find(owner, repo).ok_or_else(not_found)?;
    match ctx.caller {
        Caller::App(_) => Err(Reply::status(
            StatusCode::FORBIDDEN,
            payload::message("Resource not accessible by integration", 403),
        )),
        Caller::Installation(id) if *id != found.installation_id => Err(not_found()),
        _ => Ok(found),
    }
}

pub(super) fn number(text: &str) -> Option<u64> {
    text.parse().ok()
}

pub(super) fn page_param(text: Option<&String>, default: usize, max: usize) -> usize {
    text.and_then(|t| t.parse::<usize>().ok()).unwrap_or(default).clamp(1, max)
}

pub(crate) fn list_pulls(ctx: Ctx<'_>, owner: &str, repo: &str, query: &ListQuery) -> Reply {
    let r = match visible(&ctx, owner, repo) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let state = query.state.as_deref().unwrap_or("open");
    let wanted = |s: OpenState| match state {
        "all" => true,
        "closed" => s == OpenState::Closed,
        _ => s == OpenState::Open,
    };
    let per_page = page_param(query.per_page.as_ref(), 30, 100);
    let page = page_param(query.page.as_ref(), 1, usize::MAX);
    let shared = payload::RepoJson::new(ctx.api, r);
    // GitHub's default order: newest first.
    let matching: Vec<_> = r.pulls.values().rev().filter(|p| wanted(p.state)).collect();
    let pages = matching.len().div_ceil(per_page).max(1);
    let items: Vec<Value> = matching
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|p| payload::pull_simple(ctx.api, r, &shared, p))
        .collect();
    let url = |n: usize| {
        format!(
            "<{}/repos/{}/pulls?state={state}&per_page={per_page}&page={n}>",
            ctx.api,
            r.full_name()
        )
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", url(page - 1)));
    }
    if page < pages {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
        links.push(format!("{}; rel=\"last\"", url(pages)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"first\"", url(1)));
    }
    let mut reply = Reply::ok(Value::Array(items));
    reply.link = (!links.is_empty()).then(|| links.join(", "));
    reply
}

pub(crate) fn get_pull(ctx: Ctx<'_>, owner: &str, repo: &str, n: &str) -> Reply {
    let r = match visible(&ctx, owner, repo) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    match number(n).and_then(|n| r.pulls.get(&n)) {
        Some(p) => Reply::ok(payload::pull_full(ctx.api, r, p)),
        None => not_found(),
    }
}

pub(crate) fn get_issue(ctx: Ctx<'_>, owner: &str, repo: &str, n: &str) -> Reply {
    let r = match visible(&ctx, owner, repo) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let Some(n) = number(n) else {
        return not_found();
    };
    if let Some(p) = r.pulls.get(&n) {
        return Reply::ok(payload::issue_of_pull(ctx.api, r, p));
    }
    match r.issues.get(&n) {
        Some(i) => Reply::ok(payload::issue(ctx.api, r, i)),
        None => not_found(),
    }
}

pub(crate) fn compare(ctx: Ctx<'_>, owner: &str, repo: &str, basehead: &str) -> Reply {
    let r = match visible(&ctx, owner, repo) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let Some((base, head)) = basehead.split_once("...").or_else(|| basehead.split_once(".."))
    else {
        return not_found();
    };
    // `owner:branch` names a branch of a fork; every simulated branch lives in the repository.
    let strip =
        |reference: &str| reference.split_once(':').map_or(reference, |(_, name)| name).to_owned();
    let (Some(base_sha), Some(head_sha)) = (r.resolve(&strip(base)), r.resolve(&strip(head)))
    else {
        return not_found();
    };
    match r.compare(&base_sha, &head_sha) {
        Some(comparison) => Reply::ok(payload::compare(ctx.api, r, basehead, &comparison)),
        None => Reply::status(
            StatusCode::NOT_FOUND,
            payload::message(&format!("No common ancestor between {base} and {head}."), 404),
        ),
    }
}

pub(crate) fn repo_installation(ctx: Ctx<'_>, owner: &str, repo: &str) -> Reply {
    let Caller::App(app_id) = ctx.caller else {
        return Reply::status(
            StatusCode::UNAUTHORIZED,
            payload::message("A JSON web token could not be decoded", 401),
        );
    };
    match ctx.world.find(owner, repo) {
        Some(r) => Reply::ok(payload::installation(ctx.api, r, *app_id)),
        None => not_found(),
    }
}

pub(crate) fn access_token(ctx: Ctx<'_>, id: &str) -> Reply {
    if !matches!(ctx.caller, Caller::App(_)) {
        return Reply::status(
            StatusCode::UNAUTHORIZED,
            payload::message("A JSON web token could not be decoded", 401),
        );
    }
    let Some(installation) = number(id) else {
        return not_found();
    };
    if !ctx.world.repos.iter().any(|r| r.installation_id == installation) {
        return not_found();
    }
    let (token, expires) = ctx.world.credentials.issue_token(installation);
    Reply::status(StatusCode::CREATED, payload::access_token(&token, expires))
}

pub(crate) fn current_user(ctx: Ctx<'_>) -> Reply {
    match ctx.caller {
        Caller::User(login) => {
            Reply::ok(payload::user(ctx.api, &super::state::SimUser::derived(login)))
        }
        Caller::Anonymous => Reply::status(
            StatusCode::UNAUTHORIZED,
            payload::message("Requires authentication", 401),
        ),
        _ => Reply::status(
            StatusCode::FORBIDDEN,
            payload::message("Resource not accessible by integration", 403),
        ),
    }
}
