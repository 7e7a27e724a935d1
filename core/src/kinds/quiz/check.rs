//! The quiz's config checker.

use super::{MAX_OPTIONS, MAX_QUESTIONS, MAX_SCORE, QuizPage, QuizQuestion, QuizScoring};
use crate::diagnostics::issue::{PageIssue, not_blank, plural};
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::limits::MAX_OPTION_VALUE_CHARS;

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
                .hint(format!("use 1 to {MAX_ID_CHARS} lowercase letters, digits, `-` or `_`, starting with a letter or digit")),
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
                                .hint(format!(
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
            .hint(format!("use 1 to {MAX_OPTION_VALUE_CHARS} characters without line breaks; results store this value")),
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
                    .hint(format!("use 1 to {MAX_ID_CHARS} lowercase letters, digits, `-` or `_`, starting with a letter or digit")),
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
