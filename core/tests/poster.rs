//! Posters: placeholders, line wrapping for Chinese and mixed text, the canvas
//! scale, and the template checks, reported at their paths in a campaign.

use campaign_core::Locale;
use campaign_core::poster::{
    Layer, MAX_CANVAS_PIXELS, PosterTemplate, PosterTooLarge, canvas_size, check_poster,
    fill_placeholders, placeholders_in, render_scale, wrap_lines,
};
use campaign_core::{Diagnostic, parse_campaign};
use serde_json::{Value, json};

/// A stand-in for the canvas's `measureText`: Chinese characters are 1 wide,
/// ASCII characters 0.5.
fn measure(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

fn wrap(text: &str, max_width: f64) -> Vec<String> {
    wrap_lines(text, max_width, None, measure)
}

fn template(value: Value) -> PosterTemplate {
    serde_json::from_value(value).expect("test poster has the right shape")
}

fn referral_page(poster: Value) -> Value {
    json!({
        "id": "invite",
        "kind": "referral",
        "title": "邀请好友",
        "poster": poster,
        "tiers": [{ "invites": 1, "reward": "200 积分" }]
    })
}

fn campaign(pages: Value) -> String {
    json!({ "schema": 1, "id": "poster-test", "title": "海报测试", "pages": pages }).to_string()
}

fn problems(pages: Value) -> Vec<Diagnostic> {
    match parse_campaign(&campaign(pages)) {
        Ok(_) => panic!("config was accepted"),
        Err(errors) => errors.0,
    }
}

fn paths(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.path.as_str()).collect()
}

fn qr() -> Value {
    json!({ "type": "qr", "x": 255, "y": 1000, "size": 240 })
}

// ---------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------

#[test]
fn placeholders_are_filled_and_unknown_ones_kept() {
    let values = [("nickname", "小招"), ("code", "7Q3M0K2D")];
    assert_eq!(
        fill_placeholders("{nickname} 邀请你，邀请码：{code}", &values),
        "小招 邀请你，邀请码：7Q3M0K2D"
    );
    assert_eq!(
        fill_placeholders("{unknown} 与 {code}", &values),
        "{unknown} 与 7Q3M0K2D"
    );
    // Braces around anything but a name, and unclosed ones, are plain text.
    assert_eq!(
        fill_placeholders("{ 活动 } {nick name} {code", &values),
        "{ 活动 } {nick name} {code"
    );
    assert_eq!(fill_placeholders("{{code}}", &values), "{7Q3M0K2D}");
    // A value is never scanned again.
    assert_eq!(
        fill_placeholders("{nickname}", &[("nickname", "{code}"), ("code", "X")]),
        "{code}"
    );
    assert_eq!(
        placeholders_in("{nickname}，{ 不是 }{code}{code}"),
        ["nickname", "code", "code"]
    );
}

// ---------------------------------------------------------------------------
// Line wrapping
// ---------------------------------------------------------------------------

#[test]
fn chinese_breaks_between_any_two_characters() {
    assert_eq!(
        wrap("招商银行同城社群福利季", 4.0),
        ["招商银行", "同城社群", "福利季"]
    );
    assert_eq!(wrap("招商银行", 4.0), ["招商银行"]);
    assert_eq!(wrap("", 4.0), [""]);
}

#[test]
fn latin_words_and_numbers_stay_whole() {
    assert_eq!(
        wrap("邀请 3 位好友得 iPhone 15 Pro", 6.0),
        ["邀请 3 位好", "友得 iPhone", "15 Pro"]
    );
    assert_eq!(wrap("满100元减20元", 3.0), ["满100", "元减20", "元"]);
    assert_eq!(wrap("Invite friends", 4.0), ["Invite", "friends"]);
}

