//! The course page kind (JD Finance's 7 天小白理财实操课): the example campaign,
//! the honest seat rule, cohorts handing over when full, the real deadline,
//! and every config mistake at its path in both languages.

use campaign_core::config::{Locale, Page, PageKind};
use campaign_core::course::{
    Cohort, CoursePage, SignUpRefusal, SignUpState, check_course, place_in_cohort, remaining_shown,
};
use campaign_core::identity::needs_person;
use campaign_core::parse_campaign;
use serde_json::{Value, json};

pub const JD_COURSE: &str = include_str!("../../static/campaigns/jd-course.json");

fn example_value() -> Value {
    serde_json::from_str(JD_COURSE).expect("the example is JSON")
}

fn course_value() -> Value {
    example_value()["pages"][0].clone()
}

fn page(mut fields: Value) -> CoursePage {
    fields.as_object_mut().map(|fields| fields.remove("kind"));
    serde_json::from_value(fields).expect("test page has the right shape")
}

fn example() -> CoursePage {
    page(course_value())
}

fn at(time: &str) -> i64 {
    campaign_core::clock::parse_rfc3339_ms(time).expect("a test time")
}

/// The problems of the example campaign with its course page changed by `edit`,
/// as (path, English message, Chinese message).
fn problems(edit: impl FnOnce(&mut Value)) -> Vec<(String, String, String)> {
    let mut config = example_value();
    edit(&mut config["pages"][0]);
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
// The example
// ---------------------------------------------------------------------------

#[test]
fn the_jd_example_parses_and_passes_every_check() {
    let campaign = parse_campaign(JD_COURSE).unwrap_or_else(|errors| panic!("{errors}"));
    let kinds: Vec<PageKind> = campaign.pages.iter().map(Page::kind).collect();
    assert_eq!(kinds, [PageKind::Course, PageKind::Checkin]);
    let Some(Page::Course(course)) = campaign.page("course") else {
        panic!("the course page reads as a course page");
    };
    assert_eq!(check_course(course), []);
    assert_eq!(course.advisor.title, "专属理财导师");
    assert_eq!(course.advisor.years, 6);
    assert_eq!(course.course.schedule.len(), 7);
    assert!(needs_person(campaign.page("course").unwrap()));
    assert!(needs_person(campaign.page("checkin").unwrap()));
    // A round trip keeps every field.
    let again: Value = serde_json::to_value(course).unwrap();
    let mut original = course_value();
    original.as_object_mut().unwrap().remove("kind");
    assert_eq!(again, original);
}

#[test]
fn the_sign_up_form_is_a_survey_taken_once() {
    let course = example();
    let survey = course.sign_up_survey();
    assert_eq!(survey.sections.len(), 1);
    assert_eq!(survey.resubmit, campaign_core::survey::Resubmit::Once);
    let ids: Vec<&str> = survey.questions().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["name", "mobile", "level"]);
    // The survey's answer rules apply: the name is required.
    let answers: campaign_core::survey::Answers =
        serde_json::from_value(json!({ "mobile": { "mobile": { "number": "13800138000", "consent": true } }, "level": { "single": { "value": "none" } } }))
            .expect("answers read");
    let found = campaign_core::survey::check_answers(&survey, &answers);
    assert_eq!(
        found.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        ["name"]
    );
}

// ---------------------------------------------------------------------------
// Seats, cohorts and the deadline
// ---------------------------------------------------------------------------

#[test]
fn remaining_seats_show_only_at_or_under_the_threshold() {
    assert_eq!(remaining_shown(Some(30), 31), None);
    assert_eq!(remaining_shown(Some(30), 30), Some(30));
    assert_eq!(remaining_shown(Some(30), 1), Some(1));
    assert_eq!(remaining_shown(None, 1), None, "no threshold: never shown");
    let course = example();
    assert_eq!(course.remaining_shown(200), None);
    assert_eq!(course.remaining_shown(12), Some(12));
}

fn cohort(id: &str, capacity: u32) -> Cohort {
    Cohort {
        id: id.to_owned(),
        name: id.to_owned(),
        capacity,
        starts_on: "2026-12-07".to_owned(),
        class_group: campaign_core::course::ClassGroup {
            name: format!("{id} 班"),
            qr_image: None,
        },
    }
}

