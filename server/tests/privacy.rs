//! A person's right to their data (PIPL): staff can hand over everything stored
//! about one visitor, and erase it, leaving no trace in any table.

mod support;

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
const MEMBER: &str = "visitor-erase-me";
const FRIEND: &str = "visitor-the-friend";

struct Server {
    app: Router,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html><head></head></html>",
    )
    .unwrap();
    let db = dir.path().join("test.sqlite");
    let campaign = parse_campaign(DEMO).unwrap();
    let state = AppState::new(campaign, support::store(&db), TOKEN, dir.path());
    Server {
        app: router(state, dir.path()),
        db,
        _dir: dir,
    }
}

async fn send(server: &Server, request: Request<Body>) -> (StatusCode, Value) {
    let response = server.app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn post(uri: &str, body: Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn admin(method: &str, uri: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap()
}

fn envelope(seed: u8, visitor: &str, page: &str, kind: &str, payload: Value) -> Value {
    json!({
        "id": uuid_v4([seed; 16]), "campaign_id": CAMPAIGN, "page_id": page,
        "page_kind": kind, "visitor_id": visitor, "client_ts": 1_779_282_840_000i64,
        "payload": payload
    })
}

fn quiz_answers() -> Value {
    let questions = [
        "date", "late", "gift", "quarrel", "weekend", "hongbao", "future", "value",
    ];
    json!({ "answers": questions.iter().map(|q| ((*q).to_owned(), json!("a"))).collect::<serde_json::Map<_, _>>() })
}

/// A member who did a bit of everything: picked a group, finished the quiz
/// (earning a draw), drew, sent events, and invited a friend who came.
async fn a_busy_member(server: &Server, visitor: &str, seed: u8) {
    let group = json!({ "group": "sz-futian-1", "method": "manual" });
    for (offset, (page, kind, payload)) in [
        ("city-group", "group_picker", group),
        ("quiz-520", "quiz", quiz_answers()),
    ]
    .into_iter()
    .enumerate()
    {
        let body = envelope(seed + offset as u8, visitor, page, kind, payload);
        let (status, answer) = send(server, post("/api/v1/submissions", body)).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let draw = json!({ "id": uuid_v4([seed + 10; 16]), "campaign_id": CAMPAIGN, "page_id": "draw-520", "visitor_id": visitor });
    let (status, answer) = send(server, post("/api/v1/draw", draw)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let events = json!({ "events": [{ "id": uuid_v4([seed + 20; 16]), "campaign_id": CAMPAIGN,
        "page_id": "quiz-520", "visitor_id": visitor, "name": "page_view", "client_ts": 1 }] });
    let (status, _) = send(server, post("/api/v1/events", events)).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let request = json!({ "campaign_id": CAMPAIGN, "page_id": "invite", "visitor_id": visitor });
    let (_, code) = send(server, post("/api/v1/invite-codes", request)).await;
    let friend = format!("{FRIEND}-{seed}");
    let visit = json!({ "campaign_id": CAMPAIGN, "code": code["code"], "visitor_id": friend, "page_id": null });
    let (status, verdict) = send(server, post("/api/v1/referrals/visits", visit)).await;
    assert_eq!(status, StatusCode::OK, "{verdict}");
}

/// Every `(table, column)` of the database holding `needle` as a value.
fn traces(db: &std::path::Path, needle: &str) -> Vec<String> {
    assert!(
        !needle.contains('\''),
        "the needle goes into the SQL as it is"
    );
    support::columns(db)
        .into_iter()
        .filter(|(table, column)| {
            let sql = format!(
                "SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE '%{needle}%'"
            );
            support::number(db, &sql) > 0
        })
        .map(|(table, column)| format!("{table}.{column}"))
        .collect()
}

#[tokio::test]
async fn a_visitor_gets_everything_stored_about_them() {
    let server = server();
    a_busy_member(&server, MEMBER, 1).await;
    let (status, data) = send(&server, admin("GET", &format!("/api/v1/visitors/{MEMBER}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(data["visitor_id"], MEMBER);
    let tables = data["tables"].as_object().unwrap();
    for table in [
        "submissions",
        "events",
        "group_assignments",
        "draws",
        "draw_bonuses",
        "invite_codes",
        "referral_visits",
    ] {
        assert!(tables.contains_key(table), "{table} missing from {data}");
    }
    assert_eq!(
        data["tables"]["submissions"][0]["payload"]["group"], "sz-futian-1",
        "payloads as JSON"
    );
}

#[tokio::test]
async fn erasing_a_visitor_leaves_no_row_that_names_them() {
    let server = server();
    a_busy_member(&server, MEMBER, 1).await;
    a_busy_member(&server, "visitor-who-stays", 40).await;
    assert!(!traces(&server.db, MEMBER).is_empty());

    let (status, erased) = send(
        &server,
        admin("DELETE", &format!("/api/v1/visitors/{MEMBER}")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{erased}");
    assert_eq!(erased["removed"]["submissions"], 2, "{erased}");
    assert_eq!(
        erased["removed"]["referral_visits"], 1,
        "the friend's visit credited to them"
    );
    assert_eq!(
        traces(&server.db, MEMBER),
        Vec::<String>::new(),
        "no table names them"
    );
    assert!(
        !traces(&server.db, "visitor-who-stays").is_empty(),
        "others are kept"
    );

    let (status, again) = send(
        &server,
        admin("DELETE", &format!("/api/v1/visitors/{MEMBER}")),
    )
    .await;
    assert_eq!(
        (status, &again["removed"]),
        (StatusCode::OK, &json!({})),
        "erasing twice is harmless"
    );
    let (status, _) = send(
        &server,
        Request::delete(format!("/api/v1/visitors/{MEMBER}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "staff only");
}

#[tokio::test]
async fn guessing_the_admin_token_is_cut_short() {
    let server = server();
    let guess = |token: &str| {
        Request::get("/api/v1/submissions")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    for attempt in 0..10 {
        let (status, _) = send(&server, guess(&format!("wrong-{attempt}"))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = send(&server, guess("wrong-again")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited"))
    );
    let (status, _) = send(&server, guess(TOKEN)).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right token, until the limit refills"
    );
}

#[tokio::test]
async fn addresses_and_old_results_are_forgotten_on_schedule() {
    use campaign_server::store::Retention;
    let server = server();
    a_busy_member(&server, MEMBER, 1).await;
    support::execute(&server.db, "UPDATE referral_visits SET ip = '203.0.113.7'");
    let store = support::store(&server.db);
    let now = campaign_server::now_ms();
    let day = 86_400_000;

    let kept = store
        .purge(Retention::default(), now + 29 * day)
        .await
        .unwrap();
    assert!(kept.is_empty(), "{kept:?}");
    let cleared = store
        .purge(Retention::default(), now + 31 * day)
        .await
        .unwrap();
    assert_eq!(cleared.get("referral_visits.ip"), Some(&1));
    let ips = support::number(&server.db, "SELECT COUNT(ip) FROM referral_visits");
    assert_eq!(ips, 0, "no address is kept past 30 days");
    assert!(
        !traces(&server.db, MEMBER).is_empty(),
        "results are kept without --retain-days"
    );

    let retain_week = Retention {
        results_days: Some(7),
        ..Retention::default()
    };
    store.purge(retain_week, now + 8 * day).await.unwrap();
    assert_eq!(traces(&server.db, MEMBER), Vec::<String>::new());
}
