//! The reference server's API, exercised through its real router and SQLite.

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

struct Server {
    app: Router,
    _dir: tempfile::TempDir,
}

fn server() -> Server {
    server_with(serde_json::from_str(DEMO).unwrap(), |state| state)
}

/// A server for `campaign`, with its state adjusted by `tweak`.
fn server_with(campaign: Value, tweak: impl FnOnce(AppState) -> AppState) -> Server {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html lang=\"zh-CN\"><head><title>Campaign Kit</title></head><body><div id=app></div></body></html>",
    )
    .unwrap();
    let store = support::store(&dir.path().join("test.sqlite"));
    let campaign =
        parse_campaign(&campaign.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    let state = tweak(AppState::new(campaign, store, TOKEN, dir.path()));
    Server {
        app: router(state, dir.path()),
        _dir: dir,
    }
}

/// A finished demo quiz: every question answered with option `choice`.
fn quiz_payload(choice: &str) -> Value {
    let questions = [
        "date", "late", "gift", "quarrel", "weekend", "hongbao", "future", "value",
    ];
    let answers: serde_json::Map<String, Value> = questions
        .iter()
        .map(|question| ((*question).to_owned(), json!(choice)))
        .collect();
    json!({ "answers": answers })
}

/// A result for the quiz page.
fn envelope(seed: u8) -> Value {
    json!({
        "id": uuid_v4([seed; 16]),
        "campaign_id": "cmb-city-community",
        "page_id": "quiz-520",
        "page_kind": "quiz",
        "visitor_id": "visitor-0001",
        "client_ts": 1_779_282_840_000i64,
        "payload": quiz_payload("a")
    })
}

