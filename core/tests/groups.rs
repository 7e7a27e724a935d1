//! The group picker's rules: distances, GCJ-02, placement, hand-over and expiry.

use campaign_core::config::GroupPickerPage;
use campaign_core::groups::{
    AssignMethod, Assignment, CoordinateSystem, Fill, LatLng, Placement, area_chain, areas_of_city,
    assignment_problem, cities, distance_km, expiring, gcj02_to_wgs84, open_in_area,
    place_by_choice, place_by_position, provinces, search_areas, wgs84_to_gcj02,
};
use campaign_core::{Page, parse_campaign};
use serde_json::{Value, json};

const BEIJING: LatLng = LatLng::new(39.9042, 116.4074);
const SHANGHAI: LatLng = LatLng::new(31.2304, 121.4737);
const GUANGZHOU: LatLng = LatLng::new(23.1291, 113.2644);
const SHENZHEN: LatLng = LatLng::new(22.5431, 114.0579);
/// 2026-11-23T12:00:00Z.
const NOW: i64 = 1_795_435_200_000;

fn assert_near(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not within {tolerance} of {expected}"
    );
}

#[test]
fn distances_match_known_city_pairs() {
    assert_near(distance_km(BEIJING, SHANGHAI), 1_068.0, 5.0);
    assert_near(distance_km(GUANGZHOU, SHENZHEN), 104.0, 5.0);
    assert_near(distance_km(BEIJING, GUANGZHOU), 1_888.0, 10.0);
    assert_eq!(distance_km(SHENZHEN, SHENZHEN), 0.0);
    // Symmetric, and fine across the antimeridian.
    assert_near(
        distance_km(BEIJING, SHANGHAI),
        distance_km(SHANGHAI, BEIJING),
        1e-9,
    );
    assert_near(
        distance_km(LatLng::new(0.0, 179.5), LatLng::new(0.0, -179.5)),
        111.2,
        0.5,
    );
}

/// Reference pairs published with eviltransform, the implementation most
/// Chinese map tooling is checked against.
const GCJ_REFERENCE: [(LatLng, LatLng); 3] = [
    (
        LatLng::new(31.1774276, 121.5272106),
        LatLng::new(31.17530398364597, 121.531541859215),
    ),
    (
        LatLng::new(22.543847, 113.912316),
        LatLng::new(22.540796131694766, 113.9171764808363),
    ),
    (
        LatLng::new(39.911954, 116.377817),
        LatLng::new(39.91334545536069, 116.38404722455657),
    ),
];

#[test]
fn gcj02_matches_published_reference_points() {
    for (wgs, gcj) in GCJ_REFERENCE {
        let converted = wgs84_to_gcj02(wgs);
        assert_near(converted.lat, gcj.lat, 1e-9);
        assert_near(converted.lng, gcj.lng, 1e-9);
        // The inverse lands within a centimetre of the original.
        let back = gcj02_to_wgs84(gcj);
        assert!(distance_km(back, wgs) < 1e-5, "{back:?} vs {wgs:?}");
        // And the offset is the several hundred metres that matter here.
        let shift = distance_km(wgs, gcj);
        assert!((0.2..1.0).contains(&shift), "shift {shift} km");
    }
}

#[test]
fn gcj02_leaves_points_outside_china_alone() {
    let london = LatLng::new(51.5074, -0.1278);
    assert_eq!(wgs84_to_gcj02(london), london);
    assert_eq!(gcj02_to_wgs84(london), london);
}

fn group(id: &str, city: &str, point: LatLng) -> Value {
    json!({
        "id": id,
        "name": format!("{city}福利群 {id}"),
        "province": format!("{city}省"),
        "city": city,
        "lat": point.lat,
        "lng": point.lng,
        "join": { "url": format!("https://work.weixin.qq.com/gm/{id}") }
    })
}

