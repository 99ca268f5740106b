//! Signed-in browsers and sign-ins in progress, in memory. Ids are 256 random bits; only their
//! SHA-256 is kept as the key, so that the table itself holds nothing a cookie could be made
//! from.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::error::AuthError;

/// How long a sign-in lasts.
pub(crate) const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// How long a sign-in may take between leaving for GitHub and coming back.
pub(crate) const LOGIN_LIFETIME: Duration = Duration::from_secs(600);

/// Sign-ins in progress kept at most: each costs a request to `/auth/login`, which anyone can
/// send, so the oldest make way rather than memory growing without bound.
const MAX_PENDING: usize = 10_000;

/// A generous bound on signed-in browsers, for the same reason.
const MAX_SESSIONS: usize = 100_000;

type Key = [u8; 32];

fn key(id: &str) -> Key {
    Sha256::digest(id.as_bytes()).into()
}

/// 256 bits from the operating system, as hex.
pub(crate) fn random_id() -> Result<String, AuthError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AuthError::Config(format!("the system has no randomness to offer: {e}")))?;
    Ok(hex::encode(bytes))
}

struct Session {
    login: String,
    expires: Instant,
}

/// Where to go once GitHub sends the browser back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PendingLogin {
    pub next: String,
    expires: Instant,
}

pub(crate) struct Sessions {
    session_lifetime: Duration,
    login_lifetime: Duration,
    sessions: Mutex<HashMap<Key, Session>>,
    pending: Mutex<HashMap<Key, PendingLogin>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section is a plain insert or removal: a poisoned lock holds sound data.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Makes room for one more entry: expired ones go first, then the one closest to expiring.
fn make_room<V>(map: &mut HashMap<Key, V>, max: usize, expires: impl Fn(&V) -> Instant) {
    if map.len() < max {
        return;
    }
    let now = Instant::now();
    map.retain(|_, v| expires(v) > now);
    while map.len() >= max {
        let Some(oldest) = map.iter().min_by_key(|(_, v)| expires(v)).map(|(k, _)| *k) else {
            break;
        };
        map.remove(&oldest);
    }
}

impl Default for Sessions {
    fn default() -> Self {
        Self::with_lifetimes(SESSION_LIFETIME, LOGIN_LIFETIME)
    }
}

impl Sessions {
    pub fn with_lifetimes(session_lifetime: Duration, login_lifetime: Duration) -> Self {
        Self {
            session_lifetime,
            login_lifetime,
            sessions: Mutex::new(HashMap::new()),
            pending: Mutex::new(HashMap::new()),
        }
    }

    pub fn session_lifetime(&self) -> Duration {
        self.session_lifetime
    }

    /// A new session for `login`; the id goes into the cookie and nowhere else.
    pub fn create(&self, login: &str) -> Result<String, AuthError> {
        let id = random_id()?;
        let session =
            Session { login: login.to_owned(), expires: Instant::now() + self.session_lifetime };
        let mut sessions = lock(&self.sessions);
        make_room(&mut sessions, MAX_SESSIONS, |s| s.expires);
        sessions.insert(key(&id), session);
        Ok(id)
    }

    /// The login of a live session.
    pub fn login_of(&self, id: &str) -> Option<String> {
        let k = key(id);
        let mut sessions = lock(&self.sessions);
        match sessions.get(&k) {
            Some(s) if s.expires > Instant::now() => Some(s.login.clone()),
            Some(_) => {
                sessions.remove(&k);
                None
            }
            None => None,
        }
    }

    /// Ends a session; the login it belonged to, if it was live.
    pub fn end(&self, id: &str) -> Option<String> {
        let session = lock(&self.sessions).remove(&key(id))?;
        (session.expires > Instant::now()).then_some(session.login)
    }

    /// A new sign-in that will come back to `next`; the `state` to send to GitHub.
    pub fn begin_login(&self, next: String) -> Result<String, AuthError> {
        let state = random_id()?;
        let pending = PendingLogin { next, expires: Instant::now() + self.login_lifetime };
        let mut all = lock(&self.pending);
        make_room(&mut all, MAX_PENDING, |p| p.expires);
        all.insert(key(&state), pending);
        Ok(state)
    }

    /// The sign-in `state` started, if it is live. Single use: it is gone afterwards.
    pub fn finish_login(&self, state: &str) -> Option<PendingLogin> {
        let pending = lock(&self.pending).remove(&key(state))?;
        (pending.expires > Instant::now()).then_some(pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_live_until_they_expire_or_end() {
        let sessions = Sessions::default();
        let id = sessions.create("cdrini").unwrap();
        assert_eq!(id.len(), 64);
        assert_eq!(sessions.login_of(&id).as_deref(), Some("cdrini"));
        assert_eq!(sessions.login_of("not-a-session"), None);
        assert_eq!(sessions.end(&id).as_deref(), Some("cdrini"));
        assert_eq!(sessions.login_of(&id), None);

        let short = Sessions::with_lifetimes(Duration::ZERO, Duration::ZERO);
        let id = short.create("cdrini").unwrap();
        assert_eq!(short.login_of(&id), None);
        let state = short.begin_login("/".into()).unwrap();
        assert_eq!(short.finish_login(&state), None, "expired");
    }

    #[test]
    fn a_sign_in_state_works_once() {
        let sessions = Sessions::default();
        let state = sessions.begin_login("/status/v2".into()).unwrap();
        assert_ne!(state, sessions.begin_login("/".into()).unwrap());
        assert_eq!(sessions.finish_login(&state).map(|p| p.next).as_deref(), Some("/status/v2"));
        assert_eq!(sessions.finish_login(&state), None);
    }

    #[test]
    fn a_flood_of_sign_ins_pushes_out_the_oldest() {
        let mut map = HashMap::new();
        let now = Instant::now();
        for i in 0..5u8 {
            map.insert([i; 32], now + Duration::from_secs(u64::from(i) + 1));
        }
        make_room(&mut map, 5, |t| *t);
        assert_eq!(map.len(), 4);
        assert!(!map.contains_key(&[0; 32]));
    }
}
