//! The course page kind: the sign-up page of a free course run in cohorts, as
//! JD Finance runs its "7 天小白理财实操课". An advisor with a persona invites
//! people, the page shows the schedule, what each learner gets and past
//! learners' words, and a sign-up form (survey questions) closes at a real
//! time.
//!
//! Seats are the server's: each cohort has a capacity the server counts, and
//! a sign-up is placed in the first cohort in config order with a seat left
//! ([`place_in_cohort`]), so a full cohort hands over to the next as full
//! groups do. "仅剩 N 个名额" is shown only when the server's real count is at
//! or under the configured threshold ([`CoursePage::remaining_shown`]).
//!
//! Every time is in the page's zone ([`CoursePage::utc_offset`], Beijing by
//! default), and every function takes the time as `now_ms`, so the server, the
//! page and the tests agree.

mod check;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::kinds::page_kind;
use crate::kinds::survey::{
    Answer, Answers, Question, QuestionType, Resubmit, SurveyPage, SurveySection,
};
use crate::primitives::Url;
use crate::primitives::clock::{Date, UtcOffset, parse_rfc3339_ms, parse_time_of_day};

pub use self::check::check_course;

/// The words under the advisor's WeCom QR code when the page sets none.
pub const DEFAULT_CONTACT_PROMPT: &str = "长按识别二维码添加导师企业微信";

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

page_kind!(
    /// A course's sign-up page: the advisor, the course, past learners'
    /// feedback, cohorts with seats the server counts, and a sign-up form
    /// until `closes_at`. Its rules live in [`crate::course`].
    CoursePage {
        /// The zone of `starts_on` dates and schedule times, as an offset from
        /// UTC: `+08:00` (Beijing time, the default).
        #[serde(default, skip_serializing_if = "UtcOffset::is_beijing")]
        utc_offset: UtcOffset,
        /// Who teaches, and how learners reach them after signing up.
        advisor: Advisor,
        /// What the course is and teaches, day by day.
        course: Course,
        /// Past learners' words, shown as quotes (always as plain text).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        feedback: Vec<Feedback>,
        /// When sign-up really closes, as an RFC 3339 time such as
        /// `2026-12-06T22:00:00+08:00`: the countdown runs to it, and the
        /// server takes no sign-up after it. Before every cohort's start.
        closes_at: String,
        /// The cohorts this sign-up fills, in order: a sign-up goes to the
        /// first one with a seat left. At least one.
        cohorts: Vec<Cohort>,
        /// Show "仅剩 N 个名额" once the server's real count of seats left
        /// (in the cohort a sign-up would join) is this many or fewer. Absent:
        /// never shown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        show_remaining_at_most: Option<u32>,
        /// The sign-up form: survey questions (name, mobile with its consent,
        /// level of experience...), checked again by the server.
        sign_up: SurveySection,
        /// Text of the sign-up button, instead of `免费报名` / `Sign up free`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        button_label: Option<String>,
        /// Offered once sign-up has closed or every cohort is full: the next
        /// intake's sign-up page. Certificates invite friends to it too.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_intake: Option<NextIntake>,
        /// A card for after the course, e.g. the advanced course, with a real
        /// deadline.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_step: Option<NextStep>,
    }
);

/// The advisor's persona card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Advisor {
    /// e.g. `李思远`.
    pub name: String,
    /// A portrait, square, at least 240 px.
    pub photo: Url,
    /// e.g. `专属理财导师`.
    pub title: String,
    /// Years of experience, shown as "6 年投资经验".
    pub years: u32,
    /// A sentence or two of what they stand for.
    pub credo: String,
    /// How learners reach them, shown after sign-up.
    pub contact: AdvisorContact,
}

/// The advisor's WeCom contact: a QR code the page draws from `qr_url`, or an
/// image of one (`qr_image`). Give exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdvisorContact {
    /// The WeCom "contact me" link the QR code encodes, e.g.
    /// `https://work.weixin.qq.com/ca/cawcde…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_url: Option<Url>,
    /// An image of the QR code, when WeCom gave one rather than a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_image: Option<Url>,
    /// Under the QR code, instead of `长按识别二维码添加导师企业微信`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
}

/// What the course is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// e.g. `7 天小白理财实操课`: on the certificate too.
    pub title: String,
    /// Who it is for, e.g. `想开始理财、却不知从何下手的你`.
    pub audience: String,
    /// What each learner gets, e.g. `学习资料`, `上课工具`; at least one.
    pub includes: Vec<Included>,
    /// The days of the course, in order; at least one.
    pub schedule: Vec<CourseDay>,
}

