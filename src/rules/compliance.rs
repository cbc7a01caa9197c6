//! FINRA Rule 3220 (as amended by Regulatory Notice 26-05): gifts to each recipient
//! person, across all clients, per gift year, against a limit in US dollars: $100 for
//! gifts before 2026-03-30, $300 from then on. A firm's own `gift_limit` applies where it
//! is stricter: the limit on a day is the lower of the two.
//!
//! - Counted: gifts, and entertainment nobody from our side attended (tickets handed
//!   over), at the higher of cost and face value, split equally in a group gift.
//!   Entertainment we attended is business entertainment: recorded, not counted. Exempt
//!   gifts (personal, bereavement, …) are recorded, not counted.
//! - One person: the same contact of a client, the same email address across clients,
//!   or failing both the same name (ignoring case, spaces and accents).
//! - Each gift is judged against the limit in force on its date, with the recipient's
//!   running total of the gift year up to and including it, and against its client's
//!   `gift_policy`, whichever is stricter; the year's standing uses today's limit.
//! - A book not kept in dollars needs `usd_rate`; without it the limit cannot be judged.
//! - An undated gift is counted, first in the year, to be safe.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{
    Book, Client, Compliance, ExemptReason, Gift, GiftKind, GiftPolicy, GiftYear, Money,
};

use super::fiscal::FiscalYear;
pub use crate::text::fold_name;

/// Share of the limit from which a recipient is flagged as near it.
pub const NEAR_SHARE: f64 = 0.8;
/// The day Regulatory Notice 26-05 raised the limit.
pub const LIMIT_RAISED_ON: (i32, u32, u32) = (2026, 3, 30);
pub const LIMIT_BEFORE_USD: i64 = 100;
pub const LIMIT_USD: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    /// Over the limit: a breach.
    Over,
    /// At 80 % of the limit or more (exactly at the limit is allowed, and near).
    Near,
    Ok,
    /// No limit to judge against: the rule is off, or a non-dollar book has no `usd_rate`.
    Unjudged,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Over => "OVER",
            Standing::Near => "near",
            Standing::Ok => "ok",
            Standing::Unjudged => "unjudged",
        }
    }
}

/// The limit in force on a day: in dollars, and in the book's currency when it can be
/// converted; `firm` when it is the firm's own `gift_limit` (stricter than FINRA's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub usd: Money,
    pub book: Option<Money>,
    pub firm: bool,
}

impl Limit {
    /// `the FINRA Rule 3220 limit` or `the firm's limit`.
    pub fn whose(self) -> &'static str {
        if self.firm {
            "the firm's limit"
        } else {
            "the FINRA Rule 3220 limit"
        }
    }
}

/// Which limit a gift went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    /// The yearly limit in force (in the book's currency): FINRA's, or the firm's where
    /// stricter.
    Rule { limit: Money, firm: bool },
    /// The client's `gift_policy.per_year`, stricter than the rule.
    PolicyYear { limit: Money },
    /// The client's `gift_policy.per_occasion`.
    PolicyOccasion { limit: Money },
    /// The client's `gift_policy.none`.
    PolicyNone,
    /// The client's `gift_policy.entertainment_per_event`.
    PolicyEntertainmentEvent { limit: Money },
    /// The client's `gift_policy.entertainment_per_year`.
    PolicyEntertainmentYear { limit: Money },
    /// The client's `gift_policy.none`, with no entertainment limit: no entertainment.
    PolicyNoEntertainment,
}

impl Breach {
    /// `over the FINRA Rule 3220 limit of 300`, `over Nordlys Bank's policy of 50 a gift`.
    pub fn describe(self, client: &str) -> String {
        match self {
            Breach::Rule { limit, firm } => {
                let whose = if firm {
                    "the firm's limit"
                } else {
                    "the FINRA Rule 3220 limit"
                };
                format!("over {whose} of {} a year", limit.grouped())
            }
            Breach::PolicyYear { limit } => {
                format!("over {client}'s own policy of {} a year", limit.grouped())
            }
            Breach::PolicyOccasion { limit } => {
                format!("over {client}'s own policy of {} a gift", limit.grouped())
            }
            Breach::PolicyNone => format!("{client}'s own policy allows no gifts"),
            Breach::PolicyEntertainmentEvent { limit } => format!(
                "over {client}'s own policy of {} a person for one event",
                limit.grouped()
            ),
            Breach::PolicyEntertainmentYear { limit } => format!(
                "over {client}'s own policy of {} a year in entertainment",
                limit.grouped()
            ),
            Breach::PolicyNoEntertainment => {
                format!("{client}'s own policy allows no gifts or entertainment")
            }
        }
    }
}

