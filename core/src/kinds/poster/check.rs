//! The checks a poster template must pass.

use super::{
    FONT_SIZES, Layer, MAX_LAYERS, MAX_LINES, MAX_QUIET_ZONE, MIN_QR_SIZE, POSTER_SIDES,
    PosterTemplate, QrLayer, TextAlign, TextLayer, placeholders_in,
};
use crate::diagnostics::issue::PageIssue;
use crate::primitives::{Color, Url};

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
