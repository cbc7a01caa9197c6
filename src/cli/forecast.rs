//! `konto forecast`: the quarter's call for the weekly forecast call, the call kept as
//! submitted (`submit`), every call given (`history`), and what moved since the last.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::Outcome;
use super::args::ForecastAction;
use super::json::{SlippedJson, to_string, units};
use super::pipeline::NextStepJson;
use crate::model::{Book, ForecastCategory, ForecastSubmission, Money};
use crate::rules::forecast::{self, Flow, Moved, QuarterCall, Which};
use crate::rules::pipeline::next_step;
use crate::storage::{self, location::DataLocation};
use crate::text::{one_line, pad, pad_left, plural, short_date, truncate};

pub fn forecast(
    action: Option<&ForecastAction>,
    (which, json): (Which, bool),
    (book, location): (&Book, &DataLocation),
    today: NaiveDate,
) -> Outcome {
    match action {
        None => {
            let call = forecast::quarter_call(book, today, which);
            Outcome::ok(if json {
                call_json(book, &call)
            } else {
                call_plain(book, &call, today)
            })
        }
        Some(ForecastAction::Submit { note }) => submit(location, which, note.clone(), today),
        Some(ForecastAction::History) => Outcome::ok(if json {
            history_json(book)
        } else {
            history_plain(book)
        }),
    }
}

/// Keeps today's call in the book, worked out under its lock from the book as it is.
fn submit(
    location: &DataLocation,
    which: Which,
    note: Option<String>,
    today: NaiveDate,
) -> Outcome {
    let result = storage::update(location, |book| {
        let call = forecast::quarter_call(book, today, which);
        let kept = forecast::submission(&call, today, note);
        let said = format!(
            "Submitted the {} call of {}: {} ({} deals).\n",
            kept.quarter,
            kept.date,
            figures_line(&kept),
            kept.deals.len()
        );
        book.forecasts.push(kept);
        Ok::<_, String>(said)
    });
    match result {
        Ok(said) => Outcome::ok(said),
        Err(storage::UpdateError::Refused(message)) => Outcome::fail(message),
        Err(storage::UpdateError::Load(error)) => {
            Outcome::fail(format!("error: {error}\nNothing was submitted.\n"))
        }
        Err(storage::UpdateError::Save(error)) => Outcome::fail(format!(
            "error: {error}\nNothing was submitted; run it again.\n"
        )),
    }
}

#[derive(Serialize)]
struct PeriodJson {
    label: String,
    start: String,
    end: String,
}

#[derive(Serialize)]
struct CallDealJson<'a> {
    client_id: &'a str,
    client: &'a str,
    id: &'a str,
    title: &'a str,
    stage: crate::model::Stage,
    /// `null` for a deal won in the quarter.
    call: Option<ForecastCategory>,
    amount: f64,
    credited: f64,
    close_date: Option<String>,
    slipped: bool,
    next_step: Option<NextStepJson<'a>>,
}

#[derive(Serialize)]
struct FiguresJson<'a> {
    date: String,
    quarter: &'a str,
    note: Option<&'a str>,
    closed: f64,
    commit: f64,
    best_case: f64,
    pipeline: f64,
    weighted: f64,
}

impl<'a> FiguresJson<'a> {
    fn of(s: &'a ForecastSubmission) -> FiguresJson<'a> {
        FiguresJson {
            date: s.date.to_string(),
            quarter: &s.quarter,
            note: s.note.as_deref(),
            closed: units(s.closed),
            commit: units(s.commit),
            best_case: units(s.best_case),
            pipeline: units(s.pipeline),
            weighted: units(s.weighted),
        }
    }
}

#[derive(Serialize)]
struct MovedJson<'a> {
    client_id: &'a str,
    client: &'a str,
    id: &'a str,
    title: &'a str,
    detail: &'a str,
}

#[derive(Serialize)]
struct FlowJson<'a> {
    new: Vec<MovedJson<'a>>,
    pulled_in: Vec<MovedJson<'a>>,
    pushed: Vec<MovedJson<'a>>,
    won: Vec<MovedJson<'a>>,
    lost: Vec<MovedJson<'a>>,
    changed: Vec<MovedJson<'a>>,
    removed: Vec<MovedJson<'a>>,
}

