//! Everything about one client: contacts, notes, history, deals, projects, gifts, priority.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use strum::IntoEnumIterator;

use ratatui::style::Style;

use crate::model::{Client, Stage};
use crate::rules::checkins::Due;
use crate::rules::compliance::{self, Standing};
use crate::text::{long_date, relative_day, short_date};
use crate::ui::app::{App, ClientView, Item, items_of};
use crate::ui::panes::priority::breakdown_lines;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::wrap_lines;

fn heading(app: &App, text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), app.theme.header()))
}

fn summary(app: &App, client: &Client, index: usize) -> Vec<Line<'static>> {
    let facts = &app.derived.facts[index];
    let tier = client.tier();
    let last = facts.last_contact.map_or_else(
        || "never".to_string(),
        |d| {
            format!(
                "{} ({})",
                short_date(d, app.today),
                relative_day(d, app.today)
            )
        },
    );
    vec![
        Line::from(vec![
            Span::styled(
                format!("{} {} ", Theme::tier_symbol(tier), client.name),
                app.theme.tier(tier),
            ),
            Span::styled(
                format!("· {} · {} · {}", tier.label(), client.id, client.industry()),
                app.theme.dim(),
            ),
        ]),
        Line::from(format!(
            "Value {} a year · pipeline {} · every {} days",
            client.annual_value().with_currency(app.book().currency()),
            facts.open_pipeline.grouped(),
            app.book().cadence_days(client)
        )),
        Line::from(format!("Last contact {last}")),
        Line::from(vec![
            Span::raw("Next check-in "),
            Span::styled(
                format!(
                    "{}{} ({})",
                    Theme::due_symbol(facts.due),
                    short_date(facts.next_checkin, app.today),
                    facts.due.describe()
                ),
                app.theme.due(facts.due),
            ),
        ]),
        Line::from(""),
    ]
}

/// `▶ ` before the selected item, room for it before the others.
fn marker(app: &App, item: &Item) -> &'static str {
    if app.selected_item().as_ref() == Some(item) {
        MARKER
    } else {
        "  "
    }
}

const MARKER: &str = "▶ ";

fn item_style(app: &App, item: &Item) -> Style {
    if app.selected_item().as_ref() == Some(item) {
        app.theme.selected()
    } else {
        Style::new()
    }
}

/// The people at the client: title, buying role, last contact with them, own cadence.
fn people_lines(app: &App, client: &Client) -> Vec<Line<'static>> {
    let mut lines = vec![heading(app, "People")];
    if client.contacts.is_empty() {
        lines.push(Line::from(Span::styled(
            "  none yet · P adds a person",
            app.theme.dim(),
        )));
    }
    for contact in &client.contacts {
        let item = Item::Contact(contact.id.clone());
        let mut about = Vec::new();
        if let Some(left) = contact.left {
            about.push(format!("left {}", short_date(left, app.today)));
        }
        about.extend(contact.role.clone());
        about.extend(contact.buying_role.map(|r| r.label().to_string()));
        // Someone who has left is shown greyed: in the history, no longer to call.
        let name_style = if contact.is_current() {
            item_style(app, &item)
        } else {
            app.theme.dim()
        };
        lines.push(Line::from(vec![
            Span::raw(marker(app, &item)),
            Span::styled(contact.name.clone(), name_style),
            Span::styled(
                if about.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", about.join(" · "))
                },
                app.theme.dim(),
            ),
        ]));
        let last = client
            .last_contact_with(&contact.id, app.today)
            .map_or_else(
                || "not logged yet".to_string(),
                |d| format!("last {}", relative_day(d, app.today)),
            );
        let mut facts = vec![last];
        if let Some(days) = contact.cadence_days {
            facts.push(format!("every {days} days"));
        }
        facts.extend(contact.phone.clone());
        facts.extend(contact.email.clone());
        facts.extend(contact.timezone.as_deref().map(|zone| {
            crate::rules::clock::local_time_words(zone, app.now, app.calling.hours)
                .map_or_else(|| zone.to_string(), |time| format!("{zone}, {time}"))
        }));
        lines.push(Line::from(Span::styled(
            format!("    {}", facts.join(" · ")),
            app.theme.dim(),
        )));
    }
    lines
}

