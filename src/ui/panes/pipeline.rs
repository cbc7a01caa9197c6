//! The pipeline board: the open deals by stage, a column each on a wide terminal and one
//! list grouped by stage on a narrow one. Every flag is written out (`! slipped 12d`,
//! `rotting 20d`), so nothing depends on colour.

use std::fmt::Write;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::text::{short_date, truncate};
use crate::ui::Pane;
use crate::ui::app::App;
use crate::ui::chrome::pane_block;
use crate::ui::derived::{BoardColumn, BoardDeal};

/// From this inner width on, each stage gets a column.
const COLUMNS_FROM: u16 = 96;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block = pane_block(app, Pane::Pipeline, "· open deals by stage ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let board = &app.derived.board;
    let [summary, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    // The figures first: the label and the words around them give way as the pane narrows.
    let figures = [
        format!(
            "open commit {} · best case {} · pipeline {}",
            board.commit.short(),
            board.best_case.short(),
            board.pipeline.short()
        ),
        format!(
            "commit {} · best {} · pipe {}",
            board.commit.short(),
            board.best_case.short(),
            board.pipeline.short()
        ),
        format!(
            "{}/{}/{}",
            board.commit.short(),
            board.best_case.short(),
            board.pipeline.short()
        ),
    ];
    let width = usize::from(inner.width);
    let line = figures
        .iter()
        .flat_map(|f| ["By call, credited: ", "Credited: ", ""].map(|label| (label, f)))
        .find(|(label, f)| crate::text::width(label) + crate::text::width(f) <= width)
        .unwrap_or(("", &figures[2]));
    frame.render_widget(
        Line::from(vec![
            Span::styled(line.0, app.theme.dim()),
            Span::raw(line.1.clone()),
        ]),
        summary,
    );
    if board.columns.iter().all(|c| c.deals.is_empty()) {
        frame.render_widget(
            Line::from("No open deals. d adds one to the selected client."),
            body,
        );
        return;
    }
    if inner.width >= COLUMNS_FROM {
        draw_columns(frame, body, app);
    } else {
        draw_list(frame, body, app);
    }
}

/// A stage's heading: `Proposal (2)` (`Proposal (3, 1 omitted)`: an omitted deal is in
/// the pipeline, not in the forecast), then `260k · 130k weighted`.
fn heading(column: &BoardColumn) -> [String; 2] {
    let total = column.total;
    let omitted = match total.omitted {
        0 => String::new(),
        n => format!(", {n} omitted"),
    };
    [
        format!("{} ({}{omitted})", total.stage.label(), total.count),
        format!(
            "{} · {} weighted",
            total.amount.short(),
            total.weighted.short()
        ),
    ]
}

fn draw_columns(frame: &mut Frame, area: Rect, app: &App) {
    let columns = &app.derived.board.columns;
    let count = u32::try_from(columns.len().max(1)).unwrap_or(1);
    let areas = Layout::horizontal(vec![Constraint::Ratio(1, count); columns.len()])
        .spacing(1)
        .split(area);
    for (at, (column, rect)) in columns.iter().zip(areas.iter()).enumerate() {
        let picked = app.board_cursor.0 == at;
        let [name, totals] = heading(column);
        let width = usize::from(rect.width);
        let [head, rest] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(*rect);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(truncate(&name, width), app.theme.header())),
                Line::from(Span::styled(truncate(&totals, width), app.theme.dim())),
            ]),
            head,
        );
        let block = Block::new()
            .borders(Borders::TOP)
            .border_style(app.theme.border(picked));
        let inner = block.inner(rest);
        frame.render_widget(block, rest);
        let cards: Vec<Vec<Line>> = column
            .deals
            .iter()
            .enumerate()
            .map(|(row, deal)| card(app, deal, picked && app.board_cursor.1 == row, width))
            .collect();
        let selected = if picked { app.board_cursor.1 } else { 0 };
        let lines: Vec<Line> = visible(cards, selected, usize::from(inner.height));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn draw_list(frame: &mut Frame, area: Rect, app: &App) {
    let width = usize::from(area.width);
    let mut cards: Vec<Vec<Line>> = Vec::new();
    let mut selected = 0;
    for (at, column) in app.derived.board.columns.iter().enumerate() {
        let [name, totals] = heading(column);
        cards.push(vec![Line::from(vec![
            Span::styled(name, app.theme.header()),
            Span::styled(format!(" · {totals}"), app.theme.dim()),
        ])]);
        for (row, deal) in column.deals.iter().enumerate() {
            let picked = app.board_cursor == (at, row);
            if picked {
                selected = cards.len();
            }
            cards.push(compact_card(app, deal, picked, width));
        }
    }
    frame.render_widget(
        Paragraph::new(visible(cards, selected, usize::from(area.height))),
        area,
    );
}

