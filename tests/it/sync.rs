//! `konto sync`: two machines (two home folders, each with its own book) kept in step
//! through a bare git repository in a temporary folder. No user's git configuration
//! leaks in, and nothing touches the network.

use crate::support;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::said;

const TODAY: &str = "2026-12-04";

/// One machine: a home folder of its own (konto's data folder, where the sync history
/// lives, is inside it) and its book.
struct Machine {
    home: tempfile::TempDir,
    book: PathBuf,
    name: &'static str,
}

impl Machine {
    fn new(name: &'static str) -> Machine {
        let home = tempfile::tempdir().unwrap();
        let book = home.path().join("books").join("book.ron");
        fs::create_dir_all(book.parent().unwrap()).unwrap();
        Machine { home, book, name }
    }

    /// This machine with a copy of the sample book.
    fn with_sample(name: &'static str) -> Machine {
        let machine = Machine::new(name);
        fs::copy(support::SAMPLE, &machine.book).unwrap();
        machine
    }

    fn konto(&self, args: &[&str]) -> Output {
        self.konto_with_path(args, None)
    }

    fn konto_with_path(&self, args: &[&str], path: Option<&str>) -> Output {
        let home = self.home.path();
        let mut command = crate::support::konto_bin();
        isolate(&mut command);
        if let Some(path) = path {
            command.env("PATH", path);
        }
        command
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("KONTO_CACHE", "off")
            .args(args)
            .args(["--data", self.book.to_str().unwrap(), "--today", TODAY])
            .output()
            .unwrap()
    }

    /// Runs konto and expects it to succeed.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.konto(args);
        assert!(
            out.status.success(),
            "{} {args:?}: {}",
            self.name,
            said(&out)
        );
        said(&out)
    }

    fn init(&self, hub: &Path) -> String {
        self.ok(&["sync", "init", hub.to_str().unwrap(), "--device", self.name])
    }

    fn text(&self) -> String {
        fs::read_to_string(&self.book).unwrap()
    }

    fn book(&self) -> konto::model::Book {
        konto::storage::load(&self.book).unwrap().book
    }
}

/// No git configuration of the user's or the system's.
fn isolate(command: &mut Command) {
    command
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
}

fn git(args: &[&str]) -> String {
    let mut command = Command::new("git");
    isolate(&mut command);
    let out = command.args(args).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", said(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A bare repository standing for the git host.
fn hub() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let hub = dir.path().join("hub.git");
    git(&["init", "--quiet", "--bare", hub.to_str().unwrap()]);
    (dir, hub)
}

/// Two machines in step on the sample book: A set it up, B took it from the hub.
fn two_machines() -> (tempfile::TempDir, PathBuf, Machine, Machine) {
    let (dir, hub) = hub();
    let a = Machine::with_sample("laptop");
    let b = Machine::new("desktop");
    a.init(&hub);
    b.init(&hub);
    (dir, hub, a, b)
}

#[test]
fn a_second_machine_takes_the_book_from_an_empty_start_and_both_stay_equal() {
    let (_dir, hub, a, b) = two_machines();
    assert_eq!(a.text(), b.text(), "B's book is A's, text and all");
    // Nothing to do: both say so.
    assert!(a.ok(&["sync"]).contains("Up to date"));
    assert!(b.ok(&["sync"]).contains("Up to date"));
    // The hub holds the book as one file of one branch; git never wrote a work tree.
    let listed = git(&[
        "--git-dir",
        hub.to_str().unwrap(),
        "ls-tree",
        "--name-only",
        "main",
    ]);
    assert_eq!(listed.trim(), "book.ron");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&b.book).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a book made by sync is private");
    }
}

