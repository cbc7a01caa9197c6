//! Changes to a book that both the command line and the dashboard make, with the same rules.

use chrono::NaiveDate;

use crate::model::{Book, Client, Interaction, InteractionKind};

/// Records an interaction dated `today`. A real contact (not a note to self) resets the
/// check-in clock: `last_contact` moves to today and a planned check-in that has come
/// due is cleared, so the cadence schedules the next one.
pub fn log_interaction(
    client: &mut Client,
    today: NaiveDate,
    kind: InteractionKind,
    summary: &str,
) {
    client.interactions.push(Interaction {
        date: Some(today),
        kind: Some(kind),
        summary: summary.trim().to_string(),
    });
    if kind.is_contact() {
        if client.last_contact.is_none_or(|last| last < today) {
            client.last_contact = Some(today);
        }
        if client.next_checkin.is_some_and(|next| next <= today) {
            client.next_checkin = None;
        }
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

/// Ids most like `wanted` (by edit distance, or containing it), closest first.
pub fn closest_ids<'a>(book: &'a Book, wanted: &str, count: usize) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = book
        .clients
        .iter()
        .map(|c| {
            let id = c.id.as_str();
            let lower = id.to_lowercase();
            let distance = if lower.contains(&wanted) || c.name.to_lowercase().contains(&wanted) {
                0
            } else {
                strsim::levenshtein(&wanted, &lower)
            };
            (distance, id)
        })
        .filter(|(distance, id)| *distance <= (id.len().max(wanted.len()) / 2).max(2))
        .collect();
    scored.sort();
    scored.into_iter().take(count).map(|(_, id)| id).collect()
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
            clients: vec![client],
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
        log_interaction(&mut client, today, InteractionKind::Note, "idea");
        assert_eq!(client.last_contact, None);
        log_interaction(&mut client, today, InteractionKind::Email, "sent deck");
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
    fn suggests_near_ids() {
        let book = Book {
            clients: vec![
                Client::new("nordlys-bank", "Nordlys Bank"),
                Client::new("fjord-shipping", "Fjord Shipping"),
            ],
            ..Book::default()
        };
        assert_eq!(closest_ids(&book, "nordlys-bnak", 3), ["nordlys-bank"]);
        assert_eq!(closest_ids(&book, "fjord", 3), ["fjord-shipping"]);
        assert!(closest_ids(&book, "zzzzzz", 3).is_empty());
    }
}
