use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::{GiftKind, Money, ProjectStatus, Stage};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn book() -> Book {
    crate::storage::sample_book()
}

fn facts(book: &Book) -> Facts<'_> {
    Facts {
        book,
        today: today(),
    }
}

fn client<'a>(book: &'a Book, id: &str) -> &'a std::sync::Arc<Client> {
    book.shared_client(id).unwrap()
}

fn focus(form: &mut Form, label: &str) {
    form.focus = form
        .fields()
        .iter()
        .position(|f| f.label == label)
        .unwrap_or_else(|| panic!("no field {label}"));
}

/// Clears the field labelled `label` and types `text` into it, key by key.
fn type_into(form: &mut Form, label: &str, text: &str, book: &Book) {
    focus(form, label);
    let length = form.field(label).unwrap().value().chars().count();
    for _ in 0..=length {
        form.input(
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
            facts(book),
        );
    }
    for c in text.chars() {
        form.input(
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            facts(book),
        );
    }
}

fn value(form: &Form, label: &str) -> String {
    form.field(label).unwrap().value()
}

fn error<'a>(form: &'a Form, label: &str) -> Option<&'a str> {
    form.field(label).unwrap().error()
}

fn new_client(submitted: Option<Submitted>) -> Client {
    match submitted {
        Some(Submitted::AddClient(client)) => client,
        other => panic!("not a new client: {other:?}"),
    }
}

/// The client as a submitted form leaves it: its change made to the client as `book`
/// has it.
fn submitted_client(submitted: Option<Submitted>, book: &Book) -> Client {
    match submitted {
        Some(Submitted::Change { client, op }) => {
            let mut changed = book.client(&client).unwrap().clone();
            crate::edit::apply(book, &mut changed, op, today()).unwrap();
            changed
        }
        other => panic!("not a change: {other:?}"),
    }
}

#[test]
fn client_form_checks_every_field_as_you_type() {
    let book = book();
    let mut form = Form::open(ClientForm::add(), facts(&book));
    assert!(form.submit(facts(&book)).is_none());
    assert_eq!(error(&form, "Name"), Some("the name cannot be empty"));

    type_into(&mut form, "Name", "Nordlys Bank", &book);
    assert_eq!(
        value(&form, "Id"),
        "nordlys-bank-2",
        "id suggested from the name, unique"
    );
    type_into(&mut form, "Id", "nordlys-bank", &book);
    assert_eq!(
        error(&form, "Id"),
        Some("nordlys-bank is already used by another client")
    );
    type_into(&mut form, "Id", "nordlys bank", &book);
    assert!(error(&form, "Id").unwrap().contains("no spaces"));
    type_into(&mut form, "Id", "nordlys-2", &book);
    assert_eq!(error(&form, "Id"), None);
    type_into(&mut form, "Name", "Nordlys Bank Two", &book);
    assert_eq!(value(&form, "Id"), "nordlys-2", "a typed id is kept");

    type_into(&mut form, "Annual value", "12,5k", &book);
    assert!(
        error(&form, "Annual value")
            .unwrap()
            .contains("not an amount")
    );
    type_into(&mut form, "Annual value", "-5", &book);
    assert!(error(&form, "Annual value").unwrap().contains("negative"));
    type_into(&mut form, "Annual value", "250,000", &book);
    assert_eq!(error(&form, "Annual value"), None);

    type_into(&mut form, "Cadence (days)", "0", &book);
    assert!(error(&form, "Cadence (days)").unwrap().contains("0 days"));
    type_into(&mut form, "Cadence (days)", "14", &book);

    type_into(&mut form, "First contact", "2026-02-30", &book);
    assert_eq!(
        error(&form, "First contact"),
        Some("2026-02-30 is not a date (no such day in the calendar)")
    );
    assert!(form.submit(facts(&book)).is_none());
    type_into(&mut form, "First contact", "2026-11-01", &book);

    let client = new_client(form.submit(facts(&book)));
    assert_eq!(client.id, "nordlys-2");
    assert_eq!(client.annual_value, Some(Money::from_units(250_000)));
    assert_eq!(client.cadence_days, Some(14));
}

#[test]
fn editing_a_client_keeps_its_own_id_valid_and_fields_it_does_not_show() {
    let book = book();
    let mut form = Form::open(
        ClientForm::edit(client(&book, "nordlys-bank")),
        facts(&book),
    );
    assert_eq!(value(&form, "Name"), "Nordlys Bank");
    assert_eq!(value(&form, "Annual value"), "420,000");
    type_into(&mut form, "Industry", "Finance", &book);
    let after = submitted_client(form.submit(facts(&book)), &book);
    assert_eq!(after.industry.as_deref(), Some("Finance"));
    assert_eq!(after.contacts.len(), 2);
}

