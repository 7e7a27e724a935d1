//! Quiz results and prize draws, exercised through the real router and SQLite.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_core::envelope::uuid_v4;
use campaign_core::parse_campaign;
use campaign_server::{AppState, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
const TOKEN: &str = "test-admin-token";
const CAMPAIGN: &str = "cmb-city-community";
/// 2026-05-20 12:00 in Beijing.
const NOON_520: i64 = 1_779_249_600_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

struct Server {
    app: Router,
    clock: Arc<AtomicI64>,
    dir: tempfile::TempDir,
}

impl Server {
    fn advance(&self, ms: i64) {
        self.clock.fetch_add(ms, Ordering::SeqCst);
    }
}

/// A server for `campaign` whose clock starts at noon on 20 May (Beijing) and
/// moves only when a test says so.
fn server_with(campaign: &Value) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(AtomicI64::new(NOON_520));
    let app = app_at(dir.path(), campaign, clock.clone());
    Server { app, clock, dir }
}

fn app_at(dir: &Path, campaign: &Value, clock: Arc<AtomicI64>) -> Router {
    let store = support::store(&dir.join("test.sqlite"));
    let campaign =
        parse_campaign(&campaign.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    let state =
        AppState::new(campaign, store, TOKEN, dir).with_clock(move || clock.load(Ordering::SeqCst));
    router(state, dir)
}

fn demo() -> Value {
    serde_json::from_str(DEMO).unwrap()
}

/// The demo with the draw page's prizes and limits replaced.
fn demo_with_draw(prizes: Value, limits: Value) -> Value {
    let mut campaign = demo();
    let pages = campaign["pages"].as_array_mut().unwrap();
    let draw = pages
        .iter_mut()
        .find(|page| page["id"] == "draw-520")
        .unwrap();
    draw["prizes"] = prizes;
    draw["limits"] = limits;
    campaign
}

/// A prize of 10 that is drawn far more often than the blank.
fn ten_vips() -> Value {
    json!([
        { "id": "vip", "name": "腾讯视频 VIP 月卡", "weight": 1000, "inventory": 10,
          "claim": "添加企业微信「招行福利官」并发送兑奖码领取。" },
        { "id": "thanks", "name": "谢谢参与", "weight": 1, "blank": true }
    ])
}

fn draw_key(n: u16) -> String {
    let [high, low] = n.to_be_bytes();
    uuid_v4([high, low, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7])
}

fn draw_body(n: u16, visitor: &str) -> Value {
    json!({ "id": draw_key(n), "campaign_id": CAMPAIGN, "page_id": "draw-520", "visitor_id": visitor })
}

fn post_json(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn admin(request: axum::http::request::Builder) -> Request<Body> {
    request
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap()
}

async fn send_to(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes);
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, json)
}

async fn send(server: &Server, request: Request<Body>) -> (StatusCode, Value) {
    send_to(&server.app, request).await
}

async fn draw(server: &Server, n: u16, visitor: &str) -> (StatusCode, Value) {
    send(server, post_json("/api/v1/draw", &draw_body(n, visitor))).await
}

