//! The fields of an item a change sets, each `None` when left as it is: a form fills in
//! only what the user touched, so an edit made elsewhere to another field survives.

use chrono::NaiveDate;

use crate::model::{
    Client, ExemptReason, Gift, GiftKind, Interaction, InteractionKind, Money, Project,
    ProjectStatus, Qualification, Task, Tier,
};

/// Declares `$name`, whose fields are those of `$item` it may set, each wrapped in
/// `Option` (`Some(None)` clears an optional field), and `set_on`, which writes them.
macro_rules! fields_of {
    ($(#[$doc:meta])* $name:ident for $item:ty { $($field:ident: $ty:ty),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(pub $field: Option<$ty>),+
        }

        impl $name {
            /// Sets nothing.
            pub fn is_empty(&self) -> bool {
                *self == Self::default()
            }

            /// Writes the given fields onto `item`.
            pub fn set_on(self, item: &mut $item) {
                $(if let Some(value) = self.$field {
                    item.$field = value;
                })+
            }
        }
    };
}

fields_of!(
    /// A task's fields (owner and deal by id).
    TaskFields for Task {
        title: String,
        due: Option<NaiveDate>,
        owner: Option<String>,
        deal: Option<String>,
    }
);

fields_of!(
    /// A deal's qualification (MEDDPICC, light; the people by contact id).
    QualificationFields for Qualification {
        metrics: Option<String>,
        economic_buyer: Option<String>,
        decision_criteria: Option<String>,
        decision_process: Option<String>,
        paper_process: Option<String>,
        pain: Option<String>,
        champion: Option<String>,
        competition: Option<String>,
    }
);

fields_of!(
    /// A project's fields (staff by colleague id or name, as typed).
    ProjectFields for Project {
        name: String,
        status: Option<ProjectStatus>,
        due: Option<NaiveDate>,
        staff: Vec<String>,
    }
);

fields_of!(
    /// A logged interaction's fields (`with`: contact ids).
    InteractionFields for Interaction {
        date: Option<NaiveDate>,
        kind: Option<InteractionKind>,
        with: Vec<String>,
        summary: String,
    }
);

fields_of!(
    /// A gift's fields: one `recipient`, or several in `recipients` (the other empty).
    GiftFields for Gift {
        date: Option<NaiveDate>,
        kind: Option<GiftKind>,
        attended: bool,
        recipient: String,
        recipients: Vec<String>,
        description: String,
        value: Option<Money>,
        face_value: Option<Money>,
        exempt: Option<ExemptReason>,
    }
);

fields_of!(
    /// A client's own fields (a new id renames the client; its items stay with it).
    ClientFields for Client {
        id: String,
        name: String,
        tier: Option<Tier>,
        industry: Option<String>,
        annual_value: Option<Money>,
        cadence_days: Option<u32>,
        last_contact: Option<NaiveDate>,
    }
);

/// Refuses a required text that is set to nothing.
pub fn not_emptied(what: &str, text: Option<&String>) -> Result<(), String> {
    match text {
        Some(text) if text.trim().is_empty() => Err(format!("{what} cannot be empty")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fields_given_are_written_and_some_none_clears() {
        let mut task = Task {
            id: "t1".into(),
            title: "Send the proposal".into(),
            due: NaiveDate::from_ymd_opt(2026, 12, 4),
            owner: Some("sam".into()),
            deal: Some("pilot".into()),
            done: None,
        };
        TaskFields {
            due: Some(None),
            owner: Some(Some("kim".into())),
            ..TaskFields::default()
        }
        .set_on(&mut task);
        assert_eq!(task.title, "Send the proposal");
        assert_eq!(task.due, None);
        assert_eq!(task.owner.as_deref(), Some("kim"));
        assert_eq!(task.deal.as_deref(), Some("pilot"));
        assert!(TaskFields::default().is_empty());
    }
}
