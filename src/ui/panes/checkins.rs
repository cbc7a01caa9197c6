//! The agenda: check-ins and due tasks, grouped overdue (with days late), today, and the
//! coming days.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

use crate::rules::checkins::Due;
use crate::text::{pad, short_date, width};
use crate::ui::Pane;
use crate::ui::app::App;
use crate::ui::chrome::pane_block;
use crate::ui::derived::{CHECKIN_HORIZON_DAYS, CheckinRow};
use crate::ui::layout;
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block = pane_block(
        app,
        Pane::Checkins,
        &format!(
            "· next {CHECKIN_HORIZON_DAYS} days {}",
            super::portfolio::filter_note(app, app.portfolio.agenda_clients.len())
        ),
    );
    let inner_width = usize::from(area.width.saturating_sub(2));
    let visible = layout::list_rows(area);
    let selected = app.selected_checkin_row();
    let offset = layout::scroll_offset(selected.unwrap_or(0), visible);
    let theme = app.theme;
    let items: Vec<ListItem> = app
        .portfolio
        .agenda_rows
        .iter()
        .skip(offset)
        .take(visible)
        .map(|row| match row {
            &CheckinRow::Header { group, count } => ListItem::new(Line::from(Span::styled(
                format!("{} ({count})", group.title()),
                theme.header(),
            ))),
            &CheckinRow::Client { index } => {
                let client = &app.book().clients[index];
                let facts = &app.derived.facts[index];
                let when = match facts.due {
                    Due::Overdue { days } => format!("{days}d late"),
                    Due::Today => "today".to_string(),
                    Due::Upcoming { .. } => short_date(facts.next_checkin, app.today),
                };
                let name_width = inner_width.saturating_sub(width(&when) + 4);
                ListItem::new(Line::from(vec![
                    Span::styled(Theme::due_symbol(facts.due), theme.due(facts.due)),
                    Span::styled(
                        format!("{} ", Theme::tier_symbol(client.tier())),
                        theme.tier(client.tier()),
                    ),
                    Span::styled(pad(&client.name, name_width), Style::new()),
                    Span::raw(" "),
                    Span::styled(when, theme.due(facts.due)),
                ]))
            }
            CheckinRow::Person { index, contact } => {
                let client = &app.book().clients[*index];
                let Some(person) = client.contact(contact) else {
                    return ListItem::new("");
                };
                let due = crate::rules::checkins::person_due(client, person, app.today)
                    .unwrap_or(Due::Today);
                let when = match due {
                    Due::Overdue { days } => format!("{days}d late"),
                    _ => "today".to_string(),
                };
                let text = format!("{} · {} (own cadence)", person.name, client.name);
                item_line(app, inner_width, ("◦ ", &text), due, when)
            }
            CheckinRow::Task { index, task } => {
                let client = &app.book().clients[*index];
                let Some(task) = client.task(task) else {
                    return ListItem::new("");
                };
                let date = task.due.unwrap_or(app.today);
                let due = Due::from_dates(date, app.today);
                let when = match due {
                    Due::Overdue { days } => format!("{days}d late"),
                    Due::Today => "today".to_string(),
                    Due::Upcoming { .. } => short_date(date, app.today),
                };
                let text = format!("{} · {}", task.title, client.name);
                item_line(app, inner_width, ("☐ ", &text), due, when)
            }
        })
        .collect();
    let empty = items.is_empty();
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected());
    let mut state = ListState::default().with_selected(selected.map(|s| s - offset));
    frame.render_stateful_widget(list, area, &mut state);
    if empty && area.height > 2 {
        let inner = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), 1);
        frame.render_widget(Line::from("Nothing due in the next two weeks."), inner);
    }
}

/// A task's or a person's row: its due mark, its kind's mark and text, and when, on the
/// right.
fn item_line(
    app: &App,
    inner_width: usize,
    (mark, text): (&str, &str),
    due: Due,
    when: String,
) -> ListItem<'static> {
    let theme = app.theme;
    let text_width = inner_width.saturating_sub(width(&when) + 4);
    ListItem::new(Line::from(vec![
        Span::styled(Theme::due_symbol(due), theme.due(due)),
        Span::styled(mark.to_string(), theme.dim()),
        Span::styled(pad(text, text_width), Style::new()),
        Span::raw(" "),
        Span::styled(when, theme.due(due)),
    ]))
}
