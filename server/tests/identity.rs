//! Prizes, rewards and seats go to people, not to ids a script can invent:
//! `signed` campaigns count the host's verified subject, `wechat` ones the
//! openid of WeChat's silent sign-in, and `device` ones are held by ceilings
//! and a daily cap on wins per address. Exercised through the real router
//! and SQLite, with tokens minted here and a fake WeChat on loopback.

mod support;

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Query};
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use campaign_core::config::Identity;
use campaign_core::envelope::uuid_v4;
use campaign_core::identity::PersonRefusal;
use campaign_core::{Locale, parse_campaign};
use campaign_server::identity::person_key;
use campaign_server::wechat::{WechatConfig, jssdk_signature};
use campaign_server::{AppState, router};
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use tower::ServiceExt;

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
const ADMIN: &str = "test-admin-token";
const CAMPAIGN: &str = "cmb-city-community";
const SECRET: &str = "a-test-secret-of-at-least-32-bytes!!";
/// Draws each person may make (`per_day` of the test's draw page).
const PER_PERSON: usize = 2;
const SITE: &str = "https://h5.bank.example";
const SHELL: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>Campaign Kit</title></head>\
    <body><div id=app></div></body></html>";

fn now_seconds() -> i64 {
    campaign_server::now_ms() / 1000
}

/// The demo, counting `identity`, with a draw page that gives each person
/// `PER_PERSON` draws of a prize that is always won.
fn campaign(identity: &str) -> Value {
    let mut campaign: Value = serde_json::from_str(DEMO).unwrap();
    campaign["identity"] = identity.into();
    let draw = campaign["pages"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|page| page["id"] == "draw-520")
        .unwrap();
    draw["prizes"] = json!([
        { "id": "vip", "name": "腾讯视频 VIP 月卡", "weight": 1000, "inventory": 1000,
          "claim": "添加企业微信「招行福利官」并发送兑奖码领取。" },
        { "id": "thanks", "name": "谢谢参与", "weight": 0, "blank": true }
    ]);
    draw["limits"] = json!({ "per_day": PER_PERSON, "total": 10 });
    campaign
}

fn state_for(campaign: &Value, dir: &tempfile::TempDir) -> AppState {
    for shell in ["index.html", "kind-lottery.html", "kind-survey.html"] {
        std::fs::write(dir.path().join(shell), SHELL).unwrap();
    }
    let store = support::store(&dir.path().join("test.sqlite"));
    let campaign =
        parse_campaign(&campaign.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    AppState::new(campaign, store, ADMIN, dir.path())
        .with_identity_secret(SECRET.as_bytes())
        .unwrap()
}

fn app(campaign: &Value, dir: &tempfile::TempDir) -> Router {
    router(state_for(campaign, dir), dir.path())
}

/// A visitor token as a host mints it.
fn token_with(claims: Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn token(sub: &str) -> String {
    token_with(
        json!({ "sub": sub, "aud": CAMPAIGN, "exp": now_seconds() + 3600 }),
        SECRET,
    )
}

fn key(n: usize) -> String {
    let bytes = (n as u64).to_be_bytes();
    let mut random = [9u8; 16];
    random[..8].copy_from_slice(&bytes);
    uuid_v4(random)
}

fn visitor(n: usize) -> String {
    format!("v-invented-{n:06}")
}

fn post(uri: &str, body: &Value, token: Option<&str>) -> Request<Body> {
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_string())).unwrap()
}

