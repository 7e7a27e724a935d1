//! The campaign's logo and name at the top of every page.

use campaign_core::routes::Route;
use yew::prelude::*;

use crate::shared::SharedCampaign;

use crate::components::Link;

#[derive(Properties, PartialEq)]
pub struct BrandHeaderProps {
    pub campaign: SharedCampaign,
}

#[function_component]
pub fn BrandHeader(props: &BrandHeaderProps) -> Html {
    let campaign = &props.campaign;
    html! {
        <header class="ck-brand">
            <Link to={Route::Home} class="ck-brand-link">
                if let Some(logo) = &campaign.theme.logo {
                    <img class="ck-brand-logo" src={logo.as_str().to_owned()} alt="" width="32" height="32" />
                }
                <span class="ck-brand-name">{ &campaign.title }</span>
            </Link>
        </header>
    }
}
