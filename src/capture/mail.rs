//! Mail (mbox, Maildir, single .eml): a message between the user and other people becomes
//! an email on the day of its `Date`, with its subject (RFC 2047 words decoded, any
//! charset, by `mail-parser`). Only the header is read: a mailbox streams through a
//! bounded buffer, whatever its size, and bodies are never looked at.

use std::io::{self, BufRead};

use chrono::{NaiveDate, TimeZone, Utc};

use super::{Activity, ActivityKind, Found, Me, SkipReason, Skipped, Window, address};
use crate::model::Direction;

/// A header larger than this is cut here (real ones are a few kilobytes).
const MAX_HEADER_BYTES: usize = 256 * 1024;
/// Of a longer line (a body may be one line of a gigabyte), only this much is kept; the
/// rest is read past.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// Reads one line, through its `\n`, into `line` (cleared first), keeping at most
/// [`MAX_LINE_BYTES`] of it: memory stays bounded whatever the line's length. The number
/// of bytes read, 0 at the end.
fn read_line_capped(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<usize> {
    line.clear();
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(read);
        }
        let (chunk, ends) = match memchr::memchr(b'\n', available) {
            Some(at) => (&available[..=at], true),
            None => (available, false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        reader.consume(used);
        read += used;
        if ends {
            return Ok(read);
        }
    }
}

/// The display names the header gives its people (`"Tomasz Zielinski" <t.z@…>`), by
/// address: what the inbox proposes when one is added as a contact.
fn keep_names(message: &mail_parser::Message, found: &mut Found) {
    for person in [message.from(), message.to(), message.cc()]
        .into_iter()
        .flatten()
        .flat_map(|list| list.iter())
    {
        if let (Some(who), Some(name)) = (person.address().and_then(address), person.name()) {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if !name.is_empty() && !name.contains('@') {
                found.names.entry(who).or_insert(name);
            }
        }
    }
}

/// Reads one message's header into `found`. `origin` names it in what is skipped.
pub fn read_message(header: &[u8], origin: &str, me: &Me, window: Window, found: &mut Found) {
    found.messages += 1;
    let skip = |what: String, reason| Skipped {
        origin: origin.to_string(),
        what,
        reason,
    };
    let Some(message) = mail_parser::MessageParser::new().parse_headers(header) else {
        found.skipped.push(skip(
            "a message".to_string(),
            SkipReason::Unparsable("no header".to_string()),
        ));
        return;
    };
    let subject = message
        .subject()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "(no subject)".to_string());
    let from = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .and_then(address);
    keep_names(&message, found);
    let recipients: Vec<String> = [message.to(), message.cc()]
        .into_iter()
        .flatten()
        .flat_map(|list| list.iter())
        .filter_map(|a| a.address().and_then(address))
        .collect();
    let Some(from) = from else {
        found.skipped.push(skip(
            subject,
            SkipReason::Unparsable("no sender".to_string()),
        ));
        return;
    };
    let Some(date) = message
        .date()
        .and_then(|d| local_date(d.to_timestamp(), window))
    else {
        found
            .skipped
            .push(skip(subject, SkipReason::Unparsable("no date".to_string())));
        return;
    };
    if is_list(&message) {
        found.skipped.push(skip(subject, SkipReason::MailingList));
        return;
    }
    let direction = if me.is(&from) {
        Direction::Sent
    } else if recipients.iter().any(|r| me.is(r)) {
        if is_no_reply(&from) {
            found.skipped.push(skip(subject, SkipReason::NoReply));
            return;
        }
        Direction::Received
    } else {
        found.skipped.push(skip(subject, SkipReason::NotYours));
        return;
    };
    if date > window.today {
        found.skipped.push(skip(subject, SkipReason::Future));
        return;
    }
    if window.too_old(date) {
        found.too_old += 1;
        return;
    }
    let participants = me.others(std::iter::once(from.clone()).chain(recipients));
    if participants.is_empty() {
        found.alone += 1;
        return;
    }
    let source = match message.message_id() {
        Some(id) => format!("mail:<{}>", id.trim_matches(['<', '>'])),
        // No Message-ID (rare): the sender and the second it was sent name it.
        None => format!(
            "mail:{from}/{}",
            message
                .date()
                .map_or(0, mail_parser::DateTime::to_timestamp)
        ),
    };
    found.add(Activity {
        kind: ActivityKind::Email,
        date,
        participants,
        summary: subject,
        source,
        direction: Some(direction),
    });
}

fn local_date(timestamp: i64, window: Window) -> Option<NaiveDate> {
    let at = Utc.timestamp_opt(timestamp, 0).single()?;
    Some(at.with_timezone(&window.zone).date_naive())
}

/// A list or bulk mailing: `List-Id`, `List-Unsubscribe`, or `Precedence: list|bulk`.
fn is_list(message: &mail_parser::Message) -> bool {
    let has = |name: &str| message.header_raw(name).is_some();
    has("List-Id")
        || has("List-Unsubscribe")
        || has("List-Post")
        || message.header_raw("Precedence").is_some_and(|p| {
            let p = p.trim().to_ascii_lowercase();
            p == "list" || p == "bulk" || p == "junk"
        })
}

/// `noreply@`, `no-reply@`, `do-not-reply@`, `mailer-daemon@`: nobody to talk to.
fn is_no_reply(address: &str) -> bool {
    let local = address
        .split('@')
        .next()
        .unwrap_or_default()
        .replace(['-', '_', '.'], "");
    local.contains("noreply")
        || local.contains("donotreply")
        || local == "mailerdaemon"
        || local == "postmaster"
}

