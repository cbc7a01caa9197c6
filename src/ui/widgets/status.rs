//! The bottom line: the file, whether it is saved, today, and keys for what has focus.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::text::{truncate, width};
use crate::ui::app::{App, SyncLine};
use crate::ui::keymap::Context;
use crate::ui::store::SaveStatus;

fn hints(app: &App) -> String {
    if let Some(modal) = app.modals.last() {
        return modal
            .contexts()
            .iter()
            .flat_map(|context| app.keymap.bindings_in(*context))
            .filter(|b| b.binding.hint)
            .map(|b| format!("{} {}", b.keys_label(), b.help()))
            .collect::<Vec<_>>()
            .join(" · ");
    }
    if app.filter_input.is_some() {
        let keys = app
            .keymap
            .bindings_in(Context::Filter)
            .filter(|b| b.binding.hint)
            .map(|b| format!("{} {}", b.keys_label(), b.help()));
        return std::iter::once("type to filter".to_string())
            .chain(keys)
            .collect::<Vec<_>>()
            .join(" · ");
    }
    let mut parts = Vec::new();
    for &context in app.contexts() {
        for binding in app.keymap.bindings_in(context).filter(|b| b.binding.hint) {
            let part = format!("{} {}", binding.first_key_label(), binding.help());
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
        if context == Context::Global {
            break;
        }
    }
    parts.join(" · ")
}

/// Where the book stands against the other machines, when it syncs.
fn sync_words(app: &App) -> Option<String> {
    Some(match app.sync.as_ref()? {
        SyncLine::Never => "not synced yet (S)".to_string(),
        SyncLine::Synced(at) => format!("synced {}", crate::text::ago(*at, app.now)),
        SyncLine::Syncing => "syncing…".to_string(),
        SyncLine::Offline => "offline, changes not synced".to_string(),
        SyncLine::Clash => "SYNC CLASH".to_string(),
        SyncLine::Failed => "not synced".to_string(),
    })
}

/// The right side for the room left: the book's path (`~/…`), else its file name, else
/// nothing; then the save state and today. The left side is never cut for the path, and
/// only one side is ever shortened, so there is never a double ellipsis.
fn right_side(app: &App, state: &str, room: usize) -> String {
    let date = app.today.format("%Y-%m-%d");
    let file = app
        .location
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    [app.path_label.clone(), file]
        .into_iter()
        .map(|path| format!(" {path} · {state} · {date} "))
        .chain(std::iter::once(format!(" {state} · {date} ")))
        .find(|text| width(text) <= room)
        .unwrap_or_else(|| format!(" {state} "))
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let (mut state, style) = match &app.store.status {
        SaveStatus::Saved => ("saved".to_string(), app.theme.good()),
        SaveStatus::Saving => ("saving…".to_string(), app.theme.warn()),
        SaveStatus::NotCreated => ("not saved yet".to_string(), app.theme.warn()),
        SaveStatus::Failed(_) => ("NOT SAVED".to_string(), app.theme.bad()),
    };
    if let Some(sync) = sync_words(app) {
        state = format!("{state} · {sync}");
    }
    if app.figures_pending() {
        state = format!("{state} · updating figures…");
    }
    let left = match &app.message {
        Some(message) => message.clone(),
        None => hints(app),
    };
    // A message gets the room it needs first; hints give way to the path up to half.
    let total = usize::from(area.width);
    let wanted_left = width(&left) + 1;
    let room = if app.message.is_some() {
        total.saturating_sub(wanted_left)
    } else {
        total.saturating_sub(wanted_left).max(total / 2)
    };
    let right = right_side(app, &state, room);
    let right_width = crate::ui::layout::length(width(&right));
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
    frame.render_widget(
        Line::from(Span::styled(
            format!(
                " {}",
                truncate(&left, usize::from(left_area.width.saturating_sub(1)))
            ),
            app.theme.dim(),
        )),
        left_area,
    );
    // The save state in its colour within the right side's text.
    let (before, after) = right.split_once(&state).unwrap_or((&right, ""));
    frame.render_widget(
        Line::from(vec![
            Span::raw(before.to_string()),
            Span::styled(state.clone(), style),
            Span::raw(after.to_string()),
        ])
        .right_aligned(),
        right_area,
    );
}
