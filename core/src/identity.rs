//! The verified person: which pages need one, the visitor token a host signs,
//! and every sentence a visitor reads when a person cannot be counted.
//!
//! The server verifies tokens (with its secret, which no page has). A page
//! only reads its own token's claims, unverified, to put the subject on its
//! envelopes and to say at once that a token has expired instead of letting
//! the person fill in a survey first.

use serde::{Deserialize, Serialize};

use crate::campaign::{Campaign, Identity, Page};
use crate::primitives::Locale;

/// The key of the URL fragment a host links with: `/p/<id>#vt=<token>`. A
/// fragment never reaches a server's logs or a `Referer`, and the page removes
/// it from the address bar at once, so a shared link never carries it.
pub const TOKEN_FRAGMENT_KEY: &str = "vt";

/// Longest a visitor token may live: a host mints short-lived tokens for each
/// visit, and a token that leaks is worth little for long.
pub const MAX_TOKEN_LIFETIME_SECONDS: i64 = 7 * 24 * 3600;

/// Longest `sub` a token may carry, in bytes.
pub const MAX_SUBJECT_BYTES: usize = 256;

/// The claims of a visitor token (an HS256 JWT signed by the host).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorClaims {
    /// The person, as the host knows them (a member number, a user id).
    pub sub: String,
    /// The campaign's `id`: a token for one campaign is refused by another.
    pub aud: String,
    /// Expiry, in seconds since the Unix epoch; at most 7 days ahead.
    pub exp: i64,
    /// A name to show, if the host sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
}

/// The token in a URL fragment (`#vt=...`, among other `&`-separated parts),
/// and the fragment without it (empty when nothing else was there).
pub fn token_in_fragment(fragment: &str) -> Option<(String, String)> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut token = None;
    let mut rest = String::new();
    for part in fragment.split('&').filter(|part| !part.is_empty()) {
        match part.strip_prefix("vt=") {
            Some(value) if !value.is_empty() => token = Some(value.to_owned()),
            _ => {
                if !rest.is_empty() {
                    rest.push('&');
                }
                rest.push_str(part);
            }
        }
    }
    token.map(|token| (token, rest))
}

/// What a page may read of its own token without the secret: the subject and
/// the expiry. Never a reason to trust it; the server verifies every request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnverifiedClaims {
    pub sub: String,
    pub exp: i64,
}

/// Reads a JWT's claims without checking its signature (see
/// [`UnverifiedClaims`]); `None` for anything that is not a JWT.
pub fn unverified_claims(token: &str) -> Option<UnverifiedClaims> {
    let mut parts = token.split('.');
    let (_header, claims, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let json = base64url_decode(claims)?;
    // Read from a plain JSON value rather than a type of its own: every page
    // bundle has the value's parser already, and a derived reader costs more.
    // (`from_str`, as everywhere: `from_slice` would compile a second parser.)
    let claims: serde_json::Value = serde_json::from_str(std::str::from_utf8(&json).ok()?).ok()?;
    Some(UnverifiedClaims {
        sub: claims.get("sub")?.as_str()?.to_owned(),
        exp: claims.get("exp")?.as_i64()?,
    })
}

/// Unpadded base64url, as JWTs use it. Decoding only, for reading claims; the
/// server's signature checks use a maintained JWT library.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0u8;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// Whether a page's results have value, so that in a campaign with identity
/// they count only for a verified person: draws, a survey taken once or
/// rewarded, a quiz that unlocks a draw, invitations, group seats and coupons.
pub fn needs_person(page: &Page) -> bool {
    match page {
        Page::Lottery(_) | Page::Referral(_) | Page::GroupPicker(_) => true,
        Page::Quiz(quiz) => quiz.unlocks_draw.is_some(),
        Page::Survey(survey) => {
            survey.resubmit == crate::survey::Resubmit::Once
                || survey
                    .reward
                    .as_ref()
                    .is_some_and(|reward| reward.code_pool.is_some())
        }
        // Coupon codes are worth money: one per person.
        Page::Offers(_) => true,
        // Seats in a cohort, and check-ins that earn a certificate.
        Page::Course(_) | Page::Checkin(_) => true,
        // A schedule to read: nothing is counted.
        Page::Benefits(_) => false,
        Page::Unparsed(_) => false,
    }
}

/// Whether the campaign counts `page`'s results per verified person.
pub fn page_needs_person(campaign: &Campaign, page: &Page) -> bool {
    campaign.identity.verifies_people() && needs_person(page)
}

/// Why the person could not be counted: answered `401`, each with its own code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRefusal {
    /// No token (or WeChat sign-in) came with the request.
    LoginRequired,
    /// The token's `exp` has passed.
    TokenExpired,
    /// The token is not one the host signed for this campaign: a wrong
    /// signature, another campaign's `aud`, too long a life, or not a token.
    TokenInvalid,
}

impl PersonRefusal {
    pub const ALL: [PersonRefusal; 3] = [
        PersonRefusal::LoginRequired,
        PersonRefusal::TokenExpired,
        PersonRefusal::TokenInvalid,
    ];

