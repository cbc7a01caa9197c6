//! Logging a gift (or correcting one), with the yearly limit checked before it is saved.
//! The recipient is picked from the client's contacts, so the limit counts the right
//! person; someone else can be typed, with a warning when the name matches no contact.

use chrono::NaiveDate;

use super::{Checked, Facts, Field, FormKind, Submitted, Warning, change_of, fields_in_order};
use crate::model::serde_format::format_date;
use crate::model::{Client, Gift};
use crate::rules::compliance::{self, Standing};

const YES_NO: [&str; 2] = ["No", "Yes"];

/// The last option of the recipient choice.
const SOMEONE_ELSE: &str = "Someone else";

#[derive(Debug)]
pub struct GiftForm {
    base: Client,
    /// The gift being corrected (its place); `None` when logging a new one.
    editing: Option<usize>,
    recipient: Field,
    other: Field,
    description: Field,
    value: Field,
    exempt: Field,
    date: Field,
}

impl GiftForm {
    pub fn new(client: &Client, today: NaiveDate) -> GiftForm {
        GiftForm::with(client, None, today)
    }

    /// `None` if the client has no gift at `index`.
    pub fn edit(client: &Client, index: usize, today: NaiveDate) -> Option<GiftForm> {
        client.gifts.get(index)?;
        Some(GiftForm::with(client, Some(index), today))
    }

    fn with(client: &Client, editing: Option<usize>, today: NaiveDate) -> GiftForm {
        let gift = editing.and_then(|i| client.gifts.get(i));
        let names: Vec<&str> = client
            .contacts
            .iter()
            .map(|p| p.name.as_str())
            .chain(std::iter::once(SOMEONE_ELSE))
            .collect();
        let (picked, other) = match gift {
            Some(g) => match client.contacts.iter().position(|p| p.name == g.recipient) {
                Some(at) => (at, String::new()),
                None => (client.contacts.len(), g.recipient.clone()),
            },
            None => (0, String::new()),
        };
        let mut recipient = Field::choice("Recipient", &names, picked);
        recipient.hint = "←/→ to pick the person; Someone else to type a name".to_string();
        GiftForm {
            recipient,
            other: Field::text("Someone else", &other, "only with Someone else picked"),
            description: Field::text(
                "Description",
                gift.map_or("", |g| g.description.as_str()),
                "e.g. Concert tickets",
            ),
            value: Field::text(
                "Value",
                &gift
                    .and_then(|g| g.value)
                    .map(crate::model::Money::grouped)
                    .unwrap_or_default(),
                "what it cost, e.g. 90",
            ),
            exempt: Field::choice(
                "Exempt",
                &YES_NO,
                usize::from(gift.is_some_and(|g| g.exempt)),
            ),
            date: Field::text(
                "Date",
                &format_date(gift.and_then(|g| g.date).unwrap_or(today)),
                "2026-12-01, today, yesterday",
            ),
            base: client.clone(),
            editing,
        }
    }

    /// The person picked, or the name typed for someone else.
    fn recipient(&mut self) -> Option<String> {
        match self.base.contacts.get(self.recipient.choice) {
            Some(person) => Some(person.name.clone()),
            None => self.other.required("the name (Someone else is picked)"),
        }
    }
}

/// What logging `gift` does to its recipient's standing against the yearly limit.
fn limit_warning(facts: Facts, client: &Client, gift: &Gift) -> Option<Warning> {
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
        match self.editing {
            Some(_) => format!("Correct a gift to someone at {}", self.base.name),
            None => format!("Log a gift to someone at {}", self.base.name),
        }
    }

    fields_in_order!(recipient, other, description, value, exempt, date);

    /// On the description when a contact is picked (the usual case), else on the name.
    fn starts_at(&self) -> Option<usize> {
        Some(if self.recipient.choice < self.base.contacts.len() {
            2
        } else {
            1
        })
    }

    fn check(&mut self, facts: Facts) -> Checked {
        let recipient = self.recipient();
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
        // Counted against the client as the book has it now, without the gift corrected.
        let mut current = facts
            .book
            .client(&self.base.id)
            .unwrap_or(&self.base)
            .clone();
        if let Some(index) = self.editing.filter(|i| *i < current.gifts.len()) {
            current.gifts.remove(index);
        }
        let unknown = !self.base.contacts.iter().any(|p| p.name == gift.recipient);
        let warning = limit_warning(facts, &current, &gift).or_else(|| {
            unknown.then(|| Warning::UnknownRecipient {
                name: gift.recipient.clone(),
            })
        });
        let editing = self.editing;
        let label = format!("logged a gift to {}", gift.recipient);
        Checked {
            result: Some(Submitted::Edit(change_of(
                &self.base,
                label,
                |c| match editing.filter(|i| *i < c.gifts.len()) {
                    Some(i) => c.gifts[i] = gift,
                    None => c.gifts.push(gift),
                },
            ))),
            warning,
        }
    }
}
