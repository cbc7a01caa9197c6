//! `konto capture`: reads the files given (all of them before the book is touched), then
//! logs what they show in one atomic save under the book's lock.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::BufReader;
use std::path::Path;

use chrono::NaiveDate;

use super::Outcome;
use super::args::CaptureArgs;
use crate::capture::log::{self, Report};
use crate::capture::{self as capture_files, ActivityKind, Found, Me, Window, calendar, mail};
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
    let zone = match zone(args.zone.as_deref()) {
        Ok(zone) => zone,
        Err(message) => return Outcome::fail(message),
    };
    let window = Window {
        today,
        since: args.since,
        zone,
    };
    let found = match read_sources(args, &me, window) {
        Ok(found) => found,
        Err(message) => return Outcome::fail(format!("error: {message}\nNothing was logged.\n")),
    };
    if args.dry_run {
        let mut book = loaded.book.clone();
        let report = log::apply(&mut book, &found, &me, today);
        return Outcome::ok(answer(args, &found, &report));
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
            Outcome::ok(answer(args, &found, &report))
        }
        Err(error) => Outcome::fail(format!(
            "error: {error}\nNothing was logged; run it again.\n"
        )),
    }
}

/// `--tz`, else the `TZ` variable, else this computer's zone, else UTC.
fn zone(flag: Option<&str>) -> Result<chrono_tz::Tz, String> {
    if let Some(name) = flag {
        return capture_files::zones::zone(name).ok_or_else(|| {
            format!(
                "error: --tz {name:?} is not a time zone konto knows (e.g. Europe/Copenhagen)\n"
            )
        });
    }
    let named = std::env::var("TZ")
        .ok()
        .map(|tz| tz.trim_start_matches(':').to_string())
        .or_else(|| iana_time_zone::get_timezone().ok());
    Ok(named
        .and_then(|name| capture_files::zones::zone(&name))
        .unwrap_or(chrono_tz::UTC))
}

fn read_sources(args: &CaptureArgs, me: &Me, window: Window) -> Result<Found, String> {
    let mut found = Found::default();
    let cannot = |path: &Path, e: std::io::Error| format!("cannot read {}: {e}", path.display());
    for path in &args.ics {
        let bytes = fs::read(path).map_err(|e| cannot(path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        calendar::read(&text, &path.display().to_string(), me, window, &mut found);
    }
    for path in &args.mbox {
        let file = File::open(path).map_err(|e| cannot(path, e))?;
        for message in mail::Mbox::new(BufReader::with_capacity(1 << 16, file)) {
            let (line, header) = message.map_err(|e| cannot(path, e))?;
            let origin = format!("{}:{line}", path.display());
            mail::read_message(&header, &origin, me, window, &mut found);
        }
    }
    for dir in &args.maildir {
        for path in maildir_messages(dir)? {
            read_file(&path, me, window, &mut found)?;
        }
    }
    for path in &args.eml {
        read_file(path, me, window, &mut found)?;
    }
    Ok(found)
}

fn read_file(path: &Path, me: &Me, window: Window, found: &mut Found) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = File::open(path).map_err(cannot)?;
    let header = mail::header_of(BufReader::new(file)).map_err(cannot)?;
    mail::read_message(&header, &path.display().to_string(), me, window, found);
    Ok(())
}

/// The message files of a Maildir (`cur/` and `new/`), in name order.
fn maildir_messages(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files = Vec::new();
    let mut any = false;
    for sub in ["cur", "new"] {
        let Ok(entries) = fs::read_dir(dir.join(sub)) else {
            continue;
        };
        any = true;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                files.push(entry.path());
            }
        }
    }
    if !any {
        return Err(format!(
            "{} is not a Maildir (it has no cur/ or new/ folder)",
            dir.display()
        ));
    }
    files.sort();
    Ok(files)
}

fn answer(args: &CaptureArgs, found: &Found, report: &Report) -> String {
    if args.json {
        json(args, found, report)
    } else {
        plain(args, found, report)
    }
}

fn kind_word(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Meeting => "meeting",
        ActivityKind::Email => "email",
    }
}

fn plain(args: &CaptureArgs, found: &Found, report: &Report) -> String {
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
                crate::text::short_date(next.date),
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
        (found.too_old, "before --since"),
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
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
