//! Where a campaign's results go, and the exact request that takes them there.
//! (The `backend` section's model and rules live with the campaign, in
//! `campaign::backend`, and are re-exported here.)
//!
//! Marketers point results at their own systems (an API, a webhook relay, a form
//! store) that each want their own shape, so an endpoint can set the method, the
//! body format, extra headers and a body template. Building the request is pure:
//! the app only hands the result to `fetch`, and the tests check the bytes.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::campaign::Campaign;
use crate::envelope::{Envelope, IDEMPOTENCY_KEY_HEADER};
use crate::primitives::Url;
use crate::template::{TemplateData, form_encode, render_json, render_text};

pub use crate::campaign::backend::{
    Backend, BodyFormat, DEFAULT_API_BASE, Endpoint, Method, header_problem, origin_problem,
};

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
            .into_iter()
            // The token's subject, where there is one (no field otherwise,
            // so device campaigns' form bodies stay as they were).
            .chain(
                envelope
                    .subject
                    .clone()
                    .map(|subject| ("subject".to_owned(), subject)),
            )
            // Likewise the channel, for visits that came through one.
            .chain(
                envelope
                    .channel
                    .clone()
                    .map(|channel| ("channel".to_owned(), channel)),
            )
            .collect()
        }
    }
}

fn join_url(base: &str, path: &str) -> String {
    format!("{}/{path}", base.trim_end_matches('/'))
}
