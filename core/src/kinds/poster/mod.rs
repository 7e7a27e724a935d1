//! Posters: a template in the config, drawn by the app on a canvas and saved or
//! shared as an image. One renderer serves every poster (the referral page's
//! invitation, the quiz's result), so the rules it needs live here as pure
//! functions: placeholders, line wrapping for Chinese and mixed text, the canvas
//! scale, and the checks a template must pass.
//!
//! Nothing here touches the browser: [`wrap_lines`] takes the canvas's
//! `measureText` as a closure, so the host tests run it with a fake one.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::diagnostics::issue::PageIssue;
use crate::primitives::{Color, Url};

/// Shortest and longest side of a poster, in CSS pixels. At 2000 × 2000 the
/// canvas still fits the iOS limit at a scale of 2.
pub const POSTER_SIDES: std::ops::RangeInclusive<u32> = 100..=2000;
/// Smallest QR code, in CSS pixels (quiet zone included), that phones scan
/// reliably from a saved poster.
pub const MIN_QR_SIZE: u32 = 120;
/// Widest quiet zone, in modules.
pub const MAX_QUIET_ZONE: u8 = 8;
/// Font sizes a text layer may use, in CSS pixels.
pub const FONT_SIZES: std::ops::RangeInclusive<u32> = 12..=200;
/// Most lines a text layer may limit itself to.
pub const MAX_LINES: u32 = 20;
/// Most layers in one poster.
pub const MAX_LAYERS: usize = 32;
/// Largest canvas, in device pixels, that iOS Safari draws (4096 × 4096); a
/// larger one stays blank without any error.
pub const MAX_CANVAS_PIXELS: u64 = 16_777_216;
/// Appended to the last line when a text is cut at `max_lines`.
pub const ELLIPSIS: &str = "…";

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

/// The campaign's colours, as the posters Campaign Kit builds itself (the quiz
/// result's) need them. The campaign's theme provides them; a kind takes the
/// trait, so that it never depends on the campaign.
pub trait Palette {
    /// The main colour: buttons, links and highlights.
    fn primary(&self) -> &Color;
}

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
            return Err(E::custom(format_args!(
                "a `{type_name}` layer has no field `{name}`"
            )));
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

// ---------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------

/// The next `{name}` in `text` (name: ASCII letters, digits and `_`), as its
/// byte range and name. Braces around anything else are plain text.
fn next_placeholder(text: &str) -> Option<(usize, usize, &str)> {
    let mut from = 0;
    while let Some(found) = text[from..].find('{') {
        let start = from + found;
        let rest = &text[start + 1..];
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if name_len > 0 && rest.as_bytes().get(name_len) == Some(&b'}') {
            return Some((start, start + name_len + 2, &rest[..name_len]));
        }
        from = start + 1;
    }
    None
}

/// The names of the `{name}` placeholders in `text`, in order.
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some((_, end, name)) = next_placeholder(rest) {
        names.push(name);
        rest = &rest[end..];
    }
    names
}

