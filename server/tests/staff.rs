//! Staff tokens: a branch employee's credential looks up and redeems claim
//! codes, records who redeemed each, and opens nothing else.

mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_core::envelope::uuid_v4;
use campaign_core::parse_campaign;
use campaign_server::{AppState, StaffToken, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
const ADMIN: &str = "test-admin-token";
const FUTIAN: &str = "futian-branch-token-0001";
const NANSHAN: &str = "nanshan-branch-token-0002";
/// 2026-05-20 12:00 in Beijing, while the 520 draw runs.
const NOON_520: i64 = 1_779_249_600_000;

struct Server {
    app: Router,
    _dir: tempfile::TempDir,
}

fn staff() -> Vec<StaffToken> {
    StaffToken::parse_file(&format!(
        "# branches\nfutian-branch {FUTIAN}\n\n南山支行 {NANSHAN}\n"
    ))
    .unwrap()
}

fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut campaign: Value = serde_json::from_str(DEMO).unwrap();
    for page in campaign["pages"].as_array_mut().unwrap() {
        if page["id"] == "draw-520" {
            page["prizes"] = json!([
                { "id": "vip", "name": "腾讯视频 VIP 月卡", "weight": 1_000_000, "inventory": 10,
                  "claim": "到招行福田支行出示兑奖码领取。" },
                // A draw needs a blank; one in a million keeps it out of the way.
                { "id": "thanks", "name": "谢谢参与", "weight": 1, "blank": true }
            ]);
        }
    }
    let campaign =
        parse_campaign(&campaign.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    let store = support::store(&dir.path().join("test.sqlite"));
    let state = AppState::new(campaign, store, ADMIN, dir.path())
        .with_clock(|| NOON_520)
        .with_staff_tokens(staff())
        .unwrap();
    Server {
        app: router(state, dir.path()),
        _dir: dir,
    }
}

async fn send(server: &Server, request: Request<Body>) -> (StatusCode, Value) {
    let response = server.app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes);
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text.into_owned())),
    )
}

fn with_token(method: &str, uri: &str, token: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

/// A winner's claim code.
async fn won_code(server: &Server, n: u8) -> String {
    let body = json!({ "id": uuid_v4([n; 16]), "campaign_id": "cmb-city-community",
        "page_id": "draw-520", "visitor_id": format!("visitor-staff-{n}") });
    let request = Request::post("/api/v1/draw")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, drawn) = send(server, request).await;
    assert_eq!(status, StatusCode::CREATED, "{drawn}");
    drawn["claim"]["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_branch_redeems_a_code_once_and_a_second_branch_is_told_who_did_and_when() {
    let server = server();
    let code = won_code(&server, 1).await;
    // Typed loosely, as a person reads it out.
    let typed = code.to_lowercase().replace('-', " ");
    let (status, claim) = send(
        &server,
        with_token(
            "GET",
            &format!("/api/v1/claims/{}", typed.replace(' ', "%20")),
            FUTIAN,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{claim}");
    assert_eq!(claim["prize"]["name"], "腾讯视频 VIP 月卡");
    assert_eq!(claim["redeemed_at"], Value::Null);

    let redeem = format!("/api/v1/claims/{code}/redeem");
    let (status, redeemed) = send(&server, with_token("POST", &redeem, FUTIAN)).await;
    assert_eq!(status, StatusCode::OK, "{redeemed}");
    assert_eq!(redeemed["redeemed_by"], "futian-branch");
    assert_eq!(redeemed["redeemed_at"], "2026-05-20T04:00:00.000Z");

    let (status, refused) = send(&server, with_token("POST", &redeem, NANSHAN)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["error"]["code"], "already_redeemed");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("2026-05-20T04:00:00.000Z") && message.contains("由 futian-branch 核销"),
        "{message}"
    );

    // Staff read who redeemed it; the admin's list of draws shows it too.
    let (_, looked_up) = send(
        &server,
        with_token("GET", &format!("/api/v1/claims/{code}"), NANSHAN),
    )
    .await;
    assert_eq!(looked_up["redeemed_by"], "futian-branch");
    let (status, draws) = send(
        &server,
        with_token("GET", "/api/v1/draws?page=draw-520", ADMIN),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{draws}");
    assert_eq!(draws["draws"][0]["redeemed_by"], "futian-branch");

    // The admin token redeems as `admin`.
    let other = won_code(&server, 2).await;
    let (status, by_admin) = send(
        &server,
        with_token("POST", &format!("/api/v1/claims/{other}/redeem"), ADMIN),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{by_admin}");
    assert_eq!(by_admin["redeemed_by"], "admin");
}

#[tokio::test]
async fn a_staff_token_opens_no_result_export_or_list() {
    let server = server();
    won_code(&server, 3).await;
    for uri in [
        "/api/v1/submissions",
        "/api/v1/export.csv",
        "/api/v1/draws",
        "/api/v1/referrals",
        "/api/v1/visitors/visitor-staff-3",
    ] {
        let (status, body) = send(&server, with_token("GET", uri, FUTIAN)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}: {body}");
        assert_eq!(body["error"]["code"], "forbidden", "{uri}");
        let (status, _) = send(&server, with_token("GET", uri, ADMIN)).await;
        assert_eq!(status, StatusCode::OK, "{uri} with the admin token");
    }
    let (status, body) = send(
        &server,
        with_token(
            "POST",
            "/api/v1/claims/K7Q2-9XMA-3F/redeem",
            "not-a-token-at-all",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

#[test]
fn staff_tokens_must_be_long_distinct_and_named() {
    let state = || {
        AppState::new(
            parse_campaign(DEMO).unwrap(),
            campaign_server::store::Store::in_memory().unwrap(),
            ADMIN,
            std::path::Path::new("."),
        )
    };
    let token = |name: &str, token: &str| StaffToken {
        name: name.into(),
        token: token.into(),
    };
    let refused = |tokens: Vec<StaffToken>| state().with_staff_tokens(tokens).err().unwrap();
    assert!(refused(vec![token("short", "abc")]).contains("16 characters"));
    assert!(refused(vec![token("same-as-admin", "test-admin-token")]).contains("admin token"));
    assert!(
        refused(vec![token("a", FUTIAN), token("b", FUTIAN)]).contains("another staff member's")
    );
    assert!(refused(vec![token("a", FUTIAN), token("a", NANSHAN)]).contains("used twice"));
    assert!(refused(vec![token("", FUTIAN)]).contains("1 to 40 characters"));
    assert!(state().with_staff_tokens(staff()).is_ok());
    assert_eq!(
        StaffToken::parse_file("ok token-of-sixteen-chars\nbroken\n").unwrap_err(),
        "line 2: write `name token`, like `futian-branch 3f9c...`"
    );
}
