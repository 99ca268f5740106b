//! `/testing …` commands in PR comments: maintainers only, one answer per comment.

use tracing::{debug, warn};

use crate::audit::Channel;
use crate::auth::Auth;
use crate::commands::{self, Command, Targets};
use crate::github::Reaction;
use crate::operations::{Actor, OperationReport, Operations, OutcomeCode};
use crate::plan::PlanAction;
use crate::webhook::{CommentAction, IssueCommentEvent};

pub async fn run(
    ops: &Operations,
    auth: &Auth,
    prefix: &str,
    delivery: &str,
    event: IssueCommentEvent,
) {
    let pr = event.issue.number;
    let comment = &event.comment;
    // Only new comments on PRs, by people: edits would re-run old commands, and the bot's own
    // answers quote commands.
    if event.action != CommentAction::Created || !event.issue.is_pull_request {
        return;
    }
    if comment.is_from_bot() {
        return;
    }
    let service = ops.service();
    let parsed = commands::parse_comment(&comment.body, prefix, service.repo());
    if parsed.is_empty() {
        return;
    }
    let Some(github) = service.github() else { return };
    if let Err(err) = github.react_to_comment(comment.id, Reaction::Eyes).await {
        warn!(delivery, %pr, error = %err, "could not react to the comment");
    }
    let login = comment.user.login.clone();
    let answer = match auth.is_maintainer(&login).await {
        Ok(true) => {
            let actor = Actor { login: login.clone(), channel: Channel::Comment };
            let mut sections = Vec::new();
            for command in parsed {
                sections.push(execute(ops, &actor, pr, prefix, command).await);
            }
            sections.join("\n\n")
        }
        Ok(false) => format!(
            "Sorry @{login}, only maintainers can change the testing deploy. A maintainer can \
             run the command for you."
        ),
        Err(err) => format!(
            "Sorry @{login}, I could not check whether you are a maintainer ({err}). Nothing was \
             changed; please try again in a minute."
        ),
    };
    match github.create_comment(pr, &answer).await {
        Ok(_) => debug!(delivery, %pr, login, "answered a testing command"),
        Err(err) => warn!(delivery, %pr, error = %err, "could not post the answer"),
    }
}

async fn execute(
    ops: &Operations,
    actor: &Actor,
    pr: crate::domain::PrNumber,
    prefix: &str,
    command: Command,
) -> String {
    let targets = |targets: &Targets| match targets {
        Targets::ThisPr => format!("#{pr}"),
        Targets::Refs(refs) => refs.iter().map(|r| r.input.clone()).collect::<Vec<_>>().join(" "),
    };
    let result = match &command {
        Command::Add(t) => ops.add(actor, &targets(t)).await,
        Command::Remove(t) => ops.remove(actor, &targets(t)).await,
        Command::Update(t) => ops.update(actor, &targets(t)).await,
        Command::Enable(t) => ops.enable(actor, &targets(t)).await,
        Command::Disable(t) => ops.disable(actor, &targets(t)).await,
        Command::Deploy => {
            return match ops.deploy(actor).await {
                Ok(report) => format!("**deploy**: {}\n\n{}", report.message, plan_text(ops)),
                Err(err) => format!("**deploy**: {err}"),
            };
        }
        Command::Status => return format!("**status**\n\n{}", plan_text(ops)),
        Command::Help => return commands::help_text(prefix),
        Command::Invalid { line, reason } => return format!("`{line}`: {reason}"),
    };
    match result {
        Ok(report) => report_text(&report),
        Err(err) => format!("Nothing was changed: {err}"),
    }
}

fn report_text(report: &OperationReport) -> String {
    let mut text = format!("**{}**", report.operation);
    for result in &report.results {
        let mark = match result.outcome {
            OutcomeCode::Done => "✅",
            OutcomeCode::Unchanged => "➖",
            _ => "❌",
        };
        text.push_str(&format!("\n- {mark} {}", result.message));
    }
    text
}

/// The plan the next deploy applies, as a short list.
fn plan_text(ops: &Operations) -> String {
    let snapshot = ops.service().live().current();
    let snapshot = &snapshot.snapshot;
    let active = snapshot.testing.prs.iter().filter(|row| row.active).count();
    let mut text =
        format!("{} PRs in the testing set, {active} enabled.", snapshot.testing.prs.len());
    if snapshot.plan.is_empty() {
        text.push_str(" Nothing is staged for the next deploy.");
        return text;
    }
    text.push_str("\n\nThe next deploy will:");
    for step in &snapshot.plan {
        let verb = match step.action {
            PlanAction::Add => "add",
            PlanAction::Pin => "move the pin of",
            PlanAction::Enable => "enable",
            PlanAction::Disable => "disable",
            PlanAction::Remove => "remove",
        };
        // A title is anyone's text: keep it from mentioning people from the bot's mouth.
        let title = step.title.replace('@', "@\u{200B}");
        text.push_str(&format!("\n- {verb} #{} {title}", step.pr));
    }
    text
}
