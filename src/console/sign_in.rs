//! Signing in with a token, which the server exchanges for its session cookie.

use campaign_core::config::Locale;
use campaign_core::wire::{ConsoleSession, SignIn as SignInBody};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::api::{self, ApiFailure};
use super::text::text;

#[derive(Properties, PartialEq)]
pub struct SignInProps {
    pub locale: Locale,
    pub signed_in: Callback<ConsoleSession>,
}

#[function_component]
pub fn SignIn(props: &SignInProps) -> Html {
    let words = text(props.locale);
    let token = use_node_ref();
    let busy = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let onsubmit = {
        let token = token.clone();
        let busy = busy.clone();
        let problem = problem.clone();
        let signed_in = props.signed_in.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(input) = token.cast::<HtmlInputElement>() else {
                return;
            };
            let typed = input.value().trim().to_owned();
            if typed.is_empty() || *busy {
                return;
            }
            busy.set(true);
            let busy = busy.clone();
            let problem = problem.clone();
            let signed_in = signed_in.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer =
                    api::post::<ConsoleSession>("/admin/session", &SignInBody { token: typed })
                        .await;
                busy.set(false);
                match answer {
                    Ok(session) => {
                        // The token leaves the page: only the cookie stays.
                        input.set_value("");
                        signed_in.emit(session);
                    }
                    Err(ApiFailure::SignedOut) => problem.set(Some(words.wrong_token.to_owned())),
                    Err(ApiFailure::Network) => problem.set(Some(words.offline.to_owned())),
                    Err(ApiFailure::Refused { message, .. }) => problem.set(Some(message)),
                }
            });
        })
    };
    html! {
        <form class="ck-console-card ck-console-sign-in" {onsubmit}>
            <h1>{ words.sign_in_title }</h1>
            <p class="ck-console-muted">{ words.sign_in_intro }</p>
            <label for="ck-console-token">{ words.token_label }</label>
            <input id="ck-console-token" ref={token} type="password" name="token"
                autocomplete="current-password" required=true
                aria-invalid={problem.is_some().then_some("true")}
                aria-describedby={problem.is_some().then_some("ck-console-sign-in-problem")} />
            if let Some(problem) = &*problem {
                <p id="ck-console-sign-in-problem" class="ck-console-problem" role="alert">{ problem }</p>
            }
            <button type="submit" class="ck-console-button" disabled={*busy}>
                { if *busy { words.signing_in } else { words.sign_in } }
            </button>
        </form>
    }
}
