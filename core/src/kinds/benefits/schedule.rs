//! The schedule as a visitor sees it at a moment: what is on each day, what is
//! live now, and what starts next. Pure functions of the page and `now_ms`.

use super::{BenefitsPage, NEXT_START_HORIZON_DAYS, Season};
use crate::primitives::Url;
use crate::primitives::clock::{Date, Weekday, format_time_of_day};

/// Which item of the page something is about: the index of a weekly or a
/// dated item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemRef {
    Weekly(usize),
    Dated(usize),
}

/// One time an item happens: on a date of the page's zone, in a window that
/// starts at `starts_at_ms` and ends (exclusive) at `ends_at_ms`, Unix ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub item: ItemRef,
    pub date: Date,
    /// Minutes after the date's midnight, in the page's zone.
    pub starts_minute: u16,
    pub ends_minute: u16,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
}

/// Where an occurrence stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// It starts later: in this many milliseconds.
    Upcoming {
        starts_in_ms: i64,
    },
    /// It is on now, and ends in this many milliseconds.
    Live {
        ends_in_ms: i64,
    },
    Ended,
}

impl Occurrence {
    pub fn phase(&self, now_ms: i64) -> Phase {
        if now_ms < self.starts_at_ms {
            Phase::Upcoming {
                starts_in_ms: self.starts_at_ms - now_ms,
            }
        } else if now_ms < self.ends_at_ms {
            Phase::Live {
                ends_in_ms: self.ends_at_ms - now_ms,
            }
        } else {
            Phase::Ended
        }
    }

    pub fn is_live(&self, now_ms: i64) -> bool {
        matches!(self.phase(now_ms), Phase::Live { .. })
    }

    /// Its window as the page shows it: `10:00`, `22:00`.
    pub fn window_text(&self) -> (String, String) {
        (
            format_time_of_day(self.starts_minute),
            format_time_of_day(self.ends_minute),
        )
    }
}

/// What the page shows of an item, whichever list it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemDetails<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub tag: &'a str,
    pub image: Option<&'a Url>,
    pub link: Option<&'a Url>,
}

impl BenefitsPage {
    /// The item `item` points at; `None` when the page has no such item.
    pub fn details(&self, item: ItemRef) -> Option<ItemDetails<'_>> {
        match item {
            ItemRef::Weekly(index) => self.weekly.get(index).map(|item| ItemDetails {
                id: &item.id,
                title: &item.title,
                tag: &item.tag,
                image: item.image.as_ref(),
                link: item.link.as_ref(),
            }),
            ItemRef::Dated(index) => self.dated.get(index).map(|item| ItemDetails {
                id: &item.id,
                title: &item.title,
                tag: &item.tag,
                image: item.image.as_ref(),
                link: item.link.as_ref(),
            }),
        }
    }

    /// The item with this id, weekly or dated.
    pub fn item_by_id(&self, id: &str) -> Option<ItemRef> {
        self.weekly
            .iter()
            .position(|item| item.id == id)
            .map(ItemRef::Weekly)
            .or_else(|| {
                self.dated
                    .iter()
                    .position(|item| item.id == id)
                    .map(ItemRef::Dated)
            })
    }

    /// The occurrence of `item` on `date`, if it happens that day: for the
    /// "add to calendar" of an item the page named by id and date.
    pub fn occurrence(&self, item: ItemRef, date: Date) -> Option<Occurrence> {
        let (starts, ends) = match item {
            ItemRef::Weekly(index) => {
                let weekly = self.weekly.get(index)?;
                let (_, window) = weekly.timing()?;
                self.weekly_runs_on(weekly, date).then_some(window)?
            }
            ItemRef::Dated(index) => {
                let (on, window) = self.dated.get(index)?.timing()?;
                (on == date).then_some(window)?
            }
        };
        Some(Occurrence {
            item,
            date,
            starts_minute: starts,
            ends_minute: ends,
            starts_at_ms: self.utc_offset.unix_ms(date, starts),
            ends_at_ms: self.utc_offset.unix_ms(date, ends),
        })
    }
}

