//! The pane switcher on narrow terminals.

use strum::IntoEnumIterator;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Tabs;

use crate::ui::Pane;
use crate::ui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let titles = Pane::iter().map(|p| format!("{} {}", p.number(), p.title()));
    let selected = Pane::iter().position(|p| p == app.focus);
    let tabs = Tabs::new(titles)
        .select(selected)
        .highlight_style(app.theme.selected())
        .divider("│");
    frame.render_widget(tabs, area);
}
