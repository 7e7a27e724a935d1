//! What designers and marketers see when a config is invalid: every problem at its
//! path, never a blank page.

use campaign_core::config::Locale;
use campaign_core::{ConfigErrors, Diagnostic};
use yew::prelude::*;

use crate::i18n::strings;

#[derive(Properties, PartialEq)]
pub struct ConfigErrorPageProps {
    pub source: String,
    pub locale: Locale,
    pub problems: Vec<Diagnostic>,
}

#[function_component]
pub fn ConfigErrorPage(props: &ConfigErrorPageProps) -> Html {
    let locale = props.locale;
    let text = strings(locale);
    // The same words as `campaign-server check`.
    let title = ConfigErrors::summary(props.problems.len(), locale);
    html! {
        <div class="ck ck-config-error" lang={locale.tag()}>
            <main class="ck-main">
                <div class="ck-card" role="alert">
                    <h1 class="ck-title">{ title }</h1>
                    <p>{ text.config_error_body }</p>
                    <p class="ck-muted">{ text.config_error_source }{": "}<code>{ &props.source }</code></p>
                </div>
                <ol class="ck-problems">
                    { for props.problems.iter().map(|problem| html! {
                        <li class="ck-problem">
                            <code class="ck-problem-path">{ problem.location(locale) }</code>
                            <span class="ck-problem-message">{ problem.message(locale) }</span>
                            if let Some(hint) = problem.hint(locale) {
                                <span class="ck-problem-hint">{ hint }</span>
                            }
                        </li>
                    }) }
                </ol>
            </main>
        </div>
    }
}
