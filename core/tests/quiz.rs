//! The quiz page kind: totals and dimensions pick the right tier (boundaries and
//! ties included), incomplete answers are problems rather than panics, and the
//! checker finds every gap and overlap between tiers with its exact numbers.

use campaign_core::config::{Locale, Page, QuizPage};
use campaign_core::parse_campaign;
use campaign_core::quiz::{QuizAnswers, QuizProblem, QuizScoring, check_quiz, score};
use serde_json::{Value, json};

fn quiz(fields: Value) -> QuizPage {
    let mut page = json!({ "id": "test-quiz", "title": "测试测验" });
    if let (Some(page), Some(fields)) = (page.as_object_mut(), fields.as_object()) {
        page.extend(fields.clone());
    }
    serde_json::from_value(page).expect("test quiz has the right shape")
}

fn answers(pairs: &[(&str, &str)]) -> QuizAnswers {
    pairs
        .iter()
        .map(|(question, value)| ((*question).to_owned(), (*value).to_owned()))
        .collect()
}

fn paths(page: &QuizPage) -> Vec<String> {
    check_quiz(page)
        .into_iter()
        .map(|issue| issue.path)
        .collect()
}

/// Two questions scoring {0, 1, 2} and {0, 2, 4}: totals 0 to 6, all reachable.
fn scored_questions() -> Value {
    json!([
        { "id": "q1", "label": "第一题", "options": [
            { "value": "a", "label": "A", "score": 0 },
            { "value": "b", "label": "B", "score": 1 },
            { "value": "c", "label": "C", "score": 2 }
        ]},
        { "id": "q2", "label": "第二题", "options": [
            { "value": "a", "label": "A", "score": 0 },
            { "value": "b", "label": "B", "score": 2 },
            { "value": "c", "label": "C", "score": 4 }
        ]}
    ])
}

fn total_quiz(tiers: Value) -> QuizPage {
    quiz(json!({ "questions": scored_questions(), "tiers": tiers }))
}

fn tier(id: &str, min: Option<i32>, max: Option<i32>) -> Value {
    let mut tier = json!({ "id": id, "title": id });
    if let Some(min) = min {
        tier["min"] = json!(min);
    }
    if let Some(max) = max {
        tier["max"] = json!(max);
    }
    tier
}

fn good_total_quiz() -> QuizPage {
    total_quiz(json!([
        tier("low", Some(0), Some(2)),
        tier("mid", Some(3), Some(4)),
        tier("high", Some(5), None),
    ]))
}

fn dimension_quiz() -> QuizPage {
    quiz(json!({
        "scoring": "dimensions",
        "questions": [
            { "id": "date", "label": "第一次约会去哪里？", "options": [
                { "value": "concert", "label": "音乐会", "scores": { "romantic": 2 } },
                { "value": "hotpot", "label": "火锅", "scores": { "practical": 2 } },
                { "value": "hiking", "label": "徒步", "scores": { "adventurous": 2 } }
            ]},
            { "id": "gift", "label": "最想收到什么礼物？", "options": [
                { "value": "letter", "label": "情书", "scores": { "romantic": 2 } },
                { "value": "kettle", "label": "电水壶", "scores": { "practical": 2 } },
                { "value": "ticket", "label": "机票", "scores": { "adventurous": 1, "romantic": 1 } },
                { "value": "nothing", "label": "都行", "scores": { "romantic": 0 } }
            ]}
        ],
        "tiers": [
            { "id": "dreamer", "title": "浪漫主义恋人", "dimension": "romantic" },
            { "id": "anchor", "title": "踏实靠谱型", "dimension": "practical" },
            { "id": "explorer", "title": "冒险家", "dimension": "adventurous" }
        ]
    }))
}

// ---------------------------------------------------------------------------
// Total scoring
// ---------------------------------------------------------------------------

#[test]
fn totals_add_up_the_chosen_scores() {
    let page = good_total_quiz();
    assert!(check_quiz(&page).is_empty(), "{:#?}", check_quiz(&page));
    let outcome = score(&page, &answers(&[("q1", "b"), ("q2", "c")])).expect("complete");
    assert_eq!(outcome.score, 5);
    assert_eq!(outcome.tier.id, "high");
    assert!(outcome.dimensions.is_empty());
}

