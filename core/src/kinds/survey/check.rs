//! The survey's config checker: every rule a marketer can break that the types
//! cannot express.

use super::formats::{TextPattern, date_number};
use super::{
    CHOICE_TYPES, OTHER_VALUE, PLACEHOLDER_TYPES, Question, QuestionType, ShowIf, SurveyPage,
    TEXT_TYPES,
};
use crate::diagnostics::backticked;
use crate::diagnostics::issue::{
    PageIssue, at_least_one, bad_url, id_hint, id_taken, invalid_id, invalid_option_value,
    invalid_pool_name, must_not_be_empty, one_of, option_value_taken,
};
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::limits::{MAX_OPTION_VALUE_CHARS, MAX_POOL_NAME_CHARS};
use crate::primitives::text::{phrase, text};

/// Every rule of a survey config the types cannot express, each problem reported
/// (in document order) rather than only the first.
pub fn check_survey(page: &SurveyPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    if page.sections.is_empty() {
        issues.push(
            PageIssue::new(
                "sections",
                phrase!("至少要有一个部分", "must list at least one section"),
            )
            .with_hint(phrase!(
                "部分的写法如 `{ \"questions\": [...] }`",
                "a section is `{ \"questions\": [...] }`"
            )),
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
                phrase!("至少要有一道题", "must list at least one question"),
            ));
        }
        for _ in &section.questions {
            check_question(&all, position, &mut issues);
            position += 1;
        }
    }
    if let Some(reward) = &page.reward {
        if reward.message.trim().is_empty() {
            issues.push(PageIssue::new("reward.message", must_not_be_empty()));
        }
        if let Some(pool) = &reward.code_pool {
            if !is_name(pool, MAX_POOL_NAME_CHARS) {
                let (message, hint) = invalid_pool_name(pool);
                issues.push(PageIssue::new("reward.code_pool", message).with_hint(hint));
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
        issues.push(PageIssue::new(field("id"), invalid_id(&question.id)).with_hint(id_hint()));
    } else if let Some((first, _)) = earlier().find(|(_, other)| other.id == question.id) {
        issues.push(
            PageIssue::new(field("id"), id_taken(&question.id, format_args!("{first}"))).with_hint(
                phrase!(
                    "整份问卷的题目 id 不能重复：答案按 id 保存",
                    "question ids must be unique across the survey: answers are stored by id"
                ),
            ),
        );
    }
    if question.label.trim().is_empty() {
        issues.push(PageIssue::new(field("label"), must_not_be_empty()));
    }
    if let Some(image) = &question.image {
        if let Some(problem) = image.problem() {
            issues.push(
                PageIssue::new(field("image"), bad_url(image, &problem)).with_hint(phrase!(
                    "请用以 `https://` 开头的完整网址，或本站的路径，如 `/images/q1.png`",
                    "use an absolute `https://` URL, or a path such as `/images/q1.png`"
                )),
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
                    text!(
                        "`{kind}` 题不使用这个字段",
                        "is not used by `{kind}` questions",
                        kind = kind.as_str()
                    ),
                )
                .with_hint(text!(
                    "只有 {names} 题使用它",
                    "only {names} questions use it";
                    names = backticked(&names)
                )),
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
            issues.push(PageIssue::new(field("max_length"), at_least_one()));
        } else if let Some(min) = question.min_length.filter(|min| *min > max) {
            let limit = match question.max_length {
                Some(_) => text!("`max_length`（{max}）", "`max_length` ({max})"),
                None => text!(
                    "`{kind}` 题默认的 `max_length`（{max}）",
                    "the default `max_length` of {max} for `{kind}`",
                    kind = kind.as_str()
                ),
            };
            issues.push(PageIssue::new(
                field("min_length"),
                text!("{min} 大于 {limit}", "{min} is more than {limit}"; limit = limit),
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
                        text!(
                            "`{pattern}` 不是格式名称",
                            "`{pattern}` is not a pattern name"
                        ),
                    )
                    .with_hint(one_of(names)),
                );
            }
        } else if question.pattern_message.is_some() {
            issues.push(
                PageIssue::new(
                    field("pattern_message"),
                    phrase!(
                        "没有对应的 `pattern` 需要说明",
                        "has no `pattern` to explain"
                    ),
                )
                .with_hint(phrase!(
                    "请同时设置 `pattern`，或删除这一项",
                    "set `pattern` too, or remove this"
                )),
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
                issues.push(PageIssue::new(
                    field("min"),
                    phrase!("大于 `max`", "is more than `max`"),
                ));
            }
        }
        not_blank(issues, at, "unit", question.unit.as_deref());
    }
    if kind == QuestionType::Rating {
        if let Some(scale) = question.scale.filter(|scale| !(3..=10).contains(scale)) {
            issues.push(
                PageIssue::new(
                    field("scale"),
                    text!("{scale} 不是可用的星数", "{scale} is not a number of stars"),
                )
                .with_hint(phrase!("请用 3 到 10", "use 3 to 10")),
            );
        }
    }
    if kind == QuestionType::Date {
        check_date_range(question, at, issues);
    }
    if kind == QuestionType::Mobile {
        match question.consent.as_deref().map(str::trim) {
            None => issues.push(
                PageIssue::new(
                    field("consent"),
                    phrase!("`mobile` 题必须填写", "is required for `mobile` questions"),
                )
                .with_hint(phrase!("访客勾选以同意被联系的复选框文字，如 `我同意招商银行使用该手机号联系我`", "the text of the checkbox the visitor ticks to agree to be contacted, e.g. `我同意招商银行使用该手机号联系我`")),
            ),
            Some("") => issues.push(PageIssue::new(field("consent"), must_not_be_empty())),
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
                text!(
                    "`{kind}` 题至少要有一个选项",
                    "must list at least one option for a `{kind}` question",
                    kind = question.kind.as_str()
                ),
            )
            .with_hint(phrase!(
                "选项的写法如 `{ \"value\": \"wechat\", \"label\": \"公众号推文\" }`",
                "an option is `{ \"value\": \"wechat\", \"label\": \"公众号推文\" }`"
            )),
        );
    }
    for (index, option) in question.options.iter().enumerate() {
        let here = format!("{at}.options[{index}]");
        let value = option.value.as_str();
        if value.trim().is_empty()
            || value.chars().count() > MAX_OPTION_VALUE_CHARS
            || value.chars().any(char::is_control)
        {
            let (message, hint) = invalid_option_value(value);
            issues.push(PageIssue::new(format!("{here}.value"), message).with_hint(hint));
        } else if value == OTHER_VALUE {
            issues.push(
                PageIssue::new(
                    format!("{here}.value"),
                    text!("`{OTHER_VALUE}` 是保留值", "`{OTHER_VALUE}` is reserved"),
                )
                .with_hint(phrase!(
                    "要提供“其他（请注明）”选项，请设置这道题的 `other`",
                    "set the question's `other` to offer an \"other, please specify\" choice"
                )),
            );
        } else if let Some(first) = question
            .options
            .iter()
            .take(index)
            .position(|earlier| earlier.value == value)
        {
            let (message, hint) = option_value_taken(value, first);
            issues.push(PageIssue::new(format!("{here}.value"), message).with_hint(hint));
        }
        if option.label.trim().is_empty() {
            issues.push(PageIssue::new(format!("{here}.label"), must_not_be_empty()));
        }
    }
    if question
        .other
        .as_deref()
        .is_some_and(|label| label.trim().is_empty())
    {
        issues.push(
            PageIssue::new(format!("{at}.other"), must_not_be_empty()).with_hint(phrase!(
                "它是“其他（请注明）”选项的文字，如 `其他`",
                "it is the label of the \"other, please specify\" choice, e.g. `其他`"
            )),
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
                text!(
                    "要求选 {min} 项，但这道题只有 {offered} 个选项",
                    "asks for {min} choices, but the question offers {offered}"
                ),
            ));
        } else if let Some(max) = question.max_choices.filter(|max| min > *max) {
            issues.push(PageIssue::new(
                format!("{at}.min_choices"),
                text!(
                    "{min} 大于 `max_choices`（{max}）",
                    "{min} is more than `max_choices` ({max})"
                ),
            ));
        }
    }
    if let Some(max) = question.max_choices {
        if max == 0 {
            issues.push(PageIssue::new(format!("{at}.max_choices"), at_least_one()));
        } else if max > offered {
            issues.push(PageIssue::new(
                format!("{at}.max_choices"),
                text!(
                    "允许选 {max} 项，但这道题只有 {offered} 个选项",
                    "allows {max} choices, but the question offers {offered}"
                ),
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
                PageIssue::new(
                    format!("{at}.{name}"),
                    text!("`{text}` 不是日期", "`{text}` is not a date"),
                )
                .with_hint(phrase!(
                    "日期请写成 `YYYY-MM-DD`，如 `2026-01-01`",
                    "write dates as `YYYY-MM-DD`, e.g. `2026-01-01`"
                )),
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
                phrase!("晚于 `max_date`", "is after `max_date`"),
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
                phrase!("题目不能以自己为条件", "a question cannot depend on itself"),
            )
            .with_hint(phrase!("请指向前面的题目", "refer to an earlier question"))
        } else if let Some((later_at, _)) = later {
            PageIssue::new(
                format!("{at}.question"),
                text!(
                    "`{wanted}` 在这道题后面（{later_at}）",
                    "`{wanted}` comes later ({later_at})"
                ),
            )
            .with_hint(phrase!(
                "题目只能以在它之前出现的题为条件：请调整其中一道题的位置",
                "a question can only depend on one shown before it: move one of them"
            ))
        } else {
            PageIssue::new(
                format!("{at}.question"),
                text!(
                    "本问卷没有题目 `{wanted}`",
                    "there is no question `{wanted}` in this survey"
                ),
            )
            .with_hint(phrase!(
                "请使用前面某道题的 id",
                "use the id of an earlier question"
            ))
        };
        issues.push(issue);
    }
    let given = usize::from(condition.equals.is_some())
        + usize::from(!condition.any_of.is_empty())
        + usize::from(condition.answered.is_some());
    if given != 1 {
        issues.push(
            PageIssue::new(
                at,
                phrase!("`equals`、`any_of`、`answered` 必须且只能写一个", "must give exactly one of `equals`, `any_of` or `answered`"),
            )
            .with_hint(phrase!("`equals`：一个选项值；`any_of`：选项值的列表；`answered`：`true` 或 `false`", "`equals`: an option value; `any_of`: a list of option values; `answered`: `true` or `false`")),
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
                    text!(
                        "`{wanted}` 是 `{kind}` 题，没有选项",
                        "`{wanted}` is a `{kind}` question, which has no options",
                        kind = target.kind.as_str()
                    ),
                )
                .with_hint(phrase!(
                    "可以改用 `answered`，以它是否作答为条件",
                    "use `answered` to depend on whether it was answered"
                )),
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
                PageIssue::new(
                    path,
                    text!(
                        "`{value}` 不是 `{wanted}` 的选项",
                        "`{value}` is not an option of `{wanted}`"
                    ),
                )
                .with_hint(one_of(&names)),
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
