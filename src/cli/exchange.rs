//! `import`, `export`, `report` and `demo`: konto between the CRM and the calendar.

use std::fmt::Write;
use std::fs;
use std::io;
use std::path::Path;

use chrono::NaiveDate;

use crate::export;
use crate::import;
use crate::import::columns::Field;
use crate::model::Book;
use crate::review::{self, Period};
use crate::storage::location::DataLocation;
use crate::storage::{self, Loaded};
use crate::text::{one_line, plural};

use super::Outcome;
use super::args::{ExportFormat, ImportSource, OutFile, Table};

fn read_input(path: &Path) -> Result<Vec<u8>, Outcome> {
    fs::read(path)
        .map_err(|e| Outcome::fail(format!("error: cannot read {}: {e}\n", path.display())))
}

/// Prints `text`, or writes it to the chosen file atomically and says where.
fn emit(text: String, output: &OutFile, location: &DataLocation) -> Outcome {
    match &output.out {
        None => Outcome::ok(text),
        Some(path) => wrote(
            path,
            storage::write_export(path, &text, output.force, location),
        ),
    }
}

/// [`emit`] for an export written as it is made: to standard output, or to the file.
fn emit_streamed(
    write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    output: &OutFile,
    location: &DataLocation,
    stdout: &mut dyn io::Write,
) -> Outcome {
    let Some(path) = &output.out else {
        let mut buffered = io::BufWriter::with_capacity(1 << 16, stdout);
        return match write(&mut buffered).and_then(|()| io::Write::flush(&mut buffered)) {
            // The reader went away (`konto export json | head`): nothing more to say.
            Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
                Outcome::fail(format!("error: {error}\n"))
            }
            _ => Outcome::default(),
        };
    };
    wrote(
        path,
        storage::write_export_with(path, output.force, location, write),
    )
}

fn wrote(path: &Path, result: Result<(), storage::SaveError>) -> Outcome {
    match result {
        Ok(()) => Outcome {
            stderr: format!("Wrote {}\n", path.display()),
            ..Outcome::default()
        },
        Err(error) => Outcome::fail(format!("error: {error}\n")),
    }
}

pub fn import(
    source: &ImportSource,
    location: &DataLocation,
    loaded: &Loaded,
    today: NaiveDate,
) -> Outcome {
    match source {
        ImportSource::Csv {
            file,
            dry_run,
            map,
            kind,
            dates,
        } => {
            let mut options = import::Options {
                mappings: super::args::mappings(map),
                kind: *kind,
                dates: *dates,
            };
            match configured_stages() {
                // `--map` first: it is read before the configuration.
                Ok(stages) => options.mappings.values.stages.extend(stages),
                Err(outcome) => return outcome,
            }
            import_csv(file, (*dry_run, &options, today), location, loaded)
        }
        ImportSource::Vcf {
            file,
            client,
            dry_run,
        } => {
            let bytes = match read_input(file) {
                Ok(bytes) => bytes,
                Err(outcome) => return outcome,
            };
            let text = String::from_utf8_lossy(&bytes);
            apply_import(location, loaded, *dry_run, |book| {
                let (book, report) = import::vcard::import(book, &text, client)
                    .map_err(|error| format!("error: {}: {error}\n", file.display()))?;
                Ok((book, vcard_summary(&report, client, *dry_run)))
            })
        }
    }
}

fn vcard_summary(report: &import::vcard::Report, client: &str, dry_run: bool) -> String {
    let mut summary = String::new();
    for name in &report.added {
        let _ = writeln!(summary, "  add      {}", one_line(name));
    }
    for name in &report.already_there {
        let _ = writeln!(summary, "  known    {} (already a contact)", one_line(name));
    }
    for (number, reason) in &report.skipped {
        let _ = writeln!(summary, "  skipped  card {number}: {}", one_line(reason));
    }
    let verb = if dry_run { "Would add" } else { "Added" };
    let _ = writeln!(
        summary,
        "{verb} {} to {}; {} already there, {} skipped.",
        plural(report.added.len(), "contact", "contacts"),
        one_line(client),
        report.already_there.len(),
        report.skipped.len()
    );
    summary
}

