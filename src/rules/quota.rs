//! Where the account executive stands against the quota, for the fiscal year and its
//! current quarter, and what it pays. Every figure is in credited amounts (each deal as
//! `credit::CreditRules` credits it: basis × rate × share) except `won` and the by-kind
//! and by-month splits.

use chrono::NaiveDate;
use strum::IntoEnumIterator;

use super::credit::CreditRules;
use super::fiscal::{FiscalYear, Span};
use super::pay::PayPlan;
use crate::model::{
    Bonus, Book, Client, Deal, DealKind, ForecastCategory, Money, Stage, StageProbability,
};

/// Quota and earnings figures for the quota year, as of `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaReport {
    /// The fiscal year's name (the calendar year it starts in) and its days.
    pub fiscal: FiscalYear,
    pub target: Money,
    /// Won deals closed in the quota year, at their full amounts.
    pub won: Money,
    /// Won, each deal counted at its kind's quota credit (`quota.credit`).
    pub credited_won: Money,
    /// `credited_won ÷ target` (1.0 = 100 %); 0 without a target.
    pub attainment: f64,
    /// Share of the year gone by today (0 before the year, 1 after it).
    pub year_elapsed: f64,
    /// Where a straight line from 0 to the target stands today.
    pub pace: Money,
    /// `credited_won − pace`: ahead when positive.
    pub gap_to_pace: Money,
    /// Open deals closing in the year (or undated, or slipped), credited and weighted by
    /// stage probability.
    pub weighted_open: Money,
    /// `credited_won + weighted_open`: the weighted forecast.
    pub forecast: Money,
    /// The forecast by the reps' calls, each including the one before.
    pub categories: Categories,
    /// The quarter today is in (the first before the year, the last after it).
    pub quarter: QuarterReport,
    /// The pay plan the pay figures come from.
    pub plan: PayPlan,
    /// How deals are credited, for what an open deal would add.
    pub credit: CreditRules,
    /// The rate the next amount won earns (the accelerator band reached).
    pub commission_rate: f64,
    /// Commission on credited won, through the bands, capped.
    pub commission: Money,
    pub bonuses_earned: Vec<Bonus>,
    pub bonus_total: Money,
    pub next_bonus: Option<NextBonus>,
    pub base_salary: Money,
    /// Commission plus bonuses earned so far (base salary not included).
    pub variable_earned: Money,
    /// Base for the share of the year gone, plus commission and bonuses so far.
    pub earned: Money,
    /// Full base plus the variable pay at the weighted forecast: the year end.
    pub projected_earnings: Money,
    /// Credited won at year end if the pace so far continues.
    pub run_rate_won: Money,
    /// Full base plus the variable pay at `run_rate_won`.
    pub run_rate_earnings: Money,
    /// Won business by kind, in `DealKind` order.
    pub split: Vec<(DealKind, Money)>,
    /// Won business by month of the fiscal year, its first month first.
    pub by_month: [Money; 12],
}

impl QuotaReport {
    pub fn year(&self) -> i32 {
        self.fiscal.year
    }

    /// What winning `deal` now would add to this year's pay.
    pub fn worth(&self, deal: &Deal) -> Money {
        self.plan
            .worth(self.credited_won, self.credit.credited(deal))
    }
}

/// The current quarter's figures, in credited amounts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuarterReport {
    /// The fiscal year it is in (the calendar year that year starts in).
    pub year: i32,
    /// 1–4.
    pub index: usize,
    pub span: Span,
    pub target: Money,
    /// Won in the quarter at full amounts.
    pub won: Money,
    pub credited_won: Money,
    pub attainment: f64,
    pub elapsed: f64,
    pub pace: Money,
    /// Open deals closing in the quarter (or slipped into it), credited and weighted.
    pub weighted_open: Money,
    /// `credited_won + weighted_open`.
    pub forecast: Money,
    /// Closed in the quarter, then the open deals counting in it added call by call.
    pub categories: Categories,
    /// Open deals whose close date has passed, counted in the quarter holding today.
    pub slipped: Slipped,
}

