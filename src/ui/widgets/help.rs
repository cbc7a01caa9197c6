//! The help overlay, written from the key map itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::ui::app::App;
use crate::ui::keymap::{self, Context};

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for context in keymap::HELP_ORDER {
        lines.push(Line::from(Span::styled(
            context.title(),
            app.theme.header(),
        )));
        for binding in app.keymap.bindings_in(context) {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<14}", binding.keys_label()),
                    app.theme.accent(),
                ),
                Span::raw(binding.help()),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        "Mouse: click selects, wheel scrolls.",
        app.theme.dim(),
    )));
    lines
}

/// ` Keys · j/↓ scroll down · Esc/? close help `: from the keys in force.
fn title(app: &App) -> String {
    format!(" Keys · {} ", app.keymap.overlay_hints(Context::Help))
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let lines = lines(app);
    let max_scroll =
        crate::ui::layout::length(lines.len()).saturating_sub(area.height.saturating_sub(2));
    let paragraph = Paragraph::new(lines)
        .scroll((app.overlay_scroll.min(max_scroll), 0))
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(app.theme.accent())
                .title(title(app)),
        );
    frame.render_widget(paragraph, area);
}