#[test]
fn a_full_cohort_hands_over_to_the_next() {
    let cohorts = [cohort("c12", 2), cohort("c13", 2)];
    assert_eq!(place_in_cohort(&cohorts, |_| 0), Some(0));
    assert_eq!(
        place_in_cohort(&cohorts, |id| u32::from(id == "c12")),
        Some(0),
        "one seat left"
    );
    assert_eq!(
        place_in_cohort(&cohorts, |id| if id == "c12" { 2 } else { 0 }),
        Some(1)
    );
    // Over capacity (a config lowered after sign-ups) counts as full.
    assert_eq!(
        place_in_cohort(&cohorts, |id| if id == "c12" { 5 } else { 1 }),
        Some(1)
    );
    assert_eq!(place_in_cohort(&cohorts, |_| 2), None);
}

#[test]
fn sign_up_is_open_until_the_real_deadline_with_real_counts() {
    let course = example();
    let before = at("2026-12-06T21:59:59+08:00");
    let closes = at("2026-12-06T22:00:00+08:00");
    assert!(course.is_open(before));
    assert!(!course.is_open(closes), "closed at the very moment");
    assert_eq!(course.closes_in_ms(before), Some(1000));
    assert_eq!(course.closes_in_ms(closes + 5), Some(0));
    assert_eq!(
        course.sign_up_state(before, |_| 0),
        SignUpState::Open {
            cohort: 0,
            remaining_shown: None
        }
    );
    assert_eq!(
        course.sign_up_state(before, |id| if id == "c12" { 190 } else { 0 }),
        SignUpState::Open {
            cohort: 0,
            remaining_shown: Some(10)
        }
    );
    assert_eq!(
        course.sign_up_state(before, |id| if id == "c12" { 200 } else { 185 }),
        SignUpState::Open {
            cohort: 1,
            remaining_shown: Some(15)
        }
    );
    assert_eq!(course.sign_up_state(before, |_| 200), SignUpState::Full);
    assert_eq!(course.sign_up_state(closes, |_| 0), SignUpState::Closed);
    // A deadline that does not read counts as passed.
    let mut broken = example();
    broken.closes_at = "soon".to_owned();
    assert!(!broken.is_open(before));
}

#[test]
fn the_server_places_a_sign_up_or_says_why_not() {
    let course = example();
    let open = at("2026-12-06T21:00:00+08:00");
    // Two people take the last two seats of c12; the third goes to c13.
    let mut taken = [198u32, 0];
    let count = |taken: [u32; 2]| move |id: &str| if id == "c12" { taken[0] } else { taken[1] };
    for expected in [0, 0, 1] {
        let cohort = course.sign_up_verdict(open, count(taken)).expect("a seat");
        assert_eq!(cohort, expected);
        taken[cohort] += 1;
    }
    assert_eq!(taken, [200, 1]);
    assert_eq!(
        course.sign_up_verdict(open, |_| 200),
        Err(SignUpRefusal::Full)
    );
    // Late and full: "closed" is what the person is told.
    let late = at("2026-12-06T22:00:00+08:00");
    assert_eq!(
        course.sign_up_verdict(late, |_| 200),
        Err(SignUpRefusal::Closed)
    );
    assert_eq!(
        course.sign_up_verdict(late, |_| 0),
        Err(SignUpRefusal::Closed)
    );
}

#[test]
fn lessons_start_on_the_cohorts_days_in_beijing_time() {
    let course = example();
    let c12 = &course.cohorts[0];
    assert_eq!(
        course.cohort_start_ms(c12),
        Some(at("2026-12-07T00:00:00+08:00"))
    );
    let day3 = &course.course.schedule[2];
    assert_eq!(
        course.lesson_start_ms(c12, day3),
        Some(at("2026-12-09T12:00:00Z"))
    );
    let mut in_utc = example();
    in_utc.utc_offset = campaign_core::clock::UtcOffset::new("+00:00");
    assert_eq!(
        in_utc.lesson_start_ms(&in_utc.cohorts[0], day3),
        Some(at("2026-12-09T20:00:00Z"))
    );
}

