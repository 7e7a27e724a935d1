//! The group picker's config checker.

use std::collections::BTreeSet;

use super::{GroupPickerPage, Join};
use crate::diagnostics::issue::{
    PageIssue, at_least_one, bad_url, invalid_id, must_not_be_empty, not_a_timestamp,
};
use crate::primitives::clock::parse_rfc3339_ms;
use crate::primitives::ids::is_id;
use crate::primitives::text::{phrase, text};

/// Every rule of a group picker config the types cannot express.
pub fn check_group_picker(page: &GroupPickerPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    if page.groups.is_empty() {
        issues.push(
            PageIssue::new(
                "groups",
                phrase!("至少要有一个社群", "must list at least one group"),
            )
            .with_hint(phrase!("社群的写法如 `{ \"id\", \"name\", \"province\", \"city\", \"lat\", \"lng\", \"join\": { \"url\": ... } }`", "a group is `{ \"id\", \"name\", \"province\", \"city\", \"lat\", \"lng\", \"join\": { \"url\": ... } }`")),
        );
    }
    if !(page.max_distance_km > 0.0 && page.max_distance_km <= 20_000.0) {
        issues.push(PageIssue::new(
            "max_distance_km",
            phrase!(
                "必须大于 0，且不超过 20000 公里",
                "must be more than 0 and at most 20000 kilometres"
            ),
        ));
    }
    if let Some(privacy) = &page.privacy {
        if privacy.trim().is_empty() {
            issues.push(
                PageIssue::new("privacy", must_not_be_empty()).with_hint(phrase!(
                    "不写 `privacy` 就会使用默认的说明",
                    "leave `privacy` out for the default sentence"
                )),
            );
        }
    }
    // The ids, and the places within each area, of the groups checked so far:
    // looked up, not searched, as the server checks a CMB-size picker's 3,000
    // groups at start-up and the designer's preview at every edit (searching
    // cost 9 million comparisons there).
    let mut ids = BTreeSet::new();
    let mut places = BTreeSet::new();
    for (index, group) in page.groups.iter().enumerate() {
        let at = format!("groups[{index}]");
        if !ids.insert(group.id.as_str()) {
            issues.push(
                PageIssue::new(
                    format!("{at}.id"),
                    text!(
                        "`{id}` 已被另一个社群使用",
                        "`{id}` is used by another group",
                        id = group.id
                    ),
                )
                .with_hint(phrase!(
                    "每个社群都要有自己的 id：分配人数按 id 统计",
                    "every group needs its own id: assignments are counted by it"
                )),
            );
        }
        if !is_id(&group.id) {
            issues.push(
                PageIssue::new(format!("{at}.id"), invalid_id(&group.id)).with_hint(phrase!(
                    "请用小写字母、数字、`-` 或 `_`",
                    "use lowercase letters, digits, `-` or `_`"
                )),
            );
        }
        for (field, text) in [
            ("name", Some(&group.name)),
            ("province", Some(&group.province)),
            ("city", Some(&group.city)),
            ("district", group.district.as_ref()),
        ] {
            if text.is_some_and(|text| text.trim().is_empty()) {
                issues.push(PageIssue::new(format!("{at}.{field}"), must_not_be_empty()));
            }
        }
        if !(-90.0..=90.0).contains(&group.lat) {
            let issue = PageIssue::new(
                format!("{at}.lat"),
                phrase!("必须在 -90 到 90 之间", "must be between -90 and 90"),
            );
            issues.push(if (-90.0..=90.0).contains(&group.lng) {
                issue.with_hint(phrase!("`lat` 和 `lng` 似乎写反了：在中国，`lat` 约为 18 到 54，`lng` 约为 73 到 135", "`lat` and `lng` look swapped: in China `lat` is about 18 to 54, `lng` about 73 to 135"))
            } else {
                issue
            });
        }
        if !(-180.0..=180.0).contains(&group.lng) {
            issues.push(PageIssue::new(
                format!("{at}.lng"),
                phrase!("必须在 -180 到 180 之间", "must be between -180 and 180"),
            ));
        }
        if group.capacity == 0 {
            issues.push(PageIssue::new(format!("{at}.capacity"), at_least_one()));
        }
        let (field, url) = match &group.join {
            Join::Url(url) => ("url", url),
            Join::QrImage(url) => ("qr_image", url),
        };
        if let Some(problem) = url.problem() {
            issues.push(
                PageIssue::new(format!("{at}.join.{field}"), bad_url(url, &problem)).with_hint(
                    phrase!(
                        "请用以 `https://` 开头的完整网址，或本站的路径",
                        "use an absolute `https://` URL or a path on the site"
                    ),
                ),
            );
        }
        if let Some(text) = &group.expires_at {
            if parse_rfc3339_ms(text).is_none() {
                let (message, hint) = not_a_timestamp(text);
                issues.push(PageIssue::new(format!("{at}.expires_at"), message).with_hint(hint));
            }
        }
        if let Some(order) = group.order {
            let area = (&group.province, &group.city, &group.district);
            if !places.insert((area, order)) {
                issues.push(
                    PageIssue::new(
                        format!("{at}.order"),
                        text!(
                            "{area} 已有另一个社群的 `order` 是 {order}",
                            "another group of {area} already has order {order}",
                            area = group.area_label()
                        ),
                    )
                    .with_hint(phrase!(
                        "同一地区的每个社群要排在不同的位置",
                        "give each group of an area its own place"
                    )),
                );
            }
        }
    }
    issues
}
