//! Plain-text answers for the terminal: at most 80 columns, aligned by display width.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{Book, Client, Money};
use crate::rules::checkins::{self, Checkin, Due};
use crate::rules::compliance::{self, Standing};
use crate::rules::priority;
use crate::rules::quota;
use crate::rules::tasks;
use crate::text::{
    long_date, one_line, pad, pad_id, pad_left, percent, push_pad, push_pad_id, push_pad_left,
    push_truncated, relative_day, short_date, wrap,
};

/// Widest line these reports write.
pub const WIDTH: usize = 80;

/// The main contact's name (with their own time, where it is known: Søren "prefers
/// calls before 10:00"), phone and email, those that are there, joined by `·`, written
/// into `line`; false when there is nothing to write. The line may be cut at its end.
fn contact_line(line: &mut String, client: &Client, now: DateTime<Utc>) -> bool {
    let Some(contact) = client.main_contact() else {
        return false;
    };
    // A part and what follows it after a comma (the contact's own time).
    let mut add = |part: &str, after: Option<&str>| {
        if after.is_none() && part.trim().is_empty() {
            return;
        }
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(part);
        if let Some(after) = after {
            line.push_str(", ");
            line.push_str(after);
        }
    };
    let time = contact.timezone.as_deref().and_then(|zone| {
        crate::rules::clock::local_time_words(zone, now, crate::rules::clock::WORKING_HOURS)
    });
    add(&contact.name, time.as_deref());
    for part in [&contact.phone, &contact.email].into_iter().flatten() {
        add(part, None);
    }
    !line.is_empty()
}

/// `last: Call 3d ago: Pricing questions`, written into `line`; false without one.
fn last_interaction_line(line: &mut String, client: &Client, today: NaiveDate) -> bool {
    let Some(last) = client.last_interaction(today) else {
        return false;
    };
    let when = last
        .date
        .map(|d| relative_day(d, today))
        .unwrap_or_default();
    let _ = write!(
        line,
        "last: {} {when}: {}",
        last.kind().label(),
        last.summary
    );
    true
}

/// A client due now: its row, then what was last said and whom to call. `line` is room
/// for the lines before they are cut to width, kept from one entry to the next.
fn reminder_entry(
    out: &mut String,
    line: &mut String,
    checkin: &Checkin,
    (today, now): (NaiveDate, DateTime<Utc>),
) {
    let client = checkin.client;
    out.push_str("  ");
    push_pad(out, &client.name, 26);
    out.push(' ');
    push_pad_id(out, &client.id, 20);
    out.push(' ');
    push_pad(out, client.tier().label(), 9);
    out.push(' ');
    push_pad_left(out, &checkin.due.describe(), 20);
    out.push('\n');
    let lines: [&dyn Fn(&mut String) -> bool; 2] = [
        &|line| last_interaction_line(line, client, today),
        &|line| contact_line(line, client, now),
    ];
    for write_line in lines {
        line.clear();
        if write_line(line) {
            out.push_str("      ");
            push_truncated(out, line, WIDTH - 6);
            out.push('\n');
        }
    }
}

