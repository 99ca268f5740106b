//! Finding the command lines of a comment and reading each one.
//!
//! Only lines that GitHub shows as ordinary text count: a command quoted from an earlier
//! comment, shown as an example in a code block, or hidden in an HTML comment (as templates
//! do) must never run again. The scan is one pass over the lines, so its cost is linear in the
//! size of the comment whatever it contains.

use super::{Command, MAX_COMMANDS, MAX_REFS_PER_COMMAND, Targets};
use crate::domain::RepoName;
use crate::refs::{dedupe, is_separator, parse_refs};

/// How much of a line is repeated in an answer.
const ECHO_CHARS: usize = 200;

const VERBS: &str = "add, remove, update, enable, disable, deploy, status and help";

/// The commands of a comment, in the order they were written. The prefix is matched without
/// regard to ASCII case, like the verbs, and must be followed by whitespace or the end of the
/// line. At most [`MAX_COMMANDS`] are taken, and one more [`Command::Invalid`] says so.
pub fn parse_comment(body: &str, prefix: &str, repo: &RepoName) -> Vec<Command> {
    let prefix = prefix.trim();
    let mut commands = Vec::new();
    if prefix.is_empty() {
        // Every line would be a command.
        return commands;
    }
    let mut scanner = Scanner::default();
    for raw in body.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let Some(visible) = scanner.visible(line) else { continue };
        let Some(rest) = after_prefix(&visible, prefix) else { continue };
        if commands.len() == MAX_COMMANDS {
            commands.push(Command::Invalid {
                line: echo(visible.trim()),
                reason: format!(
                    "only the first {MAX_COMMANDS} commands of a comment are run; this one and \
                     any after it were ignored"
                ),
            });
            break;
        }
        commands.push(parse_command(visible.trim(), rest, prefix, repo));
    }
    commands
}

/// The text after the prefix, if the line starts with it as a word of its own.
fn after_prefix<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    let rest = text.get(prefix.len()..)?;
    let is_word = rest.chars().next().is_none_or(char::is_whitespace);
    (head.eq_ignore_ascii_case(prefix) && is_word).then_some(rest)
}

fn parse_command(line: &str, rest: &str, prefix: &str, repo: &RepoName) -> Command {
    let invalid = |reason: String| Command::Invalid { line: echo(line), reason };
    let rest = rest.trim_start();
    let Some(verb) = rest.split_whitespace().next() else {
        return invalid(format!("no command given; the commands are {VERBS} (`{prefix} help`)"));
    };
    let args = rest.get(verb.len()..).unwrap_or_default();
    let verb_lower = verb.to_ascii_lowercase();
    let with_targets: Option<fn(Targets) -> Command> = match verb_lower.as_str() {
        "add" => Some(Command::Add),
        "remove" => Some(Command::Remove),
        "update" => Some(Command::Update),
        "enable" => Some(Command::Enable),
        "disable" => Some(Command::Disable),
        _ => None,
    };
    if let Some(make) = with_targets {
        let count =
            args.split(is_separator).filter(|t| !t.is_empty()).take(MAX_REFS_PER_COMMAND + 1);
        if count.count() > MAX_REFS_PER_COMMAND {
            return invalid(format!(
                "at most {MAX_REFS_PER_COMMAND} PRs can be named in one command"
            ));
        }
        let refs = dedupe(parse_refs(args, repo));
        return make(if refs.is_empty() { Targets::ThisPr } else { Targets::Refs(refs) });
    }
    let bare = match verb_lower.as_str() {
        "deploy" => Command::Deploy,
        "status" => Command::Status,
        "help" => Command::Help,
        _ => {
            return invalid(format!(
                "`{}` is not a command; the commands are {VERBS} (`{prefix} help`)",
                echo(verb)
            ));
        }
    };
    let args = args.trim();
    if !args.is_empty() {
        return invalid(format!("`{verb_lower}` takes nothing after it, but got `{}`", echo(args)));
    }
    bare
}

fn echo(text: &str) -> String {
    if text.chars().count() <= ECHO_CHARS {
        return text.to_owned();
    }
    let head: String = text.chars().take(ECHO_CHARS).collect();
    format!("{head}…")
}

/// An open fenced code block: its marker character and how many of them opened it.
struct Fence {
    marker: char,
    len: usize,
}

/// What the lines seen so far leave open.
#[derive(Default)]
struct Scanner {
    fence: Option<Fence>,
    in_comment: bool,
}

impl Scanner {
    /// The text of `line` that Markdown shows as ordinary text, indentation and HTML comments
    /// removed; `None` for a line in a code block, a quote or a comment.
    fn visible(&mut self, line: &str) -> Option<String> {
        if self.in_comment {
            let end = line.find("-->")?;
            self.in_comment = false;
            // Text after the comment on the same line still belongs to the comment's HTML
            // block, so it is never a command, but it may open another comment.
            self.strip_comments(&line[end + 3..]);
            return None;
        }
        if let Some(fence) = &self.fence {
            if closes(fence, line) {
                self.fence = None;
            }
            return None;
        }
        let (indent, text) = indentation(line);
        if indent >= 4 {
            return None;
        }
        if let Some(fence) = opens_fence(text) {
            self.fence = Some(fence);
            return None;
        }
        if text.starts_with('>') {
            return None;
        }
        Some(self.strip_comments(text))
    }

    /// `text` without its HTML comments; an unclosed one runs on into the next lines.
    fn strip_comments(&mut self, mut text: &str) -> String {
        let mut shown = String::with_capacity(text.len());
        while let Some(start) = text.find("<!--") {
            shown.push_str(&text[..start]);
            let body = &text[start + 4..];
            match body.find("-->") {
                Some(end) => text = &body[end + 3..],
                None => {
                    self.in_comment = true;
                    return shown;
                }
            }
        }
        shown.push_str(text);
        shown
    }
}

/// The width of the leading spaces and tabs (a tab reaches the next multiple of four, as in
/// CommonMark) and the text after them.
fn indentation(line: &str) -> (usize, &str) {
    let mut width = 0;
    for (at, c) in line.char_indices() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => return (width, &line[at..]),
        }
    }
    (width, "")
}

/// A run of three or more backticks or tildes opens a fence; an info string may follow, but
/// after backticks it may not contain one (that is inline code instead).
fn opens_fence(text: &str) -> Option<Fence> {
    let marker = text.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = text.chars().take_while(|&c| c == marker).count();
    let info = &text[len..];
    (len >= 3 && !(marker == '`' && info.contains('`'))).then_some(Fence { marker, len })
}

/// A fence closes on a run of its marker at least as long, indented up to three spaces, with
/// nothing after it.
fn closes(fence: &Fence, line: &str) -> bool {
    let (indent, text) = indentation(line);
    let len = text.chars().take_while(|&c| c == fence.marker).count();
    indent < 4 && len >= fence.len && text[len..].trim().is_empty()
}
