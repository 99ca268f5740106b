//! Every fixture parses into the event testbed expects, and the builders change what they say.

use std::fmt::Write as _;

use testbed::domain::{CommitSha, PrNumber, PrState, RepoName};
use testbed::sim::webhooks::{self, FIXTURE_PR, FIXTURE_REPO, FIXTURES};
use testbed::webhook::{Event, EventKind, InstallationAction, PullRequestAction, UserKind, parse};

/// The fields testbed acts on, one line per event, to compare with a snapshot.
fn summary(event: &Event) -> String {
    let mut line = format!(
        "repo={} installation={} action={}",
        event.repository.as_ref().map_or("-".to_owned(), ToString::to_string),
        event.installation_id.map_or("-".to_owned(), |id| id.to_string()),
        event.action.as_deref().unwrap_or("-"),
    );
    let known = event.is_known();
    let _ = match &event.kind {
        EventKind::PullRequest(e) => {
            let pr = &e.pull_request;
            write!(
                line,
                " | pr #{} {:?} {:?} state={:?} merged={} live={:?} head={} author={} {} \
                 assignee={} updated={} before={} after={} from={:?} subject={}",
                e.number,
                e.action,
                pr.title,
                pr.state,
                pr.merged,
                pr.live_state(),
                pr.head.sha.short(),
                pr.user.login,
                pr.user.avatar_url,
                pr.assignee.as_ref().map_or("-", |a| &a.login),
                pr.updated_at.to_rfc3339(),
                e.before.as_ref().map_or("-", |s| s.short()),
                e.after.as_ref().map_or("-", |s| s.short()),
                e.previous_title(),
                e.assignee.as_ref().map_or("-", |a| &a.login),
            )
        }
        EventKind::IssueComment(e) => write!(
            line,
            " | comment {:?} #{} on_pr={} id={} by={} {:?} via_app={} bot={} at={} body={:?}",
            e.action,
            e.issue.number,
            e.issue.is_pull_request,
            e.comment.id,
            e.comment.user.login,
            e.comment.user.kind,
            e.comment.via_app,
            e.comment.is_from_bot(),
            e.comment.created_at.to_rfc3339(),
            e.comment.body,
        ),
        EventKind::Push(e) => write!(
            line,
            " | push {} {}..{} deleted={} forced={}",
            e.git_ref,
            e.before.short(),
            e.after.short(),
            e.deleted,
            e.forced
        ),
        EventKind::Ping(e) => write!(line, " | ping {:?} hook={}", e.zen, e.hook_id),
        EventKind::Installation(e) => {
            write!(line, " | installation {:?} id={}", e.action, e.installation.id)
        }
        EventKind::Unknown { event } => write!(line, " | unknown {event}"),
    };
    format!("{line} | known={known}")
}

