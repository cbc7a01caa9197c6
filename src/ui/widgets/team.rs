//! The team overlay: each colleague's open tasks and projects by date, and the days they
//! are committed twice (the same as `konto team`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::rules::team::{self, Commitment};
use crate::text::short_date;
use crate::ui::app::App;

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let loads = team::loads(app.book(), app.today);
    let mut lines = Vec::new();
    if loads.is_empty() {
        lines.push(Line::from(
            "No team yet: add your colleagues under `team:` in the book (see the README).",
        ));
    }
    for load in &loads {
        let role = load
            .member
            .role
            .as_deref()
            .map(|r| format!(" · {r}"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(load.member.name.clone(), app.theme.header()),
            Span::styled(format!(" [{}]{role}", load.member.id), app.theme.dim()),
        ]));
        for (date, clash) in &load.clashes {
            let what: Vec<String> = clash
                .iter()
                .map(|c| format!("{} ({})", c.title(), c.client().name))
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
        for c in &load.commitments {
            let kind = match c {
                Commitment::Task { .. } => "task   ",
                Commitment::Project { .. } => "project",
            };
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "  {:<11} {kind} ",
                    c.date()
                        .map(|d| short_date(d, app.today))
                        .unwrap_or_default()
                )),
                Span::raw(c.title().to_string()),
                Span::styled(format!(" · {}", c.client().name), app.theme.dim()),
            ]));
        }
        if load.commitments.is_empty() {
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