/// Next steps: open ones by due date, then the done ones.
fn task_lines(app: &App, client: &Client) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(""), heading(app, "Tasks")];
    if client.tasks.is_empty() {
        lines.push(Line::from(Span::styled(
            "  none · t adds a next step",
            app.theme.dim(),
        )));
    }
    for item in items_of(client) {
        let Item::Task(id) = &item else {
            continue;
        };
        let Some(task) = client.task(id) else {
            continue;
        };
        let (box_, when, style) = match (task.done, task.due) {
            (Some(done), _) => (
                "☑",
                format!("done {}", short_date(done, app.today)),
                app.theme.dim(),
            ),
            (None, Some(due)) => {
                let status = Due::from_dates(due, app.today);
                (
                    "☐",
                    format!("{} ({})", short_date(due, app.today), status.describe()),
                    app.theme.due(status),
                )
            }
            (None, None) => ("☐", "no date".to_string(), app.theme.dim()),
        };
        let mut about = Vec::new();
        if let Some(owner) = task.owner.as_deref() {
            about.push(
                app.book()
                    .colleague(owner)
                    .map_or(owner.to_string(), |m| m.name.clone()),
            );
        }
        if let Some(deal) = client.task_deal_title(task) {
            about.push(format!("deal \"{deal}\""));
        }
        let about = if about.is_empty() {
            String::new()
        } else {
            format!(" · {}", about.join(" · "))
        };
        lines.push(Line::from(vec![
            Span::raw(marker(app, &item)),
            Span::raw(format!("{box_} ")),
            Span::styled(task.title.clone(), item_style(app, &item)),
            Span::raw(" "),
            Span::styled(when, style),
            Span::styled(about, app.theme.dim()),
        ]));
    }
    lines
}

fn people_and_history(app: &App, client: &Client) -> Vec<Line<'static>> {
    let mut lines = people_lines(app, client);
    lines.extend(task_lines(app, client));
    lines.push(Line::from(""));
    lines.push(heading(app, "Notes"));
    match client.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(notes) => lines.extend(notes.lines().map(|l| Line::from(format!("  {l}")))),
        None => lines.push(Line::from(Span::styled("  none", app.theme.dim()))),
    }
    lines.push(Line::from(""));
    lines.push(heading(app, "History (newest first)"));
    if client.interactions.is_empty() {
        lines.push(Line::from(Span::styled(
            "  nothing logged yet",
            app.theme.dim(),
        )));
    }
    for item in items_of(client) {
        let Item::Interaction(id) = &item else {
            continue;
        };
        let Some(interaction) = client.interaction(id) else {
            continue;
        };
        let date = interaction.date.map_or_else(
            || "undated".to_string(),
            |d| d.format("%Y-%m-%d").to_string(),
        );
        let with: Vec<&str> = interaction
            .with
            .iter()
            .map(|id| client.contact(id).map_or(id.as_str(), |p| p.name.as_str()))
            .collect();
        let with = if with.is_empty() {
            String::new()
        } else {
            format!(" · {}", with.join(", "))
        };
        lines.push(Line::from(vec![
            Span::raw(marker(app, &item)),
            Span::styled(
                format!("{date} {:<7} ", interaction.kind().label()),
                app.theme.dim(),
            ),
            Span::styled(interaction.summary.clone(), item_style(app, &item)),
            Span::styled(with, app.theme.dim()),
        ]));
    }
    lines
}

fn business(app: &App, client: &Client, index: usize) -> Vec<Line<'static>> {
    let mut lines = deal_lines(app, client);
    lines.extend(project_lines(app, client));
    lines.extend(gift_lines(app, client));
    lines.push(Line::from(""));
    lines.push(heading(app, "Priority"));
    lines.extend(breakdown_lines(app, index, false).into_iter().map(|l| {
        let mut spans = vec![Span::raw("  ")];
        spans.extend(l.spans);
        Line::from(spans)
    }));
    lines
}

