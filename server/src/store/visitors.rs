//! Everything stored about one visitor, to hand over or to erase (PIPL gives
//! people both rights).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::store::connection::Store;
use crate::store::db::{Db, DbResult, Value as Stored, args};

/// Every column that names a visitor, by table. A table added later that
/// stores a visitor id must be listed here: the erasure test looks through
/// every table for any trace of the visitor and fails otherwise.
const VISITOR_COLUMNS: [(&str, &str); 10] = [
    ("submissions", "visitor_id"),
    ("course_signups", "visitor_id"),
    ("checkins", "visitor_id"),
    ("events", "visitor_id"),
    ("group_assignments", "visitor_id"),
    ("draws", "visitor_id"),
    ("draw_bonuses", "visitor_id"),
    ("invite_codes", "visitor_id"),
    ("referral_visits", "visitor_id"),
    // Friends' visits credited to this member name them as the inviter.
    ("referral_visits", "inviter_visitor_id"),
];

impl Store {
    /// Every row that names `visitor_id`, by table, as column → value objects.
    pub(crate) async fn visitor_rows(
        &self,
        visitor_id: String,
    ) -> anyhow::Result<BTreeMap<String, Vec<Value>>> {
        self.read(move |connection| {
            let mut tables: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            for (table, column) in VISITOR_COLUMNS {
                let rows = rows_where(connection, table, column, &visitor_id)?;
                if !rows.is_empty() {
                    tables.entry(table.to_owned()).or_default().extend(rows);
                }
            }
            Ok(tables)
        })
        .await
    }

    /// Deletes every row that names `visitor_id`, in one transaction; how many
    /// went from each table. Reward codes the visitor was given stay used (the
    /// code is not handed to anyone else), but nothing links them to the
    /// visitor any more.
    pub(crate) async fn erase_visitor(
        &self,
        visitor_id: String,
    ) -> anyhow::Result<BTreeMap<String, usize>> {
        self.write(move |transaction| {
            let mut removed: BTreeMap<String, usize> = BTreeMap::new();
            for (table, column) in VISITOR_COLUMNS {
                let count = transaction.execute(
                    &format!("DELETE FROM {table} WHERE {column} = ?1"),
                    args![visitor_id],
                )?;
                if count > 0 {
                    *removed.entry(table.to_owned()).or_default() +=
                        usize::try_from(count).unwrap_or(usize::MAX);
                }
            }
            // The visitor's rate count of this minute names them too (only
            // where servers share limits); it is no data of theirs to hand
            // over, so it is erased without being reported.
            transaction.execute(
                "DELETE FROM rate_windows WHERE key = ?1",
                args![format!("visitor:{visitor_id}")],
            )?;
            Ok(removed)
        })
        .await
    }
}

fn rows_where(db: &Db<'_>, table: &str, column: &str, visitor_id: &str) -> DbResult<Vec<Value>> {
    let (names, rows) = db.query_named(
        &format!("SELECT * FROM {table} WHERE {column} = ?1"),
        args![visitor_id],
    )?;
    Ok(rows
        .iter()
        .map(|row| {
            let mut object = Map::new();
            for (name, value) in names.iter().zip(row.values()) {
                // PostgreSQL's cursor column is not the visitor's data.
                if name != "seq" {
                    object.insert(name.clone(), json_of(value));
                }
            }
            Value::Object(object)
        })
        .collect())
}

/// A stored value as JSON; text that holds JSON (payloads, event data) as the
/// JSON it holds, blobs by their size only.
fn json_of(value: &Stored) -> Value {
    match value {
        Stored::Null => Value::Null,
        Stored::Integer(number) => Value::from(*number),
        Stored::Real(number) => Value::from(*number),
        Stored::Bool(flag) => Value::from(*flag),
        Stored::Text(text) => match text.chars().next() {
            Some('{' | '[') => serde_json::from_str(text).unwrap_or(Value::String(text.clone())),
            _ => Value::String(text.clone()),
        },
        Stored::Blob(bytes) => Value::from(format!("({} bytes)", bytes.len())),
    }
}
