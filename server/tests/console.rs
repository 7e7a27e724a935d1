//! The campaign console: signing in with a session cookie, what each role
//! may open, the numbers it shows, reviews of held invitations, the export's
//! filter and the `links` command.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_core::envelope::uuid_v4;
use campaign_core::parse_campaign;
use campaign_server::store::Store;
use campaign_server::{AppState, StaffToken, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
const CAMPAIGN: &str = "cmb-city-community";
const ADMIN: &str = "test-admin-token";
const FUTIAN: &str = "futian-branch-token-0001";
const HOST: &str = "console.example:8080";
const SITE: &str = "http://console.example:8080";
/// 2026-05-20 12:00 in Beijing, while the 520 draw runs.
const NOON_520: i64 = 1_779_249_600_000;
const DAY: i64 = 86_400_000;

struct Server {
    app: Router,
    clock: Arc<AtomicI64>,
    dir: tempfile::TempDir,
}

fn campaign_json() -> Value {
    let mut campaign: Value = serde_json::from_str(DEMO).unwrap();
    campaign["channels"] = json!({ "moments": "朋友圈", "menu": "公众号菜单" });
    for page in campaign["pages"].as_array_mut().unwrap() {
        if page["id"] == "draw-520" {
            page["prizes"] = json!([
                { "id": "vip", "name": "腾讯视频 VIP 月卡", "weight": 1_000_000, "inventory": 10,
                  "claim": "到招行福田支行出示兑奖码领取。" },
                { "id": "thanks", "name": "谢谢参与", "weight": 1, "blank": true }
            ]);
        }
    }
    campaign
}

fn state_for(dir: &Path, staff_token: &str, clock: &Arc<AtomicI64>) -> AppState {
    let campaign =
        parse_campaign(&campaign_json().to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    let store: Store = support::store(&dir.join("test.sqlite"));
    let clock = clock.clone();
    AppState::new(campaign, store, ADMIN, dir)
        .with_clock(move || clock.load(Ordering::SeqCst))
        .with_staff_tokens(vec![StaffToken {
            name: "futian-branch".to_owned(),
            token: staff_token.to_owned(),
        }])
        .unwrap()
}

fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("console.html"),
        "<!doctype html><html><head><title>Console</title><script type=\"module\">go()</script></head><body></body></html>",
    )
    .unwrap();
    let clock = Arc::new(AtomicI64::new(NOON_520));
    let state = state_for(dir.path(), FUTIAN, &clock);
    Server {
        app: router(state, dir.path()),
        clock,
        dir,
    }
}

impl Server {
    fn at(&self, ms: i64) {
        self.clock.store(ms, Ordering::SeqCst);
    }

    fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("test.sqlite")
    }
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
    text: String,
}

async fn send(server: &Server, request: Request<Body>) -> Answer {
    send_to(&server.app, request).await
}

