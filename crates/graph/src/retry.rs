//! Waiting when Graph answers 429 (too many requests) or 503 (unavailable):
//! a bounded back-off that follows `Retry-After` and never waits less than
//! Graph asked (waiting less only earns another refusal).

/// Attempts in all, the first included.
pub const MAX_ATTEMPTS: u32 = 4;
/// The longest single wait; Graph asking for longer ends the attempts.
pub const MAX_WAIT_SECONDS: u64 = 30;

/// Seconds to wait before attempt `next_attempt` (2 to [`MAX_ATTEMPTS`])
/// after a 429 or 503 that said `Retry-After: retry_after`; `None`: stop
/// trying (the attempts are used up, or Graph asked for a longer wait than
/// [`MAX_WAIT_SECONDS`]). Without `Retry-After`: 2, 4, then 8 seconds.
pub fn wait_before(next_attempt: u32, retry_after: Option<u64>) -> Option<u64> {
    if !(2..=MAX_ATTEMPTS).contains(&next_attempt) {
        return None;
    }
    match retry_after {
        Some(asked) if asked > MAX_WAIT_SECONDS => None,
        Some(asked) => Some(asked.max(1)),
        None => Some(2u64 << (next_attempt - 2)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_retry_after_within_bounds() {
        assert_eq!(wait_before(2, Some(1)), Some(1));
        assert_eq!(wait_before(3, Some(30)), Some(30));
        // "Retry-After: 0" still leaves a second between attempts.
        assert_eq!(wait_before(2, Some(0)), Some(1));
        // Longer than we wait in front of the admin: stop and say so.
        assert_eq!(wait_before(2, Some(31)), None);
    }

    #[test]
    fn doubles_without_retry_after_and_stops() {
        assert_eq!(wait_before(2, None), Some(2));
        assert_eq!(wait_before(3, None), Some(4));
        assert_eq!(wait_before(4, None), Some(8));
        assert_eq!(wait_before(5, None), None);
        assert_eq!(wait_before(5, Some(1)), None);
        assert_eq!(wait_before(1, Some(1)), None);
        assert_eq!(wait_before(0, None), None);
    }
}
