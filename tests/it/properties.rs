//! The loader never panics, whatever it is given, and any valid book survives a save.
//! `PROPTEST_CASES=20000 cargo test --release --test properties` runs it longer.

use std::fmt::Write;

use chrono::NaiveDate;
use proptest::prelude::*;
use strum::IntoEnumIterator;

use konto::model::{
    Book, BuyingRole, Change, Client, Contact, DateChange, Deal, DealChange, DealKind,
    ForecastCategory, Gift, Interaction, InteractionKind, Money, Project, ProjectStatus, Stage,
    Task, TeamMember, Tier,
};

use konto::storage;

const SAMPLE: &str = include_str!("../../assets/sample.ron");

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

#[allow(clippy::too_many_lines)] // one line per field of a client, in the order of the struct
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
        proptest::collection::vec(person(), 0..3),
        proptest::collection::vec(
            (
                proptest::option::of(date()),
                0usize..6,
                proptest::collection::vec(0usize..3, 0..3),
                text(),
            ),
            0..4,
        ),
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
        proptest::collection::vec(task(), 0..3),
    )
        .prop_map(
            |(
                (id, name, industry, tier, value, cadence, last, next, notes),
                contacts,
                interactions,
                deals,
                projects,
                gifts,
                tasks,
            )| {
                let mut c = Client::new(id, name);
                c.industry = industry;
                c.tier = tier;
                c.annual_value = value;
                c.cadence_days = cadence;
                c.last_contact = last;
                c.next_checkin = next;
                // The day it was planned: any of the book's dates will do for a round trip.
                c.next_checkin_set = next.and(last);
                c.domains = c.industry.iter().map(|i| format!("{i}.example")).collect();
                c.notes = notes;
                c.contacts = contacts;
                // Ids as a load derives them, so that `with` can name them.
                let mut only = Book {
                    clients: vec![c].into(),
                    ..Book::default()
                };
                konto::edit::fill_missing_ids(&mut only);
                let mut c = only.clients.remove(0);
                let ids: Vec<String> = c.contacts.iter().map(|p| p.id.clone()).collect();
                c.interactions = interactions
                    .into_iter()
                    .map(|(date, kind, with, summary)| Interaction {
                        id: String::new(),
                        date,
                        kind: InteractionKind::iter().nth(kind),
                        with: with.iter().filter_map(|n| ids.get(*n).cloned()).collect(),
                        // Captured ones carry where they came from and which way they went.
                        source: (kind % 2 == 0).then(|| format!("mail:<{summary}>")),
                        direction: match kind % 3 {
                            0 => Some(konto::model::Direction::Sent),
                            1 => Some(konto::model::Direction::Received),
                            _ => None,
                        },
                        // A captured one may keep addresses no contact had yet.
                        addresses: if kind % 2 == 0 {
                            vec![format!("{}@x.example", kind)]
                        } else {
                            Vec::new()
                        },
                        summary,
                    })
                    .collect();
                c.deals = deals
                    .into_iter()
                    .map(|(title, kind, stage, amount, close)| Deal {
                        id: String::new(),
                        crm_id: (kind % 2 == 1).then(|| format!("salesforce:006{}", title.len())),
                        // Every term, so the file and the cache carry each.
                        share: (kind == 1).then_some(0.5),
                        credit: (stage % 2 == 0).then_some(0.75),
                        term_months: (kind == 2).then_some(36),
                        qualification: (stage == 4).then(|| {
                            Box::new(konto::model::Qualification {
                                metrics: Some("-20% handling time".to_string()),
                                paper_process: Some(title.clone()),
                                ..konto::model::Qualification::default()
                            })
                        }),
                        title,
                        kind: DealKind::iter().nth(kind),
                        stage: Stage::iter().nth(stage),
                        amount,
                        close_date: close,
                        stage_changed: close,
                        forecast: ForecastCategory::iter().nth(kind),
                        // Every kind of change, so the file and the cache carry each.
                        history: close
                            .map(|on| {
                                vec![
                                    DealChange {
                                        date: on,
                                        added: true,
                                        ..DealChange::default()
                                    },
                                    DealChange {
                                        date: on,
                                        added: false,
                                        stage: Some(Change {
                                            from: None,
                                            to: Stage::iter().nth(stage),
                                        }),
                                        close_date: Some(DateChange {
                                            from: None,
                                            to: close,
                                        }),
                                        amount: Some(Change {
                                            from: amount,
                                            to: None,
                                        }),
                                        forecast: Some(Change {
                                            from: ForecastCategory::iter().nth(kind),
                                            to: Some(ForecastCategory::Omitted),
                                        }),
                                    },
                                ]
                            })
                            .unwrap_or_default(),
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
                        id: String::new(),
                        name,
                        status: Some(statuses[status]),
                        due,
                        staff,
                    })
                    .collect();
                c.gifts = gifts
                    .into_iter()
                    .map(|(date, recipient, value, exempt)| Gift {
                        id: String::new(),
                        date,
                        // Every new field, driven by the drawn ones.
                        kind: exempt.then_some(konto::model::GiftKind::Entertainment),
                        attended: exempt,
                        recipients: if value.is_some() {
                            vec![recipient.clone(), "Guest".into()]
                        } else {
                            Vec::new()
                        },
                        recipient,
                        description: "gift".into(),
                        face_value: value,
                        value,
                        exempt: exempt.then_some(konto::model::ExemptReason::Commemorative),
                    })
                    .collect();
                c.tasks = tasks
                    .into_iter()
                    .enumerate()
                    .map(|(n, (title, due, done, on_deal))| Task {
                        id: format!("t{n}"),
                        deal: c.deals.first().filter(|_| on_deal).map(|d| d.title.clone()),
                        title,
                        due,
                        owner: None,
                        done,
                    })
                    .collect();
                // As a load would: every item an id, each task linked to its deal by id.
                konto::edit::fill_missing_ids_of(&mut c);
                c
            },
        )
}

