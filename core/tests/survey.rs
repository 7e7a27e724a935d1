//! The survey page kind: the config checker reports every mistake at its path, and
//! the answer rules (required, formats, ranges, conditions) hold on both ends.

use std::collections::BTreeSet;

use campaign_core::config::{Locale, Page, SurveyPage};
use campaign_core::parse_campaign;
use campaign_core::survey::{
    Answer, AnswerProblem, Answers, OTHER_VALUE, Question, QuestionType, Resubmit, TextPattern,
    check_answer, check_answers, check_section, check_survey, choices_rule, format_number,
    is_visible, normalise_mobile, progress, submitted_answers, visible_questions,
};
use serde_json::{Value, json};

const DEMO: &str = include_str!("../../static/campaigns/demo.json");

fn survey(sections: Value) -> SurveyPage {
    serde_json::from_value(json!({
        "id": "test-survey",
        "title": "测试问卷",
        "sections": sections,
    }))
    .expect("test survey has the right shape")
}

fn question(fields: Value) -> Question {
    let mut fields = fields;
    fields["id"] = json!("q");
    if fields.get("label").is_none() {
        fields["label"] = json!("问题");
    }
    serde_json::from_value(fields).expect("test question has the right shape")
}

fn problem(question: &Question, answer: Answer) -> Option<AnswerProblem> {
    check_answer(question, Some(&answer)).err()
}

fn text(value: &str) -> Answer {
    Answer::Text(value.to_owned())
}

fn single(value: &str) -> Answer {
    Answer::Single {
        value: value.to_owned(),
        other: None,
    }
}

fn multiple(values: &[&str], other: Option<&str>) -> Answer {
    Answer::Multiple {
        values: values.iter().map(|value| (*value).to_owned()).collect(),
        other: other.map(str::to_owned),
    }
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(id, answer)| ((*id).to_owned(), answer.clone()))
        .collect()
}

