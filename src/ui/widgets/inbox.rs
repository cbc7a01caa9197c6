//! The inbox: addresses capture met that are nobody's in the book, under their domains,
//! each with how many meetings and messages it was in.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::text::{plural, truncate};
use crate::ui::app::App;
use crate::ui::chrome::centered;
use crate::ui::keymap::Context;
use crate::ui::modal::{InboxRow, InboxView};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &InboxView) {
    let height = area.height.saturating_sub(4).clamp(5, 20);
    let rect = centered(area, 76, height);
    crate::ui::chrome::clear_for_popup(frame, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(" Inbox: people capture met who are not in the book ")
        .title_bottom(format!(" {} ", app.keymap.overlay_hints(Context::Inbox)));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    let mut picked_line = 0;
    let mut address_index = 0;
    for row in &view.rows {
        match row {
            InboxRow::Domain { domain, client } => {
                let owner = client
                    .as_ref()
                    .map_or_else(|| "no client".to_string(), |name| format!("at {name}"));
                lines.push(Line::from(Span::styled(
                    truncate(&format!("{domain} · {owner}"), width),
                    app.theme.header(),
                )));
            }
            InboxRow::Address { address, items, .. } => {
                let text = truncate(
                    &format!("  {address}  {}", plural(*items, "item", "items")),
                    width,
                );
                if address_index == view.selected {
                    picked_line = lines.len();
                    lines.push(Line::from(Span::styled(text, app.theme.selected())));
                } else {
                    lines.push(Line::from(text));
                }
                address_index += 1;
            }
        }
    }
    let visible = usize::from(inner.height);
    let offset = crate::ui::layout::scroll_offset(picked_line, visible);
    frame.render_widget(
        Paragraph::new(lines).scroll((crate::ui::layout::length(offset), 0)),
        inner,
    );
}
