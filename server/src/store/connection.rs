//! The database behind the store, chosen by `--db`: a SQLite file (one
//! connection behind a mutex: SQLite serialises writes anyway) or PostgreSQL
//! (a pool of connections, shared by every server of the campaign).
//!
//! Either way, a store method is one closure over a [`Db`], run on tokio's
//! blocking pool: [`Store::read`] outside a transaction, [`Store::write`]
//! inside one. On PostgreSQL a write that lost a race to another transaction
//! (a unique constraint, a deadlock) is run again from the start, so its
//! checks see what the winner committed and it answers as if it came second;
//! what makes each write exact is the schema's constraints, row locks and the
//! advisory locks of [`Db::lock`], never a lock in this process.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use rusqlite::Connection;
use tokio::runtime::Handle;

use crate::store::db::{
    Db, DbError, DbResult, PgSession, Row, Value, pg_params, pg_rows, postgres_spelling,
};

#[derive(Clone)]
pub struct Store {
    backend: Arc<Backend>,
}

enum Backend {
    Sqlite(Mutex<Connection>),
    Postgres {
        pool: deadpool_postgres::Pool,
        /// A few connections whose commits do not wait for the disk
        /// (`synchronous_commit = off`), for counts whose loss in a crash
        /// harms nobody: a minute's rate window.
        relaxed: deadpool_postgres::Pool,
    },
}

const SQLITE_MIGRATIONS: [&str; 12] = [
    include_str!("migrations/0001_submissions.sql"),
    include_str!("migrations/0002_events.sql"),
    include_str!("migrations/0003_reward_codes.sql"),
    include_str!("migrations/0004_group_assignments.sql"),
    include_str!("migrations/0005_draws.sql"),
    include_str!("migrations/0006_referrals.sql"),
    include_str!("migrations/0007_draw_addresses.sql"),
    include_str!("migrations/0008_offer_claims.sql"),
    include_str!("migrations/0009_courses.sql"),
    include_str!("migrations/0010_shared_state.sql"),
    include_str!("migrations/0011_redeemed_by.sql"),
    include_str!("migrations/0012_console.sql"),
];

/// PostgreSQL's migrations, each with the schema version it brings the
/// database to: the same numbers as SQLite's, so both stay in step.
const POSTGRES_MIGRATIONS: [(i64, &str); 4] = [
    (9, include_str!("migrations/postgres/0001-0009_schema.sql")),
    (
        10,
        include_str!("migrations/postgres/0010_shared_state.sql"),
    ),
    (11, include_str!("migrations/postgres/0011_redeemed_by.sql")),
    (12, include_str!("migrations/postgres/0012_console.sql")),
];

/// The key of the advisory lock that servers starting together take in turn
/// to migrate: the first migrates, the others then find nothing to do.
const MIGRATION_LOCK: i64 = 0x4341_4d50_4b49_5400; // "CAMPKIT\0"

/// Times a write that lost a race is run again before the error is reported.
const WRITE_ATTEMPTS: u32 = 12;

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

/// The database could not be reached; the request may be retried.
#[derive(Debug)]
pub struct Unavailable(pub String);

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the database is unavailable: {}", self.0)
    }
}

impl std::error::Error for Unavailable {}

