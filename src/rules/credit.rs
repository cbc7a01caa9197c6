//! What a deal counts toward the quota, as pay plans credit it: its basis (the whole
//! contract, or its first year for a multi-year deal when the plan says so), times its
//! credit rate (the deal's own, else its kind's), times your share of it. Attainment,
//! commission, every forecast call and what a deal is worth to you all read this.

use crate::model::{Book, Credit, CreditBasis, Deal, Money};

/// The plan's crediting rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreditRules {
    pub kinds: Credit,
    pub basis: CreditBasis,
}

impl CreditRules {
    pub fn of(book: &Book) -> CreditRules {
        let quota = book.quota.as_ref();
        CreditRules {
            kinds: quota.and_then(|q| q.credit.clone()).unwrap_or_default(),
            basis: quota.and_then(|q| q.credit_basis).unwrap_or_default(),
        }
    }

    /// The amount credit is figured on: the whole amount, or under `FirstYear` a deal
    /// of more than 12 months' first year (amount × 12 ÷ term).
    pub fn basis_of(&self, deal: &Deal) -> Money {
        match (self.basis, deal.term_months) {
            (CreditBasis::FirstYear, Some(term)) if term > 12 => {
                deal.amount().scale(12.0 / f64::from(term))
            }
            _ => deal.amount(),
        }
    }

    /// The deal's rate: its own `credit`, else its kind's.
    pub fn rate_of(&self, deal: &Deal) -> f64 {
        deal.credit.unwrap_or_else(|| self.kinds.of(deal.kind()))
    }

    /// Basis × rate × share: what winning the deal adds to attainment.
    pub fn credited(&self, deal: &Deal) -> Money {
        let share = deal.share.unwrap_or(1.0);
        self.basis_of(deal).scale(self.rate_of(deal) * share)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DealKind;

    fn deal(amount: i64) -> Deal {
        Deal {
            amount: Some(Money::from_units(amount)),
            ..Deal::default()
        }
    }

    #[test]
    fn split_override_and_first_year_credit_multiply() {
        let rules = CreditRules {
            kinds: Credit {
                renewal: Some(0.5),
                ..Credit::default()
            },
            basis: CreditBasis::FirstYear,
        };
        // A three-year 360,000 deal, half yours, credited at 80 %: 120,000 × 0.8 × 0.5.
        let mut three_years = deal(360_000);
        three_years.term_months = Some(36);
        three_years.share = Some(0.5);
        three_years.credit = Some(0.8);
        assert_eq!(rules.credited(&three_years), Money::from_units(48_000));
        // A renewal at its kind's rate; a 12-month term is its own first year.
        let mut renewal = deal(100_000);
        renewal.kind = Some(DealKind::Renewal);
        renewal.term_months = Some(12);
        assert_eq!(rules.credited(&renewal), Money::from_units(50_000));
        // On the whole contract, the term does not matter.
        let total = CreditRules::default();
        assert_eq!(total.credited(&three_years), Money::from_units(144_000));
    }
}
