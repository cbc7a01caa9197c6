//! `--json` output. Field names are stable; README documents them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::serde_format::format_date;
use crate::model::{Book, GiftKind, Money, Tier};
use crate::rules::checkins::{self, Checkin, Due};
use crate::rules::compliance;
use crate::rules::priority;
use crate::rules::quota;
use crate::rules::tasks;

/// Amounts go out as plain numbers in currency units (e.g. 1234.5).
pub(super) fn units(m: Money) -> f64 {
    m.as_f64()
}

#[derive(Serialize)]
struct CheckinJson {
    id: String,
    name: String,
    tier: Tier,
    due: String,
    /// `overdue`, `today` or `upcoming`.
    status: &'static str,
    days_overdue: i64,
    last_contact: Option<String>,
    cadence_days: u32,
    contact: Option<ContactJson>,
}

#[derive(Serialize)]
struct ContactJson {
    name: String,
    phone: Option<String>,
    email: Option<String>,
}

fn checkin_json(c: &Checkin) -> CheckinJson {
    let (status, days_overdue) = match c.due {
        Due::Overdue { days } => ("overdue", days),
        Due::Today => ("today", 0),
        Due::Upcoming { .. } => ("upcoming", 0),
    };
    CheckinJson {
        id: c.client.id.clone(),
        name: c.client.name.clone(),
        tier: c.client.tier(),
        due: c.date.to_string(),
        status,
        days_overdue,
        last_contact: c.last_contact.map(|d| d.to_string()),
        cadence_days: c.cadence_days,
        contact: c.client.main_contact().map(|m| ContactJson {
            name: m.name.clone(),
            phone: m.phone.clone(),
            email: m.email.clone(),
        }),
    }
}

#[derive(Serialize)]
struct RemindJson {
    today: String,
    overdue: Vec<CheckinJson>,
    due_today: Vec<CheckinJson>,
    upcoming: Vec<CheckinJson>,
    /// Open tasks due today or overdue.
    tasks: Vec<TaskJson>,
    /// People whose own cadence has come due.
    people: Vec<PersonDueJson>,
}

#[derive(Serialize)]
pub(super) struct TaskJson {
    pub client_id: String,
    pub task_id: String,
    pub title: String,
    pub due: Option<String>,
    /// A team id; `null`: the book's owner.
    pub owner: Option<String>,
    /// The deal's title (`deal_id` names it).
    pub deal: Option<String>,
    pub deal_id: Option<String>,
    pub done: Option<String>,
    /// Days past due (0 today, negative still ahead); `null` without a due date.
    pub days_overdue: Option<i64>,
}

impl TaskJson {
    pub(super) fn of(item: &tasks::TaskDue, today: NaiveDate) -> TaskJson {
        TaskJson {
            client_id: item.client.id.clone(),
            task_id: item.task.id.clone(),
            title: item.task.title.clone(),
            due: item.task.due.map(|d| d.to_string()),
            owner: item.task.owner.clone(),
            deal: item.client.task_deal_title(item.task).map(String::from),
            deal_id: item.task.deal.clone(),
            done: item.task.done.map(|d| d.to_string()),
            days_overdue: item.days_overdue(today),
        }
    }
}

#[derive(Serialize)]
struct PersonDueJson {
    client_id: String,
    contact_id: String,
    name: String,
    last_contact: Option<String>,
    days_overdue: i64,
}

#[expect(
    clippy::expect_used,
    reason = "plain structs of strings and numbers: serialising them fails only through a bug"
)]
pub(super) fn to_string<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON output structs serialise");
    text.push('\n');
    crate::text::json_terminal_safe(text)
}

pub fn remind(book: &Book, today: NaiveDate, days: u32) -> String {
    let buckets = checkins::buckets(book, today, days);
    let context = priority::Context::of(book, today);
    to_string(&RemindJson {
        today: today.to_string(),
        overdue: priority::most_urgent_first(book, today, &context, &buckets.overdue)
            .iter()
            .map(checkin_json)
            .collect(),
        due_today: priority::most_urgent_first(book, today, &context, &buckets.today)
            .iter()
            .map(checkin_json)
            .collect(),
        upcoming: buckets.upcoming.iter().map(checkin_json).collect(),
        tasks: tasks::due_now(book, today)
            .iter()
            .map(|t| TaskJson::of(t, today))
            .collect(),
        people: checkins::people_due(book, today)
            .iter()
            .map(|p| PersonDueJson {
                client_id: p.client.id.clone(),
                contact_id: p.contact_id.to_string(),
                name: p.name.to_string(),
                last_contact: p.last.map(|d| d.to_string()),
                days_overdue: match p.due {
                    Due::Overdue { days } => days,
                    _ => 0,
                },
            })
            .collect(),
    })
}

