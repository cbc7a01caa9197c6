//! One change to one client as the user meant it ("move this deal to Negotiation"), not a
//! copy of the client: the command line turns each subcommand into an [`Op`] and [`apply`]
//! makes it, with the same rules the dashboard's forms follow. Items are named by id.

use chrono::NaiveDate;

use crate::model::{
    Book, Client, Deal, DealKind, ForecastCategory, Gift, InteractionKind, Money, Stage,
};

use super::{
    ContactDetails, NewTask, close_deal, describe_move, put_deal, put_gift, record_deal_change,
};

/// A change to one client.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// An interaction on `on` (a contact resets the check-in clock).
    Log {
        on: NaiveDate,
        kind: InteractionKind,
        with: Vec<String>,
        summary: String,
    },
    /// A dated line in the client's notes.
    Note { text: String },
    /// A new deal: its title and whatever else was given.
    AddDeal(DealFields),
    /// Only the given fields of the deal with this id.
    EditDeal { deal: String, fields: DealFields },
    /// The deal to a stage; Won or Lost closes it today.
    MoveDeal { deal: String, stage: Stage },
    /// The deal won or lost, closed `on` the day (default today).
    CloseDeal {
        deal: String,
        outcome: Stage,
        on: Option<NaiveDate>,
    },
    /// A gift or entertainment, recorded whatever the gate says: the log must be complete.
    AddGift(Gift),
    /// The next check-in moved to a day.
    Reschedule { on: NaiveDate },
    /// A task's due date moved (`task`: its id).
    TaskDue { task: String, on: NaiveDate },
    /// A next step (owner and deal as people name them: checked against the book).
    AddTask(NewTask),
    /// A task done today, or open again (`task`: its id or the start of its title).
    ToggleTask { task: String },
    /// A person at the client.
    AddContact {
        name: String,
        details: ContactDetails,
    },
    /// The given details of a person (`contact`: their id or the start of their name).
    EditContact {
        contact: String,
        details: ContactDetails,
    },
}

/// The fields of a deal a change sets; `None`: left as it is. `Some(None)` clears an
/// amount or a close date, and returns the forecast call to the stage's default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealFields {
    pub title: Option<String>,
    pub kind: Option<DealKind>,
    pub stage: Option<Stage>,
    pub amount: Option<Option<Money>>,
    pub close_date: Option<Option<NaiveDate>>,
    pub forecast: Option<Option<ForecastCategory>>,
}

impl DealFields {
    /// Sets nothing.
    pub fn is_empty(&self) -> bool {
        *self == DealFields::default()
    }

    /// Sets the given fields on `deal`.
    fn set_on(&self, deal: &mut Deal) {
        if let Some(title) = &self.title {
            deal.title = title.trim().to_string();
        }
        deal.kind = self.kind.or(deal.kind);
        deal.stage = self.stage.or(deal.stage);
        if let Some(amount) = self.amount {
            deal.amount = amount;
        }
        if let Some(close) = self.close_date {
            deal.close_date = close;
        }
        if let Some(call) = self.forecast {
            deal.forecast = call;
        }
    }
}

/// What a change did: in words for the user, and the id of the item it made or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub said: String,
    pub id: Option<String>,
}

impl Applied {
    fn of(said: String, id: impl Into<Option<String>>) -> Applied {
        Applied {
            said,
            id: id.into(),
        }
    }
}

