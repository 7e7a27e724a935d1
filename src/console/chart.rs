//! Charts drawn as SVG by the console's own code: a daily trend of several
//! series, and horizontal bars. Each carries its numbers as text too, so a
//! screen reader (and a test) reads what a sighted person sees.

use yew::prelude::*;

/// One line of a trend chart.
#[derive(Clone, PartialEq)]
pub struct Series {
    pub name: &'static str,
    /// CSS class giving its colour.
    pub class: &'static str,
    pub values: Vec<u64>,
}

#[derive(Properties, PartialEq)]
pub struct TrendProps {
    /// What the chart shows, for screen readers.
    pub label: String,
    /// `YYYY-MM-DD` per point.
    pub days: Vec<String>,
    pub series: Vec<Series>,
}

// The plot's own units: the SVG stretches to its box, so its labels are
// HTML beside it, never text in it that would stretch too.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
const TOP: f64 = 4.0;

/// Lines over days, with the scale's top and the first and last day marked.
#[function_component]
pub fn Trend(props: &TrendProps) -> Html {
    let most = props
        .series
        .iter()
        .flat_map(|series| series.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let points = props.days.len().max(2) as f64 - 1.0;
    let x = |index: usize| WIDTH * index as f64 / points;
    let y = |value: u64| TOP + (HEIGHT - TOP) * (1.0 - value as f64 / most as f64);
    let lines = props.series.iter().map(|series| {
        let path: Vec<String> = series
            .values
            .iter()
            .enumerate()
            .map(|(index, value)| format!("{:.1},{:.1}", x(index), y(*value)))
            .collect();
        html! {
            <polyline class={classes!("ck-chart-line", series.class)} fill="none"
                points={path.join(" ")} />
        }
    });
    let first = props.days.first().cloned().unwrap_or_default();
    let last = props.days.last().cloned().unwrap_or_default();
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    html! {
        <figure class="ck-chart">
            <div class="ck-chart-plot">
                <span class="ck-chart-tick ck-chart-top" aria-hidden="true">{ most }</span>
                <span class="ck-chart-tick ck-chart-zero" aria-hidden="true">{ "0" }</span>
                <svg viewBox={view_box} role="img" aria-label={props.label.clone()} preserveAspectRatio="none">
                    <line class="ck-chart-axis" x1="0" y1={HEIGHT.to_string()}
                        x2={WIDTH.to_string()} y2={HEIGHT.to_string()} />
                    { for lines }
                </svg>
            </div>
            <div class="ck-chart-days" aria-hidden="true">
                <span class="ck-chart-tick">{ first.get(5..).unwrap_or_default().to_owned() }</span>
                <span class="ck-chart-tick">{ last.get(5..).unwrap_or_default().to_owned() }</span>
            </div>
            <figcaption class="ck-chart-legend">
                { for props.series.iter().map(|series| html! {
                    <span class={classes!("ck-chart-key", series.class)}>
                        { series.name }{ " " }{ series.values.iter().sum::<u64>() }
                    </span>
                }) }
            </figcaption>
        </figure>
    }
}

/// One bar of a bar list.
#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// Shown after the value, e.g. `32%`.
    pub note: Option<String>,
    /// Marks the bar for tests and styles (`data-value`).
    pub key: String,
}

#[derive(Properties, PartialEq)]
pub struct BarsProps {
    pub bars: Vec<Bar>,
    /// The scale's top; the largest bar when `None`.
    #[prop_or_default]
    pub out_of: Option<u64>,
}

/// Horizontal bars, as a list whose items say their numbers.
#[function_component]
pub fn Bars(props: &BarsProps) -> Html {
    let most = props
        .out_of
        .unwrap_or_else(|| props.bars.iter().map(|bar| bar.value).max().unwrap_or(0))
        .max(1);
    html! {
        <ul class="ck-bars">
            { for props.bars.iter().map(|bar| {
                let width = format!("width: {:.1}%", (bar.value as f64 / most as f64 * 100.0).min(100.0));
                html! {
                    <li class="ck-bar" data-value={bar.key.clone()} data-count={bar.value.to_string()}>
                        <span class="ck-bar-label">{ &bar.label }</span>
                        <span class="ck-bar-track" aria-hidden="true"><span class="ck-bar-fill" style={width}></span></span>
                        <span class="ck-bar-value">
                            { bar.value }
                            if let Some(note) = &bar.note {
                                <span class="ck-bar-note">{ " · " }{ note }</span>
                            }
                        </span>
                    </li>
                }
            }) }
        </ul>
    }
}

/// `part` of `whole` in whole percent; `None` when there is no whole.
pub fn percent(part: u64, whole: u64) -> Option<String> {
    (whole > 0).then(|| format!("{}%", (part as f64 * 100.0 / whole as f64).round()))
}
