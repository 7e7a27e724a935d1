//! The links between a course's pages: a check-in page's `course_page` must
//! name a course page of the campaign, with as many days in its schedule as
//! the check-in page has tasks.

use std::collections::HashMap;

use super::{Page, PageKind};
use crate::diagnostics::path::Path;
use crate::diagnostics::{Diagnostic, backticked};
use crate::primitives::Text;
use crate::primitives::text::{phrase, text};

/// Reports each check-in page whose course page is missing, of another kind,
/// or of another length. `positions[i]` is the index in the config of
/// `pages[i]`; `ids` holds every page id the config has, read or not.
pub(super) fn check_course_links(
    pages: &[Page],
    positions: &[usize],
    ids: &HashMap<String, usize>,
    pages_path: &Path,
    report: &mut Vec<Diagnostic>,
) {
    let courses = || {
        pages
            .iter()
            .filter(|page| page.kind() == PageKind::Course)
            .map(|page| page.id())
            .collect::<Vec<_>>()
    };
    for (page, &index) in pages.iter().zip(positions) {
        let Page::Checkin(checkin) = page else {
            continue;
        };
        let target = checkin.course_page.as_str();
        let page_path = pages_path.index(index);
        match pages.iter().find(|page| page.id() == target) {
            Some(Page::Course(course)) => {
                let (days, tasks) = (course.course.schedule.len(), checkin.days.len());
                if days != tasks {
                    report.push(
                        Diagnostic::new(
                            &page_path.key("days"),
                            text!(
                                "有 {tasks} 天的打卡任务，但课程 `{target}` 的课表有 {days} 天",
                                "lists {tasks} days of tasks, but the schedule of course `{target}` has {days} days"
                            ),
                        )
                        .with_hint(phrase!(
                            "课程每一天对应一个打卡任务：两边的天数要一致",
                            "each course day has one check-in task: make the two the same length"
                        )),
                    );
                }
            }
            // A course this build does not read (the check-in page's own
            // bundle): its kind is known, its schedule was checked by the
            // server, which reads every kind.
            Some(Page::Unparsed(unread)) if unread.kind == PageKind::Course => {}
            Some(other) => report.push(
                Diagnostic::new(
                    &page_path.key("course_page"),
                    text!(
                        "`{target}` 是 `{kind}` 页面，不是 `course` 页面",
                        "`{target}` is a `{kind}` page, not a `course` page",
                        kind = other.kind().as_str()
                    ),
                )
                .with_hint(course_hint(&courses())),
            ),
            // A page that exists but could not be read has its own report.
            None if ids.contains_key(target) => {}
            None => report.push(
                Diagnostic::new(
                    &page_path.key("course_page"),
                    text!(
                        "本活动没有页面 `{target}`",
                        "there is no page `{target}` in this campaign"
                    ),
                )
                .with_hint(course_hint(&courses())),
            ),
        }
    }
}

fn course_hint(courses: &[&str]) -> Text {
    if courses.is_empty() {
        phrase!(
            "请添加一个 `course` 报名页并使用它的 id",
            "add a `course` page and use its id"
        )
        .into()
    } else {
        text!(
            "请使用一个 `course` 页面的 id：{ids}",
            "use the id of a `course` page: {ids}";
            ids = backticked(courses)
        )
    }
}

impl super::Campaign {
    /// The course page a check-in page belongs to (a checked config always
    /// has one).
    pub fn course_of(
        &self,
        checkin: &crate::kinds::checkin::CheckinPage,
    ) -> Option<&crate::kinds::course::CoursePage> {
        match self.page(&checkin.course_page) {
            Some(Page::Course(course)) => Some(course),
            _ => None,
        }
    }

    /// Where a graduate's certificate QR code invites a friend: the course's
    /// next intake, with the graduate's referral code (`?ref=`), so the
    /// friend's sign-up is credited to them. `None` when the course offers no
    /// next intake.
    pub fn certificate_invite_url(
        &self,
        checkin: &crate::kinds::checkin::CheckinPage,
        referral_code: &str,
    ) -> Option<String> {
        // A bundle that does not read course pages has the link from the
        // page's header.
        let next = match self.page(&checkin.course_page)? {
            Page::Course(course) => course.next_intake.as_ref()?.link.as_str(),
            Page::Unparsed(page) if page.kind == PageKind::Course => {
                page.links.next_intake.as_deref()?
            }
            _ => return None,
        };
        Some(crate::kinds::referral::share_url(
            crate::kinds::referral::DEFAULT_SHARE_URL,
            next,
            referral_code,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{PageLinks, UnparsedPage};

    /// The check-in bundle does not read course pages: a course known by its
    /// header alone is a course, and the rest is the server's to check.
    #[test]
    fn a_course_known_by_its_header_is_a_course() {
        let campaign =
            crate::parse_campaign(include_str!("../../../static/campaigns/jd-course.json"))
                .expect("the example reads");
        let unread = |kind| {
            Page::Unparsed(UnparsedPage {
                kind,
                id: "course".to_owned(),
                title: "报名".to_owned(),
                description: None,
                links: PageLinks::default(),
            })
        };
        let ids: HashMap<String, usize> = campaign
            .pages
            .iter()
            .enumerate()
            .map(|(index, page)| (page.id().to_owned(), index))
            .collect();
        let positions: Vec<usize> = (0..campaign.pages.len()).collect();
        for (kind, problems) in [(PageKind::Course, 0), (PageKind::Survey, 1)] {
            let mut pages = campaign.pages.clone();
            let at = pages
                .iter()
                .position(|page| page.id() == "course")
                .expect("the example's course page");
            pages[at] = unread(kind);
            let mut report = Vec::new();
            check_course_links(
                &pages,
                &positions,
                &ids,
                &Path::default().key("pages"),
                &mut report,
            );
            assert_eq!(report.len(), problems, "{kind:?}: {report:?}");
        }
    }
}