async fn chances(server: &Server, visitor: &str) -> Value {
    let uri = format!("/api/v1/draw/draw-520/chances?visitor={visitor}");
    let (status, body) = send(server, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_draws_award_a_prize_of_ten_exactly_ten_times() {
    let server = server_with(&demo_with_draw(
        ten_vips(),
        json!({ "per_day": 1, "total": 10 }),
    ));
    let draws = (0..200u16).map(|n| {
        let app = server.app.clone();
        let body = draw_body(n, &format!("visitor-race-{n:03}"));
        tokio::spawn(async move { send_to(&app, post_json("/api/v1/draw", &body)).await })
    });
    let mut codes = BTreeSet::new();
    let mut vips = 0;
    for draw in draws {
        let (status, body) = draw.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        if body["prize"]["id"] == "vip" {
            vips += 1;
            assert_eq!(body["prize"]["blank"], false);
            let code = body["claim"]["code"].as_str().unwrap().to_owned();
            assert!(
                body["claim"]["instructions"]
                    .as_str()
                    .unwrap()
                    .contains("招行福利官")
            );
            codes.insert(code);
        } else {
            assert_eq!(
                body["prize"],
                json!({ "id": "thanks", "name": "谢谢参与", "blank": true })
            );
            assert_eq!(body["claim"], Value::Null, "blanks have no claim code");
        }
    }
    assert_eq!(vips, 10);
    assert_eq!(codes.len(), 10, "every winner has their own claim code");
    let left = support::number(
        &server.dir.path().join("test.sqlite"),
        "SELECT remaining FROM prize_stock WHERE page_id = 'draw-520' AND prize_id = 'vip'",
    );
    assert_eq!(left, 0);
    let (status, listed) = send(&server, admin(Request::get("/api/v1/draws?page=draw-520"))).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["draws"].as_array().unwrap().len(), 200);
}

#[tokio::test]
async fn a_visitor_over_the_daily_limit_is_refused_until_the_next_china_day() {
    let server = server_with(&demo_with_draw(
        ten_vips(),
        json!({ "per_day": 1, "total": 2 }),
    ));
    let visitor = "visitor-daily-1";
    assert_eq!(
        chances(&server, visitor).await,
        json!({ "remaining": 1, "daily_left": 1, "bonus_left": 0, "total_left": 2, "share_bonus": 0 })
    );
    let (status, body) = draw(&server, 1, visitor).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["remaining"], 0);

    // 23:59 in Beijing is still the same day, whatever UTC says.
    server.advance(12 * HOUR - 60_000);
    let (status, body) = draw(&server, 2, visitor).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "daily_limit");
    assert_eq!(body["error"]["message"], "今天的抽奖机会已用完，明天再来吧");
    assert_eq!(chances(&server, visitor).await["daily_left"], 0);

    server.advance(2 * 60_000);
    let (status, body) = draw(&server, 3, visitor).await;
    assert_eq!(status, StatusCode::CREATED, "a new day, a new draw: {body}");
    assert_eq!(body["remaining"], 0, "and that was the last of `total`");

    server.advance(DAY);
    let (status, body) = draw(&server, 4, visitor).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "total_limit");
    assert_eq!(body["error"]["message"], "你的抽奖机会已全部用完，感谢参与");
    assert_eq!(chances(&server, visitor).await["total_left"], 0);
}

#[tokio::test]
async fn a_retried_draw_returns_the_same_prize_and_spends_nothing() {
    let server = server_with(&demo_with_draw(
        ten_vips(),
        json!({ "per_day": 2, "total": 10 }),
    ));
    let visitor = "visitor-retry-1";
    let (status, first) = draw(&server, 1, visitor).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["remaining"], 1);
    let (status, again) = draw(&server, 1, visitor).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again, first, "the same draw, prize and claim code");
    assert_eq!(chances(&server, visitor).await["remaining"], 1);

    let with_key = |key: &str| {
        Request::post("/api/v1/draw")
            .header(header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", key)
            .body(Body::from(draw_body(1, visitor).to_string()))
            .unwrap()
    };
    assert_eq!(
        send(&server, with_key(&draw_key(1))).await.0,
        StatusCode::OK
    );
    let (status, body) = send(&server, with_key(&draw_key(9))).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "idempotency_key_mismatch")
    );

    let (status, body) = draw(&server, 1, "visitor-retry-2").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "id_conflict"),
        "another visitor's key is not a replay: {body}"
    );
}

fn quiz_envelope(seed: u8, visitor: &str, answers: Value) -> Value {
    json!({
        "id": uuid_v4([seed; 16]),
        "campaign_id": CAMPAIGN,
        "page_id": "quiz-520",
        "page_kind": "quiz",
        "visitor_id": visitor,
        "client_ts": 1_779_282_840_000i64,
        "payload": { "answers": answers }
    })
}

/// Every question of the demo quiz answered with option `choice`.
fn all_answered(choice: &str) -> Value {
    let questions = [
        "date", "late", "gift", "quarrel", "weekend", "hongbao", "future", "value",
    ];
    let answers: serde_json::Map<String, Value> = questions
        .iter()
        .map(|question| ((*question).to_owned(), json!(choice)))
        .collect();
    Value::Object(answers)
}

async fn submit(server: &Server, envelope: &Value) -> (StatusCode, Value) {
    send(server, post_json("/api/v1/submissions", envelope)).await
}

#[tokio::test]
async fn a_finished_quiz_unlocks_exactly_one_draw() {
    // Bonus draws only: without the quiz there is nothing to draw.
    let server = server_with(&demo_with_draw(
        ten_vips(),
        json!({ "per_day": 0, "total": 5 }),
    ));
    let visitor = "visitor-quiz-1";
    let (status, body) = draw(&server, 1, visitor).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "no_chances")
    );

    let first = quiz_envelope(1, visitor, all_answered("a"));
    let (status, body) = submit(&server, &first).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["result"], json!({ "tier": "romantic", "score": 16 }));
    assert_eq!(
        body["bonus"],
        json!({ "page": "draw-520", "granted": true })
    );
    let (status, body) = submit(&server, &first).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["bonus"]["granted"], true,
        "a replay is answered as the first time"
    );
    let (status, body) = submit(&server, &quiz_envelope(2, visitor, all_answered("b"))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["result"]["tier"], "steady");
    assert_eq!(
        body["bonus"],
        json!({ "page": "draw-520", "granted": false }),
        "one bonus per quiz"
    );

    let standing = chances(&server, visitor).await;
    assert_eq!(
        (
            standing["remaining"].clone(),
            standing["bonus_left"].clone()
        ),
        (json!(1), json!(1))
    );
    let (status, body) = draw(&server, 2, visitor).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["remaining"], 0);
    let (status, body) = draw(&server, 3, visitor).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "no_chances")
    );
    assert_eq!(body["error"]["message"], "你还没有抽奖机会");
}

