//! Reading campaign configs: the demo is valid, and broken configs report every
//! problem at its path.

use campaign_core::config::{Locale, PageKind};
use campaign_core::validate::declared_locale;
use campaign_core::{ConfigErrors, Diagnostic, parse_campaign};
use serde_json::{Value, json};

const DEMO: &str = include_str!("../../static/campaigns/demo.json");

fn demo_value() -> Value {
    serde_json::from_str(DEMO).expect("demo is JSON")
}

/// Parses a config that must be invalid and returns `path: message` lines.
fn problems(config: &Value) -> Vec<Diagnostic> {
    match parse_campaign(&config.to_string()) {
        Ok(_) => panic!("config was accepted: {config}"),
        Err(errors) => errors.0,
    }
}

fn paths(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.path.as_str()).collect()
}

#[test]
fn demo_campaign_is_valid_and_chinese() {
    let campaign = parse_campaign(DEMO).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(campaign.locale, Locale::ZhCn);
    assert_eq!(campaign.title, "招行同城社群 · 福利季");
    assert!(campaign.page("quiz-520").is_some());
}

#[test]
fn the_example_campaigns_show_every_page_kind() {
    // The CMB demo shows the community kinds; JD's course funnel (its own
    // campaign, with its own identity and theme) the course and check-ins.
    let mut kinds: Vec<PageKind> = Vec::new();
    for example in [DEMO, include_str!("../../static/campaigns/jd-course.json")] {
        let campaign = parse_campaign(example).unwrap_or_else(|errors| panic!("{errors}"));
        kinds.extend(campaign.pages.iter().map(|page| page.kind()));
    }
    assert!(
        PageKind::ALL.iter().all(|kind| kinds.contains(kind)),
        "the examples have a page of every kind: {kinds:?}"
    );
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let mut config = demo_value();
    config["titel"] = json!("typo at the top");
    config["theme"]["primary"] = json!("red");
    config["theme"]["accent"] = json!("#12345");
    config["backend"]["api"] = json!("ftp://example.com");
    config["pages"][1]["id"] = json!("city-group");
    config["pages"][2]["descripton"] = json!("typo in a page");
    config["pages"][3]["kind"] = json!("lotery");
    let found = problems(&config);
    assert_eq!(
        paths(&found),
        [
            "titel",
            "theme.primary",
            "theme.accent",
            "backend.api",
            "pages[1].id",
            "pages[2].descripton",
            "pages[3].kind",
        ],
        "{found:#?}"
    );
    let hint = |path: &str| {
        found
            .iter()
            .find(|d| d.path == path)
            .and_then(|d| d.hint(Locale::En).map(str::to_owned))
            .unwrap_or_default()
    };
    assert_eq!(hint("titel"), "did you mean `title`?");
    assert_eq!(hint("pages[2].descripton"), "did you mean `description`?");
    assert_eq!(hint("pages[3].kind"), "did you mean `lottery`?");
    assert!(
        found[4]
            .message(Locale::En)
            .contains("already the id of pages[0]"),
        "{}",
        found[4]
    );
    assert!(hint("theme.primary").contains("#rrggbb"));
}

#[test]
fn several_unknown_fields_in_one_object_are_all_reported() {
    let mut config = demo_value();
    config["pages"][0]["titel"] = json!("x");
    config["pages"][0]["colour"] = json!("x");
    config["theme"]["primery"] = json!("#fff");
    config["theme"]["radus"] = json!(4);
    let found = problems(&config);
    let mut found_paths = paths(&found);
    found_paths.sort_unstable();
    assert_eq!(
        found_paths,
        [
            "pages[0].colour",
            "pages[0].titel",
            "theme.primery",
            "theme.radus"
        ]
    );
}

#[test]
fn a_type_error_in_one_page_does_not_hide_the_others() {
    let mut config = demo_value();
    config["pages"][0]["title"] = json!(42);
    config["pages"][4]["title"] = json!("");
    config["theme"]["radius"] = json!("big");
    let found = problems(&config);
    assert_eq!(
        paths(&found),
        ["theme.radius", "pages[0].title", "pages[4].title"],
        "{found:#?}"
    );
    assert!(
        found[1].message(Locale::En).contains("expected a string"),
        "{}",
        found[1]
    );
    assert!(
        found[0].message(Locale::En).contains("whole number"),
        "{}",
        found[0]
    );
}

#[test]
fn missing_and_misspelt_values_are_explained() {
    let mut config = demo_value();
    config.as_object_mut().unwrap().remove("title");
    config["locale"] = json!("zh");
    config["pages"][2].as_object_mut().unwrap().remove("kind");
    let found = problems(&config);
    assert_eq!(paths(&found), ["locale", "", "pages[2]"], "{found:#?}");
    assert_eq!(found[0].hint(Locale::En), Some("did you mean `zh-CN`?"));
    assert_eq!(
        found[1].message(Locale::En),
        "required field `title` is missing"
    );
    assert!(found[2].message(Locale::En).contains("`kind` is missing"));
}

#[test]
fn unknown_locale_suggests_the_right_one() {
    let mut config = demo_value();
    config["locale"] = json!("zh-cn");
    let found = problems(&config);
    assert_eq!(paths(&found), ["locale"]);
    assert_eq!(found[0].hint(Locale::En), Some("did you mean `zh-CN`?"));
}

#[test]
fn schema_version_and_ids_are_checked() {
    let mut config = demo_value();
    config["schema"] = json!(2);
    config["id"] = json!("CMB Campaign");
    config["pages"] = json!([]);
    let found = problems(&config);
    assert_eq!(paths(&found), ["schema", "id", "pages"]);
}