/// The morning list: overdue and today (most urgent first), then the coming days.
pub fn remind(book: &Book, today: NaiveDate, now: DateTime<Utc>, days: u32) -> String {
    let buckets = checkins::buckets(book, today, days);
    // About what each entry takes (three lines for a client due now, one for a coming
    // one): a long list is not copied each time it outgrows its buffer.
    let mut out = String::with_capacity(
        1024 + buckets.actionable_count() * 320 + buckets.upcoming.len() * 90,
    );
    let _ = writeln!(out, "{}", headline(book, today));
    if buckets.actionable_count() == 0 {
        // Only when nothing at all is due: tasks and people due are listed below.
        let others = !tasks::due_now(book, today).is_empty()
            || !checkins::people_due(book, today).is_empty();
        let _ = writeln!(
            out,
            "\n{}",
            if others {
                "No client check-in is due today."
            } else {
                "Nobody is due today. Nice."
            }
        );
    }
    let context = priority::Context::of(book, today);
    for (title, list) in [("Overdue", &buckets.overdue), ("Today", &buckets.today)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({})", list.len());
        let mut line = String::with_capacity(2 * WIDTH);
        for checkin in priority::most_urgent_first(book, today, &context, list) {
            reminder_entry(&mut out, &mut line, &checkin, (today, now));
        }
    }
    let _ = writeln!(
        out,
        "\nComing up, next {days} days ({})",
        buckets.upcoming.len()
    );
    if buckets.upcoming.is_empty() {
        let _ = writeln!(out, "  nothing planned");
    }
    for checkin in &buckets.upcoming {
        out.push_str("  ");
        push_pad(&mut out, &short_date(checkin.date, today), 11);
        out.push(' ');
        push_pad(&mut out, &checkin.client.name, 24);
        out.push(' ');
        push_pad_id(&mut out, &checkin.client.id, 20);
        out.push(' ');
        push_pad(&mut out, checkin.client.tier().label(), 9);
        out.push(' ');
        push_pad_left(&mut out, &checkin.due.describe(), 10);
        out.push('\n');
    }
    tasks_due(&mut out, book, today);
    people_due(&mut out, book, today);
    out
}

/// Open tasks due today or overdue, in the morning list.
fn tasks_due(out: &mut String, book: &Book, today: NaiveDate) {
    let due = tasks::due_now(book, today);
    if due.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nTasks due ({})", due.len());
    // The title and its owner, made in one buffer kept from task to task.
    let mut title = String::new();
    for item in due {
        title.clear();
        title.push_str(&item.task.title);
        if let Some(owner) = item.task.owner.as_deref().and_then(|id| book.colleague(id)) {
            let _ = write!(title, " ({})", owner.name);
        }
        out.push_str("  ");
        push_pad(out, &title, 34);
        out.push(' ');
        push_pad_id(out, &item.client.id, 20);
        out.push(' ');
        push_pad_id(out, &item.task.id, 6);
        out.push(' ');
        push_pad_left(out, &item.due.map(Due::describe).unwrap_or_default(), 15);
        out.push('\n');
    }
}

/// People whose own cadence has come due.
fn people_due(out: &mut String, book: &Book, today: NaiveDate) {
    let due = checkins::people_due(book, today);
    if due.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nPeople due ({})", due.len());
    // A cell made of parts, in one buffer kept from person to person.
    let mut cell = String::new();
    for person in due {
        out.push_str("  ");
        push_pad(out, person.name, 24);
        out.push(' ');
        cell.clear();
        let _ = write!(cell, "{}/{}", person.client.id, person.contact_id);
        push_pad_id(out, &cell, 27);
        out.push(' ');
        cell.clear();
        match person.last {
            Some(day) => {
                let _ = write!(cell, "last {}", relative_day(day, today));
            }
            None => cell.push_str("last never"),
        }
        push_pad(out, &cell, 12);
        out.push(' ');
        push_pad_left(out, &person.due.describe(), 12);
        out.push('\n');
    }
}

fn headline(book: &Book, today: NaiveDate) -> String {
    match book.owner() {
        "" => long_date(today),
        owner => format!("{} — {}", one_line(owner), long_date(today)),
    }
}

/// The score terms' column heads, in the order of the terms: short, to leave room for
/// the client's name and id.
const TERM_HEADS: [&str; 8] = [
    "tier", "late", "val", "pipe", "soon", "slip", "proj", "earn",
];

/// Columns a term's contribution takes.
const TERM_WIDTH: usize = 4;

