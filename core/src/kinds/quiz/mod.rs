//! The quiz page kind: single-choice questions whose options carry scores, and
//! result tiers picked by the score.
//!
//! Two ways of scoring, chosen by the page's `scoring`:
//! - `total`: every option has a `score`; the answers' scores are added up and
//!   the tier whose `min`..=`max` range holds the total is the result.
//! - `dimensions`: options give points to named dimensions (`"romantic": 2`);
//!   each tier stands for one dimension, and the tier of the dimension with the
//!   most points is the result. Ties go to the tier listed first, so the order of
//!   `tiers` is the marketer's tie-break.
//!
//! The app scores answers to show the result; the server scores them again before
//! it grants the draw a finished quiz unlocks, so both use [`score`]. The checker
//! ([`check_quiz`]) proves before publishing that every reachable total has
//! exactly one tier, so [`score`] only fails on incomplete or stale answers.
//! Nothing here may panic on any input: in the browser a panic is a blank page.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::diagnostics::issue::{PageIssue, not_blank, plural};
use crate::kinds::page_kind;
use crate::kinds::poster::{Palette, PosterTemplate};
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::limits::MAX_OPTION_VALUE_CHARS;
use crate::primitives::{Locale, Url};

/// Most questions a quiz may have: a phone quiz longer than this loses people.
pub const MAX_QUESTIONS: usize = 50;
/// Most options a question may have.
pub const MAX_OPTIONS: usize = 12;
/// Largest score (and smallest, negated) an option may give: keeps totals small
/// enough that the checker can list every reachable one.
pub const MAX_SCORE: i32 = 100;

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

page_kind!(
    /// A personality or knowledge quiz: one question per screen, then a result
    /// tier and a share poster. Its rules live in [`crate::quiz`].
    QuizPage {
        /// The questions, one per screen in this order; 1 to 50.
        questions: Vec<QuizQuestion>,
        /// How answers become a result: `total` (default) adds up each option's
        /// `score` and picks the tier whose `min` to `max` holds the total;
        /// `dimensions` adds up each option's `scores` per dimension and picks the
        /// tier of the dimension with the most points (on a tie, the tier listed
        /// first).
        #[serde(default)]
        scoring: QuizScoring,
        /// The possible results. `total` scoring: every total the answers can
        /// reach must fall in exactly one tier. `dimensions` scoring: one tier per
        /// dimension.
        tiers: Vec<ResultTier>,
        /// Id of a `lottery` page of this campaign: finishing the quiz earns one
        /// bonus draw there (once per visitor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unlocks_draw: Option<String>,
        /// A line on the share poster under the result, e.g. `测测你是哪种恋爱人格`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        share_text: Option<String>,
    }
);

/// One question, shown on a screen of its own; the visitor picks one option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuizQuestion {
    /// Stable identifier, the key of the answer in every result: 1 to 64
    /// lowercase letters, digits, `-` or `_`, unique within the quiz.
    pub id: String,
    /// The question as shown, e.g. `约会迟到了半小时，你会？`.
    pub label: String,
    /// The choices, 2 to 12, in the order shown.
    pub options: Vec<QuizOption>,
}

/// One choice of a quiz question and what it scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuizOption {
    /// What results store: 1 to 64 characters, unique within the question. Keep
    /// it stable when relabelling so results stay comparable.
    pub value: String,
    /// What the visitor sees.
    pub label: String,
    /// `total` scoring, required there: points this choice adds to the total,
    /// -100 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<i32>,
    /// `dimensions` scoring, required there: points this choice gives to named
    /// dimensions, -100 to 100 each, e.g. `{ "romantic": 2, "practical": 1 }`.
    /// Every dimension named needs a tier with that `dimension`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scores: BTreeMap<String, i32>,
}

/// How answers become a result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuizScoring {
    /// Add up the chosen options' `score`; the result is the tier whose `min` to
    /// `max` holds the total.
    #[default]
    Total,
    /// Add up the chosen options' `scores` per dimension; the result is the tier
    /// of the dimension with the most points. On a tie, the tier listed first wins.
    Dimensions,
}

impl QuizScoring {
    /// The name used in configs.
    pub fn as_str(self) -> &'static str {
        match self {
            QuizScoring::Total => "total",
            QuizScoring::Dimensions => "dimensions",
        }
    }
}

