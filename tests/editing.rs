//! Edits driven through the dashboard's update loop, checked on screen and in the file
//! as read back from disk.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// set-up that fails is a failing test or bench
// The files looked for are named by konto itself, in lower case.
#![allow(clippy::case_sensitive_file_extension_comparisons)]

mod support;

use std::fs;
use std::path::PathBuf;

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use konto::model::{InteractionKind, Money, Stage};
use konto::storage::location::{DataLocation, Source};
use konto::ui::Headless;
use konto::ui::store::SaveStatus;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    ui: Headless,
}

fn open() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron"),
        &path,
    )
    .unwrap();
    let location = DataLocation::uncached(path.clone(), Source::Flag);
    let ui = Headless::open(location, today(), Rect::new(0, 0, 120, 40)).unwrap();
    Fixture {
        _dir: dir,
        path,
        ui,
    }
}

fn on_disk(path: &std::path::Path) -> konto::model::Book {
    konto::storage::load(path).unwrap().book
}

/// Someone else (an editor, another konto) rewrites one client's notes in the file.
fn notes_changed_elsewhere(path: &std::path::Path, id: &str, notes: &str) {
    let mut theirs = on_disk(path);
    theirs.client_mut(id).unwrap().notes = Some(notes.into());
    konto::storage::save(path, &theirs, None).unwrap();
}

impl Fixture {
    /// Selects a client by filtering the portfolio for its name.
    fn select(&mut self, name: &str) {
        self.ui.keys(&format!("1/{name}\n"));
        let selected = self.ui.app.selected_id().map(String::from);
        let wanted = self
            .ui
            .app
            .book()
            .clients
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.id.clone());
        assert_eq!(selected, wanted, "could not select {name}");
        self.ui.keys("\x1b");
    }
}

#[test]
fn logging_a_call_saves_it_and_takes_the_client_off_the_overdue_list() {
    let mut f = open();
    f.select("Fjord Shipping A/S");
    f.ui.keys("3");
    assert!(f.ui.screen().contains("11d late"));
    f.ui.keys("c");
    f.ui.keys("Agreed pilot scope\n");
    let screen = f.ui.screen();
    assert!(
        screen.contains("Logged a call with Fjord Shipping A/S"),
        "{screen}"
    );
    assert!(
        !screen.contains("11d late"),
        "Fjord is no longer overdue:\n{screen}"
    );
    assert_eq!(f.ui.app.store.status, SaveStatus::Saved);
    let book = on_disk(&f.path);
    let client = book.client("fjord-shipping").unwrap();
    assert_eq!(client.last_contact, Some(today()));
    let last = client.interactions.last().unwrap();
    assert_eq!(
        (last.kind(), last.summary.as_str()),
        (InteractionKind::Call, "Agreed pilot scope")
    );
    assert!(konto::storage::location::backup_path(&f.path).exists());
}

#[test]
fn notes_editor_saves_with_ctrl_s_and_asks_before_discarding() {
    let mut f = open();
    f.select("Lumen Health");
    f.ui.keys("n");
    assert!(f.ui.screen().contains("Notes on Lumen Health"));
    f.ui.keys("\nBudget approved");
    f.ui.keys("\x1b");
    assert!(f.ui.screen().contains("Throw away your changes"));
    f.ui.keys("n"); // no: back to the editor
    f.ui.ctrl('s');
    let notes = on_disk(&f.path)
        .client("lumen-health")
        .unwrap()
        .notes
        .clone()
        .unwrap();
    assert!(notes.ends_with("meetup.\nBudget approved"), "{notes:?}");

    f.ui.keys("n");
    f.ui.keys("junk");
    f.ui.keys("\x1by");
    let notes_after = on_disk(&f.path)
        .client("lumen-health")
        .unwrap()
        .notes
        .clone()
        .unwrap();
    assert_eq!(notes_after, notes, "discarded text never reaches the file");
}

