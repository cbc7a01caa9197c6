//! Windows over the dashboard that take the keys until they close: reminders, forms,
//! the notes editor, questions and merge conflicts. They stack (a form over reminders).

use std::sync::Arc;

use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::merge::Clash;
use crate::model::{Book, Client};
use crate::storage::Fingerprint;

use super::form::Form;
use super::keymap::Context;

#[derive(Debug)]
pub enum Modal {
    /// What to do today: clients to contact (most urgent first), then tasks due. An
    /// item leaves the list as soon as it is done.
    Reminders {
        items: Vec<Reminder>,
        selected: usize,
    },
    Form(Box<Form>),
    Notes(Box<NotesEditor>),
    Confirm(Confirm),
    Conflict(Box<Conflict>),
    /// "Go to client": type, pick, Enter opens it.
    Finder(Box<Finder>),
    /// Unknown addresses from capture.
    Inbox(InboxView),
}

/// A line of the inbox: a domain with the client it belongs to, or one address under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxRow {
    Domain {
        domain: String,
        client: Option<String>,
    },
    Address {
        address: String,
        items: usize,
        /// The client whose domain it is (an id).
        client_id: Option<String>,
    },
}

/// The inbox window: its rows (worked out when the book or the inbox changes, never per
/// frame) and which address is picked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxView {
    pub rows: Vec<InboxRow>,
    pub selected: usize,
}

impl InboxView {
    /// The addresses, in order (what the cursor moves over), each with its client's id.
    pub fn addresses(&self) -> Vec<(&str, Option<&str>)> {
        self.rows
            .iter()
            .filter_map(|row| match row {
                InboxRow::Address {
                    address, client_id, ..
                } => Some((address.as_str(), client_id.as_deref())),
                InboxRow::Domain { .. } => None,
            })
            .collect()
    }
}

/// The finder's query and the row picked among its matches.
#[derive(Debug, Default)]
pub struct Finder {
    pub input: TextArea<'static>,
    pub selected: usize,
    /// Picking the client for someone from the inbox (a name, an address), not opening.
    pub add_person: Option<(String, String)>,
}

impl Finder {
    pub fn query(&self) -> String {
        self.input.lines().join(" ")
    }
}

/// One line of the reminder window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reminder {
    /// A client to contact (its id).
    Client(String),
    /// A task due today or overdue (the client's id and the task's).
    Task { client: String, task: String },
    /// A person whose own cadence is due (the client's id and the contact's).
    Person { client: String, contact: String },
}

impl Reminder {
    pub fn client_id(&self) -> &str {
        match self {
            Reminder::Client(id)
            | Reminder::Task { client: id, .. }
            | Reminder::Person { client: id, .. } => id,
        }
    }
}

impl Modal {
    /// The key contexts in force while this window is on top.
    pub fn contexts(&self) -> &'static [Context] {
        match self {
            Modal::Reminders { .. } => &[Context::Reminders],
            Modal::Form(_) => &[Context::Form],
            Modal::Notes(_) => &[Context::Notes],
            Modal::Confirm(_) => &[Context::Confirm],
            Modal::Conflict(_) => &[Context::Conflict],
            Modal::Finder(_) => &[Context::Finder],
            Modal::Inbox(_) => &[Context::Inbox],
        }
    }
}

/// The multi-line editor over a client's notes.
#[derive(Debug)]
pub struct NotesEditor {
    /// The client as the editor found it: the saved notes are merged onto the book as it
    /// is then, like a form's change.
    pub base: Arc<Client>,
    pub input: TextArea<'static>,
    pub original: String,
}

impl NotesEditor {
    pub fn new(base: Arc<Client>) -> NotesEditor {
        let notes = base.notes.clone().unwrap_or_default();
        // The cursor opens on a new line after the text, where a new note goes; the
        // trailing empty line is not saved (`text` trims it).
        let mut lines: Vec<String> = notes.lines().map(String::from).collect();
        lines.push(String::new());
        let mut input = TextArea::new(lines);
        input.move_cursor(CursorMove::Bottom);
        input.move_cursor(CursorMove::End);
        input.set_max_histories(200);
        // Long lines wrap at words (a word wider than the window at its letters) rather
        // than scrolling sideways out of sight.
        input.set_wrap_mode(WrapMode::WordOrGlyph);
        NotesEditor {
            base,
            input,
            original: notes,
        }
    }

    pub fn text(&self) -> String {
        self.input.lines().join("\n").trim_end().to_string()
    }

    pub fn changed(&self) -> bool {
        self.text() != self.original.trim_end()
    }
}

/// A yes/no question; `Yes` does the action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub action: Confirmed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    DeleteClient {
        id: String,
    },
    /// Close the notes editor under it without saving.
    DiscardNotes,
    /// A person the history names has left the client.
    PersonLeft {
        client: String,
        contact: String,
    },
    /// A person nothing names is deleted.
    DeletePerson {
        client: String,
        contact: String,
    },
    /// Quit although the last changes are not on disk.
    QuitUnsaved,
}

/// The same fields were changed here and elsewhere: the user decides, and the side that
/// is not kept is written to a copy beside the book, so nothing is lost.
#[derive(Debug)]
pub struct Conflict {
    pub clashes: Vec<Clash>,
    /// Both sides' changes, with theirs where they clash; and with mine.
    pub with_theirs: Book,
    pub with_mine: Book,
    pub origin: ConflictOrigin,
}

impl Conflict {
    /// `Nordlys Bank (notes), Fjord Shipping (deals)`.
    pub fn names(&self) -> String {
        self.clashes
            .iter()
            .map(Clash::describe)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What was merged, which decides how a choice is applied.
#[derive(Debug)]
pub enum ConflictOrigin {
    /// The file changed on disk while konto had changes of its own.
    Disk {
        disk: Box<Book>,
        fingerprint: Fingerprint,
    },
    /// A form or editor was saved over a client that changed while it was open.
    Edit { client_id: String, label: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_editor_opens_on_a_new_line_and_wraps() {
        let mut client = Client::new("a", "A");
        client.notes = Some("Budget closes in December.\nPrefers calls.".into());
        let editor = NotesEditor::new(Arc::new(client));
        assert_eq!(editor.input.cursor(), (2, 0), "on the line after the text");
        assert!(!editor.changed(), "the new line alone is no change");
        assert_eq!(editor.input.wrap_mode(), WrapMode::WordOrGlyph);
        let empty = NotesEditor::new(Arc::new(Client::new("b", "B")));
        assert_eq!(empty.input.cursor(), (0, 0));
        assert_eq!(empty.text(), "");
    }
}
