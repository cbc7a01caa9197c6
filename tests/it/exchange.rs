//! konto with other tools: CRM imports, calendar and spreadsheet exports, reports, demos.

use crate::support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use konto::model::Money;
use konto::storage;

use support::{data, sample_copy};

const TODAY: &str = "2026-11-27";

/// konto on `book`, its preferences (config.ron) read from `<book's folder>/konto/`:
/// never the user's own.
fn konto(args: &[&str], book: &Path) -> Output {
    crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .env("XDG_CONFIG_HOME", book.parent().unwrap())
        .args(args)
        .args(["--data", book.to_str().unwrap(), "--today", TODAY])
        .env_remove("KONTO_DATA")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn salesforce_export_dry_run_reports_and_writes_nothing() {
    let (_dir, book) = sample_copy();
    let before = fs::read(&book).unwrap();
    let file = data("import/salesforce_accounts.csv");
    let out = konto(
        &["import", "csv", file.to_str().unwrap(), "--dry-run"],
        &book,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("add      Hansen & Sønner, A/S"), "{report}");
    assert!(
        report.contains("known    Nordlys Bank (nothing new)"),
        "{report}"
    );
    assert!(report.contains("skipped  line 6: no name"), "{report}");
    assert!(report.contains("skipped  line 7: Annual Revenue: \"lots\" is not an amount"));
    assert!(report.contains("skipped  line 9: Last Activity: \"13/45/2026\" is not a date"));
    assert!(report.contains("merged   line 8: Aurora Analytics again"));
    assert!(report.contains("Would add 2, updated 0, skipped 3"));
    assert_eq!(fs::read(&book).unwrap(), before);
}

#[test]
fn salesforce_export_imports_in_one_save_with_quoted_commas_and_newlines() {
    let (_dir, book) = sample_copy();
    let file = data("import/salesforce_accounts.csv");
    let out = konto(&["import", "csv", file.to_str().unwrap()], &book);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Added 2, updated 0, skipped 3"));
    let loaded = konto::storage::load(&book).unwrap().book;
    assert_eq!(
        loaded.clients.len(),
        16,
        "no duplicate of Nordlys Bank or Aurora"
    );
    let hansen = loaded
        .client("hansen-sonner-a-s")
        .expect("id from the name");
    // Annual Revenue is the client's own turnover, not its value to you: it goes to
    // the notes, so it does not skew every client's value score.
    assert_eq!(hansen.annual_value, None);
    assert_eq!(
        hansen.notes.as_deref(),
        Some(
            "Family business,\nthree generations\nAnnual revenue (from the CRM): 1,250,000\nPhone (from the CRM): +45 33 12 12 12"
        )
    );
    assert_eq!(hansen.last_contact.unwrap().to_string(), "2026-10-02");
    // The company's phone line is no person: no contact is invented for it.
    assert!(hansen.contacts.is_empty());
    let aurora = loaded.client("aurora-analytics").unwrap();
    assert_eq!(aurora.annual_value, None);
    assert_eq!(
        aurora.notes.as_deref(),
        Some(
            "Evaluating our platform\nAnnual revenue (from the CRM): 310,500.50\nPhone (from the CRM): +1 415 555 0100"
        ),
        "the second row filled nothing that was set"
    );

    // Importing the same file again changes nothing.
    let again = konto(&["import", "csv", file.to_str().unwrap()], &book);
    assert!(text(&again.stdout).contains("Added 0, updated 0, skipped 3 (3 already known"));
}

#[test]
fn hubspot_semicolon_export_with_bom_and_european_numbers() {
    let (_dir, book) = sample_copy();
    let file = data("import/hubspot_companies_eu.csv");
    let out = konto(&["import", "csv", file.to_str().unwrap()], &book);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("known    Fjord Shipping A/S"));
    let loaded = konto::storage::load(&book).unwrap().book;
    let muller = loaded.client("muller-maschinenbau-gmbh").unwrap();
    assert_eq!(muller.annual_value, None, "turnover is not value to you");
    assert_eq!(
        muller.notes.as_deref(),
        Some("Annual revenue (from the CRM): 2,400,000.50")
    );
    assert_eq!(muller.last_contact.unwrap().to_string(), "2026-10-15");
    assert_eq!(muller.contacts[0].name, "Lukas Müller");
    assert_eq!(
        muller.contacts[0].email.as_deref(),
        Some("lukas@mueller-mb.example")
    );
    let sge = loaded.client("societe-generale-des-eaux").unwrap();
    assert_eq!(
        sge.notes.as_deref(),
        Some("Annual revenue (from the CRM): 1,100,000")
    );
    assert!(loaded.client("ostjysk-energi").unwrap().contacts.is_empty());
}

