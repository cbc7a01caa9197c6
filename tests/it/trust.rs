//! The cache never hides a book that does not load: every save leaves a file that loads
//! on its own, in its own dialect, and nothing konto writes can make it unloadable.

use crate::support;

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
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

#[test]
fn an_export_never_replaces_a_link_or_writes_into_the_systems_folders() {
    let (dir, path) = sample_copy();
    let target = dir.path().join("precious.txt");
    fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("out.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(
        &["export", "json", "--out", link.to_str().unwrap(), "--force"],
        &path,
        TODAY,
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("symbolic link") && stderr.contains("precious.txt"),
        "{stderr}"
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    // A name in /dev that nothing uses: were it written, it would be a file there.
    let in_dev = "/dev/konto-export-test-never-written";
    let out = run(
        &["export", "json", "--out", in_dev, "--force"],
        &path,
        TODAY,
    );
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("/dev"), "{}", text(&out.stderr));
    assert!(!Path::new(in_dev).exists());
}

#[test]
fn an_amount_an_import_cannot_read_exactly_is_refused_with_its_row_and_value() {
    let (dir, path) = sample_copy();
    let csv = dir.path().join("accounts.csv");
    let bad = [
        "1.2E+07.5",
        "\"12,50\"",
        "(5000)",
        "0.001",
        "12.345",
        "1e308",
        "\"$1,2m\"",
    ];
    let mut rows = String::from("Account Name,Annual Revenue\nGood Co,1.2E+06\n");
    for (n, value) in bad.iter().enumerate() {
        writeln!(rows, "Bad {n} Co,{value}").unwrap();
    }
    fs::write(&csv, rows).unwrap();
    let out = run(&["import", "csv", csv.to_str().unwrap()], &path, TODAY);
    let said = text(&out.stdout) + &text(&out.stderr);
    for (n, value) in bad.iter().enumerate() {
        let line = n + 3;
        assert!(
            said.contains(&format!("line {line}")) && said.contains(value.trim_matches(['"', '$'])),
            "row {line} ({value}) is refused by line and value: {said}"
        );
    }
    let book = konto::storage::load(&path).unwrap().book;
    assert!(book.clients.iter().any(|c| c.name == "Good Co"), "{said}");
    assert!(
        !book.clients.iter().any(|c| c.name.starts_with("Bad ")),
        "{said}"
    );
}

#[test]
fn capture_json_is_json_whatever_a_meeting_title_holds() {
    let (dir, path) = sample_copy();
    let out = capture_dry_run(
        dir.path(),
        &path,
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:bidi-1\r\nDTSTART:20261125T100000Z\r\n\
         SUMMARY:Review \u{202e}fdp.exe\r\nATTENDEE:mailto:soren@nordlys.example\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(!shown.contains('\u{202e}'), "raw bidi override: {shown}");
    let value: serde_json::Value =
        serde_json::from_str(&shown).unwrap_or_else(|e| panic!("{e}: {shown}"));
    assert_eq!(value["logged"][0]["summary"], "Review \u{202e}fdp.exe");
}

#[test]
fn a_line_break_in_a_deal_title_never_fakes_a_line_of_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(
        &path,
        "(team: [(id: \"ida\", name: \"Ida\")], clients: [(id: \"a\", name: \"A\", deals: [(title: \"Real\\nerror: FAKE LINE\", amount: 5)])])",
    )
    .unwrap();
    for args in [
        &["task", "add", "a", "Call", "--deal", "nope"][..],
        &["task", "add", "a", "Call", "--owner", "i\nerror: FAKE"],
    ] {
        let out = run(args, &path, TODAY);
        assert!(!out.status.success());
        let stderr = text(&out.stderr);
        assert!(
            !stderr.lines().any(|l| l.starts_with("error: FAKE")),
            "{args:?}: {stderr}"
        );
    }
}

/// A calendar of `events` daily meetings with Søren since year 0000, each repeating as
/// `rule` says.
fn calendar_since_year_zero(events: usize, rule: &str) -> String {
    let mut ics = String::from("BEGIN:VCALENDAR\r\n");
    for n in 0..events {
        write!(
            ics,
            "BEGIN:VEVENT\r\nUID:old-{n}\r\nDTSTART:00000101T{:02}0000Z\r\nRRULE:{rule}\r\nSUMMARY:Stand-up {n}\r\nATTENDEE:mailto:soren@nordlys.example\r\nEND:VEVENT\r\n",
            n % 24
        )
        .unwrap();
    }
    ics.push_str("END:VCALENDAR\r\n");
    ics
}

