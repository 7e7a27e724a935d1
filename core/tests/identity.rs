//! Who a campaign counts: the `identity`, `ceilings` and `wechat` fields, the
//! pages whose results need a verified person, and the envelope's subject.

use campaign_core::config::{Ceilings, Identity};
use campaign_core::envelope::uuid_v4;
use campaign_core::identity::{PersonRefusal, needs_person, page_needs_person};
use campaign_core::wire::ErrorCode;
use campaign_core::{Envelope, EnvelopeError, Locale, PageKind, parse_campaign};
use serde_json::{Value, json};

const DEMO: &str = include_str!("../../static/campaigns/demo.json");

fn demo_with(field: &str, value: Value) -> Value {
    let mut config: Value = serde_json::from_str(DEMO).unwrap();
    config[field] = value;
    config
}

fn problems(config: &Value) -> Vec<String> {
    match parse_campaign(&config.to_string()) {
        Ok(_) => panic!("accepted: {config}"),
        Err(errors) => errors
            .0
            .iter()
            .map(|problem| format!("{}: {}", problem.path, problem.message(Locale::En)))
            .collect(),
    }
}

#[test]
fn the_demo_counts_devices_with_default_ceilings() {
    let campaign = parse_campaign(DEMO).unwrap();
    assert_eq!(campaign.identity, Identity::Device);
    assert_eq!(campaign.ceilings, Ceilings::default());
    assert!(campaign.wechat.share.is_empty());
    // And says nothing of them when written back, so served configs of
    // existing campaigns do not change.
    let written = serde_json::to_value(&campaign).unwrap();
    for field in ["identity", "ceilings", "wechat"] {
        assert!(written.get(field).is_none(), "{field}");
    }
}

#[test]
fn identity_reads_its_three_modes_and_refuses_others() {
    for (name, mode) in [
        ("device", Identity::Device),
        ("signed", Identity::Signed),
        ("wechat", Identity::Wechat),
    ] {
        let campaign = parse_campaign(&demo_with("identity", name.into()).to_string()).unwrap();
        assert_eq!(campaign.identity, mode);
        assert_eq!(mode.as_str(), name);
    }
    let found = problems(&demo_with("identity", "sigend".into()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("identity:"), "{found:?}");
}

#[test]
fn ceilings_must_let_something_through() {
    let config = demo_with(
        "ceilings",
        json!({ "draws_per_minute": 0, "prize_wins_per_address_per_day": 5 }),
    );
    assert_eq!(
        problems(&config),
        ["ceilings.draws_per_minute: must be at least 1"]
    );
    let campaign = parse_campaign(
        &demo_with("ceilings", json!({ "prize_wins_per_address_per_day": 5 })).to_string(),
    )
    .unwrap();
    assert_eq!(campaign.ceilings.prize_wins_per_address_per_day, 5);
    assert_eq!(
        campaign.ceilings.draws_per_minute,
        Ceilings::default().draws_per_minute
    );
}

#[test]
fn share_cards_name_pages_of_the_campaign() {
    let config = demo_with(
        "wechat",
        json!({ "share": [
            { "page": "draw-520", "title": "520 大抽奖", "desc": "每天都有机会", "image": "/images/logo.svg" },
            { "page": "draw520", "title": "", "image": "logo.svg" },
            { "page": "draw-520", "title": "又一张", "image": "/images/logo.svg" }
        ] }),
    );
    let found = problems(&config);
    assert!(
        found.contains(&"wechat.share[1].page: there is no page `draw520` in this campaign".into()),
        "{found:?}"
    );
    assert!(
        found.contains(&"wechat.share[1].title: must not be empty".into()),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|problem| problem.starts_with("wechat.share[1].image:")),
        "{found:?}"
    );
    assert!(
        found.contains(&"wechat.share[2].page: `draw-520` already has a card".into()),
        "{found:?}"
    );
    assert_eq!(found.len(), 4, "the first card is fine: {found:?}");
}

#[test]
fn pages_with_something_of_value_need_a_person() {
    let signed = parse_campaign(&demo_with("identity", "signed".into()).to_string()).unwrap();
    let needs: Vec<(&str, bool)> = signed
        .pages
        .iter()
        .map(|page| (page.id(), needs_person(page)))
        .collect();
    assert_eq!(
        needs,
        [
            ("city-group", true),
            ("invite", true),
            ("quiz-520", true),
            ("draw-520", true),
            ("member-survey", true),
            ("finance-survey", true),
            // A schedule hands nothing out; a coupon ladder hands out codes.
            ("weekly-benefits", false),
            ("invest-coupons", true),
        ]
    );
    let device = parse_campaign(DEMO).unwrap();
    assert!(
        device
            .pages
            .iter()
            .all(|page| !page_needs_person(&device, page)),
        "device campaigns verify nobody"
    );
    // A survey anyone may take again, with nothing handed out, takes anyone.
    let mut open: Value = serde_json::from_str(DEMO).unwrap();
    let survey = &mut open["pages"][4];
    survey["resubmit"] = "allowed".into();
    survey.as_object_mut().unwrap().remove("reward");
    let open = parse_campaign(&open.to_string()).unwrap();
    assert!(!needs_person(&open.pages[4]));
}

#[test]
fn refusals_have_their_own_codes_and_sentences() {
    for refusal in [
        PersonRefusal::LoginRequired,
        PersonRefusal::TokenExpired,
        PersonRefusal::TokenInvalid,
    ] {
        let code = ErrorCode::from(refusal);
        assert_eq!(
            serde_json::to_value(code).unwrap(),
            serde_json::to_value(refusal).unwrap(),
            "the same name on the wire"
        );
        assert_eq!(serde_json::to_value(code).unwrap(), refusal.code());
        assert_eq!(PersonRefusal::from_code(refusal.code()), Some(refusal));
        for locale in [Locale::ZhCn, Locale::En] {
            for identity in [Identity::Signed, Identity::Wechat] {
                assert!(!refusal.text(locale, identity).is_empty());
            }
        }
    }
    assert_ne!(
        PersonRefusal::LoginRequired.text(Locale::ZhCn, Identity::Signed),
        PersonRefusal::LoginRequired.text(Locale::ZhCn, Identity::Wechat),
        "WeChat campaigns say where to open the page"
    );
}

#[test]
fn the_subject_travels_only_when_there_is_one() {
    let campaign = parse_campaign(DEMO).unwrap();
    let mut envelope = Envelope {
        id: uuid_v4([5; 16]),
        campaign_id: campaign.id.clone(),
        page_id: "member-survey".to_owned(),
        page_kind: PageKind::Survey,
        visitor_id: "v-0123456789abcdef".to_owned(),
        referral_code: None,
        channel: None,
        subject: None,
        client_ts: 1_779_000_000_000,
        payload: json!({ "answers": {} }),
    };
    let text = serde_json::to_string(&envelope).unwrap();
    assert!(!text.contains("subject"), "{text}");
    envelope.subject = Some("member-42".to_owned());
    assert_eq!(envelope.check(&campaign), Ok(()));
    let text = serde_json::to_value(&envelope).unwrap();
    assert_eq!(text["subject"], "member-42");
    let request = campaign.backend.submit_request(&campaign, &envelope);
    assert!(request.body.contains("\"subject\":\"member-42\""));
    envelope.subject = Some(String::new());
    assert_eq!(envelope.check(&campaign), Err(EnvelopeError::BadSubject));
    envelope.subject = Some("x".repeat(257));
    assert_eq!(envelope.check(&campaign), Err(EnvelopeError::BadSubject));
}