/// Runs an import: on the book as loaded for a dry run; otherwise on the book read again
/// under its lock and saved before the lock is let go, like `log`, so an import never
/// loses (or fails over) a change another konto makes at the same time.
fn apply_import(
    location: &DataLocation,
    loaded: &Loaded,
    dry_run: bool,
    import: impl Fn(&Book) -> Result<(Book, String), String>,
) -> Outcome {
    if dry_run {
        return match import(&loaded.book) {
            Ok((_, mut summary)) => {
                let _ = writeln!(summary, "Dry run: nothing was written.");
                Outcome::ok(summary)
            }
            Err(message) => Outcome::fail(message),
        };
    }
    let result = storage::update(location, |book| {
        let (imported, summary) = import(book)?;
        *book = imported;
        Ok(summary)
    });
    match result {
        Ok(summary) => Outcome::ok(summary),
        Err(storage::UpdateError::Refused(message)) => Outcome::fail(message),
        Err(storage::UpdateError::Load(error)) => {
            Outcome::fail(format!("error: {error}\nNothing was imported.\n"))
        }
        Err(storage::UpdateError::Save(error)) => Outcome::fail(format!(
            "error: {error}\nNothing was imported; run the import again.\n"
        )),
    }
}

/// The org's own stage names from `import.stages` in config.ron.
fn configured_stages() -> Result<Vec<(String, crate::model::Stage)>, Outcome> {
    let Some(path) = crate::settings::default_path() else {
        return Ok(Vec::new());
    };
    match crate::settings::load_common(&path) {
        Ok(settings) => Ok(settings.import.stages.into_iter().collect()),
        Err(error) => Err(Outcome::fail(format!(
            "error: {error}\nNothing was imported (import.stages is read from that file).\n"
        ))),
    }
}

fn import_csv(
    file: &Path,
    (dry_run, options, today): (bool, &import::Options, NaiveDate),
    location: &DataLocation,
    loaded: &Loaded,
) -> Outcome {
    let bytes = match read_input(file) {
        Ok(bytes) => bytes,
        Err(outcome) => return outcome,
    };
    apply_import(location, loaded, dry_run, |book| {
        let (book, imported) =
            import::import_any(book, &bytes, options, today).map_err(|error| {
                format!(
                    "error: {}: {}\nNothing was imported.\n",
                    file.display(),
                    one_line(&error)
                )
            })?;
        let mut summary = recognised_summary(&imported);
        summary.push_str(&match &imported.outcome {
            import::Outcome::Accounts(report) => csv_summary(report, dry_run),
            import::Outcome::Contacts(report) => contacts_summary(report, dry_run),
            import::Outcome::Deals(report) => deals_summary(report, dry_run),
        });
        Ok((book, summary))
    })
}

/// What the file was read as, before what it did: "Salesforce opportunities, 36 rows",
/// the order of its dates, each column's field, and the columns not imported.
fn recognised_summary(imported: &import::Imported) -> String {
    let recognised = &imported.recognised;
    let mut summary = format!(
        "{}, {}",
        recognised.describe(),
        plural(imported.rows, "row", "rows")
    );
    if let Some(order) = imported.day_order {
        let _ = write!(summary, "; dates read {}", order.name());
    }
    summary.push_str(".\n");
    let (read, ignored): (Vec<_>, Vec<_>) = recognised
        .columns
        .iter()
        .partition(|(_, f)| !matches!(f, Field::Ignore | Field::Owner));
    let read: Vec<String> = read
        .iter()
        .map(|(column, field)| {
            let field = match field {
                // A contact's or deal's `name` column is their account's.
                Field::Name if recognised.kind != import::columns::Kind::Accounts => "account",
                field => field.name(),
            };
            format!("{column} → {field}")
        })
        .collect();
    let _ = writeln!(summary, "Columns: {}", one_line(&read.join(", ")));
    if !ignored.is_empty() {
        let ignored: Vec<&str> = ignored.iter().map(|(h, _)| h.as_str()).collect();
        let _ = writeln!(
            summary,
            "Columns not imported: {}",
            one_line(&ignored.join(", "))
        );
    }
    summary
}

