//! A problem in one page's config, found by that kind's own checker.

pub(crate) use super::hints::one_of;
use std::fmt;

use crate::primitives::clock::UtcOffset;
use crate::primitives::ids::MAX_ID_CHARS;
use crate::primitives::limits::{MAX_OPTION_VALUE_CHARS, MAX_POOL_NAME_CHARS};
use crate::primitives::text::Phrase;
use crate::primitives::text::{phrase, text};
use crate::primitives::{Color, Locale, Text, Url};

/// A problem in a page's config that its types cannot express. The validator
/// reports it at the page's path followed by `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageIssue {
    /// Where, relative to the page: `sections[0].questions[2].options`.
    pub path: String,
    message: Text,
    hint: Option<Text>,
}

impl PageIssue {
    // Fixed words or a `Text`, and never inlined, as `Diagnostic::new`.
    #[inline(never)]
    pub(crate) fn new(path: impl Into<String>, message: impl Into<Text>) -> Self {
        PageIssue {
            path: path.into(),
            message: message.into(),
            hint: None,
        }
    }

    #[inline(never)]
    pub(crate) fn with_hint(mut self, hint: impl Into<Text>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// What is wrong, in `locale`.
    pub fn message(&self, locale: Locale) -> &str {
        self.message.get(locale)
    }

    /// What to do about it, in `locale`, when there is something specific to say.
    pub fn hint(&self, locale: Locale) -> Option<&str> {
        self.hint.as_ref().map(|hint| hint.get(locale))
    }

    /// Its message and hint, for the validator to report at the full path.
    #[cfg(feature = "thorough-diagnostics")] // the kinds' rules only
    pub(crate) fn into_parts(self) -> (String, Text, Option<Text>) {
        (self.path, self.message, self.hint)
    }
}

/// Reports, at `path`, an optional text that is present but blank.
pub(crate) fn not_blank(issues: &mut Vec<PageIssue>, path: &str, text: Option<&str>) {
    if text.is_some_and(|text| text.trim().is_empty()) {
        issues.push(PageIssue::new(path, must_not_be_empty()));
    }
}

/// Reports a page's `utc_offset` that is not an offset from UTC: the pages
/// that tell times (benefits, courses, check-ins) keep them in one zone.
pub(crate) fn utc_offset_problem(issues: &mut Vec<PageIssue>, offset: &UtcOffset) {
    if offset.minutes().is_some() {
        return;
    }
    issues.push(
        PageIssue::new(
            "utc_offset",
            text!(
                "`{offset}` 不是与 UTC 的时差",
                "`{offset}` is not an offset from UTC",
                offset = offset.as_str()
            ),
        )
        .with_hint(phrase!(
            "请写成 `+08:00`（北京时间，默认值）这样的格式，在 `-12:00` 到 `+14:00` 之间",
            "write it like `+08:00` (Beijing time, the default), from `-12:00` to `+14:00`"
        )),
    );
}

// Problems many checkers report, each worded once.

pub(crate) fn must_not_be_empty() -> Phrase {
    phrase!("不能为空", "must not be empty")
}

pub(crate) fn at_least_one() -> Phrase {
    phrase!("至少为 1", "must be at least 1")
}

pub(crate) fn longer_than(max_chars: usize) -> Text {
    text!(
        "超过了 {max_chars} 个字符",
        "is longer than {max_chars} characters"
    )
}

pub(crate) fn invalid_id(id: &str) -> Text {
    text!("`{id}` 不是有效的 id", "`{id}` is not a valid id")
}

/// The rule of [`crate::primitives::ids::is_id`].
pub(crate) fn id_hint() -> Text {
    text!(
        "请用 1 到 {MAX_ID_CHARS} 个小写字母、数字、`-` 或 `_`，并以字母或数字开头",
        "use 1 to {MAX_ID_CHARS} lowercase letters, digits, `-` or `_`, starting with a letter or digit"
    )
}

/// `id` is used earlier, at `first` (such as `pages[0]`).
pub(crate) fn id_taken(id: &str, first: fmt::Arguments<'_>) -> Text {
    text!(
        "`{id}` 已经是 {first} 的 id",
        "`{id}` is already the id of {first}"
    )
}

pub(crate) fn not_a_colour(color: &Color) -> (Text, Phrase) {
    (
        text!(
            "`{color}` 不是颜色",
            "`{color}` is not a colour",
            color = color.as_str()
        ),
        phrase!(
            "请写成 `#rgb`、`#rrggbb` 或 `#rrggbbaa`，如 `#c8102e`",
            "write it as `#rgb`, `#rrggbb` or `#rrggbbaa`, e.g. `#c8102e`"
        ),
    )
}

/// `url` and what is wrong with it, as [`Url::problem`] says.
pub(crate) fn bad_url(url: &Url, problem: &Phrase) -> Text {
    text!("`{url}` {problem}", "`{url}` {problem}", url = url.as_str(); problem = problem)
}

/// `pool` is not a name a backend's pool of codes can have.
pub(crate) fn invalid_pool_name(pool: &str) -> (Text, Text) {
    (
        text!(
            "`{pool}` 不是有效的兑换码池名称",
            "`{pool}` is not a valid pool name"
        ),
        text!(
            "请用 1 到 {MAX_POOL_NAME_CHARS} 个小写字母、数字、`-` 或 `_`",
            "use 1 to {MAX_POOL_NAME_CHARS} lowercase letters, digits, `-` or `_`"
        ),
    )
}

/// `text` is not a `YYYY-MM-DD` calendar date.
pub(crate) fn not_a_date(text: &str) -> (Text, Phrase) {
    (
        text!("`{text}` 不是日期", "`{text}` is not a date"),
        phrase!(
            "请写成 `YYYY-MM-DD`，如 `2027-03-01`",
            "write it as `YYYY-MM-DD`, e.g. `2027-03-01`"
        ),
    )
}

/// `text` is not an RFC 3339 time with its offset.
pub(crate) fn not_a_timestamp(text: &str) -> (Text, Phrase) {
    (
        text!("`{text}` 不是时间", "`{text}` is not a time"),
        phrase!(
            "请写成 `2026-11-30T18:00:00+08:00` 这样的格式",
            "write it like `2026-11-30T18:00:00+08:00`"
        ),
    )
}

/// An option value is blank, too long or holds line breaks.
pub(crate) fn invalid_option_value(value: &str) -> (Text, Text) {
    (
        text!(
            "`{value}` 不是有效的选项值",
            "`{value}` is not a valid option value"
        ),
        text!(
            "请用 1 到 {MAX_OPTION_VALUE_CHARS} 个字符，不含换行；结果里存的就是这个值",
            "use 1 to {MAX_OPTION_VALUE_CHARS} characters without line breaks; results store this value"
        ),
    )
}

/// `value` is used by an earlier option of the same question, `options[first]`.
pub(crate) fn option_value_taken(value: &str, first: usize) -> (Text, Phrase) {
    (
        text!(
            "`{value}` 已经是 options[{first}] 的值",
            "`{value}` is already the value of options[{first}]"
        ),
        phrase!(
            "同一题的选项值不能重复",
            "option values must be unique within a question"
        ),
    )
}

/// `"s"` unless there is exactly one.
pub(crate) fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
