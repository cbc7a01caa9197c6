//! The first-run form: starting an empty book with the owner's name, currency and quota.

use super::{Checked, Facts, Field, FormKind, Submitted, fields_in_order};
use crate::model::{Book, Quota};

#[derive(Debug)]
pub struct NewBookForm {
    owner: Field,
    currency: Field,
    target: Field,
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
        }
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

    fields_in_order!(owner, currency, target);

    fn check(&mut self, facts: Facts) -> Checked {
        let owner = self.owner.required("your name");
        let currency = self.currency.checked(currency(&self.currency.value()));
        let target = self.target.optional_amount();
        let (Some(owner), Some(currency), Some(target)) = (owner, currency, target) else {
            return Checked::default();
        };
        let book = Book {
            owner: Some(owner),
            currency: Some(currency),
            quota: target.map(|target| Quota {
                year: Some(chrono::Datelike::year(&facts.today)),
                target: Some(target),
                ..Quota::default()
            }),
            ..Book::default()
        };
        Checked {
            result: Some(Submitted::NewBook(book)),
            warning: None,
        }
    }
}
