//! `konto rollup`: the team's books side by side for a sales manager (see
//! [`crate::rollup`]), in words that fit 80 columns or as JSON.

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;

use super::Outcome;
use super::args::RollupAction;
use crate::rollup::{self, ForecastRollup, Team};
use crate::text::{one_line, pad, pad_left, truncate};

/// `konto rollup [forecast|pipeline|activity|gifts|report|fetch] [--team FILE] [--json]`.
/// `(json, next)`: JSON rather than words; the next fiscal quarter rather than this one.
pub fn rollup(
    action: Option<&RollupAction>,
    team_path: Option<&Path>,
    (json, next): (bool, bool),
    today: NaiveDate,
) -> Outcome {
    let Some(path) = team_path
        .map(Path::to_path_buf)
        .or_else(rollup::default_team_path)
    else {
        return Outcome::fail(
            "error: no home folder to find team.ron in; give --team FILE.\n".into(),
        );
    };
    let team = match rollup::read_team(&path) {
        Ok(team) => team,
        Err(error) => return Outcome::fail(format!("error: {error}.\n")),
    };
    if let Some(RollupAction::Fetch { timeout }) = action {
        return fetch(&team, *timeout);
    }
    if let Some(RollupAction::Gifts { audit: true }) = action {
        let (changes, missing) = rollup::audit(&team);
        return answer(
            json,
            &missing,
            || AuditJson {
                changes: &changes,
                missing: missing_json(&missing),
            },
            || describe_audit(&changes, &missing),
        );
    }
    let since = match action {
        Some(
            RollupAction::Report { since }
            | RollupAction::Pipeline { since }
            | RollupAction::Activity { since },
        ) => match since_day(since, today) {
            Ok(day) => day,
            Err(outcome) => return outcome,
        },
        _ => today,
    };
    let books = rollup::read_members(&team, since, today);
    let mut outcome = match action {
        Some(RollupAction::Report { .. }) => {
            let text = report(&team, &books, (since, next), today);
            let missing = !rollup::forecast(&team, &books, next).missing.is_empty();
            Outcome {
                code: u8::from(missing),
                ..Outcome::ok(text)
            }
        }
        Some(RollupAction::Pipeline { .. }) => {
            let (members, missing) = rollup::pipeline(&books);
            answer(
                json,
                &missing,
                || PipelineJson {
                    currency: &team.currency,
                    since,
                    members: &members,
                    missing: missing_json(&missing),
                },
                || describe_pipeline(&members, &missing, &team.currency, since),
            )
        }
        Some(RollupAction::Activity { .. }) => {
            let (members, missing) = rollup::activity(&books);
            answer(
                json,
                &missing,
                || ActivityJson {
                    since,
                    members: &members,
                    missing: missing_json(&missing),
                },
                || describe_activity(&members, &missing, since),
            )
        }
        Some(RollupAction::Gifts { .. }) => {
            let register = rollup::gifts(&books);
            answer(
                json,
                &register.missing,
                || gifts_json(&register),
                || describe_gifts(&register),
            )
        }
        Some(RollupAction::Forecast | RollupAction::Fetch { .. }) | None => {
            let figures = rollup::forecast(&team, &books, next);
            answer(
                json,
                &figures.missing,
                || forecast_json(&figures),
                || describe_forecast(&figures),
            )
        }
    };
    if !json {
        outcome.stdout.push_str(&freshness(&books));
    }
    outcome
}

/// How fresh each book read is: the file's time, or the last commit's on its remote.
fn freshness(books: &[rollup::MemberBook]) -> String {
    let dated: Vec<String> = books
        .iter()
        .filter_map(|b| {
            let summary = b.read.as_ref().ok()?;
            Some(format!(
                "{} {}",
                one_line(&b.member.id),
                summary.as_of.format("%Y-%m-%d %H:%M UTC")
            ))
        })
        .collect();
    if dated.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for (n, line) in crate::text::wrap(&format!("Books as of: {}", dated.join(", ")), 78)
        .iter()
        .enumerate()
    {
        let _ = writeln!(out, "{}{line}", if n == 0 { "" } else { "  " });
    }
    out
}

