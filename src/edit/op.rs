//! One change to one client as the user meant it ("move this deal to Negotiation"), not a
//! copy of the client: the command line turns each subcommand into an [`Op`] and [`apply`]
//! makes it, with the same rules the dashboard's forms follow. Items are named by id.

use chrono::NaiveDate;

use crate::model::{
    Book, Client, Deal, DealKind, ForecastCategory, Gift, InteractionKind, Money, ProjectStatus,
    Stage,
};

use super::fields::{
    ClientFields, GiftFields, InteractionFields, ProjectFields, QualificationFields, TaskFields,
    not_emptied,
};
use super::{
    ContactDetails, Item, NewTask, Step, close_deal, describe_move, put_deal, put_gift,
    put_project, record_deal_change,
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
    /// The deal one stage on or back (on from Negotiation wins it today).
    StepDeal { deal: String, step: Step },
    /// The deal's forecast call (`None`: the stage's default), recorded in its history.
    CallForecast {
        deal: String,
        call: Option<ForecastCategory>,
    },
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
    /// The task with this id done today, or open again.
    TaskDone { task: String, done: bool },
    /// Only the given fields of the task with this id (owner and deal checked).
    EditTask { task: String, fields: TaskFields },
    /// A new project: its name and whatever else was given.
    AddProject(ProjectFields),
    /// Only the given fields of the project with this id.
    EditProject {
        project: String,
        fields: ProjectFields,
    },
    /// The project one status on or back along Planned → Active → Blocked → Done.
    StepProject { project: String, step: Step },
    /// Only the given fields of the logged interaction with this id.
    EditInteraction {
        interaction: String,
        fields: InteractionFields,
    },
    /// Only the given fields of the gift with this id.
    EditGift { gift: String, fields: GiftFields },
    /// The client's own fields (name, id, tier, terms).
    EditClient(ClientFields),
    /// The person with this id marked as having left today; the history keeps them.
    PersonLeft { contact: String },
    /// The item taken out: a deal's tasks stay, unlinked; a person only when nothing in
    /// the client's history names them.
    Remove(Item),
    /// The notes as edited, from the text `was` the editor opened on; refused when they
    /// changed elsewhere meanwhile (the dashboard then asks which to keep).
    SetNotes {
        was: Option<String>,
        text: Option<String>,
    },
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
    pub share: Option<Option<f64>>,
    pub credit: Option<Option<f64>>,
    pub term_months: Option<Option<u32>>,
    /// Boxed: most changes set none of it, and an `Op` stays small.
    pub qualification: Box<QualificationFields>,
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
        if let Some(share) = self.share {
            deal.share = share;
        }
        if let Some(credit) = self.credit {
            deal.credit = credit;
        }
        if let Some(term) = self.term_months {
            deal.term_months = term;
        }
        if !self.qualification.is_empty() {
            let mut qualification = deal.qualification.take().unwrap_or_default();
            (*self.qualification).clone().set_on(&mut qualification);
            deal.qualification = (!qualification.is_empty()).then_some(qualification);
        }
    }

    /// A share or credit out of range, a term of 0, or a person who is no contact.
    fn check(&self, client: &Client) -> Result<(), String> {
        if let Some(Some(share)) = self.share
            && !(share.is_finite() && (0.0..=1.0).contains(&share))
        {
            return Err(format!(
                "a share is 0 to 1 (50% or 0.5 for half), not {share}"
            ));
        }
        if let Some(Some(credit)) = self.credit
            && !(credit.is_finite() && credit >= 0.0)
        {
            return Err(format!(
                "a credit rate is 0 or more (80% or 0.8), not {credit}"
            ));
        }
        if self.term_months == Some(Some(0)) {
            return Err("a term is 1 month or more".to_string());
        }
        let q = &self.qualification;
        for (role, person) in [
            ("economic buyer", &q.economic_buyer),
            ("champion", &q.champion),
        ] {
            if let Some(Some(person)) = person
                && client.contact(person).is_none()
            {
                return Err(format!(
                    "the {role} `{person}` is not a contact of {}",
                    client.name
                ));
            }
        }
        Ok(())
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
        } => log(client, on, kind, with, &summary),
        Op::Note { text } => {
            super::append_note(client, today, super::required_text("the note", &text)?);
            Ok(Applied::of("added a note".to_string(), None))
        }
        Op::AddDeal(fields) => add_deal(client, &fields, today),
        Op::EditDeal { deal, fields } => edit_deal(client, &deal, &fields, today),
        Op::MoveDeal { deal, stage } => move_deal(client, &deal, stage, today),
        Op::StepDeal { deal, step } => step_deal(client, deal, step, today),
        Op::CallForecast { deal, call } => call_forecast(client, deal, call, today),
        Op::CloseDeal { deal, outcome, on } => close(client, deal, outcome, on, today),
        Op::AddGift(gift) => add_gift(client, gift),
        Op::EditGift { gift, fields } => edit_gift(client, gift, fields),
        Op::Reschedule { on } => reschedule(client, on, today),
        Op::TaskDue { task, on } => {
            item_mut(&mut client.tasks, &task, "task", |t| &t.id)?.due = Some(on);
            Ok(Applied::of(format!("task due {on}"), task))
        }
        Op::AddTask(task) => {
            let id = super::add_task(book, client, &task)?;
            let said = format!("added task \"{}\"", task.title.trim());
            Ok(Applied::of(said, id))
        }
        Op::ToggleTask { task } => {
            let id = super::find_task(client, &task)?;
            let (title, done) = super::toggle_task(client, &id, today)?;
            let said = if done { "done" } else { "open again" };
            Ok(Applied::of(format!("{said}: {title}"), id))
        }
        Op::TaskDone { task, done } => task_done(client, task, done, today),
        Op::EditTask { task, fields } => edit_task(book, client, &task, fields),
        Op::AddProject(fields) => add_project(client, fields),
        Op::EditProject { project, fields } => edit_project(client, project, fields),
        Op::StepProject { project, step } => {
            let found = item_mut(&mut client.projects, &project, "project", |p| &p.id)?;
            let status = step_status(found.status(), step);
            found.status = Some(status);
            let said = format!("set \"{}\" to {}", found.name, status.label());
            Ok(Applied::of(said, project))
        }
        Op::EditInteraction {
            interaction,
            fields,
        } => edit_interaction(client, interaction, fields, today),
        Op::EditClient(fields) => edit_client(book, client, fields),
        Op::PersonLeft { contact } => {
            let found = item_mut(&mut client.contacts, &contact, "contact", |p| &p.id)?;
            found.left = Some(today);
            let said = format!("marked {} as left", found.name);
            Ok(Applied::of(said, contact))
        }
        Op::Remove(item) => remove(client, &item),
        Op::SetNotes { was, text } => set_notes(client, was.as_deref(), text),
        Op::AddContact { name, details } => {
            let id = super::add_contact(client, &name, details)?;
            Ok(Applied::of(format!("added {}", name.trim()), id))
        }
        Op::EditContact { contact, details } => {
            let id = super::edit_contact(client, &contact, details)?;
            let name = client.contact(&id).map_or(id.as_str(), |c| c.name.as_str());
            Ok(Applied::of(format!("updated {name}"), id.clone()))
        }
    }
}

