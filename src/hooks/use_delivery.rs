use yew::prelude::*;

use crate::services::outbox::{self, Delivery};

/// Where the envelope `id` stands in the outbox, re-rendering on every change.
#[hook]
pub fn use_delivery(id: Option<String>) -> Option<Delivery> {
    let version = use_state(|| 0u64);
    {
        let version = version.clone();
        use_effect_with((), move |_| {
            let subscription = outbox::subscribe(Callback::from(move |_| {
                version.set(version.wrapping_add(1))
            }));
            move || drop(subscription)
        });
    }
    id.and_then(|id| outbox::status(&id))
}
