//! Every figure and word says the same thing everywhere (issue 24's second half): what
//! the command line refuses, how dates, counts and sentences read.

use crate::support;

use std::fs;
use std::path::Path;
use std::process::Output;

use support::sample_copy;

const TODAY: &str = "2026-11-27";

fn konto(args: &[&str], book: &Path) -> Output {
    crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .args(args)
        .args(["--data", book.to_str().unwrap(), "--today", TODAY])
        .output()
        .unwrap()
}

fn said(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn the_command_line_refuses_an_empty_log_or_note_as_the_dashboard_does() {
    let (_dir, path) = sample_copy();
    let before = fs::read(&path).unwrap();
    for args in [
        &["log", "nordlys-bank", ""][..],
        &["log", "nordlys-bank", "   "],
        &["note", "nordlys-bank", ""],
    ] {
        let out = konto(args, &path);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(
            said(&out).contains("cannot be empty"),
            "{args:?}: {}",
            said(&out)
        );
    }
    assert_eq!(fs::read(&path).unwrap(), before, "the file is untouched");
}

#[test]
fn contacts_imported_onto_people_without_ids_get_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(
        &path,
        r#"(clients: [(id: "a", name: "A Co", contacts: [(name: "Old One"), (name: "Old Two")])])"#,
    )
    .unwrap();
    let cards = support::data("import/contacts.vcf");
    let out = konto(
        &["import", "vcf", cards.to_str().unwrap(), "--client", "a"],
        &path,
    );
    assert!(out.status.success(), "{}", said(&out));
    let book = konto::storage::load(&path).unwrap().book;
    let ids: Vec<&str> = book.clients[0]
        .contacts
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["old-one", "old-two", "ase-lindqvist", "nikolaj-friis"]
    );
}

#[test]
fn a_won_deal_dated_after_today_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(
        &path,
        r#"(clients: [(id: "a", name: "A Co", deals: [(title: "Early bird", stage: Won, amount: 5000, close_date: "2027-03-15")])])"#,
    )
    .unwrap();
    let out = konto(&["check"], &path);
    let said = said(&out);
    assert!(said.contains("1 warning"), "{said}");
    assert!(
        said.contains("won deal \"Early bird\" is dated 15 Mar 2027, after today"),
        "{said}"
    );
}

#[test]
fn a_date_in_another_year_shows_its_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(
        &path,
        r#"(clients: [(id: "a", name: "A Co", tasks: [(title: "Renewal prep", due: "2027-03-15"), (title: "Old one", due: "2025-11-30")])])"#,
    )
    .unwrap();
    let out = konto(&["tasks", "--all"], &path);
    let said = said(&out);
    assert!(said.contains("15 Mar 2027"), "{said}");
}

#[test]
fn counted_nouns_articles_and_sentences_read_right() {
    let (_dir, path) = sample_copy();
    let out = konto(
        &["log", "nordlys-bank", "Left a message", "--kind", "attempt"],
        &path,
    );
    assert!(
        said(&out).starts_with("Logged an attempt with"),
        "{}",
        said(&out)
    );
    let out = konto(
        &["log", "nordlys-bank", "Sent the deck", "--kind", "email"],
        &path,
    );
    assert!(
        said(&out).starts_with("Logged an email with"),
        "{}",
        said(&out)
    );
    let out = konto(
        &["task", "add", "nordlys-bank", "Call", "--owner", "idaa"],
        &path,
    );
    let text = said(&out);
    assert!(!text.contains("?."), "{text}");
    let rank = said(&konto(&["rank", "--explain"], &path));
    for wrong in ["in 1 days", "1 days late", " 1 days"] {
        assert!(!rank.contains(wrong), "{wrong}: {rank}");
    }
}

#[test]
fn ids_figures_and_verdicts_are_never_cut_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(
        &path,
        r#"(clients: [(id: "a-company-with-a-long-id", name: "A Co", contacts: [(id: "sophie-muller-andersen", name: "Sophie Müller-Andersen")], deals: [(title: "A rather long deal title for the platform", stage: Proposal, amount: 4250000, close_date: "2026-12-20")], gifts: [(date: "2026-10-15", recipient: "sophie-muller-andersen", description: "Wine after the demo in Aarhus", value: 345)])])"#,
    )
    .unwrap();
    let contacts = said(&konto(&["contacts"], &path));
    assert!(contacts.contains("sophie-muller-andersen "), "{contacts}");
    let rank = said(&konto(&["rank", "--explain"], &path));
    assert!(rank.contains("a-company-with-a-long-id"), "{rank}");
    assert!(!rank.contains('…'), "nothing cut: {rank}");
    let gifts = said(&konto(&["gifts"], &path));
    assert!(
        gifts.contains("345") && gifts.contains("limit of 300 a year"),
        "{gifts}"
    );
    assert!(
        !gifts
            .lines()
            .any(|l| l.contains("Wine") && l.ends_with('…')),
        "{gifts}"
    );
}

#[test]
fn a_hand_set_next_checkin_is_the_same_date_in_rank_and_remind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    // Last contact 2026-11-20 on a 14-day cadence would be 12-04; the planned one is sooner.
    fs::write(
        &path,
        r#"(clients: [(id: "a", name: "A Co", cadence_days: 14, last_contact: "2026-11-20", next_checkin: "2026-12-01")])"#,
    )
    .unwrap();
    let rank = said(&konto(&["rank", "--explain"], &path));
    assert!(rank.contains("next check-in in 4 days"), "{rank}");
    let remind = said(&konto(&["remind"], &path));
    assert!(remind.contains("Tue 1 Dec"), "{remind}");
}

