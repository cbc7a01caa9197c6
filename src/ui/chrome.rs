//! What every pane and window is drawn in: a pane's titled border, and a window's place,
//! centred and cleared over the dashboard. Below the panes and widgets that use it and the
//! view that lays them out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, BorderType, Borders, Clear};

use super::Pane;
use super::app::App;

/// A bordered block titled with the pane's number and name, bright when focused.
pub fn pane_block(app: &App, pane: Pane, extra: &str) -> Block<'static> {
    let focused = app.focus == pane;
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(app.theme.border(focused))
        .title(format!(" {} {} {extra}", pane.number(), pane.title()))
}

/// Empties `rect` for a window over the dashboard. A double-width character just left of
/// it would be drawn by the terminal over the window's left border, so it is blanked too.
pub fn clear_for_popup(frame: &mut Frame, rect: Rect) {
    frame.render_widget(Clear, rect);
    if rect.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in rect.y..rect.bottom().min(buffer.area.bottom()) {
        let cell = &mut buffer[(rect.x - 1, y)];
        if crate::text::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// A rectangle of at most `width` × `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, center, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width.min(area.width)),
        Constraint::Fill(1),
    ])
    .areas(middle);
    center
}