/// Open deals whose close date has passed: how many, and their credited amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Slipped {
    pub count: usize,
    pub amount: Money,
}

impl QuarterReport {
    /// `FY2026 Q4`.
    pub fn label(&self) -> String {
        format!("FY{} Q{}", self.year, self.index)
    }
}

/// Credited amounts for the year: closed (won), then open deals added call by call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Categories {
    pub closed: Money,
    /// Closed + open Commit deals.
    pub commit: Money,
    /// Commit + open `BestCase` deals.
    pub best_case: Money,
    /// Best case + open Pipeline deals.
    pub pipeline: Money,
}

/// The next bonus tier not yet reached, and what it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct NextBonus {
    pub attainment: f64,
    pub amount: Money,
    /// More credited business needed to reach it.
    pub needed: Money,
}

/// What a period's deals add up to.
#[derive(Debug, Clone, Default)]
struct Tally {
    won: Money,
    credited_won: Money,
    weighted_open: Money,
    /// Open credited amounts by the reps' calls: commit, best case, pipeline.
    open: [Money; 3],
    slipped: Slipped,
}

impl Tally {
    /// Closed, then each call's open amount added in turn.
    fn categories(&self) -> Categories {
        let won = self.credited_won;
        Categories {
            closed: won,
            commit: won + self.open[0],
            best_case: won + self.open[0] + self.open[1],
            pipeline: won + self.open[0] + self.open[1] + self.open[2],
        }
    }
}

/// Where an open deal counts: in the period of its close date; undated, in the year; one
/// whose close date has passed (slipped, even from an earlier year) in the period that
/// holds today, rather than silently dropping out of the forecast.
fn counts_in(period: Span, whole_year: bool, deal: &Deal, today: NaiveDate) -> bool {
    match deal.close_date {
        None => whole_year,
        Some(close) => period.contains(close) || (close < today && period.contains(today)),
    }
}

/// How a deal counts in a period's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Won, closed in the period.
    Won,
    /// Open, in the period by its call; `slipped` when its close date has passed.
    Open {
        call: ForecastCategory,
        slipped: bool,
    },
}

/// The client as `konto quota` reads it, and nothing more: its id, name and deals (the
/// quota and the pay plan are the book's). Kept beside the cache so that `quota` decodes
/// a fraction of a large book.
pub fn as_read_for_quota(client: &Client) -> Client {
    Client {
        deals: client.deals.clone(),
        ..Client::new(client.id.clone(), client.name.clone())
    }
}

/// Each deal that counts in `period`'s figures, and how. Lost deals and deals the rep
/// left out of the forecast (Omitted) count in none.
pub fn counted_in(
    book: &Book,
    period: Span,
    whole_year: bool,
    today: NaiveDate,
) -> impl Iterator<Item = (&Client, &Deal, Counted)> {
    book.clients.iter().flat_map(move |client| {
        client.deals.iter().filter_map(move |deal| {
            let counted = match deal.stage() {
                Stage::Won if deal.close_date.is_some_and(|d| period.contains(d)) => Counted::Won,
                Stage::Won | Stage::Lost => return None,
                _ if deal.forecast == Some(ForecastCategory::Omitted) => return None,
                stage if counts_in(period, whole_year, deal, today) => Counted::Open {
                    call: deal
                        .forecast
                        .unwrap_or(ForecastCategory::default_for(stage)),
                    slipped: deal.close_date.is_some_and(|d| d < today),
                },
                _ => return None,
            };
            Some((client, deal, counted))
        })
    })
}

