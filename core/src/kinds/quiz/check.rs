//! The quiz's config checker.

use super::{MAX_OPTIONS, MAX_QUESTIONS, MAX_SCORE, QuizPage, QuizQuestion, QuizScoring};
use crate::diagnostics::issue::{
    PageIssue, bad_url, id_hint, id_taken, invalid_id, invalid_option_value, must_not_be_empty,
    not_blank, option_value_taken, plural,
};
use crate::primitives::Text;
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::limits::MAX_OPTION_VALUE_CHARS;
use crate::primitives::text::{phrase, text};

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
            PageIssue::new(
                "questions",
                phrase!("至少要有一道题", "must list at least one question"),
            )
            .with_hint(phrase!(
                "题目的写法如 `{ \"id\": \"q1\", \"label\": \"...\", \"options\": [...] }`",
                "a question is `{ \"id\": \"q1\", \"label\": \"...\", \"options\": [...] }`"
            )),
        );
    } else if page.questions.len() > MAX_QUESTIONS {
        issues.push(PageIssue::new(
            "questions",
            text!(
                "列出了 {count} 道题；一个测试最多 {MAX_QUESTIONS} 道",
                "lists {count} questions; a quiz may have at most {MAX_QUESTIONS}",
                count = page.questions.len()
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
                PageIssue::new(format!("{at}.id"), invalid_id(&question.id)).with_hint(id_hint()),
            );
        } else if let Some(first) = page.questions[..index]
            .iter()
            .position(|earlier| earlier.id == question.id)
        {
            issues.push(
                PageIssue::new(
                    format!("{at}.id"),
                    id_taken(&question.id, format_args!("questions[{first}]")),
                )
                .with_hint(phrase!(
                    "题目 id 不能重复：答案按 id 保存",
                    "question ids must be unique: answers are stored by id"
                )),
            );
        }
        if question.label.trim().is_empty() {
            issues.push(PageIssue::new(format!("{at}.label"), must_not_be_empty()));
        }
        let count = question.options.len();
        if !(2..=MAX_OPTIONS).contains(&count) {
            issues.push(
                PageIssue::new(
                    format!("{at}.options"),
                    text!(
                        "列出了 {count} 个选项；每道题需要 2 到 {MAX_OPTIONS} 个",
                        "lists {count} option{s}; a question needs 2 to {MAX_OPTIONS}",
                        s = plural(count)
                    ),
                )
                .with_hint(phrase!(
                    "选项的写法如 `{ \"value\": \"a\", \"label\": \"...\", \"score\": 1 }`",
                    "an option is `{ \"value\": \"a\", \"label\": \"...\", \"score\": 1 }`"
                )),
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
                            PageIssue::new(format!("{here}.score"), required_for("total"))
                                .with_hint(phrase!(
                                    "请给每个选项写上它加的分，如 `\"score\": 2`",
                                    "give every option the points it adds, e.g. `\"score\": 2`"
                                )),
                        ),
                        Some(score) => check_score(score, &format!("{here}.score"), &mut issues),
                    }
                    if !option.scores.is_empty() {
                        issues.push(
                            PageIssue::new(format!("{here}.scores"), not_used_by("total"))
                                .with_hint(phrase!(
                                    "请改用 `score`，或把页面设为 `\"scoring\": \"dimensions\"`",
                                    "use `score`, or set the page's `\"scoring\": \"dimensions\"`"
                                )),
                        );
                    }
                }
                Some(QuizScoring::Dimensions) => {
                    if option.score.is_some() {
                        issues.push(
                            PageIssue::new(format!("{here}.score"), not_used_by("dimensions"))
                                .with_hint(phrase!("请在 `scores` 里按维度给分，如 `{ \"romantic\": 2 }`", "give points per dimension in `scores`, e.g. `{ \"romantic\": 2 }`")),
                        );
                    }
                    if option.scores.is_empty() {
                        issues.push(
                            PageIssue::new(
                                format!("{here}.scores"),
                                phrase!("`dimensions` 计分时至少要给一个维度加分", "must give points to at least one dimension for `dimensions` scoring"),
                            )
                            .with_hint(phrase!("如 `\"scores\": { \"romantic\": 2 }`；中立的选项写 `0`", "e.g. `\"scores\": { \"romantic\": 2 }`; write `0` for a neutral choice")),
                        );
                    }
                    for (dimension, &points) in &option.scores {
                        if !is_name(dimension, MAX_ID_CHARS) {
                            issues.push(
                                PageIssue::new(
                                    format!("{here}.scores"),
                                    text!(
                                        "`{dimension}` 不是有效的维度名称",
                                        "`{dimension}` is not a valid dimension name"
                                    ),
                                )
                                .with_hint(text!(
                                    "请用 1 到 {MAX_ID_CHARS} 个小写字母、数字、`-` 或 `_`",
                                    "use 1 to {MAX_ID_CHARS} lowercase letters, digits, `-` or `_`"
                                )),
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
                                    text!(
                                        "没有哪个结果档位写了 `\"dimension\": \"{dimension}\"`",
                                        "no tier has `\"dimension\": \"{dimension}\"`"
                                    ),
                                )
                                .with_hint(phrase!(
                                    "请为这个维度添加一个结果档位，或改正拼写",
                                    "add a tier for this dimension, or fix its spelling"
                                )),
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
                    phrase!("是 `total`（默认值），但选项在 `scores` 里按维度给分", "is `total` (the default), but the options give points per dimension in `scores`"),
                )
                .with_hint(phrase!("请设置 `\"scoring\": \"dimensions\"`，或给每个选项写 `score`", "set `\"scoring\": \"dimensions\"`, or give each option a `score`")),
            );
            None
        }
        QuizScoring::Dimensions if with_score && !with_scores => {
            issues.push(
                PageIssue::new(
                    "scoring",
                    phrase!(
                        "是 `dimensions`，但选项给的是总分 `score`，而不是 `scores`",
                        "is `dimensions`, but the options give a total `score` instead of `scores`"
                    ),
                )
                .with_hint(phrase!(
                    "删除 `scoring` 以累加各选项的 `score`，或给每个选项写 `scores`",
                    "remove `scoring` to add up the `score`s, or give each option `scores`"
                )),
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
        let (message, hint) = invalid_option_value(value);
        issues.push(PageIssue::new(format!("{here}.value"), message).with_hint(hint));
    } else if let Some(first) = question.options[..position]
        .iter()
        .position(|earlier| earlier.value == value)
    {
        let (message, hint) = option_value_taken(value, first);
        issues.push(PageIssue::new(format!("{here}.value"), message).with_hint(hint));
    }
    if option.label.trim().is_empty() {
        issues.push(PageIssue::new(format!("{here}.label"), must_not_be_empty()));
    }
}

fn check_score(score: i32, path: &str, issues: &mut Vec<PageIssue>) {
    if !(-MAX_SCORE..=MAX_SCORE).contains(&score) {
        issues.push(PageIssue::new(
            path,
            text!(
                "{score} 超出了 -{MAX_SCORE} 到 {MAX_SCORE} 的范围",
                "{score} is outside -{MAX_SCORE} to {MAX_SCORE}"
            ),
        ));
    }
}

fn check_tiers(page: &QuizPage, scoring: Option<QuizScoring>, issues: &mut Vec<PageIssue>) {
    if page.tiers.is_empty() {
        issues.push(
            PageIssue::new(
                "tiers",
                phrase!("至少要有一个结果档位", "must list at least one result tier"),
            )
            .with_hint(phrase!("结果档位的写法如 `{ \"id\": \"high\", \"title\": \"...\", \"min\": 10, \"max\": 20 }`", "a tier is `{ \"id\": \"high\", \"title\": \"...\", \"min\": 10, \"max\": 20 }`")),
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
                PageIssue::new(format!("{at}.id"), invalid_id(&tier.id)).with_hint(id_hint()),
            );
        } else if let Some(first) = earlier.iter().position(|other| other.id == tier.id) {
            issues.push(
                PageIssue::new(
                    format!("{at}.id"),
                    id_taken(&tier.id, format_args!("tiers[{first}]")),
                )
                .with_hint(phrase!(
                    "结果档位的 id 不能重复：结果按档位 id 保存",
                    "tier ids must be unique: results are stored by tier id"
                )),
            );
        }
        if tier.title.trim().is_empty() {
            issues.push(PageIssue::new(format!("{at}.title"), must_not_be_empty()));
        }
        not_blank(
            issues,
            &format!("{at}.description"),
            tier.description.as_deref(),
        );
        if let Some(image) = &tier.image {
            if let Some(problem) = image.problem() {
                issues.push(
                    PageIssue::new(format!("{at}.image"), bad_url(image, &problem)).with_hint(
                        phrase!("请用以 `https://` 开头的完整网址，或本站的路径，如 `/images/result.png`", "use an absolute `https://` URL, or a path such as `/images/result.png`"),
                    ),
                );
            }
        }
        match scoring {
            None => {}
            Some(QuizScoring::Total) => {
                if tier.dimension.is_some() {
                    issues.push(
                        PageIssue::new(format!("{at}.dimension"), not_used_by("total")).with_hint(
                            phrase!(
                                "请用 `min` 和 `max` 写出这个档位的总分范围",
                                "give the tier's range of totals with `min` and `max`"
                            ),
                        ),
                    );
                }
                if let (Some(min), Some(max)) = (tier.min, tier.max) {
                    if min > max {
                        issues.push(PageIssue::new(
                            format!("{at}.min"),
                            text!(
                                "{min} 大于 `max`（{max}）",
                                "{min} is more than `max` ({max})"
                            ),
                        ));
                    }
                }
            }
            Some(QuizScoring::Dimensions) => {
                for (name, is_set) in [("min", tier.min.is_some()), ("max", tier.max.is_some())] {
                    if is_set {
                        issues.push(
                            PageIssue::new(format!("{at}.{name}"), not_used_by("dimensions"))
                                .with_hint(phrase!(
                                    "得分最高的维度所对应的档位就是结果",
                                    "the tier of the dimension with the most points is the result"
                                )),
                        );
                    }
                }
                match tier.dimension.as_deref() {
                    None => issues.push(
                        PageIssue::new(format!("{at}.dimension"), required_for("dimensions"))
                            .with_hint(phrase!("写出这个结果代表的维度，与选项 `scores` 里的写法一致", "name the dimension this result stands for, as in the options' `scores`")),
                    ),
                    Some(dimension) => {
                        if let Some(first) = earlier
                            .iter()
                            .position(|other| other.dimension.as_deref() == Some(dimension))
                        {
                            issues.push(
                                PageIssue::new(
                                    format!("{at}.dimension"),
                                    text!(
                                        "`{dimension}` 已经是 tiers[{first}] 的维度",
                                        "`{dimension}` is already the dimension of tiers[{first}]"
                                    ),
                                )
                                .with_hint(phrase!("每个维度只能有一个档位：这个档位永远不会成为结果", "one tier per dimension: this one could never be the result")),
                            );
                        } else if !option_dimensions.contains(&dimension) {
                            issues.push(
                                PageIssue::new(
                                    format!("{at}.dimension"),
                                    text!(
                                        "没有哪个选项给 `{dimension}` 加分",
                                        "no option gives points to `{dimension}`"
                                    ),
                                )
                                .with_hint(phrase!("只有所有维度都是 0 分时这个档位才会成为结果：请在一些选项的 `scores` 里给它加分，或改正拼写", "this tier could only win when every dimension has 0 points: add `scores` for it to some options, or fix its spelling")),
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
        text!(
            "无论怎么答，总分都是 {lowest}",
            "every answer gives a total of {lowest}"
        )
    } else {
        text!(
            "这个测试的总分范围是 {lowest} 到 {highest}",
            "this quiz's totals run from {lowest} to {highest}"
        )
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
            text!(
                "没有档位覆盖总分 {first}",
                "no tier covers a total of {first}"
            )
        } else {
            text!(
                "没有档位覆盖总分 {first} 到 {last}",
                "no tier covers the totals {first} to {last}"
            )
        };
        issues.push(PageIssue::new("tiers", message).with_hint(text!(
            "{span}；每个总分都需要一个档位，其 `min` 到 `max`（含两端）包含这个总分",
            "{span}; every total needs a tier whose `min` to `max` (both included) holds it";
            span = span
        )));
    }

    // Overlaps and unreachable tiers.
    for (index, tier) in page.tiers.iter().enumerate() {
        let at = format!("tiers[{index}]");
        let own = reachable.within(tier.min, tier.max);
        if own.is_none() {
            if tier.min.zip(tier.max).is_none_or(|(min, max)| min <= max) {
                issues.push(
                    PageIssue::new(
                        at,
                        phrase!("没有任何作答能得到这个档位", "no answers reach this tier"),
                    )
                    .with_hint(text!(
                        "{span}：请把它的 `min` 和 `max` 移到这个范围内",
                        "{span}: move its `min` and `max` into that range";
                        span = span
                    )),
                );
            }
            continue;
        }
        for (earlier, other) in page.tiers[..index].iter().enumerate() {
            let min = max_bound(tier.min, other.min);
            let max = min_bound(tier.max, other.max);
            if let Some((first, last)) = reachable.within(min, max) {
                let totals = if first == last {
                    text!("总分 {first}", "a total of {first}")
                } else {
                    text!("总分 {first} 到 {last}", "the totals {first} to {last}")
                };
                issues.push(
                    PageIssue::new(
                        at.clone(),
                        text!(
                            "和 tiers[{earlier}] 一样覆盖了{totals}",
                            "covers {totals}, as tiers[{earlier}] does";
                            totals = totals
                        ),
                    )
                    .with_hint(phrase!("每个总分只能对应一个档位：请让每个档位的 `min` 比前一个档位的 `max` 大 1", "each total must have exactly one tier: start a tier's `min` one above the `max` of the tier before it")),
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

/// "is required for `total` scoring", for a field `scoring` needs.
fn required_for(scoring: &str) -> Text {
    text!(
        "`{scoring}` 计分时必须填写",
        "is required for `{scoring}` scoring"
    )
}

/// "is not used by `total` scoring", for a field `scoring` ignores.
fn not_used_by(scoring: &str) -> Text {
    text!(
        "`{scoring}` 计分不使用这个字段",
        "is not used by `{scoring}` scoring"
    )
}
