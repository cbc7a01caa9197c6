//! Logs what capture found onto the book: each activity with the clients its people
//! belong to (by a contact's address first, else by the company's mail domain), once.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::{ActivityKind, Found, Me, domain_of};
use crate::model::{Book, Interaction, InteractionKind};
use crate::rules::checkins;

/// Free mail services: an address there says nothing about a person's company.
const PUBLIC_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "yandex.com",
    "zoho.com",
    "fastmail.com",
    "hey.com",
];

pub fn is_public_domain(domain: &str) -> bool {
    PUBLIC_DOMAINS.contains(&domain)
}

/// One interaction capture added (or, in a dry run, would add).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Logged {
    pub client_id: String,
    pub client: String,
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub summary: String,
    /// The contacts' names; empty when only the company's domain matched.
    pub with: Vec<String>,
}

/// An address that is no contact, and how many items it was in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unknown {
    pub address: String,
    /// Their name as the calendar or mail gave it, if it did.
    pub name: Option<String>,
    pub items: usize,
    /// The client whose domain it is, if one: the item was logged with that client.
    pub client_id: Option<String>,
    pub client: Option<String>,
}

/// A client whose next check-in became a meeting already in the calendar.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NextMeeting {
    pub client_id: String,
    pub client: String,
    pub date: NaiveDate,
    pub summary: String,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub logged: Vec<Logged>,
    /// Already in the book: captured before, or logged by hand that day.
    pub already: usize,
    pub unknown: Vec<Unknown>,
    pub next_meetings: Vec<NextMeeting>,
    /// Meetings and messages with nobody at any client.
    pub unmatched: usize,
}

impl Report {
    pub fn count(&self, kind: ActivityKind) -> usize {
        self.logged.iter().filter(|l| l.kind == kind).count()
    }
}

/// Who is who: contacts by address, clients by mail domain.
struct Directory {
    people: HashMap<String, (usize, String)>,
    /// `None`: two clients share the domain, so it says nothing.
    domains: HashMap<String, Option<usize>>,
}

impl Directory {
    fn of(book: &Book) -> Directory {
        let mut people = HashMap::new();
        let mut domains: HashMap<String, Option<usize>> = HashMap::new();
        for (index, client) in book.clients.iter().enumerate() {
            for contact in &client.contacts {
                if let Some(email) = contact.email.as_deref().and_then(super::address) {
                    people.entry(email).or_insert((index, contact.id.clone()));
                }
            }
            let own: Vec<String> = if client.domains.is_empty() {
                client
                    .contacts
                    .iter()
                    .filter_map(|c| c.email.as_deref().and_then(super::address))
                    .filter_map(|e| domain_of(&e).map(str::to_string))
                    .filter(|d| !is_public_domain(d))
                    .collect()
            } else {
                client
                    .domains
                    .iter()
                    .map(|d| d.trim().to_lowercase())
                    .collect()
            };
            for domain in own {
                domains
                    .entry(domain)
                    .and_modify(|owner| {
                        if *owner != Some(index) {
                            *owner = None;
                        }
                    })
                    .or_insert(Some(index));
            }
        }
        Directory { people, domains }
    }

    /// The client (and contact) an address belongs to.
    fn find(&self, address: &str) -> Match {
        if let Some((client, contact)) = self.people.get(address) {
            return Match::Contact(*client, contact.clone());
        }
        match domain_of(address).and_then(|d| self.domains.get(d)) {
            Some(Some(client)) => Match::Domain(*client),
            _ => Match::Nobody,
        }
    }
}

enum Match {
    Contact(usize, String),
    Domain(usize),
    Nobody,
}

