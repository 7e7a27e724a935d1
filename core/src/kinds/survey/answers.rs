//! A visitor's answers, the rules an answer can break, which questions are
//! shown, and what is sent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::formats::{TextPattern, date_number, format_number, normalise_mobile};
use super::{NPS_MAX, OTHER_TEXT_MAX_CHARS, OTHER_VALUE, Question, QuestionType, SurveyPage};
use crate::primitives::Locale;

/// A visitor's answer to one question. Externally tagged (`{"text": "..."}`,
/// `{"single": {"value": "wechat"}}`): compact on the wire, and serde reads it
/// without buffering, which keeps the wasm small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Answer {
    /// For `single` and `dropdown` questions: an option value, or [`OTHER_VALUE`]
    /// with the visitor's own text in `other`.
    Single {
        value: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    /// For `multiple` questions: the option values chosen, in any order.
    Multiple {
        values: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    /// For `text` and `long_text` questions.
    Text(String),
    /// For `number` questions.
    Number(f64),
    /// For `rating` questions: 1 to the question's scale.
    Rating(u8),
    /// For `nps` questions: 0 to 10.
    Nps(u8),
    /// For `date` questions: `YYYY-MM-DD`.
    Date(String),
    /// For `mobile` questions: the number as typed, and whether the consent box
    /// was ticked.
    Mobile { number: String, consent: bool },
}

/// Answers by question id.
pub type Answers = BTreeMap<String, Answer>;

impl Answer {
    /// Whether this is no answer at all (nothing chosen, only spaces typed): such
    /// an answer counts as unanswered.
    pub fn is_blank(&self) -> bool {
        match self {
            Answer::Single { value, .. } => value.trim().is_empty(),
            Answer::Multiple { values, .. } => values.is_empty(),
            Answer::Text(text) | Answer::Date(text) => text.trim().is_empty(),
            Answer::Mobile { number, .. } => number.trim().is_empty(),
            Answer::Number(_) | Answer::Rating(_) | Answer::Nps(_) => false,
        }
    }

    /// Whether the option `value` is chosen.
    pub fn has_chosen(&self, value: &str) -> bool {
        match self {
            Answer::Single { value: chosen, .. } => chosen == value,
            Answer::Multiple { values, .. } => values.iter().any(|chosen| chosen == value),
            _ => false,
        }
    }

    fn fits(&self, kind: QuestionType) -> bool {
        matches!(
            (kind, self),
            (
                QuestionType::Single | QuestionType::Dropdown,
                Answer::Single { .. }
            ) | (QuestionType::Multiple, Answer::Multiple { .. })
                | (QuestionType::Text | QuestionType::LongText, Answer::Text(_))
                | (QuestionType::Number, Answer::Number(_))
                | (QuestionType::Rating, Answer::Rating(_))
                | (QuestionType::Nps, Answer::Nps(_))
                | (QuestionType::Date, Answer::Date(_))
                | (QuestionType::Mobile, Answer::Mobile { .. })
        )
    }

    /// The answer as it should be stored: text trimmed, "other" text kept only
    /// when "other" is chosen, repeated choices dropped, mobile numbers normalised.
    fn cleaned(&self) -> Answer {
        let other_text = |chosen: bool, other: &Option<String>| {
            other
                .as_deref()
                .map(str::trim)
                .filter(|text| chosen && !text.is_empty())
                .map(str::to_owned)
        };
        match self {
            Answer::Single { value, other } => Answer::Single {
                value: value.trim().to_owned(),
                other: other_text(value.trim() == OTHER_VALUE, other),
            },
            Answer::Multiple { values, other } => {
                let mut unique: Vec<String> = Vec::with_capacity(values.len());
                for value in values {
                    if !unique.contains(value) {
                        unique.push(value.clone());
                    }
                }
                let other = other_text(unique.iter().any(|value| value == OTHER_VALUE), other);
                Answer::Multiple {
                    values: unique,
                    other,
                }
            }
            Answer::Text(text) => Answer::Text(text.trim().to_owned()),
            Answer::Date(text) => Answer::Date(text.trim().to_owned()),
            Answer::Mobile { number, consent } => Answer::Mobile {
                number: normalise_mobile(number).unwrap_or_else(|| number.trim().to_owned()),
                consent: *consent,
            },
            Answer::Number(_) | Answer::Rating(_) | Answer::Nps(_) => self.clone(),
        }
    }
}

/// Why an answer is not accepted. [`AnswerProblem::message`] words it for the visitor.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerProblem {
    /// A required question has no answer.
    Required,
    /// The answer is of another kind than the question takes (a tampered or
    /// outdated client).
    WrongType,
    /// A choice that is not among the question's options.
    UnknownChoice,
    /// "Other" is chosen but its text is blank.
    OtherTextMissing,
    TooFewChoices {
        min: u32,
    },
    TooManyChoices {
        max: u32,
    },
    /// Fewer characters than `min_length`.
    TooShort {
        min: u32,
    },
    /// More characters than allowed.
    TooLong {
        max: u32,
    },
    /// The text does not have the question's format; `message` is the question's
    /// `pattern_message`, if it has one.
    PatternMismatch {
        pattern: TextPattern,
        message: Option<String>,
    },
    /// Not a finite number.
    NotANumber,
    NotAnInteger,
    NumberOutOfRange {
        min: Option<f64>,
        max: Option<f64>,
    },
    RatingOutOfRange {
        max: u8,
    },
    NpsOutOfRange,
    /// Not a real `YYYY-MM-DD` date.
    InvalidDate,
    /// Before the question's `min_date` (given here).
    DateTooEarly {
        min: String,
    },
    /// After the question's `max_date` (given here).
    DateTooLate {
        max: String,
    },
    /// Not a mainland China mobile number.
    InvalidMobile,
    /// A number was given without ticking the consent box.
    ConsentMissing,
    /// An answer to a question the survey does not have (a tampered or outdated
    /// client): never stored.
    UnknownQuestion,
}

