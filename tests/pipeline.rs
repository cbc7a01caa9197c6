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
    konto_on(BOOK, args)
}

fn konto_on(text: &str, args: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.ron");
    fs::write(&book, text).unwrap();
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
    // A deal's line, then its forecast call, then its flags if any.
    let flag_after = |title: &str| {
        let mut lines = text.lines().skip_while(|l| !l.contains(title));
        let deal = lines.next().unwrap().to_string();
        let call = lines.next().unwrap_or("").trim().to_string();
        (deal, call, lines.next().unwrap_or("").to_string())
    };
    let (old, call, flags) = flag_after("Old renewal");
    assert_eq!(call, "Best case");
    assert!(old.contains("422d"), "{old}");
    assert_eq!(
        flags.trim(),
        "! slipped 361 days past its close date · rotting: 422 days in Proposal"
    );
    let (detection, _, flags) = flag_after("Managed detection");
    assert!(detection.contains("26d"), "{detection}");
    assert_eq!(flags.trim(), "! rotting: 26 days in Negotiation");
    let (_, call, after_portal) = flag_after("Patient portal");
    assert_eq!(call, "Commit");
    // No stage date: not judged as rotting; a Commit deal with no task for it says so.
    assert_eq!(
        after_portal.trim(),
        "! Commit with no next step: add a task for it",
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
        (qualified["count"].as_u64(), qualified["omitted"].as_u64()),
        (Some(1), Some(1)),
        "the omitted deal is counted in its stage, marked, and in no call"
    );
    let old = json["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "Old renewal")
        .unwrap();
    assert_eq!(old["slipped_days"], 361);
    assert_eq!(old["rotting"], true);
    assert_eq!(old["forecast"], "BestCase", "the file's own word");
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

/// The book worked out by hand: its comments, and the unit tests in `rules::quota`, say
/// how each figure comes about.
const PAY_PLAN: &str = include_str!("data/pay_plan.ron");

#[test]
fn quota_json_gives_the_hand_computed_figures() {
    let (_dir, out) = konto_on(PAY_PLAN, &["quota", "--json"]);
    let q: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(q["year"], 2026);
    assert_eq!(
        (q["start"].as_str(), q["end"].as_str()),
        (Some("2026-04-01"), Some("2027-03-31"))
    );
    assert_eq!(q["won"], 1_760_000.0);
    assert_eq!(q["credited_won"], 1_560_000.0);
    assert_eq!(q["attainment"], 1.3);
    assert_eq!(q["pace"], 792_329.0);
    assert_eq!(
        q["forecast"],
        serde_json::json!({
            "closed": 1_560_000.0,
            "commit": 1_740_000.0,
            "best_case": 1_900_000.0,
            "pipeline": 1_940_000.0,
            "weighted": 1_739_000.0,
        })
    );
    assert_eq!(q["commission"], 90_000.0);
    assert_eq!(q["commission_rate"], 0.1);
    assert_eq!(q["bonus_total"], 10_000.0);
    assert_eq!(q["next_bonus"]["needed"], 240_000.0);
    assert_eq!(q["earned"], 152_822.0);
    assert_eq!(q["projected_earnings"], 197_900.0);
    assert_eq!(q["run_rate_won"], 2_362_656.0);
    assert_eq!(q["run_rate_earnings"], 280_266.0);
    let quarter = &q["quarter"];
    assert_eq!(quarter["index"], 3);
    assert_eq!(quarter["target"], 300_000.0);
    assert_eq!(quarter["won"], 560_000.0);
    assert_eq!(quarter["attainment"], 560.0 / 300.0);
    assert_eq!(quarter["forecast_weighted"], 685_000.0);
    assert_eq!(quarter["pace"], 189_130.0);
}

#[test]
fn pipeline_json_gives_the_hand_computed_figures() {
    let (_dir, out) = konto_on(PAY_PLAN, &["pipeline", "--json"]);
    let p: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let stages: Vec<(String, u64, f64, f64)> = p["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stage"].as_str().unwrap().to_string(),
                s["count"].as_u64().unwrap(),
                s["amount"].as_f64().unwrap(),
                s["weighted"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stages,
        vec![
            ("Lead".to_string(), 2, 110_000.0, 11_000.0),
            ("Qualified".to_string(), 1, 80_000.0, 20_000.0),
            ("Proposal".to_string(), 2, 260_000.0, 130_000.0),
            // The omitted 500,000 is in the stage's count and amount, not weighted.
            ("Negotiation".to_string(), 2, 600_000.0, 75_000.0),
        ]
    );
    assert_eq!(
        p["categories"],
        serde_json::json!({"commit": 180_000.0, "best_case": 160_000.0, "pipeline": 110_000.0}),
        "credited: the open renewal at half"
    );
    let deals = p["deals"].as_array().unwrap();
    let titles: Vec<&str> = deals.iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Fleet tracking",
            "Group rollout",
            "Fraud module",
            "Loyalty app",
            "Renewal 2027",
            "Kiosk add-on",
            "Expansion 2027"
        ]
    );
    let fleet = &deals[0];
    assert_eq!(
        (
            &fleet["slipped_days"],
            &fleet["days_in_stage"],
            &fleet["rotting"]
        ),
        (
            &serde_json::json!(347),
            &serde_json::json!(391),
            &serde_json::json!(true)
        )
    );
    let renewal = &deals[4];
    assert_eq!(renewal["days_in_stage"], 57);
    assert_eq!(renewal["rotting"], true);
    assert_eq!(renewal["credited"], 100_000.0);
    assert_eq!(renewal["worth"], 10_000.0);
    let kiosk = &deals[5];
    assert_eq!(kiosk["days_in_stage"], 26, "from its history");
    assert_eq!(kiosk["rotting"], false);
    assert_eq!(deals[1]["forecast"], "Omitted");
    assert_eq!(deals[1]["worth"], 70_000.0, "crosses the 150 % bonus");
    assert_eq!(deals[3]["forecast"], "Commit", "the rep's call");
}

