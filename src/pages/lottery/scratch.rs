//! 刮刮卡: the server draws first, then the prize it recorded lies under a
//! silver cover that the person scratches off with a finger or the mouse. Once
//! the page's `reveal_at` share is off (measured by core's [`ScratchCover`], not
//! by reading the canvas back), the rest of the cover fades and the result is
//! announced as the other looks announce it. 直接查看结果 reveals at once, for
//! people who cannot or would rather not scratch; the canvas itself is hidden
//! from screen readers.
//!
//! While a card is there to scratch, the canvas takes touches for itself
//! (`touch-action: none`, and `touchmove` prevented), so scratching never
//! scrolls the page; before and after, the card scrolls like the rest.

use std::rc::Rc;

use campaign_core::config::{Locale, LotteryPage};
use campaign_core::lottery::ScratchCover;
use campaign_core::poster::{canvas_size, render_scale};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement};
use yew::prelude::*;

use crate::shared::SharedPage;

use super::Won;
use crate::i18n::strings;

/// The brush's radius, in CSS pixels: about a fingertip.
const BRUSH_RADIUS: f64 = 18.0;
/// A tap on 直接查看结果 this soon after it took the draw button's place is the
/// second tap of a double tap on the draw button, not a wish to skip.
const SHOW_GUARD_MS: f64 = 600.0;

#[derive(Properties, PartialEq)]
pub struct ScratchCardProps {
    pub page: SharedPage<LotteryPage>,
    pub locale: Locale,
    /// The server's result, once it has answered: the card to scratch.
    pub result: Option<Won>,
    pub on_stopped: Callback<Won>,
    pub button: String,
    pub busy: bool,
    pub on_draw: Callback<MouseEvent>,
}

/// What the card shows.
#[derive(Debug, Clone, PartialEq)]
enum Card {
    /// The cover, with nothing under it yet.
    Covered,
    /// The server's result under the cover, being scratched.
    Scratching(Won),
    /// The result, uncovered.
    Revealed(Won),
}

/// What the pointer handlers need between events, outside Yew's state so that
/// a burst of moves sees each other's effects before the next render.
struct Surface {
    cover: ScratchCover,
    /// The cover's size in CSS pixels when it was painted.
    size: (f64, f64),
    /// Where the current stroke is, while a pointer is down.
    stroke: Option<(f64, f64)>,
    /// Whether strokes scratch: only between the answer and the reveal.
    live: bool,
    /// When 直接查看结果 appeared (`Date.now()`).
    live_since: f64,
}

