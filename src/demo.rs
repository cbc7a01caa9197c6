//! Realistic generated books: the same seed always gives the same book. Used by
//! `konto demo`, the benchmarks and anyone who wants to try konto at scale.

use chrono::{Days, NaiveDate};
use rand::rngs::ChaCha8Rng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use strum::IntoEnumIterator;

use crate::edit::{slug, suggest_id_or};
use crate::model::{
    Bonus, Book, BuyingRole, Client, Contact, Deal, DealKind, Gift, Interaction, InteractionKind,
    Money, Project, ProjectStatus, Quota, Stage, Task, TeamMember, Tier,
};

const FIRST_PARTS: &[&str] = &[
    "Nordlys",
    "Fjord",
    "Helvetia",
    "Aalborg",
    "Kraków",
    "Lumen",
    "Sjælland",
    "Andes",
    "Øresund",
    "Baltic",
    "Zürich",
    "Bodega",
    "Tōkyō",
    "Sakura",
    "Atlas",
    "Meridian",
    "Polaris",
    "Vega",
    "Istanbul",
    "São Paulo",
    "Nova",
    "Kiruna",
    "Malmö",
    "Gdańsk",
    "Porto",
    "Sevilla",
    "Lyon",
    "Dublin",
    "Ålesund",
    "Tromsø",
    "Reykjavík",
    "Cairo",
    "Lagos",
    "Mumbai",
    "Seoul",
    "Hanoi",
    "Québec",
    "Montréal",
    "Zaragoza",
    "Brno",
    "東京",
    "北京",
    "서울",
];

const SECOND_PARTS: &[&str] = &[
    "Bank",
    "Shipping",
    "Re",
    "Energi",
    "Steelworks",
    "Health",
    "Retail",
    "Minería",
    "Pharma",
    "Freight",
    "Wealth",
    "Foods",
    "Systems",
    "Logistics",
    "Insurance",
    "Media",
    "Telecom",
    "Capital",
    "Motors",
    "Airlines",
    "Hotels",
    "Partners",
    "Labs",
    "Holdings",
    "Group",
];

const LEGAL: &[&str] = &[
    "", "", " A/S", " AB", " GmbH", " S.A.", " Ltd", " Inc.", " SpA", " K.K.",
];

const INDUSTRIES: &[&str] = &[
    "Banking",
    "Insurance",
    "Logistics",
    "Utilities",
    "Manufacturing",
    "Healthcare",
    "Retail",
    "Mining",
    "Pharmaceuticals",
    "Media",
    "Wealth Management",
    "Food & Beverage",
    "Telecom",
    "Automotive",
    "Hospitality",
    "Public Sector",
];

const GIVEN: &[&str] = &[
    "Søren",
    "Karen",
    "Jørgen",
    "Lukas",
    "Hanako",
    "José",
    "Mads",
    "Małgorzata",
    "Priya",
    "Åse",
    "Camila",
    "Henrik",
    "Sofie",
    "Emil",
    "Kadri",
    "Anaïs",
    "Zoë",
    "Björn",
    "Chloé",
    "Dmitri",
    "Aiyana",
    "Kwame",
    "Mei",
    "Oğuz",
    "Ines",
    "Rafael",
    "Siobhán",
    "Yusuf",
    "花子",
    "민준",
];

const FAMILY: &[&str] = &[
    "Ærø",
    "Østergaard",
    "Bækgaard",
    "Müller",
    "Sato",
    "Núñez",
    "Kjær",
    "Wójcik",
    "Raman",
    "Lindqvist",
    "Peña",
    "Dahl",
    "Lund",
    "Strøm",
    "Tamm",
    "Favre",
    "Nakamura",
    "O'Brien",
    "García",
    "Novák",
    "Öztürk",
    "Okafor",
    "Chen",
    "Kim",
    "Nguyen",
    "Dubois",
    "Rossi",
    "Silva",
];

