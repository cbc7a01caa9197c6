//! Where everything goes for a given terminal size. Pure, so the mouse handler and the
//! renderer agree on what is where.

use ratatui::layout::{Constraint, Layout, Rect};

use super::Pane;

/// Below this the dashboard cannot draw anything useful and says so.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this size on, all four panes are visible at once.
pub const GRID_WIDTH: u16 = 100;
pub const GRID_HEIGHT: u16 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Areas {
    pub title: Rect,
    /// The tab bar, when the panes take turns (narrow terminals).
    pub tabs: Option<Rect>,
    pub body: Rect,
    pub status: Rect,
    /// The panes on screen and their frames.
    pub panes: Vec<(Pane, Rect)>,
}

impl Areas {
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        self.panes.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r)
    }

    pub fn pane_at(&self, column: u16, row: u16) -> Option<(Pane, Rect)> {
        self.panes
            .iter()
            .copied()
            .find(|(_, r)| r.contains(ratatui::layout::Position::new(column, row)))
    }
}

/// A count of rows or columns as a terminal length (saturating: no terminal is that big).
pub fn length(count: usize) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

pub fn is_grid(size: Rect) -> bool {
    size.width >= GRID_WIDTH && size.height >= GRID_HEIGHT
}

/// Areas for the dashboard; in narrow terminals, or `zoomed`, only the focused pane is
/// laid out.
pub fn areas(size: Rect, focus: Pane, zoomed: bool) -> Areas {
    let grid = is_grid(size) && !zoomed;
    let [title, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(size);
    let [middle, status] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(rest);
    if grid && focus != Pane::Pipeline {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(middle);
        let [priority, checkins, quota] = Layout::horizontal([
            Constraint::Ratio(1, 3),
            Constraint::Ratio(1, 3),
            Constraint::Ratio(1, 3),
        ])
        .areas(bottom);
        Areas {
            title,
            tabs: None,
            body: middle,
            status,
            panes: vec![
                (Pane::Portfolio, top),
                (Pane::Priority, priority),
                (Pane::Checkins, checkins),
                (Pane::Quota, quota),
            ],
        }
    } else {
        let [tabs, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(middle);
        Areas {
            title,
            tabs: Some(tabs),
            body,
            status,
            panes: vec![(focus, body)],
        }
    }
}

/// Rows of data a bordered table with a header row shows in `frame`.
pub fn table_rows(frame: Rect) -> usize {
    usize::from(frame.height.saturating_sub(3))
}

/// Rows a bordered list shows in `frame`.
pub fn list_rows(frame: Rect) -> usize {
    usize::from(frame.height.saturating_sub(2))
}

/// The first row to show so that `selected` is visible in `visible` rows.
pub fn scroll_offset(selected: usize, visible: usize) -> usize {
    if visible == 0 {
        return selected;
    }
    (selected + 1).saturating_sub(visible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_get_all_four_panes() {
        let a = areas(Rect::new(0, 0, 120, 40), Pane::Quota, false);
        assert_eq!(a.panes.len(), 4);
        assert!(a.tabs.is_none());
        assert_eq!(a.pane(Pane::Portfolio).unwrap().width, 120);
    }

    #[test]
    fn the_pipeline_board_takes_the_whole_body_with_the_tabs_in_any_size() {
        for size in [Rect::new(0, 0, 120, 40), Rect::new(0, 0, 60, 20)] {
            let a = areas(size, Pane::Pipeline, false);
            assert_eq!(a.panes, vec![(Pane::Pipeline, a.body)]);
            assert!(a.tabs.is_some(), "the tabs say how to get back");
        }
    }

    #[test]
    fn a_zoomed_pane_has_the_screen_to_itself() {
        let a = areas(Rect::new(0, 0, 160, 45), Pane::Priority, true);
        assert_eq!(a.panes, vec![(Pane::Priority, a.body)]);
        assert_eq!(a.body.width, 160);
    }

    #[test]
    fn narrow_terminals_show_the_focused_pane_with_tabs() {
        let a = areas(Rect::new(0, 0, 60, 20), Pane::Checkins, false);
        assert_eq!(a.panes, vec![(Pane::Checkins, a.body)]);
        assert!(a.tabs.is_some());
    }

    #[test]
    fn offsets_keep_the_selection_visible() {
        assert_eq!(scroll_offset(0, 10), 0);
        assert_eq!(scroll_offset(9, 10), 0);
        assert_eq!(scroll_offset(10, 10), 1);
        assert_eq!(scroll_offset(5, 0), 5);
    }
}
