//! Verified people: the visitor tokens a host signs, the WeChat sessions this
//! server signs, and the person key every limit counts.
//!
//! Both credentials are checked with keys derived from one server secret
//! (`--identity-secret`), never from anything in the public config. Tokens
//! are JWTs checked by `jsonwebtoken`; sessions are HMAC-SHA256 tags checked
//! in constant time by `hmac`.

use campaign_core::identity::{MAX_SUBJECT_BYTES, MAX_TOKEN_LIFETIME_SECONDS, PersonRefusal};
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// Shortest secret accepted: HS256 keys shorter than the hash are guessable
/// offline from one token.
pub const MIN_SECRET_BYTES: usize = 32;

/// Seconds of clock difference forgiven between the host and this server.
const LEEWAY_SECONDS: i64 = 60;

/// Name of the WeChat session cookie.
pub const SESSION_COOKIE: &str = "ck_wx";
/// How long a WeChat sign-in lasts; the page signs in again silently after.
pub const SESSION_SECONDS: i64 = 7 * 24 * 3600;

/// The keys of one server secret.
pub struct IdentityKeys {
    tokens: DecodingKey,
    /// Its own key, so that a session tag can never pass for a token's
    /// signature or the other way round.
    sessions: Vec<u8>,
}

impl std::fmt::Debug for IdentityKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityKeys(..)")
    }
}

impl IdentityKeys {
    /// `Err` with the reason when the secret is too short to be one.
    pub fn new(secret: &[u8]) -> Result<IdentityKeys, String> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(format!(
                "the identity secret must be at least {MIN_SECRET_BYTES} bytes (e.g. `openssl rand -hex 32`)"
            ));
        }
        let mut derive =
            HmacSha256::new_from_slice(secret).map_err(|err| format!("unusable secret: {err}"))?;
        derive.update(b"campaign-kit wechat session v1");
        Ok(IdentityKeys {
            tokens: DecodingKey::from_secret(secret),
            sessions: derive.finalize().into_bytes().to_vec(),
        })
    }
}

/// A person the server verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The host's `sub`, or the WeChat openid.
    pub subject: String,
    /// What limits count: see [`person_key`].
    pub key: String,
}

/// The id a verified person is counted by: `p-` and 32 hex digits of SHA-256
/// over the campaign id and the subject. It has the shape of a visitor id, so
/// every table and rule that counts visitors counts people unchanged, and two
/// devices of one person share one set of limits. It names nobody outside
/// this campaign; the host can compute it to find a member's rows.
pub fn person_key(campaign_id: &str, subject: &str) -> String {
    let digest = Sha256::new()
        .chain_update(campaign_id.as_bytes())
        .chain_update([0u8])
        .chain_update(subject.as_bytes())
        .finalize();
    format!("p-{}", crate::hex::encode(&digest[..16]))
}

/// What this server reads of a token; other claims are ignored.
#[derive(Deserialize)]
struct TokenClaims {
    sub: String,
    exp: i64,
}

/// Checks a visitor token for `campaign_id` at `now_ms` (the server's clock,
/// which tests move).
pub fn verify_token(
    keys: &IdentityKeys,
    token: &str,
    campaign_id: &str,
    now_ms: i64,
) -> Result<Verified, PersonRefusal> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&[campaign_id]);
    validation.set_required_spec_claims(&["sub", "aud", "exp"]);
    // Expiry is judged below by the server's own clock, with its own leeway.
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<TokenClaims>(token, &keys.tokens, &validation)
        .map_err(|_| PersonRefusal::TokenInvalid)?
        .claims;
    let now = now_ms.div_euclid(1000);
    if claims.exp.saturating_add(LEEWAY_SECONDS) < now {
        return Err(PersonRefusal::TokenExpired);
    }
    // A token for months is a leaked password waiting to happen: hosts mint
    // one per visit.
    if claims.exp > now + MAX_TOKEN_LIFETIME_SECONDS + LEEWAY_SECONDS {
        return Err(PersonRefusal::TokenInvalid);
    }
    if claims.sub.is_empty() || claims.sub.len() > MAX_SUBJECT_BYTES {
        return Err(PersonRefusal::TokenInvalid);
    }
    Ok(Verified {
        key: person_key(campaign_id, &claims.sub),
        subject: claims.sub,
    })
}

