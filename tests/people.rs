//! Book version 2: people, tasks and the team. Every version-1 book keeps loading as it
//! was; a save writes version 2 with every field kept and the version-1 text in `.bak`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing test

mod support;

use std::fs;

use konto::model::{BuyingRole, CURRENT_VERSION, InteractionKind};
use konto::storage::{self, LoadError};
use support::{data, sample_copy};

fn problem_in(text: &str) -> String {
    match storage::parse(text) {
        Err(problem) => problem.to_string(),
        Ok(_) => panic!("expected a problem in:\n{text}"),
    }
}

/// A v2 book with one client, with `extra` written inside the client.
fn one_client(extra: &str) -> String {
    format!(
        r#"(
    version: 2,
    team: [(id: "ida", name: "Ida Lund", role: "Solutions engineer")],
    clients: [(
        id: "nordlys-bank", name: "Nordlys Bank",
        contacts: [
            (id: "soren", name: "Søren Ærø", buying_role: Champion, timezone: "Europe/Copenhagen", cadence_days: 14),
            (id: "karen", name: "Karen Østergaard", buying_role: EconomicBuyer),
        ],
        deals: [(title: "Endpoint suite", stage: Proposal)],
        {extra}
    )],
)"#
    )
}

#[test]
fn a_version_1_book_loads_as_it_is_and_is_upgraded_on_save_keeping_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    let v1_text = fs::read_to_string(data("sample_v1.ron")).unwrap();
    fs::write(&path, &v1_text).unwrap();
    let loaded = storage::load(&path).unwrap();
    assert_eq!(loaded.book.version, 1);
    let v1_book = loaded.book.clone();
    // Every v1 contact gets an id made from its name; nothing else is added.
    let nordlys = v1_book.client("nordlys-bank").unwrap();
    assert_eq!(nordlys.contacts[0].id, "soren-æro");
    assert!(v1_book.team.is_empty());
    assert!(v1_book.clients.iter().all(|c| c.tasks.is_empty()));

    storage::save(&path, &loaded.book, Some(loaded.fingerprint)).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert!(saved.contains("version: 2,"), "{saved}");
    let backup = storage::location::backup_path(&path);
    assert_eq!(
        fs::read_to_string(backup).unwrap(),
        v1_text,
        "the .bak keeps v1"
    );
    let back = storage::load(&path).unwrap().book;
    assert_eq!(back.version, CURRENT_VERSION);
    assert_eq!(back.clients, v1_book.clients, "every client field kept");
    assert_eq!(back.quota, v1_book.quota);
    assert_eq!(back.owner, v1_book.owner);
}

#[test]
fn every_v1_test_book_still_loads() {
    for name in [
        "example.ron",
        "minimal.ron",
        "explicit_options.ron",
        "sample_v1.ron",
    ] {
        let loaded = storage::load(&data(name));
        assert!(loaded.is_ok(), "{name}: {:?}", loaded.err());
    }
}

#[test]
fn the_v2_sample_has_people_tasks_and_a_team() {
    let (_dir, path) = sample_copy();
    let book = storage::load(&path).unwrap().book;
    assert_eq!(book.version, 2);
    assert_eq!(book.team.len(), 3);
    let nordlys = book.client("nordlys-bank").unwrap();
    let soren = nordlys.contact("soren").unwrap();
    assert_eq!(soren.buying_role, Some(BuyingRole::Champion));
    assert_eq!(soren.cadence_days, Some(14));
    assert_eq!(nordlys.task("t2").unwrap().owner.as_deref(), Some("ida"));
    assert!(!nordlys.task("t3").unwrap().is_open());
    let attempt = nordlys.interactions.last().unwrap();
    assert_eq!(attempt.kind(), InteractionKind::Attempt);
    assert_eq!(attempt.with, ["karen"]);
}

