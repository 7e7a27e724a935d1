//! The wheel: one equal segment per prize, a fixed pointer at the top, and the
//! draw button under it. Spins to the prize the server returned.
//!
//! Each label runs along its segment's radius, from the rim inwards, as wheel
//! renderers set them: every label reads the same way round the wheel (none
//! upside down in the lower half), and a long name has the segment's length
//! rather than its narrow width.

use yew::prelude::*;

use super::BoardProps;
use crate::services::animation::{animate, prefers_reduced_motion};

/// The wheel's radius in SVG units; coordinates are whole numbers so the
/// drawing needs no float formatting.
const RADIUS: f64 = 960.0;
/// Where a label starts, just inside the pointer's tip, and how far inwards
/// it may run before the segments grow too narrow near the centre.
const LABEL_START: i64 = 820;
const LABEL_LENGTH: u32 = 640;
/// Label sizes in SVG units: the largest, and the smallest a long name shrinks to.
const LABEL_SIZE: u32 = 84;
const MIN_LABEL_SIZE: u32 = 40;
/// Full turns before settling, and how long the spin takes.
const TURNS: i64 = 6;
const SPIN_MS: f64 = 4_200.0;

#[function_component]
pub fn PrizeWheel(props: &BoardProps) -> Html {
    let prizes = &props.page.prizes;
    let count = prizes.len().max(1);
    let wheel = use_node_ref();
    // Where the wheel rests, in tenths of a degree, across spins.
    let resting = use_mut_ref(|| 0i64);
    {
        let wheel = wheel.clone();
        let resting = resting.clone();
        let on_stopped = props.on_stopped.clone();
        use_effect_with(
            (props.target, props.result.clone()),
            move |(target, result)| {
                if let (Some(target), Some(result)) = (*target, result.clone()) {
                    // Segment `target` is centred at `target` × segment clockwise of
                    // the top: turn the wheel back by that much, plus whole turns.
                    let segment = 3_600 / count as i64;
                    let start = *resting.borrow();
                    let aim = (3_600 - target as i64 * segment).rem_euclid(3_600);
                    let end = start - start.rem_euclid(3_600) + TURNS * 3_600 + aim;
                    *resting.borrow_mut() = end;
                    let set = move |tenths: i64| {
                        if let Some(element) = wheel.cast::<web_sys::Element>() {
                            element
                                .set_attribute(
                                    "style",
                                    &format!("transform:rotate({}deg)", degrees(tenths)),
                                )
                                .ok();
                        }
                    };
                    if prefers_reduced_motion() {
                        set(end);
                        on_stopped.emit(result);
                    } else {
                        animate(
                            SPIN_MS,
                            move |progress| set(start + ((end - start) as f64 * progress) as i64),
                            move || on_stopped.emit(result),
                        );
                    }
                }
            },
        );
    }
    let segments = prizes.iter().enumerate().map(|(index, prize)| {
        let half = std::f64::consts::PI / count as f64;
        let centre = 2.0 * half * index as f64;
        let (from, to) = (centre - half, centre + half);
        // Angles clockwise from the top: x = sin, y = -cos.
        let point = |angle: f64| ((RADIUS * angle.sin()).round() as i64, (-RADIUS * angle.cos()).round() as i64);
        let (x0, y0) = point(from);
        let (x1, y1) = point(to);
        let path = if count == 1 {
            format!("M0 -{r}A{r} {r} 0 1 1 0 {r}A{r} {r} 0 1 1 0 -{r}Z", r = RADIUS as i64)
        } else {
            format!("M0 0L{x0} {y0}A{r} {r} 0 0 1 {x1} {y1}Z", r = RADIUS as i64)
        };
        let label_angle = degrees((3_600 * index / count) as i64);
        html! {
            <g class={classes!("ck-wheel-segment", (index % 2 == 1).then_some("ck-wheel-segment-alt"))}
                data-prize={prize.id.clone()}>
                <path d={path} />
                // Turned to the segment, moved out to the rim, then a quarter
                // turn so that the text runs towards the centre.
                <text class="ck-wheel-label" text-anchor="start" dominant-baseline="central"
                    font-size={label_size(&prize.name).to_string()}
                    transform={format!("rotate({label_angle}) translate(0 -{LABEL_START}) rotate(90)")}>
                    { &prize.name }
                </text>
            </g>
        }
    });
    html! {
        <div class="ck-wheel-board">
            <div class="ck-wheel-frame">
                <svg class="ck-wheel" viewBox="-1000 -1000 2000 2000" role="img" aria-hidden="true">
                    <g class="ck-wheel-disc" ref={wheel}>
                        { for segments }
                    </g>
                    <circle class="ck-wheel-rim" r="970" />
                    <path class="ck-wheel-pointer" d="M-70 -1000L70 -1000L0 -840Z" />
                </svg>
            </div>
            <button type="button" class="ck-button ck-draw-button" onclick={props.on_draw.clone()}
                aria-disabled={props.busy.to_string()}>
                { &props.button }
            </button>
        </div>
    }
}

/// A label's size: as large as [`LABEL_SIZE`], smaller for a name that would
/// otherwise run past [`LABEL_LENGTH`]. Widths are estimated in tenths of an em
/// (a Chinese character is one em, Latin letters and digits about 0.6, a space
/// 0.3), which is close enough for the fonts phones have and needs no canvas.
fn label_size(name: &str) -> u32 {
    let tenths = name
        .chars()
        .map(|c| match c {
            ' ' => 3,
            c if c.is_ascii() => 6,
            _ => 10,
        })
        .fold(0u32, u32::saturating_add);
    (LABEL_LENGTH * 10 / tenths.max(1)).clamp(MIN_LABEL_SIZE, LABEL_SIZE)
}

/// Tenths of a degree as a number of degrees, e.g. `-1234` → `-123.4`.
pub fn degrees(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.unsigned_abs();
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}
