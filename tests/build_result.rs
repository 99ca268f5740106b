//! The build result parser against transcripts shaped like the branch script's real output.

use std::path::PathBuf;

use testbed::build_result::{self, BuildResult, MergeOutcome};
use testbed::domain::{PrNumber, RepoName};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/status").join(name)
}

fn fixture(name: &str) -> BuildResult {
    build_result::load(&fixture_path(name)).expect("fixture is readable").expect("fixture exists")
}

fn prs(numbers: &[u64]) -> Vec<PrNumber> {
    numbers.iter().map(|&n| PrNumber::new(n).unwrap()).collect()
}

fn numbers(result: &BuildResult) -> Vec<Option<u64>> {
    result.prs.iter().map(|pr| pr.pr.map(PrNumber::get)).collect()
}

fn merges(result: &BuildResult) -> Vec<MergeOutcome> {
    result.prs.iter().map(|pr| pr.merge).collect()
}

#[test]
fn a_clean_deploy_reads_status_prs_and_footer() {
    let result = fixture("merged.txt");

    assert!(result.git_status.starts_with("On branch master\n"));
    assert!(result.git_status.ends_with("(use \"git add\" and/or \"git commit -a\")"));
    assert_eq!(numbers(&result), [Some(11201), Some(11202), Some(11208)]);
    assert_eq!(
        merges(&result),
        [MergeOutcome::Merged, MergeOutcome::Merged, MergeOutcome::UpToDate]
    );
    assert_eq!(result.prs[1].title, "Fix search facet counts for subjects");
    assert_eq!(result.prs[1].outcome, "2 files changed, 8 insertions(+), 6 deletions(-)");
    assert!(result.prs[1].body.contains("Merge made by the 'ort' strategy."));
    assert_eq!(result.footer, "Finished merging 3 PRs into master at Sat Mar 14 09:12:44 UTC 2026");
    assert!(result.not_deployed().is_empty());
}

#[test]
fn both_kinds_of_conflict_and_a_fetch_failure_are_not_deployed() {
    let result = fixture("conflicts.txt");

    assert_eq!(
        merges(&result),
        [
            MergeOutcome::Merged,
            MergeOutcome::Conflict,
            MergeOutcome::Conflict,
            MergeOutcome::FetchFailed,
            MergeOutcome::UpToDate,
        ]
    );
    assert_eq!(result.not_deployed(), prs(&[11215, 11234, 11240]));
    assert_eq!(
        result.prs[1].outcome,
        "Automatic merge failed; fix conflicts and then commit the result."
    );
    assert_eq!(result.prs[3].outcome, "fatal: couldn't find remote ref pull/11240/head");
}

#[test]
fn crlf_line_endings_read_the_same_as_lf() {
    let crlf = fixture("crlf.txt");

    assert_eq!(crlf, fixture("conflicts.txt"));
    assert!(!serde_json::to_string(&crlf).unwrap().contains("\\r"));
}

#[test]
fn an_empty_file_is_an_empty_result() {
    assert_eq!(fixture("empty.txt"), BuildResult::default());
}

#[test]
fn a_missing_file_is_no_result_rather_than_an_error() {
    let missing = fixture_path("no-such-file.txt");

    assert!(matches!(build_result::load(&missing), Ok(None)));
}

#[test]
fn an_unreadable_path_is_an_error_naming_it() {
    // A directory exists but cannot be read as a file.
    let error = build_result::load(&fixture_path("")).unwrap_err();

    assert!(error.to_string().contains("fixtures/status"), "{error}");
}

#[test]
fn a_block_without_a_pull_line_is_kept_with_its_text() {
    let result = fixture("orphan-block.txt");

    assert_eq!(numbers(&result), [Some(11250), None, Some(11251)]);
    let orphan = &result.prs[1];
    assert_eq!(orphan.pull_line, "");
    assert!(orphan.body.starts_with("warning: redirecting to"));
    assert_eq!(orphan.outcome, "Note: the vendor/infogami submodule was updated");
    assert_eq!(orphan.merge, MergeOutcome::Unknown);
    assert!(result.footer.starts_with("Finished merging 2 PRs"));
}

#[test]
fn a_title_with_hashes_and_dashes_stays_one_pr() {
    let result = fixture("odd-title.txt");

    assert_eq!(numbers(&result), [Some(11260)]);
    assert_eq!(result.prs[0].title, "[WIP] Fix #11042 --- merge #11201 first; see #11199 # notes");
    assert_eq!(result.prs[0].merge, MergeOutcome::Merged);
}

#[test]
fn the_github_link_searches_for_every_pr_of_the_build() {
    let repo: RepoName = "internetarchive/openlibrary".parse().unwrap();

    assert_eq!(
        fixture("merged.txt").github_link(&repo).as_deref(),
        Some("https://github.com/internetarchive/openlibrary/pulls?q=is%3Apr+11201+11202+11208")
    );
    assert_eq!(fixture("empty.txt").github_link(&repo), None);
}

#[test]
fn the_result_serialises_for_the_api() {
    let json = serde_json::to_value(fixture("conflicts.txt")).unwrap();

    assert_eq!(json["prs"][3]["pr"], 11240);
    assert_eq!(json["prs"][3]["merge"], "fetch_failed");
    assert_eq!(json["prs"][3]["title"], "Drop Python 3.11 support");
}
