//! The offers page kind: a coupon ladder by amount (JD Finance's "投 5,000 元得
//! 400 元券, 20,000 元得 1,600 元, 50,000 元得 2,800 元"), until a real deadline.
//!
//! The person types or picks an amount and sees at once the coupon it earns and
//! what the next tier needs ([`ladder_standing`], [`standing_sentence`]).
//! Claiming a tier's coupon takes one code from that tier's pool on the server,
//! once per person: the claim travels as an envelope through the outbox (its
//! payload is [`crate::wire::CouponClaim`]), and the server refuses it with an
//! [`OfferRefusal`] when the pool is empty or the offer has ended. Honest
//! persuasion: the countdown runs to [`OffersPage::ends_at`], and a count of
//! coupons left is shown only as the server counts it
//! ([`OffersPage::remaining_shown`]).

mod check;
mod yuan;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::kinds::page_kind;
use crate::primitives::clock::parse_rfc3339_ms;
use crate::primitives::{Locale, Url};

pub use self::check::check_offers;
pub use self::yuan::{format_yuan, format_yuan_compact, parse_yuan};

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

page_kind!(
    /// A coupon ladder: the more a person invests or spends, the bigger the
    /// coupon, until `ends_at`. Its rules live in [`crate::offers`].
    OffersPage {
        /// `invest` (default: "再投 8,000 元可得 1,600 元券") or `spend`
        /// ("再消费 8,000 元…").
        #[serde(default)]
        action: OfferAction,
        /// The tiers, from the smallest amount up: each needs more than the one
        /// before and earns a bigger coupon.
        tiers: Vec<OfferTier>,
        /// When the offer really ends, as an RFC 3339 time such as
        /// `2026-12-31T23:59:59+08:00`: the countdown runs to it, and the
        /// server takes no claim after it.
        ends_at: String,
        /// Show how many coupons of a tier are left ("仅剩 N 张") once the
        /// server's real count is this many or fewer. Absent: never shown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        show_remaining_at_most: Option<u32>,
        /// Label of the amount input, instead of `投资金额` / `Amount to invest`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount_label: Option<String>,
        /// Text of the claim button, instead of `立即领取` / `Claim`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        button_label: Option<String>,
        /// The offer's rules, in small print under the ladder.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        terms: Option<String>,
    }
);

/// One step of the ladder: invest or spend `amount` for a coupon worth `coupon`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OfferTier {
    /// Stable identifier, stored with every claim: 1 to 64 lowercase letters,
    /// digits, `-` or `_`, unique within the page.
    pub id: String,
    /// How much to invest or spend for this coupon, in whole 元, e.g. `20000`.
    pub amount: u64,
    /// What the coupon is worth, in whole 元, e.g. `1600`.
    pub coupon: u64,
    /// Required: the server-side pool of coupon codes this tier hands out, one
    /// per person (1 to 32 lowercase letters, digits, `-` or `_`), e.g.
    /// `jd-1600`. Each tier has a pool of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// The bank's purchase page for this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Url>,
}

/// What a person does to climb the ladder, for the words around the amounts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfferAction {
    /// 投资: a wealth-management purchase.
    #[default]
    Invest,
    /// 消费: spending with a card.
    Spend,
}

impl OffersPage {
    pub fn tier(&self, id: &str) -> Option<&OfferTier> {
        self.tiers.iter().find(|tier| tier.id == id)
    }

    /// Where `amount` stands on this page's ladder.
    pub fn standing(&self, amount: u64) -> LadderStanding {
        ladder_standing(&self.tiers, amount)
    }

    /// `ends_at` in Unix milliseconds, if it reads (a checked config's does).
    pub fn ends_at_ms(&self) -> Option<i64> {
        parse_rfc3339_ms(&self.ends_at)
    }

    /// Whether claims are taken at `now_ms`: before `ends_at`. An end that
    /// does not read counts as passed, so no claim outlives a broken deadline.
    pub fn is_open(&self, now_ms: i64) -> bool {
        self.ends_at_ms().is_some_and(|ends| now_ms < ends)
    }

    /// Milliseconds left until `ends_at`, for the countdown: 0 once it has
    /// passed, `None` when it does not read.
    pub fn ends_in_ms(&self, now_ms: i64) -> Option<i64> {
        self.ends_at_ms()
            .map(|ends| ends.saturating_sub(now_ms).max(0))
    }

    /// The count of a tier's coupons left to show, given the server's real
    /// count: shown only at or under `show_remaining_at_most`, never otherwise.
    pub fn remaining_shown(&self, remaining: u32) -> Option<u32> {
        self.show_remaining_at_most
            .filter(|threshold| remaining <= *threshold)
            .map(|_| remaining)
    }
}

// ---------------------------------------------------------------------------
// The ladder
// ---------------------------------------------------------------------------

/// Where an amount stands: the tier it earns, and the next one up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LadderStanding {
    /// The index of the tier the amount reaches (the highest one), if any.
    pub earned: Option<usize>,
    /// The tier above, and how much more it needs; `None` at the top.
    pub next: Option<NextCoupon>,
}

/// The next tier up and what it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextCoupon {
    /// Its index in the tiers.
    pub tier: usize,
    /// How much more to invest or spend, in 元.
    pub shortfall: u64,
}

