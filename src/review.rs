//! A Markdown summary for a pipeline review or a one-on-one: what was done in the period,
//! who is overdue, who matters most and why, deals, quota and gift warnings. Plain enough
//! to read as text.

use std::fmt::Write;
use strum::IntoEnumIterator;

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{Book, InteractionKind, Stage};
use crate::rules::checkins::{self};
use crate::rules::compliance::{self, Standing};
use crate::rules::forecast;
use crate::rules::pipeline;
use crate::rules::priority;
use crate::rules::quota;
use crate::text::percent;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Period {
    /// The seven days up to today.
    #[default]
    Week,
    /// The calendar month to date.
    Month,
    /// The fiscal quarter to date (the quota's `fiscal_start`; calendar quarters without
    /// one), the same quarter the report's quota section speaks of.
    Quarter,
}

impl Period {
    /// The first day of the period that holds `today`; `fiscal_start` is the month the
    /// fiscal year begins (the quota's), for the quarter.
    pub fn start(self, today: NaiveDate, fiscal_start: Option<u32>) -> NaiveDate {
        match self {
            Period::Week => today.checked_sub_days(Days::new(6)).unwrap_or(today),
            Period::Month => today.with_day(1).unwrap_or(today),
            Period::Quarter => {
                let year = crate::rules::fiscal::FiscalYear::containing(today, fiscal_start);
                year.quarter(year.current_quarter(today)).start
            }
        }
    }

    fn title(self) -> &'static str {
        match self {
            Period::Week => "Weekly review",
            Period::Month => "Monthly review",
            Period::Quarter => "Quarterly review",
        }
    }
}

/// How many top priorities the report explains.
const TOP: usize = 5;
/// Open deals closing within this many days are listed.
const CLOSING_SOON_DAYS: u64 = 30;

pub fn markdown(book: &Book, today: NaiveDate, period: Period) -> String {
    let fiscal_start = book.quota.as_ref().and_then(|q| q.fiscal_start);
    let window = Window {
        start: period.start(today, fiscal_start),
        today,
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {} to {today}", period.title(), window.start);
    if !book.owner().is_empty() {
        let _ = writeln!(
            out,
            "\n{} · {} clients",
            md(book.owner()),
            book.clients.len()
        );
    }
    contacts_made(&mut out, book, window);
    overdue(&mut out, book, today);
    top_priorities(&mut out, book, today);
    deals(&mut out, book, window);
    quota_standing(&mut out, book, today);
    forecast_call(&mut out, book, today);
    gift_warnings(&mut out, book, today);
    out
}

/// The period a review covers, `start` to `today` inclusive.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: NaiveDate,
    today: NaiveDate,
}

impl Window {
    fn contains(self, date: Option<NaiveDate>) -> bool {
        date.is_some_and(|d| d >= self.start && d <= self.today)
    }
}

fn contacts_made(out: &mut String, book: &Book, window: Window) {
    let mut by_kind: Vec<(InteractionKind, usize)> =
        InteractionKind::iter().map(|k| (k, 0)).collect();
    let mut contacted = 0;
    for client in &book.clients {
        let mut any = false;
        for interaction in client
            .interactions
            .iter()
            .filter(|i| window.contains(i.date))
        {
            if let Some(slot) = by_kind.iter_mut().find(|(k, _)| *k == interaction.kind()) {
                slot.1 += 1;
            }
            any |= interaction.kind().is_contact();
        }
        contacted += usize::from(any);
    }
    let total: usize = by_kind
        .iter()
        .filter(|(k, _)| k.is_contact())
        .map(|(_, n)| n)
        .sum();
    let _ = writeln!(
        out,
        "\n## Contacts made: {total} with {}\n",
        crate::text::plural(contacted, "client", "clients")
    );
    for (kind, count) in &by_kind {
        let _ = writeln!(out, "- {}: {count}", kind.label());
    }
}

fn overdue(out: &mut String, book: &Book, today: NaiveDate) {
    let buckets = checkins::buckets(book, today, 0);
    let context = priority::Context::of(book, today);
    let overdue = priority::most_urgent_first(book, today, &context, &buckets.overdue);
    let _ = writeln!(out, "\n## Overdue: {}\n", overdue.len());
    if overdue.is_empty() {
        let _ = writeln!(out, "Nobody is overdue.");
    } else {
        let _ = writeln!(out, "| Client | Tier | Late | Last contact |");
        let _ = writeln!(out, "|---|---|---|---|");
        for checkin in &overdue {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&checkin.client.name),
                checkin.client.tier().label(),
                checkin.due.describe(),
                checkin
                    .last_contact
                    .map_or("never".to_string(), |d| d.to_string())
            );
        }
    }
}

fn top_priorities(out: &mut String, book: &Book, today: NaiveDate) {
    let ranking = priority::rank(book, today);
    let _ = writeln!(out, "\n## Top priorities\n");
    for (place, score) in ranking.iter().take(TOP).enumerate() {
        let reasons: Vec<String> = score
            .reasons()
            .iter()
            .map(|t| md(&t.reason(score.client, today)))
            .collect();
        let _ = writeln!(
            out,
            "{}. **{}** ({:.1}): {}",
            place + 1,
            md(&score.client.name),
            score.total,
            reasons.join("; ")
        );
    }
}

