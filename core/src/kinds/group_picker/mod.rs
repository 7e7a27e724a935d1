//! The group picker's rules: which community group a member joins.
//!
//! Groups joined by QR code hold at most 200 people, so each area (a city, or a
//! district of one) has a chain of groups; a full or expired group hands over to
//! the next of its area. Positions from browsers are WGS-84, while Chinese map
//! apps give GCJ-02 ("Mars") coordinates several hundred metres away, so
//! configured points are converted before any distance is measured.

mod check;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::kinds::page_kind;
use crate::primitives::Url;
use crate::primitives::clock::parse_rfc3339_ms;

pub use self::check::check_group_picker;

/// Members of a group joined by QR code, at most (WeCom's limit).
pub const DEFAULT_CAPACITY: u32 = 200;
/// How far away the nearest group may be before the page says none is near.
pub const DEFAULT_MAX_DISTANCE_KM: f64 = 100.0;
/// A member's position posted when coordinates may be shared is rounded to this
/// many decimal places of a degree: 0.01° is about 1.1 km north-south.
pub const SHARED_POSITION_DECIMALS: i32 = 2;

page_kind!(
    /// Sends each member to the community group of their area: by location when
    /// they allow it, else by their own choice. Its rules live in [`crate::groups`].
    GroupPickerPage {
        /// The groups, each with its area and point; at least one. Groups of the
        /// same area hand over to each other as they fill up.
        groups: Vec<CommunityGroup>,
        /// The system of the groups' `lat`/`lng`: `gcj02` (default; Amap, Tencent
        /// Maps, WeChat) or `wgs84` (GPS).
        #[serde(default)]
        coordinates: CoordinateSystem,
        /// Farthest a member may be from a group's point to be matched to it, in
        /// kilometres (default 100); farther members choose by hand.
        #[serde(default = "default_max_distance_km")]
        max_distance_km: f64,
        /// `on_button` (default): ask for the location when the member taps the
        /// button; `on_load`: ask as soon as the page opens.
        #[serde(default)]
        ask: AskLocation,
        /// The sentence shown before asking for the location, instead of the
        /// default one saying the position never leaves the phone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        privacy: Option<String>,
        /// Post the member's position, rounded to about 1 km, with their group.
        /// Off by default: only the group and how it was chosen are sent. Say so
        /// in `privacy` when you turn it on.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        share_coordinates: bool,
    }
);

fn default_max_distance_km() -> f64 {
    DEFAULT_MAX_DISTANCE_KM
}

/// One WeCom community group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CommunityGroup {
    /// Stable identifier, stored with every assignment: lowercase letters,
    /// digits, `-` and `_`.
    pub id: String,
    /// The group's name as members see it in WeCom, e.g. `招行深圳福利 1 群`.
    pub name: String,
    /// Province (or municipality), e.g. `广东省` or `北京市`.
    pub province: String,
    /// City, e.g. `深圳市`; for a municipality repeat it (`北京市`).
    pub city: String,
    /// District, for cities with a group per district, e.g. `南山区`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Latitude of the group's area, in the page's `coordinates` system.
    pub lat: f64,
    /// Longitude of the group's area, in the page's `coordinates` system.
    pub lng: f64,
    /// How to join: `{ "url": "..." }` (the page draws its QR code) or
    /// `{ "qr_image": "..." }` (a QR code image exported from WeCom).
    pub join: Join,
    /// Most members the group takes; the next group of the area is offered once
    /// this many have been sent here. Default 200, WeCom's limit for QR joins.
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    /// When the QR image stops working (WeCom group QR codes last 7 days), as an
    /// RFC 3339 time such as `2026-11-30T18:00:00+08:00`. An expired code is never
    /// shown: the page moves on as if the group were full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Place among the groups of the same area: lower first. Groups without it
    /// follow, in the order they are listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
}

fn default_capacity() -> u32 {
    DEFAULT_CAPACITY
}

