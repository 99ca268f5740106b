//! A strict reader of Prometheus' text exposition format (version 0.0.4): enough to check that
//! `/metrics` is well formed and to read its samples.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

/// One sample: the metric name with its labels, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

#[derive(Debug, Default)]
pub struct Exposition {
    /// Family name → declared type.
    pub types: HashMap<String, String>,
    pub samples: Vec<Sample>,
}

impl Exposition {
    /// Parses the text, panicking with the offending line on anything malformed.
    pub fn parse(text: &str) -> Self {
        let mut exposition = Exposition::default();
        for line in text.lines() {
            if line.is_empty() || line == "# EOF" {
                continue;
            }
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').unwrap_or_else(|| panic!("bad: {line}"));
                let known = ["counter", "gauge", "histogram", "summary", "untyped"];
                assert!(known.contains(&kind), "unknown type in {line}");
                exposition.types.insert(name.to_owned(), kind.to_owned());
                continue;
            }
            if line.starts_with("# HELP ") || line.starts_with('#') {
                continue;
            }
            let sample = parse_sample(line);
            let family = exposition.family_of(&sample.name);
            assert!(family.is_some(), "sample without a # TYPE line: {line}");
            exposition.samples.push(sample);
        }
        exposition
    }

    fn family_of(&self, name: &str) -> Option<&str> {
        let suffixes = ["", "_total", "_bucket", "_sum", "_count", "_created"];
        suffixes.iter().find_map(|suffix| {
            let base = name.strip_suffix(suffix)?;
            self.types.get_key_value(base).map(|(key, _)| key.as_str())
        })
    }

    /// The value of the sample `name` whose labels include `labels`, summed over the rest;
    /// 0 when there is none (a counter never incremented has no series yet).
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.samples
            .iter()
            .filter(|s| s.name == name)
            .filter(|s| labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(v)))
            .map(|s| s.value)
            .sum()
    }

    pub fn has(&self, name: &str) -> bool {
        self.samples.iter().any(|s| s.name == name)
    }
}

fn parse_sample(line: &str) -> Sample {
    let name_end = line.find(['{', ' ']).unwrap_or_else(|| malformed(line));
    let name = &line[..name_end];
    let valid_name = name.chars().enumerate().all(|(i, c)| {
        c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit())
    });
    assert!(!name.is_empty() && valid_name, "bad metric name in {line:?}");
    let mut rest = &line[name_end..];
    let mut labels = BTreeMap::new();
    if let Some(after) = rest.strip_prefix('{') {
        let close = after.find('}').unwrap_or_else(|| malformed(line));
        for pair in after[..close].split(',').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or_else(|| malformed(line));
            let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
            labels.insert(key.to_owned(), value.unwrap_or_else(|| malformed(line)).to_owned());
        }
        rest = &after[close + 1..];
    }
    let mut fields = rest.split_whitespace();
    let value = fields.next().unwrap_or_else(|| malformed(line));
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        other => other.parse().unwrap_or_else(|_| malformed(line)),
    };
    // An optional timestamp, in milliseconds.
    if let Some(timestamp) = fields.next() {
        timestamp.parse::<i64>().unwrap_or_else(|_| malformed(line));
    }
    assert!(fields.next().is_none(), "trailing text in {line:?}");
    Sample { name: name.to_owned(), labels, value }
}

fn malformed<T>(line: &str) -> T {
    panic!("malformed sample line: {line:?}")
}
