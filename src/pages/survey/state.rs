//! The survey's state as a reducer: every change is an [`Action`], and every rule
//! (what is shown, what is valid) is decided by core.

use std::collections::BTreeMap;
use std::rc::Rc;

use campaign_core::config::SurveyPage;
use campaign_core::survey::{
    Answer, AnswerProblem, Answers, check_answers, check_section, visible_questions,
};
use serde::{Deserialize, Serialize};
use yew::Reducible;

/// What is kept on the device between visits: nothing the person typed is lost
/// to a reload, a crash or a closed tab.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub answers: Answers,
    pub section: usize,
    /// Set once the person submits: the envelope id, minted once so that double
    /// taps and reloads resend the same result.
    #[serde(default)]
    pub submission_id: Option<String>,
    /// The backend's answer once it has the result (it may carry a reward code).
    #[serde(default)]
    pub receipt: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SurveyState {
    pub survey: Rc<SurveyPage>,
    pub draft: Draft,
    /// Problems shown under their questions, after a "next" or "submit" found them.
    pub problems: BTreeMap<String, AnswerProblem>,
    /// Bumped when a check fails, so the page moves focus to the first problem.
    pub problems_version: u32,
    /// Whether the draft was restored from an earlier visit.
    pub restored: bool,
    /// Whether the device's draft has been read: until then nothing is saved over it.
    pub ready: bool,
}

// The course's one-section sign-up form moves between no sections and never
// starts over: without the survey page these go unused.
#[cfg_attr(not(feature = "survey"), allow(dead_code))]
pub enum Action {
    /// The draft found on the device, if any.
    Restore(Option<Draft>),
    /// The person changed an answer (`None`: cleared it).
    Answer(String, Option<Answer>),
    Next,
    Back,
    /// Submit with this new envelope id (ignored once a submission exists).
    Submit(String),
    /// The backend acknowledged the submission.
    Delivered(Option<serde_json::Value>),
    /// The backend refused the submission: let the person edit and try again.
    Reopen,
    /// Answer again from the start (surveys that allow more than one submission).
    StartOver,
}

impl SurveyState {
    pub fn new(survey: Rc<SurveyPage>) -> Self {
        SurveyState {
            survey,
            draft: Draft::default(),
            problems: BTreeMap::new(),
            problems_version: 0,
            restored: false,
            ready: false,
        }
    }

    /// Whether no later section has a question to show (hidden ones are skipped).
    #[cfg_attr(not(feature = "survey"), allow(dead_code))]
    pub fn is_last_section(&self) -> bool {
        next_section_with_questions(self, self.draft.section) == self.draft.section
    }

    fn with_problems(mut self, found: Vec<(String, AnswerProblem)>) -> Self {
        self.problems = found.into_iter().collect();
        self.problems_version = self.problems_version.wrapping_add(1);
        self
    }
}

impl Reducible for SurveyState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Restore(draft) => {
                let draft = draft.unwrap_or_default();
                let sections = next.survey.sections.len();
                next.ready = true;
                next.restored = !draft.answers.is_empty() && draft.submission_id.is_none();
                next.draft = draft;
                next.draft.section = next.draft.section.min(sections.saturating_sub(1));
            }
            Action::Answer(_, _) if next.draft.submission_id.is_some() => {}
            Action::Answer(id, answer) => {
                match answer {
                    Some(answer) => next.draft.answers.insert(id.clone(), answer),
                    None => next.draft.answers.remove(&id),
                };
                // A shown problem is re-checked as the person fixes it.
                if next.problems.contains_key(&id) {
                    let still =
                        check_section(&next.survey, next.draft.section, &next.draft.answers)
                            .into_iter()
                            .find(|(question, _)| *question == id);
                    match still {
                        Some((_, problem)) => next.problems.insert(id, problem),
                        None => next.problems.remove(&id),
                    };
                }
            }
            Action::Next => {
                let found = check_section(&next.survey, next.draft.section, &next.draft.answers);
                if found.is_empty() {
                    next.problems.clear();
                    next.draft.section = next_section_with_questions(&next, next.draft.section);
                } else {
                    next = next.with_problems(found);
                }
            }
            Action::Back => {
                next.problems.clear();
                next.draft.section = previous_section_with_questions(&next, next.draft.section);
            }
            Action::Submit(_) if next.draft.submission_id.is_some() => {}
            Action::Submit(id) => {
                let found = check_answers(&next.survey, &next.draft.answers);
                match found.first() {
                    None => {
                        next.problems.clear();
                        next.draft.submission_id = Some(id);
                    }
                    Some((first, _)) => {
                        // Go to the section of the first problem (it may be earlier).
                        if let Some(section) = section_of(&next.survey, first) {
                            next.draft.section = section;
                        }
                        next = next.with_problems(found);
                    }
                }
            }
            Action::Delivered(receipt) => {
                next.draft.receipt = receipt.or(Some(serde_json::Value::Null))
            }
            Action::Reopen => {
                next.draft.submission_id = None;
                next.draft.receipt = None;
            }
            Action::StartOver => {
                next.draft = Draft::default();
                next.problems.clear();
                next.restored = false;
            }
        }
        Rc::new(next)
    }
}

fn section_of(survey: &SurveyPage, question_id: &str) -> Option<usize> {
    survey.sections.iter().position(|section| {
        section
            .questions
            .iter()
            .any(|question| question.id == question_id)
    })
}

/// Sections whose questions are all hidden are skipped.
fn next_section_with_questions(state: &SurveyState, from: usize) -> usize {
    let last = state.survey.sections.len().saturating_sub(1);
    (from + 1..=last)
        .find(|&index| !visible_questions(&state.survey, index, &state.draft.answers).is_empty())
        .unwrap_or(from)
}

fn previous_section_with_questions(state: &SurveyState, from: usize) -> usize {
    (0..from)
        .rev()
        .find(|&index| !visible_questions(&state.survey, index, &state.draft.answers).is_empty())
        .unwrap_or(from)
}