/// The answer as JSON or in words; exit 1 when a member was left out (named on stderr
/// with JSON, in the text otherwise).
fn answer<J: serde::Serialize>(
    json: bool,
    missing: &[(String, String)],
    as_json: impl FnOnce() -> J,
    in_words: impl FnOnce() -> String,
) -> Outcome {
    let mut outcome = if json {
        Outcome::ok(serde_json::to_string_pretty(&as_json()).unwrap_or_default() + "\n")
    } else {
        Outcome::ok(in_words())
    };
    if !missing.is_empty() {
        outcome.code = 1;
        if json {
            outcome.stderr = missing_lines(missing);
        }
    }
    outcome
}

fn fetch(team: &Team, timeout: u64) -> Outcome {
    let fetched = rollup::fetch(team, Duration::from_secs(timeout.max(1)));
    let mut out = String::new();
    let mut failed = false;
    for (id, result) in &fetched {
        match result {
            Ok(()) => {
                let _ = writeln!(out, "{}: fetched", one_line(id));
            }
            Err(problem) => {
                failed = true;
                let _ = writeln!(out, "{}: not fetched: {}", one_line(id), one_line(problem));
            }
        }
    }
    if fetched.is_empty() {
        out.push_str("No member reads from a remote: nothing to fetch.\n");
    }
    Outcome {
        code: u8::from(failed),
        ..Outcome::ok(out)
    }
}

/// Each member left out and why, wrapped to 80 columns.
fn missing_lines(missing: &[(String, String)]) -> String {
    let mut out = String::new();
    for (id, reason) in missing {
        let text = format!("{}: left out: {}", one_line(id), one_line(reason));
        for (n, line) in crate::text::wrap(&text, 78).iter().enumerate() {
            let indent = if n == 0 { "" } else { "  " };
            let _ = writeln!(out, "{indent}{line}");
        }
    }
    out
}

fn describe_forecast(rollup: &ForecastRollup) -> String {
    let mut out = String::new();
    let period = rollup
        .members
        .first()
        .map_or_else(String::new, |m| m.period.clone());
    let _ = writeln!(
        out,
        "Forecast for the quarter {period}, in {}",
        one_line(&rollup.currency)
    );
    out.push_str("Credited amounts; each column adds the next call to the one before.\n");
    if rollup.periods_differ {
        out.push_str("Note: the members' fiscal quarters differ; each line is its own quarter.\n");
    }
    let _ = writeln!(
        out,
        "{} {} {} {} {} {} {} {}",
        pad("member", 16),
        pad_left("target", 8),
        pad_left("closed", 8),
        pad_left("commit", 8),
        pad_left("best", 8),
        pad_left("pipeline", 8),
        pad_left("weighted", 8),
        pad_left("att.", 5)
    );
    let line = |out: &mut String, name: &str, f: &rollup::Forecast| {
        let _ = writeln!(
            out,
            "{} {} {} {} {} {} {} {}",
            pad(&truncate(&one_line(name), 16), 16),
            pad_left(&f.target.short(), 8),
            pad_left(&f.closed.short(), 8),
            pad_left(&f.commit.short(), 8),
            pad_left(&f.best_case.short(), 8),
            pad_left(&f.pipeline.short(), 8),
            pad_left(&f.weighted.short(), 8),
            pad_left(&format!("{:.0} %", f.attainment * 100.0), 5)
        );
    };
    for member in &rollup.members {
        line(&mut out, &member.name, &member.figures);
    }
    line(&mut out, "Team", &rollup.total);
    out.push_str(&missing_lines(&rollup.missing));
    out
}

#[derive(serde::Serialize)]
struct ForecastJson<'a> {
    currency: &'a str,
    /// The quarter (the first member's; `periods_differ` says when members' differ).
    period: &'a str,
    members: Vec<MemberJson<'a>>,
    total: &'a rollup::Forecast,
    missing: Vec<MissingJson<'a>>,
    periods_differ: bool,
}

#[derive(serde::Serialize)]
struct MemberJson<'a> {
    id: &'a str,
    name: &'a str,
    as_of: String,
    currency: &'a str,
    period: &'a str,
    #[serde(flatten)]
    figures: &'a rollup::Forecast,
}

