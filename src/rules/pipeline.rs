//! The pipeline across clients: stage and forecast-category totals, and each open deal
//! with how long it has sat in its stage, whether its close date has slipped, and whether
//! it is rotting (longer in its stage than the book allows).

use chrono::NaiveDate;
use strum::IntoEnumIterator;

use crate::model::{
    Book, Category, Client, Deal, DealChange, ForecastCategory, Money, RottingDays, Stage, Task,
};

use super::days_between;
use super::quota::{self, QuotaReport};

/// One open deal, judged.
#[derive(Debug, Clone, Copy)]
pub struct OpenDeal<'a> {
    pub client: &'a Client,
    pub deal: &'a Deal,
    /// The client's place in the book, and the deal's in its client's list.
    pub client_index: usize,
    pub index: usize,
    pub forecast: ForecastCategory,
    /// Days since the stage last changed; `None` when konto cannot tell (no
    /// `stage_changed` date and no history), and then the deal is not judged as rotting.
    pub days_in_stage: Option<i64>,
    /// Days since its close date, when that has passed.
    pub slipped_days: Option<i64>,
    pub rotting: bool,
    /// What it counts toward the quota (basis × credit rate × share).
    pub credited: Money,
    /// What winning it now would add to the rep's pay (commission at the band it lands
    /// in, and any bonus tier it crosses).
    pub worth: Money,
    /// Its earliest open task.
    pub next_step: Option<&'a Task>,
}

impl OpenDeal<'_> {
    /// A Commit or Best case deal with no next step: the first thing a manager asks.
    pub fn lacks_next_step(&self) -> bool {
        self.next_step.is_none()
            && matches!(
                self.forecast,
                ForecastCategory::Commit | ForecastCategory::BestCase
            )
    }
}

/// A deal's next step: the earliest open task linked to it (dated before undated).
pub fn next_step<'a>(client: &'a Client, deal: &Deal) -> Option<&'a Task> {
    client
        .tasks
        .iter()
        .filter(|t| t.done.is_none() && t.deal.as_deref() == Some(deal.id.as_str()))
        .min_by_key(|t| (t.due.is_none(), t.due))
}

/// What a Commit deal lacks that a manager inspects: an economic buyer, a champion, a
/// paper process, a next step.
pub fn commit_gaps(client: &Client, deal: &Deal) -> Vec<&'static str> {
    let q = deal.qualification.clone().unwrap_or_default();
    let mut gaps = Vec::new();
    if q.economic_buyer.is_none() {
        gaps.push("an economic buyer");
    }
    if q.champion.is_none() {
        gaps.push("a champion");
    }
    if q.paper_process.is_none() {
        gaps.push("a paper process");
    }
    if next_step(client, deal).is_none() {
        gaps.push("a next step");
    }
    gaps
}

/// Every open Commit deal with what it lacks (only those lacking something).
pub fn commit_inspection(book: &Book) -> Vec<(&Client, &Deal, Vec<&'static str>)> {
    book.clients
        .iter()
        .flat_map(|client| client.deals.iter().map(move |deal| (client, deal)))
        .filter(|(_, deal)| matches!(deal.category(), Category::Open(ForecastCategory::Commit)))
        .map(|(client, deal)| (client, deal, commit_gaps(client, deal)))
        .filter(|(_, _, gaps)| !gaps.is_empty())
        .collect()
}

/// An open deal's facts on `today`, or `None` for a won or lost one.
pub fn judge<'a>(
    (rotting, quota): (&RottingDays, &QuotaReport),
    (client_index, client): (usize, &'a Client),
    (index, deal): (usize, &'a Deal),
    today: NaiveDate,
) -> Option<OpenDeal<'a>> {
    let Category::Open(forecast) = deal.category() else {
        return None;
    };
    let days_in_stage = deal
        .in_stage_since()
        .map(|since| days_between(since, today));
    let limit = rotting.of(deal.stage());
    Some(OpenDeal {
        client,
        deal,
        client_index,
        index,
        forecast,
        days_in_stage,
        slipped_days: deal
            .close_date
            .filter(|close| *close < today)
            .map(|close| days_between(close, today)),
        rotting: matches!((days_in_stage, limit), (Some(days), Some(limit)) if days > i64::from(limit)),
        credited: quota.credit.credited(deal),
        worth: quota.worth(deal),
        next_step: next_step(client, deal),
    })
}

