//! Drawing a poster template on a canvas and exporting it as PNG.
//!
//! Sharp on retina phones (2x or 3x, lowered under the browser's canvas area
//! limit rather than producing a blank image), fonts and images waited for
//! before drawing, images loaded with CORS so the canvas can always be exported,
//! and an image that fails reported while the poster is drawn without it.

use campaign_core::poster::{
    FontWeight, ImageLayer, Layer, PosterTemplate, QrLayer, TextAlign, TextLayer, canvas_size,
    fill_placeholders, render_scale, wrap_lines,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};

use crate::services::qr;

/// A drawn poster.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The PNG, as a `data:` URL.
    pub png: String,
    /// Size of the PNG in pixels: the template's size times the scale.
    pub width: u32,
    pub height: u32,
    /// Images that could not be loaded, left out of the poster.
    pub missing_images: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderError {
    /// Even at 1x the poster would pass the canvas area limit.
    TooLarge,
    /// The browser gave no canvas, or refused to export it.
    Canvas,
    /// The QR code cannot hold the share link.
    QrTooLong,
}

/// How long an upload may take before the poster is shown from the device.
const UPLOAD_TIMEOUT_MS: u32 = 10_000;
/// How long one image may take to load before the poster is drawn without it.
const IMAGE_TIMEOUT_MS: i32 = 8_000;

/// Draws `template` with `values` filled into its text, the QR layer encoding
/// `qr_text`, in the campaign's `font` (a CSS font-family list).
pub async fn render(
    template: &PosterTemplate,
    values: &[(&str, &str)],
    qr_text: &str,
    font: &str,
) -> Result<Rendered, RenderError> {
    let window = web_sys::window().ok_or(RenderError::Canvas)?;
    let document = window.document().ok_or(RenderError::Canvas)?;
    let scale = render_scale(template.width, template.height, window.device_pixel_ratio())
        .map_err(|_| RenderError::TooLarge)?;
    let (width, height) = canvas_size(template.width, template.height, scale);
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .ok()
        .and_then(|element| element.dyn_into().ok())
        .ok_or(RenderError::Canvas)?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into().ok())
        .ok_or(RenderError::Canvas)?;
    // Text measured before the fonts are in would wrap at the wrong places.
    fonts_ready(&document).await;
    let mut missing_images = Vec::new();
    let mut images = Vec::new();
    for source in image_sources(template) {
        match load_image(source).await {
            Some(image) => images.push((source, image)),
            None => missing_images.push(source.to_owned()),
        }
    }
    let image = |source: &str| images.iter().find(|(s, _)| *s == source).map(|(_, i)| i);

    // Draw in template pixels; the canvas scales them to device pixels.
    let (x_scale, y_scale) = (
        f64::from(width) / f64::from(template.width),
        f64::from(height) / f64::from(template.height),
    );
    context.scale(x_scale, y_scale).ok();
    let (w, h) = (f64::from(template.width), f64::from(template.height));
    context.set_fill_style_str(
        template
            .background
            .as_ref()
            .map_or("#ffffff", |c| c.as_str()),
    );
    context.fill_rect(0.0, 0.0, w, h);
    if let Some(background) = template
        .background_image
        .as_ref()
        .and_then(|src| image(src.as_str()))
    {
        draw_cover(&context, background, w, h);
    }
    for layer in &template.layers {
        match layer {
            Layer::Text(text) => draw_text(&context, text, values, font),
            Layer::Image(layer) => {
                if let Some(loaded) = image(layer.src.as_str()) {
                    draw_image(&context, layer, loaded);
                }
            }
            Layer::Qr(layer) => draw_qr(&context, layer, qr_text, (x_scale, y_scale))?,
        }
    }
    let png = encode_png(&canvas).await?;
    Ok(Rendered {
        png,
        width,
        height,
        missing_images,
    })
}