fn picker(groups: Vec<Value>, extra: Value) -> GroupPickerPage {
    let mut page =
        json!({ "id": "city", "kind": "group_picker", "title": "同城群", "groups": groups });
    if let (Some(page), Some(extra)) = (page.as_object_mut(), extra.as_object()) {
        page.extend(extra.clone());
    }
    let campaign = json!({ "schema": 1, "id": "t", "title": "T", "pages": [page] });
    match parse_campaign(&campaign.to_string()) {
        Ok(campaign) => match campaign.pages.into_iter().next() {
            Some(Page::GroupPicker(page)) => page,
            other => panic!("not a group picker: {other:?}"),
        },
        Err(errors) => panic!("{errors}"),
    }
}

fn fill(pairs: &[(&str, u32)]) -> Fill {
    pairs
        .iter()
        .map(|(id, count)| (id.to_string(), *count))
        .collect()
}

fn demo_page() -> GroupPickerPage {
    picker(
        vec![
            group("bj-1", "北京", BEIJING),
            group("sh-1", "上海", SHANGHAI),
            group("sz-1", "深圳", SHENZHEN),
            group("gz-1", "广州", GUANGZHOU),
        ],
        json!({ "coordinates": "wgs84" }),
    )
}

#[test]
fn a_member_goes_to_the_nearest_group() {
    let page = demo_page();
    // Nanshan, Shenzhen: nearer Shenzhen's point than Guangzhou's.
    let nanshan = LatLng::new(22.5333, 113.9305);
    assert_eq!(
        place_by_position(&page, nanshan, &Fill::new(), NOW),
        Placement::Group { index: 2 }
    );
    assert_eq!(
        place_by_position(&page, LatLng::new(31.0, 121.2), &Fill::new(), NOW),
        Placement::Group { index: 1 }
    );
}

#[test]
fn gcj02_points_are_converted_before_matching() {
    // Two groups 700 m apart; the member stands on the WGS-84 spot of `b`, whose
    // configured point is GCJ-02. Matching in the wrong system would pick `a`.
    let wgs = LatLng::new(22.543847, 113.912316);
    let gcj = wgs84_to_gcj02(wgs);
    let a = LatLng::new(wgs.lat, wgs.lng - 0.0005);
    let page = picker(
        vec![
            json!({ "id": "a", "name": "A", "province": "广东省", "city": "深圳市", "district": "宝安区",
                    "lat": a.lat, "lng": a.lng, "join": { "url": "https://example.com/a" } }),
            json!({ "id": "b", "name": "B", "province": "广东省", "city": "深圳市", "district": "南山区",
                    "lat": gcj.lat, "lng": gcj.lng, "join": { "url": "https://example.com/b" } }),
        ],
        json!({}),
    );
    assert_eq!(page.coordinates, CoordinateSystem::Gcj02);
    assert_eq!(
        place_by_position(&page, wgs, &Fill::new(), NOW),
        Placement::Group { index: 1 }
    );
}

#[test]
fn a_member_too_far_from_every_group_is_out_of_range() {
    let page = picker(
        vec![
            group("bj-1", "北京", BEIJING),
            group("sh-1", "上海", SHANGHAI),
        ],
        json!({ "coordinates": "wgs84", "max_distance_km": 50 }),
    );
    let lhasa = LatLng::new(29.65, 91.1);
    match place_by_position(&page, lhasa, &Fill::new(), NOW) {
        Placement::OutOfRange {
            nearest: Some((index, km)),
        } => {
            assert_eq!(page.groups[index].id, "bj-1");
            assert!(km > 2_000.0, "{km}");
        }
        other => panic!("{other:?}"),
    }
    // Just inside the limit still matches.
    let near_beijing = LatLng::new(BEIJING.lat + 0.4, BEIJING.lng);
    assert!(distance_km(near_beijing, BEIJING) < 50.0);
    assert_eq!(
        place_by_position(&page, near_beijing, &Fill::new(), NOW),
        Placement::Group { index: 0 }
    );
}