/// How a member joins a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Join {
    /// A join link (a WeCom "加入群聊" link); the page draws it as a QR code.
    Url(Url),
    /// A QR code image, e.g. exported from WeCom; set `expires_at` with it.
    QrImage(Url),
}

/// The coordinate system of a page's configured points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CoordinateSystem {
    /// As Amap (高德), Tencent Maps and WeChat give them; the default.
    #[default]
    Gcj02,
    /// As GPS and browsers report them.
    Wgs84,
}

/// When the page asks for the member's location.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AskLocation {
    /// After the member taps the button under the privacy sentence (default).
    #[default]
    OnButton,
    /// As soon as the page opens, with the privacy sentence shown.
    OnLoad,
}

/// A point on Earth, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

impl LatLng {
    pub const fn new(lat: f64, lng: f64) -> Self {
        LatLng { lat, lng }
    }

    /// Rounded to about a kilometre, for pages that may share coordinates.
    pub fn coarse(self) -> LatLng {
        let scale = 10f64.powi(SHARED_POSITION_DECIMALS);
        LatLng::new(
            (self.lat * scale).round() / scale,
            (self.lng * scale).round() / scale,
        )
    }

    pub fn is_valid(self) -> bool {
        (-90.0..=90.0).contains(&self.lat) && (-180.0..=180.0).contains(&self.lng)
    }
}

/// Mean Earth radius (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6_371.008_8;