/// Where `amount` (in 元) stands on `tiers`: the highest tier it reaches, and
/// the lowest one above it with how much more it needs. Written for a ladder in
/// order (which the check demands), and right for any order.
pub fn ladder_standing(tiers: &[OfferTier], amount: u64) -> LadderStanding {
    let earned = tiers
        .iter()
        .enumerate()
        .filter(|(_, tier)| tier.amount <= amount)
        .max_by_key(|(index, tier)| (tier.amount, tier.coupon, std::cmp::Reverse(*index)))
        .map(|(index, _)| index);
    let next = tiers
        .iter()
        .enumerate()
        .filter(|(_, tier)| tier.amount > amount)
        .min_by_key(|(index, tier)| (tier.amount, *index))
        .map(|(index, tier)| NextCoupon {
            tier: index,
            shortfall: tier.amount - amount,
        });
    LadderStanding { earned, next }
}

// ---------------------------------------------------------------------------
// Sentences for visitors (in every bundle, in both languages)
// ---------------------------------------------------------------------------

impl OfferAction {
    /// The verb before "more": `投`, `消费`; `invest`, `spend`.
    fn verb(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (OfferAction::Invest, Locale::ZhCn) => "投",
            (OfferAction::Spend, Locale::ZhCn) => "消费",
            (OfferAction::Invest, Locale::En) => "invest",
            (OfferAction::Spend, Locale::En) => "spend",
        }
    }
}

/// "再投 8,000 元可得 1,600 元券", "Invest ¥8,000 more for a ¥1,600 coupon".
pub fn next_coupon_sentence(
    action: OfferAction,
    shortfall: u64,
    coupon: u64,
    locale: Locale,
) -> String {
    let (shortfall, coupon) = (format_yuan(shortfall), format_yuan(coupon));
    match locale {
        Locale::ZhCn => format!("再{} {shortfall} 元可得 {coupon} 元券", action.verb(locale)),
        Locale::En => capitalised(&format!(
            "{} ¥{shortfall} more for a ¥{coupon} coupon",
            action.verb(locale)
        )),
    }
}

/// The line under the amount input, for `amount` on `page`'s ladder:
///
/// - "可得 400 元券，再投 8,000 元可得 1,600 元券" (a tier reached, one above);
/// - "可得 2,800 元券，已是最高档" (the top);
/// - "再投 1 元可得 400 元券" (short of the first tier);
/// - "投资满 5,000 元可得 400 元券" (nothing typed yet);
///
/// and the same in English. Empty for a page without tiers.
pub fn standing_sentence(page: &OffersPage, amount: u64, locale: Locale) -> String {
    let standing = page.standing(amount);
    let earned = standing
        .earned
        .and_then(|index| page.tiers.get(index))
        .map(|tier| format_yuan(tier.coupon));
    let next = standing.next.and_then(|next| {
        let tier = page.tiers.get(next.tier)?;
        Some((next.shortfall, tier))
    });
    let zh = locale == Locale::ZhCn;
    match (earned, next) {
        (Some(earned), Some((shortfall, tier))) => {
            let next = next_coupon_sentence(page.action, shortfall, tier.coupon, locale);
            if zh {
                format!("可得 {earned} 元券，{next}")
            } else {
                format!("Earns a ¥{earned} coupon; {}", lowercased(&next))
            }
        }
        (Some(earned), None) if zh => format!("可得 {earned} 元券，已是最高档"),
        (Some(earned), None) => format!("Earns a ¥{earned} coupon, the top tier"),
        (None, Some((_, tier))) if amount == 0 => {
            let (needed, coupon) = (format_yuan(tier.amount), format_yuan(tier.coupon));
            match (page.action, zh) {
                (OfferAction::Invest, true) => format!("投资满 {needed} 元可得 {coupon} 元券"),
                (OfferAction::Spend, true) => format!("消费满 {needed} 元可得 {coupon} 元券"),
                (action, false) => capitalised(&format!(
                    "{} ¥{needed} for a ¥{coupon} coupon",
                    action.verb(locale)
                )),
            }
        }
        (None, Some((shortfall, tier))) => {
            next_coupon_sentence(page.action, shortfall, tier.coupon, locale)
        }
        (None, None) => String::new(),
    }
}

// The English sentences start with the action's own verb ("invest", "spend"),
// which is ASCII: ASCII case keeps Unicode's case tables out of the page
// (the offers wasm was 5.6 KB smaller in gzip).
fn capitalised(sentence: &str) -> String {
    let mut sentence = sentence.to_owned();
    if let Some(first) = sentence.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    sentence
}

fn lowercased(sentence: &str) -> String {
    let mut sentence = sentence.to_owned();
    if let Some(first) = sentence.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    sentence
}

/// Why a claim is refused, as the server answers it (`409`, with the error
/// code of the same name) and the page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferRefusal {
    /// The tier's pool has no code left.
    PoolExhausted,
    /// The claim came after `ends_at` (by the server's clock).
    OfferEnded,
}

impl OfferRefusal {
    /// A short sentence for the visitor.
    pub fn message(&self, locale: Locale) -> &'static str {
        let zh = locale == Locale::ZhCn;
        match self {
            OfferRefusal::PoolExhausted if zh => "这一档的券已经领完了，看看其他档位吧",
            OfferRefusal::PoolExhausted => {
                "The coupons of this tier are all gone; have a look at the other tiers"
            }
            OfferRefusal::OfferEnded if zh => "活动已结束，感谢关注",
            OfferRefusal::OfferEnded => "This offer has ended. Thank you for your interest",
        }
    }
}
