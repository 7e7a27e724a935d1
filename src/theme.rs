//! Theme tokens as CSS custom properties. The validator has already refused any
//! value that could carry other CSS, so they can go into a style attribute as is.

use campaign_core::config::Theme;

pub fn css_variables(theme: &Theme) -> String {
    format!(
        "--ck-primary:{};--ck-accent:{};--ck-text:{};--ck-bg:{};--ck-radius:{}px;--ck-font:{}",
        theme.primary.as_str(),
        theme.accent.as_str(),
        theme.text.as_str(),
        theme.background.as_str(),
        theme.radius,
        theme.font,
    )
}
