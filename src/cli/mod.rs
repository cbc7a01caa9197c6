//! Commands that print an answer and exit. Each is a function of (book, today) to text.

pub mod args;
mod capture;
mod changes;
mod exchange;
mod forecast;
mod gifts;
pub mod json;
pub mod notify;
pub mod people;
mod pipeline;
pub mod plain;
mod rollup;
mod sync;

use std::fmt::Write;

use chrono::NaiveDate;

use crate::edit;
use crate::model::{Book, CURRENT_VERSION, Client, Tier};
use crate::rules::{checkins, priority};
use crate::settings;
use crate::storage::Reads;
use crate::storage::cache::Part;
use crate::storage::location::{DataLocation, Source};
use crate::storage::{self, LoadError, Loaded};
use crate::text::{one_line, short_date, terminal_safe};

pub use args::{Args, Command};

/// What a command prints and how it exits.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

impl Outcome {
    fn ok(stdout: String) -> Self {
        Outcome {
            stdout,
            ..Outcome::default()
        }
    }

    fn fail(stderr: String) -> Self {
        Outcome {
            stderr,
            code: 1,
            ..Outcome::default()
        }
    }
}

/// How to start when there is no book yet; shared with the dashboard's first run.
pub fn missing_book_help(location: &DataLocation) -> String {
    let origin = match location.source {
        Source::Flag => "given with --data",
        Source::Environment => "from KONTO_DATA",
        Source::ConfigDir => "the default location",
    };
    format!(
        "No book at {} ({origin}).\n\
         Start one: run `konto` and choose the sample book or an empty one,\n\
         or point konto at an existing file with --data PATH or the KONTO_DATA variable.\n",
        location.path.display()
    )
}

fn load_error(location: &DataLocation, error: &LoadError) -> Outcome {
    match error {
        LoadError::Missing { .. } => Outcome::fail(missing_book_help(location)),
        other => Outcome::fail(format!("error: {other}\nThe file was not changed.\n")),
    }
}

/// Runs one command against the book at `location`, as of `today`. Whatever it prints is
/// safe for a terminal: no control character from the data gets through (JSON keeps the
/// exact strings, escaped the JSON way).
/// Runs `command`. What it prints is in the outcome, except an export too large to hold
/// in memory, which is written to `stdout` as it is made.
/// `now` is the moment the command runs (read once, in `main`): contacts' local times
/// are worked out from it.
pub fn execute(
    command: &Command,
    location: &DataLocation,
    (today, now): (NaiveDate, chrono::DateTime<chrono::Utc>),
    dashboard: &DashboardSettings,
    stdout: &mut dyn std::io::Write,
) -> Outcome {
    let Outcome {
        stdout,
        stderr,
        code,
    } = run_command(command, location, (today, now), dashboard, stdout);
    Outcome {
        stdout: made_safe(stdout),
        stderr: made_safe(stderr),
        code,
    }
}

/// What only the dashboard knows of `config.ron` (its keys, colours and first sort), given
/// by the binary: `konto config default` prints those settings too, and `konto check`
/// reads the file as the dashboard would, while the commands do not depend on the
/// dashboard.
pub struct DashboardSettings {
    /// The whole file read as the dashboard reads it: its first mistake.
    pub check: fn(&std::path::Path) -> Result<(), crate::settings::ConfigError>,
    /// The default file with every setting, each commented out.
    pub default_file: fn() -> String,
}

/// `text` through [`terminal_safe`], without a copy when nothing needed escaping (a
/// morning list at 10,000 clients is a megabyte).
fn made_safe(text: String) -> String {
    match terminal_safe(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

/// A completion script or the manual page, made from the same definition that parses
/// the command line, so neither can fall behind it.
fn generated(command: &Command, dashboard: &DashboardSettings) -> Option<Outcome> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    match command {
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut args::Args::command(), "konto", &mut out);
        }
        Command::Man => {
            if let Err(error) = clap_mangen::Man::new(args::Args::command()).render(&mut out) {
                return Some(Outcome::fail(format!("error: {error}\n")));
            }
        }
        Command::Config { action } => return Some(config_command(*action, dashboard)),
        _ => return None,
    }
    Some(Outcome::ok(String::from_utf8_lossy(&out).into_owned()))
}

/// The answer to a command that does not read the book at `location`.
fn without_the_book(
    command: &Command,
    location: &DataLocation,
    today: NaiveDate,
    dashboard: &DashboardSettings,
) -> Option<Outcome> {
    match command {
        Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        } => Some(sync::merge_driver(base, ours, theirs, path.as_deref())),
        Command::Demo { clients, seed, out } => {
            Some(exchange::demo(*clients, *seed, today, out.as_deref()))
        }
        Command::Path => {
            let mut outcome = Outcome::ok(format!("{}\n", location.path.display()));
            if !location.path.exists() {
                outcome.stderr = "(no book there yet)\n".to_string();
            }
            Some(outcome)
        }
        _ => generated(command, dashboard),
    }
}

