//! Rules a book must follow beyond its syntax. Broken rules stop a load; oddities warn.

use std::collections::HashSet;

use crate::edit::{check_timezone, closest, did_you_mean};
use crate::model::{
    Book, CURRENT_VERSION, Client, CommissionBand, Compliance, ExemptReason, Money, Quota, Stage,
};
use crate::text::fold_name;
use crate::text::one_line;

use super::problem::{Problem, position_of};

/// Something odd but harmless, reported by `konto check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub client_id: String,
    pub message: String,
}

/// Checks the rules; `text` is the file the book came from, to point at the right line.
pub fn validate(book: &Book, text: &str) -> Result<Vec<Warning>, Problem> {
    if book.version > CURRENT_VERSION {
        return Err(Problem::unplaced(format!(
            "this book is version {}, made by a newer konto; this one reads version {CURRENT_VERSION}. Update konto to open it",
            book.version
        )));
    }
    if book.version == 0 {
        return Err(at_field(
            text,
            "version",
            "`version` must be 1 or more".to_string(),
        ));
    }
    check_book_settings(book, text)?;
    check_team(book).map_err(|(id, message)| at_client(text, &id, 1, message))?;

    let mut seen = HashSet::with_capacity(book.clients.len());
    for client in &book.clients {
        if !seen.insert(client.id.as_str()) {
            return Err(at_client(
                text,
                &client.id,
                2,
                id_used_twice(book, &client.id),
            ));
        }
        if let Some(twice) = item_id_used_twice(client) {
            let message = describe(client, &twice.message());
            return Err(at_item(text, &client.id, &twice.id, message));
        }
        check_one(book, client)
            .map_err(|message| at_client(text, &client.id, 1, describe(client, &message)))?;
    }
    Ok(warnings(book))
}

/// What depends on the day as well as the book: a won deal dated after today already
/// counts toward attainment and commission, which is rarely what was meant.
pub fn warnings_on(book: &Book, today: chrono::NaiveDate) -> Vec<Warning> {
    crate::rules::quota::won_after_today(book, today)
        .map(|(client, deal)| Warning {
            client_id: client.id.clone(),
            message: format!(
                "won deal \"{}\" is dated {}, after today; it already counts toward attainment and commission",
                deal.title,
                deal.close_date
                    .map(|d| crate::text::short_date(d, today))
                    .unwrap_or_default()
            ),
        })
        .collect()
}

/// What `konto check` warns of in a valid book: worked out from the book each time it is
/// asked, never stored.
pub fn warnings(book: &Book) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = book.clients.iter().flat_map(client_warnings).collect();
    warnings.extend(book_warnings(book));
    warnings
}

/// Checks an edit whose only new text is the clients at `written` (by place in
/// `book.clients`): the rest of the book is text that was checked when it was read or
/// last written. Ids are checked across the whole book, as they must be unique in it.
pub fn validate_written(book: &Book, written: &[usize]) -> Result<(), Problem> {
    let mut seen = HashSet::with_capacity(book.clients.len());
    if let Some(twice) = book.clients.iter().find(|c| !seen.insert(c.id.as_str())) {
        return Err(Problem::unplaced(id_used_twice(book, &twice.id)));
    }
    for client in written.iter().filter_map(|&at| book.clients.get(at)) {
        check_one(book, client).map_err(|message| Problem::unplaced(describe(client, &message)))?;
    }
    Ok(())
}

/// Checks one client changed in place, its id kept: against `book`'s settings (the
/// team, for tasks' owners) and its own rules. The other clients are not read: with the
/// id unchanged, they were checked when the book was read.
pub fn validate_client(book: &Book, client: &Client) -> Result<(), Problem> {
    check_one(book, client).map_err(|message| Problem::unplaced(describe(client, &message)))
}

/// The rules one client must follow.
fn check_one(book: &Book, client: &Client) -> Result<(), String> {
    if let Some(twice) = item_id_used_twice(client) {
        return Err(twice.message());
    }
    check_client(client)
        .and_then(|()| check_people(client))
        .and_then(|()| check_tasks(book, client))
}

/// An id two items of one kind share within a client, and the id the second one could
/// have instead.
struct ItemIdTwice {
    kind: &'static str,
    id: String,
    instead: String,
}

