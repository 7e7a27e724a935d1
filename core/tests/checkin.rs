//! The check-in page kind: which course day it is in Beijing time, which
//! check-ins are taken (on time, made up, or refused with a reason), progress
//! and graduation, the hometown wall, and every config mistake at its path.

use campaign_core::checkin::{
    CheckinMark, CheckinPage, CheckinRefusal, CheckinTiming, CourseTime, DayState, Hometown,
    HometownProblem, check_checkin, check_hometown, checkin_verdict, course_day, graduates,
    progress, province_counts,
};
use campaign_core::clock::{Date, UtcOffset};
use campaign_core::config::{Locale, Page};
use campaign_core::parse_campaign;
use serde_json::{Value, json};

const JD_COURSE: &str = include_str!("../../static/campaigns/jd-course.json");

fn example_value() -> Value {
    serde_json::from_str(JD_COURSE).expect("the example is JSON")
}

fn example() -> CheckinPage {
    let mut fields = example_value()["pages"][1].clone();
    fields.as_object_mut().map(|fields| fields.remove("kind"));
    serde_json::from_value(fields).expect("the example's check-in page reads")
}

fn at(time: &str) -> i64 {
    campaign_core::clock::parse_rfc3339_ms(time).expect("a test time")
}

/// Day 1 of the example's first cohort.
fn start() -> Date {
    Date::parse("2026-12-07").unwrap()
}

/// Noon, Beijing time, on course day `day` of the first cohort.
fn noon_of(day: u32) -> i64 {
    UtcOffset::default().unix_ms(start().plus_days(i64::from(day) - 1), 12 * 60)
}

fn on_time(days: &[u32]) -> Vec<CheckinMark> {
    days.iter()
        .map(|&day| CheckinMark {
            day,
            timing: CheckinTiming::OnTime,
        })
        .collect()
}

fn problems(edit: impl FnOnce(&mut Value)) -> Vec<(String, String, String)> {
    let mut config = example_value();
    edit(&mut config);
    match parse_campaign(&config.to_string()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .0
            .iter()
            .map(|d| {
                (
                    d.path.clone(),
                    d.message(Locale::En).to_owned(),
                    d.message(Locale::ZhCn).to_owned(),
                )
            })
            .collect(),
    }
}

fn paths(problems: &[(String, String, String)]) -> Vec<&str> {
    problems.iter().map(|(path, ..)| path.as_str()).collect()
}

// ---------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------

#[test]
fn the_course_day_turns_at_midnight_beijing_time() {
    let beijing = UtcOffset::default();
    let day = |time: &str| course_day(start(), 7, &beijing, at(time));
    assert_eq!(
        day("2026-12-05T12:00:00+08:00"),
        CourseTime::NotStarted { days: 2 }
    );
    assert_eq!(
        day("2026-12-06T23:59:59+08:00"),
        CourseTime::NotStarted { days: 1 }
    );
    // 16:00 UTC on the 6th is midnight of the 7th in Beijing.
    assert_eq!(day("2026-12-06T16:00:00Z"), CourseTime::Day(1));
    assert_eq!(day("2026-12-07T23:59:59+08:00"), CourseTime::Day(1));
    assert_eq!(day("2026-12-08T00:00:00+08:00"), CourseTime::Day(2));
    assert_eq!(day("2026-12-13T23:59:59+08:00"), CourseTime::Day(7));
    assert_eq!(
        day("2026-12-14T00:00:00+08:00"),
        CourseTime::Over { days: 1 }
    );
    // The same moment in another zone's page is another day.
    let utc = UtcOffset::new("+00:00");
    assert_eq!(
        course_day(start(), 7, &utc, at("2026-12-07T07:00:00+08:00")),
        CourseTime::NotStarted { days: 1 }
    );
}

#[test]
fn a_day_is_checked_in_once_on_its_day() {
    let page = example();
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(1), 1, &[], true),
        Ok(CheckinTiming::OnTime)
    );
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(3), 3, &on_time(&[1, 2]), false),
        Ok(CheckinTiming::OnTime)
    );
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(3), 3, &on_time(&[1, 2, 3]), false),
        Err(CheckinRefusal::AlreadyCheckedIn)
    );
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(3), 4, &on_time(&[1, 2]), false),
        Err(CheckinRefusal::NotYet)
    );
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(0), 1, &[], true),
        Err(CheckinRefusal::NotStarted)
    );
    assert_eq!(
        checkin_verdict(
            &page,
            start(),
            noon_of(8),
            7,
            &on_time(&[1, 2, 3, 4, 5, 6]),
            false
        ),
        Err(CheckinRefusal::CourseOver)
    );
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(3), 9, &[], false),
        Err(CheckinRefusal::UnknownDay)
    );
}

