//! The course page's config checker: every rule a marketer can break that the
//! types cannot express, each reported at its path.

use super::{AdvisorContact, Cohort, CoursePage, NextStep};
use crate::diagnostics::issue::{
    PageIssue, at_least_one, bad_url, id_hint, id_taken, invalid_id, must_not_be_empty, not_a_date,
    not_a_timestamp, not_blank, utc_offset_problem,
};
use crate::kinds::survey::check_survey;
use crate::primitives::Url;
use crate::primitives::clock::{Date, parse_rfc3339_ms, parse_time_of_day};
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::text::{phrase, text};

/// Most members a WeCom group takes when people join by its QR code.
pub const MAX_CLASS_GROUP_MEMBERS: u32 = 200;

/// Every rule of a course config the types cannot express, each problem
/// reported (in document order). Paths are relative to the page, e.g.
/// `course.schedule[2].day`.
pub fn check_course(page: &CoursePage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    utc_offset_problem(&mut issues, &page.utc_offset);
    check_advisor(page, &mut issues);
    check_schedule(page, &mut issues);
    for (index, quote) in page.feedback.iter().enumerate() {
        if quote.text.trim().is_empty() {
            issues.push(PageIssue::new(
                format!("feedback[{index}].text"),
                must_not_be_empty(),
            ));
        }
        not_blank(
            &mut issues,
            &format!("feedback[{index}].author"),
            quote.author.as_deref(),
        );
    }

    let closes = parse_rfc3339_ms(&page.closes_at);
    if closes.is_none() {
        let (message, hint) = not_a_timestamp(&page.closes_at);
        issues.push(PageIssue::new("closes_at", message).with_hint(hint));
    }
    if page.cohorts.is_empty() {
        issues.push(
            PageIssue::new(
                "cohorts",
                phrase!("至少要有一期", "must list at least one cohort"),
            )
            .with_hint(phrase!(
                "一期的写法如 `{ \"id\": \"c12\", \"name\": \"第 12 期\", \"capacity\": 200, \"starts_on\": \"2026-12-07\", \"class_group\": { \"name\": \"小白理财 12 期\" } }`",
                "a cohort is `{ \"id\": \"c12\", \"name\": \"第 12 期\", \"capacity\": 200, \"starts_on\": \"2026-12-07\", \"class_group\": { \"name\": \"小白理财 12 期\" } }`"
            )),
        );
    }
    for index in 0..page.cohorts.len() {
        check_cohort(page, index, closes, &mut issues);
    }
    if page.show_remaining_at_most == Some(0) {
        issues.push(
            PageIssue::new("show_remaining_at_most", at_least_one()).with_hint(phrase!(
                "不想显示剩余名额的话，删掉这个字段即可",
                "to never show how many seats are left, leave it out"
            )),
        );
    }

    // The sign-up form is a survey section: the survey's own rules, at this
    // page's paths.
    for mut issue in check_survey(&page.sign_up_survey()) {
        issue.path = if let Some(rest) = issue.path.strip_prefix("sections[0]") {
            format!("sign_up{rest}")
        } else if issue.path == "submit_label" {
            "button_label".to_owned()
        } else {
            issue.path
        };
        issues.push(issue);
    }
    if page.name_question().is_none() {
        issues.push(
            PageIssue::new(
                "sign_up.questions",
                phrase!(
                    "报名表要有一道必填的文字题来填写学员的称呼，它会印在结业证书上",
                    "the form needs a required text question for the learner's name, printed on the certificate"
                ),
            )
            .with_hint(phrase!(
                "加一道 `{ \"id\": \"name\", \"type\": \"text\", \"label\": \"怎么称呼你\", \"required\": true }`",
                "add `{ \"id\": \"name\", \"type\": \"text\", \"label\": \"Your name\", \"required\": true }`"
            )),
        );
    }

    if let Some(next) = &page.next_intake {
        not_blank_required(&mut issues, "next_intake.message", &next.message);
        url_problem(&mut issues, "next_intake.link", &next.link);
    }
    if let Some(step) = &page.next_step {
        check_next_step(step, &mut issues);
        check_next_step_after_course(page, step, &mut issues);
    }
    issues
}

