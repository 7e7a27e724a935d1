//! Many servers, one database: real `campaign-server` processes sharing one
//! store, hit at once. What is exactly-once on one server must stay so on two:
//! a prize of ten is won ten times, a pool of ten codes is handed out ten
//! times. On SQLite the two processes share one file; on PostgreSQL
//! (`CK_TEST_POSTGRES`, as `cargo xtask test` runs it) one database.
//!
//! The outage test stops PostgreSQL in the middle of a run of submissions and
//! proves that nothing is lost: it needs `CK_TEST_PG_CTL`, and runs alone.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use campaign_core::delivery::{Verdict, judge};
use campaign_core::envelope::uuid_v4;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
const CAMPAIGN: &str = "cmb-city-community";

/// One `campaign-server serve` process, killed when dropped.
struct ServerProcess {
    child: Child,
    addr: String,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A campaign directory: the demo with ten VIP cards on `draw-520` and the
/// per-minute breakers out of reach (one loopback address sends everything).
struct Site {
    dir: tempfile::TempDir,
    db: String,
    /// Flags every server of the site gets besides the common ones.
    flags: Vec<String>,
}

impl Site {
    fn new() -> Site {
        let mut campaign: Value = serde_json::from_str(DEMO).unwrap();
        let unlimited = 100_000_000;
        campaign["ceilings"] = json!({
            "draws_per_minute": unlimited,
            "reward_codes_per_minute": unlimited,
            "seats_per_minute": unlimited,
            "prize_wins_per_address_per_day": unlimited,
        });
        for page in campaign["pages"].as_array_mut().unwrap() {
            if page["id"] == "draw-520" {
                page["prizes"] = json!([
                    { "id": "vip", "name": "腾讯视频 VIP 月卡", "weight": 1000, "inventory": 10,
                      "claim": "添加企业微信「招行福利官」并发送兑奖码领取。" },
                    { "id": "thanks", "name": "谢谢参与", "weight": 1, "blank": true }
                ]);
            }
        }
        Site::with(campaign, Vec::new())
    }

    fn with(campaign: Value, flags: Vec<String>) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("campaign.json"), campaign.to_string()).unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<!doctype html><html lang=\"zh-CN\"><head><title>Campaign Kit</title></head><body><div id=app></div></body></html>",
        )
        .unwrap();
        let codes: String = (1..=10).map(|n| format!("JD-COUPON-{n:02}\n")).collect();
        std::fs::write(dir.path().join("codes.txt"), codes).unwrap();
        let file = dir.path().join("shared.sqlite");
        let db = match support::postgres() {
            Some(admin) => support::database(&admin, &file),
            None => file.to_string_lossy().into_owned(),
        };
        Site { dir, db, flags }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("shared.sqlite")
    }

    fn serve(&self) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_campaign-server"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--admin-token",
                "scale-token",
            ])
            .arg("--campaign")
            .arg(self.dir.path().join("campaign.json"))
            .args(["--db", &self.db, "--db-pool", "8"])
            .arg("--dist")
            .arg(self.dir.path())
            .args([
                "--rate-per-ip",
                "100000000",
                "--rate-per-visitor",
                "100000000",
            ])
            .arg("--reward-codes")
            .arg(format!(
                "jd-coupons={}",
                self.dir.path().join("codes.txt").display()
            ))
            .args(&self.flags)
            .env("RUST_LOG", "campaign_server=warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut addr = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("Listening on http://") {
                addr = rest.split('/').next().map(str::to_owned);
                break;
            }
        }
        // Keep reading, so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        ServerProcess {
            child,
            addr: addr.expect("the server says where it listens"),
        }
    }
}

/// An answer: status, `Retry-After`, body.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: Value,
}

/// POSTs `body` to `path` on `addr` over a fresh connection.
async fn post(addr: &str, path: &str, body: &Value) -> std::io::Result<Answer> {
    post_with(addr, path, body, "").await
}

