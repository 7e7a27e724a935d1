//! WeChat: what a page inside WeChat configures the JS-SDK with.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/wechat/jssdk?url=<page address>`: the `wx.config` values for
/// that address (signed without its `#` fragment). Pages in iOS WeChat ask
/// for the address they first landed on, which is what iOS checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JssdkSignature {
    /// The service account's app id (`appId`).
    pub app_id: String,
    /// Seconds since the Unix epoch (`timestamp`).
    pub timestamp: i64,
    /// `nonceStr`.
    pub nonce_str: String,
    /// SHA-1, hex (`signature`).
    pub signature: String,
}