#[test]
fn edits_to_different_clients_and_different_fields_of_one_deal_merge_cleanly() {
    let (_dir, _hub, a, b) = two_machines();
    // Offline, both machines work.
    a.ok(&["note", "nordlys-bank", "Asked about the SOC add-on"]);
    a.ok(&[
        "deal",
        "edit",
        "nordlys-bank",
        "managed-detection",
        "--amount",
        "150000",
    ]);
    b.ok(&["note", "fjord-shipping", "Fleet renewal in March"]);
    b.ok(&[
        "deal",
        "edit",
        "nordlys-bank",
        "managed-detection",
        "--close",
        "2027-01-15",
    ]);
    assert!(a.ok(&["sync"]).contains("Sent"));
    let merged = b.ok(&["sync"]);
    assert!(merged.contains("Merged"), "{merged}");
    assert!(a.ok(&["sync"]).contains("Took the remote's changes"));
    assert_eq!(a.book(), b.book(), "both machines hold the same book");
    let book = a.book();
    let nordlys = book.client("nordlys-bank").unwrap();
    let deal = nordlys.deal("managed-detection").unwrap();
    assert_eq!(deal.amount, Some(konto::model::Money::from_units(150_000)));
    assert_eq!(deal.close_date, "2027-01-15".parse().ok());
    assert!(nordlys.notes.as_deref().unwrap().contains("SOC add-on"));
    let fjord = book.client("fjord-shipping").unwrap();
    assert!(fjord.notes.as_deref().unwrap().contains("Fleet renewal"));
    // The history says which machine changed which client.
    let log = a.ok(&["sync", "log", "fjord-shipping"]);
    assert!(log.contains("desktop"), "{log}");
}

#[test]
fn the_same_field_changed_two_ways_stops_with_both_values_and_keep_settles_it() {
    let (_dir, hub, a, b) = two_machines();
    a.ok(&[
        "deal",
        "edit",
        "nordlys-bank",
        "managed-detection",
        "--amount",
        "145000",
    ]);
    b.ok(&[
        "deal",
        "edit",
        "nordlys-bank",
        "managed-detection",
        "--amount",
        "150000",
    ]);
    a.ok(&["sync"]);
    let before = b.text();
    let out = b.konto(&["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let told = said(&out);
    assert!(told.contains("Nordlys Bank"), "{told}");
    assert!(
        told.contains("deal `managed-detection`: amount: here 150000, there 145000"),
        "{told}"
    );
    assert!(told.contains("--keep mine"), "{told}");
    assert_eq!(b.text(), before, "a clash writes nothing to the book");
    assert!(b.ok(&["sync", "status"]).contains("A clash is waiting"));
    let parked = git(&[
        "--git-dir",
        hub.to_str().unwrap(),
        "for-each-ref",
        "--format=%(refname)",
        "refs/heads/conflicts",
    ]);
    assert_eq!(
        parked.trim(),
        "refs/heads/conflicts/desktop",
        "the desktop's commit waits on the hub"
    );

    b.ok(&["sync", "--keep", "theirs"]);
    a.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
    let amount = a
        .book()
        .client("nordlys-bank")
        .unwrap()
        .deal("managed-detection")
        .unwrap()
        .amount;
    assert_eq!(amount, Some(konto::model::Money::from_units(145_000)));
    assert!(!b.ok(&["sync", "status"]).contains("A clash is waiting"));
}

#[test]
fn an_unreachable_remote_keeps_the_change_here_and_the_next_sync_sends_it() {
    let (dir, hub, a, b) = two_machines();
    a.ok(&["note", "nordlys-bank", "Written on the train"]);
    let away = dir.path().join("away.git");
    fs::rename(&hub, &away).unwrap();
    let offline = a.ok(&["sync"]);
    assert!(offline.contains("Offline"), "{offline}");
    assert!(a.ok(&["sync", "status"]).contains("Not sent yet: 1 change"));
    fs::rename(&away, &hub).unwrap();
    assert!(a.ok(&["sync"]).contains("Sent"));
    b.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
}

#[test]
fn a_remote_book_with_conflict_markers_or_from_a_newer_konto_is_refused_and_nothing_written() {
    let (dir, hub, a, b) = two_machines();
    // Someone edits the book in their own clone of the hub and pushes it broken.
    let clone = dir.path().join("clone");
    git(&[
        "clone",
        "--quiet",
        "--branch",
        "main",
        hub.to_str().unwrap(),
        clone.to_str().unwrap(),
    ]);
    let file = clone.join("book.ron");
    let good = fs::read_to_string(&file).unwrap();
    let cases = [
        (
            good.replacen("    clients: [", "<<<<<<< HEAD\n    clients: [", 1),
            "conflict markers",
        ),
        (good.replacen("version: 3", "version: 99", 1), "newer konto"),
    ];
    for (text, says) in cases {
        fs::write(&file, text).unwrap();
        let dir_arg = clone.to_str().unwrap();
        git(&[
            "-C",
            dir_arg,
            "-c",
            "user.name=x",
            "-c",
            "user.email=x@x",
            "commit",
            "--quiet",
            "-am",
            "hand edit",
        ]);
        git(&["-C", dir_arg, "push", "--quiet", "origin", "HEAD:main"]);
        b.ok(&["note", "fjord-shipping", "Local work"]);
        let before = b.text();
        let out = b.konto(&["sync"]);
        assert_eq!(out.status.code(), Some(1), "{}", said(&out));
        assert!(said(&out).contains(says), "{}", said(&out));
        assert_eq!(b.text(), before, "nothing written");
    }
    drop(a);
}

#[test]
fn a_push_that_loses_a_race_fetches_merges_and_sends_again() {
    let (_dir, hub, a, b) = two_machines();
    // The hub rejects the first push it is offered, as if another machine got in first.
    let hook = hub.join("hooks").join("pre-receive");
    let flag = hub.join("rejected-once");
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\nif [ ! -e '{0}' ]; then touch '{0}'; echo 'busy, try again' >&2; exit 1; fi\nexit 0\n",
            flag.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    }
    a.ok(&["note", "nordlys-bank", "Race"]);
    let out = a.ok(&["sync"]);
    assert!(out.contains("Sent"), "{out}");
    assert!(flag.exists(), "the first push was rejected");
    b.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
}

#[test]
fn without_git_every_other_command_works_and_sync_says_how_to_get_it() {
    let a = Machine::with_sample("laptop");
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    let out = a.konto_with_path(&["sync", "init", "/nowhere/hub.git"], Some(path));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out).contains("git, which is not installed"),
        "{}",
        said(&out)
    );
    let out = a.konto_with_path(&["rank"], Some(path));
    assert!(out.status.success(), "{}", said(&out));
}

