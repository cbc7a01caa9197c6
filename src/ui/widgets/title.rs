//! The top line: who, what day, and how many to contact today.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::text::{long_date, short_date};
use crate::ui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let owner = match app.book().owner() {
        "" => String::new(),
        owner => format!(" · {owner}"),
    };
    let due = match app.derived.actionable {
        0 => Span::styled("nobody due today", app.theme.good()),
        1 => Span::styled("1 to contact today", app.theme.warn()),
        n => Span::styled(format!("{n} to contact today"), app.theme.warn()),
    };
    let date = if area.width >= 90 {
        long_date(app.today)
    } else {
        short_date(app.today, app.today)
    };
    let line = Line::from(vec![
        Span::styled(" konto", Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(format!("{owner} · {date} · ")),
        due,
    ]);
    frame.render_widget(line, area);
}
