//! Comparing secrets (tokens, nonces) so that the time taken tells nothing
//! of how much of a guess was right.

/// Whether `a` and `b` are equal, looking at every byte whatever it finds.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