fn not_blank_required(issues: &mut Vec<PageIssue>, path: &str, text: &str) {
    if text.trim().is_empty() {
        issues.push(PageIssue::new(path, must_not_be_empty()));
    }
}

fn url_problem(issues: &mut Vec<PageIssue>, path: &str, url: &Url) {
    if let Some(problem) = url.problem() {
        issues.push(
            PageIssue::new(path, bad_url(url, &problem)).with_hint(phrase!(
                "请用以 `https://` 开头的完整网址",
                "use an absolute `https://` URL"
            )),
        );
    }
}

fn check_advisor(page: &CoursePage, issues: &mut Vec<PageIssue>) {
    let advisor = &page.advisor;
    not_blank_required(issues, "advisor.name", &advisor.name);
    not_blank_required(issues, "advisor.title", &advisor.title);
    not_blank_required(issues, "advisor.credo", &advisor.credo);
    url_problem(issues, "advisor.photo", &advisor.photo);
    if advisor.years == 0 {
        issues.push(
            PageIssue::new("advisor.years", at_least_one()).with_hint(phrase!(
                "页面写作「N 年投资经验」；请填真实的从业年数",
                "the page says \"N years of experience\"; give the real number"
            )),
        );
    }
    let AdvisorContact {
        qr_url,
        qr_image,
        prompt,
    } = &advisor.contact;
    match (qr_url, qr_image) {
        (None, None) => issues.push(
            PageIssue::new(
                "advisor.contact",
                phrase!(
                    "要有 `qr_url` 或 `qr_image`",
                    "needs `qr_url` or `qr_image`"
                ),
            )
            .with_hint(phrase!(
                "学员报名后要靠这个二维码添加导师企业微信：填企业微信「联系我」链接（页面画成二维码），或二维码图片",
                "learners add the advisor on WeCom by this QR code after signing up: give the WeCom \"contact me\" link (drawn as a QR code) or an image of the code"
            )),
        ),
        (Some(_), Some(_)) => issues.push(
            PageIssue::new(
                "advisor.contact.qr_image",
                phrase!(
                    "和 `qr_url` 只能二选一",
                    "cannot be given with `qr_url`"
                ),
            )
            .with_hint(phrase!(
                "页面只显示一个二维码：保留链接或图片中的一个",
                "the page shows one QR code: keep the link or the image"
            )),
        ),
        _ => {}
    }
    if let Some(url) = qr_url {
        url_problem(issues, "advisor.contact.qr_url", url);
    }
    if let Some(url) = qr_image {
        url_problem(issues, "advisor.contact.qr_image", url);
    }
    not_blank(issues, "advisor.contact.prompt", prompt.as_deref());
}