/// Replaces each `{name}` in `text` with its value from `values`.
///
/// Kept deliberately simple: a placeholder is a name of ASCII letters, digits and
/// `_` in single braces; unknown names stay as written (the config checker
/// reports them), and other braces are plain text, so there is no escape syntax.
/// Values are inserted as they are and never scanned again, so a nickname such
/// as `{code}` cannot pull in another value.
pub fn fill_placeholders(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((start, end, name)) = next_placeholder(rest) {
        out.push_str(&rest[..start]);
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------
// Line wrapping
// ---------------------------------------------------------------------------

/// Splits `text` into lines no wider than `max_width` by `measure` (the canvas's
/// `measureText(...).width` in the app).
///
/// - `\n` always starts a new line; an empty line stays empty.
/// - Chinese, Japanese and Korean text may break between any two characters;
///   Latin words and numbers stay whole, and break only where a word alone is
///   wider than the line.
/// - Basic Chinese line-breaking rules (禁则): no line starts with closing
///   punctuation such as `，。！？、）」》”%` and no line ends with opening
///   punctuation such as `（「《“￥`; the character next to one moves with it.
/// - Spaces at either end of a line are dropped.
/// - With `max_lines`, text beyond that many lines is cut and the last line kept
///   ends with `…`, shortened until the ellipsis fits too.
pub fn wrap_lines(
    text: &str,
    max_width: f64,
    max_lines: Option<u32>,
    measure: impl Fn(&str) -> f64,
) -> Vec<String> {
    let limit = max_lines.map(|limit| usize::try_from(limit).unwrap_or(usize::MAX));
    let fits = |line: &str| measure(line) <= max_width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, &fits, &mut lines);
        if limit.is_some_and(|limit| lines.len() > limit) {
            break;
        }
    }
    if let Some(limit) = limit {
        if lines.len() > limit {
            lines.truncate(limit);
            if let Some(last) = lines.last_mut() {
                *last = with_ellipsis(last, &fits);
            }
        }
    }
    lines
}

fn wrap_paragraph(paragraph: &str, fits: &dyn Fn(&str) -> bool, lines: &mut Vec<String>) {
    let mut line = String::new();
    for (gap, piece) in unbreakable_pieces(paragraph) {
        if !line.is_empty() {
            let joined = [line.as_str(), gap, piece].concat();
            if fits(&joined) {
                line = joined;
                continue;
            }
            lines.push(std::mem::take(&mut line));
        }
        if fits(piece) {
            line.push_str(piece);
            continue;
        }
        // A piece wider than a whole line: break it between characters, at
        // least one per line so that every text ends.
        for c in piece.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if line.is_empty() || fits(&longer) {
                line = longer;
            } else {
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    lines.push(line);
}

/// The paragraph as pieces that must stay on one line, each with the spaces
/// before it (dropped when the piece starts a line).
fn unbreakable_pieces(paragraph: &str) -> Vec<(&str, &str)> {
    let mut pieces = Vec::new();
    let mut gap_start = 0;
    let mut piece_start: Option<usize> = None;
    let mut previous: Option<char> = None;
    for (at, c) in paragraph.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = piece_start.take() {
                pieces.push((&paragraph[gap_start..start], &paragraph[start..at]));
                gap_start = at;
            }
            previous = None;
            continue;
        }
        match (piece_start, previous) {
            (None, _) => piece_start = Some(at),
            (Some(start), Some(before)) if may_break_between(before, c) => {
                pieces.push((&paragraph[gap_start..start], &paragraph[start..at]));
                gap_start = at;
                piece_start = Some(at);
            }
            _ => {}
        }
        previous = Some(c);
    }
    if let Some(start) = piece_start {
        pieces.push((&paragraph[gap_start..start], &paragraph[start..]));
    }
    pieces
}

/// Whether a line may end after `before` when `after` follows it directly.
fn may_break_between(before: char, after: char) -> bool {
    (is_cjk(before) || is_cjk(after))
        && !is_opening(before)
        && !is_closing(after)
        && !(before == '—' && after == '—')
}

/// Characters between which Chinese, Japanese and Korean text may break.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF // Hangul Jamo
        | 0x2E80..=0x33FF // radicals, CJK punctuation, kana, bopomofo, enclosed
        | 0x3400..=0x4DBF // ideographs, extension A
        | 0x4E00..=0x9FFF // ideographs
        | 0xA960..=0xA97F // Hangul Jamo extended
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFE30..=0xFE4F // compatibility forms
        | 0xFF00..=0xFFEF // full-width forms
        | 0x20000..=0x3FFFF // ideographs, extensions B and later
    )
}

