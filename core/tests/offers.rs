//! The offers page kind: where an amount stands on the coupon ladder, the
//! sentences and amounts as a person reads them, the real deadline and the
//! remaining count, the claim on the wire, and every config mistake at its
//! path in both languages.

use campaign_core::config::{Locale, Page};
use campaign_core::identity::needs_person;
use campaign_core::offers::{
    LadderStanding, NextCoupon, OfferAction, OfferRefusal, OffersPage, check_offers, format_yuan,
    format_yuan_compact, ladder_standing, next_coupon_sentence, parse_yuan, standing_sentence,
};
use campaign_core::parse_campaign;
use campaign_core::wire::{
    CouponClaim, CouponIssued, ErrorBody, ErrorCode, OfferStanding, Refusal, SubmissionReceipt,
};
use serde_json::{Value, json};

const EXAMPLE: &str = include_str!("pages/offers.json");

fn example_value() -> Value {
    serde_json::from_str(EXAMPLE).expect("the example page is JSON")
}

fn page(mut fields: Value) -> OffersPage {
    fields.as_object_mut().map(|fields| fields.remove("kind"));
    serde_json::from_value(fields).expect("test page has the right shape")
}

fn example() -> OffersPage {
    page(example_value())
}

/// A page with the example's header and deadline, and these fields.
fn page_with(fields: Value) -> OffersPage {
    let mut value = json!({ "id": "test-offers", "title": "测试领券",
                            "ends_at": "2027-01-01T00:00:00+08:00", "tiers": [] });
    if let (Some(value), Some(fields)) = (value.as_object_mut(), fields.as_object()) {
        value.extend(fields.clone());
    }
    page(value)
}

fn at(time: &str) -> i64 {
    campaign_core::clock::parse_rfc3339_ms(time).expect("a test time")
}

// ---------------------------------------------------------------------------
// The example
// ---------------------------------------------------------------------------

