//! Edits driven through the dashboard's update loop, checked on screen and in the file
//! as read back from disk.

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
    open_sized(120, 40)
}

/// The sample book on a screen of `width` × `height`.
fn open_sized(width: u16, height: u16) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron"),
        &path,
    )
    .unwrap();
    let location = DataLocation::uncached(path.clone(), Source::Flag);
    let ui = Headless::open(location, today(), Rect::new(0, 0, width, height)).unwrap();
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

    /// In the client view: moves the cursor to `item` with g and j, as a user would.
    fn pick(&mut self, item: &konto::ui::app::Item) {
        let index = self.ui.app.client_view.as_ref().unwrap().index;
        let client = &self.ui.app.book().clients[index];
        let at = konto::ui::app::items_of(client)
            .iter()
            .position(|i| i == item)
            .unwrap();
        self.ui.keys("g");
        for _ in 0..at {
            self.ui.keys("j");
        }
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

/// Enter typed before konto has the keyboard (while it opens) reaches it as a line feed,
/// which the terminal reports as Ctrl-J: it is Enter, not a key that deletes the line
/// just typed (it did, and the contact was never logged).
#[test]
fn a_line_feed_is_enter_and_keeps_the_text_typed_before_it() {
    let mut f = open();
    f.select("Fjord Shipping A/S");
    f.ui.keys("cAgreed pilot scope");
    f.ui.ctrl('j');
    let screen = f.ui.screen();
    assert!(
        screen.contains("Logged a call with Fjord Shipping A/S"),
        "{screen}"
    );
    let book = on_disk(&f.path);
    let last = book
        .client("fjord-shipping")
        .unwrap()
        .interactions
        .last()
        .unwrap()
        .clone();
    assert_eq!(last.summary, "Agreed pilot scope");
}

#[test]
fn notes_editor_saves_with_ctrl_s_and_asks_before_discarding() {
    let mut f = open();
    f.select("Lumen Health");
    f.ui.keys("n");
    assert!(f.ui.screen().contains("Notes on Lumen Health"));
    // The editor opens on a new line after the text (issue 14): type straight away.
    f.ui.keys("Budget approved");
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
    f.ui.keys("\n");
    let third = on_disk(&f.path).client("nordlys-bank").unwrap().deals[2]
        .id
        .clone();
    f.pick(&konto::ui::app::Item::Deal(third));
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
    // The form starts on the description; the recipients (the main contact ticked) are
    // two fields above it: back to them, untick Søren, → to Karen and tick her.
    for _ in 0..2 {
        f.ui.event(&Event::Key(KeyEvent::new(
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
        )));
    }
    f.ui.keys(" ");
    f.ui.event(&Event::Key(KeyEvent::new(
        KeyCode::Right,
        KeyModifiers::NONE,
    )));
    f.ui.keys(" ");
    // Karen has a 110 hamper counted (the QBR dinner was attended entertainment).
    f.ui.keys("\t\tWine\t200\n");
    let screen = f.ui.screen();
    assert!(screen.contains("over by 10"), "{screen}");
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
    // Second in priority: Andes, whose deal would add more to pay than Kraków's.
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
    // The user changes the industry only (the form opens on the name; industry is the
    // fourth field).
    f.ui.keys("\t\t\t");
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

// People and next steps, through the dashboard.

#[test]
fn a_person_is_added_edited_and_deleted_in_the_client_view_with_undo() {
    let mut f = open();
    f.select("Lumen Health");
    // P: a person, typed field by field (Tab moves on; the buying role is picked by letter).
    f.ui.keys("\nPTom Berg\tCFO\te\ttom@lumen.example\t\tAmerica/Chicago\t21\n");
    let lumen = || on_disk(&f.path).client("lumen-health").unwrap().clone();
    let tom = lumen().contacts.last().unwrap().clone();
    assert_eq!(tom.id, "tom-berg");
    assert_eq!(tom.role.as_deref(), Some("CFO"));
    assert_eq!(
        tom.buying_role,
        Some(konto::model::BuyingRole::EconomicBuyer)
    );
    assert_eq!(tom.timezone.as_deref(), Some("America/Chicago"));
    assert_eq!(tom.cadence_days, Some(21));
    assert!(
        f.ui.screen().contains("Tom Berg · CFO · Economic buyer"),
        "{}",
        f.ui.screen()
    );

    // The cursor starts on the first person; j moves to Tom; Enter edits him.
    f.ui.keys("g");
    f.ui.keys("j\n");
    assert!(f.ui.screen().contains("Edit Tom Berg"), "{}", f.ui.screen());
    // The form starts on the first empty field (the phone); the time zone is next.
    f.ui.keys("\t");
    f.ui.keys("\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08Europe/Osloo\n");
    // The suggestion is never cut from the field's note (issue 25).
    assert!(
        f.ui.screen()
            .contains("`Europe/Osloo` is no time zone; did you mean `Europe/Oslo`?"),
        "{}",
        f.ui.screen()
    );
    // Text was typed: the first Esc asks, the second cancels.
    f.ui.keys("\x1b\x1b");
    assert_eq!(
        lumen().contacts.last().unwrap(),
        &tom,
        "a cancelled form changes nothing"
    );

    // X asks first; Tom is named nowhere, so he may be deleted; u brings him back.
    f.ui.keys("X");
    assert_eq!(lumen().contacts.len(), 2, "nothing happens on one key");
    assert!(
        f.ui.screen()
            .contains("Delete Tom Berg? Nothing in the history names them"),
        "{}",
        f.ui.screen()
    );
    f.ui.keys("y");
    assert_eq!(lumen().contacts.len(), 1);
    assert!(f.ui.screen().contains("Deleted Tom Berg · u undoes"));
    f.ui.keys("u");
    assert_eq!(lumen().contacts.last().unwrap(), &tom);
}

/// Someone who left is marked as left, never deleted out of the history they are in:
/// X on a person the history names asks to mark them as left (issue 25).
#[test]
fn a_person_the_history_names_is_marked_as_left_not_deleted() {
    let mut f = open();
    f.select("Nordlys Bank");
    f.ui.keys(
        "
",
    );
    // The cursor starts on the first person (Søren); j is Karen.
    f.ui.keys("gj");
    let nordlys = || on_disk(&f.path).client("nordlys-bank").unwrap().clone();
    let named_before = nordlys()
        .interactions
        .iter()
        .filter(|i| i.with.iter().any(|w| w == "karen"))
        .count();
    assert!(named_before > 0);
    f.ui.keys("X");
    assert!(
        f.ui.screen().contains("Karen Østergaard is named in"),
        "{}",
        f.ui.screen()
    );
    f.ui.keys("y");
    let after = nordlys();
    let karen = after.contact("karen").unwrap();
    assert_eq!(karen.left, Some(today()), "marked as left, kept");
    assert_eq!(
        after
            .interactions
            .iter()
            .filter(|i| i.with.iter().any(|w| w == "karen"))
            .count(),
        named_before,
        "the history still names her"
    );
    assert!(
        f.ui.screen().contains("left Fri 27 Nov"),
        "{}",
        f.ui.screen()
    );
    // She is no longer offered when logging a contact.
    f.ui.keys("c");
    let screen = f.ui.screen();
    let with_row = screen
        .lines()
        .find(|l| l.contains("Nobody in particular"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(!with_row.contains("Karen"), "{with_row}");
    assert!(with_row.contains("Søren"), "{with_row}");
}

#[test]
fn tasks_are_added_completed_and_deleted_and_the_agenda_shows_them() {
    let mut f = open();
    f.select("Helvetia Rückversicherung");
    // t: a task for the open client, due Friday, for Lars, on the cat-modelling deal.
    f.ui.keys("\ntCall the reinsurance desk\tfri\tl\tc\n");
    let helvetia = || on_disk(&f.path).client("helvetia-re").unwrap().clone();
    let task = helvetia().tasks.last().unwrap().clone();
    assert_eq!(task.id, "t2");
    assert_eq!(task.due, NaiveDate::from_ymd_opt(2026, 12, 4));
    assert_eq!(task.owner.as_deref(), Some("lars"));
    assert_eq!(
        task.deal.as_deref(),
        Some("catastrophe-modelling-add-on"),
        "named by the deal's id"
    );
    // The view lists people first, then tasks (open ones by due date): select it and x.
    let screen = f.ui.screen();
    assert!(
        screen.contains("☐ Call the reinsurance desk Fri 4 Dec"),
        "{screen}"
    );
    f.ui.keys("gjjx");
    assert_eq!(helvetia().tasks.last().unwrap().done, Some(today()));
    assert!(
        f.ui.screen().contains("☑ Call the reinsurance desk done"),
        "{}",
        f.ui.screen()
    );
    f.ui.keys("x");
    assert_eq!(
        helvetia().tasks.last().unwrap().done,
        None,
        "x again opens it"
    );

    // The agenda (pane 3) lists due tasks beside due check-ins; x there completes one.
    f.ui.keys("\x1b3");
    let screen = f.ui.screen();
    assert!(screen.contains("Agenda"), "{screen}");
    assert!(screen.contains("☐ Send telemetry pricing"), "{screen}");
    f.ui.keys("gj");
    assert!(matches!(
        f.ui.app.selected_agenda_row(),
        Some(konto::ui::derived::CheckinRow::Task { .. })
    ));
    f.ui.keys("x");
    let fjord = on_disk(&f.path);
    let fjord = fjord.client("fjord-shipping").unwrap();
    assert_eq!(fjord.tasks[0].done, Some(today()));
    assert!(!f.ui.screen().contains("☐ Send telemetry pricing"));
}

#[test]
fn logging_asks_with_whom_and_defaults_to_the_primary_contact() {
    let mut f = open();
    f.select("Nordlys Bank");
    f.ui.keys("\ncBudget call\n");
    let nordlys = on_disk(&f.path);
    let last = nordlys
        .client("nordlys-bank")
        .unwrap()
        .interactions
        .last()
        .unwrap();
    assert_eq!(last.with, ["soren"], "the primary contact by default");
    // The form starts on the summary: back to With, and → to Karen.
    f.ui.keys("c");
    f.ui.event(&Event::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    f.ui.event(&Event::Key(KeyEvent::new(
        KeyCode::Right,
        KeyModifiers::NONE,
    )));
    f.ui.keys("\tFollow-up\n");
    let nordlys = on_disk(&f.path);
    let last = nordlys
        .client("nordlys-bank")
        .unwrap()
        .interactions
        .last()
        .unwrap();
    assert_eq!(last.with, ["karen"]);
    assert!(
        f.ui.screen().contains("Follow-up · Karen Østergaard"),
        "{}",
        f.ui.screen()
    );
}

#[test]
fn a_gift_recipient_is_picked_and_a_stranger_needs_a_second_enter() {
    let mut f = open();
    f.select("Nordlys Bank");
    // $: Søren is picked by default; the form starts on the description.
    f.ui.keys("$Tea\t10\n");
    let gifts = || {
        on_disk(&f.path)
            .client("nordlys-bank")
            .unwrap()
            .gifts
            .clone()
    };
    assert_eq!(gifts().last().unwrap().recipient, "Søren Ærø");
    let count = gifts().len();
    // Someone else, typed: a warning first, then the second Enter logs it.
    f.ui.keys("$");
    for _ in 0..2 {
        f.ui.event(&Event::Key(KeyEvent::new(
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
        )));
    }
    // Untick Søren and type a name under Someone else.
    f.ui.keys(" ");
    f.ui.keys("\tOle Strand\tBook\t20\n");
    assert!(
        f.ui.screen()
            .contains("Ole Strand is none of Nordlys Bank's contacts"),
        "{}",
        f.ui.screen()
    );
    assert_eq!(gifts().len(), count);
    f.ui.keys("\n");
    assert_eq!(gifts().len(), count + 1);
    assert_eq!(gifts().last().unwrap().recipient, "Ole Strand");
}

#[test]
fn the_reminder_window_lists_tasks_completes_them_and_reopens_with_r() {
    let mut f = open();
    assert!(f.ui.app.open_reminders());
    let screen = f.ui.screen();
    assert!(
        screen.contains("8 to contact today · 4 tasks due"),
        "{screen}"
    );
    // Down past the eight clients to the first task, and x: it leaves the list.
    f.ui.keys("jjjjjjjj");
    assert!(
        f.ui.screen()
            .contains("▶ ☐ Send the predictive maintenance case study")
    );
    f.ui.keys("x");
    assert!(f.ui.screen().contains("3 tasks due"), "{}", f.ui.screen());
    assert!(
        f.ui.screen().contains("▶ ☐ Send telemetry pricing"),
        "the next one"
    );
    let krakow = on_disk(&f.path);
    assert_eq!(
        krakow.client("krakow-steel").unwrap().tasks[0].done,
        Some(today())
    );
    // s on a task asks for its date only (the title is never in reach of the keys).
    f.ui.keys("s");
    assert!(
        f.ui.screen()
            .contains("New due date for \"Send telemetry pricing\""),
        "{}",
        f.ui.screen()
    );
    f.ui.keys("fri\n");
    let book = on_disk(&f.path);
    let task = book
        .clients
        .iter()
        .flat_map(|c| &c.tasks)
        .find(|t| t.title.starts_with("Send telemetry pricing"))
        .unwrap();
    assert_eq!(
        task.title, "Send telemetry pricing",
        "the title is untouched"
    );
    assert_eq!(task.due, chrono::NaiveDate::from_ymd_opt(2026, 12, 4));
    f.ui.keys("\x1b\x1b");
    assert!(f.ui.app.modals.is_empty());
    f.ui.keys("r");
    assert!(
        f.ui.screen()
            .contains("Good morning · 8 to contact today · 2 tasks due"),
        "the rescheduled task is no longer due: {}",
        f.ui.screen()
    );
}

#[test]
fn the_team_view_shows_who_is_taken_twice() {
    let mut f = open();
    f.ui.keys("T");
    let screen = f.ui.screen();
    assert!(screen.contains("Team: who is free when"), "{screen}");
    assert!(screen.contains("! Wed 9 Dec taken twice"), "{screen}");
    f.ui.keys("\x1b");
    // On a small terminal the list scrolls: the last colleague comes into view.
    f.ui.event(&Event::Resize(60, 20));
    f.ui.keys("T");
    assert!(!f.ui.screen().contains("Farah Said"), "{}", f.ui.screen());
    f.ui.keys("jjjjjjjjjj");
    assert!(f.ui.screen().contains("Farah Said"), "{}", f.ui.screen());
    f.ui.keys("\x1b");
    assert!(!f.ui.screen().contains("Team: who is free when"));
}

#[test]
fn deleting_a_deal_or_a_person_keeps_the_book_loadable() {
    let mut f = open();
    f.select("Nordlys Bank");
    f.ui.keys("\n");
    // Søren is named by interactions, Karen too: X marks each as left (never deleting
    // them out of the history), then the deal a task names is deleted.
    f.ui.keys("gXyjXy");
    let book = on_disk(&f.path);
    let nordlys = book.client("nordlys-bank").unwrap();
    assert!(nordlys.contacts.iter().all(|p| p.left.is_some()));
    assert!(nordlys.interactions.iter().any(|i| !i.with.is_empty()));
    konto::storage::load(&f.path).expect("the book loads");
    let managed = nordlys
        .deals
        .iter()
        .find(|d| d.title == "Managed detection")
        .unwrap()
        .id
        .clone();
    f.ui.keys("g");
    for _ in 0..40 {
        if f.ui.app.selected_item() == Some(konto::ui::app::Item::Deal(managed.clone())) {
            break;
        }
        f.ui.keys("j");
    }
    f.ui.keys("X");
    let book = on_disk(&f.path);
    let nordlys = book.client("nordlys-bank").unwrap();
    assert!(
        nordlys.deals.iter().all(|d| d.title != "Managed detection"),
        "{}",
        f.ui.screen()
    );
    assert_eq!(
        nordlys.task("t1").unwrap().deal,
        None,
        "the task stays, untied"
    );
}

/// Issue 14: `/lum` then Enter opened "Aalborg Energi" (letters in order, name order).
/// The best match is ranked first and picked: a name starting with the word.
#[test]
fn the_filter_picks_the_best_match_and_searches_people_notes_and_history() {
    let mut f = open();
    f.ui.keys("1/lum\n\n");
    assert!(
        f.ui.screen().contains("Lumen Health · Esc back"),
        "{}",
        f.ui.screen()
    );
    f.ui.keys("\x1b");
    // Found by a contact's email, the notes and the history, each with where.
    for (word, client, hint) in [
        ("jb@fjordshipping", "Fjord Shipping A/S", "· people"),
        ("mid-december", "Nordlys Bank", "· notes"),
        ("kickoff", "Nordlys Bank", "· history"),
    ] {
        f.ui.keys(&format!("/{word}\n"));
        let screen = f.ui.screen();
        assert!(
            screen.contains(&format!("{client} {hint}")),
            "{word}: {screen}"
        );
        assert_eq!(
            f.ui.app.selected_id(),
            f.ui.app
                .book()
                .clients
                .iter()
                .find(|c| c.name == client)
                .map(|c| c.id.as_str())
        );
        f.ui.keys("\x1b");
    }
}

/// Issue 14: h/l and ←/→ move between panes, as Tab and Shift-Tab do.
#[test]
fn h_and_l_move_between_panes() {
    let mut f = open();
    f.ui.keys("1");
    f.ui.keys("l");
    assert_eq!(f.ui.app.focus, konto::ui::Pane::Priority);
    f.ui.keys("ll");
    assert_eq!(f.ui.app.focus, konto::ui::Pane::Quota);
    f.ui.keys("h");
    assert_eq!(f.ui.app.focus, konto::ui::Pane::Checkins);
    f.ui.event(&Event::Key(KeyEvent::new(
        KeyCode::Right,
        KeyModifiers::NONE,
    )));
    assert_eq!(f.ui.app.focus, konto::ui::Pane::Quota);
}

/// Issue 14: moving a deal on to Won quietly changed its close date; now the status says
/// so, and the history keeps the date it had.
#[test]
fn winning_a_deal_by_moving_it_on_says_its_close_date_changed() {
    let mut f = open();
    f.ui.keys("5lll");
    assert!(
        f.ui.screen().contains("▶ Claims automation"),
        "{}",
        f.ui.screen()
    );
    f.ui.keys(">");
    let screen = f.ui.screen();
    assert!(
        screen.contains(
            "Moved \"Claims automation\" to Won, close date set to 2026-11-27 (was 2026-12-05)"
        ),
        "{screen}"
    );
    let deal = on_disk(&f.path).client("tokyo-kaijo").unwrap().deals[0].clone();
    let change = deal.history.last().unwrap().close_date.unwrap();
    assert_eq!(change.from.unwrap().to_string(), "2026-12-05");
}

/// Issue 14: `e` on a client without a cadence opened on "Cadence (days)"; adding a
/// client named like one already in the book made `nordlys-bank-2` without a word.
#[test]
fn the_client_form_opens_on_the_name_and_asks_before_a_second_client_of_a_name() {
    let mut f = open();
    f.select("Lumen Health");
    f.ui.keys("e");
    let form = f.ui.screen();
    assert!(form.contains("▶ Name"), "{form}");
    f.ui.keys("\x1b");
    let before = on_disk(&f.path).clients.len();
    f.ui.keys("aNordlys Bank\n");
    assert!(
        f.ui.screen()
            .contains("Nordlys Bank is already in the book (id nordlys-bank)"),
        "{}",
        f.ui.screen()
    );
    assert_eq!(on_disk(&f.path).clients.len(), before, "not yet");
    f.ui.keys("\n");
    assert_eq!(on_disk(&f.path).clients.len(), before + 1);
}

/// Issue 14: sorting by value started with the smallest account.
#[test]
fn sorting_by_value_starts_with_the_largest() {
    let mut f = open();
    // Name → Tier → Industry → Value.
    f.ui.keys("1ooo");
    let first = f.ui.app.portfolio.rows[0];
    assert_eq!(
        f.ui.app.book().clients[first].name,
        "Helvetia Rückversicherung"
    );
    assert!(f.ui.app.portfolio.descending);
}

/// Issue 14: `z` gives the focused pane the whole screen, and `z` again brings the grid
/// back.
#[test]
fn z_zooms_the_focused_pane_and_back() {
    let mut f = open();
    f.ui.keys("2z");
    let areas = f.ui.app.areas();
    assert_eq!(areas.panes.len(), 1);
    assert_eq!(areas.panes[0].0, konto::ui::Pane::Priority);
    assert_eq!(areas.panes[0].1.width, 120);
    assert!(f.ui.screen().contains("2 Priority"));
    f.ui.keys("z");
    assert_eq!(f.ui.app.areas().panes.len(), 4);
}

/// Issue 14: after `c` in the reminder window the status said "u undoes", but `u` did
/// nothing until the window closed.
#[test]
fn undo_works_in_the_reminder_window() {
    let mut f = open();
    assert!(f.ui.app.open_reminders());
    f.ui.keys("cLeft a voicemail\n");
    assert!(f.ui.screen().contains("Good morning · 7 to contact today"));
    f.ui.keys("u");
    let screen = f.ui.screen();
    assert!(
        screen.contains("Good morning · 8 to contact today"),
        "{screen}"
    );
    assert!(screen.contains("Undid: logged"), "{screen}");
    assert_ne!(
        on_disk(&f.path)
            .client("fjord-shipping")
            .unwrap()
            .last_contact,
        Some(today())
    );
}

/// Issue 14: a "go to client" finder from any pane and from the client view.
#[test]
fn ctrl_p_finds_a_client_from_anywhere_and_enter_opens_it() {
    let mut f = open();
    f.ui.keys("3");
    f.ui.ctrl('p');
    f.ui.keys("krak");
    let screen = f.ui.screen();
    assert!(screen.contains("Go to client"), "{screen}");
    assert!(
        screen.contains("Kraków Steelworks (krakow-steel)"),
        "{screen}"
    );
    f.ui.keys("\n");
    assert!(f.ui.screen().contains("Kraków Steelworks · Esc back"));
    // From the client view, to another client, by a word of its notes.
    f.ui.ctrl('p');
    f.ui.keys("mid-december\n");
    assert!(
        f.ui.screen().contains("Nordlys Bank · Esc back"),
        "{}",
        f.ui.screen()
    );
    // Esc closes it without moving.
    f.ui.ctrl('p');
    f.ui.keys("zzzz");
    assert!(f.ui.screen().contains("no client matches"));
    f.ui.keys("\x1b");
    assert!(f.ui.screen().contains("Nordlys Bank · Esc back"));
}

/// Issue 14: the filter works in the priority and agenda panes too: they keep their own
/// order, and a ranked client keeps its place number.
#[test]
fn the_filter_narrows_the_priority_and_agenda_panes() {
    let mut f = open();
    f.ui.keys("2/lumen\n");
    let screen = f.ui.screen();
    let priority: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("Lumen Health") || l.contains("Nordlys Bank"))
        .collect();
    assert!(screen.contains("2 Priority · /lumen 1 shown"), "{screen}");
    assert!(
        priority.iter().any(|l| l.contains("  12 · Lumen Health")),
        "the place in the whole ranking stays: {screen}"
    );
    assert!(!screen.contains("Fjord Shipping"), "{screen}");
    assert_eq!(
        f.ui.app.selected_id(),
        Some("lumen-health"),
        "the match is picked"
    );
    // The agenda: only Lumen's rows, under headers that count them.
    f.ui.keys("3");
    let screen = f.ui.screen();
    assert!(
        screen.contains("3 Agenda · next 14 days · /lumen"),
        "{screen}"
    );
    assert!(screen.contains("Today (2)"), "{screen}");
    assert!(!screen.contains("Overdue ("), "{screen}");
    f.ui.keys("\x1b");
    let screen = f.ui.screen();
    assert!(screen.contains("Overdue (8)"), "Esc clears it: {screen}");
    // Typed from the agenda itself.
    f.ui.keys("/baltic\n");
    assert!(f.ui.screen().contains("Overdue (1)"), "{}", f.ui.screen());
    assert_eq!(f.ui.app.selected_id(), Some("baltic-freight"));
}

/// Issue 14: at 100×30 the client view cut deal close dates, contact details, priority
/// reasons and long notes. They wrap under themselves now, whole.
#[test]
fn the_client_view_wraps_long_text_instead_of_cutting_it() {
    for (width, height) in [(100, 30), (120, 40)] {
        let mut f = open_sized(width, height);
        f.ui.keys("1/fjord\n\n");
        let screen = f.ui.screen();
        // The rows read as one text: the screen's quotes and borders off each row.
        let flat: String = screen
            .lines()
            .map(|l| l.get(1..l.len() - 1).unwrap_or(l))
            .flat_map(|l| l.split('┃'))
            .collect::<Vec<_>>()
            .join(" ");
        let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
        for whole in [
            "jb@fjordshipping.example",
            "closes 2027-01-20",
            "call: Best case · +23,000 pay if won now",
            "(2 days overdue) ·",
            "deal \"Fleet telemetry\"",
            "next: Send telemetry pricing (2026-11-25)",
        ] {
            assert!(flat.contains(whole), "{whole} is cut at {width}:\n{screen}");
        }
        let body: Vec<&str> = screen
            .lines()
            .skip(2)
            .take(usize::from(height) - 4)
            .collect();
        assert!(
            body.iter().all(|l| !l.contains('…')),
            "nothing is cut short:\n{screen}"
        );
    }
}

/// Found while building capture's inbox: the person form left without a time zone said
/// "Added …" and added nobody (an empty time zone failed a check the form then ignored).
#[test]
fn a_person_added_without_a_time_zone_is_added() {
    let mut f = open();
    f.ui.keys("1/lumen\n");
    f.ui.keys("P");
    f.ui.keys("Ada Byron\n");
    assert!(
        f.ui.screen().contains("Added Ada Byron"),
        "{}",
        f.ui.screen()
    );
    let book = on_disk(&f.path);
    let lumen = book.client("lumen-health").unwrap();
    assert!(
        lumen
            .contacts
            .iter()
            .any(|c| c.name == "Ada Byron" && c.timezone.is_none()),
        "{:?}",
        lumen.contacts
    );
}

/// The board re-sorts after an edit; the cursor follows the edited deal, so the next key
/// changes the deal the user was on, not its new neighbour (issue 25).
#[test]
fn the_board_cursor_follows_a_deal_that_an_edit_moves() {
    let mut f = open();
    f.ui.keys("\x1b5");
    // The first column's last deal, then a close date that sorts it first.
    f.ui.keys("j");
    assert_eq!(f.ui.app.board_cursor, (0, 1), "on the second deal");
    let before = f.ui.app.board_deal().unwrap();
    let client = f.ui.app.book().clients[before.client].id.clone();
    let title = f.ui.app.book().clients[before.client]
        .deal(&before.deal)
        .unwrap()
        .title
        .clone();
    // The deal form opens on its close date.
    f.ui.keys("\n");
    for _ in 0..12 {
        f.ui.event(&Event::Key(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
    }
    f.ui.keys("2026-11-28\n");
    let book = on_disk(&f.path);
    let deal = book
        .client(&client)
        .unwrap()
        .deals
        .iter()
        .find(|d| d.title == title)
        .unwrap();
    assert_eq!(
        deal.close_date,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28),
        "{}",
        f.ui.screen()
    );
    let after = f.ui.app.board_deal().unwrap();
    assert_eq!(
        (
            f.ui.app.book().clients[after.client].id.as_str(),
            f.ui.app.book().clients[after.client]
                .deal(&after.deal)
                .unwrap()
                .title
                .as_str()
        ),
        (client.as_str(), title.as_str()),
        "the cursor stays on the edited deal"
    );
}

/// A person whose own check-in is due shows in the morning window, the agenda and the
/// header, as `konto remind` lists them (issue 25).
#[test]
fn people_due_on_their_own_cadence_show_in_the_dashboard() {
    let mut f = open();
    assert!(f.ui.app.open_reminders());
    let screen = f.ui.screen();
    assert!(
        screen.contains("1 person due"),
        "the header and the window: {screen}"
    );
    // Last in the window, after the clients and the tasks.
    f.ui.keys(&"j".repeat(13));
    let screen = f.ui.screen();
    assert!(screen.contains("▶ ◦ Sofie Lund"), "{screen}");
    f.ui.keys("\x1b3");
    let screen = f.ui.screen();
    assert!(
        screen.contains("◦ Sofie Lund · Øresund Pharma"),
        "the agenda: {screen}"
    );
    let remind = konto::cli::plain::remind(&on_disk(&f.path), today(), f.ui.app.now, 7);
    assert!(remind.contains("Sofie Lund"), "{remind}");
    assert!(!remind.contains("Nobody is due today. Nice."), "{remind}");
}

/// A form with typed text asks before Esc throws it away; Ctrl-K clears a field; a date
/// typed as people say it shows the day it means (issue 25).
#[test]
fn forms_keep_typed_text_from_a_stray_esc_and_show_the_date_they_read() {
    let mut f = open();
    assert!(f.ui.app.open_reminders());
    // s on the first client: the date prompt.
    f.ui.keys("s");
    f.ui.keys("fri");
    let screen = f.ui.screen();
    assert!(screen.contains("→ Fri 4 Dec (in 7d)"), "{screen}");
    f.ui.keys("\x1b");
    let screen = f.ui.screen();
    assert!(
        screen.contains("Esc again discards what you typed"),
        "{screen}"
    );
    assert!(screen.contains("fri"), "still there: {screen}");
    // Ctrl-K empties the field; a key other than Esc goes on.
    f.ui.event(&Event::Key(KeyEvent::new(
        KeyCode::Char('k'),
        KeyModifiers::CONTROL,
    )));
    f.ui.keys("+1w");
    assert!(f.ui.screen().contains("→ Fri 4 Dec"), "{}", f.ui.screen());
    assert!(!f.ui.screen().contains("fri+1w"));
    f.ui.keys("\x1b\x1b");
    assert!(
        !f.ui.screen().contains("Next check-in with"),
        "the second Esc closes it: {}",
        f.ui.screen()
    );
}

/// With `callable_first`, the morning window lists first whom it is working hours for
/// (their own time zone), each part in priority order (issue 25).
#[test]
fn the_morning_window_can_put_first_whom_it_is_working_hours_for() {
    let mut f = open();
    let clients = |app: &konto::ui::App| -> Vec<String> {
        app.reminders()
            .into_iter()
            .filter_map(|r| match r {
                konto::ui::modal::Reminder::Client(id) => Some(id),
                _ => None,
            })
            .collect()
    };
    let by_priority = clients(&f.ui.app);
    f.ui.app.calling.callable_first = true;
    // Noon UTC: 21:00 in Tokyo, 04:00 in San Francisco; Europe is at work.
    let by_hours = clients(&f.ui.app);
    assert_eq!(by_priority.len(), by_hours.len());
    let after_hours: Vec<&str> = by_hours[by_hours.len() - 2..]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(after_hours, ["tokyo-kaijo", "lumen-health"], "{by_hours:?}");
    assert_ne!(by_priority, by_hours);
    let europe: Vec<&String> = by_priority
        .iter()
        .filter(|id| *id != "tokyo-kaijo" && *id != "lumen-health")
        .collect();
    assert_eq!(
        by_hours.iter().take(europe.len()).collect::<Vec<_>>(),
        europe,
        "the callable ones keep their priority order"
    );
}

#[test]
fn a_book_made_at_the_welcome_keeps_its_state_file_and_marks_the_reminders_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    let state = dir.path().join("state.ron");
    let location = DataLocation::uncached(path.clone(), Source::Flag);
    let mut ui = Headless::open(location, today(), Rect::new(0, 0, 120, 40)).unwrap();
    ui.app.state_file = Some(state.clone());
    ui.app.inbox.names.insert("x@y.example".into(), "X".into());
    ui.keys("s");
    assert!(path.exists(), "the sample was written");
    assert_eq!(ui.app.state_file.as_deref(), Some(state.as_path()), "kept");
    assert_eq!(
        ui.app.inbox.names.get("x@y.example").map(String::as_str),
        Some("X")
    );
    // The reminder window opened on the new book, and it is remembered where this run
    // keeps its state (never in the real state folder).
    assert_eq!(
        konto::storage::launch_state::last_shown(&state, &path),
        Some(today())
    );
}

#[test]
fn s_on_a_book_that_does_not_sync_says_how_to_set_it_up_and_starts_nothing() {
    let mut f = open();
    f.ui.keys("S");
    let screen = f.ui.screen();
    assert!(screen.contains("konto sync init REMOTE"), "{screen}");
    assert!(!screen.contains("syncing"), "{screen}");
}

#[test]
fn a_change_taken_in_from_the_disk_is_one_undo_step_before_the_edits_made_here() {
    let mut f = open();
    f.select("Lumen Health");
    f.ui.keys("NMine first\n");
    logged_elsewhere(&f.path, "fjord-shipping", "Logged elsewhere");
    f.ui.check_disk();
    let has = |path: &std::path::Path, id: &str, summary: &str| {
        on_disk(path)
            .client(id)
            .unwrap()
            .interactions
            .iter()
            .any(|i| i.summary == summary)
    };
    assert!(has(&f.path, "fjord-shipping", "Logged elsewhere"));
    f.ui.keys("u");
    assert!(
        !has(&f.path, "fjord-shipping", "Logged elsewhere"),
        "u takes back what came in"
    );
    assert!(fs::read_to_string(&f.path).unwrap().contains("Mine first"));
    f.ui.keys("u");
    assert!(
        !fs::read_to_string(&f.path).unwrap().contains("Mine first"),
        "then the edit made here"
    );
    f.ui.ctrl('r');
    f.ui.ctrl('r');
    assert!(has(&f.path, "fjord-shipping", "Logged elsewhere"));
    assert!(fs::read_to_string(&f.path).unwrap().contains("Mine first"));
}
