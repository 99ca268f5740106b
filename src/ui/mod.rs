//! The dashboard at `/status/v2`: a page that carries the current snapshot, and the Lit bundle
//! built from `src/ui/web/` into `src/ui/dist/` (committed, so running testbed needs no Node.js).

use std::sync::OnceLock;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;

use crate::api::AppState;

/// The bundle `npm run build` writes; CI rebuilds it and fails if it differs.
const BUNDLE: &[u8] = include_bytes!("dist/dashboard.js");

/// The page's own path; `/` sends browsers here.
pub const PAGE_PATH: &str = "/status/v2";

/// The bundle's address carries its hash, so browsers may keep it for good and still get a new
/// one the moment testbed is upgraded.
fn bundle_path() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let digest = Sha256::digest(BUNDLE);
        format!("{PAGE_PATH}/dashboard.js?v={}", &hex::encode(digest)[..12])
    })
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(PAGE_PATH, get(page))
        .route(&format!("{PAGE_PATH}/dashboard.js"), get(bundle))
        .layer(CompressionLayer::new())
}

async fn bundle() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        BUNDLE,
    )
        .into_response()
}

/// The page with the snapshot and the viewer inside, so the first paint needs no request of
/// its own. Someone who may not read the testing set gets the page with a sign-in prompt.
async fn page(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let viewer = app.auth.me(&headers).await.ok();
    let (snapshot, refused) = match app.auth.require_reader(&headers).await {
        Ok(_) => (Some(app.live.current()), None),
        Err(refused) => (None, Some(refused.to_string())),
    };
    let title = snapshot
        .as_ref()
        .map(|published| format!("Testing deploy · {}", published.snapshot.repo))
        .unwrap_or_else(|| "Testing deploy".to_owned());
    let mut initial = serde_json::to_vec(&json!({ "viewer": viewer, "refused": refused }))
        .unwrap_or_else(|_| b"{}".to_vec());
    if let Some(published) = &snapshot {
        // Splice the published bytes in rather than serialising the snapshot again.
        initial.pop();
        initial.extend_from_slice(b",\"snapshot\":");
        initial.extend_from_slice(&published.json);
        initial.push(b'}');
    }
    let body = render_page(&title, &initial);
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    // The page holds who is signed in: never share it, always ask again.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn render_page(title: &str, initial_json: &[u8]) -> String {
    let mut page = String::with_capacity(initial_json.len() + 1024);
    page.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<title>");
    push_escaped_text(&mut page, title);
    page.push_str("</title>\n<style>");
    page.push_str(PAGE_STYLE);
    page.push_str("</style>\n<script type=\"module\" src=\"");
    page.push_str(bundle_path());
    page.push_str("\"></script>\n</head>\n<body>\n<tb-dashboard></tb-dashboard>\n");
    page.push_str("<script type=\"application/json\" id=\"tb-initial\">");
    push_script_data(&mut page, initial_json);
    page.push_str("</script>\n</body>\n</html>\n");
    page
}

/// The body's look before the bundle runs, so nothing jumps when it does.
const PAGE_STYLE: &str = "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',\
    Roboto,sans-serif;color:#1f2328;background:#f6f8fa}";

fn push_escaped_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
}

/// JSON inside a script element: a `<` in any string (a PR titled `</script>…`) could end the
/// element early, so every `<` becomes its JSON escape, which parses to the same text.
fn push_script_data(out: &mut String, json: &[u8]) {
    let text = String::from_utf8_lossy(json);
    out.push_str(&text.replace('<', "\\u003c"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_close_the_data_element() {
        let json = br#"{"title":"</script><img src=x onerror=alert(1)>"}"#;
        let page = render_page("t", json);
        let data = page.split("id=\"tb-initial\">").nth(1).unwrap();
        let data = data.split("</script>").next().unwrap();
        let parsed: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(parsed["title"], "</script><img src=x onerror=alert(1)>");
    }

    #[test]
    fn the_page_names_the_bundle_by_its_hash() {
        let page = render_page("Testing deploy · a/b", b"{}");
        assert!(page.contains(bundle_path()));
        assert!(page.contains("<title>Testing deploy · a/b</title>"));
    }
}
