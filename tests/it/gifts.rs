//! Gifts and entertainment as FINRA Rule 3220 counts them, through the command line:
//! the tally, the pre-flight check, the compliance officer's log, and `check`'s warnings.

use crate::support;

use std::fs;
use std::process::Output;

use support::sample;

const TODAY: &str = "2026-11-27";

fn konto_on(book: &std::path::Path, args: &[&str]) -> Output {
    crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args(args)
        .args(["--data", book.to_str().unwrap(), "--today", TODAY])
        .output()
        .unwrap()
}

fn konto(args: &[&str]) -> Output {
    konto_on(&sample(), args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn may_i_give_this_answers_with_the_rule_and_the_exit_code() {
    // Søren has 150 counted this year (opera tickets at face value).
    let over = konto(&["gifts", "check", "nordlys-bank", "soren", "200"]);
    assert_eq!(over.status.code(), Some(1));
    assert_eq!(
        stdout(&over),
        "200 counted for Søren Ærø (the higher of cost and face value); 350 in the gift year with it.\n\
         Not allowed: over the FINRA Rule 3220 limit of 300 a year for Søren Ærø, over by 50.\n"
    );
    let fine = konto(&["gifts", "check", "nordlys-bank", "Søren Ærø", "100"]);
    assert_eq!(fine.status.code(), Some(0));
    assert!(
        stdout(&fine)
            .ends_with("Allowed: within the FINRA Rule 3220 limit of 300 a year, 50 left.\n"),
        "{}",
        stdout(&fine)
    );
    // Tickets count at face value; a dinner we attend is not a gift.
    let tickets = konto(&[
        "gifts",
        "check",
        "nordlys-bank",
        "soren",
        "50",
        "--face",
        "160",
    ]);
    assert_eq!(tickets.status.code(), Some(1));
    let dinner = konto(&[
        "gifts",
        "check",
        "nordlys-bank",
        "soren",
        "900",
        "--entertainment",
        "--attended",
    ]);
    assert_eq!(dinner.status.code(), Some(0));
    assert!(
        stdout(&dinner).starts_with("Business entertainment you attend is not a gift")
            && stdout(&dinner).ends_with("Allowed.\n"),
        "{}",
        stdout(&dinner)
    );
    // A lunch for four: a quarter counts.
    let lunch = konto(&[
        "gifts",
        "check",
        "nordlys-bank",
        "soren",
        "400",
        "--split",
        "4",
    ]);
    assert!(
        stdout(&lunch).starts_with("100 counted for Søren Ærø"),
        "{}",
        stdout(&lunch)
    );
    // Before 2026-03-30 the limit was $100: 150 counted by then? None; 120 is over.
    let early = konto(&[
        "gifts",
        "check",
        "fjord-shipping",
        "Jørgen Bækgaard",
        "120",
        "--date",
        "2026-03-01",
    ]);
    assert_eq!(early.status.code(), Some(1));
    assert!(
        stdout(&early).contains("limit of 100 a year"),
        "{}",
        stdout(&early)
    );
    // Øresund Pharma allows no gifts at all.
    let pharma = konto(&["gifts", "check", "oresund-pharma", "Henrik", "10"]);
    assert_eq!(pharma.status.code(), Some(1));
    assert!(stdout(&pharma).contains("Øresund Pharma's own policy allows no gifts"));
    // An unknown client is explained, and is no verdict (exit code 2).
    let unknown = konto(&["gifts", "check", "nordlys", "soren", "10"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("nordlys-bank"));
}

#[test]
fn the_tally_in_json_has_each_persons_gifts() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&konto(&["gifts", "--json"]))).unwrap();
    assert_eq!(json["limit"], 300.0);
    assert_eq!(json["limit_usd"], 300.0);
    let person = |name: &str| {
        json["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["recipient"] == name)
            .unwrap()
            .clone()
    };
    let jorgen = person("Jørgen Bækgaard");
    assert_eq!(jorgen["standing"], "over");
    assert_eq!(jorgen["client_ids"], serde_json::json!(["fjord-shipping"]));
    let wine = &jorgen["gifts"][1];
    assert_eq!(wine["description"], "Wine after the demo");
    assert_eq!(wine["counted_value"], 45.0);
    assert_eq!(
        wine["over_when_given"],
        "over the FINRA Rule 3220 limit of 300 a year"
    );
    let karen = person("Karen Østergaard");
    assert_eq!(
        (karen["counted"].as_f64(), karen["entertainment"].as_f64()),
        (Some(110.0), Some(140.0))
    );
    assert_eq!(
        karen["gifts"][0]["counted"], false,
        "the dinner we attended"
    );
    let anna = person("Anna Kowalska");
    assert_eq!(anna["counted"], 110.0, "a third of the team lunch");
}

#[test]
fn the_compliance_log_is_a_csv_with_running_totals() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gifts.csv");
    let done = konto(&["export", "gifts", "--out", out.to_str().unwrap()]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let text = fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "date,client_id,client,recipient,kind,attended,description,cost,face_value,counted_value,counted,not_counted_because,running_total,limit,limit_usd,standing,over_when_given"
    );
    assert!(text.contains(
        "2026-06-12,nordlys-bank,Nordlys Bank,Søren Ærø,Entertainment,no,\"Opera tickets, Royal Danish Opera\",90.00,150.00,150.00,yes,,150.00,300.00,300.00,ok,"
    ), "{text}");
    assert!(text.contains(
        "2026-10-15,fjord-shipping,Fjord Shipping A/S,Jørgen Bækgaard,Gift,no,Wine after the demo,45.00,,45.00,yes,,325.00,300.00,300.00,over,over the FINRA Rule 3220 limit of 300 a year"
    ), "{text}");
    assert!(text.contains(",exempt: Bereavement,"), "{text}");
    assert!(text.contains(",entertainment attended,"), "{text}");
}

#[test]
fn a_krone_book_without_a_dollar_rate_is_warned_about_and_not_judged() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.ron");
    let text = r#"(
    version: 2,
    currency: "DKK",
    clients: [(
        id: "a", name: "A",
        contacts: [(name: "Ann")],
        gifts: [(date: "2026-05-01", recipient: "Ann", description: "Wine", value: 1500, exempt: true)],
    )],
)"#;
    fs::write(&book, text).unwrap();
    let check = stdout(&konto_on(&book, &["check"]));
    assert!(
        check.contains(
            "warning: the gift limit is in US dollars and this book is in DKK: add usd_rate"
        ),
        "{check}"
    );
    assert!(check.contains("is exempt with no reason"), "{check}");
    let tally = stdout(&konto_on(&book, &["gifts"]));
    assert!(
        tally.contains("USD 300 (set usd_rate to judge it in DKK)"),
        "{tally}"
    );
    fs::write(
        &book,
        text.replace("currency: \"DKK\",", "currency: \"DKK\", usd_rate: 6.9,"),
    )
    .unwrap();
    let tally = stdout(&konto_on(&book, &["gifts"]));
    assert!(tally.contains("DKK 2,070 (USD 300)"), "{tally}");
}