/// Great-circle distance (haversine), in kilometres.
pub fn distance_km(a: LatLng, b: LatLng) -> f64 {
    let (lat_a, lat_b) = (a.lat.to_radians(), b.lat.to_radians());
    let half_dlat = (lat_b - lat_a) / 2.0;
    let half_dlng = (b.lng - a.lng).to_radians() / 2.0;
    let h = half_dlat.sin().powi(2) + lat_a.cos() * lat_b.cos() * half_dlng.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

// GCJ-02 is WGS-84 plus a published, deliberately irregular offset defined on the
// Krasovsky 1940 ellipsoid. Outside mainland China the two are the same.
const KRASOVSKY_A: f64 = 6_378_245.0;
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;

fn outside_china(point: LatLng) -> bool {
    !(72.004..=137.8347).contains(&point.lng) || !(0.8293..=55.8271).contains(&point.lat)
}

fn offset(point: LatLng) -> LatLng {
    use std::f64::consts::PI;
    let (x, y) = (point.lng - 105.0, point.lat - 35.0);
    let waves = (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    let mut dlat =
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt() + waves;
    dlat += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlat += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let mut dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt() + waves;
    dlng += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlng += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad_lat = point.lat.to_radians();
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    LatLng::new(
        dlat * 180.0 / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI),
        dlng * 180.0 / (KRASOVSKY_A / sqrt_magic * rad_lat.cos() * PI),
    )
}

/// A WGS-84 point as Chinese map apps show it.
pub fn wgs84_to_gcj02(point: LatLng) -> LatLng {
    if outside_china(point) {
        return point;
    }
    let delta = offset(point);
    LatLng::new(point.lat + delta.lat, point.lng + delta.lng)
}

/// A GCJ-02 point in WGS-84. The offset has no closed-form inverse; a few
/// fixed-point steps bring the round trip under a millimetre.
pub fn gcj02_to_wgs84(point: LatLng) -> LatLng {
    if outside_china(point) {
        return point;
    }
    let mut guess = point;
    for _ in 0..8 {
        let there = wgs84_to_gcj02(guess);
        guess = LatLng::new(
            guess.lat + (point.lat - there.lat),
            guess.lng + (point.lng - there.lng),
        );
    }
    guess
}

impl CommunityGroup {
    /// The group's point in WGS-84.
    pub fn position(&self, system: CoordinateSystem) -> LatLng {
        let point = LatLng::new(self.lat, self.lng);
        match system {
            CoordinateSystem::Wgs84 => point,
            CoordinateSystem::Gcj02 => gcj02_to_wgs84(point),
        }
    }

    /// Where the group sits: province, city and district, as one label.
    pub fn area_label(&self) -> String {
        let mut label = self.province.clone();
        if self.city != self.province {
            label.push(' ');
            label.push_str(&self.city);
        }
        if let Some(district) = &self.district {
            label.push(' ');
            label.push_str(district);
        }
        label
    }

    fn same_area(&self, other: &CommunityGroup) -> bool {
        self.province == other.province
            && self.city == other.city
            && self.district == other.district
    }

    /// Milliseconds since the epoch after which the QR image must not be shown.
    pub fn expires_at_ms(&self) -> Option<i64> {
        self.expires_at.as_deref().and_then(parse_rfc3339_ms)
    }

    pub fn is_expired(&self, now_ms: i64) -> bool {
        self.expires_at_ms().is_some_and(|at| at <= now_ms)
    }
}

/// Members the backend has sent to each group so far, by group id. Groups it
/// does not list have none.
pub type Fill = BTreeMap<String, u32>;

/// Whether a group can take another member now: below capacity, code not expired.
pub fn has_room(group: &CommunityGroup, fill: &Fill, now_ms: i64) -> bool {
    fill.get(&group.id).copied().unwrap_or(0) < group.capacity && !group.is_expired(now_ms)
}

/// The groups of `index`'s area in hand-over order (by `order`, then as listed).
pub fn area_chain(page: &GroupPickerPage, index: usize) -> Vec<usize> {
    let Some(group) = page.groups.get(index) else {
        return Vec::new();
    };
    let mut chain: Vec<usize> = (0..page.groups.len())
        .filter(|&other| page.groups[other].same_area(group))
        .collect();
    sort_chain(page, &mut chain);
    chain
}

/// An area's groups (by index, as listed) in hand-over order.
fn sort_chain(page: &GroupPickerPage, chain: &mut [usize]) {
    // `None` sorts after every `Some`: unordered groups follow, as listed
    // (the sort is stable).
    chain.sort_by_key(|&other| (page.groups[other].order.is_none(), page.groups[other].order));
}

/// The group of `index`'s area that takes the next member, if any has room.
pub fn open_in_area(
    page: &GroupPickerPage,
    index: usize,
    fill: &Fill,
    now_ms: i64,
) -> Option<usize> {
    area_chain(page, index)
        .into_iter()
        .find(|&other| has_room(&page.groups[other], fill, now_ms))
}

/// Where a member goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// This group, of the member's area (or the one they chose), has room.
    Group { index: usize },
    /// Every group of the area of group `area` is full or expired; `alternative`
    /// is the nearest group of another area that has room.
    AreaFull {
        area: usize,
        alternative: Option<usize>,
    },
    /// No group lies within the page's maximum distance; the nearest is `nearest`
    /// at `distance_km`.
    OutOfRange { nearest: Option<(usize, f64)> },
}

/// The nearest group with room to a member at `position` (WGS-84): the nearest
/// group within the page's maximum distance sets the area, and the area's chain
/// decides which of its groups takes the member.
pub fn place_by_position(
    page: &GroupPickerPage,
    position: LatLng,
    fill: &Fill,
    now_ms: i64,
) -> Placement {
    let distances: Vec<f64> = page
        .groups
        .iter()
        .map(|group| distance_km(position, group.position(page.coordinates)))
        .collect();
    let nearest = (0..distances.len()).min_by(|&a, &b| distances[a].total_cmp(&distances[b]));
    match nearest {
        Some(index) if distances[index] <= page.max_distance_km => {
            place_in_area(page, index, fill, now_ms, &distances)
        }
        _ => Placement::OutOfRange {
            nearest: nearest.map(|index| (index, distances[index])),
        },
    }
}

