//! The root component: picks the page for the loaded config and the current route.

use std::rc::Rc;

use campaign_core::routes::Route;
use yew::prelude::*;

use crate::hooks::FirstRender;
use crate::loader::Loaded;
use crate::pages::{ConfigErrorPage, HomePage, NotFoundPage, PageView, UnreachablePage};
use crate::router::{self, Navigator};
use crate::services::events;
use crate::shared::SharedCampaign;
use crate::theme::css_variables;

#[derive(Properties)]
pub struct AppProps {
    pub loaded: Rc<Loaded>,
    pub start_route: Route,
    pub link_query: Rc<str>,
    /// The moment the first screen shows: the server's render time when the
    /// page hydrates its markup, the device's when it mounts afresh.
    pub first_render_ms: i64,
}

// By pointer: a loaded config never changes, and comparing two campaigns field by
// field would put every page kind's comparison code into every bundle.
impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.loaded, &other.loaded)
            && self.start_route == other.start_route
            && self.link_query == other.link_query
            && self.first_render_ms == other.first_render_ms
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    // A preview frame swaps in each valid config the preview page sends; the
    // counter remounts the pages, which read their config once.
    #[cfg(feature = "preview")]
    let current = use_state(|| (props.loaded.clone(), 0u32));
    #[cfg(feature = "preview")]
    {
        let current = current.clone();
        use_effect_with((), move |()| {
            let listener = crate::services::frame::listen_for_configs(Callback::from(
                move |campaign: Rc<campaign_core::Campaign>| {
                    let version = current.1.wrapping_add(1);
                    current.set((Rc::new(Loaded::Ready(campaign)), version));
                },
            ));
            move || drop(listener)
        });
    }
    #[cfg(feature = "preview")]
    let (loaded, version) = &*current;
    #[cfg(not(feature = "preview"))]
    let (loaded, version) = (&props.loaded, &0u32);
    match &**loaded {
        Loaded::Ready(campaign) => html! {
            <CampaignApp
                key={*version}
                campaign={SharedCampaign(campaign.clone())}
                start_route={props.start_route.clone()}
                link_query={props.link_query.clone()}
                first_render_ms={props.first_render_ms}
            />
        },
        Loaded::Invalid {
            source,
            locale,
            problems,
        } => html! {
            <ConfigErrorPage source={source.clone()} locale={*locale} problems={problems.clone()} />
        },
        Loaded::Unreachable { source, failure } => html! {
            <UnreachablePage source={source.clone()} failure={failure.clone()} />
        },
    }
}

#[derive(Properties, PartialEq)]
struct CampaignAppProps {
    campaign: SharedCampaign,
    start_route: Route,
    link_query: Rc<str>,
    first_render_ms: i64,
}

#[function_component]
fn CampaignApp(props: &CampaignAppProps) -> Html {
    let route = use_state(|| props.start_route.clone());
    // Pages show the device's own state from the second render on, in a task
    // after the hydration's own.
    let first_render_over = use_state(|| false);
    {
        let over = first_render_over.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                crate::services::tasks::next_task().await;
                over.set(true);
            });
        });
    }
    let first_render = FirstRender {
        at_ms: props.first_render_ms,
        over: *first_render_over,
    };
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = router::listen_history(Callback::from(move |next| route.set(next)));
            move || drop(listener)
        });
    }
    let navigator = {
        let route = route.clone();
        let link_query = props.link_query.clone();
        Navigator {
            navigate: Callback::from(move |next: Route| {
                router::push(&next, &link_query);
                route.set(next);
            }),
            link_query: props.link_query.clone(),
            elsewhere: props
                .campaign
                .pages
                .iter()
                .filter(|page| {
                    matches!(page, campaign_core::Page::Unparsed(_))
                        || !crate::pages::has_view(page.kind())
                })
                .map(|page| page.id().to_owned())
                .collect(),
        }
    };
    {
        // Delivery starts with the campaign: what earlier visits left is sent now.
        let campaign = props.campaign.0.clone();
        let landed_on = match &props.start_route {
            Route::Page(id) => Some(id.clone()),
            _ => None,
        };
        use_effect_with(campaign.id.clone(), move |_| {
            crate::services::referral::capture(&campaign, landed_on.as_deref());
            #[cfg(feature = "results")]
            crate::services::outbox::start(campaign.clone());
            events::start(campaign);
        });
    }
    {
        let page_id = match &*route {
            Route::Page(id) => Some(id.clone()),
            _ => None,
        };
        use_effect_with(page_id, |page_id| {
            // The console tells visits through invitations from the rest.
            let data = if crate::services::referral::arrived_invited() {
                crate::services::json::object([("referred", true.into())])
            } else {
                serde_json::Value::Null
            };
            events::track("page_view", page_id.as_deref(), data);
            crate::services::frame::notify(
                "loaded",
                crate::services::json::object([("page", page_id.as_deref().into())]),
            );
            // The funnel's middle step: the person's first tap, key or
            // answer on the page, once per page view.
            let started = page_id.clone().map(|page_id| {
                events::on_first_interaction(move || {
                    events::track("page_started", Some(&page_id), serde_json::Value::Null);
                })
            });
            move || drop(started)
        });
    }
    let campaign = &props.campaign;
    let page = match &*route {
        Route::Page(id) => campaign.page(id),
        _ => None,
    };
    {
        // The tab title names the page (see `document_title`).
        let title = campaign_core::shell::document_title(campaign, page);
        let lang = campaign.locale.tag();
        use_effect_with(title, move |title| set_document_title_and_lang(title, lang));
    }
    let content = match (&*route, page) {
        (Route::Home, _) => html! { <HomePage campaign={campaign.clone()} /> },
        (Route::Page(_), Some(page)) => {
            html! { <PageView campaign={campaign.clone()} page_id={page.id().to_owned()} /> }
        }
        _ => html! { <NotFoundPage locale={campaign.locale} /> },
    };
    html! {
        <ContextProvider<Navigator> context={navigator}>
        <ContextProvider<FirstRender> context={first_render}>
            <div
                class="ck"
                style={css_variables(&campaign.theme)}
                lang={campaign.locale.tag()}
                data-rendered-at={props.first_render_ms.to_string()}
                data-route={props.start_route.path()}
            >
                <main class="ck-main">
                    // The first screen paints before the page works: its controls
                    // take taps once the app has hydrated them, not before, so no
                    // tap is lost on a screen that cannot answer yet.
                    <fieldset class="ck-controls" disabled={!first_render.over}>
                        { content }
                    </fieldset>
                </main>
            </div>
        </ContextProvider<FirstRender>>
        </ContextProvider<Navigator>>
    }
}

fn set_document_title_and_lang(title: &str, lang: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    document.set_title(title);
    if let Some(html) = document.document_element() {
        html.set_attribute("lang", lang).ok();
    }
}
