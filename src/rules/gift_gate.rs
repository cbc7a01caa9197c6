//! "May I give this?": the one decision behind `konto gifts check` and the dashboard's
//! gift form, so the two can never disagree.
//!
//! - A recipient is found as `log --with` finds people: a contact id, an email address,
//!   or the start of a name (case and accents aside). A name that is no contact is counted
//!   apart, with the closest contacts and their standing named.
//! - The limit is the one in force on the gift's date (FINRA's, the firm's where stricter,
//!   the client's own where stricter still), against the recipient's whole gift year: a
//!   back-dated gift counts with the gifts after it too, and the later gift it pushes over
//!   is named.
//! - What cannot be judged (a book not kept in dollars without `usd_rate`) is never a yes.

use chrono::NaiveDate;

use super::compliance::{self, Breach, GiftLine, RecipientTally, Standing};
use crate::edit::closest;
use crate::model::{Book, Client, Gift, Money};
use crate::text::{fold_name, one_line};

/// The gate's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    NotAllowed,
    /// Something the rule needs is missing: never taken for a yes.
    CannotJudge,
}

impl Verdict {
    /// `konto gifts check`'s exit code: 0 allowed, 1 not allowed, 2 cannot judge.
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Allowed => 0,
            Verdict::NotAllowed => 1,
            Verdict::CannotJudge => 2,
        }
    }
}

/// A contact a name that matched nobody may have meant, with where they stand.
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    pub id: String,
    pub name: String,
    /// Their counted total of the gift year and standing, if they were given anything.
    pub counted: Option<(Money, Standing)>,
}

/// The yearly limit that applies to a recipient on the gift's date, and whose it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Applies {
    pub limit: Money,
    /// `the FINRA Rule 3220 limit`, `the firm's limit`, `Atlas Capital's own policy`.
    pub whose: String,
    /// What going over it is.
    pub over: Breach,
}

/// One recipient, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// The contact's name, or the name as typed.
    pub name: String,
    /// The contact it is, when the name found one.
    pub contact: Option<String>,
    /// For a name that is no contact: who it may have meant.
    pub near: Vec<Near>,
    /// Their share, as the rule counts it (the higher of cost and face value).
    pub counted_value: Money,
    /// `false` for business entertainment attended and exempt gifts.
    pub counted: bool,
    /// Their counted total for the whole gift year, with this gift.
    pub year_total: Money,
    pub applies: Option<Applies>,
    pub breach: Option<Breach>,
    /// Gifts later in the year that this one would put over the limit: date, description.
    pub pushes_over: Vec<(Option<NaiveDate>, String)>,
}

impl Judged {
    /// What may still be given this year after it (0 when over).
    pub fn headroom(&self) -> Option<Money> {
        self.applies
            .as_ref()
            .map(|a| (a.limit - self.year_total).max(Money::ZERO))
    }
}

/// The whole answer: the verdict, each recipient, and what is missing when it cannot be
/// judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub verdict: Verdict,
    pub recipients: Vec<Judged>,
    pub missing: Option<String>,
}

/// Judges `gift` for `client` (as the book has it, a gift being corrected left out), its
/// recipients as typed, against `book`. `Err` for input that names nobody or is ambiguous.
pub fn judge_gift(
    book: &Book,
    client: &Client,
    gift: &Gift,
    today: NaiveDate,
) -> Result<Answer, String> {
    let date = gift.date.unwrap_or(today);
    let mut resolved = gift.clone();
    let mut strangers: Vec<(String, Vec<Near>)> = Vec::new();
    let mut names = Vec::new();
    for typed in gift.recipient_names() {
        if let Some(id) = resolve(client, typed)? {
            names.push(id);
        } else {
            strangers.push((typed.trim().to_string(), Vec::new()));
            names.push(typed.trim().to_string());
        }
    }
    if names.len() == 1 {
        resolved.recipient = names.remove(0);
        resolved.recipients.clear();
    } else {
        resolved.recipient.clear();
        resolved.recipients = names;
    }
    let owner = book.clients.iter().position(|c| c.id == client.id);
    let mut with_client;
    let (book, owner) = match owner {
        Some(at) if book.clients[at] == *client => (book, at),
        Some(at) => {
            with_client = book.clone();
            with_client.clients[at] = client.clone();
            (&with_client, at)
        }
        None => {
            with_client = book.clone();
            with_client.clients.push(client.clone());
            (&with_client, with_client.clients.len() - 1)
        }
    };
    let with = compliance::tally_year(book, date, today, Some((owner, &resolved)));
    let without = compliance::tally_year(book, date, today, None);
    let rule = compliance::limit_on(book, date);
    let mut recipients = Vec::new();
    for tally in &with {
        let Some(line) = tally
            .gifts
            .iter()
            .find(|g| g.gift.is_none() && g.client == owner)
        else {
            continue;
        };
        let mut judged = judged(book, client, tally, line, &without, date);
        if let Some((_, near)) = strangers
            .iter_mut()
            .find(|(name, _)| fold_name(name) == fold_name(&tally.recipient))
        {
            *near = near_contacts(client, &tally.recipient, owner, &without);
            judged.near.clone_from(near);
        }
        recipients.push(judged);
    }
    let counted = recipients.iter().any(|r| r.counted);
    let missing = match rule {
        Some(limit) if limit.book.is_none() && counted => Some(format!(
            "this book is kept in {currency} and the limit is in US dollars: add usd_rate ({currency} per 1 USD) to the book so gifts can be judged",
            currency = book.currency()
        )),
        _ => None,
    };
    let verdict = if recipients.iter().any(|r| r.breach.is_some()) {
        Verdict::NotAllowed
    } else if missing.is_some() {
        Verdict::CannotJudge
    } else {
        Verdict::Allowed
    };
    Ok(Answer {
        verdict,
        recipients,
        missing,
    })
}