#[test]
fn json_names_every_enum_as_the_file_does() {
    let (_dir, path) = sample_copy();
    let pipeline = said(&konto(&["pipeline", "--json"], &path));
    assert!(
        pipeline.contains("\"forecast\": \"BestCase\""),
        "{pipeline}"
    );
    assert!(!pipeline.contains("Best case"), "{pipeline}");
    let contacts = said(&konto(&["contacts", "--json"], &path));
    assert!(
        contacts.contains("\"buying_role\": \"EconomicBuyer\""),
        "{contacts}"
    );
    assert!(!contacts.contains("Economic buyer"), "{contacts}");
}

#[test]
fn an_omitted_deal_is_in_the_pipeline_but_in_no_call() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    fs::write(
        &path,
        r#"(clients: [(id: "a", name: "A Co", deals: [(title: "Long shot", stage: Negotiation, forecast: Omitted, amount: 50000, close_date: "2026-12-20"), (title: "Real", stage: Negotiation, amount: 10000, close_date: "2026-12-21")])])"#,
    )
    .unwrap();
    let plain = said(&konto(&["pipeline"], &path));
    let negotiation = plain
        .lines()
        .find(|l| l.starts_with("Negotiation"))
        .unwrap();
    assert!(
        negotiation.contains("60,000") && negotiation.contains("1 omitted"),
        "{plain}"
    );
    assert!(plain.contains("open commit 10,000"), "{plain}");
}

#[test]
fn the_quarterly_report_covers_the_fiscal_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    // Fiscal year from February: on 27 November the quarter began 1 November.
    fs::write(
        &path,
        r#"(quota: (fiscal_start: 2, target: 100000), clients: [(id: "a", name: "A Co", interactions: [(date: "2026-10-15", kind: Call, summary: "October"), (date: "2026-11-10", kind: Call, summary: "November")])])"#,
    )
    .unwrap();
    let report = said(&konto(&["report", "--quarter"], &path));
    assert!(report.contains("2026-11-01 to 2026-11-27"), "{report}");
    assert!(
        report.contains("Contacts made: 1 with 1 client\n"),
        "{report}"
    );
}

/// One matching rule wherever a colleague, deal or client is named: id, or the start of
/// a name, case and accents aside, with a did-you-mean (issue 25).
#[test]
fn colleagues_deals_and_clients_are_found_as_people_name_them() {
    let (dir, path) = sample_copy();
    let out = konto(
        &[
            "task",
            "add",
            "lumen-health",
            "Pricing",
            "--owner",
            "Ida",
            "--deal",
            "patient portal",
        ],
        &path,
    );
    assert!(out.status.success(), "{}", said(&out));
    let book = konto::storage::load(&path).unwrap().book;
    let task = book
        .client("lumen-health")
        .unwrap()
        .tasks
        .iter()
        .find(|t| t.title == "Pricing")
        .unwrap();
    assert_eq!(
        task.owner.as_deref(),
        Some("ida"),
        "kept as the book names her"
    );
    assert_eq!(
        task.deal.as_deref(),
        Some("patient-portal"),
        "the deal's id"
    );
    let listed = said(&konto(&["tasks", "--owner", "ida lund"], &path));
    assert!(listed.contains("Pricing"), "{listed}");
    let wrong = said(&konto(
        &["task", "add", "lumen-health", "X", "--owner", "Idaa"],
        &path,
    ));
    assert!(wrong.contains("did you mean `ida`?"), "{wrong}");
    // An import never guesses a client, but says which one a row most likely meant.
    let csv = dir.path().join("deals.csv");
    fs::write(
        &csv,
        "Account Name,Opportunity Name,Stage,Amount,Close Date\nFjord Shipping,Fleet add-on,Prospecting,1000,12/20/2026\n",
    )
    .unwrap();
    let out = said(&konto(
        &["import", "csv", csv.to_str().unwrap(), "--dry-run"],
        &path,
    ));
    assert!(
        out.contains(
            "\"Fjord Shipping\" is no client of the book; did you mean \"Fjord Shipping A/S\"?"
        ),
        "{out}"
    );
}

/// Past the quota year the book names, konto says so and starts the next year's plan on
/// request (issue 25).
#[test]
fn past_the_quota_year_konto_says_so_and_starts_the_next_one() {
    let (_dir, path) = sample_copy();
    let on = |args: &[&str]| {
        crate::support::konto_bin()
            .env("KONTO_CACHE", "off")
            .args(args)
            .args(["--data", path.to_str().unwrap(), "--today", "2027-06-01"])
            .output()
            .unwrap()
    };
    let quota = said(&on(&["quota"]));
    assert!(
        quota.contains("The 2026 quota year ended on 31 Dec 2026"),
        "{quota}"
    );
    assert!(quota.contains("konto quota --next-year"), "{quota}");
    let out = on(&["quota", "--next-year"]);
    assert!(out.status.success(), "{}", said(&out));
    let book = konto::storage::load(&path).unwrap().book;
    assert_eq!(book.quota.unwrap().year, Some(2027));
    let quota = said(&on(&["quota"]));
    assert!(quota.starts_with("Quota 2027"), "{quota}");
    assert!(!quota.contains("ended"), "{quota}");
}

/// A contact's local time is shown where their time zone is known (issue 25).
#[test]
fn remind_shows_each_contacts_local_time() {
    let (_dir, path) = sample_copy();
    let out = crate::support::konto_bin()
        .env("KONTO_CACHE", "off")
        .env("TZ", "UTC")
        .args(["remind", "--data", path.to_str().unwrap()])
        .args(["--today", "2026-12-07", "--at", "08:30"])
        .output()
        .unwrap();
    let said = said(&out);
    // Søren is in Copenhagen: 09:30 there when it is 08:30 in UTC.
    assert!(said.contains("Søren Ærø, 09:30 there"), "{said}");
}
