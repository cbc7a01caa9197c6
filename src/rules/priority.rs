//! Who matters most today: an explainable score, a sum of named, weighted terms
//! (after taskwarrior's urgency). Each term has a factor, usually 0–1, times a weight.
//!
//! | term       | factor                                                             | default weight |
//! |------------|--------------------------------------------------------------------|----------------|
//! | `tier`     | Key 1.0, Growth 0.5, Standard 0                                     | 8.0            |
//! | `overdue`  | days late ÷ cadence days, capped at 2 (a week late weekly = 1.0)     | 6.0            |
//! | `value`    | annual value ÷ the book's largest annual value                      | 3.0            |
//! | `pipeline` | stage-weighted open pipeline ÷ the book's largest                   | 2.0            |
//! | `closing`  | nearest open deal close: 1.0 if due or past, falling to 0 at 30 days | 2.0            |
//! | `projects` | nearest unfinished project due: 1.0 if due or past, 0 at 14 days     | 1.0            |
//! | `earnings` | what its best open deal would add to pay if won now ÷ the book's best | 1.0            |
//!
//! With the defaults a key account that is overdue at all outranks any standard account
//! that is not (8 + overdue > 3 + 2 + 2 + 1). Weights are overridable in the file:
//! `priority: (tier: 10.0, overdue: 4.0)`.

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::model::{Book, Client, Money, PriorityWeights, ProjectStatus, Stage, Tier};

use super::checkins::{self, Checkin, Due};
use super::quota::{self, QuotaReport};
use super::{cmp_names, days_between};

pub const DEFAULT_TIER: f64 = 8.0;
pub const DEFAULT_OVERDUE: f64 = 6.0;
pub const DEFAULT_VALUE: f64 = 3.0;
pub const DEFAULT_PIPELINE: f64 = 2.0;
pub const DEFAULT_CLOSING: f64 = 2.0;
pub const DEFAULT_PROJECTS: f64 = 1.0;
pub const DEFAULT_SLIPPED: f64 = 2.0;
pub const DEFAULT_EARNINGS: f64 = 1.0;

/// Deals closing within this many days raise the `closing` term.
pub const CLOSING_WINDOW_DAYS: i64 = 30;
/// Deals closing within this many days count in full.
pub const CLOSING_SOON_DAYS: i64 = 7;
/// A deal this many days past its close date counts in full in the `slipped` term.
pub const SLIPPED_FULL_DAYS: i64 = 30;
/// Projects due within this many days raise the `projects` term.
pub const PROJECT_WINDOW_DAYS: i64 = 14;
/// Being more than this many cadences late counts no more.
pub const OVERDUE_CAP: f64 = 2.0;

/// The weights in force: the file's, else the defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub tier: f64,
    pub overdue: f64,
    pub value: f64,
    pub pipeline: f64,
    pub closing: f64,
    pub projects: f64,
    pub slipped: f64,
    pub earnings: f64,
}

impl Weights {
    pub fn of(book: &Book) -> Weights {
        let file = book.priority.clone().unwrap_or_default();
        Weights::from_file(&file)
    }

    fn from_file(file: &PriorityWeights) -> Weights {
        Weights {
            tier: file.tier.unwrap_or(DEFAULT_TIER),
            overdue: file.overdue.unwrap_or(DEFAULT_OVERDUE),
            value: file.value.unwrap_or(DEFAULT_VALUE),
            pipeline: file.pipeline.unwrap_or(DEFAULT_PIPELINE),
            closing: file.closing.unwrap_or(DEFAULT_CLOSING),
            projects: file.projects.unwrap_or(DEFAULT_PROJECTS),
            slipped: file.slipped.unwrap_or(DEFAULT_SLIPPED),
            earnings: file.earnings.unwrap_or(DEFAULT_EARNINGS),
        }
    }
}