#[test]
fn day_one_is_the_hometown_sign_in() {
    let page = example();
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(1), 1, &[], false),
        Err(CheckinRefusal::HometownRequired)
    );
}

#[test]
fn make_ups_are_limited_by_the_config() {
    let page = example(); // one make-up, within 2 days
    // Day 2 missed, made up on day 3.
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(3), 2, &on_time(&[1, 3]), false),
        Ok(CheckinTiming::MakeUp)
    );
    // Day 2 made up on day 4 (2 days later) still counts; on day 5 it does not.
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(4), 2, &on_time(&[1]), false),
        Ok(CheckinTiming::MakeUp)
    );
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(5), 2, &on_time(&[1]), false),
        Err(CheckinRefusal::MakeUpTooLate)
    );
    // The one make-up is used.
    let mut done = on_time(&[1, 3, 5]);
    done.push(CheckinMark {
        day: 2,
        timing: CheckinTiming::MakeUp,
    });
    assert_eq!(
        checkin_verdict(&page, start(), noon_of(5), 4, &done, false),
        Err(CheckinRefusal::MakeUpsUsed)
    );
    // A page without make-ups refuses every missed day.
    let mut strict = example();
    strict.make_ups.allowed = 0;
    strict.make_ups.within_days = None;
    assert_eq!(
        checkin_verdict(&strict, start(), noon_of(3), 2, &on_time(&[1]), false),
        Err(CheckinRefusal::NoMakeUps)
    );
    // Without a reach, any earlier day of the course.
    let mut lenient = example();
    lenient.make_ups.within_days = None;
    assert_eq!(
        checkin_verdict(&lenient, start(), noon_of(7), 2, &on_time(&[1]), false),
        Ok(CheckinTiming::MakeUp)
    );
}

#[test]
fn every_refusal_is_a_sentence_in_both_languages() {
    let all = [
        CheckinRefusal::UnknownDay,
        CheckinRefusal::NotStarted,
        CheckinRefusal::NotYet,
        CheckinRefusal::AlreadyCheckedIn,
        CheckinRefusal::NoMakeUps,
        CheckinRefusal::MakeUpsUsed,
        CheckinRefusal::MakeUpTooLate,
        CheckinRefusal::CourseOver,
        CheckinRefusal::HometownRequired,
    ];
    for (index, refusal) in all.iter().enumerate() {
        let (zh, en) = (refusal.message(Locale::ZhCn), refusal.message(Locale::En));
        assert!(zh.chars().any(|c| c > '\u{2e80}'), "{refusal:?}");
        assert!(en.is_ascii(), "{refusal:?}");
        assert!(
            all[..index]
                .iter()
                .all(|other| other.message(Locale::En) != en)
        );
    }
    assert_eq!(
        CheckinRefusal::AlreadyCheckedIn.message(Locale::ZhCn),
        "今天已经打过卡了，明天再来吧"
    );
}

// ---------------------------------------------------------------------------
// Progress and graduation
// ---------------------------------------------------------------------------

#[test]
fn progress_counts_streak_total_and_the_seven_day_strip() {
    let page = example();
    let mut done = on_time(&[1, 3, 4]);
    done.push(CheckinMark {
        day: 2,
        timing: CheckinTiming::MakeUp,
    });
    let today5 = progress(&page, 5, &done);
    assert_eq!(today5.total, 4);
    assert_eq!(
        today5.streak, 4,
        "today still open: the streak runs to yesterday"
    );
    assert_eq!(today5.make_ups_left, 0);
    assert_eq!(
        today5.strip,
        [
            (1, DayState::Done),
            (2, DayState::MadeUp),
            (3, DayState::Done),
            (4, DayState::Done),
            (5, DayState::Open),
            (6, DayState::Upcoming),
            (7, DayState::Upcoming),
        ]
    );
    // A missed day breaks the streak.
    let gap = progress(&page, 5, &on_time(&[1, 2, 4, 5]));
    assert_eq!((gap.total, gap.streak), (4, 2));
    assert_eq!(gap.strip[2], (3, DayState::Missed));
    assert_eq!(gap.make_ups_left, 1);
    // Missing today and yesterday: no streak.
    assert_eq!(progress(&page, 5, &on_time(&[1, 2, 3])).streak, 0);
    // Before the course: nothing done, everything to come.
    let before = progress(&page, 0, &[]);
    assert_eq!((before.total, before.streak), (0, 0));
    assert!(
        before
            .strip
            .iter()
            .all(|(_, state)| *state == DayState::Upcoming)
    );
    // After it: the last days count.
    let after = progress(&page, 9, &on_time(&[1, 2, 3, 4, 5, 6, 7]));
    assert_eq!((after.total, after.streak), (7, 7));
}

