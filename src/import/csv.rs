//! Clients from a CRM's CSV export (`Salesforce` account reports, `HubSpot` company exports,
//! or anything mapped with `--map "Column=field"`).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use strum::IntoEnumIterator;

use crate::edit;
use crate::model::{Book, Client, Contact, Tier};

use super::values::{self, Locale};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Industry,
    AnnualValue,
    Tier,
    CadenceDays,
    LastContact,
    NextCheckin,
    ContactName,
    ContactFirstName,
    ContactLastName,
    ContactEmail,
    ContactPhone,
    ContactRole,
    Notes,
    /// The client's own turnover (Salesforce "Annual Revenue"): kept as a line of its
    /// notes, not as its value to you, which it would skew.
    Revenue,
    DealTitle,
    DealStage,
    DealAmount,
    DealCloseDate,
    DealKind,
    DealForecast,
    /// Recognised, deliberately not imported (the record's owner in the CRM).
    Owner,
    Ignore,
}

impl Field {
    /// Names for `--map "Column=field"`.
    pub const NAMES: [(&'static str, Field); 21] = [
        ("name", Field::Name),
        ("industry", Field::Industry),
        ("annual_value", Field::AnnualValue),
        ("tier", Field::Tier),
        ("cadence_days", Field::CadenceDays),
        ("last_contact", Field::LastContact),
        ("next_checkin", Field::NextCheckin),
        ("contact", Field::ContactName),
        ("contact_email", Field::ContactEmail),
        ("contact_phone", Field::ContactPhone),
        ("contact_role", Field::ContactRole),
        ("notes", Field::Notes),
        ("revenue", Field::Revenue),
        ("deal", Field::DealTitle),
        ("stage", Field::DealStage),
        ("amount", Field::DealAmount),
        ("close_date", Field::DealCloseDate),
        ("deal_kind", Field::DealKind),
        ("forecast", Field::DealForecast),
        ("owner", Field::Owner),
        ("ignore", Field::Ignore),
    ];

    pub fn parse(name: &str) -> Option<Field> {
        Self::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
    }
}

/// `Account Name`, `account_name` and `ACCOUNT NAME` are the same column.
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column names `Salesforce` and `HubSpot` exports use, normalised.
fn recognise(header: &str) -> Field {
    match normalise(header).as_str() {
        "accountname" | "companyname" | "name" | "company" | "account" | "organization"
        | "organisation" | "clientname" | "client" | "associatedcompany" => Field::Name,
        "industry" | "sector" => Field::Industry,
        "annualrevenue" | "revenue" => Field::Revenue,
        "annualvalue" | "accountvalue" => Field::AnnualValue,
        "opportunityname" | "opportunity" | "dealname" | "deal" => Field::DealTitle,
        "stage" | "dealstage" | "opportunitystage" => Field::DealStage,
        "amount" | "dealamount" | "opportunityamount" => Field::DealAmount,
        "closedate" | "expectedclosedate" => Field::DealCloseDate,
        "type" | "opportunitytype" | "dealtype" => Field::DealKind,
        "forecastcategory" | "forecastcategoryname" => Field::DealForecast,
        "tier" | "accounttier" => Field::Tier,
        "cadence" | "cadencedays" => Field::CadenceDays,
        "lastactivity" | "lastactivitydate" | "lastcontacted" | "lastcontact"
        | "lastcontactdate" | "lastengagementdate" => Field::LastContact,
        "nextactivitydate" | "nextcheckin" => Field::NextCheckin,
        "contactname" | "primarycontact" | "contact" | "associatedcontact" | "fullname" => {
            Field::ContactName
        }
        "firstname" | "contactfirstname" => Field::ContactFirstName,
        "lastname" | "contactlastname" => Field::ContactLastName,
        "email" | "contactemail" | "emailaddress" | "primaryemail" => Field::ContactEmail,
        "phone" | "phonenumber" | "companyphone" | "contactphone" | "mobile" | "mobilephone"
        | "mobilephonenumber" => Field::ContactPhone,
        "title" | "jobtitle" | "contacttitle" | "role" => Field::ContactRole,
        "description" | "notes" | "note" => Field::Notes,
        "accountowner" | "companyowner" | "owner" | "hubspotowner" | "recordowner" => Field::Owner,
        _ => Field::Ignore,
    }
}

/// The separator the header line uses most: `,` `;` or tab.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for ch in header.chars() {
        if ch == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (delimiter, count) in &mut counts {
                if ch == char::from(*delimiter) {
                    *count += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, count)| *count)
        .map_or(b',', |(d, _)| *d)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The row's line in the file (a quoted value may span lines).
    pub line: u64,
    pub reason: String,
}

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
    /// Each column and what it was read as.
    pub columns: Vec<(String, Field)>,
}