#[test]
fn the_example_page_is_valid_and_survives_a_round_trip() {
    let page = example();
    assert_eq!(check_offers(&page), []);
    let config =
        json!({ "schema": 1, "id": "jd", "title": "京东金融", "pages": [example_value()] });
    let campaign = parse_campaign(&config.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    let Some(found @ Page::Offers(read)) = campaign.page("jd-coupons") else {
        panic!("the page is read as an offers page");
    };
    assert_eq!(*read, page);
    assert!(needs_person(found), "coupon codes count per person");
    let inlined = serde_json::to_string(&campaign).expect("serialises");
    assert!(!inlined.contains("null"), "absent fields are left out");
    assert_eq!(parse_campaign(&inlined), Ok(campaign));
}

// ---------------------------------------------------------------------------
// The ladder
// ---------------------------------------------------------------------------

#[test]
fn an_amount_earns_the_highest_tier_it_reaches_and_sees_the_next() {
    let page = example();
    let standing = |amount| page.standing(amount);
    assert_eq!(
        standing(12_000),
        LadderStanding {
            earned: Some(0),
            next: Some(NextCoupon {
                tier: 1,
                shortfall: 8_000
            })
        },
        "12,000 earns 400 and needs 8,000 more for 1,600"
    );
    assert_eq!(
        standing(4_999),
        LadderStanding {
            earned: None,
            next: Some(NextCoupon {
                tier: 0,
                shortfall: 1
            })
        }
    );
    assert_eq!(
        standing(5_000).earned,
        Some(0),
        "a threshold reached is earned"
    );
    assert_eq!(
        standing(5_000).next,
        Some(NextCoupon {
            tier: 1,
            shortfall: 15_000
        })
    );
    assert_eq!(
        standing(50_000),
        LadderStanding {
            earned: Some(2),
            next: None
        }
    );
    assert_eq!(standing(1_000_000).earned, Some(2));
    assert_eq!(
        standing(0),
        LadderStanding {
            earned: None,
            next: Some(NextCoupon {
                tier: 0,
                shortfall: 5_000
            })
        }
    );
    assert_eq!(
        ladder_standing(&[], 12_000),
        LadderStanding {
            earned: None,
            next: None
        }
    );
}

#[test]
fn the_ladder_is_right_in_any_order() {
    // The check demands order, but a config nobody checked still reads right.
    let mut page = example();
    page.tiers.reverse();
    assert_eq!(
        page.standing(12_000),
        LadderStanding {
            earned: Some(2),
            next: Some(NextCoupon {
                tier: 1,
                shortfall: 8_000
            })
        }
    );
}

#[test]
fn sentences_say_what_an_amount_earns_and_what_the_next_tier_needs() {
    let page = example();
    let zh = |amount| standing_sentence(&page, amount, Locale::ZhCn);
    let en = |amount| standing_sentence(&page, amount, Locale::En);
    assert_eq!(zh(12_000), "可得 400 元券，再投 8,000 元可得 1,600 元券");
    assert_eq!(
        en(12_000),
        "Earns a ¥400 coupon; invest ¥8,000 more for a ¥1,600 coupon"
    );
    assert_eq!(zh(5_000), "可得 400 元券，再投 15,000 元可得 1,600 元券");
    assert_eq!(zh(4_999), "再投 1 元可得 400 元券");
    assert_eq!(en(4_999), "Invest ¥1 more for a ¥400 coupon");
    assert_eq!(zh(50_000), "可得 2,800 元券，已是最高档");
    assert_eq!(en(60_000), "Earns a ¥2,800 coupon, the top tier");
    assert_eq!(zh(0), "投资满 5,000 元可得 400 元券");
    assert_eq!(en(0), "Invest ¥5,000 for a ¥400 coupon");
    assert_eq!(
        next_coupon_sentence(OfferAction::Invest, 8_000, 1_600, Locale::ZhCn),
        "再投 8,000 元可得 1,600 元券"
    );
    assert_eq!(
        next_coupon_sentence(OfferAction::Spend, 8_000, 1_600, Locale::En),
        "Spend ¥8,000 more for a ¥1,600 coupon"
    );
    let mut spending = example();
    spending.action = OfferAction::Spend;
    assert_eq!(
        standing_sentence(&spending, 12_000, Locale::ZhCn),
        "可得 400 元券，再消费 8,000 元可得 1,600 元券"
    );
    assert_eq!(
        standing_sentence(&spending, 0, Locale::ZhCn),
        "消费满 5,000 元可得 400 元券"
    );
    assert_eq!(
        standing_sentence(&page_with(json!({})), 100, Locale::ZhCn),
        ""
    );
}

#[test]
fn amounts_are_written_and_read_the_chinese_way() {
    assert_eq!(format_yuan(12_000), "12,000");
    assert_eq!(format_yuan(400), "400");
    assert_eq!(format_yuan_compact(50_000, Locale::ZhCn), "5万");
    assert_eq!(format_yuan_compact(15_000, Locale::ZhCn), "1.5万");
    assert_eq!(format_yuan_compact(8_000, Locale::ZhCn), "8,000");
    assert_eq!(format_yuan_compact(20_000, Locale::En), "20,000");
    // What a person types on the page reads back as the same amount.
    assert_eq!(parse_yuan("12,000"), Some(12_000));
    assert_eq!(parse_yuan("1.2万"), Some(12_000));
    assert_eq!(parse_yuan("１２０００"), Some(12_000));
    assert_eq!(parse_yuan("一万二"), None);
}

// ---------------------------------------------------------------------------
// Deadline and remaining count
// ---------------------------------------------------------------------------

#[test]
fn the_countdown_runs_to_the_real_end() {
    let page = example();
    let end = at("2027-01-01T00:00:00+08:00");
    assert_eq!(page.ends_at_ms(), Some(end));
    assert!(page.is_open(end - 1));
    assert!(!page.is_open(end));
    assert_eq!(page.ends_in_ms(end - 90_000), Some(90_000));
    assert_eq!(page.ends_in_ms(end + 5_000), Some(0));
    let broken = page_with(json!({ "ends_at": "年底" }));
    assert!(
        !broken.is_open(0),
        "a deadline that does not read has passed"
    );
    assert_eq!(broken.ends_in_ms(0), None);
}

#[test]
fn the_remaining_count_is_shown_only_at_or_under_the_threshold() {
    let page = example();
    assert_eq!(page.show_remaining_at_most, Some(50));
    assert_eq!(page.remaining_shown(51), None);
    assert_eq!(page.remaining_shown(50), Some(50));
    assert_eq!(page.remaining_shown(3), Some(3));
    assert_eq!(page.remaining_shown(0), Some(0));
    let silent = page_with(json!({}));
    assert_eq!(silent.remaining_shown(1), None, "never without a threshold");
}

// ---------------------------------------------------------------------------
// The claim on the wire
// ---------------------------------------------------------------------------

#[test]
fn a_claim_and_its_answers_have_stable_shapes() {
    let claim: CouponClaim = serde_json::from_value(json!({ "tier": "tier-20k" })).unwrap();
    assert_eq!(claim.tier, "tier-20k");
    assert!(
        serde_json::from_value::<CouponClaim>(json!({ "tier": "tier-20k", "amount": 1 })).is_err(),
        "unknown payload fields are refused"
    );
    let receipt = json!({
        "id": "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
        "status": "stored",
        "coupon": { "tier": "tier-20k", "code": "JD16-7Q2X-9MA3", "coupon": 1600,
                    "already_claimed": false }
    });
    let read: SubmissionReceipt = serde_json::from_value(receipt.clone()).unwrap();
    assert_eq!(
        read.coupon,
        Some(CouponIssued {
            tier: "tier-20k".into(),
            code: "JD16-7Q2X-9MA3".into(),
            coupon: 1_600,
            already_claimed: false,
        })
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), receipt);
    let standing = json!({
        "page_id": "jd-coupons",
        "coupon": null,
        "tiers": [
            { "tier": "tier-5k", "remaining": null, "exhausted": false },
            { "tier": "tier-20k", "remaining": 12, "exhausted": false },
            { "tier": "tier-50k", "remaining": 0, "exhausted": true }
        ]
    });
    let read: OfferStanding = serde_json::from_value(standing.clone()).unwrap();
    assert_eq!(read.tiers[1].remaining, Some(12));
    assert_eq!(serde_json::to_value(&read).unwrap(), standing);
}