/// A contact with every field it can have (the id is derived as a load would).
fn person() -> impl Strategy<Value = Contact> {
    (
        text(),
        proptest::option::of(text()),
        proptest::option::of(0usize..7),
        proptest::option::of(text()),
        proptest::option::of(prop_oneof![
            Just("Europe/Copenhagen"),
            Just("America/New_York"),
            Just("Asia/Tokyo")
        ]),
        proptest::option::of(1u32..90),
        proptest::option::of(text()),
        proptest::option::of(date()),
    )
        .prop_map(
            |(name, role, buying_role, email, timezone, cadence_days, notes, left)| Contact {
                id: String::new(),
                name,
                role,
                buying_role: buying_role.and_then(|n| BuyingRole::iter().nth(n)),
                email,
                phone: None,
                timezone: timezone.map(String::from),
                cadence_days,
                crm_id: notes.clone().map(|n| format!("hubspot:{n}")),
                notes,
                left,
            },
        )
}

/// A task: title, due, done, and whether it names the client's first deal.
fn task() -> impl Strategy<Value = (String, Option<NaiveDate>, Option<NaiveDate>, bool)> {
    (
        text(),
        proptest::option::of(date()),
        proptest::option::of(date()),
        any::<bool>(),
    )
}

/// A forecast call as `konto forecast submit` keeps it, with hostile text in it.
fn submission() -> impl Strategy<Value = konto::model::ForecastSubmission> {
    let deal = (
        text(),
        proptest::option::of(money()),
        proptest::option::of(date()),
        proptest::option::of(0usize..4),
    )
        .prop_map(
            |(title, amount, close_date, call)| konto::model::SubmittedDeal {
                client: "nordlys-bank".to_string(),
                id: konto::edit::slug(&title),
                title,
                amount,
                close_date,
                call: call.and_then(|n| ForecastCategory::iter().nth(n)),
            },
        );
    (
        date(),
        [money(), money(), money(), money(), money()],
        proptest::option::of(text()),
        proptest::collection::vec(deal, 0..3),
    )
        .prop_map(
            |(date, [closed, commit, best_case, pipeline, weighted], note, deals)| {
                konto::model::ForecastSubmission {
                    date,
                    quarter: "FY2026 Q4".to_string(),
                    closed,
                    commit,
                    best_case,
                    pipeline,
                    weighted,
                    note,
                    deals,
                }
            },
        )
}

fn book() -> impl Strategy<Value = Book> {
    (
        proptest::option::of(text()),
        proptest::collection::vec(client(), 0..6),
        proptest::collection::vec(submission(), 0..2),
    )
        .prop_map(|(owner, clients, forecasts)| {
            let mut seen = std::collections::HashSet::new();
            let clients = clients
                .into_iter()
                .filter(|c| seen.insert(c.id.clone()))
                .collect();
            Book {
                owner,
                team: vec![TeamMember {
                    id: "ida".into(),
                    name: "Ida Lund".into(),
                    role: Some("Solutions engineer".into()),
                    email: None,
                }],
                clients,
                forecasts,
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

/// A value for a field: right or wrong in type, in range or not.
fn value_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\"[a-z ]{0,8}\"",
        Just("\"2026-11-27\"".to_string()),
        Just("\"2026-02-30\"".to_string()),
        "-?[0-9]{1,7}(\\.[0-9]{1,3})?",
        prop_oneof![
            Just("Key"),
            Just("Growth"),
            Just("Standard"),
            Just("Huge"),
            Just("Call"),
            Just("Won"),
            Just("None"),
            Just("true"),
            Just("Some(Key)"),
            Just("[]"),
            Just("()")
        ]
        .prop_map(String::from),
    ]
}

/// A field and a value for it: mostly of the right type (so that the rules get to see
/// it, in range or not), now and then of any type, or a field that does not exist.
fn field_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop_oneof![Just("Key"), Just("Growth"), Just("Standard"), Just("Huge")]
            .prop_map(|t| format!("tier: {t}")),
        "-?[0-9]{1,7}".prop_map(|v| format!("annual_value: {v}")),
        (0u32..100).prop_map(|d| format!("cadence_days: {d}")),
        prop_oneof![
            Just("\"2026-11-27\""),
            Just("\"2026-02-30\""),
            Just("\"27.11.2026\"")
        ]
        .prop_map(|d| format!("last_contact: {d}")),
        "[A-Za-z ]{0,8}".prop_map(|n| format!("notes: \"{n}\"")),
        "-?[0-9]{1,5}".prop_map(|v| format!("deals: [(title: \"d\", amount: {v})]")),
        (
            prop_oneof![
                Just("industry"),
                Just("next_checkin"),
                Just("tierr"),
                Just("gifts")
            ],
            value_text()
        )
            .prop_map(|(f, v)| format!("{f}: {v}")),
    ]
}

