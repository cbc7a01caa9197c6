//! Every client in a sortable, filterable table.

use strum::IntoEnumIterator;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use crate::text::{relative_day, short_date};
use crate::ui::Pane;
use crate::ui::app::App;
use crate::ui::chrome::pane_block;
use crate::ui::derived::SortColumn;
use crate::ui::layout;
use crate::ui::theme::Theme;

/// The columns that fit: all seven on wide panes, fewer on narrow ones, giving way in
/// this order: pipeline and industry, then tier and last contact, then value (the sort
/// column always stays, so the header can show it; the name always does).
fn columns(width: u16, sort: SortColumn) -> Vec<SortColumn> {
    let all: Vec<SortColumn> = SortColumn::iter().collect();
    let wanted: &[SortColumn] = if width >= 96 {
        &all
    } else if width >= 70 {
        &[
            SortColumn::Name,
            SortColumn::Tier,
            SortColumn::Value,
            SortColumn::LastContact,
            SortColumn::NextCheckin,
        ]
    } else if width >= 50 {
        &[SortColumn::Name, SortColumn::Value, SortColumn::NextCheckin]
    } else {
        // The name never gives way; the value does first.
        &[SortColumn::Name, SortColumn::NextCheckin]
    };
    let mut columns = wanted.to_vec();
    if !columns.contains(&sort) {
        columns.push(sort);
    }
    columns
}

fn width_of(column: SortColumn) -> Constraint {
    match column {
        SortColumn::Name => Constraint::Fill(3),
        SortColumn::Tier => Constraint::Length(8),
        SortColumn::Industry => Constraint::Fill(2),
        SortColumn::Value => Constraint::Length(13),
        SortColumn::LastContact => Constraint::Length(9),
        SortColumn::NextCheckin => Constraint::Length(12),
        SortColumn::Pipeline => Constraint::Length(11),
    }
}

fn header(app: &App, columns: &[SortColumn]) -> Row<'static> {
    let cells = columns.iter().map(|column| {
        let mut title = column.title().to_string();
        if *column == SortColumn::Value {
            title = format!("Value {}", app.book().currency());
        }
        if *column == app.portfolio.sort {
            title.push_str(if app.portfolio.descending {
                " ▼"
            } else {
                " ▲"
            });
        }
        if matches!(column, SortColumn::Value | SortColumn::Pipeline) {
            right(title)
        } else {
            Cell::from(title)
        }
    });
    Row::new(cells).style(app.theme.header())
}

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).right_aligned())
}

/// `/lum▏ 2 shown` in a list's title while a filter narrows it (nothing without one).
pub fn filter_note(app: &App, shown: usize) -> String {
    match (&app.filter_input, app.portfolio.filter.is_empty()) {
        (Some(_), _) => format!("· /{}▏ {shown} shown ", app.portfolio.filter),
        (None, false) => format!("· /{} {shown} shown ", app.portfolio.filter),
        (None, true) => String::new(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let filter = match (&app.filter_input, app.portfolio.filter.is_empty()) {
        (Some(_), _) => format!("/{}▏", app.portfolio.filter),
        (None, false) => format!("/{} ", app.portfolio.filter),
        (None, true) => String::new(),
    };
    let count = if app.portfolio.filter.is_empty() {
        format!("{} clients", app.book().clients.len())
    } else {
        format!(
            "{} of {}",
            app.portfolio.rows.len(),
            app.book().clients.len()
        )
    };
    let block = pane_block(app, Pane::Portfolio, &format!("· {count} {filter}"));
    let visible = layout::table_rows(area);
    let selected = app.selected_position(Pane::Portfolio);
    let offset = layout::scroll_offset(selected.unwrap_or(0), visible);
    let theme = app.theme;
    let columns = columns(area.width.saturating_sub(2), app.portfolio.sort);
    // Only the rows on screen are built, so a 100,000-client book draws as fast as a small one.
    let rows = app
        .portfolio
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(position, &index)| {
            let client = &app.book().clients[index];
            // Where the filter found a client other than by its name.
            let hint = app
                .portfolio
                .found
                .get(position)
                .and_then(|source| source.hint());
            let facts = &app.derived.facts[index];
            let tier = client.tier();
            let cell = |column: &SortColumn| match column {
                SortColumn::Name => Cell::from(Line::from(vec![
                    Span::styled(
                        format!("{} {}", Theme::tier_symbol(tier), client.name),
                        theme.tier(tier),
                    ),
                    Span::styled(
                        hint.map(|h| format!(" · {h}")).unwrap_or_default(),
                        theme.dim(),
                    ),
                ])),
                SortColumn::Tier => Cell::from(Span::styled(tier.label(), theme.tier(tier))),
                SortColumn::Industry => Cell::from(client.industry().to_string()),
                SortColumn::Value => right(client.annual_value().grouped()),
                SortColumn::LastContact => Cell::from(
                    facts
                        .last_contact
                        .map_or_else(|| "never".to_string(), |d| relative_day(d, app.today)),
                ),
                SortColumn::NextCheckin => Cell::from(Span::styled(
                    format!(
                        "{}{}",
                        Theme::due_symbol(facts.due),
                        short_date(facts.next_checkin, app.today)
                    ),
                    theme.due(facts.due),
                )),
                SortColumn::Pipeline => right(facts.open_pipeline.grouped()),
            };
            Row::new(columns.iter().map(cell).collect::<Vec<_>>())
        });
    let widths: Vec<Constraint> = columns.iter().map(|c| width_of(*c)).collect();
    let table = Table::new(rows, widths)
        .header(header(app, &columns))
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme.selected());
    // A fresh state from the selection: drawing never changes the app.
    let mut state = TableState::default().with_selected(selected.map(|s| s - offset));
    frame.render_stateful_widget(table, area, &mut state);
    if app.book().clients.is_empty() && area.height > 4 {
        let inner = Rect::new(
            area.x + 1,
            area.y + 2,
            area.width.saturating_sub(2),
            area.height.saturating_sub(3),
        );
        frame.render_widget(first_steps(app), inner);
    }
}

/// What to do in an empty book, in place of rows.
fn first_steps(app: &App) -> ratatui::widgets::Paragraph<'static> {
    let dim = app.theme.dim();
    ratatui::widgets::Paragraph::new(vec![
        Line::from("No clients yet. To start:"),
        Line::from(vec![
            Span::styled("  a ", app.theme.accent()),
            Span::styled("add a client here", dim),
        ]),
        Line::from(vec![
            Span::styled("  konto import csv FILE ", app.theme.accent()),
            Span::styled("bring them from a CRM export (Salesforce, HubSpot)", dim),
        ]),
        Line::from(vec![
            Span::styled("  konto demo --out FILE ", app.theme.accent()),
            Span::styled("a realistic book to try things on", dim),
        ]),
    ])
    .wrap(ratatui::widgets::Wrap { trim: false })
}
