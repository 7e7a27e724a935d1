//! Offers pages through the real router and SQLite: a claim is an envelope
//! that takes one code of its tier's pool, once per person; it is refused
//! with core's sentence after `ends_at` or when the pool is empty; and
//! `GET /api/v1/offers/<page>` shows a count left only at or under the
//! page's threshold.

mod support;

use std::collections::HashSet;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_core::envelope::uuid_v4;
use campaign_core::offers::OfferRefusal;
use campaign_core::{Locale, parse_campaign};
use campaign_server::{AppState, router};
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use tower::ServiceExt;

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
const OFFERS: &str = include_str!("../../core/tests/pages/offers.json");
const ADMIN: &str = "test-admin-token";
const CAMPAIGN: &str = "cmb-city-community";
const SECRET: &str = "a-test-secret-of-at-least-32-bytes!!";
const PAGE: &str = "jd-coupons";
/// The page's `ends_at`, 2027-01-01T00:00:00+08:00, in Unix milliseconds.
const ENDS_AT_MS: i64 = 1_798_732_800_000;
/// A moment the offer is open.
const OPEN_MS: i64 = ENDS_AT_MS - 86_400_000;

/// The demo campaign counting `identity`, with the offers page of core's tests
/// (its tiers `tier-5k`, `tier-20k` and `tier-50k` draw on pools `jd-400`,
/// `jd-1600` and `jd-2800`, and it shows counts of 50 or fewer).
fn campaign(identity: &str) -> campaign_core::Campaign {
    let mut campaign: Value = serde_json::from_str(DEMO).unwrap();
    campaign["identity"] = identity.into();
    campaign["pages"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::from_str(OFFERS).unwrap());
    parse_campaign(&campaign.to_string()).unwrap_or_else(|errors| panic!("{errors}"))
}

/// Pool `pool` with `count` codes, named `<pool>-<n>`.
fn codes(pool: &str, count: usize) -> (String, Vec<String>) {
    (
        pool.to_owned(),
        (0..count).map(|n| format!("{pool}-{n:03}")).collect(),
    )
}

/// A server for `identity` with the pools loaded, whose clock says `now_ms`.
async fn server(
    identity: &str,
    pools: Vec<(String, Vec<String>)>,
    now_ms: i64,
    dir: &tempfile::TempDir,
) -> Router {
    let store = support::store(&dir.path().join("test.sqlite"));
    for (pool, codes) in pools {
        store.import_reward_codes(pool, codes).await.unwrap();
    }
    let state = AppState::new(campaign(identity), store, ADMIN, dir.path())
        .with_identity_secret(SECRET.as_bytes())
        .unwrap()
        .with_clock(move || now_ms);
    router(state, dir.path())
}

