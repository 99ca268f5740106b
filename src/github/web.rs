//! The HTTP client for GitHub's web endpoints that octocrab does not cover (the OAuth code
//! exchange, the App manifest conversion).

use std::time::Duration;

/// A client that never follows redirects: these answers are never redirects, and following
/// one could send a single-use code on to another host.
pub fn web_client(timeout: Duration) -> reqwest::Result<reqwest::Client> {
    crate::jenkins::install_tls_provider();
    reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("testbed/", env!("CARGO_PKG_VERSION")))
        .build()
}
