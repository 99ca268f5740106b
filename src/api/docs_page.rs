//! The human API documentation page, `GET /api/docs`, and its script, `GET /api/docs.js`.
//!
//! The page renders `/openapi.json` in the browser with no CDN and no request anywhere else.
//! The script lives in a file of its own, not inline, so the page works under a
//! Content-Security-Policy of `script-src 'self'`.

/// `GET /api/docs`: serve as `text/html; charset=utf-8`.
pub const DOCS_HTML: &str = include_str!("docs.html");

/// `GET /api/docs.js`: serve as `text/javascript; charset=utf-8`.
pub const DOCS_JS: &str = include_str!("docs.js");

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the HTML has an attribute such as `onclick=`.
    fn has_event_attribute(html: &str) -> bool {
        html.split(" on").skip(1).any(|rest| {
            let name = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_lowercase()).len();
            name > 0 && rest[name..].starts_with('=')
        })
    }

    #[test]
    fn the_page_loads_its_script_from_this_service_and_runs_none_inline() {
        assert!(DOCS_HTML.contains(r#"<script src="/api/docs.js" defer></script>"#));
        assert_eq!(DOCS_HTML.matches("<script").count(), 1);
        assert!(!has_event_attribute(DOCS_HTML), "inline handlers break a strict CSP");
    }

    #[test]
    fn an_event_attribute_would_be_noticed() {
        assert!(has_event_attribute(r#"<p onclick="x()">"#));
        assert!(!has_event_attribute("<p>based on this</p>"));
    }

    #[test]
    fn neither_file_reaches_another_host() {
        for file in [DOCS_HTML, DOCS_JS] {
            assert!(!file.contains("http://") && !file.contains("https://"));
            assert!(!file.contains("//cdn"));
        }
    }

    #[test]
    fn document_text_never_goes_through_html_parsing() {
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            assert!(!DOCS_JS.contains(sink), "{sink}");
        }
    }

    #[test]
    fn the_script_stays_small() {
        assert!(DOCS_JS.len() < 10 * 1024, "{} bytes", DOCS_JS.len());
    }
}