/// The id of the contact `typed` names at `client`: its id, an email address, or the
/// start of one name (case and accents aside); `None` for a name that is nobody's there.
/// `Err` when it could be several, or names nobody at all.
fn resolve(client: &Client, typed: &str) -> Result<Option<String>, String> {
    let key = typed.trim();
    if key.is_empty() {
        return Err("name who the gift is for".to_string());
    }
    let exact = client.contacts.iter().find(|c| {
        c.id == key
            || fold_name(&c.name) == fold_name(key)
            || c.email
                .as_deref()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(key))
    });
    if let Some(contact) = exact {
        return Ok(Some(contact.id.clone()));
    }
    match crate::edit::find_contact(client, key) {
        Ok(id) => Ok(Some(id)),
        Err(message) if message.contains("could be any of") => Err(one_line(&message).into()),
        Err(_) => Ok(None),
    }
}

/// The contacts of `client` most like `name`, each with their standing this gift year.
fn near_contacts(
    client: &Client,
    name: &str,
    owner: usize,
    tallies: &[RecipientTally],
) -> Vec<Near> {
    closest(
        client
            .contacts
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str())),
        name,
        3,
    )
    .into_iter()
    .filter_map(|id| client.contacts.iter().find(|c| c.id == id))
    .map(|contact| Near {
        id: contact.id.clone(),
        name: contact.name.clone(),
        counted: tallies
            .iter()
            .find(|t| {
                t.clients.contains(&owner) && fold_name(&t.recipient) == fold_name(&contact.name)
            })
            .map(|t| (t.counted, t.standing)),
    })
    .collect()
}

/// One recipient of the new gift (`line`, in their tally `tally` with the gift), judged
/// against their whole gift year.
fn judged(
    book: &Book,
    client: &Client,
    tally: &RecipientTally,
    line: &GiftLine,
    without: &[RecipientTally],
    date: NaiveDate,
) -> Judged {
    let applies = applies(book, client, date);
    // Over with the gifts before it, or with the whole year's (a back-dated gift).
    let whole_year = applies
        .as_ref()
        .filter(|a| line.counted() && tally.counted > a.limit)
        .map(|a| a.over);
    let breach = line.over_when_given.or(whole_year);
    let pushes_over = tally
        .gifts
        .iter()
        .filter(|g| g.gift.is_some() && g.over_when_given.is_some())
        .filter(|g| !was_over(without, g))
        .map(|g| {
            let description = g.gift_in(book).map(|x| x.description.clone());
            let description = description.unwrap_or_default();
            (g.date, description)
        })
        .collect();
    Judged {
        name: tally.recipient.clone(),
        contact: client
            .contacts
            .iter()
            .find(|c| fold_name(&c.name) == fold_name(&tally.recipient))
            .map(|c| c.id.clone()),
        near: Vec::new(),
        counted_value: line.counted_value,
        counted: line.counted(),
        year_total: tally.counted,
        applies,
        breach,
        pushes_over,
    }
}

/// Whether the same gift line was over the limit already without the new gift.
fn was_over(without: &[RecipientTally], line: &GiftLine) -> bool {
    without.iter().any(|t| {
        t.gifts
            .iter()
            .any(|g| g.client == line.client && g.gift == line.gift && g.over_when_given.is_some())
    })
}

/// The yearly limit on `date` for a gift at `client`: the rule's (FINRA's, or the
/// firm's where stricter) or the client's own `per_year` where stricter still.
fn applies(book: &Book, client: &Client, date: NaiveDate) -> Option<Applies> {
    let rule = compliance::limit_on(book, date);
    let own = client.gift_policy.as_ref().and_then(|p| p.per_year);
    let policy = |limit: Money| Applies {
        limit,
        whose: format!("{}'s own policy", client.name),
        over: Breach::PolicyYear { limit },
    };
    match (rule.and_then(|r| r.book.map(|limit| (limit, r))), own) {
        (Some((limit, _)), Some(own)) if own <= limit => Some(policy(own)),
        (Some((limit, rule)), _) => Some(Applies {
            limit,
            whose: rule.whose().to_string(),
            over: Breach::Rule {
                limit,
                firm: rule.firm,
            },
        }),
        (None, Some(own)) => Some(policy(own)),
        (None, None) => None,
    }
}

