//! Why a caller was turned away, answered like every other API error: a status, a stable code
//! and a sentence.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No session, no token.
    #[error("Sign in with GitHub, or send a bearer token, to do this.")]
    Unauthenticated,
    /// An `Authorization` header this service does not accept.
    #[error("The bearer token is not one this service accepts.")]
    BadToken,
    #[error("{login} is not a maintainer of the testing server.")]
    NotAMaintainer { login: String },
    /// A write from a signed-in browser that did not come from this service's own pages.
    #[error(
        "This request came from another site. A signed-in browser may only change the \
         testing set from this service's own pages."
    )]
    CrossSite,
    /// The maintainer rule needed GitHub and GitHub did not answer.
    #[error("Could not check whether {login} is a maintainer: {reason}")]
    GithubUnavailable { login: String, reason: String },
    #[error("Sign-in with GitHub is not configured on this server.")]
    SignInUnavailable,
    /// A callback whose `state` is unknown, expired, used, or not this browser's.
    #[error(
        "This sign-in link is not valid: it expired, was already used, or was started in \
         another browser. Please sign in again."
    )]
    BadState,
    /// GitHub refused or failed the exchange of the code, or the user declined.
    #[error("GitHub did not complete the sign-in: {0}")]
    SignInFailed(String),
    #[error("Authentication configuration: {0}")]
    Config(String),
}

impl AuthError {
    pub fn status(&self) -> StatusCode {
        match self {
            AuthError::Unauthenticated | AuthError::BadToken => StatusCode::UNAUTHORIZED,
            AuthError::NotAMaintainer { .. } | AuthError::CrossSite => StatusCode::FORBIDDEN,
            AuthError::GithubUnavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AuthError::SignInUnavailable => StatusCode::NOT_FOUND,
            AuthError::BadState => StatusCode::BAD_REQUEST,
            AuthError::SignInFailed(_) => StatusCode::BAD_GATEWAY,
            AuthError::Config(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable: scripts may match on it.
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::Unauthenticated => "unauthenticated",
            AuthError::BadToken => "bad_token",
            AuthError::NotAMaintainer { .. } => "not_a_maintainer",
            AuthError::CrossSite => "cross_site",
            AuthError::GithubUnavailable { .. } => "github_unavailable",
            AuthError::SignInUnavailable => "sign_in_unavailable",
            AuthError::BadState => "bad_state",
            AuthError::SignInFailed(_) => "sign_in_failed",
            AuthError::Config(_) => "config",
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        ApiError::new(error.status(), error.code(), error.to_string())
    }
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let challenge = self.status() == StatusCode::UNAUTHORIZED;
        let mut response = ApiError::from(self).into_response();
        if challenge {
            // Tells a script which scheme to use; browsers show no dialog for `Bearer`.
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
