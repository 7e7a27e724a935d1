//! Uploaded poster images, by a random 128-bit id, with a per-address quota.

use crate::store::connection::Store;
use crate::store::db::{DbResult, args};

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
        self.write(move |db| {
            if let Some(ip) = &ip {
                // The quota is counted and spent by one upload at a time.
                db.lock(&format!("posters:{ip}"))?;
            }
            let existing: Option<String> = db.value_opt(
                "SELECT id FROM posters WHERE ip IS NOT DISTINCT FROM ?1 AND length(png) = ?2 AND png = ?3",
                args![ip, png.len(), png],
            )?;
            if let Some(existing) = existing {
                return Ok(PosterStored::Existing(existing));
            }
            if ip.is_some() {
                let recent: Vec<i64> = db
                    .query(
                        "SELECT created_at FROM posters WHERE ip = ?1 AND created_at > ?2
                         ORDER BY created_at",
                        args![ip, now - HOUR_MS],
                    )?
                    .iter()
                    .map(|row| row.get(0))
                    .collect::<DbResult<_>>()?;
                if recent.len() >= POSTERS_PER_IP_PER_HOUR {
                    let oldest = recent.first().copied().unwrap_or(now);
                    let wait_ms = (oldest + HOUR_MS - now).max(1000);
                    return Ok(PosterStored::OverQuota(
                        u64::try_from((wait_ms + 999) / 1000).unwrap_or(1),
                    ));
                }
            }
            db.execute(
                "INSERT INTO posters (id, png, width, height, ip, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                args![id, png, width, height, ip, now],
            )?;
            Ok(PosterStored::New(id.clone()))
        })
        .await
    }

    pub(crate) async fn poster(&self, id: String) -> anyhow::Result<Option<Vec<u8>>> {
        self.read(move |db| db.value_opt("SELECT png FROM posters WHERE id = ?1", args![id]))
            .await
    }
}