/// Why a recorded gift is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCounted {
    /// Business entertainment we attended.
    Entertainment,
    Exempt(ExemptReason),
}

/// One gift's share for one recipient, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftLine {
    /// Whose gift it is (the client's place in the book judged), and the gift's id there
    /// (`None` for a gift being checked, not yet in the book).
    pub client: usize,
    pub gift: Option<String>,
    pub date: Option<NaiveDate>,
    pub kind: GiftKind,
    /// This recipient's share of the higher of cost and face value.
    pub counted_value: Money,
    /// `None` when counted.
    pub not_counted: Option<NotCounted>,
    /// The recipient's counted total of the gift year up to and including this gift.
    pub running_total: Money,
    /// The limit this gift went over when it was given.
    pub over_when_given: Option<Breach>,
}

impl GiftLine {
    /// The gift in `book`, the book judged (none for a gift being checked).
    pub fn gift_in<'a>(&self, book: &'a Book) -> Option<&'a Gift> {
        book.clients.get(self.client)?.gift(self.gift.as_deref()?)
    }

    pub fn counted(&self) -> bool {
        self.not_counted.is_none()
    }
}

/// One person's gifts in the gift year, across clients.
#[derive(Debug, Clone, PartialEq)]
pub struct RecipientTally {
    /// Their email, when a contact the gifts name has one (how other books know them).
    pub email: Option<String>,
    /// Their name: as their contact has it, else as the gift was written.
    pub recipient: String,
    /// The clients they were given something as part of, in book order.
    pub clients: Vec<usize>,
    pub counted: Money,
    pub entertainment: Money,
    pub exempt: Money,
    /// The yearly limit that applies today (the rule's or a stricter client policy's).
    pub limit: Option<Money>,
    /// The rule's limit today, in dollars and the book's currency.
    pub rule_limit: Option<Limit>,
    /// What may still be given this year (0 when over).
    pub headroom: Option<Money>,
    pub standing: Standing,
    /// Their gifts, oldest first.
    pub gifts: Vec<GiftLine>,
}

impl RecipientTally {
    pub fn over_by(&self) -> Money {
        match self.limit {
            Some(limit) if self.counted > limit => self.counted - limit,
            _ => Money::ZERO,
        }
    }

    pub fn over_when_given(&self) -> impl Iterator<Item = &GiftLine> {
        self.gifts.iter().filter(|g| g.over_when_given.is_some())
    }
}

/// The limit in force on `date`: FINRA's on that day, or the firm's `gift_limit` where it
/// is stricter (a firm limit never loosens the rule). `None` when the book keeps no rule.
pub fn limit_on(book: &Book, date: NaiveDate) -> Option<Limit> {
    if book.compliance == Some(Compliance::Off) {
        return None;
    }
    let raised = NaiveDate::from_ymd_opt(LIMIT_RAISED_ON.0, LIMIT_RAISED_ON.1, LIMIT_RAISED_ON.2)
        .unwrap_or(NaiveDate::MIN);
    let finra = Money::from_units(if date < raised {
        LIMIT_BEFORE_USD
    } else {
        LIMIT_USD
    });
    let firm = book.gift_limit.is_some_and(|firm| firm < finra);
    let usd = book.gift_limit.map_or(finra, |firm| firm.min(finra));
    let in_book = if book.currency().eq_ignore_ascii_case("USD") {
        Some(usd)
    } else {
        book.per_usd().map(|rate| usd.scale(rate).round_to_units())
    };
    Some(Limit {
        usd,
        book: in_book,
        firm,
    })
}

