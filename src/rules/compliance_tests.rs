//! Hand-computed gift tallies, one rule of FINRA Rule 3220 each.

use strum::IntoEnumIterator;

use super::*;
use crate::model::{Contact, GiftPolicy, Quota};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn units(n: i64) -> Money {
    Money::from_units(n)
}

fn gift(date: &str, to: &str, value: i64) -> Gift {
    Gift {
        date: Some(day(date)),
        recipient: to.into(),
        description: "g".into(),
        value: Some(units(value)),
        ..Gift::default()
    }
}

fn person(id: &str, name: &str, email: Option<&str>) -> Contact {
    Contact {
        id: id.into(),
        name: name.into(),
        email: email.map(String::from),
        ..Contact::default()
    }
}

fn client(id: &str, people: Vec<Contact>, gifts: Vec<Gift>) -> Client {
    let mut client = Client::new(id, id.to_uppercase());
    client.contacts = people;
    client.gifts = gifts;
    client
}

fn book_of(clients: Vec<Client>) -> Book {
    Book {
        clients: clients.into(),
        ..Book::default()
    }
}

fn today() -> NaiveDate {
    day("2026-11-27")
}

fn only(book: &Book) -> RecipientTally {
    let tally = gift_tally(book, today());
    assert_eq!(tally.len(), 1, "{tally:#?}");
    tally.into_iter().next().unwrap()
}

#[test]
fn exactly_at_the_limit_is_near_and_a_cent_over_is_over() {
    let mut book = book_of(vec![client(
        "a",
        vec![],
        vec![
            gift("2026-05-01", "Ann", 200),
            gift("2026-06-01", " ann ", 100),
        ],
    )]);
    let t = only(&book);
    assert_eq!(t.limit, Some(units(300)));
    assert_eq!(
        (t.counted, t.standing, t.headroom),
        (units(300), Standing::Near, Some(Money::ZERO))
    );
    book.clients[0].gifts[1].value = Some(Money::from_cents(10_001));
    let t = only(&book);
    assert_eq!(t.standing, Standing::Over);
    assert_eq!(t.over_by(), Money::from_cents(1));
    assert_eq!(
        t.gifts[1].over_when_given,
        Some(Breach::Rule {
            limit: units(300),
            firm: false
        })
    );
}

#[test]
fn entertainment_we_attend_is_not_a_gift_but_tickets_handed_over_are() {
    let dinner = Gift {
        kind: Some(GiftKind::Entertainment),
        attended: true,
        ..gift("2026-10-30", "Ann", 400)
    };
    let tickets = Gift {
        kind: Some(GiftKind::Entertainment),
        ..gift("2026-11-02", "Ann", 120)
    };
    let t = only(&book_of(vec![client("a", vec![], vec![dinner, tickets])]));
    assert_eq!(t.entertainment, units(400));
    assert_eq!(t.counted, units(120));
    assert_eq!(t.gifts[0].not_counted, Some(NotCounted::Entertainment));
    assert!(t.gifts[1].counted());
}

#[test]
fn tickets_count_at_face_value_when_higher_than_cost() {
    let opera = Gift {
        face_value: Some(units(180)),
        ..gift("2026-09-12", "Ann", 90)
    };
    let cheaper_face = Gift {
        face_value: Some(units(10)),
        ..gift("2026-09-13", "Ann", 40)
    };
    let t = only(&book_of(vec![client(
        "a",
        vec![],
        vec![opera, cheaper_face],
    )]));
    assert_eq!(t.counted, units(180 + 40));
}

#[test]
fn a_group_gift_is_split_equally() {
    let lunch = Gift {
        recipients: vec!["ann".into(), "bo".into(), "Carl".into()],
        ..gift("2026-10-20", "", 330)
    };
    let people = vec![
        person("ann", "Ann Berg", None),
        person("bo", "Bo Dahl", None),
    ];
    let tally = gift_tally(&book_of(vec![client("a", people, vec![lunch])]), today());
    assert_eq!(tally.len(), 3);
    assert!(tally.iter().all(|t| t.counted == units(110)), "{tally:#?}");
    let names: Vec<&str> = tally.iter().map(|t| t.recipient.as_str()).collect();
    assert_eq!(
        names,
        ["Ann Berg", "Bo Dahl", "Carl"],
        "contacts by their names"
    );
}