const ROLES: &[&str] = &[
    "CEO",
    "CFO",
    "CIO",
    "CISO",
    "COO",
    "Head of Procurement",
    "IT Director",
    "VP Operations",
    "Plant Manager",
    "Compliance Officer",
    "Head of Data",
];

const SUMMARIES: &[&str] = &[
    "Quarterly business review",
    "Pricing questions",
    "Sent proposal",
    "Renewal terms discussed",
    "Demo for the operations team",
    "Introduced the solutions engineer",
    "Follow-up on support ticket",
    "Budget planning for next year",
    "Reference call arranged",
    "Contract redlines returned",
];

const DEAL_TITLES: &[&str] = &[
    "Platform licence",
    "Analytics add-on",
    "Managed service",
    "Pilot",
    "Expansion",
    "Support renewal",
    "Data migration",
    "Security suite",
    "Second site",
    "Training package",
];

const STAFF: &[&str] = &[
    "Ida (solutions engineer)",
    "Lars (security architect)",
    "Nikolaj (implementation)",
    "Farah (QA lead)",
    "Tomás (project manager)",
];

/// The colleagues of a demo book: (id, name, role).
const TEAM: &[(&str, &str, &str)] = &[
    ("ida", "Ida Lund", "Solutions engineer"),
    ("mads", "Mads Berg", "Designer"),
    ("lars", "Lars Holm", "Security architect"),
];

const TASKS: &[&str] = &[
    "Send revised proposal",
    "Book the demo",
    "Share the security questionnaire",
    "Prepare the QBR deck",
    "Follow up on pricing",
    "Introduce the implementation lead",
];

const TIMEZONES: &[&str] = &[
    "Europe/Copenhagen",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "Asia/Tokyo",
];

fn pick<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or_default()
}

fn days_ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn days_ahead(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_add_days(Days::new(days)).unwrap_or(today)
}

fn person(rng: &mut ChaCha8Rng) -> String {
    format!("{} {}", pick(rng, GIVEN), pick(rng, FAMILY))
}

fn client(rng: &mut ChaCha8Rng, number: usize, today: NaiveDate) -> Client {
    let name = format!(
        "{} {}{}",
        pick(rng, FIRST_PARTS),
        pick(rng, SECOND_PARTS),
        pick(rng, LEGAL)
    );
    let mut client = Client::new(format!("{}-{number}", slug(&name)), name);
    let tier = match rng.random_range(0..100) {
        0..10 => Tier::Key,
        10..40 => Tier::Growth,
        _ => Tier::Standard,
    };
    client.tier = Some(tier);
    client.industry = Some(pick(rng, INDUSTRIES).to_string());
    let base = match tier {
        Tier::Key => 250_000,
        Tier::Growth => 80_000,
        Tier::Standard => 15_000,
    };
    client.annual_value = Some(Money::from_units(base + rng.random_range(0..base)));
    let cadence = match tier {
        Tier::Key => [7, 14, 14],
        Tier::Growth => [21, 30, 30],
        Tier::Standard => [45, 60, 90],
    };
    client.cadence_days = Some(cadence[rng.random_range(0..3)]);

    add_contacts(rng, &mut client);
    add_history(rng, &mut client, tier, today);
    add_deals(rng, &mut client, base, today);
    add_projects_and_gifts(rng, &mut client, today);
    crate::edit::fill_missing_ids_of(&mut client);
    add_tasks(rng, &mut client, today);
    client
}

fn add_tasks(rng: &mut ChaCha8Rng, client: &mut Client, today: NaiveDate) {
    for n in 0..rng.random_range(0..=3) {
        let due = if rng.random_bool(0.3) {
            days_ago(today, rng.random_range(0..10))
        } else {
            days_ahead(today, rng.random_range(0..30))
        };
        client.tasks.push(Task {
            id: format!("t{}", n + 1),
            title: pick(rng, TASKS).to_string(),
            due: Some(due),
            owner: rng
                .random_bool(0.3)
                .then(|| TEAM[rng.random_range(0..TEAM.len())].0.to_string()),
            deal: client
                .deals
                .first()
                .filter(|_| rng.random_bool(0.3))
                .map(|d| d.id.clone()),
            done: rng.random_bool(0.2).then(|| days_ago(today, 1)),
        });
    }
}

