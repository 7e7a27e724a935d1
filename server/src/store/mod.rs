//! SQLite storage, one module per table family. One connection behind a mutex:
//! the reference server's load is a campaign's, and SQLite serialises writes
//! anyway. Blocking calls run on tokio's blocking pool so they never stall
//! request handling.
//!
//! The schema is the numbered files in `migrations/`, applied in order once
//! each; `PRAGMA user_version` records how many a database has. Never edit a
//! released migration: add the next one.

mod connection;
pub(crate) mod console;
mod copy;
pub(crate) mod courses;
pub(crate) mod db;
pub(crate) mod draws;
pub(crate) mod events;
mod page;
pub(crate) mod posters;
pub(crate) mod referrals;
mod retention;
mod shared;
mod submissions;
mod visitors;

pub use connection::{Durability, Store, Unavailable, is_postgres_url};
pub use events::MAX_EVENTS_PER_VISITOR_PER_DAY;
pub use page::Page;
pub use retention::Retention;
pub use submissions::{Reward, Stored, SubmissionRules};
