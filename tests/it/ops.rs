//! The command line does what the dashboard does with deals, gifts and check-ins
//! (issue 26): each command is one change made under the book's lock, items named by id
//! or by the start of a title, refusals leaving the file as it was.

use crate::support;

use std::fs;
use std::path::Path;
use std::process::Output;

use chrono::NaiveDate;
use konto::model::{Money, Stage};
use support::{said, sample_copy};

const TODAY: &str = "2026-12-04";

fn konto(args: &[&str], book: &Path) -> Output {
    support::konto_on(args, book, TODAY)
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn nordlys(path: &Path) -> konto::model::Client {
    konto::storage::load(path)
        .unwrap()
        .book
        .client("nordlys-bank")
        .unwrap()
        .clone()
}

#[test]
fn a_deal_is_added_edited_moved_and_closed_from_the_command_line() {
    let (_dir, path) = sample_copy();
    let out = konto(
        &[
            "deal",
            "add",
            "nordlys-bank",
            "Threat intel",
            "--amount",
            "60k",
            "--stage",
            "proposal",
            "--close",
            "+3w",
            "--kind",
            "upsell",
            "--forecast",
            "best-case",
        ],
        &path,
    );
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("deal id `threat-intel`"),
        "{}",
        said(&out)
    );
    let deal = nordlys(&path).deal("threat-intel").unwrap().clone();
    assert_eq!(deal.amount, Some(Money::from_units(60_000)));
    assert_eq!(deal.stage, Some(Stage::Proposal));
    assert_eq!(deal.close_date, day("2026-12-25"));
    assert!(deal.history[0].added);

    // A new title keeps the id, and the task for the deal stays with it.
    let out = konto(
        &[
            "deal",
            "edit",
            "nordlys-bank",
            "managed",
            "--title",
            "MDR",
            "--amount",
            "150,000",
        ],
        &path,
    );
    assert!(out.status.success(), "{}", said(&out));
    let client = nordlys(&path);
    let managed = client.deal("managed-detection").unwrap();
    assert_eq!(managed.title, "MDR");
    assert_eq!(managed.amount, Some(Money::from_units(150_000)));
    assert_eq!(
        managed.stage,
        Some(Stage::Negotiation),
        "the stage untouched"
    );
    assert_eq!(
        client.task_deal_title(client.task("t1").unwrap()),
        Some("MDR")
    );

    let out = konto(
        &["deal", "move", "nordlys-bank", "threat", "Negotiation"],
        &path,
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(
        nordlys(&path).deal("threat-intel").unwrap().stage(),
        Stage::Negotiation
    );

    let out = konto(
        &["deal", "won", "nordlys-bank", "mdr", "--date", "yesterday"],
        &path,
    );
    assert!(out.status.success(), "{}", said(&out));
    let managed = nordlys(&path).deal("managed-detection").unwrap().clone();
    assert_eq!(
        (managed.stage(), managed.close_date),
        (Stage::Won, day("2026-12-03"))
    );

    let out = konto(&["deal", "lost", "nordlys-bank", "threat-intel"], &path);
    assert!(out.status.success(), "{}", said(&out));
    let threat = nordlys(&path).deal("threat-intel").unwrap().clone();
    assert_eq!(
        (threat.stage(), threat.close_date),
        (Stage::Lost, day(TODAY))
    );
}

#[test]
fn a_deal_named_wrongly_or_twice_is_refused_and_the_file_untouched() {
    let (_dir, path) = sample_copy();
    let before = fs::read(&path).unwrap();
    for (args, words) in [
        (
            &["deal", "move", "nordlys-bank", "manged", "won"][..],
            "did you mean",
        ),
        (
            &["deal", "won", "nordlys-bank", "endpoint"],
            "could be any of",
        ),
        (
            &["deal", "edit", "nordlys-bank", "managed"],
            "nothing to change",
        ),
        (
            &["deal", "edit", "nordlys-bank", "managed", "--title", " "],
            "cannot be empty",
        ),
        (
            &["deal", "add", "nordlys-bank", "X", "--close", "+99999m"],
            "--close",
        ),
        (
            &["deal", "won", "nordlys-bank", "managed", "--date", "+2d"],
            "future",
        ),
        (&["deal", "add", "nordlys-bnk", "X"], "Did you mean"),
        (
            &["deal", "move", "nordlys-bank", "managed", "Closing"],
            "not a stage",
        ),
        (&["checkin", "nordlys-bank", "-3d"], "in the past"),
        (
            &["checkin", "nordlys-bank", "someday"],
            "Nothing was changed",
        ),
    ] {
        let out = konto(args, &path);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(said(&out).contains(words), "{args:?}: {}", said(&out));
    }
    assert_eq!(fs::read(&path).unwrap(), before, "the file is untouched");
}

#[test]
fn a_gift_is_always_recorded_and_says_what_gifts_check_says() {
    let (_dir, path) = sample_copy();
    let check = konto(&["gifts", "check", "nordlys-bank", "soren", "95"], &path);
    let add = konto(
        &[
            "gift",
            "add",
            "nordlys-bank",
            "soren",
            "95",
            "--description",
            "Whisky",
        ],
        &path,
    );
    assert!(add.status.success(), "{}", said(&add));
    let first_line = |out: &Output| said(out).lines().next().unwrap_or_default().to_string();
    assert_eq!(first_line(&add), first_line(&check), "the same judgement");
    assert!(said(&add).contains("gift id `whisky`"), "{}", said(&add));
    let gift = nordlys(&path).gift("whisky").unwrap().clone();
    assert_eq!(gift.value, Some(Money::from_units(95)));
    assert_eq!(gift.date, day(TODAY));

    // Over the limit: recorded all the same, with a warning.
    let over = konto(&["gift", "add", "nordlys-bank", "soren", "400"], &path);
    assert!(over.status.success(), "{}", said(&over));
    assert!(said(&over).contains("Not allowed"), "{}", said(&over));
    assert!(
        said(&over).contains("warning: this gift goes over"),
        "{}",
        said(&over)
    );
    assert_eq!(
        nordlys(&path)
            .gifts
            .iter()
            .filter(|g| g.description == "Gift")
            .count(),
        1
    );

    // A share of a group gift is what is recorded for the person.
    let shared = konto(
        &[
            "gift",
            "add",
            "nordlys-bank",
            "karen",
            "120",
            "--split",
            "3",
            "--entertainment",
        ],
        &path,
    );
    assert!(shared.status.success(), "{}", said(&shared));
    let share = nordlys(&path)
        .gifts
        .iter()
        .find(|g| g.description.contains("a share of 3"))
        .unwrap()
        .clone();
    assert_eq!(share.value, Some(Money::from_units(40)));
}

#[test]
fn a_checkin_moves_with_the_dashboards_date_words() {
    let (_dir, path) = sample_copy();
    let out = konto(&["checkin", "fjord-shipping", "fri"], &path);
    assert!(out.status.success(), "{}", said(&out));
    let fjord = konto::storage::load(&path)
        .unwrap()
        .book
        .client("fjord-shipping")
        .unwrap()
        .clone();
    assert_eq!(fjord.next_checkin, day("2026-12-11"));
    assert_eq!(fjord.next_checkin_set, day(TODAY));
    let remind = said(&konto(&["remind", "--days", "10"], &path));
    assert!(remind.contains("Fjord Shipping"), "{remind}");
}
