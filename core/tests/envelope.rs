//! The submission envelope shared by the app and every backend.

use campaign_core::envelope::{is_envelope_id, uuid_v4};
use campaign_core::{Envelope, EnvelopeError, PageKind, parse_campaign};
use serde_json::json;

fn demo() -> campaign_core::Campaign {
    parse_campaign(include_str!("../../static/campaigns/demo.json")).unwrap()
}

fn envelope() -> Envelope {
    Envelope {
        id: uuid_v4([7; 16]),
        campaign_id: "cmb-city-community".to_owned(),
        page_id: "member-survey".to_owned(),
        page_kind: PageKind::Survey,
        visitor_id: "v-0123456789abcdef".to_owned(),
        referral_code: Some("AB12CD".to_owned()),
        channel: None,
        subject: None,
        client_ts: 1_779_000_000_000,
        payload: json!({"answers": {"channel": "公众号"}}),
    }
}

#[test]
fn uuid_v4_sets_version_and_variant() {
    let id = uuid_v4([0xff; 16]);
    assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert!(is_envelope_id(&id));
    assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    assert!(!is_envelope_id("FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF"));
    assert!(!is_envelope_id("not-a-uuid"));
}

#[test]
fn wire_format_round_trips_with_stable_names() {
    let original = envelope();
    let wire = serde_json::to_value(&original).unwrap();
    assert_eq!(wire["page_kind"], "survey");
    assert_eq!(wire["referral_code"], "AB12CD");
    let back: Envelope = serde_json::from_value(wire).unwrap();
    assert_eq!(back, original);
    let mut without_referral = envelope();
    without_referral.referral_code = None;
    let wire = serde_json::to_value(&without_referral).unwrap();
    assert!(wire.get("referral_code").is_none());
}

#[test]
fn unknown_envelope_fields_are_refused() {
    let mut wire = serde_json::to_value(envelope()).unwrap();
    wire["extra"] = json!(1);
    assert!(serde_json::from_value::<Envelope>(wire).is_err());
}

#[test]
fn check_accepts_a_good_envelope_and_explains_bad_ones() {
    let campaign = demo();
    assert_eq!(envelope().check(&campaign), Ok(()));

    type Spoil = fn(&mut Envelope);
    let cases: Vec<(Spoil, EnvelopeError)> = vec![
        (|e| e.id = "1".into(), EnvelopeError::BadId),
        (
            |e| e.campaign_id = "other".into(),
            EnvelopeError::WrongCampaign {
                got: "other".into(),
                expected: "cmb-city-community".into(),
            },
        ),
        (
            |e| e.page_id = "nope".into(),
            EnvelopeError::UnknownPage("nope".into()),
        ),
        (
            |e| e.page_kind = PageKind::Quiz,
            EnvelopeError::KindMismatch {
                page: "member-survey".into(),
                actual: "survey",
                claimed: "quiz",
            },
        ),
        (|e| e.visitor_id = "short".into(), EnvelopeError::BadVisitor),
        (
            |e| e.referral_code = Some("a b".into()),
            EnvelopeError::BadReferral,
        ),
        (|e| e.payload = json!([1]), EnvelopeError::PayloadNotObject),
        (
            |e| e.payload = json!({"x": "长".repeat(20_000)}),
            EnvelopeError::PayloadTooLarge,
        ),
    ];
    for (spoil, expected) in cases {
        let mut bad = envelope();
        spoil(&mut bad);
        assert_eq!(bad.check(&campaign), Err(expected));
    }
}

#[test]
fn shell_carries_the_campaign_safely() {
    use campaign_core::shell::{Bundle, SHELL_HTML_TAG, SHELL_TITLE, personalise_shell};
    let mut campaign = demo();
    campaign.title = "</script><b>福利</b>".to_owned();
    let shell =
        format!("<!doctype html>{SHELL_HTML_TAG}<head>{SHELL_TITLE}</head><body></body></html>");
    let html = personalise_shell(&shell, &campaign, Bundle::All);
    assert!(
        html.contains("<title>&lt;/script&gt;&lt;b&gt;福利&lt;/b&gt;</title>"),
        "{html}"
    );
    assert_eq!(
        html.matches("</script>").count(),
        1,
        "only the config's own closing tag"
    );
    let inlined = parse_campaign(inlined_config(&html)).unwrap();
    // The editor's `$schema` link is left out; everything else is there.
    campaign.json_schema = None;
    assert_eq!(
        inlined, campaign,
        "the all-kinds bundle gets every page whole"
    );
}