#[test]
fn graduation_takes_the_configured_days() {
    let page = example(); // 6 of 7
    assert!(graduates(&page, &on_time(&[1, 2, 3, 4, 5, 6])));
    assert!(graduates(&page, &on_time(&[1, 2, 3, 5, 6, 7])));
    assert!(!graduates(&page, &on_time(&[1, 2, 3, 4, 5])));
    assert!(
        !graduates(&page, &on_time(&[1, 1, 2, 2, 3, 3])),
        "a day counts once"
    );
    assert!(
        !graduates(&page, &on_time(&[1, 2, 3, 4, 5, 8])),
        "no such day"
    );
    assert_eq!(page.graduation_message(), "我毕业啦！");
}

// ---------------------------------------------------------------------------
// Hometowns and the wall
// ---------------------------------------------------------------------------

fn hometown(province: &str, city: &str, line: Option<&str>) -> Hometown {
    Hometown {
        province: province.to_owned(),
        city: city.to_owned(),
        line: line.map(str::to_owned),
    }
}

#[test]
fn hometowns_are_stored_as_the_group_picker_names_them() {
    assert_eq!(
        check_hometown(&hometown("广东", " 深圳市 ", Some("  ")), 40),
        Ok(hometown("广东省", "深圳市", None))
    );
    assert_eq!(
        check_hometown(&hometown("上海市", "浦东新区", Some("上海的同学好")), 40),
        Ok(hometown("上海市", "上海市", Some("上海的同学好")))
    );
    assert_eq!(
        check_hometown(&hometown("广东市", "深圳市", None), 40),
        Err(HometownProblem::UnknownProvince)
    );
    assert_eq!(
        check_hometown(&hometown("广东省", "", None), 40),
        Err(HometownProblem::MissingCity)
    );
    assert_eq!(
        check_hometown(&hometown("广东省", "深圳市", Some("一二三四五六")), 5),
        Err(HometownProblem::LineTooLong { max_chars: 5 })
    );
    assert_eq!(
        HometownProblem::LineTooLong { max_chars: 5 }.message(Locale::ZhCn),
        "这句话最多 5 个字"
    );
}

#[test]
fn the_wall_counts_learners_per_province_most_first() {
    let counts = province_counts([
        "广东省",
        "北京市",
        "广东",
        "四川省",
        "四川省",
        "广东省",
        "火星",
    ]);
    let ranked: Vec<(&str, u32)> = counts.iter().map(|c| (c.short.as_str(), c.count)).collect();
    assert_eq!(ranked, [("广东", 3), ("四川", 2), ("北京", 1)]);
    assert_eq!(counts[0].province, "广东省");
    // Ties keep the national order.
    let tied = province_counts(["四川省", "北京市"]);
    assert_eq!(tied[0].short, "北京");
}

// ---------------------------------------------------------------------------
// Config mistakes
// ---------------------------------------------------------------------------

#[test]
fn the_example_check_in_page_passes() {
    assert_eq!(check_checkin(&example()), []);
    let campaign = parse_campaign(JD_COURSE).unwrap();
    assert!(matches!(campaign.page("checkin"), Some(Page::Checkin(_))));
}

#[test]
fn a_certificate_rule_needing_more_days_than_the_course_has_is_reported() {
    let found = problems(|config| config["pages"][1]["graduation"]["days_needed"] = json!(8));
    assert_eq!(paths(&found), ["pages[1].graduation.days_needed"]);
    assert_eq!(
        found[0].1,
        "needs 8 days of check-ins, but the course has 7"
    );
    assert_eq!(found[0].2, "需要打卡 8 天，但课程只有 7 天");
    assert_eq!(
        paths(&problems(
            |config| config["pages"][1]["graduation"]["days_needed"] = json!(0)
        )),
        ["pages[1].graduation.days_needed"]
    );
    // All seven days is a rule a course may have.
    assert_eq!(
        problems(|config| config["pages"][1]["graduation"]["days_needed"] = json!(7)),
        []
    );
}

#[test]
fn check_in_mistakes_are_reported_at_their_paths() {
    let found = problems(|config| {
        let page = &mut config["pages"][1];
        page["days"][3]["day"] = json!(5);
        page["days"][4]["task"] = json!(" ");
        page["make_ups"] = json!({ "allowed": 7, "within_days": 0 });
        page["hometown"]["line_max_chars"] = json!(0);
        page["wall_lines"] = json!(0);
        page["utc_offset"] = json!("+8");
    });
    assert_eq!(
        paths(&found),
        [
            "pages[1].utc_offset",
            "pages[1].hometown.line_max_chars",
            "pages[1].days[3].day",
            "pages[1].days[4].task",
            "pages[1].make_ups.allowed",
            "pages[1].make_ups.within_days",
            "pages[1].wall_lines",
        ]
    );
    for (path, en, zh) in &found {
        assert_ne!(en, zh, "{path} has its own Chinese");
    }
}