#[test]
fn v2_fields_round_trip_in_the_order_konto_writes_them() {
    let text = one_client(
        r#"interactions: [(date: "2026-11-20", kind: Call, with: ["soren"], summary: "Kickoff")],
        tasks: [(id: "t1", title: "Send proposal", due: "2026-11-27", owner: "ida", deal: "Endpoint suite", done: "2026-11-26")],"#,
    );
    let (book, warnings) = storage::parse(&text).unwrap();
    assert!(warnings.is_empty());
    let written = storage::to_text(&book).unwrap();
    let (back, _) = storage::parse(&written).unwrap();
    assert_eq!(back, book);
    assert!(written.contains(r#"with: ["soren"]"#), "{written}");
    assert!(written.contains(r#"(id: "t1", title: "Send proposal", due: "2026-11-27", owner: "ida", deal: "Endpoint suite", done: "2026-11-26")"#), "{written}");
}

#[test]
fn missing_contact_and_task_ids_are_made_unique_from_names() {
    let text = r#"(clients: [(id: "a", name: "A",
        contacts: [(name: "Ann Lee"), (name: "Ann Lee"), (id: "ann-lee-3", name: "Other")],
        tasks: [(title: "Call back"), (title: "Call back")])])"#;
    let (book, _) = storage::parse(text).unwrap();
    let ids: Vec<&str> = book.clients[0]
        .contacts
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, ["ann-lee", "ann-lee-2", "ann-lee-3"]);
    let tasks: Vec<&str> = book.clients[0]
        .tasks
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(tasks, ["call-back", "call-back-2"]);
}

#[test]
fn v2_mistakes_are_named_with_a_suggestion() {
    let unknown_with = problem_in(&one_client(
        r#"interactions: [(date: "2026-11-20", kind: Call, with: ["sorn"], summary: "Kickoff")],"#,
    ));
    assert!(
        unknown_with
            .contains("is with `sorn`, who is not one of its contacts; did you mean `soren`?"),
        "{unknown_with}"
    );
    assert!(unknown_with.starts_with("line "), "placed: {unknown_with}");

    let zone = problem_in(&one_client("").replace("Europe/Copenhagen", "Europe/Copenhagn"));
    assert!(
        zone.contains("timezone `Europe/Copenhagn` is not a time zone name"),
        "{zone}"
    );
    assert!(zone.contains("did you mean `Europe/Copenhagen`?"), "{zone}");

    let owner = problem_in(&one_client(r#"tasks: [(title: "Demo", owner: "idaa")],"#));
    assert!(
        owner.contains("owned by `idaa`, who is not in the team; did you mean `ida`?"),
        "{owner}"
    );

    let deal = problem_in(&one_client(
        r#"tasks: [(title: "Demo", deal: "Endpoint suit")],"#,
    ));
    assert!(
        deal.contains("names deal \"Endpoint suit\", which this client does not have"),
        "{deal}"
    );

    let twice = problem_in(&one_client("").replace(r#"id: "karen""#, r#"id: "soren""#));
    assert!(
        twice.contains("contact id `soren` is used twice"),
        "{twice}"
    );

    let role = problem_in(&one_client("").replace("EconomicBuyer", "Economist"));
    assert!(role.contains("Economist"), "{role}");

    let zero = problem_in(&one_client("").replace("cadence_days: 14", "cadence_days: 0"));
    assert!(zero.contains("cadence_days is 0"), "{zero}");
}

#[test]
fn konto_check_says_a_v1_book_will_be_upgraded() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_konto"))
        .env("KONTO_CACHE", "off")
        .args(["check", "--data"])
        .arg(data("sample_v1.ron"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("this book is version 1; the next save writes it as version 2"),
        "{text}"
    );
    let v2 = std::process::Command::new(env!("CARGO_BIN_EXE_konto"))
        .env("KONTO_CACHE", "off")
        .args(["check", "--data"])
        .arg(support::sample())
        .output()
        .unwrap();
    assert!(!String::from_utf8(v2.stdout).unwrap().contains("version 1"));
}

#[test]
fn a_book_from_a_newer_konto_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(&path, "(version: 3, clients: [])").unwrap();
    match storage::load(&path) {
        Err(LoadError::Invalid { problem, .. }) => {
            assert!(problem.to_string().contains("reads version 2"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
}
