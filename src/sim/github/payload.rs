//! Response bodies shaped like GitHub's (REST API version 2022-11-28), with the fields octocrab's
//! models require.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::state::{Comparison, OpenState, SimIssue, SimPull, SimRepo, SimUser};

const HTML: &str = "https://github.com";

fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn opt_time(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| Value::String(time(t)))
}

pub(crate) fn user(api: &str, u: &SimUser) -> Value {
    let base = format!("{api}/users/{}", u.login);
    json!({
        "login": u.login,
        "id": u.id,
        "node_id": format!("U_kgDO{:08}", u.id % 100_000_000),
        "avatar_url": u.avatar_url,
        "gravatar_id": "",
        "url": base,
        "html_url": format!("{HTML}/{}", u.login),
        "followers_url": format!("{base}/followers"),
        "following_url": format!("{base}/following{{/other_user}}"),
        "gists_url": format!("{base}/gists{{/gist_id}}"),
        "starred_url": format!("{base}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{base}/subscriptions"),
        "organizations_url": format!("{base}/orgs"),
        "repos_url": format!("{base}/repos"),
        "events_url": format!("{base}/events{{/privacy}}"),
        "received_events_url": format!("{base}/received_events"),
        "type": "User",
        "user_view_type": "public",
        "site_admin": false
    })
}

fn owner(api: &str, r: &SimRepo) -> Value {
    let mut owner = user(api, &SimUser::new(&r.owner, r.id / 2 + 1));
    owner["type"] = json!("Organization");
    owner
}

pub(crate) fn repo(api: &str, r: &SimRepo) -> Value {
    let full = r.full_name();
    let url = format!("{api}/repos/{full}");
    json!({
        "id": r.id,
        "node_id": format!("R_kgDO{:08}", r.id % 100_000_000),
        "name": r.name,
        "full_name": full,
        "private": false,
        "owner": owner(api, r),
        "html_url": format!("{HTML}/{full}"),
        "description": null,
        "fork": false,
        "url": url,
        "pulls_url": format!("{url}/pulls{{/number}}"),
        "issues_url": format!("{url}/issues{{/number}}"),
        "compare_url": format!("{url}/compare/{{base}}...{{head}}"),
        "commits_url": format!("{url}/commits{{/sha}}"),
        "git_url": format!("git://github.com/{full}.git"),
        "ssh_url": format!("git@github.com:{full}.git"),
        "clone_url": format!("{HTML}/{full}.git"),
        "default_branch": r.default_branch,
        "visibility": "public",
        "archived": false,
        "disabled": false
    })
}

/// The repository and its owner as JSON, built once per answer: every PR of a list page embeds
/// them twice (head and base), and building them is most of the work of a page.
pub(crate) struct RepoJson {
    repo: Value,
    owner: Value,
}

impl RepoJson {
    pub fn new(api: &str, r: &SimRepo) -> Self {
        Self { repo: repo(api, r), owner: owner(api, r) }
    }
}

fn branch(shared: &RepoJson, label_owner: &str, reference: &str, sha: &str) -> Value {
    json!({
        "label": format!("{label_owner}:{reference}"),
        "ref": reference,
        "sha": sha,
        "user": shared.owner,
        "repo": shared.repo
    })
}

/// The `pull-request-simple` shape of `GET /pulls`.
pub(crate) fn pull_simple(api: &str, r: &SimRepo, shared: &RepoJson, p: &SimPull) -> Value {
    let full = r.full_name();
    let url = format!("{api}/repos/{full}/pulls/{}", p.number);
    let issue_url = format!("{api}/repos/{full}/issues/{}", p.number);
    let html_url = format!("{HTML}/{full}/pull/{}", p.number);
    let assignees: Vec<Value> = p.assignees.iter().map(|a| user(api, a)).collect();
    let head_label_owner = p.user.login.clone();
    let base_sha = r.base_head();
    json!({
        "url": url,
        "id": p.id,
        "node_id": format!("PR_kwDO{:010}", p.id % 10_000_000_000),
        "html_url": html_url,
        "diff_url": format!("{html_url}.diff"),
        "patch_url": format!("{html_url}.patch"),
        "issue_url": issue_url,
        "commits_url": format!("{url}/commits"),
        "review_comments_url": format!("{url}/comments"),
        "review_comment_url": format!("{api}/repos/{full}/pulls/comments{{/number}}"),
        "comments_url": format!("{issue_url}/comments"),
        "statuses_url": format!("{api}/repos/{full}/statuses/{}", p.head()),
        "number": p.number,
        "state": p.state.as_str(),
        "locked": false,
        "title": p.title,
        "user": user(api, &p.user),
        "body": p.body,
        "labels": [],
        "milestone": null,
        "active_lock_reason": null,
        "created_at": time(p.created_at),
        "updated_at": time(p.updated_at),
        "closed_at": opt_time(p.closed_at),
        "merged_at": opt_time(p.merged_at),
        "merge_commit_sha": p.merge_commit_sha,
        "assignee": assignees.first().cloned().unwrap_or(Value::Null),
        "assignees": assignees,
        "requested_reviewers": [],
        "requested_teams": [],
        "head": branch(shared, &head_label_owner, &p.head_ref, p.head()),
        "base": branch(shared, &r.owner, &p.base_ref, &base_sha),
        "_links": {
            "self": { "href": url },
            "html": { "href": html_url },
            "issue": { "href": issue_url },
            "comments": { "href": format!("{issue_url}/comments") },
            "review_comments": { "href": format!("{url}/comments") },
            "commits": { "href": format!("{url}/commits") }
        },
        "author_association": "CONTRIBUTOR",
        "auto_merge": null,
        "draft": false
    })
}

