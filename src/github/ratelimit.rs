//! What GitHub says about our rate limit, and the pause it imposes on every call.

use chrono::{DateTime, Utc};
use http::{HeaderMap, StatusCode};
use serde::Serialize;

/// The rate limit as of the last answer, plus the pause in force, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RateLimitStatus {
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
    /// When the budget is refilled.
    pub reset: Option<DateTime<Utc>>,
    /// Calls fail fast until then.
    pub paused_until: Option<DateTime<Utc>>,
}

fn number<T: std::str::FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The gate every call passes. Kept behind one mutex in the client; never held across an await.
#[derive(Debug, Default)]
pub(crate) struct RateGate {
    status: RateLimitStatus,
}

impl RateGate {
    pub fn status(&self) -> RateLimitStatus {
        let mut status = self.status.clone();
        status.paused_until = self.paused_until(Utc::now());
        status
    }

    /// The end of the pause, if one is in force at `now`.
    pub fn paused_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.status.paused_until.filter(|until| *until > now)
    }

    /// Reads the rate-limit headers of any answer; returns the pause it starts, if any.
    pub fn observe(
        &mut self,
        status: StatusCode,
        headers: &HeaderMap,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let limit = number::<u32>(headers, "x-ratelimit-limit");
        let remaining = number::<u32>(headers, "x-ratelimit-remaining");
        let reset = number::<i64>(headers, "x-ratelimit-reset")
            .and_then(|secs| DateTime::from_timestamp(secs, 0));
        if limit.is_some() {
            self.status.limit = limit;
        }
        if remaining.is_some() {
            self.status.remaining = remaining;
        }
        if reset.is_some() {
            self.status.reset = reset;
        }
        let retry_after = number::<u64>(headers, "retry-after")
            .map(|secs| now + chrono::Duration::seconds(secs.min(86_400) as i64));
        let limited = matches!(status, StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS);
        let pause = match (retry_after, remaining, reset) {
            (Some(until), _, _) if limited => Some(until),
            // A spent budget: this answer is the last one before the reset, whatever its status.
            (_, Some(0), Some(reset)) => Some(reset),
            // A 429 without any hint: GitHub's advice is to wait at least a minute.
            _ if status == StatusCode::TOO_MANY_REQUESTS => {
                Some(now + chrono::Duration::minutes(1))
            }
            _ => None,
        };
        if let Some(until) = pause.filter(|until| *until > now) {
            let later = self.status.paused_until.map_or(until, |current| current.max(until));
            self.status.paused_until = Some(later);
            return Some(later);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn spent_budget_and_retry_after_pause_calls() {
        let now = Utc::now();
        let reset = (now.timestamp() + 30).to_string();
        let mut gate = RateGate::default();
        let spent = headers(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", &reset)]);
        let until = gate.observe(StatusCode::FORBIDDEN, &spent, now).unwrap();
        assert_eq!(until.timestamp().to_string(), reset);
        assert_eq!(gate.status().remaining, Some(0));

        let mut gate = RateGate::default();
        let until =
            gate.observe(StatusCode::TOO_MANY_REQUESTS, &headers(&[("retry-after", "5")]), now);
        assert_eq!(until, Some(now + chrono::Duration::seconds(5)));

        let mut gate = RateGate::default();
        let fine = headers(&[("x-ratelimit-remaining", "4999"), ("x-ratelimit-reset", &reset)]);
        assert_eq!(gate.observe(StatusCode::OK, &fine, now), None);
        assert_eq!(gate.observe(StatusCode::FORBIDDEN, &fine, now), None);
        assert_eq!(gate.paused_until(now), None);
    }
}
