//! `konto rollup`: a manager's view over the team's books, hand-written with
//! hand-computed figures (in the books' comments), one of them published as a git remote.
//! Nothing is written to any member's book or remote.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::said;

const TODAY: &str = "2026-12-04";

fn book(name: &str) -> PathBuf {
    support::data(&format!("team/{name}.ron"))
}

/// The manager's machine: a home of its own, where the remote members are mirrored.
struct Manager {
    home: tempfile::TempDir,
    team: PathBuf,
}

impl Manager {
    fn new(team: &str) -> Manager {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join("team.ron");
        fs::write(&file, team).unwrap();
        Manager { home, team: file }
    }

    fn konto(&self, args: &[&str]) -> Output {
        let home = self.home.path();
        crate::support::konto_bin()
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("KONTO_CACHE", "off")
            .arg("rollup")
            .args(args)
            .args(["--team", self.team.to_str().unwrap(), "--today", TODAY])
            .output()
            .unwrap()
    }
}

fn git(args: &[&str]) {
    let out = Command::new("git")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", said(&out));
}

/// Bo's book published as `konto sync` publishes it: `book.ron` on `main`, with history.
fn published(dir: &Path, book: &Path) -> PathBuf {
    let work = dir.join("bo-work");
    let hub = dir.join("bo.git");
    let (w, h) = (work.to_str().unwrap(), hub.to_str().unwrap());
    git(&["init", "--quiet", "--bare", h]);
    git(&["init", "--quiet", "--initial-branch=main", w]);
    let text = fs::read_to_string(book).unwrap();
    // An older version first: the mirror must read the newest. In it the concert cost 900
    // and a watch was given that the newer version no longer lists.
    let older = text
        .replace("65000", "1000")
        .replace("value: 1300", "value: 900")
        .replacen(
            "gifts: [",
            "gifts: [\n                (id: \"watch\", date: \"2026-07-01\", recipient: \"Ole Olsen\", description: \"Watch\", value: 500),",
            1,
        );
    fs::write(work.join("book.ron"), older).unwrap();
    for (message, body) in [("older", None), ("newer", Some(text))] {
        if let Some(body) = body {
            fs::write(work.join("book.ron"), body).unwrap();
        }
        git(&["-C", w, "add", "book.ron"]);
        git(&[
            "-C",
            w,
            "-c",
            "user.name=bo",
            "-c",
            "user.email=bo@x",
            "commit",
            "--quiet",
            "-m",
            message,
        ]);
    }
    git(&["-C", w, "push", "--quiet", h, "main"]);
    hub
}

fn team_file(dir: &Path) -> String {
    let hub = published(dir, &book("bo"));
    format!(
        r#"(
    currency: "USD",
    members: [
        (id: "ann", name: "Ann Axelsen", book: "{}"),
        (id: "bo", name: "Bo Berg", remote: "{}"),
        (id: "cy", name: "Cy Carlsen", book: "{}"),
        (id: "dee", name: "Dee Dahl", book: "{}"),
    ],
)"#,
        book("ann").display(),
        hub.display(),
        book("cy").display(),
        dir.join("nowhere.ron").display(),
    )
}

/// The team of the hand-written books, Bo's remote fetched.
fn fetched_team() -> (tempfile::TempDir, Manager) {
    let dir = tempfile::tempdir().unwrap();
    let manager = Manager::new(&team_file(dir.path()));
    let fetched = manager.konto(&["fetch"]);
    assert!(fetched.status.success(), "{}", said(&fetched));
    (dir, manager)
}

/// A forecast line's figures, whole amounts: target, closed, commit, best case,
/// pipeline, weighted.
fn figures(v: &serde_json::Value) -> [i64; 6] {
    [
        "target",
        "closed",
        "commit",
        "best_case",
        "pipeline",
        "weighted",
    ]
    .map(|k| v[k].as_i64().unwrap_or_else(|| panic!("{k} whole: {v}")))
}

/// What a `--json` answer printed.
fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("JSON: {}", said(out)))
}

