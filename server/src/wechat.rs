//! WeChat's server APIs: the silent sign-in (`snsapi_base`) that turns a code
//! into an openid, and the JS-SDK signature for share cards, whose
//! `access_token` and `jsapi_ticket` are cached for their lifetime (both live
//! 7200 s and are rate-limited by WeChat). Servers that share a PostgreSQL
//! store share the cache too ([`Wechat::sharing_through`]): WeChat invalidates
//! an access token minutes after a newer one is fetched, so servers that each
//! fetched their own would keep invalidating each other's.
//!
//! The hosts come from the server's flags, so tests point them at a fake on
//! loopback and nothing calls the real WeChat.

use std::time::Duration;

use campaign_core::primitives::url::percent_encode;
use serde::Deserialize;
use sha1::{Digest, Sha1};
use tokio::sync::Mutex;

/// The real hosts.
pub const OAUTH_BASE: &str = "https://open.weixin.qq.com";
pub const API_BASE: &str = "https://api.weixin.qq.com";

/// Seconds before a cached token's end at which a new one is fetched, so no
/// request signs with one that dies on the way.
const REFRESH_MARGIN_SECONDS: i64 = 300;

/// The server's WeChat account (a 公众号 / service account).
#[derive(Debug, Clone)]
pub struct WechatConfig {
    pub appid: String,
    pub secret: String,
    /// `https://open.weixin.qq.com`, where people are sent to sign in.
    pub oauth_base: String,
    /// `https://api.weixin.qq.com`, what this server calls.
    pub api_base: String,
}

/// Why WeChat gave no answer this server can use.
#[derive(Debug, thiserror::Error)]
pub enum WechatError {
    #[error("WeChat could not be reached: {0}")]
    Unreachable(String),
    #[error("WeChat refused: {code} {message}")]
    Refused { code: i64, message: String },
    #[error("WeChat's answer was not understood: {0}")]
    Unreadable(String),
}

/// A value and when it stops being usable, in Unix seconds.
#[derive(Clone)]
struct Cached {
    value: String,
    until: i64,
}

#[derive(Default)]
struct Tokens {
    access_token: Option<Cached>,
    ticket: Option<Cached>,
}

pub struct Wechat {
    config: WechatConfig,
    agent: ureq::Agent,
    /// One lock for both: concurrent first signatures fetch the ticket once.
    tokens: Mutex<Tokens>,
    /// The store the campaign's servers share, where they find the tokens
    /// one of them fetched.
    shared: Option<crate::store::Store>,
}

const SHARED_ACCESS_TOKEN: &str = "wechat:access_token";
const SHARED_TICKET: &str = "wechat:jsapi_ticket";

/// What WeChat's JSON answers may hold; every API sends `errcode` on failure.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Answer {
    errcode: i64,
    errmsg: String,
    openid: Option<String>,
    access_token: Option<String>,
    ticket: Option<String>,
    expires_in: Option<i64>,
}

impl Wechat {
    pub fn new(config: WechatConfig) -> Wechat {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            // WeChat answers errors as 200 with `errcode`; any other status
            // is read as an unusable answer below.
            .http_status_as_error(false)
            .build()
            .into();
        Wechat {
            config,
            agent,
            tokens: Mutex::new(Tokens::default()),
            shared: None,
        }
    }

    /// Shares fetched tokens through `store` with the campaign's other servers.
    pub fn sharing_through(mut self, store: crate::store::Store) -> Wechat {
        self.shared = Some(store);
        self
    }

    /// A token another server fetched and shared, while it lives (seconds).
    /// The cache is a help, never a condition: a store that fails is a miss.
    async fn shared_token(&self, key: &str, now: i64) -> Option<Cached> {
        let store = self.shared.as_ref()?;
        match store.cached(key.to_owned(), now * 1000).await {
            Ok(found) => found.map(|(value, until_ms)| Cached {
                value,
                until: until_ms.div_euclid(1000),
            }),
            Err(err) => {
                tracing::warn!("reading the shared WeChat {key}: {err:#}");
                None
            }
        }
    }

