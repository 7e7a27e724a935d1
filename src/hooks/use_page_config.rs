use std::rc::Rc;

use campaign_core::Page;
use yew::prelude::*;

use crate::shared::{SharedCampaign, SharedPage};

/// Page `page_id`'s own config when it is of the kind `pick` accepts, looked up
/// once: a campaign never changes after it is loaded (a preview's new config
/// remounts the pages).
#[hook]
pub fn use_page_config<T: Clone + 'static>(
    campaign: &SharedCampaign,
    page_id: &str,
    pick: fn(&Page) -> Option<&T>,
) -> Option<SharedPage<T>> {
    // Copied out in the state's initialiser, so only on the first render: a
    // CMB-size picker's page is 3,000 groups.
    let campaign = campaign.clone();
    let page_id = page_id.to_owned();
    (*use_state(move || {
        campaign
            .page(&page_id)
            .and_then(pick)
            .map(|config| SharedPage(Rc::new(config.clone())))
    }))
    .clone()
}
