//! One page of a campaign, shown by its kind's module.

use std::rc::Rc;

use campaign_core::routes::Route;
use campaign_core::{Campaign, Page};
use yew::prelude::*;

use crate::components::{BrandHeader, Link};
use crate::i18n::strings;

#[derive(Properties, PartialEq)]
pub struct PageViewProps {
    pub campaign: Rc<Campaign>,
    pub page: Page,
}

#[function_component]
pub fn PageView(props: &PageViewProps) -> Html {
    let campaign = &props.campaign;
    let text = strings(campaign.locale);
    let header = props.page.header();
    // Every kind is listed here, so adding one is a compile error until it has a view.
    let body = match &props.page {
        Page::GroupPicker(_)
        | Page::Referral(_)
        | Page::Quiz(_)
        | Page::Lottery(_)
        | Page::Survey(_) => html! {
            <div class="ck-card ck-notice" role="status">
                <h2 class="ck-notice-title">{ text.kind_unavailable_title }</h2>
                <p>{ text.kind_unavailable_body }</p>
            </div>
        },
    };
    html! {
        <>
            <BrandHeader campaign={campaign.clone()} />
            <article class="ck-page" data-kind={props.page.kind().as_str()}>
                <span class="ck-badge">{ text.kind_label(props.page.kind()) }</span>
                <h1 class="ck-title">{ header.title }</h1>
                if let Some(description) = header.description {
                    <p class="ck-lead">{ description }</p>
                }
                { body }
                <Link to={Route::Home} class="ck-button ck-button-quiet">{ text.back_to_home }</Link>
            </article>
        </>
    }
}