/// How many choices a `multiple` question takes, shown under it before the
/// visitor answers: the same words as [`AnswerProblem::TooFewChoices`] and
/// [`AnswerProblem::TooManyChoices`] after. `None` when it takes any number.
pub fn choices_rule(min: Option<u32>, max: Option<u32>, locale: Locale) -> Option<String> {
    let zh = locale == Locale::ZhCn;
    match (min, max) {
        (Some(min), Some(max)) if min == max && zh => Some(format!("请选择 {min} 项")),
        (Some(min), Some(max)) if min == max => Some(format!("Choose {min}")),
        (Some(min), Some(max)) if zh => Some(format!("请选择 {min} 到 {max} 项")),
        (Some(min), Some(max)) => Some(format!("Choose {min} to {max}")),
        (Some(min), None) => Some(choose_at_least(min, locale)),
        (None, Some(max)) => Some(choose_at_most(max, locale)),
        (None, None) => None,
    }
}

fn choose_at_least(min: u32, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("至少选择 {min} 项"),
        Locale::En => format!("Choose at least {min}"),
    }
}

fn choose_at_most(max: u32, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("最多选择 {max} 项"),
        Locale::En => format!("Choose at most {max}"),
    }
}

impl AnswerProblem {
    /// A short sentence for the visitor, shown under the question.
    pub fn message(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        let pick = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_owned();
        match self {
            AnswerProblem::Required => pick("请填写此题", "This question is required"),
            AnswerProblem::UnknownQuestion => pick(
                "问卷已更新，请刷新页面后重新作答",
                "The survey has changed; reload the page and answer again",
            ),
            AnswerProblem::WrongType => {
                pick("答案格式不对，请重新作答", "Answer this question again")
            }
            AnswerProblem::UnknownChoice => pick("请从选项中选择", "Choose one of the options"),
            AnswerProblem::OtherTextMissing => pick("请填写具体内容", "Please specify"),
            AnswerProblem::TooFewChoices { min } => choose_at_least(*min, locale),
            AnswerProblem::TooManyChoices { max } => choose_at_most(*max, locale),
            AnswerProblem::TooShort { min } if zh => format!("至少输入 {min} 个字"),
            AnswerProblem::TooShort { min } => format!("Enter at least {min} characters"),
            AnswerProblem::TooLong { max } if zh => format!("最多输入 {max} 个字"),
            AnswerProblem::TooLong { max } => format!("Enter at most {max} characters"),
            AnswerProblem::PatternMismatch {
                message: Some(message),
                ..
            } => message.clone(),
            AnswerProblem::PatternMismatch { pattern, .. } => match pattern {
                TextPattern::Digits => pick("请只输入数字", "Enter digits only"),
                TextPattern::LettersDigits => {
                    pick("请只输入字母和数字", "Enter letters and digits only")
                }
                TextPattern::Email => pick("请输入正确的邮箱地址", "Enter a valid email address"),
                TextPattern::IdCardCn => pick(
                    "请输入正确的 18 位身份证号",
                    "Enter a valid 18-character ID card number",
                ),
                TextPattern::PostcodeCn => {
                    pick("请输入正确的 6 位邮编", "Enter a valid 6-digit postcode")
                }
            },
            AnswerProblem::NotANumber => pick("请输入数字", "Enter a number"),
            AnswerProblem::NotAnInteger => pick("请输入整数", "Enter a whole number"),
            AnswerProblem::NumberOutOfRange { min, max } => {
                let min = min.map(format_number);
                let max = max.map(format_number);
                match (min, max, zh) {
                    (Some(min), Some(max), true) => format!("请输入 {min} 到 {max} 之间的数字"),
                    (Some(min), Some(max), false) => format!("Enter a number from {min} to {max}"),
                    (Some(min), None, true) => format!("请输入不小于 {min} 的数字"),
                    (Some(min), None, false) => format!("Enter a number of at least {min}"),
                    (None, Some(max), true) => format!("请输入不大于 {max} 的数字"),
                    (None, Some(max), false) => format!("Enter a number of at most {max}"),
                    (None, None, _) => pick("请输入数字", "Enter a number"),
                }
            }
            AnswerProblem::RatingOutOfRange { max } if zh => format!("请选择 1 到 {max} 星"),
            AnswerProblem::RatingOutOfRange { max } => format!("Choose 1 to {max} stars"),
            AnswerProblem::NpsOutOfRange => {
                pick("请选择 0 到 10 分", "Choose a score from 0 to 10")
            }
            AnswerProblem::InvalidDate => pick("请选择正确的日期", "Choose a valid date"),
            AnswerProblem::DateTooEarly { min } if zh => format!("请选择 {min} 或之后的日期"),
            AnswerProblem::DateTooEarly { min } => format!("Choose {min} or later"),
            AnswerProblem::DateTooLate { max } if zh => format!("请选择 {max} 或之前的日期"),
            AnswerProblem::DateTooLate { max } => format!("Choose {max} or earlier"),
            AnswerProblem::InvalidMobile => pick(
                "请输入正确的 11 位手机号",
                "Enter a valid 11-digit mobile number",
            ),
            AnswerProblem::ConsentMissing => {
                pick("请勾选同意后再提交", "Tick the consent box to continue")
            }
        }
    }
}