/// The client's deals, by stage, the selected one marked.
fn deal_lines(app: &App, client: &Client) -> Vec<Line<'static>> {
    let mut lines = vec![heading(app, "Deals")];
    if client.deals.is_empty() {
        lines.push(Line::from(Span::styled("  none", app.theme.dim())));
    }
    let selected = app.selected_item();
    for stage in Stage::iter() {
        for deal in client.deals.iter().filter(|d| d.stage() == stage) {
            let is_selected = selected.as_ref() == Some(&Item::Deal(deal.id.clone()));
            let close = deal
                .close_date
                .map(|d| {
                    let verb = match stage {
                        Stage::Won => "won on",
                        Stage::Lost => "lost on",
                        _ => "closes",
                    };
                    format!(" · {verb} {}", d.format("%Y-%m-%d"))
                })
                .unwrap_or_default();
            let style = match stage {
                Stage::Won => app.theme.good(),
                Stage::Lost => app.theme.dim(),
                _ => ratatui::style::Style::new(),
            };
            let title_style = if is_selected {
                app.theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                Span::raw(if is_selected { MARKER } else { "  " }),
                Span::styled(format!("{:<12}", stage.label()), style),
                Span::styled(deal.title.clone(), title_style),
                Span::raw(" "),
                Span::styled(
                    format!(
                        "{} · {}{close}",
                        deal.amount().grouped(),
                        deal.kind().label()
                    ),
                    app.theme.dim(),
                ),
            ]));
            lines.extend(open_deal_line(app, &deal.id));
        }
    }
    lines
}

/// Under an open deal: the rep's call, what winning it now would pay, and its flags.
fn open_deal_line(app: &App, deal: &str) -> Option<Line<'static>> {
    let client = app.client_view.as_ref()?.index;
    let (column, row) = app.derived.board.find(client, deal)?;
    let open = &app.derived.board.columns[column].deals[row];
    let mut parts = vec![format!("call: {}", open.forecast.label())];
    if open.worth.cents() > 0 {
        parts.push(format!("+{} pay if won now", open.worth.grouped()));
    }
    if let Some(days) = open.slipped_days {
        parts.push(format!("! slipped {days}d past its close date"));
    }
    if let (true, Some(days)) = (open.rotting, open.days_in_stage) {
        parts.push(format!("! rotting: {days}d in its stage"));
    }
    match &open.next_step {
        Some((step, due)) => parts.push(format!(
            "next: {step}{}",
            due.map(|d| format!(" ({})", d.format("%Y-%m-%d")))
                .unwrap_or_default()
        )),
        None if open.lacks_next_step => parts.push("! no next step".to_string()),
        None => {}
    }
    Some(Line::from(Span::styled(
        format!("              {}", parts.join(" · ")),
        app.theme.dim(),
    )))
}

/// The client's projects, the selected one marked, with their staff.
fn project_lines(app: &App, client: &Client) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let selected = app.selected_item();
    lines.push(Line::from(""));
    lines.push(heading(app, "Projects"));
    if client.projects.is_empty() {
        lines.push(Line::from(Span::styled("  none", app.theme.dim())));
    }
    for project in &client.projects {
        let is_selected = selected.as_ref() == Some(&Item::Project(project.id.clone()));
        let due = project
            .due
            .map(|d| format!(" · due {}", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        let style = if is_selected {
            app.theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw(if is_selected { MARKER } else { "  " }),
            Span::raw(format!("{:<8} ", project.status().label())),
            Span::styled(project.name.clone(), style),
            Span::raw(due),
        ]));
        if !project.staff.is_empty() {
            // Colleagues named by team id show by name.
            let staff: Vec<&str> = project
                .staff
                .iter()
                .map(|s| {
                    app.book()
                        .colleague(s)
                        .map_or(s.as_str(), |m| m.name.as_str())
                })
                .collect();
            lines.push(Line::from(Span::styled(
                format!("           staff: {}", staff.join(", ")),
                app.theme.dim(),
            )));
        }
    }
    lines
}

/// This year's gift tally per person against the limit, then each gift.
fn gift_lines(app: &App, client: &Client) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    lines.push(Line::from(""));
    lines.push(heading(
        app,
        &format!(
            "Gifts this year (limit {} per person)",
            compliance::describe_limit(app.book(), app.today)
        ),
    ));
    let tallies = compliance::client_tally(app.book(), client, app.today);
    if tallies.is_empty() {
        lines.push(Line::from(Span::styled(
            "  none this year",
            app.theme.dim(),
        )));
    }
    for tally in tallies {
        let (flag, style) = match tally.standing {
            Standing::Over => (
                format!("OVER by {}", tally.over_by().grouped()),
                app.theme.bad(),
            ),
            Standing::Near => (
                format!(
                    "near: {} left",
                    tally.headroom.unwrap_or_default().grouped()
                ),
                app.theme.warn(),
            ),
            Standing::Ok => (
                format!("{} left", tally.headroom.unwrap_or_default().grouped()),
                app.theme.dim(),
            ),
            Standing::Unjudged => (String::new(), app.theme.dim()),
        };
        let of = tally
            .limit
            .map(|l| format!(" of {}", l.grouped()))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  {} {}{of} ",
                tally.recipient,
                tally.counted.grouped(),
            )),
            Span::styled(flag, style),
        ]));
        for line in tally.over_when_given() {
            if let (Some(breach), Some(gift)) = (
                line.over_when_given,
                app.book()
                    .clients
                    .get(line.client)
                    .and_then(|c| c.gift(line.gift.as_deref()?)),
            ) {
                lines.push(Line::from(Span::styled(
                    format!(
                        "    ! {}: {}",
                        gift.description,
                        breach.describe(&app.book().clients[line.client].name)
                    ),
                    app.theme.bad(),
                )));
            }
        }
    }
    lines.extend(gift_item_lines(app, client));
    lines
}