/// The limit in words: `USD 300`, `DKK 2,070 (USD 300)`, `USD 150 (the firm's limit)`,
/// `USD 300 (set usd_rate to judge it in DKK)`, or `no gift rule (compliance: Off)`.
pub fn describe_limit(book: &Book, day: NaiveDate) -> String {
    let currency = book.currency();
    let Some(limit) = limit_on(book, day) else {
        return "no gift rule (compliance: Off)".to_string();
    };
    let firm = if limit.firm {
        " (the firm's limit)"
    } else {
        ""
    };
    match limit.book {
        Some(own) if !currency.eq_ignore_ascii_case("USD") => format!(
            "{currency} {} (USD {}){firm}",
            own.grouped(),
            limit.usd.grouped()
        ),
        Some(_) => format!("USD {}{firm}", limit.usd.grouped()),
        None => format!(
            "USD {}{firm} (set usd_rate to judge it in {currency})",
            limit.usd.grouped()
        ),
    }
}

/// The first and last day of the gift year containing `day`.
pub fn gift_window(book: &Book, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    match book.gift_year.unwrap_or_default() {
        GiftYear::Calendar => (
            NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
            NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day),
        ),
        GiftYear::Rolling12 => (day.checked_sub_days(Days::new(364)).unwrap_or(day), day),
        GiftYear::Fiscal => {
            let start = book.quota.as_ref().and_then(|q| q.fiscal_start);
            let span = FiscalYear::containing(day, start).span;
            (span.start, span.last_day())
        }
    }
}

/// Who a gift's recipient text is: their contact at the client, if any.
struct Mention<'a> {
    client: usize,
    contact: Option<&'a str>,
    email: Option<String>,
    name: String,
    folded: String,
}

fn mention<'a>(client_index: usize, client: &'a Client, recipient: &str) -> Mention<'a> {
    let wanted = recipient.trim();
    let folded = fold_name(wanted);
    let contact = client
        .contacts
        .iter()
        .find(|c| !c.id.is_empty() && c.id == wanted)
        .or_else(|| {
            client
                .contacts
                .iter()
                .find(|c| fold_name(&c.name) == folded)
        });
    match contact {
        Some(c) => Mention {
            client: client_index,
            contact: Some(c.id.as_str()),
            email: c
                .email
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_lowercase),
            folded: fold_name(&c.name),
            name: c.name.trim().to_string(),
        },
        None => Mention {
            client: client_index,
            contact: None,
            email: None,
            folded,
            name: wanted.to_string(),
        },
    }
}

/// The people gifts went to: each mention joined to the person it is.
#[derive(Default)]
struct People {
    names: Vec<String>,
    emails: Vec<Option<String>>,
    by_contact: HashMap<(usize, String), usize>,
    by_email: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl People {
    /// The person `m` is: the same contact, else the same email, else the same name
    /// (unless both have emails and they differ); a new person otherwise.
    fn person(&mut self, m: &Mention) -> usize {
        let found = m
            .contact
            .and_then(|id| self.by_contact.get(&(m.client, id.to_string())).copied())
            .or_else(|| m.email.as_ref().and_then(|e| self.by_email.get(e).copied()))
            .or_else(|| {
                self.by_name.get(&m.folded).copied().filter(
                    |&p| !matches!((&self.emails[p], &m.email), (Some(a), Some(b)) if a != b),
                )
            });
        let person = found.unwrap_or_else(|| {
            self.names.push(m.name.clone());
            self.emails.push(None);
            self.names.len() - 1
        });
        if let Some(id) = m.contact {
            self.by_contact.insert((m.client, id.to_string()), person);
        }
        if let Some(email) = &m.email {
            self.emails[person].get_or_insert_with(|| email.clone());
            self.by_email.entry(email.clone()).or_insert(person);
        }
        self.by_name.entry(m.folded.clone()).or_insert(person);
        person
    }
}

/// A gift in the year with where it is (`place`: its place in the client's gifts, which
/// orders gifts of one day; the gift being checked comes last).
struct Given<'a> {
    client: usize,
    place: usize,
    item: &'a Gift,
    checked: bool,
}

/// Gifts in the window, undated first (counted, to be safe), then by date.
fn gifts_in<'a>(
    book: &'a Book,
    extra: Option<(usize, &'a Gift)>,
    window: (NaiveDate, NaiveDate),
) -> Vec<Given<'a>> {
    let mut given: Vec<Given> = book
        .clients
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.gifts.iter().enumerate().map(move |(place, g)| Given {
                client: ci,
                place,
                item: g,
                checked: false,
            })
        })
        .chain(extra.map(|(client, item)| Given {
            client,
            place: usize::MAX,
            item,
            checked: true,
        }))
        .filter(|g| g.item.date.is_none_or(|d| d >= window.0 && d <= window.1))
        .collect();
    given.sort_by_key(|g| (g.item.date, g.client, g.place));
    given
}

