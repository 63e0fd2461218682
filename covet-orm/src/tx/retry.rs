//! [`Retry`]: how the closure form of a transaction runs it again after a conflict.

use std::time::Duration;

/// Retry policy: exponential backoff with full jitter, a bounded number of attempts.
///
/// Attempt `n` (from 1) that fails with a retryable error ([`crate::Error::is_retryable`])
/// sleeps a random time between zero and `min(max_delay, base_delay * 2^(n-1))`, then runs the
/// whole transaction again. Full jitter spreads competing retries apart, which is what lets
/// them stop colliding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The backoff ceiling of the first retry.
    pub base_delay: Duration,
    /// The largest backoff ceiling.
    pub max_delay: Duration,
}

impl Default for Retry {
    /// 10 attempts, 5 ms doubling up to 1 s.
    fn default() -> Self {
        Self {
            max_attempts: 10,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_secs(1),
        }
    }
}

impl Retry {
    /// Never retry.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// At most `n` attempts in all.
    pub fn attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The backoff before retry number `retry` (from 1), drawn uniformly from
    /// `0..=ceiling` with `entropy` as the random source.
    pub(crate) fn backoff(&self, retry: u32, entropy: u64) -> Duration {
        let doubling = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let ceiling = self.base_delay.saturating_mul(doubling).min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(entropy % nanos.saturating_add(1))
    }
}

/// A cheap random number for jitter: the quality of a PRNG does not matter here, only that
/// competing tasks draw different values.
pub(crate) fn entropy() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let r = Retry::default();
        let ceiling = |n| r.backoff(n, u64::MAX - 1).max(r.backoff(n, u64::MAX));
        assert!(r.backoff(1, 0).is_zero());
        assert!(ceiling(1) <= Duration::from_millis(5));
        assert!(ceiling(3) <= Duration::from_millis(20));
        assert!(ceiling(30) <= Duration::from_secs(1));
        assert_ne!(entropy(), entropy());
    }
}
