//! `{name}` placeholders in poster text, filled with the page's values.

/// The next `{name}` in `text` (name: ASCII letters, digits and `_`), as its
/// byte range and name. Braces around anything else are plain text.
fn next_placeholder(text: &str) -> Option<(usize, usize, &str)> {
    let mut from = 0;
    while let Some(found) = text[from..].find('{') {
        let start = from + found;
        let rest = &text[start + 1..];
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if name_len > 0 && rest.as_bytes().get(name_len) == Some(&b'}') {
            return Some((start, start + name_len + 2, &rest[..name_len]));
        }
        from = start + 1;
    }
    None
}

/// The names of the `{name}` placeholders in `text`, in order.
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some((_, end, name)) = next_placeholder(rest) {
        names.push(name);
        rest = &rest[end..];
    }
    names
}

/// Replaces each `{name}` in `text` with its value from `values`.
///
/// Kept deliberately simple: a placeholder is a name of ASCII letters, digits and
/// `_` in single braces; unknown names stay as written (the config checker
/// reports them), and other braces are plain text, so there is no escape syntax.
/// Values are inserted as they are and never scanned again, so a nickname such
/// as `{code}` cannot pull in another value.
pub fn fill_placeholders(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((start, end, name)) = next_placeholder(rest) {
        out.push_str(&rest[..start]);
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