#[derive(serde::Serialize)]
struct MissingJson<'a> {
    id: &'a str,
    reason: &'a str,
}

fn forecast_json(rollup: &ForecastRollup) -> ForecastJson<'_> {
    ForecastJson {
        currency: &rollup.currency,
        period: rollup.members.first().map_or("", |m| m.period.as_str()),
        members: rollup
            .members
            .iter()
            .map(|m| MemberJson {
                id: &m.id,
                name: &m.name,
                as_of: m.as_of.to_rfc3339(),
                currency: &m.currency,
                period: &m.period,
                figures: &m.figures,
            })
            .collect(),
        total: &rollup.total,
        missing: missing_json(&rollup.missing),
        periods_differ: rollup.periods_differ,
    }
}

fn describe_gifts(register: &rollup::GiftRegister) -> String {
    let mut out = String::from(
        "Gifts this gift year across the team, counted in USD (FINRA Rule 3220 adds up\nwhat everyone at the firm gave one person)\n",
    );
    let _ = writeln!(
        out,
        "{} {} {} {} given by",
        pad("recipient", 30),
        pad_left("counted", 8),
        pad_left("limit", 7),
        pad("  standing", 10),
    );
    // Two people of one name are told apart by their email.
    let mut names: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for person in &register.recipients {
        *names
            .entry(crate::text::fold_name(&person.recipient))
            .or_default() += 1;
    }
    let shared = |name: &str| {
        names
            .get(&crate::text::fold_name(name))
            .copied()
            .unwrap_or(0)
            > 1
    };
    for person in &register.recipients {
        let name = match &person.email {
            Some(email) if shared(&person.recipient) => format!("{} <{email}>", person.recipient),
            _ => person.recipient.clone(),
        };
        let _ = writeln!(
            out,
            "{} {} {} {} {}",
            pad(&truncate(&one_line(&name), 30), 30),
            pad_left(&person.counted_usd.grouped(), 8),
            pad_left(
                &person
                    .limit_usd
                    .map_or("none".into(), crate::model::Money::grouped),
                7
            ),
            pad(&format!("  {}", person.standing.label()), 10),
            truncate(&one_line(&person.givers.join(", ")), 20)
        );
    }
    if register.recipients.is_empty() {
        out.push_str("No gifts this gift year.\n");
    }
    out.push_str(&missing_lines(&register.missing));
    out
}

#[derive(serde::Serialize)]
struct GiftsJson<'a> {
    recipients: &'a [rollup::TeamRecipient],
    missing: Vec<MissingJson<'a>>,
}

fn gifts_json(register: &rollup::GiftRegister) -> GiftsJson<'_> {
    GiftsJson {
        recipients: &register.recipients,
        missing: missing_json(&register.missing),
    }
}

fn missing_json(missing: &[(String, String)]) -> Vec<MissingJson<'_>> {
    missing
        .iter()
        .map(|(id, reason)| MissingJson { id, reason })
        .collect()
}

/// `7d`, `2w` (back from today), or any day the dashboard's date words name; a mistake
/// is the answer to give (exit 2).
fn since_day(text: &str, today: NaiveDate) -> Result<NaiveDate, Outcome> {
    let text = text.trim();
    let back = text.len() > 1
        && text[..text.len() - 1].chars().all(|c| c.is_ascii_digit())
        && (text.ends_with('d') || text.ends_with('w'));
    let words = if back {
        format!("-{text}")
    } else {
        text.to_string()
    };
    crate::edit::parse_when(&words, today)
        .and_then(|day| {
            if day > today {
                Err(format!("{day} is after today"))
            } else {
                Ok(day)
            }
        })
        .map_err(|problem| Outcome {
            code: 2,
            ..Outcome::fail(format!("error: --since: {problem}\n"))
        })
}

#[derive(serde::Serialize)]
struct PipelineJson<'a> {
    currency: &'a str,
    since: NaiveDate,
    members: &'a [rollup::MemberPipeline],
    missing: Vec<MissingJson<'a>>,
}

