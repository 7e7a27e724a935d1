//! One way to talk to either database, so every query and every transaction
//! of the store is written once and runs on SQLite and on PostgreSQL alike.
//!
//! Statements are written in SQLite's spelling (`?1` parameters, `rowid`
//! cursors) in the subset both databases share, plus PostgreSQL's row locks
//! (`FOR UPDATE`, `FOR UPDATE SKIP LOCKED`), which SQLite does without: its
//! write transactions are serialised whole. [`Db`] translates each statement
//! for the database it runs on.
//!
//! Values cross as [`Value`]: integers, text, blobs, booleans and null, which
//! is all the schema holds. Every integer column is `BIGINT` on PostgreSQL, so
//! an `i64` fits every column on both.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

use bytes::BytesMut;
use tokio::runtime::Handle;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

/// A value in a statement or a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    Bool(bool),
}

/// The arguments of a statement, each turned into a [`Value`] (by reference:
/// a closure that may run again keeps what it owns).
macro_rules! args {
    ($($arg:expr),* $(,)?) => {
        &[$($crate::store::db::ToValue::to_value(&$arg)),*][..]
    };
}
pub(crate) use args;

/// A Rust value a statement takes.
pub(crate) trait ToValue {
    fn to_value(&self) -> Value;
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        // Stored as 0 or 1 on both databases, as SQLite has no booleans.
        Value::Integer(i64::from(*self))
    }
}
macro_rules! integers {
    ($($int:ty),*) => {$(
        impl ToValue for $int {
            fn to_value(&self) -> Value {
                // Every value the store writes fits: ids, counts, milliseconds.
                Value::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
integers!(i64, i32, u32, u64, usize);
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// Why a statement failed.
#[derive(Debug)]
pub(crate) enum DbError {
    Sqlite(rusqlite::Error),
    Postgres(tokio_postgres::Error),
    Pool(deadpool_postgres::PoolError),
    /// A stored value is not of the type asked for.
    Type {
        column: usize,
        wanted: &'static str,
        found: String,
    },
    /// The row has fewer columns than asked for.
    NoColumn(usize),
    /// A statement that returns one row returned none.
    NoRow,
    /// Asked of a SQLite store only, of a PostgreSQL one.
    NotSqlite,
}

pub(crate) type DbResult<T> = Result<T, DbError>;

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(err) => write!(f, "SQLite: {err}"),
            DbError::Postgres(err) => match err.as_db_error() {
                Some(db) => write!(f, "PostgreSQL: {}: {}", db.code().code(), db.message()),
                None => write!(f, "PostgreSQL: {err}"),
            },
            DbError::Pool(err) => write!(f, "PostgreSQL pool: {err}"),
            DbError::Type {
                column,
                wanted,
                found,
            } => write!(f, "column {column} holds {found}, not {wanted}"),
            DbError::NoColumn(column) => write!(f, "no column {column}"),
            DbError::NoRow => f.write_str("the statement returned no row"),
            DbError::NotSqlite => f.write_str("this needs a SQLite store"),
        }
    }
}

impl StdError for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(err: rusqlite::Error) -> DbError {
        DbError::Sqlite(err)
    }
}
impl From<tokio_postgres::Error> for DbError {
    fn from(err: tokio_postgres::Error) -> DbError {
        DbError::Postgres(err)
    }
}
impl From<deadpool_postgres::PoolError> for DbError {
    fn from(err: deadpool_postgres::PoolError) -> DbError {
        DbError::Pool(err)
    }
}

impl DbError {
    /// A conflict another transaction caused, that running the same
    /// transaction again resolves: its checks then see what the other one
    /// committed (a duplicate id, a seat just taken, a deadlock's victim).
    pub(crate) fn is_retryable(&self) -> bool {
        let code = match self {
            DbError::Postgres(err) => err.code(),
            // SQLite's write transactions are serialised, so a conflict there
            // is never a race to run again.
            _ => return false,
        };
        [
            SqlState::UNIQUE_VIOLATION,
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
        ]
        .iter()
        .any(|state| Some(state) == code)
    }

    /// The database cannot be reached (or is shutting down): the request may
    /// be retried later, and the client is told so with `503`.
    pub(crate) fn is_unavailable(&self) -> bool {
        match self {
            DbError::Pool(_) => true,
            DbError::Postgres(err) => {
                err.is_closed()
                    || StdError::source(err).is_some_and(|source| source.is::<std::io::Error>())
                    || err.code().is_some_and(|code| {
                        code.code().starts_with("08")
                            || *code == SqlState::ADMIN_SHUTDOWN
                            || *code == SqlState::CRASH_SHUTDOWN
                            || *code == SqlState::CANNOT_CONNECT_NOW
                            || *code == SqlState::TOO_MANY_CONNECTIONS
                    })
            }
            DbError::Sqlite(rusqlite::Error::SqliteFailure(failure, _)) => {
                failure.code == rusqlite::ErrorCode::DatabaseBusy
                    || failure.code == rusqlite::ErrorCode::DatabaseLocked
            }
            _ => false,
        }
    }
}

/// One row read, with its columns' names.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    values: Vec<Value>,
}