/// Whether `openid` looks like one: WeChat's are 28 letters, digits, `-`, `_`.
pub fn is_openid(openid: &str) -> bool {
    (1..=64).contains(&openid.len())
        && openid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn session_tag(keys: &IdentityKeys, campaign_id: &str, openid: &str, expires: i64) -> HmacSha256 {
    // Infallible: HMAC takes keys of any length.
    let mut mac = HmacSha256::new_from_slice(&keys.sessions).unwrap_or_else(|_| unreachable!());
    mac.update(format!("{campaign_id}\n{openid}\n{expires}").as_bytes());
    mac
}

/// The session cookie's value for a signed-in openid: `openid.expiry.tag`.
pub fn session_value(keys: &IdentityKeys, campaign_id: &str, openid: &str, now_ms: i64) -> String {
    let expires = now_ms.div_euclid(1000) + SESSION_SECONDS;
    let tag = session_tag(keys, campaign_id, openid, expires)
        .finalize()
        .into_bytes();
    format!("{openid}.{expires}.{}", crate::hex::encode(&tag))
}

/// The openid of a session cookie this server set for this campaign.
pub fn verify_session(
    keys: &IdentityKeys,
    value: &str,
    campaign_id: &str,
    now_ms: i64,
) -> Result<Verified, PersonRefusal> {
    let mut parts = value.split('.');
    let (Some(openid), Some(expires), Some(tag), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(PersonRefusal::TokenInvalid);
    };
    let expires: i64 = expires.parse().map_err(|_| PersonRefusal::TokenInvalid)?;
    let tag = crate::hex::decode(tag).ok_or(PersonRefusal::TokenInvalid)?;
    if !is_openid(openid) {
        return Err(PersonRefusal::TokenInvalid);
    }
    session_tag(keys, campaign_id, openid, expires)
        .verify_slice(&tag)
        .map_err(|_| PersonRefusal::TokenInvalid)?;
    if expires < now_ms.div_euclid(1000) {
        return Err(PersonRefusal::TokenExpired);
    }
    Ok(Verified {
        key: person_key(campaign_id, openid),
        subject: openid.to_owned(),
    })
}

/// The value of cookie `name` in a request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> IdentityKeys {
        IdentityKeys::new(b"0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn person_keys_are_visitor_ids_and_differ_per_campaign() {
        let key = person_key("cmb-city-community", "member-1");
        assert!(campaign_core::primitives::ids::is_visitor_id(&key), "{key}");
        assert_eq!(key.len(), 34);
        assert_eq!(key, person_key("cmb-city-community", "member-1"));
        assert_ne!(key, person_key("other-campaign", "member-1"));
        assert_ne!(key, person_key("cmb-city-community", "member-2"));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(IdentityKeys::new(b"short").is_err());
    }

    #[test]
    fn a_session_verifies_until_it_expires_and_not_when_touched() {
        let keys = keys();
        let now = 1_779_249_600_000;
        let value = session_value(&keys, "c", "oABC_123-x", now);
        let verified = verify_session(&keys, &value, "c", now).unwrap();
        assert_eq!(verified.subject, "oABC_123-x");
        assert_eq!(verified.key, person_key("c", "oABC_123-x"));
        assert_eq!(
            verify_session(&keys, &value, "other", now),
            Err(PersonRefusal::TokenInvalid),
            "another campaign's session"
        );
        let forged = value.replacen("oABC_123-x", "oABC_123-y", 1);
        assert_eq!(
            verify_session(&keys, &forged, "c", now),
            Err(PersonRefusal::TokenInvalid)
        );
        let later = now + (SESSION_SECONDS + 1) * 1000;
        assert_eq!(
            verify_session(&keys, &value, "c", later),
            Err(PersonRefusal::TokenExpired)
        );
        assert_eq!(
            verify_session(&keys, "garbage", "c", now),
            Err(PersonRefusal::TokenInvalid)
        );
    }
}
