//! Yes/no questions and conflict choices.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::ui::app::App;
use crate::ui::chrome::centered;
use crate::ui::modal::{Confirm, Conflict};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, confirm: &Confirm) {
    let rect = centered(area, 64, 8);
    crate::ui::chrome::clear_for_popup(frame, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.bad())
        .title(" Are you sure? ");
    let text = vec![
        Line::from(confirm.question.clone()),
        Line::from(""),
        Line::from(Span::styled("y yes · n no", app.theme.accent())),
    ];
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}

pub fn draw_conflict(frame: &mut Frame, area: Rect, app: &App, conflict: &Conflict) {
    let rect = centered(area, 72, 11);
    crate::ui::chrome::clear_for_popup(frame, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.bad())
        .title(" Changed in two places ");
    let text = vec![
        Line::from(format!(
            "{} changed here and, differently, elsewhere (another konto, an editor or a sync).",
            conflict.names()
        )),
        Line::from("Everything else from both sides is kept. For these, choose:"),
        Line::from(""),
        Line::from(Span::styled(
            "m  keep mine   (the file's version goes to a copy)",
            app.theme.accent(),
        )),
        Line::from(Span::styled(
            "t  take theirs (my version goes to a copy)",
            app.theme.accent(),
        )),
    ];
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}
