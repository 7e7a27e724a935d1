//! A course's sign-ups (one per page and person, in a cohort chosen while the
//! cohorts' seats are counted) and its check-ins (one per person and day),
//! each stored with its envelope in one transaction.

use std::collections::BTreeMap;

use campaign_core::Envelope;
use campaign_core::checkin::{CheckinMark, CheckinRefusal, CheckinTiming, Hometown};
use campaign_core::course::SignUpRefusal;
use campaign_core::wire::WallLine;

use crate::store::connection::Store;
use crate::store::db::{Db, DbResult, args};
use crate::store::submissions::insert_row;

/// A person's place in a course, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    pub cohort_id: String,
    pub name: String,
    /// The envelope that made the sign-up.
    pub submission_id: String,
}

/// What happened to a sign-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedUp {
    /// A new sign-up, in this seat.
    New(Seat),
    /// The person signed up before (this envelope again, or another one):
    /// nothing written, and the seat they hold.
    Before(Seat),
    /// The page's verdict refused it: nothing written.
    Refused(SignUpRefusal),
    /// The envelope id is used by a different envelope.
    Conflict,
}

/// A check-in to store, judged against the person's earlier check-ins inside
/// the transaction.
pub struct NewCheckin {
    pub envelope: Envelope,
    pub day: u32,
    pub hometown: Option<Hometown>,
    pub received_at: i64,
}

/// What happened to a check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckedIn {
    /// Stored, counting as `timing`; `marks` are the person's check-ins after it.
    New {
        timing: CheckinTiming,
        marks: Vec<CheckinMark>,
    },
    /// This envelope again: nothing written.
    Replay {
        timing: CheckinTiming,
        marks: Vec<CheckinMark>,
    },
    Refused(CheckinRefusal),
    Conflict,
}

/// Where the class comes from: every learner's province, and the latest lines.
#[derive(Debug, Clone, Default)]
pub struct Wall {
    pub provinces: Vec<String>,
    pub latest: Vec<WallLine>,
}

impl Store {
    /// Signs the envelope's visitor up on its page, once: `decide` gets each
    /// cohort's count of sign-ups, read in the same write transaction, and
    /// names the cohort the sign-up joins (or refuses it).
    pub(crate) async fn sign_up(
        &self,
        envelope: Envelope,
        name: String,
        received_at: i64,
        decide: impl Fn(&BTreeMap<String, u32>) -> Result<String, SignUpRefusal> + Send + 'static,
    ) -> anyhow::Result<SignedUp> {
        self.write(move |transaction| {
            // Sign-ups of one page take turns on every server: the seats are
            // counted, and the cohort chosen, by one at a time.
            transaction.lock(&format!("course:{}", envelope.page_id))?;
            if let Some(same) = same_envelope(transaction, &envelope)? {
                if !same {
                    return Ok(SignedUp::Conflict);
                }
            }
            if let Some(seat) = seat_of(transaction, &envelope.page_id, &envelope.visitor_id)? {
                return Ok(SignedUp::Before(seat));
            }
            let taken = cohort_counts(transaction, &envelope.page_id)?;
            let cohort_id = match decide(&taken) {
                Ok(cohort_id) => cohort_id,
                Err(refusal) => return Ok(SignedUp::Refused(refusal)),
            };
            insert_row(transaction, &envelope, &envelope.payload.to_string(), received_at)?;
            transaction.execute(
                "INSERT INTO course_signups (page_id, visitor_id, cohort_id, submission_id, name, signed_up_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                args![envelope.page_id, envelope.visitor_id, cohort_id, envelope.id, name, received_at],
            )?;
            Ok(SignedUp::New(Seat {
                cohort_id,
                name: name.clone(),
                submission_id: envelope.id.clone(),
            }))
        })
        .await
    }

    /// The seat `visitor_id` holds on course page `page_id`.
    pub(crate) async fn seat(
        &self,
        page_id: String,
        visitor_id: String,
    ) -> anyhow::Result<Option<Seat>> {
        self.read(move |db| seat_of(db, &page_id, &visitor_id))
            .await
    }