#[test]
fn tier_ranges_include_both_ends() {
    let page = good_total_quiz();
    let tier_of = |q1: &str, q2: &str| {
        let outcome = score(&page, &answers(&[("q1", q1), ("q2", q2)])).expect("complete");
        (outcome.score, outcome.tier.id.clone())
    };
    assert_eq!(
        tier_of("a", "a"),
        (0, "low".to_owned()),
        "min of the lowest tier"
    );
    assert_eq!(tier_of("c", "a"), (2, "low".to_owned()), "max of a tier");
    assert_eq!(tier_of("b", "b"), (3, "mid".to_owned()), "min of the next");
    assert_eq!(tier_of("a", "c"), (4, "mid".to_owned()), "max of the next");
    assert_eq!(tier_of("b", "c"), (5, "high".to_owned()));
    assert_eq!(
        tier_of("c", "c"),
        (6, "high".to_owned()),
        "open upper bound"
    );
}

#[test]
fn negative_scores_and_open_lower_bounds_work() {
    let page = quiz(json!({
        "questions": [{ "id": "q", "label": "Q", "options": [
            { "value": "bad", "label": "Bad", "score": -3 },
            { "value": "good", "label": "Good", "score": 3 }
        ]}],
        "tiers": [tier("down", None, Some(-1)), tier("up", Some(0), None)]
    }));
    assert!(check_quiz(&page).is_empty(), "{:#?}", check_quiz(&page));
    let outcome = score(&page, &answers(&[("q", "bad")])).expect("complete");
    assert_eq!((outcome.score, outcome.tier.id.as_str()), (-3, "down"));
}

// ---------------------------------------------------------------------------
// Dimension scoring
// ---------------------------------------------------------------------------

#[test]
fn the_dimension_with_most_points_wins() {
    let page = dimension_quiz();
    assert!(check_quiz(&page).is_empty(), "{:#?}", check_quiz(&page));
    assert_eq!(page.scoring, QuizScoring::Dimensions);
    let outcome = score(&page, &answers(&[("date", "hiking"), ("gift", "ticket")])).expect("ok");
    assert_eq!(outcome.tier.id, "explorer");
    assert_eq!(outcome.score, 3);
    assert_eq!(
        outcome.dimensions,
        [("romantic", 1), ("practical", 0), ("adventurous", 3)],
        "every tier's dimension, in tier order"
    );
}

#[test]
fn a_tie_goes_to_the_tier_listed_first() {
    let page = dimension_quiz();
    // hotpot (practical 2) + letter (romantic 2): a tie at 2.
    let tied = answers(&[("date", "hotpot"), ("gift", "letter")]);
    let outcome = score(&page, &tied).expect("ok");
    assert_eq!(
        outcome.tier.id, "dreamer",
        "romantic's tier is listed first"
    );
    assert_eq!(outcome.score, 2);
    assert_eq!(
        outcome.dimensions,
        [("romantic", 2), ("practical", 2), ("adventurous", 0)]
    );

    let mut reordered = page.clone();
    reordered.tiers.reverse(); // explorer, anchor, dreamer
    let outcome = score(&reordered, &tied).expect("ok");
    assert_eq!(
        outcome.tier.id, "anchor",
        "now practical's tier comes first"
    );
    // A clear winner does not depend on the order.
    let clear = answers(&[("date", "concert"), ("gift", "ticket")]);
    assert_eq!(score(&reordered, &clear).expect("ok").tier.id, "dreamer");
}

#[test]
fn ties_follow_tier_order_not_the_alphabet_even_at_zero() {
    let page = quiz(json!({
        "scoring": "dimensions",
        "questions": [{ "id": "q", "label": "Q", "options": [
            { "value": "both", "label": "Both", "scores": { "b": 2, "a": 2 } },
            { "value": "none", "label": "None", "scores": { "a": 0 } }
        ]}],
        "tiers": [
            { "id": "tier-b", "title": "B", "dimension": "b" },
            { "id": "tier-a", "title": "A", "dimension": "a" }
        ]
    }));
    assert!(check_quiz(&page).is_empty(), "{:#?}", check_quiz(&page));
    let tie = score(&page, &answers(&[("q", "both")])).expect("ok");
    assert_eq!((tie.tier.id.as_str(), tie.score), ("tier-b", 2));
    let zero = score(&page, &answers(&[("q", "none")])).expect("ok");
    assert_eq!((zero.tier.id.as_str(), zero.score), ("tier-b", 0));
}