#[test]
fn each_bundle_gets_the_pages_it_reads() {
    use campaign_core::shell::{Bundle, personalise_shell};
    let campaign = demo();
    let shell = "<html lang=\"zh-CN\"><head><title>Campaign Kit</title></head></html>";
    let home = personalise_shell(shell, &campaign, Bundle::Home);
    let config: serde_json::Value = serde_json::from_str(inlined_config(&home)).unwrap();
    for page in config["pages"].as_array().unwrap() {
        let mut keys: Vec<&str> = page
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["description", "id", "kind", "title"], "{page}");
    }
    assert!(home.len() < personalise_shell(shell, &campaign, Bundle::All).len());
}

#[test]
fn the_course_funnels_bundles_get_each_others_links() {
    use campaign_core::PageKind;
    use campaign_core::shell::{Bundle, personalise_shell};
    let campaign =
        campaign_core::parse_campaign(include_str!("../../static/campaigns/jd-course.json"))
            .unwrap();
    let shell = "<html lang=\"zh-CN\"><head><title>Campaign Kit</title></head></html>";
    // The check-in bundle invites a graduate's friend to the course's next
    // intake, and the course bundle links a learner to their check-in page:
    // each gets the other page's header with that link, and nothing more.
    let checkin = personalise_shell(shell, &campaign, Bundle::Kind(PageKind::Checkin));
    let config: serde_json::Value = serde_json::from_str(inlined_config(&checkin)).unwrap();
    let course = &config["pages"][0];
    assert_eq!(
        course["next_intake"]["link"],
        "https://h5.jd.example/course/c14"
    );
    assert!(course.get("advisor").is_none(), "{course}");
    let course_bundle = personalise_shell(shell, &campaign, Bundle::Kind(PageKind::Course));
    let config: serde_json::Value = serde_json::from_str(inlined_config(&course_bundle)).unwrap();
    let checkin = &config["pages"][1];
    assert_eq!(checkin["course_page"], "course");
    assert!(checkin.get("days").is_none(), "{checkin}");
}

#[test]
fn the_demos_configs_are_inlined_and_a_cmb_size_one_is_served_apart() {
    use campaign_core::PageKind;
    use campaign_core::shell::{
        Bundle, CONFIG_FILES_PATH, CONFIG_URL_META, FIRST_SCREEN_CONFIG_META,
        INLINE_CONFIG_MAX_BYTES, config_digest, personalise_served_shell, personalise_shell,
    };
    let shell = "<html lang=\"zh-CN\"><head><title>Campaign Kit</title></head><body></body></html>";
    let demo = demo();
    // Every bundle of the demo reads a config short enough to inline: its
    // pages need no second request.
    let bundles = std::iter::once(Bundle::Home)
        .chain(PageKind::ALL.into_iter().map(Bundle::Kind))
        .chain([Bundle::All]);
    for bundle in bundles {
        let (html, file) = personalise_served_shell(shell, &demo, bundle);
        assert_eq!(file, None, "{bundle:?}");
        assert_eq!(html, personalise_shell(shell, &demo, bundle), "{bundle:?}");
    }

    // A CMB-size picker: 3,000 groups.
    let mut large = demo.clone();
    let Some(campaign_core::Page::GroupPicker(picker)) = large
        .pages
        .iter_mut()
        .find(|page| page.kind() == PageKind::GroupPicker)
    else {
        panic!("the demo has a group picker");
    };
    let template = picker.groups[0].clone();
    picker.groups = (0..3_000)
        .map(|number| {
            let mut group = template.clone();
            group.id = format!("large-{number}");
            group.name = format!("招行城市{number:04}福利群");
            group
        })
        .collect();
    let (html, file) = personalise_served_shell(shell, &large, Bundle::Kind(PageKind::GroupPicker));
    let file = file.expect("a config this long is served apart");
    assert!(file.json.len() > INLINE_CONFIG_MAX_BYTES);
    let digest = config_digest(&file.json);
    assert_eq!(file.path, format!("{CONFIG_FILES_PATH}{digest}.json"));
    assert!(!html.contains("application/json"), "not inlined: {html}");
    assert!(
        html.len() < 1_024,
        "the page is as short as the demo's: {html}"
    );
    let path = &file.path;
    for element in [
        format!("<meta name=\"{CONFIG_URL_META}\" content=\"{path}\">"),
        format!("<meta name=\"{FIRST_SCREEN_CONFIG_META}\" content=\"{digest}\">"),
    ] {
        assert!(html.contains(&element), "{element} in {html}");
    }
    assert!(
        html.find(&file.path) < html.find("</head>"),
        "named in the head"
    );
    // The file is what the bundle would have had inlined.
    let inlined = personalise_shell(shell, &large, Bundle::Kind(PageKind::GroupPicker));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&file.json).unwrap(),
        serde_json::from_str::<serde_json::Value>(inlined_config(&inlined)).unwrap()
    );
    // The survey bundle reads the picker's header only: still inlined.
    let (_, survey) = personalise_served_shell(shell, &large, Bundle::Kind(PageKind::Survey));
    assert_eq!(survey, None);
}

