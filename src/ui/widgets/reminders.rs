//! The morning window: who to contact today, most urgent first, and how to reach them;
//! then the tasks due. Done items leave the list, so the cursor lands on the next.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::model::{Client, Task};
use crate::rules::checkins::Due;
use crate::text::{plural, relative_day, truncate};
use crate::ui::app::App;
use crate::ui::chrome::centered;
use crate::ui::modal::Reminder;
use crate::ui::theme::Theme;

/// Lines each entry takes.
const PER_ENTRY: usize = 3;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, items: &[Reminder], selected: usize) {
    let height = (crate::ui::layout::length(items.len())
        .saturating_mul(3)
        .saturating_add(4))
    .min(area.height.saturating_sub(2))
    .max(8);
    let rect = centered(area, 90, height);
    crate::ui::chrome::clear_for_popup(frame, rect);
    let clients = items
        .iter()
        .filter(|i| matches!(i, Reminder::Client(_)))
        .count();
    let tasks = items
        .iter()
        .filter(|i| matches!(i, Reminder::Task { .. }))
        .count();
    let people = items.len() - clients - tasks;
    let mut parts = vec![format!("Good morning · {clients} to contact today")];
    if tasks > 0 {
        parts.push(format!("{} due", plural(tasks, "task", "tasks")));
    }
    if people > 0 {
        parts.push(format!("{} due", plural(people, "person", "people")));
    }
    let title = format!(" {} ", parts.join(" · "));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(title)
        .title_bottom(
            " Enter go to · c log a contact · s reschedule · x task done · Esc dismiss (r reopens) ",
        );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let visible = (usize::from(inner.height) / PER_ENTRY).max(1);
    let offset = (selected + 1).saturating_sub(visible);
    let mut lines = Vec::new();
    for (position, item) in items.iter().enumerate().skip(offset).take(visible) {
        let Some(index) = app.index_of(item.client_id()) else {
            continue;
        };
        let client = &app.book().clients[index];
        let chosen = position == selected;
        match item {
            Reminder::Client(_) => client_entry(&mut lines, app, client, index, chosen, width),
            Reminder::Task { task, .. } => {
                if let Some(task) = client.task(task) {
                    task_entry(&mut lines, app, client, task, chosen, width);
                }
            }
            Reminder::Person { contact, .. } => {
                if let Some(person) = client.contact(contact) {
                    person_entry(&mut lines, app, client, person, chosen, width);
                }
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn marker(chosen: bool) -> &'static str {
    if chosen { "▶ " } else { "  " }
}

fn client_entry(
    lines: &mut Vec<Line<'static>>,
    app: &App,
    client: &Client,
    index: usize,
    chosen: bool,
    width: usize,
) {
    let facts = &app.derived.facts[index];
    let when = match facts.due {
        due @ Due::Overdue { .. } => due.describe(),
        _ => "today".to_string(),
    };
    let name_style = if chosen {
        app.theme.selected()
    } else {
        app.theme.tier(client.tier())
    };
    lines.push(Line::from(vec![
        Span::raw(marker(chosen)),
        Span::styled(
            format!("{} {}", Theme::tier_symbol(client.tier()), client.name),
            name_style,
        ),
        Span::styled(format!("  {} · ", client.tier().label()), app.theme.dim()),
        Span::styled(when, app.theme.due(facts.due)),
    ]));
    // The same last contact the portfolio shows: a logged interaction, else the book's
    // `last_contact` date.
    let last = client.last_interaction(app.today).map_or_else(
        || {
            facts.last_contact.map_or_else(
                || "never contacted".to_string(),
                |d| format!("last contact {}", relative_day(d, app.today)),
            )
        },
        |i| {
            let when = i
                .date
                .map(|d| relative_day(d, app.today))
                .unwrap_or_default();
            format!("last: {} {when}: {}", i.kind().label(), i.summary)
        },
    );
    lines.push(Line::from(Span::styled(
        format!("    {}", truncate(&last, width.saturating_sub(4))),
        app.theme.dim(),
    )));
    let reach = client.main_contact().map_or_else(
        || "no contact on file".to_string(),
        |c| {
            // Their own time where it is known, next to their name.
            let name = match c.timezone.as_deref().and_then(|zone| {
                crate::rules::clock::local_time_words(zone, app.now, app.calling.hours)
            }) {
                Some(time) => format!("{}, {time}", c.name),
                None => c.name.clone(),
            };
            let mut parts = vec![name];
            parts.extend(c.phone.clone());
            parts.extend(c.email.clone());
            parts.join(" · ")
        },
    );
    lines.push(Line::from(format!(
        "    {}",
        truncate(&reach, width.saturating_sub(4))
    )));
}

/// The first line of a task's or a person's entry: what, at which client, how late.
fn head_line(app: &App, chosen: bool, what: String, client: &Client, due: Due) -> Line<'static> {
    let style = if chosen {
        app.theme.selected()
    } else {
        ratatui::style::Style::new()
    };
    Line::from(vec![
        Span::raw(marker(chosen)),
        Span::styled(what, style),
        Span::styled(format!("  {} · ", client.name), app.theme.dim()),
        Span::styled(due.describe(), app.theme.due(due)),
    ])
}

/// A person whose own cadence is due: who, at which client, how late, and their last
/// contact.
fn person_entry(
    lines: &mut Vec<Line<'static>>,
    app: &App,
    client: &Client,
    person: &crate::model::Contact,
    chosen: bool,
    width: usize,
) {
    let due = crate::rules::checkins::person_due(client, person, app.today).unwrap_or(Due::Today);
    lines.push(head_line(
        app,
        chosen,
        format!("◦ {}", person.name),
        client,
        due,
    ));
    let last = client.last_contact_with(&person.id, app.today).map_or_else(
        || "never contacted".to_string(),
        |d| format!("last contact {}", relative_day(d, app.today)),
    );
    let cadence = person.cadence_days.unwrap_or_default();
    lines.push(Line::from(Span::styled(
        format!(
            "    {}",
            truncate(
                &format!("own cadence of {cadence} days · {last}"),
                width.saturating_sub(4)
            )
        ),
        app.theme.dim(),
    )));
    lines.push(Line::from(""));
}

fn task_entry(
    lines: &mut Vec<Line<'static>>,
    app: &App,
    client: &Client,
    task: &Task,
    chosen: bool,
    width: usize,
) {
    let due = Due::from_dates(task.due.unwrap_or(app.today), app.today);
    lines.push(head_line(
        app,
        chosen,
        format!("☐ {}", task.title),
        client,
        due,
    ));
    let mut about = Vec::new();
    if let Some(owner) = task.owner.as_deref() {
        about.push(format!(
            "with {}",
            app.book()
                .colleague(owner)
                .map_or(owner, |m| m.name.as_str())
        ));
    }
    if let Some(deal) = client.task_deal_title(task) {
        about.push(format!("for the deal \"{deal}\""));
    }
    if about.is_empty() {
        about.push("yours".to_string());
    }
    lines.push(Line::from(Span::styled(
        format!(
            "    {}",
            truncate(&about.join(" · "), width.saturating_sub(4))
        ),
        app.theme.dim(),
    )));
    lines.push(Line::from(""));
}
