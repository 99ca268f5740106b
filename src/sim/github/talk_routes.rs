//! The HTTP side of comments, reactions and labels, with GitHub's answers: 201 for what is new,
//! 404 for an unknown number or comment, 422 for what GitHub would refuse to store.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{delete, get, post};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::Caller;
use super::control::EndpointKind;
use super::payload;
use super::routes::{not_found, number, page_param, visible};
use super::server::{Ctx, Reply, answer};
use super::state::{OpenState, SimRepo, SimUser};
use super::talk::{self, BOT_LOGIN, MAX_BODY_CHARS, REACTIONS, StoredComment, StoredReaction};
use super::{GithubSim, World};

pub(crate) fn router() -> Router<GithubSim> {
    Router::new()
        .route("/repos/{owner}/{repo}/issues", get(list_issues))
        .route("/repos/{owner}/{repo}/issues/{number}/comments", post(create_comment))
        .route("/repos/{owner}/{repo}/issues/comments/{id}/reactions", post(create_reaction))
        .route("/repos/{owner}/{repo}/issues/{number}/labels", post(add_labels))
        .route("/repos/{owner}/{repo}/issues/{number}/labels/{name}", delete(remove_label))
}

/// GitHub's 422, naming what it refused.
fn invalid(resource: &str, field: &str, message: &str) -> Reply {
    let mut body = payload::message("Validation Failed", 422);
    body["errors"] = json!([{ "resource": resource, "field": field, "code": "invalid",
                              "message": message }]);
    Reply::status(StatusCode::UNPROCESSABLE_ENTITY, body)
}

fn parse(bytes: &[u8]) -> Result<Value, Reply> {
    serde_json::from_slice(bytes).map_err(|_| {
        Reply::status(StatusCode::BAD_REQUEST, payload::message("Problems parsing JSON", 400))
    })
}

/// Who a write is made as: the App's bot for its installation tokens, the token's owner for a
/// personal token, and the bot too for no credentials at all (more permissive than GitHub,
/// which answers 401, so that an unauthenticated demo still shows the bot talking).
fn poster(caller: &Caller) -> (SimUser, bool) {
    match caller {
        Caller::User(login) => (SimUser::derived(login), false),
        _ => (SimUser::derived(BOT_LOGIN), true),
    }
}

/// The repository, writable, if this caller may see it.
fn writable<'a>(ctx: &'a mut Ctx<'_>, owner: &str, repo: &str) -> Result<&'a mut SimRepo, Reply> {
    visible(ctx, owner, repo)?;
    let world: &'a mut World = ctx.world;
    world
        .repos
        .iter_mut()
        .find(|r| r.owner.eq_ignore_ascii_case(owner) && r.name.eq_ignore_ascii_case(repo))
        .ok_or_else(not_found)
}

fn create_comment_in(mut ctx: Ctx<'_>, owner: &str, repo: &str, n: &str, body: &[u8]) -> Reply {
    let (user, bot) = poster(ctx.caller);
    let id = ctx.world.next_talk_id();
    let api = ctx.api.to_owned();
    let r = match writable(&mut ctx, owner, repo) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let Some(issue) = number(n).filter(|n| talk::exists(r, *n)) else {
        return not_found();
    };
    let fields = match parse(body) {
        Ok(fields) => fields,
        Err(reply) => return reply,
    };
    let text = match fields.get("body").and_then(Value::as_str) {
        Some(text) if !text.trim().is_empty() => text,
        _ => return invalid("IssueComment", "body", "Body cannot be blank"),
    };
    if text.chars().count() > MAX_BODY_CHARS {
        let message = format!("Body is too long (maximum is {MAX_BODY_CHARS} characters)");
        return invalid("IssueComment", "body", &message);
    }
    let comment = StoredComment {
        id,
        issue,
        association: if bot { "NONE" } else { talk::association(r, &user.login) },
        user,
        bot,
        body: text.to_owned(),
        created_at: Utc::now(),
        reactions: Vec::new(),
    };
    let value = talk::comment_json(&api, r, &comment);
    r.talk.comments.push(comment);
    Reply::status(StatusCode::CREATED, value)
}

