//! The team overlay: each colleague's open tasks and projects by date, and the days they
//! are committed twice (the same as `konto team`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::text::short_date;
use crate::ui::app::App;

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if app.team.members.is_empty() {
        lines.push(Line::from(
            "No team yet: add your colleagues under `team:` in the book (see the README).",
        ));
    }
    for member in &app.team.members {
        let role = member
            .role
            .as_deref()
            .map(|r| format!(" · {r}"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(member.name.clone(), app.theme.header()),
            Span::styled(format!(" [{}]{role}", member.id), app.theme.dim()),
        ]));
        for (date, clash) in &member.clashes {
            let what: Vec<String> = clash
                .iter()
                .map(|(title, client)| format!("{title} ({client})"))
                .collect();
            lines.push(Line::from(Span::styled(
                format!(
                    "  ! {} taken twice: {}",
                    short_date(*date, app.today),
                    what.join(" and ")
                ),
                app.theme.bad(),
            )));
        }
        for c in &member.commitments {
            let kind = if c.is_task { "task   " } else { "project" };
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "  {:<11} {kind} ",
                    c.date.map(|d| short_date(d, app.today)).unwrap_or_default()
                )),
                Span::raw(c.title.clone()),
                Span::styled(format!(" · {}", c.client), app.theme.dim()),
            ]));
        }
        if member.commitments.is_empty() {
            lines.push(Line::from(Span::styled(
                "  free: no open tasks or projects",
                app.theme.dim(),
            )));
        }
        lines.push(Line::from(""));
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let lines = lines(app);
    // Wrapped lines can take more rows than there are lines; this bound keeps the last
    // colleague reachable and stops the scroll soon after.
    let max_scroll =
        crate::ui::layout::length(lines.len() * 2).saturating_sub(area.height.saturating_sub(2));
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.overlay_scroll.min(max_scroll), 0))
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(app.theme.accent())
                .title(format!(
                    " Team: who is free when · {} ",
                    app.keymap.overlay_hints(crate::ui::keymap::Context::Team)
                )),
        );
    frame.render_widget(paragraph, area);
}
