//! The dashboard's state and the one place it changes: `App::update`.

use chrono::{Datelike, NaiveDate};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use crate::model::Book;
use crate::storage::Fingerprint;
use crate::storage::location::DataLocation;

use super::Pane;
use super::action::Action;
use super::derived::{CheckinRow, Derived, PortfolioView};
use super::keymap::{self, Context};
use super::layout;
use super::theme::Theme;
use super::welcome::Welcome;

/// Work for the runtime that the state itself must not do (it never touches disk).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write a brand-new book (first run) to the data file.
    CreateBook(Book),
}

/// The full view of one client, over the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientView {
    pub index: usize,
    pub scroll: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing written yet (first run, before a choice).
    NotCreated,
    Saved,
    Failed(String),
}

pub struct App {
    pub location: DataLocation,
    pub today: NaiveDate,
    pub theme: Theme,
    pub book: Book,
    pub fingerprint: Option<Fingerprint>,
    pub derived: Derived,
    pub portfolio: PortfolioView,
    /// The welcome screen, while there is no book yet.
    pub welcome: Option<Welcome>,
    pub focus: Pane,
    /// The selected client (index into `book.clients`), shared by every pane.
    pub selected: Option<usize>,
    pub client_view: Option<ClientView>,
    pub help: bool,
    pub help_scroll: u16,
    /// The filter being typed, while `/` is active.
    pub filter_input: Option<TextArea<'static>>,
    pub explain: bool,
    pub size: Rect,
    pub save_state: SaveState,
    /// A one-off message for the status line.
    pub message: Option<String>,
    pub should_quit: bool,
}

impl App {
    /// The dashboard over a loaded book.
    pub fn new(
        book: Book,
        fingerprint: Option<Fingerprint>,
        location: DataLocation,
        today: NaiveDate,
        theme: Theme,
        size: Rect,
    ) -> App {
        let derived = Derived::compute(&book, today);
        let mut app = App {
            location,
            today,
            theme,
            book,
            fingerprint,
            derived,
            portfolio: PortfolioView::default(),
            welcome: None,
            focus: Pane::Portfolio,
            selected: None,
            client_view: None,
            help: false,
            help_scroll: 0,
            filter_input: None,
            explain: false,
            size,
            save_state: SaveState::Saved,
            message: None,
            should_quit: false,
        };
        app.refresh_portfolio();
        app.selected = app.derived.ranking.first().copied();
        app
    }

    /// The welcome screen: no book on disk yet.
    pub fn first_run(location: DataLocation, today: NaiveDate, theme: Theme, size: Rect) -> App {
        let mut app = App::new(Book::default(), None, location, today, theme, size);
        app.welcome = Some(Welcome::Choose);
        app.save_state = SaveState::NotCreated;
        app
    }

    fn refresh_portfolio(&mut self) {
        self.portfolio.refresh(&self.book, &self.derived);
    }

    /// The runtime wrote the book the welcome screen asked for.
    pub fn book_created(&mut self, book: Book, fingerprint: Fingerprint) {
        let welcome_gone = App::new(
            book,
            Some(fingerprint),
            self.location.clone(),
            self.today,
            self.theme,
            self.size,
        );
        *self = welcome_gone;
        self.message = Some(format!("Created {}", self.location.path.display()));
    }

    pub fn save_failed(&mut self, error: String) {
        self.save_state = SaveState::Failed(error.clone());
        self.message = Some(error);
    }

    /// Client indices of a pane's list, in the order shown.
    pub fn pane_clients(&self, pane: Pane) -> &[usize] {
        match pane {
            Pane::Portfolio => &self.portfolio.rows,
            Pane::Priority => &self.derived.ranking,
            Pane::Checkins => &self.derived.checkin_clients,
            Pane::Quota => &[],
        }
    }

    /// The selected client's position in a pane's list, if it is there.
    pub fn selected_position(&self, pane: Pane) -> Option<usize> {
        let selected = self.selected?;
        self.pane_clients(pane).iter().position(|i| *i == selected)
    }

    /// The selected row of the check-ins pane, counting its group headers.
    pub fn selected_checkin_row(&self) -> Option<usize> {
        let selected = self.selected?;
        self.derived
            .checkin_rows
            .iter()
            .position(|row| *row == CheckinRow::Client { index: selected })
    }

    pub fn areas(&self) -> layout::Areas {
        layout::areas(self.size, self.focus)
    }