fn paths(page: &SurveyPage) -> Vec<String> {
    check_survey(page)
        .into_iter()
        .map(|issue| issue.path)
        .collect()
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

#[test]
fn required_questions_need_a_real_answer() {
    let required = question(json!({ "type": "text", "required": true }));
    assert_eq!(check_answer(&required, None), Err(AnswerProblem::Required));
    assert_eq!(
        problem(&required, text("   ")),
        Some(AnswerProblem::Required)
    );
    assert_eq!(problem(&required, text("有")), None);

    let optional = question(json!({ "type": "text" }));
    assert_eq!(check_answer(&optional, None), Ok(()));
    assert_eq!(problem(&optional, text("  ")), None);

    let ticks = question(json!({
        "type": "multiple", "required": true,
        "options": [{ "value": "a", "label": "A" }]
    }));
    assert_eq!(
        problem(&ticks, multiple(&[], None)),
        Some(AnswerProblem::Required)
    );

    assert_eq!(AnswerProblem::Required.message(Locale::ZhCn), "请填写此题");
    assert_eq!(
        AnswerProblem::Required.message(Locale::En),
        "This question is required"
    );
}

#[test]
fn an_answer_of_another_kind_is_refused() {
    let question = question(json!({ "type": "text" }));
    assert_eq!(
        problem(&question, Answer::Number(3.0)),
        Some(AnswerProblem::WrongType)
    );
    assert_eq!(
        problem(&question, single("a")),
        Some(AnswerProblem::WrongType)
    );
}

#[test]
fn every_pattern_name_is_enforced() {
    let with_pattern = |name: &str| question(json!({ "type": "text", "pattern": name }));
    let cases: [(&str, &[&str], &[&str]); 5] = [
        (
            "digits",
            &["0", "20260520", " 123 "],
            &["12a", "１２３", "-1"],
        ),
        (
            "letters_digits",
            &["CMB2026", "abc"],
            &["招行1", "a b", "a_b"],
        ),
        (
            "email",
            &["a@b.cn", "first.last+tag@bank.example.com"],
            &[
                "a@b",
                "a@@b.com",
                "a b@c.com",
                ".a@b.com",
                "a@-b.com",
                "a@b.c1",
                "@b.com",
            ],
        ),
        (
            "id_card_cn",
            &[
                "11010519491231002X",
                "11010519491231002x",
                "440304199001010011",
            ],
            &[
                "11010519491231002",
                "110105194912310021",
                "1101051949123100XX",
            ],
        ),
        (
            "postcode_cn",
            &["518000", "100000"],
            &["51800", "5180001", "51800a"],
        ),
    ];
    for (name, good, bad) in cases {
        let pattern = TextPattern::from_name(name).expect("known pattern");
        let question = with_pattern(name);
        for value in good {
            assert_eq!(problem(&question, text(value)), None, "{name}: {value}");
        }
        for value in bad {
            assert_eq!(
                problem(&question, text(value)),
                Some(AnswerProblem::PatternMismatch {
                    pattern,
                    message: None
                }),
                "{name}: {value}"
            );
        }
    }
    assert_eq!(
        TextPattern::ALL.map(TextPattern::as_str),
        [
            "digits",
            "letters_digits",
            "email",
            "id_card_cn",
            "postcode_cn"
        ]
    );
}

#[test]
fn id_card_checksum_catches_any_single_digit_change() {
    const VALID: &str = "11010519491231002X";
    assert!(TextPattern::IdCardCn.matches(VALID));
    for position in 0..17 {
        for digit in b'0'..=b'9' {
            let mut changed = VALID.as_bytes().to_vec();
            if changed[position] == digit {
                continue;
            }
            changed[position] = digit;
            let changed = String::from_utf8(changed).expect("ASCII");
            assert!(!TextPattern::IdCardCn.matches(&changed), "{changed}");
        }
    }
    // The right checksum on an impossible birth date (1949-02-30) is still refused.
    assert!(!TextPattern::IdCardCn.matches("110105194902300020"));
}

#[test]
fn pattern_message_replaces_the_default_message() {
    let plain = question(json!({ "type": "text", "pattern": "id_card_cn" }));
    let problem_found = problem(&plain, text("123")).expect("mismatch");
    assert_eq!(
        problem_found.message(Locale::ZhCn),
        "请输入正确的 18 位身份证号"
    );
    let custom = question(json!({
        "type": "text", "pattern": "digits", "pattern_message": "会员号只包含数字"
    }));
    let problem_found = problem(&custom, text("A1")).expect("mismatch");
    assert_eq!(problem_found.message(Locale::ZhCn), "会员号只包含数字");
    assert_eq!(problem_found.message(Locale::En), "会员号只包含数字");
}

#[test]
fn choice_counts_include_the_other_choice() {
    let question = question(json!({
        "type": "multiple",
        "options": [
            { "value": "a", "label": "A" },
            { "value": "b", "label": "B" },
            { "value": "c", "label": "C" }
        ],
        "other": "其他",
        "min_choices": 2,
        "max_choices": 3
    }));
    let too_few = problem(&question, multiple(&["a"], None));
    assert_eq!(too_few, Some(AnswerProblem::TooFewChoices { min: 2 }));
    assert_eq!(
        too_few.as_ref().map(|p| p.message(Locale::ZhCn)),
        Some("至少选择 2 项".to_owned())
    );
    assert_eq!(
        too_few.map(|p| p.message(Locale::En)),
        Some("Choose at least 2".to_owned())
    );
    // A repeated value counts once.
    assert_eq!(
        problem(&question, multiple(&["a", "a"], None)),
        Some(AnswerProblem::TooFewChoices { min: 2 })
    );
    assert_eq!(
        problem(
            &question,
            multiple(&["a", "b", "c", OTHER_VALUE], Some("自己填"))
        ),
        Some(AnswerProblem::TooManyChoices { max: 3 })
    );
    assert_eq!(
        problem(&question, multiple(&["a", OTHER_VALUE], None)),
        Some(AnswerProblem::OtherTextMissing)
    );
    assert_eq!(
        problem(&question, multiple(&["a", OTHER_VALUE], Some("  "))),
        Some(AnswerProblem::OtherTextMissing)
    );
    assert_eq!(
        problem(&question, multiple(&["a", OTHER_VALUE], Some("自己填"))),
        None
    );
    assert_eq!(
        problem(&question, multiple(&["a", "zzz"], None)),
        Some(AnswerProblem::UnknownChoice)
    );
    assert_eq!(
        AnswerProblem::TooManyChoices { max: 3 }.message(Locale::ZhCn),
        "最多选择 3 项"
    );
}

#[test]
fn single_choice_other_is_only_offered_when_configured() {
    let without_other = question(json!({
        "type": "single", "options": [{ "value": "a", "label": "A" }]
    }));
    assert_eq!(problem(&without_other, single("a")), None);
    assert_eq!(
        problem(&without_other, single(OTHER_VALUE)),
        Some(AnswerProblem::UnknownChoice)
    );
    let with_other = question(json!({
        "type": "dropdown", "options": [{ "value": "a", "label": "A" }], "other": "其他"
    }));
    assert_eq!(
        problem(&with_other, single(OTHER_VALUE)),
        Some(AnswerProblem::OtherTextMissing)
    );
    let answer = Answer::Single {
        value: OTHER_VALUE.to_owned(),
        other: Some("银行网点海报".to_owned()),
    };
    assert_eq!(problem(&with_other, answer), None);
}

#[test]
fn lengths_count_characters_not_bytes() {
    let question = question(json!({ "type": "text", "min_length": 2, "max_length": 5 }));
    // Two characters but six bytes: accepted.
    assert_eq!(problem(&question, text("招商")), None);
    assert_eq!(problem(&question, text("招商银行你")), None);
    assert_eq!(
        problem(&question, text("招")),
        Some(AnswerProblem::TooShort { min: 2 })
    );
    assert_eq!(
        problem(&question, text("招商银行你好")),
        Some(AnswerProblem::TooLong { max: 5 })
    );
    // Surrounding spaces do not count.
    assert_eq!(problem(&question, text("  招商  ")), None);
    assert_eq!(
        AnswerProblem::TooLong { max: 5 }.message(Locale::ZhCn),
        "最多输入 5 个字"
    );

    let short = self::question(json!({ "type": "text" }));
    assert_eq!(problem(&short, text(&"字".repeat(200))), None);
    assert_eq!(
        problem(&short, text(&"字".repeat(201))),
        Some(AnswerProblem::TooLong { max: 200 })
    );
    let long = self::question(json!({ "type": "long_text" }));
    assert_eq!(problem(&long, text(&"字".repeat(2000))), None);
    assert_eq!(
        problem(&long, text(&"字".repeat(2001))),
        Some(AnswerProblem::TooLong { max: 2000 })
    );
}

#[test]
fn numbers_keep_to_their_range_and_wholeness() {
    let question = question(json!({ "type": "number", "min": 1, "max": 100, "integer": true }));
    assert_eq!(problem(&question, Answer::Number(1.0)), None);
    assert_eq!(problem(&question, Answer::Number(100.0)), None);
    let below = problem(&question, Answer::Number(0.0)).expect("out of range");
    assert_eq!(below.message(Locale::ZhCn), "请输入 1 到 100 之间的数字");
    assert_eq!(below.message(Locale::En), "Enter a number from 1 to 100");
    assert!(matches!(
        problem(&question, Answer::Number(101.0)),
        Some(AnswerProblem::NumberOutOfRange { .. })
    ));
    assert_eq!(
        problem(&question, Answer::Number(1.5)),
        Some(AnswerProblem::NotAnInteger)
    );
    assert_eq!(
        problem(&question, Answer::Number(f64::NAN)),
        Some(AnswerProblem::NotANumber)
    );
    assert_eq!(
        problem(&question, Answer::Number(f64::INFINITY)),
        Some(AnswerProblem::NotANumber)
    );

    let fractional = self::question(json!({ "type": "number", "min": 0.5 }));
    assert_eq!(problem(&fractional, Answer::Number(0.75)), None);
    let below = problem(&fractional, Answer::Number(0.25)).expect("below min");
    assert_eq!(below.message(Locale::ZhCn), "请输入不小于 0.5 的数字");
    let capped = self::question(json!({ "type": "number", "max": -2.25 }));
    let above = problem(&capped, Answer::Number(0.0)).expect("above max");
    assert_eq!(above.message(Locale::En), "Enter a number of at most -2.25");
}

#[test]
fn numbers_in_messages_are_written_without_float_noise() {
    assert_eq!(format_number(1_000_000.0), "1000000");
    assert_eq!(format_number(0.0), "0");
    assert_eq!(format_number(-0.0), "0");
    assert_eq!(format_number(-3.0), "-3");
    assert_eq!(format_number(0.1), "0.1");
    assert_eq!(format_number(1.05), "1.05");
    assert_eq!(format_number(-2.25), "-2.25");
    assert_eq!(format_number(1e15), "1000000000000000");
    assert_eq!(format_number(f64::NAN), "0");
}

#[test]
fn ratings_and_nps_stay_on_their_scales() {
    let stars = question(json!({ "type": "rating" }));
    assert_eq!(problem(&stars, Answer::Rating(1)), None);
    assert_eq!(problem(&stars, Answer::Rating(5)), None);
    for outside in [0, 6] {
        assert_eq!(
            problem(&stars, Answer::Rating(outside)),
            Some(AnswerProblem::RatingOutOfRange { max: 5 })
        );
    }
    assert_eq!(
        AnswerProblem::RatingOutOfRange { max: 5 }.message(Locale::ZhCn),
        "请选择 1 到 5 星"
    );
    let ten = question(json!({ "type": "rating", "scale": 10 }));
    assert_eq!(problem(&ten, Answer::Rating(10)), None);
    assert_eq!(
        problem(&ten, Answer::Rating(11)),
        Some(AnswerProblem::RatingOutOfRange { max: 10 })
    );

    let nps = question(json!({ "type": "nps" }));
    assert_eq!(problem(&nps, Answer::Nps(0)), None);
    assert_eq!(problem(&nps, Answer::Nps(10)), None);
    assert_eq!(
        problem(&nps, Answer::Nps(11)),
        Some(AnswerProblem::NpsOutOfRange)
    );
}

#[test]
fn dates_are_real_and_within_bounds() {
    let question = question(json!({
        "type": "date", "min_date": "2026-01-01", "max_date": "2026-12-31"
    }));
    let date = |value: &str| Answer::Date(value.to_owned());
    assert_eq!(problem(&question, date("2026-06-01")), None);
    assert_eq!(problem(&question, date("2026-01-01")), None);
    assert_eq!(problem(&question, date("2026-12-31")), None);
    for invalid in [
        "2026-02-29",
        "2026-13-01",
        "2026-04-31",
        "2026-1-01",
        "20260101",
        "2026/01/01",
        "0000-01-01",
    ] {
        assert_eq!(
            problem(&question, date(invalid)),
            Some(AnswerProblem::InvalidDate),
            "{invalid}"
        );
    }
    let early = problem(&question, date("2024-02-29")).expect("before min");
    assert_eq!(
        early,
        AnswerProblem::DateTooEarly {
            min: "2026-01-01".to_owned()
        }
    );
    assert_eq!(
        early.message(Locale::ZhCn),
        "请选择 2026-01-01 或之后的日期"
    );
    assert_eq!(
        problem(&question, date("2028-02-29")),
        Some(AnswerProblem::DateTooLate {
            max: "2026-12-31".to_owned()
        })
    );
}

#[test]
fn mobile_numbers_are_normalised_and_need_consent() {
    for (typed, digits) in [
        ("+86 138-0013-8000", "13800138000"),
        ("13800138000", "13800138000"),
        ("86 13800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("19912345678", "19912345678"),
    ] {
        assert_eq!(normalise_mobile(typed).as_deref(), Some(digits), "{typed}");
    }
    for invalid in [
        "12800138000",
        "1380013800",
        "138001380000",
        "23800138000",
        "+85 13800138000",
        "1380013800a",
        "",
    ] {
        assert_eq!(normalise_mobile(invalid), None, "{invalid}");
    }

    let question =
        question(json!({ "type": "mobile", "consent": "我同意招商银行使用该手机号联系我" }));
    let mobile = |number: &str, consent: bool| Answer::Mobile {
        number: number.to_owned(),
        consent,
    };
    assert_eq!(problem(&question, mobile("+86 138-0013-8000", true)), None);
    let invalid = problem(&question, mobile("12800138000", true)).expect("invalid");
    assert_eq!(invalid, AnswerProblem::InvalidMobile);
    assert_eq!(invalid.message(Locale::ZhCn), "请输入正确的 11 位手机号");
    let no_consent = problem(&question, mobile("13800138000", false)).expect("no consent");
    assert_eq!(no_consent, AnswerProblem::ConsentMissing);
    assert_eq!(no_consent.message(Locale::ZhCn), "请勾选同意后再提交");
    assert_eq!(
        no_consent.message(Locale::En),
        "Tick the consent box to continue"
    );
    // Optional and left blank: fine, ticked or not.
    assert_eq!(problem(&question, mobile(" ", false)), None);
}

// ---------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------

/// A -> B -> C: B shows when A is `yes`, C when B is `x` or `y`; D always shows.
fn chain() -> SurveyPage {
    survey(json!([
        { "questions": [
            { "id": "a", "type": "single", "label": "A", "required": true,
              "options": [{ "value": "yes", "label": "是" }, { "value": "no", "label": "否" }] },
            { "id": "b", "type": "single", "label": "B", "required": true,
              "options": [{ "value": "x", "label": "X" }, { "value": "y", "label": "Y" }, { "value": "z", "label": "Z" }],
              "show_if": { "question": "a", "equals": "yes" } }
        ]},
        { "questions": [
            { "id": "c", "type": "text", "label": "C", "required": true, "max_length": 3,
              "show_if": { "question": "b", "any_of": ["x", "y"] } },
            { "id": "d", "type": "text", "label": "D" }
        ]}
    ]))
}

#[test]
fn conditions_chain_and_hidden_questions_hide_their_dependents() {
    let survey = chain();
    assert!(
        check_survey(&survey).is_empty(),
        "{:?}",
        check_survey(&survey)
    );

    let shown = answers(&[("a", single("yes")), ("b", single("x"))]);
    for id in ["a", "b", "c", "d"] {
        assert!(is_visible(&survey, id, &shown), "{id}");
    }
    assert_eq!(
        check_answers(&survey, &shown),
        [("c".to_owned(), AnswerProblem::Required)]
    );

    // A no longer triggers B: B and C hide, although B still holds `x`.
    let hidden = answers(&[
        ("a", single("no")),
        ("b", single("x")),
        ("c", text("far too long for C")),
    ]);
    assert!(is_visible(&survey, "a", &hidden));
    assert!(!is_visible(&survey, "b", &hidden));
    assert!(!is_visible(&survey, "c", &hidden));
    assert!(is_visible(&survey, "d", &hidden));
    assert!(!is_visible(&survey, "nobody", &hidden));
    // Hidden answers are not checked, even invalid or required ones...
    assert_eq!(check_answers(&survey, &hidden), []);
    // ...and are not sent.
    let mut with_extras = hidden.clone();
    with_extras.insert("d".to_owned(), text("  留言  "));
    with_extras.insert("unknown".to_owned(), text("x"));
    assert_eq!(
        submitted_answers(&survey, &with_extras),
        answers(&[("a", single("no")), ("d", text("留言"))])
    );

    // B shown but unanswered: C stays hidden, B is required.
    let partial = answers(&[("a", single("yes"))]);
    assert!(!is_visible(&survey, "c", &partial));
    assert_eq!(
        check_answers(&survey, &partial),
        [("b".to_owned(), AnswerProblem::Required)]
    );
    assert_eq!(
        check_section(&survey, 0, &partial),
        [("b".to_owned(), AnswerProblem::Required)]
    );
    assert_eq!(check_section(&survey, 1, &partial), []);
    assert_eq!(check_section(&survey, 9, &partial), []);
    let section_ids = |index| -> Vec<String> {
        visible_questions(&survey, index, &partial)
            .into_iter()
            .map(|question| question.id.clone())
            .collect()
    };
    assert_eq!(section_ids(0), ["a", "b"]);
    assert_eq!(section_ids(1), ["d"]);
    assert_eq!(progress(&survey, 0), (1, 2));
    assert_eq!(progress(&survey, 1), (2, 2));
}

#[test]
fn answered_conditions_follow_blank_answers() {
    let survey = survey(json!([{ "questions": [
        { "id": "name", "type": "text", "label": "称呼" },
        { "id": "why-not", "type": "text", "label": "为什么不填？",
          "show_if": { "question": "name", "answered": false } },
        { "id": "thanks", "type": "multiple", "label": "喜欢", "options": [{ "value": "a", "label": "A" }],
          "show_if": { "question": "name", "answered": true } }
    ]}]));
    let blank = answers(&[("name", text("  "))]);
    assert!(is_visible(&survey, "why-not", &blank));
    assert!(!is_visible(&survey, "thanks", &blank));
    let given = answers(&[("name", text("小招"))]);
    assert!(!is_visible(&survey, "why-not", &given));
    assert!(is_visible(&survey, "thanks", &given));
}

#[test]
fn multiple_choice_conditions_match_any_chosen_value() {
    let survey = survey(json!([{ "questions": [
        { "id": "likes", "type": "multiple", "label": "喜欢",
          "options": [{ "value": "a", "label": "A" }, { "value": "salon", "label": "沙龙" }] },
        { "id": "city", "type": "text", "label": "城市",
          "show_if": { "question": "likes", "equals": "salon" } }
    ]}]));
    assert!(is_visible(
        &survey,
        "city",
        &answers(&[("likes", multiple(&["a", "salon"], None))])
    ));
    assert!(!is_visible(
        &survey,
        "city",
        &answers(&[("likes", multiple(&["a"], None))])
    ));
}

#[test]
fn submitted_answers_clean_what_is_sent() {
    let survey = survey(json!([{ "questions": [
        { "id": "pick", "type": "multiple", "label": "选",
          "options": [{ "value": "a", "label": "A" }], "other": "其他" },
        { "id": "one", "type": "single", "label": "单", "options": [{ "value": "a", "label": "A" }], "other": "其他" },
        { "id": "phone", "type": "mobile", "label": "手机", "consent": "同意" },
        { "id": "note", "type": "text", "label": "备注" }
    ]}]));
    let sent = submitted_answers(
        &survey,
        &answers(&[
            ("pick", multiple(&["a", "a", OTHER_VALUE], Some("  自填  "))),
            (
                "one",
                Answer::Single {
                    value: "a".to_owned(),
                    other: Some("stale".to_owned()),
                },
            ),
            (
                "phone",
                Answer::Mobile {
                    number: "+86 138-0013-8000".to_owned(),
                    consent: true,
                },
            ),
            ("note", text("   ")),
        ]),
    );
    assert_eq!(
        sent,
        answers(&[
            ("pick", multiple(&["a", OTHER_VALUE], Some("自填"))),
            ("one", single("a")),
            (
                "phone",
                Answer::Mobile {
                    number: "13800138000".to_owned(),
                    consent: true
                }
            ),
        ])
    );
}

#[test]
fn answers_round_trip_compactly_through_json() {
    let all = answers(&[
        ("a", single("wechat")),
        ("b", multiple(&["x", OTHER_VALUE], Some("自填"))),
        ("c", text("你好")),
        ("d", Answer::Number(2000.0)),
        ("e", Answer::Rating(4)),
        ("f", Answer::Nps(9)),
        ("g", Answer::Date("2026-05-20".to_owned())),
        (
            "h",
            Answer::Mobile {
                number: "13800138000".to_owned(),
                consent: true,
            },
        ),
    ]);
    let wire = serde_json::to_value(&all).expect("serialises");
    assert_eq!(
        wire,
        json!({
            "a": { "single": { "value": "wechat" } },
            "b": { "multiple": { "values": ["x", "__other"], "other": "自填" } },
            "c": { "text": "你好" },
            "d": { "number": 2000.0 },
            "e": { "rating": 4 },
            "f": { "nps": 9 },
            "g": { "date": "2026-05-20" },
            "h": { "mobile": { "number": "13800138000", "consent": true } }
        })
    );
    let back: Answers = serde_json::from_value(wire).expect("reads back");
    assert_eq!(back, all);
    // A browser sends whole numbers without `.0`.
    let from_js: Answer = serde_json::from_str(r#"{"number":2000}"#).expect("reads");
    assert_eq!(from_js, Answer::Number(2000.0));
    assert!(serde_json::from_str::<Answer>(r#"{"single":{"value":"a","extra":1}}"#).is_err());
    assert!(serde_json::from_str::<Answer>(r#"{"rating":300}"#).is_err());
}

#[test]
fn no_answer_makes_a_check_panic() {
    let every_kind: Vec<Question> = QuestionType::ALL
        .iter()
        .map(|kind| {
            question(json!({
                "type": kind.as_str(), "required": true,
                "options": if kind.is_choice() { json!([{ "value": "a", "label": "A" }]) } else { json!([]) }
            }))
        })
        .collect();
    let strange = [
        single(""),
        single(OTHER_VALUE),
        multiple(&[OTHER_VALUE, OTHER_VALUE], Some(&"长".repeat(500))),
        text("\u{0}\u{200b}"),
        Answer::Number(f64::MAX),
        Answer::Number(-0.0),
        Answer::Rating(u8::MAX),
        Answer::Nps(u8::MAX),
        Answer::Date("９９９９-99-99".to_owned()),
        Answer::Date("2026-02-2".to_owned()),
        Answer::Mobile {
            number: "+86".to_owned(),
            consent: true,
        },
    ];
    for question in &every_kind {
        for answer in &strange {
            let _ = check_answer(question, Some(answer));
            if let Err(problem) = check_answer(question, Some(answer)) {
                assert!(!problem.message(Locale::ZhCn).is_empty());
                assert!(!problem.message(Locale::En).is_empty());
            }
        }
    }
    // An unchecked config with conditions pointing forwards or at themselves:
    // the questions are hidden, and nothing loops.
    let broken = survey(json!([{ "questions": [
        { "id": "a", "type": "text", "label": "A", "show_if": { "question": "b", "answered": true } },
        { "id": "b", "type": "text", "label": "B", "show_if": { "question": "b", "answered": true } }
    ]}]));
    let given = answers(&[("a", text("x")), ("b", text("y"))]);
    assert!(!is_visible(&broken, "a", &given));
    assert!(!is_visible(&broken, "b", &given));
    assert_eq!(progress(&broken, 7), (1, 1));
}

// ---------------------------------------------------------------------------
// Config checker
// ---------------------------------------------------------------------------

fn broken_survey() -> Value {
    json!([
        { "title": "第一部分", "questions": [
            { "id": "dup", "type": "text", "label": "文本", "options": [{ "value": "a", "label": "A" }] },
            { "id": "dup", "type": "single", "label": "单选", "options": [] },
            { "id": "many", "type": "multiple", "label": "多选",
              "options": [{ "value": "a", "label": "A" }, { "value": "b", "label": "B" }, { "value": "c", "label": "C" }],
              "min_choices": 3, "max_choices": 2 },
            { "id": "itself", "type": "text", "label": "自己", "show_if": { "question": "itself", "answered": true } },
            { "id": "ahead", "type": "text", "label": "超前", "show_if": { "question": "later", "answered": true } },
            { "id": "ghost", "type": "text", "label": "幽灵", "show_if": { "question": "nobody", "answered": true } },
            { "id": "phone", "type": "mobile", "label": "手机号" },
            { "id": "code", "type": "text", "label": "邮编", "pattern": "zipcode" },
            { "id": "when", "type": "date", "label": "日期", "min_date": "2026-02-30" }
        ]},
        { "questions": [
            { "id": "later", "type": "text", "label": "后面" }
        ]}
    ])
}

const BROKEN_PATHS: [&str; 10] = [
    "sections[0].questions[0].options",
    "sections[0].questions[1].id",
    "sections[0].questions[1].options",
    "sections[0].questions[2].min_choices",
    "sections[0].questions[3].show_if.question",
    "sections[0].questions[4].show_if.question",
    "sections[0].questions[5].show_if.question",
    "sections[0].questions[6].consent",
    "sections[0].questions[7].pattern",
    "sections[0].questions[8].min_date",
];

#[test]
fn the_checker_reports_every_mistake_at_its_path() {
    let issues = check_survey(&survey(broken_survey()));
    let found: Vec<&str> = issues.iter().map(|issue| issue.path.as_str()).collect();
    assert_eq!(found, BROKEN_PATHS, "{issues:#?}");
    let issue = |index: usize| &issues[index];
    let message = |index: usize| issue(index).message(Locale::En);
    assert_eq!(message(0), "is not used by `text` questions");
    assert_eq!(
        message(1),
        "`dup` is already the id of sections[0].questions[0]"
    );
    assert!(message(2).contains("at least one option"));
    assert_eq!(message(3), "3 is more than `max_choices` (2)");
    assert_eq!(message(4), "a question cannot depend on itself");
    assert_eq!(message(5), "`later` comes later (sections[1].questions[0])");
    assert_eq!(message(6), "there is no question `nobody` in this survey");
    assert_eq!(message(7), "is required for `mobile` questions");
    assert_eq!(message(8), "`zipcode` is not a pattern name");
    assert_eq!(
        issue(8).hint(Locale::En),
        Some("expected one of `digits`, `letters_digits`, `email`, `id_card_cn`, `postcode_cn`")
    );
    assert_eq!(message(9), "`2026-02-30` is not a date");
}

#[test]
fn the_validator_reports_survey_mistakes_under_the_page() {
    let mut config: Value = serde_json::from_str(DEMO).expect("demo is JSON");
    assert_eq!(config["pages"][4]["id"], "member-survey");
    config["pages"][4]["sections"] = broken_survey();
    config["pages"][5]["reward"]["code_pool"] = json!("JD Coupons");
    let errors = parse_campaign(&config.to_string()).expect_err("broken surveys");
    let found: Vec<&str> = errors.0.iter().map(|d| d.path.as_str()).collect();
    let mut expected: Vec<String> = BROKEN_PATHS
        .iter()
        .map(|path| format!("pages[4].{path}"))
        .collect();
    expected.push("pages[5].reward.code_pool".to_owned());
    assert_eq!(found, expected, "{errors}");
    assert!(
        errors.to_string().contains(
            "pages[4].sections[0].questions[7].pattern: `zipcode` is not a pattern name (expected one of `digits`"
        ),
        "{errors}"
    );
}

#[test]
fn fields_a_question_type_does_not_use_are_reported() {
    let page = survey(json!([{ "questions": [
        { "id": "t", "type": "text", "label": "T",
          "other": "其他", "min_choices": 1, "scale": 5, "consent": "同意", "integer": true,
          "min_date": "2026-01-01" },
        { "id": "r", "type": "rating", "label": "R",
          "placeholder": "x", "pattern": "digits", "max_length": 3, "unit": "元" }
    ]}]));
    assert_eq!(
        paths(&page),
        [
            "sections[0].questions[0].other",
            "sections[0].questions[0].min_choices",
            "sections[0].questions[0].integer",
            "sections[0].questions[0].scale",
            "sections[0].questions[0].min_date",
            "sections[0].questions[0].consent",
            "sections[0].questions[1].max_length",
            "sections[0].questions[1].pattern",
            "sections[0].questions[1].unit",
            "sections[0].questions[1].placeholder",
        ]
    );
    let issues = check_survey(&page);
    assert_eq!(
        issues[0].hint(Locale::En),
        Some("only `single`, `multiple`, `dropdown` questions use it")
    );
}

#[test]
fn conditions_must_name_real_options_and_one_test() {
    let page = survey(json!([{ "questions": [
        { "id": "pick", "type": "single", "label": "选",
          "options": [{ "value": "a", "label": "A" }, { "value": "b", "label": "B" }] },
        { "id": "words", "type": "text", "label": "字" },
        { "id": "c1", "type": "text", "label": "1", "show_if": { "question": "pick", "equals": "zzz" } },
        { "id": "c2", "type": "text", "label": "2", "show_if": { "question": "pick", "any_of": ["a", "yyy"] } },
        { "id": "c3", "type": "text", "label": "3", "show_if": { "question": "words", "equals": "x" } },
        { "id": "c4", "type": "text", "label": "4", "show_if": { "question": "pick" } },
        { "id": "c5", "type": "text", "label": "5",
          "show_if": { "question": "pick", "equals": "a", "answered": true } },
        { "id": "c6", "type": "text", "label": "6", "show_if": { "question": "pick", "equals": "__other" } }
    ]}]));
    let issues = check_survey(&page);
    let found: Vec<&str> = issues.iter().map(|issue| issue.path.as_str()).collect();
    assert_eq!(
        found,
        [
            "sections[0].questions[2].show_if.equals",
            "sections[0].questions[3].show_if.any_of[1]",
            "sections[0].questions[4].show_if.equals",
            "sections[0].questions[5].show_if",
            "sections[0].questions[6].show_if",
            "sections[0].questions[7].show_if.equals",
        ],
        "{issues:#?}"
    );
    assert_eq!(issues[0].hint(Locale::En), Some("expected one of `a`, `b`"));
    assert!(issues[2].message(Locale::En).contains("`text` question"));
}

#[test]
fn options_ranges_and_rewards_are_checked() {
    let mut page = survey(json!([
        { "title": " ", "questions": [
            { "id": "Bad Id", "type": "dropdown", "label": " ",
              "options": [
                  { "value": "a", "label": "A" },
                  { "value": "a", "label": "A again" },
                  { "value": "__other", "label": "其他" },
                  { "value": "", "label": "" }
              ],
              "other": "" },
            { "id": "m", "type": "multiple", "label": "M",
              "options": [{ "value": "a", "label": "A" }], "max_choices": 2, "min_choices": 3 },
            { "id": "n", "type": "number", "label": "N", "min": 10, "max": 1 },
            { "id": "s", "type": "rating", "label": "S", "scale": 11 },
            { "id": "l", "type": "text", "label": "L", "min_length": 300 },
            { "id": "d", "type": "date", "label": "D", "min_date": "2026-12-01", "max_date": "2026-01-01" },
            { "id": "pm", "type": "text", "label": "P", "pattern_message": "只能填数字" }
        ]},
        { "questions": [] }
    ]));
    page.reward = Some(
        serde_json::from_value(json!({ "message": "", "code_pool": "JD Coupons" }))
            .expect("reward"),
    );
    page.submit_label = Some(String::new());
    assert_eq!(
        paths(&page),
        [
            "sections[0].title",
            "sections[0].questions[0].id",
            "sections[0].questions[0].label",
            "sections[0].questions[0].options[1].value",
            "sections[0].questions[0].options[2].value",
            "sections[0].questions[0].options[3].value",
            "sections[0].questions[0].options[3].label",
            "sections[0].questions[0].other",
            "sections[0].questions[1].min_choices",
            "sections[0].questions[1].max_choices",
            "sections[0].questions[2].min",
            "sections[0].questions[3].scale",
            "sections[0].questions[4].min_length",
            "sections[0].questions[5].min_date",
            "sections[0].questions[6].pattern_message",
            "sections[1].questions",
            "reward.message",
            "reward.code_pool",
            "submit_label",
        ]
    );
    let empty = survey(json!([]));
    assert_eq!(paths(&empty), ["sections"]);
    assert_eq!(progress(&empty, 0), (0, 0));
}

// ---------------------------------------------------------------------------
// The demo
// ---------------------------------------------------------------------------

#[test]
fn demo_surveys_are_valid_and_use_every_question_type() {
    let campaign = parse_campaign(DEMO).unwrap_or_else(|errors| panic!("{errors}"));
    let surveys: Vec<&SurveyPage> = campaign
        .pages
        .iter()
        .filter_map(|page| match page {
            Page::Survey(survey) => Some(survey),
            _ => None,
        })
        .collect();
    let ids: Vec<&str> = surveys.iter().map(|survey| survey.id.as_str()).collect();
    assert_eq!(ids, ["member-survey", "finance-survey"]);
    let used: BTreeSet<&str> = surveys
        .iter()
        .flat_map(|survey| survey.questions())
        .map(|question| question.kind.as_str())
        .collect();
    for kind in QuestionType::ALL {
        assert!(used.contains(kind.as_str()), "no demo question is {kind:?}");
    }
    for survey in &surveys {
        assert!(check_survey(survey).is_empty());
        assert_eq!(survey.resubmit, Resubmit::Once);
    }
    let finance = surveys[1];
    assert_eq!(
        finance
            .reward
            .as_ref()
            .and_then(|reward| reward.code_pool.as_deref()),
        Some("jd-coupons")
    );
}

#[test]
fn demo_member_survey_asks_for_the_salon_city_only_of_salon_fans() {
    let campaign = parse_campaign(DEMO).unwrap_or_else(|errors| panic!("{errors}"));
    let Some(Page::Survey(survey)) = campaign.page("member-survey") else {
        panic!("the demo has the member survey");
    };
    let mut given = answers(&[
        ("channel", single("friend")),
        ("tenure", single("over_1_year")),
        ("activities", multiple(&["lucky_draw"], None)),
        ("satisfaction", Answer::Rating(5)),
        ("recommend", Answer::Nps(9)),
    ]);
    assert!(!is_visible(survey, "salon_city", &given));
    assert_eq!(check_answers(survey, &given), []);
    given.insert(
        "activities".to_owned(),
        multiple(&["lucky_draw", "offline_salon"], None),
    );
    assert!(is_visible(survey, "salon_city", &given));
    assert_eq!(
        check_answers(survey, &given),
        [("salon_city".to_owned(), AnswerProblem::Required)]
    );
    assert_eq!(progress(survey, 2), (3, 4));

    // An answer to a question the survey does not have is never stored.
    given.insert("salon_city".to_owned(), text("深圳"));
    given.insert("injected".to_owned(), text("x".repeat(30_000).as_str()));
    assert_eq!(
        check_answers(survey, &given),
        [("injected".to_owned(), AnswerProblem::UnknownQuestion)]
    );
    assert!(
        AnswerProblem::UnknownQuestion
            .message(Locale::ZhCn)
            .contains("刷新")
    );
}

#[test]
fn a_survey_config_survives_the_trip_through_the_page_shell() {
    // The server inlines the campaign re-serialised; the page reads it back.
    let campaign = parse_campaign(DEMO).unwrap_or_else(|errors| panic!("{errors}"));
    let inlined = serde_json::to_string(&campaign).expect("serialises");
    let again = parse_campaign(&inlined).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(again, campaign);
    assert!(!inlined.contains("null"), "absent fields are left out");
}

#[test]
fn reading_errors_inside_questions_keep_their_path_and_hint() {
    let mut config: Value = serde_json::from_str(DEMO).expect("demo is JSON");
    config["pages"][4]["sections"][0]["questions"][0]["requried"] = json!(true);
    config["pages"][4]["sections"][1]["questions"][1]["scale"] = json!(300);
    config["pages"][4]["resubmit"] = json!("twice");
    config["pages"][5]["sections"][0]["questions"][0]["type"] = json!("multi");
    let errors = parse_campaign(&config.to_string()).expect_err("broken surveys");
    // The order within a page is the reader's business; the set is what counts.
    let mut found: Vec<(&str, Option<&str>)> = errors
        .0
        .iter()
        .map(|d| (d.path.as_str(), d.hint(Locale::En)))
        .collect();
    found.sort_unstable();
    assert_eq!(
        found,
        [
            (
                "pages[4].resubmit",
                Some("expected one of `once`, `allowed`")
            ),
            (
                "pages[4].sections[0].questions[0].requried",
                Some("did you mean `required`?")
            ),
            ("pages[4].sections[1].questions[1].scale", None),
            (
                "pages[5].sections[0].questions[0].type",
                Some("did you mean `multiple`?")
            ),
        ],
        "{errors}"
    );
}

#[test]
fn answers_round_trip_through_the_path_tracking_reader() {
    // Drafts and queued results are read back with `read_json`, which must
    // understand every answer shape the app writes.
    use campaign_core::read_json;
    use campaign_core::survey::{Answer, Answers};
    let mut answers = Answers::new();
    answers.insert(
        "a".into(),
        Answer::Single {
            value: "__other".into(),
            other: Some("抖音".into()),
        },
    );
    answers.insert(
        "b".into(),
        Answer::Multiple {
            values: vec!["x".into(), "y".into()],
            other: None,
        },
    );
    answers.insert("c".into(), Answer::Text("多行\n文本".into()));
    answers.insert("d".into(), Answer::Number(3000.0));
    answers.insert("e".into(), Answer::Rating(4));
    answers.insert("f".into(), Answer::Nps(0));
    answers.insert("g".into(), Answer::Date("2026-05-20".into()));
    answers.insert(
        "h".into(),
        Answer::Mobile {
            number: "13800138000".into(),
            consent: true,
        },
    );
    let text = serde_json::to_string(&answers).unwrap();
    assert_eq!(read_json::<Answers>(&text), Some(answers));
    assert_eq!(
        read_json::<Answers>(r#"{"a": {"single": {"value": 1}}}"#),
        None
    );
    assert_eq!(read_json::<Answers>(r#"{"a": {"nope": 1}}"#), None);
}

#[test]
fn the_choices_hint_says_what_the_problem_says() {
    for locale in [Locale::ZhCn, Locale::En] {
        assert_eq!(
            choices_rule(Some(2), None, locale),
            Some(AnswerProblem::TooFewChoices { min: 2 }.message(locale))
        );
        assert_eq!(
            choices_rule(None, Some(3), locale),
            Some(AnswerProblem::TooManyChoices { max: 3 }.message(locale))
        );
        assert_eq!(choices_rule(None, None, locale), None);
    }
    assert_eq!(
        choices_rule(Some(2), Some(2), Locale::ZhCn).as_deref(),
        Some("请选择 2 项")
    );
    assert_eq!(
        choices_rule(Some(1), Some(3), Locale::En).as_deref(),
        Some("Choose 1 to 3")
    );
}

/// The console's tally: numbers are averaged, unanswered ones left out.
#[test]
fn numbers_are_averaged_and_unanswered_ones_left_out() {
    let campaign = parse_campaign(DEMO).unwrap_or_else(|errors| panic!("{errors}"));
    let Some(Page::Survey(survey)) = campaign.page("finance-survey") else {
        panic!("the demo has the finance survey");
    };
    let mut tally = campaign_core::survey::SurveyTally::new(survey);
    for budget in [Some(1000.0), Some(2500.5), None] {
        let mut answers = serde_json::json!({
            "interests": { "multiple": { "values": ["fund", "gold"] } },
        });
        if let Some(budget) = budget {
            answers["monthly_budget"] = serde_json::json!({ "number": budget });
        }
        tally.add(&serde_json::json!({ "answers": answers }));
    }
    let stats = tally.finish("finance-survey");
    assert_eq!(stats.responses, 3);
    let budget = stats
        .questions
        .iter()
        .find(|question| question.id == "monthly_budget")
        .unwrap();
    assert_eq!((budget.answered, budget.average), (2, Some(1750.25)));
    let interests = stats
        .questions
        .iter()
        .find(|question| question.id == "interests")
        .unwrap();
    assert_eq!(interests.answered, 3);
    let fund = interests
        .choices
        .iter()
        .find(|c| c.value == "fund")
        .unwrap();
    assert_eq!(fund.count, 3);
    assert_eq!(interests.average, None);
}