#[test]
fn map_reads_other_columns_and_a_file_without_names_is_explained() {
    let (dir, book) = sample_copy();
    let csv = dir.path().join("custom.csv");
    fs::write(&csv, "Kunde,Segment,Rhythm\nTivoli A/S,Key,10\n").unwrap();
    let out = konto(&["import", "csv", csv.to_str().unwrap()], &book);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(
        said.contains("cannot tell what this file holds (columns: Kunde, Segment, Rhythm)"),
        "{said}"
    );
    let out = konto(
        &[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--map",
            "Kunde=name",
            "--map",
            "Segment=tier",
            "--map",
            "Rhythm=cadence_days",
        ],
        &book,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let loaded = konto::storage::load(&book).unwrap().book;
    let tivoli = loaded.client("tivoli-a-s").unwrap();
    assert_eq!(tivoli.tier(), konto::model::Tier::Key);
    assert_eq!(tivoli.cadence_days, Some(10));
    let out = konto(
        &["import", "csv", csv.to_str().unwrap(), "--map", "Kunde=nom"],
        &book,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("\"nom\" is not a field"));
}

#[test]
fn vcards_add_contacts_to_a_client() {
    let (_dir, book) = sample_copy();
    let file = data("import/contacts.vcf");
    let out = konto(
        &[
            "import",
            "vcf",
            file.to_str().unwrap(),
            "--client",
            "sjaelland-retail",
        ],
        &book,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("known    Åse Lindqvist"));
    assert!(report.contains("skipped  card 3: no name"));
    let loaded = konto::storage::load(&book).unwrap().book;
    let contacts = &loaded.client("sjaelland-retail").unwrap().contacts;
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[1].name, "Nikolaj Friis");
    assert_eq!(
        contacts[1].email.as_deref(),
        Some("nikolaj.friis@sjaellandretail.example")
    );
    let out = konto(
        &["import", "vcf", file.to_str().unwrap(), "--client", "nope"],
        &book,
    );
    assert_eq!(out.status.code(), Some(1));
}

fn property<'a>(
    event: &'a ical::parser::ical::component::IcalEvent,
    name: &str,
) -> Option<&'a str> {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[test]
fn ics_export_parses_back_with_stable_uids() {
    let (dir, book) = sample_copy();
    let out_file = dir.path().join("konto.ics");
    let out = konto(
        &[
            "export",
            "ics",
            "--days",
            "30",
            "--out",
            out_file.to_str().unwrap(),
        ],
        &book,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ics = fs::read_to_string(&out_file).unwrap();
    let calendars: Vec<_> = ical::IcalParser::new(ics.as_bytes())
        .collect::<Result<_, _>>()
        .expect("a real parser reads it");
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    let fjord = events
        .iter()
        .find(|e| property(e, "UID") == Some("checkin-fjord-shipping@konto"))
        .expect("Fjord's check-in");
    assert_eq!(
        property(fjord, "SUMMARY"),
        Some("Check in: Fjord Shipping A/S")
    );
    assert_eq!(
        property(fjord, "DTSTART"),
        Some("20261127"),
        "overdue: on today"
    );
    assert_eq!(property(fjord, "DTEND"), Some("20261128"));
    let description = property(fjord, "DESCRIPTION").unwrap();
    assert!(description.contains("Key account"), "{description}");
    assert!(description.contains("Pricing questions on telemetry"));
    assert!(description.contains("Jørgen Bækgaard"));
    let deal = events
        .iter()
        .find(|e| property(e, "UID") == Some("deal-nordlys-bank-managed-detection@konto"))
        .expect("the deal closing on 12 December");
    assert_eq!(property(deal, "DTSTART"), Some("20261212"));
    // Far-off check-ins are outside --days.
    assert!(
        !events
            .iter()
            .any(|e| property(e, "UID") == Some("checkin-nordic-media@konto"))
    );

    // Exporting again gives the same UIDs (calendar apps update instead of duplicating).
    let again = konto(&["export", "ics", "--days", "30"], &book);
    assert_eq!(text(&again.stdout), ics);
}

#[test]
fn json_export_round_trips_the_whole_book() {
    let (_dir, book) = sample_copy();
    let out = konto(&["export", "json"], &book);
    assert!(out.status.success());
    let back: konto::model::Book = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(back, konto::storage::load(&book).unwrap().book);
}

#[test]
fn csv_export_has_a_row_per_client_with_computed_fields() {
    let (_dir, book) = sample_copy();
    let out = konto(&["export", "csv"], &book);
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        konto::export::table::HEADER
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 14);
    let first = &rows[0];
    assert_eq!(&first[0], "fjord-shipping");
    assert_eq!(&first[7], "2026-11-16");
    assert_eq!(&first[8], "overdue");
    assert_eq!(&first[9], "11");
    assert_eq!(&first[11], "1");
}

