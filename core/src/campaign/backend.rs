//! The campaign's `backend`: where its results go. Building the requests from
//! it is [`crate::backend`]'s business; this is the config model and its rules,
//! which the validator checks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::primitives::Url;
use crate::primitives::text::{Phrase, Text, phrase, text};

/// The reference server's API, on the origin that serves the pages.
pub const DEFAULT_API_BASE: &str = "/api/v1";

/// Where results and events go. With nothing set, everything goes to the reference
/// server that serves the pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Backend {
    /// Base URL of a backend speaking the Campaign Kit API (the reference server's
    /// `/api/v1`), used for everything the other fields do not redirect. A path
    /// such as `/api/v1` means the site that serves the pages.
    pub api: Url,
    /// Where each result is sent. Without it: `POST {api}/submissions` with the
    /// envelope as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submit: Option<Endpoint>,
    /// Where analytics events are sent in batches. Without it: `{api}/events`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Url>,
    /// Sites (`https://host[:port]`) whose pages may call the reference server's
    /// API, for pages embedded elsewhere. The pages' own site never needs listing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_origins: Vec<String>,
}

impl Default for Backend {
    fn default() -> Self {
        Backend {
            api: Url::new(DEFAULT_API_BASE),
            submit: None,
            events: None,
            allowed_origins: Vec::new(),
        }
    }
}

/// A backend of the marketer's own that takes results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub url: Url,
    #[serde(default)]
    pub method: Method,
    /// `json` (default) or `form` (`application/x-www-form-urlencoded`).
    #[serde(default)]
    pub format: BodyFormat,
    /// Extra request headers. Everyone who opens the page can read them: never put
    /// a secret here. Your backend must allow them in its CORS answer.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The body's shape, with placeholders such as `{{page.title}}` or
    /// `{{data.score}}` in its strings. JSON: any value; a string that is exactly
    /// one placeholder becomes that value (numbers stay numbers). Form: an object of
    /// field names to texts. Without a template the body is the envelope itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Value>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub enum Method {
    #[default]
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PUT")]
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BodyFormat {
    #[default]
    Json,
    Form,
}

impl BodyFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            BodyFormat::Json => "application/json",
            BodyFormat::Form => "application/x-www-form-urlencoded",
        }
    }
}

/// Headers a page may not set: the browser owns them, or Campaign Kit does.
const RESERVED_HEADERS: [&str; 9] = [
    "content-type",
    "content-length",
    "host",
    "cookie",
    "origin",
    "referer",
    "connection",
    "idempotency-key",
    "user-agent",
];

/// Why a configured header cannot be sent, if it cannot.
pub fn header_problem(name: &str, value: &str) -> Option<Text> {
    let lower = name.to_ascii_lowercase();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Some(text!(
            "`{name}` 不是有效的请求头名称：只能用字母、数字和 `-`",
            "`{name}` is not a header name: use letters, digits and `-`"
        ))
    } else if RESERVED_HEADERS.contains(&lower.as_str())
        || lower.starts_with("sec-")
        || lower.starts_with("proxy-")
    {
        Some(text!(
            "`{name}` 由浏览器或 Campaign Kit 设置，不能配置",
            "`{name}` is set by the browser or by Campaign Kit and cannot be configured"
        ))
    } else if value.chars().any(char::is_control) {
        Some(
            phrase!(
                "请求头的值不能含有换行或控制字符",
                "header values cannot contain line breaks or control characters"
            )
            .into(),
        )
    } else if !value.is_ascii() {
        // Browsers refuse such a header outright, so every send would fail.
        Some(text!(
            "`{value}` 含有浏览器无法放进请求头的字符（只能用 ASCII）；请先做百分号编码，或改放到请求体的 `template` 里",
            "`{value}` has characters a browser cannot send in a header (only ASCII); percent-encode it or move it into the body's `template`"
        ))
    } else {
        None
    }
}

/// Why `origin` cannot be an allowed origin, if it cannot: a phrase that follows
/// the origin.
pub fn origin_problem(origin: &str) -> Option<Phrase> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    match rest {
        _ if origin == "*" => Some(phrase!(
            "`*` 会让任何网站都能提交结果；请逐一列出网站",
            "`*` would let any site post results; list the sites instead"
        )),
        None => Some(phrase!(
            "必须以 `https://` 或 `http://` 开头",
            "must start with `https://` or `http://`"
        )),
        Some(host) if host.is_empty() || host.contains(['/', '?', '#', ' ', '@']) => Some(phrase!(
            "只能写 `scheme://host[:port]`，不带路径，末尾也不带 `/`",
            "must be only `scheme://host[:port]`, without a path or a trailing `/`"
        )),
        Some(_) => None,
    }
}

// ---------------------------------------------------------------------------
// Body template placeholders
// ---------------------------------------------------------------------------

/// The placeholders a template may use; `data.<field>` reaches into the payload.
pub const PLACEHOLDERS: [&str; 13] = [
    "id",
    "visitor",
    "referral",
    "subject",
    "time",
    "campaign.id",
    "campaign.title",
    "page.id",
    "page.title",
    "page.kind",
    "data",
    "data.<field>",
    "envelope",
];

/// Whether `name` is a placeholder templates may use.
pub fn is_known_placeholder(name: &str) -> bool {
    PLACEHOLDERS.contains(&name)
        || name
            .strip_prefix("data.")
            .is_some_and(|field| !field.is_empty())
}

/// Every placeholder name in a template, in order.
pub fn placeholders_in(template: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_placeholders(template, &mut found);
    found
}

fn collect_placeholders(template: &Value, found: &mut Vec<String>) {
    match template {
        Value::String(text) => found.extend(split(text).filter_map(|piece| match piece {
            Piece::Placeholder(name) => Some(name.to_owned()),
            Piece::Text(_) => None,
        })),
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_placeholders(item, found)),
        Value::Object(fields) => fields
            .values()
            .for_each(|value| collect_placeholders(value, found)),
        _ => {}
    }
}

pub(crate) enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

/// Splits text into literal runs and `{{ name }}` placeholders; an unclosed `{{`
/// is literal text.
pub(crate) fn split(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.find("{{") {
            Some(0) => match rest.find("}}") {
                Some(end) => {
                    let name = rest[2..end].trim();
                    rest = &rest[end + 2..];
                    Some(Piece::Placeholder(name))
                }
                None => {
                    let all = rest;
                    rest = "";
                    Some(Piece::Text(all))
                }
            },
            Some(start) => {
                let (literal, tail) = rest.split_at(start);
                rest = tail;
                Some(Piece::Text(literal))
            }
            None => {
                let all = rest;
                rest = "";
                Some(Piece::Text(all))
            }
        }
    })
}
