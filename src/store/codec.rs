//! Reading and writing the state file's JSON, field by field, so that unknown fields, absent
//! fields and `null`s survive a rewrite, and so that a wrong field is reported where it is.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::{FieldMarks, TestingPr, TestingState, field};
use crate::domain::PrNumber;

/// Why bytes are not a state file, with the position serde_json stopped at (1-based line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem} (line {line}, column {column})")]
pub struct ParseError {
    /// What is wrong, as a sentence for a person.
    pub problem: String,
    pub line: usize,
    pub column: usize,
}

impl ParseError {
    pub(super) fn from_json(err: &serde_json::Error, bytes: &[u8]) -> Self {
        let detail = err.to_string();
        let position = format!(" at line {} column {}", err.line(), err.column());
        let detail = detail.strip_suffix(&position).unwrap_or(&detail);
        let problem = if bytes.iter().all(u8::is_ascii_whitespace) {
            "the file is empty".to_owned()
        } else {
            match err.classify() {
                serde_json::error::Category::Eof => {
                    "the JSON text ends too early; the file looks truncated".to_owned()
                }
                serde_json::error::Category::Data => {
                    format!("it is JSON but not a testing set: {detail}")
                }
                _ => format!("it is not valid JSON: {detail}"),
            }
        };
        Self { problem, line: err.line().max(1), column: err.column() }
    }
}

fn text<E: de::Error>(
    key: &str,
    value: Value,
    marks: &mut FieldMarks,
    bit: u16,
) -> Result<String, E> {
    marks.absent &= !bit;
    marks.null &= !bit;
    match value {
        Value::String(text) => Ok(text),
        // An old writer may have stored "no value" as null; keep it readable and null.
        Value::Null => {
            marks.null |= bit;
            Ok(String::new())
        }
        other => Err(E::custom(format!("`{key}` must be text, found {other}"))),
    }
}

fn boolean<E: de::Error>(key: &str, value: Value) -> Result<bool, E> {
    value
        .as_bool()
        .ok_or_else(|| E::custom(format!("`{key}` must be true or false, found {value}")))
}

fn pr_number<E: de::Error>(value: &Value) -> Result<PrNumber, E> {
    value
        .as_u64()
        .and_then(|number| PrNumber::new(number).ok())
        .ok_or_else(|| E::custom(format!("`pr` must be a positive whole number, found {value}")))
}

impl<'de> Deserialize<'de> for TestingPr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PrVisitor)
    }
}

struct PrVisitor;

impl<'de> Visitor<'de> for PrVisitor {
    type Value = TestingPr;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a PR object such as {\"pr\": 11021, \"commit\": \"…\", …}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TestingPr, A::Error> {
        let mut number = None;
        // Fields are collected before `pr` is known, so they go into a placeholder row.
        let mut row = TestingPr::bare(PrNumber::new(1).map_err(de::Error::custom)?);
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            let marks = &mut row.marks;
            match key.as_str() {
                "pr" => number = Some(pr_number(&value)?),
                "commit" => row.commit = text(&key, value, marks, field::COMMIT)?,
                "active" => {
                    row.active = boolean(&key, value)?;
                    marks.absent &= !field::ACTIVE;
                }
                "title" => row.title = text(&key, value, marks, field::TITLE)?,
                "added_at" => row.added_at = text(&key, value, marks, field::ADDED_AT)?,
                "added_by" => row.added_by = text(&key, value, marks, field::ADDED_BY)?,
                "pull_latest_sha" => {
                    row.pull_latest_sha = text(&key, value, marks, field::PULL_LATEST_SHA)?
                }
                "pending_active" => {
                    row.pending_active = match value {
                        Value::Null => None,
                        other => Some(boolean(&key, other)?),
                    };
                    marks.absent &= !field::PENDING_ACTIVE;
                }
                "author" => row.author = text(&key, value, marks, field::AUTHOR)?,
                "author_avatar" => {
                    row.author_avatar = text(&key, value, marks, field::AUTHOR_AVATAR)?
                }
                "assignee" => row.assignee = text(&key, value, marks, field::ASSIGNEE)?,
                "assignee_avatar" => {
                    row.assignee_avatar = text(&key, value, marks, field::ASSIGNEE_AVATAR)?
                }
                _ => {
                    // Python keeps the last of repeated keys, at the first one's place.
                    row.extra.insert(key, value);
                }
            }
        }
        row.pr = number.ok_or_else(|| de::Error::custom("a PR entry has no `pr` number"))?;
        Ok(row)
    }
}

impl<'de> Deserialize<'de> for TestingState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StateVisitor)
    }
}

struct StateVisitor;

