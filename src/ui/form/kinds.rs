//! Every form the dashboard opens: what its fields are, how they are checked as the user
//! types, and the change to the book a valid form makes. Nothing half-valid gets through.

use chrono::NaiveDate;

use crate::edit;
use crate::model::serde_format::format_date;
use crate::model::{
    Book, Client, Deal, DealKind, Gift, InteractionKind, Money, Project, ProjectStatus, Stage, Tier,
};
use crate::rules::compliance::{self, Standing};

use super::fields::{Field, FieldKind, Form};
use crate::ui::store::Edit;

/// What a form is for, and on which client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    AddClient,
    EditClient {
        id: String,
    },
    LogContact {
        id: String,
    },
    QuickNote {
        id: String,
    },
    Snooze {
        id: String,
    },
    AddDeal {
        id: String,
    },
    EditDeal {
        id: String,
        index: usize,
    },
    CloseDeal {
        id: String,
        index: usize,
        outcome: Stage,
    },
    AddProject {
        id: String,
    },
    EditProject {
        id: String,
        index: usize,
    },
    AddGift {
        id: String,
    },
}

impl Purpose {
    pub fn client_id(&self) -> Option<&str> {
        match self {
            Purpose::AddClient => None,
            Purpose::EditClient { id }
            | Purpose::LogContact { id }
            | Purpose::QuickNote { id }
            | Purpose::Snooze { id }
            | Purpose::AddDeal { id }
            | Purpose::EditDeal { id, .. }
            | Purpose::CloseDeal { id, .. }
            | Purpose::AddProject { id }
            | Purpose::EditProject { id, .. }
            | Purpose::AddGift { id } => Some(id),
        }
    }
}

#[derive(Debug, Clone)]
pub struct FormState {
    pub form: Form,
    pub purpose: Purpose,
    /// The client as it was when the form opened: the form's change is made to this copy
    /// and then merged onto the book as it is at submit time, so a change made meanwhile
    /// (by `konto log`, another konto, a hand edit) is kept.
    pub base: Option<Client>,
    /// A gift over the limit needs a second Enter: the warning must be seen.
    pub over_limit_confirmed: bool,
}

const YES_NO: [&str; 2] = ["No", "Yes"];

fn amount_text(amount: Option<Money>) -> String {
    amount.map(|m| m.grouped()).unwrap_or_default()
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(format_date).unwrap_or_default()
}

