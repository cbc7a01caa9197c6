//! Forms, questions and the reminder window: what they do with the keys they take.

use super::{
    Action, App, Arc, Client, ClientChange, Confirm, Confirmed, Conflict, ConflictOrigin, Effect,
    Facts, Form, FormKind, LogContactForm, Modal, NaiveDate, NotesEditor, Reminder, SaveStatus,
    SnoozeForm,
};
use crate::ui::form::Submitted;
use crate::ui::search::MatchSource;

impl App {
    /// The client changes apply to: the one in the client view, else the selection.
    pub(super) fn target_id(&self) -> Option<String> {
        if let Some(view) = &self.client_view {
            return Some(view.id.clone());
        }
        if let Some(Modal::Reminders { items, selected }) = self.modals.last() {
            return items
                .get(*selected)
                .map(|item| item.client_id().to_string());
        }
        self.selected_id().map(String::from)
    }

    /// What forms are checked against now.
    pub(super) fn facts(&self) -> Facts<'_> {
        Facts {
            book: self.store.book(),
            today: self.today,
        }
    }

    pub(super) fn open_form(&mut self, kind: impl FormKind + 'static) {
        let form = Form::open(kind, self.facts());
        self.modals.push(Modal::Form(Box::new(form)));
    }

    /// Opens the form `make` builds on the client `id`, if it is (still) there.
    pub(super) fn open_form_on<K: FormKind + 'static>(
        &mut self,
        id: Option<String>,
        make: impl FnOnce(&Arc<Client>, NaiveDate) -> Option<K>,
    ) {
        let book = self.store.book();
        match id.and_then(|id| book.shared_client(&id)) {
            Some(client) => {
                if let Some(kind) = make(client, self.today) {
                    self.open_form(kind);
                }
            }
            None => self.message = Some("Select a client first".to_string()),
        }
    }

    /// Opens a form on the client changes apply to (see [`App::target_id`]).
    pub(super) fn with_target<K: FormKind + 'static>(
        &mut self,
        make: impl FnOnce(&Arc<Client>, NaiveDate) -> Option<K>,
    ) {
        self.open_form_on(self.target_id(), make);
    }

    /// The top window takes the key; what it decides is then carried out here.
    pub(super) fn update_modal(&mut self, action: Action) -> Vec<Effect> {
        // Undo works in the reminder window too: what it undoes comes back into the list.
        if matches!(action, Action::Undo | Action::Redo)
            && matches!(self.modals.last(), Some(Modal::Reminders { .. }))
        {
            let effects = self.undo_or_redo(action);
            let due = self.reminders();
            if let Some(Modal::Reminders { items, selected }) = self.modals.last_mut() {
                let current = items.get(*selected).cloned();
                *selected = current
                    .and_then(|c| due.iter().position(|d| *d == c))
                    .unwrap_or(0);
                *items = due;
            }
            return effects;
        }
        if matches!(self.modals.last(), Some(Modal::Finder(_))) {
            return self.finder_key(action);
        }
        if matches!(self.modals.last(), Some(Modal::Inbox(_))) {
            return self.inbox_key(action);
        }
        let facts = Facts {
            book: self.store.book(),
            today: self.today,
        };
        let Some(top) = self.modals.last_mut() else {
            return Vec::new();
        };
        let step = match top {
            Modal::Reminders { items, selected } => reminders_key(items, selected, action, facts),
            Modal::Form(form) => match form_key(form, action, facts) {
                FormStep::Keep => ModalStep::Keep,
                FormStep::Cancel => ModalStep::Close,
                FormStep::Submitted(submitted) => match *submitted {
                    Submitted::AddClient(client) => ModalStep::CloseAndAdd(Box::new(client)),
                    Submitted::Change { client, op } => ModalStep::CloseAndChange { client, op },
                    Submitted::NewBook(_) => ModalStep::Close,
                },
            },
            Modal::Notes(editor) => notes_key(editor, action),
            Modal::Confirm(confirm) => confirm_key(confirm, action),
            Modal::Conflict(_) => conflict_key(action),
            // Taken above, with what they need of the app.
            Modal::Finder(_) | Modal::Inbox(_) => ModalStep::Keep,
        };
        self.follow(step)
    }

    /// The clients the finder's query finds, best first.
    pub fn finder_matches(&self, query: &str) -> Vec<(usize, MatchSource)> {
        if query.trim().is_empty() {
            return self
                .derived
                .ranking
                .iter()
                .map(|&i| (i, MatchSource::Name))
                .collect();
        }
        let all: Vec<usize> = (0..self.book().clients.len()).collect();
        let derived = &self.derived;
        crate::ui::search::rank_matches(self.book(), |i| derived.search_text(i), &all, query)
    }

    /// Typing narrows the finder's matches; Enter opens the one picked.
    fn finder_key(&mut self, action: Action) -> Vec<Effect> {
        let query = match self.modals.last() {
            Some(Modal::Finder(finder)) => finder.query(),
            _ => return Vec::new(),
        };
        let matches = self.finder_matches(&query);
        let Some(Modal::Finder(finder)) = self.modals.last_mut() else {
            return Vec::new();
        };
        match action {
            Action::Up => finder.selected = finder.selected.saturating_sub(1),
            Action::Down => {
                finder.selected = (finder.selected + 1).min(matches.len().saturating_sub(1));
            }
            Action::Input(key) => {
                finder.input.input(key);
                finder.selected = 0;
            }
            Action::Back => {
                self.modals.pop();
            }
            Action::Open => {
                let picked = matches.get(finder.selected).map(|(i, _)| *i);
                let add_person = finder.add_person.take();
                self.modals.pop();
                match (picked, add_person) {
                    (Some(index), Some((name, email))) => {
                        let client = self.shared_client(index);
                        let form = crate::ui::form::ContactForm::add_person(&client, &name, &email);
                        self.open_form(form);
                    }
                    (Some(index), None) => self.open_client(index),
                    (None, _) => {}
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn follow(&mut self, step: ModalStep) -> Vec<Effect> {
        match step {
            ModalStep::Keep => {}
            ModalStep::Close => {
                self.modals.pop();
            }
            ModalStep::OpenForm(form) => self.modals.push(Modal::Form(form)),
            ModalStep::ToggleTask { client, task } => {
                return self.toggle_task_of(&client, &task);
            }
            ModalStep::Ask(confirm) => self.modals.push(Modal::Confirm(confirm)),
            ModalStep::CloseAndOpen(id) => {
                self.modals.pop();
                if let Some(index) = self.index_of(&id) {
                    self.open_client(index);
                }
            }
            ModalStep::CloseAndAdd(client) => {
                self.modals.pop();
                return self.add_client(*client);
            }
            ModalStep::CloseAndChange { client, op } => {
                self.modals.pop();
                return self.apply_op(&client, op);
            }
            ModalStep::CloseAndConfirm(confirmed) => {
                self.modals.pop();
                return self.confirmed(confirmed);
            }
            ModalStep::Settle { keep_mine } => {
                if let Some(Modal::Conflict(conflict)) = self.modals.pop() {
                    return self.settle(*conflict, keep_mine);
                }
            }
        }
        Vec::new()
    }

    /// Applies the side the user chose; the other goes to a copy beside the book.
    fn settle(&mut self, conflict: Conflict, keep_mine: bool) -> Vec<Effect> {
        let Conflict {
            with_theirs,
            with_mine,
            origin,
            ..
        } = conflict;
        let (kept, other, label) = if keep_mine {
            (with_mine, with_theirs, "theirs")
        } else {
            (with_theirs, with_mine, "mine")
        };
        let mut effects = vec![Effect::WriteCopy {
            book: Arc::new(other),
            label,
        }];
        match origin {
            ConflictOrigin::Disk { disk, fingerprint } => {
                let rewrite = kept != *disk;
                self.store.rebase(*disk, fingerprint, kept);
                self.recompute(None);
                if rewrite {
                    effects.push(Effect::Save);
                }
            }
            ConflictOrigin::Edit { client_id, label } => {
                let current = self.index_of(&client_id);
                let chosen = kept.client(&client_id).cloned();
                if let (Some(index), Some(chosen)) = (current, chosen) {
                    let before = self.shared_client(index);
                    effects.extend(self.change(ClientChange::one(
                        label,
                        Some((index, before)),
                        Some((index, Arc::new(chosen))),
                    )));
                }
            }
        }
        self.message = Some(format!(
            "Conflict settled; the other version is kept in a copy beside the book ({label})"
        ));
        effects
    }

    pub(super) fn confirmed(&mut self, action: Confirmed) -> Vec<Effect> {
        match action {
            Confirmed::DeleteClient { id } => {
                let Some(index) = self.index_of(&id) else {
                    return Vec::new();
                };
                let client = self.shared_client(index);
                self.client_view = None;
                let label = format!("deleted {}", client.name);
                self.change(ClientChange::one(label, Some((index, client)), None))
            }
            Confirmed::PersonLeft { client, contact } => {
                self.person_leaves(&client, &contact, false)
            }
            Confirmed::DeletePerson { client, contact } => {
                self.person_leaves(&client, &contact, true)
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

    pub(super) fn request_quit(&mut self) {
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
}

/// What a window decided to do with a key.
enum ModalStep {
    Keep,
    Close,
    /// Stay, and open a form over it.
    OpenForm(Box<Form>),
    /// Stay, and mark this task done.
    ToggleTask {
        client: String,
        task: String,
    },
    /// Stay, and ask a question over it.
    Ask(Confirm),
    /// Close, and open this client's full view.
    CloseAndOpen(String),
    /// Close, and add this client to the book.
    CloseAndAdd(Box<crate::model::Client>),
    /// Close, and make the change to the client with this id.
    CloseAndChange {
        client: String,
        op: crate::edit::Op,
    },
    /// Close, and do what was confirmed.
    CloseAndConfirm(Confirmed),
    /// Close, and settle the conflict it showed.
    Settle {
        keep_mine: bool,
    },
}

fn reminders_key(
    items: &[Reminder],
    selected: &mut usize,
    action: Action,
    facts: Facts,
) -> ModalStep {
    let item = items.get(*selected);
    let client = item.and_then(|item| facts.book.shared_client(item.client_id()));
    let task = match (item, client) {
        (Some(Reminder::Task { task, .. }), Some(client)) => client.task(task),
        _ => None,
    };
    match action {
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Down => *selected = (*selected + 1).min(items.len().saturating_sub(1)),
        Action::Back => return ModalStep::Close,
        Action::Open => {
            return client.map_or(ModalStep::Close, |c| ModalStep::CloseAndOpen(c.id.clone()));
        }
        Action::LogContact => {
            if let Some(client) = client {
                let form = Form::open(LogContactForm::new(client), facts);
                return ModalStep::OpenForm(Box::new(form));
            }
        }
        // A client's next check-in, or a task's due date: the same date prompt, which
        // moves only the date.
        Action::Snooze => match (client, task) {
            (Some(client), Some(task)) => {
                let kind = SnoozeForm::task(client, &task.id, facts.today);
                return ModalStep::OpenForm(Box::new(Form::open(kind, facts)));
            }
            (Some(client), None) => {
                let form = Form::open(SnoozeForm::new(client, facts.today), facts);
                return ModalStep::OpenForm(Box::new(form));
            }
            _ => {}
        },
        Action::ToggleDone => {
            if let Some(Reminder::Task { client, task }) = item {
                return ModalStep::ToggleTask {
                    client: client.clone(),
                    task: task.clone(),
                };
            }
        }
        _ => {}
    }
    ModalStep::Keep
}

/// What a form decided to do with a key.
pub(super) enum FormStep {
    Keep,
    Cancel,
    Submitted(Box<Submitted>),
}

/// The keys of any form: the dashboard's, or the first-run form.
pub(super) fn form_key(form: &mut Form, action: Action, facts: Facts) -> FormStep {
    match action {
        Action::Input(key) => {
            form.input(key, facts);
        }
        Action::Cancel if form.cancel() => return FormStep::Cancel,
        Action::NextField => form.next_field(),
        Action::PreviousField => form.previous_field(),
        Action::Submit => {
            if let Some(submitted) = form.submit(facts) {
                return FormStep::Submitted(Box::new(submitted));
            }
        }
        _ => {}
    }
    FormStep::Keep
}

fn notes_key(editor: &mut NotesEditor, action: Action) -> ModalStep {
    match action {
        Action::Input(key) => {
            editor.input.input(key);
            ModalStep::Keep
        }
        Action::Submit if !editor.changed() => ModalStep::Close,
        Action::Submit => ModalStep::CloseAndChange {
            client: editor.base.id.clone(),
            op: crate::edit::Op::SetNotes {
                was: editor.base.notes.clone(),
                text: Some(editor.text()).filter(|t| !t.is_empty()),
            },
        },
        Action::Cancel if editor.changed() => ModalStep::Ask(Confirm {
            question: "Throw away your changes to the notes?".to_string(),
            action: Confirmed::DiscardNotes,
        }),
        Action::Cancel => ModalStep::Close,
        _ => ModalStep::Keep,
    }
}

fn confirm_key(confirm: &Confirm, action: Action) -> ModalStep {
    match action {
        Action::Yes => ModalStep::CloseAndConfirm(confirm.action.clone()),
        Action::No => ModalStep::Close,
        _ => ModalStep::Keep,
    }
}

fn conflict_key(action: Action) -> ModalStep {
    match action {
        Action::KeepMine => ModalStep::Settle { keep_mine: true },
        Action::TakeTheirs => ModalStep::Settle { keep_mine: false },
        _ => ModalStep::Keep,
    }
}