    async fn share_token(&self, key: &str, token: &Cached) {
        if let Some(store) = &self.shared {
            if let Err(err) = store
                .cache(key.to_owned(), token.value.clone(), token.until * 1000)
                .await
            {
                tracing::warn!("sharing the WeChat {key}: {err:#}");
            }
        }
    }

    pub fn appid(&self) -> &str {
        &self.config.appid
    }

    /// Where to send a person to sign in silently; WeChat sends them back to
    /// `redirect_uri` with `code` and `state`.
    pub fn authorize_url(&self, redirect_uri: &str, state: &str) -> String {
        format!(
            "{}/connect/oauth2/authorize?appid={}&redirect_uri={}&response_type=code&scope=snsapi_base&state={}#wechat_redirect",
            self.config.oauth_base.trim_end_matches('/'),
            percent_encode(&self.config.appid),
            percent_encode(redirect_uri),
            percent_encode(state),
        )
    }

    /// The openid a sign-in `code` stands for. A code works once: WeChat
    /// refuses it the second time.
    pub async fn openid_for_code(&self, code: &str) -> Result<String, WechatError> {
        let answer = self
            .get(
                "/sns/oauth2/access_token",
                vec![
                    ("appid", self.config.appid.clone()),
                    ("secret", self.config.secret.clone()),
                    ("code", code.to_owned()),
                    ("grant_type", "authorization_code".to_owned()),
                ],
            )
            .await?;
        answer
            .openid
            .filter(|openid| crate::identity::is_openid(openid))
            .ok_or_else(|| WechatError::Unreadable("no openid".to_owned()))
    }

    /// The JS-SDK ticket, from the cache while it lives.
    pub async fn jsapi_ticket(&self, now_ms: i64) -> Result<String, WechatError> {
        let now = now_ms.div_euclid(1000);
        let mut tokens = self.tokens.lock().await;
        if let Some(ticket) = tokens.ticket.as_ref().filter(|ticket| ticket.until > now) {
            return Ok(ticket.value.clone());
        }
        if let Some(ticket) = self.shared_token(SHARED_TICKET, now).await {
            let value = ticket.value.clone();
            tokens.ticket = Some(ticket);
            return Ok(value);
        }
        let mut retried = false;
        loop {
            let access_token = self.access_token(&mut tokens, now, retried).await?;
            let answer = self
                .get(
                    "/cgi-bin/ticket/getticket",
                    vec![("access_token", access_token), ("type", "jsapi".to_owned())],
                )
                .await;
            match answer {
                // The access token died early (another server fetched a new
                // one, or WeChat reset it): fetch it again, once.
                Err(WechatError::Refused {
                    code: 40001 | 42001,
                    ..
                }) if !retried => {
                    tokens.access_token = None;
                    if let Some(store) = &self.shared {
                        store.uncache(SHARED_ACCESS_TOKEN.to_owned()).await.ok();
                    }
                    retried = true;
                }
                Err(err) => return Err(err),
                Ok(answer) => {
                    let ticket = answer
                        .ticket
                        .ok_or_else(|| WechatError::Unreadable("no ticket".to_owned()))?;
                    let cached = Cached {
                        value: ticket.clone(),
                        until: now + lifetime(answer.expires_in),
                    };
                    self.share_token(SHARED_TICKET, &cached).await;
                    tokens.ticket = Some(cached);
                    return Ok(ticket);
                }
            }
        }
    }

    /// `retrying`: the last token was refused, so the shared one (which may be
    /// that one) is passed over too.
    async fn access_token(
        &self,
        tokens: &mut Tokens,
        now: i64,
        retrying: bool,
    ) -> Result<String, WechatError> {
        if let Some(token) = tokens
            .access_token
            .as_ref()
            .filter(|token| token.until > now)
        {
            return Ok(token.value.clone());
        }
        if !retrying {
            if let Some(token) = self.shared_token(SHARED_ACCESS_TOKEN, now).await {
                let value = token.value.clone();
                tokens.access_token = Some(token);
                return Ok(value);
            }
        }
        let answer = self
            .get(
                "/cgi-bin/token",
                vec![
                    ("grant_type", "client_credential".to_owned()),
                    ("appid", self.config.appid.clone()),
                    ("secret", self.config.secret.clone()),
                ],
            )
            .await?;
        let token = answer
            .access_token
            .ok_or_else(|| WechatError::Unreadable("no access_token".to_owned()))?;
        let cached = Cached {
            value: token.clone(),
            until: now + lifetime(answer.expires_in),
        };
        self.share_token(SHARED_ACCESS_TOKEN, &cached).await;
        tokens.access_token = Some(cached);
        Ok(token)
    }