fn shenzhen_chain() -> GroupPickerPage {
    let mut groups = vec![
        group("sz-3", "深圳", SHENZHEN),
        group("sz-1", "深圳", SHENZHEN),
        group("sz-2", "深圳", SHENZHEN),
        group("gz-1", "广州", GUANGZHOU),
        group("bj-1", "北京", BEIJING),
    ];
    groups[1]["order"] = json!(1);
    groups[2]["order"] = json!(2);
    groups[1]["capacity"] = json!(2);
    picker(groups, json!({ "coordinates": "wgs84" }))
}

#[test]
fn a_full_group_hands_over_to_the_next_of_its_area() {
    let page = shenzhen_chain();
    // Ordered groups first, then the unordered one as listed.
    let chain: Vec<&str> = area_chain(&page, 0)
        .into_iter()
        .map(|index| page.groups[index].id.as_str())
        .collect();
    assert_eq!(chain, ["sz-1", "sz-2", "sz-3"]);
    let id = |placement: Placement| match placement {
        Placement::Group { index } => page.groups[index].id.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        id(place_by_position(
            &page,
            SHENZHEN,
            &fill(&[("sz-1", 1)]),
            NOW
        )),
        "sz-1"
    );
    // sz-1 holds 2: at capacity it is skipped.
    assert_eq!(
        id(place_by_position(
            &page,
            SHENZHEN,
            &fill(&[("sz-1", 2)]),
            NOW
        )),
        "sz-2"
    );
    assert_eq!(
        id(place_by_position(
            &page,
            SHENZHEN,
            &fill(&[("sz-1", 2), ("sz-2", 200)]),
            NOW
        )),
        "sz-3"
    );
    // Choosing the area's full group by hand lands on the open one too.
    assert_eq!(
        id(place_by_choice(&page, 1, &fill(&[("sz-1", 2)]), NOW)),
        "sz-2"
    );
}

#[test]
fn a_full_area_offers_the_nearest_other_area() {
    let page = shenzhen_chain();
    let full = fill(&[("sz-1", 2), ("sz-2", 200), ("sz-3", 250)]);
    match place_by_position(&page, SHENZHEN, &full, NOW) {
        Placement::AreaFull {
            area,
            alternative: Some(alternative),
        } => {
            assert_eq!(page.groups[area].city, "深圳");
            assert_eq!(page.groups[alternative].id, "gz-1");
        }
        other => panic!("{other:?}"),
    }
    let everything = fill(&[
        ("sz-1", 2),
        ("sz-2", 200),
        ("sz-3", 200),
        ("gz-1", 200),
        ("bj-1", 200),
    ]);
    assert!(matches!(
        place_by_position(&page, SHENZHEN, &everything, NOW),
        Placement::AreaFull {
            alternative: None,
            ..
        }
    ));
}

#[test]
fn an_expired_code_is_skipped_like_a_full_group() {
    let mut groups = vec![
        group("sz-1", "深圳", SHENZHEN),
        group("sz-2", "深圳", SHENZHEN),
    ];
    groups[0]["join"] = json!({ "qr_image": "/images/qr/sz-1.png" });
    groups[0]["expires_at"] = json!("2026-11-23T20:00:00+08:00"); // 12:00Z
    let page = picker(groups, json!({ "coordinates": "wgs84" }));
    assert_eq!(
        place_by_position(&page, SHENZHEN, &Fill::new(), NOW - 1),
        Placement::Group { index: 0 }
    );
    assert_eq!(
        place_by_position(&page, SHENZHEN, &Fill::new(), NOW),
        Placement::Group { index: 1 }
    );
    // The CLI's warning: expiring within 48 hours, or already expired.
    let hour = 3_600_000;
    assert_eq!(expiring(&page, NOW - 47 * hour, 48 * hour).len(), 1);
    assert_eq!(expiring(&page, NOW - 49 * hour, 48 * hour).len(), 0);
    assert_eq!(expiring(&page, NOW + hour, 48 * hour).len(), 1);
}

