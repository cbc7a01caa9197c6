//! The real binary on real files: output, exit codes, and broken files left untouched.

use crate::support;

use std::fs;
use std::process::Output;

fn konto(args: &[&str]) -> Output {
    crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args(args)
        .env_remove("KONTO_DATA")
        .output()
        .expect("konto runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

use support::{data, sample, sample_copy};

const TODAY: &str = "2026-11-27";

#[test]
fn remind_prints_a_sensible_morning_list() {
    let out = konto(&[
        "remind",
        "--data",
        sample().to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Mette Hansen — Friday 27 November 2026\n"));
    let overdue = text.find("Overdue (6)").unwrap();
    let today = text.find("Today (2)").unwrap();
    let upcoming = text.find("Coming up, next 7 days").unwrap();
    assert!(overdue < today && today < upcoming);
    // The key account comes first among the overdue.
    let first_entry = text[overdue..].lines().nth(1).unwrap();
    assert!(first_entry.contains("Fjord Shipping A/S") && first_entry.contains("11 days overdue"));
    assert!(text.contains("Jørgen Bækgaard · +45 31 22 11 00"));
    for line in text.lines() {
        assert!(konto::text::width(line) <= 80, "too wide: {line}");
    }
}

#[test]
fn every_report_fits_80_columns() {
    for command in [
        "remind", "rank", "quota", "gifts", "pipeline", "tasks", "team", "contacts",
    ] {
        let out = konto(&[
            command,
            "--data",
            sample().to_str().unwrap(),
            "--today",
            TODAY,
        ]);
        assert!(out.status.success());
        for line in stdout(&out).lines() {
            assert!(
                konto::text::width(line) <= 80,
                "{command}: too wide: {line}"
            );
        }
    }
    let out = konto(&[
        "rank",
        "--explain",
        "--data",
        sample().to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    for line in stdout(&out).lines() {
        assert!(
            konto::text::width(line) <= 80,
            "rank --explain: too wide: {line}"
        );
    }
}

#[test]
fn json_output_has_stable_fields() {
    let path = sample();
    let path = path.to_str().unwrap();
    let remind: serde_json::Value = serde_json::from_slice(
        &konto(&["remind", "--json", "--data", path, "--today", TODAY]).stdout,
    )
    .unwrap();
    assert_eq!(remind["today"], TODAY);
    // Most urgent (by priority) first, as in the text output.
    assert_eq!(remind["overdue"][0]["id"], "fjord-shipping");
    assert_eq!(remind["overdue"][0]["days_overdue"], 11);
    assert_eq!(remind["overdue"][0]["contact"]["phone"], "+45 31 22 11 00");
    assert_eq!(remind["due_today"].as_array().unwrap().len(), 2);

    let rank: serde_json::Value = serde_json::from_slice(
        &konto(&[
            "rank", "--json", "--top", "1", "--data", path, "--today", TODAY,
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(rank.as_array().unwrap().len(), 1);
    assert_eq!(rank[0]["id"], "fjord-shipping");
    let terms: f64 = rank[0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["contribution"].as_f64().unwrap())
        .sum();
    assert!((terms - rank[0]["score"].as_f64().unwrap()).abs() < 1e-9);

    let quota: serde_json::Value = serde_json::from_slice(
        &konto(&["quota", "--json", "--data", path, "--today", TODAY]).stdout,
    )
    .unwrap();
    assert_eq!(quota["won"], 1_191_000.0);
    assert_eq!(quota["target"], 1_200_000.0);
    assert_eq!(quota["next_bonus"]["needed"], 9_000.0);

    let gifts: serde_json::Value = serde_json::from_slice(
        &konto(&["gifts", "--json", "--data", path, "--today", TODAY]).stdout,
    )
    .unwrap();
    assert_eq!(gifts["recipients"][0]["standing"], "over");
    assert_eq!(gifts["recipients"][0]["over_by"], 25.0);
}

#[test]
fn broken_files_fail_with_a_message_and_stay_byte_for_byte_the_same() {
    for name in [
        "bad_date.ron",
        "duplicate_id.ron",
        "unknown_field.ron",
        "bad_tier.ron",
        "missing_comma.ron",
        "negative_amount.ron",
        "future_version.ron",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        fs::copy(data(name), &path).unwrap();
        let before = fs::read(&path).unwrap();
        for args in [
            vec!["check"],
            vec!["remind"],
            vec!["log", "acme", "tried to call"],
            vec!["note", "acme", "a note"],
        ] {
            let mut full = args.clone();
            full.extend(["--data", path.to_str().unwrap(), "--today", TODAY]);
            let out = konto(&full);
            assert_eq!(out.status.code(), Some(1), "{name} {args:?}");
            let err = stderr(&out);
            assert!(err.contains(name), "{name}: message names the file: {err}");
            assert!(err.contains("The file was not changed."), "{err}");
        }
        assert_eq!(fs::read(&path).unwrap(), before, "{name} was touched");
        // Nothing written beside it either: no backup, no temporary file. (`log` and `note`
        // take the book's lock, an empty `.NAME.lock` file, before they read the book.)
        let lock = format!(".{name}.lock");
        let written: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| {
                e.file_name() != name
                    && !(e.file_name() == lock.as_str() && e.metadata().unwrap().len() == 0)
            })
            .map(|e| e.file_name())
            .collect();
        assert!(written.is_empty(), "{name}: written beside it: {written:?}");
    }
}

#[test]
fn check_summarises_a_good_file() {
    let out = konto(&[
        "check",
        "--data",
        sample().to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("14 clients (4 key, 5 growth, 5 standard), 8 due or overdue"));
}

#[test]
fn missing_file_says_where_it_looked_and_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.ron");
    let out = konto(&["remind", "--data", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("No book at {}", path.display())),
        "{err}"
    );
    assert!(err.contains("run `konto`"));
    assert!(!path.exists());
}

#[test]
fn data_comes_from_the_environment_when_no_flag() {
    let out = crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args(["path"])
        .env("KONTO_DATA", "/somewhere/else.ron")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "/somewhere/else.ron\n");
    let config = tempfile::tempdir().unwrap();
    let out = crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args(["path"])
        .env_remove("KONTO_DATA")
        .env("XDG_CONFIG_HOME", config.path())
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        format!("{}\n", config.path().join("konto/book.ron").display())
    );
}

#[test]
fn log_resets_the_clock_and_saves_atomically() {
    let (_dir, path) = sample_copy();
    let p = path.to_str().unwrap();
    let out = konto(&[
        "log",
        "fjord-shipping",
        "--kind",
        "meeting",
        "Agreed pilot scope",
        "--data",
        p,
        "--today",
        TODAY,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(
        "Logged a meeting with Fjord Shipping A/S on 2026-11-27. Next check-in: Fri 11 Dec."
    ));
    let book = konto::storage::load(&path).unwrap().book;
    let client = book.client("fjord-shipping").unwrap();
    assert_eq!(client.last_contact.unwrap().to_string(), TODAY);
    let last = client.interactions.last().unwrap();
    assert_eq!(last.summary, "Agreed pilot scope");
    let remind = stdout(&konto(&["remind", "--data", p, "--today", TODAY]));
    let overdue_section = &remind[..remind.find("Today (").unwrap()];
    assert!(!overdue_section.contains("Fjord Shipping"));
    assert!(konto::storage::location::backup_path(&path).exists());
}

#[test]
fn log_reads_when_it_happened_like_every_date_input() {
    let (_dir, path) = sample_copy();
    let p = path.to_str().unwrap();
    let log = |when: &str| {
        konto(&[
            "log",
            "lumen-health",
            "Lunch",
            "--kind",
            "meeting",
            "--date",
            when,
            "--data",
            p,
            "--today",
            TODAY,
        ])
    };
    let before = fs::read(&path).unwrap();
    for (when, problem) in [
        ("tomorrow", "2026-11-28 is in the future"),
        ("+2d", "is in the future"),
        ("last week", "is not a date"),
        ("-3x", "is not a unit"),
    ] {
        let out = log(when);
        assert_eq!(out.status.code(), Some(1), "{when}");
        assert!(stderr(&out).contains(problem), "{when}: {}", stderr(&out));
        assert!(stderr(&out).contains("Nothing was recorded"));
        assert_eq!(fs::read(&path).unwrap(), before, "{when} changed the book");
    }
    let out = log("-3d");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("on 2026-11-24"), "{}", stdout(&out));
    assert!(log("yesterday").status.success());
    let book = konto::storage::load(&path).unwrap().book;
    let client = book.client("lumen-health").unwrap();
    let dates: Vec<String> = client.interactions[client.interactions.len() - 2..]
        .iter()
        .map(|i| i.date.unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2026-11-24", "2026-11-26"]);
    assert_eq!(client.last_contact.unwrap().to_string(), "2026-11-26");
}

#[test]
fn note_appends_a_dated_line() {
    let (_dir, path) = sample_copy();
    let out = konto(&[
        "note",
        "lumen-health",
        "Wants pricing by Friday",
        "--data",
        path.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert!(out.status.success());
    let book = konto::storage::load(&path).unwrap().book;
    let notes = book.client("lumen-health").unwrap().notes.clone().unwrap();
    assert!(
        notes.ends_with("\n2026-11-27: Wants pricing by Friday"),
        "{notes}"
    );
}

#[test]
fn unknown_id_lists_the_closest_and_changes_nothing() {
    let (_dir, path) = sample_copy();
    let before = fs::read(&path).unwrap();
    let out = konto(&[
        "log",
        "nordlys",
        "hello",
        "--data",
        path.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Did you mean: nordlys-bank?"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn bad_dates_and_kinds_on_the_command_line_are_refused() {
    let out = konto(&[
        "remind",
        "--today",
        "2026-02-30",
        "--data",
        sample().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("2026-02-30 is not a date"));
    let out = konto(&[
        "log",
        "x",
        "--kind",
        "Fax",
        "hi",
        "--data",
        sample().to_str().unwrap(),
    ]);
    assert!(stderr(&out).contains("`Fax` is not a kind of interaction"));
}

#[cfg(unix)]
#[test]
fn remind_notify_uses_the_desktop_notifier_or_says_there_is_none() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let book = sample();
    let args = [
        "remind",
        "--notify",
        "--data",
        book.to_str().unwrap(),
        "--today",
        TODAY,
    ];

    // No notifier on PATH: a clear note, the list still printed, success.
    let out = crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args(args)
        .env("PATH", bin.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("Overdue (6)"));
    assert!(stderr(&out).contains("No desktop notifier found (notify-send is not installed)"));

    // A notifier that records what it was asked to show.
    let record = bin.path().join("called.txt");
    let script = bin.path().join("notify-send");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let notify = || {
        crate::support::konto_bin()
            .env("KONTO_CACHE", "off")
            .args(args)
            .env("PATH", format!("{}:/bin:/usr/bin", bin.path().display()))
            .output()
            .unwrap()
    };
    // A script written a moment ago can be briefly "busy" while another test thread forks.
    let mut out = notify();
    for _ in 0..10 {
        if !stderr(&out).contains("busy") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        out = notify();
    }
    assert!(out.status.success(), "{}", stderr(&out));
    let called = fs::read_to_string(&record).unwrap();
    assert!(called.contains("konto: 8 to contact today"), "{called}");
    assert!(
        // Andes was snoozed but is 27 days past its cadence, and its deal would add more
        // to pay than Kraków's, whose deal closes in 21 days.
        called.contains("Fjord Shipping A/S, Andes Minería SpA, Kraków Steelworks"),
        "{called}"
    );
    assert!(called.contains("and 3 more"), "{called}");
}

#[test]
fn the_cache_follows_the_file_and_a_damaged_cache_is_ignored() {
    let (dir, path) = sample_copy();
    let cache = dir.path().join("cache");
    let run = |args: &[&str]| {
        crate::support::konto_bin()
            .args(args)
            .args(["--data", path.to_str().unwrap(), "--today", TODAY])
            .env_remove("KONTO_DATA")
            .env_remove("KONTO_CACHE")
            .env("XDG_CACHE_HOME", &cache)
            .output()
            .unwrap()
    };
    let first = run(&["rank", "--top", "1"]);
    let books = cache.join("konto/books");
    assert_eq!(
        fs::read_dir(&books).unwrap().count(),
        2,
        "a copy was kept, and the daily commands' smaller one"
    );
    assert_eq!(
        run(&["rank", "--top", "1"]).stdout,
        first.stdout,
        "the copy gives the same answer"
    );

    // Edited by hand: the new text counts, never the old copy.
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("Fjord Shipping A/S", "Fjord Shipping ASA");
    fs::write(&path, text).unwrap();
    assert!(stdout(&run(&["rank", "--top", "1"])).contains("Fjord Shipping ASA"));

    // A damaged copy is rebuilt, not believed.
    for entry in fs::read_dir(&books).unwrap() {
        fs::write(entry.unwrap().path(), b"garbage").unwrap();
    }
    let out = run(&["rank", "--top", "1"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("Fjord Shipping ASA"));

    // A logged call reaches the copy too: the next read sees it.
    assert!(
        run(&["log", "bodega-verde", "Called about renewal"])
            .status
            .success()
    );
    let remind = stdout(&run(&["remind"]));
    assert!(!remind[..remind.find("Today (").unwrap()].contains("Bodega Verde"));
}

/// Every command's text output, over a book with a hostile string in every field.
#[test]
#[allow(clippy::too_many_lines)] // one list of every command, then each checked
fn no_command_prints_a_control_character_from_the_data() {
    use support::{HOSTILE, hostile_book, terminal_unsafe};
    let (dir, path) = hostile_book();
    let book = path.to_str().unwrap();
    let csv = dir.path().join("hostile.csv");
    fs::write(
        &csv,
        format!(
            "\"Account Name\",\"Industry\"\n\"{}\",\"x\"\n",
            HOSTILE.replace('"', "")
        ),
    )
    .unwrap();
    let vcf = dir.path().join("hostile.vcf");
    fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vcard \u{1b}[2J Person\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["remind"],
        vec!["remind", "--days", "30"],
        vec!["rank", "--explain"],
        vec!["quota"],
        vec!["gifts"],
        vec!["contacts"],
        vec!["tasks", "--all"],
        vec!["team"],
        vec!["pipeline"],
        vec!["forecast", "submit", "--note", &HOSTILE],
        vec!["forecast"],
        vec!["forecast", "history"],
        vec!["export", "csv", "--table", "contacts"],
        vec!["export", "csv", "--table", "tasks"],
        vec!["check"],
        vec!["report", "--week"],
        vec!["report", "--month"],
        vec!["report", "--quarter"],
        vec!["export", "csv"],
        vec!["export", "ics"],
        vec!["import", "csv", csv.to_str().unwrap(), "--dry-run"],
        vec![
            "import",
            "vcf",
            vcf.to_str().unwrap(),
            "--client",
            "fjord-shipping",
            "--dry-run",
        ],
        vec!["log", "no-such\u{1b}[2J-client", "x"],
        vec!["note", "evil\u{1b}[2J-id", &HOSTILE],
        vec!["log", "evil\u{1b}[2J-id", &HOSTILE],
        vec!["remind"],
    ];
    for args in &commands {
        let mut full = args.clone();
        full.extend(["--data", book, "--today", TODAY]);
        let out = konto(&full);
        for (stream, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
            assert!(
                terminal_unsafe(&text).is_empty(),
                "{args:?} {stream} printed {:?}:\n{text}",
                terminal_unsafe(&text)
            );
            if !args.contains(&"csv") || args[0] != "export" {
                assert!(
                    !text.lines().any(|l| l.trim_start().starts_with("FAKE ROW")),
                    "{args:?} {stream}: a newline in the data made a row:\n{text}"
                );
            }
        }
    }
    // The JSON answers keep the exact strings, escaped the JSON way.
    for args in [
        vec!["remind", "--json"],
        vec!["rank", "--json"],
        vec!["gifts", "--json"],
        vec!["contacts", "--json"],
        vec!["tasks", "--json"],
        vec!["team", "--json"],
        vec!["pipeline", "--json"],
        vec!["forecast", "--json"],
        vec!["forecast", "history", "--json"],
        vec!["export", "json"],
    ] {
        let mut full = args.clone();
        full.extend(["--data", book, "--today", TODAY]);
        let out = konto(&full);
        let text = stdout(&out);
        assert!(terminal_unsafe(&text).is_empty(), "{args:?}: {text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(
            value
                .to_string()
                .contains(&serde_json::to_string(HOSTILE).unwrap()[1..20]),
            "{args:?} lost the exact string"
        );
    }
    // An error quoting the file's own text is safe too.
    let broken = dir.path().join("broken.ron");
    fs::write(
        &broken,
        "(clients: [(id: \"a\", name: \"A\", last_contact: \"\u{1b}[2J\u{202e}\")])",
    )
    .unwrap();
    let out = konto(&["check", "--data", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        terminal_unsafe(&stderr(&out)).is_empty(),
        "{}",
        stderr(&out)
    );
}

#[test]
fn demo_sizes_are_bounded_with_a_clear_error() {
    for clients in ["99999999999999", "0", "200001"] {
        let out = konto(&["demo", "--clients", clients]);
        assert_eq!(out.status.code(), Some(2), "{clients}");
        let err = stderr(&out);
        assert!(err.contains("is not in 1..=200000"), "{clients}: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn amounts_the_book_cannot_keep_exactly_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (text, says) in [
        ("annual_value: 12.345", "more than two decimals"),
        ("annual_value: -0.001", "negative"),
    ] {
        let path = dir.path().join("book.ron");
        fs::write(
            &path,
            format!("(clients: [(id: \"a\", name: \"A\", {text})])"),
        )
        .unwrap();
        let out = konto(&["check", "--data", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(stderr(&out).contains(says), "{text}: {}", stderr(&out));
    }
}

/// Issue 14: `konto` with its output in a pipe failed with "terminal: No such device".
#[test]
fn the_dashboard_without_a_terminal_says_so_and_points_to_remind() {
    let out = konto(&["--data", sample().to_str().unwrap(), "--today", TODAY]);
    assert_eq!(out.status.code(), Some(1));
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(error.contains("the dashboard needs a terminal"), "{error}");
    assert!(error.contains("konto remind"), "{error}");
}

/// Issue 14: shell completions and a manual page, generated from the same definition
/// that parses the command line.
#[test]
fn completions_and_the_manual_page_come_from_the_command_line_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let out = konto(&["completions", shell]);
        assert!(out.status.success());
        let script = stdout(&out);
        assert!(script.contains("konto"), "{shell}");
        assert!(
            script.contains("pipeline") && script.contains("gifts"),
            "{shell}"
        );
    }
    let man = stdout(&konto(&["man"]));
    assert!(man.starts_with(".ie") || man.contains(".TH konto"), "{man}");
    assert!(man.contains("pipeline"));
}

/// Issue 14: preferences live in `config.ron` beside the book; `konto config` finds it and
/// writes a default one.
#[test]
fn config_path_and_default_file() {
    let config = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        crate::support::konto_bin()
            .env("KONTO_CACHE", "off")
            .env("XDG_CONFIG_HOME", config.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["config", "path"]);
    assert_eq!(
        stdout(&out),
        format!("{}\n", config.path().join("konto/config.ron").display())
    );
    assert!(
        stderr(&out).contains("no file there yet"),
        "{}",
        stderr(&out)
    );
    let out = run(&["config", "default"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for needle in [
        "remind_on_launch: Daily",
        "default_sort: \"client\"",
        "\"overdue\": \"red\"",
        "\"global.quit\": [\"q\", \"ctrl-c\"]",
        "\"global.go_to_client\": [\"ctrl-p\"]",
        "\"panes.zoom\": [\"z\"]",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    // Written where `config path` says, it is the defaults: `check` finds nothing wrong.
    fs::create_dir_all(config.path().join("konto")).unwrap();
    fs::write(config.path().join("konto/config.ron"), &text).unwrap();
    let (_dir, book) = sample_copy();
    let out = run(&["--data", book.to_str().unwrap(), "check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(!stdout(&out).contains("error"), "{}", stdout(&out));
}

/// Issue 14: a mistake in `config.ron` is named with its line and column, the dashboard
/// does not start, and the book is not touched; `check` reports it too.
#[test]
fn a_mistake_in_the_config_file_is_reported_where_it_is() {
    let config = tempfile::tempdir().unwrap();
    fs::create_dir_all(config.path().join("konto")).unwrap();
    let file = config.path().join("konto/config.ron");
    fs::write(
        &file,
        "(\n    keys: {\n        \"log_contact\": [\"C\"],\n        \"log_contcat\": [\"c\"],\n    },\n)\n",
    )
    .unwrap();
    let (_dir, book) = sample_copy();
    let before = fs::read(&book).unwrap();
    let run = |args: &[&str]| {
        crate::support::konto_bin()
            .env("KONTO_CACHE", "off")
            .env("XDG_CONFIG_HOME", config.path())
            .args(["--data", book.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}:4:9: no action is called \"log_contcat\"",
            file.display()
        )),
        "{err}"
    );
    assert!(err.contains("did not start"), "{err}");
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(":4:9: no action"), "{}", stdout(&out));
    assert_eq!(fs::read(&book).unwrap(), before);
}

/// Issue 14: `remind_on_launch` moved to `config.ron`; a book that still has it loads and
/// keeps it, and `check` says where it belongs now.
#[test]
fn check_says_where_remind_on_launch_belongs_now() {
    let (_dir, book) = sample_copy();
    let text = fs::read_to_string(&book).unwrap();
    let text = text.replacen("(\n", "(\n    remind_on_launch: Some(Never),\n", 1);
    fs::write(&book, &text).unwrap();
    let out = konto(&["--data", book.to_str().unwrap(), "check"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains(
            "note: remind_on_launch (Never) is still read from the book, but it belongs in"
        ),
        "{}",
        stdout(&out)
    );
    let log = konto(&[
        "--data",
        book.to_str().unwrap(),
        "--today",
        TODAY,
        "log",
        "fjord-shipping",
        "Called about the renewal",
    ]);
    assert!(log.status.success(), "{}", stderr(&log));
    // The save rewrote only the client logged to: the setting stands as it was written.
    assert!(
        fs::read_to_string(&book)
            .unwrap()
            .contains("remind_on_launch: Some(Never)")
    );
    assert_eq!(
        konto::storage::load(&book).unwrap().book.remind_on_launch,
        Some(konto::model::RemindOnLaunch::Never)
    );
}

/// Issue 14: the README's keys table is the key map's own (the help is written from the
/// same map), so the two cannot disagree.
#[test]
fn the_readme_keys_table_is_the_help() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = konto::ui::keymap::KeyMap::default().markdown_table(&konto::ui::keymap::HELP_ORDER);
    assert!(
        readme.contains(&table),
        "README.md's keys table differs from the key map; put this in it:\n{table}"
    );
    for needle in [
        "Ctrl-P",
        "`z`",
        "`h`/`l`",
        "config.ron",
        "konto config default",
    ] {
        assert!(
            readme.contains(needle),
            "the README does not mention {needle}"
        );
    }
}

/// The README's example `config.ron` is one konto takes.
#[test]
fn the_readme_config_example_reads() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("### Preferences").nth(1).unwrap();
    let example = section
        .split("```ron\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let settings = konto::ui::config::settings_from(
        example,
        std::path::Path::new("config.ron"),
        konto::ui::theme::Theme::plain(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        settings.common.remind_on_launch,
        Some(konto::model::RemindOnLaunch::Daily)
    );
}
