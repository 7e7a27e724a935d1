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
mod events;
pub(crate) mod posters;
pub(crate) mod referrals;
mod submissions;

pub use connection::Store;
pub use submissions::{Reward, Stored, SubmissionRules};
