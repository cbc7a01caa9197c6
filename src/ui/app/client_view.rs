//! The full view of one client: its people, tasks, history, deals, projects and gifts,
//! each picked with the cursor and edited, completed or deleted in place (with undo).

use super::{
    Action, App, CheckinRow, ClientView, CloseDealForm, DealForm, Effect, Pane, ProjectForm, Stage,
    edit,
};
use crate::edit::{Item, Op, Step};
use crate::model::Client;
use crate::ui::form::{ContactForm, GiftForm, InteractionForm, TaskForm};
use crate::ui::modal::{Confirm, Confirmed, Modal};

/// The items of `client` in the order the view lists them: people, tasks (open first),
/// history (newest first), deals by stage, projects, gifts.
pub fn items_of(client: &Client) -> Vec<Item> {
    let mut tasks: Vec<&crate::model::Task> = client.tasks.iter().collect();
    tasks.sort_by_key(|t| (!t.is_open(), t.due.is_none(), t.due));
    // Newest first; among the same day, the one logged last first.
    let mut history: Vec<&crate::model::Interaction> = client.interactions.iter().rev().collect();
    history.sort_by_key(|i| std::cmp::Reverse(i.date));
    let mut deals: Vec<&crate::model::Deal> = client.deals.iter().collect();
    deals.sort_by_key(|d| d.stage());
    let id = |make: fn(String) -> Item| move |id: &String| make(id.clone());
    client
        .contacts
        .iter()
        .map(|p| &p.id)
        .map(id(Item::Contact))
        .chain(tasks.into_iter().map(|t| &t.id).map(id(Item::Task)))
        .chain(
            history
                .into_iter()
                .map(|i| &i.id)
                .map(id(Item::Interaction)),
        )
        .chain(deals.into_iter().map(|d| &d.id).map(id(Item::Deal)))
        .chain(client.projects.iter().map(|p| &p.id).map(id(Item::Project)))
        .chain(client.gifts.iter().map(|g| &g.id).map(id(Item::Gift)))
        .collect()
}