#[derive(Serialize)]
struct TermJson {
    name: &'static str,
    factor: f64,
    weight: f64,
    contribution: f64,
    reason: String,
}

#[derive(Serialize)]
struct ScoreJson {
    rank: usize,
    id: String,
    name: String,
    score: f64,
    terms: Vec<TermJson>,
}

pub fn rank(book: &Book, today: NaiveDate, top: Option<usize>) -> String {
    let ranking = priority::rank(book, today);
    let rows: Vec<ScoreJson> = ranking
        .iter()
        .take(top.unwrap_or(usize::MAX))
        .enumerate()
        .map(|(i, s)| ScoreJson {
            rank: i + 1,
            id: s.client.id.clone(),
            name: s.client.name.clone(),
            score: s.total,
            terms: s
                .terms
                .iter()
                .map(|t| TermJson {
                    name: t.name,
                    factor: t.factor,
                    weight: t.weight,
                    contribution: t.contribution(),
                    reason: t.reason(s.client, today),
                })
                .collect(),
        })
        .collect();
    to_string(&rows)
}

#[derive(Serialize)]
struct QuotaJson {
    year: i32,
    /// The fiscal year's first and last days.
    start: String,
    end: String,
    currency: String,
    target: f64,
    won: f64,
    attainment: f64,
    year_elapsed: f64,
    pace: f64,
    gap_to_pace: f64,
    weighted_open: f64,
    /// Credited won.
    credited_won: f64,
    forecast: ForecastJson,
    commission_rate: f64,
    commission: f64,
    bonuses_earned: Vec<BonusJson>,
    bonus_total: f64,
    next_bonus: Option<NextBonusJson>,
    base_salary: f64,
    variable_earned: f64,
    /// Base for the share of the year gone + commission + bonuses.
    earned: f64,
    /// Full base + commission and bonuses at the weighted forecast.
    projected_earnings: f64,
    /// Credited won at year end if the pace so far continues, and the pay then.
    run_rate_won: f64,
    run_rate_earnings: f64,
    quarter: QuarterJson,
    won_new_business: f64,
    won_upsell: f64,
    won_renewal: f64,
    won_by_month: Vec<f64>,
}

/// The year's forecast in credited amounts: closed, then each call added in turn, and
/// the stage-weighted figure.
#[derive(Serialize)]
struct ForecastJson {
    closed: f64,
    commit: f64,
    best_case: f64,
    pipeline: f64,
    weighted: f64,
}

/// The current quarter against its own target, in credited amounts (`won` at full).
#[derive(Serialize)]
struct QuarterJson {
    index: usize,
    start: String,
    end: String,
    target: f64,
    won: f64,
    credited_won: f64,
    attainment: f64,
    pace: f64,
    forecast_weighted: f64,
    /// `FY2026 Q4`.
    label: String,
    /// The quarter's calls, credited, each including the one before (closed included).
    closed: f64,
    commit: f64,
    best_case: f64,
    pipeline: f64,
    slipped: SlippedJson,
}

/// Open deals whose close date has passed, counted in the quarter holding today.
#[derive(Serialize)]
pub(super) struct SlippedJson {
    count: usize,
    amount: f64,
}

impl SlippedJson {
    pub(super) fn of(slipped: crate::rules::quota::Slipped) -> SlippedJson {
        SlippedJson {
            count: slipped.count,
            amount: units(slipped.amount),
        }
    }
}

#[derive(Serialize)]
struct BonusJson {
    attainment: f64,
    amount: f64,
}

#[derive(Serialize)]
struct NextBonusJson {
    attainment: f64,
    amount: f64,
    needed: f64,
}

