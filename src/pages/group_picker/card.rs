//! The member's group: its name and area, a large QR code, and how to use it
//! where the member is (long-press inside WeChat, scan from anywhere else).

use campaign_core::config::Locale;
use campaign_core::groups::{AssignMethod, CommunityGroup, Join};
use yew::prelude::*;

use crate::components::QrImage;
use crate::i18n::strings;
use crate::services::platform::in_wechat;

/// The QR code's size on the page, in CSS pixels: large enough for a camera at
/// arm's length, small enough for a 360-pixel-wide phone with margins.
const QR_SIZE: u32 = 240;

#[derive(Properties, PartialEq)]
pub struct GroupCardProps {
    pub group: CommunityGroup,
    pub method: AssignMethod,
    pub locale: Locale,
    pub on_change_area: Callback<MouseEvent>,
}

#[function_component]
pub fn GroupCard(props: &GroupCardProps) -> Html {
    let text = &strings(props.locale).groups;
    let group = &props.group;
    let alt = (text.qr_alt)(&group.name);
    let size = QR_SIZE.to_string();
    let code = match &group.join {
        Join::Url(url) => {
            html! { <QrImage text={url.as_str().to_owned()} size={QR_SIZE} alt={alt} /> }
        }
        Join::QrImage(src) => html! {
            <img class="ck-qr" src={src.as_str().to_owned()} {alt} width={size.clone()} height={size} />
        },
    };
    let how_to_join = if in_wechat() {
        text.long_press
    } else {
        text.scan_with_wechat
    };
    html! {
        <section class="ck-card ck-group-card" aria-labelledby="ck-group-name" data-group={group.id.clone()}>
            <p class="ck-group-method">
                { match props.method {
                    AssignMethod::Location => text.matched_by_location,
                    AssignMethod::Manual => text.chosen_by_hand,
                } }
            </p>
            <h2 class="ck-group-name" id="ck-group-name">{ &group.name }</h2>
            <p class="ck-group-area">{ group.area_label() }</p>
            <div class="ck-qr-frame">{ code }</div>
            <p class="ck-group-hint">{ how_to_join }</p>
            if let Join::Url(url) = &group.join {
                <a class="ck-button ck-button-quiet" href={url.href().map(str::to_owned)} rel="noopener">{ text.open_join_link }</a>
            }
            <button type="button" class="ck-link-button" onclick={props.on_change_area.clone()}>
                { text.not_your_area }
            </button>
        </section>
    }
}