impl App {
    pub(super) fn open_client(&mut self, index: usize) {
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

    /// The items of the client in view, in the order it lists them.
    pub(super) fn view_items(&self) -> Vec<Item> {
        self.client_view
            .as_ref()
            .and_then(|v| self.book().clients.get(v.index))
            .map(items_of)
            .unwrap_or_default()
    }

    pub fn selected_item(&self) -> Option<Item> {
        let view = self.client_view.as_ref()?;
        self.view_items().get(view.item).cloned()
    }

    /// Changes the selected deal's stage, project's status or task's state in place.
    pub(super) fn step_item(&mut self, step: Step) -> Vec<Effect> {
        let (Some(view), Some(item)) = (self.client_view.clone(), self.selected_item()) else {
            return Vec::new();
        };
        let op = match &item {
            Item::Task(id) => Op::TaskDone {
                task: id.clone(),
                done: step == Step::Forward,
            },
            Item::Contact(_) | Item::Interaction(_) | Item::Gift(_) => return Vec::new(),
            Item::Deal(id) => Op::StepDeal {
                deal: id.clone(),
                step,
            },
            Item::Project(id) => Op::StepProject {
                project: id.clone(),
                step,
            },
        };
        let effects = self.apply_op(&view.id, op);
        // Keep the cursor on the same item, though its new stage moves it in the list.
        self.keep_cursor_on(&item);
        effects
    }

    /// Puts the client view's cursor on `item`, wherever the list now has it.
    fn keep_cursor_on(&mut self, item: &Item) {
        let position = self.view_items().iter().position(|other| other == item);
        if let (Some(view), Some(position)) = (self.client_view.as_mut(), position) {
            view.item = position;
        }
    }

    /// Keeps the client view's cursor within its list after an item left it.
    fn keep_cursor_in_list(&mut self) {
        let count = self.view_items().len();
        if let Some(view) = self.client_view.as_mut() {
            view.item = view.item.min(count.saturating_sub(1));
        }
    }

    pub(super) fn scroll_client_view(&mut self, delta: i32) {
        if let Some(view) = self.client_view.as_mut() {
            view.scroll =
                u16::try_from((i32::from(view.scroll) + delta).max(0)).unwrap_or(u16::MAX);
        }
    }

    pub(super) fn move_item(&mut self, delta: isize) {
        let count = self.view_items().len();
        if let Some(view) = self.client_view.as_mut() {
            if count == 0 {
                view.scroll = view
                    .scroll
                    .saturating_add_signed(i16::try_from(delta).unwrap_or(0));
            } else {
                view.item = view.item.saturating_add_signed(delta).min(count - 1);
            }
        }
    }

    /// Opens the form that edits the selected item.
    fn edit_item(&mut self) {
        let book = self.store.book().clone();
        match self.selected_item() {
            Some(Item::Contact(id)) => self.with_target(|c, _| ContactForm::edit(c, &id)),
            Some(Item::Task(id)) => self.with_target(|c, _| TaskForm::edit(&book, c, &id)),
            Some(Item::Interaction(id)) => {
                self.with_target(|c, _| InteractionForm::edit(c, &id));
            }
            Some(Item::Deal(id)) => self.with_target(|c, _| DealForm::edit(c, &id)),
            Some(Item::Project(id)) => self.with_target(|c, _| ProjectForm::edit(c, &id)),
            Some(Item::Gift(id)) => self.with_target(|c, today| GiftForm::edit(c, &id, today)),
            None => {}
        }
    }

    /// Deletes the selected item; `u` brings it back.
    fn delete_item(&mut self) -> Vec<Effect> {
        let (Some(view), Some(item)) = (self.client_view.clone(), self.selected_item()) else {
            return Vec::new();
        };
        // A person is never deleted on one key: one the history names is marked as left
        // (kept where they were named), one nothing names may be deleted; both ask first.
        if let Item::Contact(id) = &item {
            self.ask_about_person(&view.id, id);
            return Vec::new();
        }
        let effects = self.apply_op(&view.id, Op::Remove(item));
        self.keep_cursor_in_list();
        effects
    }

    /// Asks whether to mark the person `contact` as left, or, when nothing refers to
    /// them, whether to delete them.
    fn ask_about_person(&mut self, client_id: &str, contact: &str) {
        let Some(client) = self.book().client(client_id) else {
            return;
        };
        let Some(person) = client.contact(contact) else {
            return;
        };
        let references = edit::references_to(client, &person.id);
        let (question, action) = if references > 0 {
            (
                format!(
                    "{} is named in {} of this client's history. Mark them as left today? They stay in the history, out of pickers and reminders; u undoes.",
                    person.name,
                    crate::text::plural(references, "record", "records")
                ),
                Confirmed::PersonLeft {
                    client: client_id.to_string(),
                    contact: person.id.clone(),
                },
            )
        } else {
            (
                format!(
                    "Delete {}? Nothing in the history names them; u undoes.",
                    person.name
                ),
                Confirmed::DeletePerson {
                    client: client_id.to_string(),
                    contact: person.id.clone(),
                },
            )
        };
        self.modals
            .push(Modal::Confirm(Confirm { question, action }));
    }

    /// Marks the person `contact` of client `client` as left today, or deletes them.
    pub(super) fn person_leaves(
        &mut self,
        client: &str,
        contact: &str,
        delete: bool,
    ) -> Vec<Effect> {
        let contact = contact.to_string();
        let op = if delete {
            Op::Remove(Item::Contact(contact))
        } else {
            Op::PersonLeft { contact }
        };
        let effects = self.apply_op(client, op);
        self.keep_cursor_in_list();
        effects
    }

    /// Marks task `task` of client `client` done today, or open again, as it shows now.
    pub(super) fn toggle_task_of(&mut self, client: &str, task: &str) -> Vec<Effect> {
        let Some(done) = self
            .book()
            .client(client)
            .and_then(|c| c.task(task))
            .map(|t| t.done.is_none())
        else {
            return Vec::new();
        };
        let op = Op::TaskDone {
            task: task.to_string(),
            done,
        };
        self.apply_op(client, op)
    }

    /// In the agenda: the picked task done (or open again).
    pub(super) fn toggle_agenda_task(&mut self) -> Vec<Effect> {
        match self.selected_agenda_row() {
            Some(CheckinRow::Task { index, task }) if self.focus == Pane::Checkins => {
                let client = self.book().clients[index].id.clone();
                self.toggle_task_of(&client, &task)
            }
            _ => {
                self.message = Some("x marks a task done: pick one in the agenda".to_string());
                Vec::new()
            }
        }
    }

    /// Opens the client of the picked agenda row; a task's row puts the cursor on it.
    pub(super) fn open_agenda_row(&mut self) {
        match self.selected_agenda_row() {
            Some(CheckinRow::Task { index, task }) => {
                self.open_client(index);
                self.keep_cursor_on(&Item::Task(task));
            }
            Some(CheckinRow::Client { index } | CheckinRow::Person { index, .. }) => {
                self.open_client(index);
            }
            _ => {}
        }
    }

    /// Marks the selected task done, or open again.
    fn toggle_done(&mut self) -> Vec<Effect> {
        let (Some(view), Some(Item::Task(id))) = (self.client_view.clone(), self.selected_item())
        else {
            self.message = Some("x marks a task done: pick one with j/k".to_string());
            return Vec::new();
        };
        let effects = self.toggle_task_of(&view.id, &id);
        // Stay on the same task, though done ones move down the list.
        self.keep_cursor_on(&Item::Task(id));
        effects
    }

    pub(super) fn update_client_view(&mut self, action: Action) -> Vec<Effect> {
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
            Action::StageForward => return self.step_item(Step::Forward),
            Action::StageBack => return self.step_item(Step::Back),
            Action::MarkWon | Action::MarkLost => {
                if let Some(Item::Deal(id)) = self.selected_item() {
                    let outcome = if action == Action::MarkWon {
                        Stage::Won
                    } else {
                        Stage::Lost
                    };
                    self.with_target(|c, today| CloseDealForm::new(c, &id, outcome, today));
                }
            }
            Action::EditItem => self.edit_item(),
            Action::DeleteItem => return self.delete_item(),
            Action::ToggleDone => return self.toggle_done(),
            Action::FocusNext | Action::FocusPrev | Action::Focus(_) => {
                self.client_view = None;
                return self.act(action);
            }
            _ => {}
        }
        Vec::new()
    }
}
