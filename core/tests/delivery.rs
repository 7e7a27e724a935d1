//! Delivery to any backend: retry policy, body templates and the exact requests.

use campaign_core::backend::{OutgoingRequest, header_problem, origin_problem};
use campaign_core::delivery::{
    BACKOFF_CAP_MS, HOLD_MS, MIN_RETRY_MS, NO_ANSWER, SLOW_BACKOFF_BASE_MS, SLOW_BACKOFF_CAP_MS,
    Verdict, backoff_ms, expire_hold, judge, parse_retry_after_ms, retry_delay_ms,
};
use campaign_core::envelope::uuid_v4;
use campaign_core::template::{
    TemplateData, form_encode, is_known_placeholder, placeholders_in, render_json, render_text,
};
use campaign_core::{Campaign, Envelope, Locale, PageKind, parse_campaign};
use serde_json::{Value, json};

fn campaign_with_backend(backend: Value) -> Campaign {
    let mut config: Value =
        serde_json::from_str(include_str!("../../static/campaigns/demo.json")).unwrap();
    config["backend"] = backend;
    parse_campaign(&config.to_string()).unwrap_or_else(|errors| panic!("{errors}"))
}

fn envelope() -> Envelope {
    Envelope {
        id: uuid_v4([3; 16]),
        campaign_id: "cmb-city-community".to_owned(),
        page_id: "member-survey".to_owned(),
        page_kind: PageKind::Survey,
        visitor_id: "visitor-42".to_owned(),
        referral_code: None,
        channel: None,
        subject: None,
        client_ts: 1_779_282_840_000,
        payload: json!({ "score": 87, "answers": { "wish": "多办\"线下\"活动 & <沙龙>" }, "tags": ["a", "b"] }),
    }
}

#[test]
fn statuses_are_judged_for_retry() {
    assert_eq!(judge(201, None), Verdict::Delivered);
    assert_eq!(judge(200, None), Verdict::Delivered);
    assert_eq!(judge(503, None), Verdict::Retry { after_ms: None });
    assert_eq!(
        judge(429, Some("7")),
        Verdict::Retry {
            after_ms: Some(7000)
        }
    );
    assert_eq!(judge(408, None), Verdict::Retry { after_ms: None });
    for permanent in [400, 409, 413, 422] {
        assert_eq!(judge(permanent, None), Verdict::Rejected, "{permanent}");
    }
    assert_eq!(parse_retry_after_ms("Wed, 21 Oct 2026 07:28:00 GMT"), None);
    assert_eq!(parse_retry_after_ms(" 120 "), Some(120_000));
    assert_eq!(
        parse_retry_after_ms("999999999"),
        Some(60 * 60 * 1000),
        "capped at an hour"
    );
}

#[test]
fn a_backend_that_does_not_know_the_route_or_caller_is_held_for_a_day() {
    // A deploy answers these for minutes; deleting the result then loses it.
    for held in [401, 403, 404] {
        assert_eq!(judge(held, Some("5")), Verdict::Held, "{held}");
    }
    let now = 1_779_282_840_000;
    let held = Verdict::Held;
    assert_eq!(expire_hold(held, None, now), held, "first refusal");
    assert_eq!(expire_hold(held, Some(now - HOLD_MS + 1), now), held);
    assert_eq!(
        expire_hold(held, Some(now - HOLD_MS), now),
        Verdict::Rejected,
        "given up after a day"
    );
    assert_eq!(
        expire_hold(held, Some(now + 60_000), now),
        held,
        "a clock set back is no time passed"
    );
    // Only a refusal that goes on for a day is given up: a backend that is back
    // but busy is retried as ever.
    assert_eq!(expire_hold(NO_ANSWER, Some(0), now), NO_ANSWER);
    assert_eq!(
        expire_hold(Verdict::Delivered, Some(0), now),
        Verdict::Delivered
    );
}

#[test]
fn held_envelopes_retry_on_the_slow_schedule() {
    let waits: Vec<u64> = (0..7)
        .map(|attempt| retry_delay_ms(attempt, Verdict::Held, 0.0))
        .collect();
    let minute = SLOW_BACKOFF_BASE_MS;
    assert_eq!(
        waits,
        [
            minute / 2,
            minute,
            2 * minute,
            4 * minute,
            8 * minute,
            15 * minute,
            15 * minute
        ]
    );
    assert_eq!(retry_delay_ms(50, Verdict::Held, 1.0), SLOW_BACKOFF_CAP_MS);
}

