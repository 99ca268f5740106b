//! Is this delivery from GitHub? `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body keyed
//! with the webhook secret; nothing else about a delivery is trusted before it checks out.

use std::fmt;

use axum::http::HeaderMap;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

/// The header GitHub signs deliveries with.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";
/// The legacy SHA-1 signature GitHub sends beside it; never enough on its own.
pub const SHA1_SIGNATURE_HEADER: &str = "x-hub-signature";

const PREFIX: &str = "sha256=";
const DIGEST_BYTES: usize = 32;

/// The webhook secrets a delivery may be signed with: the current one and, while a rotation is
/// under way, the previous one, so deliveries signed before GitHub saw the change still pass.
#[derive(Clone)]
pub struct WebhookSecrets {
    current: SecretString,
    previous: Option<SecretString>,
}

/// Why a secret cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretsError {
    #[error("the webhook secret is empty: anyone could sign deliveries")]
    Empty,
}

impl WebhookSecrets {
    pub fn new(current: SecretString) -> Result<Self, SecretsError> {
        non_empty(&current)?;
        Ok(Self { current, previous: None })
    }

    /// Also accepts deliveries signed with `previous`, for the length of a rotation.
    pub fn with_previous(mut self, previous: SecretString) -> Result<Self, SecretsError> {
        non_empty(&previous)?;
        self.previous = Some(previous);
        Ok(self)
    }

    /// How many secrets are accepted (1 or 2).
    pub fn len(&self) -> usize {
        1 + usize::from(self.previous.is_some())
    }

    /// Never true: there is always a current secret. Here because `len` is.
    pub fn is_empty(&self) -> bool {
        false
    }

    fn iter(&self) -> impl Iterator<Item = &SecretString> {
        std::iter::once(&self.current).chain(self.previous.as_ref())
    }
}

fn non_empty(secret: &SecretString) -> Result<(), SecretsError> {
    if secret.expose_secret().is_empty() { Err(SecretsError::Empty) } else { Ok(()) }
}

impl fmt::Debug for WebhookSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSecrets").field("count", &self.len()).finish_non_exhaustive()
    }
}

/// Why a delivery's signature was refused. Each says what was wrong, never what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the delivery is not signed: X-Hub-Signature-256 is missing")]
    Missing,
    #[error(
        "only the SHA-1 X-Hub-Signature was sent; testbed needs X-Hub-Signature-256 \
         (is a webhook secret set on GitHub?)"
    )]
    Sha1Only,
    #[error("X-Hub-Signature-256 does not start with sha256=")]
    NotSha256,
    #[error("X-Hub-Signature-256 is not 64 hexadecimal digits after sha256= (truncated?)")]
    Malformed,
    #[error("X-Hub-Signature-256 does not match the body with any configured secret")]
    Mismatch,
}

impl SignatureError {
    /// Stable, snake_case, for answers and logs.
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "signature_missing",
            Self::Sha1Only => "signature_sha1_only",
            Self::NotSha256 => "signature_not_sha256",
            Self::Malformed => "signature_malformed",
            Self::Mismatch => "signature_mismatch",
        }
    }
}

/// Checks that `body` was signed with one of `secrets`, in constant time.
pub fn verify(
    secrets: &WebhookSecrets,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), SignatureError> {
    let Some(value) = headers.get(SIGNATURE_HEADER) else {
        return Err(if headers.contains_key(SHA1_SIGNATURE_HEADER) {
            SignatureError::Sha1Only
        } else {
            SignatureError::Missing
        });
    };
    let value = value.to_str().map_err(|_| SignatureError::Malformed)?.trim();
    let hex_digits = value.strip_prefix(PREFIX).ok_or(SignatureError::NotSha256)?;
    let mut claimed = [0u8; DIGEST_BYTES];
    hex::decode_to_slice(hex_digits, &mut claimed).map_err(|_| SignatureError::Malformed)?;

    // Every secret is tried, whichever matches, so the time taken says nothing about which.
    let mut matched = Choice::from(0);
    for secret in secrets.iter() {
        matched |= digest(secret, body).as_slice().ct_eq(&claimed);
    }
    if bool::from(matched) { Ok(()) } else { Err(SignatureError::Mismatch) }
}

/// `sha256=<hex>` for `body` signed with `secret`, as GitHub writes X-Hub-Signature-256.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    format!("{PREFIX}{}", hex::encode(hmac_sha256(secret, body)))
}

fn digest(secret: &SecretString, body: &[u8]) -> [u8; DIGEST_BYTES] {
    hmac_sha256(secret.expose_secret().as_bytes(), body)
}

fn hmac_sha256(key: &[u8], body: &[u8]) -> [u8; DIGEST_BYTES] {
    let mut out = [0u8; DIGEST_BYTES];
    // HMAC takes keys of any length, so this never fails; an all-zero digest would only ever
    // mismatch.
    if let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        mac.update(body);
        out.copy_from_slice(mac.finalize().into_bytes().as_slice());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn secrets() -> WebhookSecrets {
        WebhookSecrets::new("current".to_owned().into()).unwrap()
    }

    fn headers(name: &str, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn matches_github_documented_example() {
        // The example from GitHub's "Validating webhook deliveries" page.
        let signature = sign(b"It's a Secret to Everybody", b"Hello, World!");
        assert_eq!(
            signature,
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
    }

    #[test]
    fn each_refusal_has_its_own_reason() {
        let body = b"{}";
        let good = sign(b"current", body);
        assert_eq!(verify(&secrets(), &headers(SIGNATURE_HEADER, &good), body), Ok(()));
        let cases = [
            (HeaderMap::new(), SignatureError::Missing),
            (headers(SHA1_SIGNATURE_HEADER, "sha1=00"), SignatureError::Sha1Only),
            (headers(SIGNATURE_HEADER, &good.replace("sha256", "sha1")), SignatureError::NotSha256),
            (headers(SIGNATURE_HEADER, &good[..good.len() - 2]), SignatureError::Malformed),
            (headers(SIGNATURE_HEADER, &format!("{}z", &good[..71])), SignatureError::Malformed),
            (headers(SIGNATURE_HEADER, &sign(b"other", body)), SignatureError::Mismatch),
        ];
        for (headers, expected) in cases {
            assert_eq!(verify(&secrets(), &headers, body), Err(expected));
        }
    }

    #[test]
    fn previous_secret_is_accepted_during_a_rotation() {
        let rotated =
            WebhookSecrets::new("new".to_owned().into()).unwrap().with_previous(secrets().current);
        let rotated = rotated.unwrap();
        let old = sign(b"current", b"x");
        assert_eq!(verify(&rotated, &headers(SIGNATURE_HEADER, &old), b"x"), Ok(()));
        assert_eq!(format!("{rotated:?}"), "WebhookSecrets { count: 2, .. }");
        assert!(WebhookSecrets::new(String::new().into()).is_err());
    }
}
