//! Feature flags, read from the file `TESTBED_FLAGS_FILE` names: YAML or JSON with a top-level
//! `features` map. The service only shows them; what a flag means is Open Library's business,
//! so a value may be anything and other top-level keys are left alone.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The feature flags, in the order the file lists them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, ToSchema)]
pub struct FeatureFlags {
    /// Flag name to value: true or false, a string, a number, or a nested structure.
    #[schema(value_type = std::collections::HashMap<String, Value>)]
    pub features: IndexMap<String, Value>,
}

/// Why the feature flags could not be read. Each message names the file and, where the parser
/// knows it, the line and column, so the person who edited the file can fix it.
#[derive(Debug, thiserror::Error)]
pub enum FlagsError {
    #[error("the feature flags file {} does not exist", path.display())]
    Missing { path: PathBuf },
    #[error("could not read the feature flags file {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("the feature flags file {} is not valid JSON: {message}", path.display())]
    Json { path: PathBuf, message: String, line: Option<usize>, column: Option<usize> },
    #[error("the feature flags file {} is not valid YAML: {message}", path.display())]
    Yaml { path: PathBuf, message: String, line: Option<usize>, column: Option<usize> },
    #[error("the feature flags file {} holds {found}, not a mapping with a `features` key",
        path.display())]
    NotAMapping { path: PathBuf, found: &'static str },
    #[error("the feature flags file {} has no top-level `features` key", path.display())]
    NoFeatures { path: PathBuf },
    #[error("`features` in {} must map flag names to values, but it holds {found}",
        path.display())]
    FeaturesNotAMap { path: PathBuf, found: &'static str },
}

/// Reads the flags. JSON or YAML is chosen by the extension (`.json`, `.yaml`, `.yml`); any
/// other name is tried as JSON, then as YAML.
pub fn load(path: &Path) -> Result<FeatureFlags, FlagsError> {
    let text = std::fs::read_to_string(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => FlagsError::Missing { path: path.to_owned() },
        _ => FlagsError::Read { path: path.to_owned(), source },
    })?;
    let extension = path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase);
    let document = match extension.as_deref() {
        Some("json") => parse_json(path, &text)?,
        Some("yaml" | "yml") => parse_yaml(path, &text)?,
        // YAML would read a broken JSON file as something (`{"a": }` is valid YAML), so a
        // file that starts like JSON gets JSON's error rather than a surprising success.
        _ => match parse_json(path, &text) {
            Ok(document) => document,
            Err(json_error) if looks_like_json(&text) => return Err(json_error),
            Err(_) => parse_yaml(path, &text)?,
        },
    };
    from_document(path, document)
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

fn parse_json(path: &Path, text: &str) -> Result<Value, FlagsError> {
    serde_json::from_str(text).map_err(|error| {
        // serde_json says line 0 when the error has no position (an I/O error, say).
        let (line, column) = match error.line() {
            0 => (None, None),
            line => (Some(line), Some(error.column())),
        };
        FlagsError::Json {
            path: path.to_owned(),
            message: described(&error, line, column),
            line,
            column,
        }
    })
}

fn parse_yaml(path: &Path, text: &str) -> Result<Value, FlagsError> {
    serde_norway::from_str(text).map_err(|error| {
        let location = error.location();
        let line = location.as_ref().map(|at| at.line());
        let column = location.as_ref().map(|at| at.column());
        FlagsError::Yaml {
            path: path.to_owned(),
            message: described(&error, line, column),
            line,
            column,
        }
    })
}

/// The parser's message with its position said once, as `(line L, column C)`. Both parsers end
/// a message with ` at line L column C`; a message whose tail names another place (libyaml's
/// "while parsing a flow mapping at …") is kept whole, since that place helps too.
fn described(error: &dyn fmt::Display, line: Option<usize>, column: Option<usize>) -> String {
    let message = error.to_string();
    let (Some(line), Some(column)) = (line, column) else {
        return message;
    };
    match message.strip_suffix(&format!(" at line {line} column {column}")) {
        Some(base) => format!("{base} (line {line}, column {column})"),
        None if message.contains(" at line ") => message,
        None => format!("{message} (line {line}, column {column})"),
    }
}