#[test]
fn a_word_wider_than_the_line_is_broken() {
    let lines = wrap("扫码访问 https://h5.cmbchina.com/p/invite", 8.0);
    assert_eq!(lines, ["扫码访问", "https://h5.cmbch", "ina.com/p/invite"]);
    assert!(lines.iter().all(|line| measure(line) <= 8.0));
    // Even a line narrower than one character makes progress.
    assert_eq!(wrap("好友", 0.5), ["好", "友"]);
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    // Without the rule: "邀请好友" / "，赢取好" / "礼".
    let lines = wrap("邀请好友，赢取好礼", 4.0);
    assert_eq!(lines, ["邀请好", "友，赢取", "好礼"]);
    assert_eq!(
        wrap("福利来了！快来参加。", 4.0),
        ["福利来", "了！快来", "参加。"]
    );
    assert_eq!(
        wrap("返现10%，上不封顶", 3.0),
        ["返现", "10%，", "上不封", "顶"]
    );
    for line in wrap("他说：“你好”。我们出发吧、走！", 3.0) {
        assert!(
            !line.starts_with(['，', '。', '！', '：', '”', '、']),
            "{line}"
        );
    }
}

#[test]
fn no_line_ends_with_opening_punctuation() {
    // Without the rule: "参加活动《" / "招行福利》".
    assert_eq!(
        wrap("参加活动《招行福利》", 5.0),
        ["参加活动", "《招行福", "利》"]
    );
    // Without the rule: "仅需￥" / "99元".
    assert_eq!(wrap("仅需￥99元", 3.0), ["仅需", "￥99元"]);
    for line in wrap("详见（活动规则）与“常见问题”", 3.0) {
        assert!(!line.ends_with(['（', '“']), "{line}");
    }
}

#[test]
fn newlines_and_spaces() {
    assert_eq!(wrap("第一行\n\n第三行", 10.0), ["第一行", "", "第三行"]);
    assert_eq!(wrap("  你好  世界  ", 10.0), ["你好  世界"]);
    assert_eq!(wrap("  你好  世界  ", 2.5), ["你好", "世界"]);
}

#[test]
fn max_lines_ends_the_last_line_with_an_ellipsis() {
    let text = "一二三四五六七八九十";
    assert_eq!(
        wrap_lines(text, 4.0, Some(2), measure),
        ["一二三四", "五六七…"]
    );
    // Nothing cut, no ellipsis.
    assert_eq!(
        wrap_lines(text, 4.0, Some(3), measure),
        ["一二三四", "五六七八", "九十"]
    );
    assert_eq!(
        wrap_lines("标题\n副标题", 10.0, Some(1), measure),
        ["标题…"]
    );
    assert_eq!(
        wrap_lines("Invite friends now", 4.0, Some(1), measure),
        ["Invite…"]
    );
    assert_eq!(
        wrap_lines(text, 4.0, Some(0), measure),
        Vec::<String>::new()
    );
    for lines in [
        wrap_lines(text, 4.0, Some(2), measure),
        wrap_lines(text, 3.5, Some(1), measure),
    ] {
        assert!(lines.iter().all(|line| measure(line) <= 4.0), "{lines:?}");
    }
}

// ---------------------------------------------------------------------------
// Canvas scale
// ---------------------------------------------------------------------------

#[test]
fn scale_follows_the_device_pixel_ratio_between_2_and_3() {
    // 750 × 1334 × 9 = 9.0 million pixels, under the 16.7 million limit.
    assert_eq!(render_scale(750, 1334, 3.0), Ok(3.0));
    assert_eq!(render_scale(750, 1334, 2.75), Ok(3.0));
    assert_eq!(render_scale(750, 1334, 4.0), Ok(3.0));
    assert_eq!(render_scale(750, 1334, 2.0), Ok(2.0));
    assert_eq!(render_scale(750, 1334, 1.0), Ok(2.0));
    assert_eq!(render_scale(750, 1334, f64::NAN), Ok(2.0));
    assert_eq!(canvas_size(750, 1334, 3.0), (2250, 4002));
}

