//! The check-in page's config checker: every rule a marketer can break that
//! the types cannot express, each reported at its path. That `course_page`
//! names a course page of the campaign is the campaign's check.

use super::CheckinPage;
use crate::diagnostics::issue::{
    PageIssue, at_least_one, invalid_id, must_not_be_empty, not_blank, utc_offset_problem,
};
use crate::primitives::ids::is_id;
use crate::primitives::text::{phrase, text};

/// Every rule of a check-in config the types cannot express, each problem
/// reported (in document order). Paths are relative to the page, e.g.
/// `days[2].day`.
pub fn check_checkin(page: &CheckinPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    utc_offset_problem(&mut issues, &page.utc_offset);
    if !is_id(&page.course_page) {
        issues.push(
            PageIssue::new("course_page", invalid_id(&page.course_page)).with_hint(phrase!(
                "写上本活动课程报名页（`\"kind\": \"course\"`）的 id",
                "give the id of the campaign's course page (`\"kind\": \"course\"`)"
            )),
        );
    }
    not_blank(
        &mut issues,
        "hometown.prompt",
        page.hometown.prompt.as_deref(),
    );
    not_blank(
        &mut issues,
        "hometown.line_placeholder",
        page.hometown.line_placeholder.as_deref(),
    );
    if page.hometown.line_max_chars == Some(0) {
        issues.push(PageIssue::new("hometown.line_max_chars", at_least_one()));
    }

    if page.days.is_empty() {
        issues.push(
            PageIssue::new(
                "days",
                phrase!("至少要有一天", "must list at least one day"),
            )
            .with_hint(phrase!(
                "一天的写法如 `{ \"day\": 1, \"task\": \"家乡签到\" }`",
                "a day is `{ \"day\": 1, \"task\": \"家乡签到\" }`"
            )),
        );
    }
    for (index, day) in page.days.iter().enumerate() {
        let expected = u32::try_from(index).map_or(u32::MAX, |index| index.saturating_add(1));
        if day.day != expected {
            issues.push(
                PageIssue::new(
                    format!("days[{index}].day"),
                    text!(
                        "应为第 {expected} 天，而不是第 {day} 天",
                        "should be day {expected}, not day {day}",
                        day = day.day
                    ),
                )
                .with_hint(phrase!(
                    "请从第 1 天起按顺序逐天排列，不跳天、不重复",
                    "list the days in order from day 1, none skipped or repeated"
                )),
            );
        }
        if day.task.trim().is_empty() {
            issues.push(PageIssue::new(
                format!("days[{index}].task"),
                must_not_be_empty(),
            ));
        }
    }

    let length = page.length();
    let needed = page.graduation.days_needed;
    if needed == 0 {
        issues.push(
            PageIssue::new("graduation.days_needed", at_least_one()).with_hint(phrase!(
                "毕业证书要靠打卡得到：写上需要打卡的天数，如 7 天里的 6 天",
                "a certificate is earned by checking in: give the days needed, e.g. 6 of 7"
            )),
        );
    } else if needed > length && length > 0 {
        issues.push(
            PageIssue::new(
                "graduation.days_needed",
                text!(
                    "需要打卡 {needed} 天，但课程只有 {length} 天",
                    "needs {needed} days of check-ins, but the course has {length}"
                ),
            )
            .with_hint(phrase!(
                "这样谁也毕不了业：请不超过 `days` 的天数",
                "nobody could graduate: make it at most the number of `days`"
            )),
        );
    }
    not_blank(
        &mut issues,
        "graduation.message",
        page.graduation.message.as_deref(),
    );

    let make_ups = page.make_ups;
    if make_ups.allowed >= length && length > 0 {
        issues.push(
            PageIssue::new(
                "make_ups.allowed",
                text!(
                    "{allowed} 次补签不少于课程的 {length} 天",
                    "{allowed} make-ups are as many as the course's {length} days",
                    allowed = make_ups.allowed
                ),
            )
            .with_hint(phrase!(
                "补签是给偶尔错过的人的：次数太多，每天打卡就没有意义了",
                "make-ups are for a missed day or two; as many as the days make daily check-ins meaningless"
            )),
        );
    }
    if make_ups.within_days == Some(0) {
        issues.push(
            PageIssue::new("make_ups.within_days", at_least_one()).with_hint(phrase!(
                "1 表示只能在第二天补签；不允许补签请把 `allowed` 设为 0",
                "1 allows a make-up on the next day only; for none, set `allowed` to 0"
            )),
        );
    } else if make_ups.within_days.is_some() && make_ups.allowed == 0 {
        issues.push(
            PageIssue::new(
                "make_ups.within_days",
                phrase!(
                    "`allowed` 为 0 时不起作用",
                    "has no effect while `allowed` is 0"
                ),
            )
            .with_hint(phrase!(
                "写上允许补签的次数，或删掉 `make_ups`",
                "give the number of make-ups allowed, or leave `make_ups` out"
            )),
        );
    }
    if page.wall_lines == Some(0) {
        issues.push(PageIssue::new("wall_lines", at_least_one()));
    }
    issues
}