#[test]
fn claim_refusals_and_error_codes_agree_and_speak_both_languages() {
    for (refusal, name) in [
        (OfferRefusal::PoolExhausted, "pool_exhausted"),
        (OfferRefusal::OfferEnded, "offer_ended"),
    ] {
        let code = ErrorCode::from(refusal);
        assert_eq!(code.as_str(), name);
        assert_eq!(ErrorCode::from_name(name), code);
        assert_eq!(code.offer_refusal(), Some(refusal));
        assert_eq!(serde_json::to_value(refusal).unwrap(), json!(name));
        assert_eq!(Refusal::Offer(refusal).code(), code);
        let (zh, en) = (
            Refusal::Offer(refusal).message(Locale::ZhCn),
            Refusal::Offer(refusal).message(Locale::En),
        );
        assert!(!zh.is_ascii() && en.is_ascii(), "{zh} / {en}");
    }
    assert_eq!(
        OfferRefusal::PoolExhausted.message(Locale::ZhCn),
        "这一档的券已经领完了，看看其他档位吧"
    );
    assert_eq!(ErrorCode::DailyLimit.offer_refusal(), None);
    for name in ["unknown_tier", "not_an_offers_page"] {
        let body: ErrorBody =
            serde_json::from_value(json!({ "error": { "code": name, "message": "" } })).unwrap();
        assert_eq!(body.error.code.as_str(), name);
        assert!(ErrorCode::ALL.contains(&body.error.code));
    }
}

// ---------------------------------------------------------------------------
// Config checker
// ---------------------------------------------------------------------------

fn issues(page: &OffersPage, locale: Locale) -> Vec<(String, String, Option<String>)> {
    check_offers(page)
        .into_iter()
        .map(|issue| {
            (
                issue.path.clone(),
                issue.message(locale).to_owned(),
                issue.hint(locale).map(str::to_owned),
            )
        })
        .collect()
}

fn tier(id: &str, amount: u64, coupon: u64, pool: Option<&str>) -> Value {
    let mut tier = json!({ "id": id, "amount": amount, "coupon": coupon });
    if let Some(pool) = pool {
        tier["pool"] = json!(pool);
    }
    tier
}