// ---------------------------------------------------------------------------
// Problems with answers
// ---------------------------------------------------------------------------

#[test]
fn missing_and_unknown_answers_are_problems_not_panics() {
    let page = good_total_quiz();
    assert_eq!(
        score(&page, &answers(&[])).err(),
        Some(QuizProblem::Unanswered {
            question: "q1".into()
        })
    );
    assert_eq!(
        score(&page, &answers(&[("q1", "a")])).err(),
        Some(QuizProblem::Unanswered {
            question: "q2".into()
        }),
        "the first unanswered question in quiz order"
    );
    assert_eq!(
        score(&page, &answers(&[("q1", "a"), ("q2", "z")])).err(),
        Some(QuizProblem::UnknownOption {
            question: "q2".into(),
            value: "z".into()
        })
    );
    assert_eq!(
        score(&page, &answers(&[("q1", "a"), ("q2", "a"), ("q9", "a")])).err(),
        Some(QuizProblem::UnknownQuestion {
            question: "q9".into()
        })
    );
    let problem = QuizProblem::Unanswered {
        question: "q1".into(),
    };
    assert_eq!(problem.message(Locale::ZhCn), "请先回答完所有题目");
    assert_eq!(problem.message(Locale::En), "Answer every question first");
}

#[test]
fn an_unchecked_config_with_a_gap_gives_no_tier_rather_than_a_panic() {
    let page = total_quiz(json!([tier("low", Some(0), Some(1))]));
    assert_eq!(
        score(&page, &answers(&[("q1", "c"), ("q2", "c")])).err(),
        Some(QuizProblem::NoTier)
    );
    let empty = quiz(json!({ "questions": [], "tiers": [] }));
    assert_eq!(
        score(&empty, &answers(&[])).err(),
        Some(QuizProblem::NoTier)
    );
    let no_tiers = quiz(json!({ "scoring": "dimensions", "questions": [], "tiers": [] }));
    assert_eq!(
        score(&no_tiers, &answers(&[])).err(),
        Some(QuizProblem::NoTier)
    );
}

// ---------------------------------------------------------------------------
// Config checker
// ---------------------------------------------------------------------------

#[test]
fn gaps_and_overlaps_are_reported_with_their_totals() {
    let page = total_quiz(json!([
        tier("low", Some(0), Some(1)),
        tier("mid", Some(3), Some(5)),
        tier("high", Some(5), Some(6)),
    ]));
    let issues = check_quiz(&page);
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|issue| (issue.path.as_str(), issue.message(Locale::En)))
        .collect();
    assert_eq!(
        found,
        [
            ("tiers", "no tier covers a total of 2"),
            ("tiers[2]", "covers a total of 5, as tiers[1] does"),
        ],
        "{issues:#?}"
    );
    assert_eq!(
        issues[0].hint(Locale::En),
        Some(
            "this quiz's totals run from 0 to 6; every total needs a tier whose `min` to `max` (both included) holds it"
        )
    );
}

#[test]
fn a_run_of_uncovered_totals_is_one_issue() {
    let page = total_quiz(json!([
        tier("none", None, Some(0)),
        tier("all", Some(6), None)
    ]));
    let messages: Vec<String> = check_quiz(&page)
        .into_iter()
        .map(|i| i.message(Locale::En).to_owned())
        .collect();
    assert_eq!(messages, ["no tier covers the totals 1 to 5"]);

    let nested = total_quiz(json!([
        tier("all", None, None),
        tier("mid", Some(2), Some(3))
    ]));
    let messages: Vec<String> = check_quiz(&nested)
        .into_iter()
        .map(|i| i.message(Locale::En).to_owned())
        .collect();
    assert_eq!(messages, ["covers the totals 2 to 3, as tiers[0] does"]);
}