/// A client record: an id (sometimes empty or with a space) and a name, then fields.
fn client_text() -> impl Strategy<Value = String> {
    (
        "[a-z]{1,2}( ?)",
        "[A-Za-z ]{0,8}",
        proptest::collection::vec(field_text(), 0..4),
    )
        .prop_map(|(id, name, fields)| {
            let mut text = format!("(id: \"{id}\", name: \"{name}\"");
            for field in fields {
                text.push_str(", ");
                text.push_str(&field);
            }
            text.push(')');
            text
        })
}

/// Text shaped like a book, so that it gets past the first token and into the parser,
/// the field checks and the rules, with now and then a line break or a comment.
fn book_text() -> impl Strategy<Value = String> {
    (
        proptest::option::of(0u32..4),
        proptest::collection::vec(client_text(), 0..6),
        any::<bool>(),
    )
        .prop_map(|(version, clients, commented)| {
            let mut text = String::from("(\n");
            if let Some(version) = version {
                writeln!(text, "    version: {version},").unwrap();
            }
            if commented {
                text.push_str("    // a comment\n");
            }
            write!(
                text,
                "    clients: [\n        {}\n    ],\n)",
                clients.join(",\n        ")
            )
            .unwrap();
            text
        })
}

/// What `konto check` does with a file: read its bytes, parse, validate. A book that
/// loads also saves and loads back the same; one that does not says where it breaks.
fn check_path(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    std::fs::write(&path, bytes).unwrap();
    match storage::load(&path) {
        Ok(loaded) => {
            storage::save(&path, &loaded.book, Some(loaded.fingerprint)).unwrap();
            // A save writes the current version; everything else comes back as it was.
            let upgraded = Book {
                version: konto::model::CURRENT_VERSION,
                ..loaded.book
            };
            prop_assert_eq!(storage::load(&path).unwrap().book, upgraded);
        }
        Err(storage::LoadError::Invalid { problem, .. }) => {
            prop_assert!(positioned_or_whole_file(&problem), "{}", problem);
        }
        Err(other) => prop_assert!(false, "unexpected: {other}"),
    }
    Ok(())
}

/// The generators reach what they claim to: of book-shaped texts, some load, some fail a
/// rule (validation) and some fail to parse; of mutated books, some are not UTF-8.
#[test]
fn the_generators_reach_every_stage_of_loading() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut loaded, mut refused_by_a_rule, mut unparsable) = (0, 0, 0);
    for _ in 0..400 {
        let text = book_text().new_tree(&mut runner).unwrap().current();
        match storage::parse(&text) {
            Ok(_) => loaded += 1,
            Err(problem) if problem.message.contains("client `") => refused_by_a_rule += 1,
            Err(_) => unparsable += 1,
        }
    }
    eprintln!("{loaded} loaded, {refused_by_a_rule} refused by a rule, {unparsable} unparsable");
    assert!(loaded >= 20, "only {loaded} of 400 loaded");
    assert!(
        refused_by_a_rule >= 10,
        "only {refused_by_a_rule} of 400 reached the rules"
    );
    assert!(unparsable >= 20, "only {unparsable} of 400 failed to parse");
}

/// One edit of the kinds the dashboard and `konto log` make: a client changed in place,
/// added at a place, or removed.
#[derive(Debug, Clone)]
enum ClientEdit {
    Change(usize, Client),
    Add(usize, Client),
    Remove(usize),
}