/// Punctuation no line may start with.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '！'
            | '？'
            | '、'
            | '；'
            | '：'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '］'
            | '｝'
            | '”'
            | '’'
            | '％'
            | '%'
            | '…'
            | '‥'
            | '｡'
            | '､'
            | '〜'
            | '～'
            | ','
            | '.'
            | '!'
            | '?'
            | ':'
            | ';'
            | ')'
            | ']'
            | '}'
    )
}

/// Punctuation (and currency signs) no line may end with.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '［'
            | '｛'
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
            | '￥'
            | '¥'
            | '$'
            | '＄'
    )
}

/// `line` shortened until it fits with `…` after it.
fn with_ellipsis(line: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let mut kept = line.to_owned();
    loop {
        while kept.ends_with(|c: char| c.is_whitespace() || is_opening(c)) {
            kept.pop();
        }
        let candidate = format!("{kept}{ELLIPSIS}");
        if kept.is_empty() || fits(&candidate) {
            return candidate;
        }
        kept.pop();
    }
}

// ---------------------------------------------------------------------------
// Canvas scale
// ---------------------------------------------------------------------------

/// A poster too large for any phone's canvas, even at one device pixel per CSS
/// pixel. [`check_poster`] refuses such templates, so a valid config never
/// meets this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the poster is {width} × {height} CSS pixels, more than a phone's canvas holds; keep each side at most 2000"
)]
pub struct PosterTooLarge {
    pub width: u32,
    pub height: u32,
}

/// Device pixels per CSS pixel to draw a poster at: the screen's
/// `devicePixelRatio` rounded up into 2 to 3 (sharp on every phone, and the saved
/// image stays a sensible size), lowered when the canvas would pass
/// [`MAX_CANVAS_PIXELS`]. A lowered scale is a multiple of 1/1000, never below 1;
/// size the canvas with [`canvas_size`].
pub fn render_scale(
    width: u32,
    height: u32,
    device_pixel_ratio: f64,
) -> Result<f64, PosterTooLarge> {
    let area = u64::from(width) * u64::from(height);
    if area > MAX_CANVAS_PIXELS {
        return Err(PosterTooLarge { width, height });
    }
    // `>` rather than rounding: NaN or a missing ratio reads as 2.
    let preferred = if device_pixel_ratio > 2.0 { 3 } else { 2 };
    // In thousandths, checked in integers so that rounding can never pass the
    // limit: area × (milli / 1000)² <= limit.
    let fits = |milli: u64| area * milli * milli <= MAX_CANVAS_PIXELS * 1_000_000;
    if fits(preferred * 1000) {
        return Ok(preferred as f64);
    }
    let estimate = (MAX_CANVAS_PIXELS as f64 / area as f64).sqrt() * 1000.0;
    // `as` saturates and maps NaN to 0: never a panic.
    let mut milli = (estimate as u64).clamp(1000, preferred * 1000);
    while milli < preferred * 1000 && fits(milli + 1) {
        milli += 1;
    }
    while milli > 1000 && !fits(milli) {
        milli -= 1;
    }
    Ok(milli as f64 / 1000.0)
}

/// The canvas's size in device pixels for a poster drawn at a `scale` from
/// [`render_scale`], rounded down so that it never passes the limit.
pub fn canvas_size(width: u32, height: u32, scale: f64) -> (u32, u32) {
    // In thousandths, as `render_scale` gives them, so that 2000 × 2.048 is 4096
    // and not 4095.999...; `as` saturates and maps NaN to 0: never a panic.
    let milli = (scale * 1000.0).round() as u64;
    let side = |css: u32| u32::try_from(u64::from(css) * milli / 1000).unwrap_or(u32::MAX);
    (side(width), side(height))
}

// ---------------------------------------------------------------------------
// Config checks
// ---------------------------------------------------------------------------

