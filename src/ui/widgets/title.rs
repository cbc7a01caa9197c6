//! The top line: who, what day, and how many to contact today.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::text::{long_date, short_date};
use crate::ui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let due = match app.derived.actionable {
        0 => Span::styled("nobody due today", app.theme.good()),
        1 => Span::styled("1 to contact today", app.theme.warn()),
        n => Span::styled(format!("{n} to contact today"), app.theme.warn()),
    };
    // People whose own cadence is due are counted apart: they are not client check-ins.
    let people = match app.derived.people_due {
        0 => None,
        n => Some(Span::styled(
            format!(" · {} due", crate::text::plural(n, "person", "people")),
            app.theme.warn(),
        )),
    };
    let date = if area.width >= 90 {
        long_date(app.today)
    } else {
        short_date(app.today, app.today)
    };
    let owner = app.book().owner();
    // The counts are the point of the line: the owner's name gives way first, then the
    // date.
    let counts = due.width() + people.as_ref().map_or(0, Span::width);
    let fits = |lead: &str| crate::text::width(lead) + counts + 6 <= usize::from(area.width);
    let leads = [
        format!(" · {owner} · {date} · "),
        format!(" · {date} · "),
        " · ".to_string(),
    ];
    let lead = leads
        .iter()
        .skip(usize::from(owner.is_empty()))
        .find(|lead| fits(lead));
    let mut spans = vec![Span::styled(
        " konto",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if let Some(lead) = lead {
        spans.extend([Span::raw(lead.clone()), due]);
        spans.extend(people);
    } else {
        // Narrower still: the counts in their shortest words.
        {
            let style = due.style;
            spans.push(Span::styled(
                format!(" · {} due", app.derived.actionable),
                style,
            ));
            if app.derived.people_due > 0 {
                spans.push(Span::styled(
                    format!(
                        " · +{}",
                        crate::text::plural(app.derived.people_due, "person", "people")
                    ),
                    app.theme.warn(),
                ));
            }
        }
    }
    frame.render_widget(Line::from(spans), area);
}
