//! The full view of one client: its people, tasks, history, deals, projects and gifts,
//! each picked with the cursor and edited, completed or deleted in place (with undo).

use super::{
    Action, App, CheckinRow, ClientChange, ClientView, CloseDealForm, DealForm, Effect, Pane,
    ProjectForm, ProjectStatus, Stage, edit,
};
use crate::edit::Step;
use crate::model::Client;
use crate::ui::form::{ContactForm, GiftForm, InteractionForm, TaskForm};
use crate::ui::modal::{Confirm, Confirmed, Modal};

/// An item of the client in view, by its id among the client's items of that kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Contact(String),
    Task(String),
    Interaction(String),
    Deal(String),
    Project(String),
    Gift(String),
}

impl Item {
    /// What the item is called in a message: `the deal "Pilot"`.
    fn describe(&self, client: &Client) -> String {
        match self {
            Item::Contact(id) => client.contact(id).map(|p| p.name.clone()),
            Item::Task(id) => client.task(id).map(|t| format!("task \"{}\"", t.title)),
            Item::Interaction(id) => client
                .interaction(id)
                .map(|x| format!("the {} \"{}\"", x.kind().label().to_lowercase(), x.summary)),
            Item::Deal(id) => client.deal(id).map(|d| format!("deal \"{}\"", d.title)),
            Item::Project(id) => client
                .project(id)
                .map(|p| format!("project \"{}\"", p.name)),
            Item::Gift(id) => client
                .gift(id)
                .map(|g| format!("the gift \"{}\"", g.description)),
        }
        .unwrap_or_default()
    }

