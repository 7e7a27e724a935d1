//! The README documents one example of every request and answer of the API, in
//! blocks fenced as ```` ```json wire=TypeName ````. Each must read as its wire
//! type and serialize back to exactly the same JSON: a field the docs name that
//! the type lacks, or one the type has that the docs leave out, fails here.

use campaign_core::wire::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every wire type the README must show an example of.
const DOCUMENTED: &[&str] = &[
    "ErrorBody",
    "SubmissionReceipt",
    "EventsReceipt",
    "GroupFill",
    "SubmissionList",
    "Health",
    "DrawRequest",
    "DrawAnswer",
    "Chances",
    "ShareRequest",
    "ShareAnswer",
    "Claim",
    "DrawList",
    "InviteCodeRequest",
    "InviteCode",
    "VisitReport",
    "VisitVerdict",
    "ReferralStanding",
    "OfferStanding",
    "ReferralList",
    "PosterUploaded",
    "VisitorData",
    "VisitorErased",
    "JssdkSignature",
    "CourseStanding",
    "CheckinStanding",
    "WallAnswer",
    "CertificateEligibility",
    "HideWallLine",
    "SignIn",
    "ConsoleSession",
    "Overview",
    "PageDetail",
    "TextAnswers",
    "ReviewDecision",
    "ReviewOutcome",
];

fn round_trip<T: Serialize + DeserializeOwned>(name: &str, example: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(example.clone())
        .map_err(|err| format!("{name}: the README's example does not read: {err}"))?;
    let back = serde_json::to_value(&typed).map_err(|err| format!("{name}: {err}"))?;
    if &back == example {
        Ok(())
    } else {
        Err(format!(
            "{name}: the README's example\n  {example}\nserializes back as\n  {back}"
        ))
    }
}

fn check(name: &str, example: &Value) -> Result<(), String> {
    match name {
        "ErrorBody" => round_trip::<ErrorBody>(name, example),
        "SubmissionReceipt" => round_trip::<SubmissionReceipt>(name, example),
        "EventsReceipt" => round_trip::<EventsReceipt>(name, example),
        "GroupFill" => round_trip::<GroupFill>(name, example),
        "SubmissionList" => round_trip::<SubmissionList>(name, example),
        "Health" => round_trip::<Health>(name, example),
        "DrawRequest" => round_trip::<DrawRequest>(name, example),
        "DrawAnswer" => round_trip::<DrawAnswer>(name, example),
        "Chances" => round_trip::<Chances>(name, example),
        "ShareRequest" => round_trip::<ShareRequest>(name, example),
        "ShareAnswer" => round_trip::<ShareAnswer>(name, example),
        "Claim" => round_trip::<Claim>(name, example),
        "DrawList" => round_trip::<DrawList>(name, example),
        "InviteCodeRequest" => round_trip::<InviteCodeRequest>(name, example),
        "InviteCode" => round_trip::<InviteCode>(name, example),
        "VisitReport" => round_trip::<VisitReport>(name, example),
        "VisitVerdict" => round_trip::<VisitVerdict>(name, example),
        "ReferralStanding" => round_trip::<ReferralStanding>(name, example),
        "OfferStanding" => round_trip::<OfferStanding>(name, example),
        "ReferralList" => round_trip::<ReferralList>(name, example),
        "PosterUploaded" => round_trip::<PosterUploaded>(name, example),
        "VisitorData" => round_trip::<VisitorData>(name, example),
        "VisitorErased" => round_trip::<VisitorErased>(name, example),
        "JssdkSignature" => round_trip::<JssdkSignature>(name, example),
        "CourseStanding" => round_trip::<CourseStanding>(name, example),
        "CheckinStanding" => round_trip::<CheckinStanding>(name, example),
        "WallAnswer" => round_trip::<WallAnswer>(name, example),
        "CertificateEligibility" => round_trip::<CertificateEligibility>(name, example),
        "HideWallLine" => round_trip::<HideWallLine>(name, example),
        "SignIn" => round_trip::<SignIn>(name, example),
        "ConsoleSession" => round_trip::<ConsoleSession>(name, example),
        "Overview" => round_trip::<Overview>(name, example),
        "PageDetail" => round_trip::<PageDetail>(name, example),
        "TextAnswers" => round_trip::<TextAnswers>(name, example),
        "ReviewDecision" => round_trip::<ReviewDecision>(name, example),
        "ReviewOutcome" => round_trip::<ReviewOutcome>(name, example),
        other => Err(format!("the README names an unknown wire type `{other}`")),
    }
}

/// `(type name, JSON text)` of every ```` ```json wire=Name ```` block.
fn documented_examples(markdown: &str) -> Vec<(String, String)> {
    let mut examples = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in markdown.lines() {
        if let Some((name, text)) = open.take() {
            if line.trim() == "```" {
                examples.push((name, text));
            } else {
                open = Some((name, text + line + "\n"));
            }
        } else if let Some(name) = line.trim().strip_prefix("```json wire=") {
            open = Some((name.trim().to_owned(), String::new()));
        }
    }
    examples
}