/// One thing each learner gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Included {
    /// e.g. `学习资料`.
    pub title: String,
    /// e.g. `7 节课讲义 + 理财入门手册电子版`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// One day of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CourseDay {
    /// The day of the course, from 1, each one more than the one before.
    pub day: u32,
    /// e.g. `认识你的钱：记账与预算`.
    pub title: String,
    /// When the live lesson starts that day, `HH:MM` in the page's zone.
    pub time: String,
    /// A sentence of what it covers.
    pub summary: String,
}

/// A past learner's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// The quote, shown as text.
    pub text: String,
    /// Who said it, e.g. `第 11 期学员 · 小周`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// One cohort: a class that starts on one day, with a class group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// Stable identifier, stored with every sign-up: 1 to 64 lowercase letters,
    /// digits, `-` or `_`, unique within the page.
    pub id: String,
    /// e.g. `第 12 期`.
    pub name: String,
    /// Seats, counted by the server. A WeCom group takes 200 members at most.
    pub capacity: u32,
    /// Day 1 of the course for this cohort, `YYYY-MM-DD` in the page's zone.
    pub starts_on: String,
    /// The class group learners of this cohort are invited into.
    pub class_group: ClassGroup,
}

/// A cohort's class group, named to the learner once the server places them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClassGroup {
    /// The group's name in WeCom, e.g. `小白理财 12 期 1 班`.
    pub name: String,
    /// The group's QR code image, if learners join by scanning (WeCom group
    /// codes expire after 7 days); absent when the advisor invites them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_image: Option<Url>,
}

/// The next intake, offered once this one has closed or filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NextIntake {
    /// e.g. `第 13 期 12 月 14 日开课，现在预约`.
    pub message: String,
    /// Its sign-up page.
    pub link: Url,
}

/// A card for after the course, e.g. the advanced course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NextStep {
    /// e.g. `进阶课：基金定投 21 天`.
    pub title: String,
    /// A sentence of what it is.
    pub body: String,
    /// Where it is taken up.
    pub link: Url,
    /// When the offer really ends (RFC 3339): the card shows no longer after.
    pub ends_at: String,
    /// Its seats, if it has any; the server counts them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// Show the seats left once the real count is this many or fewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_remaining_at_most: Option<u32>,
}

// ---------------------------------------------------------------------------
// Logic
// ---------------------------------------------------------------------------

impl CoursePage {
    pub fn cohort(&self, id: &str) -> Option<&Cohort> {
        self.cohorts.iter().find(|cohort| cohort.id == id)
    }

    /// `closes_at` in Unix milliseconds, if it reads (a checked config's does).
    pub fn closes_at_ms(&self) -> Option<i64> {
        parse_rfc3339_ms(&self.closes_at)
    }

    /// Whether sign-ups are taken at `now_ms`: before `closes_at`. A deadline
    /// that does not read counts as passed.
    pub fn is_open(&self, now_ms: i64) -> bool {
        self.closes_at_ms().is_some_and(|closes| now_ms < closes)
    }

    /// Milliseconds left until `closes_at`, for the countdown: 0 once passed,
    /// `None` when it does not read.
    pub fn closes_in_ms(&self, now_ms: i64) -> Option<i64> {
        self.closes_at_ms()
            .map(|closes| closes.saturating_sub(now_ms).max(0))
    }

    /// The count of seats left to show, given the server's real count: shown
    /// only at or under `show_remaining_at_most`, never otherwise.
    pub fn remaining_shown(&self, remaining: u32) -> Option<u32> {
        remaining_shown(self.show_remaining_at_most, remaining)
    }

    /// The moment a cohort's day 1 begins (midnight in the page's zone).
    pub fn cohort_start_ms(&self, cohort: &Cohort) -> Option<i64> {
        Date::parse(&cohort.starts_on).map(|date| self.utc_offset.unix_ms(date, 0))
    }

    /// When a cohort's live lesson of `day` starts, in Unix milliseconds.
    pub fn lesson_start_ms(&self, cohort: &Cohort, day: &CourseDay) -> Option<i64> {
        let first = Date::parse(&cohort.starts_on)?;
        let minute = parse_time_of_day(&day.time)?;
        let date = first.plus_days(i64::from(day.day.checked_sub(1)?));
        Some(self.utc_offset.unix_ms(date, minute))
    }

    /// The sign-up form as a one-section survey taken once per person, so the
    /// survey's answer rules (and the page's question widgets) apply to it
    /// unchanged.
    pub fn sign_up_survey(&self) -> SurveyPage {
        SurveyPage {
            id: self.id.clone(),
            title: self.title.clone(),
            description: None,
            sections: vec![self.sign_up.clone()],
            reward: None,
            resubmit: Resubmit::Once,
            submit_label: self.button_label.clone(),
        }
    }

