//! A person at a client, and a next step: add or edit.

use std::sync::Arc;

use strum::IntoEnumIterator;

use super::{Checked, Facts, Field, FormKind, fields_in_order};
use crate::edit::check_timezone;
use crate::edit::{ContactDetails, NewTask, Op, TaskFields};
use crate::model::serde_format::format_date;
use crate::model::{Book, BuyingRole, Client, Contact, Task};

/// The first option of a buying-role choice: not known.
const UNKNOWN: &str = "Unknown";

fn buying_roles() -> Vec<&'static str> {
    std::iter::once(UNKNOWN)
        .chain(BuyingRole::iter().map(BuyingRole::label))
        .collect()
}

#[derive(Debug)]
pub struct ContactForm {
    base: Arc<Client>,
    /// The contact being edited (its place and how the form found it); `None` when adding.
    editing: Option<Contact>,
    name: Field,
    role: Field,
    buying_role: Field,
    email: Field,
    phone: Field,
    timezone: Field,
    cadence: Field,
    notes: Field,
}

impl ContactForm {
    pub fn add(client: &Arc<Client>) -> ContactForm {
        ContactForm::with(client, None)
    }

    /// Adding someone capture met: their address, and a name guessed from it to correct.
    pub fn add_person(client: &Arc<Client>, name: &str, email: &str) -> ContactForm {
        let mut form = ContactForm::with(client, None);
        form.name = Field::text("Name", name, "their full name");
        form.email = Field::text("Email", email, "");
        form
    }

    /// `None` if the client has no contact with id `contact_id`.
    pub fn edit(client: &Arc<Client>, contact_id: &str) -> Option<ContactForm> {
        let contact = client.contact(contact_id)?.clone();
        Some(ContactForm::with(client, Some(contact)))
    }

    fn with(client: &Arc<Client>, editing: Option<Contact>) -> ContactForm {
        let blank = Contact::default();
        let c = editing.as_ref().unwrap_or(&blank);
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let role_at = c
            .buying_role
            .and_then(|r| BuyingRole::iter().position(|x| x == r))
            .map_or(0, |i| i + 1);
        ContactForm {
            name: Field::text("Name", &c.name, "their full name"),
            role: Field::text("Title", &text(&c.role), "e.g. CFO"),
            buying_role: Field::choice("Buying role", &buying_roles(), role_at),
            email: Field::text("Email", &text(&c.email), ""),
            phone: Field::text("Phone", &text(&c.phone), ""),
            timezone: Field::text(
                "Time zone",
                &text(&c.timezone),
                "e.g. Europe/Copenhagen, America/New_York",
            ),
            cadence: Field::text(
                "Own cadence (days)",
                &c.cadence_days.map(|d| d.to_string()).unwrap_or_default(),
                "empty: the client's check-ins cover them",
            ),
            notes: Field::text("Notes", &text(&c.notes), "a line about them"),
            base: client.clone(),
            editing,
        }
    }

    /// The details as typed: every one when adding; when editing, only those the user
    /// touched, so a field left as the form showed it does not clash with an edit made
    /// elsewhere.
    fn details(&mut self) -> Option<ContactDetails> {
        let name = self.name.required("the name");
        let timezone = self.timezone.optional().map_or(Some(None), |zone| {
            self.timezone
                .checked(check_timezone(&zone).map(|_| Some(zone)))
        });
        let cadence = self.cadence.optional_days();
        let (Some(name), Some(timezone), Some(cadence)) = (name, timezone, cadence) else {
            return None;
        };
        let adding = self.editing.is_none();
        let set = |field: &Field| adding || field.touched;
        let buying_role = self
            .buying_role
            .choice
            .checked_sub(1)
            .and_then(|n| BuyingRole::iter().nth(n));
        Some(ContactDetails {
            name: set(&self.name).then_some(name),
            role: set(&self.role).then(|| self.role.value()),
            buying_role: set(&self.buying_role).then_some(buying_role),
            email: set(&self.email).then(|| self.email.value()),
            phone: set(&self.phone).then(|| self.phone.value()),
            timezone: set(&self.timezone).then(|| timezone.unwrap_or_default()),
            cadence_days: set(&self.cadence).then_some(cadence),
            notes: set(&self.notes).then(|| self.notes.value()),
        })
    }
}

impl FormKind for ContactForm {
    fn title(&self) -> String {
        match &self.editing {
            Some(contact) => format!("Edit {}", contact.name),
            None => format!("Add a person at {}", self.base.name),
        }
    }