/// One possible result of the quiz, shown on the result screen and the share
/// poster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultTier {
    /// Stable identifier, stored with every result: 1 to 64 lowercase letters,
    /// digits, `-` or `_`, unique within the quiz.
    pub id: String,
    /// The result's name, e.g. `浪漫主义恋人`.
    pub title: String,
    /// A few sentences about the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A picture for the result screen and the share poster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Url>,
    /// `total` scoring: lowest total of this tier, included; no lower bound when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i32>,
    /// `total` scoring: highest total of this tier, included; no upper bound
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i32>,
    /// `dimensions` scoring, required there: the dimension this tier stands for,
    /// as named in the options' `scores`; one tier per dimension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
}

impl ResultTier {
    /// Whether a total falls in this tier's `min`..=`max` (open where absent).
    pub fn contains(&self, total: i32) -> bool {
        self.min.is_none_or(|min| min <= total) && self.max.is_none_or(|max| total <= max)
    }
}

impl QuizPage {
    pub fn question(&self, id: &str) -> Option<&QuizQuestion> {
        self.questions.iter().find(|question| question.id == id)
    }

    pub fn tier(&self, id: &str) -> Option<&ResultTier> {
        self.tiers.iter().find(|tier| tier.id == id)
    }
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/// A visitor's answers: question id to the chosen option's `value`.
pub type QuizAnswers = BTreeMap<String, String>;

/// The result of a finished quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizOutcome<'a> {
    /// The result tier.
    pub tier: &'a ResultTier,
    /// `total` scoring: the total. `dimensions` scoring: the winning dimension's
    /// points.
    pub score: i32,
    /// `dimensions` scoring: each tier's dimension with its points, in tier
    /// order (for a chart of the visitor's profile). Empty for `total` scoring.
    pub dimensions: Vec<(&'a str, i32)>,
}

/// Why answers cannot be scored. [`QuizProblem::message`] words it for the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizProblem {
    /// A question has no answer (the first such, in quiz order).
    Unanswered { question: String },
    /// An answer names a question the quiz does not have: the quiz changed since
    /// the answers were given, or the client was tampered with.
    UnknownQuestion { question: String },
    /// An answer is not one of its question's options.
    UnknownOption { question: String, value: String },
    /// No tier matches. Never happens with a config [`check_quiz`] accepts.
    NoTier,
}

impl QuizProblem {
    /// A short sentence for the visitor.
    pub fn message(&self, locale: Locale) -> &'static str {
        let zh = locale == Locale::ZhCn;
        match self {
            QuizProblem::Unanswered { .. } if zh => "请先回答完所有题目",
            QuizProblem::Unanswered { .. } => "Answer every question first",
            QuizProblem::UnknownQuestion { .. } | QuizProblem::UnknownOption { .. } if zh => {
                "题目已更新，请重新作答"
            }
            QuizProblem::UnknownQuestion { .. } | QuizProblem::UnknownOption { .. } => {
                "The quiz has changed: please answer again"
            }
            QuizProblem::NoTier if zh => "暂时无法计算结果，请稍后再试",
            QuizProblem::NoTier => "Your result cannot be worked out right now",
        }
    }
}