fn log(
    client: &mut Client,
    on: NaiveDate,
    kind: InteractionKind,
    with: Vec<String>,
    summary: &str,
) -> Result<Applied, String> {
    let summary = super::required_text("the summary", summary)?.to_string();
    super::log_interaction(client, on, kind, with, &summary);
    let id = client.interactions.last().map(|i| i.id.clone());
    let what = crate::text::with_article(&kind.label().to_lowercase());
    Ok(Applied::of(
        format!("logged {what} with {}", client.name),
        id,
    ))
}

fn reschedule(client: &mut Client, on: NaiveDate, today: NaiveDate) -> Result<Applied, String> {
    if on < today {
        return Err(format!("{on} is in the past"));
    }
    client.next_checkin = Some(on);
    client.next_checkin_set = Some(today);
    Ok(Applied::of(format!("next check-in {on}"), None))
}

fn step_deal(
    client: &mut Client,
    deal: String,
    step: Step,
    today: NaiveDate,
) -> Result<Applied, String> {
    let found = deal_mut(client, &deal)?;
    let before = found.clone();
    super::move_stage(found, step, today);
    Ok(Applied::of(describe_move(&before, found), deal))
}

fn call_forecast(
    client: &mut Client,
    deal: String,
    call: Option<ForecastCategory>,
    today: NaiveDate,
) -> Result<Applied, String> {
    let found = deal_mut(client, &deal)?;
    super::set_forecast(found, call, today);
    let said = match call {
        Some(call) => format!("called \"{}\" {}", found.title, call.label()),
        None => format!("\"{}\" called by its stage", found.title),
    };
    Ok(Applied::of(said, deal))
}

