//! The benefits page: today first (what is live now, a countdown to what
//! starts next), the week as a strip with today highlighted, and the welcome
//! list. A thin view over `campaign_core::benefits`, whose pure functions take
//! the time as `now_ms`; every time is the page's zone, whatever the phone's.
//!
//! Per item: "复制活动信息" inside WeChat (where downloads do nothing), and an
//! "加入日历" `.ics` download elsewhere. Config text is always text, never markup.

use campaign_core::Page;
use campaign_core::benefits::{
    CalendarContext, Occurrence, copy_text, ics_event, ics_file_name, season_on, today, week,
};
use campaign_core::config::{BenefitsPage, Locale};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::hooks::{use_clock, use_hydrated, use_page_config};
use crate::i18n::{countdown, strings};
use crate::services::platform::{in_wechat, origin};
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct BenefitsViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn BenefitsView(props: &BenefitsViewProps) -> Html {
    let page = use_page_config(&props.campaign, &props.page_id, |page| match page {
        Page::Benefits(benefits) => Some(benefits),
        _ => None,
    });
    let Some(page) = page else {
        return Html::default();
    };
    html! { <Benefits campaign={props.campaign.clone()} {page} /> }
}

#[derive(Properties, PartialEq)]
struct BenefitsProps {
    campaign: SharedCampaign,
    page: SharedPage<BenefitsPage>,
}

/// What "复制活动信息" did for one occurrence (keyed by its item and date).
#[derive(Clone, PartialEq)]
enum Copied {
    Done(String),
    /// The browser would not copy: the text is shown to copy by hand.
    ByHand(String, String),
}

fn occurrence_key(occurrence: &Occurrence) -> String {
    let d = occurrence.date;
    format!("{:?}-{}-{}-{}", occurrence.item, d.year, d.month, d.day)
}

