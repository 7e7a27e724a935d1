//! 九宫格: the prizes in the eight cells around a centre draw button, lit in
//! turn and slowing down until the light rests on the server's prize.

use campaign_core::lottery::grid_cells;
use yew::prelude::*;

use super::BoardProps;
use crate::services::animation::{animate, prefers_reduced_motion};

/// Cells of the 3×3 grid (row by row) in the order the light runs round.
const RING: [usize; 8] = [0, 1, 2, 5, 8, 7, 6, 3];
const ROUNDS: usize = 4;
const RUN_MS: f64 = 4_000.0;

#[function_component]
pub fn PrizeGrid(props: &BoardProps) -> Html {
    let page = &props.page;
    // Which prize each step of the ring shows.
    let cells = use_memo(page.clone(), |page| grid_cells(&page.prizes));
    let lit = use_state(|| None::<usize>);
    {
        let lit = lit.clone();
        let cells = cells.clone();
        let on_stopped = props.on_stopped.clone();
        use_effect_with(
            (props.target, props.result.clone()),
            move |(target, result)| {
                if let (Some(target), Some(result)) = (*target, result.clone()) {
                    let from = (*lit).unwrap_or(0);
                    // The first ring step after a few full rounds that shows the prize.
                    let stop = (0..RING.len())
                        .map(|ahead| (from + ahead) % RING.len())
                        .find(|&step| cells.get(step) == Some(&target))
                        .unwrap_or(from);
                    let steps = ROUNDS * RING.len() + (stop + RING.len() - from) % RING.len();
                    if prefers_reduced_motion() {
                        lit.set(Some(stop));
                        on_stopped.emit(result);
                    } else {
                        let shown = lit.clone();
                        animate(
                            RUN_MS,
                            move |progress| {
                                let step = (from + (steps as f64 * progress) as usize) % RING.len();
                                if *shown != Some(step) {
                                    shown.set(Some(step));
                                }
                            },
                            move || {
                                lit.set(Some(stop));
                                on_stopped.emit(result);
                            },
                        );
                    }
                }
            },
        );
    }
    let mut squares: Vec<Html> = Vec::with_capacity(9);
    for square in 0..9 {
        if square == 4 {
            squares.push(html! {
                <button type="button" class="ck-grid-button" onclick={props.on_draw.clone()}
                    aria-disabled={props.busy.to_string()}>
                    { &props.button }
                </button>
            });
            continue;
        }
        let step = RING.iter().position(|&cell| cell == square).unwrap_or(0);
        let prize = cells.get(step).and_then(|&index| page.prizes.get(index));
        let on = *lit == Some(step);
        squares.push(html! {
            <div class={classes!("ck-grid-cell", on.then_some("ck-grid-cell-lit"), prize.is_some_and(|p| p.blank).then_some("ck-grid-cell-blank"))}
                data-prize={prize.map(|p| p.id.clone())} data-lit={on.then_some("true")}>
                if let Some(image) = prize.and_then(|p| p.image.as_ref()) {
                    <img class="ck-grid-image" src={image.as_str().to_owned()} alt="" />
                }
                <span class="ck-grid-name">{ prize.map(|p| p.name.as_str()).unwrap_or_default() }</span>
            </div>
        });
    }
    html! { <div class="ck-grid" aria-hidden="false">{ for squares }</div> }
}