#[test]
fn only_reachable_totals_need_a_tier() {
    // Scores 0 or 5 on two questions: the totals are 0, 5 and 10 only.
    let questions = json!([
        { "id": "q1", "label": "Q1", "options": [
            { "value": "no", "label": "No", "score": 0 },
            { "value": "yes", "label": "Yes", "score": 5 }
        ]},
        { "id": "q2", "label": "Q2", "options": [
            { "value": "no", "label": "No", "score": 0 },
            { "value": "yes", "label": "Yes", "score": 5 }
        ]}
    ]);
    let spaced = quiz(json!({ "questions": questions, "tiers": [
        tier("low", Some(0), Some(0)),
        tier("mid", Some(4), Some(6)),
        tier("high", Some(9), Some(12)),
    ]}));
    assert!(check_quiz(&spaced).is_empty(), "{:#?}", check_quiz(&spaced));

    let broken = quiz(json!({ "questions": questions, "tiers": [
        tier("low", Some(0), Some(4)),
        tier("high", Some(6), Some(10)),
        tier("beyond", Some(11), Some(20)),
        tier("upside-down", Some(3), Some(1)),
    ]}));
    let issues = check_quiz(&broken);
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|issue| (issue.path.as_str(), issue.message(Locale::En)))
        .collect();
    assert_eq!(
        found,
        [
            ("tiers[3].min", "3 is more than `max` (1)"),
            ("tiers", "no tier covers a total of 5"),
            ("tiers[2]", "no answers reach this tier"),
        ],
        "{issues:#?}"
    );
    assert_eq!(
        issues[2].hint(Locale::En),
        Some("this quiz's totals run from 0 to 10: move its `min` and `max` into that range")
    );
}

#[test]
fn each_option_needs_the_score_its_scoring_uses() {
    let total = quiz(json!({
        "questions": [{ "id": "q", "label": "Q", "options": [
            { "value": "a", "label": "A" },
            { "value": "b", "label": "B", "score": 1, "scores": { "x": 1 } },
            { "value": "c", "label": "C", "score": 101 }
        ]}],
        "tiers": [{ "id": "t", "title": "T", "dimension": "x" }]
    }));
    assert_eq!(
        paths(&total),
        [
            "questions[0].options[0].score",
            "questions[0].options[1].scores",
            "questions[0].options[2].score",
            "tiers[0].dimension",
        ]
    );
    let issues = check_quiz(&total);
    assert_eq!(
        issues[0].message(Locale::En),
        "is required for `total` scoring"
    );
    assert_eq!(issues[2].message(Locale::En), "101 is outside -100 to 100");

    let dimensions = quiz(json!({
        "scoring": "dimensions",
        "questions": [{ "id": "q", "label": "Q", "options": [
            { "value": "a", "label": "A", "score": 1, "scores": { "x": 1 } },
            { "value": "b", "label": "B" },
            { "value": "c", "label": "C", "scores": { "y": 1, "Bad Name": 1 } }
        ]}],
        "tiers": [
            { "id": "tx", "title": "X", "dimension": "x", "min": 0 },
            { "id": "tz", "title": "Z" },
            { "id": "tx2", "title": "X again", "dimension": "x" },
            { "id": "tw", "title": "W", "dimension": "w" }
        ]
    }));
    let issues = check_quiz(&dimensions);
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|issue| (issue.path.as_str(), issue.message(Locale::En)))
        .collect();
    assert_eq!(
        found,
        [
            (
                "questions[0].options[0].score",
                "is not used by `dimensions` scoring"
            ),
            (
                "questions[0].options[1].scores",
                "must give points to at least one dimension for `dimensions` scoring"
            ),
            (
                "questions[0].options[2].scores",
                "`Bad Name` is not a valid dimension name"
            ),
            (
                "questions[0].options[2].scores.y",
                "no tier has `\"dimension\": \"y\"`"
            ),
            ("tiers[0].min", "is not used by `dimensions` scoring"),
            ("tiers[1].dimension", "is required for `dimensions` scoring"),
            (
                "tiers[2].dimension",
                "`x` is already the dimension of tiers[0]"
            ),
            ("tiers[3].dimension", "no option gives points to `w`"),
        ],
        "{issues:#?}"
    );
}

#[test]
fn options_shaped_for_the_other_scoring_are_one_issue() {
    let mut forgot_scoring = dimension_quiz();
    forgot_scoring.scoring = QuizScoring::Total;
    let issues = check_quiz(&forgot_scoring);
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(issues[0].path, "scoring");
    assert_eq!(
        issues[0].message(Locale::En),
        "is `total` (the default), but the options give points per dimension in `scores`"
    );

    let mut needless_dimensions = good_total_quiz();
    needless_dimensions.scoring = QuizScoring::Dimensions;
    assert_eq!(paths(&needless_dimensions), ["scoring"]);
}

