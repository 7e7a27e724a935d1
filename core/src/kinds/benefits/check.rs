//! The benefits page's config checker: every rule a marketer can break that
//! the types cannot express, each reported at its path.

use super::{BenefitsPage, MAX_TAG_CHARS, Season};
use crate::diagnostics::issue::{
    PageIssue, bad_url, id_hint, id_taken, invalid_id, longer_than, must_not_be_empty, not_a_date,
    not_blank, utc_offset_problem,
};
use crate::diagnostics::{choices_hint, did_you_mean};
use crate::primitives::clock::{Date, MINUTES_PER_DAY, Weekday, parse_time_of_day};
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::limits::MAX_TITLE_CHARS;
use crate::primitives::text::{Text, phrase, text};
use crate::primitives::{Phrase, Url};

/// Every rule of a benefits config the types cannot express, each problem
/// reported (in document order) rather than only the first. Paths are relative
/// to the page, e.g. `weekly[2].ends`.
pub fn check_benefits(page: &BenefitsPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    if page.welcome.is_empty() && page.weekly.is_empty() && page.dated.is_empty() {
        issues.push(
            PageIssue::new("", phrase!("没有可显示的内容", "has nothing to show")).with_hint(
                phrase!(
                    "请至少写一项 `welcome`、`weekly` 或 `dated`",
                    "list at least one `welcome`, `weekly` or `dated` item"
                ),
            ),
        );
    }
    utc_offset_problem(&mut issues, &page.utc_offset);
    for (index, benefit) in page.welcome.iter().enumerate() {
        let at = format!("welcome[{index}]");
        check_title(&mut issues, &format!("{at}.title"), &benefit.title);
        not_blank(
            &mut issues,
            &format!("{at}.detail"),
            benefit.detail.as_deref(),
        );
    }
    // Weekly and dated items share one set of ids: seasons and calendar
    // events name items by id.
    let ids: Vec<(String, &str)> = page
        .weekly
        .iter()
        .enumerate()
        .map(|(index, item)| (format!("weekly[{index}]"), item.id.as_str()))
        .chain(
            page.dated
                .iter()
                .enumerate()
                .map(|(index, item)| (format!("dated[{index}]"), item.id.as_str())),
        )
        .collect();
    for (position, (at, id)) in ids.iter().enumerate() {
        check_id(&mut issues, &ids[..position], at, id);
    }
    for (index, item) in page.weekly.iter().enumerate() {
        let at = format!("weekly[{index}]");
        if Weekday::from_name(&item.weekday).is_none() {
            let weekday = &item.weekday;
            issues.push(
                PageIssue::new(
                    format!("{at}.weekday"),
                    text!("`{weekday}` 不是星期几", "`{weekday}` is not a weekday"),
                )
                .with_hint(weekday_hint(weekday)),
            );
        }
        check_window(&mut issues, &at, &item.starts, &item.ends);
        check_content(&mut issues, &at, &item.title, &item.tag);
        check_urls(&mut issues, &at, item.image.as_ref(), item.link.as_ref());
    }
    for (index, item) in page.dated.iter().enumerate() {
        let at = format!("dated[{index}]");
        check_date(&mut issues, &format!("{at}.date"), &item.date);
        check_window(&mut issues, &at, &item.starts, &item.ends);
        check_content(&mut issues, &at, &item.title, &item.tag);
        check_urls(&mut issues, &at, item.image.as_ref(), item.link.as_ref());
    }
    for (index, season) in page.seasons.iter().enumerate() {
        check_season(&mut issues, page, &format!("seasons[{index}]"), season);
    }
    issues
}

fn check_id(issues: &mut Vec<PageIssue>, earlier: &[(String, &str)], at: &str, id: &str) {
    if !is_name(id, MAX_ID_CHARS) {
        issues.push(PageIssue::new(format!("{at}.id"), invalid_id(id)).with_hint(id_hint()));
    } else if let Some((first, _)) = earlier.iter().find(|(_, other)| *other == id) {
        issues.push(
            PageIssue::new(format!("{at}.id"), id_taken(id, format_args!("{first}"))).with_hint(
                phrase!(
                    "每周活动和一次性活动的 id 不能重复：季节和日历按 id 找活动",
                    "weekly and dated items need ids of their own: seasons and calendars name items by id"
                ),
            ),
        );
    }
}

