use std::io::BufWriter;
use std::thread;

use serde_json::json;

use super::*;

fn entry(actor: &str, pr: u64) -> AuditEntry {
    AuditEntry::new(
        actor,
        Channel::Comment,
        "add",
        [PrNumber::new(pr).unwrap()],
        Outcome::PerPr(vec![json!({"pr": pr, "result": "done"})]),
    )
}

fn log_in(dir: &tempfile::TempDir) -> AuditLog {
    AuditLog::beside(&dir.path().join("_testing-prs.json"))
}

fn prs(entries: &[AuditEntry]) -> Vec<u64> {
    entries.iter().flat_map(|e| e.prs.clone()).collect()
}

#[test]
fn the_log_lives_beside_the_state_file() {
    let log = AuditLog::beside(Path::new("state/_testing-prs.json"));
    assert_eq!(log.path(), Path::new("state/_testing-prs.json.audit.jsonl"));
}

#[test]
fn appended_entries_read_back_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let mut deploy =
        AuditEntry::new("ci-bot", Channel::Api, "deploy", [], Outcome::Text("ok".into()));
    deploy.detail = Some(json!({"queue_item": 812, "note": "two\nlines"}));
    log.append(&entry("cdrini", 11055)).unwrap();
    log.append(&entry("mekarpeles", 11060)).unwrap();
    log.append(&deploy).unwrap();

    let recent = log.recent(10).unwrap();
    assert_eq!(recent.len(), 3);
    assert_eq!(recent[0], deploy);
    assert_eq!(recent[1], entry("mekarpeles", 11060).with_at(recent[1].at));
    assert_eq!(prs(&log.recent(2).unwrap()), [11060]);

    let text = std::fs::read_to_string(log.path()).unwrap();
    assert_eq!(text.lines().count(), 3, "one line per entry:\n{text}");
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["channel"], "comment");
    assert_eq!(first["operation"], "add");
    assert_eq!(first["prs"], json!([11055]));
    assert_eq!(first["outcome"], json!([{"pr": 11055, "result": "done"}]));
    assert!(first.get("detail").is_none());
    assert!(DateTime::parse_from_rfc3339(first["at"].as_str().unwrap()).is_ok());
}

impl AuditEntry {
    fn with_at(mut self, at: DateTime<Utc>) -> Self {
        self.at = at;
        self
    }
}

#[test]
fn a_missing_log_has_no_entries() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    assert!(log.recent(5).unwrap().is_empty());
    assert!(log.all(3, 5).unwrap().is_empty());
}

#[test]
fn pages_follow_each_other_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    for pr in 1..=7 {
        log.append(&entry("cdrini", pr)).unwrap();
    }
    assert_eq!(prs(&log.all(0, 3).unwrap()), [7, 6, 5]);
    assert_eq!(prs(&log.all(3, 3).unwrap()), [4, 3, 2]);
    assert_eq!(prs(&log.all(6, 3).unwrap()), [1]);
    assert!(log.all(7, 3).unwrap().is_empty());
    assert!(log.all(0, 0).unwrap().is_empty());
}

#[test]
fn concurrent_appenders_never_interleave_lines() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let log = log.clone();
            thread::spawn(move || {
                for i in 0..100 {
                    let mut e = entry(&format!("writer-{t}"), t * 1000 + i + 1);
                    // Long enough that a split write would show.
                    e.detail = Some(json!({"padding": "x".repeat(5_000)}));
                    log.append(&e).unwrap();
                }
            })
        })
        .collect();
    for handle in threads {
        handle.join().unwrap();
    }
    let text = std::fs::read_to_string(log.path()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 800);
    for line in &lines {
        serde_json::from_str::<AuditEntry>(line).unwrap();
    }
    assert_eq!(log.recent(1000).unwrap().len(), 800);
}

#[test]
fn a_torn_last_line_is_skipped_and_the_next_append_starts_a_new_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    log.append(&entry("cdrini", 1)).unwrap();
    log.append(&entry("cdrini", 2)).unwrap();
    let mut file = OpenOptions::new().append(true).open(log.path()).unwrap();
    file.write_all(br#"{"at":"2026-03-01T10:00:00Z","actor":"cdr"#).unwrap();
    assert_eq!(prs(&log.recent(10).unwrap()), [2, 1]);

    log.append(&entry("cdrini", 3)).unwrap();
    assert_eq!(prs(&log.recent(10).unwrap()), [3, 2, 1]);
}

#[test]
fn malformed_and_overlong_lines_in_the_middle_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    log.append(&entry("cdrini", 1)).unwrap();
    let mut file = OpenOptions::new().append(true).open(log.path()).unwrap();
    file.write_all(b"not json\n\n{\"at\": 5}\n").unwrap();
    file.write_all(&vec![b'x'; 2 * MAX_LINE_BYTES]).unwrap();
    file.write_all(b"\n").unwrap();
    log.append(&entry("cdrini", 2)).unwrap();
    assert_eq!(prs(&log.recent(10).unwrap()), [2, 1]);
}

#[test]
fn an_entry_too_large_for_one_line_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let mut e = entry("cdrini", 1);
    e.detail = Some(json!("y".repeat(MAX_LINE_BYTES)));
    assert!(matches!(log.append(&e), Err(AuditError::TooLarge { .. })));
    assert!(log.recent(1).unwrap().is_empty());
}

#[test]
fn recent_reads_only_the_tail_of_a_large_log() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    {
        let mut out = BufWriter::new(File::create(log.path()).unwrap());
        let mut written = 0;
        let mut pr = 0;
        while written < 20 << 20 {
            pr += 1;
            let mut line = serde_json::to_vec(&entry("cdrini", pr)).unwrap();
            line.push(b'\n');
            out.write_all(&line).unwrap();
            written += line.len();
        }
        out.flush().unwrap();
    }
    let size = log.path().metadata().unwrap().len();
    assert!(size >= 20 << 20);
    let (entries, read) = log.scan(0, 5).unwrap();
    assert_eq!(entries.len(), 5);
    let newest = entries[0].prs[0];
    assert_eq!(prs(&entries), (newest - 4..=newest).rev().collect::<Vec<_>>());
    assert!(read <= CHUNK_BYTES as u64, "read {read} of {size} bytes");
}

#[test]
fn entries_written_by_hand_with_a_text_outcome_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let line = concat!(
        r#"{"at":"2026-03-01T10:00:00+01:00","actor":"deploy-token","channel":"system","#,
        r#""operation":"refresh","prs":[],"outcome":"rate limited"}"#
    );
    std::fs::write(log.path(), format!("{line}\n")).unwrap();
    let entries = log.recent(1).unwrap();
    assert_eq!(entries[0].channel, Channel::System);
    assert_eq!(entries[0].outcome, Outcome::Text("rate limited".into()));
    assert_eq!(entries[0].detail, None);
    assert_eq!(entries[0].at.to_rfc3339(), "2026-03-01T09:00:00+00:00");
}

#[test]
fn the_entry_schema_names_every_field() {
    let schema = serde_json::to_string(&<AuditEntry as utoipa::PartialSchema>::schema()).unwrap();
    for field in ["at", "actor", "channel", "operation", "prs", "outcome", "detail"] {
        assert!(schema.contains(&format!("\"{field}\"")), "{field} missing from {schema}");
    }
}