#[test]
fn the_manual_picker_cascades_and_searches() {
    let page = shenzhen_chain();
    assert_eq!(provinces(&page), ["深圳省", "广州省", "北京省"]);
    assert_eq!(cities(&page, "深圳省"), ["深圳"]);
    let areas = areas_of_city(&page, "深圳省", "深圳", &fill(&[("sz-1", 2)]), NOW);
    assert_eq!(areas.len(), 1, "one row per area, not per group");
    assert_eq!(
        areas[0].open.map(|i| page.groups[i].id.as_str()),
        Some("sz-2")
    );
    let found = search_areas(&page, " 广 州", &Fill::new(), NOW);
    assert_eq!(found.len(), 1);
    assert_eq!(page.groups[found[0].head].id, "gz-1");
    // Searching a group's own name finds its area.
    assert_eq!(
        search_areas(&page, "福利群 SZ-2", &Fill::new(), NOW).len(),
        1
    );
    assert!(search_areas(&page, "   ", &Fill::new(), NOW).is_empty());
    assert!(search_areas(&page, "拉萨", &Fill::new(), NOW).is_empty());
}

#[test]
fn assignments_are_checked_against_the_page() {
    let page = demo_page();
    let assignment = |group: &str, position: Option<LatLng>| Assignment {
        group: group.to_owned(),
        method: AssignMethod::Location,
        position,
    };
    assert_eq!(assignment_problem(&page, &assignment("sz-1", None)), None);
    assert!(assignment_problem(&page, &assignment("nope", None)).is_some());
    // Coordinates are refused unless the page allows them, and must be coarse.
    assert!(
        assignment_problem(&page, &assignment("sz-1", Some(LatLng::new(22.54, 114.06)))).is_some()
    );
    let sharing = picker(
        vec![group("sz-1", "深圳", SHENZHEN)],
        json!({ "share_coordinates": true }),
    );
    assert_eq!(
        assignment_problem(&sharing, &assignment("sz-1", Some(SHENZHEN.coarse()))),
        None
    );
    assert!(assignment_problem(&sharing, &assignment("sz-1", Some(SHENZHEN))).is_some());
    assert_eq!(SHENZHEN.coarse(), LatLng::new(22.54, 114.06));
}

#[test]
fn config_problems_are_reported_by_path() {
    let mut bad = vec![
        group("sz-1", "深圳", SHENZHEN),
        group("sz-1", "深圳", SHENZHEN),
        group("sh-1", "上海", SHANGHAI),
    ];
    bad[0]["lat"] = json!(114.06);
    bad[0]["lng"] = json!(22.54);
    bad[1]["capacity"] = json!(0);
    bad[2]["expires_at"] = json!("下周一");
    bad[2]["join"] = json!({ "qr_image": "qr.png" });
    let campaign = json!({ "schema": 1, "id": "t", "title": "T", "pages": [
        { "id": "city", "kind": "group_picker", "title": "同城群", "groups": bad, "max_distance_km": 0 },
        { "id": "city-2", "kind": "group_picker", "title": "同城群", "groups": [
            { "id": "x", "name": "X", "province": "P", "city": "C", "lat": 1, "lng": 2, "join": { "link": "https://a.b" } }
        ] }
    ] });
    let errors = match parse_campaign(&campaign.to_string()) {
        Ok(_) => panic!("should fail"),
        Err(errors) => errors.to_string(),
    };
    for expected in [
        "pages[0].max_distance_km",
        "pages[0].groups[0].lat: must be between -90 and 90",
        "swapped",
        "pages[0].groups[1].id: `sz-1` is used by another group",
        "pages[0].groups[1].capacity: must be at least 1",
        "pages[0].groups[2].join.qr_image: `qr.png`",
        "pages[0].groups[2].expires_at: `下周一` is not a time",
        "pages[1].groups[0].join",
        "`link`",
    ] {
        assert!(
            errors.contains(expected),
            "missing {expected:?} in:\n{errors}"
        );
    }
}