/// Logs `found` onto `book` (dated by each item, never after `today`), sets next
/// check-ins from meetings to come, and says what it did.
pub fn apply(book: &mut Book, found: &Found, me: &Me, today: NaiveDate) -> Report {
    let directory = Directory::of(book);
    let own_domains = me.domains();
    let mut report = Report::default();
    let mut histories: HashMap<usize, KnownHistory> = HashMap::new();
    let mut unknown: BTreeMap<String, (usize, Option<usize>)> = BTreeMap::new();
    for activity in &found.activities {
        // Per client: the contacts it was with, and the addresses there that are no
        // contact yet (kept on the interaction, so adding one later names them).
        let mut clients: BTreeMap<usize, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for who in &activity.participants {
            match directory.find(who) {
                Match::Contact(client, contact) => {
                    clients.entry(client).or_default().0.push(contact);
                }
                Match::Domain(client) => {
                    clients.entry(client).or_default().1.push(who.clone());
                    unknown.entry(who.clone()).or_insert((0, Some(client))).0 += 1;
                }
                Match::Nobody if domain_of(who).is_some_and(|d| own_domains.contains(&d)) => {}
                Match::Nobody => unknown.entry(who.clone()).or_insert((0, None)).0 += 1,
            }
        }
        if clients.is_empty() {
            report.unmatched += 1;
        }
        for (index, (with, addresses)) in clients {
            let known = histories
                .entry(index)
                .or_insert_with(|| KnownHistory::of(&book.clients[index]));
            log_one(book, index, known, activity, (with, addresses), &mut report);
        }
    }
    // What was logged gets its ids in one pass per client touched.
    for &index in histories.keys() {
        crate::edit::fill_missing_ids_of(&mut book.clients[index]);
    }
    report.unknown = unknown
        .into_iter()
        .map(|(address, (items, client))| Unknown {
            name: found.names.get(&address).cloned(),
            address,
            items,
            client_id: client.map(|i| book.clients[i].id.clone()),
            client: client.map(|i| book.clients[i].name.clone()),
        })
        .collect();
    report
        .unknown
        .sort_by(|a, b| b.items.cmp(&a.items).then(a.address.cmp(&b.address)));
    plan_meetings(book, found, &directory, today, &mut report);
    report
        .logged
        .sort_by(|a, b| a.client.cmp(&b.client).then(a.date.cmp(&b.date)));
    report
}

/// What a client's history already holds, looked up in constant time: the sources
/// captured before, and the days and kinds logged by hand. Built the first time a run
/// meets the client and kept up as it logs (a scan of the history for each item made a
/// large calendar quadratic).
struct KnownHistory {
    sources: HashSet<String>,
    by_hand: HashSet<(NaiveDate, InteractionKind)>,
}

impl KnownHistory {
    fn of(client: &crate::model::Client) -> KnownHistory {
        let mut known = KnownHistory {
            sources: HashSet::new(),
            by_hand: HashSet::new(),
        };
        for interaction in &client.interactions {
            match (&interaction.source, interaction.date) {
                (Some(source), _) => {
                    known.sources.insert(source.clone());
                }
                (None, Some(date)) => {
                    known.by_hand.insert((date, interaction.kind()));
                }
                (None, None) => {}
            }
        }
        known
    }
}

fn log_one(
    book: &mut Book,
    index: usize,
    known: &mut KnownHistory,
    activity: &super::Activity,
    (with, addresses): (Vec<String>, Vec<String>),
    report: &mut Report,
) {
    let kind = match activity.kind {
        ActivityKind::Meeting => InteractionKind::Meeting,
        ActivityKind::Email => InteractionKind::Email,
    };
    let client = &mut book.clients[index];
    // Captured before, or logged by hand that day: the same contact, not a second one.
    if known.sources.contains(&activity.source) || known.by_hand.contains(&(activity.date, kind)) {
        report.already += 1;
        return;
    }
    known.sources.insert(activity.source.clone());
    let mut with = with;
    with.sort();
    with.dedup();
    report.logged.push(Logged {
        client_id: client.id.clone(),
        client: client.name.clone(),
        kind: activity.kind,
        date: activity.date,
        summary: activity.summary.clone(),
        with: with
            .iter()
            .filter_map(|id| client.contact(id).map(|c| c.name.clone()))
            .collect(),
    });
    crate::edit::record_interaction(
        client,
        Interaction {
            id: String::new(),
            date: Some(activity.date),
            kind: Some(kind),
            with,
            summary: activity.summary.clone(),
            source: Some(activity.source.clone()),
            direction: activity.direction,
            addresses,
        },
    );
}

