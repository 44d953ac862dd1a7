//! Walking the 9-box: `h`/`l` (or ←/→) choose the column (performance), `k`/`j` the row
//! (potential) until the cell's people are reached, then `j`/`k` walk its people and Enter opens
//! the one selected. The cell is `(performance, potential)`, 0 low to 2 high.

use super::App;
use crate::domain::assessment::Band;
use crate::domain::insight::talent::NineBox;

const BANDS: [Band; 3] = [Band::Low, Band::Medium, Band::High];

impl App {
    /// The selected cell of the 9-box.
    pub fn nine_box_selected(&self) -> NineBox {
        let (performance, potential) = self.nine_box_cell;
        NineBox {
            performance: BANDS[performance.min(2)],
            potential: BANDS[potential.min(2)],
        }
    }

    /// The people in the selected cell, as (name, id), by name.
    pub fn nine_box_people(&self) -> &[(crate::domain::Text, crate::domain::Text)] {
        self.derived
            .nine_box
            .get(&self.nine_box_selected())
            .map_or(&[], Vec::as_slice)
    }

    /// Opening the grid: the selected cell stays, unless it is empty and another is not; then
    /// the first cell with people, from the star box down.
    pub(super) fn nine_box_arrive(&mut self) {
        if !self.nine_box_people().is_empty() {
            return;
        }
        let order = [2, 1, 0]
            .into_iter()
            .flat_map(|pot| [2, 1, 0].map(|perf| (perf, pot)));
        for cell in order {
            self.nine_box_cell = cell;
            if !self.nine_box_people().is_empty() {
                return;
            }
        }
        self.nine_box_cell = (2, 2);
    }

    /// Left and right move between columns (performance).
    pub(super) fn nine_box_column(&mut self, step: isize) {
        let (performance, potential) = self.nine_box_cell;
        self.nine_box_cell = (
            (performance as isize + step).clamp(0, 2) as usize,
            potential,
        );
        self.item = 0;
        self.list_offset.set(0);
    }

    /// Down walks the cell's people, then the cell below; up walks back, then the cell above.
    pub(super) fn nine_box_step(&mut self, step: isize) {
        let count = self.nine_box_people().len();
        let (performance, potential) = self.nine_box_cell;
        if step > 0 && self.item + 1 < count {
            self.item += 1;
        } else if step < 0 && self.item > 0 {
            self.item -= 1;
        } else if step > 0 && potential > 0 {
            self.nine_box_cell = (performance, potential - 1);
            self.item = 0;
            self.list_offset.set(0);
        } else if step < 0 && potential < 2 {
            self.nine_box_cell = (performance, potential + 1);
            self.item = self.nine_box_people().len().saturating_sub(1);
            self.list_offset.set(0);
        }
    }

    /// The person selected in the 9-box.
    pub(super) fn nine_box_person(&self) -> Option<String> {
        self.nine_box_people()
            .get(self.item)
            .map(|(_, id)| id.to_string())
    }
}