    /// The sign-up question whose answer is the learner's name, printed on the
    /// certificate: the required text question with id `name`, else the
    /// first required text question. The check requires one.
    pub fn name_question(&self) -> Option<&Question> {
        let text_questions = || {
            self.sign_up
                .questions
                .iter()
                .filter(|question| question.kind == QuestionType::Text && question.required)
        };
        text_questions()
            .find(|question| question.id == "name")
            .or_else(|| text_questions().next())
    }

    /// The learner's name in sign-up `answers`, trimmed; empty without one.
    pub fn learner_name(&self, answers: &Answers) -> String {
        self.name_question()
            .and_then(|question| match answers.get(&question.id) {
                Some(Answer::Text(name)) => Some(name.trim().to_owned()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// What the page offers at `now_ms`, given the server's count of seats
    /// taken per cohort (`taken(cohort_id)`).
    pub fn sign_up_state(&self, now_ms: i64, taken: impl Fn(&str) -> u32) -> SignUpState {
        if !self.is_open(now_ms) {
            return SignUpState::Closed;
        }
        match place_in_cohort(&self.cohorts, &taken) {
            Some(index) => {
                let cohort = &self.cohorts[index];
                SignUpState::Open {
                    cohort: index,
                    remaining_shown: self.remaining_shown(seats_left(cohort, taken(&cohort.id))),
                }
            }
            None => SignUpState::Full,
        }
    }
}

impl CoursePage {
    /// The server's decision on a new sign-up at `now_ms` (by its own clock),
    /// given its count of each cohort's sign-ups: the index of the cohort it
    /// joins, or why it is refused. The deadline is judged first, so a late
    /// sign-up hears "closed" even when every cohort is full too.
    pub fn sign_up_verdict(
        &self,
        now_ms: i64,
        taken: impl Fn(&str) -> u32,
    ) -> Result<usize, SignUpRefusal> {
        match self.sign_up_state(now_ms, taken) {
            SignUpState::Open { cohort, .. } => Ok(cohort),
            SignUpState::Full => Err(SignUpRefusal::Full),
            SignUpState::Closed => Err(SignUpRefusal::Closed),
        }
    }
}

impl NextStep {
    /// Whether the card shows at `now_ms`: before its real deadline.
    pub fn is_open(&self, now_ms: i64) -> bool {
        parse_rfc3339_ms(&self.ends_at).is_some_and(|ends| now_ms < ends)
    }

    /// The seats left to show, given the server's count taken.
    pub fn remaining_shown(&self, taken: u32) -> Option<u32> {
        let capacity = self.capacity?;
        remaining_shown(self.show_remaining_at_most, capacity.saturating_sub(taken))
    }
}

/// The honest seat rule: the real `remaining` count, shown only at or under
/// `threshold`; never shown without one.
pub fn remaining_shown(threshold: Option<u32>, remaining: u32) -> Option<u32> {
    threshold
        .filter(|threshold| remaining <= *threshold)
        .map(|_| remaining)
}

fn seats_left(cohort: &Cohort, taken: u32) -> u32 {
    cohort.capacity.saturating_sub(taken)
}

/// The cohort a new sign-up goes to: the first, in config order, with a seat
/// left (`taken` is the server's count of each cohort's sign-ups). `None`
/// when every cohort is full.
pub fn place_in_cohort(cohorts: &[Cohort], taken: impl Fn(&str) -> u32) -> Option<usize> {
    cohorts
        .iter()
        .position(|cohort| seats_left(cohort, taken(&cohort.id)) > 0)
}

/// What a course page offers a visitor at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpState {
    /// Sign-up is open, and a sign-up now would join `cohorts[cohort]`.
    Open {
        cohort: usize,
        /// "仅剩 N 个名额", when the real count is at or under the threshold.
        remaining_shown: Option<u32>,
    },
    /// Every cohort is full: the page offers the next intake, if any.
    Full,
    /// `closes_at` has passed: the page offers the next intake, if any.
    Closed,
}

/// Why the server did not take a sign-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpRefusal {
    /// It came after `closes_at` (by the server's clock).
    Closed,
    /// Every cohort is full.
    Full,
}

impl SignUpRefusal {
    /// A short sentence for the visitor.
    pub fn message(&self, locale: crate::primitives::Locale) -> &'static str {
        let zh = locale == crate::primitives::Locale::ZhCn;
        match self {
            SignUpRefusal::Closed if zh => "本期报名已截止，欢迎预约下一期",
            SignUpRefusal::Closed => "Sign-up for this intake has closed; join the next one",
            SignUpRefusal::Full if zh => "本期名额已满，欢迎预约下一期",
            SignUpRefusal::Full => "Every seat of this intake is taken; join the next one",
        }
    }
}
