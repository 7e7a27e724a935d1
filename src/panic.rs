//! A panic in wasm would leave a blank page on a phone: instead, show a sentence
//! the person can act on, and keep the details in the console for developers.

use wasm_bindgen::JsCast;

use campaign_core::Locale;

use crate::MOUNT_ID;
use crate::i18n::strings;

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Campaign Kit crashed: {info}").into());
        show_crash_message();
    }));
}

/// Replaces the app with a short apology and a reload link.
pub fn show_crash_message() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    // The app may be what crashed, so the language comes from the page itself.
    let english = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .is_some_and(|lang| lang.starts_with("en"));
    let text = strings(if english { Locale::En } else { Locale::ZhCn });
    let Some(root) = document.get_element_by_id(MOUNT_ID) else {
        return;
    };
    // Built from text nodes only: nothing here is parsed as HTML.
    root.set_text_content(None);
    let Ok(card) = document.create_element("div") else {
        return;
    };
    card.set_class_name("ck-crash");
    card.set_attribute("role", "alert").ok();
    for (tag, words) in [("h1", text.crash_title), ("p", text.crash_body)] {
        if let Ok(element) = document.create_element(tag) {
            element.set_text_content(Some(words));
            card.append_child(&element).ok();
        }
    }
    // A link to the page itself reloads it without any script.
    if let Ok(reload) = document.create_element("a") {
        reload.set_text_content(Some(text.crash_reload));
        reload.set_attribute("href", "").ok();
        reload.set_class_name("ck-button");
        card.append_child(&reload).ok();
    }
    if let Some(element) = card.dyn_ref::<web_sys::HtmlElement>() {
        root.append_child(element).ok();
    }
}
