//! The form's draft kept on the device, for every page that uses the survey's
//! form: restored after the first render (which is the config's and the URL's
//! alone), and saved as the person types, so a reload or a closed tab loses
//! nothing.

use yew::prelude::*;

use super::state::{Action, Draft, SurveyState};
use crate::services::storage;

#[hook]
pub fn use_kept_draft(form: &UseReducerHandle<SurveyState>, key: String) {
    {
        let dispatcher = form.dispatcher();
        use_effect_with(key.clone(), move |key| {
            let stored = storage::get(key);
            let draft = stored
                .as_deref()
                .and_then(campaign_core::read_json::<Draft>);
            if let (Some(text), None) = (&stored, &draft) {
                // A draft this version cannot read (an older format, say) is set
                // aside rather than overwritten, so nothing typed is destroyed.
                storage::set(&storage::keys::set_aside(key), text);
            }
            dispatcher.dispatch(Action::Restore(draft));
        });
    }
    use_effect_with((form.ready, form.draft.clone()), move |(ready, draft)| {
        if *ready {
            if let Ok(text) = serde_json::to_string(draft) {
                storage::set(&key, &text);
            }
        }
    });
}
