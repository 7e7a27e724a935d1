//! `campaign-server check` explains a broken config by path and exits non-zero.

use std::process::Command;

/// Runs `campaign-server check` on `config`, with `--lang` when given.
fn check_in(config: &str, lang: Option<&str>) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("campaign.json");
    std::fs::write(&file, config).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_campaign-server"));
    command.arg("check").arg(&file);
    if let Some(lang) = lang {
        command.args(["--lang", lang]);
    }
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The report in English, whatever the campaign's language.
fn check(config: &str) -> (i32, String, String) {
    check_in(config, Some("en"))
}

fn demo() -> serde_json::Value {
    serde_json::from_str(include_str!("../../static/campaigns/demo.json")).unwrap()
}

#[test]
fn the_demo_passes() {
    let (code, stdout, _) = check(include_str!("../../static/campaigns/demo.json"));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("ok, campaign `cmb-city-community`"),
        "{stdout}"
    );
}

#[test]
fn a_broken_config_lists_every_problem_by_path() {
    let mut config: serde_json::Value =
        serde_json::from_str(include_str!("../../static/campaigns/demo.json")).unwrap();
    config["titel"] = "typo".into();
    config["theme"]["primary"] = "red".into();
    config["pages"][1]["id"] = "city-group".into();
    let (code, _, stderr) = check(&config.to_string());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("has 3 problems"), "{stderr}");
    assert!(
        stderr.contains("titel: unknown field `titel` (did you mean `title`?)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("theme.primary: `red` is not a colour"),
        "{stderr}"
    );
    assert!(
        stderr.contains("pages[1].id: `city-group` is already the id of pages[0]"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_is_reported() {
    let output = Command::new(env!("CARGO_BIN_EXE_campaign-server"))
        .args(["check", "/nonexistent/campaign.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
}

#[test]
fn qr_codes_about_to_expire_are_warned_about() {
    let mut config: serde_json::Value =
        serde_json::from_str(include_str!("../../static/campaigns/demo.json")).unwrap();
    let in_a_day = campaign_server::iso8601_utc(campaign_server::now_ms() + 24 * 3_600_000);
    let in_a_week = campaign_server::iso8601_utc(campaign_server::now_ms() + 7 * 24 * 3_600_000);
    let groups = &mut config["pages"][0]["groups"];
    groups[0]["join"] = serde_json::json!({ "qr_image": "/images/qr/bj-1.png" });
    groups[0]["expires_at"] = in_a_day.into();
    groups[1]["join"] = serde_json::json!({ "qr_image": "/images/qr/sh-1.png" });
    groups[1]["expires_at"] = in_a_week.into();
    groups[2]["expires_at"] = "2020-01-01T00:00:00+08:00".into();
    let (code, stdout, stderr) = check(&config.to_string());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("warning: pages[0].groups[0].expires_at: the QR code of `bj-1` (招行北京福利 1 群) expires in 24 hours"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning: pages[0].groups[2].expires_at: the QR code of `gz-1` (招行广州福利 1 群) has expired"),
        "{stdout}"
    );
    assert!(!stdout.contains("`sh-1`"), "{stdout}");
}

#[test]
fn a_chinese_campaign_is_told_its_problems_in_chinese() {
    let mut config = demo();
    assert_eq!(config["locale"], "zh-CN");
    config["titel"] = "typo".into();
    config["theme"]["radius"] = "big".into();
    config["pages"][1]["id"] = "city-group".into();
    config["pages"][3]["limits"] = serde_json::json!({ "per_day": 5, "total": 2 });
    let (code, _, stderr) = check_in(&config.to_string(), None);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("活动配置有 4 处问题："), "{stderr}");
    for line in [
        "  titel：未知字段 `titel`（你是不是想写 `title`？）\n",
        "  theme.radius：应为介于 0 到 255 之间的整数，实际是文本 \"big\"\n",
        "  pages[1].id：`city-group` 已经是 pages[0] 的 id（页面 id 不能重复：每个 id 都会成为页面的网址 /p/<id>）\n",
        "  pages[3].limits.per_day：5 大于 `total`（2）（访客永远用不完每天的次数）\n",
    ] {
        assert!(stderr.contains(line), "{line}\n{stderr}");
    }
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn lang_en_reports_a_chinese_campaign_in_english() {
    let mut config = demo();
    config["pages"][3]["limits"] = serde_json::json!({ "per_day": 5, "total": 2 });
    let (code, _, stderr) = check_in(&config.to_string(), Some("en"));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "the campaign config has 1 problem:\n  pages[3].limits.per_day: 5 is more than `total` (2) (a visitor could never use the whole daily allowance)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn an_english_campaign_is_told_in_english_and_lang_overrides_it() {
    let mut config = demo();
    config["locale"] = "en".into();
    config["titel"] = "typo".into();
    let (_, _, stderr) = check_in(&config.to_string(), None);
    assert!(
        stderr.contains("titel: unknown field `titel` (did you mean `title`?)"),
        "{stderr}"
    );
    let (_, _, stderr) = check_in(&config.to_string(), Some("zh-CN"));
    assert!(stderr.contains("titel：未知字段 `titel`"), "{stderr}");
}

#[test]
fn a_config_that_cannot_be_read_is_told_in_chinese() {
    // Not even JSON: no `locale` to go by, so the product's first language.
    let (code, _, stderr) = check_in("{ \"titel\": ", None);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("不是有效的 JSON：第 1 行"), "{stderr}");
}

#[test]
fn a_valid_chinese_campaign_is_ok_in_chinese_with_its_warnings() {
    let mut config = demo();
    let groups = &mut config["pages"][0]["groups"];
    groups[2]["expires_at"] = "2020-01-01T00:00:00+08:00".into();
    let (code, stdout, stderr) = check_in(&config.to_string(), None);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("通过，活动 `cmb-city-community`（"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "警告：pages[0].groups[2].expires_at：`gz-1`（招行广州福利 1 群）的二维码已过期"
        ),
        "{stdout}"
    );
}

#[test]
fn an_unknown_lang_is_refused() {
    let (code, _, stderr) = check_in(include_str!("../../static/campaigns/demo.json"), Some("fr"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("use `zh-CN` or `en`"), "{stderr}");
}

fn jd_course() -> serde_json::Value {
    serde_json::from_str(include_str!("../../static/campaigns/jd-course.json")).unwrap()
}

#[test]
fn the_jd_course_example_passes() {
    let (code, stdout, stderr) = check(include_str!("../../static/campaigns/jd-course.json"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("ok, campaign `jd-course`"), "{stdout}");
}

#[test]
fn course_and_check_in_mistakes_are_reported_by_path() {
    // The three of issue #18: a schedule day out of order, a close time after
    // the course starts, a certificate rule needing more days than the course.
    let mut config = jd_course();
    config["pages"][0]["course"]["schedule"][3]["day"] = 6.into();
    config["pages"][0]["closes_at"] = "2026-12-08T12:00:00+08:00".into();
    config["pages"][1]["graduation"]["days_needed"] = 9.into();
    let (code, _, stderr) = check(&config.to_string());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("has 3 problems"), "{stderr}");
    for line in [
        "pages[0].course.schedule[3].day: should be day 4, not day 6",
        "pages[0].closes_at: sign-up closes after cohorts[0] starts (2026-12-07)",
        "pages[1].graduation.days_needed: needs 9 days of check-ins, but the course has 7",
    ] {
        assert!(stderr.contains(line), "missing `{line}` in {stderr}");
    }
    // In the campaign's own language by default.
    let (_, _, zh) = check_in(&config.to_string(), None);
    assert!(zh.contains("需要打卡 9 天，但课程只有 7 天"), "{zh}");
}

#[test]
fn seats_and_certificates_in_a_device_campaign_are_warned_about() {
    let mut config = jd_course();
    config["identity"] = "device".into();
    let (code, stdout, stderr) = check(&config.to_string());
    assert_eq!(code, 0, "a warning, not a problem: {stderr}");
    let report = format!("{stdout}{stderr}");
    assert!(report.contains("pages[0]: `course` has seats"), "{report}");
    assert!(
        report.contains("pages[1]: `checkin` hands out certificates"),
        "{report}"
    );
}