#[test]
fn backoff_doubles_with_jitter_and_a_cap() {
    // With no jitter each wait is half the ceiling; with full jitter, all of it.
    let low: Vec<u64> = (0..6).map(|attempt| backoff_ms(attempt, 0.0)).collect();
    let high: Vec<u64> = (0..6)
        .map(|attempt| backoff_ms(attempt, 0.999_999))
        .collect();
    assert_eq!(low, [500, 1000, 2000, 4000, 8000, 16000]);
    assert_eq!(high, [999, 1999, 3999, 7999, 15999, 31999]);
    for attempt in 0..100 {
        let wait = backoff_ms(attempt, 0.5);
        assert!(
            wait <= BACKOFF_CAP_MS && wait >= BACKOFF_CAP_MS.min(1000 << attempt.min(20)) / 2 / 2
        );
    }
    assert_eq!(backoff_ms(40, 1.0), BACKOFF_CAP_MS);
    assert_eq!(
        backoff_ms(3, f64::NAN),
        4000,
        "a broken random source still gives a sane wait"
    );
}

#[test]
fn retry_after_is_respected_over_backoff() {
    assert_eq!(
        retry_delay_ms(
            0,
            Verdict::Retry {
                after_ms: Some(30_000)
            },
            0.0
        ),
        30_000
    );
    assert_eq!(
        retry_delay_ms(0, Verdict::Retry { after_ms: Some(0) }, 0.0),
        MIN_RETRY_MS
    );
    assert_eq!(retry_delay_ms(2, NO_ANSWER, 0.0), 2000);
}

