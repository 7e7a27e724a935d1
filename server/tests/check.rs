//! `campaign-server check` explains a broken config by path and exits non-zero.

use std::process::Command;

fn check(config: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("campaign.json");
    std::fs::write(&file, config).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_campaign-server"))
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
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