fn moved_json(list: &[Moved]) -> Vec<MovedJson<'_>> {
    list.iter()
        .map(|m| MovedJson {
            client_id: &m.client,
            client: &m.client_name,
            id: &m.id,
            title: &m.title,
            detail: &m.detail,
        })
        .collect()
}

impl<'a> FlowJson<'a> {
    fn of(flow: &'a Flow) -> FlowJson<'a> {
        FlowJson {
            new: moved_json(&flow.new),
            pulled_in: moved_json(&flow.pulled_in),
            pushed: moved_json(&flow.pushed),
            won: moved_json(&flow.won),
            lost: moved_json(&flow.lost),
            changed: moved_json(&flow.changed),
            removed: moved_json(&flow.removed),
        }
    }
}

#[derive(Serialize)]
struct CallJson<'a> {
    period: PeriodJson,
    currency: &'a str,
    target: f64,
    closed: f64,
    commit: f64,
    best_case: f64,
    pipeline: f64,
    weighted: f64,
    slipped: SlippedJson,
    deals: Vec<CallDealJson<'a>>,
    submitted: Option<FiguresJson<'a>>,
    flow: Option<FlowJson<'a>>,
}

fn call_json(book: &Book, call: &QuarterCall) -> String {
    let q = &call.quarter;
    let submitted = call.last_submitted(book);
    let flow = submitted.map(|s| forecast::flow(book, call, s));
    to_string(&CallJson {
        period: PeriodJson {
            label: q.label(),
            start: q.span.start.to_string(),
            end: q.span.last_day().to_string(),
        },
        currency: book.currency(),
        target: units(q.target),
        closed: units(q.categories.closed),
        commit: units(q.categories.commit),
        best_case: units(q.categories.best_case),
        pipeline: units(q.categories.pipeline),
        weighted: units(q.forecast),
        slipped: SlippedJson::of(q.slipped),
        deals: call
            .deals
            .iter()
            .map(|d| CallDealJson {
                client_id: &d.client.id,
                client: &d.client.name,
                id: &d.deal.id,
                title: &d.deal.title,
                stage: d.deal.stage(),
                call: d.call(),
                amount: units(d.deal.amount()),
                credited: units(d.credited),
                close_date: d.deal.close_date.map(|c| c.to_string()),
                slipped: d.slipped(),
                next_step: NextStepJson::of(next_step(d.client, d.deal)),
            })
            .collect(),
        submitted: submitted.map(FiguresJson::of),
        flow: flow.as_ref().map(FlowJson::of),
    })
}

/// One figure's row: today's, and the submitted call's beside it.
fn figure(out: &mut String, label: &str, now: Money, then: Option<Money>, note: &str) {
    let then = then.map(Money::grouped).unwrap_or_default();
    let line = format!(
        "  {} {} {}  {note}",
        pad(label, 12),
        pad_left(&now.grouped(), 14),
        pad_left(&then, 14)
    );
    let _ = writeln!(out, "{}", line.trim_end());
}

fn call_plain(book: &Book, call: &QuarterCall, today: NaiveDate) -> String {
    let q = &call.quarter;
    let submitted = call.last_submitted(book);
    let mut out = format!(
        "Forecast {} ({} to {}) — as of {} ({})\n",
        q.label(),
        q.span.start,
        q.span.last_day(),
        short_date(today, today),
        one_line(book.currency())
    );
    let then_header = submitted.map_or_else(String::new, |s| {
        format!("called {}", short_date(s.date, today))
    });
    let _ = writeln!(
        out,
        "  {} {} {}",
        pad("", 12),
        pad_left("today", 14),
        pad_left(&then_header, 14)
    );
    let then = |pick: fn(&ForecastSubmission) -> Money| submitted.map(pick);
    figure(&mut out, "Target", q.target, None, "");
    figure(
        &mut out,
        "Closed",
        q.categories.closed,
        then(|s| s.closed),
        "won in the quarter, credited",
    );
    figure(
        &mut out,
        "Commit",
        q.categories.commit,
        then(|s| s.commit),
        "closed + commit",
    );
    figure(
        &mut out,
        "Best case",
        q.categories.best_case,
        then(|s| s.best_case),
        "commit + best case",
    );
    figure(
        &mut out,
        "Pipeline",
        q.categories.pipeline,
        then(|s| s.pipeline),
        "best case + pipeline",
    );
    figure(
        &mut out,
        "Weighted",
        q.forecast,
        then(|s| s.weighted),
        "closed + open by stage probability",
    );
    if q.slipped.count > 0 {
        let _ = writeln!(
            out,
            "  ! {} slipped: {} credited whose close date has passed, counted in this quarter",
            plural(q.slipped.count, "deal", "deals"),
            q.slipped.amount.grouped()
        );
    }
    deals_plain(&mut out, call, today);
    if let Some(submitted) = submitted {
        flow_plain(
            &mut out,
            &forecast::flow(book, call, submitted),
            submitted,
            today,
        );
    } else {
        out.push_str(
            "\nNo call submitted for this quarter yet: `konto forecast submit` keeps today's.\n",
        );
    }
    out
}