#[test]
fn killed_between_commit_and_push_the_next_sync_sends_it() {
    let (_dir, _hub, a, b) = two_machines();
    a.ok(&["note", "nordlys-bank", "Before the crash"]);
    let home = a.home.path();
    let mut command = crate::support::konto_bin();
    isolate(&mut command);
    let out = command
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("KONTO_CACHE", "off")
        .env("KONTO_FAULT", "after-commit")
        .args(["sync", "--data", a.book.to_str().unwrap(), "--today", TODAY])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the sync was stopped dead");
    assert!(a.ok(&["sync", "status"]).contains("Not sent yet: 1 change"));
    assert!(a.ok(&["sync"]).contains("Sent"));
    b.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
}

/// A repository of the user's own holding the book, with konto as its merge driver.
fn own_repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("work");
    fs::create_dir_all(&repo).unwrap();
    let r = repo.to_str().unwrap();
    git(&["init", "--quiet", "--initial-branch=main", r]);
    fs::copy(support::SAMPLE, repo.join("book.ron")).unwrap();
    fs::write(repo.join(".gitattributes"), "book.ron merge=konto\n").unwrap();
    let driver = format!("{} merge-driver %O %A %B %P", env!("CARGO_BIN_EXE_konto"));
    git(&["-C", r, "config", "merge.konto.driver", &driver]);
    git(&["-C", r, "config", "user.name", "me"]);
    git(&["-C", r, "config", "user.email", "me@example.com"]);
    git(&["-C", r, "add", "."]);
    git(&["-C", r, "commit", "--quiet", "-m", "book"]);
    (dir, repo)
}

