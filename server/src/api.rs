//! `/api/v1`: where pages send their results.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::config::{GroupPickerPage, Locale, SurveyPage};
use campaign_core::envelope::IDEMPOTENCY_KEY_HEADER;
use campaign_core::envelope::MAX_EVENTS_PER_BATCH;
use campaign_core::groups::{Assignment, assignment_problem};
use campaign_core::survey::{Answers, Resubmit, check_answers};
use campaign_core::{Envelope, EventBatch, Page};
use serde::Deserialize;
use serde_json::json;

use crate::csv::submissions_csv;
use crate::error::ApiError;
use crate::limits::ClientIp;
use crate::store::{Reward, Stored, SubmissionRules};
use crate::{AppState, now_ms};

/// `POST /api/v1/submissions`: stores an envelope once per id.
///
/// Answers 201 for a new envelope and 200 for a replay of a stored one, so a
/// client that retries after a lost response sees success either way.
pub async fn create_submission(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let envelope: Envelope = json_body(body, "an envelope")?;
    if let Some(key) = headers.get(IDEMPOTENCY_KEY_HEADER) {
        if key.to_str().ok() != Some(envelope.id.as_str()) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency_key_mismatch",
                format!("the {IDEMPOTENCY_KEY_HEADER} header must equal the envelope's `id`"),
            ));
        }
    }
    state.check_rate(None, Some(&envelope.visitor_id))?;
    envelope.check(&state.campaign).map_err(|err| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_envelope",
            err.to_string(),
        )
    })?;
    let page = state
        .campaign
        .page(&envelope.page_id)
        .ok_or_else(|| ApiError::internal("checked page vanished"))?;
    let mut rules = submission_rules(page);
    let mut quiz_verdict = None;
    match page {
        Page::Survey(survey) => {
            check_survey_answers(survey, &envelope.payload, state.campaign.locale)?
        }
        Page::GroupPicker(picker) => {
            rules.group = Some(check_assignment(picker, &envelope.payload)?);
        }
        Page::Quiz(quiz) => {
            quiz_verdict = Some(crate::games::score_quiz(
                quiz,
                &envelope.payload,
                state.campaign.locale,
            )?);
        }
        _ => {}
    }
    let id = envelope.id.clone();
    let visitor_id = envelope.visitor_id.clone();
    let referral = crate::referrals::SubmissionTrace::of(&envelope);
    let stored = state
        .store
        .insert_submission(envelope, now_ms(), rules)
        .await
        .map_err(ApiError::internal)?;
    // Invitations: a carried `referral_code` and a referral page's goal.
    if matches!(stored, Stored::New(_) | Stored::Duplicate(_)) {
        crate::referrals::after_submission(&state, referral, ip).await?;
    }
    // A stored quiz result gets the server's verdict (and its bonus draw).
    let extra = match (&quiz_verdict, &stored) {
        (Some(verdict), Stored::New(_) | Stored::Duplicate(_)) => {
            Some(crate::games::quiz_answer(&state, verdict, &visitor_id, &id).await?)
        }
        _ => None,
    };
    let answer = |status: StatusCode, word: &str, reward: Option<Reward>| {
        let mut body = json!({ "id": id, "status": word });
        if let Some(serde_json::Value::Object(extra)) = &extra {
            for (key, value) in extra {
                body[key] = value.clone();
            }
        }
        match reward {
            Some(Reward::Code(code)) => body["reward"] = json!({ "code": code }),
            Some(Reward::Exhausted) => body["reward"] = json!({ "status": "exhausted" }),
            None => {}
        }
        Ok((status, Json(body)).into_response())
    };
    match stored {
        Stored::New(reward) => answer(StatusCode::CREATED, "stored", reward),
        Stored::Duplicate(reward) => answer(StatusCode::OK, "duplicate", reward),
        Stored::Conflict => Err(ApiError::new(
            StatusCode::CONFLICT,
            "id_conflict",
            "another submission already uses this id; generate a new id for a new result",
        )),
        Stored::AlreadySubmitted => Err(ApiError::new(
            StatusCode::CONFLICT,
            "already_submitted",
            localized(
                state.campaign.locale,
                "你已经提交过这一页了，每人限提交一次。感谢参与！",
                "You have already sent this page; it takes one submission per person. Thank you!",
            ),
        )),
    }
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
    let parsed: SurveyPayload = serde_json::from_value(payload.clone()).map_err(|err| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_answers",
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
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_answers",
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
    let invalid = |message: String| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_assignment",
            message,
        )
    };
    let assignment: Assignment = serde_json::from_value(payload.clone()).map_err(|err| {
        invalid(format!(
            "a group picker payload is `{{\"group\": ..., \"method\": \"location\" | \"manual\"}}`: {err}"
        ))
    })?;
    match assignment_problem(picker, &assignment) {
        Some(problem) => Err(invalid(problem)),
        None => Ok(assignment.group),
    }
}