impl ItemIdTwice {
    fn message(&self) -> String {
        if self.id.is_empty() {
            // Only a program can hand over such a book: a load gives every item an id.
            return format!(
                "a {} has no id; every {} of a client needs one",
                self.kind, self.kind
            );
        }
        format!(
            "{} id `{}` is used twice; every {} of a client needs its own id: give the second one another, e.g. `{}`",
            self.kind,
            one_line(&self.id),
            self.kind,
            one_line(&self.instead)
        )
    }
}

/// The first id used twice (or left empty) among a client's items of one kind.
fn item_id_used_twice(client: &Client) -> Option<ItemIdTwice> {
    fn twice<'a>(kind: &'static str, ids: impl Iterator<Item = &'a str>) -> Option<ItemIdTwice> {
        let mut seen = HashSet::new();
        let id = ids
            .into_iter()
            .find(|id| id.is_empty() || !seen.insert(*id))?;
        let instead = crate::edit::suggest_id_or(id, kind, |candidate| seen.contains(candidate));
        Some(ItemIdTwice {
            kind,
            id: id.to_string(),
            instead,
        })
    }
    twice("contact", client.contacts.iter().map(|p| p.id.as_str()))
        .or_else(|| twice("task", client.tasks.iter().map(|t| t.id.as_str())))
        .or_else(|| twice("deal", client.deals.iter().map(|d| d.id.as_str())))
        .or_else(|| twice("project", client.projects.iter().map(|p| p.id.as_str())))
        .or_else(|| twice("gift", client.gifts.iter().map(|g| g.id.as_str())))
        .or_else(|| {
            twice(
                "interaction",
                client.interactions.iter().map(|i| i.id.as_str()),
            )
        })
}

/// Places a problem with an item's id at the second place the client writes it as an
/// `id` (the first is the item that keeps it), else at the client.
fn at_item(text: &str, client_id: &str, item_id: &str, message: String) -> Problem {
    let client_at = text.find(&format!("\"{client_id}\"")).unwrap_or(0);
    let needle = format!("\"{item_id}\"");
    let as_id = |at: &usize| {
        let before = text[..*at].trim_end();
        before
            .strip_suffix(':')
            .is_some_and(|b| b.trim_end().ends_with("id"))
    };
    let second = text[client_at..]
        .match_indices(&needle)
        .map(|(at, _)| client_at + at)
        .filter(as_id)
        .nth(1);
    match second {
        Some(offset) => {
            let (line, col) = position_of(text, offset);
            Problem::at(line, col, message)
        }
        None => at_client(text, client_id, 1, message),
    }
}

fn id_used_twice(book: &Book, id: &str) -> String {
    format!(
        "client id `{id}` is used twice (for {}); every client needs its own id",
        names_with_id(book, id)
    )
}

/// Warnings about the book as a whole (`client_id` empty).
fn book_warnings(book: &Book) -> Vec<Warning> {
    let judged = book.compliance != Some(Compliance::Off);
    let dollars = book.currency().eq_ignore_ascii_case("USD");
    if judged && !dollars && book.usd_rate.is_none() {
        return vec![Warning {
            client_id: String::new(),
            message: format!(
                "the gift limit is in US dollars and this book is in {}: add usd_rate ({} per 1 USD) so gifts can be judged against it",
                book.currency(),
                book.currency()
            ),
        }];
    }
    Vec::new()
}

fn names_with_id(book: &Book, id: &str) -> String {
    let names: Vec<String> = book
        .clients
        .iter()
        .filter(|c| c.id == id)
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    names.join(" and ")
}

/// A problem with `client`, naming it on one line (a name may hold a line break).
fn describe(client: &Client, message: &str) -> String {
    if client.name.trim().is_empty() {
        format!("client `{}`: {message}", one_line(&client.id))
    } else {
        format!(
            "client `{}` ({}): {message}",
            one_line(&client.id),
            one_line(&client.name)
        )
    }
}

/// Places a client problem at its `id` in the file (the nth time the id is written).
fn at_client(text: &str, id: &str, nth: usize, message: String) -> Problem {
    let needle = format!("\"{id}\"");
    let offset = text
        .match_indices(&needle)
        .nth(nth.saturating_sub(1))
        .map(|(offset, _)| offset);
    match offset {
        Some(offset) => {
            let (line, col) = position_of(text, offset);
            Problem::at(line, col, message)
        }
        None => Problem::unplaced(message),
    }
}

fn non_negative(what: &str, amount: Option<Money>) -> Result<(), String> {
    match amount {
        Some(amount) if amount.is_negative() => {
            Err(format!("{what} is {amount}; amounts cannot be negative"))
        }
        _ => Ok(()),
    }
}

