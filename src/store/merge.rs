//! Three-way merge of state files, used to repair a file that a writer which ignores the lock
//! replaced with a copy made from an older version (see the module docs of `store`).
//!
//! The merge works on the JSON form of each state, so unknown fields merge like known ones. A
//! PR row is identified by its number and, for a file that lists a number twice, by which
//! occurrence of that number it is.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde_json::{Map, Value};

use super::model::TestingState;

type RowKey = (u64, usize);
type Fields = Map<String, Value>;

/// The top-level fields (without `prs`) and the PR rows of one state, in file order: the form
/// the merge compares, computed once per version.
#[derive(Debug, Clone)]
pub struct Parts {
    top: Fields,
    order: Vec<RowKey>,
    rows: HashMap<RowKey, Fields>,
    top_digest: Digest,
    row_digests: HashMap<RowKey, Digest>,
}

/// A hash of each field (name and value) and of the whole, so that choosing a base among many
/// versions compares numbers rather than JSON trees. A collision can only make a worse base
/// look closer; the merge itself compares the values.
#[derive(Debug, Clone)]
struct Digest {
    whole: u64,
    /// (hash of the name, hash of name and value), sorted by name hash.
    fields: Vec<(u64, u64)>,
}

fn hash_of(parts: &[&str]) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

impl Digest {
    fn of(fields: &Fields) -> Self {
        let mut hashes: Vec<(u64, u64)> = fields
            .iter()
            .map(|(key, value)| {
                let value = serde_json::to_string(value).unwrap_or_default();
                (hash_of(&[key]), hash_of(&[key, &value]))
            })
            .collect();
        hashes.sort_unstable();
        // A sum, so the whole does not depend on field order.
        let whole = hashes.iter().fold(0u64, |sum, (_, hash)| sum.wrapping_add(*hash));
        Self { whole, fields: hashes }
    }

    /// How many fields differ, counting a field present on one side only.
    fn differing(&self, other: &Self) -> usize {
        if self.whole == other.whole && self.fields.len() == other.fields.len() {
            return 0;
        }
        let (mut mine, mut theirs) =
            (self.fields.iter().peekable(), other.fields.iter().peekable());
        let mut count = 0;
        loop {
            match (mine.peek(), theirs.peek()) {
                (Some(a), Some(b)) if a.0 == b.0 => {
                    count += usize::from(a.1 != b.1);
                    mine.next();
                    theirs.next();
                }
                (Some(a), Some(b)) if a.0 < b.0 => {
                    count += 1;
                    mine.next();
                }
                (Some(_), Some(_)) => {
                    count += 1;
                    theirs.next();
                }
                (Some(_), None) => {
                    count += 1;
                    mine.next();
                }
                (None, Some(_)) => {
                    count += 1;
                    theirs.next();
                }
                (None, None) => return count,
            }
        }
    }
}

impl Parts {
    pub fn of(state: &TestingState) -> Result<Self, serde_json::Error> {
        Self::from_value(serde_json::to_value(state)?)
    }

    /// From the JSON form of a state, as [`TestingState`] serializes it.
    pub fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        let Value::Object(mut top) = value else {
            return Err(serde::de::Error::custom("a state is always written as an object"));
        };
        let rows = match top.shift_remove("prs") {
            Some(Value::Array(rows)) => rows,
            _ => Vec::new(),
        };
        let mut parts = Self {
            top_digest: Digest::of(&top),
            top,
            order: Vec::new(),
            rows: HashMap::new(),
            row_digests: HashMap::new(),
        };
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for row in rows {
            let Value::Object(fields) = row else { continue };
            let number = fields.get("pr").and_then(Value::as_u64).unwrap_or(0);
            let occurrence = seen.entry(number).or_insert(0);
            let key = (number, *occurrence);
            *occurrence += 1;
            parts.order.push(key);
            parts.row_digests.insert(key, Digest::of(&fields));
            parts.rows.insert(key, fields);
        }
        Ok(parts)
    }
}

