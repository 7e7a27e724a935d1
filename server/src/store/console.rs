//! What the console reads: the campaign's numbers counted by the database
//! (`GROUP BY`, never whole tables in memory), pages of rows by cursor, and
//! the decisions staff make on invitations held for review.

use campaign_core::wire::{ReferralMember, VisitStatus};

use crate::store::connection::Store;
use crate::store::db::{Db, DbResult, args};
use crate::store::page::{Page, page_size};
use crate::store::referrals::{MemberOrder, members, stored_status};

/// Milliseconds in a day, and Beijing's offset from UTC.
pub(crate) const DAY_MS: i64 = 86_400_000;
pub(crate) const BEIJING_OFFSET_MS: i64 = 8 * 3_600_000;

/// The Beijing day (days since 1970-01-01, Beijing time) of `unix_ms`.
pub(crate) fn beijing_day(unix_ms: i64) -> i64 {
    unix_ms.saturating_add(BEIJING_OFFSET_MS).div_euclid(DAY_MS)
}

/// The first millisecond of Beijing day `day`.
pub(crate) fn beijing_day_start(day: i64) -> i64 {
    day.saturating_mul(DAY_MS).saturating_sub(BEIJING_OFFSET_MS)
}

/// The SQL of a millisecond column's Beijing day (the columns are never
/// negative, so integer division floors on both databases).
fn day_of(column: &str) -> String {
    format!("(({column} + {BEIJING_OFFSET_MS}) / {DAY_MS})")
}

/// What a step of the funnel counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Views,
    Starts,
    Results,
}

/// One counted group: a page's step on a day, in total, or from a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Count {
    pub(crate) page_id: String,
    pub(crate) step: Step,
    pub(crate) count: u64,
}

/// A page's steps counted by day, in total, and by source.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    /// `(day, count)`, for days from the window's first on.
    pub(crate) daily: Vec<(i64, Count)>,
    pub(crate) total: Vec<Count>,
    /// `(channel, referred, count)`.
    pub(crate) sources: Vec<(Option<String>, bool, Count)>,
}

/// A table of results: where its rows' time, channel and invitation are.
struct ResultTable {
    table: &'static str,
    at: &'static str,
    channel: &'static str,
    referred: &'static str,
    /// The columns (by position) that the counts by source group by:
    /// PostgreSQL groups by no constant.
    group_by: &'static str,
}

const RESULT_TABLES: [ResultTable; 3] = [
    // Answers, sign-ups, check-ins and coupon claims: every envelope stored.
    ResultTable {
        table: "submissions",
        at: "received_at",
        channel: "channel",
        referred: "CASE WHEN referral_code IS NOT NULL THEN 1 ELSE 0 END",
        group_by: "1, 2, 3",
    },
    ResultTable {
        table: "draws",
        at: "drawn_at",
        channel: "channel",
        referred: "0",
        group_by: "1, 2",
    },
    // A referral page's result is a member's invite code.
    ResultTable {
        table: "invite_codes",
        at: "created_at",
        channel: "CAST(NULL AS TEXT)",
        referred: "0",
        group_by: "1",
    },
];

/// Whether a page view came with an invitation: the app sends
/// `{"referred": true}` (stored as serde_json writes it, without spaces).
const EVENT_REFERRED: &str = "CASE WHEN data LIKE '%\"referred\":true%' THEN 1 ELSE 0 END";

/// Decided on an invitation held for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Review {
    Decided(VisitStatus),
    /// The visitor has an invitation on the page, not held for review.
    NotHeld(VisitStatus),
    NoSuchVisit,
}

impl Store {
    /// Views, starts and results of every page, by Beijing day from
    /// `first_day` on, in total and by source.
    pub(crate) async fn funnel_counts(&self, first_day: i64) -> anyhow::Result<Counts> {
        self.read(move |db| funnel_counts(db, first_day)).await
    }

    /// Up to `limit` stored payloads of a page after the cursor (a row id),
    /// oldest first.
    pub(crate) async fn payloads(
        &self,
        page_id: String,
        after: i64,
        limit: usize,
    ) -> anyhow::Result<Vec<(i64, String)>> {
        self.read(move |db| {
            db.query(
                "SELECT rowid, payload FROM submissions WHERE page_id = ?1 AND rowid > ?2
                 ORDER BY rowid LIMIT ?3",
                args![page_id, after, limit],
            )?
            .iter()
            .map(|row| Ok((row.get(0)?, row.get(1)?)))
            .collect()
        })
        .await
    }

