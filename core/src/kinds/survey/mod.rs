//! The survey page kind: its questions, the config rules a marketer can break, and
//! the answer rules a visitor can break.
//!
//! Everything here is plain data and pure functions so that the app (which shows
//! the problems next to each question) and the server (which must not trust the
//! app) apply exactly the same rules. Nothing here may panic on any input: in the
//! browser a panic is a blank page.
//!
//! Messages shown to visitors avoid Rust's float formatter, which is large in
//! WebAssembly: numbers are written by [`format_number`].

mod answers;
mod check;
mod formats;
mod stats;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::kinds::page_kind;
use crate::primitives::Url;

pub use self::answers::{
    Answer, AnswerProblem, Answers, check_answer, check_answers, check_section, choices_rule,
    is_visible, progress, submitted_answers, visible_questions,
};
pub use self::check::check_survey;
pub use self::formats::{TextPattern, format_number, normalise_mobile};
pub use self::stats::{ChoiceCount, QuestionStats, SurveyStats, SurveyTally, nps_score};

/// The value an answer uses for the "other, please specify" choice of a question
/// with `other`; reserved, so no option may use it.
pub const OTHER_VALUE: &str = "__other";
/// Longest `text` answer, in characters, when the question sets no `max_length`.
pub const DEFAULT_TEXT_MAX_CHARS: u32 = 200;
/// Longest `long_text` answer, in characters, when the question sets no `max_length`.
pub const DEFAULT_LONG_TEXT_MAX_CHARS: u32 = 2000;
/// Longest "other, please specify" text, in characters.
pub const OTHER_TEXT_MAX_CHARS: u32 = 200;
/// Stars of a `rating` question that sets no `scale`.
pub const DEFAULT_RATING_SCALE: u8 = 5;
/// Highest score of an `nps` question (scores run from 0).
pub const NPS_MAX: u8 = 10;

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

page_kind!(
    /// A questionnaire in sections shown one at a time, optionally rewarded. Its
    /// rules live in [`crate::survey`].
    SurveyPage {
        /// The sections, shown one at a time with a progress bar; at least one.
        sections: Vec<SurveySection>,
        /// What a visitor gets on completing the survey.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reward: Option<SurveyReward>,
        /// `once` (default): a second submission by the same visitor is refused;
        /// `allowed`: every submission is kept.
        #[serde(default)]
        resubmit: Resubmit,
        /// Text of the submit button, instead of the default `提交` / `Submit`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        submit_label: Option<String>,
    }
);

/// A group of questions shown together; a survey shows one section at a time
/// with a progress bar, so long surveys do not feel endless on a phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveySection {
    /// Heading of the section, e.g. `你是怎么加入社群的`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A sentence under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The questions, in the order they are shown; at least one.
    pub questions: Vec<Question>,
}

/// What a visitor gets for completing the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyReward {
    /// Shown once the answers are accepted, e.g. `问卷完成！您的券包已发放`.
    pub message: String,
    /// Name of a pool of codes on the backend: each completion is handed one code
    /// from it. 1 to 32 lowercase letters, digits, `-` or `_`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_pool: Option<String>,
}

/// Whether one visitor may answer the survey more than once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Resubmit {
    /// A second submission by the same visitor is refused (so a reward is
    /// handed out once).
    #[default]
    Once,
    /// Every submission is kept.
    Allowed,
}

/// What kind of answer a question takes, and so how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// One of `options`, shown as radio buttons.
    Single,
    /// Several of `options`, shown as checkboxes.
    Multiple,
    /// One of `options`, shown as a drop-down list (for long lists).
    Dropdown,
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A number, optionally whole and within `min` and `max`.
    Number,
    /// 1 to `scale` stars.
    Rating,
    /// Net Promoter Score: "how likely are you to recommend us", 0 to 10.
    Nps,
    /// A calendar date.
    Date,
    /// A mainland China mobile number with an explicit consent checkbox.
    Mobile,
}

impl QuestionType {
    pub const ALL: [QuestionType; 10] = [
        QuestionType::Single,
        QuestionType::Multiple,
        QuestionType::Dropdown,
        QuestionType::Text,
        QuestionType::LongText,
        QuestionType::Number,
        QuestionType::Rating,
        QuestionType::Nps,
        QuestionType::Date,
        QuestionType::Mobile,
    ];

    /// The name used in configs.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionType::Single => "single",
            QuestionType::Multiple => "multiple",
            QuestionType::Dropdown => "dropdown",
            QuestionType::Text => "text",
            QuestionType::LongText => "long_text",
            QuestionType::Number => "number",
            QuestionType::Rating => "rating",
            QuestionType::Nps => "nps",
            QuestionType::Date => "date",
            QuestionType::Mobile => "mobile",
        }
    }

    /// Whether the answer is picked from `options`.
    pub fn is_choice(self) -> bool {
        CHOICE_TYPES.contains(&self)
    }
}

