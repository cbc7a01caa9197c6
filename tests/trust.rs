//! The cache never hides a book that does not load: every save leaves a file that loads
//! on its own, in its own dialect, and nothing konto writes can make it unloadable.

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing test

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::sample_copy;

const TODAY: &str = "2026-12-04";

/// konto with its own cache folder (as a user has), so a test sees what the cache hides.
fn konto(cache: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_konto"));
    command
        .env_remove("KONTO_DATA")
        .env_remove("KONTO_CACHE")
        .env("XDG_CACHE_HOME", cache);
    command
}

fn run(args: &[&str], book: &Path, today: &str) -> Output {
    let cache = book.parent().unwrap().join("cache");
    konto(&cache)
        .args(args)
        .args(["--data", book.to_str().unwrap(), "--today", today])
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `konto check` with the cache off: what another machine, or an upgrade, would see.
fn loads_without_cache(path: &Path) -> Result<(), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_konto"))
        .env("KONTO_CACHE", "off")
        .args(["check", "--data", path.to_str().unwrap(), "--today", TODAY])
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(text(&out.stderr))
    }
}

fn bak(path: &Path) -> PathBuf {
    konto::storage::location::backup_path(path)
}

#[test]
fn dates_past_year_9999_or_before_year_0_are_refused_at_every_input() {
    let (_dir, path) = sample_copy();
    let before = fs::read(&path).unwrap();
    let cases: [(&[&str], &str); 6] = [
        (
            &["task", "add", "lumen-health", "far", "--due", "+97000m"],
            TODAY,
        ),
        (&["log", "lumen-health", "old", "--date", "-100000m"], TODAY),
        (&["log", "lumen-health", "old", "--date", "+97000m"], TODAY),
        (
            &["log", "lumen-health", "old", "--date", "-2000000d"],
            TODAY,
        ),
        (
            &["task", "add", "lumen-health", "far", "--due", "tomorrow"],
            "9999-12-31",
        ),
        (
            &["log", "lumen-health", "old", "--date", "yesterday"],
            "0000-01-01",
        ),
    ];
    for (args, today) in cases {
        let out = run(args, &path, today);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} was accepted: {stderr}");
        assert!(
            stderr.contains("0000-01-01 to 9999-12-31") || stderr.contains("too far"),
            "{args:?} says why: {stderr}"
        );
        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
    loads_without_cache(&path).unwrap();
}

#[test]
fn an_import_with_a_date_the_book_cannot_hold_is_refused() {
    for (file, close) in [("us.csv", "+10000-01-01"), ("eu.csv", "31.12.99999")] {
        let (dir, path) = sample_copy();
        let csv = dir.path().join(file);
        let separator = if file == "eu.csv" { ";" } else { "," };
        fs::write(
            &csv,
            format!(
                "Account Name{separator}Opportunity Name{separator}Stage{separator}Close Date\nFar Future Co{separator}Moonbase{separator}Prospecting{separator}{close}\n"
            ),
        )
        .unwrap();
        let before = fs::read(&path).unwrap();
        let out = run(&["import", "csv", csv.to_str().unwrap()], &path, TODAY);
        let said = text(&out.stdout) + &text(&out.stderr);
        assert!(
            said.contains("line 2") && said.contains("0000-01-01 to 9999-12-31"),
            "{close}: the row is refused with its line and the range: {said}"
        );
        assert_eq!(fs::read(&path).unwrap(), before, "{close}");
    }
}

#[test]
fn a_date_the_format_cannot_hold_is_never_written() {
    let (_dir, path) = sample_copy();
    let loaded = konto::storage::load(&path).unwrap();
    let mut book = loaded.book.clone();
    book.clients[0].next_checkin = chrono::NaiveDate::from_ymd_opt(10110, 4, 4);
    let before = fs::read(&path).unwrap();
    let refused = konto::storage::save_edit(&path, &book, &loaded.book, loaded.fingerprint);
    assert!(refused.is_err(), "a year-10110 date was saved");
    assert!(
        refused.unwrap_err().to_string().contains("9999-12-31"),
        "the message names the range"
    );
    let refused = konto::storage::save(&path, &book, None);
    assert!(refused.is_err());
    assert_eq!(fs::read(&path).unwrap(), before);
}

const STRUCT_NAMES: &str = r#"#![enable(explicit_struct_names, implicit_some)]
Book(
    version: 2,
    owner: "Mette",
    clients: [
        Client(id: "atlas", name: "Atlas Capital", tier: Key),
        Client(id: "borealis", name: "Borealis", notes: "hi"),
    ],
)
"#;

#[test]
fn a_book_with_explicit_struct_names_loads_after_every_kind_of_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(&path, STRUCT_NAMES).unwrap();
    // Two edits of one client (the splice), then a task, then a new client and a whole save.
    for args in [
        &["note", "atlas", "first"][..],
        &["note", "atlas", "second"],
        &["task", "add", "borealis", "Send deck", "--due", "fri"],
    ] {
        let out = run(args, &path, TODAY);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        loads_without_cache(&path).unwrap_or_else(|e| panic!("after {args:?}: {e}"));
        loads_without_cache(&bak(&path)).unwrap_or_else(|e| panic!(".bak after {args:?}: {e}"));
    }
    let loaded = konto::storage::load(&path).unwrap();
    let mut added = loaded.book.clone();
    added
        .clients
        .push(konto::model::Client::new("cygnus", "Cygnus"));
    let fingerprint =
        konto::storage::save_edit(&path, &added, &loaded.book, loaded.fingerprint).unwrap();
    assert_eq!(konto::storage::load(&path).unwrap().book, added);
    let mut whole = added.clone();
    whole.owner = Some("Mette Hansen".into());
    konto::storage::save_edit(&path, &whole, &added, fingerprint).unwrap();
    assert_eq!(konto::storage::load(&path).unwrap().book, whole);
    let written = fs::read_to_string(&path).unwrap();
    assert!(written.contains("explicit_struct_names"), "{written}");
    assert!(
        written.contains("Client("),
        "the dialect is kept: {written}"
    );
    loads_without_cache(&path).unwrap();
    loads_without_cache(&bak(&path)).unwrap();
}

#[test]
fn check_warns_after_an_edit_as_it_did_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(
        &path,
        r#"(clients: [(id: "a", name: "A", gifts: [(date: "2026-11-02", recipient: "Ole", description: "Wine", value: 50, exempt: true)])])"#,
    )
    .unwrap();
    let before = run(&["check"], &path, TODAY);
    assert!(
        text(&before.stdout).contains("2 warnings"),
        "{}",
        text(&before.stdout)
    );
    assert!(run(&["note", "a", "called"], &path, TODAY).status.success());
    let after = run(&["check"], &path, TODAY);
    let said = text(&after.stdout) + &text(&after.stderr);
    assert!(
        said.contains("2 warnings"),
        "the cache quieted the warnings: {said}"
    );
    assert!(said.contains("exempt with no reason"), "{said}");
}
