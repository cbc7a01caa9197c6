//! Draws the whole screen from the state. Reads only: no changes, no disk.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Pane;
use super::app::{App, Overlay};
use super::chrome::{centered, clear_for_popup};
use super::layout;
use super::modal::Modal;
use super::panes;
use super::widgets;
use crate::text::is_unsafe;

pub fn draw(frame: &mut Frame, app: &App) {
    draw_screen(frame, app);
    disarm(frame.buffer_mut());
}

/// The last line of defence for the terminal: a cell whose symbol still carries a control
/// character or a bidi override from the data (the widgets escape what they print
/// through `text::pad` and `text::truncate`) has it taken out, and a cell left empty shows
/// `�`, so the grid keeps its columns.
fn disarm(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        if cell.symbol().chars().any(is_unsafe) {
            let kept: String = cell.symbol().chars().filter(|c| !is_unsafe(*c)).collect();
            cell.set_symbol(if kept.is_empty() { "\u{fffd}" } else { &kept });
        }
        if let Some(steady) = steady_width(cell.symbol()).map(str::to_string) {
            cell.set_symbol(&steady);
        }
    }
}

/// For a grapheme terminals draw at different widths (an emoji joined by a zero-width
/// joiner, or with a presentation selector or a skin tone: one terminal joins it into one
/// glyph two columns wide, another draws each part), a symbol every terminal draws at the
/// width the layout gave it: its first character if that is as wide, else a full-width
/// `？`. Otherwise a cell would push the rest of its line along, leaving stale cells and
/// a border out of place.
fn steady_width(symbol: &str) -> Option<&str> {
    let joined = |c: char| {
        matches!(
            c,
            '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}'
        )
    };
    let mut chars = symbol.chars();
    let first = chars.next()?;
    if !chars.any(joined) {
        return None;
    }
    let laid_out = crate::text::width(symbol);
    let first_width = unicode_width::UnicodeWidthChar::width(first).unwrap_or(0);
    Some(if first_width == laid_out {
        &symbol[..first.len_utf8()]
    } else if laid_out == 2 {
        "？"
    } else {
        "?"
    })
}

fn draw_screen(frame: &mut Frame, app: &App) {
    let size = frame.area();
    if layout::too_small(size) {
        widgets::too_small::draw(frame, size);
        return;
    }
    if let Some(welcome) = &app.welcome {
        widgets::welcome_screen::draw(frame, size, app, welcome);
        return;
    }
    let areas = app.areas_for(size);
    widgets::title::draw(frame, areas.title, app);
    if let Some(tabs) = areas.tabs {
        widgets::tabs::draw(frame, tabs, app);
    }
    if let Some(view) = &app.client_view {
        widgets::client_view::draw(frame, areas.body, app, view);
    } else {
        for (pane, frame_area) in &areas.panes {
            draw_pane(frame, *pane, *frame_area, app);
        }
    }
    widgets::status::draw(frame, areas.status, app);
    for modal in &app.modals {
        match modal {
            Modal::Reminders { items, selected } => {
                widgets::reminders::draw(frame, areas.body, app, items, *selected);
            }
            Modal::Form(form) => widgets::form_popup::draw(frame, size, app, form),
            Modal::Notes(editor) => widgets::notes::draw(frame, size, app, editor),
            Modal::Confirm(confirm) => widgets::confirm::draw(frame, size, app, confirm),
            Modal::Conflict(conflict) => {
                widgets::confirm::draw_conflict(frame, size, app, conflict);
            }
            Modal::Finder(finder) => widgets::finder::draw(frame, size, app, finder),
            Modal::Inbox(view) => widgets::inbox::draw(frame, size, app, view),
        }
    }
    if app.overlay == Some(Overlay::Team) {
        let area = centered(size, 90, size.height.saturating_sub(4).max(10));
        clear_for_popup(frame, area);
        widgets::team::draw(frame, area, app);
    }
    if app.overlay == Some(Overlay::Help) {
        let area = centered(size, 64, size.height.saturating_sub(4).max(10));
        clear_for_popup(frame, area);
        widgets::help::draw(frame, area, app);
    }
}

fn draw_pane(frame: &mut Frame, pane: Pane, area: Rect, app: &App) {
    match pane {
        Pane::Portfolio => panes::portfolio::draw(frame, area, app),
        Pane::Priority => panes::priority::draw(frame, area, app),
        Pane::Checkins => panes::checkins::draw(frame, area, app),
        Pane::Quota => panes::quota::draw(frame, area, app),
        Pane::Pipeline => panes::pipeline::draw(frame, area, app),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::text::Line;

    use super::*;

    #[test]
    fn a_wide_character_under_a_windows_left_edge_is_blanked() {
        let mut terminal = Terminal::new(TestBackend::new(20, 3)).unwrap();
        terminal
            .draw(|frame| {
                frame.render_widget(Line::from("abcdefgh東京海上xyz"), frame.area());
                // 東 takes columns 8 and 9; a window from column 9 would be half over it.
                clear_for_popup(frame, Rect::new(9, 0, 6, 3));
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        assert_eq!(buffer[(8, 0)].symbol(), " ");
        assert_eq!(buffer[(7, 0)].symbol(), "h", "the rest stays");
    }

    #[test]
    fn every_cell_is_as_wide_on_every_terminal_as_the_layout_says() {
        // A terminal that does not join emoji draws each code point: its columns.
        let drawn = |symbol: &str| -> usize {
            symbol
                .chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum()
        };
        let mut terminal = Terminal::new(TestBackend::new(40, 1)).unwrap();
        terminal
            .draw(|frame| {
                frame.render_widget(
                    Line::from("Ada 👩\u{200d}💻 🏳\u{fe0f}\u{200d}🌈 👍🏽 東京 é|"),
                    frame.area(),
                );
                disarm(frame.buffer_mut());
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut column = 0;
        let mut x = 0;
        let mut row = String::new();
        while x < 40 {
            let symbol = buffer[(x, 0)].symbol();
            row.push_str(symbol);
            let laid_out = crate::text::width(symbol).max(1);
            assert_eq!(drawn(symbol).max(1), laid_out, "{symbol:?} at {x}");
            column += laid_out;
            x += u16::try_from(laid_out).unwrap();
        }
        assert_eq!(column, 40);
        assert!(row.starts_with("Ada 👩 ？ 👍 東京 é|"), "{row}");
    }
}
