//! `konto capture` on realistic exports: an Outlook and a Google calendar, an mbox, a
//! Maildir and an .eml (tests/data/capture/), run as the real binary on a copy of the
//! sample book.

use crate::support;

use std::fs;
use std::path::Path;
use std::process::Output;

use konto::model::{Book, Direction, InteractionKind};

const TODAY: &str = "2026-11-27";

fn fixture(name: &str) -> String {
    format!("{}/tests/data/capture/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn konto(book: &Path, args: &[&str]) -> Output {
    let state = book.with_file_name("state");
    crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .env("XDG_STATE_HOME", &state)
        .env_remove("KONTO_DATA")
        .args(["--data", book.to_str().unwrap(), "--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

fn every_source() -> Vec<String> {
    [
        ("--ics", "outlook.ics"),
        ("--ics", "google.ics"),
        ("--mbox", "inbox.mbox"),
        ("--maildir", "Maildir"),
        ("--eml", "contract.eml"),
    ]
    .into_iter()
    .flat_map(|(flag, name)| [flag.to_string(), fixture(name)])
    .chain(["--tz".to_string(), "Europe/Copenhagen".to_string()])
    .collect()
}

fn capture(book: &Path, extra: &[&str]) -> Output {
    let sources = every_source();
    let mut args: Vec<&str> = vec!["capture"];
    args.extend(sources.iter().map(String::as_str));
    args.extend(extra);
    konto(book, &args)
}

fn text(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn load(path: &Path) -> Book {
    konto::storage::load(path).unwrap().book
}

/// The interactions capture added to a client: (date, kind, summary).
fn captured(book: &Book, id: &str) -> Vec<(String, InteractionKind, String)> {
    let mut found = book
        .client(id)
        .unwrap()
        .interactions
        .iter()
        .filter(|i| i.source.is_some())
        .map(|i| (i.date.unwrap().to_string(), i.kind(), i.summary.clone()))
        .collect::<Vec<_>>();
    found.sort();
    found
}

#[test]
fn capture_logs_meetings_and_mail_and_a_second_run_logs_nothing() {
    let (_dir, book) = support::sample_copy();
    let first = capture(&book, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        text(&first).contains("Logged 6 meetings and 8 emails:"),
        "{}",
        text(&first)
    );
    let after_first = fs::read(&book).unwrap();

    let second = capture(&book, &[]);
    assert!(second.status.success());
    assert!(
        text(&second).contains("Logged 0 meetings and 0 emails."),
        "{}",
        text(&second)
    );
    assert!(
        text(&second).contains("Already in the book: 14"),
        "{}",
        text(&second)
    );
    assert_eq!(
        fs::read(&book).unwrap(),
        after_first,
        "the second run writes nothing"
    );
}

#[test]
fn a_weekly_meeting_counts_each_occurrence_with_its_exception_and_exclusion() {
    let (_dir, book) = support::sample_copy();
    assert!(capture(&book, &[]).status.success());
    let book = load(&book);
    let meetings: Vec<String> = captured(&book, "nordlys-bank")
        .into_iter()
        .filter(|(_, kind, _)| *kind == InteractionKind::Meeting)
        .map(|(date, _, summary)| format!("{date} {summary}"))
        .collect();
    // Tuesdays from 3 Nov: the 10th excluded (EXDATE), the 17th moved to Wednesday the
    // 18th (RECURRENCE-ID), the 24th as planned; 1 Dec is still ahead.
    assert_eq!(
        meetings,
        [
            "2026-11-03 Nordlys weekly security sync",
            "2026-11-18 Nordlys weekly security sync (moved to Wednesday)",
            "2026-11-24 Nordlys weekly security sync",
        ]
    );
    let nordlys = book.client("nordlys-bank").unwrap();
    let sources: Vec<&str> = nordlys
        .interactions
        .iter()
        .filter_map(|i| i.source.as_deref())
        .filter(|s| s.starts_with("ics:"))
        .collect();
    assert!(
        sources[1].ends_with("/2026-11-17"),
        "an occurrence is named by its original day: {sources:?}"
    );
}

#[test]
fn time_zones_all_day_events_cancelled_and_declined() {
    let (_dir, path) = support::sample_copy();
    let out = capture(&path, &[]);
    let book = load(&path);
    // 19:00 in New York on the 25th is 01:00 on the 26th in Copenhagen (Outlook's
    // "Eastern Standard Time"); Priya's mail at 17:05 in California on the 23rd is the
    // 24th here.
    assert_eq!(
        captured(&book, "lumen-health"),
        [
            (
                "2026-11-24".to_string(),
                InteractionKind::Email,
                "Portal pilot – next steps".to_string()
            ),
            (
                "2026-11-26".to_string(),
                InteractionKind::Meeting,
                "Patient portal pricing, late call".to_string()
            ),
        ]
    );
    assert_eq!(
        captured(&book, "andes-mining"),
        [(
            "2026-11-16".to_string(),
            InteractionKind::Meeting,
            "Site visit: Antofagasta mine".to_string()
        )]
    );
    // The cancelled steering group and the declined dinner are not contact.
    assert!(captured(&book, "fjord-shipping").is_empty());
    let krakow: Vec<String> = captured(&book, "krakow-steel")
        .into_iter()
        .map(|(_, _, s)| s)
        .collect();
    assert_eq!(krakow, ["Predictive maintenance: line 3 walkthrough"]);
    let report = text(&out);
    assert!(
        report.contains(
            "outlook.ics:89  Canceled: Fleet telemetry steering group on 2026-11-12: cancelled"
        ),
        "{report}"
    );
    assert!(
        report.contains("google.ics:26  Second plant kickoff dinner on 2026-11-19: declined"),
        "{report}"
    );
    assert!(
        report.contains("google.ics:104  an event: unreadable: no start (DTSTART)"),
        "{report}"
    );
}

#[test]
fn mail_subjects_are_decoded_and_lists_and_no_reply_are_not_contact() {
    let (_dir, path) = support::sample_copy();
    let out = capture(&path, &[]);
    let book = load(&path);
    let summaries =
        |id: &str| -> Vec<String> { captured(&book, id).into_iter().map(|(_, _, s)| s).collect() };
    assert_eq!(
        summaries("tokyo-kaijo"),
        ["定例会議の議事録"],
        "ISO-2022-JP"
    );
    assert_eq!(
        summaries("helvetia-re"),
        ["Rückversicherung – Vertragsentwurf"],
        "UTF-8 quoted-printable in a single .eml"
    );
    // A thread: Mette's mail out, José's reply back.
    let bodega = book.client("bodega-verde").unwrap();
    let directions: Vec<(Option<Direction>, &str)> = bodega
        .interactions
        .iter()
        .filter(|i| i.source.is_some())
        .map(|i| (i.direction, i.summary.as_str()))
        .collect();
    assert_eq!(
        directions,
        [
            (Some(Direction::Sent), "Renewal paperwork"),
            (Some(Direction::Received), "Re: Renewal paperwork")
        ]
    );
    let report = text(&out);
    assert!(
        report.contains("This week: open banking in the Nordics: a mailing list"),
        "{report}"
    );
    assert!(
        report.contains("Your invoice is ready: a no-reply sender"),
        "{report}"
    );
    assert!(
        report.contains("inbox.mbox:97  Draft of the Nordlys demo: unreadable: no date"),
        "{report}"
    );
    // Unknown people: by the client's domain (logged with it) or nowhere.
    assert!(
        report.contains(
            "lars.berg@nordlys.example  1 item  at Nordlys Bank (logged with the client)"
        ),
        "{report}"
    );
    assert!(
        report.contains("tomasz.lis@krakowsteel.example  1 item  at Kraków Steelworks"),
        "{report}"
    );
    assert!(
        report.contains("jane.roe@prospect.example  1 item  no client"),
        "{report}"
    );
    // Nothing of a body is kept.
    let saved = fs::read_to_string(&path).unwrap();
    for body in ["budgetudvalget", "questionnaire.", "Gracias", "JVBERi0"] {
        assert!(!saved.contains(body), "{body} reached the book");
    }
}

#[test]
fn a_meeting_ahead_becomes_the_next_checkin_in_remind_and_the_agenda() {
    let (_dir, path) = support::sample_copy();
    let out = capture(&path, &[]);
    assert!(
        text(&out).contains("Nordic Media House  Thu 3 Dec: Q1 campaign planning"),
        "{}",
        text(&out)
    );
    let book = load(&path);
    assert_eq!(
        book.client("nordic-media").unwrap().next_checkin,
        Some("2026-12-03".parse().unwrap())
    );
    let remind = text(&konto(&path, &["remind"]));
    assert!(
        remind.contains("Thu 3 Dec   Nordic Media House"),
        "{remind}"
    );
    // Captured contact moved the reminders: Kraków (last met 38 days ago, overdue) is no
    // longer due for a check-in (only its task still is).
    assert!(!remind.contains("Kraków Steelworks"), "{remind}");
}

#[test]
fn a_dry_run_changes_nothing_and_json_says_the_same() {
    let (_dir, path) = support::sample_copy();
    let before = fs::read(&path).unwrap();
    let dry = capture(&path, &["--dry-run"]);
    assert!(
        text(&dry).contains("Would log 6 meetings and 8 emails:"),
        "{}",
        text(&dry)
    );
    assert!(text(&dry).contains("Dry run: nothing was written."));
    assert_eq!(fs::read(&path).unwrap(), before);
    let json: serde_json::Value =
        serde_json::from_slice(&capture(&path, &["--dry-run", "--json"]).stdout).unwrap();
    assert_eq!(json["logged"].as_array().unwrap().len(), 14);
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["next_checkins"][0]["client_id"], "nordic-media");
    assert_eq!(json["skipped"].as_array().unwrap().len(), 6);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn since_leaves_out_older_items() {
    let (_dir, path) = support::sample_copy();
    let out = capture(&path, &["--since", "2026-11-24"]);
    assert!(text(&out).contains("Not logged: "), "{}", text(&out));
    let book = load(&path);
    assert!(
        captured(&book, "andes-mining").is_empty(),
        "the 16th is before the 24th"
    );
    assert_eq!(
        captured(&book, "nordlys-bank").len(),
        4,
        "the 24th's meeting and three mails"
    );
}

#[test]
fn mistakes_are_named_and_the_book_is_left_alone() {
    let (_dir, path) = support::sample_copy();
    let before = fs::read(&path).unwrap();
    let missing = konto(&path, &["capture", "--ics", "/nonexistent/calendar.ics"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/calendar.ics")
    );
    let nothing = konto(&path, &["capture"]);
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("give something to read"));
    let not_maildir = konto(&path, &["capture", "--maildir", &fixture("google.ics")]);
    assert!(String::from_utf8_lossy(&not_maildir.stderr).contains("is not a Maildir"));
    let zone = konto(
        &path,
        &[
            "capture",
            "--ics",
            &fixture("google.ics"),
            "--tz",
            "Mars/Olympus",
        ],
    );
    assert!(String::from_utf8_lossy(&zone.stderr).contains("not a time zone"));
    // Without the owner's address, mail cannot be told apart.
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("    owner_email: \"mette@ourco.example\",\n", ""),
    )
    .unwrap();
    let anonymous = fs::read(&path).unwrap();
    let whose = konto(&path, &["capture", "--mbox", &fixture("inbox.mbox")]);
    assert!(String::from_utf8_lossy(&whose.stderr).contains("whose mail is it?"));
    assert_eq!(fs::read(&path).unwrap(), anonymous);
    fs::write(&path, &before).unwrap();
    // --me works without owner_email, and is what decides.
    let other = konto(
        &path,
        &[
            "capture",
            "--mbox",
            &fixture("inbox.mbox"),
            "--me",
            "someone@else.example",
            "--dry-run",
        ],
    );
    assert!(
        String::from_utf8(other.stdout)
            .unwrap()
            .contains("Would log 0 meetings and 0 emails.")
    );
}

fn sources() -> konto::capture::Sources {
    konto::capture::Sources {
        ics: vec![fixture("outlook.ics").into(), fixture("google.ics").into()],
        mbox: vec![fixture("inbox.mbox").into()],
        maildir: vec![fixture("Maildir").into()],
        eml: vec![fixture("contract.eml").into()],
        me: Vec::new(),
    }
}

/// The dashboard on `path`, and what capture at launch read, already taken in.
fn dashboard_with_capture(
    path: &Path,
) -> (
    konto::ui::Headless,
    konto::capture::Found,
    konto::capture::Me,
) {
    use konto::storage::location::{DataLocation, Source};
    let location = DataLocation::uncached(path.to_path_buf(), Source::Flag);
    let today = TODAY.parse().unwrap();
    let size = ratatui::layout::Rect::new(0, 0, 120, 40);
    let mut ui = konto::ui::Headless::open(location, today, size).unwrap();
    let me = konto::capture::Me::new(["mette@ourco.example"]);
    let window = konto::capture::Window {
        today,
        since: None,
        zone: chrono_tz::Europe::Copenhagen,
    };
    let found = sources().read(&me, window).unwrap();
    ui.captured(found.clone(), me.clone());
    (ui, found, me)
}

/// The dashboard's capture at launch (as the loop hears it from its thread), then the
/// inbox: add someone as a contact of their company's client, pick a client for someone
/// else, ignore a third for good.
#[test]
fn the_dashboard_logs_a_capture_and_its_inbox_adds_or_ignores_people() {
    let (_dir, path) = support::sample_copy();
    let (mut ui, found, me) = dashboard_with_capture(&path);
    let screen = ui.screen();
    assert!(
        screen.contains(
            "Captured 6 meetings, 8 emails · 3 unknown addresses in the inbox (i) · 1 check-in moved to a meeting ahead"
        ),
        "{screen}"
    );
    assert_eq!(
        captured(&load(&path), "nordlys-bank").len(),
        6,
        "saved at once"
    );
    // The capture is one undo step: u takes back what it logged at every client.
    let before_undo = fs::read_to_string(&path).unwrap();
    let logged = load(&path);
    let touched = ["nordlys-bank", "krakow-steel", "fjord-shipping"]
        .iter()
        .filter(|id| !captured(&logged, id).is_empty())
        .count();
    assert!(touched >= 2, "the capture logged at several clients");
    ui.keys("u");
    let undone = load(&path);
    for client in ["nordlys-bank", "krakow-steel", "fjord-shipping"] {
        assert!(captured(&undone, client).is_empty(), "{client}");
    }
    ui.ctrl('r');
    assert_eq!(fs::read_to_string(&path).unwrap(), before_undo);

    ui.keys("i");
    let screen = ui.screen();
    assert!(
        screen.contains("Inbox: people capture met who are not in the book"),
        "{screen}"
    );
    assert!(
        screen.contains("krakowsteel.example · at Kraków Steelworks"),
        "{screen}"
    );
    assert!(screen.contains("prospect.example · no client"), "{screen}");
    // Rows in domain order: krakowsteel, nordlys, prospect. Lars at Nordlys: `a` opens
    // the form at Nordlys with his address and a name to correct.
    ui.keys("ja");
    let screen = ui.screen();
    assert!(screen.contains("Add a person at Nordlys Bank"), "{screen}");
    assert!(screen.contains("Lars Berg"), "{screen}");
    ui.keys("\n");
    let book = load(&path);
    let lars = book
        .client("nordlys-bank")
        .unwrap()
        .contacts
        .iter()
        .find(|c| c.name == "Lars Berg")
        .expect("Lars was added");
    assert_eq!(lars.email.as_deref(), Some("lars.berg@nordlys.example"));
    // Back in the inbox, without Lars; Jane (now picked) has no client: `a` asks which,
    // the finder picks it.
    assert!(
        ui.screen().contains("Inbox: people capture met"),
        "{}",
        ui.screen()
    );
    assert!(
        !ui.screen().contains("lars.berg@"),
        "added: gone from the inbox"
    );
    ui.keys("a");
    assert!(
        ui.screen()
            .contains("Add jane.roe@prospect.example to which client?"),
        "{}",
        ui.screen()
    );
    ui.keys("lumen\n");
    assert!(
        ui.screen().contains("Add a person at Lumen Health"),
        "{}",
        ui.screen()
    );
    ui.keys("\x1b");
    // Tomasz is ignored for good.
    ui.keys("kx");
    assert!(
        ui.screen()
            .contains("tomasz.lis@krakowsteel.example will not be listed again"),
        "{}",
        ui.screen()
    );
    assert!(
        ui.app
            .inbox
            .ignored
            .contains("tomasz.lis@krakowsteel.example")
    );
    // A second capture of the same files changes nothing and lists no one ignored.
    let before = fs::read(&path).unwrap();
    ui.keys("\x1b");
    ui.captured(found, me);
    assert!(
        ui.screen().contains("Captured 0 meetings, 0 emails"),
        "{}",
        ui.screen()
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    ui.keys("i");
    assert!(!ui.screen().contains("tomasz"), "{}", ui.screen());
}

/// Mail is written by strangers: control characters in a subject, an address or an event
/// title never reach the terminal from `konto capture`, and `--json` keeps them exact.
#[test]
fn hostile_mail_and_events_never_reach_the_terminal() {
    let (dir, path) = support::sample_copy();
    let eml = dir.path().join("evil.eml");
    fs::write(
        &eml,
        "From: =?UTF-8?Q?Evil_=1B[2J?= <soren@nordlys.example>\r\n\
         To: mette@ourco.example\r\n\
         Cc: \"x\" <evil\u{1b}]0;pwned\u{7}@nordlys.example>\r\n\
         Subject: =?UTF-8?Q?Quarterly_=1B[31mreview=E2=80=AE_done?=\r\n\
         Date: Thu, 26 Nov 2026 10:00:00 +0100\r\n\
         Message-ID: <evil@nordlys.example>\r\n\r\nbody\r\n",
    )
    .unwrap();
    let ics = dir.path().join("evil.ics");
    fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:evil\u{1b}[2J\r\nDTSTART:20261125T100000Z\r\n\
         SUMMARY:Sync \u{1b}[2J\u{9b}31m\r\nATTENDEE:mailto:soren@nordlys.example\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let (eml, ics) = (eml.to_str().unwrap(), ics.to_str().unwrap());
    for extra in [&["--dry-run"][..], &[][..]] {
        let mut args = vec!["capture", "--eml", eml, "--ics", ics, "--tz", "UTC"];
        args.extend(extra);
        let out = konto(&path, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let shown = String::from_utf8(out.stdout).unwrap();
        assert!(
            shown.contains("Quarterly") && shown.contains("Sync"),
            "{shown}"
        );
        assert!(!shown.contains("pwned"), "not an address: {shown}");
        assert_eq!(
            support::terminal_unsafe(&shown),
            Vec::<char>::new(),
            "{shown}"
        );
    }
    let json = konto(
        &path,
        &[
            "capture",
            "--eml",
            eml,
            "--dry-run",
            "--json",
            "--tz",
            "UTC",
        ],
    );
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let logged = value["already"].as_u64().unwrap();
    assert_eq!(logged, 1, "the first run logged it");
    let book = load(&path);
    let summary = &book
        .client("nordlys-bank")
        .unwrap()
        .interactions
        .iter()
        .find(|i| i.source.as_deref() == Some("mail:<evil@nordlys.example>"))
        .unwrap()
        .summary;
    assert!(
        summary.contains('\u{1b}'),
        "the book keeps the text exact: {summary:?}"
    );
}
