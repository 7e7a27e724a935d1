//! The group picker's steps, as a reducer: every way through the page (located,
//! refused, out of range, full, chosen by hand) is a transition here.

use std::rc::Rc;

use campaign_core::config::GroupPickerPage;
use campaign_core::groups::{
    AssignMethod, Fill, LatLng, Placement, place_by_choice, place_by_position,
};
use yew::prelude::*;

use crate::services::geolocation::LocateFailure;
use crate::services::identity::{new_envelope_id, now_ms};

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The privacy sentence and the two ways on.
    Intro,
    Locating,
    /// The member's group, with its QR code.
    Card(Card),
    /// Every group of the member's area is full or expired.
    AreaFull {
        area: usize,
        alternative: Option<usize>,
        method: AssignMethod,
        position: Option<LatLng>,
    },
    /// The manual picker, with why the member is choosing by hand.
    Picker {
        reason: Option<Reason>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub index: usize,
    pub method: AssignMethod,
    /// The envelope recording this assignment; `None` for one restored from an
    /// earlier visit, which the backend already has.
    pub submission: Option<String>,
    pub position: Option<LatLng>,
}

/// Why the member is choosing by hand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    Failed(LocateFailure),
    /// No group within the page's limit; the nearest one and its distance in km.
    OutOfRange {
        nearest: usize,
        km: u32,
    },
}

pub struct PickerState {
    pub page: Rc<GroupPickerPage>,
    pub step: Step,
    /// Members per group as the backend last said; empty until it answers (or
    /// when it cannot), in which case expiry alone rules groups out.
    pub fill: Fill,
}

pub enum Action {
    FillLoaded(Fill),
    Locate,
    Located(Result<LatLng, LocateFailure>, Option<Fill>),
    Choose(usize),
    /// The group offered when the member's area is full.
    Accept(usize),
    OpenPicker,
    /// The group this device was given on an earlier visit, read after the
    /// first render (which is the server's): shown instead of the intro.
    Recall(usize, AssignMethod),
}

impl PickerState {
    pub fn new(page: Rc<GroupPickerPage>) -> Self {
        PickerState {
            page,
            step: Step::Intro,
            fill: Fill::new(),
        }
    }

    fn placed(&self, placement: Placement, method: AssignMethod, position: Option<LatLng>) -> Step {
        match placement {
            Placement::Group { index } => Step::Card(Card {
                index,
                method,
                submission: Some(new_envelope_id()),
                position,
            }),
            Placement::AreaFull { area, alternative } => Step::AreaFull {
                area,
                alternative,
                method,
                position,
            },
            Placement::OutOfRange {
                nearest: Some((nearest, km)),
            } => Step::Picker {
                reason: Some(Reason::OutOfRange {
                    nearest,
                    km: km.round() as u32,
                }),
            },
            Placement::OutOfRange { nearest: None } => Step::Picker { reason: None },
        }
    }
}

impl Reducible for PickerState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let now = now_ms() as i64;
        let (step, fill) = match action {
            Action::FillLoaded(fill) => (self.step.clone(), fill),
            Action::Locate => (Step::Locating, self.fill.clone()),
            Action::Located(Err(failure), _) => (
                Step::Picker {
                    reason: Some(Reason::Failed(failure)),
                },
                self.fill.clone(),
            ),
            Action::Located(Ok(position), fill) => {
                let fill = fill.unwrap_or_else(|| self.fill.clone());
                let placement = place_by_position(&self.page, position, &fill, now);
                let shared = self.page.share_coordinates.then(|| position.coarse());
                (self.placed(placement, AssignMethod::Location, shared), fill)
            }
            Action::Choose(index) => {
                let placement = place_by_choice(&self.page, index, &self.fill, now);
                (
                    self.placed(placement, AssignMethod::Manual, None),
                    self.fill.clone(),
                )
            }
            Action::Accept(index) => {
                let (method, position) = match &self.step {
                    Step::AreaFull {
                        method, position, ..
                    } => (*method, *position),
                    _ => (AssignMethod::Manual, None),
                };
                let step = Step::Card(Card {
                    index,
                    method,
                    submission: Some(new_envelope_id()),
                    position,
                });
                (step, self.fill.clone())
            }
            Action::OpenPicker => (Step::Picker { reason: None }, self.fill.clone()),
            // Someone who has moved on already keeps what they are doing.
            Action::Recall(index, method) if matches!(self.step, Step::Intro) => (
                Step::Card(Card {
                    index,
                    method,
                    submission: None,
                    position: None,
                }),
                self.fill.clone(),
            ),
            Action::Recall(..) => (self.step.clone(), self.fill.clone()),
        };
        Rc::new(PickerState {
            page: self.page.clone(),
            step,
            fill,
        })
    }
}