/// Count, amount and stage-weighted amount of the open deals in one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageTotal {
    pub stage: Stage,
    /// Open deals in the stage, omitted ones included: they are still in the pipeline.
    pub count: usize,
    pub amount: Money,
    /// Of those, the deals the rep omitted from the forecast (in no call, not weighted).
    pub omitted: usize,
    pub weighted: Money,
}

/// The pipeline: totals by stage (full amounts; Omitted deals counted and marked, not
/// weighted) and by forecast category (credited amounts; Omitted deals in none), and
/// every open deal by close date (undated last, then in book order).
#[derive(Debug, Clone)]
pub struct Pipeline<'a> {
    pub stages: Vec<StageTotal>,
    pub commit: Money,
    pub best_case: Money,
    pub pipeline: Money,
    pub deals: Vec<OpenDeal<'a>>,
}

pub fn pipeline(book: &Book, today: NaiveDate) -> Pipeline<'_> {
    pipeline_with(book, today, &quota::quota(book, today))
}

/// [`pipeline`] with the quota standing worked out beforehand (it says what each deal is
/// worth to the rep).
pub fn pipeline_with<'a>(book: &'a Book, today: NaiveDate, quota: &QuotaReport) -> Pipeline<'a> {
    let probability = book.stage_probability.clone().unwrap_or_default();
    // Read once for the book, not once per deal.
    let rotting = book.rotting_days.clone().unwrap_or_default();
    let mut deals: Vec<OpenDeal> = book
        .clients
        .iter()
        .enumerate()
        .flat_map(|(client_index, client)| {
            let rotting = &rotting;
            client.deals.iter().enumerate().filter_map(move |deal| {
                judge((rotting, quota), (client_index, client), deal, today)
            })
        })
        .collect();
    // The totals first, while the deals are in book order (one after another in
    // memory), then the sort.
    let counted = || {
        deals
            .iter()
            .filter(|d| d.forecast != ForecastCategory::Omitted)
    };
    let stages = Stage::iter()
        .filter(|stage| stage.is_open())
        .map(|stage| {
            let all_in_stage = deals.iter().filter(|d| d.deal.stage() == stage);
            let in_stage = counted().filter(|d| d.deal.stage() == stage);
            StageTotal {
                stage,
                count: all_in_stage.clone().count(),
                amount: all_in_stage.map(|d| d.deal.amount()).sum(),
                omitted: deals
                    .iter()
                    .filter(|d| d.deal.stage() == stage)
                    .filter(|d| d.forecast == ForecastCategory::Omitted)
                    .count(),
                weighted: in_stage
                    .map(|d| d.deal.amount().scale(probability.of(stage)))
                    .sum(),
            }
        })
        .collect();
    let in_category = |category: ForecastCategory| -> Money {
        counted()
            .filter(|d| d.forecast == category)
            .map(|d| d.credited)
            .sum()
    };
    let (commit, best_case, pipeline) = (
        in_category(ForecastCategory::Commit),
        in_category(ForecastCategory::BestCase),
        in_category(ForecastCategory::Pipeline),
    );
    // By close date, then in book order: comparing names here took a quarter of the
    // time on a large book, for an order nobody reads between deals of one day. The keys
    // are read once, in book order: read from each deal at every comparison, they were
    // a cache miss apiece on a large book.
    deals.sort_by_cached_key(|d| {
        (
            d.deal.close_date.is_none(),
            d.deal.close_date,
            d.client_index,
            d.index,
        )
    });
    Pipeline {
        stages,
        commit,
        best_case,
        pipeline,
        deals,
    }
}

