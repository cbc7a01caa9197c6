//! First run: nothing is written until the user chooses how to start.

use ratatui_textarea::TextArea;

use crate::model::{Book, Money, Quota};

/// The fields of the "start empty" form, in order.
pub const FIELDS: [&str; 3] = ["Your name", "Currency", "Annual quota target"];

#[derive(Debug)]
pub enum Welcome {
    Choose,
    EmptyForm(Box<EmptyForm>),
}

#[derive(Debug)]
pub struct EmptyForm {
    pub inputs: [TextArea<'static>; 3],
    pub focus: usize,
    pub error: Option<String>,
}

impl Default for EmptyForm {
    fn default() -> Self {
        let mut currency = TextArea::new(vec!["USD".to_string()]);
        currency.move_cursor(ratatui_textarea::CursorMove::End);
        EmptyForm {
            inputs: [TextArea::default(), currency, TextArea::default()],
            focus: 0,
            error: None,
        }
    }
}

impl EmptyForm {
    pub fn value(&self, field: usize) -> String {
        self.inputs[field].lines().join(" ").trim().to_string()
    }

    /// The book the form describes, or what is wrong with it.
    pub fn book(&self, year: i32) -> Result<Book, String> {
        let owner = self.value(0);
        if owner.is_empty() {
            return Err("Your name: please enter it (it heads the dashboard)".to_string());
        }
        let currency = self.value(1).to_uppercase();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(format!(
                "Currency: \"{currency}\" is not a three-letter code such as USD, EUR or DKK"
            ));
        }
        let target_text = self.value(2);
        let target = if target_text.is_empty() {
            None
        } else {
            Some(Money::parse(&target_text).map_err(|e| format!("Annual quota target: {e}"))?)
        };
        Ok(Book {
            owner: Some(owner),
            currency: Some(currency),
            quota: target.map(|target| Quota {
                year: Some(year),
                target: Some(target),
                ..Quota::default()
            }),
            ..Book::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(values: [&str; 3]) -> EmptyForm {
        let mut form = EmptyForm::default();
        for (input, value) in form.inputs.iter_mut().zip(values) {
            *input = TextArea::new(vec![value.to_string()]);
        }
        form
    }

    #[test]
    fn builds_an_empty_book_from_valid_fields() {
        let book = form(["Mette Hansen", "dkk", "1,200,000"])
            .book(2026)
            .unwrap();
        assert_eq!(book.owner(), "Mette Hansen");
        assert_eq!(book.currency(), "DKK");
        assert_eq!(
            book.quota.unwrap().target,
            Some(Money::from_units(1_200_000))
        );
        assert!(book.clients.is_empty());
    }

    #[test]
    fn refuses_bad_fields_naming_them() {
        assert!(
            form(["", "USD", ""])
                .book(2026)
                .unwrap_err()
                .starts_with("Your name")
        );
        assert!(
            form(["A", "US", ""])
                .book(2026)
                .unwrap_err()
                .starts_with("Currency")
        );
        let err = form(["A", "USD", "12,5k"]).book(2026).unwrap_err();
        assert!(err.starts_with("Annual quota target"), "{err}");
    }
}
