//! One survey question as a form control. Every question is a fieldset with its
//! label as legend; its problem, when shown, is linked to the control with
//! `aria-describedby` so screen readers read it with the field.

use campaign_core::config::Locale;
use campaign_core::survey::{
    Answer, DEFAULT_RATING_SCALE, NPS_MAX, OTHER_VALUE, Question, QuestionType, choices_rule,
};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::strings;

#[derive(Properties, PartialEq)]
pub struct QuestionFieldProps {
    pub question: Question,
    pub answer: Option<Answer>,
    /// The problem to show under the question, already in words.
    pub problem: Option<String>,
    pub locale: Locale,
    pub on_change: Callback<Option<Answer>>,
}

/// The element id of a question's first control, for moving focus to it.
pub fn control_id(question_id: &str) -> String {
    format!("q-{question_id}")
}

#[function_component]
pub fn QuestionField(props: &QuestionFieldProps) -> Html {
    let question = &props.question;
    let text = &strings(props.locale).survey;
    let id = control_id(&question.id);
    let error_id = format!("{id}-error");
    let description_id = format!("{id}-description");
    let described_by = [
        question
            .description
            .as_ref()
            .map(|_| description_id.clone()),
        props.problem.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let label_id = format!("{id}-label");
    let control = Control {
        id: id.clone(),
        labelled_by: label_id.clone(),
        described_by: (!described_by.is_empty()).then_some(described_by),
        invalid: props.problem.is_some(),
    };
    let body = match question.kind {
        QuestionType::Single => single(props, &control, false),
        QuestionType::Dropdown => dropdown(props, &control),
        QuestionType::Multiple => multiple(props, &control),
        QuestionType::Text | QuestionType::LongText => free_text(props, &control),
        QuestionType::Number => number(props, &control),
        QuestionType::Rating => scale(
            props,
            &control,
            1,
            question.scale.unwrap_or(DEFAULT_RATING_SCALE),
        ),
        QuestionType::Nps => scale(props, &control, 0, NPS_MAX),
        QuestionType::Date => date(props, &control),
        QuestionType::Mobile => mobile(props, &control),
    };
    let hint = match question.kind {
        QuestionType::Multiple => {
            choices_rule(question.min_choices, question.max_choices, props.locale)
        }
        _ => None,
    };
    html! {
        <fieldset class={classes!("ck-question", props.problem.is_some().then_some("ck-question-invalid"))}
            data-question={question.id.clone()}>
            <legend class="ck-question-label" id={label_id}>
                { &question.label }
                if question.required {
                    <span class="ck-required">{ text.required_mark }</span>
                }
            </legend>
            if let Some(description) = &question.description {
                <p class="ck-question-description" id={description_id}>{ description }</p>
            }
            if let Some(hint) = hint {
                <p class="ck-question-hint">{ hint }</p>
            }
            if let Some(image) = &question.image {
                <img class="ck-question-image" src={image.as_str().to_owned()} alt="" loading="lazy" />
            }
            { body }
            if let Some(problem) = &props.problem {
                <p class="ck-field-error" id={error_id}>{ problem }</p>
            }
        </fieldset>
    }
}

/// Accessibility wiring shared by a question's controls.
struct Control {
    id: String,
    /// The legend's id: names the controls a legend alone does not name
    /// (drop-downs and text fields), for screen readers.
    labelled_by: String,
    described_by: Option<String>,
    invalid: bool,
}

impl Control {
    fn invalid(&self) -> Option<&'static str> {
        self.invalid.then_some("true")
    }
}