#[test]
fn weekly_report_matches_its_snapshot() {
    let (_dir, book) = sample_copy();
    let out = konto(&["report", "--week"], &book);
    assert!(out.status.success());
    insta::assert_snapshot!("report_week", text(&out.stdout));
    let quarter = text(&konto(&["report", "--quarter"], &book).stdout);
    assert!(quarter.starts_with("# Quarterly review: 2026-10-01 to 2026-11-27"));
}

#[test]
fn the_period_is_one_value_with_flags_as_shorthand() {
    let (_dir, book) = sample_copy();
    for (flag, period, title) in [
        ("--week", "week", "# Weekly review"),
        ("--month", "month", "# Monthly review"),
        ("--quarter", "quarter", "# Quarterly review"),
    ] {
        let by_flag = text(&konto(&["report", flag], &book).stdout);
        let by_value = text(&konto(&["report", "--period", period], &book).stdout);
        assert!(by_value.starts_with(title), "{by_value}");
        assert_eq!(by_flag, by_value);
    }
    let no_period = text(&konto(&["report"], &book).stdout);
    assert!(no_period.starts_with("# Weekly review"));
    let both = konto(&["report", "--period", "month", "--quarter"], &book);
    assert!(!both.status.success());
    assert!(text(&both.stderr).contains("cannot be used with"));
    let unknown = konto(&["report", "--period", "year"], &book);
    assert!(text(&unknown.stderr).contains("possible values: week, month, quarter"));
}

#[test]
fn demo_books_are_reproducible_valid_and_never_replace_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    let run = |path: &Path, seed: &str| {
        crate::support::konto_bin()
            .env("KONTO_CACHE", "off")
            .args([
                "demo",
                "--clients",
                "200",
                "--seed",
                seed,
                "--today",
                TODAY,
                "--out",
            ])
            .arg(path)
            .output()
            .unwrap()
    };
    assert!(run(&a, "7").status.success());
    assert!(run(&b, "7").status.success());
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
    let book = konto::storage::load(&a).unwrap().book;
    assert_eq!(book.clients.len(), 200);
    let again = run(&a, "8");
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("never replaces a file"));
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
}

