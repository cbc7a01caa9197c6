//! Nothing lost under faults: killed saves, concurrent writers, bad files, closed pipes,
//! crashes.

use crate::support;

use std::fmt::Write;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::Duration;

use support::pty::Session;
use support::sample_copy;

const TODAY: &str = "2026-11-27";

fn konto() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_konto"));
    command.env_remove("KONTO_DATA").env("KONTO_CACHE", "off");
    command
}

fn run(args: &[&str], book: &Path) -> Output {
    konto()
        .args(args)
        .args(["--data", book.to_str().unwrap(), "--today", TODAY])
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A generated book big enough that saving it takes a while.
fn big_book(dir: &Path, clients: usize) -> PathBuf {
    let path = dir.join("book.ron");
    let book = konto::demo::generate(
        clients,
        11,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    );
    konto::storage::save(&path, &book, None).unwrap();
    path
}

/// Files beside the book whose names start with `.book.ron.` and end in `.tmp`.
fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".book.ron.") && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_save_stopped_dead_before_the_rename_leaves_the_old_book_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = big_book(dir.path(), 300);
    let old = fs::read(&path).unwrap();
    let id = konto::storage::load(&path).unwrap().book.clients[17]
        .id
        .clone();
    let args = ["log", id.as_str(), "Crash-tested call"];
    // The process dies (abort, no clean-up) with the new text written to its temporary
    // file and not yet renamed over the book.
    let out = konto()
        .args(args)
        .args(["--data", path.to_str().unwrap(), "--today", TODAY])
        .env("KONTO_FAULT", "after-stage")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the fault hook stops the process");
    assert_eq!(
        fs::read(&path).unwrap(),
        old,
        "the book is the old one, whole"
    );
    assert_eq!(
        temporaries(dir.path()).len(),
        1,
        "the written temporary is left"
    );
    // The next save finishes the job and sweeps the leftover away.
    assert!(run(&args, &path).status.success());
    let book = konto::storage::load(&path).unwrap().book;
    assert!(
        book.client(&id)
            .unwrap()
            .interactions
            .iter()
            .any(|i| i.summary == "Crash-tested call")
    );
    assert!(
        temporaries(dir.path()).is_empty(),
        "{:?}",
        temporaries(dir.path())
    );
}

/// A save killed at each step (its text staged, the new file swapped in, the old one
/// renamed to the backup) leaves the old book or the new one, whole, each half reached on
/// purpose rather than by a timer, and the old text in the backup or in a temporary
/// beside it; the next save sweeps up what the dead one left.
#[test]
fn a_save_killed_at_each_step_leaves_the_old_or_the_new_book_whole() {
    killed_at_each_step(None);
}

/// The same through the cache, where a one-client edit copies the untouched text from
/// the old file itself (the cache remembers where the client is): killed at each step, it
/// leaves the old book or the new one, whole, and the old text kept.
#[test]
fn a_save_from_the_file_itself_killed_at_each_step_leaves_the_old_or_the_new_book_whole() {
    let cache = tempfile::tempdir().unwrap();
    killed_at_each_step(Some(cache.path()));
}