#[test]
fn the_next_step_card_has_a_real_deadline_and_the_same_seat_rule() {
    let course = example();
    let step = course.next_step.as_ref().expect("the example has one");
    assert!(step.is_open(at("2026-12-20T21:59:59+08:00")));
    assert!(!step.is_open(at("2026-12-20T22:00:00+08:00")));
    assert_eq!(
        step.remaining_shown(0),
        None,
        "100 left is over the threshold of 20"
    );
    assert_eq!(step.remaining_shown(80), Some(20));
    assert_eq!(step.remaining_shown(150), Some(0));
}

#[test]
fn refusals_are_sentences_in_both_languages() {
    for refusal in [SignUpRefusal::Closed, SignUpRefusal::Full] {
        assert!(refusal.message(Locale::ZhCn).contains("下一期"));
        assert!(refusal.message(Locale::En).contains("next"));
    }
}

// ---------------------------------------------------------------------------
// Config mistakes
// ---------------------------------------------------------------------------

#[test]
fn a_schedule_day_out_of_order_is_reported_at_its_day() {
    let found = problems(|page| {
        page["course"]["schedule"][2]["day"] = json!(2);
    });
    assert_eq!(paths(&found), ["pages[0].course.schedule[2].day"]);
    assert_eq!(found[0].1, "day 2 is listed twice");
    assert!(found[0].2.contains("重复"), "{}", found[0].2);

    let swapped = problems(|page| {
        let schedule = page["course"]["schedule"].as_array_mut().unwrap();
        schedule.swap(3, 4);
    });
    assert_eq!(
        paths(&swapped),
        [
            "pages[0].course.schedule[3].day",
            "pages[0].course.schedule[4].day"
        ]
    );
    assert_eq!(swapped[0].1, "should be day 4, not day 5");
    assert_eq!(
        swapped[1].1,
        "day 4 comes after day 5: the days are out of order"
    );
    assert!(swapped[1].2.contains("顺序不对"), "{}", swapped[1].2);
}

#[test]
fn a_close_time_after_the_course_starts_is_reported() {
    let found = problems(|page| {
        page["closes_at"] = json!("2026-12-07T08:00:00+08:00");
    });
    assert_eq!(paths(&found), ["pages[0].closes_at"]);
    assert_eq!(
        found[0].1,
        "sign-up closes after cohorts[0] starts (2026-12-07)"
    );
    assert!(found[0].2.contains("晚于"));
    // At the very midnight is still in time.
    assert_eq!(
        problems(|page| page["closes_at"] = json!("2026-12-07T00:00:00+08:00")),
        []
    );
}

#[test]
fn cohorts_mistakes_are_reported_at_their_paths() {
    let found = problems(|page| {
        page["cohorts"][1]["id"] = json!("c12");
        page["cohorts"][1]["capacity"] = json!(500);
        page["cohorts"][0]["starts_on"] = json!("2026-12-20");
        page["cohorts"][0]["class_group"]["name"] = json!(" ");
    });
    assert_eq!(
        paths(&found),
        [
            "pages[0].cohorts[0].class_group.name",
            "pages[0].cohorts[1].id",
            "pages[0].cohorts[1].capacity",
            "pages[0].cohorts[1].starts_on",
            // Starting on the 20th, the first cohort ends after the next
            // step's card has closed.
            "pages[0].next_step.ends_at",
        ]
    );
    assert_eq!(
        found[2].1,
        "500 is more than the 200 members a WeCom group takes by QR code"
    );
    assert_eq!(
        problems(|page| page["cohorts"] = json!([]))[0].0,
        "pages[0].cohorts"
    );
    assert_eq!(
        paths(&problems(|page| page["cohorts"][0]["capacity"] = json!(0))),
        ["pages[0].cohorts[0].capacity"]
    );
    assert_eq!(
        paths(&problems(
            |page| page["cohorts"][0]["starts_on"] = json!("12月7日")
        )),
        ["pages[0].cohorts[0].starts_on"]
    );
}