fn inlined_config(html: &str) -> &str {
    let start = html.find("application/json\">").unwrap() + "application/json\">".len();
    let end = html.rfind("</script>").unwrap();
    &html[start..end]
}

#[test]
fn a_rendered_first_screen_takes_the_placeholders_place() {
    use campaign_core::shell::{
        FIRST_SCREEN_END, FIRST_SCREEN_NOTICE, FIRST_SCREEN_START, with_first_screen,
    };
    let shell = format!(
        "<body><div id=\"app\">{FIRST_SCREEN_START}<div class=\"ck-boot\">加载中…</div>{FIRST_SCREEN_END}</div>{FIRST_SCREEN_NOTICE}<noscript></noscript></body>"
    );
    let html = with_first_screen(&shell, "<div class=\"ck\">页面</div>").unwrap();
    // The mount element holds the markup alone, as hydration needs.
    assert!(
        html.starts_with("<body><div id=\"app\"><div class=\"ck\">页面</div></div><p class=\"ck-boot-failed ck-boot-notice\""),
        "{html}"
    );
    assert!(
        !html.contains("ck-boot\""),
        "the placeholder is gone: {html}"
    );
    assert!(!html.contains("<!--"), "no marks are left: {html}");
    // A shell without the marks (an older build) is left to render on the phone.
    assert_eq!(
        with_first_screen("<div id=\"app\"></div>", "<p>x</p>"),
        None
    );
    assert_eq!(
        with_first_screen(
            &format!("<div id=\"app\">{FIRST_SCREEN_START}</div>"),
            "<p>x</p>"
        ),
        None
    );
}

#[test]
fn a_config_digest_tells_an_edited_config() {
    use campaign_core::shell::config_digest;
    let config = include_str!("../../static/campaigns/demo.json");
    assert_eq!(config_digest(config), config_digest(config));
    assert_eq!(config_digest(config).len(), 16);
    assert_ne!(
        config_digest(config),
        config_digest(&config.replacen("福利", "优惠", 1))
    );
    // FNV-1a 64's published value for "a".
    assert_eq!(config_digest("a"), "af63dc4c8601ec8c");
}

#[test]
fn a_page_shell_is_titled_as_the_app_titles_the_page() {
    use campaign_core::shell::{
        Bundle, SHELL_TITLE, document_title, personalise_shell, with_page_title,
    };
    let campaign = demo();
    let page = campaign
        .page("city-group")
        .expect("the demo's group picker");
    let personalised = personalise_shell(
        &format!("<html lang=\"zh-CN\"><head>{SHELL_TITLE}</head></html>"),
        &campaign,
        Bundle::All,
    );
    let titled = with_page_title(&personalised, &campaign, page);
    assert!(
        titled.contains("<title>加入同城福利群 · 招行同城社群 · 福利季</title>"),
        "{titled}"
    );
    assert_eq!(titled.matches("<title>").count(), 1);
    // A static build's shell still says "Campaign Kit": it gets the page's too.
    assert!(with_page_title(SHELL_TITLE, &campaign, page).contains("加入同城福利群 · "));
    assert_eq!(document_title(&campaign, None), campaign.title);
    assert_eq!(
        with_page_title("<p>no title</p>", &campaign, page),
        "<p>no title</p>"
    );
}

#[test]
fn a_page_title_from_the_config_is_escaped_in_the_shell() {
    use campaign_core::shell::{SHELL_TITLE, with_page_title};
    let mut config: serde_json::Value =
        serde_json::from_str(include_str!("../../static/campaigns/demo.json")).unwrap();
    config["pages"][0]["title"] = json!("</title><script>alert(1)</script>");
    let campaign = parse_campaign(&config.to_string()).unwrap();
    let html = with_page_title(SHELL_TITLE, &campaign, &campaign.pages[0]);
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;/title&gt;&lt;script&gt;"), "{html}");
}
