//! The pipeline across clients (issue 12, first part): forecast calls, slipped and
//! rotting deals, and `konto pipeline`.

use std::fs;
use std::process::Output;

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
    let out = crate::support::konto_bin()
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
const PAY_PLAN: &str = include_str!("../data/pay_plan.ron");

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

/// konto on `book` as of `today`, no cache, no user configuration.
fn konto_at(book: &std::path::Path, today: &str, args: &[&str]) -> String {
    let out = crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .env("XDG_CONFIG_HOME", book.parent().unwrap())
        .args(args)
        .arg("--data")
        .arg(book)
        .args(["--today", today])
        .output()
        .unwrap();
    stdout(&out)
}

fn json_at(book: &std::path::Path, today: &str, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&konto_at(book, today, args)).unwrap()
}

fn forecast_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.ron");
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/forecast.ron"),
        &book,
    )
    .unwrap();
    (dir, book)
}

fn titles(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect()
}

/// Issue 30: the Friday call from `konto forecast`. Every figure is worked out by hand in
/// tests/data/forecast.ron.
#[test]
fn the_forecast_call_gives_the_quarters_calls_by_hand() {
    let (_dir, book) = forecast_book();
    let call = json_at(&book, "2026-11-27", &["forecast", "--json"]);
    assert_eq!(call["period"]["label"], "FY2026 Q4");
    assert_eq!(call["period"]["start"], "2026-11-01");
    assert_eq!(call["period"]["end"], "2027-01-31");
    assert_eq!(call["target"], 300_000.0);
    assert_eq!(call["closed"], 100_000.0);
    assert_eq!(call["commit"], 232_000.0);
    assert_eq!(call["best_case"], 354_500.0);
    assert_eq!(call["pipeline"], 394_500.0);
    assert_eq!(call["weighted"], 275_250.0);
    assert_eq!(call["slipped"]["count"], 2);
    assert_eq!(call["slipped"]["amount"], 90_000.0);
    assert!(call["submitted"].is_null() && call["flow"].is_null());
    assert!(
        !titles(&call["deals"]).contains(&"Omitted pilot"),
        "an omitted deal counts in no call"
    );
}

/// The call of 2026-11-27 submitted, then a week: one deal won, one lost, one pushed
/// out, one new, one amount changed.
fn a_week_after_the_call() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, book) = forecast_book();
    let said = konto_at(
        &book,
        "2026-11-27",
        &["forecast", "submit", "--note", "Renewal 2027 at risk"],
    );
    assert!(
        said.contains("Submitted the FY2026 Q4 call of 2026-11-27"),
        "{said}"
    );
    for (today, args) in [
        (
            "2026-12-01",
            &["deal", "won", "aster", "three-year-platform"][..],
        ),
        ("2026-12-02", &["deal", "lost", "cedar", "lost-one"][..]),
        (
            "2026-12-02",
            &[
                "deal",
                "edit",
                "cedar",
                "renewal-2027",
                "--close",
                "2027-02-20",
            ][..],
        ),
        (
            "2026-12-02",
            &[
                "deal",
                "add",
                "cedar",
                "Expansion",
                "--stage",
                "Qualified",
                "--kind",
                "Upsell",
                "--amount",
                "60000",
                "--close",
                "2026-12-30",
            ][..],
        ),
        (
            "2026-12-03",
            &["deal", "edit", "aster", "data-lake", "--amount", "100000"][..],
        ),
    ] {
        konto_at(&book, today, args);
    }
    (dir, book)
}

/// Next Friday: exactly which deals moved since the call kept.
#[test]
fn the_forecast_call_is_kept_as_submitted_and_says_what_moved() {
    let (_dir, book) = a_week_after_the_call();
    let call = json_at(&book, "2026-12-04", &["forecast", "--json"]);
    assert_eq!(call["closed"], 160_000.0, "100,000 + 360,000 × 12/36 × 0.5");
    assert_eq!(call["commit"], 240_000.0, "+ 100,000 × 0.8");
    assert_eq!(
        call["best_case"], 310_000.0,
        "+ 50,000 slipped + 80,000 × 0.25"
    );
    assert_eq!(call["pipeline"], 410_000.0, "+ 40,000 slipped + 60,000");
    assert_eq!(call["weighted"], 285_000.0);
    assert_eq!(call["submitted"]["date"], "2026-11-27");
    assert_eq!(call["submitted"]["commit"], 232_000.0);
    assert_eq!(call["submitted"]["note"], "Renewal 2027 at risk");
    let flow = &call["flow"];
    assert_eq!(titles(&flow["new"]), ["Expansion"]);
    assert_eq!(titles(&flow["won"]), ["Three-year platform"]);
    assert_eq!(titles(&flow["lost"]), ["Lost one"]);
    assert_eq!(titles(&flow["pushed"]), ["Renewal 2027"]);
    assert_eq!(flow["pushed"][0]["detail"], "2026-12-18 → 2027-02-20");
    assert_eq!(titles(&flow["changed"]), ["Data lake"]);
    assert_eq!(flow["changed"][0]["detail"], "amount 90,000 → 100,000");
    assert!(flow["pulled_in"].as_array().unwrap().is_empty());
    let data_lake = call["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "data-lake")
        .unwrap();
    assert_eq!(data_lake["credited"], 80_000.0);
    assert_eq!(
        data_lake["next_step"]["title"],
        "Send the security questionnaire"
    );

    // The pushed deal is next quarter's now.
    let next = json_at(
        &book,
        "2026-12-04",
        &["forecast", "--json", "--quarter", "next"],
    );
    assert_eq!(next["period"]["label"], "FY2027 Q1");
    assert_eq!(next["best_case"], 112_500.0, "90,000 + 45,000 × 0.5");
    assert_eq!(next["slipped"]["count"], 0);
    let history = json_at(&book, "2026-12-04", &["forecast", "history", "--json"]);
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["pipeline"], 394_500.0);
}

