use std::time::{Duration, Instant};

use super::*;
use crate::domain::{PrNumber, RepoName};
use crate::refs::RefProblem;

fn repo() -> RepoName {
    "internetarchive/openlibrary".parse().unwrap()
}

fn parse(body: &str) -> Vec<Command> {
    parse_comment(body, DEFAULT_PREFIX, &repo())
}

/// The numbers a command names, or `None` for "this PR"; panics on a refused reference.
fn numbers(targets: &Targets) -> Option<Vec<u64>> {
    match targets {
        Targets::ThisPr => None,
        Targets::Refs(refs) => Some(refs.iter().map(|r| r.result.clone().unwrap().get()).collect()),
    }
}

fn reason(command: &Command) -> &str {
    match command {
        Command::Invalid { reason, .. } => reason,
        other => panic!("expected an invalid command, got {other:?}"),
    }
}

#[test]
fn every_verb_without_a_pr_is_about_this_pr() {
    let body = "/testing add\n/testing remove\n/testing update\n/testing enable\n\
                /testing disable\n/testing deploy\n/testing status\n/testing help";
    let expected = vec![
        Command::Add(Targets::ThisPr),
        Command::Remove(Targets::ThisPr),
        Command::Update(Targets::ThisPr),
        Command::Enable(Targets::ThisPr),
        Command::Disable(Targets::ThisPr),
        Command::Deploy,
        Command::Status,
        Command::Help,
    ];
    assert_eq!(parse(body), expected);
}

#[test]
fn verbs_take_prs_as_numbers_and_links() {
    let body =
        "/testing add 11055 #11060, https://github.com/internetarchive/openlibrary/pull/11061";
    let commands = parse(body);
    let [Command::Add(targets)] = commands.as_slice() else { panic!("{commands:?}") };
    assert_eq!(numbers(targets), Some(vec![11055, 11060, 11061]));
    for (body, verb) in [("remove 3", "remove"), ("update 3", "update"), ("ENABLE 3", "enable")] {
        let commands = parse(&format!("/testing {body}"));
        let targets = match &commands[..] {
            [Command::Remove(t)] if verb == "remove" => t,
            [Command::Update(t)] if verb == "update" => t,
            [Command::Enable(t)] if verb == "enable" => t,
            other => panic!("{body}: {other:?}"),
        };
        assert_eq!(numbers(targets), Some(vec![3]));
    }
}

#[test]
fn refused_and_repeated_references_are_kept_for_the_answer() {
    let commands = parse("/testing disable 12 abc #12");
    let [Command::Disable(Targets::Refs(refs))] = commands.as_slice() else { panic!() };
    assert_eq!(refs[0].result, Ok(PrNumber::new(12).unwrap()));
    assert_eq!(refs[1].result, Err(RefProblem::NotANumber));
    assert_eq!(refs[2].result, Err(RefProblem::Duplicate { first: "12".to_owned() }));
}

#[test]
fn several_command_lines_run_in_order_among_prose() {
    let body = "Looks good to me, let's try it.\n\n  /testing add 5\nthen\n/Testing DEPLOY\n\
                /testing status";
    let commands = parse(body);
    assert_eq!(commands.len(), 3);
    assert!(matches!(&commands[0], Command::Add(t) if numbers(t) == Some(vec![5])));
    assert_eq!(commands[1..], [Command::Deploy, Command::Status]);
}

#[test]
fn crlf_bodies_read_like_lf_bodies() {
    let body =
        "Please test.\r\n/testing add 7\r\n```\r\n/testing deploy\r\n```\r\n/testing help\r\n";
    let commands = parse(body);
    assert_eq!(commands.len(), 2);
    assert!(matches!(&commands[0], Command::Add(t) if numbers(t) == Some(vec![7])));
    assert_eq!(commands[1], Command::Help);
}

#[test]
fn lines_in_code_blocks_quotes_and_html_comments_are_ignored() {
    let cases = [
        ("fenced", "```\n/testing add 1\n```"),
        ("fenced with info string", "```sh\n/testing add 1\n```"),
        ("tilde fence", "~~~\n/testing add 1\n~~~"),
        ("indented fence", "   ```\n/testing add 1\n   ```"),
        ("longer fence needs a longer close", "````\n```\n/testing add 1\n````"),
        ("backticks do not close a tilde fence", "~~~\n```\n/testing add 1\n~~~"),
        ("unclosed fence runs to the end", "text\n```\n/testing add 1\n/testing deploy"),
        ("indented code", "    /testing add 1"),
        ("indented by a tab", "\t/testing add 1"),
        ("quote", "> /testing add 1"),
        ("indented quote", "  > /testing add 1"),
        ("nested quote", "> > /testing add 1\n>> /testing deploy"),
        ("html comment", "<!-- /testing add 1 -->"),
        ("multi-line html comment", "<!--\n/testing add 1\n/testing deploy\n-->"),
        ("comment opened mid-line", "Thanks! <!-- for later:\n/testing deploy\n-->"),
        ("text after a comment's end", "<!--\nnote\n--> /testing deploy"),
        ("unclosed comment runs to the end", "<!-- draft\n/testing deploy"),
        ("inline code mid-sentence", "You can write `/testing add` to test this."),
        ("prefix glued to a word", "/testingfoo\n/testing-add 1"),
        ("list item", "- /testing add 1"),
    ];
    for (what, body) in cases {
        assert_eq!(parse(body), [], "{what}: {body:?}");
    }
}

