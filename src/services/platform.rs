//! What kind of browser the page runs in, where it changes what a person can do.

use wasm_bindgen::JsCast;

/// WeChat's and WeCom's in-app browsers, where downloads are blocked and a QR
/// code is used by long-pressing it.
pub fn in_wechat() -> bool {
    user_agent().is_some_and(|agent| agent.contains("MicroMessenger"))
}

/// This page's origin (`https://host`), for links and codes that leave the page.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// Android builds of WeChat, some of which cannot long-press an image held in a
/// `data:` URL: the poster is uploaded and shown by its address there.
pub fn in_android_wechat() -> bool {
    in_wechat() && user_agent().is_some_and(|agent| agent.contains("Android"))
}

/// Whether the browser can hand a file to the system share sheet.
pub fn can_share_files(file: &web_sys::File) -> bool {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return false;
    };
    let data = js_sys::Object::new();
    let files = js_sys::Array::of1(file);
    if js_sys::Reflect::set(&data, &"files".into(), &files).is_err() {
        return false;
    }
    js_sys::Reflect::get(&navigator, &"canShare".into())
        .ok()
        .and_then(|can_share| can_share.dyn_into::<js_sys::Function>().ok())
        .and_then(|can_share| can_share.call1(&navigator, &data).ok())
        .is_some_and(|answer| answer.as_bool() == Some(true))
}

/// Opens the system share sheet with `title` and a link or a file; `false` if
/// the person cancelled or the browser refused.
pub async fn share(title: &str, url: Option<&str>, file: Option<&web_sys::File>) -> bool {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return false;
    };
    let data = js_sys::Object::new();
    let mut filled = js_sys::Reflect::set(&data, &"title".into(), &title.into()).is_ok();
    if let Some(url) = url {
        filled &= js_sys::Reflect::set(&data, &"url".into(), &url.into()).is_ok();
    }
    if let Some(file) = file {
        filled &= js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(file)).is_ok();
    }
    let share = js_sys::Reflect::get(&navigator, &"share".into())
        .ok()
        .and_then(|share| share.dyn_into::<js_sys::Function>().ok());
    let Some(share) = share.filter(|_| filled) else {
        return false;
    };
    match share
        .call1(&navigator, &data)
        .map(|promise| promise.dyn_into::<js_sys::Promise>())
    {
        Ok(Ok(promise)) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        _ => false,
    }
}

/// Whether the browser has a share sheet at all.
pub fn can_share() -> bool {
    web_sys::window().is_some_and(|window| {
        js_sys::Reflect::has(&window.navigator(), &"share".into()).unwrap_or(false)
    })
}

fn user_agent() -> Option<String> {
    web_sys::window()?.navigator().user_agent().ok()
}

/// Resolves once the browser is idle, or after `at_most_ms` at the latest, so
/// heavy work (drawing a poster) waits until the page has painted and settled.
/// Where the browser cannot say (Safari, WeChat on iOS), after a short pause.
#[cfg(feature = "poster")]
pub async fn idle(at_most_ms: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let request_idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok());
    let settled = js_sys::Promise::new(&mut |resolve, _reject| {
        let asked = match &request_idle {
            Some(request_idle) => {
                let options = js_sys::Object::new();
                js_sys::Reflect::set(&options, &"timeout".into(), &at_most_ms.into()).ok();
                request_idle.call2(&window, &resolve, &options).is_ok()
            }
            None => false,
        };
        if !asked {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 300)
                .ok();
        }
    });
    wasm_bindgen_futures::JsFuture::from(settled).await.ok();
}