fn run_command(
    command: &Command,
    location: &DataLocation,
    (today, now): (NaiveDate, chrono::DateTime<chrono::Utc>),
    dashboard: &DashboardSettings,
    stdout: &mut dyn std::io::Write,
) -> Outcome {
    if let Some(outcome) = without_the_book(command, location, today, dashboard) {
        return outcome;
    }
    match command {
        Command::Contact { action } => return people::contact(action, location, today),
        Command::Task { action } => return people::task(action, location, today),
        Command::Deal { action } => return changes::deal(action, location, today),
        Command::Gift { action } => return changes::gift(action, location, today),
        Command::Checkin { client, when } => {
            return changes::checkin(client, when, location, today);
        }
        Command::Sync {
            action,
            keep,
            clients,
            timeout,
        } => return sync::sync(action.as_ref(), *keep, clients, *timeout, location),
        Command::Rollup {
            action,
            team,
            quarter,
            json,
        } => {
            let next = quarter == "next";
            return rollup::rollup(action.as_ref(), team.as_deref(), (*json, next), today);
        }
        Command::Log {
            id,
            kind,
            date,
            with,
            summary,
        } => {
            let on = match date.as_deref().map(|when| happened_on(when, today)) {
                None => today,
                Some(Ok(on)) => on,
                Some(Err(problem)) => {
                    return Outcome::fail(format!(
                        "error: --date: {} Nothing was recorded.\n",
                        crate::text::sentence(&problem)
                    ));
                }
            };
            return change_client(location, (id, Reads::Settings), |book, client| {
                let with = edit::contact_ids(client, with)?;
                let op = edit::Op::Log {
                    on,
                    kind: *kind,
                    with,
                    summary: summary.clone(),
                };
                edit::apply(book, client, op, today)?;
                let next = checkins::next_checkin(book, client, today);
                Ok(format!(
                    "Logged {} with {} on {on}. Next check-in: {}.\n",
                    crate::text::with_article(&kind.label().to_lowercase()),
                    one_line(&client.name),
                    short_date(next, today)
                ))
            });
        }
        Command::Quota {
            next_year: true, ..
        } => return next_quota_year(location),
        Command::Note { id, text } => {
            return change_client(location, (id, Reads::Settings), |book, client| {
                let op = edit::Op::Note { text: text.clone() };
                edit::apply(book, client, op, today)?;
                Ok(format!("Added a note to {}.\n", one_line(&client.name)))
            });
        }
        _ => {}
    }
    let loaded = match load_for(command, location, today) {
        Ok(loaded) => loaded,
        Err(error) => return load_error(location, &error),
    };
    let outcome = answer(
        command,
        (location, &loaded),
        (today, now),
        dashboard,
        stdout,
    );
    // The process ends with the answer: freeing a large book piece by piece first would
    // only add to the wait (about a tenth of `remind` at 10,000 clients).
    std::mem::forget(loaded);
    outcome
}

/// The book as `command` reads it: the daily commands only what they need of a large
/// book (and never save it).
fn load_for(
    command: &Command,
    location: &DataLocation,
    today: NaiveDate,
) -> Result<Loaded, storage::LoadError> {
    match command {
        Command::Remind { .. } | Command::Rank { .. } => {
            storage::load_part(location, Part::Daily, today)
        }
        Command::Quota { .. } => storage::load_part(location, Part::Deals, today),
        Command::Tasks { all: false, .. } => storage::load_part(location, Part::OpenTasks, today),
        _ => storage::load_from(location),
    }
}