/// A recipient's totals of the gift year before a gift: counted gifts, entertainment.
#[derive(Debug, Clone, Copy, Default)]
struct Before {
    counted: Money,
    entertainment: Money,
}

/// How a gift's share is judged against the limit in force on its date and its client's
/// policy, given the recipient's totals of the year `before` it: the first limit it goes
/// over, if any. Entertainment is held to the client's entertainment policy, and, when
/// nobody of ours attended (tickets handed over), counted as a gift too.
fn judge(
    book: &Book,
    client: &Client,
    line: &GiftLine,
    before: Before,
    today: NaiveDate,
) -> Option<Breach> {
    let policy = client.gift_policy.clone().unwrap_or_default();
    if line.kind == GiftKind::Entertainment
        && let Some(breach) = judge_entertainment(&policy, line, before)
    {
        return Some(breach);
    }
    if !line.counted() {
        return None;
    }
    if policy.none && line.kind != GiftKind::Entertainment {
        return Some(Breach::PolicyNone);
    }
    if let Some(limit) = policy.per_occasion.filter(|l| line.counted_value > *l) {
        return Some(Breach::PolicyOccasion { limit });
    }
    let rule = limit_on(book, line.date.unwrap_or(today));
    let total = before.counted + line.counted_value;
    match (rule.and_then(|r| r.book), policy.per_year) {
        (Some(limit), Some(own)) if own <= limit => {
            (total > own).then_some(Breach::PolicyYear { limit: own })
        }
        (Some(limit), _) => (total > limit).then_some(Breach::Rule {
            limit,
            firm: rule.is_some_and(|r| r.firm),
        }),
        (None, Some(own)) => (total > own).then_some(Breach::PolicyYear { limit: own }),
        (None, None) => None,
    }
}

/// Entertainment against the client's policy: none at all (unless an entertainment
/// limit is set), at most so much a person an event, at most so much a person a year.
fn judge_entertainment(policy: &GiftPolicy, line: &GiftLine, before: Before) -> Option<Breach> {
    let limited =
        policy.entertainment_per_event.is_some() || policy.entertainment_per_year.is_some();
    if policy.none && !limited {
        return Some(Breach::PolicyNoEntertainment);
    }
    if let Some(limit) = policy
        .entertainment_per_event
        .filter(|l| line.counted_value > *l)
    {
        return Some(Breach::PolicyEntertainmentEvent { limit });
    }
    policy
        .entertainment_per_year
        .filter(|l| before.entertainment + line.counted_value > *l)
        .map(|limit| Breach::PolicyEntertainmentYear { limit })
}

/// Where `counted` stands against `limit` (none: cannot be judged).
pub fn standing(counted: Money, limit: Option<Money>) -> Standing {
    match limit {
        None => Standing::Unjudged,
        Some(limit) if counted > limit => Standing::Over,
        Some(limit) if counted.as_f64() >= limit.as_f64() * NEAR_SHARE && counted > Money::ZERO => {
            Standing::Near
        }
        Some(_) => Standing::Ok,
    }
}

/// Counted shares of one gift: the higher of cost and face value, split equally.
fn share_of(gift: &Gift, recipients: usize) -> Money {
    let count = i64::try_from(recipients.max(1)).unwrap_or(1);
    Money::from_cents(gift.counted_value().cents() / count)
}