fn create_reaction_in(mut ctx: Ctx<'_>, owner: &str, repo: &str, id: &str, body: &[u8]) -> Reply {
    let (user, bot) = poster(ctx.caller);
    let reaction_id = ctx.world.next_talk_id();
    let api = ctx.api.to_owned();
    let r = match writable(&mut ctx, owner, repo) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let Some(comment) = number(id).and_then(|id| r.talk.comment_mut(id)) else {
        return not_found();
    };
    let fields = match parse(body) {
        Ok(fields) => fields,
        Err(reply) => return reply,
    };
    let content = fields.get("content").and_then(Value::as_str).unwrap_or_default();
    if !REACTIONS.contains(&content) {
        return invalid("Reaction", "content", &format!("{content:?} is not a reaction"));
    }
    // One reaction of a kind per person: asking again answers the existing one with a 200.
    let same = |x: &&StoredReaction| x.content == content && x.user.login == user.login;
    if let Some(existing) = comment.reactions.iter().find(same) {
        return Reply::ok(talk::reaction_json(&api, existing, bot));
    }
    let reaction = StoredReaction {
        id: reaction_id,
        content: content.to_owned(),
        user,
        created_at: Utc::now(),
    };
    let value = talk::reaction_json(&api, &reaction, bot);
    comment.reactions.push(reaction);
    Reply::status(StatusCode::CREATED, value)
}

/// `{"labels": ["a", …]}`, a bare array, or either with `{"name": "a"}` objects, as GitHub
/// accepts.
fn label_names(fields: &Value) -> Option<Vec<String>> {
    let list = fields.get("labels").unwrap_or(fields).as_array()?;
    list.iter()
        .map(|item| {
            let name = item.as_str().or_else(|| item.get("name")?.as_str())?.trim();
            (!name.is_empty()).then(|| name.to_owned())
        })
        .collect()
}

fn add_labels_in(mut ctx: Ctx<'_>, owner: &str, repo: &str, n: &str, body: &[u8]) -> Reply {
    let api = ctx.api.to_owned();
    let names = match parse(body).map(|fields| label_names(&fields)) {
        Ok(Some(names)) => names,
        Ok(None) => return invalid("Label", "labels", "labels must be a list of names"),
        Err(reply) => return reply,
    };
    // Ids first: the world hands them out, and the repository borrows the world. A name the
    // repository already has leaves its id unused, which GitHub's ids allow too.
    let ids: Vec<u64> = names.iter().map(|_| ctx.world.next_talk_id()).collect();
    let r = match writable(&mut ctx, owner, repo) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let Some(issue) = number(n).filter(|n| talk::exists(r, *n)) else {
        return not_found();
    };
    for (name, id) in names.iter().zip(ids) {
        let label = r.talk.label(name, || id);
        if !r.talk.has_label(issue, &label.name) {
            r.talk.labels.entry(issue).or_default().push(label.name);
        }
    }
    Reply::ok(talk::labels_json(&api, r, issue))
}

fn remove_label_in(mut ctx: Ctx<'_>, owner: &str, repo: &str, n: &str, name: &str) -> Reply {
    let api = ctx.api.to_owned();
    let r = match writable(&mut ctx, owner, repo) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let Some(issue) = number(n).filter(|n| talk::exists(r, *n)) else {
        return not_found();
    };
    if !r.talk.has_label(issue, name) {
        return Reply::status(StatusCode::NOT_FOUND, payload::message("Label does not exist", 404));
    }
    if let Some(labels) = r.talk.labels.get_mut(&issue) {
        labels.retain(|l| !l.eq_ignore_ascii_case(name));
    }
    Reply::ok(talk::labels_json(&api, r, issue))
}

#[derive(Deserialize)]
pub(crate) struct IssuesQuery {
    labels: Option<String>,
    state: Option<String>,
    per_page: Option<String>,
    page: Option<String>,
}