async fn send(server: &Server, request: Request<Body>) -> (StatusCode, String) {
    let response = server.app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn post(body: impl Into<Body>) -> Request<Body> {
    Request::post("/api/v1/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

fn admin_get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap()
}

async fn stored_ids(server: &Server) -> Vec<String> {
    let (status, body) = send(server, admin_get("/api/v1/submissions?page=quiz-520")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let listed: Value = serde_json::from_str(&body).unwrap();
    listed["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect()
}

fn error_code(body: &str) -> String {
    let value: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    value["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_replayed_envelope_is_stored_once() {
    let server = server();
    let body = envelope(1).to_string();
    let (first, _) = send(&server, post(body.clone())).await;
    let (second, reply) = send(&server, post(body)).await;
    assert_eq!(first, StatusCode::CREATED);
    assert_eq!(second, StatusCode::OK);
    assert!(reply.contains("\"duplicate\""), "{reply}");
    assert_eq!(stored_ids(&server).await, [uuid_v4([1; 16])]);
}

#[tokio::test]
async fn the_same_id_with_other_content_is_a_conflict() {
    let server = server();
    send(&server, post(envelope(2).to_string())).await;
    let mut changed = envelope(2);
    changed["payload"] = quiz_payload("b");
    let (status, body) = send(&server, post(changed.to_string())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "id_conflict");
    assert_eq!(stored_ids(&server).await.len(), 1);
}

#[tokio::test]
async fn bad_bodies_get_json_errors() {
    let server = server();
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (post("{not json"), StatusCode::BAD_REQUEST, "invalid_json"),
        (
            post({
                let mut e = envelope(3);
                e["page_id"] = json!("nope");
                e.to_string()
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_envelope",
        ),
        (
            post({
                let mut e = envelope(3);
                e["campaign_id"] = json!("someone-else");
                e.to_string()
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_envelope",
        ),
        (
            post(vec![b' '; 200 * 1024]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
        (
            Request::post("/api/v1/submissions")
                .header("Idempotency-Key", uuid_v4([9; 16]))
                .body(Body::from(envelope(3).to_string()))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "idempotency_key_mismatch",
        ),
        (
            Request::get("/api/v1/nothing-here")
                .body(Body::empty())
                .unwrap(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            Request::delete("/api/v1/submissions")
                .body(Body::empty())
                .unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
    ];
    for (request, status, code) in cases {
        let (got, body) = send(&server, request).await;
        assert_eq!((got, error_code(&body).as_str()), (status, code), "{body}");
    }
    assert!(stored_ids(&server).await.is_empty());
}

#[tokio::test]
async fn a_matching_idempotency_key_is_accepted() {
    let server = server();
    let request = Request::post("/api/v1/submissions")
        .header("Idempotency-Key", uuid_v4([4; 16]))
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .body(Body::from(envelope(4).to_string()))
        .unwrap();
    assert_eq!(send(&server, request).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn results_are_for_staff_only() {
    let server = server();
    for uri in ["/api/v1/submissions", "/api/v1/export.csv"] {
        let (status, body) = send(&server, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(error_code(&body), "unauthorized");
        let wrong = Request::get(uri)
            .header(header::AUTHORIZATION, "Bearer guess")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&server, wrong).await.0, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn export_opens_in_a_chinese_spreadsheet() {
    let server = server();
    send(&server, post(envelope(5).to_string())).await;
    let mut answers = member_answers();
    answers["wish"] = json!({ "text": "=1+1 浪漫派" });
    let survey = survey_envelope(50, "member-survey", "visitor-0002", answers);
    let (status, body) = send(&server, post(survey.to_string())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, csv) = send(&server, admin_get("/api/v1/export.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with("\u{feff}id,received_at,page_id,"), "{csv}");
    assert!(
        csv.contains("quiz-520,quiz,visitor-0001,,2026-05-20T13:14:00.000Z"),
        "{csv}"
    );
    assert!(csv.contains("浪漫派"));
    assert!(
        csv.contains(r#","{""answers"":{""channel"":"#)
            && csv.contains(r#"""wish"":{""text"":""=1+1 浪漫派""}}}""#),
        "JSON cells start with `{{`, not `=`, and keep typed text as it was: {csv}"
    );
    assert_eq!(csv.lines().count(), 3);
}

#[tokio::test]
async fn app_paths_get_the_personalised_shell() {
    let server = server();
    for (uri, status) in [
        ("/", StatusCode::OK),
        ("/p/member-survey", StatusCode::OK),
        ("/p/quiz-520/", StatusCode::OK),
        ("/p/no-such-page", StatusCode::NOT_FOUND),
    ] {
        let (got, html) = send(&server, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(got, status, "{uri}");
        assert!(
            html.contains("<title>招行同城社群 · 福利季</title>"),
            "{html}"
        );
        assert!(html.contains("id=\"campaign-config\""), "{uri}");
    }
    let (status, _) = send(
        &server,
        Request::get("/favicon.ico").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = send(
        &server,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("cmb-city-community"));
    let (status, body) = send(
        &server,
        Request::get("/campaign.json").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(parse_campaign(&body).is_ok(), "{body}");
}

#[tokio::test]
async fn rows_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("restart.sqlite");
    let campaign = parse_campaign(DEMO).unwrap();
    {
        let store = support::store(&db);
        let app = router(
            AppState::new(campaign.clone(), store, TOKEN, dir.path()),
            dir.path(),
        );
        let response = app.oneshot(post(envelope(6).to_string())).await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let store = support::store(&db);
    assert_eq!(
        store.submissions(None, None, 10).await.unwrap().rows.len(),
        1
    );
}

fn event(seed: u8, name: &str) -> Value {
    json!({
        "id": uuid_v4([seed; 16]),
        "campaign_id": "cmb-city-community",
        "page_id": "quiz-520",
        "visitor_id": "visitor-0001",
        "name": name,
        "client_ts": 1_779_282_840_000i64
    })
}

fn post_events(body: String) -> Request<Body> {
    Request::post("/api/v1/events")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn event_batches_are_stored_once_per_event() {
    let server = server();
    let batch = json!({ "events": [event(1, "page_view"), event(2, "page_view")] }).to_string();
    let (status, body) = send(&server, post_events(batch.clone())).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(body.contains("\"stored\":2"), "{body}");
    let (_, body) = send(&server, post_events(batch)).await;
    assert!(
        body.contains("\"stored\":0"),
        "a resent batch adds nothing: {body}"
    );
    let (status, body) = send(
        &server,
        post_events(json!({ "events": [event(3, "Page View")] }).to_string()),
    )
    .await;
    assert_eq!(
        (status, error_code(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_event")
    );
    let too_many: Vec<Value> = (0..51).map(|i| event(i, "tap")).collect();
    let (status, _) = send(
        &server,
        post_events(json!({ "events": too_many }).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_visitor_over_the_limit_is_told_when_to_retry() {
    use campaign_server::limits::Rate;
    let server = server_with(serde_json::from_str(DEMO).unwrap(), |state| {
        state.with_rate_limits(Rate { per_minute: 100 }, Rate { per_minute: 2 })
    });
    for seed in 10..12 {
        assert_eq!(
            send(&server, post(envelope(seed).to_string())).await.0,
            StatusCode::CREATED
        );
    }
    let response = server
        .app
        .clone()
        .oneshot(post(envelope(12).to_string()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    if support::on_postgres() {
        // Counted per minute in the database the servers share: the wait is
        // until the next minute begins.
        assert!((1..=60).contains(&retry_after), "{retry_after}");
    } else {
        // A token bucket in the one server: one token every 30 s.
        assert_eq!(retry_after, 30);
    }
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(error_code(&String::from_utf8_lossy(&bytes)), "rate_limited");
}

#[tokio::test]
async fn one_address_over_the_limit_is_refused() {
    use axum::extract::ConnectInfo;
    use campaign_server::limits::Rate;
    let server = server_with(serde_json::from_str(DEMO).unwrap(), |state| {
        state.with_rate_limits(Rate { per_minute: 1 }, Rate { per_minute: 100 })
    });
    let from = |seed: u8, port: u16| {
        let mut request = post(envelope(seed).to_string());
        request
            .extensions_mut()
            .insert(ConnectInfo(std::net::SocketAddr::from((
                [203, 0, 113, 7],
                port,
            ))));
        request
    };
    assert_eq!(send(&server, from(20, 1000)).await.0, StatusCode::CREATED);
    assert_eq!(
        send(&server, from(21, 1001)).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn cors_is_answered_for_listed_origins_only() {
    let mut campaign: Value = serde_json::from_str(DEMO).unwrap();
    campaign["backend"]["allowed_origins"] = json!(["https://h5.bank.example"]);
    let server = server_with(campaign, |state| state);
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/submissions")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type,idempotency-key",
            )
            .body(Body::empty())
            .unwrap()
    };
    let allowed = server
        .app
        .clone()
        .oneshot(preflight("https://h5.bank.example"))
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://h5.bank.example"
    );
    let allowed_headers = allowed.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        allowed_headers.contains("idempotency-key"),
        "{allowed_headers}"
    );
    let other = server
        .app
        .clone()
        .oneshot(preflight("https://evil.example"))
        .await
        .unwrap();
    assert!(
        other
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

fn survey_envelope(seed: u8, page: &str, visitor: &str, answers: Value) -> Value {
    json!({
        "id": uuid_v4([seed; 16]),
        "campaign_id": "cmb-city-community",
        "page_id": page,
        "page_kind": "survey",
        "visitor_id": visitor,
        "client_ts": 1_779_282_840_000i64,
        "payload": { "answers": answers }
    })
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

fn body_json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"))
}

#[tokio::test]
async fn survey_answers_are_checked_again_on_the_server() {
    let server = server();
    let mut answers = member_answers();
    answers["activities"] = json!({ "multiple": { "values": ["lucky_draw", "wealth_live", "festival_games", "points_exchange"] } });
    let (status, body) = send(
        &server,
        post(survey_envelope(30, "member-survey", "visitor-a1", answers).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_code(&body), "invalid_answers");
    let message = body_json(&body)["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("最多选择 3 项") || message.contains('3'),
        "{message}"
    );
    let (status, body) = send(
        &server,
        post(
            survey_envelope(
                31,
                "member-survey",
                "visitor-a1",
                json!({ "channel": "朋友推荐" }),
            )
            .to_string(),
        ),
    )
    .await;
    assert_eq!(
        (status, error_code(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_answers"),
        "{body}"
    );
}

#[tokio::test]
async fn a_survey_takes_one_submission_per_visitor() {
    let server = server();
    let first = survey_envelope(32, "member-survey", "visitor-b1", member_answers());
    assert_eq!(
        send(&server, post(first.to_string())).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        send(&server, post(first.to_string())).await.0,
        StatusCode::OK,
        "a replay is still fine"
    );
    let (status, body) = send(
        &server,
        post(survey_envelope(33, "member-survey", "visitor-b1", member_answers()).to_string()),
    )
    .await;
    assert_eq!(
        (status, error_code(&body).as_str()),
        (StatusCode::CONFLICT, "already_submitted"),
        "{body}"
    );
    assert!(
        body.contains("每人限提交一次"),
        "the person is told in the campaign's language: {body}"
    );
    let (status, _) = send(
        &server,
        post(survey_envelope(34, "member-survey", "visitor-b2", member_answers()).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "another visitor may answer");
}

#[tokio::test]
async fn reward_codes_are_handed_out_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let store = support::store(&dir.path().join("codes.sqlite"));
    let added = store
        .import_reward_codes(
            "jd-coupons".into(),
            vec!["CODE-1".into(), "CODE-2".into(), "CODE-1".into()],
        )
        .await
        .unwrap();
    assert_eq!(added, 2);
    let state = AppState::new(
        parse_campaign(DEMO).unwrap(),
        store.clone(),
        TOKEN,
        dir.path(),
    );
    let server = Server {
        app: router(state, dir.path()),
        _dir: dir,
    };
    let code_of = |body: &str| body_json(body)["reward"].clone();
    let a = survey_envelope(40, "finance-survey", "visitor-c1", finance_answers()).to_string();
    let (status, body) = send(&server, post(a.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(code_of(&body), json!({ "code": "CODE-1" }));
    let (_, replay) = send(&server, post(a)).await;
    assert_eq!(
        code_of(&replay),
        json!({ "code": "CODE-1" }),
        "a replay gets the same code"
    );
    let (_, body) = send(
        &server,
        post(survey_envelope(41, "finance-survey", "visitor-c2", finance_answers()).to_string()),
    )
    .await;
    assert_eq!(code_of(&body), json!({ "code": "CODE-2" }));
    let (status, body) = send(
        &server,
        post(survey_envelope(42, "finance-survey", "visitor-c3", finance_answers()).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(code_of(&body), json!({ "status": "exhausted" }));
    assert_eq!(
        store.reward_codes_left("jd-coupons".into()).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn concurrent_submissions_never_share_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = support::store(&dir.path().join("race.sqlite"));
    let codes: Vec<String> = (0..5).map(|i| format!("RACE-{i}")).collect();
    store
        .import_reward_codes("jd-coupons".into(), codes)
        .await
        .unwrap();
    let state = AppState::new(parse_campaign(DEMO).unwrap(), store, TOKEN, dir.path());
    let app = router(state, dir.path());
    let requests = (0..20u8).map(|i| {
        let app = app.clone();
        let body = survey_envelope(
            100 + i,
            "finance-survey",
            &format!("visitor-race-{i:02}"),
            finance_answers(),
        )
        .to_string();
        tokio::spawn(async move {
            let response = app.oneshot(post(body)).await.unwrap();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            body_json(&String::from_utf8_lossy(&bytes))["reward"]["code"]
                .as_str()
                .map(str::to_owned)
        })
    });
    let mut handed: Vec<String> = Vec::new();
    for request in requests {
        if let Some(code) = request.await.unwrap() {
            handed.push(code);
        }
    }
    handed.sort();
    assert_eq!(handed, ["RACE-0", "RACE-1", "RACE-2", "RACE-3", "RACE-4"]);
}

#[tokio::test]
async fn each_path_gets_the_shell_of_its_bundle() {
    let dir = tempfile::tempdir().unwrap();
    for (file, marker) in [
        ("index.html", "HOME"),
        ("kind-survey.html", "SURVEY"),
        ("all.html", "ALL"),
    ] {
        std::fs::write(
            dir.path().join(file),
            format!("<html lang=\"zh-CN\"><head><title>Campaign Kit</title></head><body>{marker}</body></html>"),
        )
        .unwrap();
    }
    let store = support::store(&dir.path().join("shells.sqlite"));
    let app = router(
        AppState::new(parse_campaign(DEMO).unwrap(), store, TOKEN, dir.path()),
        dir.path(),
    );
    let server = Server { app, _dir: dir };
    for (uri, status, marker) in [
        ("/", StatusCode::OK, "HOME"),
        ("/p/quiz-520", StatusCode::OK, "HOME"),
        ("/p/member-survey", StatusCode::OK, "SURVEY"),
        ("/p/finance-survey", StatusCode::OK, "SURVEY"),
        // Previews of another config, and pages this campaign lacks, can be of any kind.
        ("/p/member-survey?c=/other.json", StatusCode::OK, "ALL"),
        (
            "/?c=https%3A%2F%2Fcdn.example%2Fc.json",
            StatusCode::OK,
            "ALL",
        ),
        ("/p/not-here", StatusCode::NOT_FOUND, "ALL"),
    ] {
        let (got, html) = send(&server, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(got, status, "{uri}");
        assert!(html.contains(marker), "{uri} should get the {marker} shell");
    }
}

fn assignment(seed: u8, visitor: &str, payload: Value) -> Value {
    json!({
        "id": uuid_v4([seed; 16]),
        "campaign_id": "cmb-city-community",
        "page_id": "city-group",
        "page_kind": "group_picker",
        "visitor_id": visitor,
        "client_ts": 1_779_282_840_000i64,
        "payload": payload
    })
}

async fn fill(server: &Server) -> Value {
    let (status, body) = send(
        server,
        Request::get("/api/v1/pages/city-group/fill")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body_json(&body)
}

#[tokio::test]
async fn group_fill_counts_each_visitor_once_in_their_latest_group() {
    let server = server();
    assert_eq!(fill(&server).await, json!({ "fill": {} }));
    let sent = [
        (1, "visitor-a", "sz-futian-1"),
        (2, "visitor-b", "sz-futian-1"),
        (3, "visitor-c", "bj-1"),
        // visitor-a changes their mind: they now count in Nanshan only.
        (4, "visitor-a", "sz-nanshan-1"),
    ];
    for (seed, visitor, group) in sent {
        let body = assignment(seed, visitor, json!({ "group": group, "method": "manual" }));
        let (status, answer) = send(&server, post(body.to_string())).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    // A retry of an old envelope changes nothing.
    let retry = assignment(
        1,
        "visitor-a",
        json!({ "group": "sz-futian-1", "method": "manual" }),
    );
    let (status, _) = send(&server, post(retry.to_string())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        fill(&server).await,
        json!({ "fill": { "bj-1": 1, "sz-futian-1": 1, "sz-nanshan-1": 1 } })
    );
}

#[tokio::test]
async fn assignments_name_a_group_of_the_page_and_keep_positions_private() {
    let server = server();
    for (payload, expected) in [
        (
            json!({ "group": "nowhere", "method": "location" }),
            "is not a group of this page",
        ),
        (
            json!({ "group": "bj-1", "method": "gps" }),
            "a group picker payload is",
        ),
        (
            json!({ "group": "bj-1", "method": "location", "position": { "lat": 39.9, "lng": 116.4 } }),
            "does not take coordinates",
        ),
    ] {
        let (status, body) = send(
            &server,
            post(assignment(9, "visitor-x", payload).to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&body), "invalid_assignment");
        assert!(body.contains(expected), "{body}");
    }
    assert_eq!(fill(&server).await, json!({ "fill": {} }));
    let (status, body) = send(
        &server,
        Request::get("/api/v1/pages/member-survey/fill")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

/// An event of `visitor`'s with the `n`th id of a long run.
fn numbered_event(n: u32, visitor: &str) -> Value {
    let mut seed = [0u8; 16];
    seed[..4].copy_from_slice(&n.to_be_bytes());
    seed[4] = visitor.bytes().last().unwrap_or_default();
    json!({
        "id": uuid_v4(seed),
        "campaign_id": "cmb-city-community",
        "page_id": "quiz-520",
        "visitor_id": visitor,
        "name": "tap",
        "client_ts": 1_779_282_840_000i64
    })
}

#[tokio::test]
async fn a_visitor_filling_the_events_table_is_capped_for_the_day() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicI64, Ordering};
    const CAP: u32 = campaign_server::store::MAX_EVENTS_PER_VISITOR_PER_DAY as u32;
    let now = Arc::new(AtomicI64::new(1_779_282_840_000));
    let clock = now.clone();
    let server = server_with(serde_json::from_str(DEMO).unwrap(), move |state| {
        state.with_clock(move || clock.load(Ordering::SeqCst))
    });
    let batch = |from: u32, visitor: &str| {
        let events: Vec<Value> = (from..from + 50)
            .map(|n| numbered_event(n, visitor))
            .collect();
        post_events(json!({ "events": events }).to_string())
    };
    let stored = |body: &str| -> u64 {
        serde_json::from_str::<Value>(body).unwrap()["stored"]
            .as_u64()
            .unwrap()
    };
    let mut total = 0;
    for from in (0..CAP).step_by(50) {
        let (status, body) = send(&server, batch(from, "visitor-script")).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        total += stored(&body);
    }
    assert_eq!(total, u64::from(CAP), "every event up to the cap is kept");
    // Past the cap the script's events are dropped (still 202: events are
    // best effort, and a page must not retry them)...
    let (status, body) = send(&server, batch(CAP, "visitor-script")).await;
    assert_eq!((status, stored(&body)), (StatusCode::ACCEPTED, 0), "{body}");
    // ...while another visitor's are kept,
    let (_, body) = send(&server, batch(0, "visitor-person")).await;
    assert_eq!(stored(&body), 50, "{body}");
    // and a day later the script may store events again.
    now.fetch_add(86_400_000 + 1, Ordering::SeqCst);
    let (_, body) = send(&server, batch(CAP, "visitor-script")).await;
    assert_eq!(stored(&body), 50, "{body}");
}
