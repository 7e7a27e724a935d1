//! Timestamps as configs write them (RFC 3339), turned into Unix milliseconds,
//! and the calendar around them (dates, weekdays, times of day, fixed UTC
//! offsets, countdowns), without a date library: the wasm pays for every
//! dependency.
//!
//! Nothing here reads a clock: callers pass the time (`now_ms`, Unix
//! milliseconds), so the pages and the server agree and the tests can set it.
//! A phone's own time zone never enters: campaign times are in a configured
//! zone, a fixed offset from UTC (China has had no daylight saving since 1991,
//! so no time-zone database is needed).

use std::fmt;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use super::Locale;

/// Milliseconds in a minute.
pub const MINUTE_MS: i64 = 60 * 1000;
/// Milliseconds in a day.
pub const DAY_MS: i64 = 24 * 60 * MINUTE_MS;
/// Minutes in a day: `24:00`, the end of a day, as a minute of the day.
pub const MINUTES_PER_DAY: u16 = 24 * 60;

/// Milliseconds since the Unix epoch of an RFC 3339 timestamp with an explicit
/// offset, such as `2026-11-30T18:00:00+08:00` or `2026-11-30T10:00:00Z`.
/// Fractions of a second are accepted and ignored.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[13] != b':' {
        return None;
    }
    if !matches!(bytes[10], b'T' | b't' | b' ') || bytes[16] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            let hours: i64 = rest[1..3].parse().ok()?;
            let minutes: i64 = rest[4..6].parse().ok()?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 60 + minutes)
        }
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1_000)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), as (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // Saturating, so that no time a caller passes can overflow (and panic in
    // a debug build): the years that far out are nonsense either way.
    let shifted = days.saturating_add(719_468);
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

// ---------------------------------------------------------------------------
// Dates and weekdays
// ---------------------------------------------------------------------------

/// A calendar date, as configs write it (`2027-03-01`). Dates order as time does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date, if it is a real one (no 30 February).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let real = (1..=12).contains(&month)
            && day >= 1
            && i64::from(day) <= days_in_month(i64::from(year), i64::from(month));
        real.then_some(Date { year, month, day })
    }

    /// A `YYYY-MM-DD` date, if it is a real one.
    pub fn parse(text: &str) -> Option<Date> {
        let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes() else {
            return None;
        };
        let year = digits(&[y0, y1, y2, y3])?;
        let month = digits(&[m0, m1])?;
        let day = digits(&[d0, d1])?;
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The date `days` days after 1970-01-01 (before it, when negative).
    pub fn from_days(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date {
            // Years beyond i32 are billions of years away: no timestamp a
            // person sends gets there, and none makes this panic.
            year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Days from 1970-01-01 to this date.
    pub fn days(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date `count` days later (earlier, when negative).
    pub fn plus_days(self, count: i64) -> Date {
        Date::from_days(self.days().saturating_add(count))
    }

    pub fn weekday(self) -> Weekday {
        Weekday::of_day(self.days())
    }
}

/// `2027-03-01`, as configs write dates.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The value of ASCII digits, or `None` if any is not a digit.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &b| {
        b.is_ascii_digit()
            .then(|| value.saturating_mul(10).saturating_add(u32::from(b - b'0')))
    })
}

/// A day of the week. Weeks start on Monday, as Chinese calendars print them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Monday to Sunday.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The names configs use, Monday first: `mon` ... `sun`.
    pub const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// The weekday of the day `days` after 1970-01-01, which was a Thursday.
    pub fn of_day(days: i64) -> Weekday {
        // Thursday is index 3 of a week that starts on Monday.
        let index = (days + 3).rem_euclid(7);
        Weekday::ALL[usize::try_from(index).unwrap_or(0)]
    }

    /// Monday 0 to Sunday 6: the place in a week strip.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name configs use: `mon` ... `sun`.
    pub fn as_str(self) -> &'static str {
        Weekday::NAMES[self.index()]
    }

    /// The weekday a config names (`mon` ... `sun`), if it names one.
    pub fn from_name(name: &str) -> Option<Weekday> {
        Weekday::NAMES
            .iter()
            .position(|known| *known == name)
            .map(|index| Weekday::ALL[index])
    }

    /// Its short name for visitors: `周三`, `Wed`.
    pub fn label(self, locale: Locale) -> &'static str {
        const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        match locale {
            Locale::ZhCn => ZH[self.index()],
            Locale::En => EN[self.index()],
        }
    }
}

