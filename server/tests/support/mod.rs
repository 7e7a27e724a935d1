//! The store the integration tests run on: SQLite by default, PostgreSQL when
//! `CK_TEST_POSTGRES` names a cluster's admin database (`cargo xtask test`
//! starts a throwaway cluster and runs these suites a second time on it).
//! One suite, both backends.

#![allow(dead_code)]

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Mutex;

use campaign_server::store::Store;

/// The admin URL of the PostgreSQL cluster to test on, if any.
pub fn postgres() -> Option<String> {
    std::env::var("CK_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

pub fn on_postgres() -> bool {
    postgres().is_some()
}

/// Databases made by this test process: opening the same path again (a
/// restart) finds its data, as a SQLite file would.
static MADE: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// The store at `path`: that SQLite file, or on PostgreSQL a database of its
/// own, named after the path.
pub fn store(path: &Path) -> Store {
    let Some(admin) = postgres() else {
        return Store::open(path).unwrap();
    };
    let url = database(&admin, path);
    Store::connect_postgres_blocking(&url, 4).unwrap()
}

/// The URL of the test database for `path`, made empty the first time.
pub fn database(admin: &str, path: &Path) -> String {
    let mut hasher = DefaultHasher::new();
    path.hash(&mut hasher);
    let name = format!("ck_test_{:016x}", hasher.finish());
    let fresh = MADE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get_or_insert_with(HashSet::new)
        .insert(name.clone());
    if fresh {
        let made = name.clone();
        on_postgres_thread(admin.to_owned(), move |client| {
            Box::pin(async move {
                client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {made}"))
                    .await
                    .unwrap();
                client
                    .batch_execute(&format!("CREATE DATABASE {made}"))
                    .await
                    .unwrap();
            })
        });
    }
    match admin.rfind('/') {
        Some(slash) => format!("{}/{name}", &admin[..slash]),
        None => panic!("CK_TEST_POSTGRES `{admin}` names no database"),
    }
}

/// Runs `sql` on the database at `path` directly, past the server (tests
/// that move stored times into the past); how many rows it changed.
pub fn execute(path: &Path, sql: &str) -> u64 {
    match postgres() {
        None => {
            let connection = rusqlite::Connection::open(path).unwrap();
            connection.execute(sql, []).unwrap() as u64
        }
        Some(admin) => {
            let url = database(&admin, path);
            let sql = sql.to_owned();
            on_postgres_thread(url, move |client| {
                Box::pin(async move { client.execute(&sql, &[]).await.unwrap() })
            })
        }
    }
}

/// The one number `sql` reads from the database at `path`.
pub fn number(path: &Path, sql: &str) -> i64 {
    match postgres() {
        None => {
            let connection = rusqlite::Connection::open(path).unwrap();
            connection.query_row(sql, [], |row| row.get(0)).unwrap()
        }
        Some(admin) => {
            let url = database(&admin, path);
            let sql = sql.to_owned();
            on_postgres_thread(url, move |client| {
                Box::pin(async move { client.query_one(&sql, &[]).await.unwrap().get(0) })
            })
        }
    }
}

/// Every `(table, column)` of the schema at `path`.
pub fn columns(path: &Path) -> Vec<(String, String)> {
    match postgres() {
        None => {
            let connection = rusqlite::Connection::open(path).unwrap();
            let mut statement = connection
                .prepare(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                     WHERE m.type = 'table'",
                )
                .unwrap();
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        }
        Some(admin) => {
            let url = database(&admin, path);
            on_postgres_thread(url, |client| {
                Box::pin(async move {
                    client
                        .query(
                            "SELECT table_name::text, column_name::text FROM information_schema.columns
                             WHERE table_schema = 'public'",
                            &[],
                        )
                        .await
                        .unwrap()
                        .iter()
                        .map(|row| (row.get(0), row.get(1)))
                        .collect()
                })
            })
        }
    }
}

type Work<T> = Box<
    dyn for<'a> FnOnce(
            &'a tokio_postgres::Client,
        )
            -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>
        + Send,
>;

fn on_postgres_thread<T: Send + 'static>(
    url: String,
    work: impl for<'a> FnOnce(
        &'a tokio_postgres::Client,
    )
        -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>
    + Send
    + 'static,
) -> T {
    let work: Work<T> = Box::new(work);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(connection);
            work(&client).await
        })
    })
    .join()
    .unwrap()
}
