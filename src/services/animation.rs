//! Frame-by-frame animation on `requestAnimationFrame`: the browser paints each
//! step when it paints anyway, so spinning never fights the page for frames.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Whether the person asked their system for less motion.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| {
            window
                .match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}

/// Calls `frame` with the progress (0 to 1, eased out) on every frame for
/// `duration_ms`, then `done` once. Without `requestAnimationFrame`, jumps to
/// the end.
pub fn animate(
    duration_ms: f64,
    mut frame: impl FnMut(f64) + 'static,
    done: impl FnOnce() + 'static,
) {
    let Some(window) = web_sys::window() else {
        frame(1.0);
        done();
        return;
    };
    type Step = Closure<dyn FnMut(f64)>;
    let step: Rc<RefCell<Option<Step>>> = Rc::new(RefCell::new(None));
    let again = step.clone();
    let mut start: Option<f64> = None;
    let mut done = Some(done);
    *step.borrow_mut() = Some(Closure::new(move |now: f64| {
        let began = *start.get_or_insert(now);
        let linear = ((now - began) / duration_ms).clamp(0.0, 1.0);
        frame(ease_out_cubic(linear));
        let next = (linear < 1.0).then(web_sys::window).flatten().zip(
            again
                .borrow()
                .as_ref()
                .map(|c| c.as_ref().unchecked_ref::<js_sys::Function>().clone()),
        );
        match next {
            Some((window, callback)) if window.request_animation_frame(&callback).is_ok() => {}
            _ => {
                if let Some(done) = done.take() {
                    done();
                }
                // Breaks the closure's cycle with itself, so it is freed.
                again.borrow_mut().take();
            }
        }
    }));
    let first = step
        .borrow()
        .as_ref()
        .map(|c| c.as_ref().unchecked_ref::<js_sys::Function>().clone());
    if let Some(first) = first {
        if window.request_animation_frame(&first).is_err() {
            step.borrow_mut().take();
        }
    }
}

/// Fast first, settling gently: how a wheel slows down.
fn ease_out_cubic(t: f64) -> f64 {
    1.0 - (1.0 - t).powi(3)
}
