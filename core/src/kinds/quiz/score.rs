//! Scoring: from a visitor's answers to a result tier.

use std::collections::BTreeMap;

use super::{QuizOption, QuizPage, QuizScoring, ResultTier};
use crate::primitives::Locale;

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
    /// No tier matches. Never happens with a config [`check_quiz`](super::check_quiz) accepts.
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