#[test]
fn every_documented_example_round_trips_through_its_type() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README sits at the workspace root");
    let examples = documented_examples(&readme);
    let mut problems = Vec::new();
    for (name, text) in &examples {
        match serde_json::from_str::<Value>(text) {
            Ok(example) => problems.extend(check(name, &example).err()),
            Err(err) => problems.push(format!("{name}: the README's example is not JSON: {err}")),
        }
    }
    for name in DOCUMENTED {
        if !examples.iter().any(|(documented, _)| documented == name) {
            problems.push(format!("the README shows no example of `{name}`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn a_drifted_example_is_caught() {
    let drifted = serde_json::json!({ "granted": 1, "remaining": 2, "bonus": 1 });
    assert!(check("ShareAnswer", &drifted).is_err(), "an extra field");
    let missing = serde_json::json!({ "granted": 1 });
    assert!(check("ShareAnswer", &missing).is_err(), "a missing field");
    let renamed = serde_json::json!({ "status": "countd" });
    assert!(
        check("VisitVerdict", &renamed).is_err(),
        "an unknown status"
    );
}

#[test]
fn error_codes_from_other_backends_read_as_other() {
    let foreign: ErrorBody =
        serde_json::from_str(r#"{"error": {"code": "quota_exceeded", "message": "稍后再试"}}"#)
            .unwrap();
    assert_eq!(foreign.error.code, ErrorCode::Other);
    assert_eq!(foreign.error.message, "稍后再试");
    let bare: ErrorBody = serde_json::from_str(r#"{"error": {"message": "no"}}"#).unwrap();
    assert_eq!(bare.error.code, ErrorCode::Other);
}

#[test]
fn every_error_code_reads_back_by_its_name() {
    let mut names = std::collections::BTreeSet::new();
    for code in ErrorCode::ALL {
        let json = serde_json::to_value(code).unwrap();
        assert_eq!(json, Value::from(code.as_str()));
        assert_eq!(serde_json::from_value::<ErrorCode>(json).unwrap(), code);
        assert!(names.insert(code.as_str()), "`{}` twice", code.as_str());
    }
    let numbered: ErrorBody =
        serde_json::from_str(r#"{"error": {"code": 40001, "message": "系统繁忙"}}"#).unwrap();
    assert_eq!(
        (numbered.error.code, numbered.error.message.as_str()),
        (ErrorCode::Other, "系统繁忙")
    );
}

#[test]
fn draw_refusals_and_error_codes_agree() {
    use campaign_core::lottery::DrawRefusal;
    for refusal in [
        DrawRefusal::DailyLimit,
        DrawRefusal::TotalLimit,
        DrawRefusal::NoChances,
        DrawRefusal::PrizesGone,
    ] {
        let code = ErrorCode::from(refusal);
        assert_eq!(code.draw_refusal(), Some(refusal));
        assert_eq!(
            serde_json::to_value(code).unwrap(),
            serde_json::to_value(refusal).unwrap(),
            "the same name on the wire"
        );
    }
    assert_eq!(ErrorCode::IdConflict.draw_refusal(), None);
}

#[test]
fn visit_statuses_are_stored_as_they_are_sent() {
    for status in VisitStatus::STORED
        .into_iter()
        .chain([VisitStatus::UnknownCode])
    {
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            Value::from(status.as_str())
        );
    }
}

#[test]
fn every_refusal_a_person_reads_speaks_both_languages_under_its_code() {
    use campaign_core::Locale;
    use campaign_core::lottery::DrawRefusal;
    let refusals = [
        (Refusal::AlreadySubmitted, "already_submitted"),
        (Refusal::Draw(DrawRefusal::DailyLimit), "daily_limit"),
        (
            Refusal::Offer(campaign_core::offers::OfferRefusal::PoolExhausted),
            "pool_exhausted",
        ),
        (
            Refusal::Offer(campaign_core::offers::OfferRefusal::OfferEnded),
            "offer_ended",
        ),
        (
            Refusal::UnknownClaim {
                code: "K7Q2-9XMA-3F".into(),
            },
            "unknown_claim",
        ),
        (
            Refusal::AlreadyRedeemed {
                code: "K7Q2-9XMA-3F".into(),
                prize: "Coupon".into(),
                when: "2026-02-14T12:00:00Z".into(),
                by: Some("branch-futian".into()),
            },
            "already_redeemed",
        ),
        (Refusal::PosterNotPng, "unsupported_media_type"),
        (Refusal::PosterTooLarge, "too_large"),
        (
            Refusal::PosterUnreadable {
                problem: "no IHDR chunk".into(),
            },
            "not_a_png",
        ),
        (Refusal::PosterUploadsTooFrequent, "rate_limited"),
        (Refusal::PosterNotFound, "poster_not_found"),
    ];
    for (refusal, code) in refusals {
        assert_eq!(serde_json::to_value(refusal.code()).unwrap(), code);
        let (zh, en) = (refusal.message(Locale::ZhCn), refusal.message(Locale::En));
        assert!(!zh.is_ascii(), "{refusal:?}: {zh}");
        assert!(!en.is_empty() && en.is_ascii(), "{refusal:?}: {en}");
    }
    assert_eq!(
        Refusal::Draw(DrawRefusal::DailyLimit).message(Locale::ZhCn),
        DrawRefusal::DailyLimit.message(Locale::ZhCn)
    );
}