#[test]
fn logging_needs_a_summary() {
    let book = book();
    let mut form = Form::open(
        LogContactForm::new(client(&book, "fjord-shipping")),
        facts(&book),
    );
    assert_eq!(
        form.fields()[form.focus].label,
        "Summary",
        "focus where typing is needed"
    );
    assert!(form.submit(facts(&book)).is_none());
    assert_eq!(error(&form, "Summary"), Some("the summary cannot be empty"));
    type_into(&mut form, "Summary", "Agreed pilot scope", &book);
    let Some(Submitted::Change { client: id, op }) = form.submit(facts(&book)) else {
        panic!("logging is a change");
    };
    let mut after = Client::clone(client(&book, &id));
    let applied = crate::edit::apply(&book, &mut after, op, today()).unwrap();
    assert_eq!(after.last_contact, Some(today()));
    assert_eq!(applied.said, "logged a call with Fjord Shipping A/S");
}

#[test]
fn snooze_refuses_the_past_and_nonsense() {
    let book = book();
    let fjord = client(&book, "fjord-shipping");
    let mut form = Form::open(SnoozeForm::new(fjord, today()), facts(&book));
    type_into(&mut form, "When", "2026-11-01", &book);
    assert!(form.submit(facts(&book)).is_none());
    assert!(error(&form, "When").unwrap().contains("in the past"));
    type_into(&mut form, "When", "someday", &book);
    assert!(error(&form, "When").unwrap().contains("is not a date"));
    type_into(&mut form, "When", "+2w", &book);
    let after = submitted_client(form.submit(facts(&book)), &book);
    assert_eq!(after.next_checkin, NaiveDate::from_ymd_opt(2026, 12, 11));
}

#[test]
fn a_gift_over_the_limit_warns_by_how_much_and_needs_a_second_enter() {
    let book = book();
    let nordlys = client(&book, "nordlys-bank");
    let mut form = Form::open(GiftForm::new(nordlys, today()), facts(&book));
    assert_eq!(value(&form, "For"), "Søren Ærø", "the first contact ticked");
    assert_eq!(
        form.fields()[form.focus].label,
        "Description",
        "starts where typing is needed"
    );
    // Untick Søren, tick Karen.
    focus(&mut form, "For");
    for key in [KeyCode::Char(' '), KeyCode::Right, KeyCode::Char(' ')] {
        form.input(KeyEvent::new(key, KeyModifiers::NONE), facts(&book));
    }
    assert_eq!(value(&form, "For"), "Karen Østergaard");
    type_into(&mut form, "Description", "Wine", &book);
    type_into(&mut form, "Cost", "200", &book);
    let warning = form.warning.clone().unwrap();
    assert!(warning.needs_confirming());
    // Karen has a 110 hamper counted this year (the dinner we attended is not a gift):
    // 200 more makes 310 of 300.
    assert_eq!(
        warning.to_string(),
        "Not allowed: over the FINRA Rule 3220 limit of 300 a year for Karen Østergaard, over by 10. Enter again to log it anyway."
    );
    assert!(
        form.submit(facts(&book)).is_none(),
        "first Enter only warns"
    );
    type_into(&mut form, "Cost", "205", &book);
    assert!(
        form.submit(facts(&book)).is_none(),
        "a changed value must be seen again"
    );
    let changed = submitted_client(form.submit(facts(&book)), &book);
    assert_eq!(changed.gifts.len(), 5);
}