#[test]
fn the_account_whose_deal_crosses_a_bonus_ranks_through_the_earnings_term() {
    let (_dir, out) = konto_on(PAY_PLAN, &["rank", "--explain", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let earnings = |id: &str| {
        let client = json
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap();
        client["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "earnings")
            .unwrap()
            .clone()
    };
    assert_eq!(earnings("nordlys-bank")["factor"], 1.0);
    assert_eq!(
        earnings("nordlys-bank")["reason"],
        "\"Group rollout\" won now pays you 70,000"
    );
    assert_eq!(earnings("fjordline")["factor"], 10_000.0 / 70_000.0);
}

#[test]
fn the_review_lists_pipeline_changes_from_the_deals_history() {
    let book = r#"(
    version: 2,
    clients: [(
        id: "nordlys-bank", name: "Nordlys Bank",
        deals: [
            (title: "Managed detection", stage: Negotiation, amount: 150000, close_date: "2026-12-20",
             history: [
                (date: "2026-09-01", added: true),
                (date: "2026-10-10", close_date: (from: "2026-10-31", to: "2026-11-30")),
                (date: "2026-11-24", stage: (from: Proposal, to: Negotiation), close_date: (from: "2026-11-30", to: "2026-12-20"), amount: (from: 140000, to: 150000)),
             ]),
            (title: "Side deal", stage: Lost, amount: 9000, close_date: "2026-11-25",
             history: [(date: "2026-11-23", added: true), (date: "2026-11-25", stage: (from: Lead, to: Lost), close_date: (from: "2026-12-01", to: "2026-11-25"))]),
            (title: "Old deal", stage: Lead, amount: 1000, history: [(date: "2026-01-05", added: true)]),
            (title: "Called", stage: Proposal, amount: 2000, history: [(date: "2026-11-26", forecast: (to: Commit))]),
        ],
    )],
)"#;
    let (_dir, out) = konto_on(book, &["report", "--week"]);
    let text = stdout(&out);
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("### Pipeline changes"))
        .take_while(|l| !l.starts_with("### Closing"))
        .filter(|l| l.starts_with("- "))
        .collect();
    assert_eq!(
        section,
        [
            "- Managed detection · Nordlys Bank · Proposal → Negotiation; close date pushed 20 days to 2026-12-20 (pushed 2 times so far); amount 140,000 → 150,000 (+10,000)",
            "- Side deal · Nordlys Bank · new; lost; close date pulled in 6 days to 2026-11-25",
            "- Called · Nordlys Bank · call by stage → Commit",
        ],
        "{text}"
    );
    assert!(text.contains("### Pipeline changes: 3"), "{text}");
}
