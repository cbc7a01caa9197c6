//! Capture: the client contact that the user's own calendar exports and mailboxes show,
//! logged so the check-in dates stay right without typing. Reading is pure (text or bytes
//! in, [`Found`] out; the command line opens the files), and so is logging it onto a book
//! ([`log::apply`]). Only dates, participants and subjects are read: never a body.

pub mod calendar;
pub mod log;
pub mod mail;
mod sources;
pub mod zones;

pub use sources::Sources;

use chrono::NaiveDate;

use crate::model::Direction;
pub use crate::model::email::{address, domain_of};

/// Whose calendar and mail it is: their addresses, lower-case.
#[derive(Debug, Clone, Default)]
pub struct Me {
    addresses: Vec<String>,
}

impl Me {
    pub fn new<S: AsRef<str>>(addresses: impl IntoIterator<Item = S>) -> Me {
        Me {
            addresses: addresses
                .into_iter()
                .map(|a| a.as_ref().trim().to_lowercase())
                .filter(|a| !a.is_empty())
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty()
    }

    pub fn is(&self, address: &str) -> bool {
        self.addresses.iter().any(|a| a == address)
    }

    /// Everyone in `addresses` but the user, each once, in order.
    pub fn others(&self, addresses: impl IntoIterator<Item = String>) -> Vec<String> {
        let mut others: Vec<String> = addresses.into_iter().filter(|a| !self.is(a)).collect();
        others.sort();
        others.dedup();
        others
    }

    /// The user's company's mail domains (not a free mail service's): colleagues there
    /// are neither clients nor unknown people.
    pub fn domains(&self) -> Vec<&str> {
        self.addresses
            .iter()
            .filter_map(|a| domain_of(a))
            .filter(|d| !log::is_public_domain(d))
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ActivityKind {
    Meeting,
    Email,
}

/// One meeting or message with other people, on a day in the past.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub kind: ActivityKind,
    pub date: NaiveDate,
    /// Everyone but the user, lower-case addresses.
    pub participants: Vec<String>,
    pub summary: String,
    /// `ics:UID/2026-11-20` or `mail:<id@host>`: the same item read twice is the same.
    pub source: String,
    pub direction: Option<Direction>,
}

/// A meeting still to come: a client's next check-in when it is sooner than the cadence.
#[derive(Debug, Clone, PartialEq)]
pub struct Upcoming {
    pub date: NaiveDate,
    pub participants: Vec<String>,
    pub summary: String,
}

/// Something read and left out, with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// `calendar.ics:120` (the line), `inbox.mbox:4410`, or a file's path.
    pub origin: String,
    pub what: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum SkipReason {
    Declined,
    Cancelled,
    MailingList,
    NoReply,
    /// Neither from nor to the user.
    NotYours,
    /// Dated after today (a message with a wrong clock).
    Future,
    Unparsable(String),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Declined => f.write_str("declined"),
            SkipReason::Cancelled => f.write_str("cancelled"),
            SkipReason::MailingList => f.write_str("a mailing list"),
            SkipReason::NoReply => f.write_str("a no-reply sender"),
            SkipReason::NotYours => f.write_str("neither from nor to you"),
            SkipReason::Future => f.write_str("dated in the future"),
            SkipReason::Unparsable(why) => write!(f, "unreadable: {why}"),
        }
    }
}

/// Everything read from the sources of one run.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub activities: Vec<Activity>,
    /// People's names as the sources give them (`CN=`, a mail's display name), by
    /// address: what the inbox proposes when one is added as a contact.
    pub names: std::collections::BTreeMap<String, String>,
    pub upcoming: Vec<Upcoming>,
    pub skipped: Vec<Skipped>,
    /// Events and messages read, and how many were before `--since` or had nobody else.
    pub events: usize,
    pub messages: usize,
    pub too_old: usize,
    pub alone: usize,
    /// Past meetings and messages not logged because the run had logged
    /// [`MAX_ACTIVITIES`] already.
    pub over_limit: usize,
}

/// At most this many past meetings and messages are logged in one run: a calendar or
/// mailbox larger than that (or a rule that repeats every second) is read in runs, each
/// bounded in time and memory, with `--since`.
pub const MAX_ACTIVITIES: usize = 50_000;

impl Found {
    /// Adds a past meeting or message, unless the run has logged its most already.
    fn add(&mut self, activity: Activity) {
        if self.activities.len() < MAX_ACTIVITIES {
            self.activities.push(activity);
        } else {
            self.over_limit += 1;
        }
    }
}

/// How far back a run reads when `--since` is not given: a year before today, or the
/// book's oldest interaction if that is older. What is older than every interaction of
/// the book and more than a year old is history the user never kept here, and a rule
/// repeating from year 0000 must not expand into hundreds of thousands of meetings.
pub fn default_since(book: &crate::model::Book, today: NaiveDate) -> NaiveDate {
    let year_ago = today
        .checked_sub_days(chrono::Days::new(366))
        .unwrap_or(today);
    let oldest = book
        .clients
        .iter()
        .flat_map(|c| c.interactions.iter().filter_map(|i| i.date))
        .min();
    oldest.map_or(year_ago, |oldest| oldest.min(year_ago))
}

/// What bounds a run: today (nothing after it is a contact) and `--since`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub today: NaiveDate,
    pub since: Option<NaiveDate>,
    /// Where "today" is: the user's time zone, for dates of timed events and messages.
    pub zone: chrono_tz::Tz,
}

impl Window {
    /// 27 November 2026 in Copenhagen, for unit tests.
    #[cfg(test)]
    pub(crate) fn test() -> Window {
        Window {
            today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default(),
            since: None,
            zone: chrono_tz::Europe::Copenhagen,
        }
    }

    fn too_old(&self, date: NaiveDate) -> bool {
        self.since.is_some_and(|since| date < since)
    }
}