#[test]
fn quick_note_snooze_and_undo_redo() {
    let mut f = open();
    f.select("Nordlys Bank");
    f.ui.keys("NCall back after budget meeting\n");
    let notes = on_disk(&f.path)
        .client("nordlys-bank")
        .unwrap()
        .notes
        .clone()
        .unwrap();
    assert!(notes.ends_with("2026-11-27: Call back after budget meeting"));

    f.ui.keys("s+2w\n");
    assert_eq!(
        on_disk(&f.path)
            .client("nordlys-bank")
            .unwrap()
            .next_checkin,
        NaiveDate::from_ymd_opt(2026, 12, 11)
    );
    f.ui.keys("u");
    assert_eq!(
        on_disk(&f.path)
            .client("nordlys-bank")
            .unwrap()
            .next_checkin,
        NaiveDate::from_ymd_opt(2026, 11, 27),
        "each undo is saved like an edit"
    );
    f.ui.ctrl('r');
    assert_eq!(
        on_disk(&f.path)
            .client("nordlys-bank")
            .unwrap()
            .next_checkin,
        NaiveDate::from_ymd_opt(2026, 12, 11)
    );
    assert!(f.ui.screen().contains("Redid: next check-in 2026-12-11"));
}

#[test]
fn add_edit_and_delete_a_client() {
    let mut f = open();
    f.ui.keys("aVestas Wind\t\t\t");
    f.ui.keys("Energy\t95,000\t30\t2026-11-20\n");
    let book = on_disk(&f.path);
    let added = book
        .client("vestas-wind")
        .expect("added under the suggested id");
    assert_eq!(added.annual_value, Some(Money::from_units(95_000)));
    assert_eq!(added.cadence_days, Some(30));
    assert!(f.ui.screen().contains("Added Vestas Wind"));

    f.ui.keys("e");
    assert!(f.ui.screen().contains("Edit Vestas Wind"));
    f.ui.keys("\t\t\t\x08\x08\x08\x08\x08\x08Renewables\n");
    assert_eq!(
        on_disk(&f.path).client("vestas-wind").unwrap().industry(),
        "Renewables"
    );

    f.ui.keys("D");
    assert!(f.ui.screen().contains("Delete Vestas Wind (vestas-wind)"));
    f.ui.keys("y");
    assert!(on_disk(&f.path).client("vestas-wind").is_none());
    f.ui.keys("u");
    assert!(
        on_disk(&f.path).client("vestas-wind").is_some(),
        "undo brings it back"
    );
}

#[test]
fn every_bad_field_is_refused_and_named() {
    let mut f = open();
    let before = fs::read(&f.path).unwrap();
    f.ui.keys("a\n");
    assert!(f.ui.screen().contains("the name cannot be empty"));
    f.ui.keys("Nordlys Bank\t");
    assert!(
        f.ui.screen().contains("nordlys-bank-2"),
        "a free id is suggested"
    );
    f.ui.keys("\x08\x08");
    assert!(
        f.ui.screen()
            .contains("nordlys-bank is already used by another client")
    );
    f.ui.keys("\t\t\t12,5k");
    assert!(f.ui.screen().contains("\"12,5k\" is not an amount"));
    f.ui.keys("\x08\x08\x08\x08\x08-40");
    assert!(f.ui.screen().contains("-40 is negative"));
    f.ui.keys("\t0");
    assert!(f.ui.screen().contains("a cadence of 0 days makes no sense"));
    f.ui.keys("\t2026-02-30");
    assert!(f.ui.screen().contains("2026-02-30 is not a date"));
    f.ui.keys("\n");
    assert!(
        f.ui.screen().contains("Add a client"),
        "the form stays open"
    );
    f.ui.keys("\x1b");
    assert_eq!(
        fs::read(&f.path).unwrap(),
        before,
        "nothing half-valid reached the file"
    );
}

