//! The loader never panics, whatever it is given, and any valid book survives a save.
//! `PROPTEST_CASES=20000 cargo test --release --test properties` runs it longer.

use chrono::NaiveDate;
use proptest::prelude::*;

use konto::model::{
    Book, Client, Contact, Deal, DealKind, Gift, Interaction, InteractionKind, Money, Project,
    ProjectStatus, Stage, Tier,
};
use konto::storage;

const SAMPLE: &str = include_str!("../assets/sample.ron");

fn text() -> impl Strategy<Value = String> {
    // Quotes, raw-string markers, backslashes, newlines, comments, CJK and emoji.
    prop_oneof![
        "[a-zA-Z0-9 ,.:;'/&()-]{0,24}",
        "[\"#\\\\\n\r\tæøåÆØÅ東京😀 ]{0,12}",
        ".{0,16}",
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1i32..=3000 * 365).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap())
}

fn money() -> impl Strategy<Value = Money> {
    (0i64..=1_000_000_000_000).prop_map(Money::from_cents)
}

fn client() -> impl Strategy<Value = Client> {
    (
        (
            "[a-z0-9][a-z0-9-]{0,12}",
            "[^\\s][^\n]{0,20}",
            proptest::option::of(text()),
            proptest::option::of(prop_oneof![
                Just(Tier::Key),
                Just(Tier::Growth),
                Just(Tier::Standard)
            ]),
            proptest::option::of(money()),
            proptest::option::of(1u32..400),
            proptest::option::of(date()),
            proptest::option::of(date()),
            proptest::option::of(text()),
        ),
        proptest::collection::vec((text(), proptest::option::of(text())), 0..3),
        proptest::collection::vec((proptest::option::of(date()), 0usize..5, text()), 0..4),
        proptest::collection::vec(
            (
                text(),
                0usize..3,
                0usize..6,
                proptest::option::of(money()),
                proptest::option::of(date()),
            ),
            0..3,
        ),
        proptest::collection::vec(
            (
                text(),
                0usize..4,
                proptest::option::of(date()),
                proptest::collection::vec(text(), 0..3),
            ),
            0..2,
        ),
        proptest::collection::vec(
            (
                proptest::option::of(date()),
                text(),
                proptest::option::of(money()),
                any::<bool>(),
            ),
            0..3,
        ),
    )
        .prop_map(
            |(
                (id, name, industry, tier, value, cadence, last, next, notes),
                contacts,
                interactions,
                deals,
                projects,
                gifts,
            )| {
                let mut c = Client::new(id, name);
                c.industry = industry;
                c.tier = tier;
                c.annual_value = value;
                c.cadence_days = cadence;
                c.last_contact = last;
                c.next_checkin = next;
                c.notes = notes;
                c.contacts = contacts
                    .into_iter()
                    .map(|(name, email)| Contact {
                        name,
                        role: None,
                        email,
                        phone: None,
                    })
                    .collect();
                c.interactions = interactions
                    .into_iter()
                    .map(|(date, kind, summary)| Interaction {
                        date,
                        kind: Some(InteractionKind::ALL[kind]),
                        summary,
                    })
                    .collect();
                c.deals = deals
                    .into_iter()
                    .map(|(title, kind, stage, amount, close)| Deal {
                        title,
                        kind: Some(DealKind::ALL[kind]),
                        stage: Some(Stage::ALL[stage]),
                        amount,
                        close_date: close,
                        stage_changed: None,
                    })
                    .collect();
                let statuses = [
                    ProjectStatus::Planned,
                    ProjectStatus::Active,
                    ProjectStatus::Blocked,
                    ProjectStatus::Done,
                ];
                c.projects = projects
                    .into_iter()
                    .map(|(name, status, due, staff)| Project {
                        name,
                        status: Some(statuses[status]),
                        due,
                        staff,
                    })
                    .collect();
                c.gifts = gifts
                    .into_iter()
                    .map(|(date, recipient, value, exempt)| Gift {
                        date,
                        recipient,
                        description: "gift".into(),
                        value,
                        exempt,
                    })
                    .collect();
                c
            },
        )
}

fn book() -> impl Strategy<Value = Book> {
    (
        proptest::option::of(text()),
        proptest::collection::vec(client(), 0..6),
    )
        .prop_map(|(owner, clients)| {
            let mut seen = std::collections::HashSet::new();
            let clients = clients
                .into_iter()
                .filter(|c| seen.insert(c.id.clone()))
                .collect();
            Book {
                owner,
                clients,
                ..Book::default()
            }
        })
}

/// A parse error must say where, except for the few that concern the whole file.
fn positioned_or_whole_file(problem: &storage::Problem) -> bool {
    problem.line.is_some()
        || problem.message.contains("the file is empty")
        || problem.message.contains("made by a newer konto")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_book_survives_save_and_load(book in book()) {
        let text = storage::to_text(&book).unwrap();
        let (back, _) = storage::parse(&text).unwrap_or_else(|p| panic!("{p}\n{text}"));
        prop_assert_eq!(back, book);
    }

    #[test]
    fn saving_over_a_commented_file_keeps_the_book_exact(book in book()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        std::fs::write(&path, include_str!("data/example.ron")).unwrap();
        storage::save(&path, &book, None).unwrap();
        prop_assert_eq!(storage::load(&path).unwrap().book, book);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(text) = std::str::from_utf8(&bytes)
            && let Err(problem) = storage::parse(text)
        {
            prop_assert!(positioned_or_whole_file(&problem), "{}", problem);
        }
    }

    #[test]
    fn mutated_books_load_or_say_where_they_break(
        edits in proptest::collection::vec((0usize..SAMPLE.len(), 0u8..3, any::<char>()), 1..8)
    ) {
        let mut text: Vec<char> = SAMPLE.chars().collect();
        for (at, what, ch) in edits {
            let at = at % text.len().max(1);
            match what {
                0 => { text.remove(at); }
                1 => text.insert(at, ch),
                _ => text[at] = ch,
            }
        }
        let text: String = text.into_iter().collect();
        if let Err(problem) = storage::parse(&text) {
            prop_assert!(positioned_or_whole_file(&problem), "{}", problem);
        }
    }
}
