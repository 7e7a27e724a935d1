//! Forgetting on schedule: what the campaign no longer needs is removed, so
//! that a breach or a subpoena finds less, and the database stays small.

use std::collections::BTreeMap;

use crate::store::connection::Store;
use crate::store::db::args;

const DAY_MS: i64 = 86_400_000;

/// How long things are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Results, events, draws, invitations and their visits older than this
    /// many days are removed (`--retain-days`); `None` keeps them.
    pub results_days: Option<u32>,
    /// Uploaded posters older than this are removed (`--poster-days`): the
    /// person made theirs long ago and can make it again.
    pub poster_days: u32,
    /// Referral visits keep the friend's IP address this long: the burst rule
    /// needs minutes, staff reviewing a held invitation need a few weeks.
    pub referral_ip_days: u32,
    /// Posters keep the uploader's address this long, for the hourly quota.
    pub poster_ip_days: u32,
    /// Draws keep the winner's address this long, for the daily cap on wins
    /// per address of `device` campaigns.
    pub draw_address_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            results_days: None,
            poster_days: 30,
            referral_ip_days: 30,
            poster_ip_days: 1,
            draw_address_days: 2,
        }
    }
}

/// Rows older than the cut-off go, by table and time column.
const RESULT_TABLES: [(&str, &str); 10] = [
    ("submissions", "received_at"),
    ("course_signups", "signed_up_at"),
    ("checkins", "checked_at"),
    ("events", "received_at"),
    ("group_assignments", "assigned_at"),
    ("draws", "drawn_at"),
    ("draw_bonuses", "granted_at"),
    ("invite_codes", "created_at"),
    ("referral_visits", "first_seen_at"),
    ("posters", "created_at"),
];

impl Store {
    /// Applies `retention` as of `now`: what was removed or cleared, by
    /// `table` (rows deleted) or `table.ip` (addresses cleared).
    pub async fn purge(
        &self,
        retention: Retention,
        now: i64,
    ) -> anyhow::Result<BTreeMap<String, usize>> {
        self.write(move |transaction| {
            let before = |days: u32| now - i64::from(days) * DAY_MS;
            let mut done = BTreeMap::new();
            let mut note = |what: &str, count: u64| {
                if count > 0 {
                    *done.entry(what.to_owned()).or_insert(0) += usize::try_from(count).unwrap_or(usize::MAX);
                }
            };
            if let Some(days) = retention.results_days {
                for (table, column) in RESULT_TABLES {
                    let count = transaction.execute(
                        &format!("DELETE FROM {table} WHERE {column} < ?1"),
                        args![before(days)],
                    )?;
                    note(table, count);
                }
            }
            note(
                "posters",
                transaction.execute(
                    "DELETE FROM posters WHERE created_at < ?1",
                    args![before(retention.poster_days)],
                )?,
            );
            note(
                "referral_visits.ip",
                transaction.execute(
                    "UPDATE referral_visits SET ip = NULL WHERE ip IS NOT NULL AND first_seen_at < ?1",
                    args![before(retention.referral_ip_days)],
                )?,
            );
            note(
                "posters.ip",
                transaction.execute(
                    "UPDATE posters SET ip = NULL WHERE ip IS NOT NULL AND created_at < ?1",
                    args![before(retention.poster_ip_days)],
                )?,
            );
            note(
                "draws.address",
                transaction.execute(
                    "UPDATE draws SET address = NULL WHERE address IS NOT NULL AND drawn_at < ?1",
                    args![before(retention.draw_address_days)],
                )?,
            );
            // Housekeeping, not personal data, so not in the report: rate
            // windows live a minute, cached values until their time.
            transaction.execute(
                "DELETE FROM rate_windows WHERE window_start < ?1",
                args![now - 2 * crate::store::shared::WINDOW_MS],
            )?;
            transaction.execute("DELETE FROM shared_cache WHERE until < ?1", args![now])?;
            Ok(done)
        })
        .await
    }
}