fn tally(
    book: &Book,
    period: Span,
    whole_year: bool,
    today: NaiveDate,
    (credit, probability): (&CreditRules, &StageProbability),
) -> Tally {
    let mut tally = Tally::default();
    for (_, deal, counted) in counted_in(book, period, whole_year, today) {
        let credited = credit.credited(deal);
        match counted {
            Counted::Won => {
                tally.won += deal.amount();
                tally.credited_won += credited;
            }
            Counted::Open { call, slipped } => {
                tally.weighted_open += credited.scale(probability.of(deal.stage()));
                let slot = match call {
                    ForecastCategory::Commit => 0,
                    ForecastCategory::BestCase => 1,
                    ForecastCategory::Pipeline | ForecastCategory::Omitted => 2,
                };
                tally.open[slot] += credited;
                if slipped {
                    tally.slipped.count += 1;
                    tally.slipped.amount += credited;
                }
            }
        }
    }
    tally
}

/// Won business in the year at full amounts, by kind and by fiscal month.
fn won_split(book: &Book, fiscal: FiscalYear) -> (Vec<(DealKind, Money)>, [Money; 12]) {
    let mut split: Vec<(DealKind, Money)> = DealKind::iter().map(|k| (k, Money::ZERO)).collect();
    let mut by_month = [Money::ZERO; 12];
    let won = book
        .clients
        .iter()
        .flat_map(|c| &c.deals)
        .filter(|d| d.stage() == Stage::Won);
    for deal in won {
        let Some(month) = deal.close_date.and_then(|d| fiscal.month_of(d)) else {
            continue;
        };
        by_month[month] += deal.amount();
        if let Some(slot) = split.iter_mut().find(|(k, _)| *k == deal.kind()) {
            slot.1 += deal.amount();
        }
    }
    (split, by_month)
}

/// The quarter today is in, against its own target.
fn quarter_report(
    book: &Book,
    fiscal: FiscalYear,
    targets: [Money; 4],
    today: NaiveDate,
    rates: (&CreditRules, &StageProbability),
) -> QuarterReport {
    quarter_at(
        book,
        fiscal,
        fiscal.current_quarter(today),
        targets,
        today,
        rates,
    )
}

/// Quarter `index` (0–3) of `fiscal`, as of `today`.
fn quarter_at(
    book: &Book,
    fiscal: FiscalYear,
    index: usize,
    targets: [Money; 4],
    today: NaiveDate,
    rates: (&CreditRules, &StageProbability),
) -> QuarterReport {
    let span = fiscal.quarter(index);
    let t = tally(book, span, false, today, rates);
    let target = targets[index];
    let elapsed = span.elapsed(today);
    QuarterReport {
        year: fiscal.year,
        index: index + 1,
        span,
        target,
        won: t.won,
        credited_won: t.credited_won,
        attainment: if target.cents() > 0 {
            t.credited_won.as_f64() / target.as_f64()
        } else {
            0.0
        },
        elapsed,
        pace: target.scale(elapsed).round_to_units(),
        weighted_open: t.weighted_open,
        forecast: t.credited_won + t.weighted_open,
        categories: t.categories(),
        slipped: t.slipped,
    }
}

/// The quarters' targets: as written, else the year's split evenly.
fn quarter_targets(quarters: &[Money], target: Money) -> [Money; 4] {
    match quarters {
        [a, b, c, d] => [*a, *b, *c, *d],
        _ => [target.scale(0.25); 4],
    }
}

/// The quarter after the current one, as of `today`: its target (the next fiscal year's
/// first, on the same plan, after the last) and the deals closing in it by call. Slipped
/// deals stay in the current quarter.
pub fn next_quarter(book: &Book, today: NaiveDate) -> QuarterReport {
    let report = quota(book, today);
    let settings = book.quota.clone().unwrap_or_default();
    let targets = quarter_targets(&settings.quarters, report.target);
    let current = report.fiscal.current_quarter(today);
    let (fiscal, index) = if current < 3 {
        (report.fiscal, current + 1)
    } else {
        (
            FiscalYear::new(report.fiscal.year + 1, settings.fiscal_start),
            0,
        )
    };
    let probability = book.stage_probability.clone().unwrap_or_default();
    quarter_at(
        book,
        fiscal,
        index,
        targets,
        today,
        (&report.credit, &probability),
    )
}

