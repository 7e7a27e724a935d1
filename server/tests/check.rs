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
