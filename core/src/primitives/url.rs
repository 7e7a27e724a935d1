//! URLs as configs write them: absolute, or a path on the site that serves the pages.

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// An absolute `http(s)://` URL, or a path on the site that serves the pages
/// (starting with a single `/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(transparent)]
pub struct Url(
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^(https?://[^\s/?#]+|/(?!/))\S*$"))
    )]
    pub String,
);

impl Url {
    pub fn new(value: &str) -> Self {
        Url(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Why this is not a usable URL, if it is not.
    pub fn problem(&self) -> Option<&'static str> {
        let value = self.0.as_str();
        if value.is_empty() {
            return Some("is empty");
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Some("contains spaces or control characters");
        }
        if let Some(rest) = value.strip_prefix('/') {
            return rest
                .starts_with('/')
                .then_some("starts with `//`; write the scheme, e.g. `https://`");
        }
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"));
        match rest {
            None => Some("must start with `https://`, `http://` or `/`"),
            Some(rest) => {
                let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
                (host.is_empty() || host.contains('@')).then_some("has no valid host")
            }
        }
    }
}
