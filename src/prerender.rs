//! First screens rendered on the host, for the server and the static build.
//!
//! The same [`App`](crate::app::App) the phone runs renders here, with the
//! props the phone will hydrate with, so the browser paints the real page as
//! soon as the HTML arrives and the wasm only attaches to it.

use std::rc::Rc;

use campaign_core::Campaign;
use campaign_core::routes::Route;

use crate::app::{App, AppProps};
use crate::loader::Loaded;

/// The markup of each route's first screen as it shows at `at_ms` (ms since
/// the Unix epoch), for the inside of the mount element, in the order given.
///
/// Renders on a thread of its own, in a one-thread runtime, so it can be called
/// from anywhere: a server's start-up inside its async runtime, a build tool.
pub fn first_screens(campaign: &Campaign, routes: &[Route], at_ms: i64) -> Vec<String> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .expect("a one-thread runtime needs nothing that can be missing");
                let loaded = Rc::new(Loaded::Ready(Rc::new(campaign.clone())));
                routes
                    .iter()
                    .map(|route| {
                        let props = AppProps {
                            loaded: loaded.clone(),
                            start_route: route.clone(),
                            link_query: Rc::from(""),
                            first_render_ms: at_ms,
                        };
                        let renderer =
                            yew::LocalServerRenderer::<App>::with_props(props).hydratable(true);
                        tokio::task::LocalSet::new().block_on(&runtime, renderer.render())
                    })
                    .collect()
            })
            .join()
            // A component that panics while rendering is a bug the tests of
            // every example page catch; here it stops whoever asked.
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