#[test]
fn commands_after_a_closed_block_count_again() {
    let body = "```\n/testing add 1\n```\n> /testing add 2\n\n<!-- x --> \n/testing add 3\n\
                ~~~~ text\n~~~~\n/testing deploy";
    let commands = parse(body);
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert!(matches!(&commands[0], Command::Add(t) if numbers(t) == Some(vec![3])));
    assert_eq!(commands[1], Command::Deploy);
}

#[test]
fn a_comment_inside_a_command_line_is_not_part_of_it() {
    let commands = parse("/testing add 4 <!-- and 5 -->\n/testing deploy <!-- now -->");
    assert!(matches!(&commands[0], Command::Add(t) if numbers(t) == Some(vec![4])));
    assert_eq!(commands[1], Command::Deploy);
}

#[test]
fn unknown_verbs_and_stray_arguments_are_invalid_with_a_reason() {
    let commands = parse("/testing ad 5\n/testing deploy now\n/testing status 5\n/testing");
    assert_eq!(commands.len(), 4);
    assert!(reason(&commands[0]).starts_with("`ad` is not a command"), "{commands:?}");
    assert!(reason(&commands[0]).contains("/testing help"));
    assert_eq!(reason(&commands[1]), "`deploy` takes nothing after it, but got `now`");
    assert_eq!(reason(&commands[2]), "`status` takes nothing after it, but got `5`");
    assert!(reason(&commands[3]).starts_with("no command given"));
    let Command::Invalid { line, .. } = &commands[1] else { unreachable!() };
    assert_eq!(line, "/testing deploy now");
}

#[test]
fn a_custom_prefix_replaces_the_default() {
    let body = "/testing add 1\n/ol-test add 2\n/ol-test  deploy";
    let commands = parse_comment(body, "/ol-test", &repo());
    assert_eq!(commands.len(), 2);
    assert!(matches!(&commands[0], Command::Add(t) if numbers(t) == Some(vec![2])));
    assert_eq!(commands[1], Command::Deploy);
    assert_eq!(parse_comment("anything\n add 1", "", &repo()), []);
}

#[test]
fn too_many_prs_in_one_command_is_refused_whole() {
    let list: Vec<String> = (1..=MAX_REFS_PER_COMMAND + 1).map(|n| n.to_string()).collect();
    let commands = parse(&format!("/testing add {}", list.join(" ")));
    assert!(reason(&commands[0]).starts_with("at most 50 PRs"));
    let commands = parse(&format!("/testing add {}", list[..MAX_REFS_PER_COMMAND].join(",")));
    assert!(matches!(&commands[0], Command::Add(Targets::Refs(r)) if r.len() == 50));
}

#[test]
fn a_megabyte_comment_finishes_quickly_and_yields_at_most_twenty_one_answers() {
    let line = "/testing add 1 2 3 https://github.com/internetarchive/openlibrary/pull/4\n";
    let body = line.repeat(1_000_000 / line.len() + 1);
    let started = Instant::now();
    let commands = parse(&body);
    assert_eq!(commands.len(), MAX_COMMANDS + 1);
    assert!(reason(&commands[MAX_COMMANDS]).starts_with("only the first 20 commands"));

    // Prose, comments and unclosed openers that never become commands cost one pass too.
    let noise = "<!-- a --> text `code` <!--x-->\n".repeat(40_000) + &"<!--".repeat(50_000);
    assert!(parse(&noise).is_empty());
    let one_line = format!("/testing add {}", "9".repeat(1_000_000));
    let commands = parse(&one_line);
    assert!(matches!(&commands[0], Command::Add(Targets::Refs(r))
        if r[0].result == Err(RefProblem::TooLong { chars: 1_000_000 })));
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[test]
fn invalid_lines_are_echoed_shortened() {
    let body = format!("/testing {}", "x".repeat(10_000));
    let commands = parse(&body);
    let Command::Invalid { line, reason } = &commands[0] else { panic!() };
    assert!(line.chars().count() <= 201 && line.ends_with('…'));
    assert!(reason.len() < 600);
}

#[test]
fn help_lists_every_command_with_the_configured_prefix() {
    let text = help_text("/ol-test");
    for verb in ["add", "remove", "update", "enable", "disable", "deploy", "status", "help"] {
        assert!(text.contains(&format!("`/ol-test {verb}")), "{verb} missing:\n{text}");
    }
    assert!(!text.contains("/testing"));
    assert!(text.lines().count() < 20);
}
