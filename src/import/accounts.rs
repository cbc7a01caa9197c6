//! Clients from a CRM's account export (Salesforce accounts, `HubSpot` companies,
//! Pipedrive organizations, or a sheet of clients). A row with the CRM's id updates the
//! client imported with that id before, or the client of its name that has none yet; any
//! other row adds a client. Only empty fields are filled in: what the book already says
//! is the account executive's.

use std::collections::{HashMap, HashSet};

use strum::IntoEnumIterator;

use super::columns::Field;
use super::csv::{Opened, Row, Skipped, crm_key, name_key};
use crate::edit;
use crate::model::{Book, Client, Contact, Tier};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Names of the clients added.
    pub added: Vec<String>,
    /// Clients that were already in the book, with the empty fields the file filled in.
    pub updated: Vec<(String, Vec<&'static str>)>,
    /// Clients already in the book with nothing new in the file.
    pub unchanged: Vec<String>,
    /// Rows naming a client an earlier row of the same file added: merged into it.
    pub duplicates: Vec<(u64, String)>,
    pub skipped: Vec<Skipped>,
}

/// One row read into a client (not yet merged into the book).
fn read_row(row: &Row) -> Result<Client, String> {
    let mut client = Client::new("", "");
    let mut contact = Contact::default();
    let (mut first, mut last) = (String::new(), String::new());
    let mut revenue = None;
    for (header, field, value) in row.values() {
        let in_column = |e: String| format!("{header}: {e}");
        match field {
            Field::Name => client.name = value.to_string(),
            Field::Industry => client.industry = Some(value.to_string()),
            Field::AnnualValue => {
                client.annual_value = row.amount(value).map_err(in_column)?;
            }
            Field::Tier => {
                client.tier = Some(
                    Tier::iter()
                        .find(|t| t.label().eq_ignore_ascii_case(value))
                        .ok_or_else(|| {
                            in_column(format!("\"{value}\" is not Key, Growth or Standard"))
                        })?,
                );
            }
            Field::CadenceDays => {
                client.cadence_days = Some(
                    value
                        .parse::<u32>()
                        .ok()
                        .filter(|d| *d > 0)
                        .ok_or_else(|| in_column(format!("\"{value}\" is not a number of days")))?,
                );
            }
            Field::LastContact => {
                client.last_contact = row.date(value).map_err(in_column)?;
            }
            Field::NextCheckin => {
                client.next_checkin = row.date(value).map_err(in_column)?;
            }
            Field::ContactName => contact.name = value.to_string(),
            Field::ContactFirstName => first = value.to_string(),
            Field::ContactLastName => last = value.to_string(),
            Field::ContactEmail => contact.email = Some(value.to_string()),
            Field::ContactPhone => contact.phone = Some(value.to_string()),
            Field::ContactRole => contact.role = Some(value.to_string()),
            Field::Notes => client.notes = Some(value.to_string()),
            Field::Revenue => {
                revenue = row.amount(value).map_err(in_column)?;
            }
            Field::RecordId => client.crm_id = row.crm_id(value),
            // An account export's deal-like columns (an account's "Type") are not the
            // client's; an opportunity export is read by `opportunities`.
            Field::DealTitle
            | Field::DealStage
            | Field::DealAmount
            | Field::DealCloseDate
            | Field::DealKind
            | Field::DealForecast
            | Field::DealStatus
            | Field::AccountRef
            | Field::Owner
            | Field::Ignore => {}
        }
    }
    if contact.name.is_empty() {
        contact.name = format!("{first} {last}").trim().to_string();
    }
    let mut lines = Vec::new();
    if let Some(revenue) = revenue {
        lines.push(format!(
            "Annual revenue (from the CRM): {}",
            revenue.grouped()
        ));
    }
    if contact.name.is_empty() && contact.email.is_none() {
        // A phone number on its own in an account export is the company's line, not a
        // person: kept in the notes.
        if let Some(phone) = contact.phone.take() {
            lines.push(format!("Phone (from the CRM): {phone}"));
        }
    }
    if !lines.is_empty() {
        let mut notes: Vec<String> = client.notes.take().into_iter().collect();
        notes.extend(lines);
        client.notes = Some(notes.join("\n"));
    }
    if client.name.trim().is_empty() {
        return Err("no name".to_string());
    }
    if contact != Contact::default() {
        client.contacts.push(contact);
    }
    Ok(client)
}

/// Fills the empty fields of `existing` from `incoming`; returns the names of those filled.
fn fill_empty(existing: &mut Client, incoming: Client) -> Vec<&'static str> {
    let mut filled = Vec::new();
    macro_rules! fill {
        ($field:ident, $name:literal) => {
            if existing.$field.is_none() && incoming.$field.is_some() {
                existing.$field = incoming.$field;
                filled.push($name);
            }
        };
    }
    fill!(industry, "industry");
    fill!(annual_value, "annual_value");
    fill!(tier, "tier");
    fill!(cadence_days, "cadence_days");
    fill!(last_contact, "last_contact");
    fill!(next_checkin, "next_checkin");
    fill!(notes, "notes");
    for contact in incoming.contacts {
        let known = existing.contacts.iter().any(|c| {
            (!contact.name.is_empty() && c.name.eq_ignore_ascii_case(&contact.name))
                || (contact.email.is_some() && c.email == contact.email)
                || (contact.phone.is_some() && c.phone == contact.phone)
        });
        if !known {
            existing.contacts.push(contact);
            filled.push("contacts");
        }
    }
    filled
}