pub fn quota(book: &Book, today: NaiveDate) -> QuotaReport {
    let settings = book.quota.clone().unwrap_or_default();
    let fiscal = match settings.year {
        Some(year) => FiscalYear::new(year, settings.fiscal_start),
        None => FiscalYear::containing(today, settings.fiscal_start),
    };
    let mut plan = PayPlan::of(&settings);
    if settings.target.is_none() && settings.quarters.len() == 4 {
        plan.target = settings.quarters.iter().copied().sum();
    }
    let target = plan.target;
    let credit = CreditRules::of(book);
    let probability = book.stage_probability.clone().unwrap_or_default();
    let rates = (&credit, &probability);

    let year = tally(book, fiscal.span, true, today, rates);
    let won = year.credited_won;
    let categories = year.categories();
    let forecast = won + year.weighted_open;
    let elapsed = fiscal.span.elapsed(today);
    let pace = target.scale(elapsed).round_to_units();
    let bonuses_earned = plan.bonuses_at(won);
    let bonus_total: Money = bonuses_earned.iter().map(|b| b.amount).sum();
    let next_bonus = plan.next_bonus(won).map(|b| NextBonus {
        attainment: b.attainment,
        amount: b.amount,
        needed: target.scale(b.attainment) - won,
    });
    let commission = plan.commission(won);
    let run_rate_won = if elapsed > 0.0 {
        won.scale(1.0 / elapsed).round_to_units()
    } else {
        won
    };
    let (split, by_month) = won_split(book, fiscal);
    let quarter = quarter_report(
        book,
        fiscal,
        quarter_targets(&settings.quarters, target),
        today,
        rates,
    );

    QuotaReport {
        fiscal,
        target,
        won: year.won,
        credited_won: won,
        attainment: plan.attainment(won),
        year_elapsed: elapsed,
        pace,
        gap_to_pace: won - pace,
        weighted_open: year.weighted_open,
        forecast,
        categories,
        quarter,
        commission_rate: plan.marginal_rate(won),
        commission,
        bonuses_earned,
        bonus_total,
        next_bonus,
        base_salary: plan.base_salary,
        variable_earned: commission + bonus_total,
        earned: (plan.base_salary.scale(elapsed) + commission + bonus_total).round_to_units(),
        projected_earnings: plan.earnings(forecast),
        run_rate_won,
        run_rate_earnings: plan.earnings(run_rate_won),
        split,
        by_month,
        plan,
        credit,
    }
}

/// Won deals dated after today: they count toward attainment and commission already,
/// which is rarely meant (a close date typed a year off, a deal marked won early).
pub fn won_after_today(
    book: &Book,
    today: NaiveDate,
) -> impl Iterator<Item = (&crate::model::Client, &crate::model::Deal)> {
    book.clients.iter().flat_map(move |client| {
        client
            .deals
            .iter()
            .filter(move |deal| {
                deal.stage() == crate::model::Stage::Won
                    && deal.close_date.is_some_and(|d| d > today)
            })
            .map(move |deal| (client, deal))
    })
}

/// The quota year the book names, when today is past its last day: its year and last
/// day. (A book that names no year follows today's.)
pub fn year_ended(book: &Book, today: NaiveDate) -> Option<(i32, NaiveDate)> {
    let quota = book.quota.as_ref()?;
    let year = quota.year?;
    let span = super::fiscal::FiscalYear::new(year, quota.fiscal_start).span;
    (today > span.last_day()).then(|| (year, span.last_day()))
}