/// Makes `op` on `client` (of `book`), or says why not and leaves the client as it was.
pub fn apply(
    book: &Book,
    client: &mut Client,
    op: Op,
    today: NaiveDate,
) -> Result<Applied, String> {
    match op {
        Op::Log {
            on,
            kind,
            with,
            summary,
        } => {
            let summary = super::required_text("the summary", &summary)?.to_string();
            super::log_interaction(client, on, kind, with, &summary);
            let id = client.interactions.last().map(|i| i.id.clone());
            let what = crate::text::with_article(&kind.label().to_lowercase());
            Ok(Applied::of(
                format!("logged {what} with {}", client.name),
                id,
            ))
        }
        Op::Note { text } => {
            super::append_note(client, today, super::required_text("the note", &text)?);
            Ok(Applied::of("added a note".to_string(), None))
        }
        Op::AddDeal(fields) => add_deal(client, &fields, today),
        Op::EditDeal { deal, fields } => edit_deal(client, &deal, &fields, today),
        Op::MoveDeal { deal, stage } => move_deal(client, &deal, stage, today),
        Op::CloseDeal { deal, outcome, on } => {
            if outcome.is_open() {
                return Err(format!(
                    "{} does not close a deal; won or lost does",
                    outcome.label()
                ));
            }
            let found = deal_mut(client, &deal)?;
            close_deal(found, outcome, on, today);
            let said = format!(
                "marked \"{}\" {}",
                found.title,
                outcome.label().to_lowercase()
            );
            Ok(Applied::of(said, deal))
        }
        Op::AddGift(gift) => {
            super::required_text("the description", &gift.description)?;
            let said = format!("logged \"{}\"", gift.description);
            let id = put_gift(
                client,
                Gift {
                    id: String::new(),
                    ..gift
                },
            );
            Ok(Applied::of(said, id))
        }
        Op::Reschedule { on } => {
            if on < today {
                return Err(format!("{on} is in the past"));
            }
            client.next_checkin = Some(on);
            client.next_checkin_set = Some(today);
            Ok(Applied::of(format!("next check-in {on}"), None))
        }
        Op::TaskDue { task, on } => {
            let found = client
                .tasks
                .iter_mut()
                .find(|t| t.id == task)
                .ok_or_else(|| format!("no task with id `{}`", crate::text::one_line(&task)))?;
            found.due = Some(on);
            Ok(Applied::of(format!("task due {on}"), task))
        }
        Op::AddTask(task) => {
            let id = super::add_task(book, client, &task)?;
            Ok(Applied::of(
                format!("added task \"{}\"", task.title.trim()),
                id,
            ))
        }
        Op::ToggleTask { task } => {
            let id = client.tasks[super::find_task(client, &task)?].id.clone();
            let (title, done) = super::toggle_task(client, &id, today)?;
            let said = if done { "done" } else { "open again" };
            Ok(Applied::of(format!("{said}: {title}"), id))
        }
        Op::AddContact { name, details } => {
            let id = super::add_contact(client, &name, details)?;
            Ok(Applied::of(format!("added {}", name.trim()), id))
        }
        Op::EditContact { contact, details } => {
            let id = super::edit_contact(client, &contact, details)?;
            Ok(Applied::of(format!("updated contact `{id}`"), id))
        }
    }
}

fn add_deal(client: &mut Client, fields: &DealFields, today: NaiveDate) -> Result<Applied, String> {
    let title = super::required_text("the title", fields.title.as_deref().unwrap_or_default())?;
    let mut deal = Deal::default();
    fields.set_on(&mut deal);
    deal.title = title.to_string();
    if deal.stage.is_some_and(|s| !s.is_open()) && deal.close_date.is_none() {
        deal.close_date = Some(today);
    }
    // A call that is the stage's own default is left for the stage to give.
    if deal.forecast == Some(ForecastCategory::default_for(deal.stage())) {
        deal.forecast = None;
    }
    record_deal_change(None, &mut deal, today);
    let said = format!("added deal \"{}\"", deal.title);
    let id = put_deal(client, deal);
    Ok(Applied::of(said, id))
}

fn edit_deal(
    client: &mut Client,
    id: &str,
    fields: &DealFields,
    today: NaiveDate,
) -> Result<Applied, String> {
    if fields.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err("the title cannot be empty".to_string());
    }
    let deal = deal_mut(client, id)?;
    let before = deal.clone();
    fields.set_on(deal);
    record_deal_change(Some(&before), deal, today);
    // Tasks name the deal by id: a new title needs nothing else changed.
    Ok(Applied::of(
        format!("edited deal \"{}\"", deal.title),
        id.to_string(),
    ))
}