#[test]
fn the_course_page_must_be_a_course_of_the_same_length() {
    let missing = problems(|config| config["pages"][1]["course_page"] = json!("signup"));
    assert_eq!(paths(&missing), ["pages[1].course_page"]);
    assert_eq!(missing[0].1, "there is no page `signup` in this campaign");

    let itself = problems(|config| config["pages"][1]["course_page"] = json!("checkin"));
    assert_eq!(
        itself[0].1,
        "`checkin` is a `checkin` page, not a `course` page"
    );

    let shorter = problems(|config| {
        config["pages"][1]["days"].as_array_mut().unwrap().pop();
        config["pages"][1]["graduation"]["days_needed"] = json!(5);
    });
    assert_eq!(paths(&shorter), ["pages[1].days"]);
    assert_eq!(
        shorter[0].1,
        "lists 6 days of tasks, but the schedule of course `course` has 7 days"
    );
}

#[test]
fn the_certificate_invites_a_friend_to_the_next_intake_with_the_graduates_code() {
    let campaign = parse_campaign(JD_COURSE).unwrap();
    let Some(Page::Checkin(checkin)) = campaign.page("checkin") else {
        panic!("the example has a check-in page");
    };
    assert_eq!(
        campaign.course_of(checkin).map(|course| course.id.as_str()),
        Some("course")
    );
    assert_eq!(
        campaign
            .certificate_invite_url(checkin, "R7KQ 2M")
            .as_deref(),
        Some("https://h5.jd.example/course/c14?ref=R7KQ%202M")
    );
    let mut without_next = example_value();
    without_next["pages"][0]
        .as_object_mut()
        .unwrap()
        .remove("next_intake");
    let campaign = parse_campaign(&without_next.to_string()).unwrap();
    let Some(Page::Checkin(checkin)) = campaign.page("checkin") else {
        unreachable!()
    };
    assert_eq!(campaign.certificate_invite_url(checkin, "R7KQ2M"), None);
}

#[test]
fn the_certificate_poster_fits_and_passes_the_poster_checks() {
    let campaign = parse_campaign(JD_COURSE).unwrap();
    let page = example();
    for locale in [Locale::ZhCn, Locale::En] {
        let poster = campaign_core::checkin::certificate_poster(
            page.graduation_message(),
            &campaign.theme,
            locale,
        );
        let issues = campaign_core::poster::check_poster(
            &poster,
            "certificate",
            &campaign_core::checkin::CERTIFICATE_PLACEHOLDERS,
        );
        assert!(issues.is_empty(), "{locale:?}: {issues:?}");
        let texts: Vec<String> = poster
            .layers
            .iter()
            .filter_map(|layer| match layer {
                campaign_core::poster::Layer::Text(text) => Some(text.text.clone()),
                _ => None,
            })
            .collect();
        let all = texts.join("\n");
        // Every fact the issue names is on it, and the QR code is.
        for name in campaign_core::checkin::CERTIFICATE_PLACEHOLDERS {
            assert!(
                all.contains(&format!("{{{name}}}")),
                "{locale:?} lacks {{{name}}}"
            );
        }
        assert_eq!(texts[0], "我毕业啦！");
        assert!(
            poster
                .layers
                .iter()
                .any(|layer| matches!(layer, campaign_core::poster::Layer::Qr(_)))
        );
    }
}

#[test]
fn a_course_page_finds_its_check_in_page() {
    let campaign = parse_campaign(JD_COURSE).unwrap();
    assert_eq!(campaign.checkin_of("course"), Some("checkin"));
    assert!(campaign.checkin_of("checkin").is_none());
    assert!(campaign.checkin_of("nowhere").is_none());
}

#[test]
fn the_certificate_fills_every_placeholder_of_its_poster() {
    let certificate = campaign_core::wire::Certificate {
        name: "小周".to_owned(),
        course: "7 天小白理财实操课".to_owned(),
        cohort_name: "第 12 期".to_owned(),
        days_checked_in: 6,
        date: "2026-12-13".to_owned(),
        advisor: "林知远".to_owned(),
        referral_code: "R7KQ2M".to_owned(),
    };
    let values = certificate.poster_values();
    let keys: Vec<&str> = values.iter().map(|(key, _)| *key).collect();
    assert_eq!(keys, campaign_core::checkin::CERTIFICATE_PLACEHOLDERS);
    assert!(values.contains(&("days", "6".to_owned())));
    assert!(values.contains(&("cohort", "第 12 期".to_owned())));
}
