//! The everyday forms on a client: log a contact, jot a note, set the next check-in.

use chrono::NaiveDate;

use super::{Checked, Facts, Field, FormKind, change_of, fields_in_order};
use crate::edit;
use crate::model::serde_format::format_date;
use crate::model::{Client, InteractionKind};

#[derive(Debug)]
pub struct LogContactForm {
    base: Client,
    kind: Field,
    summary: Field,
}

impl LogContactForm {
    pub fn new(client: &Client) -> LogContactForm {
        LogContactForm {
            base: client.clone(),
            kind: Field::choice_of("Kind", InteractionKind::default()),
            summary: Field::text("Summary", "", "one line on what happened"),
        }
    }
}

impl FormKind for LogContactForm {
    fn title(&self) -> String {
        format!("Log a contact with {}", self.base.name)
    }

    fields_in_order!(kind, summary);

    fn check(&mut self, facts: Facts) -> Checked {
        let kind: InteractionKind = self.kind.chosen();
        let edit = self.summary.required("the summary").map(|summary| {
            change_of(
                &self.base,
                format!(
                    "logged a {} with {}",
                    kind.label().to_lowercase(),
                    self.base.name
                ),
                |c| edit::log_interaction(c, facts.today, kind, Vec::new(), &summary),
            )
        });
        Checked::edit(edit)
    }
}

#[derive(Debug)]
pub struct QuickNoteForm {
    base: Client,
    note: Field,
}

impl QuickNoteForm {
    pub fn new(client: &Client) -> QuickNoteForm {
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

    fn check(&mut self, facts: Facts) -> Checked {
        let edit = self.note.required("the note").map(|text| {
            change_of(&self.base, "added a note".to_string(), |c| {
                edit::append_note(c, facts.today, &text);
            })
        });
        Checked::edit(edit)
    }
}

#[derive(Debug)]
pub struct SnoozeForm {
    base: Client,
    when: Field,
}

impl SnoozeForm {
    pub fn new(client: &Client, today: NaiveDate) -> SnoozeForm {
        SnoozeForm {
            base: client.clone(),
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

impl FormKind for SnoozeForm {
    fn title(&self) -> String {
        format!("Next check-in with {}", self.base.name)
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
        Checked::edit(date.map(|date| {
            change_of(&self.base, format!("next check-in {date}"), |c| {
                c.next_checkin = Some(date);
            })
        }))
    }
}