/// Checks one answer against its question. A blank or missing answer is fine
/// unless the question is required. Visibility is the caller's business: see
/// [`check_answers`].
pub fn check_answer(question: &Question, answer: Option<&Answer>) -> Result<(), AnswerProblem> {
    let Some(answer) = answer.filter(|answer| !answer.is_blank()) else {
        return if question.required {
            Err(AnswerProblem::Required)
        } else {
            Ok(())
        };
    };
    if !answer.fits(question.kind) {
        return Err(AnswerProblem::WrongType);
    }
    match answer {
        Answer::Single { value, other } => {
            check_choices(question, std::slice::from_ref(value), other.as_deref())
        }
        Answer::Multiple { values, other } => {
            check_choices(question, values, other.as_deref())?;
            let mut distinct: Vec<&str> = values.iter().map(String::as_str).collect();
            distinct.sort_unstable();
            distinct.dedup();
            let count = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
            if let Some(min) = question.min_choices.filter(|min| count < *min) {
                return Err(AnswerProblem::TooFewChoices { min });
            }
            if let Some(max) = question.max_choices.filter(|max| count > *max) {
                return Err(AnswerProblem::TooManyChoices { max });
            }
            Ok(())
        }
        Answer::Text(text) => {
            let text = text.trim();
            let length = text.chars().count();
            if let Some(min) = question.min_length.filter(|min| length < min_usize(*min)) {
                return Err(AnswerProblem::TooShort { min });
            }
            if let Some(max) = question
                .effective_max_length()
                .filter(|max| length > min_usize(*max))
            {
                return Err(AnswerProblem::TooLong { max });
            }
            match question.text_pattern() {
                Some(pattern) if question.kind == QuestionType::Text && !pattern.matches(text) => {
                    Err(AnswerProblem::PatternMismatch {
                        pattern,
                        message: question.pattern_message.clone(),
                    })
                }
                _ => Ok(()),
            }
        }
        Answer::Number(value) => {
            let value = *value;
            if !value.is_finite() {
                return Err(AnswerProblem::NotANumber);
            }
            if question.integer && value.fract() != 0.0 {
                return Err(AnswerProblem::NotAnInteger);
            }
            let too_small = question.min.is_some_and(|min| value < min);
            let too_large = question.max.is_some_and(|max| value > max);
            if too_small || too_large {
                return Err(AnswerProblem::NumberOutOfRange {
                    min: question.min,
                    max: question.max,
                });
            }
            Ok(())
        }
        Answer::Rating(stars) => {
            let max = question.rating_scale();
            if (1..=max).contains(stars) {
                Ok(())
            } else {
                Err(AnswerProblem::RatingOutOfRange { max })
            }
        }
        Answer::Nps(score) if *score <= NPS_MAX => Ok(()),
        Answer::Nps(_) => Err(AnswerProblem::NpsOutOfRange),
        Answer::Date(text) => {
            let date = date_number(text.trim()).ok_or(AnswerProblem::InvalidDate)?;
            if let Some(min) = &question.min_date {
                if date_number(min).is_some_and(|min| date < min) {
                    return Err(AnswerProblem::DateTooEarly { min: min.clone() });
                }
            }
            if let Some(max) = &question.max_date {
                if date_number(max).is_some_and(|max| date > max) {
                    return Err(AnswerProblem::DateTooLate { max: max.clone() });
                }
            }
            Ok(())
        }
        Answer::Mobile { number, consent } => {
            if normalise_mobile(number).is_none() {
                Err(AnswerProblem::InvalidMobile)
            } else if !consent {
                Err(AnswerProblem::ConsentMissing)
            } else {
                Ok(())
            }
        }
    }
}