fn input_value(event: InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

/// The number a `type=number` field holds, as the browser read it (NaN while
/// it is empty or not a number). Parsing the text ourselves would bring Rust's
/// float parser and its 10 KB table of powers into the wasm.
fn input_number(event: InputEvent) -> Option<f64> {
    let value = event
        .target_unchecked_into::<HtmlInputElement>()
        .value_as_number();
    value.is_finite().then_some(value)
}

fn non_empty(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

/// Radio buttons for `single` questions, with "other, please specify".
fn single(props: &QuestionFieldProps, control: &Control, _dropdown: bool) -> Html {
    let question = &props.question;
    let (chosen, other_text) = match &props.answer {
        Some(Answer::Single { value, other }) => (Some(value.as_str()), other.clone()),
        _ => (None, None),
    };
    let name = control.id.clone();
    let choose = |value: String| {
        let on_change = props.on_change.clone();
        let other = other_text.clone();
        Callback::from(move |_: Event| {
            on_change.emit(Some(Answer::Single {
                value: value.clone(),
                other: other.clone(),
            }))
        })
    };
    let options = choices(question);
    html! {
        <div class="ck-choices" role="radiogroup" aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}>
            { for options.into_iter().enumerate().map(|(index, (value, label))| {
                let input_id = if index == 0 { control.id.clone() } else { format!("{}-{index}", control.id) };
                html! {
                    <label class="ck-choice" for={input_id.clone()}>
                        <input type="radio" id={input_id} name={name.clone()} value={value.clone()}
                            checked={chosen == Some(value.as_str())}
                            aria-invalid={control.invalid()}
                            onchange={choose(value.clone())} />
                        <span>{ label }</span>
                    </label>
                }
            }) }
            if chosen == Some(OTHER_VALUE) {
                { other_input(props, control, other_text.clone(), move |other| Answer::Single { value: OTHER_VALUE.to_owned(), other }) }
            }
        </div>
    }
}

/// A choice question's options as (value, label), with "other" last when offered.
fn choices(question: &Question) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = question
        .options
        .iter()
        .map(|option| (option.value.clone(), option.label.clone()))
        .collect();
    if let Some(label) = &question.other {
        options.push((OTHER_VALUE.to_owned(), label.clone()));
    }
    options
}

/// The free-text box of an "other" choice.
fn other_input(
    props: &QuestionFieldProps,
    control: &Control,
    current: Option<String>,
    make: impl Fn(Option<String>) -> Answer + 'static,
) -> Html {
    let text = &strings(props.locale).survey;
    let on_change = props.on_change.clone();
    let label = props.question.other.clone().unwrap_or_default();
    html! {
        <input class="ck-input ck-other-input" type="text" id={format!("{}-other", control.id)}
            aria-label={label} placeholder={text.other_placeholder} maxlength="200"
            value={current.unwrap_or_default()}
            aria-invalid={control.invalid()} aria-describedby={control.described_by.clone()}
            oninput={Callback::from(move |event: InputEvent| on_change.emit(Some(make(non_empty(input_value(event))))))} />
    }
}

fn dropdown(props: &QuestionFieldProps, control: &Control) -> Html {
    let question = &props.question;
    let text = &strings(props.locale).survey;
    let (chosen, other_text) = match &props.answer {
        Some(Answer::Single { value, other }) => (value.clone(), other.clone()),
        _ => (String::new(), None),
    };
    let onchange = {
        let on_change = props.on_change.clone();
        let other = other_text.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            on_change.emit(non_empty(value).map(|value| Answer::Single {
                value,
                other: other.clone(),
            }))
        })
    };
    html! {
        <>
            <select class="ck-input ck-select" id={control.id.clone()} {onchange}
                aria-invalid={control.invalid()} aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}>
                <option value="" selected={chosen.is_empty()}>{ text.choose }</option>
                { for question.options.iter().map(|option| html! {
                    <option value={option.value.clone()} selected={chosen == option.value}>{ &option.label }</option>
                }) }
                if let Some(label) = &question.other {
                    <option value={OTHER_VALUE} selected={chosen == OTHER_VALUE}>{ label }</option>
                }
            </select>
            if chosen == OTHER_VALUE {
                { other_input(props, control, other_text, move |other| Answer::Single { value: OTHER_VALUE.to_owned(), other }) }
            }
        </>
    }
}

