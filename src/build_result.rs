//! The last build's result: `_dev-merged_status.txt`, written by Open Library's branch script
//! after each testing deploy.
//!
//! The file is a transcript, not a format anyone designed: blocks separated by a line holding
//! `---` alone, first the `git status` of the checkout, then one block per PR (its pull line, then
//! whatever `git pull` printed), then a footer. Parsing never fails: text we cannot place is kept
//! rather than dropped, because a person reading the dashboard may need it.

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{PrNumber, RepoName};

/// Why the build result could not be read. A missing file is not an error: no deploy has run.
#[derive(Debug, thiserror::Error)]
pub enum BuildResultError {
    #[error("could not read the last build's result from {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
}

/// What the last testing deploy built, as the branch script reported it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, ToSchema)]
pub struct BuildResult {
    /// `git status` of the checkout before the PRs were merged.
    pub git_status: String,
    /// One entry per block between the status and the footer, in the order they were merged.
    pub prs: Vec<PrBuild>,
    /// The closing block (a summary or a timestamp); empty when the file has none.
    pub footer: String,
}

/// One PR's block of the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PrBuild {
    /// The PR the block is about; null for a block whose first line is not a pull line.
    #[schema(value_type = Option<u64>, minimum = 1)]
    pub pr: Option<PrNumber>,
    /// The first line, `origin pull/N/head  # TITLE`; empty when the block has no pull line.
    pub pull_line: String,
    /// The title written after the first `#` of the pull line.
    pub title: String,
    /// The last non-empty line of the block.
    pub outcome: String,
    /// Every line after the pull line, the outcome included.
    pub body: String,
    /// How the merge went; `conflict` and `fetch_failed` mean the PR is not deployed.
    pub merge: MergeOutcome,
}

/// How the PR's merge into the testing branch went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MergeOutcome {
    /// Merged with a merge commit or fast-forwarded.
    Merged,
    /// Already contained in the testing branch.
    UpToDate,
    /// The merge stopped on a conflict: the PR is not deployed.
    Conflict,
    /// The pin could not be fetched (a ref gone after a force-push, a network failure): the PR
    /// is not deployed.
    FetchFailed,
    /// Nothing in the block says.
    Unknown,
}

impl MergeOutcome {
    /// Whether the PR's code is on the testing server.
    pub fn is_deployed(self) -> bool {
        !matches!(self, MergeOutcome::Conflict | MergeOutcome::FetchFailed)
    }
}

impl BuildResult {
    /// PRs the last deploy did not build, because their merge conflicted or their pin could not
    /// be fetched, in transcript order and each once.
    pub fn not_deployed(&self) -> Vec<PrNumber> {
        let mut prs = Vec::new();
        for block in &self.prs {
            if block.merge.is_deployed() {
                continue;
            }
            // A block without a pull line may still name its PR in the script's own message.
            let pr = block.pr.or_else(|| conflict_message_pr(&block.outcome));
            if let Some(pr) = pr
                && !prs.contains(&pr)
            {
                prs.push(pr);
            }
        }
        prs
    }

    /// A GitHub search for every PR of this build, so a person can open them all at once.
    pub fn github_link(&self, repo: &RepoName) -> Option<String> {
        let mut numbers: Vec<PrNumber> = Vec::new();
        for pr in self.prs.iter().filter_map(|block| block.pr) {
            if !numbers.contains(&pr) {
                numbers.push(pr);
            }
        }
        if numbers.is_empty() {
            return None;
        }
        let terms: Vec<String> = numbers.iter().map(PrNumber::to_string).collect();
        // Owner and name hold only `[A-Za-z0-9._-]` (RepoName checks), so they need no escaping.
        Some(format!(
            "https://github.com/{}/{}/pulls?q=is%3Apr+{}",
            repo.owner(),
            repo.name(),
            terms.join("+")
        ))
    }
}

/// Reads and parses the build result; `Ok(None)` when the file does not exist.
pub fn load(path: &Path) -> Result<Option<BuildResult>, BuildResultError> {
    match std::fs::read(path) {
        // Git prints file names in the local encoding; one odd byte must not hide the result.
        Ok(bytes) => Ok(Some(parse(&String::from_utf8_lossy(&bytes)))),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(BuildResultError::Read { path: path.to_owned(), source }),
    }
}