#[test]
fn the_same_person_at_two_clients_is_one_tally() {
    // Søren moved from Nordlys to Fjord: the same email.
    let nordlys = client(
        "nordlys",
        vec![person("soren", "Søren Ærø", Some("soren@mail.example"))],
        vec![gift("2026-03-01", "soren", 200)],
    );
    let fjord = client(
        "fjord",
        vec![person("s", "S. Ærø", Some("Soren@Mail.example"))],
        vec![gift("2026-10-01", "S. Ærø", 150)],
    );
    let t = only(&book_of(vec![nordlys, fjord]));
    assert_eq!(t.counted, units(350));
    assert_eq!(t.clients, vec![0, 1]);
    assert_eq!(t.standing, Standing::Over);

    // No contact or email on either side: the same name, accents and case aside.
    let book = book_of(vec![
        client("a", vec![], vec![gift("2026-05-01", "Zoë  Berg", 150)]),
        client("b", vec![], vec![gift("2026-06-01", "zoe berg", 150)]),
    ]);
    assert_eq!(only(&book).counted, units(300));

    // The same name with two different emails is two people.
    let book = book_of(vec![
        client(
            "a",
            vec![person("x", "Ann", Some("ann@a.example"))],
            vec![gift("2026-05-01", "Ann", 200)],
        ),
        client(
            "b",
            vec![person("y", "Ann", Some("ann@b.example"))],
            vec![gift("2026-06-01", "Ann", 200)],
        ),
    ]);
    assert_eq!(gift_tally(&book, today()).len(), 2);
}

#[test]
fn each_gift_meets_the_limit_in_force_on_its_date() {
    let book = book_of(vec![client(
        "a",
        vec![],
        vec![
            gift("2026-02-01", "Ann", 120),
            gift("2026-04-10", "Bo", 120),
        ],
    )]);
    let tally = gift_tally(&book, today());
    let ann = tally.iter().find(|t| t.recipient == "Ann").unwrap();
    let bo = tally.iter().find(|t| t.recipient == "Bo").unwrap();
    // $100 before 2026-03-30: over when given, and it stays flagged.
    assert_eq!(
        ann.gifts[0].over_when_given,
        Some(Breach::Rule {
            limit: units(100),
            firm: false
        })
    );
    assert_eq!(ann.over_when_given().count(), 1);
    assert_eq!(bo.gifts[0].over_when_given, None);
    // Today's standing uses today's $300.
    assert_eq!((ann.standing, ann.limit), (Standing::Ok, Some(units(300))));
    // A book's own limit applies throughout.
    let mut strict = book.clone();
    strict.gift_limit = Some(units(110));
    let tally = gift_tally(&strict, today());
    assert!(tally.iter().all(|t| t.standing == Standing::Over));
}

#[test]
fn rolling_and_fiscal_gift_years() {
    let mut book = book_of(vec![client(
        "a",
        vec![],
        vec![
            gift("2025-11-27", "Ann", 200),
            gift("2025-11-28", "Ann", 100),
            gift("2026-04-01", "Ann", 50),
        ],
    )]);
    book.gift_year = Some(GiftYear::Rolling12);
    assert_eq!(only(&book).counted, units(150), "the 365 days up to today");
    assert_eq!(gift_window(&book, day("2028-03-01")).0, day("2027-03-03"));
    book.gift_year = Some(GiftYear::Fiscal);
    book.quota = Some(Quota {
        fiscal_start: Some(4),
        ..Quota::default()
    });
    assert_eq!(
        gift_window(&book, today()),
        (day("2026-04-01"), day("2027-03-31"))
    );
    assert_eq!(only(&book).counted, units(50));
    book.gift_year = None;
    assert_eq!(only(&book).counted, units(50), "calendar 2026");
}

#[test]
fn a_krone_book_needs_a_dollar_rate_to_judge() {
    let mut book = book_of(vec![client(
        "a",
        vec![],
        vec![gift("2026-05-01", "Ann", 1_500)],
    )]);
    book.currency = Some("DKK".into());
    let t = only(&book);
    assert_eq!((t.standing, t.limit), (Standing::Unjudged, None));
    assert_eq!(t.rule_limit.unwrap().usd, units(300));
    book.usd_rate = Some(6.9);
    let t = only(&book);
    // DKK 2,070 = USD 300 × 6.9: 1,500 is 72 %.
    assert_eq!(t.limit, Some(units(2_070)));
    assert_eq!(t.standing, Standing::Ok);
    book.clients[0].gifts[0].value = Some(units(2_071));
    assert_eq!(only(&book).standing, Standing::Over);
}