/// The full `pull-request` shape of `GET /pulls/{n}`.
pub(crate) fn pull_full(api: &str, r: &SimRepo, p: &SimPull) -> Value {
    let mut value = pull_simple(api, r, &RepoJson::new(api, r), p);
    let merged = p.merged_at.is_some();
    let extra = json!({
        "merged": merged,
        "mergeable": if p.state == OpenState::Open { json!(true) } else { Value::Null },
        "rebaseable": p.state == OpenState::Open,
        "mergeable_state": if p.state == OpenState::Open { "clean" } else { "unknown" },
        "merged_by": if merged { user(api, &SimUser::derived("mekarpeles")) } else { Value::Null },
        "comments": 0,
        "review_comments": 0,
        "maintainer_can_modify": !merged,
        "commits": p.commits.len(),
        "additions": 10 * p.commits.len(),
        "deletions": 3 * p.commits.len(),
        "changed_files": p.commits.len().min(7)
    });
    if let (Value::Object(map), Value::Object(more)) = (&mut value, extra) {
        map.extend(more);
    }
    value
}

/// `GET /issues/{n}` for a PR: the issue view, with its `pull_request` key.
pub(crate) fn issue_of_pull(api: &str, r: &SimRepo, p: &SimPull) -> Value {
    let as_issue = SimIssue {
        number: p.number,
        id: p.id + 500_000_000,
        title: p.title.clone(),
        user: p.user.clone(),
        state: p.state,
        created_at: p.created_at,
        updated_at: p.updated_at,
    };
    let mut value = issue(api, r, &as_issue);
    let html_url = format!("{HTML}/{}/pull/{}", r.full_name(), p.number);
    value["assignees"] = Value::Array(p.assignees.iter().map(|a| user(api, a)).collect());
    value["assignee"] = p.assignees.first().map_or(Value::Null, |a| user(api, a));
    value["closed_at"] = opt_time(p.closed_at);
    value["body"] = json!(p.body);
    value["pull_request"] = json!({
        "url": format!("{api}/repos/{}/pulls/{}", r.full_name(), p.number),
        "html_url": html_url,
        "diff_url": format!("{html_url}.diff"),
        "patch_url": format!("{html_url}.patch"),
        "merged_at": opt_time(p.merged_at)
    });
    value
}

pub(crate) fn issue(api: &str, r: &SimRepo, i: &SimIssue) -> Value {
    let full = r.full_name();
    let url = format!("{api}/repos/{full}/issues/{}", i.number);
    json!({
        "url": url,
        "repository_url": format!("{api}/repos/{full}"),
        "labels_url": format!("{url}/labels{{/name}}"),
        "comments_url": format!("{url}/comments"),
        "events_url": format!("{url}/events"),
        "html_url": format!("{HTML}/{full}/issues/{}", i.number),
        "id": i.id,
        "node_id": format!("I_kwDO{:010}", i.id % 10_000_000_000),
        "number": i.number,
        "title": i.title,
        "user": user(api, &i.user),
        "labels": [],
        "state": i.state.as_str(),
        "locked": false,
        "assignee": null,
        "assignees": [],
        "milestone": null,
        "comments": 0,
        "created_at": time(i.created_at),
        "updated_at": time(i.updated_at),
        "closed_at": null,
        "author_association": "CONTRIBUTOR",
        "active_lock_reason": null,
        "body": null
    })
}