fn deals(out: &mut String, book: &Book, window: Window) {
    let currency = book.currency();
    let today = window.today;
    let _ = writeln!(out, "\n## Deals");
    let deals: Vec<(&str, &crate::model::Deal)> = book
        .clients
        .iter()
        .flat_map(|c| c.deals.iter().map(move |d| (c.name.as_str(), d)))
        .collect();
    for (title, stage) in [("Won", Stage::Won), ("Lost", Stage::Lost)] {
        let list: Vec<_> = deals
            .iter()
            .filter(|(_, d)| d.stage() == stage && window.contains(d.close_date))
            .collect();
        let sum: crate::model::Money = list.iter().map(|(_, d)| d.amount()).sum();
        let _ = writeln!(
            out,
            "\n### {title}: {} ({currency} {})\n",
            list.len(),
            sum.grouped()
        );
        if list.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for (client, deal) in list {
            let _ = writeln!(
                out,
                "- {} · {} · {} · {}",
                md(&deal.title),
                md(client),
                deal.amount().grouped(),
                deal.close_date.map(|d| d.to_string()).unwrap_or_default()
            );
        }
    }
    pipeline_changes(out, book, window);
    let soon = today
        .checked_add_days(Days::new(CLOSING_SOON_DAYS))
        .unwrap_or(today);
    let mut closing: Vec<_> = deals
        .iter()
        .filter(|(_, d)| d.stage().is_open() && d.close_date.is_some_and(|c| c <= soon))
        .collect();
    closing.sort_by_key(|(_, d)| d.close_date);
    let _ = writeln!(
        out,
        "\n### Closing in the next {CLOSING_SOON_DAYS} days: {}\n",
        closing.len()
    );
    if closing.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for (client, deal) in closing {
        let late = deal
            .close_date
            .filter(|d| *d < today)
            .map_or("", |_| " (late)");
        let _ = writeln!(
            out,
            "- {} · {} · {} · {} · {}{late}",
            md(&deal.title),
            md(client),
            deal.stage().label(),
            deal.amount().grouped(),
            deal.close_date.map(|d| d.to_string()).unwrap_or_default()
        );
    }
}

/// Stage moves, close dates pushed, amounts and calls changed, new and lost deals in
/// the period, from the deals' history.
fn pipeline_changes(out: &mut String, book: &Book, window: Window) {
    let changes = pipeline::changes(book, window.start, window.today);
    let _ = writeln!(out, "\n### Pipeline changes: {}\n", changes.len());
    if changes.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for change in &changes {
        let _ = writeln!(
            out,
            "- {} · {} · {}",
            md(&change.deal.title),
            md(&change.client.name),
            describe_change(change)
        );
    }
}

/// `new; Lead → Proposal; close date pushed 14 days to 2026-12-14 (2nd push)`.
fn describe_change(change: &pipeline::DealChanges) -> String {
    let mut parts = Vec::new();
    if change.added {
        parts.push("new".to_string());
    }
    match change.stage {
        Some((_, Stage::Lost)) => parts.push("lost".to_string()),
        Some((Some(from), to)) => parts.push(format!("{} → {}", from.label(), to.label())),
        Some((None, to)) => parts.push(format!("moved to {}", to.label())),
        None => {}
    }
    if let Some((from, to)) = change.close_date {
        let to_text = to.map_or_else(|| "no date".to_string(), |d| d.to_string());
        let moved = match change.pushed_days() {
            Some(days) if days > 0 => format!("close date pushed {days} days to {to_text}"),
            Some(days) => format!("close date pulled in {} days to {to_text}", -days),
            None if from.is_none() => format!("close date set to {to_text}"),
            None => "close date cleared".to_string(),
        };
        let pushes = match change.pushes {
            0 | 1 => String::new(),
            n => format!(" (pushed {n} times so far)"),
        };
        parts.push(format!("{moved}{pushes}"));
    }
    if let Some((from, to)) = change.amount {
        let (from, to) = (from.unwrap_or_default(), to.unwrap_or_default());
        let delta = to - from;
        let sign = if delta.is_negative() { "−" } else { "+" };
        let size = if delta.is_negative() { -delta } else { delta };
        parts.push(format!(
            "amount {} → {} ({sign}{})",
            from.grouped(),
            to.grouped(),
            size.grouped()
        ));
    }
    if let Some((from, to)) = change.forecast {
        let call = |c: Option<crate::model::ForecastCategory>| c.map_or("by stage", |c| c.label());
        parts.push(format!("call {} → {}", call(from), call(to)));
    }
    parts.join("; ")
}