fn probability(what: &str, value: Option<f64>) -> Result<(), String> {
    match value {
        Some(v) if !(0.0..=1.0).contains(&v) => Err(format!(
            "{what} is {v}; it must be between 0 and 1 (0.25 means 25 %)"
        )),
        _ => Ok(()),
    }
}

/// Places a problem with a book-wide setting at the first place its field is written.
fn at_field(text: &str, field: &str, message: String) -> Problem {
    let found = text.match_indices(field).find(|(at, _)| {
        let before = text[..*at].chars().next_back();
        let after = text[at + field.len()..].trim_start().starts_with(':');
        after && !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    });
    match found {
        Some((offset, _)) => {
            let (line, col) = position_of(text, offset);
            Problem::at(line, col, message)
        }
        None => Problem::unplaced(message),
    }
}

fn check_book_settings(book: &Book, text: &str) -> Result<(), Problem> {
    // Each check names the field it is about, to point at it in the file.
    let settings = || -> Result<(), (&'static str, String)> {
        let at = |field: &'static str| move |message: String| (field, message);
        non_negative("gift_limit", book.gift_limit).map_err(at("gift_limit"))?;
        if let Some(rate) = book.usd_rate.filter(|r| !(r.is_finite() && *r > 0.0)) {
            return Err((
                "usd_rate",
                format!(
                    "usd_rate is {rate}; write the book's currency per 1 US dollar, e.g. 6.9 for DKK"
                ),
            ));
        }
        if let Some(quota) = &book.quota {
            check_quota(quota)?;
        }
        if let Some(p) = &book.stage_probability {
            probability("stage_probability.lead", p.lead).map_err(at("lead"))?;
            probability("stage_probability.qualified", p.qualified).map_err(at("qualified"))?;
            probability("stage_probability.proposal", p.proposal).map_err(at("proposal"))?;
            probability("stage_probability.negotiation", p.negotiation)
                .map_err(at("negotiation"))?;
        }
        if let Some(w) = &book.priority {
            let weights = [
                w.tier, w.value, w.overdue, w.pipeline, w.closing, w.projects, w.slipped,
                w.earnings,
            ];
            if weights.iter().flatten().any(|w| !w.is_finite()) {
                return Err((
                    "priority",
                    "priority weights must be ordinary numbers".to_string(),
                ));
            }
        }
        if let Some(c) = &book.default_cadence
            && [c.key, c.growth, c.standard].contains(&Some(0))
        {
            return Err((
                "default_cadence",
                "a default cadence of 0 days makes no sense; use 1 or more".to_string(),
            ));
        }
        Ok(())
    };
    settings().map_err(|(field, message)| at_field(text, field, message))
}

/// The quota's settings, each error naming the field it is about.
fn check_quota(quota: &Quota) -> Result<(), (&'static str, String)> {
    let at = |field: &'static str| move |message: String| (field, message);
    non_negative("the quota target", quota.target).map_err(at("target"))?;
    non_negative("base_salary", quota.base_salary).map_err(at("base_salary"))?;
    probability("commission_rate", quota.commission_rate).map_err(at("commission_rate"))?;
    if let Some(year) = quota.year.filter(|y| !(1900..=9999).contains(y)) {
        return Err((
            "year",
            format!("the quota year {year} is not a plausible year"),
        ));
    }
    if let Some(c) = &quota.credit
        && [c.new_business, c.upsell, c.renewal]
            .iter()
            .flatten()
            .any(|v| !(v.is_finite() && *v >= 0.0))
    {
        return Err((
            "credit",
            "a quota credit must be 0 or more (1.0 counts the full amount, 0.5 half)".to_string(),
        ));
    }
    for bonus in &quota.bonuses {
        if !(bonus.attainment.is_finite() && bonus.attainment > 0.0) {
            return Err((
                "attainment",
                format!(
                    "a bonus attainment of {} makes no sense; write 1.0 for 100 % of target",
                    bonus.attainment
                ),
            ));
        }
        non_negative("a bonus amount", Some(bonus.amount)).map_err(at("amount"))?;
    }
    if let Some(month) = quota.fiscal_start.filter(|m| !(1..=12).contains(m)) {
        return Err((
            "fiscal_start",
            format!(
                "fiscal_start is {month}; write the fiscal year's first month, 1 (January) to 12"
            ),
        ));
    }
    check_quarters(quota).map_err(at("quarters"))?;
    check_bands(&quota.commission).map_err(at("commission"))?;
    non_negative("commission_cap", quota.commission_cap).map_err(at("commission_cap"))?;
    Ok(())
}

