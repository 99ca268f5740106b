//! The App manifest sent to GitHub: `app-manifest.yml` with the placeholder host replaced by
//! the address GitHub and browsers reach testbed at.

use serde_json::Value;

use super::SetupError;

const MANIFEST_YAML: &str = include_str!("../../app-manifest.yml");

/// The host `app-manifest.yml` is written with, for people reading it by hand.
const PLACEHOLDER: &str = "https://testing.example.org";

/// The manifest as JSON, pointing at `public_url` (no trailing slash).
pub fn build(public_url: &str) -> Result<Value, SetupError> {
    let public = public_url.trim_end_matches('/');
    let mut manifest: Value = serde_norway::from_str(MANIFEST_YAML)?;
    replace_host(&mut manifest, public);
    // Set outright rather than trusting the replacement: these are the URLs the flow and the
    // service depend on. `redirect_url` is where GitHub sends the browser once the App exists;
    // sign-in keeps `callback_urls`.
    manifest["url"] = Value::String(format!("{public}/status/v2"));
    manifest["hook_attributes"]["url"] = Value::String(format!("{public}/webhook"));
    manifest["redirect_url"] = Value::String(format!("{public}/setup/callback"));
    manifest["callback_urls"] =
        Value::Array(vec![Value::String(format!("{public}/auth/callback"))]);
    Ok(manifest)
}

fn replace_host(value: &mut Value, public: &str) {
    match value {
        Value::String(text) if text.contains(PLACEHOLDER) => {
            *text = text.replace(PLACEHOLDER, public);
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_host(v, public)),
        Value::Object(fields) => fields.values_mut().for_each(|v| replace_host(v, public)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_points_at_the_public_address() {
        let manifest = build("https://testbed.openlibrary.org/").unwrap();
        let text = manifest.to_string();
        assert!(!text.contains("example.org"), "{text}");
        assert_eq!(manifest["hook_attributes"]["url"], "https://testbed.openlibrary.org/webhook");
        assert_eq!(manifest["redirect_url"], "https://testbed.openlibrary.org/setup/callback");
        assert_eq!(manifest["default_permissions"]["issues"], "write");
    }
}