const CHOICE_TYPES: &[QuestionType] = &[
    QuestionType::Single,
    QuestionType::Multiple,
    QuestionType::Dropdown,
];
const TEXT_TYPES: &[QuestionType] = &[QuestionType::Text, QuestionType::LongText];
const PLACEHOLDER_TYPES: &[QuestionType] = &[
    QuestionType::Text,
    QuestionType::LongText,
    QuestionType::Number,
    QuestionType::Mobile,
];

/// One question. A flat struct rather than one type per question kind: the
/// config reader reports every problem at its exact path only through plain
/// structs (serde's internally tagged enums hide the path). Fields a question's
/// `type` does not use are reported by the checker instead of being ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable identifier, the key of the answer in every result: 1 to 64
    /// lowercase letters, digits, `-` or `_`, unique across the survey.
    pub id: String,
    /// What kind of answer it takes.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question as shown.
    pub label: String,
    /// A sentence under the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An image shown with the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Url>,
    /// Whether the visitor must answer it (when it is shown).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The choices of `single`, `multiple` and `dropdown` questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// `single`, `multiple`, `dropdown`: label of an extra "other, please
    /// specify" choice (e.g. `其他`); its text is required when it is chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// `multiple`: fewest choices a visitor must tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_choices: Option<u32>,
    /// `multiple`: most choices a visitor may tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_choices: Option<u32>,
    /// `text`, `long_text`: fewest characters (Chinese characters count one each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// `text`, `long_text`: most characters; 200 for `text` and 2000 for
    /// `long_text` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// `text`: a named format the answer must have: `digits`, `letters_digits`
    /// (ASCII letters and digits), `email`, `id_card_cn` (18-character mainland
    /// ID card number, checksum verified) or `postcode_cn` (6 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(extend("enum" = ["digits", "letters_digits", "email", "id_card_cn", "postcode_cn", null]))
    )]
    pub pattern: Option<String>,
    /// `text`: shown instead of the default message when `pattern` does not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern_message: Option<String>,
    /// `number`: smallest accepted value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// `number`: largest accepted value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// `number`: only whole numbers are accepted.
    #[serde(default, skip_serializing_if = "is_false")]
    pub integer: bool,
    /// `number`: unit shown after the input, e.g. `元`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `rating`: number of stars, 3 to 10; 5 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u8>,
    /// `date`: earliest accepted date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_date: Option<String>,
    /// `date`: latest accepted date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_date: Option<String>,
    /// `mobile`, required there: text of the consent checkbox the visitor must
    /// tick before giving their number, e.g. `我同意招商银行使用该手机号联系我`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    /// `text`, `long_text`, `number`, `mobile`: grey example text in the empty input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Show this question only when an earlier answer matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Question {
    /// Most characters a text answer may have, with the type's default applied;
    /// `None` for questions that take no text.
    pub fn effective_max_length(&self) -> Option<u32> {
        match self.kind {
            QuestionType::Text => Some(self.max_length.unwrap_or(DEFAULT_TEXT_MAX_CHARS)),
            QuestionType::LongText => Some(self.max_length.unwrap_or(DEFAULT_LONG_TEXT_MAX_CHARS)),
            _ => None,
        }
    }

    /// Stars of a rating question, with the default applied.
    pub fn rating_scale(&self) -> u8 {
        self.scale.unwrap_or(DEFAULT_RATING_SCALE)
    }

    /// The named pattern a text answer must match, if the question sets a known one.
    pub fn text_pattern(&self) -> Option<TextPattern> {
        self.pattern.as_deref().and_then(TextPattern::from_name)
    }

    /// Whether `value` is one of the choices, counting the "other" choice.
    pub fn offers(&self, value: &str) -> bool {
        (value == OTHER_VALUE && self.other.is_some())
            || self.options.iter().any(|option| option.value == value)
    }
}

/// One choice of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// What results store: 1 to 64 characters, unique within the question. Keep
    /// it stable when relabelling so results stay comparable.
    pub value: String,
    /// What the visitor sees.
    pub label: String,
}

/// Shows a question only when an earlier question's answer matches. Give exactly
/// one of `equals`, `any_of` or `answered`. When the earlier question is itself
/// hidden, this one is hidden too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShowIf {
    /// Id of an earlier question in the survey.
    pub question: String,
    /// Shown when this option value is chosen (for `multiple`: among those chosen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    /// Shown when any of these option values is chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<String>,
    /// Shown when the question was answered (`true`) or left blank (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
}

impl ShowIf {
    /// Whether the condition holds for the answer of its (visible) question.
    fn holds(&self, answer: Option<&Answer>) -> bool {
        if let Some(wanted) = self.answered {
            return answer.is_some_and(|answer| !answer.is_blank()) == wanted;
        }
        let chosen = |value: &String| answer.is_some_and(|answer| answer.has_chosen(value));
        match &self.equals {
            Some(value) => chosen(value),
            None => self.any_of.iter().any(chosen),
        }
    }
}

impl SurveyPage {
    /// Every question, in survey order (section by section).
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections
            .iter()
            .flat_map(|section| section.questions.iter())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|question| question.id == id)
    }
}