/// Whether `db` names PostgreSQL rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl Store {
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        Store::open_with(path, Durability::Full)
    }

    pub fn open_with(path: &Path, durability: Durability) -> anyhow::Result<Store> {
        let connection = Connection::open(path)?;
        Store::prepare_sqlite(connection, durability)
    }

    pub fn in_memory() -> anyhow::Result<Store> {
        Store::prepare_sqlite(Connection::open_in_memory()?, Durability::Full)
    }

    /// The store `db` names: a `postgres://` URL, or a SQLite file (created
    /// when missing). PostgreSQL gets a pool of `pool_size` connections.
    pub async fn connect(
        db: &str,
        durability: Durability,
        pool_size: usize,
    ) -> anyhow::Result<Store> {
        if is_postgres_url(db) {
            Store::connect_postgres(db, pool_size).await
        } else {
            Store::open_with(Path::new(db), durability)
        }
    }

    /// Connects to PostgreSQL and brings its schema up to date.
    pub async fn connect_postgres(url: &str, pool_size: usize) -> anyhow::Result<Store> {
        let store = Store::postgres_pool(url, pool_size)?;
        let Backend::Postgres { pool, .. } = &*store.backend else {
            unreachable!("postgres_pool makes a PostgreSQL store");
        };
        let mut client = pool.get().await.context("connecting to PostgreSQL")?;
        migrate_postgres(&mut client).await?;
        drop(client);
        Ok(store)
    }

    /// [`Store::connect_postgres`] for a caller outside async code: the
    /// migrations run on a thread of their own, and the pool's connections
    /// are made later, on the runtime of whoever uses the store.
    pub fn connect_postgres_blocking(url: &str, pool_size: usize) -> anyhow::Result<Store> {
        let migrate_url = url.to_owned();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(Store::connect_postgres(&migrate_url, 1))?;
            anyhow::Ok(())
        })
        .join()
        .map_err(|_| anyhow::anyhow!("the migration thread panicked"))??;
        Store::postgres_pool(url, pool_size)
    }

    /// The pools of connections to `url`, none made yet.
    fn postgres_pool(url: &str, pool_size: usize) -> anyhow::Result<Store> {
        let pool = |size: usize, options: Option<&str>| {
            let mut config = deadpool_postgres::Config::new();
            config.url = Some(url.to_owned());
            config.options = options.map(str::to_owned);
            config.manager = Some(deadpool_postgres::ManagerConfig {
                recycling_method: deadpool_postgres::RecyclingMethod::Fast,
            });
            let mut pool_config = deadpool_postgres::PoolConfig::new(size.max(1));
            // A request waits this long for a connection before it is
            // answered `503` with `Retry-After`: the database is away or
            // overloaded.
            pool_config.timeouts = deadpool_postgres::Timeouts {
                wait: Some(Duration::from_secs(5)),
                create: Some(Duration::from_secs(3)),
                recycle: Some(Duration::from_secs(3)),
            };
            config.pool = Some(pool_config);
            config
                .create_pool(
                    Some(deadpool_postgres::Runtime::Tokio1),
                    tokio_postgres::NoTls,
                )
                .context("reading the PostgreSQL URL")
        };
        Ok(Store {
            backend: Arc::new(Backend::Postgres {
                pool: pool(pool_size, None)?,
                relaxed: pool(pool_size.div_ceil(4), Some("-c synchronous_commit=off"))?,
            }),
        })
    }

    fn prepare_sqlite(mut connection: Connection, durability: Durability) -> anyhow::Result<Store> {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        let synchronous = match durability {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        };
        connection.pragma_update(None, "synchronous", synchronous)?;
        connection.busy_timeout(Duration::from_secs(5))?;
        let version: usize =
            connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
        anyhow::ensure!(
            version <= SQLITE_MIGRATIONS.len(),
            "the database's schema is version {version}, newer than this server's {}: run the campaign-server that migrated it",
            SQLITE_MIGRATIONS.len()
        );
        let transaction = connection.transaction()?;
        for (index, migration) in SQLITE_MIGRATIONS.iter().enumerate().skip(version) {
            transaction.execute_batch(migration)?;
            transaction.pragma_update(None, "user_version", index + 1)?;
        }
        transaction.commit()?;
        Ok(Store {
            backend: Arc::new(Backend::Sqlite(Mutex::new(connection))),
        })
    }

    /// Whether several servers may share this store (PostgreSQL), so that
    /// what must hold across them is counted here rather than in a process.
    pub fn is_shared(&self) -> bool {
        matches!(*self.backend, Backend::Postgres { .. })
    }

    /// Runs `work` on the SQLite connection, here and now (on a blocking
    /// thread already); `Err` when the store is PostgreSQL.
    pub(crate) fn with_sqlite<T>(&self, work: impl FnOnce(&Db<'_>) -> T) -> DbResult<T> {
        match &*self.backend {
            Backend::Sqlite(connection) => {
                let guard = connection
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                Ok(work(&Db::Sqlite(&guard)))
            }
            Backend::Postgres { .. } => Err(DbError::NotSqlite),
        }
    }

    /// Runs one statement on its own, committed as it returns, whose loss
    /// in a crash harms nobody (a rate count): on PostgreSQL straight from
    /// the async runtime, on a connection whose commits do not wait for the
    /// disk, so it costs one round trip.
    pub(crate) async fn relaxed_statement(
        &self,
        sql: &'static str,
        args: Vec<Value>,
    ) -> anyhow::Result<Vec<Row>> {
        match &*self.backend {
            Backend::Sqlite(_) => self.write(move |db| db.query(sql, &args)).await,
            Backend::Postgres { relaxed, .. } => {
                let run = async {
                    let client = relaxed.get().await?;
                    let statement = client.prepare_cached(&postgres_spelling(sql)).await?;
                    let rows = client.query(&statement, &pg_params(&args)).await?;
                    pg_rows(&rows)
                };
                run.await.map_err(into_anyhow)
            }
        }
    }

    /// Runs `work` outside a transaction: one consistent statement at a time.
    pub(crate) async fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Db<'_>) -> DbResult<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let backend = self.backend.clone();
        let result = tokio::task::spawn_blocking(move || match &*backend {
            Backend::Sqlite(connection) => {
                let guard = connection
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                work(&Db::Sqlite(&guard))
            }
            Backend::Postgres { pool, .. } => {
                let runtime = Handle::current();
                let client = runtime.block_on(pool.get())?;
                work(&Db::Postgres {
                    session: PgSession::Client(&client),
                    runtime: &runtime,
                })
            }
        })
        .await?;
        result.map_err(into_anyhow)
    }

    /// Runs `work` in one write transaction and commits it when `work`
    /// returns `Ok`; an `Err` rolls everything back.
    ///
    /// On PostgreSQL `work` may run more than once (see the module
    /// documentation), so it must not act outside the database.
    pub(crate) async fn write<T: Send + 'static>(
        &self,
        mut work: impl FnMut(&Db<'_>) -> DbResult<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let backend = self.backend.clone();
        let result = tokio::task::spawn_blocking(move || match &*backend {
            Backend::Sqlite(connection) => {
                let mut guard = connection
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                let transaction =
                    guard.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let value = work(&Db::Sqlite(&transaction))?;
                transaction.commit()?;
                Ok(value)
            }
            Backend::Postgres { pool, .. } => {
                let runtime = Handle::current();
                let mut client = runtime.block_on(pool.get())?;
                let mut attempt = 0;
                loop {
                    attempt += 1;
                    let result = write_once(&runtime, &mut client, &mut work);
                    match result {
                        Err(err) if err.is_retryable() && attempt < WRITE_ATTEMPTS => {
                            // Let the winner finish; a little jitter keeps
                            // the losers from meeting again in step.
                            let jitter = u64::from(rand_byte()) % 8;
                            std::thread::sleep(Duration::from_millis(
                                u64::from(attempt) * 2 + jitter,
                            ));
                        }
                        other => break other,
                    }
                }
            }
        })
        .await?;
        result.map_err(into_anyhow)
    }
}

