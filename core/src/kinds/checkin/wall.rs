//! The hometown sign-in and the wall of where the class comes from.

use serde::{Deserialize, Serialize};

use crate::primitives::Locale;
use crate::primitives::regions::{PROVINCES, find_province, is_municipality};

/// Longest city name a learner may send, in characters.
pub const MAX_CITY_CHARS: usize = 20;

/// Where a learner comes from, as day one's check-in sends it: a province of
/// [`PROVINCES`] and a city, named as the group picker names them (`广东省`,
/// `深圳市`; a municipality is its own city), and one optional line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hometown {
    pub province: String,
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
}

/// What is wrong with a hometown a learner sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HometownProblem {
    UnknownProvince,
    MissingCity,
    CityTooLong,
    LineTooLong { max_chars: u32 },
}

impl HometownProblem {
    pub fn message(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        match self {
            HometownProblem::UnknownProvince if zh => "请选择你的家乡省份".to_owned(),
            HometownProblem::UnknownProvince => "Pick your home province".to_owned(),
            HometownProblem::MissingCity if zh => "请选择你的家乡城市".to_owned(),
            HometownProblem::MissingCity => "Pick your home city".to_owned(),
            HometownProblem::CityTooLong if zh => {
                format!("城市名不能超过 {MAX_CITY_CHARS} 个字")
            }
            HometownProblem::CityTooLong => {
                format!("A city name has at most {MAX_CITY_CHARS} characters")
            }
            HometownProblem::LineTooLong { max_chars } if zh => {
                format!("这句话最多 {max_chars} 个字")
            }
            HometownProblem::LineTooLong { max_chars } => {
                format!("The line has at most {max_chars} characters")
            }
        }
    }
}

/// The hometown as the server stores it (the province by its full name, a
/// municipality's city as itself, a blank line dropped), or what is wrong.
pub fn check_hometown(
    hometown: &Hometown,
    line_max_chars: u32,
) -> Result<Hometown, HometownProblem> {
    let province = find_province(&hometown.province).ok_or(HometownProblem::UnknownProvince)?;
    let city = if is_municipality(province) {
        province.name.to_owned()
    } else {
        hometown.city.trim().to_owned()
    };
    if city.is_empty() {
        return Err(HometownProblem::MissingCity);
    }
    if city.chars().count() > MAX_CITY_CHARS {
        return Err(HometownProblem::CityTooLong);
    }
    let line = hometown
        .line
        .as_deref()
        .map(str::trim)
        .filter(|line| !line.is_empty());
    if line.is_some_and(|line| line.chars().count() > line_max_chars as usize) {
        return Err(HometownProblem::LineTooLong {
            max_chars: line_max_chars,
        });
    }
    Ok(Hometown {
        province: province.name.to_owned(),
        city,
        line: line.map(str::to_owned),
    })
}

/// One province's count on the wall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvinceCount {
    /// `广东省`.
    pub province: String,
    /// `广东`, as the tile map and the bars label it.
    pub short: String,
    pub count: u32,
}

/// Learners per province, most first (ties in the national order), from each
/// learner's province; names no region knows are left out.
pub fn province_counts<'a>(provinces: impl IntoIterator<Item = &'a str>) -> Vec<ProvinceCount> {
    let mut counts = [0u32; PROVINCES.len()];
    for name in provinces {
        if let Some(index) = PROVINCES
            .iter()
            .position(|province| Some(province) == find_province(name))
        {
            counts[index] = counts[index].saturating_add(1);
        }
    }
    let mut ranked: Vec<ProvinceCount> = PROVINCES
        .iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .map(|(province, count)| ProvinceCount {
            province: province.name.to_owned(),
            short: province.short.to_owned(),
            count,
        })
        .collect();
    // Stable: equal counts keep the national order.
    ranked.sort_by_key(|count| std::cmp::Reverse(count.count));
    ranked
}
