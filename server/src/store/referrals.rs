//! Invitations: invite codes, and the judged visits through share links.
//!
//! How a visit is judged is told in [`crate::routes::referrals`]; this module
//! applies those rules in one transaction per visit, so two concurrent visits
//! cannot both be counted.

use campaign_core::referral::{Attribution, BurstPolicy, judge_attribution, normalise_invite_code};
use campaign_core::wire::{ReferralMember, ReferralVisit, VisitStatus};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::store::connection::Store;
use crate::store::page::{Page, page_size};

/// Events and invite codes this much older than an invitation make its visitor
/// known; younger ones belong to the visit that brought the invitation (see
/// [`crate::routes::referrals`]).
pub const ARRIVAL_GRACE_MS: i64 = 30 * 60_000;
/// Statuses of rows that are attributions.
const ATTRIBUTED: &str = "('counted', 'pending', 'review')";

/// A status as stored; unknown text (from a newer version) reads as unknown.
fn stored_status(status: &str) -> VisitStatus {
    VisitStatus::STORED
        .into_iter()
        .find(|known| known.as_str() == status)
        .unwrap_or(VisitStatus::UnknownCode)
}

/// One visit with an invite code, to judge and record.
pub(crate) struct Visit {
    /// In canonical form.
    pub(crate) code: String,
    pub(crate) visitor_id: String,
    pub(crate) landing_page_id: Option<String>,
    pub(crate) ip: Option<String>,
    pub(crate) at: i64,
    /// Recorded from a submission's `referral_code`: a repeat is not a visit.
    pub(crate) from_submission: bool,
}

/// A member's invitations on one referral page.
#[derive(Debug, Clone, Default)]
pub struct InviteStanding {
    pub code: Option<String>,
    pub invites: u32,
    pub pending: u32,
    pub review: u32,
}

impl Store {
    /// The visitor's code for `page_id`: theirs already, or the first of
    /// `candidates` not taken. `true` when made now.
    pub(crate) async fn invite_code(
        &self,
        page_id: String,
        visitor_id: String,
        candidates: Vec<String>,
        now: i64,
    ) -> anyhow::Result<(String, bool)> {
        let made = self
            .run(move |connection| {
                let transaction =
                    connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let existing: Option<String> = transaction
                    .query_row(
                        "SELECT code FROM invite_codes WHERE page_id = ?1 AND visitor_id = ?2",
                        params![page_id, visitor_id],
                        |row| row.get(0),
                    )
                    .optional()?;
                let made = match existing {
                    Some(code) => Some((code, false)),
                    None => {
                        let mut made = None;
                        for code in candidates {
                            let inserted = transaction.execute(
                                "INSERT INTO invite_codes (code, page_id, visitor_id, created_at)
                                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO NOTHING",
                                params![code, page_id, visitor_id, now],
                            )?;
                            if inserted == 1 {
                                made = Some((code, true));
                                break;
                            }
                        }
                        made
                    }
                };
                transaction.commit()?;
                Ok(made)
            })
            .await?;
        made.ok_or_else(|| anyhow::anyhow!("every fresh invite code collided with a taken one"))
    }