impl Row {
    /// Column `index` as `T`.
    pub(crate) fn get<T: FromValue>(&self, index: usize) -> DbResult<T> {
        let value = self.values.get(index).ok_or(DbError::NoColumn(index))?;
        T::from_value(value).ok_or_else(|| DbError::Type {
            column: index,
            wanted: std::any::type_name::<T>(),
            found: format!("{value:?}"),
        })
    }

    pub(crate) fn values(&self) -> &[Value] {
        &self.values
    }
}

/// A Rust type a stored value reads as.
pub(crate) trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<i64> {
        match value {
            Value::Integer(number) => Some(*number),
            Value::Bool(flag) => Some(i64::from(*flag)),
            _ => None,
        }
    }
}
macro_rules! narrow_integers {
    ($($int:ty),*) => {$(
        impl FromValue for $int {
            fn from_value(value: &Value) -> Option<$int> {
                <$int>::try_from(i64::from_value(value)?).ok()
            }
        }
    )*};
}
narrow_integers!(u32, u64, usize, i32);
impl FromValue for bool {
    fn from_value(value: &Value) -> Option<bool> {
        match value {
            Value::Bool(flag) => Some(*flag),
            Value::Integer(number) => Some(*number != 0),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(value: &Value) -> Option<String> {
        match value {
            Value::Text(text) => Some(text.clone()),
            _ => None,
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Option<Vec<u8>> {
        match value {
            Value::Blob(bytes) => Some(bytes.clone()),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Option<T>> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// Which database a statement runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection (or a transaction on one) that statements run on.
pub(crate) enum Db<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres {
        session: PgSession<'a>,
        /// The server's runtime, which drives the connection; statements run
        /// on the blocking pool and wait on it.
        runtime: &'a Handle,
    },
}

pub(crate) enum PgSession<'a> {
    Transaction(&'a deadpool_postgres::Transaction<'a>),
    Client(&'a deadpool_postgres::Client),
}

impl Db<'_> {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres { .. } => Dialect::Postgres,
        }
    }

    /// Runs a statement; how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, args: &[Value]) -> DbResult<u64> {
        match self {
            Db::Sqlite(connection) => {
                let mut statement = connection.prepare_cached(&sqlite_spelling(sql))?;
                let changed = statement.execute(rusqlite::params_from_iter(args.iter()))?;
                Ok(u64::try_from(changed).unwrap_or(u64::MAX))
            }
            Db::Postgres { session, runtime } => {
                let sql = postgres_spelling(sql);
                let params = pg_params(args);
                runtime.block_on(async {
                    Ok(match session {
                        PgSession::Transaction(transaction) => {
                            let statement = transaction.prepare_cached(&sql).await?;
                            transaction.execute(&statement, &params).await?
                        }
                        PgSession::Client(client) => {
                            let statement = client.prepare_cached(&sql).await?;
                            client.execute(&statement, &params).await?
                        }
                    })
                })
            }
        }
    }

    /// Runs a statement and reads every row it returns.
    pub(crate) fn query(&self, sql: &str, args: &[Value]) -> DbResult<Vec<Row>> {
        Ok(self.query_named(sql, args)?.1)
    }

    /// [`Db::query`], with the names of the columns.
    pub(crate) fn query_named(
        &self,
        sql: &str,
        args: &[Value],
    ) -> DbResult<(Vec<String>, Vec<Row>)> {
        match self {
            Db::Sqlite(connection) => {
                let mut statement = connection.prepare_cached(&sqlite_spelling(sql))?;
                let names: Vec<String> = statement
                    .column_names()
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                let columns = names.len();
                let mut rows = statement.query(rusqlite::params_from_iter(args.iter()))?;
                let mut read = Vec::new();
                while let Some(row) = rows.next()? {
                    let values = (0..columns)
                        .map(|index| Ok(sqlite_value(row.get_ref(index)?)))
                        .collect::<rusqlite::Result<Vec<Value>>>()?;
                    read.push(Row { values });
                }
                Ok((names, read))
            }
            Db::Postgres { session, runtime } => {
                let sql = postgres_spelling(sql);
                let params = pg_params(args);
                let rows = runtime.block_on(async {
                    Ok::<_, DbError>(match session {
                        PgSession::Transaction(transaction) => {
                            let statement = transaction.prepare_cached(&sql).await?;
                            transaction.query(&statement, &params).await?
                        }
                        PgSession::Client(client) => {
                            let statement = client.prepare_cached(&sql).await?;
                            client.query(&statement, &params).await?
                        }
                    })
                })?;
                let names = rows.first().map_or_else(Vec::new, |row| {
                    row.columns()
                        .iter()
                        .map(|column| column.name().to_owned())
                        .collect()
                });
                Ok((names, pg_rows(&rows)?))
            }
        }
    }

    /// The first row, if the statement returns any.
    pub(crate) fn query_opt(&self, sql: &str, args: &[Value]) -> DbResult<Option<Row>> {
        Ok(self.query(sql, args)?.into_iter().next())
    }

    /// The first row; [`DbError::NoRow`] when there is none.
    pub(crate) fn query_one(&self, sql: &str, args: &[Value]) -> DbResult<Row> {
        self.query_opt(sql, args)?.ok_or(DbError::NoRow)
    }

    /// Column 0 of the first row.
    pub(crate) fn value<T: FromValue>(&self, sql: &str, args: &[Value]) -> DbResult<T> {
        self.query_one(sql, args)?.get(0)
    }

    /// Column 0 of the first row, if there is a row.
    pub(crate) fn value_opt<T: FromValue>(&self, sql: &str, args: &[Value]) -> DbResult<Option<T>> {
        self.query_opt(sql, args)?.map(|row| row.get(0)).transpose()
    }

    /// Holds `key` until this transaction ends, so that transactions that
    /// read before they write the same person's or page's rows (chances, a
    /// once-per-person check, seats) take turns across every server. A lock
    /// in the database, never in the process. SQLite needs none: its write
    /// transactions already take turns.
    pub(crate) fn lock(&self, key: &str) -> DbResult<()> {
        match self.dialect() {
            Dialect::Sqlite => Ok(()),
            Dialect::Postgres => {
                self.query(
                    "SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))",
                    args![key],
                )?;
                Ok(())
            }
        }
    }
}

/// PostgreSQL's own spelling of a statement: `$1` for `?1`, the `seq` column
/// for SQLite's implicit `rowid`.
pub(crate) fn postgres_spelling(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out.replace("rowid", "seq")
}

/// SQLite's: without row locks, which its serialised writes make moot.
fn sqlite_spelling(sql: &str) -> Cow<'_, str> {
    if sql.contains(" FOR UPDATE") {
        Cow::Owned(
            sql.replace(" FOR UPDATE SKIP LOCKED", "")
                .replace(" FOR UPDATE", ""),
        )
    } else {
        Cow::Borrowed(sql)
    }
}

/// PostgreSQL's rows as [`Row`]s.
pub(crate) fn pg_rows(rows: &[tokio_postgres::Row]) -> DbResult<Vec<Row>> {
    rows.iter()
        .map(|row| {
            let values = (0..row.len())
                .map(|index| row.try_get::<_, Value>(index))
                .collect::<Result<Vec<Value>, _>>()?;
            Ok(Row { values })
        })
        .collect()
}

pub(crate) fn pg_params(args: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter().map(|arg| arg as &(dyn ToSql + Sync)).collect()
}

fn sqlite_value(value: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(number) => Value::Integer(number),
        ValueRef::Real(number) => Value::Real(number),
        ValueRef::Text(text) => Value::Text(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(number) => ValueRef::Integer(*number),
            Value::Real(number) => ValueRef::Real(*number),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Blob(bytes) => ValueRef::Blob(bytes),
            Value::Bool(flag) => ValueRef::Integer(i64::from(*flag)),
        }))
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for Value {
    /// Encodes the value as the type PostgreSQL inferred for the parameter.
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(number), &Type::INT8) => number.to_sql(ty, out),
            (Value::Integer(number), &Type::INT4) => i32::try_from(*number)?.to_sql(ty, out),
            (Value::Integer(number), &Type::INT2) => i16::try_from(*number)?.to_sql(ty, out),
            (Value::Integer(number), &Type::BOOL) => (*number != 0).to_sql(ty, out),
            (Value::Integer(number), &Type::FLOAT8) => (*number as f64).to_sql(ty, out),
            (Value::Integer(number), &Type::TEXT | &Type::VARCHAR) => {
                number.to_string().to_sql(ty, out)
            }
            (Value::Real(number), &Type::FLOAT8) => number.to_sql(ty, out),
            (Value::Text(text), _) => text.as_str().to_sql(ty, out),
            (Value::Blob(bytes), &Type::BYTEA) => bytes.as_slice().to_sql(ty, out),
            (Value::Bool(flag), &Type::BOOL) => flag.to_sql(ty, out),
            (Value::Bool(flag), &Type::INT8) => i64::from(*flag).to_sql(ty, out),
            (value, ty) => Err(format!("cannot store {value:?} as {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Checked value by value in `to_sql`.
        true
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Value, BoxError> {
        Ok(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Value::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::BYTEA => Value::Blob(<Vec<u8>>::from_sql(ty, raw)?),
            _ => Value::Text(String::from_sql(ty, raw)?),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Value, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8
                | Type::INT4
                | Type::INT2
                | Type::BOOL
                | Type::FLOAT8
                | Type::FLOAT4
                | Type::BYTEA
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
                | Type::VOID
        ) || <String as FromSql>::accepts(ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_read_in_postgres_spelling() {
        assert_eq!(
            postgres_spelling("SELECT rowid FROM t WHERE a = ?1 AND b = ?12 AND c = '?'"),
            "SELECT seq FROM t WHERE a = $1 AND b = $12 AND c = '?'"
        );
        assert_eq!(
            sqlite_spelling("SELECT 1 FROM t LIMIT 1 FOR UPDATE SKIP LOCKED"),
            "SELECT 1 FROM t LIMIT 1"
        );
    }
}
