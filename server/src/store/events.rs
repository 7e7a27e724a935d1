//! Analytics events, one row per event id.

use campaign_core::Event;
use rusqlite::params;

use crate::store::connection::Store;

impl Store {
    /// Stores events once per id; returns how many were new.
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
                for event in &events {
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
