//! The state file's shape, as Open Library's Python code reads and writes it.
//!
//! Text fields are kept exactly as read (an old file may hold "" or a short SHA where a commit
//! belongs, and that must not make the whole file unreadable); typed accessors interpret them.
//! Unknown fields are kept in `extra`, in file order. A known field that was absent (or `null`
//! where text belongs) is written back the same way unless it was given a value, so rewriting an
//! old file does not change its shape.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use indexmap::IndexMap;
use serde_json::Value;

use crate::domain::{CommitSha, PrNumber};

pub use super::codec::ParseError;

/// The whole state file: the testing set and what the last deploy did.
#[derive(Debug, Clone, PartialEq)]
pub struct TestingState {
    /// When the last deploy was accepted, ISO 8601 text, or "".
    pub last_deploy_at: String,
    pub prs: Vec<TestingPr>,
    /// When the last deploy was requested, ISO 8601 text, or "".
    pub deploy_started_at: String,
    /// What the last deploy actually built: PR number (as text) → title.
    pub deployed: IndexMap<String, String>,
    /// Top-level fields this version does not know, in file order.
    pub extra: IndexMap<String, Value>,
    pub(super) marks: FieldMarks,
}

/// One PR of the testing set.
#[derive(Debug, Clone, PartialEq)]
pub struct TestingPr {
    pub pr: PrNumber,
    /// The pin, as read: normally a full SHA.
    pub commit: String,
    pub active: bool,
    pub title: String,
    /// ISO 8601 text, as read.
    pub added_at: String,
    pub added_by: String,
    /// A staged new pin; "" when none is staged.
    pub pull_latest_sha: String,
    /// A staged enable/disable; `None`, or a value equal to `active`, when none is staged.
    pub pending_active: Option<bool>,
    pub author: String,
    pub author_avatar: String,
    pub assignee: String,
    pub assignee_avatar: String,
    /// Fields of this PR this version does not know, in file order.
    pub extra: IndexMap<String, Value>,
    pub(super) marks: FieldMarks,
}

/// Which known fields were absent from the file, or `null` where text belongs. A field keeps
/// that spelling on write for as long as it holds its default value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct FieldMarks {
    pub absent: u16,
    pub null: u16,
}

/// Bits of [`FieldMarks`], one per known field that may be missing from a file.
pub(super) mod field {
    pub const COMMIT: u16 = 1;
    pub const ACTIVE: u16 = 1 << 1;
    pub const TITLE: u16 = 1 << 2;
    pub const ADDED_AT: u16 = 1 << 3;
    pub const ADDED_BY: u16 = 1 << 4;
    pub const PULL_LATEST_SHA: u16 = 1 << 5;
    pub const PENDING_ACTIVE: u16 = 1 << 6;
    pub const AUTHOR: u16 = 1 << 7;
    pub const AUTHOR_AVATAR: u16 = 1 << 8;
    pub const ASSIGNEE: u16 = 1 << 9;
    pub const ASSIGNEE_AVATAR: u16 = 1 << 10;
    pub const ALL_PR_FIELDS: u16 = (1 << 11) - 1;

    pub const LAST_DEPLOY_AT: u16 = 1;
    pub const DEPLOY_STARTED_AT: u16 = 1 << 1;
    pub const DEPLOYED: u16 = 1 << 2;
}

impl FieldMarks {
    pub fn is_absent(self, bit: u16) -> bool {
        self.absent & bit != 0
    }

    pub fn is_null(self, bit: u16) -> bool {
        self.null & bit != 0
    }
}

impl Default for TestingState {
    /// An empty testing set, in the newest format (every top-level field present).
    fn default() -> Self {
        Self {
            last_deploy_at: String::new(),
            prs: Vec::new(),
            deploy_started_at: String::new(),
            deployed: IndexMap::new(),
            extra: IndexMap::new(),
            marks: FieldMarks::default(),
        }
    }
}

impl TestingState {
    /// Reads any of the three historical formats: a bare list of PRs, an object with
    /// `last_deploy_at` and `prs`, or that object with `deploy_started_at` and `deployed`.
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        serde_json::from_slice(bytes).map_err(|err| ParseError::from_json(&err, bytes))
    }

    /// The file's bytes, laid out as Python's `json.dump(state, f, indent=2)` lays them out.
    /// Always the object form, even when the state was read from a bare list.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        // Every key is a string and every number came from JSON, so this cannot fail; the
        // store still writes through `encode`, so that a failure could never become an empty
        // file on disk.
        self.encode().unwrap_or_default()
    }

    pub(super) fn encode(&self) -> serde_json::Result<Vec<u8>> {
        super::pyjson::to_python_json(self)
    }

    /// The first row for `pr`. A file may hold the same PR twice; later rows are kept as read.
    pub fn find(&self, pr: PrNumber) -> Option<&TestingPr> {
        self.prs.iter().find(|row| row.pr == pr)
    }

    /// The first row for `pr`, to change it.
    pub fn find_mut(&mut self, pr: PrNumber) -> Option<&mut TestingPr> {
        self.prs.iter_mut().find(|row| row.pr == pr)
    }

    /// Whether the file records what the last deploy built. Files from before `deployed`
    /// existed do not; the plan then falls back on `added_at` against `last_deploy_at`.
    pub fn records_deployed(&self) -> bool {
        !self.marks.is_absent(field::DEPLOYED) || !self.deployed.is_empty()
    }

    pub fn last_deploy_at(&self) -> Option<DateTime<Utc>> {
        parse_timestamp(&self.last_deploy_at)
    }

    pub fn set_last_deploy_at(&mut self, at: DateTime<Utc>) {
        self.last_deploy_at = format_timestamp(at);
    }

    pub fn deploy_started_at(&self) -> Option<DateTime<Utc>> {
        parse_timestamp(&self.deploy_started_at)
    }

    pub fn set_deploy_started_at(&mut self, at: DateTime<Utc>) {
        self.deploy_started_at = format_timestamp(at);
    }
}