fn describe_pipeline(
    members: &[rollup::MemberPipeline],
    missing: &[(String, String)],
    currency: &str,
    since: NaiveDate,
) -> String {
    let mut out = format!(
        "Open pipeline by stage, in {} (close dates pushed since {since})\n",
        one_line(currency)
    );
    for m in members {
        let stages: Vec<String> = m
            .stages
            .iter()
            .filter(|s| s.count > 0)
            .map(|s| format!("{} {} · {}", s.stage.label(), s.count, s.amount.short()))
            .collect();
        let _ = writeln!(out, "{}", one_line(&m.name));
        for line in crate::text::wrap(&stages.join("   "), 76) {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(
            out,
            "  slipped {} ({}) · rotting {} · pushed {} (+{} days)",
            m.slipped,
            m.slipped_amount.short(),
            m.rotting,
            m.pushed,
            m.pushed_days
        );
    }
    out.push_str(&missing_lines(missing));
    out
}

#[derive(serde::Serialize)]
struct ActivityJson<'a> {
    since: NaiveDate,
    members: &'a [rollup::Activity],
    missing: Vec<MissingJson<'a>>,
}

fn describe_activity(
    members: &[rollup::Activity],
    missing: &[(String, String)],
    since: NaiveDate,
) -> String {
    let mut out = format!("Contact logged since {since}\n");
    let _ = writeln!(
        out,
        "{} {} {} {} {} {}  key accounts overdue",
        pad("member", 18),
        pad_left("calls", 5),
        pad_left("meet", 5),
        pad_left("mail", 5),
        pad_left("demo", 5),
        pad_left("tries", 5),
    );
    for m in members {
        let overdue = if m.key_accounts_overdue.is_empty() {
            "none".to_string()
        } else {
            m.key_accounts_overdue.join(", ")
        };
        let _ = writeln!(
            out,
            "{} {} {} {} {} {}  {}",
            pad(&truncate(&one_line(&m.name), 18), 18),
            pad_left(&m.calls.to_string(), 5),
            pad_left(&m.meetings.to_string(), 5),
            pad_left(&m.emails.to_string(), 5),
            pad_left(&m.demos.to_string(), 5),
            pad_left(&m.attempts.to_string(), 5),
            truncate(&one_line(&overdue), 28)
        );
    }
    out.push_str(&missing_lines(missing));
    out
}

/// A table row of Markdown: the cells, `|`-separated, with `|` in a cell escaped.
fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| one_line(c).replace('|', "\\|"))
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

/// The weekly forecast call's page: the forecast, the pipeline, activity and the gift
/// register, in that order; who was left out, and why, at the end.
fn report(
    team: &Team,
    books: &[rollup::MemberBook],
    (since, next): (NaiveDate, bool),
    today: NaiveDate,
) -> String {
    let mut out = format!("# Team forecast call, {today}\n\n");
    let forecast = rollup::forecast(team, books, next);
    forecast_section(&mut out, &forecast, &team.currency);
    let (pipeline, _) = rollup::pipeline(books);
    pipeline_section(&mut out, &pipeline, since);
    let (activity, _) = rollup::activity(books);
    activity_section(&mut out, &activity, since);
    let register = rollup::gifts(books);
    gifts_section(&mut out, &register);
    let mut left_out: Vec<&(String, String)> =
        forecast.missing.iter().chain(&register.missing).collect();
    left_out.dedup();
    if !left_out.is_empty() {
        out.push_str("\n## Left out\n\n");
        for (id, reason) in left_out {
            let _ = writeln!(out, "- {}: {}", one_line(id), one_line(reason));
        }
    }
    out.push('\n');
    out
}

/// A table's header row and its alignment row.
fn header(out: &mut String, names: &[&str], alignment: &str) {
    out.push_str(&row(&names
        .iter()
        .map(|n| (*n).to_string())
        .collect::<Vec<_>>()));
    out.push_str(alignment);
    out.push('\n');
}

