//! Results: one row per envelope id, the reward codes of survey pools, and the
//! group each group picker visitor was sent to.

use std::collections::BTreeMap;

use campaign_core::Envelope;
use campaign_core::wire::StoredSubmission;
use rusqlite::{Connection, OptionalExtension, params};

use crate::store::connection::Store;
use crate::store::page::{Page, page_size};

/// What happened to a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// First time this id was seen: a new row (and its reward, if the page gives one).
    New(Option<Reward>),
    /// The same envelope again (a retry or a double tap): nothing written, and
    /// the reward it was given the first time.
    Duplicate(Option<Reward>),
    /// The id is already used by a different envelope.
    Conflict,
    /// The page takes one submission per visitor, and this visitor sent one.
    AlreadySubmitted,
    /// A claim ([`SubmissionRules::claim`]) by a visitor who claimed before,
    /// in another envelope: nothing written, and the first claim's payload
    /// and code.
    ClaimedBefore {
        payload: String,
        code: Option<String>,
    },
    /// A claim its pool could not fill: nothing written.
    PoolExhausted,
    /// A new claim after the page closed ([`SubmissionRules::closed`]):
    /// nothing written. Replays and earlier claims still answer.
    Closed,
}

/// A reward handed out for a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reward {
    Code(String),
    /// The pool had no code left.
    Exhausted,
}

/// Rules a page puts on its submissions.
#[derive(Debug, Clone, Default)]
pub struct SubmissionRules {
    /// Refuse a second submission (another id) from the same visitor.
    pub once_per_visitor: bool,
    /// Hand the submission one code from this pool.
    pub reward_pool: Option<String>,
    /// The group a group picker submission sends its visitor to. Each visitor
    /// counts once per page, in the group they were sent to last.
    pub group: Option<String>,
    /// A claim (an offers page's coupon): one per visitor, answered with the
    /// first claim's code again; stored only with a code from `reward_pool`,
    /// so an empty pool leaves no row behind.
    pub claim: bool,
    /// The page takes no new claim (its offer has ended by the server's
    /// clock); only with `claim`.
    pub closed: bool,
}

impl Store {
    /// Stores `envelope` once per id, applying the page's `rules` in the same
    /// transaction, so concurrent submissions cannot both pass a once-per-visitor
    /// check or take the same code.
    pub async fn insert_submission(
        &self,
        envelope: Envelope,
        received_at: i64,
        rules: SubmissionRules,
    ) -> anyhow::Result<Stored> {
        self.run(move |connection| {
            let transaction = connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let payload = envelope.payload.to_string();
            let existing: Option<bool> = transaction
                .query_row(
                    "SELECT campaign_id = ?2 AND page_id = ?3 AND visitor_id = ?4 AND payload = ?5
                     FROM submissions WHERE id = ?1",
                    params![envelope.id, envelope.campaign_id, envelope.page_id, envelope.visitor_id, payload],
                    |row| row.get(0),
                )
                .optional()?;
            let outcome = match existing {
                Some(true) => Stored::Duplicate(assigned_reward(&transaction, &envelope.id, &rules)?),
                Some(false) => Stored::Conflict,
                None if rules.claim => match earlier_claim(&transaction, &envelope)? {
                    Some((payload, code)) => Stored::ClaimedBefore { payload, code },
                    None if rules.closed => Stored::Closed,
                    None => {
                        insert_row(&transaction, &envelope, &payload, received_at)?;
                        match take_code(&transaction, &envelope.id, &rules, received_at)? {
                            Some(Reward::Code(code)) => Stored::New(Some(Reward::Code(code))),
                            // Dropping the transaction rolls the row back.
                            _ => return Ok(Stored::PoolExhausted),
                        }
                    }
                },
                None if rules.once_per_visitor && has_other_submission(&transaction, &envelope)? => {
                    Stored::AlreadySubmitted
                }
                None => {
                    insert_row(&transaction, &envelope, &payload, received_at)?;
                    let reward = take_code(&transaction, &envelope.id, &rules, received_at)?;
                    if let Some(group) = &rules.group {
                        transaction.execute(
                            "INSERT INTO group_assignments (page_id, visitor_id, group_id, submission_id, assigned_at)
                             VALUES (?1, ?2, ?3, ?4, ?5)
                             ON CONFLICT (page_id, visitor_id) DO UPDATE SET
                                group_id = excluded.group_id,
                                submission_id = excluded.submission_id,
                                assigned_at = excluded.assigned_at",
                            params![envelope.page_id, envelope.visitor_id, group, envelope.id, received_at],
                        )?;
                    }
                    Stored::New(reward)
                }
            };
            transaction.commit()?;
            Ok(outcome)
        })
        .await
    }

