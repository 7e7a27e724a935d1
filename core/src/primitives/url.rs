//! URLs as configs write them: absolute, or a path on the site that serves the pages.

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use super::text::{Phrase, phrase};

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

    /// The URL for a link, if it is one a page may link to. Checked configs
    /// hold no other, but a page bundle does not run the kinds' rules (see
    /// `check_kind_rules`), and a link is where a `javascript:` URL would run.
    pub fn href(&self) -> Option<&str> {
        self.problem().is_none().then_some(self.as_str())
    }

    /// Why this is not a usable URL, if it is not: a phrase that follows the
    /// URL, as in "`ftp://x` must start with ...".
    pub fn problem(&self) -> Option<Phrase> {
        let value = self.0.as_str();
        if value.is_empty() {
            return Some(phrase!("为空", "is empty"));
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Some(phrase!(
                "含有空格或控制字符",
                "contains spaces or control characters"
            ));
        }
        if let Some(rest) = value.strip_prefix('/') {
            return rest.starts_with('/').then_some(phrase!(
                "以 `//` 开头；请写明协议，如 `https://`",
                "starts with `//`; write the scheme, e.g. `https://`"
            ));
        }
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"));
        match rest {
            None => Some(phrase!(
                "必须以 `https://`、`http://` 或 `/` 开头",
                "must start with `https://`, `http://` or `/`"
            )),
            Some(rest) => {
                let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
                (host.is_empty() || host.contains('@'))
                    .then_some(phrase!("没有有效的主机名", "has no valid host"))
            }
        }
    }
}

/// Appends `text` to `out` percent-encoded as a URL component: everything but
/// RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub fn percent_encode_into(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

/// `text` percent-encoded as a URL component (see [`percent_encode_into`]).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::Url;

    #[test]
    fn only_web_and_site_urls_become_links() {
        for usable in [
            "https://h5.bank.example/a?b#c",
            "http://x.example",
            "/p/course",
        ] {
            assert_eq!(Url::new(usable).href(), Some(usable));
        }
        for refused in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example/x",
            "https:// spaced.example",
            "",
        ] {
            assert_eq!(Url::new(refused).href(), None, "{refused}");
        }
    }
}
