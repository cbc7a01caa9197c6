//! `konto capture`: reads the files given (all of them before the book is touched), then
//! logs what they show in one atomic save under the book's lock.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::Outcome;
use super::args::CaptureArgs;
use crate::capture::log::{self, Report};
use crate::capture::{self as capture_files, ActivityKind, Found, Me, Sources, Window};
use crate::storage::location::DataLocation;
use crate::storage::{self, Loaded};
use crate::text::{one_line, plural};

pub fn run(
    args: &CaptureArgs,
    location: &DataLocation,
    loaded: &Loaded,
    today: NaiveDate,
) -> Outcome {
    if args.ics.is_empty() && args.mbox.is_empty() && args.maildir.is_empty() && args.eml.is_empty()
    {
        return Outcome::fail(
            "error: give something to read: --ics FILE, --mbox FILE, --maildir DIR or --eml FILE\n"
                .to_string(),
        );
    }
    let me = if args.me.is_empty() {
        Me::new(loaded.book.owner_email.iter())
    } else {
        Me::new(&args.me)
    };
    let reads_mail = !(args.mbox.is_empty() && args.maildir.is_empty() && args.eml.is_empty());
    if reads_mail && me.is_empty() {
        return Outcome::fail(
            "error: whose mail is it? Give your address with --me EMAIL, or set owner_email in the book\nNothing was logged.\n"
                .to_string(),
        );
    }
    let zone = match capture_files::zones::local(args.zone.as_deref()) {
        Ok(zone) => zone,
        Err(message) => return Outcome::fail(message),
    };
    let window = Window {
        today,
        since: Some(
            args.since
                .unwrap_or_else(|| capture_files::default_since(&loaded.book, today)),
        ),
        zone,
    };
    let sources = Sources {
        ics: args.ics.clone(),
        mbox: args.mbox.clone(),
        maildir: args.maildir.clone(),
        eml: args.eml.clone(),
        me: Vec::new(),
    };
    let found = match sources.read(&me, window) {
        Ok(found) => found,
        Err(message) => return Outcome::fail(format!("error: {message}\nNothing was logged.\n")),
    };
    if args.dry_run {
        let mut book = loaded.book.clone();
        let report = log::apply(&mut book, &found, &me, today);
        return Outcome::ok(answer(args, &found, &report, today));
    }
    // A run that finds nothing new writes nothing: the change "declines" with its report.
    let result = storage::update(location, |book| {
        let report = log::apply(book, &found, &me, today);
        if report.logged.is_empty() && report.next_meetings.is_empty() {
            Err(report)
        } else {
            Ok(report)
        }
    });
    match result {
        Ok(report) | Err(storage::UpdateError::Refused(report)) => {
            remember_unknown(&report);
            Outcome::ok(answer(args, &found, &report, today))
        }
        Err(error) => Outcome::fail(format!(
            "error: {error}\nNothing was logged; run it again.\n"
        )),
    }
}

/// The unknown addresses go to the dashboard's inbox (`i`), in the state folder. Losing
/// them only means the inbox is shorter: never an error.
fn remember_unknown(report: &Report) {
    if let Some(state) = crate::storage::launch_state::default_path() {
        let unknown = report.unknown.iter().map(|u| {
            (
                u.address.clone(),
                u.items,
                u.client_id.clone(),
                u.name.clone(),
            )
        });
        let _ = crate::storage::launch_state::remember_unknown(&state, unknown);
    }
}

fn answer(args: &CaptureArgs, found: &Found, report: &Report, today: NaiveDate) -> String {
    if args.json {
        json(args, found, report)
    } else {
        plain(args, found, report, today)
    }
}

fn kind_word(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Meeting => "meeting",
        ActivityKind::Email => "email",
    }
}