/// The entry of `list` (e.g. `members`) with this `id`.
fn entry(json: &serde_json::Value, list: &str, id: &str) -> serde_json::Value {
    json[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {json}"))
        .clone()
}

#[test]
fn the_forecast_adds_up_each_members_quarter_in_the_teams_currency() {
    let dir = tempfile::tempdir().unwrap();
    let manager = Manager::new(&team_file(dir.path()));
    let before: Vec<Vec<u8>> = ["ann", "bo", "cy"]
        .iter()
        .map(|n| fs::read(book(n)).unwrap())
        .collect();

    // Before a fetch, Bo's remote is named as not fetched; the others still answer.
    let out = manager.konto(&["forecast"]);
    assert_eq!(out.status.code(), Some(1), "something was missing");
    assert!(
        said(&out).contains("bo: left out: not fetched yet"),
        "{}",
        said(&out)
    );

    let fetched = manager.konto(&["fetch"]);
    assert!(fetched.status.success(), "{}", said(&fetched));
    let out = manager.konto(&["forecast", "--json"]);
    assert_eq!(out.status.code(), Some(1), "Cy and Dee are still missing");
    let json = json_of(&out);
    let member = |id: &str| entry(&json, "members", id);
    // Hand-computed: see the books' comments.
    assert_eq!(
        figures(&member("ann")),
        [100_000, 30_000, 50_000, 60_000, 68_000, 52_000]
    );
    assert_eq!(
        figures(&member("bo")),
        [50_000, 10_000, 30_000, 30_000, 30_000, 25_000]
    );
    assert_eq!(member("bo")["currency"], "DKK");
    assert_eq!(
        figures(&json["total"]),
        [150_000, 40_000, 80_000, 90_000, 98_000, 77_000]
    );
    let attainment = json["total"]["attainment"].as_f64().unwrap();
    assert!((attainment - 40_000.0 / 150_000.0).abs() < 1e-9);
    assert_eq!(member("ann")["period"], "Q4 2026-10-01..2026-12-31");
    assert_eq!(json["period"], "Q4 2026-10-01..2026-12-31");
    let missing = json["missing"].as_array().unwrap();
    let reason = |id: &str| {
        missing
            .iter()
            .find(|m| m["id"] == id)
            .map(|m| m["reason"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(reason("cy").contains("EUR"), "{}", reason("cy"));
    assert!(reason("dee").contains("no book"), "{}", reason("dee"));

    // In words, 80 columns wide.
    let plain = manager.konto(&["forecast"]);
    let text = String::from_utf8(plain.stdout).unwrap();
    assert!(text.contains("Team"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");

    let after: Vec<Vec<u8>> = ["ann", "bo", "cy"]
        .iter()
        .map(|n| fs::read(book(n)).unwrap())
        .collect();
    assert_eq!(before, after, "nothing is written to a member's book");
}

#[test]
fn a_member_from_a_newer_konto_or_an_unreachable_remote_is_named_and_the_rest_answer() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.ron");
    fs::write(
        &newer,
        fs::read_to_string(book("ann"))
            .unwrap()
            .replace("version: 3", "version: 99"),
    )
    .unwrap();
    let team = format!(
        r#"(members: [
            (id: "ann", name: "Ann Axelsen", book: "{}"),
            (id: "new", name: "New Version", book: "{}"),
            (id: "far", name: "Far Away", remote: "{}"),
        ])"#,
        book("ann").display(),
        newer.display(),
        dir.path().join("gone.git").display(),
    );
    let manager = Manager::new(&team);
    let fetched = manager.konto(&["fetch", "--timeout", "5"]);
    assert_eq!(fetched.status.code(), Some(1));
    assert!(
        said(&fetched).contains("far: not fetched"),
        "{}",
        said(&fetched)
    );
    let out = manager.konto(&["forecast"]);
    assert_eq!(out.status.code(), Some(1));
    let told = said(&out);
    assert!(
        told.contains("new: left out") && told.contains("newer konto"),
        "{told}"
    );
    assert!(told.contains("far: left out"), "{told}");
    assert!(told.contains("Ann Axelsen"), "{told}");
}

#[test]
fn one_gift_register_counts_a_person_across_every_members_book() {
    let (_dir, manager) = fetched_team();
    let out = manager.konto(&["gifts", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "Cy's and Dee's gifts are missing"
    );
    let json = json_of(&out);
    let people = json["recipients"].as_array().unwrap();
    let named = |name: &str| -> Vec<&serde_json::Value> {
        people.iter().filter(|p| p["recipient"] == name).collect()
    };
    // Hand-computed, see the books: 250 from Ann and 1,300 DKK = 200 from Bo, the same
    // email in two cases: 450 against 300, over, though neither book alone is.
    let ole = named("Ole Olsen");
    assert_eq!(ole.len(), 1, "one person by email");
    assert_eq!(ole[0]["counted_usd"], 450);
    assert_eq!(ole[0]["limit_usd"], 300);
    assert_eq!(ole[0]["standing"], "over");
    assert_eq!(ole[0]["givers"], serde_json::json!(["ann", "bo"]));
    assert_eq!(ole[0]["email"], "ole@alder.example");
    // No email either side: one person by name.
    let mia = named("Mia Berg");
    assert_eq!(mia.len(), 1);
    assert_eq!(mia[0]["counted_usd"], 100);
    assert_eq!(mia[0]["standing"], "ok");
    // The same name, two different emails: two people.
    let per = named("Per Hansen");
    assert_eq!(per.len(), 2, "{per:?}");
    assert!(per.iter().all(|p| p["counted_usd"] == 40));
    assert_eq!(people[0]["recipient"], "Ole Olsen", "the breach first");

    let plain = manager.konto(&["gifts"]);
    let text = String::from_utf8(plain.stdout.clone()).unwrap();
    assert!(
        text.contains("Ole Olsen") && text.contains("OVER"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(said(&plain).contains("cy: left out"), "{}", said(&plain));
}

#[test]
fn activity_counts_each_members_contact_by_kind_and_names_key_accounts_overdue() {
    let (_dir, manager) = fetched_team();
    let out = manager.konto(&["activity", "--json"]);
    let json = json_of(&out);
    assert_eq!(json["since"], "2026-11-27", "7 days back by default");
    let member = |id: &str| entry(&json, "members", id);
    let counts = |v: &serde_json::Value| {
        ["calls", "meetings", "emails", "demos", "attempts"].map(|k| v[k].as_u64().unwrap())
    };
    // Hand-counted, see the books.
    assert_eq!(counts(&member("ann")), [1, 1, 0, 0, 1]);
    assert_eq!(
        member("ann")["key_accounts_overdue"],
        serde_json::json!(["birch-retail"])
    );
    assert_eq!(counts(&member("bo")), [1, 0, 1, 1, 0]);
    // From a given day, the email of 11-20 counts too.
    let out = manager.konto(&["activity", "--since", "2026-11-20", "--json"]);
    let json = json_of(&out);
    let ann = entry(&json, "members", "ann");
    assert_eq!(counts(&ann), [1, 1, 1, 0, 1]);
    let bad = manager.konto(&["activity", "--since", "next year"]);
    assert_eq!(bad.status.code(), Some(2), "{}", said(&bad));
}

#[test]
fn pipeline_shows_each_members_stages_slips_and_pushed_close_dates() {
    let (_dir, manager) = fetched_team();
    let out = manager.konto(&["pipeline", "--json"]);
    let json = json_of(&out);
    let ann = entry(&json, "members", "ann");
    let stage = |name: &str| {
        let s = ann["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stage"] == name)
            .unwrap();
        (s["count"].as_u64().unwrap(), s["amount"].as_i64().unwrap())
    };
    // Hand-computed, see Ann's book.
    assert_eq!(stage("Lead"), (1, 5_000));
    assert_eq!(stage("Qualified"), (1, 8_000));
    assert_eq!(stage("Proposal"), (1, 10_000));
    assert_eq!(stage("Negotiation"), (1, 20_000));
    assert_eq!(
        (ann["slipped"].as_u64(), ann["slipped_amount"].as_i64()),
        (Some(1), Some(10_000))
    );
    assert_eq!(
        (ann["pushed"].as_u64(), ann["pushed_days"].as_i64()),
        (Some(1), Some(14))
    );
    // Bo's 130,000 DKK in dollars.
    let bo = entry(&json, "members", "bo");
    let nego = bo["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "Negotiation")
        .unwrap()
        .clone();
    assert_eq!(nego["amount"], 20_000);
    // Before the push, nothing was pushed.
    let early = manager.konto(&["pipeline", "--since", "2026-12-02", "--json"]);
    let json = json_of(&early);
    let ann = entry(&json, "members", "ann");
    assert_eq!(ann["pushed"], 0);
}

#[test]
fn the_report_is_one_page_for_the_forecast_call_with_everything_in_order() {
    let (_dir, manager) = fetched_team();
    let out = manager.konto(&["report"]);
    assert_eq!(out.status.code(), Some(1), "Cy and Dee are left out");
    let page = String::from_utf8(out.stdout).unwrap();
    let at = |heading: &str| {
        page.find(heading)
            .unwrap_or_else(|| panic!("{heading}: {page}"))
    };
    assert!(at("## Forecast") < at("## Pipeline"));
    assert!(at("## Pipeline") < at("## Activity"));
    assert!(at("## Activity") < at("## Gifts"));
    assert!(at("## Gifts") < at("## Left out"));
    assert!(
        page.contains("| **Team** | 150,000 | 40,000 | 80,000 | 90,000 | 98,000 | 77,000 | 27 % |"),
        "{page}"
    );
    assert!(
        page.contains("| Ole Olsen | ole@alder.example | 450 | 300 | OVER | ann, bo |"),
        "{page}"
    );
    assert!(page.contains("- dee:"), "{page}");
}

#[test]
fn the_gift_audit_lists_gifts_edited_or_removed_after_they_were_published() {
    let (_dir, manager) = fetched_team();
    let out = manager.konto(&["gifts", "--audit", "--json"]);
    assert!(out.status.success(), "{}", said(&out));
    let json = json_of(&out);
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{json}");
    let by = |kind: &str| {
        changes
            .iter()
            .find(|c| c["change"] == kind)
            .unwrap()
            .clone()
    };
    let edited = by("edited");
    assert_eq!(edited["member"], "bo");
    assert_eq!(edited["client_id"], "cedar-shipping");
    assert!(
        edited["from"].as_str().unwrap().ends_with(": 900"),
        "{edited}"
    );
    assert!(
        edited["to"].as_str().unwrap().ends_with(": 1,300"),
        "{edited}"
    );
    let removed = by("removed");
    assert_eq!(removed["gift"], "watch");
    assert!(
        removed["from"]
            .as_str()
            .unwrap()
            .contains("Watch for Ole Olsen: 500"),
        "{removed}"
    );
}

#[test]
fn the_next_quarter_counts_only_what_closes_in_it() {
    let (_dir, manager) = fetched_team();
    let out = manager.konto(&["forecast", "--quarter", "next", "--json"]);
    let json = json_of(&out);
    let ann = entry(&json, "members", "ann");
    assert_eq!(ann["period"], "Q1 2027-01-01..2027-03-31");
    // Hand-computed: only the Lead of 5,000 closing 2027-02-01 (called Pipeline by its
    // stage, weighted at 10 %); the slipped Fraud stays in this quarter.
    assert_eq!(figures(&ann), [100_000, 0, 0, 0, 5_000, 500]);
}

#[test]
fn a_remote_that_looks_like_an_option_is_never_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let planted = dir.path().join("planted");
    let team = format!(
        r#"(members: [(id: "x", name: "X", remote: "--upload-pack=touch {}")])"#,
        planted.display()
    );
    let manager = Manager::new(&team);
    let out = manager.konto(&["fetch"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(!planted.exists(), "git ran no command of the team file's");
}
