//! The browser's side of things: cookies, the same-origin proof a cookie-authenticated write
//! must carry, and where a sign-in may send the browser afterwards.

use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, header};
use reqwest::Url;

/// The session id. HttpOnly: no script on the page can read it.
pub(crate) const SESSION_COOKIE: &str = "testbed_session";

/// Binds a sign-in's `state` to the browser that started it, so that a callback opened in
/// another browser (a forged link) fails.
pub(crate) const STATE_COOKIE: &str = "testbed_oauth_state";

/// Where a sign-in lands when it was given nowhere (or nowhere acceptable) to go.
pub(crate) const DEFAULT_NEXT: &str = "/status/v2";

/// Every value of the cookie `name` (a browser may send the same name twice, from different
/// paths or domains).
pub(crate) fn cookies<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(move |pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k.trim() == name).then(|| v.trim())
        })
}

/// `Set-Cookie` for a value we generated (hex: nothing to escape).
pub(crate) fn set_cookie(
    name: &str,
    value: &str,
    path: &str,
    max_age: Duration,
    secure: bool,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{name}={value}; Path={path}; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        max_age.as_secs()
    );
    // Made only of names, hex and digits; the fallback is never taken.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub(crate) fn clear_cookie(name: &str, path: &str, secure: bool) -> HeaderValue {
    set_cookie(name, "", path, Duration::ZERO, secure)
}

/// `scheme://host[:port]` of a URL, as browsers write it in `Origin`.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let origin = Url::parse(url).ok()?.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// How sure we must be that a write came from our own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Proof {
    /// A cookie session: the browser must show it (`Origin`, or `Sec-Fetch-Site`).
    Required,
    /// Demo mode, where tools without a browser write too: only a browser's own statement
    /// that the request is cross-site refuses it.
    RefuseCrossSite,
}

/// Whether the request came from the service's own origin: `own` when configured, else the
/// origin the request's `Host` names.
pub(crate) fn same_origin(headers: &HeaderMap, own: Option<&str>, proof: Proof) -> bool {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if let Some(origin) = text(header::ORIGIN) {
        // `Origin: null` (sandboxed frames, some redirects) fails here: it parses as no origin.
        let Some(origin) = origin_of(origin) else {
            return false;
        };
        let expected = match own {
            Some(own) => Some(own.to_owned()),
            None => text(header::HOST).and_then(|host| {
                let scheme = origin.split_once("://").map_or("http", |(s, _)| s);
                origin_of(&format!("{scheme}://{host}"))
            }),
        };
        return expected.is_some_and(|expected| expected.eq_ignore_ascii_case(&origin));
    }
    match (text(header::HeaderName::from_static("sec-fetch-site")), proof) {
        (Some(site), _) if site.eq_ignore_ascii_case("same-origin") => true,
        (_, Proof::Required) => false,
        (Some(site), Proof::RefuseCrossSite) => {
            !(site.eq_ignore_ascii_case("cross-site") || site.eq_ignore_ascii_case("same-site"))
        }
        (None, Proof::RefuseCrossSite) => true,
    }
}

/// `next` if it is a path on this site, else the default. Never an absolute URL, nor what a
/// browser would read as one (`//host`, `/\host`, control characters).
pub(crate) fn safe_next(next: Option<&str>) -> String {
    let Some(next) = next.filter(|n| !n.is_empty() && n.len() <= 2048) else {
        return DEFAULT_NEXT.to_owned();
    };
    let shaped = next.is_ascii()
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    // Resolving it against a stand-in origin must keep that origin.
    let stays = Url::parse("http://testbed.invalid")
        .and_then(|base| base.join(next))
        .is_ok_and(|url| url.host_str() == Some("testbed.invalid"));
    if shaped && stays { next.to_owned() } else { DEFAULT_NEXT.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn cookies_are_found_among_others() {
        let h = headers(&[
            ("cookie", "a=1; testbed_session=abc ; b=2"),
            ("cookie", "testbed_session=def"),
        ]);
        assert_eq!(cookies(&h, SESSION_COOKIE).collect::<Vec<_>>(), ["abc", "def"]);
        let set = set_cookie(SESSION_COOKIE, "abc", "/", Duration::from_secs(60), true);
        assert_eq!(set, "testbed_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
    }

    #[test]
    fn the_origin_must_be_our_own() {
        let own = Some("https://testing.openlibrary.org");
        let ok = |pairs: &[(&'static str, &str)], own| {
            same_origin(&headers(pairs), own, Proof::Required)
        };
        assert!(ok(&[("origin", "https://testing.openlibrary.org")], own));
        assert!(ok(&[("origin", "https://Testing.OpenLibrary.org:443")], own));
        assert!(!ok(&[("origin", "https://evil.example")], own));
        assert!(!ok(&[("origin", "http://testing.openlibrary.org")], own));
        assert!(!ok(&[("origin", "null")], own));
        assert!(ok(&[("sec-fetch-site", "same-origin")], own));
        assert!(!ok(&[("sec-fetch-site", "same-site")], own));
        assert!(!ok(&[], own), "no proof at all");
        let host = [("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")];
        assert!(ok(&host, None));
        assert!(!ok(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:9999")], None));

        let lenient = |pairs: &[(&'static str, &str)]| {
            same_origin(&headers(pairs), None, Proof::RefuseCrossSite)
        };
        assert!(lenient(&[]));
        assert!(!lenient(&[("sec-fetch-site", "cross-site")]));
        assert!(!lenient(&[("host", "127.0.0.1:8080"), ("origin", "https://evil.example")]));
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/status/v2?x=1#rows")), "/status/v2?x=1#rows");
        for bad in ["https://evil.example", "//evil.example", "/\\evil.example", "evil", "/\tx", ""]
        {
            assert_eq!(safe_next(Some(bad)), DEFAULT_NEXT, "{bad:?}");
        }
        assert_eq!(safe_next(None), DEFAULT_NEXT);
    }
}
