//! Who a campaign counts, and the ceilings that hold when it cannot tell.
//!
//! A visitor id is random text a page keeps on the device: a script can invent
//! as many as it likes, so limits per visitor id bound nothing a script cannot
//! reset. Campaigns with something to win name who verifies the person
//! (`identity`); every campaign has per-minute ceilings as a circuit breaker,
//! and `device` campaigns a daily cap on prizes won from one network address.

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// Who the campaign's limits count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// The visitor id kept on the device. Anyone can invent visitor ids: use it
    /// only for campaigns with nothing to win.
    #[default]
    Device,
    /// The host identifies the person: it links to a page with `#vt=<token>`, a
    /// token it signed (HS256) with the server's `--identity-secret`.
    Signed,
    /// WeChat's silent sign-in (`snsapi_base`): the person's openid.
    Wechat,
}

// By hand: every page bundle reads `identity`, and a derived enum reader
// costs each of them 1.5 KB more than reading a name. Unknown names are
// reported as derived readers report them, with the names to choose from.
impl<'de> Deserialize<'de> for Identity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Identity::ALL
            .into_iter()
            .find(|identity| identity.as_str() == name)
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, &Identity::NAMES))
    }
}

impl Identity {
    pub const ALL: [Identity; 3] = [Identity::Device, Identity::Signed, Identity::Wechat];
    const NAMES: [&'static str; 3] = ["device", "signed", "wechat"];

    pub fn as_str(self) -> &'static str {
        Identity::NAMES[self as usize]
    }

    /// Whether a verified person is counted instead of the device.
    pub fn verifies_people(self) -> bool {
        self != Identity::Device
    }

    pub(crate) fn is_device(&self) -> bool {
        *self == Identity::Device
    }
}