/// How much of the answer to put in words: all of it (`konto gifts check`), or only what
/// needs acting on (the gift form's one warning line: strangers, gifts pushed over, the
/// verdict).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Brief,
}

/// The answer in words, one line each, as `konto gifts check` prints it and the gift
/// form shows it. `split` says the value was a share of a group gift.
pub fn describe(answer: &Answer, client: &Client, split: bool, detail: Detail) -> Vec<String> {
    let mut lines = Vec::new();
    for person in &answer.recipients {
        if !person.near.is_empty() || person.contact.is_none() {
            lines.push(stranger_line(person, client));
        }
        if detail == Detail::Full {
            lines.extend(counted_line(person, split));
        }
        for (date, description) in &person.pushes_over {
            lines.push(format!(
                "It would put the later gift \"{}\"{} over the limit.",
                one_line(description),
                date.map(|d| format!(" of {d}")).unwrap_or_default()
            ));
        }
    }
    lines.push(verdict_line(answer, client));
    lines
}

/// What the gift counts for the person, or why it does not count.
fn counted_line(person: &Judged, split: bool) -> Option<String> {
    let name = one_line(&person.name);
    if person.counted {
        Some(format!(
            "{} counted for {name} (the higher of cost and face value{}); {} in the gift year with it.",
            person.counted_value.grouped(),
            if split { ", their share" } else { "" },
            person.year_total.grouped(),
        ))
    } else if person.breach.is_none() {
        Some(format!(
            "Business entertainment you attend is not a gift; {name} stays at {} this gift year.",
            person.year_total.grouped()
        ))
    } else {
        None
    }
}

fn stranger_line(person: &Judged, client: &Client) -> String {
    let near: Vec<String> = person
        .near
        .iter()
        .map(|n| {
            let standing = match n.counted {
                Some((total, Standing::Over)) => format!(", {} this year, OVER", total.grouped()),
                Some((total, _)) => format!(", {} this year", total.grouped()),
                None => String::new(),
            };
            format!("`{}` ({}{standing})", one_line(&n.id), one_line(&n.name))
        })
        .collect();
    let did_you_mean = match near.as_slice() {
        [] => String::new(),
        [one] => format!(" Did you mean {one}?"),
        more => format!(" Did you mean one of {}?", more.join(", ")),
    };
    format!(
        "Warning: {} is none of {}'s contacts, so the limit counts them apart.{did_you_mean}",
        one_line(&person.name),
        one_line(&client.name)
    )
}

fn verdict_line(answer: &Answer, client: &Client) -> String {
    match answer.verdict {
        Verdict::NotAllowed => {
            let reasons: Vec<String> = answer
                .recipients
                .iter()
                .filter_map(|r| {
                    let by = r
                        .applies
                        .as_ref()
                        .filter(|a| r.counted && r.year_total > a.limit)
                        .map(|a| format!(", over by {}", (r.year_total - a.limit).grouped()))
                        .unwrap_or_default();
                    r.breach.map(|b| {
                        format!("{} for {}{by}", b.describe(&client.name), one_line(&r.name))
                    })
                })
                .collect();
            format!("Not allowed: {}.", one_line(&reasons.join("; ")))
        }
        Verdict::CannotJudge => format!(
            "Cannot judge: {}.",
            answer.missing.as_deref().unwrap_or("the limit is unknown")
        ),
        Verdict::Allowed => {
            let within: Vec<String> = answer
                .recipients
                .iter()
                .filter(|r| r.counted)
                .filter_map(|r| {
                    let applies = r.applies.as_ref()?;
                    Some(format!(
                        "within {} of {} a year, {} left",
                        one_line(&applies.whose),
                        applies.limit.grouped(),
                        r.headroom().unwrap_or_default().grouped()
                    ))
                })
                .collect();
            if within.is_empty() {
                "Allowed.".to_string()
            } else {
                format!("Allowed: {}.", within.join("; "))
            }
        }
    }
}

/// The gate's table of cases (`tests/data/gift_gate/cases.ron`), run against both
/// `konto gifts check` and the dashboard's gift form: one decision, one table.
#[cfg(any(test, feature = "test-support"))]
pub mod cases {
    use std::path::PathBuf;

    #[derive(Debug, Clone, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Case {
        pub book: String,
        pub client: String,
        pub recipient: String,
        pub value: i64,
        #[serde(default)]
        pub date: Option<String>,
        #[serde(default)]
        pub entertainment: bool,
        #[serde(default)]
        pub attended: bool,
        pub exit: u8,
        pub says: Vec<String>,
        #[serde(default)]
        pub never: Vec<String>,
    }

    /// The folder of the cases and their books.
    pub fn folder() -> PathBuf {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/gift_gate"))
    }

    #[expect(
        clippy::expect_used,
        reason = "a test's table that does not read is a failing test"
    )]
    pub fn all() -> Vec<Case> {
        let text = std::fs::read_to_string(folder().join("cases.ron")).expect("the cases file");
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(&text)
            .expect("the cases parse")
    }

    /// The day the cases are judged on.
    pub const TODAY: &str = "2026-11-27";
}