fn write_once<T>(
    runtime: &Handle,
    client: &mut deadpool_postgres::Client,
    work: &mut impl FnMut(&Db<'_>) -> DbResult<T>,
) -> DbResult<T> {
    let transaction = runtime.block_on(client.transaction())?;
    let value = work(&Db::Postgres {
        session: PgSession::Transaction(&transaction),
        runtime,
    });
    match value {
        Ok(value) => {
            runtime.block_on(transaction.commit())?;
            Ok(value)
        }
        Err(err) => {
            // Dropping the transaction rolls it back; saying so now frees the
            // connection for the next attempt at once.
            let _ = runtime.block_on(transaction.rollback());
            Err(err)
        }
    }
}

fn rand_byte() -> u8 {
    let mut byte = [0u8; 1];
    // Jitter only: a failed read of the OS's randomness leaves it at 0.
    let _ = getrandom::fill(&mut byte);
    byte[0]
}

fn into_anyhow(err: DbError) -> anyhow::Error {
    if err.is_unavailable() {
        anyhow::Error::new(Unavailable(err.to_string()))
    } else {
        anyhow::Error::new(err)
    }
}

/// Applies the migrations this database has not had, holding an advisory
/// lock so that servers starting together migrate one after another.
async fn migrate_postgres(client: &mut deadpool_postgres::Client) -> anyhow::Result<()> {
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .await
        .context("waiting for the migration lock")?;
    let result = async {
        client
            .batch_execute(
                "CREATE TABLE IF NOT EXISTS schema_version (
                     version BIGINT PRIMARY KEY,
                     applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                 )",
            )
            .await?;
        let row = client
            .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
            .await?;
        let version: i64 = row.try_get(0)?;
        let known = POSTGRES_MIGRATIONS.last().map_or(0, |(target, _)| *target);
        if version > known {
            return Ok(Err(anyhow::anyhow!(
                "the database's schema is version {version}, newer than this server's {known}: run the campaign-server that migrated it"
            )));
        }
        for (target, migration) in POSTGRES_MIGRATIONS {
            if target <= version {
                continue;
            }
            let transaction = client.transaction().await?;
            transaction.batch_execute(migration).await?;
            transaction
                .execute(
                    "INSERT INTO schema_version (version) VALUES ($1)",
                    &[&target],
                )
                .await?;
            transaction.commit().await?;
            tracing::info!(version = target, "migrated the PostgreSQL schema");
        }
        Ok::<_, tokio_postgres::Error>(Ok(()))
    }
    .await;
    let unlocked = client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
        .await;
    result.context("migrating the PostgreSQL schema")??;
    unlocked.context("releasing the migration lock")?;
    Ok(())
}