    /// Sign-ups per cohort of course page `page_id`.
    pub(crate) async fn cohort_fill(
        &self,
        page_id: String,
    ) -> anyhow::Result<BTreeMap<String, u32>> {
        self.read(move |db| cohort_counts(db, &page_id)).await
    }

    /// Stores a check-in once: `decide` judges it against the person's
    /// check-ins so far, read in the same write transaction.
    pub(crate) async fn check_in(
        &self,
        checkin: NewCheckin,
        decide: impl Fn(&[CheckinMark]) -> Result<CheckinTiming, CheckinRefusal> + Send + 'static,
    ) -> anyhow::Result<CheckedIn> {
        self.write(move |transaction| {
            let envelope = &checkin.envelope;
            // One person's check-ins on a page take turns on every server:
            // make-ups are counted before one is spent.
            transaction.lock(&format!("checkin:{}:{}", envelope.page_id, envelope.visitor_id))?;
            match same_envelope(transaction, envelope)? {
                Some(false) => return Ok(CheckedIn::Conflict),
                Some(true) => {
                    let marks = marks_of(transaction, &envelope.page_id, &envelope.visitor_id)?;
                    let timing: Option<String> = transaction
                        .value_opt("SELECT timing FROM checkins WHERE id = ?1", args![envelope.id])?;
                    let timing = timing.as_deref().map_or(CheckinTiming::OnTime, timing_of);
                    return Ok(CheckedIn::Replay { timing, marks });
                }
                None => {}
            }
            let mut marks = marks_of(transaction, &envelope.page_id, &envelope.visitor_id)?;
            let timing = match decide(&marks) {
                Ok(timing) => timing,
                Err(refusal) => return Ok(CheckedIn::Refused(refusal)),
            };
            insert_row(transaction, envelope, &envelope.payload.to_string(), checkin.received_at)?;
            let hometown = checkin.hometown.as_ref();
            transaction.execute(
                "INSERT INTO checkins (id, page_id, visitor_id, day, timing, checked_at, province, city, line)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                args![
                    envelope.id,
                    envelope.page_id,
                    envelope.visitor_id,
                    checkin.day,
                    timing_name(timing),
                    checkin.received_at,
                    hometown.map(|hometown| hometown.province.as_str()),
                    hometown.map(|hometown| hometown.city.as_str()),
                    hometown.and_then(|hometown| hometown.line.as_deref()),
                ],
            )?;
            marks.push(CheckinMark { day: checkin.day, timing });
            marks.sort_by_key(|mark| mark.day);
            Ok(CheckedIn::New { timing, marks })
        })
        .await
    }

    /// The check-ins `visitor_id` made on page `page_id`, by day, and their
    /// hometown once day one stored it.
    pub(crate) async fn checkins_of(
        &self,
        page_id: String,
        visitor_id: String,
    ) -> anyhow::Result<(Vec<CheckinMark>, Option<Hometown>)> {
        self.read(move |db| {
            let marks = marks_of(db, &page_id, &visitor_id)?;
            let hometown = db
                .query_opt(
                    "SELECT province, city, line FROM checkins
                     WHERE page_id = ?1 AND visitor_id = ?2 AND province IS NOT NULL",
                    args![page_id, visitor_id],
                )?
                .map(|row| {
                    Ok::<_, crate::store::db::DbError>(Hometown {
                        province: row.get(0)?,
                        city: row.get(1)?,
                        line: row.get(2)?,
                    })
                })
                .transpose()?;
            Ok((marks, hometown))
        })
        .await
    }

    /// When `visitor_id` made their `count`-th check-in on page `page_id`
    /// (the moment they graduated, for `graduation.days_needed`).
    pub(crate) async fn graduated_at(
        &self,
        page_id: String,
        visitor_id: String,
        count: u32,
    ) -> anyhow::Result<Option<i64>> {
        self.read(move |db| {
            db.value_opt(
                "SELECT checked_at FROM checkins WHERE page_id = ?1 AND visitor_id = ?2
                 ORDER BY checked_at, rowid LIMIT 1 OFFSET ?3",
                args![page_id, visitor_id, count.saturating_sub(1)],
            )
        })
        .await
    }

    /// Every learner's province on page `page_id`, and the `lines` latest lines
    /// not hidden by staff, newest first.
    pub(crate) async fn wall(&self, page_id: String, lines: u32) -> anyhow::Result<Wall> {
        self.read(move |db| {
            let provinces = db
                .query(
                    "SELECT province FROM checkins WHERE page_id = ?1 AND province IS NOT NULL",
                    args![page_id],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect::<DbResult<Vec<String>>>()?;
            let latest = db
                .query(
                    "SELECT id, province, city, line, checked_at FROM checkins
                     WHERE page_id = ?1 AND province IS NOT NULL AND line IS NOT NULL AND hidden_at IS NULL
                     ORDER BY checked_at DESC, rowid DESC LIMIT ?2",
                    args![page_id, lines],
                )?
                .iter()
                .map(|row| {
                    Ok(WallLine {
                        id: row.get(0)?,
                        province: row.get(1)?,
                        city: row.get(2)?,
                        line: row.get(3)?,
                        at_ms: row.get(4)?,
                    })
                })
                .collect::<DbResult<Vec<_>>>()?;
            Ok(Wall { provinces, latest })
        })
        .await
    }

    /// Takes the line of check-in `id` on page `page_id` off the wall; `false`
    /// when that page has no such line.
    pub(crate) async fn hide_wall_line(
        &self,
        page_id: String,
        id: String,
        at: i64,
    ) -> anyhow::Result<bool> {
        self.write(move |db| {
            let changed = db.execute(
                "UPDATE checkins SET hidden_at = COALESCE(hidden_at, ?3)
                 WHERE page_id = ?1 AND id = ?2 AND line IS NOT NULL",
                args![page_id, id, at],
            )?;
            Ok(changed == 1)
        })
        .await
    }
}