#[test]
fn ids_values_and_texts_are_checked() {
    let page = quiz(json!({
        "questions": [
            { "id": "Q 1", "label": " ", "options": [
                { "value": "a", "label": "A", "score": 0 },
                { "value": "a", "label": "", "score": 1 }
            ]},
            { "id": "q2", "label": "Q2", "options": [{ "value": "only", "label": "Only", "score": 0 }] },
            { "id": "q2", "label": "Q3", "options": [
                { "value": " ", "label": "Blank", "score": 0 },
                { "value": "b", "label": "B", "score": 0 }
            ]}
        ],
        "tiers": [
            { "id": "all", "title": "All", "description": " ", "image": "ftp://x" },
            { "id": "all", "title": "", "min": 100 }
        ],
        "share_text": ""
    }));
    assert_eq!(
        paths(&page),
        [
            "questions[0].id",
            "questions[0].label",
            "questions[0].options[1].value",
            "questions[0].options[1].label",
            "questions[1].options",
            "questions[2].id",
            "questions[2].options[0].value",
            "tiers[0].description",
            "tiers[0].image",
            "tiers[1].id",
            "tiers[1].title",
            "tiers[1]",
            "share_text",
        ],
        "{:#?}",
        check_quiz(&page)
    );
    assert_eq!(
        paths(&quiz(json!({ "questions": [], "tiers": [] }))),
        ["questions", "tiers"]
    );
}

// ---------------------------------------------------------------------------
// Through the campaign validator
// ---------------------------------------------------------------------------

fn campaign(pages: Value) -> String {
    json!({
        "schema": 1,
        "id": "quiz-test",
        "title": "测验测试",
        "pages": pages,
    })
    .to_string()
}

fn quiz_page() -> Value {
    json!({
        "id": "quiz-520",
        "kind": "quiz",
        "title": "520 测一测：你是哪种恋爱人格？",
        "scoring": "dimensions",
        "questions": [
            { "id": "date", "label": "第一次约会，你更想去哪里？", "options": [
                { "value": "concert", "label": "听一场音乐会", "scores": { "romantic": 2 } },
                { "value": "hotpot", "label": "吃一顿火锅", "scores": { "practical": 2 } },
                { "value": "hiking", "label": "去郊外徒步", "scores": { "adventurous": 2 } }
            ]},
            { "id": "gift", "label": "收到什么礼物最开心？", "options": [
                { "value": "letter", "label": "手写情书", "scores": { "romantic": 2 } },
                { "value": "kettle", "label": "实用的小家电", "scores": { "practical": 2 } },
                { "value": "ticket", "label": "一张说走就走的机票", "scores": { "adventurous": 1, "romantic": 1 } }
            ]}
        ],
        "tiers": [
            { "id": "dreamer", "title": "浪漫主义恋人", "dimension": "romantic",
              "description": "你相信仪式感，也愿意为爱人制造惊喜。", "image": "/images/quiz/dreamer.png" },
            { "id": "anchor", "title": "踏实靠谱型", "dimension": "practical" },
            { "id": "explorer", "title": "冒险家", "dimension": "adventurous" }
        ],
        "unlocks_draw": "draw-520",
        "share_text": "测测你是哪种恋爱人格"
    })
}

fn lottery_page() -> Value {
    json!({
        "id": "draw-520",
        "kind": "lottery",
        "title": "520 视频会员大抽奖",
        "prizes": [
            { "id": "tencent-vip", "name": "腾讯视频 VIP 月卡", "weight": 1, "inventory": 100,
              "claim": "添加客服微信 cmb520 并发送兑奖码领取" },
            { "id": "thanks", "name": "谢谢参与", "weight": 99, "blank": true }
        ],
        "limits": { "per_day": 1 }
    })
}