fn plain(args: &CaptureArgs, found: &Found, report: &Report, today: NaiveDate) -> String {
    let mut out = format!(
        "Read {} and {}.\n",
        plural(found.events, "calendar event", "calendar events"),
        plural(found.messages, "message", "messages")
    );
    let verb = if args.dry_run { "Would log" } else { "Logged" };
    let _ = writeln!(
        out,
        "{verb} {} and {}{}",
        plural(report.count(ActivityKind::Meeting), "meeting", "meetings"),
        plural(report.count(ActivityKind::Email), "email", "emails"),
        if report.logged.is_empty() { "." } else { ":" }
    );
    let name_width = report
        .logged
        .iter()
        .map(|l| crate::text::width(&one_line(&l.client)))
        .max()
        .unwrap_or(0)
        .min(28);
    for item in &report.logged {
        let with = if item.with.is_empty() {
            String::new()
        } else {
            format!(" · {}", item.with.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}  {}  {:<7}  {}{}",
            crate::text::pad(&one_line(&item.client), name_width),
            item.date,
            kind_word(item.kind),
            one_line(&item.summary),
            one_line(&with)
        );
    }
    if !report.next_meetings.is_empty() {
        out.push_str("Next check-ins, from meetings ahead:\n");
        for next in &report.next_meetings {
            let _ = writeln!(
                out,
                "  {}  {}: {}",
                one_line(&next.client),
                crate::text::short_date(next.date, today),
                one_line(&next.summary)
            );
        }
    }
    if report.already > 0 {
        let _ = writeln!(
            out,
            "Already in the book: {} (captured before, or logged by hand that day).",
            report.already
        );
    }
    unknown_lines(&mut out, report);
    skipped_lines(&mut out, found, report);
    if args.dry_run {
        out.push_str("Dry run: nothing was written.\n");
    }
    out
}

fn unknown_lines(out: &mut String, report: &Report) {
    if report.unknown.is_empty() {
        return;
    }
    out.push_str(
        "Unknown addresses (`konto contact add CLIENT NAME --email ADDRESS` captures them by name next time):\n",
    );
    for unknown in &report.unknown {
        let at = match &unknown.client {
            Some(client) => format!("at {} (logged with the client)", one_line(client)),
            None => "no client".to_string(),
        };
        let _ = writeln!(
            out,
            "  {}  {}  {at}",
            one_line(&unknown.address),
            plural(unknown.items, "item", "items")
        );
    }
}

fn skipped_lines(out: &mut String, found: &Found, report: &Report) {
    if !found.skipped.is_empty() {
        let _ = writeln!(out, "Skipped {}:", found.skipped.len());
        for skipped in &found.skipped {
            let _ = writeln!(
                out,
                "  {}  {}: {}",
                one_line(&skipped.origin),
                one_line(&skipped.what),
                one_line(&skipped.reason.to_string())
            );
        }
    }
    let quiet = [
        (report.unmatched, "with nobody at any client"),
        (found.alone, "with nobody else"),
        (
            found.too_old,
            "from before the run's start (--since, by default a year back)",
        ),
        (
            found.over_limit,
            "past the most one run logs (run again with a later --since)",
        ),
    ];
    for (count, what) in quiet {
        if count > 0 {
            let _ = writeln!(out, "Not logged: {count} {what}.");
        }
    }
}

fn json(args: &CaptureArgs, found: &Found, report: &Report) -> String {
    let skipped: Vec<serde_json::Value> = found
        .skipped
        .iter()
        .map(|s| {
            serde_json::json!({
                "origin": s.origin,
                "what": s.what,
                "reason": s.reason.to_string(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "dry_run": args.dry_run,
        "events": found.events,
        "messages": found.messages,
        "logged": report.logged,
        "already": report.already,
        "next_checkins": report.next_meetings,
        "unknown": report.unknown,
        "skipped": skipped,
        "with_nobody_at_a_client": report.unmatched,
        "with_nobody_else": found.alone,
        "before_since": found.too_old,
        "over_limit": found.over_limit,
    });
    // The one JSON writer of the command line: a bidi override or other control
    // character comes out as a JSON escape, never raw (nor as anything JSON cannot read).
    super::json::to_string(&value)
}