/// The guess behind an unknown weekday: English names and abbreviations in
/// any case (`Wednesday`, `WED`, `weds`), Chinese (`周三`, `星期三`, `礼拜天`),
/// or a number (1 for Monday to 7 for Sunday, and 0 for Sunday as
/// JavaScript counts).
fn weekday_guess(text: &str) -> Option<Weekday> {
    const ENGLISH: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    const CHINESE: [char; 7] = ['一', '二', '三', '四', '五', '六', '日'];
    let typed = text.trim().to_ascii_lowercase();
    let by_english = ENGLISH.iter().position(|name| {
        // Two letters tell every weekday apart (`tu`, `th`, `sa`, `su`).
        (typed.len() >= 2 && name.starts_with(typed.as_str()))
            || name.get(..3).is_some_and(|short| typed.starts_with(short))
    });
    let chinese = ["星期", "礼拜", "周"]
        .iter()
        .find_map(|prefix| typed.strip_prefix(prefix))
        .unwrap_or(&typed);
    let by_chinese = match chinese {
        "天" | "七" => Some(6),
        _ => {
            let mut chars = chinese.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => CHINESE.iter().position(|day| *day == c),
                _ => None,
            }
        }
    };
    let by_number = match typed.as_str() {
        "0" | "7" => Some(6),
        "1" | "2" | "3" | "4" | "5" | "6" => typed.parse::<usize>().ok().map(|day| day - 1),
        _ => None,
    };
    by_english
        .or(by_chinese)
        .or(by_number)
        .and_then(|index| Weekday::ALL.get(index).copied())
}

fn weekday_hint(text: &str) -> Text {
    match weekday_guess(text) {
        Some(weekday) => did_you_mean(weekday.as_str()),
        None => choices_hint(text, &Weekday::NAMES),
    }
}

fn time_hint() -> Phrase {
    phrase!(
        "请写成 24 小时制的 `HH:MM`，如 `09:30`；`24:00` 表示到当天午夜结束",
        "write it as `HH:MM` on a 24-hour clock, e.g. `09:30`; `24:00` ends a window at midnight"
    )
}

/// A window of the day: both ends times of day, and the end after the start.
fn check_window(issues: &mut Vec<PageIssue>, at: &str, starts: &str, ends: &str) {
    let start = parse_time_of_day(starts);
    let end = parse_time_of_day(ends);
    match start {
        None => issues.push(
            PageIssue::new(
                format!("{at}.starts"),
                text!("`{starts}` 不是时间", "`{starts}` is not a time of day"),
            )
            .with_hint(time_hint()),
        ),
        Some(MINUTES_PER_DAY) => issues.push(
            PageIssue::new(
                format!("{at}.starts"),
                phrase!(
                    "时段不能从 `24:00` 开始",
                    "a window cannot start at `24:00`"
                ),
            )
            .with_hint(phrase!(
                "`24:00` 只用于结束时间；请从第二天的 `00:00` 开始",
                "`24:00` only ends a window; start it at `00:00` of the next day"
            )),
        ),
        Some(_) => {}
    }
    let Some(end) = end else {
        issues.push(
            PageIssue::new(
                format!("{at}.ends"),
                text!("`{ends}` 不是时间", "`{ends}` is not a time of day"),
            )
            .with_hint(time_hint()),
        );
        return;
    };
    let Some(start) = start.filter(|start| *start < MINUTES_PER_DAY) else {
        return;
    };
    let message = if end == start {
        text!(
            "与开始时间 `{starts}` 相同：时段一开始就结束了",
            "is the same as `starts` (`{starts}`): the window ends as it begins"
        )
    } else if end < start {
        text!(
            "`{ends}` 早于开始时间 `{starts}`：时段在开始前就结束了",
            "`{ends}` is before `starts` (`{starts}`): the window ends before it begins"
        )
    } else {
        return;
    };
    issues.push(PageIssue::new(format!("{at}.ends"), message).with_hint(phrase!(
        "时段在同一天内结束；跨过午夜的活动，请在 `24:00` 结束，再为第二天加一项",
        "a window ends later the same day; for one past midnight, end it at `24:00` and add an item for the next day"
    )));
}

fn check_date(issues: &mut Vec<PageIssue>, at: &str, date: &str) -> Option<Date> {
    let parsed = Date::parse(date);
    if parsed.is_none() {
        let (message, hint) = not_a_date(date);
        issues.push(PageIssue::new(at, message).with_hint(hint));
    }
    parsed
}

fn check_title(issues: &mut Vec<PageIssue>, at: &str, title: &str) {
    if title.trim().is_empty() {
        issues.push(PageIssue::new(at, must_not_be_empty()));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        issues.push(PageIssue::new(at, longer_than(MAX_TITLE_CHARS)));
    }
}