/// The cards from the first one that keeps `selected` on screen, in `height` lines.
fn visible(cards: Vec<Vec<Line<'static>>>, selected: usize, height: usize) -> Vec<Line<'static>> {
    let mut first = selected.min(cards.len().saturating_sub(1));
    let mut used = cards.get(first).map_or(0, Vec::len);
    while first > 0 && used + cards[first - 1].len() <= height {
        first -= 1;
        used += cards[first].len();
    }
    cards
        .into_iter()
        .skip(first)
        .flatten()
        .take(height)
        .collect()
}

/// A deal in four lines, its next step, and a flag a line: title; client; amount and
/// what winning it now pays; close date and call; slipped, rotting, no next step. A blank
/// line follows.
fn card(app: &App, picked: &BoardDeal, selected: bool, width: usize) -> Vec<Line<'static>> {
    let Some(client) = app.book().clients.get(picked.client) else {
        return Vec::new();
    };
    let Some(deal) = client.deal(&picked.deal) else {
        return Vec::new();
    };
    let title_style = if selected {
        app.theme.selected()
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let marker = if selected { "▶ " } else { "  " };
    let close = deal
        .close_date
        .map_or_else(|| "no date".to_string(), |d| short_date(d, app.today));
    let mut amount = deal.amount().short();
    if picked.worth.cents() > 0 {
        let _ = write!(amount, " · +{} pay", picked.worth.short());
    }
    let mut lines = vec![
        Line::from(Span::styled(
            truncate(&format!("{marker}{}", deal.title), width),
            title_style,
        )),
        Line::from(truncate(&format!("  {}", client.name), width)),
        Line::from(truncate(&format!("  {amount}"), width)),
        Line::from(Span::styled(
            truncate(&format!("  {close} · {}", picked.forecast.label()), width),
            app.theme.dim(),
        )),
    ];
    if let Some((step, due)) = &picked.next_step {
        let due = due
            .map(|d| format!(" ({})", short_date(d, app.today)))
            .unwrap_or_default();
        lines.push(Line::from(Span::styled(
            truncate(&format!("  next: {step}{due}"), width),
            app.theme.dim(),
        )));
    }
    for text in flags(picked) {
        lines.push(flag(app, &text, width));
    }
    lines.push(Line::from(""));
    lines
}

/// A deal in two lines for a narrow terminal, and its flags in a third.
fn compact_card(app: &App, picked: &BoardDeal, selected: bool, width: usize) -> Vec<Line<'static>> {
    let Some(client) = app.book().clients.get(picked.client) else {
        return Vec::new();
    };
    let Some(deal) = client.deal(&picked.deal) else {
        return Vec::new();
    };
    let marker = if selected { "▶ " } else { "  " };
    let style = if selected {
        app.theme.selected()
    } else {
        Style::new()
    };
    let close = deal
        .close_date
        .map_or_else(|| "no date".to_string(), |d| short_date(d, app.today));
    let mut second = format!(
        "    {} · {close} · {}",
        deal.amount().short(),
        picked.forecast.label()
    );
    if picked.worth.cents() > 0 {
        let _ = write!(second, " · +{} pay", picked.worth.short());
    }
    let mut lines = vec![
        Line::from(Span::styled(
            truncate(&format!("{marker}{} · {}", deal.title, client.name), width),
            style,
        )),
        Line::from(Span::styled(truncate(&second, width), app.theme.dim())),
    ];
    let flags = flags(picked);
    if !flags.is_empty() {
        lines.push(flag(app, &flags.join(" · "), width));
    }
    lines
}

/// `slipped 12d`, `rotting 20d`.
fn flags(picked: &BoardDeal) -> Vec<String> {
    let mut flags = Vec::new();
    if let Some(days) = picked.slipped_days {
        flags.push(format!("slipped {days}d"));
    }
    if let (true, Some(days)) = (picked.rotting, picked.days_in_stage) {
        flags.push(format!("rotting {days}d"));
    }
    if picked.lacks_next_step {
        flags.push("no next step".to_string());
    }
    flags
}

fn flag(app: &App, text: &str, width: usize) -> Line<'static> {
    Line::from(Span::styled(
        truncate(&format!("  ! {text}"), width),
        app.theme.warn(),
    ))
}