    /// Up to `limit` stored payloads of a page before the cursor (a row id),
    /// newest first, with when each was received.
    pub(crate) async fn payloads_before(
        &self,
        page_id: String,
        before: i64,
        limit: usize,
    ) -> anyhow::Result<Vec<(i64, String, i64)>> {
        self.read(move |db| {
            db.query(
                "SELECT rowid, payload, received_at FROM submissions WHERE page_id = ?1 AND rowid < ?2
                 ORDER BY rowid DESC LIMIT ?3",
                args![page_id, before, limit],
            )?
            .iter()
            .map(|row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .collect()
        })
        .await
    }

    /// A lottery page's numbers: `(prize_id, remaining)` of the stock,
    /// `(prize_id, won)`, `(day, draws, wins)` from `first_day` on, and the
    /// winners and how many of them are redeemed.
    pub(crate) async fn draw_stats(
        &self,
        page_id: String,
        first_day: i64,
    ) -> anyhow::Result<DrawCounts> {
        self.read(move |db| {
            let stock = db
                .query(
                    "SELECT prize_id, remaining FROM prize_stock WHERE page_id = ?1",
                    args![page_id],
                )?
                .iter()
                .map(|row| Ok((row.get(0)?, row.get(1)?)))
                .collect::<DbResult<_>>()?;
            let won = db
                .query(
                    "SELECT prize_id, COUNT(*) FROM draws WHERE page_id = ?1 GROUP BY prize_id",
                    args![page_id],
                )?
                .iter()
                .map(|row| Ok((row.get(0)?, row.get(1)?)))
                .collect::<DbResult<_>>()?;
            let daily = db
                .query(
                    "SELECT day, COUNT(*), COUNT(claim_code) FROM draws
                     WHERE page_id = ?1 AND day >= ?2 GROUP BY day",
                    args![page_id, first_day],
                )?
                .iter()
                .map(|row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .collect::<DbResult<_>>()?;
            let totals = db.query_one(
                "SELECT COUNT(claim_code), COUNT(CASE WHEN claim_code IS NOT NULL THEN redeemed_at END)
                 FROM draws WHERE page_id = ?1",
                args![page_id],
            )?;
            Ok(DrawCounts {
                stock,
                won,
                daily,
                winners: totals.get(0)?,
                redeemed: totals.get(1)?,
            })
        })
        .await
    }

    /// The members of a referral page with the most counted invitations
    /// (then by code), the first `limit`, and how many invitations of the
    /// page are held for review. `earned` is left for the caller.
    pub(crate) async fn referral_board(
        &self,
        page_id: String,
        limit: usize,
    ) -> anyhow::Result<(Vec<ReferralMember>, u64)> {
        self.read(move |db| {
            let leaders = members(db, Some(&page_id), MemberOrder::MostInvites, Some(limit))?;
            let held: u64 = db.value(
                "SELECT COUNT(*) FROM referral_visits WHERE page_id = ?1 AND status = 'review'",
                args![page_id],
            )?;
            Ok((leaders, held))
        })
        .await
    }

    /// Decides on the invitation of `visitor_id` held for review on
    /// `page_id`: approved, it counts (`counted` when the friend met the
    /// goal, or `goal_on_visit`; else `pending`); rejected, it is kept as
    /// `rejected` with the reason. Once: a second decision finds it not held.
    pub(crate) async fn review_visit(&self, decision: ReviewWrite) -> anyhow::Result<Review> {
        self.write(move |db| {
            let ReviewWrite {
                page_id,
                visitor_id,
                approve,
                reason,
                by,
                at,
                goal_on_visit,
            } = &decision;
            let held = db.query_opt(
                "SELECT code, goal_met_at FROM referral_visits
                 WHERE page_id = ?1 AND visitor_id = ?2 AND status = 'review' FOR UPDATE",
                args![page_id, visitor_id],
            )?;
            let Some(held) = held else {
                let status: Option<String> = db.value_opt(
                    "SELECT status FROM referral_visits WHERE page_id = ?1 AND visitor_id = ?2
                     ORDER BY rowid LIMIT 1",
                    args![page_id, visitor_id],
                )?;
                return Ok(match status {
                    Some(status) => Review::NotHeld(stored_status(&status)),
                    None => Review::NoSuchVisit,
                });
            };
            let code: String = held.get(0)?;
            let goal_met_at: Option<i64> = held.get(1)?;
            let status = match (approve, goal_met_at.is_some() || *goal_on_visit) {
                (false, _) => VisitStatus::Rejected,
                (true, true) => VisitStatus::Counted,
                (true, false) => VisitStatus::Pending,
            };
            let goal_met_at = match status {
                VisitStatus::Counted => Some(goal_met_at.unwrap_or(*at)),
                _ => goal_met_at,
            };
            db.execute(
                "UPDATE referral_visits SET status = ?3, decided_by = ?4, decided_at = ?5,
                     decision_reason = ?6, goal_met_at = ?7
                 WHERE code = ?1 AND visitor_id = ?2 AND status = 'review'",
                args![
                    code,
                    visitor_id,
                    status.as_str(),
                    by,
                    at,
                    reason,
                    goal_met_at
                ],
            )?;
            Ok(Review::Decided(status))
        })
        .await
    }

    /// Up to `limit` submissions after the cursor `after`, oldest first,
    /// optionally of one page and received in `[from, to)`, each with its
    /// channel: the export's rows.
    pub(crate) async fn export_rows(
        &self,
        filter: ExportFilter,
        after: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<Page<ExportRow>> {
        self.read(move |db| {
            let rows = db
                .query(
                    "SELECT rowid, id, page_id, page_kind, visitor_id, referral_code, client_ts, received_at, payload, channel
                     FROM submissions WHERE (CAST(?1 AS TEXT) IS NULL OR page_id = ?1) AND rowid > ?2
                       AND received_at >= ?4 AND received_at < ?5
                     ORDER BY rowid LIMIT ?3",
                    args![
                        filter.page_id,
                        after.unwrap_or(0),
                        page_size(limit),
                        filter.from.unwrap_or(i64::MIN),
                        filter.to.unwrap_or(i64::MAX)
                    ],
                )?
                .iter()
                .map(|row| {
                    let payload: String = row.get(8)?;
                    Ok((
                        row.get::<i64>(0)?,
                        ExportRow {
                            submission: campaign_core::wire::StoredSubmission {
                                id: row.get(1)?,
                                page_id: row.get(2)?,
                                page_kind: row.get(3)?,
                                visitor_id: row.get(4)?,
                                referral_code: row.get(5)?,
                                client_ts: row.get(6)?,
                                received_at: row.get(7)?,
                                // A row the database holds is JSON this
                                // server wrote; should one not be, the list
                                // goes on and shows it as null.
                                payload: serde_json::from_str(&payload)
                                    .unwrap_or(serde_json::Value::Null),
                            },
                            channel: row.get(9)?,
                        },
                    ))
                })
                .collect::<DbResult<_>>()?;
            Ok(Page::of(rows, limit))
        })
        .await
    }
}

/// What the export reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExportFilter {
    pub(crate) page_id: Option<String>,
    /// Received at or after (Unix milliseconds).
    pub(crate) from: Option<i64>,
    /// Received before.
    pub(crate) to: Option<i64>,
}

/// A row of the export.
#[derive(Debug, Clone)]
pub(crate) struct ExportRow {
    pub(crate) submission: campaign_core::wire::StoredSubmission,
    pub(crate) channel: Option<String>,
}

/// A decision on an invitation held for review.
#[derive(Debug, Clone)]
pub(crate) struct ReviewWrite {
    pub(crate) page_id: String,
    pub(crate) visitor_id: String,
    pub(crate) approve: bool,
    pub(crate) reason: Option<String>,
    pub(crate) by: String,
    pub(crate) at: i64,
    /// The page's goal is the visit itself.
    pub(crate) goal_on_visit: bool,
}

/// A lottery page's counts (see [`Store::draw_stats`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct DrawCounts {
    pub(crate) stock: Vec<(String, Option<u32>)>,
    pub(crate) won: Vec<(String, u64)>,
    pub(crate) daily: Vec<(i64, u64, u64)>,
    pub(crate) winners: u64,
    pub(crate) redeemed: u64,
}

fn step_of(name: &str) -> Step {
    if name == "page_view" {
        Step::Views
    } else {
        Step::Starts
    }
}

fn funnel_counts(db: &Db<'_>, first_day: i64) -> DbResult<Counts> {
    let mut counts = Counts::default();
    let since = beijing_day_start(first_day);
    // Views are every page view; starts are the people who started.
    let events = "FROM events WHERE name IN ('page_view', 'page_started') AND page_id IS NOT NULL";
    let event_count = |name: &str, count: i64, distinct: i64| -> u64 {
        let value = if step_of(name) == Step::Views {
            count
        } else {
            distinct
        };
        u64::try_from(value).unwrap_or(0)
    };
    for row in db.query(
        &format!(
            "SELECT page_id, name, {day}, COUNT(*), COUNT(DISTINCT visitor_id) {events}
             AND received_at >= ?1 GROUP BY 1, 2, 3",
            day = day_of("received_at")
        ),
        args![since],
    )? {
        let name: String = row.get(1)?;
        counts.daily.push((
            row.get(2)?,
            Count {
                page_id: row.get(0)?,
                step: step_of(&name),
                count: event_count(&name, row.get(3)?, row.get(4)?),
            },
        ));
    }
    for row in db.query(
        &format!(
            "SELECT page_id, name, COUNT(*), COUNT(DISTINCT visitor_id) {events} GROUP BY 1, 2"
        ),
        &[],
    )? {
        let name: String = row.get(1)?;
        counts.total.push(Count {
            page_id: row.get(0)?,
            step: step_of(&name),
            count: event_count(&name, row.get(2)?, row.get(3)?),
        });
    }
    for row in db.query(
        &format!(
            "SELECT page_id, name, channel, {EVENT_REFERRED}, COUNT(*), COUNT(DISTINCT visitor_id)
             {events} GROUP BY 1, 2, 3, 4"
        ),
        &[],
    )? {
        let name: String = row.get(1)?;
        counts.sources.push((
            row.get(2)?,
            row.get::<i64>(3)? != 0,
            Count {
                page_id: row.get(0)?,
                step: step_of(&name),
                count: event_count(&name, row.get(4)?, row.get(5)?),
            },
        ));
    }
    for table in &RESULT_TABLES {
        let ResultTable {
            table,
            at,
            channel,
            referred,
            group_by,
        } = table;
        for row in db.query(
            &format!(
                "SELECT page_id, {day}, COUNT(*) FROM {table} WHERE {at} >= ?1 GROUP BY 1, 2",
                day = day_of(at)
            ),
            args![since],
        )? {
            counts.daily.push((
                row.get(1)?,
                Count {
                    page_id: row.get(0)?,
                    step: Step::Results,
                    count: row.get(2)?,
                },
            ));
        }
        for row in db.query(
            &format!("SELECT page_id, COUNT(*) FROM {table} GROUP BY 1"),
            &[],
        )? {
            counts.total.push(Count {
                page_id: row.get(0)?,
                step: Step::Results,
                count: row.get(1)?,
            });
        }
        for row in db.query(
            &format!(
                "SELECT page_id, {channel}, {referred}, COUNT(*) FROM {table} GROUP BY {group_by}"
            ),
            &[],
        )? {
            counts.sources.push((
                row.get(1)?,
                row.get::<i64>(2)? != 0,
                Count {
                    page_id: row.get(0)?,
                    step: Step::Results,
                    count: row.get(3)?,
                },
            ));
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_days_start_at_midnight_beijing_time() {
        // 2026-05-20 00:00 in Beijing is 2026-05-19 16:00 UTC.
        let midnight = 1_779_206_400_000;
        let day = beijing_day(midnight);
        assert_eq!(
            campaign_core::clock::Date::from_days(day).to_string(),
            "2026-05-20"
        );
        assert_eq!(beijing_day(midnight - 1), day - 1);
        assert_eq!(beijing_day(midnight + DAY_MS - 1), day);
        assert_eq!(beijing_day_start(day), midnight);
        assert_eq!(
            beijing_day(midnight),
            campaign_core::lottery::draw_day(midnight)
        );
    }
}