/// Opens the form for `purpose`, filled from the book; `None` if its client is gone.
pub fn open(purpose: Purpose, book: &Book, today: NaiveDate) -> Option<FormState> {
    let client = purpose.client_id().and_then(|id| book.client(id));
    if purpose.client_id().is_some() && client.is_none() {
        return None;
    }
    let name = client.map(|c| c.name.clone()).unwrap_or_default();
    let form = match &purpose {
        Purpose::AddClient | Purpose::EditClient { .. } => {
            let blank = Client::new("", "");
            let c = client.unwrap_or(&blank);
            let title = if client.is_some() {
                format!("Edit {name}")
            } else {
                "Add a client".to_string()
            };
            Form::new(
                title,
                vec![
                    Field::text("Name", &c.name, "the company's name"),
                    Field::text(
                        "Id",
                        &c.id,
                        "letters, digits and dashes; suggested from the name",
                    ),
                    Field::choice_of("Tier", c.tier()),
                    Field::text(
                        "Industry",
                        c.industry.as_deref().unwrap_or(""),
                        "e.g. Banking",
                    ),
                    Field::text(
                        "Annual value",
                        &amount_text(c.annual_value),
                        "e.g. 420,000 or 420k",
                    ),
                    Field::text(
                        "Cadence (days)",
                        &c.cadence_days.map(|d| d.to_string()).unwrap_or_default(),
                        "how often to be in touch; empty: the tier's default",
                    ),
                    Field::text(
                        if client.is_some() {
                            "Last contact"
                        } else {
                            "First contact"
                        },
                        &date_text(c.last_contact),
                        "2026-11-20, today, or empty",
                    ),
                ],
            )
        }
        Purpose::LogContact { .. } => Form::new(
            format!("Log a contact with {name}"),
            vec![
                Field::choice_of("Kind", InteractionKind::default()),
                Field::text("Summary", "", "one line on what happened"),
            ],
        ),
        Purpose::QuickNote { .. } => Form::new(
            format!("Note on {name} (dated today)"),
            vec![Field::text("Note", "", "one line")],
        ),
        Purpose::Snooze { .. } => Form::new(
            format!("Next check-in with {name}"),
            vec![Field::text(
                "When",
                "",
                format!(
                    "+3d, +2w, +1m, fri, tomorrow or a date like {}",
                    format_date(today)
                ),
            )],
        ),
        Purpose::AddDeal { .. } | Purpose::EditDeal { .. } => {
            let deal = match &purpose {
                Purpose::EditDeal { index, .. } => {
                    client.and_then(|c| c.deals.get(*index)).cloned()
                }
                _ => None,
            };
            let title = match &deal {
                Some(d) => format!("Edit deal \"{}\"", d.title),
                None => format!("New deal with {name}"),
            };
            let d = deal.unwrap_or(Deal {
                title: String::new(),
                kind: None,
                stage: None,
                amount: None,
                close_date: None,
                stage_changed: None,
            });
            Form::new(
                title,
                vec![
                    Field::text("Title", &d.title, "what is being sold"),
                    Field::choice_of("Kind", d.kind()),
                    Field::choice_of("Stage", d.stage()),
                    Field::text("Amount", &amount_text(d.amount), "e.g. 140,000 or 140k"),
                    Field::text(
                        "Close date",
                        &date_text(d.close_date),
                        "expected or actual: 2026-12-01, fri, +2w",
                    ),
                ],
            )
        }
        Purpose::CloseDeal { index, outcome, .. } => {
            let title = client
                .and_then(|c| c.deals.get(*index))
                .map(|d| d.title.clone())
                .unwrap_or_default();
            let verb = if *outcome == Stage::Won {
                "won"
            } else {
                "lost"
            };
            Form::new(
                format!("Mark \"{title}\" {verb}"),
                vec![Field::text(
                    "Close date",
                    &format_date(today),
                    "2026-12-01, today, fri, +2w",
                )],
            )
        }
        Purpose::AddProject { .. } | Purpose::EditProject { .. } => {
            let project = match &purpose {
                Purpose::EditProject { index, .. } => {
                    client.and_then(|c| c.projects.get(*index)).cloned()
                }
                _ => None,
            };
            let title = match &project {
                Some(p) => format!("Edit project \"{}\"", p.name),
                None => format!("New project for {name}"),
            };
            let p = project.unwrap_or(Project {
                name: String::new(),
                status: None,
                due: None,
                staff: Vec::new(),
            });
            Form::new(
                title,
                vec![
                    Field::text("Name", &p.name, "e.g. Security review"),
                    Field::choice_of("Status", p.status()),
                    Field::text("Due", &date_text(p.due), "2026-12-01, fri, +2w, or empty"),
                    Field::text(
                        "Staff",
                        &p.staff.join(", "),
                        "colleagues, separated by commas",
                    ),
                ],
            )
        }
        Purpose::AddGift { .. } => {
            let contacts: Vec<String> = client
                .map(|c| c.contacts.iter().map(|p| p.name.clone()).collect())
                .unwrap_or_default();
            let first = contacts.first().cloned().unwrap_or_default();
            Form::new(
                format!("Log a gift to someone at {name}"),
                vec![
                    Field::text(
                        "Recipient",
                        &first,
                        format!("contacts: {}", contacts.join(", ")),
                    ),
                    Field::text("Description", "", "e.g. Concert tickets"),
                    Field::text("Value", "", "what it cost, e.g. 90"),
                    Field::choice("Exempt", &YES_NO, 0),
                    Field::text("Date", &format_date(today), "2026-12-01, today, tomorrow"),
                ],
            )
        }
    };
    let mut form = form;
    // Start where typing is needed: the first empty text field (the summary of a call).
    form.focus = form
        .fields
        .iter()
        .position(|f| matches!(f.kind, FieldKind::Text) && f.value().is_empty())
        .unwrap_or(0);
    let mut state = FormState {
        form,
        base: client.cloned(),
        purpose,
        over_limit_confirmed: false,
    };
    refresh(&mut state, book, today);
    Some(state)
}