/// Scores a finished quiz: every question answered with one of its options, and
/// no answers to questions the quiz does not have.
pub fn score<'a>(
    page: &'a QuizPage,
    answers: &QuizAnswers,
) -> Result<QuizOutcome<'a>, QuizProblem> {
    let mut chosen: Vec<&QuizOption> = Vec::with_capacity(page.questions.len());
    for question in &page.questions {
        let Some(value) = answers.get(&question.id) else {
            return Err(QuizProblem::Unanswered {
                question: question.id.clone(),
            });
        };
        let Some(option) = question
            .options
            .iter()
            .find(|option| option.value == *value)
        else {
            return Err(QuizProblem::UnknownOption {
                question: question.id.clone(),
                value: value.clone(),
            });
        };
        chosen.push(option);
    }
    if let Some(stray) = answers.keys().find(|id| page.question(id).is_none()) {
        return Err(QuizProblem::UnknownQuestion {
            question: stray.clone(),
        });
    }
    match page.scoring {
        QuizScoring::Total => {
            let total = chosen.iter().fold(0i32, |total, option| {
                total.saturating_add(option.score.unwrap_or(0))
            });
            let tier = page
                .tiers
                .iter()
                .find(|tier| tier.contains(total))
                .ok_or(QuizProblem::NoTier)?;
            Ok(QuizOutcome {
                tier,
                score: total,
                dimensions: Vec::new(),
            })
        }
        QuizScoring::Dimensions => {
            let dimensions: Vec<(&ResultTier, &str, i32)> = page
                .tiers
                .iter()
                .filter_map(|tier| {
                    let dimension = tier.dimension.as_deref()?;
                    let points = chosen.iter().fold(0i32, |sum, option| {
                        sum.saturating_add(option.scores.get(dimension).copied().unwrap_or(0))
                    });
                    Some((tier, dimension, points))
                })
                .collect();
            // The first of the highest: `max_by_key` would keep the last.
            let mut best: Option<(&ResultTier, i32)> = None;
            for (tier, _, points) in &dimensions {
                if best.is_none_or(|(_, most)| *points > most) {
                    best = Some((tier, *points));
                }
            }
            let (tier, points) = best.ok_or(QuizProblem::NoTier)?;
            Ok(QuizOutcome {
                tier,
                score: points,
                dimensions: dimensions
                    .into_iter()
                    .map(|(_, dimension, points)| (dimension, points))
                    .collect(),
            })
        }
    }
}

// ---------------------------------------------------------------------------
// Config checker
// ---------------------------------------------------------------------------

/// Every rule of a quiz config the types cannot express, each problem reported
/// (in document order) rather than only the first. Paths are relative to the
/// page, e.g. `questions[2].options[0].score`.
pub fn check_quiz(page: &QuizPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    // `None` when the options plainly use the other scoring: one issue then says
    // so, instead of one per option and tier.
    let scoring = consistent_scoring(page, &mut issues);
    if page.questions.is_empty() {
        issues.push(
            PageIssue::new("questions", "must list at least one question")
                .hint("a question is `{ \"id\": \"q1\", \"label\": \"...\", \"options\": [...] }`"),
        );
    } else if page.questions.len() > MAX_QUESTIONS {
        issues.push(PageIssue::new(
            "questions",
            format!(
                "lists {} questions; a quiz may have at most {MAX_QUESTIONS}",
                page.questions.len()
            ),
        ));
    }
    // Dimensions the tiers stand for, to check the options' `scores` against.
    let tier_dimensions: Vec<&str> = page
        .tiers
        .iter()
        .filter_map(|tier| tier.dimension.as_deref())
        .collect();
    let mut unmatched_dimensions: Vec<&str> = Vec::new();
    for (index, question) in page.questions.iter().enumerate() {
        let at = format!("questions[{index}]");
        if !is_name(&question.id, MAX_ID_CHARS) {
            issues.push(
                PageIssue::new(
                    format!("{at}.id"),
                    format!("`{}` is not a valid id", question.id),
                )
                .hint("use 1 to 64 lowercase letters, digits, `-` or `_`, starting with a letter or digit"),
            );
        } else if let Some(first) = page.questions[..index]
            .iter()
            .position(|earlier| earlier.id == question.id)
        {
            issues.push(
                PageIssue::new(
                    format!("{at}.id"),
                    format!("`{}` is already the id of questions[{first}]", question.id),
                )
                .hint("question ids must be unique: answers are stored by id"),
            );
        }
        if question.label.trim().is_empty() {
            issues.push(PageIssue::new(format!("{at}.label"), "must not be empty"));
        }
        let count = question.options.len();
        if !(2..=MAX_OPTIONS).contains(&count) {
            issues.push(
                PageIssue::new(
                    format!("{at}.options"),
                    format!(
                        "lists {count} option{}; a question needs 2 to {MAX_OPTIONS}",
                        plural(count)
                    ),
                )
                .hint("an option is `{ \"value\": \"a\", \"label\": \"...\", \"score\": 1 }`"),
            );
        }
        for (position, option) in question.options.iter().enumerate() {
            let here = format!("{at}.options[{position}]");
            check_option(question, position, &here, &mut issues);
            match scoring {
                None => {}
                Some(QuizScoring::Total) => {
                    match option.score {
                        None => issues.push(
                            PageIssue::new(
                                format!("{here}.score"),
                                "is required for `total` scoring",
                            )
                            .hint("give every option the points it adds, e.g. `\"score\": 2`"),
                        ),
                        Some(score) => check_score(score, &format!("{here}.score"), &mut issues),
                    }
                    if !option.scores.is_empty() {
                        issues.push(
                            PageIssue::new(
                                format!("{here}.scores"),
                                "is not used by `total` scoring",
                            )
                            .hint("use `score`, or set the page's `\"scoring\": \"dimensions\"`"),
                        );
                    }
                }
                Some(QuizScoring::Dimensions) => {
                    if option.score.is_some() {
                        issues.push(
                            PageIssue::new(
                                format!("{here}.score"),
                                "is not used by `dimensions` scoring",
                            )
                            .hint(
                                "give points per dimension in `scores`, e.g. `{ \"romantic\": 2 }`",
                            ),
                        );
                    }
                    if option.scores.is_empty() {
                        issues.push(
                            PageIssue::new(
                                format!("{here}.scores"),
                                "must give points to at least one dimension for `dimensions` scoring",
                            )
                            .hint("e.g. `\"scores\": { \"romantic\": 2 }`; write `0` for a neutral choice"),
                        );
                    }
                    for (dimension, &points) in &option.scores {
                        if !is_name(dimension, MAX_ID_CHARS) {
                            issues.push(
                                PageIssue::new(
                                    format!("{here}.scores"),
                                    format!("`{dimension}` is not a valid dimension name"),
                                )
                                .hint("use 1 to 64 lowercase letters, digits, `-` or `_`"),
                            );
                            continue;
                        }
                        let path = format!("{here}.scores.{dimension}");
                        check_score(points, &path, &mut issues);
                        if !tier_dimensions.contains(&dimension.as_str())
                            && !unmatched_dimensions.contains(&dimension.as_str())
                        {
                            unmatched_dimensions.push(dimension);
                            issues.push(
                                PageIssue::new(
                                    path,
                                    format!("no tier has `\"dimension\": \"{dimension}\"`"),
                                )
                                .hint("add a tier for this dimension, or fix its spelling"),
                            );
                        }
                    }
                }
            }
        }
    }

    check_tiers(page, scoring, &mut issues);
    // `unlocks_draw` must name a lottery page: checked with the whole campaign
    // in `crate::validate`.
    not_blank(&mut issues, "share_text", page.share_text.as_deref());
    issues
}