impl ClientEdit {
    /// `book` with the edit made; `None` when it does not apply (an id already taken, the
    /// last client removed).
    fn apply(&self, book: &Book) -> Option<Book> {
        let mut edited = book.clone();
        let count = book.clients.len();
        match self {
            ClientEdit::Change(at, client) => {
                let at = at % count;
                edited.clients[at] = Client {
                    id: book.clients[at].id.clone(),
                    ..client.clone()
                };
            }
            ClientEdit::Add(at, client) => {
                if book.clients.iter().any(|c| c.id == client.id) {
                    return None;
                }
                edited.clients.insert(at % (count + 1), client.clone());
            }
            ClientEdit::Remove(at) => {
                if count < 2 {
                    return None;
                }
                edited.clients.remove(at % count);
            }
        }
        Some(edited)
    }
}

fn client_edit() -> impl Strategy<Value = ClientEdit> {
    prop_oneof![
        (any::<usize>(), client()).prop_map(|(at, c)| ClientEdit::Change(at, c)),
        (any::<usize>(), client()).prop_map(|(at, c)| ClientEdit::Add(at, c)),
        any::<usize>().prop_map(ClientEdit::Remove),
    ]
}

/// A blank line after the book's opening parenthesis: konto never writes one, so it is
/// still there after a save only if the save copied the text around the clients.
/// `text` as if someone had written a comment above and after every line of konto's
/// layout, including lines inside multi-line strings.
fn commented_on_every_line(text: &str) -> String {
    let mut commented = String::new();
    for (n, line) in text.lines().enumerate() {
        writeln!(commented, "// above {n}\n{line} // after {n}").unwrap();
    }
    commented
}

