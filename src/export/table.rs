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
            task.deal.clone().unwrap_or_default(),
            task.done.map(|d| d.to_string()).unwrap_or_default(),
        ]
    });
    write_table(&TASK_HEADER, rows)
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
