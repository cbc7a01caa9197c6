//! Changes to a book that both the command line and the dashboard make, with the same rules.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::model::serde_format::{parse_date, within_book_years};
use crate::model::{Book, Client, Interaction, InteractionKind};

mod deals;
mod fields;
mod ids;
mod item;
mod op;
mod people;
pub use deals::{
    Step, close_deal, describe_move, move_stage, parse_rate, parse_term, record_deal_change,
    set_forecast,
};
pub use fields::{
    ClientFields, GiftFields, InteractionFields, ProjectFields, QualificationFields, TaskFields,
};
pub use ids::{
    deal_id_for_link, fill_missing_ids, fill_missing_ids_of, new_deal_id, new_gift_id,
    new_interaction_id, new_project_id, put_deal, put_gift, put_project,
};
pub use item::{Item, references_to};
pub use op::{Applied, DealFields, Op, apply, check_client_id};
pub use people::{
    ContactDetails, NewTask, add_contact, add_task, check_colleague, check_task_links, contact_ids,
    edit_contact, find_colleague, find_contact, find_deal, find_task, toggle_task,
};

/// Records an interaction dated `today`. A real contact (not a note to self) resets the
/// check-in clock: `last_contact` moves to today and a planned check-in that has come
/// due is cleared, so the cadence schedules the next one.
pub fn log_interaction(
    client: &mut Client,
    today: NaiveDate,
    kind: InteractionKind,
    with: Vec<String>,
    summary: &str,
) {
    let mut interaction = Interaction {
        id: String::new(),
        date: Some(today),
        kind: Some(kind),
        with,
        summary: summary.trim().to_string(),
        source: None,
        direction: None,
        addresses: Vec::new(),
    };
    interaction.id = new_interaction_id(client, &interaction);
    record_interaction(client, interaction);
}

/// Adds an interaction as it is (its own date; `konto capture` gives its source too),
/// with the check-in clock moved as for [`log_interaction`]. The caller gives it its id
/// (a run that records many gives them all at once, with [`fill_missing_ids_of`]: one at
/// a time would look through the history for each).
pub fn record_interaction(client: &mut Client, interaction: Interaction) {
    if let (Some(day), true) = (interaction.date, interaction.kind().is_contact()) {
        if client.last_contact.is_none_or(|last| last < day) {
            client.last_contact = Some(day);
        }
        // The planned check-in is done (its day has come), or superseded (a contact after
        // the day it was planned): the cadence plans the next one.
        let done = client.next_checkin.is_some_and(|next| next <= day);
        let superseded = client.next_checkin_set.is_some_and(|set| day > set);
        if done || superseded {
            client.next_checkin = None;
            client.next_checkin_set = None;
        }
    }
    client.interactions.push(interaction);
}

/// `text` trimmed, or why it cannot be empty: the one rule for text that must be given
/// (a summary, a note, a description), in the dashboard's forms and on the command line.
pub fn required_text<'a>(what: &str, text: &'a str) -> Result<&'a str, String> {
    match text.trim() {
        "" => Err(format!("{what} cannot be empty")),
        given => Ok(given),
    }
}

/// Appends `YYYY-MM-DD: text` as a new line of the client's notes.
pub fn append_note(client: &mut Client, today: NaiveDate, text: &str) {
    let line = format!("{}: {}", today.format("%Y-%m-%d"), text.trim());
    client.notes = Some(match client.notes.take().filter(|n| !n.trim().is_empty()) {
        Some(notes) => format!("{}\n{line}", notes.trim_end()),
        None => line,
    });
}