    fields_in_order!(
        name,
        role,
        buying_role,
        email,
        phone,
        timezone,
        cadence,
        notes
    );

    fn check(&mut self, _facts: Facts) -> Checked {
        let Some(details) = self.details() else {
            return Checked::default();
        };
        let op = match &self.editing {
            Some(old) => Op::EditContact {
                contact: old.id.clone(),
                details,
            },
            None => Op::AddContact {
                name: self.name.value(),
                details,
            },
        };
        Checked::change(&self.base, Some(op))
    }
}

/// The owner choice's options: me, then each colleague.
fn owners(book: &Book) -> Vec<String> {
    std::iter::once("Me".to_string())
        .chain(book.team.iter().map(|m| m.name.clone()))
        .collect()
}

/// The deal choice's options: none, then each deal's title.
fn deals(client: &Client) -> Vec<String> {
    std::iter::once("None".to_string())
        .chain(client.deals.iter().map(|d| d.title.clone()))
        .collect()
}

fn choice_of(label: &'static str, options: &[String], selected: usize) -> Field {
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    Field::choice(label, &options, selected)
}

#[derive(Debug)]
pub struct TaskForm {
    base: Arc<Client>,
    /// The team's ids, in the order of the owner choice (after "Me").
    team: Vec<String>,
    /// The client's deal ids, in the order of the deal choice (after "None").
    deals: Vec<String>,
    editing: Option<Task>,
    title: Field,
    due: Field,
    owner: Field,
    deal: Field,
}

impl TaskForm {
    pub fn add(book: &Book, client: &Arc<Client>) -> TaskForm {
        TaskForm::with(book, client, None)
    }

    /// `None` if the client has no task with id `task_id`.
    pub fn edit(book: &Book, client: &Arc<Client>, task_id: &str) -> Option<TaskForm> {
        let task = client.task(task_id)?.clone();
        Some(TaskForm::with(book, client, Some(task)))
    }

    fn with(book: &Book, client: &Arc<Client>, editing: Option<Task>) -> TaskForm {
        let blank = Task::default();
        let t = editing.as_ref().unwrap_or(&blank);
        let team: Vec<String> = book.team.iter().map(|m| m.id.clone()).collect();
        let owner_at = t
            .owner
            .as_ref()
            .and_then(|id| team.iter().position(|m| m == id))
            .map_or(0, |i| i + 1);
        let deal_at = t
            .deal
            .as_ref()
            .and_then(|id| client.deals.iter().position(|d| d.id == *id))
            .map_or(0, |i| i + 1);
        TaskForm {
            title: Field::text("Title", &t.title, "e.g. Send the revised proposal"),
            due: Field::text(
                "Due",
                &t.due.map(format_date).unwrap_or_default(),
                "2026-12-01, fri, tomorrow, +2w, or empty",
            ),
            owner: choice_of("Whose", &owners(book), owner_at),
            deal: choice_of("Deal", &deals(client), deal_at),
            base: client.clone(),
            team,
            deals: client.deals.iter().map(|d| d.id.clone()).collect(),
            editing,
        }
    }
}

impl FormKind for TaskForm {
    fn title(&self) -> String {
        match &self.editing {
            Some(task) => format!("Edit task \"{}\"", task.title),
            None => format!("New task for {}", self.base.name),
        }
    }

    fields_in_order!(title, due, owner, deal);

    fn check(&mut self, facts: Facts) -> Checked {
        let title = self.title.required("the title");
        let due = self.due.optional_date(facts.today);
        let (Some(title), Some(due)) = (title, due) else {
            return Checked::default();
        };
        let owner = self
            .owner
            .choice
            .checked_sub(1)
            .and_then(|n| self.team.get(n))
            .cloned();
        let deal = self
            .deal
            .choice
            .checked_sub(1)
            .and_then(|n| self.deals.get(n))
            .cloned();
        let op = match &self.editing {
            // Only what the user touched: a field left as shown stays as the file has it.
            Some(old) => Op::EditTask {
                task: old.id.clone(),
                fields: TaskFields {
                    title: self.title.touched.then_some(title),
                    due: self.due.touched.then_some(due),
                    owner: self.owner.touched.then_some(owner),
                    deal: self.deal.touched.then_some(deal),
                },
            },
            None => Op::AddTask(NewTask {
                title,
                due,
                owner,
                deal,
            }),
        };
        Checked::change(&self.base, Some(op))
    }
}
