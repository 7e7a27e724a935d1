//! One page of a campaign, shown by its kind's module.

use campaign_core::Page;
use campaign_core::identity::page_needs_person;
use campaign_core::routes::Route;
use yew::prelude::*;

use crate::shared::SharedCampaign;

use crate::components::{BrandHeader, Link};
use crate::hooks::use_person_notice;
use crate::i18n::strings;
use crate::pages::NotFoundPage;
#[cfg(feature = "benefits")]
use crate::pages::benefits::BenefitsView;
#[cfg(feature = "checkin")]
use crate::pages::checkin::CheckinView;
#[cfg(feature = "course")]
use crate::pages::course::CourseView;
#[cfg(feature = "group_picker")]
use crate::pages::group_picker::GroupPickerView;
#[cfg(feature = "lottery")]
use crate::pages::lottery::LotteryView;
#[cfg(feature = "offers")]
use crate::pages::offers::OffersView;
#[cfg(feature = "quiz")]
use crate::pages::quiz::QuizView;
#[cfg(feature = "referral")]
use crate::pages::referral::ReferralView;
#[cfg(feature = "survey")]
use crate::pages::survey::SurveyView;
use crate::router::Navigator;

#[derive(Properties, PartialEq)]
pub struct PageViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn PageView(props: &PageViewProps) -> Html {
    let notice = use_person_notice();
    let campaign = &props.campaign;
    let text = strings(campaign.locale);
    let Some(page) = campaign.page(&props.page_id) else {
        return html! { <NotFoundPage locale={campaign.locale} /> };
    };
    let header = page.header();
    // Kinds with a view in this bundle, then pages another bundle shows, then
    // kinds that have no view yet (said plainly).
    let body = match page {
        #[cfg(feature = "group_picker")]
        Page::GroupPicker(_) => html! {
            <GroupPickerView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        #[cfg(feature = "referral")]
        Page::Referral(_) => html! {
            <ReferralView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        #[cfg(feature = "quiz")]
        Page::Quiz(_) => html! {
            <QuizView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        #[cfg(feature = "lottery")]
        Page::Lottery(_) => html! {
            <LotteryView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        #[cfg(feature = "survey")]
        Page::Survey(_) => html! {
            <SurveyView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        #[cfg(feature = "benefits")]
        Page::Benefits(_) => html! {
            <BenefitsView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        #[cfg(feature = "offers")]
        Page::Offers(_) => html! {
            <OffersView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        #[cfg(feature = "course")]
        Page::Course(_) => html! {
            <CourseView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        #[cfg(feature = "checkin")]
        Page::Checkin(_) => html! {
            <CheckinView campaign={campaign.clone()} page_id={props.page_id.clone()} />
        },
        // Read but not shown here (the course and check-in bundles read each
        // other's kind), or not read at all: the page's own bundle shows it.
        page if matches!(page, Page::Unparsed(_)) || !crate::pages::has_view(page.kind()) => {
            html! { <LoadElsewhere page_id={props.page_id.clone()} label={text.open_page} /> }
        }
        // Only in builds without every kind's view.
        #[allow(unreachable_patterns)]
        _ => html! {
            <div class="ck-card ck-notice" role="status">
                <h2 class="ck-notice-title">{ text.kind_unavailable_title }</h2>
                <p>{ text.kind_unavailable_body }</p>
            </div>
        },
    };
    html! {
        <>
            <BrandHeader campaign={campaign.clone()} />
            <article class="ck-page" data-kind={page.kind().as_str()}>
                <span class="ck-badge">{ text.kind_label(page.kind()) }</span>
                <h1 class="ck-title">{ header.title }</h1>
                if let Some(description) = header.description {
                    <p class="ck-lead">{ description }</p>
                }
                // Why the person cannot take part as who they are, where it matters.
                if let Some(text) = notice.filter(|_| page_needs_person(campaign, page)) {
                    <p class="ck-card ck-notice ck-person-notice" role="alert">{ text }</p>
                }
                { body }
                <Link to={Route::Home} class="ck-button ck-button-quiet">{ text.back_to_home }</Link>
            </article>
        </>
    }
}

/// A page another bundle of the app shows. The server sends the right bundle
/// when the page is opened by its URL, so a plain link takes the person there
/// (never an automatic reload, which could repeat forever).
#[derive(Properties, PartialEq)]
struct LoadElsewhereProps {
    page_id: String,
    label: &'static str,
}

#[function_component]
fn LoadElsewhere(props: &LoadElsewhereProps) -> Html {
    let route = Route::Page(props.page_id.clone());
    let href =
        use_context::<Navigator>().map_or_else(|| route.path(), |navigator| navigator.href(&route));
    html! {
        <a class="ck-button" {href}>{ props.label }</a>
    }
}