/// The page's scoring, or `None` (with an issue at `scoring`) when no option
/// gives what it uses but some give what the other scoring uses: most likely
/// `scoring` is missing or misspelt.
fn consistent_scoring(page: &QuizPage, issues: &mut Vec<PageIssue>) -> Option<QuizScoring> {
    let options = || page.questions.iter().flat_map(|question| &question.options);
    let with_score = options().any(|option| option.score.is_some());
    let with_scores = options().any(|option| !option.scores.is_empty());
    match page.scoring {
        QuizScoring::Total if with_scores && !with_score => {
            issues.push(
                PageIssue::new(
                    "scoring",
                    "is `total` (the default), but the options give points per dimension in `scores`",
                )
                .hint("set `\"scoring\": \"dimensions\"`, or give each option a `score`"),
            );
            None
        }
        QuizScoring::Dimensions if with_score && !with_scores => {
            issues.push(
                PageIssue::new(
                    "scoring",
                    "is `dimensions`, but the options give a total `score` instead of `scores`",
                )
                .hint("remove `scoring` to add up the `score`s, or give each option `scores`"),
            );
            None
        }
        scoring => Some(scoring),
    }
}

fn check_option(question: &QuizQuestion, position: usize, here: &str, issues: &mut Vec<PageIssue>) {
    let Some(option) = question.options.get(position) else {
        return;
    };
    let value = option.value.as_str();
    if value.trim().is_empty()
        || value.chars().count() > MAX_OPTION_VALUE_CHARS
        || value.chars().any(char::is_control)
    {
        issues.push(
            PageIssue::new(
                format!("{here}.value"),
                format!("`{value}` is not a valid option value"),
            )
            .hint("use 1 to 64 characters without line breaks; results store this value"),
        );
    } else if let Some(first) = question.options[..position]
        .iter()
        .position(|earlier| earlier.value == value)
    {
        issues.push(
            PageIssue::new(
                format!("{here}.value"),
                format!("`{value}` is already the value of options[{first}]"),
            )
            .hint("option values must be unique within a question"),
        );
    }
    if option.label.trim().is_empty() {
        issues.push(PageIssue::new(format!("{here}.label"), "must not be empty"));
    }
}