fn check_content(issues: &mut Vec<PageIssue>, at: &str, title: &str, tag: &str) {
    check_title(issues, &format!("{at}.title"), title);
    if tag.trim().is_empty() {
        issues.push(PageIssue::new(format!("{at}.tag"), must_not_be_empty()));
    } else if tag.chars().count() > MAX_TAG_CHARS {
        issues.push(
            PageIssue::new(format!("{at}.tag"), longer_than(MAX_TAG_CHARS)).with_hint(phrase!(
                "标签是一个小角标，如 `美食`、`观影`",
                "a tag is a small badge, such as `美食` or `观影`"
            )),
        );
    }
}

fn check_urls(issues: &mut Vec<PageIssue>, at: &str, image: Option<&Url>, link: Option<&Url>) {
    for (field, url) in [("image", image), ("link", link)] {
        let Some(url) = url else { continue };
        if let Some(problem) = url.problem() {
            issues.push(
                PageIssue::new(format!("{at}.{field}"), bad_url(url, &problem)).with_hint(phrase!(
                    "请用以 `https://` 开头的完整网址，或本站的路径，如 `/images/food.png`",
                    "use an absolute `https://` URL, or a path such as `/images/food.png`"
                )),
            );
        }
    }
}

fn check_season(issues: &mut Vec<PageIssue>, page: &BenefitsPage, at: &str, season: &Season) {
    if season.name.trim().is_empty() {
        issues.push(PageIssue::new(format!("{at}.name"), must_not_be_empty()));
    }
    let from = check_date(issues, &format!("{at}.from"), &season.from);
    let until = check_date(issues, &format!("{at}.until"), &season.until);
    if let (Some(from), Some(until)) = (from, until) {
        if until < from {
            issues.push(
                PageIssue::new(
                    format!("{at}.until"),
                    text!(
                        "`{until}` 早于开始日期 `{from}`：这一季在开始前就结束了",
                        "`{until}` is before `from` (`{from}`): the season ends before it starts"
                    ),
                )
                .with_hint(phrase!(
                    "`from` 和 `until` 都包含在季节内；只有一天的季节两者相同",
                    "both `from` and `until` are days of the season; a one-day season has them equal"
                )),
            );
        }
    }
    if season.items.is_empty() {
        issues.push(
            PageIssue::new(
                format!("{at}.items"),
                phrase!(
                    "至少要列出一个每周活动",
                    "must name at least one weekly item"
                ),
            )
            .with_hint(phrase!(
                "季节会在它的日期内开启所列的每周活动，如 `[\"wed-food\"]`",
                "a season switches on the weekly items it names in its dates, e.g. `[\"wed-food\"]`"
            )),
        );
    }
    let weekly_ids: Vec<&str> = page.weekly.iter().map(|item| item.id.as_str()).collect();
    for (index, id) in season.items.iter().enumerate() {
        let path = format!("{at}.items[{index}]");
        if weekly_ids.contains(&id.as_str()) {
            continue;
        }
        let issue = if page.dated_item(id).is_some() {
            PageIssue::new(
                path,
                text!(
                    "`{id}` 是一次性活动，不是每周活动",
                    "`{id}` is a dated item, not a weekly one"
                ),
            )
            .with_hint(phrase!(
                "季节只开关每周活动；一次性活动有自己的 `date`",
                "seasons switch weekly items; a dated item has its own `date`"
            ))
        } else {
            let hint = if weekly_ids.is_empty() {
                phrase!(
                    "请先在 `weekly` 里加上这个活动",
                    "add the item to `weekly` first"
                )
                .into()
            } else {
                choices_hint(id, &weekly_ids)
            };
            PageIssue::new(
                path,
                text!(
                    "本页没有每周活动 `{id}`",
                    "there is no weekly item `{id}` on this page"
                ),
            )
            .with_hint(hint)
        };
        issues.push(issue);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_are_guessed_from_what_people_write() {
        for (typed, meant) in [
            ("Wednesday", Weekday::Wed),
            ("WED", Weekday::Wed),
            ("weds", Weekday::Wed),
            ("thurs", Weekday::Thu),
            ("tu", Weekday::Tue),
            ("Su", Weekday::Sun),
            ("周三", Weekday::Wed),
            ("星期日", Weekday::Sun),
            ("礼拜天", Weekday::Sun),
            ("五", Weekday::Fri),
            ("3", Weekday::Wed),
            ("7", Weekday::Sun),
            ("0", Weekday::Sun),
        ] {
            assert_eq!(weekday_guess(typed), Some(meant), "{typed}");
        }
        for typed in ["t", "s", "8", "周八", "someday", ""] {
            assert_eq!(weekday_guess(typed), None, "{typed}");
        }
    }
}
