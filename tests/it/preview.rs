//! Issue 31: the dashboard on a large book draws its first frame from a preview (the
//! cache's daily copy) and reads the whole book after it. What it shows meanwhile is what
//! the whole book shows; what would change the book waits for it and lands on it; a
//! preview is never written.

use std::fs;
use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::layout::Rect;

use konto::model::InteractionKind;
use konto::storage::location::{DataLocation, Source};
use konto::ui::Headless;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

/// A demo book with its cache written as `konto remind` leaves it (the whole copy and the
/// daily one).
fn cached_book(clients: usize) -> (tempfile::TempDir, DataLocation) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    konto::storage::save(&path, &konto::demo::generate(clients, 11, today()), None).unwrap();
    let location = DataLocation {
        path,
        source: Source::Flag,
        cache_dir: Some(dir.path().join("cache")),
    };
    konto::storage::load_part(&location, konto::storage::cache::Part::Daily, today()).unwrap();
    (dir, location)
}

fn path_of(location: &DataLocation) -> PathBuf {
    location.path.clone()
}

#[test]
fn a_preview_is_read_only_from_the_cache_and_only_for_a_large_enough_book() {
    let (_dir, location) = cached_book(40);
    let size = fs::metadata(&location.path).unwrap().len();
    assert!(konto::storage::load_preview(&location, today(), size).is_some());
    assert!(konto::storage::load_preview(&location, today(), size + 1).is_none());
    // Without the cache's daily copy there is nothing to preview: the text is not read.
    let uncached = DataLocation::uncached(location.path.clone(), Source::Flag);
    assert!(konto::storage::load_preview(&uncached, today(), 0).is_none());
    // Nor when the copy is not of this text.
    let mut text = fs::read_to_string(&location.path).unwrap();
    text.push_str("\n// a line added by hand\n");
    fs::write(&location.path, text).unwrap();
    assert!(konto::storage::load_preview(&location, today(), 0).is_none());
}

/// Keys that only move about: the screen after each is the same on the preview as on
/// the whole book, at several sizes.
#[test]
fn a_preview_shows_what_the_whole_book_shows_while_moving_about() {
    let (_dir, location) = cached_book(300);
    for (width, height) in [(120, 40), (80, 24), (200, 60)] {
        let size = Rect::new(0, 0, width, height);
        let mut preview = Headless::open_preview(location.clone(), today(), size).unwrap();
        assert!(preview.app.store.is_preview(), "{width}x{height}");
        let mut whole = Headless::open(location.clone(), today(), size).unwrap();
        assert!(!whole.app.store.is_preview());
        assert_eq!(
            preview.screen(),
            whole.screen(),
            "first frame at {width}x{height}"
        );
        for key in "jjjGkg2jjx34z?\x1b?zoO1jl".chars() {
            let keys = key.to_string();
            preview.keys(&keys);
            whole.keys(&keys);
            assert!(
                preview.app.message.is_none(),
                "{key:?} waited at {width}x{height}: {:?}",
                preview.app.message
            );
            assert_eq!(
                preview.screen(),
                whole.screen(),
                "after {key:?} at {width}x{height}"
            );
        }
    }
}

/// The morning reminders, which open with the first frame, read the same on a preview.
#[test]
fn the_morning_reminders_on_a_preview_are_those_of_the_whole_book() {
    let (_dir, location) = cached_book(300);
    for (width, height) in [(120, 40), (80, 24)] {
        let size = Rect::new(0, 0, width, height);
        let mut preview = Headless::open_preview(location.clone(), today(), size).unwrap();
        let mut whole = Headless::open(location.clone(), today(), size).unwrap();
        assert!(preview.app.open_reminders() && whole.app.open_reminders());
        assert_eq!(preview.screen(), whole.screen(), "at {width}x{height}");
        for key in "jjjk".chars() {
            preview.keys(&key.to_string());
            whole.keys(&key.to_string());
            assert_eq!(preview.screen(), whole.screen(), "after {key:?}");
        }
    }
}

/// A contact logged before the whole book is in: nothing is written while the preview
/// shows, the keys wait (even those that only move, typed after them), and once the
/// whole book arrives the contact is logged on the client that was selected, and the
/// file keeps everything the preview left out.
#[test]
fn an_edit_typed_on_a_preview_waits_for_the_whole_book_and_lands_on_it() {
    let (_dir, location) = cached_book(120);
    let path = path_of(&location);
    let before = fs::read(&path).unwrap();
    let book_before = konto::storage::load(&path).unwrap().book;
    let mut ui = Headless::open_preview(location, today(), Rect::new(0, 0, 120, 40)).unwrap();
    ui.keys("jj");
    let chosen = ui.app.selected_id().unwrap().to_string();
    let interactions = book_before.client(&chosen).unwrap().interactions.len();
    // `c` opens the contact form; the keys behind it are its text (`j` among them), not
    // moves in the list.
    ui.keys("cjust called\n");
    assert!(ui.app.store.is_preview());
    assert!(
        ui.screen().contains("Reading the whole book"),
        "{}",
        ui.screen()
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "nothing is written from a preview"
    );
    ui.shown();
    assert!(!ui.app.store.is_preview());
    let after = konto::storage::load(&path).unwrap().book;
    let client = after.client(&chosen).unwrap();
    assert_eq!(client.interactions.len(), interactions + 1);
    let logged = client.interactions.last().unwrap();
    assert_eq!(logged.date, Some(today()));
    assert_eq!(
        (logged.kind(), logged.summary.as_str()),
        (InteractionKind::Call, "just called")
    );
    // Every other client is as it was, whole: notes, history and all.
    for (was, now) in book_before.clients.iter().zip(after.clients.iter()) {
        if was.id != chosen {
            assert_eq!(was, now);
        }
    }
    assert_eq!(
        book_before.client(&chosen).unwrap().notes,
        client.notes,
        "the client's own notes, left out of the preview, are kept"
    );
}

