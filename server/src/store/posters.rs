//! Uploaded poster images, by a random 128-bit id, with a per-address quota.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::store::connection::Store;

/// Poster uploads one IP address may make per hour (repeats of an image already
/// uploaded from there are free).
const POSTERS_PER_IP_PER_HOUR: usize = 20;
const HOUR_MS: i64 = 3_600_000;

/// What became of a poster upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PosterStored {
    New(String),
    /// The same image was uploaded from this address before, under this id.
    Existing(String),
    /// The address used up its hourly uploads; seconds until one is free.
    OverQuota(u64),
}

impl Store {
    /// Stores a poster under `id`, unless the same image came from `ip` before
    /// or `ip` used up its hourly uploads.
    pub(crate) async fn insert_poster(
        &self,
        id: String,
        png: Vec<u8>,
        (width, height): (u32, u32),
        ip: Option<String>,
        now: i64,
    ) -> anyhow::Result<PosterStored> {
        self.run(move |connection| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing: Option<String> = transaction
                .query_row(
                    "SELECT id FROM posters WHERE ip IS ?1 AND length(png) = ?2 AND png = ?3",
                    params![ip, png.len(), png],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(existing) = existing {
                return Ok(PosterStored::Existing(existing));
            }
            if ip.is_some() {
                let recent: Vec<i64> = transaction
                    .prepare_cached(
                        "SELECT created_at FROM posters WHERE ip = ?1 AND created_at > ?2
                         ORDER BY created_at",
                    )?
                    .query_map(params![ip, now - HOUR_MS], |row| row.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if recent.len() >= POSTERS_PER_IP_PER_HOUR {
                    let oldest = recent.first().copied().unwrap_or(now);
                    let wait_ms = (oldest + HOUR_MS - now).max(1000);
                    return Ok(PosterStored::OverQuota(
                        u64::try_from((wait_ms + 999) / 1000).unwrap_or(1),
                    ));
                }
            }
            transaction.execute(
                "INSERT INTO posters (id, png, width, height, ip, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, png, width, height, ip, now],
            )?;
            transaction.commit()?;
            Ok(PosterStored::New(id))
        })
        .await
    }

    pub(crate) async fn poster(&self, id: String) -> anyhow::Result<Option<Vec<u8>>> {
        self.run(move |connection| {
            connection
                .query_row(
                    "SELECT png FROM posters WHERE id = ?1",
                    params![id],
                    |row| row.get(0),
                )
                .optional()
        })
        .await
    }
}
