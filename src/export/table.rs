//! One row per client, with the computed next check-in and priority, for spreadsheets.

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
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| e.to_string();
    writer.write_record(HEADER).map_err(fail)?;
    for (place, score) in ranking.iter().enumerate() {
        let client = score.client;
        let checkin = checkins::checkin(book, client, today);
        let (status, days) = match checkin.due {
            Due::Overdue { days } => ("overdue", days),
            Due::Today => ("today", 0),
            Due::Upcoming { .. } => ("upcoming", 0),
        };
        let contact = client.main_contact();
        let field = |f: Option<&Option<String>>| f.and_then(Clone::clone).unwrap_or_default();
        let record = [
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
        ];
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
