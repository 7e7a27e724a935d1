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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::diagnostics::issue::PageIssue;
use crate::kinds::page_kind;
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::limits::MAX_OPTION_VALUE_CHARS;
use crate::primitives::{Locale, Url};

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

const MAX_POOL_NAME_CHARS: usize = 32;

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

/// The formats a `text` question's `pattern` can name. A fixed list rather than
/// regular expressions: a regex engine would multiply the size of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPattern {
    /// ASCII digits only.
    Digits,
    /// ASCII letters and digits only, e.g. a membership number.
    LettersDigits,
    /// An email address such as `name@example.com`.
    Email,
    /// An 18-character mainland China ID card number: 17 digits, then a digit or
    /// `X`, with a valid birth date and ISO 7064 MOD 11-2 check character.
    IdCardCn,
    /// A mainland China postcode: 6 digits.
    PostcodeCn,
}

impl TextPattern {
    pub const ALL: [TextPattern; 5] = [
        TextPattern::Digits,
        TextPattern::LettersDigits,
        TextPattern::Email,
        TextPattern::IdCardCn,
        TextPattern::PostcodeCn,
    ];

    /// The name used in configs.
    pub fn as_str(self) -> &'static str {
        match self {
            TextPattern::Digits => "digits",
            TextPattern::LettersDigits => "letters_digits",
            TextPattern::Email => "email",
            TextPattern::IdCardCn => "id_card_cn",
            TextPattern::PostcodeCn => "postcode_cn",
        }
    }

    pub fn from_name(name: &str) -> Option<TextPattern> {
        TextPattern::ALL
            .into_iter()
            .find(|pattern| pattern.as_str() == name)
    }

    /// Whether `text` (already trimmed) has this format.
    pub fn matches(self, text: &str) -> bool {
        match self {
            TextPattern::Digits => !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()),
            TextPattern::LettersDigits => {
                !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric())
            }
            TextPattern::Email => is_email(text),
            TextPattern::IdCardCn => is_id_card_cn(text),
            TextPattern::PostcodeCn => text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()),
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

// ---------------------------------------------------------------------------
// Config checker
// ---------------------------------------------------------------------------

/// Every rule of a survey config the types cannot express, each problem reported
/// (in document order) rather than only the first.
pub fn check_survey(page: &SurveyPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    if page.sections.is_empty() {
        issues.push(
            PageIssue::new("sections".to_owned(), "must list at least one section")
                .hint("a section is `{ \"questions\": [...] }`"),
        );
    }
    // Every question with its path, in survey order: conditions may only look back.
    let all: Vec<(String, &Question)> = page
        .sections
        .iter()
        .enumerate()
        .flat_map(|(section, s)| {
            s.questions
                .iter()
                .enumerate()
                .map(move |(index, question)| {
                    (format!("sections[{section}].questions[{index}]"), question)
                })
        })
        .collect();
    let mut position = 0;
    for (index, section) in page.sections.iter().enumerate() {
        let at = format!("sections[{index}]");
        not_blank(&mut issues, &at, "title", section.title.as_deref());
        not_blank(
            &mut issues,
            &at,
            "description",
            section.description.as_deref(),
        );
        if section.questions.is_empty() {
            issues.push(PageIssue::new(
                format!("{at}.questions"),
                "must list at least one question",
            ));
        }
        for _ in &section.questions {
            check_question(&all, position, &mut issues);
            position += 1;
        }
    }
    if let Some(reward) = &page.reward {
        if reward.message.trim().is_empty() {
            issues.push(PageIssue::new(
                "reward.message".to_owned(),
                "must not be empty",
            ));
        }
        if let Some(pool) = &reward.code_pool {
            if !is_name(pool, MAX_POOL_NAME_CHARS) {
                issues.push(
                    PageIssue::new(
                        "reward.code_pool".to_owned(),
                        format!("`{pool}` is not a valid pool name"),
                    )
                    .hint("use 1 to 32 lowercase letters, digits, `-` or `_`"),
                );
            }
        }
    }
    not_blank(
        &mut issues,
        "",
        "submit_label",
        page.submit_label.as_deref(),
    );
    issues
}

