//! The config reader goes on after a broken required field: a misspelt `type` or
//! a missing `label` in one question does not hide the problems of the others,
//! nor those of the rest of the page.

use campaign_core::Locale;
use campaign_core::{Diagnostic, parse_campaign};
use serde_json::{Value, json};

const DEMO: &str = include_str!("../../static/campaigns/demo.json");

fn demo_value() -> Value {
    serde_json::from_str(DEMO).expect("demo is JSON")
}

/// Parses a config that must be invalid and returns its diagnostics.
fn problems(config: &Value) -> Vec<Diagnostic> {
    match parse_campaign(&config.to_string()) {
        Ok(_) => panic!("config was accepted: {config}"),
        Err(errors) => errors.0,
    }
}

fn lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

/// The demo with `pages[4]` (the member survey) given one section of `questions`.
fn survey_with(questions: Value) -> Value {
    let mut config = demo_value();
    assert_eq!(config["pages"][4]["kind"], "survey");
    config["pages"][4]["sections"] = json!([{ "questions": questions }]);
    config
}

#[test]
fn a_misspelt_type_in_question_1_does_not_hide_a_wrong_field_in_question_3() {
    let config = survey_with(json!([
        { "id": "q1", "type": "singel", "label": "渠道", "options": [
            { "value": "a", "label": "A" }, { "value": "b", "label": "B" }
        ] },
        { "id": "q2", "type": "text", "label": "城市" },
        { "id": "q3", "type": "rating", "label": "满意度", "scale": "five" }
    ]));
    assert_eq!(
        lines(&problems(&config)),
        [
            "pages[4].sections[0].questions[0].type: `singel` is not one of `single`, `multiple`, `dropdown`, `text`, `long_text`, `number`, `rating`, `nps`, `date`, `mobile` (did you mean `single`?)",
            "pages[4].sections[0].questions[2].scale: found the text \"five\", expected a whole number from 0 to 255",
        ]
    );
}

#[test]
fn the_demo_survey_reports_question_1_and_question_3_across_sections() {
    // Question 1 is the first of section 0, question 3 the first of section 1.
    let mut config = demo_value();
    let sections = &mut config["pages"][4]["sections"];
    sections[0]["questions"][0]["type"] = json!("singel");
    sections[1]["questions"][0]["required"] = json!("yes");
    config["pages"][4]["resubmit"] = json!("twice");
    let found = problems(&config);
    let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
    // In the page's key order: the demo writes `resubmit` before `sections`.
    assert_eq!(
        paths,
        [
            "pages[4].resubmit",
            "pages[4].sections[0].questions[0].type",
            "pages[4].sections[1].questions[0].required",
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[0].hint(Locale::En),
        Some("expected one of `once`, `allowed`")
    );
    assert_eq!(found[1].hint(Locale::En), Some("did you mean `single`?"));
    assert_eq!(
        found[2].message(Locale::En),
        "found the text \"yes\", expected `true` or `false`"
    );
}

#[test]
fn a_missing_field_does_not_hide_the_next_questions() {
    let config = survey_with(json!([
        { "id": "q1", "type": "text" },
        { "id": "Q2", "type": "text", "label": "城市", "placehodler": "上海" },
        { "id": "q3", "type": "number", "label": "金额", "integer": 1 }
    ]));
    assert_eq!(
        lines(&problems(&config)),
        [
            "pages[4].sections[0].questions[0]: required field `label` is missing",
            "pages[4].sections[0].questions[1].placehodler: unknown field `placehodler` (did you mean `placeholder`?)",
            "pages[4].sections[0].questions[2].integer: found the number 1, expected `true` or `false`",
        ]
    );
}

#[test]
fn a_wrong_required_value_and_a_question_that_is_not_an_object_are_read_past() {
    let config = survey_with(json!([
        { "id": "q1", "type": "text", "label": 42 },
        "what is your city?",
        { "id": "q3", "type": "date", "label": "日期", "min_date": 20260101 }
    ]));
    assert_eq!(
        lines(&problems(&config)),
        [
            "pages[4].sections[0].questions[0].label: found the number 42, expected a string",
            "pages[4].sections[0].questions[1]: found the text \"what is your city?\", expected an object `{...}`",
            "pages[4].sections[0].questions[2].min_date: found the number 20260101, expected a string",
        ]
    );
}

#[test]
fn a_page_with_a_broken_required_field_is_still_refused_alone() {
    // Only the broken page is reported: its stand-ins never reach the page
    // checks (which would complain about the empty label they put in), and the
    // other pages read as before.
    let config = survey_with(json!([
        { "id": "q1", "type": "text" },
        { "id": "q2", "type": "text", "label": "城市" }
    ]));
    let found = problems(&config);
    assert_eq!(
        lines(&found),
        ["pages[4].sections[0].questions[0]: required field `label` is missing"]
    );
}

#[test]
fn an_unknown_layer_type_does_not_hide_the_next_layers() {
    let mut config = demo_value();
    assert_eq!(config["pages"][1]["kind"], "referral");
    let layers = &mut config["pages"][1]["poster"]["layers"];
    // The fields a layer needs depend on its type: with the type unknown, only
    // the type is reported, and the next layer is read on.
    layers[0]["type"] = json!("txet");
    layers[1]["colr"] = json!("#fff");
    let found = problems(&config);
    assert_eq!(
        lines(&found),
        [
            "pages[1].poster.layers[0].type: `txet` is not one of `text`, `image`, `qr` (did you mean `text`?)",
            "pages[1].poster.layers[1].colr: unknown field `colr` (did you mean `color`?)",
        ]
    );
}

#[test]
fn a_misspelt_type_of_another_layer_kind_is_read_past_too() {
    let mut config = demo_value();
    let layers = config["pages"][1]["poster"]["layers"]
        .as_array_mut()
        .expect("layers");
    // A QR layer whose type is misspelt: its fields are a QR code's, not text's.
    let qr = layers
        .iter_mut()
        .find(|layer| layer["type"] == "qr")
        .expect("the demo poster has a QR layer");
    qr["type"] = json!("qrr");
    layers[0]["font_size"] = json!("big");
    let found = problems(&config);
    let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths.len(), 2, "{found:#?}");
    assert_eq!(paths[0], "pages[1].poster.layers[0].font_size");
    assert!(
        paths[1].starts_with("pages[1].poster.layers[") && paths[1].ends_with("].type"),
        "{found:#?}"
    );
    assert_eq!(found[1].hint(Locale::En), Some("did you mean `qr`?"));
}

#[test]
fn a_broken_required_field_in_the_campaign_head_does_not_hide_the_rest() {
    let mut config = demo_value();
    config["backend"] = json!({
        "submit": { "method": "POST" },
        "allowed_origins": "https://h5.bank.example"
    });
    config["theme"]["radius"] = json!("round");
    assert_eq!(
        lines(&problems(&config)),
        [
            "theme.radius: found the text \"round\", expected a whole number from 0 to 255",
            "backend.submit: required field `url` is missing",
            "backend.allowed_origins: found the text \"https://h5.bank.example\", expected a list `[...]`",
        ]
    );
}

#[test]
fn an_object_written_as_a_list_is_one_plain_problem() {
    // Structs are read from objects only (the reader never offers them a list,
    // so no bundle carries a second reader per type): a list where a question
    // belongs says so, rather than "invalid length".
    let config = survey_with(json!([
        ["q1", "text", "城市"],
        { "id": "q2", "type": "text", "label": "城市" }
    ]));
    assert_eq!(
        lines(&problems(&config)),
        ["pages[4].sections[0].questions[0]: found a list, expected an object `{...}`"]
    );
}