#[tokio::test]
async fn quiz_answers_are_scored_again_on_the_server() {
    let server = server_with(&demo());
    let visitor = "visitor-quiz-2";
    let mut incomplete = all_answered("c");
    incomplete.as_object_mut().unwrap().remove("gift");
    let mut unknown_option = all_answered("c");
    unknown_option["gift"] = json!("z");
    let cases = [
        (quiz_envelope(3, visitor, incomplete), "请先回答完所有题目"),
        (
            quiz_envelope(4, visitor, unknown_option),
            "题目已更新，请重新作答",
        ),
        (
            quiz_envelope(5, visitor, json!({ "date": 1 })),
            "a quiz payload is",
        ),
    ];
    for (envelope, message) in cases {
        let (status, body) = submit(&server, &envelope).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_answers"),
            "{body}"
        );
        assert!(
            body["error"]["message"].as_str().unwrap().contains(message),
            "{body}"
        );
    }
    let mut with_result = quiz_envelope(6, visitor, all_answered("c"));
    with_result["payload"]["tier"] = json!("romantic");
    let (status, body) = submit(&server, &with_result).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the page cannot pick its result: {body}"
    );
    assert_eq!(chances(&server, visitor).await["bonus_left"], 0);
}

#[tokio::test]
async fn sharing_earns_a_bonus_draw_once_a_day() {
    let server = server_with(&demo());
    let visitor = "visitor-share-1";
    let share = || {
        post_json(
            "/api/v1/draw/draw-520/share",
            &json!({ "visitor_id": visitor }),
        )
    };
    assert_eq!(chances(&server, visitor).await["share_bonus"], 1);
    let (status, body) = send(&server, share()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "granted": 1, "remaining": 2 }));
    assert_eq!(
        send(&server, share()).await.1,
        json!({ "granted": 0, "remaining": 2 })
    );
    assert_eq!(chances(&server, visitor).await["share_bonus"], 0);
    for n in 1..=2 {
        assert_eq!(draw(&server, n, visitor).await.0, StatusCode::CREATED);
    }
    let (status, body) = draw(&server, 3, visitor).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "daily_limit")
    );

    server.advance(DAY);
    assert_eq!(
        send(&server, share()).await.1,
        json!({ "granted": 1, "remaining": 2 }),
        "a new day: the day's draw and a new share bonus"
    );
    let (status, body) = send(
        &server,
        post_json("/api/v1/draw/draw-520/share", &json!({ "visitor_id": "x" })),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_visitor")
    );
}

/// `K7Q2-9XMA-3F` as a person might type it: `k7q2 9xma 3f`, URL-encoded.
fn loosely_typed(code: &str) -> String {
    let lower = code.to_lowercase();
    format!("{}%20{}%20{}", &lower[0..4], &lower[5..9], &lower[10..])
}

#[tokio::test]
async fn staff_redeem_a_claim_code_once() {
    let server = server_with(&demo_with_draw(
        ten_vips(),
        json!({ "per_day": 5, "total": 10 }),
    ));
    let mut code = None;
    for n in 1..=5 {
        let (status, body) = draw(&server, n, "visitor-winner-1").await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        if let Some(won) = body["claim"]["code"].as_str() {
            code = Some(won.to_owned());
            break;
        }
    }
    let code = code.expect("a weight of 1000 against 1 wins within five draws");
    let typed = loosely_typed(&code);

    let (status, body) = send(
        &server,
        admin(Request::get(format!("/api/v1/claims/{typed}"))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["code"], code.as_str());
    assert_eq!(body["prize"]["id"], "vip");
    assert_eq!(body["redeemed_at"], Value::Null);

    let redeem = format!("/api/v1/claims/{typed}/redeem");
    let (status, body) = send(
        &server,
        Request::post(redeem.as_str()).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );

    server.advance(HOUR);
    let (status, body) = send(&server, admin(Request::post(redeem.as_str()))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["code"], code.as_str());
    assert_eq!(
        body["prize"],
        json!({ "id": "vip", "name": "腾讯视频 VIP 月卡", "blank": false })
    );
    assert_eq!(body["redeemed_at"], "2026-05-20T05:00:00.000Z");

    let (status, body) = send(&server, admin(Request::post(redeem.as_str()))).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "already_redeemed")
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("2026-05-20T05:00:00.000Z") && message.contains("不能重复兑奖"),
        "{message}"
    );

    let (_, body) = send(
        &server,
        admin(Request::get(format!("/api/v1/claims/{code}"))),
    )
    .await;
    assert_eq!(body["redeemed_at"], "2026-05-20T05:00:00.000Z");

    for unknown in ["0000-0000-00", "not-a-code"] {
        let (status, body) = send(
            &server,
            admin(Request::post(format!("/api/v1/claims/{unknown}/redeem"))),
        )
        .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::NOT_FOUND, "unknown_claim")
        );
    }
}