/// Each gift of the client, the selected one marked.
fn gift_item_lines(app: &App, client: &Client) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for gift in &client.gifts {
        let item = Item::Gift(gift.id.clone());
        let date = gift.date.map_or_else(
            || "undated".to_string(),
            |d| d.format("%Y-%m-%d").to_string(),
        );
        let exempt = match (gift.exempt, gift.is_attended_entertainment()) {
            (Some(reason), _) => format!(" (exempt: {})", reason.label()),
            (None, true) => " (entertainment, attended: not counted)".to_string(),
            (None, false) => String::new(),
        };
        let face = gift
            .face_value
            .filter(|f| *f > gift.value())
            .map(|f| format!(" (face {})", f.grouped()))
            .unwrap_or_default();
        let style = if app.selected_item().as_ref() == Some(&item) {
            app.theme.selected()
        } else {
            app.theme.dim()
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {}", marker(app, &item))),
            Span::styled(
                format!(
                    "{date} {} · {} {}{face}{exempt}",
                    gift.recipient_names()
                        .into_iter()
                        .map(|who| client.person_name(who))
                        .collect::<Vec<_>>()
                        .join(", "),
                    gift.description,
                    gift.value().grouped()
                ),
                style,
            ),
        ]));
    }
    lines
}

/// The line the selected item is on, if it is among `lines`.
fn marked_line(lines: &[Line]) -> Option<usize> {
    lines.iter().position(|line| {
        line.spans
            .iter()
            .take(2)
            .any(|span| span.content.trim_start().starts_with(MARKER.trim_end()))
    })
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &ClientView) {
    let Some(client) = app.book().clients.get(view.index) else {
        return;
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(app.theme.border(true))
        .title(format!(" {} · Esc back ", client.name))
        .title_bottom(Line::from(format!(" as of {} ", long_date(app.today))).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let columns = usize::from(inner.width);
    let head_lines = wrap_lines(summary(app, client, view.index), columns);
    let left = people_and_history(app, client);
    let right = business(app, client, view.index);
    // The selected item stays in sight: the view scrolls to it when it would be below.
    let scroll_of = |lines: &[&[Line]], height: u16| {
        let longest = lines.iter().map(|l| l.len()).max().unwrap_or(0);
        let max = crate::ui::layout::length(longest.saturating_sub(usize::from(height)));
        let selected_at = lines
            .iter()
            .filter_map(|l| marked_line(l))
            .max()
            .unwrap_or(0);
        let to_show = crate::ui::layout::length(selected_at + 2).saturating_sub(height);
        view.scroll.max(to_show).min(max)
    };
    if inner.width >= 100 {
        let [head, body] = Layout::vertical([
            Constraint::Length(crate::ui::layout::length(head_lines.len())),
            Constraint::Min(0),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(head_lines), head);
        let [left_area, right_area] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .spacing(2)
                .areas(body);
        let left = wrap_lines(left, usize::from(left_area.width));
        let right = wrap_lines(right, usize::from(right_area.width));
        let scroll = scroll_of(&[&left, &right], body.height);
        frame.render_widget(Paragraph::new(left).scroll((scroll, 0)), left_area);
        frame.render_widget(Paragraph::new(right).scroll((scroll, 0)), right_area);
    } else {
        // Narrow: one column that scrolls as a whole, summary included.
        let mut all = head_lines;
        all.extend(left);
        all.push(Line::from(""));
        all.extend(right);
        let all = wrap_lines(all, columns);
        let scroll = scroll_of(&[&all], inner.height);
        frame.render_widget(Paragraph::new(all).scroll((scroll, 0)), inner);
    }
}
