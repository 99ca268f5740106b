//! Every historical format of the state file survives a rewrite by testbed, and a file written
//! by Python's `json.dump(indent=2)` is written back byte for byte.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use testbed::domain::PrNumber;
use testbed::store::{Store, TestingState};

const FIXTURES: [&str; 3] = ["bare-list.json", "deploy-time.json", "full-non-ascii.json"];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/state").join(name)
}

/// A copy of a fixture as the state file of a fresh folder.
fn state_file_from(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("_testing-prs.json");
    fs::copy(fixture(name), &path).unwrap();
    (dir, path)
}

/// The JSON text of a value, keys in their order, to compare order as well as content.
fn ordered(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

fn rename_first_pr(state: &mut TestingState) {
    state.prs[0].title = "Fix author merge for redirected works (v2)".into();
}

#[test]
fn every_format_keeps_unknown_fields_and_its_shape_through_an_update() {
    for name in FIXTURES {
        let (_dir, path) = state_file_from(name);
        let before: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();

        Store::new(&path).update(rename_first_pr).unwrap();

        let after: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let mut expected = match before {
            // The oldest format is written as the object form with the fields it had then.
            Value::Array(prs) => serde_json::json!({"last_deploy_at": "", "prs": prs}),
            object => object,
        };
        expected["prs"][0]["title"] = "Fix author merge for redirected works (v2)".into();
        assert_eq!(ordered(&after), ordered(&expected), "{name}");
    }
}

#[test]
fn an_update_that_changes_nothing_does_not_rewrite_the_file() {
    for name in FIXTURES {
        let (_dir, path) = state_file_from(name);
        let store = Store::new(&path);
        let before = store.fingerprint();
        let ((), state) = store.update(|_| ()).unwrap();
        assert_eq!(store.fingerprint(), before, "{name}");
        assert_eq!(fs::read(&path).unwrap(), fs::read(fixture(name)).unwrap());
        assert_eq!(state, store.load().unwrap());
    }
}

#[test]
fn non_ascii_titles_are_read_and_written_escaped_as_python_does() {
    let (_dir, path) = state_file_from("full-non-ascii.json");
    let store = Store::new(&path);
    let state = store.load().unwrap();
    let row = state.find(PrNumber::new(11417).unwrap()).unwrap();
    let title = "Render CJK titles (日本語の書名) and emoji 📚 in search snippets";
    assert_eq!(row.title, title);

    store.update(rename_first_pr).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.is_ascii());
    assert!(text.contains(r"(\u65e5\u672c\u8a9e\u306e\u66f8\u540d) and emoji \ud83d\udcda"));
    assert_eq!(store.load().unwrap().prs[1].title, row.title);
}

#[test]
fn typed_accessors_read_what_old_files_hold() {
    let state = TestingState::parse(&fs::read(fixture("bare-list.json")).unwrap()).unwrap();
    assert!(state.prs[0].pin().is_some());
    assert_eq!(state.prs[1].pin(), None, "a short SHA is kept but is not a pin");
    assert_eq!(state.prs[1].commit, "356a192");
    assert!(state.prs.iter().all(|row| row.added_at().is_some()));
    assert_eq!(state.last_deploy_at(), None);

    let state = TestingState::parse(&fs::read(fixture("deploy-time.json")).unwrap()).unwrap();
    assert!(state.last_deploy_at().is_some());
    assert_eq!(state.prs[1].staged_active(), Some(false));
    assert!(state.prs[1].staged_pin().is_some());
}

/// Runs `script` with `python3`, passing `args`.
fn python(script: &str, args: &[&Path]) {
    let status = Command::new("python3").arg("-c").arg(script).args(args).status().unwrap();
    assert!(status.success(), "python3 failed");
}

const PYTHON_DUMP: &str = r#"
import json, sys
source, unchanged, changed = sys.argv[1:4]
data = json.load(open(source))
with open(unchanged, "w") as f:
    json.dump(data, f, indent=2)
prs = data["prs"] if isinstance(data, dict) else data
prs[0]["title"] = "Fix author merge for redirected works (v2)"
prs[1]["active"] = not prs[1]["active"]
if isinstance(data, list):
    data = {"last_deploy_at": "", "prs": data}
with open(changed, "w") as f:
    json.dump(data, f, indent=2)
"#;

#[test]
fn a_file_written_by_python_is_written_back_byte_for_byte() {
    for name in FIXTURES {
        let dir = tempfile::tempdir().unwrap();
        let unchanged = dir.path().join("_testing-prs.json");
        let changed = dir.path().join("changed-by-python.json");
        python(PYTHON_DUMP, &[&fixture(name), &unchanged, &changed]);

        let python_bytes = fs::read(&unchanged).unwrap();
        let state = TestingState::parse(&python_bytes).unwrap();
        if name != "bare-list.json" {
            assert_eq!(state.to_json_bytes(), python_bytes, "{name} read and written again");
        }

        Store::new(&unchanged)
            .update(|state| {
                rename_first_pr(state);
                state.prs[1].active = !state.prs[1].active;
            })
            .unwrap();
        let ours = String::from_utf8(fs::read(&unchanged).unwrap()).unwrap();
        let theirs = String::from_utf8(fs::read(&changed).unwrap()).unwrap();
        assert_eq!(ours, theirs, "{name} changed by testbed and by Python");
    }
}