    /// Judges and records one visit with an invite code (see the module
    /// documentation). `goals`: the campaign's referral pages, and whether their
    /// goal is the visit.
    pub(crate) async fn record_referral_visit(
        &self,
        visit: Visit,
        goals: Vec<(String, bool)>,
        policy: BurstPolicy,
    ) -> anyhow::Result<VisitStatus> {
        self.run(move |connection| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let owner: Option<(String, String)> = transaction
                .query_row(
                    "SELECT page_id, visitor_id FROM invite_codes WHERE code = ?1",
                    params![visit.code],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            // A code of a page the config no longer has is unknown.
            let Some((page_id, inviter, met_on_visit)) = owner.and_then(|(page_id, inviter)| {
                let met_on_visit = goals.iter().find(|(id, _)| *id == page_id)?.1;
                Some((page_id, inviter, met_on_visit))
            }) else {
                return Ok(VisitStatus::UnknownCode);
            };

            let seen: Option<String> = transaction
                .query_row(
                    "SELECT status FROM referral_visits WHERE code = ?1 AND visitor_id = ?2",
                    params![visit.code, visit.visitor_id],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(status) = seen {
                if !visit.from_submission {
                    transaction.execute(
                        "UPDATE referral_visits SET visits = visits + 1, last_seen_at = MAX(last_seen_at, ?3)
                         WHERE code = ?1 AND visitor_id = ?2",
                        params![visit.code, visit.visitor_id, visit.at],
                    )?;
                }
                transaction.commit()?;
                let status = stored_status(&status);
                return Ok(if status.is_attribution() {
                    VisitStatus::AlreadyAttributed
                } else {
                    status
                });
            }

            let invited_at = invitation_time(&transaction, &visit)?;
            let known: bool = transaction.query_row(
                "SELECT EXISTS (SELECT 1 FROM submissions WHERE visitor_id = ?1 AND received_at < ?2)
                     OR EXISTS (SELECT 1 FROM referral_visits WHERE visitor_id = ?1 AND first_seen_at < ?2)
                     OR EXISTS (SELECT 1 FROM events WHERE visitor_id = ?1 AND received_at < ?3)
                     OR EXISTS (SELECT 1 FROM invite_codes WHERE visitor_id = ?1 AND created_at < ?3)",
                params![visit.visitor_id, invited_at, invited_at - ARRIVAL_GRACE_MS],
                |row| row.get(0),
            )?;
            let attributed: bool = transaction.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM referral_visits
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status IN {ATTRIBUTED})"
                ),
                params![page_id, visit.visitor_id],
                |row| row.get(0),
            )?;
            let status = match judge_attribution(Some(&inviter), &visit.visitor_id, known, attributed)
            {
                Attribution::Counted if is_burst(&transaction, &visit, policy)? => VisitStatus::Review,
                Attribution::Counted if met_on_visit => VisitStatus::Counted,
                Attribution::Counted => VisitStatus::Pending,
                Attribution::SelfInvite => VisitStatus::SelfInvite,
                Attribution::KnownVisitor => VisitStatus::KnownVisitor,
                Attribution::AlreadyAttributed => VisitStatus::AlreadyAttributed,
                Attribution::UnknownCode => VisitStatus::UnknownCode,
            };
            let goal_met_at = (status.is_attribution() && met_on_visit).then_some(visit.at);
            transaction.execute(
                "INSERT INTO referral_visits
                 (code, visitor_id, page_id, inviter_visitor_id, status, landing_page_id, ip,
                  first_seen_at, last_seen_at, visits, goal_met_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
                params![
                    visit.code,
                    visit.visitor_id,
                    page_id,
                    inviter,
                    status.as_str(),
                    visit.landing_page_id,
                    visit.ip,
                    visit.at,
                    i64::from(!visit.from_submission),
                    goal_met_at,
                ],
            )?;
            transaction.commit()?;
            Ok(status)
        })
        .await
    }

    /// The visitor completed the goal page of `page_ids`: their pending
    /// attributions there count now; those held for review note the goal as met.
    pub(crate) async fn meet_invite_goal(
        &self,
        visitor_id: String,
        page_ids: Vec<String>,
        now: i64,
    ) -> anyhow::Result<()> {
        self.run(move |connection| {
            let transaction = connection.transaction()?;
            for page_id in &page_ids {
                transaction.execute(
                    "UPDATE referral_visits SET status = 'counted', goal_met_at = ?3
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status = 'pending'",
                    params![page_id, visitor_id, now],
                )?;
                transaction.execute(
                    "UPDATE referral_visits SET goal_met_at = ?3
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status = 'review' AND goal_met_at IS NULL",
                    params![page_id, visitor_id, now],
                )?;
            }
            transaction.commit()
        })
        .await
    }

    pub(crate) async fn referral_standing(
        &self,
        page_id: String,
        visitor_id: String,
    ) -> anyhow::Result<InviteStanding> {
        self.run(move |connection| {
            let code: Option<String> = connection
                .query_row(
                    "SELECT code FROM invite_codes WHERE page_id = ?1 AND visitor_id = ?2",
                    params![page_id, visitor_id],
                    |row| row.get(0),
                )
                .optional()?;
            let mut standing = InviteStanding::default();
            if let Some(code) = &code {
                let mut statement = connection.prepare_cached(&format!(
                    "SELECT status, COUNT(*) FROM referral_visits
                     WHERE code = ?1 AND status IN {ATTRIBUTED} GROUP BY status"
                ))?;
                let counts = statement.query_map(params![code], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
                })?;
                for count in counts {
                    let (status, count) = count?;
                    match stored_status(&status) {
                        VisitStatus::Counted => standing.invites = count,
                        VisitStatus::Pending => standing.pending = count,
                        VisitStatus::Review => standing.review = count,
                        _ => {}
                    }
                }
            }
            standing.code = code;
            Ok(standing)
        })
        .await
    }

    /// Up to `limit` judged visits after the cursor `after` (a row id), oldest
    /// first, and every member with an attribution, optionally of one page.
    /// Members' `earned` is left for the caller, who has the tiers.
    pub(crate) async fn referral_rows(
        &self,
        page_id: Option<String>,
        after: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<(Page<ReferralVisit>, Vec<ReferralMember>)> {
        self.run(move |connection| {
            let mut statement = connection.prepare(
                "SELECT page_id, code, inviter_visitor_id, visitor_id, status, landing_page_id, ip,
                        first_seen_at, last_seen_at, visits, goal_met_at, rowid
                 FROM referral_visits WHERE (?1 IS NULL OR page_id = ?1) AND rowid > ?2
                 ORDER BY rowid LIMIT ?3",
            )?;
            let visits = statement
                .query_map(params![page_id, after.unwrap_or(0), page_size(limit)], |row| {
                    let visit = ReferralVisit {
                        page_id: row.get(0)?,
                        code: row.get(1)?,
                        inviter_visitor_id: row.get(2)?,
                        visitor_id: row.get(3)?,
                        status: stored_status(row.get_ref(4)?.as_str()?),
                        landing_page_id: row.get(5)?,
                        ip: row.get(6)?,
                        first_seen_at: row.get(7)?,
                        last_seen_at: row.get(8)?,
                        visits: row.get(9)?,
                        goal_met_at: row.get(10)?,
                    };
                    Ok((row.get::<_, i64>(11)?, visit))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let visits = Page::of(visits, limit);
            let mut statement = connection.prepare(&format!(
                "SELECT c.page_id, c.code, c.visitor_id,
                        SUM(v.status = 'counted'), SUM(v.status = 'pending'), SUM(v.status = 'review')
                 FROM invite_codes c JOIN referral_visits v ON v.code = c.code
                 WHERE (?1 IS NULL OR c.page_id = ?1) AND v.status IN {ATTRIBUTED}
                 GROUP BY c.code ORDER BY c.page_id, c.created_at, c.code"
            ))?;
            let members = statement
                .query_map(params![page_id], |row| {
                    Ok(ReferralMember {
                        page_id: row.get(0)?,
                        code: row.get(1)?,
                        visitor_id: row.get(2)?,
                        invites: row.get(3)?,
                        pending: row.get(4)?,
                        review: row.get(5)?,
                        earned: Vec::new(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((visits, members))
        })
        .await
    }
}

/// When the invitation reached the server: this visit, or an earlier
/// submission of the visitor that carried the same code.
fn invitation_time(connection: &rusqlite::Connection, visit: &Visit) -> rusqlite::Result<i64> {
    let mut statement = connection.prepare_cached(
        "SELECT referral_code, received_at FROM submissions
         WHERE visitor_id = ?1 AND referral_code IS NOT NULL",
    )?;
    let carried = statement.query_map(params![visit.visitor_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
    })?;
    let mut earliest = visit.at;
    for row in carried {
        let (code, received_at) = row?;
        if normalise_invite_code(&code).as_deref() == Some(visit.code.as_str()) {
            earliest = earliest.min(received_at);
        }
    }
    Ok(earliest)
}

/// Whether the visit comes in a burst of invitations for the same code from the
/// same IP address. Visits of unknown address are never a burst.
fn is_burst(
    connection: &rusqlite::Connection,
    visit: &Visit,
    policy: BurstPolicy,
) -> rusqlite::Result<bool> {
    let Some(ip) = &visit.ip else {
        return Ok(false);
    };
    let window_ms = i64::from(policy.window_secs) * 1000;
    let mut statement = connection.prepare_cached(&format!(
        "SELECT first_seen_at FROM referral_visits
         WHERE code = ?1 AND ip = ?2 AND status IN {ATTRIBUTED} AND first_seen_at > ?3"
    ))?;
    let earlier = statement
        .query_map(params![visit.code, ip, visit.at - window_ms], |row| {
            row.get::<_, i64>(0)
        })?
        .map(|at| at.map(|at| u64::try_from(at).unwrap_or(0)))
        .collect::<rusqlite::Result<Vec<u64>>>()?;
    Ok(policy.is_burst(&earlier, u64::try_from(visit.at).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_statuses_read_back() {
        for status in VisitStatus::STORED {
            assert_eq!(stored_status(status.as_str()), status);
        }
        assert_eq!(stored_status("from the future"), VisitStatus::UnknownCode);
    }
}