/// Four quarters, none negative, adding up to the year's target when both are written.
fn check_quarters(quota: &Quota) -> Result<(), String> {
    if quota.quarters.is_empty() {
        return Ok(());
    }
    if quota.quarters.len() != 4 {
        return Err(format!(
            "quarters lists {} targets; write four, one per quarter, or leave it out to split the year's target evenly",
            quota.quarters.len()
        ));
    }
    for amount in &quota.quarters {
        non_negative("a quarter's target", Some(*amount))?;
    }
    let sum: Money = quota.quarters.iter().copied().sum();
    match quota.target {
        Some(target) if target != sum => Err(format!(
            "the quarters add up to {sum} but the target is {target}; make them agree"
        )),
        _ => Ok(()),
    }
}

/// Bands start at 0 or more, in rising order, each rate a share between 0 and 1.
fn check_bands(bands: &[CommissionBand]) -> Result<(), String> {
    for band in bands {
        if !(band.from.is_finite() && band.from >= 0.0) {
            return Err(format!(
                "a commission band from {} makes no sense; write the attainment it starts at, e.g. 1.0 for 100 %",
                band.from
            ));
        }
        probability("a commission rate", Some(band.rate))?;
    }
    if bands.windows(2).any(|pair| pair[0].from >= pair[1].from) {
        return Err(
            "commission bands must be listed from the lowest attainment up, each starting higher than the one before"
                .to_string(),
        );
    }
    Ok(())
}

fn check_client(client: &Client) -> Result<(), String> {
    if client.id.trim().is_empty() {
        return Err("the id is empty".to_string());
    }
    if client.id.chars().any(char::is_whitespace) {
        return Err(format!(
            "the id `{}` contains spaces; use letters, digits and dashes, e.g. `{}`",
            client.id,
            client.id.split_whitespace().collect::<Vec<_>>().join("-")
        ));
    }
    if client.name.trim().is_empty() {
        return Err("the name is empty".to_string());
    }
    if client.cadence_days == Some(0) {
        return Err("cadence_days is 0; it must be at least 1 day".to_string());
    }
    non_negative("annual_value", client.annual_value)?;
    for deal in &client.deals {
        non_negative(
            &format!("the amount of deal \"{}\"", deal.title),
            deal.amount,
        )?;
        check_deal_terms(client, deal)?;
    }
    for gift in &client.gifts {
        non_negative(
            &format!("the value of gift \"{}\"", gift.description),
            gift.value,
        )?;
        non_negative(
            &format!("the face value of gift \"{}\"", gift.description),
            gift.face_value,
        )?;
    }
    if let Some(policy) = &client.gift_policy {
        non_negative("gift_policy.per_occasion", policy.per_occasion)?;
        non_negative("gift_policy.per_year", policy.per_year)?;
        non_negative(
            "gift_policy.entertainment_per_event",
            policy.entertainment_per_event,
        )?;
        non_negative(
            "gift_policy.entertainment_per_year",
            policy.entertainment_per_year,
        )?;
    }
    Ok(())
}

/// Team ids: present and used once. The error names the id, to place it in the file.
fn check_team(book: &Book) -> Result<(), (String, String)> {
    let mut seen = HashSet::new();
    for member in &book.team {
        if member.id.trim().is_empty() || member.id.chars().any(char::is_whitespace) {
            return Err((
                member.name.clone(),
                format!(
                    "team member \"{}\" needs an id of letters, digits and dashes",
                    member.name
                ),
            ));
        }
        if !seen.insert(member.id.as_str()) {
            return Err((
                member.id.clone(),
                format!("team id `{}` is used twice", member.id),
            ));
        }
    }
    Ok(())
}

