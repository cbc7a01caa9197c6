//! The dashboard's state and the one place it changes: `App::update`.

use std::sync::Arc;

use chrono::NaiveDate;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use crate::edit;
use crate::merge;
use crate::model::{Book, Client, RemindOnLaunch, Stage};
use crate::storage::location::DataLocation;
use crate::storage::{Fingerprint, Loaded};
use crate::ui::config::Settings;

use super::Pane;

mod board;
mod client_view;
pub use crate::edit::Item;
pub use client_view::items_of;
mod disk;
mod inbox;
pub use inbox::AfterCapture;
mod modal_keys;
mod navigation;
mod preview;
use super::action::Action;
use super::derived::{CheckinRow, Derived, PortfolioView, TeamView, WholeFigures};
use super::first_run::Welcome;
use super::form::{
    ClientForm, CloseDealForm, ContactForm, DealForm, Facts, Form, FormKind, GiftForm,
    LogContactForm, NewBookForm, ProjectForm, QuickNoteForm, SnoozeForm, Submitted, TaskForm,
};
use super::keymap::{Context, KeyMap};
use super::layout;
use super::modal::{Confirm, Confirmed, Conflict, ConflictOrigin, Modal, NotesEditor, Reminder};
use super::store::{ClientChange, SaveStatus, Store};
use super::theme::Theme;
use modal_keys::{FormStep, form_key};
use preview::Held;

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
    /// Restore the terminal and stop the process until the shell continues it.
    Suspend,
    /// The morning reminders were shown: do not show them again on today's next launch.
    RemindersShown,
    /// Add capture's unknown addresses (address, items, client id) to the kept inbox.
    /// Addresses capture met that are nobody's: (address, items, client, name).
    RememberUnknown(Vec<(String, usize, Option<String>, Option<String>)>),
    /// Never list this address in the inbox again.
    IgnoreAddress(String),
    /// Sync the book with the other machines, off the keyboard's path.
    Sync,
    /// Work out every pane's figures for `book` off the keyboard's path; they come back
    /// as [`Message::Derived`] with this generation.
    Derive {
        book: Arc<Book>,
        today: NaiveDate,
        generation: u64,
    },
    /// Read the whole book in place of the preview of the text with this fingerprint on
    /// screen, off the keyboard's path; it comes back as [`Message::WholeBookRead`].
    ReadWholeBook(Fingerprint),
    /// Free a book the dashboard is done with (its last handle), off the keyboard's path:
    /// a preview of 100,000 clients takes 30 ms to free.
    Discard(Arc<Book>),
    /// Keep a preview of `book` (the file at `fingerprint`) in the cache, off the
    /// keyboard's path, for the next launch ([`crate::storage::keep_preview`]).
    KeepPreview {
        book: Arc<Book>,
        fingerprint: Fingerprint,
    },
}

/// A line feed read as Enter. Enter typed while konto opens, before it has the keyboard,
/// reaches it as a line feed (the terminal's line discipline turns Enter's carriage
/// return into one), which a terminal in raw mode reports as Ctrl-J; terminals have
/// always meant Ctrl-J as Enter too. Taken as a text-editing key, it deleted the line
/// just typed into a form.
fn line_feed_as_enter(event: &Event) -> Event {
    match *event {
        Event::Key(key)
            if key.code == KeyCode::Char('j') && key.modifiers == KeyModifiers::CONTROL =>
        {
            Event::Key(KeyEvent {
                code: KeyCode::Enter,
                modifiers: KeyModifiers::NONE,
                ..key
            })
        }
        _ => event.clone(),
    }
}

/// Up to this many clients the panes' figures are worked out on the keyboard's path after
/// an edit (about 15 ms at 5,000); above it, the edited clients' rows at once and the
/// rest off it ([`Effect::Derive`]).
pub const DERIVE_INLINE_UP_TO: usize = 5_000;

/// Where the book stands against the other machines, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncLine {
    /// Set up; never synced yet.
    Never,
    Synced(chrono::DateTime<chrono::Utc>),
    Syncing,
    /// The remote could not be reached: the changes here wait for the next sync.
    Offline,
    /// The same field changed two ways: `konto sync` lists them.
    Clash,
    Failed,
}

/// A full window over the dashboard that is not a modal: it reads, it does not edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The keys, from the key map.
    Help,
    /// Each colleague's load and clashes.
    Team,
}

