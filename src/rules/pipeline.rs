//! The pipeline across clients: stage and forecast-category totals, and each open deal
//! with how long it has sat in its stage, whether its close date has slipped, and whether
//! it is rotting (longer in its stage than the book allows).

use chrono::NaiveDate;
use strum::IntoEnumIterator;

use crate::model::{Book, Category, Client, Deal, ForecastCategory, Money, RottingDays, Stage};

use super::{cmp_names, days_between};

/// One open deal, judged.
#[derive(Debug, Clone, Copy)]
pub struct OpenDeal<'a> {
    pub client: &'a Client,
    pub deal: &'a Deal,
    pub forecast: ForecastCategory,
    /// Days since the stage last changed; `None` when konto cannot tell (no
    /// `stage_changed` date), and then the deal is not judged as rotting.
    pub days_in_stage: Option<i64>,
    /// Days since its close date, when that has passed.
    pub slipped_days: Option<i64>,
    pub rotting: bool,
}

/// An open deal's facts on `today`, or `None` for a won or lost one.
pub fn judge<'a>(
    rotting: &RottingDays,
    client: &'a Client,
    deal: &'a Deal,
    today: NaiveDate,
) -> Option<OpenDeal<'a>> {
    let Category::Open(forecast) = deal.category() else {
        return None;
    };
    let days_in_stage = deal.stage_changed.map(|since| days_between(since, today));
    let limit = rotting.of(deal.stage());
    Some(OpenDeal {
        client,
        deal,
        forecast,
        days_in_stage,
        slipped_days: deal
            .close_date
            .filter(|close| *close < today)
            .map(|close| days_between(close, today)),
        rotting: matches!((days_in_stage, limit), (Some(days), Some(limit)) if days > i64::from(limit)),
    })
}

/// Count, amount and stage-weighted amount of the open deals in one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageTotal {
    pub stage: Stage,
    pub count: usize,
    pub amount: Money,
    pub weighted: Money,
}

/// The pipeline: totals by stage and by forecast category (Omitted deals in neither),
/// and every open deal by close date (undated last).
#[derive(Debug, Clone)]
pub struct Pipeline<'a> {
    pub stages: Vec<StageTotal>,
    pub commit: Money,
    pub best_case: Money,
    pub pipeline: Money,
    pub deals: Vec<OpenDeal<'a>>,
}

pub fn pipeline(book: &Book, today: NaiveDate) -> Pipeline<'_> {
    let probability = book.stage_probability.clone().unwrap_or_default();
    // Read once for the book, not once per deal.
    let rotting = book.rotting_days.clone().unwrap_or_default();
    let mut deals: Vec<OpenDeal> = book
        .clients
        .iter()
        .flat_map(|client| {
            client
                .deals
                .iter()
                .filter_map(|deal| judge(&rotting, client, deal, today))
        })
        .collect();
    deals.sort_by(|a, b| {
        (a.deal.close_date.is_none(), a.deal.close_date)
            .cmp(&(b.deal.close_date.is_none(), b.deal.close_date))
            .then_with(|| cmp_names(&a.client.name, &b.client.name))
    });
    let counted = || {
        deals
            .iter()
            .filter(|d| d.forecast != ForecastCategory::Omitted)
    };
    let stages = Stage::iter()
        .filter(|stage| stage.is_open())
        .map(|stage| {
            let in_stage = counted().filter(|d| d.deal.stage() == stage);
            StageTotal {
                stage,
                count: in_stage.clone().count(),
                amount: in_stage.clone().map(|d| d.deal.amount()).sum(),
                weighted: in_stage
                    .map(|d| d.deal.amount().scale(probability.of(stage)))
                    .sum(),
            }
        })
        .collect();
    let in_category = |category: ForecastCategory| -> Money {
        counted()
            .filter(|d| d.forecast == category)
            .map(|d| d.deal.amount())
            .sum()
    };
    Pipeline {
        stages,
        commit: in_category(ForecastCategory::Commit),
        best_case: in_category(ForecastCategory::BestCase),
        pipeline: in_category(ForecastCategory::Pipeline),
        deals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn deal(stage: Stage, amount: i64, close: &str, changed: Option<&str>) -> Deal {
        Deal {
            title: format!("{stage:?}"),
            kind: None,
            stage: Some(stage),
            amount: Some(Money::from_units(amount)),
            close_date: Some(day(close)),
            stage_changed: changed.map(day),
            forecast: None,
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
            clients: vec![client],
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
        assert_eq!(negotiation.count, 1, "an omitted deal is in no stage total");
        assert_eq!(negotiation.weighted, Money::from_units(30_000));
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
            clients: vec![client],
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
        book.rotting_days = Some(RottingDays {
            proposal: Some(30),
            ..RottingDays::default()
        });
        assert!(
            !pipeline(&book, today).deals[0].rotting,
            "the book's own limit"
        );
    }
}
