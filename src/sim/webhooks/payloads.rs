//! Payload builders: each starts from a fixture of `fixtures/webhooks/`, moves it to the
//! repository and PR asked for, and changes the few fields the event is about.

use super::*;

/// `(name, event, text)` for each `event: name, …;`, the text read at compile time.
macro_rules! fixtures {
    ($($event:literal: $($name:literal),+;)+) => {
        [$($(
            ($name, $event, include_str!(concat!("../../../fixtures/webhooks/", $name, ".json"))),
        )+)+]
    };
}

/// A PR opened.
pub fn pull_request_opened(repo: &RepoName, pr: PrNumber) -> Value {
    fixture("pull_request.opened", repo, pr)
}

/// New commits pushed to a PR's branch: its head moves from `before` to `after`.
pub fn pull_request_synchronize(
    repo: &RepoName,
    pr: PrNumber,
    before: &CommitSha,
    after: &CommitSha,
) -> Value {
    let mut payload = fixture("pull_request.synchronize", repo, pr);
    // The fixture's head also appears in status URLs; they follow it.
    let old_after = text_at(&payload, "/after");
    replace_text(&mut payload, &old_after, after.as_str());
    put(&mut payload, "/before", before.as_str());
    payload
}

/// A PR merged or closed without merging.
pub fn pull_request_closed(repo: &RepoName, pr: PrNumber, merged: bool) -> Value {
    let name = if merged { "pull_request.closed.merged" } else { "pull_request.closed.unmerged" };
    fixture(name, repo, pr)
}

pub fn pull_request_reopened(repo: &RepoName, pr: PrNumber) -> Value {
    fixture("pull_request.reopened", repo, pr)
}

/// The title changed from `old_title` to `new_title`.
pub fn pull_request_edited(
    repo: &RepoName,
    pr: PrNumber,
    new_title: &str,
    old_title: &str,
) -> Value {
    let mut payload = fixture("pull_request.edited", repo, pr);
    put(&mut payload, "/pull_request/title", new_title);
    put(&mut payload, "/changes/title/from", old_title);
    payload
}

/// `login` assigned to the PR, now its first assignee.
pub fn pull_request_assigned(repo: &RepoName, pr: PrNumber, login: &str) -> Value {
    let mut payload = fixture("pull_request.assigned", repo, pr);
    let user = user_like(&payload, "/assignee", login);
    put(&mut payload, "/assignee", user.clone());
    put(&mut payload, "/pull_request/assignee", user.clone());
    put(&mut payload, "/pull_request/assignees", Value::Array(vec![user]));
    payload
}

/// `login` unassigned from the PR, which has no assignee left.
pub fn pull_request_unassigned(repo: &RepoName, pr: PrNumber, login: &str) -> Value {
    let mut payload = fixture("pull_request.unassigned", repo, pr);
    let user = user_like(&payload, "/assignee", login);
    put(&mut payload, "/assignee", user);
    payload
}

/// A new comment on PR `pr` by `login`, or by testbed's own App when `is_bot`.
pub fn issue_comment_created(
    repo: &RepoName,
    pr: PrNumber,
    comment_id: u64,
    login: &str,
    body: &str,
    is_bot: bool,
) -> Value {
    let name = if is_bot { "issue_comment.created.bot" } else { "issue_comment.created" };
    let mut payload = fixture(name, repo, pr);
    let old_id = text_at(&payload, "/comment/id");
    replace_text(&mut payload, &format!("comments/{old_id}"), &format!("comments/{comment_id}"));
    replace_text(&mut payload, &format!("comment-{old_id}"), &format!("comment-{comment_id}"));
    put(&mut payload, "/comment/id", comment_id);
    put(&mut payload, "/comment/body", body);
    let user = user_like(&payload, "/comment/user", login);
    put(&mut payload, "/comment/user", user.clone());
    put(&mut payload, "/sender", user);
    payload
}