/// A CMB-size picker: 3,000 groups in 300 cities, each city's ten groups
/// listed far apart (group `n` is in city `n % 300`), some with a place in
/// their chain.
fn cmb_size_groups() -> Vec<Value> {
    (0..3_000)
        .map(|number| {
            let city = number % 300;
            let mut group = group(
                &format!("c{city}-{}", number / 300),
                &format!("城市{city}"),
                SHENZHEN,
            );
            group["province"] = json!(format!("省{}", city % 30));
            if number / 300 < 3 {
                // The first three of each city go last to first.
                group["order"] = json!(3 - number / 300);
            }
            group
        })
        .collect()
}

#[test]
fn a_cmb_size_picker_lists_each_area_once_with_its_open_group() {
    let page = picker(cmb_size_groups(), json!({}));
    // Half the cities have their first group in the chain (`c<city>-2`) full.
    let fill: Fill = (0..300)
        .filter(|city| city % 2 == 0)
        .map(|city| (format!("c{city}-2"), 200))
        .collect();
    // `市` is in every group's name: every area, once, in the order they
    // first appear, each with the group that takes the next member.
    let found = search_areas(&page, "市", &fill, NOW);
    assert_eq!(found.len(), 300);
    for (city, area) in found.iter().enumerate() {
        assert_eq!(area.head, city, "city {city} first appears at group {city}");
        assert_eq!(area.open, open_in_area(&page, area.head, &fill, NOW));
        let expected = if city % 2 == 0 { "-1" } else { "-2" };
        let open = &page.groups[area.open.unwrap()].id;
        assert_eq!(open, &format!("c{city}{expected}"), "city {city}");
    }
    // A search of one city's name, and the cascade, show that city alone.
    let found = search_areas(&page, "城市299", &fill, NOW);
    assert_eq!(
        found.iter().map(|area| area.head).collect::<Vec<_>>(),
        [299]
    );
    assert_eq!(provinces(&page).len(), 30);
    assert_eq!(provinces(&page)[..2], ["省0", "省1"]);
    assert_eq!(cities(&page, "省7").len(), 10);
    let areas = areas_of_city(&page, "省7", "城市7", &fill, NOW);
    assert_eq!(areas.len(), 1);
    assert_eq!(page.groups[areas[0].open.unwrap()].id, "c7-2");
}

#[test]
fn a_cmb_size_picker_s_clashes_are_found_however_far_apart() {
    let mut groups = cmb_size_groups();
    // The last group reuses the first one's id; a late group of city 5 takes
    // the place of one listed 2,000 groups earlier. The same place in another
    // city is no clash.
    groups[2_999]["id"] = json!("c0-0");
    groups[2_405]["order"] = json!(2);
    groups[2_406]["order"] = json!(9);
    let campaign = json!({ "schema": 1, "id": "t", "title": "T", "pages": [
        { "id": "city", "kind": "group_picker", "title": "同城群", "groups": groups },
    ] });
    let errors = match parse_campaign(&campaign.to_string()) {
        Ok(_) => panic!("should fail"),
        Err(errors) => errors.to_string(),
    };
    assert!(
        errors.contains("pages[0].groups[2999].id: `c0-0` is used by another group"),
        "{errors}"
    );
    assert!(
        errors.contains(
            "pages[0].groups[2405].order: another group of 省5 城市5 already has order 2"
        ),
        "{errors}"
    );
    assert_eq!(errors.matches("already has order").count(), 1, "{errors}");
    assert_eq!(
        errors.matches("is used by another group").count(),
        1,
        "{errors}"
    );
}