fn check_score(score: i32, path: &str, issues: &mut Vec<PageIssue>) {
    if !(-MAX_SCORE..=MAX_SCORE).contains(&score) {
        issues.push(PageIssue::new(
            path.to_owned(),
            format!("{score} is outside -{MAX_SCORE} to {MAX_SCORE}"),
        ));
    }
}

fn check_tiers(page: &QuizPage, scoring: Option<QuizScoring>, issues: &mut Vec<PageIssue>) {
    if page.tiers.is_empty() {
        issues.push(
            PageIssue::new("tiers", "must list at least one result tier").hint(
                "a tier is `{ \"id\": \"high\", \"title\": \"...\", \"min\": 10, \"max\": 20 }`",
            ),
        );
    }
    let option_dimensions: Vec<&str> = page
        .questions
        .iter()
        .flat_map(|question| &question.options)
        .flat_map(|option| option.scores.keys())
        .map(String::as_str)
        .collect();
    for (index, tier) in page.tiers.iter().enumerate() {
        let at = format!("tiers[{index}]");
        let earlier = &page.tiers[..index];
        if !is_name(&tier.id, MAX_ID_CHARS) {
            issues.push(
                PageIssue::new(format!("{at}.id"), format!("`{}` is not a valid id", tier.id))
                    .hint("use 1 to 64 lowercase letters, digits, `-` or `_`, starting with a letter or digit"),
            );
        } else if let Some(first) = earlier.iter().position(|other| other.id == tier.id) {
            issues.push(
                PageIssue::new(
                    format!("{at}.id"),
                    format!("`{}` is already the id of tiers[{first}]", tier.id),
                )
                .hint("tier ids must be unique: results are stored by tier id"),
            );
        }
        if tier.title.trim().is_empty() {
            issues.push(PageIssue::new(format!("{at}.title"), "must not be empty"));
        }
        not_blank(
            issues,
            &format!("{at}.description"),
            tier.description.as_deref(),
        );
        if let Some(image) = &tier.image {
            if let Some(problem) = image.problem() {
                issues.push(
                    PageIssue::new(
                        format!("{at}.image"),
                        format!("`{}` {problem}", image.as_str()),
                    )
                    .hint("use an absolute `https://` URL, or a path such as `/images/result.png`"),
                );
            }
        }
        match scoring {
            None => {}
            Some(QuizScoring::Total) => {
                if tier.dimension.is_some() {
                    issues.push(
                        PageIssue::new(format!("{at}.dimension"), "is not used by `total` scoring")
                            .hint("give the tier's range of totals with `min` and `max`"),
                    );
                }
                if let (Some(min), Some(max)) = (tier.min, tier.max) {
                    if min > max {
                        issues.push(PageIssue::new(
                            format!("{at}.min"),
                            format!("{min} is more than `max` ({max})"),
                        ));
                    }
                }
            }
            Some(QuizScoring::Dimensions) => {
                for (name, is_set) in [("min", tier.min.is_some()), ("max", tier.max.is_some())] {
                    if is_set {
                        issues.push(
                            PageIssue::new(
                                format!("{at}.{name}"),
                                "is not used by `dimensions` scoring",
                            )
                            .hint("the tier of the dimension with the most points is the result"),
                        );
                    }
                }
                match tier.dimension.as_deref() {
                    None => issues.push(
                        PageIssue::new(format!("{at}.dimension"), "is required for `dimensions` scoring")
                            .hint("name the dimension this result stands for, as in the options' `scores`"),
                    ),
                    Some(dimension) => {
                        if let Some(first) = earlier
                            .iter()
                            .position(|other| other.dimension.as_deref() == Some(dimension))
                        {
                            issues.push(
                                PageIssue::new(
                                    format!("{at}.dimension"),
                                    format!("`{dimension}` is already the dimension of tiers[{first}]"),
                                )
                                .hint("one tier per dimension: this one could never be the result"),
                            );
                        } else if !option_dimensions.contains(&dimension) {
                            issues.push(
                                PageIssue::new(
                                    format!("{at}.dimension"),
                                    format!("no option gives points to `{dimension}`"),
                                )
                                .hint("this tier could only win when every dimension has 0 points: add `scores` for it to some options, or fix its spelling"),
                            );
                        }
                    }
                }
            }
        }
    }
    if scoring == Some(QuizScoring::Total) {
        check_coverage(page, issues);
    }
}