/// One row read into a client (not yet merged into the book).
fn read_row(
    record: &csv::StringRecord,
    columns: &[(String, Field)],
    locale: Locale,
) -> Result<Client, String> {
    let mut client = Client::new("", "");
    let mut contact = Contact::default();
    let (mut first, mut last) = (String::new(), String::new());
    let mut revenue = None;
    for ((header, field), value) in columns.iter().zip(record.iter()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let in_column = |e: String| format!("{header}: {e}");
        match field {
            Field::Name => client.name = value.to_string(),
            Field::Industry => client.industry = Some(value.to_string()),
            Field::AnnualValue => {
                client.annual_value = values::amount(value, locale).map_err(in_column)?;
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
                client.last_contact = values::date(value, locale).map_err(in_column)?;
            }
            Field::NextCheckin => {
                client.next_checkin = values::date(value, locale).map_err(in_column)?;
            }
            Field::ContactName => contact.name = value.to_string(),
            Field::ContactFirstName => first = value.to_string(),
            Field::ContactLastName => last = value.to_string(),
            Field::ContactEmail => contact.email = Some(value.to_string()),
            Field::ContactPhone => contact.phone = Some(value.to_string()),
            Field::ContactRole => contact.role = Some(value.to_string()),
            Field::Notes => client.notes = Some(value.to_string()),
            Field::Revenue => {
                revenue = values::amount(value, locale).map_err(in_column)?;
            }
            // An account export's deal-like columns (an account's "Type") are not the
            // client's; an opportunity export is read by `opportunities`.
            Field::DealTitle
            | Field::DealStage
            | Field::DealAmount
            | Field::DealCloseDate
            | Field::DealKind
            | Field::DealForecast
            | Field::Owner
            | Field::Ignore => {}
        }
    }
    if let Some(revenue) = revenue {
        let line = format!("Annual revenue (from the CRM): {}", revenue.grouped());
        client.notes = Some(match client.notes.take() {
            Some(notes) => format!("{notes}\n{line}"),
            None => line,
        });
    }
    if contact.name.is_empty() {
        contact.name = format!("{first} {last}").trim().to_string();
    }
    if contact.name.is_empty() && contact.phone.is_some() && contact.email.is_none() {
        // A phone number on its own in an account export is the company's line.
        contact.name = "Main line".to_string();
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

/// Reads `bytes` (UTF-8, with or without a byte-order mark) and adds its clients to a copy
/// of `book`. `mappings` name columns the usual names do not cover.
/// Takes the file's clients into the book one row at a time: a row naming a client of
/// the book fills in what it lacks, any other row adds a client.
struct RowMerger {
    out: Book,
    // Where each client is, by id and by name, so every row is looked up at once: a
    // large export takes time in proportion to its rows.
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
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
        for (index, client) in out.clients.iter().enumerate() {
            by_id.entry(client.id.clone()).or_insert(index);
            by_name.entry(name_key(&client.name)).or_insert(index);
        }
        RowMerger {
            out,
            by_id,
            by_name,
            added_ids: HashSet::new(),
            added: Vec::new(),
            duplicates: Vec::new(),
            matched: Vec::new(),
            matched_at: HashMap::new(),
        }
    }

    fn take(&mut self, line: u64, incoming: Client) {
        let existing = self
            .by_id
            .get(&edit::slug(&incoming.name))
            .or_else(|| self.by_name.get(&name_key(&incoming.name)))
            .copied();
        let Some(index) = existing else {
            self.add(incoming);
            return;
        };
        let filled = fill_empty(&mut self.out.clients[index], incoming);
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

/// What a CSV file was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// An account or company export: clients.
    Accounts(Report),
    /// A contact export: people, each attached to the client their company names.
    Contacts(super::contacts::Report),
    /// An opportunity or deal export: deals, each joining the client its account names.
    Deals(super::opportunities::Report),
}

/// What `--map` says: columns read as fields, and the export's own stage, forecast and
/// type names read as konto's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mappings {
    pub columns: Vec<(String, Field)>,
    pub values: super::opportunities::ValueMaps,
}

/// A contact export names people first and last, and their company, and holds none of
/// an account's own figures.
fn is_contact_export(columns: &[(String, Field)]) -> bool {
    let has = |wanted: &[Field]| columns.iter().any(|(_, f)| wanted.contains(f));
    has(&[Field::ContactFirstName, Field::ContactLastName])
        && has(&[Field::Name])
        && !has(&[
            Field::Industry,
            Field::AnnualValue,
            Field::Tier,
            Field::CadenceDays,
            Field::LastContact,
            Field::NextCheckin,
        ])
}

/// A CSV file opened for reading: its columns, and the rows still to read.
pub(super) struct Opened<'a> {
    reader: csv::Reader<&'a [u8]>,
    pub columns: Vec<(String, Field)>,
    pub locale: Locale,
}

