//! A course's sign-ups and check-ins: what the pages send through the outbox,
//! what the backend answers, the wall, progress and the certificate.
//!
//! A sign-up is a result like any other: an [`crate::Envelope`] with
//! `page_kind: "course"` whose payload is a [`SignUp`] (the form's answers,
//! which the server checks again with the survey's rules). The server places
//! the person in a cohort ([`crate::course::place_in_cohort`]) and answers a
//! [`SubmissionReceipt`](crate::wire::SubmissionReceipt) whose `sign_up` is a
//! [`SignUpReceipt`], or refuses with `sign_up_closed` or `cohorts_full`. One
//! sign-up per person: a second answers with the first's receipt,
//! `already_signed_up`.
//!
//! A check-in is an envelope with `page_kind: "checkin"` and a [`CheckIn`]
//! payload; the server decides on its own clock whether it counts
//! ([`crate::checkin::checkin_verdict`]) and answers a [`CheckInAnswer`], or
//! refuses with one of the check-in codes
//! ([`ErrorCode::checkin_refusal`](crate::wire::ErrorCode::checkin_refusal)).

use serde::{Deserialize, Serialize};

use crate::checkin::{
    CheckinMark, CheckinPage, CheckinTiming, DayState, Hometown, ProvinceCount, graduates, progress,
};
use crate::survey::Answers;

/// The payload of a course envelope: the sign-up form's answers, keyed by
/// question id, as a survey's are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    pub answers: Answers,
}

/// What a sign-up gets: the learner's cohort and class group, decided by the
/// server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpReceipt {
    /// The cohort's `id` in the config, e.g. `c12`.
    pub cohort: String,
    /// Its name, e.g. `第 12 期`.
    pub cohort_name: String,
    /// Day 1, `YYYY-MM-DD` in the page's zone.
    pub starts_on: String,
    /// The class group the advisor invites the learner into.
    pub class_group: String,
    /// The person had signed up before: this is the place they got then.
    pub already_signed_up: bool,
}

/// `GET /api/v1/courses/<page>?visitor=<id>`: the person's place, if they
/// signed up, and the seats the page may show. Never cached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseStanding {
    pub page_id: String,
    /// `null` until the person signs up.
    pub sign_up: Option<SignUpReceipt>,
    /// Sign-up is taken now (before `closes_at`, a seat left).
    pub open: bool,
    /// The cohort a sign-up now would join; `null` when every one is full.
    pub next_cohort: Option<String>,
    /// Seats left in it, only at or under the page's threshold
    /// ([`crate::course::CoursePage::remaining_shown`]); else `null`.
    pub remaining: Option<u32>,
}

/// The payload of a check-in envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The course day checked in, from 1: today's, or a missed one to make up.
    pub day: u32,
    /// Day one's hometown sign-in: required on day 1, and read only then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hometown: Option<Hometown>,
}

/// What a check-in gets: how it counted, and the learner's progress after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInAnswer {
    pub day: u32,
    pub timing: CheckinTiming,
    pub progress: ProgressAnswer,
}

/// `GET /api/v1/checkins/<page>?visitor=<id>`: the learner's place in the
/// course and their progress. Never cached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinStanding {
    pub page_id: String,
    /// The learner's sign-up on the course page; `null` when they have not
    /// signed up (the page then sends them to the course page).
    pub sign_up: Option<SignUpReceipt>,
    /// Their progress on the server's clock; `null` without a sign-up.
    pub progress: Option<ProgressAnswer>,
    /// Day one's hometown, once they signed in with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hometown: Option<Hometown>,
}

/// A learner's progress, as [`crate::checkin::progress`] computes it on the
/// server's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressAnswer {
    /// Today's course day (0 before day 1; past the length once it is over).
    pub today: u32,
    pub total: u32,
    pub streak: u32,
    /// The seven-day strip.
    pub strip: Vec<StripDay>,
    pub make_ups_left: u32,
    /// Whether the learner has checked in on enough days to graduate.
    pub graduated: bool,
}

impl ProgressAnswer {
    /// The answer for a learner on course day `today`, from the check-ins the
    /// server stored: what the server sends, computed by the same rules the
    /// page would use.
    pub fn of(page: &CheckinPage, today: u32, done: &[CheckinMark]) -> ProgressAnswer {
        let standing = progress(page, today, done);
        ProgressAnswer {
            today,
            total: standing.total,
            streak: standing.streak,
            strip: standing
                .strip
                .into_iter()
                .map(|(day, state)| StripDay { day, state })
                .collect(),
            make_ups_left: standing.make_ups_left,
            graduated: graduates(page, done),
        }
    }
}

/// One day of the strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripDay {
    pub day: u32,
    pub state: DayState,
}

/// `GET /api/v1/checkins/<page>/wall`: where the class comes from. Lines
/// hidden by staff are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallAnswer {
    pub page_id: String,
    /// Learners who signed in, in every province.
    pub total: u32,
    /// Most first ([`crate::checkin::province_counts`]).
    pub provinces: Vec<ProvinceCount>,
    /// The latest lines, newest first, at most the page's `wall_lines`.
    pub latest: Vec<WallLine>,
}

/// One learner's line on the wall: text, always shown as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallLine {
    /// The check-in's id, which staff name to hide the line.
    pub id: String,
    pub province: String,
    pub city: String,
    pub line: String,
    /// When it was written, Unix milliseconds.
    pub at_ms: i64,
}

/// `POST /api/v1/checkins/<page>/wall/hide` (admin): hides a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HideWallLine {
    pub id: String,
}

/// `GET /api/v1/checkins/<page>/certificate?visitor=<id>`: whether the
/// learner graduates, decided by the server, and what the certificate shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateEligibility {
    pub eligible: bool,
    /// Days checked in, and the days the page needs.
    pub days_checked_in: u32,
    pub days_needed: u32,
    /// What the certificate shows, when `eligible`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Certificate>,
}

/// The facts a certificate poster is drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// The learner's name from the sign-up form.
    pub name: String,
    pub course: String,
    pub cohort_name: String,
    pub days_checked_in: u32,
    /// The day of graduation, `YYYY-MM-DD` in the page's zone.
    pub date: String,
    pub advisor: String,
    /// The learner's referral code, for the QR code that invites a friend to
    /// the next intake.
    pub referral_code: String,
}

impl Certificate {
    /// The values of the certificate poster's placeholders
    /// ([`crate::checkin::CERTIFICATE_PLACEHOLDERS`]), for the poster renderer.
    pub fn poster_values(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("course", self.course.clone()),
            ("cohort", self.cohort_name.clone()),
            ("days", self.days_checked_in.to_string()),
            ("date", self.date.clone()),
            ("advisor", self.advisor.clone()),
        ]
    }
}