#[function_component]
pub fn ScratchCard(props: &ScratchCardProps) -> Html {
    let text = &strings(props.locale).lottery;
    let card = use_state(|| Card::Covered);
    let touched = use_state(|| false);
    let canvas = use_node_ref();
    // The card takes the strokes, its frame included: a finger that lands on
    // the frame and slides in scratches too.
    let frame = use_node_ref();
    let surface = use_mut_ref(|| Surface {
        cover: ScratchCover::new(0.0, 0.0),
        size: (0.0, 0.0),
        stroke: None,
        live: false,
        live_since: 0.0,
    });

    // The server's answer puts a result under the cover; the next draw covers
    // the last result again.
    {
        let card = card.clone();
        let touched = touched.clone();
        let surface = surface.clone();
        // The result as last seen here, to tell a new answer (none before)
        // from the one just revealed, which the page still passes for a moment.
        let seen = use_mut_ref(|| None::<Won>);
        use_effect_with(
            (props.result.clone(), props.busy, (*card).clone()),
            move |(result, busy, current)| {
                let fresh = result.is_some() && seen.borrow().is_none();
                seen.replace(result.clone());
                match (result, current) {
                    (Some(result), Card::Covered) => {
                        let mut surface = surface.borrow_mut();
                        surface.live = true;
                        surface.live_since = js_sys::Date::now();
                        card.set(Card::Scratching(result.clone()));
                    }
                    // Asking again, or (in demo mode, which asks nobody) an
                    // answer straight away: cover the last result first.
                    (None, Card::Revealed(_)) if *busy => {
                        touched.set(false);
                        card.set(Card::Covered);
                    }
                    (Some(_), Card::Revealed(_)) if fresh => {
                        touched.set(false);
                        card.set(Card::Covered);
                    }
                    _ => {}
                }
            },
        );
    }
    // A covered card gets a whole cover, painted at the screen's pixel ratio.
    {
        let canvas = canvas.clone();
        let surface = surface.clone();
        let covered = *card == Card::Covered;
        use_effect_with(covered, move |covered| {
            if *covered {
                if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                    let size = paint_cover(&canvas);
                    let mut surface = surface.borrow_mut();
                    surface.cover = ScratchCover::new(size.0, size.1);
                    surface.size = size;
                    surface.stroke = None;
                }
            }
        });
    }
    // While a card is live, a finger on it scratches and never scrolls the
    // page. Yew's own touch listeners are passive, so this one is the page's.
    {
        let frame = frame.clone();
        let surface = surface.clone();
        use_effect_with((), move |()| {
            let listener = frame.cast::<Element>().map(|frame| {
                EventListener::new_with_options(
                    &frame,
                    "touchmove",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        if surface.borrow().live {
                            event.prevent_default();
                        }
                    },
                )
            });
            move || drop(listener)
        });
    }
    // The draw button becomes 直接查看结果 in place (the same element), so one
    // who drew from the keyboard or a screen reader keeps the focus on it.
    let scratching = matches!(*card, Card::Scratching(_));

    let reveal = {
        let card = card.clone();
        let surface = surface.clone();
        let on_stopped = props.on_stopped.clone();
        let current = (*card).clone();
        Rc::new(move || {
            {
                let mut surface = surface.borrow_mut();
                if !surface.live {
                    return;
                }
                surface.live = false;
                surface.stroke = None;
            }
            if let Card::Scratching(result) = &current {
                card.set(Card::Revealed(result.clone()));
                on_stopped.emit(result.clone());
            }
        })
    };
    // Scratches from the last point of the stroke to `point` (from `point`
    // itself when the stroke starts), and reveals once enough is off.
    let scratch_to = {
        let canvas = canvas.clone();
        let surface = surface.clone();
        let reveal = reveal.clone();
        let share = props.page.reveal_share();
        Rc::new(move |event: &PointerEvent, starts: bool| {
            let Some(element) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let done = {
                let mut surface = surface.borrow_mut();
                if !surface.live || (!starts && surface.stroke.is_none()) {
                    return;
                }
                // In the painted cover's pixels, should the card have been
                // resized since (a phone turned on its side).
                let (width, height) = surface.size;
                let across = |offset: i32, now: i32, painted: f64| {
                    f64::from(offset) * painted / f64::from(now.max(1))
                };
                let point = (
                    across(event.offset_x(), element.client_width(), width),
                    across(event.offset_y(), element.client_height(), height),
                );
                let from = if starts {
                    point
                } else {
                    surface.stroke.unwrap_or(point)
                };
                surface.stroke = Some(point);
                surface.cover.scratch(from, point, BRUSH_RADIUS);
                erase(&element, from, point);
                surface.cover.reveals_at(share)
            };
            if done {
                reveal();
            }
        })
    };
    let onpointerdown = {
        let scratch_to = scratch_to.clone();
        let touched = touched.clone();
        let frame = frame.clone();
        let live = scratching;
        Callback::from(move |event: PointerEvent| {
            if !live {
                return;
            }
            event.prevent_default();
            // Moves off the card still belong to this stroke.
            if let Some(frame) = frame.cast::<Element>() {
                frame.set_pointer_capture(event.pointer_id()).ok();
            }
            if !*touched {
                touched.set(true);
            }
            scratch_to(&event, true);
        })
    };
    let onpointermove = {
        let scratch_to = scratch_to.clone();
        let live = scratching;
        Callback::from(move |event: PointerEvent| {
            if live {
                event.prevent_default();
                scratch_to(&event, false);
            }
        })
    };
    let onpointerup = {
        let surface = surface.clone();
        Callback::from(move |_: PointerEvent| surface.borrow_mut().stroke = None)
    };
    let on_button = {
        let on_draw = props.on_draw.clone();
        let surface = surface.clone();
        let reveal = reveal.clone();
        Callback::from(move |event: MouseEvent| {
            if !scratching {
                on_draw.emit(event);
                return;
            }
            let since = surface.borrow().live_since;
            if js_sys::Date::now() - since >= SHOW_GUARD_MS {
                reveal();
            }
        })
    };
    let (under, revealed) = match &*card {
        Card::Covered => (None, false),
        Card::Scratching(result) => (Some(result), false),
        Card::Revealed(result) => (Some(result), true),
    };
    let image = under
        .and_then(|result| props.page.prize(&result.prize))
        .and_then(|prize| prize.image.as_ref());
    let state = match &*card {
        Card::Covered => "covered",
        Card::Scratching(_) => "scratching",
        Card::Revealed(_) => "revealed",
    };
    let (label, class, disabled) = if scratching {
        (text.scratch_show.to_owned(), "ck-button-quiet", false)
    } else {
        (props.button.clone(), "", props.busy)
    };
    html! {
        <div class="ck-scratch-board">
            <div ref={frame} class={classes!("ck-scratch-card", scratching.then_some("ck-scratch-live"))}
                data-state={state} data-prize={under.map(|result| result.prize.clone())}
                {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup}>
                // What the cover hides is announced by the page's result region
                // once revealed; read out earlier, it would spoil the card.
                <div class={classes!("ck-scratch-result", under.is_some_and(|r| r.blank).then_some("ck-scratch-blank"))}
                    aria-hidden={(!revealed).then_some("true")}>
                    if let Some(result) = under {
                        if let Some(image) = image {
                            <img class="ck-scratch-image" src={image.as_str().to_owned()} alt="" />
                        }
                        if !result.blank {
                            <span class="ck-scratch-caption">{ text.scratch_won }</span>
                        }
                        <span class="ck-scratch-name">{ &result.name }</span>
                    }
                </div>
                <canvas ref={canvas} class={classes!("ck-scratch-cover", revealed.then_some("ck-scratch-cover-off"))}
                    aria-hidden="true" />
                if !revealed && !*touched {
                    <p class="ck-scratch-prompt" aria-hidden="true">{ text.scratch_prompt }</p>
                }
            </div>
            <button type="button" class={classes!("ck-button", "ck-draw-button", class)}
                onclick={on_button} aria-disabled={disabled.to_string()}>
                { label }
            </button>
        </div>
    }
}