/// The answer to a command that reads the book.
fn answer(
    command: &Command,
    (location, loaded): (&DataLocation, &Loaded),
    (today, now): (NaiveDate, chrono::DateTime<chrono::Utc>),
    dashboard: &DashboardSettings,
    stdout: &mut dyn std::io::Write,
) -> Outcome {
    let book = &loaded.book;
    match command {
        Command::Remind { days, json, notify } => {
            let mut outcome = Outcome::ok(if *json {
                json::remind(book, today, *days)
            } else {
                plain::remind(book, today, now, *days)
            });
            if *notify {
                outcome.stderr = notify_due(book, today);
            }
            outcome
        }
        Command::Rank {
            top,
            json: false,
            explain,
        } => Outcome::ok(plain::rank(book, today, *top, *explain)),
        Command::Rank {
            top, json: true, ..
        } => Outcome::ok(json::rank(book, today, *top)),
        Command::Quota {
            json: false,
            next_year: false,
        } => Outcome::ok(plain::quota(book, today)),
        Command::Quota { json: true, .. } => Outcome::ok(json::quota(book, today)),
        Command::Quota {
            next_year: true, ..
        } => unreachable!("handled before loading"),
        Command::Gifts {
            check: Some(check), ..
        } => gifts::check(book, today, check),
        Command::Gifts { json: false, .. } => Outcome::ok(plain::gifts(book, today)),
        Command::Gifts { json: true, .. } => Outcome::ok(json::gifts(book, today)),
        Command::Check => {
            let (summary, config_ok) = check_summary(location, loaded, today, dashboard);
            Outcome {
                code: u8::from(!config_ok),
                ..Outcome::ok(summary)
            }
        }
        Command::Contacts { client, json } => {
            people::contacts(book, today, client.as_deref(), *json)
        }
        Command::Tasks { all, owner, json } => {
            people::tasks(book, today, *all, owner.as_deref(), *json)
        }
        Command::Team { json } => people::team(book, today, *json),
        Command::Forecast {
            action,
            quarter,
            json,
        } => {
            let which = if quarter == "next" {
                crate::rules::forecast::Which::Next
            } else {
                crate::rules::forecast::Which::This
            };
            forecast::forecast(action.as_ref(), (which, *json), (book, location), today)
        }
        Command::Pipeline { json: false } => Outcome::ok(pipeline::plain(book, today)),
        Command::Pipeline { json: true } => Outcome::ok(pipeline::json(book, today)),
        Command::Import { source } => exchange::import(source, location, loaded, today),
        Command::Capture(args) => capture::run(args, location, loaded, today),
        Command::Export { format } => exchange::export(format, book, today, location, stdout),
        Command::Report { period, output } => {
            exchange::report(book, today, period.period(), output, location)
        }
        Command::Path
        | Command::Config { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Demo { .. }
        | Command::Log { .. }
        | Command::Note { .. }
        | Command::Contact { .. }
        | Command::Task { .. }
        | Command::Deal { .. }
        | Command::Gift { .. }
        | Command::Checkin { .. }
        | Command::Sync { .. }
        | Command::Rollup { .. }
        | Command::MergeDriver { .. } => unreachable!("handled before loading"),
    }
}

/// Sends the morning list as a desktop notification; returns what to tell the user.
fn notify_due(book: &Book, today: NaiveDate) -> String {
    let buckets = checkins::buckets(book, today, 0);
    let context = priority::Context::of(book, today);
    let mut due = priority::most_urgent_first(book, today, &context, &buckets.overdue);
    due.extend(priority::most_urgent_first(
        book,
        today,
        &context,
        &buckets.today,
    ));
    if due.is_empty() {
        return "Nobody due today: no notification sent.\n".to_string();
    }
    let names: Vec<std::borrow::Cow<'_, str>> = due
        .iter()
        .take(5)
        .map(|c| one_line(&c.client.name))
        .collect();
    let more = due.len().saturating_sub(names.len());
    let body = if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    };
    let title = format!("konto: {} to contact today", due.len());
    match notify::send(&title, &body) {
        notify::Notified::Sent(_) => String::new(),
        notify::Notified::NoNotifier(name) => {
            format!("No desktop notifier found ({name} is not installed); the list is above.\n")
        }
        notify::Notified::Failed(why) => format!("Could not send a notification: {why}\n"),
    }
}

/// The day something already happened, read like every date konto asks for.
fn happened_on(when: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let on = edit::parse_when(when, today)?;
    if on > today {
        return Err(format!("{on} is in the future; log what has happened"));
    }
    Ok(on)
}

/// `konto quota --next-year`: the plan moves on a year, under the book's lock.
fn next_quota_year(location: &DataLocation) -> Outcome {
    let result = storage::update(location, |book| {
        let Some(quota) = book.quota.as_mut() else {
            return Err("the book has no quota to carry over (add `quota: (...)`)".to_string());
        };
        let Some(year) = quota.year else {
            return Err(
                "the quota names no year, so it already follows today's; nothing to start"
                    .to_string(),
            );
        };
        quota.year = Some(year + 1);
        Ok(year + 1)
    });
    match result {
        Ok(year) => Outcome::ok(format!(
            "Started the {year} quota year with the same targets and pay plan.\n"
        )),
        Err(storage::UpdateError::Refused(problem)) => {
            Outcome::fail(format!("error: {problem}. Nothing was changed.\n"))
        }
        Err(storage::UpdateError::Load(error)) => load_error(location, &error),
        Err(storage::UpdateError::Save(error)) => {
            Outcome::fail(format!("error: {error}\nNothing was changed.\n"))
        }
    }
}