/// `git_ref` (`refs/heads/…`) moved from `before` to `after`; all zeros deletes it.
pub fn push(repo: &RepoName, git_ref: &str, before: &CommitSha, after: &CommitSha) -> Value {
    let deleted = after.as_str().bytes().all(|b| b == b'0');
    let name = if deleted { "push.deleted" } else { "push" };
    let mut payload = fixture_in(name, repo);
    for (pointer, sha) in [("/before", before), ("/after", after)] {
        let old = text_at(&payload, pointer);
        replace_text(&mut payload, &old, sha.as_str());
        if let Some(short) = old.get(..12) {
            replace_text(&mut payload, short, &sha.as_str()[..12]);
        }
    }
    put(&mut payload, "/ref", git_ref);
    payload
}

/// The ping GitHub sends when the App's webhook is created or its settings change.
pub fn ping() -> Value {
    parse_fixture("ping")
}

/// The App installed (`created`), uninstalled (`deleted`), or another `action`.
pub fn installation(action: &str) -> Value {
    let name = if action == "deleted" { "installation.deleted" } else { "installation.created" };
    let mut payload = parse_fixture(name);
    put(&mut payload, "/action", action);
    payload
}

/// Every fixture by name (`fixtures/webhooks/<name>.json`), with its `X-GitHub-Event`.
pub const FIXTURES: [(&str, &str, &str); 19] = fixtures! {
    "pull_request": "pull_request.opened", "pull_request.synchronize",
        "pull_request.closed.merged", "pull_request.closed.unmerged", "pull_request.reopened",
        "pull_request.edited", "pull_request.assigned", "pull_request.unassigned",
        "pull_request.labeled";
    "issue_comment": "issue_comment.created", "issue_comment.created.issue",
        "issue_comment.created.bot", "issue_comment.edited", "issue_comment.deleted";
    "push": "push", "push.deleted";
    "ping": "ping";
    "installation": "installation.created", "installation.deleted";
};

fn parse_fixture(name: &str) -> Value {
    // Parsed once: benchmarks build thousands of payloads.
    static PARSED: LazyLock<Vec<Value>> = LazyLock::new(|| {
        // The fixtures are compiled in and checked by the tests, so `Null` never happens.
        FIXTURES
            .iter()
            .map(|(_, _, text)| serde_json::from_str(text).unwrap_or(Value::Null))
            .collect()
    });
    let index = FIXTURES.iter().position(|(n, _, _)| *n == name);
    index.and_then(|i| PARSED.get(i)).cloned().unwrap_or(Value::Null)
}

/// The fixture `name` moved to `repo` and `pr`.
fn fixture(name: &str, repo: &RepoName, pr: PrNumber) -> Value {
    let mut payload = fixture_in(name, repo);
    replace_text(&mut payload, &format!("/{FIXTURE_PR}"), &format!("/{pr}"));
    for pointer in ["/number", "/pull_request/number", "/issue/number"] {
        put(&mut payload, pointer, pr.get());
    }
    payload
}

/// The fixture `name` moved to `repo`.
fn fixture_in(name: &str, repo: &RepoName) -> Value {
    let mut payload = parse_fixture(name);
    replace_text(&mut payload, FIXTURE_REPO, &repo.to_string());
    put(&mut payload, "/repository/name", repo.name());
    put(&mut payload, "/repository/owner/login", repo.owner());
    payload
}

/// The user object at `pointer`, as if it were `login`'s.
fn user_like(payload: &Value, pointer: &str, login: &str) -> Value {
    let mut user = payload.pointer(pointer).cloned().unwrap_or(Value::Null);
    let old = text_at(&user, "/login");
    replace_text(&mut user, &format!("/{old}"), &format!("/{login}"));
    put(&mut user, "/login", login);
    user
}

fn text_at(payload: &Value, pointer: &str) -> String {
    match payload.pointer(pointer) {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn put(payload: &mut Value, pointer: &str, value: impl Into<Value>) {
    if let Some(slot) = payload.pointer_mut(pointer) {
        *slot = value.into();
    }
}

/// Replaces `from` with `to` in every string of `payload`: URLs name the repository and PR.
fn replace_text(payload: &mut Value, from: &str, to: &str) {
    if from.is_empty() {
        return;
    }
    match payload {
        Value::String(text) if text.contains(from) => *text = text.replace(from, to),
        Value::Array(items) => items.iter_mut().for_each(|item| replace_text(item, from, to)),
        Value::Object(fields) => fields.values_mut().for_each(|item| replace_text(item, from, to)),
        _ => {}
    }
}