/// Contacts: a real time zone, a sensible cadence; interactions name only contacts of
/// this client.
fn check_people(client: &Client) -> Result<(), String> {
    for contact in &client.contacts {
        if contact.cadence_days == Some(0) {
            return Err(format!(
                "{}'s cadence_days is 0; it must be at least 1 day",
                contact.name
            ));
        }
        if let Some(zone) = &contact.timezone {
            check_timezone(zone).map_err(|problem| format!("{}: {problem}", contact.name))?;
        }
    }
    for interaction in &client.interactions {
        for id in &interaction.with {
            if client.contact(id).is_none() {
                let near = closest(
                    client
                        .contacts
                        .iter()
                        .map(|p| (p.id.as_str(), p.name.as_str())),
                    id,
                    1,
                );
                let when = interaction
                    .date
                    .map_or_else(|| "undated".to_string(), |d| d.to_string());
                return Err(format!(
                    "the interaction \"{}\" ({when}) is with `{id}`, who is not one of its contacts{}",
                    interaction.summary,
                    did_you_mean(&near)
                ));
            }
        }
    }
    Ok(())
}

/// A deal's split, credit rate, term and the people its qualification names.
fn check_deal_terms(client: &Client, deal: &crate::model::Deal) -> Result<(), String> {
    let title = &deal.title;
    if let Some(share) = deal
        .share
        .filter(|s| !(s.is_finite() && (0.0..=1.0).contains(s)))
    {
        return Err(format!(
            "deal \"{title}\" has share {share}; a share is 0 to 1 (0.5 for half the deal)"
        ));
    }
    if let Some(credit) = deal.credit.filter(|c| !(c.is_finite() && *c >= 0.0)) {
        return Err(format!(
            "deal \"{title}\" has credit {credit}; a credit rate is 0 or more (1.0 counts the full amount)"
        ));
    }
    if deal.term_months == Some(0) {
        return Err(format!(
            "deal \"{title}\" has a term of 0 months; write its length, e.g. term_months: 36"
        ));
    }
    let people = deal.qualification.iter().flat_map(|q| {
        [
            ("economic_buyer", &q.economic_buyer),
            ("champion", &q.champion),
        ]
    });
    for (role, person) in people {
        if let Some(person) = person
            && client.contact(person).is_none()
        {
            return Err(format!(
                "deal \"{title}\" names `{person}` as its {role}, who is not a contact of this client"
            ));
        }
    }
    Ok(())
}

/// Tasks: owners from the team, deals of this client.
fn check_tasks(book: &Book, client: &Client) -> Result<(), String> {
    for task in &client.tasks {
        if let Some(owner) = &task.owner
            && book.colleague(owner).is_none()
        {
            let near = closest(
                book.team.iter().map(|m| (m.id.as_str(), m.name.as_str())),
                owner,
                1,
            );
            return Err(format!(
                "task \"{}\" is owned by `{owner}`, who is not in the team{}",
                task.title,
                did_you_mean(&near)
            ));
        }
        if let Some(deal) = &task.deal
            && client.deal(deal).is_none()
        {
            return Err(format!(
                "task \"{}\" names deal \"{deal}\", which this client does not have",
                task.title
            ));
        }
    }
    Ok(())
}

fn client_warnings(client: &Client) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut warn = |message: String| {
        warnings.push(Warning {
            client_id: client.id.clone(),
            message,
        });
    };
    for deal in &client.deals {
        if deal.stage() == Stage::Won && deal.close_date.is_none() {
            warn(format!(
                "won deal \"{}\" has no close_date, so it counts towards no quota year",
                deal.title
            ));
        }
    }
    for gift in &client.gifts {
        if gift.date.is_none() {
            warn(format!(
                "gift \"{}\" has no date; it is counted in the current gift year to be safe",
                gift.description
            ));
        }
        if gift.recipient_names().iter().all(|n| n.trim().is_empty()) {
            warn(format!("gift \"{}\" names no recipient", gift.description));
        }
        if gift.exempt == Some(ExemptReason::Unspecified) {
            warn(format!(
                "gift \"{}\" is exempt with no reason: write exempt: Personal, Bereavement, DeMinimis, Promotional, Commemorative or Disaster",
                gift.description
            ));
        }
        for name in gift.recipient_names() {
            let known = client
                .contacts
                .iter()
                .any(|p| p.id == name.trim() || fold_name(&p.name) == fold_name(name));
            if !known && !name.trim().is_empty() {
                warn(format!(
                    "gift \"{}\" is for {}, who is none of the client's contacts, so the gift limit may count them apart",
                    gift.description,
                    name.trim()
                ));
            }
        }
    }
    if let (Some(next), Some(last)) = (client.next_checkin, client.last_contact)
        && next <= last
    {
        warn(format!(
            "next_checkin {next} is not after last_contact {last}, so the cadence decides instead"
        ));
    }
    warnings
}