fn get(uri: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

async fn answer(app: &Router, request: Request<Body>) -> Response {
    app.clone().oneshot(request).await.unwrap()
}

async fn json_of(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    json_of(answer(app, request).await).await
}

fn draw_body(n: usize, visitor_id: &str) -> Value {
    json!({ "id": key(n), "campaign_id": CAMPAIGN, "page_id": "draw-520", "visitor_id": visitor_id })
}

async fn draw(
    app: &Router,
    n: usize,
    visitor_id: &str,
    token: Option<&str>,
) -> (StatusCode, Value) {
    send(app, post("/api/v1/draw", &draw_body(n, visitor_id), token)).await
}

/// Prizes (not blanks) the server recorded.
async fn prizes_won(app: &Router) -> usize {
    let (status, list) = send(
        app,
        Request::get("/api/v1/draws?page=draw-520&limit=1000")
            .header(header::AUTHORIZATION, format!("Bearer {ADMIN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["draws"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|draw| draw["prize"]["blank"] == false)
        .count()
}

fn sentence(refusal: PersonRefusal) -> &'static str {
    refusal.text(Locale::ZhCn, Identity::Signed)
}

#[tokio::test]
async fn a_script_inventing_visitors_without_a_token_wins_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&campaign("signed"), &dir);
    for n in 0..250 {
        let (status, body) = draw(&app, n, &visitor(n), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "draw {n}: {body}");
        assert_eq!(body["error"]["code"], "login_required");
        assert_eq!(
            body["error"]["message"],
            sentence(PersonRefusal::LoginRequired)
        );
    }
    assert_eq!(prizes_won(&app).await, 0);
    // Nor chances, shares, invite codes or invitations.
    let (status, _) = send(
        &app,
        get(
            "/api/v1/draw/draw-520/chances?visitor=v-invented-000001",
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = send(
        &app,
        post(
            "/api/v1/draw/draw-520/share",
            &json!({ "visitor_id": visitor(1) }),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let invite = json!({ "campaign_id": CAMPAIGN, "page_id": "invite", "visitor_id": visitor(1) });
    let (status, _) = send(&app, post("/api/v1/invite-codes", &invite, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn three_people_with_invented_devices_win_at_most_their_limits() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&campaign("signed"), &dir);
    let tokens: Vec<String> = ["member-1", "member-2", "member-3"]
        .iter()
        .map(|sub| token(sub))
        .collect();
    let mut statuses = BTreeMap::new();
    for n in 0..250 {
        let (status, body) = draw(&app, n, &visitor(n), Some(&tokens[n % 3])).await;
        *statuses.entry(status.as_u16()).or_insert(0) += 1;
        if status == StatusCode::CONFLICT {
            assert_eq!(body["error"]["code"], "daily_limit", "{body}");
        }
    }
    assert_eq!(statuses.get(&201), Some(&(3 * PER_PERSON)), "{statuses:?}");
    assert!(
        statuses
            .keys()
            .all(|status| [201, 409, 429].contains(status)),
        "{statuses:?}"
    );
    assert!(prizes_won(&app).await <= 3 * PER_PERSON);
}

#[tokio::test]
async fn forged_expired_and_other_campaigns_tokens_are_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&campaign("signed"), &dir);
    let now = now_seconds();
    let cases = [
        (
            "signed with another secret",
            token_with(
                json!({ "sub": "m", "aud": CAMPAIGN, "exp": now + 600 }),
                "another-secret-of-at-least-32-bytes!!",
            ),
            PersonRefusal::TokenInvalid,
        ),
        (
            "expired",
            token_with(
                json!({ "sub": "m", "aud": CAMPAIGN, "exp": now - 3600 }),
                SECRET,
            ),
            PersonRefusal::TokenExpired,
        ),
        (
            "for another campaign",
            token_with(
                json!({ "sub": "m", "aud": "other-campaign", "exp": now + 600 }),
                SECRET,
            ),
            PersonRefusal::TokenInvalid,
        ),
        (
            "living more than 7 days",
            token_with(
                json!({ "sub": "m", "aud": CAMPAIGN, "exp": now + 8 * 86_400 }),
                SECRET,
            ),
            PersonRefusal::TokenInvalid,
        ),
        (
            "without a subject",
            token_with(json!({ "aud": CAMPAIGN, "exp": now + 600 }), SECRET),
            PersonRefusal::TokenInvalid,
        ),
        (
            "unsigned (alg none)",
            format!(
                "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
                base64_url(&json!({ "sub": "m", "aud": CAMPAIGN, "exp": now + 600 }).to_string())
            ),
            PersonRefusal::TokenInvalid,
        ),
        (
            "not a token",
            "hello".to_owned(),
            PersonRefusal::TokenInvalid,
        ),
    ];
    for (n, (what, token, refusal)) in cases.iter().enumerate() {
        let (status, body) = draw(&app, n, &visitor(n), Some(token)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
        let code = serde_json::to_value(refusal).unwrap();
        assert_eq!(body["error"]["code"], code, "{what}: {body}");
        assert_eq!(body["error"]["message"], sentence(*refusal), "{what}");
    }
    assert_eq!(prizes_won(&app).await, 0);
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

#[tokio::test]
async fn two_devices_of_one_person_share_one_set_of_limits() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&campaign("signed"), &dir);
    let member = token("member-7");
    let chances = |device: &str| {
        get(
            &format!("/api/v1/draw/draw-520/chances?visitor={device}"),
            Some(&member),
        )
    };
    let (_, before) = send(&app, chances("v-phone-aaaa")).await;
    assert_eq!(before["remaining"], PER_PERSON, "{before}");
    let (status, drawn) = draw(&app, 1, "v-phone-aaaa", Some(&member)).await;
    assert_eq!(status, StatusCode::CREATED, "{drawn}");
    let (_, tablet) = send(&app, chances("v-tablet-bbbb")).await;
    assert_eq!(
        tablet["remaining"],
        PER_PERSON - 1,
        "the other device sees the draw"
    );
    let (status, _) = draw(&app, 2, "v-tablet-bbbb", Some(&member)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, refused) = draw(&app, 3, "v-phone-aaaa", Some(&member)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["error"]["code"], "daily_limit");

    // The draws are stored under the person's key, not a device's.
    let (_, list) = send(
        &app,
        Request::get("/api/v1/draws?page=draw-520")
            .header(header::AUTHORIZATION, format!("Bearer {ADMIN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let person = person_key(CAMPAIGN, "member-7");
    assert!(
        list["draws"]
            .as_array()
            .unwrap()
            .iter()
            .all(|draw| draw["visitor_id"] == person.as_str()),
        "{list}"
    );

    // One invite code for the person, and their own link from the other
    // device is their own.
    let invite = |device: &str| {
        post(
            "/api/v1/invite-codes",
            &json!({ "campaign_id": CAMPAIGN, "page_id": "invite", "visitor_id": device }),
            Some(&member),
        )
    };
    let (_, first) = send(&app, invite("v-phone-aaaa")).await;
    let (_, second) = send(&app, invite("v-tablet-bbbb")).await;
    assert_eq!(first["code"], second["code"], "{first} {second}");
    let visit = json!({ "campaign_id": CAMPAIGN, "code": first["code"], "visitor_id": "v-tablet-bbbb", "page_id": "invite" });
    let (status, verdict) = send(
        &app,
        post("/api/v1/referrals/visits", &visit, Some(&member)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{verdict}");
    assert_eq!(verdict["status"], "self_invite");
    // A friend is counted as a person too.
    let (status, _) = send(&app, post("/api/v1/referrals/visits", &visit, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let friend = token("friend-1");
    let (_, verdict) = send(
        &app,
        post("/api/v1/referrals/visits", &visit, Some(&friend)),
    )
    .await;
    assert_ne!(verdict["status"], "self_invite", "{verdict}");
}

fn survey_envelope(n: usize, device: &str) -> Value {
    json!({
        "id": key(1000 + n), "campaign_id": CAMPAIGN, "page_id": "finance-survey",
        "page_kind": "survey", "visitor_id": device, "client_ts": 1_779_282_840_000i64,
        "subject": "not-trusted",
        "payload": { "answers": {
            "interests": { "multiple": { "values": ["fund"] } },
            "offer_frequency": { "single": { "value": "weekly" } },
            "contact": { "single": { "value": "wecom" } }
        } }
    })
}

#[tokio::test]
async fn a_survey_taken_once_is_taken_once_per_person_whatever_the_device() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&campaign("signed"), &dir);
    let member = token("member-9");
    let (status, body) = send(
        &app,
        post(
            "/api/v1/submissions",
            &survey_envelope(1, "v-phone-aaaa"),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, body) = send(
        &app,
        post(
            "/api/v1/submissions",
            &survey_envelope(1, "v-phone-aaaa"),
            Some(&member),
        ),
    )
    .await;
    assert!(status.is_success(), "{status}: {body}");
    let (status, body) = send(
        &app,
        post(
            "/api/v1/submissions",
            &survey_envelope(2, "v-tablet-bbbb"),
            Some(&member),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "already_submitted");
}

#[tokio::test]
async fn a_device_campaign_caps_prizes_per_address_and_draws_per_minute() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = campaign("device");
    config["ceilings"] = json!({ "prize_wins_per_address_per_day": 3, "draws_per_minute": 8 });
    let app = app(&config, &dir);
    let from = |request: Request<Body>, ip: [u8; 4]| {
        let mut request = request;
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
        request
    };
    let mut statuses = Vec::new();
    for n in 0..6 {
        let request = from(
            post("/api/v1/draw", &draw_body(n, &visitor(n)), None),
            [203, 0, 113, 7],
        );
        let (status, body) = send(&app, request).await;
        if status == StatusCode::CONFLICT {
            assert_eq!(body["error"]["code"], "address_limit", "{body}");
            assert!(!body["error"]["message"].as_str().unwrap().is_empty());
        }
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, [201, 201, 201, 409, 409, 409], "three wins a day");
    // Another address still wins, until the campaign's ceiling per minute.
    let mut statuses = Vec::new();
    for n in 6..10 {
        let request = from(
            post("/api/v1/draw", &draw_body(n, &visitor(n)), None),
            [198, 51, 100, 9],
        );
        let (status, body) = send(&app, request).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(body["error"]["code"], "rate_limited");
            assert_eq!(body["error"]["message"], "参与的人太多了，请一分钟后再试。");
        }
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, [201, 201, 429, 429], "8 draws a minute in all");
}

#[test]
fn check_warns_about_prizes_on_device_identity() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("campaign.json");
    let check = |lang: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_campaign-server"))
            .arg("check")
            .args(lang)
            .arg(&file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{stdout}");
        stdout
    };
    std::fs::write(&file, DEMO).unwrap();
    // The demo speaks Chinese, and so does its report unless told otherwise.
    let zh = check(&[]);
    let en = check(&["--lang", "en"]);
    for page in ["draw-520", "finance-survey", "invite"] {
        assert!(
            zh.contains(&format!("`{page}`")) && zh.contains("活动的 `identity` 是 `device`"),
            "{zh}"
        );
        assert!(
            en.contains(&format!("`{page}`")) && en.contains("`identity` is `device`"),
            "{en}"
        );
    }
    std::fs::write(&file, campaign("signed").to_string()).unwrap();
    let stdout = check(&["--lang", "en"]);
    assert!(!stdout.contains("`identity` is `device`"), "{stdout}");
    assert!(!check(&[]).contains("`identity` 是 `device`"));
}

// ---------------------------------------------------------------------------
// WeChat, against a fake on loopback
// ---------------------------------------------------------------------------

const TICKET: &str =
    "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
const OPENID: &str = "oAbCdEfGhIjKlMnOpQrStUvWxYz0";

#[derive(Default)]
struct FakeWechat {
    used_codes: Mutex<HashSet<String>>,
    token_calls: AtomicUsize,
    ticket_calls: AtomicUsize,
}

/// WeChat's three endpoints the server calls, as a test double: codes
/// `code-*` stand for [`OPENID`] and work once.
async fn fake_wechat() -> (String, Arc<FakeWechat>) {
    use axum::routing::get;
    let fake = Arc::new(FakeWechat::default());
    let oauth = {
        let fake = fake.clone();
        move |Query(query): Query<BTreeMap<String, String>>| {
            let fake = fake.clone();
            async move {
                let code = query.get("code").cloned().unwrap_or_default();
                let right_app = query.get("appid").map(String::as_str) == Some("wx-test")
                    && query.get("secret").map(String::as_str) == Some("wx-secret")
                    && query.get("grant_type").map(String::as_str) == Some("authorization_code");
                let fresh = fake.used_codes.lock().unwrap().insert(code.clone());
                axum::Json(if right_app && fresh && code.starts_with("code-") {
                    json!({ "access_token": "user-token", "expires_in": 7200, "refresh_token": "r",
                            "openid": OPENID, "scope": "snsapi_base" })
                } else {
                    json!({ "errcode": 40163, "errmsg": "code been used" })
                })
            }
        }
    };
    let token = {
        let fake = fake.clone();
        move || {
            let fake = fake.clone();
            async move {
                fake.token_calls.fetch_add(1, Ordering::SeqCst);
                axum::Json(json!({ "access_token": "AT1", "expires_in": 7200 }))
            }
        }
    };
    let ticket = {
        let fake = fake.clone();
        move |Query(query): Query<BTreeMap<String, String>>| {
            let fake = fake.clone();
            async move {
                fake.ticket_calls.fetch_add(1, Ordering::SeqCst);
                axum::Json(
                    if query.get("access_token").map(String::as_str) == Some("AT1") {
                        json!({ "errcode": 0, "errmsg": "ok", "ticket": TICKET, "expires_in": 7200 })
                    } else {
                        json!({ "errcode": 40001, "errmsg": "invalid credential" })
                    },
                )
            }
        }
    };
    let app = Router::new()
        .route("/sns/oauth2/access_token", get(oauth))
        .route("/cgi-bin/token", get(token))
        .route("/cgi-bin/ticket/getticket", get(ticket));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    (format!("http://{addr}"), fake)
}

fn wechat_app(config: &Value, dir: &tempfile::TempDir, api_base: &str) -> Router {
    let state = state_for(config, dir).with_wechat(
        WechatConfig {
            appid: "wx-test".into(),
            secret: "wx-secret".into(),
            oauth_base: "https://open.weixin.example".into(),
            api_base: api_base.into(),
        },
        SITE,
    );
    router(state, dir.path())
}

fn header_values(response: &Response, name: header::HeaderName) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect()
}

/// `name=value` of the `Set-Cookie` named `name`.
fn set_cookie(response: &Response, name: &str) -> Option<(String, String)> {
    header_values(response, header::SET_COOKIE)
        .into_iter()
        .find(|cookie| cookie.starts_with(&format!("{name}=")))
        .map(|cookie| {
            let pair = cookie.split(';').next().unwrap().to_owned();
            (pair, cookie)
        })
}

fn query_params(url: &str) -> BTreeMap<String, String> {
    let query = url.split_once('?').unwrap().1;
    let query = query.split('#').next().unwrap();
    query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap();
            (key.to_owned(), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            out.push(u8::from_str_radix(&text[at + 1..at + 3], 16).unwrap());
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

async fn start_sign_in(app: &Router) -> (String, String) {
    let response = answer(
        app,
        get("/auth/wechat?return=/p/draw-520%3Fref%3DK7Q29XMA", None),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = header_values(&response, header::LOCATION).remove(0);
    let (state_cookie, _) = set_cookie(&response, "ck_wx_state").expect("a state cookie");
    let state = query_params(&location)["state"].clone();
    (state, state_cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wechat_sign_in_end_to_end_binds_draws_to_the_openid() {
    let (fake_base, _fake) = fake_wechat().await;
    let dir = tempfile::tempdir().unwrap();
    let app = wechat_app(&campaign("wechat"), &dir, &fake_base);

    // 1. Off to WeChat, with every parameter of the silent sign-in.
    let response = answer(
        &app,
        get("/auth/wechat?return=/p/draw-520%3Fref%3DK7Q29XMA", None),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = header_values(&response, header::LOCATION).remove(0);
    assert!(
        location.starts_with("https://open.weixin.example/connect/oauth2/authorize?"),
        "{location}"
    );
    assert!(location.ends_with("#wechat_redirect"), "{location}");
    let params = query_params(&location);
    assert_eq!(params["appid"], "wx-test");
    assert_eq!(
        params["redirect_uri"],
        format!("{SITE}/auth/wechat/callback")
    );
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["scope"], "snsapi_base");
    let state = &params["state"];
    assert!(state.len() >= 32, "a random state: {state}");
    let (state_cookie, full) = set_cookie(&response, "ck_wx_state").unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/auth/wechat"] {
        assert!(full.contains(flag), "{full}");
    }

    // 2. Back from WeChat: the code becomes a session cookie.
    let callback = |code: &str, state: &str, cookie: &str| {
        Request::get(format!("/auth/wechat/callback?code={code}&state={state}"))
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    let response = answer(&app, callback("code-1", state, &state_cookie)).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        header_values(&response, header::LOCATION),
        ["/p/draw-520?ref=K7Q29XMA"],
        "back where the person started"
    );
    let (session, full) = set_cookie(&response, "ck_wx").expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(full.contains(flag), "{full}");
    }

    // 3. A draw with the session counts the openid's person.
    let signed_in = |request: axum::http::request::Builder, body: Body| {
        request.header(header::COOKIE, &session).body(body).unwrap()
    };
    let (status, drawn) = send(
        &app,
        signed_in(
            Request::post("/api/v1/draw").header(header::CONTENT_TYPE, "application/json"),
            Body::from(draw_body(1, "v-wechat-phone").to_string()),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{drawn}");
    let (_, list) = send(
        &app,
        Request::get("/api/v1/draws")
            .header(header::AUTHORIZATION, format!("Bearer {ADMIN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        list["draws"][0]["visitor_id"],
        person_key(CAMPAIGN, OPENID).as_str()
    );
    // Without it: the sentence of a WeChat campaign.
    let (status, refused) = draw(&app, 2, "v-wechat-phone", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        refused["error"]["message"],
        PersonRefusal::LoginRequired.text(Locale::ZhCn, Identity::Wechat)
    );
    // A forged session is refused, not read as nobody.
    let forged = session.replacen(OPENID, "oSomebodyElse0000000000000000", 1);
    let (status, refused) = send(
        &app,
        Request::get("/api/v1/draw/draw-520/chances?visitor=v-wechat-phone")
            .header(header::COOKIE, forged)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused["error"]["code"], "token_invalid");

    // 4. The same code again: WeChat refuses it, and so does the server.
    let response = answer(&app, callback("code-1", state, &state_cookie)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(set_cookie(&response, "ck_wx").is_none());

    // 5. A state that is not this browser's (a link someone else started).
    let (_, other_cookie) = start_sign_in(&app).await;
    let response = answer(&app, callback("code-2", "0123456789abcdef", &other_cookie)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(set_cookie(&response, "ck_wx").is_none());
    // No state cookie at all.
    let response = answer(
        &app,
        Request::get(format!("/auth/wechat/callback?code=code-3&state={state}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // A return address on another site is not followed.
    let response = answer(&app, get("/auth/wechat?return=//evil.example/", None)).await;
    let (cookie, _) = set_cookie(&response, "ck_wx_state").unwrap();
    let state = query_params(&header_values(&response, header::LOCATION)[0])["state"].clone();
    let response = answer(&app, callback("code-4", &state, &cookie)).await;
    assert_eq!(header_values(&response, header::LOCATION), ["/"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wechat_pages_sign_in_inside_wechat_and_say_so_elsewhere() {
    let (fake_base, _fake) = fake_wechat().await;
    let dir = tempfile::tempdir().unwrap();
    let app = wechat_app(&campaign("wechat"), &dir, &fake_base);
    let wechat_agent = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50";
    let response = answer(
        &app,
        Request::get("/p/draw-520?ref=K7Q29XMA")
            .header(header::USER_AGENT, wechat_agent)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        header_values(&response, header::LOCATION),
        ["/auth/wechat?return=%2Fp%2Fdraw-520%3Fref%3DK7Q29XMA"]
    );
    let response = answer(&app, get("/p/draw-520", None)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let (_, page) = json_of(response).await;
    let page = page.as_str().unwrap();
    assert!(page.contains("请在微信中打开"), "{page}");
    assert!(
        page.contains("<img src=\"data:image/svg+xml"),
        "a QR code of the page"
    );
    assert!(page.contains(&format!("{SITE}/p/draw-520")), "{page}");
    // Pages with nothing to win open anywhere.
    let response = answer(&app, get("/", None)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn share_card_signatures_use_a_cached_ticket() {
    let (fake_base, fake) = fake_wechat().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = campaign("device");
    config["wechat"] = json!({ "share": [ { "page": "draw-520",
        "title": "520 视频会员大抽奖", "desc": "每天都有抽奖机会", "image": "/images/logo.svg" } ] });
    let app = wechat_app(&config, &dir, &fake_base);
    let url = format!("{SITE}/p/draw-520?from=singlemessage");
    let ask = |url: &str| {
        get(
            &format!(
                "/api/v1/wechat/jssdk?url={}",
                campaign_core::primitives::url::percent_encode(url)
            ),
            None,
        )
    };
    let (status, first) = send(&app, ask(&format!("{url}#vt=not-signed"))).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["app_id"], "wx-test");
    let timestamp = first["timestamp"].as_i64().unwrap();
    let nonce = first["nonce_str"].as_str().unwrap();
    assert_eq!(
        first["signature"],
        jssdk_signature(TICKET, nonce, timestamp, &url),
        "signed without the fragment"
    );
    let (status, second) = send(&app, ask(&url)).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_ne!(second["nonce_str"], first["nonce_str"]);
    assert_eq!(
        fake.token_calls.load(Ordering::SeqCst),
        1,
        "access_token cached"
    );
    assert_eq!(
        fake.ticket_calls.load(Ordering::SeqCst),
        1,
        "jsapi_ticket cached"
    );
    // Another site's page is not signed.
    let (status, _) = send(&app, ask("https://evil.example/p/draw-520")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Pages load the share script, and their policy allows the JS-SDK.
    let response = answer(&app, get("/p/draw-520", None)).await;
    let policy = header_values(&response, header::CONTENT_SECURITY_POLICY).remove(0);
    assert!(policy.contains("https://res.wx.qq.com"), "{policy}");
    let (_, html) = json_of(response).await;
    assert!(html.as_str().unwrap().contains("/wechat.js"));
}

#[tokio::test]
async fn without_share_cards_pages_never_load_wechat_code() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&campaign("device"), &dir);
    let response = answer(&app, get("/p/draw-520", None)).await;
    let policy = header_values(&response, header::CONTENT_SECURITY_POLICY).remove(0);
    assert!(!policy.contains("res.wx.qq.com"), "{policy}");
    let (status, _) = send(&app, get("/api/v1/wechat/jssdk?url=x", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
