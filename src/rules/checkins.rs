//! When each client is next due for contact, and who is overdue.

use chrono::{Days, NaiveDate};

use crate::model::{Book, Client, Contact, Deal, Interaction, Project};

use super::{cmp_names, days_between};

/// Where a client's next check-in stands relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Overdue { days: i64 },
    Today,
    Upcoming { days: i64 },
}

impl Due {
    pub fn from_dates(due: NaiveDate, today: NaiveDate) -> Due {
        match days_between(today, due) {
            d if d < 0 => Due::Overdue { days: -d },
            0 => Due::Today,
            d => Due::Upcoming { days: d },
        }
    }

    /// `9 days overdue`, `today`, `in 3 days`.
    pub fn describe(self) -> String {
        match self {
            Due::Overdue { days: 1 } => "1 day overdue".to_string(),
            Due::Overdue { days } => format!("{days} days overdue"),
            Due::Today => "today".to_string(),
            Due::Upcoming { days: 1 } => "tomorrow".to_string(),
            Due::Upcoming { days } => format!("in {days} days"),
        }
    }

    pub fn is_actionable(self) -> bool {
        matches!(self, Due::Overdue { .. } | Due::Today)
    }
}

/// A client's check-in, computed.
#[derive(Debug, Clone, Copy)]
pub struct Checkin<'a> {
    pub client: &'a Client,
    /// When the client appears in the reminders: a planned `next_checkin`, else the
    /// cadence date.
    pub date: NaiveDate,
    pub due: Due,
    pub cadence_days: u32,
    pub last_contact: Option<NaiveDate>,
    /// Last contact plus the cadence, whatever was planned: rescheduling a check-in does
    /// not hide how long the client has gone without contact.
    pub cadence_date: NaiveDate,
}

impl Checkin<'_> {
    /// How the client stands against its cadence alone (see [`Checkin::cadence_date`]).
    pub fn neglect(&self, today: NaiveDate) -> Due {
        Due::from_dates(self.cadence_date, today)
    }

    /// The planned check-in, when one pushes the reminder past the cadence date.
    pub fn snoozed_to(&self) -> Option<NaiveDate> {
        (self.date > self.cadence_date).then_some(self.date)
    }
}

/// The most recent day the client was actually in touch, up to today: the later of
/// `last_contact` and the newest non-note interaction. A logged call always counts,
/// even if whoever logged it forgot to move `last_contact`.
pub fn last_contact(client: &Client, today: NaiveDate) -> Option<NaiveDate> {
    let logged = client
        .interactions
        .iter()
        .filter(|i| i.kind().is_contact())
        .filter_map(|i| i.date)
        .filter(|d| *d <= today)
        .max();
    client.last_contact.max(logged)
}

/// `next_checkin` if it is set and still ahead of the last contact; otherwise last contact
/// plus the cadence; a client never contacted is due today.
pub fn next_checkin(book: &Book, client: &Client, today: NaiveDate) -> NaiveDate {
    next_after(book, client, last_contact(client, today), today)
}

fn next_after(
    book: &Book,
    client: &Client,
    last: Option<NaiveDate>,
    today: NaiveDate,
) -> NaiveDate {
    if let Some(next) = client.next_checkin {
        // A contact made on or after the planned day has done that check-in, and one made
        // after the day it was planned supersedes the plan (met on Tuesday, the
        // Wednesday it was moved to on Monday is no longer due).
        let done = last.is_some_and(|last| last >= next);
        let superseded = matches!(
            (last, client.next_checkin_set),
            (Some(last), Some(set)) if last > set
        );
        if !done && !superseded {
            return next;
        }
    }
    cadence_after(book, client, last, today)
}

/// Last contact plus the cadence; a client never contacted is due today.
fn cadence_after(
    book: &Book,
    client: &Client,
    last: Option<NaiveDate>,
    today: NaiveDate,
) -> NaiveDate {
    match last {
        Some(last) => last
            .checked_add_days(Days::new(u64::from(book.cadence_days(client))))
            .unwrap_or(NaiveDate::MAX),
        None => today,
    }
}

pub fn checkin<'a>(book: &Book, client: &'a Client, today: NaiveDate) -> Checkin<'a> {
    let last = last_contact(client, today);
    let date = next_after(book, client, last, today);
    Checkin {
        client,
        date,
        due: Due::from_dates(date, today),
        cadence_days: book.cadence_days(client),
        last_contact: last,
        cadence_date: cadence_after(book, client, last, today),
    }
}