#[cfg(unix)]
#[test]
#[allow(clippy::too_many_lines)] // one scenario per target file, read top to bottom
fn exports_never_clobber_the_book_its_files_or_anything_without_force() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, book) = sample_copy();
    let original = fs::read(&book).unwrap();
    assert!(
        konto(&["note", "lumen-health", "Makes a backup"], &book)
            .status
            .success()
    );
    let saved = fs::read(&book).unwrap();
    let backup = dir.path().join("book.ron.bak");
    let backup_text = fs::read(&backup).unwrap();
    assert_eq!(backup_text, original);

    let refused = |args: &[&str], says: &str| {
        let out = konto(args, &book);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    };
    let book_arg = book.to_str().unwrap();
    let backup_arg = backup.to_str().unwrap();
    let lock = dir.path().join(".book.ron.lock");
    for args in [
        &["export", "json", "--out", book_arg][..],
        &["export", "csv", "--out", book_arg, "--force"],
        &["export", "ics", "--out", backup_arg, "--force"],
        &["report", "--out", lock.to_str().unwrap(), "--force"],
    ] {
        refused(args, "one of konto's own files");
    }
    // Through another spelling of the same path, too.
    let sneaky = dir.path().join(".").join("book.ron");
    refused(
        &[
            "export",
            "json",
            "--out",
            sneaky.to_str().unwrap(),
            "--force",
        ],
        "one of konto's own files",
    );
    assert_eq!(fs::read(&book).unwrap(), saved);
    assert_eq!(fs::read(&backup).unwrap(), backup_text);

    let existing = dir.path().join("pipeline.csv");
    fs::write(&existing, "keep me").unwrap();
    refused(
        &["export", "csv", "--out", existing.to_str().unwrap()],
        "already exists; add --force",
    );
    assert_eq!(fs::read_to_string(&existing).unwrap(), "keep me");
    let out = konto(
        &[
            "export",
            "csv",
            "--out",
            existing.to_str().unwrap(),
            "--force",
        ],
        &book,
    );
    assert!(out.status.success());
    assert!(fs::read_to_string(&existing).unwrap().starts_with("id,"));
    assert_eq!(
        fs::metadata(&existing).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let fresh = dir.path().join("week.md");
    assert!(
        konto(&["report", "--out", fresh.to_str().unwrap()], &book)
            .status
            .success()
    );
    assert_eq!(
        fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    refused(
        &[
            "export",
            "json",
            "--out",
            folder.to_str().unwrap(),
            "--force",
        ],
        "is a folder",
    );
    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    refused(
        &["export", "ics", "--out", fifo.to_str().unwrap(), "--force"],
        "named pipe",
    );
    refused(
        &["export", "ics", "--out", "/dev/null", "--force"],
        "a device",
    );
}

#[test]
fn ics_export_escapes_every_text_and_hostile_names_make_no_events() {
    let (_dir, book) = sample_copy();
    let mut parsed = konto::storage::load(&book).unwrap().book;
    let injected = "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected@x\r\nSUMMARY:Fake, with; \\ and \u{1b}[2J";
    parsed.owner = Some(injected.to_string());
    let fjord = parsed.client_mut("fjord-shipping").unwrap();
    fjord.name = injected.to_string();
    fjord.interactions.push(konto::model::Interaction {
        id: "long".to_string(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 26),
        kind: None,
        with: Vec::new(),
        summary: "x".repeat(5000),
        ..konto::model::Interaction::default()
    });
    konto::storage::save(&book, &parsed, None).unwrap();
    let out = konto(&["export", "ics", "--days", "30"], &book);
    assert!(out.status.success());
    let ics = text(&out.stdout);
    assert!(
        ics.split("\r\n").all(|line| line.len() <= 75),
        "every line folded to 75 octets"
    );
    assert!(!ics.contains('\u{1b}'));
    let calendars: Vec<_> = ical::IcalParser::new(ics.as_bytes())
        .collect::<Result<_, _>>()
        .expect("a real parser reads it");
    let events = &calendars[0].events;
    assert!(
        !events
            .iter()
            .any(|e| property(e, "UID") == Some("injected@x")),
        "a name cannot open an event of its own"
    );
    let fjord = events
        .iter()
        .find(|e| property(e, "UID") == Some("checkin-fjord-shipping@konto"))
        .unwrap();
    let summary = property(fjord, "SUMMARY").unwrap();
    assert!(summary.contains("END:VEVENT"), "{summary}");
    assert!(summary.contains(r"Fake\, with\; \\ and [2J"), "{summary}");
    let name = calendars[0]
        .properties
        .iter()
        .find(|p| p.name == "NAME")
        .and_then(|p| p.value.as_deref())
        .unwrap();
    assert!(name.starts_with("konto: Evil"), "{name}");
    assert!(name.contains(r"\nEND:VEVENT"), "{name}");
}

#[test]
fn csv_export_neutralises_formulas_in_every_cell() {
    let (_dir, book) = sample_copy();
    let mut parsed = konto::storage::load(&book).unwrap().book;
    let lumen = parsed.client_mut("lumen-health").unwrap();
    lumen.name = "=HYPERLINK(\"http://evil.example\",\"Click\")".into();
    lumen.industry = Some("@SUM(1+1)*cmd|' /C calc'!A0".into());
    lumen.notes = Some("-2+3".into());
    lumen.contacts[0].name = "+Priya".into();
    lumen.contacts[0].email = Some("\tpriya@lumen.example".into());
    konto::storage::save(&book, &parsed, None).unwrap();
    let out = konto(&["export", "csv"], &book);
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    for record in reader.records() {
        let record = record.unwrap();
        for (cell, column) in record.iter().zip(headers.iter()) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{column}: {cell:?} would run as a formula"
            );
        }
        if record.get(0) == Some("lumen-health") {
            assert_eq!(
                record.get(1),
                Some("'=HYPERLINK(\"http://evil.example\",\"Click\")")
            );
        }
    }
}

#[test]
fn contact_exports_attach_people_to_their_clients_and_invent_no_client() {
    let (_dir, book) = sample_copy();
    let before = storage::load(&book).unwrap().book;
    let out = konto(
        &[
            "import",
            "csv",
            data("import/salesforce_contacts.csv").to_str().unwrap(),
        ],
        &book,
    );
    let said = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(said.starts_with("Salesforce contacts, 5 rows.\n"), "{said}");
    assert!(
        said.contains("add      Freja Holm at Øresund Pharma"),
        "{said}"
    );
    assert!(
        said.contains("add      Tom Berg at Lumen Health"),
        "case aside: {said}"
    );
    assert!(
        said.contains("known    Henrik Dahl at Øresund Pharma"),
        "{said}"
    );
    assert!(
        said.contains("\"Porto Logística SA\" is no client of the book"),
        "{said}"
    );
    let after = storage::load(&book).unwrap().book;
    assert_eq!(
        after.clients.len(),
        before.clients.len(),
        "no client invented"
    );
    let oresund = after.client("oresund-pharma").unwrap();
    let freja = oresund.contacts.last().unwrap();
    assert_eq!(freja.id, "freja-holm");
    assert_eq!(freja.role.as_deref(), Some("Head of QA"));
    assert_eq!(
        freja.email.as_deref(),
        Some("freja.holm@oresundpharma.example")
    );

    // A HubSpot export with semicolons, the company in "Associated Company", any case.
    let out = konto(
        &[
            "import",
            "csv",
            data("import/hubspot_contacts_eu.csv").to_str().unwrap(),
        ],
        &book,
    );
    let said = text(&out.stdout);
    assert!(said.contains("add      Ida Berg at Nordlys Bank"), "{said}");
    assert!(
        said.contains("known    Søren Ærø at Nordlys Bank"),
        "{said}"
    );
    // An account export is still read as clients.
    let accounts = konto(
        &[
            "import",
            "csv",
            data("import/salesforce_accounts.csv").to_str().unwrap(),
            "--dry-run",
        ],
        &book,
    );
    assert!(
        text(&accounts.stdout).starts_with("Salesforce accounts, 7 rows"),
        "{}",
        text(&accounts.stdout)
    );
}

