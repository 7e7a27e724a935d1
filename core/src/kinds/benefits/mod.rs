//! The benefits page kind: a group's welcome benefits and its schedule of what
//! happens when (CMB's "周三5折美食提前抢", "周周霸王餐", movie tickets at the
//! day's showtimes), with seasonal schedules (春季福利日程) that switch weekly
//! items on and off, and one-off dated items.
//!
//! Every time here is in the page's zone ([`BenefitsPage::utc_offset`], Beijing
//! by default), never the phone's: a member in New York sees the Wednesday food
//! deal live at 11:00 Beijing time, as the bank runs it. Every function is pure
//! and takes the time as `now_ms` (Unix milliseconds), so the server can render
//! the first screen, the page can hydrate it, and the tests can set the clock.
//!
//! Dates, times and weekdays are strings in the config, as marketers write
//! them, and [`check_benefits`] reports every malformed one at its path with a
//! hint. The schedule skips an item it cannot read rather than failing: the
//! server never serves a config with one, and a page must not go blank.

mod calendar;
mod check;
mod schedule;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::kinds::page_kind;
use crate::primitives::Url;
use crate::primitives::clock::{Date, UtcOffset, Weekday, parse_time_of_day};

pub use self::calendar::{CalendarContext, copy_text, ics_event, ics_file_name, when_text};
pub use self::check::check_benefits;
pub use self::schedule::{
    DayPlan, ItemDetails, ItemRef, NextStart, Occurrence, Phase, Today, live_now, next_start,
    occurrences_on, season_on, today, today_date, week,
};

/// Longest tag of a schedule item (`美食`, `观影`), in characters: it is a
/// badge on a phone.
pub const MAX_TAG_CHARS: usize = 8;
/// How far ahead [`next_start`] looks for the next item: a year, so a season
/// that starts next spring still counts down.
pub const NEXT_START_HORIZON_DAYS: i64 = 366;

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

page_kind!(
    /// A group's welcome benefits and its schedule: weekly items, seasonal
    /// schedules that switch them on and off, and one-off dated items. Its rules
    /// live in [`crate::benefits`].
    BenefitsPage {
        /// The zone of every date and time on this page, as a fixed offset from
        /// UTC: `+08:00` (Beijing time, the default). Visitors see the schedule
        /// in it whatever their phone's zone is.
        #[serde(default, skip_serializing_if = "UtcOffset::is_beijing")]
        utc_offset: UtcOffset,
        /// What every new member gets, shown as a list under the schedule.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        welcome: Vec<WelcomeBenefit>,
        /// Items that happen every week on their weekday, such as
        /// `周三5折美食提前抢`. An item a season names runs only in that
        /// season's dates; one no season names runs all year.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        weekly: Vec<WeeklyItem>,
        /// Seasonal schedules such as `春季福利日程`: date ranges that switch on
        /// the weekly items they name.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        seasons: Vec<Season>,
        /// Items that happen once, on a date.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        dated: Vec<DatedItem>,
    }
);

/// One benefit of the welcome list, e.g. `新户首绑借记卡立减 10 元`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WelcomeBenefit {
    pub title: String,
    /// A sentence under it: how to get it, until when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// An item that happens every week, on one weekday, in one window of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WeeklyItem {
    /// Stable identifier, unique among the page's weekly and dated items (and
    /// named by seasons): 1 to 64 lowercase letters, digits, `-` or `_`.
    pub id: String,
    /// `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`.
    #[cfg_attr(
        feature = "schema",
        schemars(extend("enum" = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
    )]
    pub weekday: String,
    /// When it starts, `HH:MM` on a 24-hour clock, e.g. `10:00`.
    pub starts: String,
    /// When it ends, later the same day: `HH:MM`, or `24:00` for midnight.
    pub ends: String,
    /// What it is, e.g. `周三5折美食提前抢`.
    pub title: String,
    /// A short badge, e.g. `美食`, `观影`: at most 8 characters.
    pub tag: String,
    /// A picture of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Url>,
    /// Where to take part, e.g. the bank's deal page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Url>,
}

/// An item that happens once, on a date, in one window of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DatedItem {
    /// Stable identifier, unique among the page's weekly and dated items.
    pub id: String,
    /// `YYYY-MM-DD`, e.g. `2026-12-12`.
    pub date: String,
    /// When it starts, `HH:MM` on a 24-hour clock.
    pub starts: String,
    /// When it ends, later the same day: `HH:MM`, or `24:00` for midnight.
    pub ends: String,
    pub title: String,
    /// A short badge, e.g. `观影`: at most 8 characters.
    pub tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Url>,
}

/// A seasonal schedule: from `from` to `until` (both days included), the
/// weekly items it names run; outside every season naming them, they do not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Season {
    /// Shown over the week, e.g. `春季福利日程`.
    pub name: String,
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// The last day, `YYYY-MM-DD`.
    pub until: String,
    /// The ids of the weekly items this season switches on.
    pub items: Vec<String>,
}

impl Season {
    /// Whether `date` is one of its days; never, when its dates do not read.
    pub fn covers(&self, date: Date) -> bool {
        match (Date::parse(&self.from), Date::parse(&self.until)) {
            (Some(from), Some(until)) => from <= date && date <= until,
            _ => false,
        }
    }
}

/// A window of the day as minutes after midnight, if both ends read and it
/// ends after it starts.
fn window(starts: &str, ends: &str) -> Option<(u16, u16)> {
    let (starts, ends) = (parse_time_of_day(starts)?, parse_time_of_day(ends)?);
    (starts < ends).then_some((starts, ends))
}

impl WeeklyItem {
    /// Its weekday and window, if they read.
    fn timing(&self) -> Option<(Weekday, (u16, u16))> {
        Some((
            Weekday::from_name(&self.weekday)?,
            window(&self.starts, &self.ends)?,
        ))
    }
}

impl DatedItem {
    /// Its date and window, if they read.
    fn timing(&self) -> Option<(Date, (u16, u16))> {
        Some((Date::parse(&self.date)?, window(&self.starts, &self.ends)?))
    }
}

impl BenefitsPage {
    pub fn weekly_item(&self, id: &str) -> Option<&WeeklyItem> {
        self.weekly.iter().find(|item| item.id == id)
    }

    pub fn dated_item(&self, id: &str) -> Option<&DatedItem> {
        self.dated.iter().find(|item| item.id == id)
    }

    /// Whether the weekly item runs on `date`: its weekday, and a day of a
    /// season naming it (any day, when no season names it).
    pub fn weekly_runs_on(&self, item: &WeeklyItem, date: Date) -> bool {
        if Weekday::from_name(&item.weekday) != Some(date.weekday()) {
            return false;
        }
        let mut named = false;
        for season in &self.seasons {
            if season.items.contains(&item.id) {
                if season.covers(date) {
                    return true;
                }
                named = true;
            }
        }
        !named
    }
}