/// The ranking with each term's contribution in its own column.
pub fn rank(book: &Book, today: NaiveDate, top: Option<usize>, explain: bool) -> String {
    let ranking = priority::rank(book, today);
    let shown = top.unwrap_or(ranking.len()).min(ranking.len());
    // The id is shown whole (it is what `konto log` takes); the name gets the rest.
    let id_width = ranking
        .iter()
        .take(shown)
        .map(|s| crate::text::width(&s.client.id))
        .max()
        .unwrap_or(2)
        .clamp(2, 30);
    // A term that adds nothing to any row shown gets no column: room for the names.
    let columns: Vec<usize> = (0..TERM_HEADS.len())
        .filter(|&i| {
            ranking
                .iter()
                .take(shown)
                .any(|s| s.terms[i].contribution().abs() >= 0.05)
        })
        .collect();
    let fixed = 3 + 1 + 1 + id_width + 1 + 6 + 1 + columns.len() * (TERM_WIDTH + 1) - 1;
    let name_width = WIDTH.saturating_sub(fixed).max(12);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} {} {} {}",
        pad_left("#", 3),
        pad("Client", name_width),
        pad("Id", id_width),
        pad_left("Score", 6),
        columns
            .iter()
            .map(|&i| pad_left(TERM_HEADS[i], TERM_WIDTH))
            .collect::<Vec<_>>()
            .join(" ")
    );
    for (place, score) in ranking.iter().take(shown).enumerate() {
        let terms: Vec<String> = columns
            .iter()
            .map(|&i| pad_left(&format!("{:.1}", score.terms[i].contribution()), TERM_WIDTH))
            .collect();
        let _ = writeln!(
            out,
            "{} {} {} {} {}",
            pad_left(&(place + 1).to_string(), 3),
            pad(&score.client.name, name_width),
            pad_id(&score.client.id, id_width),
            pad_left(&format!("{:.1}", score.total), 6),
            terms.join(" ")
        );
        if explain {
            for term in &score.terms {
                // The reason wraps under itself: a figure cut short would mislead.
                let reason = wrap(&term.reason(score.client, today), WIDTH - 37);
                let _ = writeln!(
                    out,
                    "      {} {} × {} = {}  {}",
                    pad(term.name, 8),
                    pad_left(&format!("{:.2}", term.factor), 5),
                    pad_left(&format!("{:.1}", term.weight), 4),
                    pad_left(&format!("{:.2}", term.contribution()), 5),
                    reason[0]
                );
                for more in &reason[1..] {
                    let _ = writeln!(out, "{}{more}", " ".repeat(37));
                }
            }
        }
    }
    if columns.len() < TERM_HEADS.len() && !ranking.is_empty() {
        let _ = writeln!(out, "(terms that add nothing here have no column)");
    }
    if ranking.is_empty() {
        let _ = writeln!(out, "No clients yet.");
    } else if shown < ranking.len() {
        let _ = writeln!(
            out,
            "… and {} more (--top to show more)",
            ranking.len() - shown
        );
    }
    out
}

/// Quota, pace, forecast and earnings.
pub fn quota(book: &Book, today: NaiveDate) -> String {
    let report = quota::quota(book, today);
    let currency = book.currency();
    let mut out = String::new();
    let span = report.fiscal.span;
    let _ = writeln!(
        out,
        "Quota {} ({} to {}) — as of {} ({})",
        report.year(),
        span.start,
        span.last_day(),
        short_date(today, today),
        one_line(currency)
    );
    if let Some((year, last)) = quota::year_ended(book, today) {
        let said = format!(
            "The {year} quota year ended on {}: `konto quota --next-year` starts {}'s plan (the same targets and pay plan).",
            short_date(last, today),
            year + 1
        );
        for (n, part) in wrap(&said, WIDTH - 2).iter().enumerate() {
            let _ = writeln!(out, "{} {part}", if n == 0 { "!" } else { " " });
        }
    }
    year_figures(&mut out, &report);
    quarter_figures(&mut out, &report.quarter);
    earnings(&mut out, &report);
    out
}

fn row(out: &mut String, label: &str, amount: Money, note: &str) {
    let line = format!(
        "  {} {}  {note}",
        pad(label, 22),
        pad_left(&amount.grouped(), 14)
    );
    let _ = writeln!(out, "{}", line.trim_end());
}