#[test]
fn exports_have_contact_and_task_tables_and_tasks_as_to_dos() {
    let (_dir, book) = sample_copy();
    let tasks = text(&konto(&["export", "csv", "--table", "tasks"], &book).stdout);
    let mut reader = csv::Reader::from_reader(tasks.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 8);
    assert_eq!(&rows[0][0], "krakow-steel");
    assert_eq!(&rows[0][5], "overdue");
    assert_eq!(&rows[0][6], "7");
    assert_eq!(&rows[7][5], "done");
    let contacts = text(&konto(&["export", "csv", "--table", "contacts"], &book).stdout);
    let mut reader = csv::Reader::from_reader(contacts.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[5], "buying_role");
    let soren = reader.records().map(Result::unwrap).next().unwrap();
    assert_eq!(&soren[3], "Søren Ærø");
    assert_eq!(&soren[5], "Champion");
    assert_eq!(&soren[10], "2026-11-20", "the last contact with him");

    let ics = text(&konto(&["export", "ics"], &book).stdout);
    let calendars: Vec<_> = ical::IcalParser::new(ics.as_bytes())
        .collect::<Result<_, _>>()
        .expect("a real parser reads it");
    let todos = &calendars[0].todos;
    assert_eq!(todos.len(), 7, "every open task with a due date");
    let demo = todos
        .iter()
        .find(|t| {
            t.properties.iter().any(|p| {
                p.name == "UID" && p.value.as_deref() == Some("task-nordlys-bank-t2@konto")
            })
        })
        .expect("the SOC demo");
    let due = demo.properties.iter().find(|p| p.name == "DUE").unwrap();
    assert_eq!(due.value.as_deref(), Some("20261209"));
}

#[test]
fn salesforce_opportunities_join_their_accounts_and_unknown_stages_are_listed() {
    let (_dir, book) = sample_copy();
    let file = data("import/salesforce_opportunities.csv");
    let out = konto(&["import", "csv", file.to_str().unwrap()], &book);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for line in [
        "  add      Rolling mill sensors at Kraków Steelworks",
        "  add      Clinic scheduling at Lumen Health",
        "  update   Managed detection at Nordlys Bank: amount, close_date",
        "  known    Endpoint suite renewal at Nordlys Bank (nothing new)",
        "  no client line 6: \"Aurora Analytics\" is no client of the book",
        "  unknown  stage \"Verbal Yes\" on 1 row, line 7 (rows left out): --map \"stage:Verbal Yes=Qualified\" reads it, or import.stages in config.ron",
        "  unknown  forecast \"Upside\" on 1 row, line 7",
        "  skipped  line 8: Amount: \"lots\" is not an amount",
        "Added 2 deals, updated 1; 1 unchanged, 1 with no client, 1 with an unknown stage, 1 skipped.",
    ] {
        assert!(report.contains(line), "{line}\n---\n{report}");
    }
    let loaded = storage::load(&book).unwrap().book;
    let krakow = loaded.client("krakow-steel").unwrap();
    let sensors = krakow
        .deals
        .iter()
        .find(|d| d.title == "Rolling mill sensors")
        .unwrap();
    assert_eq!(
        sensors.stage(),
        konto::model::Stage::Proposal,
        "Id. Decision Makers"
    );
    assert_eq!(sensors.kind(), konto::model::DealKind::NewBusiness);
    assert_eq!(sensors.amount, Some(Money::from_units(75_000)));
    assert_eq!(sensors.close_date.unwrap().to_string(), "2027-02-27");
    assert_eq!(sensors.forecast, None, "Best Case is the stage's own call");
    assert!(sensors.history[0].added);
    let detection = &loaded.client("nordlys-bank").unwrap().deals[2];
    assert_eq!(detection.amount, Some(Money::from_units(150_000)));
    let pushed = detection.history.last().unwrap().close_date.unwrap();
    assert_eq!(
        (
            pushed.from.unwrap().to_string(),
            pushed.to.unwrap().to_string()
        ),
        ("2026-12-12".to_string(), "2027-01-15".to_string()),
        "the push is in the history, for the review"
    );
    let oresund = loaded.client("oresund-pharma").unwrap();
    assert_eq!(
        oresund
            .deals
            .iter()
            .filter(|d| d.title == "GxP validation pack")
            .count(),
        1,
        "an unknown stage is not guessed"
    );

    // Mapped, the unknown stage reads; the same file again changes nothing else.
    let again = konto(
        &[
            "import",
            "csv",
            file.to_str().unwrap(),
            "--map",
            "stage:Verbal Yes=Negotiation",
            "--map",
            "forecast:Upside=BestCase",
        ],
        &book,
    );
    let report = text(&again.stdout);
    assert!(
        report.contains("  update   GxP validation pack at Øresund Pharma: stage, forecast"),
        "{report}"
    );
    assert!(
        report.contains("Added 0 deals, updated 1; 4 unchanged"),
        "{report}"
    );
}

