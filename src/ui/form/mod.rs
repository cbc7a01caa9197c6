//! The form system. A form kind is a type that owns its named [`Field`]s, checks them
//! (each field keeps its own problem) and, when all are valid, gives what submitting does:
//! an [`Op`](crate::edit::Op) holding only the fields the user changed, made to the client
//! as it is at submit; a new client; or a new book. [`Form`] is the one window that shows any kind and takes the
//! keys. Adding a form is one new type here plus the action and key that open it.

mod client;
mod contact;
mod deal;
pub mod fields;
mod gift;
mod new_book;
mod people;
mod project;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

use crate::model::{Book, Client};

pub use client::ClientForm;
pub use contact::{InteractionForm, LogContactForm, QuickNoteForm, SnoozeForm};
pub use deal::{CloseDealForm, DealForm};
pub use fields::{Field, FieldKind, FormKey};
pub use gift::GiftForm;
pub use new_book::NewBookForm;
pub use people::{ContactForm, TaskForm};
pub use project::ProjectForm;

/// What a form is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub book: &'a Book,
    pub today: NaiveDate,
}

/// What a valid form does when submitted.
#[derive(Debug, Clone, PartialEq)]
pub enum Submitted {
    /// A new client, as the form made it.
    AddClient(Client),
    /// A change to the client with this id, as the user meant it (only the fields they
    /// touched), made to the client as it is when submitted.
    Change { client: String, op: crate::edit::Op },
    /// The first-run form: the book to create.
    NewBook(Box<Book>),
}

/// The outcome of checking a form: what it would do, and what to warn about first.
#[derive(Debug, Default)]
pub struct Checked {
    pub result: Option<Submitted>,
    pub warning: Option<Warning>,
}

impl Checked {
    /// `op`, when the fields gave one, to be made on `client` as it is at submit.
    pub fn change(client: &Client, op: Option<crate::edit::Op>) -> Checked {
        Checked {
            result: op.map(|op| Submitted::Change {
                client: client.id.clone(),
                op,
            }),
            warning: None,
        }
    }
}

/// A kind of form: its fields, and what they mean.
pub trait FormKind: std::fmt::Debug {
    fn title(&self) -> String;
    /// The fields, in the order they are shown.
    fn fields(&self) -> Vec<&Field>;
    fn fields_mut(&mut self) -> Vec<&mut Field>;
    /// Checks every field, leaving each one's problem on it; the result when all are valid.
    fn check(&mut self, facts: Facts) -> Checked;
    /// After the user changed a field, before the check (a suggested id follows a name).
    fn follow(&mut self, _facts: Facts) {}
    /// The field to start on, when not the first empty text field.
    fn starts_at(&self) -> Option<usize> {
        None
    }
}

/// Implements [`FormKind::fields`] and [`FormKind::fields_mut`] from the field names, in
/// the order shown.
macro_rules! fields_in_order {
    ($($field:ident),+ $(,)?) => {
        fn fields(&self) -> Vec<&Field> {
            vec![$(&self.$field),+]
        }
        fn fields_mut(&mut self) -> Vec<&mut Field> {
            vec![$(&mut self.$field),+]
        }
    };
}
use fields_in_order;

/// Something the user should see before saving, though the form is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The gift gate's answer when it is not a plain yes: not allowed, cannot be judged,
    /// a recipient who is no contact, or a recipient near the limit. The words are the
    /// ones `konto gifts check` prints.
    Gift {
        lines: Vec<String>,
        /// Logging it anyway takes a second Enter.
        confirm: bool,
    },
    /// A client of the same name is already in the book.
    SameName { name: String, id: String },
}