fn check_question(all: &[(String, &Question)], position: usize, issues: &mut Vec<PageIssue>) {
    let Some((at, question)) = all.get(position) else {
        return;
    };
    let field = |name: &str| format!("{at}.{name}");
    let kind = question.kind;
    let earlier = || all.iter().take(position);

    if !is_name(&question.id, MAX_ID_CHARS) {
        issues.push(
            PageIssue::new(field("id"), format!("`{}` is not a valid id", question.id))
                .hint("use 1 to 64 lowercase letters, digits, `-` or `_`, starting with a letter or digit"),
        );
    } else if let Some((first, _)) = earlier().find(|(_, other)| other.id == question.id) {
        issues.push(
            PageIssue::new(
                field("id"),
                format!("`{}` is already the id of {first}", question.id),
            )
            .hint("question ids must be unique across the survey: answers are stored by id"),
        );
    }
    if question.label.trim().is_empty() {
        issues.push(PageIssue::new(field("label"), "must not be empty"));
    }
    if let Some(image) = &question.image {
        if let Some(problem) = image.problem() {
            issues.push(
                PageIssue::new(field("image"), format!("`{}` {problem}", image.as_str()))
                    .hint("use an absolute `https://` URL, or a path such as `/images/q1.png`"),
            );
        }
    }

    // A field the question's type does not use would be silently ignored: say so.
    let only = |types: &'static [QuestionType]| types;
    for (name, is_set, used_by) in [
        ("options", !question.options.is_empty(), CHOICE_TYPES),
        ("other", question.other.is_some(), CHOICE_TYPES),
        (
            "min_choices",
            question.min_choices.is_some(),
            only(&[QuestionType::Multiple]),
        ),
        (
            "max_choices",
            question.max_choices.is_some(),
            only(&[QuestionType::Multiple]),
        ),
        ("min_length", question.min_length.is_some(), TEXT_TYPES),
        ("max_length", question.max_length.is_some(), TEXT_TYPES),
        (
            "pattern",
            question.pattern.is_some(),
            only(&[QuestionType::Text]),
        ),
        (
            "pattern_message",
            question.pattern_message.is_some(),
            only(&[QuestionType::Text]),
        ),
        ("min", question.min.is_some(), only(&[QuestionType::Number])),
        ("max", question.max.is_some(), only(&[QuestionType::Number])),
        ("integer", question.integer, only(&[QuestionType::Number])),
        (
            "unit",
            question.unit.is_some(),
            only(&[QuestionType::Number]),
        ),
        (
            "scale",
            question.scale.is_some(),
            only(&[QuestionType::Rating]),
        ),
        (
            "min_date",
            question.min_date.is_some(),
            only(&[QuestionType::Date]),
        ),
        (
            "max_date",
            question.max_date.is_some(),
            only(&[QuestionType::Date]),
        ),
        (
            "consent",
            question.consent.is_some(),
            only(&[QuestionType::Mobile]),
        ),
        (
            "placeholder",
            question.placeholder.is_some(),
            PLACEHOLDER_TYPES,
        ),
    ] {
        if is_set && !used_by.contains(&kind) {
            let names: Vec<&str> = used_by.iter().map(|kind| kind.as_str()).collect();
            issues.push(
                PageIssue::new(
                    field(name),
                    format!("is not used by `{}` questions", kind.as_str()),
                )
                .hint(format!("only {} questions use it", backticked(&names))),
            );
        }
    }

    if kind.is_choice() {
        check_options(question, at, issues);
    }
    if kind == QuestionType::Multiple {
        check_choice_counts(question, at, issues);
    }
    if let Some(max) = question.effective_max_length() {
        if question.max_length == Some(0) {
            issues.push(PageIssue::new(field("max_length"), "must be at least 1"));
        } else if let Some(min) = question.min_length.filter(|min| *min > max) {
            let limit = match question.max_length {
                Some(_) => format!("`max_length` ({max})"),
                None => format!("the default `max_length` of {max} for `{}`", kind.as_str()),
            };
            issues.push(PageIssue::new(
                field("min_length"),
                format!("{min} is more than {limit}"),
            ));
        }
    }
    if kind == QuestionType::Text {
        if let Some(pattern) = &question.pattern {
            if TextPattern::from_name(pattern).is_none() {
                let names = TextPattern::ALL.map(TextPattern::as_str);
                issues.push(
                    PageIssue::new(
                        field("pattern"),
                        format!("`{pattern}` is not a pattern name"),
                    )
                    .hint(format!("expected one of {}", backticked(&names))),
                );
            }
        } else if question.pattern_message.is_some() {
            issues.push(
                PageIssue::new(field("pattern_message"), "has no `pattern` to explain")
                    .hint("set `pattern` too, or remove this"),
            );
        }
        not_blank(
            issues,
            at,
            "pattern_message",
            question.pattern_message.as_deref(),
        );
    }
    if kind == QuestionType::Number {
        if let (Some(min), Some(max)) = (question.min, question.max) {
            if min > max {
                issues.push(PageIssue::new(field("min"), "is more than `max`"));
            }
        }
        not_blank(issues, at, "unit", question.unit.as_deref());
    }
    if kind == QuestionType::Rating {
        if let Some(scale) = question.scale.filter(|scale| !(3..=10).contains(scale)) {
            issues.push(
                PageIssue::new(field("scale"), format!("{scale} is not a number of stars"))
                    .hint("use 3 to 10"),
            );
        }
    }
    if kind == QuestionType::Date {
        check_date_range(question, at, issues);
    }
    if kind == QuestionType::Mobile {
        match question.consent.as_deref().map(str::trim) {
            None => issues.push(
                PageIssue::new(field("consent"), "is required for `mobile` questions")
                    .hint("the text of the checkbox the visitor ticks to agree to be contacted, e.g. `我同意招商银行使用该手机号联系我`"),
            ),
            Some("") => issues.push(PageIssue::new(field("consent"), "must not be empty")),
            Some(_) => {}
        }
    }
    if PLACEHOLDER_TYPES.contains(&kind) {
        not_blank(issues, at, "placeholder", question.placeholder.as_deref());
    }
    if let Some(condition) = &question.show_if {
        check_show_if(condition, all, position, &field("show_if"), issues);
    }
}

