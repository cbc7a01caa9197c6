//! Logging a gift, with the yearly limit checked before it is saved.

use chrono::NaiveDate;

use super::{Checked, Facts, Field, FormKind, Submitted, Warning, change_of, fields_in_order};
use crate::model::serde_format::format_date;
use crate::model::{Client, Gift};
use crate::rules::compliance::{self, Standing};

const YES_NO: [&str; 2] = ["No", "Yes"];

#[derive(Debug)]
pub struct GiftForm {
    base: Client,
    recipient: Field,
    description: Field,
    value: Field,
    exempt: Field,
    date: Field,
}

impl GiftForm {
    pub fn new(client: &Client, today: NaiveDate) -> GiftForm {
        let contacts: Vec<&str> = client.contacts.iter().map(|p| p.name.as_str()).collect();
        GiftForm {
            base: client.clone(),
            recipient: Field::text(
                "Recipient",
                contacts.first().copied().unwrap_or_default(),
                format!("contacts: {}", contacts.join(", ")),
            ),
            description: Field::text("Description", "", "e.g. Concert tickets"),
            value: Field::text("Value", "", "what it cost, e.g. 90"),
            exempt: Field::choice("Exempt", &YES_NO, 0),
            date: Field::text("Date", &format_date(today), "2026-12-01, today, tomorrow"),
        }
    }
}

/// What logging `gift` does to its recipient's standing against the yearly limit.
fn warning(facts: Facts, client: &Client, gift: &Gift) -> Option<Warning> {
    let check = compliance::check_new_gift(facts.book, client, gift, facts.today);
    let over = match check.standing_after {
        Standing::Over => true,
        Standing::Near => false,
        Standing::Ok => return None,
    };
    Some(Warning::GiftLimit {
        over,
        recipient: gift.recipient.clone(),
        total: check.counted_after,
        limit: check.limit,
    })
}

impl FormKind for GiftForm {
    fn title(&self) -> String {
        format!("Log a gift to someone at {}", self.base.name)
    }

    fields_in_order!(recipient, description, value, exempt, date);

    fn check(&mut self, facts: Facts) -> Checked {
        let recipient = self.recipient.required("the recipient");
        let description = self.description.required("the description");
        let value = self.value.required_amount("the value");
        let date = self.date.required_date("the date", facts.today);
        let (Some(recipient), Some(description), Some(value), Some(date)) =
            (recipient, description, value, date)
        else {
            return Checked::default();
        };
        let gift = Gift {
            date: Some(date),
            recipient,
            description,
            value: Some(value),
            exempt: self.exempt.value() == "Yes",
        };
        // Counted against the client as the book has it now, not as the form found it.
        let current = facts.book.client(&self.base.id).unwrap_or(&self.base);
        let warning = warning(facts, current, &gift);
        let label = format!("logged a gift to {}", gift.recipient);
        Checked {
            result: Some(Submitted::Edit(change_of(&self.base, label, |c| {
                c.gifts.push(gift);
            }))),
            warning,
        }
    }
}