fn konto_in(repo: &Path, args: &[&str]) {
    let out = support::konto_on(args, &repo.join("book.ron"), TODAY);
    assert!(out.status.success(), "{}", said(&out));
}

/// On `branch` of the repository: the deal's `flag` set to `value`, committed.
fn deal_edited_on(repo: &Path, branch: &str, flag: &str, value: &str) {
    let r = repo.to_str().unwrap();
    git(&["-C", r, "checkout", "--quiet", branch]);
    let args = [
        "deal",
        "edit",
        "nordlys-bank",
        "managed-detection",
        flag,
        value,
    ];
    konto_in(repo, &args);
    git(&[
        "-C",
        r,
        "commit",
        "--quiet",
        "-am",
        &format!("{branch}: {flag}"),
    ]);
}

#[test]
fn the_merge_driver_merges_a_book_in_a_repository_of_ones_own_and_never_writes_markers() {
    let (_dir, repo) = own_repository();
    let r = repo.to_str().unwrap();
    git(&["-C", r, "branch", "desktop"]);
    deal_edited_on(&repo, "desktop", "--close", "2027-01-15");
    deal_edited_on(&repo, "main", "--amount", "150000");
    // Neighbouring lines of one deal: a text merge would conflict; konto's does not.
    git(&["-C", r, "merge", "--quiet", "--no-edit", "desktop"]);
    let book = konto::storage::load(&repo.join("book.ron")).unwrap().book;
    let deal = book
        .client("nordlys-bank")
        .unwrap()
        .deal("managed-detection")
        .unwrap()
        .clone();
    assert_eq!(deal.amount, Some(konto::model::Money::from_units(150_000)));
    assert_eq!(deal.close_date, "2027-01-15".parse().ok());

    // The same field both ways: git is told it failed, the file still loads, no markers.
    deal_edited_on(&repo, "desktop", "--amount", "90000");
    deal_edited_on(&repo, "main", "--amount", "95000");
    let mut command = Command::new("git");
    isolate(&mut command);
    let out = command
        .args(["-C", r, "merge", "--no-edit", "desktop"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "git hears of the clash");
    let text = fs::read_to_string(repo.join("book.ron")).unwrap();
    assert!(!text.contains("<<<<<<<"), "no markers");
    let kept = konto::storage::parse(&text).unwrap().0;
    let amount = kept
        .client("nordlys-bank")
        .unwrap()
        .deal("managed-detection")
        .unwrap()
        .amount;
    assert_eq!(amount, Some(konto::model::Money::from_units(95_000)));
    let leftovers: Vec<_> = fs::read_dir(&repo)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("merge_file"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no lock or backup beside git's scratch file: {leftovers:?}"
    );
}

#[test]
fn konto_check_names_conflict_markers_and_what_settles_them() {
    let (_dir, path) = support::sample_copy();
    let text = fs::read_to_string(&path).unwrap();
    let broken = text.replacen(
        "    clients: [",
        "<<<<<<< HEAD\n    clients: [\n=======\n    clients: [\n>>>>>>> desktop",
        1,
    );
    fs::write(&path, broken).unwrap();
    let out = support::konto_on(&["check"], &path, TODAY);
    assert!(!out.status.success());
    let told = said(&out);
    assert!(told.contains("conflict markers"), "{told}");
    assert!(told.contains("konto merge-driver"), "{told}");
}

/// An edit of one field of one deal of the sample: (deal number among all the book's
/// deals, field, value).
type DealEdit = (usize, u8, u32);

fn deal_edits() -> impl proptest::strategy::Strategy<Value = Vec<DealEdit>> {
    proptest::collection::vec((0usize..6, 0u8..3, 1u32..4), 0..4)
}

/// The field an edit names, as a clash names it, and the value it sets.
fn field_of(book: &konto::model::Book, edit: DealEdit) -> Option<((String, String), String)> {
    let (at, field, value) = edit;
    let deals: Vec<(&konto::model::Client, &konto::model::Deal)> = book
        .clients
        .iter()
        .flat_map(|c| c.deals.iter().map(move |d| (c, d)))
        .collect();
    let (client, deal) = deals.get(at % deals.len().max(1))?;
    let (name, set) = match field {
        0 => ("amount", format!("{}", u64::from(value) * 1000)),
        1 => ("close_date", format!("2027-02-{:02}", 1 + value % 28)),
        _ => ("title", format!("Deal {value}")),
    };
    let path = format!("deal `{}`: {name}", deal.id);
    Some(((client.id.clone(), path), set))
}

/// `book` with the edits made (the last edit of a field wins), and the fields set.
fn edited(
    book: &konto::model::Book,
    edits: &[DealEdit],
) -> (konto::model::Book, HashMap<(String, String), String>) {
    let mut book = book.clone();
    let mut set = HashMap::new();
    for &edit in edits {
        let Some(((client, path), value)) = field_of(&book, edit) else {
            continue;
        };
        let id = path.split('`').nth(1).unwrap().to_string();
        let deal = book
            .client_mut(&client)
            .unwrap()
            .deals
            .iter_mut()
            .find(|d| d.id == id)
            .unwrap();
        match edit.1 {
            0 => deal.amount = Some(konto::model::Money::from_units(i64::from(edit.2) * 1000)),
            1 => deal.close_date = value.parse().ok(),
            _ => deal.title.clone_from(&value),
        }
        set.insert((client, path), value);
    }
    (book, set)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 16,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Random edits on two machines from one book, then sync A, B, A: both books equal,
    /// every edit that does not clash is in them, and the clashes are exactly the fields
    /// edited two ways.
    #[test]
    fn two_machines_end_equal_with_every_edit_or_exactly_the_clashes(
        ours in deal_edits(),
        theirs in deal_edits(),
    ) {
        use konto::sync::{Network, Repo, Synced};
        let (_dir, hub) = hub();
        let machines = tempfile::tempdir().unwrap();
        let place = |name: &str| {
            let book = machines.path().join(name).join("book.ron");
            fs::create_dir_all(book.parent().unwrap()).unwrap();
            (machines.path().join(name).join("sync.git"), book)
        };
        let ((repo_a, book_a), (repo_b, book_b)) = (place("a"), place("b"));
        fs::copy(support::SAMPLE, &book_a).unwrap();
        let remote = hub.to_str().unwrap();
        let net = Network::default();
        let a = Repo::init_in(&repo_a, &book_a, remote, "a", net).unwrap().0;
        let b = Repo::init_in(&repo_b, &book_b, remote, "b", net).unwrap().0;
        let start = konto::storage::load(&book_a).unwrap().book;
        let (mine, set_a) = edited(&start, &ours);
        let (other, set_b) = edited(&start, &theirs);
        konto::storage::save(&book_a, &mine, None).unwrap();
        konto::storage::save(&book_b, &other, None).unwrap();

        a.sync(None).unwrap();
        let synced_b = b.sync(None).unwrap().synced;
        let two_ways: std::collections::BTreeSet<(String, String)> = set_a
            .iter()
            .filter(|(field, value)| set_b.get(*field).is_some_and(|v| v != *value))
            .map(|(field, _)| field.clone())
            .collect();
        if let Synced::Clash { clashes } = synced_b {
            let found: std::collections::BTreeSet<(String, String)> = clashes
                .iter()
                .flat_map(|c| {
                    let id = c.client_id.clone().unwrap_or_default();
                    c.fields.iter().map(move |f| (id.clone(), f.field.clone()))
                })
                .collect();
            proptest::prop_assert_eq!(found, two_ways);
            proptest::prop_assert_eq!(konto::storage::load(&book_b).unwrap().book, other);
            return Ok(());
        }
        proptest::prop_assert!(two_ways.is_empty(), "{two_ways:?} did not clash");
        a.sync(None).unwrap();
        let (end_a, end_b) = (
            konto::storage::load(&book_a).unwrap().book,
            konto::storage::load(&book_b).unwrap().book,
        );
        proptest::prop_assert_eq!(&end_a, &end_b);
        for (field, value) in set_a.iter().chain(&set_b) {
            proptest::prop_assert_eq!(&value_of(&end_a, field), value, "{:?}", field);
        }
    }
}

/// The value the field `(client, path)` has in `book`, written as `edited` writes it.
fn value_of(book: &konto::model::Book, field: &(String, String)) -> String {
    let (client, path) = field;
    let id = path.split('`').nth(1).unwrap();
    let deal = book.client(client).unwrap().deal(id).unwrap();
    if path.ends_with("amount") {
        format!("{}", deal.amount.map_or(0, |m| m.cents() / 100))
    } else if path.ends_with("close_date") {
        deal.close_date.map(|d| d.to_string()).unwrap_or_default()
    } else {
        deal.title.clone()
    }
}

/// The dashboard on `machine`'s book, in a terminal, once it shows its sync state.
fn dashboard_on(machine: &Machine) -> support::pty::Session {
    let konto = dashboard_with(machine, None);
    konto.wait_for("synced ");
    konto
}

/// The dashboard on `machine`'s book, reading its preferences from `config` if given.
fn dashboard_with(machine: &Machine, config: Option<&Path>) -> support::pty::Session {
    let home = machine.home.path();
    let data = home.join("data");
    let mut env: Vec<(&str, &Path)> = vec![
        ("HOME", home),
        ("XDG_DATA_HOME", &data),
        ("GIT_CONFIG_GLOBAL", Path::new("/dev/null")),
        ("GIT_CONFIG_NOSYSTEM", Path::new("1")),
    ];
    if let Some(config) = config {
        env.push(("XDG_CONFIG_HOME", config));
    }
    let book = machine.book.to_str().unwrap();
    let args = ["--data", book, "--today", TODAY, "--no-reminders"];
    support::pty::Session::start(&args, &env, 160, 40)
}

#[test]
fn the_dashboard_syncs_on_s_in_the_background_and_says_so_on_the_status_line() {
    let (_dir, _hub, a, b) = two_machines();
    b.ok(&["note", "fjord-shipping", "Added on the desktop"]);
    b.ok(&["sync"]);
    let mut konto = dashboard_on(&a);
    konto.send("S");
    konto.wait_for("Synced: 1 client changed");
    konto.wait_until("the desktop's note reaches this book", |_| {
        a.text().contains("Added on the desktop")
    });
    konto.send("q");
    konto.wait_exit();
    assert_eq!(a.book(), b.book());
}

/// The book at `machine` with the client `id` taken out, as a hand edit would.
fn client_deleted(machine: &Machine, id: &str) {
    let mut book = machine.book();
    book.clients.retain(|c| c.id != id);
    konto::storage::save(&machine.book, &book, None).unwrap();
}

#[test]
fn a_client_deleted_on_one_side_goes_unless_the_other_changed_it() {
    let (_dir, _hub, a, b) = two_machines();
    client_deleted(&a, "fjord-shipping");
    client_deleted(&a, "lumen-health");
    b.ok(&["note", "lumen-health", "Still talking to them"]);
    a.ok(&["sync"]);
    let out = b.konto(&["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("deleted there"), "{}", said(&out));
    b.ok(&["sync", "--keep", "mine"]);
    a.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
    let book = a.book();
    assert!(
        book.client("fjord-shipping").is_none(),
        "untouched there: deleted"
    );
    assert!(book.client("lumen-health").is_some(), "changed there: kept");
}

#[test]
fn the_same_contact_logged_on_both_machines_is_kept_once() {
    let (_dir, _hub, a, b) = two_machines();
    for machine in [&a, &b] {
        machine.ok(&[
            "log",
            "fjord-shipping",
            "--kind",
            "Email",
            "Sent the pricing sheet",
        ]);
    }
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
    let book = a.book();
    let logged = book
        .client("fjord-shipping")
        .unwrap()
        .interactions
        .iter()
        .filter(|i| i.summary == "Sent the pricing sheet")
        .count();
    assert_eq!(logged, 1);
}

#[test]
fn a_dashboard_edit_and_a_change_from_the_other_machine_both_survive_a_sync() {
    let (_dir, _hub, a, b) = two_machines();
    b.ok(&["note", "fjord-shipping", "From the desktop"]);
    b.ok(&["sync"]);
    let mut konto = dashboard_on(&a);
    // A note on the selected client, saved, then a sync with the desktop's change waiting.
    konto.send("NFrom the laptop's dashboard\r");
    konto.wait_until("the note is saved", |_| {
        a.text().contains("From the laptop's dashboard")
    });
    konto.send("S");
    konto.wait_for("Synced:");
    konto.wait_until("the desktop's note arrives", |_| {
        a.text().contains("From the desktop")
    });
    konto.send("q");
    konto.wait_exit();
    b.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
    let text = b.text();
    assert!(text.contains("From the laptop's dashboard") && text.contains("From the desktop"));
}

#[test]
fn two_books_set_up_apart_merge_as_added_on_both_sides_each_difference_a_clash_once() {
    let (_dir, hub) = hub();
    let a = Machine::with_sample("laptop");
    let b = Machine::with_sample("desktop");
    b.ok(&["note", "nordlys-bank", "Only on the desktop"]);
    a.init(&hub);
    let out = b.konto(&["sync", "init", hub.to_str().unwrap(), "--device", "desktop"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let told = said(&out);
    assert_eq!(told.matches("Nordlys Bank:").count(), 1, "{told}");
    assert!(told.contains("notes: here"), "{told}");
    assert!(
        !told.contains("Fjord"),
        "clients equal on both sides do not clash: {told}"
    );
    b.ok(&["sync", "--keep", "mine"]);
    a.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
    assert!(a.text().contains("Only on the desktop"));
}

#[test]
fn config_can_ask_the_dashboard_to_sync_at_launch_and_at_quit() {
    let (_dir, _hub, a, b) = two_machines();
    b.ok(&["note", "fjord-shipping", "From the desktop"]);
    b.ok(&["sync"]);
    let config = a.home.path().join("config");
    fs::create_dir_all(config.join("konto")).unwrap();
    fs::write(
        config.join("konto").join("config.ron"),
        "(sync: (at_launch: true, at_quit: true))\n",
    )
    .unwrap();
    let mut konto = dashboard_with(&a, Some(&config));
    konto.wait_until("the launch sync brings the desktop's note", |_| {
        a.text().contains("From the desktop")
    });
    konto.send("NWritten before quitting\r");
    konto.wait_until("the note is saved", |_| {
        a.text().contains("Written before quitting")
    });
    konto.send("q");
    konto.wait_exit();
    b.ok(&["sync"]);
    assert!(b.text().contains("Written before quitting"), "sent at quit");
}

#[test]
fn a_client_taken_from_the_other_machine_keeps_its_comments() {
    let (_dir, _hub, a, b) = two_machines();
    // On the desktop, a comment by hand inside one client, and a change to it.
    let text = b.text().replacen(
        "id: \"fjord-shipping\",",
        "id: \"fjord-shipping\", // desktop: Jørgen owns the renewal",
        1,
    );
    fs::write(&b.book, text).unwrap();
    b.ok(&["note", "fjord-shipping", "Renewal call booked"]);
    b.ok(&["sync"]);
    // The laptop changed another client meanwhile: its sync merges.
    a.ok(&["note", "nordlys-bank", "Budget approved"]);
    assert!(a.ok(&["sync"]).contains("Merged"));
    assert!(
        a.text().contains("// desktop: Jørgen owns the renewal"),
        "the desktop's client came with its comment"
    );
    b.ok(&["sync"]);
    assert_eq!(a.book(), b.book());
}
