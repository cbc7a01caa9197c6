//! "Go to client": the query typed, and the clients it finds, best first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::text::truncate;
use crate::ui::app::App;
use crate::ui::chrome::centered;
use crate::ui::modal::Finder;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, finder: &Finder) {
    let height = area.height.saturating_sub(4).clamp(5, 16);
    let rect = centered(area, 64, height);
    crate::ui::chrome::clear_for_popup(frame, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(match &finder.add_person {
            Some((_, email)) => format!(" Add {email} to which client? "),
            None => " Go to client ".to_string(),
        })
        .title_bottom(" Enter open · ↑/↓ pick · Esc close ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [input_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Line::from(vec![
            Span::styled("› ", app.theme.accent()),
            Span::raw(format!("{}▏", finder.query())),
        ]),
        input_area,
    );
    let matches = app.finder_matches(&finder.query());
    let visible = usize::from(list_area.height);
    let offset = crate::ui::layout::scroll_offset(finder.selected, visible);
    let width = usize::from(list_area.width);
    let lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(row, (index, source))| {
            let client = &app.book().clients[*index];
            let hint = source.hint().map(|h| format!(" · {h}")).unwrap_or_default();
            let text = truncate(&format!("{} ({}){hint}", client.name, client.id), width);
            if row == finder.selected {
                Line::from(Span::styled(text, app.theme.selected()))
            } else {
                Line::from(text)
            }
        })
        .collect();
    let shown = if lines.is_empty() {
        vec![Line::from(Span::styled(
            "no client matches",
            app.theme.dim(),
        ))]
    } else {
        lines
    };
    frame.render_widget(Paragraph::new(shown), list_area);
}