/// What happened to one deal in a period, from its history.
#[derive(Debug, Clone, Copy)]
pub struct DealChanges<'a> {
    pub client: &'a Client,
    pub deal: &'a Deal,
    /// Entered in the period.
    pub added: bool,
    /// The stage at the start of the period's first move and at the end of its last;
    /// `from` is `None` for a move konto knows only from `stage_changed`.
    pub stage: Option<(Option<Stage>, Stage)>,
    /// The close date before the period's first change and after its last.
    pub close_date: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    /// How many times in its whole history the close date moved later.
    pub pushes: usize,
    pub amount: Option<(Option<Money>, Option<Money>)>,
    pub forecast: Option<(Option<ForecastCategory>, Option<ForecastCategory>)>,
}

impl DealChanges<'_> {
    /// Days the close date moved later in the period (negative: earlier).
    pub fn pushed_days(&self) -> Option<i64> {
        match self.close_date? {
            (Some(from), Some(to)) => Some(days_between(from, to)),
            _ => None,
        }
    }

    pub fn lost(&self) -> bool {
        matches!(self.stage, Some((_, Stage::Lost)))
    }
}

/// A field's value before the first of `entries` that changed it and after the last;
/// `None` when none did, or the changes cancel out.
fn first_and_last<T: PartialEq>(
    entries: &[&DealChange],
    field: impl Fn(&DealChange) -> Option<(T, T)>,
) -> Option<(T, T)> {
    let from = entries.iter().find_map(|c| field(c))?.0;
    let to = entries.iter().rev().find_map(|c| field(c))?.1;
    (from != to).then_some((from, to))
}

