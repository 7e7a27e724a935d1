//! The JSON Schema for campaign configs, generated from the Rust types so it can
//! never drift from what the validator accepts. Published as
//! `static/campaign.schema.json` for editors (VS Code: `"$schema"` or
//! `json.schemas`); a test fails when the checked-in copy is stale.

use crate::campaign::Campaign;

/// Where the schema is published, relative to the repository root.
pub const SCHEMA_FILE: &str = "static/campaign.schema.json";

/// The schema as pretty JSON with a trailing newline.
pub fn campaign_schema_json() -> String {
    let schema = schemars::schema_for!(Campaign);
    let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
    json.push('\n');
    json
}