/// `ahead by 1,200` or `behind by 300`.
fn against_pace(gap: Money) -> String {
    if gap.is_negative() {
        format!("behind by {}", (-gap).grouped())
    } else {
        format!("ahead by {}", gap.grouped())
    }
}

/// The calls, each including the one before.
fn call_rows(out: &mut String, calls: quota::Categories) {
    row(
        out,
        "Commit",
        calls.commit,
        "won + open deals called commit",
    );
    row(out, "Best case", calls.best_case, "commit + best case");
    row(out, "Pipeline", calls.pipeline, "best case + pipeline");
}

fn year_figures(out: &mut String, report: &quota::QuotaReport) {
    row(out, "Target", report.target, "");
    let before_credit = if report.won == report.credited_won {
        String::new()
    } else {
        format!(" ({} before credit)", report.won.grouped())
    };
    row(
        out,
        "Won (credited)",
        report.credited_won,
        &format!("{} of target{before_credit}", percent(report.attainment)),
    );
    row(
        out,
        "Pace today",
        report.pace,
        &format!(
            "{} of year, {}",
            percent(report.year_elapsed),
            against_pace(report.gap_to_pace)
        ),
    );
    row(
        out,
        "Forecast (weighted)",
        report.forecast,
        &format!("won + {} weighted open", report.weighted_open.grouped()),
    );
    call_rows(out, report.categories);
    let split: Vec<String> = report
        .split
        .iter()
        .map(|(kind, amount)| format!("{} {}", kind.label(), amount.grouped()))
        .collect();
    let _ = writeln!(out, "  {} {}", pad("Won by kind", 22), split.join(" · "));
}

fn quarter_figures(out: &mut String, quarter: &quota::QuarterReport) {
    let _ = writeln!(
        out,
        "\nQuarter {} ({} to {})",
        quarter.index,
        quarter.span.start,
        quarter.span.last_day()
    );
    row(out, "Target", quarter.target, "");
    row(
        out,
        "Won (credited)",
        quarter.credited_won,
        &format!("{} of target", percent(quarter.attainment)),
    );
    row(
        out,
        "Pace today",
        quarter.pace,
        &format!(
            "{} of quarter, {}",
            percent(quarter.elapsed),
            against_pace(quarter.credited_won - quarter.pace)
        ),
    );
    row(
        out,
        "Forecast (weighted)",
        quarter.forecast,
        &format!("won + {} weighted open", quarter.weighted_open.grouped()),
    );
    call_rows(out, quarter.categories);
    if quarter.slipped.count > 0 {
        row(
            out,
            "Slipped",
            quarter.slipped.amount,
            &format!(
                "{} past their close dates, counted in this quarter",
                crate::text::plural(quarter.slipped.count, "deal", "deals")
            ),
        );
    }
}

/// The pay side of `quota`: base, commission, bonuses and what the year may bring.
fn earnings(out: &mut String, report: &quota::QuotaReport) {
    let _ = writeln!(out, "\nEarnings");
    row(out, "Base salary", report.base_salary, "");
    let banded = report.plan.bands.len() > 1;
    let rate_note = if banded {
        format!(
            "{} on the next sale (accelerated)",
            percent(report.commission_rate)
        )
    } else {
        format!("at {}", percent(report.commission_rate))
    };
    let capped = match report.plan.cap {
        Some(cap) if report.commission >= cap => ", capped".to_string(),
        _ => String::new(),
    };
    row(
        out,
        "Commission",
        report.commission,
        &format!("{rate_note}{capped}"),
    );
    let reached: Vec<String> = report
        .bonuses_earned
        .iter()
        .map(|b| format!("{} at {}", b.amount.grouped(), percent(b.attainment)))
        .collect();
    row(
        out,
        "Bonuses reached",
        report.bonus_total,
        &if reached.is_empty() {
            "none yet".to_string()
        } else {
            reached.join(", ")
        },
    );
    match &report.next_bonus {
        Some(next) => row(
            out,
            "Next bonus",
            next.amount,
            &format!(
                "at {}: {} more to win",
                percent(next.attainment),
                next.needed.grouped()
            ),
        ),
        None if !report.bonuses_earned.is_empty() => {
            let _ = writeln!(out, "  {} every bonus reached", pad("Next bonus", 22));
        }
        None => {}
    }
    row(
        out,
        "Earned so far",
        report.earned,
        &format!(
            "{} of base + commission + bonuses",
            percent(report.year_elapsed)
        ),
    );
    row(
        out,
        "Year end at forecast",
        report.projected_earnings,
        &format!("with the weighted forecast, {}", report.forecast.grouped()),
    );
    row(
        out,
        "Year end at this pace",
        report.run_rate_earnings,
        &format!("if the pace holds, won {}", report.run_rate_won.grouped()),
    );
}

