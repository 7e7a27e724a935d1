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

mod check;
mod result_poster;
mod score;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::kinds::page_kind;
use crate::primitives::Url;

pub use self::check::check_quiz;
pub use self::result_poster::{RESULT_POSTER_PLACEHOLDERS, result_poster};
pub use self::score::{QuizAnswers, QuizOutcome, QuizProblem, score};

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