#[test]
fn the_advisor_needs_one_way_to_be_reached() {
    let none = problems(|page| {
        page["advisor"]["contact"] = json!({});
    });
    assert_eq!(paths(&none), ["pages[0].advisor.contact"]);
    assert_eq!(none[0].1, "needs `qr_url` or `qr_image`");
    let both = problems(|page| {
        page["advisor"]["contact"]["qr_image"] = json!("/images/qr.png");
    });
    assert_eq!(paths(&both), ["pages[0].advisor.contact.qr_image"]);
    let other = problems(|page| {
        page["advisor"]["years"] = json!(0);
        page["advisor"]["credo"] = json!("");
        page["advisor"]["photo"] = json!("advisor.jpg");
        page["advisor"]["contact"]["qr_url"] = json!("weixin://contact");
    });
    assert_eq!(
        paths(&other),
        [
            "pages[0].advisor.credo",
            "pages[0].advisor.photo",
            "pages[0].advisor.years",
            "pages[0].advisor.contact.qr_url",
        ]
    );
}

#[test]
fn the_sign_up_forms_mistakes_are_the_surveys_at_this_pages_paths() {
    let found = problems(|page| {
        page["sign_up"]["questions"][1]
            .as_object_mut()
            .unwrap()
            .remove("consent");
        page["sign_up"]["questions"][2]["options"][1]["value"] = json!("none");
    });
    assert_eq!(
        paths(&found),
        [
            "pages[0].sign_up.questions[1].consent",
            "pages[0].sign_up.questions[2].options[1].value",
        ]
    );
    assert_eq!(
        paths(&problems(|page| page["button_label"] = json!(" "))),
        ["pages[0].button_label"]
    );
}

#[test]
fn other_mistakes_a_marketer_makes() {
    let found = problems(|page| {
        page["course"]["includes"] = json!([]);
        page["course"]["schedule"][0]["time"] = json!("8pm");
        page["feedback"][0]["text"] = json!("");
        page["closes_at"] = json!("2026-12-06 22:00");
        page["show_remaining_at_most"] = json!(0);
        page["next_intake"]["link"] = json!("course/c14");
        page["next_step"]
            .as_object_mut()
            .unwrap()
            .remove("capacity");
        page["next_step"]["ends_at"] = json!("tomorrow");
    });
    assert_eq!(
        paths(&found),
        [
            "pages[0].course.includes",
            "pages[0].course.schedule[0].time",
            "pages[0].feedback[0].text",
            "pages[0].closes_at",
            "pages[0].show_remaining_at_most",
            "pages[0].next_intake.link",
            "pages[0].next_step.ends_at",
            "pages[0].next_step.show_remaining_at_most",
        ]
    );
    for (path, en, zh) in &found {
        assert!(!en.is_empty() && !zh.is_empty(), "{path}");
        assert_ne!(en, zh, "{path} has its own Chinese");
    }
}

#[test]
fn a_next_step_that_closes_before_the_course_ends_is_reported() {
    // c12 runs 2026-12-07 to 2026-12-13.
    let found = problems(|page| page["next_step"]["ends_at"] = json!("2026-12-13T22:00:00+08:00"));
    assert_eq!(paths(&found), ["pages[0].next_step.ends_at"]);
    assert_eq!(
        found[0].1,
        "ends before the first cohort's course is over (2026-12-13)"
    );
    assert!(found[0].2.contains("之前就截止了"));
    assert_eq!(
        problems(|page| page["next_step"]["ends_at"] = json!("2026-12-14T00:00:01+08:00")),
        []
    );
}

#[test]
fn the_certificate_name_comes_from_the_forms_name_question() {
    let jd = example();
    assert_eq!(
        jd.name_question().map(|question| question.id.as_str()),
        Some("name")
    );
    let answers = serde_json::from_value(json!({
        "name": { "text": "  安妮 " },
        "level": { "single": { "value": "funds" } },
    }))
    .unwrap();
    assert_eq!(jd.learner_name(&answers), "安妮");

    // Without a question named `name`, the first required text question.
    let mut renamed = course_value();
    renamed["sign_up"]["questions"][0]["id"] = json!("nickname");
    let renamed = page(renamed);
    assert_eq!(
        renamed.name_question().map(|question| question.id.as_str()),
        Some("nickname")
    );

    // A form with no required text question cannot print a name: reported.
    let found = problems(|page| page["sign_up"]["questions"][0]["required"] = json!(false));
    assert_eq!(paths(&found), ["pages[0].sign_up.questions"]);
    assert!(found[0].1.contains("learner's name"), "{found:?}");
    assert!(found[0].2.contains("结业证书"), "{found:?}");
}
