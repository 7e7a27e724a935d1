//! Console sessions: the HttpOnly cookie the console signs in with, so no
//! token sits in the page's storage or in a URL.
//!
//! The cookie is `<role>.<name>.<expires>.<tag>`: the role (`admin` or
//! `staff`), the credential's name (base64url), the expiry in Unix
//! milliseconds, and an HMAC-SHA256 tag over those and the SHA-256 of the
//! credential's own token. The key is derived from the admin token, so
//! rotating it ends every session; a staff token removed or changed ends
//! the sessions it opened, as its hash no longer matches.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::secret::constant_time_eq;

type HmacSha256 = Hmac<Sha256>;

/// Name of the console's session cookie.
pub const CONSOLE_COOKIE: &str = "ck_console";
/// How long a console session lasts: a working day.
pub const CONSOLE_SESSION_SECONDS: i64 = 12 * 3600;

/// Who a credential (a token, or a session made with one) acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Credential {
    Admin,
    Staff(String),
}

impl Credential {
    fn role(&self) -> &'static str {
        match self {
            Credential::Admin => "admin",
            Credential::Staff(_) => "staff",
        }
    }

    /// `admin`, or the staff token's name: what redemptions record.
    pub(crate) fn name(&self) -> &str {
        match self {
            Credential::Admin => "admin",
            Credential::Staff(name) => name,
        }
    }
}

impl AppState {
    /// The credential `token` is, compared in constant time against every
    /// token, so the time taken tells nothing of which one was near.
    pub(crate) fn credential_of(&self, token: &str) -> Option<Credential> {
        if constant_time_eq(token.as_bytes(), self.admin_token.as_bytes()) {
            return Some(Credential::Admin);
        }
        self.staff_tokens.iter().fold(None, |found, staff| {
            let matches = constant_time_eq(token.as_bytes(), staff.token.as_bytes());
            found.or(matches.then(|| Credential::Staff(staff.name.clone())))
        })
    }

    /// The token a credential signs in with now; `None` for a staff name no
    /// longer configured.
    fn token_of(&self, credential: &Credential) -> Option<&str> {
        match credential {
            Credential::Admin => Some(&self.admin_token),
            Credential::Staff(name) => self
                .staff_tokens
                .iter()
                .find(|staff| staff.name == *name)
                .map(|staff| staff.token.as_str()),
        }
    }

    /// The cookie value of a session of `credential` that ends at `expires_ms`.
    pub(crate) fn session_value(&self, credential: &Credential, expires_ms: i64) -> Option<String> {
        let token = self.token_of(credential)?;
        let name = URL_SAFE_NO_PAD.encode(credential.name().as_bytes());
        let tag = session_tag(
            &self.admin_token,
            credential.role(),
            &name,
            expires_ms,
            token,
        )
        .finalize()
        .into_bytes();
        Some(format!(
            "{}.{name}.{expires_ms}.{}",
            credential.role(),
            crate::hex::encode(&tag)
        ))
    }

    /// The credential and expiry of a session cookie this server signed, while
    /// it lasts (by the state's clock); `None` for anything else.
    pub(crate) fn verify_session_value(
        &self,
        value: &str,
        now_ms: i64,
    ) -> Option<(Credential, i64)> {
        let mut parts = value.split('.');
        let (Some(role), Some(name), Some(expires), Some(tag), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let expires_ms: i64 = expires.parse().ok()?;
        let tag = crate::hex::decode(tag)?;
        let decoded = String::from_utf8(URL_SAFE_NO_PAD.decode(name).ok()?).ok()?;
        let credential = match role {
            "admin" if decoded == "admin" => Credential::Admin,
            "staff" => Credential::Staff(decoded),
            _ => return None,
        };
        let token = self.token_of(&credential)?;
        session_tag(&self.admin_token, role, name, expires_ms, token)
            .verify_slice(&tag)
            .ok()?;
        (expires_ms > now_ms).then_some((credential, expires_ms))
    }
}

/// The key: SHA-256 of a label and the admin token.
fn session_key(admin_token: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"campaign-kit console session v1");
    hasher.update(admin_token.as_bytes());
    hasher.finalize().into()
}

fn session_tag(
    admin_token: &str,
    role: &str,
    name: &str,
    expires_ms: i64,
    token: &str,
) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(&session_key(admin_token))
        .expect("HMAC takes keys of any length");
    mac.update(role.as_bytes());
    mac.update(b"\0");
    mac.update(name.as_bytes());
    mac.update(b"\0");
    mac.update(expires_ms.to_string().as_bytes());
    mac.update(b"\0");
    mac.update(&Sha256::digest(token.as_bytes()));
    mac
}

/// Whether the request came over https: as the browser says in `Origin`,
/// or the proxy in front in `X-Forwarded-Proto` / `Forwarded`.
pub(crate) fn came_over_https(headers: &axum::http::HeaderMap) -> bool {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    header("origin").is_some_and(|origin| origin.starts_with("https://"))
        || header("x-forwarded-proto")
            .is_some_and(|proto| proto.split(',').next().map(str::trim) == Some("https"))
        || header("forwarded").is_some_and(|forwarded| forwarded.contains("proto=https"))
}

/// Whether the request's `Origin` names the site it was sent to: its `Host`,
/// or the host a trusted proxy forwarded (`forwarded_host`). `None` when it
/// carries no `Origin`.
pub(crate) fn same_origin(
    headers: &axum::http::HeaderMap,
    forwarded_host: Option<&str>,
) -> Option<bool> {
    let origin = headers.get(axum::http::header::ORIGIN)?;
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|value| value.to_str().ok());
    let authority = origin
        .to_str()
        .ok()
        .and_then(|origin| {
            origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
        })
        .filter(|authority| !authority.is_empty());
    let Some(authority) = authority else {
        return Some(false);
    };
    Some(
        [host, forwarded_host]
            .into_iter()
            .flatten()
            .any(|site| authority.eq_ignore_ascii_case(site)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn origins_match_the_host_only() {
        assert_eq!(same_origin(&headers(&[("host", "a.example")]), None), None);
        let same = headers(&[
            ("host", "a.example:8080"),
            ("origin", "http://a.example:8080"),
        ]);
        assert_eq!(same_origin(&same, None), Some(true));
        let foreign = headers(&[("host", "a.example"), ("origin", "https://evil.example")]);
        assert_eq!(same_origin(&foreign, None), Some(false));
        let null = headers(&[("host", "a.example"), ("origin", "null")]);
        assert_eq!(same_origin(&null, None), Some(false));
        // Behind a proxy that sends its upstream as `Host`, the host it
        // forwarded counts, and only that one.
        let proxied = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://cmb.example"),
        ]);
        assert_eq!(same_origin(&proxied, Some("cmb.example")), Some(true));
        assert_eq!(same_origin(&proxied, Some("evil.example")), Some(false));
        assert_eq!(same_origin(&proxied, None), Some(false));
    }
}