#[test]
fn css_injection_through_tokens_is_refused() {
    let mut config = demo_value();
    config["theme"]["font"] = json!("sans-serif; } body { display: none");
    config["theme"]["primary"] = json!("#fff; background: url(x)");
    let found = problems(&config);
    assert_eq!(paths(&found), ["theme.primary", "theme.font"]);
}

#[test]
fn syntax_errors_give_line_and_column() {
    let errors =
        parse_campaign("{\n  \"schema\": 1,\n  \"id\": \"x\"\n  \"title\": \"y\"\n}").unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert!(
        errors.0[0].message(Locale::En).contains("line 4, column 3"),
        "{}",
        errors.0[0]
    );
    let errors = parse_campaign("[1, 2]").unwrap_err();
    assert_eq!(errors.0[0].message(Locale::En), "must be a JSON object");
}

#[test]
fn urls_are_absolute_http_or_site_paths() {
    use campaign_core::config::Url;
    for good in [
        "https://bank.example/api",
        "http://127.0.0.1:8080/api/v1",
        "/api/v1",
    ] {
        assert_eq!(Url::new(good).problem(), None, "{good}");
    }
    for bad in [
        "",
        "//cdn.example/x",
        "javascript:alert(1)",
        "https://",
        "https://a b",
        "ftp://x",
    ] {
        assert!(Url::new(bad).problem().is_some(), "{bad}");
    }
}

#[test]
fn no_input_makes_the_reader_panic() {
    // Every prefix of the demo, and the demo with each value swapped for other
    // JSON types: each must give errors or a campaign, never a panic.
    // Every prefix of the head; past it, every 7th (the demo is long, and the
    // cuts still land in every kind of value of every page).
    let cuts = (0..DEMO.len()).filter(|&end| end < 2_000 || end % 7 == 0);
    for end in cuts.filter(|&end| DEMO.is_char_boundary(end)) {
        let _ = parse_campaign(&DEMO[..end]);
    }
    let replacements = [
        json!(null),
        json!(-1),
        json!(1e300),
        json!("x"),
        json!([]),
        json!({}),
        json!(true),
    ];
    let config = demo_value();
    let mut pointers = Vec::new();
    collect_pointers(&config, String::new(), &mut pointers);
    for pointer in &pointers {
        for replacement in &replacements {
            let mut broken = config.clone();
            if let Some(slot) = broken.pointer_mut(pointer) {
                *slot = replacement.clone();
            }
            let _ = parse_campaign(&broken.to_string());
        }
    }
    assert!(pointers.len() > 30);
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(key, child)| collect_pointers(child, format!("{at}/{key}"), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(index, child)| collect_pointers(child, format!("{at}/{index}"), out)),
        _ => {}
    }
}

#[test]
fn diagnostics_read_as_sentences() {
    let mut config = demo_value();
    config["pages"][0]["titel"] = json!("x");
    let errors = parse_campaign(&config.to_string()).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "the campaign config has 1 problem:\n  pages[0].titel: unknown field `titel` (did you mean `title`?)\n"
    );
}

#[test]
fn problems_are_told_in_chinese_with_the_same_paths() {
    let mut config = demo_value();
    config["titel"] = "typo".into();
    config["theme"]["radius"] = "big".into();
    config["pages"][2]["questions"][0]["options"][1]["value"] = "a".into();
    config["pages"][4]["id"] = "city-group".into();
    let found = problems(&config);
    let zh: Vec<(&str, &str, Option<&str>)> = found
        .iter()
        .map(|d| {
            (
                d.location(Locale::ZhCn),
                d.message(Locale::ZhCn),
                d.hint(Locale::ZhCn),
            )
        })
        .collect();
    assert_eq!(
        zh,
        [
            (
                "theme.radius",
                "应为介于 0 到 255 之间的整数，实际是文本 \"big\"",
                None
            ),
            // Added last, so read after `theme`.
            ("titel", "未知字段 `titel`", Some("你是不是想写 `title`？")),
            (
                "pages[2].questions[0].options[1].value",
                "`a` 已经是 options[0] 的值",
                Some("同一题的选项值不能重复")
            ),
            (
                "pages[4].id",
                "`city-group` 已经是 pages[0] 的 id",
                Some("页面 id 不能重复：每个 id 都会成为页面的网址 /p/<id>")
            ),
        ],
        "{found:#?}"
    );
    // The English is as it always was.
    assert_eq!(
        found[2].message(Locale::En),
        "`a` is already the value of options[0]"
    );
    let errors = ConfigErrors(found);
    assert!(
        errors.render(Locale::ZhCn).starts_with(
            "活动配置有 4 处问题：\n  theme.radius：应为介于 0 到 255 之间的整数，实际是文本 \"big\"\n  titel：未知字段 `titel`（你是不是想写 `title`？）\n"
        ),
        "{}",
        errors.render(Locale::ZhCn)
    );
    assert_eq!(errors.render(Locale::En), errors.to_string());
}

#[test]
fn the_top_level_is_named_in_each_language() {
    let errors = parse_campaign("[]").unwrap_err();
    assert_eq!(errors.0[0].location(Locale::ZhCn), "（顶层）");
    assert_eq!(errors.0[0].location(Locale::En), "(top level)");
    assert_eq!(errors.0[0].message(Locale::ZhCn), "必须是一个 JSON 对象");
}

#[test]
fn a_broken_config_still_declares_its_locale() {
    assert_eq!(
        declared_locale(r#"{"locale": "en", "pages": 3}"#),
        Locale::En
    );
    assert_eq!(declared_locale(r#"{"locale": "zh-CN"}"#), Locale::ZhCn);
    // Not a locale, or not JSON at all: the product's first language.
    assert_eq!(declared_locale(r#"{"locale": "fr"}"#), Locale::ZhCn);
    assert_eq!(declared_locale("{ not json"), Locale::ZhCn);
}
