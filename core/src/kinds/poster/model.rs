//! The poster template as configs write it: a canvas, a background and layers.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::primitives::text::text;
use crate::primitives::{Color, Url};

/// A poster: a canvas of `width` × `height` CSS pixels, a background, and layers
/// drawn in order (later layers on top).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PosterTemplate {
    /// Width in CSS pixels, 100 to 2000; `750` is the usual phone poster width.
    pub width: u32,
    /// Height in CSS pixels, 100 to 2000; `1334` with a width of 750 fills a phone
    /// screen.
    pub height: u32,
    /// Colour under everything else; white when neither this nor
    /// `background_image` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<Color>,
    /// Image stretched to cover the whole poster, over `background`. It must come
    /// from the site that serves the pages (or one that sends CORS headers),
    /// otherwise the browser refuses to save the poster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_image: Option<Url>,
    /// What is drawn on the background, in order: `text`, `image` and `qr`
    /// layers, each `{ "type": ..., ... }`.
    pub layers: Vec<Layer>,
}

/// One thing drawn on a poster, `{ "type": "text" | "image" | "qr", ... }`.
//
// Read through `RawLayer` rather than serde's internally tagged derive: the derive
// buffers each layer (more code in the wasm) and hides where inside a layer a
// mistake is, while a plain struct lets the config reader report
// `poster.layers[2].colr` with a "did you mean `color`?" hint.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Layer {
    /// Text with placeholders, wrapped at `max_width`.
    Text(TextLayer),
    /// An image such as a logo or a product picture.
    Image(ImageLayer),
    /// The QR code of the page's share link.
    Qr(QrLayer),
}

impl Layer {
    /// The name of the layer's type, as written in configs.
    pub fn type_name(&self) -> &'static str {
        match self {
            Layer::Text(_) => "text",
            Layer::Image(_) => "image",
            Layer::Qr(_) => "qr",
        }
    }
}

/// Text, wrapped at `max_width`: Chinese between any two characters, Latin words
/// and numbers kept whole, and no line starting with `，。！？` or ending with `（《“`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TextLayer {
    /// What to write. Placeholders such as `{nickname}` are filled in (the page
    /// kind says which exist); `\n` starts a new line.
    pub text: String,
    /// Where the lines are anchored, in CSS pixels from the left edge: their left
    /// end for `align: left`, their middle for `center`, their right end for
    /// `right`.
    pub x: u32,
    /// Top of the first line, in CSS pixels from the top edge.
    pub y: u32,
    /// Width at which lines wrap, in CSS pixels.
    pub max_width: u32,
    /// Font size in CSS pixels, 12 to 200. The font is the campaign theme's.
    pub font_size: u32,
    /// `normal` (default) or `bold`.
    #[serde(default)]
    pub weight: FontWeight,
    /// Text colour, e.g. `#1f2329`.
    pub color: Color,
    /// `left` (default), `center` or `right`, relative to `x`.
    #[serde(default)]
    pub align: TextAlign,
    /// Distance from the top of one line to the top of the next, in CSS pixels;
    /// 1.4 × `font_size` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_height: Option<u32>,
    /// Most lines shown, 1 to 20; longer text ends with `…`. No limit when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_lines: Option<u32>,
}

impl TextLayer {
    /// `line_height`, or 1.4 × the font size.
    pub fn line_height_px(&self) -> u32 {
        self.line_height
            .unwrap_or_else(|| self.font_size.saturating_mul(7) / 5)
    }

    /// Left end of the area the lines may use, in CSS pixels (negative when the
    /// layer pokes out on the left).
    pub fn left(&self) -> i64 {
        let (x, width) = (i64::from(self.x), i64::from(self.max_width));
        match self.align {
            TextAlign::Left => x,
            TextAlign::Center => x - width / 2,
            TextAlign::Right => x - width,
        }
    }
}

/// Font weight of a text layer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FontWeight {
    #[default]
    Normal,
    Bold,
}

/// Horizontal alignment of a text layer's lines around its `x`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TextAlign {
    #[default]
    Left,
    Center,
    Right,
}

/// An image drawn into a box of `width` × `height` CSS pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImageLayer {
    /// The image. It must come from the site that serves the pages (or one that
    /// sends CORS headers), otherwise the browser refuses to save the poster.
    pub src: Url,
    /// Left edge, in CSS pixels from the poster's left edge.
    pub x: u32,
    /// Top edge, in CSS pixels from the poster's top edge.
    pub y: u32,
    /// Width of the box, in CSS pixels.
    pub width: u32,
    /// Height of the box, in CSS pixels.
    pub height: u32,
    /// Clip the image to a circle (an ellipse in a box that is not square), as
    /// for avatars.
    #[serde(default, skip_serializing_if = "is_false")]
    pub round: bool,
}

