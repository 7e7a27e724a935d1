//! How much of a scratch card is off, measured cheaply.
//!
//! Reading the canvas back (`getImageData`) on every pointer move would copy
//! the whole card each time. Instead the card is a coarse grid of cells, and a
//! stroke marks the cells whose centres its brush passed over: the share of
//! cells marked is the share scratched off, within a cell's width of what the
//! canvas shows. The page compares it with [`LotteryPage::reveal_share`].
//!
//! [`LotteryPage::reveal_share`]: super::LotteryPage::reveal_share

/// Side of one cell, in CSS pixels: fine enough that the share is within a few
/// percent of what the person sees, coarse enough that a stroke touches only a
/// few dozen cells.
pub const SCRATCH_CELL_PX: f64 = 8.0;
/// Most cells along one side, so that a huge card stays cheap to measure.
const MAX_CELLS_PER_SIDE: usize = 128;

/// A scratch card's cover as a grid of cells, each scratched off or not.
#[derive(Debug, Clone, PartialEq)]
pub struct ScratchCover {
    columns: usize,
    rows: usize,
    cell_width: f64,
    cell_height: f64,
    scratched: Vec<bool>,
    count: usize,
}

impl ScratchCover {
    /// A whole cover for a card `width` × `height` CSS pixels. A size that is
    /// not a positive number (a card not laid out yet) gives one cell.
    pub fn new(width: f64, height: f64) -> Self {
        let cells = |side: f64| -> usize {
            if side > 0.0 && side.is_finite() {
                // `as` saturates: never a panic.
                ((side / SCRATCH_CELL_PX).ceil() as usize).clamp(1, MAX_CELLS_PER_SIDE)
            } else {
                1
            }
        };
        let (columns, rows) = (cells(width), cells(height));
        let side = |length: f64, cells: usize| {
            if length > 0.0 && length.is_finite() {
                length / cells as f64
            } else {
                SCRATCH_CELL_PX
            }
        };
        ScratchCover {
            columns,
            rows,
            cell_width: side(width, columns),
            cell_height: side(height, rows),
            scratched: vec![false; columns * rows],
            count: 0,
        }
    }

    /// Scratches along a stroke from `from` to `to` (CSS pixels from the card's
    /// top left; the same point twice for a dab) with a round brush of
    /// `radius`: every cell whose centre lies within `radius` of the stroke is
    /// off. Points off the card scratch what of the brush is on it; a point
    /// that is not a number scratches nothing.
    pub fn scratch(&mut self, from: (f64, f64), to: (f64, f64), radius: f64) {
        let numbers = [from.0, from.1, to.0, to.1, radius];
        if numbers.iter().any(|n| !n.is_finite()) || radius <= 0.0 {
            return;
        }
        // Only the cells under the stroke's bounding box, grown by the brush.
        let span = |a: f64, b: f64, cell: f64, cells: usize| {
            let low = ((a.min(b) - radius) / cell).floor().max(0.0) as usize;
            let high = ((a.max(b) + radius) / cell).ceil().max(0.0) as usize;
            low.min(cells)..high.min(cells)
        };
        let reach = radius * radius;
        for row in span(from.1, to.1, self.cell_height, self.rows) {
            for column in span(from.0, to.0, self.cell_width, self.columns) {
                let centre = (
                    (column as f64 + 0.5) * self.cell_width,
                    (row as f64 + 0.5) * self.cell_height,
                );
                let cell = row * self.columns + column;
                if distance_squared(centre, from, to) <= reach && !self.scratched[cell] {
                    self.scratched[cell] = true;
                    self.count += 1;
                }
            }
        }
    }

    /// The share of the card scratched off, 0 to 1.
    pub fn scratched_share(&self) -> f64 {
        self.count as f64 / self.scratched.len() as f64
    }

    /// Whether enough is off to reveal the result: at least `share` of the card
    /// (the page's [`reveal_share`](super::LotteryPage::reveal_share)).
    pub fn reveals_at(&self, share: f64) -> bool {
        self.scratched_share() >= share
    }
}

