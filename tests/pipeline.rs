//! The pipeline across clients (issue 12, first part): forecast calls, slipped and
//! rotting deals, and `konto pipeline`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing test

use std::fs;
use std::process::{Command, Output};

const BOOK: &str = r#"(
    version: 2,
    rotting_days: (negotiation: 5),
    clients: [
        (
            id: "nordlys-bank", name: "Nordlys Bank",
            deals: [
                (title: "Managed detection", stage: Negotiation, amount: 140000, close_date: "2026-12-12", stage_changed: "2026-11-01"),
                (title: "Old renewal", kind: Renewal, stage: Proposal, amount: 50000, close_date: "2025-12-01", stage_changed: "2025-10-01"),
                (title: "Side project", stage: Qualified, amount: 999000, close_date: "2026-12-20", forecast: Omitted),
                (title: "Won earlier", stage: Won, amount: 10000, close_date: "2026-03-01"),
            ],
        ),
        (
            id: "lumen-health", name: "Lumen Health",
            deals: [(title: "Patient portal", stage: Lead, amount: 55000, forecast: Commit)],
        ),
    ],
)"#;

fn konto(args: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.ron");
    fs::write(&book, BOOK).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_konto"))
        .env("KONTO_CACHE", "off")
        .args(args)
        .arg("--data")
        .arg(&book)
        .args(["--today", "2026-11-27"])
        .output()
        .unwrap();
    (dir, out)
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn the_pipeline_lists_stages_calls_and_flags_in_words() {
    let (_dir, out) = konto(&["pipeline"]);
    let text = stdout(&out);
    assert!(
        text.contains("Negotiation         1        140,000        105,000"),
        "{text}"
    );
    assert!(
        text.contains("commit 195,000 · best case 50,000 · pipeline 0"),
        "the rep's calls and the stage defaults; the omitted deal in none: {text}"
    );
    let flag_after = |title: &str| {
        let mut lines = text.lines().skip_while(|l| !l.contains(title));
        let deal = lines.next().unwrap().to_string();
        (deal, lines.next().unwrap_or("").to_string())
    };
    let (old, flags) = flag_after("Old renewal");
    assert!(old.contains("422d"), "{old}");
    assert_eq!(
        flags.trim(),
        "! slipped 361 days past its close date · rotting: 422 days in Proposal"
    );
    let (detection, flags) = flag_after("Managed detection");
    assert!(detection.contains("26d"), "{detection}");
    assert_eq!(flags.trim(), "! rotting: 26 days in Negotiation");
    let (_, after_portal) = flag_after("Patient portal");
    assert!(
        !after_portal.contains('!'),
        "no stage date: not judged: {after_portal}"
    );
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80)
    );
    // The old deal comes first: by close date, the slipped one is the earliest.
    let first = text
        .lines()
        .skip_while(|l| !l.starts_with("Open deals"))
        .nth(1)
        .unwrap();
    assert!(first.contains("Old renewal"), "{first}");
}

#[test]
fn pipeline_json_has_the_documented_fields() {
    let (_dir, out) = konto(&["pipeline", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["categories"]["commit"], 195_000.0);
    assert_eq!(json["categories"]["best_case"], 50_000.0);
    let qualified = json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "Qualified")
        .unwrap();
    assert_eq!(
        qualified["count"], 0,
        "the omitted deal is in no stage total"
    );
    let old = json["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "Old renewal")
        .unwrap();
    assert_eq!(old["slipped_days"], 361);
    assert_eq!(old["rotting"], true);
    assert_eq!(old["forecast"], "Best case");
    assert_eq!(old["days_in_stage"], 422);
    assert_eq!(old["client_id"], "nordlys-bank");
}

#[test]
fn a_slipped_deal_ranks_through_its_own_term_and_stays_in_the_forecast() {
    let (_dir, out) = konto(&["rank", "--explain", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let nordlys = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "nordlys-bank")
        .unwrap();
    let term = |name: &str| {
        nordlys["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(term("slipped")["factor"], 1.0);
    assert_eq!(
        term("slipped")["reason"],
        "\"Old renewal\" 361 days past its close date"
    );
    assert_eq!(
        term("closing")["reason"],
        "\"Managed detection\" closing in 15 days"
    );
    let (_dir, quota) = konto(&["quota", "--json"]);
    let quota: serde_json::Value = serde_json::from_str(&stdout(&quota)).unwrap();
    // Weighted: negotiation 140k × 0.75 + the slipped proposal 50k × 0.5 + lead 55k ×
    // 0.1; the omitted deal counts in no forecast figure.
    assert_eq!(quota["weighted_open"], 105_000.0 + 25_000.0 + 5_500.0);
    let forecast = &quota["forecast"];
    assert_eq!(forecast["closed"], 10_000.0);
    assert_eq!(
        forecast["commit"],
        10_000.0 + 140_000.0 + 55_000.0,
        "the rep's call on the lead"
    );
    assert_eq!(
        forecast["best_case"],
        205_000.0 + 50_000.0,
        "the slipped proposal"
    );
    assert_eq!(forecast["pipeline"], 255_000.0, "the omitted deal in none");
    assert_eq!(forecast["weighted"], 10_000.0 + 135_500.0);
    assert_eq!(quota["credited_won"], 10_000.0);
}
