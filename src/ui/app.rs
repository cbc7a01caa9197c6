//! The dashboard's state and the one place it changes: `App::update`.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use crate::edit;
use crate::merge;
use crate::model::{Book, ProjectStatus, Stage};
use crate::storage::location::DataLocation;
use crate::storage::{Fingerprint, Loaded};

use super::Pane;
use super::action::Action;
use super::derived::{CheckinRow, Derived, PortfolioView};
use super::form::FormKey;
use super::forms::{self, Purpose};
use super::keymap::{self, Context};
use super::layout;
use super::modal::{Confirm, Confirmed, Conflict, Modal, NotesEditor};
use super::store::{ClientChange, SaveStatus, Store};
use super::theme::Theme;
use super::welcome::Welcome;

/// Work for the runtime that the state itself must not do (it never touches disk).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write a brand-new book (first run) to the data file.
    CreateBook(Box<Book>),
    /// Write the current book (the runtime takes a snapshot from the store).
    Save,
    /// Keep a version that lost a conflict, in a copy beside the book.
    WriteCopy {
        book: Arc<Book>,
        label: &'static str,
    },
}

/// The full view of one client, over the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientView {
    pub id: String,
    pub index: usize,
    pub scroll: u16,
    /// The selected deal or project: deals first, then projects.
    pub item: usize,
}