/// Squared distance from `point` to the segment `from`–`to`.
fn distance_squared(point: (f64, f64), from: (f64, f64), to: (f64, f64)) -> f64 {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = dx * dx + dy * dy;
    let along = if length > 0.0 {
        (((point.0 - from.0) * dx + (point.1 - from.1) * dy) / length).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let nearest = (from.0 + along * dx, from.1 + along * dy);
    (point.0 - nearest.0).powi(2) + (point.1 - nearest.1).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_cover_is_whole() {
        let cover = ScratchCover::new(320.0, 180.0);
        assert_eq!((cover.columns, cover.rows), (40, 23));
        assert_eq!(cover.scratched_share(), 0.0);
        assert!(!cover.reveals_at(0.5));
    }

    #[test]
    fn a_dab_clears_the_cells_under_the_brush_only() {
        let mut cover = ScratchCover::new(80.0, 80.0);
        // Cells of 8 px, centres at 4, 12, 20...: a 13 px brush at (40, 40)
        // reaches the four centres 4 px off both ways (5.7 px away) and the
        // eight 4 px off one way and 12 the other (12.6 px away), not the four
        // 12 px off both ways (17 px away).
        cover.scratch((40.0, 40.0), (40.0, 40.0), 13.0);
        assert_eq!(cover.count, 4 + 8);
        // The same dab again scratches nothing new.
        cover.scratch((40.0, 40.0), (40.0, 40.0), 13.0);
        assert_eq!(cover.count, 12);
    }

    #[test]
    fn strokes_across_the_card_reveal_it_at_the_share() {
        let (width, height) = (320.0, 180.0);
        let mut cover = ScratchCover::new(width, height);
        // Zigzag strokes 36 px apart with an 18 px brush, as a finger does.
        let mut y = 18.0;
        let mut left = true;
        let mut strokes = 0;
        while !cover.reveals_at(0.5) {
            let (from, to) = if left { (0.0, width) } else { (width, 0.0) };
            cover.scratch((from, y), (to, y), 18.0);
            y += 36.0;
            left = !left;
            strokes += 1;
            assert!(strokes < 10, "it ends: {}", cover.scratched_share());
        }
        // Three strokes clear half of a card five strokes tall.
        assert_eq!(strokes, 3);
        let share = cover.scratched_share();
        assert!((0.5..0.7).contains(&share), "{share}");
        // Scratching everything gets all of it, never more.
        for y in (0..=180).step_by(10) {
            cover.scratch((-50.0, f64::from(y)), (400.0, f64::from(y)), 18.0);
        }
        assert_eq!(cover.scratched_share(), 1.0);
        assert!(cover.reveals_at(0.99));
    }

    #[test]
    fn a_diagonal_stroke_marks_cells_along_it_not_its_whole_box() {
        let mut cover = ScratchCover::new(160.0, 160.0);
        cover.scratch((0.0, 0.0), (160.0, 160.0), 6.0);
        let share = cover.scratched_share();
        // The diagonal cells and their neighbours either side: 58 of 400.
        assert_eq!(share, 58.0 / 400.0);
        assert!(cover.scratched[0] && cover.scratched[cover.scratched.len() - 1]);
        assert!(!cover.scratched[cover.columns - 1], "the top right stays");
    }

    #[test]
    fn nonsense_scratches_nothing_and_never_panics() {
        let mut cover = ScratchCover::new(f64::NAN, -3.0);
        assert_eq!(cover.scratched.len(), 1);
        cover.scratch((f64::NAN, 0.0), (1.0, 1.0), 10.0);
        cover.scratch((0.0, 0.0), (f64::INFINITY, 1.0), 10.0);
        cover.scratch((0.0, 0.0), (1.0, 1.0), -1.0);
        assert_eq!(cover.scratched_share(), 0.0);
        cover.scratch((-1e300, -1e300), (1e300, 1e300), 1e300);
        assert!(cover.scratched_share() <= 1.0);
        let mut huge = ScratchCover::new(1e12, 1e12);
        assert_eq!(
            huge.scratched.len(),
            MAX_CELLS_PER_SIDE * MAX_CELLS_PER_SIDE
        );
        huge.scratch((0.0, 0.0), (0.0, 0.0), 1.0);
        assert_eq!(huge.scratched_share(), 0.0);
    }
}