#[test]
fn hubspot_deals_move_stages_and_record_the_moves() {
    let (_dir, book) = sample_copy();
    let file = data("import/hubspot_deals.csv");
    let out = konto(&["import", "csv", file.to_str().unwrap()], &book);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains(
            "  update   Claims automation at 東京海上パートナーズ: crm_id, stage, close_date"
        ),
        "{report}"
    );
    assert!(report.contains("  add      Retail media pilot at Sjælland Retail Group"));
    let loaded = storage::load(&book).unwrap().book;
    let fjord = loaded.client("fjord-shipping").unwrap();
    assert_eq!(
        fjord.deals[0].stage(),
        konto::model::Stage::Negotiation,
        "Contract Sent"
    );
    assert_eq!(fjord.deals[0].stage_changed.unwrap().to_string(), TODAY);
    let grid = &loaded.client("aalborg-energi").unwrap().deals[1];
    assert_eq!(
        grid.stage(),
        konto::model::Stage::Qualified,
        "Qualified To Buy"
    );
    assert_eq!(grid.close_date.unwrap().to_string(), "2027-03-15");

    // The week's review shows what the import moved.
    let review = text(&konto(&["report", "--week"], &book).stdout);
    assert!(
        review.contains(
            "- Fleet telemetry · Fjord Shipping A/S · Proposal → Negotiation; close date pushed 11 days to 2027-01-31"
        ),
        "{review}"
    );
    assert!(review.contains("- Retail media pilot · Sjælland Retail Group · new"));
}