pub struct App {
    pub location: DataLocation,
    pub today: NaiveDate,
    pub theme: Theme,
    pub store: Store,
    pub derived: Derived,
    pub portfolio: PortfolioView,
    /// The welcome screen, while there is no book yet.
    pub welcome: Option<Welcome>,
    pub focus: Pane,
    /// The selected client (index into the book's clients), shared by every pane.
    pub selected: Option<usize>,
    pub client_view: Option<ClientView>,
    pub help: bool,
    pub help_scroll: u16,
    /// The filter being typed, while `/` is active.
    pub filter_input: Option<TextArea<'static>>,
    pub explain: bool,
    /// Windows over the dashboard, the last one on top.
    pub modals: Vec<Modal>,
    pub size: Rect,
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
            store: Store::new(book, fingerprint),
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
            modals: Vec::new(),
            size,
            message: None,
            should_quit: false,
        };
        app.portfolio.refresh(app.store.book(), &app.derived);
        app.selected = app.derived.ranking.first().copied();
        app
    }

    /// The welcome screen: no book on disk yet.
    pub fn first_run(location: DataLocation, today: NaiveDate, theme: Theme, size: Rect) -> App {
        let mut app = App::new(Book::default(), None, location, today, theme, size);
        app.welcome = Some(Welcome::Choose);
        app
    }

    pub fn book(&self) -> &Book {
        self.store.book()
    }

    pub fn selected_id(&self) -> Option<&str> {
        self.selected
            .and_then(|i| self.book().clients.get(i))
            .map(|c| c.id.as_str())
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.book().clients.iter().position(|c| c.id == id)
    }

    /// After the book changed: recompute what the panes show and keep the selection.
    fn recompute(&mut self, select: Option<String>) {
        let keep = select.or_else(|| self.selected_id().map(String::from));
        self.derived = Derived::compute(self.store.book(), self.today);
        self.portfolio.refresh(self.store.book(), &self.derived);
        self.selected = keep
            .as_deref()
            .and_then(|id| self.index_of(id))
            .or_else(|| self.derived.ranking.first().copied());
        if let Some(view) = self.client_view.take() {
            self.client_view = self
                .index_of(&view.id)
                .map(|index| ClientView { index, ..view });
        }
        let due: Vec<String> = self.reminder_ids();
        if let Some(Modal::Reminders { ids, selected }) = self.modals.first_mut() {
            // A client contacted from the reminder window leaves it at once.
            ids.retain(|id| due.contains(id));
            *selected = (*selected).min(ids.len().saturating_sub(1));
            if ids.is_empty() {
                self.modals.remove(0);
            }
        }
    }

    /// Applies a change, recomputes, and asks for it to be saved.
    fn change(&mut self, change: ClientChange) -> Vec<Effect> {
        let select = change.id_after(false).map(String::from);
        self.message = Some(format!("{} · u undoes", capitalised(&change.label)));
        self.store.apply(change);
        self.recompute(select);
        vec![Effect::Save]
    }

    /// The runtime wrote the book the welcome screen asked for.
    pub fn book_created(&mut self, book: Book, fingerprint: Fingerprint) {
        let mut created = App::new(
            book,
            Some(fingerprint),
            self.location.clone(),
            self.today,
            self.theme,
            self.size,
        );
        created.message = Some(format!("Created {}", self.location.path.display()));
        *self = created;
    }

    /// A save finished. `Ok` carries what was written and the file's new fingerprint.
    pub fn save_finished(
        &mut self,
        book: Arc<Book>,
        generation: u64,
        result: Result<Fingerprint, String>,
    ) {
        match result {
            Ok(fingerprint) => self.store.saved(book, generation, fingerprint),
            Err(message) => {
                self.message = Some(format!("Not saved: {message}. Your change is kept here."));
                self.store.save_failed(message);
            }
        }
    }

    /// The file on disk is not what konto last wrote: fold its changes in with ours.
    pub fn disk_changed(&mut self, loaded: Loaded) -> Vec<Effect> {
        if Some(loaded.fingerprint) == self.store.fingerprint {
            return Vec::new();
        }
        let ours = self.store.book().clone();
        let merged = merge::merge(self.store.base(), &ours, &loaded.book);
        if merged.conflicts.is_empty() {
            let had_changes = self.store.has_unsaved_changes();
            let rewrite = merged.book != loaded.book;
            self.store
                .rebase(loaded.book, loaded.fingerprint, merged.book);
            self.recompute(None);
            self.message = Some(if had_changes {
                "The file was changed elsewhere: merged those changes with yours".to_string()
            } else {
                "The file was changed elsewhere: reloaded".to_string()
            });
            return if rewrite {
                vec![Effect::Save]
            } else {
                Vec::new()
            };
        }
        let mut with_mine = merged.book.clone();
        for id in &merged.conflicts {
            let mine = ours.client(id).cloned();
            let at = with_mine.clients.iter().position(|c| &c.id == id);
            match (at, mine) {
                (Some(i), Some(client)) => with_mine.clients[i] = client,
                (Some(i), None) => {
                    with_mine.clients.remove(i);
                }
                (None, Some(client)) => with_mine.clients.push(client),
                (None, None) => {}
            }
        }
        let names = merged
            .conflicts
            .iter()
            .map(|id| {
                ours.client(id)
                    .or_else(|| loaded.book.client(id))
                    .map_or(id.clone(), |c| c.name.clone())
            })
            .collect();
        self.modals.push(Modal::Conflict(Box::new(Conflict {
            names,
            disk: loaded.book,
            fingerprint: loaded.fingerprint,
            with_theirs: merged.book,
            with_mine,
            mine: Arc::new(ours),
        })));
        Vec::new()
    }

    /// The file could not be read back after a change on disk.
    pub fn disk_unreadable(&mut self, message: String) {
        self.store.save_failed(message.clone());
        self.message = Some(format!(
            "The file on disk no longer loads ({message}); konto will not overwrite it. Fix it and konto picks it up."
        ));
    }

    /// Clients to contact today, most urgent first.
    pub fn reminder_ids(&self) -> Vec<String> {
        self.derived
            .ranking
            .iter()
            .filter(|&&i| self.derived.facts[i].due.is_actionable())
            .map(|&i| self.book().clients[i].id.clone())
            .collect()
    }

    /// Opens the reminder window if anyone is due; says whether it opened.
    pub fn open_reminders(&mut self) -> bool {
        let ids = self.reminder_ids();
        if ids.is_empty() {
            return false;
        }
        self.modals.insert(0, Modal::Reminders { ids, selected: 0 });
        true
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
        if let Some(modal) = self.modals.last() {
            return vec![modal.context()];
        }
        if self.help {
            return vec![Context::Help, Context::Global];
        }
        if self.client_view.is_some() {
            return vec![Context::Client, Context::Edit, Context::Global];
        }
        match self.focus {
            Pane::Portfolio => vec![
                Context::Portfolio,
                Context::List,
                Context::Edit,
                Context::Global,
            ],
            Pane::Priority => vec![
                Context::Priority,
                Context::List,
                Context::Edit,
                Context::Global,
            ],
            Pane::Checkins => vec![Context::List, Context::Edit, Context::Global],
            Pane::Quota => vec![Context::Global],
        }
    }

    /// Turns a terminal event into changes; returns work for the runtime.
    pub fn handle_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Mouse(mouse) if self.modals.is_empty() && self.welcome.is_none() => {
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
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_c && self.modals.is_empty() {
            return self.update(Action::Quit);
        }
        if self.filter_input.is_some() {
            self.filter_key(key);
            return Vec::new();
        }
        if let Some(Welcome::EmptyForm(_)) = self.welcome {
            return self.welcome_form_key(key);
        }
        let action = keymap::lookup(&self.contexts(), key);
        match self.modals.last_mut() {
            Some(Modal::Form(state)) if action.is_none() => {
                if state.form.input(key) == FormKey::Edited {
                    state.over_limit_confirmed = false;
                    let book = self.store.book();
                    forms::refresh(state, book, self.today);
                }
                return Vec::new();
            }
            Some(Modal::Notes(editor)) if action.is_none() => {
                editor.input.input(key);
                return Vec::new();
            }
            _ => {}
        }
        if self.modals.is_empty() {
            self.message = None;
        }
        match action {
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

    fn welcome_form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
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
                Ok(book) => return vec![Effect::CreateBook(Box::new(book))],
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

    fn open_client(&mut self, index: usize) {
        if let Some(id) = self.book().clients.get(index).map(|c| c.id.clone()) {
            self.selected = Some(index);
            self.client_view = Some(ClientView {
                id,
                index,
                scroll: 0,
                item: 0,
            });
        }
    }

    /// The client changes apply to: the one in the client view, else the selection.
    fn target_id(&self) -> Option<String> {
        if let Some(view) = &self.client_view {
            return Some(view.id.clone());
        }
        if let Some(Modal::Reminders { ids, selected }) = self.modals.last() {
            return ids.get(*selected).cloned();
        }
        self.selected_id().map(String::from)
    }

    fn open_form(&mut self, purpose: Purpose) {
        match forms::open(purpose, self.store.book(), self.today) {
            Some(state) => self.modals.push(Modal::Form(Box::new(state))),
            None => self.message = Some("Select a client first".to_string()),
        }
    }

    fn with_target(&mut self, purpose: impl FnOnce(String) -> Purpose) {
        match self.target_id() {
            Some(id) => self.open_form(purpose(id)),
            None => self.message = Some("Select a client first".to_string()),
        }
    }

    /// Deals and projects of the client in view, as (is_deal, index).
    fn view_items(&self) -> Vec<(bool, usize)> {
        let Some(client) = self
            .client_view
            .as_ref()
            .and_then(|v| self.book().clients.get(v.index))
        else {
            return Vec::new();
        };
        // In the order the view lists them: deals by stage, then projects.
        let mut deals: Vec<usize> = (0..client.deals.len()).collect();
        deals.sort_by_key(|&i| client.deals[i].stage());
        deals
            .into_iter()
            .map(|i| (true, i))
            .chain((0..client.projects.len()).map(|i| (false, i)))
            .collect()
    }

    pub fn selected_item(&self) -> Option<(bool, usize)> {
        let view = self.client_view.as_ref()?;
        self.view_items().get(view.item).copied()
    }

    /// Changes the selected deal's stage or project's status in place.
    fn step_item(&mut self, forward: bool) -> Vec<Effect> {
        let (Some(view), Some((is_deal, index))) = (self.client_view.clone(), self.selected_item())
        else {
            return Vec::new();
        };
        let today = self.today;
        let before = self.book().clients[view.index].clone();
        let mut after = before.clone();
        let label = if is_deal {
            let deal = &mut after.deals[index];
            edit::move_stage(deal, forward, today);
            format!("moved \"{}\" to {}", deal.title, deal.stage().label())
        } else {
            let project = &mut after.projects[index];
            let order = [
                ProjectStatus::Planned,
                ProjectStatus::Active,
                ProjectStatus::Blocked,
                ProjectStatus::Done,
            ];
            let at = order
                .iter()
                .position(|s| *s == project.status())
                .unwrap_or(0);
            let next = if forward {
                (at + 1).min(3)
            } else {
                at.saturating_sub(1)
            };
            project.status = Some(order[next]);
            format!("set \"{}\" to {}", project.name, order[next].label())
        };
        if after == before {
            return Vec::new();
        }
        let effects = self.change(ClientChange {
            label,
            before: Some((view.index, before)),
            after: Some((view.index, after)),
        });
        // Keep the cursor on the same deal, though its new stage moves it in the list.
        let position = self
            .view_items()
            .iter()
            .position(|item| *item == (is_deal, index));
        if let (Some(view), Some(position)) = (self.client_view.as_mut(), position) {
            view.item = position;
        }
        effects
    }

    fn scroll_client_view(&mut self, delta: i32) {
        if let Some(view) = self.client_view.as_mut() {
            view.scroll = (i32::from(view.scroll) + delta).clamp(0, i32::from(u16::MAX)) as u16;
        }
    }

    fn move_item(&mut self, delta: isize) {
        let count = self.view_items().len();
        if let Some(view) = self.client_view.as_mut() {
            if count == 0 {
                view.scroll = view.scroll.saturating_add_signed(delta as i16);
            } else {
                view.item = view.item.saturating_add_signed(delta).min(count - 1);
            }
        }
    }

    fn request_quit(&mut self) {
        match &self.store.status {
            SaveStatus::Failed(_) if self.store.has_unsaved_changes() => {
                self.modals.push(Modal::Confirm(Confirm {
                    question: "Your last changes are NOT saved (see the status line). Quit anyway and lose them?"
                        .to_string(),
                    action: Confirmed::QuitUnsaved,
                }));
            }
            // A save still under way is finished by the runtime before it exits.
            _ => self.should_quit = true,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if let Action::Resize { width, height } = action {
            self.size = Rect::new(0, 0, width, height);
            return Vec::new();
        }
        if !self.modals.is_empty() {
            return self.update_modal(action);
        }
        match action {
            Action::Quit => self.request_quit(),
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
            Action::StartFromSample => {
                return vec![Effect::CreateBook(Box::new(super::sample_book()))];
            }
            Action::StartEmpty => self.welcome = Some(Welcome::EmptyForm(Box::default())),
            Action::Undo => match self.store.undo() {
                Some(change) => {
                    self.message = Some(format!("Undid: {} · Ctrl-R redoes", change.label));
                    self.recompute(change.id_after(true).map(String::from));
                    return vec![Effect::Save];
                }
                None => self.message = Some("Nothing to undo".to_string()),
            },
            Action::Redo => match self.store.redo() {
                Some(change) => {
                    self.message = Some(format!("Redid: {}", change.label));
                    self.recompute(change.id_after(false).map(String::from));
                    return vec![Effect::Save];
                }
                None => self.message = Some("Nothing to redo".to_string()),
            },
            Action::AddClient => self.open_form(Purpose::AddClient),
            Action::LogContact => self.with_target(|id| Purpose::LogContact { id }),
            Action::QuickNote => self.with_target(|id| Purpose::QuickNote { id }),
            Action::Snooze => self.with_target(|id| Purpose::Snooze { id }),
            Action::EditClient => self.with_target(|id| Purpose::EditClient { id }),
            Action::AddDeal => self.with_target(|id| Purpose::AddDeal { id }),
            Action::AddProject => self.with_target(|id| Purpose::AddProject { id }),
            Action::AddGift => self.with_target(|id| Purpose::AddGift { id }),
            Action::EditNotes => {
                if let Some(client) = self
                    .target_id()
                    .and_then(|id| self.book().client(&id).cloned())
                {
                    let notes = client.notes.clone().unwrap_or_default();
                    self.modals.push(Modal::Notes(Box::new(NotesEditor::new(
                        &client.id,
                        &client.name,
                        &notes,
                    ))));
                }
            }
            Action::DeleteClient => {
                if let Some(client) = self
                    .target_id()
                    .and_then(|id| self.book().client(&id).cloned())
                {
                    self.modals.push(Modal::Confirm(Confirm {
                        question: format!(
                            "Delete {} ({}) and all its history? u undoes it.",
                            client.name, client.id
                        ),
                        action: Confirmed::DeleteClient { id: client.id },
                    }));
                }
            }
            _ if self.client_view.is_some() => return self.update_client_view(action),
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
                // Only a client the focused pane shows: not one hidden by the filter.
                if let Some(index) = self
                    .selected
                    .filter(|_| self.selected_position(self.focus).is_some())
                {
                    self.open_client(index);
                }
            }
            Action::Back if !self.portfolio.filter.is_empty() => self.set_filter(String::new()),
            Action::StartFilter => {
                // A new search starts empty, as in less or vim.
                self.set_filter(String::new());
                self.filter_input = Some(TextArea::default());
            }
            Action::CycleSort => {
                self.portfolio.sort = self.portfolio.sort.next();
                self.portfolio.descending = false;
                self.portfolio.refresh(self.store.book(), &self.derived);
            }
            Action::ReverseSort => {
                self.portfolio.descending = !self.portfolio.descending;
                self.portfolio.refresh(self.store.book(), &self.derived);
            }
            Action::ToggleExplain => self.explain = !self.explain,
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => {
                if let Some((pane, _)) = self.areas().pane_at(column, row) {
                    self.focus = pane;
                    self.move_selection(if down { 1 } else { -1 });
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn update_client_view(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Back => self.client_view = None,
            Action::Up => self.move_item(-1),
            Action::Down => self.move_item(1),
            Action::PageUp => self.scroll_client_view(-10),
            Action::PageDown => self.scroll_client_view(10),
            Action::Top => self.scroll_client_view(-i32::from(u16::MAX)),
            Action::Bottom => {
                if let Some(view) = self.client_view.as_mut() {
                    view.scroll = u16::MAX;
                }
            }
            Action::Scroll { down, .. } => self.scroll_client_view(if down { 3 } else { -3 }),
            Action::StageForward => return self.step_item(true),
            Action::StageBack => return self.step_item(false),
            Action::MarkWon | Action::MarkLost => {
                if let (Some(id), Some((true, index))) = (self.target_id(), self.selected_item()) {
                    let outcome = if action == Action::MarkWon {
                        Stage::Won
                    } else {
                        Stage::Lost
                    };
                    self.open_form(Purpose::CloseDeal { id, index, outcome });
                }
            }
            Action::EditItem => match (self.target_id(), self.selected_item()) {
                (Some(id), Some((true, index))) => self.open_form(Purpose::EditDeal { id, index }),
                (Some(id), Some((false, index))) => {
                    self.open_form(Purpose::EditProject { id, index })
                }
                _ => {}
            },
            Action::FocusNext | Action::FocusPrev | Action::Focus(_) => {
                self.client_view = None;
                return self.update(action);
            }
            _ => {}
        }
        Vec::new()
    }

    fn update_modal(&mut self, action: Action) -> Vec<Effect> {
        let Some(modal) = self.modals.pop() else {
            return Vec::new();
        };
        match modal {
            Modal::Reminders { ids, mut selected } => {
                match action {
                    Action::Up => selected = selected.saturating_sub(1),
                    Action::Down => selected = (selected + 1).min(ids.len().saturating_sub(1)),
                    Action::Back => return Vec::new(),
                    Action::Open => {
                        if let Some(index) = ids.get(selected).and_then(|id| self.index_of(id)) {
                            self.open_client(index);
                        }
                        return Vec::new();
                    }
                    Action::LogContact | Action::Snooze => {
                        let id = ids.get(selected).cloned();
                        self.modals.push(Modal::Reminders { ids, selected });
                        if let Some(id) = id {
                            let purpose = if action == Action::LogContact {
                                Purpose::LogContact { id }
                            } else {
                                Purpose::Snooze { id }
                            };
                            self.open_form(purpose);
                        }
                        return Vec::new();
                    }
                    _ => {}
                }
                self.modals.push(Modal::Reminders { ids, selected });
            }
            Modal::Form(mut state) => match action {
                Action::Cancel => {}
                Action::NextField => {
                    state.form.next_field();
                    self.modals.push(Modal::Form(state));
                }
                Action::PreviousField => {
                    state.form.previous_field();
                    self.modals.push(Modal::Form(state));
                }
                Action::Submit => match forms::submit(&mut state, self.store.book(), self.today) {
                    Some(change) => return self.change(change),
                    None => self.modals.push(Modal::Form(state)),
                },
                _ => self.modals.push(Modal::Form(state)),
            },
            Modal::Notes(editor) => match action {
                Action::Submit => {
                    let text = editor.text();
                    let Some(index) = self.index_of(&editor.id) else {
                        return Vec::new();
                    };
                    if !editor.changed() {
                        return Vec::new();
                    }
                    let before = self.book().clients[index].clone();
                    let mut after = before.clone();
                    after.notes = Some(text).filter(|t| !t.is_empty());
                    return self.change(ClientChange {
                        label: format!("edited the notes on {}", editor.name),
                        before: Some((index, before)),
                        after: Some((index, after)),
                    });
                }
                Action::Cancel if editor.changed() => {
                    self.modals.push(Modal::Notes(editor));
                    self.modals.push(Modal::Confirm(Confirm {
                        question: "Throw away your changes to the notes?".to_string(),
                        action: Confirmed::DiscardNotes,
                    }));
                }
                Action::Cancel => {}
                _ => self.modals.push(Modal::Notes(editor)),
            },
            Modal::Confirm(confirm) => match action {
                Action::Yes => return self.confirmed(confirm.action),
                Action::No => {}
                _ => self.modals.push(Modal::Confirm(confirm)),
            },
            Modal::Conflict(conflict) => match action {
                Action::KeepMine | Action::TakeTheirs => {
                    let keep_mine = action == Action::KeepMine;
                    let Conflict {
                        disk,
                        fingerprint,
                        with_theirs,
                        with_mine,
                        mine,
                        ..
                    } = *conflict;
                    let (kept, copy, label) = if keep_mine {
                        (with_mine, Arc::new(disk.clone()), "theirs")
                    } else {
                        (with_theirs, mine, "mine")
                    };
                    let rewrite = kept != disk;
                    self.store.rebase(disk, fingerprint, kept);
                    self.recompute(None);
                    self.message = Some(format!(
                        "Conflict settled; the other version is kept in a copy beside the book ({label})"
                    ));
                    let mut effects = vec![Effect::WriteCopy { book: copy, label }];
                    if rewrite {
                        effects.push(Effect::Save);
                    }
                    return effects;
                }
                _ => self.modals.push(Modal::Conflict(conflict)),
            },
        }
        Vec::new()
    }

    fn confirmed(&mut self, action: Confirmed) -> Vec<Effect> {
        match action {
            Confirmed::DeleteClient { id } => {
                let Some(index) = self.index_of(&id) else {
                    return Vec::new();
                };
                let client = self.book().clients[index].clone();
                self.client_view = None;
                self.change(ClientChange {
                    label: format!("deleted {}", client.name),
                    before: Some((index, client)),
                    after: None,
                })
            }
            Confirmed::DiscardNotes => {
                if let Some(Modal::Notes(_)) = self.modals.last() {
                    self.modals.pop();
                }
                Vec::new()
            }
            Confirmed::QuitUnsaved => {
                self.should_quit = true;
                Vec::new()
            }
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

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