/// What a term was computed from: numbers only, so ranking a large book formats no text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Evidence<'a> {
    Tier(Tier),
    /// How the client stands against its cadence, and a planned check-in that is later.
    Overdue {
        due: Due,
        cadence_days: u32,
        snoozed_to: Option<NaiveDate>,
    },
    Value {
        value: Money,
        share: f64,
    },
    Pipeline {
        open: Money,
        weighted: Money,
    },
    /// The open deal closing soonest (today or later): days away, and the deal's id.
    Closing(Option<(i64, &'a str)>),
    /// The open deal furthest past its close date: days since, and the deal's id.
    Slipped(Option<(i64, &'a str)>),
    /// The nearest unfinished project's distance to its due date, and the project's id.
    Projects(Option<(i64, &'a str)>),
    /// What the open deal worth most to the rep's pay would add if won now, and its id.
    Earnings(Option<(Money, &'a str)>),
}

/// One named part of a score: `factor × weight = contribution`.
#[derive(Debug, Clone, PartialEq)]
pub struct Term<'a> {
    pub name: &'static str,
    pub factor: f64,
    pub weight: f64,
    pub evidence: Evidence<'a>,
}

impl Term<'_> {
    pub fn contribution(&self) -> f64 {
        self.factor * self.weight
    }

    /// Why the factor is what it is, in words: `9 days overdue on a 7-day cadence`.
    pub fn reason(&self, client: &Client, today: NaiveDate) -> String {
        match self.evidence {
            Evidence::Tier(Tier::Key) => "key account".to_string(),
            Evidence::Tier(Tier::Growth) => "growth account".to_string(),
            Evidence::Tier(Tier::Standard) => "standard account".to_string(),
            Evidence::Overdue {
                due,
                cadence_days,
                snoozed_to: Some(planned),
            } if matches!(due, Due::Overdue { .. }) => format!(
                "{} on a {cadence_days}-day cadence (check-in moved to {})",
                due.describe(),
                crate::text::short_date(planned, today)
            ),
            Evidence::Overdue {
                due, cadence_days, ..
            } => match due {
                Due::Overdue { .. } => {
                    format!("{} on a {cadence_days}-day cadence", due.describe())
                }
                Due::Today => "due today".to_string(),
                Due::Upcoming { .. } => format!("next check-in {}", due.describe()),
            },
            Evidence::Value { value, share } => {
                format!("{value} a year ({:.0} % of the largest)", share * 100.0)
            }
            Evidence::Pipeline { open, weighted } if open.cents() > 0 => {
                format!("{open} open, {weighted} weighted by stage")
            }
            Evidence::Pipeline { .. } => "no open deals".to_string(),
            Evidence::Closing(Some((days, deal))) => {
                let when = relative(days, "", "closing today", "closing in");
                let title = client.deal(deal).map_or("", |d| d.title.as_str());
                format!("\"{title}\" {when}")
            }
            Evidence::Closing(None) => "no open deal closing ahead".to_string(),
            Evidence::Slipped(Some((days, deal))) => {
                let title = client.deal(deal).map_or("", |d| d.title.as_str());
                let unit = if days == 1 { "day" } else { "days" };
                format!("\"{title}\" {days} {unit} past its close date")
            }
            Evidence::Slipped(None) => "no deal past its close date".to_string(),
            Evidence::Projects(Some((days, project))) => {
                let when = relative(days, "late", "due today", "due in");
                let name = client.project(project).map_or("", |p| p.name.as_str());
                format!("\"{name}\" {when}")
            }
            Evidence::Projects(None) => "no project due".to_string(),
            Evidence::Earnings(Some((worth, deal))) => {
                let title = client.deal(deal).map_or("", |d| d.title.as_str());
                format!("\"{title}\" won now pays you {worth}")
            }
            Evidence::Earnings(None) => "no open deal adds to your pay".to_string(),
        }
    }
}

/// `3 days late`, `due today`, `due in 4 days`: a date's distance from today in words.
fn relative(days: i64, past: &str, today: &str, ahead: &str) -> String {
    match days {
        d if d < 0 => format!("{} {past}", crate::text::plural(-d, "day", "days"))
            .trim_end()
            .to_string(),
        0 => today.to_string(),
        d => format!("{ahead} {}", crate::text::plural(d, "day", "days")),
    }
}

#[derive(Debug, Clone)]
pub struct Score<'a> {
    pub client: &'a Client,
    pub terms: [Term<'a>; 8],
    pub total: f64,
}

impl<'a> Score<'a> {
    /// The terms that add something, largest first: the "why" in one line.
    pub fn reasons(&self) -> Vec<&Term<'a>> {
        let mut terms: Vec<&Term> = self
            .terms
            .iter()
            .filter(|t| t.contribution().abs() >= 0.005)
            .collect();
        terms.sort_by(|a, b| {
            b.contribution()
                .partial_cmp(&a.contribution())
                .unwrap_or(Ordering::Equal)
        });
        terms
    }
}

/// Book-wide figures that terms are relative to, computed once per ranking.
#[derive(Debug, Clone)]
struct Scale {
    largest_value: Money,
    largest_pipeline: Money,
    probability: StageOdds,
    /// The pay plan and standing that say what a deal is worth to the rep.
    quota: QuotaReport,
    largest_worth: Money,
}

/// Stage probabilities in force, copied out of the book once.
#[derive(Debug, Clone, Copy)]
struct StageOdds([f64; 4]);

impl StageOdds {
    fn of(book: &Book) -> StageOdds {
        let p = book.stage_probability.clone().unwrap_or_default();
        StageOdds(
            [
                Stage::Lead,
                Stage::Qualified,
                Stage::Proposal,
                Stage::Negotiation,
            ]
            .map(|s| p.of(s)),
        )
    }

    fn weight(self, stage: Stage) -> f64 {
        match stage {
            Stage::Lead => self.0[0],
            Stage::Qualified => self.0[1],
            Stage::Proposal => self.0[2],
            Stage::Negotiation => self.0[3],
            Stage::Won => 1.0,
            Stage::Lost => 0.0,
        }
    }
}

fn weighted_pipeline(client: &Client, odds: StageOdds) -> Money {
    client
        .open_deals()
        .map(|d| d.amount().scale(odds.weight(d.stage())))
        .sum()
}

/// The open deal that would add most to pay if won now: (what it adds, its id); of two
/// worth the same, the first the book lists.
fn best_worth<'a>(client: &'a Client, quota: &QuotaReport) -> Option<(Money, &'a str)> {
    client
        .deals
        .iter()
        .enumerate()
        .filter(|(_, d)| d.stage().is_open())
        .map(|(i, d)| (quota.worth(d), i, d.id.as_str()))
        .filter(|(worth, ..)| worth.cents() > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(worth, _, id)| (worth, id))
}

fn scale_of(book: &Book, today: NaiveDate) -> Scale {
    let probability = StageOdds::of(book);
    let quota = quota::quota(book, today);
    // One pass over the clients for the three, not three (a large book is read from
    // memory once).
    let larger = |largest: Option<Money>, candidate: Money| {
        Some(largest.map_or(candidate, |largest| largest.max(candidate)))
    };
    let (mut largest_value, mut largest_pipeline, mut largest_worth) = (None, None, None);
    for client in &book.clients {
        largest_value = larger(largest_value, client.annual_value());
        largest_pipeline = larger(largest_pipeline, weighted_pipeline(client, probability));
        if let Some((worth, _)) = best_worth(client, &quota) {
            largest_worth = larger(largest_worth, worth);
        }
    }
    Scale {
        largest_worth: largest_worth.unwrap_or_default(),
        quota,
        largest_value: largest_value.unwrap_or_default(),
        largest_pipeline: largest_pipeline.unwrap_or_default(),
        probability,
    }
}

fn ratio(part: Money, whole: Money) -> f64 {
    if whole.cents() <= 0 {
        0.0
    } else {
        (part.as_f64() / whole.as_f64()).clamp(0.0, 1.0)
    }
}

/// 1.0 within `CLOSING_SOON_DAYS`, falling linearly to 0 at `CLOSING_WINDOW_DAYS`.
fn closing_soon(days: i64) -> f64 {
    if days <= CLOSING_SOON_DAYS {
        1.0
    } else if days >= CLOSING_WINDOW_DAYS {
        0.0
    } else {
        (CLOSING_WINDOW_DAYS - days) as f64 / (CLOSING_WINDOW_DAYS - CLOSING_SOON_DAYS) as f64
    }
}

/// 1.0 when `days` is 0 or past, falling linearly to 0 at `window`.
fn nearness(days: i64, window: i64) -> f64 {
    if days <= 0 {
        1.0
    } else if days >= window {
        0.0
    } else {
        1.0 - days as f64 / window as f64
    }
}

fn terms_of<'a>(
    book: &Book,
    client: &'a Client,
    today: NaiveDate,
    weights: Weights,
    scale: &Scale,
) -> [Term<'a>; 8] {
    [
        tier_term(client, weights),
        overdue_term(book, client, today, weights),
        value_term(client, weights, scale),
        pipeline_term(client, weights, scale),
        closing_term(client, today, weights),
        slipped_term(client, today, weights),
        projects_term(client, today, weights),
        earnings_term(client, weights, scale),
    ]
}

fn tier_term(client: &Client, weights: Weights) -> Term<'static> {
    let tier = client.tier();
    Term {
        name: "tier",
        factor: match tier {
            Tier::Key => 1.0,
            Tier::Growth => 0.5,
            Tier::Standard => 0.0,
        },
        weight: weights.tier,
        evidence: Evidence::Tier(tier),
    }
}

/// How late the check-in is, in cadences (capped).
fn overdue_term(book: &Book, client: &Client, today: NaiveDate, weights: Weights) -> Term<'static> {
    let checkin = checkins::checkin(book, client, today);
    // Measured against the cadence, not a rescheduled check-in: a snooze does not hide
    // neglect (the reminder itself still waits for the planned day).
    let neglect = checkin.neglect(today);
    let factor = match neglect {
        Due::Overdue { days } => {
            (days as f64 / f64::from(checkin.cadence_days.max(1))).min(OVERDUE_CAP)
        }
        _ => 0.0,
    };
    // Past the cadence, the reason says how late; otherwise it names the next check-in
    // itself, the date the reminders, the agenda and the client view give.
    let due = match neglect {
        Due::Overdue { .. } => neglect,
        _ => checkin.due,
    };
    Term {
        name: "overdue",
        factor,
        weight: weights.overdue,
        evidence: Evidence::Overdue {
            due,
            cadence_days: checkin.cadence_days,
            snoozed_to: checkin.snoozed_to(),
        },
    }
}

