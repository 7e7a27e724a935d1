//! The JD course funnel through the real router and SQLite, with a clock the
//! tests move: sign-ups fill a cohort and hand over to the next, once per
//! person, until `closes_at`; check-ins count once per day on the server's
//! clock, with day one's hometown on the wall; and the server, not the page,
//! decides who graduates and what the certificate says.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_core::checkin::CheckinRefusal;
use campaign_core::course::SignUpRefusal;
use campaign_core::envelope::uuid_v4;
use campaign_core::{Locale, Page, parse_campaign};
use campaign_server::{AppState, router};
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use tower::ServiceExt;

const JD_COURSE: &str = include_str!("../../static/campaigns/jd-course.json");
const ADMIN: &str = "test-admin-token";
const CAMPAIGN: &str = "jd-course";
const SECRET: &str = "a-test-secret-of-at-least-32-bytes!!";
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// 2026-12-05T12:00:00+08:00: sign-up is open (it closes on the 6th at 22:00).
const SIGN_UP_OPEN_MS: i64 = 1_796_443_200_000;
/// 2026-12-07T10:00:00+08:00, day 1 of cohort `c12`.
const C12_DAY_ONE_MS: i64 = 1_796_608_800_000;

/// The JD example with tokens (`signed`) and cohorts of `capacity` seats.
fn campaign(capacity: u32) -> campaign_core::Campaign {
    let mut campaign: Value = serde_json::from_str(JD_COURSE).unwrap();
    campaign["identity"] = "signed".into();
    for cohort in campaign["pages"][0]["cohorts"].as_array_mut().unwrap() {
        cohort["capacity"] = capacity.into();
    }
    parse_campaign(&campaign.to_string()).unwrap_or_else(|errors| panic!("{errors}"))
}