fn check_schedule(page: &CoursePage, issues: &mut Vec<PageIssue>) {
    let course = &page.course;
    not_blank_required(issues, "course.title", &course.title);
    not_blank_required(issues, "course.audience", &course.audience);
    if course.includes.is_empty() {
        issues.push(
            PageIssue::new(
                "course.includes",
                phrase!("至少要写一项", "must list at least one thing"),
            )
            .with_hint(phrase!(
                "写上每位学员能得到什么，如 `{ \"title\": \"学习资料\" }`",
                "say what each learner gets, e.g. `{ \"title\": \"学习资料\" }`"
            )),
        );
    }
    for (index, item) in course.includes.iter().enumerate() {
        not_blank_required(
            issues,
            &format!("course.includes[{index}].title"),
            &item.title,
        );
        not_blank(
            issues,
            &format!("course.includes[{index}].detail"),
            item.detail.as_deref(),
        );
    }
    if course.schedule.is_empty() {
        issues.push(PageIssue::new(
            "course.schedule",
            phrase!("至少要有一天", "must list at least one day"),
        ));
    }
    for (index, day) in course.schedule.iter().enumerate() {
        let at = format!("course.schedule[{index}]");
        // Day numbers run 1, 2, 3...: each one more than the one before, so a
        // day's date (the cohort's start plus the day) is never ambiguous.
        let expected = u32::try_from(index).map_or(u32::MAX, |index| index.saturating_add(1));
        if day.day != expected {
            let message = match index.checked_sub(1).and_then(|i| course.schedule.get(i)) {
                Some(previous) if day.day == previous.day => text!(
                    "第 {day} 天重复了",
                    "day {day} is listed twice",
                    day = day.day
                ),
                Some(previous) if day.day < previous.day => text!(
                    "第 {day} 天排在第 {previous} 天之后，顺序不对",
                    "day {day} comes after day {previous}: the days are out of order",
                    day = day.day,
                    previous = previous.day
                ),
                _ => text!(
                    "应为第 {expected} 天，而不是第 {day} 天",
                    "should be day {expected}, not day {day}",
                    day = day.day
                ),
            };
            issues.push(
                PageIssue::new(format!("{at}.day"), message).with_hint(phrase!(
                    "请从第 1 天起按顺序逐天排列，不跳天、不重复",
                    "list the days in order from day 1, none skipped or repeated"
                )),
            );
        }
        not_blank_required(issues, &format!("{at}.title"), &day.title);
        not_blank_required(issues, &format!("{at}.summary"), &day.summary);
        if parse_time_of_day(&day.time).is_none() || day.time == "24:00" {
            issues.push(
                PageIssue::new(
                    format!("{at}.time"),
                    text!(
                        "`{time}` 不是时间",
                        "`{time}` is not a time of day",
                        time = day.time
                    ),
                )
                .with_hint(phrase!(
                    "请写成 24 小时制的 `HH:MM`，如 `20:00`",
                    "write it as `HH:MM` on a 24-hour clock, e.g. `20:00`"
                )),
            );
        }
    }
}

fn check_cohort(page: &CoursePage, index: usize, closes: Option<i64>, issues: &mut Vec<PageIssue>) {
    let Some(cohort) = page.cohorts.get(index) else {
        return;
    };
    let earlier: &[Cohort] = &page.cohorts[..index];
    let at = format!("cohorts[{index}]");
    if !is_name(&cohort.id, MAX_ID_CHARS) {
        issues
            .push(PageIssue::new(format!("{at}.id"), invalid_id(&cohort.id)).with_hint(id_hint()));
    } else if let Some(first) = earlier.iter().position(|other| other.id == cohort.id) {
        issues.push(
            PageIssue::new(
                format!("{at}.id"),
                id_taken(&cohort.id, format_args!("cohorts[{first}]")),
            )
            .with_hint(phrase!(
                "每期的 id 不能重复：报名记录按期 id 保存",
                "cohort ids must be unique: sign-ups are stored by cohort id"
            )),
        );
    }
    not_blank_required(issues, &format!("{at}.name"), &cohort.name);
    not_blank_required(
        issues,
        &format!("{at}.class_group.name"),
        &cohort.class_group.name,
    );
    if let Some(url) = &cohort.class_group.qr_image {
        url_problem(issues, &format!("{at}.class_group.qr_image"), url);
    }
    if cohort.capacity == 0 {
        issues.push(PageIssue::new(format!("{at}.capacity"), at_least_one()));
    } else if cohort.capacity > MAX_CLASS_GROUP_MEMBERS {
        issues.push(
            PageIssue::new(
                format!("{at}.capacity"),
                text!(
                    "{capacity} 人超过了一个企业微信群扫码入群的上限 {MAX_CLASS_GROUP_MEMBERS} 人",
                    "{capacity} is more than the {MAX_CLASS_GROUP_MEMBERS} members a WeCom group takes by QR code",
                    capacity = cohort.capacity
                ),
            )
            .with_hint(phrase!(
                "人多就分成几期（或几个班），每期一个班级群",
                "split a larger intake into several cohorts, each with a class group"
            )),
        );
    }
    let Some(start) = Date::parse(&cohort.starts_on) else {
        let (message, hint) = not_a_date(&cohort.starts_on);
        issues.push(PageIssue::new(format!("{at}.starts_on"), message).with_hint(hint));
        return;
    };
    if let Some(previous) = index
        .checked_sub(1)
        .and_then(|before| page.cohorts.get(before))
        .and_then(|previous| Date::parse(&previous.starts_on))
    {
        if start < previous {
            issues.push(
                PageIssue::new(
                    format!("{at}.starts_on"),
                    text!(
                        "{start} 早于上一期 cohorts[{before}] 的 {previous}",
                        "{start} is before the start of cohorts[{before}] ({previous})",
                        before = index - 1
                    ),
                )
                .with_hint(phrase!(
                    "报名按顺序先填满前面的期：请按开课日期从早到晚排列",
                    "sign-ups fill the cohorts in order: list them from the earliest start"
                )),
            );
        }
    }
    let start_ms = page.utc_offset.unix_ms(start, 0);
    if closes.is_some_and(|closes| closes > start_ms) {
        issues.push(
            PageIssue::new(
                "closes_at",
                text!(
                    "报名截止时间晚于 cohorts[{index}] 的开课日 {start}",
                    "sign-up closes after cohorts[{index}] starts ({start})"
                ),
            )
            .with_hint(phrase!(
                "学员要在开课前入群：请把 `closes_at` 设在每一期开课之前",
                "learners join their class before it starts: set `closes_at` before every cohort's start"
            )),
        );
    }
}

