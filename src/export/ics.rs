//! Upcoming check-ins and open deals' close dates as an iCalendar file. UIDs are stable
//! (one per client check-in, one per deal), so importing again updates the events.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use crate::edit::slug;
use crate::model::{Book, Client};
use crate::rules::checkins::{self, Due};
use crate::text::relative_day;

/// The UID of a client's check-in event.
pub fn checkin_uid(client_id: &str) -> String {
    format!("checkin-{client_id}@konto")
}

/// The UID of a deal's close-date event: the client and the deal's title.
pub fn deal_uid(client_id: &str, title: &str) -> String {
    format!("deal-{client_id}-{}@konto", slug(title))
}

fn all_day(event: &mut Event, date: NaiveDate) {
    // DTEND is exclusive: an all-day event on one date ends the next day.
    let end = date.checked_add_days(Days::new(1)).unwrap_or(date);
    event.starts(date).ends(end);
}

/// Check-ins due within `days` (overdue ones on today) and open deals closing within
/// `days` (late ones on today), as an iCalendar document.
pub fn export(book: &Book, today: NaiveDate, days: u32) -> String {
    let stamp = Utc.from_utc_datetime(&today.and_hms_opt(0, 0, 0).unwrap_or_default());
    let horizon = today
        .checked_add_days(Days::new(days.into()))
        .unwrap_or(today);
    let mut calendar = Calendar::new();
    let name = match book.owner() {
        "" => "konto".to_string(),
        owner => format!("konto: {owner}"),
    };
    calendar.name(&name);
    for client in &book.clients {
        let checkin = checkins::checkin(book, client, today);
        if checkin.date <= horizon {
            calendar.push(checkin_event(client, &checkin, today, stamp));
        }
        for deal in client.open_deals() {
            let Some(close) = deal.close_date.filter(|d| *d <= horizon) else {
                continue;
            };
            let mut event = Event::new();
            event
                .uid(&deal_uid(&client.id, &deal.title))
                .timestamp(stamp)
                .summary(&format!("Deal closes: {} ({})", deal.title, client.name))
                .description(&format!(
                    "{} · {} · {} {}{}",
                    client.name,
                    deal.stage().label(),
                    book.currency(),
                    deal.amount().grouped(),
                    if close < today {
                        format!(" · expected {close}, now late")
                    } else {
                        String::new()
                    }
                ));
            all_day(&mut event, close.max(today));
            calendar.push(event.done());
        }
    }
    calendar.done().to_string()
}

fn checkin_event(
    client: &Client,
    checkin: &checkins::Checkin,
    today: NaiveDate,
    stamp: chrono::DateTime<Utc>,
) -> Event {
    {
        let mut description = vec![format!(
            "{} · {} account · every {} days",
            client.name,
            client.tier().label(),
            checkin.cadence_days
        )];
        if let Due::Overdue { days } = checkin.due {
            description.push(format!("Overdue by {days} days (was due {})", checkin.date));
        }
        if let Some(last) = client.last_interaction(today) {
            let when = last
                .date
                .map(|d| relative_day(d, today))
                .unwrap_or_default();
            description.push(format!(
                "Last: {} {when}: {}",
                last.kind().label(),
                last.summary
            ));
        }
        if let Some(contact) = client.main_contact() {
            let mut reach = vec![contact.name.clone()];
            reach.extend(contact.role.clone());
            reach.extend(contact.phone.clone());
            reach.extend(contact.email.clone());
            description.push(format!("Contact: {}", reach.join(" · ")));
        }
        let mut event = Event::new();
        event
            .uid(&checkin_uid(&client.id))
            .timestamp(stamp)
            .summary(&format!("Check in: {}", client.name))
            .description(&description.join("\n"));
        all_day(&mut event, checkin.date.max(today));
        event.done()
    }
}