fn value_term(client: &Client, weights: Weights, scale: &Scale) -> Term<'static> {
    let value = client.annual_value();
    let share = ratio(value, scale.largest_value);
    Term {
        name: "value",
        factor: share,
        weight: weights.value,
        evidence: Evidence::Value { value, share },
    }
}

fn pipeline_term(client: &Client, weights: Weights, scale: &Scale) -> Term<'static> {
    let weighted = weighted_pipeline(client, scale.probability);
    Term {
        name: "pipeline",
        factor: ratio(weighted, scale.largest_pipeline),
        weight: weights.pipeline,
        evidence: Evidence::Pipeline {
            open: client.open_pipeline(),
            weighted,
        },
    }
}

/// Open deals with a close date: (days from today to it, the deal's place in the book,
/// which breaks ties, and its id).
fn open_closes(client: &Client, today: NaiveDate) -> impl Iterator<Item = (i64, usize, &str)> + '_ {
    client
        .deals
        .iter()
        .enumerate()
        .filter(|(_, d)| d.stage().is_open())
        .filter_map(move |(i, d)| {
            d.close_date
                .map(|date| (days_between(today, date), i, d.id.as_str()))
        })
}

/// The open deal closing soonest, today or later: a deal a year late is not "closing".
fn closing_term(client: &Client, today: NaiveDate, weights: Weights) -> Term<'_> {
    let closing = open_closes(client, today)
        .filter(|(days, ..)| *days >= 0)
        .min()
        .map(|(days, _, id)| (days, id));
    Term {
        name: "closing",
        factor: closing.map_or(0.0, |(days, _)| closing_soon(days)),
        weight: weights.closing,
        evidence: Evidence::Closing(closing),
    }
}

