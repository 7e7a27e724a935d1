//! A QR code drawn on the device as a PNG `<img>`: WeChat finds codes to
//! long-press only in images, and drawing it here keeps join links out of any
//! third-party QR service.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::services::qr;

/// Empty modules around the code; scanners need a light margin to find it.
const QUIET_ZONE: usize = 2;

#[derive(Properties, PartialEq)]
pub struct QrImageProps {
    /// What the code encodes.
    pub text: String,
    /// Width and height on the page, in CSS pixels.
    pub size: u32,
    /// Said by screen readers, and shown if the image cannot be drawn.
    pub alt: String,
}

#[function_component]
pub fn QrImage(props: &QrImageProps) -> Html {
    let src = use_memo((props.text.clone(), props.size), |(text, size)| {
        qr_png(text, *size)
    });
    let size = props.size.to_string();
    match src.as_ref() {
        Some(src) => html! {
            <img class="ck-qr" src={src.clone()} alt={props.alt.clone()}
                width={size.clone()} height={size} />
        },
        None => {
            html! { <p class="ck-qr ck-qr-missing" role="img" aria-label={props.alt.clone()}>{ &props.alt }</p> }
        }
    }
}

/// The code as a PNG data URL, with whole device pixels per module so its edges
/// stay sharp on every screen.
fn qr_png(text: &str, css_size: u32) -> Option<String> {
    let code = qr::encode(text)?;
    let modules = code.width + 2 * QUIET_ZONE;
    let ratio = web_sys::window().map_or(1.0, |window| window.device_pixel_ratio());
    let wanted = (f64::from(css_size) * ratio.clamp(1.0, 4.0)).ceil() as usize;
    let scale = wanted.div_ceil(modules).max(1);
    let pixels = u32::try_from(modules * scale).ok()?;
    let document = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(pixels);
    canvas.set_height(pixels);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(pixels), f64::from(pixels));
    context.set_fill_style_str("#000000");
    qr::paint(&code, &context, 0.0, 0.0, scale as f64, QUIET_ZONE);
    canvas.to_data_url().ok()
}