/// Every person given something in the gift year containing `day`, with `extra` (a gift
/// being considered for a client) among them.
pub(super) fn tally_year(
    book: &Book,
    day: NaiveDate,
    today: NaiveDate,
    extra: Option<(usize, &Gift)>,
) -> Vec<RecipientTally> {
    let window = gift_window(book, day);
    let mut people = People::default();
    let mut tallies: Vec<RecipientTally> = Vec::new();
    // Each person's entertainment of the year so far, attended or not (a client's
    // entertainment policy counts both).
    let mut entertained: Vec<Money> = Vec::new();
    for given in gifts_in(book, extra, window) {
        let client = &book.clients[given.client];
        let names = given.item.recipient_names();
        let share = share_of(given.item, names.len());
        for name in names {
            let person = people.person(&mention(given.client, client, name));
            if person == tallies.len() {
                tallies.push(blank_tally(people.names[person].clone()));
                entertained.push(Money::ZERO);
            }
            let tally = &mut tallies[person];
            if !tally.clients.contains(&given.client) {
                tally.clients.push(given.client);
            }
            let not_counted = if given.item.is_attended_entertainment() {
                Some(NotCounted::Entertainment)
            } else {
                given.item.exempt.map(NotCounted::Exempt)
            };
            let mut line = GiftLine {
                client: given.client,
                gift: (!given.checked).then(|| given.item.id.clone()),
                date: given.item.date,
                kind: given.item.kind(),
                counted_value: share,
                not_counted,
                running_total: tally.counted,
                over_when_given: None,
            };
            let before = Before {
                counted: tally.counted,
                entertainment: entertained[person],
            };
            line.over_when_given = judge(book, client, &line, before, today);
            if line.kind == GiftKind::Entertainment {
                entertained[person] += share;
            }
            match not_counted {
                Some(NotCounted::Entertainment) => tally.entertainment += share,
                Some(NotCounted::Exempt(_)) => tally.exempt += share,
                None => {
                    tally.counted += share;
                    line.running_total = tally.counted;
                }
            }
            tally.gifts.push(line);
        }
    }
    for (person, tally) in tallies.iter_mut().enumerate() {
        tally.email.clone_from(&people.emails[person]);
        finish(book, tally, today);
    }
    tallies
}

fn blank_tally(recipient: String) -> RecipientTally {
    RecipientTally {
        email: None,
        recipient,
        clients: Vec::new(),
        counted: Money::ZERO,
        entertainment: Money::ZERO,
        exempt: Money::ZERO,
        limit: None,
        rule_limit: None,
        headroom: None,
        standing: Standing::Unjudged,
        gifts: Vec::new(),
    }
}

/// Today's limit for the person (the rule's, or the strictest yearly policy of their
/// clients), their headroom and standing.
fn finish(book: &Book, tally: &mut RecipientTally, today: NaiveDate) {
    tally.rule_limit = limit_on(book, today);
    let policies = tally
        .clients
        .iter()
        .filter_map(|&c| book.clients[c].gift_policy.as_ref())
        .filter_map(|p| {
            if p.none {
                Some(Money::ZERO)
            } else {
                p.per_year
            }
        });
    tally.limit = tally
        .rule_limit
        .and_then(|l| l.book)
        .into_iter()
        .chain(policies)
        .min();
    tally.headroom = tally.limit.map(|l| (l - tally.counted).max(Money::ZERO));
    tally.standing = standing(tally.counted, tally.limit);
}

/// Over first, then near, then the largest totals; ties by name.
fn sorted(mut tallies: Vec<RecipientTally>) -> Vec<RecipientTally> {
    tallies.sort_by(|a, b| {
        a.standing
            .cmp(&b.standing)
            .then(b.counted.cmp(&a.counted))
            .then_with(|| fold_name(&a.recipient).cmp(&fold_name(&b.recipient)))
    });
    tallies
}

/// Every recipient given anything this gift year, across clients.
pub fn gift_tally(book: &Book, today: NaiveDate) -> Vec<RecipientTally> {
    sorted(tally_year(book, today, today, None))
}

/// The recipients a client gave to this gift year (tallied across the whole book).
pub fn client_tally(book: &Book, client: &Client, today: NaiveDate) -> Vec<RecipientTally> {
    let Some(index) = book.clients.iter().position(|c| c.id == client.id) else {
        return Vec::new();
    };
    gift_tally(book, today)
        .into_iter()
        .filter(|t| t.clients.contains(&index))
        .collect()
}

/// Gift recipients that are no contact of their client: (client id, recipient).
pub fn unknown_recipients(book: &Book) -> Vec<(String, String)> {
    let mut unknown = Vec::new();
    for (index, client) in book.clients.iter().enumerate() {
        for gift in &client.gifts {
            for name in gift.recipient_names() {
                if mention(index, client, name).contact.is_none() {
                    unknown.push((client.id.clone(), name.trim().to_string()));
                }
            }
        }
    }
    unknown.dedup();
    unknown
}

#[cfg(test)]
#[path = "compliance_tests.rs"]
mod tests;