    /// Key contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.welcome.is_some() {
            return vec![Context::Welcome];
        }
        if self.help {
            return vec![Context::Help, Context::Global];
        }
        if self.client_view.is_some() {
            return vec![Context::Client, Context::Global];
        }
        match self.focus {
            Pane::Portfolio => vec![Context::Portfolio, Context::List, Context::Global],
            Pane::Priority => vec![Context::Priority, Context::List, Context::Global],
            Pane::Checkins => vec![Context::List, Context::Global],
            Pane::Quota => vec![Context::Global],
        }
    }

    /// Turns a terminal event into changes; returns work for the runtime.
    pub fn handle_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Mouse(mouse) => {
                let action = match mouse.kind {
                    MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                        column: mouse.column,
                        row: mouse.row,
                    }),
                    MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Scroll {
                        column: mouse.column,
                        row: mouse.row,
                        down: mouse.kind == MouseEventKind::ScrollDown,
                    }),
                    _ => None,
                };
                action.map(|a| self.update(a)).unwrap_or_default()
            }
            Event::Resize(width, height) => self.update(Action::Resize { width, height }),
            _ => Vec::new(),
        }
    }

    fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.should_quit = true;
            return Vec::new();
        }
        if self.filter_input.is_some() {
            self.filter_key(key);
            return Vec::new();
        }
        if let Some(Welcome::EmptyForm(_)) = self.welcome {
            return self.form_key(key);
        }
        self.message = None;
        match keymap::lookup(&self.contexts(), key) {
            Some(action) => self.update(action),
            None => Vec::new(),
        }
    }

    /// While filtering, keys type into the filter; it applies as you type.
    fn filter_key(&mut self, key: KeyEvent) {
        let Some(input) = self.filter_input.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Enter => {
                self.filter_input = None;
            }
            KeyCode::Esc => {
                self.filter_input = None;
                self.set_filter(String::new());
            }
            KeyCode::Up | KeyCode::Down => {
                // Move through the matches without leaving the filter.
                self.move_selection(if key.code == KeyCode::Up { -1 } else { 1 });
            }
            _ => {
                input.input(key);
                let text = input.lines().join(" ");
                self.set_filter(text);
            }
        }
    }

    fn set_filter(&mut self, text: String) {
        self.portfolio.filter = text;
        self.portfolio.apply_filter(&self.derived);
        if self.selected_position(Pane::Portfolio).is_none() {
            self.selected = self.portfolio.rows.first().copied().or(self.selected);
        }
    }

    fn form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let year = self.today.year();
        let Some(Welcome::EmptyForm(form)) = self.welcome.as_mut() else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => self.welcome = Some(Welcome::Choose),
            KeyCode::Tab | KeyCode::Down => form.focus = (form.focus + 1) % form.inputs.len(),
            KeyCode::BackTab | KeyCode::Up => {
                form.focus = (form.focus + form.inputs.len() - 1) % form.inputs.len()
            }
            KeyCode::Enter => match form.book(year) {
                Ok(book) => return vec![Effect::CreateBook(book)],
                Err(error) => form.error = Some(error),
            },
            _ => {
                form.inputs[form.focus].input(key);
                form.error = None;
            }
        }
        Vec::new()
    }

    /// Visible data rows of a pane's list, for paging.
    fn page_size(&self, pane: Pane) -> usize {
        self.areas()
            .pane(pane)
            .map(layout::table_rows)
            .unwrap_or(10)
            .max(1)
    }

    fn move_selection(&mut self, delta: isize) {
        let pane = self.focus;
        let list = self.pane_clients(pane);
        if list.is_empty() {
            return;
        }
        let last = list.len() - 1;
        let target = match self.selected_position(pane) {
            Some(position) => position.saturating_add_signed(delta).min(last),
            None => 0,
        };
        self.selected = Some(list[target]);
    }

    fn jump(&mut self, to_end: bool) {
        let list = self.pane_clients(self.focus);
        let target = if to_end { list.last() } else { list.first() };
        if let Some(index) = target.copied() {
            self.selected = Some(index);
        }
    }

    /// Enters a pane: keeps the selection if the client is listed there, else its first row.
    fn focus_pane(&mut self, pane: Pane) {
        self.focus = pane;
        if self.selected_position(pane).is_none()
            && let Some(first) = self.pane_clients(pane).first()
        {
            self.selected = Some(*first);
        }
    }

    fn scroll_client_view(&mut self, delta: i32) {
        if let Some(view) = self.client_view.as_mut() {
            view.scroll = (i32::from(view.scroll) + delta).clamp(0, i32::from(u16::MAX)) as u16;
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::Up | Action::Down if self.help => {
                self.help_scroll = if action == Action::Up {
                    self.help_scroll.saturating_sub(1)
                } else {
                    self.help_scroll.saturating_add(1)
                };
            }
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
            Action::StartFromSample => {
                return vec![Effect::CreateBook(super::sample_book())];
            }
            Action::StartEmpty => {
                self.welcome = Some(Welcome::EmptyForm(Box::default()));
            }
            _ if self.client_view.is_some() => self.update_client_view(action),
            Action::FocusNext => self.focus_pane(self.focus.next()),
            Action::FocusPrev => self.focus_pane(self.focus.prev()),
            Action::Focus(pane) => self.focus_pane(pane),
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::PageUp => self.move_selection(-(self.page_size(self.focus) as isize)),
            Action::PageDown => self.move_selection(self.page_size(self.focus) as isize),
            Action::Top => self.jump(false),
            Action::Bottom => self.jump(true),
            Action::Open => {
                if let Some(index) = self.selected.filter(|_| self.focus != Pane::Quota) {
                    self.client_view = Some(ClientView { index, scroll: 0 });
                }
            }
            Action::Back => {
                if !self.portfolio.filter.is_empty() {
                    self.set_filter(String::new());
                }
            }
            Action::StartFilter => {
                let mut input = TextArea::new(vec![self.portfolio.filter.clone()]);
                input.move_cursor(ratatui_textarea::CursorMove::End);
                self.filter_input = Some(input);
            }
            Action::CycleSort => {
                self.portfolio.sort = self.portfolio.sort.next();
                self.portfolio.descending = false;
                self.refresh_portfolio();
            }
            Action::ReverseSort => {
                self.portfolio.descending = !self.portfolio.descending;
                self.refresh_portfolio();
            }
            Action::ToggleExplain => self.explain = !self.explain,
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => {
                if let Some((pane, _)) = self.areas().pane_at(column, row) {
                    self.focus = pane;
                    self.move_selection(if down { 1 } else { -1 });
                }
            }
        }
        Vec::new()
    }

    fn update_client_view(&mut self, action: Action) {
        match action {
            Action::Back => self.client_view = None,
            Action::Up => self.scroll_client_view(-1),
            Action::Down => self.scroll_client_view(1),
            Action::PageUp => self.scroll_client_view(-10),
            Action::PageDown => self.scroll_client_view(10),
            Action::Top => self.scroll_client_view(-i32::from(u16::MAX)),
            Action::Bottom => {
                if let Some(view) = self.client_view.as_mut() {
                    view.scroll = u16::MAX;
                }
            }
            Action::Scroll { down, .. } => self.scroll_client_view(if down { 3 } else { -3 }),
            Action::FocusNext | Action::FocusPrev | Action::Focus(_) => {
                self.client_view = None;
                self.update(action);
            }
            _ => {}
        }
    }

    /// A click focuses the pane under it and selects the row it hits.
    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if let Some(tabs) = areas.tabs.filter(|t| t.y == row) {
            let width = (tabs.width / Pane::ALL.len() as u16).max(1);
            let slot = usize::from(column.saturating_sub(tabs.x) / width);
            if let Some(pane) = Pane::ALL.get(slot) {
                self.focus_pane(*pane);
            }
            return;
        }
        let Some((pane, frame)) = areas.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        let inner_top = frame.y + 1;
        let (header_rows, list_len, visible) = match pane {
            Pane::Portfolio | Pane::Priority => {
                (1, self.pane_clients(pane).len(), layout::table_rows(frame))
            }
            Pane::Checkins => (0, self.derived.checkin_rows.len(), layout::list_rows(frame)),
            Pane::Quota => return,
        };
        let Some(offset_row) = row.checked_sub(inner_top + header_rows) else {
            return;
        };
        let selected_row = match pane {
            Pane::Checkins => self.selected_checkin_row(),
            _ => self.selected_position(pane),
        }
        .unwrap_or(0);
        let offset = layout::scroll_offset(selected_row, visible);
        let clicked = offset + usize::from(offset_row);
        if clicked >= list_len || usize::from(offset_row) >= visible {
            return;
        }
        self.selected = match pane {
            Pane::Checkins => match self.derived.checkin_rows[clicked] {
                CheckinRow::Client { index } => Some(index),
                CheckinRow::Header { .. } => self.selected,
            },
            _ => Some(self.pane_clients(pane)[clicked]),
        };
    }
}