/// A meeting ahead with a client, sooner than its check-in would be, becomes that
/// check-in (stored, so reminders and the agenda show it).
fn plan_meetings(
    book: &mut Book,
    found: &Found,
    directory: &Directory,
    today: NaiveDate,
    report: &mut Report,
) {
    let mut soonest: BTreeMap<usize, (NaiveDate, &str)> = BTreeMap::new();
    for meeting in &found.upcoming {
        for who in &meeting.participants {
            let client = match directory.find(who) {
                Match::Contact(client, _) | Match::Domain(client) => client,
                Match::Nobody => continue,
            };
            let entry = soonest
                .entry(client)
                .or_insert((meeting.date, meeting.summary.as_str()));
            if meeting.date < entry.0 {
                *entry = (meeting.date, meeting.summary.as_str());
            }
        }
    }
    for (index, (date, summary)) in soonest {
        let current = checkins::next_checkin(book, &book.clients[index], today);
        if date >= current {
            continue;
        }
        let client = &mut book.clients[index];
        client.next_checkin = Some(date);
        client.next_checkin_set = Some(today);
        report.next_meetings.push(NextMeeting {
            client_id: client.id.clone(),
            client: client.name.clone(),
            date,
            summary: summary.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Activity, Upcoming};
    use crate::model::{Client, Contact};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn book() -> Book {
        let mut nordlys = Client::new("nordlys", "Nordlys Bank");
        nordlys.contacts.push(Contact {
            id: "soren".into(),
            name: "Søren".into(),
            email: Some("Soren@Nordlys.example".into()),
            ..Contact::default()
        });
        nordlys.cadence_days = Some(30);
        nordlys.last_contact = Some(day("2026-11-01"));
        let mut other = Client::new("other", "Other Bank");
        other.domains = vec!["shared.example".into()];
        nordlys.domains = vec!["nordlys.example".into(), "shared.example".into()];
        Book {
            clients: vec![nordlys, other].into(),
            ..Book::default()
        }
    }

    fn email(date: &str, who: &str, source: &str) -> Activity {
        Activity {
            kind: ActivityKind::Email,
            date: day(date),
            participants: vec![who.to_string()],
            summary: "Hello".into(),
            source: source.into(),
            direction: Some(crate::model::Direction::Received),
        }
    }

    fn apply_all(book: &mut Book, activities: Vec<Activity>, upcoming: Vec<Upcoming>) -> Report {
        let found = Found {
            activities,
            upcoming,
            ..Found::default()
        };
        apply(
            book,
            &found,
            &Me::new(["me@ourco.example"]),
            day("2026-11-27"),
        )
    }

    #[test]
    fn by_address_then_by_domain_never_by_a_shared_domain() {
        let mut book = book();
        let report = apply_all(
            &mut book,
            vec![
                email("2026-11-20", "soren@nordlys.example", "mail:<1>"),
                email("2026-11-21", "new.person@nordlys.example", "mail:<2>"),
                email("2026-11-22", "x@shared.example", "mail:<3>"),
                email("2026-11-23", "ida@ourco.example", "mail:<4>"),
            ],
            Vec::new(),
        );
        let nordlys = &book.clients[0];
        assert_eq!(nordlys.interactions.len(), 2);
        assert_eq!(nordlys.interactions[0].with, ["soren"]);
        assert!(
            nordlys.interactions[1].with.is_empty(),
            "by domain: no person"
        );
        assert_eq!(nordlys.last_contact, Some(day("2026-11-21")));
        assert!(book.clients[1].interactions.is_empty());
        let unknown: Vec<(&str, Option<&str>)> = report
            .unknown
            .iter()
            .map(|u| (u.address.as_str(), u.client_id.as_deref()))
            .collect();
        assert_eq!(
            unknown,
            [
                ("new.person@nordlys.example", Some("nordlys")),
                ("x@shared.example", None)
            ],
            "a colleague is not listed"
        );
        assert_eq!(report.unmatched, 2);
    }

    #[test]
    fn the_same_item_or_a_hand_logged_one_that_day_is_not_doubled() {
        let mut book = book();
        crate::edit::log_interaction(
            &mut book.clients[0],
            day("2026-11-20"),
            InteractionKind::Email,
            Vec::new(),
            "by hand",
        );
        let items = || {
            vec![
                email("2026-11-20", "soren@nordlys.example", "mail:<1>"),
                email("2026-11-21", "soren@nordlys.example", "mail:<2>"),
            ]
        };
        let first = apply_all(&mut book, items(), Vec::new());
        assert_eq!((first.logged.len(), first.already), (1, 1));
        let again = apply_all(&mut book, items(), Vec::new());
        assert_eq!((again.logged.len(), again.already), (0, 2));
        assert_eq!(book.clients[0].interactions.len(), 2);
    }

    #[test]
    fn a_meeting_ahead_sooner_than_the_cadence_is_the_next_checkin() {
        let mut book = book();
        let meeting = |date: &str| Upcoming {
            date: day(date),
            participants: vec!["soren@nordlys.example".into()],
            summary: "QBR".into(),
        };
        // Due 2026-12-01 by the cadence: a meeting on 12-04 changes nothing.
        let later = apply_all(&mut book, Vec::new(), vec![meeting("2026-12-04")]);
        assert!(later.next_meetings.is_empty());
        assert_eq!(book.clients[0].next_checkin, None);
        let sooner = apply_all(
            &mut book,
            Vec::new(),
            vec![meeting("2026-12-04"), meeting("2026-11-30")],
        );
        assert_eq!(sooner.next_meetings[0].date, day("2026-11-30"));
        assert_eq!(book.clients[0].next_checkin, Some(day("2026-11-30")));
        let again = apply_all(&mut book, Vec::new(), vec![meeting("2026-11-30")]);
        assert!(again.next_meetings.is_empty(), "stored once");
    }
}