    /// The error code it is answered with, as the wire spells it.
    pub fn code(self) -> &'static str {
        match self {
            PersonRefusal::LoginRequired => "login_required",
            PersonRefusal::TokenExpired => "token_expired",
            PersonRefusal::TokenInvalid => "token_invalid",
        }
    }

    /// The refusal an error code names, if it names one. Pages read refusals
    /// by name: a bundle without other use for the wire's error codes is
    /// spared their reader.
    pub fn from_code(code: &str) -> Option<PersonRefusal> {
        PersonRefusal::ALL
            .into_iter()
            .find(|refusal| refusal.code() == code)
    }

    /// The sentence for the visitor, in the campaign's language.
    pub fn text(self, locale: Locale, identity: Identity) -> &'static str {
        let zh = locale == Locale::ZhCn;
        let wechat = identity == Identity::Wechat;
        match self {
            PersonRefusal::LoginRequired if wechat && zh => {
                "请在微信中打开本页：参与需要确认是你本人。"
            }
            PersonRefusal::LoginRequired if wechat => {
                "Open this page in WeChat: taking part needs to know it is you."
            }
            PersonRefusal::LoginRequired if zh => {
                "请从活动入口重新打开本页：参与需要确认是你本人。"
            }
            PersonRefusal::LoginRequired => {
                "Open this page again from the campaign's app or link: taking part needs to know it is you."
            }
            PersonRefusal::TokenExpired if wechat && zh => "登录已过期，请刷新本页。",
            PersonRefusal::TokenExpired if wechat => "Your sign-in has expired; reload this page.",
            PersonRefusal::TokenExpired if zh => "登录已过期，请从活动入口重新打开本页。",
            PersonRefusal::TokenExpired => {
                "Your sign-in has expired; open this page again from the campaign's app or link."
            }
            PersonRefusal::TokenInvalid if zh => "无法确认你的身份，请从活动入口重新打开本页。",
            PersonRefusal::TokenInvalid => {
                "We could not confirm who you are; open this page again from the campaign's app or link."
            }
        }
    }
}

/// A per-campaign ceiling reached (see [`crate::campaign::Ceilings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeilingReached {
    /// Draws, reward codes or seats per minute: try again in a minute.
    PerMinute,
    /// Prizes won today from the visitor's network address.
    AddressWins,
}

impl CeilingReached {
    /// The sentence for the visitor, in the campaign's language.
    pub fn text(self, locale: Locale) -> &'static str {
        let zh = locale == Locale::ZhCn;
        match self {
            CeilingReached::PerMinute if zh => "参与的人太多了，请一分钟后再试。",
            CeilingReached::PerMinute => {
                "Too many people are taking part right now; try again in a minute."
            }
            CeilingReached::AddressWins if zh => "今天从你所在网络中奖的次数已达上限，请明天再来。",
            CeilingReached::AddressWins => {
                "Prizes won from your network today have reached the limit; come back tomorrow."
            }
        }
    }
}

/// What the WeChat sign-in says when it could not finish (a stale or
/// replayed link, WeChat refusing the code).
pub fn sign_in_failed(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "微信登录没有完成，请返回后重新打开本页。",
        Locale::En => "The WeChat sign-in did not finish; go back and open the page again.",
    }
}

/// The page a WeChat campaign shows in another browser: where to open it.
pub struct OpenInWechat {
    pub title: &'static str,
    pub body: &'static str,
}

impl OpenInWechat {
    pub fn text(locale: Locale) -> OpenInWechat {
        match locale {
            Locale::ZhCn => OpenInWechat {
                title: "请在微信中打开",
                body: "用微信扫描二维码，或复制链接到微信中打开。参与需要确认是你本人。",
            },
            Locale::En => OpenInWechat {
                title: "Open this page in WeChat",
                body: "Scan the QR code with WeChat, or paste the link into a WeChat chat. Taking part needs to know it is you.",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_taken_from_the_fragment_and_the_rest_kept() {
        assert_eq!(
            token_in_fragment("#vt=a.b.c"),
            Some(("a.b.c".to_owned(), String::new()))
        );
        assert_eq!(
            token_in_fragment("#top&vt=a.b.c&x=1"),
            Some(("a.b.c".to_owned(), "top&x=1".to_owned()))
        );
        assert_eq!(token_in_fragment("#vt="), None);
        assert_eq!(token_in_fragment(""), None);
        assert_eq!(token_in_fragment("#section"), None);
    }

    #[test]
    fn claims_are_read_from_the_middle_part() {
        // {"sub":"m-1","exp":1800000000,"aud":"x"} in base64url, no padding.
        let claims = "eyJzdWIiOiJtLTEiLCJleHAiOjE4MDAwMDAwMDAsImF1ZCI6IngifQ";
        let read = unverified_claims(&format!("e30.{claims}.sig")).unwrap();
        assert_eq!(read.sub, "m-1");
        assert_eq!(read.exp, 1_800_000_000);
        assert_eq!(unverified_claims("not a token"), None);
        assert_eq!(unverified_claims("a.b!.c"), None);
        assert_eq!(unverified_claims("a.b.c.d"), None);
    }
}