fn min_usize(value: u32) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

/// Choices must be offered, and "other" needs its text.
fn check_choices(
    question: &Question,
    values: &[String],
    other: Option<&str>,
) -> Result<(), AnswerProblem> {
    if !values.iter().all(|value| question.offers(value)) {
        return Err(AnswerProblem::UnknownChoice);
    }
    if values.iter().any(|value| value == OTHER_VALUE) {
        let text = other.map(str::trim).unwrap_or_default();
        if text.is_empty() {
            return Err(AnswerProblem::OtherTextMissing);
        }
        if text.chars().count() > min_usize(OTHER_TEXT_MAX_CHARS) {
            return Err(AnswerProblem::TooLong {
                max: OTHER_TEXT_MAX_CHARS,
            });
        }
    }
    Ok(())
}

/// Whether each question is shown, in survey order. A condition looks only at
/// earlier questions, so one pass settles every chain; a condition on a hidden
/// question (or on one that does not come earlier) hides its question.
fn visibility(survey: &SurveyPage, answers: &Answers) -> Vec<bool> {
    let questions: Vec<&Question> = survey.questions().collect();
    let mut visible: Vec<bool> = Vec::with_capacity(questions.len());
    for (index, question) in questions.iter().enumerate() {
        let shown = match &question.show_if {
            None => true,
            Some(condition) => questions
                .iter()
                .take(index)
                .position(|earlier| earlier.id == condition.question)
                .is_some_and(|at| {
                    visible.get(at).copied().unwrap_or(false)
                        && condition.holds(answers.get(&condition.question))
                }),
        };
        visible.push(shown);
    }
    visible
}

