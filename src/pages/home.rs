//! The campaign home: what the campaign is, and every page in it.

use campaign_core::routes::Route;
use yew::prelude::*;

use crate::shared::SharedCampaign;

use crate::components::{BrandHeader, Link};
use crate::i18n::strings;

#[derive(Properties, PartialEq)]
pub struct HomePageProps {
    pub campaign: SharedCampaign,
}

#[function_component]
pub fn HomePage(props: &HomePageProps) -> Html {
    let campaign = &props.campaign;
    let text = strings(campaign.locale);
    html! {
        <>
            <BrandHeader campaign={campaign.clone()} />
            <section class="ck-hero">
                <h1 class="ck-title">{ &campaign.title }</h1>
                if let Some(description) = &campaign.description {
                    <p class="ck-lead">{ description }</p>
                }
            </section>
            <h2 class="ck-section-title">{ text.pages_heading }</h2>
            <ul class="ck-page-list">
                { for campaign.pages.iter().map(|page| {
                    let header = page.header();
                    html! {
                        <li key={header.id}>
                            <Link to={Route::Page(header.id.to_owned())} class="ck-card ck-page-link">
                                <span class="ck-badge">{ text.kind_label(page.kind()) }</span>
                                <span class="ck-card-title">{ header.title }</span>
                                if let Some(description) = header.description {
                                    <span class="ck-card-body">{ description }</span>
                                }
                            </Link>
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}
