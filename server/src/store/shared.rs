//! State the servers of one campaign share through the database: the rate
//! limits that must hold across servers, and values fetched from elsewhere.

use crate::store::connection::Store;
use crate::store::db::{DbError, Value, args};

/// The length of a rate window.
pub const WINDOW_MS: i64 = 60_000;

impl Store {
    /// Counts one request for `key` in the current minute; past `limit`, the
    /// seconds until the next minute starts. One statement, atomic on every
    /// server: the database's row for (key, minute) is the count. Its commit
    /// does not wait for the disk: a count lost in a crash lets a person a
    /// few more requests in one minute, and waiting would double what every
    /// request costs.
    pub async fn take_from_window(
        &self,
        key: String,
        limit: u32,
        now: i64,
    ) -> anyhow::Result<Result<(), u64>> {
        let window_start = now - now.rem_euclid(WINDOW_MS);
        let rows = self
            .relaxed_statement(
                "INSERT INTO rate_windows (key, window_start, count) VALUES (?1, ?2, 1)
                 ON CONFLICT (key, window_start) DO UPDATE SET count = rate_windows.count + 1
                 RETURNING count",
                vec![Value::Text(key), Value::Integer(window_start)],
            )
            .await?;
        let count: i64 = rows
            .first()
            .ok_or(DbError::NoRow)
            .and_then(|row| row.get(0))
            .map_err(anyhow::Error::new)?;
        Ok(if count > i64::from(limit) {
            let wait_ms = window_start + WINDOW_MS - now;
            Err(u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1))
        } else {
            Ok(())
        })
    }

    /// The value cached under `key`, while it lives.
    pub async fn cached(&self, key: String, now: i64) -> anyhow::Result<Option<(String, i64)>> {
        self.read(move |db| {
            db.query_opt(
                "SELECT value, until FROM shared_cache WHERE key = ?1 AND until > ?2",
                args![key, now],
            )?
            .map(|row| Ok((row.get(0)?, row.get(1)?)))
            .transpose()
        })
        .await
    }

    /// Caches `value` under `key` until `until` (Unix ms), replacing what was there.
    pub async fn cache(&self, key: String, value: String, until: i64) -> anyhow::Result<()> {
        self.write(move |db| {
            db.execute(
                "INSERT INTO shared_cache (key, value, until) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, until = excluded.until",
                args![key, value, until],
            )?;
            Ok(())
        })
        .await
    }

    /// Forgets the value under `key` (WeChat said it is no longer valid).
    pub async fn uncache(&self, key: String) -> anyhow::Result<()> {
        self.write(move |db| {
            db.execute("DELETE FROM shared_cache WHERE key = ?1", args![key])?;
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_window_counts_to_its_limit_then_says_when_the_next_begins() {
        let store = Store::in_memory().unwrap();
        let now = 7 * WINDOW_MS + 15_000;
        for _ in 0..3 {
            assert_eq!(
                store.take_from_window("k".into(), 3, now).await.unwrap(),
                Ok(())
            );
        }
        assert_eq!(
            store.take_from_window("k".into(), 3, now).await.unwrap(),
            Err(45)
        );
        assert_eq!(
            store
                .take_from_window("other".into(), 3, now)
                .await
                .unwrap(),
            Ok(()),
            "keys are independent"
        );
        assert_eq!(
            store
                .take_from_window("k".into(), 3, now + 45_000)
                .await
                .unwrap(),
            Ok(()),
            "a new minute, a new count"
        );
    }

    #[tokio::test]
    async fn a_cached_value_lives_until_its_time() {
        let store = Store::in_memory().unwrap();
        store.cache("t".into(), "v1".into(), 1000).await.unwrap();
        assert_eq!(
            store.cached("t".into(), 999).await.unwrap(),
            Some(("v1".into(), 1000))
        );
        assert_eq!(store.cached("t".into(), 1000).await.unwrap(), None);
        store.cache("t".into(), "v2".into(), 5000).await.unwrap();
        assert_eq!(
            store.cached("t".into(), 1000).await.unwrap(),
            Some(("v2".into(), 5000))
        );
        store.uncache("t".into()).await.unwrap();
        assert_eq!(store.cached("t".into(), 1000).await.unwrap(), None);
    }
}