/// Paints a whole cover over the canvas's backing store, sized by the
/// screen's pixel ratio within the canvas limit (as posters are); returns its
/// size in CSS pixels.
fn paint_cover(canvas: &HtmlCanvasElement) -> (f64, f64) {
    let css = |side: i32| u32::try_from(side.max(1)).unwrap_or(1);
    let (width, height) = (css(canvas.client_width()), css(canvas.client_height()));
    let ratio = web_sys::window().map_or(2.0, |window| window.device_pixel_ratio());
    let scale = render_scale(width, height, ratio).unwrap_or(1.0);
    let (pixels_wide, pixels_high) = canvas_size(width, height, scale);
    canvas.set_width(pixels_wide);
    canvas.set_height(pixels_high);
    let (w, h) = (f64::from(width), f64::from(height));
    if let Some(context) = context(canvas) {
        // Drawn in CSS pixels; the canvas scales them to device pixels.
        context
            .scale(
                f64::from(pixels_wide) / w.max(1.0),
                f64::from(pixels_high) / h.max(1.0),
            )
            .ok();
        let sheen = context.create_linear_gradient(0.0, 0.0, w, h);
        for (at, colour) in [
            (0.0, "#b4b9c1"),
            (0.35, "#e3e6ea"),
            (0.5, "#c7cbd1"),
            (0.7, "#eef0f2"),
            (1.0, "#aeb3bb"),
        ] {
            sheen.add_color_stop(at, colour).ok();
        }
        context.set_fill_style_canvas_gradient(&sheen);
        context.fill_rect(0.0, 0.0, w, h);
        // A fine diagonal grain, as on a printed card.
        context.set_stroke_style_str("rgba(255,255,255,0.35)");
        context.set_line_width(1.0);
        context.begin_path();
        let mut x = -h;
        while x < w {
            context.move_to(x, h);
            context.line_to(x + h, 0.0);
            x += 6.0;
        }
        context.stroke();
        // From here on, strokes take the cover off, wholly.
        context
            .set_global_composite_operation("destination-out")
            .ok();
        context.set_fill_style_str("#000");
        context.set_stroke_style_str("#000");
        context.set_line_cap("round");
        context.set_line_join("round");
        context.set_line_width(BRUSH_RADIUS * 2.0);
    }
    (w, h)
}

/// Clears the cover along a stroke, as wide as the brush.
fn erase(canvas: &HtmlCanvasElement, from: (f64, f64), to: (f64, f64)) {
    let Some(context) = context(canvas) else {
        return;
    };
    context.begin_path();
    if from == to {
        context
            .arc(from.0, from.1, BRUSH_RADIUS, 0.0, std::f64::consts::TAU)
            .ok();
        context.fill();
    } else {
        context.move_to(from.0, from.1);
        context.line_to(to.0, to.1);
        context.stroke();
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into().ok())
}
