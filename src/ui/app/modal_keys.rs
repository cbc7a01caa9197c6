//! Forms, questions and the reminder window: what they do with the keys they take.

use super::*;
use crate::ui::form::{FormKey, FormState};

impl App {
    /// The client changes apply to: the one in the client view, else the selection.
    pub(super) fn target_id(&self) -> Option<String> {
        if let Some(view) = &self.client_view {
            return Some(view.id.clone());
        }
        if let Some(Modal::Reminders { ids, selected }) = self.modals.last() {
            return ids.get(*selected).cloned();
        }
        self.selected_id().map(String::from)
    }

    pub(super) fn open_form(&mut self, purpose: Purpose) {
        match forms::open(purpose, self.store.book(), self.today) {
            Some(state) => self.modals.push(Modal::Form(Box::new(state))),
            None => self.message = Some("Select a client first".to_string()),
        }
    }

    pub(super) fn with_target(&mut self, purpose: impl FnOnce(String) -> Purpose) {
        match self.target_id() {
            Some(id) => self.open_form(purpose(id)),
            None => self.message = Some("Select a client first".to_string()),
        }
    }

    /// The top window takes the key; what it decides is then carried out here.
    pub(super) fn update_modal(&mut self, action: Action) -> Vec<Effect> {
        let book = self.store.book();
        let today = self.today;
        let Some(top) = self.modals.last_mut() else {
            return Vec::new();
        };
        let step = match top {
            Modal::Reminders { ids, selected } => reminders_key(ids, selected, action),
            Modal::Form(state) => form_key(state, action, book, today),
            Modal::Notes(editor) => notes_key(editor, action),
            Modal::Confirm(confirm) => confirm_key(confirm, action),
            Modal::Conflict(_) => conflict_key(action),
        };
        self.follow(step)
    }

    fn follow(&mut self, step: ModalStep) -> Vec<Effect> {
        match step {
            ModalStep::Keep => {}
            ModalStep::Close => {
                self.modals.pop();
            }
            ModalStep::OpenForm(purpose) => self.open_form(purpose),
            ModalStep::Ask(confirm) => self.modals.push(Modal::Confirm(confirm)),
            ModalStep::CloseAndOpen(id) => {
                self.modals.pop();
                if let Some(index) = self.index_of(&id) {
                    self.open_client(index);
                }
            }
            ModalStep::CloseAndApply(edit) => {
                self.modals.pop();
                return self.apply_edit(*edit);
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
                    let before = self.book().clients[index].clone();
                    effects.extend(self.change(ClientChange {
                        label,
                        before: Some((index, before)),
                        after: Some((index, chosen)),
                    }));
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
    OpenForm(Purpose),
    /// Stay, and ask a question over it.
    Ask(Confirm),
    /// Close, and open this client's full view.
    CloseAndOpen(String),
    /// Close, and apply the edit it made.
    CloseAndApply(Box<Edit>),
    /// Close, and do what was confirmed.
    CloseAndConfirm(Confirmed),
    /// Close, and settle the conflict it showed.
    Settle {
        keep_mine: bool,
    },
}

fn reminders_key(ids: &[String], selected: &mut usize, action: Action) -> ModalStep {
    let id = ids.get(*selected).cloned();
    match action {
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Down => *selected = (*selected + 1).min(ids.len().saturating_sub(1)),
        Action::Back => return ModalStep::Close,
        Action::Open => return id.map_or(ModalStep::Close, ModalStep::CloseAndOpen),
        Action::LogContact => {
            if let Some(id) = id {
                return ModalStep::OpenForm(Purpose::LogContact { id });
            }
        }
        Action::Snooze => {
            if let Some(id) = id {
                return ModalStep::OpenForm(Purpose::Snooze { id });
            }
        }
        _ => {}
    }
    ModalStep::Keep
}

fn form_key(state: &mut FormState, action: Action, book: &Book, today: NaiveDate) -> ModalStep {
    match action {
        Action::Input(key) => {
            let edited = state.form.input(key) == FormKey::Edited;
            // A changed value is checked again, and a gift warning must be seen again.
            state.over_limit_confirmed &= !edited;
            if edited {
                forms::refresh(state, book, today);
            }
        }
        Action::Cancel => return ModalStep::Close,
        Action::NextField => state.form.next_field(),
        Action::PreviousField => state.form.previous_field(),
        Action::Submit => {
            if let Some(edit) = forms::submit(state, book, today) {
                return ModalStep::CloseAndApply(Box::new(edit));
            }
        }
        _ => {}
    }
    ModalStep::Keep
}

fn notes_key(editor: &mut NotesEditor, action: Action) -> ModalStep {
    match action {
        Action::Input(key) => {
            editor.input.input(key);
            ModalStep::Keep
        }
        Action::Submit if !editor.changed() => ModalStep::Close,
        Action::Submit => {
            let mut ours = editor.base.clone();
            ours.notes = Some(editor.text()).filter(|t| !t.is_empty());
            ModalStep::CloseAndApply(Box::new(Edit {
                label: format!("edited the notes on {}", editor.base.name),
                base: Some(editor.base.clone()),
                ours,
            }))
        }
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