#[test]
fn the_gift_form_logs_attended_entertainment_and_group_gifts_at_face_value() {
    let book = book();
    let nordlys = client(&book, "nordlys-bank");
    // A dinner we hosted for both: entertainment, attended, not counted: no warning.
    let mut form = Form::open(GiftForm::new(nordlys, today()), facts(&book));
    focus(&mut form, "Kind");
    form.input(
        KeyEvent::new(KeyCode::Right, KeyModifiers::NONE),
        facts(&book),
    );
    focus(&mut form, "We attended");
    form.input(
        KeyEvent::new(KeyCode::Right, KeyModifiers::NONE),
        facts(&book),
    );
    focus(&mut form, "For");
    for key in [KeyCode::Right, KeyCode::Char(' ')] {
        form.input(KeyEvent::new(key, KeyModifiers::NONE), facts(&book));
    }
    type_into(&mut form, "Description", "Dinner at Noma", &book);
    type_into(&mut form, "Cost", "900", &book);
    assert_eq!(form.warning, None, "business entertainment is not a gift");
    let gift = submitted_client(form.submit(facts(&book)), &book)
        .gifts
        .pop()
        .unwrap();
    assert_eq!(gift.kind, Some(GiftKind::Entertainment));
    assert!(gift.attended);
    assert_eq!(gift.recipients, ["Søren Ærø", "Karen Østergaard"]);
    assert_eq!(gift.recipient, "");

    // Opera tickets for both, not attended: 500 face value (250 cost), 250 counted each;
    // Søren has 150 counted this year (opera at face value; his flowers are exempt).
    let mut form = Form::open(GiftForm::new(nordlys, today()), facts(&book));
    focus(&mut form, "For");
    for key in [KeyCode::Right, KeyCode::Char(' ')] {
        form.input(KeyEvent::new(key, KeyModifiers::NONE), facts(&book));
    }
    type_into(&mut form, "Description", "Opera", &book);
    type_into(&mut form, "Cost", "250", &book);
    type_into(&mut form, "Face value", "500", &book);
    let warning = form.warning.clone().unwrap().to_string();
    assert!(
        warning.contains(
            "Not allowed: over the FINRA Rule 3220 limit of 300 a year for Søren Ærø, over by 100"
        ),
        "the one over the limit: {warning}"
    );
}

/// Issue 30: the deal form edits the split, credit, term and qualification, and sets
/// only what was touched.
#[test]
fn the_deal_form_edits_terms_and_qualification() {
    let book = book();
    let nordlys = client(&book, "nordlys-bank");
    let deal = nordlys.deals[0].id.clone();
    let champion = nordlys.contacts[0].clone();
    let mut form = Form::open(DealForm::edit(nordlys, &deal).unwrap(), facts(&book));
    type_into(&mut form, "Share", "150%", &book);
    assert!(
        form.submit(facts(&book)).is_none(),
        "a share over 100 % is refused"
    );
    assert!(error(&form, "Share").is_some());
    type_into(&mut form, "Share", "40%", &book);
    type_into(&mut form, "Term (months)", "3y", &book);
    type_into(
        &mut form,
        "Paper process",
        "Procurement portal, then DocuSign",
        &book,
    );
    focus(&mut form, "Champion");
    form.input(
        KeyEvent::new(KeyCode::Right, KeyModifiers::NONE),
        facts(&book),
    );
    let after = submitted_client(form.submit(facts(&book)), &book);
    let edited = after.deal(&deal).unwrap();
    assert_eq!(edited.share, Some(0.4));
    assert_eq!(edited.term_months, Some(36));
    assert_eq!(edited.credit, None, "untouched");
    let q = edited.qualification.clone().unwrap();
    assert_eq!(q.champion.as_deref(), Some(champion.id.as_str()));
    assert_eq!(
        q.paper_process.as_deref(),
        Some("Procurement portal, then DocuSign")
    );
    assert_eq!(q.economic_buyer, None);
    assert_eq!(edited.title, nordlys.deals[0].title);
}

#[test]
fn deal_forms_add_edit_and_close() {
    let book = book();
    let lumen = client(&book, "lumen-health");
    let mut form = Form::open(DealForm::add(lumen), facts(&book));
    type_into(&mut form, "Title", "Analytics", &book);
    type_into(&mut form, "Amount", "12,5k", &book);
    assert!(form.submit(facts(&book)).is_none());
    type_into(&mut form, "Amount", "12,500", &book);
    let after = submitted_client(form.submit(facts(&book)), &book);
    let added = after.deals.last().unwrap();
    assert_eq!(added.amount, Some(Money::from_units(12_500)));
    assert_eq!(added.stage_changed, Some(today()));

    let nordlys = client(&book, "nordlys-bank");
    let before = nordlys.deals[0].clone();
    let mut form = Form::open(
        DealForm::edit(nordlys, &nordlys.deals[0].id).unwrap(),
        facts(&book),
    );
    type_into(&mut form, "Title", "Renamed", &book);
    let after = submitted_client(form.submit(facts(&book)), &book);
    assert_eq!(after.deals[0].title, "Renamed");
    assert_eq!(
        after.deals[0].stage, before.stage,
        "an untouched stage stays as written"
    );
    assert_eq!(after.deals[0].stage_changed, before.stage_changed);
    assert!(DealForm::edit(nordlys, "no-such-deal").is_none());

    let mut close = Form::open(
        CloseDealForm::new(nordlys, &nordlys.deals[2].id, Stage::Won, today()).unwrap(),
        facts(&book),
    );
    let after = submitted_client(close.submit(facts(&book)), &book);
    assert_eq!(after.deals[2].stage(), Stage::Won);
    assert_eq!(after.deals[2].close_date, Some(today()));
    let closed = after.deals[2].history.last().unwrap();
    assert_eq!(closed.date, today());
    assert_eq!(closed.stage.and_then(|s| s.to), Some(Stage::Won));
}