fn multiple(props: &QuestionFieldProps, control: &Control) -> Html {
    let question = &props.question;
    let (values, other_text) = match &props.answer {
        Some(Answer::Multiple { values, other }) => (values.clone(), other.clone()),
        _ => (Vec::new(), None),
    };
    let options = choices(question);
    let toggle = |value: String| {
        let on_change = props.on_change.clone();
        let values = values.clone();
        let other = other_text.clone();
        Callback::from(move |_: Event| {
            let mut next = values.clone();
            match next.iter().position(|chosen| *chosen == value) {
                Some(at) => {
                    next.remove(at);
                }
                None => next.push(value.clone()),
            }
            let answer = (!next.is_empty()).then(|| Answer::Multiple {
                values: next,
                other: other.clone(),
            });
            on_change.emit(answer);
        })
    };
    let other_chosen = values.iter().any(|value| value == OTHER_VALUE);
    let kept = values.clone();
    html! {
        <div class="ck-choices" role="group" aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}>
            { for options.into_iter().enumerate().map(|(index, (value, label))| {
                let input_id = if index == 0 { control.id.clone() } else { format!("{}-{index}", control.id) };
                html! {
                    <label class="ck-choice" for={input_id.clone()}>
                        <input type="checkbox" id={input_id} value={value.clone()}
                            checked={values.contains(&value)} aria-invalid={control.invalid()}
                            onchange={toggle(value.clone())} />
                        <span>{ label }</span>
                    </label>
                }
            }) }
            if other_chosen {
                { other_input(props, control, other_text.clone(), move |other| Answer::Multiple { values: kept.clone(), other }) }
            }
        </div>
    }
}

fn free_text(props: &QuestionFieldProps, control: &Control) -> Html {
    let question = &props.question;
    let text = &strings(props.locale).survey;
    let long = question.kind == QuestionType::LongText;
    let current = match &props.answer {
        Some(Answer::Text(value)) => value.clone(),
        _ => String::new(),
    };
    let max = question.max_length.unwrap_or(if long {
        campaign_core::survey::DEFAULT_LONG_TEXT_MAX_CHARS
    } else {
        campaign_core::survey::DEFAULT_TEXT_MAX_CHARS
    });
    let on_change = props.on_change.clone();
    let placeholder = question.placeholder.clone().unwrap_or_default();
    if long {
        let count = current.chars().count();
        html! {
            <>
                <textarea class="ck-input ck-textarea" id={control.id.clone()} rows="4" maxlength={max.to_string()}
                    placeholder={placeholder} value={current}
                    aria-invalid={control.invalid()} aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}
                    oninput={Callback::from(move |event: InputEvent| {
                        let value = event.target_unchecked_into::<HtmlTextAreaElement>().value();
                        on_change.emit(non_empty(value).map(Answer::Text))
                    })} />
                <p class="ck-counter" aria-hidden="true">{ (text.characters)(count, max) }</p>
            </>
        }
    } else {
        html! {
            <input class="ck-input" type="text" id={control.id.clone()} maxlength={max.to_string()}
                placeholder={placeholder} value={current}
                aria-invalid={control.invalid()} aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}
                oninput={Callback::from(move |event: InputEvent| on_change.emit(non_empty(input_value(event)).map(Answer::Text)))} />
        }
    }
}

fn number(props: &QuestionFieldProps, control: &Control) -> Html {
    let question = &props.question;
    let current = match &props.answer {
        Some(Answer::Number(value)) => campaign_core::survey::format_number(*value),
        _ => String::new(),
    };
    let on_change = props.on_change.clone();
    html! {
        <div class="ck-number">
            <input class="ck-input" type="number" id={control.id.clone()}
                inputmode={if question.integer { "numeric" } else { "decimal" }}
                step={if question.integer { "1" } else { "any" }}
                min={question.min.map(campaign_core::survey::format_number)}
                max={question.max.map(campaign_core::survey::format_number)}
                placeholder={question.placeholder.clone().unwrap_or_default()} value={current}
                aria-invalid={control.invalid()} aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}
                oninput={Callback::from(move |event: InputEvent| {
                    on_change.emit(input_number(event).map(Answer::Number))
                })} />
            if let Some(unit) = &question.unit {
                <span class="ck-unit">{ unit }</span>
            }
        </div>
    }
}