fn check_options(question: &Question, at: &str, issues: &mut Vec<PageIssue>) {
    if question.options.is_empty() {
        issues.push(
            PageIssue::new(
                format!("{at}.options"),
                format!(
                    "must list at least one option for a `{}` question",
                    question.kind.as_str()
                ),
            )
            .hint("an option is `{ \"value\": \"wechat\", \"label\": \"公众号推文\" }`"),
        );
    }
    for (index, option) in question.options.iter().enumerate() {
        let here = format!("{at}.options[{index}]");
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
        } else if value == OTHER_VALUE {
            issues.push(
                PageIssue::new(
                    format!("{here}.value"),
                    format!("`{OTHER_VALUE}` is reserved"),
                )
                .hint("set the question's `other` to offer an \"other, please specify\" choice"),
            );
        } else if let Some(first) = question
            .options
            .iter()
            .take(index)
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
    if question
        .other
        .as_deref()
        .is_some_and(|label| label.trim().is_empty())
    {
        issues.push(
            PageIssue::new(format!("{at}.other"), "must not be empty")
                .hint("it is the label of the \"other, please specify\" choice, e.g. `其他`"),
        );
    }
}

fn check_choice_counts(question: &Question, at: &str, issues: &mut Vec<PageIssue>) {
    let offered = u32::try_from(question.options.len())
        .unwrap_or(u32::MAX)
        .saturating_add(u32::from(question.other.is_some()));
    if let Some(min) = question.min_choices {
        if min > offered {
            issues.push(PageIssue::new(
                format!("{at}.min_choices"),
                format!("asks for {min} choices, but the question offers {offered}"),
            ));
        } else if let Some(max) = question.max_choices.filter(|max| min > *max) {
            issues.push(PageIssue::new(
                format!("{at}.min_choices"),
                format!("{min} is more than `max_choices` ({max})"),
            ));
        }
    }
    if let Some(max) = question.max_choices {
        if max == 0 {
            issues.push(PageIssue::new(
                format!("{at}.max_choices"),
                "must be at least 1",
            ));
        } else if max > offered {
            issues.push(PageIssue::new(
                format!("{at}.max_choices"),
                format!("allows {max} choices, but the question offers {offered}"),
            ));
        }
    }
}

