//! `/api/v1/submissions` and `/api/v1/export.csv`: where pages send their
//! results, and where staff read them back.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::config::{GroupPickerPage, Locale, SurveyPage};
use campaign_core::groups::{Assignment, assignment_problem};
use campaign_core::survey::{Answers, Resubmit, check_answers};
use campaign_core::wire::{
    ErrorCode, PoolStatus, ReceiptStatus, Refusal, RewardOutcome, SubmissionList, SubmissionReceipt,
};
use campaign_core::{Envelope, Page};
use serde::Deserialize;

use crate::AppState;
use crate::csv::submissions_csv;
use crate::error::ApiError;
use crate::extract::{Admin, Client, JsonBody, PageFilter, check_idempotency_key};
use crate::routes::{draws, referrals};
use crate::store::{Reward, Stored, SubmissionRules};

/// `POST /api/v1/submissions`: stores an envelope once per id.
///
/// Answers 201 for a new envelope and 200 for a replay of a stored one, so a
/// client that retries after a lost response sees success either way.
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    JsonBody(envelope): JsonBody<Envelope>,
) -> Result<Response, ApiError> {
    check_idempotency_key(&headers, &envelope.id, "envelope")?;
    state.limit_visitor(&envelope.visitor_id)?;
    envelope
        .check(&state.campaign)
        .map_err(|err| ApiError::unprocessable(ErrorCode::InvalidEnvelope, err.to_string()))?;
    let page = state
        .campaign
        .page(&envelope.page_id)
        .ok_or_else(|| ApiError::internal("checked page vanished"))?;
    let locale = state.campaign.locale;
    let mut rules = submission_rules(page);
    let mut quiz_verdict = None;
    match page {
        Page::Survey(survey) => check_survey_answers(survey, &envelope.payload, locale)?,
        Page::GroupPicker(picker) => {
            rules.group = Some(check_assignment(picker, &envelope.payload)?);
        }
        Page::Quiz(quiz) => {
            quiz_verdict = Some(draws::score_quiz(quiz, &envelope.payload, locale)?);
        }
        _ => {}
    }
    let id = envelope.id.clone();
    let visitor_id = envelope.visitor_id.clone();
    let referral = referrals::SubmissionTrace::of(&envelope);
    let stored = state
        .store
        .insert_submission(envelope, state.now(), rules)
        .await
        .map_err(ApiError::internal)?;
    let (status, word, reward) = match stored {
        Stored::New(reward) => (StatusCode::CREATED, ReceiptStatus::Stored, reward),
        Stored::Duplicate(reward) => (StatusCode::OK, ReceiptStatus::Duplicate, reward),
        Stored::Conflict => {
            return Err(ApiError::conflict(
                ErrorCode::IdConflict,
                "another submission already uses this id; generate a new id for a new result",
            ));
        }
        Stored::AlreadySubmitted => {
            return Err(ApiError::refusal(
                StatusCode::CONFLICT,
                &Refusal::AlreadySubmitted,
                locale,
            ));
        }
    };
    // Invitations: a carried `referral_code` and a referral page's goal. Runs for
    // replays too, so a retry finishes what a failure left undone.
    referrals::after_submission(&state, referral, client.address_key()).await?;
    // A stored quiz result gets the server's verdict (and its bonus draw).
    let (result, bonus) = match &quiz_verdict {
        Some(verdict) => {
            let bonus = draws::grant_quiz_bonus(&state, verdict, &visitor_id, &id).await?;
            (Some(verdict.result.clone()), bonus)
        }
        None => (None, None),
    };
    let receipt = SubmissionReceipt {
        id,
        status: word,
        reward: reward.map(|reward| match reward {
            Reward::Code(code) => RewardOutcome::Issued { code },
            Reward::Exhausted => RewardOutcome::Exhausted {
                status: PoolStatus::Exhausted,
            },
        }),
        result,
        bonus,
    };
    Ok((status, Json(receipt)).into_response())
}

/// What a page asks of its submissions.
fn submission_rules(page: &Page) -> SubmissionRules {
    match page {
        Page::Survey(survey) => SubmissionRules {
            once_per_visitor: survey.resubmit == Resubmit::Once,
            reward_pool: survey
                .reward
                .as_ref()
                .and_then(|reward| reward.code_pool.clone()),
            ..SubmissionRules::default()
        },
        _ => SubmissionRules::default(),
    }
}

/// The page's checks run again here: a backend never trusts the page.
fn check_survey_answers(
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

/// The group an assignment names, once it is one this page offers.
fn check_assignment(
    picker: &GroupPickerPage,
    payload: &serde_json::Value,
) -> Result<String, ApiError> {
    let invalid = |message: String| ApiError::unprocessable(ErrorCode::InvalidAssignment, message);
    let assignment = Assignment::deserialize(payload).map_err(|err| {
        invalid(format!(
            "a group picker payload is `{{\"group\": ..., \"method\": \"location\" | \"manual\"}}`: {err}"
        ))
    })?;
    match assignment_problem(picker, &assignment) {
        Some(problem) => Err(invalid(problem)),
        None => Ok(assignment.group),
    }
}

/// `GET /api/v1/submissions?page=<id>`: for staff, with the admin token.
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<PageFilter>,
) -> Result<Json<SubmissionList>, ApiError> {
    if let Some(page) = &query.page {
        if state.campaign.page(page).is_none() {
            return Err(ApiError::not_found(
                ErrorCode::UnknownPage,
                format!("campaign has no page `{page}`"),
            ));
        }
    }
    let submissions = state
        .store
        .submissions(query.page)
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(SubmissionList { submissions }))
}

/// `GET /api/v1/export.csv`: every submission as a spreadsheet, for staff.
pub async fn export_csv(State(state): State<AppState>, _: Admin) -> Result<Response, ApiError> {
    let submissions = state
        .store
        .submissions(None)
        .await
        .map_err(ApiError::internal)?;
    let filename = format!(
        "attachment; filename=\"{}-submissions.csv\"",
        state.campaign.id
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, filename),
        ],
        submissions_csv(&submissions),
    )
        .into_response())
}
