//! The first render is the server's: it rendered the page's first screen from
//! the config and the URL alone, at one moment, and the browser hydrates that
//! markup with the same render. What only the device knows (its storage, its
//! browser, its clock) shows from the second render on, which follows at once.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::services::identity::now_ms;

/// Provided by the app around every page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FirstRender {
    /// The moment the first screen shows (the server's render, when the page
    /// hydrates one), in ms since the Unix epoch.
    pub at_ms: i64,
    /// Whether the first render is over, so the device's own state may show.
    pub over: bool,
}

/// Whether the device's state (storage, browser, clock) may show: false on the
/// first render, which must be the server's.
#[hook]
pub fn use_hydrated() -> bool {
    use_context::<FirstRender>().is_none_or(|first| first.over)
}

/// The time the page shows, in ms since the Unix epoch: the first screen's on
/// the first render, the device's from then on, and again once a second while
/// `ticks_at` says the screen counts down at that time.
#[hook]
pub fn use_clock<F>(ticks_at: F) -> i64
where
    F: Fn(i64) -> bool,
{
    let first = use_context::<FirstRender>();
    let first_at = first.map(|first| first.at_ms);
    let now = use_state(move || first_at.unwrap_or_else(|| now_ms() as i64));
    let ticking = ticks_at(match first {
        Some(first) if !first.over => first.at_ms,
        _ => *now,
    });
    {
        let now = now.clone();
        use_effect_with(ticking, move |ticking| {
            now.set(now_ms() as i64);
            let interval = ticking.then(|| Interval::new(1_000, move || now.set(now_ms() as i64)));
            move || drop(interval)
        });
    }
    // The device's time shows with the rest of its state, never a render
    // before it: a countdown that went live must not be drawn for a browser
    // the page has not looked at yet (WeChat's, say).
    match first {
        Some(first) if !first.over => first.at_ms,
        _ => *now,
    }
}
