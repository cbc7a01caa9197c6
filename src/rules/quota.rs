//! Where the account executive stands against the annual quota, and what it pays.

use chrono::{Datelike, NaiveDate};
use strum::IntoEnumIterator;

use crate::model::{Bonus, Book, DealKind, ForecastCategory, Money, Stage, StageProbability};

/// Quota and earnings figures for the quota year, as of `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaReport {
    pub year: i32,
    pub target: Money,
    /// Won deals closed in the quota year.
    pub won: Money,
    /// Won, each deal counted at its kind's quota credit (`quota.credit`).
    pub credited_won: Money,
    /// `credited_won ÷ target` (1.0 = 100 %); 0 without a target.
    pub attainment: f64,
    /// Share of the year gone by today (0 before the year, 1 after it).
    pub year_elapsed: f64,
    /// Where a straight line from 0 to the target stands today.
    pub pace: Money,
    /// `won − pace`: ahead when positive.
    pub gap_to_pace: Money,
    /// Open deals closing in the year (or undated, or slipped), credited and weighted by
    /// stage probability.
    pub weighted_open: Money,
    /// `credited_won + weighted_open`.
    pub forecast: Money,
    /// The forecast by the reps' calls, each including the one before.
    pub categories: Categories,
    pub commission_rate: f64,
    pub commission: Money,
    pub bonuses_earned: Vec<Bonus>,
    pub bonus_total: Money,
    pub next_bonus: Option<NextBonus>,
    pub base_salary: Money,
    /// Commission plus bonuses earned so far (base salary not included).
    pub variable_earned: Money,
    /// Won at year end if the pace so far continues.
    pub projected_won: Money,
    /// Base + commission + bonuses at the projected year-end figure.
    pub projected_earnings: Money,
    /// Won business by kind, in `DealKind::ALL` order.
    pub split: Vec<(DealKind, Money)>,
    /// Won business by month, January first.
    pub by_month: [Money; 12],
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
    /// More won business needed to reach it.
    pub needed: Money,
}

/// Fraction of `year` elapsed at the end of `today`.
pub fn year_elapsed(year: i32, today: NaiveDate) -> f64 {
    match today.year().cmp(&year) {
        std::cmp::Ordering::Less => 0.0,
        std::cmp::Ordering::Greater => 1.0,
        std::cmp::Ordering::Equal => {
            let days_in_year = if today.leap_year() { 366.0 } else { 365.0 };
            f64::from(today.ordinal()) / days_in_year
        }
    }
}

fn bonuses_at(bonuses: &[Bonus], attainment: f64) -> Vec<Bonus> {
    bonuses
        .iter()
        .filter(|b| attainment + 1e-9 >= b.attainment)
        .cloned()
        .collect()
}

/// What the year's deals add up to: won (by month and by kind) and open, weighted.
struct Tally {
    won: Money,
    credited_won: Money,
    weighted_open: Money,
    /// Open credited amounts by the reps' calls: commit, best case, pipeline.
    open: [Money; 3],
    by_month: [Money; 12],
    split: Vec<(DealKind, Money)>,
}

fn tally(book: &Book, year: i32, today: NaiveDate, probability: &StageProbability) -> Tally {
    let credit = book
        .quota
        .as_ref()
        .and_then(|q| q.credit.clone())
        .unwrap_or_default();
    let mut tally = Tally {
        won: Money::ZERO,
        credited_won: Money::ZERO,
        weighted_open: Money::ZERO,
        open: [Money::ZERO; 3],
        by_month: [Money::ZERO; 12],
        split: DealKind::iter().map(|k| (k, Money::ZERO)).collect(),
    };
    for deal in book.clients.iter().flat_map(|c| &c.deals) {
        // An open deal counts in the year it should close, or undated; one whose close
        // date has passed (slipped, even from an earlier year) counts in the current year
        // rather than silently dropping out of the forecast.
        let counts = deal
            .close_date
            .is_none_or(|d| d.year() == year || (d < today && year == today.year()));
        match deal.stage() {
            Stage::Won => {
                let Some(date) = deal.close_date.filter(|d| d.year() == year) else {
                    continue;
                };
                tally.won += deal.amount();
                tally.credited_won += deal.amount().scale(credit.of(deal.kind()));
                tally.by_month[date.month0() as usize] += deal.amount();
                if let Some(slot) = tally.split.iter_mut().find(|(k, _)| *k == deal.kind()) {
                    slot.1 += deal.amount();
                }
            }
            Stage::Lost => {}
            // A deal the rep left out of the forecast is in none of its figures.
            _ if deal.forecast == Some(ForecastCategory::Omitted) => {}
            stage => {
                if counts {
                    let credited = deal.amount().scale(credit.of(deal.kind()));
                    tally.weighted_open += credited.scale(probability.of(stage));
                    let call = deal
                        .forecast
                        .unwrap_or(ForecastCategory::default_for(stage));
                    let slot = match call {
                        ForecastCategory::Commit => 0,
                        ForecastCategory::BestCase => 1,
                        ForecastCategory::Pipeline | ForecastCategory::Omitted => 2,
                    };
                    tally.open[slot] += credited;
                }
            }
        }
    }
    tally
}

