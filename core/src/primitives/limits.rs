//! Limits that more than one module applies, so that they agree.

/// Longest campaign or page title, in characters.
pub const MAX_TITLE_CHARS: usize = 60;
/// Longest name of a pool of codes on the backend (a survey's reward, an
/// offer tier's coupons), in characters.
pub const MAX_POOL_NAME_CHARS: usize = 32;
/// Longest option value of a survey or quiz question (what results store), in
/// characters.
pub const MAX_OPTION_VALUE_CHARS: usize = 64;