/// `fjord-shipping-a-s` from `Fjord Shipping A/S`: letters and digits, dashes between;
/// accents folded (`Øresund` → `oresund`) so ids are easy to type.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for ch in name
        .chars()
        .flat_map(char::to_lowercase)
        .map(nucleo_matcher::chars::normalize)
    {
        if ch.is_alphanumeric() {
            slug.push(ch);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// An id for a new client named `name` that no client in `book` has yet.
pub fn suggest_id(book: &Book, name: &str) -> String {
    suggest_id_among(name, |id| book.client(id).is_some())
}

/// An id for a new client named `name` for which `taken` says no.
pub fn suggest_id_among(name: &str, taken: impl Fn(&str) -> bool) -> String {
    suggest_id_or(name, "client", taken)
}

/// An id made from `name` (or `fallback` when the name has no letters) that `taken`
/// says no to, numbered when needed: `soren`, `soren-2`.
pub fn suggest_id_or(name: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = match slug(name) {
        s if s.is_empty() => fallback.to_string(),
        s => s,
    };
    if !taken(&base) {
        return base;
    }
    (2..=usize::MAX)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// Reads a date as people type it: `+3d`, `+2w`, `+1m` (or `-3d` back), `today`,
/// `tomorrow`, `yesterday`, `fri`, `friday`, or `2026-12-01`. Weekdays mean the next one
/// after today. Every date field of the dashboard and the command line reads this way.
pub fn parse_when(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    parse_when_unbounded(text, today).and_then(within_book_years)
}

fn parse_when_unbounded(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return Err("enter a date (2026-12-01), +3d, +2w, +1m, tomorrow or a weekday".into());
    }
    if let Some(rest) = text
        .strip_prefix('-')
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return offset(rest, today, Direction::Back);
    }
    if let Some(rest) = text.strip_prefix('+') {
        return offset(rest, today, Direction::Ahead);
    }
    match text.as_str() {
        "today" => return Ok(today),
        "tomorrow" => {
            return today
                .succ_opt()
                .ok_or_else(|| "tomorrow is too far ahead".into());
        }
        "yesterday" => {
            return today
                .pred_opt()
                .ok_or_else(|| "yesterday is too far back".into());
        }
        _ => {}
    }
    if let Ok(weekday) = text.parse::<Weekday>() {
        let ahead =
            (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return today
            .checked_add_days(Days::new(ahead.into()))
            .ok_or_else(|| "that day is too far ahead".to_string());
    }
    let date_shaped = text.chars().all(|c| c.is_ascii_digit() || c == '-');
    parse_date(&text).map_err(|error| {
        if date_shaped {
            // `2026-02-30`: say what is wrong with the date itself.
            error
        } else {
            format!(
                "\"{text}\" is not a date: use 2026-12-01, +3d, +2w, +1m, tomorrow or a weekday"
            )
        }
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Ahead,
    Back,
}

/// `3d`, `2w`, `1m` from today, ahead or back.
fn offset(rest: &str, today: NaiveDate, direction: Direction) -> Result<NaiveDate, String> {
    let sign = if direction == Direction::Ahead {
        '+'
    } else {
        '-'
    };
    let (number, unit) = rest.split_at(
        rest.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len()),
    );
    let count: u32 = number
        .parse()
        .map_err(|_| format!("\"{sign}{rest}\" needs a number, e.g. {sign}3d or {sign}2w"))?;
    let days = match unit {
        "" | "d" | "day" | "days" => Days::new(count.into()),
        "w" | "week" | "weeks" => Days::new(u64::from(count) * 7),
        "m" | "month" | "months" => {
            let months = Months::new(count);
            let date = match direction {
                Direction::Ahead => today.checked_add_months(months),
                Direction::Back => today.checked_sub_months(months),
            };
            return date.ok_or_else(|| format!("{sign}{rest} is too far away"));
        }
        other => {
            return Err(format!(
                "\"{other}\" is not a unit: use d, w or m ({sign}3d, {sign}2w, {sign}1m)"
            ));
        }
    };
    let date = match direction {
        Direction::Ahead => today.checked_add_days(days),
        Direction::Back => today.checked_sub_days(days),
    };
    date.ok_or_else(|| format!("{sign}{rest} is too far away"))
}

/// Client ids most like `wanted` (by edit distance, or containing it), closest first.
pub fn closest_ids<'a>(book: &'a Book, wanted: &str, count: usize) -> Vec<&'a str> {
    closest(
        book.clients
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str())),
        wanted,
        count,
    )
}

/// Of `(id, name)` pairs, the ids most like `wanted`: by edit distance to the id, or
/// because the id or name contains it; closest first.
pub fn closest<'a>(
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
    wanted: &str,
    count: usize,
) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|(id, name)| {
            let lower = id.to_lowercase();
            let name = name.to_lowercase();
            if lower.contains(&wanted) || name.contains(&wanted) {
                return Some((0, id));
            }
            let whole = strsim::levenshtein(&wanted, &lower);
            if whole <= (id.len().max(wanted.len()) / 2).max(2) {
                return Some((whole, id));
            }
            // A typo in the start of a name, as people type one (`manged` for Managed…).
            let start: String = name.chars().take(wanted.chars().count()).collect();
            let typo = strsim::levenshtein(&wanted, &start);
            (typo <= (wanted.chars().count() / 3).max(1)).then_some((typo, id))
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(count).map(|(_, id)| id).collect()
}

/// An IANA time zone name, e.g. `Europe/Copenhagen`.
pub fn check_timezone(zone: &str) -> Result<chrono_tz::Tz, String> {
    zone.parse::<chrono_tz::Tz>().map_err(|_| {
        let near = closest(
            chrono_tz::TZ_VARIANTS
                .iter()
                .map(|tz| (tz.name(), tz.name())),
            zone,
            1,
        );
        // The suggestion first: a narrow form's note line must not lose it.
        if near.is_empty() {
            format!("`{zone}` is no time zone (they read like Europe/Copenhagen)")
        } else {
            format!("`{zone}` is no time zone{}", did_you_mean(&near))
        }
    })
}