fn from_document(path: &Path, document: Value) -> Result<FeatureFlags, FlagsError> {
    let mut top = match document {
        Value::Object(top) => top,
        // An empty YAML file is a null document: it has no keys at all.
        Value::Null => {
            return Err(FlagsError::NoFeatures { path: path.to_owned() });
        }
        other => {
            return Err(FlagsError::NotAMapping { path: path.to_owned(), found: kind(&other) });
        }
    };
    match top.remove("features") {
        None => Err(FlagsError::NoFeatures { path: path.to_owned() }),
        Some(Value::Object(features)) => {
            Ok(FeatureFlags { features: features.into_iter().collect() })
        }
        // `features:` with every flag commented out is an empty map, not a mistake.
        Some(Value::Null) => Ok(FeatureFlags::default()),
        Some(other) => {
            Err(FlagsError::FeaturesNotAMap { path: path.to_owned(), found: kind(&other) })
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(yaml: &str) -> Result<FeatureFlags, FlagsError> {
        let document = parse_yaml(Path::new("flags.yml"), yaml)?;
        from_document(Path::new("flags.yml"), document)
    }

    #[test]
    fn flags_keep_the_order_of_the_file() {
        let names: Vec<String> = flags("features:\n  zebra: true\n  alpha: false\n  mid: 3\n")
            .unwrap()
            .features
            .into_keys()
            .collect();
        assert_eq!(names, ["zebra", "alpha", "mid"]);
    }

    #[test]
    fn a_features_key_with_every_flag_commented_out_is_empty() {
        assert_eq!(flags("features:\n  # lists: true\n").unwrap(), FeatureFlags::default());
    }

    #[test]
    fn an_empty_file_has_no_features_key() {
        assert!(matches!(flags(""), Err(FlagsError::NoFeatures { .. })));
    }

    #[test]
    fn a_top_level_list_is_refused_in_words() {
        let error = flags("- features\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the feature flags file flags.yml holds a list, not a mapping with a `features` key"
        );
    }

    #[test]
    fn the_parser_position_is_said_once() {
        let error = parse_json(Path::new("f.json"), "{\n  \"features\": {,}\n}").unwrap_err();
        let text = error.to_string();
        assert!(text.ends_with("(line 2, column 16)"), "{text}");
        assert!(!text.contains(" at line "), "{text}");
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/flags").join(name)
    }

    /// Writes `text` to a file called `name` in a fresh folder; the folder lives as long as
    /// the returned guard.
    fn written(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn open_library_yaml_flags_load_with_nested_values() {
        let flags = load(&fixture("openlibrary.yml")).unwrap();
        assert_eq!(flags.features["lists"], "enabled");
        assert_eq!(flags.features["merge-authors"]["usergroup"], "/usergroup/librarians");
        assert_eq!(flags.features["yrg_banner_pct"], 10);
        assert_eq!(flags.features["superfast"], true);
        assert!(!flags.features.contains_key("site"), "other top-level keys are not flags");
        assert_eq!(
            flags.features.first().map(|(name, _)| name.as_str()),
            Some("cache_most_recent")
        );
    }

    #[test]
    fn json_flags_load_like_yaml_ones() {
        let flags = load(&fixture("features.json")).unwrap();
        assert_eq!(flags.features["merge-authors"]["filter"], "usergroup");
        assert_eq!(flags.features["home-v2"], false);
        assert_eq!(flags.features.len(), 9);
    }

    #[test]
    fn a_file_without_a_known_extension_is_tried_as_json_then_yaml() {
        let (_dir, json) = written("flags.conf", r#"{"features": {"lists": "admin"}}"#);
        assert_eq!(load(&json).unwrap().features["lists"], "admin");
        let (_dir, yaml) = written("flags", "features:\n  lists: admin\n");
        assert_eq!(load(&yaml).unwrap().features["lists"], "admin");
    }

    #[test]
    fn flags_serialise_as_a_features_map() {
        let flags = load(&fixture("features.json")).unwrap();
        let json = serde_json::to_value(&flags).unwrap();
        assert_eq!(json["features"]["superfast"], true);
    }

    #[test]
    fn a_missing_file_says_it_does_not_exist() {
        let path = fixture("no-such-flags.yml");
        let error = load(&path).unwrap_err();
        assert!(matches!(error, FlagsError::Missing { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!("the feature flags file {} does not exist", path.display())
        );
    }

    #[test]
    fn malformed_yaml_names_the_file_line_and_column() {
        let (_dir, path) = written("flags.yml", "features:\n  lists: enabled\n   undo: [x\n");
        let error = load(&path).unwrap_err();
        let FlagsError::Yaml { line, column, .. } = &error else { panic!("{error:?}") };
        assert_eq!((*line, column.is_some()), (Some(3), true), "{error}");
        let text = error.to_string();
        assert!(text.starts_with("the feature flags file "), "{text}");
        assert!(text.contains("flags.yml is not valid YAML: "), "{text}");
        assert!(text.contains("(line 3, column "), "{text}");
    }

    #[test]
    fn malformed_json_names_the_file_line_and_column() {
        let (_dir, path) = written("flags.json", "{\n  \"features\": {\n    \"lists\": enabled\n");
        let error = load(&path).unwrap_err();
        let FlagsError::Json { line, column, .. } = &error else { panic!("{error:?}") };
        assert_eq!((*line, *column), (Some(3), Some(14)), "{error}");
        assert!(error.to_string().contains("flags.json is not valid JSON: "), "{error}");
    }

    #[test]
    fn malformed_json_without_an_extension_reports_the_json_error() {
        let (_dir, path) = written("flags", "{\"features\": {\"lists\": }}");
        let error = load(&path).unwrap_err();
        assert!(matches!(error, FlagsError::Json { .. }), "{error:?}");
    }

    #[test]
    fn a_file_without_a_features_key_is_refused() {
        let (_dir, path) = written("flags.yml", "site: testing.openlibrary.org\n");
        let error = load(&path).unwrap_err();
        assert!(matches!(error, FlagsError::NoFeatures { .. }), "{error:?}");
        assert!(error.to_string().ends_with("has no top-level `features` key"), "{error}");
    }

    #[test]
    fn features_that_are_not_a_map_are_refused() {
        let (_dir, path) = written("flags.json", r#"{"features": ["lists", "undo"]}"#);
        let error = load(&path).unwrap_err();
        assert!(matches!(error, FlagsError::FeaturesNotAMap { .. }), "{error:?}");
        assert!(error.to_string().ends_with("must map flag names to values, but it holds a list"));
        let (_dir, path) = written("flags.yml", "features: enabled\n");
        assert!(matches!(load(&path), Err(FlagsError::FeaturesNotAMap { found: "a string", .. })));
    }

    #[test]
    fn an_unreadable_path_is_a_read_error() {
        let dir = tempfile::tempdir().unwrap();
        let error = load(dir.path()).unwrap_err();
        assert!(matches!(error, FlagsError::Read { .. }), "{error:?}");
    }
}
