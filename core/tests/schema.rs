//! The published JSON Schema matches the Rust types.

use campaign_core::schema::{SCHEMA_FILE, campaign_schema_json};

#[test]
fn published_schema_is_current() {
    let path = format!("{}/../{SCHEMA_FILE}", env!("CARGO_MANIFEST_DIR"));
    let fresh = campaign_schema_json();
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == fresh,
        "{SCHEMA_FILE} is stale: run `cargo xtask schema` and commit the result"
    );
}

#[test]
fn schema_forbids_unknown_fields_and_names_every_kind() {
    let schema: serde_json::Value = serde_json::from_str(&campaign_schema_json()).unwrap();
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    let text = schema.to_string();
    for kind in [
        "group_picker",
        "referral",
        "quiz",
        "lottery",
        "survey",
        "benefits",
        "offers",
    ] {
        assert!(text.contains(&format!("\"{kind}\"")), "schema lacks {kind}");
    }
}
