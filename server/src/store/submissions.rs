//! Results: one row per envelope id, the reward codes of survey pools, and the
//! group each group picker visitor was sent to.

use std::collections::BTreeMap;

use campaign_core::Envelope;
use campaign_core::wire::StoredSubmission;

use crate::store::connection::Store;
use crate::store::db::{Db, DbResult, args};
use crate::store::page::Page;

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
    /// check or take the same code, on one server or many.
    pub async fn insert_submission(
        &self,
        envelope: Envelope,
        received_at: i64,
        rules: SubmissionRules,
    ) -> anyhow::Result<Stored> {
        let payload = envelope.payload.to_string();
        self.write(move |db| {
            if rules.once_per_visitor || rules.claim {
                // The check for an earlier submission and this insert take
                // turns per person and page (the unique index on claims would
                // catch a race too, but only after the code was taken).
                db.lock(&format!("submission:{}:{}", envelope.page_id, envelope.visitor_id))?;
            }
            let existing: Option<bool> = db.value_opt(
                "SELECT campaign_id = ?2 AND page_id = ?3 AND visitor_id = ?4 AND payload = ?5
                 FROM submissions WHERE id = ?1",
                args![envelope.id, envelope.campaign_id, envelope.page_id, envelope.visitor_id, payload],
            )?;
            let outcome = match existing {
                Some(true) => Stored::Duplicate(assigned_reward(db, &envelope.id, &rules)?),
                Some(false) => Stored::Conflict,
                None if rules.claim => match earlier_claim(db, &envelope)? {
                    Some((payload, code)) => Stored::ClaimedBefore { payload, code },
                    None if rules.closed => Stored::Closed,
                    // The code is taken first: a pool with none left stores
                    // nothing at all.
                    None => match take_code(db, &envelope.id, &rules, received_at)? {
                        Some(Reward::Code(code)) => {
                            insert_row(db, &envelope, &payload, received_at)?;
                            Stored::New(Some(Reward::Code(code)))
                        }
                        _ => Stored::PoolExhausted,
                    },
                },
                None if rules.once_per_visitor && has_other_submission(db, &envelope)? => {
                    Stored::AlreadySubmitted
                }
                None => {
                    insert_row(db, &envelope, &payload, received_at)?;
                    let reward = take_code(db, &envelope.id, &rules, received_at)?;
                    if let Some(group) = &rules.group {
                        db.execute(
                            "INSERT INTO group_assignments (page_id, visitor_id, group_id, submission_id, assigned_at)
                             VALUES (?1, ?2, ?3, ?4, ?5)
                             ON CONFLICT (page_id, visitor_id) DO UPDATE SET
                                group_id = excluded.group_id,
                                submission_id = excluded.submission_id,
                                assigned_at = excluded.assigned_at",
                            args![envelope.page_id, envelope.visitor_id, group, envelope.id, received_at],
                        )?;
                    }
                    Stored::New(reward)
                }
            };
            Ok(outcome)
        })
        .await
    }

    /// Members sent to each group of a group picker page, by group id.
    pub async fn group_fill(&self, page_id: &str) -> anyhow::Result<BTreeMap<String, u32>> {
        let page_id = page_id.to_owned();
        self.read(move |db| {
            db.query(
                "SELECT group_id, COUNT(*) FROM group_assignments WHERE page_id = ?1 GROUP BY group_id",
                args![page_id],
            )?
            .iter()
            .map(|row| Ok((row.get(0)?, row.get(1)?)))
            .collect()
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
        self.write(move |db| {
            let mut added = 0;
            for code in &codes {
                added += db.execute(
                    "INSERT INTO reward_codes (pool, code) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    args![pool, code],
                )?;
            }
            Ok(usize::try_from(added).unwrap_or(usize::MAX))
        })
        .await
    }

    /// The payload and code of `visitor_id`'s claim on `page_id`, if they hold one.
    pub async fn claim_of(
        &self,
        page_id: String,
        visitor_id: String,
    ) -> anyhow::Result<Option<(String, String)>> {
        self.read(move |db| {
            db.query_opt(
                "SELECT submissions.payload, reward_codes.code FROM submissions
                 JOIN reward_codes ON reward_codes.submission_id = submissions.id
                 WHERE submissions.page_id = ?1 AND submissions.visitor_id = ?2
                 ORDER BY submissions.rowid LIMIT 1",
                args![page_id, visitor_id],
            )?
            .map(|row| Ok((row.get(0)?, row.get(1)?)))
            .transpose()
        })
        .await
    }

    /// Codes of `pool` not yet handed out.
    pub async fn reward_codes_left(&self, pool: String) -> anyhow::Result<i64> {
        self.read(move |db| {
            db.value(
                "SELECT COUNT(*) FROM reward_codes WHERE pool = ?1 AND submission_id IS NULL",
                args![pool],
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
        let filter = crate::store::console::ExportFilter {
            page_id,
            ..Default::default()
        };
        let page = self.export_rows(filter, after, limit).await?;
        Ok(Page {
            rows: page.rows.into_iter().map(|row| row.submission).collect(),
            next: page.next,
        })
    }
}

pub(super) fn insert_row(
    db: &Db<'_>,
    envelope: &Envelope,
    payload: &str,
    received_at: i64,
) -> DbResult<()> {
    db.execute(
        "INSERT INTO submissions
         (id, campaign_id, page_id, page_kind, visitor_id, referral_code, client_ts, received_at, payload, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        args![
            envelope.id,
            envelope.campaign_id,
            envelope.page_id,
            envelope.page_kind.as_str(),
            envelope.visitor_id,
            envelope.referral_code,
            envelope.client_ts,
            received_at,
            payload,
            envelope.channel,
        ],
    )?;
    Ok(())
}

/// Hands submission `submission_id` the first free code of the rules' pool,
/// if they name one, and says what it got. On PostgreSQL concurrent
/// submissions skip the codes others are taking instead of queueing on one.
fn take_code(
    db: &Db<'_>,
    submission_id: &str,
    rules: &SubmissionRules,
    received_at: i64,
) -> DbResult<Option<Reward>> {
    let Some(pool) = &rules.reward_pool else {
        return Ok(None);
    };
    db.execute(
        "UPDATE reward_codes SET submission_id = ?1, assigned_at = ?3
         WHERE submission_id IS NULL AND rowid = (SELECT rowid FROM reward_codes
                        WHERE pool = ?2 AND submission_id IS NULL ORDER BY rowid LIMIT 1
                        FOR UPDATE SKIP LOCKED)",
        args![submission_id, pool, received_at],
    )?;
    assigned_reward(db, submission_id, rules)
}

/// The payload and code of this visitor's claim on the page in another
/// envelope, if they made one.
fn earlier_claim(db: &Db<'_>, envelope: &Envelope) -> DbResult<Option<(String, Option<String>)>> {
    db.query_opt(
        "SELECT submissions.payload, reward_codes.code FROM submissions
         LEFT JOIN reward_codes ON reward_codes.submission_id = submissions.id
         WHERE submissions.page_id = ?1 AND submissions.visitor_id = ?2 AND submissions.id != ?3
         ORDER BY submissions.rowid LIMIT 1",
        args![envelope.page_id, envelope.visitor_id, envelope.id],
    )?
    .map(|row| Ok((row.get(0)?, row.get(1)?)))
    .transpose()
}

fn has_other_submission(db: &Db<'_>, envelope: &Envelope) -> DbResult<bool> {
    db.value(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE page_id = ?1 AND visitor_id = ?2 AND id != ?3)",
        args![envelope.page_id, envelope.visitor_id, envelope.id],
    )
}

fn assigned_reward(
    db: &Db<'_>,
    submission_id: &str,
    rules: &SubmissionRules,
) -> DbResult<Option<Reward>> {
    if rules.reward_pool.is_none() {
        return Ok(None);
    }
    let code: Option<String> = db.value_opt(
        "SELECT code FROM reward_codes WHERE submission_id = ?1",
        args![submission_id],
    )?;
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
            .write(|db| {
                let insert = |id: &str, kind: &str| {
                    db.execute(
                        "INSERT INTO submissions
                         (id, campaign_id, page_id, page_kind, visitor_id, client_ts, received_at, payload)
                         VALUES (?1, 'c', 'jd-coupons', ?2, 'p-0001', 0, 0, '{}')",
                        args![id, kind],
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