/// Opens `bytes` as CSV: the separator sniffed, the header read, each column recognised.
pub(super) fn open<'a>(
    bytes: &'a [u8],
    mappings: &[(String, Field)],
) -> Result<Opened<'a>, String> {
    let (text, delimiter) = readable_text(bytes)?;
    let locale = if delimiter == b';' {
        Locale::European
    } else {
        Locale::Us
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header line: {e}"))?
        .clone();
    let columns = read_columns(&headers, mappings)?;
    Ok(Opened {
        reader,
        columns,
        locale,
    })
}

impl Opened<'_> {
    /// Each row in turn: its line, and the client read from it or why it could not be.
    pub(super) fn each_row(&mut self, mut take: impl FnMut(u64, Result<Client, String>)) {
        let (columns, locale) = (self.columns.clone(), self.locale);
        self.each_record(|line, record| {
            take(line, record.and_then(|r| read_row(r, &columns, locale)));
        });
    }

    /// Each record in turn, as the file has it, with its line.
    pub(super) fn each_record(
        &mut self,
        mut take: impl FnMut(u64, Result<&csv::StringRecord, String>),
    ) {
        for row in self.reader.records() {
            match row {
                Ok(record) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    take(line, Ok(&record));
                }
                Err(error) => {
                    let line = error.position().map_or(0, csv::Position::line);
                    take(line, Err(format!("cannot be read: {error}")));
                }
            }
        }
    }
}

/// Reads an account export or a contact export, whichever the header says it is.
pub fn import_any(
    book: &Book,
    bytes: &[u8],
    mappings: &Mappings,
    today: NaiveDate,
) -> Result<(Book, Imported), String> {
    let columns = &mappings.columns;
    let header = open(bytes, columns)?.columns;
    if super::opportunities::is_opportunity_export(&header) {
        let (book, report) =
            super::opportunities::import(book, bytes, (columns, &mappings.values), today)?;
        Ok((book, Imported::Deals(report)))
    } else if is_contact_export(&header) {
        let (book, report) = super::contacts::import(book, bytes, columns)?;
        Ok((book, Imported::Contacts(report)))
    } else {
        let (book, report) = import(book, bytes, columns)?;
        Ok((book, Imported::Accounts(report)))
    }
}

pub fn import(
    book: &Book,
    bytes: &[u8],
    mappings: &[(String, Field)],
) -> Result<(Book, Report), String> {
    let mut file = open(bytes, mappings)?;
    let mut rows = RowMerger::new(book.clone());
    let mut skipped = Vec::new();
    file.each_row(|line, row| match row {
        Ok(incoming) => rows.take(line, incoming),
        Err(reason) => skipped.push(Skipped { line, reason }),
    });
    let (out, mut report) = rows.finish();
    report.columns = file.columns;
    report.skipped = skipped;
    Ok((out, report))
}

/// The file's text (UTF-8, a byte-order mark dropped) and its separator, or why it cannot
/// be read as a whole.
pub(super) fn readable_text(bytes: &[u8]) -> Result<(&str, u8), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (byte {}): export it as UTF-8 CSV",
            e.valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    if let Some(line) = unterminated_quote(text, delimiter) {
        return Err(format!(
            "line {line}: a quoted value starts here and is never closed (a \" is missing); nothing was imported"
        ));
    }
    Ok((text, delimiter))
}

/// What each column holds: as mapped with `--map`, else by its usual name. A file with
/// no name column is refused, listing the columns it has.
fn read_columns(
    headers: &csv::StringRecord,
    mappings: &[(String, Field)],
) -> Result<Vec<(String, Field)>, String> {
    let columns: Vec<(String, Field)> = headers
        .iter()
        .map(|h| {
            let mapped = mappings
                .iter()
                .find(|(column, _)| normalise(column) == normalise(h))
                .map(|(_, f)| *f);
            (h.to_string(), mapped.unwrap_or_else(|| recognise(h)))
        })
        .collect();
    if !columns.iter().any(|(_, f)| *f == Field::Name) {
        let names: Vec<&str> = headers.iter().collect();
        return Err(format!(
            "no column holds the client's name (columns: {}); add --map \"Column=name\"",
            names.join(", ")
        ));
    }
    Ok(columns)
}

/// A book's clients by exact name and by name ignoring case, for rows that name the
/// client they belong to.
pub(super) struct ClientsByName {
    exact: HashMap<String, usize>,
    folded: HashMap<String, usize>,
    /// Each client's folded name and name, for suggesting one a row nearly names.
    names: Vec<(String, String)>,
}

