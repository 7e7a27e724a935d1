//! What a page with something to win says when the server cannot count the
//! person: no token, an expired or a wrong one (see [`crate::services::person`]).

use yew::prelude::*;

use crate::services::person;

/// The sentence, re-rendering when an API call brings another. `None` on the
/// first render, which is the config's and the URL's alone: the device's
/// token is read after.
#[hook]
pub fn use_person_notice() -> Option<String> {
    let message = use_state(|| None::<String>);
    {
        let message = message.clone();
        use_effect_with((), move |()| {
            let setter = message.clone();
            message.set(person::listen(Some(Callback::from(move |next| {
                setter.set(next)
            }))));
            || {
                person::listen(None);
            }
        });
    }
    (*message).clone()
}
