//! Redeeming a winner's claim code at a branch, on a phone: type, paste or
//! scan the code, see what it won and whether it is still open, and redeem it
//! with one tap and a confirmation. The server decides: a code redeemed
//! before is refused with when and by whom.

use campaign_core::wire::Claim;
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlVideoElement, MediaStream};
use yew::prelude::*;

use super::text::{beijing_rfc3339, text};
use super::{Console, api};

#[derive(Properties, PartialEq)]
pub struct RedeemProps {
    pub console: Console,
}

#[derive(Clone, PartialEq)]
enum Step {
    Typing,
    Looking,
    Found(Claim),
    Confirming(Claim),
    Redeeming(Claim),
    Done(Claim),
}

#[function_component]
pub fn RedeemScreen(props: &RedeemProps) -> Html {
    let console = &props.console;
    let words = text(console.locale);
    let input = use_node_ref();
    let step = use_state(|| Step::Typing);
    let problem = use_state(|| None::<String>);
    let scanning = use_state(|| false);
    let look_up = {
        let step = step.clone();
        let problem = problem.clone();
        let console = console.clone();
        Callback::from(move |code: String| {
            let code = code.trim().to_owned();
            if code.is_empty() {
                return;
            }
            step.set(Step::Looking);
            problem.set(None);
            let step = step.clone();
            let problem = problem.clone();
            let console = console.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/api/v1/claims/{}", api::encode(&code));
                match api::get::<Claim>(&path).await {
                    Ok(claim) => step.set(Step::Found(claim)),
                    Err(failure) => {
                        step.set(Step::Typing);
                        problem.set(Some(console.explain(&failure)));
                    }
                }
            });
        })
    };
    let onsubmit = {
        let input = input.clone();
        let look_up = look_up.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = input.cast::<HtmlInputElement>() {
                look_up.emit(input.value());
            }
        })
    };
    let scanned = {
        let input = input.clone();
        let look_up = look_up.clone();
        let scanning = scanning.clone();
        Callback::from(move |code: String| {
            scanning.set(false);
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.set_value(&code);
            }
            look_up.emit(code);
        })
    };
    let redeem = {
        let step = step.clone();
        let problem = problem.clone();
        let console = console.clone();
        Callback::from(move |claim: Claim| {
            step.set(Step::Redeeming(claim.clone()));
            let step = step.clone();
            let problem = problem.clone();
            let console = console.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/api/v1/claims/{}/redeem", api::encode(&claim.code));
                match api::post::<Claim>(&path, &serde_json::Value::Null).await {
                    Ok(redeemed) => step.set(Step::Done(redeemed)),
                    Err(failure) => {
                        // Redeemed meanwhile (by someone else, or twice): the
                        // server says when and by whom; show the code as it is now.
                        problem.set(Some(console.explain(&failure)));
                        let path = format!("/api/v1/claims/{}", api::encode(&claim.code));
                        match api::get::<Claim>(&path).await {
                            Ok(now) => step.set(Step::Found(now)),
                            Err(_) => step.set(Step::Found(claim)),
                        }
                    }
                }
            });
        })
    };
    let card = match &*step {
        Step::Typing | Step::Looking => html! {},
        Step::Found(claim)
        | Step::Confirming(claim)
        | Step::Redeeming(claim)
        | Step::Done(claim) => {
            let open = claim.redeemed_at.is_none();
            let status = match (&*step, &claim.redeemed_at) {
                (Step::Done(_), _) => html! {
                    <p class="ck-console-success" role="status">{ words.redeemed_now }
                        { claim.redeemed_at.as_deref().map(|at| format!(" · {}", beijing_rfc3339(at))).unwrap_or_default() }</p>
                },
                (_, Some(at)) => html! {
                    <p class="ck-console-claim-status ck-claim-redeemed">
                        { words.claim_redeemed }{ " · " }{ beijing_rfc3339(at) }
                        { claim.redeemed_by.as_ref().map(|by| format!(" · {by}")).unwrap_or_default() }
                    </p>
                },
                (_, None) => {
                    html! { <p class="ck-console-claim-status ck-claim-open">{ words.claim_open }</p> }
                }
            };
            let actions = match &*step {
                Step::Found(claim) if open => {
                    let step = step.clone();
                    let claim = claim.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        step.set(Step::Confirming(claim.clone()))
                    });
                    html! { <button type="button" class="ck-console-button ck-console-redeem" {onclick}>{ words.redeem_button }</button> }
                }
                Step::Confirming(claim) => {
                    let confirm = {
                        let redeem = redeem.clone();
                        let claim = claim.clone();
                        Callback::from(move |_: MouseEvent| redeem.emit(claim.clone()))
                    };
                    let cancel = {
                        let step = step.clone();
                        let claim = claim.clone();
                        Callback::from(move |_: MouseEvent| step.set(Step::Found(claim.clone())))
                    };
                    html! {
                        <div class="ck-console-confirm" role="alertdialog" aria-labelledby="ck-confirm-text">
                            <p id="ck-confirm-text">{ words.confirm_redeem }</p>
                            <button type="button" class="ck-console-button ck-console-confirm-yes" onclick={confirm}>{ words.confirm }</button>
                            <button type="button" class="ck-console-button ck-console-button-quiet" onclick={cancel}>{ words.cancel }</button>
                        </div>
                    }
                }
                Step::Redeeming(_) => html! { <p role="status">{ words.loading }</p> },
                _ => html! {},
            };
            html! {
                <section class="ck-console-card ck-console-claim" data-claim-code={claim.code.clone()}
                    aria-labelledby="ck-claim-prize">
                    <p class="ck-console-muted">{ words.claim_code }{ ": " }<code>{ &claim.code }</code></p>
                    <h2 id="ck-claim-prize">{ if claim.prize.blank { words.blank_prize.to_owned() } else { claim.prize.name.clone() } }</h2>
                    <p class="ck-console-muted">{ beijing_rfc3339(&claim.drawn_at) }</p>
                    { status }
                    { actions }
                </section>
            }
        }
    };
    let can_scan = barcode_detector_available();
    let toggle_scan = {
        let scanning = scanning.clone();
        Callback::from(move |_: MouseEvent| scanning.set(!*scanning))
    };
    html! {
        <div class="ck-console-redeem-screen">
            <h1 class="ck-console-heading">{ words.redeem_title }</h1>
            <form class="ck-console-card ck-console-code-form" {onsubmit}>
                <p class="ck-console-muted">{ words.redeem_intro }</p>
                <label for="ck-claim-code">{ words.code_label }</label>
                <div class="ck-console-code-row">
                    <input id="ck-claim-code" ref={input} type="text" name="code" autocomplete="off"
                        autocapitalize="characters" spellcheck="false" inputmode="text"
                        placeholder="K7Q2-9XMA-3F" required=true
                        aria-describedby={problem.is_some().then_some("ck-redeem-problem")} />
                    <button type="submit" class="ck-console-button" disabled={*step == Step::Looking}>{ words.look_up }</button>
                </div>
                if can_scan {
                    <button type="button" class="ck-console-button ck-console-button-quiet ck-console-scan" onclick={toggle_scan}>
                        { if *scanning { words.stop_scan } else { words.scan } }
                    </button>
                }
            </form>
            if *scanning {
                <Scanner found={scanned} locale_refused={words.camera_refused} />
            }
            if let Some(problem) = &*problem {
                <p id="ck-redeem-problem" class="ck-console-problem" role="alert">{ problem }</p>
            }
            { card }
        </div>
    }
}

