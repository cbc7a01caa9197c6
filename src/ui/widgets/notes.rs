//! The multi-line notes editor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders};

use crate::ui::app::App;
use crate::ui::chrome::centered;
use crate::ui::modal::NotesEditor;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, editor: &NotesEditor) {
    let rect = centered(area, 90, area.height.saturating_sub(4).max(8));
    crate::ui::chrome::clear_for_popup(frame, rect);
    let changed = if editor.changed() { " · changed" } else { "" };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(format!(" Notes on {}{changed} ", editor.base.name))
        .title_bottom(" Ctrl-S save · Esc close · Ctrl-U undo typing ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(&editor.input, inner);
}