impl<'de> Visitor<'de> for StateVisitor {
    type Value = TestingState;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of PRs, or an object with a `prs` list")
    }

    /// The oldest format: a bare list of PRs and nothing else.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TestingState, A::Error> {
        let mut state = TestingState::default();
        state.marks.absent = field::DEPLOY_STARTED_AT | field::DEPLOYED;
        while let Some(row) = seq.next_element()? {
            state.prs.push(row);
        }
        Ok(state)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TestingState, A::Error> {
        let mut state = TestingState::default();
        let mut prs = None;
        state.marks.absent = field::LAST_DEPLOY_AT | field::DEPLOY_STARTED_AT | field::DEPLOYED;
        while let Some(key) = map.next_key::<String>()? {
            let marks = &mut state.marks;
            match key.as_str() {
                "prs" => prs = Some(map.next_value::<PrList>()?.0),
                "last_deploy_at" => {
                    state.last_deploy_at =
                        text(&key, map.next_value()?, marks, field::LAST_DEPLOY_AT)?
                }
                "deploy_started_at" => {
                    state.deploy_started_at =
                        text(&key, map.next_value()?, marks, field::DEPLOY_STARTED_AT)?
                }
                "deployed" => {
                    marks.absent &= !field::DEPLOYED;
                    marks.null &= !field::DEPLOYED;
                    match map.next_value::<Option<IndexMap<String, String>>>()? {
                        Some(deployed) => state.deployed = deployed,
                        None => {
                            marks.null |= field::DEPLOYED;
                            state.deployed.clear();
                        }
                    }
                }
                _ => {
                    let value: Value = map.next_value()?;
                    state.extra.insert(key, value);
                }
            }
        }
        state.prs = prs.ok_or_else(|| de::Error::custom("the object has no `prs` list"))?;
        Ok(state)
    }
}

/// The `prs` list, named in the error when it is something else.
struct PrList(Vec<TestingPr>);

impl<'de> Deserialize<'de> for PrList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = PrList;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`prs` to be a list of PR objects")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PrList, A::Error> {
                let mut prs = Vec::new();
                while let Some(row) = seq.next_element()? {
                    prs.push(row);
                }
                Ok(PrList(prs))
            }
        }
        deserializer.deserialize_seq(ListVisitor)
    }
}

/// Writes a text field unless it was absent (or null) when read and still holds no text.
fn put_text<M: SerializeMap>(
    map: &mut M,
    marks: FieldMarks,
    bit: u16,
    key: &str,
    value: &str,
) -> Result<(), M::Error> {
    if value.is_empty() {
        if marks.is_absent(bit) {
            return Ok(());
        }
        if marks.is_null(bit) {
            return map.serialize_entry(key, &Value::Null);
        }
    }
    map.serialize_entry(key, value)
}

impl Serialize for TestingPr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let marks = self.marks;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("pr", &self.pr)?;
        put_text(&mut map, marks, field::COMMIT, "commit", &self.commit)?;
        if !(marks.is_absent(field::ACTIVE) && self.active) {
            map.serialize_entry("active", &self.active)?;
        }
        put_text(&mut map, marks, field::TITLE, "title", &self.title)?;
        put_text(&mut map, marks, field::ADDED_AT, "added_at", &self.added_at)?;
        put_text(&mut map, marks, field::ADDED_BY, "added_by", &self.added_by)?;
        let staged = &self.pull_latest_sha;
        put_text(&mut map, marks, field::PULL_LATEST_SHA, "pull_latest_sha", staged)?;
        if !(marks.is_absent(field::PENDING_ACTIVE) && self.pending_active.is_none()) {
            map.serialize_entry("pending_active", &self.pending_active)?;
        }
        put_text(&mut map, marks, field::AUTHOR, "author", &self.author)?;
        put_text(&mut map, marks, field::AUTHOR_AVATAR, "author_avatar", &self.author_avatar)?;
        put_text(&mut map, marks, field::ASSIGNEE, "assignee", &self.assignee)?;
        let avatar = &self.assignee_avatar;
        put_text(&mut map, marks, field::ASSIGNEE_AVATAR, "assignee_avatar", avatar)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for TestingState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let marks = self.marks;
        let mut map = serializer.serialize_map(None)?;
        // The object form always carries `last_deploy_at`: the oldest readers of the object
        // form expect it, so a bare list gains it when rewritten.
        let last_deploy_at = &self.last_deploy_at;
        if marks.is_null(field::LAST_DEPLOY_AT) && last_deploy_at.is_empty() {
            map.serialize_entry("last_deploy_at", &Value::Null)?;
        } else {
            map.serialize_entry("last_deploy_at", last_deploy_at)?;
        }
        map.serialize_entry("prs", &self.prs)?;
        let started = &self.deploy_started_at;
        put_text(&mut map, marks, field::DEPLOY_STARTED_AT, "deploy_started_at", started)?;
        if !self.deployed.is_empty() || !marks.is_absent(field::DEPLOYED) {
            if self.deployed.is_empty() && marks.is_null(field::DEPLOYED) {
                map.serialize_entry("deployed", &Value::Null)?;
            } else {
                map.serialize_entry("deployed", &self.deployed)?;
            }
        }
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