/// A field's value checked: what it means, or what is wrong with it.
type Checked<T> = Result<T, String>;

fn required(value: &str, what: &str) -> Checked<String> {
    if value.trim().is_empty() {
        Err(format!("{what} cannot be empty"))
    } else {
        Ok(value.trim().to_string())
    }
}

fn optional_amount(value: &str) -> Checked<Option<Money>> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        Money::parse(value).map(Some)
    }
}

fn optional_date(value: &str, today: NaiveDate) -> Checked<Option<NaiveDate>> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        edit::parse_when(value, today).map(Some)
    }
}

fn required_date(value: &str, what: &str, today: NaiveDate) -> Checked<NaiveDate> {
    required(value, what).and_then(|d| edit::parse_when(&d, today))
}

fn cadence(value: &str) -> Checked<Option<u32>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<u32>() {
        Ok(0) => Err("a cadence of 0 days makes no sense; use 1 or more".to_string()),
        Ok(days) => Ok(Some(days)),
        Err(_) => Err(format!("\"{value}\" is not a whole number of days")),
    }
}

fn client_id(value: &str, book: &Book, own: Option<&str>) -> Checked<String> {
    let id = required(value, "the id")?;
    if id.chars().any(char::is_whitespace) {
        return Err(format!("ids have no spaces: try {}", edit::slug(&id)));
    }
    if own != Some(id.as_str()) && book.client(&id).is_some() {
        return Err(format!("{id} is already used by another client"));
    }
    Ok(id)
}

/// Something the user should see before saving, though the form is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A gift takes its recipient near (80 %) or over the yearly limit.
    GiftLimit {
        over: bool,
        recipient: String,
        total: Money,
        limit: Money,
    },
}

impl Warning {
    /// Going over a limit takes a second Enter: the warning must be seen.
    pub fn needs_confirming(&self) -> bool {
        match self {
            Warning::GiftLimit { over, .. } => *over,
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::GiftLimit {
                over: true,
                recipient,
                total,
                limit,
            } => write!(
                f,
                "Over the limit: {recipient} would reach {} of {} this year, over by {}. Enter again to log it anyway.",
                total.grouped(),
                limit.grouped(),
                (*total - *limit).grouped()
            ),
            Warning::GiftLimit {
                over: false,
                recipient,
                total,
                limit,
            } => write!(
                f,
                "Near the limit: {recipient} would reach {} of {} this year.",
                total.grouped(),
                limit.grouped()
            ),
        }
    }
}

/// Results per field (errors by field index) and, when all is well, the change.
struct Outcome {
    errors: Vec<(usize, String)>,
    change: Option<Edit>,
    warning: Option<Warning>,
}

fn collect<T>(errors: &mut Vec<(usize, String)>, field: usize, checked: Checked<T>) -> Option<T> {
    match checked {
        Ok(value) => Some(value),
        Err(message) => {
            errors.push((field, message));
            None
        }
    }
}

/// The form's change, made to the client as the form found it.
fn modify(base: Option<&Client>, label: String, change: impl FnOnce(&mut Client)) -> Option<Edit> {
    let base = base?.clone();
    let mut ours = base.clone();
    change(&mut ours);
    Some(Edit {
        label,
        base: Some(base),
        ours,
    })
}

