//! The survey: its question widgets and form state, which the course page's
//! sign-up form reuses (feature `survey_form`), and the survey page itself.

pub mod draft;
#[cfg(feature = "survey")]
mod page;
pub mod question;
pub mod state;

#[cfg(feature = "survey")]
pub use page::SurveyView;
