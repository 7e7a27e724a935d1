//! Analytics events, one row per event id.

use campaign_core::Event;

use crate::store::connection::Store;
use crate::store::db::args;

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
        self.write(move |db| {
            let mut inserted = 0;
            for event in &events {
                let today: i64 = db.value(
                    "SELECT COUNT(*) FROM events WHERE visitor_id = ?1 AND received_at > ?2",
                    args![event.visitor_id, received_at - DAY_MS],
                )?;
                if today >= MAX_EVENTS_PER_VISITOR_PER_DAY {
                    continue;
                }
                inserted += db.execute(
                    "INSERT INTO events (id, page_id, visitor_id, name, client_ts, received_at, data, channel)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
                    args![
                        event.id,
                        event.page_id,
                        event.visitor_id,
                        event.name,
                        event.client_ts,
                        received_at,
                        event.data.to_string(),
                        event.channel,
                    ],
                )?;
            }
            Ok(usize::try_from(inserted).unwrap_or(usize::MAX))
        })
        .await
    }

    /// How many stored events have `name`.
    pub async fn count_events(&self, name: String) -> anyhow::Result<i64> {
        self.read(move |db| db.value("SELECT COUNT(*) FROM events WHERE name = ?1", args![name]))
            .await
    }
}