#[test]
fn the_deal_form_records_what_it_changed_in_the_history() {
    let book = book();
    let nordlys = client(&book, "nordlys-bank");
    let before = nordlys.deals[2].clone();
    let mut form = Form::open(
        DealForm::edit(nordlys, &nordlys.deals[2].id).unwrap(),
        facts(&book),
    );
    type_into(&mut form, "Close date", "2027-01-15", &book);
    type_into(&mut form, "Amount", "150,000", &book);
    let after = submitted_client(form.submit(facts(&book)), &book)
        .deals
        .swap_remove(2);
    assert_eq!(after.history.len(), before.history.len() + 1);
    let entry = after.history.last().unwrap();
    assert_eq!(entry.date, today());
    assert_eq!(
        entry.close_date.map(|c| (c.from, c.to)),
        Some((before.close_date, NaiveDate::from_ymd_opt(2027, 1, 15)))
    );
    assert_eq!(
        entry.amount.and_then(|a| a.to),
        Some(Money::from_units(150_000))
    );
    assert_eq!(entry.stage, None, "the stage did not move");
    assert_eq!(after.stage_changed, before.stage_changed);

    // A new deal records the day it was added.
    let mut form = Form::open(DealForm::add(nordlys), facts(&book));
    type_into(&mut form, "Title", "Another", &book);
    let added = submitted_client(form.submit(facts(&book)), &book)
        .deals
        .pop()
        .unwrap();
    assert!(added.history[0].added);
}

#[test]
fn every_date_and_amount_field_reads_words_and_shorthand() {
    let book = book();
    let lumen = client(&book, "lumen-health");
    let mut form = Form::open(DealForm::add(lumen), facts(&book));
    type_into(&mut form, "Title", "Analytics", &book);
    type_into(&mut form, "Amount", "$60k", &book);
    type_into(&mut form, "Close date", "+2w", &book);
    let deal = submitted_client(form.submit(facts(&book)), &book)
        .deals
        .pop()
        .unwrap();
    assert_eq!(deal.amount, Some(Money::from_units(60_000)));
    assert_eq!(deal.close_date, NaiveDate::from_ymd_opt(2026, 12, 11));

    let mut gift = Form::open(GiftForm::new(lumen, today()), facts(&book));
    type_into(&mut gift, "Description", "Book", &book);
    type_into(&mut gift, "Cost", "25.50", &book);
    type_into(&mut gift, "Date", "today", &book);
    let given = submitted_client(gift.submit(facts(&book)), &book)
        .gifts
        .pop()
        .unwrap();
    assert_eq!(given.date, Some(today()));
    type_into(&mut gift, "Date", "soon", &book);
    assert!(error(&gift, "Date").unwrap().contains("is not a date"));
}

#[test]
fn project_form_sets_status_due_and_staff() {
    let book = book();
    let nordlys = client(&book, "nordlys-bank");
    let mut form = Form::open(
        ProjectForm::edit(nordlys, &nordlys.projects[0].id).unwrap(),
        facts(&book),
    );
    focus(&mut form, "Status");
    form.input(
        KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE),
        facts(&book),
    );
    type_into(&mut form, "Due", "2027-01-10", &book);
    type_into(&mut form, "Staff", "Ida, Lars , Mette", &book);
    let after = submitted_client(form.submit(facts(&book)), &book);
    let project = &after.projects[0];
    assert_eq!(project.status(), ProjectStatus::Blocked);
    assert_eq!(project.due, NaiveDate::from_ymd_opt(2027, 1, 10));
    assert_eq!(project.staff, ["Ida", "Lars", "Mette"]);
}

