//! Book version 2: people, tasks and the team. Every version-1 book keeps loading as it
//! was; a save writes version 2 with every field kept and the version-1 text in `.bak`.

use crate::support;

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
    assert!(saved.contains("version: 3,"), "{saved}");
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
fn a_version_2_book_gets_ids_for_every_item_on_its_first_save_and_keeps_the_old_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    let v2_text = fs::read_to_string(data("sample_v2.ron")).unwrap();
    fs::write(&path, &v2_text).unwrap();
    let loaded = storage::load(&path).unwrap();
    assert_eq!(loaded.book.version, 2);
    let nordlys = loaded.book.client("nordlys-bank").unwrap();
    assert_eq!(nordlys.deals[2].id, "managed-detection");
    assert_eq!(
        nordlys.task("t1").unwrap().deal.as_deref(),
        Some("managed-detection"),
        "a task's deal title is read as the deal's id"
    );
    // One small edit: the whole book is written, at version 3, with every id.
    let mut edited = loaded.book.clone();
    edited.clients[0].notes = Some("edited".into());
    storage::save_edit(&path, &edited, &loaded.book, loaded.fingerprint).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert!(saved.contains("version: 3,"), "{saved}");
    assert!(
        saved.contains(r#"(id: "managed-detection", title: "Managed detection""#),
        "{saved}"
    );
    assert!(saved.contains(r#"deal: "managed-detection""#), "{saved}");
    assert!(
        saved.contains(r#"(id: "2026-11-20-call", date: "2026-11-20""#),
        "{saved}"
    );
    assert!(
        saved.contains(r#"(id: "golf-voucher", date: "2026-04-10""#),
        "{saved}"
    );
    assert!(
        saved.contains(r#"(id: "security-review", name: "Security review""#),
        "{saved}"
    );
    let backup = storage::location::backup_path(&path);
    assert_eq!(
        fs::read_to_string(backup).unwrap(),
        v2_text,
        "the .bak keeps v2"
    );
    let back = storage::load(&path).unwrap().book;
    assert_eq!(back.version, CURRENT_VERSION);
    assert_eq!(back.clients, edited.clients, "every client field kept");
    // The ids stay what they are once written, whatever the titles become.
    let renamed = fs::read_to_string(&path)
        .unwrap()
        .replace(r#"title: "Managed detection""#, r#"title: "MDR""#);
    let (renamed, _) = storage::parse(&renamed).unwrap();
    assert_eq!(renamed.clients[0].deals[2].id, "managed-detection");
}

#[test]
fn a_duplicate_item_id_is_refused_at_its_line_with_another_to_use() {
    let text = one_client("").replace(
        r#"deals: [(title: "Endpoint suite", stage: Proposal)],"#,
        "deals: [\n(id: \"pilot\", title: \"A\"),\n(id: \"pilot\", title: \"B\"),\n],",
    );
    let problem = problem_in(&text);
    assert!(
        problem.contains("deal id `pilot` is used twice") && problem.contains("e.g. `pilot-2`"),
        "{problem}"
    );
    let line = text
        .lines()
        .position(|l| l.contains(r#"title: "B""#))
        .unwrap()
        + 1;
    assert!(problem.starts_with(&format!("line {line},")), "{problem}");
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
fn the_sample_has_people_tasks_and_a_team() {
    let (_dir, path) = sample_copy();
    let book = storage::load(&path).unwrap().book;
    assert_eq!(book.version, CURRENT_VERSION);
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
    assert_eq!(back.clients, book.clients);
    assert!(written.contains(r#"with: ["soren"]"#), "{written}");
    assert!(written.contains(r#"(id: "t1", title: "Send proposal", due: "2026-11-27", owner: "ida", deal: "endpoint-suite", done: "2026-11-26")"#), "{written}");
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
        zone.contains("`Europe/Copenhagn` is no time zone"),
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
    let out = crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args(["check", "--data"])
        .arg(data("sample_v1.ron"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("this book is version 1; the next save writes it as version 3"),
        "{text}"
    );
    let v2 = crate::support::konto_bin()
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
    fs::write(&path, "(version: 4, clients: [])").unwrap();
    match storage::load(&path) {
        Err(LoadError::Invalid { problem, .. }) => {
            assert!(problem.to_string().contains("reads version 3"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
}

fn konto(args: &[&str], book: &std::path::Path) -> std::process::Output {
    crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args(args)
        .arg("--data")
        .arg(book)
        .args(["--today", "2026-11-27"])
        .output()
        .unwrap()
}

fn out(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn refused(output: &std::process::Output) -> String {
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn contacts_are_added_edited_and_listed_from_the_command_line() {
    let (_dir, book) = sample_copy();
    let said = out(&konto(
        &[
            "contact",
            "add",
            "lumen-health",
            "Tom Berg",
            "--role",
            "CFO",
            "--buying-role",
            "economic buyer",
            "--timezone",
            "America/Chicago",
            "--cadence",
            "21",
        ],
        &book,
    ));
    assert_eq!(
        said,
        "Added Tom Berg to Lumen Health (contact id `tom-berg`).\n"
    );
    let before = fs::read(&book).unwrap();
    let bad = refused(&konto(
        &[
            "contact",
            "edit",
            "lumen-health",
            "tom",
            "--timezone",
            "Europe/Pariss",
        ],
        &book,
    ));
    assert!(bad.contains("did you mean `Europe/Paris`?"), "{bad}");
    assert!(bad.contains("Nothing was changed"), "{bad}");
    assert_eq!(
        fs::read(&book).unwrap(),
        before,
        "a refused edit writes nothing"
    );
    let role = konto(
        &[
            "contact",
            "add",
            "lumen-health",
            "X",
            "--buying-role",
            "boss",
        ],
        &book,
    );
    assert!(String::from_utf8_lossy(&role.stderr).contains("is not a buying role"));

    out(&konto(
        &[
            "contact",
            "edit",
            "lumen-health",
            "tom",
            "--phone",
            "+1 312 555 0100",
        ],
        &book,
    ));
    let listed = out(&konto(&["contacts", "lumen-health"], &book));
    assert!(listed.contains("tom-berg"), "{listed}");
    assert!(listed.contains("Economic buyer"), "{listed}");
    assert!(
        listed.contains("+1 312 555 0100 · America/Chicago"),
        "{listed}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&out(&konto(&["contacts", "--json"], &book))).unwrap();
    let tom = json
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "tom-berg")
        .unwrap();
    assert_eq!(tom["client_id"], "lumen-health");
    assert_eq!(tom["cadence_days"], 21);
    assert_eq!(
        tom["buying_role"], "EconomicBuyer",
        "the file's own word, not a label"
    );
}

#[test]
fn tasks_are_added_completed_and_listed_by_owner_and_due_date() {
    let (_dir, book) = sample_copy();
    let added = out(&konto(
        &[
            "task",
            "add",
            "helvetia-re",
            "Send the cat model brief",
            "--due",
            "fri",
            "--owner",
            "lars",
            "--deal",
            "Catastrophe modelling add-on",
        ],
        &book,
    ));
    assert_eq!(
        added,
        "Added task `t2` to Helvetia Rückversicherung, due Fri 4 Dec.\n"
    );
    let no_owner = refused(&konto(
        &["task", "add", "helvetia-re", "x", "--owner", "idaa"],
        &book,
    ));
    assert!(no_owner.contains("did you mean `ida`?"), "{no_owner}");
    let bad_due = refused(&konto(
        &["task", "add", "helvetia-re", "x", "--due", "soonish"],
        &book,
    ));
    assert!(
        bad_due.contains("--due: \"soonish\" is not a date"),
        "{bad_due}"
    );

    let lars = out(&konto(&["tasks", "--owner", "lars"], &book));
    assert!(lars.contains("Send the cat model brief"), "{lars}");
    assert_eq!(lars.lines().count(), 1, "{lars}");
    let mine = out(&konto(&["tasks", "--owner", "me"], &book));
    assert!(!mine.contains("Ida"), "{mine}");
    let first = mine.lines().next().unwrap();
    assert!(
        first.contains("krakow-steel") && first.contains("7 days overdue"),
        "{mine}"
    );

    assert_eq!(
        out(&konto(
            &["task", "done", "krakow-steel", "send the pred"],
            &book
        )),
        "Done: Send the predictive maintenance case study.\n"
    );
    assert!(!out(&konto(&["tasks"], &book)).contains("predictive"));
    let all: serde_json::Value =
        serde_json::from_str(&out(&konto(&["tasks", "--all", "--json"], &book))).unwrap();
    let done = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["client_id"] == "krakow-steel")
        .unwrap();
    assert_eq!(done["done"], "2026-11-27");
}

#[test]
fn log_names_who_it_was_with_and_an_attempt_leaves_the_clock() {
    let (_dir, book) = sample_copy();
    out(&konto(
        &[
            "log",
            "fjord-shipping",
            "--kind",
            "attempt",
            "--with",
            "jorgen",
            "No answer",
        ],
        &book,
    ));
    let remind = out(&konto(&["remind"], &book));
    assert!(
        remind.contains("fjord-shipping") && remind.contains("11 days overdue"),
        "{remind}"
    );
    out(&konto(
        &[
            "log",
            "fjord-shipping",
            "--with",
            "Jørgen",
            "Pricing agreed",
        ],
        &book,
    ));
    let loaded = storage::load(&book).unwrap().book;
    let fjord = loaded.client("fjord-shipping").unwrap();
    assert_eq!(fjord.interactions.last().unwrap().with, ["jorgen"]);
    assert_eq!(fjord.last_contact.unwrap().to_string(), "2026-11-27");
    let unknown = refused(&konto(
        &[
            "log",
            "fjord-shipping",
            "--with",
            "jörg",
            "--with",
            "nobody",
            "x",
        ],
        &book,
    ));
    assert!(
        unknown.contains("Fjord Shipping A/S has no contact `nobody`"),
        "{unknown}"
    );
}

#[test]
fn remind_lists_due_tasks_and_people_and_every_client_line_has_its_id() {
    let (_dir, book) = sample_copy();
    let text = out(&konto(&["remind"], &book));
    let tasks_at = text.find("Tasks due (4)").expect(&text);
    assert!(
        text[tasks_at..].contains("Send telemetry pricing"),
        "{text}"
    );
    assert!(text.contains("People due (1)"), "{text}");
    assert!(text.contains("oresund-pharma/sofie"), "{text}");
    for line in text
        .lines()
        .filter(|l| l.contains("overdue") || l.ends_with("today"))
    {
        assert!(line.contains('-') || line.contains('/'), "no id on: {line}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&out(&konto(&["remind", "--json"], &book))).unwrap();
    let first = &json["tasks"][0];
    assert_eq!(first["client_id"], "krakow-steel");
    assert_eq!(first["task_id"], "t1");
    assert_eq!(first["due"], "2026-11-20");
    assert_eq!(first["days_overdue"], 7);
    assert!(first["owner"].is_null());
    assert_eq!(json["people"][0]["contact_id"], "sofie");
    let rank = out(&konto(&["rank", "--top", "3"], &book));
    assert!(
        rank.lines().nth(1).unwrap().contains("fjord-shipping"),
        "{rank}"
    );
    assert!(
        rank.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80),
        "{rank}"
    );
}

#[test]
fn team_shows_each_colleagues_load_and_the_days_they_are_taken_twice() {
    let (_dir, book) = sample_copy();
    let text = out(&konto(&["team"], &book));
    assert!(
        text.starts_with("Ida Lund [ida], Solutions engineer\n"),
        "{text}"
    );
    assert!(text.contains("! Wed 9 Dec committed twice"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&out(&konto(&["team", "--json"], &book))).unwrap();
    let ida = &json[0];
    assert_eq!(ida["clashes"][0]["date"], "2026-12-09");
    assert_eq!(
        ida["clashes"][0]["commitments"].as_array().unwrap().len(),
        2
    );
    assert!(json[2]["clashes"].as_array().unwrap().is_empty());
}
