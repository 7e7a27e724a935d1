//! The group picker's config checker.

use super::{GroupPickerPage, Join};
use crate::diagnostics::issue::PageIssue;
use crate::primitives::clock::parse_rfc3339_ms;
use crate::primitives::ids::is_id;

/// Every rule of a group picker config the types cannot express.
pub fn check_group_picker(page: &GroupPickerPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    if page.groups.is_empty() {
        issues.push(
            PageIssue::new("groups", "must list at least one group").hint(
                "a group is `{ \"id\", \"name\", \"province\", \"city\", \"lat\", \"lng\", \"join\": { \"url\": ... } }`",
            ),
        );
    }
    if !(page.max_distance_km > 0.0 && page.max_distance_km <= 20_000.0) {
        issues.push(PageIssue::new(
            "max_distance_km",
            "must be more than 0 and at most 20000 kilometres",
        ));
    }
    if let Some(privacy) = &page.privacy {
        if privacy.trim().is_empty() {
            issues.push(
                PageIssue::new("privacy", "must not be empty")
                    .hint("leave `privacy` out for the default sentence"),
            );
        }
    }
    for (index, group) in page.groups.iter().enumerate() {
        let at = format!("groups[{index}]");
        if page.groups[..index]
            .iter()
            .any(|earlier| earlier.id == group.id)
        {
            issues.push(
                PageIssue::new(
                    format!("{at}.id"),
                    format!("`{}` is used by another group", group.id),
                )
                .hint("every group needs its own id: assignments are counted by it"),
            );
        }
        if !is_id(&group.id) {
            issues.push(
                PageIssue::new(
                    format!("{at}.id"),
                    format!("`{}` is not a valid id", group.id),
                )
                .hint("use lowercase letters, digits, `-` or `_`"),
            );
        }
        for (field, text) in [
            ("name", Some(&group.name)),
            ("province", Some(&group.province)),
            ("city", Some(&group.city)),
            ("district", group.district.as_ref()),
        ] {
            if text.is_some_and(|text| text.trim().is_empty()) {
                issues.push(PageIssue::new(format!("{at}.{field}"), "must not be empty"));
            }
        }
        if !(-90.0..=90.0).contains(&group.lat) {
            let issue = PageIssue::new(format!("{at}.lat"), "must be between -90 and 90");
            issues.push(if (-90.0..=90.0).contains(&group.lng) {
                issue.hint("`lat` and `lng` look swapped: in China `lat` is about 18 to 54, `lng` about 73 to 135")
            } else {
                issue
            });
        }
        if !(-180.0..=180.0).contains(&group.lng) {
            issues.push(PageIssue::new(
                format!("{at}.lng"),
                "must be between -180 and 180",
            ));
        }
        if group.capacity == 0 {
            issues.push(PageIssue::new(
                format!("{at}.capacity"),
                "must be at least 1",
            ));
        }
        let (field, url) = match &group.join {
            Join::Url(url) => ("url", url),
            Join::QrImage(url) => ("qr_image", url),
        };
        if let Some(problem) = url.problem() {
            issues.push(
                PageIssue::new(
                    format!("{at}.join.{field}"),
                    format!("`{}` {problem}", url.as_str()),
                )
                .hint("use an absolute `https://` URL or a path on the site"),
            );
        }
        if let Some(text) = &group.expires_at {
            if parse_rfc3339_ms(text).is_none() {
                issues.push(
                    PageIssue::new(
                        format!("{at}.expires_at"),
                        format!("`{text}` is not a time"),
                    )
                    .hint("write it like `2026-11-30T18:00:00+08:00`"),
                );
            }
        }
        if let Some(order) = group.order {
            let clash = page.groups[..index]
                .iter()
                .any(|earlier| earlier.same_area(group) && earlier.order == Some(order));
            if clash {
                issues.push(
                    PageIssue::new(
                        format!("{at}.order"),
                        format!(
                            "another group of {} already has order {order}",
                            group.area_label()
                        ),
                    )
                    .hint("give each group of an area its own place"),
                );
            }
        }
    }
    issues
}
