//! Invitations: invite codes, and the judged visits through share links.
//!
//! How a visit is judged is told in [`crate::routes::referrals`]; this module
//! applies those rules in one transaction per visit, so two concurrent visits
//! cannot both be counted.

use campaign_core::referral::{Attribution, BurstPolicy, judge_attribution, normalise_invite_code};
use campaign_core::wire::{ReferralMember, ReferralVisit, VisitStatus};

use crate::store::connection::Store;
use crate::store::db::{Db, DbResult, args};
use crate::store::page::{Page, page_size};

/// Events and invite codes this much older than an invitation make its visitor
/// known; younger ones belong to the visit that brought the invitation (see
/// [`crate::routes::referrals`]).
pub const ARRIVAL_GRACE_MS: i64 = 30 * 60_000;
/// Statuses of rows that are attributions.
const ATTRIBUTED: &str = "('counted', 'pending', 'review')";

/// A status as stored; unknown text (from a newer version) reads as unknown.
pub(crate) fn stored_status(status: &str) -> VisitStatus {
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
            .write(move |db| {
                let existing: Option<String> = db.value_opt(
                    "SELECT code FROM invite_codes WHERE page_id = ?1 AND visitor_id = ?2",
                    args![page_id, visitor_id],
                )?;
                let made = match existing {
                    Some(code) => Some((code, false)),
                    None => {
                        let mut made = None;
                        // A second request of the same member at once breaks
                        // the (page, visitor) key and is run again: it then
                        // finds the code this one made.
                        for code in &candidates {
                            let inserted = db.execute(
                                "INSERT INTO invite_codes (code, page_id, visitor_id, created_at)
                                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO NOTHING",
                                args![code, page_id, visitor_id, now],
                            )?;
                            if inserted == 1 {
                                made = Some((code.clone(), true));
                                break;
                            }
                        }
                        made
                    }
                };
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
        self.write(move |transaction| {
            // Visits with one code are judged one at a time on every server:
            // the burst rule counts the code's earlier visits.
            transaction.lock(&format!("invite:{}", visit.code))?;
            let owner: Option<(String, String)> = transaction
                .query_opt(
                    "SELECT page_id, visitor_id FROM invite_codes WHERE code = ?1",
                    args![visit.code],
                )?
                .map(|row| Ok::<_, crate::store::db::DbError>((row.get(0)?, row.get(1)?)))
                .transpose()?;
            // A code of a page the config no longer has is unknown.
            let Some((page_id, inviter, met_on_visit)) = owner.and_then(|(page_id, inviter)| {
                let met_on_visit = goals.iter().find(|(id, _)| *id == page_id)?.1;
                Some((page_id, inviter, met_on_visit))
            }) else {
                return Ok(VisitStatus::UnknownCode);
            };

            let seen: Option<String> = transaction.value_opt(
                "SELECT status FROM referral_visits WHERE code = ?1 AND visitor_id = ?2",
                args![visit.code, visit.visitor_id],
            )?;
            if let Some(status) = seen {
                if !visit.from_submission {
                    transaction.execute(
                        "UPDATE referral_visits SET visits = visits + 1,
                             last_seen_at = CASE WHEN last_seen_at > ?3 THEN last_seen_at ELSE ?3 END
                         WHERE code = ?1 AND visitor_id = ?2",
                        args![visit.code, visit.visitor_id, visit.at],
                    )?;
                }
                let status = stored_status(&status);
                return Ok(if status.is_attribution() {
                    VisitStatus::AlreadyAttributed
                } else {
                    status
                });
            }

            let invited_at = invitation_time(transaction, &visit)?;
            let known: bool = transaction.value(
                "SELECT EXISTS (SELECT 1 FROM submissions WHERE visitor_id = ?1 AND received_at < ?2)
                     OR EXISTS (SELECT 1 FROM referral_visits WHERE visitor_id = ?1 AND first_seen_at < ?2)
                     OR EXISTS (SELECT 1 FROM events WHERE visitor_id = ?1 AND received_at < ?3)
                     OR EXISTS (SELECT 1 FROM invite_codes WHERE visitor_id = ?1 AND created_at < ?3)",
                args![visit.visitor_id, invited_at, invited_at - ARRIVAL_GRACE_MS],
            )?;
            let attributed: bool = transaction.value(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM referral_visits
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status IN {ATTRIBUTED})"
                ),
                args![page_id, visit.visitor_id],
            )?;
            let status = match judge_attribution(Some(&inviter), &visit.visitor_id, known, attributed)
            {
                Attribution::Counted if is_burst(transaction, &visit, policy)? => VisitStatus::Review,
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
                args![
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
        self.write(move |transaction| {
            for page_id in &page_ids {
                transaction.execute(
                    "UPDATE referral_visits SET status = 'counted', goal_met_at = ?3
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status = 'pending'",
                    args![page_id, visitor_id, now],
                )?;
                transaction.execute(
                    "UPDATE referral_visits SET goal_met_at = ?3
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status = 'review' AND goal_met_at IS NULL",
                    args![page_id, visitor_id, now],
                )?;
            }
            Ok(())
        })
        .await
    }

    pub(crate) async fn referral_standing(
        &self,
        page_id: String,
        visitor_id: String,
    ) -> anyhow::Result<InviteStanding> {
        self.read(move |db| {
            let code: Option<String> = db.value_opt(
                "SELECT code FROM invite_codes WHERE page_id = ?1 AND visitor_id = ?2",
                args![page_id, visitor_id],
            )?;
            let mut standing = InviteStanding::default();
            if let Some(code) = &code {
                let counts = db.query(
                    &format!(
                        "SELECT status, COUNT(*) FROM referral_visits
                         WHERE code = ?1 AND status IN {ATTRIBUTED} GROUP BY status"
                    ),
                    args![code],
                )?;
                for row in counts {
                    let (status, count): (String, u32) = (row.get(0)?, row.get(1)?);
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
        status: Option<VisitStatus>,
        after: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<(Page<ReferralVisit>, Vec<ReferralMember>)> {
        let status = status.map(VisitStatus::as_str);
        self.read(move |db| {
            let visits = db
                .query(
                    "SELECT page_id, code, inviter_visitor_id, visitor_id, status, landing_page_id, ip,
                            first_seen_at, last_seen_at, visits, goal_met_at, rowid,
                            decided_by, decided_at, decision_reason
                     FROM referral_visits WHERE (CAST(?1 AS TEXT) IS NULL OR page_id = ?1) AND rowid > ?2
                       AND (CAST(?4 AS TEXT) IS NULL OR status = ?4)
                     ORDER BY rowid LIMIT ?3",
                    args![page_id, after.unwrap_or(0), page_size(limit), status],
                )?
                .iter()
                .map(|row| {
                    let visit = ReferralVisit {
                        page_id: row.get(0)?,
                        code: row.get(1)?,
                        inviter_visitor_id: row.get(2)?,
                        visitor_id: row.get(3)?,
                        status: stored_status(&row.get::<String>(4)?),
                        landing_page_id: row.get(5)?,
                        ip: row.get(6)?,
                        first_seen_at: row.get(7)?,
                        last_seen_at: row.get(8)?,
                        visits: row.get(9)?,
                        goal_met_at: row.get(10)?,
                        decided_by: row.get(12)?,
                        decided_at: row.get(13)?,
                        decision_reason: row.get(14)?,
                    };
                    Ok((row.get::<i64>(11)?, visit))
                })
                .collect::<DbResult<Vec<_>>>()?;
            let visits = Page::of(visits, limit);
            let members = members(db, page_id.as_deref(), MemberOrder::Joined, None)?;
            Ok((visits, members))
        })
        .await
    }
}

/// The order members are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemberOrder {
    /// By page, then by when each got a code: the export's order.
    Joined,
    /// Most counted invitations first, then by code: a leaderboard.
    MostInvites,
}

/// Members with an attributed invitation, of one page or all, with their
/// invitations counted by status (`earned` is left for the caller, who has
/// the tiers); the first `limit` when given.
pub(crate) fn members(
    db: &Db<'_>,
    page_id: Option<&str>,
    order: MemberOrder,
    limit: Option<usize>,
) -> DbResult<Vec<ReferralMember>> {
    let order = match order {
        MemberOrder::Joined => "c.page_id, c.created_at, c.code",
        MemberOrder::MostInvites => "4 DESC, c.code",
    };
    // A number of ours, never the caller's text.
    let limit = limit.map_or_else(String::new, |limit| format!("LIMIT {limit}"));
    db.query(
        &format!(
            "SELECT c.page_id, c.code, c.visitor_id,
                    {counted}, {pending}, {review}
             FROM invite_codes c JOIN referral_visits v ON v.code = c.code
             WHERE (CAST(?1 AS TEXT) IS NULL OR c.page_id = ?1) AND v.status IN {ATTRIBUTED}
             GROUP BY c.code ORDER BY {order} {limit}",
            counted = count_of("counted"),
            pending = count_of("pending"),
            review = count_of("review"),
        ),
        args![page_id.map(str::to_owned)],
    )?
    .iter()
    .map(|row| {
        Ok(ReferralMember {
            page_id: row.get(0)?,
            code: row.get(1)?,
            visitor_id: row.get(2)?,
            invites: row.get(3)?,
            pending: row.get(4)?,
            review: row.get(5)?,
            earned: Vec::new(),
        })
    })
    .collect()
}

/// `SUM` of the visits in `status`, as a `BIGINT` on both databases.
fn count_of(status: &str) -> String {
    format!("CAST(SUM(CASE WHEN v.status = '{status}' THEN 1 ELSE 0 END) AS BIGINT)")
}

/// When the invitation reached the server: this visit, or an earlier
/// submission of the visitor that carried the same code.
fn invitation_time(db: &Db<'_>, visit: &Visit) -> DbResult<i64> {
    let carried = db.query(
        "SELECT referral_code, received_at FROM submissions
         WHERE visitor_id = ?1 AND referral_code IS NOT NULL",
        args![visit.visitor_id],
    )?;
    let mut earliest = visit.at;
    for row in carried {
        let (code, received_at): (String, i64) = (row.get(0)?, row.get(1)?);
        if normalise_invite_code(&code).as_deref() == Some(visit.code.as_str()) {
            earliest = earliest.min(received_at);
        }
    }
    Ok(earliest)
}

/// Whether the visit comes in a burst of invitations for the same code from the
/// same IP address. Visits of unknown address are never a burst.
fn is_burst(db: &Db<'_>, visit: &Visit, policy: BurstPolicy) -> DbResult<bool> {
    let Some(ip) = &visit.ip else {
        return Ok(false);
    };
    let window_ms = i64::from(policy.window_secs) * 1000;
    let earlier = db
        .query(
            &format!(
                "SELECT first_seen_at FROM referral_visits
                 WHERE code = ?1 AND ip = ?2 AND status IN {ATTRIBUTED} AND first_seen_at > ?3"
            ),
            args![visit.code, ip, visit.at - window_ms],
        )?
        .iter()
        .map(|row| Ok(u64::try_from(row.get::<i64>(0)?).unwrap_or(0)))
        .collect::<DbResult<Vec<u64>>>()?;
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