/// How many fields differ between two states: each differing top-level field, each differing
/// field of a PR in both, and every field of a PR in only one of them.
pub fn distance(a: &Parts, b: &Parts) -> usize {
    let mut count = a.top_digest.differing(&b.top_digest);
    for (key, mine) in &a.row_digests {
        count += match b.row_digests.get(key) {
            Some(theirs) => mine.differing(theirs),
            None => mine.fields.len(),
        };
    }
    for (key, theirs) in &b.row_digests {
        if !a.row_digests.contains_key(key) {
            count += theirs.fields.len();
        }
    }
    count
}

/// Picks, among the versions this store wrote (oldest first), the one `disk` was most likely
/// made from: the fewest differing fields, the newest on ties. Returns its index.
pub fn closest<'a>(written: impl IntoIterator<Item = &'a Parts>, disk: &Parts) -> Option<usize> {
    let written: Vec<&Parts> = written.into_iter().collect();
    let mut best: Option<(usize, usize)> = None;
    for (index, version) in written.iter().enumerate().rev() {
        let far = distance(version, disk);
        if best.is_none_or(|(best_far, _)| far < best_far) {
            best = Some((far, index));
        }
    }
    best.map(|(_, index)| index)
}

/// Merges what another writer did since `base` (giving `theirs`) into `ours`.
///
/// Per field: a field `theirs` changed from `base` takes their value (a removed field is
/// removed); any other field keeps ours. Rows: a row `theirs` removed is removed, a row `theirs`
/// added is kept (after ours), a row we added is kept, and a row we removed stays removed.
pub fn merge(
    base: &Parts,
    ours: &Parts,
    theirs: &Parts,
) -> Result<TestingState, serde_json::Error> {
    let mut rows = Vec::new();
    for key in &ours.order {
        let Some(our_row) = ours.rows.get(key) else {
            continue;
        };
        match (base.rows.get(key), theirs.rows.get(key)) {
            (Some(_), None) => {}
            (base_row, Some(their_row)) => {
                rows.push(Value::Object(merge_fields(base_row, our_row, their_row)))
            }
            (None, None) => rows.push(Value::Object(our_row.clone())),
        }
    }
    for key in &theirs.order {
        let added_by_them = !ours.rows.contains_key(key) && !base.rows.contains_key(key);
        if let (true, Some(their_row)) = (added_by_them, theirs.rows.get(key)) {
            rows.push(Value::Object(their_row.clone()));
        }
    }
    let mut top = merge_fields(Some(&base.top), &ours.top, &theirs.top);
    top.insert("prs".to_owned(), Value::Array(rows));
    serde_json::from_value(Value::Object(top))
}

