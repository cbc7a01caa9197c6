//! The bottom line: the file, whether it is saved, today, and keys for what has focus.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::text::{truncate, truncate_start, width};
use crate::ui::app::App;
use crate::ui::keymap::{self, Context};
use crate::ui::store::SaveStatus;

fn hints(app: &App) -> String {
    if let Some(modal) = app.modals.last() {
        return modal
            .contexts()
            .iter()
            .flat_map(|context| keymap::bindings_in(*context))
            .filter(|b| b.hint)
            .map(|b| format!("{} {}", keymap::binding_keys(b), b.help))
            .collect::<Vec<_>>()
            .join(" · ");
    }
    if app.filter_input.is_some() {
        return "type to filter · Enter keep · Esc clear · ↑/↓ move".to_string();
    }
    let mut parts = Vec::new();
    for &context in app.contexts() {
        for binding in keymap::bindings_in(context).filter(|b| b.hint) {
            let (code, mods) = binding.keys[0];
            let part = format!("{} {}", keymap::key_label(code, mods), binding.help);
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

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let (state, style) = match &app.store.status {
        SaveStatus::Saved => ("saved".to_string(), app.theme.good()),
        SaveStatus::Saving => ("saving…".to_string(), app.theme.warn()),
        SaveStatus::NotCreated => ("not saved yet".to_string(), app.theme.warn()),
        SaveStatus::Failed(_) => ("NOT SAVED".to_string(), app.theme.bad()),
    };
    let left = match &app.message {
        Some(message) => message.clone(),
        None => hints(app),
    };
    let right = format!(
        " {} · {state} · {} ",
        app.location.path.display(),
        app.today.format("%Y-%m-%d")
    );
    let right_width = (crate::ui::layout::length(width(&right))).min(area.width / 2);
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
    let path = truncate_start(
        &app.location.path.display().to_string(),
        usize::from(right_width).saturating_sub(width(&state) + 17),
    );
    frame.render_widget(
        Line::from(vec![
            Span::raw(format!(" {path} · ")),
            Span::styled(state, style),
            Span::raw(format!(" · {} ", app.today.format("%Y-%m-%d"))),
        ])
        .right_aligned(),
        right_area,
    );
}
