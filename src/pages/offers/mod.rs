//! The offers page: the coupon ladder. The person types an amount (read by
//! core's `parse_yuan`, so `2万` and `20,000` work) and sees at once which
//! coupon it earns and what the next tier needs; a countdown runs to the
//! offer's real end; a tier's remaining count shows only when the server's
//! answer (`GET /api/v1/offers/<page>`) gives one. A claim is an offers
//! envelope through the outbox; its receipt carries the code.

use campaign_core::config::OffersPage;
use campaign_core::offers::{format_yuan, format_yuan_compact, parse_yuan, standing_sentence};
use campaign_core::wire::{CouponClaim, CouponIssued, OfferStanding, SubmissionReceipt};
use campaign_core::{Envelope, Page, PageKind};
use serde_json::Value;
use yew::prelude::*;

use crate::hooks::{use_clock, use_delivery, use_page_config};
use crate::i18n::{countdown, strings};
use crate::services::http::fetch_text_within;
use crate::services::identity::{new_envelope_id, now_ms, visitor_id};
use crate::services::outbox::{self, Delivery};
use crate::services::{events, storage};
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct OffersViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn OffersView(props: &OffersViewProps) -> Html {
    let page = use_page_config(&props.campaign, &props.page_id, |page| match page {
        Page::Offers(offers) => Some(offers),
        _ => None,
    });
    let Some(page) = page else {
        return Html::default();
    };
    html! { <Offers campaign={props.campaign.clone()} {page} /> }
}

#[derive(Properties, PartialEq)]
struct OffersProps {
    campaign: SharedCampaign,
    page: SharedPage<OffersPage>,
}