/// [`post`], with more header lines (`extra` ends each with `\r\n`).
async fn post_with(addr: &str, path: &str, body: &Value, extra: &str) -> std::io::Result<Answer> {
    let body = body.to_string();
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no header end"))?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let retry_after = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("retry-after")
            .then(|| value.trim().to_owned())
    });
    Ok(Answer {
        status,
        retry_after,
        body: serde_json::from_str(rest).unwrap_or(Value::Null),
    })
}

fn survey_completion(n: u16) -> Value {
    let [high, low] = n.to_be_bytes();
    json!({
        "id": uuid_v4([high, low, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]),
        "campaign_id": CAMPAIGN,
        "page_id": "finance-survey",
        "page_kind": "survey",
        "visitor_id": format!("scale-survey-{n:03}"),
        "client_ts": 1_779_282_840_000i64,
        "payload": { "answers": {
            "interests": { "multiple": { "values": ["fund", "gold"] } },
            "offer_frequency": { "single": { "value": "weekly" } },
            "contact": { "single": { "value": "wecom" } }
        } }
    })
}

fn draw_request(n: u16) -> Value {
    let [high, low] = n.to_be_bytes();
    json!({
        "id": uuid_v4([high, low, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]),
        "campaign_id": CAMPAIGN,
        "page_id": "draw-520",
        "visitor_id": format!("scale-draw-{n:03}"),
    })
}

