//! An in-app link: a real `<a href>` (so it can be opened in a new tab, copied and
//! shared) that moves within the app without reloading on a plain click.

use campaign_core::routes::Route;
use yew::prelude::*;

use crate::router::Navigator;

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn Link(props: &LinkProps) -> Html {
    let navigator = use_context::<Navigator>();
    let Some(navigator) = navigator else {
        return html! { <a class={props.class.clone()} href={props.to.path()}>{ props.children.clone() }</a> };
    };
    let href = navigator.href(&props.to);
    if !navigator.is_local(&props.to) {
        // Another bundle shows that page: let the browser load it.
        return html! { <a class={props.class.clone()} {href}>{ props.children.clone() }</a> };
    }
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |event: MouseEvent| {
            let modified =
                event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
            if modified || event.button() != 0 {
                return; // let the browser open a new tab or window
            }
            event.prevent_default();
            navigator.navigate.emit(to.clone());
        })
    };
    html! {
        <a class={props.class.clone()} {href} {onclick}>{ props.children.clone() }</a>
    }
}