fn check_next_step(step: &NextStep, issues: &mut Vec<PageIssue>) {
    not_blank_required(issues, "next_step.title", &step.title);
    not_blank_required(issues, "next_step.body", &step.body);
    url_problem(issues, "next_step.link", &step.link);
    if parse_rfc3339_ms(&step.ends_at).is_none() {
        let (message, hint) = not_a_timestamp(&step.ends_at);
        issues.push(PageIssue::new("next_step.ends_at", message).with_hint(hint));
    }
    if step.capacity == Some(0) {
        issues.push(PageIssue::new("next_step.capacity", at_least_one()));
    }
    match (step.capacity, step.show_remaining_at_most) {
        (_, Some(0)) => issues.push(PageIssue::new(
            "next_step.show_remaining_at_most",
            at_least_one(),
        )),
        (None, Some(_)) => issues.push(
            PageIssue::new(
                "next_step.show_remaining_at_most",
                phrase!("需要同时设置 `capacity`", "needs a `capacity`"),
            )
            .with_hint(phrase!(
                "没有名额上限就没有「仅剩 N 个名额」：页面从不编造稀缺",
                "without a capacity there is no \"N seats left\": the page never invents scarcity"
            )),
        ),
        _ => {}
    }
}

/// The next-step card is for after the course: one that closes before the
/// first cohort's last day is over would never be seen by a graduate.
fn check_next_step_after_course(page: &CoursePage, step: &NextStep, issues: &mut Vec<PageIssue>) {
    let Some(ends) = parse_rfc3339_ms(&step.ends_at) else {
        return;
    };
    let Some(first) = page.cohorts.first().and_then(|c| Date::parse(&c.starts_on)) else {
        return;
    };
    let days = i64::try_from(page.course.schedule.len()).unwrap_or(0);
    let course_over = page.utc_offset.unix_ms(first.plus_days(days), 0);
    if ends <= course_over {
        let last = first.plus_days(days - 1);
        issues.push(
            PageIssue::new(
                "next_step.ends_at",
                text!(
                    "在第一期课程结束（{last}）之前就截止了",
                    "ends before the first cohort's course is over ({last})"
                ),
            )
            .with_hint(phrase!(
                "「下一步」卡片在结课后才显示：截止时间要晚于最后一天",
                "the next-step card shows after the course: end it after the last day"
            )),
        );
    }
}