/// `Some(true)` when this envelope id is stored with the same content,
/// `Some(false)` when another envelope uses it, `None` when it is new.
fn same_envelope(db: &Db<'_>, envelope: &Envelope) -> DbResult<Option<bool>> {
    db.value_opt(
        "SELECT campaign_id = ?2 AND page_id = ?3 AND visitor_id = ?4 AND payload = ?5
         FROM submissions WHERE id = ?1",
        args![
            envelope.id,
            envelope.campaign_id,
            envelope.page_id,
            envelope.visitor_id,
            envelope.payload.to_string()
        ],
    )
}

fn seat_of(db: &Db<'_>, page_id: &str, visitor_id: &str) -> DbResult<Option<Seat>> {
    db.query_opt(
        "SELECT cohort_id, name, submission_id FROM course_signups WHERE page_id = ?1 AND visitor_id = ?2",
        args![page_id, visitor_id],
    )?
    .map(|row| {
        Ok(Seat {
            cohort_id: row.get(0)?,
            name: row.get(1)?,
            submission_id: row.get(2)?,
        })
    })
    .transpose()
}

fn cohort_counts(db: &Db<'_>, page_id: &str) -> DbResult<BTreeMap<String, u32>> {
    db.query(
        "SELECT cohort_id, COUNT(*) FROM course_signups WHERE page_id = ?1 GROUP BY cohort_id",
        args![page_id],
    )?
    .iter()
    .map(|row| Ok((row.get(0)?, row.get(1)?)))
    .collect()
}

fn marks_of(db: &Db<'_>, page_id: &str, visitor_id: &str) -> DbResult<Vec<CheckinMark>> {
    db.query(
        "SELECT day, timing FROM checkins WHERE page_id = ?1 AND visitor_id = ?2 ORDER BY day",
        args![page_id, visitor_id],
    )?
    .iter()
    .map(|row| {
        let timing: String = row.get(1)?;
        Ok(CheckinMark {
            day: row.get(0)?,
            timing: timing_of(&timing),
        })
    })
    .collect()
}

fn timing_name(timing: CheckinTiming) -> &'static str {
    match timing {
        CheckinTiming::OnTime => "on_time",
        CheckinTiming::MakeUp => "make_up",
    }
}

/// The schema's CHECK allows only the two names.
fn timing_of(name: &str) -> CheckinTiming {
    if name == "make_up" {
        CheckinTiming::MakeUp
    } else {
        CheckinTiming::OnTime
    }
}
