//! One page of a campaign, shown by its kind's module.

use campaign_core::Page;
use campaign_core::routes::Route;
use yew::prelude::*;

use crate::shared::SharedCampaign;

use crate::components::{BrandHeader, Link};
use crate::i18n::strings;
use crate::pages::NotFoundPage;
#[cfg(feature = "survey")]
use crate::pages::survey::SurveyView;

#[derive(Properties, PartialEq)]
pub struct PageViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn PageView(props: &PageViewProps) -> Html {
    let campaign = &props.campaign;
    let text = strings(campaign.locale);
    let Some(page) = campaign.page(&props.page_id) else {
        return html! { <NotFoundPage locale={campaign.locale} /> };
    };
    let header = page.header();
    // Kinds with a view in this bundle, then pages another bundle shows, then
    // kinds that have no view yet (said plainly).
    let body = match page {
        #[cfg(feature = "survey")]
        Page::Survey(_) => html! {
            <SurveyView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        Page::Unparsed(_) => html! { <LoadElsewhere /> },
        _ => html! {
            <div class="ck-card ck-notice" role="status">
                <h2 class="ck-notice-title">{ text.kind_unavailable_title }</h2>
                <p>{ text.kind_unavailable_body }</p>
            </div>
        },
    };
    html! {
        <>
            <BrandHeader campaign={campaign.clone()} />
            <article class="ck-page" data-kind={page.kind().as_str()}>
                <span class="ck-badge">{ text.kind_label(page.kind()) }</span>
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

/// Reached by moving within the app to a page another bundle shows (a stale
/// link): load it from the server, which sends the right bundle.
#[function_component]
fn LoadElsewhere() -> Html {
    use_effect_with((), |_| {
        if let Some(location) = web_sys::window().map(|window| window.location()) {
            location.reload().ok();
        }
    });
    html! { <div class="ck-boot" role="status"><span class="ck-spinner" aria-hidden="true"></span></div> }
}
