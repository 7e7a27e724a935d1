//! Colours as configs write them.

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// A CSS colour as `#rgb`, `#rrggbb` or `#rrggbbaa`. Checked by the validator;
/// only these forms are accepted so a colour can never smuggle other CSS in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(transparent)]
pub struct Color(
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"))
    )]
    pub String,
);

impl Color {
    pub fn new(value: &str) -> Self {
        Color(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_valid(&self) -> bool {
        let Some(hex) = self.0.strip_prefix('#') else {
            return false;
        };
        matches!(hex.len(), 3 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    }
}