/// The canvas as a PNG `data:` URL. `toBlob` encodes without holding the main
/// thread, where `toDataURL` blocks it for the whole encode of millions of
/// pixels (the spinner freezes); `toDataURL` stays the way for browsers
/// without `toBlob`.
async fn encode_png(canvas: &HtmlCanvasElement) -> Result<String, RenderError> {
    let encoded = js_sys::Promise::new(&mut |resolve, _reject| {
        if canvas.to_blob_with_type(&resolve, "image/png").is_err() {
            resolve.call1(&JsValue::NULL, &JsValue::NULL).ok();
        }
    });
    let blob = JsFuture::from(encoded)
        .await
        .ok()
        .and_then(|blob| blob.dyn_into::<web_sys::Blob>().ok());
    if let Some(blob) = blob {
        if let Some(url) = data_url(&blob).await {
            return Ok(url);
        }
    }
    canvas
        .to_data_url_with_type("image/png")
        .map_err(|_| RenderError::Canvas)
}

/// A blob read as a `data:` URL, which the browser builds off the main thread.
async fn data_url(blob: &web_sys::Blob) -> Option<String> {
    let reader = web_sys::FileReader::new().ok()?;
    let read = js_sys::Promise::new(&mut |resolve, reject| {
        reader.set_onload(Some(&resolve));
        reader.set_onerror(Some(&reject));
    });
    reader.read_as_data_url(blob).ok()?;
    let outcome = JsFuture::from(read).await;
    reader.set_onload(None);
    reader.set_onerror(None);
    outcome.ok()?;
    reader
        .result()
        .ok()?
        .as_string()
        .filter(|url| url.starts_with("data:image/png"))
}

fn image_sources(template: &PosterTemplate) -> Vec<&str> {
    let mut sources: Vec<&str> = template
        .background_image
        .iter()
        .map(|url| url.as_str())
        .collect();
    for layer in &template.layers {
        if let Layer::Image(image) = layer {
            if !sources.contains(&image.src.as_str()) {
                sources.push(image.src.as_str());
            }
        }
    }
    sources
}

async fn fonts_ready(document: &web_sys::Document) {
    let ready = js_sys::Reflect::get(document, &JsValue::from_str("fonts"))
        .and_then(|fonts| js_sys::Reflect::get(&fonts, &JsValue::from_str("ready")));
    if let Ok(promise) = ready.and_then(|ready| ready.dyn_into::<js_sys::Promise>()) {
        JsFuture::from(promise).await.ok();
    }
}

/// Loads an image with CORS, so drawing it never taints the canvas: an image
/// whose server does not allow that fails here instead of blocking the export.
async fn load_image(source: &str) -> Option<HtmlImageElement> {
    let image = HtmlImageElement::new().ok()?;
    image.set_cross_origin(Some("anonymous"));
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
        if let Some(window) = web_sys::window() {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&reject, IMAGE_TIMEOUT_MS)
                .ok();
        }
    });
    image.set_src(source);
    let outcome = JsFuture::from(loaded).await;
    image.set_onload(None);
    image.set_onerror(None);
    (outcome.is_ok() && image.natural_width() > 0).then_some(image)
}

/// Covers the whole poster with `image`, cropping what does not fit.
fn draw_cover(context: &CanvasRenderingContext2d, image: &HtmlImageElement, w: f64, h: f64) {
    let (iw, ih) = (
        f64::from(image.natural_width()),
        f64::from(image.natural_height()),
    );
    let zoom = (w / iw).max(h / ih);
    let (dw, dh) = (iw * zoom, ih * zoom);
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            image,
            (w - dw) / 2.0,
            (h - dh) / 2.0,
            dw,
            dh,
        )
        .ok();
}

fn draw_image(context: &CanvasRenderingContext2d, layer: &ImageLayer, image: &HtmlImageElement) {
    let (x, y) = (f64::from(layer.x), f64::from(layer.y));
    let (w, h) = (f64::from(layer.width), f64::from(layer.height));
    context.save();
    if layer.round {
        context.begin_path();
        context
            .ellipse(
                x + w / 2.0,
                y + h / 2.0,
                w / 2.0,
                h / 2.0,
                0.0,
                0.0,
                std::f64::consts::TAU,
            )
            .ok();
        context.clip();
    }
    context
        .draw_image_with_html_image_element_and_dw_and_dh(image, x, y, w, h)
        .ok();
    context.restore();
}

