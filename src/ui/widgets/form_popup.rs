//! Draws a form: each field with its label, its input, and what is wrong with it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::ui::app::App;
use crate::ui::chrome::centered;
use crate::ui::form::{Field, FieldKind, Form};

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
    crate::ui::chrome::clear_for_popup(frame, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(format!(" {} ", form.title()))
        .title_bottom(if form.discard_asked {
            " Esc again discards what you typed · any other key goes on "
        } else {
            " Enter save · Esc cancel · Tab next field · Ctrl-K clear "
        });
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    // The warning keeps its rows on a short terminal; the fields scroll instead.
    let warning_rows = if form.warning.is_some() { 3 } else { 0 };
    let [fields_area, warning_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(warning_rows)]).areas(inner);
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

/// The fields of `form`, one under the other, scrolled so the focused one is on screen.
pub fn draw_fields(frame: &mut Frame, area: Rect, app: &App, form: &Form) {
    let fields = form.fields();
    let visible = usize::from(area.height / FIELD_ROWS).max(1);
    let first = crate::ui::layout::scroll_offset(form.focus, visible);
    let shown = fields.iter().enumerate().skip(first).take(visible);
    let rows = Layout::vertical(vec![Constraint::Length(FIELD_ROWS); visible]).split(area);
    for ((index, field), row) in shown.zip(rows.iter()) {
        draw_field(frame, *row, app, field, form.focus == index);
    }
}

/// A choice's options side by side, the chosen one marked; when they do not fit,
/// the chosen one alone between arrows with its place (`‹ Personal › 2/7`).
fn choice_line(app: &App, options: &[String], chosen: usize, width: u16) -> Line<'static> {
    let total: usize = options.iter().map(|o| crate::text::width(o) + 3).sum();
    if total <= usize::from(width) {
        let spans: Vec<Span> = options
            .iter()
            .enumerate()
            .flat_map(|(i, option)| {
                let style = if i == chosen {
                    app.theme.selected()
                } else {
                    app.theme.dim()
                };
                [Span::styled(format!(" {option} "), style), Span::raw(" ")]
            })
            .collect();
        return Line::from(spans);
    }
    let option = options.get(chosen).cloned().unwrap_or_default();
    Line::from(vec![
        Span::styled("‹ ", app.theme.dim()),
        Span::styled(format!(" {option} "), app.theme.selected()),
        Span::styled(
            format!(" › {}/{}", chosen + 1, options.len()),
            app.theme.dim(),
        ),
    ])
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
        FieldKind::Choice(options) => frame.render_widget(
            choice_line(app, options, field.choice, input_area.width),
            input_area,
        ),
        FieldKind::Pick(options, marks)
            if options
                .iter()
                .map(|o| crate::text::width(o) + 6)
                .sum::<usize>()
                > usize::from(input_area.width) =>
        {
            // Too many to show side by side: the one under the cursor, and how many ticked.
            let at = field.choice.min(options.len().saturating_sub(1));
            let mark = if marks.get(at).copied().unwrap_or(false) {
                "[x]"
            } else {
                "[ ]"
            };
            let ticked = marks.iter().filter(|m| **m).count();
            let line = Line::from(vec![
                Span::styled("‹ ", app.theme.dim()),
                Span::styled(
                    format!("{mark} {}", options.get(at).cloned().unwrap_or_default()),
                    if focused {
                        app.theme.selected()
                    } else {
                        Style::new()
                    },
                ),
                Span::styled(
                    format!(" › {}/{} · {ticked} ticked", at + 1, options.len()),
                    app.theme.dim(),
                ),
            ]);
            frame.render_widget(line, input_area);
        }
        FieldKind::Pick(options, marks) => {
            let spans: Vec<Span> = options
                .iter()
                .zip(marks)
                .enumerate()
                .flat_map(|(i, (option, ticked))| {
                    let style = if i == field.choice && focused {
                        app.theme.selected()
                    } else if *ticked {
                        Style::new()
                    } else {
                        app.theme.dim()
                    };
                    let mark = if *ticked { "[x]" } else { "[ ]" };
                    [
                        Span::styled(format!("{mark} {option}"), style),
                        Span::raw("  "),
                    ]
                })
                .collect();
            frame.render_widget(Line::from(spans), input_area);
        }
    }
    let note = match (field.error(), field.date) {
        (Some(error), _) => Span::styled(format!("    ✗ {error}"), app.theme.bad()),
        // A date typed as people say it (`fri`, `+2w`) shows the day it means.
        (None, Some(date)) if focused && field.touched => Span::styled(
            format!(
                "    → {} ({})",
                crate::text::short_date(date, app.today),
                crate::text::relative_day(date, app.today)
            ),
            app.theme.dim(),
        ),
        (None, _) if focused => Span::styled(format!("    {}", field.hint), app.theme.dim()),
        (None, _) => Span::raw(""),
    };
    frame.render_widget(Line::from(note), note_area);
}
