//! The first-run form: starting an empty book with the owner's name, currency, quota and
//! pay plan (so a new book's quota pane shows real pay, not "Commission 0 at 0.0 %").

use super::{Checked, Facts, Field, FormKind, Submitted, fields_in_order};
use crate::model::{Bonus, Book, Money, Quota};

#[derive(Debug)]
pub struct NewBookForm {
    owner: Field,
    currency: Field,
    target: Field,
    base_salary: Field,
    commission: Field,
    bonus: Field,
}

impl Default for NewBookForm {
    fn default() -> Self {
        NewBookForm {
            owner: Field::text("Your name", "", "it heads the dashboard"),
            currency: Field::text("Currency", "USD", "a three-letter code: USD, EUR, DKK"),
            target: Field::text(
                "Annual quota target",
                "",
                "e.g. 1,200,000 or 1.2m; empty: set it later",
            ),
            base_salary: Field::text("Base salary", "", "a year, e.g. 60k; optional"),
            commission: Field::text(
                "Commission rate",
                "5 %",
                "on what you win: 5 % (or 0.05); 0 for none",
            ),
            bonus: Field::text(
                "Bonus at 100 % of target",
                "",
                "e.g. 10k; optional (more tiers: edit the book)",
            ),
        }
    }
}

/// `5 %`, `5%`, `5` or `0.05`: a rate between 0 and 1.
fn rate(value: &str) -> Result<f64, String> {
    let number = value.trim().trim_end_matches('%').trim().replace(',', ".");
    let parsed: f64 = number
        .parse()
        .map_err(|_| format!("\"{value}\" is not a rate: write 5 % or 0.05"))?;
    let share = if parsed > 1.0 { parsed / 100.0 } else { parsed };
    if (0.0..=1.0).contains(&share) {
        Ok(share)
    } else {
        Err(format!("\"{value}\" is not between 0 and 100 %"))
    }
}

fn currency(value: &str) -> Result<String, String> {
    let code = value.to_uppercase();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(code)
    } else {
        Err(format!(
            "\"{value}\" is not a three-letter code such as USD, EUR or DKK"
        ))
    }
}

impl FormKind for NewBookForm {
    fn title(&self) -> String {
        "Start an empty book".to_string()
    }

    fields_in_order!(owner, currency, target, base_salary, commission, bonus);

    fn check(&mut self, facts: Facts) -> Checked {
        let owner = self.owner.required("your name");
        let currency = self.currency.checked(currency(&self.currency.value()));
        let target = self.target.optional_amount();
        let base_salary = self.base_salary.optional_amount();
        let commission = self.commission.checked(rate(&self.commission.value()));
        let bonus = self.bonus.optional_amount();
        let (Some(owner), Some(currency), Some(target), Some(base), Some(rate), Some(bonus)) =
            (owner, currency, target, base_salary, commission, bonus)
        else {
            return Checked::default();
        };
        let book = Book {
            owner: Some(owner),
            currency: Some(currency),
            quota: target.map(|target| Quota {
                year: Some(chrono::Datelike::year(&facts.today)),
                target: Some(target),
                base_salary: base,
                commission_rate: Some(rate),
                bonuses: bonus
                    .filter(|b| *b > Money::ZERO)
                    .map(|amount| Bonus {
                        attainment: 1.0,
                        amount,
                    })
                    .into_iter()
                    .collect(),
                ..Quota::default()
            }),
            ..Book::default()
        };
        Checked {
            result: Some(Submitted::NewBook(Box::new(book))),
            warning: None,
        }
    }
}
