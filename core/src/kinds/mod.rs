//! The page kinds, one folder each: its page struct (the fields a config gives
//! it), its config check and its logic. A kind uses the primitives and the
//! diagnostics below it, and the shared modules: [`poster`], and [`survey`]'s
//! questions and answer rules (which a course's sign-up form reuses). It never
//! uses the campaign that composes the kinds, nor another kind. `cargo xtask layers`
//! holds that true.

pub mod benefits;
pub mod checkin;
pub mod course;
pub mod group_picker;
pub mod lottery;
pub mod offers;
pub mod poster;
pub mod quiz;
pub mod referral;
pub mod survey;

/// Declares a page kind's struct with the fields every page has (`id`, `title`,
/// `description`) in front of its own. Written out rather than `#[serde(flatten)]`
/// because flatten would silently accept unknown fields.
macro_rules! page_kind {
    ($(#[$meta:meta])* $name:ident { $($(#[$field_meta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(::schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Stable identifier, part of the page's URL `/p/<id>`: lowercase
            /// letters, digits, `-` and `_`.
            pub id: String,
            /// Shown as the page heading and in the campaign home's list.
            pub title: String,
            /// A sentence under the title.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            $($(#[$field_meta])* pub $field: $ty,)*
        }
    };
}
pub(crate) use page_kind;
