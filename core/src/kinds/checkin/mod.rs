//! The check-in page kind: a course's daily ritual. Day one is the hometown
//! sign-in (province and city, and one optional line), shown on a wall of
//! where the class comes from; every course day has a task, checked in once
//! per day in the page's zone (Beijing time by default); make-up check-ins
//! (补签) are limited by the config; the learner sees a streak, a total and a
//! seven-day strip; and enough days make them a graduate.
//!
//! The server stores check-ins and decides what counts, with these functions:
//! [`course_day`] (which day `now_ms` is), [`checkin_verdict`] (on time, make-up
//! or refused with a [`CheckinRefusal`]), [`progress`] and [`graduates`]. They
//! are pure and take `now_ms`, so a test can move the clock.

mod certificate;
mod check;
mod wall;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::kinds::page_kind;
use crate::primitives::Locale;
use crate::primitives::clock::{Date, UtcOffset};

pub use self::certificate::{CERTIFICATE_PLACEHOLDERS, certificate_poster};
pub use self::check::check_checkin;
pub use self::wall::{
    Hometown, HometownProblem, MAX_CITY_CHARS, ProvinceCount, check_hometown, province_counts,
};

/// Longest hometown line, in characters, when the page sets none.
pub const DEFAULT_LINE_MAX_CHARS: u32 = 40;
/// Days the progress strip shows.
pub const STRIP_DAYS: u32 = 7;

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

page_kind!(
    /// A course's daily check-in: the hometown sign-in and wall on day one, a
    /// task every day, make-ups within limits, and graduation. Its rules live
    /// in [`crate::checkin`].
    CheckinPage {
        /// The zone whose midnight starts each check-in day: `+08:00` (Beijing
        /// time, the default).
        #[serde(default, skip_serializing_if = "UtcOffset::is_beijing")]
        utc_offset: UtcOffset,
        /// Id of the campaign's course page whose learners check in here: the
        /// server takes each learner's cohort (and so day 1) from their sign-up.
        course_page: String,
        /// The day-one hometown sign-in.
        #[serde(default)]
        hometown: HometownRitual,
        /// Each course day's task, in order from day 1; at least one.
        days: Vec<CheckinDay>,
        /// Make-up check-ins (补签) for missed days. Absent: none.
        #[serde(default, skip_serializing_if = "MakeUps::is_none")]
        make_ups: MakeUps,
        /// How many days make a graduate.
        graduation: Graduation,
        /// How many of the latest hometown lines the wall shows (20 when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wall_lines: Option<u32>,
    }
);

/// The hometown sign-in's words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HometownRitual {
    /// The question, instead of `你来自哪里？`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// Grey example text of the optional line, e.g. `写一句给同学的话`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_placeholder: Option<String>,
    /// Most characters of the line; 40 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_max_chars: Option<u32>,
}

/// One course day's task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckinDay {
    /// The day of the course, from 1, each one more than the one before.
    pub day: u32,
    /// e.g. `今日打卡：学完第 3 课，写下一句收获`.
    pub task: String,
}

/// How many missed days a learner may make up, and how late.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MakeUps {
    /// Most make-ups per learner over the course; 0: none.
    pub allowed: u32,
    /// A missed day may be made up at most this many days after it (1: only
    /// the next day). Absent: any later day of the course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_days: Option<u32>,
}

impl MakeUps {
    fn is_none(&self) -> bool {
        self.allowed == 0 && self.within_days.is_none()
    }
}

/// What makes a graduate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Graduation {
    /// Days checked in (on time or made up) a learner needs, e.g. 6 of 7.
    pub days_needed: u32,
    /// The congratulation, instead of `我毕业啦！`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

// ---------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------

/// Where a moment falls in a cohort's course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseTime {
    /// Before day 1, which starts in `days` days (1: tomorrow).
    NotStarted { days: u32 },
    /// Day `n` of the course, from 1.
    Day(u32),
    /// After the last day, `days` days ago (1: yesterday was the last).
    Over { days: u32 },
}

/// Which course day `now_ms` is, for a cohort whose day 1 is `starts_on`, in
/// the zone `offset`, with `length` days.
pub fn course_day(starts_on: Date, length: u32, offset: &UtcOffset, now_ms: i64) -> CourseTime {
    let today = offset.local(now_ms).date.days();
    let since = today - starts_on.days();
    if since < 0 {
        return CourseTime::NotStarted {
            days: u32::try_from(-since).unwrap_or(u32::MAX),
        };
    }
    let day = u32::try_from(since + 1).unwrap_or(u32::MAX);
    if day <= length {
        CourseTime::Day(day)
    } else {
        CourseTime::Over { days: day - length }
    }
}

