//! The loaded campaign, shared by every component.

use std::ops::Deref;
use std::rc::Rc;

use campaign_core::Campaign;

/// The campaign as component props: it never changes once loaded, so props
/// compare it by pointer instead of walking the whole config on every render.
#[derive(Debug, Clone)]
pub struct SharedCampaign(pub Rc<Campaign>);

impl PartialEq for SharedCampaign {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for SharedCampaign {
    type Target = Campaign;

    fn deref(&self) -> &Campaign {
        &self.0
    }
}

/// A page's config as props, compared by pointer for the same reason: a page's
/// config is read once per visit and never changes, and a derived comparison
/// would walk (and compile in) every field of the page on every render.
#[derive(Debug)]
pub struct SharedPage<T>(pub Rc<T>);

impl<T> Clone for SharedPage<T> {
    fn clone(&self) -> Self {
        SharedPage(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for SharedPage<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for SharedPage<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
