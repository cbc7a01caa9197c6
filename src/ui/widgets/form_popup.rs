//! Draws a form: each field with its label, its input, and what is wrong with it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::ui::app::App;
use crate::ui::form::{FieldKind, Form};
use crate::ui::view::centered;

/// Rows each field takes: label line, input line, hint-or-error line.
const FIELD_ROWS: u16 = 3;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, form: &Form) {
    let height = form.fields.len() as u16 * FIELD_ROWS + 5;
    let rect = centered(area, 72, height);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(format!(" {} ", form.title))
        .title_bottom(" Tab next field · Enter save · Esc cancel ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut constraints: Vec<Constraint> = form
        .fields
        .iter()
        .map(|_| Constraint::Length(FIELD_ROWS))
        .collect();
    constraints.push(Constraint::Min(0));
    let rows = Layout::vertical(constraints).split(inner);
    for (index, field) in form.fields.iter().enumerate() {
        let area = rows[index];
        let focused = form.focus == index;
        let [label_area, input_area, note_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let label_style = if focused {
            app.theme.accent()
        } else {
            ratatui::style::Style::new()
        };
        let marker = if focused { "▶ " } else { "  " };
        frame.render_widget(
            Line::from(Span::styled(
                format!("{marker}{}", field.label),
                label_style,
            )),
            label_area,
        );
        let [_, input_area] =
            Layout::horizontal([Constraint::Length(4), Constraint::Min(0)]).areas(input_area);
        match &field.kind {
            FieldKind::Text => frame.render_widget(&field.input, input_area),
            FieldKind::Choice(options) => {
                let spans: Vec<Span> = options
                    .iter()
                    .enumerate()
                    .flat_map(|(i, option)| {
                        let style = if i == field.choice {
                            app.theme.selected()
                        } else {
                            app.theme.dim()
                        };
                        [Span::styled(format!(" {option} "), style), Span::raw(" ")]
                    })
                    .collect();
                frame.render_widget(Line::from(spans), input_area);
            }
        }
        let note = match &field.error {
            Some(error) => Span::styled(format!("    ✗ {error}"), app.theme.bad()),
            None if focused => Span::styled(format!("    {}", field.hint), app.theme.dim()),
            None => Span::raw(""),
        };
        frame.render_widget(Line::from(note), note_area);
    }
    if let Some(note) = &form.note {
        let style = if note.starts_with("Over") {
            app.theme.bad()
        } else {
            app.theme.warn()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(note.clone(), style)).wrap(Wrap { trim: true }),
            rows[form.fields.len()],
        );
    }
}