#[test]
fn ladder_mistakes_are_reported_at_their_paths() {
    let page = page_with(json!({
        "tiers": [
            tier("tier-5k", 5_000, 400, Some("jd-400")),
            tier("tier-20k", 20_000, 1_600, None),
            tier("tier-20k-again", 20_000, 2_000, Some("jd-400")),
            tier("tier-10k", 10_000, 1_000, Some("JD 2800")),
            tier("Tier", 0, 0, Some(" ")),
        ],
        "ends_at": "2026-12-31 24:00",
        "show_remaining_at_most": 0,
        "button_label": " "
    }));
    let found = issues(&page, Locale::En);
    let paths: Vec<&str> = found.iter().map(|(path, ..)| path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "tiers[1].pool",
            "tiers[2].amount",
            "tiers[2].pool",
            "tiers[3].amount",
            "tiers[3].coupon",
            "tiers[3].pool",
            "tiers[4].id",
            "tiers[4].amount",
            "tiers[4].coupon",
            "tiers[4].pool",
            "ends_at",
            "show_remaining_at_most",
            "button_label",
        ],
        "{found:#?}"
    );
    let find = |path: &str| {
        found
            .iter()
            .find(|(at, ..)| at == path)
            .map(|(_, message, hint)| (message.as_str(), hint.as_deref()))
            .unwrap_or_else(|| panic!("no issue at {path}"))
    };
    assert_eq!(
        find("tiers[1].pool"),
        (
            "is required for every tier",
            Some(
                "name the server's pool of coupon codes for this tier, e.g. `jd-1600`; each person takes one code from it"
            )
        )
    );
    assert_eq!(
        find("tiers[2].amount"),
        (
            "20000 is already the amount of tiers[1]",
            Some("two tiers with one amount overlap: a person reaching it could claim either")
        )
    );
    assert_eq!(
        find("tiers[2].pool").0,
        "`jd-400` is already the pool of tiers[0]"
    );
    assert_eq!(
        find("tiers[3].amount").0,
        "10000 is less than the amount of tiers[2] (20000)"
    );
    assert_eq!(
        find("tiers[3].coupon").0,
        "1000 is not more than the coupon of tiers[2] (2000)"
    );
    assert_eq!(
        find("tiers[3].pool").0,
        "`JD 2800` is not a valid pool name"
    );
    assert_eq!(find("tiers[4].amount").0, "must be at least 1");
    assert_eq!(find("tiers[4].pool").0, "must not be empty");
    assert_eq!(
        find("ends_at"),
        (
            "`2026-12-31 24:00` is not a time",
            Some("write it like `2026-11-30T18:00:00+08:00`")
        )
    );
    // A coupon that does not grow with the amount is reported even when the
    // amounts are in order.
    let flat = page_with(json!({ "tiers": [
        tier("a", 5_000, 400, Some("a")),
        tier("b", 20_000, 400, Some("b")),
    ]}));
    assert_eq!(
        issues(&flat, Locale::En)
            .into_iter()
            .map(|(path, message, _)| (path, message))
            .collect::<Vec<_>>(),
        [(
            "tiers[1].coupon".to_owned(),
            "400 is not more than the coupon of tiers[0] (400)".to_owned()
        )]
    );
    let empty = page_with(json!({}));
    assert_eq!(
        issues(&empty, Locale::En)[0].1,
        "must list at least one tier"
    );
}

#[test]
fn ladder_mistakes_are_told_in_chinese_too() {
    let page = page_with(json!({
        "tiers": [
            tier("tier-5k", 5_000, 400, Some("jd-400")),
            tier("tier-5k", 5_000, 1_600, None),
        ]
    }));
    assert_eq!(
        issues(&page, Locale::ZhCn),
        [
            (
                "tiers[1].id".to_owned(),
                "`tier-5k` 已经是 tiers[0] 的 id".to_owned(),
                Some("档位 id 不能重复：领券记录按档位 id 保存".to_owned())
            ),
            (
                "tiers[1].amount".to_owned(),
                "5000 已经是 tiers[0] 的门槛".to_owned(),
                Some("两档门槛相同就重叠了：达到这个金额的人两档都能领".to_owned())
            ),
            (
                "tiers[1].pool".to_owned(),
                "每一档都必须填写".to_owned(),
                Some("写上服务器上这一档券码池的名称，如 `jd-1600`；每人从中领一个券码".to_owned())
            ),
        ]
    );
}

#[test]
fn the_validator_reports_offers_mistakes_under_the_page() {
    let mut broken = example_value();
    broken["tiers"][0]["amount"] = json!(-5000);
    broken["tiers"][1]["pol"] = json!("jd-1600");
    broken["action"] = json!("buy");
    let config = json!({ "schema": 1, "id": "jd", "title": "京东金融", "pages": [broken] });
    let errors = parse_campaign(&config.to_string()).expect_err("broken");
    let mut found: Vec<(&str, &str, Option<&str>)> = errors
        .0
        .iter()
        .map(|d| (d.path.as_str(), d.message(Locale::En), d.hint(Locale::En)))
        .collect();
    found.sort_unstable();
    assert_eq!(
        found,
        [
            (
                "pages[0].action",
                "`buy` is not one of `invest`, `spend`",
                Some("expected one of `invest`, `spend`")
            ),
            (
                "pages[0].tiers[0].amount",
                "found the number -5000, expected a whole number of 0 or more",
                None
            ),
            (
                "pages[0].tiers[1].pol",
                "unknown field `pol`",
                Some("did you mean `pool`?")
            ),
        ],
        "{errors}"
    );
    // Once it reads, the checker's problems come at their full paths.
    let mut shaped = example_value();
    shaped["tiers"][2]["coupon"] = json!(1600);
    let config = json!({ "schema": 1, "id": "jd", "title": "京东金融", "pages": [shaped] });
    let errors = parse_campaign(&config.to_string()).expect_err("broken");
    assert_eq!(
        errors
            .0
            .iter()
            .map(|d| d.render(Locale::ZhCn))
            .collect::<Vec<_>>(),
        [
            "pages[0].tiers[2].coupon：1600 不大于上一档 tiers[1] 的 1600（请从最小金额往上排：每一档都比上一档门槛更高、券更大）"
        ]
    );
}