fn add_contacts(rng: &mut ChaCha8Rng, client: &mut Client) {
    for _ in 0..rng.random_range(1..=3) {
        let name = person(rng);
        let email = format!(
            "{}@{}.example",
            slug(&name).replace('-', "."),
            slug(&client.name)
        );
        let buying_role = rng
            .random_bool(0.7)
            .then(|| BuyingRole::iter().nth(rng.random_range(0..7)))
            .flatten();
        client.contacts.push(Contact {
            id: suggest_id_or(&name, "contact", |id| {
                client.contacts.iter().any(|p| p.id == id)
            }),
            name,
            role: Some(pick(rng, ROLES).to_string()),
            buying_role,
            timezone: rng
                .random_bool(0.5)
                .then(|| pick(rng, TIMEZONES).to_string()),
            cadence_days: rng.random_bool(0.1).then_some(30),
            email: Some(email),
            phone: Some(format!(
                "+{} {:04} {:04}",
                rng.random_range(1..99),
                rng.random_range(0..10_000),
                rng.random_range(0..10_000)
            )),
            ..Contact::default()
        });
    }
}

fn add_history(rng: &mut ChaCha8Rng, client: &mut Client, tier: Tier, today: NaiveDate) {
    // A year of history, more for the accounts that matter more.
    let touches = match tier {
        Tier::Key => rng.random_range(15..40),
        Tier::Growth => rng.random_range(6..15),
        Tier::Standard => rng.random_range(1..8),
    };
    let mut dates: Vec<u64> = (0..touches).map(|_| rng.random_range(0..365)).collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    for ago in dates {
        let kind = *InteractionKind::iter()
            .collect::<Vec<_>>()
            .choose(rng)
            .unwrap_or(&InteractionKind::Call);
        let with = client
            .contacts
            .get(rng.random_range(0..client.contacts.len().max(1)))
            .filter(|_| kind != InteractionKind::Note)
            .map(|p| vec![p.id.clone()])
            .unwrap_or_default();
        client.interactions.push(Interaction {
            id: String::new(),
            date: Some(days_ago(today, ago)),
            kind: Some(kind),
            with,
            summary: pick(rng, SUMMARIES).to_string(),
            source: None,
            direction: None,
            addresses: Vec::new(),
        });
    }
    client.last_contact = client
        .interactions
        .iter()
        .filter(|i| i.kind().is_contact())
        .filter_map(|i| i.date)
        .max();
    if rng.random_bool(0.1) {
        client.next_checkin = Some(days_ahead(today, rng.random_range(1..21)));
    }
    if rng.random_bool(0.3) {
        client.notes = Some(format!(
            "Prefers {}.",
            pick(
                rng,
                &["calls", "email", "meetings in person", "short agendas"]
            )
        ));
    }
}

fn add_deals(rng: &mut ChaCha8Rng, client: &mut Client, base: i64, today: NaiveDate) {
    for _ in 0..rng.random_range(0..=4) {
        let stage = *Stage::iter()
            .collect::<Vec<_>>()
            .choose(rng)
            .unwrap_or(&Stage::Lead);
        let close = if stage.is_open() {
            days_ahead(today, rng.random_range(0..180))
        } else {
            days_ago(today, rng.random_range(0..330))
        };
        client.deals.push(Deal {
            id: String::new(),
            crm_id: None,
            share: None,
            credit: None,
            term_months: None,
            qualification: None,
            title: pick(rng, DEAL_TITLES).to_string(),
            kind: Some(
                *DealKind::iter()
                    .collect::<Vec<_>>()
                    .choose(rng)
                    .unwrap_or(&DealKind::NewBusiness),
            ),
            stage: Some(stage),
            amount: Some(Money::from_units(base / 4 + rng.random_range(0..base))),
            close_date: Some(close),
            stage_changed: None,
            forecast: None,
            history: Vec::new(),
        });
    }
}