#[test]
fn every_fixture_parses_into_the_expected_event() {
    let mut actual = String::new();
    for (name, event, text) in FIXTURES {
        let parsed = parse(event, text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        writeln!(actual, "{name}: {}", summary(&parsed)).unwrap();
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/webhooks/parsed.txt");
    // After a deliberate change, `UPDATE_SNAPSHOT=1 cargo test` rewrites the snapshot to review.
    if std::env::var_os("UPDATE_SNAPSHOT").is_some() {
        std::fs::write(path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(path).unwrap();
    for (a, e) in actual.lines().zip(expected.lines()) {
        assert_eq!(a, e);
    }
    assert_eq!(actual, expected);
}

fn other() -> (RepoName, PrNumber) {
    ("someone/elsewhere".parse().unwrap(), PrNumber::new(42).unwrap())
}

fn sha(seed: u64) -> CommitSha {
    format!("{seed:040x}").parse().unwrap()
}

/// Parses a built payload, checking it no longer names the fixture's repository or PR.
fn built(event: &str, payload: &serde_json::Value) -> Event {
    let text = payload.to_string();
    assert!(!text.contains(FIXTURE_REPO), "{event} still names {FIXTURE_REPO}");
    assert!(!text.contains(&format!("/{FIXTURE_PR}")), "{event} still names #{FIXTURE_PR}");
    let parsed = parse(event, text.as_bytes()).unwrap();
    assert_eq!(parsed.repository, Some(other().0));
    parsed
}

#[test]
fn builders_move_the_payload_and_change_what_they_say() {
    let (repo, pr) = other();
    let event =
        built("pull_request", &webhooks::pull_request_synchronize(&repo, pr, &sha(1), &sha(2)));
    let EventKind::PullRequest(e) = event.kind else { panic!() };
    assert_eq!((e.number, e.pull_request.number), (pr, pr));
    assert_eq!((e.before, e.after), (Some(sha(1)), Some(sha(2))));
    assert_eq!(e.pull_request.head.sha, sha(2));

    let event = built("pull_request", &webhooks::pull_request_closed(&repo, pr, true));
    let EventKind::PullRequest(e) = event.kind else { panic!() };
    assert_eq!(e.pull_request.live_state(), PrState::Merged);
    let event = built("pull_request", &webhooks::pull_request_closed(&repo, pr, false));
    let EventKind::PullRequest(e) = event.kind else { panic!() };
    assert_eq!(e.pull_request.live_state(), PrState::Closed);

    let edited = webhooks::pull_request_edited(&repo, pr, "New", "Old");
    let EventKind::PullRequest(e) = built("pull_request", &edited).kind else { panic!() };
    assert_eq!((e.pull_request.title.as_str(), e.previous_title()), ("New", Some("Old")));

    let assigned = webhooks::pull_request_assigned(&repo, pr, "hornc");
    let EventKind::PullRequest(e) = built("pull_request", &assigned).kind else { panic!() };
    assert_eq!(e.action, PullRequestAction::Assigned);
    assert_eq!(e.pull_request.assignee.map(|a| a.login), Some("hornc".to_owned()));
    assert_eq!(e.assignee.map(|a| a.login), Some("hornc".to_owned()));
    assert!(!assigned.to_string().contains("users/cdrini"), "the assignee's URLs follow");

    let reopened = webhooks::pull_request_reopened(&repo, pr);
    let EventKind::PullRequest(e) = built("pull_request", &reopened).kind else { panic!() };
    assert_eq!(e.action, PullRequestAction::Reopened);

    for (is_bot, kind) in [(false, UserKind::User), (true, UserKind::Bot)] {
        let payload =
            webhooks::issue_comment_created(&repo, pr, 7, "hornc", "/testing add", is_bot);
        let EventKind::IssueComment(e) = built("issue_comment", &payload).kind else { panic!() };
        assert_eq!(
            (e.issue.number, e.comment.id, e.comment.body.as_str()),
            (pr, 7, "/testing add")
        );
        assert_eq!((e.comment.user.login.as_str(), e.comment.user.kind), ("hornc", kind));
        assert_eq!(e.comment.is_from_bot(), is_bot);
        assert!(payload.to_string().contains("issuecomment-7\""), "the comment's URL follows");
    }

    let push = webhooks::push(&repo, "refs/heads/master", &sha(3), &sha(4));
    let EventKind::Push(e) = built("push", &push).kind else { panic!() };
    assert_eq!(
        (e.git_ref.as_str(), e.before, e.after, e.deleted),
        ("refs/heads/master", sha(3), sha(4), false)
    );
    let deleted = webhooks::push(&repo, "refs/heads/x", &sha(3), &sha(0));
    let EventKind::Push(e) = built("push", &deleted).kind else { panic!() };
    assert!(e.deleted);

    let ping = parse("ping", webhooks::ping().to_string().as_bytes()).unwrap();
    assert!(matches!(ping.kind, EventKind::Ping(p) if p.hook_id == webhooks::FIXTURE_HOOK_ID));
    let removed = parse("installation", webhooks::installation("suspend").to_string().as_bytes());
    let EventKind::Installation(e) = removed.unwrap().kind else { panic!() };
    assert_eq!(e.action, InstallationAction::Suspend);
}