#[test]
fn scale_is_lowered_to_keep_the_canvas_under_the_ios_limit() {
    for (width, height, dpr) in [
        (2000, 2000, 3.0),
        (1500, 2000, 3.0),
        (3000, 2000, 2.0),
        (4096, 4096, 3.0),
    ] {
        let scale = render_scale(width, height, dpr).expect("fits at some scale");
        assert!(
            (1.0..dpr.max(2.0)).contains(&scale),
            "{width}×{height}: {scale}"
        );
        let (canvas_width, canvas_height) = canvas_size(width, height, scale);
        assert!(u64::from(canvas_width) * u64::from(canvas_height) <= MAX_CANVAS_PIXELS);
    }
    assert_eq!(render_scale(2000, 2000, 3.0), Ok(2.048));
    assert_eq!(canvas_size(2000, 2000, 2.048), (4096, 4096));
    assert_eq!(render_scale(4096, 4096, 2.0), Ok(1.0));
    assert_eq!(
        render_scale(4097, 4096, 2.0),
        Err(PosterTooLarge {
            width: 4097,
            height: 4096
        })
    );
}

// ---------------------------------------------------------------------------
// Template checks
// ---------------------------------------------------------------------------

#[test]
fn layers_read_by_type_with_defaults() {
    let poster = template(json!({
        "width": 750, "height": 1334,
        "layers": [
            { "type": "text", "text": "你好", "x": 0, "y": 0, "max_width": 100, "font_size": 20, "color": "#000" },
            { "type": "image", "src": "/a.png", "x": 0, "y": 0, "width": 10, "height": 10, "round": true },
            { "type": "qr", "x": 0, "y": 0, "size": 200, "quiet_zone": 4, "dark": "#1f2329" }
        ]
    }));
    let [Layer::Text(text), Layer::Image(image), Layer::Qr(qr)] = &poster.layers[..] else {
        panic!("{:?}", poster.layers);
    };
    assert_eq!(text.line_height_px(), 28);
    assert_eq!(text.max_lines, None);
    assert!(image.round);
    assert_eq!(
        (qr.quiet_zone, qr.dark.as_str(), qr.light.as_str()),
        (4, "#1f2329", "#ffffff")
    );
    assert_eq!(
        poster
            .layers
            .iter()
            .map(Layer::type_name)
            .collect::<Vec<_>>(),
        ["text", "image", "qr"]
    );
    // Written back, each layer carries its type again.
    let written = serde_json::to_value(&poster).expect("serialises");
    assert_eq!(written["layers"][2]["type"], "qr");
    assert_eq!(template(written), poster);
}

#[test]
fn check_poster_names_the_prefix_and_the_known_placeholders() {
    let poster = template(json!({
        "width": 50, "height": 1334,
        "layers": [{ "type": "text", "text": "{name} 你好", "x": 0, "y": 0, "max_width": 40, "font_size": 20, "color": "#000" }]
    }));
    let issues = check_poster(&poster, "result.poster", &["nickname"]);
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.path.as_str(), i.message(Locale::En)))
        .collect();
    assert_eq!(
        found,
        [
            (
                "result.poster.width",
                "50 is out of range; use 100 to 2000 CSS pixels"
            ),
            (
                "result.poster.layers[0].text",
                "`{name}` is not a placeholder"
            ),
        ]
    );
    assert_eq!(issues[1].hint(Locale::En), Some("use one of `{nickname}`"));
    let bare = check_poster(&poster, "", &[]);
    assert_eq!(bare[0].path, "width");
}