fn close(
    client: &mut Client,
    deal: String,
    outcome: Stage,
    on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Applied, String> {
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

fn add_gift(client: &mut Client, gift: Gift) -> Result<Applied, String> {
    super::required_text("the description", &gift.description)?;
    let said = format!("logged \"{}\"", gift.description);
    let gift = Gift {
        id: String::new(),
        ..gift
    };
    Ok(Applied::of(said, put_gift(client, gift)))
}

fn edit_gift(client: &mut Client, gift: String, fields: GiftFields) -> Result<Applied, String> {
    not_emptied("the description", fields.description.as_ref())?;
    if fields.value == Some(None) {
        return Err("a gift needs its cost".to_string());
    }
    let found = item_mut(&mut client.gifts, &gift, "gift", |g| &g.id)?;
    fields.set_on(found);
    let said = format!("corrected \"{}\"", found.description);
    Ok(Applied::of(said, gift))
}

fn task_done(
    client: &mut Client,
    task: String,
    done: bool,
    today: NaiveDate,
) -> Result<Applied, String> {
    let found = item_mut(&mut client.tasks, &task, "task", |t| &t.id)?;
    found.done = if done {
        found.done.or(Some(today))
    } else {
        None
    };
    let said = if done { "done" } else { "open again" };
    Ok(Applied::of(format!("{said}: {}", found.title), task))
}

fn add_project(client: &mut Client, fields: ProjectFields) -> Result<Applied, String> {
    let name = super::required_text("the name", fields.name.as_deref().unwrap_or_default())?;
    let said = format!("added project \"{}\"", name.trim());
    let mut project = crate::model::Project::default();
    fields.set_on(&mut project);
    project.name = project.name.trim().to_string();
    Ok(Applied::of(said, put_project(client, project)))
}

fn edit_project(
    client: &mut Client,
    project: String,
    fields: ProjectFields,
) -> Result<Applied, String> {
    not_emptied("the name", fields.name.as_ref())?;
    let found = item_mut(&mut client.projects, &project, "project", |p| &p.id)?;
    fields.set_on(found);
    found.name = found.name.trim().to_string();
    let said = format!("edited project \"{}\"", found.name);
    Ok(Applied::of(said, project))
}

fn edit_interaction(
    client: &mut Client,
    interaction: String,
    fields: InteractionFields,
    today: NaiveDate,
) -> Result<Applied, String> {
    not_emptied("the summary", fields.summary.as_ref())?;
    if let Some(Some(date)) = fields.date
        && date > today
    {
        return Err(format!("{date} is in the future; log what has happened"));
    }
    let found = item_mut(&mut client.interactions, &interaction, "interaction", |i| {
        &i.id
    })?;
    fields.set_on(found);
    Ok(Applied::of(
        "edited an interaction".to_string(),
        interaction,
    ))
}

fn set_notes(
    client: &mut Client,
    was: Option<&str>,
    text: Option<String>,
) -> Result<Applied, String> {
    let text = text.filter(|t| !t.trim().is_empty());
    if client.notes.as_deref() != was && client.notes != text {
        return Err(format!(
            "the notes on {} were changed elsewhere while you edited them",
            client.name
        ));
    }
    client.notes = text;
    let said = format!("edited the notes on {}", client.name);
    Ok(Applied::of(said, None))
}

fn add_deal(client: &mut Client, fields: &DealFields, today: NaiveDate) -> Result<Applied, String> {
    let title = super::required_text("the title", fields.title.as_deref().unwrap_or_default())?;
    fields.check(client)?;
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
    fields.check(client)?;
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
    item_mut(&mut client.deals, id, "deal", |d| &d.id)
}

/// The item of this kind with id `id`, or a message naming what was not found.
fn item_mut<'a, T>(
    items: &'a mut [T],
    id: &str,
    kind: &str,
    id_of: impl Fn(&T) -> &String,
) -> Result<&'a mut T, String> {
    items
        .iter_mut()
        .find(|item| id_of(item) == id)
        .ok_or_else(|| format!("no {kind} with id `{}`", crate::text::one_line(id)))
}

