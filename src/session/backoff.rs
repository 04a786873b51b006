//! When to try the live link again: exponential backoff with jitter (reference §10.3: from
//! `backoff_min` doubling to `backoff_max`, plus up to a fifth), so a fleet of laptops that
//! lost the same mobile cell does not come back in step.

use rand::Rng;
use std::time::Duration;

/// The delays between attempts; reset once the link was live.
pub(super) struct Backoff {
    min: Duration,
    max: Duration,
    attempt: u32,
}

impl Backoff {
    pub(super) fn new(min: Duration, max: Duration) -> Self {
        Self {
            min,
            max,
            attempt: 0,
        }
    }

    pub(super) fn reset(&mut self) {
        self.attempt = 0;
    }

    /// The next delay and the attempt's number.
    pub(super) fn next(&mut self) -> (Duration, u32) {
        let base = self
            .min
            .saturating_mul(1 << self.attempt.min(16))
            .min(self.max);
        self.attempt += 1;
        let jitter_ms = rand::rng().random_range(0..=base.as_millis() as u64 / 5);
        (base + Duration::from_millis(jitter_ms), self.attempt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_the_cap_with_bounded_jitter() {
        let mut b = Backoff::new(Duration::from_secs(2), Duration::from_secs(60));
        let delays: Vec<u64> = (0..8).map(|_| b.next().0.as_millis() as u64).collect();
        let bases = [2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000];
        for (d, base) in delays.iter().zip(bases) {
            assert!(*d >= base && *d <= base + base / 5, "{d} vs {base}");
        }
        b.reset();
        assert!(b.next().0 < Duration::from_millis(2401));
    }
}