impl Warning {
    /// Going over a limit takes a second Enter: the warning must be seen.
    pub fn needs_confirming(&self) -> bool {
        match self {
            Warning::Gift { confirm, .. } => *confirm,
            Warning::SameName { .. } => true,
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Gift { lines, confirm } => {
                f.write_str(&lines.join(" "))?;
                if *confirm {
                    f.write_str(" Enter again to log it anyway.")?;
                }
                Ok(())
            }
            Warning::SameName { name, id } => write!(
                f,
                "{name} is already in the book (id {id}). Enter again to add another client of that name."
            ),
        }
    }
}

/// `new` when it differs from `old`, the value the form showed: a field left as shown
/// is not set, so it does not clash with an edit made elsewhere.
pub fn changed<T: PartialEq>(old: &T, new: T) -> Option<T> {
    (*old != new).then_some(new)
}

/// An open form of any kind: which field has the focus, and the warning in force.
#[derive(Debug)]
pub struct Form {
    kind: Box<dyn FormKind>,
    pub focus: usize,
    pub warning: Option<Warning>,
    /// A warning that needs confirming was shown on the last Enter.
    confirmed: bool,
    /// Esc was pressed once over typed text: the next Esc discards it.
    pub discard_asked: bool,
}

impl Form {
    /// Opens `kind`, focused where typing is needed (the first empty text field).
    pub fn open(kind: impl FormKind + 'static, facts: Facts) -> Form {
        let mut form = Form {
            kind: Box::new(kind),
            focus: 0,
            warning: None,
            confirmed: false,
            discard_asked: false,
        };
        form.focus = form.kind.starts_at().unwrap_or_else(|| {
            form.fields()
                .iter()
                .position(|f| matches!(f.kind, FieldKind::Text) && f.value().is_empty())
                .unwrap_or(0)
        });
        form.check(facts);
        form
    }

    pub fn title(&self) -> String {
        self.kind.title()
    }

    pub fn fields(&self) -> Vec<&Field> {
        self.kind.fields()
    }

    /// The field labelled `label`.
    pub fn field(&self, label: &str) -> Option<&Field> {
        self.fields().into_iter().find(|f| f.label == label)
    }

    pub fn has_errors(&self) -> bool {
        self.fields().iter().any(|f| f.error().is_some())
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields().len().max(1);
    }

    pub fn previous_field(&mut self) {
        let count = self.fields().len().max(1);
        self.focus = (self.focus + count - 1) % count;
    }

    /// A key for the focused field; a changed value is checked again, and a warning
    /// must be seen again.
    pub fn input(&mut self, key: KeyEvent, facts: Facts) -> FormKey {
        self.discard_asked = false;
        let focus = self.focus;
        let outcome = self
            .kind
            .fields_mut()
            .into_iter()
            .nth(focus)
            .map_or(FormKey::Ignored, |field| field.input(key));
        if outcome == FormKey::Edited {
            self.confirmed = false;
            self.kind.follow(facts);
            self.check(facts);
        }
        outcome
    }

    /// Whether Esc closes the form now: at once when nothing was typed; over typed text
    /// only when asked a second time (the first Esc says what a second one does).
    pub fn cancel(&mut self) -> bool {
        let typed = self.fields().iter().any(|f| f.touched);
        if typed && !self.discard_asked {
            self.discard_asked = true;
            return false;
        }
        true
    }

    /// What the form does, if everything is valid; otherwise every problem is shown. A
    /// warning that needs confirming takes a second submit.
    pub fn submit(&mut self, facts: Facts) -> Option<Submitted> {
        for field in self.kind.fields_mut() {
            field.revealed = true;
        }
        let checked = self.check(facts);
        if self.warning.as_ref().is_some_and(Warning::needs_confirming) && !self.confirmed {
            self.confirmed = true;
            return None;
        }
        checked.result
    }

    fn check(&mut self, facts: Facts) -> Checked {
        for field in self.kind.fields_mut() {
            field.problem = None;
        }
        let checked = self.kind.check(facts);
        self.warning.clone_from(&checked.warning);
        checked
    }
}

#[cfg(test)]
mod tests;