fn evaluate(state: &FormState, book: &Book, today: NaiveDate) -> Outcome {
    let form = &state.form;
    let v = |i: usize| form.value(i);
    let mut errors = Vec::new();
    let mut warning = None;
    let change =
        match &state.purpose {
            Purpose::AddClient | Purpose::EditClient { .. } => {
                let own = state.purpose.client_id();
                let name = collect(&mut errors, 0, required(&v(0), "the name"));
                let id = collect(&mut errors, 1, client_id(&v(1), book, own));
                let value = collect(&mut errors, 4, optional_amount(&v(4)));
                let cadence = collect(&mut errors, 5, cadence(&v(5)));
                let last = collect(&mut errors, 6, optional_date(&v(6), today));
                match (name, id, value, cadence, last) {
                    (Some(name), Some(id), Some(value), Some(cadence), Some(last))
                        if errors.is_empty() =>
                    {
                        let mut client = state.base.clone().unwrap_or_else(|| Client::new("", ""));
                        // Only what differs from what the form showed is set, so a field the
                        // user left alone neither changes the file nor clashes with an edit
                        // made elsewhere.
                        client.id = id;
                        client.name = name;
                        let tier: Tier = form.fields[2].chosen();
                        if tier != client.tier() {
                            client.tier = Some(tier);
                        }
                        if v(3) != client.industry() {
                            client.industry = Some(v(3)).filter(|s| !s.is_empty());
                        }
                        client.annual_value = value;
                        client.cadence_days = cadence;
                        client.last_contact = last;
                        let label = if state.base.is_some() {
                            format!("edited {}", client.name)
                        } else {
                            format!("added {}", client.name)
                        };
                        Some(Edit {
                            label,
                            base: state.base.clone(),
                            ours: client,
                        })
                    }
                    _ => None,
                }
            }
            Purpose::LogContact { id } => {
                let kind: InteractionKind = form.fields[0].chosen();
                collect(&mut errors, 1, required(&v(1), "the summary")).and_then(|summary| {
                    let name = book.client(id).map(|c| c.name.clone()).unwrap_or_default();
                    modify(
                        state.base.as_ref(),
                        format!("logged a {} with {name}", kind.label().to_lowercase()),
                        |c| edit::log_interaction(c, today, kind, &summary),
                    )
                })
            }
            Purpose::QuickNote { .. } => collect(&mut errors, 0, required(&v(0), "the note"))
                .and_then(|text| {
                    modify(state.base.as_ref(), "added a note".to_string(), |c| {
                        edit::append_note(c, today, &text);
                    })
                }),
            Purpose::Snooze { .. } => collect(&mut errors, 0, edit::parse_when(&v(0), today))
                .and_then(|date| {
                    if date < today {
                        errors.push((0, format!("{date} is in the past")));
                        return None;
                    }
                    modify(state.base.as_ref(), format!("next check-in {date}"), |c| {
                        c.next_checkin = Some(date);
                    })
                }),
            Purpose::AddDeal { .. } | Purpose::EditDeal { .. } => {
                let title = collect(&mut errors, 0, required(&v(0), "the title"));
                let amount = collect(&mut errors, 3, optional_amount(&v(3)));
                let close = collect(&mut errors, 4, optional_date(&v(4), today));
                match (title, amount, close) {
                    (Some(title), Some(amount), Some(close)) => {
                        let index = match &state.purpose {
                            Purpose::EditDeal { index, .. } => Some(*index),
                            _ => None,
                        };
                        let stage: Stage = form.fields[2].chosen();
                        let old = index.and_then(|i| state.base.as_ref()?.deals.get(i));
                        let stage_changed = match old {
                            Some(old) if old.stage() == stage => old.stage_changed,
                            _ => Some(today),
                        };
                        let kind: DealKind = form.fields[1].chosen();
                        // An unchanged choice keeps how the file had it (absent stays absent).
                        let deal = Deal {
                            title,
                            kind: match old {
                                Some(old) if old.kind() == kind => old.kind,
                                _ => Some(kind),
                            },
                            stage: match old {
                                Some(old) if old.stage() == stage => old.stage,
                                _ => Some(stage),
                            },
                            amount,
                            close_date: close,
                            stage_changed,
                        };
                        let label = format!(
                            "{} deal \"{}\"",
                            if index.is_some() { "edited" } else { "added" },
                            deal.title
                        );
                        modify(state.base.as_ref(), label, |c| {
                            match index.filter(|i| *i < c.deals.len()) {
                                Some(i) => c.deals[i] = deal,
                                None => c.deals.push(deal),
                            }
                        })
                    }
                    _ => None,
                }
            }
            Purpose::CloseDeal { index, outcome, .. } => collect(
                &mut errors,
                0,
                required_date(&v(0), "the close date", today),
            )
            .and_then(|date| {
                let verb = if *outcome == Stage::Won {
                    "won"
                } else {
                    "lost"
                };
                modify(state.base.as_ref(), format!("marked a deal {verb}"), |c| {
                    if let Some(deal) = c.deals.get_mut(*index) {
                        edit::close_deal(deal, *outcome, Some(date), today);
                    }
                })
            }),
            Purpose::AddProject { .. } | Purpose::EditProject { .. } => {
                let name = collect(&mut errors, 0, required(&v(0), "the name"));
                let due = collect(&mut errors, 2, optional_date(&v(2), today));
                match (name, due) {
                    (Some(name), Some(due)) => {
                        let project = Project {
                            name,
                            status: Some(form.fields[1].chosen::<ProjectStatus>()),
                            due,
                            staff: v(3)
                                .split(',')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(String::from)
                                .collect(),
                        };
                        let index = match &state.purpose {
                            Purpose::EditProject { index, .. } => Some(*index),
                            _ => None,
                        };
                        let label = format!(
                            "{} project \"{}\"",
                            if index.is_some() { "edited" } else { "added" },
                            project.name
                        );
                        modify(state.base.as_ref(), label, |c| {
                            match index.filter(|i| *i < c.projects.len()) {
                                Some(i) => c.projects[i] = project,
                                None => c.projects.push(project),
                            }
                        })
                    }
                    _ => None,
                }
            }
            Purpose::AddGift { id } => {
                let recipient = collect(&mut errors, 0, required(&v(0), "the recipient"));
                let description = collect(&mut errors, 1, required(&v(1), "the description"));
                let value = collect(
                    &mut errors,
                    2,
                    required(&v(2), "the value").and_then(|t| Money::parse(&t)),
                );
                let date = collect(&mut errors, 4, required_date(&v(4), "the date", today));
                match (recipient, description, value, date, book.client(id)) {
                    (Some(recipient), Some(description), Some(value), Some(date), Some(client)) => {
                        let gift = Gift {
                            date: Some(date),
                            recipient,
                            description,
                            value: Some(value),
                            exempt: v(3) == "Yes",
                        };
                        let check = compliance::check_new_gift(book, client, &gift, today);
                        let gift_warning = |over: bool| Warning::GiftLimit {
                            over,
                            recipient: gift.recipient.clone(),
                            total: check.counted_after,
                            limit: check.limit,
                        };
                        warning = match check.standing_after {
                            Standing::Over => Some(gift_warning(true)),
                            Standing::Near => Some(gift_warning(false)),
                            Standing::Ok => None,
                        };
                        modify(
                            state.base.as_ref(),
                            format!("logged a gift to {}", gift.recipient),
                            |c| c.gifts.push(gift),
                        )
                    }
                    _ => None,
                }
            }
        };
    Outcome {
        errors,
        change,
        warning,
    }
}

