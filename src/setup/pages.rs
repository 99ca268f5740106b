//! The setup pages: small, self-contained HTML, no script (the CSP allows none inline).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Escapes text for HTML bodies and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;\
padding:0 1em;color:#1f2328}button{font:inherit;padding:.5em 1.2em;border-radius:6px;\
border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer}code{background:#f6f8fa;\
padding:.1em .3em;border-radius:4px}.error{color:#cf222e}";

/// A whole page around `body` (already HTML). `form_target` is the only place a form on it may
/// post to.
pub fn page(status: StatusCode, title: &str, body: &str, form_target: Option<&str>) -> Response {
    let html = format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{title} · testbed</title><style>{STYLE}</style></head>\
         <body><h1>{title}</h1>{body}</body></html>",
        title = escape(title),
    );
    let form_action = form_target.map_or_else(|| "'none'".to_owned(), origin);
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; form-action {form_action}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// `scheme://host[:port]` of a URL, for the CSP; the URL itself when it does not parse.
fn origin(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => parsed.origin().ascii_serialization(),
        Err(_) => "'none'".to_owned(),
    }
}

/// A page saying what went wrong, with a way back to the start.
pub fn error(status: StatusCode, title: &str, message: &str) -> Response {
    let body =
        format!("<p class=error>{}</p><p><a href=\"/setup\">Start again</a></p>", escape(message));
    page(status, title, &body, None)
}