/// `GET /issues`: PRs and issues together (PRs carry `pull_request`), newest first, filtered
/// by state and by every label named, paged with a `Link` header like `GET /pulls`.
fn list_issues_in(ctx: Ctx<'_>, owner: &str, repo: &str, query: &IssuesQuery) -> Reply {
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
    let labels: Vec<&str> = query
        .labels
        .as_deref()
        .map(|l| l.split(',').map(str::trim).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default();
    let labelled = |n: u64| labels.iter().all(|l| r.talk.has_label(n, l));
    let mut numbers: Vec<(u64, OpenState)> =
        r.pulls.values().map(|p| (p.number, p.state)).collect();
    numbers.extend(r.issues.values().map(|i| (i.number, i.state)));
    numbers.sort_unstable_by_key(|&(n, _)| std::cmp::Reverse(n));
    let matching: Vec<u64> =
        numbers.into_iter().filter(|(n, s)| wanted(*s) && labelled(*n)).map(|(n, _)| n).collect();
    let per_page = page_param(query.per_page.as_ref(), 30, 100);
    let page = page_param(query.page.as_ref(), 1, usize::MAX);
    let pages = matching.len().div_ceil(per_page).max(1);
    let items: Vec<Value> = matching
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .filter_map(|n| {
            let mut item = match (r.pulls.get(n), r.issues.get(n)) {
                (Some(p), _) => payload::issue_of_pull(ctx.api, r, p),
                (None, Some(i)) => payload::issue(ctx.api, r, i),
                (None, None) => return None,
            };
            item["labels"] = talk::labels_json(ctx.api, r, *n);
            Some(item)
        })
        .collect();
    let filter =
        query.labels.as_deref().map(|l| format!("labels={}&", escape(l))).unwrap_or_default();
    let url = |n: usize| {
        let full = r.full_name();
        format!(
            "<{}/repos/{full}/issues?{filter}state={state}&per_page={per_page}&page={n}>",
            ctx.api
        )
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", url(page - 1)));
        links.push(format!("{}; rel=\"first\"", url(1)));
    }
    if page < pages {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
        links.push(format!("{}; rel=\"last\"", url(pages)));
    }
    let mut reply = Reply::ok(Value::Array(items));
    reply.link = (!links.is_empty()).then(|| links.join(", "));
    reply
}

/// Percent-encodes all but GitHub's unreserved characters, so that a label name with spaces
/// or commas keeps the `Link` URLs well formed.
fn escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

type RepoPath = Path<(String, String)>;
type ItemPath = Path<(String, String, String)>;

async fn list_issues(
    State(sim): State<GithubSim>,
    Path((owner, repo)): RepoPath,
    Query(query): Query<IssuesQuery>,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::ListIssues, headers, |ctx| list_issues_in(ctx, &owner, &repo, &query))
        .await
}

async fn create_comment(
    State(sim): State<GithubSim>,
    Path((owner, repo, n)): ItemPath,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(sim, EndpointKind::CreateComment, headers, |ctx| {
        create_comment_in(ctx, &owner, &repo, &n, &body)
    })
    .await
}

async fn create_reaction(
    State(sim): State<GithubSim>,
    Path((owner, repo, id)): ItemPath,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(sim, EndpointKind::CreateReaction, headers, |ctx| {
        create_reaction_in(ctx, &owner, &repo, &id, &body)
    })
    .await
}

async fn add_labels(
    State(sim): State<GithubSim>,
    Path((owner, repo, n)): ItemPath,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(sim, EndpointKind::AddLabels, headers, |ctx| {
        add_labels_in(ctx, &owner, &repo, &n, &body)
    })
    .await
}

async fn remove_label(
    State(sim): State<GithubSim>,
    Path((owner, repo, n, name)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Response {
    answer(sim, EndpointKind::RemoveLabel, headers, |ctx| {
        remove_label_in(ctx, &owner, &repo, &n, &name)
    })
    .await
}
