//! A CMB-size campaign for `cargo xtask bench pages`: the demo, with its group
//! picker holding 3,000 groups in 300 cities and its member survey asking 60
//! questions. Generated, not stored: the same every run, and nobody edits a
//! 700 KB file by hand.

use campaign_core::primitives::regions::{PROVINCES, is_municipality};
use serde_json::{Value, json};

pub const GROUPS: usize = 3_000;
pub const CITIES: usize = 300;
pub const QUESTIONS: usize = 60;
/// The demo's pages this campaign makes large.
pub const PICKER: &str = "city-group";
pub const SURVEY: &str = "member-survey";

/// The demo campaign `demo` (JSON) with the large picker and survey.
pub fn from_demo(demo: &str) -> anyhow::Result<String> {
    let mut campaign: Value = serde_json::from_str(demo)?;
    let pages = campaign["pages"]
        .as_array_mut()
        .ok_or_else(|| anyhow::anyhow!("the demo campaign has no pages"))?;
    let mut found = 0;
    for page in pages {
        match page["id"].as_str() {
            Some(PICKER) => {
                page["groups"] = Value::Array(groups());
                found += 1;
            }
            Some(SURVEY) => {
                page["sections"] = Value::Array(sections());
                found += 1;
            }
            _ => {}
        }
    }
    anyhow::ensure!(found == 2, "the demo campaign lacks {PICKER} or {SURVEY}");
    Ok(campaign.to_string())
}

/// Ten groups a city, cities spread over the provinces (not the
/// municipalities, whose city is the province) and over China's latitudes.
fn groups() -> Vec<Value> {
    let provinces: Vec<_> = PROVINCES
        .iter()
        .filter(|province| !is_municipality(province))
        .collect();
    let per_city = GROUPS / CITIES;
    (0..GROUPS)
        .map(|index| {
            let city = index / per_city;
            let province = provinces[city % provinces.len()];
            // A deterministic scatter: 22°N to 45°N, 100°E to 125°E.
            let lat = 22.0 + (city * 37 % CITIES) as f64 * 23.0 / CITIES as f64;
            let lng = 100.0 + (city * 101 % CITIES) as f64 * 25.0 / CITIES as f64;
            let number = index % per_city + 1;
            json!({
                "id": format!("c{city:03}-{number}"),
                "name": format!("招行{}城市{city:03}福利 {number} 群", province.short),
                "province": province.name,
                "city": format!("城市{city:03}"),
                "lat": (lat * 1e4).round() / 1e4,
                "lng": (lng * 1e4).round() / 1e4,
                "join": { "url": format!("https://work.weixin.qq.com/gm/cmb-large-{city:03}-{number}") },
            })
        })
        .collect()
}

/// Six sections of ten questions, every kind of question in turn.
fn sections() -> Vec<Value> {
    let options = |question: usize| -> Vec<Value> {
        (1..=5)
            .map(|option| json!({ "value": format!("q{question}_o{option}"), "label": format!("选项 {option}") }))
            .collect()
    };
    (0..QUESTIONS / 10)
        .map(|section| {
            let questions: Vec<Value> = (0..10)
                .map(|offset| {
                    let number = section * 10 + offset + 1;
                    let id = format!("q{number}");
                    let label = format!("第 {number} 题：你怎么看这项社群服务？");
                    match number % 6 {
                        0 => json!({ "id": id, "type": "single", "label": label, "required": true, "options": options(number) }),
                        1 => json!({ "id": id, "type": "multiple", "label": label, "options": options(number), "max_choices": 3 }),
                        2 => json!({ "id": id, "type": "rating", "label": label, "scale": 5 }),
                        3 => json!({ "id": id, "type": "dropdown", "label": label, "options": options(number) }),
                        4 => json!({ "id": id, "type": "nps", "label": label }),
                        _ => json!({ "id": id, "type": "long_text", "label": label, "max_length": 300 }),
                    }
                })
                .collect();
            json!({ "title": format!("第 {} 部分", section + 1), "questions": questions })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use campaign_core::Page;

    use super::*;

    #[test]
    fn the_large_campaign_is_a_valid_campaign_of_the_promised_size() {
        let demo = std::fs::read_to_string("../static/campaigns/demo.json").expect("demo");
        let campaign = campaign_core::parse_campaign(&from_demo(&demo).expect("generates"))
            .unwrap_or_else(|errors| panic!("the large campaign is invalid: {errors}"));
        let picker = campaign.pages.iter().find_map(|page| match page {
            Page::GroupPicker(picker) => Some(picker),
            _ => None,
        });
        let groups = &picker.expect("a group picker").groups;
        assert_eq!(groups.len(), GROUPS);
        let cities: std::collections::BTreeSet<_> =
            groups.iter().map(|group| group.city.clone()).collect();
        assert_eq!(cities.len(), CITIES);
        let survey = campaign.pages.iter().find_map(|page| match page {
            Page::Survey(survey) if survey.id == SURVEY => Some(survey),
            _ => None,
        });
        assert_eq!(
            survey.expect("the member survey").questions().count(),
            QUESTIONS
        );
    }
}