#[test]
fn deals_move_through_stages_and_close_from_the_client_view() {
    let mut f = open();
    f.select("Nordlys Bank");
    f.ui.keys("\n"); // client view; first item: the deal in negotiation
    assert!(f.ui.screen().contains("▶ Negotiation"));
    f.ui.keys("<");
    assert_eq!(
        on_disk(&f.path).client("nordlys-bank").unwrap().deals[2].stage(),
        Stage::Proposal
    );
    f.ui.keys("W\n");
    let deal = on_disk(&f.path).client("nordlys-bank").unwrap().deals[2].clone();
    assert_eq!((deal.stage(), deal.close_date), (Stage::Won, Some(today())));

    f.ui.keys("dRisk workshop\t\t\t45,000\t2027-01-15\n");
    let deals = on_disk(&f.path)
        .client("nordlys-bank")
        .unwrap()
        .deals
        .clone();
    assert_eq!(deals.last().unwrap().title, "Risk workshop");
    assert_eq!(
        deals.last().unwrap().amount,
        Some(Money::from_units(45_000))
    );

    f.ui.keys("pOnboarding\t\t2027-02-01\tIda, Lars\n");
    let project = on_disk(&f.path)
        .client("nordlys-bank")
        .unwrap()
        .projects
        .last()
        .cloned()
        .unwrap();
    assert_eq!(project.name, "Onboarding");
    assert_eq!(project.staff, ["Ida", "Lars"]);
}

#[test]
fn a_gift_over_the_limit_is_warned_about_by_how_much() {
    let mut f = open();
    f.select("Nordlys Bank");
    f.ui.keys("$");
    // The form starts on the description; the recipient (the main contact) is above it.
    f.ui.event(&Event::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    f.ui.keys("\x08\x08\x08\x08\x08\x08\x08\x08\x08Karen Østergaard\tWine\t90\n");
    let screen = f.ui.screen();
    assert!(screen.contains("over by 40"), "{screen}");
    assert_eq!(
        on_disk(&f.path).client("nordlys-bank").unwrap().gifts.len(),
        4,
        "not yet"
    );
    f.ui.keys("\n");
    assert_eq!(
        on_disk(&f.path).client("nordlys-bank").unwrap().gifts.len(),
        5
    );
}

#[test]
fn a_failed_save_keeps_the_edit_reports_it_and_quitting_warns() {
    let mut f = open();
    // Make the file impossible to write: a folder now stands where the book was.
    fs::remove_file(&f.path).unwrap();
    fs::create_dir(&f.path).unwrap();
    f.select("Lumen Health");
    f.ui.keys("NWants a demo\n");
    let screen = f.ui.screen();
    assert!(screen.contains("NOT SAVED"), "{screen}");
    assert!(screen.contains("Not saved:"), "{screen}");
    assert!(
        f.ui.app
            .book()
            .client("lumen-health")
            .unwrap()
            .notes
            .as_deref()
            .unwrap()
            .ends_with("Wants a demo"),
        "the change stays in memory"
    );
    f.ui.keys("q");
    assert!(!f.ui.app.should_quit);
    assert!(f.ui.screen().contains("NOT saved"));
    f.ui.keys("n");
    assert!(!f.ui.app.should_quit);
    f.ui.keys("qy");
    assert!(f.ui.app.should_quit);
}

#[test]
fn a_file_changed_underneath_is_merged_not_overwritten() {
    let mut f = open();
    notes_changed_elsewhere(&f.path, "bodega-verde", "Changed in an editor");

    f.select("Lumen Health");
    f.ui.keys("NWants a demo\n");
    let book = on_disk(&f.path);
    assert_eq!(
        book.client("bodega-verde").unwrap().notes.as_deref(),
        Some("Changed in an editor")
    );
    assert!(
        book.client("lumen-health")
            .unwrap()
            .notes
            .as_deref()
            .unwrap()
            .ends_with("Wants a demo")
    );
    assert!(f.ui.screen().contains("merged those changes with yours"));
}

#[test]
fn the_same_client_changed_in_both_places_asks_and_loses_nothing() {
    let mut f = open();
    notes_changed_elsewhere(&f.path, "lumen-health", "Their notes");

    f.select("Lumen Health");
    f.ui.keys("NMy note\n");
    assert!(
        f.ui.screen().contains("Changed in two places"),
        "{}",
        f.ui.screen()
    );
    f.ui.keys("m");
    let book = on_disk(&f.path);
    assert!(
        book.client("lumen-health")
            .unwrap()
            .notes
            .as_deref()
            .unwrap()
            .ends_with("My note")
    );
    let copies: Vec<_> = fs::read_dir(f.path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.contains(".conflict-") && name.ends_with(".ron") && !name.starts_with('.')
        })
        .collect();
    assert_eq!(copies.len(), 1);
    let kept = konto::storage::load(&copies[0]).unwrap().book;
    assert_eq!(
        kept.client("lumen-health").unwrap().notes.as_deref(),
        Some("Their notes")
    );
}