fn step_status(status: ProjectStatus, step: Step) -> ProjectStatus {
    const ORDER: [ProjectStatus; 4] = [
        ProjectStatus::Planned,
        ProjectStatus::Active,
        ProjectStatus::Blocked,
        ProjectStatus::Done,
    ];
    let at = ORDER.iter().position(|s| *s == status).unwrap_or(0);
    let next = match step {
        Step::Forward => (at + 1).min(ORDER.len() - 1),
        Step::Back => at.saturating_sub(1),
    };
    ORDER[next]
}

fn edit_task(
    book: &Book,
    client: &mut Client,
    id: &str,
    fields: TaskFields,
) -> Result<Applied, String> {
    not_emptied("the title", fields.title.as_ref())?;
    let owner = fields.owner.as_ref().and_then(Option::as_deref);
    let deal = fields.deal.as_ref().and_then(Option::as_deref);
    super::check_task_links(book, client, owner, deal)?;
    let found = item_mut(&mut client.tasks, id, "task", |t| &t.id)?;
    fields.set_on(found);
    found.title = found.title.trim().to_string();
    Ok(Applied::of(
        format!("edited task \"{}\"", found.title),
        id.to_string(),
    ))
}

fn edit_client(book: &Book, client: &mut Client, fields: ClientFields) -> Result<Applied, String> {
    not_emptied("the name", fields.name.as_ref())?;
    if let Some(id) = fields.id.as_deref() {
        check_client_id(book, &client.id, id)?;
    }
    if fields.cadence_days == Some(Some(0)) {
        return Err("a cadence of 0 days makes no sense; use 1 or more".to_string());
    }
    fields.set_on(client);
    client.name = client.name.trim().to_string();
    Ok(Applied::of(
        format!("edited {}", client.name),
        client.id.clone(),
    ))
}

/// Whether `id` may name the client now called `own`: no spaces, no other client's.
pub fn check_client_id(book: &Book, own: &str, id: &str) -> Result<(), String> {
    if id.trim().is_empty() {
        return Err("a client needs an id".to_string());
    }
    if id.chars().any(char::is_whitespace) {
        return Err(format!("ids have no spaces: try {}", super::slug(id)));
    }
    if id != own && book.client(id).is_some() {
        return Err(format!("{id} is already used by another client"));
    }
    Ok(())
}