fn token(sub: &str) -> String {
    // Tokens expire by the state's clock, which these tests set: a day past the end.
    let exp = ENDS_AT_MS / 1000 + 86_400;
    encode(
        &Header::new(Algorithm::HS256),
        &json!({ "sub": sub, "aud": CAMPAIGN, "exp": exp }),
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap()
}

fn key(n: usize) -> String {
    let mut random = [7u8; 16];
    random[..8].copy_from_slice(&(n as u64).to_be_bytes());
    uuid_v4(random)
}

/// Claim number `n` (its envelope id), of `tier`, from device `visitor`.
fn claim(n: usize, visitor: &str, tier: &str) -> Value {
    json!({
        "id": key(n),
        "campaign_id": CAMPAIGN,
        "page_id": PAGE,
        "page_kind": "offers",
        "visitor_id": visitor,
        "client_ts": OPEN_MS,
        "payload": { "tier": tier }
    })
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn post_claim(app: &Router, body: &Value, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = Request::post("/api/v1/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", body["id"].as_str().unwrap());
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(Body::from(body.to_string())).unwrap()).await
}

async fn standing(app: &Router, visitor: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = Request::get(format!("/api/v1/offers/{PAGE}?visitor={visitor}"));
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

fn full_pools() -> Vec<(String, Vec<String>)> {
    vec![
        codes("jd-400", 100),
        codes("jd-1600", 100),
        codes("jd-2800", 100),
    ]
}

#[tokio::test]
async fn a_claim_takes_a_code_of_its_tiers_pool_once_per_person() {
    let dir = tempfile::tempdir().unwrap();
    let app = server("signed", full_pools(), OPEN_MS, &dir).await;
    let alice = token("alice");

    let (status, receipt) =
        post_claim(&app, &claim(1, "v-phone-0001", "tier-20k"), Some(&alice)).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(receipt["status"], "stored");
    let coupon = &receipt["coupon"];
    assert_eq!(coupon["tier"], "tier-20k");
    assert_eq!(coupon["coupon"], 1600);
    assert_eq!(coupon["already_claimed"], false);
    let code = coupon["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("jd-1600-"), "{code}");
    assert!(receipt.get("reward").is_none(), "{receipt}");

    // The same envelope again (a retry): the same code, already claimed.
    let (status, replay) =
        post_claim(&app, &claim(1, "v-phone-0001", "tier-20k"), Some(&alice)).await;
    assert_eq!(status, StatusCode::OK, "{replay}");
    assert_eq!(replay["status"], "duplicate");
    assert_eq!(replay["coupon"]["code"], code.as_str());
    assert_eq!(replay["coupon"]["already_claimed"], true);

    // Alice on her tablet, another envelope, another tier: still her first coupon.
    let (status, again) =
        post_claim(&app, &claim(2, "v-tablet-0002", "tier-50k"), Some(&alice)).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["coupon"]["code"], code.as_str());
    assert_eq!(again["coupon"]["tier"], "tier-20k");
    assert_eq!(again["coupon"]["coupon"], 1600);
    assert_eq!(again["coupon"]["already_claimed"], true);

    // Bob gets a code of his own, from the 5,000 tier's pool.
    let (status, bob) = post_claim(
        &app,
        &claim(3, "v-phone-0003", "tier-5k"),
        Some(&token("bob")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{bob}");
    let bob_code = bob["coupon"]["code"].as_str().unwrap();
    assert!(bob_code.starts_with("jd-400-"), "{bob_code}");

    // Each pool gave exactly what was claimed of it.
    let (status, stock) = standing(&app, "v-tablet-0002", Some(&alice)).await;
    assert_eq!(status, StatusCode::OK, "{stock}");
    assert_eq!(stock["coupon"]["code"], code.as_str());
    assert_eq!(stock["coupon"]["already_claimed"], true);
    let exhausted: Vec<&Value> = stock["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tier| &tier["exhausted"])
        .collect();
    assert_eq!(exhausted, [&json!(false), &json!(false), &json!(false)]);

    // Without a token a signed campaign takes no claim, and shows no coupon.
    let (status, body) = post_claim(&app, &claim(4, "v-phone-0004", "tier-5k"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"]["code"], "login_required");
    let (status, anonymous) = standing(&app, "v-phone-0001", None).await;
    assert_eq!(status, StatusCode::OK, "{anonymous}");
    assert_eq!(anonymous["coupon"], Value::Null);
}

#[tokio::test]
async fn an_unknown_tier_is_unprocessable_and_takes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = server("signed", full_pools(), OPEN_MS, &dir).await;
    let alice = token("alice");
    for payload in [json!({ "tier": "tier-1m" }), json!({ "amount": 5000 })] {
        let mut body = claim(1, "v-phone-0001", "tier-5k");
        body["payload"] = payload;
        let (status, answer) = post_claim(&app, &body, Some(&alice)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"]["code"], "unknown_tier");
    }
    // Nothing was held against her: her real claim still goes through.
    let (status, receipt) =
        post_claim(&app, &claim(2, "v-phone-0001", "tier-5k"), Some(&alice)).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(receipt["coupon"]["already_claimed"], false);
}

#[tokio::test]
async fn after_ends_at_by_the_servers_clock_a_claim_is_refused_with_its_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().to_owned();
    // Before the end: Alice claims.
    let app = server("signed", full_pools(), OPEN_MS, &dir).await;
    let alice = token("alice");
    let (status, first) =
        post_claim(&app, &claim(1, "v-phone-0001", "tier-5k"), Some(&alice)).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    drop(app);

    // The same database, the clock at and after `ends_at`.
    for now in [ENDS_AT_MS, ENDS_AT_MS + 1] {
        let store = support::store(&store_dir.join("test.sqlite"));
        let state = AppState::new(campaign("signed"), store, ADMIN, &store_dir)
            .with_identity_secret(SECRET.as_bytes())
            .unwrap()
            .with_clock(move || now);
        let app = router(state, &store_dir);
        let (status, body) = post_claim(
            &app,
            &claim(2, "v-phone-0002", "tier-5k"),
            Some(&token("bob")),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["error"]["code"], "offer_ended");
        assert_eq!(
            body["error"]["message"],
            OfferRefusal::OfferEnded.message(Locale::ZhCn)
        );
        // Alice's retry of the claim she made in time still finds her code.
        let (status, replay) =
            post_claim(&app, &claim(1, "v-phone-0001", "tier-5k"), Some(&alice)).await;
        assert_eq!(status, StatusCode::OK, "{replay}");
        assert_eq!(replay["coupon"]["code"], first["coupon"]["code"]);
    }
}

#[tokio::test]
async fn an_exhausted_pool_refuses_with_the_chinese_sentence_and_holds_no_claim() {
    let dir = tempfile::tempdir().unwrap();
    let app = server(
        "signed",
        vec![codes("jd-400", 1), codes("jd-1600", 0), codes("jd-2800", 3)],
        OPEN_MS,
        &dir,
    )
    .await;
    let (status, first) = post_claim(
        &app,
        &claim(1, "v-phone-0001", "tier-5k"),
        Some(&token("alice")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let bob = token("bob");
    let (status, body) = post_claim(&app, &claim(2, "v-phone-0002", "tier-5k"), Some(&bob)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "pool_exhausted");
    assert_eq!(
        body["error"]["message"],
        "这一档的券已经领完了，看看其他档位吧"
    );
    assert_eq!(
        body["error"]["message"],
        OfferRefusal::PoolExhausted.message(Locale::ZhCn)
    );
    // The refusal stored nothing: Bob can still take another tier's coupon.
    let (status, other) = post_claim(&app, &claim(3, "v-phone-0002", "tier-50k"), Some(&bob)).await;
    assert_eq!(status, StatusCode::CREATED, "{other}");
    assert!(
        other["coupon"]["code"]
            .as_str()
            .unwrap()
            .starts_with("jd-2800-")
    );
    // And the standing says which tiers are gone.
    let (_, stock) = standing(&app, "v-phone-0009", Some(&token("carol"))).await;
    let exhausted: Vec<&Value> = stock["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tier| &tier["exhausted"])
        .collect();
    assert_eq!(exhausted, [&json!(true), &json!(true), &json!(false)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_people_at_once_against_five_codes_get_exactly_five() {
    let dir = tempfile::tempdir().unwrap();
    let app = server("signed", vec![codes("jd-1600", 5)], OPEN_MS, &dir).await;
    let claims = (0..20).map(|n| {
        let app = app.clone();
        tokio::spawn(async move {
            let body = claim(n, &format!("v-phone-{n:04}"), "tier-20k");
            post_claim(&app, &body, Some(&token(&format!("person-{n}")))).await
        })
    });
    let mut handed = Vec::new();
    let mut refused = 0;
    for claim in claims.collect::<Vec<_>>() {
        let (status, body) = claim.await.unwrap();
        match status {
            StatusCode::CREATED => handed.push(body["coupon"]["code"].as_str().unwrap().to_owned()),
            StatusCode::CONFLICT => {
                assert_eq!(body["error"]["code"], "pool_exhausted", "{body}");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    let distinct: HashSet<&String> = handed.iter().collect();
    assert_eq!(handed.len(), 5, "{handed:?}");
    assert_eq!(distinct.len(), 5, "{handed:?}");
    assert_eq!(refused, 15);
}

#[tokio::test]
async fn the_standing_shows_counts_left_only_at_or_under_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    // 51 codes (over the page's 50), 50 (at it), and 3.
    let app = server(
        "signed",
        vec![
            codes("jd-400", 51),
            codes("jd-1600", 50),
            codes("jd-2800", 3),
        ],
        OPEN_MS,
        &dir,
    )
    .await;
    let alice = token("alice");
    let (status, stock) = standing(&app, "v-phone-0001", Some(&alice)).await;
    assert_eq!(status, StatusCode::OK, "{stock}");
    assert_eq!(stock["page_id"], PAGE);
    assert_eq!(stock["coupon"], Value::Null);
    assert_eq!(
        stock["tiers"],
        json!([
            { "tier": "tier-5k", "remaining": null, "exhausted": false },
            { "tier": "tier-20k", "remaining": 50, "exhausted": false },
            { "tier": "tier-50k", "remaining": 3, "exhausted": false },
        ])
    );
    // One claim of the 5,000 tier brings it to 50: now it shows.
    let (status, _) = post_claim(&app, &claim(1, "v-phone-0001", "tier-5k"), Some(&alice)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, stock) = standing(&app, "v-phone-0001", Some(&alice)).await;
    assert_eq!(stock["tiers"][0]["remaining"], 50);
    assert_eq!(stock["coupon"]["tier"], "tier-5k");

    // Another kind of page, or none, is 404.
    for (page, code) in [
        ("draw-520", "not_an_offers_page"),
        ("no-such-page", "unknown_page"),
    ] {
        let request = Request::get(format!("/api/v1/offers/{page}?visitor=v-phone-0001"))
            .body(Body::empty())
            .unwrap();
        let (status, body) = send(&app, request).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(body["error"]["code"], code);
    }
}

#[test]
fn a_device_campaign_with_an_offers_page_is_warned_about() {
    let warnings = campaign_server::warnings(&campaign("device"), OPEN_MS, Locale::ZhCn);
    assert!(
        warnings
            .iter()
            .any(|line| line.contains(&format!("`{PAGE}` 发放优惠券"))),
        "{warnings:?}"
    );
    let warnings = campaign_server::warnings(&campaign("device"), OPEN_MS, Locale::En);
    assert!(
        warnings
            .iter()
            .any(|line| line.contains(&format!("`{PAGE}` hands out coupons"))),
        "{warnings:?}"
    );
    let signed = campaign_server::warnings(&campaign("signed"), OPEN_MS, Locale::En);
    assert!(
        !signed.iter().any(|line| line.contains("coupons")),
        "{signed:?}"
    );
}

#[tokio::test]
async fn a_benefits_page_takes_no_results() {
    let dir = tempfile::tempdir().unwrap();
    let mut config: Value = serde_json::from_str(DEMO).unwrap();
    let benefits: Value =
        serde_json::from_str(include_str!("../../core/tests/pages/benefits.json")).unwrap();
    let page_id = benefits["id"].as_str().unwrap().to_owned();
    config["pages"].as_array_mut().unwrap().push(benefits);
    let campaign = parse_campaign(&config.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    let store = support::store(&dir.path().join("test.sqlite"));
    let app = router(
        AppState::new(campaign, store, ADMIN, dir.path()),
        dir.path(),
    );
    let mut body = claim(1, "v-phone-0001", "tier-5k");
    body["page_id"] = page_id.into();
    body["page_kind"] = "benefits".into();
    body["payload"] = json!({});
    let (status, answer) = post_claim(&app, &body, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["code"], "invalid_envelope");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("takes no results"), "{message}");
}
