//! The one SQLite connection, its settings, and the migrations.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

const MIGRATIONS: [&str; 9] = [
    include_str!("migrations/0001_submissions.sql"),
    include_str!("migrations/0002_events.sql"),
    include_str!("migrations/0003_reward_codes.sql"),
    include_str!("migrations/0004_group_assignments.sql"),
    include_str!("migrations/0005_draws.sql"),
    include_str!("migrations/0006_referrals.sql"),
    include_str!("migrations/0007_draw_addresses.sql"),
    include_str!("migrations/0008_offer_claims.sql"),
    include_str!("migrations/0009_courses.sql"),
];

/// When a commit is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// Every commit is synced before it returns: a claim code shown to a
    /// winner, a reward code handed out and a stored result survive a power
    /// cut the moment the page hears "stored".
    #[default]
    Full,
    /// SQLite's `NORMAL` in WAL mode: the last commits may be lost in a power
    /// cut (never corrupted). Only for measuring what `Full` costs.
    Normal,
}

impl Store {
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        Store::open_with(path, Durability::Full)
    }

    pub fn open_with(path: &Path, durability: Durability) -> anyhow::Result<Store> {
        let connection = Connection::open(path)?;
        Store::prepare(connection, durability)
    }

    pub fn in_memory() -> anyhow::Result<Store> {
        Store::prepare(Connection::open_in_memory()?, Durability::Full)
    }

    fn prepare(mut connection: Connection, durability: Durability) -> anyhow::Result<Store> {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        let synchronous = match durability {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        };
        connection.pragma_update(None, "synchronous", synchronous)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: usize =
            connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let transaction = connection.transaction()?;
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version) {
            transaction.execute_batch(migration)?;
            transaction.pragma_update(None, "user_version", index + 1)?;
        }
        transaction.commit()?;
        Ok(Store {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` with the connection on the blocking pool.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let connection = self.connection.clone();
        let result = tokio::task::spawn_blocking(move || {
            let mut guard = connection
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut guard)
        })
        .await?;
        Ok(result?)
    }
}