#[test]
fn templates_fill_text_and_whole_values() {
    let campaign = campaign_with_backend(json!({}));
    let envelope = envelope();
    let data = TemplateData {
        campaign: &campaign,
        envelope: &envelope,
    };
    let template = json!({
        "msgtype": "text",
        "text": { "content": "{{campaign.title}}｜{{ page.title }} 新结果：{{data.answers.wish}}" },
        "score": "{{data.score}}",
        "tags": "{{data.tags}}",
        "missing_whole": "{{data.nope}}",
        "missing_inline": "[{{referral}}]",
        "unclosed": "{{page.id",
        "count": 3
    });
    let rendered = render_json(&template, &data);
    assert_eq!(
        rendered,
        json!({
            "msgtype": "text",
            "text": { "content": "招行同城社群 · 福利季｜社群会员调研 新结果：多办\"线下\"活动 & <沙龙>" },
            "score": 87,
            "tags": ["a", "b"],
            "missing_whole": null,
            "missing_inline": "[]",
            "unclosed": "{{page.id",
            "count": 3
        })
    );
    // The quote inside the answer stays inside its JSON string.
    let body = rendered.to_string();
    assert!(body.contains(r#"多办\"线下\"活动"#), "{body}");
    assert_eq!(render_text("{{data}}", &data), envelope.payload.to_string());
    assert_eq!(
        render_text("{{time}}/{{visitor}}", &data),
        "1779282840000/visitor-42"
    );
}

#[test]
fn placeholders_are_listed_and_checked() {
    let template = json!({ "a": "{{page.title}} {{nope}}", "b": ["{{data.x.y}}"], "c": 1 });
    assert_eq!(
        placeholders_in(&template),
        ["page.title", "nope", "data.x.y"]
    );
    assert!(is_known_placeholder("data.x.y"));
    assert!(!is_known_placeholder("nope"));
    assert!(!is_known_placeholder("data."));
}

#[test]
fn form_encoding_escapes_like_a_browser() {
    let fields = vec![
        ("name".to_owned(), "张 三".to_owned()),
        ("q".to_owned(), "a&b=c+d/é".to_owned()),
        ("safe".to_owned(), "A-z_0.9*".to_owned()),
    ];
    assert_eq!(
        form_encode(&fields),
        "name=%E5%BC%A0+%E4%B8%89&q=a%26b%3Dc%2Bd%2F%C3%A9&safe=A-z_0.9*"
    );
}

#[test]
fn default_backend_posts_the_envelope_to_the_reference_api() {
    let campaign = campaign_with_backend(json!({}));
    let request = campaign.backend.submit_request(&campaign, &envelope());
    assert_eq!(request.url, "/api/v1/submissions");
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.headers,
        [
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Idempotency-Key".to_owned(), uuid_v4([3; 16])),
        ]
    );
    let sent: Envelope = serde_json::from_str(&request.body).unwrap();
    assert_eq!(sent, envelope());
    assert_eq!(campaign.backend.events_url(), "/api/v1/events");
}

#[test]
fn a_form_backend_gets_its_own_shape() {
    let campaign = campaign_with_backend(json!({
        "submit": {
            "url": "https://hooks.bank.example/collect",
            "method": "PUT",
            "format": "form",
            "headers": { "X-Campaign-Source": "h5" },
            "template": { "openid": "{{visitor}}", "form": "{{page.id}}", "wish": "{{data.answers.wish}}", "n": 1 }
        },
        "events": "https://stats.bank.example/e"
    }));
    let request: OutgoingRequest = campaign.backend.submit_request(&campaign, &envelope());
    assert_eq!(request.url, "https://hooks.bank.example/collect");
    assert_eq!(request.method, "PUT");
    assert_eq!(request.headers[0].1, "application/x-www-form-urlencoded");
    assert_eq!(
        request.headers[2],
        ("X-Campaign-Source".to_owned(), "h5".to_owned())
    );
    assert_eq!(
        request.body,
        "openid=visitor-42&form=member-survey&wish=%E5%A4%9A%E5%8A%9E%22%E7%BA%BF%E4%B8%8B%22%E6%B4%BB%E5%8A%A8+%26+%3C%E6%B2%99%E9%BE%99%3E&n=1"
    );
    assert_eq!(
        campaign.backend.events_url(),
        "https://stats.bank.example/e"
    );
}

#[test]
fn a_form_backend_without_template_gets_the_envelope_fields() {
    let campaign =
        campaign_with_backend(json!({ "submit": { "url": "/collect", "format": "form" } }));
    let body = campaign.backend.submit_request(&campaign, &envelope()).body;
    assert!(body.starts_with(&format!("id={}&campaign_id=cmb-city-community&page_id=member-survey&page_kind=survey&visitor_id=visitor-42&referral_code=&client_ts=1779282840000&payload=%7B", uuid_v4([3; 16]))), "{body}");
}

#[test]
fn headers_and_origins_are_checked() {
    assert_eq!(header_problem("X-Token", "abc"), None);
    assert!(header_problem("Content-Type", "text/plain").is_some());
    assert!(header_problem("Idempotency-Key", "x").is_some());
    assert!(header_problem("Sec-Fetch-Site", "x").is_some());
    assert!(header_problem("X Bad", "x").is_some());
    assert!(header_problem("X-Ok", "a\r\nInjected: 1").is_some());
    assert_eq!(origin_problem("https://h5.bank.example"), None);
    assert_eq!(origin_problem("http://127.0.0.1:5173"), None);
    for bad in [
        "*",
        "h5.bank.example",
        "https://h5.bank.example/",
        "https://",
    ] {
        assert!(origin_problem(bad).is_some(), "{bad}");
    }
}

#[test]
fn backend_mistakes_are_reported_by_path() {
    let mut config: Value =
        serde_json::from_str(include_str!("../../static/campaigns/demo.json")).unwrap();
    config["backend"] = json!({
        "submit": {
            "url": "hooks.example/collect",
            "format": "form",
            "headers": { "Content-Type": "text/plain", "X-Ok": "1" },
            "template": { "a": "{{visiter}}", "nested": { "b": "{{page.id}}" } }
        },
        "events": "ftp://x",
        "allowed_origins": ["https://ok.example", "*"]
    });
    let errors = parse_campaign(&config.to_string()).unwrap_err();
    let paths: Vec<&str> = errors.0.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "backend.submit.url",
            "backend.submit.headers.Content-Type",
            "backend.submit.template",
            "backend.submit.template",
            "backend.events",
            "backend.allowed_origins[1]",
        ],
        "{errors}"
    );
    assert!(
        errors.0[2]
            .message(Locale::En)
            .contains("`{{visiter}}` is not a placeholder"),
        "{errors}"
    );
}