    /// Members sent to each group of a group picker page, by group id.
    pub async fn group_fill(&self, page_id: &str) -> anyhow::Result<BTreeMap<String, u32>> {
        let page_id = page_id.to_owned();
        self.run(move |connection| {
            let mut statement = connection.prepare_cached(
                "SELECT group_id, COUNT(*) FROM group_assignments WHERE page_id = ?1 GROUP BY group_id",
            )?;
            let rows = statement.query_map(params![page_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        })
        .await
    }

    /// Adds codes to a pool; codes already there are kept as they are. Returns
    /// how many were new.
    pub async fn import_reward_codes(
        &self,
        pool: String,
        codes: Vec<String>,
    ) -> anyhow::Result<usize> {
        self.run(move |connection| {
            let transaction = connection.transaction()?;
            let mut added = 0;
            {
                let mut statement = transaction.prepare(
                    "INSERT INTO reward_codes (pool, code) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                )?;
                for code in &codes {
                    added += statement.execute(params![pool, code])?;
                }
            }
            transaction.commit()?;
            Ok(added)
        })
        .await
    }

    /// The payload and code of `visitor_id`'s claim on `page_id`, if they hold one.
    pub async fn claim_of(
        &self,
        page_id: String,
        visitor_id: String,
    ) -> anyhow::Result<Option<(String, String)>> {
        self.run(move |connection| {
            connection
                .query_row(
                    "SELECT submissions.payload, reward_codes.code FROM submissions
                     JOIN reward_codes ON reward_codes.submission_id = submissions.id
                     WHERE submissions.page_id = ?1 AND submissions.visitor_id = ?2
                     ORDER BY submissions.rowid LIMIT 1",
                    params![page_id, visitor_id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
        })
        .await
    }

    /// Codes of `pool` not yet handed out.
    pub async fn reward_codes_left(&self, pool: String) -> anyhow::Result<i64> {
        self.run(move |connection| {
            connection.query_row(
                "SELECT COUNT(*) FROM reward_codes WHERE pool = ?1 AND submission_id IS NULL",
                params![pool],
                |row| row.get(0),
            )
        })
        .await
    }

    /// Up to `limit` submissions after the cursor `after` (a row id), oldest
    /// first, optionally of one page, and the cursor of the next page when
    /// there is one.
    pub async fn submissions(
        &self,
        page_id: Option<String>,
        after: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<Page<StoredSubmission>> {
        self.run(move |connection| {
            let mut statement = connection.prepare_cached(
                "SELECT rowid, id, page_id, page_kind, visitor_id, referral_code, client_ts, received_at, payload
                 FROM submissions WHERE (?1 IS NULL OR page_id = ?1) AND rowid > ?2
                 ORDER BY rowid LIMIT ?3",
            )?;
            let rows = statement.query_map(
                params![page_id, after.unwrap_or(0), page_size(limit)],
                |row| {
                    let payload: String = row.get(8)?;
                    Ok((
                        row.get::<_, i64>(0)?,
                        StoredSubmission {
                            id: row.get(1)?,
                            page_id: row.get(2)?,
                            page_kind: row.get(3)?,
                            visitor_id: row.get(4)?,
                            referral_code: row.get(5)?,
                            client_ts: row.get(6)?,
                            received_at: row.get(7)?,
                            payload: serde_json::from_str(&payload)
                                .unwrap_or(serde_json::Value::Null),
                        },
                    ))
                },
            )?;
            Ok(Page::of(rows.collect::<rusqlite::Result<_>>()?, limit))
        })
        .await
    }
}

pub(super) fn insert_row(
    connection: &Connection,
    envelope: &Envelope,
    payload: &str,
    received_at: i64,
) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO submissions
         (id, campaign_id, page_id, page_kind, visitor_id, referral_code, client_ts, received_at, payload)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            envelope.id,
            envelope.campaign_id,
            envelope.page_id,
            envelope.page_kind.as_str(),
            envelope.visitor_id,
            envelope.referral_code,
            envelope.client_ts,
            received_at,
            payload,
        ],
    )?;
    Ok(())
}

/// Hands submission `submission_id` the first free code of the rules' pool,
/// if they name one, and says what it got.
fn take_code(
    connection: &Connection,
    submission_id: &str,
    rules: &SubmissionRules,
    received_at: i64,
) -> rusqlite::Result<Option<Reward>> {
    let Some(pool) = &rules.reward_pool else {
        return Ok(None);
    };
    connection.execute(
        "UPDATE reward_codes SET submission_id = ?1, assigned_at = ?3
         WHERE rowid = (SELECT rowid FROM reward_codes
                        WHERE pool = ?2 AND submission_id IS NULL ORDER BY rowid LIMIT 1)",
        params![submission_id, pool, received_at],
    )?;
    assigned_reward(connection, submission_id, rules)
}

/// The payload and code of this visitor's claim on the page in another
/// envelope, if they made one.
fn earlier_claim(
    connection: &Connection,
    envelope: &Envelope,
) -> rusqlite::Result<Option<(String, Option<String>)>> {
    connection
        .query_row(
            "SELECT submissions.payload, reward_codes.code FROM submissions
             LEFT JOIN reward_codes ON reward_codes.submission_id = submissions.id
             WHERE submissions.page_id = ?1 AND submissions.visitor_id = ?2 AND submissions.id != ?3
             ORDER BY submissions.rowid LIMIT 1",
            params![envelope.page_id, envelope.visitor_id, envelope.id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
}

fn has_other_submission(connection: &Connection, envelope: &Envelope) -> rusqlite::Result<bool> {
    connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE page_id = ?1 AND visitor_id = ?2 AND id != ?3)",
        params![envelope.page_id, envelope.visitor_id, envelope.id],
        |row| row.get(0),
    )
}

fn assigned_reward(
    connection: &Connection,
    submission_id: &str,
    rules: &SubmissionRules,
) -> rusqlite::Result<Option<Reward>> {
    if rules.reward_pool.is_none() {
        return Ok(None);
    }
    let code: Option<String> = connection
        .query_row(
            "SELECT code FROM reward_codes WHERE submission_id = ?1",
            params![submission_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(Some(code.map_or(Reward::Exhausted, Reward::Code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The database, not only the check before the insert, holds one claim per
    /// offers page and person: what keeps it true across servers.
    #[tokio::test]
    async fn a_second_offers_row_for_one_person_is_refused_by_the_schema() {
        let store = Store::in_memory().unwrap();
        let inserted = store
            .run(|connection| {
                let insert = |id: &str, kind: &str| {
                    connection.execute(
                        "INSERT INTO submissions
                         (id, campaign_id, page_id, page_kind, visitor_id, client_ts, received_at, payload)
                         VALUES (?1, 'c', 'jd-coupons', ?2, 'p-0001', 0, 0, '{}')",
                        params![id, kind],
                    )
                };
                Ok([
                    insert("a", "offers").is_ok(),
                    insert("b", "offers").is_ok(),
                    // Other kinds keep their own rules (a survey with `allowed`).
                    insert("c", "survey").is_ok(),
                    insert("d", "survey").is_ok(),
                ])
            })
            .await
            .unwrap();
        assert_eq!(inserted, [true, false, true, true]);
    }
}
