//! Body templates: a marketer's backend gets results in its own shape, with
//! placeholders such as `{{page.title}}` or `{{data.score}}` filled from the
//! envelope. JSON bodies are built as values, never by pasting text, so no answer
//! can break out of its string.

use serde_json::Value;

use crate::campaign::Campaign;
use crate::campaign::backend::{Piece, split};
use crate::envelope::Envelope;

pub use crate::campaign::backend::{PLACEHOLDERS, is_known_placeholder, placeholders_in};

/// What placeholders are filled from.
pub struct TemplateData<'a> {
    pub campaign: &'a Campaign,
    pub envelope: &'a Envelope,
}

/// The value a placeholder stands for; `None` when the data has nothing there.
fn resolve(name: &str, data: &TemplateData<'_>) -> Option<Value> {
    let envelope = data.envelope;
    let page = data.campaign.page(&envelope.page_id);
    let text = |s: &str| Some(Value::String(s.to_owned()));
    match name {
        "id" => text(&envelope.id),
        "visitor" => text(&envelope.visitor_id),
        "referral" => envelope.referral_code.as_deref().and_then(text),
        "subject" => envelope.subject.as_deref().and_then(text),
        "time" => Some(Value::from(envelope.client_ts)),
        "campaign.id" => text(&data.campaign.id),
        "campaign.title" => text(&data.campaign.title),
        "page.id" => text(&envelope.page_id),
        "page.title" => page.and_then(|page| text(page.title())),
        "page.kind" => text(envelope.page_kind.as_str()),
        "data" => Some(envelope.payload.clone()),
        "envelope" => serde_json::to_value(envelope).ok(),
        _ => {
            let field = name.strip_prefix("data.")?;
            field
                .split('.')
                .try_fold(&envelope.payload, |value, key| value.get(key))
                .cloned()
        }
    }
}

/// Fills a JSON template. A string that is exactly one placeholder becomes the
/// placeholder's value (`null` when missing); other strings get text filled in.
pub fn render_json(template: &Value, data: &TemplateData<'_>) -> Value {
    match template {
        Value::String(text) => match whole_placeholder(text) {
            Some(name) => resolve(name, data).unwrap_or(Value::Null),
            None => Value::String(render_text(text, data)),
        },
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| render_json(item, data)).collect())
        }
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), render_json(value, data)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Fills placeholders in text: strings as they are, other values as compact JSON,
/// missing values as nothing.
pub fn render_text(text: &str, data: &TemplateData<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in split(text) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Placeholder(name) => match resolve(name, data) {
                Some(Value::String(value)) => out.push_str(&value),
                Some(Value::Null) | None => {}
                Some(value) => out.push_str(&value.to_string()),
            },
        }
    }
    out
}

fn whole_placeholder(text: &str) -> Option<&str> {
    let mut pieces = split(text);
    match (pieces.next(), pieces.next()) {
        (Some(Piece::Placeholder(name)), None) => Some(name),
        _ => None,
    }
}

/// `application/x-www-form-urlencoded`, as browsers encode forms.
pub fn form_encode(fields: &[(String, String)]) -> String {
    let mut out = String::new();
    for (index, (name, value)) in fields.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        encode_component(name, &mut out);
        out.push('=');
        encode_component(value, &mut out);
    }
    out
}

fn encode_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
    }
}
