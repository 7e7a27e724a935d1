//! Campaign Kit's Yew app.