impl ClientsByName {
    pub(super) fn of(book: &Book) -> ClientsByName {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        let mut names = Vec::with_capacity(book.clients.len());
        for (index, client) in book.clients.iter().enumerate() {
            exact.entry(client.name.trim().to_string()).or_insert(index);
            folded.entry(name_key(&client.name)).or_insert(index);
            names.push((name_key(&client.name), client.name.clone()));
        }
        ClientsByName {
            exact,
            folded,
            names,
        }
    }

    /// The client a row that matched none most likely meant: one whose name starts with
    /// the row's (`Fjord Shipping` for `Fjord Shipping A/S`), else the closest by spelling.
    /// Only ever suggested: an import never guesses which client a row belongs to.
    pub(super) fn suggest(&self, name: &str) -> Option<String> {
        let wanted = name_key(name);
        if wanted.is_empty() {
            return None;
        }
        let mut starting = self.names.iter().filter(|(folded, _)| {
            folded.starts_with(&wanted) || wanted.starts_with(folded.as_str())
        });
        if let (Some((_, only)), None) = (starting.next(), starting.next()) {
            return Some(only.clone());
        }
        self.names
            .iter()
            .map(|(folded, shown)| (strsim::levenshtein(folded, &wanted), shown))
            .filter(|(distance, _)| *distance <= wanted.chars().count() / 4 + 1)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, shown)| shown.clone())
    }

    /// The client named `name`: exactly, else ignoring case.
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        self.exact
            .get(name.trim())
            .or_else(|| self.folded.get(&name_key(name)))
            .copied()
    }
}

/// Names that are the same client: `Nordlys Bank`, ` NORDLYS BANK ` and `Nørdlys bank`
/// (case, spaces and accents aside, as everywhere a name is looked up).
pub(super) fn name_key(name: &str) -> String {
    crate::text::fold_name(name)
}

/// The line of a quoted value that is opened and never closed, if there is one. The
/// CSV reader would take the rest of the file as that one value and swallow every row
/// after it; konto says where the quote is missing instead. A quote opens a value only
/// at its start (`5" screen` is text); `""` inside a quoted value is a quote.
fn unterminated_quote(text: &str, delimiter: u8) -> Option<u64> {
    let delimiter = char::from(delimiter);
    let mut line = 1u64;
    let mut opened_at = None;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match opened_at {
            Some(_) if ch == '"' => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    opened_at = None;
                }
            }
            None if ch == '"' && at_field_start => opened_at = Some(line),
            _ => {}
        }
        if ch == '\n' {
            line += 1;
        }
        at_field_start = opened_at.is_none() && (ch == delimiter || ch == '\n');
    }
    opened_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_salesforce_and_hubspot_headers() {
        assert_eq!(recognise("Account Name"), Field::Name);
        assert_eq!(recognise("Company name"), Field::Name);
        assert_eq!(recognise("Annual Revenue"), Field::Revenue);
        assert_eq!(recognise("Opportunity Name"), Field::DealTitle);
        assert_eq!(recognise("Deal Stage"), Field::DealStage);
        assert_eq!(recognise("Forecast Category"), Field::DealForecast);
        assert_eq!(recognise("Last Activity Date"), Field::LastContact);
        assert_eq!(recognise("LAST_ACTIVITY"), Field::LastContact);
        assert_eq!(recognise("Account Owner"), Field::Owner);
        assert_eq!(recognise("Website"), Field::Ignore);
    }

    #[test]
    fn finds_a_quote_that_is_never_closed() {
        assert_eq!(unterminated_quote("a,b\n\"x,y\"\n", b','), None);
        assert_eq!(unterminated_quote("a,b\n\"multi\nline\",c\n", b','), None);
        assert_eq!(unterminated_quote("a,b\n5\" screen,c\n", b','), None);
        assert_eq!(
            unterminated_quote("a,b\n\"say \"\"hi\"\"\",c\n", b','),
            None
        );
        assert_eq!(
            unterminated_quote("a,b\nx,y\n\"open,c\nz,w\n", b','),
            Some(3)
        );
        assert_eq!(unterminated_quote("a;b\nx;\"open\n", b';'), Some(2));
    }

    #[test]
    fn an_unterminated_quote_is_an_error_naming_its_line() {
        let book = Book::default();
        let text = "Account Name,Industry\nAcme,Retail\n\"Beta,Banking\nGamma,Mining\n";
        let error = import(&book, text.as_bytes(), &[]).unwrap_err();
        assert!(error.starts_with("line 3:"), "{error}");
    }

    #[test]
    fn sniffs_the_separator_outside_quotes() {
        assert_eq!(sniff_delimiter("a,b,c\n"), b',');
        assert_eq!(sniff_delimiter("\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
    }
}