impl TestingPr {
    /// A new row pinned at `commit`, active, with nothing staged. Every known field is written.
    pub fn new(
        pr: PrNumber,
        commit: &CommitSha,
        title: impl Into<String>,
        added_by: impl Into<String>,
        added_at: DateTime<Utc>,
    ) -> Self {
        Self {
            commit: commit.to_string(),
            title: title.into(),
            added_at: format_timestamp(added_at),
            added_by: added_by.into(),
            marks: FieldMarks::default(),
            ..Self::bare(pr)
        }
    }

    /// A row that holds only its number, as an old file might; the other fields are absent
    /// until given a value. A PR without `active` predates enable/disable, when every listed
    /// PR was deployed, hence `true`.
    pub(super) fn bare(pr: PrNumber) -> Self {
        Self {
            pr,
            commit: String::new(),
            active: true,
            title: String::new(),
            added_at: String::new(),
            added_by: String::new(),
            pull_latest_sha: String::new(),
            pending_active: None,
            author: String::new(),
            author_avatar: String::new(),
            assignee: String::new(),
            assignee_avatar: String::new(),
            extra: IndexMap::new(),
            marks: FieldMarks { absent: field::ALL_PR_FIELDS, null: 0 },
        }
    }

    /// The commit this PR is deployed at, if the file holds a full SHA.
    pub fn pin(&self) -> Option<CommitSha> {
        self.commit.parse().ok()
    }

    /// The staged new pin, if one is staged and differs from the pin.
    pub fn staged_pin(&self) -> Option<CommitSha> {
        let staged: CommitSha = self.pull_latest_sha.parse().ok()?;
        (self.pin().as_ref() != Some(&staged)).then_some(staged)
    }

    /// The staged enable (`true`) or disable (`false`), if one is staged.
    pub fn staged_active(&self) -> Option<bool> {
        self.pending_active.filter(|&wanted| wanted != self.active)
    }

    pub fn added_at(&self) -> Option<DateTime<Utc>> {
        parse_timestamp(&self.added_at)
    }

    pub fn set_added_at(&mut self, at: DateTime<Utc>) {
        self.added_at = format_timestamp(at);
    }
}

/// Reads RFC 3339 text, or Python's naive `datetime.isoformat()` text (no offset) as UTC.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
}

