//! When to try again: the outbox's retry policy, as plain functions so the
//! schedule can be tested without waiting for it.

/// What a backend's answer means for an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Stored (or already stored): forget the envelope.
    Delivered,
    /// Not now: keep it and try again, no sooner than `after_ms` when the backend said so.
    Retry { after_ms: Option<u64> },
    /// The backend does not know this route or this caller (401, 403, 404). That
    /// is a deploy in progress or a setting being fixed far more often than a
    /// result it will never take: keep it, retry on the slow schedule, and give
    /// up only once it has been held for [`HOLD_MS`].
    Held,
    /// The backend will never take this envelope (a 4xx other than the retryable
    /// and held ones): forget it and tell the person.
    Rejected,
}

/// A request that got no answer at all: offline, timed out, refused.
pub const NO_ANSWER: Verdict = Verdict::Retry { after_ms: None };

/// Longest wait the outbox honours from a `Retry-After` header.
pub const MAX_RETRY_AFTER_MS: u64 = 60 * 60 * 1000;

/// Judges an HTTP answer by its status and `Retry-After` header.
pub fn judge(status: u16, retry_after: Option<&str>) -> Verdict {
    match status {
        200..=299 => Verdict::Delivered,
        // Timeout, too early, too many requests, and every server-side failure.
        408 | 425 | 429 | 500..=599 => Verdict::Retry {
            after_ms: retry_after.and_then(parse_retry_after_ms),
        },
        401 | 403 | 404 => Verdict::Held,
        _ => Verdict::Rejected,
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare from APIs and is treated
/// as absent, falling back to backoff).
pub fn parse_retry_after_ms(value: &str) -> Option<u64> {
    let seconds: u64 = value.trim().parse().ok()?;
    Some(seconds.saturating_mul(1000).min(MAX_RETRY_AFTER_MS))
}

/// First retry waits about this long; each later one twice as long.
pub const BACKOFF_BASE_MS: u64 = 1000;
/// No retry waits longer than this, so a recovered network is used soon.
pub const BACKOFF_CAP_MS: u64 = 5 * 60 * 1000;

/// Exponential backoff with jitter for the `attempt`-th retry (0 for the first):
/// between half and all of `base * 2^attempt`, capped. `random` is uniform in
/// [0, 1); the jitter keeps many phones that lost the same network from all
/// retrying at the same instant.
pub fn backoff_ms(attempt: u32, random: f64) -> u64 {
    jittered_backoff(BACKOFF_BASE_MS, BACKOFF_CAP_MS, attempt, random)
}

/// The slow schedule, for [`Verdict::Held`]: a backend being deployed or
/// reconfigured needs minutes, not seconds, and retrying for a day at the fast
/// pace would spend a phone's battery and data for nothing. The first retry
/// waits about this long, each later one twice as long...
pub const SLOW_BACKOFF_BASE_MS: u64 = 60 * 1000;
/// ...up to this.
pub const SLOW_BACKOFF_CAP_MS: u64 = 30 * 60 * 1000;

/// How long a held envelope is kept and retried before the person is told it was
/// refused: a day covers a deploy or a fix made the next morning.
pub const HOLD_MS: u64 = 24 * 60 * 60 * 1000;

/// `verdict` for an envelope first held at `held_since_ms` (if ever), judged at
/// `now_ms`: held again once it has been held for [`HOLD_MS`], it is given up as
/// [`Verdict::Rejected`], so that the person learns it did not arrive. A clock
/// set back counts as no time passed.
pub fn expire_hold(verdict: Verdict, held_since_ms: Option<u64>, now_ms: u64) -> Verdict {
    match (verdict, held_since_ms) {
        (Verdict::Held, Some(since)) if now_ms.saturating_sub(since) >= HOLD_MS => {
            Verdict::Rejected
        }
        _ => verdict,
    }
}

fn jittered_backoff(base: u64, cap: u64, attempt: u32, random: f64) -> u64 {
    let ceiling = base.saturating_mul(1u64 << attempt.min(20)).min(cap);
    let half = ceiling / 2;
    let jitter = (half as f64 * random.clamp(0.0, 1.0)) as u64;
    half + jitter.min(half)
}

/// Shortest wait even when a backend says `Retry-After: 0`, so a confused backend
/// cannot make a phone retry in a tight loop.
pub const MIN_RETRY_MS: u64 = 500;

/// How long to wait before the next attempt after `verdict`: exactly what the
/// backend asked for when it said, the slow schedule when it is held, else backoff.
pub fn retry_delay_ms(attempt: u32, verdict: Verdict, random: f64) -> u64 {
    match verdict {
        Verdict::Retry {
            after_ms: Some(after),
        } => after.max(MIN_RETRY_MS),
        Verdict::Held => {
            jittered_backoff(SLOW_BACKOFF_BASE_MS, SLOW_BACKOFF_CAP_MS, attempt, random)
        }
        _ => backoff_ms(attempt, random),
    }
}