/// Where a member who chose group `index` by hand goes: that group's area's next
/// group with room, or the nearest other area's when the area is full.
pub fn place_by_choice(
    page: &GroupPickerPage,
    index: usize,
    fill: &Fill,
    now_ms: i64,
) -> Placement {
    let Some(chosen) = page.groups.get(index) else {
        return Placement::OutOfRange { nearest: None };
    };
    let from = chosen.position(page.coordinates);
    let distances: Vec<f64> = page
        .groups
        .iter()
        .map(|group| distance_km(from, group.position(page.coordinates)))
        .collect();
    place_in_area(page, index, fill, now_ms, &distances)
}

fn place_in_area(
    page: &GroupPickerPage,
    index: usize,
    fill: &Fill,
    now_ms: i64,
    distances: &[f64],
) -> Placement {
    if let Some(open) = open_in_area(page, index, fill, now_ms) {
        return Placement::Group { index: open };
    }
    let area = &page.groups[index];
    let alternative = (0..page.groups.len())
        .filter(|&other| !page.groups[other].same_area(area))
        .filter(|&other| has_room(&page.groups[other], fill, now_ms))
        .min_by(|&a, &b| distances[a].total_cmp(&distances[b]))
        .and_then(|nearest| open_in_area(page, nearest, fill, now_ms));
    Placement::AreaFull {
        area: index,
        alternative,
    }
}

/// One entry of the manual picker: an area's chain of groups, shown as one row.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaChoice {
    /// The first group of the area as listed: stands for the area.
    pub head: usize,
    /// The group that would take a member now, if any has room.
    pub open: Option<usize>,
}

/// Provinces with groups, in the order they first appear in the config.
pub fn provinces(page: &GroupPickerPage) -> Vec<&str> {
    unique(page.groups.iter().map(|group| group.province.as_str()))
}

/// Cities of `province` with groups, in config order.
pub fn cities<'a>(page: &'a GroupPickerPage, province: &str) -> Vec<&'a str> {
    unique(
        page.groups
            .iter()
            .filter(|group| group.province == province)
            .map(|group| group.city.as_str()),
    )
}

/// The areas of a city, one row per chain.
pub fn areas_of_city(
    page: &GroupPickerPage,
    province: &str,
    city: &str,
    fill: &Fill,
    now_ms: i64,
) -> Vec<AreaChoice> {
    area_heads(
        page,
        &AreaNumbers::of(page),
        |index| {
            let group = &page.groups[index];
            group.province == province && group.city == city
        },
        fill,
        now_ms,
    )
}