async fn send_to(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Answer {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

fn json_post(uri: &str, body: Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, HOST)
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// `GET uri` with the admin token.
async fn admin_get(server: &Server, uri: &str) -> Answer {
    send(server, admin("GET", uri, None)).await
}

fn admin(method: &str, uri: &str, body: Option<Value>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {ADMIN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.map_or_else(Body::empty, |body| Body::from(body.to_string())))
        .unwrap()
}

/// A request with the session cookie, from `origin` (`None`: no `Origin`).
fn with_cookie(method: &str, uri: &str, cookie: &str, origin: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::COOKIE, format!("other=1; ck_console={cookie}"));
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    builder.body(Body::empty()).unwrap()
}

/// Signs in with `token`; the session cookie's value.
async fn sign_in(server: &Server, token: &str) -> String {
    let answer = send(
        server,
        json_post("/admin/session", json!({ "token": token })),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let set_cookie = answer.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.contains("; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200"),
        "{set_cookie}"
    );
    assert!(!set_cookie.contains("Secure"), "plain http: {set_cookie}");
    set_cookie
        .strip_prefix("ck_console=")
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_owned()
}

fn event(
    seed: u16,
    page: &str,
    visitor: &str,
    name: &str,
    channel: Option<&str>,
    data: Value,
) -> Value {
    let mut bytes = [7u8; 16];
    bytes[..2].copy_from_slice(&seed.to_be_bytes());
    let mut event = json!({
        "id": uuid_v4(bytes), "campaign_id": CAMPAIGN, "page_id": page,
        "visitor_id": visitor, "name": name, "client_ts": NOON_520,
    });
    if !data.is_null() {
        event["data"] = data;
    }
    if let Some(channel) = channel {
        event["channel"] = json!(channel);
    }
    event
}

/// Events without data: `(seed, visitor, name, channel)` each.
fn events_of(page: &str, rows: &[(u16, &str, &str, Option<&str>)]) -> Vec<Value> {
    rows.iter()
        .map(|(seed, visitor, name, channel)| {
            event(*seed, page, visitor, name, *channel, Value::Null)
        })
        .collect()
}

async fn post_events(server: &Server, events: Vec<Value>) {
    let answer = send(
        server,
        json_post("/api/v1/events", json!({ "events": events })),
    )
    .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
}

fn member_answers(channel: &str, satisfaction: u8, nps: u8, wish: Option<&str>) -> Value {
    let mut answers = json!({
        "channel": { "single": { "value": channel } },
        "tenure": { "single": { "value": "over_1_year" } },
        "activities": { "multiple": { "values": ["lucky_draw"] } },
        "satisfaction": { "rating": satisfaction },
        "recommend": { "nps": nps }
    });
    if let Some(wish) = wish {
        answers["wish"] = json!({ "text": wish });
    }
    answers
}

async fn submit(
    server: &Server,
    seed: u8,
    visitor: &str,
    answers: Value,
    channel: Option<&str>,
    referral: Option<&str>,
) {
    let mut envelope = json!({
        "id": uuid_v4([seed; 16]), "campaign_id": CAMPAIGN, "page_id": "member-survey",
        "page_kind": "survey", "visitor_id": visitor, "client_ts": NOON_520,
        "payload": { "answers": answers }
    });
    if let Some(channel) = channel {
        envelope["channel"] = json!(channel);
    }
    if let Some(code) = referral {
        envelope["referral_code"] = json!(code);
    }
    let answer = send(server, json_post("/api/v1/submissions", envelope)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
}

/// A draw on the 520 page (every draw wins); its claim code.
async fn draw(server: &Server, seed: u8, channel: Option<&str>) -> String {
    let mut body = json!({ "id": uuid_v4([seed; 16]), "campaign_id": CAMPAIGN,
        "page_id": "draw-520", "visitor_id": format!("visitor-draw-{seed}") });
    if let Some(channel) = channel {
        body["channel"] = json!(channel);
    }
    let answer = send(server, json_post("/api/v1/draw", body)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.body["claim"]["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_admin_signs_in_and_the_cookie_opens_the_overview() {
    let server = server();
    let wrong = send(
        &server,
        json_post("/admin/session", json!({ "token": "nope" })),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.text);
    assert_eq!(wrong.body["error"]["code"], "unauthorized");

    let cookie = sign_in(&server, ADMIN).await;
    let session = send(&server, with_cookie("GET", "/admin/session", &cookie, None)).await;
    assert_eq!(session.status, StatusCode::OK, "{}", session.text);
    assert_eq!(session.body["role"], "admin");
    assert_eq!(session.body["name"], "admin");
    assert_eq!(session.body["expires_at"], NOON_520 + 12 * 3_600_000);
    assert_eq!(session.body["locale"], "zh-CN");

    let overview = send(
        &server,
        with_cookie("GET", "/api/v1/admin/overview", &cookie, None),
    )
    .await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.text);
    assert_eq!(overview.body["today"], "2026-05-20");
    assert_eq!(
        overview.body["pages"][0]["daily"].as_array().unwrap().len(),
        14
    );

    let out = send(
        &server,
        with_cookie("DELETE", "/admin/session", &cookie, Some(SITE)),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let cleared = out.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cleared.starts_with("ck_console=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );

    // Over https (as the proxy says), the cookie is Secure.
    let https = Request::post("/admin/session")
        .header(header::HOST, HOST)
        .header("x-forwarded-proto", "https")
        .body(Body::from(json!({ "token": ADMIN }).to_string()))
        .unwrap();
    let answer = send(&server, https).await;
    assert!(
        answer.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .ends_with("; Secure")
    );
    // A sign-in from another site is refused.
    let foreign = Request::post("/admin/session")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(json!({ "token": ADMIN }).to_string()))
        .unwrap();
    assert_eq!(send(&server, foreign).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_staff_session_redeems_claims_and_opens_nothing_else() {
    let server = server();
    let code = draw(&server, 1, None).await;
    let cookie = sign_in(&server, FUTIAN).await;
    let session = send(&server, with_cookie("GET", "/admin/session", &cookie, None)).await;
    assert_eq!(session.body["role"], "staff");
    assert_eq!(session.body["name"], "futian-branch");
    for uri in [
        "/api/v1/admin/overview",
        "/api/v1/admin/pages/member-survey",
        "/api/v1/export.csv",
        "/api/v1/submissions",
        "/api/v1/draws",
    ] {
        let answer = send(&server, with_cookie("GET", uri, &cookie, None)).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{uri}: {}",
            answer.text
        );
    }
    let claim = send(
        &server,
        with_cookie("GET", &format!("/api/v1/claims/{code}"), &cookie, None),
    )
    .await;
    assert_eq!(claim.status, StatusCode::OK, "{}", claim.text);
    let redeem = format!("/api/v1/claims/{code}/redeem");
    let redeemed = send(&server, with_cookie("POST", &redeem, &cookie, Some(SITE))).await;
    assert_eq!(redeemed.status, StatusCode::OK, "{}", redeemed.text);
    assert_eq!(redeemed.body["redeemed_by"], "futian-branch");
}

#[tokio::test]
async fn forged_tampered_and_expired_sessions_are_refused() {
    let server = server();
    let cookie = sign_in(&server, FUTIAN).await;
    let (role, rest) = cookie.split_once('.').unwrap();
    assert_eq!(role, "staff");
    let mut tampered_tag = cookie.clone();
    let last = tampered_tag.pop().unwrap();
    tampered_tag.push(if last == '0' { '1' } else { '0' });
    for bad in [
        format!("admin.{rest}"),
        tampered_tag,
        "garbage".to_owned(),
        "admin.YWRtaW4.99999999999999.00".to_owned(),
    ] {
        for uri in ["/admin/session", "/api/v1/claims/ABCD-EFGH"] {
            let answer = send(&server, with_cookie("GET", uri, &bad, None)).await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{bad} {uri}: {}",
                answer.text
            );
        }
    }
    let ok = send(&server, with_cookie("GET", "/admin/session", &cookie, None)).await;
    assert_eq!(ok.status, StatusCode::OK);
    server.at(NOON_520 + 12 * 3_600_000 + 1);
    let expired = send(&server, with_cookie("GET", "/admin/session", &cookie, None)).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED, "{}", expired.text);
}

#[tokio::test]
async fn changes_with_the_cookie_must_come_from_this_site() {
    let server = server();
    let cookie = sign_in(&server, FUTIAN).await;
    let code = draw(&server, 2, None).await;
    let redeem = format!("/api/v1/claims/{code}/redeem");
    for origin in [None, Some("https://evil.example"), Some("null")] {
        let answer = send(&server, with_cookie("POST", &redeem, &cookie, origin)).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{origin:?}: {}",
            answer.text
        );
        assert!(
            answer.text.contains("cross-site request"),
            "{}",
            answer.text
        );
    }
    let answer = send(&server, with_cookie("POST", &redeem, &cookie, Some(SITE))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    // Bearer tokens need no Origin.
    let code = draw(&server, 3, None).await;
    let request = Request::post(format!("/api/v1/claims/{code}/redeem"))
        .header(header::AUTHORIZATION, format!("Bearer {FUTIAN}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&server, request).await.status, StatusCode::OK);
}

/// Behind nginx, which sends its upstream address as `Host`, the console's
/// changes count as this site's by the host the trusted proxy forwarded, and
/// only a trusted proxy's word counts.
#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_host_is_this_site() {
    use axum::extract::ConnectInfo;
    use campaign_server::net::TrustedProxies;
    use std::net::SocketAddr;

    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(AtomicI64::new(NOON_520));
    let state = state_for(dir.path(), FUTIAN, &clock)
        .with_trusted_proxies(TrustedProxies::parse("10.0.0.5").unwrap());
    let app = router(state, dir.path());
    let sign_in = Request::post("/admin/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "token": FUTIAN }).to_string()))
        .unwrap();
    let answer = send_to(&app, sign_in).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap();
    let cookie = cookie
        .strip_prefix("ck_console=")
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_owned();
    let redeem = |peer: [u8; 4]| {
        let mut request = Request::post("/api/v1/claims/NOSUCHCODE/redeem")
            .header(header::HOST, "127.0.0.1:8080")
            .header("x-forwarded-host", "cmb.example")
            .header(header::ORIGIN, "https://cmb.example")
            .header(header::COOKIE, format!("ck_console={cookie}"))
            .body(Body::empty())
            .unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((peer, 40_000))));
        request
    };
    // Through the proxy: this site, so the lookup runs (and finds no code).
    let answer = send_to(&app, redeem([10, 0, 0, 5])).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.text);
    // The same headers from anyone else: a foreign origin.
    let answer = send_to(&app, redeem([198, 51, 100, 9])).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    assert!(
        answer.text.contains("cross-site request"),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn rotating_a_staff_token_ends_its_sessions() {
    let server = server();
    let cookie = sign_in(&server, FUTIAN).await;
    let rotated = router(
        state_for(
            server.dir.path(),
            "futian-branch-token-ROTATED",
            &server.clock,
        ),
        server.dir.path(),
    );
    let answer = send_to(
        &rotated,
        with_cookie("GET", "/admin/session", &cookie, None),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text);
    // The same token still opens it on a server that kept it.
    let answer = send(&server, with_cookie("GET", "/admin/session", &cookie, None)).await;
    assert_eq!(answer.status, StatusCode::OK);
}

fn source(page: &Value, source: Value) -> Value {
    page["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["source"] == source)
        .cloned()
        .unwrap_or(Value::Null)
}

fn funnel(value: &Value) -> [u64; 3] {
    [
        value["views"].as_u64().unwrap(),
        value["starts"].as_u64().unwrap(),
        value["results"].as_u64().unwrap(),
    ]
}

#[tokio::test]
async fn the_overview_counts_each_channel_and_day() {
    let server = server();
    let page = "member-survey";
    // Yesterday: one visitor through the moments link.
    server.at(NOON_520 - DAY);
    #[rustfmt::skip]
    post_events(&server, events_of(page, &[
        (1, "visitor-v1", "page_view", Some("moments")),
        (2, "visitor-v1", "page_started", Some("moments")),
    ])).await;
    submit(
        &server,
        1,
        "visitor-v1",
        member_answers("friend", 5, 9, None),
        Some("moments"),
        None,
    )
    .await;
    // Today: the menu, an invitation, two direct views, an unnamed code.
    server.at(NOON_520);
    #[rustfmt::skip]
    let mut today = events_of(page, &[
        (3, "visitor-v2", "page_view", Some("menu")),
        (4, "visitor-v2", "page_started", Some("menu")),
        (5, "visitor-v2", "page_started", Some("menu")),
        (7, "visitor-v4", "page_view", None),
        (8, "visitor-v4", "page_view", None),
        (9, "visitor-v4", "page_started", None),
        (10, "visitor-v5", "page_view", Some("poster9")),
        (11, "visitor-v5", "survey_section_completed", Some("poster9")),
    ]);
    today.push(event(
        6,
        page,
        "visitor-v3",
        "page_view",
        None,
        json!({ "referred": true }),
    ));
    post_events(&server, today).await;
    submit(
        &server,
        2,
        "visitor-v2",
        member_answers("friend", 4, 10, None),
        Some("menu"),
        None,
    )
    .await;
    #[rustfmt::skip]
    submit(&server, 3, "visitor-v3", member_answers("friend", 3, 3, None), None, Some("K7Q29XMA"))
        .await;
    draw(&server, 9, Some("moments")).await;

    let answer = admin_get(&server, "/api/v1/admin/overview?days=2").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let overview = &answer.body;
    assert_eq!(overview["today"], "2026-05-20");
    assert_eq!(
        overview["channels"],
        json!([
            { "code": "menu", "name": "公众号菜单" },
            { "code": "moments", "name": "朋友圈" },
            { "code": "poster9", "name": "poster9" }
        ])
    );
    let pages = overview["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 8, "every page of the campaign");
    let survey = pages.iter().find(|p| p["page_id"] == page).unwrap();
    assert_eq!(survey["kind"], "survey");
    assert_eq!(funnel(&survey["total"]), [6, 3, 3]);
    assert_eq!(funnel(&survey["today"]), [5, 2, 2]);
    let daily = survey["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 2);
    assert_eq!(daily[0]["day"], "2026-05-19");
    assert_eq!(funnel(&daily[0]), [1, 1, 1]);
    assert_eq!(daily[1]["day"], "2026-05-20");
    assert_eq!(funnel(&daily[1]), [5, 2, 2]);
    let order: Vec<Value> = survey["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["source"].clone())
        .collect();
    assert_eq!(
        order,
        [
            json!({ "type": "channel", "code": "menu" }),
            json!({ "type": "channel", "code": "moments" }),
            json!({ "type": "channel", "code": "poster9" }),
            json!({ "type": "referral" }),
            json!({ "type": "direct" }),
        ]
    );
    let expected = [
        (json!({ "type": "channel", "code": "menu" }), [1, 1, 1]),
        (json!({ "type": "channel", "code": "moments" }), [1, 1, 1]),
        (json!({ "type": "channel", "code": "poster9" }), [1, 0, 0]),
        (json!({ "type": "referral" }), [1, 0, 1]),
        (json!({ "type": "direct" }), [2, 1, 0]),
    ];
    for (key, counts) in expected {
        assert_eq!(funnel(&source(survey, key.clone())), counts, "{key}");
    }

    let lottery = pages.iter().find(|p| p["page_id"] == "draw-520").unwrap();
    assert_eq!(funnel(&lottery["total"]), [0, 0, 1]);
    assert_eq!(
        lottery["sources"],
        json!([
            { "source": { "type": "channel", "code": "moments" }, "views": 0, "starts": 0, "results": 1 },
            { "source": { "type": "direct" }, "views": 0, "starts": 0, "results": 0 }
        ])
    );
    // A quiet page has its days and the direct source, all zero.
    let quiz = pages.iter().find(|p| p["page_id"] == "quiz-520").unwrap();
    assert_eq!(quiz["daily"].as_array().unwrap().len(), 2);
    assert_eq!(quiz["sources"].as_array().unwrap().len(), 1);

    for bad in ["0", "91", "x"] {
        let answer = admin_get(&server, &format!("/api/v1/admin/overview?days={bad}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn survey_stats_tally_choices_averages_and_nps() {
    let server = server();
    submit(
        &server,
        1,
        "visitor-s1",
        member_answers("friend", 5, 9, None),
        None,
        None,
    )
    .await;
    submit(
        &server,
        2,
        "visitor-s2",
        member_answers("wechat_article", 4, 10, None),
        None,
        None,
    )
    .await;
    submit(
        &server,
        3,
        "visitor-s3",
        member_answers("friend", 3, 3, Some("更多线下活动")),
        None,
        None,
    )
    .await;
    let answer = admin_get(&server, "/api/v1/admin/pages/member-survey").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let stats = &answer.body;
    assert_eq!(stats["kind"], "survey");
    assert_eq!(stats["responses"], 3);
    let question = |id: &str| {
        stats["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|question| question["id"] == id)
            .cloned()
            .unwrap()
    };
    let channel = question("channel");
    let count = |value: &str| {
        channel["choices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|choice| choice["value"] == value)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(count("friend"), 2);
    assert_eq!(count("wechat_article"), 1);
    assert_eq!(count("branch_staff"), 0);
    assert_eq!(channel["answered"], 3);
    let satisfaction = question("satisfaction");
    assert_eq!(satisfaction["average"], 4.0);
    assert_eq!(satisfaction["scale"], 5);
    let recommend = question("recommend");
    assert_eq!(recommend["average"], 7.33);
    // Two promoters, one detractor, of three.
    assert_eq!(recommend["nps"], 33);
    assert_eq!(question("wish")["texts"], 1);

    let unknown = admin_get(&server, "/api/v1/admin/pages/nope").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["error"]["code"], "unknown_page");
    let funnel_only = admin_get(&server, "/api/v1/admin/pages/quiz-520").await;
    assert_eq!(
        funnel_only.body,
        json!({ "kind": "funnel", "page_id": "quiz-520" })
    );
}

#[tokio::test]
async fn other_pages_show_stock_groups_and_leaders() {
    let server = server();
    let code = draw(&server, 1, None).await;
    draw(&server, 2, None).await;
    let redeem = Request::post(format!("/api/v1/claims/{code}/redeem"))
        .header(header::AUTHORIZATION, format!("Bearer {ADMIN}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&server, redeem).await.status, StatusCode::OK);
    let answer = admin_get(&server, "/api/v1/admin/pages/draw-520").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let stats = &answer.body;
    assert_eq!(stats["kind"], "draw");
    assert_eq!(
        stats["prizes"][0],
        json!({ "id": "vip", "name": "腾讯视频 VIP 月卡", "inventory": 10, "won": 2, "left": 8 })
    );
    assert_eq!(stats["prizes"][1]["inventory"], Value::Null);
    assert_eq!(stats["winners"], 2);
    assert_eq!(stats["redeemed"], 1);
    let daily = stats["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 14);
    assert_eq!(
        daily[13],
        json!({ "day": "2026-05-20", "draws": 2, "wins": 2 })
    );

    let answer = admin_get(&server, "/api/v1/admin/pages/city-group").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["kind"], "groups");
    let group = &answer.body["groups"][0];
    assert_eq!(group["members"], 0);
    assert!(group["area"].as_str().unwrap().contains(' '), "{group}");

    let answer = admin_get(&server, "/api/v1/admin/pages/invite").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        answer.body,
        json!({ "kind": "referral", "page_id": "invite", "leaders": [], "held": 0 })
    );
}

#[tokio::test]
async fn text_answers_come_newest_first_a_page_at_a_time() {
    let server = server();
    submit(
        &server,
        1,
        "visitor-t1",
        member_answers("friend", 5, 9, Some("one")),
        None,
        None,
    )
    .await;
    submit(
        &server,
        2,
        "visitor-t2",
        member_answers("friend", 5, 9, None),
        None,
        None,
    )
    .await;
    submit(
        &server,
        3,
        "visitor-t3",
        member_answers("friend", 5, 9, Some("two")),
        None,
        None,
    )
    .await;
    submit(
        &server,
        4,
        "visitor-t4",
        member_answers("friend", 5, 9, Some("three")),
        None,
        None,
    )
    .await;
    let uri = "/api/v1/admin/pages/member-survey/texts?question=wish&limit=2";
    let first = admin_get(&server, uri).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let texts: Vec<&str> = first.body["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|answer| answer["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["three", "two"]);
    assert_eq!(first.body["answers"][0]["received_at"], NOON_520);
    let next = first.body["next"].as_str().unwrap();
    let second = admin_get(&server, &format!("{uri}&after={next}")).await;
    assert_eq!(
        second.body["answers"],
        json!([{ "text": "one", "received_at": NOON_520 }])
    );
    assert_eq!(second.body["next"], Value::Null);
    for question in ["channel", "nope"] {
        let answer = send(
            &server,
            admin(
                "GET",
                &format!("/api/v1/admin/pages/member-survey/texts?question={question}"),
                None,
            ),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{question}"
        );
    }
}

/// An invitation of `friend` by `inviter` on the invite page, held for review.
async fn held_invitation(server: &Server, inviter: &str, friend: &str, goal_met: bool) -> String {
    let request = json!({ "campaign_id": CAMPAIGN, "page_id": "invite", "visitor_id": inviter });
    let answer = send(server, json_post("/api/v1/invite-codes", request)).await;
    assert!(answer.status.is_success(), "{}", answer.text);
    let code = answer.body["code"].as_str().unwrap().to_owned();
    let visit =
        json!({ "campaign_id": CAMPAIGN, "code": code, "visitor_id": friend, "page_id": null });
    let answer = send(server, json_post("/api/v1/referrals/visits", visit)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let goal = if goal_met { ", goal_met_at = 1" } else { "" };
    let changed = support::execute(
        &server.db(),
        &format!(
            "UPDATE referral_visits SET status = 'review'{goal} WHERE visitor_id = '{friend}'"
        ),
    );
    assert_eq!(changed, 1);
    code
}

async fn standing(server: &Server, visitor: &str) -> Value {
    let request = Request::get(format!("/api/v1/referrals/invite?visitor={visitor}"))
        .body(Body::empty())
        .unwrap();
    send(server, request).await.body
}

#[tokio::test]
async fn reviews_count_or_reject_an_invitation_once() {
    let server = server();
    held_invitation(&server, "visitor-inviter", "visitor-friend1", true).await;
    held_invitation(&server, "visitor-inviter", "visitor-friend2", false).await;
    assert_eq!(standing(&server, "visitor-inviter").await["review"], 2);
    let held = admin_get(&server, "/api/v1/referrals?page=invite&status=review").await;
    assert_eq!(held.status, StatusCode::OK, "{}", held.text);
    assert_eq!(held.body["visits"].as_array().unwrap().len(), 2);
    let board = admin_get(&server, "/api/v1/admin/pages/invite").await;
    assert_eq!(board.body["held"], 2);

    let approve = json!({ "page_id": "invite", "visitor_id": "visitor-friend1", "approve": true });
    let answer = send(
        &server,
        admin("POST", "/api/v1/referrals/review", Some(approve.clone())),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["status"], "counted");
    assert_eq!(answer.body["decided_by"], "admin");
    assert_eq!(answer.body["decided_at"], NOON_520);
    let after = standing(&server, "visitor-inviter").await;
    assert_eq!(
        (after["invites"].clone(), after["review"].clone()),
        (json!(1), json!(1))
    );
    let again = send(
        &server,
        admin("POST", "/api/v1/referrals/review", Some(approve)),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert!(again.text.contains("counted"), "{}", again.text);

    let too_long = "很".repeat(201);
    let reject = |reason: &str| json!({ "page_id": "invite", "visitor_id": "visitor-friend2", "approve": false, "reason": reason });
    let answer = send(
        &server,
        admin("POST", "/api/v1/referrals/review", Some(reject(&too_long))),
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    let answer = send(
        &server,
        admin(
            "POST",
            "/api/v1/referrals/review",
            Some(reject("  同一设备批量注册 ")),
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["status"], "rejected");
    let rejected = admin_get(&server, "/api/v1/referrals?page=invite&status=rejected").await;
    let visit = &rejected.body["visits"][0];
    assert_eq!(visit["visitor_id"], "visitor-friend2");
    assert_eq!(visit["decision_reason"], "同一设备批量注册");
    assert_eq!(visit["decided_by"], "admin");
    assert_eq!(visit["decided_at"], NOON_520);
    assert_eq!(standing(&server, "visitor-inviter").await["review"], 0);

    let nobody = json!({ "page_id": "invite", "visitor_id": "visitor-nobody", "approve": true });
    let answer = send(
        &server,
        admin("POST", "/api/v1/referrals/review", Some(nobody)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.text);
    let bad = admin_get(&server, "/api/v1/referrals?status=maybe").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn winners_list_only_draws_with_a_claim_code() {
    let server = server();
    draw(&server, 1, None).await;
    let answer = admin_get(&server, "/api/v1/draws?page=draw-520&won=1").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["draws"].as_array().unwrap().len(), 1);
    support::execute(
        &server.db(),
        "UPDATE draws SET claim_code = NULL, blank = 1",
    );
    let answer = admin_get(&server, "/api/v1/draws?page=draw-520&won=1").await;
    assert_eq!(answer.body["draws"].as_array().unwrap().len(), 0);
    let answer = admin_get(&server, "/api/v1/draws?page=draw-520").await;
    assert_eq!(answer.body["draws"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_export_filters_by_beijing_day_and_names_the_channel() {
    let server = server();
    // 23:30 on 19 May in Beijing (15:30 UTC): the 19th, not the 20th.
    server.at(NOON_520 - 12 * 3_600_000 - 30 * 60_000);
    submit(
        &server,
        1,
        "visitor-e1",
        member_answers("friend", 5, 9, None),
        Some("moments"),
        None,
    )
    .await;
    server.at(NOON_520);
    submit(
        &server,
        2,
        "visitor-e2",
        member_answers("friend", 5, 9, None),
        Some("menu"),
        None,
    )
    .await;
    submit(
        &server,
        3,
        "visitor-e3",
        member_answers("friend", 5, 9, None),
        None,
        None,
    )
    .await;

    let all = admin_get(&server, "/api/v1/export.csv").await;
    assert_eq!(all.status, StatusCode::OK);
    let header = all.text.lines().next().unwrap();
    assert_eq!(
        header,
        "\u{feff}id,received_at,page_id,page_kind,visitor_id,referral_code,client_ts,payload,channel"
    );
    assert_eq!(all.text.lines().count(), 4);

    let today = send(
        &server,
        admin(
            "GET",
            "/api/v1/export.csv?page=member-survey&from=2026-05-20&to=2026-05-20",
            None,
        ),
    )
    .await;
    assert_eq!(today.status, StatusCode::OK);
    let rows: Vec<&str> = today.text.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", today.text);
    assert!(
        rows[0].contains("visitor-e2") && rows[0].ends_with(",menu"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("visitor-e3") && rows[1].ends_with("}}}\","),
        "{}",
        rows[1]
    );
    let yesterday = admin_get(&server, "/api/v1/export.csv?to=2026-05-19").await;
    let rows: Vec<&str> = yesterday.text.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{}", yesterday.text);
    assert!(rows[0].contains("visitor-e1") && rows[0].ends_with(",moments"));

    for bad in ["from=2026-13-01", "to=yesterday"] {
        let answer = admin_get(&server, &format!("/api/v1/export.csv?{bad}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn the_console_shell_is_served_unframed_and_uncached() {
    let server = server();
    for uri in [
        "/admin",
        "/admin/",
        "/admin/redeem",
        "/admin/p/member-survey",
    ] {
        let answer = send(&server, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(answer.text.contains("<title>Console</title>"));
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(answer.headers["x-robots-tag"], "noindex");
        let policy = answer.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(
            policy.contains("'sha256-"),
            "the inline script is allowed by hash: {policy}"
        );
    }
    let bare = tempfile::tempdir().unwrap();
    let clock = Arc::new(AtomicI64::new(NOON_520));
    let app = router(state_for(bare.path(), FUTIAN, &clock), bare.path());
    let answer = send_to(&app, Request::get("/admin").body(Body::empty()).unwrap()).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(
        answer
            .text
            .contains("the console is not built; run cargo xtask build")
    );
}

fn run_links(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_campaign-server"))
        .arg("links")
        .args(args)
        .output()
        .unwrap()
}

/// A PNG's width and height, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&bytes[12..16], b"IHDR");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn links_print_each_channel_and_write_its_qr_code() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("campaign.json");
    std::fs::write(&config, campaign_json().to_string()).unwrap();
    let out = dir.path().join("qr");
    let output = run_links(&[
        "invite",
        "--campaign",
        config.to_str().unwrap(),
        "--base",
        "https://pages.example/",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "menu\t公众号菜单\thttps://pages.example/p/invite?ch=menu"
    );
    assert_eq!(
        lines[1],
        "moments\t朋友圈\thttps://pages.example/p/invite?ch=moments"
    );
    assert!(
        lines[2].ends_with("\thttps://pages.example/p/invite"),
        "{}",
        lines[2]
    );
    for file in ["invite-menu.png", "invite-moments.png", "invite.png"] {
        let bytes = std::fs::read(out.join(file)).unwrap();
        let (width, height) = png_size(&bytes);
        // At least a version 1 code (21 modules) and its quiet zone, 8 px each.
        assert_eq!(width, height);
        assert!(width >= (21 + 8) * 8 && width % 8 == 0, "{file}: {width}");
    }

    let output = run_links(&["nope", "--campaign", config.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no page `nope`") && stderr.contains("member-survey"),
        "{stderr}"
    );

    let mut plain = campaign_json();
    plain.as_object_mut().unwrap().remove("channels");
    std::fs::write(&config, plain.to_string()).unwrap();
    let output = run_links(&[
        "invite",
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(stdout.starts_with("-\t"), "{stdout}");
    assert!(stdout.contains("\"channels\""), "{stdout}");
}