/// Everything wrong with a poster template, at paths under `path_prefix` (such as
/// `poster`, giving `poster.layers[2].max_width`). `placeholders` are the names
/// its text may use, which depend on the page kind.
///
/// Reports at most one QR layer being too many; a page whose poster needs its QR
/// code (the referral page) checks that there is one.
pub fn check_poster(
    template: &PosterTemplate,
    path_prefix: &str,
    placeholders: &[&str],
) -> Vec<PageIssue> {
    let at = |field: &str| {
        if path_prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{path_prefix}.{field}")
        }
    };
    let mut issues = Vec::new();
    for (name, side) in [("width", template.width), ("height", template.height)] {
        if !POSTER_SIDES.contains(&side) {
            issues.push(
                PageIssue::new(
                    at(name),
                    format!(
                        "{side} is out of range; use {} to {} CSS pixels",
                        POSTER_SIDES.start(),
                        POSTER_SIDES.end()
                    ),
                )
                .hint("a phone-screen poster is 750 × 1334"),
            );
        }
    }
    if let Some(color) = &template.background {
        check_color(color, at("background"), &mut issues);
    }
    if let Some(image) = &template.background_image {
        check_url(image, at("background_image"), &mut issues);
    }
    if template.layers.is_empty() {
        issues.push(
            PageIssue::new(at("layers"), "must list at least one layer")
                .hint("e.g. `{ \"type\": \"qr\", \"x\": 255, \"y\": 1000, \"size\": 240 }`"),
        );
    } else if template.layers.len() > MAX_LAYERS {
        issues.push(PageIssue::new(
            at("layers"),
            format!("has more than {MAX_LAYERS} layers"),
        ));
    }
    let mut first_qr: Option<usize> = None;
    for (index, layer) in template.layers.iter().enumerate() {
        let layer_at = at(&format!("layers[{index}]"));
        let field = |name: &str| format!("{layer_at}.{name}");
        let bounds = Bounds {
            width: template.width,
            height: template.height,
        };
        match layer {
            Layer::Text(text) => check_text_layer(text, &field, bounds, placeholders, &mut issues),
            Layer::Image(image) => {
                check_url(&image.src, field("src"), &mut issues);
                check_box(
                    [("x", image.x), ("width", image.width)],
                    [("y", image.y), ("height", image.height)],
                    &field,
                    bounds,
                    &mut issues,
                );
            }
            Layer::Qr(qr) => {
                if let Some(first) = first_qr {
                    issues.push(
                        PageIssue::new(
                            layer_at.clone(),
                            format!("is a second QR code; layers[{first}] is one already"),
                        )
                        .hint("a poster carries one QR code, the share link"),
                    );
                }
                first_qr.get_or_insert(index);
                check_qr_layer(qr, &field, bounds, &mut issues);
            }
        }
    }
    issues
}

#[derive(Clone, Copy)]
struct Bounds {
    width: u32,
    height: u32,
}