/// `konto capture --dry-run --json` over a calendar of `ics`'s text.
fn capture_dry_run(dir: &Path, path: &Path, ics: &str) -> Output {
    let file = dir.join("cal.ics");
    fs::write(&file, ics).unwrap();
    run(
        &[
            "capture",
            "--ics",
            file.to_str().unwrap(),
            "--tz",
            "UTC",
            "--dry-run",
            "--json",
        ],
        path,
        TODAY,
    )
}

fn capture_json(dir: &Path, path: &Path, ics: &str) -> serde_json::Value {
    let out = capture_dry_run(dir, path, ics);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_rule_repeating_since_year_zero_logs_only_the_books_horizon() {
    let (dir, path) = sample_copy();
    let value = capture_json(
        dir.path(),
        &path,
        &calendar_since_year_zero(20, "FREQ=DAILY"),
    );
    let logged = value["logged"].as_array().unwrap();
    // A year back (the sample's oldest interaction is younger), once a day, per event.
    assert!(
        logged.len() <= 20 * 367 && logged.len() >= 20 * 360,
        "{} meetings logged",
        logged.len()
    );
    let oldest = logged
        .iter()
        .filter_map(|l| l["date"].as_str())
        .min()
        .unwrap();
    assert!(oldest >= "2025-12-01", "{oldest}");
}

#[test]
fn a_rule_repeating_every_second_counts_once_a_day_and_a_run_is_bounded() {
    let (dir, path) = sample_copy();
    let value = capture_json(
        dir.path(),
        &path,
        &calendar_since_year_zero(50, "FREQ=SECONDLY"),
    );
    let logged = value["logged"].as_array().unwrap().len();
    assert!(
        logged <= 50 * 367,
        "{logged} meetings from 50 events over a year, once a day each"
    );
    let value = capture_json(
        dir.path(),
        &path,
        &calendar_since_year_zero(150, "FREQ=DAILY"),
    );
    let logged = value["logged"].as_array().unwrap().len();
    let already = usize::try_from(value["already"].as_u64().unwrap()).unwrap();
    assert_eq!(logged + already, konto::capture::MAX_ACTIVITIES);
    assert!(value["over_limit"].as_u64().unwrap() > 0, "the cut is said");
}

/// Runs `command` for at most ten seconds: a hang is a failure, not a stuck test run.
fn within_ten_seconds(mut command: Command) -> Output {
    use std::time::{Duration, Instant};
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("hung: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn a_fifo_or_device_as_a_capture_source_or_the_cache_is_refused_not_waited_on() {
    let (dir, path) = sample_copy();
    let fifo = dir.path().join("mail.fifo");
    mkfifo(&fifo);
    let cache = dir.path().join("cache");
    for (flag, source) in [
        ("--eml", "/dev/zero"),
        ("--eml", fifo.to_str().unwrap()),
        ("--mbox", fifo.to_str().unwrap()),
        ("--ics", "/dev/zero"),
        ("--ics", fifo.to_str().unwrap()),
    ] {
        let mut command = konto(&cache);
        command.args([
            "capture",
            flag,
            source,
            "--me",
            "mette@ourco.example",
            "--data",
            path.to_str().unwrap(),
            "--today",
            TODAY,
        ]);
        let out = within_ten_seconds(command);
        assert!(!out.status.success(), "{flag} {source}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("not a file"), "{flag} {source}: {stderr}");
    }
    // A FIFO where the cache file goes is no copy of the book.
    let books = cache.join("konto").join("books");
    fs::create_dir_all(&books).unwrap();
    let copy = konto::storage::cache::file_for(&books, &path);
    let _ = fs::remove_file(&copy);
    mkfifo(&copy);
    let mut command = konto(&cache);
    command.args(["check", "--data", path.to_str().unwrap(), "--today", TODAY]);
    let out = within_ten_seconds(command);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_save_killed_at_any_step_never_leaves_the_book_and_backup_as_one_file() {
    use std::os::unix::fs::MetadataExt;
    for point in ["after-stage", "after-swap", "after-rename"] {
        let (_dir, path) = sample_copy();
        let cache = path.parent().unwrap().join("cache");
        let note = |text: &str, fault: Option<&str>| {
            let mut command = konto(&cache);
            command.args(["note", "lumen-health", text]).args([
                "--data",
                path.to_str().unwrap(),
                "--today",
                TODAY,
            ]);
            if let Some(fault) = fault {
                command.env("KONTO_FAULT", fault);
            }
            command.output().unwrap()
        };
        // A first save, so that a backup exists before the killed one.
        assert!(note("first", None).status.success());
        let out = note("killed mid-save", Some(point));
        assert!(
            !out.status.success(),
            "{point}: the fault hook stops the process"
        );
        let book = fs::metadata(&path).unwrap();
        let backup = fs::metadata(bak(&path)).unwrap();
        assert_ne!(
            (book.dev(), book.ino()),
            (backup.dev(), backup.ino()),
            "{point}: an editor writing the book in place would change the backup too"
        );
        // Written in place, as some editors do: the backup keeps what it had.
        let before = fs::read(bak(&path)).unwrap();
        fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"// edited in place\n")
            .unwrap();
        assert_eq!(fs::read(bak(&path)).unwrap(), before, "{point}");
    }
}

#[test]
fn a_book_replaced_by_another_program_during_a_save_is_not_overwritten() {
    // konto reads the book, then (slowed down) writes; meanwhile a program that takes no
    // lock renames its own version over the book. konto must notice before its rename.
    let (dir, path) = sample_copy();
    let child = konto(&dir.path().join("cache"))
        .args(["note", "lumen-health", "slow save"])
        .args(["--data", path.to_str().unwrap(), "--today", TODAY])
        .env("KONTO_FAULT", "slow-save")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let editors = dir.path().join("editor.tmp");
    let mut theirs = fs::read_to_string(&path).unwrap();
    theirs.push_str("// the editor's own change\n");
    fs::write(&editors, &theirs).unwrap();
    fs::rename(&editors, &path).unwrap();
    let out = child.wait_with_output().unwrap();
    let now = fs::read_to_string(&path).unwrap();
    assert!(
        now.contains("the editor's own change"),
        "konto overwrote the editor: {}",
        text(&out.stderr)
    );
    assert!(!out.status.success(), "konto says it did not save");
    assert!(
        text(&out.stderr).contains("changed"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_calendar_export_carries_no_bidi_override_or_control_character() {
    let (dir, path) = support::hostile_book();
    let out_file = dir.path().join("book.ics");
    let out = run(
        &["export", "ics", "--out", out_file.to_str().unwrap()],
        &path,
        TODAY,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ics = fs::read_to_string(&out_file).unwrap();
    assert!(ics.contains("FAKE ROW"), "the hostile text is exported");
    assert_eq!(support::terminal_unsafe(&ics), Vec::<char>::new());
}

#[test]
fn a_comment_above_a_client_stays_with_it_through_a_reformat_a_delete_and_an_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(
        &path,
        "(\n    clients: [\n        // Atlas: the red carpet\n        (id: \"atlas\", name: \"Atlas\"),\n        // Borealis: quiet\n        (id: \"borealis\", name: \"Borealis\"),\n    ],\n)\n",
    )
    .unwrap();
    let loaded = konto::storage::load(&path).unwrap();
    let original = loaded.book.clone();
    // An edit of Atlas writes it in konto's layout (the comment keeper places comments).
    let mut edited = original.clone();
    edited.clients[0].tier = Some(konto::model::Tier::Key);
    edited.owner = Some("Mette".into());
    let fp = konto::storage::save_edit(&path, &edited, &original, loaded.fingerprint).unwrap();
    let text_now = fs::read_to_string(&path).unwrap();
    let atlas_comment = text_now.find("// Atlas: the red carpet").unwrap();
    let atlas = text_now.find("id: \"atlas\"").unwrap();
    let borealis_comment = text_now.find("// Borealis: quiet").unwrap();
    assert!(
        atlas_comment < atlas && atlas < borealis_comment,
        "{text_now}"
    );
    // Delete Atlas, then undo: Borealis keeps its comment, Atlas does not come back under it.
    let mut deleted = edited.clone();
    deleted.clients.remove(0);
    let fp = konto::storage::save_edit(&path, &deleted, &edited, fp).unwrap();
    let text_now = fs::read_to_string(&path).unwrap();
    assert!(!text_now.contains("Atlas: the red carpet"), "{text_now}");
    assert!(text_now.contains("// Borealis: quiet"), "{text_now}");
    konto::storage::save_edit(&path, &edited, &deleted, fp).unwrap();
    let text_now = fs::read_to_string(&path).unwrap();
    let borealis_comment = text_now.find("// Borealis: quiet").unwrap();
    let atlas = text_now.find("id: \"atlas\"").unwrap();
    let borealis = text_now.find("id: \"borealis\"").unwrap();
    assert!(
        atlas < borealis_comment && borealis_comment < borealis,
        "the comment stays right above Borealis: {text_now}"
    );
    assert_eq!(konto::storage::load(&path).unwrap().book, edited);
}

/// The inbox proposes a person's name as the calendar gave it (`CN=`), not one made from
/// their address (issue 25).
#[test]
fn an_unknown_attendee_keeps_the_name_the_calendar_gave() {
    let (dir, path) = sample_copy();
    let value = capture_json(
        dir.path(),
        &path,
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:cn-1\r\nDTSTART:20261125T100000Z\r\n\
         SUMMARY:Plant tour\r\nATTENDEE;CN=\"Tomasz Zielinski\":mailto:t.z@krakowsteel.example\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let unknown = &value["unknown"][0];
    assert_eq!(unknown["address"], "t.z@krakowsteel.example", "{value}");
    assert_eq!(unknown["name"], "Tomasz Zielinski", "{value}");
}

/// A meeting captured with someone who was no contact yet names them once they are added
/// (issue 25).
#[test]
fn a_captured_meeting_names_a_person_once_they_are_added() {
    let (dir, path) = sample_copy();
    let ics = dir.path().join("tour.ics");
    fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:tour-1\r\nDTSTART:20261125T100000Z\r\n\
         SUMMARY:Plant tour\r\nATTENDEE;CN=Tomasz Zielinski:mailto:t.z@krakowsteel.example\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let out = run(
        &["capture", "--ics", ics.to_str().unwrap(), "--tz", "UTC"],
        &path,
        TODAY,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let tour = |book: &konto::model::Book| {
        book.client("krakow-steel")
            .unwrap()
            .interactions
            .iter()
            .find(|i| i.summary == "Plant tour")
            .unwrap()
            .clone()
    };
    let before = tour(&konto::storage::load(&path).unwrap().book);
    assert_eq!(before.addresses, ["t.z@krakowsteel.example"]);
    let out = run(
        &[
            "contact",
            "add",
            "krakow-steel",
            "Tomasz Zielinski",
            "--email",
            "T.Z@krakowsteel.example",
        ],
        &path,
        TODAY,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = tour(&konto::storage::load(&path).unwrap().book);
    assert_eq!(after.with, ["tomasz-zielinski"]);
    assert!(after.addresses.is_empty());
}

/// Issue 31: a command that finds the book's stat as it was when its fingerprint was last
/// taken (long enough after its last change) trusts that fingerprint without reading the
/// text. A hand edit that keeps the length and sets the modification time back still
/// changes the status-change time, so the edit is read, never a stale copy.
#[test]
fn a_hand_edit_that_keeps_the_length_and_the_modification_time_is_read() {
    let (dir, path) = sample_copy();
    let cache = dir.path().join("cache");
    let names = || {
        let out = konto(&cache)
            .args([
                "rank",
                "--json",
                "--data",
                path.to_str().unwrap(),
                "--today",
                TODAY,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // The file settles (the fingerprint is remembered only for a file unchanged for a
    // few seconds), then a run remembers it and the next one answers from the cache.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let before = names();
    let stamps = || {
        fs::read_dir(cache.join("konto/books"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".stamp"))
            .count()
    };
    assert_eq!(stamps(), 1, "the settled book's fingerprint is remembered");
    assert!(before.contains("Lumen Health"));
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replacen("Lumen Health", "Lumen Wealth", 1);
    assert_eq!(edited.len(), text.len());
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    fs::write(&path, &edited).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(fs::metadata(&path).unwrap().len(), text.len() as u64);
    let after = names();
    assert!(after.contains("Lumen Wealth"), "{after}");
    assert!(!after.contains("Lumen Health"));
}
