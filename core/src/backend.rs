//! Where a campaign's results go, and the exact request that takes them there.
//!
//! Marketers point results at their own systems (an API, a webhook relay, a form
//! store) that each want their own shape, so an endpoint can set the method, the
//! body format, extra headers and a body template. Building the request is pure:
//! the app only hands the result to `fetch`, and the tests check the bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::config::{Campaign, Url};
use crate::envelope::{Envelope, IDEMPOTENCY_KEY_HEADER};
use crate::template::{TemplateData, form_encode, render_json, render_text};

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

/// An HTTP request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    pub url: String,
    pub method: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Backend {
    /// The request that delivers `envelope`.
    pub fn submit_request(&self, campaign: &Campaign, envelope: &Envelope) -> OutgoingRequest {
        let default_endpoint;
        let endpoint = match &self.submit {
            Some(endpoint) => endpoint,
            None => {
                default_endpoint = Endpoint {
                    url: Url(join_url(self.api.as_str(), "submissions")),
                    method: Method::Post,
                    format: BodyFormat::Json,
                    headers: BTreeMap::new(),
                    template: None,
                };
                &default_endpoint
            }
        };
        let data = TemplateData { campaign, envelope };
        let body = match (endpoint.format, &endpoint.template) {
            (BodyFormat::Json, None) => serde_json::to_string(envelope).unwrap_or_default(),
            (BodyFormat::Json, Some(template)) => render_json(template, &data).to_string(),
            (BodyFormat::Form, template) => form_encode(&form_fields(template.as_ref(), &data)),
        };
        let mut headers = vec![
            (
                "Content-Type".to_owned(),
                endpoint.format.content_type().to_owned(),
            ),
            (IDEMPOTENCY_KEY_HEADER.to_owned(), envelope.id.clone()),
        ];
        headers.extend(
            endpoint
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), value.clone())),
        );
        OutgoingRequest {
            url: endpoint.url.as_str().to_owned(),
            method: endpoint.method.as_str(),
            headers,
            body,
        }
    }

    /// Where event batches go.
    pub fn events_url(&self) -> String {
        match &self.events {
            Some(url) => url.as_str().to_owned(),
            None => join_url(self.api.as_str(), "events"),
        }
    }

    /// `{api}/<path>`, for the API's other endpoints.
    pub fn api_url(&self, path: &str) -> String {
        join_url(self.api.as_str(), path)
    }
}

/// Form fields from a template object, or the envelope's own fields without one.
fn form_fields(template: Option<&Value>, data: &TemplateData<'_>) -> Vec<(String, String)> {
    match template.and_then(Value::as_object) {
        Some(fields) => fields
            .iter()
            .map(|(name, value)| {
                let text = match value {
                    Value::String(text) => render_text(text, data),
                    other => other.to_string(),
                };
                (name.clone(), text)
            })
            .collect(),
        None => {
            let envelope = data.envelope;
            vec![
                ("id".to_owned(), envelope.id.clone()),
                ("campaign_id".to_owned(), envelope.campaign_id.clone()),
                ("page_id".to_owned(), envelope.page_id.clone()),
                (
                    "page_kind".to_owned(),
                    envelope.page_kind.as_str().to_owned(),
                ),
                ("visitor_id".to_owned(), envelope.visitor_id.clone()),
                (
                    "referral_code".to_owned(),
                    envelope.referral_code.clone().unwrap_or_default(),
                ),
                ("client_ts".to_owned(), envelope.client_ts.to_string()),
                ("payload".to_owned(), envelope.payload.to_string()),
            ]
        }
    }
}

fn join_url(base: &str, path: &str) -> String {
    format!("{}/{path}", base.trim_end_matches('/'))
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
pub fn header_problem(name: &str, value: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Some(format!(
            "`{name}` is not a header name: use letters, digits and `-`"
        ))
    } else if RESERVED_HEADERS.contains(&lower.as_str())
        || lower.starts_with("sec-")
        || lower.starts_with("proxy-")
    {
        Some(format!(
            "`{name}` is set by the browser or by Campaign Kit and cannot be configured"
        ))
    } else if value.chars().any(char::is_control) {
        Some("header values cannot contain line breaks or control characters".to_owned())
    } else {
        None
    }
}

/// Why `origin` cannot be an allowed origin, if it cannot.
pub fn origin_problem(origin: &str) -> Option<&'static str> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    match rest {
        _ if origin == "*" => Some("`*` would let any site post results; list the sites instead"),
        None => Some("must start with `https://` or `http://`"),
        Some(host) if host.is_empty() || host.contains(['/', '?', '#', ' ', '@']) => {
            Some("must be only `scheme://host[:port]`, without a path or a trailing `/`")
        }
        Some(_) => None,
    }
}
