//! Named bearer tokens for scripts. Only SHA-256 digests are kept, and a presented token is
//! compared with every one of them in constant time, so neither its bytes nor its length can
//! be learnt from how long a refusal takes.

use axum::http::{HeaderMap, header};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::AuthError;

pub(crate) struct Tokens {
    /// (name, digest of the token).
    entries: Vec<(String, [u8; 32])>,
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Tokens {
    pub fn new(tokens: &[(String, SecretString)]) -> Self {
        Self {
            entries: tokens
                .iter()
                .map(|(name, token)| (name.clone(), digest(token.expose_secret())))
                .collect(),
        }
    }

    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|(name, _)| name.as_str()).collect()
    }

    /// The name of the token presented, if it is one of ours.
    pub fn find(&self, presented: &str) -> Option<&str> {
        let presented = digest(presented);
        let mut found = None;
        // No early exit: every entry costs the same whether or not an earlier one matched.
        for (name, expected) in &self.entries {
            if bool::from(expected.ct_eq(&presented)) {
                found = Some(name.as_str());
            }
        }
        found
    }
}

/// The token of an `Authorization: Bearer …` header: `None` without the header, `BadToken`
/// for any other shape (a script that sends credentials must learn they were not taken).
pub(crate) fn bearer(headers: &HeaderMap) -> Result<Option<&str>, AuthError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| AuthError::BadToken)?;
    let (scheme, token) = text.trim().split_once(' ').ok_or(AuthError::BadToken)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(AuthError::BadToken);
    }
    Ok(Some(token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_token_is_known_by_its_name() {
        let tokens = Tokens::new(&[
            ("deploy-script".to_owned(), "0123456789abcdef0123".to_owned().into()),
            ("ci".to_owned(), "fedcba9876543210fedc".to_owned().into()),
        ]);
        assert_eq!(tokens.find("fedcba9876543210fedc"), Some("ci"));
        assert_eq!(tokens.find("fedcba9876543210fed"), None);
        assert_eq!(tokens.find(""), None);
        assert_eq!(tokens.names(), ["deploy-script", "ci"]);
    }

    #[test]
    fn only_bearer_headers_carry_a_token() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer(&headers), Ok(None));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer abc"));
        assert_eq!(bearer(&headers), Ok(Some("abc")));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic YWJjOmRlZg=="));
        assert_eq!(bearer(&headers), Err(AuthError::BadToken));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer(&headers), Err(AuthError::BadToken));
    }
}