/// Sends every request at once, alternating between the servers; the answers
/// in request order.
async fn all_at_once(servers: &[&ServerProcess], path: &str, bodies: Vec<Value>) -> Vec<Answer> {
    let tasks: Vec<_> = bodies
        .into_iter()
        .enumerate()
        .map(|(index, body)| {
            let addr = servers[index % servers.len()].addr.clone();
            let path = path.to_owned();
            tokio::spawn(async move { post(&addr, &path, &body).await.unwrap() })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_award_a_prize_of_ten_exactly_ten_times_in_400_concurrent_draws() {
    let site = Site::new();
    let (one, two) = (site.serve(), site.serve());
    let answers = all_at_once(
        &[&one, &two],
        "/api/v1/draw",
        (0..400).map(draw_request).collect(),
    )
    .await;
    let mut won = BTreeSet::new();
    let mut blanks = 0;
    for answer in &answers {
        assert_eq!(answer.status, 201, "{}", answer.body);
        match answer.body["prize"]["id"].as_str() {
            Some("vip") => {
                won.insert(answer.body["claim"]["code"].as_str().unwrap().to_owned());
            }
            Some("thanks") => blanks += 1,
            other => panic!("drew {other:?}"),
        }
    }
    assert_eq!(won.len(), 10, "ten VIP cards, each with its own claim code");
    assert_eq!(blanks, 390);
    assert_eq!(
        support::number(
            &site.path(),
            "SELECT remaining FROM prize_stock WHERE page_id = 'draw-520' AND prize_id = 'vip'"
        ),
        0
    );
    assert_eq!(
        support::number(
            &site.path(),
            "SELECT COUNT(*) FROM draws WHERE prize_id = 'vip'"
        ),
        10
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_hand_a_pool_of_ten_codes_to_ten_of_400_concurrent_completions() {
    let site = Site::new();
    let (one, two) = (site.serve(), site.serve());
    let answers = all_at_once(
        &[&one, &two],
        "/api/v1/submissions",
        (0..400).map(survey_completion).collect(),
    )
    .await;
    let mut codes = BTreeSet::new();
    let mut exhausted = 0;
    for answer in &answers {
        assert_eq!(answer.status, 201, "{}", answer.body);
        match &answer.body["reward"] {
            reward if reward["status"] == "exhausted" => exhausted += 1,
            reward => {
                codes.insert(reward["code"].as_str().unwrap().to_owned());
            }
        }
    }
    let expected: BTreeSet<String> = (1..=10).map(|n| format!("JD-COUPON-{n:02}")).collect();
    assert_eq!(codes, expected, "every code handed out, each once");
    assert_eq!(exhausted, 390);
    assert_eq!(
        support::number(&site.path(), "SELECT COUNT(*) FROM submissions"),
        400
    );
    assert_eq!(
        support::number(
            &site.path(),
            "SELECT COUNT(DISTINCT submission_id) FROM reward_codes WHERE submission_id IS NOT NULL"
        ),
        10
    );
}

const JD_COURSE: &str = include_str!("../../static/campaigns/jd-course.json");

/// A sign-up for JD's course from device `n`.
fn sign_up(n: u16) -> Value {
    let [high, low] = n.to_be_bytes();
    json!({
        "id": uuid_v4([high, low, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]),
        "campaign_id": "jd-course",
        "page_id": "course",
        "page_kind": "course",
        "visitor_id": format!("scale-learner-{n:03}"),
        "client_ts": 1_796_443_200_000i64,
        "payload": { "answers": {
            "name": { "text": format!("学员{n}") },
            "mobile": { "mobile": { "number": "13800138000", "consent": true } },
            "level": { "single": { "value": "funds" } },
        } }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_seat_a_course_of_two_cohorts_of_five_exactly() {
    let mut campaign: Value = serde_json::from_str(JD_COURSE).unwrap();
    campaign["identity"] = "device".into();
    campaign["ceilings"] = json!({ "seats_per_minute": 100_000_000 });
    for cohort in campaign["pages"][0]["cohorts"].as_array_mut().unwrap() {
        cohort["capacity"] = 5.into();
    }
    // While sign-up is open, whatever today's date.
    let site = Site::with(
        campaign,
        vec!["--clock-start".into(), "2026-12-05T12:00:00+08:00".into()],
    );
    let (one, two) = (site.serve(), site.serve());
    let answers = all_at_once(
        &[&one, &two],
        "/api/v1/submissions",
        (0..40).map(sign_up).collect(),
    )
    .await;
    let mut seats: BTreeMap<String, u32> = BTreeMap::new();
    let mut full = 0;
    for answer in &answers {
        match answer.status {
            201 => {
                *seats
                    .entry(
                        answer.body["sign_up"]["cohort"]
                            .as_str()
                            .unwrap()
                            .to_owned(),
                    )
                    .or_insert(0) += 1
            }
            409 if answer.body["error"]["code"] == "cohorts_full" => full += 1,
            status => panic!("{status}: {}", answer.body),
        }
    }
    assert_eq!(
        seats,
        BTreeMap::from([("c12".to_owned(), 5), ("c13".to_owned(), 5)]),
        "five seats in each cohort, never a sixth"
    );
    assert_eq!(full, 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_redeem_a_claim_code_once_among_twenty_staff_taps() {
    let site = Site::new();
    let (one, two) = (site.serve(), site.serve());
    let drawn = post(&one.addr, "/api/v1/draw", &draw_request(1))
        .await
        .unwrap();
    assert_eq!(drawn.body["prize"]["id"], "vip", "{}", drawn.body);
    let code = drawn.body["claim"]["code"].as_str().unwrap().to_owned();
    let taps: Vec<_> = (0..20)
        .map(|tap| {
            let addr = [&one.addr, &two.addr][tap % 2].clone();
            let path = format!("/api/v1/claims/{code}/redeem");
            tokio::spawn(async move {
                post_with(
                    &addr,
                    &path,
                    &json!({}),
                    "Authorization: Bearer scale-token\r\n",
                )
                .await
                .unwrap()
            })
        })
        .collect();
    let mut statuses = BTreeMap::new();
    for tap in taps {
        *statuses.entry(tap.await.unwrap().status).or_insert(0) += 1;
    }
    assert_eq!(
        statuses,
        BTreeMap::from([(200, 1), (409, 19)]),
        "redeemed once; every other tap is told it was redeemed before"
    );
}

/// A group picker result, as a page's outbox sends it.
fn group_result(n: u16) -> Value {
    let [high, low] = n.to_be_bytes();
    json!({
        "id": uuid_v4([high, low, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]),
        "campaign_id": CAMPAIGN,
        "page_id": "city-group",
        "page_kind": "group_picker",
        "visitor_id": format!("scale-outage-{n:03}"),
        "client_ts": 1_779_282_840_000i64,
        "payload": { "group": "sz-futian-1", "method": "manual" }
    })
}

/// What the page's outbox does with one envelope: send it until the backend
/// acknowledges it, waiting as `Retry-After` says (the same
/// [`campaign_core::delivery::judge`] the page runs). The statuses seen.
async fn deliver_like_the_outbox(addr: String, envelope: Value) -> Vec<u16> {
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut seen = Vec::new();
    loop {
        assert!(
            Instant::now() < deadline,
            "not delivered after 90 s: {seen:?}"
        );
        let wait = match post(&addr, "/api/v1/submissions", &envelope).await {
            Ok(answer) => {
                seen.push(answer.status);
                match judge(answer.status, answer.retry_after.as_deref()) {
                    Verdict::Delivered => return seen,
                    Verdict::Retry { after_ms } => after_ms.unwrap_or(1000),
                    other => panic!("{other:?} for {}: {}", answer.status, answer.body),
                }
            }
            // The page's fetch failing: offline, retried later.
            Err(_) => {
                seen.push(0);
                1000
            }
        };
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }
}

fn pg_ctl(args: &str) {
    let command = std::env::var("CK_TEST_PG_CTL").unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{command} {args} >/dev/null"))
        .status()
        .unwrap();
    assert!(status.success(), "pg_ctl {args} failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn database_outage_of_five_seconds_loses_no_result() {
    if !support::on_postgres() || std::env::var("CK_TEST_PG_CTL").is_err() {
        eprintln!(
            "database_outage: needs PostgreSQL that the test may stop (CK_TEST_POSTGRES and CK_TEST_PG_CTL, as `cargo xtask test` sets them)"
        );
        return;
    }
    let site = Site::new();
    let (one, two) = (site.serve(), site.serve());
    let addrs = [one.addr.clone(), two.addr.clone()];
    let total: u16 = 400;
    let started = Instant::now();
    // Forty people at a time, each sending their result, for about ten
    // seconds; the database goes away for five of them.
    let senders: Vec<_> = (0..40u16)
        .map(|person| {
            let addr = addrs[usize::from(person) % 2].clone();
            tokio::spawn(async move {
                let mut statuses = BTreeMap::new();
                for n in (person..total).step_by(40) {
                    for status in deliver_like_the_outbox(addr.clone(), group_result(n)).await {
                        *statuses.entry(status).or_insert(0u32) += 1;
                    }
                    tokio::time::sleep(Duration::from_millis(1000)).await;
                }
                statuses
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let stopped = tokio::task::spawn_blocking(|| pg_ctl("stop -m fast -w"));
    stopped.await.unwrap();
    let down_at = started.elapsed();
    tokio::time::sleep(Duration::from_secs(5)).await;
    tokio::task::spawn_blocking(|| pg_ctl("start -w -t 60"))
        .await
        .unwrap();
    let mut statuses: BTreeMap<u16, u32> = BTreeMap::new();
    for sender in senders {
        for (status, count) in sender.await.unwrap() {
            *statuses.entry(status).or_insert(0) += count;
        }
    }
    eprintln!("database_outage: down at {down_at:?} for 5 s; answers {statuses:?}");
    assert!(
        statuses.get(&503).copied().unwrap_or(0) > 0,
        "the run must have met the outage: {statuses:?}"
    );
    assert_eq!(
        statuses.get(&500),
        None,
        "an outage is 503, never 500: {statuses:?}"
    );
    let stored = support::number(
        &site.path(),
        "SELECT COUNT(*) FROM submissions WHERE page_id = 'city-group'",
    );
    assert_eq!(stored, i64::from(total), "every result stored, once");
}