/// " Did you mean `a` or `b`?", or nothing when no id is close.
pub fn did_you_mean(near: &[&str]) -> String {
    // Ids are the user's text: each is written on one line, escaped.
    match near {
        [] => String::new(),
        [one] => format!("; did you mean `{}`?", crate::text::one_line(one)),
        more => {
            let quoted: Vec<String> = more
                .iter()
                .map(|id| format!("`{}`", crate::text::one_line(id)))
                .collect();
            format!("; did you mean one of {}?", quoted.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::checkins::{Due, checkin};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn logging_a_call_takes_the_client_off_the_overdue_list() {
        let today = day("2026-11-27");
        let mut client = Client::new("a", "A");
        client.cadence_days = Some(7);
        client.last_contact = Some(day("2026-11-01"));
        client.next_checkin = Some(day("2026-11-10"));
        let mut book = Book {
            clients: vec![client].into(),
            ..Book::default()
        };
        assert!(matches!(
            checkin(&book, &book.clients[0], today).due,
            Due::Overdue { .. }
        ));
        log_interaction(
            &mut book.clients[0],
            today,
            InteractionKind::Call,
            Vec::new(),
            " Caught up ",
        );
        let c = &book.clients[0];
        assert_eq!(c.last_contact, Some(today));
        assert_eq!(c.next_checkin, None);
        assert_eq!(c.interactions[0].summary, "Caught up");
        assert_eq!(checkin(&book, c, today).date, day("2026-12-04"));
    }

    #[test]
    fn a_future_check_in_survives_a_call_and_a_note_changes_nothing() {
        let today = day("2026-11-27");
        let mut client = Client::new("a", "A");
        client.next_checkin = Some(day("2026-12-10"));
        log_interaction(
            &mut client,
            today,
            InteractionKind::Note,
            Vec::new(),
            "idea",
        );
        assert_eq!(client.last_contact, None);
        log_interaction(
            &mut client,
            today,
            InteractionKind::Email,
            Vec::new(),
            "sent deck",
        );
        assert_eq!(client.next_checkin, Some(day("2026-12-10")));
        assert_eq!(client.last_contact, Some(today));
    }

    #[test]
    fn notes_get_dated_lines() {
        let mut client = Client::new("a", "A");
        append_note(&mut client, day("2026-11-27"), "Wants a demo");
        append_note(&mut client, day("2026-11-28"), "Budget approved");
        assert_eq!(
            client.notes.as_deref(),
            Some("2026-11-27: Wants a demo\n2026-11-28: Budget approved")
        );
    }

    #[test]
    fn reads_when_to_check_in() {
        let friday = day("2026-11-27");
        assert_eq!(parse_when("+3d", friday), Ok(day("2026-11-30")));
        assert_eq!(parse_when("+2w", friday), Ok(day("2026-12-11")));
        assert_eq!(parse_when("+1m", friday), Ok(day("2026-12-27")));
        assert_eq!(parse_when("tomorrow", friday), Ok(day("2026-11-28")));
        assert_eq!(parse_when("mon", friday), Ok(day("2026-11-30")));
        assert_eq!(parse_when("Fri", friday), Ok(day("2026-12-04")));
        assert_eq!(parse_when("friday", friday), Ok(day("2026-12-04")));
        assert_eq!(parse_when("2026-12-01", friday), Ok(day("2026-12-01")));
        assert_eq!(parse_when("yesterday", friday), Ok(day("2026-11-26")));
        assert_eq!(parse_when("-3d", friday), Ok(day("2026-11-24")));
        assert_eq!(parse_when("-1w", friday), Ok(day("2026-11-20")));
        assert_eq!(parse_when("-1m", friday), Ok(day("2026-10-27")));
        assert!(parse_when("-3x", friday).unwrap_err().contains("-3d"));
        assert!(
            parse_when("+99999999m", friday)
                .unwrap_err()
                .contains("too far")
        );
        assert!(parse_when("2026-02-30", friday).is_err());
        assert!(
            parse_when("+3y", friday)
                .unwrap_err()
                .contains("not a unit")
        );
        assert!(parse_when("soon", friday).is_err());
        assert!(parse_when("", friday).is_err());
    }

    #[test]
    fn ids_are_suggested_unique() {
        let book = Book {
            clients: vec![Client::new("fjord-shipping", "Fjord Shipping")].into(),
            ..Book::default()
        };
        assert_eq!(suggest_id(&book, "Fjord Shipping"), "fjord-shipping-2");
        assert_eq!(suggest_id(&book, "Øresund Pharma"), "oresund-pharma");
        assert_eq!(
            slug("Société Générale des Eaux"),
            "societe-generale-des-eaux"
        );
        assert_eq!(slug("東京 Labs"), "東京-labs");
        assert_eq!(suggest_id(&book, "!!!"), "client");
    }

    #[test]
    fn suggests_near_ids() {
        let book = Book {
            clients: vec![
                Client::new("nordlys-bank", "Nordlys Bank"),
                Client::new("fjord-shipping", "Fjord Shipping"),
            ]
            .into(),
            ..Book::default()
        };
        assert_eq!(closest_ids(&book, "nordlys-bnak", 3), ["nordlys-bank"]);
        assert_eq!(closest_ids(&book, "fjord", 3), ["fjord-shipping"]);
        assert!(closest_ids(&book, "zzzzzz", 3).is_empty());
    }
}