fn quota_standing(out: &mut String, book: &Book, today: NaiveDate) {
    let currency = book.currency();
    let q = quota::quota(book, today);
    let _ = writeln!(out, "\n## Quota {}\n", q.year());
    let _ = writeln!(
        out,
        "- Won {currency} {} of {} ({}), in credited amounts",
        q.credited_won.grouped(),
        q.target.grouped(),
        percent(q.attainment)
    );
    let standing = if q.gap_to_pace.is_negative() {
        format!("behind by {}", (-q.gap_to_pace).grouped())
    } else {
        format!("ahead by {}", q.gap_to_pace.grouped())
    };
    let _ = writeln!(
        out,
        "- Pace today {} ({} of the year): {standing}",
        q.pace.grouped(),
        percent(q.year_elapsed)
    );
    let _ = writeln!(
        out,
        "- Forecast {} (won + {} weighted open); commit {}, best case {}",
        q.forecast.grouped(),
        q.weighted_open.grouped(),
        q.categories.commit.grouped(),
        q.categories.best_case.grouped()
    );
    let quarter = &q.quarter;
    let _ = writeln!(
        out,
        "- Quarter {}: won {} of {} ({}), forecast {}",
        quarter.index,
        quarter.credited_won.grouped(),
        quarter.target.grouped(),
        percent(quarter.attainment),
        quarter.forecast.grouped()
    );
    if let Some(next) = &q.next_bonus {
        let _ = writeln!(
            out,
            "- Next bonus {} at {}: {} more to win",
            next.amount.grouped(),
            percent(next.attainment),
            next.needed.grouped()
        );
    }
}

/// The quarter's call today and, when one was submitted, what moved since it.
fn forecast_call(out: &mut String, book: &Book, today: NaiveDate) {
    let call = forecast::quarter_call(book, today, forecast::Which::This);
    let q = &call.quarter;
    let _ = writeln!(out, "\n## Forecast call {}\n", q.label());
    let _ = writeln!(
        out,
        "- Closed {} · commit {} · best case {} · pipeline {} · weighted {}",
        q.categories.closed.grouped(),
        q.categories.commit.grouped(),
        q.categories.best_case.grouped(),
        q.categories.pipeline.grouped(),
        q.forecast.grouped()
    );
    if q.slipped.count > 0 {
        let _ = writeln!(
            out,
            "- Slipped: {} deals, {} credited, past their close dates",
            q.slipped.count,
            q.slipped.amount.grouped()
        );
    }
    let Some(submitted) = call.last_submitted(book) else {
        let _ = writeln!(out, "- No call submitted for this quarter yet.");
        return;
    };
    let flow = forecast::flow(book, &call, submitted);
    let _ = writeln!(
        out,
        "\n### Since the call of {}: commit was {}, best case {}\n",
        submitted.date,
        submitted.commit.grouped(),
        submitted.best_case.grouped()
    );
    if flow.is_empty() {
        let _ = writeln!(out, "Nothing moved.");
    }
    for (name, list) in flow.lists() {
        for moved in list {
            let detail = if moved.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", md(&moved.detail))
            };
            let _ = writeln!(
                out,
                "- {name}: {} · {}{detail}",
                md(&moved.title),
                md(&moved.client_name)
            );
        }
    }
}

fn gift_warnings(out: &mut String, book: &Book, today: NaiveDate) {
    let currency = book.currency();
    let flagged: Vec<_> = compliance::gift_tally(book, today)
        .into_iter()
        .filter(|t| matches!(t.standing, Standing::Over | Standing::Near))
        .collect();
    let _ = writeln!(
        out,
        "\n## Gift limit ({} per person a year)\n",
        compliance::describe_limit(book, today)
    );
    if flagged.is_empty() {
        let _ = writeln!(out, "Nobody over or near the limit.");
    }
    for tally in flagged {
        let flag = match tally.standing {
            Standing::Over => format!("**over** by {}", tally.over_by().grouped()),
            _ => format!(
                "near ({} left)",
                tally.headroom.unwrap_or_default().grouped()
            ),
        };
        let clients: Vec<String> = tally
            .clients
            .iter()
            .map(|&c| md(&book.clients[c].name))
            .collect();
        let _ = writeln!(
            out,
            "- {} ({}): {currency} {} of {}, {flag}",
            md(&tally.recipient),
            clients.join(", "),
            tally.counted.grouped(),
            tally.limit.unwrap_or_default().grouped()
        );
    }
}

/// Text from the data inside the Markdown: on one line (unsafe characters escaped) and
/// with `|` escaped, so it can neither break a table row nor fake one.
fn md(text: &str) -> String {
    crate::text::one_line(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_start_where_expected() {
        let today = day(2026, 11, 27);
        assert_eq!(Period::Week.start(today, None), day(2026, 11, 21));
        assert_eq!(Period::Month.start(today, Some(4)), day(2026, 11, 1));
        assert_eq!(Period::Quarter.start(today, None), day(2026, 10, 1));
        assert_eq!(
            Period::Quarter.start(day(2026, 3, 31), None),
            day(2026, 1, 1)
        );
        // Fiscal years from February and July: the quarter is the fiscal one.
        assert_eq!(Period::Quarter.start(today, Some(2)), day(2026, 11, 1));
        assert_eq!(Period::Quarter.start(today, Some(7)), day(2026, 10, 1));
        assert_eq!(
            Period::Quarter.start(day(2026, 9, 15), Some(7)),
            day(2026, 7, 1)
        );
    }
}
