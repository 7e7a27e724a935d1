//! What the course page shows, decided from the page's clock, the server's
//! standing and the person's own sign-up. Seats and places are the server's:
//! nothing here counts them.

use campaign_core::course::CoursePage;
use campaign_core::wire::{CourseStanding, SignUpReceipt, SubmissionReceipt};

/// The page's phase, as `data-phase` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The server's standing has not answered yet (and the first render,
    /// which is the config's and the URL's alone).
    Loading,
    Open,
    Closed,
    Full,
    SignedUp,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Loading => "loading",
            Phase::Open => "open",
            Phase::Closed => "closed",
            Phase::Full => "full",
            Phase::SignedUp => "signed-up",
        }
    }
}

/// What the server last said, once it said anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    Asking,
    /// No answer (offline, or no backend): the page goes by its own clock.
    Unknown,
    Known(CourseStanding),
}

/// The phase at `now_ms`. A sign-up the person has is shown first; then the
/// deadline (by the page's clock, or the server's when it says closed); then
/// the server's seats.
pub fn phase(page: &CoursePage, now_ms: i64, standing: &Standing, placed: bool) -> Phase {
    if placed {
        return Phase::SignedUp;
    }
    if !page.is_open(now_ms) {
        return Phase::Closed;
    }
    match standing {
        Standing::Asking => Phase::Loading,
        Standing::Unknown => Phase::Open,
        Standing::Known(standing) if standing.open => Phase::Open,
        // Closed by the server's clock, or every cohort full.
        Standing::Known(standing) if standing.next_cohort.is_none() => Phase::Full,
        Standing::Known(_) => Phase::Closed,
    }
}

/// The person's place: from the receipt of their sign-up when this device
/// has it, else from the server's standing (signed up on another visit).
pub fn placed(receipt: Option<&serde_json::Value>, standing: &Standing) -> Option<SignUpReceipt> {
    receipt
        .and_then(campaign_core::read_value::<SubmissionReceipt>)
        .and_then(|receipt| receipt.sign_up)
        .or_else(|| match standing {
            Standing::Known(standing) => standing.sign_up.clone(),
            _ => None,
        })
}

/// "仅剩 N 个名额": only the server's count, and only while sign-up is open.
pub fn remaining(phase: Phase, standing: &Standing) -> Option<u32> {
    match (phase, standing) {
        (Phase::Open, Standing::Known(standing)) => standing.remaining,
        _ => None,
    }
}