// ---------------------------------------------------------------------------
// Times of day
// ---------------------------------------------------------------------------

/// A time of day as configs write it, `HH:MM` on a 24-hour clock, as minutes
/// after midnight: `00:00` to `23:59`, and `24:00` (1440), the midnight that
/// ends a day, which only the end of a window may use.
pub fn parse_time_of_day(text: &str) -> Option<u16> {
    let &[h0, h1, b':', m0, m1] = text.as_bytes() else {
        return None;
    };
    let hours = u16::try_from(digits(&[h0, h1])?).ok()?;
    let minutes = u16::try_from(digits(&[m0, m1])?).ok()?;
    let valid = (hours < 24 && minutes < 60) || (hours == 24 && minutes == 0);
    valid.then_some(hours * 60 + minutes)
}

/// A minute of the day as `HH:MM` (`24:00` for the end of the day).
pub fn format_time_of_day(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

// ---------------------------------------------------------------------------
// Fixed offsets from UTC
// ---------------------------------------------------------------------------

/// Beijing time, China Standard Time: the zone campaigns are in unless they
/// say otherwise.
pub const BEIJING_OFFSET: &str = "+08:00";
const BEIJING_OFFSET_MINUTES: i32 = 8 * 60;

/// A time zone as a fixed offset from UTC, written `+08:00` or `-05:00` (as in
/// RFC 3339): every date and time of day in a config is in it, whatever the
/// phone's own zone. No daylight saving: the zones these campaigns run in
/// have none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(transparent)]
pub struct UtcOffset(
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^[+-](0[0-9]|1[0-4]):[0-5][0-9]$"))
    )]
    pub String,
);

impl Default for UtcOffset {
    fn default() -> Self {
        UtcOffset(BEIJING_OFFSET.to_owned())
    }
}

