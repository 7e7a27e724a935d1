//! Analytics events, one row per event id.

use campaign_core::Event;
use rusqlite::params;

use crate::store::connection::Store;

/// Events one visitor may store in any 24 hours. A person makes a few dozen
/// on a busy day; past this, a script is filling the table, and its events are
/// dropped (events are best effort; results never are).
pub const MAX_EVENTS_PER_VISITOR_PER_DAY: i64 = 1000;
const DAY_MS: i64 = 86_400_000;

impl Store {
    /// Stores events once per id, up to each visitor's daily cap; returns how
    /// many were new.
    pub async fn insert_events(
        &self,
        events: Vec<Event>,
        received_at: i64,
    ) -> anyhow::Result<usize> {
        self.run(move |connection| {
            let transaction = connection.transaction()?;
            let mut inserted = 0;
            {
                let mut statement = transaction.prepare(
                    "INSERT INTO events (id, page_id, visitor_id, name, client_ts, received_at, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
                )?;
                let mut stored_today = transaction.prepare(
                    "SELECT COUNT(*) FROM events WHERE visitor_id = ?1 AND received_at > ?2",
                )?;
                for event in &events {
                    let today: i64 = stored_today
                        .query_row(params![event.visitor_id, received_at - DAY_MS], |row| {
                            row.get(0)
                        })?;
                    if today >= MAX_EVENTS_PER_VISITOR_PER_DAY {
                        continue;
                    }
                    inserted += statement.execute(params![
                        event.id,
                        event.page_id,
                        event.visitor_id,
                        event.name,
                        event.client_ts,
                        received_at,
                        event.data.to_string(),
                    ])?;
                }
            }
            transaction.commit()?;
            Ok(inserted)
        })
        .await
    }

    /// How many stored events have `name`.
    pub async fn count_events(&self, name: String) -> anyhow::Result<i64> {
        self.run(move |connection| {
            connection.query_row(
                "SELECT COUNT(*) FROM events WHERE name = ?1",
                params![name],
                |row| row.get(0),
            )
        })
        .await
    }
}
