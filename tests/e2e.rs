//! The real binary in a pseudo-terminal: keys in, screen text out.

mod support;

use std::fs;

use support::pty::Session;

const TODAY: &str = "2026-11-27";

#[test]
fn browse_open_filter_help_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.ron");
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron"),
        &book,
    )
    .unwrap();
    let before = fs::read(&book).unwrap();
    let mut konto = Session::start(
        &["--data", book.to_str().unwrap(), "--today", TODAY],
        &[],
        120,
        40,
    );
    konto.wait_for("1 Portfolio · 14 clients");
    konto.wait_for("8 to contact today");

    // Priority pane, second client, open it.
    konto.send("2");
    konto.send("j");
    konto.send("\r");
    konto.wait_for("Nordlys Bank · Esc back");
    konto.wait_for("Security review kickoff");
    konto.send("\x1b");
    konto.wait_until_gone("Esc back");

    // Filter as you type, then open the only match.
    konto.send("1");
    konto.send("/fjord");
    konto.wait_for("1 of 14");
    konto.wait_for("Fjord Shipping A/S");
    konto.send("\r");
    konto.send("\r");
    konto.wait_for("Fjord Shipping A/S · Esc back");
    konto.send("\x1b");

    konto.send("?");
    konto.wait_for("Keys · j/k scroll");
    konto.wait_for("sort by next column");
    konto.send("?");
    konto.wait_until_gone("Keys · j/k scroll");

    konto.send("q");
    assert_eq!(konto.wait_exit(), 0);
    assert!(konto.terminal_restored(), "terminal left in app mode");
    assert_eq!(
        fs::read(&book).unwrap(),
        before,
        "browsing changed the book"
    );
}

#[test]
fn first_run_offers_the_sample_and_writes_nothing_before_a_choice() {
    let config = tempfile::tempdir().unwrap();
    let book = config.path().join("konto/book.ron");
    let mut konto = Session::start(
        &["--today", TODAY],
        &[("XDG_CONFIG_HOME", config.path())],
        100,
        30,
    );
    konto.wait_for("Welcome to konto");
    konto.wait_for(book.to_str().unwrap());
    assert!(!book.exists());
    konto.send("s");
    konto.wait_for("14 clients");
    assert!(book.exists());
    let written = konto::storage::load(&book).unwrap().book;
    assert_eq!(written, konto::ui::sample_book());
    konto.send("q");
    assert_eq!(konto.wait_exit(), 0);
    assert!(konto.terminal_restored());
}

#[test]
fn quitting_the_welcome_screen_writes_nothing() {
    let config = tempfile::tempdir().unwrap();
    let mut konto = Session::start(
        &["--today", TODAY],
        &[("XDG_CONFIG_HOME", config.path())],
        80,
        24,
    );
    konto.wait_for("Welcome to konto");
    konto.send("q");
    assert_eq!(konto.wait_exit(), 0);
    assert!(konto.terminal_restored());
    assert_eq!(fs::read_dir(config.path()).unwrap().count(), 0);
}

#[test]
fn a_broken_book_is_reported_without_entering_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.ron");
    fs::write(
        &book,
        "(clients: [(id: \"a\", name: \"A\", last_contact: \"2026-02-30\")])",
    )
    .unwrap();
    let before = fs::read(&book).unwrap();
    let mut konto = Session::start(&["--data", book.to_str().unwrap()], &[], 80, 24);
    konto.wait_for("2026-02-30 is not a date");
    assert_eq!(konto.wait_exit(), 1);
    assert!(konto.terminal_restored());
    assert_eq!(fs::read(&book).unwrap(), before);
}
