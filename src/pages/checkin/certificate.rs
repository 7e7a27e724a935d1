//! The graduation certificate: eligibility and the facts are the server's
//! (`GET /api/v1/checkins/<page>/certificate`), drawn with the one poster
//! renderer, its QR code inviting a friend to the next intake with the
//! graduate's referral code.

use std::rc::Rc;

use campaign_core::checkin::{CheckinPage, certificate_poster};
use campaign_core::referral::{DEFAULT_SHARE_URL, share_url};
use campaign_core::routes::page_path;
use campaign_core::wire::CertificateEligibility;
use yew::prelude::*;

use crate::components::PosterPanel;
use crate::i18n::strings;
use crate::services::http::fetch_text_within;
use crate::services::identity::visitor_id;
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct CertificateProps {
    pub campaign: SharedCampaign,
    pub page: SharedPage<CheckinPage>,
}

#[derive(Debug, Clone, PartialEq)]
enum Asked {
    Asking,
    Answered(CertificateEligibility),
    Failed,
}

#[function_component]
pub fn CertificatePanel(props: &CertificateProps) -> Html {
    let campaign = &props.campaign;
    let page = &props.page;
    let text = &strings(campaign.locale).checkin;
    let asked = use_state(|| Asked::Asking);
    {
        let asked = asked.clone();
        let backend = campaign.backend.clone();
        let page_id = page.id.clone();
        use_effect_with((), move |()| {
            let url = backend.api_url(&format!(
                "checkins/{page_id}/certificate?visitor={}",
                visitor_id()
            ));
            wasm_bindgen_futures::spawn_local(async move {
                let answer = fetch_text_within(&url, 10_000)
                    .await
                    .ok()
                    .and_then(|body| campaign_core::read_json::<CertificateEligibility>(&body));
                asked.set(answer.map_or(Asked::Failed, Asked::Answered));
            });
        });
    }
    let certificate = match &*asked {
        Asked::Asking => {
            return html! { <p class="ck-muted" role="status">{ text.certificate_loading }</p> };
        }
        Asked::Answered(CertificateEligibility {
            eligible: true,
            certificate: Some(certificate),
            ..
        }) => certificate.clone(),
        // Not (yet) eligible by the server's count, or no answer.
        _ => {
            return html! { <p class="ck-muted" role="status">{ text.certificate_unavailable }</p> };
        }
    };
    let template = certificate_poster(page.graduation_message(), &campaign.theme, campaign.locale);
    let values: Vec<(String, String)> = certificate
        .poster_values()
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
    let invite = invite_url(campaign, page, &certificate.referral_code);
    html! {
        <div class="ck-certificate" data-share-url={invite.clone()}>
            <PosterPanel key={certificate.referral_code.clone()} campaign={campaign.clone()}
                template={Rc::new(template)} values={Rc::new(values)} share_url={invite}
                file_name={format!("{}-certificate.png", page.id)} auto=true />
        </div>
    }
}

/// The next intake's sign-up page with the graduate's code, on this site when
/// the config gives a path; without a next intake, this course's own page.
fn invite_url(campaign: &SharedCampaign, page: &CheckinPage, code: &str) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let absolute = |link: String| {
        if link.starts_with('/') {
            format!("{origin}{link}")
        } else {
            link
        }
    };
    match campaign.certificate_invite_url(page, code) {
        Some(link) => absolute(link),
        None => share_url(
            DEFAULT_SHARE_URL,
            &format!("{origin}{}", page_path(&page.course_page)),
            code,
        ),
    }
}
