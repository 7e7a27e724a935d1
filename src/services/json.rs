//! JSON objects for the app's messages, events and payloads, built without
//! `serde_json::json!`: the macro unwraps every value's conversion, and that
//! one unwrap brings serde_json's error formatting and Rust's string escaper
//! (with its Unicode tables) into every bundle.

use serde::Serialize;
use serde_json::{Map, Value};

/// `{ "key": value, ... }`, in the order given.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect::<Map<String, Value>>(),
    )
}

/// A typed value as JSON: `null` for one JSON cannot hold (no derived type
/// of this app is one).
pub fn value_of(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