/// Parses the transcript. Any text is a valid input; an empty one gives an empty result.
pub fn parse(text: &str) -> BuildResult {
    let mut blocks = split_blocks(text);
    let mut result = BuildResult::default();

    // The status comes first, but a transcript that starts straight with a pull line (the
    // status was not captured) must not lose that PR.
    if let Some(first) = blocks.first()
        && pull_line_of(first).is_none()
    {
        result.git_status = blocks.remove(0).join("\n");
    }
    if blocks.last().is_some_and(|last| pull_line_of(last).is_none())
        && let Some(footer) = blocks.pop()
    {
        result.footer = footer.join("\n");
    }
    // An empty block holds no text to keep, e.g. from two `---` lines in a row.
    result.prs =
        blocks.iter().filter(|block| !block.is_empty()).map(|block| parse_block(block)).collect();
    result
}

/// Splits on `---` lines, drops carriage returns and the blank lines around each block.
fn split_blocks(text: &str) -> Vec<Vec<&str>> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Vec::new()];
    for line in text.lines().map(|line| line.strip_suffix('\r').unwrap_or(line)) {
        if line.trim_end() == "---" {
            blocks.push(Vec::new());
        } else if let Some(block) = blocks.last_mut() {
            block.push(line);
        }
    }
    for block in &mut blocks {
        while block.last().is_some_and(|line| line.trim().is_empty()) {
            block.pop();
        }
        let leading = block.iter().take_while(|line| line.trim().is_empty()).count();
        block.drain(..leading);
    }
    blocks
}

/// The PR number and title of a block's pull line, if its first line is one.
fn pull_line_of(block: &[&str]) -> Option<(PrNumber, String)> {
    parse_pull_line(block.first()?)
}

/// Reads `origin pull/N/head`, optionally followed by whitespace, `#` and a title. The title is
/// everything after that first `#`, so it may hold `#` and `---` of its own.
fn parse_pull_line(line: &str) -> Option<(PrNumber, String)> {
    let rest = line.trim_start().strip_prefix("origin")?.trim_start();
    let rest = rest.strip_prefix("pull/")?;
    let (digits, rest) = rest.split_once('/')?;
    let pr: PrNumber = digits.parse().ok()?;
    let rest = rest.strip_prefix("head")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim();
    let title = rest.strip_prefix('#').unwrap_or(rest).trim();
    Some((pr, title.to_owned()))
}

fn parse_block(lines: &[&str]) -> PrBuild {
    let (pr, title, pull_line, body_lines) = match pull_line_of(lines) {
        Some((pr, title)) => (Some(pr), title, lines[0].to_owned(), &lines[1..]),
        None => (None, String::new(), String::new(), lines),
    };
    let outcome = body_lines
        .iter()
        .rev()
        .find(|line| !line.trim().is_empty())
        .map(|line| line.trim().to_owned())
        .unwrap_or_default();
    PrBuild {
        pr,
        pull_line,
        title,
        outcome,
        body: body_lines.join("\n"),
        merge: classify(body_lines),
    }
}

/// The outcome is the last line git or the script says something definite in. It is not always
/// the last line: after a merge or a fast-forward git prints a diffstat.
fn classify(lines: &[&str]) -> MergeOutcome {
    lines
        .iter()
        .rev()
        .map(|line| classify_line(line.trim()))
        .find(|outcome| *outcome != MergeOutcome::Unknown)
        .unwrap_or(MergeOutcome::Unknown)
}

const FETCH_FAILURES: &[&str] = &[
    "fatal: couldn't find remote ref",
    "fatal: remote error:",
    "fatal: git upload-pack: not our ref",
    "fatal: unable to access",
    "fatal: could not read from remote repository",
    "fatal: bad object",
    "fatal: invalid refspec",
    "error: server does not allow request for unadvertised object",
    "could not fetch",
    "failed to fetch",
];

fn classify_line(line: &str) -> MergeOutcome {
    let lower = line.to_ascii_lowercase();
    if line.starts_with("Automatic merge failed")
        || line.starts_with("CONFLICT (")
        || conflict_message_pr(line).is_some()
    {
        MergeOutcome::Conflict
    } else if FETCH_FAILURES.iter().any(|prefix| lower.starts_with(prefix))
        || lower.ends_with("not something we can merge")
    {
        MergeOutcome::FetchFailed
    } else if line.starts_with("Merge made by") || line == "Fast-forward" {
        MergeOutcome::Merged
    } else if line.starts_with("Already up to date") || line.starts_with("Already up-to-date") {
        MergeOutcome::UpToDate
    } else {
        MergeOutcome::Unknown
    }
}

