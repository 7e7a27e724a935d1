//! The submission envelope: how every result leaves a page for any backend.
//!
//! The envelope's `id` doubles as the `Idempotency-Key` header, so a backend that
//! sees the same id twice (a double tap, a retry after a lost response, a reload
//! while sending) stores the result once.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::campaign::{Campaign, PageKind};
use crate::identity::MAX_SUBJECT_BYTES;
use crate::primitives::ids::{MAX_VISITOR_ID_CHARS, MIN_VISITOR_ID_CHARS, is_visitor_id};

/// The header that carries the envelope id.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// Largest payload, serialised, that a page may send (the reference server's body
/// limit is a little above this to leave room for the envelope's own fields).
pub const MAX_PAYLOAD_BYTES: usize = 32 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Unique per result, a UUID v4; also sent as `Idempotency-Key`.
    pub id: String,
    pub campaign_id: String,
    pub page_id: String,
    pub page_kind: PageKind,
    /// Random id kept on the device, so a backend can tell repeat visitors apart
    /// without knowing who they are.
    pub visitor_id: String,
    /// The invite code the visitor arrived with (`?ref=`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral_code: Option<String>,
    /// The channel (渠道码) the visit came through (`?ch=`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// In `signed` campaigns, the `sub` of the visitor token the host linked
    /// with. The page cannot verify it: a backend checks the token itself,
    /// sent as `Authorization: Bearer <token>` with the envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// When the result was made, in milliseconds since the Unix epoch, by the
    /// device's clock (which may be wrong: backends keep their own receipt time).
    pub client_ts: i64,
    /// The page kind's result, a JSON object.
    pub payload: Value,
}

/// Why a backend must refuse an envelope. Each message tells the sender what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("`id` must be a lowercase UUID such as `1b4e28ba-2fa1-41d2-883f-0016d3cca427`")]
    BadId,
    #[error("`campaign_id` is `{got}`, but this backend serves campaign `{expected}`")]
    WrongCampaign { got: String, expected: String },
    #[error("campaign has no page `{0}`")]
    UnknownPage(String),
    #[error("page `{page}` is a `{actual}` page, not `{claimed}`")]
    KindMismatch {
        page: String,
        actual: &'static str,
        claimed: &'static str,
    },
    #[error(
        "`visitor_id` must be {MIN_VISITOR_ID_CHARS} to {MAX_VISITOR_ID_CHARS} letters, digits, `-` or `_`"
    )]
    BadVisitor,
    #[error("`referral_code` must be 1 to 32 letters or digits")]
    BadReferral,
    #[error("`subject` must be 1 to {MAX_SUBJECT_BYTES} bytes")]
    BadSubject,
    #[error("`channel` must be 1 to {MAX_CHANNEL_CHARS} lowercase letters, digits, `-` or `_`")]
    BadChannel,
    #[error("`payload` must be a JSON object")]
    PayloadNotObject,
    #[error("`payload` is larger than {MAX_PAYLOAD_BYTES} bytes")]
    PayloadTooLarge,
    #[error("an event `name` must be 1 to 64 lowercase letters, digits, `_` or `.`")]
    BadEventName,
}

impl Envelope {
    /// Checks that the envelope is well formed and belongs to `campaign`.
    pub fn check(&self, campaign: &Campaign) -> Result<(), EnvelopeError> {
        check_origin(&self.id, &self.campaign_id, campaign)?;
        let page = campaign
            .page(&self.page_id)
            .ok_or_else(|| EnvelopeError::UnknownPage(self.page_id.clone()))?;
        if page.kind() != self.page_kind {
            return Err(EnvelopeError::KindMismatch {
                page: self.page_id.clone(),
                actual: page.kind().as_str(),
                claimed: self.page_kind.as_str(),
            });
        }
        if !is_visitor_id(&self.visitor_id) {
            return Err(EnvelopeError::BadVisitor);
        }
        if let Some(code) = &self.referral_code {
            if !(1..=32).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(EnvelopeError::BadReferral);
            }
        }
        if self
            .subject
            .as_ref()
            .is_some_and(|subject| !(1..=MAX_SUBJECT_BYTES).contains(&subject.len()))
        {
            return Err(EnvelopeError::BadSubject);
        }
        check_channel(self.channel.as_deref())?;
        if !self.payload.is_object() {
            return Err(EnvelopeError::PayloadNotObject);
        }
        if self.payload.to_string().len() > MAX_PAYLOAD_BYTES {
            return Err(EnvelopeError::PayloadTooLarge);
        }
        Ok(())
    }
}

// Channel codes (渠道码) follow the ids' rules; the envelope checks them.
pub use crate::primitives::ids::{MAX_CHANNEL_CHARS, channel_of_link, is_channel_code};

fn check_channel(channel: Option<&str>) -> Result<(), EnvelopeError> {
    match channel {
        Some(code) if !is_channel_code(code) => Err(EnvelopeError::BadChannel),
        _ => Ok(()),
    }
}

/// What envelopes and events share: a well-formed id, for this campaign.
fn check_origin(id: &str, campaign_id: &str, campaign: &Campaign) -> Result<(), EnvelopeError> {
    if !is_envelope_id(id) {
        return Err(EnvelopeError::BadId);
    }
    if campaign_id != campaign.id {
        return Err(EnvelopeError::WrongCampaign {
            got: campaign_id.to_owned(),
            expected: campaign.id.clone(),
        });
    }
    Ok(())
}

/// Formats 16 random bytes as a version 4 UUID. The caller supplies the randomness
/// (the browser's `crypto.getRandomValues`, or the OS on the server).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether `id` is a lowercase hyphenated UUID.
pub fn is_envelope_id(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(index, b)| match index {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// One analytics event: a page view or a key step of a page. Events are best
/// effort (batched, and sent with `sendBeacon` when the page is hidden); results
/// that must arrive travel as envelopes instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique per event, a UUID v4: a batch sent twice is stored once.
    pub id: String,
    pub campaign_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    pub visitor_id: String,
    /// What happened, such as `page_view` or `survey_section_completed`.
    pub name: String,
    pub client_ts: i64,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub data: Value,
    /// The channel (渠道码) the visit came through (`?ch=`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// What a page sends to the events endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EventBatch {
    pub events: Vec<Event>,
}

/// Most events a page puts in one batch (and a backend should accept).
pub const MAX_EVENTS_PER_BATCH: usize = 50;

impl Event {
    /// Checks that the event is well formed and belongs to `campaign`.
    pub fn check(&self, campaign: &Campaign) -> Result<(), EnvelopeError> {
        check_origin(&self.id, &self.campaign_id, campaign)?;
        if let Some(page) = &self.page_id {
            if campaign.page(page).is_none() {
                return Err(EnvelopeError::UnknownPage(page.clone()));
            }
        }
        if !is_visitor_id(&self.visitor_id) {
            return Err(EnvelopeError::BadVisitor);
        }
        let name_ok = (1..=64).contains(&self.name.len())
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
        if !name_ok {
            return Err(EnvelopeError::BadEventName);
        }
        check_channel(self.channel.as_deref())?;
        if self.data.to_string().len() > MAX_EVENT_DATA_BYTES {
            return Err(EnvelopeError::PayloadTooLarge);
        }
        Ok(())
    }
}

/// Largest `data` of one event.
pub const MAX_EVENT_DATA_BYTES: usize = 2 * 1024;