fn with_hand_mark(text: &str) -> String {
    text.replacen("(\n", "(\n\n", 1)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn an_edit_writes_only_its_clients_and_the_file_is_what_a_whole_save_writes(
        book in book().prop_filter("a client to edit", |b| !b.clients.is_empty()),
        edits in proptest::collection::vec(client_edit(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        let mut base = book;
        std::fs::write(&path, with_hand_mark(&storage::to_text(&base).unwrap())).unwrap();
        let mut fingerprint = storage::load(&path).unwrap().fingerprint;
        for edit in &edits {
            let Some(edited) = edit.apply(&base) else { continue };
            fingerprint = storage::save_edit(&path, &edited, &base, fingerprint).unwrap();
            let written = std::fs::read_to_string(&path).unwrap();
            prop_assert_eq!(&written, &with_hand_mark(&storage::to_text(&edited).unwrap()));
            prop_assert_eq!(&storage::load(&path).unwrap().book, &edited);
            base = edited;
        }
    }

    #[test]
    fn any_valid_book_survives_save_and_load(book in book()) {
        let text = storage::to_text(&book).unwrap();
        let (back, _) = storage::parse(&text).unwrap_or_else(|p| panic!("{p}\n{text}"));
        prop_assert_eq!(back, book);
    }

    /// A large book is parsed from its file a piece at a time (a load does so from
    /// 1 MiB): any book, plain or with a comment above and after every line, parsed so in
    /// pieces of one client or a few is the book its whole text parses to.
    #[test]
    fn any_book_parsed_from_its_file_in_pieces_is_the_whole_parse(book in book()) {
        let text = storage::to_text(&book).unwrap();
        let commented = commented_on_every_line(&text);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        for written in [&text, &commented] {
            std::fs::write(&path, written).unwrap();
            let (whole, _) = storage::parse(written).unwrap();
            for piece_bytes in [1, 300, 1 << 20] {
                // A book without clients has no list to cut: it is parsed whole.
                let in_pieces = storage::parse_file_in_pieces(&path, piece_bytes);
                if book.clients.is_empty() {
                    prop_assert!(in_pieces.is_none() || in_pieces == Some(whole.clone()));
                } else {
                    prop_assert_eq!(in_pieces.as_ref(), Some(&whole), "{}", piece_bytes);
                }
            }
        }
    }

    #[test]
    fn saving_over_a_commented_file_keeps_the_book_exact(book in book()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        std::fs::write(&path, include_str!("../data/example.ron")).unwrap();
        storage::save(&path, &book, None).unwrap();
        prop_assert_eq!(storage::load(&path).unwrap().book, book);
    }

    #[test]
    fn comments_on_every_line_never_change_the_saved_book(book in book()) {
        // Wherever konto puts the comments back, the book it saves must read back exactly.
        let commented = commented_on_every_line(&storage::to_text(&book).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        std::fs::write(&path, &commented).unwrap();
        storage::save(&path, &book, None).unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        prop_assert!(saved.contains("// above"), "the comments were kept");
        prop_assert_eq!(storage::load(&path).unwrap().book, book);
    }

    #[test]
    fn book_shaped_text_loads_or_says_where_it_breaks(text in book_text()) {
        check_path(text.as_bytes())?;
    }

    #[test]
    fn mutated_bytes_of_a_real_book_load_or_say_where_they_break(
        edits in proptest::collection::vec((any::<usize>(), 0u8..3, any::<u8>()), 1..8)
    ) {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        for (at, what, byte) in edits {
            let at = at % bytes.len().max(1);
            match what {
                0 => { bytes.remove(at); }
                1 => bytes.insert(at, byte),
                _ => bytes[at] = byte,
            }
        }
        check_path(&bytes)?;
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

/// A pay plan: a target, up to four bands in rising order, maybe a cap.
fn pay_plan() -> impl Strategy<Value = konto::rules::pay::PayPlan> {
    (
        0i64..=5_000_000,
        proptest::collection::vec((0u32..=300, 0u32..=30), 1..=4),
        proptest::option::of(0i64..=500_000),
    )
        .prop_map(|(target, bands, cap)| {
            let mut bands: Vec<konto::model::CommissionBand> = bands
                .into_iter()
                .map(|(from, rate)| konto::model::CommissionBand {
                    from: f64::from(from) / 100.0,
                    rate: f64::from(rate) / 100.0,
                })
                .collect();
            bands.sort_by(|a, b| a.from.total_cmp(&b.from));
            bands.dedup_by(|a, b| a.from.total_cmp(&b.from).is_eq());
            konto::rules::pay::PayPlan::of(&konto::model::Quota {
                target: Some(Money::from_units(target)),
                commission: bands,
                commission_cap: cap.map(Money::from_units),
                bonuses: vec![konto::model::Bonus {
                    attainment: 1.0,
                    amount: Money::from_units(10_000),
                }],
                ..konto::model::Quota::default()
            })
        })
}

proptest! {
    /// More won never pays less; commission never passes the cap nor the highest rate
    /// on what was added; what a deal is worth is what it adds.
    #[test]
    fn pay_rises_with_won_and_never_past_the_cap(
        plan in pay_plan(),
        won in 0i64..=10_000_000,
        more in 0i64..=2_000_000,
    ) {
        let (a, extra) = (Money::from_units(won), Money::from_units(more));
        let b = a + extra;
        prop_assert!(plan.commission(a) <= plan.commission(b));
        prop_assert!(plan.variable(a) <= plan.variable(b));
        if let Some(cap) = plan.cap {
            prop_assert!(plan.commission(b) <= cap);
        } else {
            let top = plan.bands.iter().map(|band| band.rate).fold(0.0, f64::max);
            let grew = (plan.commission(b) - plan.commission(a)).as_f64();
            // Each band's share is rounded to the cent on both sides: at most a cent a
            // band more, compared with a little room for the floats' own rounding
            // (0.15 × 441,006 is 66,150.9 only approximately).
            let rounding = 0.01 * plan.bands.len() as f64 + 1e-6;
            prop_assert!(grew <= top * extra.as_f64() + rounding, "{grew}");
        }
        prop_assert_eq!(plan.worth(a, extra), plan.variable(b) - plan.variable(a));
    }
}

/// The extensions a hand-written header may turn on, in any combination.
fn dialect() -> impl Strategy<Value = ron::extensions::Extensions> {
    use ron::extensions::Extensions;
    proptest::collection::vec(
        prop_oneof![
            Just(Extensions::EXPLICIT_STRUCT_NAMES),
            Just(Extensions::IMPLICIT_SOME),
            Just(Extensions::UNWRAP_NEWTYPES),
            Just(Extensions::UNWRAP_VARIANT_NEWTYPES),
        ],
        0..4,
    )
    .prop_map(|flags| {
        flags
            .into_iter()
            .fold(Extensions::empty(), |all, f| all | f)
    })
}

/// A change of any kind: one of the clients (a splice), or the owner (a whole save).
#[derive(Debug, Clone)]
enum Step {
    Client(Box<ClientEdit>),
    Owner(Option<String>),
}

impl Step {
    fn apply(&self, book: &Book) -> Option<Book> {
        match self {
            Step::Client(edit) => edit.apply(book),
            Step::Owner(owner) => Some(Book {
                owner: owner.clone(),
                ..book.clone()
            }),
        }
    }
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => client_edit().prop_map(|edit| Step::Client(Box::new(edit))),
        1 => proptest::option::of("[A-Za-z ]{1,12}").prop_map(Step::Owner),
    ]
}

/// A comment a person could write, numbered so that each can be counted: a line comment,
/// a nested block comment, or a block comment over two lines.
fn a_comment(n: usize, kind: u8) -> String {
    match kind % 3 {
        0 => format!("// C{n}:"),
        1 => format!("/* C{n}: /* nested */ */"),
        _ => format!("/* C{n}:\n   still the comment */"),
    }
}

/// A book whose strings hold what looks like comments: a multi-line note with `//` and
/// `/* */` in it, and a name with a quote (written as a raw string).
fn book_with_comment_like_strings() -> Book {
    let mut book = konto::demo::generate(4, 7, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    book.clients[1].notes = Some("SSN S1\n// S2 secret\n/* S3 */ end".into());
    book.clients[2].industry = Some("a \"quoted\" // S4 /* S5".into());
    book
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_header_and_any_edits_leave_a_file_that_loads_on_its_own_as_the_book(
        book in book().prop_filter("a client to edit", |b| !b.clients.is_empty()),
        dialect in dialect(),
        steps in proptest::collection::vec(step(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        let hand = ron::ser::to_string_pretty(
            &book,
            ron::ser::PrettyConfig::new().extensions(dialect),
        )
        .unwrap();
        std::fs::write(&path, &hand).unwrap();
        let loaded = storage::load(&path).unwrap_or_else(|p| panic!("{p}\n{hand}"));
        let (mut base, mut fingerprint) = (loaded.book, loaded.fingerprint);
        for step in &steps {
            let Some(edited) = step.apply(&base) else { continue };
            fingerprint = storage::save_edit(&path, &edited, &base, fingerprint).unwrap();
            // No cache anywhere here: what is on disk is all there is.
            let written = std::fs::read_to_string(&path).unwrap();
            let back = storage::load(&path).unwrap_or_else(|p| panic!("{p}\n{written}"));
            prop_assert_eq!(&back.book, &edited);
            let backup = storage::location::backup_path(&path);
            // No change, no backup: a save that changes nothing leaves the files alone.
            prop_assert!(!backup.exists() || storage::load(&backup).is_ok(), "the backup loads");
            base = edited;
        }
    }

    #[test]
    fn every_comment_is_kept_once_and_no_string_becomes_a_comment(
        marks in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<bool>()), 1..24),
        steps in proptest::collection::vec((0usize..4, 0u8..3), 1..4),
    ) {
        let mut base = book_with_comment_like_strings();
        let plain = storage::to_text(&base).unwrap();
        let lines: Vec<&str> = plain.lines().collect();
        // Only lines konto wrote outside a string take a comment (the note's lines and
        // the line that opens it do not).
        let open: Vec<usize> = (0..lines.len())
            .filter(|&i| !lines[i].contains('S') || !lines[i].contains(|c: char| c.is_ascii_digit()))
            .filter(|&i| !lines[i].contains("SSN") && !lines[i].contains("S3"))
            .collect();
        let mut placed: Vec<(usize, String, bool)> = marks
            .iter()
            .enumerate()
            .map(|(n, (at, kind, trailing))| (open[at % open.len()], a_comment(n, *kind), *trailing))
            .collect();
        placed.sort_by_key(|(line, ..)| *line);
        let mut text = String::new();
        for (i, line) in lines.iter().enumerate() {
            for (_, comment, _) in placed.iter().filter(|(l, _, t)| *l == i && !t) {
                writeln!(text, "{comment}").unwrap();
            }
            text.push_str(line);
            for (_, comment, _) in placed.iter().filter(|(l, _, t)| *l == i && *t) {
                // A line comment would end its line: after code, write it as a block.
                match comment.strip_prefix("//") {
                    Some(rest) => write!(text, " /*{rest} */").unwrap(),
                    None => write!(text, " {comment}").unwrap(),
                }
            }
            text.push('\n');
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        std::fs::write(&path, &text).unwrap();
        let loaded = storage::load(&path).unwrap_or_else(|p| panic!("{p}\n{text}"));
        prop_assert_eq!(&loaded.book, &base);
        let mut fingerprint = loaded.fingerprint;
        for (client, what) in steps {
            let mut edited = base.clone();
            match what {
                0 => edited.clients[client].tier = Some(Tier::Key),
                1 => edited.clients[client].notes = Some(format!("edited {client}")),
                _ => edited.owner = Some(format!("Owner {client}")),
            }
            fingerprint = storage::save_edit(&path, &edited, &base, fingerprint).unwrap();
            let saved = std::fs::read_to_string(&path).unwrap();
            prop_assert_eq!(&storage::load(&path).unwrap().book, &edited, "{}", saved);
            for n in 0..marks.len() {
                prop_assert_eq!(saved.matches(&format!("C{n}:")).count(), 1, "C{} in\n{}", n, saved);
            }
            for marker in ["S2 secret", "S3 */ end", "S4", "S5"] {
                let in_strings = storage::to_text(&edited).unwrap().matches(marker).count();
                prop_assert_eq!(saved.matches(marker).count(), in_strings, "{} in\n{}", marker, saved);
            }
            base = edited;
        }
    }
}

/// One edit to one field of one item: (client, deal, which field, a value).
type ItemEdit = (usize, usize, u8, u32);

/// `book` with `edits` made to its deals (edits whose client or deal is missing skipped).
fn with_edits(book: &Book, edits: &[ItemEdit]) -> Book {
    let mut edited = book.clone();
    for &(client, deal, field, value) in edits {
        let Some(client) = edited.clients.get_mut(client) else {
            continue;
        };
        let Some(deal) = client.deals.get_mut(deal) else {
            continue;
        };
        match field % 4 {
            0 => deal.amount = Some(Money::from_units(i64::from(value))),
            1 => deal.close_date = NaiveDate::from_ymd_opt(2027, 1, 1 + value % 28),
            2 => deal.title = format!("Title {value}"),
            _ => deal.stage = Stage::iter().nth(value as usize % 6),
        }
    }
    edited
}

fn item_edits() -> impl Strategy<Value = Vec<ItemEdit>> {
    proptest::collection::vec((0usize..6, 0usize..3, any::<u8>(), 1u32..1000), 0..6)
}

/// What a clash is about, whichever side is called ours.
fn clash_set(
    merged: &konto::merge::Merged,
) -> std::collections::BTreeSet<(Option<String>, String)> {
    merged
        .clashes
        .iter()
        .flat_map(|c| c.fields.iter().map(|f| (c.client_id.clone(), f.clone())))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The keyed merge's laws: a side that changed nothing takes the other's book as it
    /// is; which side is "ours" changes no clash; and without a clash every edit of both
    /// sides is in the result.
    #[test]
    fn the_keyed_merge_keeps_every_edit_that_does_not_clash(
        base in book(),
        ours in item_edits(),
        theirs in item_edits(),
    ) {
        use konto::merge::merge;
        let x = with_edits(&base, &ours);
        let y = with_edits(&base, &theirs);
        prop_assert_eq!(&merge(&base, &x, &base).theirs_wins, &x);
        prop_assert_eq!(&merge(&base, &base, &y).theirs_wins, &y);
        let xy = merge(&base, &x, &y);
        let yx = merge(&base, &y, &x);
        prop_assert_eq!(clash_set(&xy), clash_set(&yx));
        // One side also added a client: the books no longer line up place by place, so
        // clients are found by id; the result is the same, with the new client.
        let mut x_added = x.clone();
        x_added.clients.push(konto::model::Client::new("zz-added", "Added"));
        let with_added = merge(&base, &x_added, &y);
        let mut expected = xy.theirs_wins.clone();
        expected.clients.push(konto::model::Client::new("zz-added", "Added"));
        prop_assert_eq!(&with_added.theirs_wins, &expected);
        prop_assert_eq!(clash_set(&with_added), clash_set(&xy));
        // Edits to different fields (of one deal, too) never clash.
        let touched = |side: &Book| -> std::collections::HashSet<(usize, usize, u8)> {
            let mut fields = std::collections::HashSet::new();
            for (at, client) in base.clients.iter().enumerate() {
                for (n, deal) in client.deals.iter().enumerate() {
                    let edited = &side.clients[at].deals[n];
                    let changed = [
                        edited.amount != deal.amount,
                        edited.close_date != deal.close_date,
                        edited.title != deal.title,
                        edited.stage != deal.stage || edited.history != deal.history,
                    ];
                    for (field, _) in changed.iter().enumerate().filter(|(_, c)| **c) {
                        fields.insert((at, n, u8::try_from(field).unwrap()));
                    }
                }
            }
            fields
        };
        if touched(&x).is_disjoint(&touched(&y)) {
            prop_assert!(xy.clashes.is_empty(), "{:?}", xy.clashes);
        }
        if xy.clashes.is_empty() {
            prop_assert_eq!(&xy.theirs_wins, &xy.mine_wins);
            // Every field either side changed has that side's value.
            for side in [&x, &y] {
                for (at, client) in base.clients.iter().enumerate() {
                    for (n, deal) in client.deals.iter().enumerate() {
                        let edited = &side.clients[at].deals[n];
                        let merged = xy.theirs_wins.client(&client.id).unwrap().deal(&deal.id).unwrap();
                        if edited.amount != deal.amount {
                            prop_assert_eq!(merged.amount, edited.amount);
                        }
                        if edited.close_date != deal.close_date {
                            prop_assert_eq!(merged.close_date, edited.close_date);
                        }
                        if edited.title != deal.title {
                            prop_assert_eq!(&merged.title, &edited.title);
                        }
                        if edited.stage != deal.stage {
                            prop_assert_eq!(merged.stage, edited.stage);
                        }
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The morning list, the ranking, the quota and the open tasks from the smaller copy
    /// each reads are those from the whole book, plain and through the cache, on any day
    /// the copy is exact (for the daily part, the latest interaction or later).
    #[test]
    fn the_daily_commands_answer_from_what_they_read_as_from_the_whole_book(
        book in book(),
        after in 0u64..400,
        days in 0u32..60,
    ) {
        use konto::rules::checkins::{as_read_daily, latest_interaction};
        use konto::rules::quota::as_read_for_quota;
        use konto::rules::tasks::as_read_for_open_tasks;
        use konto::storage::cache::Part;
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let today = latest_interaction(&book).unwrap_or(start).max(start)
            + chrono::Days::new(after);
        let now = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
        // Deals closing within months of today, so that the quota year has won, open
        // and slipped ones (dates drawn over three millennia almost never fall in it).
        let book = Book {
            clients: book
                .clients
                .iter()
                .map(|client| {
                    let mut client = client.clone();
                    for deal in &mut client.deals {
                        deal.close_date = deal.close_date.map(|d| {
                            let offset = i64::from(chrono::Datelike::num_days_from_ce(&d).rem_euclid(400)) - 200;
                            today + chrono::Duration::days(offset)
                        });
                    }
                    client
                })
                .collect(),
            ..book.without_clients()
        };
        let part_of = |shape: fn(&konto::model::Client) -> konto::model::Client| Book {
            clients: book.clients.iter().map(&shape).collect(),
            ..book.without_clients()
        };
        let (daily, deals, open_tasks) = (
            part_of(as_read_daily),
            part_of(as_read_for_quota),
            part_of(as_read_for_open_tasks),
        );
        prop_assert_eq!(
            konto::cli::plain::remind(&daily, today, now, days),
            konto::cli::plain::remind(&book, today, now, days)
        );
        prop_assert_eq!(
            konto::cli::json::remind(&daily, today, days),
            konto::cli::json::remind(&book, today, days)
        );
        prop_assert_eq!(
            konto::cli::plain::rank(&daily, today, None, true),
            konto::cli::plain::rank(&book, today, None, true)
        );
        prop_assert_eq!(
            konto::cli::plain::quota(&deals, today),
            konto::cli::plain::quota(&book, today)
        );
        prop_assert_eq!(
            konto::cli::json::quota(&deals, today),
            konto::cli::json::quota(&book, today)
        );
        for json in [false, true] {
            prop_assert_eq!(
                konto::cli::people::tasks(&open_tasks, today, false, None, json).stdout,
                konto::cli::people::tasks(&book, today, false, None, json).stdout
            );
        }
        // Through the cache's copies, as the commands read them.
        let dir = tempfile::tempdir().unwrap();
        let book_path = dir.path().join("book.ron");
        let fingerprint = storage::Fingerprint::of(b"the book's text");
        for (part, partial) in [(Part::Daily, daily), (Part::Deals, deals), (Part::OpenTasks, open_tasks)] {
            storage::cache::write_part(dir.path(), &book_path, part, fingerprint, &book);
            let read = storage::cache::read_part(dir.path(), &book_path, part, fingerprint, today);
            prop_assert_eq!(read, Some(partial));
        }
        let before = today.pred_opt().unwrap();
        if latest_interaction(&book).is_some_and(|latest| before < latest) {
            prop_assert_eq!(
                storage::cache::read_part(dir.path(), &book_path, Part::Daily, fingerprint, before),
                None,
                "not exact the day before the latest interaction"
            );
        }
    }

    /// The cache's layout is derived from the model: any book written to it reads back
    /// equal, so a field the layout leaves out (or a date it keeps wrong) fails here, not
    /// in a user's dashboard.
    #[test]
    fn any_book_reads_back_from_the_cache_as_it_was(book in book()) {
        let dir = tempfile::tempdir().unwrap();
        let book_path = dir.path().join("book.ron");
        let fingerprint = storage::Fingerprint::of(b"the book's bytes");
        storage::cache::write(dir.path(), &book_path, fingerprint, &book);
        prop_assert_eq!(storage::cache::read(dir.path(), &book_path, fingerprint), Some(book));
    }

    /// What a deal counts toward the quota never exceeds its amount when its rates are
    /// rates (0 to 1), whatever its split, override, term and the plan's basis; and a
    /// first-year basis never credits more than the whole contract.
    #[test]
    fn credited_never_exceeds_the_amount(
        amount in money(),
        share in proptest::option::of(0.0f64..=1.0),
        credit in proptest::option::of(0.0f64..=1.0),
        kind_rate in 0.0f64..=1.0,
        term in proptest::option::of(1u32..=120),
        first_year in any::<bool>(),
    ) {
        use konto::rules::credit::CreditRules;
        let deal = Deal {
            amount: Some(amount),
            share,
            credit,
            term_months: term,
            ..Deal::default()
        };
        let rules = CreditRules {
            kinds: konto::model::Credit { new_business: Some(kind_rate), ..Default::default() },
            basis: if first_year {
                konto::model::CreditBasis::FirstYear
            } else {
                konto::model::CreditBasis::Total
            },
        };
        let credited = rules.credited(&deal);
        prop_assert!(credited <= amount, "{credited:?} > {amount:?}");
        prop_assert!(!credited.is_negative());
        prop_assert!(rules.basis_of(&deal) <= amount);
    }
}