    /// GETs `path` of the API host with `query` and reads WeChat's answer; the
    /// blocking client runs on tokio's blocking pool.
    async fn get(
        &self,
        path: &'static str,
        query: Vec<(&'static str, String)>,
    ) -> Result<Answer, WechatError> {
        let agent = self.agent.clone();
        let url = format!("{}{path}", self.config.api_base.trim_end_matches('/'));
        let text = tokio::task::spawn_blocking(move || {
            let mut request = agent.get(&url);
            for (key, value) in &query {
                request = request.query(key, value);
            }
            let mut response = request
                .call()
                .map_err(|err| WechatError::Unreachable(err.to_string()))?;
            if !response.status().is_success() {
                return Err(WechatError::Unreadable(format!(
                    "HTTP {}",
                    response.status()
                )));
            }
            response
                .body_mut()
                .read_to_string()
                .map_err(|err| WechatError::Unreachable(err.to_string()))
        })
        .await
        .map_err(|err| WechatError::Unreachable(err.to_string()))??;
        let answer: Answer =
            serde_json::from_str(&text).map_err(|err| WechatError::Unreadable(err.to_string()))?;
        if answer.errcode != 0 {
            return Err(WechatError::Refused {
                code: answer.errcode,
                message: answer.errmsg,
            });
        }
        Ok(answer)
    }
}

/// Seconds a token is used for: its `expires_in` (7200 when WeChat leaves it
/// out), less the refresh margin.
fn lifetime(expires_in: Option<i64>) -> i64 {
    (expires_in.unwrap_or(7200) - REFRESH_MARGIN_SECONDS).max(60)
}

/// The JS-SDK signature: SHA-1 of `jsapi_ticket=..&noncestr=..&timestamp=..&url=..`,
/// keys in that order, raw values, and the URL up to (not including) `#`.
pub fn jssdk_signature(ticket: &str, nonce: &str, timestamp: i64, url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    let text = format!("jsapi_ticket={ticket}&noncestr={nonce}&timestamp={timestamp}&url={url}");
    crate::hex::encode(&Sha1::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WeChat's own worked example (JS-SDK documentation, appendix 1).
    #[test]
    fn the_documented_signature_vector() {
        let signature = jssdk_signature(
            "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
            "Wm3WZYTPz0wzccnW",
            1414587457,
            "http://mp.weixin.qq.com?params=value",
        );
        assert_eq!(signature, "0f9de62fce790f9a083d5c99e95740ceb90c27ed");
    }

    #[test]
    fn the_fragment_is_not_signed() {
        let ticket = "t";
        assert_eq!(
            jssdk_signature(ticket, "n", 1, "https://h5.example/p/x?a=1#vt=secret"),
            jssdk_signature(ticket, "n", 1, "https://h5.example/p/x?a=1")
        );
    }

    #[test]
    fn the_authorize_url_has_every_parameter() {
        let wechat = Wechat::new(WechatConfig {
            appid: "wx123".into(),
            secret: "s".into(),
            oauth_base: "https://open.weixin.qq.com/".into(),
            api_base: API_BASE.into(),
        });
        assert_eq!(
            wechat.authorize_url("https://h5.example/auth/wechat/callback", "ab12"),
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx123&redirect_uri=https%3A%2F%2Fh5.example%2Fauth%2Fwechat%2Fcallback&response_type=code&scope=snsapi_base&state=ab12#wechat_redirect"
        );
    }
}
