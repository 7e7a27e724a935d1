//! Rate limiting per client address and per visitor: a token bucket each, so a
//! burst (a double tap, a retry storm after a network blip) passes while a flood
//! gets `429 Too Many Requests` with `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Requests allowed per minute, sustained, with bursts up to the same number.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub per_minute: u32,
}

pub struct RateLimiter {
    rate: Rate,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets kept before idle full ones are forgotten.
const MAX_BUCKETS: usize = 50_000;

impl RateLimiter {
    pub fn new(rate: Rate) -> Self {
        RateLimiter {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn rate(&self) -> Rate {
        self.rate
    }

    /// Takes one token for `key`; when none is left, how many seconds until one is.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        self.take(key, true)
    }

    /// Whether `key` has a token left, without taking it: for limits on
    /// failures, which must refuse every attempt once spent, the right one too.
    pub fn peek(&self, key: &str) -> Result<(), u64> {
        self.take(key, false)
    }

    fn take(&self, key: &str, spend: bool) -> Result<(), u64> {
        let capacity = f64::from(self.rate.per_minute.max(1));
        let per_second = capacity / 60.0;
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= MAX_BUCKETS {
            buckets.retain(|_, bucket| {
                bucket.tokens + now.duration_since(bucket.updated).as_secs_f64() * per_second
                    < capacity
            });
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        bucket.tokens = (bucket.tokens
            + now.duration_since(bucket.updated).as_secs_f64() * per_second)
            .min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            if spend {
                bucket.tokens -= 1.0;
            }
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / per_second).ceil().max(1.0) as u64)
        }
    }
}

/// The campaign's per-minute ceilings (`ceilings` in the config), one bucket
/// each for the whole campaign: a circuit breaker that holds whoever asks,
/// where the limits per address and per visitor hold one client each.
pub struct CampaignCeilings {
    pub draws: RateLimiter,
    pub reward_codes: RateLimiter,
    pub seats: RateLimiter,
    /// When a warning was last logged, in Unix ms: one a minute, so a flood
    /// cannot flood the log too.
    last_warning: std::sync::atomic::AtomicI64,
}

impl CampaignCeilings {
    pub fn new(ceilings: &campaign_core::config::Ceilings) -> CampaignCeilings {
        let limiter = |per_minute| RateLimiter::new(Rate { per_minute });
        CampaignCeilings {
            draws: limiter(ceilings.draws_per_minute),
            reward_codes: limiter(ceilings.reward_codes_per_minute),
            seats: limiter(ceilings.seats_per_minute),
            last_warning: std::sync::atomic::AtomicI64::new(i64::MIN),
        }
    }

    /// Whether to log a warning now (at most one a minute).
    pub fn should_warn(&self, now_ms: i64) -> bool {
        use std::sync::atomic::Ordering;
        let last = self.last_warning.load(Ordering::Relaxed);
        now_ms.saturating_sub(last) >= 60_000
            && self
                .last_warning
                .compare_exchange(last, now_ms, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_refuses_with_a_wait() {
        let limiter = RateLimiter::new(Rate { per_minute: 3 });
        for _ in 0..3 {
            assert_eq!(limiter.check("a"), Ok(()));
        }
        assert_eq!(limiter.check("a"), Err(20), "one token every 20 seconds");
        assert_eq!(limiter.check("b"), Ok(()), "keys are independent");
        assert_eq!(limiter.peek("b"), Ok(()));
        assert_eq!(limiter.peek("b"), Ok(()), "a peek takes nothing");
        assert_eq!(limiter.peek("a"), Err(20));
    }
}