/// The open deal furthest past its close date: it needs a new date or a decision.
fn slipped_term(client: &Client, today: NaiveDate, weights: Weights) -> Term<'_> {
    let slipped = open_closes(client, today)
        .filter(|(days, ..)| *days < 0)
        .map(|(days, i, id)| (-days, i, id))
        .max()
        .map(|(days, _, id)| (days, id));
    Term {
        name: "slipped",
        factor: slipped.map_or(0.0, |(days, _)| {
            (days as f64 / SLIPPED_FULL_DAYS as f64).min(1.0)
        }),
        weight: weights.slipped,
        evidence: Evidence::Slipped(slipped),
    }
}

/// The unfinished project due soonest: (days away, its id); of two due the same day,
/// the first the book lists.
fn projects_term(client: &Client, today: NaiveDate, weights: Weights) -> Term<'_> {
    let projects = client
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| p.status() != ProjectStatus::Done)
        .filter_map(|(i, p)| {
            p.due
                .map(|due| (days_between(today, due), i, p.id.as_str()))
        })
        .min()
        .map(|(days, _, id)| (days, id));
    Term {
        name: "projects",
        factor: projects.map_or(0.0, |(days, _)| nearness(days, PROJECT_WINDOW_DAYS)),
        weight: weights.projects,
        evidence: Evidence::Projects(projects),
    }
}

