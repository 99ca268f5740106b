//! Commands maintainers write in PR comments, such as `/testing add 123`.
//!
//! Only the reading of a comment lives here: who may run a command, and running it, belong to
//! the callers. Nothing here does I/O, so every rule is tested on plain strings.

mod parse;

pub use parse::parse_comment;

use crate::refs::PrRef;

/// The prefix that marks a command line unless configured otherwise.
pub const DEFAULT_PREFIX: &str = "/testing";

/// At most this many commands are taken from one comment; a longer run is answered with one
/// [`Command::Invalid`] saying the rest was ignored. A comment is a request from a person, and
/// twenty is already far more than one person means at once.
pub const MAX_COMMANDS: usize = 20;

/// At most this many PRs in one command, so a pasted list cannot turn one comment into
/// thousands of GitHub requests.
pub const MAX_REFS_PER_COMMAND: usize = 50;

/// One command line of a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Add(Targets),
    Remove(Targets),
    Update(Targets),
    Enable(Targets),
    Disable(Targets),
    Deploy,
    Status,
    Help,
    /// A line that starts with the prefix but is not a command; the bot answers with `reason`.
    Invalid {
        line: String,
        reason: String,
    },
}

/// The PRs a command is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// No PR was named: the PR the comment is on.
    ThisPr,
    /// The PRs named, in order, each with what it means; later duplicates are marked.
    Refs(Vec<PrRef>),
}

/// What the bot answers to `help`: each command in one line, in Markdown.
pub fn help_text(prefix: &str) -> String {
    let rows = [
        ("add [PR…]", "add PRs to the testing set, pinned at their current head"),
        ("remove [PR…]", "take PRs out of the testing set"),
        ("update [PR…]", "stage each PR's current head as its new pin"),
        ("enable [PR…]", "stage PRs to be built again on the next deploy"),
        ("disable [PR…]", "stage PRs to be left out of the next deploy, keeping their pin"),
        ("deploy", "apply what is staged and rebuild the testing server"),
        ("status", "show the testing set and what the next deploy would change"),
        ("help", "show this list"),
    ];
    let mut text = String::from("**Testing commands**, one per line:\n\n");
    for (usage, what) in rows {
        text.push_str(&format!("- `{prefix} {usage}`: {what}\n"));
    }
    text.push_str(
        "\nWithout a PR a command is about this PR. A PR is a number (`123`, `#123`) or its \
         link; several are separated by spaces or commas.\n",
    );
    text
}

#[cfg(test)]
mod tests;