/// A person whose own cadence (`cadence_days` on the contact) has come due.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonDue<'a> {
    pub client: &'a Client,
    /// The client's place in the book.
    pub client_index: usize,
    pub contact_id: &'a str,
    pub name: &'a str,
    /// The last real contact with this person; `None`: never.
    pub last: Option<NaiveDate>,
    pub due: Due,
}

/// Where a person with a cadence of their own stands, counted from the last interaction
/// with them (never contacted: due today); `None` without a cadence of their own.
pub fn person_due(
    client: &Client,
    contact: &crate::model::Contact,
    today: NaiveDate,
) -> Option<Due> {
    // Someone who has left is in the history, not in the reminders.
    if !contact.is_current() {
        return None;
    }
    let cadence = contact.cadence_days?;
    let last = client.last_contact_with(&contact.id, today);
    let date = last.map_or(today, |last| {
        last.checked_add_days(Days::new(u64::from(cadence)))
            .unwrap_or(NaiveDate::MAX)
    });
    Some(Due::from_dates(date, today))
}

/// The people with a cadence of their own who are due today or overdue, counted from the
/// last interaction with them (never contacted: due today); most overdue first.
pub fn people_due(book: &Book, today: NaiveDate) -> Vec<PersonDue<'_>> {
    let mut due: Vec<PersonDue> = book
        .clients
        .iter()
        .enumerate()
        .flat_map(|(client_index, client)| {
            client.contacts.iter().filter_map(move |contact| {
                let due = person_due(client, contact, today)?;
                due.is_actionable().then(|| PersonDue {
                    client,
                    client_index,
                    contact_id: &contact.id,
                    name: &contact.name,
                    last: client.last_contact_with(&contact.id, today),
                    due,
                })
            })
        })
        .collect();
    due.sort_by_key(|p| std::cmp::Reverse(overdue_days(p.due)));
    due
}

fn overdue_days(due: Due) -> i64 {
    match due {
        Due::Overdue { days } => days,
        _ => 0,
    }
}

/// Check-ins sorted into what needs doing now and what is coming.
#[derive(Debug, Default)]
pub struct Buckets<'a> {
    /// Most days overdue first.
    pub overdue: Vec<Checkin<'a>>,
    pub today: Vec<Checkin<'a>>,
    /// Within the horizon, soonest first.
    pub upcoming: Vec<Checkin<'a>>,
}

impl Buckets<'_> {
    pub fn actionable_count(&self) -> usize {
        self.overdue.len() + self.today.len()
    }
}

/// Every client's check-in, bucketed; `horizon_days` bounds the upcoming list.
pub fn buckets(book: &Book, today: NaiveDate, horizon_days: u32) -> Buckets<'_> {
    let mut buckets = Buckets::default();
    for client in &book.clients {
        let checkin = checkin(book, client, today);
        match checkin.due {
            Due::Overdue { .. } => buckets.overdue.push(checkin),
            Due::Today => buckets.today.push(checkin),
            Due::Upcoming { days } if days <= i64::from(horizon_days) => {
                buckets.upcoming.push(checkin);
            }
            Due::Upcoming { .. } => {}
        }
    }
    let by_date_then_name = |a: &Checkin, b: &Checkin| {
        a.date
            .cmp(&b.date)
            .then_with(|| cmp_names(&a.client.name, &b.client.name))
            .then_with(|| a.client.id.cmp(&b.client.id))
    };
    buckets.overdue.sort_by(by_date_then_name);
    buckets.today.sort_by(by_date_then_name);
    buckets.upcoming.sort_by(by_date_then_name);
    buckets
}

/// The client as `konto remind` and `rank` read it, and nothing more: its
/// people, deals, projects and open tasks (without what those two never read), and of
/// its interactions only those that can be
/// the latest of their kind (the latest of any kind, the latest contact, the latest
/// contact with each person). Exact for any day on or after [`latest_interaction`]: on
/// those days no interaction is in the future, so the latest of each kind is the one kept.
/// Kept beside the cache so that they decode a fraction of a large book.
pub fn as_read_daily(client: &Client) -> Client {
    // Every field named, so that a new one is a decision here, not copied unread: what
    // `remind` and `rank` never read (people's roles and notes, a deal's history and
    // qualification, CRM ids, gifts, notes, a project's staff) is left out. The industry
    // is kept for the dashboard's first frame, drawn from this part on a large book
    // (`storage::load_preview`): its portfolio shows it.
    Client {
        id: client.id.clone(),
        name: client.name.clone(),
        crm_id: None,
        industry: client.industry.clone(),
        tier: client.tier,
        annual_value: client.annual_value,
        cadence_days: client.cadence_days,
        last_contact: client.last_contact,
        next_checkin: client.next_checkin,
        next_checkin_set: client.next_checkin_set,
        contacts: people_read_daily(&client.contacts),
        notes: None,
        interactions: interactions_read_daily(&client.interactions),
        deals: client
            .deals
            .iter()
            .map(|d| Deal {
                crm_id: None,
                stage_changed: None,
                history: Vec::new(),
                qualification: None,
                ..d.clone()
            })
            .collect(),
        projects: client
            .projects
            .iter()
            .map(|p| Project {
                staff: Vec::new(),
                ..p.clone()
            })
            .collect(),
        gifts: Vec::new(),
        tasks: client.open_tasks().cloned().collect(),
        gift_policy: None,
        domains: Vec::new(),
    }
}