fn new_book<const N: usize>(values: [&str; N]) -> Result<Book, Form> {
    let empty = Book::default();
    let mut form = Form::open(NewBookForm::default(), facts(&empty));
    let labels = [
        "Your name",
        "Currency",
        "Annual quota target",
        "Base salary",
        "Commission rate",
        "Bonus at 100 % of target",
    ];
    for (label, text) in labels.into_iter().zip(values) {
        type_into(&mut form, label, text, &empty);
    }
    match form.submit(facts(&empty)) {
        Some(Submitted::NewBook(book)) => Ok(*book),
        _ => Err(form),
    }
}

#[test]
fn the_first_run_form_builds_an_empty_book() {
    let book = new_book(["Mette Hansen", "dkk", "1.2m"]).unwrap();
    assert_eq!(book.owner(), "Mette Hansen");
    assert_eq!(book.currency(), "DKK");
    let quota = book.quota.unwrap();
    assert_eq!(quota.target, Some(Money::from_units(1_200_000)));
    assert_eq!(quota.year, Some(2026));
    assert_eq!(quota.commission_rate, Some(0.05), "the default rate");
    assert!(book.clients.is_empty());
    // Issue 14: the pay plan too, so a new book does not show "Commission 0 at 0.0 %".
    let book = new_book(["Mette", "USD", "1m", "60k", "8%", "10k"]).unwrap();
    let quota = book.quota.unwrap();
    assert_eq!(quota.base_salary, Some(Money::from_units(60_000)));
    assert_eq!(quota.commission_rate, Some(0.08));
    assert_eq!(quota.bonuses[0].amount, Money::from_units(10_000));
    assert!(new_book(["Mette", "USD", "1m", "", "150 %"]).is_err());
    assert!(
        new_book(["Mette Hansen", "EUR", ""])
            .unwrap()
            .quota
            .is_none()
    );
}

#[test]
fn the_first_run_form_names_each_bad_field() {
    let form = new_book(["", "US", "12,5k"]).unwrap_err();
    assert_eq!(error(&form, "Your name"), Some("your name cannot be empty"));
    assert!(
        error(&form, "Currency")
            .unwrap()
            .contains("three-letter code")
    );
    assert!(
        error(&form, "Annual quota target")
            .unwrap()
            .contains("not an amount")
    );
}

#[test]
fn focus_moves_round_the_fields() {
    let book = book();
    let mut form = Form::open(
        ClientForm::edit(client(&book, "nordlys-bank")),
        facts(&book),
    );
    assert_eq!(form.focus, 0, "every field filled: the first");
    form.previous_field();
    assert_eq!(form.fields()[form.focus].label, "Last contact");
    form.next_field();
    form.next_field();
    form.next_field();
    assert_eq!(form.fields()[form.focus].label, "Tier");
    for _ in 0..7 {
        form.next_field();
    }
    assert_eq!(form.fields()[form.focus].label, "Tier");
}

