//! The pay plan: commission by attainment band (accelerators), an optional cap, and
//! bonuses for reaching attainment tiers. Every figure is a function of credited won.

use crate::model::{Bonus, CommissionBand, Money, Quota};

/// A quota's pay settings, bands and tiers sorted, defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct PayPlan {
    pub target: Money,
    pub base_salary: Money,
    /// Marginal rates from each band's attainment upwards, lowest band first.
    pub bands: Vec<CommissionBand>,
    pub cap: Option<Money>,
    /// Bonus tiers, lowest attainment first; every tier reached pays (they stack).
    pub bonuses: Vec<Bonus>,
}

impl PayPlan {
    pub fn of(quota: &Quota) -> PayPlan {
        let mut bands = quota.commission.clone();
        if bands.is_empty() {
            bands.push(CommissionBand {
                from: 0.0,
                rate: quota.commission_rate.unwrap_or(0.0),
            });
        }
        bands.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut bonuses = quota.bonuses.clone();
        bonuses.sort_by(|a, b| a.attainment.total_cmp(&b.attainment));
        PayPlan {
            target: quota.target.unwrap_or_default(),
            base_salary: quota.base_salary.unwrap_or_default(),
            bands,
            cap: quota.commission_cap,
            bonuses,
        }
    }

    /// `credited ÷ target` (1.0 = 100 %); 0 without a target.
    pub fn attainment(&self, credited: Money) -> f64 {
        if self.target.cents() > 0 {
            credited.as_f64() / self.target.as_f64()
        } else {
            0.0
        }
    }

    /// Each band's rate on the part of `credited` between its start and the next band's
    /// (`from × target`), summed and capped. Without a target there are no bands to
    /// climb: the lowest band's rate applies to everything.
    pub fn commission(&self, credited: Money) -> Money {
        let uncapped = if self.target.cents() > 0 {
            // Ranking a book asks this for every open deal: no allocation here.
            let start = |band: &CommissionBand| self.target.scale(band.from);
            self.bands
                .iter()
                .enumerate()
                .map(|(i, band)| {
                    let top = self
                        .bands
                        .get(i + 1)
                        .map_or(credited, |next| credited.min(start(next)));
                    (top - start(band)).max(Money::ZERO).scale(band.rate)
                })
                .sum()
        } else {
            credited.scale(self.bands.first().map_or(0.0, |b| b.rate))
        };
        match self.cap {
            Some(cap) => uncapped.min(cap),
            None => uncapped,
        }
    }

    /// The rate the next amount won earns: the band `credited` has reached.
    pub fn marginal_rate(&self, credited: Money) -> f64 {
        let attainment = self.attainment(credited);
        self.bands
            .iter()
            .rev()
            .find(|b| attainment + 1e-9 >= b.from)
            .or(self.bands.first())
            .map_or(0.0, |b| b.rate)
    }

    /// The bonus tiers `credited` has reached.
    pub fn bonuses_at(&self, credited: Money) -> Vec<Bonus> {
        let attainment = self.attainment(credited);
        self.bonuses
            .iter()
            .filter(|b| attainment + 1e-9 >= b.attainment)
            .cloned()
            .collect()
    }

    /// The first bonus tier `credited` has not reached.
    pub fn next_bonus(&self, credited: Money) -> Option<&Bonus> {
        let attainment = self.attainment(credited);
        self.bonuses
            .iter()
            .find(|b| attainment + 1e-9 < b.attainment)
    }

    /// Commission plus bonuses at `credited`.
    pub fn variable(&self, credited: Money) -> Money {
        let attainment = self.attainment(credited);
        let bonuses: Money = self
            .bonuses
            .iter()
            .filter(|b| attainment + 1e-9 >= b.attainment)
            .map(|b| b.amount)
            .sum();
        self.commission(credited) + bonuses
    }

    /// Base for the whole year plus the variable pay at `credited`, in whole units.
    pub fn earnings(&self, credited: Money) -> Money {
        (self.base_salary + self.variable(credited)).round_to_units()
    }

    /// What winning `extra` more credited business on top of `credited` adds to pay: its
    /// commission at the bands it lands in, and any bonus tier it crosses.
    pub fn worth(&self, credited: Money, extra: Money) -> Money {
        self.variable(credited + extra) - self.variable(credited)
    }
}

#[cfg(test)]
// The figures compared are exact in binary (0, 1, whole ratios).
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    fn units(n: i64) -> Money {
        Money::from_units(n)
    }

    fn plan() -> PayPlan {
        PayPlan::of(&Quota {
            target: Some(units(1_000_000)),
            base_salary: Some(units(80_000)),
            commission: vec![
                CommissionBand {
                    from: 1.25,
                    rate: 0.10,
                },
                CommissionBand {
                    from: 0.0,
                    rate: 0.05,
                },
                CommissionBand {
                    from: 1.0,
                    rate: 0.08,
                },
            ],
            bonuses: vec![Bonus {
                attainment: 1.0,
                amount: units(10_000),
            }],
            ..Quota::default()
        })
    }

    #[test]
    fn accelerators_pay_each_band_its_own_rate() {
        let plan = plan();
        assert_eq!(plan.commission(units(800_000)), units(40_000));
        assert_eq!(plan.commission(units(1_000_000)), units(50_000));
        // 50k + 250k × 8 % + 50k × 10 %
        assert_eq!(plan.commission(units(1_300_000)), units(75_000));
        assert!((plan.marginal_rate(units(1_100_000)) - 0.08).abs() < 1e-12);
        assert!((plan.marginal_rate(units(0)) - 0.05).abs() < 1e-12);
    }

    #[test]
    fn the_cap_limits_commission_not_bonuses() {
        let mut plan = plan();
        plan.cap = Some(units(60_000));
        assert_eq!(plan.commission(units(1_300_000)), units(60_000));
        assert_eq!(plan.variable(units(1_300_000)), units(70_000));
    }

    #[test]
    fn a_deal_that_crosses_a_bonus_cliff_is_worth_the_bonus_too() {
        let plan = plan();
        // 950k won: 50k more is 2.5k commission and the 10k bonus.
        assert_eq!(plan.worth(units(950_000), units(50_000)), units(12_500));
        // Half below 100 % at 5 %, half above at 8 %.
        assert_eq!(plan.worth(units(1_000_000), units(20_000)), units(1_600));
        assert_eq!(
            plan.worth(units(990_000), units(20_000)),
            units(500 + 800 + 10_000)
        );
    }

    #[test]
    fn without_bands_the_flat_rate_and_without_a_target_the_first_band() {
        let flat = PayPlan::of(&Quota {
            target: Some(units(100)),
            commission_rate: Some(0.05),
            ..Quota::default()
        });
        assert_eq!(flat.commission(units(300)), units(15));
        let mut untargeted = plan();
        untargeted.target = Money::ZERO;
        assert_eq!(untargeted.commission(units(100_000)), units(5_000));
        assert_eq!(untargeted.attainment(units(100_000)), 0.0);
    }
}
