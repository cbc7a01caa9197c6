//! `konto pipeline`: the open deals across clients, by stage and forecast category, then
//! each deal by close date with its flags.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::json::to_string;
use super::plain::WIDTH;
use crate::model::{Book, ForecastCategory, Stage};
use crate::rules::pipeline::{self, OpenDeal};
use crate::text::{long_date, one_line, pad, pad_id, pad_left, short_date, truncate};

#[derive(Serialize)]
struct StageJson {
    stage: Stage,
    count: usize,
    amount: f64,
    /// Of `count`, the deals omitted from the forecast (not weighted).
    omitted: usize,
    weighted: f64,
}

#[derive(Serialize)]
struct CategoriesJson {
    commit: f64,
    best_case: f64,
    pipeline: f64,
}

/// A deal's next step: its earliest open task.
#[derive(Serialize)]
pub(super) struct NextStepJson<'a> {
    id: &'a str,
    title: &'a str,
    due: Option<String>,
}

impl<'a> NextStepJson<'a> {
    pub(super) fn of(task: Option<&'a crate::model::Task>) -> Option<NextStepJson<'a>> {
        task.map(|t| NextStepJson {
            id: &t.id,
            title: &t.title,
            due: t.due.map(|d| d.to_string()),
        })
    }
}

#[derive(Serialize)]
struct DealJson<'a> {
    client_id: &'a str,
    id: &'a str,
    title: &'a str,
    stage: Stage,
    forecast: ForecastCategory,
    amount: f64,
    /// What it counts toward the quota: basis × credit rate × share.
    credited: f64,
    share: Option<f64>,
    credit: Option<f64>,
    term_months: Option<u32>,
    /// What winning it now would add to the rep's pay.
    worth: f64,
    close_date: Option<String>,
    days_in_stage: Option<i64>,
    slipped_days: Option<i64>,
    rotting: bool,
    next_step: Option<NextStepJson<'a>>,
    /// A Commit or Best case deal with no next step.
    no_next_step: bool,
}

#[derive(Serialize)]
struct PipelineJson<'a> {
    stages: Vec<StageJson>,
    categories: CategoriesJson,
    deals: Vec<DealJson<'a>>,
}

pub fn json(book: &Book, today: NaiveDate) -> String {
    let p = pipeline::pipeline(book, today);
    to_string(&PipelineJson {
        stages: p
            .stages
            .iter()
            .map(|s| StageJson {
                stage: s.stage,
                count: s.count,
                omitted: s.omitted,
                amount: s.amount.as_f64(),
                weighted: s.weighted.as_f64(),
            })
            .collect(),
        categories: CategoriesJson {
            commit: p.commit.as_f64(),
            best_case: p.best_case.as_f64(),
            pipeline: p.pipeline.as_f64(),
        },
        deals: p
            .deals
            .iter()
            .map(|d| DealJson {
                client_id: &d.client.id,
                id: &d.deal.id,
                title: &d.deal.title,
                stage: d.deal.stage(),
                forecast: d.forecast,
                amount: d.deal.amount().as_f64(),
                credited: d.credited.as_f64(),
                share: d.deal.share,
                credit: d.deal.credit,
                term_months: d.deal.term_months,
                worth: d.worth.as_f64(),
                close_date: d.deal.close_date.map(|c| c.to_string()),
                days_in_stage: d.days_in_stage,
                slipped_days: d.slipped_days,
                rotting: d.rotting,
                next_step: NextStepJson::of(d.next_step),
                no_next_step: d.lacks_next_step(),
            })
            .collect(),
    })
}

/// `slipped 12 days past its close date`, `rotting: 20 days in Proposal`: the flags in
/// words (no colour needed).
fn flags(deal: &OpenDeal) -> String {
    let mut flags = Vec::new();
    if let Some(days) = deal.slipped_days {
        flags.push(format!("slipped {days} days past its close date"));
    }
    if let (true, Some(days)) = (deal.rotting, deal.days_in_stage) {
        flags.push(format!(
            "rotting: {days} days in {}",
            deal.deal.stage().label()
        ));
    }
    flags.join(" · ")
}

pub fn plain(book: &Book, today: NaiveDate) -> String {
    let p = pipeline::pipeline(book, today);
    let currency = book.currency();
    let mut out = format!("Pipeline — {}\n\n", long_date(today));
    let _ = writeln!(
        out,
        "{} {} {} {}",
        pad("Stage", 14),
        pad_left("Deals", 6),
        pad_left(&format!("Amount {currency}"), 14),
        pad_left("Weighted", 14)
    );
    for stage in &p.stages {
        let omitted = match stage.omitted {
            0 => String::new(),
            n => format!("  ({n} omitted)"),
        };
        let _ = writeln!(
            out,
            "{} {} {} {}{omitted}",
            pad(stage.stage.label(), 14),
            pad_left(&stage.count.to_string(), 6),
            pad_left(&stage.amount.grouped(), 14),
            pad_left(&stage.weighted.grouped(), 14)
        );
    }
    let _ = writeln!(
        out,
        "\nOpen by forecast call, credited:\n  open commit {} · best case {} · pipeline {}",
        p.commit.grouped(),
        p.best_case.grouped(),
        p.pipeline.grouped()
    );
    let _ = writeln!(out, "\nOpen deals by close date ({})", p.deals.len());
    for deal in &p.deals {
        let close = deal
            .deal
            .close_date
            .map(|d| short_date(d, today))
            .unwrap_or_default();
        let in_stage = deal
            .days_in_stage
            .map(|d| format!("{d}d"))
            .unwrap_or_default();
        let line = format!(
            "  {} {} {} {} {} {}",
            pad(&close, 10),
            pad_id(&deal.client.id, 18),
            pad(&deal.deal.title, 20),
            pad(deal.deal.stage().label(), 11),
            pad_left(&deal.deal.amount().grouped(), 9),
            pad_left(&in_stage, 5),
        );
        let _ = writeln!(out, "{}", line.trim_end());
        let mut call = match deal.worth.cents() {
            0 => deal.forecast.label().to_string(),
            _ => format!(
                "{} · adds {} to your pay if won",
                deal.forecast.label(),
                deal.worth.grouped()
            ),
        };
        if let Some(step) = deal.next_step {
            let due = step
                .due
                .map(|d| format!(" ({})", short_date(d, today)))
                .unwrap_or_default();
            let _ = write!(call, " · next: {}{due}", one_line(&step.title));
        }
        let _ = writeln!(out, "{}", truncate(&format!("    {call}"), WIDTH));
        let flags = flags(deal);
        if !flags.is_empty() {
            let _ = writeln!(out, "{}", truncate(&format!("    ! {flags}"), WIDTH));
        }
        if deal.lacks_next_step() {
            let _ = writeln!(
                out,
                "    ! {} with no next step: add a task for it",
                deal.forecast.label()
            );
        }
    }
    if p.deals.is_empty() {
        out.push_str("  no open deals\n");
    }
    out
}