#[test]
fn poster_mistakes_are_reported_at_their_paths() {
    let poster = json!({
        "width": 750,
        "height": 1334,
        "background": "white",
        "layers": [
            { "type": "text", "text": "{nickname} 邀请你 {nick}", "x": 700, "y": 100,
              "max_width": 200, "font_size": 40, "color": "#ffffff" },
            { "type": "image", "src": "images/logo.png", "x": 0, "y": 0, "width": 800, "height": 100 },
            { "type": "qr", "x": 600, "y": 1000, "size": 100, "dark": "#eeeeee" },
            { "type": "qr", "x": 255, "y": 1300, "size": 240, "light": "#ffffff80" },
            { "type": "text", "text": "  ", "x": 375, "y": 1330, "max_width": 600, "font_size": 8,
              "color": "red", "align": "center", "line_height": 6, "max_lines": 30 },
            { "type": "text", "text": "规则", "x": 10, "y": 1200, "max_width": 300, "font_size": 40,
              "color": "#000", "align": "right", "max_lines": 4 }
        ]
    });
    let found = problems(json!([referral_page(poster)]));
    assert_eq!(
        paths(&found),
        [
            "pages[0].poster.background",
            "pages[0].poster.layers[0].text",
            "pages[0].poster.layers[0].max_width",
            "pages[0].poster.layers[1].src",
            "pages[0].poster.layers[1].width",
            "pages[0].poster.layers[2].size",
            "pages[0].poster.layers[2].dark",
            "pages[0].poster.layers[3]",
            "pages[0].poster.layers[3].size",
            "pages[0].poster.layers[3].light",
            "pages[0].poster.layers[4].text",
            "pages[0].poster.layers[4].font_size",
            "pages[0].poster.layers[4].color",
            "pages[0].poster.layers[4].line_height",
            "pages[0].poster.layers[4].max_lines",
            "pages[0].poster.layers[4].y",
            "pages[0].poster.layers[5].x",
            "pages[0].poster.layers[5].max_lines",
        ],
        "{found:#?}"
    );
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text[2],
        "pages[0].poster.layers[0].max_width: the lines may reach 900, past the poster's width 750 (keep x + max_width within 0 to 750)"
    );
    assert!(
        text[1].contains("`{nick}` is not a placeholder"),
        "{}",
        text[1]
    );
    assert!(text[6].contains("not clearly darker"), "{}", text[6]);
    assert!(
        text[7].contains("second QR code; layers[2] is one already"),
        "{}",
        text[7]
    );
}

#[test]
fn qr_contrast_uses_luminance_not_hex_order() {
    let poster = |dark: &str, light: &str| {
        template(json!({ "width": 750, "height": 1334, "layers": [
            { "type": "qr", "x": 255, "y": 1000, "size": 240, "dark": dark, "light": light }
        ]}))
    };
    let flagged = |dark: &str, light: &str| !check_poster(&poster(dark, light), "", &[]).is_empty();
    assert!(!flagged("#000", "#fff"));
    assert!(
        !flagged("#c8102e", "#ffffff"),
        "the bank's red on white scans"
    );
    assert!(
        !flagged("#1f2329", "#f5a623"),
        "dark text on the accent orange scans"
    );
    assert!(
        flagged("#ffffff", "#000000"),
        "inverted codes fail on many scanners"
    );
    assert!(flagged("#777777", "#888888"));
    assert!(
        flagged("#f5a623", "#ffffff"),
        "orange on white is too faint"
    );
}

#[test]
fn layer_field_typos_and_foreign_fields_are_reported() {
    let poster = json!({
        "width": 750, "height": 1334,
        "layers": [
            { "type": "text", "text": "你好", "x": 0, "y": 0, "max_width": 100, "font_size": 20, "colr": "#000", "color": "#000" },
            qr()
        ]
    });
    let found = problems(json!([referral_page(poster)]));
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        ["pages[0].poster.layers[0].colr: unknown field `colr` (did you mean `color`?)"]
    );

    let poster = json!({ "width": 750, "height": 1334, "layers": [
        { "type": "sticker", "x": 0, "y": 0 }, qr()
    ]});
    let found = problems(json!([referral_page(poster)]));
    assert_eq!(
        paths(&found),
        ["pages[0].poster.layers[0].type"],
        "{found:#?}"
    );
    assert!(
        found[0]
            .message(Locale::En)
            .contains("`text`, `image`, `qr`"),
        "{}",
        found[0]
    );

    let poster = json!({ "width": 750, "height": 1334, "layers": [
        { "type": "text", "text": "你好", "x": 0, "y": 0, "max_width": 100, "size": 20, "color": "#000" }, qr()
    ]});
    let found = problems(json!([referral_page(poster)]));
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        ["pages[0].poster.layers[0]: a `text` layer has no field `size`"]
    );

    let poster = json!({ "width": 750, "height": 1334, "layers": [
        { "type": "text", "text": "你好", "x": 0, "y": 0, "max_width": 100, "color": "#000" }, qr()
    ]});
    let found = problems(json!([referral_page(poster)]));
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        ["pages[0].poster.layers[0]: required field `font_size` is missing"]
    );
}
