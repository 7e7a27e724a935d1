//! Campaign settings only the server acts on: the per-campaign ceilings and
//! WeChat share cards. Built with the `settings` feature (the server, the CLI,
//! the designer's preview); page bundles take them out of the config unread,
//! so no phone downloads their reading code.
//!
//! Every campaign has per-minute ceilings as a circuit breaker, and `device`
//! campaigns a daily cap on prizes won from one network address.

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::primitives::Url;

/// Channel codes and their names (sorted by code).
pub type Channels = std::collections::BTreeMap<String, String>;

/// Per-campaign ceilings: past one, the server answers `429` and logs a
/// warning, so a flood of invented visitors cannot empty a campaign in a
/// minute. The defaults are far above what people do, even at a launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Ceilings {
    /// Prize draws per minute, on every page together.
    pub draws_per_minute: u32,
    /// Survey reward codes handed out per minute.
    pub reward_codes_per_minute: u32,
    /// Group picker members sent to a group per minute.
    pub seats_per_minute: u32,
    /// Prizes (not blanks) won per day from one network address, in `device`
    /// campaigns. Generous: behind a carrier's NAT, thousands of phones share
    /// one address.
    pub prize_wins_per_address_per_day: u32,
}

impl Default for Ceilings {
    fn default() -> Self {
        Ceilings {
            draws_per_minute: 1200,
            reward_codes_per_minute: 600,
            seats_per_minute: 1200,
            prize_wins_per_address_per_day: 50,
        }
    }
}

impl Ceilings {
    pub(crate) fn is_default(&self) -> bool {
        *self == Ceilings::default()
    }

    /// Each ceiling by its config name.
    pub fn named(&self) -> [(&'static str, u32); 4] {
        [
            ("draws_per_minute", self.draws_per_minute),
            ("reward_codes_per_minute", self.reward_codes_per_minute),
            ("seats_per_minute", self.seats_per_minute),
            (
                "prize_wins_per_address_per_day",
                self.prize_wins_per_address_per_day,
            ),
        ]
    }
}

/// WeChat settings of the campaign. The app id and its secret are the server's
/// (`--wechat-appid`, `--wechat-secret`), never in this public config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Wechat {
    /// The card each page shows when shared inside WeChat, one per page.
    /// Sharing is never rewarded (WeChat forbids 诱导分享).
    // A list rather than a map by page id: the designer's preview reads it,
    // and a map of cards costs a bundle 3 KB more than a list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share: Vec<ShareCard>,
}

impl Wechat {
    pub(crate) fn is_default(&self) -> bool {
        self.share.is_empty()
    }
}

/// A WeChat share card: what a chat or Moments shows for the shared link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShareCard {
    /// The id of the page it is the card of.
    pub page: String,
    /// The card's title, e.g. `520 视频会员大抽奖`.
    pub title: String,
    /// A line under the title in chats (Moments show the title only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// The card's square image; a path is taken on the site that serves the pages.
    pub image: Url,
}

/// Longest share card description, in characters (WeChat cuts longer ones).
pub const MAX_SHARE_DESC_CHARS: usize = 120;
