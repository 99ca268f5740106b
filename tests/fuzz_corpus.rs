//! Every input committed under `fuzz/corpus/` runs through the same checks as the fuzz targets,
//! so the corpus guards against regressions in a plain `cargo test`, without nightly.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn run_corpus(target: &str, check: fn(&[u8])) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|err| panic!("{}: {err}", folder.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "{target}: only {} inputs in {}", inputs.len(), folder.display());
    for input in inputs {
        let data = std::fs::read(&input).expect("a corpus file");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", input.display());
    }
}

#[test]
fn comment_commands_corpus() {
    run_corpus("commands", harness::commands);
}

#[test]
fn state_file_corpus() {
    run_corpus("state_file", harness::state_file);
}

#[test]
fn build_result_corpus() {
    run_corpus("build_result", harness::build_result);
}

#[test]
fn webhook_payload_corpus() {
    run_corpus("webhook", harness::webhook);
}
