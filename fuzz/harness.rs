//! What each fuzz target does with one input. Shared with `tests/fuzz_corpus.rs`, so the
//! committed corpus runs through exactly these checks under `cargo test`, without nightly.
//!
//! Each function panics when the code under test breaks a promise: a panic anywhere, or a
//! property below that does not hold.

#![allow(dead_code)]

use testbed::domain::RepoName;

fn repo() -> RepoName {
    "internetarchive/openlibrary".parse().expect("a valid repository name")
}

/// A PR comment as GitHub delivers it: any text, possibly not UTF-8 on the wire.
pub fn commands(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let prefix = testbed::commands::DEFAULT_PREFIX;
    let commands = testbed::commands::parse_comment(&body, prefix, &repo());
    // The bot answers in one comment, so a comment can never ask for unbounded work.
    assert!(
        commands.len() <= testbed::commands::MAX_COMMANDS + 1,
        "{} commands from one comment",
        commands.len()
    );
}

/// The state file: whatever is on disk, written by us, the Python page, or a person.
pub fn state_file(data: &[u8]) {
    let Ok(state) = testbed::store::TestingState::parse(data) else { return };
    // What we write must read back as the same state, or a read-modify-write would change
    // the file behind the user's back.
    let written = state.to_json_bytes();
    let again = testbed::store::TestingState::parse(&written)
        .unwrap_or_else(|err| panic!("our own output does not parse: {err}"));
    assert_eq!(again.to_json_bytes(), written, "writing twice gives different bytes");
}

/// The branch script's result file, as any text.
pub fn build_result(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let result = testbed::build_result::parse(&text);
    let _ = result.not_deployed();
    let _ = result.github_link(&repo());
}

/// A delivery's body after its signature checked out. The first line names the
/// `X-GitHub-Event`, the rest is the body, so a corpus file reads like a delivery.
pub fn webhook(data: &[u8]) {
    let (event, body) = match data.iter().position(|&byte| byte == b'\n') {
        Some(end) => (String::from_utf8_lossy(&data[..end]).into_owned(), &data[end + 1..]),
        None => (String::new(), data),
    };
    if let Ok(parsed) = testbed::webhook::parse(&event, body) {
        let _ = parsed.pr();
        let _ = parsed.is_known();
    }
}