/// Every total a visitor can reach falls in exactly one tier. Skipped while an
/// option lacks a score or scores out of range (already reported), since the
/// reachable totals are then unknown or too many to list.
fn check_coverage(page: &QuizPage, issues: &mut Vec<PageIssue>) {
    if page.tiers.is_empty() || page.questions.len() > MAX_QUESTIONS {
        return;
    }
    let mut per_question: Vec<Vec<i32>> = Vec::with_capacity(page.questions.len());
    for question in &page.questions {
        if question.options.is_empty() || question.options.len() > MAX_OPTIONS {
            return;
        }
        let mut scores = Vec::with_capacity(question.options.len());
        for option in &question.options {
            match option.score {
                Some(score) if (-MAX_SCORE..=MAX_SCORE).contains(&score) => scores.push(score),
                _ => return,
            }
        }
        per_question.push(scores);
    }
    let Some(reachable) = ReachableTotals::of(&per_question) else {
        return;
    };
    let (lowest, highest) = (reachable.lowest, reachable.highest());
    let span = if lowest == highest {
        format!("every answer gives a total of {lowest}")
    } else {
        format!("this quiz's totals run from {lowest} to {highest}")
    };

    // Gaps: runs of reachable totals (in order) that no tier covers.
    let mut run: Option<(i32, i32)> = None;
    let mut gaps: Vec<(i32, i32)> = Vec::new();
    for total in reachable.iter() {
        if page.tiers.iter().any(|tier| tier.contains(total)) {
            gaps.extend(run.take());
        } else {
            run = Some(run.map_or((total, total), |(first, _)| (first, total)));
        }
    }
    gaps.extend(run);
    for (first, last) in gaps {
        let message = if first == last {
            format!("no tier covers a total of {first}")
        } else {
            format!("no tier covers the totals {first} to {last}")
        };
        issues.push(PageIssue::new("tiers", message).hint(format!(
            "{span}; every total needs a tier whose `min` to `max` (both included) holds it"
        )));
    }

    // Overlaps and unreachable tiers.
    for (index, tier) in page.tiers.iter().enumerate() {
        let at = format!("tiers[{index}]");
        let own = reachable.within(tier.min, tier.max);
        if own.is_none() {
            if tier.min.zip(tier.max).is_none_or(|(min, max)| min <= max) {
                issues.push(
                    PageIssue::new(at, "no answers reach this tier")
                        .hint(format!("{span}: move its `min` and `max` into that range")),
                );
            }
            continue;
        }
        for (earlier, other) in page.tiers[..index].iter().enumerate() {
            let min = max_bound(tier.min, other.min);
            let max = min_bound(tier.max, other.max);
            if let Some((first, last)) = reachable.within(min, max) {
                let totals = if first == last {
                    format!("a total of {first}")
                } else {
                    format!("the totals {first} to {last}")
                };
                issues.push(
                    PageIssue::new(at.clone(), format!("covers {totals}, as tiers[{earlier}] does"))
                        .hint("each total must have exactly one tier: start a tier's `min` one above the `max` of the tier before it"),
                );
            }
        }
    }
}

/// The larger of two lower bounds, where `None` is no bound.
fn max_bound(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (bound, None) | (None, bound) => bound,
    }
}

/// The smaller of two upper bounds, where `None` is no bound.
fn min_bound(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (bound, None) | (None, bound) => bound,
    }
}

/// The totals answers can add up to: `reached[i]` says whether `lowest + i` is one.
struct ReachableTotals {
    lowest: i32,
    reached: Vec<bool>,
}

impl ReachableTotals {
    /// From each question's option scores (non-empty, within ±[`MAX_SCORE`]),
    /// by adding one question at a time. With at most [`MAX_QUESTIONS`] questions
    /// the totals span at most 10,001 values, so this stays quick even in the
    /// browser.
    fn of(per_question: &[Vec<i32>]) -> Option<ReachableTotals> {
        let mut lowest = 0i32;
        let mut span = 0usize;
        for scores in per_question {
            let min = *scores.iter().min()?;
            let max = *scores.iter().max()?;
            lowest = lowest.checked_add(min)?;
            span = span.checked_add(usize::try_from(max.abs_diff(min)).ok()?)?;
        }
        let mut reached = vec![false; span + 1];
        reached[0] = true;
        let mut width = 0usize;
        for scores in per_question {
            let min = *scores.iter().min()?;
            let steps: Vec<usize> = scores
                .iter()
                .filter_map(|score| usize::try_from(score.abs_diff(min)).ok())
                .collect();
            let widest = steps.iter().copied().max()?;
            let mut next = vec![false; span + 1];
            for from in (0..=width).filter(|&from| reached[from]) {
                for step in &steps {
                    if let Some(slot) = next.get_mut(from + step) {
                        *slot = true;
                    }
                }
            }
            reached = next;
            width += widest;
        }
        Some(ReachableTotals { lowest, reached })
    }

