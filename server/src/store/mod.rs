//! SQLite storage, one module per table family. One connection behind a mutex:
//! the reference server's load is a campaign's, and SQLite serialises writes
//! anyway. Blocking calls run on tokio's blocking pool so they never stall
//! request handling.
//!
//! The schema is the numbered files in `migrations/`, applied in order once
//! each; `PRAGMA user_version` records how many a database has. Never edit a
//! released migration: add the next one.

mod connection;
pub(crate) mod draws;
pub(crate) mod events;
pub(crate) mod posters;
pub(crate) mod referrals;
mod retention;
mod submissions;
mod visitors;

pub use connection::{Durability, Store};
pub use events::MAX_EVENTS_PER_VISITOR_PER_DAY;
pub use retention::Retention;
pub use submissions::{Reward, Stored, SubmissionRules};

/// One page of a list, read by cursor so that no request loads a whole table
/// (or holds the connection while it does).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// The cursor (a row id) to ask for the next page with; `None` on the last.
    pub next: Option<i64>,
}

impl<T> Page<T> {
    /// `rows` as read with [`page_size`]: one more than `limit` means another
    /// page follows, starting after the last row kept.
    pub(crate) fn of(mut rows: Vec<(i64, T)>, limit: usize) -> Page<T> {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = if more {
            rows.last().map(|(id, _)| *id)
        } else {
            None
        };
        Page {
            rows: rows.into_iter().map(|(_, row)| row).collect(),
            next,
        }
    }
}

/// The `LIMIT` that tells whether a page of `limit` rows has a successor.
pub(crate) fn page_size(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1
}