/// Everything that happens on `date` (a date of the page's zone), in the order
/// it starts (then by the order of the config, weekly items first).
pub fn occurrences_on(page: &BenefitsPage, date: Date) -> Vec<Occurrence> {
    let weekly = (0..page.weekly.len()).map(ItemRef::Weekly);
    let dated = (0..page.dated.len()).map(ItemRef::Dated);
    let mut found: Vec<Occurrence> = weekly
        .chain(dated)
        .filter_map(|item| page.occurrence(item, date))
        .collect();
    found.sort_by_key(|occurrence| {
        (
            occurrence.starts_at_ms,
            occurrence.ends_at_ms,
            occurrence.item,
        )
    });
    found
}

/// Today's date in the page's zone.
pub fn today_date(page: &BenefitsPage, now_ms: i64) -> Date {
    page.utc_offset.local(now_ms).date
}

/// What is on now. Windows end the day they start, so only today's items can be.
pub fn live_now(page: &BenefitsPage, now_ms: i64) -> Vec<Occurrence> {
    occurrences_on(page, today_date(page, now_ms))
        .into_iter()
        .filter(|occurrence| occurrence.is_live(now_ms))
        .collect()
}

/// What starts next, and in how long: for the countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextStart {
    pub occurrence: Occurrence,
    pub starts_in_ms: i64,
}

/// The first occurrence that starts after `now_ms` (the first in config order
/// when several start together), within [`NEXT_START_HORIZON_DAYS`] days;
/// `None` when nothing is scheduled that soon.
pub fn next_start(page: &BenefitsPage, now_ms: i64) -> Option<NextStart> {
    let today = today_date(page, now_ms);
    (0..=NEXT_START_HORIZON_DAYS).find_map(|ahead| {
        // Sorted by start: the first one still to start is the day's next.
        occurrences_on(page, today.plus_days(ahead))
            .into_iter()
            .find(|occurrence| occurrence.starts_at_ms > now_ms)
            .map(|occurrence| NextStart {
                occurrence,
                starts_in_ms: occurrence.starts_at_ms - now_ms,
            })
    })
}

/// One day of the week strip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPlan {
    pub date: Date,
    pub weekday: Weekday,
    pub is_today: bool,
    pub occurrences: Vec<Occurrence>,
}

/// The current week of the page's zone, Monday to Sunday, with today marked.
pub fn week(page: &BenefitsPage, now_ms: i64) -> Vec<DayPlan> {
    let today = today_date(page, now_ms);
    let monday = today.plus_days(-(today.weekday().index() as i64));
    Weekday::ALL
        .iter()
        .enumerate()
        .map(|(offset, &weekday)| {
            let date = monday.plus_days(offset as i64);
            DayPlan {
                date,
                weekday,
                is_today: date == today,
                occurrences: occurrences_on(page, date),
            }
        })
        .collect()
}

/// Today, as the top of the page shows it: what is live, what is still to
/// come today, what is over, and the next start (perhaps on a later day) for
/// the countdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Today {
    pub date: Date,
    pub live: Vec<Occurrence>,
    pub upcoming: Vec<Occurrence>,
    pub ended: Vec<Occurrence>,
    pub next: Option<NextStart>,
}

pub fn today(page: &BenefitsPage, now_ms: i64) -> Today {
    let date = today_date(page, now_ms);
    let mut today = Today {
        date,
        live: Vec::new(),
        upcoming: Vec::new(),
        ended: Vec::new(),
        next: next_start(page, now_ms),
    };
    for occurrence in occurrences_on(page, date) {
        match occurrence.phase(now_ms) {
            Phase::Live { .. } => today.live.push(occurrence),
            Phase::Upcoming { .. } => today.upcoming.push(occurrence),
            Phase::Ended => today.ended.push(occurrence),
        }
    }
    today
}

/// The season `date` is in, to name over the week (the first listed, when
/// seasons overlap).
pub fn season_on(page: &BenefitsPage, date: Date) -> Option<&Season> {
    page.seasons.iter().find(|season| season.covers(date))
}
