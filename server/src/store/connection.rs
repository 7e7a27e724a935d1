//! The one SQLite connection, its settings, and the migrations.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

const MIGRATIONS: [&str; 6] = [
    include_str!("migrations/0001_submissions.sql"),
    include_str!("migrations/0002_events.sql"),
    include_str!("migrations/0003_reward_codes.sql"),
    include_str!("migrations/0004_group_assignments.sql"),
    include_str!("migrations/0005_draws.sql"),
    include_str!("migrations/0006_referrals.sql"),
];

impl Store {
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let connection = Connection::open(path)?;
        Store::prepare(connection)
    }

    pub fn in_memory() -> anyhow::Result<Store> {
        Store::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut connection: Connection) -> anyhow::Result<Store> {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a claim code shown to a winner, a reward code handed out and a
        // stored result must survive a power cut the moment the page hears
        // "stored". NORMAL in WAL mode could lose the last commits.
        connection.pragma_update(None, "synchronous", "FULL")?;
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