/// The open deal that would add most to the rep's pay, against the book's best: lifts
/// the account whose deal crosses a bonus tier or an accelerator band.
fn earnings_term<'a>(client: &'a Client, weights: Weights, scale: &Scale) -> Term<'a> {
    let best = best_worth(client, &scale.quota);
    Term {
        name: "earnings",
        factor: best.map_or(0.0, |(worth, _)| ratio(worth, scale.largest_worth)),
        weight: weights.earnings,
        evidence: Evidence::Earnings(best),
    }
}

/// What every score in a book is measured against: the weights in force and the largest
/// value and pipeline. Worked out once per book, not once per client.
#[derive(Debug, Clone)]
pub struct Context {
    weights: Weights,
    scale: Scale,
}

impl Context {
    pub fn of(book: &Book, today: NaiveDate) -> Context {
        Context {
            weights: Weights::of(book),
            scale: scale_of(book, today),
        }
    }

    /// The quota standing the `earnings` term was measured against.
    pub fn quota(&self) -> &QuotaReport {
        &self.scale.quota
    }
}

/// One client's score with its breakdown, against a context worked out beforehand.
pub fn score_in<'a>(
    book: &Book,
    client: &'a Client,
    today: NaiveDate,
    context: &Context,
) -> Score<'a> {
    let terms = terms_of(book, client, today, context.weights, &context.scale);
    let total = terms.iter().map(Term::contribution).sum();
    Score {
        client,
        terms,
        total,
    }
}

/// One client's score with its breakdown.
pub fn score<'a>(book: &Book, client: &'a Client, today: NaiveDate) -> Score<'a> {
    score_in(book, client, today, &Context::of(book, today))
}

/// Highest first; ties by name, then id, so the order never flickers.
pub fn compare(a: &Score, b: &Score) -> Ordering {
    b.total
        .partial_cmp(&a.total)
        .unwrap_or(Ordering::Equal)
        .then_with(|| cmp_names(&a.client.name, &b.client.name))
        .then_with(|| a.client.id.cmp(&b.client.id))
}

/// Every client, highest priority first.
pub fn rank(book: &Book, today: NaiveDate) -> Vec<Score<'_>> {
    let context = Context::of(book, today);
    let scores: Vec<Score> = book
        .clients
        .iter()
        .map(|c| score_in(book, c, today, &context))
        .collect();
    // Their places sorted, and each score then moved once: a score with its eight terms
    // is large, and a sort moves what it sorts many times over.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| compare(&scores[a], &scores[b]));
    let mut places: Vec<Option<Score>> = scores.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|at| places.get_mut(at).and_then(Option::take))
        .collect()
}

/// Every client's index in the book with its score, highest first (the same order as
/// [`rank`], without keeping each score's breakdown).
pub fn rank_indices(book: &Book, today: NaiveDate) -> Vec<(usize, f64)> {
    rank_indices_in(book, today, &Context::of(book, today))
}

/// [`rank_indices`] against a context worked out beforehand.
pub fn rank_indices_in(book: &Book, today: NaiveDate, context: &Context) -> Vec<(usize, f64)> {
    let totals: Vec<f64> = book
        .clients
        .iter()
        .map(|c| score_in(book, c, today, context).total)
        .collect();
    let mut order: Vec<usize> = (0..book.clients.len()).collect();
    let clients = &book.clients;
    order.sort_by(|&a, &b| {
        totals[b]
            .partial_cmp(&totals[a])
            .unwrap_or(Ordering::Equal)
            .then_with(|| cmp_names(&clients[a].name, &clients[b].name))
            .then_with(|| clients[a].id.cmp(&clients[b].id))
    });
    order.into_iter().map(|i| (i, totals[i])).collect()
}

