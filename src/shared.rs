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
