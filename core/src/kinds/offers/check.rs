//! The offers page's config checker: every rule a marketer can break that the
//! types cannot express, each reported at its path.

use super::{OfferTier, OffersPage};
use crate::diagnostics::issue::{
    PageIssue, at_least_one, bad_url, id_hint, id_taken, invalid_id, invalid_pool_name,
    must_not_be_empty, not_a_timestamp, not_blank,
};
use crate::primitives::clock::parse_rfc3339_ms;
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::limits::MAX_POOL_NAME_CHARS;
use crate::primitives::text::{phrase, text};

/// Every rule of an offers config the types cannot express, each problem
/// reported (in document order) rather than only the first. Paths are relative
/// to the page, e.g. `tiers[1].amount`.
pub fn check_offers(page: &OffersPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    if page.tiers.is_empty() {
        issues.push(
            PageIssue::new(
                "tiers",
                phrase!("至少要有一档", "must list at least one tier"),
            )
            .with_hint(phrase!(
                "一档的写法如 `{ \"id\": \"tier-5k\", \"amount\": 5000, \"coupon\": 400, \"pool\": \"jd-400\" }`",
                "a tier is `{ \"id\": \"tier-5k\", \"amount\": 5000, \"coupon\": 400, \"pool\": \"jd-400\" }`"
            )),
        );
    }
    for index in 0..page.tiers.len() {
        check_tier(&page.tiers, index, &mut issues);
    }
    if parse_rfc3339_ms(&page.ends_at).is_none() {
        let (message, hint) = not_a_timestamp(&page.ends_at);
        issues.push(PageIssue::new("ends_at", message).with_hint(hint));
    }
    if page.show_remaining_at_most == Some(0) {
        issues.push(
            PageIssue::new("show_remaining_at_most", at_least_one()).with_hint(phrase!(
                "不想显示剩余数量的话，删掉这个字段即可",
                "to never show how many are left, leave it out"
            )),
        );
    }
    not_blank(&mut issues, "amount_label", page.amount_label.as_deref());
    not_blank(&mut issues, "button_label", page.button_label.as_deref());
    not_blank(&mut issues, "terms", page.terms.as_deref());
    issues
}

fn check_tier(tiers: &[OfferTier], index: usize, issues: &mut Vec<PageIssue>) {
    let Some(tier) = tiers.get(index) else {
        return;
    };
    let earlier = &tiers[..index];
    let at = format!("tiers[{index}]");
    if !is_name(&tier.id, MAX_ID_CHARS) {
        issues.push(PageIssue::new(format!("{at}.id"), invalid_id(&tier.id)).with_hint(id_hint()));
    } else if let Some(first) = earlier.iter().position(|other| other.id == tier.id) {
        issues.push(
            PageIssue::new(
                format!("{at}.id"),
                id_taken(&tier.id, format_args!("tiers[{first}]")),
            )
            .with_hint(phrase!(
                "档位 id 不能重复：领券记录按档位 id 保存",
                "tier ids must be unique: claims are stored by tier id"
            )),
        );
    }

    let ladder_hint = phrase!(
        "请从最小金额往上排：每一档都比上一档门槛更高、券更大",
        "list tiers from the smallest amount up, each needing more than the one before and earning a bigger coupon"
    );
    let (amount, coupon) = (tier.amount, tier.coupon);
    if amount == 0 {
        issues.push(
            PageIssue::new(format!("{at}.amount"), at_least_one()).with_hint(phrase!(
                "这是领这一档券需要投资或消费的金额，单位为元",
                "it is what a person invests or spends for this coupon, in 元"
            )),
        );
    } else if let Some(same) = earlier.iter().position(|other| other.amount == amount) {
        issues.push(
            PageIssue::new(
                format!("{at}.amount"),
                text!(
                    "{amount} 已经是 tiers[{same}] 的门槛",
                    "{amount} is already the amount of tiers[{same}]"
                ),
            )
            .with_hint(phrase!(
                "两档门槛相同就重叠了：达到这个金额的人两档都能领",
                "two tiers with one amount overlap: a person reaching it could claim either"
            )),
        );
    } else if let Some(previous) = index.checked_sub(1).and_then(|before| tiers.get(before)) {
        if amount < previous.amount {
            issues.push(
                PageIssue::new(
                    format!("{at}.amount"),
                    text!(
                        "{amount} 小于上一档 tiers[{before}] 的 {previous_amount}",
                        "{amount} is less than the amount of tiers[{before}] ({previous_amount})",
                        before = index - 1,
                        previous_amount = previous.amount
                    ),
                )
                .with_hint(ladder_hint),
            );
        }
    }
    if coupon == 0 {
        issues.push(
            PageIssue::new(format!("{at}.coupon"), at_least_one()).with_hint(phrase!(
                "这是券的面值，单位为元",
                "it is what the coupon is worth, in 元"
            )),
        );
    } else if let Some(previous) = index.checked_sub(1).and_then(|before| tiers.get(before)) {
        if coupon <= previous.coupon {
            issues.push(
                PageIssue::new(
                    format!("{at}.coupon"),
                    text!(
                        "{coupon} 不大于上一档 tiers[{before}] 的 {previous_coupon}",
                        "{coupon} is not more than the coupon of tiers[{before}] ({previous_coupon})",
                        before = index - 1,
                        previous_coupon = previous.coupon
                    ),
                )
                .with_hint(ladder_hint),
            );
        }
    }

    match tier.pool.as_deref() {
        None => issues.push(
            PageIssue::new(
                format!("{at}.pool"),
                phrase!("每一档都必须填写", "is required for every tier"),
            )
            .with_hint(phrase!(
                "写上服务器上这一档券码池的名称，如 `jd-1600`；每人从中领一个券码",
                "name the server's pool of coupon codes for this tier, e.g. `jd-1600`; each person takes one code from it"
            )),
        ),
        Some(pool) if pool.trim().is_empty() => {
            issues.push(PageIssue::new(format!("{at}.pool"), must_not_be_empty()))
        }
        Some(pool) if !is_name(pool, MAX_POOL_NAME_CHARS) => {
            let (message, hint) = invalid_pool_name(pool);
            issues.push(PageIssue::new(format!("{at}.pool"), message).with_hint(hint));
        }
        Some(pool) => {
            if let Some(first) = earlier
                .iter()
                .position(|other| other.pool.as_deref() == Some(pool))
            {
                issues.push(
                    PageIssue::new(
                        format!("{at}.pool"),
                        text!(
                            "`{pool}` 已经是 tiers[{first}] 的券码池",
                            "`{pool}` is already the pool of tiers[{first}]"
                        ),
                    )
                    .with_hint(phrase!(
                        "每一档的券面值不同，要用各自的券码池",
                        "each tier hands out coupons of its own value, from a pool of its own"
                    )),
                );
            }
        }
    }
    if let Some(link) = &tier.link {
        if let Some(problem) = link.problem() {
            issues.push(
                PageIssue::new(format!("{at}.link"), bad_url(link, &problem)).with_hint(phrase!(
                    "请用以 `https://` 开头的完整网址，如银行的购买页面",
                    "use an absolute `https://` URL, such as the bank's purchase page"
                )),
            );
        }
    }
}