fn deals_plain(out: &mut String, call: &QuarterCall, today: NaiveDate) {
    let _ = writeln!(out, "\nDeals ({})", call.deals.len());
    for d in &call.deals {
        let call_label = forecast::call_text(d.call());
        let close = d.deal.close_date.map(|c| c.to_string()).unwrap_or_default();
        let line = format!(
            "  {} {} {} {} {}",
            pad(call_label, 10),
            pad(
                &format!("{} · {}", one_line(&d.client.name), one_line(&d.deal.title)),
                36
            ),
            pad_left(&d.credited.grouped(), 11),
            pad(&close, 10),
            if d.slipped() { "slipped" } else { "" }
        );
        let _ = writeln!(out, "{}", truncate(line.trim_end(), super::plain::WIDTH));
        if d.call().is_some() {
            match next_step(d.client, d.deal) {
                Some(step) => {
                    let due = step
                        .due
                        .map(|d| format!(" ({})", short_date(d, today)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "{}",
                        truncate(
                            &format!("             next: {}{due}", one_line(&step.title)),
                            super::plain::WIDTH
                        )
                    );
                }
                None if matches!(
                    d.call(),
                    Some(ForecastCategory::Commit | ForecastCategory::BestCase)
                ) =>
                {
                    let _ = writeln!(out, "             ! no next step");
                }
                None => {}
            }
        }
    }
}

fn flow_plain(out: &mut String, flow: &Flow, submitted: &ForecastSubmission, today: NaiveDate) {
    let note = submitted
        .note
        .as_deref()
        .map(|n| format!(" (\"{}\")", one_line(n)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "\nSince the call of {}{note}:",
        short_date(submitted.date, today)
    );
    if flow.is_empty() {
        out.push_str("  nothing moved\n");
        return;
    }
    for (name, list) in flow.lists() {
        for m in list {
            let detail = if m.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", one_line(&m.detail))
            };
            let line = format!(
                "  {} {} · {}{detail}",
                pad(name, 10),
                one_line(&m.client_name),
                one_line(&m.title)
            );
            let _ = writeln!(out, "{}", truncate(&line, super::plain::WIDTH));
        }
    }
}

fn history_plain(book: &Book) -> String {
    if book.forecasts.is_empty() {
        return "No call submitted yet: `konto forecast submit` keeps today's.\n".to_string();
    }
    let mut out = String::from("Forecast calls submitted\n");
    for s in &book.forecasts {
        let _ = writeln!(out, "  {} {}  {}", s.date, s.quarter, figures_line(s));
        if let Some(note) = &s.note {
            let _ = writeln!(out, "    {}", one_line(note));
        }
    }
    out
}

/// `closed 160,000 · commit 240,000 · best case … · weighted …`.
fn figures_line(s: &ForecastSubmission) -> String {
    format!(
        "closed {} · commit {} · best case {} · pipeline {} · weighted {}",
        s.closed.grouped(),
        s.commit.grouped(),
        s.best_case.grouped(),
        s.pipeline.grouped(),
        s.weighted.grouped()
    )
}

fn history_json(book: &Book) -> String {
    let calls: Vec<FiguresJson> = book.forecasts.iter().map(FiguresJson::of).collect();
    to_string(&calls)
}