pub fn quota(book: &Book, today: NaiveDate) -> QuotaReport {
    let settings = book.quota.clone().unwrap_or_default();
    let year = settings.year.unwrap_or(today.year());
    let target = settings.target.unwrap_or_default();
    let commission_rate = settings.commission_rate.unwrap_or(0.0);
    let base_salary = settings.base_salary.unwrap_or_default();
    let probability = book.stage_probability.clone().unwrap_or_default();

    let Tally {
        won: raw_won,
        credited_won: won,
        weighted_open,
        open,
        by_month,
        split,
    } = tally(book, year, today, &probability);
    let categories = Categories {
        closed: won,
        commit: won + open[0],
        best_case: won + open[0] + open[1],
        pipeline: won + open[0] + open[1] + open[2],
    };

    let ratio_of_target = |amount: Money| {
        if target.cents() > 0 {
            amount.as_f64() / target.as_f64()
        } else {
            0.0
        }
    };
    let attainment = ratio_of_target(won);
    let elapsed = year_elapsed(year, today);
    let pace = target.scale(elapsed).round_to_units();

    let mut bonus_tiers = settings.bonuses.clone();
    bonus_tiers.sort_by(|a, b| a.attainment.total_cmp(&b.attainment));
    let bonuses_earned = bonuses_at(&bonus_tiers, attainment);
    let bonus_total: Money = bonuses_earned.iter().map(|b| b.amount).sum();
    let next_bonus = bonus_tiers
        .iter()
        .find(|b| attainment + 1e-9 < b.attainment)
        .map(|b| NextBonus {
            attainment: b.attainment,
            amount: b.amount,
            needed: target.scale(b.attainment) - won,
        });
    let commission = won.scale(commission_rate);

    let projected_won = if elapsed > 0.0 {
        won.scale(1.0 / elapsed).round_to_units()
    } else {
        won
    };
    let projected_bonus: Money = bonuses_at(&bonus_tiers, ratio_of_target(projected_won))
        .iter()
        .map(|b| b.amount)
        .sum();
    let projected_earnings =
        (base_salary + projected_won.scale(commission_rate) + projected_bonus).round_to_units();

    QuotaReport {
        year,
        target,
        won: raw_won,
        credited_won: won,
        attainment,
        year_elapsed: elapsed,
        pace,
        gap_to_pace: won - pace,
        weighted_open,
        forecast: won + weighted_open,
        categories,
        commission_rate,
        commission,
        bonuses_earned,
        bonus_total,
        next_bonus,
        base_salary,
        variable_earned: commission + bonus_total,
        projected_won,
        projected_earnings,
        split,
        by_month,
    }
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
            title: format!("{stage:?} {amount}"),
            kind: Some(kind),
            stage: Some(stage),
            amount: Some(Money::from_units(amount)),
            close_date: close.map(day),
            stage_changed: None,
            forecast: None,
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
                credit: None,
            }),
            clients: vec![client],
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
        assert_eq!(year_elapsed(2026, day("2025-12-31")), 0.0);
        assert_eq!(year_elapsed(2026, day("2027-01-01")), 1.0);
        assert_eq!(year_elapsed(2026, day("2026-12-31")), 1.0);
        assert!((year_elapsed(2028, day("2028-02-29")) - 60.0 / 366.0).abs() < 1e-12);
        let report = quota(&book(), day("2026-07-02")); // day 183 of 365
        let expected = Money::from_units(1_200_000)
            .scale(183.0 / 365.0)
            .round_to_units();
        assert_eq!(report.pace, expected);
        assert_eq!(report.gap_to_pace, report.won - expected);
    }

    #[test]
    fn projects_year_end_at_current_pace() {
        let report = quota(&book(), day("2026-07-02"));
        // 900k by day 183 → about 1.795M by year end: 149.6 % reaches every bonus.
        assert!(report.projected_won > Money::from_units(1_790_000));
        let expected = (Money::from_units(60_000)
            + report.projected_won.scale(0.05)
            + Money::from_units(40_000))
        .round_to_units();
        assert_eq!(report.projected_earnings, expected);
    }

    #[test]
    fn empty_book_and_no_quota_give_zeros_not_errors() {
        let report = quota(&Book::default(), day("2026-11-27"));
        assert_eq!(report.year, 2026);
        assert_eq!(report.won, Money::ZERO);
        assert_eq!(report.attainment, 0.0);
        assert!(report.next_bonus.is_none());
    }
}