#[function_component]
fn Benefits(props: &BenefitsProps) -> Html {
    let campaign = &props.campaign;
    let page = &props.page;
    let locale = campaign.locale;
    let text = &strings(locale).benefits;
    let copied = use_state(|| None::<Copied>);
    // The device's browser and address show from the second render on: the
    // first is the server's.
    let hydrated = use_hydrated();
    let wechat = hydrated && in_wechat();
    let origin = if hydrated { origin() } else { String::new() };

    // A countdown is on screen while something is live or something starts
    // later: only then does the page tick, once a second.
    let now = use_clock(|now| {
        let plan = today(page, now);
        !plan.live.is_empty() || plan.next.is_some()
    });
    let today_plan = today(page, now);
    let context = CalendarContext {
        campaign_id: &campaign.id,
        origin: &origin,
        locale,
    };

    let actions = |occurrence: &Occurrence| -> Html {
        let key = occurrence_key(occurrence);
        let details = page.details(occurrence.item);
        let link = details.and_then(|item| item.link).map(|link| {
            html! { <a class="ck-button ck-button-small" href={link.href().map(str::to_owned)}>{ text.take_part }</a> }
        });
        let take_along = if wechat {
            let copy = copy_text(page, occurrence, &context).unwrap_or_default();
            let onclick = {
                let copied = copied.clone();
                let key = key.clone();
                Callback::from(move |_: MouseEvent| {
                    let copied = copied.clone();
                    let key = key.clone();
                    let copy = copy.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        if write_clipboard(&copy).await {
                            copied.set(Some(Copied::Done(key)));
                        } else {
                            copied.set(Some(Copied::ByHand(key, copy)));
                        }
                    });
                })
            };
            html! {
                <button type="button" class="ck-button ck-button-small ck-button-quiet" {onclick}>
                    { text.copy_info }
                </button>
            }
        } else {
            match ics_event(page, occurrence, &context, now) {
                Some(ics) => {
                    let href = format!(
                        "data:text/calendar;charset=utf-8,{}",
                        campaign_core::primitives::url::percent_encode(&ics)
                    );
                    let download = ics_file_name(page, occurrence);
                    html! {
                        <a class="ck-button ck-button-small ck-button-quiet" {href} {download}>
                            { text.add_to_calendar }
                        </a>
                    }
                }
                None => Html::default(),
            }
        };
        let note = match &*copied {
            Some(Copied::Done(done)) if *done == key => html! {
                <p class="ck-benefit-copied" role="status">{ text.copied }</p>
            },
            Some(Copied::ByHand(done, copy)) if *done == key => html! {
                <div class="ck-benefit-copied" role="status">
                    <p>{ text.copy_by_hand }</p>
                    <pre class="ck-benefit-copy-text">{ copy.clone() }</pre>
                </div>
            },
            _ => Html::default(),
        };
        html! {
            <>
                <div class="ck-benefit-actions">{ for link }{ take_along }</div>
                { note }
            </>
        }
    };

    let item_card = |occurrence: &Occurrence, state: Html, extra_class: &'static str| -> Html {
        let Some(item) = page.details(occurrence.item) else {
            return Html::default();
        };
        let (starts, ends) = occurrence.window_text();
        html! {
            <li class={classes!("ck-benefit-item", extra_class)}>
                if let Some(image) = item.image {
                    <img class="ck-benefit-image" src={image.as_str().to_owned()} alt="" loading="lazy" />
                }
                <div class="ck-benefit-body">
                    <p class="ck-benefit-meta">
                        <span class="ck-benefit-tag">{ item.tag }</span>
                        <span class="ck-benefit-window">{ format!("{starts}–{ends}") }</span>
                    </p>
                    <p class="ck-benefit-title">{ item.title }</p>
                    { state }
                    { actions(occurrence) }
                </div>
            </li>
        }
    };

    let now_ms_value = now;
    let live = today_plan.live.iter().map(|occurrence| {
        let left = occurrence.ends_at_ms - now_ms_value;
        let state = html! {
            <p class="ck-benefit-state ck-benefit-live">
                <span class="ck-benefit-live-mark">{ text.live_now }</span>
                <span class="ck-countdown" role="timer">{ (text.ends_in)(&countdown(left, locale)) }</span>
            </p>
        };
        item_card(occurrence, state, "ck-benefit-item-live")
    });
    let next = today_plan.next.map(|next| {
        // The next start may be on a later day: then the day is said.
        let mark = if next.occurrence.date == today_plan.date {
            text.next_up.to_owned()
        } else {
            format!("{} · {}", text.next_up, day_label(next.occurrence.date, locale))
        };
        let state = html! {
            <p class="ck-benefit-state">
                <span class="ck-benefit-next-mark">{ mark }</span>
                <span class="ck-countdown" role="timer">{ (text.starts_in)(&countdown(next.starts_in_ms, locale)) }</span>
            </p>
        };
        item_card(&next.occurrence, state, "ck-benefit-item-next")
    });
    let next_ref = today_plan.next.map(|next| next.occurrence);
    let later = today_plan
        .upcoming
        .iter()
        .filter(|occurrence| Some(**occurrence) != next_ref)
        .map(|occurrence| item_card(occurrence, Html::default(), ""))
        .collect::<Vec<_>>();
    let ended = today_plan
        .ended
        .iter()
        .map(|occurrence| item_card(occurrence, Html::default(), "ck-benefit-item-ended"))
        .collect::<Vec<_>>();
    let nothing_today =
        today_plan.live.is_empty() && today_plan.upcoming.is_empty() && today_plan.ended.is_empty();

    let days = week(page, now);
    let season = season_on(page, today_plan.date);
    let week_strip = use_node_ref();
    {
        // The strip is wider than a phone: start it at today, so Saturday's
        // visitor sees Saturday first, not Monday. Only the strip scrolls,
        // never the page.
        let week_strip = week_strip.clone();
        use_effect_with(today_plan.date, move |_| {
            if let Some(strip) = week_strip.cast::<web_sys::HtmlElement>() {
                let today = strip
                    .query_selector(".ck-week-today")
                    .ok()
                    .flatten()
                    .and_then(|day| day.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(today) = today {
                    strip.set_scroll_left(today.offset_left());
                }
            }
        });
    }

    html! {
        <div class="ck-benefits">
            <section class="ck-card ck-benefits-today" aria-labelledby="ck-benefits-today">
                <h2 id="ck-benefits-today" class="ck-benefits-heading">
                    { text.today }
                    <span class="ck-benefits-date">{ day_label(today_plan.date, locale) }</span>
                </h2>
                if nothing_today {
                    <p class="ck-benefits-empty">{ text.nothing_today }</p>
                }
                <ul class="ck-benefit-list">
                    { for live }
                    { for next }
                </ul>
                if !later.is_empty() {
                    <h3 class="ck-benefits-subheading">{ text.later_today }</h3>
                    <ul class="ck-benefit-list">{ for later }</ul>
                }
                if !ended.is_empty() {
                    <h3 class="ck-benefits-subheading">{ text.ended }</h3>
                    <ul class="ck-benefit-list">{ for ended }</ul>
                }
            </section>
            <section class="ck-card ck-benefits-week" aria-labelledby="ck-benefits-week">
                <h2 id="ck-benefits-week" class="ck-benefits-heading">
                    { text.week }
                    if let Some(season) = season {
                        <span class="ck-benefits-season">{ season.name.clone() }</span>
                    }
                </h2>
                <ol class="ck-week" ref={week_strip}>
                    { for days.iter().map(|day| html! {
                        <li class={classes!("ck-week-day", day.is_today.then_some("ck-week-today"))}
                            aria-current={day.is_today.then_some("date")}>
                            <p class="ck-week-name">
                                <span>{ day.weekday.label(locale) }</span>
                                <span class="ck-week-date">{ format!("{}/{}", day.date.month, day.date.day) }</span>
                            </p>
                            if day.occurrences.is_empty() {
                                <p class="ck-week-free">{ text.free_day }</p>
                            } else {
                                <ul class="ck-week-items">
                                    { for day.occurrences.iter().filter_map(|occurrence| {
                                        let item = page.details(occurrence.item)?;
                                        let (starts, _) = occurrence.window_text();
                                        Some(html! {
                                            <li>
                                                <span class="ck-week-time">{ starts }</span>
                                                <span class="ck-week-title">{ item.title }</span>
                                            </li>
                                        })
                                    }) }
                                </ul>
                            }
                        </li>
                    }) }
                </ol>
            </section>
            if !page.welcome.is_empty() {
                <section class="ck-card ck-benefits-welcome" aria-labelledby="ck-benefits-welcome">
                    <h2 id="ck-benefits-welcome" class="ck-benefits-heading">{ text.welcome }</h2>
                    <ul class="ck-welcome-list">
                        { for page.welcome.iter().map(|benefit| html! {
                            <li class="ck-welcome-item">
                                <p class="ck-welcome-title">{ benefit.title.clone() }</p>
                                if let Some(detail) = &benefit.detail {
                                    <p class="ck-welcome-detail">{ detail.clone() }</p>
                                }
                            </li>
                        }) }
                    </ul>
                </section>
            }
        </div>
    }
}

/// `周三 12月2日`, `Wed 2 Dec`: a date of the page's zone.
fn day_label(date: campaign_core::clock::Date, locale: Locale) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = date.weekday().label(locale);
    match locale {
        Locale::ZhCn => format!("{weekday} {}月{}日", date.month, date.day),
        Locale::En => {
            let month = MONTHS[usize::from(date.month.clamp(1, 12) - 1)];
            format!("{weekday} {} {month}", date.day)
        }
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`); `false`
/// where the browser has no clipboard API or refuses.
async fn write_clipboard(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return false;
    };
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .and_then(|write| write.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let Ok(promise) = write
        .call1(&clipboard, &text.into())
        .and_then(|promise| promise.dyn_into::<js_sys::Promise>())
    else {
        return false;
    };
    JsFuture::from(promise).await.is_ok()
}
