use campaign_core::config::Locale;
use campaign_core::routes::Route;
use yew::prelude::*;

use crate::components::Link;
use crate::i18n::strings;

#[derive(Properties, PartialEq)]
pub struct NotFoundPageProps {
    pub locale: Locale,
}

/// A path that is not one of the campaign's pages.
#[function_component]
pub fn NotFoundPage(props: &NotFoundPageProps) -> Html {
    let text = strings(props.locale);
    html! {
        <div class="ck-card ck-notice">
            <h1 class="ck-title">{ text.not_found_title }</h1>
            <p>{ text.not_found_body }</p>
            <Link to={Route::Home} class="ck-button">{ text.back_to_home }</Link>
        </div>
    }
}