#[test]
fn a_stricter_client_policy_applies_and_says_so() {
    let with_policy = |policy: GiftPolicy, value: i64| {
        let mut c = client("a", vec![], vec![gift("2026-05-01", "Ann", value)]);
        c.gift_policy = Some(policy);
        only(&book_of(vec![c]))
    };
    let yearly = with_policy(
        GiftPolicy {
            per_year: Some(units(100)),
            ..GiftPolicy::default()
        },
        150,
    );
    assert_eq!(yearly.limit, Some(units(100)));
    assert_eq!(yearly.standing, Standing::Over);
    let breach = yearly.gifts[0].over_when_given.unwrap();
    assert_eq!(breach, Breach::PolicyYear { limit: units(100) });
    assert_eq!(
        breach.describe("Nordlys"),
        "over Nordlys's own policy of 100 a year"
    );
    let occasion = with_policy(
        GiftPolicy {
            per_occasion: Some(units(50)),
            ..GiftPolicy::default()
        },
        60,
    );
    assert_eq!(
        occasion.gifts[0].over_when_given,
        Some(Breach::PolicyOccasion { limit: units(50) })
    );
    assert_eq!(
        occasion.standing,
        Standing::Ok,
        "60 of the rule's 300 a year"
    );
    let none = with_policy(
        GiftPolicy {
            none: true,
            ..GiftPolicy::default()
        },
        5,
    );
    assert_eq!(none.gifts[0].over_when_given, Some(Breach::PolicyNone));
    assert_eq!(none.standing, Standing::Over);
    // A policy looser than the rule changes nothing.
    let loose = with_policy(
        GiftPolicy {
            per_year: Some(units(1_000)),
            ..GiftPolicy::default()
        },
        310,
    );
    assert_eq!(
        loose.gifts[0].over_when_given,
        Some(Breach::Rule {
            limit: units(300),
            firm: false
        })
    );
}

#[test]
fn every_exempt_reason_is_recorded_and_not_counted() {
    let gifts: Vec<Gift> = ExemptReason::iter()
        .map(|reason| Gift {
            exempt: Some(reason),
            ..gift("2026-05-01", "Ann", 100)
        })
        .collect();
    let count = gifts.len();
    let t = only(&book_of(vec![client("a", vec![], gifts)]));
    assert_eq!(t.counted, Money::ZERO);
    assert_eq!(t.exempt, units(100 * i64::try_from(count).unwrap()));
    assert!(
        t.gifts
            .iter()
            .all(|g| matches!(g.not_counted, Some(NotCounted::Exempt(_))))
    );
}

#[test]
fn undated_gifts_count_first_and_the_rule_can_be_off() {
    let mut book = book_of(vec![client(
        "a",
        vec![],
        vec![
            gift("2026-05-01", "Ann", 100),
            Gift {
                date: None,
                ..gift("2026-01-01", "Ann", 250)
            },
        ],
    )]);
    let t = only(&book);
    assert_eq!(t.counted, units(350));
    assert_eq!(t.gifts[0].date, None, "the undated one first");
    book.compliance = Some(Compliance::Off);
    let t = only(&book);
    assert_eq!(
        (t.standing, t.limit, t.rule_limit),
        (Standing::Unjudged, None, None)
    );
    assert_eq!(t.over_when_given().count(), 0);
}

#[test]
fn checking_a_new_gift_before_giving_it() {
    let people = vec![
        person("ann", "Ann Berg", None),
        person("bo", "Bo Dahl", None),
    ];
    let book = book_of(vec![client(
        "a",
        people,
        vec![gift("2026-02-01", "ann", 90)],
    )]);
    let new = Gift {
        recipients: vec!["ann".into(), "bo".into()],
        face_value: Some(units(500)),
        ..gift("2026-11-27", "", 200)
    };
    let check =
        crate::rules::gift_gate::judge_gift(&book, &book.clients[0], &new, today()).unwrap();
    assert_eq!(check.recipients.len(), 2);
    let ann = &check.recipients[0];
    // 500 face value split in two: 250 each; Ann has 90 already.
    assert_eq!(
        (ann.counted_value, ann.year_total),
        (units(250), units(340))
    );
    assert_eq!(
        ann.breach,
        Some(Breach::Rule {
            limit: units(300),
            firm: false
        })
    );
    assert_eq!(check.recipients[1].breach, None);
    assert_eq!(check.verdict, crate::rules::gift_gate::Verdict::NotAllowed);
    let attended = Gift {
        kind: Some(GiftKind::Entertainment),
        attended: true,
        ..new
    };
    let check =
        crate::rules::gift_gate::judge_gift(&book, &book.clients[0], &attended, today()).unwrap();
    assert_eq!(check.verdict, crate::rules::gift_gate::Verdict::Allowed);
    assert!(!check.recipients[0].counted);
    assert_eq!(check.recipients[0].year_total, units(90));
}