/// The pipeline board needs each deal's history, which a preview leaves out: `5` waits.
#[test]
fn the_pipeline_board_waits_for_the_whole_book() {
    let (_dir, location) = cached_book(60);
    let mut ui =
        Headless::open_preview(location.clone(), today(), Rect::new(0, 0, 120, 40)).unwrap();
    let first = ui.screen();
    ui.keys("5");
    assert!(ui.app.store.is_preview());
    assert_ne!(ui.app.focus, konto::ui::Pane::Pipeline);
    assert!(ui.screen().contains("Reading the whole book"));
    ui.shown();
    assert_eq!(ui.app.focus, konto::ui::Pane::Pipeline);
    assert!(!ui.app.store.is_preview());
    assert_ne!(ui.screen(), first);
    let mut whole = Headless::open(location.clone(), today(), Rect::new(0, 0, 120, 40)).unwrap();
    whole.keys("5");
    assert_eq!(ui.screen(), whole.screen(), "the board is the whole book's");
    // And the filter finds what the whole book's finds.
    let word = ui.app.book().clients[7]
        .name
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let keys = format!("1/{word}");
    ui.keys(&keys);
    whole.keys(&keys);
    assert_eq!(ui.screen(), whole.screen(), "filtered for {word}");
}

/// The whole book read after a preview of the same text brings only what the preview's
/// figures left out: with it, they are the whole book's, every one.
#[test]
fn a_previews_figures_completed_are_the_whole_books() {
    use konto::ui::derived::Derived;
    for clients in [1, 90, 400] {
        let (_dir, location) = cached_book(clients);
        let preview = konto::storage::load_preview(&location, today(), 0).unwrap();
        let whole = konto::storage::load_from(&location).unwrap();
        assert_eq!(preview.fingerprint, whole.fingerprint);
        let mut figures = Derived::of_preview(&preview.book, today());
        assert!(figures.complete(Derived::left_out_of_preview(&whole.book, today())));
        assert_eq!(
            format!("{figures:?}"),
            format!("{:?}", Derived::compute(&whole.book, today())),
            "{clients} clients"
        );
    }
}

/// `q` on a preview quits at once: there is nothing to save, and nothing is written.
#[test]
fn quitting_a_preview_writes_nothing() {
    let (_dir, location) = cached_book(60);
    let path = path_of(&location);
    let before = fs::read(&path).unwrap();
    let mut ui = Headless::open_preview(location, today(), Rect::new(0, 0, 120, 40)).unwrap();
    ui.keys("q");
    assert!(ui.app.should_quit);
    assert!(!ui.app.store.has_unsaved_changes());
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// The whole book cannot be read after all (made unreadable between the preview and its
/// read): the preview stays, nothing waits, `q` still quits, and the file is untouched.
#[test]
fn a_whole_book_that_cannot_be_read_leaves_the_preview_and_the_file_alone() {
    let (_dir, location) = cached_book(60);
    let path = path_of(&location);
    let mut ui = Headless::open_preview(location, today(), Rect::new(0, 0, 120, 40)).unwrap();
    ui.keys("c");
    fs::write(&path, "Book(clients: [ this is not a book").unwrap();
    let broken = fs::read(&path).unwrap();
    ui.shown();
    assert!(ui.app.store.is_preview());
    assert_message_says(&ui, "could not read the whole book");
    ui.keys("q");
    assert!(ui.app.should_quit);
    assert_eq!(fs::read(&path).unwrap(), broken);
}

/// The dashboard that read a large book whole keeps its preview for the next launch.
#[test]
fn a_whole_book_read_keeps_a_preview_for_the_next_launch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    konto::storage::save(&path, &konto::demo::generate(50, 4, today()), None).unwrap();
    let location = DataLocation {
        path,
        source: Source::Flag,
        cache_dir: Some(dir.path().join("cache")),
    };
    let loaded = konto::storage::load_from(&location).unwrap();
    assert!(konto::storage::load_preview(&location, today(), 0).is_none());
    let kept = (&loaded.book, loaded.fingerprint);
    // Not for a book under the size given.
    konto::storage::keep_preview(&location, kept, today(), u64::MAX);
    assert!(konto::storage::load_preview(&location, today(), 0).is_none());
    konto::storage::keep_preview(&location, kept, today(), 0);
    let preview = konto::storage::load_preview(&location, today(), 0).unwrap();
    let daily = konto::storage::load_part(&location, konto::storage::cache::Part::Daily, today());
    assert_eq!(preview.book, daily.unwrap().book);
    assert_ne!(preview.book, loaded.book, "a preview leaves things out");
}

/// A report that comes in while the preview shows (capture at launch, here its failure)
/// waits for the whole book without a word on the status line, and is then taken in.
#[test]
fn a_report_waits_for_the_whole_book_quietly() {
    let (_dir, location) = cached_book(60);
    let size = Rect::new(0, 0, 120, 40);
    let mut ui = Headless::open_preview(location.clone(), today(), size).unwrap();
    let whole = Headless::open(location, today(), size).unwrap();
    let effects = ui.app.update(konto::ui::app::Message::CaptureFailed(
        "no such mailbox".into(),
    ));
    assert!(effects.is_empty());
    assert_eq!(ui.app.message, None);
    assert_eq!(ui.screen(), whole.screen());
    ui.shown();
    assert_message_says(&ui, "no such mailbox");
}

/// The status line's message says `words`.
fn assert_message_says(ui: &Headless, words: &str) {
    assert!(
        ui.app.message.as_deref().is_some_and(|m| m.contains(words)),
        "{:?}",
        ui.app.message
    );
}
