//! What the check-in page offers, read from the server's standing: the server
//! decides what counts, so these only choose which buttons to show.

use campaign_core::checkin::{CheckinPage, DayState};
use campaign_core::wire::{CheckinStanding, ProgressAnswer};

/// The page's phase, as `data-phase` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Loading,
    NotSignedUp,
    Ready,
    Over,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Loading => "loading",
            Phase::NotSignedUp => "not-signed-up",
            Phase::Ready => "ready",
            Phase::Over => "over",
        }
    }
}

/// What the server last said about the learner.
#[derive(Debug, Clone, PartialEq)]
// One per page, in a state hook: its size costs nothing worth a box (and on
// wasm32, where it runs, it is under the lint's bound).
#[allow(clippy::large_enum_variant)]
pub enum Standing {
    Asking,
    /// No answer (offline, or no backend).
    Unavailable,
    Known(CheckinStanding),
}

impl Standing {
    pub fn progress(&self) -> Option<&ProgressAnswer> {
        match self {
            Standing::Known(standing) => standing.progress.as_ref(),
            _ => None,
        }
    }
}

pub fn phase(page: &CheckinPage, standing: &Standing) -> Phase {
    match standing {
        Standing::Asking | Standing::Unavailable => Phase::Loading,
        Standing::Known(standing) if standing.sign_up.is_none() => Phase::NotSignedUp,
        Standing::Known(standing) => match &standing.progress {
            Some(progress) if progress.today > page.length() => Phase::Over,
            _ => Phase::Ready,
        },
    }
}

/// A day's state on the strip, as `data-state` names it.
pub fn state_name(state: DayState) -> &'static str {
    match state {
        DayState::Done => "done",
        DayState::MadeUp => "made_up",
        DayState::Open => "open",
        DayState::Missed => "missed",
        DayState::Upcoming => "upcoming",
    }
}

/// The index of a state in the page's words for the five states.
pub fn state_index(state: DayState) -> usize {
    match state {
        DayState::Done => 0,
        DayState::MadeUp => 1,
        DayState::Open => 2,
        DayState::Missed => 3,
        DayState::Upcoming => 4,
    }
}

fn day_state(progress: &ProgressAnswer, day: u32) -> Option<DayState> {
    progress
        .strip
        .iter()
        .find(|entry| entry.day == day)
        .map(|entry| entry.state)
}

/// Whether the hometown sign-in is offered: day one not checked in, and
/// either today is day one or a make-up is left for it (day one's check-in
/// must carry the hometown, so it is also how day one is made up).
pub fn hometown_offered(standing: &CheckinStanding) -> bool {
    let Some(progress) = &standing.progress else {
        return false;
    };
    standing.hometown.is_none()
        && match day_state(progress, 1) {
            Some(DayState::Open) => true,
            Some(DayState::Missed) => progress.make_ups_left > 0,
            _ => false,
        }
}

/// Whether today's check-in button is offered: today is a course day still
/// open, and not day one (whose check-in is the hometown sign-in).
pub fn today_offered(page: &CheckinPage, progress: &ProgressAnswer) -> bool {
    (2..=page.length()).contains(&progress.today)
        && day_state(progress, progress.today) == Some(DayState::Open)
}

/// The missed days a make-up is offered for while make-ups are left (the
/// server still decides, by its own reach); day one's goes through the
/// hometown sign-in.
pub fn make_up_days(progress: &ProgressAnswer) -> Vec<u32> {
    if progress.make_ups_left == 0 {
        return Vec::new();
    }
    progress
        .strip
        .iter()
        .filter(|entry| entry.state == DayState::Missed && entry.day > 1)
        .map(|entry| entry.day)
        .collect()
}
