//! Upcoming check-ins and open deals' close dates as an iCalendar file. UIDs are stable
//! (one per client check-in, one per deal), so importing again updates the events.

use std::fmt::Write;

use chrono::{Days, NaiveDate};

use crate::edit::slug;
use crate::model::{Book, Client};
use crate::rules::checkins::{self, Due};
use crate::text::relative_day;

/// The UID of a client's check-in event.
pub fn checkin_uid(client_id: &str) -> String {
    format!("checkin-{client_id}@konto")
}

/// The UID of a task's to-do: the client and the task's id.
pub fn task_uid(client_id: &str, task_id: &str) -> String {
    format!("task-{client_id}-{task_id}@konto")
}

/// The UID of a deal's close-date event: the client and the deal's title.
pub fn deal_uid(client_id: &str, title: &str) -> String {
    format!("deal-{client_id}-{}@konto", slug(title))
}

/// What every calendar component of konto's carries.
struct Entry<'a> {
    uid: &'a str,
    stamp: NaiveDate,
    summary: &'a str,
    description: &'a str,
}

/// An iCalendar document being written: content lines ended by CRLF and folded at 75
/// octets (RFC 5545, 3.1), text values escaped (3.3.11). Written here rather than through
/// a calendar crate so that every text property is escaped (the calendar's name too)
/// and folding stays linear for very long values.
struct Ics {
    out: String,
}

impl Ics {
    fn new(name: &str) -> Ics {
        let mut ics = Ics { out: String::new() };
        ics.line("BEGIN:VCALENDAR");
        ics.line("VERSION:2.0");
        ics.line("PRODID:-//konto//konto//EN");
        ics.line("CALSCALE:GREGORIAN");
        ics.text("NAME", name);
        ics.text("X-WR-CALNAME", name);
        ics
    }

    /// One content line, folded: a line break and a space before every 75th octet,
    /// never inside a character.
    fn line(&mut self, line: &str) {
        const LIMIT: usize = 75;
        let mut used = 0;
        for ch in line.chars() {
            if used + ch.len_utf8() > LIMIT {
                self.out.push_str("\r\n ");
                used = 1;
            }
            self.out.push(ch);
            used += ch.len_utf8();
        }
        self.out.push_str("\r\n");
    }

    /// A TEXT property: backslash, semicolon, comma and newline escaped; control
    /// characters, which the RFC does not allow in a value, left out.
    fn text(&mut self, name: &str, value: &str) {
        let mut line = String::with_capacity(name.len() + value.len() + 8);
        line.push_str(name);
        line.push(':');
        for ch in value.chars() {
            match ch {
                '\\' => line.push_str("\\\\"),
                ';' => line.push_str("\\;"),
                ',' => line.push_str("\\,"),
                '\n' => line.push_str("\\n"),
                // Control characters and bidi overrides are dropped: a calendar shows
                // its text on screens and in notifications, where an override would
                // reverse what follows it.
                c if crate::text::is_unsafe(c) => {}
                c => line.push(c),
            }
        }
        self.line(&line);
    }

    /// An all-day event on `date` (DTEND is exclusive: the next day).
    fn event(
        &mut self,
        uid: &str,
        stamp: NaiveDate,
        date: NaiveDate,
        summary: &str,
        description: &str,
    ) {
        let end = date.checked_add_days(Days::new(1)).unwrap_or(date);
        let entry = Entry {
            uid,
            stamp,
            summary,
            description,
        };
        self.component("VEVENT", &entry, &[("DTSTART", date), ("DTEND", end)], &[]);
    }

    /// A to-do due on `date` (RFC 5545, 3.6.2).
    fn todo(
        &mut self,
        uid: &str,
        stamp: NaiveDate,
        date: NaiveDate,
        summary: &str,
        description: &str,
    ) {
        let entry = Entry {
            uid,
            stamp,
            summary,
            description,
        };
        self.component("VTODO", &entry, &[("DUE", date)], &["STATUS:NEEDS-ACTION"]);
    }

    /// One calendar component: its UID and stamp, its all-day dates, what it is, and any
    /// further lines.
    fn component(&mut self, kind: &str, entry: &Entry, dates: &[(&str, NaiveDate)], more: &[&str]) {
        self.line(&format!("BEGIN:{kind}"));
        self.text("UID", entry.uid);
        self.line(&format!("DTSTAMP:{}T000000Z", entry.stamp.format("%Y%m%d")));
        for (name, date) in dates {
            self.line(&format!("{name};VALUE=DATE:{}", date.format("%Y%m%d")));
        }
        self.text("SUMMARY", entry.summary);
        self.text("DESCRIPTION", entry.description);
        for line in more {
            self.line(line);
        }
        self.line(&format!("END:{kind}"));
    }

    fn finish(mut self) -> String {
        self.line("END:VCALENDAR");
        self.out
    }
}

/// Check-ins due within `days` (overdue ones on today) and open deals closing within
/// `days` (late ones on today) as events, and open tasks with a due date as to-dos, in
/// an iCalendar document.
pub fn export(book: &Book, today: NaiveDate, days: u32) -> String {
    let horizon = today
        .checked_add_days(Days::new(days.into()))
        .unwrap_or(today);
    let name = match book.owner() {
        "" => "konto".to_string(),
        owner => format!("konto: {owner}"),
    };
    let mut ics = Ics::new(&name);
    for client in &book.clients {
        let checkin = checkins::checkin(book, client, today);
        if checkin.date <= horizon {
            ics.event(
                &checkin_uid(&client.id),
                today,
                checkin.date.max(today),
                &format!("Check in: {}", client.name),
                &checkin_description(client, &checkin, today),
            );
        }
        for deal in client.open_deals() {
            let Some(close) = deal.close_date.filter(|d| *d <= horizon) else {
                continue;
            };
            let mut description = format!(
                "{} · {} · {} {}",
                client.name,
                deal.stage().label(),
                book.currency(),
                deal.amount().grouped(),
            );
            if close < today {
                let _ = write!(description, " · expected {close}, now late");
            }
            ics.event(
                &deal_uid(&client.id, &deal.title),
                today,
                close.max(today),
                &format!("Deal closes: {} ({})", deal.title, client.name),
                &description,
            );
        }
        for task in client.open_tasks() {
            let Some(due) = task.due else {
                continue;
            };
            let owner = task
                .owner
                .as_deref()
                .map(|id| book.colleague(id).map_or(id, |m| m.name.as_str()));
            let mut description = vec![client.name.clone()];
            description.extend(owner.map(|o| format!("With {o}")));
            description.extend(
                client
                    .task_deal_title(task)
                    .map(|d| format!("For the deal \"{d}\"")),
            );
            ics.todo(
                &task_uid(&client.id, &task.id),
                today,
                due,
                &format!("{} ({})", task.title, client.name),
                &description.join("\n"),
            );
        }
    }
    ics.finish()
}

fn checkin_description(client: &Client, checkin: &checkins::Checkin, today: NaiveDate) -> String {
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
    description.join("\n")
}