#[cfg(test)]
// The figures compared are exact in binary (halves, quarters, whole ratios), or are the
// very value the rule returned for another input.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::model::{Client, Deal, Quota};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn deal(stage: Stage, kind: DealKind, amount: i64, close: Option<&str>) -> Deal {
        Deal {
            id: String::new(),
            title: format!("{stage:?} {amount}"),
            crm_id: None,
            share: None,
            credit: None,
            term_months: None,
            qualification: None,
            kind: Some(kind),
            stage: Some(stage),
            amount: Some(Money::from_units(amount)),
            close_date: close.map(day),
            stage_changed: None,
            forecast: None,
            history: Vec::new(),
        }
    }

    fn book() -> Book {
        let mut client = Client::new("a", "A");
        client.deals = vec![
            deal(
                Stage::Won,
                DealKind::NewBusiness,
                600_000,
                Some("2026-03-14"),
            ),
            deal(Stage::Won, DealKind::Renewal, 300_000, Some("2026-11-02")),
            deal(Stage::Won, DealKind::Upsell, 50_000, Some("2025-12-31")),
            deal(Stage::Won, DealKind::Upsell, 50_000, None),
            deal(
                Stage::Proposal,
                DealKind::Upsell,
                100_000,
                Some("2026-12-20"),
            ),
            deal(Stage::Lead, DealKind::NewBusiness, 100_000, None),
            deal(
                Stage::Negotiation,
                DealKind::NewBusiness,
                100_000,
                Some("2027-01-15"),
            ),
            deal(
                Stage::Lost,
                DealKind::NewBusiness,
                999_000,
                Some("2026-05-01"),
            ),
        ];
        Book {
            quota: Some(Quota {
                year: Some(2026),
                target: Some(Money::from_units(1_200_000)),
                base_salary: Some(Money::from_units(60_000)),
                commission_rate: Some(0.05),
                bonuses: vec![
                    Bonus {
                        attainment: 1.25,
                        amount: Money::from_units(25_000),
                    },
                    Bonus {
                        attainment: 0.75,
                        amount: Money::from_units(5_000),
                    },
                    Bonus {
                        attainment: 1.0,
                        amount: Money::from_units(10_000),
                    },
                ],
                ..Quota::default()
            }),
            clients: vec![client].into(),
            ..Book::default()
        }
    }

    #[test]
    fn counts_only_won_deals_closed_in_the_quota_year() {
        let report = quota(&book(), day("2026-11-27"));
        assert_eq!(report.won, Money::from_units(900_000));
        assert!((report.attainment - 0.75).abs() < 1e-9);
        assert_eq!(report.commission, Money::from_units(45_000));
        assert_eq!(
            report.split,
            vec![
                (DealKind::NewBusiness, Money::from_units(600_000)),
                (DealKind::Upsell, Money::ZERO),
                (DealKind::Renewal, Money::from_units(300_000)),
            ]
        );
        assert_eq!(report.by_month[2], Money::from_units(600_000));
        assert_eq!(report.by_month[10], Money::from_units(300_000));
    }

    #[test]
    fn forecast_weights_open_deals_of_the_year_by_stage() {
        let report = quota(&book(), day("2026-11-27"));
        // proposal 100k × 0.5 + undated lead 100k × 0.1; next year's deal left out
        assert_eq!(report.weighted_open, Money::from_units(60_000));
        assert_eq!(report.forecast, Money::from_units(960_000));
    }

    #[test]
    fn a_deal_that_slipped_past_last_years_close_date_stays_in_the_forecast() {
        let mut book = book();
        book.clients[0].deals.push(deal(
            Stage::Proposal,
            DealKind::NewBusiness,
            40_000,
            Some("2025-12-15"),
        ));
        let report = quota(&book, day("2026-11-27"));
        // 60k as before, plus the slipped proposal: 40k × 0.5.
        assert_eq!(report.weighted_open, Money::from_units(80_000));
        // Looking back at 2025's quota from today, it counts there (with the undated
        // lead, 10k), and this year's proposal does not.
        book.quota.as_mut().unwrap().year = Some(2025);
        let last_year = quota(&book, day("2026-11-27"));
        assert_eq!(last_year.weighted_open, Money::from_units(30_000));
    }

    #[test]
    fn renewals_at_half_credit_and_the_forecast_by_call() {
        let mut book = book();
        book.quota.as_mut().unwrap().credit = Some(crate::model::Credit {
            renewal: Some(0.5),
            ..crate::model::Credit::default()
        });
        let report = quota(&book, day("2026-11-27"));
        assert_eq!(report.won, Money::from_units(900_000), "the raw figure");
        // 600k new business + half of the 300k renewal.
        assert_eq!(report.credited_won, Money::from_units(750_000));
        assert!((report.attainment - 0.625).abs() < 1e-9);
        assert_eq!(report.commission, Money::from_units(37_500));
        // Open this year: the proposal (best case by stage) 100k and the undated lead
        // (pipeline) 100k; next year's negotiation is left out.
        assert_eq!(
            report.categories,
            Categories {
                closed: Money::from_units(750_000),
                commit: Money::from_units(750_000),
                best_case: Money::from_units(850_000),
                pipeline: Money::from_units(950_000),
            }
        );
        assert_eq!(report.forecast, Money::from_units(810_000));
    }

    #[test]
    fn bonuses_at_exactly_the_threshold_are_earned() {
        let report = quota(&book(), day("2026-11-27"));
        assert_eq!(report.bonuses_earned.len(), 1);
        assert_eq!(report.bonus_total, Money::from_units(5_000));
        let next = report.next_bonus.unwrap();
        assert_eq!(next.attainment, 1.0);
        assert_eq!(next.needed, Money::from_units(300_000));
        assert_eq!(report.variable_earned, Money::from_units(50_000));
    }

    #[test]
    fn pace_is_linear_through_the_year_including_leap_years() {
        assert_eq!(quota(&book(), day("2025-12-31")).year_elapsed, 0.0);
        assert_eq!(quota(&book(), day("2027-01-01")).year_elapsed, 1.0);
        assert_eq!(quota(&book(), day("2026-12-31")).year_elapsed, 1.0);
        let report = quota(&book(), day("2026-07-02")); // day 183 of 365
        let expected = Money::from_units(1_200_000)
            .scale(183.0 / 365.0)
            .round_to_units();
        assert_eq!(report.pace, expected);
        assert_eq!(report.gap_to_pace, report.won - expected);
    }

    #[test]
    fn year_end_at_the_forecast_and_at_this_pace_are_told_apart() {
        let report = quota(&book(), day("2026-07-02"));
        // 900k by day 183 → about 1.795M by year end at this pace: every bonus.
        assert!(report.run_rate_won > Money::from_units(1_790_000));
        let at_pace = (Money::from_units(60_000)
            + report.run_rate_won.scale(0.05)
            + Money::from_units(40_000))
        .round_to_units();
        assert_eq!(report.run_rate_earnings, at_pace);
        // The forecast is won + 60k weighted open = 960k (80 %): the 75 % bonus only.
        assert_eq!(report.forecast, Money::from_units(960_000));
        assert_eq!(
            report.projected_earnings,
            Money::from_units(60_000 + 48_000 + 5_000)
        );
        // The base for 183/365 of the year, the commission and the 75 % bonus.
        let earned = (Money::from_units(60_000).scale(183.0 / 365.0)
            + Money::from_units(45_000 + 5_000))
        .round_to_units();
        assert_eq!(report.earned, earned);
    }

    #[test]
    fn empty_book_and_no_quota_give_zeros_not_errors() {
        let report = quota(&Book::default(), day("2026-11-27"));
        assert_eq!(report.year(), 2026);
        assert_eq!(report.won, Money::ZERO);
        assert_eq!(report.attainment, 0.0);
        assert!(report.next_bonus.is_none());
    }

    /// The book worked out by hand in `tests/data/pay_plan.ron` (its comments say how).
    fn pay_plan() -> Book {
        crate::storage::parse(include_str!("../../tests/data/pay_plan.ron"))
            .unwrap()
            .0
    }

    #[test]
    fn the_hand_computed_pay_plan_year() {
        let r = quota(&pay_plan(), day("2026-11-27"));
        assert_eq!(r.fiscal.span.start, day("2026-04-01"));
        assert_eq!(
            r.won,
            Money::from_units(1_760_000),
            "800k + 400k + 300k + 260k"
        );
        assert_eq!(
            r.credited_won,
            Money::from_units(1_560_000),
            "the renewal at half"
        );
        assert!((r.attainment - 1.3).abs() < 1e-12);
        // 241 of 365 days gone.
        assert_eq!(r.year_elapsed, 241.0 / 365.0);
        assert_eq!(r.pace, Money::from_units(792_329));
        // Fraud module 100k × .75, Renewal 2027 100k credited × .5, Loyalty app 80k ×
        // .25, Kiosk add-on 40k × .1, slipped Fleet tracking 60k × .5; Expansion 2027
        // is next year's, Group rollout omitted.
        assert_eq!(r.weighted_open, Money::from_units(179_000));
        assert_eq!(r.forecast, Money::from_units(1_739_000));
        assert_eq!(
            r.categories,
            Categories {
                closed: Money::from_units(1_560_000),
                commit: Money::from_units(1_740_000),
                best_case: Money::from_units(1_900_000),
                pipeline: Money::from_units(1_940_000),
            }
        );
        assert_eq!(
            r.by_month[1],
            Money::from_units(800_000),
            "May, the second fiscal month"
        );
        assert_eq!(r.by_month[7], Money::from_units(260_000), "November");
    }

    #[test]
    fn the_hand_computed_pay_plan_pay() {
        let r = quota(&pay_plan(), day("2026-11-27"));
        // 1.2M × 5 % + 300k × 8 % + 60k × 10 %.
        assert_eq!(r.commission, Money::from_units(90_000));
        assert_eq!(r.commission_rate, 0.10);
        assert_eq!(r.bonus_total, Money::from_units(10_000));
        let next = r.next_bonus.clone().unwrap();
        assert_eq!(next.needed, Money::from_units(240_000));
        // 80k × 241/365 + 90k + 10k.
        assert_eq!(r.earned, Money::from_units(152_822));
        // At 1,739,000: 60k + 24k + 23.9k commission, the 100 % bonus, full base.
        assert_eq!(r.projected_earnings, Money::from_units(197_900));
        // 1.56M × 365/241 = 2,362,656: 60k + 24k + 86,265.60 and both bonuses.
        assert_eq!(r.run_rate_won, Money::from_units(2_362_656));
        assert_eq!(r.run_rate_earnings, Money::from_units(280_266));
    }

    #[test]
    fn the_hand_computed_pay_plan_quarter() {
        let q = quota(&pay_plan(), day("2026-11-27")).quarter;
        assert_eq!(q.index, 3);
        assert_eq!(
            (q.span.start, q.span.last_day()),
            (day("2026-10-01"), day("2026-12-31"))
        );
        assert_eq!(q.target, Money::from_units(300_000));
        assert_eq!(q.credited_won, Money::from_units(560_000));
        assert!((q.attainment - 560.0 / 300.0).abs() < 1e-12);
        assert_eq!(q.pace, Money::from_units(189_130), "58 of 92 days");
        // Fraud module 75k, Loyalty app 20k and the slipped Fleet tracking 30k.
        assert_eq!(q.weighted_open, Money::from_units(125_000));
        assert_eq!(q.forecast, Money::from_units(685_000));
    }

    #[test]
    fn what_a_deal_is_worth_counts_its_band_and_the_bonus_it_crosses() {
        let book = pay_plan();
        let r = quota(&book, day("2026-11-27"));
        let deal = |title: &str| {
            book.clients
                .iter()
                .flat_map(|c| &c.deals)
                .find(|d| d.title == title)
                .unwrap()
        };
        assert_eq!(r.worth(deal("Fraud module")), Money::from_units(10_000));
        assert_eq!(
            r.worth(deal("Renewal 2027")),
            Money::from_units(10_000),
            "credited at half"
        );
        // 500k takes credited won past 150 %: 50k commission and the 20k bonus.
        assert_eq!(r.worth(deal("Group rollout")), Money::from_units(70_000));
    }
}