/// Check-ins reordered highest priority first (stable for equal scores). `context` is
/// [`Context::of`] the same book and day, made once for all the lists a caller sorts.
pub fn most_urgent_first<'a>(
    book: &Book,
    today: NaiveDate,
    context: &Context,
    checkins: &[Checkin<'a>],
) -> Vec<Checkin<'a>> {
    let mut scored: Vec<(f64, Checkin<'a>)> = checkins
        .iter()
        .map(|c| (score_in(book, c.client, today, context).total, *c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
// The figures compared are exact in binary (halves, quarters, whole ratios), or are the
// very value the rule returned for another input.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::model::{Deal, Project, Stage};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn term<'a, 'b>(score: &'a Score<'b>, name: &str) -> &'a Term<'b> {
        score.terms.iter().find(|t| t.name == name).unwrap()
    }

    fn book_of(clients: Vec<Client>) -> Book {
        Book {
            clients: clients.into(),
            ..Book::default()
        }
    }

    #[test]
    fn a_deal_a_year_late_is_slipped_not_closing_like_one_closing_today() {
        let today = day("2026-11-27");
        let open = |close: &str| Deal {
            id: String::new(),
            title: close.into(),
            crm_id: None,
            share: None,
            credit: None,
            term_months: None,
            qualification: None,
            kind: None,
            stage: Some(Stage::Proposal),
            amount: Some(Money::from_units(1_000)),
            close_date: Some(day(close)),
            stage_changed: None,
            forecast: None,
            history: Vec::new(),
        };
        let mut late = Client::new("late", "Late");
        late.deals.push(open("2025-11-27"));
        let mut soon = Client::new("soon", "Soon");
        soon.deals.push(open("2026-11-27"));
        let mut later = Client::new("later", "Later");
        later.deals.push(open("2026-12-15"));
        let book = book_of(vec![late, soon, later]);
        let score_of = |i: usize| score(&book, &book.clients[i], today);
        let late = score_of(0);
        assert_eq!(term(&late, "closing").factor, 0.0, "not closing");
        assert_eq!(term(&late, "slipped").factor, 1.0, "30+ days slipped");
        assert_eq!(
            term(&late, "slipped").reason(&book.clients[0], today),
            "\"2025-11-27\" 365 days past its close date"
        );
        assert_eq!(term(&score_of(1), "closing").factor, 1.0, "closing today");
        assert_eq!(term(&score_of(1), "slipped").factor, 0.0);
        // 18 days ahead: between 7 (full) and 30 (none).
        assert_eq!(term(&score_of(2), "closing").factor, 12.0 / 23.0);
        assert_eq!(term(&late, "slipped").weight, DEFAULT_SLIPPED);
    }

    #[test]
    fn a_snoozed_client_still_scores_the_days_past_its_cadence() {
        let today = day("2026-11-27");
        let mut snoozed = Client::new("s", "Snoozed");
        snoozed.cadence_days = Some(30);
        snoozed.last_contact = Some(day("2026-10-01"));
        snoozed.next_checkin = Some(day("2026-12-04"));
        let book = book_of(vec![snoozed]);
        let score = score(&book, &book.clients[0], today);
        let overdue = term(&score, "overdue");
        assert_eq!(overdue.factor, 27.0 / 30.0);
        assert_eq!(
            overdue.reason(&book.clients[0], today),
            "27 days overdue on a 30-day cadence (check-in moved to Fri 4 Dec)"
        );
    }

    #[test]
    fn overdue_key_account_outranks_standard_account_contacted_yesterday() {
        let today = day("2026-11-27");
        let mut key = Client::new("key", "Key Co");
        key.tier = Some(Tier::Key);
        key.cadence_days = Some(14);
        key.last_contact = Some(day("2026-11-12"));
        let mut standard = Client::new("std", "Std Co");
        standard.last_contact = Some(day("2026-11-26"));
        standard.annual_value = Some(Money::from_units(5_000_000));
        standard.deals.push(Deal {
            id: String::new(),
            title: "Big".into(),
            crm_id: None,
            share: None,
            credit: None,
            term_months: None,
            qualification: None,
            kind: None,
            stage: Some(Stage::Negotiation),
            amount: Some(Money::from_units(900_000)),
            close_date: Some(today),
            stage_changed: None,
            forecast: None,
            history: Vec::new(),
        });
        standard.projects.push(Project {
            id: String::new(),
            name: "Rollout".into(),
            status: None,
            due: Some(today),
            staff: vec![],
        });
        let book = book_of(vec![standard, key]);
        let ranking = rank(&book, today);
        assert_eq!(ranking[0].client.id, "key");
        assert!(ranking[0].total > ranking[1].total);
    }

    #[test]
    fn lateness_is_relative_to_cadence() {
        let today = day("2026-11-27");
        let mut weekly = Client::new("w", "Weekly");
        weekly.cadence_days = Some(7);
        weekly.last_contact = Some(day("2026-11-13")); // due 11-20: 7 days late
        let mut quarterly = Client::new("q", "Quarterly");
        quarterly.cadence_days = Some(90);
        quarterly.last_contact = Some(day("2026-08-22")); // due 11-20: 7 days late
        let book = book_of(vec![quarterly, weekly]);
        let ranking = rank(&book, today);
        assert_eq!(ranking[0].client.id, "w");
        assert!((term(&ranking[0], "overdue").factor - 1.0).abs() < 1e-9);
        assert!((term(&ranking[1], "overdue").factor - 7.0 / 90.0).abs() < 1e-9);
        assert_eq!(
            term(&ranking[0], "overdue").reason(ranking[0].client, today),
            "7 days overdue on a 7-day cadence"
        );
    }

    #[test]
    fn overdue_factor_is_capped() {
        let today = day("2026-11-27");
        let mut c = Client::new("a", "A");
        c.cadence_days = Some(1);
        c.last_contact = Some(day("2025-01-01"));
        let book = book_of(vec![c]);
        let s = score(&book, &book.clients[0], today);
        assert_eq!(term(&s, "overdue").factor, OVERDUE_CAP);
    }

    #[test]
    fn total_is_the_sum_of_contributions_and_weights_come_from_the_file() {
        let today = day("2026-11-27");
        let mut c = Client::new("a", "A");
        c.tier = Some(Tier::Growth);
        c.annual_value = Some(Money::from_units(100));
        let mut book = book_of(vec![c]);
        book.priority = Some(PriorityWeights {
            tier: Some(10.0),
            ..PriorityWeights::default()
        });
        let s = score(&book, &book.clients[0], today);
        let sum: f64 = s.terms.iter().map(Term::contribution).sum();
        assert!((s.total - sum).abs() < 1e-9);
        assert_eq!(term(&s, "tier").weight, 10.0);
        assert_eq!(term(&s, "tier").contribution(), 5.0);
        assert_eq!(term(&s, "value").factor, 1.0);
        assert_eq!(term(&s, "value").weight, DEFAULT_VALUE);
    }

    #[test]
    fn ties_break_by_name() {
        let today = day("2026-11-27");
        let mut b = Client::new("b", "Beta");
        b.next_checkin = Some(day("2026-12-20"));
        let mut a = Client::new("a", "alpha");
        a.next_checkin = Some(day("2026-12-20"));
        let book = book_of(vec![b, a]);
        let ranking = rank(&book, today);
        assert_eq!(ranking[0].total, ranking[1].total);
        assert_eq!(ranking[0].client.id, "a");
    }

    #[test]
    fn closing_and_project_terms_fade_with_distance() {
        assert_eq!(nearness(-3, 30), 1.0);
        assert_eq!(nearness(0, 30), 1.0);
        assert_eq!(nearness(15, 30), 0.5);
        assert_eq!(nearness(30, 30), 0.0);
        assert_eq!(nearness(45, 30), 0.0);
    }

    #[test]
    fn lost_and_won_deals_are_not_pipeline() {
        let today = day("2026-11-27");
        let mut c = Client::new("a", "A");
        for stage in [Stage::Won, Stage::Lost] {
            c.deals.push(Deal {
                id: String::new(),
                title: "x".into(),
                crm_id: None,
                share: None,
                credit: None,
                term_months: None,
                qualification: None,
                kind: None,
                stage: Some(stage),
                amount: Some(Money::from_units(1000)),
                close_date: Some(today),
                stage_changed: None,
                forecast: None,
                history: Vec::new(),
            });
        }
        let book = book_of(vec![c]);
        let s = score(&book, &book.clients[0], today);
        assert_eq!(term(&s, "pipeline").factor, 0.0);
        assert_eq!(term(&s, "closing").factor, 0.0);
    }

    #[test]
    fn indices_follow_the_same_order_as_the_ranking() {
        let book = crate::demo::generate(200, 5, day("2026-11-27"));
        let today = day("2026-11-27");
        let ranked: Vec<&str> = rank(&book, today)
            .iter()
            .map(|s| s.client.id.as_str())
            .collect();
        let indexed: Vec<&str> = rank_indices(&book, today)
            .iter()
            .map(|(i, _)| book.clients[*i].id.as_str())
            .collect();
        assert_eq!(ranked, indexed);
    }

    #[test]
    fn empty_book_ranks_nothing() {
        assert!(rank(&Book::default(), day("2026-11-27")).is_empty());
    }
}