/// The main contact (the first: whom the reminder says to call) and the people with a
/// cadence of their own (who can come due), as [`as_read_daily`] keeps them; of the
/// others, nothing is read.
fn people_read_daily(contacts: &[Contact]) -> Vec<Contact> {
    contacts
        .iter()
        .enumerate()
        .filter(|(at, c)| *at == 0 || c.cadence_days.is_some())
        .map(|(at, c)| {
            let main = at == 0;
            Contact {
                crm_id: None,
                role: None,
                buying_role: None,
                notes: None,
                email: c.email.clone().filter(|_| main),
                phone: c.phone.clone().filter(|_| main),
                timezone: c.timezone.clone().filter(|_| main),
                ..c.clone()
            }
        })
        .collect()
}

/// The interactions that can be the latest of their kind (of any kind, the latest
/// contact, the latest contact with each person), as [`as_read_daily`] keeps them.
fn interactions_read_daily(interactions: &[Interaction]) -> Vec<Interaction> {
    let dated = || interactions.iter().filter(|i| i.date.is_some());
    let contacts = || dated().filter(|i| i.kind().is_contact());
    let latest = dated().filter_map(|i| i.date).max();
    let latest_contact = contacts().filter_map(|i| i.date).max();
    // Each person's latest contact, in one pass (a client may have thousands logged).
    let mut with: std::collections::HashMap<&str, NaiveDate> = std::collections::HashMap::new();
    for (person, date) in contacts().flat_map(|i| i.with.iter().map(move |w| (w.as_str(), i.date)))
    {
        if let Some(date) = date {
            let at = with.entry(person).or_insert(date);
            *at = (*at).max(date);
        }
    }
    let latest_with = |person: &str| with.get(person).copied();
    interactions
        .iter()
        .filter(|i| {
            let Some(date) = i.date else {
                return false;
            };
            Some(date) == latest
                || (i.kind().is_contact()
                    && (Some(date) == latest_contact
                        || i.with.iter().any(|w| Some(date) == latest_with(w))))
        })
        // Only the latest one's words are shown ("last: Call 3d ago: …"); the others are
        // kept for their dates and whom they were with. Ids and where a captured message
        // came from are not read.
        .map(|i| Interaction {
            id: String::new(),
            summary: if i.date == latest {
                i.summary.clone()
            } else {
                String::new()
            },
            source: None,
            direction: None,
            addresses: Vec::new(),
            ..i.clone()
        })
        .collect()
}