fn check_text_layer(
    layer: &TextLayer,
    field: &dyn Fn(&str) -> String,
    bounds: Bounds,
    placeholders: &[&str],
    issues: &mut Vec<PageIssue>,
) {
    if layer.text.trim().is_empty() {
        issues.push(PageIssue::new(field("text"), "must not be empty"));
    }
    for name in placeholders_in(&layer.text) {
        if !placeholders.contains(&name) {
            let known: Vec<String> = placeholders
                .iter()
                .map(|name| format!("`{{{name}}}`"))
                .collect();
            issues.push(
                PageIssue::new(field("text"), format!("`{{{name}}}` is not a placeholder")).hint(
                    if known.is_empty() {
                        "this poster has no placeholders".to_owned()
                    } else {
                        format!("use one of {}", known.join(", "))
                    },
                ),
            );
        }
    }
    let size = layer.font_size;
    if !FONT_SIZES.contains(&size) {
        issues.push(PageIssue::new(
            field("font_size"),
            format!(
                "{size} is out of range; use {} to {} CSS pixels",
                FONT_SIZES.start(),
                FONT_SIZES.end()
            ),
        ));
    }
    check_color(&layer.color, field("color"), issues);
    if let Some(line_height) = layer.line_height {
        if line_height < size {
            issues.push(PageIssue::new(
                field("line_height"),
                format!("{line_height} is less than the font size {size}, so lines would overlap"),
            ));
        }
    }
    if let Some(max_lines) = layer.max_lines {
        if !(1..=MAX_LINES).contains(&max_lines) {
            issues.push(PageIssue::new(
                field("max_lines"),
                format!("{max_lines} is out of range; use 1 to {MAX_LINES}"),
            ));
        }
    }
    if layer.max_width < size {
        issues.push(PageIssue::new(
            field("max_width"),
            format!(
                "{} is narrower than one character at font size {size}",
                layer.max_width
            ),
        ));
    }
    let (left, right) = (layer.left(), layer.left() + i64::from(layer.max_width));
    let anchor = match layer.align {
        TextAlign::Left => "x + max_width",
        TextAlign::Center => "x ± max_width / 2",
        TextAlign::Right => "x - max_width",
    };
    if left < 0 {
        issues.push(
            PageIssue::new(
                field("x"),
                format!("the lines may start at {left}, left of the poster"),
            )
            .hint(format!("keep {anchor} within 0 to {}", bounds.width)),
        );
    } else if right > i64::from(bounds.width) {
        issues.push(
            PageIssue::new(
                field("max_width"),
                format!(
                    "the lines may reach {right}, past the poster's width {}",
                    bounds.width
                ),
            )
            .hint(format!("keep {anchor} within 0 to {}", bounds.width)),
        );
    }
    let first_bottom = u64::from(layer.y) + u64::from(size);
    let lines = u64::from(layer.max_lines.unwrap_or(1).clamp(1, MAX_LINES));
    let last_bottom = first_bottom + (lines - 1) * u64::from(layer.line_height_px());
    if first_bottom > u64::from(bounds.height) {
        issues.push(PageIssue::new(
            field("y"),
            format!(
                "the first line ends at {first_bottom}, below the poster's height {}",
                bounds.height
            ),
        ));
    } else if last_bottom > u64::from(bounds.height) {
        issues.push(
            PageIssue::new(
                field("max_lines"),
                format!(
                    "line {lines} would end at {last_bottom}, below the poster's height {}",
                    bounds.height
                ),
            )
            .hint("allow fewer lines, or move the text up"),
        );
    }
}

fn check_qr_layer(
    layer: &QrLayer,
    field: &dyn Fn(&str) -> String,
    bounds: Bounds,
    issues: &mut Vec<PageIssue>,
) {
    if layer.size < MIN_QR_SIZE {
        issues.push(
            PageIssue::new(
                field("size"),
                format!("{} is too small to scan reliably", layer.size),
            )
            .hint(format!("use at least {MIN_QR_SIZE} CSS pixels")),
        );
    }
    check_box(
        [("x", layer.x), ("size", layer.size)],
        [("y", layer.y), ("size", layer.size)],
        field,
        bounds,
        issues,
    );
    if layer.quiet_zone > MAX_QUIET_ZONE {
        issues.push(PageIssue::new(
            field("quiet_zone"),
            format!(
                "{} is out of range; use 0 to {MAX_QUIET_ZONE} modules",
                layer.quiet_zone
            ),
        ));
    }
    let dark_ok = check_color(&layer.dark, field("dark"), issues);
    let light_ok = check_color(&layer.light, field("light"), issues);
    let (Some(dark), Some(light)) = (rgba(&layer.dark), rgba(&layer.light)) else {
        return;
    };
    for (name, color, [.., alpha]) in [("dark", &layer.dark, dark), ("light", &layer.light, light)]
    {
        if alpha != 255 {
            issues.push(
                PageIssue::new(
                    field(name),
                    format!(
                        "`{}` is see-through; a QR code needs opaque colours",
                        color.as_str()
                    ),
                )
                .hint("drop the last two hex digits"),
            );
        }
    }
    if dark_ok && light_ok && !is_readable_contrast(dark, light) {
        issues.push(
            PageIssue::new(
                field("dark"),
                format!(
                    "`{}` is not clearly darker than light `{}`: scanners need dark modules on a light ground",
                    layer.dark.as_str(),
                    layer.light.as_str()
                ),
            )
            .hint("use a contrast of at least 3:1; black on white scans best"),
        );
    }
}

