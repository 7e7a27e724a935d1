//! Splitting the main thread's work into tasks.

use wasm_bindgen::JsValue;

/// Resolves in a task of its own, after the browser has had the chance to
/// paint and to take input. Start-up yields here between its steps (reading
/// the config, hydrating, the visitor's second render) so that none of them
/// adds up with the others into one long task.
pub async fn next_task() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let later = js_sys::Promise::new(&mut |resolve, _reject| {
        if window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .is_err()
        {
            resolve.call0(&JsValue::NULL).ok();
        }
    });
    wasm_bindgen_futures::JsFuture::from(later).await.ok();
}