/// Whether the question `question_id` is shown given the answers so far; false
/// for an unknown id.
pub fn is_visible(survey: &SurveyPage, question_id: &str, answers: &Answers) -> bool {
    survey
        .questions()
        .zip(visibility(survey, answers))
        .find(|(question, _)| question.id == question_id)
        .is_some_and(|(_, shown)| shown)
}

/// The questions of one section that are shown given the answers so far (an
/// empty list for a section whose questions are all hidden, or no such section).
pub fn visible_questions<'a>(
    survey: &'a SurveyPage,
    section_index: usize,
    answers: &Answers,
) -> Vec<&'a Question> {
    let before: usize = survey
        .sections
        .iter()
        .take(section_index)
        .map(|section| section.questions.len())
        .sum();
    let Some(section) = survey.sections.get(section_index) else {
        return Vec::new();
    };
    let visible = visibility(survey, answers);
    section
        .questions
        .iter()
        .zip(visible.into_iter().skip(before))
        .filter(|(_, shown)| *shown)
        .map(|(question, _)| question)
        .collect()
}

/// Problems with the answers to every shown question, in survey order. Answers
/// to hidden questions and to unknown ids are ignored.
pub fn check_answers(survey: &SurveyPage, answers: &Answers) -> Vec<(String, AnswerProblem)> {
    let unknown = answers
        .keys()
        .filter(|id| !survey.questions().any(|question| &question.id == *id))
        .map(|id| (id.clone(), AnswerProblem::UnknownQuestion));
    unknown
        .chain(
            survey
                .questions()
                .zip(visibility(survey, answers))
                .filter(|(_, shown)| *shown)
                .filter_map(|(question, _)| {
                    check_answer(question, answers.get(&question.id))
                        .err()
                        .map(|problem| (question.id.clone(), problem))
                }),
        )
        .collect()
}

/// Problems with the answers to the shown questions of one section, for its
/// "next" button.
pub fn check_section(
    survey: &SurveyPage,
    section_index: usize,
    answers: &Answers,
) -> Vec<(String, AnswerProblem)> {
    visible_questions(survey, section_index, answers)
        .into_iter()
        .filter_map(|question| {
            check_answer(question, answers.get(&question.id))
                .err()
                .map(|problem| (question.id.clone(), problem))
        })
        .collect()
}

/// The answers to send: only those to shown questions of this survey, with text
/// trimmed, blank answers dropped, "other" text kept only when "other" is
/// chosen, and mobile numbers normalised to their 11 digits.
pub fn submitted_answers(survey: &SurveyPage, answers: &Answers) -> Answers {
    survey
        .questions()
        .zip(visibility(survey, answers))
        .filter(|(_, shown)| *shown)
        .filter_map(|(question, _)| {
            let answer = answers.get(&question.id)?.cleaned();
            (!answer.is_blank()).then(|| (question.id.clone(), answer))
        })
        .collect()
}

/// The section being shown as (its number counting from 1, number of sections),
/// for the progress bar.
pub fn progress(survey: &SurveyPage, section_index: usize) -> (usize, usize) {
    let total = survey.sections.len();
    (section_index.saturating_add(1).min(total), total)
}