pub(crate) fn commit(api: &str, r: &SimRepo, sha: &str) -> Value {
    let full = r.full_name();
    let url = format!("{api}/repos/{full}/commits/{sha}");
    let when = time(super::fixture::epoch());
    let person = json!({ "name": "Open Library contributor", "email": "dev@example.org",
                         "date": when });
    let parents: Vec<Value> = r
        .parent(sha)
        .map(|p| {
            json!({ "sha": p, "url": format!("{api}/repos/{full}/commits/{p}"),
                    "html_url": format!("{HTML}/{full}/commit/{p}") })
        })
        .into_iter()
        .collect();
    json!({
        "sha": sha,
        "node_id": format!("C_kwDO{}", &sha[..12.min(sha.len())]),
        "commit": {
            "author": person,
            "committer": person,
            "message": format!("Change {}", &sha[..7.min(sha.len())]),
            "tree": { "sha": sha, "url": format!("{api}/repos/{full}/git/trees/{sha}") },
            "url": format!("{api}/repos/{full}/git/commits/{sha}"),
            "comment_count": 0,
            "verification": { "verified": false, "reason": "unsigned", "signature": null,
                              "payload": null, "verified_at": null }
        },
        "url": url,
        "html_url": format!("{HTML}/{full}/commit/{sha}"),
        "comments_url": format!("{url}/comments"),
        "author": null,
        "committer": null,
        "parents": parents
    })
}

pub(crate) fn compare(api: &str, r: &SimRepo, basehead: &str, c: &Comparison) -> Value {
    let full = r.full_name();
    // GitHub lists at most 250 commits in a compare; `total_commits` still counts them all.
    let listed: Vec<Value> = c.ahead.iter().take(250).map(|sha| commit(api, r, sha)).collect();
    json!({
        "url": format!("{api}/repos/{full}/compare/{basehead}"),
        "html_url": format!("{HTML}/{full}/compare/{basehead}"),
        "permalink_url": format!("{HTML}/{full}/compare/{}...{}", c.base, c.head),
        "diff_url": format!("{HTML}/{full}/compare/{basehead}.diff"),
        "patch_url": format!("{HTML}/{full}/compare/{basehead}.patch"),
        "base_commit": commit(api, r, &c.base),
        "merge_base_commit": commit(api, r, &c.merge_base),
        "status": c.status(),
        "ahead_by": c.ahead.len(),
        "behind_by": c.behind_by,
        "total_commits": c.ahead.len(),
        "commits": listed,
        "files": []
    })
}

pub(crate) fn not_found() -> Value {
    json!({
        "message": "Not Found",
        "documentation_url": "https://docs.github.com/rest",
        "status": "404"
    })
}

pub(crate) fn message(text: &str, status: u16) -> Value {
    json!({
        "message": text,
        "documentation_url": "https://docs.github.com/rest",
        "status": status.to_string()
    })
}

pub(crate) fn installation(api: &str, r: &SimRepo, app_id: u64) -> Value {
    json!({
        "id": r.installation_id,
        "client_id": format!("Iv1.{:016x}", app_id),
        "account": owner(api, r),
        "repository_selection": "selected",
        "access_tokens_url": format!("{api}/app/installations/{}/access_tokens",
                                     r.installation_id),
        "repositories_url": format!("{api}/installation/repositories"),
        "html_url": format!("{HTML}/organizations/{}/settings/installations/{}", r.owner,
                            r.installation_id),
        "app_id": app_id,
        "app_slug": "testbed",
        "target_id": r.id / 2 + 1,
        "target_type": "Organization",
        "permissions": { "pull_requests": "write", "issues": "write", "metadata": "read" },
        "events": ["pull_request", "issue_comment", "push"],
        "created_at": time(super::fixture::epoch()),
        "updated_at": time(super::fixture::epoch()),
        "single_file_name": null,
        "suspended_by": null,
        "suspended_at": null
    })
}

pub(crate) fn access_token(token: &str, expires_at: DateTime<Utc>) -> Value {
    json!({
        "token": token,
        "expires_at": time(expires_at),
        "permissions": { "pull_requests": "write", "issues": "write", "metadata": "read" },
        "repository_selection": "selected"
    })
}

pub(crate) fn rate_limit(limit: u32, used: u32, reset: DateTime<Utc>) -> Value {
    let core = json!({
        "limit": limit,
        "used": used,
        "remaining": limit.saturating_sub(used),
        "reset": reset.timestamp()
    });
    let search = json!({ "limit": 30, "used": 0, "remaining": 30, "reset": reset.timestamp() });
    json!({
        "resources": { "core": core, "search": search, "graphql": core },
        "rate": core
    })
}