#[function_component]
fn Offers(props: &OffersProps) -> Html {
    let campaign = &props.campaign;
    let page = &props.page;
    let locale = campaign.locale;
    let text = &strings(locale).offers;
    let amount_text = use_state(String::new);
    let standing = use_state(|| None::<OfferStanding>);
    // The claim made on this page, kept across reloads: one still waiting in
    // the outbox shows as waiting, not as a button to claim again.
    let claim_key = storage::keys::offer_claim(&campaign.id, &page.id);
    let claim_id = use_state(|| None::<String>);
    {
        // Read after the first render, which is the server's.
        let claim_id = claim_id.clone();
        use_effect_with(claim_key.clone(), move |key| {
            if let Some(kept) = storage::get(key) {
                claim_id.set(Some(kept));
            }
        });
    }
    let delivery = use_delivery((*claim_id).clone());

    // The countdown ticks only while the offer is open.
    let now = use_clock(|now| page.is_open(now));
    let ends_in = page.ends_in_ms(now);
    let open = page.is_open(now);
    {
        // The person's coupon and the real stock; asked again after a claim.
        let standing = standing.clone();
        let backend = campaign.backend.clone();
        let page_id = page.id.clone();
        let settled = matches!(delivery, Some(Delivery::Sent(_) | Delivery::Rejected(_)));
        use_effect_with(settled, move |_| {
            let url = backend.api_url(&format!("offers/{page_id}?visitor={}", visitor_id()));
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(body) = fetch_text_within(&url, 10_000).await {
                    if let Some(answer) = campaign_core::read_json::<OfferStanding>(&body) {
                        standing.set(Some(answer));
                    }
                }
            });
        });
    }

    let amount = parse_yuan(&amount_text);
    let typed = !amount_text.trim().is_empty();
    let sentence = standing_sentence(page, amount.unwrap_or(0), locale);
    let earned = page.standing(amount.unwrap_or(0)).earned;
    let stock = |tier_id: &str| {
        standing
            .as_ref()
            .and_then(|standing| standing.tiers.iter().find(|stock| stock.tier == tier_id))
            .cloned()
    };

    let receipt_coupon: Option<CouponIssued> = match &delivery {
        Some(Delivery::Sent(Some(body))) => {
            serde_json::from_value::<SubmissionReceipt>(body.clone())
                .ok()
                .and_then(|receipt| receipt.coupon)
        }
        _ => None,
    };
    let coupon = receipt_coupon.or_else(|| standing.as_ref().and_then(|s| s.coupon.clone()));

    let oninput = {
        let amount_text = amount_text.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            amount_text.set(input.value());
        })
    };

    let earned_tier = earned.and_then(|index| page.tiers.get(index));
    let earned_exhausted = earned_tier
        .and_then(|tier| stock(&tier.id))
        .is_some_and(|stock| stock.exhausted);
    let busy = matches!(delivery, Some(Delivery::Sending));
    let can_claim = open && earned_tier.is_some() && !earned_exhausted && !busy && coupon.is_none();
    let onclick = {
        let campaign = campaign.clone();
        let page = page.clone();
        let claim_id = claim_id.clone();
        let claim_key = claim_key.clone();
        let tier = earned_tier.map(|tier| tier.id.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(tier) = tier.clone() else {
                return;
            };
            let id = new_envelope_id();
            let payload =
                serde_json::to_value(CouponClaim { tier: tier.clone() }).unwrap_or(Value::Null);
            outbox::submit(Envelope {
                id: id.clone(),
                campaign_id: campaign.id.clone(),
                page_id: page.id.clone(),
                page_kind: PageKind::Offers,
                visitor_id: visitor_id(),
                subject: crate::services::person::subject(),
                referral_code: None,
                channel: None,
                client_ts: now_ms() as i64,
                payload,
            });
            events::track("offer_claimed", Some(&page.id), Value::String(tier));
            storage::set(&claim_key, &id);
            claim_id.set(Some(id));
        })
    };
    let button_label = page
        .button_label
        .clone()
        .unwrap_or_else(|| text.claim.to_owned());

    let outcome = match (&coupon, &delivery) {
        (Some(coupon), _) => {
            let tier_link = page.tier(&coupon.tier).and_then(|tier| tier.link.as_ref());
            html! {
                <div class="ck-card ck-offer-coupon" role="status">
                    <p class="ck-offer-coupon-value">{ (text.coupon_of)(&format_yuan(coupon.coupon)) }</p>
                    if coupon.already_claimed {
                        <p class="ck-offer-coupon-note">{ text.already_claimed }</p>
                    }
                    <p class="ck-offer-coupon-label">{ text.your_code }</p>
                    <p class="ck-reward-code ck-offer-code">{ coupon.code.clone() }</p>
                    if let Some(link) = tier_link {
                        <a class="ck-button" href={link.href().map(str::to_owned)}>{ text.buy }</a>
                    }
                </div>
            }
        }
        (None, Some(Delivery::Sending)) => {
            html! { <p class="ck-offer-status" role="status">{ text.sending }</p> }
        }
        (None, Some(Delivery::Waiting | Delivery::Unsendable(_))) => {
            html! { <p class="ck-offer-status" role="status">{ text.waiting }</p> }
        }
        (None, Some(Delivery::Rejected(reason))) => html! {
            <p class="ck-offer-status ck-offer-refused" role="alert">
                { reason.clone().unwrap_or_else(|| text.rejected.to_owned()) }
            </p>
        },
        _ => Html::default(),
    };

    html! {
        <div class="ck-offers">
            <p class={classes!("ck-offer-deadline", (!open).then_some("ck-offer-ended"))} role="timer">
                { match ends_in {
                    Some(left) if open => (text.ends_in)(&countdown(left, locale)),
                    _ => text.ended.to_owned(),
                } }
            </p>
            <div class="ck-card ck-offer-calculator">
                <label class="ck-offer-label" for="ck-offer-amount">
                    { page.amount_label.clone().unwrap_or_else(|| text.amount_label.to_owned()) }
                </label>
                <div class="ck-offer-input">
                    <input id="ck-offer-amount" class="ck-input" type="text" inputmode="decimal"
                        autocomplete="off" placeholder={text.amount_placeholder}
                        value={(*amount_text).clone()} {oninput} />
                    <span class="ck-offer-unit" aria-hidden="true">{ "元" }</span>
                </div>
                <p class="ck-offer-standing" aria-live="polite">
                    { if typed && amount.is_none() { text.amount_unreadable.to_owned() } else { sentence } }
                </p>
            </div>
            <section class="ck-card ck-offer-ladder" aria-labelledby="ck-offer-tiers">
                <h2 id="ck-offer-tiers" class="ck-offer-heading">{ text.tiers_heading }</h2>
                <ol class="ck-tiers">
                    { for page.tiers.iter().enumerate().map(|(index, tier)| {
                        let stock = stock(&tier.id);
                        let exhausted = stock.as_ref().is_some_and(|stock| stock.exhausted);
                        let remaining = stock
                            .as_ref()
                            .and_then(|stock| stock.remaining)
                            .and_then(|left| page.remaining_shown(left));
                        let reached = Some(index) == earned;
                        html! {
                            <li class={classes!(
                                "ck-tier",
                                reached.then_some("ck-tier-earned"),
                                exhausted.then_some("ck-tier-exhausted"),
                            )}>
                                <span class="ck-tier-coupon">{ (text.coupon_of)(&format_yuan(tier.coupon)) }</span>
                                <span class="ck-tier-amount">
                                    { (text.tier_line)(&format_yuan_compact(tier.amount, locale), &format_yuan(tier.coupon)) }
                                </span>
                                if exhausted {
                                    <span class="ck-tier-flag">{ text.exhausted }</span>
                                } else if let Some(left) = remaining {
                                    <span class="ck-tier-flag">{ (text.remaining)(left) }</span>
                                } else if reached {
                                    <span class="ck-tier-flag ck-tier-flag-earned">{ text.earned_mark }</span>
                                }
                                if let Some(link) = &tier.link {
                                    <a class="ck-tier-link" href={link.href().map(str::to_owned)}>{ text.buy }</a>
                                }
                            </li>
                        }
                    }) }
                </ol>
            </section>
            if coupon.is_none() {
                <button type="button" class="ck-button ck-offer-claim" disabled={!can_claim} {onclick}>
                    { if busy { text.sending.to_owned() } else if earned_tier.is_none() && open { text.reach_a_tier.to_owned() } else { button_label } }
                </button>
            }
            { outcome }
            if let Some(terms) = &page.terms {
                <p class="ck-offer-terms">{ terms.clone() }</p>
            }
        </div>
    }
}