fn merge_fields(base: Option<&Fields>, ours: &Fields, theirs: &Fields) -> Fields {
    let mut merged = Fields::new();
    let keys = ours.keys().chain(theirs.keys().filter(|key| !ours.contains_key(*key)));
    for key in keys {
        let before = base.and_then(|base| base.get(key));
        let their_value = theirs.get(key);
        let chosen = if their_value != before { their_value } else { ours.get(key) };
        if let Some(value) = chosen {
            merged.insert(key.clone(), value.clone());
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PrNumber;

    fn state(json: &str) -> TestingState {
        TestingState::parse(json.as_bytes()).unwrap()
    }

    fn parts(state: &TestingState) -> Parts {
        Parts::of(state).unwrap()
    }

    fn merged(base: &TestingState, ours: &TestingState, theirs: &TestingState) -> TestingState {
        merge(&parts(base), &parts(ours), &parts(theirs)).unwrap()
    }

    fn titles(state: &TestingState) -> Vec<(u64, String)> {
        state.prs.iter().map(|row| (row.pr.get(), row.title.clone())).collect()
    }

    const BASE: &str = r#"{"last_deploy_at": "", "prs": [
        {"pr": 11021, "title": "Fix author merge", "active": true},
        {"pr": 11034, "title": "Add ISBN search", "active": true},
        {"pr": 11047, "title": "Speed up covers", "active": true}
    ], "note": "base"}"#;

    #[test]
    fn their_changed_fields_win_and_ours_survive_elsewhere() {
        let base = state(BASE);
        let mut ours = base.clone();
        ours.prs[0].active = false;
        ours.prs[1].title = "Add ISBN search (ours)".into();
        let mut theirs = base.clone();
        theirs.prs[1].title = "Add ISBN search (theirs)".into();
        theirs.extra.insert("note".into(), "theirs".into());

        let merged = merged(&base, &ours, &theirs);
        assert!(!merged.prs[0].active, "our change to another field is kept");
        assert_eq!(merged.prs[1].title, "Add ISBN search (theirs)");
        assert_eq!(merged.extra["note"], "theirs");
    }

    #[test]
    fn rows_removed_or_added_on_either_side_stay_so() {
        let base = state(BASE);
        let mut ours = base.clone();
        ours.prs.remove(2);
        let mut added = ours.prs[0].clone();
        added.pr = PrNumber::new(11090).unwrap();
        added.title = "Ours".into();
        ours.prs.push(added);
        let mut theirs = base.clone();
        theirs.prs.remove(0);
        let mut added = theirs.prs[0].clone();
        added.pr = PrNumber::new(11095).unwrap();
        added.title = "Theirs".into();
        theirs.prs.push(added);

        let merged = merged(&base, &ours, &theirs);
        let expected = [(11034, "Add ISBN search"), (11090, "Ours"), (11095, "Theirs")];
        let expected: Vec<(u64, String)> =
            expected.iter().map(|(n, t)| (*n, (*t).to_owned())).collect();
        assert_eq!(titles(&merged), expected);
    }

    #[test]
    fn a_field_they_removed_is_removed_and_one_they_added_is_kept() {
        let base = state(r#"[{"pr": 11021, "title": "T", "x_tag": "old"}]"#);
        let ours = base.clone();
        let theirs = state(r#"[{"pr": 11021, "title": "T", "x_new": 1}]"#);
        let merged = merged(&base, &ours, &theirs);
        assert!(!merged.prs[0].extra.contains_key("x_tag"));
        assert_eq!(merged.prs[0].extra["x_new"], 1);
    }

    #[test]
    fn merging_an_unchanged_copy_gives_ours() {
        let base = state(BASE);
        let mut ours = base.clone();
        ours.prs[2].title = "Speed up covers again".into();
        assert_eq!(merged(&base, &ours, &base), ours);
        assert_eq!(merged(&base, &ours, &ours), ours);
    }

    #[test]
    fn the_base_is_the_closest_written_version_and_the_newest_on_ties() {
        let v1 = state(BASE);
        let mut v2 = v1.clone();
        v2.prs[0].title = "two".into();
        let mut v3 = v2.clone();
        v3.prs[1].title = "three".into();
        let mut v4 = v3.clone();
        v4.prs[2].title = "four".into();
        let written: Vec<Parts> = [&v1, &v2, &v3, &v4].into_iter().map(parts).collect();

        // A copy of v2 with one field of its own: 1 field from v2, 2 from v1 and v3, 3 from v4.
        let mut disk = v2.clone();
        disk.extra.insert("legacy".into(), 1.into());
        assert_eq!(closest(&written, &parts(&disk)), Some(1));

        // The same content written twice: the newer one wins the tie.
        let again: Vec<Parts> = [&v1, &v2, &v1].into_iter().map(parts).collect();
        assert_eq!(closest(&again, &parts(&v1)), Some(2));
        assert_eq!(closest(&[], &parts(&disk)), None);
    }

    #[test]
    fn duplicate_rows_merge_by_occurrence() {
        let base = state(r#"[{"pr": 11021, "title": "a"}, {"pr": 11021, "title": "b"}]"#);
        let mut ours = base.clone();
        ours.prs[1].title = "b ours".into();
        let mut theirs = base.clone();
        theirs.prs[0].title = "a theirs".into();
        let merged = merged(&base, &ours, &theirs);
        let expected = vec![(11021, "a theirs".to_owned()), (11021, "b ours".to_owned())];
        assert_eq!(titles(&merged), expected);
    }
}
