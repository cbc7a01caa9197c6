//! `konto capture` at the size the issue names: 10,000 messages (an mbox) and 5,000
//! calendar events (an .ics, some weekly), against a generated book of 1,000 clients whose
//! contacts are the people in them. Reading (parsing, recurrence, matching addresses) and
//! logging are measured apart.

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing bench

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

use konto::capture::{Me, Sources, Window, log};

const MESSAGES: usize = 10_000;
const EVENTS: usize = 5_000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// Every contact address of the book, to write mail and invitations to.
fn addresses(book: &konto::model::Book) -> Vec<String> {
    book.clients
        .iter()
        .flat_map(|c| c.contacts.iter())
        .filter_map(|p| p.email.clone())
        .collect()
}

fn write_mbox(path: &Path, people: &[String]) {
    let mut text = String::new();
    for n in 0..MESSAGES {
        let who = &people[n % people.len()];
        let day = 1 + n % 27;
        let (from, to) = if n % 3 == 0 {
            ("me@ourco.example", who.as_str())
        } else {
            (who.as_str(), "me@ourco.example")
        };
        let _ = write!(
            text,
            "From {from} Thu Nov {day:02} 10:00:00 2026\n\
             From: =?UTF-8?Q?Sales_=C3=98ffice?= <{from}>\nTo: {to}\n\
             Subject: =?UTF-8?B?UmU6IFRpbGJ1ZCBww6UgZGFzaGJvYXJk?= {n}\n\
             Date: {day:02} Nov 2026 10:{:02}:00 +0100\nMessage-ID: <m{n}@bench.example>\n\
             Content-Type: text/plain; charset=utf-8\n\n\
             A body of a few lines, never read.\nFrom the second line on, still body.\n\n",
            n % 60
        );
    }
    std::fs::write(path, text).unwrap();
}

fn write_ics(path: &Path, people: &[String]) {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n");
    for n in 0..EVENTS {
        let who = &people[(n * 7) % people.len()];
        let day = 1 + n % 27;
        let rule = if n % 50 == 0 {
            "RRULE:FREQ=WEEKLY;COUNT=20\r\n"
        } else {
            ""
        };
        let _ = write!(
            text,
            "BEGIN:VEVENT\r\nUID:e{n}@bench.example\r\n\
             DTSTART;TZID=Europe/Copenhagen:202611{day:02}T{:02}0000\r\n{rule}\
             SUMMARY:Account review {n}\r\nORGANIZER:mailto:me@ourco.example\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED;CN=Client:mailto:{who}\r\nEND:VEVENT\r\n",
            8 + n % 9
        );
    }
    text.push_str("END:VCALENDAR\r\n");
    std::fs::write(path, text).unwrap();
}

fn capture(c: &mut Criterion) {
    let book = konto::demo::generate(1_000, 7, today());
    let people = addresses(&book);
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("inbox.mbox");
    let ics = dir.path().join("calendar.ics");
    write_mbox(&mbox, &people);
    write_ics(&ics, &people);
    let sources = Sources {
        ics: vec![ics],
        mbox: vec![mbox],
        ..Sources::default()
    };
    let me = Me::new(["me@ourco.example"]);
    let window = Window {
        today: today(),
        since: None,
        zone: chrono_tz::Europe::Copenhagen,
    };
    let mut group = c.benchmark_group("capture");
    group.sample_size(10);
    group.bench_function("read 10k messages and 5k events", |b| {
        b.iter(|| sources.read(&me, window).unwrap());
    });
    let found = sources.read(&me, window).unwrap();
    assert!(
        found.activities.len() > MESSAGES,
        "the bench reads what it claims"
    );
    group.bench_function("log them onto 1,000 clients", |b| {
        b.iter_batched(
            || book.clone(),
            |mut book| log::apply(&mut book, &found, &me, today()),
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, capture);
criterion_main!(benches);