    /// Takes the item out of `client`.
    fn remove_from(&self, client: &mut Client) {
        match self {
            // Only a person nothing refers to is deleted (see `delete_item`): history is
            // never rewritten.
            Item::Contact(id) => client.contacts.retain(|p| p.id != *id),
            Item::Task(id) => client.tasks.retain(|t| t.id != *id),
            Item::Interaction(id) => client.interactions.retain(|i| i.id != *id),
            Item::Deal(id) => {
                // Tasks for the deal stay, no longer tied to it.
                for task in &mut client.tasks {
                    if task.deal.as_ref() == Some(id) {
                        task.deal = None;
                    }
                }
                client.deals.retain(|d| d.id != *id);
            }
            Item::Project(id) => client.projects.retain(|p| p.id != *id),
            Item::Gift(id) => client.gifts.retain(|g| g.id != *id),
        }
    }
}

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

    /// Changes the selected deal's stage or project's status in place.
    pub(super) fn step_item(&mut self, step: Step) -> Vec<Effect> {
        let (Some(view), Some(item)) = (self.client_view.clone(), self.selected_item()) else {
            return Vec::new();
        };
        let today = self.today;
        let before = self.book().clients[view.index].clone();
        let mut after = before.clone();
        let label = match &item {
            Item::Task(id) => {
                let Some(task) = after.tasks.iter_mut().find(|t| t.id == *id) else {
                    return Vec::new();
                };
                task.done = match step {
                    Step::Forward => task.done.or(Some(today)),
                    Step::Back => None,
                };
                format!("task \"{}\"", task.title)
            }
            Item::Contact(_) | Item::Interaction(_) | Item::Gift(_) => return Vec::new(),
            Item::Deal(id) => {
                let Some(deal) = after.deals.iter_mut().find(|d| d.id == *id) else {
                    return Vec::new();
                };
                let was = deal.clone();
                edit::move_stage(deal, step, today);
                edit::describe_move(&was, deal)
            }
            Item::Project(id) => {
                let Some(project) = after.projects.iter_mut().find(|p| p.id == *id) else {
                    return Vec::new();
                };
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
                let next = match step {
                    Step::Forward => (at + 1).min(3),
                    Step::Back => at.saturating_sub(1),
                };
                project.status = Some(order[next]);
                format!("set \"{}\" to {}", project.name, order[next].label())
            }
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
        let position = self.view_items().iter().position(|other| *other == item);
        if let (Some(view), Some(position)) = (self.client_view.as_mut(), position) {
            view.item = position;
        }
        effects
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
            self.ask_about_person(view.index, id);
            return Vec::new();
        }
        let before = self.book().clients[view.index].clone();
        let mut after = before.clone();
        item.remove_from(&mut after);
        let what = item.describe(&before);
        let effects = self.change(ClientChange {
            label: format!("deleted {what}"),
            before: Some((view.index, before)),
            after: Some((view.index, after)),
        });
        self.message = Some(format!("Deleted {what} · u undoes"));
        let count = self.view_items().len();
        if let Some(view) = self.client_view.as_mut() {
            view.item = view.item.min(count.saturating_sub(1));
        }
        effects
    }

    /// Asks whether to mark the person `contact` as left, or, when nothing refers to
    /// them, whether to delete them.
    fn ask_about_person(&mut self, client: usize, contact: &str) {
        let Some(person) = self.book().clients[client].contact(contact) else {
            return;
        };
        let client_id = self.book().clients[client].id.clone();
        let references = references_to(&self.book().clients[client], &person.id, &person.name);
        let (question, action) = if references > 0 {
            (
                format!(
                    "{} is named in {} of this client's history. Mark them as left today? They stay in the history, out of pickers and reminders; u undoes.",
                    person.name,
                    crate::text::plural(references, "record", "records")
                ),
                Confirmed::PersonLeft {
                    client: client_id,
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
                    client: client_id,
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
        let Some(index) = self.index_of(client) else {
            return Vec::new();
        };
        let before = self.book().clients[index].clone();
        let mut after = before.clone();
        let Some(person) = after.contacts.iter_mut().find(|p| p.id == contact) else {
            return Vec::new();
        };
        let name = person.name.clone();
        let label = if delete {
            Item::Contact(contact.to_string()).remove_from(&mut after);
            format!("deleted {name}")
        } else {
            person.left = Some(self.today);
            format!("marked {name} as left")
        };
        self.message = Some(format!("{} · u undoes", crate::text::sentence_case(&label)));
        let effects = self.change(ClientChange {
            label,
            before: Some((index, before)),
            after: Some((index, after)),
        });
        let count = self.view_items().len();
        if let Some(view) = self.client_view.as_mut() {
            view.item = view.item.min(count.saturating_sub(1));
        }
        effects
    }

    /// Marks task `task` of client `client` done today, or open again.
    pub(super) fn toggle_task_at(&mut self, client: usize, task: &str) -> Vec<Effect> {
        let Some(before) = self.book().clients.get(client).cloned() else {
            return Vec::new();
        };
        let mut after = before.clone();
        let Some(item) = after.tasks.iter_mut().find(|t| t.id == task) else {
            return Vec::new();
        };
        item.done = if item.done.is_some() {
            None
        } else {
            Some(self.today)
        };
        let label = if item.done.is_some() {
            format!("done: {}", item.title)
        } else {
            format!("open again: {}", item.title)
        };
        self.change(ClientChange {
            label,
            before: Some((client, before)),
            after: Some((client, after)),
        })
    }

    /// In the agenda: the picked task done (or open again).
    pub(super) fn toggle_agenda_task(&mut self) -> Vec<Effect> {
        match self.selected_agenda_row() {
            Some(CheckinRow::Task { index, task }) if self.focus == Pane::Checkins => {
                let id = self.book().clients[index]
                    .tasks
                    .get(task)
                    .map(|t| t.id.clone());
                id.map(|id| self.toggle_task_at(index, &id))
                    .unwrap_or_default()
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
                let id = self.book().clients[index]
                    .tasks
                    .get(task)
                    .map(|t| t.id.clone());
                let position = self
                    .view_items()
                    .iter()
                    .position(|i| id.as_ref().is_some_and(|id| *i == Item::Task(id.clone())));
                if let (Some(view), Some(position)) = (self.client_view.as_mut(), position) {
                    view.item = position;
                }
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
        let effects = self.toggle_task_at(view.index, &id);
        // Stay on the same task, though done ones move down the list.
        let task = Item::Task(id);
        let position = self.view_items().iter().position(|i| *i == task);
        if let (Some(view), Some(position)) = (self.client_view.as_mut(), position) {
            view.item = position;
        }
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

/// How many records of `client` name the person (by id, or by name on a gift).
fn references_to(client: &Client, id: &str, name: &str) -> usize {
    let interactions = client
        .interactions
        .iter()
        .filter(|i| i.with.iter().any(|w| w == id))
        .count();
    let gifts = client
        .gifts
        .iter()
        .filter(|g| {
            g.recipient_names().iter().any(|r| {
                r.trim() == id || crate::text::fold_name(r) == crate::text::fold_name(name)
            })
        })
        .count();
    interactions + gifts
}
