//! The book file: round trips, atomic saves, and broken files left alone.

use crate::support;

use support::{data, sample};

use std::fs;

use konto::model::{Money, Tier};
use konto::storage::{self, LoadError, SaveError};

/// A book as a save writes it: the current version, everything else as it was.
fn upgraded(book: konto::model::Book) -> konto::model::Book {
    konto::model::Book {
        version: konto::model::CURRENT_VERSION,
        ..book
    }
}

#[test]
fn the_issue_example_loads_with_every_field() {
    let loaded = storage::load(&data("example.ron")).unwrap();
    let book = loaded.book;
    assert_eq!(book.owner(), "Mette Hansen");
    assert_eq!(book.gift_limit, Some(Money::from_units(300)));
    let quota = book.quota.as_ref().unwrap();
    assert_eq!(quota.bonuses.len(), 2);
    let client = &book.clients[0];
    assert_eq!(client.tier(), Tier::Key);
    assert_eq!(client.contacts[0].name, "Søren Ærø");
    assert_eq!(client.projects[0].staff, ["Ida (solutions engineer)"]);
    assert_eq!(
        client.gifts[1].exempt,
        Some(konto::model::ExemptReason::Unspecified),
        "exempt: true, as books wrote it before reasons"
    );
}

#[test]
fn explicit_some_and_none_and_decimals_load() {
    let book = storage::load(&data("explicit_options.ron")).unwrap().book;
    assert_eq!(book.currency(), "DKK");
    assert_eq!(book.gift_limit, None);
    let client = &book.clients[0];
    assert_eq!(client.annual_value, Some(Money::from_cents(1_250_075)));
    assert_eq!(client.tier(), Tier::Growth);
    assert_eq!(client.contacts[0].name, "Zoë");
    assert_eq!(
        book.quota.unwrap().target,
        Some(Money::from_cents(50_000_050))
    );
}

#[test]
fn load_save_load_keeps_everything_and_output_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    for source in [
        sample(),
        data("example.ron"),
        data("explicit_options.ron"),
        data("pay_plan.ron"),
    ] {
        let original = storage::load(&source).unwrap().book;
        let path = dir.path().join("book.ron");
        storage::save(&path, &original, None).unwrap();
        let first = fs::read(&path).unwrap();
        let reloaded = storage::load(&path).unwrap().book;
        assert_eq!(
            reloaded,
            upgraded(original),
            "round trip of {}",
            source.display()
        );
        storage::save(&path, &reloaded, None).unwrap();
        assert_eq!(fs::read(&path).unwrap(), first, "same book, same bytes");
        let text = String::from_utf8(first).unwrap();
        assert!(text.starts_with("#![enable(implicit_some)]\n"));
        assert!(text.ends_with(")\n"));
    }
}

#[test]
fn saved_text_is_one_record_a_line_for_readable_diffs() {
    let book = storage::load(&data("example.ron")).unwrap().book;
    let text = storage::to_text(&book).unwrap();
    assert!(text.contains(
        "\n                (id: \"2026-11-20-call\", date: \"2026-11-20\", kind: Call, summary: \"Security review kickoff\"),\n"
    ));
    assert!(text.contains("annual_value: 420000,"));
    assert!(!text.contains("Some("));
}

#[test]
fn multi_line_notes_and_quotes_survive() {
    let mut book = storage::load(&data("minimal.ron")).unwrap().book;
    book.clients[0].notes = Some("Line one\nSays \"hi\" and uses \\ and #".to_string());
    let (back, _) = storage::parse(&storage::to_text(&book).unwrap()).unwrap();
    assert_eq!(back, book);
}

#[test]
fn save_creates_the_folder_keeps_a_backup_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/konto/book.ron");
    let mut book = storage::load(&sample()).unwrap().book;
    storage::save(&path, &book, None).unwrap();
    assert!(!storage::location::backup_path(&path).exists());
    let first = fs::read(&path).unwrap();

    book.owner = Some("Someone Else".into());
    storage::save(&path, &book, None).unwrap();
    assert_eq!(
        fs::read(storage::location::backup_path(&path)).unwrap(),
        first
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn save_refuses_when_the_file_changed_underneath() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::copy(sample(), &path).unwrap();
    let loaded = storage::load(&path).unwrap();
    fs::write(&path, "(clients: [])\n").unwrap();
    let err = storage::save(&path, &loaded.book, Some(loaded.fingerprint)).unwrap_err();
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "(clients: [])\n");
}

