//! Invite codes, attribution of invited friends, the ladder and poster uploads,
//! exercised through the real router and SQLite with the demo campaign.

mod support;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use campaign_core::envelope::uuid_v4;
use campaign_core::parse_campaign;
use campaign_core::referral::normalise_invite_code;
use campaign_server::{AppState, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
const TOKEN: &str = "test-admin-token";
const CAMPAIGN: &str = "cmb-city-community";
/// The demo's referral page; its goal is the member survey.
const INVITE: &str = "invite";

struct Server {
    app: Router,
    db: PathBuf,
    _dir: tempfile::TempDir,
}

fn server() -> Server {
    server_with(serde_json::from_str(DEMO).unwrap())
}

/// The demo, with the referral page's goal set to the visit itself.
fn visit_goal_server() -> Server {
    let mut campaign: Value = serde_json::from_str(DEMO).unwrap();
    let pages = campaign["pages"].as_array_mut().unwrap();
    let invite = pages.iter_mut().find(|page| page["id"] == INVITE).unwrap();
    invite["goal"] = json!("visit");
    server_with(campaign)
}

fn server_with(campaign: Value) -> Server {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html lang=\"zh-CN\"><head><title>Campaign Kit</title></head><body><div id=app></div></body></html>",
    )
    .unwrap();
    let db = dir.path().join("test.sqlite");
    let store = support::store(&db);
    let campaign =
        parse_campaign(&campaign.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    let state = AppState::new(campaign, store, TOKEN, dir.path());
    Server {
        app: router(state, dir.path()),
        db,
        _dir: dir,
    }
}

async fn send(server: &Server, request: Request<Body>) -> (StatusCode, Value) {
    let (status, _, bytes) = send_raw(server, request).await;
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
    (status, body)
}

async fn send_raw(
    server: &Server,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = server.app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}

fn post_json(uri: &str, body: Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// `request` as if it came from `ip` (tests have no socket otherwise).
fn from_ip(mut request: Request<Body>, ip: [u8; 4]) -> Request<Body> {
    let address = SocketAddr::new(IpAddr::V4(Ipv4Addr::from(ip)), 40_000);
    request.extensions_mut().insert(ConnectInfo(address));
    request
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

async fn code_for(server: &Server, visitor: &str) -> String {
    let (status, body) = send(
        server,
        post_json(
            "/api/v1/invite-codes",
            json!({ "campaign_id": CAMPAIGN, "page_id": INVITE, "visitor_id": visitor }),
        ),
    )
    .await;
    assert!(status.is_success(), "{body}");
    body["code"].as_str().unwrap().to_owned()
}

fn visit_request(code: &str, visitor: &str) -> Request<Body> {
    post_json(
        "/api/v1/referrals/visits",
        json!({ "campaign_id": CAMPAIGN, "code": code, "visitor_id": visitor, "page_id": "member-survey" }),
    )
}

async fn visit(server: &Server, code: &str, visitor: &str) -> String {
    visit_via(server, visit_request(code, visitor)).await
}

async fn visit_via(server: &Server, request: Request<Body>) -> String {
    let (status, body) = send(server, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["status"].as_str().unwrap().to_owned()
}

async fn standing(server: &Server, visitor: &str) -> Value {
    let request = Request::get(format!("/api/v1/referrals/{INVITE}?visitor={visitor}"))
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(server, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn member_answers() -> Value {
    json!({
        "channel": { "single": { "value": "friend" } },
        "tenure": { "single": { "value": "over_1_year" } },
        "activities": { "multiple": { "values": ["lucky_draw"] } },
        "satisfaction": { "rating": 5 },
        "recommend": { "nps": 9 }
    })
}

fn finance_answers() -> Value {
    json!({
        "interests": { "multiple": { "values": ["fund", "gold"] } },
        "offer_frequency": { "single": { "value": "weekly" } },
        "contact": { "single": { "value": "wecom" } }
    })
}

fn survey_envelope(seed: u8, page: &str, visitor: &str, answers: Value) -> Value {
    json!({
        "id": uuid_v4([seed; 16]),
        "campaign_id": CAMPAIGN,
        "page_id": page,
        "page_kind": "survey",
        "visitor_id": visitor,
        "client_ts": 1_779_282_840_000i64,
        "payload": { "answers": answers }
    })
}

async fn submit(server: &Server, envelope: Value) {
    let (status, body) = send(server, post_json("/api/v1/submissions", envelope)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn page_view(server: &Server, seed: u8, visitor: &str) {
    let batch = json!({ "events": [{
        "id": uuid_v4([seed; 16]),
        "campaign_id": CAMPAIGN,
        "page_id": "member-survey",
        "visitor_id": visitor,
        "name": "page_view",
        "client_ts": 1_779_282_840_000i64
    }] });
    let (status, body) = send(server, post_json("/api/v1/events", batch)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
}

/// Moves a visitor's events an hour into the past, as if sent on an earlier day.
fn age_events(server: &Server, visitor: &str) {
    assert!(!visitor.contains('\''));
    let changed = support::execute(
        &server.db,
        &format!(
            "UPDATE events SET received_at = received_at - 3600000 WHERE visitor_id = '{visitor}'"
        ),
    );
    assert!(changed > 0);
}

/// A valid PNG of `width` × `height` with `padding` bytes of text in a `tEXt`
/// chunk. The server reads every chunk, CRCs and image data included.
fn png(width: u32, height: u32, padding: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    if padding > 0 {
        encoder
            .add_text_chunk("Comment".to_owned(), "x".repeat(padding))
            .unwrap();
    }
    let mut writer = encoder.write_header().unwrap();
    let pixels = vec![0u8; usize::try_from(width * height).unwrap()];
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

fn post_poster(content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::post("/api/v1/posters")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn each_member_keeps_one_code_per_page() {
    let server = server();
    let request = || {
        post_json(
            "/api/v1/invite-codes",
            json!({ "campaign_id": CAMPAIGN, "page_id": INVITE, "visitor_id": "member-alice" }),
        )
    };
    let (first, made) = send(&server, request()).await;
    let (second, again) = send(&server, request()).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::OK));
    let code = made["code"].as_str().unwrap();
    assert_eq!(again["code"], made["code"]);
    assert_eq!(normalise_invite_code(code).as_deref(), Some(code));
    assert_ne!(code_for(&server, "member-bob").await, code);
    assert_eq!(standing(&server, "member-alice").await["code"], code);
    assert_eq!(
        standing(&server, "member-nobody").await["code"],
        Value::Null
    );

    let refused = [
        (
            json!({ "campaign_id": CAMPAIGN, "page_id": "quiz-520", "visitor_id": "member-alice" }),
            "not_a_referral_page",
        ),
        (
            json!({ "campaign_id": CAMPAIGN, "page_id": "nope", "visitor_id": "member-alice" }),
            "unknown_page",
        ),
        (
            json!({ "campaign_id": "other", "page_id": INVITE, "visitor_id": "member-alice" }),
            "wrong_campaign",
        ),
        (
            json!({ "campaign_id": CAMPAIGN, "page_id": INVITE, "visitor_id": "me" }),
            "invalid_visitor",
        ),
    ];
    for (body, code) in refused {
        let (status, answer) = send(&server, post_json("/api/v1/invite-codes", body)).await;
        assert_eq!(
            (status, error_code(&answer)),
            (StatusCode::UNPROCESSABLE_ENTITY, code)
        );
    }
    let (status, answer) = send(
        &server,
        post_json("/api/v1/invite-codes", json!({ "page_id": INVITE })),
    )
    .await;
    assert_eq!(
        (status, error_code(&answer)),
        (StatusCode::BAD_REQUEST, "invalid_json")
    );
}

#[tokio::test]
async fn a_member_opening_their_own_link_is_not_counted() {
    let server = visit_goal_server();
    let code = code_for(&server, "member-alice").await;
    assert_eq!(visit(&server, &code, "member-alice").await, "self_invite");
    assert_eq!(visit(&server, &code, "member-alice").await, "self_invite");
    assert_eq!(standing(&server, "member-alice").await["invites"], 0);
}

#[tokio::test]
async fn a_friend_counts_once_however_often_they_come() {
    let server = visit_goal_server();
    let alice = code_for(&server, "member-alice").await;
    let carol = code_for(&server, "member-carol").await;
    // Codes are read as typed: lower case, dashes and a misread `O` still work.
    let typed = format!("{}-{}", &alice[..4], &alice[4..]).to_lowercase();
    assert_eq!(visit(&server, &typed, "friend-bob-1").await, "counted");
    assert_eq!(
        visit(&server, &alice, "friend-bob-1").await,
        "already_attributed"
    );
    assert_eq!(
        visit(&server, &alice, "friend-bob-1").await,
        "already_attributed"
    );
    assert_eq!(
        visit(&server, &carol, "friend-bob-1").await,
        "already_attributed",
        "the first invitation keeps the credit"
    );
    let standing_alice = standing(&server, "member-alice").await;
    assert_eq!(standing_alice["invites"], 1);
    assert_eq!(standing_alice["tiers"]["unlocked"], json!([0]));
    assert_eq!(standing(&server, "member-carol").await["invites"], 0);

    assert_eq!(
        visit(&server, "ZZZZZZZZ", "friend-bob-2").await,
        "unknown_code"
    );
    assert_eq!(
        visit(&server, "not a code!", "friend-bob-2").await,
        "unknown_code"
    );
}

#[tokio::test]
async fn a_friend_known_before_the_invitation_is_not_new() {
    let server = visit_goal_server();
    let alice = code_for(&server, "member-alice").await;

    // Sent a survey before the invitation.
    submit(
        &server,
        survey_envelope(1, "finance-survey", "friend-dave-1", finance_answers()),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert_eq!(
        visit(&server, &alice, "friend-dave-1").await,
        "known_visitor"
    );

    // Opened a page yesterday.
    page_view(&server, 2, "friend-erin-1").await;
    age_events(&server, "friend-erin-1");
    assert_eq!(
        visit(&server, &alice, "friend-erin-1").await,
        "known_visitor"
    );

    // A page's own `page_view` that overtakes the visit report is no sign of an
    // earlier visit.
    page_view(&server, 3, "friend-fay-01").await;
    assert_eq!(visit(&server, &alice, "friend-fay-01").await, "counted");

    // A member of the programme is not anyone's new friend.
    code_for(&server, "member-gus").await;
    support::execute(
        &server.db,
        "UPDATE invite_codes SET created_at = created_at - 3600000 WHERE visitor_id = 'member-gus'",
    );
    assert_eq!(visit(&server, &alice, "member-gus").await, "known_visitor");

    assert_eq!(standing(&server, "member-alice").await["invites"], 1);
}

#[tokio::test]
async fn the_goal_page_turns_a_pending_invitation_into_a_counted_one() {
    let server = server();
    let alice = code_for(&server, "member-alice").await;
    assert_eq!(visit(&server, &alice, "friend-bob-1").await, "pending");
    let before = standing(&server, "member-alice").await;
    assert_eq!(
        (&before["invites"], &before["pending"]),
        (&json!(0), &json!(1))
    );
    assert_eq!(before["tiers"]["next"], json!({ "tier": 0, "needed": 1 }));

    // Another page does not meet the goal.
    submit(
        &server,
        survey_envelope(1, "finance-survey", "friend-bob-1", finance_answers()),
    )
    .await;
    assert_eq!(standing(&server, "member-alice").await["invites"], 0);

    submit(
        &server,
        survey_envelope(2, "member-survey", "friend-bob-1", member_answers()),
    )
    .await;
    let after = standing(&server, "member-alice").await;
    assert_eq!(
        after,
        json!({
            "code": alice,
            "invites": 1,
            "pending": 0,
            "review": 0,
            "tiers": { "unlocked": [0], "earned": [0], "next": { "tier": 1, "needed": 2 } }
        })
    );
    // A replay of the same submission changes nothing.
    let (status, _) = send(
        &server,
        post_json(
            "/api/v1/submissions",
            survey_envelope(2, "member-survey", "friend-bob-1", member_answers()),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(standing(&server, "member-alice").await["invites"], 1);
}

#[tokio::test]
async fn a_code_sent_with_a_submission_records_the_visit() {
    let server = server();
    let alice = code_for(&server, "member-alice").await;
    let mut envelope = survey_envelope(1, "member-survey", "friend-bob-1", member_answers());
    envelope["referral_code"] = json!(alice.to_lowercase());
    // Pages send a page_view first; it must not make the friend known.
    page_view(&server, 2, "friend-bob-1").await;
    submit(&server, envelope).await;
    assert_eq!(standing(&server, "member-alice").await["invites"], 1);
    assert_eq!(
        visit(&server, &alice, "friend-bob-1").await,
        "already_attributed"
    );
    assert_eq!(standing(&server, "member-alice").await["invites"], 1);

    // A member's own code on their own submission is a self invite.
    let mut own = survey_envelope(3, "member-survey", "member-alice", member_answers());
    own["referral_code"] = json!(alice);
    submit(&server, own).await;
    assert_eq!(standing(&server, "member-alice").await["invites"], 1);
}

#[tokio::test]
async fn a_burst_from_one_address_is_held_for_review() {
    let server = visit_goal_server();
    let alice = code_for(&server, "member-alice").await;
    let mut statuses = Vec::new();
    for friend in 1..=6 {
        let request = from_ip(
            visit_request(&alice, &format!("friend-{friend:04}")),
            [203, 0, 113, 7],
        );
        statuses.push(visit_via(&server, request).await);
    }
    assert_eq!(
        statuses,
        [
            "counted", "counted", "counted", "counted", "counted", "review"
        ]
    );
    // A friend from elsewhere still counts.
    let elsewhere = from_ip(visit_request(&alice, "friend-0007"), [198, 51, 100, 9]);
    assert_eq!(visit_via(&server, elsewhere).await, "counted");

    let member = standing(&server, "member-alice").await;
    assert_eq!(
        (&member["invites"], &member["review"]),
        (&json!(6), &json!(1))
    );
    assert_eq!(member["tiers"]["earned"], json!([0, 1, 2]));
    assert_eq!(member["tiers"]["next"], Value::Null);

    // Staff see the held invitation, and only staff.
    let (status, body) = send(
        &server,
        Request::get(format!("/api/v1/referrals?page={INVITE}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let (status, body) = send(
        &server,
        Request::get(format!("/api/v1/referrals?page={INVITE}"))
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let held: Vec<&Value> = body["visits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["status"] == "review")
        .collect();
    assert_eq!(held.len(), 1, "{body}");
    assert_eq!(held[0]["visitor_id"], "friend-0006");
    assert_eq!(held[0]["ip"], "203.0.113.7");
    assert_eq!(held[0]["inviter_visitor_id"], "member-alice");
    assert_eq!(
        body["members"],
        json!([{
            "page_id": INVITE, "code": alice, "visitor_id": "member-alice",
            "invites": 6, "pending": 0, "review": 1,
            "earned": ["200 积分", "10 元立减金", "视频会员月卡"]
        }])
    );
}

#[tokio::test]
async fn standing_is_for_referral_pages_and_never_cached() {
    let server = server();
    let request = Request::get(format!("/api/v1/referrals/{INVITE}?visitor=member-alice"))
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send_raw(&server, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    for (uri, code) in [
        (
            "/api/v1/referrals/quiz-520?visitor=member-alice",
            "not_a_referral_page",
        ),
        (
            "/api/v1/referrals/nope?visitor=member-alice",
            "unknown_page",
        ),
    ] {
        let (status, body) = send(&server, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!((status, error_code(&body)), (StatusCode::NOT_FOUND, code));
    }
    let (status, body) = send(
        &server,
        Request::get(format!("/api/v1/referrals/{INVITE}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_visitor")
    );
}

#[tokio::test]
async fn a_poster_uploads_and_comes_back_by_url() {
    let server = server();
    // Larger than the 40 KB limit of other requests.
    let image = png(750, 1334, 100 * 1024);
    let (status, body) = send(&server, post_poster("image/png", image.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let url = body["url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("/api/v1/posters/") && url.ends_with(".png"),
        "{url}"
    );

    let (status, headers, bytes) =
        send_raw(&server, Request::get(&url).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(bytes, image);

    let (status, again) = send(&server, post_poster("image/png", image)).await;
    assert_eq!(status, StatusCode::OK, "the same image again");
    assert_eq!(again["url"], url.as_str());

    let (status, body) = send(
        &server,
        Request::get("/api/v1/posters/0123456789abcdef0123456789abcdef.png")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "poster_not_found")
    );
}

#[tokio::test]
async fn what_is_not_a_png_poster_is_refused() {
    let server = server();
    let cases = [
        (
            post_poster("image/png", b"GIF89a not a png".to_vec()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_png",
        ),
        (
            post_poster("image/png", {
                let mut tail = png(10, 10, 0);
                tail.extend_from_slice(b"<script>");
                tail
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_png",
        ),
        (
            post_poster("image/jpeg", png(10, 10, 0)),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            post_poster("image/png", png(750, 1334, 2 * 1024 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
    ];
    for (request, status, code) in cases {
        let (got, body) = send(&server, request).await;
        assert_eq!((got, error_code(&body)), (status, code), "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|message| !message.is_ascii()),
            "a sentence in the campaign's language: {body}"
        );
    }
}

#[tokio::test]
async fn uploads_from_one_address_are_limited() {
    let server = server();
    let mut last = StatusCode::OK;
    for width in 1..=21 {
        let request = from_ip(post_poster("image/png", png(width, 1, 0)), [203, 0, 113, 8]);
        let (status, body) = send(&server, request).await;
        last = status;
        if width <= 20 {
            assert_eq!(status, StatusCode::CREATED, "{body}");
        } else {
            assert_eq!(error_code(&body), "rate_limited");
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = from_ip(post_poster("image/png", png(99, 1, 0)), [198, 51, 100, 1]);
    assert_eq!(send(&server, elsewhere).await.0, StatusCode::CREATED);
}
