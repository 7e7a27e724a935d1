//! The config could not be fetched: say why, and offer to try again.

use campaign_core::config::Locale;
use yew::prelude::*;

use crate::i18n::strings;
use crate::loader::FetchFailure;

#[derive(Properties, PartialEq)]
pub struct UnreachablePageProps {
    pub source: String,
    pub failure: FetchFailure,
}

#[function_component]
pub fn UnreachablePage(props: &UnreachablePageProps) -> Html {
    // No config means no locale: the product's default language.
    let text = strings(Locale::default());
    let reason = match props.failure {
        FetchFailure::Network => text.unreachable_network.to_owned(),
        FetchFailure::Status(status) => (text.unreachable_status)(status),
    };
    html! {
        <div class="ck">
            <main class="ck-main">
                <div class="ck-card ck-notice" role="alert">
                    <h1 class="ck-title">{ text.unreachable_title }</h1>
                    <p>{ reason }</p>
                    <p class="ck-muted">{ text.config_error_source }{": "}<code>{ &props.source }</code></p>
                    // A link to the page itself reloads it without any script.
                    <a class="ck-button" href="">{ text.retry }</a>
                </div>
            </main>
        </div>
    }
}
