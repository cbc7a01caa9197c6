//! Moving around: the selection in each pane, the filter, the mouse.

use strum::{EnumCount, IntoEnumIterator};

use super::{Action, App, Pane, layout};

impl App {
    /// While filtering, keys type into the filter; it applies as you type.
    /// While a filter is typed: keep it, clear it, move through the matches, or type.
    pub(super) fn act_on_filter(&mut self, action: Action) {
        match action {
            Action::KeepFilter => self.filter_input = None,
            Action::ClearFilter => {
                self.filter_input = None;
                self.set_filter(String::new());
            }
            // Move through the matches without leaving the filter.
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::Input(key) => {
                let Some(input) = self.filter_input.as_mut() else {
                    return;
                };
                input.input(key);
                let text = input.lines().join(" ");
                self.set_filter(text);
            }
            _ => {}
        }
    }

    pub(super) fn set_filter(&mut self, text: String) {
        self.portfolio.filter = text;
        self.portfolio
            .apply_filter(self.store.book(), &self.derived);
        // The best match is the one picked, so Enter opens what was meant.
        if !self.portfolio.filter.trim().is_empty() || self.selected_position(self.focus).is_none()
        {
            self.selected = self.portfolio.rows.first().copied().or(self.selected);
        }
    }

    /// Visible data rows of a pane's list, for paging.
    pub(super) fn page_size(&self, pane: Pane) -> usize {
        self.areas()
            .pane(pane)
            .map_or(10, layout::table_rows)
            .max(1)
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        let pane = self.focus;
        let list = self.pane_clients(pane);
        if list.is_empty() {
            return;
        }
        let target = match self.selected_position(pane) {
            Some(position) => position.saturating_add_signed(delta).min(list.len() - 1),
            None => 0,
        };
        self.select_row(pane, target);
    }

    /// Selects the client of row `position` of a pane's list.
    fn select_row(&mut self, pane: Pane, position: usize) {
        let Some(index) = self.pane_clients(pane).get(position).copied() else {
            return;
        };
        self.selected = Some(index);
        if pane == Pane::Checkins {
            self.agenda_cursor = position;
        }
    }

    pub(super) fn jump(&mut self, to_end: bool) {
        let count = self.pane_clients(self.focus).len();
        if count > 0 {
            self.select_row(self.focus, if to_end { count - 1 } else { 0 });
        }
    }

    /// Enters a pane: keeps the selection if the client is listed there, else its first row.
    pub(super) fn focus_pane(&mut self, pane: Pane) {
        self.focus = pane;
        if pane == Pane::Pipeline {
            let (column, row) = self.board_cursor;
            return self.board_select(column, row);
        }
        match self.selected_position(pane) {
            Some(position) => self.select_row(pane, position),
            None => self.select_row(pane, 0),
        }
    }

    /// A click focuses the pane under it and selects the row it hits.
    pub(super) fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if let Some(tabs) = areas.tabs.filter(|t| t.y == row) {
            let width = (tabs.width / layout::length(Pane::COUNT)).max(1);
            let slot = usize::from(column.saturating_sub(tabs.x) / width);
            if let Some(pane) = Pane::iter().nth(slot) {
                self.focus_pane(pane);
            }
            return;
        }
        let Some((pane, frame)) = areas.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        let inner_top = frame.y + 1;
        let (header_rows, list_len, visible) = match pane {
            Pane::Portfolio | Pane::Priority => {
                (1, self.pane_clients(pane).len(), layout::table_rows(frame))
            }
            Pane::Checkins => (
                0,
                self.portfolio.agenda_rows.len(),
                layout::list_rows(frame),
            ),
            Pane::Quota | Pane::Pipeline => return,
        };
        let Some(offset_row) = row.checked_sub(inner_top + header_rows) else {
            return;
        };
        let selected_row = match pane {
            Pane::Checkins => self.selected_checkin_row(),
            _ => self.selected_position(pane),
        }
        .unwrap_or(0);
        let offset = layout::scroll_offset(selected_row, visible);
        let clicked = offset + usize::from(offset_row);
        if clicked >= list_len || usize::from(offset_row) >= visible {
            return;
        }
        match pane {
            Pane::Checkins => {
                if self.portfolio.agenda_rows[clicked].client().is_some() {
                    let position = self.portfolio.agenda_rows[..clicked]
                        .iter()
                        .filter(|row| row.client().is_some())
                        .count();
                    self.select_row(pane, position);
                }
            }
            _ => self.select_row(pane, clicked),
        }
    }
}