/// The latest date of any interaction of the book: [`as_read_daily`] is exact from
/// that day on.
pub fn latest_interaction(book: &Book) -> Option<NaiveDate> {
    book.clients
        .iter()
        .flat_map(|c| &c.interactions)
        .filter_map(|i| i.date)
        .max()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_contact_after_a_reschedule_supersedes_it() {
        // Rescheduled on Monday 7 Dec to Wednesday 9 Dec, met on Tuesday 8 Dec.
        let book = |logged: bool| {
            let mut client = Client::new("fjord", "Fjord");
            client.cadence_days = Some(14);
            client.last_contact = Some(day("2026-11-20"));
            client.next_checkin = Some(day("2026-12-09"));
            client.next_checkin_set = Some(day("2026-12-07"));
            if logged {
                crate::edit::log_interaction(
                    &mut client,
                    day("2026-12-08"),
                    crate::model::InteractionKind::Meeting,
                    Vec::new(),
                    "Met in Oslo",
                );
            }
            Book {
                clients: vec![client].into(),
                ..Book::default()
            }
        };
        let wednesday = day("2026-12-09");
        let before = book(false);
        assert_eq!(
            next_checkin(&before, &before.clients[0], wednesday),
            wednesday,
            "the reschedule stands until a contact"
        );
        let after = book(true);
        assert_eq!(
            next_checkin(&after, &after.clients[0], wednesday),
            day("2026-12-22"),
            "Tuesday's meeting plus the cadence, not Wednesday"
        );
        assert_eq!(
            after.clients[0].next_checkin, None,
            "the plan is gone from the book"
        );
        // A book written before the reschedule kept its day: a hand-set check-in stays
        // until its day comes, whatever is logged before.
        let mut old = book(false);
        old.clients[0].next_checkin_set = None;
        old.clients[0].last_contact = Some(day("2026-12-08"));
        assert_eq!(next_checkin(&old, &old.clients[0], wednesday), wednesday);
    }

    use super::*;
    use crate::model::{Interaction, InteractionKind, Tier};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn client(id: &str) -> Client {
        Client::new(id, id.to_uppercase())
    }

    fn book_of(clients: Vec<Client>) -> Book {
        Book {
            clients: clients.into(),
            ..Book::default()
        }
    }

    #[test]
    fn never_contacted_is_due_today() {
        let book = book_of(vec![client("a")]);
        let today = day("2026-11-27");
        assert_eq!(next_checkin(&book, &book.clients[0], today), today);
        assert_eq!(checkin(&book, &book.clients[0], today).due, Due::Today);
    }

    #[test]
    fn cadence_counts_from_last_contact_and_defaults_by_tier() {
        let mut key = client("k");
        key.tier = Some(Tier::Key);
        key.last_contact = Some(day("2026-11-01"));
        let mut standard = client("s");
        standard.last_contact = Some(day("2026-11-01"));
        let mut own = client("o");
        own.cadence_days = Some(7);
        own.last_contact = Some(day("2026-11-01"));
        let book = book_of(vec![key, standard, own]);
        let today = day("2026-11-27");
        assert_eq!(
            next_checkin(&book, &book.clients[0], today),
            day("2026-11-15")
        );
        assert_eq!(
            next_checkin(&book, &book.clients[1], today),
            day("2026-12-31")
        );
        assert_eq!(
            next_checkin(&book, &book.clients[2], today),
            day("2026-11-08")
        );
    }

    #[test]
    fn explicit_next_checkin_wins_until_a_contact_passes_it() {
        let mut c = client("a");
        c.cadence_days = Some(30);
        c.last_contact = Some(day("2026-11-01"));
        c.next_checkin = Some(day("2026-11-10"));
        let book = book_of(vec![c.clone()]);
        assert_eq!(
            next_checkin(&book, &book.clients[0], day("2026-11-27")),
            day("2026-11-10")
        );

        // A call logged yesterday must not leave the client overdue.
        c.interactions.push(Interaction {
            date: Some(day("2026-11-26")),
            kind: Some(InteractionKind::Call),
            with: Vec::new(),
            summary: "Caught up".into(),
            ..Interaction::default()
        });
        let book = book_of(vec![c]);
        let today = day("2026-11-27");
        assert_eq!(
            next_checkin(&book, &book.clients[0], today),
            day("2026-12-26")
        );
        assert!(!checkin(&book, &book.clients[0], today).due.is_actionable());
    }

    #[test]
    fn an_unanswered_attempt_does_not_reset_the_clock() {
        let today = day("2026-11-27");
        let mut c = client("a");
        c.cadence_days = Some(7);
        c.last_contact = Some(day("2026-11-10"));
        crate::edit::log_interaction(
            &mut c,
            today,
            InteractionKind::Attempt,
            Vec::new(),
            "voicemail",
        );
        assert_eq!(c.last_contact, Some(day("2026-11-10")));
        let book = book_of(vec![c]);
        assert_eq!(
            checkin(&book, &book.clients[0], today).due,
            Due::Overdue { days: 10 }
        );
    }

    #[test]
    fn a_snooze_moves_the_reminder_but_not_the_neglect() {
        let today = day("2026-11-27");
        let mut c = client("a");
        c.cadence_days = Some(30);
        c.last_contact = Some(day("2026-10-01"));
        c.next_checkin = Some(day("2026-12-04"));
        let book = book_of(vec![c]);
        let checkin = checkin(&book, &book.clients[0], today);
        assert_eq!(checkin.due, Due::Upcoming { days: 7 });
        // 57 days after the last contact on a 30-day cadence: 27 days late all the same.
        assert_eq!(checkin.neglect(today), Due::Overdue { days: 27 });
        assert_eq!(checkin.snoozed_to(), Some(day("2026-12-04")));
    }

    #[test]
    fn a_person_with_a_cadence_of_their_own_is_due_from_the_last_contact_with_them() {
        let today = day("2026-11-27");
        let mut c = client("a");
        c.contacts = vec![
            crate::model::Contact {
                id: "soren".into(),
                name: "Søren".into(),
                cadence_days: Some(14),
                ..Default::default()
            },
            crate::model::Contact {
                id: "karen".into(),
                name: "Karen".into(),
                cadence_days: Some(30),
                ..Default::default()
            },
            crate::model::Contact {
                id: "never".into(),
                name: "Never".into(),
                cadence_days: Some(30),
                ..Default::default()
            },
        ];
        let call = |date: &str, with: &str, kind| Interaction {
            date: Some(day(date)),
            kind: Some(kind),
            with: vec![with.into()],
            summary: String::new(),
            ..Interaction::default()
        };
        c.interactions = vec![
            call("2026-11-03", "soren", InteractionKind::Call),
            call("2026-11-20", "soren", InteractionKind::Attempt),
            call("2026-11-20", "karen", InteractionKind::Meeting),
        ];
        // The client was in touch on the 20th: the client's own check-in is not due.
        c.last_contact = Some(day("2026-11-20"));
        let book = book_of(vec![c]);
        let due = people_due(&book, today);
        let names: Vec<(&str, Due)> = due.iter().map(|p| (p.contact_id, p.due)).collect();
        assert_eq!(
            names,
            [("soren", Due::Overdue { days: 10 }), ("never", Due::Today)]
        );
    }

    #[test]
    fn notes_to_self_and_future_interactions_are_not_contact() {
        let mut c = client("a");
        c.last_contact = Some(day("2026-10-01"));
        c.interactions = vec![
            Interaction {
                date: Some(day("2026-11-20")),
                kind: Some(InteractionKind::Note),
                with: Vec::new(),
                summary: "thought".into(),
                ..Interaction::default()
            },
            Interaction {
                date: Some(day("2026-12-05")),
                kind: Some(InteractionKind::Meeting),
                with: Vec::new(),
                summary: "planned".into(),
                ..Interaction::default()
            },
        ];
        assert_eq!(last_contact(&c, day("2026-11-27")), Some(day("2026-10-01")));
    }

    #[test]
    fn cadence_crosses_leap_day_and_year_end() {
        let mut c = client("a");
        c.cadence_days = Some(2);
        c.last_contact = Some(day("2028-02-28"));
        let book = book_of(vec![c.clone()]);
        assert_eq!(
            next_checkin(&book, &book.clients[0], day("2028-02-28")),
            day("2028-03-01")
        );
        c.last_contact = Some(day("2026-12-30"));
        let book = book_of(vec![c]);
        let today = day("2027-01-05");
        let checkin = checkin(&book, &book.clients[0], today);
        assert_eq!(checkin.date, day("2027-01-01"));
        assert_eq!(checkin.due, Due::Overdue { days: 4 });
    }

    #[test]
    fn buckets_split_and_sort() {
        let today = day("2026-11-27");
        let mut late = client("late");
        late.cadence_days = Some(7);
        late.last_contact = Some(day("2026-11-01"));
        let mut later = client("later");
        later.cadence_days = Some(7);
        later.last_contact = Some(day("2026-11-10"));
        let never = client("never");
        let mut soon = client("soon");
        soon.next_checkin = Some(day("2026-11-30"));
        let mut far = client("far");
        far.next_checkin = Some(day("2027-02-01"));
        let book = book_of(vec![later, far, soon, never, late]);
        let buckets = buckets(&book, today, 7);
        let ids = |list: &[Checkin]| list.iter().map(|c| c.client.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&buckets.overdue), ["late", "later"]);
        assert_eq!(buckets.overdue[0].due, Due::Overdue { days: 19 });
        assert_eq!(ids(&buckets.today), ["never"]);
        assert_eq!(ids(&buckets.upcoming), ["soon"]);
        assert_eq!(buckets.actionable_count(), 3);
    }

    #[test]
    fn empty_book_has_nothing_due() {
        let book = Book::default();
        let buckets = buckets(&book, day("2026-11-27"), 7);
        assert_eq!(buckets.actionable_count(), 0);
        assert!(buckets.upcoming.is_empty());
    }

    #[test]
    fn describes_due_in_words() {
        assert_eq!(Due::Overdue { days: 1 }.describe(), "1 day overdue");
        assert_eq!(Due::Overdue { days: 9 }.describe(), "9 days overdue");
        assert_eq!(Due::Today.describe(), "today");
        assert_eq!(Due::Upcoming { days: 1 }.describe(), "tomorrow");
        assert_eq!(Due::Upcoming { days: 4 }.describe(), "in 4 days");
    }
}
