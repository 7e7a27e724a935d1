//! Survey answers checked again on the server, for the pages whose results
//! are answers to survey questions: surveys, and a course's sign-up form. A
//! backend never trusts the page.

use campaign_core::config::{Locale, SurveyPage};
use campaign_core::survey::{Answers, check_answers};
use campaign_core::wire::ErrorCode;
use serde::Deserialize;

use crate::error::ApiError;

/// The page's checks, run again: `payload` must be `{"answers": {...}}`
/// that `survey`'s rules take.
pub(crate) fn check_survey_answers(
    survey: &SurveyPage,
    payload: &serde_json::Value,
    locale: Locale,
) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SurveyPayload {
        answers: Answers,
    }
    let parsed = SurveyPayload::deserialize(payload).map_err(|err| {
        ApiError::unprocessable(
            ErrorCode::InvalidAnswers,
            format!("a survey payload is `{{\"answers\": {{...}}}}`: {err}"),
        )
    })?;
    match check_answers(survey, &parsed.answers).into_iter().next() {
        None => Ok(()),
        Some((question_id, problem)) => {
            let label = survey
                .sections
                .iter()
                .flat_map(|section| &section.questions)
                .find(|question| question.id == question_id)
                .map_or(question_id.as_str(), |question| question.label.as_str());
            Err(ApiError::unprocessable(
                ErrorCode::InvalidAnswers,
                format!("{label}: {}", problem.message(locale)),
            ))
        }
    }
}