/// Reports a box that leaves the poster: `horizontal` is (start, length) along x,
/// `vertical` along y, each with its field name.
fn check_box(
    horizontal: [(&str, u32); 2],
    vertical: [(&str, u32); 2],
    field: &dyn Fn(&str) -> String,
    bounds: Bounds,
    issues: &mut Vec<PageIssue>,
) {
    for ([(start_name, start), (length_name, length)], limit, side) in [
        (horizontal, bounds.width, "width"),
        (vertical, bounds.height, "height"),
    ] {
        if length == 0 {
            issues.push(PageIssue::new(field(length_name), "must be above 0"));
        } else if start >= limit {
            issues.push(PageIssue::new(
                field(start_name),
                format!("{start} is outside the poster's {side} {limit}"),
            ));
        } else if u64::from(start) + u64::from(length) > u64::from(limit) {
            issues.push(PageIssue::new(
                field(length_name),
                format!(
                    "{start_name} + {length_name} is {}, past the poster's {side} {limit}",
                    u64::from(start) + u64::from(length)
                ),
            ));
        }
    }
}

/// Reports an invalid colour; true when it is valid.
fn check_color(color: &Color, path: String, issues: &mut Vec<PageIssue>) -> bool {
    let valid = color.is_valid();
    if !valid {
        issues.push(
            PageIssue::new(path, format!("`{}` is not a colour", color.as_str()))
                .hint("write it as `#rgb`, `#rrggbb` or `#rrggbbaa`, e.g. `#c8102e`"),
        );
    }
    valid
}

fn check_url(url: &Url, path: String, issues: &mut Vec<PageIssue>) {
    if let Some(problem) = url.problem() {
        issues.push(
            PageIssue::new(path, format!("`{}` {problem}", url.as_str()))
                .hint("use a path on the site that serves the pages, such as `/images/logo.png`"),
        );
    }
}

/// Red, green, blue and alpha of a `#rgb`, `#rrggbb` or `#rrggbbaa` colour.
fn rgba(color: &Color) -> Option<[u8; 4]> {
    let hex = color.as_str().strip_prefix('#')?;
    let digit = |at: usize| {
        hex.as_bytes()
            .get(at)
            .and_then(|b| char::from(*b).to_digit(16))
            .and_then(|d| u8::try_from(d).ok())
    };
    let pair = |at: usize| Some(digit(at)? * 16 + digit(at + 1)?);
    match hex.len() {
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17, 255]),
        6 => Some([pair(0)?, pair(2)?, pair(4)?, 255]),
        8 => Some([pair(0)?, pair(2)?, pair(4)?, pair(6)?]),
        _ => None,
    }
}

/// Relative luminance (WCAG) scaled to 0..=650_250_000, in integers. The sRGB
/// curve is approximated by squaring (gamma 2 instead of about 2.2), close enough
/// for a threshold and free of floating-point powers, which are large in wasm.
fn luminance([red, green, blue, _]: [u8; 4]) -> u64 {
    let square = |channel: u8| u64::from(channel) * u64::from(channel);
    2126 * square(red) + 7152 * square(green) + 722 * square(blue)
}

/// Whether `dark` is darker than `light` with a contrast ratio of at least 3:1,
/// `(L_light + 0.05) / (L_dark + 0.05) >= 3`, in integers.
fn is_readable_contrast(dark: [u8; 4], light: [u8; 4]) -> bool {
    const OFFSET: u64 = 650_250_000 / 20;
    luminance(light) + OFFSET >= 3 * (luminance(dark) + OFFSET)
}
