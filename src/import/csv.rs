//! Reading a CRM's CSV export: the text and its separator, what the header says the file
//! is (through `columns`), the order of its dates, and each row's values; and finding a
//! row's account, by the CRM's id or by name, for the importers of people and deals.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::Book;

use super::columns::{self, Field, Kind, Recognised, Source};
use super::values::{DatesSeen, DayOrder, Locale};

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

/// What the user said about a file: columns mapped with `--map`, `--as`, `--dates`.
pub(super) struct Said<'a> {
    pub columns: &'a [(String, Field)],
    pub kind: Option<Kind>,
    pub dates: Option<DayOrder>,
}

/// How a file's values are read.
pub(super) struct Reading {
    pub recognised: Recognised,
    pub locale: Locale,
    pub day_order: DayOrder,
}

/// A CSV file opened for reading: what it is, and the rows still to read.
pub(super) struct Opened<'a> {
    reader: csv::Reader<&'a [u8]>,
    pub reading: Reading,
    seen: (usize, Option<DayOrder>),
}

/// Opens `bytes` as CSV: the separator sniffed, the header read and recognised, and the
/// day order of its dates decided from all of them (or `said.dates`, `--dates`).
pub(super) fn open<'a>(bytes: &'a [u8], said: &Said) -> Result<Opened<'a>, String> {
    let (text, delimiter) = readable_text(bytes)?;
    let locale = if delimiter == b';' {
        Locale::European
    } else {
        Locale::Us
    };
    let reader = |text: &'a str| {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes())
    };
    let mut first = reader(text);
    let headers: Vec<String> = first
        .headers()
        .map_err(|e| format!("cannot read the header line: {e}"))?
        .iter()
        .map(String::from)
        .collect();
    let recognised = columns::recognise(&headers, said.columns, said.kind)?;
    let (rows, seen) = survey(&mut first, &recognised)?;
    let day_order = match (said.dates, seen) {
        (Some(order), _) | (None, DatesSeen::Decided(order)) => Some(order),
        (None, DatesSeen::Unneeded) => None,
        (None, DatesSeen::Undecided { line, example }) => {
            return Err(format!(
                "line {line}: \"{example}\" can be read day first or month first, and no date in the file settles it; say how it writes dates with --dates mdy (MM/DD/YYYY) or --dates dmy (DD/MM/YYYY)"
            ));
        }
    };
    Ok(Opened {
        reader: reader(text),
        reading: Reading {
            recognised,
            locale,
            day_order: day_order.unwrap_or(DayOrder::MonthFirst),
        },
        seen: (rows, day_order),
    })
}

/// One pass over the file: how many records it has, and what its dates say.
fn survey(
    reader: &mut csv::Reader<&[u8]>,
    recognised: &Recognised,
) -> Result<(usize, DatesSeen), String> {
    let date_columns: Vec<usize> = recognised
        .columns
        .iter()
        .enumerate()
        .filter(|(_, (_, f))| {
            matches!(
                f,
                Field::LastContact | Field::NextCheckin | Field::DealCloseDate
            )
        })
        .map(|(i, _)| i)
        .collect();
    let mut dates = Vec::new();
    let mut rows = 0;
    for record in reader.records().flatten() {
        rows += 1;
        let line = record.position().map_or(0, csv::Position::line);
        for &column in &date_columns {
            if let Some(value) = record.get(column).filter(|v| !v.trim().is_empty()) {
                dates.push((line, value.to_string()));
            }
        }
    }
    let seen = super::values::day_order(dates.iter().map(|(l, v)| (*l, v.as_str())))?;
    Ok((rows, seen))
}

impl Opened<'_> {
    /// Each record in turn, as the file has it, with its line.
    pub(super) fn each_record(&mut self, mut take: impl FnMut(u64, Result<Row<'_>, String>)) {
        let reading = &self.reading;
        for row in self.reader.records() {
            match row {
                Ok(record) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    take(
                        line,
                        Ok(Row {
                            record: &record,
                            reading,
                        }),
                    );
                }
                Err(error) => {
                    let line = error.position().map_or(0, csv::Position::line);
                    take(line, Err(format!("cannot be read: {error}")));
                }
            }
        }
    }

    /// What the file was read as: its kind, how many records it has, and the order its
    /// dates were read in.
    pub(super) fn finish(self) -> (Recognised, usize, Option<DayOrder>) {
        (self.reading.recognised, self.seen.0, self.seen.1)
    }
}

/// One record, and how the file's values are read.
pub(super) struct Row<'r> {
    record: &'r csv::StringRecord,
    reading: &'r Reading,
}

