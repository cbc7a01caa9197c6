//! Windows over the dashboard that take the keys until they close: reminders, forms,
//! the notes editor, questions and merge conflicts. They stack (a form over reminders).

use std::sync::Arc;

use ratatui_textarea::{CursorMove, TextArea};

use crate::model::Book;
use crate::storage::Fingerprint;

use super::forms::FormState;
use super::keymap::Context;

#[derive(Debug)]
pub enum Modal {
    /// Who to contact today, most urgent first (client ids).
    Reminders {
        ids: Vec<String>,
        selected: usize,
    },
    Form(Box<FormState>),
    Notes(Box<NotesEditor>),
    Confirm(Confirm),
    Conflict(Box<Conflict>),
}

impl Modal {
    pub fn context(&self) -> Context {
        match self {
            Modal::Reminders { .. } => Context::Reminders,
            Modal::Form(_) => Context::Form,
            Modal::Notes(_) => Context::Notes,
            Modal::Confirm(_) => Context::Confirm,
            Modal::Conflict(_) => Context::Conflict,
        }
    }
}

/// The multi-line editor over a client's notes.
#[derive(Debug)]
pub struct NotesEditor {
    pub id: String,
    pub name: String,
    pub input: TextArea<'static>,
    pub original: String,
}

impl NotesEditor {
    pub fn new(id: &str, name: &str, notes: &str) -> NotesEditor {
        let lines: Vec<String> = if notes.is_empty() {
            vec![String::new()]
        } else {
            notes.lines().map(String::from).collect()
        };
        let mut input = TextArea::new(lines);
        input.move_cursor(CursorMove::Bottom);
        input.move_cursor(CursorMove::End);
        input.set_max_histories(200);
        NotesEditor {
            id: id.to_string(),
            name: name.to_string(),
            input,
            original: notes.to_string(),
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
    /// Quit although the last changes are not on disk.
    QuitUnsaved,
}

/// The same clients were changed here and in the file: the user decides, and the side
/// that is not kept is written to a copy beside the book, so nothing is lost.
#[derive(Debug)]
pub struct Conflict {
    pub names: Vec<String>,
    /// The file as it is now, and its fingerprint.
    pub disk: Book,
    pub fingerprint: Fingerprint,
    /// The merge with theirs for the conflicting clients, and with ours for them.
    pub with_theirs: Book,
    pub with_mine: Book,
    /// konto's book before the merge (written to the copy if theirs is taken).
    pub mine: Arc<Book>,
}