fn check_date_range(question: &Question, at: &str, issues: &mut Vec<PageIssue>) {
    let mut read = |name: &str, text: Option<&String>| {
        let text = text?;
        let date = date_number(text);
        if date.is_none() {
            issues.push(
                PageIssue::new(format!("{at}.{name}"), format!("`{text}` is not a date"))
                    .hint("write dates as `YYYY-MM-DD`, e.g. `2026-01-01`"),
            );
        }
        date
    };
    let min = read("min_date", question.min_date.as_ref());
    let max = read("max_date", question.max_date.as_ref());
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            issues.push(PageIssue::new(
                format!("{at}.min_date"),
                "is after `max_date`",
            ));
        }
    }
}

fn check_show_if(
    condition: &ShowIf,
    all: &[(String, &Question)],
    position: usize,
    at: &str,
    issues: &mut Vec<PageIssue>,
) {
    let wanted = condition.question.as_str();
    let target = all
        .iter()
        .take(position)
        .find(|(_, earlier)| earlier.id == wanted);
    if target.is_none() {
        let this = all.get(position).map(|(_, question)| question.id.as_str());
        let later = all
            .iter()
            .skip(position + 1)
            .find(|(_, later)| later.id == wanted);
        let issue = if this == Some(wanted) {
            PageIssue::new(
                format!("{at}.question"),
                "a question cannot depend on itself",
            )
            .hint("refer to an earlier question")
        } else if let Some((later_at, _)) = later {
            PageIssue::new(
                format!("{at}.question"),
                format!("`{wanted}` comes later ({later_at})"),
            )
            .hint("a question can only depend on one shown before it: move one of them")
        } else {
            PageIssue::new(
                format!("{at}.question"),
                format!("there is no question `{wanted}` in this survey"),
            )
            .hint("use the id of an earlier question")
        };
        issues.push(issue);
    }
    let given = usize::from(condition.equals.is_some())
        + usize::from(!condition.any_of.is_empty())
        + usize::from(condition.answered.is_some());
    if given != 1 {
        issues.push(
            PageIssue::new(at.to_owned(), "must give exactly one of `equals`, `any_of` or `answered`")
                .hint("`equals`: an option value; `any_of`: a list of option values; `answered`: `true` or `false`"),
        );
    }
    let Some((_, target)) = target else {
        return;
    };
    let values = condition
        .equals
        .iter()
        .map(|value| (format!("{at}.equals"), value))
        .chain(
            condition
                .any_of
                .iter()
                .enumerate()
                .map(|(index, value)| (format!("{at}.any_of[{index}]"), value)),
        );
    for (path, value) in values {
        if !target.kind.is_choice() {
            issues.push(
                PageIssue::new(
                    path,
                    format!(
                        "`{wanted}` is a `{}` question, which has no options",
                        target.kind.as_str()
                    ),
                )
                .hint("use `answered` to depend on whether it was answered"),
            );
            // One report per condition is enough for a wrong question type.
            return;
        }
        if !target.offers(value) {
            let mut names: Vec<&str> = target.options.iter().map(|o| o.value.as_str()).collect();
            if target.other.is_some() {
                names.push(OTHER_VALUE);
            }
            issues.push(
                PageIssue::new(path, format!("`{value}` is not an option of `{wanted}`"))
                    .hint(format!("expected one of {}", backticked(&names))),
            );
        }
    }
}

/// Reports an optional text that is present but blank, at `at.name`.
fn not_blank(issues: &mut Vec<PageIssue>, at: &str, name: &str, text: Option<&str>) {
    let path = if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    };
    crate::diagnostics::issue::not_blank(issues, &path, text);
}

fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

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
}