/// Changes the client `id` under the book's lock and saves at once: `change` gets the book
/// as read and the client to change, and says what it did, or why it refused (then
/// nothing is written); an unknown id gets suggestions.
fn change_client(
    location: &DataLocation,
    (id, reads): (&str, storage::Reads),
    change: impl FnOnce(&Book, &mut Client) -> Result<String, String>,
) -> Outcome {
    let missing = |book: &Book| {
        let mut message = format!("error: no client with id `{}`.", one_line(id));
        let near = edit::closest_ids(book, id, 5);
        if near.is_empty() {
            message.push_str(" `konto rank` lists every client.\n");
        } else {
            let _ = writeln!(message, " Did you mean: {}?", one_line(&near.join(", ")));
        }
        message
    };
    let result = storage::update_client(location, (id, reads), missing, |book, client| {
        change(book, client).map_err(|problem| {
            format!(
                "error: {} Nothing was changed.\n",
                crate::text::sentence(&problem)
            )
        })
    });
    match result {
        Ok(said) => Outcome::ok(said),
        Err(storage::UpdateError::Refused(message)) => Outcome::fail(message),
        Err(storage::UpdateError::Load(error)) => load_error(location, &error),
        Err(storage::UpdateError::Save(error)) => {
            Outcome::fail(format!("error: {error}\nNothing was recorded.\n"))
        }
    }
}

fn config_command(action: args::ConfigAction, dashboard: &DashboardSettings) -> Outcome {
    match action {
        args::ConfigAction::Default => Outcome::ok((dashboard.default_file)()),
        args::ConfigAction::Path => match settings::default_path() {
            Some(path) => {
                let mut outcome = Outcome::ok(format!("{}\n", path.display()));
                if !path.exists() {
                    outcome.stderr =
                        "(no file there yet: konto uses its defaults; `konto config default` writes one)\n"
                            .to_string();
                }
                outcome
            }
            None => Outcome::fail("error: cannot find your config folder\n".to_string()),
        },
    }
}

/// What `check` says of the preferences file: where a setting in the book now belongs,
/// and any mistake in `config.ron` (which would keep the dashboard from starting).
fn check_config(book: &Book, out: &mut String, dashboard: &DashboardSettings) -> bool {
    let path = settings::default_path();
    let shown = path.as_ref().map_or_else(
        || settings::FILE_NAME.to_string(),
        |p| p.display().to_string(),
    );
    if let Some(mode) = book.remind_on_launch {
        let _ = writeln!(
            out,
            "  note: remind_on_launch ({mode:?}) is still read from the book, but it belongs in {shown} now (`konto config default` shows how); a setting there wins"
        );
    }
    let Some(path) = path else {
        return true;
    };
    match (dashboard.check)(&path) {
        Ok(()) => true,
        Err(error) => {
            let _ = writeln!(out, "  error: {}", one_line(&error.to_string()));
            false
        }
    }
}

/// The one-line summary with its notes and warnings, and whether `config.ron` reads.
fn check_summary(
    location: &DataLocation,
    loaded: &Loaded,
    today: NaiveDate,
    dashboard: &DashboardSettings,
) -> (String, bool) {
    let book = &loaded.book;
    // Worked out here, not on every load: only `check` shows them.
    let mut warnings = storage::validate::warnings(book);
    warnings.extend(storage::validate::warnings_on(book, today));
    // What a manager inspects on every Commit deal.
    for (client, deal, gaps) in crate::rules::pipeline::commit_inspection(book) {
        let (last, rest) = gaps.split_last().unwrap_or((&"", &[]));
        let lacks = if rest.is_empty() {
            (*last).to_string()
        } else {
            format!("{} and {last}", rest.join(", "))
        };
        warnings.push(storage::validate::Warning {
            client_id: client.id.clone(),
            message: format!("commit deal \"{}\" lacks {lacks}", deal.title),
        });
    }
    let count = |tier| book.clients.iter().filter(|c| c.tier() == tier).count();
    let due = checkins::buckets(book, today, 0).actionable_count();
    let mut out = format!(
        "OK {}: {} client{} ({} key, {} growth, {} standard), {} due or overdue, {} warning{}\n",
        location.path.display(),
        book.clients.len(),
        if book.clients.len() == 1 { "" } else { "s" },
        count(Tier::Key),
        count(Tier::Growth),
        count(Tier::Standard),
        due,
        warnings.len(),
        if warnings.len() == 1 { "" } else { "s" }
    );
    if book.version < CURRENT_VERSION {
        let _ = writeln!(
            out,
            "  note: this book is version {}; the next save writes it as version {CURRENT_VERSION} (the .bak keeps the version {} text)",
            book.version, book.version
        );
    }
    let config_ok = check_config(book, &mut out, dashboard);
    for warning in &warnings {
        let _ = match warning.client_id.as_str() {
            "" => writeln!(out, "  warning: {}", one_line(&warning.message)),
            id => writeln!(
                out,
                "  warning: client `{}`: {}",
                one_line(id),
                one_line(&warning.message)
            ),
        };
    }
    (out, config_ok)
}