#[test]
fn a_valid_quiz_reads_and_survives_a_round_trip() {
    let config = campaign(json!([quiz_page(), lottery_page()]));
    let parsed = parse_campaign(&config).unwrap_or_else(|errors| panic!("{errors}"));
    let Some(Page::Quiz(quiz)) = parsed.page("quiz-520") else {
        panic!("the quiz page is read as a quiz");
    };
    assert_eq!(quiz.unlocks_draw.as_deref(), Some("draw-520"));
    let outcome = score(quiz, &answers(&[("date", "hiking"), ("gift", "ticket")])).expect("ok");
    assert_eq!(outcome.tier.id, "explorer");
    let inlined = serde_json::to_string(&parsed).expect("serialises");
    assert!(!inlined.contains("null"), "absent fields are left out");
    assert_eq!(parse_campaign(&inlined), Ok(parsed));
}

#[test]
fn the_validator_reports_quiz_mistakes_at_their_paths() {
    let mut quiz = quiz_page();
    quiz["questions"][0]["options"][1]["socre"] = json!(1);
    quiz["questions"][1]["options"][2]["scores"]["romantc"] = json!(1);
    quiz["scoring"] = json!("dimension");
    let errors = parse_campaign(&campaign(json!([lottery_page(), quiz]))).expect_err("broken");
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
                "pages[1].questions[0].options[1].socre",
                Some("did you mean `score`?")
            ),
            ("pages[1].scoring", Some("did you mean `dimensions`?")),
            (
                "pages[1].scoring",
                Some("set `\"scoring\": \"dimensions\"`, or give each option a `score`")
            ),
        ],
        "{errors}"
    );

    // With the reading errors fixed, the checker's findings appear.
    let mut quiz = quiz_page();
    quiz["questions"][1]["options"][2]["scores"]["romantc"] = json!(1);
    let errors = parse_campaign(&campaign(json!([lottery_page(), quiz]))).expect_err("broken");
    assert_eq!(
        errors.to_string(),
        "the campaign config has 1 problem:\n  pages[1].questions[1].options[2].scores.romantc: no tier has `\"dimension\": \"romantc\"` (add a tier for this dimension, or fix its spelling)\n"
    );
}

#[test]
fn unlocks_draw_must_name_a_lottery_page_of_the_campaign() {
    let mut to_nowhere = quiz_page();
    to_nowhere["unlocks_draw"] = json!("draw-521");
    let errors = parse_campaign(&campaign(json!([lottery_page(), to_nowhere]))).expect_err("x");
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert_eq!(errors.0[0].path, "pages[1].unlocks_draw");
    assert_eq!(
        errors.0[0].message(Locale::En),
        "there is no page `draw-521` in this campaign"
    );
    assert_eq!(
        errors.0[0].hint(Locale::En),
        Some("use the id of a `lottery` page: `draw-520`")
    );

    let mut to_itself = quiz_page();
    to_itself["unlocks_draw"] = json!("quiz-520");
    let errors = parse_campaign(&campaign(json!([to_itself]))).expect_err("x");
    assert_eq!(
        errors.to_string(),
        "the campaign config has 1 problem:\n  pages[0].unlocks_draw: `quiz-520` is a `quiz` page, not a `lottery` page (add a `lottery` page and use its id, or remove `unlocks_draw`)\n"
    );

    // A lottery page with its own mistakes is reported once, not also as missing.
    let mut broken_lottery = lottery_page();
    broken_lottery["prizes"] = json!("none");
    let errors = parse_campaign(&campaign(json!([quiz_page(), broken_lottery]))).expect_err("x");
    let found: Vec<&str> = errors.0.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(found, ["pages[1].prizes"], "{errors}");
}

#[test]
fn every_result_poster_fits_and_passes_the_poster_checks() {
    let campaign = campaign_core::parse_campaign(include_str!("../../static/campaigns/demo.json"))
        .unwrap_or_else(|errors| panic!("{errors}"));
    let Some(campaign_core::Page::Quiz(quiz)) = campaign.page("quiz-520") else {
        panic!("the demo has a quiz");
    };
    for tier in &quiz.tiers {
        for locale in [campaign_core::Locale::ZhCn, campaign_core::Locale::En] {
            let poster = campaign_core::quiz::result_poster(tier, &campaign.theme, locale);
            let issues = campaign_core::poster::check_poster(
                &poster,
                "poster",
                &campaign_core::quiz::RESULT_POSTER_PLACEHOLDERS,
            );
            assert!(issues.is_empty(), "{}: {issues:?}", tier.id);
        }
    }
}