pub fn quota(book: &Book, today: NaiveDate) -> String {
    let r = quota::quota(book, today);
    let split = |i: usize| r.split.get(i).map_or(0.0, |(_, m)| units(*m));
    let q = &r.quarter;
    to_string(&QuotaJson {
        year: r.year(),
        start: format_date(r.fiscal.span.start),
        end: format_date(r.fiscal.span.last_day()),
        currency: book.currency().to_string(),
        target: units(r.target),
        won: units(r.won),
        attainment: r.attainment,
        year_elapsed: r.year_elapsed,
        pace: units(r.pace),
        gap_to_pace: units(r.gap_to_pace),
        weighted_open: units(r.weighted_open),
        credited_won: units(r.credited_won),
        forecast: ForecastJson {
            closed: units(r.categories.closed),
            commit: units(r.categories.commit),
            best_case: units(r.categories.best_case),
            pipeline: units(r.categories.pipeline),
            weighted: units(r.forecast),
        },
        commission_rate: r.commission_rate,
        commission: units(r.commission),
        bonuses_earned: r
            .bonuses_earned
            .iter()
            .map(|b| BonusJson {
                attainment: b.attainment,
                amount: units(b.amount),
            })
            .collect(),
        bonus_total: units(r.bonus_total),
        next_bonus: r.next_bonus.as_ref().map(|n| NextBonusJson {
            attainment: n.attainment,
            amount: units(n.amount),
            needed: units(n.needed),
        }),
        base_salary: units(r.base_salary),
        variable_earned: units(r.variable_earned),
        earned: units(r.earned),
        projected_earnings: units(r.projected_earnings),
        run_rate_won: units(r.run_rate_won),
        run_rate_earnings: units(r.run_rate_earnings),
        quarter: QuarterJson {
            index: q.index,
            start: format_date(q.span.start),
            end: format_date(q.span.last_day()),
            target: units(q.target),
            won: units(q.won),
            credited_won: units(q.credited_won),
            attainment: q.attainment,
            pace: units(q.pace),
            forecast_weighted: units(q.forecast),
            label: q.label(),
            closed: units(q.categories.closed),
            commit: units(q.categories.commit),
            best_case: units(q.categories.best_case),
            pipeline: units(q.categories.pipeline),
            slipped: SlippedJson::of(q.slipped),
        },
        won_new_business: split(0),
        won_upsell: split(1),
        won_renewal: split(2),
        won_by_month: r.by_month.iter().map(|m| units(*m)).collect(),
    })
}

#[derive(Serialize)]
struct GiftLineJson {
    date: Option<String>,
    client_id: String,
    description: String,
    kind: GiftKind,
    /// This recipient's share of the higher of cost and face value.
    counted_value: f64,
    counted: bool,
    /// Why not counted: `entertainment` (attended) or the exempt reason.
    not_counted: Option<String>,
    running_total: f64,
    /// The limit it went over when given, in words; `null` when within.
    over_when_given: Option<String>,
}

#[derive(Serialize)]
struct RecipientJson {
    recipient: String,
    client_ids: Vec<String>,
    counted: f64,
    entertainment: f64,
    exempt: f64,
    /// Today's yearly limit in the book's currency (`null`: cannot be judged).
    limit: Option<f64>,
    limit_usd: Option<f64>,
    headroom: Option<f64>,
    over_by: f64,
    /// `over`, `near`, `ok` or `unjudged`.
    standing: &'static str,
    gifts: Vec<GiftLineJson>,
}

#[derive(Serialize)]
struct GiftsJson {
    from: String,
    to: String,
    currency: String,
    limit: Option<f64>,
    limit_usd: Option<f64>,
    recipients: Vec<RecipientJson>,
}

fn gift_line_json(book: &Book, line: &compliance::GiftLine) -> GiftLineJson {
    let client = &book.clients[line.client];
    let gift = line.gift_in(book);
    GiftLineJson {
        date: line.date.map(|d| d.to_string()),
        client_id: client.id.clone(),
        description: gift.map(|g| g.description.clone()).unwrap_or_default(),
        kind: line.kind,
        counted_value: units(line.counted_value),
        counted: line.counted(),
        not_counted: line.not_counted.map(|n| match n {
            compliance::NotCounted::Entertainment => "entertainment".to_string(),
            // The file's own word for the reason (`DeMinimis`), as in the book.
            compliance::NotCounted::Exempt(reason) => format!("{reason:?}"),
        }),
        running_total: units(line.running_total),
        over_when_given: line.over_when_given.map(|b| b.describe(&client.name)),
    }
}

pub fn gifts(book: &Book, today: NaiveDate) -> String {
    let (from, to) = compliance::gift_window(book, today);
    let limit = compliance::limit_on(book, today);
    let recipients = compliance::gift_tally(book, today)
        .into_iter()
        .map(|t| RecipientJson {
            over_by: units(t.over_by()),
            client_ids: t
                .clients
                .iter()
                .map(|&c| book.clients[c].id.clone())
                .collect(),
            counted: units(t.counted),
            entertainment: units(t.entertainment),
            exempt: units(t.exempt),
            limit: t.limit.map(units),
            limit_usd: t.rule_limit.map(|l| units(l.usd)),
            headroom: t.headroom.map(units),
            standing: match t.standing {
                compliance::Standing::Over => "over",
                compliance::Standing::Near => "near",
                compliance::Standing::Ok => "ok",
                compliance::Standing::Unjudged => "unjudged",
            },
            gifts: t.gifts.iter().map(|l| gift_line_json(book, l)).collect(),
            recipient: t.recipient,
        })
        .collect();
    to_string(&GiftsJson {
        from: from.to_string(),
        to: to.to_string(),
        currency: book.currency().to_string(),
        limit: limit.and_then(|l| l.book).map(units),
        limit_usd: limit.map(|l| units(l.usd)),
        recipients,
    })
}