#[tokio::test]
async fn draw_requests_are_checked_like_envelopes() {
    let server = server_with(&demo());
    let visitor = "visitor-check-1";
    let mut wrong_campaign = draw_body(1, visitor);
    wrong_campaign["campaign_id"] = json!("someone-else");
    let mut not_a_lottery = draw_body(1, visitor);
    not_a_lottery["page_id"] = json!("quiz-520");
    let mut bad_id = draw_body(1, visitor);
    bad_id["id"] = json!("1");
    let mut chosen_prize = draw_body(1, visitor);
    chosen_prize["prize"] = json!("tencent-vip");
    let cases = [
        (
            wrong_campaign,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_draw",
        ),
        (
            not_a_lottery,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_draw",
        ),
        (bad_id, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draw"),
        // One rule for visitor ids on every endpoint: `422 invalid_visitor`.
        (
            draw_body(1, "short"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_visitor",
        ),
        (chosen_prize, StatusCode::BAD_REQUEST, "invalid_json"),
    ];
    for (body, status, code) in cases {
        let (got, answer) = send(&server, post_json("/api/v1/draw", &body)).await;
        assert_eq!((got, error_code(&answer)), (status, code), "{answer}");
    }
    for (uri, status, code) in [
        (
            "/api/v1/draw/draw-520/chances",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_visitor",
        ),
        (
            "/api/v1/draw/quiz-520/chances?visitor=visitor-check-1",
            StatusCode::NOT_FOUND,
            "not_a_lottery",
        ),
        (
            "/api/v1/draw/nope/chances?visitor=visitor-check-1",
            StatusCode::NOT_FOUND,
            "unknown_page",
        ),
    ] {
        let (got, answer) = send(&server, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(
            (got, error_code(&answer)),
            (status, code),
            "{uri}: {answer}"
        );
    }
    let (status, body) = send(
        &server,
        Request::get("/api/v1/draws").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    assert_eq!(
        chances(&server, visitor).await["remaining"],
        1,
        "nothing was spent"
    );
}

#[tokio::test]
async fn stock_outlives_config_changes() {
    let one_vip = json!([
        { "id": "vip", "name": "腾讯视频 VIP 月卡", "weight": 1000, "inventory": 1, "claim": "找客服领取" },
        { "id": "thanks", "name": "谢谢参与", "weight": 1, "blank": true }
    ]);
    let limits = json!({ "per_day": 1, "total": 10 });
    let server = server_with(&demo_with_draw(one_vip, limits.clone()));
    let (_, body) = draw(&server, 1, "visitor-stock-1").await;
    assert_eq!(body["prize"]["id"], "vip");
    let (_, body) = draw(&server, 2, "visitor-stock-2").await;
    assert_eq!(body["prize"]["id"], "thanks", "the only VIP is gone");

    // Restarted with more VIPs in the config and a new prize: the stored count
    // of VIPs stands, and the new prize gets its stock.
    let restocked = json!([
        { "id": "vip", "name": "腾讯视频 VIP 月卡", "weight": 1000, "inventory": 50, "claim": "找客服领取" },
        { "id": "gold", "name": "金豆", "weight": 1000, "inventory": 1, "claim": "找客服领取" },
        { "id": "thanks", "name": "谢谢参与", "weight": 1, "blank": true }
    ]);
    let app = app_at(
        server.dir.path(),
        &demo_with_draw(restocked, limits),
        server.clock.clone(),
    );
    let (status, body) = send_to(
        &app,
        post_json("/api/v1/draw", &draw_body(3, "visitor-stock-3")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["prize"]["id"], "gold");
    let (_, body) = send_to(
        &app,
        post_json("/api/v1/draw", &draw_body(4, "visitor-stock-4")),
    )
    .await;
    assert_eq!(body["prize"]["id"], "thanks");
}