/// `GET /api/v1/pages/{page_id}/fill`: how many members each group of a group
/// picker page has been sent, so pages skip full groups.
pub async fn group_fill(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(page_id): Path<String>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    match state.campaign.page(&page_id) {
        Some(Page::GroupPicker(_)) => {}
        Some(_) => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_a_group_picker",
                format!("page `{page_id}` has no groups"),
            ));
        }
        None => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_page",
                format!("this campaign has no page `{page_id}`"),
            ));
        }
    }
    let fill = state
        .store
        .group_fill(&page_id)
        .await
        .map_err(ApiError::internal)?;
    // Counts change with every member: never served from a cache.
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Json(json!({ "fill": fill })),
    )
        .into_response())
}

pub(crate) fn localized(locale: Locale, zh: &str, en: &str) -> String {
    match locale {
        Locale::ZhCn => zh.to_owned(),
        Locale::En => en.to_owned(),
    }
}

/// `POST /api/v1/events`: stores a batch of analytics events, once per event id.
/// Accepts `text/plain` bodies, which `sendBeacon` and preflight-free requests use.
pub async fn create_events(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let batch: EventBatch = json_body(body, "an event batch")?;
    if batch.events.len() > MAX_EVENTS_PER_BATCH {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "batch_too_large",
            format!("send at most {MAX_EVENTS_PER_BATCH} events per batch"),
        ));
    }
    for (index, event) in batch.events.iter().enumerate() {
        event.check(&state.campaign).map_err(|err| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_event",
                format!("events[{index}]: {err}"),
            )
        })?;
    }
    let received = batch.events.len();
    let stored = state
        .store
        .insert_events(batch.events, now_ms())
        .await
        .map_err(ApiError::internal)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "received": received, "stored": stored })),
    )
        .into_response())
}

/// Reads a JSON body, whatever its `Content-Type` (`text/plain` spares a CORS
/// preflight); `shape` says what was expected when it is not that.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    shape: &str,
) -> Result<T, ApiError> {
    let body = readable(body)?;
    serde_json::from_slice(&body).map_err(|err| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the body must be {shape}: {err}"),
        )
    })
}

pub(crate) fn readable(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES),
            )
        } else {
            ApiError::new(rejection.status(), "unreadable_body", rejection.body_text())
        }
    })
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub(crate) page: Option<String>,
}

/// `GET /api/v1/submissions?page=<id>`: for staff, with the admin token.
pub async fn list_submissions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    if let Some(page) = &query.page {
        if state.campaign.page(page).is_none() {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_page",
                format!("campaign has no page `{page}`"),
            ));
        }
    }
    let submissions = state
        .store
        .submissions(query.page)
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(json!({ "submissions": submissions })).into_response())
}

/// `GET /api/v1/export.csv`: every submission as a spreadsheet, for staff.
pub async fn export_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
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

/// `GET /healthz`
pub async fn health(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(json!({ "status": "ok", "campaign": state.campaign.id }))
}

/// Any other `/api/` path.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such API endpoint")
}

/// Gives the bodiless errors axum answers by itself (such as `405 Method Not
/// Allowed`) the same JSON body as every other rejection.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "this endpoint does not take that method".to_owned(),
        _ => status
            .canonical_reason()
            .unwrap_or("request refused")
            .to_lowercase(),
    };
    let code = match status {
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        _ => "refused",
    };
    let mut json = ApiError::new(status, code, message).into_response();
    if let Some(allow) = response.headers().get(axum::http::header::ALLOW) {
        json.headers_mut()
            .insert(axum::http::header::ALLOW, allow.clone());
    }
    json
}
