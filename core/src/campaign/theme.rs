//! The campaign's look: colours, corner radius, font and logo.

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::kinds::poster::Palette;
use crate::primitives::{Color, Url};

/// Design tokens, applied to every page as CSS custom properties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    /// Buttons, links and highlights.
    pub primary: Color,
    /// Badges, rewards and secondary highlights.
    pub accent: Color,
    /// Body text.
    pub text: Color,
    /// Page background.
    pub background: Color,
    /// Corner radius of cards and buttons, in CSS pixels (0 to 48).
    pub radius: u8,
    /// CSS font-family list. Fonts are never downloaded: name fonts phones have.
    pub font: String,
    /// Logo shown at the top of every page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<Url>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            primary: Color::new("#c8102e"),
            accent: Color::new("#f5a623"),
            text: Color::new("#1f2329"),
            background: Color::new("#f7f8fa"),
            radius: 12,
            font: DEFAULT_FONT_STACK.to_owned(),
            logo: None,
        }
    }
}

/// System fonts that cover Simplified Chinese on iOS, Android, Windows and macOS.
pub const DEFAULT_FONT_STACK: &str = "-apple-system, BlinkMacSystemFont, \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", sans-serif";

impl Palette for Theme {
    fn primary(&self) -> &Color {
        &self.primary
    }
}