/// How a check-in counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckinTiming {
    /// On the day itself.
    OnTime,
    /// On a later day, as one of the allowed make-ups.
    MakeUp,
}

/// A check-in the server stored: its course day and how it counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinMark {
    pub day: u32,
    pub timing: CheckinTiming,
}

/// Why a check-in is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinRefusal {
    /// The page has no such day.
    UnknownDay,
    /// The course has not started yet.
    NotStarted,
    /// The day has not come yet.
    NotYet,
    /// This day is checked in already.
    AlreadyCheckedIn,
    /// The day was missed and the page allows no make-up.
    NoMakeUps,
    /// Every allowed make-up is used.
    MakeUpsUsed,
    /// The day is further back than make-ups reach.
    MakeUpTooLate,
    /// The course is over: no more check-ins.
    CourseOver,
    /// Day one's check-in is the hometown sign-in, and it came without one.
    HometownRequired,
}

impl CheckinRefusal {
    /// A sentence for the learner.
    pub fn message(&self, locale: Locale) -> &'static str {
        let zh = locale == Locale::ZhCn;
        match self {
            CheckinRefusal::UnknownDay if zh => "课程没有这一天",
            CheckinRefusal::UnknownDay => "The course has no such day",
            CheckinRefusal::NotStarted if zh => "课程还没开始，开课当天再来签到吧",
            CheckinRefusal::NotStarted => "The course has not started yet; check in on day one",
            CheckinRefusal::NotYet if zh => "这一天还没到，到那天再来打卡吧",
            CheckinRefusal::NotYet => "That day has not come yet; check in on the day",
            CheckinRefusal::AlreadyCheckedIn if zh => "今天已经打过卡了，明天再来吧",
            CheckinRefusal::AlreadyCheckedIn => {
                "You have already checked in for this day; come back tomorrow"
            }
            CheckinRefusal::NoMakeUps if zh => "这一天已经过去，本课程不支持补签",
            CheckinRefusal::NoMakeUps => "That day has passed, and this course takes no make-ups",
            CheckinRefusal::MakeUpsUsed if zh => "补签次数已经用完了",
            CheckinRefusal::MakeUpsUsed => "You have used every make-up check-in",
            CheckinRefusal::MakeUpTooLate if zh => "这一天已经超过了补签期限",
            CheckinRefusal::MakeUpTooLate => "That day is too far back to make up",
            CheckinRefusal::CourseOver if zh => "课程已经结束，不能再打卡了",
            CheckinRefusal::CourseOver => "The course is over; check-ins have closed",
            CheckinRefusal::HometownRequired if zh => "第一天请先选择你的家乡省份和城市",
            CheckinRefusal::HometownRequired => {
                "On day one, pick your home province and city first"
            }
        }
    }
}

impl CheckinPage {
    /// Days of the course.
    pub fn length(&self) -> u32 {
        u32::try_from(self.days.len()).unwrap_or(u32::MAX)
    }

    pub fn day(&self, day: u32) -> Option<&CheckinDay> {
        self.days.iter().find(|entry| entry.day == day)
    }

    /// How many of the latest hometown lines the wall shows.
    pub fn wall_lines(&self) -> u32 {
        self.wall_lines.unwrap_or(20)
    }

    /// Most characters of the hometown line.
    pub fn line_max_chars(&self) -> u32 {
        self.hometown
            .line_max_chars
            .unwrap_or(DEFAULT_LINE_MAX_CHARS)
    }

    /// The congratulation shown to a graduate.
    pub fn graduation_message(&self) -> &str {
        self.graduation.message.as_deref().unwrap_or("我毕业啦！")
    }
}

