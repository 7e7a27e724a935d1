//! `campaign-server migrate`: a SQLite campaign's rows, copied into
//! PostgreSQL in one transaction, so the copy is whole or not there at all.

use std::collections::BTreeMap;

use crate::store::connection::Store;
use crate::store::db::{Db, DbError, Value};

/// Every table of the schema, in an order that keeps no reference dangling
/// partway (none is enforced, but a reader of a half-done copy would see
/// results before what points at them).
pub(crate) const TABLES: [&str; 12] = [
    "submissions",
    "events",
    "reward_codes",
    "group_assignments",
    "prize_stock",
    "draws",
    "draw_bonuses",
    "invite_codes",
    "referral_visits",
    "posters",
    "course_signups",
    "checkins",
];

/// Rows read from SQLite at a time.
const BATCH: i64 = 500;

impl Store {
    /// Copies every row of this SQLite store into `target`, a PostgreSQL store
    /// that must hold no rows yet; rows copied, by table. Rows keep their
    /// order, so cursors and "first come" rules read the same afterwards.
    pub async fn copy_into(&self, target: &Store) -> anyhow::Result<BTreeMap<String, u64>> {
        anyhow::ensure!(
            !self.is_shared() && target.is_shared(),
            "migrate copies a SQLite database into PostgreSQL"
        );
        let source = self.clone();
        let copied = target
            .write(move |postgres| {
                let mut copied = BTreeMap::new();
                for table in TABLES {
                    let held: i64 =
                        postgres.value(&format!("SELECT COUNT(*) FROM {table}"), &[])?;
                    if held > 0 {
                        return Ok(Err(format!(
                            "the PostgreSQL database already holds rows in `{table}`: migrate into an empty one"
                        )));
                    }
                }
                for table in TABLES {
                    let count = source.with_sqlite(|sqlite| copy_table(sqlite, postgres, table))??;
                    copied.insert(table.to_owned(), count);
                }
                Ok(Ok(copied))
            })
            .await?;
        let copied = copied.map_err(anyhow::Error::msg)?;
        // Read back: what PostgreSQL holds now is what SQLite holds.
        for (table, count) in &copied {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let (here, there): (u64, u64) = (
                self.read({
                    let sql = sql.clone();
                    move |db| db.value(&sql, &[])
                })
                .await?,
                target.read(move |db| db.value(&sql, &[])).await?,
            );
            anyhow::ensure!(
                here == *count && there == *count,
                "`{table}`: {here} rows in SQLite, {there} in PostgreSQL after copying {count}"
            );
        }
        Ok(copied)
    }
}

fn copy_table(sqlite: &Db<'_>, postgres: &Db<'_>, table: &str) -> Result<u64, DbError> {
    let mut after = 0i64;
    let mut copied = 0u64;
    loop {
        let (names, rows) = sqlite.query_named(
            &format!("SELECT rowid, * FROM {table} WHERE rowid > ?1 ORDER BY rowid LIMIT ?2"),
            &[Value::Integer(after), Value::Integer(BATCH)],
        )?;
        let Some(last) = rows.last() else {
            return Ok(copied);
        };
        after = last.get(0)?;
        let columns = &names[1..];
        let insert = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            columns.join(", "),
            (1..=columns.len())
                .map(|index| format!("?{index}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for row in &rows {
            postgres.execute(&insert, &row.values()[1..])?;
            copied += 1;
        }
    }
}