#[cfg(unix)]
#[test]
fn saving_through_a_symlink_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.ron");
    let link = dir.path().join("book.ron");
    fs::copy(data("minimal.ron"), &real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut book = storage::load(&link).unwrap().book;
    book.owner = Some("Linked".into());
    storage::save(&link, &book, None).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(storage::load(&real).unwrap().book.owner(), "Linked");
}

fn problem_of(name: &str) -> String {
    match storage::load(&data(name)) {
        Err(LoadError::Invalid { problem, .. }) => problem.to_string(),
        other => panic!("{name}: expected an invalid file, got {other:?}"),
    }
}

#[test]
fn broken_files_get_positioned_plain_messages() {
    assert_eq!(
        problem_of("bad_date.ron"),
        "line 8, column 28: 2026-02-30 is not a date (no such day in the calendar)"
    );
    let dup = problem_of("duplicate_id.ron");
    assert!(
        dup.starts_with("line 5, column 14: client id `acme` is used twice"),
        "{dup}"
    );
    assert!(problem_of("unknown_field.ron").contains("Did you mean `cadence_days`?"));
    assert!(problem_of("bad_tier.ron").contains("`Kye` is not a tier. Did you mean `Key`?"));
    assert!(problem_of("missing_comma.ron").contains("line 3, column 5: a comma is missing"));
    assert!(
        problem_of("negative_amount.ron").contains("client `acme` (Acme): annual_value is -5,000")
    );
    assert!(problem_of("future_version.ron").contains("made by a newer konto"));
}

#[test]
fn missing_empty_and_non_text_files_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.ron");
    assert!(matches!(
        storage::load(&missing),
        Err(LoadError::Missing { .. })
    ));
    let empty = dir.path().join("empty.ron");
    fs::write(&empty, "").unwrap();
    assert!(
        storage::load(&empty)
            .unwrap_err()
            .to_string()
            .contains("the file is empty")
    );
    let binary = dir.path().join("binary.ron");
    fs::write(&binary, [0x28, 0xff, 0xfe, 0x00]).unwrap();
    assert!(
        storage::load(&binary)
            .unwrap_err()
            .to_string()
            .contains("not valid UTF-8")
    );
    assert!(matches!(
        storage::load(dir.path()),
        Err(LoadError::IsDirectory { .. })
    ));
}

#[test]
fn crlf_line_endings_load() {
    let text = fs::read_to_string(data("example.ron"))
        .unwrap()
        .replace('\n', "\r\n");
    let (book, _) = storage::parse(&text).unwrap();
    assert_eq!(book.clients.len(), 1);
}

#[test]
fn comments_written_by_hand_survive_a_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::copy(data("example.ron"), &path).unwrap();
    let mut book = storage::load(&path).unwrap().book;
    book.clients[0].cadence_days = Some(10);
    storage::save(&path, &book, None).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("tier: Key, // Key (red carpet) | Growth | Standard"),
        "{text}"
    );
    assert!(
        text.contains("cadence_days: 10, // how often to be in touch"),
        "{text}"
    );
    assert_eq!(storage::load(&path).unwrap().book, upgraded(book));

    // The sample's header comments too, through konto's own edits.
    fs::copy(sample(), &path).unwrap();
    let mut book = storage::load(&path).unwrap().book;
    konto::edit::append_note(
        &mut book.clients[1],
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        "x",
    );
    storage::save(&path, &book, None).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("// konto sample book"), "{text}");
    assert!(text.contains("// Edit freely; `konto check` tells you if something is off."));
}

#[test]
fn a_book_starting_with_a_byte_order_mark_loads() {
    let text = fs::read_to_string(sample()).unwrap();
    let with_bom = format!("\u{feff}{text}");
    let (book, _) = storage::parse(&with_bom).expect("a BOM is not part of the text");
    assert_eq!(book, storage::parse(&text).unwrap().0);
}