struct Server {
    app: Router,
    clock: Arc<AtomicI64>,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start(capacity: u32, now_ms: i64) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let store = support::store(&dir.path().join("test.sqlite"));
        let clock = Arc::new(AtomicI64::new(now_ms));
        let read = clock.clone();
        let state = AppState::new(campaign(capacity), store, ADMIN, dir.path())
            .with_identity_secret(SECRET.as_bytes())
            .unwrap()
            .with_clock(move || read.load(Ordering::SeqCst));
        Server {
            app: router(state, dir.path()),
            clock,
            _dir: dir,
        }
    }

    fn set_clock(&self, now_ms: i64) {
        self.clock.store(now_ms, Ordering::SeqCst);
    }

    fn token(&self, sub: &str) -> String {
        let exp = self.clock.load(Ordering::SeqCst) / 1000 + 3600;
        encode(
            &Header::new(Algorithm::HS256),
            &json!({ "sub": sub, "aud": CAMPAIGN, "exp": exp }),
            &EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .unwrap()
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn submit(&self, envelope: &Value, person: Option<&str>) -> (StatusCode, Value) {
        let mut request = Request::post("/api/v1/submissions")
            .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
            .header("Idempotency-Key", envelope["id"].as_str().unwrap());
        if let Some(person) = person {
            request = request.header(
                header::AUTHORIZATION,
                format!("Bearer {}", self.token(person)),
            );
        }
        self.send(request.body(Body::from(envelope.to_string())).unwrap())
            .await
    }

    async fn get(&self, path: &str, person: Option<&str>) -> (StatusCode, Value) {
        let mut request = Request::get(path);
        if let Some(person) = person {
            request = request.header(
                header::AUTHORIZATION,
                format!("Bearer {}", self.token(person)),
            );
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn hide(&self, id: &str, admin: Option<&str>) -> (StatusCode, Value) {
        let mut request = Request::post("/api/v1/checkins/checkin/wall/hide")
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(admin) = admin {
            request = request.header(header::AUTHORIZATION, format!("Bearer {admin}"));
        }
        self.send(
            request
                .body(Body::from(json!({ "id": id }).to_string()))
                .unwrap(),
        )
        .await
    }
}

fn key(n: u64) -> String {
    let mut random = [9u8; 16];
    random[..8].copy_from_slice(&n.to_be_bytes());
    uuid_v4(random)
}

fn envelope(n: u64, page: &str, kind: &str, visitor: &str, payload: Value) -> Value {
    json!({
        "id": key(n),
        "campaign_id": CAMPAIGN,
        "page_id": page,
        "page_kind": kind,
        "visitor_id": visitor,
        "client_ts": SIGN_UP_OPEN_MS,
        "payload": payload,
    })
}

/// Sign-up number `n` from device `visitor`, in `name`.
fn sign_up(n: u64, visitor: &str, name: &str) -> Value {
    envelope(
        n,
        "course",
        "course",
        visitor,
        json!({ "answers": {
            "name": { "text": name },
            "mobile": { "mobile": { "number": "13800138000", "consent": true } },
            "level": { "single": { "value": "funds" } },
        }}),
    )
}

fn check_in(n: u64, visitor: &str, day: u32, hometown: Option<Value>) -> Value {
    let mut payload = json!({ "day": day });
    if let Some(hometown) = hometown {
        payload["hometown"] = hometown;
    }
    envelope(n, "checkin", "checkin", visitor, payload)
}

#[tokio::test]
async fn a_full_cohort_hands_over_to_the_next_and_each_person_signs_up_once() {
    let server = Server::start(2, SIGN_UP_OPEN_MS).await;

    // Seats are 2 a cohort, and the page shows counts of 30 or fewer.
    let (status, standing) = server
        .get("/api/v1/courses/course?visitor=v-phone-0001", Some("ann"))
        .await;
    assert_eq!(status, StatusCode::OK, "{standing}");
    assert_eq!(standing["open"], true);
    assert_eq!(standing["next_cohort"], "c12");
    assert_eq!(standing["remaining"], 2);
    assert_eq!(standing["sign_up"], Value::Null);

    let (status, first) = server
        .submit(&sign_up(1, "v-phone-0001", "安妮"), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["status"], "stored");
    assert_eq!(
        first["sign_up"],
        json!({
            "cohort": "c12",
            "cohort_name": "第 12 期",
            "starts_on": "2026-12-07",
            "class_group": "小白理财 12 期 1 班",
            "already_signed_up": false,
        })
    );
    // A retry of the same envelope: the same place, as a duplicate.
    let (status, replay) = server
        .submit(&sign_up(1, "v-phone-0001", "安妮"), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::OK, "{replay}");
    assert_eq!(replay["status"], "duplicate");
    assert_eq!(replay["sign_up"]["cohort"], "c12");
    assert_eq!(replay["sign_up"]["already_signed_up"], false);
    // Ann again on her tablet: her first place, and no second seat.
    let (status, again) = server
        .submit(&sign_up(2, "v-tablet-0002", "安妮"), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["sign_up"]["cohort"], "c12");
    assert_eq!(again["sign_up"]["already_signed_up"], true);

    let (status, second) = server
        .submit(&sign_up(3, "v-phone-0003", "鲍勃"), Some("bob"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    assert_eq!(second["sign_up"]["cohort"], "c12", "the last seat of c12");
    let (status, third) = server
        .submit(&sign_up(4, "v-phone-0004", "凯西"), Some("cathy"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{third}");
    assert_eq!(
        third["sign_up"]["cohort"], "c13",
        "c12 is full: the next cohort"
    );
    assert_eq!(third["sign_up"]["class_group"], "小白理财 13 期 1 班");

    let (_, standing) = server
        .get("/api/v1/courses/course?visitor=v-tablet-0002", Some("ann"))
        .await;
    assert_eq!(standing["sign_up"]["cohort"], "c12");
    assert_eq!(standing["next_cohort"], "c13");
    assert_eq!(standing["remaining"], 1);

    server
        .submit(&sign_up(5, "v-phone-0005", "丹"), Some("dan"))
        .await;
    let (status, full) = server
        .submit(&sign_up(6, "v-phone-0006", "伊娃"), Some("eva"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{full}");
    assert_eq!(full["error"]["code"], "cohorts_full");
    assert_eq!(
        full["error"]["message"],
        SignUpRefusal::Full.message(Locale::ZhCn)
    );
    let (_, standing) = server
        .get("/api/v1/courses/course?visitor=v-phone-0006", Some("eva"))
        .await;
    assert_eq!(standing["open"], false);
    assert_eq!(standing["next_cohort"], Value::Null);
    assert_eq!(standing["remaining"], Value::Null);

    // Only stored sign-ups reach the results, one per person.
    let (status, listed) = server
        .send(
            Request::get("/api/v1/submissions?page=course")
                .header(header::AUTHORIZATION, format!("Bearer {ADMIN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["submissions"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn sign_up_closes_at_its_time_by_the_servers_clock_and_rechecks_the_form() {
    let server = Server::start(200, SIGN_UP_OPEN_MS).await;

    // The form's rules run again on the server: a mobile without consent.
    let mut careless = sign_up(1, "v-phone-0001", "安妮");
    careless["payload"]["answers"]["mobile"]["mobile"]["consent"] = false.into();
    let (status, body) = server.submit(&careless, Some("ann")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_answers");
    // A signed campaign takes no sign-up without a person.
    let (status, body) = server
        .submit(&sign_up(2, "v-phone-0001", "安妮"), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    // 2026-12-06T22:00:00+08:00 is `closes_at`: a second before, open; at it, closed.
    let closes_ms = SIGN_UP_OPEN_MS + 34 * HOUR_MS;
    server.set_clock(closes_ms - 1000);
    let (status, body) = server
        .submit(&sign_up(3, "v-phone-0001", "安妮"), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    server.set_clock(closes_ms);
    let (status, late) = server
        .submit(&sign_up(4, "v-phone-0002", "鲍勃"), Some("bob"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{late}");
    assert_eq!(late["error"]["code"], "sign_up_closed");
    assert_eq!(
        late["error"]["message"],
        SignUpRefusal::Closed.message(Locale::ZhCn)
    );
    // Ann still holds her place after the close.
    let (_, standing) = server
        .get("/api/v1/courses/course?visitor=v-phone-0001", Some("ann"))
        .await;
    assert_eq!(standing["sign_up"]["cohort"], "c12");
    assert_eq!(standing["open"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_sign_ups_never_overfill_a_cohort() {
    let server = Arc::new(Server::start(5, SIGN_UP_OPEN_MS).await);
    let mut tasks = Vec::new();
    for n in 0..14u64 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let person = format!("person-{n}");
            let visitor = format!("v-phone-{n:04}");
            server
                .submit(&sign_up(100 + n, &visitor, "学员"), Some(&person))
                .await
        }));
    }
    let mut cohorts = std::collections::BTreeMap::<String, usize>::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        let cohort = match status {
            StatusCode::CREATED => body["sign_up"]["cohort"].as_str().unwrap().to_owned(),
            StatusCode::CONFLICT => body["error"]["code"].as_str().unwrap().to_owned(),
            other => panic!("{other}: {body}"),
        };
        *cohorts.entry(cohort).or_default() += 1;
    }
    assert_eq!(
        cohorts,
        [("c12", 5), ("c13", 5), ("cohorts_full", 4)]
            .map(|(name, count)| (name.to_owned(), count))
            .into()
    );
}

#[tokio::test]
async fn check_ins_count_once_a_day_with_the_hometown_on_day_one_and_graduation_decided_by_the_server()
 {
    let server = Server::start(200, SIGN_UP_OPEN_MS).await;
    let checkin_refusal = |body: &Value, refusal: CheckinRefusal| {
        assert_eq!(
            body["error"]["message"],
            refusal.message(Locale::ZhCn),
            "{body}"
        );
    };

    // Nobody who has not signed up checks in.
    let (status, body) = server
        .submit(&check_in(1, "v-phone-0001", 1, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "not_signed_up");
    let (status, standing) = server
        .get("/api/v1/checkins/checkin?visitor=v-phone-0001", Some("ann"))
        .await;
    assert_eq!(status, StatusCode::OK, "{standing}");
    assert_eq!(standing["sign_up"], Value::Null);
    assert_eq!(standing["progress"], Value::Null);

    let (status, _) = server
        .submit(&sign_up(2, "v-phone-0001", "安妮"), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let shenzhen = json!({ "province": "广东", "city": "深圳市", "line": "深圳的朋友们好！" });

    // Before day 1, nothing counts.
    let (status, body) = server
        .submit(
            &check_in(3, "v-phone-0001", 1, Some(shenzhen.clone())),
            Some("ann"),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "course_not_started");

    // Day 1 (Beijing time): the hometown is required, then counts and is
    // stored as the wall names it.
    server.set_clock(C12_DAY_ONE_MS);
    let (status, body) = server
        .submit(&check_in(4, "v-phone-0001", 1, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "hometown_required");
    checkin_refusal(&body, CheckinRefusal::HometownRequired);
    let bad = json!({ "province": "火星", "city": "奥林匹斯" });
    let (status, body) = server
        .submit(&check_in(5, "v-phone-0001", 1, Some(bad)), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_hometown");
    let day_one = check_in(6, "v-phone-0001", 1, Some(shenzhen.clone()));
    let (status, body) = server.submit(&day_one, Some("ann")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["checkin"]["day"], 1);
    assert_eq!(body["checkin"]["timing"], "on_time");
    assert_eq!(body["checkin"]["progress"]["today"], 1);
    assert_eq!(body["checkin"]["progress"]["total"], 1);
    assert_eq!(body["checkin"]["progress"]["streak"], 1);
    // A retry is the same check-in.
    let (status, body) = server.submit(&day_one, Some("ann")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "duplicate");
    // Another check-in for the same day is refused with a sentence.
    let (status, body) = server
        .submit(
            &check_in(7, "v-tablet-0002", 1, Some(shenzhen.clone())),
            Some("ann"),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "already_checked_in");
    checkin_refusal(&body, CheckinRefusal::AlreadyCheckedIn);
    // Tomorrow's task is not open yet.
    let (status, body) = server
        .submit(&check_in(8, "v-phone-0001", 2, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "day_not_yet");

    // The wall: Ann counts for 广东省, with her line.
    let (status, wall) = server.get("/api/v1/checkins/checkin/wall", None).await;
    assert_eq!(status, StatusCode::OK, "{wall}");
    assert_eq!(wall["total"], 1);
    assert_eq!(
        wall["provinces"],
        json!([{ "province": "广东省", "short": "广东", "count": 1 }])
    );
    assert_eq!(wall["latest"][0]["line"], "深圳的朋友们好！");
    assert_eq!(wall["latest"][0]["city"], "深圳市");
    let line_id = wall["latest"][0]["id"].as_str().unwrap().to_owned();

    // Day 3: day 2 was missed and is made up (one make-up, within 2 days).
    server.set_clock(C12_DAY_ONE_MS + 2 * DAY_MS);
    let (status, body) = server
        .submit(&check_in(9, "v-phone-0001", 3, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = server
        .submit(&check_in(10, "v-phone-0001", 2, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["checkin"]["timing"], "make_up");
    assert_eq!(body["checkin"]["progress"]["make_ups_left"], 0);
    assert_eq!(body["checkin"]["progress"]["streak"], 3);

    // Days 4 to 6 on time make six days: a graduate, not before.
    for (n, day) in [(11, 4), (12, 5)] {
        server.set_clock(C12_DAY_ONE_MS + i64::from(day - 1) * DAY_MS);
        let (status, body) = server
            .submit(&check_in(n, "v-phone-0001", day, None), Some("ann"))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, early) = server
        .get(
            "/api/v1/checkins/checkin/certificate?visitor=v-phone-0001",
            Some("ann"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{early}");
    assert_eq!(early["eligible"], false);
    assert_eq!(early["days_checked_in"], 5);
    assert_eq!(early["days_needed"], 6);
    assert!(early.get("certificate").is_none(), "{early}");

    server.set_clock(C12_DAY_ONE_MS + 5 * DAY_MS);
    let (status, body) = server
        .submit(&check_in(13, "v-phone-0001", 6, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["checkin"]["progress"]["graduated"], true);
    let (_, standing) = server
        .get(
            "/api/v1/checkins/checkin?visitor=v-tablet-0002",
            Some("ann"),
        )
        .await;
    assert_eq!(standing["sign_up"]["cohort"], "c12");
    assert_eq!(standing["progress"]["total"], 6);
    assert_eq!(standing["hometown"]["province"], "广东省");
    let states: Vec<&str> = standing["progress"]["strip"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| day["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        [
            "done", "made_up", "done", "done", "done", "done", "upcoming"
        ]
    );

    let (status, graduate) = server
        .get(
            "/api/v1/checkins/checkin/certificate?visitor=v-phone-0001",
            Some("ann"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{graduate}");
    assert_eq!(graduate["eligible"], true);
    let certificate = &graduate["certificate"];
    assert_eq!(certificate["name"], "安妮");
    assert_eq!(certificate["course"], "7 天小白理财实操课");
    assert_eq!(certificate["cohort_name"], "第 12 期");
    assert_eq!(certificate["days_checked_in"], 6);
    assert_eq!(certificate["date"], "2026-12-12");
    assert_eq!(certificate["advisor"], "林知远");
    let code = certificate["referral_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8, "{code}");
    // The same code every time: it names the graduate.
    let (_, again) = server
        .get(
            "/api/v1/checkins/checkin/certificate?visitor=v-tablet-0002",
            Some("ann"),
        )
        .await;
    assert_eq!(again["certificate"]["referral_code"], code.as_str());
    // The certificate's QR code invites a friend to the next intake with it.
    let campaign = campaign(200);
    let Some(Page::Checkin(checkin)) = campaign.page("checkin") else {
        panic!("no check-in page");
    };
    assert_eq!(
        campaign.certificate_invite_url(checkin, &code).unwrap(),
        format!("https://h5.jd.example/course/c14?ref={code}")
    );
    // Someone else's certificate is not Ann's to ask for.
    let (status, body) = server
        .get(
            "/api/v1/checkins/checkin/certificate?visitor=v-phone-0001",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    // A seventh check-in on day 6 is refused with a sentence.
    let (status, body) = server
        .submit(&check_in(14, "v-phone-0001", 6, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    checkin_refusal(&body, CheckinRefusal::AlreadyCheckedIn);

    // Staff take Ann's line off the wall; her province still counts.
    let (status, _) = server.hide(&line_id, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = server.hide(&line_id, Some(ADMIN)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, body) = server.hide("no-such-line", Some(ADMIN)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (_, wall) = server.get("/api/v1/checkins/checkin/wall", None).await;
    assert_eq!(wall["total"], 1);
    assert_eq!(wall["latest"], json!([]));

    // After the course, check-ins close.
    server.set_clock(C12_DAY_ONE_MS + 7 * DAY_MS);
    let (status, body) = server
        .submit(&check_in(15, "v-phone-0001", 7, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "course_over");
}

#[tokio::test]
async fn make_ups_are_limited_by_the_config() {
    let server = Server::start(200, SIGN_UP_OPEN_MS).await;
    server
        .submit(&sign_up(1, "v-phone-0001", "安妮"), Some("ann"))
        .await;
    // Day 5: days 1 to 4 were missed. Day 2 is further back than 2 days.
    server.set_clock(C12_DAY_ONE_MS + 4 * DAY_MS);
    let (status, body) = server
        .submit(&check_in(2, "v-phone-0001", 2, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "make_up_too_late");
    let (status, body) = server
        .submit(&check_in(3, "v-phone-0001", 4, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["checkin"]["timing"], "make_up");
    // One make-up allowed: the second is refused.
    let (status, body) = server
        .submit(&check_in(4, "v-phone-0001", 3, None), Some("ann"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "make_ups_used");
}

#[tokio::test]
async fn a_learners_sign_up_check_ins_and_wall_line_are_theirs_to_see_and_erase() {
    let server = Server::start(200, SIGN_UP_OPEN_MS).await;
    server
        .submit(&sign_up(1, "v-phone-0001", "安妮"), Some("ann"))
        .await;
    server
        .submit(&sign_up(2, "v-phone-0002", "鲍勃"), Some("bob"))
        .await;
    server.set_clock(C12_DAY_ONE_MS);
    let shenzhen = json!({ "province": "广东省", "city": "深圳市", "line": "大家好" });
    for (n, visitor, person) in [(3, "v-phone-0001", "ann"), (4, "v-phone-0002", "bob")] {
        let (status, body) = server
            .submit(
                &check_in(n, visitor, 1, Some(shenzhen.clone())),
                Some(person),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let admin = |method: &str, path: &str| {
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {ADMIN}"))
            .body(Body::empty())
            .unwrap()
    };
    // Stored as the person, not the device: the sign-up's visitor is Ann's key.
    let (_, listed) = server
        .send(admin("GET", "/api/v1/submissions?page=course"))
        .await;
    let ann = listed["submissions"][0]["visitor_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(ann.starts_with("p-"), "{ann}");

    let (status, data) = server
        .send(admin("GET", &format!("/api/v1/visitors/{ann}")))
        .await;
    assert_eq!(status, StatusCode::OK, "{data}");
    assert_eq!(data["tables"]["course_signups"][0]["name"], "安妮");
    assert_eq!(data["tables"]["checkins"][0]["line"], "大家好");

    let (status, erased) = server
        .send(admin("DELETE", &format!("/api/v1/visitors/{ann}")))
        .await;
    assert_eq!(status, StatusCode::OK, "{erased}");
    assert_eq!(erased["removed"]["course_signups"], 1, "{erased}");
    assert_eq!(erased["removed"]["checkins"], 1, "{erased}");
    // Bob is still on the wall; Ann is not.
    let (_, wall) = server.get("/api/v1/checkins/checkin/wall", None).await;
    assert_eq!(wall["total"], 1);
    assert_eq!(wall["latest"].as_array().unwrap().len(), 1);
    let (_, standing) = server
        .get("/api/v1/checkins/checkin?visitor=v-phone-0001", Some("ann"))
        .await;
    assert_eq!(
        standing["sign_up"],
        Value::Null,
        "her seat is gone with her"
    );
}
