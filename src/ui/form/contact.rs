//! The everyday forms on a client: log a contact, jot a note, set the next check-in.

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Checked, Facts, Field, FormKind, fields_in_order};
use crate::edit::{InteractionFields, Op};
use crate::model::serde_format::format_date;
use crate::model::{Client, Interaction, InteractionKind};

/// The last option of a "with" choice: nobody in particular.
const NOBODY: &str = "Nobody in particular";

/// Who a contact can be with: a new one, the people still at the client; a logged one
/// being corrected, everyone (a person who has left stays in the history as logged).
#[derive(Clone, Copy)]
enum People {
    Current,
    Everyone,
}

fn people(client: &Client, who: People) -> impl Iterator<Item = &crate::model::Contact> {
    client
        .contacts
        .iter()
        .filter(move |p| matches!(who, People::Everyone) || p.is_current())
}

/// A choice of the client's people (then nobody), `selected` chosen.
fn with_field(client: &Client, who: People, selected: usize) -> Field {
    let options: Vec<&str> = people(client, who)
        .map(|p| p.name.as_str())
        .chain(std::iter::once(NOBODY))
        .collect();
    let mut field = Field::choice("With", &options, selected);
    field.hint = "←/→ to pick who it was with".to_string();
    field
}

/// The contact ids a "with" choice names (none for "nobody").
fn with_ids(client: &Client, who: People, field: &Field) -> Vec<String> {
    people(client, who)
        .nth(field.choice)
        .map(|p| vec![p.id.clone()])
        .unwrap_or_default()
}

#[derive(Debug)]
pub struct LogContactForm {
    base: Arc<Client>,
    kind: Field,
    with: Field,
    summary: Field,
}

impl LogContactForm {
    /// Asks with whom; the primary (first) contact is the default.
    pub fn new(client: &Arc<Client>) -> LogContactForm {
        LogContactForm {
            base: client.clone(),
            kind: Field::choice_of("Kind", InteractionKind::default()),
            with: with_field(client, People::Current, 0),
            summary: Field::text("Summary", "", "one line on what happened"),
        }
    }
}

impl FormKind for LogContactForm {
    fn title(&self) -> String {
        format!("Log a contact with {}", self.base.name)
    }

    fields_in_order!(kind, with, summary);

    fn check(&mut self, facts: Facts) -> Checked {
        let kind: InteractionKind = self.kind.chosen();
        let with = with_ids(&self.base, People::Current, &self.with);
        let op = self.summary.required("the summary").map(|summary| Op::Log {
            on: facts.today,
            kind,
            with,
            summary,
        });
        Checked::change(&self.base, op)
    }
}

/// Correcting a logged interaction: its date, kind, who it was with and what was said.
#[derive(Debug)]
pub struct InteractionForm {
    base: Arc<Client>,
    /// The interaction being corrected, as the form found it.
    old: Interaction,
    date: Field,
    kind: Field,
    with: Field,
    summary: Field,
}

impl InteractionForm {
    /// `None` if the client has no interaction with id `interaction_id`.
    pub fn edit(client: &Arc<Client>, interaction_id: &str) -> Option<InteractionForm> {
        let interaction = client.interaction(interaction_id)?;
        let with_at = interaction
            .with
            .first()
            .and_then(|id| client.contacts.iter().position(|p| p.id == *id))
            .unwrap_or(client.contacts.len());
        Some(InteractionForm {
            date: Field::text(
                "Date",
                &interaction.date.map(format_date).unwrap_or_default(),
                "2026-11-20, yesterday, -3d",
            ),
            kind: Field::choice_of("Kind", interaction.kind()),
            with: with_field(client, People::Everyone, with_at),
            summary: Field::text("Summary", &interaction.summary, "one line"),
            base: client.clone(),
            old: interaction.clone(),
        })
    }
}

impl FormKind for InteractionForm {
    fn title(&self) -> String {
        "Edit a logged interaction".to_string()
    }

    fields_in_order!(date, kind, with, summary);

    fn check(&mut self, facts: Facts) -> Checked {
        let date = self
            .date
            .required_date("the date", facts.today)
            .and_then(|date| {
                self.date.checked(if date > facts.today {
                    Err(format!("{date} is in the future; log what has happened"))
                } else {
                    Ok(date)
                })
            });
        let summary = self.summary.required("the summary");
        let (Some(date), Some(summary)) = (date, summary) else {
            return Checked::default();
        };
        let kind: InteractionKind = self.kind.chosen();
        let old = &self.old;
        // Several people logged from the file stay as they were unless the choice moved.
        let with = if self.with.touched || old.with.len() <= 1 {
            with_ids(&self.base, People::Everyone, &self.with)
        } else {
            old.with.clone()
        };
        // Only what differs from what the form showed: a kind left as it was stays
        // absent in the file when it was absent.
        let fields = InteractionFields {
            date: (old.date != Some(date)).then_some(Some(date)),
            kind: (old.kind() != kind).then_some(Some(kind)),
            with: (old.with != with).then_some(with),
            summary: (old.summary != summary).then_some(summary),
        };
        let op = Op::EditInteraction {
            interaction: old.id.clone(),
            fields,
        };
        Checked::change(&self.base, Some(op))
    }
}

#[derive(Debug)]
pub struct QuickNoteForm {
    base: Arc<Client>,
    note: Field,
}

impl QuickNoteForm {
    pub fn new(client: &Arc<Client>) -> QuickNoteForm {
        QuickNoteForm {
            base: client.clone(),
            note: Field::text("Note", "", "one line"),
        }
    }
}

impl FormKind for QuickNoteForm {
    fn title(&self) -> String {
        format!("Note on {} (dated today)", self.base.name)
    }

    fields_in_order!(note);

    fn check(&mut self, _facts: Facts) -> Checked {
        let op = self.note.required("the note").map(|text| Op::Note { text });
        Checked::change(&self.base, op)
    }
}

#[derive(Debug)]
pub struct SnoozeForm {
    base: Arc<Client>,
    /// A task's id when it is the task that moves, not the client's next check-in.
    task: Option<String>,
    when: Field,
}

impl SnoozeForm {
    pub fn new(client: &Arc<Client>, today: NaiveDate) -> SnoozeForm {
        SnoozeForm {
            base: client.clone(),
            task: None,
            when: Field::text(
                "When",
                "",
                format!(
                    "+3d, +2w, +1m, fri, tomorrow or a date like {}",
                    format_date(today)
                ),
            ),
        }
    }
}

impl SnoozeForm {
    /// The same date prompt for a task: only its due date moves (named by id).
    pub fn task(client: &Arc<Client>, task_id: &str, today: NaiveDate) -> SnoozeForm {
        SnoozeForm {
            task: Some(task_id.to_string()),
            ..SnoozeForm::new(client, today)
        }
    }
}

impl FormKind for SnoozeForm {
    fn title(&self) -> String {
        match self.task.as_deref().and_then(|id| self.base.task(id)) {
            Some(task) => format!("New due date for \"{}\"", task.title),
            None => format!("Next check-in with {}", self.base.name),
        }
    }

    fields_in_order!(when);

    fn check(&mut self, facts: Facts) -> Checked {
        let date = self
            .when
            .required_date("the date", facts.today)
            .and_then(|date| {
                self.when.checked(if date < facts.today {
                    Err(format!("{date} is in the past"))
                } else {
                    Ok(date)
                })
            });
        let op = date.map(|on| match self.task.clone() {
            Some(task) => Op::TaskDue { task, on },
            None => Op::Reschedule { on },
        });
        Checked::change(&self.base, op)
    }
}
