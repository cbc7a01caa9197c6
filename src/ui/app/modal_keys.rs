//! Forms, questions and the reminder window: what they do with the keys they take.

use super::*;

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

    pub(super) fn update_modal(&mut self, action: Action) -> Vec<Effect> {
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
                    Some(edit) => return self.apply_edit(edit),
                    None => self.modals.push(Modal::Form(state)),
                },
                _ => self.modals.push(Modal::Form(state)),
            },
            Modal::Notes(editor) => match action {
                Action::Submit => {
                    if !editor.changed() {
                        return Vec::new();
                    }
                    let text = editor.text();
                    let mut ours = editor.base.clone();
                    ours.notes = Some(text).filter(|t| !t.is_empty());
                    return self.apply_edit(Edit {
                        label: format!("edited the notes on {}", editor.base.name),
                        base: Some(editor.base),
                        ours,
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
                    return self.settle(*conflict, action == Action::KeepMine);
                }
                _ => self.modals.push(Modal::Conflict(conflict)),
            },
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
