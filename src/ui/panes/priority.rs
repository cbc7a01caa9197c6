//! Clients by priority score, with the selected client's breakdown on demand (`x`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use crate::rules::priority;
use crate::ui::Pane;
use crate::ui::app::App;
use crate::ui::chrome::pane_block;
use crate::ui::layout;
use crate::ui::theme::Theme;

/// The breakdown as `task info` shows urgency: term, factor × weight = contribution, why.
pub fn breakdown_lines(app: &App, index: usize, compact: bool) -> Vec<Line<'static>> {
    let client = &app.book().clients[index];
    // The book-wide context comes from the figures worked out per change, not per frame.
    let score = priority::score_in(app.book(), client, app.today, &app.derived.priority);
    let mut lines: Vec<Line> = score
        .terms
        .iter()
        .map(|term| {
            let style = if term.contribution().abs() >= 0.005 {
                ratatui::style::Style::new()
            } else {
                app.theme.dim()
            };
            let numbers = if compact {
                format!("{:<8} {:>5.2}  ", term.name, term.contribution())
            } else {
                format!(
                    "{:<8} {:>4.2} × {:>3.1} = {:>5.2}  ",
                    term.name,
                    term.factor,
                    term.weight,
                    term.contribution()
                )
            };
            Line::from(vec![
                Span::styled(numbers, style),
                Span::styled(term.reason(client, app.today), app.theme.dim()),
            ])
        })
        .collect();
    let total_width = if compact { 5 } else { 21 };
    lines.push(Line::from(Span::styled(
        format!("{:<8} {:>total_width$.2}", "score", score.total),
        app.theme.accent(),
    )));
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block = pane_block(
        app,
        Pane::Priority,
        &super::portfolio::filter_note(app, app.portfolio.priority.len()),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.book().clients.is_empty() {
        frame.render_widget(
            Line::from(Span::styled(
                "Nothing to rank yet: clients added with a show here, most urgent first.",
                app.theme.dim(),
            )),
            inner,
        );
        return;
    }
    let explain = app.explain && app.selected.is_some();
    let [list_area, explain_area] = if explain {
        Layout::vertical([Constraint::Min(3), Constraint::Length(9)]).areas(inner)
    } else {
        Layout::vertical([Constraint::Min(0), Constraint::Length(0)]).areas(inner)
    };

    let visible = usize::from(list_area.height.saturating_sub(1));
    let selected = app.selected_position(Pane::Priority);
    let offset = layout::scroll_offset(selected.unwrap_or(0), visible);
    let theme = app.theme;
    let rows = app
        .portfolio
        .priority
        .iter()
        .zip(&app.portfolio.priority_places)
        .skip(offset)
        .take(visible)
        .map(|(&index, &place)| {
            let client = &app.book().clients[index];
            let facts = &app.derived.facts[index];
            let tier = client.tier();
            Row::new(vec![
                Cell::from(Line::from(format!("{}", place + 1)).right_aligned()),
                Cell::from(Span::styled(
                    format!("{} {}", Theme::tier_symbol(tier), client.name),
                    theme.tier(tier),
                )),
                Cell::from(Span::styled(
                    Theme::due_symbol(facts.due),
                    theme.due(facts.due),
                )),
                Cell::from(Line::from(format!("{:.1}", facts.score)).right_aligned()),
            ])
        });
    let table = Table::new(
        rows,
        [
            Constraint::Length(4),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(6),
        ],
    )
    .header(
        Row::new(vec![
            Cell::from(Line::from("#").right_aligned()),
            Cell::from("Client"),
            Cell::from(""),
            Cell::from(Line::from("Score").right_aligned()),
        ])
        .style(theme.header()),
    )
    .row_highlight_style(theme.selected());
    let mut state = TableState::default().with_selected(selected.map(|s| s - offset));
    frame.render_stateful_widget(table, list_area, &mut state);

    if let (true, Some(index)) = (explain, app.selected) {
        let name = app.book().clients[index].name.clone();
        let paragraph = Paragraph::new(breakdown_lines(app, index, true)).block(
            Block::new()
                .borders(Borders::TOP)
                .title(format!(" Why {name} ")),
        );
        frame.render_widget(paragraph, explain_area);
    }
}