/// Takes the file's clients into the book one row at a time: a row naming a client of
/// the book fills in what it lacks, any other row adds a client.
struct RowMerger {
    out: Book,
    // Where each client is, by id and by name, so every row is looked up at once: a
    // large export takes time in proportion to its rows.
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    by_crm: HashMap<String, usize>,
    added_ids: HashSet<String>,
    added: Vec<String>,
    duplicates: Vec<(u64, String)>,
    /// Clients of the book the file named, in order, with the fields it filled in.
    matched: Vec<(String, String, Vec<&'static str>)>,
    matched_at: HashMap<String, usize>,
}

impl RowMerger {
    fn new(out: Book) -> RowMerger {
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut by_crm: HashMap<String, usize> = HashMap::new();
        for (index, client) in out.clients.iter().enumerate() {
            by_id.entry(client.id.clone()).or_insert(index);
            by_name.entry(name_key(&client.name)).or_insert(index);
            if let Some(crm_id) = &client.crm_id {
                by_crm.entry(crm_key(crm_id)).or_insert(index);
            }
        }
        RowMerger {
            out,
            by_id,
            by_name,
            by_crm,
            added_ids: HashSet::new(),
            added: Vec::new(),
            duplicates: Vec::new(),
            matched: Vec::new(),
            matched_at: HashMap::new(),
        }
    }

    /// The client a row is: the one with its CRM id; else the one of its name, unless
    /// that one is another record of the CRM (two accounts of one name stay two).
    fn client_of(&self, incoming: &Client) -> Option<usize> {
        let crm_id = incoming.crm_id.as_deref().map(crm_key);
        if let Some(index) = crm_id.as_ref().and_then(|key| self.by_crm.get(key)) {
            return Some(*index);
        }
        self.by_id
            .get(&edit::slug(&incoming.name))
            .or_else(|| self.by_name.get(&name_key(&incoming.name)))
            .copied()
            .filter(|index| crm_id.is_none() || self.out.clients[*index].crm_id.is_none())
    }

    fn take(&mut self, line: u64, incoming: Client) {
        let Some(index) = self.client_of(&incoming) else {
            self.add(incoming);
            return;
        };
        let existing = &mut self.out.clients[index];
        let mut filled = Vec::new();
        if existing.crm_id.is_none()
            && let Some(crm_id) = &incoming.crm_id
        {
            existing.crm_id = Some(crm_id.clone());
            self.by_crm.insert(crm_key(crm_id), index);
            filled.push("crm_id");
        }
        filled.extend(fill_empty(existing, incoming));
        let (id, name) = (
            self.out.clients[index].id.clone(),
            self.out.clients[index].name.clone(),
        );
        if self.added_ids.contains(&id) {
            self.duplicates.push((line, name));
            return;
        }
        if let Some(&at) = self.matched_at.get(&id) {
            self.matched[at].2.extend(filled);
        } else {
            self.matched_at.insert(id.clone(), self.matched.len());
            self.matched.push((id, name, filled));
        }
    }

    fn add(&mut self, mut client: Client) {
        client.id = edit::suggest_id_among(&client.name, |id| self.by_id.contains_key(id));
        edit::fill_missing_ids_of(&mut client);
        let index = self.out.clients.len();
        self.by_id.insert(client.id.clone(), index);
        self.by_name.entry(name_key(&client.name)).or_insert(index);
        if let Some(crm_id) = &client.crm_id {
            self.by_crm.insert(crm_key(crm_id), index);
        }
        self.added_ids.insert(client.id.clone());
        self.added.push(client.name.clone());
        self.out.clients.push(client);
    }

    fn finish(self) -> (Book, Report) {
        let mut report = Report {
            added: self.added,
            duplicates: self.duplicates,
            ..Report::default()
        };
        for (_, name, mut filled) in self.matched {
            let mut seen = HashSet::new();
            filled.retain(|field| seen.insert(*field));
            if filled.is_empty() {
                report.unchanged.push(name);
            } else {
                report.updated.push((name, filled));
            }
        }
        (self.out, report)
    }
}

/// Adds the file's clients to a copy of `book`.
pub(super) fn import<'a>(book: &Book, mut file: Opened<'a>) -> (Book, Opened<'a>, Report) {
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    file.each_record(|line, row| match row.and_then(|row| read_row(&row)) {
        Ok(client) => rows.push((line, client)),
        Err(reason) => skipped.push(Skipped { line, reason }),
    });
    let mut merger = RowMerger::new(book.clone());
    for (line, client) in rows {
        merger.take(line, client);
    }
    let (out, mut report) = merger.finish();
    report.skipped = skipped;
    (out, file, report)
}