fn move_deal(
    client: &mut Client,
    id: &str,
    stage: Stage,
    today: NaiveDate,
) -> Result<Applied, String> {
    let deal = deal_mut(client, id)?;
    let before = deal.clone();
    if stage.is_open() {
        deal.stage = Some(stage);
        record_deal_change(Some(&before), deal, today);
    } else if deal.stage() != stage {
        close_deal(deal, stage, None, today);
    }
    Ok(Applied::of(describe_move(&before, deal), id.to_string()))
}

fn deal_mut<'a>(client: &'a mut Client, id: &str) -> Result<&'a mut Deal, String> {
    client
        .deals
        .iter_mut()
        .find(|d| d.id == id)
        .ok_or_else(|| format!("no deal with id `{}`", crate::text::one_line(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn nordlys() -> (Book, Client) {
        let book = crate::storage::parse(include_str!("../../assets/sample.ron"))
            .unwrap()
            .0;
        let client = book.client("nordlys-bank").unwrap().clone();
        (book, client)
    }

    #[test]
    fn an_edit_sets_only_the_fields_given_and_records_them_in_the_history() {
        let (book, mut client) = nordlys();
        let before = client.deal("managed-detection").unwrap().clone();
        let fields = DealFields {
            amount: Some(Some(Money::from_units(150_000))),
            ..DealFields::default()
        };
        let op = Op::EditDeal {
            deal: "managed-detection".into(),
            fields,
        };
        apply(&book, &mut client, op, day("2026-12-04")).unwrap();
        let after = client.deal("managed-detection").unwrap();
        assert_eq!(after.amount, Some(Money::from_units(150_000)));
        assert_eq!(
            (&after.title, after.stage, after.close_date),
            (&before.title, before.stage, before.close_date)
        );
        let entry = after.history.last().unwrap();
        assert_eq!(entry.amount.unwrap().to, Some(Money::from_units(150_000)));
    }

    #[test]
    fn a_renamed_deal_keeps_its_id_and_its_tasks() {
        let (book, mut client) = nordlys();
        let op = Op::EditDeal {
            deal: "managed-detection".into(),
            fields: DealFields {
                title: Some("MDR".into()),
                ..DealFields::default()
            },
        };
        apply(&book, &mut client, op, day("2026-12-04")).unwrap();
        assert_eq!(client.deal("managed-detection").unwrap().title, "MDR");
        let task = client.task("t1").unwrap();
        assert_eq!(client.task_deal_title(task), Some("MDR"));
    }

    #[test]
    fn a_new_deal_gets_an_id_and_a_closed_one_a_close_date() {
        let (book, mut client) = nordlys();
        let today = day("2026-12-04");
        let added = apply(
            &book,
            &mut client,
            Op::AddDeal(DealFields {
                title: Some("Managed detection".into()),
                stage: Some(Stage::Won),
                ..DealFields::default()
            }),
            today,
        )
        .unwrap();
        assert_eq!(added.id.as_deref(), Some("managed-detection-2"));
        let deal = client.deal("managed-detection-2").unwrap();
        assert_eq!(deal.close_date, Some(today));
        assert!(deal.history[0].added);
    }

    #[test]
    fn refusals_leave_the_client_as_it_was() {
        let (book, client) = nordlys();
        let today = day("2026-12-04");
        for op in [
            Op::MoveDeal {
                deal: "nope".into(),
                stage: Stage::Won,
            },
            Op::AddDeal(DealFields::default()),
            Op::Reschedule {
                on: day("2026-12-01"),
            },
            Op::CloseDeal {
                deal: "managed-detection".into(),
                outcome: Stage::Proposal,
                on: None,
            },
        ] {
            let mut changed = client.clone();
            assert!(
                apply(&book, &mut changed, op.clone(), today).is_err(),
                "{op:?}"
            );
            assert_eq!(changed, client, "{op:?}");
        }
    }
}