fn barcode_detector_available() -> bool {
    web_sys::window().is_some_and(|window| {
        js_sys::Reflect::has(&window, &JsValue::from_str("BarcodeDetector")).unwrap_or(false)
    })
}

#[derive(Properties, PartialEq)]
struct ScannerProps {
    found: Callback<String>,
    locale_refused: &'static str,
}

/// The rear camera, read by the browser's `BarcodeDetector` a few times a
/// second until it sees a QR code.
#[function_component]
fn Scanner(props: &ScannerProps) -> Html {
    let video = use_node_ref();
    let refused = use_state(|| false);
    {
        let video = video.clone();
        let found = props.found.clone();
        let refused = refused.clone();
        use_effect_with((), move |()| {
            let running: std::rc::Rc<std::cell::RefCell<Option<(MediaStream, Interval)>>> =
                Default::default();
            let kept = running.clone();
            // The camera may answer after the scanner is closed: then it is
            // turned off at once, not left running unseen.
            let open = std::rc::Rc::new(std::cell::Cell::new(true));
            let still_open = open.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match start_scanning(&video, found).await {
                    Some((stream, interval)) if !still_open.get() => {
                        drop(interval);
                        stop(&stream);
                    }
                    Some(started) => *kept.borrow_mut() = Some(started),
                    None => refused.set(true),
                }
            });
            move || {
                open.set(false);
                if let Some((stream, interval)) = running.borrow_mut().take() {
                    drop(interval);
                    stop(&stream);
                }
            }
        });
    }
    html! {
        <div class="ck-console-card ck-console-scanner">
            if *refused {
                <p class="ck-console-problem" role="alert">{ props.locale_refused }</p>
            } else {
                <video ref={video} class="ck-console-video" playsinline=true muted=true></video>
            }
        </div>
    }
}

fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}

async fn start_scanning(
    video: &NodeRef,
    found: Callback<String>,
) -> Option<(MediaStream, Interval)> {
    let window = web_sys::window()?;
    let devices = window.navigator().media_devices().ok()?;
    let constraints = web_sys::MediaStreamConstraints::new();
    let facing = js_sys::Object::new();
    js_sys::Reflect::set(&facing, &"facingMode".into(), &"environment".into()).ok()?;
    constraints.set_video(&facing);
    let stream: MediaStream =
        JsFuture::from(devices.get_user_media_with_constraints(&constraints).ok()?)
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let element = video.cast::<HtmlVideoElement>()?;
    element.set_src_object(Some(&stream));
    if let Ok(playing) = element.play() {
        JsFuture::from(playing).await.ok();
    }
    let class = js_sys::Reflect::get(&window, &"BarcodeDetector".into()).ok()?;
    let options = js_sys::Object::new();
    let formats = js_sys::Array::of1(&"qr_code".into());
    js_sys::Reflect::set(&options, &"formats".into(), &formats).ok()?;
    let class: &js_sys::Function = class.dyn_ref()?;
    let detector = js_sys::Reflect::construct(class, &js_sys::Array::of1(&options)).ok()?;
    let detect: js_sys::Function = js_sys::Reflect::get(&detector, &"detect".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let busy = std::rc::Rc::new(std::cell::Cell::new(false));
    let done = std::rc::Rc::new(std::cell::Cell::new(false));
    let interval = Interval::new(300, move || {
        if busy.get() || done.get() {
            return;
        }
        let Ok(promise) = detect.call1(&detector, &element) else {
            return;
        };
        let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
            return;
        };
        busy.set(true);
        let busy = busy.clone();
        let done = done.clone();
        let found = found.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let codes = JsFuture::from(promise).await.ok();
            busy.set(false);
            let first = codes
                .and_then(|codes| codes.dyn_into::<js_sys::Array>().ok())
                .and_then(|codes| codes.iter().next())
                .and_then(|code| js_sys::Reflect::get(&code, &"rawValue".into()).ok())
                .and_then(|value| value.as_string());
            if let Some(code) = first.filter(|code| !code.trim().is_empty()) {
                if !done.replace(true) {
                    found.emit(code);
                }
            }
        });
    });
    Some((stream, interval))
}