fn killed_at_each_step(cache: Option<&Path>) {
    let dir = tempfile::tempdir().unwrap();
    let path = big_book(dir.path(), 1500);
    let id = konto::storage::load(&path).unwrap().book.clients[17]
        .id
        .clone();
    let with_cache = |mut command: Command| {
        if let Some(cache) = cache {
            command
                .env_remove("KONTO_CACHE")
                .env("XDG_CACHE_HOME", cache);
        }
        command
    };
    let run = |args: &[&str], book: &Path| {
        with_cache(konto())
            .args(args)
            .args(["--data", book.to_str().unwrap(), "--today", TODAY])
            .output()
            .unwrap()
    };
    // A first edit, so that with the cache on it remembers where each client is in the
    // text every run below starts from; that cache is put back before each.
    assert!(
        run(&["log", id.as_str(), "A first call"], &path)
            .status
            .success()
    );
    let old = fs::read(&path).unwrap();
    let kept_cache = dir.path().join("kept-cache");
    if let Some(cache) = cache {
        let books = cache.join("konto/books");
        let fingerprint = konto::storage::Fingerprint::of(&old);
        assert!(
            konto::storage::cache::read_spans(&books, &path, fingerprint).is_some(),
            "the places of the clients are remembered"
        );
        copy_folder(&books, &kept_cache);
    }
    let restore_cache = || {
        if let Some(cache) = cache {
            let books = cache.join("konto/books");
            fs::remove_dir_all(&books).unwrap();
            copy_folder(&kept_cache, &books);
        }
    };
    let args = ["log", id.as_str(), "Crash-tested call"];
    // What a save that finishes writes.
    let reference = dir.path().join("reference.ron");
    fs::copy(&path, &reference).unwrap();
    assert!(run(&args, &reference).status.success());
    let new = fs::read(&reference).unwrap();
    fs::remove_file(&reference).unwrap();
    assert_ne!(old, new);

    for (point, leaves_new) in [
        ("after-stage", false),
        ("after-swap", true),
        ("after-rename", true),
    ] {
        fs::write(&path, &old).unwrap();
        restore_cache();
        let out = with_cache(konto())
            .args(args)
            .args(["--data", path.to_str().unwrap(), "--today", TODAY])
            .env("KONTO_FAULT", point)
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{point}: the fault hook stops the process"
        );
        let now = fs::read(&path).unwrap();
        assert!(
            now == if leaves_new { new.clone() } else { old.clone() },
            "{point}: the book is not the {} one, whole",
            if leaves_new { "new" } else { "old" }
        );
        konto::storage::load(&path).expect("whole and loadable");
        if leaves_new {
            // The old text is the backup, or (killed between the swap and the backup's
            // rename) a temporary beside the book.
            let backup = fs::read(path.with_extension("ron.bak")).ok();
            let left: Vec<Vec<u8>> = temporaries(dir.path())
                .iter()
                .map(|t| fs::read(dir.path().join(t)).unwrap())
                .collect();
            assert!(
                backup.as_ref() == Some(&old) || left.contains(&old),
                "{point}: the old book is kept"
            );
        }
        next_saves_sweep(dir.path(), &path, &args, point);
    }
}

/// The next save after one killed at `point` goes through and sweeps what the killed one
/// left. The backup it replaces is retired under a temporary name (freeing it is left to
/// the next save), and is the only temporary left; the save after removes it in turn.
fn next_saves_sweep(dir: &Path, path: &Path, args: &[&str], point: &str) {
    let backup_before = fs::read(path.with_extension("ron.bak")).ok();
    assert!(run(args, path).status.success(), "{point}");
    let retired = temporaries(dir);
    assert!(
        retired.len() <= 1
            && retired
                .iter()
                .all(|t| fs::read(dir.join(t)).ok() == backup_before),
        "{point}: {retired:?}"
    );
    assert!(run(args, path).status.success(), "{point}");
    let left = temporaries(dir);
    assert!(
        left.len() <= 1 && retired.iter().all(|t| !left.contains(t)),
        "{point}: {left:?}"
    );
}