/// Issue 16: an edit rewrites only the clients it changed. A hand-written book keeps its
/// layout and comments everywhere else, a comment inside the edited client is still kept
/// (that save writes the whole book and puts the comments back), the backup is the file as
/// it was, and a file changed by someone else is refused, not spliced into.
#[test]
fn an_edit_rewrites_only_its_client_and_keeps_the_hand_written_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    let hand = "// my accounts\n(owner: \"Mette\",   currency: \"DKK\", clients: [\n  (id: \"nordlys\", name: \"Nordlys Bank\", tier: Key), // the big one\n  (id: \"fjord\", name: \"Fjord Shipping\"),\n  (id: \"lumen\", name: \"Lumen\",\n   // renewal in March\n   notes: \"call Ida\"),\n])\n";
    fs::write(&path, hand).unwrap();
    let loaded = storage::load(&path).unwrap();
    let base = loaded.book;

    let mut edited = base.clone();
    edited.clients[1].tier = Some(Tier::Growth);
    let fingerprint = storage::save_edit(&path, &edited, &base, loaded.fingerprint).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("// my accounts\n(owner: \"Mette\",   currency: \"DKK\", clients: [\n  (id: \"nordlys\", name: \"Nordlys Bank\", tier: Key), // the big one\n  ("),
        "{text}"
    );
    assert!(text.ends_with("  (id: \"lumen\", name: \"Lumen\",\n   // renewal in March\n   notes: \"call Ida\"),\n])\n"), "{text}");
    assert_eq!(storage::load(&path).unwrap().book, edited);
    assert_eq!(
        fs::read_to_string(konto::storage::location::backup_path(&path)).unwrap(),
        hand
    );

    // The client with a comment inside: written whole, the comment put back.
    let mut again = edited.clone();
    again.clients[2].notes = Some("call Ida before the board meets".into());
    storage::save_edit(&path, &again, &edited, fingerprint).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("// renewal in March"), "{text}");
    assert!(text.contains("// my accounts"), "{text}");
    assert_eq!(storage::load(&path).unwrap().book, again);

    // Someone else wrote the file meanwhile: refused, their text untouched.
    let theirs = text.replace("Fjord Shipping", "Fjord Shipping A/S");
    fs::write(&path, &theirs).unwrap();
    let stale = storage::load(&path).unwrap().fingerprint;
    fs::write(&path, theirs.replace("Lumen\"", "Lumen Health\"")).unwrap();
    let mut late = again.clone();
    late.clients[0].notes = Some("late".into());
    assert!(matches!(
        storage::save_edit(&path, &late, &again, stale),
        Err(SaveError::ChangedOnDisk { .. })
    ));
    assert!(fs::read_to_string(&path).unwrap().contains("Lumen Health"));
}

