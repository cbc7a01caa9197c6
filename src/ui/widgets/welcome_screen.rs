//! The first-run screen: where the book will live and how to start it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::ui::app::App;
use crate::ui::chrome::centered;
use crate::ui::first_run::Welcome;
use crate::ui::form::Form;
use crate::ui::widgets::form_popup;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, welcome: &Welcome) {
    let box_area = centered(area, 76, 20);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(" Welcome to konto ");
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let intro = vec![
        Line::from("konto keeps your whole book of business in one file, at:"),
        Line::from(Span::styled(
            format!("  {}", app.location.path.display()),
            app.theme.accent(),
        )),
        Line::from("There is no book there yet. Nothing is written until you choose."),
        Line::from(""),
    ];
    match welcome {
        Welcome::Choose => {
            // The choices, the way out among them, keep their rows however small the
            // screen: the explanation above them gives way first.
            let roomy = inner.width >= 60 && inner.height >= 10;
            let mut choices = if roomy {
                vec![
                    Line::from(vec![
                        Span::styled("  s ", app.theme.accent()),
                        Span::raw("start from the sample book (a copy to play with)"),
                    ]),
                    Line::from(vec![
                        Span::styled("  e ", app.theme.accent()),
                        Span::raw("start an empty book (your name, currency, quota)"),
                    ]),
                    Line::from(vec![
                        Span::styled("  q ", app.theme.accent()),
                        Span::raw("quit without writing anything"),
                    ]),
                ]
            } else {
                vec![Line::from(vec![
                    Span::styled("s", app.theme.accent()),
                    Span::raw(" sample · "),
                    Span::styled("e", app.theme.accent()),
                    Span::raw(" empty book · "),
                    Span::styled("q", app.theme.accent()),
                    Span::raw(" quit"),
                ])]
            };
            if let Some(message) = &app.message {
                choices.push(Line::from(Span::styled(message.clone(), app.theme.bad())));
            }
            let rows = u16::try_from(choices.len()).unwrap_or(u16::MAX);
            let [intro_area, choices_area] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(rows)]).areas(inner);
            frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), intro_area);
            frame.render_widget(
                Paragraph::new(choices).wrap(Wrap { trim: false }),
                choices_area,
            );
        }
        Welcome::NewBook(form) => draw_form(frame, inner, app, form, intro),
    }
}

fn draw_form(frame: &mut Frame, area: Rect, app: &App, form: &Form, intro: Vec<Line>) {
    // The footer keeps its lines on a short terminal; the fields scroll instead.
    let footer_rows = if app.message.is_some() { 2 } else { 1 };
    let [intro_area, fields_area, footer_area] = Layout::vertical([
        Constraint::Length(u16::try_from(intro.len()).unwrap_or(u16::MAX)),
        Constraint::Max(form_popup::fields_height(form)),
        Constraint::Length(footer_rows),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), intro_area);
    form_popup::draw_fields(frame, fields_area, app, form);
    let mut footer = vec![Line::from(Span::styled(
        "Tab next field · Enter create the book · Esc back",
        app.theme.dim(),
    ))];
    if let Some(message) = &app.message {
        footer.push(Line::from(Span::styled(message.clone(), app.theme.bad())));
    }
    frame.render_widget(
        Paragraph::new(footer).wrap(Wrap { trim: false }),
        footer_area,
    );
}
