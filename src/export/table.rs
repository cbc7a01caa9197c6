//! Tables for spreadsheets: one row per client (with the computed next check-in and
//! priority), per person, or per task. Every cell is made safe for spreadsheets.

use chrono::NaiveDate;

use crate::model::Book;
use crate::rules::checkins::{self, Due};
use crate::rules::priority;

pub const HEADER: [&str; 17] = [
    "id",
    "name",
    "tier",
    "industry",
    "annual_value",
    "cadence_days",
    "last_contact",
    "next_checkin",
    "status",
    "days_overdue",
    "priority_score",
    "priority_rank",
    "open_pipeline",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
];

pub fn export(book: &Book, today: NaiveDate) -> Result<String, String> {
    let ranking = priority::rank(book, today);
    let rows = ranking.iter().enumerate().map(|(place, score)| {
        let client = score.client;
        let checkin = checkins::checkin(book, client, today);
        let (status, days) = match checkin.due {
            Due::Overdue { days } => ("overdue", days),
            Due::Today => ("today", 0),
            Due::Upcoming { .. } => ("upcoming", 0),
        };
        let contact = client.main_contact();
        let field = |f: Option<&Option<String>>| f.and_then(Clone::clone).unwrap_or_default();
        vec![
            client.id.clone(),
            client.name.clone(),
            client.tier().label().to_string(),
            client.industry().to_string(),
            format!("{:.2}", client.annual_value().as_f64()),
            checkin.cadence_days.to_string(),
            checkin
                .last_contact
                .map(|d| d.to_string())
                .unwrap_or_default(),
            checkin.date.to_string(),
            status.to_string(),
            days.to_string(),
            format!("{:.2}", score.total),
            (place + 1).to_string(),
            format!("{:.2}", client.open_pipeline().as_f64()),
            contact.map(|c| c.name.clone()).unwrap_or_default(),
            field(contact.map(|c| &c.email)),
            field(contact.map(|c| &c.phone)),
            client.notes.clone().unwrap_or_default(),
        ]
    });
    write_table(&HEADER, rows)
}

pub const CONTACT_HEADER: [&str; 13] = [
    "client_id",
    "client_name",
    "id",
    "name",
    "title",
    "buying_role",
    "email",
    "phone",
    "timezone",
    "cadence_days",
    "last_contact",
    "notes",
    "primary",
];

/// One row per person at each client.
pub fn contacts(book: &Book, today: NaiveDate) -> Result<String, String> {
    let rows = book.clients.iter().flat_map(|client| {
        client.contacts.iter().enumerate().map(move |(n, p)| {
            let text = |v: &Option<String>| v.clone().unwrap_or_default();
            vec![
                client.id.clone(),
                client.name.clone(),
                p.id.clone(),
                p.name.clone(),
                text(&p.role),
                p.buying_role
                    .map(|r| r.label().to_string())
                    .unwrap_or_default(),
                text(&p.email),
                text(&p.phone),
                text(&p.timezone),
                p.cadence_days.map(|d| d.to_string()).unwrap_or_default(),
                client
                    .last_contact_with(&p.id, today)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                text(&p.notes),
                if n == 0 { "yes" } else { "no" }.to_string(),
            ]
        })
    });
    write_table(&CONTACT_HEADER, rows)
}

pub const TASK_HEADER: [&str; 10] = [
    "client_id",
    "client_name",
    "id",
    "title",
    "due",
    "status",
    "days_overdue",
    "owner",
    "deal",
    "done",
];

/// One row per task, open ones first by due date, then the done ones.
pub fn tasks(book: &Book, today: NaiveDate) -> Result<String, String> {
    let all = crate::rules::tasks::list(book, today, &crate::rules::tasks::Owner::Anyone, true);
    let (open, done): (Vec<_>, Vec<_>) = all.into_iter().partition(|t| t.task.is_open());
    let rows = open.into_iter().chain(done).map(|item| {
        let task = item.task;
        let status = match (task.done, item.due) {
            (Some(_), _) => "done",
            (None, Some(Due::Overdue { .. })) => "overdue",
            (None, Some(Due::Today)) => "today",
            (None, Some(Due::Upcoming { .. })) => "upcoming",
            (None, None) => "no date",
        };
        vec![
            item.client.id.clone(),
            item.client.name.clone(),
            task.id.clone(),
            task.title.clone(),
            task.due.map(|d| d.to_string()).unwrap_or_default(),
            status.to_string(),
            item.days_overdue(today)
                .filter(|_| task.is_open())
                .map(|d| d.max(0).to_string())
                .unwrap_or_default(),
            task.owner.clone().unwrap_or_default(),
            item.client
                .task_deal_title(task)
                .unwrap_or_default()
                .to_string(),
            task.done.map(|d| d.to_string()).unwrap_or_default(),
        ]
    });
    write_table(&TASK_HEADER, rows)
}