fn add_projects_and_gifts(rng: &mut ChaCha8Rng, client: &mut Client, today: NaiveDate) {
    for _ in 0..rng.random_range(0..=1) {
        let status = [
            ProjectStatus::Planned,
            ProjectStatus::Active,
            ProjectStatus::Blocked,
            ProjectStatus::Done,
        ][rng.random_range(0..4)];
        client.projects.push(Project {
            id: String::new(),
            name: format!("{} rollout", pick(rng, DEAL_TITLES)),
            status: Some(status),
            due: Some(days_ahead(today, rng.random_range(0..120))),
            staff: vec![pick(rng, STAFF).to_string()],
        });
    }
    for _ in 0..rng.random_range(0..=2) {
        let recipient = client.contacts[rng.random_range(0..client.contacts.len())]
            .name
            .clone();
        client.gifts.push(Gift {
            id: String::new(),
            date: Some(days_ago(today, rng.random_range(0..300))),
            recipient,
            description: pick(
                rng,
                &[
                    "Dinner",
                    "Concert tickets",
                    "Wine",
                    "Book",
                    "Branded notebook",
                ],
            )
            .to_string(),
            value: Some(Money::from_units(rng.random_range(10..200))),
            exempt: rng
                .random_bool(0.15)
                .then_some(crate::model::ExemptReason::Promotional),
            ..Gift::default()
        });
    }
}

/// A book of `clients` clients with a year of history up to `today`.
pub fn generate(clients: usize, seed: u64, today: NaiveDate) -> Book {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let year = chrono::Datelike::year(&today);
    let target =
        Money::from_units(40_000 * i64::try_from(clients.max(10)).unwrap_or(i64::MAX / 40_000));
    Book {
        owner: Some(person(&mut rng)),
        currency: Some("USD".to_string()),
        quota: Some(Quota {
            year: Some(year),
            target: Some(target),
            base_salary: Some(Money::from_units(60_000)),
            commission_rate: Some(0.05),
            bonuses: vec![
                Bonus {
                    attainment: 1.0,
                    amount: Money::from_units(10_000),
                },
                Bonus {
                    attainment: 1.25,
                    amount: Money::from_units(25_000),
                },
            ],
            ..Quota::default()
        }),
        team: TEAM
            .iter()
            .map(|(id, name, role)| TeamMember {
                id: (*id).to_string(),
                name: (*name).to_string(),
                role: Some((*role).to_string()),
                email: Some(format!("{id}@ourco.example")),
            })
            .collect(),
        clients: (1..=clients).map(|n| client(&mut rng, n, today)).collect(),
        ..Book::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn a_seed_gives_the_book_it_always_gave() {
        // The seeded books are the benchmarks' and docs/performance.md's: a generator or
        // a random-number crate that draws otherwise would make figures incomparable.
        let text = crate::storage::to_text(&generate(40, 7, today())).unwrap();
        assert_eq!(
            (text.len(), xxhash_rust::xxh3::xxh3_64(text.as_bytes())),
            (111_609, 13_600_798_809_368_646_112)
        );
    }

    #[test]
    fn same_seed_same_book_other_seed_other_book() {
        assert_eq!(generate(50, 7, today()), generate(50, 7, today()));
        assert_ne!(generate(50, 7, today()), generate(50, 8, today()));
    }

    #[test]
    fn generated_books_are_valid_and_varied() {
        let book = generate(300, 1, today());
        let text = crate::storage::to_text(&book).unwrap();
        let (back, _) = crate::storage::parse(&text).unwrap();
        assert_eq!(back, book);
        for tier in Tier::iter() {
            assert!(book.clients.iter().any(|c| c.tier() == tier));
        }
        for stage in Stage::iter() {
            assert!(
                book.clients
                    .iter()
                    .flat_map(|c| &c.deals)
                    .any(|d| d.stage() == stage)
            );
        }
        assert!(book.clients.iter().any(|c| !c.gifts.is_empty()));
        assert!(book.clients.iter().any(|c| !c.projects.is_empty()));
    }
}
