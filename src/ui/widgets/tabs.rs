//! The pane switcher on narrow terminals.

use strum::IntoEnumIterator;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Tabs;

use crate::ui::Pane;
use crate::ui::app::App;

/// Every pane's number and title; where they do not all fit, the focused one's title and
/// the others' numbers, so no tab falls off the edge.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let full: usize = Pane::iter()
        .map(|p| crate::text::width(p.title()) + 5)
        .sum();
    let fits = full <= usize::from(area.width);
    let titles = Pane::iter().map(|p| {
        if fits || p == app.focus {
            format!("{} {}", p.number(), p.title())
        } else {
            p.number().to_string()
        }
    });
    let selected = Pane::iter().position(|p| p == app.focus);
    let tabs = Tabs::new(titles)
        .select(selected)
        .highlight_style(app.theme.selected())
        .divider("│");
    frame.render_widget(tabs, area);
}
