//! Draws a form: each field with its label, its input, and what is wrong with it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::ui::app::App;
use crate::ui::form::{Field, FieldKind, Form};
use crate::ui::view::centered;

/// Rows each field takes: label line, input line, hint-or-error line.
const FIELD_ROWS: u16 = 3;

/// Rows the fields of `form` take.
pub fn fields_height(form: &Form) -> u16 {
    u16::try_from(form.fields().len())
        .unwrap_or(u16::MAX)
        .saturating_mul(FIELD_ROWS)
}

/// The form as a window over the dashboard.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, form: &Form) {
    let rect = centered(area, 72, fields_height(form) + 5);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(format!(" {} ", form.title()))
        .title_bottom(" Tab next field · Enter save · Esc cancel ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [fields_area, warning_area] =
        Layout::vertical([Constraint::Length(fields_height(form)), Constraint::Min(0)])
            .areas(inner);
    draw_fields(frame, fields_area, app, form);
    if let Some(warning) = &form.warning {
        let style = if warning.needs_confirming() {
            app.theme.bad()
        } else {
            app.theme.warn()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(warning.to_string(), style)).wrap(Wrap { trim: true }),
            warning_area,
        );
    }
}

/// The fields of `form`, one under the other.
pub fn draw_fields(frame: &mut Frame, area: Rect, app: &App, form: &Form) {
    let fields = form.fields();
    let rows = Layout::vertical(vec![Constraint::Length(FIELD_ROWS); fields.len()]).split(area);
    for (index, (field, row)) in fields.iter().zip(rows.iter()).enumerate() {
        draw_field(frame, *row, app, field, form.focus == index);
    }
}

fn draw_field(frame: &mut Frame, area: Rect, app: &App, field: &Field, focused: bool) {
    let [label_area, input_area, note_area] =
        Layout::vertical([Constraint::Length(1); 3]).areas(area);
    let label_style = if focused {
        app.theme.accent()
    } else {
        Style::new()
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
    let note = match field.error() {
        Some(error) => Span::styled(format!("    ✗ {error}"), app.theme.bad()),
        None if focused => Span::styled(format!("    {}", field.hint), app.theme.dim()),
        None => Span::raw(""),
    };
    frame.render_widget(Line::from(note), note_area);
}
