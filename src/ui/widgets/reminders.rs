//! The morning window: who to contact today, most urgent first, and how to reach them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::rules::checkins::Due;
use crate::text::{relative_day, truncate};
use crate::ui::app::App;
use crate::ui::theme::Theme;
use crate::ui::view::centered;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ids: &[String], selected: usize) {
    let height = (crate::ui::layout::length(ids.len())
        .saturating_mul(3)
        .saturating_add(4))
    .min(area.height.saturating_sub(2))
    .max(8);
    let rect = centered(area, 90, height);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(format!(" Good morning · {} to contact today ", ids.len()))
        .title_bottom(" Enter go to · c log a contact · s reschedule · Esc dismiss ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let per_entry = 3usize;
    let visible = (usize::from(inner.height) / per_entry).max(1);
    let offset = (selected + 1).saturating_sub(visible);
    let mut lines = Vec::new();
    for (position, id) in ids.iter().enumerate().skip(offset).take(visible) {
        let Some(index) = app.book().clients.iter().position(|c| &c.id == id) else {
            continue;
        };
        let client = &app.book().clients[index];
        let facts = &app.derived.facts[index];
        let when = match facts.due {
            Due::Overdue { days } => format!("{days} days overdue"),
            _ => "today".to_string(),
        };
        let marker = if position == selected { "▶ " } else { "  " };
        let name_style = if position == selected {
            app.theme.selected()
        } else {
            app.theme.tier(client.tier())
        };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(
                format!("{} {}", Theme::tier_symbol(client.tier()), client.name),
                name_style,
            ),
            Span::styled(format!("  {} · ", client.tier().label()), app.theme.dim()),
            Span::styled(when, app.theme.due(facts.due)),
        ]));
        let last = client.last_interaction(app.today).map_or_else(
            || "never contacted".to_string(),
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
                let mut parts = vec![c.name.clone()];
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
    frame.render_widget(Paragraph::new(lines), inner);
}