/// Writes a time as Python's `datetime.now(timezone.utc).isoformat()` does, so Python's
/// `datetime.fromisoformat` reads it back.
pub fn format_timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const SHA: &str = "3f5a0c2e9b1d4e6f8a7b9c0d1e2f3a4b5c6d7e8f";
    const OTHER_SHA: &str = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";

    fn pr(number: u64) -> PrNumber {
        PrNumber::new(number).unwrap()
    }

    #[test]
    fn reads_all_three_historical_formats() {
        let row = format!(r#"{{"pr": 11021, "commit": "{SHA}", "active": true}}"#);
        let bare = TestingState::parse(format!("[{row}]").as_bytes()).unwrap();
        let two = format!(r#"{{"last_deploy_at": "", "prs": [{row}]}}"#);
        let two = TestingState::parse(two.as_bytes()).unwrap();
        let three = format!(
            r#"{{"last_deploy_at": "", "prs": [{row}], "deploy_started_at": "",
                "deployed": {{"11021": "Fix author merge"}}}}"#
        );
        let three = TestingState::parse(three.as_bytes()).unwrap();
        for state in [&bare, &two, &three] {
            assert_eq!(state.prs.len(), 1);
            assert_eq!(state.find(pr(11021)).and_then(TestingPr::pin).unwrap().as_str(), SHA);
        }
        assert_eq!(three.deployed.get("11021").map(String::as_str), Some("Fix author merge"));
    }

    #[test]
    fn a_bare_list_is_written_as_the_object_form_without_new_fields() {
        let state = TestingState::parse(b"[{\"pr\": 11021}]").unwrap();
        let text = String::from_utf8(state.to_json_bytes()).unwrap();
        let expected = concat!(
            "{\n  \"last_deploy_at\": \"\",\n  \"prs\": [\n",
            "    {\n      \"pr\": 11021\n    }\n  ]\n}"
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn absent_and_null_fields_keep_their_spelling_until_given_a_value() {
        let input = r#"{"last_deploy_at": "", "prs": [{"pr": 11021, "assignee": null}]}"#;
        let mut state = TestingState::parse(input.as_bytes()).unwrap();
        let reparsed = TestingState::parse(&state.to_json_bytes()).unwrap();
        assert_eq!(reparsed, state);
        let text = String::from_utf8(state.to_json_bytes()).unwrap();
        assert!(text.contains("\"assignee\": null"), "{text}");
        assert!(!text.contains("deployed") && !text.contains("title"), "{text}");

        state.prs[0].title = "Fix author merge".into();
        state.prs[0].assignee = "cdrini".into();
        let text = String::from_utf8(state.to_json_bytes()).unwrap();
        assert!(text.contains("\"assignee\": \"cdrini\"") && text.contains("\"title\""), "{text}");
    }

    #[test]
    fn known_fields_are_written_in_dataclass_order_and_unknown_ones_after() {
        let input = format!(
            r#"{{"zeta": 1, "prs": [{{"x_note": "keep", "title": "T", "pr": 11021,
                "commit": "{SHA}", "active": false, "alpha": [1, 2]}}], "last_deploy_at": ""}}"#
        );
        let state = TestingState::parse(input.as_bytes()).unwrap();
        let value: Value = serde_json::from_slice(&state.to_json_bytes()).unwrap();
        let top: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(top, ["last_deploy_at", "prs", "zeta"]);
        let row: Vec<&String> = value["prs"][0].as_object().unwrap().keys().collect();
        assert_eq!(row, ["pr", "commit", "active", "title", "x_note", "alpha"]);
    }

    #[test]
    fn short_or_empty_shas_are_kept_but_not_a_pin() {
        let input = r#"[{"pr": 11021, "commit": "3f5a0c2", "pull_latest_sha": ""}]"#;
        let state = TestingState::parse(input.as_bytes()).unwrap();
        assert_eq!(state.prs[0].commit, "3f5a0c2");
        assert_eq!(state.prs[0].pin(), None);
        assert_eq!(state.prs[0].staged_pin(), None);
    }

    #[test]
    fn staged_changes_equal_to_the_current_value_are_nothing_staged() {
        let at = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
        let mut row = TestingPr::new(pr(11021), &SHA.parse().unwrap(), "T", "mekarpeles", at);
        assert_eq!((row.staged_pin(), row.staged_active()), (None, None));
        row.pull_latest_sha = SHA.into();
        row.pending_active = Some(true);
        assert_eq!((row.staged_pin(), row.staged_active()), (None, None));
        row.pull_latest_sha = OTHER_SHA.into();
        row.pending_active = Some(false);
        assert_eq!(row.staged_pin().unwrap().as_str(), OTHER_SHA);
        assert_eq!(row.staged_active(), Some(false));
    }

    #[test]
    fn timestamps_accept_rfc3339_and_python_naive_isoformat() {
        let expected = Utc.with_ymd_and_hms(2026, 1, 5, 12, 34, 56).unwrap()
            + chrono::Duration::microseconds(123_456);
        for text in [
            "2026-01-05T12:34:56.123456",
            "2026-01-05T12:34:56.123456+00:00",
            "2026-01-05T13:34:56.123456+01:00",
            "2026-01-05T12:34:56.123456Z",
        ] {
            assert_eq!(parse_timestamp(text), Some(expected), "{text}");
        }
        assert_eq!(parse_timestamp(""), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(format_timestamp(expected), "2026-01-05T12:34:56.123456+00:00");
    }

    #[test]
    fn duplicate_rows_are_kept_and_find_returns_the_first() {
        let input = r#"[{"pr": 11021, "title": "first"}, {"pr": 11021, "title": "second"}]"#;
        let mut state = TestingState::parse(input.as_bytes()).unwrap();
        assert_eq!(state.prs.len(), 2);
        assert_eq!(state.find(pr(11021)).unwrap().title, "first");
        state.find_mut(pr(11021)).unwrap().title = "changed".into();
        assert_eq!(state.prs[1].title, "second");
    }

    #[test]
    fn wrong_shapes_are_errors_with_a_position() {
        for bad in [
            r#"{"prs": {"11021": {}}}"#,
            r#"[{"pr": 0}]"#,
            r#"[{"pr": "11021"}]"#,
            r#"[{"commit": "abc"}]"#,
            r#"{"last_deploy_at": ""}"#,
            r#""just text""#,
            r#"[{"pr": 11021, "active": "yes"}]"#,
            "[{\"pr\": 11021,",
            "",
        ] {
            let err = TestingState::parse(bad.as_bytes()).unwrap_err();
            assert!(err.line >= 1, "{bad}: {err}");
        }
    }
}