impl AnswerProblem {
    /// A short sentence for the visitor, shown under the question.
    pub fn message(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        let pick = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_owned();
        match self {
            AnswerProblem::Required => pick("请填写此题", "This question is required"),
            AnswerProblem::WrongType => {
                pick("答案格式不对，请重新作答", "Answer this question again")
            }
            AnswerProblem::UnknownChoice => pick("请从选项中选择", "Choose one of the options"),
            AnswerProblem::OtherTextMissing => pick("请填写具体内容", "Please specify"),
            AnswerProblem::TooFewChoices { min } if zh => format!("至少选择 {min} 项"),
            AnswerProblem::TooFewChoices { min } => format!("Choose at least {min}"),
            AnswerProblem::TooManyChoices { max } if zh => format!("最多选择 {max} 项"),
            AnswerProblem::TooManyChoices { max } => format!("Choose at most {max}"),
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
    survey
        .questions()
        .zip(visibility(survey, answers))
        .filter(|(_, shown)| *shown)
        .filter_map(|(question, _)| {
            check_answer(question, answers.get(&question.id))
                .err()
                .map(|problem| (question.id.clone(), problem))
        })
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

/// A mainland China mobile number as its 11 digits, from what a visitor typed:
/// spaces and hyphens are ignored, and a leading `+86` or `86` is dropped.
/// `None` when it is not 11 digits starting `13` to `19`.
pub fn normalise_mobile(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .collect();
    let digits = match compact.strip_prefix("+86") {
        Some(rest) => rest,
        None if compact.len() == 13 => compact.strip_prefix("86").unwrap_or(&compact),
        None => &compact,
    };
    let well_formed = digits.len() == 11
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(digits.as_bytes(), [b'1', b'3'..=b'9', ..]);
    well_formed.then(|| digits.to_owned())
}

/// Writes a number for a visitor without Rust's float formatter (large in
/// WebAssembly): whole numbers without `.0`, others with up to 6 decimals.
pub fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude.fract() == 0.0 || magnitude >= 1e12 {
        // `as` saturates (and maps NaN to 0): never a panic.
        return (value.round() as i64).to_string();
    }
    let millionths = (magnitude * 1e6).round() as u64;
    let whole = millionths / 1_000_000;
    let mut fraction = millionths % 1_000_000;
    let sign = if value < 0.0 && millionths != 0 {
        "-"
    } else {
        ""
    };
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let mut digits: usize = 6;
    while fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    format!("{sign}{whole}.{fraction:0digits$}")
}

/// A `YYYY-MM-DD` date as the number `YYYYMMDD` (so dates compare as numbers),
/// if it is a real calendar date.
fn date_number(text: &str) -> Option<u32> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes() else {
        return None;
    };
    calendar_date(
        digits_value(&[y0, y1, y2, y3])?,
        digits_value(&[m0, m1])?,
        digits_value(&[d0, d1])?,
    )
}

fn calendar_date(year: u32, month: u32, day: u32) -> Option<u32> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year > 0 && (1..=days).contains(&day)).then_some(year * 10_000 + month * 100 + day)
}

/// The value of ASCII digits (at most 9 of them), or `None` if any is not a digit.
fn digits_value(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &b| {
        b.is_ascii_digit()
            .then(|| value.saturating_mul(10).saturating_add(u32::from(b - b'0')))
    })
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let top_ok = domain
        .rsplit_once('.')
        .is_some_and(|(_, top)| top.len() >= 2 && top.bytes().all(|b| b.is_ascii_alphabetic()));
    local_ok && top_ok && domain.split('.').all(label_ok)
}

/// 17 digits, a birth date among them, and the ISO 7064 MOD 11-2 check character.
fn is_id_card_cn(text: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let Some((&check, body)) = text.as_bytes().split_last() else {
        return false;
    };
    if body.len() != 17 || !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let birth = body.get(6..14).and_then(|date| {
        let (year, rest) = date.split_at_checked(4)?;
        let (month, day) = rest.split_at_checked(2)?;
        calendar_date(
            digits_value(year)?,
            digits_value(month)?,
            digits_value(day)?,
        )
    });
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    let expected = CHECK.get(usize::try_from(sum % 11).unwrap_or(0)).copied();
    birth.is_some() && expected == Some(check.to_ascii_uppercase())
}