/// Writes a demo book of `clients` clients (as of 2026-12-04) to `path`.
fn demo_book(path: &std::path::Path, clients: usize, seed: u64) {
    let made = support::konto_bin()
        .args(["demo", "--today", "2026-12-04"])
        .args([
            "--clients",
            &clients.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .arg("--out")
        .arg(path)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
}

/// `konto ARGS --data BOOK` on 2026-12-04 with the cache folder `cache`, or no cache;
/// what it printed (it must succeed).
fn run_on(book: &std::path::Path, cache: &std::path::Path, cached: bool, args: &[&str]) -> String {
    let mut command = support::konto_bin();
    command
        .args(args)
        .arg("--data")
        .arg(book)
        .args(["--today", "2026-12-04"])
        .env("XDG_CACHE_HOME", cache)
        .env("TZ", "UTC");
    if !cached {
        command.env("KONTO_CACHE", "off");
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Issue 31: `remind` and `rank`, `quota`, and `tasks` each read their own smaller copy
/// of a large book (the part they read: no gifts, notes or done tasks, only the latest
/// interactions; only the deals; only the open tasks) and answer exactly as from
/// the whole book: plain and JSON, on the run that writes the copy, the runs that read
/// it, and with no cache at all. After a save the copy is stale: it is not read, and the
/// answer follows the book.
#[test]
fn the_daily_commands_answer_from_their_copy_as_from_the_whole_book() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.ron");
    let cache = dir.path().join("cache");
    demo_book(&book, 300, 7);
    let run = |args: &[&str], cached: bool| run_on(&book, &cache, cached, args);
    let copies = |part: &str| {
        fs::read_dir(cache.join("konto/books")).map_or(0, |entries| {
            entries
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .ends_with(&format!(".{part}.bin"))
                })
                .count()
        })
    };
    for (args, part) in [
        (&["remind"][..], "daily"),
        (&["remind", "--json"][..], "daily"),
        (&["remind", "--days", "30"][..], "daily"),
        (&["rank", "--explain"][..], "daily"),
        (&["rank", "--json"][..], "daily"),
        (&["quota"][..], "deals"),
        (&["quota", "--json"][..], "deals"),
        (&["tasks"][..], "tasks"),
        (&["tasks", "--json"][..], "tasks"),
    ] {
        let whole = run(args, false);
        assert_eq!(
            run(args, true),
            whole,
            "{args:?}: the run that writes the copy"
        );
        assert_eq!(copies(part), 1, "{args:?} keeps its part of the book");
        assert_eq!(run(args, true), whole, "{args:?}: a run that reads it");
    }
    let id = storage::load(&book).unwrap().book.clients[3].id.clone();
    run(&["log", &id, "Called about the renewal"], true);
    let whole = run(&["remind", "--json"], false);
    assert!(whole.contains(&id));
    assert_eq!(run(&["remind", "--json"], true), whole, "after a save");
    assert_eq!(
        run(&["remind", "--json"], true),
        whole,
        "and its copy written again"
    );
}

/// Issue 31: a one-client edit (`konto log`) with the cache on finds the client where the
/// last edit left it and patches the cache's copy of the book; the file it writes is byte
/// for byte what the same edits write with no cache at all, and what is read back after
/// them (from the patched copy) is the book the text holds.
#[test]
fn one_client_edits_through_the_cache_write_what_edits_without_it_write() {
    let dir = tempfile::tempdir().unwrap();
    let cached = dir.path().join("cached.ron");
    let plain = dir.path().join("plain.ron");
    let cache = dir.path().join("cache");
    demo_book(&cached, 120, 11);
    // A comment between clients and one inside a client: the splice keeps both.
    let text = fs::read_to_string(&cached).unwrap();
    let text = text.replacen(
        "\n        (\n",
        "\n        // the first client\n        (\n",
        1,
    );
    let text = text.replacen(
        "            name: ",
        "            // met at the fair\n            name: ",
        1,
    );
    fs::write(&cached, &text).unwrap();
    fs::copy(&cached, &plain).unwrap();
    let run = |book: &std::path::Path, args: &[&str]| run_on(book, &cache, book == cached, args);
    let ids: Vec<String> = storage::load(&cached)
        .unwrap()
        .book
        .clients
        .iter()
        .map(|c| c.id.clone())
        .collect();
    // The commented client, the first, one in the middle, the last, the same twice.
    let order = [0, 1, 60, 119, 60, 2, 118];
    for (step, &index) in order.iter().enumerate() {
        let summary = format!("Call {step}: \"scope\" ) ] // agreed");
        let args = ["log", ids[index].as_str(), summary.as_str()];
        assert_eq!(run(&cached, &args), run(&plain, &args), "step {step}");
        assert!(
            fs::read(&cached).unwrap() == fs::read(&plain).unwrap(),
            "step {step}: the two files differ"
        );
    }
    // Whole-book transactions (outside the clients) keep the copy in step too.
    for args in [&["forecast", "submit"][..], &["quota", "--next-year"][..]] {
        assert_eq!(run(&cached, args), run(&plain, args), "{args:?}");
        assert!(
            fs::read(&cached).unwrap() == fs::read(&plain).unwrap(),
            "{args:?}"
        );
    }
    let after = fs::read_to_string(&cached).unwrap();
    assert!(after.contains("// the first client") && after.contains("// met at the fair"));
    let spans = fs::read_dir(cache.join("konto/books"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".spans.bin"))
        .count();
    assert_eq!(spans, 1, "where the clients are is remembered");
    for args in [
        &["export", "json"][..],
        &["remind", "--json"][..],
        &["check"][..],
    ] {
        let from_cache = run(&cached, args).replace("cached.ron", "plain.ron");
        assert_eq!(from_cache, run(&plain, args), "{args:?}");
    }
}

/// Issue 31: a one-client edit with the cache on reads that client alone, not the book;
/// the gift rule, which tallies a person's gifts at every client, still reads them all.
/// Here the person is a contact of two clients, and only the gifts at the other client
/// put the new one over the limit: the answer and the file are those of a run without
/// the cache, and the copies the edits leave read as the text does.
#[test]
fn a_gift_added_through_the_cache_is_judged_against_every_client() {
    let dir = tempfile::tempdir().unwrap();
    let cached = dir.path().join("cached.ron");
    let plain = dir.path().join("plain.ron");
    let cache = dir.path().join("cache");
    let jorgen = r#"(id: "jorgen", name: "Jørgen Bækgaard", role: "COO", buying_role: DecisionMaker, email: "jb@fjordshipping.example", phone: "+45 31 22 11 00"),"#;
    let text = fs::read_to_string(support::SAMPLE).unwrap().replace(
        jorgen,
        &format!(
            "{jorgen}\n                (id: \"soren\", name: \"Søren Ærø\", email: \"soren@nordlys.example\"),"
        ),
    );
    assert!(text.contains(r#"(id: "soren", name: "Søren Ærø", email"#));
    fs::write(&cached, &text).unwrap();
    fs::write(&plain, &text).unwrap();
    let run = |book: &std::path::Path, args: &[&str]| run_on(book, &cache, book == cached, args);
    // The first edit leaves where the clients are in the text; the next ones read alone.
    for args in [
        &["log", "fjord-shipping", "Called"][..],
        &["note", "fjord-shipping", "Board meets in January"][..],
        &["gift", "add", "fjord-shipping", "soren", "200"][..],
    ] {
        assert_eq!(run(&cached, args), run(&plain, args), "{args:?}");
        assert!(
            fs::read(&cached).unwrap() == fs::read(&plain).unwrap(),
            "{args:?}"
        );
    }
    // Over the limit only with the gifts at Nordlys counted.
    let judged = support::said(&support::konto_on(
        &["gifts", "check", "fjord-shipping", "soren", "1"],
        &plain,
        "2026-12-04",
    ));
    assert!(judged.contains("Not allowed"), "{judged}");
    let read = storage::load(&cached).unwrap();
    let copy = konto::storage::cache::read(&cache.join("konto/books"), &cached, read.fingerprint);
    assert_eq!(copy.as_ref(), Some(&read.book), "the copy is the text");
    assert_eq!(
        run(&cached, &["remind", "--json"]),
        run(&plain, &["remind", "--json"]).replace("plain.ron", "cached.ron")
    );
}

/// Issue 31: a client whose id, name and every field carry terminal escapes, edited
/// through the cache (read alone from the second edit on), is written as without it.
#[test]
fn a_hostile_client_edited_through_the_cache_is_written_as_without_it() {
    let (dir, cached) = support::hostile_book();
    let plain = dir.path().join("plain.ron");
    fs::copy(&cached, &plain).unwrap();
    let cache = dir.path().join("cache");
    let run = |book: &std::path::Path, args: &[&str]| run_on(book, &cache, book == cached, args);
    let id = "evil\u{1b}[2J-id";
    for (step, args) in [
        &["log", id, "First"][..],
        &["log", id, support::HOSTILE],
        &["note", id, support::HOSTILE],
        &["task", "add", id, support::HOSTILE],
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(run(&cached, args), run(&plain, args), "step {step}");
        assert!(
            fs::read(&cached).unwrap() == fs::read(&plain).unwrap(),
            "step {step}: the two files differ"
        );
    }
    let read = storage::load(&cached).unwrap();
    let books = cache.join("konto/books");
    let copy = konto::storage::cache::read(&books, &cached, read.fingerprint);
    assert_eq!(copy.as_ref(), Some(&read.book), "the copy is the text");
    // Where the clients are is known for the text as it now is: the edits read alone.
    assert!(konto::storage::cache::read_spans(&books, &cached, read.fingerprint).is_some());
}

/// Issue 31: a whole-book transaction and the dashboard's save keep the cache's copy in
/// step by encoding again only the chunks whose clients they replaced; what the copy
/// then holds is what the text reads as.
#[test]
fn saves_of_a_few_changed_clients_leave_a_copy_equal_to_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    let cache = dir.path().join("cache");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    storage::save(&path, &konto::demo::generate(60, 5, today), None).unwrap();
    let location = konto::storage::location::DataLocation {
        path: path.clone(),
        source: konto::storage::location::Source::Flag,
        cache_dir: Some(cache.clone()),
    };
    let copy_is_the_text = |step: &str| {
        let read = storage::load(&path).unwrap();
        let copy = konto::storage::cache::read(&cache, &path, read.fingerprint);
        assert_eq!(copy.as_ref(), Some(&read.book), "{step}");
    };
    storage::load_from(&location).unwrap();
    copy_is_the_text("first open");
    // A transaction that changes two clients in different chunks.
    storage::update(&location, |book| {
        for index in [3, 40] {
            let client = book.clients.get_mut(index).unwrap();
            client.tier = Some(Tier::Key);
            client.notes = Some(format!("changed {index}"));
        }
        Ok::<_, ()>(())
    })
    .unwrap();
    copy_is_the_text("after a transaction");
    // The dashboard's save: the edited book shares every client it did not change.
    let loaded = storage::load_from(&location).unwrap();
    let base = loaded.book;
    let mut book = base.clone();
    book.clients.get_mut(59).unwrap().name.push_str(" Group");
    book.clients.get_mut(2).unwrap().notes = None;
    let now = storage::save_edit_remembered(&location, &book, &base, loaded.fingerprint).unwrap();
    copy_is_the_text("after the dashboard's save");
    // Where each client now is, remembered: each span is that client's text.
    let text = fs::read_to_string(&path).unwrap();
    let spans = storage::cache::read_spans(&cache, &path, now).expect("remembered");
    assert_eq!(spans.len(), book.clients.len());
    for (span, client) in spans.iter().zip(book.clients.iter()) {
        let piece = &text[span.clone()];
        assert!(piece.starts_with('(') && piece.ends_with(')'), "{piece}");
        assert!(piece.contains(&format!("id: \"{}\"", client.id)), "{piece}");
    }
}

/// Issue 31: a change outside the clients is saved without writing them again, and is
/// still checked against every client: a colleague who owns a task cannot leave the team.
#[test]
fn a_change_to_the_team_is_checked_against_every_clients_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    // The task is on the second client: the first alone would not show the broken rule.
    let text = "(owner: \"Mette\", team: [(id: \"ida\", name: \"Ida\"), (id: \"bo\", name: \"Bo\")], clients: [\n  (id: \"cy\", name: \"Cy\"),\n  (id: \"anna\", name: \"Anna\", tasks: [(id: \"t1\", title: \"Call\", owner: \"ida\")]),\n])\n";
    fs::write(&path, text).unwrap();
    let loaded = storage::load(&path).unwrap();
    let mut without_ida = loaded.book.clone();
    without_ida.team.retain(|m| m.id != "ida");
    let refused = storage::save_edit(&path, &without_ida, &loaded.book, loaded.fingerprint);
    assert!(matches!(refused, Err(SaveError::Invalid(_))), "{refused:?}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "nothing was written"
    );
    let mut without_bo = loaded.book.clone();
    without_bo.team.retain(|m| m.id != "bo");
    storage::save_edit(&path, &without_bo, &loaded.book, loaded.fingerprint).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert!(
        saved.ends_with(&text[text.find("clients: [").unwrap()..]),
        "{saved}"
    );
    assert_eq!(storage::load(&path).unwrap().book, without_bo);
}