/// Copies the files of folder `from` into a new folder `to`.
fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn a_full_disk_keeps_the_book_and_the_last_good_backup() {
    let (dir, path) = sample_copy();
    // A first change, so that a backup of an older version exists.
    assert!(
        run(&["note", "lumen-health", "First"], &path)
            .status
            .success()
    );
    let book = fs::read(&path).unwrap();
    let backup_path = dir.path().join("book.ron.bak");
    let backup = fs::read(&backup_path).unwrap();
    assert_ne!(book, backup);
    // The file-size limit lets the old book's size through, not the new one's: the
    // write of the new book fails as it would on a full disk. SIGXFSZ is ignored so
    // that the write fails with an error instead of killing the process.
    let limit = book.len() + 16;
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; exec prlimit --fsize={limit} \"$@\""))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_konto"))
        .args(["note", "lumen-health", &"A long second note. ".repeat(10)])
        .args(["--data", path.to_str().unwrap(), "--today", TODAY])
        .env_remove("KONTO_DATA")
        .env("KONTO_CACHE", "off")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("larger than this system allows"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), book, "the book is untouched");
    assert_eq!(
        fs::read(&backup_path).unwrap(),
        backup,
        "the last good backup is still there"
    );
    assert!(
        temporaries(dir.path()).is_empty(),
        "no temporary left behind"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_book_is_refused_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = sample_copy();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    assert_refused_untouched(&path, &["log", "lumen-health", "Called"], "read-only");
    assert_refused_untouched(&path, &["note", "lumen-health", "x"], "nothing was changed");
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

/// The same through the cache, where a one-client edit reads its client alone and
/// writes from the file itself: refused with the same words, the book and the cache's
/// files as they were.
#[cfg(unix)]
#[test]
fn a_read_only_book_is_refused_through_the_cache_too() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = sample_copy();
    let cache = dir.path().join("cache");
    // A first edit leaves where the clients are: the next one reads its client alone.
    let first = run_briefly_cached(&["log", "lumen-health", "First"], &path, &cache);
    assert!(first.status.success(), "{}", text(&first.stderr));
    // The copies and where the clients are (not the stamp, which may learn the same
    // text's fingerprint once it has settled).
    let files = |folder: &Path| -> Vec<(String, Vec<u8>)> {
        let mut all: Vec<_> = fs::read_dir(folder)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .filter(|(name, _)| !name.ends_with(".stamp"))
            .collect();
        all.sort();
        all
    };
    let books = cache.join("konto/books");
    assert!(
        files(&books)
            .iter()
            .any(|(name, _)| name.ends_with(".spans.bin"))
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let (book, copies) = (fs::read(&path).unwrap(), files(&books));
    for args in [
        &["log", "lumen-health", "Called"][..],
        &["note", "lumen-health", "x"],
    ] {
        let out = run_briefly_cached(args, &path, &cache);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("read-only") && !err.contains("panicked"),
            "{err}"
        );
        assert_eq!(fs::read(&path).unwrap(), book, "{args:?} touched the book");
        assert!(files(&books) == copies, "{args:?} touched the cache");
    }
}

/// Runs konto and gives up after a few seconds, so a hang fails the test instead of
/// stopping the suite.
fn run_briefly(args: &[&str], book: &Path) -> Output {
    run_briefly_with(konto(), args, book)
}

/// [`run_briefly`] with the cache on, in `cache`.
fn run_briefly_cached(args: &[&str], book: &Path, cache: &Path) -> Output {
    let mut command = konto();
    command
        .env_remove("KONTO_CACHE")
        .env("XDG_CACHE_HOME", cache);
    run_briefly_with(command, args, book)
}

