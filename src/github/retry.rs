//! When to retry a GitHub request, and how long to wait first.

use std::time::Duration;

/// Bounds on retries: how many tries, the first backoff, and the longest wait accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries per request, the first included.
    pub max_attempts: u32,
    /// The wait after the first failure when GitHub names none; doubles each time.
    pub base_backoff: Duration,
    /// The longest wait; when GitHub asks for longer, the request fails instead.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// Whether a request may be sent again after an answer that does not say whether it applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Replay {
    /// GET, PATCH, or a POST whose repetition is harmless (a commit status).
    Safe,
    /// A POST that creates something: only retried when GitHub clearly refused it.
    OnlyIfRefused,
}

/// The parts of a response that decide a retry.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Answer<'a> {
    pub status: u16,
    pub retry_after: Option<&'a str>,
    pub ratelimit_remaining: Option<&'a str>,
    pub ratelimit_reset: Option<&'a str>,
    pub body: &'a str,
}

impl Answer<'_> {
    /// Rate limits reject a request before it is processed, so even a POST can be resent.
    fn is_rate_limited(&self) -> bool {
        match self.status {
            429 => true,
            403 => {
                self.retry_after.is_some()
                    || self.ratelimit_remaining == Some("0")
                    || self
                        .body
                        .to_ascii_lowercase()
                        .contains("secondary rate limit")
            }
            _ => false,
        }
    }

    /// The wait GitHub asked for, from `retry-after` or an exhausted primary limit's reset time.
    fn requested_wait(&self, now_epoch: u64) -> Option<Duration> {
        if let Some(secs) = self.retry_after.and_then(|v| v.trim().parse::<u64>().ok()) {
            return Some(Duration::from_secs(secs));
        }
        if self.ratelimit_remaining == Some("0") {
            let reset = self
                .ratelimit_reset
                .and_then(|v| v.trim().parse::<u64>().ok())?;
            // A reset already in the past (clock skew) still deserves a short pause.
            return Some(Duration::from_secs(reset.saturating_sub(now_epoch).max(1)));
        }
        None
    }
}

/// The wait before the next try, or `None` to stop and report the answer.
pub(crate) fn after_answer(
    answer: &Answer<'_>,
    attempt: u32,
    policy: &RetryPolicy,
    replay: Replay,
    now_epoch: u64,
) -> Option<Duration> {
    let rate_limited = answer.is_rate_limited();
    let server_error = answer.status >= 500;
    if attempt >= policy.max_attempts || !(rate_limited || server_error) {
        return None;
    }
    if server_error && !rate_limited && replay == Replay::OnlyIfRefused {
        return None;
    }
    match answer.requested_wait(now_epoch) {
        // Waiting less than GitHub asked only earns a longer penalty, so give up instead.
        Some(wait) if wait > policy.max_wait => None,
        Some(wait) => Some(wait),
        // GitHub's guidance for a secondary limit without headers is to wait at least a minute.
        None if rate_limited => Some(Duration::from_secs(60).min(policy.max_wait)),
        None => Some(backoff(attempt, policy)),
    }
}

/// The wait after a request got no answer, or `None` to stop.
pub(crate) fn after_transport_failure(
    attempt: u32,
    policy: &RetryPolicy,
    replay: Replay,
) -> Option<Duration> {
    (attempt < policy.max_attempts && replay == Replay::Safe).then(|| backoff(attempt, policy))
}

fn backoff(attempt: u32, policy: &RetryPolicy) -> Duration {
    let factor = 1u32 << attempt.saturating_sub(1).min(16);
    policy
        .base_backoff
        .saturating_mul(factor)
        .min(policy.max_wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_backoff: Duration::from_millis(100),
            max_wait: Duration::from_secs(60),
        }
    }

    fn answer(status: u16) -> Answer<'static> {
        Answer {
            status,
            ..Answer::default()
        }
    }

    #[test]
    fn server_errors_back_off_exponentially_then_stop() {
        let p = policy();
        let waits: Vec<_> = (1..=4)
            .map(|n| after_answer(&answer(502), n, &p, Replay::Safe, 0))
            .collect();
        assert_eq!(
            waits,
            [
                Some(Duration::from_millis(100)),
                Some(Duration::from_millis(200)),
                Some(Duration::from_millis(400)),
                None
            ]
        );
    }

    #[test]
    fn creating_post_is_not_replayed_after_a_server_error() {
        assert_eq!(
            after_answer(&answer(502), 1, &policy(), Replay::OnlyIfRefused, 0),
            None
        );
    }

    #[test]
    fn rate_limits_wait_as_github_says_and_other_refusals_are_final() {
        let limited = |status, retry_after, body| Answer {
            status,
            retry_after,
            body,
            ..Answer::default()
        };
        let spent = Answer {
            status: 403,
            ratelimit_remaining: Some("0"),
            ratelimit_reset: Some("1030"),
            ..Answer::default()
        };
        let secondary = "You have exceeded a secondary rate limit";
        let cases = [
            // A secondary rate limit: its retry-after, even for a POST.
            (
                limited(403, Some("7"), secondary),
                Replay::OnlyIfRefused,
                0,
                Some(7),
            ),
            // The primary limit spent: wait until it resets.
            (spent, Replay::Safe, 1000, Some(30)),
            // A wait beyond the cap gives up.
            (limited(429, Some("3600"), ""), Replay::Safe, 0, None),
            // Plain forbidden and not found are final.
            (
                limited(403, None, "Resource not accessible by integration"),
                Replay::Safe,
                0,
                None,
            ),
            (answer(404), Replay::Safe, 0, None),
        ];
        for (a, replay, now, secs) in cases {
            let wait = after_answer(&a, 1, &policy(), replay, now);
            assert_eq!(wait, secs.map(Duration::from_secs), "status {}", a.status);
        }
    }

    #[test]
    fn transport_failures_retry_only_replayable_requests() {
        assert_eq!(
            after_transport_failure(1, &policy(), Replay::Safe),
            Some(Duration::from_millis(100))
        );
        assert_eq!(
            after_transport_failure(1, &policy(), Replay::OnlyIfRefused),
            None
        );
        assert_eq!(after_transport_failure(4, &policy(), Replay::Safe), None);
    }
}
