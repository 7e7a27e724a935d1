//! Ids and names, with one rule for each: the config checkers, the envelope
//! checks and the server all ask here.

/// Longest id of a campaign, a page, or anything inside a page (a question, an
/// option set, a prize, a group, a result tier), in characters.
pub const MAX_ID_CHARS: usize = 64;
/// Shortest visitor id, in characters.
pub const MIN_VISITOR_ID_CHARS: usize = 8;
/// Longest visitor id, in characters.
pub const MAX_VISITOR_ID_CHARS: usize = 64;

/// Longest channel code.
pub const MAX_CHANNEL_CHARS: usize = 32;

/// Whether `code` can be a channel code (渠道码): 1 to 32 lowercase letters,
/// digits, `-` and `_`, so it reads the same in a URL, a CSV and a chart.
pub fn is_channel_code(code: &str) -> bool {
    (1..=MAX_CHANNEL_CHARS).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The channel of a link's `?ch=` as pages keep it: trimmed and lowercased,
/// or `None` when it cannot be one (a mistyped link still opens the page).
pub fn channel_of_link(value: &str) -> Option<String> {
    let code = value.trim().to_ascii_lowercase();
    is_channel_code(&code).then_some(code)
}

/// Ids and names: 1 to `max_chars` lowercase letters, digits, `-` or `_`,
/// starting with a letter or digit. They become URLs, storage keys and columns.
pub fn is_name(name: &str, max_chars: usize) -> bool {
    name.len() <= max_chars
        && name
            .bytes()
            .next()
            .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// An id in a config (campaign, page, question...): a name of at most
/// [`MAX_ID_CHARS`] characters.
pub fn is_id(id: &str) -> bool {
    is_name(id, MAX_ID_CHARS)
}

/// A visitor id as envelopes, events and API requests carry it: 8 to 64 ASCII
/// letters, digits, `-` or `_` (the app makes a random one per device).
pub fn is_visitor_id(visitor_id: &str) -> bool {
    (MIN_VISITOR_ID_CHARS..=MAX_VISITOR_ID_CHARS).contains(&visitor_id.len())
        && visitor_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_names() {
        assert!(is_id("member-survey_2"));
        assert!(is_id("2026"));
        assert!(is_id(&"a".repeat(MAX_ID_CHARS)));
        for id in ["", "-lead", "_lead", "Upper", "with space", "点"] {
            assert!(!is_id(id), "{id}");
        }
        assert!(!is_id(&"a".repeat(MAX_ID_CHARS + 1)));
        assert!(is_name("pool", 4) && !is_name("pools", 4));
    }

    #[test]
    fn visitor_ids_are_8_to_64_tokens() {
        assert!(is_visitor_id("ABCdef12"));
        assert!(is_visitor_id("0f8b3c1e-5a2d-4c6b-9e7f-1a2b3c4d5e6f"));
        assert!(is_visitor_id(&"v".repeat(MAX_VISITOR_ID_CHARS)));
        for visitor in ["", "short", "has space1", "semi;colon", "点点点点点点点点"] {
            assert!(!is_visitor_id(visitor), "{visitor}");
        }
        assert!(!is_visitor_id(&"v".repeat(MAX_VISITOR_ID_CHARS + 1)));
    }
}