/// Everything that changes the dashboard's state, all through [`App::update`]: what the
/// user asks for, and what the disk and the saver report back.
#[derive(Debug)]
pub enum Message {
    Act(Action),
    /// The book the welcome screen asked for was written.
    BookCreated {
        book: Box<Book>,
        fingerprint: Fingerprint,
    },
    /// It could not be written.
    CreateFailed(String),
    /// A save finished: what was written, of which generation, and the file's new
    /// fingerprint, or why it failed.
    SaveFinished {
        book: Arc<Book>,
        generation: u64,
        result: Result<Fingerprint, String>,
    },
    /// The file on disk is not what konto last read or wrote.
    DiskChanged(Box<Loaded>),
    /// Capture at launch read its calendars and mailboxes (for this user).
    Captured {
        found: Box<crate::capture::Found>,
        me: crate::capture::Me,
    },
    /// It could not (a file gone, a folder that is no Maildir).
    CaptureFailed(String),
    /// A sync ended: what it did, or what stopped it.
    Synced(Result<crate::sync::Report, String>),
    /// The clock moved on (a minute): "synced 4 min ago" stays true.
    Clock(chrono::DateTime<chrono::Utc>),
    /// The file could not be read back.
    DiskUnreadable(String),
    /// The side of a conflict the user did not keep was written here, or could not be.
    CopyWritten(Result<std::path::PathBuf, String>),
    /// The panes' figures an [`Effect::Derive`] asked for, of that generation.
    Derived {
        generation: u64,
        derived: Box<Derived>,
    },
    /// The first frame is on the screen.
    Shown,
    /// The whole book an [`Effect::ReadWholeBook`] asked for, with its figures, or why it
    /// could not be read.
    WholeBookRead(Box<Result<(Loaded, WholeFigures), String>>),
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

/// Whether the reminder window may open by itself this run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RemindersThisRun {
    /// As `config.ron` (or the book) says.
    #[default]
    AsSet,
    /// `--no-reminders`: held back, this once.
    Held,
}

