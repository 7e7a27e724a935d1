//! One module per page. Page kinds get a module each as they are built; until
//! then [`PageView`] says plainly that the kind is not available.

#[cfg(feature = "benefits")]
mod benefits;
#[cfg(feature = "checkin")]
mod checkin;
mod config_error;
#[cfg(feature = "course")]
mod course;
#[cfg(feature = "group_picker")]
mod group_picker;
mod home;
#[cfg(feature = "lottery")]
mod lottery;
mod not_found;
#[cfg(feature = "offers")]
mod offers;
mod page_view;
#[cfg(feature = "quiz")]
mod quiz;
#[cfg(feature = "referral")]
mod referral;
#[cfg(feature = "survey_form")]
mod survey;
mod unreachable;

pub use config_error::ConfigErrorPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use page_view::PageView;
pub use unreachable::UnreachablePage;

/// Whether this bundle has a view for pages of `kind`. A bundle may read a
/// kind it does not show (the course and check-in bundles each read both, to
/// link the two pages): links to those load the page's own bundle.
pub fn has_view(kind: campaign_core::PageKind) -> bool {
    use campaign_core::PageKind;
    match kind {
        PageKind::GroupPicker => cfg!(feature = "group_picker"),
        PageKind::Referral => cfg!(feature = "referral"),
        PageKind::Quiz => cfg!(feature = "quiz"),
        PageKind::Lottery => cfg!(feature = "lottery"),
        PageKind::Survey => cfg!(feature = "survey"),
        PageKind::Benefits => cfg!(feature = "benefits"),
        PageKind::Offers => cfg!(feature = "offers"),
        PageKind::Course => cfg!(feature = "course"),
        PageKind::Checkin => cfg!(feature = "checkin"),
    }
}
