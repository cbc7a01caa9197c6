//! Bringing clients, people and deals in from other tools. Pure: bytes in, a new book and
//! a report out; the command line reads the files and saves the book.
//!
//! A CRM export goes `columns` (what the file is) → `csv` (reading it) → `accounts`,
//! `contacts` or `opportunities` (what its rows do to the book), chosen here.

pub mod accounts;
pub mod columns;
pub mod contacts;
pub mod csv;
pub mod opportunities;
pub mod values;
pub mod vcard;

use chrono::NaiveDate;

use crate::model::Book;
use columns::{Field, Kind, Recognised};
use values::DayOrder;

/// What a CSV file was read as, and what importing it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub recognised: Recognised,
    /// The file's records (a quoted value may span lines).
    pub rows: usize,
    /// How the file's dates were read (`None`: it has no dates written day and month).
    pub day_order: Option<DayOrder>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An account, company or organization export: clients.
    Accounts(accounts::Report),
    /// A contact or person export: people, each at the client their account names.
    Contacts(contacts::Report),
    /// An opportunity or deal export: deals, each at the client its account names.
    Deals(opportunities::Report),
}

/// What `--map` says: columns read as fields, and the export's own stage, forecast and
/// type names read as konto's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mappings {
    pub columns: Vec<(String, Field)>,
    pub values: opportunities::ValueMaps,
}

/// How to read a file: `--map`, `--as` and `--dates`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub mappings: Mappings,
    pub kind: Option<Kind>,
    pub dates: Option<DayOrder>,
}

/// Reads an export of accounts, contacts or opportunities, whichever its header (or
/// `--as`) says, into a copy of `book`.
pub fn import_any(
    book: &Book,
    bytes: &[u8],
    options: &Options,
    today: NaiveDate,
) -> Result<(Book, Imported), String> {
    let said = csv::Said {
        columns: &options.mappings.columns,
        kind: options.kind,
        dates: options.dates,
    };
    let file = csv::open(bytes, &said)?;
    let (book, imported) = match file.reading.recognised.kind {
        Kind::Accounts => {
            let (book, file, report) = accounts::import(book, file);
            (book, imported(file, Outcome::Accounts(report)))
        }
        Kind::Contacts => {
            let (book, file, report) = contacts::import(book, file);
            (book, imported(file, Outcome::Contacts(report)))
        }
        Kind::Opportunities => {
            let (book, file, report) =
                opportunities::import(book, file, &options.mappings.values, today);
            (book, imported(file, Outcome::Deals(report)))
        }
    };
    Ok((book, imported))
}

fn imported(file: csv::Opened, outcome: Outcome) -> Imported {
    let (recognised, rows, day_order) = file.finish();
    Imported {
        recognised,
        rows,
        day_order,
        outcome,
    }
}