#[test]
fn changes_made_elsewhere_show_up_without_edits_here() {
    let mut f = open();
    let mut theirs = on_disk(&f.path);
    theirs.clients.retain(|c| c.id != "bodega-verde");
    konto::storage::save(&f.path, &theirs, None).unwrap();
    f.ui.check_disk();
    assert!(f.ui.app.book().client("bodega-verde").is_none());
    assert!(f.ui.screen().contains("reloaded"));
}

#[test]
fn the_reminder_window_logs_a_contact_right_there() {
    let mut f = open();
    assert!(f.ui.app.open_reminders());
    let screen = f.ui.screen();
    assert!(
        screen.contains("Good morning · 8 to contact today"),
        "{screen}"
    );
    assert!(screen.contains("Jørgen Bækgaard · +45 31 22 11 00"));
    f.ui.keys("cLeft a voicemail\n");
    assert!(f.ui.screen().contains("Good morning · 7 to contact today"));
    assert_eq!(
        on_disk(&f.path)
            .client("fjord-shipping")
            .unwrap()
            .last_contact,
        Some(today())
    );
    f.ui.keys("j\n");
    assert!(
        f.ui.screen().contains("Andes Minería SpA · Esc back"),
        "{}",
        f.ui.screen()
    );
}

/// Another process changes a client through the library's locked update, as `konto log` does.
fn logged_elsewhere(path: &std::path::Path, id: &str, summary: &str) {
    let location = DataLocation::uncached(path.to_path_buf(), Source::Flag);
    konto::storage::update(&location, |book| {
        let client = book.client_mut(id).unwrap();
        konto::edit::log_interaction(client, today(), InteractionKind::Email, Vec::new(), summary);
        Ok::<_, ()>(())
    })
    .unwrap();
}

#[test]
fn the_notes_editor_saved_after_a_change_elsewhere_keeps_that_change() {
    let mut f = open();
    f.select("Lumen Health");
    f.ui.keys("n");
    // While the editor is open, `konto log` records an email and the dashboard reloads.
    logged_elsewhere(&f.path, "lumen-health", "Sent the pricing sheet");
    f.ui.check_disk();
    assert!(f.ui.screen().contains("reloaded"), "{}", f.ui.screen());
    f.ui.keys(" Budget approved");
    f.ui.ctrl('s');
    let client = on_disk(&f.path).client("lumen-health").unwrap().clone();
    assert!(
        client
            .notes
            .as_deref()
            .unwrap()
            .ends_with("Budget approved"),
        "{:?}",
        client.notes
    );
    assert!(
        client
            .interactions
            .iter()
            .any(|i| i.summary == "Sent the pricing sheet"),
        "the other process's interaction survives the editor's save"
    );
    assert_eq!(client.last_contact, Some(today()));
}

#[test]
fn the_client_form_saved_after_a_change_elsewhere_applies_only_its_own_fields() {
    let mut f = open();
    f.select("Lumen Health");
    f.ui.keys("e");
    // Meanwhile: a hand edit of other fields of the same client, and a logged email.
    let mut theirs = on_disk(&f.path);
    let lumen = theirs.client_mut("lumen-health").unwrap();
    lumen.notes = Some("Edited by hand".into());
    lumen.cadence_days = Some(9);
    konto::storage::save(&f.path, &theirs, None).unwrap();
    logged_elsewhere(&f.path, "lumen-health", "Replied about the pilot");
    f.ui.check_disk();
    // The user changes the industry only (the form opens on the empty cadence field).
    for _ in 0..2 {
        f.ui.event(&Event::Key(KeyEvent::new(
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
        )));
    }
    for _ in 0..30 {
        f.ui.keys("\x08");
    }
    f.ui.keys("Hospitals\n");
    let client = on_disk(&f.path).client("lumen-health").unwrap().clone();
    assert_eq!(client.industry.as_deref(), Some("Hospitals"));
    assert_eq!(client.notes.as_deref(), Some("Edited by hand"));
    assert_eq!(client.cadence_days, Some(9));
    assert!(
        client
            .interactions
            .iter()
            .any(|i| i.summary == "Replied about the pilot")
    );
    assert!(
        !f.ui.screen().contains("Changed in two places"),
        "different fields merge without asking"
    );
}

