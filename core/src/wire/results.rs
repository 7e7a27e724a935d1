//! Results and events: what `POST /submissions` and `POST /events` answer, and
//! what staff read back.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/submissions`: the answer to a stored envelope (`201` when new,
/// `200` for a replay of the same envelope).
///
/// Each kind's part of the answer is compiled in with that kind: the server
/// reads every kind and sends them all, and a page bundle reads only its own
/// kind's part (serde passes over the others), so no phone downloads the
/// reading code of another kind's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionReceipt {
    /// The envelope's id.
    pub id: String,
    pub status: ReceiptStatus,
    /// A survey's reward: the code handed out, or word that the pool ran dry.
    #[cfg(feature = "survey")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward: Option<RewardOutcome>,
    /// A quiz result as the server scored it.
    #[cfg(feature = "quiz")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<QuizVerdict>,
    /// The bonus draw a finished quiz earns on its lottery page.
    #[cfg(feature = "quiz")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<BonusDraw>,
    /// An offers page's coupon: the code claimed (or held already).
    #[cfg(feature = "offers")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<super::CouponIssued>,
    /// A course sign-up's place: the cohort and class group the server chose.
    #[cfg(feature = "course")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_up: Option<super::SignUpReceipt>,
    /// A check-in as the server counted it, and the learner's progress after.
    #[cfg(feature = "checkin")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkin: Option<super::CheckInAnswer>,
}

impl SubmissionReceipt {
    /// A receipt saying only what happened to envelope `id`.
    pub fn new(id: String, status: ReceiptStatus) -> SubmissionReceipt {
        SubmissionReceipt {
            id,
            status,
            #[cfg(feature = "survey")]
            reward: None,
            #[cfg(feature = "quiz")]
            result: None,
            #[cfg(feature = "quiz")]
            bonus: None,
            #[cfg(feature = "offers")]
            coupon: None,
            #[cfg(feature = "course")]
            sign_up: None,
            #[cfg(feature = "checkin")]
            checkin: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    /// First time this id was seen.
    Stored,
    /// The same envelope again (a retry or a double tap): nothing new written.
    Duplicate,
}

/// A survey's reward: `{"code": "..."}`, or `{"status": "exhausted"}` when the
/// pool ran dry. A struct with optional fields rather than an untagged enum:
/// the same JSON, read without serde's buffering machinery (kilobytes of wasm).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardOutcome {
    /// One code of the survey's pool, kept for this submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// `exhausted` when the pool had no code left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PoolStatus>,
}

impl RewardOutcome {
    pub fn issued(code: String) -> Self {
        RewardOutcome {
            code: Some(code),
            status: None,
        }
    }

    pub fn exhausted() -> Self {
        RewardOutcome {
            code: None,
            status: Some(PoolStatus::Exhausted),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolStatus {
    Exhausted,
}

/// A quiz submission scored on the server: the tier it reached and its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizVerdict {
    pub tier: String,
    pub score: i32,
}

/// Whether this submission earned the quiz's bonus draw on `page` (granted once
/// per person and quiz; a replay of the earning submission says `true` again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BonusDraw {
    pub page: String,
    pub granted: bool,
}

/// `POST /api/v1/events`: `202`, how many events arrived and how many were new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsReceipt {
    pub received: usize,
    pub stored: usize,
}

/// `GET /api/v1/pages/<id>/fill`: members sent to each group, by group id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFill {
    pub fill: crate::kinds::group_picker::Fill,
}

/// `GET /api/v1/submissions?page=<id>` (admin token).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionList {
    pub submissions: Vec<StoredSubmission>,
    /// Ask for `?after=<next>` for the following page; `null` on the last.
    pub next: Option<String>,
}

/// A stored result, as staff read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSubmission {
    pub id: String,
    pub page_id: String,
    pub page_kind: String,
    pub visitor_id: String,
    pub referral_code: Option<String>,
    /// The device's clock, in Unix milliseconds.
    pub client_ts: i64,
    /// The server's clock when it stored the envelope, in Unix milliseconds.
    pub received_at: i64,
    pub payload: serde_json::Value,
}

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: HealthStatus,
    /// The id of the campaign served.
    pub campaign: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// A server that answers is alive.
    Ok,
}

/// `GET /api/v1/visitors/<id>` (admin token): every row stored about one
/// visitor, by table, for a person who asks for their data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitorData {
    pub visitor_id: String,
    pub tables: std::collections::BTreeMap<String, Vec<serde_json::Value>>,
}

/// `DELETE /api/v1/visitors/<id>` (admin token): what was erased, as rows per
/// table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorErased {
    pub visitor_id: String,
    pub removed: std::collections::BTreeMap<String, usize>,
}