fn remove(client: &mut Client, item: &Item) -> Result<Applied, String> {
    let what = item.describe(client);
    if what.is_empty() {
        return Err("that item is no longer there".to_string());
    }
    if let Item::Contact(id) = item {
        let named = super::references_to(client, id);
        if named > 0 {
            return Err(format!(
                "{what} is named in {}; mark them as left instead",
                crate::text::plural(named, "record", "records")
            ));
        }
    }
    item.remove_from(client);
    Ok(Applied::of(format!("deleted {what}"), None))
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
        // The items the refusals name are there: each is refused for its own reason.
        assert!(client.gift("christmas-hamper").is_some());
        assert!(client.interaction("2026-11-20-call").is_some());
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
            // Søren is named in the history: he can leave, not be deleted.
            Op::Remove(Item::Contact("soren".into())),
            Op::Remove(Item::Deal("nope".into())),
            Op::SetNotes {
                was: Some("an older text".into()),
                text: Some("mine".into()),
            },
            Op::EditClient(ClientFields {
                id: Some("fjord-shipping".into()),
                ..ClientFields::default()
            }),
            Op::EditClient(ClientFields {
                name: Some("  ".into()),
                ..ClientFields::default()
            }),
            Op::EditTask {
                task: "t1".into(),
                fields: TaskFields {
                    owner: Some(Some("nobody-here".into())),
                    ..TaskFields::default()
                },
            },
            Op::EditInteraction {
                interaction: "2026-11-20-call".into(),
                fields: InteractionFields {
                    date: Some(Some(day("2026-12-25"))),
                    ..InteractionFields::default()
                },
            },
            Op::EditGift {
                gift: "christmas-hamper".into(),
                fields: GiftFields {
                    value: Some(None),
                    ..GiftFields::default()
                },
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

    #[test]
    fn a_project_steps_through_its_statuses_and_stops_at_the_ends() {
        let (book, mut client) = nordlys();
        let today = day("2026-12-04");
        let id = client.projects[0].id.clone();
        let status = |c: &Client| c.project(&id).unwrap().status();
        for _ in 0..5 {
            let op = Op::StepProject {
                project: id.clone(),
                step: Step::Forward,
            };
            apply(&book, &mut client, op, today).unwrap();
        }
        assert_eq!(status(&client), ProjectStatus::Done);
        let op = Op::StepProject {
            project: id.clone(),
            step: Step::Back,
        };
        apply(&book, &mut client, op, today).unwrap();
        assert_eq!(status(&client), ProjectStatus::Blocked);
    }

    #[test]
    fn notes_set_over_the_same_text_elsewhere_and_a_task_done_twice_stay_as_meant() {
        let (book, mut client) = nordlys();
        let today = day("2026-12-04");
        let was = client.notes.clone();
        let text = Some("Prefers calls before 10:00.".to_string());
        client.notes.clone_from(&text);
        let op = Op::SetNotes { was, text };
        apply(&book, &mut client, op, today).unwrap();
        assert_eq!(client.notes.as_deref(), Some("Prefers calls before 10:00."));

        let done = |client: &mut Client, done| {
            let op = Op::TaskDone {
                task: "t1".into(),
                done,
            };
            apply(&book, client, op, today).unwrap();
        };
        done(&mut client, true);
        done(&mut client, true);
        assert_eq!(client.task("t1").unwrap().done, Some(today));
        done(&mut client, false);
        assert_eq!(client.task("t1").unwrap().done, None);
    }

    #[test]
    fn a_person_nothing_names_is_removed_and_one_named_can_leave() {
        let (book, mut client) = nordlys();
        let today = day("2026-12-04");
        let left = Op::PersonLeft {
            contact: "soren".into(),
        };
        apply(&book, &mut client, left, today).unwrap();
        assert_eq!(client.contact("soren").unwrap().left, Some(today));
        let added = Op::AddContact {
            name: "Mette Holm".into(),
            details: super::super::ContactDetails::default(),
        };
        let id = apply(&book, &mut client, added, today).unwrap().id.unwrap();
        apply(
            &book,
            &mut client,
            Op::Remove(Item::Contact(id.clone())),
            today,
        )
        .unwrap();
        assert!(client.contact(&id).is_none());
    }
}