    fn highest(&self) -> i32 {
        self.iter().last().unwrap_or(self.lowest)
    }

    /// Every reachable total, lowest first.
    fn iter(&self) -> impl Iterator<Item = i32> + '_ {
        self.reached
            .iter()
            .enumerate()
            .filter(|(_, reached)| **reached)
            .filter_map(|(offset, _)| {
                i32::try_from(offset)
                    .ok()
                    .and_then(|offset| self.lowest.checked_add(offset))
            })
    }

    /// The lowest and highest reachable totals within `min..=max` (open where
    /// `None`), if any is.
    fn within(&self, min: Option<i32>, max: Option<i32>) -> Option<(i32, i32)> {
        let inside = |total: &i32| {
            min.is_none_or(|min| min <= *total) && max.is_none_or(|max| *total <= max)
        };
        let first = self.iter().find(inside)?;
        let last = self.iter().filter(inside).last()?;
        Some((first, last))
    }
}

// ---------------------------------------------------------------------------
// Result poster
// ---------------------------------------------------------------------------

/// Placeholders of the quiz result poster: the quiz's share line, the result's
/// title and its description.
pub const RESULT_POSTER_PLACEHOLDERS: [&str; 3] = ["title", "result", "description"];

/// The share poster of a result, in the campaign's colours: the quiz's share
/// line, the result with its picture and description, and a QR code of the quiz
/// for friends to take it too. Built here rather than configured, so every quiz
/// gets a poster that fits without poster design work.
pub fn result_poster(tier: &ResultTier, theme: &impl Palette, locale: Locale) -> PosterTemplate {
    use crate::kinds::poster::{FontWeight, ImageLayer, Layer, QrLayer, TextAlign, TextLayer};
    use crate::primitives::Color;
    const WIDTH: u32 = 750;
    const CENTRE: u32 = WIDTH / 2;
    let text = |text: &str, y: u32, font_size: u32, color: &str, bold: bool, max_lines: u32| {
        Layer::Text(TextLayer {
            text: text.to_owned(),
            x: CENTRE,
            y,
            max_width: 640,
            font_size,
            weight: if bold {
                FontWeight::Bold
            } else {
                FontWeight::Normal
            },
            color: Color::new(color),
            align: TextAlign::Center,
            line_height: None,
            max_lines: Some(max_lines),
        })
    };
    let mut layers = vec![
        text("{title}", 110, 40, "#ffffff", true, 2),
        text(
            match locale {
                Locale::ZhCn => "我的测试结果",
                Locale::En => "My result",
            },
            300,
            30,
            "#ffe7ba",
            false,
            1,
        ),
        text("{result}", 360, 64, "#ffffff", true, 2),
    ];
    let mut y = 560;
    if let Some(image) = &tier.image {
        layers.push(Layer::Image(ImageLayer {
            src: image.clone(),
            x: CENTRE - 150,
            y: 540,
            width: 300,
            height: 300,
            round: false,
        }));
        y = 880;
    }
    layers.push(text("{description}", y, 30, "#ffffff", false, 4));
    layers.push(Layer::Qr(QrLayer {
        x: CENTRE - 110,
        y: 1040,
        size: 220,
        quiet_zone: 2,
        dark: Color::new("#1f2329"),
        light: Color::new("#ffffff"),
    }));
    let scan = match locale {
        Locale::ZhCn => "长按识别二维码，一起来测",
        Locale::En => "Scan the code to take the quiz",
    };
    layers.push(text(scan, 1280, 24, "#ffffff", false, 1));
    PosterTemplate {
        width: WIDTH,
        height: 1334,
        background: Some(theme.primary().clone()),
        background_image: None,
        layers,
    }
}