/// The gift gate's table (`tests/data/gift_gate/cases.ron`) through the gift form: the
/// verdict the form shows is the one `konto gifts check` gives (`tests/it/gift_gate.rs`), in
/// the same words.
#[test]
fn the_gift_form_gives_the_gates_verdict_on_every_case() {
    use crate::rules::gift_gate::cases;
    let today = crate::model::serde_format::parse_date(cases::TODAY).unwrap();
    let mut failures = Vec::new();
    for case in cases::all() {
        let book = crate::storage::load(&cases::folder().join(&case.book))
            .unwrap()
            .book;
        let facts = Facts { book: &book, today };
        let client = book.shared_client(&case.client).unwrap();
        let mut form = Form::open(GiftForm::new(client, today), facts);
        if case.entertainment {
            focus(&mut form, "Kind");
            form.input(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE), facts);
        }
        if case.attended {
            focus(&mut form, "We attended");
            form.input(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE), facts);
        }
        // The recipient as typed (the first contact, ticked by default, unticked).
        focus(&mut form, "For");
        form.input(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE), facts);
        let typing = |form: &mut Form, label: &str, text: &str| {
            focus(form, label);
            let length = form.field(label).unwrap().value().chars().count();
            for _ in 0..=length {
                form.input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE), facts);
            }
            for c in text.chars() {
                form.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), facts);
            }
        };
        typing(&mut form, "Someone else", &case.recipient);
        typing(&mut form, "Description", "Case");
        if let Some(date) = &case.date {
            typing(&mut form, "Date", date);
        }
        typing(&mut form, "Cost", &case.value.to_string());
        let shown = form
            .warning
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let confirm = form.warning.as_ref().is_some_and(Warning::needs_confirming);
        let refused = shown.contains("Not allowed") || shown.contains("Cannot judge");
        let verdict_agrees = match case.exit {
            0 => !refused,
            _ => refused && confirm,
        };
        // The form's words are the gate's; a plain yes may show no warning at all.
        let words_agree = (case.exit == 0 && shown.is_empty())
            || case.says.iter().all(|w| shown.contains(w.as_str()));
        let never = case.never.iter().any(|w| shown.contains(w.as_str()));
        if !verdict_agrees || !words_agree || never {
            failures.push(format!("{case:?}\n  the form showed: {shown:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A form opened on the book as it was, one field typed, submitted after another field of
/// the same item changed elsewhere: both changes are in the client it leaves.
fn typed_over_a_change_elsewhere(
    open: impl Fn(&std::sync::Arc<Client>) -> Form,
    label: &str,
    text: &str,
    elsewhere: impl Fn(&mut Client),
) -> (Client, Client) {
    let book = book();
    let mut form = open(client(&book, "nordlys-bank"));
    type_into(&mut form, label, text, &book);
    let mut changed = book.clone();
    let at = changed
        .clients
        .iter()
        .position(|c| c.id == "nordlys-bank")
        .unwrap();
    elsewhere(&mut changed.clients[at]);
    let expected = changed.clients[at].clone();
    let submitted = form.submit(facts(&changed));
    (submitted_client(submitted, &changed), expected)
}

#[test]
fn every_item_form_writes_only_the_field_typed_over_a_change_made_elsewhere() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 24);
    let b = book();
    let nordlys = client(&b, "nordlys-bank");
    let task = nordlys.tasks[0].id.clone();
    let (after, before) = typed_over_a_change_elsewhere(
        |c| Form::open(TaskForm::edit(&b, c, &task).unwrap(), facts(&b)),
        "Title",
        "Send the revised SOW",
        |c| c.tasks[0].due = day,
    );
    assert_eq!(after.tasks[0].title, "Send the revised SOW");
    assert_eq!(
        after.tasks[0].due, before.tasks[0].due,
        "the due date set elsewhere"
    );

    let person = nordlys.contacts[0].id.clone();
    let (after, _) = typed_over_a_change_elsewhere(
        |c| Form::open(ContactForm::edit(c, &person).unwrap(), facts(&b)),
        "Title",
        "Chief Risk Officer",
        |c| c.contacts[0].phone = Some("+45 1234 5678".into()),
    );
    assert_eq!(
        after.contacts[0].role.as_deref(),
        Some("Chief Risk Officer")
    );
    assert_eq!(after.contacts[0].phone.as_deref(), Some("+45 1234 5678"));

    let project = nordlys.projects[0].id.clone();
    let (after, _) = typed_over_a_change_elsewhere(
        |c| Form::open(ProjectForm::edit(c, &project).unwrap(), facts(&b)),
        "Name",
        "Security review, phase 2",
        |c| c.projects[0].status = Some(ProjectStatus::Blocked),
    );
    assert_eq!(after.projects[0].name, "Security review, phase 2");
    assert_eq!(after.projects[0].status, Some(ProjectStatus::Blocked));

    let gift = nordlys.gifts[0].id.clone();
    let (after, _) = typed_over_a_change_elsewhere(
        |c| Form::open(GiftForm::edit(c, &gift, today()).unwrap(), facts(&b)),
        "Description",
        "Concert tickets",
        |c| c.gifts[0].value = Some(Money::from_units(42)),
    );
    let corrected = after.gift(&gift).unwrap();
    assert_eq!(corrected.description, "Concert tickets");
    assert_eq!(corrected.value, Some(Money::from_units(42)));

    let logged = nordlys.interactions[0].id.clone();
    let (after, before) = typed_over_a_change_elsewhere(
        |c| Form::open(InteractionForm::edit(c, &logged).unwrap(), facts(&b)),
        "Summary",
        "Walked through the renewal terms",
        |c| c.interactions[0].date = NaiveDate::from_ymd_opt(2026, 11, 2),
    );
    let corrected = after.interaction(&logged).unwrap();
    assert_eq!(corrected.summary, "Walked through the renewal terms");
    assert_eq!(corrected.date, before.interaction(&logged).unwrap().date);

    let (after, _) = typed_over_a_change_elsewhere(
        |c| Form::open(ClientForm::edit(c), facts(&b)),
        "Name",
        "Nordlys Bank A/S",
        |c| c.annual_value = Some(Money::from_units(999_000)),
    );
    assert_eq!(after.name, "Nordlys Bank A/S");
    assert_eq!(after.annual_value, Some(Money::from_units(999_000)));
}