#[test]
fn a_form_and_a_change_elsewhere_to_the_same_field_ask() {
    let mut f = open();
    f.select("Lumen Health");
    f.ui.keys("n");
    notes_changed_elsewhere(&f.path, "lumen-health", "Their notes");
    f.ui.check_disk();
    f.ui.keys(" mine");
    f.ui.ctrl('s');
    let screen = f.ui.screen();
    assert!(screen.contains("Changed in two places"), "{screen}");
    assert!(screen.contains("(notes)"), "{screen}");
    assert_eq!(
        on_disk(&f.path)
            .client("lumen-health")
            .unwrap()
            .notes
            .as_deref(),
        Some("Their notes"),
        "nothing is written before the user decides"
    );
    f.ui.keys("m");
    let notes = on_disk(&f.path)
        .client("lumen-health")
        .unwrap()
        .notes
        .clone()
        .unwrap();
    assert!(notes.ends_with(" mine"), "{notes}");
}

#[test]
fn a_log_form_open_while_another_process_logs_keeps_both_interactions() {
    let mut f = open();
    f.select("Lumen Health");
    f.ui.keys("c");
    logged_elsewhere(&f.path, "lumen-health", "From the other process");
    f.ui.check_disk();
    f.ui.keys("From the dashboard\n");
    let client = on_disk(&f.path).client("lumen-health").unwrap().clone();
    let summaries: Vec<&str> = client
        .interactions
        .iter()
        .map(|i| i.summary.as_str())
        .collect();
    assert!(
        summaries.contains(&"From the other process"),
        "{summaries:?}"
    );
    assert!(summaries.contains(&"From the dashboard"), "{summaries:?}");
}

#[test]
fn an_edit_made_while_the_file_was_unreadable_is_saved_once_it_is_back() {
    let mut f = open();
    let original = fs::read(&f.path).unwrap();
    fs::write(&f.path, "(this is not a book").unwrap();
    f.ui.check_disk();
    f.select("Lumen Health");
    f.ui.keys("NWhile the file was broken\n");
    let screen = f.ui.screen();
    assert!(screen.contains("NOT SAVED"), "{screen}");
    // The file comes back byte for byte.
    fs::write(&f.path, &original).unwrap();
    f.ui.check_disk();
    let notes = on_disk(&f.path)
        .client("lumen-health")
        .unwrap()
        .notes
        .clone()
        .unwrap();
    assert!(notes.ends_with("While the file was broken"), "{notes}");
    assert_eq!(f.ui.app.store.status, SaveStatus::Saved);
}

#[cfg(unix)]
#[test]
fn a_read_only_book_is_not_replaced_and_the_dashboard_says_why() {
    use std::os::unix::fs::PermissionsExt;
    let mut f = open();
    fs::set_permissions(&f.path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&f.path).unwrap();
    f.select("Lumen Health");
    f.ui.keys("NA note\n");
    assert_eq!(fs::read(&f.path).unwrap(), before, "the book was replaced");
    let screen = f.ui.screen();
    assert!(screen.contains("read-only"), "{screen}");
    assert!(matches!(f.ui.app.store.status, SaveStatus::Failed(_)));
    // Made writable again, the kept edit goes in on the next look at the disk.
    fs::set_permissions(&f.path, fs::Permissions::from_mode(0o644)).unwrap();
    f.ui.check_disk();
    let notes = on_disk(&f.path)
        .client("lumen-health")
        .unwrap()
        .notes
        .clone()
        .unwrap();
    assert!(notes.ends_with("A note"), "{notes}");
}