impl UtcOffset {
    pub fn new(value: &str) -> Self {
        UtcOffset(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is Beijing time, the default.
    pub fn is_beijing(&self) -> bool {
        self.0 == BEIJING_OFFSET
    }

    /// Minutes east of UTC, if this is an offset: `-12:00` to `+14:00`, the
    /// offsets in use on Earth.
    pub fn minutes(&self) -> Option<i32> {
        let &[sign, h0, h1, b':', m0, m1] = self.0.as_bytes() else {
            return None;
        };
        let sign = match sign {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let hours = i32::try_from(digits(&[h0, h1])?).ok()?;
        let minutes = i32::try_from(digits(&[m0, m1])?).ok()?;
        let total = sign * (hours * 60 + minutes);
        (minutes < 60 && (-12 * 60..=14 * 60).contains(&total)).then_some(total)
    }

    /// Milliseconds east of UTC; Beijing's for a value that is not an offset
    /// (which the config check reports, so a checked config never has one).
    pub fn ms(&self) -> i64 {
        i64::from(self.minutes().unwrap_or(BEIJING_OFFSET_MINUTES)) * MINUTE_MS
    }

    /// The date and time of day of a Unix time in this zone.
    pub fn local(&self, unix_ms: i64) -> LocalTime {
        let local_ms = unix_ms.saturating_add(self.ms());
        LocalTime {
            date: Date::from_days(local_ms.div_euclid(DAY_MS)),
            ms_of_day: local_ms.rem_euclid(DAY_MS),
        }
    }

    /// The Unix time of `minute` (of the day) on `date` in this zone; `24:00`
    /// is the midnight that starts the next day.
    pub fn unix_ms(&self, date: Date, minute: u16) -> i64 {
        date.days()
            .saturating_mul(DAY_MS)
            .saturating_add(i64::from(minute) * MINUTE_MS - self.ms())
    }
}

/// A moment as a wall clock in some zone shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub date: Date,
    /// Milliseconds since that date's midnight.
    pub ms_of_day: i64,
}

impl LocalTime {
    /// Whole minutes since midnight.
    pub fn minute_of_day(&self) -> u16 {
        u16::try_from(self.ms_of_day / MINUTE_MS).unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------
// Countdowns
// ---------------------------------------------------------------------------

/// A duration as a countdown shows it: days, then hours, minutes and seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Countdown {
    pub days: i64,
    pub hours: u8,
    pub minutes: u8,
    pub seconds: u8,
}

impl Countdown {
    /// The countdown for `ms` milliseconds left, in whole seconds rounded up,
    /// so that it reads `00:00:00` only once the moment has come; zero for a
    /// moment that has passed.
    pub fn of_ms(ms: i64) -> Countdown {
        let seconds = if ms <= 0 { 0 } else { (ms - 1) / 1_000 + 1 };
        Countdown {
            days: seconds / 86_400,
            hours: u8::try_from(seconds % 86_400 / 3_600).unwrap_or(0),
            minutes: u8::try_from(seconds % 3_600 / 60).unwrap_or(0),
            seconds: u8::try_from(seconds % 60).unwrap_or(0),
        }
    }

    /// `HH:MM:SS` of the part under a day.
    pub fn clock(&self) -> String {
        format!("{:02}:{:02}:{:02}", self.hours, self.minutes, self.seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_offsets_and_utc() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2026-11-30T18:00:00+08:00"),
            parse_rfc3339_ms("2026-11-30T10:00:00Z")
        );
        // 2000-03-01 is day 11017 after the epoch.
        assert_eq!(
            parse_rfc3339_ms("2000-03-01T00:00:01.250Z"),
            Some((11_017 * 86_400 + 1) * 1_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T00:00:00-01:30"),
            Some((19_782 * 86_400 + 5_400) * 1_000)
        );
    }

    #[test]
    fn refuses_what_is_not_a_timestamp() {
        for text in [
            "",
            "2026-11-30",
            "2026-11-30T18:00:00",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-30T24:00:00Z",
            "2026-11-30T18:00:00+0800",
            "下周一",
        ] {
            assert_eq!(parse_rfc3339_ms(text), None, "{text}");
        }
    }

    #[test]
    fn dates_and_days_agree_both_ways() {
        assert_eq!(Date::from_days(0), Date::new(1970, 1, 1).unwrap());
        assert_eq!(Date::from_days(-1), Date::new(1969, 12, 31).unwrap());
        assert_eq!(Date::from_days(11_017), Date::new(2000, 3, 1).unwrap());
        assert_eq!(Date::from_days(19_782), Date::new(2024, 2, 29).unwrap());
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).days(), days, "{days}");
        }
        let date = Date::parse("2026-12-02").unwrap();
        assert_eq!(date.to_string(), "2026-12-02");
        assert_eq!(date.plus_days(30).to_string(), "2027-01-01");
        assert!(Date::parse("2027-03-01") < Date::parse("2027-05-31"));
    }

    #[test]
    fn only_real_dates_parse() {
        assert_eq!(Date::parse("2028-02-29").map(|d| d.day), Some(29));
        for text in [
            "2027-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }

    #[test]
    fn weekdays_of_known_dates() {
        // 1970-01-01 was a Thursday; 2026-12-02 is a Wednesday; 2000-01-01
        // a Saturday; 1969-12-28 a Sunday.
        assert_eq!(Weekday::of_day(0), Weekday::Thu);
        assert_eq!(Date::parse("2026-12-02").unwrap().weekday(), Weekday::Wed);
        assert_eq!(Date::parse("2000-01-01").unwrap().weekday(), Weekday::Sat);
        assert_eq!(Date::parse("1969-12-28").unwrap().weekday(), Weekday::Sun);
        assert_eq!(Date::parse("2027-03-01").unwrap().weekday(), Weekday::Mon);
        assert_eq!(Weekday::from_name("wed"), Some(Weekday::Wed));
        assert_eq!(Weekday::from_name("Wed"), None);
        assert_eq!(Weekday::Sun.label(Locale::ZhCn), "周日");
        assert_eq!(Weekday::Sun.index(), 6);
    }

    #[test]
    fn times_of_day_are_24_hour_minutes() {
        assert_eq!(parse_time_of_day("00:00"), Some(0));
        assert_eq!(parse_time_of_day("09:30"), Some(570));
        assert_eq!(parse_time_of_day("23:59"), Some(1439));
        assert_eq!(parse_time_of_day("24:00"), Some(MINUTES_PER_DAY));
        for text in [
            "24:01",
            "25:00",
            "9:30",
            "09:60",
            "0930",
            "09:30:00",
            "下午三点",
        ] {
            assert_eq!(parse_time_of_day(text), None, "{text}");
        }
        assert_eq!(format_time_of_day(570), "09:30");
        assert_eq!(format_time_of_day(MINUTES_PER_DAY), "24:00");
    }

    #[test]
    fn offsets_put_wall_clocks_where_they_are() {
        let beijing = UtcOffset::default();
        assert!(beijing.is_beijing());
        assert_eq!(beijing.minutes(), Some(480));
        assert_eq!(UtcOffset::new("-05:30").minutes(), Some(-330));
        for text in ["+8", "+08", "08:00", "+15:00", "-13:00", "+08:60", "Z"] {
            assert_eq!(UtcOffset::new(text).minutes(), None, "{text}");
        }
        // Wednesday 2026-12-02 03:00 UTC is 11:00 in Beijing.
        let utc_3am = parse_rfc3339_ms("2026-12-02T03:00:00Z").unwrap();
        let local = beijing.local(utc_3am);
        assert_eq!(local.date.to_string(), "2026-12-02");
        assert_eq!(local.minute_of_day(), 11 * 60);
        let wed = Date::parse("2026-12-02").unwrap();
        assert_eq!(beijing.unix_ms(wed, 11 * 60), utc_3am);
        // 23:30 UTC on the 1st is already the 2nd in Beijing.
        let late = parse_rfc3339_ms("2026-12-01T23:30:00Z").unwrap();
        assert_eq!(beijing.local(late).date, wed);
        assert_eq!(
            UtcOffset::new("-05:00").local(late).date.to_string(),
            "2026-12-01"
        );
        // The ends of time neither overflow nor panic.
        let _ = beijing.local(i64::MAX);
        let _ = beijing.local(i64::MIN);
        let far = Date::from_days(i64::MAX);
        let _ = (far.plus_days(7), beijing.unix_ms(far, MINUTES_PER_DAY));
        // Before the epoch, days still start at local midnight.
        let local = beijing.local(-1);
        assert_eq!(
            (local.date.to_string(), local.minute_of_day()),
            ("1970-01-01".to_owned(), 479)
        );
    }

    #[test]
    fn countdowns_round_up_to_the_second() {
        let countdown = Countdown::of_ms(((2 * 24 + 3) * 3_600 + 4 * 60 + 5) * 1_000 - 400);
        assert_eq!(
            (countdown.days, countdown.clock()),
            (2, "03:04:05".to_owned())
        );
        assert_eq!(Countdown::of_ms(1).clock(), "00:00:01");
        assert_eq!(Countdown::of_ms(0), Countdown::default());
        assert_eq!(Countdown::of_ms(-5_000), Countdown::default());
    }
}