/// Whether a check-in for `day` is taken at `now_ms`, for a learner whose
/// cohort starts on `starts_on` and who has checked in `done` already, and
/// how it counts. `with_hometown` says whether the request carries a hometown
/// (day one's check-in must).
pub fn checkin_verdict(
    page: &CheckinPage,
    starts_on: Date,
    now_ms: i64,
    day: u32,
    done: &[CheckinMark],
    with_hometown: bool,
) -> Result<CheckinTiming, CheckinRefusal> {
    if page.day(day).is_none() {
        return Err(CheckinRefusal::UnknownDay);
    }
    if done.iter().any(|mark| mark.day == day) {
        return Err(CheckinRefusal::AlreadyCheckedIn);
    }
    let today = match course_day(starts_on, page.length(), &page.utc_offset, now_ms) {
        CourseTime::NotStarted { .. } => return Err(CheckinRefusal::NotStarted),
        CourseTime::Over { .. } => return Err(CheckinRefusal::CourseOver),
        CourseTime::Day(today) => today,
    };
    if day > today {
        return Err(CheckinRefusal::NotYet);
    }
    if day == 1 && !with_hometown {
        return Err(CheckinRefusal::HometownRequired);
    }
    if day == today {
        return Ok(CheckinTiming::OnTime);
    }
    let make_ups = page.make_ups;
    if make_ups.allowed == 0 {
        return Err(CheckinRefusal::NoMakeUps);
    }
    if make_ups
        .within_days
        .is_some_and(|within| today - day > within)
    {
        return Err(CheckinRefusal::MakeUpTooLate);
    }
    let used = done
        .iter()
        .filter(|mark| mark.timing == CheckinTiming::MakeUp)
        .count();
    if u32::try_from(used).unwrap_or(u32::MAX) >= make_ups.allowed {
        return Err(CheckinRefusal::MakeUpsUsed);
    }
    Ok(CheckinTiming::MakeUp)
}

// ---------------------------------------------------------------------------
// Progress and graduation
// ---------------------------------------------------------------------------

/// One day of the progress strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayState {
    /// Checked in on the day.
    Done,
    /// Made up on a later day.
    MadeUp,
    /// Today, not checked in yet.
    Open,
    /// Passed without a check-in.
    Missed,
    /// Still to come.
    Upcoming,
}

/// A learner's standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Days checked in, on time or made up.
    pub total: u32,
    /// Consecutive checked-in days up to today (or yesterday, when today is
    /// still open).
    pub streak: u32,
    /// Days `first_day..first_day + 7` of the course (clipped to its length),
    /// with their state: the strip ends at today's week.
    pub strip: Vec<(u32, DayState)>,
    /// Make-ups left.
    pub make_ups_left: u32,
}

/// The learner's progress on course day `today` (0 before the course; past
/// the length once it is over), from the check-ins the server stored.
pub fn progress(page: &CheckinPage, today: u32, done: &[CheckinMark]) -> Progress {
    let length = page.length();
    let state = |day: u32| match done.iter().find(|mark| mark.day == day) {
        Some(mark) if mark.timing == CheckinTiming::MakeUp => DayState::MadeUp,
        Some(_) => DayState::Done,
        None if day == today => DayState::Open,
        None if day < today => DayState::Missed,
        None => DayState::Upcoming,
    };
    let checked = |day: u32| matches!(state(day), DayState::Done | DayState::MadeUp);
    let total = u32::try_from((1..=length).filter(|day| checked(*day)).count()).unwrap_or(u32::MAX);
    let mut streak = 0;
    let mut day = today.min(length);
    if day >= 1 && !checked(day) && day == today {
        day -= 1;
    }
    while day >= 1 && checked(day) {
        streak += 1;
        day -= 1;
    }
    // The seven days whose window holds today: days 1-7, then 8-14...
    let first = if today <= 1 {
        1
    } else {
        (today.min(length).max(1) - 1) / STRIP_DAYS * STRIP_DAYS + 1
    };
    let strip = (first..first.saturating_add(STRIP_DAYS))
        .filter(|day| *day <= length)
        .map(|day| (day, state(day)))
        .collect();
    let used = u32::try_from(
        done.iter()
            .filter(|mark| mark.timing == CheckinTiming::MakeUp)
            .count(),
    )
    .unwrap_or(u32::MAX);
    Progress {
        total,
        streak,
        strip,
        make_ups_left: page.make_ups.allowed.saturating_sub(used),
    }
}

/// Whether the check-ins in `done` make a graduate: at least
/// `graduation.days_needed` distinct days of the course.
pub fn graduates(page: &CheckinPage, done: &[CheckinMark]) -> bool {
    let mut days: Vec<u32> = done
        .iter()
        .map(|mark| mark.day)
        .filter(|day| page.day(*day).is_some())
        .collect();
    days.sort_unstable();
    days.dedup();
    page.graduation.days_needed > 0
        && u32::try_from(days.len()).unwrap_or(u32::MAX) >= page.graduation.days_needed
}