/// The QR code of the page's share link, a square of `size` CSS pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QrLayer {
    /// Left edge, in CSS pixels from the poster's left edge.
    pub x: u32,
    /// Top edge, in CSS pixels from the poster's top edge.
    pub y: u32,
    /// Side of the square, quiet zone included, in CSS pixels; at least 120 so
    /// that phones scan it from a saved poster.
    pub size: u32,
    /// Light margin around the code, in modules (the code's small squares), 0
    /// to 8; 2 when absent. Scanners need one unless the poster around the code
    /// is already light.
    #[serde(default = "default_quiet_zone")]
    pub quiet_zone: u8,
    /// Colour of the dark modules; black when absent. It must be clearly darker
    /// than `light` (contrast of at least 3:1), and opaque.
    #[serde(default = "default_dark")]
    pub dark: Color,
    /// Colour of the light modules and the quiet zone; white when absent.
    #[serde(default = "default_light")]
    pub light: Color,
}

fn default_quiet_zone() -> u8 {
    2
}

fn default_dark() -> Color {
    Color::new("#000000")
}

fn default_light() -> Color {
    Color::new("#ffffff")
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The layer types, as written in `"type"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum LayerType {
    Text,
    Image,
    Qr,
}

/// Every field any layer has, as a marketer may write them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayer {
    #[serde(rename = "type")]
    kind: LayerType,
    text: Option<String>,
    x: Option<u32>,
    y: Option<u32>,
    max_width: Option<u32>,
    font_size: Option<u32>,
    weight: Option<FontWeight>,
    color: Option<Color>,
    align: Option<TextAlign>,
    line_height: Option<u32>,
    max_lines: Option<u32>,
    src: Option<Url>,
    width: Option<u32>,
    height: Option<u32>,
    round: Option<bool>,
    size: Option<u32>,
    quiet_zone: Option<u8>,
    dark: Option<Color>,
    light: Option<Color>,
}

impl<'de> Deserialize<'de> for Layer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawLayer::deserialize(deserializer)?.into_layer()
    }
}

/// A required field of a layer.
fn need<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

impl RawLayer {
    fn into_layer<E: de::Error>(self) -> Result<Layer, E> {
        let type_name = match self.kind {
            LayerType::Text => "text",
            LayerType::Image => "image",
            LayerType::Qr => "qr",
        };
        // A field of another layer type would be silently ignored: refuse it.
        let text_only = [
            ("text", self.text.is_some()),
            ("max_width", self.max_width.is_some()),
            ("font_size", self.font_size.is_some()),
            ("weight", self.weight.is_some()),
            ("color", self.color.is_some()),
            ("align", self.align.is_some()),
            ("line_height", self.line_height.is_some()),
            ("max_lines", self.max_lines.is_some()),
        ];
        let image_only = [
            ("src", self.src.is_some()),
            ("width", self.width.is_some()),
            ("height", self.height.is_some()),
            ("round", self.round.is_some()),
        ];
        let qr_only = [
            ("size", self.size.is_some()),
            ("quiet_zone", self.quiet_zone.is_some()),
            ("dark", self.dark.is_some()),
            ("light", self.light.is_some()),
        ];
        let foreign: &[&[(&str, bool)]] = match self.kind {
            LayerType::Text => &[&image_only, &qr_only],
            LayerType::Image => &[&text_only, &qr_only],
            LayerType::Qr => &[&text_only, &image_only],
        };
        if let Some((name, _)) = foreign
            .iter()
            .flat_map(|fields| fields.iter())
            .find(|f| f.1)
        {
            return Err(E::custom(
                text!(
                    "`{type_name}` 图层没有字段 `{name}`",
                    "a `{type_name}` layer has no field `{name}`"
                )
                .to_custom(),
            ));
        }
        let x = need(self.x, "x")?;
        let y = need(self.y, "y")?;
        Ok(match self.kind {
            LayerType::Text => Layer::Text(TextLayer {
                text: need(self.text, "text")?,
                x,
                y,
                max_width: need(self.max_width, "max_width")?,
                font_size: need(self.font_size, "font_size")?,
                weight: self.weight.unwrap_or_default(),
                color: need(self.color, "color")?,
                align: self.align.unwrap_or_default(),
                line_height: self.line_height,
                max_lines: self.max_lines,
            }),
            LayerType::Image => Layer::Image(ImageLayer {
                src: need(self.src, "src")?,
                x,
                y,
                width: need(self.width, "width")?,
                height: need(self.height, "height")?,
                round: self.round.unwrap_or(false),
            }),
            LayerType::Qr => Layer::Qr(QrLayer {
                x,
                y,
                size: need(self.size, "size")?,
                quiet_zone: self.quiet_zone.unwrap_or_else(default_quiet_zone),
                dark: self.dark.unwrap_or_else(default_dark),
                light: self.light.unwrap_or_else(default_light),
            }),
        })
    }
}