fn draw_text(
    context: &CanvasRenderingContext2d,
    layer: &TextLayer,
    values: &[(&str, &str)],
    font: &str,
) {
    let weight = match layer.weight {
        FontWeight::Normal => "normal",
        FontWeight::Bold => "bold",
    };
    context.set_font(&format!("{weight} {}px {font}", layer.font_size));
    context.set_fill_style_str(layer.color.as_str());
    context.set_text_baseline("top");
    context.set_text_align(match layer.align {
        TextAlign::Left => "left",
        TextAlign::Center => "center",
        TextAlign::Right => "right",
    });
    let text = fill_placeholders(&layer.text, values);
    let measure = |line: &str| {
        context
            .measure_text(line)
            .map_or(0.0, |metrics| metrics.width())
    };
    let lines = wrap_lines(&text, f64::from(layer.max_width), layer.max_lines, measure);
    let line_height = f64::from(layer.line_height_px());
    for (index, line) in lines.iter().enumerate() {
        let y = f64::from(layer.y) + line_height * index as f64;
        context.fill_text(line, f64::from(layer.x), y).ok();
    }
}

/// The QR code with whole device pixels per module, centred in its square, so
/// its edges stay sharp in the exported image.
fn draw_qr(
    context: &CanvasRenderingContext2d,
    layer: &QrLayer,
    text: &str,
    (x_scale, y_scale): (f64, f64),
) -> Result<(), RenderError> {
    let code = qr::encode(text).ok_or(RenderError::QrTooLong)?;
    let quiet = usize::from(layer.quiet_zone);
    let side = code.width + 2 * quiet;
    // Device pixels from here on.
    context.save();
    context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    let square = (f64::from(layer.size) * x_scale.min(y_scale)).floor();
    let module = (square / side as f64).floor().max(1.0);
    let drawn = module * side as f64;
    let left = (f64::from(layer.x) * x_scale + (square - drawn) / 2.0).round();
    let top = (f64::from(layer.y) * y_scale + (square - drawn) / 2.0).round();
    context.set_fill_style_str(layer.light.as_str());
    context.fill_rect(
        (f64::from(layer.x) * x_scale).round(),
        (f64::from(layer.y) * y_scale).round(),
        square,
        square,
    );
    context.set_fill_style_str(layer.dark.as_str());
    qr::paint(&code, context, left, top, module, quiet);
    context.restore();
    Ok(())
}

/// The exported PNG as a file, for the share sheet.
pub async fn png_file(png: &str, name: &str) -> Option<web_sys::File> {
    let blob = png_blob(png).await?;
    let options = web_sys::FilePropertyBag::new();
    options.set_type("image/png");
    web_sys::File::new_with_blob_sequence_and_options(&js_sys::Array::of1(&blob), name, &options)
        .ok()
}

async fn png_blob(png: &str) -> Option<web_sys::Blob> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(png))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    JsFuture::from(response.blob().ok()?)
        .await
        .ok()?
        .dyn_into()
        .ok()
}

/// Uploads the PNG to the backend (`POST {api}/posters`, given as `url`) and
/// returns the address it is served at, for browsers that cannot long-press a
/// `data:` image.
pub async fn upload(url: &str, png: &str) -> Option<String> {
    let blob = png_blob(png).await?;
    let window = web_sys::window()?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&blob);
    // Without an answer the poster is shown from the device after all.
    let _timeout = crate::services::http::abort_after(&init, UPLOAD_TIMEOUT_MS);
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Content-Type", "image/png").ok()?;
    init.set_headers(&headers);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    #[derive(serde::Deserialize)]
    struct Uploaded {
        url: String,
    }
    let uploaded = campaign_core::read_json::<Uploaded>(&text)?;
    // A relative address is on the API's site, which may not be the page's.
    Some(match uploaded.url.starts_with('/') {
        true => match url
            .find("://")
            .and_then(|at| url[at + 3..].find('/').map(|end| at + 3 + end))
        {
            Some(end) => format!("{}{}", &url[..end], uploaded.url),
            None => uploaded.url,
        },
        false => uploaded.url,
    })
}