impl<'r> Row<'r> {
    /// Each non-empty value with its column and field.
    pub(super) fn values(&self) -> impl Iterator<Item = (&'r str, Field, &'r str)> {
        self.reading
            .recognised
            .columns
            .iter()
            .zip(self.record.iter())
            .map(|((header, field), value)| (header.as_str(), *field, value.trim()))
            .filter(|(_, _, value)| !value.is_empty())
    }

    /// The first non-empty value of a column holding `field`.
    pub(super) fn get(&self, field: Field) -> Option<&'r str> {
        self.values()
            .find(|(_, f, _)| *f == field)
            .map(|(_, _, v)| v)
    }

    /// The id a record of this file is kept under (`salesforce:006…`).
    pub(super) fn crm_id(&self, id: &str) -> Option<String> {
        crm_id(self.reading.recognised.source, id)
    }

    /// The row's own record id, as the book keeps it.
    pub(super) fn own_crm_id(&self) -> Option<String> {
        self.get(Field::RecordId).and_then(|id| self.crm_id(id))
    }

    pub(super) fn date(&self, value: &str) -> Result<Option<NaiveDate>, String> {
        super::values::date(value, self.reading.day_order)
    }

    pub(super) fn amount(&self, value: &str) -> Result<Option<crate::model::Money>, String> {
        super::values::amount(value, self.reading.locale)
    }
}

/// A record id as the book keeps it: `salesforce:001bm00000AbCdEAAV`.
pub(super) fn crm_id(source: Source, id: &str) -> Option<String> {
    let id = id.trim();
    let prefix = source.prefix()?;
    (!id.is_empty()).then(|| format!("{prefix}:{id}"))
}

/// What two record ids are compared by. Salesforce writes an id in 15 case-sensitive
/// characters (reports) or 18 (the API: the 15 and a checksum): the first 15 decide.
pub(super) fn crm_key(crm_id: &str) -> String {
    match crm_id.strip_prefix("salesforce:") {
        Some(id) if id.len() == 18 && id.is_ascii() => format!("salesforce:{}", &id[..15]),
        _ => crm_id.to_string(),
    }
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

/// Where each item with a CRM id is, `(client, item)` by its id's key; `ids` gives a
/// client's items' ids in order (the first of an id twice wins).
pub(super) fn items_by_crm_id(
    book: &Book,
    ids: impl Fn(&crate::model::Client) -> Vec<Option<&str>>,
) -> HashMap<String, (usize, usize)> {
    let mut by_crm = HashMap::new();
    for (c, client) in book.clients.iter().enumerate() {
        for (i, crm_id) in ids(client).into_iter().enumerate() {
            if let Some(crm_id) = crm_id {
                by_crm.entry(crm_key(crm_id)).or_insert((c, i));
            }
        }
    }
    by_crm
}

/// A book's accounts, by the CRM's ids and by name, for the rows that name the account
/// they belong to.
pub(super) struct Accounts {
    by_crm: HashMap<String, usize>,
    by_name: ClientsByName,
}

/// Where a row's account is.
pub(super) enum Account {
    Found(usize),
    /// Its id (`AccountId`) is no client's: imported neither now nor before.
    UnknownId(String),
    /// Its name is no client's, with the client it most likely meant.
    UnknownName(String, Option<String>),
    /// The row names no account.
    Missing,
}

impl Accounts {
    pub(super) fn of(book: &Book) -> Accounts {
        let by_crm = book
            .clients
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((crm_key(c.crm_id.as_deref()?), i)))
            .collect();
        Accounts {
            by_crm,
            by_name: ClientsByName::of(book),
        }
    }

    /// The row's account: by its id when the row has one (never then by name: the id
    /// is the source's word), else by its name.
    pub(super) fn find(&self, row: &Row) -> Account {
        let reference = row
            .get(Field::AccountRef)
            .and_then(|r| r.split([';', ',']).map(str::trim).find(|r| !r.is_empty()));
        if let Some(reference) = reference
            && let Some(id) = row.crm_id(reference)
        {
            return match self.by_crm.get(&crm_key(&id)) {
                Some(index) => Account::Found(*index),
                None => Account::UnknownId(reference.to_string()),
            };
        }
        let Some(name) = row.get(Field::Name) else {
            return Account::Missing;
        };
        match self.by_name.find(name) {
            Some(index) => Account::Found(index),
            None => Account::UnknownName(name.to_string(), self.by_name.suggest(name)),
        }
    }
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

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
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
        let error = crate::import::import_any(
            &book,
            text.as_bytes(),
            &crate::import::Options::default(),
            today(),
        )
        .map(|_| ())
        .unwrap_err();
        assert!(error.starts_with("line 3:"), "{error}");
    }

    #[test]
    fn sniffs_the_separator_outside_quotes() {
        assert_eq!(sniff_delimiter("a,b,c\n"), b',');
        assert_eq!(sniff_delimiter("\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
    }
}