/// The same figures and flow in `quota --json`, the plain call and the weekly report.
#[test]
fn the_quarters_calls_and_flow_read_the_same_everywhere() {
    let (_dir, book) = a_week_after_the_call();
    let quota = json_at(&book, "2026-12-04", &["quota", "--json"]);
    let quarter = &quota["quarter"];
    assert_eq!(quarter["label"], "FY2026 Q4");
    assert_eq!(
        [
            &quarter["closed"],
            &quarter["commit"],
            &quarter["best_case"],
            &quarter["pipeline"]
        ],
        [160_000.0, 240_000.0, 310_000.0, 410_000.0]
    );
    assert_eq!(quarter["slipped"]["amount"], 90_000.0);
    assert_eq!(quota["credited_won"], 160_000.0);
    let plain = konto_at(&book, "2026-12-04", &["forecast"]);
    for line in [
        "  Commit              240,000        232,000  closed + commit",
        "  pushed     Cedar Bank · Renewal 2027: 2026-12-18 → 2027-02-20",
        "  won        Aster Logistics · Three-year platform: 360,000",
        "Since the call of Fri 27 Nov (\"Renewal 2027 at risk\"):",
    ] {
        assert!(plain.contains(line), "{line}\n---\n{plain}");
    }
    let report = konto_at(&book, "2026-12-04", &["report", "--week"]);
    for line in [
        "## Forecast call FY2026 Q4",
        "- Closed 160,000 · commit 240,000 · best case 310,000 · pipeline 410,000 · weighted 285,000",
        "- pushed: Renewal 2027 · Cedar Bank: 2026-12-18 → 2027-02-20",
        "- new: Expansion · Cedar Bank: 2026-12-30",
    ] {
        assert!(report.contains(line), "{line}\n---\n{report}");
    }
}

/// Split, override and first-year credit reach the pipeline, what a deal is worth, and
/// `check`'s inspection of Commit deals.
#[test]
fn deals_are_credited_as_the_plan_credits_them_and_inspected() {
    let (_dir, book) = forecast_book();
    let pipeline = json_at(&book, "2026-12-04", &["pipeline", "--json"]);
    let deal = |id: &str| {
        pipeline["deals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()
            .clone()
    };
    let platform = deal("three-year-platform");
    assert_eq!(platform["credited"], 60_000.0);
    assert_eq!(
        platform["worth"], 6_000.0,
        "10 % commission on what it credits"
    );
    assert_eq!(platform["no_next_step"], true);
    let lake = deal("data-lake");
    assert_eq!(lake["credited"], 72_000.0);
    assert_eq!(lake["next_step"]["id"], "security-questionnaire");
    assert_eq!(lake["next_step"]["due"], "2026-12-08");
    assert_eq!(lake["no_next_step"], false);
    assert_eq!(deal("split-deal")["credited"], 20_000.0);
    assert_eq!(deal("renewal-2027")["credited"], 22_500.0);

    let check = konto_at(&book, "2026-12-04", &["check"]);
    assert!(
        check.contains("commit deal \"Data lake\" lacks a champion"),
        "{check}"
    );
    assert!(
        check.contains(
            "commit deal \"Three-year platform\" lacks an economic buyer, a champion, a paper process and a next step"
        ),
        "{check}"
    );

    // `deal edit` sets the terms; out of range is refused and changes nothing.
    konto_at(
        &book,
        "2026-12-04",
        &[
            "deal",
            "edit",
            "birch",
            "split-deal",
            "--share",
            "50%",
            "--term",
            "2y",
            "--credit",
            "0.9",
        ],
    );
    let pipeline = json_at(&book, "2026-12-04", &["pipeline", "--json"]);
    let split = pipeline["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "split-deal")
        .unwrap();
    assert_eq!(split["share"], 0.5);
    assert_eq!(split["term_months"], 24);
    assert_eq!(split["credited"], 18_000.0, "80,000 × 12/24 × 0.9 × 0.5");
    let before = fs::read(&book).unwrap();
    let refused = crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args([
            "deal",
            "edit",
            "birch",
            "split-deal",
            "--share",
            "150%",
            "--data",
        ])
        .arg(&book)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("a share is 0 to 1"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(fs::read(&book).unwrap(), before);
}