/// Every deal that changed between `start` and `end` (inclusive), from what konto
/// recorded in its history; a stage moved by hand shows through `stage_changed`.
pub fn changes(book: &Book, start: NaiveDate, end: NaiveDate) -> Vec<DealChanges<'_>> {
    let within = |date: NaiveDate| start <= date && date <= end;
    let mut found = Vec::new();
    for client in &book.clients {
        for deal in &client.deals {
            let entries: Vec<_> = deal.history.iter().filter(|c| within(c.date)).collect();
            let stage = entries
                .iter()
                .find_map(|c| c.stage)
                .map(|c| c.from)
                .zip(
                    entries
                        .iter()
                        .rev()
                        .find_map(|c| c.stage)
                        .and_then(|c| c.to),
                )
                .filter(|(from, to)| *from != Some(*to))
                .or_else(|| {
                    deal.stage_changed
                        .filter(|d| within(*d) && deal.history.is_empty())
                        .map(|_| (None, deal.stage()))
                });
            let changes = DealChanges {
                client,
                deal,
                added: entries.iter().any(|c| c.added),
                stage,
                close_date: first_and_last(&entries, |c| c.close_date.map(|d| (d.from, d.to))),
                pushes: deal
                    .history
                    .iter()
                    .filter_map(|c| c.close_date)
                    .filter(|c| matches!((c.from, c.to), (Some(from), Some(to)) if to > from))
                    .count(),
                amount: first_and_last(&entries, |c| c.amount.map(|a| (a.from, a.to))),
                forecast: first_and_last(&entries, |c| c.forecast.map(|f| (f.from, f.to))),
            };
            let any = changes.added
                || changes.stage.is_some()
                || changes.close_date.is_some()
                || changes.amount.is_some()
                || changes.forecast.is_some();
            if any {
                found.push(changes);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn deal(stage: Stage, amount: i64, close: &str, changed: Option<&str>) -> Deal {
        Deal {
            id: String::new(),
            title: format!("{stage:?}"),
            crm_id: None,
            share: None,
            credit: None,
            term_months: None,
            qualification: None,
            kind: None,
            stage: Some(stage),
            amount: Some(Money::from_units(amount)),
            close_date: Some(day(close)),
            stage_changed: changed.map(day),
            forecast: None,
            history: Vec::new(),
        }
    }

    #[test]
    fn categories_default_by_stage_and_the_reps_call_wins() {
        let mut client = Client::new("a", "A");
        client.deals = vec![
            deal(Stage::Lead, 10_000, "2026-12-20", None),
            deal(Stage::Proposal, 20_000, "2026-12-20", None),
            deal(Stage::Negotiation, 40_000, "2026-12-20", None),
            Deal {
                forecast: Some(ForecastCategory::Commit),
                ..deal(Stage::Qualified, 5_000, "2026-12-20", None)
            },
            Deal {
                forecast: Some(ForecastCategory::Omitted),
                ..deal(Stage::Negotiation, 999_000, "2026-12-20", None)
            },
            deal(Stage::Won, 77_000, "2026-11-01", None),
        ];
        let book = Book {
            clients: vec![client].into(),
            ..Book::default()
        };
        let p = pipeline(&book, day("2026-11-27"));
        assert_eq!(p.pipeline, Money::from_units(10_000));
        assert_eq!(p.best_case, Money::from_units(20_000));
        assert_eq!(
            p.commit,
            Money::from_units(45_000),
            "negotiation + the rep's call"
        );
        let negotiation = p
            .stages
            .iter()
            .find(|s| s.stage == Stage::Negotiation)
            .unwrap();
        assert_eq!(
            (negotiation.count, negotiation.omitted),
            (2, 1),
            "an omitted deal is out of the forecast, not out of the pipeline"
        );
        assert_eq!(negotiation.amount, Money::from_units(1_039_000));
        assert_eq!(
            negotiation.weighted,
            Money::from_units(30_000),
            "and not weighted"
        );
        assert_eq!(p.deals.len(), 5, "open deals listed, the omitted one too");
    }

    #[test]
    fn slipped_and_rotting_deals_are_flagged() {
        let mut client = Client::new("a", "A");
        client.deals = vec![
            deal(Stage::Proposal, 1, "2025-11-27", Some("2026-11-01")),
            deal(Stage::Proposal, 1, "2026-12-27", Some("2026-11-20")),
            deal(Stage::Lead, 1, "2026-12-27", None),
        ];
        let mut book = Book {
            clients: vec![client].into(),
            ..Book::default()
        };
        let today = day("2026-11-27");
        let p = pipeline(&book, today);
        let year_late = p.deals[0];
        assert_eq!(year_late.slipped_days, Some(365));
        assert_eq!(year_late.days_in_stage, Some(26));
        assert!(year_late.rotting, "26 days in proposal > 14");
        assert!(!p.deals[1].rotting, "7 days");
        assert_eq!(p.deals[1].slipped_days, None);
        assert!(!p.deals[2].rotting, "no stage date: not judged");
        assert_eq!(p.deals[2].days_in_stage, None);
        book.rotting_days = Some(RottingDays {
            proposal: Some(30),
            ..RottingDays::default()
        });
        assert!(
            !pipeline(&book, today).deals[0].rotting,
            "the book's own limit"
        );
    }

    #[test]
    fn without_a_stage_date_days_in_stage_count_from_the_history() {
        use crate::model::{Change, DealChange};
        let entry = |on: &str, moved: bool| DealChange {
            date: day(on),
            added: !moved,
            stage: moved.then_some(Change {
                from: Some(Stage::Qualified),
                to: Some(Stage::Proposal),
            }),
            ..DealChange::default()
        };
        let mut client = Client::new("a", "A");
        client.deals = vec![
            Deal {
                history: vec![entry("2026-09-01", false)],
                ..deal(Stage::Lead, 1, "2026-12-27", None)
            },
            Deal {
                history: vec![entry("2026-09-01", false), entry("2026-11-20", true)],
                ..deal(Stage::Proposal, 1, "2026-12-28", None)
            },
        ];
        let book = Book {
            clients: vec![client].into(),
            ..Book::default()
        };
        let p = pipeline(&book, day("2026-11-27"));
        assert_eq!(p.deals[0].days_in_stage, Some(87));
        assert!(p.deals[0].rotting, "a lead for 87 days");
        assert_eq!(p.deals[1].days_in_stage, Some(7), "from the latest move");
        assert!(!p.deals[1].rotting);
    }
}
