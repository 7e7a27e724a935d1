//! Day one's hometown sign-in: a province from the national list, a city,
//! and one optional line. Checked with core's `check_hometown` (the server's
//! own rule) before it is sent; what the person typed stays in the form
//! until the server has it.

use campaign_core::Locale;
use campaign_core::checkin::{Hometown, MAX_CITY_CHARS, check_hometown};
use campaign_core::primitives::regions::PROVINCES;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::strings;

#[derive(Properties, PartialEq)]
pub struct HometownFormProps {
    pub prompt: Option<String>,
    /// Day one's task, under the prompt.
    #[prop_or_default]
    pub task: Option<String>,
    pub line_placeholder: Option<String>,
    pub line_max_chars: u32,
    pub locale: Locale,
    /// A check-in is on its way: the form waits, keeping what was typed.
    pub busy: bool,
    pub on_sign_in: Callback<Hometown>,
}

#[function_component]
pub fn HometownForm(props: &HometownFormProps) -> Html {
    let text = &strings(props.locale).checkin;
    let province = use_state(String::new);
    let city = use_state(String::new);
    let line = use_state(String::new);
    let problem = use_state(|| None::<String>);

    let on_province = {
        let province = province.clone();
        Callback::from(move |event: Event| {
            province.set(event.target_unchecked_into::<HtmlSelectElement>().value());
        })
    };
    let on_city = {
        let city = city.clone();
        Callback::from(move |event: InputEvent| {
            city.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_line = {
        let line = line.clone();
        Callback::from(move |event: InputEvent| {
            line.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onsubmit = {
        let (province, city, line, problem) = (
            province.clone(),
            city.clone(),
            line.clone(),
            problem.clone(),
        );
        let on_sign_in = props.on_sign_in.clone();
        let (max, locale, busy) = (props.line_max_chars, props.locale, props.busy);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if busy {
                return;
            }
            let typed = Hometown {
                province: (*province).clone(),
                city: (*city).clone(),
                line: Some((*line).clone()),
            };
            match check_hometown(&typed, max) {
                Ok(hometown) => {
                    problem.set(None);
                    on_sign_in.emit(hometown);
                }
                Err(found) => problem.set(Some(found.message(locale))),
            }
        })
    };
    let prompt = props
        .prompt
        .clone()
        .unwrap_or_else(|| text.hometown_prompt.to_owned());
    html! {
        <form class="ck-card ck-hometown" novalidate=true {onsubmit}>
            <h2 class="ck-checkin-heading">{ prompt }</h2>
            if let Some(task) = &props.task {
                <p class="ck-muted ck-hometown-task">{ task }</p>
            }
            <label class="ck-field">
                <span class="ck-field-label">{ text.province }</span>
                <select class="ck-input" name="province" onchange={on_province} required=true>
                    <option value="" selected={province.is_empty()}>{ text.choose_province }</option>
                    { for PROVINCES.iter().map(|entry| html! {
                        <option value={entry.name} selected={*province == entry.name}>{ entry.name }</option>
                    }) }
                </select>
            </label>
            <label class="ck-field">
                <span class="ck-field-label">{ text.city }</span>
                <input class="ck-input" type="text" name="city" autocomplete="address-level2"
                    maxlength={MAX_CITY_CHARS.to_string()} placeholder={text.city_placeholder}
                    value={(*city).clone()} oninput={on_city} />
            </label>
            <label class="ck-field">
                <span class="ck-field-label">{ text.line }</span>
                <input class="ck-input" type="text" name="line"
                    maxlength={props.line_max_chars.to_string()}
                    placeholder={props.line_placeholder.clone().unwrap_or_default()}
                    value={(*line).clone()} oninput={on_line} />
            </label>
            if let Some(problem) = &*problem {
                <p class="ck-field-error" role="alert">{ problem }</p>
            }
            <button type="submit" class="ck-button" disabled={props.busy}>{ text.sign_in }</button>
        </form>
    }
}
