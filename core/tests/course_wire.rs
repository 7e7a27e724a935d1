//! The course funnel on the wire: sign-ups, check-ins, the wall, progress and
//! the certificate, each through its type; the new error codes by name; and
//! every refusal a learner meets in both languages under its code.

use campaign_core::Locale;
use campaign_core::checkin::{CheckinRefusal, HometownProblem};
use campaign_core::course::SignUpRefusal;
use campaign_core::wire::{
    CertificateEligibility, CheckIn, CheckInAnswer, CourseStanding, ErrorCode, Refusal, SignUp,
    SignUpReceipt, WallAnswer,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// `value` reads as `T` and writes back as itself.
fn round_trip<T: Serialize + DeserializeOwned>(value: Value) -> T {
    let read: T = serde_json::from_value(value.clone()).expect("reads");
    assert_eq!(serde_json::to_value(&read).unwrap(), value);
    read
}

#[test]
fn every_course_message_crosses_the_wire_through_its_type() {
    let sign_up: SignUp = round_trip(json!({ "answers": {
        "name": { "text": "王小明" }, "mobile": { "mobile": { "number": "13800138000", "consent": true } },
        "level": { "single": { "value": "none" } }
    } }));
    assert_eq!(sign_up.answers.len(), 3);
    let receipt: SignUpReceipt = round_trip(json!({
        "cohort": "c13", "cohort_name": "第 13 期", "starts_on": "2026-12-14",
        "class_group": "小白理财 13 期 1 班", "already_signed_up": false
    }));
    assert_eq!(receipt.cohort, "c13");
    round_trip::<CourseStanding>(json!({
        "page_id": "course", "sign_up": null, "open": true, "next_cohort": "c12", "remaining": 3
    }));
    let check_in: CheckIn = round_trip(json!({
        "day": 1, "hometown": { "province": "广东省", "city": "深圳市", "line": "深圳的朋友们好！" }
    }));
    assert_eq!(check_in.hometown.unwrap().province, "广东省");
    round_trip::<CheckIn>(json!({ "day": 3 }));
    assert!(serde_json::from_value::<CheckIn>(json!({ "day": 3, "note": "x" })).is_err());
    round_trip::<CheckInAnswer>(json!({
        "day": 2, "timing": "make_up",
        "progress": { "today": 3, "total": 3, "streak": 3, "make_ups_left": 0, "graduated": false,
                      "strip": [ { "day": 1, "state": "done" }, { "day": 2, "state": "made_up" },
                                 { "day": 3, "state": "done" }, { "day": 4, "state": "upcoming" } ] }
    }));
    let wall: WallAnswer = round_trip(json!({
        "page_id": "checkin", "total": 3,
        "provinces": [ { "province": "广东省", "short": "广东", "count": 2 },
                       { "province": "北京市", "short": "北京", "count": 1 } ],
        "latest": [ { "id": "e-1", "province": "广东省", "city": "深圳市", "line": "<b>hi</b>", "at_ms": 1765000000000i64 } ]
    }));
    assert_eq!(
        wall.latest[0].line, "<b>hi</b>",
        "lines are text, kept as sent"
    );
    round_trip::<CertificateEligibility>(json!({
        "eligible": false, "days_checked_in": 4, "days_needed": 6
    }));
    round_trip::<CertificateEligibility>(json!({
        "eligible": true, "days_checked_in": 6, "days_needed": 6,
        "certificate": { "name": "王小明", "course": "7 天小白理财实操课", "cohort_name": "第 12 期",
                         "days_checked_in": 6, "date": "2026-12-13", "advisor": "林知远",
                         "referral_code": "R7KQ2M" }
    }));
}

#[test]
fn sign_up_and_check_in_refusals_have_their_own_codes() {
    for (refusal, name) in [
        (SignUpRefusal::Closed, "sign_up_closed"),
        (SignUpRefusal::Full, "cohorts_full"),
    ] {
        let code = ErrorCode::from(refusal);
        assert_eq!(code.as_str(), name);
        assert_eq!(code.sign_up_refusal(), Some(refusal));
        assert!(ErrorCode::ALL.contains(&code));
    }
    let checkins = [
        (CheckinRefusal::UnknownDay, "unknown_day"),
        (CheckinRefusal::NotStarted, "course_not_started"),
        (CheckinRefusal::NotYet, "day_not_yet"),
        (CheckinRefusal::AlreadyCheckedIn, "already_checked_in"),
        (CheckinRefusal::NoMakeUps, "no_make_ups"),
        (CheckinRefusal::MakeUpsUsed, "make_ups_used"),
        (CheckinRefusal::MakeUpTooLate, "make_up_too_late"),
        (CheckinRefusal::CourseOver, "course_over"),
        (CheckinRefusal::HometownRequired, "hometown_required"),
    ];
    for (refusal, name) in checkins {
        let code = ErrorCode::from(refusal);
        assert_eq!(code.as_str(), name);
        assert_eq!(ErrorCode::from_name(name), code);
        assert_eq!(code.checkin_refusal(), Some(refusal));
        assert_eq!(code.sign_up_refusal(), None);
    }
    assert_eq!(ErrorCode::OfferEnded.checkin_refusal(), None);
    for name in [
        "not_a_course_page",
        "not_a_checkin_page",
        "not_signed_up",
        "invalid_hometown",
        "not_graduated",
    ] {
        assert_eq!(ErrorCode::from_name(name).as_str(), name);
    }
}

#[test]
fn every_refusal_a_learner_reads_speaks_both_languages_under_its_code() {
    let refusals = [
        (Refusal::SignUp(SignUpRefusal::Closed), "sign_up_closed"),
        (Refusal::SignUp(SignUpRefusal::Full), "cohorts_full"),
        (
            Refusal::Checkin(CheckinRefusal::AlreadyCheckedIn),
            "already_checked_in",
        ),
        (
            Refusal::Checkin(CheckinRefusal::MakeUpsUsed),
            "make_ups_used",
        ),
        (
            Refusal::Hometown(HometownProblem::UnknownProvince),
            "invalid_hometown",
        ),
        (Refusal::NotSignedUp, "not_signed_up"),
        (
            Refusal::NotGraduated {
                days_checked_in: 4,
                days_needed: 6,
            },
            "not_graduated",
        ),
    ];
    for (refusal, code) in refusals {
        assert_eq!(refusal.code().as_str(), code);
        let (zh, en) = (refusal.message(Locale::ZhCn), refusal.message(Locale::En));
        assert!(!zh.is_ascii(), "{refusal:?}: {zh}");
        assert!(!en.is_empty() && en.is_ascii(), "{refusal:?}: {en}");
    }
    assert_eq!(
        Refusal::NotGraduated {
            days_checked_in: 4,
            days_needed: 6
        }
        .message(Locale::ZhCn),
        "你已打卡 4 天，打卡满 6 天即可领取结业证书，继续加油！"
    );
}

#[test]
fn the_progress_answer_is_the_progress_rules_output() {
    use campaign_core::checkin::{CheckinMark, CheckinPage, CheckinTiming, DayState};
    use campaign_core::wire::{ProgressAnswer, StripDay};
    let config: Value =
        serde_json::from_str(include_str!("../../static/campaigns/jd-course.json")).unwrap();
    let mut fields = config["pages"][1].clone();
    fields.as_object_mut().unwrap().remove("kind");
    let page: CheckinPage = serde_json::from_value(fields).unwrap();
    let done: Vec<CheckinMark> = (1..=6)
        .map(|day| CheckinMark {
            day,
            timing: CheckinTiming::OnTime,
        })
        .collect();
    let answer = ProgressAnswer::of(&page, 6, &done);
    assert_eq!((answer.today, answer.total, answer.streak), (6, 6, 6));
    assert!(answer.graduated, "6 of 7 days graduate");
    assert_eq!(answer.make_ups_left, 1);
    assert_eq!(answer.strip.len(), 7);
    assert_eq!(
        answer.strip[6],
        StripDay {
            day: 7,
            state: DayState::Upcoming
        }
    );
    assert!(!ProgressAnswer::of(&page, 6, &done[..5]).graduated);
    // It crosses the wire as it is.
    let again: ProgressAnswer =
        serde_json::from_value(serde_json::to_value(&answer).unwrap()).unwrap();
    assert_eq!(again, answer);
}