/// "Added …, updated …" or, for a dry run, "Would add …, would update …".
fn verbs(dry_run: bool) -> (&'static str, &'static str) {
    if dry_run {
        ("Would add", "would update")
    } else {
        ("Added", "updated")
    }
}

/// Rows whose account id names no client.
fn unresolved_lines(summary: &mut String, unresolved: &[(u64, String)]) {
    for (line, id) in unresolved {
        let _ = writeln!(
            summary,
            "  no client line {line}: account id {} is no client's (import the accounts first)",
            one_line(id)
        );
    }
}

/// The rows an import left out, each with its line and why.
fn skipped_lines(summary: &mut String, skipped: &[import::csv::Skipped]) {
    for row in skipped {
        let _ = writeln!(
            summary,
            "  skipped  line {}: {}",
            row.line,
            one_line(&row.reason)
        );
    }
}

/// A row whose company or account is no client, with the client it most likely meant.
fn no_client_line(summary: &mut String, line: u64, name: &str, near: Option<&str>) {
    let _ = match near {
        Some(near) => writeln!(
            summary,
            "  no client line {line}: \"{}\" is no client of the book; did you mean \"{}\"? (fix the name in the file, or add the client first)",
            one_line(name),
            one_line(near)
        ),
        None => writeln!(
            summary,
            "  no client line {line}: \"{}\" is no client of the book (add it first, or fix the name)",
            one_line(name)
        ),
    };
}

/// What a contact export did: people added to their clients, known, or with no client.
fn contacts_summary(report: &import::contacts::Report, dry_run: bool) -> String {
    let mut summary = String::new();
    for (client, person) in &report.added {
        let _ = writeln!(
            summary,
            "  add      {} at {}",
            one_line(person),
            one_line(client)
        );
    }
    for (client, person, fields) in &report.updated {
        let _ = writeln!(
            summary,
            "  update   {} at {}: fills {}",
            one_line(person),
            one_line(client),
            fields.join(", ")
        );
    }
    for (client, person) in &report.known {
        let _ = writeln!(
            summary,
            "  known    {} at {} (already a contact)",
            one_line(person),
            one_line(client)
        );
    }
    for (line, company, near) in &report.unmatched {
        no_client_line(&mut summary, *line, company, near.as_deref());
    }
    unresolved_lines(&mut summary, &report.unresolved);
    skipped_lines(&mut summary, &report.skipped);
    let (verb, updated) = verbs(dry_run);
    let _ = writeln!(
        summary,
        "{verb} {}, {updated} {}; {} already known, {} with no client, {} skipped.",
        plural(report.added.len(), "person", "people"),
        report.updated.len(),
        report.known.len(),
        report.unmatched.len() + report.unresolved.len(),
        report.skipped.len()
    );
    summary
}

/// What an opportunity export did: deals added or brought up to date, rows with no
/// client, and the values konto could not read, with how to map them.
fn deals_summary(report: &import::opportunities::Report, dry_run: bool) -> String {
    let mut summary = String::new();
    for (client, deal) in &report.added {
        let _ = writeln!(
            summary,
            "  add      {} at {}",
            one_line(deal),
            one_line(client)
        );
    }
    for (client, deal, fields) in &report.updated {
        let _ = writeln!(
            summary,
            "  update   {} at {}: {}",
            one_line(deal),
            one_line(client),
            fields.join(", ")
        );
    }
    for (client, deal) in &report.unchanged {
        let _ = writeln!(
            summary,
            "  known    {} at {} (nothing new)",
            one_line(deal),
            one_line(client)
        );
    }
    for (line, account, near) in &report.unmatched {
        no_client_line(&mut summary, *line, account, near.as_deref());
    }
    unresolved_lines(&mut summary, &report.unresolved);
    let unknown = [
        (
            "stage",
            &report.unknown_stages,
            "rows left out",
            "Qualified",
        ),
        (
            "forecast",
            &report.unknown_forecasts,
            "read as no call",
            "BestCase",
        ),
        ("type", &report.unknown_kinds, "read as no kind", "Upsell"),
    ];
    for (what, values, effect, example) in unknown {
        for (value, lines) in values {
            let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
            let _ = writeln!(
                summary,
                "  unknown  {what} \"{}\" on {} {} ({effect}): --map \"{what}:{}={example}\" reads it{}",
                one_line(value),
                plural(lines.len(), "row, line", "rows, lines"),
                lines.join(", "),
                one_line(value),
                if what == "stage" {
                    ", or import.stages in config.ron"
                } else {
                    ""
                }
            );
        }
    }
    skipped_lines(&mut summary, &report.skipped);
    let (verb, updated) = verbs(dry_run);
    let left_out: usize = report.unknown_stages.values().map(Vec::len).sum();
    let _ = writeln!(
        summary,
        "{verb} {}, {updated} {}; {} unchanged, {} with no client, {} with an unknown stage, {} skipped.",
        plural(report.added.len(), "deal", "deals"),
        report.updated.len(),
        report.unchanged.len(),
        report.unmatched.len() + report.unresolved.len(),
        left_out,
        report.skipped.len()
    );
    summary
}