fn run_briefly_with(mut command: Command, args: &[&str], book: &Path) -> Output {
    let mut child = command
        .args(args)
        .args(["--data", book.to_str().unwrap(), "--today", TODAY])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("konto {args:?} hung on {}", book.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_the_book_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let cache = dir.path().join("cache");
    for args in [
        &["remind"][..],
        &["rank"],
        &["quota"],
        &["tasks"],
        &["check"],
        &["log", "a", "x"],
    ] {
        // With the cache on too: the daily commands look for their copy first.
        for out in [
            run_briefly(args, &fifo),
            run_briefly_cached(args, &fifo, &cache),
        ] {
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert!(
                text(&out.stderr).contains("is a named pipe (FIFO), not a book file"),
                "{args:?}: {}",
                text(&out.stderr)
            );
        }
    }
    for out in [
        run_briefly(&["remind"], Path::new("/dev/zero")),
        run_briefly_cached(&["remind"], Path::new("/dev/zero"), &cache),
    ] {
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("is a device"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = run_briefly(
        &["demo", "--clients", "2", "--out", fifo.to_str().unwrap()],
        &fifo,
    );
    assert_eq!(out.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn planted_links_do_not_redirect_the_lock_or_a_conflict_copy() {
    let (dir, path) = sample_copy();
    let victim = dir.path().join("victim");
    std::os::unix::fs::symlink(&victim, dir.path().join(".book.ron.lock")).unwrap();
    let out = run(&["log", "lumen-health", "Called"], &path);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("symbolic link"),
        "{}",
        text(&out.stderr)
    );
    assert!(!victim.exists(), "the link was not followed");

    fs::remove_file(dir.path().join(".book.ron.lock")).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let planted = dir.path().join("book.conflict-2026-11-27-theirs.ron");
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let book = konto::storage::load(&path).unwrap().book;
    let copy = konto::storage::write_copy(&path, &book, day, "theirs").unwrap();
    assert_ne!(copy, planted);
    assert!(
        !victim.exists(),
        "the planted link was skipped, not written through"
    );
    assert_eq!(konto::storage::load(&copy).unwrap().book, book);
}

#[test]
fn an_import_beside_konto_processes_logging_keeps_every_change() {
    let (dir, path) = sample_copy();
    let csv = dir.path().join("accounts.csv");
    let mut rows = String::from("Account Name,Industry\n");
    for n in 0..2000 {
        writeln!(rows, "Imported {n},Retail").unwrap();
    }
    fs::write(&csv, rows).unwrap();
    let ids = [
        "nordlys-bank",
        "fjord-shipping",
        "lumen-health",
        "bodega-verde",
    ];
    let spawn = |args: Vec<String>| {
        konto()
            .args(&args)
            .args(["--data", path.to_str().unwrap(), "--today", TODAY])
            .output()
            .unwrap()
    };
    thread::scope(|scope| {
        let import = scope.spawn(|| {
            spawn(vec![
                "import".into(),
                "csv".into(),
                csv.to_str().unwrap().into(),
            ])
        });
        let logs: Vec<_> = ids
            .iter()
            .map(|id| {
                let spawn = &spawn;
                scope.spawn(move || {
                    spawn(vec![
                        "log".into(),
                        (*id).into(),
                        "Called during the import".into(),
                    ])
                })
            })
            .collect();
        let import = import.join().unwrap();
        assert!(import.status.success(), "{}", text(&import.stderr));
        for log in logs {
            let log = log.join().unwrap();
            assert!(log.status.success(), "{}", text(&log.stderr));
        }
    });
    let book = konto::storage::load(&path).unwrap().book;
    assert_eq!(book.clients.len(), 14 + 2000);
    for id in ids {
        assert!(
            book.client(id)
                .unwrap()
                .interactions
                .iter()
                .any(|i| i.summary == "Called during the import"),
            "{id}"
        );
    }
}

#[test]
fn konto_processes_logging_at_once_all_get_their_change_in() {
    logging_at_once(None);
}

/// With the cache on, each process patches the copy and finds its client where the last
/// one left it: every call is still in, and the copy the last one left is the text's.
#[test]
fn konto_processes_logging_at_once_through_the_cache_all_get_their_change_in() {
    let cache = tempfile::tempdir().unwrap();
    logging_at_once(Some(cache.path()));
}

fn logging_at_once(cache: Option<&Path>) {
    let (_dir, path) = sample_copy();
    let ids = [
        "nordlys-bank",
        "fjord-shipping",
        "helvetia-re",
        "tokyo-kaijo",
        "bodega-verde",
        "aalborg-energi",
        "krakow-steel",
        "lumen-health",
    ];
    let children: Vec<_> = ids
        .iter()
        .map(|id| {
            let mut command = konto();
            if let Some(cache) = cache {
                command
                    .env_remove("KONTO_CACHE")
                    .env("XDG_CACHE_HOME", cache);
            }
            command
                .args(["log", id, &format!("Concurrent call with {id}")])
                .args(["--data", path.to_str().unwrap(), "--today", TODAY])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let read = konto::storage::load(&path).unwrap();
    for id in ids {
        let last = read.book.client(id).unwrap().interactions.last().unwrap();
        assert_eq!(
            last.summary,
            format!("Concurrent call with {id}"),
            "{id}'s call was lost"
        );
    }
    if let Some(cache) = cache {
        let copy = konto::storage::cache::read(&cache.join("konto/books"), &path, read.fingerprint);
        assert_eq!(copy.as_ref(), Some(&read.book), "the copy is the text's");
    }
}

#[test]
fn two_dashboards_editing_different_clients_both_keep_their_edit() {
    let (_dir, path) = sample_copy();
    let args = [
        "--data",
        path.to_str().unwrap(),
        "--today",
        TODAY,
        "--no-reminders",
    ];
    let mut first = Session::start(&args, &[], 120, 40);
    let mut second = Session::start(&args, &[], 120, 40);
    first.wait_for("1 Portfolio · 14 clients");
    second.wait_for("1 Portfolio · 14 clients");

    let note_on_disk = |id: &str, note: &str| {
        // Whichever window saves second finds the file changed and merges: its status line
        // may say so rather than "Added a note", so the file itself is watched.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            let saved = konto::storage::load(&path)
                .ok()
                .and_then(|l| l.book.client(id).and_then(|c| c.notes.clone()))
                .is_some_and(|n| n.ends_with(note));
            if saved {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        panic!("{note:?} never reached the file");
    };

    first.send("/lumen");
    first.send("\r");
    first.send("N");
    first.wait_for("Note on Lumen Health");
    first.send("First window's note\r");
    note_on_disk("lumen-health", "First window's note");

    second.send("/bodega");
    second.send("\r");
    second.send("N");
    second.wait_for("Note on Bodega Verde S.L.");
    second.send("Second window's note\r");
    note_on_disk("bodega-verde", "Second window's note");
    first.wait_for("· saved ·");
    second.wait_for("· saved ·");

    first.send("q");
    second.send("q");
    assert_eq!(first.wait_exit(), 0);
    assert_eq!(second.wait_exit(), 0);
    let book = konto::storage::load(&path).unwrap().book;
    let lumen = book.client("lumen-health").unwrap().notes.clone().unwrap();
    let bodega = book.client("bodega-verde").unwrap().notes.clone().unwrap();
    assert!(lumen.ends_with("First window's note"), "{lumen}");
    assert!(bodega.ends_with("Second window's note"), "{bodega}");
}

fn assert_refused_untouched(path: &Path, args: &[&str], says: &str) {
    let before = fs::read(path).ok();
    let out = run(args, path);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?}: {}",
        text(&out.stderr)
    );
    let err = text(&out.stderr);
    assert!(err.contains(says), "{args:?}: expected {says:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(fs::read(path).ok(), before, "{args:?} touched the file");
}

#[test]
fn bad_files_get_clear_messages_and_stay_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.ron");
    let mut line = String::from("(owner: \"");
    line.push_str(&"x".repeat(5_000_000));
    line.push_str("\", clients: [(id: \"a\", name: \"A\", tier: Huge)])");
    fs::write(&huge, &line).unwrap();
    assert_refused_untouched(&huge, &["check"], "`Huge` is not a tier");
    assert_refused_untouched(&huge, &["log", "a", "call"], "`Huge` is not a tier");

    let garbage = dir.path().join("garbage.ron");
    fs::write(
        &garbage,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert_refused_untouched(&garbage, &["check"], "garbage.ron");

    let empty = dir.path().join("empty.ron");
    fs::write(&empty, "").unwrap();
    assert_refused_untouched(&empty, &["remind"], "the file is empty");

    let folder = dir.path().join("folder.ron");
    fs::create_dir(&folder).unwrap();
    assert_refused_untouched(&folder, &["check"], "is a folder, not a book file");

    let future = dir.path().join("future.ron");
    fs::write(&future, "(version: 9, clients: [], teleporter: true)").unwrap();
    assert_refused_untouched(&future, &["note", "a", "x"], "made by a newer konto");
}

/// Runs konto as the unprivileged user `nobody` (root reads and writes anything, so
/// permission errors can only be shown without it).
#[cfg(target_os = "linux")]
fn as_nobody(args: &[&str], book: &Path) -> Option<Output> {
    use std::os::unix::fs::PermissionsExt;
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    // The build folder may sit where `nobody` cannot go: run a copy of the binary from a
    // folder anyone may enter.
    let bin_dir = tempfile::tempdir().ok()?;
    fs::set_permissions(bin_dir.path(), fs::Permissions::from_mode(0o755)).ok()?;
    let binary = bin_dir.path().join("konto");
    fs::copy(env!("CARGO_BIN_EXE_konto"), &binary).ok()?;
    fs::set_permissions(&binary, fs::Permissions::from_mode(0o755)).ok()?;
    let run = || {
        Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary)
            .args(args)
            .args(["--data", book.to_str().unwrap(), "--today", TODAY])
            .env_remove("KONTO_DATA")
            .env("KONTO_CACHE", "off")
            .output()
            .ok()
    };
    // A freshly copied binary can be briefly "busy" while another test thread forks.
    for _ in 0..10 {
        let out = run()?;
        if !text(&out.stderr).contains("Text file busy") {
            return Some(out);
        }
        thread::sleep(Duration::from_millis(50));
    }
    run()
}

#[cfg(target_os = "linux")]
#[test]
fn unreadable_books_and_read_only_folders_are_explained() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let book = dir.path().join("book.ron");
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron"),
        &book,
    )
    .unwrap();

    // A book nobody else may read.
    fs::set_permissions(&book, fs::Permissions::from_mode(0o600)).unwrap();
    let before = fs::read(&book).unwrap();
    let me = unsafe_uid();
    if me == 0 {
        let Some(out) = as_nobody(&["remind"], &book) else {
            panic!("setpriv is needed to test permissions as root");
        };
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("cannot read"),
            "{}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains("permission denied"));

        // Readable, but in a folder nobody may write to: the change is refused, the file kept.
        fs::set_permissions(&book, fs::Permissions::from_mode(0o644)).unwrap();
        let out = as_nobody(&["note", "lumen-health", "hello"], &book).unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(err.contains("permission denied"), "{err}");
        assert!(err.contains("Nothing was recorded"), "{err}");
    } else {
        fs::set_permissions(&book, fs::Permissions::from_mode(0o000)).unwrap();
        let out = run(&["remind"], &book);
        assert!(text(&out.stderr).contains("permission denied"));
        fs::set_permissions(&book, fs::Permissions::from_mode(0o644)).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let out = run(&["note", "lumen-health", "hello"], &book);
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        assert!(text(&out.stderr).contains("permission denied"));
    }
    assert_eq!(fs::read(&book).unwrap(), before);
}

/// The effective user id, read from /proc (no libc needed for one number).
#[cfg(target_os = "linux")]
fn unsafe_uid() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn closed_pipes_end_quietly() {
    let (_dir, path) = sample_copy();
    for args in [
        vec!["remind"],
        vec!["rank", "--explain"],
        vec!["export", "csv"],
        vec!["report"],
    ] {
        let mut child = konto()
            .args(&args)
            .args(["--data", path.to_str().unwrap(), "--today", TODAY])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -1`: read a little, then go away.
        let mut first = [0u8; 16];
        let _ = child.stdout.as_mut().unwrap().read(&mut first);
        drop(child.stdout.take());
        let status = child.wait().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(status.code().is_some(), "{args:?} died of a signal");
    }
}

#[test]
fn a_crash_gives_the_terminal_back_and_says_where_the_data_is() {
    let (_dir, path) = sample_copy();
    let mut konto = Session::start(
        &[
            "--data",
            path.to_str().unwrap(),
            "--today",
            TODAY,
            "--no-reminders",
        ],
        &[("KONTO_FAULT", Path::new("panic"))],
        100,
        30,
    );
    let code = konto.wait_exit();
    assert_ne!(code, 0);
    assert!(
        konto.terminal_restored(),
        "terminal left in raw/alternate mode"
    );
    let screen = konto.text();
    assert!(screen.contains("Your book is safe at"), "{screen}");
    assert!(screen.contains("book.ron"));
}