/// Stars (`rating`, from 1) or 0 to 10 (`nps`), as a row of radio buttons.
fn scale(props: &QuestionFieldProps, control: &Control, from: u8, to: u8) -> Html {
    let text = &strings(props.locale).survey;
    let is_nps = props.question.kind == QuestionType::Nps;
    let chosen = match props.answer {
        Some(Answer::Rating(value)) | Some(Answer::Nps(value)) => Some(value),
        _ => None,
    };
    let name = control.id.clone();
    html! {
        <div class={classes!("ck-scale", if is_nps { "ck-scale-nps" } else { "ck-scale-stars" })}
            role="radiogroup" aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}>
            { for (from..=to).map(|value| {
                let input_id = if value == from { control.id.clone() } else { format!("{}-{value}", control.id) };
                let on_change = props.on_change.clone();
                let answer = if is_nps { Answer::Nps(value) } else { Answer::Rating(value) };
                let lit = chosen.is_some_and(|chosen| if is_nps { chosen == value } else { value <= chosen });
                html! {
                    <label class={classes!("ck-scale-step", lit.then_some("ck-scale-on"))} for={input_id.clone()}>
                        <input type="radio" class="ck-visually-hidden" id={input_id} name={name.clone()}
                            checked={chosen == Some(value)} aria-invalid={control.invalid()}
                            aria-label={if is_nps { value.to_string() } else { (text.stars)(value) }}
                            onchange={Callback::from(move |_: Event| on_change.emit(Some(answer.clone())))} />
                        <span aria-hidden="true">{ if is_nps { value.to_string() } else { "★".to_owned() } }</span>
                    </label>
                }
            }) }
            if is_nps {
                <span class="ck-scale-ends" aria-hidden="true"><span>{ text.nps_low }</span><span>{ text.nps_high }</span></span>
            }
        </div>
    }
}

fn date(props: &QuestionFieldProps, control: &Control) -> Html {
    let question = &props.question;
    let current = match &props.answer {
        Some(Answer::Date(value)) => value.clone(),
        _ => String::new(),
    };
    let on_change = props.on_change.clone();
    html! {
        <input class="ck-input" type="date" id={control.id.clone()}
            min={question.min_date.clone()} max={question.max_date.clone()} value={current}
            aria-invalid={control.invalid()} aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}
            onchange={Callback::from(move |event: Event| {
                let value = event.target_unchecked_into::<HtmlInputElement>().value();
                on_change.emit(non_empty(value).map(Answer::Date))
            })} />
    }
}

fn mobile(props: &QuestionFieldProps, control: &Control) -> Html {
    let question = &props.question;
    let (number, consent) = match &props.answer {
        Some(Answer::Mobile { number, consent }) => (number.clone(), *consent),
        _ => (String::new(), false),
    };
    let on_number = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            let number = input_value(event);
            on_change.emit(
                (!number.trim().is_empty() || consent)
                    .then_some(Answer::Mobile { number, consent }),
            )
        })
    };
    let on_consent = {
        let on_change = props.on_change.clone();
        let number = number.clone();
        Callback::from(move |event: Event| {
            let consent = event.target_unchecked_into::<HtmlInputElement>().checked();
            on_change.emit(
                (!number.trim().is_empty() || consent).then(|| Answer::Mobile {
                    number: number.clone(),
                    consent,
                }),
            )
        })
    };
    let consent_id = format!("{}-consent", control.id);
    html! {
        <>
            <input class="ck-input" type="tel" id={control.id.clone()} inputmode="tel" autocomplete="tel"
                maxlength="20" placeholder={question.placeholder.clone().unwrap_or_default()} value={number}
                aria-invalid={control.invalid()} aria-describedby={control.described_by.clone()} aria-labelledby={control.labelled_by.clone()}
                oninput={on_number} />
            <label class="ck-choice ck-consent" for={consent_id.clone()}>
                <input type="checkbox" id={consent_id} checked={consent} onchange={on_consent} />
                <span>{ question.consent.clone().unwrap_or_default() }</span>
            </label>
        </>
    }
}