#[test]
fn annual_revenue_can_still_be_read_as_the_value_when_asked() {
    let (_dir, book) = sample_copy();
    let file = data("import/salesforce_accounts.csv");
    let out = konto(
        &[
            "import",
            "csv",
            file.to_str().unwrap(),
            "--map",
            "Annual Revenue=annual_value",
        ],
        &book,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let loaded = storage::load(&book).unwrap().book;
    let hansen = loaded.client("hansen-sonner-a-s").unwrap();
    assert_eq!(hansen.annual_value, Some(Money::from_units(1_250_000)));
}

/// An empty book in a folder of its own, with `config` as its config.ron if given.
fn empty_book(config: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.ron");
    fs::write(&book, "(clients: [])\n").unwrap();
    if let Some(config) = config {
        fs::create_dir_all(dir.path().join("konto")).unwrap();
        fs::write(dir.path().join("konto/config.ron"), config).unwrap();
    }
    (dir, book)
}

fn import_ok(file: &str, extra: &[&str], book: &Path) -> String {
    let path = data(file);
    let mut args = vec!["import", "csv", path.to_str().unwrap()];
    args.extend(extra);
    let out = konto(&args, book);
    assert!(out.status.success(), "{file}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// The regression: Data Loader exports (API names, `AccountId` references, MM/DD/YY)
/// made 70 clients of 18 accounts, 25 people and 36 deals, and "United Oil
/// Installations" three times over was merged into one.
#[test]
fn salesforce_api_exports_give_exactly_the_orgs_records_and_twice_change_nothing() {
    let (_dir, book) = empty_book(Some("(import: (stages: {\"Verbal Yes\": Negotiation}))"));
    let sf = "import/crm/salesforce";

    // People before their accounts: listed, never made clients.
    let said = import_ok(&format!("{sf}/Contact.csv"), &[], &book);
    assert!(
        said.starts_with("Salesforce contacts, 25 rows.\n"),
        "{said}"
    );
    assert!(said.contains("Name → contact") && said.contains("AccountId → account_id"));
    assert!(said.contains("Added 0 people, updated 0; 0 already known, 25 with no client"));
    assert!(storage::load(&book).unwrap().book.clients.is_empty());

    let said = import_ok(&format!("{sf}/Account.csv"), &[], &book);
    assert!(
        said.starts_with("Salesforce accounts, 18 rows.\n"),
        "{said}"
    );
    let said = import_ok(&format!("{sf}/Contact.csv"), &[], &book);
    assert!(said.contains("Added 25 people"), "{said}");
    let before_dry_run = fs::read(&book).unwrap();
    let dry = import_ok(&format!("{sf}/Opportunity.csv"), &["--dry-run"], &book);
    assert_eq!(
        fs::read(&book).unwrap(),
        before_dry_run,
        "a dry run writes nothing"
    );
    assert!(
        dry.starts_with(
            "Salesforce opportunities, 36 rows; dates read month first (MM/DD/YYYY).\n"
        ),
        "{dry}"
    );
    assert!(dry.contains("Would add 36 deals"), "{dry}");
    let said = import_ok(&format!("{sf}/Opportunity.csv"), &[], &book);
    assert!(said.contains("Added 36 deals, updated 0"), "{said}");

    let loaded = storage::load(&book).unwrap().book;
    let people: usize = loaded.clients.iter().map(|c| c.contacts.len()).sum();
    let deals: usize = loaded.clients.iter().map(|c| c.deals.len()).sum();
    assert_eq!((loaded.clients.len(), people, deals), (18, 25, 36));
    assert!(loaded.clients.iter().all(|c| c.crm_id.is_some()));
    let meridian = loaded
        .clients
        .iter()
        .find(|c| c.crm_id.as_deref() == Some("salesforce:001bm00000006XqAAG"))
        .unwrap();
    assert_eq!(meridian.name, "Meridian Oil & Gas Corp.");
    let installations: Vec<(&str, konto::model::Stage)> = meridian
        .deals
        .iter()
        .filter(|d| d.title == "Meridian Oil Installations")
        .map(|d| (d.crm_id.as_deref().unwrap(), d.stage()))
        .collect();
    assert_eq!(
        installations,
        [
            ("salesforce:006bm00000010XqAAK", konto::model::Stage::Lost),
            (
                "salesforce:006bm00000011XqAAL",
                konto::model::Stage::Negotiation
            ),
            ("salesforce:006bm00000012XqAAM", konto::model::Stage::Won),
        ]
    );
    // A person is a contact of their account, not a client named after them.
    assert!(loaded.clients.iter().all(|c| c.name != "Marisol Ortega"));
    let ridgeway = loaded
        .clients
        .iter()
        .find(|c| c.name == "Ridgeway Telecom")
        .unwrap();
    assert_eq!(ridgeway.contacts[0].name, "Marisol Ortega");
    assert_eq!(
        ridgeway.contacts[0].crm_id.as_deref(),
        Some("salesforce:003bm00000001XqAAB")
    );
    // The org's own stage, through config.ron; an empty amount stays empty.
    let verbal =
        loaded.clients.iter().flat_map(|c| &c.deals).find(|d| {
            d.title == "Clinic scheduling" && d.stage() == konto::model::Stage::Negotiation
        });
    assert!(verbal.is_some());
    assert!(
        loaded
            .clients
            .iter()
            .flat_map(|c| &c.deals)
            .any(|d| d.amount.is_none())
    );

    // Twice changes nothing: the file stays byte for byte what it was.
    let once = fs::read(&book).unwrap();
    for file in ["Account", "Contact", "Opportunity"] {
        import_ok(&format!("{sf}/{file}.csv"), &[], &book);
    }
    assert_eq!(
        fs::read(&book).unwrap(),
        once,
        "a second import changed the book"
    );
}

#[test]
fn hubspot_exports_keep_same_named_records_apart_by_their_ids() {
    let (_dir, book) = empty_book(None);
    let hs = "import/crm/hubspot";
    let said = import_ok(&format!("{hs}/companies.csv"), &[], &book);
    assert!(said.starts_with("HubSpot companies, 5 rows.\n"), "{said}");
    let said = import_ok(&format!("{hs}/contacts.csv"), &[], &book);
    assert!(
        said.contains("no client line 8: account id 20417730999 is no client's"),
        "an unknown company id is listed, not invented: {said}"
    );
    let said = import_ok(
        &format!("{hs}/deals.csv"),
        &["--map", "stage:Security review=Proposal"],
        &book,
    );
    assert!(said.contains("Added 6 deals"), "{said}");

    let loaded = storage::load(&book).unwrap().book;
    assert_eq!(loaded.clients.len(), 5);
    let by_crm = |id: &str| {
        loaded
            .clients
            .iter()
            .find(|c| c.crm_id.as_deref() == Some(id))
            .unwrap()
    };
    let seattle = by_crm("hubspot:20417730911");
    let rotterdam = by_crm("hubspot:20417730912");
    assert_eq!(
        (seattle.name.as_str(), rotterdam.name.as_str()),
        ("Northwind Freight", "Northwind Freight")
    );
    assert_ne!(seattle.id, rotterdam.id);
    let names = |c: &konto::model::Client| {
        c.contacts
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(seattle), ["Marta Lindqvist"]);
    assert_eq!(
        names(rotterdam),
        ["Joost de Vries", "Marta Lindqvist"],
        "two people of one name stay two"
    );
    let titles =
        |c: &konto::model::Client| c.deals.iter().map(|d| d.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(seattle), ["Cold-chain tracking", "Fleet renewal"]);
    assert_eq!(titles(rotterdam), ["Cold-chain tracking"]);
    assert_eq!(rotterdam.deals[0].amount, Some(Money::from_units(180_000)));
    let pilot = &by_crm("hubspot:20417730915").deals[0];
    assert_eq!(
        (pilot.amount, pilot.close_date),
        (None, None),
        "empty amount and date"
    );

    let once = fs::read(&book).unwrap();
    for file in ["companies", "contacts"] {
        import_ok(&format!("{hs}/{file}.csv"), &[], &book);
    }
    import_ok(
        &format!("{hs}/deals.csv"),
        &["--map", "stage:Security review=Proposal"],
        &book,
    );
    assert_eq!(fs::read(&book).unwrap(), once);
}

#[test]
fn pipedrive_exports_with_semicolons_day_first_dates_and_a_won_status() {
    let (_dir, book) = empty_book(Some("(import: (stages: {\"Pilot running\": Proposal}))"));
    let pd = "import/crm/pipedrive";
    let said = import_ok(&format!("{pd}/organizations.csv"), &[], &book);
    assert!(
        said.starts_with("Pipedrive organizations, 4 rows.\n"),
        "{said}"
    );
    let said = import_ok(&format!("{pd}/persons.csv"), &[], &book);
    assert!(said.contains("Added 4 people"), "{said}");
    let said = import_ok(&format!("{pd}/deals.csv"), &[], &book);
    assert!(
        said.starts_with("Pipedrive deals, 5 rows; dates read day first (DD/MM/YYYY).\n"),
        "{said}"
    );
    let loaded = storage::load(&book).unwrap().book;
    let deal = |id: &str| {
        loaded
            .clients
            .iter()
            .flat_map(|c| c.deals.iter().map(move |d| (c, d)))
            .find(|(_, d)| d.crm_id.as_deref() == Some(id))
            .unwrap()
    };
    let (munich, taproom) = deal("pipedrive:301");
    assert_eq!(taproom.amount, Some(Money::from_units(18_500)));
    assert_eq!(taproom.close_date.unwrap().to_string(), "2027-02-13");
    let (dresden, second) = deal("pipedrive:304");
    assert_eq!(second.title, "Taproom POS");
    assert_ne!(munich.id, dresden.id, "two organizations of one name");
    let (_, lighting) = deal("pipedrive:302");
    assert_eq!(lighting.stage(), konto::model::Stage::Won, "status won");
    assert_eq!(lighting.close_date.unwrap().to_string(), "2026-11-03");
    assert_eq!(deal("pipedrive:305").1.stage(), konto::model::Stage::Lost);
    let (_, espresso) = deal("pipedrive:303");
    assert_eq!(
        (espresso.stage(), espresso.amount),
        (konto::model::Stage::Proposal, None)
    );
}

#[test]
fn a_file_konto_cannot_place_is_refused_and_the_book_left_as_it_was() {
    let (dir, book) = sample_copy();
    let before = fs::read(&book).unwrap();
    let refused = |csv: &str, extra: &[&str], says: &str| {
        let path = dir.path().join("export.csv");
        fs::write(&path, csv).unwrap();
        let mut args = vec!["import", "csv", path.to_str().unwrap()];
        args.extend(extra);
        let out = konto(&args, &book);
        assert_eq!(out.status.code(), Some(1), "{csv}");
        let said = text(&out.stderr);
        assert!(said.contains(says), "{csv}: {said}");
        assert!(said.contains("Nothing was imported"), "{said}");
        assert_eq!(fs::read(&book).unwrap(), before);
    };
    // People with no account: read as accounts, each would be a client.
    refused(
        "Name,FirstName,LastName,Email\nRose Alder,Rose,Alder,rose@x.example\n",
        &[],
        "look like people or deals (FirstName, LastName)",
    );
    refused(
        "Colour,Size\nred,XL\n",
        &[],
        "cannot tell what this file holds (columns: Colour, Size)",
    );
    refused(
        "Name,Email\nRose Alder,rose@x.example\n",
        &["--as", "contacts"],
        "do not hold contacts",
    );
    // 03/04/2026 is March or April: nothing in the file says which.
    refused(
        "Account Name,Last Activity\nNorth Sea Ferries,03/04/2026\n",
        &[],
        "--dates mdy (MM/DD/YYYY) or --dates dmy",
    );
    refused(
        "Account Name,Last Activity\nNorth Sea Ferries,13/04/2026\nBaltic Ro-Ro,04/13/2026\n",
        &[],
        "the dates disagree",
    );
    let path = dir.path().join("export.csv");
    fs::write(
        &path,
        "Account Name,Last Activity\nNorth Sea Ferries,03/04/2026\n",
    )
    .unwrap();
    let out = konto(
        &["import", "csv", path.to_str().unwrap(), "--dates", "dmy"],
        &book,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let loaded = storage::load(&book).unwrap().book;
    let ferries = loaded.client("north-sea-ferries").unwrap();
    assert_eq!(ferries.last_contact.unwrap().to_string(), "2026-04-03");
}