pub struct App {
    pub location: DataLocation,
    /// The book's path as the status line shows it (`~/.config/konto/book.ron`).
    pub path_label: String,
    pub today: NaiveDate,
    /// The moment the dashboard started (read once, in `main`): contacts' local times are
    /// shown from it. Noon UTC of `today` until the runtime sets it.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Where the book stands against the other machines; `None` when it does not sync.
    pub sync: Option<SyncLine>,
    /// When contacts are called, and whether the morning window lists first those who
    /// can be called now (`config.ron`).
    pub calling: crate::rules::clock::Calling,
    pub theme: Theme,
    /// The keys, with the user's rebindings from `config.ron`.
    pub keymap: KeyMap,
    /// When the reminder window opens, if `config.ron` says.
    pub remind_setting: Option<RemindOnLaunch>,
    /// Whether the reminder window may open by itself this run (`r` always opens it).
    pub reminders_this_run: RemindersThisRun,
    /// Addresses capture met that are nobody's here, and those ignored for good.
    pub inbox: crate::storage::launch_state::InboxState,
    /// What waits for capture at launch to finish.
    pub after_capture: AfterCapture,
    /// The state folder's file (inbox, reminders shown); `None`: nothing is kept.
    pub state_file: Option<std::path::PathBuf>,
    pub store: Store,
    pub derived: Derived,
    pub portfolio: PortfolioView,
    /// The welcome screen, while there is no book yet.
    pub welcome: Option<Welcome>,
    pub focus: Pane,
    /// The selected client (index into the book's clients), shared by every pane.
    pub selected: Option<usize>,
    pub client_view: Option<ClientView>,
    /// Which row of the agenda is picked: a client can be there twice (a check-in and a
    /// task), so its index alone does not say.
    pub agenda_cursor: usize,
    /// The pipeline board's cursor: (stage column, deal row).
    pub board_cursor: (usize, usize),
    /// The help or the team over the dashboard.
    pub overlay: Option<Overlay>,
    pub overlay_scroll: u16,
    /// What the team overlay shows, while it is open.
    pub team: TeamView,
    /// Counts the changes the panes' figures follow: figures worked out for an older one
    /// are not shown.
    derive_generation: u64,
    /// See [`DERIVE_INLINE_UP_TO`] (the tests lower it to reach the other path).
    pub derive_inline_up_to: usize,
    /// The change the figures on screen follow (see `derive_generation`).
    shown_generation: u64,
    /// The filter being typed, while `/` is active.
    pub filter_input: Option<TextArea<'static>>,
    pub explain: bool,
    /// `z`: the focused pane fills the screen.
    pub zoomed: bool,
    /// Windows over the dashboard, the last one on top.
    pub modals: Vec<Modal>,
    pub size: Rect,
    /// A one-off message for the status line.
    pub message: Option<String>,
    pub should_quit: bool,
    /// Whether the first frame was shown, and what waits for the whole book meanwhile.
    opening: preview::Opening,
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
        App::over(Store::new(book, fingerprint), location, today, theme, size)
    }

    /// The dashboard over a preview of a large book: the whole book is asked for once
    /// the first frame is shown ([`Message::Shown`]), and takes the preview's place.
    pub fn preview(
        preview: crate::storage::Preview,
        location: DataLocation,
        today: NaiveDate,
        theme: Theme,
        size: Rect,
    ) -> App {
        App::over(Store::preview(preview), location, today, theme, size)
    }

    fn over(
        store: Store,
        location: DataLocation,
        today: NaiveDate,
        theme: Theme,
        size: Rect,
    ) -> App {
        let derived = if store.is_preview() {
            Derived::of_preview(store.book(), today)
        } else {
            Derived::compute(store.book(), today)
        };
        let mut app = App {
            path_label: location.home_relative(),
            location,
            today,
            now: today.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
            sync: None,
            calling: crate::rules::clock::Calling::default(),
            theme,
            keymap: KeyMap::default(),
            remind_setting: None,
            reminders_this_run: RemindersThisRun::AsSet,
            inbox: crate::storage::launch_state::InboxState::default(),
            after_capture: AfterCapture::Nothing,
            state_file: None,
            store,
            derived,
            portfolio: PortfolioView::default(),
            welcome: None,
            focus: Pane::Portfolio,
            selected: None,
            client_view: None,
            agenda_cursor: 0,
            board_cursor: (0, 0),
            overlay: None,
            overlay_scroll: 0,
            team: TeamView::default(),
            derive_generation: 0,
            derive_inline_up_to: DERIVE_INLINE_UP_TO,
            shown_generation: 0,
            filter_input: None,
            explain: false,
            zoomed: false,
            modals: Vec::new(),
            size,
            message: None,
            should_quit: false,
            opening: preview::Opening::default(),
        };
        app.portfolio.refresh(app.store.book(), &app.derived);
        app.selected = app.derived.ranking.first().copied();
        app
    }

    /// How the dashboard is left: sort and focused pane, for the next launch.
    pub fn view_state(&self) -> crate::storage::launch_state::ViewState {
        crate::storage::launch_state::ViewState {
            sort: Some(self.portfolio.sort.title().to_string()),
            descending: Some(self.portfolio.descending),
            pane: Some(self.focus.title().to_string()),
        }
    }

    /// Takes up the user's preferences: colours, keys, reminders, the first sort.
    pub fn apply_settings(&mut self, settings: &Settings) {
        self.theme = settings.theme;
        self.keymap = settings.keymap.clone();
        self.remind_setting = settings.common.remind_on_launch;
        self.calling = settings.common.calling;
        if let Some(sort) = settings.default_sort {
            self.sort_portfolio(sort, sort.largest_first());
        }
    }

    /// When the reminder window opens by itself: `config.ron`'s setting, else the one an
    /// older book still carries, else daily.
    pub fn remind_on_launch(&self) -> RemindOnLaunch {
        self.remind_setting
            .or(self.store.book().remind_on_launch)
            .unwrap_or_default()
    }

    /// Takes up the sort and focused pane the dashboard was left with; unknown names
    /// (an older or newer konto's) are ignored.
    pub fn restore_view(&mut self, view: &crate::storage::launch_state::ViewState) {
        use strum::IntoEnumIterator;
        if let Some(sort) = view
            .sort
            .as_deref()
            .and_then(|s| super::derived::SortColumn::iter().find(|c| c.title() == s))
        {
            self.sort_portfolio(sort, view.descending.unwrap_or(sort.largest_first()));
        }
        if let Some(pane) = view
            .pane
            .as_deref()
            .and_then(|p| Pane::iter().find(|pane| pane.title() == p))
        {
            self.focus_pane(pane);
        }
    }

    /// Sorts the portfolio by `sort`, unless it is sorted so already (a sort of 100,000
    /// clients is a tenth of the first frame).
    fn sort_portfolio(&mut self, sort: super::derived::SortColumn, descending: bool) {
        if (self.portfolio.sort, self.portfolio.descending) != (sort, descending) {
            self.portfolio.sort = sort;
            self.portfolio.descending = descending;
            self.portfolio.refresh(self.store.book(), &self.derived);
        }
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

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.book().clients.iter().position(|c| c.id == id)
    }

    /// Whether the figures on screen are of an older book, newer ones being worked out.
    pub fn figures_pending(&self) -> bool {
        self.shown_generation != self.derive_generation
    }

    /// The team overlay's contents while it is open (and nothing kept while it is not).
    fn refresh_team(&mut self) {
        self.team = if self.overlay == Some(Overlay::Team) {
            TeamView::compute(self.store.book(), self.today)
        } else {
            TeamView::default()
        };
    }

    /// After the book changed: recompute what the panes show and keep the selection.
    pub(super) fn recompute(&mut self, select: Option<String>) {
        let derived = Derived::compute(self.store.book(), self.today);
        // Figures still being worked out for an older book are not wanted now.
        self.derive_generation += 1;
        self.show_derived(derived, select);
    }

    /// After a change (or its undo) that selects `select` and edited the clients at
    /// `edited` in place (`None`: it added, removed or moved one): every pane's figures
    /// at once for a book of at most [`App::derive_inline_up_to`] clients. For a larger
    /// one edited in place, the edited clients' rows now and the rest off the keyboard's
    /// path: the ranking, the agenda, the board, the quota and the reminder window follow
    /// when [`Message::Derived`] comes back (0.4 s at 100,000 clients).
    fn recompute_after(
        &mut self,
        (select, edited): (Option<String>, Option<Vec<usize>>),
    ) -> Vec<Effect> {
        if self.book().clients.len() > self.derive_inline_up_to
            && let Some(edited) = edited
            && self.derived.patch(self.store.book(), &edited, self.today)
        {
            self.derive_generation += 1;
            if let Some(index) = select.as_deref().and_then(|id| self.index_of(id)) {
                self.selected = Some(index);
            }
            self.refresh_team();
            // The edited clients' facts are current: what was handled leaves the window.
            self.drop_handled_reminders();
            let (book, _) = self.store.snapshot();
            return vec![Effect::Derive {
                book,
                today: self.today,
                generation: self.derive_generation,
            }];
        }
        self.recompute(select);
        Vec::new()
    }

    /// Shows `derived`, the figures of the book as it is now, keeping the selection
    /// (`select`, else the client selected) and the board's deal.
    fn show_derived(&mut self, derived: Derived, select: Option<String>) {
        let keep = select.or_else(|| self.selected_id().map(String::from));
        // The board's cursor follows its deal (its client's id and the deal's id), not a
        // place on the board: an edit re-sorts the board.
        let on_board = self.board_deal().and_then(|d| {
            let client = self.book().clients.get(d.client)?;
            Some((client.id.clone(), d.deal))
        });
        self.derived = derived;
        self.shown_generation = self.derive_generation;
        self.refresh_team();
        if let Some(found) = on_board.and_then(|(id, deal)| {
            let client = self.index_of(&id)?;
            self.derived.board.find(client, &deal)
        }) {
            self.board_cursor = found;
        }
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
        self.refresh_inbox();
        self.drop_handled_reminders();
    }

    /// Whatever is done from the reminder window leaves it at once: the cursor is then on
    /// the next one.
    fn drop_handled_reminders(&mut self) {
        if !matches!(self.modals.first(), Some(Modal::Reminders { .. })) {
            return;
        }
        let due = self.reminders();
        if let Some(Modal::Reminders { items, selected }) = self.modals.first_mut() {
            items.retain(|item| due.contains(item));
            *selected = (*selected).min(items.len().saturating_sub(1));
            if items.is_empty() {
                self.modals.remove(0);
            }
        }
    }

    /// Applies a change, recomputes, and asks for it to be saved.
    pub(super) fn change(&mut self, change: ClientChange) -> Vec<Effect> {
        self.message = Some(format!("{} · u undoes", capitalised(&change.label)));
        let touched = (
            change.id_after(false).map(String::from),
            change.edited_in_place(),
        );
        self.store.apply(change);
        let mut effects = self.recompute_after(touched);
        effects.push(Effect::Save);
        effects
    }

    /// Makes `op` on the client `client` as it is now (one undo step), or says why not:
    /// a change made elsewhere while a form was open is kept, since the op sets only what
    /// the user changed.
    pub(super) fn apply_op(&mut self, client: &str, op: crate::edit::Op) -> Vec<Effect> {
        let Some(index) = self.index_of(client) else {
            self.message = Some("That client was deleted elsewhere; nothing was changed".into());
            return Vec::new();
        };
        let before = self.shared_client(index);
        if let crate::edit::Op::SetNotes { was, text } = &op
            && before.notes != *was
            && before.notes != *text
        {
            self.notes_conflict(index, text.clone());
            return Vec::new();
        }
        // The one client copied: the book and the undo step share every other.
        let mut after = Client::clone(&before);
        match crate::edit::apply(self.store.book(), &mut after, op, self.today) {
            Ok(_) if after == *before => {
                self.message = Some("Nothing changed".into());
                Vec::new()
            }
            Ok(applied) => self.change(ClientChange::one(
                applied.said,
                Some((index, before)),
                Some((index, Arc::new(after))),
            )),
            Err(problem) => {
                self.message = Some(format!("Not changed: {}", crate::text::sentence(&problem)));
                Vec::new()
            }
        }
    }

    /// Starts a sync in the background, unless one is under way.
    fn start_sync(&mut self) -> Vec<Effect> {
        if self.sync.is_none() {
            self.message = Some(
                "This book does not sync yet: `konto sync init REMOTE` sets it up (see the README)"
                    .into(),
            );
            return Vec::new();
        }
        if self.sync == Some(SyncLine::Syncing) {
            self.message = Some("Already syncing".into());
            return Vec::new();
        }
        self.sync = Some(SyncLine::Syncing);
        self.message = Some("Syncing with your other machines…".into());
        vec![Effect::Sync]
    }

    /// A sync ended: the book it wrote comes in as any change on disk does.
    fn synced(&mut self, result: Result<crate::sync::Report, String>) {
        use crate::sync::Synced;
        let (line, said) = match result {
            Ok(report) => match report.synced {
                Synced::Offline { .. } => (
                    SyncLine::Offline,
                    "Offline: the changes here are kept and go with the next sync".to_string(),
                ),
                Synced::Clash { clashes } => (
                    SyncLine::Clash,
                    format!(
                        "Not synced: {} changed two ways; `konto sync` lists them, --keep settles",
                        crate::text::plural(clashes.len(), "client", "clients")
                    ),
                ),
                Synced::UpToDate => (SyncLine::Synced(self.now), "Synced: up to date".into()),
                Synced::Sent => (SyncLine::Synced(self.now), "Synced: sent".into()),
                Synced::Received { clients } | Synced::Merged { clients } => (
                    SyncLine::Synced(self.now),
                    format!(
                        "Synced: {} changed",
                        crate::text::plural(clients.len(), "client", "clients")
                    ),
                ),
            },
            Err(error) => (
                SyncLine::Failed,
                format!("Not synced: {}", crate::text::sentence(&error)),
            ),
        };
        self.sync = Some(line);
        self.message = Some(said);
    }

    /// Adds `client` to the end of the book (one undo step).
    pub(super) fn add_client(&mut self, client: Client) -> Vec<Effect> {
        let at = self.book().clients.len();
        let label = format!("added {}", client.name);
        self.change(ClientChange::one(label, None, Some((at, Arc::new(client)))))
    }

    /// The client at `index`, shared with the book.
    pub(super) fn shared_client(&self, index: usize) -> Arc<Client> {
        Arc::clone(&self.book().clients.shared()[index])
    }

    /// The notes edited over a change made elsewhere meanwhile: asks which to keep
    /// (neither text is lost: the other is kept in a copy beside the book).
    fn notes_conflict(&mut self, index: usize, text: Option<String>) {
        let current = self.book().clients[index].clone();
        let mut mine = current.clone();
        mine.notes = text;
        let with = |client: Client| {
            let mut book = self.book().clone();
            book.clients[index] = client;
            book
        };
        let conflict = Conflict {
            clashes: vec![merge::Clash {
                client_id: Some(current.id.clone()),
                name: current.name.clone(),
                fields: vec!["notes".to_string()],
            }],
            with_theirs: with(current.clone()),
            with_mine: with(mine),
            origin: ConflictOrigin::Edit {
                client_id: current.id.clone(),
                label: format!("edited the notes on {}", current.name),
            },
        };
        self.modals.push(Modal::Conflict(Box::new(conflict)));
    }

    /// What to do today: clients to contact, most urgent first, then tasks due today or
    /// overdue, most overdue first (the order of `konto remind`).
    pub fn reminders(&self) -> Vec<Reminder> {
        let book = self.book();
        let mut due: Vec<usize> = self
            .derived
            .ranking
            .iter()
            .copied()
            .filter(|&i| self.derived.facts[i].due.is_actionable())
            .collect();
        if self.calling.callable_first {
            // Those whose main contact is within working hours now, first; each part
            // keeps the priority order.
            let callable = |i: &usize| {
                let zone = book.clients[*i]
                    .main_contact()
                    .and_then(|c| c.timezone.as_deref());
                crate::rules::clock::callable_now(zone, self.now, self.calling.hours)
            };
            due.sort_by_key(|i| !callable(i));
        }
        let clients = due
            .into_iter()
            .map(|i| Reminder::Client(book.clients[i].id.clone()));
        let tasks = crate::rules::tasks::due_now(book, self.today)
            .into_iter()
            .map(|t| Reminder::Task {
                client: t.client.id.clone(),
                task: t.task.id.clone(),
            });
        let people = crate::rules::checkins::people_due(book, self.today)
            .into_iter()
            .map(|p| Reminder::Person {
                client: p.client.id.clone(),
                contact: p.contact_id.to_string(),
            });
        clients.chain(tasks).chain(people).collect()
    }

    /// Opens the reminder window if anything is due; says whether it opened.
    pub fn open_reminders(&mut self) -> bool {
        let items = self.reminders();
        if items.is_empty() {
            return false;
        }
        if let Some(Modal::Reminders { .. }) = self.modals.first() {
            self.modals.remove(0);
        }
        self.modals
            .insert(0, Modal::Reminders { items, selected: 0 });
        true
    }

    /// Client indices of a pane's list, in the order shown.
    pub fn pane_clients(&self, pane: Pane) -> &[usize] {
        match pane {
            Pane::Portfolio => &self.portfolio.rows,
            Pane::Priority => &self.portfolio.priority,
            Pane::Checkins => &self.portfolio.agenda_clients,
            Pane::Quota | Pane::Pipeline => &[],
        }
    }

    /// The selected client's position in a pane's list, if it is there.
    pub fn selected_position(&self, pane: Pane) -> Option<usize> {
        let selected = self.selected?;
        let list = self.pane_clients(pane);
        if pane == Pane::Checkins && list.get(self.agenda_cursor) == Some(&selected) {
            return Some(self.agenda_cursor);
        }
        list.iter().position(|i| *i == selected)
    }

    /// The selected row of the agenda, counting its group headers.
    pub fn selected_checkin_row(&self) -> Option<usize> {
        let position = self.selected_position(Pane::Checkins)?;
        self.portfolio
            .agenda_rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.client().is_some())
            .nth(position)
            .map(|(at, _)| at)
    }

    /// The agenda row picked, when the agenda has the focus.
    pub fn selected_agenda_row(&self) -> Option<CheckinRow> {
        self.selected_checkin_row()
            .and_then(|at| self.portfolio.agenda_rows.get(at).cloned())
    }

    pub fn areas(&self) -> layout::Areas {
        self.areas_for(self.size)
    }

    /// Where everything goes on a screen of `size`: the grid, or the focused pane alone
    /// when the screen is small or the pane is zoomed.
    pub fn areas_for(&self, size: Rect) -> layout::Areas {
        layout::areas(size, self.focus, self.zoomed)
    }

    /// Key contexts in force, most specific first.
    pub fn contexts(&self) -> &'static [Context] {
        match self.welcome {
            Some(Welcome::NewBook(_)) => return &[Context::WelcomeForm],
            Some(Welcome::Choose) => return &[Context::Welcome],
            None => {}
        }
        if self.filter_input.is_some() {
            return &[Context::Filter];
        }
        if let Some(modal) = self.modals.last() {
            return modal.contexts();
        }
        match self.overlay {
            Some(Overlay::Help) => return &[Context::Help, Context::Global],
            Some(Overlay::Team) => return &[Context::Team, Context::Global],
            None => {}
        }
        if self.client_view.is_some() {
            return &[Context::Client, Context::Edit, Context::Global];
        }
        match self.focus {
            Pane::Portfolio => &[
                Context::Portfolio,
                Context::List,
                Context::Panes,
                Context::Edit,
                Context::Global,
            ],
            Pane::Priority => &[
                Context::Priority,
                Context::List,
                Context::Panes,
                Context::Edit,
                Context::Global,
            ],
            Pane::Checkins => &[
                Context::Agenda,
                Context::List,
                Context::Panes,
                Context::Edit,
                Context::Global,
            ],
            Pane::Quota => &[Context::Panes, Context::Global],
            Pane::Pipeline => &[Context::Pipeline, Context::Edit, Context::Global],
        }
    }

    /// Turns a terminal event into the action it means, handed to [`App::update`] as every
    /// change is; returns work for the runtime.
    pub fn handle_event(&mut self, event: &Event) -> Vec<Effect> {
        let event = &line_feed_as_enter(event);
        if self.holds_event(event) {
            self.hold(Held::Event(event.clone()));
            return Vec::new();
        }
        match *event {
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
                action
                    .map(|a| self.update(Message::Act(a)))
                    .unwrap_or_default()
            }
            Event::Resize(width, height) => {
                self.update(Message::Act(Action::Resize { width, height }))
            }
            _ => Vec::new(),
        }
    }

    fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.action_of(key);
        // Ctrl-C and Ctrl-Z leave the status line as it is.
        let control = key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(action, Some(Action::Quit | Action::Suspend));
        if !control && self.modals.is_empty() && self.filter_input.is_none() {
            self.message = None;
        }
        match action {
            Some(action) => self.update(Message::Act(action)),
            None => Vec::new(),
        }
    }

    /// What `key` asks for here: Ctrl-C quits (outside a window), Ctrl-Z suspends from
    /// anywhere (raw mode turns it into a key, and it suspends as in a shell), then the
    /// key map, then text for whatever is being typed into.
    fn action_of(&self, key: KeyEvent) -> Option<Action> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl && self.modals.is_empty() => Some(Action::Quit),
            KeyCode::Char('z') if ctrl => Some(Action::Suspend),
            _ => self
                .keymap
                .lookup(self.contexts(), key)
                .or_else(|| self.takes_text().then_some(Action::Input(key))),
        }
    }

    /// Whether keys that no binding takes are text for an input.
    fn takes_text(&self) -> bool {
        self.filter_input.is_some()
            || matches!(self.welcome, Some(Welcome::NewBook(_)))
            || matches!(
                self.modals.last(),
                Some(Modal::Form(_) | Modal::Notes(_) | Modal::Finder(_))
            )
    }

    /// The welcome screen's form for an empty book.
    fn act_on_welcome_form(&mut self, action: Action) -> Vec<Effect> {
        let facts = Facts {
            book: self.store.book(),
            today: self.today,
        };
        let Some(Welcome::NewBook(form)) = self.welcome.as_mut() else {
            return Vec::new();
        };
        match form_key(form, action, facts) {
            FormStep::Keep => {}
            FormStep::Cancel => self.welcome = Some(Welcome::Choose),
            FormStep::Submitted(submitted) => {
                if let Submitted::NewBook(book) = *submitted {
                    return vec![Effect::CreateBook(book)];
                }
            }
        }
        Vec::new()
    }

    /// The one place the dashboard's state changes.
    pub fn update(&mut self, message: Message) -> Vec<Effect> {
        if self.holds_message(&message) {
            self.hold(Held::Message(message));
            return Vec::new();
        }
        match message {
            Message::Shown => self.shown(),
            Message::WholeBookRead(read) => self.whole_book_read(*read),
            // A preview has nothing of its own to merge: the book on disk replaces it.
            Message::DiskChanged(loaded) if self.store.is_preview() => {
                let derived = Derived::compute(&loaded.book, self.today);
                self.take_whole(*loaded, WholeFigures::All(Box::new(derived)))
            }
            Message::Act(action) => self.act(action),
            Message::BookCreated { book, fingerprint } => self.book_created(*book, fingerprint),
            Message::CreateFailed(error) => {
                self.message = Some(error);
                Vec::new()
            }
            Message::SaveFinished {
                book,
                generation,
                result,
            } => {
                self.save_finished(book, generation, result);
                Vec::new()
            }
            Message::DiskChanged(loaded) => self.disk_changed(*loaded),
            Message::Captured { found, me } => self.captured(&found, &me),
            Message::CaptureFailed(error) => self.capture_failed(&error),
            Message::Synced(result) => {
                self.synced(result);
                Vec::new()
            }
            Message::Clock(now) => {
                self.now = now;
                Vec::new()
            }
            Message::DiskUnreadable(error) => {
                self.disk_unreadable(&error);
                Vec::new()
            }
            Message::CopyWritten(Ok(path)) => {
                self.message = Some(format!(
                    "Conflict settled; the other version is in {}",
                    path.display()
                ));
                Vec::new()
            }
            Message::CopyWritten(Err(error)) => {
                self.message = Some(format!("Could not keep a copy: {error}"));
                Vec::new()
            }
            Message::Derived {
                generation,
                derived,
            } => {
                // Figures of a book that has changed since are dropped: the newer ones
                // are on their way.
                if generation == self.derive_generation {
                    self.show_derived(*derived, None);
                }
                Vec::new()
            }
        }
    }

    /// What the user asked for.
    pub(super) fn act(&mut self, action: Action) -> Vec<Effect> {
        if let Action::Resize { width, height } = action {
            self.size = Rect::new(0, 0, width, height);
            return Vec::new();
        }
        if action == Action::Suspend {
            return vec![Effect::Suspend];
        }
        if matches!(self.welcome, Some(Welcome::NewBook(_))) {
            return self.act_on_welcome_form(action);
        }
        if self.filter_input.is_some() {
            self.act_on_filter(action);
            return Vec::new();
        }
        if !self.modals.is_empty() {
            return self.update_modal(action);
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help) => None,
                    _ => Some(Overlay::Help),
                };
                self.overlay_scroll = 0;
                self.refresh_team();
            }
            Action::Up | Action::Down if self.overlay.is_some() => {
                self.overlay_scroll = if action == Action::Up {
                    self.overlay_scroll.saturating_sub(1)
                } else {
                    self.overlay_scroll.saturating_add(1)
                };
            }
            Action::StartFromSample => {
                return vec![Effect::CreateBook(Box::new(crate::storage::sample_book()))];
            }
            Action::StartEmpty => {
                let form = Form::open(NewBookForm::default(), self.facts());
                self.welcome = Some(Welcome::NewBook(Box::new(form)));
            }
            Action::Undo | Action::Redo => return self.undo_or_redo(action),
            Action::AddClient => self.open_form(ClientForm::add()),
            Action::LogContact => self.with_target(|c, _| Some(LogContactForm::new(c))),
            Action::QuickNote => self.with_target(|c, _| Some(QuickNoteForm::new(c))),
            Action::Snooze => self.with_target(|c, today| Some(SnoozeForm::new(c, today))),
            Action::EditClient => self.with_target(|c, _| Some(ClientForm::edit(c))),
            Action::AddDeal => self.with_target(|c, _| Some(DealForm::add(c))),
            Action::AddProject => self.with_target(|c, _| Some(ProjectForm::add(c))),
            Action::AddGift => self.with_target(|c, today| Some(GiftForm::new(c, today))),
            Action::AddContact => self.with_target(|c, _| Some(ContactForm::add(c))),
            Action::AddTask => {
                let book = self.store.book().clone();
                self.with_target(|c, _| Some(TaskForm::add(&book, c)));
            }
            Action::OpenFinder => self.modals.push(Modal::Finder(Box::default())),
            Action::OpenInbox => self.open_inbox(),
            Action::Sync => return self.start_sync(),
            Action::OpenReminders => {
                if !self.open_reminders() {
                    self.message = Some("Nothing due today: no reminders".to_string());
                }
            }
            Action::ToggleTeam => {
                self.overlay = match self.overlay {
                    Some(Overlay::Team) => None,
                    _ => Some(Overlay::Team),
                };
                self.overlay_scroll = 0;
                self.refresh_team();
            }
            Action::ToggleDone if self.client_view.is_none() => return self.toggle_agenda_task(),
            Action::EditNotes => {
                if let Some(client) = self
                    .target_id()
                    .and_then(|id| self.book().shared_client(&id).cloned())
                {
                    self.modals
                        .push(Modal::Notes(Box::new(NotesEditor::new(client))));
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
            _ if self.focus == Pane::Pipeline => return self.update_board(action),
            other => self.act_on_panes(other),
        }
        Vec::new()
    }

    /// Moving around the panes: focus, selection, filter, sort, clicks.
    fn act_on_panes(&mut self, action: Action) {
        match action {
            Action::FocusNext => self.focus_pane(self.focus.next()),
            Action::FocusPrev => self.focus_pane(self.focus.prev()),
            Action::Focus(pane) => self.focus_pane(pane),
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::PageUp | Action::PageDown => {
                let page = isize::try_from(self.page_size(self.focus)).unwrap_or(isize::MAX);
                self.move_selection(if action == Action::PageUp {
                    -page
                } else {
                    page
                });
            }
            Action::Top => self.jump(false),
            Action::Bottom => self.jump(true),
            Action::Open if self.focus == Pane::Checkins => self.open_agenda_row(),
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
                // Amounts start largest first, as anyone sorting by them wants.
                self.portfolio.descending = self.portfolio.sort.largest_first();
                self.portfolio.refresh(self.store.book(), &self.derived);
            }
            Action::ReverseSort => {
                self.portfolio.descending = !self.portfolio.descending;
                self.portfolio.refresh(self.store.book(), &self.derived);
            }
            Action::ToggleExplain => self.explain = !self.explain,
            Action::ToggleZoom => self.zoomed = !self.zoomed,
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => {
                if let Some((pane, _)) = self.areas().pane_at(column, row) {
                    self.focus = pane;
                    self.move_selection(if down { 1 } else { -1 });
                }
            }
            _ => {}
        }
    }

    fn undo_or_redo(&mut self, action: Action) -> Vec<Effect> {
        let undone = action == Action::Undo;
        let change = if undone {
            self.store.undo()
        } else {
            self.store.redo()
        };
        let Some(change) = change else {
            self.message = Some(if undone {
                "Nothing to undo".to_string()
            } else {
                "Nothing to redo".to_string()
            });
            return Vec::new();
        };
        self.message = Some(if undone {
            format!("Undid: {} · Ctrl-R redoes", change.label)
        } else {
            format!("Redid: {}", change.label)
        });
        let touched = (
            change.id_after(undone).map(String::from),
            change.edited_in_place(),
        );
        let mut effects = self.recompute_after(touched);
        effects.push(Effect::Save);
        effects
    }
}

pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