/// The header of a single message file (Maildir, .eml): up to its first empty line.
pub fn header_of(mut reader: impl BufRead) -> io::Result<Vec<u8>> {
    let mut header = Vec::new();
    let mut line = Vec::new();
    while read_line_capped(&mut reader, &mut line)? > 0 {
        if line == b"\n" || line == b"\r\n" {
            break;
        }
        if header.len() + line.len() < MAX_HEADER_BYTES {
            header.extend_from_slice(&line);
        }
    }
    Ok(header)
}

/// The messages of an mbox file, one header at a time with the line its `From ` line is
/// on; bodies are read past, never kept.
pub struct Mbox<R> {
    reader: R,
    line: usize,
    /// The `From ` line that starts the next message was already read.
    at_message: bool,
    buffer: Vec<u8>,
    /// The line before `buffer` was empty (or there was none): only then does a line
    /// starting `From ` begin a message.
    after_blank: bool,
}

impl<R: BufRead> Mbox<R> {
    pub fn new(reader: R) -> Mbox<R> {
        Mbox {
            reader,
            line: 0,
            at_message: false,
            buffer: Vec::new(),
            after_blank: true,
        }
    }

    fn next_line(&mut self) -> io::Result<bool> {
        self.after_blank = self.line == 0 || self.buffer == b"\n" || self.buffer == b"\r\n";
        let read = read_line_capped(&mut self.reader, &mut self.buffer)?;
        self.line += usize::from(read > 0);
        Ok(read > 0)
    }

    fn is_separator(&self) -> bool {
        self.after_blank && self.buffer.starts_with(b"From ")
    }
}

impl<R: BufRead> Iterator for Mbox<R> {
    type Item = io::Result<(usize, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        // Up to the next `From ` line (the body of the last message, or the file's start).
        while !self.at_message {
            match self.next_line() {
                Ok(true) if self.is_separator() => self.at_message = true,
                Ok(true) => {}
                Ok(false) => return None,
                Err(error) => return Some(Err(error)),
            }
        }
        self.at_message = false;
        let start = self.line;
        let mut header = Vec::new();
        loop {
            match self.next_line() {
                Ok(false) => break,
                Ok(true) if self.is_separator() => {
                    self.at_message = true;
                    break;
                }
                Ok(true) => {
                    if self.buffer == b"\n" || self.buffer == b"\r\n" {
                        break;
                    }
                    if header.len() + self.buffer.len() < MAX_HEADER_BYTES {
                        header.extend_from_slice(&self.buffer);
                    }
                }
                Err(error) => return Some(Err(error)),
            }
        }
        Some(Ok((start, header)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(header: &str) -> Found {
        let mut found = Found::default();
        let me = Me::new(["mette@konto.example"]);
        read_message(header.as_bytes(), "test", &me, Window::test(), &mut found);
        found
    }

    #[test]
    fn a_reply_from_a_client_is_received_on_its_local_day() {
        let found = read(
            "From: =?UTF-8?Q?S=C3=B8ren_=C3=86r=C3=B8?= <Soren@Nordlys.example>\r\n\
             To: Mette Hansen <mette@konto.example>\r\n\
             Cc: karen.o@nordlys.example\r\n\
             Subject: =?ISO-8859-1?Q?Re=3A_Budget_f=F8r_december?=\r\n\
             Date: Thu, 26 Nov 2026 23:30:00 +0000\r\n\
             Message-ID: <abc@nordlys.example>\r\n\r\n",
        );
        let [activity] = found.activities.as_slice() else {
            panic!("{found:?}");
        };
        // 23:30 UTC is already the 27th in Copenhagen.
        assert_eq!(
            activity.date,
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
        assert_eq!(activity.summary, "Re: Budget før december");
        assert_eq!(
            activity.participants,
            ["karen.o@nordlys.example", "soren@nordlys.example"]
        );
        assert_eq!(activity.direction, Some(Direction::Received));
        assert_eq!(activity.source, "mail:<abc@nordlys.example>");
    }

    #[test]
    fn lists_no_reply_and_strangers_are_not_contact() {
        let list = read(
            "From: news@vendor.example\r\nTo: mette@konto.example\r\nList-Id: <news.vendor.example>\r\nSubject: News\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\n",
        );
        assert_eq!(list.skipped[0].reason, SkipReason::MailingList);
        let noreply = read(
            "From: no-reply@bank.example\r\nTo: mette@konto.example\r\nSubject: Statement\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\n",
        );
        assert_eq!(noreply.skipped[0].reason, SkipReason::NoReply);
        let other = read(
            "From: a@x.example\r\nTo: b@y.example\r\nSubject: Not mine\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\n",
        );
        assert_eq!(other.skipped[0].reason, SkipReason::NotYours);
        assert!(list.activities.is_empty() && noreply.activities.is_empty());
    }

    #[test]
    fn an_mbox_streams_header_by_header() {
        let mbox = "From a@x Thu Nov 26 10:00:00 2026\nSubject: one\n\nbody\nFrom the start of a line, quoted\n>From escaped\n\nFrom b@y Thu Nov 26 11:00:00 2026\r\nSubject: two\r\n\r\nbody two\n";
        let headers: Vec<(usize, String)> = Mbox::new(mbox.as_bytes())
            .map(|m| {
                let (line, header) = m.unwrap();
                (line, String::from_utf8(header).unwrap())
            })
            .collect();
        // A body line starting "From " that does not follow an empty line is body.
        assert_eq!(
            headers,
            [
                (1, "Subject: one\n".to_string()),
                (8, "Subject: two\r\n".to_string())
            ]
        );
    }
}
