//! Who is calling the simulator: nobody, a personal token, a GitHub App (JWT) or one of its
//! installations (a token the simulator issued).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use octocrab::jsonwebtoken::{self, Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// An authenticated (or anonymous) caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Caller {
    Anonymous,
    User(String),
    Installation(u64),
    App(u64),
}

impl Caller {
    pub fn kind(&self) -> &'static str {
        match self {
            Caller::Anonymous => "anonymous",
            Caller::User(_) => "token",
            Caller::Installation(_) => "installation",
            Caller::App(_) => "app",
        }
    }
}

#[derive(Default)]
pub(crate) struct Credentials {
    personal: HashMap<String, String>,
    /// App id → public key, when the app's signatures are to be checked.
    apps: HashMap<u64, Option<String>>,
    installation_tokens: HashMap<String, (u64, DateTime<Utc>)>,
    ttl: Option<Duration>,
    issued: u64,
}

#[derive(Deserialize)]
struct Claims {
    iss: serde_json::Value,
    exp: i64,
}

impl Credentials {
    pub fn add_personal_token(&mut self, token: &str, login: &str) {
        self.personal.insert(token.to_owned(), login.to_owned());
    }

    pub fn register_app(&mut self, app_id: u64, public_key_pem: Option<String>) {
        self.apps.insert(app_id, public_key_pem);
    }

    pub fn set_token_ttl(&mut self, ttl: Duration) {
        self.ttl = Some(ttl);
    }

    pub fn tokens_issued(&self) -> u64 {
        self.issued
    }

    /// The caller named by an `Authorization` header; `Err` carries GitHub's 401 message.
    pub fn identify(&self, header: Option<&str>) -> Result<Caller, &'static str> {
        let Some(value) = header else {
            return Ok(Caller::Anonymous);
        };
        let secret = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("token "))
            .ok_or("Bad credentials")?
            .trim();
        if let Some(login) = self.personal.get(secret) {
            return Ok(Caller::User(login.clone()));
        }
        if let Some((installation, expires)) = self.installation_tokens.get(secret) {
            if *expires > Utc::now() {
                return Ok(Caller::Installation(*installation));
            }
            return Err("Bad credentials");
        }
        if secret.split('.').count() == 3 {
            return self.check_jwt(secret).map(Caller::App);
        }
        Err("Bad credentials")
    }

    fn check_jwt(&self, jwt: &str) -> Result<u64, &'static str> {
        const UNDECODABLE: &str = "A JSON web token could not be decoded";
        let header = jsonwebtoken::decode_header(jwt).map_err(|_| UNDECODABLE)?;
        if header.alg != Algorithm::RS256 {
            return Err(UNDECODABLE);
        }
        let claims: Claims =
            jsonwebtoken::dangerous::insecure_decode(jwt).map_err(|_| UNDECODABLE)?.claims;
        let app_id = match &claims.iss {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.parse().ok(),
            _ => None,
        }
        .ok_or("'Issuer' claim ('iss') must be an Integer")?;
        if claims.exp <= Utc::now().timestamp() {
            return Err("'Expiration time' claim ('exp') must be a numeric value representing \
                        the future time at which the assertion expires");
        }
        if let Some(Some(pem)) = self.apps.get(&app_id) {
            let key = DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|_| UNDECODABLE)?;
            let mut validation = Validation::new(Algorithm::RS256);
            validation.required_spec_claims.clear();
            jsonwebtoken::decode::<Claims>(jwt, &key, &validation).map_err(|_| UNDECODABLE)?;
        }
        Ok(app_id)
    }

    /// A new installation token and when it expires (whole seconds, as GitHub writes it).
    pub fn issue_token(&mut self, installation: u64) -> (String, DateTime<Utc>) {
        self.issued += 1;
        let seed = format!("installation {installation} token {}", self.issued);
        let token = format!("ghs_{}", &hex::encode(Sha256::digest(seed.as_bytes()))[..36]);
        let ttl = self.ttl.unwrap_or(Duration::from_secs(3600));
        let ttl = chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::hours(1));
        let now = Utc::now().timestamp();
        let expires = DateTime::from_timestamp(now + ttl.num_seconds(), 0).unwrap_or_else(Utc::now);
        self.installation_tokens.insert(token.clone(), (installation, expires));
        (token, expires)
    }
}