/// The gift tally per recipient, with flags for those over or near the limit, then every
/// gift that was over a limit when it was given.
pub fn gifts(book: &Book, today: NaiveDate) -> String {
    let tally = compliance::gift_tally(book, today);
    let (start, end) = compliance::gift_window(book, today);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Gifts {start} to {end}, FINRA Rule 3220: {} a person",
        one_line(&compliance::describe_limit(book, today))
    );
    if tally.is_empty() {
        let _ = writeln!(out, "No gifts given in this period.");
        return out;
    }
    let _ = writeln!(
        out,
        "  {} {} {} {} {} {} Flag",
        pad("Recipient", 18),
        pad("Client", 12),
        pad_left("Counted", 9),
        pad_left("Entert.", 8),
        pad_left("Exempt", 7),
        pad_left("Headroom", 9),
    );
    for t in &tally {
        gift_row(&mut out, book, t);
    }
    given_over(&mut out, book, &tally);
    let count = |s: Standing| tally.iter().filter(|t| t.standing == s).count();
    let _ = writeln!(
        out,
        "{} over the limit, {} near it (80 %+); entertainment you attended is not counted.",
        count(Standing::Over),
        count(Standing::Near)
    );
    out
}

fn gift_row(out: &mut String, book: &Book, t: &compliance::RecipientTally) {
    let flag = match t.standing {
        Standing::Over => format!("OVER +{}", t.over_by().grouped()),
        Standing::Near => "near".to_string(),
        Standing::Ok => String::new(),
        Standing::Unjudged => "?".to_string(),
    };
    let clients: Vec<&str> = t
        .clients
        .iter()
        .map(|&c| book.clients[c].name.as_str())
        .collect();
    let name = if t.recipient.is_empty() {
        "(no name)"
    } else {
        &t.recipient
    };
    let line = format!(
        "  {} {} {} {} {} {} {flag}",
        pad(name, 18),
        pad(&clients.join(", "), 12),
        pad_left(&t.counted.grouped(), 9),
        pad_left(&t.entertainment.grouped(), 8),
        pad_left(&t.exempt.grouped(), 7),
        pad_left(&t.headroom.map(Money::grouped).unwrap_or_default(), 9),
    );
    let _ = writeln!(out, "{}", line.trim_end());
}

/// Each gift that went over a limit when it was given, and which limit.
fn given_over(out: &mut String, book: &Book, tally: &[compliance::RecipientTally]) {
    for t in tally {
        for line in t.over_when_given() {
            let client = &book.clients[line.client];
            let description = line.gift_in(book).map_or("", |g| g.description.as_str());
            let Some(breach) = line.over_when_given else {
                continue;
            };
            let text = format!(
                "{} {} to {}: {}, {}",
                line.date
                    .map_or_else(|| "undated".into(), |d| d.to_string()),
                description,
                t.recipient,
                line.counted_value.grouped(),
                breach.describe(&client.name)
            );
            // Wrapped, never cut: the limit and the amount are the point of the line.
            for (n, part) in wrap(&text, WIDTH - 4).iter().enumerate() {
                let _ = writeln!(out, "  {} {part}", if n == 0 { "!" } else { " " });
            }
        }
    }
}