pub const GIFT_HEADER: [&str; 17] = [
    "date",
    "client_id",
    "client",
    "recipient",
    "kind",
    "attended",
    "description",
    "cost",
    "face_value",
    "counted_value",
    "counted",
    "not_counted_because",
    "running_total",
    "limit",
    "limit_usd",
    "standing",
    "over_when_given",
];

/// The gift log of the gift year holding `today`: one row per gift and recipient, oldest
/// first, each with the recipient's running total, the limit in force on its date and
/// whether it went over one.
pub fn gifts(book: &Book, today: NaiveDate) -> Result<String, String> {
    let tally = crate::rules::compliance::gift_tally(book, today);
    let mut lines: Vec<(&str, &crate::rules::compliance::GiftLine)> = tally
        .iter()
        .flat_map(|t| t.gifts.iter().map(move |line| (t.recipient.as_str(), line)))
        .collect();
    // A day's gifts of one client in the order the book lists them.
    let place = |line: &crate::rules::compliance::GiftLine| {
        let gifts = &book.clients[line.client].gifts;
        gifts.iter().position(|g| Some(&g.id) == line.gift.as_ref())
    };
    lines.sort_by_key(|(name, line)| (line.date, line.client, place(line), name.to_string()));
    let rows = lines
        .into_iter()
        .map(|(recipient, line)| gift_row(book, today, recipient, line));
    write_table(&GIFT_HEADER, rows)
}

fn gift_row(
    book: &Book,
    today: NaiveDate,
    recipient: &str,
    line: &crate::rules::compliance::GiftLine,
) -> Vec<String> {
    use crate::rules::compliance::{self, NotCounted};
    let client = &book.clients[line.client];
    let gift = line.gift_in(book).cloned().unwrap_or_default();
    let limit = compliance::limit_on(book, line.date.unwrap_or(today));
    let amount = |m: Option<crate::model::Money>| {
        m.map(|m| format!("{:.2}", m.as_f64())).unwrap_or_default()
    };
    let standing = match (line.over_when_given, limit.and_then(|l| l.book)) {
        (Some(_), _) => "over",
        (None, None) => "unjudged",
        (None, Some(l))
            if line.running_total.as_f64() >= l.as_f64() * compliance::NEAR_SHARE
                && line.counted() =>
        {
            "near"
        }
        (None, Some(_)) => "ok",
    };
    vec![
        line.date.map(|d| d.to_string()).unwrap_or_default(),
        client.id.clone(),
        client.name.clone(),
        recipient.to_string(),
        line.kind.label().to_string(),
        if gift.attended { "yes" } else { "no" }.to_string(),
        gift.description.clone(),
        amount(gift.value),
        amount(gift.face_value),
        amount(Some(line.counted_value)),
        if line.counted() { "yes" } else { "no" }.to_string(),
        match line.not_counted {
            Some(NotCounted::Entertainment) => "entertainment attended".to_string(),
            Some(NotCounted::Exempt(reason)) => format!("exempt: {}", reason.label()),
            None => String::new(),
        },
        amount(Some(line.running_total)),
        amount(limit.and_then(|l| l.book)),
        amount(limit.map(|l| l.usd)),
        standing.to_string(),
        line.over_when_given
            .map(|b| b.describe(&client.name))
            .unwrap_or_default(),
    ]
}

fn write_table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| e.to_string();
    writer.write_record(header).map_err(fail)?;
    for record in rows {
        writer
            .write_record(
                record
                    .iter()
                    .map(|cell| super::spreadsheet_safe(cell).into_owned()),
            )
            .map_err(fail)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