/// Areas whose province, city, district or group name contains `query`
/// (ignoring case and spaces), for the picker's search box.
pub fn search_areas(
    page: &GroupPickerPage,
    query: &str,
    fill: &Fill,
    now_ms: i64,
) -> Vec<AreaChoice> {
    let wanted = fold(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let matches = |group: &CommunityGroup| {
        [
            Some(group.province.as_str()),
            Some(group.city.as_str()),
            group.district.as_deref(),
            Some(group.name.as_str()),
        ]
        .into_iter()
        .flatten()
        .any(|text| fold(text).contains(&wanted))
    };
    // A match on any group of a chain shows the whole area.
    let areas = AreaNumbers::of(page);
    let mut matching = vec![false; areas.count];
    for (index, group) in page.groups.iter().enumerate() {
        if matches(group) {
            matching[areas.of_group[index]] = true;
        }
    }
    area_heads(
        page,
        &areas,
        |index| matching[areas.of_group[index]],
        fill,
        now_ms,
    )
}

/// Each group's area (province, city, district), numbered in the order the
/// areas first appear in the config. A CMB-size picker has 3,000 groups in
/// 300 areas, and a search for a common character (`市`) matches them all,
/// on the phone's main thread, at every keystroke: areas are looked up, not
/// searched.
struct AreaNumbers {
    of_group: Vec<usize>,
    count: usize,
}

impl AreaNumbers {
    fn of(page: &GroupPickerPage) -> Self {
        let mut seen = FirstSeen::default();
        let of_group = page
            .groups
            .iter()
            .map(|group| seen.number(area_name(group)).0)
            .collect();
        AreaNumbers {
            of_group,
            count: seen.0.len(),
        }
    }
}

/// A group's area as one key that no other area shares: each name is written
/// with its length in front, and a missing district as `-`.
fn area_name(group: &CommunityGroup) -> String {
    let mut key = String::new();
    for part in [
        Some(group.province.as_str()),
        Some(group.city.as_str()),
        group.district.as_deref(),
    ] {
        match part {
            Some(name) => {
                key.push_str(&name.len().to_string());
                key.push(':');
                key.push_str(name);
            }
            None => key.push('-'),
        }
    }
    key
}

/// Numbers keys in the order they are first seen. Its map is the fill
/// counts' own type, so the picker's wasm carries one map's code: maps keyed
/// by area tuples and by names of their own cost the bundle 9 KB gzip.
#[derive(Default)]
struct FirstSeen(Fill);

impl FirstSeen {
    /// The key's number, and whether this is the first time it is seen.
    fn number(&mut self, key: String) -> (usize, bool) {
        if let Some(&number) = self.0.get(&key) {
            return (number as usize, false);
        }
        let number = self.0.len();
        self.0.insert(key, number as u32);
        (number, true)
    }
}

/// One row per area whose groups `include` takes (by the group's index; it
/// must judge a group by its area alone), in the order the areas first
/// appear, each with the group that would take a member now.
fn area_heads(
    page: &GroupPickerPage,
    areas: &AreaNumbers,
    include: impl Fn(usize) -> bool,
    fill: &Fill,
    now_ms: i64,
) -> Vec<AreaChoice> {
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); areas.count];
    for index in (0..page.groups.len()).filter(|&index| include(index)) {
        chains[areas.of_group[index]].push(index);
    }
    chains
        .into_iter()
        .filter_map(|mut chain| {
            // The first group listed stands for the area.
            let head = *chain.first()?;
            sort_chain(page, &mut chain);
            Some(AreaChoice {
                head,
                open: chain
                    .into_iter()
                    .find(|&other| has_room(&page.groups[other], fill, now_ms)),
            })
        })
        .collect()
}

/// Search text without spaces or ASCII case. Chinese has no case, and the
/// Latin in place names (pinyin, "Hong Kong") is ASCII: Unicode's case
/// conversion tables would come into the picker's wasm for nothing.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = FirstSeen::default();
    items
        .filter(|item| seen.number((*item).to_owned()).1)
        .collect()
}

/// Groups whose QR image expires within `within_ms` of `now_ms` (or already has),
/// for `campaign-server check` to warn about before members meet a dead code.
pub fn expiring(
    page: &GroupPickerPage,
    now_ms: i64,
    within_ms: i64,
) -> Vec<(&CommunityGroup, i64)> {
    page.groups
        .iter()
        .filter_map(|group| Some((group, group.expires_at_ms()?)))
        .filter(|(_, at)| *at <= now_ms + within_ms)
        .collect()
}

/// What a group picker page posts: the group and how it was chosen; the rounded
/// position only when the page allows sharing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub group: String,
    pub method: AssignMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<LatLng>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignMethod {
    /// Matched from the member's location.
    Location,
    /// Chosen by the member in the picker.
    Manual,
}

/// Why an assignment posted to the backend is refused.
pub fn assignment_problem(page: &GroupPickerPage, assignment: &Assignment) -> Option<String> {
    if !page.groups.iter().any(|group| group.id == assignment.group) {
        return Some(format!(
            "`{}` is not a group of this page",
            assignment.group
        ));
    }
    match assignment.position {
        Some(_) if !page.share_coordinates => {
            Some("this page does not take coordinates: post only `group` and `method`".to_owned())
        }
        Some(position) if !position.is_valid() || position.coarse() != position => Some(format!(
            "`position` must be a valid point rounded to {SHARED_POSITION_DECIMALS} decimal places"
        )),
        _ => None,
    }
}