/// The PR named by the branch script's `Merge conflict for PR #N …` line.
fn conflict_message_pr(line: &str) -> Option<PrNumber> {
    let rest = line.strip_prefix("Merge conflict for PR #")?;
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(n: u64) -> PrNumber {
        PrNumber::new(n).unwrap()
    }

    #[test]
    fn a_title_keeps_its_own_hashes() {
        let (number, title) = parse_pull_line("origin pull/42/head  # Fix #12: a # b").unwrap();
        assert_eq!((number, title.as_str()), (pr(42), "Fix #12: a # b"));
    }

    #[test]
    fn a_pull_line_without_a_title_has_an_empty_title() {
        assert_eq!(parse_pull_line("origin pull/7/head"), Some((pr(7), String::new())));
    }

    #[test]
    fn lines_that_only_look_like_pull_lines_are_not() {
        for line in [
            "origin pull/0/head  # zero",
            "origin pull/12/headless",
            "origin pull/x/head",
            "upstream pull/12/head",
            "origin pull/12",
        ] {
            assert_eq!(parse_pull_line(line), None, "{line:?}");
        }
    }

    #[test]
    fn the_diffstat_after_a_merge_does_not_hide_the_outcome() {
        let lines = ["Merge made by the 'ort' strategy.", " a.py | 2 +-", " 1 file changed"];
        assert_eq!(classify(&lines), MergeOutcome::Merged);
        assert_eq!(classify(&["Updating 1..2", "Fast-forward", " a | 1 +"]), MergeOutcome::Merged);
    }

    #[test]
    fn each_kind_of_outcome_line_is_recognised() {
        let cases = [
            ("Already up to date.", MergeOutcome::UpToDate),
            ("Already up-to-date.", MergeOutcome::UpToDate),
            (
                "Automatic merge failed; fix conflicts and then commit the result.",
                MergeOutcome::Conflict,
            ),
            ("Merge conflict for PR #11234 (pinned abc) — skipping", MergeOutcome::Conflict),
            ("fatal: couldn't find remote ref pull/11234/head", MergeOutcome::FetchFailed),
            ("fatal: remote error: upload-pack: not our ref 1234", MergeOutcome::FetchFailed),
            ("something else entirely", MergeOutcome::Unknown),
        ];
        for (line, expected) in cases {
            assert_eq!(classify(&[line]), expected, "{line:?}");
        }
    }

    #[test]
    fn a_block_without_a_pull_line_takes_its_pr_from_the_conflict_message() {
        let result = parse("status\n---\nMerge conflict for PR #99 — skipping\n---\nfooter\n");
        assert_eq!(result.prs[0].pr, None);
        assert_eq!(result.not_deployed(), vec![pr(99)]);
    }

    #[test]
    fn a_transcript_that_starts_with_a_pull_line_keeps_that_pr() {
        let result = parse("origin pull/12/head  # A\nAlready up to date.\n");
        assert_eq!(result.git_status, "");
        assert_eq!(result.prs.len(), 1);
        assert_eq!(result.prs[0].merge, MergeOutcome::UpToDate);
    }

    #[test]
    fn the_last_block_is_a_pr_when_there_is_no_footer() {
        let result = parse("status\n---\norigin pull/12/head  # A\nAlready up to date.\n");
        assert_eq!(result.footer, "");
        assert_eq!(result.prs.len(), 1);
    }

    #[test]
    fn the_github_link_lists_each_pr_once() {
        let text = "s\n---\norigin pull/2/head\n---\norigin pull/1/head\n---\norigin pull/2/head\n";
        let repo: RepoName = "internetarchive/openlibrary".parse().unwrap();
        assert_eq!(
            parse(text).github_link(&repo).as_deref(),
            Some("https://github.com/internetarchive/openlibrary/pulls?q=is%3Apr+2+1")
        );
        assert_eq!(parse("just a status").github_link(&repo), None);
    }

    #[test]
    fn the_schema_matches_the_serialised_names() {
        use utoipa::PartialSchema;
        let schema = serde_json::to_string(&PrBuild::schema()).unwrap();
        assert!(schema.contains("\"pull_line\""), "{schema}");
        let schema = serde_json::to_string(&MergeOutcome::schema()).unwrap();
        assert!(schema.contains("\"fetch_failed\""), "{schema}");
    }
}