fn csv_summary(report: &import::accounts::Report, dry_run: bool) -> String {
    let mut summary = String::new();
    for name in &report.added {
        let _ = writeln!(summary, "  add      {}", one_line(name));
    }
    for (name, fields) in &report.updated {
        let _ = writeln!(
            summary,
            "  update   {}: fills {}",
            one_line(name),
            fields.join(", ")
        );
    }
    for name in &report.unchanged {
        let _ = writeln!(summary, "  known    {} (nothing new)", one_line(name));
    }
    for (line, name) in &report.duplicates {
        let _ = writeln!(
            summary,
            "  merged   line {line}: {} again, merged into the row above",
            one_line(name)
        );
    }
    skipped_lines(&mut summary, &report.skipped);
    let verb = if dry_run { "Would add" } else { "Added" };
    let _ = writeln!(
        summary,
        "{verb} {}, updated {}, skipped {} ({} already known, unchanged).",
        report.added.len(),
        report.updated.len(),
        report.skipped.len(),
        report.unchanged.len()
    );
    summary
}

pub fn export(
    format: &ExportFormat,
    book: &Book,
    today: NaiveDate,
    location: &DataLocation,
    stdout: &mut dyn io::Write,
) -> Outcome {
    match format {
        ExportFormat::Ics { days, output } => {
            emit(export::ics::export(book, today, *days), output, location)
        }
        ExportFormat::Csv { table, output } => match match table {
            Table::Clients => export::table::export(book, today),
            Table::Contacts => export::table::contacts(book, today),
            Table::Tasks => export::table::tasks(book, today),
        } {
            Ok(text) => emit(text, output, location),
            Err(error) => Outcome::fail(format!("error: {error}\n")),
        },
        ExportFormat::Json { output } => emit_streamed(
            &mut |out| export::write_json(book, out),
            output,
            location,
            stdout,
        ),
        ExportFormat::Gifts { output } => match export::table::gifts(book, today) {
            Ok(text) => emit(text, output, location),
            Err(error) => Outcome::fail(format!("error: {error}\n")),
        },
    }
}

pub fn report(
    book: &Book,
    today: NaiveDate,
    period: Period,
    output: &OutFile,
    location: &DataLocation,
) -> Outcome {
    emit(review::markdown(book, today, period), output, location)
}

pub fn demo(clients: usize, seed: u64, today: NaiveDate, out: Option<&Path>) -> Outcome {
    let book = crate::demo::generate(clients, seed, today);
    match out {
        None => match storage::to_text(&book) {
            Ok(text) => Outcome::ok(text),
            Err(error) => Outcome::fail(format!("error: {error}\n")),
        },
        Some(path) => match storage::create(path, &book) {
            Ok(_) => Outcome {
                stderr: format!(
                    "Wrote a demo book of {clients} clients (seed {seed}) to {}\nOpen it: konto --data {}\n",
                    path.display(),
                    path.display()
                ),
                ..Outcome::default()
            },
            Err(storage::SaveError::ChangedOnDisk { .. }) => Outcome::fail(format!(
                "error: {} already exists; konto demo never replaces a file. Choose another --out.\n",
                path.display()
            )),
            Err(error) => Outcome::fail(format!("error: {error}\n")),
        },
    }
}
