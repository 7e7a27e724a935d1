//! A share poster: drawn on request, shown as an image, and offered the way the
//! browser allows: long-press inside WeChat (where downloads are blocked), a save
//! button elsewhere, and the system share sheet where it takes files.

use std::rc::Rc;

use campaign_core::poster::PosterTemplate;
use yew::prelude::*;

use crate::i18n::strings;
use crate::services::platform::{can_share_files, in_android_wechat, in_wechat, share};
use crate::services::poster::{self, RenderError, Rendered};
use crate::shared::SharedCampaign;

#[derive(Properties, PartialEq)]
pub struct PosterPanelProps {
    pub campaign: SharedCampaign,
    pub template: Rc<PosterTemplate>,
    /// Values of the template's placeholders.
    pub values: Rc<Vec<(String, String)>>,
    /// What the QR layer encodes.
    pub share_url: String,
    /// Name of the saved file.
    pub file_name: String,
    /// Draw once the page is idle after showing, instead of on a tap.
    #[prop_or_default]
    pub auto: bool,
}

#[derive(Clone, PartialEq)]
enum PosterState {
    Idle,
    Drawing,
    Ready {
        rendered: Rendered,
        /// Where the backend serves the PNG, for browsers that need an address.
        hosted: Option<String>,
        shareable: bool,
    },
    Failed(RenderError),
}

#[function_component]
pub fn PosterPanel(props: &PosterPanelProps) -> Html {
    let state = use_state(|| PosterState::Idle);
    let text = &strings(props.campaign.locale).poster;
    let draw = {
        let state = state.clone();
        let template = props.template.clone();
        let values = props.values.clone();
        let share_url = props.share_url.clone();
        let file_name = props.file_name.clone();
        let campaign = props.campaign.clone();
        Callback::from(move |()| {
            if *state == PosterState::Drawing {
                return;
            }
            state.set(PosterState::Drawing);
            let state = state.clone();
            let template = template.clone();
            let values = values.clone();
            let share_url = share_url.clone();
            let file_name = file_name.clone();
            let campaign = campaign.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let pairs: Vec<(&str, &str)> = values
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let drawn =
                    poster::render(&template, &pairs, &share_url, &campaign.theme.font).await;
                let next = match drawn {
                    Ok(rendered) => {
                        let hosted = if in_android_wechat() {
                            poster::upload(&campaign.backend.api_url("posters"), &rendered.png)
                                .await
                        } else {
                            None
                        };
                        let shareable = !in_wechat()
                            && poster::png_file(&rendered.png, &file_name)
                                .await
                                .is_some_and(|file| can_share_files(&file));
                        PosterState::Ready {
                            rendered,
                            hosted,
                            shareable,
                        }
                    }
                    Err(error) => PosterState::Failed(error),
                };
                state.set(next);
            });
        })
    };
    {
        let draw = draw.clone();
        // Drawing a poster is the heaviest thing a page does: an automatic one
        // waits until the page is idle, so it never holds up the first taps.
        use_effect_with(props.auto, move |auto| {
            if *auto {
                wasm_bindgen_futures::spawn_local(async move {
                    crate::services::platform::idle(2_000).await;
                    draw.emit(());
                });
            }
        });
    }
    let body = match &*state {
        PosterState::Idle => html! {
            <>
                <p class="ck-muted ck-poster-intro">{ text.make_hint }</p>
                <button type="button" class="ck-button" onclick={draw.reform(|_| ())}>{ text.make }</button>
            </>
        },
        PosterState::Drawing => html! {
            <p class="ck-poster-status" role="status"><span class="ck-spinner" aria-hidden="true"></span>{ text.drawing }</p>
        },
        PosterState::Failed(error) => html! {
            <div role="alert">
                <p>{ match error {
                    RenderError::TooLarge => text.too_large,
                    RenderError::QrTooLong => text.link_too_long,
                    RenderError::Canvas => text.cannot_draw,
                } }</p>
                <button type="button" class="ck-button ck-button-quiet" onclick={draw.reform(|_| ())}>{ text.retry }</button>
            </div>
        },
        PosterState::Ready {
            rendered,
            hosted,
            shareable,
        } => {
            let src = hosted.clone().unwrap_or_else(|| rendered.png.clone());
            let share = shareable.then(|| {
                let png = rendered.png.clone();
                let file_name = props.file_name.clone();
                let title = props.campaign.title.clone();
                Callback::from(move |_| {
                    let png = png.clone();
                    let file_name = file_name.clone();
                    let title = title.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Some(file) = poster::png_file(&png, &file_name).await {
                            share(&title, None, Some(&file)).await;
                        }
                    });
                })
            });
            html! {
                <>
                    <img class="ck-poster-image" src={src} alt={text.alt}
                        data-width={rendered.width.to_string()} data-height={rendered.height.to_string()} />
                    if !rendered.missing_images.is_empty() {
                        <p class="ck-poster-warning" role="status">{ text.image_missing }</p>
                    }
                    if in_wechat() {
                        <p class="ck-poster-hint">{ text.long_press }</p>
                    } else {
                        <a class="ck-button" href={rendered.png.clone()} download={props.file_name.clone()}>{ text.save }</a>
                    }
                    if let Some(share) = share {
                        <button type="button" class="ck-button ck-button-quiet" onclick={share}>{ text.share }</button>
                    }
                </>
            }
        }
    };
    html! {
        <section class="ck-card ck-poster" aria-live="polite"
            data-poster={match &*state { PosterState::Ready { .. } => "ready", PosterState::Drawing => "drawing", PosterState::Failed(_) => "failed", PosterState::Idle => "idle" }}>
            { body }
        </section>
    }
}