fn forecast_section(out: &mut String, forecast: &ForecastRollup, currency: &str) {
    let period = forecast
        .members
        .first()
        .map_or_else(String::new, |m| m.period.clone());
    let _ = writeln!(out, "## Forecast, {period} ({})\n", one_line(currency));
    header(
        out,
        &[
            "member",
            "target",
            "closed",
            "commit",
            "best case",
            "pipeline",
            "weighted",
            "attainment",
        ],
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    );
    let figures = |name: &str, f: &rollup::Forecast| {
        row(&[
            name.to_string(),
            f.target.grouped(),
            f.closed.grouped(),
            f.commit.grouped(),
            f.best_case.grouped(),
            f.pipeline.grouped(),
            f.weighted.grouped(),
            format!("{:.0} %", f.attainment * 100.0),
        ])
    };
    for m in &forecast.members {
        out.push_str(&figures(&m.name, &m.figures));
    }
    out.push_str(&figures("**Team**", &forecast.total));
}

fn pipeline_section(out: &mut String, pipeline: &[rollup::MemberPipeline], since: NaiveDate) {
    let _ = writeln!(out, "\n## Pipeline (pushed since {since})\n");
    header(
        out,
        &["member", "open by stage", "slipped", "rotting", "pushed"],
        "|---|---|---:|---:|---:|",
    );
    for m in pipeline {
        let stages: Vec<String> = m
            .stages
            .iter()
            .filter(|s| s.count > 0)
            .map(|s| format!("{} {} ({})", s.stage.label(), s.count, s.amount.short()))
            .collect();
        out.push_str(&row(&[
            m.name.clone(),
            stages.join(", "),
            format!("{} ({})", m.slipped, m.slipped_amount.short()),
            m.rotting.to_string(),
            format!("{} (+{} d)", m.pushed, m.pushed_days),
        ]));
    }
}

fn activity_section(out: &mut String, activity: &[rollup::Activity], since: NaiveDate) {
    let _ = writeln!(out, "\n## Activity since {since}\n");
    header(
        out,
        &[
            "member",
            "calls",
            "meetings",
            "emails",
            "demos",
            "attempts",
            "key accounts overdue",
        ],
        "|---|---:|---:|---:|---:|---:|---|",
    );
    for m in activity {
        out.push_str(&row(&[
            m.name.clone(),
            m.calls.to_string(),
            m.meetings.to_string(),
            m.emails.to_string(),
            m.demos.to_string(),
            m.attempts.to_string(),
            m.key_accounts_overdue.join(", "),
        ]));
    }
}

fn gifts_section(out: &mut String, register: &rollup::GiftRegister) {
    out.push_str("\n## Gifts this gift year (USD, across the team)\n\n");
    header(
        out,
        &[
            "recipient",
            "email",
            "counted",
            "limit",
            "standing",
            "given by",
        ],
        "|---|---|---:|---:|---|---|",
    );
    for p in &register.recipients {
        out.push_str(&row(&[
            p.recipient.clone(),
            p.email.clone().unwrap_or_default(),
            p.counted_usd.grouped(),
            p.limit_usd
                .map_or_else(|| "none".to_string(), crate::model::Money::grouped),
            p.standing.label().to_string(),
            p.givers.join(", "),
        ]));
    }
}

#[derive(serde::Serialize)]
struct AuditJson<'a> {
    changes: &'a [rollup::GiftChange],
    missing: Vec<MissingJson<'a>>,
}

fn describe_audit(changes: &[rollup::GiftChange], missing: &[(String, String)]) -> String {
    let mut out = String::from("Gifts edited or removed after they were first published\n");
    if changes.is_empty() {
        out.push_str("None.\n");
    }
    for c in changes {
        let what = if c.change == "removed" {
            format!("removed: {}", c.from)
        } else {
            format!("edited: {} → {}", c.from, c.to)
        };
        let text = format!(
            "{} {} {} gift `{}` {what}",
            c.date,
            one_line(&c.member),
            one_line(&c.client_id),
            one_line(&c.gift)
        );
        for (n, line) in crate::text::wrap(&one_line(&text), 78).iter().enumerate() {
            let _ = writeln!(out, "{}{line}", if n == 0 { "" } else { "  " });
        }
    }
    out.push_str(&missing_lines(missing));
    out
}