fn show(state: &mut FormState, outcome: &Outcome, all: bool) {
    for (index, field) in state.form.fields.iter_mut().enumerate() {
        field.error = outcome
            .errors
            .iter()
            .find(|(i, _)| *i == index)
            .filter(|_| all || field.touched)
            .map(|(_, message)| message.clone());
    }
    state.form.note = outcome.warning.as_ref().map(Warning::to_string);
}

/// Checks the form again after a keystroke: errors show for the fields typed in.
pub fn refresh(state: &mut FormState, book: &Book, today: NaiveDate) {
    // A new client's id follows its name until the user types an id of their own.
    if state.purpose == Purpose::AddClient && !state.form.fields[1].touched {
        let suggestion = edit::suggest_id(book, &state.form.value(0));
        if state.form.value(1) != suggestion && !state.form.value(0).is_empty() {
            state.form.fields[1].set_text(&suggestion);
        }
    }
    let outcome = evaluate(state, book, today);
    show(state, &outcome, false);
}

/// The change the form makes, if everything is valid; otherwise every error is shown.
pub fn submit(state: &mut FormState, book: &Book, today: NaiveDate) -> Option<Edit> {
    let outcome = evaluate(state, book, today);
    show(state, &outcome, true);
    if !outcome.errors.is_empty() {
        return None;
    }
    if outcome
        .warning
        .as_ref()
        .is_some_and(Warning::needs_confirming)
        && !state.over_limit_confirmed
    {
        state.over_limit_confirmed = true;
        return None;
    }
    outcome.change
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn book() -> Book {
        crate::ui::sample_book()
    }

    fn type_into(state: &mut FormState, field: usize, text: &str, book: &Book) {
        state.form.focus = field;
        state.form.fields[field].set_text("");
        for c in text.chars() {
            state
                .form
                .input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        refresh(state, book, today());
    }

    fn error(state: &FormState, field: usize) -> Option<&str> {
        state.form.fields[field].error.as_deref()
    }

    #[test]
    fn client_form_checks_every_field_as_you_type() {
        let book = book();
        let mut form = open(Purpose::AddClient, &book, today()).unwrap();
        assert!(submit(&mut form, &book, today()).is_none());
        assert_eq!(error(&form, 0), Some("the name cannot be empty"));

        type_into(&mut form, 0, "Nordlys Bank", &book);
        assert_eq!(
            form.form.value(1),
            "nordlys-bank-2",
            "id suggested from the name, unique"
        );
        type_into(&mut form, 1, "nordlys-bank", &book);
        assert_eq!(
            error(&form, 1),
            Some("nordlys-bank is already used by another client")
        );
        type_into(&mut form, 1, "nordlys bank", &book);
        assert!(error(&form, 1).unwrap().contains("no spaces"));
        type_into(&mut form, 1, "nordlys-2", &book);
        assert_eq!(error(&form, 1), None);

        type_into(&mut form, 4, "12,5k", &book);
        assert!(error(&form, 4).unwrap().contains("not an amount"));
        type_into(&mut form, 4, "-5", &book);
        assert!(error(&form, 4).unwrap().contains("negative"));
        type_into(&mut form, 4, "250,000", &book);
        assert_eq!(error(&form, 4), None);

        type_into(&mut form, 5, "0", &book);
        assert!(error(&form, 5).unwrap().contains("0 days"));
        type_into(&mut form, 5, "14", &book);

        type_into(&mut form, 6, "2026-02-30", &book);
        assert_eq!(
            error(&form, 6),
            Some("2026-02-30 is not a date (no such day in the calendar)")
        );
        assert!(submit(&mut form, &book, today()).is_none());
        type_into(&mut form, 6, "2026-11-01", &book);

        let change = submit(&mut form, &book, today()).expect("valid now");
        let client = change.ours;
        assert_eq!(client.id, "nordlys-2");
        assert_eq!(client.annual_value, Some(Money::from_units(250_000)));
        assert_eq!(client.cadence_days, Some(14));
        assert!(change.base.is_none());
    }

    #[test]
    fn editing_a_client_keeps_its_own_id_valid() {
        let book = book();
        let mut form = open(
            Purpose::EditClient {
                id: "nordlys-bank".into(),
            },
            &book,
            today(),
        )
        .unwrap();
        assert_eq!(form.form.value(0), "Nordlys Bank");
        assert_eq!(form.form.value(4), "420,000");
        type_into(&mut form, 3, "Finance", &book);
        let change = submit(&mut form, &book, today()).unwrap();
        let after = change.ours;
        assert_eq!(after.industry.as_deref(), Some("Finance"));
        assert_eq!(
            after.contacts.len(),
            2,
            "fields the form does not show are kept"
        );
    }

    #[test]
    fn logging_needs_a_summary() {
        let book = book();
        let mut form = open(
            Purpose::LogContact {
                id: "fjord-shipping".into(),
            },
            &book,
            today(),
        )
        .unwrap();
        assert!(submit(&mut form, &book, today()).is_none());
        type_into(&mut form, 1, "Agreed pilot scope", &book);
        let change = submit(&mut form, &book, today()).unwrap();
        let after = change.ours;
        assert_eq!(after.last_contact, Some(today()));
        assert_eq!(change.label, "logged a call with Fjord Shipping A/S");
    }

    #[test]
    fn snooze_refuses_the_past_and_nonsense() {
        let book = book();
        let mut form = open(
            Purpose::Snooze {
                id: "fjord-shipping".into(),
            },
            &book,
            today(),
        )
        .unwrap();
        type_into(&mut form, 0, "2026-11-01", &book);
        assert!(submit(&mut form, &book, today()).is_none());
        assert!(error(&form, 0).unwrap().contains("in the past"));
        type_into(&mut form, 0, "+2w", &book);
        let after = submit(&mut form, &book, today()).unwrap().ours;
        assert_eq!(after.next_checkin, NaiveDate::from_ymd_opt(2026, 12, 11));
    }

    #[test]
    fn a_gift_over_the_limit_warns_by_how_much_and_needs_a_second_enter() {
        let book = book();
        let mut form = open(
            Purpose::AddGift {
                id: "nordlys-bank".into(),
            },
            &book,
            today(),
        )
        .unwrap();
        assert_eq!(form.form.value(0), "Søren Ærø");
        type_into(&mut form, 0, "Karen Østergaard", &book);
        type_into(&mut form, 1, "Wine", &book);
        type_into(&mut form, 2, "90", &book);
        let note = form.form.note.clone().unwrap();
        assert!(note.contains("over by 40"), "{note}");
        assert!(
            submit(&mut form, &book, today()).is_none(),
            "first Enter only warns"
        );
        let change = submit(&mut form, &book, today()).expect("second Enter logs it");
        assert_eq!(change.ours.gifts.len(), 5);
    }

    #[test]
    fn deal_forms_add_edit_and_close() {
        let book = book();
        let mut form = open(
            Purpose::AddDeal {
                id: "lumen-health".into(),
            },
            &book,
            today(),
        )
        .unwrap();
        type_into(&mut form, 0, "Analytics", &book);
        type_into(&mut form, 3, "12,5k", &book);
        assert!(submit(&mut form, &book, today()).is_none());
        type_into(&mut form, 3, "12,500", &book);
        let after = submit(&mut form, &book, today()).unwrap().ours;
        assert_eq!(
            after.deals.last().unwrap().amount,
            Some(Money::from_units(12_500))
        );

        let mut close = open(
            Purpose::CloseDeal {
                id: "nordlys-bank".into(),
                index: 2,
                outcome: Stage::Won,
            },
            &book,
            today(),
        )
        .unwrap();
        let after = submit(&mut close, &book, today()).unwrap().ours;
        assert_eq!(after.deals[2].stage(), Stage::Won);
        assert_eq!(after.deals[2].close_date, Some(today()));
    }

    #[test]
    fn every_date_and_amount_field_reads_words_and_shorthand() {
        let book = book();
        let mut form = open(
            Purpose::AddDeal {
                id: "lumen-health".into(),
            },
            &book,
            today(),
        )
        .unwrap();
        type_into(&mut form, 0, "Analytics", &book);
        type_into(&mut form, 3, "$60k", &book);
        type_into(&mut form, 4, "+2w", &book);
        let deal = submit(&mut form, &book, today())
            .unwrap()
            .ours
            .deals
            .pop()
            .unwrap();
        assert_eq!(deal.amount, Some(Money::from_units(60_000)));
        assert_eq!(deal.close_date, NaiveDate::from_ymd_opt(2026, 12, 11));

        let mut gift = open(
            Purpose::AddGift {
                id: "lumen-health".into(),
            },
            &book,
            today(),
        )
        .unwrap();
        type_into(&mut gift, 1, "Book", &book);
        type_into(&mut gift, 2, "25.50", &book);
        type_into(&mut gift, 4, "today", &book);
        let given = submit(&mut gift, &book, today())
            .unwrap()
            .ours
            .gifts
            .pop()
            .unwrap();
        assert_eq!(given.date, Some(today()));
        type_into(&mut gift, 4, "soon", &book);
        assert!(error(&gift, 4).unwrap().contains("is not a date"));
    }

    #[test]
    fn project_form_sets_status_due_and_staff() {
        let book = book();
        let mut form = open(
            Purpose::EditProject {
                id: "nordlys-bank".into(),
                index: 0,
            },
            &book,
            today(),
        )
        .unwrap();
        form.form.focus = 1;
        form.form
            .input(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE));
        type_into(&mut form, 2, "2027-01-10", &book);
        type_into(&mut form, 3, "Ida, Lars , Mette", &book);
        let after = submit(&mut form, &book, today()).unwrap().ours;
        let project = &after.projects[0];
        assert_eq!(project.status(), ProjectStatus::Blocked);
        assert_eq!(project.due, NaiveDate::from_ymd_opt(2027, 1, 10));
        assert_eq!(project.staff, ["Ida", "Lars", "Mette"]);
    }
}
